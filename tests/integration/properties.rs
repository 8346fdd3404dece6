//! Property tests: what must not change a report's numbers, and what must change exactly one.

use proptest::prelude::*;
use serde_json::Value;

use crate::dump_files;

/// The corpus reports whose dumps carry every cell (tab and pipe forms), decoded to text.
fn exact_reports() -> Vec<(String, String)> {
    dump_files()
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".tsv") || p.to_string_lossy().contains(".md."))
        .map(|path| {
            let bytes = std::fs::read(&path).expect("corpus file");
            let text = nianbao::decode(&bytes, None).expect("decodes").text.into_owned();
            (path.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// The three tables of a report, as JSON.
fn tables(bytes: &[u8]) -> Value {
    let report = nianbao::extract(bytes, &nianbao::Options::default()).expect("report");
    serde_json::json!({
        "active_disclosure": report.active_disclosure,
        "applications": report.applications,
        "reviews_and_lawsuits": report.reviews_and_lawsuits,
    })
}

/// Everything but where the bytes came from.
fn content(bytes: &[u8]) -> Value {
    let report = nianbao::extract(bytes, &nianbao::Options::default().with_provenance(true)).expect("report");
    let mut value = serde_json::to_value(report).expect("JSON");
    for key in ["source", "encoding", "diagnostics"] {
        value.as_object_mut().expect("object").remove(key);
    }
    value
}

/// Noise that a dump may carry without changing what it says.
#[derive(Debug, Clone)]
enum Noise {
    BlankLine,
    CrLf,
    TrailingTab,
    IdeographicSpaceAtEdges,
    MarkdownRule,
    HeadingMarker,
}

fn noise() -> impl Strategy<Value = Noise> {
    prop_oneof![
        Just(Noise::BlankLine),
        Just(Noise::CrLf),
        Just(Noise::TrailingTab),
        Just(Noise::IdeographicSpaceAtEdges),
        Just(Noise::MarkdownRule),
        Just(Noise::HeadingMarker),
    ]
}

/// Applies `noise` at the lines picked by `at` (indices taken modulo the line count).
fn add_noise(text: &str, changes: &[(usize, Noise)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (at, noise) in changes {
        let i = at % lines.len().max(1);
        let line = &mut lines[i];
        match noise {
            Noise::BlankLine => lines.insert(i, String::new()),
            Noise::CrLf => line.push('\r'),
            Noise::TrailingTab if line.contains('\t') => line.push('\t'),
            Noise::TrailingTab => {}
            Noise::IdeographicSpaceAtEdges => *line = format!("\u{3000}{line}\u{3000}"),
            Noise::MarkdownRule => lines.insert(i, "---".to_string()),
            Noise::HeadingMarker if nianbao_heading(line) => *line = format!("## {line}"),
            Noise::HeadingMarker => {}
        }
    }
    lines.join("\n")
}

/// A section heading line of the unified forms (`二、主动公开政府信息情况`).
fn nianbao_heading(line: &str) -> bool {
    let trimmed = line.trim_start_matches(['#', ' ']);
    ["一、总体", "二、主动", "三、收到", "四、政府", "五、", "六、其他"]
        .iter()
        .any(|h| trimmed.starts_with(h))
        && !line.contains('\t')
}

proptest! {
    #[test]
    fn noise_never_changes_a_table_value(
        pick in 0usize..16,
        changes in prop::collection::vec((0usize..200, noise()), 1..12),
    ) {
        let reports = exact_reports();
        let (name, text) = &reports[pick % reports.len()];
        let noisy = add_noise(text, &changes);
        prop_assert_eq!(tables(text.as_bytes()), tables(noisy.as_bytes()), "{} with {:?}", name, changes);
    }

    #[test]
    fn a_placeholder_nulls_exactly_that_value(pick in 0usize..16, which in 0usize..400, placeholder in prop_oneof![Just("—"), Just("/"), Just("－"), Just("")]) {
        let reports = exact_reports();
        let (name, text) = &reports[pick % reports.len()];
        let report = nianbao::extract(text.as_bytes(), &nianbao::Options::default().with_provenance(true)).unwrap();
        let origins: Vec<(String, String, String, nianbao::Origin)> = crate::mutations::origins(&report);
        let (table, row, field, origin) = &origins[which % origins.len()];
        let changed = crate::mutations::replace_cell(text, origin, placeholder);
        let (before, after) = (tables(text.as_bytes()), tables(changed.as_bytes()));
        let mut expected = before.clone();
        expected[table][row][field] = Value::Null;
        prop_assert_eq!(after, expected, "{} {}.{}.{} -> {:?}", name, table, row, field, placeholder);
    }
}

#[test]
fn every_encoding_of_a_report_gives_the_same_report() {
    for (name, text) in exact_reports() {
        let plain = content(text.as_bytes());
        let (gb18030, _, _) = encoding_rs::GB18030.encode(&text);
        let mut le = vec![0xff, 0xfe];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xfe, 0xff];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend(text.as_bytes());
        for (label, bytes) in
            [("GB18030", gb18030.to_vec()), ("UTF-16LE", le), ("UTF-16BE", be), ("UTF-8 BOM", bom)]
        {
            assert_eq!(content(&bytes), plain, "{name} as {label}");
        }
    }
}

/// Damage that dumps suffer on their way out of converters and `pdftotext`.
#[derive(Debug, Clone)]
enum Damage {
    /// A line and the next, which has a label, on one line.
    JoinLines,
    /// One cell of a tab or pipe row lost, with its separator; in a spaced row, one number lost
    /// and its place left blank.
    DropCell(usize),
    /// The last digit of a number wrapped onto a line of its own below.
    WrapDigit,
    /// A page break inside the text: the page number, then the next page's running header.
    PageBreak,
    /// A note line between two lines.
    StrayNote,
    /// One character of a line's label lost.
    Misprint(usize),
    /// One number misread as letters: `x`, or an OCR's `lO` for `10` (the first, chosen by
    /// the flag, or the second).
    Garble(usize, bool),
    /// A number split by a space (`859` → `85 9`), as a narrow cell or a converter leaves it.
    SplitNumber(usize),
    /// A line printed twice, as a converter repeats a row across a page break.
    Repeat,
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        Just(Damage::JoinLines),
        (0usize..8).prop_map(Damage::DropCell),
        Just(Damage::WrapDigit),
        Just(Damage::PageBreak),
        Just(Damage::StrayNote),
        (0usize..12).prop_map(Damage::Misprint),
        (0usize..8, any::<bool>()).prop_map(|(which, x)| Damage::Garble(which, x)),
        (0usize..8).prop_map(Damage::SplitNumber),
        Just(Damage::Repeat),
    ]
}

/// Applies `damage` at the line picked by `at` (modulo the line count).
fn add_damage(text: &str, at: usize, damage: &Damage) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let i = at % lines.len().max(1);
    match damage {
        // Two lines on one: two rows, or a row and a line of numbers below it (a wrapped row's,
        // or a row's whose label stands alone above).
        Damage::JoinLines if i + 1 < lines.len() => {
            let next = lines.remove(i + 1);
            lines[i] = format!("{} {}", lines[i], next);
        }
        Damage::JoinLines => {}
        // A cell lost from a tab or pipe row (a pipe row's outer bars stay).
        Damage::DropCell(which) if lines[i].contains('\t') || lines[i].trim_start().starts_with('|') => {
            let (separator, outer) = if lines[i].contains('\t') { ('\t', 1) } else { ('|', 2) };
            let mut cells: Vec<&str> = lines[i].split(separator).collect();
            if cells.len() > outer + 1 {
                cells.remove(1 + which % (cells.len() - outer));
                lines[i] = cells.join(&separator.to_string());
            }
        }
        // In a spaced row, a cell is a number standing apart: one a single space from digits
        // may be a fragment of a split number, whose loss no reader could see.
        Damage::DropCell(which) => {
            let bytes = lines[i].as_bytes();
            let digit = |k: Option<usize>| k.and_then(|k| bytes.get(k)).is_some_and(u8::is_ascii_digit);
            let numbers: Vec<_> = separated_numbers(&lines[i])
                .into_iter()
                .filter(|r| !digit(r.start.checked_sub(2)) || bytes[r.start - 1] != b' ')
                .filter(|r| !digit(Some(r.end + 1)) || bytes.get(r.end) != Some(&b' '))
                .collect();
            if let Some(range) = numbers.get(which % numbers.len().max(1)).cloned() {
                let blank = " ".repeat(range.len());
                lines[i].replace_range(range, &blank);
            }
        }
        Damage::WrapDigit => {
            let line = lines[i].clone();
            let chars: Vec<char> = line.chars().collect();
            let end = (1..chars.len()).find(|&k| {
                chars[k].is_ascii_digit()
                    && chars[k - 1].is_ascii_digit()
                    && chars.get(k + 1).is_none_or(|c| !c.is_ascii_digit())
            });
            if let Some(k) = end {
                let head: String = chars[..k].iter().chain(&chars[k + 1..]).collect();
                lines[i] = head;
                lines.insert(i + 1, format!("{:>width$}", chars[k], width = k + 1));
            }
        }
        // A page number at the foot, a page break, and the report's title as a running header.
        Damage::PageBreak => {
            lines.insert(i, "— 3 —".to_string());
            lines.insert(i + 1, "\u{c}某区人民政府2023年政府信息公开工作年度报告".to_string());
        }
        Damage::StrayNote => lines.insert(i, "注：本表数据统计截至当年12月31日。".to_string()),
        Damage::Misprint(which) => {
            // A label's character, not a unit's (`251000元` without 元 says another amount).
            let chars: Vec<(usize, char)> = lines[i].char_indices().collect();
            let ideographs: Vec<usize> = chars
                .iter()
                .enumerate()
                .filter(|(k, (_, c))| {
                    ('\u{4e00}'..='\u{9fff}').contains(c)
                        && !matches!(c, '元' | '万' | '亿')
                        && (*k == 0 || !chars[k - 1].1.is_ascii_digit())
                })
                .map(|(_, (b, _))| *b)
                .collect();
            if let Some(&byte) = ideographs.get(which % ideographs.len().max(1)) {
                lines[i].remove(byte);
            }
        }
        Damage::Garble(which, x) => {
            let line = &lines[i];
            let numbers = separated_numbers(line);
            if let Some(range) = numbers.get(which % numbers.len().max(1)).cloned() {
                let ocr: String = line[range.clone()]
                    .chars()
                    .map(|c| match c {
                        '0' => 'O',
                        '1' => 'l',
                        '5' => 'S',
                        '8' => 'B',
                        c => c,
                    })
                    .collect();
                let garbled = if *x || ocr == line[range.clone()] { "x".to_string() } else { ocr };
                lines[i].replace_range(range, &garbled);
            }
        }
        Damage::SplitNumber(which) => {
            let line = &lines[i];
            let inner: Vec<usize> = (1..line.len())
                .filter(|&k| {
                    let b = line.as_bytes();
                    b[k].is_ascii_digit() && b[k - 1].is_ascii_digit()
                })
                .collect();
            if let Some(&k) = inner.get(which % inner.len().max(1)) {
                lines[i].insert(k, ' ');
            }
        }
        Damage::Repeat => {
            let line = lines[i].clone();
            lines.insert(i, line);
        }
    }
    lines.join("\n")
}

/// The byte ranges of the numbers standing alone between separators in `line` (spaces, tabs,
/// pipes, its ends): not a digit inside a word or a date.
fn separated_numbers(line: &str) -> Vec<std::ops::Range<usize>> {
    let separated = |b: Option<u8>| b.is_none_or(|b| matches!(b, b' ' | b'\t' | b'|'));
    let mut numbers = Vec::new();
    let mut start = None;
    for (k, b) in line.bytes().chain([b' ']).enumerate() {
        match (b.is_ascii_digit(), start) {
            (true, None) => start = Some(k),
            (false, Some(s)) => {
                if separated(s.checked_sub(1).map(|p| line.as_bytes()[p])) && separated(Some(b)) {
                    numbers.push(s..k);
                }
                start = None;
            }
            _ => {}
        }
    }
    numbers
}

/// Every corpus dump with its published values (`corpus/expected/`).
fn reports_with_expected() -> Vec<(String, String, Value)> {
    dump_files()
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("corpus file");
            let text = nianbao::decode(&bytes, None).expect("decodes").text.into_owned();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let expected = path.parent().unwrap().join("expected").join(name.replace(".txt", ".json"));
            let expected =
                serde_json::from_str(&std::fs::read_to_string(expected).expect("expected")).unwrap();
            (name, text, expected)
        })
        .collect()
}

/// Values `got` emits that differ from the published `expected` (a null differs from nothing).
fn wrong_values(got: &Value, expected: &Value) -> Vec<String> {
    let mut wrong = Vec::new();
    for table in ["active_disclosure", "applications", "reviews_and_lawsuits"] {
        for (row, fields) in got[table].as_object().into_iter().flatten() {
            for (field, value) in fields.as_object().into_iter().flatten() {
                let want = &expected[table][row][field];
                let same = match (value.as_f64(), want.as_f64()) {
                    (Some(a), Some(b)) => a == b,
                    _ => value == want,
                };
                if !value.is_null() && !same {
                    wrong.push(format!("{table}.{row}.{field}: {value} (published {want})"));
                }
            }
        }
    }
    wrong
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A damaged dump never yields a value other than the published one: what cannot be read
    /// with certainty is null.
    #[test]
    fn damage_never_gives_a_wrong_value(
        pick in 0usize..32,
        damages in prop::collection::vec((0usize..400, damage()), 1..3),
    ) {
        let reports = reports_with_expected();
        let (name, text, expected) = &reports[pick % reports.len()];
        // Each damage on lines of its own, applied from the bottom up so that the places picked
        // stay where they were: two damages to one line can make a row that reads as another
        // report would print it (a wrapped digit joined back behind blank cells).
        let count = text.lines().count().max(1);
        let mut places: Vec<(usize, &Damage)> = damages.iter().map(|(at, d)| (at % count, d)).collect();
        places.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
        places.dedup_by(|lower, upper| upper.0 - lower.0 < 3);
        let mut damaged = text.clone();
        for (at, damage) in places {
            damaged = add_damage(&damaged, at, damage);
        }
        let wrong = wrong_values(&tables(damaged.as_bytes()), expected);
        if !wrong.is_empty() {
            // The damaged dump, to look at: target/damaged/<file>.
            let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("damaged");
            let _ = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join(name), &damaged));
        }
        prop_assert!(wrong.is_empty(), "{} with {:?}: {:?}", name, damages, wrong);
        // Nor does damage make the report's text contradict its tables: no corpus report's
        // prose does, so a `narrative.*` failure here would be a figure misread.
        let report = nianbao::extract(damaged.as_bytes(), &nianbao::Options::default());
        let contradicted: Vec<String> = report
            .map(|r| r.checks.into_iter().filter(|c| c.rule.starts_with("narrative.") && c.status == nianbao::CheckStatus::Fail).map(|c| format!("{c:?}")).collect())
            .unwrap_or_default();
        prop_assert!(contradicted.is_empty(), "{} with {:?}: {:?}", name, damages, contradicted);
    }
}

/// Damage that stays on its line (no line added, none taken away), so that two can fall on one row.
fn damage_in_place() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (0usize..8).prop_map(Damage::DropCell),
        (0usize..12).prop_map(Damage::Misprint),
        (0usize..8, any::<bool>()).prop_map(|(which, x)| Damage::Garble(which, x)),
        (0usize..8).prop_map(Damage::SplitNumber),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Two damages on one row of numbers (a cell lost and another misread, two numbers split, a
    /// label misprinted and a cell lost, …) never yield a value other than the published one.
    #[test]
    fn two_damages_in_one_row_never_give_a_wrong_value(
        pick in 0usize..32,
        row in 0usize..400,
        first in damage_in_place(),
        second in damage_in_place(),
    ) {
        let reports = reports_with_expected();
        let (name, text, expected) = &reports[pick % reports.len()];
        // A line that holds at least two numbers: the rows of the tables, mostly.
        let rows: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, line)| line.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).count() >= 2)
            .map(|(i, _)| i)
            .collect();
        prop_assume!(!rows.is_empty());
        let at = rows[row % rows.len()];
        let damaged = add_damage(&add_damage(text, at, &first), at, &second);
        let wrong = wrong_values(&tables(damaged.as_bytes()), expected);
        prop_assert!(wrong.is_empty(), "{} line {} with {:?} and {:?}: {:?}", name, at + 1, first, second, wrong);
    }
}

/// A published page or Word file that lost one table cell (a `<td>…</td>` or `<w:tc>…</w:tc>`
/// taken out, every one in turn that holds a number), or whose cell's number reads `x`, never
/// yields a value other than the published one: the row's grid comes out a cell short, and
/// what cannot be placed is null.
#[test]
fn a_document_that_lost_a_cell_never_gives_a_wrong_value() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut damaged_documents = 0;
    for name in ["2023-pingtan.page.html", "2019-shanghai-szfbgt.page.html", "2023-pingtan.word.docx"] {
        let stem = name.rsplit_once('.').unwrap().0;
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("expected").join(format!("{stem}.json"))).unwrap(),
        )
        .unwrap();
        let bytes = std::fs::read(root.join(name)).unwrap();
        let (text, open, close) = if name.ends_with(".docx") {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
                .unwrap();
            (xml, "<w:tc>", "</w:tc>")
        } else {
            (String::from_utf8(bytes).unwrap(), "<td", "</td>")
        };
        let cells: Vec<(usize, usize)> = text
            .match_indices(open)
            .filter_map(|(start, _)| text[start..].find(close).map(|end| (start, start + end + close.len())))
            .filter(|&(start, end)| {
                let inner = &text[start..end];
                // A cell that shows a number (its text between tags has a digit).
                inner
                    .split('>')
                    .any(|part| part.split('<').next().is_some_and(|t| t.chars().any(|c| c.is_ascii_digit())))
            })
            .collect();
        for &(start, end) in &cells {
            let damaged = format!("{}{}", &text[..start], &text[end..]);
            let input = if name.ends_with(".docx") { docx_with(&damaged) } else { damaged.into_bytes() };
            let wrong = wrong_values(&tables(&input), &expected);
            assert!(wrong.is_empty(), "{name} without the cell at byte {start}: {wrong:?}");
            // The cell kept, its number misread as a letter: that value unread, no other moved.
            let digits = text[start..end].find(|c: char| c.is_ascii_digit()).map(|d| start + d);
            if let Some(first) = digits {
                let last =
                    text[first..].find(|c: char| !c.is_ascii_digit()).map_or(text.len(), |n| first + n);
                let garbled = format!("{}x{}", &text[..first], &text[last..]);
                let input = if name.ends_with(".docx") { docx_with(&garbled) } else { garbled.into_bytes() };
                let wrong = wrong_values(&tables(&input), &expected);
                assert!(wrong.is_empty(), "{name} with an x for the number at byte {first}: {wrong:?}");
            }
            damaged_documents += 1;
        }
    }
    assert!(damaged_documents > 100, "{damaged_documents} damaged documents");
}

/// A `.docx` holding `xml` as its `word/document.xml`.
fn docx_with(xml: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}
