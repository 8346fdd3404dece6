//! `nianbao review` and `check --html`: the review page of a batch, for the office that
//! compiles a report and for whoever checks nianbao's reading of an archive.
//!
//! One self-contained HTML file (inline style and script, nothing fetched) holds the index and
//! every report when the batch is small; a larger batch gets the index in that file and one page
//! per report in a folder beside it (`review_files/`), so that each page stays small and the
//! index stays fast. Reports are rendered as they are read and not kept: memory stays flat.

mod page;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use nianbao::{CheckStatus, Report, Severity};

use crate::batch::{self, Outcome};
use crate::inputs;
use crate::sink::Sink;
use crate::status;

/// The most reports one page holds before each gets a page of its own.
const REPORTS_ON_ONE_PAGE: usize = 50;

/// What `review` is asked to do.
pub struct ReviewJob<'a> {
    pub paths: &'a [PathBuf],
    pub output: &'a Path,
    pub options: nianbao::Options,
    pub extensions: &'a [String],
    pub jobs: usize,
    pub progress: bool,
    /// No notices on standard error but errors (`--quiet`).
    pub quiet: bool,
    /// Exit 1 also on reading errors, warnings and identities not assessable (as `check`).
    pub strict: bool,
}

/// `nianbao review`: writes the page and returns `check`'s exit status for the same reports.
pub fn review(job: &ReviewJob<'_>) -> io::Result<u8> {
    let inputs = inputs::list(job.paths, job.extensions, job.quiet);
    if inputs.is_empty() {
        inputs::say_none_found(job.paths, job.extensions);
        return Ok(status::INPUT_FAILED);
    }
    let mut page = Page::create(job.output, inputs.len())?;
    let options = job.options.clone().with_provenance(true);
    let (mut failed, mut doubtful) = (0usize, 0usize);
    // Reports are rendered here, in input order, so that each gets its number; extraction
    // stays parallel.
    let summary =
        batch::run(
            &inputs,
            (&options, job.jobs, job.progress),
            Ok,
            |outcome: Outcome<Report>| match outcome.result {
                Ok(report) => {
                    let (fails, doubts) = assessment(&report);
                    failed += usize::from(fails);
                    doubtful += usize::from(doubts);
                    page.add(&report)
                }
                Err(failure) => {
                    eprintln!("nianbao: {failure}");
                    page.unreadable(outcome.path, failure.to_string());
                    Ok(())
                }
            },
        )?;
    let written = page.finish()?;
    eprintln!(
        "nianbao: review of {} report{} written to {written}: {failed} with failed checks, {doubtful} with doubts; {} unreadable",
        summary.reports,
        if summary.reports == 1 { "" } else { "s" },
        summary.errors
    );
    Ok(if summary.errors > 0 {
        status::INPUT_FAILED
    } else if failed > 0 || (job.strict && doubtful > 0) {
        status::CHECK_FAILED
    } else {
        0
    })
}

/// A review page being written: reports are added in order and rendered at once.
pub struct Page {
    output: PathBuf,
    sink: Sink,
    /// Where each report's own page goes, for a batch too large for one page.
    folder: Option<PathBuf>,
    rows: Vec<page::IndexRow>,
    unreadable: Vec<(String, String)>,
    /// The reports' sections, for a batch on one page.
    bodies: String,
}

impl Page {
    /// Opens the page for a batch of `inputs` files (the output is written when finished).
    pub fn create(output: &Path, inputs: usize) -> io::Result<Page> {
        let folder = (inputs > REPORTS_ON_ONE_PAGE).then(|| pages_folder(output));
        if let Some(folder) = &folder {
            fs::create_dir_all(folder)
                .map_err(|e| io::Error::new(e.kind(), format!("cannot make {}: {e}", folder.display())))?;
        }
        let sink = Sink::open(Some(output))?;
        Ok(Page {
            output: output.to_path_buf(),
            sink,
            folder,
            rows: Vec::new(),
            unreadable: Vec::new(),
            bodies: String::new(),
        })
    }

    /// Adds a report.
    pub fn add(&mut self, report: &Report) -> io::Result<()> {
        let number = self.rows.len() + 1;
        let id = format!("r{number}");
        match &self.folder {
            Some(folder) => {
                let name = format!("{number:06}.html");
                let mut html = String::with_capacity(64 * 1024);
                page::open(&mut html, report.agency.as_deref().unwrap_or("年度报告"));
                page::back_link(&mut html, &format!("../{}", file_name(&self.output)));
                page::report(&mut html, report, &id);
                page::close(&mut html);
                fs::write(folder.join(&name), html)?;
                self.rows.push(page::index_row(report, format!("{}/{name}", file_name(folder))));
            }
            None => {
                page::report(&mut self.bodies, report, &id);
                self.rows.push(page::index_row(report, format!("#{id}")));
            }
        }
        Ok(())
    }

    /// Lists a file that could not be read.
    pub fn unreadable(&mut self, path: String, error: String) {
        self.unreadable.push((path, error));
    }

    /// Writes the index (and, on one page, the reports), returning where the page went.
    pub fn finish(mut self) -> io::Result<String> {
        let mut html = String::with_capacity(self.bodies.len() + self.rows.len() * 300 + 16 * 1024);
        page::open(&mut html, "政府信息公开工作年度报告 · 审阅");
        page::index(&mut html, &self.rows, &self.unreadable);
        html.push_str(&self.bodies);
        page::close(&mut html);
        self.sink.write_all(html.as_bytes())?;
        self.sink.finish()?;
        Ok(match &self.folder {
            Some(folder) => format!("{} (one page each in {})", self.output.display(), folder.display()),
            None => self.output.display().to_string(),
        })
    }
}

/// Whether a report would fail `check` (a failed identity) or `check --strict` (any doubt).
fn assessment(report: &Report) -> (bool, bool) {
    let failed = report.checks.iter().any(|c| c.status == CheckStatus::Fail);
    let doubtful = report.diagnostics.iter().any(|d| d.severity >= Severity::Warning)
        || report.checks.iter().any(|c| c.status == CheckStatus::NotAssessable);
    (failed, doubtful)
}

/// The folder of a split review's report pages: `review_files/` beside `review.html`.
fn pages_folder(output: &Path) -> PathBuf {
    let stem =
        output.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "review".into());
    output.with_file_name(format!("{stem}_files"))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
