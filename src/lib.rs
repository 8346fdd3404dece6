//! nianbao (年报) reads Chinese government annual reports on information disclosure
//! (政府信息公开工作年度报告) from plain-text dumps into validated, structured data.
//!
//! One call does the whole job: [`extract()`] takes the raw bytes of a dump (any of the forms
//! people hold: tab dumps, markdown tables, `pdftotext` output, crawler text; UTF-8, GB18030 or
//! UTF-16), of a published web page or of a Word file (`.docx`), and returns a [`Report`]
//! shaped as the output contract (`docs/output.md`): the
//! report's sections, its three tables under stable keys, every accounting identity judged in
//! `checks`, and every doubt as a diagnostic. Nothing is guessed: a blank is `null`, and a
//! number that cannot be placed with confidence is `null` with a diagnostic.
//!
//! The pipeline flows one way: `document` (the one place that chooses how an input is read:
//! web pages and Word files become the lines of a tab dump) → `decode` ([`decode()`]) → `normalize` →
//! `segment` → `grid` → `tables` → model (`build`) → [`validate`]. The library does no file I/O; the `nianbao` binary walks
//! folders, reads files and writes the output formats, using only this public API.
//!
//! ```
//! let dump = "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文\n四、政府信息公开行政复议、行政诉讼情况\n\
//!             0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n";
//! let report = nianbao::extract(dump.as_bytes(), &nianbao::Options::default()).unwrap();
//! assert_eq!(report.year, Some(2023));
//! let reviews = report.reviews_and_lawsuits.unwrap();
//! assert_eq!(reviews.review.total, Some(0));
//! ```

#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod build;
mod decode;
mod document;
pub mod error;
pub mod extract;
pub mod form;
mod grammar;
mod grid;
mod labels;
pub mod model;
mod narrative;
mod normalize;
pub mod schema;
mod segment;
mod tables;
pub mod tidy;
pub mod validate;
pub mod wide;

pub use decode::{decode, encoding_name, Decoded, ENCODING_NAMES};
pub use error::{Error, Position};
pub use extract::{extract, Options};
pub use labels::form_label;
pub use model::*;
