//! The one public error type: why an input could not be read as a report at all.
//!
//! Anything short of that (a table that cannot be read, a number that cannot be placed) is not
//! an error but a [`Diagnostic`](crate::Diagnostic) on a report that is still produced.

use std::fmt;

/// Where in the input an error was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Byte offset in the raw input, 0-based.
    pub offset: usize,
    /// 1-based line, where the input could be split into lines.
    pub line: Option<usize>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}"),
            None => write!(f, "byte {}", self.offset),
        }
    }
}

/// Why an input is not a readable report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input has no bytes.
    #[error("empty input: the file has no bytes")]
    Empty,
    /// The input decodes to nothing but whitespace.
    #[error("blank input: the file holds only whitespace")]
    Blank,
    /// The input is not text (an image, an archive, a PDF, or full of control bytes).
    #[error("binary input ({kind}) at {position}: not a text dump")]
    Binary {
        /// What it looks like, e.g. `PNG image`.
        kind: &'static str,
        /// Where the evidence was found.
        position: Position,
    },
    /// An encoding name given with `--encoding` that nianbao does not know.
    #[error("unknown encoding {0:?}")]
    UnknownEncoding(String),
    /// A PDF: the library reads text, and a PDF's text must first be taken out of it
    /// (`pdftotext -layout`, which the `nianbao` binary runs itself).
    #[error("a PDF: convert it with `pdftotext -layout FILE.pdf OUT.txt` first (the nianbao command does this when poppler-utils is installed)")]
    Pdf,
    /// A legacy Word file (`.doc`, OLE2), which nianbao does not read.
    #[error(
        "a legacy Word file (.doc): save it as .docx (Word: File → Save As → Word Document) and read that"
    )]
    LegacyWord,
    /// A document of a format nianbao reads that is broken or not what it claims.
    #[error("unreadable {format} file: {reason}")]
    Document {
        /// The format: `docx`, `html`.
        format: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Decoded text that has neither a title nor any section heading of a report.
    #[error("not a report: no title and no section heading in {lines} line{}", if *lines == 1 { "" } else { "s" })]
    NotAReport {
        /// How many lines the text has.
        lines: usize,
    },
}

impl Error {
    /// A stable snake_case code for this error, for machine-readable output.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Empty => "empty_input",
            Error::Blank => "blank_input",
            Error::Binary { .. } => "binary_input",
            Error::UnknownEncoding(_) => "unknown_encoding",
            Error::NotAReport { .. } => "not_a_report",
            Error::Pdf => "pdf_needs_conversion",
            Error::LegacyWord => "legacy_word_file",
            Error::Document { .. } => "unreadable_document",
        }
    }

    /// Where in the input the error was found, if it has a place.
    pub fn position(&self) -> Option<Position> {
        match self {
            Error::Binary { position, .. } => Some(*position),
            _ => None,
        }
    }
}
