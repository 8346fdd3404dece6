//! Extracts every corpus report (and serialises it) many times, for profilers:
//! `cargo build --release --example profile && valgrind --tool=callgrind target/release/examples/profile 50`;
//! a second argument keeps only the files whose names contain it, and a third names another
//! folder of dumps to read instead of the corpus (a slice of the generated archive, say).
//!
//! It prints the time a round takes and the megabytes of dumps read per second (file reading
//! and start-up left out). Two switches in the environment: `PROFILE_BLOCKED=1` extracts each file `rounds` times in a
//! row instead of the whole corpus round after round (the per-file benchmarks' pattern, which
//! lets the processor learn one report's branches), and `PROFILE_NO_JSON=1` leaves out the JSON.

use std::path::Path;

/// The allocator the `nianbao` binary uses.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let only = std::env::args().nth(2).unwrap_or_default();
    let corpus = std::env::args()
        .nth(3)
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"), std::path::PathBuf::from);
    let blocked = std::env::var_os("PROFILE_BLOCKED").is_some();
    let json = std::env::var_os("PROFILE_NO_JSON").is_none();
    let mut files: Vec<Vec<u8>> = Vec::new();
    for entry in std::fs::read_dir(corpus).expect("corpus folder").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if [".txt", ".html", ".htm", ".docx"].iter().any(|e| name.ends_with(e)) && name.contains(&only) {
            files.push(std::fs::read(entry.path()).expect("corpus file"));
        }
    }
    let order: Vec<&Vec<u8>> = if blocked {
        files.iter().flat_map(|file| std::iter::repeat_n(file, rounds)).collect()
    } else {
        (0..rounds).flat_map(|_| &files).collect()
    };
    let options = nianbao::Options::default();
    let input: usize = order.iter().map(|file| file.len()).sum();
    let mut bytes = 0;
    let started = std::time::Instant::now();
    for file in order {
        let report = nianbao::extract(file, &options).expect("report");
        if json {
            // As the binary writes JSON Lines.
            let mut out = Vec::with_capacity(64 * 1024);
            sonic_rs::to_writer(&mut out, &report).expect("JSON");
            bytes += out.len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{rounds} rounds of {} files: {:.3} ms a round, {:.1} MB/s, {bytes} bytes of JSON",
        files.len(),
        seconds * 1e3 / rounds as f64,
        input as f64 / seconds / 1e6
    );
}
