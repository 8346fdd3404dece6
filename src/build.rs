//! Typed tables from placed values: the model's three tables and their provenance.
//!
//! The readers in [`crate::tables`] place values under contract keys; this module turns those
//! placements into the plain model types, without changing a value.

use crate::model::{
    ActiveDisclosure, ActiveDisclosure2019, ActiveDisclosure2021, Applications, ExtraRow, OriginTable,
    ReviewsAndLawsuits, Template,
};
use crate::tables::{Number, Placed, Reading};

/// Section 二 in the report's form.
pub fn active_disclosure(reading: &Reading, template: Template) -> Option<ActiveDisclosure> {
    let mut object = nested(&reading.placed);
    let extra_rows: Vec<ExtraRow> = reading
        .extra_rows
        .iter()
        .map(|(label, values)| ExtraRow { label: label.clone(), values: values.clone() })
        .collect();
    object.insert("extra_rows".into(), serde_json::to_value(extra_rows).ok()?);
    let value = serde_json::Value::Object(object);
    match template {
        Template::Form2021 => {
            serde_json::from_value::<ActiveDisclosure2021>(value).ok().map(ActiveDisclosure::Form2021)
        }
        Template::Form2019 => {
            serde_json::from_value::<ActiveDisclosure2019>(value).ok().map(ActiveDisclosure::Form2019)
        }
        Template::FreeForm => None,
    }
}

/// Section 三, rows in the order placed.
pub fn applications(reading: &Reading) -> Applications {
    let mut rows = Applications::new();
    for placed in &reading.placed {
        // A row's values are placed together: most look-ups find the row just added.
        let row = match rows.last_mut() {
            Some((key, row)) if key == placed.row => row,
            _ => rows.entry(placed.row.to_string()).or_default(),
        };
        let value = integer(placed.value);
        match placed.field {
            "natural_person" => row.natural_person = value,
            "commercial_enterprise" => row.commercial_enterprise = value,
            "research_institution" => row.research_institution = value,
            "social_welfare_organization" => row.social_welfare_organization = value,
            "legal_service_agency" => row.legal_service_agency = value,
            "other_organization" => row.other_organization = value,
            "legal_person_subtotal" => row.legal_person_subtotal = Some(value),
            "total" => row.total = value,
            _ => {}
        }
    }
    rows
}

/// Section 四.
pub fn reviews_and_lawsuits(reading: &Reading) -> ReviewsAndLawsuits {
    serde_json::from_value(serde_json::Value::Object(nested(&reading.placed))).unwrap_or_default()
}

/// Where each placed value came from: row → field → origin.
pub fn origins(reading: &Reading) -> OriginTable {
    let mut table = OriginTable::new();
    for placed in &reading.placed {
        if let Some(origin) = &placed.origin {
            let row = match table.last_mut() {
                Some((key, row)) if key == placed.row => row,
                _ => table.entry(placed.row.to_string()).or_default(),
            };
            row.insert(placed.field.to_string(), origin.clone());
        }
    }
    table
}

fn integer(value: Option<Number>) -> Option<i64> {
    match value {
        Some(Number::Integer(v)) => Some(v),
        _ => None,
    }
}

/// Placed values as a JSON object: row → field → number or null.
fn nested(placed: &[Placed]) -> serde_json::Map<String, serde_json::Value> {
    let mut object = serde_json::Map::new();
    for p in placed {
        let value = match p.value {
            Some(Number::Integer(v)) => serde_json::Value::from(v),
            Some(Number::Decimal(v)) => serde_json::Value::from(v),
            None => serde_json::Value::Null,
        };
        let row = object
            .entry(p.row.to_string())
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if let Some(row) = row.as_object_mut() {
            row.insert(p.field.to_string(), value);
        }
    }
    object
}
