//! Validation: the report's own arithmetic (勾稽关系), judged and never repaired.
//!
//! Reads the model only. Each identity is judged per column, row or group: `pass`, `fail`, or
//! `not_assessable` when an operand is null (blank is not zero, so nothing is assumed).

use crate::labels::{APPLICANT_COLUMNS, APPLICANT_PARTS, OUTCOME_GROUPS};
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

/// Judges `stated = sum(parts)`; `expected` is the stated side, `actual` the summed one.
fn judge(rule: &str, scope: &str, stated: (String, Option<i64>), parts: Vec<(String, Option<i64>)>) -> Check {
    let sum = (!parts.is_empty())
        .then(|| parts.iter().try_fold(0i64, |acc, (_, v)| v.and_then(|v| acc.checked_add(v))))
        .flatten();
    let status = match (stated.1, sum) {
        (Some(stated), Some(sum)) if stated == sum => CheckStatus::Pass,
        (Some(_), Some(_)) => CheckStatus::Fail,
        _ => CheckStatus::NotAssessable,
    };
    let mut cells = vec![stated.0];
    cells.extend(parts.into_iter().map(|(path, _)| path));
    Check { rule: rule.into(), scope: scope.into(), status, expected: stated.1, actual: sum, cells }
}

/// `applications.<row>.<col>`, built without the formatting machinery (this runs hundreds of
/// times per report).
fn path(row: &str, col: &str) -> String {
    let mut path = String::with_capacity(14 + row.len() + col.len());
    path.push_str("applications.");
    path.push_str(row);
    path.push('.');
    path.push_str(col);
    path
}

fn application_checks(applications: &Applications, checks: &mut Vec<Check>) {
    let cell = |row: &str, col: &str| -> (String, Option<i64>) {
        (path(row, col), applications.get(row).and_then(|r| column(r, col)).flatten())
    };
    let columns: Vec<&str> = APPLICANT_COLUMNS
        .iter()
        .map(|(key, _)| *key)
        .filter(|key| applications.values().any(|row| column(row, key).is_some()))
        .collect();
    for (key, row) in applications {
        let parts = APPLICANT_PARTS.iter().map(|col| cell(key, col)).collect();
        checks.push(judge("applications.row_total", key, cell(key, "total"), parts));
        if row.legal_person_subtotal.is_some() {
            let parts = APPLICANT_PARTS.iter().skip(1).map(|col| cell(key, col)).collect();
            checks.push(judge(
                "applications.legal_person_subtotal",
                key,
                cell(key, "legal_person_subtotal"),
                parts,
            ));
        }
    }
    for col in &columns {
        // 一 + 二 = 三（七）+ 四, stated as: received + carried_over is what must be accounted for.
        let received = cell("received", col);
        let carried_over = cell("carried_over", col);
        let stated = (
            format!("{} + {}", received.0, carried_over.0),
            received.1.zip(carried_over.1).and_then(|(a, b)| a.checked_add(b)),
        );
        let mut check = judge(
            "applications.balance",
            col,
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
        .filter(|k| OUTCOME_GROUPS.iter().any(|g| *k == g || k.starts_with(&format!("{g}."))))
        .collect();
    for col in &columns {
        let parts = outcome_rows.iter().map(|row| cell(row, col)).collect();
        checks.push(judge("applications.outcome_total", col, cell("total_processed", col), parts));
    }
    for subtotal in applications.keys().filter(|k| k.ends_with(".subtotal")) {
        let group = subtotal.trim_end_matches(".subtotal");
        let items: Vec<&String> =
            applications.keys().filter(|k| k.starts_with(&format!("{group}.")) && *k != subtotal).collect();
        for col in &columns {
            let parts = items.iter().map(|row| cell(row, col)).collect();
            checks.push(judge(
                "applications.group_subtotal",
                &format!("{subtotal}.{col}"),
                cell(subtotal, col),
                parts,
            ));
        }
    }
}

fn review_checks(reviews: &ReviewsAndLawsuits, checks: &mut Vec<Check>) {
    let groups: [(&str, &Outcomes); 3] = [
        ("review", &reviews.review),
        ("lawsuit_direct", &reviews.lawsuit_direct),
        ("lawsuit_after_review", &reviews.lawsuit_after_review),
    ];
    for (group, outcomes) in groups {
        let path = |field: &str| format!("reviews_and_lawsuits.{group}.{field}");
        let parts = vec![
            (path("upheld"), outcomes.upheld),
            (path("corrected"), outcomes.corrected),
            (path("other"), outcomes.other),
            (path("pending"), outcomes.pending),
        ];
        checks.push(judge("reviews_and_lawsuits.total", group, (path("total"), outcomes.total), parts));
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
        let stated = |v| ("t".to_string(), v);
        let parts = |a, b| vec![("a".to_string(), a), ("b".to_string(), b)];
        assert_eq!(judge("r", "s", stated(Some(3)), parts(Some(1), Some(2))).status, CheckStatus::Pass);
        let failed = judge("r", "s", stated(Some(4)), parts(Some(1), Some(2)));
        assert_eq!((failed.status, failed.expected, failed.actual), (CheckStatus::Fail, Some(4), Some(3)));
        assert_eq!(judge("r", "s", stated(Some(3)), parts(Some(1), None)).status, CheckStatus::NotAssessable);
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
            (failed[0].rule.as_str(), failed[0].scope.as_str()),
            ("applications.balance", "natural_person")
        );
        assert_eq!((failed[0].expected, failed[0].actual), (Some(12), Some(11)));
        assert_eq!(failed[0].cells[0], "applications.received.natural_person");
    }
}
