//! The subcommands' work on the command-line side: batches through the library, written as
//! JSON, JSON Lines, tidy CSV, database rows or `check` lines.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use nianbao::{Check, CheckStatus, Report, Severity};

use crate::across_years;
use crate::batch::{self, Outcome};
use crate::database::{self, Database, Load};
use crate::inputs;
use crate::review::Page;
use crate::sink::Sink;
use crate::spreadsheet::{self, Workbook};
use crate::{status, Format};

/// What `extract` is asked to do.
pub struct ExtractJob<'a> {
    pub paths: &'a [PathBuf],
    pub format: Option<Format>,
    pub output: Option<&'a Path>,
    pub provenance: bool,
    pub database: Option<&'a Path>,
    pub options: nianbao::Options,
    pub extensions: &'a [String],
    pub jobs: usize,
    /// Whether a CSV file starts with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// Whether to draw a progress bar (on a terminal).
    pub progress: bool,
    /// Whether to print the closing summary line.
    pub summary: bool,
}

/// The output format: `--format`, else `-o`'s extension (`.json` one JSON array or document,
/// `.jsonl`/`.ndjson` JSON Lines, `.csv` CSV), else JSON for one file and JSON Lines for a
/// batch (several paths, or any folder, however many files it holds). An extension that
/// contradicts `--format` is a usage error.
pub fn choose_format(format: Option<Format>, output: Option<&Path>, batch: bool) -> Result<Format, String> {
    let by_extension = output.and_then(|o| o.extension()).and_then(|e| e.to_str()).and_then(|e| {
        match e.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    });
    match (format, by_extension) {
        // A `.csv` file holds either CSV.
        (Some(Format::CsvWide), Some(Format::Csv)) => Ok(Format::CsvWide),
        (Some(format), Some(extension)) if format != extension => Err(format!(
            "--format {} contradicts the output file's extension ({}); give one of them",
            format.name(),
            output.map(|o| o.display().to_string()).unwrap_or_default()
        )),
        (Some(format), _) | (None, Some(format)) => Ok(format),
        (None, None) => Ok(if batch { Format::Jsonl } else { Format::Json }),
    }
}

/// Whether the paths make a batch: several, or a folder (standard input and one file are not).
pub fn is_batch(paths: &[PathBuf]) -> bool {
    paths.len() > 1 || paths.iter().any(|p| p.is_dir())
}

/// `nianbao extract`.
pub fn extract(job: &ExtractJob<'_>) -> io::Result<u8> {
    let inputs = inputs::list(job.paths, job.extensions, !job.summary);
    if inputs.is_empty() {
        inputs::say_none_found(job.paths, job.extensions);
        return Ok(status::INPUT_FAILED);
    }
    let batch = is_batch(job.paths);
    // With --db alone, the database is the output.
    let write_output = job.database.is_none() || job.format.is_some() || job.output.is_some();
    let format = job.format.unwrap_or(Format::Json);
    let mut sink = if write_output { Some(Sink::open(job.output)?) } else { None };
    let mut database =
        job.database.map(Database::open).transpose().map_err(|e| database_error(job.database, e))?;
    let transaction = match database.as_mut() {
        Some(db) => Some(db.transaction().map_err(io::Error::other)?),
        None => None,
    };
    let mut loads = [0usize; 3];
    let several_json = format == Format::Json && batch;
    let mut workbook = (write_output && format == Format::Xlsx).then(Workbook::new).transpose()?;
    if let Some(sink) = sink.as_mut() {
        // Excel takes a CSV file for UTF-8 only with a byte-order mark.
        let bom = job.bom && job.output.is_some_and(|o| o != Path::new("-"));
        match format {
            Format::Csv | Format::CsvWide if bom => sink.write_all("\u{feff}".as_bytes())?,
            _ => {}
        }
        match format {
            Format::Csv => write_csv(sink, [nianbao::tidy::HEADER])?,
            Format::CsvWide => write_csv(sink, [spreadsheet::wide_csv_header()])?,
            Format::Json if several_json => sink.write_all(b"[\n")?,
            _ => {}
        }
    }
    let options = job
        .options
        .clone()
        .with_provenance(job.provenance || format == Format::Csv || job.database.is_some());
    let mut written = 0usize;
    // The library keeps provenance for CSV and the database; JSON shows it only when asked.
    let strip_provenance = options.provenance && !job.provenance;
    let render = |report: &Report| -> io::Result<Vec<u8>> {
        if !write_output {
            return Ok(Vec::new());
        }
        // Sized once, not grown a dozen times.
        let mut bytes = Vec::with_capacity(json_capacity(report.source.bytes));
        match format {
            Format::Csv => {
                let records = nianbao::tidy::records(report);
                write_csv(&mut bytes, records.iter().map(|r| r.fields()))?;
            }
            Format::CsvWide => write_csv(&mut bytes, [spreadsheet::wide_csv_row(report)])?,
            // The workbook is written on one thread, from the report itself.
            Format::Xlsx => {}
            Format::Jsonl => {
                // The bulk of a batch's time goes to this line: sonic-rs writes what
                // serde_json would, byte for byte (tested), about twice as fast.
                sonic_rs::to_writer(&mut bytes, report).map_err(io::Error::other)?;
                bytes.push(b'\n');
            }
            Format::Json => {
                serde_json::to_writer_pretty(&mut bytes, report)?;
                bytes.push(b'\n');
            }
        }
        Ok(bytes)
    };
    // Each report is rendered, and dropped unless the database needs it, on the thread that
    // extracted it.
    let keep_reports = transaction.is_some() || workbook.is_some();
    let prepare = |mut report: Report| -> io::Result<(Option<Report>, Vec<u8>)> {
        // CSV reads provenance; JSON shows it only when asked, so it is set aside meanwhile.
        let hidden = if strip_provenance && format != Format::Csv { report.provenance.take() } else { None };
        let rendered = render(&report)?;
        report.provenance = report.provenance.take().or(hidden);
        Ok((keep_reports.then_some(report), rendered))
    };
    // No bar over output written to the terminal.
    let to_terminal =
        write_output && job.output.is_none_or(|o| o == Path::new("-")) && io::stdout().is_terminal();
    let progress = job.progress && !to_terminal;
    let summary = batch::run(&inputs, (&options, job.jobs, progress), prepare, |outcome: Outcome<_>| {
        let (report, rendered) = match outcome.result {
            Ok(prepared) => prepared,
            Err(failure) => {
                eprintln!("nianbao: {failure}");
                let record = failure.record(&outcome.path);
                if let Some(workbook) = workbook.as_mut() {
                    workbook.add_error(&outcome.path, &failure.to_string())?;
                }
                match (sink.as_mut(), format) {
                    (Some(sink), Format::Jsonl) => writeln!(sink, "{}", serde_json::to_string(&record)?)?,
                    (Some(sink), Format::Json) if several_json => {
                        if written > 0 {
                            sink.write_all(b",\n")?;
                        }
                        serde_json::to_writer_pretty(&mut *sink, &record)?;
                        sink.write_all(b"\n")?;
                        written += 1;
                    }
                    _ => {}
                }
                return Ok(());
            }
        };
        if let (Some(workbook), Some(report)) = (workbook.as_mut(), report.as_ref()) {
            workbook.add(report)?;
        }
        if let (Some(transaction), Some(report)) = (transaction.as_ref(), report.as_ref()) {
            let load = database::load(transaction, report).map_err(|e| database_error(job.database, e))?;
            loads[load as usize] += 1;
        }
        let Some(sink) = sink.as_mut() else { return Ok(()) };
        if several_json && written > 0 {
            sink.write_all(b",\n")?;
        }
        sink.write_all(&rendered)?;
        written += 1;
        Ok(())
    })?;
    if let Some(mut sink) = sink {
        if several_json {
            sink.write_all(b"]\n")?;
        }
        if let Some(workbook) = workbook {
            workbook.finish(&mut sink)?;
        }
        sink.finish()?;
    }
    if let Some(transaction) = transaction {
        transaction.commit().map_err(io::Error::other)?;
        let (inserted, replaced, unchanged) =
            (loads[Load::Inserted as usize], loads[Load::Replaced as usize], loads[Load::Unchanged as usize]);
        eprintln!(
            "nianbao: database: {inserted} reports inserted, {replaced} replaced, {unchanged} unchanged"
        );
    }
    if job.summary && (batch || job.database.is_some()) {
        eprintln!("{}", summary.line());
    }
    Ok(if summary.errors > 0 { status::INPUT_FAILED } else { 0 })
}

/// A buffer size that holds a report's JSON Lines, in the usual case without growing, for a
/// dump of `source_bytes`: about 30 KB of tables and checks whatever the dump's size, plus its
/// prose (a GB18030 dump's text grows by half in UTF-8). Provenance makes the JSON larger.
fn json_capacity(source_bytes: u64) -> usize {
    usize::try_from(source_bytes).unwrap_or(0).saturating_mul(2).saturating_add(48 * 1024)
}

/// Writes CSV records (RFC 4180 quoting) to `sink`.
fn write_csv<R, F>(sink: &mut impl Write, records: impl IntoIterator<Item = R>) -> io::Result<()>
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(sink);
    for record in records {
        // No field may become a formula in a spreadsheet.
        let fields: Vec<F> = record.into_iter().collect();
        writer
            .write_record(fields.iter().map(|f| spreadsheet::defused(f.as_ref())))
            .map_err(io::Error::other)?;
    }
    writer.flush()
}

/// `nianbao check`.
pub fn check(
    paths: &[PathBuf],
    options: &nianbao::Options,
    extensions: &[String],
    jobs: usize,
    (database, html): (Option<&Path>, Option<&Path>),
    (strict, progress, quiet): (bool, bool, bool),
) -> io::Result<u8> {
    let inputs = inputs::list(paths, extensions, quiet);
    if inputs.is_empty() {
        inputs::say_none_found(paths, extensions);
        return Ok(status::INPUT_FAILED);
    }
    if let Some(path) = database.filter(|p| !p.exists()) {
        eprintln!(
            "nianbao: database {} does not exist: make it with `nianbao extract --db {} …` first",
            path.display(),
            path.display()
        );
        return Ok(status::USAGE);
    }
    let database = database.map(Database::open).transpose().map_err(|e| database_error(database, e))?;
    let mut page = html.map(|path| Page::create(path, inputs.len())).transpose()?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut failed_checks, mut failing_reports) = (0, 0);
    let (mut errors, mut warnings, mut not_assessable, mut identities) = (0, 0, 0, 0);
    let mut year_warnings_seen = 0;
    let options = options.clone().with_provenance(true);
    // `check` writes to standard output: no bar over it on a terminal.
    let progress = progress && !io::stdout().is_terminal();
    let summary = batch::run(&inputs, (&options, jobs, progress), Ok, |outcome: Outcome<Report>| {
        let report = match outcome.result {
            Ok(report) => report,
            Err(failure) => {
                if let Some(page) = page.as_mut() {
                    page.unreadable(outcome.path, failure.to_string());
                }
                return writeln!(out, "{failure}");
            }
        };
        if let Some(page) = page.as_mut() {
            page.add(&report)?;
        }
        let path = outcome.path;
        let mut lines: Vec<String> = Vec::new();
        // Warnings across years (with --db), listed after the errors.
        let mut year_warnings: Vec<String> = Vec::new();
        for check in report.checks.iter().filter(|c| c.status == CheckStatus::Fail) {
            let line = check.cells.first().and_then(|cell| cell_line(&report, cell));
            lines.push(format!("{}: error[{}]: {}", located(&path, line), check.rule, describe(check)));
        }
        if let Some(db) = database.as_ref() {
            for finding in across_years::findings(db, &report).map_err(io::Error::other)? {
                let line = cell_line(&report, &finding.cell);
                let severity = if finding.error { "error" } else { "warning" };
                let text =
                    format!("{}: {severity}[{}]: {}", located(&path, line), finding.rule, finding.message);
                if finding.error {
                    lines.push(text);
                } else {
                    year_warnings_seen += 1;
                    year_warnings.push(text);
                }
            }
        }
        failed_checks += lines.len();
        failing_reports += usize::from(!lines.is_empty());
        lines.append(&mut year_warnings);
        identities += report.checks.len();
        not_assessable += report.checks.iter().filter(|c| c.status == CheckStatus::NotAssessable).count();
        for diagnostic in report.diagnostics.iter().filter(|d| d.severity >= Severity::Warning) {
            let severity = if diagnostic.severity == Severity::Error {
                errors += 1;
                "error"
            } else {
                warnings += 1;
                "warning"
            };
            lines.push(format!(
                "{}: {severity}[{}]: {}",
                located(&path, diagnostic.line),
                diagnostic.code,
                diagnostic.message
            ));
        }
        for line in lines {
            writeln!(out, "{line}")?;
        }
        Ok(())
    })?;
    // Warnings across years are counted apart from those in reading: they are about the
    // report's place among its other years, not about how its text was read.
    let across = match database {
        Some(_) => format!("{year_warnings_seen} warning{} across years; ", plural(year_warnings_seen)),
        None => String::new(),
    };
    if !quiet {
        writeln!(
            out,
            "checked {} report{}: {failed_checks} failed check{} in {failing_reports} report{}; {not_assessable}/{identities} identities not assessable; {errors} error{} and {warnings} warning{} in reading; {across}{} unreadable input{}",
            summary.reports,
            plural(summary.reports),
            plural(failed_checks),
            plural(failing_reports),
            plural(errors),
            plural(warnings),
            summary.errors,
            plural(summary.errors)
        )?;
    }
    out.flush()?;
    if let Some(page) = page {
        let written = page.finish()?;
        eprintln!("nianbao: review page written to {written}");
    }
    // Precedence: an unreadable input (3) before a failed check (1); --strict makes reading
    // errors, warnings and identities that could not be assessed fail the check.
    let doubtful = errors + warnings + year_warnings_seen + not_assessable > 0;
    Ok(if summary.errors > 0 {
        status::INPUT_FAILED
    } else if failed_checks > 0 || (strict && doubtful) {
        status::CHECK_FAILED
    } else {
        0
    })
}

/// A database failure, saying so and naming the file.
fn database_error(path: Option<&Path>, error: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!(
        "database {}: {error}",
        path.map(|p| p.display().to_string()).unwrap_or_default()
    ))
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
    let number = |v: Option<i64>| v.map_or_else(|| "null".to_string(), |v| v.to_string());
    if let Some(text) = &check.text {
        // A figure the prose states: the text, then the table.
        return format!(
            "the text says {} (“{text}”), but the table has {} ({})",
            number(check.expected),
            number(check.actual),
            check.cells.join(" + ")
        );
    }
    let (stated, summed) = match check.rule.as_ref() {
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
    format!(
        "{}: {stated} = {}, but {summed} = {}",
        scope_label(&check.scope),
        number(check.expected),
        number(check.actual)
    )
}

/// A check's scope as the form prints it, the key after: `自然人 (natural_person)`,
/// `国家秘密 (denied.state_secret)`, `行政复议 (review)`.
fn scope_label(scope: &str) -> String {
    match nianbao::form_label(scope) {
        Some(label) => format!("{label} ({scope})"),
        None => scope.to_owned(),
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// `nianbao schema`.
pub fn schema() -> io::Result<u8> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, &nianbao::schema::record_schema())?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(0)
}
