//! Spreadsheets (`--format xlsx`, `--format csv-wide`): opened with a reader library, every
//! value of every corpus report equals the JSON output; blanks are empty cells; no text becomes
//! a formula.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("nianbao runs")
}

fn corpus() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").display().to_string()
}

/// Every corpus report's JSON, by its file.
fn reports_by_file(dir: &Path) -> HashMap<String, Value> {
    let out = dir.join("corpus.jsonl");
    let output = nianbao(&["extract", &corpus(), "-o", out.to_str().unwrap(), "-q"]);
    assert!(output.status.success(), "{output:?}");
    std::fs::read_to_string(out)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .map(|report| (report["source"]["path"].as_str().unwrap().to_string(), report))
        .collect()
}

/// The JSON value at a column's path (`applications.received.natural_person`).
fn at<'r>(report: &'r Value, path: &str) -> &'r Value {
    let (table, rest) = path.split_once('.').unwrap();
    let (row, field) = rest.rsplit_once('.').unwrap();
    &report[table][row][field]
}

#[test]
fn the_workbook_holds_every_corpus_value_as_the_json_does() {
    let dir = tempfile::tempdir().unwrap();
    let reports = reports_by_file(dir.path());
    let book = dir.path().join("corpus.xlsx");
    let output = nianbao(&["extract", &corpus(), "-o", book.to_str().unwrap(), "-q"]);
    assert!(output.status.success(), "{output:?}");
    let mut workbook: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(workbook.sheet_names(), ["reports", "checks", "diagnostics"]);
    let sheet = workbook.worksheet_range("reports").unwrap();
    let mut rows = sheet.rows();
    let keys: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let labels: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(keys, nianbao::wide::columns());
    let natural = keys.iter().position(|k| k == "applications.received.natural_person").unwrap();
    assert_eq!(labels[natural], "一、本年新收政府信息公开申请数量 · 自然人");
    let (mut numbers, mut empties, mut rows_seen) = (0, 0, 0);
    for row in rows {
        rows_seen += 1;
        let file = row[0].to_string();
        let report = reports.get(&file).unwrap_or_else(|| panic!("{file} in the JSON"));
        assert_eq!(row[3], Data::Float(report["year"].as_f64().unwrap()), "{file}: year");
        for (key, cell) in keys.iter().zip(row).skip(nianbao::wide::METADATA.len()) {
            match at(report, key) {
                Value::Number(n) => {
                    assert_eq!(cell, &Data::Float(n.as_f64().unwrap()), "{file}: {key}");
                    numbers += 1;
                }
                _ => {
                    assert_eq!(
                        cell,
                        &Data::Empty,
                        "{file}: {key} is not in the JSON: an empty cell, never 0"
                    );
                    empties += 1;
                }
            }
        }
    }
    assert_eq!(rows_seen, reports.len());
    assert!(numbers > 3_000 && empties > 0, "{numbers} numbers, {empties} empty cells");
    // The checks sheet: every check that did not pass, with both numbers.
    let checks = workbook.worksheet_range("checks").unwrap();
    let not_passed: usize = reports
        .values()
        .map(|r| r["checks"].as_array().unwrap().iter().filter(|c| c["status"] != "pass").count())
        .sum();
    assert_eq!(checks.rows().count() - 1, not_passed);
    let failed = checks.rows().find(|r| r[4] == Data::String("fail".into())).expect("洪泽's failed checks");
    assert!(matches!(failed[5], Data::Float(_)) && matches!(failed[6], Data::Float(_)));
}

#[test]
fn csv_wide_has_the_workbooks_columns_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let reports = reports_by_file(dir.path());
    let out = dir.path().join("wide.csv");
    let output = nianbao(&["extract", &corpus(), "--format", "csv-wide", "-o", out.to_str().unwrap(), "-q"]);
    assert!(output.status.success(), "{output:?}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a CSV file opens in Excel as UTF-8");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, nianbao::wide::columns());
    let mut count = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let report = &reports[&record[0]];
        for (key, field) in header.iter().zip(record.iter()).skip(nianbao::wide::METADATA.len()) {
            match at(report, key) {
                Value::Number(n) => assert_eq!(field.parse::<f64>().ok(), n.as_f64(), "{key}"),
                _ => assert_eq!(field, "", "{key}: blank, never 0"),
            }
        }
        count += 1;
    }
    assert_eq!(count, reports.len());
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let seed = crate::reports::SEED.replacen("# 西工区民政局 ", "# =HYPERLINK(\"http://x\")民政局 ", 1);
    let input = dir.path().join("formula.txt");
    std::fs::write(&input, seed).unwrap();
    let (book, wide, tidy) = (dir.path().join("f.xlsx"), dir.path().join("w.csv"), dir.path().join("t.csv"));
    for (out, format) in [(&book, "xlsx"), (&wide, "csv-wide"), (&tidy, "csv")] {
        let output =
            nianbao(&["extract", input.to_str().unwrap(), "--format", format, "-o", out.to_str().unwrap()]);
        assert!(output.status.success(), "{format}: {output:?}");
    }
    let mut workbook: Xlsx<_> = open_workbook(&book).unwrap();
    let agency = &workbook.worksheet_range("reports").unwrap()[(2, 2)];
    assert_eq!(agency, &Data::String("=HYPERLINK(\"http://x\")民政局".into()));
    let formulas = workbook.worksheet_formula("reports").unwrap();
    assert!(formulas.cells().all(|(_, _, f)| f.is_empty()), "no formula in the workbook");
    for csv in [wide, tidy] {
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")民政局\""), "{}: {text:.400}", csv.display());
        assert!(!text.contains(",=HYPERLINK") && !text.contains(",\"=HYPERLINK"));
    }
}
