//! Bytes to text: byte-order marks, UTF-8, UTF-16 and GB18030, and the refusal of binary input.
//!
//! Detection order: known binary signatures; a BOM (UTF-8, UTF-16LE, UTF-16BE); UTF-16 without
//! a BOM when every other byte is NUL; UTF-8 when the bytes are (nearly all) valid UTF-8;
//! otherwise GB18030, the superset of GBK and GB2312 that Chinese government sites publish in.

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Position};

/// Text decoded from raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without a byte-order mark: borrowed from the input when that is valid UTF-8.
    pub text: Cow<'a, str>,
    /// The encoding's name as the contract spells it (`UTF-8`, `GB18030`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// Whether some bytes were not valid in that encoding and became U+FFFD.
    pub lossy: bool,
    /// Whether the encoding was guessed because the bytes were not UTF-8.
    pub fallback: bool,
}

/// Signatures of binary formats people drop into folders of dumps by mistake.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (docx, xlsx, zip)"),
    (b"%PDF-", "PDF document; convert it with pdftotext first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (doc, xls)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
];

/// Looks an encoding up by a label such as `gbk`, `utf-16le` or `UTF-8`.
pub(crate) fn encoding_for_label(label: &str) -> Result<&'static Encoding, Error> {
    let trimmed = label.trim();
    let alias = ALIASES.iter().find(|(name, _)| name.eq_ignore_ascii_case(trimmed)).map(|(_, to)| *to);
    Encoding::for_label(alias.unwrap_or(trimmed).as_bytes())
        .ok_or_else(|| Error::UnknownEncoding(label.to_owned()))
}

/// Windows' names for the encodings the WHATWG labels do not list.
const ALIASES: &[(&str, &str)] = &[
    ("cp936", "gbk"),
    ("ms936", "gbk"),
    ("windows-936", "gbk"),
    ("cp54936", "gb18030"),
    ("utf16", "utf-16le"),
];

/// The encoding names `--encoding` is documented to take (any WHATWG label works too).
pub const ENCODING_NAMES: &str = "utf-8, gb18030, gbk (cp936), gb2312, big5, utf-16le, utf-16be";

/// Decodes `bytes` as [`extract()`](crate::extract()) does, detecting the encoding unless
/// `label` names one (`gbk`, `utf-16le`, any WHATWG label, or Windows' `cp936`).
///
/// ```
/// let decoded = nianbao::decode(b"\xef\xbb\xbf\xe4\xb8\x80", None).unwrap();
/// assert_eq!((&*decoded.text, decoded.encoding), ("一", "UTF-8"));
/// let gbk = nianbao::decode(b"\xd2\xbb", Some("cp936")).unwrap();
/// assert_eq!(&*gbk.text, "一");
/// assert!(nianbao::decode(b"x", Some("klingon")).is_err());
/// ```
pub fn decode<'a>(bytes: &'a [u8], label: Option<&str>) -> Result<Decoded<'a>, Error> {
    decode_as(bytes, label.map(encoding_for_label).transpose()?)
}

/// The name the output contract gives the encoding a label stands for (`cp936` → `GB18030`, its superset, as
/// `source.encoding` would say), or [`Error::UnknownEncoding`]: for checking a label before
/// reading a batch with it.
///
/// ```
/// assert_eq!(nianbao::encoding_name("utf8").unwrap(), "UTF-8");
/// assert!(nianbao::encoding_name("klingon").is_err());
/// ```
pub fn encoding_name(label: &str) -> Result<&'static str, Error> {
    encoding_for_label(label).map(contract_name)
}

/// [`decode`] with the encoding already looked up.
pub(crate) fn decode_as<'a>(
    bytes: &'a [u8],
    forced: Option<&'static Encoding>,
) -> Result<Decoded<'a>, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if let Some((_, kind)) = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(Error::Binary { kind, position: Position { offset: 0, line: None } });
    }
    let decoded = match forced {
        Some(encoding) => with_encoding(bytes, encoding, false),
        None => detect(bytes),
    };
    refuse_binary(&decoded)?;
    if decoded.text.trim().is_empty() {
        return Err(Error::Blank);
    }
    Ok(decoded)
}

fn detect(bytes: &[u8]) -> Decoded<'_> {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return with_encoding(bytes, encoding, false);
    }
    if let Some(encoding) = bomless_utf16(bytes) {
        return with_encoding(bytes, encoding, true);
    }
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Decoded { text: Cow::Borrowed(text), encoding: "UTF-8", lossy: false, fallback: false };
    }
    // A stray invalid byte in a UTF-8 file is damage; a GBK file is invalid almost everywhere.
    if mostly_utf8(bytes) {
        return with_encoding(bytes, UTF_8, false);
    }
    with_encoding(bytes, GB18030, true)
}

/// Whether valid multi-byte UTF-8 characters (counted by their lead bytes) outnumber invalid
/// sequences eight to one. The count stops as soon as the bytes left could not change the
/// answer, which for GBK text is within its first few hundred bytes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid = 0;
    let mut invalid = 0;
    let mut seen = 0;
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().bytes().filter(|&b| b >= 0xc0).count();
        invalid += usize::from(!chunk.invalid().is_empty());
        seen += chunk.valid().len() + chunk.invalid().len();
        // Each character still to come takes at least two bytes.
        if valid + (bytes.len() - seen) / 2 < invalid * 8 {
            return false;
        }
    }
    invalid == 0 || valid >= invalid * 8
}

/// UTF-16 without a BOM: mostly NUL in the even (BE) or odd (LE) bytes of the first kilobyte.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(1024) & !1).unwrap_or_default();
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    if nul_at(1) * 10 >= pairs * 7 && nul_at(0) * 10 < pairs {
        Some(UTF_16LE)
    } else if nul_at(0) * 10 >= pairs * 7 && nul_at(1) * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn with_encoding<'a>(bytes: &'a [u8], encoding: &'static Encoding, fallback: bool) -> Decoded<'a> {
    let (text, used, lossy) = encoding.decode(bytes);
    Decoded { text, encoding: contract_name(used), lossy, fallback }
}

/// The contract's spelling of an encoding name; GBK decodes as its superset GB18030.
pub(crate) fn contract_name(encoding: &'static Encoding) -> &'static str {
    if encoding == UTF_8 {
        "UTF-8"
    } else if encoding == UTF_16LE {
        "UTF-16LE"
    } else if encoding == UTF_16BE {
        "UTF-16BE"
    } else if encoding == GB18030 || encoding.name() == "GBK" {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// Text with many control characters (other than tab, newline, carriage return, form feed) is a
/// binary file decoded by mistake.
fn refuse_binary(decoded: &Decoded<'_>) -> Result<(), Error> {
    let bytes = decoded.text.as_bytes();
    let controls = count_controls(bytes);
    if controls <= 8 {
        return Ok(());
    }
    let first =
        bytes.iter().position(|&b| is_c0(b)).into_iter().chain(bytes.windows(2).position(is_c1)).min();
    let chars = decoded.text.chars().count();
    match first {
        Some(offset) if controls * 20 > chars => Err(Error::Binary {
            kind: "control bytes",
            position: Position { offset, line: Some(decoded.text[..offset].matches('\n').count() + 1) },
        }),
        _ => Ok(()),
    }
}

/// A C0 control byte other than tab, newline, carriage return and form feed, or DEL.
fn is_c0(byte: u8) -> bool {
    // Non-short-circuit operators, so loops over bytes vectorise.
    (byte < 0x20) & (byte != b'\t') & (byte != b'\n') & (byte != b'\r') & (byte != 0x0c) | (byte == 0x7f)
}

/// A C1 control (U+0080–U+009F), which UTF-8 writes as C2 80 – C2 9F.
fn is_c1(pair: &[u8]) -> bool {
    matches!(pair, [0xc2, 0x80..=0x9f])
}

/// How many of `bytes` pass `test`, tallied in `u8` chunks: the compiler then counts sixteen
/// bytes per vector instruction, where a `usize` tally (as `filter().count()` keeps) counts two.
pub(crate) fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    bytes.chunks(255).map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(test(b))))).sum()
}

/// How many C0 and C1 controls `bytes` holds (this runs over every byte of every report). C0
/// bytes are counted in one branch-free pass; C1 controls are looked for only where a `C2`
/// lead byte stands, which memchr finds sixteen or more bytes at a time (most reports have
/// none).
fn count_controls(bytes: &[u8]) -> usize {
    let c0 = count_bytes(bytes, is_c0);
    let c1 = memchr::memchr_iter(0xc2, bytes).filter(|&at| bytes.get(at..at + 2).is_some_and(is_c1)).count();
    c0 + c1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_bytes_counts_across_chunks() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i % 7) as u8).collect();
        assert_eq!(count_bytes(&bytes, |b| b == 3), bytes.iter().filter(|&&b| b == 3).count());
        assert_eq!(count_bytes(&[3; 255], |b| b == 3), 255);
        assert_eq!(count_bytes(&[], |_| true), 0);
    }

    #[test]
    fn controls_are_counted_as_one_byte_at_a_time_would() {
        let naive = |bytes: &[u8]| {
            let c1 = bytes.windows(2).filter(|pair| is_c1(pair)).count();
            bytes.iter().filter(|&&b| is_c0(b)).count() + c1
        };
        let mut bytes: Vec<u8> = (0..2000u32).map(|i| (i * 37 % 256) as u8).collect();
        bytes.extend_from_slice(&[0xc2, 0x80, 0xc2, 0x9f, 0xc2, 0xa0, 0xc2, 0xc2, 0x85, 0x01, 0x7f, 0xc2]);
        for len in [0, 1, 254, 255, 256, 600, bytes.len() - 1, bytes.len()] {
            assert_eq!(count_controls(&bytes[..len]), naive(&bytes[..len]), "{len}");
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("二、主动公开".as_bytes(), None).unwrap();
        assert_eq!((plain.encoding, plain.lossy, plain.fallback), ("UTF-8", false, false));
        let bom = decode(b"\xef\xbb\xbfabc", None).unwrap();
        assert_eq!(bom.text, "abc");
    }

    #[test]
    fn gbk_is_decoded_as_gb18030() {
        let (bytes, _, _) = GB18030.encode("平潭综合实验区2021年度政府信息公开工作年度报告");
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, "GB18030");
        assert!(decoded.fallback);
        assert!(decoded.text.starts_with("平潭综合实验区"));
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let mut le = vec![0xff, 0xfe];
        le.extend("年报 2023".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le, None).unwrap().encoding, "UTF-16LE");
        let be: Vec<u8> = "annual report".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let decoded = decode(&be, None).unwrap();
        assert_eq!((decoded.encoding, &*decoded.text), ("UTF-16BE", "annual report"));
    }

    #[test]
    fn a_stray_bad_byte_keeps_utf8_and_is_lossy() {
        let mut bytes = "一、总体情况，二、主动公开政府信息情况".as_bytes().to_vec();
        bytes.insert(3, 0xff);
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!((decoded.encoding, decoded.lossy), ("UTF-8", true));
    }

    #[test]
    fn empty_blank_and_binary_inputs_are_errors() {
        assert_eq!(decode(b"", None), Err(Error::Empty));
        assert_eq!(decode(b" \n\t\r\n", None), Err(Error::Blank));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(matches!(decode(png, None), Err(Error::Binary { kind: "PNG image", .. })));
        let noise: Vec<u8> = (0u8..32).cycle().take(400).collect();
        assert!(matches!(decode(&noise, None), Err(Error::Binary { kind: "control bytes", .. })));
    }

    #[test]
    fn forced_encoding_wins() {
        let (bytes, _, _) = GB18030.encode("规章");
        let decoded = decode(&bytes, Some("gbk")).unwrap();
        assert_eq!((&*decoded.text, decoded.fallback), ("规章", false));
        assert!(matches!(encoding_for_label("klingon"), Err(Error::UnknownEncoding(_))));
        assert_eq!(encoding_for_label("CP936").map(|e| e.name()), Ok("GBK"));
    }
}
