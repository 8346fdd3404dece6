//! The command line as people expect it (issue "A command line that behaves as people
//! expect"): formats chosen by what was asked, not by how many files a folder held; error
//! records in the contract; nothing matched is not success; usage errors that say why.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::reports::{unbalanced, SEED};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn nianbao(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).current_dir(dir).args(args).output().expect("nianbao runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A folder with one good report and one empty file.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("file written");
    }
    dir
}

#[test]
fn a_folder_is_a_batch_whatever_it_holds() {
    let dir = folder(&[("only.txt", SEED.as_bytes())]);
    let output = nianbao(dir.path(), &["extract", "."]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(text.lines().count(), 1, "one JSON line, not pretty JSON: {text}");
    assert!(serde_json::from_str::<Value>(text.trim()).is_ok());
}

#[test]
fn the_output_file_s_extension_chooses_the_format() {
    let dir = folder(&[("a.txt", SEED.as_bytes()), ("b.txt", b"")]);
    // .json: one JSON array, the failed input an error record in its place.
    let output = nianbao(dir.path(), &["extract", ".", "-o", "all.json"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let all: Value = serde_json::from_slice(&std::fs::read(dir.path().join("all.json")).unwrap()).unwrap();
    let records = all.as_array().expect("an array");
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["code"], "empty_input");
    assert!(records[1]["error"].as_str().unwrap().contains("b.txt: error[empty_input]"));
    // .csv: CSV; .jsonl: JSON Lines.
    nianbao(dir.path(), &["extract", "a.txt", "-o", "a.csv"]);
    let csv = std::fs::read_to_string(dir.path().join("a.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}file,sha256,agency,year"), "{csv}");
    nianbao(dir.path(), &["extract", "a.txt", "-o", "a.jsonl"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("a.jsonl")).unwrap().lines().count(), 1);
    // An extension that contradicts --format is a usage error; `-o -` is standard output.
    let contradiction = nianbao(dir.path(), &["extract", "a.txt", "--format", "jsonl", "-o", "a.csv"]);
    assert_eq!(contradiction.status.code(), Some(2));
    assert!(stderr(&contradiction).contains("--format jsonl contradicts"), "{}", stderr(&contradiction));
    let to_stdout = nianbao(dir.path(), &["extract", "a.txt", "-o", "-"]);
    assert!(String::from_utf8_lossy(&to_stdout.stdout).starts_with("{\n  \"schema_version\""));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn nothing_matched_is_not_success() {
    let dir = folder(&[("notes.md", b"# notes")]);
    let output = nianbao(dir.path(), &["extract", "."]);
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("no input files"), "{}", stderr(&output));
    let check = nianbao(dir.path(), &["check", "."]);
    assert_eq!(check.status.code(), Some(3));
    // `.md` and `md` are the same extension.
    let dotted = nianbao(dir.path(), &["extract", "--extension", ".md", "."]);
    assert!(stderr(&dotted).contains("not_a_report"), "{}", stderr(&dotted));
}

#[test]
fn errors_name_their_cause_and_path() {
    let dir = folder(&[("a.txt", SEED.as_bytes())]);
    let missing_folder = nianbao(dir.path(), &["extract", "a.txt", "-o", "nodir/out.jsonl"]);
    assert_eq!(missing_folder.status.code(), Some(4));
    assert!(
        stderr(&missing_folder).contains("the folder nodir does not exist"),
        "{}",
        stderr(&missing_folder)
    );
    let jobs = nianbao(dir.path(), &["extract", "--jobs", "100000", "a.txt"]);
    assert_eq!(jobs.status.code(), Some(2), "a huge --jobs is a usage error");
    let no_database = nianbao(dir.path(), &["check", "--db", "missing.sqlite", "a.txt"]);
    assert_eq!(no_database.status.code(), Some(2));
    assert!(
        stderr(&no_database).contains("database missing.sqlite does not exist"),
        "{}",
        stderr(&no_database)
    );
    assert!(!dir.path().join("missing.sqlite").exists(), "check creates no empty database");
}

#[test]
fn check_tells_the_truth_and_strict_fails_on_doubt() {
    // The truncated seed reads with warnings (missing rows) and identities it cannot assess.
    let cut = SEED.find("四、").expect("section 四");
    let dir = folder(&[("cut.txt", &SEED.as_bytes()[..cut]), ("wrong.txt", unbalanced().as_bytes())]);
    let lenient = nianbao(dir.path(), &["check", "cut.txt"]);
    let text = String::from_utf8_lossy(&lenient.stdout).into_owned();
    assert_eq!(lenient.status.code(), Some(0), "{text}");
    let summary = text.lines().last().unwrap_or_default();
    assert!(summary.contains("identities not assessable") && summary.contains("warning"), "{summary}");
    assert!(!summary.contains(" 0/"), "some identities could not be assessed: {summary}");
    let strict = nianbao(dir.path(), &["check", "--strict", "cut.txt"]);
    assert_eq!(strict.status.code(), Some(1), "a report that could not be checked is not checked OK");
    // Precedence: an unreadable input (3) over a failed check (1).
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    let both = nianbao(dir.path(), &["check", "wrong.txt", "empty.txt"]);
    assert_eq!(both.status.code(), Some(3));
}

#[test]
fn version_names_the_schema_version() {
    let output = nianbao(root(), &["--version"]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains(&format!("output schema version {}", nianbao::SCHEMA_VERSION)), "{said}");
}

/// Every record nianbao writes, for the corpus and for a batch with bad files, validates against
/// `nianbao schema`.
#[test]
fn every_record_validates_against_the_schema() {
    let schema: Value = serde_json::from_slice(&nianbao(root(), &["schema"]).stdout).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let corpus = nianbao(root(), &["extract", "--provenance", "corpus"]);
    let bad = folder(&[("a.txt", SEED.as_bytes()), ("b.txt", b""), ("c.docx", b"PK\x03\x04 broken")]);
    let batch = nianbao(bad.path(), &["extract", "."]);
    let mut records = 0;
    for output in [&corpus, &batch] {
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let record: Value = serde_json::from_str(line).expect("JSON line");
            let errors: Vec<String> = validator.iter_errors(&record).map(|e| e.to_string()).take(3).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", record["source"]["path"]);
            records += 1;
        }
    }
    assert_eq!(records, crate::corpus_files().len() + 3);
    // A JSON array's elements are records too.
    nianbao(bad.path(), &["extract", ".", "-o", "all.json"]);
    let array: Value = serde_json::from_slice(&std::fs::read(bad.path().join("all.json")).unwrap()).unwrap();
    for record in array.as_array().expect("an array") {
        assert!(validator.is_valid(record), "{}", record["source"]["path"]);
    }
}

#[test]
fn quiet_runs_print_errors_only_and_database_failures_say_database() {
    let dir = folder(&[("a.txt", SEED.as_bytes()), ("b.txt", b"")]);
    let quiet = nianbao(dir.path(), &["extract", "-q", ".", "-o", "out.jsonl"]);
    let said = stderr(&quiet);
    assert!(!said.contains("nianbao: 2 files") && said.contains("b.txt: error[empty_input]"), "{said}");
    let loud = nianbao(dir.path(), &["extract", ".", "-o", "out.jsonl"]);
    assert!(
        stderr(&loud).contains("nianbao: 2 files, 1 report, 1 error, 0 failed checks"),
        "{}",
        stderr(&loud)
    );
    std::fs::create_dir(dir.path().join("a-folder.sqlite")).unwrap();
    let database = nianbao(dir.path(), &["extract", "a.txt", "--db", "a-folder.sqlite"]);
    assert_eq!(database.status.code(), Some(4));
    assert!(stderr(&database).contains("database a-folder.sqlite"), "{}", stderr(&database));
}

/// With no input on a terminal, usage instead of a silent wait on standard input.
#[test]
fn no_input_on_a_terminal_prints_usage() {
    // `script` gives the command a pseudo-terminal; skip where it is missing.
    let binary = env!("CARGO_BIN_EXE_nianbao");
    let Ok(output) =
        Command::new("script").args(["-qec", &format!("{binary} extract"), "/dev/null"]).output()
    else {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    };
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("no input: give files or folders"), "{said}");
    assert_eq!(output.status.code(), Some(2), "{said}");
}

/// A folder of `count` copies of the seed report and one empty file (sorted in the middle).
fn big_folder(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..count {
        std::fs::write(dir.path().join(format!("{i:05}.txt")), SEED).expect("file written");
    }
    std::fs::write(dir.path().join(format!("{:05}-empty.txt", count / 2)), b"").expect("file written");
    dir
}

/// On a terminal the progress bar is drawn on standard error, and an error line is printed on
/// a line of its own, the bar cleared first (run in a pseudo-terminal by `script`).
#[test]
fn the_progress_bar_and_error_lines_do_not_garble() {
    let dir = big_folder(3000);
    let out = dir.path().join("out.jsonl");
    let command = format!(
        "{} extract --jobs 1 {} -o {}",
        env!("CARGO_BIN_EXE_nianbao"),
        dir.path().display(),
        out.display()
    );
    let Ok(output) = Command::new("script").args(["-qec", &command, "/dev/null"]).output() else {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    };
    let transcript = String::from_utf8_lossy(&output.stdout);
    assert!(transcript.contains("files/s"), "the bar was drawn: {transcript:?}");
    let error = transcript.lines().find(|l| l.contains("error[empty_input]")).expect("the error line");
    // What the terminal shows of that line: after the last carriage return and line clear.
    let shown = error.rsplit(['\r']).next().unwrap_or_default().replace("\u{1b}[2K", "");
    assert!(shown.starts_with("nianbao: "), "the error line stands alone: {error:?}");
    assert!(!shown.contains("files/s"), "{error:?}");
}

/// Ctrl-C during a run leaves no partial output file behind.
#[test]
fn an_interrupted_run_leaves_no_partial_output() {
    let dir = big_folder(20_000);
    let out = dir.path().join("out.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["extract", "--jobs", "1", "-q"])
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .spawn()
        .expect("nianbao runs");
    let partial = dir.path().join("out.jsonl.partial");
    let started = std::time::Instant::now();
    while !partial.exists() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(partial.exists(), "the run writes its partial file");
    let sent = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill runs");
    assert!(sent.success());
    let status = child.wait().expect("nianbao ends");
    assert_eq!(status.code(), Some(130));
    assert!(!partial.exists() && !out.exists(), "nothing that looks like output is left");
}

#[test]
fn completions_and_a_man_page_are_generated() {
    let bash = nianbao(root(), &["completions", "bash"]);
    assert!(bash.status.success() && String::from_utf8_lossy(&bash.stdout).contains("complete -F"));
    let man = nianbao(root(), &["man"]);
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(man.status.success() && page.contains(".TH nianbao") && page.contains("extract"), "{page}");
}

/// "1 line", not "1 lines".
#[test]
fn counts_agree_with_their_nouns() {
    let dir = folder(&[("one.txt", "no report here".as_bytes())]);
    let output = nianbao(dir.path(), &["extract", "one.txt"]);
    assert!(stderr(&output).contains("in 1 line"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("1 lines"));
}

/// A byte-order mark that contradicts `--encoding` wins, and the report says so.
#[test]
fn a_byte_order_mark_against_the_encoding_asked_for_is_said() {
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(SEED.encode_utf16().flat_map(u16::to_le_bytes));
    let dir = folder(&[("utf16.txt", &bytes)]);
    let output = nianbao(dir.path(), &["extract", "--encoding", "gbk", "utf16.txt"]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["encoding"], "UTF-16LE");
    let said =
        report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "bom_overrides_encoding");
    assert!(
        said.is_some_and(|d| d["message"].as_str().unwrap().contains("instead of the GB18030 asked for")),
        "{said:?}"
    );
}

/// The schema lists every diagnostic code nianbao can write (they are an enum: a typo cannot
/// compile), and docs/output.md explains each.
#[test]
fn every_diagnostic_code_is_in_the_schema_and_documented() {
    let schema: Value = serde_json::from_slice(&nianbao(root(), &["schema"]).stdout).expect("schema JSON");
    let codes: Vec<&str> = schema["$defs"]["Code"]["oneOf"]
        .as_array()
        .expect("codes")
        .iter()
        .filter_map(|c| c["const"].as_str())
        .collect();
    assert!(codes.len() >= 30 && codes.contains(&"cell_count"), "{codes:?}");
    let docs = std::fs::read_to_string(root().join("docs/output.md")).expect("docs/output.md");
    let undocumented: Vec<&&str> = codes.iter().filter(|c| !docs.contains(&format!("`{c}`"))).collect();
    assert!(undocumented.is_empty(), "codes docs/output.md does not explain: {undocumented:?}");
}
