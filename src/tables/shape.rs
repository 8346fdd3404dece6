//! The shape of a tab or pipe table's rows, judged against the rows like them: which rows lost a
//! cell, which have neighbours that print one cell per column and nothing else, and whether the
//! table writes its zeros.
//!
//! A converter keeps a table's cells but not always its shape: it pads spanned label cells and
//! a row's end with empty cells, in some rows and not others, and a row that lost a cell looks
//! like a row with a blank. What tells them apart is the rows around it. The section 三 reader
//! ([`super::applications`]) asks here before it trusts a row's count of cells.

use crate::grid::{Cell, Row, RowForm};

/// How many other rows like a row it takes to judge its shape against them.
pub const LIKE_ROWS: usize = 2;

/// What the rows like a row (same table, label in the same cells) say about its shape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// It has fewer cells than most rows like it: it lost one, and which is not known.
    pub short: bool,
    /// At least [`LIKE_ROWS`] rows like it hold numbers, and no other row of numbers that could
    /// be padded like it has an empty cell at either edge of its values (after the label, or
    /// at the end: a span, a converter's padding, a trailing tab), so an empty edge cell of
    /// this row is a blank, not a span. A tab dump keeps the document's grid: only rows with
    /// their label in the same cells share a shape. A converter's pipe table pads rows as it
    /// goes: any padded pipe row says it does.
    pub plain_neighbours: bool,
}

/// The shape of each row of `rows` (see [`Shape`]). Spaced rows have the default shape.
///
/// A table is a run of tab or pipe rows no more than one line apart; rows like each other have
/// their label in the same cells (the same count of cells up to their last label cell). A row is
/// short when it has fewer cells than most rows like it (at least [`LIKE_ROWS`] of them, more
/// than have any other count).
///
/// Cells are counted up to a row's last filled one, since trailing tabs come and go (and then
/// only a row whose last cell is filled is judged: its last value may be a blank). A pipe row is
/// also counted whole, since a blank last value keeps its cell there. And a converter may pad
/// only some rows with an empty cell after the label or at the end: each row's cells from its
/// first number to its last are counted as well. A row is short only when it is short by every
/// count that has a usual value among the rows like it.
pub fn shapes(rows: &[Row<'_>]) -> Vec<Shape> {
    let groups = groups(rows);
    let counts: Vec<[usize; WAYS]> = rows.iter().map(counts).collect();
    let histogram = Histogram::new(&groups, &counts);
    let with_numbers = |r: &Row<'_>| r.split().1.iter().any(Cell::holds_value);
    let like = |group: usize| {
        rows.iter().zip(&groups).filter(|(r, g)| **g == Some(group) && with_numbers(r)).count()
    };
    let padded_like = |row: &Row<'_>| {
        let like = |r: &&Row<'_>| {
            r.form == RowForm::Delimited
                && r.piped == row.piped
                && (r.piped || r.label_end() == row.label_end())
        };
        rows.iter().filter(like).filter(|r| with_numbers(r) && padded(r)).count()
    };
    let judged = |r: &Row<'_>| r.piped || r.cells.last().is_some_and(|c| !c.is_empty());
    rows.iter()
        .zip(groups.iter().zip(&counts))
        .map(|(row, (group, counts))| {
            let Some(group) = *group else { return Shape::default() };
            // By each way of counting that gives the other rows like it a usual count, whether
            // this row has fewer cells.
            let mut verdicts = counts
                .iter()
                .enumerate()
                .filter_map(|(way, &count)| histogram.usual(group, way, count).map(|n| count < n));
            let first = verdicts.next();
            let short = judged(row) && first == Some(true) && verdicts.all(|short| short);
            let others = like(group).saturating_sub(usize::from(with_numbers(row)));
            let others_padded =
                padded_like(row).saturating_sub(usize::from(with_numbers(row) && padded(row)));
            Shape { short, plain_neighbours: others >= LIKE_ROWS && others_padded == 0 }
        })
        .collect()
}

/// The ways a row's cells are counted: up to its last filled cell, or all of a pipe row's; up
/// to its last filled cell; from its first number to its last.
const WAYS: usize = 3;

/// A row's counts of cells, in the [`WAYS`].
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn counts(r: &Row<'_>) -> [usize; WAYS] {
    let filled = r.cells.iter().rposition(|c| !c.is_empty()).map_or(0, |p| p + 1);
    let first_number =
        (r.label_end()..r.cells.len()).find(|&i| r.cells.get(i).is_some_and(|c| !c.is_empty()));
    let numbers = first_number.map_or(0, |first| filled.saturating_sub(first));
    let whole = if r.piped { r.cells.len() } else { filled };
    [whole, filled, numbers]
}

/// Whether a row has an empty cell at either edge of its values.
fn padded(r: &Row<'_>) -> bool {
    let values = r.split().1;
    values.first().is_some_and(Cell::is_empty) || values.last().is_some_and(Cell::is_empty)
}

/// How many rows of each group have each count, in each way of counting.
struct Histogram(Vec<(usize, usize, [usize; WAYS])>);

impl Histogram {
    #[expect(clippy::arithmetic_side_effects, reason = "counts of rows")]
    fn new(groups: &[Option<usize>], counts: &[[usize; WAYS]]) -> Self {
        let mut histogram: Vec<(usize, usize, [usize; WAYS])> = Vec::new();
        for (group, counts) in groups.iter().zip(counts) {
            let Some(group) = *group else { continue };
            for (way, &count) in counts.iter().enumerate() {
                match histogram.iter_mut().find(|(g, c, _)| *g == group && *c == count) {
                    Some((_, _, rows)) => {
                        if let Some(n) = rows.get_mut(way) {
                            *n += 1;
                        }
                    }
                    None => {
                        let rows = std::array::from_fn(|w| usize::from(w == way));
                        histogram.push((group, count, rows));
                    }
                }
            }
        }
        Histogram(histogram)
    }

    /// The count most of `group`'s other rows have in `way` (see [`usual`]), one row with
    /// `count` (the row asking) left out.
    fn usual(&self, group: usize, way: usize, count: usize) -> Option<usize> {
        // (A count no row has in this way counts no rows: it is never the usual one.)
        let others = self.0.iter().filter(|(g, _, _)| *g == group).filter_map(|&(_, c, rows)| {
            let n = *rows.get(way)?;
            Some((c, if c == count { n.saturating_sub(1) } else { n }))
        });
        usual(others)
    }
}

/// Each delimited row's group: its table and where its label ends, as one number.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn groups(rows: &[Row<'_>]) -> Vec<Option<usize>> {
    let mut table = 0;
    let mut keys: Vec<(usize, usize)> = Vec::new();
    let mut previous: Option<&Row<'_>> = None;
    let mut groups = Vec::with_capacity(rows.len());
    for row in rows {
        let delimited = row.form == RowForm::Delimited;
        let joined = previous.is_some_and(|p| p.form == RowForm::Delimited && row.line <= p.line + 2);
        if !(delimited && joined) {
            table += 1;
        }
        groups.push(delimited.then(|| {
            let key = (table, row.label_end());
            keys.iter().position(|k| *k == key).unwrap_or_else(|| {
                keys.push(key);
                keys.len() - 1
            })
        }));
        previous = Some(row);
    }
    groups
}

/// Whether the table writes every value, zeros included: at least [`LIKE_ROWS`] tab or pipe
/// rows hold numbers, and none has an empty cell between two of its numbers.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn writes_zeros(rows: &[Row<'_>]) -> bool {
    let mut rows_with_numbers = 0;
    for row in rows.iter().filter(|r| r.form == RowForm::Delimited) {
        let (_, values) = row.split();
        let (Some(first), Some(last)) =
            (values.iter().position(Cell::holds_value), values.iter().rposition(Cell::holds_value))
        else {
            continue;
        };
        if values.get(first..=last).unwrap_or_default().iter().any(Cell::is_empty) {
            return false;
        }
        rows_with_numbers += 1;
    }
    rows_with_numbers >= LIKE_ROWS
}

/// The count most rows share, from (count, rows) pairs: at least [`LIKE_ROWS`] rows, more than
/// share any other count.
fn usual(counts: impl Iterator<Item = (usize, usize)> + Clone) -> Option<usize> {
    let most = counts.clone().map(|(_, n)| n).max()?;
    let mut usual = counts.filter(|(_, n)| *n == most);
    match (usual.next(), usual.next()) {
        (Some((count, n)), None) if n >= LIKE_ROWS => Some(count),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::read_row;
    use crate::normalize::lines;

    fn rows(text: String) -> Vec<Row<'static>> {
        Box::leak(lines(text.leak()).into_boxed_slice()).iter().filter_map(read_row).collect()
    }

    fn short(text: String) -> Vec<bool> {
        shapes(&rows(text)).iter().map(|s| s.short).collect()
    }

    fn plain(text: String) -> Vec<bool> {
        shapes(&rows(text)).iter().map(|s| s.plain_neighbours).collect()
    }

    const FULL: &str = "| 一、本年新收 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |\n";
    const SHORT: &str = "| 二、上年结转 | 1 | 2 | 3 | 4 | 5 | 15 |\n";
    const PADDED: &str = "| 一、本年新收 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |  |\n";
    const LABEL_PADDED: &str = "| 一、本年新收 | | 1 | 2 | 3 | 4 | 5 | 6 | 21 |\n";

    #[test]
    fn a_row_is_short_only_against_enough_rows_like_it() {
        // Two rows like it with eight cells: the row of seven lost one.
        assert_eq!(short(format!("{FULL}{FULL}{SHORT}")), [false, false, true]);
        // One row against one: which lost a cell is not known.
        assert_eq!(short(format!("{FULL}{SHORT}")), [false, false]);
        // Rows more than a line apart are different tables, wherever they stand.
        assert_eq!(short(format!("{FULL}{FULL}\n\n\n{SHORT}")), [false, false, false]);
        let far = "\n".repeat(20);
        assert_eq!(short(format!("{far}{FULL}{FULL}\n\n\n{SHORT}")), [false, false, false]);
        assert_eq!(short(format!("{far}{FULL}{FULL}\n{SHORT}")), [false, false, true]);
        // Rows whose labels stand in other cells are not like it.
        assert_eq!(
            short(format!("| 三 | 予以公开 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |\n{FULL}{FULL}")),
            [false; 3]
        );
        // Some rows padded with an empty last cell, some not: no whole count is usual, but
        // the count up to the last number is, and a padded row that lost a cell is short by it.
        let padded_short = "| 二、上年结转 | 1 | 2 | 3 | 4 | 5 | 15 |  |\n";
        let text = format!("{FULL}{PADDED}{FULL}{PADDED}{padded_short}");
        assert_eq!(short(text), [false, false, false, false, true]);
        // More rows padded than not: the rows without the pad are not short for it.
        assert_eq!(short(format!("{PADDED}{FULL}{PADDED}{PADDED}")), [false; 4]);
        // So with an empty cell after the label: the numbers' count is usual.
        assert_eq!(short(format!("{LABEL_PADDED}{FULL}{LABEL_PADDED}{LABEL_PADDED}")), [false; 4]);
        // A tab row is judged only when its last cell is filled.
        let tabs = "一、本年新收\t1\t2\t3\t4\t5\t6\t21\n";
        assert_eq!(short(format!("{tabs}{tabs}二、上年结转\t1\t2\t3\t4\t5\t15\n")), [false, false, true]);
        assert_eq!(short(format!("{tabs}{tabs}二、上年结转\t1\t2\t3\t4\t5\t\n")), [false; 3]);
    }

    #[test]
    fn plain_neighbours_print_a_value_in_every_edge_cell() {
        // Two other rows like it, neither padded: an empty edge cell here stands for a value.
        assert_eq!(plain(format!("{FULL}{FULL}{PADDED}")), [false, false, true]);
        // One other row is not enough, and a padded row among them says spans are printed.
        assert_eq!(plain(format!("{FULL}{PADDED}")), [false; 2]);
        assert_eq!(plain(format!("{FULL}{FULL}{LABEL_PADDED}{PADDED}")), [false; 4]);
        assert_eq!(plain(format!("{FULL}{FULL}{FULL}{LABEL_PADDED}")), [false, false, false, true]);
        // Rows of empty cells do not count as rows like it, nor rows of other tables; but a
        // padded pipe row anywhere says the converter pads.
        let empty = "| 二、上年结转 | | | | | | | |\n";
        assert_eq!(plain(format!("{FULL}{empty}{PADDED}")), [false; 3]);
        assert_eq!(plain(format!("{FULL}{FULL}\n\n\n{PADDED}")), [false; 3]);
        assert_eq!(plain(format!("{FULL}{FULL}{PADDED}\n\n\n{PADDED}")), [false; 4]);
        assert_eq!(plain(format!("{FULL}{FULL}{PADDED}\n\n\n{FULL}")), [false, false, true, false]);
        let other_label = "| 三 | （一）予以公开 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |  |\n";
        assert_eq!(plain(format!("{FULL}{FULL}{PADDED}\n\n\n{other_label}")), [false; 4]);
        // In a tab dump, only a padded row with its label in the same cells says so.
        let (tab_full, tab_padded) =
            ("一、本年新收\t1\t2\t3\t4\t5\t6\t21\n", "二、上年结转\t1\t2\t3\t4\t5\t6\t\n");
        let tab_other = "三\t（一）予以公开\t\t1\t2\t3\t4\t5\t6\t21\n";
        assert_eq!(
            plain(format!("{tab_full}{tab_full}{tab_padded}{tab_other}")),
            [false, false, true, false]
        );
        assert_eq!(plain(format!("{tab_full}{tab_full}{tab_padded}{tab_padded}")), [false; 4]);
    }

    #[test]
    fn zeros_written_or_left_blank() {
        assert!(writes_zeros(&rows(format!("{FULL}{PADDED}{LABEL_PADDED}"))));
        assert!(!writes_zeros(&rows(FULL.to_owned())));
        assert!(!writes_zeros(&rows(format!("{FULL}| 二、上年结转 | 1 | | 3 | 4 | 5 | 6 | 19 |\n"))));
    }
}
