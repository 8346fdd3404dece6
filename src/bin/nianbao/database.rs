//! The statistics database: reports loaded into SQLite, idempotently, and the cross-year check
//! that needs last year's report.
//!
//! Tables: `reports` (one row per distinct input, keyed by the SHA-256 of its bytes), `cells`
//! (one row per table value), `checks` and `diagnostics`. The same bytes loaded by the same
//! nianbao version are skipped; a newer version replaces the older rows of that report.

use std::collections::HashMap;
use std::path::Path;

use nianbao::{Report, Template};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// The nianbao version that loads rows.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

const SCHEMA: &str = "
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS reports (
    id              INTEGER PRIMARY KEY,
    sha256          TEXT NOT NULL UNIQUE,
    source_path     TEXT,
    bytes           INTEGER NOT NULL,
    agency          TEXT,
    year            INTEGER,
    template        TEXT NOT NULL,
    encoding        TEXT NOT NULL,
    title           TEXT,
    schema_version  INTEGER NOT NULL,
    nianbao_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_agency_year ON reports (agency, year);
CREATE TABLE IF NOT EXISTS cells (
    report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    row_key    TEXT NOT NULL,
    column_key TEXT NOT NULL,
    value      NUMERIC,
    raw        TEXT,
    line       INTEGER,
    PRIMARY KEY (report_id, table_name, row_key, column_key)
);
CREATE TABLE IF NOT EXISTS checks (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    rule      TEXT NOT NULL,
    scope     TEXT NOT NULL,
    status    TEXT NOT NULL,
    expected  INTEGER,
    actual    INTEGER
);
CREATE INDEX IF NOT EXISTS checks_report ON checks (report_id);
CREATE TABLE IF NOT EXISTS diagnostics (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    severity  TEXT NOT NULL,
    code      TEXT NOT NULL,
    message   TEXT NOT NULL,
    line      INTEGER
);
CREATE INDEX IF NOT EXISTS diagnostics_report ON diagnostics (report_id);
CREATE TABLE IF NOT EXISTS sections (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    number    INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    heading   TEXT NOT NULL,
    text      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sections_report ON sections (report_id);
";

/// What loading one report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// New bytes: inserted.
    Inserted,
    /// Loaded before by an older nianbao: replaced.
    Replaced,
    /// Loaded before by this (or a newer) nianbao: left as it is.
    Unchanged,
}

/// An earlier report of an agency, as the database holds it: its year, where it came from, and
/// every cell (`null` kept).
pub struct Earlier {
    pub year: i32,
    /// The `source_path` of the report.
    pub path: String,
    /// `(table_name, row_key, column_key)` and value.
    pub cells: HashMap<(String, String, String), Option<f64>>,
    /// The prose of its sections, in order.
    pub prose: String,
}

/// An open statistics database.
pub struct Database {
    connection: Connection,
}

impl Database {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> rusqlite::Result<Database> {
        let connection = Connection::open(path)?;
        connection.execute_batch(SCHEMA)?;
        Ok(Database { connection })
    }

    /// Starts a transaction for loading a batch.
    pub fn transaction(&mut self) -> rusqlite::Result<Transaction<'_>> {
        self.connection.transaction()
    }

    /// The reports of `agency` of the years before `year` (with tables), the latest first, with
    /// their cells and prose.
    pub fn earlier(&self, agency: &str, year: i32) -> rusqlite::Result<Vec<Earlier>> {
        let mut reports = self.connection.prepare(
            "SELECT id, year, source_path FROM reports WHERE agency = ?1 AND year < ?2 AND template != 'free_form' ORDER BY year DESC, id",
        )?;
        let found = reports
            .query_map(params![agency, year], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, i32>(1)?, row.get::<_, Option<String>>(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut cells = self
            .connection
            .prepare("SELECT table_name, row_key, column_key, value FROM cells WHERE report_id = ?1")?;
        let mut sections =
            self.connection.prepare("SELECT text FROM sections WHERE report_id = ?1 ORDER BY rowid")?;
        let mut earlier = Vec::with_capacity(found.len());
        for (id, year, path) in found {
            let values = cells
                .query_map(params![id], |row| {
                    Ok(((row.get(0)?, row.get(1)?, row.get(2)?), row.get::<_, Option<f64>>(3)?))
                })?
                .collect::<rusqlite::Result<HashMap<_, _>>>()?;
            let prose = sections
                .query_map(params![id], |row| row.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .join("\n");
            earlier.push(Earlier { year, path: path.unwrap_or_default(), cells: values, prose });
        }
        Ok(earlier)
    }
}

/// Loads one report in `transaction`, unless the same bytes were loaded by this version.
pub fn load(transaction: &Transaction<'_>, report: &Report) -> rusqlite::Result<Load> {
    let existing: Option<(i64, String)> = transaction
        .query_row(
            "SELECT id, nianbao_version FROM reports WHERE sha256 = ?1",
            params![report.source.sha256],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let load = match existing {
        Some((_, version)) if !is_older(&version, VERSION) => return Ok(Load::Unchanged),
        Some((id, _)) => {
            transaction.execute("DELETE FROM reports WHERE id = ?1", params![id])?;
            Load::Replaced
        }
        None => Load::Inserted,
    };
    let template = match report.template {
        Template::Form2021 => "2021",
        Template::Form2019 => "2019",
        Template::FreeForm => "free_form",
    };
    transaction.execute(
        "INSERT INTO reports (sha256, source_path, bytes, agency, year, template, encoding, title, schema_version, nianbao_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            report.source.sha256,
            report.source.path,
            report.source.bytes as i64,
            report.agency,
            report.year,
            template,
            report.encoding,
            report.title,
            report.schema_version,
            VERSION
        ],
    )?;
    let id = transaction.last_insert_rowid();
    let mut cells = transaction.prepare_cached(
        "INSERT INTO cells (report_id, table_name, row_key, column_key, value, raw, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for record in nianbao::tidy::records(report) {
        let value: Option<f64> = record.value.parse().ok();
        let line: Option<i64> = record.line.parse().ok();
        let raw = (!record.raw.is_empty()).then_some(record.raw.as_str());
        cells.execute(params![id, record.table, record.row, record.column, value, raw, line])?;
    }
    let mut checks = transaction.prepare_cached(
        "INSERT INTO checks (report_id, rule, scope, status, expected, actual) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for check in &report.checks {
        let status = serde_json::to_value(check.status).ok().and_then(|v| v.as_str().map(str::to_string));
        checks.execute(params![id, check.rule, check.scope, status, check.expected, check.actual])?;
    }
    let mut diagnostics = transaction.prepare_cached(
        "INSERT INTO diagnostics (report_id, severity, code, message, line) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for diagnostic in &report.diagnostics {
        let severity =
            serde_json::to_value(diagnostic.severity).ok().and_then(|v| v.as_str().map(str::to_string));
        let line = diagnostic.line.map(|l| l as i64);
        diagnostics.execute(params![id, severity, diagnostic.code.as_str(), diagnostic.message, line])?;
    }
    let mut sections = transaction.prepare_cached(
        "INSERT INTO sections (report_id, number, kind, heading, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for section in &report.sections {
        let kind = serde_json::to_value(section.kind).ok().and_then(|v| v.as_str().map(str::to_string));
        sections.execute(params![id, section.number, kind, section.heading, section.text])?;
    }
    Ok(load)
}

/// Whether version `a` is older than version `b` (dotted numbers compared numerically).
fn is_older(a: &str, b: &str) -> bool {
    let parts = |v: &str| v.split(['.', '-']).map(|p| p.parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    parts(a) < parts(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(is_older("0.1.0", "0.2.0"));
        assert!(is_older("0.9.0", "0.10.0"));
        assert!(!is_older("0.1.0", "0.1.0"));
        assert!(!is_older("1.0.0", "0.9.9"));
    }
}
