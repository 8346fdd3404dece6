//! The `nianbao` command: extract reports to JSON, JSON Lines or tidy CSV; check them; print
//! the output schema. Argument parsing and dispatch only; the work is in the library.

mod across_years;
mod batch;
mod convert;
mod database;
mod diff;
mod inputs;
mod output;
mod review;
mod sink;
mod spreadsheet;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Extraction allocates many small strings (cells, paths); mimalloc serves them about a quarter
/// faster than the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// nianbao's version, and the version of the output schema it writes.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (output schema version 3)");

/// Turn 政府信息公开工作年度报告 (text dumps, web pages, Word files, PDFs) into validated JSON.
///
/// Exit status: 0 success; 1 `check` found a failed identity; 2 usage error; 3 an input could
/// not be read or is not a report (the others are still processed); 4 the output could not be
/// written.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version = VERSION, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract reports into the output contract's JSON (or JSON Lines, or tidy CSV).
    Extract(ExtractArgs),
    /// Check reports before publishing: every failed identity and every warning, one per line.
    Check(CheckArgs),
    /// Write a review page (HTML, opens offline in any browser): an index of the reports and
    /// each report's tables as the form prints them, failed identities and doubts marked, every
    /// value linked to its source. Exit status as `check`.
    Review(ReviewArgs),
    /// Compare two readings: what changed from OLD to NEW (reports paired by source hash, then
    /// by path; exit 1 when anything did), or with --years how one body's figures moved from
    /// last year's report (OLD) to this year's (NEW). Each side is a dump, a document, a folder,
    /// a JSON report or array, or a JSON Lines batch.
    Diff(DiffArgs),
    /// Print the JSON Schema of the output.
    Schema,
    /// Print shell completions (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    /// Files or folders to read (folders recursively: see --extension); `-` or nothing for stdin.
    paths: Vec<PathBuf>,
    /// Output format; by default pretty JSON for one input, JSON Lines for several.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Give every number its line, column and raw text.
    #[arg(long)]
    provenance: bool,
    /// Write a CSV file without the UTF-8 byte-order mark Excel needs to read it as UTF-8.
    #[arg(long)]
    no_bom: bool,
    /// Load the reports into this SQLite database (created if missing); the same bytes are
    /// loaded once per nianbao version. Without -o or --format, nothing else is written.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    #[command(flatten)]
    reading: ReadingArgs,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or folders to check; `-` or nothing for stdin.
    paths: Vec<PathBuf>,
    /// Also compare each report's 上年结转 with last year's 结转下年度继续办理 of the same
    /// agency in this database (see `extract --db`).
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Fail (exit 1) also on reading errors and warnings and on identities that could not be
    /// assessed: a report that could not be checked is not checked OK.
    #[arg(long, visible_alias = "deny-warnings")]
    strict: bool,
    /// Also write the review page of the same reports to this file (see `nianbao review`).
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    #[command(flatten)]
    reading: ReadingArgs,
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// The old reading (or last year's report with --years).
    old: PathBuf,
    /// The new reading (or this year's report with --years).
    new: PathBuf,
    /// Year on year: figures side by side with their change, and the identities that tie a
    /// year to the one before (exit 1 when a carry-over does not hold).
    #[arg(long)]
    years: bool,
    /// `text` for people (default), `json` for JSON Lines (see docs/output.md).
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    #[command(flatten)]
    reading: ReadingArgs,
}

/// The output of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
struct ReviewArgs {
    /// Files or folders to review; `-` or nothing for stdin.
    paths: Vec<PathBuf>,
    /// The page to write; a batch of more than 50 reports also gets a folder beside it
    /// (`review_files/`) with one page per report.
    #[arg(short, long, value_name = "FILE", default_value = "review.html")]
    output: PathBuf,
    /// Exit 1 also on reading errors and warnings and on identities that could not be assessed.
    #[arg(long, visible_alias = "deny-warnings")]
    strict: bool,
    #[command(flatten)]
    reading: ReadingArgs,
}

#[derive(Debug, clap::Args)]
struct ReadingArgs {
    /// Decode with this encoding (utf-8, gb18030, gbk, utf-16le, utf-16be) instead of detecting.
    #[arg(long, value_name = "NAME", value_parser = encoding_name)]
    encoding: Option<String>,
    /// File extension to take when walking folders (repeatable; `*` for every file). Default:
    /// txt, html, htm, docx, doc (refused with advice) and pdf (read through pdftotext).
    #[arg(long = "extension", value_name = "EXT", value_parser = extension, default_values = ["txt", "html", "htm", "docx", "doc", "pdf"])]
    extensions: Vec<String>,
    /// No progress bar, and no closing summary line (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
    /// No progress bar.
    #[arg(long)]
    no_progress: bool,
    /// Worker threads; 0 uses every core (at most 256).
    #[arg(short, long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=256))]
    jobs: u16,
}

/// Output formats of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Pretty-printed JSON: one document, or an array for several inputs.
    Json,
    /// One JSON record per line.
    Jsonl,
    /// Tidy CSV: one line per table cell.
    Csv,
    /// Wide CSV: one line per report, a column per value (the order `nianbao::wide` fixes).
    CsvWide,
    /// An Excel workbook: `reports` (one row per report), `checks`, `diagnostics`.
    Xlsx,
}

impl Format {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::CsvWide => "csv-wide",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Exit statuses, as documented in the help text and the README.
pub mod status {
    /// A check failed.
    pub const CHECK_FAILED: u8 = 1;
    /// The command line was wrong.
    pub const USAGE: u8 = 2;
    /// An input could not be read or is not a report.
    pub const INPUT_FAILED: u8 = 3;
    /// The output could not be written.
    pub const OUTPUT_FAILED: u8 = 4;
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    sink::remove_partial_output_on_interrupt();
    if let Some(reading) = cli.command.reading() {
        if reading.paths_empty && io::stdin().is_terminal() {
            let _ = writeln!(
                io::stderr(),
                "nianbao: no input: give files or folders, or pipe a report into standard input (or give `-`)\n\nUsage: nianbao {} [PATHS]... (nianbao --help for more)",
                reading.command
            );
            return ExitCode::from(status::USAGE);
        }
    }
    let result = match cli.command {
        Command::Extract(args) => {
            let format = match output::choose_format(
                args.format,
                args.output.as_deref(),
                output::is_batch(&args.paths),
            ) {
                Ok(format) => format,
                Err(why) => {
                    let _ = writeln!(io::stderr(), "nianbao: usage: {why}");
                    return ExitCode::from(status::USAGE);
                }
            };
            output::extract(&output::ExtractJob {
                paths: &args.paths,
                format: Some(format)
                    .filter(|_| args.format.is_some() || args.output.is_some() || args.db.is_none()),
                output: args.output.as_deref(),
                provenance: args.provenance,
                database: args.db.as_deref(),
                options: options(&args.reading),
                extensions: &args.reading.extensions,
                jobs: usize::from(args.reading.jobs),
                bom: !args.no_bom,
                progress: !(args.reading.quiet || args.reading.no_progress),
                summary: !args.reading.quiet,
            })
        }
        Command::Check(args) => output::check(
            &args.paths,
            &options(&args.reading),
            &args.reading.extensions,
            usize::from(args.reading.jobs),
            (args.db.as_deref(), args.html.as_deref()),
            (args.strict, !(args.reading.quiet || args.reading.no_progress), args.reading.quiet),
        ),
        Command::Diff(args) => diff::diff(&diff::DiffJob {
            old: &args.old,
            new: &args.new,
            years: args.years,
            json: args.format == DiffFormat::Json,
            options: options(&args.reading),
            extensions: &args.reading.extensions,
            jobs: usize::from(args.reading.jobs),
            quiet: args.reading.quiet,
        }),
        Command::Review(args) => review::review(&review::ReviewJob {
            paths: &args.paths,
            output: &args.output,
            options: options(&args.reading),
            extensions: &args.reading.extensions,
            jobs: usize::from(args.reading.jobs),
            progress: !(args.reading.quiet || args.reading.no_progress),
            quiet: args.reading.quiet,
            strict: args.strict,
        }),
        Command::Schema => output::schema(),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "nianbao",
                &mut io::stdout(),
            );
            Ok(0)
        }
        Command::Man => clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
            .render(&mut io::stdout())
            .map(|()| 0),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(io::stderr(), "nianbao: {error}");
            ExitCode::from(status::OUTPUT_FAILED)
        }
    }
}

/// What `main` checks before a reading command runs.
struct Reading {
    command: &'static str,
    paths_empty: bool,
}

impl Command {
    fn reading(&self) -> Option<Reading> {
        match self {
            Command::Extract(args) => {
                Some(Reading { command: "extract", paths_empty: args.paths.is_empty() })
            }
            Command::Check(args) => Some(Reading { command: "check", paths_empty: args.paths.is_empty() }),
            Command::Review(args) => Some(Reading { command: "review", paths_empty: args.paths.is_empty() }),
            Command::Diff(_) | Command::Schema | Command::Completions { .. } | Command::Man => None,
        }
    }
}

/// `--encoding`: a name nianbao knows, else a usage error listing them.
fn encoding_name(name: &str) -> Result<String, String> {
    nianbao::encoding_name(name)
        .map(|_| name.to_owned())
        .map_err(|_| format!("unknown encoding; accepted: {} (or any WHATWG label)", nianbao::ENCODING_NAMES))
}

/// `--extension`: with or without its dot.
fn extension(name: &str) -> Result<String, String> {
    Ok(name.trim_start_matches('.').to_owned())
}

fn options(reading: &ReadingArgs) -> nianbao::Options {
    nianbao::Options::default().with_encoding(reading.encoding.clone())
}
