//! Writes a generated archive of varied corpus reports, for batch benchmarks and trials:
//! `cargo run --release --example generate_archive -- DIR [COUNT] [SEED]`.

#[path = "../benches/archive/mod.rs"]
mod archive;

use std::path::{Path, PathBuf};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "archive".into()));
    let count = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for template in archive::templates(&corpus)? {
        println!("{}: {} counts varied", template.name, template.counts.len());
    }
    let bytes = archive::generate(&corpus, &dir, count, seed)?;
    println!("{count} reports, {:.1} MB, in {}", bytes as f64 / 1e6, dir.display());
    Ok(())
}
