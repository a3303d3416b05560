//! Suitable: suitability-checked, explained product advice for retail banking, computed on
//! the customer's device.
//!
//! The engine is pure: no I/O, no clock, no randomness. "Now" is an input.
//!
//! ```
//! use suitable::{Catalogue, RecommendInput};
//! let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/test-data/catalogue.json")).unwrap();
//! let catalogue = Catalogue::from_json(&text).unwrap();
//! let input: RecommendInput = suitable::json::parse_json(
//!     r#"{"now": "2026-11-25", "customer": {"age": 30}}"#,
//!     suitable::ErrorCode::InputInvalid,
//! )
//! .unwrap();
//! let advice = suitable::recommend(&catalogue, &input).unwrap();
//! // Without a risk profile no investment product is ever recommended.
//! assert!(advice.recommendations.iter().all(|s| !s.category.is_investment()));
//! ```
#![forbid(unsafe_code)]
// No panics on input paths: every lookup is checked (tests may unwrap).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod advice;
pub mod catalogue;
pub mod data;
pub mod date;
pub mod error;
pub mod impact;
pub mod input;
pub mod json;
pub mod logic;
pub mod model;
pub mod profile;
pub mod synth;
pub mod util;
/// The JavaScript boundary (wasm32 only): the one module that touches wasm-bindgen.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use advice::{explain, recommend, Advice, Explanation, ENGINE_VERSION};
pub use catalogue::{validate, Catalogue, Report};
pub use date::Date;
pub use error::{Error, ErrorCode, Result};
pub use input::{AssessInput, RecommendInput};
pub use profile::{assess, RiskProfile};
