//! Section 四: administrative reviews and lawsuits, one row of fifteen numbers.
//!
//! The header (行政复议 · 行政诉讼 · 未经复议直接起诉 · 复议后起诉, five results each) is fixed by
//! the template, so the reader looks for the row of numbers under it: the first line carrying
//! values, continued on the next number-only lines when a spaced dump broke it.

use crate::grid::{Cell, Row, RowForm};
use crate::labels::{REVIEW_CELLS, REVIEW_RESULTS};
use crate::model::Code;
use crate::model::Severity;
use crate::tables::positional::{self, Spot};
use crate::tables::splits;
use crate::tables::{fit, integer_of, wrapped_digits, Fit, Kind, LineCell, Placed, Reading};
use crate::validate::sum;

/// The value cells of a tab or pipe row that prints two columns' numbers in one cell (`| 10 1 |
/// 0 |`), one number each, when a tab or pipe row of the header above has as many cells (the
/// converter packed the header's columns alike: the row lost none) and that gives exactly one
/// number per column (see [`Row::unpacked`]). In a row that lost a cell, `1 2` may be a `12`
/// that a narrow cell split.
fn unpacked<'l>(row: &Row<'l>, header: &[&Row<'l>]) -> Option<Vec<Cell<'l>>> {
    if !header.iter().any(|h| h.form == RowForm::Delimited && h.cells.len() == row.cells.len()) {
        return None;
    }
    let from = row.label_end();
    let values: Vec<Cell> = row.unpacked()?.into_iter().skip(from).skip_while(Cell::is_empty).collect();
    (values.len() == REVIEW_CELLS.len()).then_some(values)
}

/// Reads section 四 from its grid rows.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
pub fn read<'l>(rows: &[Row<'l>]) -> Reading<'l> {
    let mut reading = Reading::default();
    let mut cells: Vec<Cell> = Vec::new();
    let mut cell_lines: Vec<usize> = Vec::new();
    let mut spots: Vec<Spot> = Vec::new();
    let mut header: Vec<&Row> = Vec::new();
    let mut form = RowForm::Spaced;
    let mut first_line = None;
    let mut wrapped = None;
    for (index, row) in rows.iter().enumerate() {
        let (label, values) = row.split();
        if values.iter().all(Cell::is_empty) {
            if first_line.is_some() {
                break;
            }
            header.push(row);
            reading.cover(row.line);
            continue;
        }
        if first_line.is_some() && (!label.is_empty() || row.form == RowForm::Delimited) {
            break;
        }
        first_line.get_or_insert(row.line);
        reading.cover(row.line);
        form = row.form;
        let unpacked = unpacked(row, &header);
        let values = unpacked.as_deref().unwrap_or(values);
        if unpacked.is_some() {
            reading.note(
                Severity::Info,
                Code::CellsUnpacked,
                Some(row.line),
                "section 四: the row prints two columns' numbers in one cell; each number was read as its own column, which fills the columns exactly".into(),
            );
        }
        cells.extend(values.iter().cloned());
        cell_lines.extend(std::iter::repeat_n(row.line, values.len()));
        spots.extend(values.iter().map(|c| Spot::of(c, row)));
        if form == RowForm::Delimited || cells.len() >= REVIEW_CELLS.len() {
            wrapped = rows.get(index + 1).filter(|next| wrapped_digits(values, next)).map(|next| next.line);
            break;
        }
    }
    let fitted = match first_line {
        None => {
            reading.note(
                Severity::Error,
                Code::MissingTable,
                rows.first().map(|r| r.line),
                "section 四 has no row of numbers".into(),
            );
            vec![None; REVIEW_CELLS.len()]
        }
        Some(line) if wrapped.is_some() => {
            reading.note(
                Severity::Error,
                Code::WrappedNumber,
                wrapped,
                "section 四: the digits on this line stand right under or after the row's numbers, as a narrow cell wraps a number; which digits belong together is not certain, so its values are null".into(),
            );
            reading.cover(line);
            vec![None; REVIEW_CELLS.len()]
        }
        Some(line) => match fit(&cells, 0, form, REVIEW_CELLS.len(), None) {
            Fit::Fitted(_) if untrusted_gathering(&cells, &cell_lines) => {
                reading.note(
                    Severity::Error,
                    Code::CellCount,
                    Some(line),
                    "section 四: numbers gathered from several lines do not add up to the three totals, so their grouping is not trusted; its values are null".into(),
                );
                vec![None; REVIEW_CELLS.len()]
            }
            Fit::Fitted(_) if form == RowForm::Spaced && split_apart(&cells) => {
                reading.note(
                    Severity::Error,
                    Code::CellCount,
                    Some(line),
                    "section 四: its groups do not add up to their 总计 as printed and two of its numbers stand one space apart, as a number a narrow cell split (which, with a blank or a lost number, still fills the columns), so which numbers it printed is not certain; its values are null".into(),
                );
                vec![None; REVIEW_CELLS.len()]
            }
            Fit::Fitted(indices) => indices,
            Fit::Unplaceable(why) if form == RowForm::Spaced && !cells.is_empty() => {
                match by_position(&header, &cells, &spots) {
                    Ok(indices) => {
                        reading.note(
                            Severity::Info,
                            Code::PlacedByPosition,
                            Some(line),
                            "section 四: the row's blank cells were located by the character position of its numbers under the header, and each group's 总计 holds".into(),
                        );
                        indices
                    }
                    Err(reason) => {
                        reading.note(
                            Severity::Error,
                            Code::CellCount,
                            Some(line),
                            format!("section 四: {why}; placing them by position failed: {reason}; its values are null"),
                        );
                        vec![None; REVIEW_CELLS.len()]
                    }
                }
            }
            Fit::Unplaceable(why) => {
                reading.note(
                    Severity::Error,
                    Code::CellCount,
                    Some(line),
                    format!("section 四: {why}; its values are null"),
                );
                vec![None; REVIEW_CELLS.len()]
            }
        },
    };
    for ((group, field), index) in REVIEW_CELLS.iter().zip(fitted) {
        let cell = index.and_then(|i| Some(LineCell { line: *cell_lines.get(i)?, cell: *cells.get(i)? }));
        let (value, origin) = cell.map_or((None, None), |c| c.read(Kind::Count, &mut reading));
        reading.placed.push(Placed { row: group, field, value, origin });
    }
    reading
}

/// The cell index for each of the fifteen columns, found from the numbers' positions under the
/// header (see [`positional`]); each group's results must add up to its stated 总计.
fn by_position(header: &[&Row], cells: &[Cell], spots: &[Spot]) -> Result<Vec<Option<usize>>, String> {
    let labels: Vec<&str> = REVIEW_RESULTS.iter().cycle().take(REVIEW_CELLS.len()).copied().collect();
    let anchors = positional::anchors(header, &labels)
        .ok_or_else(|| "the header names too few columns to place numbers by position".to_string())?;
    let page = header.last().map_or(spots.first().map_or(0, |s| s.page), |r| r.page);
    let values: Vec<Option<i64>> = cells.iter().map(integer_of).collect();
    let placement = positional::place(&[spots.to_vec()], &anchors, page, |assignment| {
        let mut row = [None; 15];
        for (value, &column) in values.iter().zip(assignment.iter().flatten()) {
            if let Some(slot) = row.get_mut(column) {
                *slot = Some(value.unwrap_or(0));
            }
        }
        groups_add_up(&row)
    });
    // Section 四 is one row: its groups' totals are all there is to confirm a placement.
    let columns = (!placement.alone)
        .then(|| placement.rows.into_iter().next().flatten())
        .flatten()
        .ok_or_else(|| placement.failure.unwrap_or_else(|| "their columns are ambiguous".into()))?;
    let mut indices = vec![None; REVIEW_CELLS.len()];
    for (index, column) in columns.into_iter().enumerate() {
        if let Some(slot) = indices.get_mut(column) {
            *slot = Some(index);
        }
    }
    Ok(indices)
}

/// Whether each group of five adds up, its four results to its 总计, blanks as zero (a group
/// with no number adds up: 0 = 0, its cells all blank).
fn groups_add_up(row: &[Option<i64>]) -> bool {
    row.chunks(5).all(|group| match group {
        [parts @ .., total] => sum(parts.iter().map(|v| Some(v.unwrap_or(0)))) == Some(total.unwrap_or(0)),
        [] => true,
    })
}

/// Whether a spaced row that fills the fifteen columns may have split a number:
/// its groups do not add up as printed, and do with numbers one space apart read as one and a
/// blank put back for each (see [`splits::adds_up_only_joined`]), or two of its numbers stand
/// one space apart where the others stand wide apart (see [`splits::close_among_wide`]: with a
/// lost number, no reading adds up). `1 0 0 0 1  1 2 0 0 0 12  0 0 0 0` read in order makes the
/// second group 1 + 2 = 0; read with `12` joined and the third group's 尚未审结 blank, every group holds.
/// A row whose own sums are wrong, its numbers evenly or widely spaced, is read as printed.
/// (Numbers gathered from several lines come here only when every group adds up, see
/// [`untrusted_gathering`], and so are never judged split.)
fn split_apart(cells: &[Cell]) -> bool {
    let printed = splits::printed(cells);
    let literal: Vec<Option<i64>> = cells.iter().map(integer_of).collect();
    splits::adds_up_only_joined(&printed, Some(REVIEW_CELLS.len()), groups_add_up)
        || (!groups_add_up(&literal) && splits::close_among_wide(&printed))
}

/// Numbers gathered from several lines are trusted only when each group's four results add up
/// to its 总计 (lines of numbers could otherwise be grouped wrongly without anything showing it).
fn untrusted_gathering(cells: &[Cell], lines: &[usize]) -> bool {
    if lines.iter().min() == lines.iter().max() {
        return false;
    }
    let values: Vec<Option<i64>> = cells.iter().map(integer_of).collect();
    !values.chunks(5).all(|group| match group {
        [parts @ .., Some(total)] => sum(parts.iter().copied()) == Some(*total),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::Number;

    fn read_text(text: &str) -> Reading<'static> {
        read(&crate::tables::leaked_rows(text))
    }

    fn values(reading: &Reading) -> Vec<Option<i64>> {
        reading
            .placed
            .iter()
            .map(|p| if let Some(Number::Integer(v)) = p.value { Some(v) } else { None })
            .collect()
    }

    #[test]
    fn tab_row_with_blanks() {
        let reading =
            read_text("行政复议\t行政诉讼\n结果维持\t结果纠正\n5\t\t\t2\t7\t8\t\t\t1\t9\t\t\t\t\t\n");
        let mut expected = vec![None; 15];
        for (i, v) in [(0, 5), (3, 2), (4, 7), (5, 8), (8, 1), (9, 9)] {
            expected[i] = Some(v);
        }
        assert_eq!(values(&reading), expected);
        assert_eq!(reading.placed[5].row, "lawsuit_direct");
        assert_eq!(reading.placed[5].field, "upheld");
    }

    #[test]
    fn spaced_numbers_over_two_lines() {
        let reading = read_text("结果 维持\n1 0 2 0 3 12 0 0\n0 12 0 0 0 0 0\n");
        assert_eq!(values(&reading)[..6], [1, 0, 2, 0, 3, 12].map(Some));
        assert_eq!(reading.placed[14].origin.as_ref().map(|o| o.line), Some(3));
    }

    /// The codes and messages of a reading's diagnostics.
    fn said<'r>(reading: &'r Reading<'_>) -> Vec<(Code, &'r str)> {
        reading.diagnostics.iter().map(|d| (d.code, d.message.as_str())).collect()
    }

    #[test]
    fn a_labelled_row_does_not_continue_a_short_spaced_row() {
        // Ten numbers, then a note's five: gathered, they would be fifteen zeros read as the row.
        let reading = read_text("0 0 0 0 0 0 0 0 0 0\n注 0 0 0 0 0\n");
        assert_eq!(values(&reading), vec![None; 15]);
        assert_eq!(reading.diagnostics[0].code, Code::CellCount);
    }

    #[test]
    fn a_digit_wrapped_below_a_row_nulls_it() {
        // `12` printed as `1` with its `2` under it: spaced, and a tab row a cell short.
        for row in ["0 0 0 0 0 0 0 0 0 0 1 0 0 0 1", "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t1\t0\t0\t0"] {
            let reading = read_text(&format!("{row}\n{}2\n", " ".repeat(20)));
            assert_eq!(values(&reading), vec![None; 15], "{row}");
            assert_eq!(said(&reading).first().map(|d| d.0), Some(Code::WrappedNumber), "{row}");
        }
    }

    #[test]
    fn numbers_from_two_lines_that_do_not_add_up_are_null() {
        // The third group says 0 + 0 + 0 + 0 = 1: the lines may be grouped wrongly.
        let reading = read_text("结果 维持\n1 0 2 0 3 12 0 0\n0 12 0 0 0 0 1\n");
        assert_eq!(values(&reading), vec![None; 15]);
        assert!(said(&reading)[0].1.contains("do not add up"), "{:?}", said(&reading));
    }

    #[test]
    fn a_tab_row_a_cell_short_is_null_and_not_placed_by_position() {
        // Tabs say nothing about where the lost cell was: no placing by character position.
        let header = "行政复议\t\t\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n";
        let reading = read_text(&format!("{header}{}\n", ["1"; 14].join("\t")));
        assert_eq!(values(&reading), vec![None; 15]);
        assert_eq!(
            said(&reading),
            [(Code::CellCount, "section 四: 14 cells for 15 columns; its values are null")]
        );
    }

    #[test]
    fn packed_numbers_are_read_apart_only_in_a_row_shaped_as_its_header() {
        let header = format!("| 行政复议 |{}\n", " |".repeat(11));
        let row = "| 10 1 | 0 | 0 | 0 0 | 0 0 | 0 | 0 | 5 | 0 | 0 | 0 | 0 |\n";
        let reading = read_text(&format!("{header}{row}"));
        // (The row's totals are as printed: 10 + 1 ≠ 0 is the report's to answer for.)
        let mut expected = vec![Some(0); 15];
        (expected[0], expected[1], expected[10]) = (Some(10), Some(1), Some(5));
        assert_eq!(values(&reading), expected);
        assert_eq!(said(&reading)[0].0, Code::CellsUnpacked);
        // A header of another shape: the row may have lost a cell, and `1 2` be a split `12`.
        let reading = read_text(&format!("| 行政复议 | 行政诉讼 |\n{row}"));
        assert_eq!(values(&reading), vec![None; 15]);
        assert!(said(&reading).iter().all(|d| d.0 != Code::CellsUnpacked));
    }

    #[test]
    fn a_spaced_row_that_adds_up_only_with_a_split_number_joined_is_null() {
        // `12` split in the second group, and the third group's 尚未审结 blank: in order, the
        // second group reads 1 + 2 = 0 and the third 12 = 0.
        let reading = read_text("结果 维持\n1 0 0 0 1   1 2 0 0 0   12 0 0 0 0\n");
        assert_eq!(values(&reading), vec![None; 15]);
        assert_eq!(said(&reading)[0].0, Code::CellCount);
        assert!(said(&reading)[0].1.contains("one space apart"), "{:?}", said(&reading));
        // The same numbers each two spaces apart are the report's own error: read as printed.
        let reading = read_text("结果 维持\n1  0  0  0  1   1  2  0  0  0   12  0  0  0  0\n");
        assert_eq!(values(&reading)[5..7], [Some(1), Some(2)]);
        assert!(said(&reading).is_empty(), "{:?}", said(&reading));
        // A lost `1` and `10` split: no reading adds up, but `1 0` stands closer than the rest.
        let reading =
            read_text("结果 维持\n1 0      0   0    0   0    0   0   0    0   5   0     0   0   0\n");
        assert_eq!(values(&reading), vec![None; 15]);
        // As printed, its own sums wrong (10 + 1 is not 0), the row is read and the checks say so.
        let reading =
            read_text("结果 维持\n10    1      0   0    0   0    0   0   0    0   5   0     0   0   0\n");
        assert_eq!(values(&reading)[..2], [Some(10), Some(1)]);
        // Gathered from two lines, the row is judged by its sums alone (see `untrusted_gathering`).
        let reading = read_text("结果 维持\n1 0 0 0 1   1 2 0 0 0\n12 0 0 0 0\n");
        assert_eq!(values(&reading), vec![None; 15]);
        assert!(said(&reading)[0].1.contains("gathered"), "{:?}", said(&reading));
    }

    #[test]
    fn incomplete_spaced_row_is_null() {
        let reading = read_text(" 5           2 7 8             1 9\n");
        assert_eq!(values(&reading), vec![None; 15]);
        assert_eq!(reading.diagnostics[0].code, Code::CellCount);
    }
}
