//! Batches: many inputs extracted on all cores, handed on in input order, with a progress bar
//! and a summary on standard error.
//!
//! Inputs are processed in chunks: a chunk is extracted in parallel, then its results are
//! passed on one by one in order, so memory stays bounded by the chunk, however many files.

use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nianbao::{CheckStatus, Report};
use rayon::prelude::*;

use sha2::Digest;

use crate::convert;
use crate::inputs::{self, Input};

/// What became of one input.
pub struct Outcome<T> {
    /// The input's path as given.
    pub path: String,
    /// Its size in bytes (0 when it could not be read).
    pub bytes: u64,
    /// What the caller made of the report, or why there is none.
    pub result: Result<T, Failure>,
}

/// Why an input gave no report: a stable code and a message naming the input and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The error's code (`empty_input`, `pdf_unreadable`, `unreadable_input`, …).
    pub code: String,
    /// `path: error[code]: reason`.
    pub message: String,
}

impl Failure {
    fn new(at: &str, code: &str, reason: impl std::fmt::Display) -> Failure {
        Failure { code: code.to_owned(), message: format!("{at}: error[{code}]: {reason}") }
    }

    /// The error record a batch writes in the report's place.
    pub fn record(&self, path: &str) -> nianbao::ErrorRecord {
        nianbao::ErrorRecord {
            source: nianbao::ErrorSource { path: path.to_owned() },
            error: self.message.clone(),
            code: self.code.clone(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Counts for the closing summary.
#[derive(Debug, Default)]
pub struct Summary {
    /// Inputs seen.
    pub files: usize,
    /// Reports extracted.
    pub reports: usize,
    /// Inputs that could not be read or are not reports.
    pub errors: usize,
    /// Failed identities over all reports.
    pub failed_checks: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl Summary {
    /// One line: files, reports, errors, failed checks, throughput.
    pub fn line(&self) -> String {
        let seconds = self.elapsed.as_secs_f64().max(1e-9);
        let megabytes = self.bytes as f64 / 1e6;
        let count = |n: usize, noun: &str| format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
        format!(
            "nianbao: {}, {}, {}, {}; {:.1} MB in {:.2} s ({:.1} MB/s)",
            count(self.files, "file"),
            count(self.reports, "report"),
            count(self.errors, "error"),
            count(self.failed_checks, "failed check"),
            megabytes,
            seconds,
            megabytes / seconds
        )
    }
}

/// How many inputs are extracted together before their results are passed on.
const CHUNK_PER_JOB: usize = 64;

/// Extracts every input with `jobs` threads (0: all cores), hands each report to `prepare` on
/// the same thread (rendering it, say), and passes each outcome to `each`, in input order.
///
/// A report `prepare` does not return is freed on the thread that made it: what crosses to
/// the caller's thread is only what the caller needs.
pub fn run<T: Send>(
    inputs: &[Input],
    (options, jobs, show_progress): (&nianbao::Options, usize, bool),
    prepare: impl Fn(Report) -> io::Result<T> + Sync,
    mut each: impl FnMut(Outcome<T>) -> io::Result<()>,
) -> io::Result<Summary> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().map_err(io::Error::other)?;
    let progress = if show_progress { progress_bar(inputs.len()) } else { ProgressBar::hidden() };
    let mut summary = Summary { files: inputs.len(), ..Summary::default() };
    let chunk = pool.current_num_threads().max(1) * CHUNK_PER_JOB;
    for inputs in inputs.chunks(chunk) {
        let outcomes: Vec<io::Result<(Outcome<T>, usize)>> = pool.install(|| {
            inputs
                .par_iter()
                .map(|input| {
                    let outcome = extract(input, options);
                    let failed_checks = outcome.result.as_ref().map_or(0, |report| {
                        report.checks.iter().filter(|c| c.status == CheckStatus::Fail).count()
                    });
                    let result = match outcome.result {
                        Ok(report) => Ok(prepare(report)?),
                        Err(message) => Err(message),
                    };
                    Ok((Outcome { path: outcome.path, bytes: outcome.bytes, result }, failed_checks))
                })
                .collect()
        });
        for outcome in outcomes {
            let (outcome, failed_checks) = outcome?;
            summary.bytes += outcome.bytes;
            match &outcome.result {
                Ok(_) => {
                    summary.reports += 1;
                    summary.failed_checks += failed_checks;
                }
                Err(_) => summary.errors += 1,
            }
            progress.inc(1);
            if outcome.result.is_err() {
                // An error line is printed with the bar cleared, then the bar is drawn again.
                progress.suspend(|| each(outcome))?;
            } else {
                each(outcome)?;
            }
        }
    }
    progress.finish_and_clear();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A progress bar on standard error: hidden for one input and when standard error is not a
/// terminal (the caller hides it where output goes to the terminal it would be drawn on).
fn progress_bar(total: usize) -> ProgressBar {
    if total < 2 || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    bar.set_style(progress_style());
    bar
}

/// `{bar} 120/36000 files  850 files/s  42 s left`: whole files a second, and the time left
/// only once the rate means something (two seconds in).
fn progress_style() -> ProgressStyle {
    ProgressStyle::with_template("{bar:40} {pos}/{len} files  {rate}  {left}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} files/s", state.per_sec());
        })
        .with_key("left", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            if state.elapsed() >= Duration::from_secs(2) {
                let _ = write!(w, "{} s left", state.eta().as_secs());
            }
        })
}

/// Reads and extracts one input.
fn extract(input: &Input, options: &nianbao::Options) -> Outcome<Report> {
    let path = match input {
        Input::File(path) => path,
        Input::Unlisted(path, why) => {
            let shown = path.display().to_string();
            let result = Err(Failure::new(&shown, "unlisted_input", format!("cannot list: {why}")));
            return Outcome { result, path: shown, bytes: 0 };
        }
    };
    let shown = path.display().to_string();
    let bytes = match inputs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let result = Err(Failure::new(&shown, "unreadable_input", format!("cannot read: {error}")));
            return Outcome { result, path: shown, bytes: 0 };
        }
    };
    let options = options.clone().with_path(shown.clone());
    if convert::is_pdf(&bytes) {
        let text = match convert::pdf_text(path) {
            Ok(text) => text,
            Err(why) => {
                let result = Err(Failure::new(&shown, "pdf_unreadable", why));
                return Outcome { path: shown, bytes: bytes.len() as u64, result };
            }
        };
        let options = options.with_converted(nianbao::InputFormat::Pdf, convert::PDFTOTEXT);
        let result = nianbao::extract(&text, &options)
            .map(|mut report| {
                // The source is the PDF, not the text taken out of it.
                report.source.bytes = bytes.len() as u64;
                report.source.sha256 = format!("{:x}", sha2::Sha256::digest(&bytes));
                report
            })
            .map_err(|error| {
                Failure::new(
                    &shown,
                    error.code(),
                    format!("{error} (in the text pdftotext took out of the PDF)"),
                )
            });
        return Outcome { path: shown, bytes: bytes.len() as u64, result };
    }
    let result = nianbao::extract(&bytes, &options).map_err(|error| {
        let at =
            error.position().and_then(|p| p.line).map_or(shown.clone(), |line| format!("{shown}:{line}"));
        Failure::new(&at, error.code(), &error)
    });
    Outcome { path: shown, bytes: bytes.len() as u64, result }
}
