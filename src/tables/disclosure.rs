//! Section 二: the sub-tables of proactively disclosed information (第二十条 items).
//!
//! Each sub-table is a title row (`第二十条第（一）项`), a header row opening with `信息内容`
//! and rows of a label and its numbers. Rows are recognised by label words
//! ([`DISCLOSURE_ROWS_2021`], [`DISCLOSURE_ROWS_2019`]); their fields are fixed by the form.
//! Money is read in the unit the header or the cell names and reported in 万元.

use crate::grammar::{header_unit, Unit};
use crate::grid::{Cell, Row, RowForm};
use crate::labels::{
    DisclosureRow, DISCLOSURE_HEADER, DISCLOSURE_ROWS_2019, DISCLOSURE_ROWS_2021, DISCLOSURE_TITLE,
};
use crate::model::Code;
use crate::model::{Severity, Template};
use crate::normalize::fold_label;
use crate::tables::{
    disclosure_stream, integer_of, read_number, splits, wrapped_digits, Kind, LineCell, Number, Placed,
    Reading,
};

/// A recognised row: its place in the form, a cell (or blank) per field, and the money unit
/// its sub-table's header names.
pub(crate) struct FoundRow<'l> {
    pub(crate) form_index: usize,
    pub(crate) cells: Vec<Option<LineCell<'l>>>,
    pub(crate) unit: Option<Unit>,
}

/// The rows of section 二 in `template`'s form.
pub fn form_rows(template: Template) -> &'static [DisclosureRow] {
    match template {
        Template::Form2019 => DISCLOSURE_ROWS_2019,
        _ => DISCLOSURE_ROWS_2021,
    }
}

/// Reads section 二 from its grid rows.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn read<'l>(rows: &[Row<'l>], template: Template) -> Reading<'l> {
    let mut reading = Reading::default();
    let form = form_rows(template);
    let start = rows.iter().position(|r| {
        r.cells.iter().any(|c| {
            let folded = fold_label(c.text);
            folded.starts_with(DISCLOSURE_TITLE) || folded.starts_with(DISCLOSURE_HEADER)
        })
    });
    let body = rows.get(start.unwrap_or(rows.len())..).unwrap_or_default();
    let found = if disclosure_stream::is_one_cell_per_line(body) {
        disclosure_stream::read(body, form, &mut reading)
    } else {
        by_rows(body, form, &mut reading)
    };
    if start.is_none() {
        reading.note(
            Severity::Error,
            Code::MissingTable,
            rows.first().map(|r| r.line),
            "section 二 has no 第二十条 table".into(),
        );
    }
    let mut found = found;
    for (i, row) in form.iter().enumerate() {
        let mut entry = found.iter_mut().find(|f| f.form_index == i);
        if entry.is_none() && start.is_some() {
            reading.note(
                Severity::Warning,
                Code::MissingRow,
                None,
                format!("row {} of section 二 was not found; its values are null", row.key),
            );
        }
        for (f, field) in row.fields.iter().enumerate() {
            let kind = match (*field, row.money && f + 1 == row.fields.len()) {
                (_, true) => Kind::Money(entry.as_ref().and_then(|e| e.unit)),
                ("change", _) => Kind::Signed,
                _ => Kind::Count,
            };
            let cell = entry.as_mut().and_then(|e| e.cells.get_mut(f)).and_then(Option::take);
            let (value, origin) = cell.map_or((None, None), |c| c.read(kind, &mut reading));
            reading.placed.push(Placed { row: row.key, field, value, origin });
        }
    }
    reading
}

/// The rows of section 二 read line by line: a label and its numbers on one line (or the
/// numbers on the next), sub-table headers setting the money unit.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn by_rows<'l>(body: &[Row<'l>], form: &[DisclosureRow], reading: &mut Reading) -> Vec<FoundRow<'l>> {
    let mut found: Vec<FoundRow<'l>> = Vec::with_capacity(form.len());
    let mut unit = None;
    // The cells of the sub-table's header row, in a tab or pipe table, and the index of its
    // first field's cell.
    let mut header_cells: Option<usize> = None;
    let mut header_fields: Option<usize> = None;
    // Numbers alone on their lines: a converter moved cells out of the table.
    let mut moved_out = false;
    let mut index = 0;
    while let Some(row) = body.get(index) {
        index += 1;
        let (label_cells, value_cells) = row.split();
        // The label's cells run together.
        let joined = row.label("");
        let label = fold_label(&joined);
        if label.contains(DISCLOSURE_HEADER) {
            unit = header_unit(&label);
            header_cells = (row.form == RowForm::Delimited).then_some(row.cells.len());
            header_fields = header_cells.and_then(|_| {
                row.cells.iter().enumerate().filter(|(_, c)| !c.is_empty()).nth(1).map(|(i, _)| i)
            });
            reading.cover(row.line);
            continue;
        }
        if label.starts_with(DISCLOSURE_TITLE) {
            reading.cover(row.line);
            continue;
        }
        let mut values: Vec<LineCell<'l>> =
            value_cells.iter().map(|&cell| LineCell { line: row.line, cell }).collect();
        let mut form_of_values = row.form;
        let spec = form.iter().enumerate().find(|(_, r)| r.keywords.iter().any(|k| label.contains(k)));
        if values.iter().all(|v| v.cell.is_empty()) && spec.is_some() && !row.joins_rows() {
            // A row's label alone on its line: its numbers may stand on the next line.
            match body.get(index) {
                Some(next) if next.label_end() == 0 && !next.cells.is_empty() => {
                    values = next.cells.iter().map(|&cell| LineCell { line: next.line, cell }).collect();
                    form_of_values = next.form;
                    index += 1;
                }
                _ => {}
            }
        }
        match spec {
            Some((i, spec)) => {
                reading.cover(row.line);
                if let Some(unpacked) = unpacked(row, &values, (spec.fields.len(), header_cells)) {
                    reading.note(
                        Severity::Info,
                        Code::CellsUnpacked,
                        Some(row.line),
                        format!("row {}: two fields' numbers printed in one cell were read apart, which fills the fields exactly", spec.key),
                    );
                    values = unpacked;
                }
                if found.iter().any(|f| f.form_index == i) {
                    reading.note(
                        Severity::Warning,
                        Code::DuplicateRow,
                        Some(row.line),
                        format!("row {} appears again; the first is kept", spec.key),
                    );
                    continue;
                }
                // A tab or pipe row prints its blank cells: one with fewer cells than its header,
                // or than its fields, lost a cell.
                let short = form_of_values == RowForm::Delimited
                    && (header_cells.is_some_and(|h| label_cells.len() + values.len() < h)
                        || values.len() < spec.fields.len());
                let shape = RowShape {
                    width: spec.fields.len(),
                    form: form_of_values,
                    short,
                    stock: spec.item == 1,
                    moved_out,
                };
                if header_cells == Some(row.cells.len()) && values.first().is_some_and(|v| v.line == row.line)
                {
                    skip_label_span(&mut values, header_fields, row.label_end());
                }
                let cells = if row.joins_rows() {
                    reading.note(
                        Severity::Error,
                        Code::CellCount,
                        Some(row.line),
                        format!(
                            "row {}: two rows are printed on its line (a label stands after numbers), and which numbers are whose is not certain; its values are null",
                            spec.key
                        ),
                    );
                    vec![None; shape.width]
                } else {
                    let label =
                        label_cells.last().filter(|_| values.first().is_some_and(|v| v.line == row.line));
                    fit_fields((label, &values), shape, spec.key, row.line, reading)
                };
                let (cells, wrapped) = unless_wrapped(cells, body.get(index), spec.key, reading);
                index += usize::from(wrapped);
                found.push(FoundRow { form_index: i, cells, unit });
            }
            None if !label.is_empty() && values.iter().any(|v| !v.cell.is_empty()) => {
                reading.cover(row.line);
                extra_row(&label, label_cells, &values, row.line, reading);
            }
            None if label.is_empty() && values.iter().any(|v| !v.cell.is_empty()) => {
                moved_out = true;
                reading.note(
                    Severity::Warning,
                    Code::UnplacedNumbers,
                    Some(row.line),
                    "numbers on a line of their own that belong to no row; not used".into(),
                );
            }
            None => {}
        }
    }
    found
}

/// Drops the empty cells a row of a tab or pipe table prints under its header's label where
/// that label spans two cells (`信息内容\t\t本年制发件数…` over `规章\t\t5\t\t470`): the row's
/// fields start where the header's do (`first_field`), and its empty cells before them are
/// the label's, not blank fields. `values` are the row's cells from `label_end` on.
fn skip_label_span(values: &mut Vec<LineCell<'_>>, first_field: Option<usize>, label_end: usize) {
    let span = first_field.map_or(0, |first| first.saturating_sub(label_end));
    if values.get(..span).is_some_and(|cells| cells.iter().all(|v| v.cell.is_empty())) {
        values.drain(..span);
    }
}

/// The value cells of a tab or pipe row that prints two fields' numbers in one cell (`| 88 55
/// | 698 |`, `88<br>55`), one number each, when `values` are that row's own, the row has as
/// many cells as its table's header (`header_cells`) and reading them apart gives exactly one
/// number per field (see [`Row::unpacked`]).
///
/// A row with fewer cells than its header lost one, and then `2 2` may as well be a `22` that a
/// narrow cell split: read apart, it would fill the lost cell with a wrong number.
fn unpacked<'l>(
    row: &Row<'l>,
    values: &[LineCell<'l>],
    (width, header_cells): (usize, Option<usize>),
) -> Option<Vec<LineCell<'l>>> {
    if values.first().is_some_and(|v| v.line != row.line) || header_cells != Some(row.cells.len()) {
        return None;
    }
    let cells = row.unpacked()?;
    let own: Vec<LineCell<'l>> =
        cells.into_iter().skip(row.label_end()).map(|cell| LineCell { line: row.line, cell }).collect();
    (own.iter().filter(|v| !v.cell.is_empty()).count() == width).then_some(own)
}

/// The row's cells, or nulls when `next` holds digits standing where its numbers end (a narrow
/// cell wrapped a number); and whether `next` was such a line.
fn unless_wrapped<'l>(
    mut cells: Vec<Option<LineCell<'l>>>,
    next: Option<&Row<'_>>,
    key: &str,
    reading: &mut Reading,
) -> (Vec<Option<LineCell<'l>>>, bool) {
    let numbers: Vec<Cell> = cells.iter().flatten().map(|c| c.cell).collect();
    let Some(next) = next.filter(|next| wrapped_digits(&numbers, next)) else { return (cells, false) };
    reading.cover(next.line);
    reading.note(
        Severity::Error,
        Code::WrappedNumber,
        Some(next.line),
        format!(
            "row {key}: the digits on line {} stand right under or after its numbers, as a narrow cell wraps a number; which digits belong together is not certain, so its values are null",
            next.line
        ),
    );
    cells.iter_mut().for_each(|c| *c = None);
    (cells, true)
}

/// What a row's value cells are fitted to.
#[derive(Debug, Clone, Copy)]
struct RowShape {
    /// The number of fields.
    width: usize,
    /// How the row was read.
    form: RowForm,
    /// A tab or pipe row with fewer cells than its sub-table's header: a cell was lost.
    short: bool,
    /// Whether the last field is a running total (现行有效件数, 对外公开总数量), which is never
    /// below the first (本年制发件数, 本年新制作数量).
    stock: bool,
    /// Whether numbers stood alone on lines earlier in the section: cells a converter moved out
    /// of its table.
    moved_out: bool,
}

/// Fits a row's value cells to its fields. A tab or pipe row is read left to right, its empty
/// cells being spacers when every field has a number; a spaced row must have exactly one value
/// per field. A row that lost a cell (see [`RowShape`]) is not read in order: see [`short_row`].
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn fit_fields<'l>(
    (label, values): (Option<&Cell<'_>>, &[LineCell<'l>]),
    shape: RowShape,
    key: &str,
    line: usize,
    reading: &mut Reading,
) -> Vec<Option<LineCell<'l>>> {
    let width = shape.width;
    let filled: Vec<&LineCell<'l>> = values.iter().filter(|v| !v.cell.is_empty()).collect();
    if shape.form == RowForm::Delimited && filled.len() == width {
        // Every field has its number: the empty cells are spacers a merged header cell left.
        return filled.into_iter().cloned().map(Some).collect();
    }
    if let ([first, rest @ ..], 1, RowForm::Delimited) = (filled.as_slice(), width, shape.form) {
        if !rest.is_empty() && rest.iter().all(|c| c.cell.text == first.cell.text) {
            // A converter repeats a merged cell in every column it spans (`|行政许可|10690|10690|`).
            reading.note(
                Severity::Info,
                Code::MergedCellRepeated,
                Some(line),
                format!("row {key}: one number repeated in {} cells, as a converter repeats a merged cell; read once", filled.len()),
            );
            return vec![Some((*first).clone())];
        }
    }
    if shape.short && shape.form == RowForm::Delimited && !filled.is_empty() {
        return short_row(&filled, shape, key, line, reading);
    }
    let present = values.iter().rposition(|v| !v.cell.is_empty()).map_or(0, |i| i + 1);
    let fits = match shape.form {
        RowForm::Delimited => present <= width,
        RowForm::Spaced => values.len() == width,
    };
    if !fits {
        let why = match shape.form {
            RowForm::Spaced if values.is_empty() => "no numbers found on its line or the next".to_string(),
            RowForm::Spaced => format!(
                "{} numbers for {width} fields, and blanks cannot be located in space-separated text",
                values.len()
            ),
            RowForm::Delimited => format!("{present} cells for {width} fields"),
        };
        reading.note(
            Severity::Error,
            Code::CellCount,
            Some(line),
            format!("row {key}: {why}; its values are null"),
        );
        return vec![None; width];
    }
    if shape.form == RowForm::Spaced && split_among_wide(label, values) {
        reading.note(
            Severity::Error,
            Code::CellCount,
            Some(line),
            format!("row {key}: two of its numbers stand one space apart where the others stand wide apart, as a number a narrow cell split, which with a lost number fills the fields as well; its values are null"),
        );
        return vec![None; width];
    }
    (0..width).map(|i| values.get(i).cloned()).collect()
}

/// Whether a spaced row's numbers, on one line, may hold a number split in two (see
/// [`splits::close_among_wide`]), its `label` counted where it shares their line (the gap after
/// it is the row's first): section 二 has no sums to tell a split from two numbers.
fn split_among_wide(label: Option<&Cell<'_>>, values: &[LineCell<'_>]) -> bool {
    let line = values.first().map(|v| v.line);
    if !values.iter().all(|v| Some(v.line) == line) {
        return false;
    }
    let cells: Vec<Cell<'_>> = label.into_iter().copied().chain(values.iter().map(|v| v.cell)).collect();
    splits::close_among_wide(&splits::printed(&cells))
}

/// A tab or pipe row that lost a cell (fewer cells than its header, not every field filled):
/// which field lost it is unknown, so its values are null. The one exception is a PDF
/// converter's habit, seen where it printed cells it moved out of the table as numbers alone on
/// their lines before it: it moves out the cells whose text runs over several lines (a count
/// with a note, `55（含自然失效 29 件）`, 本年废止件数 of sub-table (一)) and keeps the row's edges.
/// There, two numbers for the three fields of sub-table (一), the second no smaller than the
/// first as a running total is, are the first and last fields, the middle one null, with a
/// warning saying so.
fn short_row<'l>(
    filled: &[&LineCell<'l>],
    shape: RowShape,
    key: &str,
    line: usize,
    reading: &mut Reading,
) -> Vec<Option<LineCell<'l>>> {
    let width = shape.width;
    if let ([first, last], 3, true, true) = (filled, width, shape.stock, shape.moved_out) {
        let (a, b) = (integer_of(&first.cell), integer_of(&last.cell));
        if a.zip(b).is_some_and(|(a, b)| a <= b) {
            reading.note(
                Severity::Warning,
                Code::ShortRow,
                Some(line),
                format!(
                    "row {key}: 2 numbers for 3 fields (the row lost a cell); read as its first and last fields, as converters keep a row's edges, and the middle field is null"
                ),
            );
            return vec![Some((*first).clone()), None, Some((*last).clone())];
        }
    }
    reading.note(
        Severity::Error,
        Code::CellCount,
        Some(line),
        format!(
            "row {key}: {} numbers for {width} fields in a row with fewer cells than its header: which cell was lost is unknown; its values are null",
            filled.len()
        ),
    );
    vec![None; width]
}

/// Keeps a row the template lacks, with an `unrecognized_row` diagnostic.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn extra_row(label: &str, label_cells: &[Cell], values: &[LineCell], line: usize, reading: &mut Reading) {
    let printed = label_cells.iter().map(|c| c.raw()).collect::<Vec<_>>().join(" ");
    reading.note(
        Severity::Warning,
        Code::UnrecognizedRow,
        Some(line),
        format!("row {printed:?} ({label}) is not in the form; kept under extra_rows"),
    );
    let numbers = values
        .iter()
        .map(|v| match read_number(&v.cell, Kind::Money(None), v.line, reading) {
            Some(Number::Decimal(v)) => Some(v),
            Some(Number::Integer(v)) => Some(v as f64),
            None => None,
        })
        .collect::<Vec<_>>();
    let mut numbers = numbers;
    numbers.truncate(numbers.iter().rposition(Option::is_some).map_or(0, |i| i + 1));
    reading.extra_rows.push((printed, numbers));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, template: Template) -> Reading<'static> {
        read(&crate::tables::leaked_rows(text), template)
    }

    fn value(reading: &Reading, row: &str, field: &str) -> Option<Number> {
        reading.placed.iter().find(|p| p.row == row && p.field == field).and_then(|p| p.value)
    }

    #[test]
    fn form_2021_tab_tables() {
        let text = "第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t69\t3\t665\n信息内容\t本年处理决定数量\t\t\n行政许可\t2293\t\t\n信息内容\t本年收费金额（单位：万元）\n\n行政事业性收费\t24252.311082\n其他主动公开文件\t12\n";
        let reading = read_text(text, Template::Form2021);
        assert_eq!(value(&reading, "normative_documents", "in_force"), Some(Number::Integer(665)));
        assert_eq!(value(&reading, "licensing", "decisions"), Some(Number::Integer(2293)));
        assert_eq!(value(&reading, "fees", "amount_wan_yuan"), Some(Number::Decimal(24252.311082)));
        assert_eq!(reading.extra_rows, [("其他主动公开文件".to_string(), vec![Some(12.0)])]);
        let codes: Vec<_> = reading.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["unrecognized_row", "missing_row", "missing_row"]);
    }

    #[test]
    fn form_2019_signed_changes_and_yuan() {
        let text = "第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t10\t-8\t3\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t6\t251000元\n";
        let reading = read_text(text, Template::Form2019);
        assert_eq!(value(&reading, "licensing", "change"), Some(Number::Integer(-8)));
        assert_eq!(value(&reading, "procurement", "amount_wan_yuan"), Some(Number::Decimal(25.1)));
    }

    #[test]
    fn header_in_yuan_converts() {
        let text = "信息内容\t本年收费金额（单位：元）\n行政事业性收费\t1500\n";
        let reading = read_text(text, Template::Form2021);
        assert_eq!(value(&reading, "fees", "amount_wan_yuan"), Some(Number::Decimal(0.15)));
    }

    #[test]
    fn spaced_rows_must_match_their_fields() {
        let text = "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 1 2\n行政规范性文件 77 132 470\n";
        let reading = read_text(text, Template::Form2021);
        assert_eq!(value(&reading, "regulations", "issued"), None);
        assert_eq!(value(&reading, "normative_documents", "repealed"), Some(Number::Integer(132)));
        assert!(reading.diagnostics.iter().any(|d| d.code == Code::CellCount && d.line == Some(2)));
    }

    #[test]
    fn a_tab_row_with_more_numbers_than_fields_is_null() {
        // Four numbers for three fields, a spacer among them: no field is read.
        let text = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t\t2\t3\t4\n行政规范性文件\t77\t132\t470\n";
        let reading = read_text(text, Template::Form2021);
        for field in ["issued", "repealed", "in_force"] {
            assert_eq!(value(&reading, "regulations", field), None, "{field}");
        }
        assert_eq!(value(&reading, "normative_documents", "in_force"), Some(Number::Integer(470)));
        let said = reading.diagnostics.iter().find(|d| d.code == Code::CellCount && d.line == Some(2));
        assert!(said.is_some_and(|d| d.message.contains("5 cells for 3 fields")), "{said:?}");
    }

    #[test]
    fn a_tab_row_is_short_only_when_it_has_fewer_cells_than_its_header_or_its_fields() {
        let fields =
            |reading: &Reading, row| ["issued", "repealed", "in_force"].map(|f| value(reading, row, f));
        let n = |v| Some(Number::Integer(v));
        // Every cell printed, one blank: read in order, the blank null.
        let text = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t5\t\t470\n";
        assert_eq!(fields(&read_text(text, Template::Form2021), "regulations"), [n(5), None, n(470)]);
        // Under a header whose label spans two cells, the row's second cell is the label's.
        let text = "信息内容\t\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t\t5\t\t470\n";
        assert_eq!(fields(&read_text(text, Template::Form2021), "regulations"), [n(5), None, n(470)]);
        // A cell fewer than the header (the label's second cell kept): a cell was lost.
        let text = "信息内容\t\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t\t5\t470\n";
        assert_eq!(fields(&read_text(text, Template::Form2021), "regulations"), [None, None, None]);
        // Fewer values than fields, under a header that is not a tab row: a cell was lost.
        let text = "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章\t5\t470\n";
        assert_eq!(fields(&read_text(text, Template::Form2021), "regulations"), [None, None, None]);
    }

    #[test]
    fn a_row_of_empty_cells_is_no_numbers() {
        // A converter's empty pipe row between two rows: no numbers moved out of the table.
        let text = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 1 | 0 | 5 |\n|  |  |  |  |\n| 行政规范性文件 | 77 | 132 | 470 |\n";
        let reading = read_text(text, Template::Form2021);
        assert_eq!(value(&reading, "normative_documents", "issued"), Some(Number::Integer(77)));
        let unplaced = reading.diagnostics.iter().filter(|d| d.code == Code::UnplacedNumbers).count();
        assert_eq!(unplaced, 0, "{:?}", reading.diagnostics);
    }

    #[test]
    fn a_number_wrapped_onto_the_next_line_nulls_its_row_alone() {
        // `470` printed `47` with its `0` wrapped below the row's end.
        let text = "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 1 2 47\n         0\n行政规范性文件 77 132 470\n";
        let reading = read_text(text, Template::Form2021);
        for field in ["issued", "repealed", "in_force"] {
            assert_eq!(value(&reading, "regulations", field), None, "{field}");
        }
        assert_eq!(value(&reading, "normative_documents", "in_force"), Some(Number::Integer(470)));
        // Said once, and the wrapped line is not read again as numbers of no row.
        let codes: Vec<Code> =
            reading.diagnostics.iter().map(|d| d.code).filter(|c| *c != Code::MissingRow).collect();
        assert_eq!(codes, [Code::WrappedNumber], "{:?}", reading.diagnostics);
        assert_eq!(reading.diagnostics[0].line, Some(3));
    }

    #[test]
    fn a_label_alone_takes_the_numbers_on_the_next_line_and_a_note_is_no_numbers() {
        let text = "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章\n1 2 3\n注：以上为本机关制发\n行政规范性文件 77 132 470\n";
        let reading = read_text(text, Template::Form2021);
        let issued = |key| value(&reading, key, "issued");
        assert_eq!(
            (issued("regulations"), issued("normative_documents")),
            (Some(Number::Integer(1)), Some(Number::Integer(77)))
        );
        assert_eq!(value(&reading, "regulations", "in_force"), Some(Number::Integer(3)));
        assert!(
            !reading.diagnostics.iter().any(|d| d.code == Code::UnplacedNumbers),
            "{:?}",
            reading.diagnostics
        );
        // A label alone whose next line is the next row (labelled) does not take its numbers.
        let text = "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章\n行政规范性文件 77 132 470\n";
        let reading = read_text(text, Template::Form2021);
        assert_eq!(value(&reading, "regulations", "issued"), None);
        assert_eq!(value(&reading, "normative_documents", "in_force"), Some(Number::Integer(470)));
        let said = |reading: &Reading| {
            reading.diagnostics.iter().find(|d| d.code == Code::CellCount).map(|d| d.message.clone())
        };
        assert_eq!(
            said(&reading).as_deref(),
            Some("row regulations: no numbers found on its line or the next; its values are null")
        );
        // Numbers, but not one per field.
        let reading =
            read_text("信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 1 2\n", Template::Form2021);
        assert_eq!(said(&reading).as_deref(), Some("row regulations: 2 numbers for 3 fields, and blanks cannot be located in space-separated text; its values are null"));
    }

    #[test]
    fn packed_numbers_are_read_apart_only_in_rows_shaped_as_their_header() {
        // The converter packed two columns in the header and the row alike: two numbers.
        let packed = "| 信息内容 | 本年制发件数 本年废止件数 | 现行有效件数 |\n| 规章 | 88 55 | 698 |\n";
        let reading = read_text(packed, Template::Form2021);
        let row = |r: &Reading, key| ["issued", "repealed", "in_force"].map(|f| value(r, key, f));
        assert_eq!(row(&reading, "regulations"), [88, 55, 698].map(|v| Some(Number::Integer(v))));
        assert!(reading.diagnostics.iter().any(|d| d.code == Code::CellsUnpacked));
        // A row a cell short of its header: `2 2` may be a `22` a narrow cell split.
        let split = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 2 2 | 235 |\n";
        let reading = read_text(split, Template::Form2021);
        assert_eq!(row(&reading, "regulations"), [None, None, None]);
        assert!(reading.diagnostics.iter().any(|d| d.severity >= Severity::Warning && d.line == Some(2)));
        assert!(!reading.diagnostics.iter().any(|d| d.code == Code::CellsUnpacked));
    }
}
