//! Tables flattened into running text by a crawler: labels and numbers glued into one
//! paragraph (`…申请数量230 000023二、上年结转…0000000三、本年度办理结果…`).
//!
//! Rows are found by their label words in the form's order; the digits between one label and
//! the next are the row's numbers. Spaces, where the text kept any, are certain boundaries;
//! inside a glued run (`000023`) the boundaries are not printed, so every way of splitting the
//! run into the row's count of numbers (no leading zeros) is tried. A split is used only when
//! exactly one split satisfies the report's own identities (a row's 总计, section 四's totals),
//! even where only one split is possible at all, since a blank cell leaves no trace in glued
//! text; it is then reported as `split_inferred` with the rule that fixed it. Section 二 has no
//! totals, so only numbers kept apart (one word per cell) and runs of zeros, one per cell, are
//! read there. Anything else stays null with an `ambiguous_cells` diagnostic: never a guess.

use crate::model::Code;
use std::ops::Range;

use crate::grid::Cell;
use crate::labels::{DisclosureRow, RowLabel, REVIEW_CELLS};
use crate::model::Severity;
use crate::normalize::{fold_with_positions, normalize_char, Line};
use crate::tables::{Number, Placed, Printed, Reading};
use crate::validate::sum;

/// The text of one flattened section, as characters, with where it stands in its line.
pub struct Flat<'l> {
    line: usize,
    text: Vec<char>,
    /// The line's raw text, and the byte offset there of each character of `text` (and of the
    /// section's end).
    raw: &'l str,
    raw_offsets: Vec<usize>,
    folded: String,
    /// For each character of `folded`, its index in `text`.
    positions: Vec<usize>,
    /// For each character of `folded`, its byte offset there (and the end's).
    folded_offsets: Vec<usize>,
}

impl<'l> Flat<'l> {
    /// The section occupying the byte range `range` of `line`'s raw text, normalised here
    /// character by character (the rest of the line is never normalised).
    #[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
    pub fn new(line: &Line<'l>, range: Range<usize>) -> Flat<'l> {
        let section = line.raw.get(range.clone()).unwrap_or_default();
        let mut text = Vec::with_capacity(section.len() / 2);
        let mut raw_offsets = Vec::with_capacity(section.len() / 2 + 1);
        for (at, c) in section.char_indices() {
            text.push(normalize_char(c));
            raw_offsets.push(range.start + at);
        }
        raw_offsets.push(range.start + section.len());
        // Folding normalises each character first, so the raw text folds as the normalised would.
        let (folded, positions) = fold_with_positions(section);
        let mut folded_offsets = Vec::with_capacity(positions.len() + 1);
        folded_offsets.extend(folded.char_indices().map(|(at, _)| at));
        folded_offsets.push(folded.len());
        Flat { line: line.number, text, raw: line.raw, raw_offsets, folded, positions, folded_offsets }
    }

    /// The first of `keywords` found at or after character `from`: its character range.
    #[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
    fn find(&self, keywords: &[&str], from: usize) -> Option<Range<usize>> {
        let start = self.positions.partition_point(|&p| p < from);
        let folded_from = self.folded_offsets.get(start).copied().unwrap_or(self.folded.len());
        let haystack = self.folded.get(folded_from..)?;
        // The earliest keyword wins: once one is found, the others are looked for only before it.
        let mut earliest: Option<(usize, &str)> = None;
        for keyword in keywords {
            let end = earliest.map_or(haystack.len(), |(at, _)| (at + keyword.len()).min(haystack.len()));
            let window = haystack.as_bytes().get(..end).unwrap_or_default();
            if let Some(at) = memchr::memmem::find(window, keyword.as_bytes()) {
                if earliest.is_none_or(|(best, _)| at < best) {
                    earliest = Some((at, keyword));
                }
            }
        }
        let (at, keyword) = earliest?;
        // A match starts a character: the keyword's first byte is never a continuation byte.
        let first = self.folded_offsets.partition_point(|&b| b < folded_from + at);
        let last = first + keyword.chars().count() - 1;
        Some(*self.positions.get(first)?..*self.positions.get(last)? + 1)
    }

    /// The run of digits and spaces that starts at the first digit at or after `from` and
    /// before `until`; a digit directly before a `.` is the next label's item number (`2.其他…`)
    /// and is left out. `Err` when anything number-like follows the run before `until` (a sign,
    /// a point, a unit, more digits): the run would then be only part of the row's numbers.
    #[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
    fn digit_run(&self, from: usize, until: usize) -> Result<Range<usize>, String> {
        let until = until.min(self.text.len());
        let at = |i: usize| self.text.get(i).copied().unwrap_or(' ');
        let Some(start) = (from..until).find(|&i| at(i).is_ascii_digit()) else {
            return Err("no numbers".into());
        };
        let mut end = start;
        while end < until && (at(end).is_ascii_digit() || at(end) == ' ') {
            end += 1;
        }
        // (`start` is a digit, and `until` starts a label or ends the text: a `.` stands inside.)
        if at(end) == '.' {
            end -= 1;
        }
        // What follows may hold labels' item numbers (`1.属于…`) and the next sub-table's unit
        // note (`（单位：万元）`, which is not these numbers' unit), nothing else number-like.
        let mut i = end;
        while i < until {
            let c = at(i);
            let item_number = c.is_ascii_digit() && at(i + 1) == '.' && !at(i + 2).is_ascii_digit();
            if item_number {
                i += 2;
                continue;
            }
            if matches!(c, '(' | '（') && at(i + 1) == '单' && at(i + 2) == '位' {
                i = (i..until).find(|&k| matches!(at(k), ')' | '）')).map_or(until, |k| k + 1);
                continue;
            }
            if c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '元' | '%') {
                return Err(format!("{c:?} follows the numbers"));
            }
            i += 1;
        }
        while end > start && at(end - 1) == ' ' {
            end -= 1;
        }
        Ok(start..end)
    }

    fn origin(&self, range: &Range<usize>) -> Printed<'l> {
        let end = self.raw_offsets.last().copied().unwrap_or_default();
        let at = |i: usize| self.raw_offsets.get(i).copied().unwrap_or(end);
        let raw = self.raw.get(at(range.start)..at(range.end)).unwrap_or_default();
        Printed { line: self.line, cell: Cell::raw_stretch(raw, self.raw) }
    }

    fn text_of(&self, range: &Range<usize>) -> String {
        self.chars(range).iter().collect()
    }

    /// How many runs of non-space characters a range holds (`split_whitespace().count()` of
    /// its text).
    #[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
    fn words(&self, range: &Range<usize>) -> usize {
        let mut words = 0;
        let mut in_word = false;
        for c in self.chars(range) {
            words += usize::from(!in_word && !c.is_whitespace());
            in_word = !c.is_whitespace();
        }
        words
    }

    fn chars(&self, range: &Range<usize>) -> &[char] {
        self.text.get(range.clone()).unwrap_or_default()
    }

    /// The number a range of digits spells, as `str::parse` reads it, without building the
    /// string: `None` for no digits, anything else or a value beyond `i64`.
    fn integer(&self, range: &Range<usize>) -> Option<i64> {
        let digits = self.chars(range);
        if digits.is_empty() {
            return None;
        }
        digits
            .iter()
            .try_fold(0i64, |value, c| value.checked_mul(10)?.checked_add(i64::from(c.to_digit(10)?)))
    }
}

/// How a run was split, or why it was not.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Split {
    /// The one split that the checks admit, and the rule that fixed it.
    Unique(Vec<Range<usize>>, &'static str),
    /// No split gives the count wanted.
    Impossible,
    /// Several splits remain.
    Ambiguous(usize),
    /// The text there is not a clean run of numbers.
    Unreadable(String),
}

/// Most splits of one run considered; a run with more is ambiguous whatever the identities.
const SPLIT_LIMIT: usize = 256;

/// Every way to cut the tokens (maximal digit runs) in `run` into `count` numbers without
/// leading zeros, as character ranges; at most [`SPLIT_LIMIT`] + 1.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn splits(flat: &Flat, run: &Range<usize>, count: usize) -> Vec<Vec<Range<usize>>> {
    let mut tokens: Vec<Range<usize>> = Vec::new();
    let mut i = run.start;
    while i < run.end {
        if flat.text.get(i) == Some(&' ') {
            i += 1;
            continue;
        }
        let start = i;
        while i < run.end && flat.text.get(i) != Some(&' ') {
            i += 1;
        }
        tokens.push(start..i);
    }
    // Every token holds at least one number and at most `MAX_DIGITS` digits per number.
    let digits: usize = tokens.iter().map(|t| t.len()).sum();
    if tokens.len() > count || digits > count * MAX_DIGITS {
        return Vec::new();
    }
    let start = tokens.first().map_or(0, |t| t.start);
    let mut cutter =
        Cutter { flat, tokens, count, current: Vec::new(), out: Vec::new(), budget: SEARCH_BUDGET };
    cutter.cut(0, start);
    if cutter.budget == 0 {
        // Too many ways to tell: report as ambiguous, never as a split.
        cutter.out.resize(SPLIT_LIMIT + 1, Vec::new());
    }
    cutter.out
}

/// The longest number a glued run is cut into.
const MAX_DIGITS: usize = 12;
/// The most search steps spent on one run.
const SEARCH_BUDGET: usize = 20_000;

/// Depth-first enumeration for [`splits`], within a budget of steps.
struct Cutter<'a> {
    flat: &'a Flat<'a>,
    tokens: Vec<Range<usize>>,
    count: usize,
    current: Vec<Range<usize>>,
    out: Vec<Vec<Range<usize>>>,
    budget: usize,
}

impl Cutter<'_> {
    /// Cuts token `t` from character `at` on, and the tokens after it.
    #[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
    fn cut(&mut self, t: usize, at: usize) {
        if self.out.len() > SPLIT_LIMIT || self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let Some(token) = self.tokens.get(t).cloned() else {
            if self.current.len() == self.count {
                self.out.push(self.current.clone());
            }
            return;
        };
        if at == token.end {
            let next = self.tokens.get(t + 1).map_or(at, |n| n.start);
            self.cut(t + 1, next);
            return;
        }
        // Prune: the characters left must make between one and MAX_DIGITS digits per number.
        let later: usize = self.tokens.get(t + 1..).unwrap_or_default().iter().map(|r| r.len()).sum();
        let left = token.end - at + later;
        let wanted = self.count.saturating_sub(self.current.len());
        if wanted == 0 || left < wanted || left > wanted * MAX_DIGITS {
            return;
        }
        let longest = if self.flat.text.get(at) == Some(&'0') { 1 } else { (token.end - at).min(MAX_DIGITS) };
        for len in 1..=longest {
            self.current.push(at..at + len);
            self.cut(t, at + len);
            self.current.pop();
        }
    }
}

fn values(flat: &Flat, pieces: &[Range<usize>]) -> Vec<i64> {
    pieces.iter().map(|p| flat.integer(p).unwrap_or(0)).collect()
}

/// An identity of the report that a split's numbers must satisfy, and its name.
struct Identity<'a> {
    rule: &'static str,
    holds: &'a dyn Fn(&[i64]) -> bool,
}

/// Splits `run` into `count` numbers that satisfy `identity`.
///
/// A blank cell leaves no trace in glued text, so even a run that splits only one way (`1000010`
/// into seven cells) may be hiding a blank (10, —, 0, 0, 0, 0, 10): the identity is checked on
/// every split, the only one included. Without an identity (section 二), a split is trusted
/// only when the text keeps the numbers apart, one word per cell (`550` for one cell, `0 5 5`
/// for three), or the run is all zeros, one per cell: no blank can produce either.
fn split(flat: &Flat, run: &Range<usize>, count: usize, identity: Option<Identity<'_>>) -> Split {
    let all = splits(flat, run, count);
    if all.is_empty() {
        return Split::Impossible;
    }
    let Some(Identity { rule, holds }) = identity else {
        let zeros = flat.chars(run).iter().filter(|c| !c.is_whitespace()).all(|&c| c == '0');
        // Numbers the text keeps apart, one per cell: nothing is glued, and a blank would
        // leave one number fewer than cells.
        let apart = flat.words(run) == count;
        return match all.len() {
            1 if apart => Split::Unique(all.into_iter().next().unwrap_or_default(), "one number per cell"),
            1 if zeros => Split::Unique(all.into_iter().next().unwrap_or_default(), "one zero per cell"),
            n => Split::Ambiguous(n),
        };
    };
    if all.len() > SPLIT_LIMIT {
        return Split::Ambiguous(all.len());
    }
    let only_one = all.len() == 1;
    let consistent: Vec<Vec<Range<usize>>> = all.into_iter().filter(|p| holds(&values(flat, p))).collect();
    match consistent.len() {
        0 => Split::Impossible,
        1 if only_one => Split::Unique(
            consistent.into_iter().next().unwrap_or_default(),
            "the count of cells and the total",
        ),
        1 => Split::Unique(consistent.into_iter().next().unwrap_or_default(), rule),
        n => Split::Ambiguous(n),
    }
}

/// [`split`] of a run that was found, or why the text gave none.
fn split_run(flat: &Flat, run: &Result<Range<usize>, String>, count: usize, identity: Identity<'_>) -> Split {
    match run {
        Ok(run) => split(flat, run, count, Some(identity)),
        Err(why) => Split::Unreadable(why.clone()),
    }
}

/// The pieces of a split, or `None` with the diagnostic that says why not.
///
/// `name` and the run's text are written out only for a diagnostic.
fn resolve(
    flat: &Flat,
    reading: &mut Reading,
    name: std::fmt::Arguments<'_>,
    count: usize,
    run: Option<&Range<usize>>,
    split: Split,
) -> Option<Vec<Range<usize>>> {
    let shown = || run.map(|r| flat.text_of(r)).unwrap_or_default();
    let (code, message) = match split {
        Split::Unique(pieces, rule) => {
            if pieces.len() != run.map_or(0, |r| flat.words(r)) {
                let shown = shown();
                reading.note(
                    Severity::Warning,
                    Code::SplitInferred,
                    Some(flat.line),
                    format!(
                        "{name}: the glued run {shown:?} was split into {} numbers, fixed by {rule}",
                        pieces.len()
                    ),
                );
            }
            reading.cover(flat.line);
            return Some(pieces);
        }
        Split::Impossible => (
            Code::AmbiguousCells,
            format!("{name}: the run {:?} cannot be split into {count} numbers that fit", shown()),
        ),
        Split::Ambiguous(n) => (
            Code::AmbiguousCells,
            format!("{name}: the glued run {:?} splits {n} ways into {count} numbers", shown()),
        ),
        Split::Unreadable(why) => (
            Code::AmbiguousCells,
            format!("{name}: the flattened text does not give its {count} numbers ({why})"),
        ),
    };
    reading.note(Severity::Error, code, Some(flat.line), format!("{message}; its values are null"));
    None
}

/// Places `pieces` (or nulls) under the `fields` of `row`.
fn push<'l>(
    flat: &Flat<'l>,
    reading: &mut Reading<'l>,
    row: &'static str,
    fields: &[&'static str],
    pieces: Option<&[Range<usize>]>,
) {
    for (i, field) in fields.iter().enumerate() {
        let piece = pieces.and_then(|p| p.get(i));
        let value = piece.and_then(|p| flat.integer(p)).map(Number::Integer);
        reading.placed.push(Placed { row, field, value, origin: piece.map(|p| flat.origin(p)) });
    }
}

/// Each row's label in the flattened text, found in the form's order.
fn labels(flat: &Flat, keywords: impl Iterator<Item = &'static [&'static str]>) -> Vec<Option<Range<usize>>> {
    let mut from = 0;
    keywords
        .map(|keywords| {
            let label = flat.find(keywords, from)?;
            from = label.end;
            Some(label)
        })
        .collect()
}

/// Where row `i`'s numbers may stand: from its label to the next label found.
#[expect(clippy::arithmetic_side_effects, reason = "positions and counts within the input")]
fn region(flat: &Flat, found: &[Option<Range<usize>>], i: usize) -> Option<Range<usize>> {
    let label = found.get(i)?.clone()?;
    let next =
        found.get(i + 1..).unwrap_or_default().iter().flatten().next().map_or(flat.text.len(), |r| r.start);
    Some(label.end..next)
}

/// Section 三 from flattened text: `rows` in the form's order, `columns` the matrix's columns.
pub fn applications<'l>(
    flat: &Flat<'l>,
    rows: &[&'static RowLabel],
    columns: &[&'static str],
) -> Reading<'l> {
    let mut reading = Reading::default();
    let found = labels(flat, rows.iter().map(|r| r.keywords));
    let row_total = |v: &[i64]| {
        v.split_last().is_some_and(|(total, parts)| sum(parts.iter().map(|&p| Some(p))) == Some(*total))
    };
    for (i, row) in rows.iter().enumerate() {
        let Some(region) = region(flat, &found, i) else {
            reading.note(
                Severity::Warning,
                Code::MissingRow,
                Some(flat.line),
                format!(
                    "row {} of section 三 was not found in the flattened text; its values are null",
                    row.key
                ),
            );
            push(flat, &mut reading, row.key, columns, None);
            continue;
        };
        let run = flat.digit_run(region.start, region.end);
        let identity = Identity { rule: "the row total (总计)", holds: &row_total };
        let split = split_run(flat, &run, columns.len(), identity);
        let pieces = resolve(
            flat,
            &mut reading,
            format_args!("row {}", row.key),
            columns.len(),
            run.as_ref().ok(),
            split,
        );
        push(flat, &mut reading, row.key, columns, pieces.as_deref());
    }
    reading
}

/// Section 四 from flattened text: the run of digits after the header's last 总计, one printed
/// row of fifteen numbers.
pub fn reviews<'l>(flat: &Flat<'l>) -> Reading<'l> {
    let mut reading = Reading::default();
    let mut after_header = 0;
    while let Some(found) = flat.find(&["总计"], after_header) {
        after_header = found.end;
    }
    let groups_add_up = |v: &[i64]| {
        v.chunks(5).all(|g| {
            g.split_last().is_some_and(|(total, parts)| {
                parts.len() == 4 && sum(parts.iter().map(|&p| Some(p))) == Some(*total)
            })
        })
    };
    let run = flat.digit_run(after_header, flat.text.len());
    let identity = Identity { rule: "the three totals (总计)", holds: &groups_add_up };
    let split = split_run(flat, &run, REVIEW_CELLS.len(), identity);
    let pieces =
        resolve(flat, &mut reading, format_args!("section 四"), REVIEW_CELLS.len(), run.as_ref().ok(), split);
    for (i, (group, field)) in REVIEW_CELLS.iter().enumerate() {
        let piece = pieces.as_ref().and_then(|p| p.get(i..=i));
        push(flat, &mut reading, group, &[field], piece);
    }
    reading
}

/// Section 二 from flattened text. Section 二 has no totals to check a split against, so only
/// numbers the text keeps apart (one word per field) and runs of zeros, one per field, are
/// read; money is not read from glued text at all (its point and unit may stand anywhere in the
/// run).
pub fn disclosure<'l>(flat: &Flat<'l>, rows: &[DisclosureRow]) -> Reading<'l> {
    let mut reading = Reading::default();
    let found = labels(flat, rows.iter().map(|r| r.keywords));
    for (i, row) in rows.iter().enumerate() {
        let run = match region(flat, &found, i) {
            Some(region) => flat.digit_run(region.start, region.end),
            None => Err("row not found".into()),
        };
        let split = match (&run, row.money) {
            (Ok(run), false) => split(flat, run, row.fields.len(), None),
            (Ok(_), true) => Split::Unreadable("money is not read from glued text".into()),
            (Err(why), _) => Split::Unreadable(why.clone()),
        };
        let pieces = resolve(
            flat,
            &mut reading,
            format_args!("row {}", row.key),
            row.fields.len(),
            run.as_ref().ok(),
            split,
        );
        push(flat, &mut reading, row.key, row.fields, pieces.as_deref());
    }
    reading
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_read_as_parse_reads_them() {
        let line = crate::normalize::Line::new(1, "0 7 0012 9223372036854775807 9223372036854775808 1a");
        let flat = Flat::new(&line, 0..line.raw.len());
        for (start, end) in [(0, 0), (0, 1), (2, 3), (4, 8), (9, 28), (29, 48), (49, 51), (0, 3)] {
            let range = start..end;
            assert_eq!(flat.integer(&range), flat.text_of(&range).parse().ok(), "{:?}", flat.text_of(&range));
        }
    }
    use crate::model::Template;
    use crate::normalize::lines;
    use crate::tables::applications::form_rows;

    const COLUMNS: [&str; 7] = ["a", "b", "c", "d", "e", "f", "total"];

    fn read(text: &str) -> Reading<'static> {
        applications(&flat(text), &form_rows(Template::Form2019), &COLUMNS)
    }

    fn row(reading: &Reading, key: &str) -> Vec<Option<i64>> {
        let value = |p: &Placed| match p.value {
            Some(Number::Integer(v)) => Some(v),
            _ => None,
        };
        reading.placed.iter().filter(|p| p.row == key).map(value).collect()
    }

    #[test]
    fn one_digit_per_cell_and_item_numbers_are_not_numbers() {
        let reading = read("一、本年新收政府信息公开申请数量7000007二、上年结转0000000（三）不予公开1.属于国家秘密10000012.其他法律行政法规禁止公开0000000");
        assert_eq!(row(&reading, "received"), [7, 0, 0, 0, 0, 0, 7].map(Some));
        assert_eq!(row(&reading, "denied.state_secret"), [1, 0, 0, 0, 0, 0, 1].map(Some));
        assert_eq!(row(&reading, "denied.prohibited_by_law"), [Some(0); 7]);
        let notes: Vec<&str> = reading.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(notes.iter().filter(|c| **c == "split_inferred").count() >= 4);
    }

    #[test]
    fn the_row_total_fixes_the_one_consistent_split() {
        // 230 000023: 23,0 | 0,0,0,0,23 adds up; 2,30 | … does not.
        let reading = read("一、本年新收政府信息公开申请数量230 000023二、上年结转0000000");
        assert_eq!(row(&reading, "received"), [23, 0, 0, 0, 0, 0, 23].map(Some));
        let note = reading.diagnostics.iter().find(|d| d.code == Code::SplitInferred).unwrap();
        assert!(
            note.message.contains("230 000023") && note.message.contains("row total"),
            "{}",
            note.message
        );
    }

    #[test]
    fn a_run_with_two_consistent_splits_stays_null() {
        // 110000011 is 11,0,0,0,0,0,11 and 1,10,0,0,0,0,11: both add up.
        let reading = read("一、本年新收政府信息公开申请数量110000011二、上年结转0000000");
        assert_eq!(row(&reading, "received"), [None; 7]);
        let note = reading.diagnostics.iter().find(|d| d.code == Code::AmbiguousCells).unwrap();
        assert!(note.message.contains("splits 2 ways"), "{}", note.message);
        assert_eq!(row(&reading, "carried_over"), [Some(0); 7]);
    }

    #[test]
    fn a_single_split_that_does_not_add_up_may_hide_a_blank() {
        // 10, —, 0, 0, 0, 0, 10 glued is 1000010: seven digits, one split, which does not add up.
        let reading = read("一、本年新收政府信息公开申请数量1000010二、上年结转0000000");
        assert_eq!(row(&reading, "received"), [None; 7]);
        assert_eq!(row(&reading, "carried_over"), [Some(0); 7]);
    }

    /// Section 二 of `text`, row by row.
    fn disclosure_values(text: &str, rows: &[DisclosureRow]) -> impl Fn(&str) -> Vec<Option<Number>> {
        let reading = disclosure(&flat(text), rows);
        move |row: &str| reading.placed.iter().filter(|p| p.row == row).map(|p| p.value).collect()
    }

    #[test]
    fn section_two_reads_numbers_kept_apart_and_runs_of_zeros() {
        let text = "第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件105\
                    第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可3 0 18其他对外管理服务事项10 15";
        let value = disclosure_values(text, crate::labels::DISCLOSURE_ROWS_2019);
        let integers = |v: &[i64]| v.iter().map(|&v| Some(Number::Integer(v))).collect::<Vec<_>>();
        assert_eq!(value("regulations"), integers(&[0, 0, 0]));
        assert_eq!(value("normative_documents"), [None; 3], "105 may be 10, —, 5");
        assert_eq!(value("licensing"), integers(&[3, 0, 18]), "three numbers kept apart, three fields");
        assert_eq!(value("other_services"), [None; 3], "two numbers for three fields hide a blank");
    }

    /// Pattern 13: `（单位：万元）` after a number introduces the next sub-table; it is not that
    /// number's unit, and a one-field row's single number is read.
    #[test]
    fn a_unit_note_after_a_number_belongs_to_the_next_header() {
        let text = "第二十条第（六）项信息内容本年处理决定数量行政处罚4119行政强制195（单位：万元）\
                    第二十条第（八）项信息内容本年收费金额行政事业性收费7730.28";
        let value = disclosure_values(text, crate::labels::DISCLOSURE_ROWS_2021);
        assert_eq!(value("punishment"), [Some(Number::Integer(4119))]);
        assert_eq!(value("coercion"), [Some(Number::Integer(195))]);
        assert_eq!(value("fees"), [None], "money is not read from flattened text");
    }

    #[test]
    fn numbers_cut_by_a_sign_or_point_are_not_split() {
        let reading = read("一、本年新收政府信息公开申请数量1000001.5二、上年结转0000000");
        assert_eq!(row(&reading, "received"), [None; 7]);
    }

    #[test]
    fn long_runs_end_quickly_as_ambiguous_or_impossible() {
        let said = |run: &str| {
            let reading = read(&format!("一、本年新收政府信息公开申请数量{run}二、上年结转0000000"));
            assert_eq!(row(&reading, "received"), [None; 7], "{run}");
            let note = reading.diagnostics.iter().find(|d| d.code == Code::AmbiguousCells);
            note.map(|d| d.message.split(": ").nth(1).unwrap_or_default().to_owned()).unwrap_or_default()
        };
        // More splits than are counted: the search stops at one more than the limit.
        assert!(said(&"1".repeat(40)).ends_with("splits 257 ways into 7 numbers; its values are null"));
        let many_ways = "12345678912";
        assert!(said(&format!("{many_ways}{many_ways}")).contains("splits 257 ways into 7 numbers"));
        // Splits of eighty ones, none of which adds up; more digits than seven numbers hold;
        // more numbers kept apart than cells.
        assert!(said(&"1".repeat(80)).contains("cannot be split into 7 numbers"));
        assert!(said(&"1".repeat(85)).contains("cannot be split into 7 numbers"));
        assert!(said(&"1 ".repeat(50_000)).contains("cannot be split into 7 numbers"));
        // A search that runs out of steps before it is done never reads a split: sixty digits kept
        // apart from six zeros have none, and the budget ends the search first.
        let costly = format!("{}{}", "1".repeat(60), " 0".repeat(6));
        assert!(said(&costly).contains("splits 257 ways into 7 numbers"), "{}", said(&costly));
    }

    /// A flattened line of `text` (it leaks, as a test may).
    fn flat(text: &str) -> Flat<'static> {
        let lines = Box::leak(lines(text.to_owned().leak()).into_boxed_slice());
        let line = &lines[0];
        Flat::new(line, 0..line.raw.len())
    }

    #[test]
    fn the_earliest_keyword_is_found_and_the_first_listed_on_a_tie() {
        let flat = flat("其他 行政复议 行政");
        let found = |keywords: &[&str], from: usize| flat.find(keywords, from).map(|r| flat.text_of(&r));
        assert_eq!(found(&["行政", "其他"], 0).as_deref(), Some("其他"));
        // Both start at 行: the keyword listed first keeps its length.
        assert_eq!(found(&["行政复议", "行政"], 1).as_deref(), Some("行政复议"));
        assert_eq!(found(&["行政", "行政复议"], 1).as_deref(), Some("行政"));
    }

    #[test]
    fn a_digit_run_ends_before_until_and_at_a_word() {
        let flat = flat("12 34 件5 2.其他");
        // Up to `until`, not including it: what stands there is the next label's.
        assert_eq!(flat.digit_run(0, 3), Ok(0..2));
        assert_eq!(flat.digit_run(0, 6), Ok(0..5));
        // A word ends the run, and a digit after it is a number too many.
        assert_eq!(flat.digit_run(0, 7), Ok(0..5));
        assert_eq!(flat.digit_run(0, 8), Err("'5' follows the numbers".into()));
        // A digit before a `.` is the next label's item number, after the run or ending it.
        assert_eq!(flat.digit_run(7, 13), Ok(7..8));
        assert_eq!(flat.digit_run(9, 13), Ok(9..9));
        assert_eq!(flat.digit_run(11, 13), Err("no numbers".into()));
        assert_eq!(self::flat("7 0 2.其他").digit_run(0, 9), Ok(0..3));
        // After an item number, the label's own digits are still looked at.
        let digit_in_label = self::flat("7 0 2.其5他");
        assert_eq!(digit_in_label.digit_run(0, 9), Err("'5' follows the numbers".into()));
        // A unit note is stepped over whole; other brackets and a lone 位 are not.
        assert_eq!(self::flat("7 0（单位：万元）其").digit_run(0, 11), Ok(0..3));
        assert_eq!(self::flat("7 0（5）其").digit_run(0, 7), Err("'5' follows the numbers".into()));
        assert_eq!(self::flat("7 0 其5单位").digit_run(0, 8), Err("'5' follows the numbers".into()));
    }

    #[test]
    fn section_four_is_split_by_its_three_totals() {
        // 10, 0, 0, 0, 10 and ten zeros glued: `10` and `10`, `100` and `1`, or `1` and `100`;
        // only the first makes each group's results add up to its 总计.
        let flat = flat("结果维持结果纠正其他结果尚未审结总计10000100000000000");
        let reading = reviews(&flat);
        let values: Vec<Option<Number>> = reading.placed.iter().map(|p| p.value).collect();
        let mut expected = vec![Some(Number::Integer(0)); 15];
        (expected[0], expected[4]) = (Some(Number::Integer(10)), Some(Number::Integer(10)));
        assert_eq!(values, expected);
        let note = reading.diagnostics.iter().find(|d| d.code == Code::SplitInferred);
        assert!(note.is_some_and(|d| d.message.contains("the three totals")), "{:?}", reading.diagnostics);
    }

    #[test]
    fn numbers_of_the_longest_length_are_split() {
        // Two tokens of twelve digits each: one number each, the longest a run is cut into.
        let flat = flat("111111111111 222222222222");
        let run = 0..flat.text.len();
        let all = splits(&flat, &run, 2);
        assert_eq!(
            all.iter().map(|s| values(&flat, s)).collect::<Vec<_>>(),
            [vec![111111111111, 222222222222]]
        );
        // Thirteen digits make no number.
        let flat = self::flat("1111111111111 2");
        assert!(splits(&flat, &(0..flat.text.len()), 2).is_empty());
    }

    #[test]
    fn provenance_points_into_the_line() {
        let reading = read("一、本年新收政府信息公开申请数量７０００００７");
        let origin = reading.placed.iter().find(|p| p.row == "received" && p.field == "total").unwrap();
        let origin = origin.origin.as_ref().unwrap();
        assert_eq!((origin.cell.column(), origin.cell.raw()), (23, "７"));
    }
}
