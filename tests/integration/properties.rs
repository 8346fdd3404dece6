//! Property tests: what must not change a report's numbers, and what must change exactly one.

use proptest::prelude::*;
use serde_json::Value;

use crate::corpus_files;

/// The corpus reports whose dumps carry every cell (tab and pipe forms), decoded to text.
fn exact_reports() -> Vec<(String, String)> {
    corpus_files()
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
    let report = nianbao::extract(bytes, &nianbao::Options { provenance: true, ..Default::default() })
        .expect("report");
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
        let report = nianbao::extract(text.as_bytes(), &nianbao::Options { provenance: true, ..Default::default() }).unwrap();
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
