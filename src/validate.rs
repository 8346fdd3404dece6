//! Validation: the report's own arithmetic (勾稽关系), judged and never repaired.
//!
//! Reads the model only. Each identity is judged per column, row or group: `pass`, `fail`, or
//! `not_assessable` when an operand is null (blank is not zero, so nothing is assumed).
//! Arithmetic is checked (`sum` is the one place that adds report numbers; a lint denies the
//! unchecked kind here and in the table readers).

#![deny(clippy::arithmetic_side_effects)]

use std::borrow::Cow;
use std::sync::OnceLock;

use indexmap::IndexMap;

use crate::labels::{
    is_outcome_row, APPLICANT_COLUMNS, APPLICANT_PARTS, APPLICATION_ROWS, REVIEW_CELLS, SUBTOTAL_ROWS,
    WHOLE_ROWS_2021,
};
use crate::model::{ApplicantCounts, Applications, Check, CheckStatus, Outcomes, Report, ReviewsAndLawsuits};

/// Every check the report's tables can be held to, in a stable order: the tables' identities,
/// then the figures the prose states about the tables (`narrative.*`).
pub fn checks(report: &Report) -> Vec<Check> {
    // Sized once, for a row total per row, a check of a row's legal-person subtotal, and three
    // checks per column (balance, outcomes, a group's subtotal), with section 四's three.
    let rows = report.applications.as_ref().map_or(0, IndexMap::len);
    let mut checks =
        Vec::with_capacity(rows.saturating_mul(2).saturating_add(const { 3 * APPLICANT_COLUMNS.len() + 3 }));
    if let Some(applications) = &report.applications {
        application_checks(applications, &mut checks);
    }
    if let Some(reviews) = &report.reviews_and_lawsuits {
        review_checks(reviews, &mut checks);
    }
    checks.extend(crate::narrative::checks(report));
    checks
}

/// A column's value in a row, by its index in [`APPLICANT_COLUMNS`]: `None` if the row has no
/// such column, `Some(None)` if blank.
fn column(row: &ApplicantCounts, index: usize) -> Option<Option<i64>> {
    match index {
        0 => Some(row.natural_person),
        1 => Some(row.commercial_enterprise),
        2 => Some(row.research_institution),
        3 => Some(row.social_welfare_organization),
        4 => Some(row.legal_service_agency),
        5 => Some(row.other_organization),
        6 => row.legal_person_subtotal,
        7 => Some(row.total),
        _ => None,
    }
}

/// Indices into [`APPLICANT_COLUMNS`]: the six applicant columns, 小计 and 总计.
const PARTS: std::ops::Range<usize> = 0..APPLICANT_PARTS.len();
const SUBTOTAL: usize = 6;
const TOTAL: usize = 7;

/// The rows of the balance 一 + 二 = 三（七）+ 四: received, carried over, processed, carried
/// forward.
const BALANCE_ROWS: [&str; 4] = ["received", "carried_over", "total_processed", "carried_forward"];

/// A cell's path (`applications.received.total`) and value.
type Operand = (Cow<'static, str>, Option<i64>);

/// The paths of a check's cells: the forms' own lists, borrowed, or a list built for the rows
/// the forms do not name.
type Cells = Cow<'static, [Cow<'static, str>]>;

/// The sum of `parts`, known only when every part is (and there is one) and it does not
/// overflow: the one arithmetic policy of the identities, shared by the readers that use them.
pub(crate) fn sum(parts: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    let (count, sum) = parts.into_iter().fold((0usize, Some(0i64)), |(count, sum), value| {
        (count.saturating_add(1), sum.zip(value).and_then(|(acc, v)| acc.checked_add(v)))
    });
    sum.filter(|_| count > 0)
}

/// Judges `stated = sum`; `expected` is the stated side, `actual` the summed one.
fn judge(
    rule: &'static str,
    scope: Cow<'static, str>,
    stated: Option<i64>,
    sum: Option<i64>,
    cells: Cells,
) -> Check {
    let status = match (stated, sum) {
        (Some(stated), Some(sum)) if stated == sum => CheckStatus::Pass,
        (Some(_), Some(_)) => CheckStatus::Fail,
        _ => CheckStatus::NotAssessable,
    };
    Check { rule: Cow::Borrowed(rule), scope, status, expected: stated, actual: sum, cells, text: None }
}

/// Judges `stated = sum(parts)`, listing the stated cell and then the parts as its cells.
fn judge_operands(
    rule: &'static str,
    scope: Cow<'static, str>,
    stated: Operand,
    parts: impl IntoIterator<Item = Operand>,
) -> Check {
    let parts = parts.into_iter();
    let mut cells = Vec::with_capacity(parts.size_hint().0.saturating_add(1));
    cells.push(stated.0);
    let sum = sum(parts.map(|(path, value)| {
        cells.push(path);
        value
    }));
    judge(rule, scope, stated.1, sum, Cow::Owned(cells))
}

/// The path of every cell of section 三 and 四 the forms define, built once per process: checks
/// list hundreds of paths per report, and borrowing them saves as many allocations.
struct Paths {
    /// Section 三: row key, then the path for each of [`APPLICANT_COLUMNS`], sorted by key.
    applications: Vec<(&'static str, Vec<String>)>,
    /// Section 四: the path of each of [`REVIEW_CELLS`], in order.
    reviews: Vec<String>,
}

fn paths() -> &'static Paths {
    static PATHS: OnceLock<Paths> = OnceLock::new();
    PATHS.get_or_init(|| {
        let subtotals = SUBTOTAL_ROWS.iter().map(|(_, key)| *key);
        let rows = APPLICATION_ROWS.iter().map(|row| row.key).chain(subtotals);
        let mut applications: Vec<(&'static str, Vec<String>)> = rows
            .map(|row| {
                (row, APPLICANT_COLUMNS.iter().map(|(col, _)| format!("applications.{row}.{col}")).collect())
            })
            .collect();
        applications.sort_unstable_by_key(|(row, _)| *row);
        let reviews = REVIEW_CELLS
            .iter()
            .map(|(group, field)| format!("reviews_and_lawsuits.{group}.{field}"))
            .collect();
        Paths { applications, reviews }
    })
}

/// The cells of the checks whose cells the forms fix, listed once per process from [`paths`]:
/// most checks borrow their list instead of building it.
struct FixedCells {
    /// Per row of [`Paths::applications`], in its order: the row total's cells (总计, then the
    /// six applicant columns) and the legal-person subtotal's (小计, then its five columns).
    row_total: Vec<Vec<Cow<'static, str>>>,
    legal_person_subtotal: Vec<Vec<Cow<'static, str>>>,
    /// Per column of [`APPLICANT_COLUMNS`]: the balance's cells (一, 二, 三（七）, 四).
    balance: Vec<Vec<Cow<'static, str>>>,
    /// Per group of section 四: its total, then its four outcomes.
    reviews: Vec<Vec<Cow<'static, str>>>,
}

fn fixed_cells() -> &'static FixedCells {
    static FIXED: OnceLock<FixedCells> = OnceLock::new();
    FIXED.get_or_init(|| {
        let paths = paths();
        let list = |row: &'static [String], columns: &mut dyn Iterator<Item = usize>| {
            columns.filter_map(|c| row.get(c)).map(|path| Cow::Borrowed(path.as_str())).collect::<Vec<_>>()
        };
        let rows = || paths.applications.iter().map(|(_, row)| row.as_slice());
        let row_total = rows().map(|row| list(row, &mut std::iter::once(TOTAL).chain(PARTS))).collect();
        let legal_person_subtotal =
            rows().map(|row| list(row, &mut std::iter::once(SUBTOTAL).chain(PARTS.skip(1)))).collect();
        let row_of = |key: &str| {
            let at = paths.applications.binary_search_by_key(&key, |(row, _)| row).ok();
            at.and_then(|at| paths.applications.get(at)).map_or(&[][..], |(_, row)| row.as_slice())
        };
        let balanced = BALANCE_ROWS.map(row_of);
        let balance = (0..APPLICANT_COLUMNS.len())
            .map(|c| {
                balanced.iter().filter_map(|row| row.get(c)).map(|p| Cow::Borrowed(p.as_str())).collect()
            })
            .collect();
        // A group's cells stand as upheld, corrected, other, pending, total: the total first.
        let reviews =
            paths.reviews.chunks(5).map(|group| list(group, &mut [4, 0, 1, 2, 3].into_iter())).collect();
        FixedCells { row_total, legal_person_subtotal, balance, reviews }
    })
}

/// A row of section 三 as the checks see it: its key (static where the forms define it), its
/// values, and its cells' paths where the forms define them.
struct MatrixRow<'a> {
    key: Cow<'static, str>,
    values: Option<&'a ApplicantCounts>,
    paths: Option<&'static [String]>,
    /// The row's index in [`Paths::applications`] (and [`FixedCells`]), if the forms name it.
    index: Option<usize>,
}

impl<'a> MatrixRow<'a> {
    /// The row `key` with `values`; a row the report lacks has none, so its cells are null.
    fn new(key: &str, values: Option<&'a ApplicantCounts>) -> MatrixRow<'a> {
        let applications = &paths().applications;
        let index = applications.binary_search_by_key(&key, |(row, _)| row).ok();
        let known = index.and_then(|at| applications.get(at));
        MatrixRow {
            key: known.map_or_else(|| Cow::Owned(key.to_string()), |(row, _)| Cow::Borrowed(*row)),
            values,
            paths: known.map(|(_, paths)| paths.as_slice()),
            index,
        }
    }

    /// The value in column `index` of [`APPLICANT_COLUMNS`].
    fn value(&self, index: usize) -> Option<i64> {
        self.values.and_then(|v| column(v, index)).flatten()
    }

    /// The cells of `columns`: the row's list in `fixed` where the forms name the row, else a
    /// list of the paths built for it.
    fn cells(&self, fixed: &'static [Vec<Cow<'static, str>>], columns: impl Iterator<Item = usize>) -> Cells {
        match self.index.and_then(|at| fixed.get(at)) {
            Some(list) => Cow::Borrowed(list),
            None => Cow::Owned(columns.map(|c| self.cell(c).0).collect()),
        }
    }

    /// The cell in column `index` of [`APPLICANT_COLUMNS`]: its path and value.
    fn cell(&self, index: usize) -> Operand {
        let path = match self.paths.and_then(|paths| paths.get(index)) {
            Some(path) => Cow::Borrowed(path.as_str()),
            None => {
                let col = APPLICANT_COLUMNS.get(index).map_or("", |(col, _)| *col);
                Cow::Owned(format!("applications.{}.{col}", self.key))
            }
        };
        (path, self.value(index))
    }
}

fn application_checks(applications: &Applications, checks: &mut Vec<Check>) {
    // Rows are looked up by key once here, not once per cell below.
    let rows: Vec<MatrixRow<'_>> =
        applications.iter().map(|(key, values)| MatrixRow::new(key, Some(values))).collect();
    let named = |key: &str| {
        let found = rows.iter().find(|row| row.key == key);
        found.map_or_else(|| MatrixRow::new(key, None), |row| MatrixRow { key: row.key.clone(), ..*row })
    };
    let columns: Vec<usize> = (0..APPLICANT_COLUMNS.len())
        .filter(|&c| applications.values().any(|row| column(row, c).is_some()))
        .collect();
    let column_key = |c: usize| APPLICANT_COLUMNS.get(c).map_or("", |(key, _)| *key);
    let fixed = fixed_cells();
    for row in &rows {
        checks.push(judge(
            "applications.row_total",
            row.key.clone(),
            row.value(TOTAL),
            sum(PARTS.map(|c| row.value(c))),
            row.cells(&fixed.row_total, std::iter::once(TOTAL).chain(PARTS)),
        ));
        if row.values.is_some_and(|v| v.legal_person_subtotal.is_some()) {
            checks.push(judge(
                "applications.legal_person_subtotal",
                row.key.clone(),
                row.value(SUBTOTAL),
                sum(PARTS.skip(1).map(|c| row.value(c))),
                row.cells(&fixed.legal_person_subtotal, std::iter::once(SUBTOTAL).chain(PARTS.skip(1))),
            ));
        }
    }
    let [received, carried_over, total_processed, carried_forward] = BALANCE_ROWS.map(named);
    let balanced = [&received, &carried_over, &total_processed, &carried_forward];
    for &col in &columns {
        // 一 + 二 = 三（七）+ 四, stated as: received + carried_over is what must be accounted for.
        let stated = received.value(col).zip(carried_over.value(col)).and_then(|(a, b)| a.checked_add(b));
        // The four rows are the forms' own, so their cells are listed once (`fixed_cells`).
        debug_assert!(balanced.iter().all(|row| row.index.is_some()), "the balance's rows are the forms'");
        let cells = fixed.balance.get(col).map_or_else(
            || Cow::Owned(balanced.iter().map(|row| row.cell(col).0).collect()),
            |list| Cow::Borrowed(list.as_slice()),
        );
        checks.push(judge(
            "applications.balance",
            Cow::Borrowed(column_key(col)),
            stated,
            sum([total_processed.value(col), carried_forward.value(col)]),
            cells,
        ));
    }
    // A row printed whole (a 2021 report's `（六）其他处理` without items) stands for its items.
    let whole = |k: &str| {
        WHOLE_ROWS_2021
            .iter()
            .any(|w| k.strip_prefix(w).is_some_and(|r| r.starts_with('.')) && applications.contains_key(*w))
    };
    let outcome_rows: Vec<&MatrixRow<'_>> =
        rows.iter().filter(|row| is_outcome_row(&row.key) && !whole(&row.key)).collect();
    for &col in &columns {
        let parts = outcome_rows.iter().map(|row| row.cell(col));
        checks.push(judge_operands(
            "applications.outcome_total",
            Cow::Borrowed(column_key(col)),
            total_processed.cell(col),
            parts,
        ));
    }
    for subtotal in rows.iter().filter(|row| row.key.ends_with(".subtotal")) {
        let group = subtotal.key.trim_end_matches(".subtotal");
        let items: Vec<&MatrixRow<'_>> = rows
            .iter()
            .filter(|row| {
                row.key.strip_prefix(group).is_some_and(|r| r.starts_with('.')) && row.key != subtotal.key
            })
            .collect();
        for &col in &columns {
            checks.push(judge_operands(
                "applications.group_subtotal",
                Cow::Owned(format!("{}.{}", subtotal.key, column_key(col))),
                subtotal.cell(col),
                items.iter().map(|row| row.cell(col)),
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
    for ((group, outcomes), cells) in groups.into_iter().zip(&fixed_cells().reviews) {
        let parts = [outcomes.upheld, outcomes.corrected, outcomes.other, outcomes.pending];
        checks.push(judge(
            "reviews_and_lawsuits.total",
            Cow::Borrowed(group),
            outcomes.total,
            sum(parts),
            Cow::Borrowed(cells),
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
        let passed = judge_operands("r", scope(), stated(Some(3)), parts(Some(1), Some(2)));
        assert_eq!(
            (passed.status, &*passed.cells),
            (CheckStatus::Pass, &["t", "a", "b"].map(Cow::Borrowed)[..])
        );
        let failed = judge_operands("r", scope(), stated(Some(4)), parts(Some(1), Some(2)));
        assert_eq!((failed.status, failed.expected, failed.actual), (CheckStatus::Fail, Some(4), Some(3)));
        assert_eq!(
            judge_operands("r", scope(), stated(Some(3)), parts(Some(1), None)).status,
            CheckStatus::NotAssessable
        );
        assert_eq!(sum([]), None, "no parts, no sum");
        assert_eq!(sum([Some(i64::MAX), Some(1)]), None, "an overflow is no sum");
    }

    #[test]
    fn the_fixed_cell_lists_are_the_lists_built_from_paths() {
        let fixed = fixed_cells();
        for (key, _) in &paths().applications {
            let row = MatrixRow::new(key, None);
            let built =
                |columns: &mut dyn Iterator<Item = usize>| columns.map(|c| row.cell(c).0).collect::<Vec<_>>();
            let total = std::iter::once(TOTAL).chain(PARTS);
            assert_eq!(*row.cells(&fixed.row_total, total.clone()), built(&mut total.clone()), "{key}");
            let subtotal = std::iter::once(SUBTOTAL).chain(PARTS.skip(1));
            assert_eq!(
                *row.cells(&fixed.legal_person_subtotal, subtotal.clone()),
                built(&mut subtotal.clone())
            );
        }
        let balanced = BALANCE_ROWS.map(|key| MatrixRow::new(key, None));
        for (c, list) in fixed.balance.iter().enumerate() {
            assert_eq!(*list, balanced.iter().map(|row| row.cell(c).0).collect::<Vec<_>>());
        }
        let review = &fixed.reviews[0];
        assert_eq!(review[0], "reviews_and_lawsuits.review.total");
        assert_eq!(review[1], "reviews_and_lawsuits.review.upheld");
    }

    #[test]
    fn column_indices_name_the_contract_columns() {
        let key = |i: usize| APPLICANT_COLUMNS[i].0;
        assert_eq!(PARTS.map(key).collect::<Vec<_>>(), APPLICANT_PARTS);
        assert_eq!((key(SUBTOTAL), key(TOTAL)), ("legal_person_subtotal", "total"));
        let row = row([Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(21)]);
        assert_eq!(
            (column(&row, 5), column(&row, SUBTOTAL), column(&row, TOTAL)),
            (Some(Some(6)), None, Some(Some(21)))
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
