//! A generated archive for batch benchmarks: the corpus reports, varied.
//!
//! Each generated report takes a corpus report (decoded), gives every number in it new digits,
//! gives the agency a new name, and writes it in one of the encodings and line endings real
//! archives mix (UTF-8, UTF-8 with BOM, GB18030, UTF-16LE; LF or CRLF). Deterministic for a
//! given seed, with no dependency beyond the crate's own.

use std::fs;
use std::io;
use std::path::Path;

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The corpus reports as text, by file name.
pub fn corpus_texts(corpus: &Path) -> io::Result<Vec<(String, String)>> {
    let mut texts = Vec::new();
    let mut paths: Vec<_> = fs::read_dir(corpus)?.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let bytes = fs::read(&path)?;
        if let Ok(decoded) = nianbao::decode(&bytes, None) {
            texts.push((
                path.file_name().unwrap_or_default().to_string_lossy().into_owned(),
                decoded.text.into_owned(),
            ));
        }
    }
    Ok(texts)
}

/// One varied report: new digits for every number, a new agency, and raw bytes in a chosen
/// encoding and line ending.
pub fn vary(text: &str, index: usize, rng: &mut Rng) -> Vec<u8> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_number = false;
    for c in text.chars() {
        if c.is_ascii_digit() && !in_number {
            // Keep years (four digits starting 19 or 20) readable by leaving the first digit.
            out.push(c);
            in_number = true;
        } else if c.is_ascii_digit() {
            out.push(char::from(b'0' + rng.below(10) as u8));
        } else {
            in_number = false;
            out.push(c);
        }
    }
    let out = out.replacen("平潭综合实验区", &format!("平潭综合实验区第{index}分局"), 1);
    let out = if rng.below(2) == 0 { out.replace('\n', "\r\n") } else { out };
    match rng.below(4) {
        0 => out.into_bytes(),
        1 => [b"\xef\xbb\xbf".as_slice(), out.as_bytes()].concat(),
        2 => encoding_rs::GB18030.encode(&out).0.into_owned(),
        _ => [vec![0xff, 0xfe], out.encode_utf16().flat_map(u16::to_le_bytes).collect()].concat(),
    }
}

/// Writes `count` varied reports into `dir` (in sub-folders of 1,000), returning their bytes.
pub fn generate(corpus: &Path, dir: &Path, count: usize, seed: u64) -> io::Result<u64> {
    let texts = corpus_texts(corpus)?;
    let mut rng = Rng::new(seed);
    let mut total = 0;
    for index in 0..count {
        let (name, text) = &texts[index % texts.len()];
        let folder = dir.join(format!("{:03}", index / 1000));
        fs::create_dir_all(&folder)?;
        let bytes = vary(text, index, &mut rng);
        total += bytes.len() as u64;
        fs::write(folder.join(format!("{index:06}-{name}")), bytes)?;
    }
    Ok(total)
}
