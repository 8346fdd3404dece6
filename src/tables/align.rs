//! Placing section 三's rows of numbers on the statutory form.
//!
//! The section 三 reader ([`super::applications`]) hands over every row of numbers it found, in
//! document order, with the form rows its label names ([`Found`]). This module decides where
//! each goes, by the form itself:
//!
//! - **names**: each row takes one of the rows its label names, keeping the form's order, by
//!   the choice that places the most rows ([`resolve_names`]): a word naming several rows goes
//!   to the next one due, and a label naming a row far ahead (a header's `总计`, a misprint) is
//!   not followed when that would leave the rows between unplaced;
//! - **fragments**: a wrapped label leaves one row's numbers on two lines (`（二）部分公开… 20`
//!   above `19 1 0 0 0 0`, or the next label line carrying the rest). Two neighbouring
//!   incomplete rows are joined when their numbers fill the columns exactly, stand in distinct
//!   places, and the joined row's six applicant columns add up to its 总计;
//! - **order**: a row whose label is missing, misprinted or away from its numbers sits between
//!   rows that are named. The form fixes the order of its rows, so when a run of unnamed rows
//!   exactly fills the rows missing between its named neighbours, each takes its place;
//! - **identities**: rows placed by order are kept only when the identities they take part in
//!   then hold (the outcome rows adding up to （七）总计, or 一 + 二 = 七 + 四). Otherwise they are
//!   all null, with one diagnostic naming them.
//!
//! Spaced rows with blanks are placed by the position of their numbers ([`place_by_position`]).
//! Last, [`place_all`] writes every field of every form row: found rows with their values, the
//! rest as nulls, each with the diagnostic that says why.
//! Every sum is checked arithmetic ([`crate::validate::sum`]).

use crate::model::Code;
use std::borrow::Cow;

use crate::labels::{is_outcome_row, RowLabel, APPLICANT_COLUMNS, APPLICANT_PARTS};
use crate::model::Severity;
use crate::tables::positional::{self, Spot};
use crate::tables::{integer_of, Kind, LineCell, Placed, Reading};
use crate::validate::sum;

/// A row of numbers found in section 三, before it is placed on the form.
#[derive(Debug)]
pub struct Found<'l> {
    /// The form row it is placed under; `None` while no label or rule places it.
    pub key: Option<&'static str>,
    /// The form rows (by index) whose words its label holds: a word such as `其他` or
    /// `不再处理其政府信息公开申请` names several.
    pub named: Vec<usize>,
    /// Its label as printed near it, for diagnostics.
    pub label: String,
    /// The line of its first numbers.
    pub line: usize,
    /// Its numbers: fitted to the columns, or not yet.
    pub numbers: Numbers<'l>,
    /// How it was placed when its label did not say.
    pub placed_by: Option<PlacedBy>,
}

/// A found row's numbers.
#[derive(Debug)]
pub enum Numbers<'l> {
    /// One cell (or a blank) per column.
    Fitted(Vec<Option<LineCell<'l>>>),
    /// A spaced row with fewer numbers than columns: its cells in order, where each stands, and
    /// why they did not fit.
    Partial { cells: Vec<LineCell<'l>>, spots: Vec<Spot>, why: String },
    /// Numbers that cannot be placed with certainty, and why: reported once the row's place in
    /// the form is known.
    Doubtful(String),
    /// Numbers that cannot be placed in any way (already reported).
    Unplaceable,
}

/// How a row was placed when its label did not name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacedBy {
    /// Its position among the named rows.
    Order,
    /// Its numbers were joined with the next row's by position.
    Joining,
}

impl Found<'_> {
    /// The row's integers by column, where fitted.
    fn integers(&self) -> Option<Vec<Option<i64>>> {
        match &self.numbers {
            Numbers::Fitted(cells) => {
                Some(cells.iter().map(|c| c.as_ref().and_then(|c| integer_of(&c.cell))).collect())
            }
            _ => None,
        }
    }
}

/// Gives each row one of the form rows its label names, keeping the form's order: of all the
/// ways to do so, one that places the most rows, each row taking the earliest row it can. So a
/// word that names several rows goes to the next one due, and a label that names a row far
/// ahead (a header's `总计` above the first row, a misprint that names another row) is not
/// followed when that would leave the rows between unplaced. A row printed whole (`whole`) is
/// kept only when none of its items is.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn resolve_names(form: &[&'static RowLabel], whole: &[&str], found: &mut [Found<'_>]) {
    let width = form.len() + 1;
    // most[r * width + j]: the most rows from r on that can be placed at form indices ≥ j.
    let mut most = vec![0usize; (found.len() + 1) * width];
    for r in (0..found.len()).rev() {
        for j in 0..width {
            let skip = most.get((r + 1) * width + j).copied().unwrap_or(0);
            let take = found.get(r).map_or(0, |row| {
                let after = |&c: &usize| most.get((r + 1) * width + c + 1).copied().unwrap_or(0) + 1;
                row.named.iter().filter(|&&c| c >= j).map(after).max().unwrap_or(0)
            });
            if let Some(slot) = most.get_mut(r * width + j) {
                *slot = skip.max(take);
            }
        }
    }
    let mut next = 0;
    for r in 0..found.len() {
        let best = most.get(r * width + next).copied().unwrap_or(0);
        let Some(row) = found.get_mut(r) else { continue };
        if row.key.is_some() {
            continue; // a 小计 row, outside the form's order
        }
        let rest = |c: usize| most.get((r + 1) * width + c + 1).copied().unwrap_or(0);
        let mut named = row.named.clone();
        named.sort_unstable();
        if let Some(c) = named.into_iter().find(|&c| c >= next && rest(c) + 1 == best) {
            row.key = form.get(c).map(|r| r.key);
            next = c + 1;
        }
    }
    // A row printed whole stands for its items: where an item is printed too, the row that names
    // only the whole (an item's label lost) is left to the form's order.
    let items_printed = |w: &str| {
        found.iter().filter_map(|f| f.key).any(|k| k.strip_prefix(w).is_some_and(|r| r.starts_with('.')))
    };
    let doubtful: Vec<&str> = whole.iter().copied().filter(|w| items_printed(w)).collect();
    for row in found.iter_mut().filter(|f| f.key.is_some_and(|k| doubtful.contains(&k))) {
        row.key = None;
    }
}

/// Joins neighbouring partial rows whose numbers together fill the `width` columns (see the
/// module doc), in place.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn join_fragments(found: &mut Vec<Found<'_>>, width: usize, reading: &mut Reading) {
    let mut index = 0;
    while index + 1 < found.len() {
        let joined = match (found.get(index), found.get(index + 1)) {
            (Some(first), Some(second)) => join(first, second, width),
            _ => None,
        };
        let Some(cells) = joined else {
            index += 1;
            continue;
        };
        let second = found.remove(index + 1);
        if let Some(first) = found.get_mut(index) {
            reading.note(
                Severity::Info,
                Code::RowJoined,
                Some(first.line),
                format!(
                    "the numbers of lines {} and {} were joined into one row by their positions: together they fill the columns and the row's 总计 holds",
                    first.line, second.line
                ),
            );
            if first.named.is_empty() {
                first.named = second.named;
            }
            first.label = format!("{} {}", first.label, second.label).trim().to_owned();
            first.numbers = Numbers::Fitted(cells.into_iter().map(Some).collect());
            first.placed_by = Some(PlacedBy::Joining);
        }
        index += 1;
    }
}

/// The cells of `first` and `second` joined in the order of their positions, when that makes
/// one complete row whose parts add up to its 总计.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn join<'l>(first: &Found<'l>, second: &Found<'l>, width: usize) -> Option<Vec<LineCell<'l>>> {
    let (Numbers::Partial { cells: a, spots: sa, .. }, Numbers::Partial { cells: b, spots: sb, .. }) =
        (&first.numbers, &second.numbers)
    else {
        return None;
    };
    let named_twice = !first.named.is_empty() && !second.named.is_empty() && first.named != second.named;
    if named_twice || a.len() + b.len() != width || second.line > first.line + 3 {
        return None;
    }
    let mut placed: Vec<(&LineCell<'l>, &Spot)> = a.iter().zip(sa).chain(b.iter().zip(sb)).collect();
    let page = placed.first()?.1.page;
    if placed.iter().any(|(_, spot)| spot.page != page) {
        return None;
    }
    placed.sort_by(|x, y| x.1.center.total_cmp(&y.1.center));
    // Two numbers in one place are two rows' numbers, not one row's.
    if placed.windows(2).any(|w| matches!(w, [x, y] if (y.1.center - x.1.center) < 2.0)) {
        return None;
    }
    let values: Option<Vec<i64>> = placed.iter().map(|(c, _)| integer_of(&c.cell)).collect();
    let values = values?;
    let (total, parts) = values.split_last()?;
    (parts.len() == APPLICANT_PARTS.len() && sum(parts.iter().copied().map(Some)) == Some(*total))
        .then(|| placed.into_iter().map(|(c, _)| c.clone()).collect())
}

/// Gives each run of rows that no label names the form rows missing between its named
/// neighbours, when the run fills them exactly (see the module doc). `whole` lists rows that are
/// printed only by label (a 2021 report's whole `（六）其他处理`), never by order.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn align_by_order(form: &[&'static RowLabel], whole: &[&str], found: &mut [Found<'_>]) {
    let at = |key: &str| form.iter().position(|r| r.key == key);
    let taken: Vec<&'static str> = found.iter().filter_map(|f| f.key).collect();
    let mut previous: Option<usize> = None;
    let mut run: Vec<usize> = Vec::new();
    for index in 0..=found.len() {
        let next = match found.get(index) {
            None => Some(form.len()),
            Some(row) => match row.key {
                Some(key) => match at(key) {
                    Some(position) => Some(position),
                    None => continue, // a 小计 row: outside the form's order
                },
                None => {
                    if !matches!(row.numbers, Numbers::Unplaceable) {
                        run.push(index);
                    }
                    continue;
                }
            },
        };
        let Some(next) = next else { continue };
        let from = previous.map_or(0, |p| p + 1);
        let slots: Vec<&'static str> = form
            .get(from..next)
            .unwrap_or_default()
            .iter()
            .map(|r| r.key)
            .filter(|key| !taken.contains(key) && !whole.contains(key))
            .collect();
        if !run.is_empty() && run.len() == slots.len() {
            for (&index, key) in run.iter().zip(slots) {
                if let Some(row) = found.get_mut(index) {
                    row.key = Some(key);
                    row.placed_by = Some(PlacedBy::Order);
                }
            }
        }
        run.clear();
        previous = Some(next);
    }
}

/// Keeps rows placed by order only when the identities they take part in can be judged (every
/// row they add up is read) and then hold; otherwise their values are dropped with one error
/// naming them. `form` and `whole` are the rows the reading looked for (see
/// [`resolve_names`]).
pub fn confirm_order(
    (form, whole): (&[&'static RowLabel], &[&str]),
    found: &mut [Found<'_>],
    keys: &[&str],
    reading: &mut Reading,
) {
    let by_order: Vec<usize> = (0..found.len())
        .filter(|&i| found.get(i).is_some_and(|f| f.placed_by == Some(PlacedBy::Order)))
        .collect();
    let Some(&first) = by_order.first() else { return };
    let matrix: Vec<(&str, Vec<Option<i64>>)> =
        found.iter().filter_map(|f| Some((f.key?, f.integers()?))).collect();
    let names: Vec<String> = by_order
        .iter()
        .filter_map(|&i| found.get(i))
        .map(|f| format!("row {}: line {} {:?}", f.key.unwrap_or("?"), f.line, f.label))
        .collect();
    let line = found.get(first).map(|f| f.line);
    // Only the identities a placed row takes part in can confirm its place: an outcome row's
    // the outcome total, the others' the balance.
    let placed = by_order.iter().filter_map(|&i| found.get(i)?.key);
    let (outcomes, others): (Vec<&str>, Vec<&str>) = placed.partition(|k| is_outcome_row(k));
    let (balance, outcomes) = (!others.is_empty(), !outcomes.is_empty());
    // A row not read would count as zero in the sums, and prove nothing.
    let read = |key: &str| matrix.iter().any(|(k, _)| *k == key);
    let balance_judged =
        ["received", "carried_over", "total_processed", "carried_forward"].into_iter().all(read);
    let outcome_read = |key: &str| {
        let part_of = |w: &&str| key.strip_prefix(*w).is_some_and(|rest| rest.starts_with('.'));
        let items_of =
            |w: &str| matrix.iter().any(|(k, _)| k.strip_prefix(w).is_some_and(|r| r.starts_with('.')));
        read(key) || whole.iter().any(|w| part_of(w) && read(w)) || (whole.contains(&key) && items_of(key))
    };
    let outcomes_judged =
        read("total_processed") && form.iter().map(|r| r.key).filter(|k| is_outcome_row(k)).all(outcome_read);
    let judged = (!balance || balance_judged) && (!outcomes || outcomes_judged);
    if judged && columns_add_up(keys, &matrix, balance, outcomes) {
        reading.note(
            Severity::Info,
            Code::PlacedByOrder,
            line,
            format!(
                "rows whose labels name no row of the form were placed by the form's order, and the matrix's identities hold: {}",
                names.join("; ")
            ),
        );
        return;
    }
    reading.note(
        Severity::Error,
        Code::UnplacedRows,
        line,
        format!(
            "rows whose labels name no row of the form would take the form's missing rows by order, but the matrix's identities then {}, so their values are null: {}",
            if judged { "fail" } else { "cannot be judged (a row they add up was not read)" },
            names.join("; ")
        ),
    );
    for &index in &by_order {
        if let Some(row) = found.get_mut(index) {
            row.numbers = Numbers::Unplaceable;
        }
    }
}

/// The character position of each of the `keys` columns under the header rows (see
/// [`positional::anchors`]), when the header names enough of them.
pub fn header_anchors(header: &[&crate::grid::Row], keys: &[&str]) -> Option<Vec<f64>> {
    let labels: Vec<&str> = keys
        .iter()
        .map(|key| {
            APPLICANT_COLUMNS.iter().find(|(k, _)| k == key).and_then(|(_, n)| n.first()).map_or("", |n| n)
        })
        .collect();
    positional::anchors(header, &labels)
}

/// Places the partial rows' numbers by their character positions under the header (see
/// [`positional`]), judged by the matrix's identities; rows that stay undecided keep null values
/// and get a `cell_count` error.
pub fn place_by_position(
    reading: &mut Reading,
    (header, anchors): (&[&crate::grid::Row], Option<&[f64]>),
    keys: &[&'static str],
    header_page: usize,
    found: &mut [Found<'_>],
) {
    let deferred: Vec<usize> = (0..found.len())
        .filter(|&i| {
            found.get(i).is_some_and(|f| f.key.is_some() && matches!(f.numbers, Numbers::Partial { .. }))
        })
        .collect();
    if deferred.is_empty() {
        return;
    }
    let spots: Vec<Vec<Spot>> = deferred
        .iter()
        .filter_map(|&i| match found.get(i).map(|f| &f.numbers) {
            Some(Numbers::Partial { spots, .. }) => Some(spots.clone()),
            _ => None,
        })
        .collect();
    let fixed: Vec<(&str, Vec<Option<i64>>)> =
        found.iter().filter_map(|f| Some((f.key?, f.integers()?))).collect();
    let partial_values = |i: usize| match found.get(i).map(|f| (&f.key, &f.numbers)) {
        Some((Some(key), Numbers::Partial { cells, .. })) => {
            Some((*key, cells.iter().map(|c| integer_of(&c.cell)).collect::<Vec<_>>()))
        }
        _ => None,
    };
    let partials: Vec<(&str, Vec<Option<i64>>)> =
        deferred.iter().filter_map(|&i| partial_values(i)).collect();
    let anchors = anchors.map(Cow::Borrowed).or_else(|| header_anchors(header, keys).map(Cow::Owned));
    let placement = match anchors {
        Some(anchors) => positional::place(&spots, &anchors, header_page, |assignment| {
            let mut matrix = fixed.clone();
            for ((key, numbers), columns) in partials.iter().zip(assignment) {
                let mut values = vec![None; keys.len()];
                for (value, &column) in numbers.iter().zip(columns) {
                    if let Some(slot) = values.get_mut(column) {
                        *slot = *value;
                    }
                }
                matrix.push((key, values));
            }
            identities_hold(keys, &matrix)
        }),
        None => positional::Placement {
            rows: vec![None; deferred.len()],
            realigned: Vec::new(),
            failure: Some("the header names too few columns to place numbers by position".into()),
            alone: false,
        },
    };
    let page_starts: Vec<usize> = placement
        .realigned
        .iter()
        .filter_map(|page| {
            let on_page = |&&i: &&usize| match found.get(i).map(|f| &f.numbers) {
                Some(Numbers::Partial { spots, .. }) => spots.iter().any(|s| s.page == *page),
                _ => false,
            };
            deferred.iter().find(on_page).and_then(|&i| found.get(i)).map(|f| f.line)
        })
        .collect();
    let mut placed_lines = Vec::new();
    for (&index, columns) in deferred.iter().zip(&placement.rows) {
        let Some(row) = found.get_mut(index) else { continue };
        let Numbers::Partial { cells, why, .. } = std::mem::replace(&mut row.numbers, Numbers::Unplaceable)
        else {
            continue;
        };
        let Some(columns) = columns else {
            let reason = placement.failure.as_deref().unwrap_or("their columns are ambiguous");
            reading.note(
                Severity::Error,
                Code::CellCount,
                Some(row.line),
                format!(
                    "row {}: {why}; placing them by position failed: {reason}; its values are null",
                    row.key.unwrap_or("?")
                ),
            );
            continue;
        };
        let mut fitted = vec![None; keys.len()];
        for (cell, &column) in cells.into_iter().zip(columns) {
            if let Some(slot) = fitted.get_mut(column) {
                *slot = Some(cell);
            }
        }
        row.numbers = Numbers::Fitted(fitted);
        placed_lines.push(row.line);
    }
    match (placed_lines.first(), placed_lines.last()) {
        (Some(first), Some(last)) if placement.alone => reading.note(
            Severity::Warning,
            Code::PlacedByPositionAlone,
            Some(*first),
            format!(
                "{} rows with blank cells (lines {first}–{last}) were placed by the character position of their numbers alone: no placement satisfies the table's identities (see the checks: the report's own sums may be wrong), and each number stands right under one header column, far from the others",
                placed_lines.len()
            ),
        ),
        (Some(first), Some(last)) => placed_by_position_note(reading, (*first, *last), placed_lines.len(), &page_starts),
        _ => {}
    }
}

/// The `placed_by_position` note for `count` rows on lines `first..=last`, naming the lines
/// after which a page's columns were aligned by the identities.
fn placed_by_position_note(
    reading: &mut Reading,
    (first, last): (usize, usize),
    count: usize,
    page_starts: &[usize],
) {
    let pages = match page_starts {
        [] => String::new(),
        lines => format!(
            "; after a page break (line {}) the columns were aligned by those identities",
            lines.iter().map(usize::to_string).collect::<Vec<_>>().join(", line ")
        ),
    };
    reading.note(
        Severity::Info,
        Code::PlacedByPosition,
        Some(first),
        format!(
            "{count} rows with blank cells (lines {first}–{last}) were placed by the character position of their numbers under the header, and the row totals, the balance and （七）总计 hold{pages}"
        ),
    );
}

/// Whether the matrix (`keys` columns, blanks counted as zero) satisfies its identities: each
/// row's applicant columns add up to a stated 总计, and the columns' identities hold (see
/// [`columns_add_up`]). Sums that overflow do not hold.
pub fn identities_hold(keys: &[&str], matrix: &[(&str, Vec<Option<i64>>)]) -> bool {
    matrix.iter().all(|(_, values)| row_adds_up(keys, values)) && columns_add_up(keys, matrix, true, true)
}

/// Whether a row states its 总计 and its applicant columns (`keys`, blanks counted as zero)
/// add up to it: what confirms a reading of the row, where [`row_adds_up`] only finds none
/// wrong.
pub fn row_confirmed(keys: &[&str], values: &[Option<i64>]) -> bool {
    let total = keys.iter().position(|k| *k == "total");
    total.is_some_and(|t| filled(values, t)) && row_adds_up(keys, values)
}

/// Whether a row's applicant columns (`keys`, blanks counted as zero) add up to its 总计, when
/// it states one. A sum that overflows does not.
pub fn row_adds_up(keys: &[&str], values: &[Option<i64>]) -> bool {
    let at = |name: &str| keys.iter().position(|k| *k == name);
    match at("total") {
        Some(t) if filled(values, t) => {
            let parts = APPLICANT_PARTS.iter().filter_map(|k| at(k));
            sum(parts.map(|c| Some(value(values, c)))) == Some(value(values, t))
        }
        _ => true,
    }
}

/// Whether, in every column, 一 + 二 = 七 + 四 (when `balance`) and the outcome rows add up
/// to （七）总计 wherever any of them is filled (when `outcomes`); blanks count as zero.
fn columns_add_up(keys: &[&str], matrix: &[(&str, Vec<Option<i64>>)], balance: bool, outcomes: bool) -> bool {
    let row = |name: &str| matrix.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_slice());
    let outcome_rows: Vec<&[Option<i64>]> =
        matrix.iter().filter(|(k, _)| is_outcome_row(k)).map(|(_, v)| v.as_slice()).collect();
    (0..keys.len()).all(|c| {
        let cell = |name: &str| row(name).map_or(0, |v| value(v, c));
        let balanced = cell("received").checked_add(cell("carried_over"))
            == cell("total_processed").checked_add(cell("carried_forward"));
        let itemised = outcome_rows.iter().any(|v| filled(v, c));
        let outcome_sum = sum(outcome_rows.iter().map(|v| Some(value(v, c))));
        (!balance || balanced) && (!outcomes || !itemised || outcome_sum == Some(cell("total_processed")))
    })
}

fn value(values: &[Option<i64>], column: usize) -> i64 {
    values.get(column).copied().flatten().unwrap_or(0)
}

fn filled(values: &[Option<i64>], column: usize) -> bool {
    values.get(column).is_some_and(Option::is_some)
}
/// Places every field of every row: found rows with their values, the form's other rows as
/// nulls with a `missing_row` diagnostic, subtotal rows after their group. A row printed whole
/// (`whole`) is placed only when found, and then its items are null without comment.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn place_all<'l>(
    reading: &mut Reading<'l>,
    (form, whole): (&[&'static RowLabel], &[&str]),
    keys: &[&'static str],
    mut found: Vec<Found<'l>>,
    label_lines: &[(usize, String)],
) {
    let mut seen: Vec<&'static str> = Vec::with_capacity(found.len());
    for row in &mut found {
        if let Numbers::Doubtful(why) = &row.numbers {
            let name = row.key.map_or_else(|| format!("{:?}", row.label), str::to_owned);
            reading.note(
                Severity::Error,
                Code::CellCount,
                Some(row.line),
                format!("row {name}: {why}; its values are null"),
            );
            row.numbers = Numbers::Unplaceable;
        }
        match row.key {
            Some(key) if seen.contains(&key) => {
                reading.note(
                    Severity::Warning,
                    Code::DuplicateRow,
                    Some(row.line),
                    format!("row {key} appears again; the first is kept"),
                );
                row.key = None;
            }
            Some(key) => seen.push(key),
            None if !matches!(row.numbers, Numbers::Unplaceable) => reading.note(
                Severity::Warning,
                Code::UnrecognizedRow,
                Some(row.line),
                format!(
                    "row {:?} is not a row of the form (or is out of order); its numbers are not used",
                    row.label
                ),
            ),
            None => {}
        }
    }
    let printed_whole: Vec<&str> = whole.iter().copied().filter(|key| seen.contains(key)).collect();
    let is_item_of_whole =
        |key: &str| printed_whole.iter().any(|w| key.strip_prefix(w).is_some_and(|r| r.starts_with('.')));
    let mut order: Vec<&'static str> =
        form.iter().map(|r| r.key).filter(|key| !whole.contains(key) || seen.contains(key)).collect();
    for key in &seen {
        if let Some(group) = key.strip_suffix(".subtotal") {
            let at = order
                .iter()
                .rposition(|k| k.strip_prefix(group).is_some_and(|r| r.is_empty() || r.starts_with('.')))
                .map_or(order.len(), |i| i + 1);
            order.insert(at, key);
        }
    }
    for key in &printed_whole {
        let line = found.iter().find(|f| f.key == Some(key)).map(|f| f.line);
        reading.note(
            Severity::Info,
            Code::WholeRow,
            line,
            format!(
                "row {key} is printed whole, as the 2019 form has it; its items in the 2021 form are null"
            ),
        );
    }
    let any_found = !seen.is_empty();
    reading.placed.reserve(order.len() * keys.len());
    for key in order {
        let numbers = found.iter_mut().find(|f| f.key == Some(key)).map(|f| &mut f.numbers);
        if let Some(Numbers::Fitted(cells)) = numbers {
            for (field, cell) in keys.iter().zip(std::mem::take(cells)) {
                let (value, origin) = cell.map_or((None, None), |c| c.read(Kind::Count, reading));
                reading.placed.push(Placed { row: key, field, value, origin });
            }
            continue;
        }
        if numbers.is_none() && !is_item_of_whole(key) {
            let printed = form
                .iter()
                .find(|r| r.key == key)
                .and_then(|r| label_lines.iter().find(|(_, l)| r.keywords.iter().any(|k| l.contains(k))));
            match printed {
                Some((line, _)) => reading.note(
                    Severity::Warning,
                    Code::MissingRow,
                    Some(*line),
                    format!("row {key} of section 三 is printed without numbers; its values are null"),
                ),
                None if any_found => reading.note(
                    Severity::Warning,
                    Code::MissingRow,
                    None,
                    format!("row {key} of section 三 was not found; its values are null"),
                ),
                None => {}
            }
        }
        for field in keys {
            reading.placed.push(Placed { row: key, field, value: None, origin: None });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Cell;

    /// A partial row on `line` naming `named`, its numbers at `centers` on page 0.
    fn partial(line: usize, named: &[usize], numbers: &[(&'static str, f64)]) -> Found<'static> {
        Found {
            key: None,
            named: named.to_vec(),
            label: String::new(),
            line,
            numbers: Numbers::Partial {
                cells: numbers.iter().map(|&(t, _)| LineCell { line, cell: Cell::new(t, t, t) }).collect(),
                spots: numbers.iter().map(|&(_, center)| Spot { page: 0, center }).collect(),
                why: String::new(),
            },
            placed_by: None,
        }
    }

    fn joined(first: &Found<'static>, second: &Found<'static>) -> Option<Vec<&'static str>> {
        join(first, second, 7).map(|cells| cells.iter().map(|c| c.cell.text).collect())
    }

    /// The form rows `resolve_names` gives rows naming `named` (indices into the first ten rows
    /// of section 三), by index.
    fn resolved(named: &[&[usize]]) -> Vec<Option<usize>> {
        let form: Vec<&'static RowLabel> = crate::labels::APPLICATION_ROWS.iter().take(10).collect();
        let mut found: Vec<Found<'static>> = named
            .iter()
            .enumerate()
            .map(|(line, named)| Found {
                key: None,
                named: named.to_vec(),
                label: String::new(),
                line,
                numbers: Numbers::Unplaceable,
                placed_by: None,
            })
            .collect();
        resolve_names(&form, &[], &mut found);
        found.iter().map(|f| f.key.and_then(|k| form.iter().position(|r| r.key == k))).collect()
    }

    #[test]
    fn names_are_resolved_to_place_the_most_rows_each_at_the_earliest() {
        assert_eq!(resolved(&[&[0], &[1], &[2]]), [Some(0), Some(1), Some(2)]);
        // A header's 总计 naming the last row is not followed: it would leave three unplaced.
        assert_eq!(resolved(&[&[9], &[0], &[1], &[2]]), [None, Some(0), Some(1), Some(2)]);
        // A word naming several rows goes to the next one due.
        assert_eq!(resolved(&[&[1, 2], &[2]]), [Some(1), Some(2)]);
        assert_eq!(resolved(&[&[1, 2], &[1, 2], &[3]]), [Some(1), Some(2), Some(3)]);
        // A misprint naming a row far ahead is not followed.
        assert_eq!(resolved(&[&[0], &[5], &[2], &[3]]), [Some(0), None, Some(2), Some(3)]);
        // Where following it places as many rows as not, the earlier row takes its name.
        assert_eq!(resolved(&[&[0], &[5], &[2], &[6]]), [Some(0), Some(5), None, Some(6)]);
        // The last row of the form, and the last two.
        assert_eq!(resolved(&[&[0], &[9]]), [Some(0), Some(9)]);
        assert_eq!(resolved(&[&[8, 9], &[9]]), [Some(8), Some(9)]);
        assert_eq!(resolved(&[&[8, 9], &[8, 9]]), [Some(8), Some(9)]);
        assert_eq!(resolved(&[&[7], &[8, 9], &[7]]), [Some(7), Some(8), None]);
        // Out of order, or twice: the earliest row keeps its name.
        assert_eq!(resolved(&[&[2], &[1]]), [Some(2), None]);
        assert_eq!(resolved(&[&[3], &[3]]), [Some(3), None]);
        // A row naming nothing stays for the form's order.
        assert_eq!(resolved(&[&[0], &[], &[2]]), [Some(0), None, Some(2)]);
        assert_eq!(resolved(&[&[4], &[1], &[2], &[3], &[5]]), [None, Some(1), Some(2), Some(3), Some(5)]);
    }

    #[test]
    fn fragments_join_by_position_when_they_fill_the_row_and_its_total_holds() {
        // `（二）部分公开…  2` above `1 1 0 0 0 0`: the 总计 stands right of the six.
        let total = partial(10, &[3], &[("2", 60.0)]);
        let six = || {
            partial(11, &[], &[("1", 0.0), ("1", 10.0), ("0", 20.0), ("0", 30.0), ("0", 40.0), ("0", 50.0)])
        };
        assert_eq!(joined(&total, &six()), Some(vec!["1", "1", "0", "0", "0", "0", "2"]));
        // Up to three lines apart, not more.
        assert!(joined(
            &total,
            &partial(13, &[], &[("1", 0.0), ("1", 10.0), ("0", 20.0), ("0", 30.0), ("0", 40.0), ("0", 50.0)])
        )
        .is_some());
        assert!(joined(
            &total,
            &partial(14, &[], &[("1", 0.0), ("1", 10.0), ("0", 20.0), ("0", 30.0), ("0", 40.0), ("0", 50.0)])
        )
        .is_none());
        // Not when the parts do not add up to the 总计.
        assert!(joined(&partial(10, &[3], &[("3", 60.0)]), &six()).is_none());
        // Not when together they do not fill the columns exactly.
        assert!(joined(
            &total,
            &partial(11, &[], &[("1", 0.0), ("1", 10.0), ("0", 20.0), ("0", 30.0), ("0", 40.0)])
        )
        .is_none());
        // Not when each names a row of its own, other than the other's; a name on one side
        // only, or the same name on both, does not stop it.
        let named = |row: &[usize]| {
            partial(11, row, &[("1", 0.0), ("1", 10.0), ("0", 20.0), ("0", 30.0), ("0", 40.0), ("0", 50.0)])
        };
        assert!(joined(&total, &named(&[4])).is_none());
        assert!(joined(&total, &named(&[3])).is_some());
        assert!(joined(&partial(10, &[], &[("2", 60.0)]), &named(&[4])).is_some());
        // Not when two numbers stand in one place (two rows' numbers).
        assert!(joined(&partial(10, &[3], &[("2", 50.5)]), &six()).is_none());
    }
}
