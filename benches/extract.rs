//! Throughput of the whole library path (decode, parse, checks, JSON) on every corpus report.
//!
//! `cargo bench` prints, per report, the time per extraction and the bytes per second.

use std::path::Path;

/// The allocator the `nianbao` binary uses.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

const FILES: &[&str] = &[
    "2011-pingtan-xianzf.flattened.txt",
    "2013-pingtan-dishuiju.flattened.txt",
    "2018-pingtan.flattened.txt",
    "2019-pingtan.flattened.txt",
    "2019-shanghai-szfbgt.layout.txt",
    "2019-shanghai-szfbgt.tsv.txt",
    "2021-pingtan.pdf-raw.txt",
    "2021-pingtan.tsv-gbk-crlf.txt",
    "2023-pingtan.layout.txt",
    "2023-pingtan.md.txt",
    "2023-xigong-minzhengju.tsv.txt",
    "2025-pingtan.tsv-utf16.txt",
];

/// The published documents in the corpus: web pages (whole pages, mostly markup, and an
/// article fragment) and a Word file, read from their own structure.
const DOCUMENTS: &[&str] = &[
    "2019-pingtan.page.html",
    "2019-shanghai-szfbgt.page.html",
    "2021-pingtan.page.html",
    "2023-pingtan.page.html",
    "2025-pingtan.page.html",
    "2023-pingtan.word.docx",
];

/// A document's bytes to report (an HTML page is to be read at 50 MB/s or more).
#[divan::bench(args = DOCUMENTS)]
fn extract_document(bencher: Bencher, name: &str) {
    let bytes = corpus(name);
    let options = nianbao::Options::default();
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .bench(|| nianbao::extract(divan::black_box(&bytes), &options).expect("report"));
}

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(name)).expect("corpus file")
}

/// Bytes to report: decode, segment, read the tables, judge the checks.
#[divan::bench(args = FILES)]
fn extract(bencher: Bencher, name: &str) {
    let bytes = corpus(name);
    let options = nianbao::Options::default();
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .bench(|| nianbao::extract(divan::black_box(&bytes), &options).expect("report"));
}

/// A report's JSON text, as `nianbao extract --format jsonl` writes it: with sonic-rs, into a
/// buffer sized as the binary sizes it.
fn to_json(report: &nianbao::Report) -> Vec<u8> {
    let mut json = Vec::with_capacity(64 * 1024);
    sonic_rs::to_writer(&mut json, report).expect("JSON");
    json
}

/// Bytes to JSON text, as `nianbao extract --format jsonl` produces it.
#[divan::bench(args = FILES)]
fn extract_to_json(bencher: Bencher, name: &str) {
    let bytes = corpus(name);
    let options = nianbao::Options::default();
    bencher.counter(BytesCount::of_slice(&bytes)).bench(|| {
        let report = nianbao::extract(divan::black_box(&bytes), &options).expect("report");
        to_json(&report)
    });
}

/// The whole corpus in one go, for an overall MB/s.
#[divan::bench]
fn whole_corpus(bencher: Bencher) {
    let files: Vec<Vec<u8>> = FILES.iter().map(|name| corpus(name)).collect();
    let total: usize = files.iter().map(Vec::len).sum();
    let options = nianbao::Options::default();
    bencher.counter(BytesCount::new(total)).bench(|| {
        files
            .iter()
            .map(|bytes| to_json(&nianbao::extract(bytes, &options).expect("report")).len())
            .sum::<usize>()
    });
}
