//! The tidy form: one record per table cell, for loading into a database.
//!
//! Columns: `file,sha256,agency,year,template,table_name,row_key,column_key,value,status,raw,line`
//! (see the contract; the names are those of the database's columns, none an SQL reserved
//! word). `status` tells a number (`value`) from a cell printed blank or with a placeholder
//! (`blank`) and from one nianbao could not read with certainty (`unread`: see the report's
//! diagnostics), which `value` alone, empty for both, cannot. `raw` and `line` come from
//! provenance and are empty when the report carries none.

use crate::model::{Report, Template};

/// The header of the tidy form.
pub const HEADER: [&str; 12] = [
    "file",
    "sha256",
    "agency",
    "year",
    "template",
    "table_name",
    "row_key",
    "column_key",
    "value",
    "status",
    "raw",
    "line",
];

/// One cell of one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TidyRecord {
    /// `source.path`.
    pub file: String,
    /// `source.sha256`: the report's identity, on every row.
    pub sha256: String,
    /// The reporting body.
    pub agency: String,
    /// The year, or empty.
    pub year: String,
    /// `2021`, `2019` or `free_form`.
    pub template: String,
    /// `active_disclosure`, `applications` or `reviews_and_lawsuits`.
    pub table: String,
    /// The row key.
    pub row: String,
    /// The field key.
    pub column: String,
    /// The value as JSON prints it, or empty for null.
    pub value: String,
    /// `value`, `blank` (printed blank or with a placeholder) or `unread` (null with a
    /// diagnostic: not read with certainty, or not found). Without provenance a null is
    /// `unread`.
    pub status: &'static str,
    /// The cell's text as printed, where provenance has it.
    pub raw: String,
    /// The cell's line, where provenance has it.
    pub line: String,
}

impl TidyRecord {
    /// The record's fields in [`HEADER`] order.
    pub fn fields(&self) -> [&str; 12] {
        [
            &self.file,
            &self.sha256,
            &self.agency,
            &self.year,
            &self.template,
            &self.table,
            &self.row,
            &self.column,
            &self.value,
            self.status,
            &self.raw,
            &self.line,
        ]
    }
}

/// Every cell of the report's three tables, in table, row and column order.
pub fn records(report: &Report) -> Vec<TidyRecord> {
    let tables = [
        (
            "active_disclosure",
            serde_json::to_value(&report.active_disclosure),
            report.provenance.as_ref().map(|p| &p.active_disclosure),
        ),
        (
            "applications",
            serde_json::to_value(&report.applications),
            report.provenance.as_ref().map(|p| &p.applications),
        ),
        (
            "reviews_and_lawsuits",
            serde_json::to_value(&report.reviews_and_lawsuits),
            report.provenance.as_ref().map(|p| &p.reviews_and_lawsuits),
        ),
    ];
    let template = match report.template {
        Template::Form2021 => "2021",
        Template::Form2019 => "2019",
        Template::FreeForm => "free_form",
    };
    let mut out = Vec::new();
    for (table, value, origins) in tables {
        let Ok(serde_json::Value::Object(rows)) = value else {
            continue;
        };
        for (row, fields) in rows {
            let serde_json::Value::Object(fields) = fields else {
                continue;
            };
            for (column, value) in fields {
                let origin = origins.and_then(|o| o.get(&row)).and_then(|r| r.get(&column));
                let status = match (value.is_null(), origin.is_some()) {
                    (false, _) => "value",
                    (true, true) => "blank",
                    (true, false) => "unread",
                };
                out.push(TidyRecord {
                    file: report.source.path.clone().unwrap_or_default(),
                    sha256: report.source.sha256.clone(),
                    agency: report.agency.clone().unwrap_or_default(),
                    year: report.year.map(|y| y.to_string()).unwrap_or_default(),
                    template: template.to_string(),
                    table: table.to_string(),
                    row: row.clone(),
                    column,
                    value: if value.is_null() { String::new() } else { value.to_string() },
                    status,
                    raw: origin.map(|o| o.raw.clone()).unwrap_or_default(),
                    line: origin.map(|o| o.line.to_string()).unwrap_or_default(),
                });
            }
        }
    }
    out
}
