//! Suitable: suitability-checked, explained product advice for retail banking.
#![forbid(unsafe_code)]

pub mod date;
pub mod error;
pub mod logic;

pub use date::Date;
pub use error::{Error, ErrorCode, Result};
