//! Word files (`.docx`): paragraphs as lines, and each table (`w:tbl`) as its exact grid.
//!
//! A `.docx` is a zip holding `word/document.xml`, which is streamed (quick-xml) without being
//! read whole into a tree. Text is the `w:t` runs (a `w:tab` a space, a `w:br` a line break);
//! deleted text, field codes and drawings are not. A table row is its `w:tc` cells in order,
//! each covering `w:gridSpan` grid columns; a cell that continues a vertical merge (`w:vMerge`
//! without `restart`) is printed empty, as the tab reader expects a spanned cell. A table
//! inside a table cell is read as that cell's text.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{collapse, GridRow, Produced, MAX_SPAN, MAX_WIDTH};
use crate::error::Error;

/// The part of the package that holds the document's body.
const DOCUMENT: &str = "word/document.xml";

/// Reads a `.docx` file's bytes.
///
/// # Errors
///
/// [`Error::Document`] when the bytes are not a zip, the zip holds no Word document (an
/// `.xlsx`, a plain archive) or the document's XML is broken.
pub fn read(bytes: &[u8]) -> Result<Produced, Error> {
    let broken = |reason: String| Error::Document { format: "docx", reason };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(format!("not a readable zip: {e}")))?;
    let part = archive.by_name(DOCUMENT).map_err(|_| {
        broken(format!("a zip without {DOCUMENT}: not a Word document (an .xlsx, .pptx or other archive?)"))
    })?;
    let mut body = Body::default();
    body.stream(BufReader::new(part))
        .map_err(|e| broken(format!("{DOCUMENT} is not well-formed XML: {e}")))?;
    body.paragraph_end();
    Ok(body.produced)
}

/// The document being written out.
#[derive(Default)]
struct Body {
    produced: Produced,
    /// The paragraph's text so far.
    paragraph: String,
    /// Open tables: each its rows, each row its cells (text, grid columns covered).
    tables: Vec<Vec<Vec<(String, usize)>>>,
    tables_done: usize,
    /// Inside a `w:t` run's text.
    in_text: bool,
}

impl Body {
    fn stream<R: Read>(&mut self, source: BufReader<R>) -> Result<(), quick_xml::Error> {
        let mut reader = Reader::from_reader(source);
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            match reader.read_event_into(&mut buffer)? {
                Event::Start(element) => self.open(&element, false),
                Event::Empty(element) => self.open(&element, true),
                Event::End(element) => self.close(element.local_name().as_ref()),
                Event::Text(text) if self.in_text => {
                    let text = text.decode().map_err(quick_xml::Error::Encoding)?;
                    self.paragraph.push_str(&text);
                }
                Event::GeneralRef(reference) if self.in_text => {
                    let name = reference.decode().map_err(quick_xml::Error::Encoding)?;
                    self.paragraph.extend(entity(&name));
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn open(&mut self, element: &BytesStart<'_>, empty: bool) {
        match element.local_name().as_ref() {
            b"t" => self.in_text = !empty,
            b"tab" => self.paragraph.push(' '),
            b"br" | b"cr" => self.paragraph.push('\n'),
            b"tbl" => {
                self.paragraph_end();
                self.tables.push(Vec::new());
            }
            b"tr" => {
                if let Some(table) = self.tables.last_mut() {
                    table.push(Vec::new());
                }
            }
            b"tc" => {
                self.paragraph_end();
                if let Some(row) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    row.push((String::new(), 1));
                }
            }
            b"gridSpan" => {
                let span = value(element)
                    .and_then(|v| v.parse::<usize>().ok())
                    .filter(|n| (1..=MAX_SPAN).contains(n));
                if let Some(cell) = self.open_cell() {
                    cell.1 = span.unwrap_or(1);
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"t" => self.in_text = false,
            b"p" => self.paragraph_end(),
            b"tbl" => {
                self.paragraph_end();
                if let Some(rows) = self.tables.pop() {
                    self.table_end(rows);
                }
            }
            _ => {}
        }
    }

    /// The innermost table's last cell.
    fn open_cell(&mut self) -> Option<&mut (String, usize)> {
        self.tables.last_mut()?.last_mut()?.last_mut()
    }

    /// Ends a paragraph: a line of its own, or more text of the cell it stands in.
    fn paragraph_end(&mut self) {
        let text = std::mem::take(&mut self.paragraph);
        if let Some(cell) = self.open_cell() {
            if !text.trim().is_empty() {
                if !cell.0.is_empty() {
                    cell.0.push(' ');
                }
                cell.0.push_str(&collapse(&text));
            }
            return;
        }
        for line in text.split('\n') {
            let line = collapse(line);
            if !line.is_empty() {
                self.produced.push(line, None);
            }
        }
    }

    fn table_end(&mut self, rows: Vec<Vec<(String, usize)>>) {
        let text_of = |rows: &[Vec<(String, usize)>]| {
            rows.iter()
                .map(|row| {
                    row.iter()
                        .map(|(t, _)| t.as_str())
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        if let Some(cell) = self.open_cell() {
            // A table inside a cell: its text is the cell's.
            let text = text_of(&rows);
            if !text.is_empty() {
                cell.0.push(' ');
                cell.0.push_str(&text);
            }
            return;
        }
        let width = rows.iter().map(|row| row.iter().map(|(_, span)| span).sum::<usize>()).max().unwrap_or(0);
        if width > MAX_WIDTH {
            // Too wide for any report's table (a file's mistake): its text, cell by cell.
            for (text, _) in rows.iter().flatten().filter(|(t, _)| !t.is_empty()) {
                self.produced.push(text.clone(), None);
            }
            return;
        }
        self.tables_done += 1;
        for (r, row) in rows.iter().enumerate() {
            let mut line = String::new();
            for (c, (text, span)) in row.iter().enumerate() {
                if c > 0 {
                    line.push('\t');
                }
                line.push_str(&text.replace('\t', " "));
                for _ in 1..*span {
                    line.push('\t');
                }
            }
            self.produced.push(line, Some(GridRow { table: self.tables_done, row: r + 1 }));
        }
    }
}

/// An element's `w:val` attribute.
fn value(element: &BytesStart<'_>) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .and_then(|a| String::from_utf8(a.value.into_owned()).ok())
}

/// The text an entity reference stands for (`amp`, `#x4E00`, `#20320`).
fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    /// A `.docx` (a zip) whose `word/document.xml` has `body` inside `<w:body>`.
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file(DOCUMENT, options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn tc(text: &str, properties: &str) -> String {
        format!("<w:tc><w:tcPr>{properties}</w:tcPr>{}</w:tc>", p(text))
    }

    #[test]
    fn paragraphs_and_merged_cells() {
        let body = format!(
            "{}<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>{}",
            p("一、总体情况 &amp; 概述"),
            tc("三、本年度办理结果", "<w:vMerge w:val=\"restart\"/>"),
            tc("（一）予以公开", "<w:gridSpan w:val=\"2\"/>"),
            tc("5", ""),
            tc("", "<w:vMerge/>"),
            tc("1.属于国家秘密", ""),
            tc("0", "<w:gridSpan w:val=\"2\"/>"),
            p("后文"),
        );
        let produced = read(&docx(&body)).unwrap();
        let lines: Vec<&str> = produced.text.lines().collect();
        assert_eq!(
            lines,
            [
                "一、总体情况 & 概述",
                "三、本年度办理结果\t（一）予以公开\t\t5",
                "\t1.属于国家秘密\t0\t",
                "后文"
            ]
        );
        assert_eq!(produced.rows[1], Some(GridRow { table: 1, row: 1 }));
        assert_eq!(produced.rows[3], None);
    }

    #[test]
    fn a_zip_that_is_not_a_word_file_is_named() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let error = read(&bytes).unwrap_err();
        assert!(error.to_string().contains("not a Word document"), "{error}");
        assert!(read(b"PK\x03\x04 broken").unwrap_err().to_string().contains("not a readable zip"));
    }
}
