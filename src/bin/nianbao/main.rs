//! The `nianbao` command: extract reports to JSON, JSON Lines or tidy CSV; check them; print
//! the output schema. Argument parsing and dispatch only; the work is in the library.

mod batch;
mod convert;
mod database;
mod inputs;
mod output;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Extraction allocates many small strings (cells, paths); mimalloc serves them about a quarter
/// faster than the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turn 政府信息公开工作年度报告 text dumps into validated JSON.
///
/// Exit status: 0 success; 1 `check` found a failed identity; 2 usage error; 3 an input could
/// not be read or is not a report (the others are still processed); 4 the output could not be
/// written.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version, max_term_width = 100)]
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
    /// Print the JSON Schema of the output.
    Schema,
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    /// Files or folders to read (folders recursively, `*.txt` files); `-` or nothing for stdin.
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
    #[command(flatten)]
    reading: ReadingArgs,
}

#[derive(Debug, clap::Args)]
struct ReadingArgs {
    /// Decode with this encoding (utf-8, gb18030, gbk, utf-16le, utf-16be) instead of detecting.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// File extension to take when walking folders (repeatable; `*` for every file). Default:
    /// txt, html, htm, docx, doc (refused with advice) and pdf (read through pdftotext).
    #[arg(long = "extension", value_name = "EXT", default_values = ["txt", "html", "htm", "docx", "doc", "pdf"])]
    extensions: Vec<String>,
    /// Worker threads; 0 uses every core.
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    jobs: usize,
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
}

/// Exit statuses, as documented in the help text and the README.
pub mod status {
    /// A check failed.
    pub const CHECK_FAILED: u8 = 1;
    /// An input could not be read or is not a report.
    pub const INPUT_FAILED: u8 = 3;
    /// The output could not be written.
    pub const OUTPUT_FAILED: u8 = 4;
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => output::extract(&output::ExtractJob {
            paths: &args.paths,
            format: args.format,
            output: args.output.as_deref(),
            provenance: args.provenance,
            database: args.db.as_deref(),
            options: options(&args.reading),
            extensions: &args.reading.extensions,
            jobs: args.reading.jobs,
        }),
        Command::Check(args) => output::check(
            &args.paths,
            &options(&args.reading),
            &args.reading.extensions,
            args.reading.jobs,
            args.db.as_deref(),
        ),
        Command::Schema => output::schema(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(io::stderr(), "nianbao: cannot write output: {error}");
            ExitCode::from(status::OUTPUT_FAILED)
        }
    }
}

fn options(reading: &ReadingArgs) -> nianbao::Options {
    nianbao::Options { path: None, encoding: reading.encoding.clone(), provenance: false, converted: None }
}
