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
//! - [`Mode::Compat`] follows standard JsonLogic (json-logic-js 2.x, JavaScript coercions) and
//!   passes the official test suite. The date operators are available there too (as
//!   extensions; a bad date gives `null`), `log` returns its argument.
//!
//! Money in the evaluation data is integer minor units, so comparisons of money are exact.
//!
//! # Strict mode
//!
//! Load errors (each with the JSON Pointer of the node; an operator's arguments are at
//! `<node>/<op>/<index>`, or `<node>/<op>` for a single non-array argument):
//!
//! | operator | arguments | literal arguments must be |
//! |---|---|---|
//! | `var` | 0 to 2 (path, default) | path: a string or a non-negative integer |
//! | `missing` | any | variable names (strings, or one array of them) |
//! | `missing_some` | 2 | a whole number, an array of variable names |
//! | `if` | odd, at least 3 | - |
//! | `?:` | 3 | - |
//! | `===`, `!==` | 2 | - |
//! | `!`, `!!` | 1 | - |
//! | `and`, `or` | at least 1 | - |
//! | `<`, `<=` | 2 or 3 (between) | numbers |
//! | `>`, `>=` | 2 | numbers |
//! | `max`, `min`, `+`, `*` | at least 1 | numbers |
//! | `-` | 1 or 2 | numbers |
//! | `/`, `%` | 2 | numbers |
//! | `in` | 2 | haystack: an array or a string (then the needle is a string) |
//! | `cat` | at least 1 | strings, numbers or booleans |
//! | `substr` | 2 or 3 | a string, integer positions |
//! | `merge` | any | - |
//! | `map`, `filter`, `all`, `none`, `some` | 2 | first: an array |
//! | `reduce` | 2 or 3 | first: an array |
//! | `today` | 0 (`{"today": []}`) | - |
//! | `age_at`, `days_between` | 2 | ISO dates `YYYY-MM-DD` |
//!
//! `==` and `!=` give `RULE_LOOSE_EQUALITY`; `log` and anything else `RULE_UNKNOWN_OPERATOR`;
//! an object with 0 or 2+ keys `RULE_PARSE`; a `var` path refused by
//! [`CompileOptions::known_var`] `RULE_UNKNOWN_VARIABLE` (paths inside the per-element body of
//! `map`/`filter`/`reduce`/`all`/`none`/`some` are relative to the element and not checked).
//! Depth counts one level per operator object and per array that is not an operator's
//! argument list (the rule itself is level 1); it is checked on the way down, so a deep
//! bomb gives `RULE_TOO_DEEP` without deep recursion. Every JSON value counts as one node
//! for [`Limits::max_nodes`] (`RULE_TOO_LARGE`). In compat mode only unknown operators and the
//! limits are load errors.
//!
//! Evaluation is three-valued: a `var` that is missing or `null` is unknown (its default, when
//! given, replaces it); an operator with an unknown argument is unknown; `and` is false when a
//! child is false, else unknown when a child is unknown; `or` is true when a child is true,
//! else unknown when a child is unknown; `all`/`some`/`none` likewise over the elements;
//! `map`/`filter` are unknown when the body is unknown for an element. Comparisons and
//! arithmetic take numbers only (anything else, a division by zero or a non-date string given
//! to a date operator is unknown with `TYPE_MISMATCH`); `===` compares values (numbers by
//! value, arrays and objects structurally; a number and a string are simply different).
//! At the top, unknown does not pass and [`Rule::apply`] gives `null`.
//!
//! Both modes: `merge` results over 2^20 elements and `cat` results over 2^20 bytes are
//! refused (unknown in strict mode, `null` in compat mode), so a `reduce` that doubles its
//! accumulator cannot exhaust memory. Evaluation recursion is bounded by the rule depth.

mod compile;
mod eval;
mod explain;
mod fast;
mod slots;
mod value;

#[cfg(test)]
mod tests;

use crate::json::Value;

use crate::date::Date;
use crate::error::Error;
use compile::Node;
use eval::{Ev, Scope};
pub use slots::{Paths, Slots};
pub(crate) use value::num_text;
use value::Val;

/// Strict (the banking profile) or JsonLogic-compatible evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Strict,
    Compat,
}

/// Bounds on a rule's size, checked when it is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Nesting levels (operators and literal arrays); default 32.
    pub max_depth: usize,
    /// JSON values in the rule; default 2000.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 32,
            max_nodes: 2000,
        }
    }
}

#[derive(Clone, Copy, Default)]
pub struct CompileOptions<'a> {
    pub mode: Mode,
    pub limits: Limits,
    /// Accepts the dotted `var` paths the evaluation data can have (strict or compat).
    pub known_var: Option<&'a dyn Fn(&str) -> bool>,
}

impl std::fmt::Debug for CompileOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompileOptions")
            .field("mode", &self.mode)
            .field("limits", &self.limits)
            .field("known_var", &self.known_var.is_some())
            .finish()
    }
}

/// A compiled rule: immutable, `Send + Sync`, cheap to evaluate many times.
#[derive(Debug, Clone)]
pub struct Rule {
    root: Node,
    mode: Mode,
    base: String,
    /// Dotted `var` paths by id (for explanations).
    paths: Vec<Box<str>>,
    vars: Vec<String>,
    /// The tag of the [`Paths`] it is bound to (0: none).
    bound: u64,
    /// Its bound form, when it has one.
    flat: slots::Flat,
}

/// The outcome of [`Rule::check`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub passed: bool,
    /// Empty when passed.
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FailureCode {
    /// The condition was evaluated and is false.
    ConditionFalse,
    /// A variable it needs is missing or null; also `today` without an evaluation date
    /// (then `var` is null).
    MissingVariable,
    /// A value of the wrong type (a string compared with a number, a bad date...).
    TypeMismatch,
}

/// One leaf condition responsible for a rule not passing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// JSON Pointer of the leaf node (the rule's base + the path inside the rule).
    pub path: String,
    /// The leaf's operator (mirrored when the variable is on the right: `18 < age` is
    /// reported as `age > 18`); "var" for a bare variable, "" for a literal.
    pub op: String,
    pub code: FailureCode,
    /// The variable the leaf reads (the missing one for `MISSING_VARIABLE`), dotted.
    pub var: Option<String>,
    /// The data side (first argument); `null` when unknown.
    pub actual: Value,
    /// The other side; `[low, high]` for `{"<": [low, x, high]}`; `true` for a condition
    /// that should hold, `false` under `!`.
    pub expected: Value,
}

impl Rule {
    /// Compiles `rule`. `base` is the JSON Pointer of the rule inside its document, e.g.
    /// `/products/7/eligibility`; every error and failure path is `base` + the path inside
    /// the rule, e.g. `/products/7/eligibility/and/2`.
    pub fn compile(rule: &Value, opts: &CompileOptions<'_>, base: &str) -> Result<Rule, Error> {
        let c = compile::compile(rule, opts, base)?;
        Ok(Rule {
            root: c.root,
            mode: opts.mode,
            base: base.to_string(),
            paths: c.paths,
            vars: c.vars,
            bound: 0,
            flat: slots::Flat::default(),
        })
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    fn ev(&self, today: Option<Date>) -> Ev {
        Ev {
            strict: self.mode == Mode::Strict,
            today,
        }
    }

    /// The JsonLogic value. Compat: json-logic-js semantics. Strict: unknown is `null`.
    pub fn apply(&self, data: &Value, today: Option<Date>) -> Value {
        self.ev(today)
            .eval(&self.root, &Scope::Data(Val::of(data)))
            .into_value()
    }

    /// Whether the result is truthy (strict: unknown is false). Builds no explanation.
    pub fn matches(&self, data: &Value, today: Option<Date>) -> bool {
        matches!(
            self.ev(today).test(&self.root, &Scope::Data(Val::of(data))),
            fast::Tri::T
        )
    }

    /// [`Rule::matches`] on the data of `slots`, reading the paths bound to it from there.
    pub fn matches_in(&self, slots: &Slots<'_>, today: Option<Date>) -> bool {
        if let Some(b) = slots.fit(self).then(|| self.flat.run(slots)).flatten() {
            return b;
        }
        matches!(
            self.ev(today).test(&self.root, &self.scope(slots)),
            fast::Tri::T
        )
    }

    /// Whether the result is truthy, and when not, the leaf conditions responsible.
    pub fn check(&self, data: &Value, today: Option<Date>) -> Verdict {
        self.verdict(Scope::Data(Val::of(data)), today)
    }

    /// [`Rule::check`] on the data of `slots`.
    pub fn check_in(&self, slots: &Slots<'_>, today: Option<Date>) -> Verdict {
        self.verdict(self.scope(slots), today)
    }

    fn scope<'a>(&self, slots: &'a Slots<'a>) -> Scope<'a> {
        if slots.fit(self) {
            Scope::Root(slots)
        } else {
            Scope::Data(Val::of(slots.data))
        }
    }

    fn verdict<'a>(&'a self, sc: Scope<'a>, today: Option<Date>) -> Verdict {
        let mut x = explain::Explainer {
            ev: self.ev(today),
            rule: self,
            sc,
            out: Vec::new(),
        };
        let passed = matches!(x.ev.test(&self.root, &x.sc), fast::Tri::T);
        if !passed {
            x.explain(&self.root, &self.base);
        }
        Verdict {
            passed,
            failures: x.out,
        }
    }

    /// Every distinct data path the rule reads (`var`, `missing`, `missing_some`), dotted and
    /// sorted; paths relative to the elements of `map`/`filter`/... are left out.
    pub fn vars(&self) -> Vec<String> {
        self.vars.clone()
    }

    /// The top-level data keys the rule can read (sorted, distinct), so a host may build only
    /// those; `None` when it may read more (the whole data, or a path computed when evaluated).
    pub fn data_keys(&self) -> Option<Vec<String>> {
        fn computed(n: &Node) -> bool {
            match n {
                Node::Op(o) => {
                    matches!(
                        o.op,
                        compile::Op::Var | compile::Op::Missing | compile::Op::MissingSome
                    ) || o.args.iter().any(computed)
                }
                Node::Arr(a) => a.iter().any(computed),
                Node::Var(v) => v.default.as_ref().is_some_and(computed),
                Node::Lit(_) => false,
            }
        }
        if self.paths.iter().any(|p| p.is_empty()) || computed(&self.root) {
            return None;
        }
        let keys: Vec<String> = self
            .vars
            .iter()
            .map(|v| v.split('.').next().unwrap_or_default().to_string())
            .collect();
        Some(crate::util::sorted_unique(keys))
    }
}

/// Compiles `rule` with the default limits and applies it (for the CLI and playgrounds).
pub fn evaluate(
    rule: &Value,
    data: &Value,
    mode: Mode,
    today: Option<Date>,
) -> Result<Value, Error> {
    let opts = CompileOptions {
        mode,
        ..CompileOptions::default()
    };
    Ok(Rule::compile(rule, &opts, "")?.apply(data, today))
}
