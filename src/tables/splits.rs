//! Numbers a narrow cell or a converter split: `7 6 7` printed for 767.
//!
//! A spaced row that split a number has more numbers than it printed, so it may fill its
//! columns exactly, each number after the split one column off — and a blank it left (a spaced
//! dump shows none) makes up for the number too many. Nothing in the row's shape shows it; its
//! own sums do. This module owns that one test ([`adds_up_only_joined`]): the row's sums fail
//! as printed and hold with neighbours one space apart read as one number. Sections 三 and 四
//! ask it of a spaced row that fills its columns, each with its own sums; a row that fails its
//! sums with no such reading is read as printed, and the checks report the report's error.

use crate::grid::Cell;
use crate::normalize::char_count;

/// A number as printed in a spaced row: its text, and whether one space alone parts it from
/// the next number.
pub type Printed<'t> = (&'t str, bool);

/// Rows have at most fifteen numbers; more gaps than this are not tried (2^16 readings).
const MOST_GAPS: usize = 16;

/// Where numbers are joined and the row has `width` columns, at most this many blanks are put
/// back, one for each join (C(15, 2) = 105 placements of a reading).
const MOST_BLANKS: usize = 2;

/// The numbers of one line's spaced cells, each with whether the next starts one column after
/// its end.
pub fn printed<'t>(cells: &[Cell<'t>]) -> Vec<Printed<'t>> {
    let end = |cell: &Cell<'_>| cell.column().saturating_add(char_count(cell.text));
    cells
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            let next = cells.get(i.saturating_add(1));
            (cell.text, next.is_some_and(|next| next.column() == end(cell).saturating_add(1)))
        })
        .collect()
}

/// Whether a row printed as `numbers` on one line may hold a number split in two, though
/// nothing can add it up: a run of digits (not a `0`) one space before another number, in a row
/// that stands its other words wider apart (its label too, where it leads `numbers`). A layout
/// that spaces its columns widely prints no two numbers that close, unless a narrow cell broke
/// one (`77   1 32   470`, where a lost `77` left as many numbers as columns). A row spaced
/// evenly (`5 0 0 0`, as a converter that joins cells with one space prints it) says nothing
/// either way.
pub fn close_among_wide(numbers: &[Printed<'_>]) -> bool {
    let Some((_, pairs)) = numbers.split_last() else {
        return false;
    };
    // The second may carry a unit or a point (`2 51000元`).
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let opens = |text: &str| text.starts_with(|c: char| c.is_ascii_digit());
    let splittable = numbers
        .windows(2)
        .any(|pair| matches!(pair, [(a, true), (b, _)] if digits(a) && opens(b) && !a.starts_with('0')));
    splittable && pairs.iter().any(|(_, one_space)| !one_space)
}

/// Whether a row printed as `numbers` adds up (by `adds_up`) only when neighbours one space
/// apart are read as one number: it does not as printed, and does with `7 6 7` read as 767.
///
/// With `width` `None`, `adds_up` judges the joined numbers as they are (sums that hold
/// wherever the numbers stand, as section 三's applicant columns adding up to the 总计 last).
/// With `Some(width)`, each joined reading has a blank put back for every number it lost, in
/// every place, up to [`MOST_BLANKS`]: `adds_up` sees `width` cells, blanks `None`.
///
/// A `0` does not open a number, text that is not digits is never joined, and a row whose text
/// does not all read as integers is not judged.
pub fn adds_up_only_joined(
    numbers: &[Printed<'_>],
    width: Option<usize>,
    adds_up: impl Fn(&[Option<i64>]) -> bool,
) -> bool {
    let literal: Option<Vec<Option<i64>>> =
        numbers.iter().map(|(text, _)| text.parse().ok().map(Some)).collect();
    if literal.is_none_or(|values| adds_up(&values)) {
        return false;
    }
    let digits = |text: &str| text.bytes().all(|b| b.is_ascii_digit());
    // The gaps a split may have opened: one space between two runs of digits, not after a 0.
    let gaps: Vec<usize> = numbers
        .windows(2)
        .enumerate()
        .filter(
            |(_, pair)| matches!(pair, [(a, true), (b, _)] if digits(a) && digits(b) && !a.starts_with('0')),
        )
        .map(|(at, _)| at)
        .collect();
    if gaps.len() > MOST_GAPS {
        return false;
    }
    (1..1u32 << gaps.len()).any(|mask| {
        let blanks = mask.count_ones() as usize;
        if width.is_some() && blanks > MOST_BLANKS {
            return false;
        }
        let Some(groups) = joined(numbers, &gaps, mask) else {
            return false;
        };
        match width {
            None => adds_up(&groups.into_iter().map(Some).collect::<Vec<_>>()),
            Some(width) => {
                groups.len().saturating_add(blanks) == width && with_blanks(&groups, blanks, &adds_up)
            }
        }
    })
}

/// `numbers` with the gaps `mask` picks out of `gaps` closed, read as integers.
fn joined(numbers: &[Printed<'_>], gaps: &[usize], mask: u32) -> Option<Vec<i64>> {
    let mut groups = Vec::with_capacity(numbers.len());
    let mut text = String::new();
    for (at, (part, _)) in numbers.iter().enumerate() {
        text.push_str(part);
        let join_next = gaps.iter().position(|&g| g == at).is_some_and(|bit| mask >> bit & 1 == 1);
        if !join_next {
            groups.push(text.parse().ok()?);
            text.clear();
        }
    }
    Some(groups)
}

/// Whether `values` with `blanks` blanks put among them, in some places, satisfy `adds_up`.
fn with_blanks(values: &[i64], blanks: usize, adds_up: &impl Fn(&[Option<i64>]) -> bool) -> bool {
    fn fill(
        values: &[i64],
        blanks: usize,
        row: &mut Vec<Option<i64>>,
        adds_up: &impl Fn(&[Option<i64>]) -> bool,
    ) -> bool {
        let depth = row.len();
        let found = match (values.split_first(), blanks) {
            (None, 0) => adds_up(row),
            (Some((&value, rest)), 0) => {
                row.extend(std::iter::once(value).chain(rest.iter().copied()).map(Some));
                adds_up(row)
            }
            (first, _) => {
                row.push(None);
                let blank_here = fill(values, blanks.saturating_sub(1), row, adds_up);
                row.truncate(depth);
                blank_here
                    || first.is_some_and(|(&value, rest)| {
                        row.push(Some(value));
                        fill(rest, blanks, row, adds_up)
                    })
            }
        };
        row.truncate(depth);
        found
    }
    fill(values, blanks, &mut Vec::with_capacity(values.len().saturating_add(blanks)), adds_up)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::sum;

    /// Section 三's sums: the parts add up to the total, the last number.
    fn total_last(values: &[Option<i64>]) -> bool {
        values.split_last().is_some_and(|(total, parts)| sum(parts.iter().copied()) == *total)
    }

    #[test]
    fn a_row_that_adds_up_only_with_a_split_number_joined() {
        // `7 6 7   35   2   1 805`: 7 + 6 + 7 + 35 + 2 + 1 is not 805; 767 + 35 + 2 + 1 is.
        let split = [
            ("7", true),
            ("6", true),
            ("7", false),
            ("35", false),
            ("2", false),
            ("1", true),
            ("805", false),
        ];
        assert!(adds_up_only_joined(&split, None, total_last));
        // The total split: `80 5`.
        let total = [("767", false), ("35", false), ("3", false), ("80", true), ("5", false)];
        assert!(adds_up_only_joined(&total, None, total_last));
        // A row that adds up as printed is read as printed.
        assert!(!adds_up_only_joined(&[("2", true), ("1", true), ("3", false)], None, total_last));
        // Its own error, with no joined reading that adds up: the checks report it.
        assert!(!adds_up_only_joined(&[("2", true), ("1", true), ("4", false)], None, total_last));
        // Only numbers one space apart are joined, and never after a 0.
        assert!(!adds_up_only_joined(&[("1", false), ("2", false), ("12", false)], None, total_last));
        assert!(!adds_up_only_joined(&[("0", true), ("5", false), ("5", false)], None, total_last));
        assert!(adds_up_only_joined(&[("1", true), ("0", false), ("10", false)], None, total_last));
        // Not digits (a placeholder, a misread number) are not joined, nor read.
        assert!(!adds_up_only_joined(&[("1", true), ("—", false), ("1", false)], None, total_last));
        let huge = [("9", true), ("99999999999999999999", false), ("0", false)];
        assert!(!adds_up_only_joined(&huge, None, total_last));
        // Sixteen gaps are tried (sixteen ones, then `1 5` read as 15); seventeen are not.
        let mut long = vec![("1", true); 16];
        long.push(("5", false));
        assert!(adds_up_only_joined(&long, None, total_last));
        let mut longer = vec![("1", true); 17];
        longer.push(("6", false));
        assert!(!adds_up_only_joined(&longer, None, total_last));
    }

    /// Section 四's sums: each group of five, blanks as zero, four results add up to the 总计.
    fn groups_of_five(values: &[Option<i64>]) -> bool {
        values.chunks(5).all(|group| match group.split_last() {
            Some((total, parts)) => {
                sum(parts.iter().map(|v| Some(v.unwrap_or(0)))) == Some(total.unwrap_or(0))
            }
            None => true,
        })
    }

    fn spaced(text: &str) -> Vec<Printed<'_>> {
        let words: Vec<&str> = text.split(' ').collect();
        let apart = |i: usize| words.get(i.saturating_add(1)).is_some_and(|next| !next.is_empty());
        words.iter().enumerate().filter(|(_, w)| !w.is_empty()).map(|(i, w)| (*w, apart(i))).collect()
    }

    #[test]
    fn a_blank_put_back_for_each_join_to_fill_the_columns() {
        // `12` split and the third group's 尚未审结 blank: fifteen numbers, in order wrong.
        let row = spaced("1 0 0 0 1  1 2  0 0 0 12  0 0 0 0");
        assert_eq!(row.len(), 15);
        assert!(adds_up_only_joined(&row, Some(15), groups_of_five));
        // Read with no blank put back, the joined row has fourteen numbers for fifteen columns.
        assert!(!adds_up_only_joined(&row, Some(14), groups_of_five));
        // Apart by more than a space, `1  2` is two numbers: the row's own error.
        let row = spaced("1 0 0 0 1  1  2  0 0 0 12  0 0 0 0");
        assert!(!adds_up_only_joined(&row, Some(15), groups_of_five));
        // A row whose groups hold as printed is read as printed.
        let row = spaced("1 0 0 0 1  2 1 0 0 3  0 0 0 0 0");
        assert!(!adds_up_only_joined(&row, Some(15), groups_of_five));
    }

    #[test]
    fn at_most_two_blanks_are_put_back() {
        // Three numbers split: 10, 10 and 20 in the first group, and three blanks in the third.
        let row = spaced("1 0 1 0 0 0 2 0  0 0 0 0 0  0 0");
        assert_eq!(row.len(), 15);
        assert!(!adds_up_only_joined(&row, Some(15), groups_of_five));
        // Two of them: read with two blanks put back.
        let row = spaced("1 0 1 0 0 0 20  0 0 0 0 0  0 0 0");
        assert!(adds_up_only_joined(&row, Some(15), groups_of_five));
    }

    #[test]
    fn close_numbers_in_a_widely_spaced_row() {
        assert!(close_among_wide(&spaced("1 32     470")));
        assert!(close_among_wide(&spaced("77     1 32")));
        // Evenly spaced, or every pair apart: nothing to tell.
        assert!(!close_among_wide(&spaced("1 32 470")));
        assert!(!close_among_wide(&spaced("77   132   470")));
        // A `0` opens no number, and one number alone has no neighbour.
        assert!(!close_among_wide(&spaced("0 32     470")));
        assert!(!close_among_wide(&spaced("470")));
        assert!(!close_among_wide(&[]));
        // Not digits are never joined; a unit after the second number is its own.
        assert!(!close_among_wide(&spaced("— 32     470")));
        assert!(close_among_wide(&spaced("规章     2 51000元")));
        assert!(!close_among_wide(&spaced("2 51000元")));
    }

    #[test]
    fn printed_cells_say_which_are_one_space_apart() {
        let lines = Box::leak(crate::normalize::lines(" 7 6 7   35 1 805").into_boxed_slice());
        let row = crate::grid::read_row(&lines[0]).unwrap();
        let gaps: Vec<bool> = printed(&row.cells).into_iter().map(|(_, apart)| apart).collect();
        assert_eq!(gaps, [true, true, false, true, true, false]);
    }
}
