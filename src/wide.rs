//! The wide form: one row per report, for a statistician's spreadsheet.
//!
//! Columns are the report's metadata, then every value either form can have, in the fixed order
//! of [`form::all_paths`], named by its path in the output contract: two
//! batches' wide tables line up column for column, whatever their reports' forms. A value the
//! report does not have (a blank, an unread cell, a row of the other form) is an empty cell,
//! never 0. A second header row carries the form's Chinese words for each column.

use std::sync::OnceLock;

use serde_json::Value;

use crate::form;
use crate::model::{CheckStatus, Report, Severity};

/// The metadata columns that open every row: key and Chinese label.
pub const METADATA: [(&str, &str); 10] = [
    ("file", "文件"),
    ("sha256", "SHA-256"),
    ("agency", "单位"),
    ("year", "年度"),
    ("template", "格式"),
    ("format", "来源"),
    ("checks_failed", "未通过校验"),
    ("checks_not_assessable", "无法判断的校验"),
    ("errors", "读取错误"),
    ("warnings", "读取警告"),
];

/// A cell of the wide table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text (metadata).
    Text(String),
    /// A count.
    Integer(i64),
    /// An amount (万元).
    Decimal(f64),
    /// No value: blank, unread, or not in the report's form.
    Empty,
}

/// The column keys: [`METADATA`], then every value path.
///
/// ```
/// let columns = nianbao::wide::columns();
/// assert_eq!(columns[0], "file");
/// assert!(columns.iter().any(|c| c == "applications.received.natural_person"));
/// ```
pub fn columns() -> &'static [String] {
    &layout().0
}

/// The Chinese label of each column, in the order of [`columns`].
pub fn labels() -> &'static [String] {
    &layout().1
}

fn layout() -> &'static (Vec<String>, Vec<String>) {
    static LAYOUT: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    LAYOUT.get_or_init(|| {
        let paths = form::all_paths();
        let labels = paths.iter().map(|p| form::label(p).unwrap_or_default());
        let keys = METADATA.iter().map(|(k, _)| k.to_string()).chain(paths.iter().cloned()).collect();
        let labels = METADATA.iter().map(|(_, l)| l.to_string()).chain(labels).collect();
        (keys, labels)
    })
}

/// A report's row, one cell per column of [`columns`].
///
/// ```
/// let dump = "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文\n四、政府信息公开行政复议、行政诉讼情况\n\
///             1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n";
/// let report = nianbao::extract(dump.as_bytes(), &nianbao::Options::default()).unwrap();
/// let row = nianbao::wide::row(&report);
/// let at = nianbao::wide::columns().iter().position(|c| c == "reviews_and_lawsuits.review.total").unwrap();
/// assert_eq!(row[at], nianbao::wide::Cell::Integer(1));
/// ```
pub fn row(report: &Report) -> Vec<Cell> {
    let count = |n: usize| Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    let checks = |status| report.checks.iter().filter(|c| c.status == status).count();
    let diagnostics = |severity| report.diagnostics.iter().filter(|d| d.severity == severity).count();
    let text =
        |t: Option<&str>| t.filter(|t| !t.is_empty()).map_or(Cell::Empty, |t| Cell::Text(t.to_owned()));
    let mut row = vec![
        text(report.source.path.as_deref()),
        Cell::Text(report.source.sha256.clone()),
        text(report.agency.as_deref()),
        report.year.map_or(Cell::Empty, |y| Cell::Integer(i64::from(y))),
        contract_name(report.template),
        contract_name(report.source.format),
        count(checks(CheckStatus::Fail)),
        count(checks(CheckStatus::NotAssessable)),
        count(diagnostics(Severity::Error)),
        count(diagnostics(Severity::Warning)),
    ];
    debug_assert_eq!(row.len(), METADATA.len());
    let tables = [
        serde_json::to_value(&report.active_disclosure).unwrap_or_default(),
        serde_json::to_value(&report.applications).unwrap_or_default(),
        serde_json::to_value(&report.reviews_and_lawsuits).unwrap_or_default(),
    ];
    for path in columns().iter().skip(METADATA.len()) {
        row.push(value(&tables, path));
    }
    row
}

fn value(tables: &[Value; 3], path: &str) -> Cell {
    let Some((table, rest)) = path.split_once('.') else { return Cell::Empty };
    let Some((row, field)) = rest.rsplit_once('.') else { return Cell::Empty };
    let table = match table {
        "active_disclosure" => tables.first(),
        "applications" => tables.get(1),
        _ => tables.get(2),
    };
    match table.and_then(|t| t.get(row)).and_then(|r| r.get(field)) {
        Some(Value::Number(n)) => {
            n.as_i64().map(Cell::Integer).or_else(|| n.as_f64().map(Cell::Decimal)).unwrap_or(Cell::Empty)
        }
        _ => Cell::Empty,
    }
}

/// A unit enum's name in the output contract (`2021`, `html`).
fn contract_name(value: impl serde::Serialize) -> Cell {
    match serde_json::to_value(value) {
        Ok(Value::String(name)) => Cell::Text(name),
        _ => Cell::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_labels_line_up_and_are_unique() {
        assert_eq!(columns().len(), labels().len());
        let mut sorted = columns().to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), columns().len());
        assert!(labels().iter().all(|l| !l.is_empty()));
    }
}
