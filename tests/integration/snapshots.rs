use std::path::Path;
use std::process::Command;

use crate::corpus_files;

/// `nianbao extract --provenance corpus/<file>`, run from the project folder.
fn extract_output(file: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let relative = file.strip_prefix(root).expect("corpus file under the project");
    let output = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(root)
        .args(["extract", "--provenance"])
        .arg(relative)
        .output()
        .expect("nianbao runs");
    assert!(output.status.success(), "{}: {}", file.display(), String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Every mismatching file is reported in one run (each snapshot is asserted on its own, and the
/// failures named together at the end).
#[test]
fn every_corpus_file_matches_its_reviewed_snapshot() {
    let mut mismatches = Vec::new();
    for file in corpus_files() {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name")
            .trim_end_matches(".txt")
            .to_string();
        let output = extract_output(&file);
        let matched = std::panic::catch_unwind(|| {
            insta::with_settings!({
                snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"),
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(name.clone(), output);
            });
        });
        if matched.is_err() {
            mismatches.push(file.display().to_string());
        }
    }
    assert!(mismatches.is_empty(), "{} files differ from their snapshots: {mismatches:#?}", mismatches.len());
}
