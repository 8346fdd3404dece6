//! nianbao as a library: read a report's bytes (a dump, a web page or a Word file), look at its
//! values and checks, and print what is doubtful. Run with
//! `cargo run --example library -- corpus/2023-pingtan.page.html`.
//!
//! A dependent crate takes the library alone with
//! `nianbao = { git = "…", default-features = false }`: only the parsing crates are built.

use nianbao::{CheckStatus, Options, Severity};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "corpus/2023-pingtan.md.txt".into());
    // The library does no I/O: the caller reads the bytes.
    let bytes = std::fs::read(&path)?;
    let report = nianbao::extract(&bytes, &Options::default().with_path(path.clone()))?;
    println!("{} {:?} ({:?}, {:?})", path, report.agency, report.year, report.template);
    if let Some(received) = report.applications.as_ref().and_then(|a| a.get("received")) {
        // A blank cell is `None`, never 0.
        println!("applications received: {:?}", received.total);
    }
    for check in report.checks.iter().filter(|c| c.status == CheckStatus::Fail) {
        println!("failed: {} {}: {:?} ≠ {:?}", check.rule, check.scope, check.expected, check.actual);
    }
    for diagnostic in report.diagnostics.iter().filter(|d| d.severity >= Severity::Warning) {
        println!("{:?} {}: {}", diagnostic.severity, diagnostic.code, diagnostic.message);
    }
    Ok(())
}
