//! Typed tables from placed values: the model's three tables and their provenance.
//!
//! The readers in [`crate::tables`] place values under contract keys; this module turns those
//! placements into the plain model types, without changing a value.

use crate::model::Code;
use std::borrow::Borrow;
use std::hash::Hash;

use indexmap::IndexMap;
use serde::de::value::{self, MapDeserializer};
use serde::de::{DeserializeOwned, Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use crate::labels::APPLICANT_PARTS;
use crate::model::{
    ActiveDisclosure, ActiveDisclosure2019, ActiveDisclosure2021, Applications, Diagnostic, ExtraRow,
    OriginTable, ReviewsAndLawsuits, Severity, Template,
};
use crate::tables::{Number, Placed, Reading};

/// A table built from what the readers placed; an error there is a bug in nianbao (the readers
/// place only the model's rows and fields, values of their kinds): a debug build stops on it,
/// a release build reports it as an `internal_error` and leaves the table's values null.
fn built<T>(result: Result<T, value::Error>, table: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<T> {
    match result {
        Ok(table) => Some(table),
        Err(error) => {
            debug_assert!(false, "section {table} does not fit its model: {error}");
            diagnostics.push(Diagnostic {
                severity: Severity::Error,
                code: Code::InternalError,
                message: format!(
                    "section {table}: what was read does not fit the model ({error}); this is a bug in nianbao, and the table's values are null"
                ),
                line: None,
            });
            None
        }
    }
}

/// Section 二 in the report's form.
pub fn active_disclosure(
    reading: &Reading,
    template: Template,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ActiveDisclosure> {
    let extra_rows = || {
        let rows = reading.extra_rows.iter();
        rows.map(|(label, values)| ExtraRow { label: label.clone(), values: values.clone() }).collect()
    };
    match template {
        Template::Form2021 => {
            let mut table: ActiveDisclosure2021 = built(from_placed(&reading.placed), "二", diagnostics)?;
            table.extra_rows = extra_rows();
            Some(ActiveDisclosure::Form2021(table))
        }
        Template::Form2019 => {
            let mut table: ActiveDisclosure2019 = built(from_placed(&reading.placed), "二", diagnostics)?;
            table.extra_rows = extra_rows();
            Some(ActiveDisclosure::Form2019(table))
        }
        Template::FreeForm => None,
    }
}

/// Section 三, rows in the order placed.
pub fn applications(reading: &Reading, diagnostics: &mut Vec<Diagnostic>) -> Applications {
    // Sized once: each row has a value for each applicant column and 总计, at least.
    let row_count = reading.placed.len().div_ceil(APPLICANT_PARTS.len() + 1);
    let mut rows = Applications::with_capacity(row_count);
    let mut unknown: Vec<&str> = Vec::new();
    for placed in &reading.placed {
        let value = integer(placed.value);
        update_row(&mut rows, placed.row, |row| match placed.field {
            "natural_person" => row.natural_person = value,
            "commercial_enterprise" => row.commercial_enterprise = value,
            "research_institution" => row.research_institution = value,
            "social_welfare_organization" => row.social_welfare_organization = value,
            "legal_service_agency" => row.legal_service_agency = value,
            "other_organization" => row.other_organization = value,
            "legal_person_subtotal" => row.legal_person_subtotal = Some(value),
            "total" => row.total = value,
            field => unknown.push(field),
        });
    }
    if let Some(field) = unknown.first() {
        debug_assert!(false, "section 三 has no column {field}");
        diagnostics.push(Diagnostic {
            severity: Severity::Error,
            code: Code::InternalError,
            message: format!("section 三: a value was placed in column {field}, which the model does not have; this is a bug in nianbao, and the value is left out"),
            line: None,
        });
    }
    rows
}

/// Section 四.
pub fn reviews_and_lawsuits(reading: &Reading, diagnostics: &mut Vec<Diagnostic>) -> ReviewsAndLawsuits {
    built(from_placed(&reading.placed), "四", diagnostics).unwrap_or_default()
}

/// Where each placed value came from: row → field → origin.
pub fn origins(reading: &Reading) -> OriginTable {
    let mut table = OriginTable::new();
    for placed in &reading.placed {
        if let Some(origin) = placed.origin {
            update_row(&mut table, placed.row, |row| {
                row.insert(placed.field.to_string(), origin.to_origin());
            });
        }
    }
    table
}

/// Calls `update` on row `key`'s entry, added if new. A row's values are placed together, so
/// most look-ups find the row just added, without hashing its key.
fn update_row<K, V>(rows: &mut IndexMap<K, V>, key: &'static str, update: impl FnOnce(&mut V))
where
    K: Borrow<str> + From<&'static str> + Hash + Eq,
    V: Default,
{
    match rows.last_mut() {
        Some((last, row)) if last.borrow() == key => update(row),
        _ => update(rows.entry(K::from(key)).or_default()),
    }
}

fn integer(value: Option<Number>) -> Option<i64> {
    match value {
        Some(Number::Integer(v)) => Some(v),
        _ => None,
    }
}

/// A model table from placed values, through its own `Deserialize`: the values are handed to it
/// as a map of rows, each a map of fields, so the contract keys are the model's serde names and
/// nothing else. Rows are grouped as placed (a row's fields are placed together).
fn from_placed<T: DeserializeOwned>(placed: &[Placed]) -> Result<T, value::Error> {
    // The rows in the order first placed; each row's fields are found again by filtering (the
    // tables of sections 二 and 四 are small), so no list is built per row.
    let mut rows: Vec<&str> = Vec::new();
    for p in placed {
        if !rows.iter().rev().any(|row| *row == p.row) {
            rows.push(p.row);
        }
    }
    let rows = rows.into_iter().map(|row| {
        let fields = placed.iter().filter(move |p| p.row == row).map(|p| (p.field, PlacedValue(p.value)));
        (row, MapDeserializer::new(fields))
    });
    T::deserialize(MapDeserializer::new(rows))
}

/// One placed value as serde sees it: a number, or `null` for a blank.
struct PlacedValue(Option<Number>);

impl<'de> IntoDeserializer<'de, value::Error> for PlacedValue {
    type Deserializer = PlacedValue;

    fn into_deserializer(self) -> PlacedValue {
        self
    }
}

impl<'de> Deserializer<'de> for PlacedValue {
    type Error = value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, value::Error> {
        match self.0 {
            Some(Number::Integer(v)) => visitor.visit_i64(v),
            Some(Number::Decimal(v)) => visitor.visit_f64(v),
            None => visitor.visit_unit(),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, value::Error> {
        match self.0 {
            Some(_) => visitor.visit_some(self),
            None => visitor.visit_none(),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(row: &'static str, field: &'static str, value: Option<Number>) -> Placed<'static> {
        Placed { row, field, value, origin: None }
    }

    #[test]
    fn placed_values_fill_the_model_by_its_serde_names() {
        let fields = ["upheld", "corrected", "other", "pending", "total"];
        let mut values = Vec::new();
        for group in ["review", "lawsuit_direct", "lawsuit_after_review"] {
            for (i, field) in fields.into_iter().enumerate() {
                values.push(placed(group, field, (i != 2).then_some(Number::Integer(i as i64))));
            }
        }
        let reading = Reading { placed: values, ..Reading::default() };
        let mut diagnostics = Vec::new();
        let table = reviews_and_lawsuits(&reading, &mut diagnostics);
        assert!(diagnostics.is_empty());
        assert_eq!(table.lawsuit_after_review.total, Some(4));
        assert_eq!(table.review.other, None, "a blank stays null");
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_refused_not_converted() {
        let wrong = [placed("review", "upheld", Some(Number::Decimal(1.5)))];
        assert!(from_placed::<ReviewsAndLawsuits>(&wrong).is_err());
        let missing = [placed("review", "upheld", Some(Number::Integer(1)))];
        assert!(from_placed::<ReviewsAndLawsuits>(&missing).is_err(), "every row of the form is needed");
    }

    /// A table that does not fit its model is a bug: a debug build stops on it (tests see it); a
    /// release build says so and leaves the values null.
    #[test]
    fn a_table_that_does_not_fit_its_model_is_loud() {
        let wrong = Reading {
            placed: vec![placed("review", "upheld", Some(Number::Decimal(1.5)))],
            ..Reading::default()
        };
        let mut diagnostics = Vec::new();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            reviews_and_lawsuits(&wrong, &mut diagnostics)
        }));
        if cfg!(debug_assertions) {
            assert!(outcome.is_err(), "a debug build asserts");
        } else {
            assert_eq!(outcome.ok(), Some(ReviewsAndLawsuits::default()));
            assert_eq!(diagnostics.first().map(|d| d.code.as_str()), Some("internal_error"));
        }
    }
}
