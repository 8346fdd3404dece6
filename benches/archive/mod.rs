//! A generated archive for batch benchmarks: the corpus reports, varied honestly.
//!
//! Each generated report takes a corpus dump (decoded) and multiplies every count nianbao reads
//! from its tables by one factor (2 to 9), in place, and the figures its prose states about them
//! (the `narrative.*` checks): the report's identities are sums, so they still hold, and its
//! years, labels and the rest of its prose are left as printed. Where a wider number would
//! push the next column of a space-aligned row to the right, the spaces after it give way.
//! The agency gets a new name, and the bytes are written in one of the encodings and line
//! endings real archives mix (UTF-8, UTF-8 with BOM, GB18030, UTF-16LE; LF or CRLF).
//! Deterministic for a given seed, with no dependency beyond the crate's own.

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

/// A count read from a dump: where it stands (0-based line, 0-based character column) and
/// its value.
#[derive(Debug, Clone, Copy)]
pub struct Count {
    line: usize,
    column: usize,
    chars: usize,
    value: i64,
}

/// A corpus dump ready to vary: its lines and the counts read from them.
pub struct Template {
    pub name: String,
    lines: Vec<String>,
    /// The counts the generator varies.
    pub counts: Vec<Count>,
}

/// The corpus text dumps, by file name, with the counts nianbao reads from each.
pub fn templates(corpus: &Path) -> io::Result<Vec<Template>> {
    let mut templates = Vec::new();
    let mut paths: Vec<_> = fs::read_dir(corpus)?.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    let options = nianbao::Options::default().with_provenance(true);
    for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let bytes = fs::read(&path)?;
        let (Ok(decoded), Ok(report)) = (nianbao::decode(&bytes, None), nianbao::extract(&bytes, &options))
        else {
            continue;
        };
        let lines: Vec<String> = decoded.text.split('\n').map(str::to_owned).collect();
        let counts = counts(&report, &lines);
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        templates.push(Template { name, lines, counts });
    }
    Ok(templates)
}

/// The integer values of the report's tables whose printed text stands at their origin exactly
/// as the number (a packed or wrapped cell, or money, is left as printed).
fn counts(report: &nianbao::Report, lines: &[String]) -> Vec<Count> {
    let Some(provenance) = &report.provenance else { return Vec::new() };
    let mut counts = Vec::new();
    for record in nianbao::tidy::records(report) {
        let table = match record.table.as_str() {
            "active_disclosure" => &provenance.active_disclosure,
            "applications" => &provenance.applications,
            _ => &provenance.reviews_and_lawsuits,
        };
        let origin = table.get(&record.row).and_then(|row| row.get(&record.column));
        let (Ok(value), Some(origin)) = (record.value.parse::<i64>(), origin) else { continue };
        let Some(text) = origin.line.checked_sub(1).and_then(|l| lines.get(l)) else { continue };
        let chars = origin.raw.chars().count();
        let printed: String = text.chars().skip(origin.column.saturating_sub(1)).take(chars).collect();
        if printed == origin.raw && origin.raw == value.to_string() && origin.column > 0 {
            counts.push(Count { line: origin.line - 1, column: origin.column - 1, chars, value });
        }
    }
    counts.extend(stated(report, lines));
    counts.sort_by_key(|c| (c.line, std::cmp::Reverse(c.column)));
    counts.dedup_by_key(|c| (c.line, c.column));
    counts
}

/// The figures the prose states about the tables (the `narrative.*` checks' clauses), found on
/// their lines, so that the text keeps agreeing with the tables it describes.
fn stated(report: &nianbao::Report, lines: &[String]) -> Vec<Count> {
    let mut found = Vec::new();
    for check in report.checks.iter().filter(|c| c.rule.starts_with("narrative.")) {
        let (Some(clause), Some(value)) = (&check.text, check.expected) else { continue };
        let digits = value.to_string();
        for (l, line) in lines.iter().enumerate() {
            let Some(at) = line.find(clause.as_str()) else { continue };
            // The number inside the clause, as digits standing alone.
            let within = &line[at..at + clause.len()];
            let Some(offset) = within.match_indices(&digits).map(|(i, _)| i).find(|&i| {
                let before = within[..i].chars().next_back();
                let after = within[i + digits.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
            }) else {
                continue;
            };
            let column = line[..at + offset].chars().count();
            found.push(Count { line: l, column, chars: digits.len(), value });
        }
    }
    found
}

/// One varied report: every count multiplied by `factor`, a new agency, and raw bytes in a
/// chosen encoding and line ending.
pub fn vary(template: &Template, index: usize, rng: &mut Rng) -> Vec<u8> {
    let factor = 2 + rng.below(8) as i64;
    let mut lines = template.lines.clone();
    // Right to left within a line, so that the columns still to be changed stay where they were.
    for count in &template.counts {
        let Some(line) = lines.get_mut(count.line) else { continue };
        let chars: Vec<char> = line.chars().collect();
        let scaled = (count.value * factor).to_string();
        let end = count.column + count.chars;
        let grown = scaled.len().saturating_sub(count.chars);
        // Spaces after the number give way to its new digits, keeping one.
        let spaces = chars[end..].iter().take_while(|&&c| c == ' ').count();
        let eaten = if spaces > grown { grown } else { 0 };
        let mut out: String = chars[..count.column].iter().collect();
        out.push_str(&scaled);
        out.extend(&chars[end + eaten..]);
        *line = out;
    }
    let out = lines.join("\n");
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
    let templates = templates(corpus)?;
    let mut rng = Rng::new(seed);
    let mut total = 0;
    for index in 0..count {
        let template = &templates[index % templates.len()];
        let folder = dir.join(format!("{:03}", index / 1000));
        fs::create_dir_all(&folder)?;
        let bytes = vary(template, index, &mut rng);
        total += bytes.len() as u64;
        fs::write(folder.join(format!("{index:06}-{}", template.name)), bytes)?;
    }
    Ok(total)
}
