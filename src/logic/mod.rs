//! JsonLogic rules, compiled once, evaluated many times.
//!
//! Two modes share one compiler and evaluator:
//! - [`Mode::Strict`] (the default for catalogues) is the banking profile: a missing or `null`
//!   variable makes the condition *fail with a reason* (three-valued logic, fail closed),
//!   loose `==`/`!=` are refused at load, unknown operators, wrong arity and literal arguments
//!   of the wrong type are load errors carrying the JSON Pointer of the node, variable paths are
//!   checked against the fields the data can have, and depth and size are bounded.
//!   Dates are ISO `YYYY-MM-DD` strings used through explicit operators (`today`, `age_at`,
//!   `days_between`); the evaluation date is an input.
//! - [`Mode::Compat`] follows standard JsonLogic (JavaScript) semantics and passes the official
//!   test suite.
//!
//! Money in the evaluation data is integer minor units, so comparisons of money are exact.

// API contract (implemented in the submodules):
//
// pub enum Mode { Strict, Compat }
// pub struct Limits { pub max_depth: usize, pub max_nodes: usize }   // Default: 32, 2000
// pub struct CompileOptions<'a> { pub mode: Mode, pub limits: Limits,
//                                 pub known_var: Option<&'a dyn Fn(&str) -> bool> }
// pub struct Rule { .. }
// impl Rule {
//   pub fn compile(rule: &Value, opts: &CompileOptions<'_>, base: &str) -> Result<Rule, Error>;
//   pub fn mode(&self) -> Mode;
//   pub fn apply(&self, data: &Value, today: Option<Date>) -> Value;
//   pub fn matches(&self, data: &Value, today: Option<Date>) -> bool;
//   pub fn check(&self, data: &Value, today: Option<Date>) -> Verdict;
//   pub fn vars(&self) -> Vec<String>;
// }
// pub struct Verdict { pub passed: bool, pub failures: Vec<Failure> }
// pub struct Failure { path, op, code: FailureCode, var: Option<String>, actual: Value, expected: Value }
