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

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The normalised text, trimmed.
    pub text: String,
    /// The text as printed, trimmed.
    pub raw: String,
    /// 1-based character column where the cell's text starts (or where the empty cell is).
    pub column: usize,
}

impl Cell {
    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether the cell is (part of) a label: text with letters or ideographs that is neither
    /// a number nor a placeholder.
    pub fn is_label(&self) -> bool {
        self.text.chars().any(char::is_alphabetic) && matches!(cell_value(&self.text), CellValue::Text)
    }
}

/// One line read as a row of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line number in the dump.
    pub line: usize,
    /// How the row was read.
    pub form: RowForm,
    /// The cells, in order.
    pub cells: Vec<Cell>,
    /// How many page breaks (form feeds, as `pdftotext` writes them) came before this line in
    /// the run of lines read, counting one at the start of this line.
    pub page: usize,
    /// Characters at the start of the line that are page breaks, not layout: subtract them
    /// from a cell's column to compare positions with the lines above.
    pub page_break_width: usize,
    /// The index just past the last label cell (see [`Row::label_end`]).
    label_end: usize,
}

impl Row {
    fn new(line: usize, form: RowForm, cells: Vec<Cell>) -> Row {
        let label_end = cells.iter().rposition(Cell::is_label).map_or(0, |i| i + 1);
        Row { line, form, cells, page: 0, page_break_width: 0, label_end }
    }

    /// The index just past the row's last label cell: cells before it are the label, cells
    /// from it on are values.
    pub fn label_end(&self) -> usize {
        self.label_end
    }

    /// The row's label cells and value cells (see [`Row::label_end`]).
    pub fn split(&self) -> (&[Cell], &[Cell]) {
        self.cells.split_at_checked(self.label_end).unwrap_or((&self.cells, &[]))
    }
}

/// The rows of a run of lines, and the line numbers of page furniture (page numbers) that
/// were left out.
pub fn read_rows(lines: &[Line<'_>]) -> (Vec<Row>, Vec<usize>) {
    let mut furniture = Vec::new();
    let mut page = 0;
    let mut rows = Vec::new();
    for line in lines {
        page += line.raw.matches(FORM_FEED).count();
        if page_number(&line.text) {
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
pub fn read_row(line: &Line<'_>) -> Option<Row> {
    let text = line.text.as_str();
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

/// Character offsets of a line's characters in bytes of the raw text, plus its end.
fn raw_offsets(raw: &str) -> Vec<usize> {
    raw.char_indices().map(|(i, _)| i).chain(std::iter::once(raw.len())).collect()
}

/// Builds a cell from the character range `start..end` of a line, trimming spaces.
fn make_cell(line: &Line<'_>, chars: &[char], offsets: &[usize], start: usize, end: usize) -> Cell {
    let span = chars.get(start..end).unwrap_or_default();
    let lead = span.iter().take_while(|c| c.is_whitespace()).count();
    let body = span.get(lead..).unwrap_or_default();
    let trail = body.iter().rev().take_while(|c| c.is_whitespace()).count();
    let body = body.get(..body.len() - trail).unwrap_or_default();
    let s = start + lead;
    let raw = match (offsets.get(s), offsets.get(s + body.len())) {
        (Some(&from), Some(&to)) => line.raw.get(from..to).unwrap_or_default(),
        _ => "",
    };
    Cell { text: body.iter().collect(), raw: raw.to_string(), column: s + 1 }
}

/// Splits on `separator`; for pipe tables the outer pipes are dropped.
fn split_delimited(line: &Line<'_>, separator: char, outer: bool) -> Vec<Cell> {
    let chars: Vec<char> = line.text.chars().collect();
    let offsets = raw_offsets(line.raw);
    let mut bounds: Vec<usize> =
        chars.iter().enumerate().filter(|(_, c)| **c == separator).map(|(i, _)| i).collect();
    let mut start = 0;
    let mut end = chars.len();
    if outer {
        // Drop what stands before the first pipe and after the last one.
        if let Some(&first) = bounds.first() {
            start = first + 1;
            bounds.remove(0);
        }
        if chars.get(start..).unwrap_or_default().iter().rev().find(|c| !c.is_whitespace()) == Some(&'|') {
            if let Some(last) = bounds.pop() {
                end = last;
            }
        }
    }
    let mut cells = Vec::with_capacity(bounds.len() + 1);
    for bound in bounds.into_iter().chain(std::iter::once(end)) {
        cells.push(make_cell(line, &chars, &offsets, start, bound));
        start = bound + 1;
    }
    cells
}

/// Splits on runs of whitespace, joining neighbouring label words into one cell
/// (`3. 其他`, `结果 维持`) while every number stays a cell of its own.
fn split_spaced(line: &Line<'_>) -> Vec<Cell> {
    let chars: Vec<char> = line.text.chars().collect();
    let offsets = raw_offsets(line.raw);
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut open = None;
    for (i, c) in chars.iter().enumerate() {
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
        let token: String = chars.get(s..e).unwrap_or_default().iter().collect();
        matches!(cell_value(&token), CellValue::Number(_) | CellValue::Placeholder)
    };
    let mut cells: Vec<Cell> = Vec::new();
    let mut label: Option<(usize, usize)> = None;
    for token in tokens {
        if is_value(&token) {
            if let Some((s, e)) = label.take() {
                cells.push(make_cell(line, &chars, &offsets, s, e));
            }
            cells.push(make_cell(line, &chars, &offsets, token.0, token.1));
        } else {
            label = Some(label.map_or(token, |(s, _)| (s, token.1)));
        }
    }
    if let Some((s, e)) = label {
        cells.push(make_cell(line, &chars, &offsets, s, e));
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::lines;

    fn row(text: &str) -> Option<Row> {
        read_row(&lines(text)[0])
    }

    fn texts(row: &Row) -> Vec<&str> {
        row.cells.iter().map(|c| c.text.as_str()).collect()
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
        assert_eq!(row("3. 其他 1 0").map(|r| r.cells[0].text.clone()).as_deref(), Some("3. 其他"));
    }
}
