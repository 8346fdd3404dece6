//! `nianbao diff OLD NEW`: what changed between two readings of an archive (regression: reports
//! paired by source hash, then by path), or how one body's figures moved from one year to the
//! next (`--years`). For people an aligned listing (coloured on a terminal unless `NO_COLOR`),
//! for programs JSON Lines (`--format json`; shapes in docs/output.md).

mod compare;
mod side;

use std::collections::HashMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

use serde_json::{json, Value};

use self::compare::{Changes, CrossYear, Movement};
use self::side::{Entry, Side};
use crate::status;

/// What `diff` is asked to do.
pub struct DiffJob<'a> {
    pub old: &'a Path,
    pub new: &'a Path,
    pub years: bool,
    pub json: bool,
    pub options: nianbao::Options,
    pub extensions: &'a [String],
    pub jobs: usize,
    /// No notices on standard error but errors (`--quiet`).
    pub quiet: bool,
}

/// `nianbao diff`: exit 0 when nothing changed (regression) or every cross-year identity holds
/// (`--years`), 1 otherwise, 3 when a side cannot be read.
pub fn diff(job: &DiffJob<'_>) -> io::Result<u8> {
    let open = |path: &Path| {
        Side::open(path, &job.options, job.extensions, (job.jobs, job.quiet))
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    let (mut old, mut new) = match (open(job.old), open(job.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => {
            eprintln!("nianbao: {error}");
            return Ok(status::INPUT_FAILED);
        }
    };
    let stdout = io::stdout();
    let mut out = Printer {
        out: BufWriter::new(stdout.lock()),
        json: job.json,
        colour: !job.json
            && io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let changed = if job.years {
        years(&mut old, &mut new, &mut out)?
    } else {
        regression(&mut old, &mut new, &mut out)?
    };
    out.out.flush()?;
    Ok(if changed { status::CHECK_FAILED } else { 0 })
}

/// Batch against batch: pairs, then prints what changed; returns whether anything did.
fn regression(old: &mut Side, new: &mut Side, out: &mut Printer<impl Write>) -> io::Result<bool> {
    let (by_hash, by_path) = old.lookups();
    let new_root = new.root();
    let mut used = vec![false; old.entries.len()];
    let mut pairs: Vec<(Option<usize>, usize)> = Vec::with_capacity(new.entries.len());
    for (n, entry) in new.entries.iter().enumerate() {
        let same_bytes = entry
            .sha256
            .as_deref()
            .and_then(|h| by_hash.get(h))
            .and_then(|list| list.iter().copied().find(|&o| !used[o]));
        let same_path = || by_path.get(side::within(&entry.path, new_root)).copied().filter(|&o| !used[o]);
        let paired = same_bytes.or_else(same_path);
        if let Some(o) = paired {
            used[o] = true;
        }
        pairs.push((paired, n));
    }
    drop((by_hash, by_path));
    let mut summary = Summary { reports: new.entries.len(), ..Summary::default() };
    for (paired, n) in pairs {
        let new_entry = new.entries[n].clone();
        let Some(o) = paired else {
            summary.added += 1;
            out.added(&new_entry)?;
            continue;
        };
        let old_entry = old.entries[o].clone();
        let changes = compare::changes(&old.record(&old_entry)?, &new.record(&new_entry)?);
        if !changes.is_empty() {
            summary.count(&changes);
            out.changed(&old_entry, &new_entry, &changes)?;
        }
    }
    for entry in old.entries.iter().zip(&used).filter(|(_, used)| !**used).map(|(entry, _)| entry) {
        summary.removed += 1;
        out.removed(entry)?;
    }
    out.summary(&summary)?;
    Ok(summary.changed + summary.added + summary.removed > 0)
}

/// Year on year: each report of NEW against the same body's report of the year before in OLD
/// (or, with one report a side, those two); returns whether a carry-over did not hold.
fn years(old: &mut Side, new: &mut Side, out: &mut Printer<impl Write>) -> io::Result<bool> {
    let single = old.entries.len() == 1 && new.entries.len() == 1;
    // Last year's reports by body and year (the first of each, in OLD's order).
    let mut by_body: HashMap<(&str, i64), usize> = HashMap::new();
    for (i, entry) in old.entries.iter().enumerate() {
        if let (Some(agency), Some(year)) = (&entry.agency, entry.year) {
            by_body.entry((agency.as_str(), year)).or_insert(i);
        }
    }
    let pairs: Vec<(usize, usize)> = (0..new.entries.len())
        .filter_map(|n| {
            let this = &new.entries[n];
            let last = if single {
                Some(0)
            } else {
                this.agency.as_deref().zip(this.year).and_then(|(a, y)| by_body.get(&(a, y - 1)).copied())
            };
            last.map(|o| (o, n))
        })
        .collect();
    drop(by_body);
    let mut failed = false;
    for &(o, n) in &pairs {
        let this_entry = new.entries[n].clone();
        let last_entry = old.entries[o].clone();
        let (last_record, this_record) = (old.record(&last_entry)?, new.record(&this_entry)?);
        let movements = compare::movements(&last_record, &this_record);
        // The identities tie consecutive years only.
        let consecutive = last_entry.year.zip(this_entry.year).is_none_or(|(l, t)| l + 1 == t);
        let cross = if consecutive { compare::cross_year(&last_record, &this_record) } else { Vec::new() };
        if !consecutive {
            eprintln!(
                "nianbao: {} and {} are not consecutive years: the cross-year identities are not assessed",
                last_entry.year.unwrap_or_default(),
                this_entry.year.unwrap_or_default()
            );
        }
        failed |= cross.iter().any(|c| c.status == "fail");
        out.year_on_year(&last_entry, &this_entry, &movements, &cross)?;
    }
    if pairs.is_empty() {
        eprintln!("nianbao: no report of NEW has the same body's report of the year before in OLD (pairs by agency and year; one report a side pairs those two)");
    }
    Ok(failed)
}

#[derive(Default)]
struct Summary {
    reports: usize,
    changed: usize,
    values: usize,
    checks: usize,
    diagnostics: usize,
    added: usize,
    removed: usize,
}

impl Summary {
    fn count(&mut self, changes: &Changes) {
        self.changed += 1;
        self.values += changes.values.len();
        self.checks += changes.checks.len();
        self.diagnostics += changes.diagnostics_added.len() + changes.diagnostics_removed.len();
    }
}

/// Writes the listing for people or JSON Lines for programs.
struct Printer<W: Write> {
    out: W,
    json: bool,
    colour: bool,
}

impl<W: Write> Printer<W> {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn line(&mut self, value: Value) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, &value)?;
        self.out.write_all(b"\n")
    }

    fn added(&mut self, entry: &Entry) -> io::Result<()> {
        if self.json {
            return self.line(json!({"kind": "added", "path": entry.path, "sha256": entry.sha256}));
        }
        let tag = self.paint("32", "added  ");
        writeln!(self.out, "{tag} {}", entry.path)
    }

    fn removed(&mut self, entry: &Entry) -> io::Result<()> {
        if self.json {
            return self.line(json!({"kind": "removed", "path": entry.path, "sha256": entry.sha256}));
        }
        let tag = self.paint("31", "removed");
        writeln!(self.out, "{tag} {}", entry.path)
    }

    fn changed(&mut self, old: &Entry, new: &Entry, changes: &Changes) -> io::Result<()> {
        let bytes_changed = old.sha256 != new.sha256;
        if self.json {
            return self.line(json!({
                "kind": "changed", "path": new.path, "old_path": old.path, "sha256": new.sha256,
                "old_sha256": old.sha256, "bytes_changed": bytes_changed,
                "values": changes.values, "checks": changes.checks,
                "diagnostics_added": changes.diagnostics_added, "diagnostics_removed": changes.diagnostics_removed,
            }));
        }
        let tag = self.paint("33", "changed");
        let note = if bytes_changed { "  (the file's bytes changed)" } else { "" };
        writeln!(self.out, "{tag} {}{note}", new.path)?;
        let width = changes.values.iter().map(|v| v.path.len()).max().unwrap_or(0);
        for value in &changes.values {
            let (old, new) = (self.paint("31", &shown(&value.old)), self.paint("32", &shown(&value.new)));
            writeln!(self.out, "    {:width$}  {old} → {new}", value.path)?;
        }
        for check in &changes.checks {
            let (old, new) = (self.paint("31", &shown(&check.old)), self.paint("32", &shown(&check.new)));
            writeln!(self.out, "    check {} ({})  {old} → {new}", check.rule, check.scope)?;
        }
        for added in &changes.diagnostics_added {
            let plus = self.paint("32", "+");
            writeln!(self.out, "    {plus} {added}")?;
        }
        for removed in &changes.diagnostics_removed {
            let minus = self.paint("31", "-");
            writeln!(self.out, "    {minus} {removed}")?;
        }
        Ok(())
    }

    fn summary(&mut self, s: &Summary) -> io::Result<()> {
        if self.json {
            return self.line(json!({
                "kind": "summary", "reports": s.reports, "changed": s.changed, "values": s.values,
                "checks": s.checks, "diagnostics": s.diagnostics, "added": s.added, "removed": s.removed,
            }));
        }
        writeln!(
            self.out,
            "{} of {} reports changed: {} values, {} checks, {} diagnostics; {} added, {} removed",
            s.changed, s.reports, s.values, s.checks, s.diagnostics, s.added, s.removed
        )
    }

    fn year_on_year(
        &mut self,
        last: &Entry,
        this: &Entry,
        movements: &[Movement],
        cross: &[CrossYear],
    ) -> io::Result<()> {
        let side = |e: &Entry| json!({"path": e.path, "agency": e.agency, "year": e.year});
        if self.json {
            return self.line(json!({
                "kind": "year_on_year", "last": side(last), "this": side(this),
                "movements": movements, "cross_year": cross,
            }));
        }
        let year = |e: &Entry| e.year.map_or_else(|| "?".to_string(), |y| y.to_string());
        writeln!(
            self.out,
            "{} {} → {}  ({} → {})",
            this.agency.as_deref().unwrap_or("(unknown body)"),
            year(last),
            year(this),
            last.path,
            this.path
        )?;
        let number = |v: Option<f64>| v.map_or_else(|| "null".to_string(), |v| format!("{v}"));
        let width = movements.iter().map(|m| m.path.len()).max().unwrap_or(0);
        let mut table = "";
        for m in movements.iter().filter(|m| m.change != Some(0.0)) {
            let this_table = m.path.split('.').next().unwrap_or_default();
            if this_table != table {
                table = this_table;
                writeln!(self.out, "  {table}")?;
            }
            let change = m.change.map_or_else(String::new, |c| format!("{c:+}"));
            let percent = m.percent.map_or_else(String::new, |p| format!("{p:+.1}%"));
            writeln!(
                self.out,
                "    {:width$}  {:>10}  {:>10}  {:>10}  {:>8}",
                m.path,
                number(m.last),
                number(m.this),
                change,
                percent
            )?;
        }
        let unchanged = movements.iter().filter(|m| m.change == Some(0.0)).count();
        writeln!(self.out, "  ({unchanged} values unchanged)")?;
        for c in cross {
            let status = match c.status {
                "pass" => self.paint("32", "ok"),
                "fail" => self.paint("31", "error"),
                "warn" => self.paint("33", "warning"),
                _ => "not assessable".to_string(),
            };
            let what = match c.rule {
                "cross_year.carried_over" => "上年结转 = last year's 结转下年度继续办理",
                _ => "现行有效件数 = last year's + 本年制发 - 本年废止",
            };
            writeln!(
                self.out,
                "  {status}[{}] {}: {what}: expected {}, printed {}",
                c.rule,
                c.scope,
                number(c.expected),
                number(c.actual)
            )?;
        }
        Ok(())
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
