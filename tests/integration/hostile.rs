//! Hostile inputs: each gives a clear error or honest diagnostics, never a panic, in bounded
//! time (these run in debug builds, so sizes stay moderate here; `cargo bench` and the fuzz
//! target cover the rest).

use nianbao::{extract, Error, Options, Severity};

use crate::reports::SEED;

fn run(bytes: &[u8]) -> Result<nianbao::Report, Error> {
    extract(bytes, &Options::default().with_provenance(true))
}

#[test]
fn empty_blank_and_binary() {
    assert_eq!(run(b"").unwrap_err(), Error::Empty);
    assert_eq!(run(" \n\u{3000}\r\n\t".as_bytes()).unwrap_err(), Error::Blank);
    match run(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR") {
        Err(Error::Binary { kind, .. }) => assert_eq!(kind, "PNG image"),
        other => panic!("PNG: {other:?}"),
    }
    // Documents nianbao reads by their structure, broken or needing a converter: named, with advice.
    match run(b"PK\x03\x04\x14\0\0\0\x08\0") {
        Err(error @ Error::Document { format: "docx", .. }) => {
            assert!(error.to_string().contains("not a readable zip"), "{error}")
        }
        other => panic!("broken zip: {other:?}"),
    }
    let pdf = run(b"%PDF-1.7\n%\xe2\xe3").unwrap_err();
    assert_eq!(pdf, Error::Pdf);
    assert!(pdf.to_string().contains("pdftotext -layout"), "{pdf}");
    let doc = run(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0").unwrap_err();
    assert!(doc.to_string().contains("save it as .docx"), "{doc}");
}

#[test]
fn nul_bytes_make_binary_or_are_tolerated() {
    let noisy: Vec<u8> = SEED.bytes().flat_map(|b| [b, 0, 0]).collect();
    let error = run(&noisy).unwrap_err();
    assert!(
        matches!(error, Error::Binary { kind: "control bytes", position } if position.line.is_some()),
        "{error:?}"
    );
    let mut few = SEED.as_bytes().to_vec();
    few.insert(200, 0);
    assert!(run(&few).is_ok(), "a stray NUL does not lose the report");
}

#[test]
fn text_that_is_not_a_report() {
    assert!(matches!(run(b"hello world\nthis is not a report\n"), Err(Error::NotAReport { lines: 2 })));
}

#[test]
fn invalid_utf8_in_a_utf8_file_is_lossy_not_gbk() {
    let mut bytes = SEED.as_bytes().to_vec();
    bytes.insert(300, 0xff);
    bytes.insert(900, 0xc0);
    let report = run(&bytes).unwrap();
    assert_eq!(report.encoding, "UTF-8");
    assert!(report.diagnostics.iter().any(|d| d.code == "lossy_decode" && d.line.is_some()));
    assert_eq!(report.agency.as_deref(), Some("西工区民政局"));
}

#[test]
fn a_gbk_file_behind_a_utf8_bom_is_lossy_utf8_with_a_diagnostic() {
    let (gbk, _, _) = encoding_rs::GB18030.encode(SEED);
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(&gbk);
    match run(&bytes) {
        Ok(report) => assert!(report.diagnostics.iter().any(|d| d.code == "lossy_decode")),
        Err(error) => assert!(matches!(error, Error::NotAReport { .. }), "{error:?}"),
    }
    let forced = extract(&gbk, &Options::default().with_encoding(Some("gbk".into()))).unwrap();
    assert_eq!(forced.agency.as_deref(), Some("西工区民政局"));
}

#[test]
fn forty_digit_and_negative_counts_are_null_with_diagnostics() {
    let text = crate::reports::with_row(
        "一、本年新收政府信息公开申请数量",
        "\t\t1234567890123456789012345678901234567890\t-3\t0\t0\t0\t0\t0\t",
    );
    let report = run(text.as_bytes()).unwrap();
    let received = &report.applications.as_ref().unwrap()["received"];
    assert_eq!((received.natural_person, received.commercial_enterprise), (None, None));
    let non_numeric = report.diagnostics.iter().filter(|d| d.code == "non_numeric_cell").count();
    assert_eq!(non_numeric, 2);
}

/// Nineteen-digit counts fit an i64 but their sums do not: every identity, in the readers and in
/// the checks, is checked arithmetic (no panic in a debug build, no wrap in release), and the
/// numbers are kept as printed.
#[test]
fn nineteen_digit_counts_never_overflow_a_sum() {
    const BIG: &str = "9000000000000000000";
    let tab = crate::reports::with_row(
        "一、本年新收政府信息公开申请数量",
        &format!("\t\t{BIG}\t{BIG}\t0\t0\t0\t0\t{BIG}\t"),
    );
    let report = run(tab.as_bytes()).unwrap();
    let received = &report.applications.as_ref().unwrap()["received"];
    assert_eq!(received.natural_person, Some(9_000_000_000_000_000_000));
    let row_total =
        report.checks.iter().find(|c| c.rule == "applications.row_total" && c.scope == "received");
    assert_ne!(row_total.map(|c| c.status), Some(nianbao::CheckStatus::Pass));
    // Spaced rows broken over lines (their grouping rests on sums), a section 四 row likewise,
    // and a row placed by order (its place rests on the outcome total).
    let spaced = format!(
        "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文\n三、收到和处理政府信息公开申请情况\n\
         一、本年新收政府信息公开申请数量 {BIG} {BIG} 0\n0 0 0 {BIG}\n（一）予以公开 {BIG}\n{BIG} 0 0 0 0 {BIG}\n\
         2.其他法律行政止公开 {BIG} {BIG} 0 0 0 0 {BIG}\n（七）总计 {BIG} {BIG} 0 0 0 0 {BIG}\n\
         四、政府信息公开行政复议、行政诉讼情况\n{BIG} {BIG} 0 0 {BIG} 0 0 0 0 0\n0 0 0 0 0\n"
    );
    let report = run(spaced.as_bytes()).unwrap();
    assert!(report.applications.is_some() && report.reviews_and_lawsuits.is_some());
    // Section 二 too: a 19-digit count is read as printed, and nothing overflows.
    let disclosure = SEED.replacen("规章\t0\t", &format!("规章\t{BIG}\t"), 1);
    assert_ne!(disclosure, SEED, "the seed's 规章 row");
    let report = run(disclosure.as_bytes()).unwrap();
    let value = serde_json::to_value(&report.active_disclosure).unwrap();
    assert_eq!(value["regulations"]["issued"].as_i64(), Some(9_000_000_000_000_000_000));
}

#[test]
fn a_truncated_report_in_each_table() {
    for cut_at in ["本年制发件数", "(四) 无法提供", "结果 维持\t结果 纠正", "#### 五、"]
    {
        let cut = SEED.find(cut_at).expect("cut point in the seed");
        let report = run(&SEED.as_bytes()[..cut + 3]).unwrap();
        assert!(
            report.diagnostics.iter().any(|d| d.severity == Severity::Error || d.code == "missing_section"),
            "cut at {cut_at}: {:?}",
            report.diagnostics
        );
    }
}

#[test]
fn deeply_repeated_headings_and_two_reports_in_one_file() {
    let repeated = "一、总体情况\n".repeat(20_000);
    let report = run(format!("某局2023年政府信息公开工作年度报告\n{repeated}").as_bytes()).unwrap();
    assert_eq!(report.sections.len(), 1);
    let twice = format!("{SEED}\n{SEED}");
    let report = run(twice.as_bytes()).unwrap();
    assert_eq!(report.sections.len(), 6);
    let second = SEED.lines().count() + SEED.lines().position(|l| l.contains("一、总体情况")).unwrap() + 1;
    let restart = report.diagnostics.iter().find(|d| d.code == "concatenated_reports").expect("diagnostic");
    assert_eq!(restart.line, Some(second));
    assert!(!report.sections[5].text.contains("总体情况"), "the second report is not section 六's text");
    assert_eq!(report.applications.as_ref().unwrap()["received"].natural_person, Some(0));
}

#[test]
fn a_long_single_line_and_a_large_file() {
    let line = "一、总体情况 ".to_string() + &"0\t年 ".repeat(300_000);
    let report = run(line.as_bytes()).unwrap();
    assert_eq!(report.sections.len(), 1);
    let large = SEED.repeat(200);
    assert!(run(large.as_bytes()).is_ok());
}

/// Run in release by `.ci/run` (`cargo test --release -- --ignored`): a 50 MB file.
#[test]
#[ignore = "large input: run with --release -- --ignored"]
fn a_fifty_megabyte_file() {
    let large = SEED.repeat(50_000_000 / SEED.len() + 1);
    assert!(large.len() >= 50_000_000);
    let report = run(large.as_bytes()).unwrap();
    assert_eq!(report.applications.as_ref().unwrap()["received"].total, Some(0));
    assert!(report.diagnostics.iter().any(|d| d.code == "concatenated_reports"));
}

/// Run in release by `.ci/run`: a single line of 10 MB, with and without tabs.
#[test]
#[ignore = "large input: run with --release -- --ignored"]
fn a_ten_megabyte_line() {
    for filler in ["0\t年 ", "一、二、三 ", "|0|", "一、总体情况 "] {
        let line = filler.repeat(10_000_000_usize.div_ceil(filler.len()));
        assert!(line.len() >= 10_000_000);
        match run(line.as_bytes()) {
            Ok(report) => assert!(report.sections.len() <= 1, "{filler:?}"),
            Err(error) => assert!(matches!(error, Error::NotAReport { lines: 1 }), "{filler:?}: {error:?}"),
        }
        let titled = format!("某局2023年政府信息公开工作年度报告\n一、总体情况\n{line}");
        assert_eq!(run(titled.as_bytes()).unwrap().year, Some(2023));
    }
}
