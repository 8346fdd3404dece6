//! The table grid: every dump form reduced to rows of cells, each with its text, line and
//! character column.
//!
//! Two readers, chosen per line: *delimited* lines (tab-separated, or markdown pipe tables)
//! keep every cell, blank ones included, so a blank is seen as a blank; *spaced* lines
//! (`pdftotext` output, text copied from a page) split on runs of whitespace, where a blank
//! cell leaves no trace, so later stages only trust a spaced row whose count is complete.

use crate::grammar::{cell_value, page_number, CellValue};
use crate::normalize::Line;

/// How a row was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowForm {
    /// Cells separated by tabs or pipes: blank cells are present as empty cells.
    Delimited,
    /// Cells separated by whitespace: blank cells are invisible.
    Spaced,
}

/// One cell of a row, borrowed from its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell<'l> {
    /// The normalised text, trimmed.
    pub text: &'l str,
    /// The text as printed, trimmed.
    pub raw: &'l str,
    /// 1-based character column where the cell's text starts (or where the empty cell is).
    pub column: usize,
}

impl Cell<'_> {
    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether the cell is (part of) a label: text with letters or ideographs that is neither
    /// a number nor a placeholder.
    pub fn is_label(&self) -> bool {
        self.text.chars().any(char::is_alphabetic) && matches!(cell_value(self.text), CellValue::Text)
    }
}

/// One line read as a row of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'l> {
    /// 1-based line number in the dump.
    pub line: usize,
    /// How the row was read.
    pub form: RowForm,
    /// The cells, in order.
    pub cells: Vec<Cell<'l>>,
    /// How many page breaks (form feeds, as `pdftotext` writes them) came before this line in
    /// the run of lines read, counting one at the start of this line.
    pub page: usize,
    /// Characters at the start of the line that are page breaks, not layout: subtract them
    /// from a cell's column to compare positions with the lines above.
    pub page_break_width: usize,
    /// The index just past the last label cell (see [`Row::label_end`]).
    label_end: usize,
}

impl<'l> Row<'l> {
    fn new(line: usize, form: RowForm, cells: Vec<Cell<'l>>) -> Row<'l> {
        let label_end = cells.iter().rposition(Cell::is_label).map_or(0, |i| i + 1);
        Row { line, form, cells, page: 0, page_break_width: 0, label_end }
    }

    /// The index just past the row's last label cell: cells before it are the label, cells
    /// from it on are values.
    pub fn label_end(&self) -> usize {
        self.label_end
    }

    /// The row's label cells and value cells (see [`Row::label_end`]).
    pub fn split(&self) -> (&[Cell<'l>], &[Cell<'l>]) {
        self.cells.split_at_checked(self.label_end).unwrap_or((&self.cells, &[]))
    }
}

/// The rows of a run of lines, and the line numbers of page furniture (page numbers) that
/// were left out.
pub fn read_rows<'l>(lines: &'l [Line<'_>]) -> (Vec<Row<'l>>, Vec<usize>) {
    let mut furniture = Vec::new();
    let mut page = 0;
    let mut rows = Vec::new();
    for line in lines {
        page += line.raw.matches(FORM_FEED).count();
        if page_number(line.text()) {
            furniture.push(line.number);
            continue;
        }
        if let Some(mut row) = read_row(line) {
            row.page = page;
            row.page_break_width = line.raw.chars().take_while(|&c| c == FORM_FEED).count();
            rows.push(row);
        }
    }
    (rows, furniture)
}

/// The page break `pdftotext` writes between pages.
const FORM_FEED: char = '\u{c}';

/// Reads one line as a row; `None` for a blank line or a markdown rule (`---|---`).
pub fn read_row<'l>(line: &'l Line<'_>) -> Option<Row<'l>> {
    let text = line.text();
    if text.trim().is_empty() || is_rule(text) {
        return None;
    }
    let cells = if text.contains('\t') {
        split_delimited(line, '\t', false)
    } else if text.trim_start().starts_with('|') {
        split_delimited(line, '|', true)
    } else {
        return Some(Row::new(line.number, RowForm::Spaced, split_spaced(line)));
    };
    Some(Row::new(line.number, RowForm::Delimited, cells))
}

/// A markdown rule or table separator: only dashes, colons, pipes, tabs and spaces, with a run
/// of at least three dashes.
fn is_rule(text: &str) -> bool {
    text.chars().all(|c| matches!(c, '-' | ':' | '|' | '\t' | ' ' | '=' | '—')) && text.contains("---")
}

/// A line's characters, with their byte offsets in the normalised and the raw text.
struct Chars<'l, 'a> {
    line: &'l Line<'a>,
    /// Each character of the normalised text with its byte offset there.
    chars: Vec<(usize, char)>,
    /// Byte offsets of the characters in the raw text, where they differ from the normalised
    /// text's (normalisation never lengthens a character, so equal lengths mean equal offsets).
    raw_offsets: Option<Vec<usize>>,
}

impl<'l, 'a> Chars<'l, 'a> {
    fn new(line: &'l Line<'a>) -> Chars<'l, 'a> {
        // Sized for the worst case (all ASCII) so that filling never reallocates.
        let mut chars = Vec::with_capacity(line.text().len());
        chars.extend(line.text().char_indices());
        let raw_offsets = (line.text().len() != line.raw.len()).then(|| {
            let mut offsets = Vec::with_capacity(line.raw.len());
            offsets.extend(line.raw.char_indices().map(|(i, _)| i));
            offsets
        });
        Chars { line, chars, raw_offsets }
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    /// Byte offset of character `i` (or the end) in the normalised text.
    fn text_byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.line.text().len(), |&(at, _)| at)
    }

    /// Byte offset of character `i` (or the end) in the raw text.
    fn raw_byte(&self, i: usize) -> usize {
        match &self.raw_offsets {
            None => self.text_byte(i),
            Some(offsets) => offsets.get(i).copied().unwrap_or(self.line.raw.len()),
        }
    }

    /// The cell of characters `start..end`, spaces trimmed.
    fn cell(&self, start: usize, end: usize) -> Cell<'l> {
        let is_space = |i: &usize| self.char_at(*i).is_some_and(char::is_whitespace);
        let s = (start..end).find(|i| !is_space(i)).unwrap_or(end);
        let e = (s..end).rev().find(|i| !is_space(i)).map_or(s, |i| i + 1);
        let text = self.line.text().get(self.text_byte(s)..self.text_byte(e)).unwrap_or_default();
        let raw = self.line.raw.get(self.raw_byte(s)..self.raw_byte(e)).unwrap_or_default();
        Cell { text, raw, column: s + 1 }
    }
}

/// Splits on `separator`; for pipe tables the outer pipes are dropped.
fn split_delimited<'l>(line: &'l Line<'_>, separator: char, outer: bool) -> Vec<Cell<'l>> {
    let chars = Chars::new(line);
    let mut bounds: Vec<usize> =
        chars.chars.iter().enumerate().filter(|(_, (_, c))| *c == separator).map(|(i, _)| i).collect();
    let mut start = 0;
    let mut end = chars.len();
    if outer {
        // Drop what stands before the first pipe and after the last one.
        if let Some(&first) = bounds.first() {
            start = first + 1;
            bounds.remove(0);
        }
        let last_visible =
            (start..chars.len()).rev().find_map(|i| chars.char_at(i).filter(|c| !c.is_whitespace()));
        if last_visible == Some('|') {
            if let Some(last) = bounds.pop() {
                end = last;
            }
        }
    }
    let mut cells = Vec::with_capacity(bounds.len() + 1);
    for bound in bounds.into_iter().chain(std::iter::once(end)) {
        cells.push(chars.cell(start, bound));
        start = bound + 1;
    }
    cells
}

/// Splits on runs of whitespace, joining neighbouring label words into one cell
/// (`3. 其他`, `结果 维持`) while every number stays a cell of its own.
fn split_spaced<'l>(line: &'l Line<'_>) -> Vec<Cell<'l>> {
    let chars = Chars::new(line);
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut open = None;
    for (i, &(_, c)) in chars.chars.iter().enumerate() {
        match (c.is_whitespace(), open) {
            (false, None) => open = Some(i),
            (true, Some(start)) => {
                tokens.push((start, i));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        tokens.push((start, chars.len()));
    }
    let is_value = |&(s, e): &(usize, usize)| {
        let token = line.text().get(chars.text_byte(s)..chars.text_byte(e)).unwrap_or_default();
        matches!(cell_value(token), CellValue::Number(_) | CellValue::Placeholder)
    };
    let mut cells: Vec<Cell> = Vec::new();
    let mut label: Option<(usize, usize)> = None;
    for token in tokens {
        if is_value(&token) {
            if let Some((s, e)) = label.take() {
                cells.push(chars.cell(s, e));
            }
            cells.push(chars.cell(token.0, token.1));
        } else {
            label = Some(label.map_or(token, |(s, _)| (s, token.1)));
        }
    }
    if let Some((s, e)) = label {
        cells.push(chars.cell(s, e));
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::lines;

    /// The first line of `text` read as a row (its lines leak: rows borrow them).
    fn row(text: &'static str) -> Option<Row<'static>> {
        read_row(&Box::leak(lines(text).into_boxed_slice())[0])
    }

    fn texts<'l>(row: &Row<'l>) -> Vec<&'l str> {
        row.cells.iter().map(|c| c.text).collect()
    }

    #[test]
    fn tab_rows_keep_blank_cells_and_columns() {
        let r = row("\t（一）予以公开\t258\t\t1\t").unwrap();
        assert_eq!(r.form, RowForm::Delimited);
        assert_eq!(texts(&r), ["", "(一)予以公开", "258", "", "1", ""]);
        assert_eq!(r.cells[2].column, 10);
        assert_eq!(r.cells[1].raw, "（一）予以公开");
        assert_eq!(r.label_end(), 2);
    }

    #[test]
    fn pipe_rows_drop_outer_pipes() {
        let r = row("| 规章 | 0 |  | 470 |").unwrap();
        assert_eq!(texts(&r), ["规章", "0", "", "470"]);
        assert_eq!(r.cells[3].column, 15);
    }

    #[test]
    fn rules_are_skipped() {
        assert_eq!(row("|---|---|"), None);
        assert_eq!(row("---------\t---"), None);
        assert_eq!(row("   "), None);
    }

    #[test]
    fn spaced_rows_join_label_words() {
        let r = row("   （二）部分公开（区分处理的 不计 19 1 0 —   20").unwrap();
        assert_eq!(r.form, RowForm::Spaced);
        assert_eq!(texts(&r), ["(二)部分公开(区分处理的 不计", "19", "1", "0", "—", "20"]);
        assert_eq!(row("3. 其他 1 0").map(|r| r.cells[0].text), Some("3. 其他"));
    }
}
