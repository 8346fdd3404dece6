//! Spreadsheets for the statistician: `--format xlsx` (a workbook with `reports`, `checks` and
//! `diagnostics` sheets) and `--format csv-wide` (the `reports` sheet as CSV), both one row per
//! report in the column order of [`nianbao::wide`], so that two batches line up.
//!
//! Numbers are numbers, a missing value is an empty cell (never 0), and text is always written
//! as text: no cell becomes a formula, whatever a dump holds.

use std::borrow::Cow;
use std::io::{self, Write};

use nianbao::wide::{self, Cell};
use nianbao::{CheckStatus, Report, Severity};
use rust_xlsxwriter::{Format, Workbook as Book, XlsxError};

/// The sheets, in order.
const REPORTS: usize = 0;
const CHECKS: usize = 1;
const DIAGNOSTICS: usize = 2;

const CHECK_HEADER: [&str; 8] = ["file", "sha256", "rule", "scope", "status", "expected", "actual", "cells"];
const DIAGNOSTIC_HEADER: [&str; 6] = ["file", "sha256", "severity", "code", "line", "message"];

/// A workbook being written, one report at a time, in constant memory.
pub struct Workbook {
    book: Book,
    /// The next row of each sheet.
    rows: [u32; 3],
}

impl Workbook {
    /// A workbook with its three sheets and their frozen headers: on `reports`, the column keys
    /// above the form's Chinese words for them.
    pub fn new() -> io::Result<Workbook> {
        Self::with_headers().map_err(io::Error::other)
    }

    fn with_headers() -> Result<Workbook, XlsxError> {
        let mut book = Book::new();
        let bold = Format::new().set_bold();
        let label = Format::new().set_text_wrap().set_background_color("#F1F1EC");
        for name in ["reports", "checks", "diagnostics"] {
            book.add_worksheet_with_constant_memory()?.set_name(name)?;
        }
        let sheet = book.worksheet_from_index(REPORTS)?;
        // Row by row: a sheet in constant memory takes its rows in order.
        for (column, key) in (0u16..).zip(wide::columns()) {
            sheet.write_string_with_format(0, column, key, &bold)?;
        }
        for (column, words) in (0u16..).zip(wide::labels()) {
            sheet.write_string_with_format(1, column, words, &label)?;
        }
        sheet.set_freeze_panes(2, 3)?;
        for (index, header) in [(CHECKS, &CHECK_HEADER[..]), (DIAGNOSTICS, &DIAGNOSTIC_HEADER[..])] {
            let sheet = book.worksheet_from_index(index)?;
            for (column, key) in (0u16..).zip(header) {
                sheet.write_string_with_format(0, column, *key, &bold)?;
            }
            sheet.set_freeze_panes(1, 0)?;
        }
        Ok(Workbook { book, rows: [2, 1, 1] })
    }

    /// Adds a report: its row, its checks that did not pass, and its diagnostics.
    pub fn add(&mut self, report: &Report) -> io::Result<()> {
        self.add_report(report).map_err(io::Error::other)
    }

    fn add_report(&mut self, report: &Report) -> Result<(), XlsxError> {
        let row = self.next(REPORTS);
        let sheet = self.book.worksheet_from_index(REPORTS)?;
        for (column, cell) in (0u16..).zip(wide::row(report)) {
            match cell {
                Cell::Text(text) => sheet.write_string(row, column, text)?,
                Cell::Integer(n) => sheet.write_number(row, column, n as f64)?,
                Cell::Decimal(n) => sheet.write_number(row, column, n)?,
                Cell::Empty => sheet,
            };
        }
        let file = report.source.path.clone().unwrap_or_default();
        for check in report.checks.iter().filter(|c| c.status != CheckStatus::Pass) {
            let row = self.next(CHECKS);
            let sheet = self.book.worksheet_from_index(CHECKS)?;
            sheet.write_string(row, 0, &file)?;
            sheet.write_string(row, 1, &report.source.sha256)?;
            sheet.write_string(row, 2, check.rule.as_ref())?;
            sheet.write_string(row, 3, check.scope.as_ref())?;
            sheet.write_string(
                row,
                4,
                if check.status == CheckStatus::Fail { "fail" } else { "not_assessable" },
            )?;
            if let Some(expected) = check.expected {
                sheet.write_number(row, 5, expected as f64)?;
            }
            if let Some(actual) = check.actual {
                sheet.write_number(row, 6, actual as f64)?;
            }
            sheet.write_string(row, 7, check.cells.join(" "))?;
        }
        for diagnostic in &report.diagnostics {
            let row = self.next(DIAGNOSTICS);
            let sheet = self.book.worksheet_from_index(DIAGNOSTICS)?;
            sheet.write_string(row, 0, &file)?;
            sheet.write_string(row, 1, &report.source.sha256)?;
            let severity = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                _ => "info",
            };
            sheet.write_string(row, 2, severity)?;
            sheet.write_string(row, 3, diagnostic.code.as_str())?;
            if let Some(line) = diagnostic.line {
                sheet.write_number(row, 4, line as f64)?;
            }
            sheet.write_string(row, 5, &diagnostic.message)?;
        }
        Ok(())
    }

    /// Lists a file that could not be read, on the diagnostics sheet.
    pub fn add_error(&mut self, path: &str, error: &str) -> io::Result<()> {
        let row = self.next(DIAGNOSTICS);
        let sheet = self.book.worksheet_from_index(DIAGNOSTICS).map_err(io::Error::other)?;
        for (column, text) in [(0, path), (2, "error"), (3, "unreadable"), (5, error)] {
            sheet.write_string(row, column, text).map_err(io::Error::other)?;
        }
        Ok(())
    }

    /// Writes the workbook out.
    pub fn finish(mut self, out: &mut impl Write) -> io::Result<()> {
        let bytes = self.book.save_to_buffer().map_err(io::Error::other)?;
        out.write_all(&bytes)
    }

    fn next(&mut self, sheet: usize) -> u32 {
        let Some(row) = self.rows.get_mut(sheet) else { return 0 };
        let next = *row;
        *row += 1;
        next
    }
}

/// The header of `--format csv-wide`: the column keys.
pub fn wide_csv_header() -> impl Iterator<Item = &'static str> {
    wide::columns().iter().map(String::as_str)
}

/// A report's row of `--format csv-wide`.
pub fn wide_csv_row(report: &Report) -> Vec<String> {
    wide::row(report)
        .into_iter()
        .map(|cell| match cell {
            Cell::Text(text) => text,
            Cell::Integer(n) => n.to_string(),
            Cell::Decimal(n) => n.to_string(),
            Cell::Empty => String::new(),
        })
        .collect()
}

/// A CSV field that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first, more than that one character, and not a plain number) gets a leading `'`, which spreadsheets show
/// as text; everything else is written as it is.
pub fn defused(field: &[u8]) -> Cow<'_, [u8]> {
    let risky = field.len() > 1
        && matches!(field.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
        && std::str::from_utf8(field).map_or(true, |text| text.parse::<f64>().is_err());
    if risky {
        Cow::Owned([b"'".as_slice(), field].concat())
    } else {
        Cow::Borrowed(field)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_defused_and_numbers_are_not() {
        let defused = |text: &str| String::from_utf8(super::defused(text.as_bytes()).into_owned()).unwrap();
        assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defused("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defused("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(defused("-3"), "-3");
        assert_eq!(defused("+8"), "+8");
        assert_eq!(defused("-"), "-", "a placeholder alone is no formula");
        assert_eq!(defused("7730.28"), "7730.28");
        assert_eq!(defused("平潭"), "平潭");
    }
}
