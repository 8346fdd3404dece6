//! `check --db`: a report held to the same body's earlier reports in the statistics database.
//!
//! - `cross_year.carried_over` (error): this year's 二、上年结转 against last year's
//!   四、结转下年度继续办理, per column;
//! - `cross_year.in_force` (warning: documents also expire): this year's 现行有效件数 against last
//!   year's plus 本年制发 minus 本年废止 (2021 form, 规章 and 行政规范性文件);
//! - `cross_year.previous_items` (warning): a 2019-form 上一年项目数量 against last year's
//!   上一年项目数量 plus its 本年增/减;
//! - `copied_report` (warning): the three tables identical, cell for cell, to an earlier year's
//!   (with enough non-zero figures that the likeness is no accident), or 95% of the prose's lines
//!   the same as an earlier year's, digits aside (a year changed and little else).

use nianbao::Report;

use crate::database::{Database, Earlier};

/// Figures that must be non-zero in both for identical tables to mean a copy: an office with no
/// applications prints the same zeros every year.
const COPY_EVIDENCE: usize = 5;

/// The share of a report's prose lines found in an earlier report's that makes it a copy, and
/// the fewest lines for the share to count.
const COPIED_PROSE: f64 = 0.95;
const PROSE_EVIDENCE: usize = 10;

/// One finding: its severity, rule, the cell it is about (for the line) and what it says.
pub struct Finding {
    pub error: bool,
    pub rule: &'static str,
    pub cell: String,
    pub message: String,
}

/// What the database says of `report` against the same body's earlier reports.
pub fn findings(database: &Database, report: &Report) -> rusqlite::Result<Vec<Finding>> {
    let (Some(agency), Some(year)) = (&report.agency, report.year) else { return Ok(Vec::new()) };
    let earlier = database.earlier(agency, year)?;
    let this = cells(report);
    let mut found = Vec::new();
    if let Some(last) = earlier.iter().find(|e| e.year == year - 1) {
        carried_over(&this, last, &mut found);
        in_force(&this, last, &mut found);
        previous_items(&this, last, &mut found);
    }
    let lines = prose_lines(&report.sections.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n"));
    for copied in &earlier {
        let tables = identical(&this, copied);
        let share = shared_share(&lines, &prose_lines(&copied.prose));
        let prose = lines.len() >= PROSE_EVIDENCE && share >= COPIED_PROSE;
        let what = match (tables, prose) {
            (true, true) => format!(
                "the three tables are identical, cell for cell, and {:.0}% of the prose's lines",
                share * 100.0
            ),
            (true, false) => "the three tables are identical, cell for cell,".to_string(),
            (false, true) => format!("{:.0}% of the prose's lines (digits aside) are", share * 100.0),
            (false, false) => continue,
        };
        found.push(Finding {
            error: false,
            rule: "copied_report",
            cell: "applications.received.total".into(),
            message: format!(
                "{what} the same as in the {} report ({}): a copy of an earlier year's?",
                copied.year, copied.path
            ),
        });
        break;
    }
    Ok(found)
}

type Cells = std::collections::HashMap<(String, String, String), Option<f64>>;

/// The report's cells as the database keys them.
fn cells(report: &Report) -> Cells {
    nianbao::tidy::records(report)
        .into_iter()
        .map(|r| ((r.table, r.row, r.column), r.value.parse::<f64>().ok()))
        .collect()
}

fn get(cells: &Cells, table: &str, row: &str, column: &str) -> Option<f64> {
    cells.get(&(table.to_string(), row.to_string(), column.to_string())).copied().flatten()
}

fn carried_over(this: &Cells, last: &Earlier, found: &mut Vec<Finding>) {
    let mut columns: Vec<&String> = this
        .keys()
        .filter(|(t, r, _)| t == "applications" && r == "carried_over")
        .map(|(_, _, c)| c)
        .collect();
    columns.sort();
    for column in columns {
        let (Some(current), Some(previous)) = (
            get(this, "applications", "carried_over", column),
            get(&last.cells, "applications", "carried_forward", column),
        ) else {
            continue;
        };
        if current != previous {
            found.push(Finding {
                error: true,
                rule: "cross_year.carried_over",
                cell: format!("applications.carried_over.{column}"),
                message: format!(
                    "{column}: carried_over (二、上年结转) = {current}, but {}'s carried_forward (四、结转下年度继续办理) = {previous} in {}",
                    last.year, last.path
                ),
            });
        }
    }
}

fn in_force(this: &Cells, last: &Earlier, found: &mut Vec<Finding>) {
    for row in ["regulations", "normative_documents"] {
        let at = |cells: &Cells, field: &str| get(cells, "active_disclosure", row, field);
        let expected = at(&last.cells, "in_force")
            .zip(at(this, "issued"))
            .zip(at(this, "repealed"))
            .map(|((l, i), r)| l + i - r);
        let (Some(expected), Some(actual)) = (expected, at(this, "in_force")) else { continue };
        if expected != actual {
            found.push(Finding {
                error: false,
                rule: "cross_year.in_force",
                cell: format!("active_disclosure.{row}.in_force"),
                message: format!(
                    "{row}: in_force (现行有效件数) = {actual}, but {}'s {} + issued {} - repealed {} = {expected} (documents that expired also leave it) in {}",
                    last.year,
                    at(&last.cells, "in_force").unwrap_or_default(),
                    at(this, "issued").unwrap_or_default(),
                    at(this, "repealed").unwrap_or_default(),
                    last.path
                ),
            });
        }
    }
}

fn previous_items(this: &Cells, last: &Earlier, found: &mut Vec<Finding>) {
    for row in ["licensing", "other_services", "punishment", "coercion", "fees"] {
        let at = |cells: &Cells, field: &str| get(cells, "active_disclosure", row, field);
        let expected = at(&last.cells, "previous_items").zip(at(&last.cells, "change")).map(|(p, c)| p + c);
        let (Some(expected), Some(actual)) = (expected, at(this, "previous_items")) else { continue };
        if expected != actual {
            found.push(Finding {
                error: false,
                rule: "cross_year.previous_items",
                cell: format!("active_disclosure.{row}.previous_items"),
                message: format!(
                    "{row}: previous_items (上一年项目数量) = {actual}, but {}'s previous_items + change = {expected} in {}",
                    last.year, last.path
                ),
            });
        }
    }
}

/// Whether every cell of `this` has the same value in `earlier`, with enough non-zero figures.
fn identical(this: &Cells, earlier: &Earlier) -> bool {
    let same = this.iter().all(|(key, value)| earlier.cells.get(key).is_some_and(|v| v == value));
    let evidence = this.values().filter(|v| v.is_some_and(|v| v != 0.0)).count();
    same && this.len() == earlier.cells.len() && evidence >= COPY_EVIDENCE
}

/// The prose's lines worth comparing (ten characters or more), digits made alike: a copy with
/// its year changed is still a copy.
fn prose_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.chars().count() >= 10)
        .map(|l| l.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect())
        .collect()
}

/// The share of `these` lines that `those` also has.
fn shared_share(these: &[String], those: &[String]) -> f64 {
    if these.is_empty() {
        return 0.0;
    }
    let those: std::collections::HashSet<&String> = those.iter().collect();
    these.iter().filter(|l| those.contains(l)).count() as f64 / these.len() as f64
}
