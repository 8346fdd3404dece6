//! Inputs: the files named on the command line, folders walked in sorted order, stdin for `-`.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One input to read: a path as given (or `-`), or a problem found while listing inputs.
pub enum Input {
    /// A file, or `-` for standard input.
    File(PathBuf),
    /// A path that could not be listed.
    Unlisted(PathBuf, String),
}

/// Expands paths into inputs: files as given, folders recursively (files with one of
/// `extensions`, sorted by path), nothing at all as standard input. The files a folder walk
/// leaves out are counted on standard error, so that none goes unseen, unless `quiet`.
pub fn list(paths: &[PathBuf], extensions: &[String], quiet: bool) -> Vec<Input> {
    if paths.is_empty() {
        return vec![Input::File(PathBuf::from("-"))];
    }
    let mut inputs = Vec::new();
    for path in paths {
        if !path.is_dir() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        let walker = walkdir::WalkDir::new(path).sort_by_file_name();
        let mut skipped = 0;
        for entry in walker {
            match entry {
                Ok(entry) if !entry.file_type().is_dir() && has_extension(entry.path(), extensions) => {
                    inputs.push(Input::File(entry.into_path()));
                }
                Ok(entry) => {
                    let hidden = entry.file_name().to_string_lossy().starts_with('.');
                    skipped += usize::from(!entry.file_type().is_dir() && !hidden);
                }
                Err(error) => {
                    let at = error.path().unwrap_or(path).to_path_buf();
                    inputs.push(Input::Unlisted(at, error.to_string()));
                }
            }
        }
        if skipped > 0 && !quiet {
            eprintln!(
                "nianbao: {skipped} files under {} left out: not .{} (--extension '*' takes every file)",
                path.display(),
                extensions.join(" .")
            );
        }
    }
    inputs
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    extensions.iter().any(|x| x == "*")
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Reads an input's bytes; `-` is standard input.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        fs::read(path)
    }
}

/// Says on standard error that `paths` hold no file with the `extensions` taken (every command
/// that reads reports says it the same way).
pub fn say_none_found(paths: &[PathBuf], extensions: &[String]) {
    eprintln!(
        "nianbao: no input files: nothing under {} has the extensions taken (.{}; --extension '*' takes every file)",
        paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
        extensions.join(" .")
    );
}
