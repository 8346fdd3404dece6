//! The one place that chooses how an input is read: a text dump, a web page or a Word file.
//!
//! Web pages ([`html`]) and Word files ([`docx`]) are read from the structure they already
//! have, and written out as the lines of a tab dump (paragraphs as lines, each table as its
//! exact grid, one tab-separated line per row), which every later stage reads as it reads any
//! dump: the segmenter, the table readers, the checks. What they add is where each grid row
//! came from ([`GridRow`]), so provenance can name a cell by table, row and column. PDFs need a
//! converter the library does not run (it does no I/O): [`Error::Pdf`] says so, and the
//! `nianbao` binary runs `pdftotext -layout` itself. A legacy `.doc` is refused with the advice
//! to save it as `.docx`.

pub mod docx;
pub mod html;

use std::borrow::Cow;

use crate::decode::{decode_as, Decoded};
use crate::error::Error;
use crate::model::InputFormat;

/// Most rows or columns a cell may span (`rowspan`, `colspan`, `w:gridSpan`): a larger span is
/// a document's mistake, read as 1.
const MAX_SPAN: usize = 1000;

/// Most columns, and most cells, a table is laid out with (a report's largest table has 16 by
/// 30): beyond, a table is read as text, cell by cell.
const MAX_WIDTH: usize = 256;
const MAX_CELLS: usize = 100_000;

/// Text with every run of whitespace (no-break spaces, tabs and line breaks included) one
/// space, trimmed: a paragraph's or a cell's text as one line.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Where a produced line came from: a row of a document's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridRow {
    /// 1-based, in the order the document's tables appear (tables of page layout not counted).
    pub table: usize,
    /// 1-based row of that table's grid.
    pub row: usize,
}

/// A document written out as a dump: its text, and for each of its lines the table row it came
/// from (`None` for a paragraph).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Produced {
    pub text: String,
    pub rows: Vec<Option<GridRow>>,
}

impl Produced {
    fn push(&mut self, line: String, row: Option<GridRow>) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(&line);
        self.rows.push(row);
    }
}

/// An input ready for the text pipeline.
pub struct Input<'a> {
    pub decoded: Decoded<'a>,
    pub format: InputFormat,
    /// For a document, the table row of each line (by 0-based line index).
    pub rows: Vec<Option<GridRow>>,
}

/// Reads `bytes` as the format they are in (see the module doc); `forced` is an encoding to
/// decode text with instead of detecting one.
pub fn read<'a>(bytes: &'a [u8], forced: Option<&'static encoding_rs::Encoding>) -> Result<Input<'a>, Error> {
    if bytes.starts_with(b"%PDF") {
        return Err(Error::Pdf);
    }
    if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Err(Error::LegacyWord);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let produced = docx::read(bytes)?;
        return Ok(produced_input(produced, InputFormat::Docx, "UTF-8"));
    }
    let decoded = match (looks_like_html(bytes), forced) {
        (true, None) => match declared_charset(bytes) {
            Some(encoding) => decode_as(bytes, Some(encoding))?,
            None => decode_as(bytes, None)?,
        },
        _ => decode_as(bytes, forced)?,
    };
    if !looks_like_html(decoded.text.as_bytes()) {
        return Ok(Input { decoded, format: InputFormat::Text, rows: Vec::new() });
    }
    let produced = html::read(&decoded.text);
    let Decoded { encoding, lossy, fallback, .. } = decoded;
    let mut input = produced_input(produced, InputFormat::Html, encoding);
    input.decoded.lossy = lossy;
    input.decoded.fallback = fallback;
    Ok(input)
}

fn produced_input(produced: Produced, format: InputFormat, encoding: &'static str) -> Input<'static> {
    Input {
        decoded: Decoded { text: Cow::Owned(produced.text), encoding, lossy: false, fallback: false },
        format,
        rows: produced.rows,
    }
}

/// Whether the text opens with an HTML tag (after a byte-order mark and whitespace): a
/// document type, `<html>`, `<head>`, `<meta>`, `<body>` or a block such as `<p>`, `<div>` or
/// `<table>` (a page's article cut out of it). Inline tags (`<u>`, `<b>`) open markdown too.
fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let Some(rest) = bytes.get(start..).and_then(|b| b.strip_prefix(b"<")) else { return false };
    let name: Vec<u8> = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
        .map(u8::to_ascii_lowercase)
        .collect();
    const TAGS: &[&[u8]] = &[
        b"!doctype",
        b"html",
        b"head",
        b"meta",
        b"body",
        b"p",
        b"div",
        b"table",
        b"section",
        b"article",
        b"h1",
        b"h2",
        b"h3",
        b"title",
        b"link",
        b"script",
        b"style",
        b"center",
        b"font",
        b"span",
    ];
    TAGS.contains(&name.as_slice())
}

/// The encoding a page declares in its first kilobytes (`<meta charset="gbk">`,
/// `content="text/html; charset=gb2312"`), when it names one encoding_rs knows.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let lower = head.to_ascii_lowercase();
    let at = memchr::memmem::find(&lower, b"charset=")? + b"charset=".len();
    let rest = lower.get(at..)?;
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let label: Vec<u8> =
        rest.iter().take_while(|b| b.is_ascii_alphanumeric() || b"-_".contains(b)).copied().collect();
    encoding_rs::Encoding::for_label(&label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_makes_one_line_of_any_whitespace() {
        assert_eq!(collapse(" 正文\u{a0}第一句\t\n第二句\u{3000} "), "正文 第一句 第二句");
    }

    #[test]
    fn html_is_told_by_its_first_tag() {
        assert!(looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<p style='x'>2019\xe5\xb9\xb4"));
        assert!(!looks_like_html("<u>一、总体情况</u>".as_bytes()));
        assert!(!looks_like_html("某局2023年政府信息公开工作年度报告".as_bytes()));
    }

    #[test]
    fn a_declared_charset_is_used() {
        let page =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>";
        assert_eq!(declared_charset(page).map(|e| e.name()), Some("GBK"));
        assert_eq!(declared_charset(b"<meta charset=\"utf-8\">").map(|e| e.name()), Some("UTF-8"));
        assert_eq!(declared_charset(b"<p>no declaration</p>"), None);
    }

    #[test]
    fn pdfs_and_legacy_word_files_are_refused_with_advice() {
        assert!(matches!(read(b"%PDF-1.7\n...", None), Err(Error::Pdf)));
        assert!(matches!(read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", None), Err(Error::LegacyWord)));
    }
}
