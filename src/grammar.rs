//! The small grammars of a report, written with nom: section headings, years and table cells.
//!
//! This module is the one boundary behind which nom lives: every public fn takes normalised
//! text (see [`crate::normalize`]; [`may_be_heading`], a pre-test, takes raw text) and returns
//! plain values; nom's errors never leave it.
//! Positions are computed with [`nom::Offset`].

use std::borrow::Cow;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1, take_while_m_n};
use nom::character::complete::{char, digit1, one_of, space0};
use nom::combinator::{all_consuming, map, map_opt, opt, recognize, value};
use nom::multi::{many0, many1};
use nom::sequence::{pair, preceded, terminated};
use nom::{IResult, Offset, Parser};

use crate::normalize::{normalize_char, trim};

type Res<'a, T> = IResult<&'a str, T>;

/// `page_number := space* (dashed | chinese | fraction) space*`, where
/// `dashed := dash+ space* digit{1,4} space* dash+` (`-3-`, `— 3 —`),
/// `chinese := '第' space* digit{1,4} space* '页' (space* ',' ? space* '共' space* digit{1,4} space* '页')?`
/// and `fraction := digit{1,4} space* '/' space* digit{1,4}` with a dash being any of `-—–―`.
///
/// These are page furniture that `pdftotext` leaves inside tables; a bare number is never one
/// (it may be a cell).
pub fn page_number(text: &str) -> bool {
    // Every form starts with a dash, 第 or a digit: most lines are turned away by their start.
    let start = text.trim_start_matches([' ', '\t']);
    if !start.starts_with(|c: char| c.is_ascii_digit() || c == '第' || PAGE_DASHES.contains(&c)) {
        return false;
    }
    all_consuming(delimited_by_space(alt((dashed_page, chinese_page, fraction_page)))).parse(text).is_ok()
}

fn delimited_by_space<'a, O>(
    inner: impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>>,
) -> impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>> {
    map((space0, inner, space0), |(_, o, _)| o)
}

fn page_digits(input: &str) -> Res<'_, &str> {
    take_while_m_n(1, 4, |c: char| c.is_ascii_digit()).parse(input)
}

/// The dashes around a page number.
const PAGE_DASHES: [char; 4] = ['-', '—', '–', '―'];

fn dash_run(input: &str) -> Res<'_, &str> {
    take_while1(|c| PAGE_DASHES.contains(&c)).parse(input)
}

fn dashed_page(input: &str) -> Res<'_, ()> {
    value((), (dash_run, space0, page_digits, space0, dash_run)).parse(input)
}

fn chinese_page(input: &str) -> Res<'_, ()> {
    let total = (space0, opt(one_of(",，")), space0, char('共'), space0, page_digits, space0, char('页'));
    value((), (char('第'), space0, page_digits, space0, char('页'), opt(total))).parse(input)
}

fn fraction_page(input: &str) -> Res<'_, ()> {
    value((), (page_digits, space0, char('/'), space0, page_digits)).parse(input)
}

/// A section heading found on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading<'a> {
    /// The numeral's value: 一 = 1 … 十 = 10.
    pub number: u32,
    /// The heading from its numeral on (`一、总体情况`), emphasis markers removed.
    pub text: &'a str,
    /// The title after the separator (`总体情况`).
    pub title: &'a str,
}

/// `heading := heading_marker numeral separator space* title`
///
/// where `separator := '、' | '.' | ','` and the
/// title is the rest of the line with trailing emphasis and spaces removed.
pub fn heading(line: &str) -> Option<Heading<'_>> {
    let (rest, ()) = heading_marker(line).ok()?;
    let start = line.offset(rest);
    let (title, number) = terminated(numeral, (one_of("、.,"), space0)).parse(rest).ok()?;
    let title = title_end(title);
    let end = line.offset(title) + title.len();
    Some(Heading { number, text: &line[start..end], title })
}

/// `table_title := heading_marker '附'? '表' (numeral | digit+) (':' | '、' | '.' | ',' | space)+ title`
///
/// A table's own title (`表三：收到和处理政府信息公开申请情况`, `附表1 主动公开政府信息情况`);
/// `number` is the table's number, not a section's.
pub fn table_title(line: &str) -> Option<Heading<'_>> {
    let (rest, ()) = heading_marker(line).ok()?;
    let start = line.offset(rest);
    let number = alt((numeral, map_opt(digit1, |d: &str| d.parse().ok())));
    let (title, number) =
        preceded((opt(char('附')), char('表')), terminated(number, many1(one_of(":、., "))))
            .parse(rest)
            .ok()?;
    let title = title_end(title);
    let end = line.offset(title) + title.len();
    (!title.is_empty()).then(|| Heading { number, text: &line[start..end], title })
}

/// Whether [`heading`] or [`table_title`] could find a heading on a line, judged on its *raw*
/// text without normalising it: after spaces, `#`, `*` (full-width ones included) and an
/// emphasis tag, the first character is a numeral 一 … 十, or 表 or 附. A cheap necessary
/// condition that spares most prose lines their normalisation.
pub fn may_be_heading(raw: &str) -> bool {
    first_after_marker(raw)
        .is_some_and(|c| c == '十' || chinese_digit(c).is_some_and(|d| d > 0) || c == '表' || c == '附')
}

/// The first character after spaces, `#`, `*` and an opening emphasis tag (`<u>`), normalised.
fn first_after_marker(raw: &str) -> Option<char> {
    let mut chars =
        raw.chars().map(normalize_char).skip_while(|c| c.is_whitespace() || matches!(c, '#' | '*'));
    match chars.next()? {
        '<' => chars.skip_while(|&c| c != '>').nth(1),
        c => Some(c),
    }
}

/// `heading_marker := (space | '#')* ('**' | '<u>' | '<b>' | '<strong>')*`
fn heading_marker(input: &str) -> Res<'_, ()> {
    let emphasis = alt((tag("**"), tag("<u>"), tag("<b>"), tag("<strong>")));
    value((), (take_while(|c: char| c == '#' || c.is_whitespace()), many0(emphasis))).parse(input)
}

/// A title without the emphasis that closes it (`**`, `#`, `</u>`, `</b>`, `</strong>`).
fn title_end(title: &str) -> &str {
    let mut title = title.trim_end();
    loop {
        let before = title.len();
        title = title.trim_end_matches(['*', '#']).trim_end();
        for closing in ["</u>", "</b>", "</strong>"] {
            title = title.strip_suffix(closing).unwrap_or(title).trim_end();
        }
        if title.len() == before {
            return title;
        }
    }
}

/// `numeral := '十'? digit | '十'` over 一二三四五六七八九, giving 1 to 19.
fn numeral(input: &str) -> Res<'_, u32> {
    alt((map(pair(char('十'), digit_numeral), |(_, d)| 10 + d), value(10, char('十')), digit_numeral))
        .parse(input)
}

/// `digit_numeral := '一' | '二' | … | '九'`
fn digit_numeral(input: &str) -> Res<'_, u32> {
    map_opt(one_of("一二三四五六七八九"), chinese_digit).parse(input)
}

fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32).or(match c {
        '零' | 'O' | 'o' | '0' => Some(0),
        _ => None,
    })
}

/// A year found in a text, with where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMention {
    /// The year, e.g. 2023.
    pub year: i32,
    /// Byte offset where the year's digits start.
    pub start: usize,
    /// Byte offset just past `年`.
    pub end: usize,
}

/// The first mention of a year in `text`: `year := (arabic_year | chinese_year) space* '年'`,
/// where `arabic_year := digit{4}` in 1990..=2100 and `chinese_year := [〇零一…九]{4}`, not
/// preceded by another digit.
///
/// Every mention ends in `年` and its year is exactly four characters long, so the rule is tried
/// only four characters (and any spaces) before each `年`, in order, not at every character.
pub fn first_year(text: &str) -> Option<YearMention> {
    text.match_indices('年').find_map(|(at, _)| {
        let before = text.get(..at)?.trim_end_matches([' ', '\t']);
        let (start, _) = before.char_indices().nth_back(3)?;
        year_at(text, start).filter(|mention| mention.end == at + '年'.len_utf8())
    })
}

/// A year mention starting at byte `start` of `text`, not preceded by another digit.
fn year_at(text: &str, start: usize) -> Option<YearMention> {
    if text.get(..start)?.chars().next_back().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let (rest, year) = year_mention(text.get(start..)?).ok()?;
    Some(YearMention { year, start, end: text.offset(rest) })
}

/// `year_mention := (arabic_year | chinese_year) space* '年'`
fn year_mention(input: &str) -> Res<'_, i32> {
    terminated(alt((arabic_year, chinese_year)), (space0, char('年'))).parse(input)
}

fn arabic_year(input: &str) -> Res<'_, i32> {
    map_opt(take_while_m_n(4, 4, |c: char| c.is_ascii_digit()), |digits: &str| {
        digits.parse().ok().filter(|y| (1990..=2100).contains(y))
    })
    .parse(input)
}

fn chinese_year(input: &str) -> Res<'_, i32> {
    map_opt(
        many1(map_opt(one_of("〇零一二三四五六七八九O"), chinese_digit)),
        |digits: Vec<u32>| (digits.len() == 4).then(|| digits.iter().fold(0, |acc, d| acc * 10 + *d as i32)),
    )
    .parse(input)
}

/// What one table cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue<'a> {
    /// Nothing, or only spaces.
    Blank,
    /// A placeholder for "nothing": `—`, `-`, `/`, `无`, `空` …
    Placeholder,
    /// A number, with the unit written after it, if any.
    Number(Quantity<'a>),
    /// Text that is neither a number nor a placeholder.
    Text,
}

/// A written number.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity<'a> {
    /// The number as a decimal string without sign, grouping or unit (`1234`, `5949.088667`),
    /// borrowed from the cell unless grouping commas were taken out.
    pub digits: Cow<'a, str>,
    /// Whether a `-` stood before it.
    pub negative: bool,
    /// Whether a `+` or `-` stood before it.
    pub signed: bool,
    /// The unit written after it.
    pub unit: Option<Unit>,
}

/// A money unit written in a cell or header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 元
    Yuan,
    /// 万元
    WanYuan,
}

/// `cell := space* (placeholder | quantity) space*`
pub fn cell_value(text: &str) -> CellValue<'_> {
    let text = trim(text);
    if text.is_empty() {
        return CellValue::Blank;
    }
    // Most cells are plain digits: what the rule makes of them, without running it.
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return CellValue::Number(Quantity {
            digits: Cow::Borrowed(text),
            negative: false,
            signed: false,
            unit: None,
        });
    }
    // Labels, most of the other cells, start where neither rule can.
    if !text
        .starts_with(|c: char| c.is_ascii_digit() || c == '+' || DASHES.contains(&c) || MARKS.contains(&c))
    {
        return CellValue::Text;
    }
    if all_consuming(placeholder).parse(text).is_ok() {
        return CellValue::Placeholder;
    }
    match all_consuming(quantity).parse(text) {
        Ok((_, quantity)) => CellValue::Number(quantity),
        Err(_) => CellValue::Text,
    }
}

/// The dashes of a [`placeholder`] (`-` is also a quantity's sign).
const DASHES: [char; 6] = ['—', '－', '–', '-', '―', '_'];

/// The one-character placeholders that are not dashes.
const MARKS: [char; 5] = ['/', '／', '无', '空', '\\'];

/// `placeholder := dash+ | '/' | '无' | '空' | '-'`, where a dash is any of `—－–-―`.
fn placeholder(input: &str) -> Res<'_, ()> {
    alt((value((), take_while1(|c| DASHES.contains(&c))), value((), one_of(&MARKS[..])))).parse(input)
}

/// `quantity := sign? grouped_digits ('.' digit+)? space* unit?`
fn quantity(input: &str) -> Res<'_, Quantity<'_>> {
    let (unsigned, sign) = opt(one_of("+-")).parse(input)?;
    let (rest, number) = recognize((grouped_digits, opt((char('.'), digit1)))).parse(unsigned)?;
    let (rest, unit) = preceded(space0, opt(unit)).parse(rest)?;
    let digits =
        if number.contains(',') { Cow::Owned(number.replace(',', "")) } else { Cow::Borrowed(number) };
    Ok((rest, Quantity { digits, negative: sign == Some('-'), signed: sign.is_some(), unit }))
}

/// `grouped_digits := digit{1,3} (',' digit{3})+ | digit+`
fn grouped_digits(input: &str) -> Res<'_, &str> {
    alt((recognize(all_groups), digit1)).parse(input)
}

fn all_groups(input: &str) -> Res<'_, ()> {
    let (rest, _) = take_while_m_n(1, 3, |c: char| c.is_ascii_digit()).parse(input)?;
    let (rest, _) =
        many1(preceded(char(','), take_while_m_n(3, 3, |c: char| c.is_ascii_digit()))).parse(rest)?;
    match rest.chars().next() {
        Some(c) if c.is_ascii_digit() => {
            Err(nom::Err::Error(nom::error::Error::new(rest, nom::error::ErrorKind::Digit)))
        }
        _ => Ok((rest, ())),
    }
}

/// The item a section 二 sub-table's title names, as a number: `第二十条第（一）项` gives 1.
/// `item_marker := digit{1,2} ('.' | '、' | ',') | '(' numeral ')' | numeral ('、' | '.' | ',')`
/// at the start of a folded row label (`8.属于行政查询事项`, `(七)总计`, `一、本年新收…`): a label
/// that opens with its own item number is a whole label, not the tail of a wrapped one.
pub fn opens_with_item(label: &str) -> bool {
    let digits = (take_while_m_n(1, 2, |c: char| c.is_ascii_digit()), one_of(".、,"));
    let bracketed = (char('('), numeral, char(')'));
    let numbered = (numeral, one_of("、.,"));
    alt((value((), digits), value((), bracketed), value((), numbered))).parse(label.trim_start()).is_ok()
}

///
/// `disclosure_item := '第二十条' space* '第'? space* '(' space* numeral space* ')' space* '项'`
/// on folded text (see [`crate::normalize::fold_label`], which makes the brackets ASCII).
pub fn disclosure_item(title: &str) -> Option<u32> {
    let bracketed = |input| {
        let (input, _) = (char('('), space0).parse(input)?;
        terminated(numeral, (space0, char(')'))).parse(input)
    };
    let mut item = (tag("第二十条"), space0, opt(char('第')), space0, bracketed, space0, char('项'));
    item.parse(title).ok().map(|(_, (_, _, _, _, n, _, _))| n)
}

/// `unit := '万元' | '元'`
pub fn unit(input: &str) -> Res<'_, Unit> {
    alt((value(Unit::WanYuan, tag("万元")), value(Unit::Yuan, tag("元")))).parse(input)
}

/// The money unit a header names, as in `本年收费金额（单位：万元）` or `采购总金额(元)`.
pub fn header_unit(header: &str) -> Option<Unit> {
    let folded: Cow<str> = if header.contains(char::is_whitespace) {
        Cow::Owned(header.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(header)
    };
    if folded.contains("万元") {
        Some(Unit::WanYuan)
    } else if folded.contains("(元)") || folded.contains("单位:元") || folded.ends_with('元') {
        Some(Unit::Yuan)
    } else {
        None
    }
}

/// The byte offset of `part` in `whole`, of which it is a slice.
pub fn offset_of(whole: &str, part: &str) -> usize {
    whole.offset(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_that_open_with_their_item() {
        for whole in ["8.属于政查询事项", "(七)总计", "一、年新收政府信息公开申请数量", "12、其他"]
        {
            assert!(opens_with_item(whole), "{whole}");
        }
        for tail in ["他处理 用、行政机关不再处理其政府信息公开", "形,不计其他情形)", "", "2023年"]
        {
            assert!(!opens_with_item(tail), "{tail}");
        }
    }

    #[test]
    fn the_plain_digits_shortcut_gives_what_the_rule_gives() {
        for text in ["0", "7", "0012", "123456789012345678901234"] {
            let by_rule = all_consuming(quantity).parse(text).map(|(_, q)| CellValue::Number(q));
            assert_eq!(Ok(cell_value(text)), by_rule, "{text}");
        }
        let grouped = cell_value("1,234.5万元");
        assert!(
            matches!(grouped, CellValue::Number(Quantity { ref digits, unit: Some(Unit::WanYuan), .. }) if digits == "1234.5")
        );
    }

    #[test]
    fn the_start_pre_tests_turn_away_only_what_the_rules_reject() {
        fn cell_by_rules(text: &str) -> CellValue<'_> {
            let text = text.trim();
            if text.is_empty() {
                CellValue::Blank
            } else if all_consuming(placeholder).parse(text).is_ok() {
                CellValue::Placeholder
            } else {
                all_consuming(quantity).parse(text).map_or(CellValue::Text, |(_, q)| CellValue::Number(q))
            }
        }
        let page_by_rule = |text: &str| {
            all_consuming(delimited_by_space(alt((dashed_page, chinese_page, fraction_page))))
                .parse(text)
                .is_ok()
        };
        // Every character of the basic plane as the first one, before tails that complete a
        // number, a placeholder or a page number.
        for first in '\0'..='\u{ffff}' {
            for tail in ["", "1", "—", "23万元", " 3 —", " 3 页", "/3", "3 / 12"] {
                let text = format!("{first}{tail}");
                assert_eq!(cell_value(&text), cell_by_rules(&text), "{text:?}");
                assert_eq!(page_number(&text), page_by_rule(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn headings_with_markers_and_separators() {
        let h = heading("## 一、总体情况").unwrap();
        assert_eq!((h.number, h.text, h.title), (1, "一、总体情况", "总体情况"));
        assert_eq!(heading("  四.政府信息公开行政复议").unwrap().number, 4);
        assert_eq!(heading("**六、其他需要报告的事项**").unwrap().text, "六、其他需要报告的事项");
        assert_eq!(heading("十二、附表").unwrap().number, 12);
        let u = heading("<u>三、收到和处理政府信息公开申请情况</u>").unwrap();
        assert_eq!((u.number, u.title), (3, "收到和处理政府信息公开申请情况"));
        assert_eq!(heading("**<u>四、行政复议</u>**").map(|h| h.title), Some("行政复议"));
        assert_eq!(heading("## ## 三、收到和处理政府信息公开申请情况").unwrap().number, 3);
        assert_eq!(heading("(一)主动公开"), None);
        assert_eq!(heading("一是规范机构"), None);
        for line in
            ["## 一、总体情况", "\u{3000}\u{3000}三、收到", "**六、其他", "＃ 二、主动公开", "<u>三、收到"]
        {
            assert!(may_be_heading(line), "{line}");
        }
        assert!(!may_be_heading("(一)主动公开") && !may_be_heading("2023年") && !may_be_heading("〇、"));
    }

    #[test]
    fn years_arabic_and_chinese() {
        let y = first_year("西工区民政局 2023 年政府信息公开工作年度报告").unwrap();
        assert_eq!(y.year, 2023);
        assert_eq!(first_year("二〇一九年度报告").unwrap().year, 2019);
        assert_eq!(first_year("第12023年"), None);
        assert_eq!(first_year("共3件"), None);
        // The same as trying the rule at every character.
        let by_scanning = |text: &str| text.char_indices().find_map(|(start, _)| year_at(text, start));
        for text in [
            "2019年上海市",
            "报告（2023 年度）",
            "二〇二三三年",
            "12023年",
            "2023年2024年",
            "x 1989年 2020  年",
            "OO二三年",
            "第 2 0 2 3 年",
            "年2023",
            "２０２３年",
            "2023\t年度",
            "二〇一九 年，2020年",
        ] {
            assert_eq!(first_year(text), by_scanning(text), "{text}");
        }
    }

    #[test]
    fn cells() {
        assert_eq!(cell_value(""), CellValue::Blank);
        for p in ["—", "-", "／", "/", "无", "——"] {
            assert_eq!(cell_value(p), CellValue::Placeholder, "{p}");
        }
        let CellValue::Number(q) = cell_value("251000元") else { panic!() };
        assert_eq!((&*q.digits, q.unit), ("251000", Some(Unit::Yuan)));
        let CellValue::Number(q) = cell_value("-8") else { panic!() };
        assert!(q.negative && q.signed);
        let CellValue::Number(q) = cell_value("1,234.5") else { panic!() };
        assert_eq!(q.digits, "1234.5");
        assert_eq!(cell_value("--253"), CellValue::Text);
        assert_eq!(cell_value("3."), CellValue::Text);
        assert_eq!(cell_value("规章"), CellValue::Text);
    }

    #[test]
    fn table_titles() {
        let title = |line| table_title(line).map(|h| (h.number, h.title));
        assert_eq!(title("表三:收到和处理政府信息公开申请情况"), Some((3, "收到和处理政府信息公开申请情况")));
        assert_eq!(title("## 附表1 主动公开政府信息情况"), Some((1, "主动公开政府信息情况")));
        assert_eq!(title("表三"), None);
        assert_eq!(title("表明本机关…"), None);
        assert!(may_be_heading("  ## 表一") && may_be_heading("附表1"));
    }

    #[test]
    fn page_numbers() {
        for page in ["-3-", "— 3 —", "  - 12 -  ", "第 3 页", "第3页，共12页", "3 / 12"] {
            assert!(page_number(page), "{page}");
        }
        for cell in ["3", "-3", "0 0 1", "(七)总计", "1.5"] {
            assert!(!page_number(cell), "{cell}");
        }
    }

    #[test]
    fn disclosure_items() {
        assert_eq!(disclosure_item("第二十条第(一)项"), Some(1));
        assert_eq!(disclosure_item("第二十条第(八)项"), Some(8));
        assert_eq!(disclosure_item("第二十条 第 ( 五 ) 项"), Some(5));
        assert_eq!(disclosure_item("第二十条"), None);
        assert_eq!(disclosure_item("信息内容"), None);
    }

    #[test]
    fn units_in_headers() {
        assert_eq!(header_unit("本年收费金额（单位：万元）"), Some(Unit::WanYuan));
        assert_eq!(header_unit("采购总金额(元)"), Some(Unit::Yuan));
        assert_eq!(header_unit("采购总金额"), None);
    }
}
