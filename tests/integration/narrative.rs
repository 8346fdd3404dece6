//! The prose against the tables (`narrative.*` checks) and the statistics period's year: on the
//! real narratives of the corpus they pass, on hand-made variants of one real report they fail
//! exactly where the text contradicts the table.

use std::process::Command;

use nianbao::{Check, CheckStatus, Severity};

/// 平潭 2023 (markdown): its text states received, processed, reviews and lawsuits.
const PINGTAN: &str = include_str!("../../corpus/2023-pingtan.md.txt");

fn narrative(text: &str) -> Vec<Check> {
    let report = nianbao::extract(text.as_bytes(), &nianbao::Options::default()).expect("extracts");
    report.checks.into_iter().filter(|c| c.rule.starts_with("narrative.")).collect()
}

fn rule<'c>(checks: &'c [Check], name: &str) -> Option<&'c Check> {
    checks.iter().find(|c| c.rule == name)
}

#[test]
fn the_real_narratives_agree_with_their_tables() {
    let checks = narrative(PINGTAN);
    let passed: Vec<&str> =
        checks.iter().filter(|c| c.status == CheckStatus::Pass).map(|c| c.rule.as_ref()).collect();
    assert_eq!(
        passed,
        ["narrative.received", "narrative.total_processed", "narrative.review", "narrative.lawsuit"]
    );
    let received = rule(&checks, "narrative.received").unwrap();
    assert_eq!((received.expected, received.actual), (Some(81), Some(81)));
    assert!(received.text.as_deref().unwrap().contains("政府信息公开申请共计81件"));
    // No corpus report's text contradicts its tables.
    for path in crate::corpus_files() {
        let report = nianbao::extract(&std::fs::read(&path).unwrap(), &nianbao::Options::default()).unwrap();
        let failed: Vec<&Check> = report
            .checks
            .iter()
            .filter(|c| c.rule.starts_with("narrative.") && c.status == CheckStatus::Fail)
            .collect();
        assert!(failed.is_empty(), "{}: {failed:?}", path.display());
        assert!(!report.diagnostics.iter().any(|d| d.code == "statistics_period_year"), "{}", path.display());
    }
}

#[test]
fn a_text_that_contradicts_its_table_fails_with_both_numbers() {
    let wrong = PINGTAN.replacen("申请共计81件", "申请共计80件", 1);
    assert_ne!(wrong, PINGTAN);
    let checks = narrative(&wrong);
    let received = rule(&checks, "narrative.received").unwrap();
    assert_eq!(
        (received.status, received.expected, received.actual),
        (CheckStatus::Fail, Some(80), Some(81))
    );
    assert_eq!(received.cells.as_ref(), ["applications.received.total"]);
    // The others still pass: exactly the contradicted figure fails.
    assert_eq!(checks.iter().filter(|c| c.status == CheckStatus::Fail).count(), 1);
    // `check` says it in the report's terms.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wrong.md.txt");
    std::fs::write(&file, &wrong).unwrap();
    let output =
        Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["check", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("error[narrative.received]: the text says 80 (“2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计80件”), but the table has 81 (applications.received.total)"),
        "{stdout}"
    );
}

#[test]
fn last_years_figure_and_two_different_figures_are_not_read_as_this_years() {
    // A comparison with last year: its number is last year's, never this year's.
    let compared =
        PINGTAN.replacen("申请共计81件", "申请共计81件，较上年收到政府信息公开申请70件增加11件", 1);
    let received = narrative(&compared).into_iter().find(|c| c.rule == "narrative.received").unwrap();
    assert_eq!((received.status, received.expected), (CheckStatus::Pass, Some(81)));
    // Two figures for one rule: which one the table should hold is unknown.
    let twice = PINGTAN.replacen("申请共计81件", "申请共计81件，其中市本级收到政府信息公开申请30件", 1);
    let received = narrative(&twice).into_iter().find(|c| c.rule == "narrative.received").unwrap();
    assert_eq!(received.status, CheckStatus::NotAssessable);
    // Chinese numerals: 行政复议两件 is 2.
    let spelled = PINGTAN.replacen("行政复议案件2件", "行政复议案件两件", 1);
    assert_ne!(spelled, PINGTAN);
    let review = narrative(&spelled).into_iter().find(|c| c.rule == "narrative.review").unwrap();
    assert_eq!((review.status, review.expected), (CheckStatus::Pass, Some(2)));
}

#[test]
fn a_statistics_period_in_another_year_is_a_warning_with_its_line() {
    let dump = "某局2023年政府信息公开工作年度报告\n本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n一、总体情况\n正文\n";
    let report = nianbao::extract(dump.as_bytes(), &nianbao::Options::default()).unwrap();
    let warning =
        report.diagnostics.iter().find(|d| d.code == "statistics_period_year").expect("the warning");
    assert_eq!((warning.severity, warning.line), (Severity::Warning, Some(2)));
    assert!(warning.message.contains("2022") && warning.message.contains("2023"));
    let right = dump.replace("2022年", "2023年");
    let report = nianbao::extract(right.as_bytes(), &nianbao::Options::default()).unwrap();
    assert!(!report.diagnostics.iter().any(|d| d.code == "statistics_period_year"));
}

/// `check --db` against the same body's earlier reports: 平潭 2023 checked against a database
/// holding the same report relabelled 2022 (the corpus has no 2022): its tables are a copy, its
/// regulations in force do not follow, its carry-over does not match.
#[test]
fn check_db_finds_a_copied_report_and_what_does_not_follow_from_last_year() {
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("2022.md.txt");
    std::fs::write(&last, PINGTAN.replace("2023年", "2022年").replace("2023 年", "2022 年")).unwrap();
    let this = dir.path().join("2023.md.txt");
    std::fs::write(&this, PINGTAN).unwrap();
    let db = dir.path().join("reports.sqlite");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().unwrap();
    let loaded = run(&["extract", last.to_str().unwrap(), "--db", db.to_str().unwrap(), "-q"]);
    assert!(loaded.status.success(), "{loaded:?}");
    let checked = run(&["check", this.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&checked.stdout);
    let lines: Vec<&str> =
        stdout.lines().filter(|l| l.contains("cross_year") || l.contains("copied_report")).collect();
    // 2023's own 上年结转 is 0 where its 结转下年度 (standing for 2022's) is 0 too: no error; a copy.
    assert!(
        lines.iter().any(|l| l.contains("warning[copied_report]")
            && l.contains("the three tables are identical, cell for cell, and 100% of the prose's lines the same as in the 2022 report")),
        "{stdout}"
    );
    // 现行有效件数 470 ≠ 470 + 77 − 132 = 415: a warning, with its line.
    let in_force = lines.iter().find(|l| l.contains("warning[cross_year.in_force]")).expect("in force");
    assert!(in_force.contains("normative_documents: in_force (现行有效件数) = 470, but 2022's 470 + issued 77 - repealed 132 = 415"), "{in_force}");
    assert!(
        in_force.starts_with(&format!("{}:", this.display()))
            && in_force.split(':').nth(1).unwrap().parse::<usize>().is_ok()
    );
    // Warnings alone keep `check` passing; --strict fails on them.
    let errors = lines.iter().filter(|l| l.contains(": error[")).count();
    assert_eq!(checked.status.code(), Some(if errors > 0 { 1 } else { 0 }), "{stdout}");
    let strict = run(&["check", this.to_str().unwrap(), "--db", db.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    // The summary counts them apart from the warnings of reading; `-q` leaves the findings alone.
    let warnings = lines.iter().filter(|l| l.contains(": warning[")).count();
    let summary = stdout.lines().last().unwrap();
    assert!(summary.contains(&format!("; {warnings} warnings across years; ")), "{summary}");
    let reading = stdout.lines().filter(|l| l.contains(": warning[") && !lines.contains(l)).count();
    assert!(summary.contains(&format!(" and {reading} warning")), "{summary}");
    let quiet = run(&["check", this.to_str().unwrap(), "--db", db.to_str().unwrap(), "-q"]);
    let quiet = String::from_utf8_lossy(&quiet.stdout);
    assert_eq!(
        quiet.lines().collect::<Vec<_>>(),
        stdout.lines().rev().skip(1).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>()
    );
}

/// A copy whose tables were changed is still found by its prose; the same body's real reports of
/// other years are not copies.
#[test]
fn copied_prose_is_found_and_real_years_are_not_copies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reports.sqlite");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().unwrap();
    // 2022: the 2023 text with another figure in its table.
    let last = dir.path().join("2022.md.txt");
    let relabelled = PINGTAN.replace("2023年", "2022年").replace("2023 年", "2022 年");
    let altered = relabelled.replacen("| 80 |", "| 79 |", 1);
    assert_ne!(altered, relabelled, "a table figure changed");
    std::fs::write(&last, altered).unwrap();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for loaded in [last.clone(), corpus.join("2021-pingtan.tsv-gbk-crlf.txt")] {
        assert!(run(&["extract", loaded.to_str().unwrap(), "--db", db.to_str().unwrap(), "-q"])
            .status
            .success());
    }
    let this = dir.path().join("2023.md.txt");
    std::fs::write(&this, PINGTAN).unwrap();
    let checked = String::from_utf8_lossy(
        &run(&["check", this.to_str().unwrap(), "--db", db.to_str().unwrap()]).stdout,
    )
    .into_owned();
    let copied: Vec<&str> = checked.lines().filter(|l| l.contains("copied_report")).collect();
    assert_eq!(copied.len(), 1, "{checked}");
    assert!(
        copied[0].contains("100% of the prose's lines (digits aside) are the same as in the 2022 report"),
        "{}",
        copied[0]
    );
    // 平潭 2025 against the database holding 2021 and the 2022 copy of 2023: no copy.
    let real = corpus.join("2025-pingtan.tsv-utf16.txt");
    let checked = String::from_utf8_lossy(
        &run(&["check", real.to_str().unwrap(), "--db", db.to_str().unwrap()]).stdout,
    )
    .into_owned();
    assert!(!checked.contains("copied_report"), "{checked}");
}

/// A 2019-form 上一年项目数量 that does not follow from last year's: 上海 2019 checked against its
/// own report relabelled 2018 with 行政许可 3 items and a change of +2 (so 5 were due).
#[test]
fn previous_items_follow_from_last_year() {
    let shanghai = include_str!("../../corpus/2019-shanghai-szfbgt.tsv.txt");
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("2018.tsv.txt");
    let relabelled =
        shanghai.replace("2019年", "2018年").replacen("行政许可\t0\t0\t0", "行政许可\t3\t2\t0", 1);
    assert!(relabelled.contains("行政许可\t3\t2\t0"));
    std::fs::write(&last, relabelled).unwrap();
    let this = dir.path().join("2019.tsv.txt");
    std::fs::write(&this, shanghai).unwrap();
    let db = dir.path().join("reports.sqlite");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().unwrap();
    assert!(run(&["extract", last.to_str().unwrap(), "--db", db.to_str().unwrap(), "-q"]).status.success());
    let stdout = String::from_utf8_lossy(
        &run(&["check", this.to_str().unwrap(), "--db", db.to_str().unwrap()]).stdout,
    )
    .into_owned();
    let found: Vec<&str> = stdout.lines().filter(|l| l.contains("cross_year.previous_items")).collect();
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(found[0].contains("warning[cross_year.previous_items]: licensing: previous_items (上一年项目数量) = 0, but 2018's previous_items + change = 5"), "{}", found[0]);
}
