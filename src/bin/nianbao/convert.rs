//! PDFs: their text taken out by poppler's `pdftotext -layout`, run directly (never through a
//! shell), so the library reads it as the `-layout` dump it is.

use std::io::ErrorKind;
use std::path::Path;
use std::process::Command;

/// The converter as recorded in a report's `source.converter`.
pub const PDFTOTEXT: &str = "pdftotext -layout";

/// Whether the bytes are a PDF.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF")
}

/// The text of the PDF at `path`, by `pdftotext -layout -enc UTF-8 PATH -`.
///
/// # Errors
///
/// Why there is none, in words for the user: `pdftotext` is not installed (and which package
/// has it), it refused the file (encrypted, broken: its own message), or the PDF has no text
/// (a scan, which needs OCR).
pub fn pdf_text(path: &Path) -> Result<Vec<u8>, String> {
    if path == Path::new("-") {
        return Err("a PDF on standard input: give it as a file, which pdftotext reads".into());
    }
    let output = Command::new("pdftotext").args(["-layout", "-enc", "UTF-8"]).arg(path).arg("-").output();
    let output = match output {
        Ok(output) => output,
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return Err("a PDF, and pdftotext is not installed: install poppler-utils (Debian, Ubuntu: apt install poppler-utils; macOS: brew install poppler) or convert it with `pdftotext -layout FILE.pdf OUT.txt`".into());
        }
        Err(error) => return Err(format!("a PDF, and pdftotext could not be run: {error}")),
    };
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said.lines().last().unwrap_or("no message").trim();
        return Err(format!("pdftotext could not read this PDF (encrypted or broken?): {said}"));
    }
    if output.stdout.iter().all(|b| b.is_ascii_whitespace() || *b == 0x0c) {
        return Err(
            "a PDF without text (a scanned document?): it needs OCR before nianbao can read it".into()
        );
    }
    Ok(output.stdout)
}
