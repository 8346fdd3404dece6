//! The published documents themselves: web pages, Word files and PDFs, through the command
//! line as users run it, alone and mixed in a folder with files nianbao cannot read.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::reports::SEED;

fn nianbao_in(dir: &Path, args: &[&str], path_env: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    command.current_dir(dir).args(args);
    if let Some(path) = path_env {
        command.env("PATH", path);
    }
    command.output().expect("nianbao runs")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("JSON: {}", String::from_utf8_lossy(&output.stderr)))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether poppler's `pdftotext` can be run here; when not, PDF tests say so and skip.
fn pdftotext_present() -> bool {
    let present = Command::new("pdftotext").arg("-v").output().is_ok();
    if !present {
        eprintln!("skipped: pdftotext is not installed (apt install poppler-utils); .ci/run installs it");
    }
    present
}

/// A one-page PDF printing `lines` in a CID font (not embedded) whose codes are the characters'
/// UTF-16 units, with a ToUnicode map, so text extraction gives the characters back.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    let hex = |line: &str| line.encode_utf16().map(|u| format!("{u:04X}")).collect::<String>();
    let mut content = String::from("BT /F1 10 Tf 12 TL 50 800 Td\n");
    for line in lines {
        content.push_str(&format!("<{}> Tj T*\n", hex(line)));
    }
    content.push_str("ET");
    let mut units: Vec<u16> = lines.iter().flat_map(|l| l.encode_utf16()).collect();
    units.sort_unstable();
    units.dedup();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in units.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for unit in chunk {
            cmap.push_str(&format!("<{unit:04X}> <{unit:04X}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend");
    let stream = |body: &str| format!("<< /Length {} >>\nstream\n{body}\nendstream", body.len());
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>".to_owned(),
        stream(&content),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /FontDescriptor 8 0 R >>".to_owned(),
        stream(&cmap),
        "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

const PDF_REPORT: &[&str] = &[
    "某区人民政府2023年政府信息公开工作年度报告",
    "一、总体情况",
    "正文。",
    "四、政府信息公开行政复议、行政诉讼情况",
    "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0",
    "五、存在的主要问题及改进情况",
    "正文。",
];

#[test]
fn a_pdf_is_read_through_pdftotext_layout() {
    if !pdftotext_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bytes = pdf(PDF_REPORT);
    std::fs::write(dir.path().join("report.pdf"), &bytes).unwrap();
    let output = nianbao_in(dir.path(), &["extract", "report.pdf"], None);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = json(&output);
    assert_eq!((report["agency"].as_str(), report["year"].as_i64()), (Some("某区人民政府"), Some(2023)));
    assert_eq!(report["source"]["format"], "pdf");
    assert_eq!(report["source"]["converter"], "pdftotext -layout");
    assert_eq!(report["source"]["bytes"], bytes.len(), "the source is the PDF, not its text");
    let review = &report["reviews_and_lawsuits"]["review"];
    assert_eq!((review["upheld"].as_i64(), review["total"].as_i64()), (Some(1), Some(1)));
}

#[test]
fn a_pdf_without_text_needs_ocr_and_without_pdftotext_names_the_package() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scan.pdf"), pdf(&[])).unwrap();
    let missing = nianbao_in(dir.path(), &["extract", "scan.pdf"], Some(""));
    assert_eq!(missing.status.code(), Some(3));
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(said.contains("pdftotext is not installed") && said.contains("poppler-utils"), "{said}");
    if pdftotext_present() {
        let scanned = nianbao_in(dir.path(), &["extract", "scan.pdf"], None);
        assert_eq!(scanned.status.code(), Some(3));
        let said = String::from_utf8_lossy(&scanned.stderr);
        assert!(said.contains("needs OCR"), "{said}");
    }
}

/// A folder of every kind: a dump, a page, a Word file, a PDF, a legacy `.doc`, a broken zip
/// and an image. One record per file; each bad one named with its reason; exit status 3.
#[test]
fn a_folder_of_every_kind_gives_one_record_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("a-dump.txt", SEED.as_bytes());
    write("b-page.html", &std::fs::read(root().join("corpus/2023-pingtan.page.html")).unwrap());
    write("c-word.docx", &std::fs::read(root().join("corpus/2023-pingtan.word.docx")).unwrap());
    write("d-report.pdf", &pdf(PDF_REPORT));
    write("e-legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0");
    write("f-broken.docx", b"PK\x03\x04\x14\0\0\0\x08\0broken");
    write("g-scan.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    let output = nianbao_in(dir.path(), &["extract", "--extension", "*", "."], None);
    assert_eq!(output.status.code(), Some(3), "{}", String::from_utf8_lossy(&output.stderr));
    let records: Vec<Value> =
        String::from_utf8_lossy(&output.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 7, "one record per file");
    let formats: Vec<&str> =
        records.iter().take(3).map(|r| r["source"]["format"].as_str().unwrap_or("?")).collect();
    assert_eq!(formats, ["text", "html", "docx"]);
    assert_eq!(records[1]["applications"]["received"]["total"], 81);
    assert_eq!(records[2]["applications"]["received"]["total"], 81);
    let error = |i: usize| records[i]["error"].as_str().unwrap_or_default().to_owned();
    if pdftotext_present() {
        assert_eq!(records[3]["source"]["format"], "pdf");
    } else {
        assert!(error(3).contains("poppler-utils"), "{}", error(3));
    }
    assert!(error(4).contains("save it as .docx"), "{}", error(4));
    assert!(error(5).contains("not a readable zip"), "{}", error(5));
    assert!(error(6).contains("PNG image"), "{}", error(6));
    // The default walk takes dumps, pages, Word files and PDFs (and a .doc, to say why not),
    // not images.
    let default = nianbao_in(dir.path(), &["extract", "."], None);
    assert_eq!(String::from_utf8_lossy(&default.stdout).lines().count(), 6);
    let said = String::from_utf8_lossy(&default.stderr);
    assert!(said.contains("1 files under . left out"), "the image is not lost unseen: {said}");
}

/// A Word file's values name their cell: table, grid row and grid column (the label cells span
/// three grid columns in the official template, so 自然人 is column 4).
#[test]
fn document_provenance_names_table_row_and_column() {
    let output = nianbao_in(root(), &["extract", "--provenance", "corpus/2023-pingtan.word.docx"], None);
    let report = json(&output);
    let origin = &report["provenance"]["applications"]["received"]["natural_person"];
    assert_eq!(origin["raw"], "80");
    assert_eq!(origin["cell"], serde_json::json!({"table": 2, "row": 4, "column": 4}));
    let page =
        nianbao_in(root(), &["extract", "--provenance", "corpus/2019-shanghai-szfbgt.page.html"], None);
    let origin = &json(&page)["provenance"]["applications"]["received"]["total"];
    assert!(
        origin["cell"]["table"].as_u64().is_some() && origin["cell"]["column"].as_u64() > Some(1),
        "{origin}"
    );
}

/// A page in GB2312, as older sites serve them, declared in its `<meta>`.
#[test]
fn a_page_declaring_gb2312_is_decoded_by_its_declaration() {
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                <title>某局2023年政府信息公开工作年度报告</title></head><body><p>一、总体情况</p><p>正文。</p>\
                <p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr><td>2</td><td>0</td><td>0</td><td>0</td><td>2</td>\
                <td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>\
                <p>五、存在的主要问题及改进情况</p></body></html>";
    let (bytes, _, _) = encoding_rs::GBK.encode(page);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.htm"), &bytes).unwrap();
    let report = json(&nianbao_in(dir.path(), &["extract", "page.htm"], None));
    assert_eq!(report["encoding"], "GB18030", "GBK is read as its superset");
    let codes: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(!codes.contains(&"encoding_fallback"), "the declaration, not a guess: {codes:?}");
    assert_eq!(report["title"], "某局2023年政府信息公开工作年度报告");
    assert_eq!(report["reviews_and_lawsuits"]["review"]["upheld"], 2);
}

/// The published 洪泽 2023 PDF (kept out of the repository, in `../shared/reference/` beside a
/// checkout that has it) gives every value its `pdftotext -layout` dump gives.
#[test]
fn the_reference_pdf_reads_as_its_layout_dump() {
    let pdf = root().join("../shared/reference/hongze-2023.pdf");
    if !pdf.exists() {
        eprintln!("skipped: {} is not beside this checkout", pdf.display());
        return;
    }
    if !pdftotext_present() {
        return;
    }
    let from_pdf = json(&nianbao_in(root(), &["extract", pdf.to_str().unwrap()], None));
    let from_dump = json(&nianbao_in(root(), &["extract", "corpus/2023-hongze.layout.txt"], None));
    for table in ["active_disclosure", "applications", "reviews_and_lawsuits"] {
        assert_eq!(from_pdf[table], from_dump[table], "{table}");
    }
    assert_eq!(from_pdf["source"]["converter"], "pdftotext -layout");
}
