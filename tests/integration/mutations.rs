//! Mutation test: change one printed number in a dump and exactly that value changes.

use serde_json::Value;

use crate::corpus_files;

/// Every number with an origin: table, row, field and where it was printed.
pub fn origins(report: &nianbao::Report) -> Vec<(String, String, String, nianbao::Origin)> {
    let provenance = report.provenance.as_ref().expect("provenance asked for");
    let tables = [
        ("active_disclosure", &provenance.active_disclosure),
        ("applications", &provenance.applications),
        ("reviews_and_lawsuits", &provenance.reviews_and_lawsuits),
    ];
    let mut out = Vec::new();
    for (table, rows) in tables {
        for (row, fields) in rows {
            for (field, origin) in fields {
                out.push((table.to_string(), row.clone(), field.clone(), origin.clone()));
            }
        }
    }
    out
}

/// `text` with the cell at `origin` (line, character column, raw text) replaced by `new`.
pub fn replace_cell(text: &str, origin: &nianbao::Origin, new: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if i + 1 != origin.line {
            out.push(line.to_string());
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let start = origin.column - 1;
        let end = start + origin.raw.chars().count();
        let found: String = chars[start..end].iter().collect();
        assert_eq!(found, origin.raw, "origin points at the raw text");
        out.push(format!(
            "{}{new}{}",
            chars[..start].iter().collect::<String>(),
            chars[end..].iter().collect::<String>()
        ));
    }
    out.join("\n")
}

/// A different number of the same kind: the value plus one, as plain digits.
fn bumped(value: &Value) -> Option<(String, Value)> {
    if let Some(v) = value.as_i64() {
        return Some(((v + 1).to_string(), Value::from(v + 1)));
    }
    value.as_f64().map(|v| (format!("{}", v + 1.0), Value::from(v + 1.0)))
}

#[test]
fn changing_one_number_changes_exactly_that_value() {
    let mut mutated = 0;
    for path in corpus_files() {
        let bytes = std::fs::read(&path).expect("corpus file");
        let text = nianbao::decode(&bytes, None).expect("decodes").text;
        // `split('\n')` keeps a CR at line ends, so columns stay those of the decoded lines.
        let options = nianbao::Options { provenance: true, ..Default::default() };
        let report = nianbao::extract(text.as_bytes(), &options).expect("report");
        let before = serde_json::to_value(&report).expect("JSON");
        for (table, row, field, origin) in origins(&report) {
            let Some((digits, value)) = bumped(&before[&table][&row][&field]) else { continue };
            let changed = replace_cell(&text, &origin, &digits);
            let after = serde_json::to_value(nianbao::extract(changed.as_bytes(), &options).expect("report"))
                .unwrap();
            let mut expected = before.clone();
            expected[&table][&row][&field] = value;
            for key in ["active_disclosure", "applications", "reviews_and_lawsuits"] {
                assert_eq!(
                    after[key],
                    expected[key],
                    "{}: {table}.{row}.{field} {:?} -> {digits}",
                    path.display(),
                    origin.raw
                );
            }
            let checks_failed = after["checks"].as_array().unwrap().iter().any(|c| c["status"] == "fail");
            let had_checks = before["checks"].as_array().unwrap().iter().any(|c| {
                c["status"] == "pass"
                    && c["cells"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|cell| cell == &Value::from(format!("{table}.{row}.{field}")))
            });
            assert!(
                !had_checks || checks_failed,
                "{}: changing {table}.{row}.{field} fails a check that passed",
                path.display()
            );
            mutated += 1;
        }
    }
    assert!(mutated >= 1200, "{mutated} numbers mutated");
}
