//! Validation: the report's own arithmetic (勾稽关系), judged and never repaired.
//!
//! Reads the model only. Each identity is judged per column, row or group: `pass`, `fail`, or
//! `not_assessable` when an operand is null (blank is not zero, so nothing is assumed).

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::labels::{
    APPLICANT_COLUMNS, APPLICANT_PARTS, APPLICATION_ROWS, OUTCOME_GROUPS, REVIEW_CELLS, SUBTOTAL_ROWS,
};
use crate::model::{ApplicantCounts, Applications, Check, CheckStatus, Outcomes, Report, ReviewsAndLawsuits};

/// Every check the report's tables can be held to, in a stable order.
pub fn checks(report: &Report) -> Vec<Check> {
    let mut checks = Vec::new();
    if let Some(applications) = &report.applications {
        application_checks(applications, &mut checks);
    }
    if let Some(reviews) = &report.reviews_and_lawsuits {
        review_checks(reviews, &mut checks);
    }
    checks
}

/// A column's value in a row: `None` if the row has no such column, `Some(None)` if blank.
fn column(row: &ApplicantCounts, key: &str) -> Option<Option<i64>> {
    match key {
        "natural_person" => Some(row.natural_person),
        "commercial_enterprise" => Some(row.commercial_enterprise),
        "research_institution" => Some(row.research_institution),
        "social_welfare_organization" => Some(row.social_welfare_organization),
        "legal_service_agency" => Some(row.legal_service_agency),
        "other_organization" => Some(row.other_organization),
        "legal_person_subtotal" => row.legal_person_subtotal,
        "total" => Some(row.total),
        _ => None,
    }
}

/// A cell's path (`applications.received.total`) and value.
type Operand = (Cow<'static, str>, Option<i64>);

/// Judges `stated = sum(parts)`; `expected` is the stated side, `actual` the summed one.
fn judge(rule: &'static str, scope: Cow<'static, str>, stated: Operand, parts: Vec<Operand>) -> Check {
    let sum = (!parts.is_empty())
        .then(|| parts.iter().try_fold(0i64, |acc, (_, v)| v.and_then(|v| acc.checked_add(v))))
        .flatten();
    let status = match (stated.1, sum) {
        (Some(stated), Some(sum)) if stated == sum => CheckStatus::Pass,
        (Some(_), Some(_)) => CheckStatus::Fail,
        _ => CheckStatus::NotAssessable,
    };
    let mut cells = Vec::with_capacity(parts.len() + 1);
    cells.push(stated.0);
    cells.extend(parts.into_iter().map(|(path, _)| path));
    Check { rule: Cow::Borrowed(rule), scope, status, expected: stated.1, actual: sum, cells }
}

/// The path of every cell of section 三 and 四 the forms define, built once per process: checks
/// list hundreds of paths per report, and borrowing them saves as many allocations.
struct Paths {
    /// Section 三: row key, then the path for each of [`APPLICANT_COLUMNS`].
    applications: Vec<(&'static str, Vec<String>)>,
    /// Section 四: the path of each of [`REVIEW_CELLS`], in order.
    reviews: Vec<String>,
}

fn paths() -> &'static Paths {
    static PATHS: OnceLock<Paths> = OnceLock::new();
    PATHS.get_or_init(|| {
        let subtotals = SUBTOTAL_ROWS.iter().map(|(_, key)| *key);
        let rows = APPLICATION_ROWS.iter().map(|row| row.key).chain(subtotals);
        let applications = rows
            .map(|row| {
                (row, APPLICANT_COLUMNS.iter().map(|(col, _)| format!("applications.{row}.{col}")).collect())
            })
            .collect();
        let reviews = REVIEW_CELLS
            .iter()
            .map(|(group, field)| format!("reviews_and_lawsuits.{group}.{field}"))
            .collect();
        Paths { applications, reviews }
    })
}

/// `applications.<row>.<col>`: borrowed for the forms' rows and columns, built otherwise.
fn path(row: &str, col: &str) -> Cow<'static, str> {
    let known = paths().applications.iter().find(|(key, _)| *key == row).and_then(|(_, cols)| {
        APPLICANT_COLUMNS.iter().position(|(key, _)| *key == col).and_then(|at| cols.get(at))
    });
    match known {
        Some(path) => Cow::Borrowed(path.as_str()),
        None => Cow::Owned(format!("applications.{row}.{col}")),
    }
}

/// A row key of section 三, borrowed where the forms define it.
fn static_row_key(name: &str) -> Cow<'static, str> {
    let known = paths().applications.iter().map(|(row, _)| *row).find(|k| *k == name);
    known.map_or_else(|| Cow::Owned(name.to_string()), Cow::Borrowed)
}

fn application_checks(applications: &Applications, checks: &mut Vec<Check>) {
    // Each row's paths, found once (rows are looked up by key hundreds of times below).
    let row_paths: Vec<Option<&'static Vec<String>>> = applications
        .keys()
        .map(|row| paths().applications.iter().find(|(key, _)| key == row).map(|(_, cols)| cols))
        .collect();
    let cell = |row: &str, col: &str| -> Operand {
        let Some((index, _, values)) = applications.get_full(row) else {
            return (path(row, col), None);
        };
        let known = row_paths.get(index).copied().flatten().and_then(|cols| {
            APPLICANT_COLUMNS.iter().position(|(key, _)| *key == col).and_then(|at| cols.get(at))
        });
        let path = known.map_or_else(|| path(row, col), |p| Cow::Borrowed(p.as_str()));
        (path, column(values, col).flatten())
    };
    let columns: Vec<&'static str> = APPLICANT_COLUMNS
        .iter()
        .map(|(key, _)| *key)
        .filter(|key| applications.values().any(|row| column(row, key).is_some()))
        .collect();
    for (row_key, row) in applications {
        let parts = APPLICANT_PARTS.iter().map(|col| cell(row_key, col)).collect();
        checks.push(judge("applications.row_total", static_row_key(row_key), cell(row_key, "total"), parts));
        if row.legal_person_subtotal.is_some() {
            let parts = APPLICANT_PARTS.iter().skip(1).map(|col| cell(row_key, col)).collect();
            checks.push(judge(
                "applications.legal_person_subtotal",
                static_row_key(row_key),
                cell(row_key, "legal_person_subtotal"),
                parts,
            ));
        }
    }
    for col in &columns {
        // 一 + 二 = 三（七）+ 四, stated as: received + carried_over is what must be accounted for.
        let received = cell("received", col);
        let carried_over = cell("carried_over", col);
        let stated = (Cow::Borrowed(""), received.1.zip(carried_over.1).and_then(|(a, b)| a.checked_add(b)));
        let mut check = judge(
            "applications.balance",
            Cow::Borrowed(col),
            stated,
            vec![cell("total_processed", col), cell("carried_forward", col)],
        );
        check.cells =
            vec![received.0, carried_over.0, path("total_processed", col), path("carried_forward", col)];
        checks.push(check);
    }
    let outcome_rows: Vec<&String> = applications
        .keys()
        .filter(|k| !k.ends_with(".subtotal"))
        .filter(|k| {
            OUTCOME_GROUPS.iter().any(|g| *k == g || k.strip_prefix(g).is_some_and(|r| r.starts_with('.')))
        })
        .collect();
    for col in &columns {
        let parts = outcome_rows.iter().map(|row| cell(row, col)).collect();
        checks.push(judge(
            "applications.outcome_total",
            Cow::Borrowed(col),
            cell("total_processed", col),
            parts,
        ));
    }
    for subtotal in applications.keys().filter(|k| k.ends_with(".subtotal")) {
        let group = subtotal.trim_end_matches(".subtotal");
        let items: Vec<&String> = applications
            .keys()
            .filter(|k| k.strip_prefix(group).is_some_and(|r| r.starts_with('.')) && *k != subtotal)
            .collect();
        for col in &columns {
            let parts = items.iter().map(|row| cell(row, col)).collect();
            checks.push(judge(
                "applications.group_subtotal",
                Cow::Owned(format!("{subtotal}.{col}")),
                cell(subtotal, col),
                parts,
            ));
        }
    }
}

fn review_checks(reviews: &ReviewsAndLawsuits, checks: &mut Vec<Check>) {
    let groups: [(&'static str, &Outcomes); 3] = [
        ("review", &reviews.review),
        ("lawsuit_direct", &reviews.lawsuit_direct),
        ("lawsuit_after_review", &reviews.lawsuit_after_review),
    ];
    for ((group, outcomes), paths) in groups.into_iter().zip(paths().reviews.chunks(5)) {
        let path = |at: usize| paths.get(at).map_or(Cow::Borrowed(""), |p| Cow::Borrowed(p.as_str()));
        let parts = vec![
            (path(0), outcomes.upheld),
            (path(1), outcomes.corrected),
            (path(2), outcomes.other),
            (path(3), outcomes.pending),
        ];
        checks.push(judge(
            "reviews_and_lawsuits.total",
            Cow::Borrowed(group),
            (path(4), outcomes.total),
            parts,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: [Option<i64>; 7]) -> ApplicantCounts {
        ApplicantCounts {
            natural_person: values[0],
            commercial_enterprise: values[1],
            research_institution: values[2],
            social_welfare_organization: values[3],
            legal_service_agency: values[4],
            other_organization: values[5],
            legal_person_subtotal: None,
            total: values[6],
        }
    }

    #[test]
    fn sums_pass_fail_and_blank_is_not_assessable() {
        let stated = |v| (Cow::Borrowed("t"), v);
        let parts = |a, b| vec![(Cow::Borrowed("a"), a), (Cow::Borrowed("b"), b)];
        let scope = || Cow::Borrowed("s");
        assert_eq!(judge("r", scope(), stated(Some(3)), parts(Some(1), Some(2))).status, CheckStatus::Pass);
        let failed = judge("r", scope(), stated(Some(4)), parts(Some(1), Some(2)));
        assert_eq!((failed.status, failed.expected, failed.actual), (CheckStatus::Fail, Some(4), Some(3)));
        assert_eq!(
            judge("r", scope(), stated(Some(3)), parts(Some(1), None)).status,
            CheckStatus::NotAssessable
        );
    }

    #[test]
    fn balance_names_the_column_and_both_sides() {
        let mut applications = Applications::new();
        applications.insert(
            "received".into(),
            row([Some(12), Some(0), Some(0), Some(0), Some(0), Some(0), Some(12)]),
        );
        applications.insert("carried_over".into(), row([Some(0); 7]));
        applications.insert(
            "total_processed".into(),
            row([Some(11), Some(0), Some(0), Some(0), Some(0), Some(0), Some(11)]),
        );
        applications.insert("carried_forward".into(), row([Some(0); 7]));
        let mut checks = Vec::new();
        application_checks(&applications, &mut checks);
        let failed: Vec<_> = checks.iter().filter(|c| c.status == CheckStatus::Fail).collect();
        assert_eq!(failed.len(), 2);
        assert_eq!(
            (failed[0].rule.as_ref(), failed[0].scope.as_ref()),
            ("applications.balance", "natural_person")
        );
        assert_eq!((failed[0].expected, failed[0].actual), (Some(12), Some(11)));
        assert_eq!(failed[0].cells[0], "applications.received.natural_person");
    }
}
