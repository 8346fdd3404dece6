//! Section 三: the matrix of applications received and how they were handled.
//!
//! This module assembles rows: it reads the header's columns, gathers each row's label (its own
//! text, else the label-only lines just above it) and numbers (continued on number-only lines a
//! spaced dump broke off), fits the numbers to the columns, and nulls a row that [`doubt`] finds
//! cannot be trusted whatever it fits (a lost cell, two rows on one line, a wrapped digit). The
//! form rows a label names are found by their words ([`APPLICATION_ROWS`], one automaton for
//! all); where each row goes, and the writing of every row of the form, found or null, is
//! [`super::align`]'s.

use crate::model::Code;
use std::borrow::Cow;

use aho_corasick::AhoCorasick;

use crate::grammar::opens_with_item;
use crate::grid::{Cell, Row, RowForm};
use crate::labels::{
    Forms, RowLabel, APPLICANT_COLUMNS, APPLICATION_GROUPS, APPLICATION_ROWS, MATRIX_COLUMNS, SUBTOTAL,
    SUBTOTAL_ROWS, WHOLE_ROWS_2021,
};
use crate::model::{Severity, Template};
use crate::normalize::fold_label;
use crate::tables::align::{self, Found, Numbers};
use crate::tables::positional::Spot;
use crate::tables::shape::{self, Shape};
use crate::tables::{fit, integer_of, wrapped_digits, Fit, LineCell, Reading};

mod doubt;

/// For each of [`row_words`]' patterns, the index of its row in [`APPLICATION_ROWS`].
static ROW_OF_WORD: std::sync::LazyLock<Vec<usize>> = std::sync::LazyLock::new(|| {
    APPLICATION_ROWS.iter().enumerate().flat_map(|(i, row)| row.keywords.iter().map(move |_| i)).collect()
});

/// One automaton over the words of every row of section 三 ([`APPLICATION_ROWS`]).
fn row_words() -> Option<&'static AhoCorasick> {
    static WORDS: std::sync::OnceLock<Option<AhoCorasick>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        // A fixed list of short literals: building cannot fail (tests would show it).
        let built = AhoCorasick::new(APPLICATION_ROWS.iter().flat_map(|row| row.keywords.iter())).ok();
        debug_assert!(built.is_some(), "the row words build an automaton");
        built
    });
    words.as_ref()
}

/// The rows of section 三 in `template`'s form, in order.
pub fn form_rows(template: Template) -> Vec<&'static RowLabel> {
    APPLICATION_ROWS
        .iter()
        .filter(|r| match r.forms {
            Forms::Both => true,
            Forms::Only2019 => template == Template::Form2019,
            Forms::Only2021 => template == Template::Form2021,
        })
        .collect()
}

/// The columns of the matrix and, where the header lines up with tab or pipe cells, the cell
/// index of each; and the header lines that name a column.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Columns {
    keys: Vec<&'static str>,
    indices: Option<Vec<usize>>,
    naming_lines: Vec<usize>,
}

/// Reads the header rows above the first row of numbers.
fn columns(header: &[&Row]) -> Columns {
    let mut found: Vec<(&'static str, usize)> = Vec::new();
    let mut naming_lines = Vec::new();
    let mut subtotal = false;
    for row in header {
        for (index, cell) in row.cells.iter().enumerate() {
            let folded = fold_label(cell.text);
            subtotal |= folded.contains(SUBTOTAL);
            let Some((key, _)) = APPLICANT_COLUMNS.iter().find(|(_, names)| names.contains(&&*folded)) else {
                continue;
            };
            if naming_lines.last() != Some(&row.line) {
                naming_lines.push(row.line);
            }
            if row.form == RowForm::Delimited && !found.iter().any(|(k, _)| k == key) {
                found.push((key, index));
            }
        }
    }
    let keys: Vec<&'static str> = APPLICANT_COLUMNS
        .iter()
        .map(|(key, _)| *key)
        .filter(|key| subtotal || *key != "legal_person_subtotal")
        .collect();
    let mut by_index: Vec<(&'static str, usize)> = found.clone();
    by_index.sort_by_key(|(_, i)| *i);
    let distinct = by_index.windows(2).all(|w| matches!(w, [a, b] if a.1 < b.1));
    // The header lines up with the data only if its columns stand in the form's order
    // (a subtotal column may stand anywhere among the legal-person columns).
    let ordered = by_index
        .iter()
        .filter(|(k, _)| *k != "legal_person_subtotal")
        .map(|(k, _)| *k)
        .eq(keys.iter().copied().filter(|k| *k != "legal_person_subtotal"));
    // In the form's order and as many as the keys, the columns found are the keys, each once.
    if distinct && ordered && by_index.len() == keys.len() {
        Columns {
            keys: by_index.iter().map(|(k, _)| *k).collect(),
            indices: Some(by_index.iter().map(|(_, i)| *i).collect()),
            naming_lines,
        }
    } else {
        Columns { keys, indices: None, naming_lines }
    }
}

/// A row being assembled: its label, the grid rows its cells come from, and those cells.
#[derive(Debug)]
struct Pending<'a, 'l> {
    own_label: Cow<'l, str>,
    above: String,
    /// The grid row with the label and the first numbers.
    first: &'a Row<'l>,
    /// Number-only rows after it that continue it (a spaced dump that broke the row).
    gathered: Vec<&'a Row<'l>>,
    /// The cells of `first` and of the gathered rows, in order.
    cells: Cow<'a, [Cell<'l>]>,
    /// The index of the first value cell.
    from: usize,
    /// A line of digits below that stands where this row's numbers end, as a wrapped cell's.
    wrapped: Option<usize>,
    /// What the rows like it say of its count of cells (see [`shape::shapes`]).
    shape: Shape,
    /// The form rows its own label names, once [`labels_below`] has looked them up.
    own_names: Option<Vec<usize>>,
    /// In a table that prints labels below their numbers, whether the next row's own label
    /// and the lines below it name nothing (see [`labels_below`]).
    before_unnamed: bool,
}

impl<'a, 'l> Pending<'a, 'l> {
    /// The grid rows the cells come from, in order.
    fn rows(&self) -> impl Iterator<Item = &'a Row<'l>> + '_ {
        std::iter::once(self.first).chain(self.gathered.iter().copied())
    }

    /// The line of cell `index`.
    #[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
    fn cell_line(&self, index: usize) -> Option<usize> {
        if self.gathered.is_empty() {
            // One line's cells (split apart where packed: see [`Row::unpacked`]).
            return (index < self.cells.len()).then_some(self.first.line);
        }
        let mut end = 0;
        self.rows()
            .find(|row| {
                end += row.cells.len();
                index < end
            })
            .map(|row| row.line)
    }

    /// Cell `index` with its line.
    fn line_cell(&self, index: usize) -> Option<LineCell<'l>> {
        Some(LineCell { line: self.cell_line(index)?, cell: *self.cells.get(index)? })
    }

    /// Where each cell stands, in order.
    fn spots(&self) -> Vec<Spot> {
        self.rows().flat_map(|row| row.cells.iter().map(move |cell| Spot::of(cell, row))).collect()
    }
}

/// The rows a reading of section 三 looks for, in order: the form's rows, and in the 2021 form
/// the rows it splits that a report may still print whole ([`WHOLE_ROWS_2021`]), at their 2019
/// place; and those whole rows.
fn reading_rows(template: Template) -> (Vec<&'static RowLabel>, &'static [&'static str]) {
    if template != Template::Form2021 {
        return (form_rows(template), &[]);
    }
    let rows = APPLICATION_ROWS
        .iter()
        .filter(|r| r.forms != Forms::Only2019 || WHOLE_ROWS_2021.contains(&r.key))
        .collect();
    (rows, WHOLE_ROWS_2021)
}

/// Reads section 三 from its grid rows.
pub fn read<'l>(rows: &[Row<'l>], template: Template) -> Reading<'l> {
    let mut reading = Reading::default();
    let (form, whole) = reading_rows(template);
    let first_data = rows.iter().position(|r| r.split().1.iter().any(|c| !c.is_empty()));
    let Some(first_data) = first_data else {
        reading.note(
            Severity::Error,
            Code::MissingTable,
            rows.first().map(|r| r.line),
            "section 三 has no table of numbers".into(),
        );
        align::place_all(&mut reading, (&form, whole), &MATRIX_COLUMNS, Vec::new(), &[]);
        return reading;
    };
    let header: Vec<&Row> = rows.get(..first_data).unwrap_or_default().iter().collect();
    let columns = columns(&header);
    for &line in &columns.naming_lines {
        reading.cover(line);
    }
    // Where the columns stand, for rows of a `-layout` table (a spaced header names them).
    let anchors = rows
        .get(first_data)
        .filter(|r| r.form == RowForm::Spaced)
        .and_then(|_| align::header_anchors(&header, &columns.keys));
    let mut assembler = Assembler {
        form: &form,
        anchors: anchors.as_deref().map(|a| (a, header.last().map_or(0, |r| r.page))),
        whole,
        columns: &columns,
        after_unlabeled: false,
        labels_below: false,
        found: Vec::with_capacity(form.len()),
        columns_by_rows: Vec::new(),
        unpacked: Vec::new(),
        zeros_written: shape::writes_zeros(rows),
    };
    let Gathered { mut pending, tail, label_lines } =
        gather(rows, (first_data, assembler.zeros_written), &columns, &mut reading);
    assembler.labels_below = labels_below(&mut pending, tail, &assembler);
    assembler.columns_by_rows = doubt::columns_by_rows(&pending, &columns.keys);
    for row in pending {
        assembler.finish(row);
    }
    if let Some(&first) = assembler.unpacked.first() {
        reading.note(
            Severity::Info,
            Code::CellsUnpacked,
            Some(first),
            format!(
                "section 三: {} rows print two columns' numbers in one cell; each number was read as its own column, which fills the columns exactly",
                assembler.unpacked.len()
            ),
        );
    }
    let mut found = assembler.found;
    let keys = columns.keys.clone();
    align::join_fragments(&mut found, keys.len(), &mut reading);
    align::resolve_names(&form, whole, &mut found);
    align::align_by_order(&form, whole, &mut found);
    let header_page = header.last().copied().or(rows.get(first_data)).map_or(0, |r| r.page);
    align::place_by_position(&mut reading, (&header, anchors.as_deref()), &keys, header_page, &mut found);
    align::confirm_order((&form, whole), &mut found, &keys, &mut reading);
    align::place_all(&mut reading, (&form, whole), &keys, found, &label_lines);
    reading
}

/// The rows of numbers of a section 三 table in document order, each with its own label and the
/// label-only lines above it (see [`Pending`]), continued where a spaced dump broke a row or a
/// narrow cell wrapped a digit; the label lines after the last row; and every label-only line
/// below the header, by line.
struct Gathered<'a, 'l> {
    pending: Vec<Pending<'a, 'l>>,
    tail: String,
    label_lines: Vec<(usize, String)>,
}

/// Gathers a table's rows of numbers (see [`Gathered`]) from its grid rows below the header.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn gather<'a, 'l>(
    rows: &'a [Row<'l>],
    (first_data, zeros_written): (usize, bool),
    columns: &Columns,
    reading: &mut Reading<'l>,
) -> Gathered<'a, 'l> {
    let shapes = shape::shapes(rows);
    let mut above = String::new();
    // Label-only lines below the header: where a row printed without numbers stands.
    let mut label_lines: Vec<(usize, String)> = Vec::new();
    let mut open: Option<Pending> = None;
    let mut pending: Vec<Pending> = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        let (label_cells, value_cells) = row.split();
        // Spaces a join adds around empty cells are folded away and trimmed where it is used.
        let label = row.label(" ");
        // From the first row of numbers on, a tab or pipe row whose value cells hold no number
        // is a row of blanks (or of cells not read as numbers: `x`), first row or not; but
        // where the table writes its zeros, a labelled row of empty cells right above a row of
        // numbers without a label is that row's label, put on a line of its own.
        let label_of_next = zeros_written
            && rows
                .get(index + 1)
                .is_some_and(|next| next.label_end() == 0 && next.cells.iter().any(Cell::holds_value));
        let blank_row = index >= first_data
            && row.form == RowForm::Delimited
            && !value_cells.is_empty()
            && !label_of_next;
        // Numbers before a label that ends the line are numbers too (two rows joined).
        // A line of punctuation alone (a label's `、` wrapped onto its own line) holds no values.
        let has_values = blank_row || value_cells.iter().any(Cell::holds_value) || row.joins_rows();
        match (label.trim().is_empty(), has_values) {
            (false, false) => {
                pending.extend(open.take());
                if columns.naming_lines.contains(&row.line) {
                    // A header line names columns, not the row below it.
                    above.clear();
                } else {
                    above.push_str(&label);
                    above.push(' ');
                }
                if index >= first_data {
                    label_lines.push((row.line, fold_label(&label).into_owned()));
                }
            }
            (true, true) if open.as_ref().is_some_and(|p| wraps_into(p, row)) => {
                if let Some(p) = open.as_mut() {
                    p.wrapped = Some(row.line);
                }
                reading.cover(row.line);
            }
            (true, true)
                if open.as_ref().is_some_and(|p| {
                    p.first.form == RowForm::Spaced && p.cells.len() < columns.keys.len()
                }) =>
            {
                if let Some(p) = open.as_mut() {
                    p.cells.to_mut().extend(row.cells.iter().copied());
                    p.gathered.push(row);
                }
                reading.cover(row.line);
            }
            (_, true) => {
                pending.extend(open.take());
                reading.cover(row.line);
                open = Some(Pending {
                    own_label: label,
                    above: std::mem::take(&mut above),
                    first: row,
                    gathered: Vec::new(),
                    cells: Cow::Borrowed(&row.cells),
                    from: label_cells.len(),
                    wrapped: None,
                    shape: shapes.get(index).copied().unwrap_or_default(),
                    own_names: None,
                    before_unnamed: false,
                });
            }
            (true, false) => {}
        }
    }
    pending.extend(open.take());
    Gathered { pending, tail: above, label_lines }
}

/// Whether the table prints each label below its row of numbers, and if so gives every row the
/// label lines below it instead of those above (`tail`: the lines after the last row).
///
/// A converter that keeps a PDF cell's text lines apart prints a one-line label where the
/// cell's middle line falls: below the numbers in one table, above them in another, and a
/// shift by one row inside a group keeps every identity. So the choice is made once for the
/// table: label lines that name another row than a row's own label stand on the wrong side of
/// it. Labels are taken from below only when that side contradicts fewer rows' own labels.
fn labels_below(pending: &mut [Pending<'_, '_>], tail: String, assembler: &Assembler<'_, '_>) -> bool {
    // Most tables have no label lines between rows of numbers: nothing to choose.
    if pending.iter().all(|p| p.above.trim().is_empty()) && tail.trim().is_empty() {
        return false;
    }
    let names = |text: &str| {
        if text.trim().is_empty() {
            Vec::new()
        } else {
            assembler.names(&fold_label(text))
        }
    };
    let own: Vec<Vec<usize>> = pending.iter().map(|p| names(&p.own_label)).collect();
    let beside: Vec<Vec<usize>> =
        pending.iter().map(|p| names(&p.above)).chain(std::iter::once(names(&tail))).collect();
    let contradicts = |own: &[usize], beside: &[usize]| {
        !own.is_empty() && !beside.is_empty() && !beside.iter().any(|b| own.contains(b))
    };
    let above = own.iter().zip(&beside).filter(|(o, b)| contradicts(o, b)).count();
    let below = own.iter().zip(beside.iter().skip(1)).filter(|(o, b)| contradicts(o, b)).count();
    for (row, names) in pending.iter_mut().zip(own) {
        row.own_names = Some(names);
    }
    if below >= above {
        return false;
    }
    let mut carried = tail;
    for row in pending.iter_mut().rev() {
        carried = std::mem::replace(&mut row.above, carried);
    }
    // A row whose own label and the lines below it both name nothing may have its label above
    // its numbers after all (a cell's text lines split around them): the lines between it and
    // the row before belong to either.
    let mut next_unnamed = false;
    for row in pending.iter_mut().rev() {
        row.before_unnamed = next_unnamed;
        next_unnamed = row.own_names.as_ref().is_none_or(Vec::is_empty) && names(&row.above).is_empty();
    }
    true
}

/// Row recognition (the form rows each row's label names) and value fitting.
struct Assembler<'a, 'l> {
    form: &'a [&'static RowLabel],
    /// Rows of `form` printed whole only in older layouts: matched after every other row.
    whole: &'a [&'static str],
    columns: &'a Columns,
    /// Where a `-layout` table's columns stand (see [`align::header_anchors`]), and the page of
    /// its header.
    anchors: Option<(&'a [f64], usize)>,
    /// Whether no label named the last row (its own, or the lines above it).
    after_unlabeled: bool,
    /// Whether the table prints labels below their numbers (see [`labels_below`]): each row's
    /// `above` then holds the label lines below it.
    labels_below: bool,
    found: Vec<Found<'l>>,
    /// Per page, where a `-layout` table's columns stand by its rows that fill them and add
    /// up (see [`crate::tables::positional::columns_by_rows`]).
    columns_by_rows: Vec<(usize, Vec<f64>)>,
    /// The lines whose packed cells were read apart.
    unpacked: Vec<usize>,
    /// Whether the table writes every value, zeros included (see [`shape::writes_zeros`]): its empty
    /// cells are then spans, never blanks.
    zeros_written: bool,
}

impl<'l> Assembler<'_, 'l> {
    #[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
    fn finish(&mut self, mut row: Pending<'_, 'l>) {
        let width = self.columns.keys.len();
        // A converter may print two columns' numbers in one cell (`| 21 0 | 0 0 | 21 |`): they
        // are read apart when that gives exactly one number per column and the row's columns
        // then add up to the 总计 it states — in a row that lost a cell, `4 7` may as well be a
        // `47` a narrow cell split, read apart into two wrong numbers. Empty cells before the
        // numbers are spans (a row printed without its label cells, or a converter's padding).
        // (Only a tab or pipe row has packed cells: gathered rows are spaced.)
        if let Some(cells) = row.first.unpacked() {
            let leading = cells.iter().skip(row.from).take_while(|c| c.is_empty()).count();
            let numbers = || cells.iter().skip(row.from + leading).map(integer_of).collect::<Vec<_>>();
            if cells.len() == row.from + leading + width
                && align::row_confirmed(&self.columns.keys, &numbers())
            {
                row.from += leading;
                row.cells = Cow::Owned(cells);
                self.unpacked.push(row.first.line);
            }
        }
        let own = fold_label(&row.own_label);
        // The label-only lines beside it are folded only when the row's own text does not decide.
        let with_above = || {
            let (first, second) = if self.labels_below {
                (&*row.own_label, &*row.above)
            } else {
                (&*row.above, &*row.own_label)
            };
            fold_label(&format!("{first}{second}")).into_owned()
        };
        let (key, named) = if own.contains(SUBTOTAL) || (own.is_empty() && with_above().ends_with(SUBTOTAL)) {
            (self.subtotal_key(&with_above()), Vec::new())
        } else {
            // The label lines above speak for a row whose own label names nothing, unless that
            // label is whole (it opens with its item number: a misprint, not a wrapped tail), or
            // the row follows one that no label named: a converter may have printed that row's
            // label below its numbers, so the lines between the two belong to either. Where the
            // table prints labels below, the lines below speak for it, unless the next row's
            // label names nothing: that row's label may stand above it.
            let named = row.own_names.take().unwrap_or_else(|| self.names(&own));
            let beside_unnamed = match self.labels_below {
                true => row.before_unnamed,
                false => self.after_unlabeled,
            };
            let borrow = named.is_empty() && !beside_unnamed && !opens_with_item(&own);
            (None, if borrow { self.names(&with_above()) } else { named })
        };
        self.after_unlabeled = key.is_none() && named.is_empty();
        let shown = if row.own_label.trim().is_empty() { row.above.trim() } else { row.own_label.trim() };
        let header = self.columns.indices.as_deref().filter(|_| row.first.form == RowForm::Delimited);
        let mut fit = fit(&row.cells, row.from, row.first.form, width, header);
        if let Fit::Fitted(indices) = &mut fit {
            if let Some(why) = self.untrusted_gathering(&row, indices) {
                // A wrapped label can leave a row's 总计 on the line above its other numbers:
                // in a layout dump their positions, not the lines, give the order.
                match by_position(&row, indices) {
                    Some(sorted) if self.untrusted_gathering(&row, &sorted).is_none() => *indices = sorted,
                    _ => fit = Fit::Unplaceable(why),
                }
            }
        }
        let doubt = self.doubt(&row, &named);
        let doubt_free = doubt.is_none();
        if let Some(why) = doubt {
            fit = Fit::Unplaceable(why);
        }
        let numbers = match fit {
            Fit::Fitted(indices) => {
                Numbers::Fitted(indices.into_iter().map(|i| i.and_then(|i| row.line_cell(i))).collect())
            }
            Fit::Unplaceable(why) => {
                let values = row.cells.len().saturating_sub(row.from);
                let settled = doubt_free;
                if settled && row.first.form == RowForm::Spaced && (1..width).contains(&values) {
                    // Blanks left only wider gaps: the numbers' positions may still tell.
                    let cells = (row.from..row.cells.len()).filter_map(|i| row.line_cell(i)).collect();
                    let spots = row.spots().get(row.from..).unwrap_or_default().to_vec();
                    Numbers::Partial { cells, spots, why }
                } else {
                    Numbers::Doubtful(why)
                }
            }
        };
        self.found.push(Found {
            key,
            named,
            label: shown.to_owned(),
            line: row.first.line,
            numbers,
            placed_by: None,
        });
    }

    /// The rows of the form whose words are in `label`, by their index in the form; a row printed
    /// whole only when no item is named.
    fn names(&self, label: &str) -> Vec<usize> {
        if label.is_empty() {
            return Vec::new();
        }
        // Every row's words in one pass over the label (each row's words were looked for one by
        // one before: a fifth of a report's time).
        let mut all: Vec<(usize, &'static str)> = Vec::with_capacity(2);
        for found in row_words().into_iter().flat_map(|words| words.find_overlapping_iter(label)) {
            let key =
                APPLICATION_ROWS.get(*ROW_OF_WORD.get(found.pattern().as_usize()).unwrap_or(&usize::MAX));
            let at = key.and_then(|row| self.form.iter().position(|r| r.key == row.key));
            if let (Some(at), Some(row)) = (at, key) {
                if !all.iter().any(|(i, _)| *i == at) {
                    all.push((at, row.key));
                }
            }
        }
        all.sort_unstable();
        let items =
            all.iter().filter(|(_, key)| !self.whole.contains(key)).map(|(i, _)| *i).collect::<Vec<_>>();
        if items.is_empty() {
            all.into_iter().map(|(i, _)| i).collect()
        } else {
            items
        }
    }

    /// The key of a 小计 row: the group its label names, or the group of the last row that names
    /// one.
    fn subtotal_key(&self, label: &str) -> Option<&'static str> {
        let named = APPLICATION_GROUPS.iter().find(|(_, words)| words.iter().any(|w| label.contains(w)));
        let last = || {
            let key =
                self.found.iter().rev().find_map(|f| f.named.last()).and_then(|&i| self.form.get(i))?.key;
            APPLICATION_GROUPS
                .iter()
                .find(|(g, _)| key.strip_prefix(g).is_some_and(|rest| rest.starts_with('.')))
        };
        let group = named.or_else(last)?.0;
        SUBTOTAL_ROWS.iter().find(|(g, _)| *g == group).map(|(_, key)| *key)
    }
}

/// Whether `row`, numbers alone on their line, follows the complete row `open` where a narrow
/// cell's wrapped digits would stand (see [`wrapped_digits`]).
fn wraps_into(open: &Pending<'_, '_>, row: &Row<'_>) -> bool {
    // Numbers packed in a cell count one by one (see [`Row::unpacked`]).
    let unpacked = open.first.unpacked();
    let cells = unpacked.as_deref().unwrap_or(&open.cells);
    let values = cells.get(open.from..).unwrap_or_default();
    open.gathered.is_empty()
        && values.len() >= MATRIX_COLUMNS.len()
        && row.page == open.first.page
        && row.cells.len() < values.len()
        && wrapped_digits(values, row)
}

/// The value cells of a spaced row gathered from several lines in the order of their
/// positions, when they stand on one page in distinct places (in a dump that keeps no layout,
/// each line starts again at the margin, and the lines' order is all there is).
fn by_position(row: &Pending<'_, '_>, indices: &[Option<usize>]) -> Option<Vec<Option<usize>>> {
    let spots = row.spots();
    let mut placed: Vec<(Option<usize>, Spot)> =
        indices.iter().map(|&i| Some((i, *spots.get(i?)?))).collect::<Option<_>>()?;
    placed.sort_by(|a, b| a.1.center.total_cmp(&b.1.center));
    let apart = placed
        .windows(2)
        .all(|w| matches!(w, [a, b] if b.1.center - a.1.center >= 2.0 && a.1.page == b.1.page));
    apart.then(|| placed.into_iter().map(|(i, _)| i).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::Number;

    fn read_text(text: &str, template: Template) -> Reading<'static> {
        read(&crate::tables::leaked_rows(text), template)
    }

    fn values(reading: &Reading, row: &str) -> Vec<Option<i64>> {
        reading
            .placed
            .iter()
            .filter(|p| p.row == row)
            .map(|p| match p.value {
                Some(Number::Integer(v)) => Some(v),
                _ => None,
            })
            .collect()
    }

    const HEADER: &str = "(本列数据的勾稽关系)\t\t申请人情况\t\t\t\t\t\t总计\t\n\t\t自然人\t法人或其他组织\t\t\t\t\t\t\n\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t\n";

    #[test]
    fn tab_rows_with_spans_and_trailing_tabs() {
        let text = format!(
            "{HEADER}一、本年新收政府信息公开申请数量\t\t1\t2\t3\t4\t5\t6\t21\t\n\t(三) 不予公开\t1. 属于国家秘密\t7\t\t\t\t\t\t7\n\t\t3. 其他\t1\t0\t0\t0\t0\t0\t1\n"
        );
        let reading = read_text(&text, Template::Form2019);
        assert_eq!(values(&reading, "received"), [1, 2, 3, 4, 5, 6, 21].map(Some));
        assert_eq!(values(&reading, "denied.state_secret"), [Some(7), None, None, None, None, None, Some(7)]);
        // `3. 其他` is not a row of the 2019 form.
        assert!(reading.diagnostics.iter().any(|d| d.code == Code::UnrecognizedRow));
        assert!(reading.diagnostics.iter().any(|d| d.code == Code::MissingRow));
    }

    #[test]
    fn spaced_rows_with_wrapped_labels_and_split_numbers() {
        let text = "二、上年结转政府信息公开申请数量\n1 0 0 0\n0 0 1\n(二)部分公开(区分处理的,只计这一情形,不计 5 0 0 0 0 0 5\n其他情形)\n1.属于国家秘密 14\n";
        let reading = read_text(text, Template::Form2021);
        assert_eq!(values(&reading, "carried_over"), [1, 0, 0, 0, 0, 0, 1].map(Some));
        assert_eq!(values(&reading, "partially_granted"), [5, 0, 0, 0, 0, 0, 5].map(Some));
        assert_eq!(values(&reading, "denied.state_secret"), [None; 7]);
        assert!(reading.diagnostics.iter().any(|d| d.code == Code::CellCount && d.line == Some(6)));
    }

    #[test]
    fn the_next_row_due_takes_an_ambiguous_label() {
        let text = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1\n(六)其 2.申请人逾期未按收费通知要求缴纳费\n他处理 用、行政机关不再处理其政府信息公开 2 0 0 0 0 0 2\n3.其他 3 0 0 0 0 0 3\n";
        let reading = read_text(text, Template::Form2021);
        assert_eq!(values(&reading, "other_handling.no_correction")[0], Some(1));
        assert_eq!(values(&reading, "other_handling.unpaid_fee")[0], Some(2));
        assert_eq!(values(&reading, "other_handling.other")[0], Some(3));
    }

    #[test]
    fn a_row_printed_twice_keeps_the_first() {
        let head = "\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n(三)不予公开 1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1\n";
        let text = format!("{head}小计\t1\t0\t0\t0\t0\t0\t1\n小计\t2\t0\t0\t0\t0\t0\t2\n");
        let reading = read_text(&text, Template::Form2021);
        assert_eq!(
            values(&reading, "denied.subtotal"),
            [Some(1), Some(0), Some(0), Some(0), Some(0), Some(0), Some(1)]
        );
        let twice: Vec<_> = reading.diagnostics.iter().filter(|d| d.code == Code::DuplicateRow).collect();
        assert_eq!(twice.len(), 1, "{:?}", reading.diagnostics);
        assert_eq!(
            (twice[0].line, twice[0].message.as_str()),
            (Some(4), "row denied.subtotal appears again; the first is kept")
        );
    }

    #[test]
    fn subtotal_rows_and_column() {
        let text = "\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t小计\t总计\n(三)不予公开 1.属于国家秘密\t1\t0\t0\t0\t0\t0\t0\t1\n小计\t1\t0\t0\t0\t0\t0\t0\t1\n";
        let reading = read_text(text, Template::Form2021);
        let fields: Vec<_> =
            reading.placed.iter().filter(|p| p.row == "denied.subtotal").map(|p| p.field).collect();
        assert_eq!(fields.len(), 8);
        assert!(fields.contains(&"legal_person_subtotal"));
        let order: Vec<_> = reading.placed.iter().map(|p| p.row).collect();
        let after = order.iter().position(|r| *r == "denied.subtotal").unwrap();
        assert_eq!(order[after - 1], "denied.administrative_query");
    }
}
