//! Text to lines for matching: one place that knows about full-width forms, odd spaces and
//! line endings.
//!
//! Normalisation maps each character to exactly one character, so a column in a normalised
//! line is the same column in the dump as the user sees it; provenance needs nothing more.
//! Markdown residue (`#` headings, pipes, `---` rules) is left to the parsers that know where
//! it can stand.
//!
//! Every report passes through here, so the scans look at eight bytes at a time where they
//! can (`bytes_equal`, `bytes_below`) and decode only the characters that may change.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::decode::count_bytes;

/// One line of the dump: its 1-based number, its raw text, and the same text normalised.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 1-based line number in the dump.
    pub number: usize,
    /// The line as decoded, without its line ending.
    pub raw: &'a str,
    /// The normalised text, made on first use: most prose lines are never matched.
    text: OnceCell<Cow<'a, str>>,
}

impl<'a> Line<'a> {
    /// Line `number` with the text `raw`.
    pub fn new(number: usize, raw: &'a str) -> Line<'a> {
        Line { number, raw, text: OnceCell::new() }
    }

    /// The line with every character passed through [`normalize_char`] (borrowed from `raw`
    /// when no character changes).
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| normalize(self.raw))
    }
}

impl PartialEq for Line<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.number, self.raw) == (other.number, other.raw)
    }
}

impl Eq for Line<'_> {}

/// Splits decoded text into lines on `\r\n`, `\n` or a lone `\r` (each normalised when its
/// text is first asked for).
pub fn lines(text: &str) -> Vec<Line<'_>> {
    // Sized once (a dump with lone `\r` endings grows it as it goes).
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut rest = text;
    while !rest.is_empty() {
        let end = memchr::memchr2(b'\n', b'\r', rest.as_bytes()).unwrap_or(rest.len());
        let raw = &rest[..end];
        out.push(Line::new(out.len() + 1, raw));
        rest = &rest[end..];
        rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix(['\n', '\r'])).unwrap_or(rest);
    }
    out
}

/// A line passed through [`normalize_char`]; runs of unchanged characters are copied whole,
/// and a line where nothing changes is borrowed, not copied.
///
/// Only bytes that can start a changing character are looked at closely (see
/// [`may_start_change`]), and those by their bytes ([`changed_at`]); the ideographs that make
/// up most of a report are passed over eight bytes at a time.
fn normalize(raw: &str) -> Cow<'_, str> {
    let bytes = raw.as_bytes();
    let mut text: Option<String> = None;
    let mut copied = 0;
    let visit = |at: usize| {
        let (width, mapped) = changed_at(bytes, at);
        if let Some(mapped) = mapped {
            let out = text.get_or_insert_with(|| String::with_capacity(raw.len()));
            out.push_str(raw.get(copied..at).unwrap_or_default());
            out.push(mapped);
            copied = at + width;
        }
    };
    // Candidates are ASCII or lead bytes, so each starts a character.
    for_each_marked(bytes, candidate_bytes, may_start_change, visit);
    match text {
        None => Cow::Borrowed(raw),
        Some(mut out) => {
            out.push_str(raw.get(copied..).unwrap_or_default());
            Cow::Owned(out)
        }
    }
}

/// The bytes of `word` (eight bytes, little-endian) that [`may_start_change`], marked as
/// [`bytes_equal`] marks them.
fn candidate_bytes(word: u64) -> u64 {
    let equal = |byte| bytes_equal(word, byte);
    (bytes_below(word, 0x20) & !equal(b'\t'))
        | equal(0x7f)
        | equal(0xc2)
        | equal(0xe2)
        | equal(0xe3)
        | equal(0xef)
}

/// Calls `visit` with the index of each byte of `bytes` that `marked` marks, in order: eight
/// bytes at a time through `marked_word` (which must mark the same bytes as `marked`, as
/// [`bytes_equal`] does), the last few one by one.
pub(crate) fn for_each_marked(
    bytes: &[u8],
    marked_word: impl Fn(u64) -> u64,
    marked: impl Fn(u8) -> bool,
    mut visit: impl FnMut(usize),
) {
    let mut words = bytes.chunks_exact(8);
    let mut base = 0;
    for word in &mut words {
        let mut marks = marked_word(u64::from_le_bytes(word.try_into().unwrap_or_default()));
        while marks != 0 {
            visit(base + marks.trailing_zeros() as usize / 8);
            marks &= marks - 1;
        }
        base += 8;
    }
    for (i, &byte) in words.remainder().iter().enumerate() {
        if marked(byte) {
            visit(base + i);
        }
    }
}

const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// `byte` in each of eight bytes.
const fn splat(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// The bytes of `word` (eight bytes, little-endian) equal to `byte`: the high bit of each set,
/// every other bit clear. Exact: no carry crosses from one byte into the next.
pub(crate) fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ splat(byte);
    !(((x & LOW7) + LOW7) | x) & HIGH
}

/// The bytes of `word` below `bound` (at most 0x80), marked as [`bytes_equal`] marks them: a
/// byte's low seven bits plus `0x80 - bound` stay below 0x80 exactly when it is below `bound`.
pub(crate) fn bytes_below(word: u64, bound: u8) -> u64 {
    !(((word & LOW7) + splat(0x80_u8.saturating_sub(bound))) | word) & HIGH
}

/// The UTF-8 width of the character starting at `at` (a candidate byte), and what
/// [`normalize_char`] makes of it if that differs, read from its bytes without decoding it.
fn changed_at(bytes: &[u8], at: usize) -> (usize, Option<char>) {
    let byte = |i: usize| bytes.get(at + i).copied().unwrap_or(0);
    match byte(0) {
        b'\t' => (1, None),
        0..=0x1f | 0x7f => (1, Some(' ')),
        // U+0080–U+009F (controls) and U+00A0 (no-break space).
        0xc2 => (2, (0x80..=0xa0).contains(&byte(1)).then_some(' ')),
        0xe2 => match (byte(1), byte(2)) {
            // U+2000–U+200B, U+202F, U+205F: spaces; U+2013, U+2212: dashes.
            (0x80, 0x80..=0x8b | 0xaf) | (0x81, 0x9f) => (3, Some(' ')),
            (0x80, 0x93) | (0x88, 0x92) => (3, Some('-')),
            _ => (3, None),
        },
        // U+3000, the ideographic space.
        0xe3 => (3, (byte(1) == 0x80 && byte(2) == 0x80).then_some(' ')),
        0xef => match (byte(1), byte(2)) {
            // U+FF01–U+FF5E, full-width ASCII.
            (0xbc, last @ 0x81..=0xbf) => (3, Some(char::from(last - 0x60))),
            (0xbd, last @ 0x80..=0x9e) => (3, Some(char::from(last - 0x20))),
            // U+FEFF, a byte-order mark inside the text.
            (0xbb, 0xbf) => (3, Some(' ')),
            _ => (3, None),
        },
        lead => (usize::from(lead >= 0xc0) + usize::from(lead >= 0xe0) + usize::from(lead >= 0xf0) + 1, None),
    }
}

/// Whether a byte can start a character [`normalize_char`] changes: an ASCII control other than
/// tab, DEL, or the lead byte of U+0080–U+00BF (`C2`), U+2000–U+2FFF (`E2`), U+3000–U+3FFF
/// (`E3`) or U+F000–U+FFFF (`EF`). [`candidate_bytes`] is the same test, eight bytes at a time.
fn may_start_change(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t') || matches!(byte, 0x7f | 0xc2 | 0xe2 | 0xe3 | 0xef)
}

/// Maps one character to its matching form: full-width ASCII (digits, letters, brackets,
/// punctuation, the full-width full stop used as a decimal point) to ASCII, every kind of space to
/// `' '`, control characters other than tab to `' '`, and the minus sign and en dash to `-`.
pub fn normalize_char(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\t' => '\t',
        '\u{3000}' | '\u{a0}' | '\u{2000}'..='\u{200b}' | '\u{202f}' | '\u{205f}' | '\u{feff}' => ' ',
        c if c.is_control() => ' ',
        '\u{2212}' | '\u{2013}' => '-',
        _ => c,
    }
}

/// Folds a label for comparison: normalised characters with all whitespace, quotes and
/// markdown emphasis removed, and `、` `，` `．` after an item number read as `.`. A label
/// folding leaves as it is (most cells of a normalised table) is borrowed, not copied.
pub fn fold_label(text: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    // Runs of characters folding leaves alone are copied whole.
    let mut copied = 0;
    let mut after_digit = false;
    for (at, c) in text.char_indices() {
        let folded = fold_char(c, &mut after_digit);
        if folded != Some(c) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(text.get(copied..at).unwrap_or_default());
            out.extend(folded);
            copied = at + c.len_utf8();
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(text.get(copied..).unwrap_or_default());
            Cow::Owned(out)
        }
    }
}

/// The raw text over bytes `range` of a line's normalised text `text`, whose raw text is `raw`.
/// Normalisation maps each character to one, so the two align character by character, and
/// byte for byte when they are as long.
pub(crate) fn raw_slice<'l>(text: &str, raw: &'l str, range: std::ops::Range<usize>) -> &'l str {
    if text.len() == raw.len() {
        return raw.get(range).unwrap_or_default();
    }
    let before = text.get(..range.start).map_or(0, char_count);
    let within = text.get(range).map_or(0, char_count);
    let rest = skip_chars(raw, before);
    let tail = skip_chars(rest, within);
    rest.get(..rest.len() - tail.len()).unwrap_or_default()
}

/// The characters in `text`, counted by their first bytes in one branch-free pass (cells are
/// short, where `str::chars().count()` spends more on setting up than on counting).
pub(crate) fn char_count(text: &str) -> usize {
    count_bytes(text.as_bytes(), |b| (b as i8) >= -0x40)
}

/// `text` without leading and trailing whitespace, as [`str::trim`] gives it, with ASCII spaces
/// stripped byte by byte first: normalised text has no other kind at its ends, most of the time.
pub fn trim(text: &str) -> &str {
    let trimmed = text.trim_ascii();
    // `trim_ascii` leaves a vertical tab and every non-ASCII space for `str::trim`.
    let done = |byte: Option<&u8>| byte.is_none_or(|&b| b.is_ascii() && b != 0x0b);
    if done(trimmed.as_bytes().first()) && done(trimmed.as_bytes().last()) {
        trimmed
    } else {
        trimmed.trim()
    }
}

/// `text` without its first `n` characters (all of it when it has fewer).
pub fn skip_chars(text: &str, n: usize) -> &str {
    let mut chars = text.chars();
    if n > 0 {
        // `Chars::nth` skips by counting bytes, not by decoding each character.
        chars.nth(n - 1);
    }
    chars.as_str()
}

/// Whether `fold_label(text)` contains `word`, found without folding all of `text`: each
/// occurrence of the word's first character is a candidate, folded from there only as far as
/// the word goes.
///
/// `word` must be folded already and start with a character that folding leaves alone and no
/// other character folds to, such as an ideograph.
pub fn contains_folded(text: &str, word: &str) -> bool {
    let mut rest_of_word = word.chars();
    let Some(first) = rest_of_word.next() else { return true };
    let mut buffer = [0; 4];
    let needle = first.encode_utf8(&mut buffer).as_bytes();
    memchr::memmem::find_iter(text.as_bytes(), needle).any(|at| {
        let after = text.get(at + needle.len()..).unwrap_or_default();
        // The first character is no digit, so no separator right after it becomes `.`.
        let mut after_digit = false;
        let mut folded = after.chars().filter_map(|c| fold_char(c, &mut after_digit));
        rest_of_word.clone().all(|w| folded.next() == Some(w))
    })
}

/// [`fold_label`] of `text`, with, for each character of the result, the index of the
/// character of `text` it came from (for finding labels inside running text).
pub fn fold_with_positions(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut positions = Vec::with_capacity(text.chars().count());
    for (position, c) in folded_chars(text) {
        out.push(c);
        positions.push(position);
    }
    (out, positions)
}

/// The characters [`fold_label`] keeps, with their character index in `text`.
fn folded_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut after_digit = false;
    text.chars().enumerate().filter_map(move |(i, c)| Some((i, fold_char(c, &mut after_digit)?)))
}

/// A CJK unified ideograph (U+4E00–U+9FFF), which normalisation and folding leave alone (and
/// which is alphabetic: testing this range first spares `char::is_alphabetic` its table).
pub(crate) fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// One character folded: normalised, then `None` for whitespace, quotes and emphasis; `.` for
/// `、` `,` `，` `．` after a digit (`after_digit` carries that state along the text).
fn fold_char(c: char, after_digit: &mut bool) -> Option<char> {
    if is_ideograph(c) {
        // Most of a label: neither normalisation nor folding changes an ideograph.
        *after_digit = false;
        return Some(c);
    }
    let c = normalize_char(c);
    if c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '*' | '「' | '」') {
        return None;
    }
    let c = if *after_digit && matches!(c, '、' | ',' | '，' | '．') { '.' } else { c };
    *after_digit = c.is_ascii_digit();
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_char_as_documented() {
        let text: String = "（一）１２３　元".chars().map(normalize_char).collect();
        assert_eq!(text, "(一)123 元");
    }

    #[test]
    fn fold_label_as_documented() {
        assert_eq!(fold_label("3、 危及“三安全 一稳定”"), "3.危及三安全一稳定");
        assert!(matches!(fold_label("(一)予以公开"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn trim_as_documented() {
        assert_eq!(trim(" \t 258\u{3000}"), "258");
    }

    #[test]
    fn skip_chars_as_documented() {
        assert_eq!(skip_chars("（一）予以公开", 3), "予以公开");
    }

    #[test]
    fn contains_folded_as_documented() {
        assert!(contains_folded("| 制发\n 件数 |", "制发件数"));
        assert!(!contains_folded("制发数", "制发件数"));
    }

    #[test]
    fn trim_is_str_trim() {
        // Every whitespace character and every ASCII character at either end, alone, around a
        // word, and next to each other.
        let ends: Vec<char> = ('\0'..=char::MAX)
            .filter(|c| c.is_whitespace() || c.is_ascii())
            .chain(['字', '\u{fffd}'])
            .collect();
        for &a in &ends {
            for text in
                [format!("{a}"), format!("{a}字{a}"), format!("{a} 1\u{3000}{a}"), format!(" {a}x\t{a}\u{b}")]
            {
                assert_eq!(trim(&text), text.trim(), "{text:?}");
            }
        }
    }

    #[test]
    fn the_fast_path_finds_every_changing_character() {
        // Every character normalize_char changes starts with a byte may_start_change accepts.
        for code in 0..=0xffff_u32 {
            let Some(c) = char::from_u32(code) else { continue };
            if normalize_char(c) != c {
                let mut buffer = [0; 4];
                let lead = c.encode_utf8(&mut buffer).as_bytes()[0];
                assert!(may_start_change(lead), "U+{code:04X}");
            }
        }
        assert_eq!(normalize("２０２３年　（一）"), "2023年 (一)");
        // normalize agrees with normalize_char on every character, in any company, at the
        // start, in the middle and at the end of eight-byte words and in the last few bytes.
        for code in 0..=0x10ffff_u32 {
            let Some(c) = char::from_u32(code) else { continue };
            let text = format!("a{c}、{c}一二三四{c}五{c}六{c}");
            let expected: String = text.chars().map(normalize_char).collect();
            assert_eq!(normalize(&text), expected, "U+{code:04X}");
        }
        assert!(matches!(normalize("规章\u{3000}0、1。"), Cow::Owned(_)));
        assert!(matches!(normalize("规章\t0、1。"), Cow::Borrowed(_)));
        assert!(matches!(normalize("规章 0、1。"), Cow::Borrowed(_)));
    }

    #[test]
    fn contains_folded_agrees_with_folding_first() {
        let texts = [
            "现行有效件数",
            "现行 有效\t件数",
            "现 行“有效”件数",
            "现行有效",
            "件数现行有效件",
            "现现行有效件数",
        ];
        for text in texts {
            for word in ["现行有效件数", "有效件数", "现"] {
                assert_eq!(contains_folded(text, word), fold_label(text).contains(word), "{text} {word}");
            }
        }
    }

    #[test]
    fn ideographs_pass_normalisation_and_folding_unchanged() {
        for c in ('\u{4e00}'..='\u{9fff}').filter(|&c| is_ideograph(c)) {
            let mut after_digit = true;
            assert_eq!(normalize_char(c), c);
            assert!(c.is_alphabetic());
            assert!(
                !c.is_whitespace() && !c.is_ascii_digit() && !matches!(c, '、' | '，' | '．' | '「' | '」')
            );
            assert_eq!(fold_char(c, &mut after_digit), Some(c));
            assert!(!after_digit);
        }
    }

    #[test]
    fn eight_bytes_at_once_mark_the_same_candidates() {
        // Every byte value at every position, among neighbours of every kind.
        for value in 0..=255u8 {
            for at in 0..8 {
                for fill in [0x00, 0x09, 0x20, 0x7f, 0x80, 0xc2, 0xe3, 0xff] {
                    let mut word = [fill; 8];
                    word[at] = value;
                    let expected = word
                        .iter()
                        .enumerate()
                        .fold(0u64, |m, (i, &b)| m | (u64::from(may_start_change(b)) << (i * 8 + 7)));
                    assert_eq!(candidate_bytes(u64::from_le_bytes(word)), expected, "{word:02x?}");
                }
            }
        }
    }

    #[test]
    fn byte_marks_are_exact() {
        for value in 0..=255u8 {
            for fill in [0x00, 0x01, 0x7f, 0x80, 0xff] {
                let word = u64::from_le_bytes([fill, value, fill, fill, value, fill, fill, value]);
                let mark = |ok: bool| if ok { 0x80u64 } else { 0 };
                for bound in [0x20u8, 0x21, 0x80] {
                    let expected = u64::from_le_bytes(
                        [fill, value, fill, fill, value, fill, fill, value].map(|b| mark(b < bound) as u8),
                    );
                    assert_eq!(bytes_below(word, bound), expected, "{value:02x} < {bound:02x}");
                }
                let expected = u64::from_le_bytes(
                    [fill, value, fill, fill, value, fill, fill, value].map(|b| mark(b == 0xe3) as u8),
                );
                assert_eq!(bytes_equal(word, 0xe3), expected);
            }
        }
    }

    #[test]
    fn splits_every_line_ending_and_numbers_lines() {
        let got: Vec<_> = lines("a\r\nb\rc\n\nd").into_iter().map(|l| (l.number, l.raw)).collect();
        assert_eq!(got, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
    }

    #[test]
    fn normalisation_keeps_columns() {
        let line = &lines("　（二）\u{a0}部分公开\t０")[0];
        assert_eq!(line.text(), " (二) 部分公开\t0");
        assert_eq!(line.text().chars().count(), line.raw.chars().count());
    }

    #[test]
    fn folded_positions_point_back() {
        let (folded, positions) = fold_with_positions("（一） 予以公开 7 0");
        assert_eq!(folded, "(一)予以公开70");
        assert_eq!(positions[3], 4);
        assert_eq!(positions[8], 11);
    }

    #[test]
    fn folding_ignores_spacing_quotes_and_item_separators() {
        assert_eq!(fold_label("（三） 不予公开"), "(三)不予公开");
        assert_eq!(fold_label("1．属于国家秘密"), fold_label("1. 属于国家秘密"));
        assert_eq!(fold_label("商业 企业"), "商业企业");
    }
}
