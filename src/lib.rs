//! nianbao (年报) reads Chinese government 政府信息公开工作年度报告 from plain-text dumps
//! into validated, structured data.
pub mod decode;
pub mod error;
mod grammar;
pub mod model;
pub mod normalize;
pub use decode::decode;
pub use error::{Error, Position};
pub use model::*;
pub mod labels;
pub mod segment;
pub mod grid;
