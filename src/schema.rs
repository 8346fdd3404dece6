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
    serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default()
}

/// The JSON Schema of one record of a batch (JSON Lines, or an element of a JSON array): a
/// report, or an error record in its place. `nianbao schema` prints this one.
///
/// ```
/// let schema = nianbao::schema::record_schema();
/// assert_eq!(schema["title"], "Record");
/// ```
pub fn record_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Record)).unwrap_or_default()
}

/// A buffer size that holds a report's JSON Lines, in the usual case without growing, for a
/// dump of `source_bytes`: about 30 KB of tables and checks whatever the dump's size, plus its
/// prose (a GB18030 dump's text grows by half in UTF-8). Provenance makes the JSON larger.
///
/// ```
/// assert!(nianbao::schema::json_capacity(0) >= 30 * 1024);
/// ```
pub fn json_capacity(source_bytes: u64) -> usize {
    usize::try_from(source_bytes).unwrap_or(0).saturating_mul(2).saturating_add(48 * 1024)
}
