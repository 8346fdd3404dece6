//! The review page (`nianbao review`, `check --html`): what it shows of a wrong report, a null,
//! hostile text, a large batch; and the page as a real browser renders it (headless Chromium:
//! `.ci/run` installs it; elsewhere the browser test says so and skips, except under CI).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::reports::{unbalanced, SEED};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("nianbao runs")
}

/// The seed with a title that tries to break out of the page: unescaped, it would make an
/// element `#pwned` and close the index table.
fn hostile() -> String {
    SEED.replacen("# 西工区民政局 ", "# 西工区<b id=pwned>\"&'</table>民政局 ", 1)
}

/// A file name as hostile as a file name can be (no `/`).
const HOSTILE_NAME: &str = "<b onmouseover='x'>\"名单\".txt";

/// A folder with three corpus reports, the unbalanced seed and the hostile one.
fn batch(dir: &Path) -> PathBuf {
    let folder = dir.join("batch");
    std::fs::create_dir_all(&folder).unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for name in ["2023-hongze.layout.txt", "2021-pingtan.page.html", "2019-shanghai-szfbgt.tsv.txt"] {
        std::fs::copy(corpus.join(name), folder.join(name)).unwrap();
    }
    std::fs::write(folder.join("unbalanced.txt"), unbalanced()).unwrap();
    std::fs::write(folder.join("hostile.txt"), hostile()).unwrap();
    std::fs::write(folder.join(HOSTILE_NAME), SEED).unwrap();
    folder
}

/// The HTML of one value cell, found by the report's anchor and the cell's path.
fn cell<'p>(page: &'p str, report: &str, path: &str) -> &'p str {
    let section =
        page.find(&format!("<section class=\"report\" id=\"{report}\">")).expect("the report's section");
    let from = section + page[section..].find(&format!("data-path=\"{path}\"")).expect("the cell");
    let start = page[..from].rfind("<td").unwrap();
    let end = from + page[from..].find("</td>").unwrap();
    &page[start..end]
}

/// The anchor of a report on a one-page review, by its file name.
fn anchor_of(page: &str, file: &str) -> String {
    let row = page.find(&format!("<td class=\"file\">{file}</td>")).expect("the report's index row");
    let link = page[..row].rfind("<a href=\"#").expect("its link") + "<a href=\"#".len();
    page[link..link + page[link..].find('"').unwrap()].to_string()
}

#[test]
fn the_page_marks_a_broken_identity_a_null_and_keeps_hostile_text_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let folder = batch(dir.path());
    let out = dir.path().join("review.html");
    let output = nianbao(&["review", folder.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(output.status.code(), Some(1), "failed checks: exit 1 as `check`; {output:?}");
    let page = std::fs::read_to_string(&out).unwrap();
    // The unbalanced report: the stated cell of the balance is marked and says the rule and
    // both numbers in the form's words; the other cells of the identity are marked too.
    let unbalanced = anchor_of(&page, &folder.join("unbalanced.txt").display().to_string());
    let stated = cell(&page, &unbalanced, "applications.received.natural_person");
    assert!(stated.contains("class=\"v fail\""), "{stated}");
    assert!(stated.contains("自然人：一+二 = 三(七)+四：12 ≠ 11"), "{stated}");
    let summed = cell(&page, &unbalanced, "applications.total_processed.natural_person");
    assert!(summed.contains(" fail"), "{summed}");
    assert!(!cell(&page, &unbalanced, "applications.received.research_institution").contains("fail"));
    // 洪泽's 2021 report prints （六）其他处理 whole: its items are null, and say why.
    let hongze = anchor_of(&page, &folder.join("2023-hongze.layout.txt").display().to_string());
    let item = cell(&page, &hongze, "applications.other_handling.no_correction.natural_person");
    assert!(item.contains("class=\"v unread\"") && item.contains("未读"), "{item}");
    assert!(item.contains("whole_row") && item.contains("printed whole"), "{item}");
    // A blank is shown as a blank, never as 0 (上海 2019 leaves cells blank).
    let shanghai = anchor_of(&page, &folder.join("2019-shanghai-szfbgt.tsv.txt").display().to_string());
    assert!(page[page.find(&format!("id=\"{shanghai}\"")).unwrap()..].contains("class=\"v blank\""));
    // Each value links to its source entry, which holds the raw text of its line.
    let granted = cell(&page, &hongze, "applications.received.natural_person");
    let target = granted.split("href=\"#").nth(1).and_then(|s| s.split('"').next()).expect("a link");
    let entry = &page[page.find(&format!("<li id=\"{target}\">")).expect("the entry")..];
    assert!(entry[..entry.find("</li>").unwrap()].contains("第96行"), "{entry:.200}");
    // Hostile text is text.
    assert!(page.contains("西工区&lt;b id=pwned&gt;&quot;&amp;&#39;&lt;/table&gt;民政局"));
    assert!(page.contains("&lt;b onmouseover=&#39;x&#39;&gt;&quot;名单&quot;.txt"));
    assert!(!page.contains("<b id=pwned") && !page.contains("<b onmouseover"));
    assert_eq!(page.matches("<script>").count(), 1, "only the page's own script");
}

#[test]
fn check_html_writes_the_same_page_and_keeps_checks_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let folder = batch(dir.path());
    let (review, checked) = (dir.path().join("review.html"), dir.path().join("check.html"));
    nianbao(&["review", folder.to_str().unwrap(), "-o", review.to_str().unwrap(), "-q"]);
    let output = nianbao(&["check", folder.to_str().unwrap(), "--html", checked.to_str().unwrap(), "-q"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("error[applications.balance]"));
    assert_eq!(std::fs::read(review).unwrap(), std::fs::read(checked).unwrap());
}

#[test]
fn every_corpus_report_has_a_page_under_200_kb() {
    let dir = tempfile::tempdir().unwrap();
    for file in crate::corpus_files() {
        let out = dir.path().join("one.html");
        let output = nianbao(&["review", file.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"]);
        assert!(matches!(output.status.code(), Some(0 | 1)), "{}: {output:?}", file.display());
        let size = std::fs::metadata(&out).unwrap().len();
        assert!(size < 200_000, "{}: {size} bytes", file.display());
    }
}

#[test]
fn a_large_batch_gets_one_page_per_report_beside_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("many");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..51 {
        std::fs::write(folder.join(format!("{i:02}.txt")), SEED.replace("西工区民政局", &format!("第{i}局")))
            .unwrap();
    }
    let out = dir.path().join("review.html");
    let output = nianbao(&["review", folder.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let index = std::fs::read_to_string(&out).unwrap();
    let pages: Vec<&str> =
        index.split("<a href=\"review_files/").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert_eq!(pages.len(), 51);
    for page in pages {
        let html = std::fs::read_to_string(dir.path().join("review_files").join(page)).unwrap();
        assert!(html.contains("href=\"../review.html\"") && html.contains("class=\"form\""), "{page}");
    }
    assert!(!index.contains("class=\"form\""), "the index holds no report");
}

/// Headless Chromium, where it is installed; under CI its absence is a failure.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI must have Chromium: .ci/run installs it");
        eprintln!("skipped: Chromium is not installed (apt install chromium); .ci/run installs it");
    }
    found
}

fn headless(browser: &str, args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--allow-file-access-from-files",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("Chromium runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_page_in_a_real_browser() {
    let Some(browser) = chromium() else { return };
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("review-test");
    let _ = std::fs::remove_dir_all(&target);
    std::fs::create_dir_all(&target).unwrap();
    let folder = batch(&target);
    let out = target.join("review.html");
    nianbao(&["review", folder.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"]);
    let url = format!("file://{}", out.display());
    // The script ran (it counts the rows shown), and the hostile title stayed text.
    let dom = headless(browser, &["--dump-dom", &url]);
    assert!(
        dom.contains("显示 6 / 6"),
        "the index script ran: {:.300}",
        &dom[dom.find("id=\"shown\"").unwrap_or(0)..]
    );
    assert!(!dom.contains("<b id=\"pwned\">"), "hostile text must not become an element");
    assert!(dom.contains("西工区&lt;b id=pwned&gt;"), "it stays text");
    // Filtered to reports with failed checks: exactly those rows stay visible.
    let dom = headless(browser, &["--dump-dom", &format!("{url}?failed=1")]);
    let body = &dom[dom.find("<tbody>").unwrap()..dom.find("</tbody>").unwrap()];
    let rows: Vec<&str> = body.split("<tr ").skip(1).collect();
    assert_eq!(rows.len(), 6);
    for row in rows {
        let failing = !row.contains("data-failed=\"0\"");
        assert_eq!(row.contains(" hidden"), !failing, "{row:.200}");
    }
    assert!(dom.contains("显示 2 / 6"), "洪泽 and the unbalanced report fail their checks");
    // A screenshot for a person to look at.
    let shot = target.join("review.png");
    headless(browser, &["--window-size=1400,2000", &format!("--screenshot={}", shot.display()), &url]);
    assert!(std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000), "a screenshot at {}", shot.display());
}
