//! Typed tables from grid rows: the three tables of the unified forms.
//!
//! Each reader walks the grid rows of its section and places values under contract keys
//! ([`Placed`]), saying in diagnostics what it skipped or doubted. This module holds what the
//! readers share: reading a cell as a number of a given kind, and fitting a row's value cells
//! to the columns a table expects without guessing where blanks were.
//!
//! Arithmetic on report numbers is checked everywhere under this module (a lint denies the
//! unchecked kind); functions whose arithmetic is only positions and counts within the input
//! (bounded by its length, so never overflowing) say so with an `expect` of that lint.

#![deny(clippy::arithmetic_side_effects)]

mod align;
pub mod applications;
pub mod disclosure;
pub mod disclosure_stream;
pub mod flattened;
pub mod positional;
pub mod reviews;
pub mod shape;
mod splits;

use crate::grammar::{cell_value, CellValue, Quantity, Unit};
use crate::grid::{Cell, Row, RowForm};
use crate::model::Code;
use crate::model::{Diagnostic, Origin, Severity};

/// A number read from a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A count or signed change.
    Integer(i64),
    /// An amount of money in 万元.
    Decimal(f64),
}

/// Where a value was read: its line and its cell, borrowed from the dump (the cell's column and
/// text as printed are worked out, and copied into an [`Origin`], only when provenance is asked
/// for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Printed<'l> {
    /// 1-based line in the dump.
    pub line: usize,
    /// The cell.
    pub cell: Cell<'l>,
}

impl Printed<'_> {
    /// The model's record of this place.
    pub fn to_origin(self) -> Origin {
        Origin { line: self.line, column: self.cell.column(), raw: self.cell.raw().to_owned(), cell: None }
    }
}

/// One value placed under a contract key.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed<'l> {
    /// Row key, e.g. `denied.state_secret` or `review`.
    pub row: &'static str,
    /// Field key, e.g. `natural_person` or `upheld`.
    pub field: &'static str,
    /// The value; `None` for a blank, a placeholder or an unreadable cell.
    pub value: Option<Number>,
    /// Where it was read; `None` when the row was not found at all.
    pub origin: Option<Printed<'l>>,
}

/// A cell together with the line it stands on (a row's cells may span lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineCell<'l> {
    /// 1-based line number.
    pub line: usize,
    /// The cell.
    pub cell: Cell<'l>,
}

impl<'l> LineCell<'l> {
    /// Reads the cell as a number of `kind` and says where it came from.
    pub fn read(self, kind: Kind, reading: &mut Reading<'l>) -> (Option<Number>, Option<Printed<'l>>) {
        let value = read_number(&self.cell, kind, self.line, reading);
        let origin = Printed { line: self.line, cell: self.cell };
        (value, Some(origin))
    }
}

/// What a table reader produced.
#[derive(Debug, Clone, Default)]
pub struct Reading<'l> {
    /// Every field of every row the form has, in order, read or not.
    pub placed: Vec<Placed<'l>>,
    /// Extra rows of section 二: label and values.
    pub extra_rows: Vec<(String, Vec<Option<f64>>)>,
    /// What the reader noticed.
    pub diagnostics: Vec<Diagnostic>,
    /// First and last line (1-based) of the table, for telling table lines from prose.
    pub lines: Option<(usize, usize)>,
}

impl Reading<'_> {
    pub(crate) fn note(&mut self, severity: Severity, code: Code, line: Option<usize>, message: String) {
        self.diagnostics.push(Diagnostic { severity, code, message, line });
    }

    pub(crate) fn cover(&mut self, line: usize) {
        self.lines = Some(match self.lines {
            Some((first, last)) => (first.min(line), last.max(line)),
            None => (line, line),
        });
    }
}

/// The kind of number a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A non-negative integer.
    Count,
    /// An integer that may carry a sign (本年增/减).
    Signed,
    /// Money, converted to 万元; the header's unit applies when the cell names none.
    Money(Option<Unit>),
}

/// Reads a cell as a number of `kind`; blanks and placeholders are `None` without comment,
/// anything else that is not such a number is `None` with a diagnostic.
pub fn read_number(cell: &Cell, kind: Kind, line: usize, reading: &mut Reading<'_>) -> Option<Number> {
    let quantity = match cell_value(cell.text) {
        CellValue::Blank | CellValue::Placeholder => return None,
        CellValue::Text => {
            reading.note(
                Severity::Warning,
                Code::NonNumericCell,
                Some(line),
                format!("cell {:?} at column {} is not a number; read as null", cell.raw(), cell.column()),
            );
            return None;
        }
        CellValue::Number(quantity) => quantity,
    };
    let number = match kind {
        Kind::Count => integer(&quantity).filter(|_| !quantity.signed && quantity.unit.is_none()),
        Kind::Signed => integer(&quantity).filter(|_| quantity.unit.is_none()),
        Kind::Money(header_unit) => money(&quantity, header_unit, cell, line, reading),
    };
    if number.is_none() {
        reading.note(
            Severity::Warning,
            Code::NonNumericCell,
            Some(line),
            format!(
                "cell {:?} at column {} is not a valid {}; read as null",
                cell.raw(),
                cell.column(),
                kind_name(kind)
            ),
        );
    }
    number
}

/// A cell's plain integer, if it holds one (for checking a grouping, not for output).
pub fn integer_of(cell: &Cell) -> Option<i64> {
    match cell_value(cell.text) {
        CellValue::Number(quantity) => match integer(&quantity) {
            Some(Number::Integer(v)) => Some(v),
            _ => None,
        },
        _ => None,
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Count => "count",
        Kind::Signed => "signed integer",
        Kind::Money(_) => "amount of money",
    }
}

fn integer(quantity: &Quantity<'_>) -> Option<Number> {
    if quantity.digits.contains('.') {
        return None;
    }
    let magnitude: i64 = quantity.digits.parse().ok()?;
    Some(Number::Integer(if quantity.negative { magnitude.checked_neg()? } else { magnitude }))
}

fn money(
    quantity: &Quantity<'_>,
    header_unit: Option<Unit>,
    cell: &Cell,
    line: usize,
    reading: &mut Reading,
) -> Option<Number> {
    if quantity.negative || quantity.digits.len() > 24 {
        return None;
    }
    let unit = quantity.unit.or(header_unit).unwrap_or(Unit::WanYuan);
    let value = match unit {
        Unit::WanYuan => quantity.digits.parse::<f64>(),
        Unit::Yuan => {
            reading.note(
                Severity::Info,
                Code::UnitConverted,
                Some(line),
                format!("{:?} is in 元; converted to 万元", cell.raw()),
            );
            shift_four_places(&quantity.digits).parse::<f64>()
        }
    };
    value.ok().filter(|v| v.is_finite()).map(Number::Decimal)
}

/// Divides a decimal string by 10 000 exactly, by moving its point: `251000` → `25.1000`.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn shift_four_places(digits: &str) -> String {
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let padded = format!("{int:0>5}");
    let (head, tail) = padded.split_at(padded.len() - 4);
    format!("{head}.{tail}{frac}")
}

/// Whether `next`, a line of numbers alone, stands where a narrow cell's wrapped digits of one
/// of `numbers` would (`6` above `4` for 64): each of its numbers starts within two characters
/// of where one of `numbers` starts or ends. Which digits belong together is then not certain.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn wrapped_digits(numbers: &[Cell], next: &Row) -> bool {
    if next.form != RowForm::Spaced || next.label_end() != 0 || next.cells.is_empty() {
        return false;
    }
    let spans: Vec<(usize, usize)> = numbers
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| (c.column(), c.column() + c.text.chars().count()))
        .collect();
    next.cells.iter().all(|c| {
        let at = c.column();
        integer_of(c).is_some() && spans.iter().any(|&(start, end)| at + 2 >= start && at <= end + 2)
    })
}

/// How a row's value cells were fitted to the expected columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    /// One cell (or none, for a blank) per column.
    Fitted(Vec<Option<usize>>),
    /// The cells cannot be placed with confidence.
    Unplaceable(String),
}

/// Fits the value cells `cells[from..]` of a row to `columns` expected columns.
///
/// `header` gives, for tab and pipe tables whose header cells line up with the data, the cell
/// index of each column. A delimited row fits when it has exactly one cell per column, when
/// its non-empty cells all sit under header columns, or when dropping its empty edge cells
/// (spanned label cells, trailing tabs) leaves one cell per column in exactly one way. A spaced
/// row fits only with exactly one value per column: its blanks are invisible.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn fit(cells: &[Cell<'_>], from: usize, form: RowForm, columns: usize, header: Option<&[usize]>) -> Fit {
    let values = cells.get(from..).unwrap_or_default();
    let found = values.len();
    let header = header.filter(|h| h.len() == columns && h.first().is_some_and(|&f| f >= from));
    let labelled = from > 0;
    if let Some(&last) = header.and_then(|h| h.last()).filter(|&&last| labelled && last >= cells.len()) {
        // A row with its label ends before its header's last column: it lost a cell, and where
        // is not known. (A converter may print a row without its label cells: those only.)
        return Fit::Unplaceable(format!(
            "{} cells where the header has {}: a cell was lost, and which is not certain",
            cells.len(),
            last + 1
        ));
    }
    if found == columns {
        return Fit::Fitted((from..from + columns).map(Some).collect());
    }
    if form == RowForm::Spaced {
        return Fit::Unplaceable(format!(
            "{found} numbers for {columns} columns, and blanks cannot be located in space-separated text"
        ));
    }
    if let Some(header) = header {
        let covered = values.iter().enumerate().all(|(i, c)| c.is_empty() || header.contains(&(from + i)));
        if covered {
            return Fit::Fitted(header.iter().map(|&i| (i < cells.len()).then_some(i)).collect());
        }
    }
    if values.iter().all(|c| c.is_empty()) {
        return Fit::Fitted(vec![None; columns]);
    }
    if found < columns {
        return Fit::Unplaceable(format!("{found} cells for {columns} columns"));
    }
    let extra = found - columns;
    let leading = values.iter().take_while(|c| c.is_empty()).count();
    let trailing = values.iter().rev().take_while(|c| c.is_empty()).count();
    // The extra cells are empty edge cells (spans, trailing tabs). Where the row's first or
    // last cell holds text, they can only be at the other edge; where both edges have empty
    // cells, only an exact count says which are spans. Leading empty cells are all spans: a
    // blank first column after them cannot be told from a span over a lost cell.
    let skip = if leading == 0 && trailing >= extra {
        0
    } else if trailing == 0 && leading == extra {
        extra
    } else if leading + trailing == extra {
        leading
    } else {
        return Fit::Unplaceable(format!(
            "{found} cells for {columns} columns, with {leading} empty cells before and {trailing} after: which are spans is ambiguous"
        ));
    };
    Fit::Fitted((from + skip..from + skip + columns).map(Some).collect())
}

/// The grid rows of `text`, for the readers' tests: rows borrow their lines' text, so the text
/// and its lines leak, as a test may.
#[cfg(test)]
fn leaked_rows(text: &str) -> Vec<Row<'static>> {
    let lines = Box::leak(crate::normalize::lines(text.to_owned().leak()).into_boxed_slice());
    lines.iter().filter_map(crate::grid::read_row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::read_row;
    use crate::normalize::lines;

    /// The cells of the first line of `text` (its lines leak: cells borrow them).
    fn cells(text: &'static str) -> Vec<Cell<'static>> {
        read_row(&Box::leak(lines(text).into_boxed_slice())[0]).unwrap().cells
    }

    #[test]
    fn yuan_become_wan_yuan_exactly() {
        assert_eq!(shift_four_places("251000"), "25.1000");
        assert_eq!(shift_four_places("5394432.52"), "539.443252");
        assert_eq!(shift_four_places("12"), "0.0012");
    }

    #[test]
    fn numbers_by_kind() {
        let mut reading = Reading::default();
        let cell = |t: &str| cells(format!("x\t{t}").leak())[1];
        assert_eq!(read_number(&cell("12"), Kind::Count, 1, &mut reading), Some(Number::Integer(12)));
        assert_eq!(read_number(&cell("-8"), Kind::Signed, 1, &mut reading), Some(Number::Integer(-8)));
        assert_eq!(read_number(&cell("—"), Kind::Count, 1, &mut reading), None);
        assert!(reading.diagnostics.is_empty());
        assert_eq!(read_number(&cell("-8"), Kind::Count, 1, &mut reading), None);
        assert_eq!(read_number(&cell("--253"), Kind::Signed, 1, &mut reading), None);
        assert_eq!(
            read_number(&cell("99999999999999999999999999999999999999"), Kind::Count, 1, &mut reading),
            None
        );
        assert_eq!(reading.diagnostics.len(), 3);
        // Each says what the cell should have been.
        let said: Vec<&str> = reading.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(said[0], r#"cell "-8" at column 3 is not a valid count; read as null"#);
        assert_eq!(read_number(&cell("12元"), Kind::Signed, 1, &mut reading), None);
        let said = &reading.diagnostics.last().unwrap().message;
        assert!(said.contains("not a valid signed integer"), "{said}");
        // Money is never negative, nor longer than 24 digits (more is no amount but noise).
        for (text, want) in [
            ("-5", None),
            ("123456789012345678901234", Some(1.2345678901234568e23)),
            ("1234567890123456789012345", None),
        ] {
            let got = read_number(&cell(text), Kind::Money(Some(Unit::WanYuan)), 1, &mut reading);
            assert_eq!(got, want.map(Number::Decimal), "{text}");
        }
        assert!(reading.diagnostics.last().unwrap().message.contains("not a valid amount of money"));
        let money = read_number(&cell("251000元"), Kind::Money(Some(Unit::WanYuan)), 1, &mut reading);
        assert_eq!(money, Some(Number::Decimal(25.1)));
        assert_eq!(reading.diagnostics.last().map(|d| d.code.as_str()), Some("unit_converted"));
    }

    #[test]
    fn fitting_tab_rows() {
        // Spanned label cell before, trailing tab after.
        let row = cells("一、本年新收\t\t0\t0\t0\t0\t0\t0\t0\t");
        assert_eq!(fit(&row, 1, RowForm::Delimited, 7, None), Fit::Fitted((2..9).map(Some).collect()));
        // A blank 总计 at the end is a cell, not a trailing tab.
        let row = cells("\t(一)予以公开\t258\t12\t\t\t1\t1\t");
        assert_eq!(fit(&row, 2, RowForm::Delimited, 7, None), Fit::Fitted((2..9).map(Some).collect()));
        // An empty spacer column under a spanned header is skipped by the header map.
        let row = cells("一、本年新收\t\t\t64\t0\t\t0\t2\t0\t4\t70");
        let header = [3, 4, 6, 7, 8, 9, 10];
        let expected: Vec<_> = header.iter().map(|&i| Some(i)).collect();
        assert_eq!(fit(&row, 1, RowForm::Delimited, 7, Some(&header)), Fit::Fitted(expected));
        // A trailing tab after a blank 总计: the first cell holds a number, so the extra cell
        // can only be the last one.
        let row = cells("\t(一)予以公开\t258\t12\t\t\t1\t1\t\t");
        assert_eq!(fit(&row, 2, RowForm::Delimited, 7, None), Fit::Fitted((2..9).map(Some).collect()));
        // Empty cells at both edges and one too many: which edge holds the span is unknown.
        let row = cells("x\t\t\t1\t2\t3\t4\t5\t\t");
        assert!(matches!(fit(&row, 1, RowForm::Delimited, 7, None), Fit::Unplaceable(_)));
        // Without the header that row cannot be placed.
        assert!(matches!(fit(&row, 1, RowForm::Delimited, 7, None), Fit::Unplaceable(_)));
        // One empty cell before nine, for seven columns: not the two extra cells at an edge.
        let row = cells("x\t\t1\t2\t3\t4\t5\t6\t7\t8");
        assert!(matches!(fit(&row, 1, RowForm::Delimited, 7, None), Fit::Unplaceable(_)));
        // A header of another width than the columns says nothing: the edges decide.
        let row = cells("一、本年新收\t\t1\t2\t3\t4\t5\t6\t7\t");
        let expected = Fit::Fitted((2..9).map(Some).collect());
        assert_eq!(fit(&row, 1, RowForm::Delimited, 7, Some(&[2, 3, 4, 5, 6, 7, 8, 9])), expected);
        // Fewer cells than columns, and no header to place them: a cell was lost.
        let row = cells("一、本年新收\t1\t2\t3\t4\t5\t6");
        assert!(matches!(fit(&row, 1, RowForm::Delimited, 7, None), Fit::Unplaceable(_)));
        // A row a converter printed without its label cells is not a cell short of its header.
        let row = cells("\t1\t2\t3\t4\t5\t6");
        let header = [1, 2, 3, 4, 5, 6, 7];
        assert_eq!(
            fit(&row, 0, RowForm::Delimited, 7, Some(&header)),
            Fit::Fitted((0..7).map(Some).collect())
        );
        // A labelled row that ends before its header's last column lost a cell.
        let row = cells("一、本年新收\t1\t2\t3\t4\t5\t6");
        let header = [1, 2, 3, 4, 5, 6, 7];
        assert!(matches!(fit(&row, 1, RowForm::Delimited, 7, Some(&header)), Fit::Unplaceable(_)));
    }

    /// The first line of `text` as a row (its lines leak, as in [`cells`]).
    fn row(text: &'static str) -> Row<'static> {
        read_row(&Box::leak(lines(text).into_boxed_slice())[0]).unwrap()
    }

    #[test]
    fn digits_wrapped_under_numbers() {
        // `1234` at columns 10–14 and `12` at 20–22; the line below holds what a wrap left.
        let numbers = cells("         1234     12");
        let wrapped = |below: &'static str| wrapped_digits(&numbers[..], &row(below));
        // Under a number, just right of its end, or just left of its start.
        assert!(wrapped("              5"));
        assert!(wrapped("                6"));
        assert!(wrapped("                 7 8"));
        // Far right of the last number, or not digits, or labelled, or a tab row: no wrap.
        assert!(!wrapped("                         9"));
        assert!(!wrapped("             —"));
        assert!(!wrapped("注 5"));
        assert!(!wrapped("             5\t6"));
        // Right at the margin: a number at column 3 takes a digit at column 1 below it.
        assert!(wrapped_digits(&cells("  1")[..], &row("5")));
    }

    #[test]
    fn spaced_rows_must_be_complete() {
        let row = cells("1.属于国家秘密 14 2");
        assert!(matches!(fit(&row, 1, RowForm::Spaced, 7, None), Fit::Unplaceable(_)));
        let row = cells("(七)总计 80 1 0 0 0 0 81");
        assert_eq!(fit(&row, 1, RowForm::Spaced, 7, None), Fit::Fitted((1..8).map(Some).collect()));
    }
}
