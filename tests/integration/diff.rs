//! `nianbao diff`: regression between two readings of an archive, and year on year.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("nianbao runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The corpus's reports (dumps, pages, the Word file): what a folder of it reads as.
fn corpus_reports() -> usize {
    std::fs::read_dir(corpus())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt" || x == "html" || x == "docx"))
        .count()
}

/// A copy of the corpus's reports in `dir/name`.
fn copy_corpus(dir: &Path, name: &str) -> PathBuf {
    let copy = dir.join(name);
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(corpus()).unwrap().filter_map(Result::ok) {
        if entry.file_type().unwrap().is_file() && entry.file_name() != "README.md" {
            std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    copy
}

#[test]
fn the_corpus_against_itself_has_no_change() {
    let corpus = corpus();
    let output = nianbao(&["diff", corpus.to_str().unwrap(), corpus.to_str().unwrap(), "-q"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let n = corpus_reports();
    assert_eq!(
        stdout(&output),
        format!("0 of {n} reports changed: 0 values, 0 checks, 0 diagnostics; 0 added, 0 removed\n")
    );
    // `-q` keeps standard error for errors; without it the walk says what it left out (README.md).
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let loud = nianbao(&["diff", corpus.to_str().unwrap(), corpus.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&loud.stderr).contains("left out"), "{loud:?}");
}

#[test]
fn one_edited_number_is_exactly_one_changed_cell_and_the_checks_it_flips() {
    let dir = tempfile::tempdir().unwrap();
    let copy = copy_corpus(dir.path(), "copy");
    // The seed's 一、本年新收 row: natural persons 0 → 5 (row total and balance then fail).
    let seed = copy.join("2023-xigong-minzhengju.tsv.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    let edited = text.replacen(
        "一、本年新收政府信息公开申请数量\t\t0\t",
        "一、本年新收政府信息公开申请数量\t\t5\t",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&seed, edited).unwrap();
    // One report removed, one added (bytes no report of the old reading has).
    std::fs::remove_file(copy.join("2019-pingtan.page.html")).unwrap();
    std::fs::write(copy.join("zz-new.txt"), crate::reports::unbalanced()).unwrap();
    let output = nianbao(&["diff", corpus().to_str().unwrap(), copy.to_str().unwrap(), "-q"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    let n = corpus_reports();
    assert_eq!(lines.len(), 7, "{text}");
    assert!(
        lines[0].starts_with("changed")
            && lines[0].ends_with("2023-xigong-minzhengju.tsv.txt  (the file's bytes changed)")
    );
    assert_eq!(
        lines[1].split_whitespace().collect::<Vec<_>>(),
        ["applications.received.natural_person", "0", "→", "5"]
    );
    assert_eq!(lines[2].trim(), "check applications.balance (natural_person)  pass → fail");
    assert_eq!(lines[3].trim(), "check applications.row_total (received)  pass → fail");
    assert!(lines[4].starts_with("added") && lines[4].ends_with("zz-new.txt"));
    assert!(lines[5].starts_with("removed") && lines[5].ends_with("2019-pingtan.page.html"));
    assert_eq!(
        lines[6],
        format!("1 of {n} reports changed: 1 values, 2 checks, 0 diagnostics; 1 added, 1 removed")
    );
    // The same from JSON Lines batches, for programs.
    let (old, new) = (dir.path().join("old.jsonl"), dir.path().join("new.jsonl"));
    assert!(nianbao(&["extract", corpus().to_str().unwrap(), "-o", old.to_str().unwrap(), "-q"])
        .status
        .success());
    assert!(nianbao(&["extract", copy.to_str().unwrap(), "-o", new.to_str().unwrap(), "-q"])
        .status
        .success());
    let output = nianbao(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let records: Vec<Value> = stdout(&output).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let kinds: Vec<&str> = records.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["changed", "added", "removed", "summary"]);
    assert_eq!(
        records[0]["values"],
        serde_json::json!([{"path": "applications.received.natural_person", "old": 0, "new": 5}])
    );
    assert_eq!(records[0]["checks"].as_array().unwrap().len(), 2);
    assert_eq!(records[3]["changed"], 1);
}

#[test]
fn year_on_year_sets_figures_side_by_side_and_ties_the_years() {
    let dir = tempfile::tempdir().unwrap();
    // 平潭's 2023 report, and its 2021 report standing for 2022 (the corpus has no 2022).
    let last = dir.path().join("last.json");
    let this = dir.path().join("this.json");
    let read = |file: &str| {
        let output = nianbao(&["extract", corpus().join(file).to_str().unwrap()]);
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    let mut last_year = read("2021-pingtan.tsv-gbk-crlf.txt");
    last_year["year"] = 2022.into();
    std::fs::write(&last, last_year.to_string()).unwrap();
    std::fs::write(&this, read("2023-pingtan.md.txt").to_string()).unwrap();
    let output = nianbao(&["diff", "--years", last.to_str().unwrap(), this.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "a carry-over that does not hold: {output:?}");
    let text = stdout(&output);
    assert!(text.starts_with("平潭综合实验区 2022 → 2023"), "{text}");
    let received = text.lines().find(|l| l.trim_start().starts_with("applications.received.total")).unwrap();
    assert_eq!(
        received.split_whitespace().collect::<Vec<_>>(),
        ["applications.received.total", "70", "81", "+11", "+15.7%"]
    );
    // 2021's 结转下年度 was 1 (a natural person); 2023's 上年结转 is 0.
    assert!(text.contains("error[cross_year.carried_over] natural_person: 上年结转 = last year's 结转下年度继续办理: expected 1, printed 0"));
    assert!(text.contains("ok[cross_year.carried_over] commercial_enterprise"));
    // 665 in force + 77 issued - 132 repealed = 610, but 470 printed: a warning (expiry).
    assert!(text.contains("warning[cross_year.in_force] normative_documents: 现行有效件数 = last year's + 本年制发 - 本年废止: expected 610, printed 470"));
    // When they tie, nothing fails.
    let mut tied = read("2023-pingtan.md.txt");
    tied["year"] = 2024.into();
    tied["applications"]["carried_over"] = tied["applications"]["carried_forward"].clone();
    let next = dir.path().join("next.json");
    std::fs::write(&next, tied.to_string()).unwrap();
    let output =
        nianbao(&["diff", "--years", this.to_str().unwrap(), next.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(record["kind"], "year_on_year");
    let cross = record["cross_year"].as_array().unwrap();
    assert!(cross.iter().filter(|c| c["rule"] == "cross_year.carried_over").all(|c| c["status"] == "pass"));
}

#[test]
fn an_unreadable_side_is_an_input_error() {
    let output = nianbao(&["diff", "no/such.jsonl", corpus().to_str().unwrap(), "-q"]);
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such.jsonl"));
}
