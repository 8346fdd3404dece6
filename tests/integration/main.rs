//! Integration tests, one binary. Each module is one area of what users see.

/// The command line: output formats, `check`, `schema`, exit codes, bad inputs in a batch.
mod cli;
/// The command line as people expect it: formats, error records, usage errors, `check`'s truth.
mod command_line;
/// Every corpus report against the values its published tables print (`corpus/expected/`).
mod corpus;
/// `nianbao diff`: regression between two readings, and year on year.
mod diff;
/// Web pages, Word files and PDFs through the command line, alone and in a mixed folder.
mod documents;
/// Inputs found by fuzzing (`fuzz/`), kept as regressions.
mod fuzz_regressions;
/// Hostile inputs: empty, binary, NUL bytes, bad encodings, huge values, truncation, size.
mod hostile;
/// Change one printed number in each corpus dump: exactly that value changes.
mod mutations;
/// The prose against the tables, and the statistics period's year.
mod narrative;
/// Property tests: noise never changes a number; a placeholder nulls exactly one value.
mod properties;
/// Hand-made reports that exercise one rule each: wrong sums, placeholders, units, encodings.
mod reports;
/// The review page: a wrong report, nulls, hostile text, large batches, a real browser.
mod review;
/// One insta snapshot per corpus file: exactly what `nianbao extract --provenance` prints.
mod snapshots;
/// Spreadsheets: the workbook and the wide CSV against the JSON; formulas stay text.
mod spreadsheets;
/// Dumps nobody cleaned: one hand-made report per pattern converters and `pdftotext` leave.
mod uncleaned;

use std::path::{Path, PathBuf};

/// The corpus files (`corpus/*.txt`, `*.html`, `*.docx`), sorted: what the tests hold to
/// `expected/` and the snapshots, however many there are.
pub fn corpus_files() -> Vec<PathBuf> {
    corpus_files_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
}

/// The corpus files of a corpus folder.
pub fn corpus_files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("corpus folder")
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt" || e == "html" || e == "docx"))
        .collect();
    files.sort();
    files
}

/// The corpus's text dumps (`*.txt`), which tests damage and mutate as text.
pub fn dump_files() -> Vec<PathBuf> {
    corpus_files().into_iter().filter(|path| path.extension().is_some_and(|e| e == "txt")).collect()
}
