//! The table grid: every dump form reduced to rows of cells, each with its text, line and
//! character column.
//!
//! Two readers, chosen per line: *delimited* lines (tab-separated, or markdown pipe tables)
//! keep every cell, blank ones included, so a blank is seen as a blank; *spaced* lines
//! (`pdftotext` output, text copied from a page) split on runs of whitespace, where a blank
//! cell leaves no trace, so later stages only trust a spaced row whose count is complete.

use std::borrow::Cow;

use crate::decode::count_bytes;
use crate::grammar::{cell_value, offset_of, page_number, CellValue};
use crate::normalize::{char_count, is_ideograph, raw_slice, trim, Line};

/// How a row was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowForm {
    /// Cells separated by tabs or pipes: blank cells are present as empty cells.
    Delimited,
    /// Cells separated by whitespace: blank cells are invisible.
    Spaced,
}

/// One cell of a row, borrowed from its line.
///
/// Its column and its text as printed are worked out only when asked for (for provenance, a
/// diagnostic or a layout table): most cells never need them, and walking every line to find
/// them cost 4% of the time a report takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell<'l> {
    /// The normalised text, trimmed: a slice of `line` (the raw text for a
    /// [`raw stretch`](Cell::raw_stretch)).
    pub text: &'l str,
    /// The line's normalised text.
    line: &'l str,
    /// The line's raw text.
    line_raw: &'l str,
}

impl<'l> Cell<'l> {
    /// The cell whose normalised text is `text`, a slice of `line` (the normalised text of a
    /// line whose raw text is `line_raw`).
    pub(crate) fn new(text: &'l str, line: &'l str, line_raw: &'l str) -> Cell<'l> {
        Cell { text, line, line_raw }
    }

    /// A stretch `raw` of the raw line `line_raw`, for values read from raw text (flattened
    /// sections): its `text` is the raw text, which folds as its normalised form would.
    pub(crate) fn raw_stretch(raw: &'l str, line_raw: &'l str) -> Cell<'l> {
        Cell { text: raw, line: line_raw, line_raw }
    }

    /// 1-based character column where the cell's text starts (or where the empty cell is).
    pub fn column(&self) -> usize {
        char_count(self.line.get(..offset_of(self.line, self.text)).unwrap_or_default()) + 1
    }

    /// The text as printed, trimmed.
    pub fn raw(&self) -> &'l str {
        let start = offset_of(self.line, self.text);
        raw_slice(self.line, self.line_raw, start..start + self.text.len())
    }

    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether the cell holds a value, or what may be one: digits (a number, or numbers packed
    /// in one cell) or a placeholder; not punctuation alone.
    pub fn holds_value(&self) -> bool {
        self.text.bytes().any(|b| b.is_ascii_digit())
            || matches!(cell_value(self.text), CellValue::Placeholder)
    }

    /// Whether the cell is (part of) a label: text with ideographs that is neither a number nor
    /// a placeholder.
    ///
    /// Every row label of the form is Chinese. A cell of Latin letters alone (`x`, an OCR's
    /// `l2` or `O`) stands where a value does: taken as label, it would shift the row's numbers
    /// one column left without a word, where as a value it is unread and said so.
    #[inline]
    pub fn is_label(&self) -> bool {
        // Most cells are numbers, which have no ideographs: `cell_value` is asked only after.
        self.text.chars().any(is_ideograph)
            && (!self.text.contains('<') || words(self.text).any(|w| w.chars().any(is_ideograph)))
            && matches!(cell_value(self.text), CellValue::Text)
    }
}

/// The words of a cell's text: split on whitespace and on the line breaks a converter writes
/// inside a markdown cell (`88<br>55`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .flat_map(|w| w.split(['<', '>']))
        .filter(|w| !w.is_empty() && !matches!(*w, "br" | "br/"))
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
    /// Whether the row is a markdown pipe row, whose every cell, the empty ones at its end
    /// included, is printed between pipes (a tab row's trailing tabs may be lost or added).
    pub piped: bool,
    /// The index just past the last label cell (see [`Row::label_end`]).
    label_end: usize,
}

impl<'l> Row<'l> {
    fn new(line: usize, form: RowForm, cells: Vec<Cell<'l>>) -> Row<'l> {
        let label_end = cells.iter().rposition(Cell::is_label).map_or(0, |i| i + 1);
        Row { line, form, cells, page: 0, page_break_width: 0, piped: false, label_end }
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

    /// Whether a label stands after a number: two rows printed on one line (`规章 0 0 0
    /// 行政规范性文件 62 33 440`), whose numbers the row's split cannot share out.
    pub fn joins_rows(&self) -> bool {
        let first_value = self.cells.iter().position(|c| !c.is_empty() && !c.is_label());
        let number_then_label =
            first_value.is_some_and(|v| v < self.label_end && self.cells.iter().take(v).any(Cell::is_label));
        // In a tab or pipe row the next row's label can share a cell with a number
        // (`行政处罚\t644 行政强制\t64`).
        let shared_cell = self.form == RowForm::Delimited
            && self.cells.iter().take(self.label_end).filter(|c| !c.is_empty()).skip(1).any(|c| {
                let mut words = c.text.split_whitespace();
                words.any(|w| w.bytes().all(|b| b.is_ascii_digit()))
                    && words.any(|w| w.chars().any(is_ideograph))
            });
        number_then_label || shared_cell
    }

    /// The row's cells with every value cell that holds several numbers (`| 21 0 | 0 0 |`, two
    /// columns a converter printed in one cell) split into one cell per number; `None` when no
    /// cell holds more than one. A misread number (`| O 0 |`, see [`misread_number`]) counts as
    /// one: kept whole, the cell would leave the row a column short and the rest read in order.
    /// Only a tab or pipe row's cells can be packed: in a spaced row every number is a cell
    /// already.
    pub fn unpacked(&self) -> Option<Vec<Cell<'l>>> {
        let packed = |cell: &Cell<'_>| {
            let mut numbers = words(cell.text);
            numbers.next().is_some()
                && numbers.next().is_some()
                && words(cell.text)
                    .all(|w| matches!(cell_value(w), CellValue::Number(_)) || misread_number(w))
        };
        let (labels, values) = self.split();
        if self.form != RowForm::Delimited || !values.iter().any(packed) {
            return None;
        }
        let mut cells = labels.to_vec();
        for cell in values {
            if packed(cell) {
                cells.extend(words(cell.text).map(|w| Cell { text: w, ..*cell }));
            } else {
                cells.push(*cell);
            }
        }
        Some(cells)
    }

    /// The label cells' text joined by `separator`; borrowed when one cell holds all of it (most
    /// labels, often after an empty first cell in tab dumps), where a join would add only the
    /// separators around empty cells.
    pub fn label(&self, separator: &str) -> Cow<'l, str> {
        let (cells, _) = self.split();
        let mut filled = cells.iter().filter(|c| !c.is_empty());
        match (filled.next(), filled.next()) {
            (Some(cell), None) => Cow::Borrowed(cell.text),
            _ => Cow::Owned(cells.iter().map(|c| c.text).collect::<Vec<_>>().join(separator)),
        }
    }
}

/// The rows of a run of lines, and the line numbers of page furniture (page numbers) that
/// were left out.
pub fn read_rows<'l>(lines: &'l [Line<'_>]) -> (Vec<Row<'l>>, Vec<usize>) {
    let mut furniture = Vec::new();
    let mut page = 0;
    let mut rows = Vec::with_capacity(lines.len());
    for line in lines {
        page += count_bytes(line.raw.as_bytes(), |b| b == FORM_FEED);
        if page_number(line.text()) {
            furniture.push(line.number);
            continue;
        }
        if let Some(mut row) = read_row(line) {
            if row.piped && is_page_number(&row) {
                // A page number a converter printed in a table's cells (`| | - 3 | - |`).
                furniture.push(line.number);
                continue;
            }
            row.page = page;
            row.page_break_width = line.raw.bytes().take_while(|&b| b == FORM_FEED).count();
            rows.push(row);
        }
    }
    (rows, furniture)
}

/// Whether a pipe row is a page number a converter printed in cells (`| | - 3 | - |`).
fn is_page_number(row: &Row<'_>) -> bool {
    let filled = || row.cells.iter().filter(|c| !c.is_empty());
    row.label_end == 0
        && filled().nth(3).is_none()
        && filled().next().is_some_and(|c| !c.text.starts_with(|c: char| c.is_ascii_digit()))
        && page_number(&filled().map(|c| c.text).collect::<Vec<_>>().join(" "))
}

/// The page break `pdftotext` writes between pages.
const FORM_FEED: u8 = 0x0c;

/// Reads one line as a row; `None` for a blank line or a markdown rule (`---|---`).
pub fn read_row<'l>(line: &'l Line<'_>) -> Option<Row<'l>> {
    let text = line.text();
    if trim(text).is_empty() || is_rule(text) {
        return None;
    }
    let (cells, piped) = if memchr::memchr(b'\t', text.as_bytes()).is_some() {
        (split_delimited(line, b'\t', false), false)
    } else if text.trim_start().starts_with('|') {
        (split_delimited(line, b'|', true), true)
    } else {
        return Some(Row::new(line.number, RowForm::Spaced, split_spaced(line)));
    };
    let mut row = Row::new(line.number, RowForm::Delimited, cells);
    row.piped = piped;
    Some(row)
}

/// A markdown rule or table separator: only dashes, colons, pipes, tabs and spaces, with a run
/// of at least three dashes.
fn is_rule(text: &str) -> bool {
    text.chars().all(|c| matches!(c, '-' | ':' | '|' | '\t' | ' ' | '=' | '—')) && text.contains("---")
}

/// The cell over bytes `start..end` of `line`'s normalised text, spaces trimmed; an empty cell
/// stands where its range ends.
fn cell_over<'l>(line: &'l Line<'_>, start: usize, end: usize) -> Cell<'l> {
    let text = line.text();
    let inner = text.get(start..end).unwrap_or_default();
    let trimmed = trim(inner);
    let from = start + (inner.len() - inner.trim_start().len());
    let at = text.get(from..from + trimmed.len()).unwrap_or_default();
    Cell::new(at, text, line.raw)
}

/// Splits on `separator` (a tab or a pipe); for pipe tables the outer pipes are dropped.
fn split_delimited<'l>(line: &'l Line<'_>, separator: u8, outer: bool) -> Vec<Cell<'l>> {
    let text = line.text();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut end = text.len();
    if outer {
        // Drop what stands before the first pipe and after the last one.
        if let Some(first) = memchr::memchr(separator, bytes) {
            start = first + 1;
        }
        if text.get(start..).unwrap_or_default().trim_end().ends_with('|') {
            end = memchr::memrchr(separator, bytes).filter(|&last| last >= start).unwrap_or(end);
        }
    }
    let inner = bytes.get(start..end).unwrap_or_default();
    let mut cells = Vec::with_capacity(memchr::memchr_iter(separator, inner).count() + 1);
    let base = start;
    for bound in memchr::memchr_iter(separator, inner).map(|at| base + at).chain(std::iter::once(end)) {
        cells.push(cell_over(line, start, bound));
        start = bound + 1;
    }
    cells
}

/// Splits on runs of whitespace, joining neighbouring label words into one cell
/// (`3. 其他`, `结果 维持`) while every number, and every word that stands where a number
/// does (see [`misread_number`]), stays a cell of its own.
fn split_spaced<'l>(line: &'l Line<'_>) -> Vec<Cell<'l>> {
    let text = line.text();
    let mut cells: Vec<Cell> = Vec::with_capacity(8);
    let mut label: Option<(usize, usize)> = None;
    for word in text.split_whitespace() {
        let start = offset_of(text, word);
        let token = (start, start + word.len());
        if matches!(cell_value(word), CellValue::Number(_) | CellValue::Placeholder) || misread_number(word) {
            if let Some((s, e)) = label.take() {
                cells.push(cell_over(line, s, e));
            }
            cells.push(cell_over(line, token.0, token.1));
        } else {
            label = Some(label.map_or(token, |(s, _)| (s, token.1)));
        }
    }
    if let Some((s, e)) = label {
        cells.push(cell_over(line, s, e));
    }
    cells
}

/// Whether a word is a number a scan or converter misread (`x`, an OCR's `l3` or `O`): Latin
/// letters that stand for digits, with or without digits, and nothing else. Joined to the label
/// before it, it would leave the row's numbers one fewer and let them fill the fields in order,
/// shifted by one; as a cell of its own it is an unread value, and said so.
fn misread_number(word: &str) -> bool {
    const LOOK_LIKE_DIGITS: [char; 9] = ['O', 'o', 'l', 'I', 'S', 'B', 'Z', 'x', 'X'];
    word.len() <= 12
        && word.chars().any(|c| LOOK_LIKE_DIGITS.contains(&c))
        && word.chars().all(|c| c.is_ascii_digit() || LOOK_LIKE_DIGITS.contains(&c))
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
        assert_eq!(r.cells[2].column(), 10);
        assert_eq!(r.cells[1].raw(), "（一）予以公开");
        assert_eq!(r.label_end(), 2);
    }

    #[test]
    fn pipe_rows_drop_outer_pipes() {
        let r = row("| 规章 | 0 |  | 470 |").unwrap();
        assert_eq!(texts(&r), ["规章", "0", "", "470"]);
        assert_eq!(r.cells[3].column(), 15);
    }

    #[test]
    fn pipe_rows_with_an_open_end_or_one_pipe() {
        assert_eq!(texts(&row("| 规章 | 0 | 5").unwrap()), ["规章", "0", "5"]);
        assert_eq!(texts(&row("|规章 0").unwrap()), ["规章 0"]);
        assert_eq!(texts(&row("||").unwrap()), [""]);
    }

    #[test]
    fn labels_join_their_cells_and_borrow_a_lone_one() {
        let lone = row("\t（一）予以公开\t258").unwrap();
        assert!(matches!(lone.label(" "), Cow::Borrowed("(一)予以公开")));
        let split = row("\t三、\t本年度办理结果\t\t258").unwrap();
        assert_eq!(
            (split.label(" "), split.label("")),
            (" 三、 本年度办理结果".into(), "三、本年度办理结果".into())
        );
        assert_eq!(row("\t\t258").unwrap().label(" "), "");
    }

    #[test]
    fn packed_cells_are_split_one_number_each() {
        let r = row("| 一、本年新收 | 21 0 | 0 | 0 0 | 21 |").unwrap();
        let unpacked = r.unpacked().unwrap();
        assert_eq!(
            unpacked.iter().map(|c| c.text).collect::<Vec<_>>(),
            ["一、本年新收", "21", "0", "0", "0", "0", "21"]
        );
        assert_eq!((unpacked[2].raw(), unpacked[2].column()), ("0", 15));
        assert_eq!(row("| 规章 | 21 | 0 |").unwrap().unpacked(), None);
        assert_eq!(
            row("| 规章 | 21 件 | 0 |").unwrap().unpacked(),
            None,
            "a number with a word is not two numbers"
        );
        assert_eq!(row("规章 21 0").unwrap().unpacked(), None);
        let misread = row("| 10 1 | O 0 | x |").unwrap().unpacked().unwrap();
        assert_eq!(misread.iter().map(|c| c.text).collect::<Vec<_>>(), ["10", "1", "O", "0", "x"]);
        let broken = row("| 行政规范性文件 | 88<br>55 | 698 |").unwrap();
        assert_eq!(broken.label_end(), 1, "a line break is not a letter");
        let unpacked = broken.unpacked().unwrap();
        assert_eq!(
            unpacked.iter().map(|c| c.text).collect::<Vec<_>>(),
            ["行政规范性文件", "88", "55", "698"]
        );
    }

    #[test]
    fn page_numbers_in_pipe_cells_are_furniture() {
        let lines = lines("| 规章 | 1 |\n|     |     | - 3 | -   |\n| 行政 | 2 |\n");
        let (rows, furniture) = read_rows(&lines);
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(furniture, [2]);
    }

    #[test]
    fn rules_are_skipped() {
        assert_eq!(row("|---|---|"), None);
        assert_eq!(row("---------\t---"), None);
        assert_eq!(row("   "), None);
    }

    #[test]
    fn columns_and_raw_text_follow_wide_characters() {
        let r = row("（一）　予以公开\t２５８\t\t１").unwrap();
        assert_eq!(texts(&r), ["(一) 予以公开", "258", "", "1"]);
        let raws: Vec<_> = r.cells.iter().map(|c| (c.raw(), c.column())).collect();
        assert_eq!(raws, [("（一）　予以公开", 1), ("２５８", 10), ("", 14), ("１", 15)]);
        let spaced = row("　合计　１２　—　3").unwrap();
        let raws: Vec<_> = spaced.cells.iter().map(|c| (c.raw(), c.column())).collect();
        assert_eq!(raws, [("合计", 2), ("１２", 5), ("—", 8), ("3", 10)]);
    }

    #[test]
    fn spaced_rows_join_label_words() {
        let r = row("   （二）部分公开（区分处理的 不计 19 1 0 —   20").unwrap();
        assert_eq!(r.form, RowForm::Spaced);
        assert_eq!(texts(&r), ["(二)部分公开(区分处理的 不计", "19", "1", "0", "—", "20"]);
        assert_eq!(row("3. 其他 1 0").map(|r| r.cells[0].text), Some("3. 其他"));
    }

    #[test]
    fn a_misread_number_in_a_spaced_row_is_a_value_cell() {
        // An OCR's `l3` for 13 after the label: a cell, so the row has four values, not three.
        let r = row("      规章             l3          1 3              524").unwrap();
        assert_eq!(texts(&r), ["规章", "l3", "1", "3", "524"]);
        assert_eq!(r.label_end(), 1);
        assert_eq!(texts(&row("规章 x 13 O").unwrap()), ["规章", "x", "13", "O"]);
        // Latin words that are no number stay in the label.
        assert_eq!(texts(&row("政务 APP 发布 12").unwrap()), ["政务 APP 发布", "12"]);
        assert!(!misread_number("APP") && !misread_number("13") && !misread_number(""));
        assert!(misread_number("lB9") && misread_number("1O"));
    }
}
