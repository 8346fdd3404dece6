//! Segmentation: the title, agency and year of a report, and its top-level sections.
//!
//! Headings are found line by line with [`grammar::heading`]; a candidate is taken only when
//! its numeral continues the sequence (一, 二, …) and it is not a row of a table that happens
//! to start with a numeral (`四、结转下年度继续办理`). Text flattened to one paragraph by a
//! crawler has its headings inline; those are found inside the line, in sequence.

use crate::model::Code;
use std::ops::Range;

use crate::grammar;
use crate::labels::{
    HEADING_TITLES, MATRIX_ROW_WORDS, SECTIONS, TABLE_SECTIONS, TITLE_HEADER_KEYS, TITLE_TAIL_WORDS,
    TITLE_WORDS,
};
use crate::model::{Diagnostic, SectionKind, Severity};
use crate::normalize::{bytes_below, bytes_equal, fold_label, for_each_marked, normalize_char, Line};

/// A section as found: its heading and where its body lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpan {
    /// The heading's numeral (一 = 1).
    pub number: u32,
    /// The heading as printed, markdown markers removed.
    pub heading: String,
    /// What the section is about.
    pub kind: SectionKind,
    /// Index of the heading's line in the line list.
    pub heading_index: usize,
    /// Indices of the body's lines (after the heading line, up to the next heading).
    pub body: Range<usize>,
    /// For an inline heading: the byte range of the section's text within its line's raw text.
    pub inline: Option<Range<usize>>,
}

/// What segmentation found.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    /// The title, whitespace-normalised.
    pub title: Option<String>,
    /// The reporting body.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i32>,
    /// The sections in order.
    pub sections: Vec<SectionSpan>,
    /// What segmentation noticed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Splits a report's lines into title, agency, year and sections.
pub fn segment(lines: &[Line<'_>]) -> Segments {
    let (sections, restart) = line_headings(lines);
    let mut segments = Segments { sections, ..Segments::default() };
    if let Some(index) = restart {
        segments.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            code: Code::ConcatenatedReports,
            message: "another report starts here (一、 again after the last section); only the first report is read".into(),
            line: Some(index + 1),
        });
    }
    if segments.sections.len() < 2 {
        let inline = inline_headings(lines);
        if inline.len() > segments.sections.len() {
            segments.sections = inline;
        }
    }
    let first_heading = segments.sections.first().map_or(lines.len(), |s| s.heading_index);
    let title = title(lines, first_heading);
    match &title {
        Some((text, _)) => {
            let year = grammar::first_year(text);
            segments.year = year.map(|y| y.year);
            segments.agency = year.and_then(|y| agency(text, y));
        }
        None => segments.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            code: Code::MissingTitle,
            message: "no title line (…年度报告) before the first section".into(),
            line: None,
        }),
    }
    if segments.year.is_none() {
        // Every year mention ends in 年, which normalisation leaves alone.
        segments.year = preamble(lines, first_heading)
            .iter()
            .filter(|line| line.raw.contains('年'))
            .find_map(|line| grammar::first_year(line.text()))
            .map(|y| y.year);
    }
    segments.title = title.map(|(text, _)| text);
    segments
}

/// Section headings standing on their own lines, and where a second report starts, if one
/// does (a 一、 overview heading after section 三 or later): the sections stop there.
fn line_headings(lines: &[Line<'_>]) -> (Vec<SectionSpan>, Option<usize>) {
    let mut sections: Vec<SectionSpan> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if !grammar::may_be_heading(line.raw) {
            continue;
        }
        let last = sections.last().map_or(0, |s| s.number);
        let restarts = last >= 3
            && !is_table_row(line.text())
            && grammar::heading(line.text())
                .is_some_and(|h| h.number == 1 && section_kind(h.title) == SectionKind::Overview);
        if restarts {
            if let Some(previous) = sections.last_mut() {
                previous.body.end = index;
            }
            return (sections, Some(index));
        }
        let text = line.text();
        let Some(found) = accept_heading(text, last)
            .or_else(|| appended_table(text, &sections))
            .or_else(|| titled_table(text, &sections))
        else {
            continue;
        };
        if let Some(previous) = sections.last_mut() {
            previous.body.end = index;
        }
        sections.push(SectionSpan {
            number: found.number,
            heading: squeeze(found.text),
            kind: section_kind(found.title),
            heading_index: index,
            body: index + 1..lines.len(),
            inline: None,
        });
    }
    (sections, None)
}

/// Whether a line holds a tab or a pipe, and so is a table row rather than a heading.
fn is_table_row(text: &str) -> bool {
    memchr::memchr2(b'\t', b'|', text.as_bytes()).is_some()
}

/// A line's heading, if it continues the sequence after section `last` and is not a table row.
fn accept_heading(text: &str, last: u32) -> Option<grammar::Heading<'_>> {
    if is_table_row(text) {
        return None;
    }
    let found = grammar::heading(text)?;
    // Table rows numbered 一、二、… are the usual candidates: most fail the cheap tests first.
    if found.number <= last || found.title.chars().count() > 40 {
        return None;
    }
    let ends_in_number = found.title.split_whitespace().count() > 1
        && found.title.split_whitespace().next_back().is_some_and(|t| t.chars().all(|c| c.is_ascii_digit()));
    let folded = fold_label(found.title);
    if ends_in_number || folded.is_empty() || MATRIX_ROW_WORDS.iter().any(|w| folded.contains(w)) {
        return None;
    }
    let in_sequence = found.number == last + 1 || folded_kind(&folded) != SectionKind::Unknown;
    in_sequence.then_some(found)
}

/// A table section a report appends after its own narrative, renumbered (`六、…` then
/// `一、主动公开政府信息情况`, `二、收到和处理…`, `三、…行政复议、行政诉讼情况`): a heading numbered
/// out of sequence is taken when it names a table section not yet seen and the narrative has
/// already run past section 四 (so a sub-heading inside section 一 is never one).
fn appended_table<'a>(text: &'a str, sections: &[SectionSpan]) -> Option<grammar::Heading<'a>> {
    let last = sections.iter().map(|s| s.number).max()?;
    if last < 4 || is_table_row(text) {
        return None;
    }
    let found = grammar::heading(text)?;
    let kind = section_kind(found.title);
    let table = TABLE_SECTIONS.contains(&kind);
    let folded = fold_label(found.title);
    let new = !sections.iter().any(|s| s.kind == kind);
    (table
        && new
        && found.title.chars().count() <= 40
        && !MATRIX_ROW_WORDS.iter().any(|w| folded.contains(w)))
    .then_some(found)
}

/// A table printed under its own title after the narrative that speaks of it
/// (`表三：收到和处理政府信息公开申请情况` after section 六): a section of the kind its title names,
/// numbered as the form numbers that section. A title inside the section of its own kind (a
/// converter repeats `表二：…` above each piece of the table) does not start a section.
fn titled_table<'a>(text: &'a str, sections: &[SectionSpan]) -> Option<grammar::Heading<'a>> {
    let current = sections.last()?;
    if is_table_row(text) {
        return None;
    }
    let found = grammar::table_title(text)?;
    let kind = section_kind(found.title);
    let number = SECTIONS.iter().find(|s| s.kind == kind).map(|s| s.number)?;
    let table = TABLE_SECTIONS.contains(&kind) && current.kind != kind;
    (table && found.title.chars().count() <= 40).then_some(grammar::Heading { number, ..found })
}

/// Headings inside lines, for text flattened into paragraphs: `一、` … in sequence, each
/// followed by a known title or by a word that names a section kind.
///
/// Found in the raw text: a flattened report is one long line, and normalising all of it only
/// to find its headings took a quarter of the time such a report takes.
fn inline_headings(lines: &[Line<'_>]) -> Vec<SectionSpan> {
    let mut sections: Vec<SectionSpan> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let text = line.raw;
        let mut from = 0;
        loop {
            let next = sections.last().map_or(1, |s| s.number + 1);
            let Some((start, heading, title_len)) = find_inline(text, from, next) else {
                break;
            };
            if let Some(previous) = sections.last_mut() {
                if previous.heading_index == index {
                    // The previous section ends where this heading starts, in the same line.
                    previous.body = index + 1..index + 1;
                    if let Some(range) = previous.inline.as_mut() {
                        range.end = start;
                    }
                } else {
                    previous.body.end = index;
                }
            }
            sections.push(SectionSpan {
                number: next,
                heading: squeeze(&heading),
                kind: section_kind(&heading),
                heading_index: index,
                body: index + 1..lines.len(),
                inline: Some(start + title_len..text.len()),
            });
            from = start + title_len;
        }
    }
    sections
}

/// The next inline heading numbered `number` in the raw text `text` after byte `from`: its
/// start, its text (normalised) and its length in bytes.
///
/// The marker and the known titles are ideographs and `、`, which normalisation leaves alone and
/// no other character becomes, so they are matched as printed; every other character is judged
/// by what [`normalize_char`] makes of it, as if the text had been normalised.
fn find_inline(text: &str, from: usize, number: u32) -> Option<(usize, String, usize)> {
    let numeral = chinese_numeral(number)?;
    let marker = format!("{numeral}、");
    let finder = memchr::memmem::Finder::new(&marker);
    let space = |c: char| normalize_char(c).is_whitespace();
    let mut at = from;
    while let Some(found) = finder.find(text.get(at..)?.as_bytes()) {
        let start = at + found;
        let spaced = &text[start + marker.len()..];
        let after = spaced.trim_start_matches(space);
        let gap = spaced.len() - after.len();
        let before = text[..start].chars().next_back().map(normalize_char);
        let boundary = before.is_none_or(|c| {
            c.is_whitespace() || matches!(c, '。' | '；' | ';' | '：' | ':' | '）' | ')' | '>')
        });
        let known = HEADING_TITLES.iter().find(|t| after.starts_with(*t)).copied();
        // A known title stands even where flattening glued it to the text before.
        if !boundary && known.is_none() {
            at = start + marker.len();
            continue;
        }
        let title = known.or_else(|| {
            let word_end = after
                .char_indices()
                .take_while(|&(_, c)| {
                    let c = normalize_char(c);
                    !c.is_whitespace() && !c.is_ascii_digit() && !matches!(c, '，' | '。' | ',' | '(' | '（')
                })
                .take(24)
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word = after.get(..word_end).unwrap_or_default();
            // A word of its own (followed by a space) or one that names a section kind.
            let standalone = after[word.len()..].starts_with(space) && word.chars().count() >= 2;
            (standalone || section_kind(word) != SectionKind::Unknown).then_some(word)
        });
        if let Some(title) = title {
            let is_row = MATRIX_ROW_WORDS.iter().any(|w| title.contains(w));
            if !is_row {
                let mut heading = marker.clone();
                heading.extend(title.chars().map(normalize_char));
                return Some((start, heading, marker.len() + gap + title.len()));
            }
        }
        at = start + marker.len();
    }
    None
}

/// The Chinese numeral of a section number (1 = 一 … 10 = 十).
pub fn chinese_numeral(number: u32) -> Option<&'static str> {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"].get(number.checked_sub(1)? as usize).copied()
}

/// The section kind a heading's title names.
pub fn section_kind(title: &str) -> SectionKind {
    folded_kind(&fold_label(title))
}

/// The section kind a folded title names.
fn folded_kind(folded: &str) -> SectionKind {
    SECTIONS
        .iter()
        .find(|s| s.keywords.iter().any(|k| folded.contains(k)))
        .map_or(SectionKind::Unknown, |s| s.kind)
}

/// The title: a crawler's `标题:` header, or the first short line before the first heading that
/// reads like a report title, joined with the line before when the title was split in two.
fn title(lines: &[Line<'_>], first_heading: usize) -> Option<(String, usize)> {
    for line in lines.iter().take(20) {
        // Only a line that starts as a key does may be one: the others are not normalised.
        let first = line.raw.chars().map(normalize_char).find(|c| !c.is_whitespace());
        if !first.is_some_and(|c| TITLE_HEADER_KEYS.iter().any(|key| key.starts_with(c))) {
            continue;
        }
        let text = line.text().trim();
        if let Some(rest) = TITLE_HEADER_KEYS.iter().find_map(|k| text.strip_prefix(k)) {
            let rest = rest.trim();
            if !rest.is_empty() {
                return Some((squeeze(rest), line.number));
            }
        }
    }
    let candidates: Vec<&Line<'_>> =
        preamble(lines, first_heading).iter().filter(|l| !l.raw.trim().is_empty()).take(6).collect();
    for (i, line) in candidates.iter().enumerate() {
        // Normalisation leaves ideographs alone, so a title's words can be looked for in the
        // raw text before the line is normalised.
        if !TITLE_WORDS.iter().any(|w| line.raw.contains(w)) {
            continue;
        }
        let text = strip_markup(line.text());
        let reads_as_title = TITLE_WORDS.iter().any(|w| text.contains(w)) && text.chars().count() <= 60;
        if !reads_as_title || text.contains(['。', '《']) {
            continue;
        }
        let previous = i.checked_sub(1).and_then(|p| candidates.get(p)).map(|l| strip_markup(l.text()));
        let joined = match previous {
            // The title was split: the agency above a line opening with the year, or the
            // agency and year above the rest of the report words (`…2023 年度政府信息公开工作年度`
            // above `报告`).
            Some(prev)
                if prev.chars().count() <= 40
                    && !prev.contains(['。', ',', '，', ':'])
                    && match (grammar::first_year(&prev), grammar::first_year(&text)) {
                        (None, Some(_)) => {
                            prev.chars().count() <= 24 && text.starts_with(|c: char| c.is_ascii_digit())
                        }
                        (Some(_), None) => true,
                        _ => false,
                    } =>
            {
                format!("{prev}{text}")
            }
            _ => text,
        };
        return Some((squeeze(&joined), line.number));
    }
    None
}

/// The lines before the first heading.
fn preamble<'l, 'a>(lines: &'l [Line<'a>], first_heading: usize) -> &'l [Line<'a>] {
    lines.get(..first_heading).unwrap_or(lines)
}

/// The agency named in a title, around its year: before the year (`西工区民政局 2023 年…`)
/// or, when the title opens with the year, between the year and the report words
/// (`2019年上海市人民政府办公厅政府信息公开…`).
fn agency(title: &str, year: grammar::YearMention) -> Option<String> {
    let before = title[..year.start].trim();
    let name = if before.chars().count() >= 2 {
        before.to_string()
    } else {
        let after = title[year.end..].trim_start_matches('度').trim_start();
        let end = TITLE_TAIL_WORDS.iter().filter_map(|w| after.find(w)).min().unwrap_or(after.len());
        after[..end].trim().to_string()
    };
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    (name.chars().count() >= 2).then_some(name)
}

/// Removes markdown heading markers and emphasis around a line.
fn strip_markup(text: &str) -> String {
    text.trim().trim_start_matches('#').trim_matches(['*', ' ']).to_string()
}

/// Collapses runs of whitespace into one space and trims.
///
/// Whitespace is ASCII or starts with the byte `C2`, `E1`, `E2` or `E3`: only characters
/// starting with those are decoded, found eight bytes at a time.
pub fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |word: &str| {
        if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    };
    let may_be_space = |byte: u8| byte <= b' ' || matches!(byte, 0xc2 | 0xe1..=0xe3);
    let may_be_space_word = |word: u64| {
        let equal = |byte| bytes_equal(word, byte);
        bytes_below(word, 0x21) | equal(0xc2) | equal(0xe1) | equal(0xe2) | equal(0xe3)
    };
    // Each candidate starts a character (ASCII or a lead byte).
    let mut word_start = 0;
    for_each_marked(text.as_bytes(), may_be_space_word, may_be_space, |at| {
        let Some(space) = text.get(at..).and_then(|rest| rest.chars().next()).filter(|c| c.is_whitespace())
        else {
            return;
        };
        push(text.get(word_start..at).unwrap_or_default());
        word_start = at + space.len_utf8();
    });
    push(text.get(word_start..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::lines;

    fn segs(text: &str) -> Segments {
        segment(&lines(text))
    }

    #[test]
    fn squeeze_is_split_whitespace_joined_by_one_space() {
        // Every whitespace character, each doubled between words, and every control character
        // (candidates that are not whitespace).
        let every_space: String =
            ('\0'..=char::MAX).filter(|c| c.is_whitespace()).flat_map(|c| ['字', c, c]).collect();
        let controls: String = ('\0'..' ').flat_map(|c| ['a', c]).collect();
        for text in [
            "",
            "  a  b ",
            "一、\u{3000}总体　情况\u{a0}x",
            "\u{1680}a\u{2029}b\u{85}",
            "、。，",
            "x\ty\r\nz",
            &every_space,
            &controls,
        ] {
            assert_eq!(squeeze(text), text.split_whitespace().collect::<Vec<_>>().join(" "), "{text:?}");
        }
    }

    #[test]
    fn title_agency_year_and_sections() {
        let s = segs("# 西工区民政局 2023 年政府信息公开工作年度报告\n\n## 一、总体情况\n文\n## 二、主动公开政府信息情况\n");
        assert_eq!(s.title.as_deref(), Some("西工区民政局 2023 年政府信息公开工作年度报告"));
        assert_eq!((s.agency.as_deref(), s.year), (Some("西工区民政局"), Some(2023)));
        let got: Vec<_> = s.sections.iter().map(|s| (s.number, s.kind, s.body.clone())).collect();
        assert_eq!(got, [(1, SectionKind::Overview, 3..4), (2, SectionKind::ActiveDisclosure, 5..5)]);
    }

    #[test]
    fn agency_after_a_leading_year() {
        let s = segs("2019年上海市人民政府办公厅政府信息公开工作年度报告\n一、总体情况\n");
        assert_eq!((s.agency.as_deref(), s.year), (Some("上海市人民政府办公厅"), Some(2019)));
    }

    #[test]
    fn title_split_over_two_lines() {
        let s = segs("平潭综合实验区\n2021年度政府信息公开工作年度报告\n一、总体情况\n");
        assert_eq!(s.title.as_deref(), Some("平潭综合实验区2021年度政府信息公开工作年度报告"));
        assert_eq!(s.agency.as_deref(), Some("平潭综合实验区"));
    }

    #[test]
    fn title_split_after_its_year() {
        let s =
            segs("平潭综合实验区 2023 年度政府信息公开工作年度\n                  报告\n\n  一、总体情况\n");
        assert_eq!(s.title.as_deref(), Some("平潭综合实验区 2023 年度政府信息公开工作年度报告"));
        assert_eq!((s.agency.as_deref(), s.year), (Some("平潭综合实验区"), Some(2023)));
        let s = segs("正文\n2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n本年度报告根据《条例》编制。\n一、总体情况\n");
        assert_eq!((s.agency.as_deref(), s.year), (Some("上海市人民政府办公厅"), Some(2025)));
        let s = segs("平潭综合实验区财政金融局2019年度\n政府信息公开工作年度报告\n一、总体情况\n");
        assert_eq!((s.agency.as_deref(), s.year), (Some("平潭综合实验区财政金融局"), Some(2019)));
    }

    #[test]
    fn crawler_title_header() {
        let s = segs("标题: 平潭县人民政府2011年政府信息公开工作年度报告\n==== 正文 ====\n正文 一、概述 文 二、主动公开政府信息情况 文");
        assert_eq!((s.agency.as_deref(), s.year), (Some("平潭县人民政府"), Some(2011)));
        let got: Vec<_> = s.sections.iter().map(|s| (s.heading.as_str(), s.kind)).collect();
        assert_eq!(
            got,
            [
                ("一、概述", SectionKind::Overview),
                ("二、主动公开政府信息情况", SectionKind::ActiveDisclosure)
            ]
        );
    }

    #[test]
    fn table_rows_are_not_headings() {
        let s = segs("一、总体情况\n二、主动\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n四、结转下年度继续办理\n四、政府信息公开行政复议、行政诉讼情况\n");
        let numbers: Vec<_> = s.sections.iter().map(|s| (s.number, s.heading_index)).collect();
        assert_eq!(numbers, [(1, 0), (2, 1), (3, 2), (4, 5)]);
    }

    #[test]
    fn no_title_is_a_diagnostic() {
        let s = segs("一、总体情况\n");
        assert_eq!(s.diagnostics[0].code, Code::MissingTitle);
    }
}
