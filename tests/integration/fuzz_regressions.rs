//! Inputs the fuzz target (`fuzz/`) found troublesome, and other hand-picked hostile bytes:
//! each must extract or fail with an error, without panicking.

use std::path::Path;

#[test]
fn every_fuzz_regression_input_is_handled() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("regression folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("regression input");
        // Each input in a thread of its own, under a time limit: a hang fails, naming the file.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let options = nianbao::Options::default().with_provenance(true);
            let outcome = match nianbao::extract(&bytes, &options) {
                Ok(report) => {
                    let json = serde_json::to_string(&report).expect("report serialises");
                    let _ = nianbao::tidy::records(&report);
                    Ok(json)
                }
                Err(error) => Err(error.code()),
            };
            let _ = sender.send(outcome);
        });
        let outcome = receiver
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("{} did not finish within a minute (or panicked)", path.display()));
        // The outcome: a report of this schema, or an error with its code.
        match outcome {
            Ok(json) => assert!(
                json.starts_with(&format!("{{\"schema_version\":{},", nianbao::SCHEMA_VERSION)),
                "{}",
                path.display()
            ),
            Err(code) => assert!(!code.is_empty(), "{}", path.display()),
        }
        count += 1;
    }
    assert!(count > 0, "the regression folder holds inputs");
}
