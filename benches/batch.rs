//! Batch throughput of the `nianbao` binary over a generated archive of 20,000 reports
//! (`benches/archive`), on one core and on all cores, with peak memory.
//!
//! `cargo bench --bench batch` prints files/s, MB/s, the speed-up from one to two jobs and the
//! peak resident memory of each run. The archive is generated once into `target/` and read once
//! before the timed runs, so that each reads it from the page cache.

#[path = "archive/mod.rs"]
mod archive;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const REPORTS: usize = 20_000;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target").join(format!("bench-archive-{REPORTS}"));
    let marker = dir.join(".complete");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let bytes = archive::generate(&root.join("corpus"), &dir, REPORTS, 2026).expect("archive written");
        std::fs::write(&marker, bytes.to_string()).expect("marker written");
    }
    let bytes: f64 = std::fs::read_to_string(&marker).expect("marker").trim().parse().expect("byte count");
    println!("archive: {REPORTS} reports, {:.1} MB in {}", bytes / 1e6, dir.display());
    // Every run reads the archive from the page cache: without this, the first run would also
    // time the disk.
    let warmed: usize = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| std::fs::read(entry.path()).map_or(0, |b| b.len()))
        .sum();
    assert!(warmed as f64 >= bytes, "the archive is complete");
    let mut seconds = Vec::new();
    for jobs in ["1", "2"] {
        let started = Instant::now();
        let output = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(env!("CARGO_BIN_EXE_nianbao"))
            .args(["extract", "--jobs", jobs, "--format", "jsonl", "-o", "/dev/null"])
            .arg(&dir)
            .output()
            .or_else(|_| {
                Command::new(env!("CARGO_BIN_EXE_nianbao"))
                    .args(["extract", "--jobs", jobs, "--format", "jsonl", "-o", "/dev/null"])
                    .arg(&dir)
                    .output()
            })
            .expect("nianbao runs");
        let elapsed = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let peak_kb: Option<f64> = stderr.lines().last().and_then(|l| l.trim().parse().ok());
        let summary =
            stderr.lines().find(|l| l.starts_with("nianbao: ") && l.contains("files")).unwrap_or("");
        println!(
            "jobs {jobs}: {elapsed:.2} s, {:.0} reports/s, {:.1} MB/s, peak memory {}  [{summary}]",
            REPORTS as f64 / elapsed,
            bytes / 1e6 / elapsed,
            peak_kb.map_or("unknown (no /usr/bin/time)".to_string(), |kb| format!("{:.1} MB", kb / 1024.0)),
        );
        seconds.push(elapsed);
    }
    if let [one, two] = seconds[..] {
        println!("speed-up from 1 to 2 jobs: {:.2}x", one / two);
    }
}
