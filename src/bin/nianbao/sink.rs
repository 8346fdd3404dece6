//! Where output goes: standard output, or a file written under a temporary name and renamed
//! into place when whole (removed if the run is interrupted), or a device or pipe written in
//! place. Every command that writes a file writes it through a [`Sink`].

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The output file being written under its temporary name, removed if the run is interrupted.
static PARTIAL: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// On Ctrl-C: removes the partial output file, so an interrupted run leaves nothing that looks
/// like output, and exits with 130 as shells expect.
pub fn remove_partial_output_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        if let Some(path) = PARTIAL.lock().ok().and_then(|mut p| p.take()) {
            let _ = fs::remove_file(path);
        }
        std::process::exit(130);
    });
}

/// Standard output; a regular file written under a temporary name and renamed over the target
/// when complete (so an interrupted run never leaves a file that looks whole); or anything else
/// the target names (a device such as `/dev/null`, a pipe, a symbolic link), written in place:
/// renaming over those would replace them.
pub enum Sink {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File { writer: BufWriter<fs::File>, temporary: PathBuf, target: PathBuf },
    InPlace(BufWriter<fs::File>),
}

impl Sink {
    pub fn open(target: Option<&Path>) -> io::Result<Sink> {
        let Some(target) = target.filter(|t| *t != Path::new("-")) else {
            return Ok(Sink::Stdout(BufWriter::new(io::stdout().lock())));
        };
        if let Some(folder) = target.parent().filter(|f| !f.as_os_str().is_empty() && !f.is_dir()) {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("cannot write {}: the folder {} does not exist", target.display(), folder.display()),
            ));
        }
        let regular_or_new = match fs::symlink_metadata(target) {
            Ok(metadata) => metadata.file_type().is_file(),
            Err(error) if error.kind() == io::ErrorKind::NotFound => true,
            Err(error) => return Err(error),
        };
        if !regular_or_new {
            return Ok(Sink::InPlace(BufWriter::new(fs::OpenOptions::new().write(true).open(target)?)));
        }
        let mut name = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".partial");
        let temporary = target.with_file_name(name);
        let file = fs::File::create(&temporary)?;
        if let Ok(mut partial) = PARTIAL.lock() {
            *partial = Some(temporary.clone());
        }
        Ok(Sink::File { writer: BufWriter::new(file), temporary, target: target.to_path_buf() })
    }

    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::Stdout(mut out) => out.flush(),
            Sink::InPlace(mut out) => out.flush(),
            Sink::File { writer, temporary, target } => {
                let file = writer.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()?;
                fs::rename(&temporary, &target)?;
                if let Ok(mut partial) = PARTIAL.lock() {
                    *partial = None;
                }
                Ok(())
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(bytes),
            Sink::File { writer, .. } | Sink::InPlace(writer) => writer.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File { writer, .. } | Sink::InPlace(writer) => writer.flush(),
        }
    }
}
