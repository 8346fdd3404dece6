//! Section 三: whether a row's numbers can be trusted whatever they fit.
//!
//! A row can fill its columns and still not be whose numbers it seems: a cell was lost (fewer
//! cells than the rows like it, or a span read as a blank), two rows share its line, a wrapped
//! digit stands under it, its numbers stand outside the header's columns or a column off from the
//! rows that add up, or they add up only with a split number joined. Each check says why in the
//! words of the `cell_count` diagnostic; [`super::Assembler::finish`] nulls the row when one does.
//! Numbers gathered from several lines are trusted only when they add up.

use crate::grid::{Cell, RowForm};
use crate::labels::{APPLICANT_PARTS, MATRIX_COLUMNS};
use crate::tables::align;
use crate::tables::integer_of;
use crate::tables::positional::{self, Spot};
use crate::tables::splits;

use super::{Assembler, Pending};

/// Where a `-layout` table's columns stand on each page (see [`positional::columns_by_rows`]),
/// by its rows on one line that fill the columns and add up to their 总计.
pub(super) fn columns_by_rows(pending: &[Pending<'_, '_>], keys: &[&str]) -> Vec<(usize, Vec<f64>)> {
    let rows: Vec<Vec<Spot>> = pending
        .iter()
        .filter(|p| p.first.form == RowForm::Spaced && p.gathered.is_empty())
        .filter_map(|p| {
            let values = p.cells.get(p.from..).filter(|v| v.len() == keys.len())?;
            let numbers: Vec<Option<i64>> = values.iter().map(integer_of).collect();
            align::row_confirmed(keys, &numbers)
                .then(|| values.iter().map(|c| Spot::of(c, p.first)).collect())
        })
        .collect();
    positional::columns_by_rows(&rows)
}

impl Assembler<'_, '_> {
    /// Why a row's numbers cannot be trusted whatever they fit, if they cannot: a lost cell, two
    /// rows on one line, digits wrapped under it.
    pub(super) fn doubt(&self, row: &Pending<'_, '_>, named: &[usize]) -> Option<String> {
        if row.shape.short {
            return Some(format!(
                "it has {} cells, fewer than most rows like it in its table: a cell was lost, and which is not certain",
                row.first.cells.len()
            ));
        }
        if let Some(why) = self.lost_beside_spans(row) {
            return Some(why);
        }
        if row.first.joins_rows() {
            return Some("two rows are printed on its line (a label stands after numbers), and which numbers are whose is not certain".to_owned());
        }
        if named.len() > 1 {
            let rows: Vec<&str> = named.iter().filter_map(|&i| self.form.get(i)).map(|r| r.key).collect();
            return Some(format!(
                "its label names {} rows of the form ({}): two rows were joined, and whose numbers these are is not certain",
                rows.len(),
                rows.join(", ")
            ));
        }
        let positions = || self.beyond_the_header(row).or_else(|| self.out_of_place(row));
        if let Some(why) = positions().or_else(|| self.split_apart(row)) {
            return Some(why);
        }
        row.wrapped.map(|line| format!(
            "the digits on line {line} stand right under or after its numbers, as a narrow cell wraps a number, so which digits belong together is not certain"
        ))
    }

    /// Why a pipe row lost a cell, if it has fewer numbers than columns in a table that writes
    /// every zero, with no header whose columns it reaches, and the converter pads rows (see
    /// [`crate::tables::shape::Shape::plain_neighbours`]): its empty cells are then spans (a
    /// converter pads spanned label cells and a row's end with empty cells), and a row that lost
    /// a `0` beside one fits its columns exactly with the span read as a blank — every number
    /// after it one column off.
    fn lost_beside_spans(&self, row: &Pending<'_, '_>) -> Option<String> {
        let judged = row.first.piped && row.gathered.is_empty() && !row.shape.plain_neighbours;
        if !self.zeros_written || !judged || self.under_header(row) {
            return None;
        }
        let width = self.columns.keys.len();
        let values = row.cells.get(row.from..).unwrap_or_default();
        let numbers = values.iter().filter(|c| !c.is_empty()).count();
        (numbers > 0 && numbers < width).then(|| format!(
            "it has {numbers} numbers for {width} columns in a table that writes every zero, so its empty cells are spans: a cell was lost, and which is not certain"
        ))
    }

    /// Why a `-layout` row's numbers cannot be its own, if they stand well outside the header's
    /// columns on the header's page (`pdftotext` lays out each page anew): beyond the last or
    /// before the first by more than twice the columns' spacing (at least
    /// [`positional::TOLERANCE`] twice). A line of numbers joined to the row above (`…只计这一情
    /// 20 19 1 0 0 0 0`) puts them there.
    fn beyond_the_header(&self, row: &Pending<'_, '_>) -> Option<String> {
        let (anchors, page) = self.anchors?;
        if row.first.form != RowForm::Spaced || !row.gathered.is_empty() || row.first.page != page {
            return None;
        }
        let (&first, &last) = (anchors.first()?, anchors.last()?);
        let spacing = (last - first) / anchors.len().saturating_sub(1).max(1) as f64;
        let margin = (2.0 * spacing).max(2.0 * positional::TOLERANCE);
        // Numbers keep their order: the first and the last tell.
        let values = row.cells.get(row.from..)?;
        let (lowest, highest) = (values.first()?, values.last()?);
        let at = |cell: &Cell<'_>| Spot::of(cell, row.first).center;
        let outside = at(highest) > last + margin || at(lowest) < first - margin;
        outside.then(|| {
            "its numbers stand well outside the header's columns, as where a line of numbers was joined to it, so which is whose is not certain".to_owned()
        })
    }

    /// Why a `-layout` row that fills its columns exactly cannot be read in order, if its
    /// columns do not add up to its 总计 and one of its numbers stands clearly nearer another
    /// column than its own, where the rows that add up place the columns on its page (see
    /// [`positional::out_of_order`]): a row that lost a number and split another keeps its
    /// count, its numbers a column off. A row whose own sums are wrong, its numbers under their
    /// columns, is read as printed and the checks say so.
    fn out_of_place(&self, row: &Pending<'_, '_>) -> Option<String> {
        let values = row.cells.get(row.from..)?;
        let (_, columns) = self.columns_by_rows.iter().find(|(page, _)| *page == row.first.page)?;
        let numbers: Vec<Option<i64>> = values.iter().map(integer_of).collect();
        let judged = row.first.form == RowForm::Spaced && row.gathered.is_empty();
        if !judged || align::row_confirmed(&self.columns.keys, &numbers) {
            return None;
        }
        let centers: Vec<f64> = values.iter().map(|cell| Spot::of(cell, row.first).center).collect();
        positional::out_of_order(&centers, columns).then(|| {
            "its columns do not add up to its 总计 and its numbers stand a column off from the rows that do, as where a number was lost and another split, so which is whose is not certain".to_owned()
        })
    }

    /// Why a spaced row that fills its columns exactly cannot be read in order, if one number may
    /// be two or three a narrow cell split (see [`splits::adds_up_only_joined`]): `7 6 7   35   2
    /// 1 805` adds up only as 767 + 35 + 2 + 1. Rows the report's own sums fail, with no such
    /// reading, are read as printed and the checks say so.
    fn split_apart(&self, row: &Pending<'_, '_>) -> Option<String> {
        let keys = &self.columns.keys;
        let values = row.cells.get(row.from..)?;
        let judged = row.first.form == RowForm::Spaced
            && row.gathered.is_empty()
            && values.len() == keys.len()
            && keys.as_slice() == MATRIX_COLUMNS;
        if !judged {
            return None;
        }
        // The six applicant columns add up to the 总计 wherever the numbers stand.
        let total_last = |values: &[Option<i64>]| {
            values
                .split_last()
                .is_some_and(|(total, parts)| crate::validate::sum(parts.iter().copied()) == *total)
        };
        splits::adds_up_only_joined(&splits::printed(values), None, total_last).then(|| {
            "its columns add up to its 总计 only with numbers one space apart read as one (a number a narrow cell split), so which numbers it printed is not certain".to_owned()
        })
    }

    /// Numbers gathered from several lines (a spaced dump that broke a row) are trusted only
    /// when the six applicant columns add up to the row's 总计: lines of numbers could
    /// otherwise be grouped into the wrong row without anything showing it.
    pub(super) fn untrusted_gathering(
        &self,
        row: &Pending<'_, '_>,
        indices: &[Option<usize>],
    ) -> Option<String> {
        let lines = || indices.iter().flatten().filter_map(|&i| row.cell_line(i));
        let (first, last) = (lines().min()?, lines().max()?);
        if first == last {
            return None;
        }
        let value_of = |key: &str| {
            let at = self.columns.keys.iter().position(|k| *k == key)?;
            row.cells.get((*indices.get(at)?)?).and_then(|c| integer_of(c))
        };
        let parts = crate::validate::sum(APPLICANT_PARTS.iter().map(|key| value_of(key)));
        match (parts, value_of("total")) {
            (Some(parts), Some(total)) if parts == total => None,
            _ => Some(format!(
                "numbers gathered from lines {first}–{last} do not add up to the row's 总计, so their grouping is not trusted"
            )),
        }
    }

    /// Whether the header gives the table's columns by cell and the row reaches its last one:
    /// it has a cell under every column, an empty one a blank. (A header whose first column is
    /// one of the row's label cells is not its: see [`crate::tables::fit`].)
    fn under_header(&self, row: &Pending<'_, '_>) -> bool {
        self.columns.indices.as_ref().is_some_and(|h| {
            h.first().is_some_and(|&first| first >= row.from)
                && h.last().is_some_and(|&last| last < row.cells.len())
        })
    }
}
