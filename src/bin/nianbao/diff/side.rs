//! One side of a diff as records on disk: a JSON Lines batch is read where it is; a JSON report
//! or array, a dump, a document or a folder of them is first turned into JSON Lines in a
//! temporary file. Only an index (offset, hash, path, agency, year) stays in memory; a record is
//! read back when it is compared, so a side of 10⁵ reports costs a few megabytes.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::batch::{self, Outcome};
use crate::inputs;

/// A record's place in its file and what pairs it.
#[derive(Debug, Clone)]
pub struct Entry {
    offset: u64,
    pub sha256: Option<String>,
    pub path: String,
    pub agency: Option<String>,
    pub year: Option<i64>,
}

/// The fields an index needs, read without the rest of a record.
#[derive(Deserialize)]
struct Head {
    source: HeadSource,
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    year: Option<i64>,
}

#[derive(Deserialize)]
struct HeadSource {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    sha256: Option<String>,
}

/// A side: its records' file and their index.
pub struct Side {
    file: fs::File,
    pub entries: Vec<Entry>,
    /// A temporary file this side made, removed when the side is dropped.
    temporary: Option<PathBuf>,
}

impl Drop for Side {
    fn drop(&mut self) {
        if let Some(path) = &self.temporary {
            let _ = fs::remove_file(path);
        }
    }
}

impl Side {
    /// Opens `path`: JSON Lines (`.jsonl`, `.ndjson`) as it is; a `.json` report or array, a
    /// dump, a document or a folder through a temporary JSON Lines file.
    pub fn open(
        path: &Path,
        options: &nianbao::Options,
        extensions: &[String],
        (jobs, quiet): (usize, bool),
    ) -> io::Result<Side> {
        if !path.exists() {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such file or folder"));
        }
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("jsonl" | "ndjson") if path.is_file() => Side::index(fs::File::open(path)?, None, path),
            Some("json") if path.is_file() => {
                let value: Value =
                    serde_json::from_reader(BufReader::new(fs::File::open(path)?)).map_err(|e| {
                        io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display()))
                    })?;
                let records = match value {
                    Value::Array(items) => items,
                    one => vec![one],
                };
                Side::temporary(path, |out| {
                    for record in &records {
                        serde_json::to_writer(&mut *out, record)?;
                        out.write_all(b"\n")?;
                    }
                    Ok(())
                })
            }
            _ => {
                let listed = inputs::list(&[path.to_path_buf()], extensions, quiet);
                Side::temporary(path, |out| {
                    let render =
                        |report: nianbao::Report| serde_json::to_vec(&report).map_err(io::Error::other);
                    batch::run(&listed, (options, jobs, false), render, |outcome: Outcome<Vec<u8>>| {
                        match outcome.result {
                            Ok(line) => out.write_all(&line)?,
                            Err(failure) => serde_json::to_writer(&mut *out, &failure.record(&outcome.path))?,
                        }
                        out.write_all(b"\n")
                    })
                    .map(|_| ())
                })
            }
        }
    }

    fn temporary(
        source: &Path,
        write: impl FnOnce(&mut BufWriter<fs::File>) -> io::Result<()>,
    ) -> io::Result<Side> {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("nianbao-diff-{}-{n}.jsonl", std::process::id()));
        let mut out = BufWriter::new(fs::File::create(&path)?);
        let written = write(&mut out).and_then(|()| out.flush());
        drop(out);
        if let Err(error) = written {
            let _ = fs::remove_file(&path);
            return Err(error);
        }
        let file = fs::File::open(&path)?;
        Side::index(file, Some(path), source)
    }

    fn index(file: fs::File, temporary: Option<PathBuf>, shown: &Path) -> io::Result<Side> {
        let mut reader = BufReader::new(file.try_clone()?);
        let mut entries = Vec::new();
        let (mut offset, mut line, mut number) = (0u64, Vec::new(), 0usize);
        loop {
            line.clear();
            let read = reader.read_until(b'\n', &mut line)?;
            if read == 0 {
                break;
            }
            number += 1;
            if !line.iter().all(u8::is_ascii_whitespace) {
                let head: Head = serde_json::from_slice(&line).map_err(|e| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{}:{number}: not a nianbao record: {e}", shown.display()),
                    )
                })?;
                entries.push(Entry {
                    offset,
                    sha256: head.source.sha256,
                    path: head.source.path.unwrap_or_else(|| format!("{}:{number}", shown.display())),
                    agency: head.agency,
                    year: head.year,
                });
            }
            offset += read as u64;
        }
        Ok(Side { file, entries, temporary })
    }

    /// The record of an entry, read back from its file.
    pub fn record(&mut self, entry: &Entry) -> io::Result<Value> {
        self.file.seek(SeekFrom::Start(entry.offset))?;
        let mut line = Vec::new();
        BufReader::new((&mut self.file).take(u64::MAX)).read_until(b'\n', &mut line)?;
        serde_json::from_slice(&line).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// Entries by source hash (several when the same bytes were read twice) and by path
    /// within the side (see [`Side::within`]).
    pub fn lookups(&self) -> (HashMap<&str, Vec<usize>>, HashMap<&str, usize>) {
        let mut by_hash: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_path = HashMap::new();
        let root = self.root();
        for (i, entry) in self.entries.iter().enumerate() {
            if let Some(hash) = &entry.sha256 {
                by_hash.entry(hash.as_str()).or_default().push(i);
            }
            by_path.entry(within(&entry.path, root)).or_insert(i);
        }
        (by_hash, by_path)
    }

    /// The folder every record's path is under (`corpus/` for `corpus/a.txt` and
    /// `corpus/b/c.txt`): two readings of one archive from different places pair by the path
    /// beneath it.
    pub fn root(&self) -> usize {
        let mut paths = self.entries.iter().map(|e| e.path.as_str());
        let Some(first) = paths.next() else { return 0 };
        let common = paths.fold(first.len(), |common, path| {
            first.bytes().zip(path.bytes()).take(common).take_while(|(a, b)| a == b).count()
        });
        // Back to the last separator: a folder, not part of a name.
        first.get(..common).and_then(|prefix| prefix.rfind('/')).map_or(0, |at| at + 1)
    }
}

/// A path beneath a side's root (see [`Side::root`]).
pub fn within(path: &str, root: usize) -> &str {
    path.get(root..).unwrap_or(path)
}
