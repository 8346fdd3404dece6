//! The JSON Schema of the output contract, derived from the model types.

use crate::model::Report;

/// The JSON Schema (draft 2020-12) that every report nianbao prints conforms to.
///
/// ```
/// let schema = nianbao::schema::report_schema();
/// assert_eq!(schema["title"], "Report");
/// ```
pub fn report_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default()
}
