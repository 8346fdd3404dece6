//! Column assignment by character position, for space-aligned rows (`pdftotext -layout`) whose
//! blank cells leave no trace in the text but a wider gap.
//!
//! The header gives each column an *anchor*: the character position of the words of its label
//! (`自然` / `人`, `结果维` / `持`, broken over lines). A row's numbers keep their order, so a row
//! is assigned to strictly increasing columns at the least total distance from the anchors; a
//! tie leaves the row undecided. `pdftotext` places each page's text on its own, so on a page
//! without the header the columns come out shifted by a few characters: there every alignment
//! of the page's columns with the anchors within [`TOLERANCE`] is tried, and the table's own
//! identities (row totals, the balance, （七）总计), supplied by the caller, choose among them. A
//! row is placed only when every alignment that satisfies the identities puts its numbers in
//! the same columns, and nothing is placed when none does.

use crate::grid::{Cell, Row};
use crate::normalize::fold_label;

/// How far, in characters, a page's column may stand from the header's anchor for it.
pub const TOLERANCE: f64 = 3.0;

/// More alignments than this are not searched: the table is left undecided.
const MAX_ALIGNMENTS: usize = 4096;

/// Where a number stands: its page and the character position of its centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    /// Page breaks before the number's line (see [`Row::page`]).
    pub page: usize,
    /// 0-based character position of the middle of the number's text.
    pub center: f64,
}

impl Spot {
    /// The spot of `cell`, a cell of `row`.
    #[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
    pub fn of(cell: &Cell, row: &Row) -> Spot {
        let start = cell.column().saturating_sub(1 + row.page_break_width);
        Spot { page: row.page, center: center(start, cell.text.chars().count()) }
    }
}

fn center(start: usize, chars: usize) -> f64 {
    start as f64 + chars.saturating_sub(1) as f64 / 2.0
}

/// A header word: its folded text, first character position and length in characters.
#[derive(Debug)]
struct Word {
    folded: String,
    start: usize,
    chars: usize,
}

/// The whitespace-separated words of a header row, with their positions.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn words(row: &Row) -> Vec<Word> {
    let mut words = Vec::new();
    for cell in &row.cells {
        let base = cell.column().saturating_sub(1 + row.page_break_width);
        let mut open: Option<(usize, String)> = None;
        for (i, c) in cell.text.chars().chain(std::iter::once(' ')).enumerate() {
            match (c.is_whitespace(), open.as_mut()) {
                (false, Some((_, text))) => text.push(c),
                (false, None) => open = Some((i, c.to_string())),
                (true, Some(_)) => {
                    if let Some((at, text)) = open.take() {
                        let chars = text.chars().count();
                        words.push(Word { folded: fold_label(&text).into_owned(), start: base + at, chars });
                    }
                }
                (true, None) => {}
            }
        }
    }
    words
}

/// The columns a header row names, with the centre of each naming word.
///
/// Words are matched in order against the column labels (`labels`, folded): a word names the
/// first column at or after the last one named whose label contains it, so repeated labels
/// (`结果维持` in three groups) go to successive columns. Words in a *compressed run* are then
/// dropped: `pdftotext` sets single characters one space apart (`持 正 果 结 计`) when it cannot
/// place them, and their positions mean nothing.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn named_columns(row: &Row, labels: &[&str]) -> Vec<(usize, f64)> {
    let words = words(row);
    let mut cursor = 0;
    let mut named: Vec<Option<usize>> = Vec::with_capacity(words.len());
    for word in &words {
        let column = labels
            .iter()
            .enumerate()
            .skip(cursor)
            .find(|(_, label)| !word.folded.is_empty() && label.contains(word.folded.as_str()))
            .map(|(c, _)| c);
        if let Some(c) = column {
            cursor = c + 1;
        }
        named.push(column);
    }
    let mut keep = vec![true; words.len()];
    let mut run_start = 0;
    for i in 1..=words.len() {
        let joined = match (words.get(i - 1), words.get(i)) {
            (Some(a), Some(b)) => b.start == a.start + a.chars + 1,
            _ => false,
        };
        if !joined {
            let run = words.get(run_start..i).unwrap_or_default();
            if run.iter().filter(|w| w.chars == 1).count() >= 4 {
                keep.iter_mut().take(i).skip(run_start).for_each(|k| *k = false);
            }
            run_start = i;
        }
    }
    words
        .iter()
        .zip(named)
        .zip(keep)
        .filter_map(|((word, column), keep)| Some((column.filter(|_| keep)?, center(word.start, word.chars))))
        .collect()
}

/// The anchor of each of the columns labelled `labels` (folded), from the header rows.
///
/// The row naming most columns sets its anchors first; other rows fill the columns still
/// without one where that keeps the anchors in order; the rest are interpolated (or, at the
/// edges, extrapolated at the mean spacing). `None` when fewer than two columns are named.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn anchors(header: &[&Row], labels: &[&str]) -> Option<Vec<f64>> {
    let mut by_row: Vec<Vec<(usize, f64)>> = header.iter().map(|row| named_columns(row, labels)).collect();
    by_row.sort_by_key(|named| std::cmp::Reverse(named.len()));
    let mut set: Vec<Option<f64>> = vec![None; labels.len()];
    for named in by_row {
        for (column, at) in named {
            let left = set.get(..column).unwrap_or_default().iter().rev().flatten().next();
            let right = set.get(column + 1..).unwrap_or_default().iter().flatten().next();
            let ordered = left.is_none_or(|&l| l < at) && right.is_none_or(|&r| at < r);
            if let Some(slot) = set.get_mut(column).filter(|s| s.is_none() && ordered) {
                *slot = Some(at);
            }
        }
    }
    let known: Vec<(usize, f64)> = set.iter().enumerate().filter_map(|(c, a)| Some((c, (*a)?))).collect();
    let (&(first, first_at), &(last, last_at)) = (known.first()?, known.last()?);
    if first == last {
        return None;
    }
    let spacing = (last_at - first_at) / (last - first) as f64;
    Some(
        (0..labels.len())
            .map(|c| {
                let before = known.iter().rev().find(|(k, _)| *k <= c);
                let after = known.iter().find(|(k, _)| *k >= c);
                match (before, after) {
                    (Some(&(b, b_at)), Some(&(a, a_at))) if a != b => {
                        b_at + (a_at - b_at) * (c - b) as f64 / (a - b) as f64
                    }
                    (Some(&(_, at)), Some(_)) => at,
                    (Some(&(b, b_at)), None) => b_at + spacing * (c - b) as f64,
                    (None, Some(&(a, a_at))) => a_at - spacing * (a - c) as f64,
                    (None, None) => f64::NAN,
                }
            })
            .collect(),
    )
}

/// The strictly increasing columns nearest to `anchors` for numbers centred at `centers`, or
/// `None` when two assignments are equally near (or the row has more numbers than columns).
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn assign(centers: &[f64], anchors: &[f64]) -> Option<Vec<usize>> {
    const EPSILON: f64 = 1e-9;
    let (k, n) = (centers.len(), anchors.len());
    if k == 0 || k > n {
        return None;
    }
    // best[i][c]: least cost of numbers 0..=i with number i in column c, how many ways reach
    // it (capped at 2), and the column of number i - 1.
    let mut best: Vec<Vec<(f64, u8, usize)>> = Vec::with_capacity(k);
    for (i, &at) in centers.iter().enumerate() {
        let mut row = vec![(f64::INFINITY, 0u8, 0usize); n];
        for (c, slot) in row.iter_mut().enumerate() {
            let cost = (at - anchors.get(c).copied().unwrap_or(f64::NAN)).abs();
            if cost.is_nan() {
                continue;
            }
            if i == 0 {
                *slot = (cost, 1, 0);
                continue;
            }
            let previous = best.get(i - 1).map(Vec::as_slice).unwrap_or_default();
            for (p, &(before, ways, _)) in previous.iter().enumerate().take(c) {
                let total = before + cost;
                if ways == 0 || !total.is_finite() {
                    continue;
                }
                if total < slot.0 - EPSILON {
                    *slot = (total, ways, p);
                } else if (total - slot.0).abs() <= EPSILON {
                    slot.1 = slot.1.saturating_add(ways).min(2);
                }
            }
        }
        best.push(row);
    }
    let last = best.last()?;
    let (mut column, &(cost, _, _)) =
        last.iter().enumerate().filter(|(_, s)| s.1 > 0).min_by(|a, b| a.1 .0.total_cmp(&b.1 .0))?;
    let ways: u32 =
        last.iter().filter(|s| s.1 > 0 && (s.0 - cost).abs() <= EPSILON).map(|s| u32::from(s.1)).sum();
    if ways != 1 {
        return None;
    }
    let mut columns = vec![0; k];
    for i in (0..k).rev() {
        if let Some(slot) = columns.get_mut(i) {
            *slot = column;
        }
        column = best.get(i).and_then(|r| r.get(column)).map_or(0, |s| s.2);
    }
    Some(columns)
}

/// What [`place`] decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// Per row, the column of each of its numbers, or `None` where the row is undecided.
    pub rows: Vec<Option<Vec<usize>>>,
    /// The pages whose columns were aligned by the identities rather than the header.
    pub realigned: Vec<usize>,
    /// Why nothing could be placed by the identities, when that is so.
    pub failure: Option<String>,
    /// Whether the rows placed were placed by position alone: no placement satisfies the
    /// identities (the report's own sums may be wrong), and each number of those rows stands
    /// [clearly under](clearly_under) its column on the header's page.
    pub alone: bool,
}

/// How near, in characters, a number's centre must stand to its column's anchor, and how far
/// from every other column's, to be placed there by position alone.
const CLEAR: f64 = 1.0;
const APART: f64 = 4.0;

/// Whether a number centred at `center` stands right under column `column`'s anchor and far
/// from every other.
fn clearly_under(center: f64, column: usize, anchors: &[f64]) -> bool {
    anchors.iter().enumerate().all(|(c, &anchor)| {
        let distance = (center - anchor).abs();
        if c == column {
            distance <= CLEAR
        } else {
            distance >= APART
        }
    })
}

/// How much nearer, in characters, a number must stand to another column than to its own to
/// contradict the order it was read in.
const NEARER: f64 = 1.0;

/// Where the columns stand on each page, by the rows that are known to fill them (each a
/// line's numbers, one per column): per page with at least two such rows, the median centre
/// of each column's numbers. A `-layout` table's own rows place its columns where a header
/// broken over lines (`社会 / 公益 / 组织`) does not.
pub fn columns_by_rows(rows: &[Vec<Spot>]) -> Vec<(usize, Vec<f64>)> {
    let mut pages: Vec<usize> = rows.iter().filter_map(|row| row.first()).map(|spot| spot.page).collect();
    pages.sort_unstable();
    pages.dedup();
    pages
        .into_iter()
        .filter_map(|page| {
            let on_page: Vec<&Vec<Spot>> =
                rows.iter().filter(|row| row.first().is_some_and(|s| s.page == page)).collect();
            let width = on_page.first()?.len();
            if on_page.len() < 2 || on_page.iter().any(|row| row.len() != width) {
                return None;
            }
            let medians = (0..width)
                .map(|column| {
                    let mut centers: Vec<f64> =
                        on_page.iter().filter_map(|row| row.get(column)).map(|s| s.center).collect();
                    centers.sort_by(f64::total_cmp);
                    median(&centers)
                })
                .collect();
            Some((page, medians))
        })
        .collect()
}

/// The median of sorted `values` (0 for none).
fn median(values: &[f64]) -> f64 {
    let middle = values.len() / 2;
    match (values.get(middle.wrapping_sub(1)), values.get(middle)) {
        (Some(a), Some(b)) if values.len().is_multiple_of(2) => (a + b) / 2.0,
        (_, Some(&m)) => m,
        _ => 0.0,
    }
}

/// Whether numbers read one per column in order (`centers`, as many as `columns`) stand where
/// that order contradicts: one of them clearly nearer another column than its own. A row that
/// lost a number and split another (`  1 0 0   0 0 8 1` for `80 1 0 0   0 0 81`) keeps its
/// count, but its numbers stand a column off.
pub fn out_of_order(centers: &[f64], columns: &[f64]) -> bool {
    centers.len() == columns.len()
        && centers.iter().zip(columns).any(|(&at, &own)| {
            let distance = (at - own).abs();
            columns.iter().any(|&other| (at - other).abs() + NEARER < distance)
        })
}

/// Places rows of numbers (`rows`, each number's [`Spot`]) in columns anchored at `anchors`,
/// the header standing on `header_page`. `consistent` judges a full assignment (per row, the
/// column of each number) by the table's identities.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn place(
    rows: &[Vec<Spot>],
    anchors: &[f64],
    header_page: usize,
    mut consistent: impl FnMut(&[Vec<usize>]) -> bool,
) -> Placement {
    let undecided = |why: String| Placement {
        rows: vec![None; rows.len()],
        realigned: Vec::new(),
        failure: Some(why),
        alone: false,
    };
    let mut local: Vec<Vec<usize>> = Vec::with_capacity(rows.len());
    for row in rows {
        let centers: Vec<f64> = row.iter().map(|s| s.center).collect();
        match assign(&centers, anchors) {
            Some(columns) => local.push(columns),
            None => return undecided("a row's numbers stand equally near two sets of header columns".into()),
        }
    }
    let mut pages: Vec<usize> = rows.iter().flatten().map(|s| s.page).filter(|&p| p != header_page).collect();
    pages.sort_unstable();
    pages.dedup();
    let mut choices: Vec<PageChoice> = Vec::with_capacity(pages.len());
    let mut combinations: usize = 1;
    for &page in &pages {
        let mut used: Vec<(usize, f64, usize)> = Vec::new();
        for (spot, &column) in rows.iter().zip(&local).flat_map(|(r, l)| r.iter().zip(l)) {
            if spot.page != page {
                continue;
            }
            match used.iter_mut().find(|u| u.0 == column) {
                Some(u) => {
                    u.1 += spot.center;
                    u.2 += 1;
                }
                None => used.push((column, spot.center, 1)),
            }
        }
        used.sort_by_key(|u| u.0);
        let means: Vec<f64> = used.iter().map(|u| u.1 / u.2 as f64).collect();
        let mut alignments = Vec::new();
        align(&means, anchors, 0, &mut Vec::new(), &mut alignments);
        if alignments.is_empty() {
            return undecided("the columns after a page break stand under no header column".into());
        }
        combinations = combinations.saturating_mul(alignments.len());
        choices.push(PageChoice { page, used: used.iter().map(|u| u.0).collect(), alignments });
    }
    if combinations > MAX_ALIGNMENTS {
        return undecided(format!("{combinations} ways to align the pages' columns are too many to judge"));
    }
    let mut agreed: Option<Vec<Option<Vec<usize>>>> = None;
    for index in 0..combinations {
        let mut rest = index;
        let mut assignment = local.clone();
        for PageChoice { page, used, alignments } in &choices {
            let Some(alignment) = alignments.get(rest % alignments.len().max(1)) else { continue };
            rest /= alignments.len().max(1);
            for (row, columns) in rows.iter().zip(assignment.iter_mut()) {
                for (spot, column) in row.iter().zip(columns.iter_mut()) {
                    if spot.page == *page {
                        if let Some(new) =
                            used.iter().position(|u| u == column).and_then(|i| alignment.get(i))
                        {
                            *column = *new;
                        }
                    }
                }
            }
        }
        if !consistent(&assignment) {
            continue;
        }
        agreed = Some(match agreed {
            None => assignment.into_iter().map(Some).collect(),
            Some(before) => before.into_iter().zip(assignment).map(|(b, a)| b.filter(|b| *b == a)).collect(),
        });
    }
    let why = "no placement of the numbers under the header satisfies the table's identities";
    match agreed {
        Some(rows) => Placement { rows, realigned: realigned_pages(&choices), failure: None, alone: false },
        None => {
            // A careful reader still takes a number that stands right under one column.
            let clear: Vec<Option<Vec<usize>>> =
                rows.iter()
                    .zip(local)
                    .map(|(row, columns)| {
                        let clear = row.iter().zip(&columns).all(|(spot, &c)| {
                            spot.page == header_page && clearly_under(spot.center, c, anchors)
                        });
                        clear.then_some(columns)
                    })
                    .collect();
            if clear.iter().any(Option::is_some) {
                Placement { rows: clear, realigned: Vec::new(), failure: Some(why.into()), alone: true }
            } else {
                undecided(why.into())
            }
        }
    }
}

/// The pages whose only possible alignment differs from the header's columns, or which had
/// several candidates (and so were aligned by the identities).
fn realigned_pages(choices: &[PageChoice]) -> Vec<usize> {
    choices
        .iter()
        .filter(|c| c.alignments.len() > 1 || c.alignments.first() != Some(&c.used))
        .map(|c| c.page)
        .collect()
}

/// A page without the header: the columns its rows took from the anchors, in order, and every
/// alignment of them with the anchors (see [`align`]).
struct PageChoice {
    page: usize,
    used: Vec<usize>,
    alignments: Vec<Vec<usize>>,
}

/// Every strictly increasing choice of columns for `means[from..]` within [`TOLERANCE`] of
/// their anchors, after the columns already chosen in `chosen`.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn align(means: &[f64], anchors: &[f64], from: usize, chosen: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    let Some(&mean) = means.get(from) else {
        out.push(chosen.clone());
        return;
    };
    let start = chosen.last().map_or(0, |&c| c + 1);
    for (column, &anchor) in anchors.iter().enumerate().skip(start) {
        if (mean - anchor).abs() <= TOLERANCE {
            chosen.push(column);
            align(means, anchors, from + 1, chosen, out);
            chosen.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::read_rows;
    use crate::normalize::lines;

    const APPLICANTS: [&str; 7] =
        ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];

    #[test]
    fn columns_by_rows_are_each_pages_medians() {
        let rows = [
            spots(0, &[10.0, 20.0, 30.0]),
            spots(0, &[11.0, 20.5, 30.0]),
            spots(0, &[10.5, 21.0, 29.0]),
            spots(1, &[4.0, 8.0, 12.0]),
            spots(1, &[5.0, 9.0, 12.0]),
            spots(2, &[1.0, 2.0, 3.0]),
        ];
        // Page 0: three rows, the middle value; page 1: two, their mean; page 2: one, none.
        assert_eq!(columns_by_rows(&rows), [(0, vec![10.5, 20.5, 30.0]), (1, vec![4.5, 8.5, 12.0])]);
        // Rows of different widths on a page place nothing there.
        assert!(columns_by_rows(&[spots(0, &[1.0, 2.0]), spots(0, &[1.0])]).is_empty());
        assert!(columns_by_rows(&[]).is_empty());
    }

    #[test]
    fn a_number_clearly_nearer_another_column_is_out_of_order() {
        let columns = [10.0, 20.0, 30.0];
        assert!(!out_of_order(&[10.0, 20.0, 30.0], &columns));
        // Off by up to half the spacing, or nearer another by less than a character: in order.
        assert!(!out_of_order(&[14.0, 20.0, 30.0], &columns));
        assert!(!out_of_order(&[15.4, 20.0, 30.0], &columns));
        assert!(!out_of_order(&[15.5, 20.0, 30.0], &columns));
        assert!(out_of_order(&[15.6, 20.0, 30.0], &columns));
        // A column off: `1 0 0` under the second to fourth columns.
        assert!(out_of_order(&[20.0, 24.0, 30.0], &columns));
        // As many numbers as columns, or nothing is judged.
        assert!(!out_of_order(&[20.0, 30.0], &columns));
    }

    #[test]
    fn anchors_come_from_the_row_naming_most_columns() {
        let text = "                   自然        法人或其他组织\n          人 商业  科研 社会公益 法律服务 其 总\n                企业 机构 组织 机构 他 计\n";
        let lines = lines(text);
        let (rows, _) = read_rows(&lines);
        let header: Vec<&Row> = rows.iter().collect();
        let anchors = anchors(&header, &APPLICANTS).unwrap();
        assert_eq!(anchors, [10.0, 12.5, 16.5, 20.5, 25.5, 29.0, 31.0]);
        // The same header after a page break (one form feed, or two for an empty page): the
        // breaks are not layout.
        for breaks in ["\u{c}", "\u{c}\u{c}"] {
            let broken = format!("{breaks}{text}");
            let lines = crate::normalize::lines(&broken);
            let (rows, _) = read_rows(&lines);
            let header: Vec<&Row> = rows.iter().collect();
            assert_eq!(super::anchors(&header, &APPLICANTS).unwrap(), anchors, "{breaks:?}");
        }
    }

    /// The anchors of `text`'s rows read as one header.
    fn header_anchors(text: &str) -> Option<Vec<f64>> {
        let lines = lines(text);
        let (rows, _) = read_rows(&lines);
        let header: Vec<&Row> = rows.iter().collect();
        anchors(&header, &APPLICANTS)
    }

    #[test]
    fn a_row_naming_fewer_columns_sets_only_anchors_that_keep_their_order() {
        // The first row names 自然人 (centre 9) and 科研机构 (17.5); the second names 商业企业
        // right of 科研机构, or at 自然人's or 科研机构's very place: not set, interpolated between.
        let first = "        自然人     科研机构                             总计\n";
        let beside = |spaces: usize, word: &str| format!("{first}{}{word}\n", " ".repeat(spaces));
        for text in [beside(30, "商业企业"), beside(8, "商业企"), beside(16, "商业企业")] {
            let anchors = header_anchors(&text).unwrap();
            assert_eq!(anchors[..3], [9.0, 13.25, 17.5], "{text}");
        }
        // Where it keeps the order, it is set.
        let anchors = header_anchors(&format!("{first}            商业企业\n")).unwrap();
        assert_eq!(anchors[..3], [9.0, 13.5, 17.5]);
    }

    #[test]
    fn columns_beyond_the_named_ones_are_extrapolated_at_the_mean_spacing() {
        // 商业企业 at 11.5 and 法律服务机构 at 23.5, three columns on: 4 characters a column.
        let anchors = header_anchors("          商业企业       法律服务机构\n").unwrap();
        assert_eq!(anchors, [7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5]);
        // Two columns before the first named: 科研机构 at 11.5, 其他 at 20.5, 3 a column.
        let anchors = header_anchors("          科研机构      其他\n").unwrap();
        assert_eq!(anchors, [5.5, 8.5, 11.5, 14.5, 17.5, 20.5, 23.5]);
        // One column named is no anchors.
        assert_eq!(header_anchors("          商业企业\n"), None);
    }

    #[test]
    fn a_word_names_a_column_after_the_last_one_named() {
        // `法律 服务` are both in 法律服务机构: the second word names no further column.
        let lines = lines("  法律 服务 其他\n");
        let (rows, _) = read_rows(&lines);
        assert_eq!(named_columns(&rows[0], &APPLICANTS), [(4, 2.5), (5, 8.5)]);
    }

    #[test]
    fn compressed_runs_are_not_anchors() {
        let labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        let text = "结果维 结果纠 其他结 尚未审 总\n 持 正 果 结 计\n";
        let lines = lines(text);
        let (rows, _) = read_rows(&lines);
        let header: Vec<&Row> = rows.iter().collect();
        assert_eq!(anchors(&header, &labels).unwrap(), [1.0, 5.0, 9.0, 13.0, 16.0]);
    }

    #[test]
    fn rows_take_the_nearest_increasing_columns() {
        let anchors = [29.0, 32.0, 36.0, 40.0, 45.0, 48.0, 50.0];
        assert_eq!(assign(&[28.5, 30.0], &anchors), Some(vec![0, 1]));
        assert_eq!(assign(&[29.0, 32.5, 45.0, 47.0, 50.0], &anchors), Some(vec![0, 1, 4, 5, 6]));
        // Halfway between two anchors, with nothing else to decide: undecided.
        assert_eq!(assign(&[34.0], &anchors), None);
        assert_eq!(assign(&[1.0; 8], &anchors), None);
        // As many numbers as columns: one each.
        assert_eq!(assign(&anchors, &anchors), Some((0..7).collect()));
        // Two ways to one place, equally near (the first number halfway between two columns,
        // the second under the third): undecided.
        assert_eq!(assign(&[5.0, 20.0], &[0.0, 10.0, 20.0]), None);
        assert_eq!(assign(&[4.0, 20.0], &[0.0, 10.0, 20.0]), Some(vec![0, 2]));
    }

    #[test]
    fn each_page_takes_its_own_alignment_and_only_changed_pages_are_realigned() {
        let anchors = [10.0, 14.0, 18.0, 22.0];
        // Pages 1 and 2 each have a number between columns 1 and 2 (two alignments each; by
        // its nearest anchor, page 1's is in column 1, page 2's in column 2); page 3's stands
        // under column 3. The identities hold only with page 1's first alignment and page 2's
        // second: every combination is tried, each page's choice its own.
        let rows = vec![spots(0, &[10.0]), spots(1, &[15.9]), spots(2, &[16.1]), spots(3, &[22.0])];
        let placement = place(&rows, &anchors, 0, |a| a[1] == [1] && a[2] == [2]);
        assert_eq!(placement.rows, [Some(vec![0]), Some(vec![1]), Some(vec![2]), Some(vec![3])]);
        assert_eq!(placement.failure, None);
        // Pages 1 and 2 had a choice; page 3 had none and kept the header's column.
        assert_eq!(placement.realigned, [1, 2]);
    }

    #[test]
    fn too_many_alignments_are_not_judged() {
        // Thirteen pages with two alignments each: 8,192 combinations.
        let rows: Vec<Vec<Spot>> = (1..=13).map(|page| spots(page, &[11.9])).collect();
        let placement = place(&rows, &[10.0, 14.0], 0, |_| true);
        assert_eq!(placement.rows, vec![None; 13]);
        assert!(placement.failure.is_some_and(|f| f.contains("too many")));
        // Twelve (4,096) are judged: every combination holds, so no row's column is agreed.
        let placement = place(&rows[..12], &[10.0, 14.0], 0, |_| true);
        assert_eq!(placement.failure, None);
    }

    #[test]
    fn a_page_aligns_its_columns_increasing_within_the_tolerance() {
        let mut out = Vec::new();
        align(&[10.0, 11.0], &[10.5, 20.0], 0, &mut Vec::new(), &mut out);
        assert!(out.is_empty(), "two columns of a page cannot take one anchor: {out:?}");
        align(&[30.0], &[10.0, 31.0], 0, &mut Vec::new(), &mut out);
        assert_eq!(out, [vec![1]]);
        out.clear();
        align(&[16.0, 22.0], &[10.0, 14.0, 18.0, 22.0], 0, &mut Vec::new(), &mut out);
        assert_eq!(out, [vec![1, 3], vec![2, 3]]);
    }

    fn spots(page: usize, centers: &[f64]) -> Vec<Spot> {
        centers.iter().map(|&center| Spot { page, center }).collect()
    }

    #[test]
    fn a_shifted_page_is_aligned_by_the_identities() {
        let anchors = [10.0, 14.0, 18.0, 22.0];
        // Page 0 (the header's): columns 0, 1 and 3. Page 1 is shifted right by 3: its middle
        // numbers sit nearer column 2 than column 1.
        let rows = vec![spots(0, &[10.0, 14.0, 22.0]), spots(1, &[13.0, 17.0, 25.0])];
        let values = [[5, 2, 7], [5, 2, 7]];
        let placement = place(&rows, &anchors, 0, |assignment| {
            // The same column in both rows.
            assignment[0] == assignment[1] && values[0] == values[1]
        });
        assert_eq!(placement.rows, [Some(vec![0, 1, 3]), Some(vec![0, 1, 3])]);
        assert_eq!(placement.realigned, [1]);
    }

    #[test]
    fn two_consistent_alignments_leave_rows_undecided() {
        let anchors = [10.0, 14.0, 18.0, 22.0];
        let rows = vec![spots(0, &[10.0]), spots(1, &[16.5])];
        let placement = place(&rows, &anchors, 0, |_| true);
        assert_eq!(placement.rows, [Some(vec![0]), None]);
        // No placement satisfies the identities: only a number right under one column on the
        // header's page is placed, by position alone.
        let alone = place(&rows, &anchors, 0, |_| false);
        assert_eq!(alone.rows, [Some(vec![0]), None]);
        assert!(alone.alone && alone.failure.is_some());
        let between = vec![spots(0, &[11.5]), spots(1, &[16.5])];
        let none = place(&between, &anchors, 0, |_| false);
        assert_eq!(none.rows, [None, None]);
        assert!(!none.alone && none.failure.is_some());
    }
}
