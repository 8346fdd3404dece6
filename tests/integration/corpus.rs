use std::path::Path;

use serde_json::Value;

use crate::corpus_files;

/// Dump forms whose every value must equal the source's: those that carry every cell, blanks
/// included (tab, markdown), `pdftotext -layout`, whose blanks are located by position,
/// `pdftotext` without `-layout` (one cell per line), and the converters' markdown read against
/// the form (pymupdf4llm, markitdown from Word and from PDF, the PDF converter's), and the
/// published documents themselves (web pages, Word files), read from their own tables.
fn is_exact_form(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    [
        ".tsv",
        ".md.",
        ".layout.",
        "-layout.",
        ".pdf-raw.",
        ".pymupdf4llm.",
        ".word-markitdown.",
        ".markitdown.",
        ".converter-md.",
        ".page.html",
        ".word.docx",
    ]
    .iter()
    .any(|form| name.contains(form))
}

fn extract(path: &Path) -> Value {
    let bytes = std::fs::read(path).expect("corpus file");
    let report = nianbao::extract(&bytes, &nianbao::Options::default()).expect("corpus report extracts");
    serde_json::to_value(report).expect("report serialises")
}

/// The environment variable that makes the corpus test write a draft `expected/` file for each
/// corpus file that has none (see corpus/README.md).
const DRAFT: &str = "NIANBAO_DRAFT_EXPECTED";

/// The key that marks an `expected/` file as a draft nobody has checked yet.
const DRAFT_MARK: &str = "_draft";

fn expected_path(path: &Path) -> std::path::PathBuf {
    let name = format!("{}.json", path.file_stem().and_then(|n| n.to_str()).unwrap_or_default());
    path.parent().expect("corpus folder").join("expected").join(name)
}

fn expected(path: &Path) -> Value {
    let file = expected_path(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{}", missing(path)));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()))
}

fn missing(path: &Path) -> String {
    format!(
        "{} has no {}: every corpus file needs the values its published report prints. \
         `{DRAFT}=1 cargo test --test integration corpus::` writes a draft from nianbao's reading \
         (marked \"{DRAFT_MARK}\"); check every value against the published report, correct it, \
         then delete the \"{DRAFT_MARK}\" line",
        path.display(),
        expected_path(path).display()
    )
}

/// A draft `expected/` file: nianbao's reading of `path`, marked as unchecked.
fn draft(path: &Path) -> Value {
    let got = extract(path);
    let mut draft = serde_json::Map::new();
    draft.insert(
        DRAFT_MARK.into(),
        "nianbao's reading, not yet checked against the published report: check every value, then delete this line".into(),
    );
    for key in ["agency", "year", "template", "active_disclosure", "applications", "reviews_and_lawsuits"] {
        draft.insert(key.into(), got[key].clone());
    }
    Value::Object(draft)
}

/// What keeps a corpus folder's `expected/` from being complete: a corpus file without one
/// (a draft is written for it when `write_drafts`), a draft not yet checked, an expected
/// file without its corpus file.
fn expected_problems(files: &[std::path::PathBuf], write_drafts: bool) -> Vec<String> {
    let mut problems = Vec::new();
    for path in files {
        let file = expected_path(path);
        if !file.exists() {
            if write_drafts {
                let text = serde_json::to_string_pretty(&draft(path)).expect("draft serialises");
                std::fs::write(&file, text + "\n").expect("draft written");
                problems.push(format!(
                    "{}: a draft was written; check it against the published report",
                    file.display()
                ));
            } else {
                problems.push(missing(path));
            }
        } else if expected(path).get(DRAFT_MARK).is_some() {
            problems.push(format!(
                "{} is still a draft: check every value, then delete its \"{DRAFT_MARK}\" line",
                file.display()
            ));
        }
    }
    if let Some(folder) = files.first().and_then(|f| f.parent()).map(|f| f.join("expected")) {
        for entry in std::fs::read_dir(folder).expect("expected/") {
            let name = entry.expect("entry").file_name().to_string_lossy().replace(".json", "");
            if !files.iter().any(|f| f.file_stem().is_some_and(|s| s.to_string_lossy() == name)) {
                problems.push(format!("expected/{name}.json has no corpus file"));
            }
        }
    }
    problems
}

/// Every (table, row, field, expected value) the published report prints.
fn expected_cells(expected: &Value) -> Vec<(String, String, String, Value)> {
    let mut cells = Vec::new();
    for table in ["active_disclosure", "applications", "reviews_and_lawsuits"] {
        let Some(rows) = expected[table].as_object() else {
            // Only a free-form report (before 2019) has no tables to hold nianbao to.
            assert_eq!(expected["template"], "free_form", "expected/ lacks {table}");
            continue;
        };
        for (row, fields) in rows {
            for (field, value) in fields.as_object().expect("row object") {
                cells.push((table.to_string(), row.clone(), field.clone(), value.clone()));
            }
        }
    }
    cells
}

/// Equal as JSON values, numbers compared by value (money is a decimal: `0.0` is `0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[test]
fn every_corpus_file_has_expected_values() {
    let files = corpus_files();
    assert!(!files.is_empty(), "the corpus folder has reports");
    let problems = expected_problems(&files, std::env::var_os(DRAFT).is_some());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for path in &files {
        let want = expected(path);
        for key in ["agency", "year", "template"] {
            assert!(!want[key].is_null(), "expected/ of {} has no {key}", path.display());
        }
        // Every table of a unified-form report, each row with its fields.
        let cells = expected_cells(&want);
        assert!(
            want["template"] == "free_form" || cells.len() > 150,
            "{}: {} cells",
            path.display(),
            cells.len()
        );
    }
}

/// Adding a report to the corpus, as a maintainer does: the tests' counts follow the folder, a
/// missing expected file is named with the way to draft one, a draft is not accepted until
/// someone checked it.
#[test]
fn a_report_added_to_a_copy_of_the_corpus_needs_its_checked_expected_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("expected")).unwrap();
    for path in corpus_files() {
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
        std::fs::copy(expected_path(&path), expected_path(&corpus.join(path.file_name().unwrap()))).unwrap();
    }
    let added = corpus.join("2024-someone.tsv.txt");
    std::fs::write(&added, crate::reports::SEED.replace("2023 年", "2024 年")).unwrap();
    let files = crate::corpus_files_in(&corpus);
    assert_eq!(files.len(), corpus_files().len() + 1, "the counts follow the folder");
    let problems = expected_problems(&files, false);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("2024-someone.tsv.txt") && problems[0].contains("NIANBAO_DRAFT_EXPECTED=1"),
        "{}",
        problems[0]
    );
    // The draft: nianbao's reading, marked; not accepted until the mark is gone.
    let problems = expected_problems(&files, true);
    assert!(problems[0].contains("a draft was written"), "{problems:?}");
    let draft = expected(&added);
    assert_eq!(
        (draft["year"].as_i64(), draft["applications"]["received"]["total"].as_i64()),
        (Some(2024), Some(0))
    );
    assert!(expected_problems(&files, false)[0].contains("is still a draft"));
    let mut checked = draft;
    checked.as_object_mut().unwrap().remove(DRAFT_MARK);
    std::fs::write(expected_path(&added), checked.to_string()).unwrap();
    assert_eq!(expected_problems(&files, false), Vec::<String>::new());
}

#[test]
fn agency_year_and_template_match() {
    for path in corpus_files() {
        let (got, want) = (extract(&path), expected(&path));
        for key in ["agency", "year", "template"] {
            assert_eq!(got[key], want[key], "{key} of {}", path.display());
        }
    }
}

#[test]
fn exact_forms_give_every_value_as_printed() {
    for path in corpus_files().into_iter().filter(|p| is_exact_form(p)) {
        let (got, want) = (extract(&path), expected(&path));
        let cells = expected_cells(&want);
        assert!(cells.len() > 60, "{} has its tables in expected/", path.display());
        for (table, row, field, value) in cells {
            let found = &got[&table][&row][&field];
            assert!(same(found, &value), "{table}.{row}.{field} of {}: {found} != {value}", path.display());
        }
    }
}

/// The other forms' values left null today (a careful reader could not place them either: the
/// flattened text's glued runs, `pdftotext`'s default mode).
const UNREAD_TODAY: &[(&str, usize)] =
    &[("2019-pingtan.flattened.txt", 19), ("2023-hongze.pdf-default.txt", 184)];

#[test]
fn other_forms_never_give_a_wrong_number() {
    for path in corpus_files().into_iter().filter(|p| !is_exact_form(p)) {
        let (got, want) = (extract(&path), expected(&path));
        let mut nulls = 0;
        for (table, row, field, value) in expected_cells(&want) {
            let found = &got[&table][&row][&field];
            if found.is_null() {
                nulls += usize::from(!value.is_null());
            } else {
                assert!(
                    same(found, &value),
                    "{table}.{row}.{field} of {}: {found} != {value}",
                    path.display()
                );
            }
        }
        // Each file's unread values are bounded by what it gives today: a change that reads
        // less fails here and must be judged.
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let bound = UNREAD_TODAY.iter().find(|(file, _)| *file == name).map_or(0, |(_, n)| *n);
        assert!(nulls <= bound, "{name}: {nulls} values unread, {bound} before");
        if nulls > 0 {
            let errors = got["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .filter(|d| d["severity"] == "error")
                .count();
            assert!(errors > 0, "{} has {nulls} unread values but no error diagnostic", path.display());
        }
    }
}

#[test]
fn the_seed_report_reads_completely() {
    let report =
        extract(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/2023-xigong-minzhengju.tsv.txt"));
    assert_eq!(report["agency"], "西工区民政局");
    assert_eq!(report["year"], 2023);
    assert_eq!(report["template"], "2021");
    let kinds: Vec<&str> =
        report["sections"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "overview",
            "active_disclosure",
            "applications",
            "reviews_and_lawsuits",
            "problems",
            "other_matters"
        ]
    );
    let rows = report["applications"].as_object().unwrap();
    assert_eq!(rows.len(), 25);
    let values: Vec<&Value> = rows.values().flat_map(|r| r.as_object().unwrap().values()).collect();
    assert_eq!(values.len(), 175);
    assert!(values.iter().all(|v| *v == 0), "all 175 matrix values are 0");
    let checks = report["checks"].as_array().unwrap();
    assert!(!checks.is_empty());
    assert!(checks.iter().all(|c| c["status"] == "pass"), "every identity passes");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0, "{:#}", report["diagnostics"]);
}

/// Every form of one report gives the same tables, value for value and null for null: the
/// dumps, the published page and the Word file alike.
#[test]
fn every_form_of_one_report_agrees() {
    let groups: &[&[&str]] = &[
        &[
            "2023-pingtan.md.txt",
            "2023-pingtan.layout.txt",
            "2023-pingtan.word-layout.txt",
            "2023-pingtan.word-markitdown.txt",
            "2023-pingtan.page.html",
            "2023-pingtan.word.docx",
        ],
        &[
            "2019-shanghai-szfbgt.tsv.txt",
            "2019-shanghai-szfbgt.layout.txt",
            "2019-shanghai-szfbgt.page.html",
        ],
        &["2021-pingtan.tsv-gbk-crlf.txt", "2021-pingtan.pdf-raw.txt", "2021-pingtan.page.html"],
        &["2023-hongze.layout.txt", "2023-hongze.pymupdf4llm.txt", "2023-hongze.markitdown.txt"],
        &["2025-pingtan.tsv-utf16.txt", "2025-pingtan.page.html"],
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for group in groups {
        let first = extract(&dir.join(group[0]));
        for other in &group[1..] {
            let second = extract(&dir.join(other));
            for table in ["active_disclosure", "applications", "reviews_and_lawsuits"] {
                let rows = |report: &Value| -> Vec<(String, String)> {
                    let rows = report[table]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(row, _)| *row != "extra_rows");
                    rows.flat_map(|(row, fields)| {
                        fields
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(move |(field, _)| (row.clone(), field.clone()))
                    })
                    .collect()
                };
                let (a, b) = (rows(&first), rows(&second));
                assert_eq!(a, b, "{table}: the same rows and fields in {} and {other}", group[0]);
                for (row, field) in a {
                    let (x, y) = (&first[table][&row][&field], &second[table][&row][&field]);
                    assert!(same(x, y), "{table}.{row}.{field}: {} {x} vs {other} {y}", group[0]);
                }
            }
        }
    }
}

/// `pdftotext` in its default mode writes a word processor's table column by column: the values
/// it cannot place are null (never borrowed from a neighbouring run), and the report says how
/// to make a dump that keeps the rows.
#[test]
fn a_default_mode_dump_asks_for_layout() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/2023-hongze.pdf-default.txt");
    let (got, want) = (extract(&path), expected(&path));
    let mut read = 0;
    for (table, row, field, value) in expected_cells(&want) {
        let found = &got[&table][&row][&field];
        assert!(found.is_null() || same(found, &value), "{table}.{row}.{field}: {found} != {value}");
        read += usize::from(!found.is_null());
    }
    assert!(read > 0, "what the default mode keeps in rows is read");
    let hint = got["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "layout_lost");
    let message = hint.expect("a layout_lost diagnostic")["message"].as_str().unwrap();
    assert!(message.contains("pdftotext -layout FILE.pdf OUT.txt"), "{message}");
}
