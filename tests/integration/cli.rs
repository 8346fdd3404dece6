use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::corpus_files;
use crate::reports::{unbalanced, SEED};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).current_dir(root()).args(args).output().expect("nianbao runs")
}

fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nianbao runs");
    child.stdin.take().expect("stdin").write_all(input).expect("input written");
    child.wait_with_output().expect("nianbao finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// A folder holding a good report, an empty file, a PNG, a truncated report and an
/// unreadable entry (a dangling link).
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write =
        |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).expect("file written");
    write("a-good.txt", SEED.as_bytes());
    write("b-empty.txt", b"");
    write("c-image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    let cut = SEED.find("(五) 不予处理").expect("seed row");
    write("d-truncated.txt", &SEED.as_bytes()[..cut]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("missing"), dir.path().join("e-dangling.txt"))
        .expect("link made");
    dir
}

#[test]
fn extract_one_file_prints_pretty_json() {
    let output = nianbao(&["extract", "corpus/2023-pingtan.md.txt"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with(&format!("{{\n  \"schema_version\": {},", nianbao::SCHEMA_VERSION)));
    let report: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(report["applications"]["received"]["total"], 81);
    assert_eq!(report["source"]["path"], "corpus/2023-pingtan.md.txt");
    assert!(report.get("provenance").is_none(), "provenance only when asked for");
}

#[test]
fn extract_a_folder_prints_one_json_line_per_report_in_order() {
    let output = nianbao(&["extract", "corpus"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let paths: Vec<String> = stdout(&output)
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).expect("one JSON record per line")["source"]["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(paths.len(), corpus_files().len());
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    let inputs = [".txt", ".html", ".docx"];
    assert!(
        paths.iter().all(|p| inputs.iter().any(|e| p.ends_with(e))),
        "README.md and expected/ are not inputs"
    );
}

#[test]
fn json_lines_are_the_compact_json_of_each_report_byte_for_byte() {
    // The batch writer is not serde_json; each line must still be exactly what serde_json
    // writes for the same report (key order, escapes, number forms).
    let output = nianbao(&["extract", "corpus", "--provenance"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), corpus_files().len());
    for line in text.lines() {
        let value: Value = serde_json::from_str(line).expect("JSON");
        assert_eq!(serde_json::to_string(&value).unwrap(), line);
    }
}

#[test]
fn csv_is_tidy_with_raw_text_and_line() {
    let output = nianbao(&["extract", "--format", "csv", "corpus/2021-pingtan.tsv-gbk-crlf.txt"]);
    assert!(output.status.success());
    let text = stdout(&output);
    let mut lines = text.lines();
    // Standard output gets no byte-order mark; the columns are the database's names.
    assert_eq!(
        lines.next(),
        Some("file,sha256,agency,year,template,table_name,row_key,column_key,value,status,raw,line")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 10 + 175 + 15);
    let received = rows.iter().find(|r| r.contains(",applications,received,total,")).expect("received total");
    assert!(received.starts_with("corpus/2021-pingtan.tsv-gbk-crlf.txt,"), "{received}");
    assert!(
        received.ends_with(",平潭综合实验区,2021,2021,applications,received,total,70,value,70,30"),
        "{received}"
    );
    assert_eq!(received.split(',').nth(1).map(str::len), Some(64), "the report's SHA-256 on every row");
    assert!(rows
        .iter()
        .any(|r| r.contains(",active_disclosure,fees,amount_wan_yuan,24252.311082,value,24252.311082,")));
}

/// A blank cell is `blank`, a value nianbao could not read is `unread`: both have an empty
/// `value`, and only `status` tells them apart. A CSV file starts with the byte-order mark Excel
/// needs (`--no-bom` leaves it out).
#[test]
fn csv_tells_blank_cells_from_unread_ones_and_marks_files_for_excel() {
    let output = nianbao(&["extract", "--format", "csv", "corpus/2019-shanghai-szfbgt.tsv.txt"]);
    let text = stdout(&output);
    assert!(
        text.lines().any(|r| r.contains(",applications,received,research_institution,,blank,,")),
        "{text}"
    );
    let cut = nianbao(&["extract", "--format", "csv", "corpus/2023-hongze.pdf-default.txt"]);
    assert!(stdout(&cut).lines().any(|r| r.contains(",unread,,")), "null values without a printed cell");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.csv");
    nianbao(&["extract", "corpus/2023-pingtan.md.txt", "-o", file.to_str().unwrap()]);
    assert!(std::fs::read(&file).unwrap().starts_with("\u{feff}file,".as_bytes()));
    nianbao(&["extract", "--no-bom", "corpus/2023-pingtan.md.txt", "-o", file.to_str().unwrap()]);
    assert!(std::fs::read(&file).unwrap().starts_with(b"file,"));
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("out.jsonl");
    let output = nianbao(&["extract", "corpus", "-o", target.to_str().unwrap()]);
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&target).unwrap().lines().count(), corpus_files().len());
    let leftovers: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(leftovers, [target]);
}

#[test]
fn check_reports_a_wrong_sum_with_rule_column_and_numbers() {
    let output = with_stdin(&["check", "-"], unbalanced().as_bytes());
    assert_eq!(output.status.code(), Some(1), "exit 1 when a check fails");
    let text = stdout(&output);
    let line = SEED.lines().position(|l| l.starts_with("一、本年新收")).unwrap() + 1;
    let expected = format!(
        "-:{line}: error[applications.balance]: 自然人 (natural_person): received + carried_over (一+二) = 12, but total_processed + carried_forward (三(七)+四) = 11"
    );
    assert!(text.lines().any(|l| l == expected), "{text}");
    assert_eq!(
        text.lines().last(),
        Some("checked 1 report: 2 failed checks in 1 report; 0/42 identities not assessable; 0 errors and 0 warnings in reading; 0 unreadable inputs")
    );
}

#[test]
fn check_passes_a_clean_report() {
    let output = nianbao(&["check", "corpus/2023-xigong-minzhengju.tsv.txt"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "checked 1 report: 0 failed checks in 0 reports; 0/42 identities not assessable; 0 errors and 0 warnings in reading; 0 unreadable inputs\n"
    );
}

#[test]
fn a_batch_goes_on_past_bad_files_and_names_them() {
    let dir = mixed_folder();
    let output = nianbao(&["extract", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "exit 3 when an input failed");
    let records: Vec<Value> =
        stdout(&output).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    let names: Vec<String> = records
        .iter()
        .map(|r| {
            Path::new(r["source"]["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut expected = vec!["a-good.txt", "b-empty.txt", "c-image.txt", "d-truncated.txt"];
    if cfg!(unix) {
        expected.push("e-dangling.txt");
    }
    assert_eq!(names, expected, "one record per file");
    assert_eq!(records[0]["agency"], "西工区民政局");
    assert!(records[1]["error"].as_str().unwrap().contains("empty input"));
    assert!(records[2]["error"].as_str().unwrap().contains("PNG image"));
    assert_eq!(records[3]["template"], "2021", "a truncated report is still a report");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("b-empty.txt: error[empty_input]"), "{stderr}");
    assert!(stderr.contains("c-image.txt:"), "{stderr}");
}

#[test]
fn check_counts_unreadable_inputs() {
    let dir = mixed_folder();
    let output = nianbao(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    let text = stdout(&output);
    assert!(text.contains("d-truncated.txt: warning[missing_row]"), "{text}");
    let unreadable = if cfg!(unix) { 3 } else { 2 };
    assert!(text.trim_end().ends_with(&format!("{unreadable} unreadable inputs")), "{text}");
}

#[test]
fn encodings_can_be_forced_and_unknown_ones_are_refused() {
    let output = nianbao(&["extract", "--encoding", "gbk", "corpus/2021-pingtan.tsv-gbk-crlf.txt"]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        (report["encoding"].as_str(), report["agency"].as_str()),
        (Some("GB18030"), Some("平潭综合实验区"))
    );
    // An unknown name is a usage error that lists the names taken; Windows' cp936 is GBK.
    let output = nianbao(&["extract", "--encoding", "klingon", "corpus/2021-pingtan.tsv-gbk-crlf.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("klingon") && said.contains("unknown encoding; accepted: utf-8, gb18030, gbk (cp936)"),
        "{said}"
    );
    let output = nianbao(&["extract", "--encoding", "cp936", "corpus/2021-pingtan.tsv-gbk-crlf.txt"]);
    assert_eq!(serde_json::from_slice::<Value>(&output.stdout).expect("JSON")["agency"], "平潭综合实验区");
}

#[test]
fn schema_describes_the_report() {
    let output = nianbao(&["schema"]);
    assert!(output.status.success());
    let schema: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    // A record is a report or, in a batch, an error record in its place.
    assert_eq!(schema["title"], "Record");
    let properties = schema["$defs"]["Report"]["properties"].as_object().expect("report properties");
    for key in ["schema_version", "agency", "applications", "checks", "diagnostics"] {
        assert!(properties.contains_key(key), "{key}");
    }
    let error = schema["$defs"]["ErrorRecord"]["required"].as_array().expect("error record");
    assert_eq!(error.len(), 3, "source, error and code");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(nianbao(&["extract", "--format", "xml"]).status.code(), Some(2));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(root())
        .args(["extract", "--provenance", "--format", "json", "corpus", "corpus", "corpus"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nianbao runs");
    let mut first = [0u8; 16];
    child.stdout.take().expect("stdout").read_exact(&mut first).expect("some output");
    let output = child.wait_with_output().expect("nianbao finishes");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // Only the walk's note of the files it left out (README.md, expected/): no error.
    assert!(stderr.lines().all(|l| l.contains("left out: not .txt")), "{stderr}");
}

/// The README's example queries, as written there.
const QUERY_RECEIVED_BY_YEAR: &str = "SELECT r.year, SUM(c.value) AS received FROM cells c JOIN reports r ON r.id = c.report_id WHERE c.table_name = 'applications' AND c.row_key = 'received' AND c.column_key = 'total' GROUP BY r.year ORDER BY r.year";
const QUERY_FAILED_BALANCE: &str = "SELECT r.agency, r.year, k.scope, k.expected, k.actual FROM checks k JOIN reports r ON r.id = k.report_id WHERE k.rule = 'applications.balance' AND k.status = 'fail' ORDER BY r.agency, r.year, k.scope";
const QUERY_MOST_DENIED: &str = "SELECT r.agency, SUM(c.value) AS denied FROM cells c JOIN reports r ON r.id = c.report_id WHERE c.table_name = 'applications' AND c.row_key LIKE 'denied.%' AND c.column_key = 'total' GROUP BY r.agency ORDER BY denied DESC";

/// The first two columns of every row a query returns.
fn pairs<A: rusqlite::types::FromSql, B: rusqlite::types::FromSql>(
    db: &rusqlite::Connection,
    sql: &str,
) -> Vec<(A, B)> {
    let mut statement = db.prepare(sql).unwrap();
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

fn count(db: &rusqlite::Connection, table: &str) -> i64 {
    db.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| row.get(0)).unwrap()
}

#[test]
fn the_database_loads_once_and_answers_the_readme_queries() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("reports.sqlite");
    let db_arg = db_path.to_str().unwrap();
    let first = nianbao(&["extract", "corpus", "--db", db_arg]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(first.stdout.is_empty(), "with --db alone the database is the output");
    let reports = corpus_files().len();
    let first_summary = String::from_utf8_lossy(&first.stderr);
    assert!(
        first_summary.contains(&format!("{reports} reports inserted, 0 replaced, 0 unchanged")),
        "{first_summary}"
    );
    let db = rusqlite::Connection::open(&db_path).unwrap();
    let counts = || ["reports", "cells", "checks", "diagnostics"].map(|t| count(&db, t));
    let before = counts();
    assert_eq!(before[0], reports as i64);

    let second = nianbao(&["extract", "corpus", "--db", db_arg]);
    let unchanged = format!("0 reports inserted, 0 replaced, {reports} unchanged");
    assert!(String::from_utf8_lossy(&second.stderr).contains(&unchanged));
    assert_eq!(counts(), before, "loading twice changes nothing");

    let received: Vec<(i64, f64)> = pairs(&db, QUERY_RECEIVED_BY_YEAR);
    // Some reports are in the corpus in several dump forms with their numbers read: 2019 is 859
    // twice (Shanghai, tab and layout) + 23 (平潭, flattened), 2021 is 70 twice, 2023 is 81 four
    // times (平潭: markdown, layout, and the Word-made layout and markdown) + 0 (西工区) + 21
    // three times (洪泽: layout, pymupdf4llm and markitdown; its pdftotext default-mode dump
    // leaves it null), 2025 is 154 (平潭) + 1295 (上海, converter markdown). The published
    // documents add each report once more: 2019 上海 859 and 平潭 23 (pages), 2021 平潭 70
    // (page), 2023 平潭 81 twice (page, Word file), 2025 平潭 154 (page).
    assert_eq!(received, [(2019, 2623.0), (2021, 210.0), (2023, 549.0), (2025, 1603.0)]);
    let denied: Vec<(String, Option<f64>)> = pairs(&db, QUERY_MOST_DENIED);
    // 47 from the dumps, 29 more from the published pages and the Word file (0 + 8 + 5 + 11 + 5).
    assert_eq!(denied[0], ("平潭综合实验区".to_string(), Some(76.0)));
    let failed: i64 =
        db.query_row(&format!("SELECT COUNT(*) FROM ({QUERY_FAILED_BALANCE})"), [], |r| r.get(0)).unwrap();
    assert_eq!(failed, 0, "no corpus report breaks its balance");

    // A newer nianbao replaces what an older one loaded.
    db.execute("UPDATE reports SET nianbao_version = '0.0.1'", []).unwrap();
    let third = nianbao(&["extract", "corpus", "--db", db_arg]);
    let replaced = format!("0 reports inserted, {reports} replaced, 0 unchanged");
    assert!(String::from_utf8_lossy(&third.stderr).contains(&replaced));
    assert_eq!(counts(), before);
}

#[test]
fn a_failed_balance_is_found_by_the_readme_query() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("unbalanced.txt"), unbalanced()).unwrap();
    let db_path = dir.path().join("reports.sqlite");
    nianbao(&["extract", dir.path().to_str().unwrap(), "--db", db_path.to_str().unwrap()]);
    let db = rusqlite::Connection::open(&db_path).unwrap();
    let rows: Vec<(String, i64, String, i64, i64)> = db
        .prepare(QUERY_FAILED_BALANCE)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let agency = "西工区民政局".to_string();
    assert_eq!(
        rows,
        [(agency.clone(), 2023, "natural_person".into(), 12, 11), (agency, 2023, "total".into(), 12, 11)]
    );
}

#[test]
fn check_with_the_database_compares_carried_over_with_last_year() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2023.txt"), SEED).unwrap();
    let next_year = crate::reports::with_row("二、上年结转政府信息公开申请数量", "\t\t5\t0\t0\t0\t0\t0\t5\t")
        .replace("2023 年政府信息公开工作年度报告", "2024 年政府信息公开工作年度报告");
    let next_path = dir.path().join("2024.txt");
    std::fs::write(&next_path, &next_year).unwrap();
    let db_path = dir.path().join("reports.sqlite");
    nianbao(&["extract", dir.path().join("2023.txt").to_str().unwrap(), "--db", db_path.to_str().unwrap()]);
    let output = nianbao(&["check", "--db", db_path.to_str().unwrap(), next_path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let cross: Vec<&str> = text.lines().filter(|l| l.contains("error[cross_year.carried_over]")).collect();
    assert_eq!(cross.len(), 2, "{text}");
    assert!(cross[0].contains("natural_person: carried_over (二、上年结转) = 5, but 2023's carried_forward (四、结转下年度继续办理) = 0"), "{text}");
    // Without the database, the 2024 report is consistent in itself... except its balance.
    let alone = nianbao(&["check", next_path.to_str().unwrap()]);
    assert!(!stdout(&alone).contains("cross_year"));
}

/// Last year's two carry rows differ (上年结转 3, 结转下年度 5): this year's 上年结转 is held to
/// last year's 结转下年度 — 5 passes, 3 fails naming 5.
#[test]
fn check_with_the_database_uses_last_year_s_carried_forward_not_its_carried_over() {
    use crate::reports::with_row;
    let dir = tempfile::tempdir().unwrap();
    let last = with_row("二、上年结转政府信息公开申请数量", "\t\t3\t0\t0\t0\t0\t0\t3\t");
    let last = last.replacen(
        "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t",
        "四、结转下年度继续办理\t\t5\t0\t0\t0\t0\t0\t5\t",
        1,
    );
    assert!(last.contains("结转下年度继续办理\t\t5"), "the seed's carried_forward row");
    std::fs::write(dir.path().join("2023.txt"), &last).unwrap();
    let db_path = dir.path().join("reports.sqlite");
    nianbao(&["extract", dir.path().join("2023.txt").to_str().unwrap(), "--db", db_path.to_str().unwrap()]);
    let this_year = |carried: i64| {
        with_row("二、上年结转政府信息公开申请数量", &format!("\t\t{carried}\t0\t0\t0\t0\t0\t{carried}\t"))
            .replace("2023 年政府信息公开工作年度报告", "2024 年政府信息公开工作年度报告")
    };
    for (carried, fails) in [(5, false), (3, true)] {
        let path = dir.path().join(format!("2024-{carried}.txt"));
        std::fs::write(&path, this_year(carried)).unwrap();
        let text = stdout(&nianbao(&["check", "--db", db_path.to_str().unwrap(), path.to_str().unwrap()]));
        let cross: Vec<&str> = text.lines().filter(|l| l.contains("cross_year.carried_over")).collect();
        assert_eq!(!cross.is_empty(), fails, "{text}");
        if fails {
            assert!(
                cross[0].contains("= 3, but 2023's carried_forward (四、结转下年度继续办理) = 5"),
                "{text}"
            );
        }
    }
}

#[test]
fn any_number_of_jobs_gives_the_same_output_in_the_same_order() {
    let one = nianbao(&["extract", "--jobs", "1", "--provenance", "corpus"]);
    let two = nianbao(&["extract", "--jobs", "2", "--provenance", "corpus"]);
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
    let summary = String::from_utf8_lossy(&two.stderr);
    // 洪泽 2023 prints wrong section 四 totals (two checks), and its layout, pymupdf4llm and
    // markitdown dumps carry them.
    let reports = corpus_files().len();
    let line = format!("nianbao: {reports} files, {reports} reports, 0 errors, 6 failed checks;");
    assert!(summary.contains(&line), "{summary}");
    assert!(summary.contains("MB/s"), "{summary}");
}

/// `-o` renames a finished temporary file over a regular file only: a symbolic link, a device
/// (`/dev/null`) or a pipe is written through, never replaced. (Tested with a link and a named
/// pipe, which take the same path, so that a regression cannot replace this machine's
/// `/dev/null`.)
#[cfg(unix)]
#[test]
fn output_through_a_link_or_device_is_not_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real = dir.path().join("real.jsonl");
    std::fs::write(&real, "").unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let output = nianbao(&["extract", "corpus", "-o", link.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    assert_eq!(std::fs::read_to_string(&real).unwrap().lines().count(), corpus_files().len());
    // A named pipe in the temporary folder stands for a device: written through, still a pipe.
    let fifo = dir.path().join("pipe.jsonl");
    if Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        let output = nianbao(&[
            "extract",
            "corpus/2023-pingtan.md.txt",
            "--format",
            "jsonl",
            "-o",
            fifo.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(reader.join().unwrap().lines().count(), 1);
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe is still a pipe");
    }
}

/// A blank cell is SQL `NULL` in the database, never 0, and the CSV leaves its value empty: the
/// Shanghai tab dump prints its zeros as blank cells.
#[test]
fn blank_cells_are_null_in_the_database_and_empty_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("reports.sqlite");
    nianbao(&["extract", "corpus/2019-shanghai-szfbgt.tsv.txt", "--db", db_path.to_str().unwrap()]);
    let db = rusqlite::Connection::open(&db_path).unwrap();
    let value: Option<f64> = db
        .query_row(
            "SELECT value FROM cells WHERE table_name = 'applications' AND row_key = 'received' AND column_key = 'research_institution'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(value, None, "a blank is NULL");
    let nulls: i64 =
        db.query_row("SELECT COUNT(*) FROM cells WHERE value IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(nulls, 126 + 9, "the blank cells of sections 三 and 四");
    // Each cell keeps its printed text and line; a blank printed as nothing keeps an empty raw.
    let (raw, line): (Option<String>, Option<i64>) = db
        .query_row(
            "SELECT raw, line FROM cells WHERE table_name = 'applications' AND row_key = 'received' AND column_key = 'natural_person'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let report =
        crate::reports::report(&std::fs::read_to_string("corpus/2019-shanghai-szfbgt.tsv.txt").unwrap());
    let origin = &report.provenance.as_ref().unwrap().applications["received"]["natural_person"];
    assert_eq!((raw.as_deref(), line), (Some(origin.raw.as_str()), Some(origin.line as i64)));
    assert!(!origin.raw.is_empty());
    let bare: i64 = db
        .query_row("SELECT COUNT(*) FROM cells WHERE value IS NOT NULL AND raw IS NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(bare, 0, "every value read keeps its printed text");
    let csv = stdout(&nianbao(&["extract", "--format", "csv", "corpus/2019-shanghai-szfbgt.tsv.txt"]));
    let row = csv.lines().find(|l| l.contains(",applications,received,research_institution,")).unwrap();
    assert!(row.contains(",research_institution,,blank,"), "{row}");
}
