//! The subcommands' work on the command-line side: reading inputs, calling the library, and
//! writing JSON, JSON Lines, tidy CSV or `check` lines.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use nianbao::{Check, CheckStatus, Report, Severity};

use crate::inputs::{self, Input};
use crate::{status, Format};

/// `nianbao extract`.
pub fn extract(
    paths: &[PathBuf],
    format: Option<Format>,
    output: Option<&Path>,
    provenance: bool,
    options: &nianbao::Options,
    extensions: &[String],
) -> io::Result<u8> {
    let inputs = inputs::list(paths, extensions);
    let format = format.unwrap_or(if inputs.len() == 1 { Format::Json } else { Format::Jsonl });
    let mut sink = Sink::open(output)?;
    let mut failed = false;
    if format == Format::Csv {
        write_csv(&mut sink, [nianbao::tidy::HEADER.map(String::from)])?;
    }
    let several_json = format == Format::Json && inputs.len() > 1;
    if several_json {
        sink.write_all(b"[\n")?;
    }
    for (index, input) in inputs.iter().enumerate() {
        let options = nianbao::Options { provenance: provenance || format == Format::Csv, ..options.clone() };
        let (path, report) = run(input, &options);
        let report = match report {
            Ok(report) => report,
            Err(message) => {
                failed = true;
                eprintln!("nianbao: {message}");
                if format == Format::Jsonl {
                    let record = serde_json::json!({ "source": { "path": path }, "error": message });
                    writeln!(sink, "{record}")?;
                }
                continue;
            }
        };
        match format {
            Format::Json => {
                if several_json && index > 0 {
                    sink.write_all(b",\n")?;
                }
                serde_json::to_writer_pretty(&mut sink, &report)?;
                sink.write_all(b"\n")?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut sink, &report)?;
                sink.write_all(b"\n")?;
            }
            Format::Csv => {
                let records = nianbao::tidy::records(&report);
                write_csv(&mut sink, records.iter().map(|r| r.fields().map(String::from)))?;
            }
        }
    }
    if several_json {
        sink.write_all(b"]\n")?;
    }
    sink.finish()?;
    Ok(if failed { status::INPUT_FAILED } else { 0 })
}

/// Writes CSV records (RFC 4180 quoting) to `sink`.
fn write_csv(sink: &mut impl Write, records: impl IntoIterator<Item = [String; 10]>) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(sink);
    for record in records {
        writer.write_record(&record).map_err(io::Error::other)?;
    }
    writer.flush()
}

/// `nianbao check`.
pub fn check(paths: &[PathBuf], options: &nianbao::Options, extensions: &[String]) -> io::Result<u8> {
    let inputs = inputs::list(paths, extensions);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut reports, mut unreadable, mut failed_checks, mut failing_reports, mut warnings) = (0, 0, 0, 0, 0);
    for input in &inputs {
        let options = nianbao::Options { provenance: true, ..options.clone() };
        let (path, report) = run(input, &options);
        let report = match report {
            Ok(report) => report,
            Err(message) => {
                unreadable += 1;
                writeln!(out, "{message}")?;
                continue;
            }
        };
        reports += 1;
        let failed: Vec<&Check> = report.checks.iter().filter(|c| c.status == CheckStatus::Fail).collect();
        failed_checks += failed.len();
        failing_reports += usize::from(!failed.is_empty());
        for check in failed {
            let line = check.cells.first().and_then(|cell| cell_line(&report, cell));
            writeln!(out, "{}: error[{}]: {}", located(&path, line), check.rule, describe(check))?;
        }
        for diagnostic in report.diagnostics.iter().filter(|d| d.severity >= Severity::Warning) {
            warnings += 1;
            let severity = if diagnostic.severity == Severity::Error { "error" } else { "warning" };
            writeln!(
                out,
                "{}: {severity}[{}]: {}",
                located(&path, diagnostic.line),
                diagnostic.code,
                diagnostic.message
            )?;
        }
    }
    writeln!(
        out,
        "checked {reports} report{}: {failed_checks} failed check{} in {failing_reports} report{}, {warnings} warning{}, {unreadable} unreadable input{}",
        plural(reports),
        plural(failed_checks),
        plural(failing_reports),
        plural(warnings),
        plural(unreadable)
    )?;
    out.flush()?;
    Ok(if unreadable > 0 {
        status::INPUT_FAILED
    } else if failed_checks > 0 {
        status::CHECK_FAILED
    } else {
        0
    })
}

/// `nianbao schema`.
pub fn schema() -> io::Result<u8> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, &nianbao::schema::report_schema())?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(0)
}

/// Reads and extracts one input; the error is a message naming the input.
fn run(input: &Input, options: &nianbao::Options) -> (String, Result<Report, String>) {
    let path = match input {
        Input::File(path) => path,
        Input::Unlisted(path, why) => {
            let shown = path.display().to_string();
            return (shown.clone(), Err(format!("{shown}: cannot list: {why}")));
        }
    };
    let shown = path.display().to_string();
    let bytes = match inputs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return (shown.clone(), Err(format!("{shown}: cannot read: {error}"))),
    };
    let options = nianbao::Options { path: Some(shown.clone()), ..options.clone() };
    let report = nianbao::extract(&bytes, &options).map_err(|error| {
        let line = error.position().and_then(|p| p.line);
        format!("{}: error[{}]: {error}", located(&shown, line), error.code())
    });
    (shown, report)
}

fn located(path: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{path}:{line}"),
        None => path.to_string(),
    }
}

/// The line of a cell named by its path (`applications.received.natural_person`).
fn cell_line(report: &Report, path: &str) -> Option<usize> {
    let provenance = report.provenance.as_ref()?;
    let (table, rest) = path.split_once('.')?;
    let (row, field) = rest.rsplit_once('.')?;
    let origins = match table {
        "active_disclosure" => &provenance.active_disclosure,
        "applications" => &provenance.applications,
        "reviews_and_lawsuits" => &provenance.reviews_and_lawsuits,
        _ => return None,
    };
    origins.get(row)?.get(field).map(|o| o.line)
}

/// What a failed identity says, in the report's own terms.
fn describe(check: &Check) -> String {
    let (stated, summed) = match check.rule.as_str() {
        "applications.balance" => {
            ("received + carried_over (一+二)", "total_processed + carried_forward (三(七)+四)")
        }
        "applications.row_total" => ("total (总计)", "the six applicant columns"),
        "applications.outcome_total" => ("total_processed ((七)总计)", "the outcome rows (一)–(六)"),
        "applications.legal_person_subtotal" => {
            ("legal_person_subtotal (小计)", "the five legal-person columns")
        }
        "applications.group_subtotal" => ("the group's 小计", "the group's items"),
        "reviews_and_lawsuits.total" => ("total (总计)", "upheld + corrected + other + pending"),
        _ => ("the stated value", "the sum"),
    };
    let number = |v: Option<i64>| v.map_or_else(|| "null".to_string(), |v| v.to_string());
    format!("{}: {stated} = {}, but {summed} = {}", check.scope, number(check.expected), number(check.actual))
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// Standard output, or a file written under a temporary name and renamed when complete.
enum Sink {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File { writer: BufWriter<fs::File>, temporary: PathBuf, target: PathBuf },
}

impl Sink {
    fn open(target: Option<&Path>) -> io::Result<Sink> {
        let Some(target) = target else {
            return Ok(Sink::Stdout(BufWriter::new(io::stdout().lock())));
        };
        let mut name = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".partial");
        let temporary = target.with_file_name(name);
        let file = fs::File::create(&temporary)?;
        Ok(Sink::File { writer: BufWriter::new(file), temporary, target: target.to_path_buf() })
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Sink::Stdout(mut out) => out.flush(),
            Sink::File { writer, temporary, target } => {
                let file = writer.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()?;
                fs::rename(&temporary, &target)
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(bytes),
            Sink::File { writer, .. } => writer.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File { writer, .. } => writer.flush(),
        }
    }
}
