//! What changed between two records of the same report (regression), and how one body's
//! figures moved from one year to the next (year on year). Records are compared as JSON (the
//! output contract), so a batch written by an older release compares with a newer one.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// The tables compared, in the contract's order.
const TABLES: [&str; 3] = ["active_disclosure", "applications", "reviews_and_lawsuits"];
/// Report fields compared besides the tables.
const FIELDS: [&str; 4] = ["agency", "year", "template", "title"];

/// A changed value: its path, old and new (`null` included).
#[derive(Debug, Serialize, PartialEq)]
pub struct ValueChange {
    pub path: String,
    pub old: Value,
    pub new: Value,
}

/// A check whose status changed (or that appeared or vanished: `null`).
#[derive(Debug, Serialize, PartialEq)]
pub struct CheckChange {
    pub rule: String,
    pub scope: String,
    pub old: Value,
    pub new: Value,
}

/// Everything that changed in one report.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Changes {
    pub values: Vec<ValueChange>,
    pub checks: Vec<CheckChange>,
    /// Diagnostics (`severity[code]: message`) only in the new record.
    pub diagnostics_added: Vec<String>,
    /// Diagnostics only in the old record.
    pub diagnostics_removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
            && self.checks.is_empty()
            && self.diagnostics_added.is_empty()
            && self.diagnostics_removed.is_empty()
    }
}

/// Every leaf value of a record's tables (and its report fields), by path.
pub fn leaves(record: &Value) -> BTreeMap<String, Value> {
    fn walk(prefix: String, value: &Value, out: &mut BTreeMap<String, Value>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    walk(format!("{prefix}.{key}"), inner, out);
                }
            }
            Value::Array(items) => {
                for (i, inner) in items.iter().enumerate() {
                    walk(format!("{prefix}[{i}]"), inner, out);
                }
            }
            leaf => {
                out.insert(prefix, leaf.clone());
            }
        }
    }
    let mut out = BTreeMap::new();
    for field in FIELDS {
        out.insert(field.to_string(), record.get(field).cloned().unwrap_or(Value::Null));
    }
    if let Some(error) = record.get("error") {
        out.insert("error".to_string(), error.clone());
    }
    for table in TABLES {
        match record.get(table) {
            Some(Value::Null) | None => {
                out.insert(table.to_string(), Value::Null);
            }
            Some(value) => walk(table.to_string(), value, &mut out),
        }
    }
    out
}

fn checks(record: &Value) -> BTreeMap<(String, String), Value> {
    let list = record.get("checks").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    list.iter()
        .map(|c| {
            let text = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            ((text("rule"), text("scope")), c.get("status").cloned().unwrap_or(Value::Null))
        })
        .collect()
}

fn diagnostics(record: &Value) -> Vec<String> {
    let list = record.get("diagnostics").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let text = |d: &Value, k: &str| d.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    list.iter()
        .map(|d| format!("{}[{}]: {}", text(d, "severity"), text(d, "code"), text(d, "message")))
        .collect()
}

/// What changed from `old` to `new`, two records of the same report.
pub fn changes(old: &Value, new: &Value) -> Changes {
    let (old_leaves, new_leaves) = (leaves(old), leaves(new));
    let mut values = Vec::new();
    for (path, old_value) in &old_leaves {
        let new_value = new_leaves.get(path).unwrap_or(&Value::Null);
        if !same(old_value, new_value) {
            values.push(ValueChange { path: path.clone(), old: old_value.clone(), new: new_value.clone() });
        }
    }
    for (path, new_value) in new_leaves.iter().filter(|(p, _)| !old_leaves.contains_key(*p)) {
        if !new_value.is_null() {
            values.push(ValueChange { path: path.clone(), old: Value::Null, new: new_value.clone() });
        }
    }
    let (old_checks, new_checks) = (checks(old), checks(new));
    let mut keys: Vec<&(String, String)> = old_checks.keys().chain(new_checks.keys()).collect();
    keys.sort();
    keys.dedup();
    let check_changes = keys
        .into_iter()
        .filter_map(|key| {
            let (o, n) =
                (old_checks.get(key).unwrap_or(&Value::Null), new_checks.get(key).unwrap_or(&Value::Null));
            (o != n).then(|| CheckChange {
                rule: key.0.clone(),
                scope: key.1.clone(),
                old: o.clone(),
                new: n.clone(),
            })
        })
        .collect();
    let (old_diagnostics, new_diagnostics) = (diagnostics(old), diagnostics(new));
    Changes {
        values,
        checks: check_changes,
        diagnostics_added: without(&new_diagnostics, &old_diagnostics),
        diagnostics_removed: without(&old_diagnostics, &new_diagnostics),
    }
}

/// Two JSON values equal as the contract means them (1 and 1.0 are one number).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// The items of `these` not in `those`, counting repeats.
fn without(these: &[String], those: &[String]) -> Vec<String> {
    let mut left: Vec<&String> = those.iter().collect();
    these
        .iter()
        .filter(|item| match left.iter().position(|l| l == item) {
            Some(at) => {
                left.swap_remove(at);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

/// One body's figure in two years.
#[derive(Debug, Serialize)]
pub struct Movement {
    pub path: String,
    pub last: Option<f64>,
    pub this: Option<f64>,
    /// `this - last`, when both are known.
    pub change: Option<f64>,
    /// The change as a percentage of last year's, when that is not 0.
    pub percent: Option<f64>,
}

/// A cross-year identity: its name, the two sides and whether they agree.
#[derive(Debug, Serialize)]
pub struct CrossYear {
    pub rule: &'static str,
    pub scope: String,
    pub expected: Option<f64>,
    pub actual: Option<f64>,
    /// `pass`, `fail` (for a warning: `warn`) or `not_assessable`.
    pub status: &'static str,
}

/// The figures of `last` and `this` side by side, every value either has.
pub fn movements(last: &Value, this: &Value) -> Vec<Movement> {
    let (a, b) = (leaves(last), leaves(this));
    let number = |v: Option<&Value>| v.and_then(Value::as_f64);
    let mut paths: Vec<&String> =
        a.keys().chain(b.keys()).filter(|p| TABLES.iter().any(|t| p.starts_with(t))).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|path| {
            let (last, this) = (number(a.get(path)), number(b.get(path)));
            (last.is_some() || this.is_some()).then(|| {
                let change = last.zip(this).map(|(l, t)| t - l);
                let percent = last.zip(change).filter(|(l, _)| *l != 0.0).map(|(l, c)| c / l * 100.0);
                Movement { path: path.clone(), last, this, change, percent }
            })
        })
        .collect()
}

/// The identities that tie a year to the one before: this year's 上年结转 equals last year's
/// 结转下年度继续办理 (per column); this year's 现行有效件数 equals last year's plus 本年制发
/// minus 本年废止 (a warning when not: documents also expire).
pub fn cross_year(last: &Value, this: &Value) -> Vec<CrossYear> {
    let (a, b) = (leaves(last), leaves(this));
    let number = |map: &BTreeMap<String, Value>, path: &str| map.get(path).and_then(Value::as_f64);
    let mut out = Vec::new();
    let columns = b
        .keys()
        .filter_map(|p| p.strip_prefix("applications.carried_over."))
        .map(str::to_owned)
        .collect::<Vec<_>>();
    for column in columns {
        let expected = number(&a, &format!("applications.carried_forward.{column}"));
        let actual = number(&b, &format!("applications.carried_over.{column}"));
        out.push(CrossYear {
            rule: "cross_year.carried_over",
            scope: column,
            expected,
            actual,
            status: status(expected, actual, "fail"),
        });
    }
    for row in ["regulations", "normative_documents"] {
        let at = |map: &BTreeMap<String, Value>, field: &str| {
            number(map, &format!("active_disclosure.{row}.{field}"))
        };
        if at(&b, "in_force").is_none() && at(&a, "in_force").is_none() {
            continue;
        }
        let expected =
            at(&a, "in_force").zip(at(&b, "issued")).zip(at(&b, "repealed")).map(|((l, i), r)| l + i - r);
        let actual = at(&b, "in_force");
        out.push(CrossYear {
            rule: "cross_year.in_force",
            scope: row.to_string(),
            expected,
            actual,
            status: status(expected, actual, "warn"),
        });
    }
    out
}

fn status(expected: Option<f64>, actual: Option<f64>, failing: &'static str) -> &'static str {
    match expected.zip(actual) {
        Some((e, a)) if e == a => "pass",
        Some(_) => failing,
        None => "not_assessable",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_changed_cell_a_flipped_check_and_a_new_diagnostic() {
        let old = json!({"agency": "某局", "year": 2023, "applications": {"received": {"total": 12, "natural_person": null}},
            "checks": [{"rule": "applications.balance", "scope": "total", "status": "pass"}],
            "diagnostics": [{"severity": "info", "code": "a", "message": "x"}]});
        let new = json!({"agency": "某局", "year": 2023, "applications": {"received": {"total": 13, "natural_person": 1}},
            "checks": [{"rule": "applications.balance", "scope": "total", "status": "fail"}],
            "diagnostics": [{"severity": "info", "code": "a", "message": "x"}, {"severity": "warning", "code": "b", "message": "y"}]});
        let changes = changes(&old, &new);
        assert_eq!(changes.values.len(), 2);
        assert_eq!(changes.values[0].path, "applications.received.natural_person");
        assert_eq!((changes.values[1].old.clone(), changes.values[1].new.clone()), (json!(12), json!(13)));
        assert_eq!(changes.checks[0].new, json!("fail"));
        assert_eq!(changes.diagnostics_added, ["warning[b]: y"]);
        assert!(changes.diagnostics_removed.is_empty());
        assert!(super::changes(&old, &old).is_empty());
    }

    #[test]
    fn carry_over_and_regulations_in_force_across_years() {
        let last = json!({"applications": {"carried_forward": {"total": 5}}, "active_disclosure": {"regulations": {"in_force": 10}}});
        let this = json!({"applications": {"carried_over": {"total": 4}}, "active_disclosure": {"regulations": {"issued": 2, "repealed": 1, "in_force": 11}}});
        let lines = cross_year(&last, &this);
        assert_eq!(
            (lines[0].rule, lines[0].status, lines[0].expected, lines[0].actual),
            ("cross_year.carried_over", "fail", Some(5.0), Some(4.0))
        );
        assert_eq!((lines[1].rule, lines[1].status), ("cross_year.in_force", "pass"));
    }
}
