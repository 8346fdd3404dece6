//! Text to lines for matching: one place that knows about full-width forms, odd spaces and
//! line endings.
//!
//! Normalisation maps each character to exactly one character, so a column in a normalised
//! line is the same column in the dump as the user sees it; provenance needs nothing more.
//! Markdown residue (`#` headings, pipes, `---` rules) is left to the parsers that know where
//! it can stand.

/// One line of the dump: its 1-based number, its raw text, and the same text normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the dump.
    pub number: usize,
    /// The line as decoded, without its line ending.
    pub raw: &'a str,
    /// The line with every character passed through [`normalize_char`].
    pub text: String,
}

/// Splits decoded text into lines on `\r\n`, `\n` or a lone `\r`, and normalises each.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let raw = &rest[..end];
        out.push(Line { number: out.len() + 1, raw, text: normalize(raw) });
        rest = &rest[end..];
        rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix(['\n', '\r'])).unwrap_or(rest);
    }
    out
}

/// A line passed through [`normalize_char`]; runs of unchanged characters are copied whole.
fn normalize(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut copied = 0;
    for (at, c) in raw.char_indices() {
        let mapped = normalize_char(c);
        if mapped != c {
            text.push_str(raw.get(copied..at).unwrap_or_default());
            text.push(mapped);
            copied = at + c.len_utf8();
        }
    }
    text.push_str(raw.get(copied..).unwrap_or_default());
    text
}

/// Maps one character to its matching form: full-width ASCII (digits, letters, brackets,
/// punctuation) to ASCII, every kind of space to `' '`, control characters other than tab to
/// `' '`, and the wide dashes and ideographic full stop used as decimal points to ASCII.
///
/// ```
/// use nianbao::normalize::normalize_char;
/// let text: String = "（一）１２３　元".chars().map(normalize_char).collect();
/// assert_eq!(text, "(一)123 元");
/// ```
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
/// markdown emphasis removed, and `、` `，` `．` after an item number read as `.`.
///
/// ```
/// use nianbao::normalize::fold_label;
/// assert_eq!(fold_label("3、 危及“三安全 一稳定”"), "3.危及三安全一稳定");
/// ```
pub fn fold_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(folded_chars(text).map(|(_, c)| c));
    out
}

/// [`fold_label`] of `text`, with, for each character of the result, the index of the
/// character of `text` it came from (for finding labels inside running text).
pub fn fold_with_positions(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut positions = Vec::with_capacity(text.len() / 2);
    for (position, c) in folded_chars(text) {
        out.push(c);
        positions.push(position);
    }
    (out, positions)
}

/// The characters [`fold_label`] keeps, with their character index in `text`.
fn folded_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut after_digit = false;
    text.chars().map(normalize_char).enumerate().filter_map(move |(i, c)| {
        if c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '*' | '「' | '」')
        {
            return None;
        }
        let c = if after_digit && matches!(c, '、' | ',' | '，' | '．') { '.' } else { c };
        after_digit = c.is_ascii_digit();
        Some((i, c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_every_line_ending_and_numbers_lines() {
        let got: Vec<_> = lines("a\r\nb\rc\n\nd").into_iter().map(|l| (l.number, l.raw)).collect();
        assert_eq!(got, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
    }

    #[test]
    fn normalisation_keeps_columns() {
        let line = &lines("　（二）\u{a0}部分公开\t０")[0];
        assert_eq!(line.text, " (二) 部分公开\t0");
        assert_eq!(line.text.chars().count(), line.raw.chars().count());
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
