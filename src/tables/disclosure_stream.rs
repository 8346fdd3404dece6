//! Section 二 as `pdftotext` without `-layout` writes it: one cell per line, the sub-tables cut
//! into blocks that come out in an order of their own.
//!
//! In such text the row labels of several sub-tables come first (`信息内容`, `规章`,
//! `行政规范性文件`, `信息内容`, `行政许可`), then the titles (`第二十条第（一）项`), column headers
//! and numbers, a block at a time. What fixes each number is the structure around it: a run of
//! column headers followed by its numbers is one block of the sub-table the headers belong to
//! (the last title's, or else the one sub-table of the form with those columns). A block of
//! `k` headers read across a row is read across every row, so its numbers fill the sub-table's
//! rows in order, `k` at a time; a run whose count is not `k` times the rows leaves its numbers
//! unused, with an error. Rows are those of the sub-table whose labels the section prints.

use crate::grammar::{cell_value, disclosure_item, header_unit, CellValue, Unit};
use crate::grid::Row;
use crate::labels::{DisclosureRow, DISCLOSURE_FIELD_HEADERS, DISCLOSURE_HEADER, DISCLOSURE_TITLE};
use crate::model::Code;
use crate::model::Severity;
use crate::normalize::fold_label;
use crate::tables::disclosure::FoundRow;
use crate::tables::{LineCell, Reading};

/// Whether the section is written one cell per line: no line holds two cells, and some line
/// holds a number.
pub fn is_one_cell_per_line(body: &[Row]) -> bool {
    let cells = |row: &Row| row.cells.iter().filter(|c| !c.is_empty()).count();
    body.iter().all(|row| cells(row) <= 1) && body.iter().any(|row| row.label_end() == 0 && cells(row) == 1)
}

/// What one line of the section is.
#[derive(Debug)]
enum Token<'a, 'l> {
    /// `第二十条第（X）项`: item X.
    Title(u32),
    /// `第二十条…` whose item cannot be read (`第二十条第（）项`).
    UnreadTitle,
    /// A column header: the field it names and the money unit it states.
    Header(&'static str, Option<Unit>),
    /// A row label: the row's index in the form.
    Label(usize),
    /// A number (or placeholder) cell.
    Value(&'a Row<'l>),
    /// Anything else (`信息内容`, notes).
    Other,
}

fn token<'a, 'l>(row: &'a Row<'l>, form: &[DisclosureRow]) -> Token<'a, 'l> {
    let Some(cell) = row.cells.iter().find(|c| !c.is_empty()) else { return Token::Other };
    if !matches!(cell_value(cell.text), CellValue::Text) {
        return Token::Value(row);
    }
    let folded = fold_label(cell.text);
    if let Some(item) = disclosure_item(&folded) {
        return Token::Title(item);
    }
    if folded.starts_with(DISCLOSURE_TITLE) {
        // A title whose item cannot be read: the blocks after it belong to no known sub-table.
        return Token::UnreadTitle;
    }
    if folded.contains(DISCLOSURE_HEADER) {
        return Token::Other;
    }
    let header = DISCLOSURE_FIELD_HEADERS.iter().find(|(_, words)| words.iter().any(|w| folded.contains(w)));
    if let Some((field, _)) = header {
        return Token::Header(field, header_unit(&folded));
    }
    match form.iter().position(|r| r.keywords.iter().any(|k| folded.contains(k))) {
        Some(index) => Token::Label(index),
        None => Token::Other,
    }
}

/// Reads the section's rows from one-cell-per-line text (see the module documentation).
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn read<'l>(body: &[Row<'l>], form: &[DisclosureRow], reading: &mut Reading) -> Vec<FoundRow<'l>> {
    let tokens: Vec<Token<'_, 'l>> = body.iter().map(|row| token(row, form)).collect();
    let printed: Vec<usize> =
        tokens.iter().filter_map(|t| if let Token::Label(i) = t { Some(*i) } else { None }).collect();
    reading.note(
        Severity::Info,
        Code::OneCellPerLine,
        body.first().map(|r| r.line),
        "section 二 is written one cell per line: each run of column headers and the numbers after it was read as a block of the sub-table the headers belong to, across its printed rows".into(),
    );
    let mut found: Vec<FoundRow> = Vec::new();
    let mut item = None;
    let mut index = 0;
    while let Some(token) = tokens.get(index) {
        match token {
            Token::Title(n) => item = Some(*n),
            Token::UnreadTitle => item = None,
            Token::Header(..) => {
                let line = body.get(index).map(|r| r.line);
                let headers: Vec<(&'static str, Option<Unit>)> = tokens
                    .get(index..)
                    .unwrap_or_default()
                    .iter()
                    .map_while(|t| if let Token::Header(f, u) = t { Some((*f, *u)) } else { None })
                    .collect();
                index += headers.len();
                let values: Vec<&Row<'l>> = tokens
                    .get(index..)
                    .unwrap_or_default()
                    .iter()
                    .map_while(|t| if let Token::Value(row) = t { Some(*row) } else { None })
                    .collect();
                index += values.len();
                fill_block(&headers, &values, item, form, &printed, line, &mut found, reading);
                continue;
            }
            Token::Label(_) | Token::Value(_) | Token::Other => {}
        }
        if let (Token::Label(_) | Token::Title(_), Some(row)) = (token, body.get(index)) {
            reading.cover(row.line);
        }
        index += 1;
    }
    found
}

/// Fills one block: `headers` (fields, in order across the row) and the `values` after them.
#[allow(clippy::too_many_arguments)]
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn fill_block<'l>(
    headers: &[(&'static str, Option<Unit>)],
    values: &[&Row<'l>],
    item: Option<u32>,
    form: &[DisclosureRow],
    printed: &[usize],
    line: Option<usize>,
    found: &mut Vec<FoundRow<'l>>,
    reading: &mut Reading,
) {
    let has_fields = |row: &DisclosureRow| headers.iter().all(|(f, _)| row.fields.contains(f));
    // The last title's sub-table if it has these columns, else the one sub-table that has.
    let mut items: Vec<u32> = form.iter().filter(|r| has_fields(r)).map(|r| r.item).collect();
    items.dedup();
    let chosen = match item.filter(|i| items.contains(i)) {
        Some(i) => Some(i),
        None if items.len() == 1 => items.first().copied(),
        None => None,
    };
    let rows: Vec<usize> = form
        .iter()
        .enumerate()
        .filter(|(i, r)| Some(r.item) == chosen && printed.contains(i))
        .map(|(i, _)| i)
        .collect();
    let names: Vec<&str> = headers.iter().map(|(f, _)| *f).collect();
    // (No sub-table chosen: no rows.)
    if rows.is_empty() || values.len() != headers.len() * rows.len() {
        if !values.is_empty() {
            reading.note(
                Severity::Error,
                Code::CellCount,
                line,
                format!(
                    "section 二: {} numbers under the column(s) {} fit no sub-table's printed rows; not used",
                    values.len(),
                    names.join(", ")
                ),
            );
        }
        return;
    }
    let unit = headers.iter().find_map(|(_, u)| *u);
    for (r, &form_index) in rows.iter().enumerate() {
        let Some(spec) = form.get(form_index) else { continue };
        let at = match found.iter().position(|f| f.form_index == form_index) {
            Some(at) => at,
            None => {
                found.push(FoundRow { form_index, cells: vec![None; spec.fields.len()], unit: None });
                found.len() - 1
            }
        };
        let Some(entry) = found.get_mut(at) else { continue };
        entry.unit = entry.unit.or(unit);
        for (k, (field, _)) in headers.iter().enumerate() {
            let (Some(slot), Some(row)) = (
                spec.fields.iter().position(|f| f == field).and_then(|f| entry.cells.get_mut(f)),
                values.get(r * headers.len() + k),
            ) else {
                continue;
            };
            if let Some(cell) = row.cells.iter().find(|c| !c.is_empty()) {
                *slot = Some(LineCell { line: row.line, cell: *cell });
                reading.cover(row.line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::read_row;
    use crate::labels::DISCLOSURE_ROWS_2021;
    use crate::normalize::lines;
    use crate::tables::disclosure::read as read_section;
    use crate::tables::Number;

    fn value(reading: &Reading, row: &str, field: &str) -> Option<Number> {
        reading.placed.iter().find(|p| p.row == row && p.field == field).and_then(|p| p.value)
    }

    const RAW: &str = "信息内容\n规章\n行政规范性文件\n信息内容\n行政许可\n\n第二十条第（一）项\n本年制发件数\n本年废止件数\n0\n0\n69\n3\n第二十条第（五）项\n本年处理决定数量\n2293\n\n现行有效件数\n0\n665\n";

    #[test]
    fn blocks_fill_their_sub_tables_across_rows() {
        let lines = lines(RAW);
        let rows: Vec<Row> = lines.iter().filter_map(read_row).collect();
        assert!(is_one_cell_per_line(&rows));
        // Without a line of numbers (labels alone, one per line) it is not such a section, nor
        // with a line of two cells.
        let labels: Vec<Row> = lines.iter().take(5).filter_map(read_row).collect();
        assert!(!is_one_cell_per_line(&labels));
        let two_cells = crate::normalize::lines("规章\n0 0\n");
        assert!(!is_one_cell_per_line(&two_cells.iter().filter_map(read_row).collect::<Vec<_>>()));
        let reading = read_section(&rows, crate::model::Template::Form2021);
        assert_eq!(value(&reading, "regulations", "issued"), Some(Number::Integer(0)));
        assert_eq!(value(&reading, "normative_documents", "issued"), Some(Number::Integer(69)));
        assert_eq!(value(&reading, "normative_documents", "repealed"), Some(Number::Integer(3)));
        // 现行有效件数 comes after item (五)'s block, but only item (一) has that column.
        assert_eq!(value(&reading, "normative_documents", "in_force"), Some(Number::Integer(665)));
        assert_eq!(value(&reading, "licensing", "decisions"), Some(Number::Integer(2293)));
    }

    #[test]
    fn a_block_of_the_wrong_size_is_not_used() {
        let text = RAW.replace("69\n3\n", "69\n");
        let lines = lines(&text);
        let rows: Vec<Row> = lines.iter().filter_map(read_row).collect();
        let mut reading = Reading::default();
        let found = read(&rows, DISCLOSURE_ROWS_2021, &mut reading);
        let regulations = found.iter().find(|f| f.form_index == 0).unwrap();
        assert_eq!(regulations.cells[0], None);
        assert!(reading.diagnostics.iter().any(|d| d.code == Code::CellCount && d.line == Some(8)));
    }

    #[test]
    fn a_block_under_no_title_whose_columns_two_sub_tables_share_is_not_used() {
        // 本年处理决定数量 is a column of item (五) and of item (六): with no title before it,
        // its number is 行政许可's or 行政处罚's, and which is not certain.
        let text = "信息内容\n行政许可\n信息内容\n行政处罚\n行政强制\n本年处理决定数量\n7\n";
        let lines = lines(text);
        let rows: Vec<Row> = lines.iter().filter_map(read_row).collect();
        let mut reading = Reading::default();
        let found = read(&rows, DISCLOSURE_ROWS_2021, &mut reading);
        assert!(found.iter().all(|f| f.cells.iter().all(Option::is_none)));
        assert!(reading
            .diagnostics
            .iter()
            .any(|d| d.code == Code::CellCount && d.message.contains("1 numbers")));
    }
}
