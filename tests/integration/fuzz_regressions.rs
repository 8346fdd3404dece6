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
        let options = nianbao::Options::default().with_provenance(true);
        if let Ok(report) = nianbao::extract(&bytes, &options) {
            serde_json::to_string(&report).expect("report serialises");
            let _ = nianbao::tidy::records(&report);
        }
        count += 1;
    }
    assert!(count > 0, "the regression folder holds inputs");
}
