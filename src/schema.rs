//! The JSON Schema of the output contract, derived from the model types, and what a report's
//! JSON takes.

use crate::model::{Record, Report};

/// The JSON Schema (draft 2020-12) that every report nianbao prints conforms to.
///
/// ```
/// let schema = nianbao::schema::report_schema();
/// assert_eq!(schema["title"], "Report");
/// ```
pub fn report_schema() -> serde_json::Value {
    plain(serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default())
}

/// The schema with its descriptions (the model's doc comments) as plain text: rustdoc's links
/// (`` [`Source::converter`] ``) and code marks (`` `null` ``) taken out, for readers of the schema.
fn plain(mut schema: serde_json::Value) -> serde_json::Value {
    fn walk(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, item) in map.iter_mut() {
                    match item {
                        serde_json::Value::String(text) if key == "description" => *text = unmark(text),
                        _ => walk(item),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut schema);
    schema
}

/// `` [`Foo`](crate::Foo) `` and `` [`Foo`] `` as `Foo`; backticks dropped.
fn unmark(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        match after.find(']') {
            Some(close) => {
                out.push_str(after.get(..close).unwrap_or_default());
                rest = after.get(close + 1..).unwrap_or_default();
                // A link target right after: `(…)` is dropped.
                if rest.starts_with('(') {
                    rest = rest.find(')').map_or(rest, |end| rest.get(end + 1..).unwrap_or_default());
                }
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace('`', "")
}

/// The JSON Schema of one record of a batch (JSON Lines, or an element of a JSON array): a
/// report, or an error record in its place. `nianbao schema` prints this one.
///
/// ```
/// let schema = nianbao::schema::record_schema();
/// assert_eq!(schema["title"], "Record");
/// ```
pub fn record_schema() -> serde_json::Value {
    plain(serde_json::to_value(schemars::schema_for!(Record)).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_carry_no_rustdoc_markup() {
        assert_eq!(
            unmark("see [`Source::converter`] and [`x`](crate::x); `null` is [not] 0"),
            "see Source::converter and x; null is not 0"
        );
        let schema = record_schema().to_string();
        assert!(!schema.contains('`') && !schema.contains("[`"), "backticks left in the schema");
    }
}
