//! The prose against the tables: figures a report's text states about its own tables
//! (`本年度共收到政府信息公开申请81件`, `行政复议案件2件`), each held to the table's cell as a
//! `narrative.*` check.
//!
//! The phrases are data ([`STATEMENTS`]): a keyword, a short gap, a number (Arabic or Chinese)
//! and a counter word. The text is read clause by clause (split at `，。；`); a clause that
//! compares with another year (`较上年`, `同比`) is never read, so last year's figure is not
//! taken for this year's. A rule whose phrase states two different numbers in one report is not
//! assessed: which one the table should hold is not known. Nothing here is repaired.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

use crate::model::{Check, CheckStatus, Code, Diagnostic, Report, ReviewsAndLawsuits, SectionKind, Severity};
use crate::normalize::Line;

/// A figure the prose states, and the cells of the table that must hold it (their sum).
struct Statement {
    /// The rule's name in `checks`.
    rule: &'static str,
    /// The cells whose sum the figure states.
    cells: &'static [&'static str],
    /// The phrase, with `NUM` where the number stands (captured as `n`). The words before the
    /// number hold no digit or Latin letter: an OCR's `lB9` for 189 is no 9.
    pattern: &'static str,
    /// Words one of which a clause must hold for the phrase to be looked for in it: most clauses
    /// hold none, and are passed over without running the pattern.
    keywords: &'static [&'static str],
}

/// The phrases, in the order their checks are listed. Counters are those of cases (`件`, `宗`,
/// `起`), never `个`: `“三个一”工作机制` and `这六个方面` are not counts of applications.
const STATEMENTS: &[Statement] = &[
    Statement {
        rule: "narrative.received",
        cells: &["applications.received.total"],
        pattern: r#"(?:收到|受理|接收|新收)[^，。；,;：:0-9]{0,24}?申请[^，。；,;：:0-9A-Za-z“”"的]{0,4}?NUM\s*(?:件|宗)"#,
        keywords: &["申请"],
    },
    Statement {
        rule: "narrative.carried_over",
        cells: &["applications.carried_over.total"],
        pattern: r"上一?年度?结转[^，。；,;：:0-9A-Za-z]{0,8}?NUM\s*(?:件|宗)",
        keywords: &["结转"],
    },
    Statement {
        rule: "narrative.total_processed",
        cells: &["applications.total_processed.total"],
        pattern: r#"(?:办结|答复)[^，。；,;：:0-9A-Za-z“”"]{0,16}?NUM\s*(?:件|宗)"#,
        keywords: &["办结", "答复"],
    },
    Statement {
        rule: "narrative.carried_forward",
        cells: &["applications.carried_forward.total"],
        pattern: r"结转(?:至|到)?(?:下一?年度?|[0-9]{4}\s*年度?)[^，。；,;：:0-9A-Za-z]{0,6}?NUM\s*(?:件|宗)",
        keywords: &["结转"],
    },
    Statement {
        rule: "narrative.review",
        cells: &["reviews_and_lawsuits.review.total"],
        pattern: r"行政复议(?:案件|申请)?[^，。；,;：:0-9A-Za-z、和及与]{0,4}?NUM\s*(?:件|起|宗)",
        keywords: &["行政复议"],
    },
    Statement {
        rule: "narrative.lawsuit",
        cells: &[
            "reviews_and_lawsuits.lawsuit_direct.total",
            "reviews_and_lawsuits.lawsuit_after_review.total",
        ],
        pattern: r"(?:行政)?诉讼(?:案件)?[^，。；,;：:0-9A-Za-z、和及与]{0,4}?NUM\s*(?:件|起|宗)",
        keywords: &["诉讼"],
    },
];

/// A number as the prose writes it: digits, or Chinese numerals up to the hundreds.
const NUM: &str = r"(?P<n>[0-9]+|[零〇一二两三四五六七八九十百]+)";

/// Words of a clause that compares with another year: its numbers are not this year's.
const COMPARISONS: &[&str] =
    &["同比", "较上年", "较去年", "比上年", "比去年", "上年同期", "去年同期", "较上一年", "较2", "比2"];

fn patterns() -> &'static [Regex] {
    static PATTERNS: OnceLock<Vec<Regex>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        STATEMENTS
            .iter()
            .filter_map(|s| {
                let built = Regex::new(&s.pattern.replace("NUM", NUM));
                debug_assert!(built.is_ok(), "{}: {built:?}", s.rule);
                built.ok()
            })
            .collect()
    })
}

/// A statement of the statistics period (`统计期限自2022年1月1日起`) and the year it names.
const PERIOD: &str = r"(?:统计期限|统计时限|统计期|统计时段|统计区间|统计范围)[^。；\n]{0,12}?(?P<year>(?:19|20)[0-9]{2})\s*年";

/// A warning for each line, among `lines` (the preamble and the prose before the tables), whose
/// statistics period names another year than the report's: a report republished with last
/// year's text, or a typo that puts every figure in doubt.
pub fn period_years(lines: &[Line<'_>], year: i32) -> Vec<Diagnostic> {
    static PATTERN: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(pattern) = PATTERN.get_or_init(|| Regex::new(PERIOD).ok()) else { return Vec::new() };
    let mut found = Vec::new();
    for line in lines.iter().filter(|l| l.raw.contains("统计")) {
        let named = pattern.captures(line.raw).and_then(|c| c.name("year")?.as_str().parse::<i32>().ok());
        if let Some(named) = named.filter(|&named| named != year) {
            found.push(Diagnostic {
                severity: Severity::Warning,
                code: Code::StatisticsPeriodYear,
                message: format!("the statistics period names {named}, but this is the {year} report"),
                line: Some(line.number),
            });
        }
    }
    found
}

/// The narrative checks of a report: one per rule whose phrase its text states.
pub fn checks(report: &Report) -> Vec<Check> {
    // Each statement's findings: the number and the clause that states it.
    let mut found: Vec<Vec<(i64, &str)>> = vec![Vec::new(); STATEMENTS.len()];
    for clause in clauses(report) {
        for ((statement, pattern), found) in STATEMENTS.iter().zip(patterns()).zip(found.iter_mut()) {
            if !statement.keywords.iter().any(|k| clause.contains(k)) {
                continue;
            }
            for captures in pattern.captures_iter(clause) {
                if let Some(n) = captures.name("n").and_then(|m| number(m.as_str())) {
                    found.push((n, clause));
                }
            }
        }
    }
    let mut checks = Vec::new();
    for (statement, found) in STATEMENTS.iter().zip(&found) {
        let Some(&(stated, clause)) = found.first() else { continue };
        let ambiguous = found.iter().any(|(n, _)| *n != stated);
        let actual = table_sum(report, statement.cells);
        let status = match actual {
            _ if ambiguous => CheckStatus::NotAssessable,
            Some(actual) if actual == stated => CheckStatus::Pass,
            Some(_) => CheckStatus::Fail,
            None => CheckStatus::NotAssessable,
        };
        checks.push(Check {
            rule: Cow::Borrowed(statement.rule),
            scope: Cow::Borrowed("text"),
            status,
            expected: Some(stated),
            actual,
            cells: Cow::Owned(statement.cells.iter().map(|c| Cow::Borrowed(*c)).collect()),
            text: Some(clause.trim().to_owned()),
        });
    }
    checks
}

/// Where clauses end: `，。；` (and their ASCII forms) and line ends.
const CLAUSE_ENDS: [char; 6] = ['，', '。', '；', ',', ';', '\n'];

/// A finder for each of the statements' keywords (SIMD substring search: far faster on CJK
/// prose than an automaton, whose byte prefilters CJK's common lead bytes defeat).
fn keywords() -> &'static [memchr::memmem::Finder<'static>] {
    static KEYWORDS: OnceLock<Vec<memchr::memmem::Finder<'static>>> = OnceLock::new();
    KEYWORDS.get_or_init(|| {
        let mut words: Vec<&'static str> =
            STATEMENTS.iter().flat_map(|s| s.keywords.iter().copied()).collect();
        words.sort_unstable();
        words.dedup();
        words.into_iter().map(memchr::memmem::Finder::new).collect()
    })
}

/// The report's clauses that may state this year's figures: those of its prose holding a
/// statement's keyword, found by the keyword and cut at `，。；` and line ends, comparisons left
/// out. Most of the prose is passed over at the speed of a substring search.
fn clauses(report: &Report) -> Vec<&str> {
    let mut clauses: Vec<&str> = Vec::new();
    // The overview and the prose of the tables' sections: where reports state their figures
    // (sections 五 and 六 are about problems and other matters).
    let prose = report
        .sections
        .iter()
        .filter(|s| !matches!(s.kind, SectionKind::Problems | SectionKind::OtherMatters));
    let mut at: Vec<usize> = Vec::new();
    for text in prose.map(|s| s.text.as_str()) {
        at.clear();
        for finder in keywords() {
            at.extend(finder.find_iter(text.as_bytes()));
        }
        at.sort_unstable();
        let mut last_end = 0;
        for &found in &at {
            if found < last_end {
                continue;
            }
            let before = text.get(..found).unwrap_or_default();
            let start = before.rfind(CLAUSE_ENDS).map_or(0, |end| {
                end + before.get(end..).and_then(|rest| rest.chars().next()).map_or(1, char::len_utf8)
            });
            let after = text.get(found..).unwrap_or_default();
            let end = after.find(CLAUSE_ENDS).map_or(text.len(), |end| found + end);
            last_end = end;
            let clause = text.get(start..end).unwrap_or_default();
            if !COMPARISONS.iter().any(|w| clause.contains(w)) && !wrapped_below(text, found) {
                clauses.push(clause);
            }
        }
    }
    clauses
}

/// Whether the line holding byte `at` of `text` is followed by a line of digits alone: digits
/// wrapped off it (`申请85件` over `9`), so which number the line states is not certain.
fn wrapped_below(text: &str, at: usize) -> bool {
    let after = text.get(at..).unwrap_or_default();
    let Some(next) = after.split('\n').nth(1) else { return false };
    let next = next.trim();
    !next.is_empty() && next.bytes().all(|b| b.is_ascii_digit() || b == b' ')
}

/// The sum of the cells a statement names, when each is known.
fn table_sum(report: &Report, cells: &[&str]) -> Option<i64> {
    let values = cells.iter().map(|path| value(report, path));
    crate::validate::sum(values)
}

fn value(report: &Report, path: &str) -> Option<i64> {
    let (table, rest) = path.split_once('.')?;
    let (row, field) = rest.rsplit_once('.')?;
    match table {
        "applications" => {
            let counts = report.applications.as_ref()?.get(row)?;
            match field {
                "total" => counts.total,
                _ => None,
            }
        }
        "reviews_and_lawsuits" => {
            let reviews: &ReviewsAndLawsuits = report.reviews_and_lawsuits.as_ref()?;
            let group = match row {
                "review" => &reviews.review,
                "lawsuit_direct" => &reviews.lawsuit_direct,
                _ => &reviews.lawsuit_after_review,
            };
            if field == "total" {
                group.total
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A number in digits or in Chinese numerals (`两` = 2, `十二` = 12, `一百零五` = 105).
fn number(text: &str) -> Option<i64> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| {
        "零〇一二两三四五六七八九".find(c).map(|_| match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            _ => 9,
        })
    };
    let (mut total, mut current) = (0i64, None::<i64>);
    for c in text.chars() {
        match c {
            '百' => {
                total = total.checked_add(current.unwrap_or(1).checked_mul(100)?)?;
                current = None;
            }
            '十' => {
                total = total.checked_add(current.unwrap_or(1).checked_mul(10)?)?;
                current = None;
            }
            c => {
                // Two digits in a row (`一二`) are not a number the prose would write.
                if current.is_some_and(|d| d != 0) {
                    return None;
                }
                current = Some(digit(c)?);
            }
        }
    }
    total.checked_add(current.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (text, n) in [
            ("两", 2),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("三十六", 36),
            ("一百零五", 105),
            ("零", 0),
            ("81", 81),
        ] {
            assert_eq!(number(text), Some(n), "{text}");
        }
        assert_eq!(number("一二"), None);
    }

    #[test]
    fn a_period_in_another_year_is_a_warning_with_its_line() {
        let lines = [
            Line::new(1, "某局2023年政府信息公开工作年度报告"),
            Line::new(2, "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。"),
            Line::new(3, "本报告中所列数据统计期限从2023年1月1日到12月31日止。"),
        ];
        let found = period_years(&lines, 2023);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].code), (Some(2), Code::StatisticsPeriodYear));
        assert!(period_years(&lines[2..], 2023).is_empty());
    }

    #[test]
    fn every_phrase_compiles() {
        assert_eq!(patterns().len(), STATEMENTS.len());
    }

    #[test]
    fn phrases_read_real_sentences() {
        let cases = [
            (
                "narrative.received",
                "2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件",
                Some(81),
            ),
            ("narrative.received", "2023 年全区受理政府信息公开申请 21 件", Some(21)),
            ("narrative.received", "全区共收到政府信息公开申请154件", Some(154)),
            ("narrative.total_processed", "共办结148件", Some(148)),
            ("narrative.total_processed", "答复政府信息公开申请805件（含上年度结转申请18件", Some(805)),
            ("narrative.carried_over", "答复政府信息公开申请805件（含上年度结转申请18件", Some(18)),
            ("narrative.carried_forward", "结转至2026年6件", Some(6)),
            ("narrative.review", "因政府信息公开引起的行政复议案件2件、行政诉讼案件7件", Some(2)),
            ("narrative.lawsuit", "因政府信息公开引起的行政复议案件2件、行政诉讼案件7件", Some(7)),
            ("narrative.review", "全年办理因政府信息公开申请引发的行政复议36起", Some(36)),
            ("narrative.review", "发生行政复议两起", Some(2)),
            ("narrative.review", "行政复议和行政诉讼0件", None),
            (
                "narrative.received",
                "坚持第一时间登记受理、第一时间转送承办单位和第一时间回复申请的“三个一”工作机制",
                None,
            ),
            ("narrative.total_processed", "办理口径、答复时限、归档内容这六个方面的相关规定", None),
            // An OCR's `lB9` for 189 is no 9.
            ("narrative.carried_over", "（含上年结转 lB9 件）", None),
            ("narrative.total_processed", "共办结 l48件", None),
        ];
        assert!(wrapped_below("共受理政府信息公开申请85件\n      9\n", 3));
        assert!(!wrapped_below("共受理政府信息公开申请859件\n下一行", 3));
        for (rule, text, want) in cases {
            let at = STATEMENTS.iter().position(|s| s.rule == rule).unwrap();
            let got = patterns()[at].captures(text).and_then(|c| number(&c["n"]));
            assert_eq!(got, want, "{rule}: {text}");
        }
    }
}
