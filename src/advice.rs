//! `recommend`: hard gates G1..G7, ranking `P × C × V × L`, cross-sell, suppression, and the
//! explanation of every suggestion and every exclusion.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::json;
use crate::json::Value;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::catalogue::doc::{Fees, Product, Weight};
use crate::catalogue::{hex, Catalogue, TestOutcome};
use crate::data;
use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::input::{Action, AssessInput, RecommendInput};
use crate::logic::{Failure, FailureCode, Slots};
use crate::model::{js_f64, js_f64_opt, Category, Money, ProductType, RiskLevel};
use crate::profile::{self, QuestionnaireRef, Reason, RiskProfile};
use crate::util::replace_str;

pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    /// Propensity.
    #[serde(serialize_with = "js_f64")]
    pub p: f64,
    /// Context weight (life stage, segment, goals, intent, cross-sell lift).
    #[serde(serialize_with = "js_f64")]
    pub c: f64,
    /// Business value.
    #[serde(serialize_with = "js_f64")]
    pub v: f64,
    /// Levers.
    #[serde(serialize_with = "js_f64")]
    pub l: f64,
    #[serde(serialize_with = "js_f64")]
    pub priority: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub product_id: String,
    #[serde(rename = "type")]
    pub product_type: ProductType,
    pub category: Category,
    /// "Deposit", "Investment fund"...: always shown, never blurred.
    pub type_label: String,
    pub category_label: String,
    pub name: String,
    pub summary: String,
    pub benefits: String,
    pub risks: String,
    pub disclosure: String,
    /// Locale of the product texts (differs from the requested one after a fallback).
    pub lang: String,
    pub risk_level: RiskLevel,
    pub risk_label: String,
    pub complex: bool,
    pub deposit_insured: bool,
    pub principal_guaranteed: bool,
    pub term_months: Option<u32>,
    pub lock_up_months: Option<u32>,
    pub min_amount: Option<Money>,
    #[serde(serialize_with = "js_f64_opt")]
    pub rate_pct: Option<f64>,
    pub fees: Fees,
    /// None in the non-personalised view.
    pub score: Option<Score>,
    pub why: Vec<Reason>,
    pub watch: Vec<Reason>,
}

/// One failed gate: a stable code, the values compared, and the customer's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GateFailure {
    pub gate: &'static str,
    pub code: &'static str,
    pub actual: Value,
    pub expected: Value,
    pub text: String,
    pub lang: String,
    /// The failed leaf conditions of an eligibility rule (G7).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Failure>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exclusion {
    pub product_id: String,
    pub name: String,
    pub gates: Vec<GateFailure>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suppressed {
    pub product_id: String,
    pub code: &'static str,
    pub text: String,
    pub until: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Audit {
    pub engine_version: &'static str,
    pub catalogue_version: String,
    pub catalogue_sha256: String,
    pub questionnaire: Option<QuestionnaireRef>,
    /// sha256 of the canonical JSON of the input (keys sorted, no spaces).
    pub input_sha256: String,
    pub now: Date,
    /// Every reason code in this advice, sorted.
    pub reason_codes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileStatus {
    Valid,
    Missing,
    Expired,
    Unconfirmed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Advice {
    pub locale: String,
    pub personalised: bool,
    pub profile_status: ProfileStatus,
    pub profile: Option<RiskProfile>,
    /// Minor or without full legal capacity: a guardian must act with the customer.
    pub guardian_required: bool,
    pub notices: Vec<Reason>,
    pub recommendations: Vec<Suggestion>,
    pub cross_sell: Vec<Suggestion>,
    pub excluded: Vec<Exclusion>,
    pub suppressed: Vec<Suppressed>,
    pub audit: Audit,
}

/// The state of one product after the gates and the ranking.
struct Candidate<'a> {
    product: &'a Product,
    level: RiskLevel,
    score: Option<Score>,
    why: Vec<Reason>,
}

struct Ctx<'a> {
    cat: &'a Catalogue,
    input: &'a RecommendInput,
    /// [`recommend_lean`]: the same decisions, no customer-facing text.
    lean: bool,
    chain: Vec<String>,
    profile: Option<&'a RiskProfile>,
    status: ProfileStatus,
    age: Option<u32>,
    data: Value,
}

fn round6(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e6).round() / 1e6
    } else {
        0.0
    }
}

fn pct_factor(pct: f64) -> f64 {
    1.0 + pct / 100.0
}

fn weight_targets(w: &Weight, p: &Product) -> bool {
    w.product_type.is_none_or(|t| t == p.product_type)
        && w.category.is_none_or(|c| c == p.category)
        && w.variety.is_none_or(|v| v == p.variety)
        && w.product.as_ref().is_none_or(|id| *id == p.id)
}

impl Ctx<'_> {
    /// The engine text of `code` with `{actual}`/`{expected}` from `args` (called only when
    /// texts are built); in the lean mode the code alone.
    fn engine(&self, code: &str, args: impl FnOnce() -> (String, String)) -> Reason {
        if self.lean {
            return Reason {
                code: code.to_string(),
                ..Reason::default()
            };
        }
        let (actual, expected) = args();
        self.cat.engine_text(code, &self.chain, &actual, &expected)
    }

    /// A catalogue reason (context weight, cross-sell, notice); in the lean mode the code alone.
    fn reason(&self, code: &str, text: &crate::model::Text) -> Reason {
        if self.lean {
            return Reason {
                code: code.to_string(),
                ..Reason::default()
            };
        }
        self.cat.reason_text(code, text, &self.chain, "", "")
    }

    fn gate(
        &self,
        gate: &'static str,
        code: &'static str,
        actual: Value,
        expected: Value,
    ) -> GateFailure {
        self.gate_shown(
            gate,
            code,
            |a, e| (self.shown(a, false), self.shown(e, false)),
            actual,
            expected,
        )
    }

    /// A gate failure whose text shows `shown(actual, expected)` (formatted money, labels)
    /// instead of the raw values.
    fn gate_shown(
        &self,
        gate: &'static str,
        code: &'static str,
        shown: impl FnOnce(&Value, &Value) -> (String, String),
        actual: Value,
        expected: Value,
    ) -> GateFailure {
        let r = self.engine(code, || shown(&actual, &expected));
        GateFailure {
            gate,
            code,
            actual,
            expected,
            text: r.text,
            lang: r.lang,
            conditions: Vec::new(),
        }
    }

    /// Gates G1..G7 in order; every failure is kept (the customer sees all the reasons).
    /// `slots` binds the rule data (the lean mode's G7 reads it; the full one explains).
    fn gates(
        &self,
        i: usize,
        p: &Product,
        level: RiskLevel,
        slots: &Slots<'_>,
    ) -> Vec<GateFailure> {
        let mut out = Vec::new();
        let policy = &self.cat.doc.policy;
        let personalised = self.input.context.personalisation;
        let investment = p.category.is_investment();
        let suitability = investment || personalised;
        let profile = self.profile.filter(|_| self.status == ProfileStatus::Valid);

        if suitability {
            // G1 risk (no usable profile: only non-investment R1 products pass).
            match profile {
                Some(pr) if level > pr.class.max_level() => out.push(self.gate(
                    "G1",
                    "G1_RISK",
                    json!(level.as_str()),
                    json!(pr.class.as_str()),
                )),
                None if investment || level > RiskLevel::R1 => {
                    let status = crate::json::to_value(&self.status).unwrap_or(Value::Null);
                    out.push(self.gate("G1", "PROFILE_REQUIRED", status, json!("valid")));
                }
                _ => {}
            }
            if let (Some(pr), true) = (profile, investment) {
                // G2 horizon and variety.
                let months = p.term_months.max(p.lock_up_months);
                if let (Some(m), Some(h)) = (months, pr.horizon_years) {
                    if u64::from(m) > u64::from(h) * 12 {
                        out.push(self.gate("G2", "G2_HORIZON", json!(m), json!(u64::from(h) * 12)));
                    }
                }
                if let Some(v) = &pr.accepted_varieties {
                    if !v.contains(&p.variety) {
                        let list: Vec<&str> = v.iter().map(|x| x.as_str()).collect();
                        let label =
                            |x: &str| self.cat.label_or(&format!("variety.{x}"), x, &self.chain);
                        let shown = |_: &Value, _: &Value| {
                            let all: Vec<String> = list.iter().map(|x| label(x)).collect();
                            (label(p.variety.as_str()), all.join(", "))
                        };
                        out.push(self.gate_shown(
                            "G2",
                            "G2_VARIETY",
                            shown,
                            json!(p.variety.as_str()),
                            json!(list),
                        ));
                    }
                }
            }
            // G3 capacity: the ticket against a share of liquid assets.
            if p.category != Category::Credit {
                if let (Some(min), Some(liquid)) = (p.min_amount, self.input.customer.liquid_assets)
                {
                    let ticket = self
                        .input
                        .context
                        .intended_amount
                        .map_or(min.0, |a| a.0.max(min.0));
                    let limit = i128::from(liquid.0) * i128::from(policy.capacity_share_pct);
                    if i128::from(ticket) * 100 > limit {
                        let allowed = i64::try_from(limit / 100).unwrap_or(i64::MAX);
                        out.push(self.gate_shown(
                            "G3",
                            "G3_CAPACITY",
                            |_, _| (self.money(Money(ticket)), self.money(Money(allowed))),
                            json!(ticket),
                            json!(allowed),
                        ));
                    }
                }
            }
            // G4 knowledge for complex products.
            if p.complex && !profile.is_some_and(|pr| pr.complex_products_allowed) {
                out.push(self.gate("G4", "G4_KNOWLEDGE", json!(true), json!(false)));
            }
            // G5 lowest category: only the lowest level, whatever else is true.
            if profile.is_some_and(|pr| pr.lowest_category) && level > RiskLevel::R1 {
                out.push(self.gate(
                    "G5",
                    "G5_LOWEST_CATEGORY",
                    json!(level.as_str()),
                    json!("R1"),
                ));
            }
            // G6 minors / no full capacity; elderly get no proactive high risk.
            if self.guardian_required() && level > policy.minor_max_level {
                out.push(self.gate(
                    "G6",
                    "G6_MINOR",
                    json!(level.as_str()),
                    json!(policy.minor_max_level.as_str()),
                ));
            }
            if self.age.is_some_and(|a| a >= policy.elderly_age)
                && level > policy.elderly_max_proactive_level
            {
                out.push(self.gate(
                    "G6",
                    "G6_ELDERLY",
                    json!(level.as_str()),
                    json!(policy.elderly_age),
                ));
            }
        }
        // G7 availability and the product's own eligibility rule.
        let now = self.input.now;
        if p.valid_from.is_some_and(|d| now < d) || p.valid_to.is_some_and(|d| now > d) {
            let window = json!([p.valid_from, p.valid_to]);
            out.push(self.gate("G7", "G7_NOT_AVAILABLE", json!(now), window));
        }
        if let Some(rule) = self
            .cat
            .compiled
            .products
            .get(i)
            .and_then(|c| c.eligibility.as_ref())
        {
            if self.lean {
                // The same verdict without its explanation (`check` and `matches_in` share
                // the test): no failed conditions, no values.
                if !rule.matches_in(slots, Some(now)) {
                    out.push(self.gate("G7", "G7_ELIGIBILITY", Value::Null, Value::Null));
                }
                return out;
            }
            let verdict = rule.check(&self.data, Some(now));
            if !verdict.passed {
                let first = verdict.failures.first();
                let actual = first.map_or(Value::Null, |f| f.actual.clone());
                let expected = first.map_or(Value::Null, |f| f.expected.clone());
                let mut g = self.gate("G7", "G7_ELIGIBILITY", actual, expected);
                // Each failed condition in the customer's words, where the catalogue has them.
                for f in &verdict.failures {
                    if let Some(t) = self.condition_text(f) {
                        g.text.push(' ');
                        g.text.push_str(&t);
                    }
                }
                g.conditions = verdict.failures;
                out.push(g);
            }
        }
        out
    }

    /// "Your age must be at least 18 (yours: 16)." from the catalogue's `cond.<op>` template and
    /// `var.<path>` label; None when either is missing or the leaf does not read its variable
    /// on the `actual` side.
    fn condition_text(&self, f: &Failure) -> Option<String> {
        let var = f.var.as_deref()?;
        let label = self.cat.doc.texts.get(&format!("var.{var}"))?;
        let (label, _) = self.cat.resolve(label, &self.chain);
        let key = match f.code {
            FailureCode::MissingVariable => "cond.missing".to_string(),
            FailureCode::TypeMismatch => return None,
            FailureCode::ConditionFalse => {
                let pointer: String = std::iter::once('/')
                    .chain(var.chars().map(|c| if c == '.' { '/' } else { c }))
                    .collect();
                if self.data.pointer(&pointer) != Some(&f.actual) {
                    return None;
                }
                format!("cond.{}", f.op)
            }
        };
        let template = self
            .cat
            .resolve(self.cat.doc.texts.get(&key)?, &self.chain)
            .0;
        let money = data::is_money(var);
        let shown = |v: &Value| self.shown(v, money);
        Some({
            let t = replace_str(&template, "{var}", &label);
            let t = replace_str(&t, "{actual}", &shown(&f.actual));
            replace_str(&t, "{expected}", &shown(&f.expected))
        })
    }

    /// A value as a customer reads it in a text: strings bare, lists joined, money formatted.
    fn shown(&self, v: &Value, money: bool) -> String {
        match v {
            Value::Number(n) if money => n
                .as_i64()
                .map_or_else(|| n.to_string(), |m| self.money(Money(m))),
            Value::String(s) => s.clone(),
            Value::Null => "-".to_string(),
            Value::Array(a) => a
                .iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        }
    }

    fn guardian_required(&self) -> bool {
        let c = &self.input.customer;
        self.age.is_some_and(|a| a < self.cat.doc.policy.adult_age)
            || c.full_legal_capacity == Some(false)
            || c.guardian == Some(true)
    }

    /// `by_segment`: the product's propensity for the customer's segment, when it has one.
    fn propensity(&self, p: &Product, by_segment: Option<f64>) -> f64 {
        let pr = &p.propensity;
        let p0 = by_segment.unwrap_or(pr.base);
        match (&pr.observed, pr.prior_weight) {
            (Some(o), Some(e0)) => {
                #[allow(clippy::cast_precision_loss)] // exposures far below 2^52
                let e = o.exposures as f64;
                let d = e0 + e + 1.0;
                e0 / d * p0 + e / d * o.rate
            }
            _ => p0,
        }
    }

    fn texts(&self, p: &Product) -> (String, String, String, String, String, String) {
        let t = &p.texts;
        let (name, lang) = self.cat.resolve(&t.name, &self.chain);
        (
            name,
            self.cat.resolve(&t.summary, &self.chain).0,
            self.cat.resolve(&t.benefits, &self.chain).0,
            self.cat.resolve(&t.risks, &self.chain).0,
            self.cat.resolve(&t.disclosure, &self.chain).0,
            lang,
        )
    }

    fn watch(&self, p: &Product, level: RiskLevel) -> Vec<Reason> {
        let cat = self.cat;
        let ch = &self.chain;
        let mut w = Vec::new();
        let level_desc = cat
            .doc
            .risk_scale
            .levels
            .iter()
            .find(|e| e.id == level)
            .map(|e| cat.resolve(&e.description, ch).0)
            .unwrap_or_default();
        w.push(cat.engine_text(
            "WATCH_RISK_LEVEL",
            ch,
            &cat.level_label(level, ch),
            &level_desc,
        ));
        let investment = p.category.is_investment();
        if investment && !p.principal_guaranteed {
            w.push(cat.engine_text("WATCH_POSSIBLE_LOSS", ch, "", ""));
            w.push(cat.engine_text("WATCH_PRINCIPAL_NOT_GUARANTEED", ch, "", ""));
        }
        if !p.deposit_insured
            && matches!(
                p.category,
                Category::Investment | Category::Pension | Category::Insurance
            )
        {
            w.push(cat.engine_text("WATCH_NOT_A_DEPOSIT", ch, "", ""));
        }
        if let Some(m) = p.lock_up_months {
            w.push(cat.engine_text("WATCH_LOCK_UP", ch, &m.to_string(), ""));
        } else if let Some(m) = p.term_months.filter(|_| p.category != Category::Credit) {
            w.push(cat.engine_text("WATCH_TERM", ch, &m.to_string(), ""));
        }
        if let Some(f) = self.fee_summary(&p.fees) {
            w.push(cat.engine_text("WATCH_FEES", ch, &f, ""));
        }
        if p.complex {
            w.push(cat.engine_text("WATCH_COMPLEX", ch, "", ""));
        }
        if p.category == Category::Credit {
            w.push(cat.engine_text("WATCH_CREDIT", ch, "", ""));
        }
        let policy = &cat.doc.policy;
        if investment && self.age.is_some_and(|a| a >= policy.elderly_age) {
            w.push(cat.engine_text(
                "WATCH_EXTRA_CARE",
                ch,
                &policy.cooling_off_days.to_string(),
                "",
            ));
        }
        if self.guardian_required() {
            w.push(cat.engine_text("WATCH_GUARDIAN", ch, "", ""));
        }
        w
    }

    /// "1500.00 EUR": exact, from minor units; the page may format it again with `Intl`.
    fn money(&self, m: Money) -> String {
        let cur = &self.cat.doc.currency;
        format!("{} {}", format_money(m, cur.minor_unit), cur.code)
    }

    /// "entry 1.5%, yearly 0.8%, per year 12.00 EUR", labels from the catalogue's `fees.*` texts.
    fn fee_summary(&self, f: &Fees) -> Option<String> {
        let label = |k: &str| self.cat.label_or(&format!("fees.{k}"), k, &self.chain);
        let mut parts = Vec::new();
        for (k, x) in [
            ("entry", f.entry_pct),
            ("ongoing", f.ongoing_pct),
            ("exit", f.exit_pct),
        ] {
            if x > 0.0 {
                parts.push(format!(
                    "{} {}%",
                    label(k),
                    crate::logic::num_text(round6(x))
                ));
            }
        }
        if f.annual_fee.0 > 0 {
            parts.push(format!("{} {}", label("annual"), self.money(f.annual_fee)));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    fn suggestion(&self, c: &Candidate<'_>) -> Suggestion {
        let p = c.product;
        // The lean path (impact runs) decides alike but writes no customer text.
        let lean = self.lean;
        let label = |key: String| {
            if lean {
                String::new()
            } else {
                self.cat.label(&key, &self.chain)
            }
        };
        let (name, summary, benefits, risks, disclosure, lang) = if lean {
            Default::default()
        } else {
            self.texts(p)
        };
        Suggestion {
            product_id: p.id.clone(),
            product_type: p.product_type,
            category: p.category,
            type_label: label(format!("type.{}", p.product_type.as_str())),
            category_label: label(format!("category.{}", p.category.as_str())),
            name,
            summary,
            benefits,
            risks,
            disclosure,
            lang,
            risk_level: c.level,
            risk_label: if lean {
                String::new()
            } else {
                self.cat.level_label(c.level, &self.chain)
            },
            complex: p.complex,
            deposit_insured: p.deposit_insured,
            principal_guaranteed: p.principal_guaranteed,
            term_months: p.term_months,
            lock_up_months: p.lock_up_months,
            min_amount: p.min_amount,
            rate_pct: p.rate_pct,
            fees: p.fees.clone(),
            score: c.score,
            why: c.why.clone(),
            watch: if lean {
                Vec::new()
            } else {
                self.watch(p, c.level)
            },
        }
    }
}

/// Minor units as a plain decimal string: 1250 with exponent 2 -> "12.50".
pub fn format_money(m: Money, exp: u8) -> String {
    let neg = m.0 < 0;
    let digits = m.0.unsigned_abs().to_string();
    let e = usize::from(exp);
    let s = if e == 0 {
        digits
    } else {
        let padded = format!("{digits:0>width$}", width = e + 1);
        let (a, b) = crate::util::split_str(&padded, padded.len() - e);
        format!("{a}.{b}")
    };
    if neg {
        format!("-{s}")
    } else {
        s
    }
}

fn cost_key(p: &Product) -> (i64, i64) {
    let f = &p.fees;
    // Basis points, rounded once, so the tie-break is exact and the same everywhere.
    #[allow(clippy::cast_possible_truncation)]
    let bp = ((f.entry_pct + f.ongoing_pct + f.exit_pct) * 100.0).round() as i64;
    (bp, f.annual_fee.0)
}

fn rank_order(a: &Candidate<'_>, b: &Candidate<'_>) -> Ordering {
    let pa = a.score.map_or(0.0, |s| s.priority);
    let pb = b.score.map_or(0.0, |s| s.priority);
    pb.total_cmp(&pa)
        .then_with(|| cost_key(a.product).cmp(&cost_key(b.product)))
        .then_with(|| a.level.cmp(&b.level))
        .then_with(|| a.product.id.cmp(&b.product.id))
}

/// The canonical JSON of the input: object keys sorted, no whitespace (as serde_json writes it).
pub fn input_sha256(input: &RecommendInput) -> String {
    let canonical = crate::json::to_value(input)
        .map(|v| v.to_string())
        .unwrap_or_default();
    hex(&Sha256::digest(canonical.as_bytes()))
}

/// What every evaluation of one input starts from: the profile (given, or assessed from the
/// answers), its status, and the data rules read.
pub struct Prepared<'a> {
    pub profile: Option<Cow<'a, RiskProfile>>,
    pub status: ProfileStatus,
    pub data: Value,
}

pub fn prepare<'a>(cat: &Catalogue, input: &'a RecommendInput) -> Result<Prepared<'a>, Error> {
    prepare_of(cat, input, None, None)
}

/// [`prepare`] with only the top-level data `keys` (all when `None`); the same checks. An
/// `assessed` profile stands for the assessment of the input (already assessed).
fn prepare_of<'a>(
    cat: &Catalogue,
    input: &'a RecommendInput,
    keys: Option<&[String]>,
    assessed: Option<&'a RiskProfile>,
) -> Result<Prepared<'a>, Error> {
    let profile: Option<Cow<'a, RiskProfile>> = match (&input.profile, &input.assessment) {
        (Some(p), _) => Some(Cow::Borrowed(p)),
        (None, Some(_)) if assessed.is_some() => assessed.map(Cow::Borrowed),
        (None, Some(a)) => {
            let ai = AssessInput::new(input.now, input.customer.clone(), a.clone());
            let p = profile::assess(cat, &ai, input.locale.as_deref()).map_err(|mut e| {
                e.path = format!("/assessment{}", e.path);
                e
            })?;
            Some(Cow::Owned(p))
        }
        (None, None) => None,
    };
    let status = match profile.as_deref() {
        None => ProfileStatus::Missing,
        Some(p) if !p.is_valid_on(input.now) => ProfileStatus::Expired,
        Some(p) if p.needs_confirmation => ProfileStatus::Unconfirmed,
        Some(_) => ProfileStatus::Valid,
    };
    input.customer.check(input.now, "/customer")?;
    if input.context.intended_amount.is_some_and(|m| m.0 < 0) {
        return Err(Error::new(
            ErrorCode::InputInvalid,
            "/context/intendedAmount",
            "an amount cannot be negative",
        ));
    }
    let holdings: Vec<_> = input
        .holdings
        .iter()
        .map(|h| {
            (
                h,
                cat.product(&h.product_id)
                    .map(|p| (p.product_type.as_str(), p.category)),
            )
        })
        .collect();
    let valid = profile
        .as_deref()
        .filter(|_| status == ProfileStatus::Valid);
    let data = data::advice_data_of(input, valid, &holdings, keys);
    Ok(Prepared {
        profile,
        status,
        data,
    })
}

/// Each product's own eligibility rule (G7) for one input, in catalogue order; a product
/// without a rule is eligible. The compiled rules only, no other gate.
pub fn eligibility(cat: &Catalogue, input: &RecommendInput) -> Result<Vec<bool>, Error> {
    let prep = prepare_of(cat, input, cat.compiled.eligibility_keys.as_deref(), None)?;
    Ok(eligibility_of_data(cat, &prep.data, Some(input.now)))
}

/// The eligibility rules against rule data made beforehand (what `prepare` builds; the wasm
/// `ruleData` export returns it), so many evaluations need not rebuild it.
pub fn eligibility_of_data(cat: &Catalogue, data: &Value, now: Option<Date>) -> Vec<bool> {
    let slots = Slots::new(&cat.compiled.advice_paths, data);
    cat.compiled
        .products
        .iter()
        .map(|c| {
            c.eligibility
                .as_ref()
                .is_none_or(|r| r.matches_in(&slots, now))
        })
        .collect()
}

/// Suitability-checked, ranked and explained advice for one customer.
pub fn recommend(cat: &Catalogue, input: &RecommendInput) -> Result<Advice, Error> {
    advise(cat, input, false, None)
}

/// The decisions of [`recommend`] without the customer-facing texts, for counting over many
/// customers (the impact report); never for showing. The same profile and status, the same
/// exclusions with the same gates and codes in the same order, the same recommendations and
/// cross-sell (ids, order, scores, `why` codes) and the same suppression codes; but every
/// `text`, label, name and `lang` is empty, `watch` and `notices` are empty, a G7 failure has
/// no conditions and null values, and the audit has no input hash and no reason codes.
pub fn recommend_lean(cat: &Catalogue, input: &RecommendInput) -> Result<Advice, Error> {
    advise(cat, input, true, None)
}

/// [`recommend_lean`] with the input's assessment already made into `assessed` (by
/// [`profile::assess`] with the input's customer, date and locale, on a catalogue whose
/// questionnaires, policy, capacity caps, risk scale, locales and texts are this one's), so
/// it is not assessed again. An input that carries a profile, or no assessment, ignores it.
pub fn recommend_lean_assessed(
    cat: &Catalogue,
    input: &RecommendInput,
    assessed: &RiskProfile,
) -> Result<Advice, Error> {
    advise(cat, input, true, Some(assessed))
}

fn advise(
    cat: &Catalogue,
    input: &RecommendInput,
    lean: bool,
    assessed: Option<&RiskProfile>,
) -> Result<Advice, Error> {
    let chain = cat.locale_chain(input.locale.as_deref());
    let Prepared {
        profile: prepared,
        status,
        data,
    } = prepare_of(cat, input, None, assessed)?;
    let profile = prepared.as_deref();
    let ctx = Ctx {
        cat,
        input,
        lean,
        chain,
        profile,
        status,
        age: input.customer.age_at(input.now),
        data,
    };
    let personalised = input.context.personalisation;
    let doc = &cat.doc;
    let owned: Vec<&str> = input
        .holdings
        .iter()
        .map(|h| h.product_id.as_str())
        .collect();

    // Which context weights and cross-sell rules apply to this customer (evaluated once).
    let slots = Slots::new(&cat.compiled.advice_paths, &ctx.data);
    let fired = |rules: &[crate::logic::Rule]| -> Vec<bool> {
        rules
            .iter()
            .map(|r| personalised && r.matches_in(&slots, Some(input.now)))
            .collect()
    };
    let weights_on = fired(&cat.compiled.context_weights);
    let xs_on = fired(&cat.compiled.cross_sell);
    let tier_blocked = input
        .customer
        .tier
        .as_ref()
        .is_some_and(|t| doc.suppression.no_cross_sell_tiers.contains(t));

    let mut excluded = Vec::new();
    let mut suppressed = Vec::new();
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    // Candidates (by position) that a matched cross-sell rule suggests.
    let mut xs_candidates: Vec<usize> = Vec::new();

    for (i, p) in doc.products.iter().enumerate() {
        let level = cat
            .compiled
            .products
            .get(i)
            .map_or(RiskLevel::R5, |c| c.level);
        let failed = ctx.gates(i, p, level, &slots);
        if !failed.is_empty() {
            excluded.push(Exclusion {
                product_id: p.id.clone(),
                name: if lean {
                    String::new()
                } else {
                    ctx.cat.resolve(&p.texts.name, &ctx.chain).0
                },
                gates: failed,
            });
            continue;
        }
        let sup = |code: &'static str, until: Option<Date>| Suppressed {
            product_id: p.id.clone(),
            code,
            text: ctx.engine(code, || (p.id.clone(), String::new())).text,
            until,
        };
        // Owned products are never suggested, in either view.
        if doc.suppression.exclude_owned && owned.contains(&p.id.as_str()) {
            suppressed.push(sup("SUPPRESSED_OWNED", None));
            continue;
        }
        if personalised {
            if let Some(until) = dismissed_until(input, &p.id, &doc.suppression.dismissals) {
                suppressed.push(sup("SUPPRESSED_DISMISSED", Some(until)));
                continue;
            }
            if !p.proactive {
                suppressed.push(sup("SUPPRESSED_NOT_PROACTIVE", None));
                continue;
            }
            // Tiers without cross-sell: what a matched rule would push is not shown at all.
            if tier_blocked
                && doc
                    .cross_sell
                    .iter()
                    .zip(&xs_on)
                    .any(|(r, on)| *on && r.suggest.contains(&p.id))
            {
                suppressed.push(sup("SUPPRESSED_EXIT_TIER", None));
                continue;
            }
        }
        let mut why = Vec::new();
        let score = if personalised {
            if let Some(pr) = profile.filter(|_| status == ProfileStatus::Valid) {
                why.push(ctx.engine("WHY_RISK_FITS", || {
                    (
                        cat.level_label(level, &ctx.chain),
                        cat.class_label(pr.class, &ctx.chain),
                    )
                }));
            }
            let mut c = 1.0;
            for ((cw, on), _) in doc.context_weights.iter().zip(&weights_on).zip(0..) {
                if !on {
                    continue;
                }
                for w in cw.weights.iter().filter(|w| weight_targets(w, p)) {
                    c *= pct_factor(w.pct);
                    if w.pct > 0.0 && !why.iter().any(|r: &Reason| r.code.ends_with(&cw.id)) {
                        why.push(ctx.reason(&format!("CTX_{}", cw.id), &cw.reason));
                    }
                }
            }
            let mut lift: Option<f64> = None;
            if !tier_blocked {
                for (r, on) in doc.cross_sell.iter().zip(&xs_on) {
                    if *on && r.suggest.contains(&p.id) {
                        lift = Some(lift.map_or(r.lift, |l: f64| l.max(r.lift)));
                        why.push(ctx.reason(&format!("XS_{}", r.id), &r.reason));
                    }
                }
            }
            if let Some(l) = lift {
                c *= l;
                xs_candidates.push(candidates.len());
            }
            // One look-up for the reason and the propensity (no segment looks up "").
            let segment = input.customer.segment.as_deref();
            let by_segment = p.propensity.by_segment.get(segment.unwrap_or(""));
            if by_segment.is_some() {
                why.push(ctx.engine("WHY_POPULAR", || (String::new(), String::new())));
            }
            let pp = ctx.propensity(p, by_segment.copied().filter(|_| segment.is_some()));
            let v = p.business_value;
            let l = pct_factor(p.lever_pct);
            Some(Score {
                p: round6(pp),
                c: round6(c),
                v: round6(v),
                l: round6(l),
                priority: round6(pp * c * v * l),
            })
        } else {
            None
        };
        candidates.push(Candidate {
            product: p,
            level,
            score,
            why,
        });
    }

    let mut recommendations = Vec::new();
    let mut cross_sell = Vec::new();
    if personalised {
        // Products a matched cross-sell rule suggests get their own section; the rest are
        // ranked as recommendations. Nothing appears in both.
        let (xs, main): (Vec<usize>, Vec<usize>) =
            (0..candidates.len()).partition(|k| xs_candidates.contains(k));
        let s = &doc.suppression;
        for (list, out, total) in [
            (main, &mut recommendations, s.max_total),
            (xs, &mut cross_sell, s.max_cross_sell),
        ] {
            // Shown per category, indexed by the category's declaration order.
            let mut per_cat = [0u32; 6];
            let group: Vec<&Candidate<'_>> =
                list.iter().filter_map(|k| candidates.get(*k)).collect();
            let order = crate::util::sorted_indices(group.len(), &|a, b| match (
                group.get(a),
                group.get(b),
            ) {
                (Some(x), Some(y)) => rank_order(x, y),
                _ => Ordering::Equal,
            });
            for c in order.iter().filter_map(|i| group.get(*i)) {
                let Some(n) = per_cat.get_mut(c.product.category as usize) else {
                    continue;
                };
                let code = if *n >= s.max_per_category {
                    "SUPPRESSED_CATEGORY_CAP"
                } else if out.len() >= total as usize {
                    "SUPPRESSED_TOTAL_CAP"
                } else {
                    *n += 1;
                    out.push(ctx.suggestion(c));
                    continue;
                };
                suppressed.push(Suppressed {
                    product_id: c.product.id.clone(),
                    code,
                    text: ctx
                        .engine(code, || (c.product.id.clone(), String::new()))
                        .text,
                    until: None,
                });
            }
        }
    } else {
        // Candidates were collected in catalogue order.
        recommendations = candidates.iter().map(|c| ctx.suggestion(c)).collect();
    }

    let mut notices = Vec::new();
    for (n, rule) in doc.notices.iter().zip(&cat.compiled.notices) {
        if !lean
            && rule.matches_in(&slots, Some(input.now))
            && !notices.iter().any(|r: &Reason| r.code.ends_with(&n.id))
        {
            notices.push(cat.reason_text(&format!("NOTICE_{}", n.id), &n.text, &ctx.chain, "", ""));
        }
    }

    let mut codes: Vec<String> = Vec::new();
    if !lean {
        for s in recommendations.iter().chain(&cross_sell) {
            codes.extend(s.why.iter().chain(&s.watch).map(|r| r.code.clone()));
        }
        for e in &excluded {
            codes.extend(e.gates.iter().map(|g| g.code.to_string()));
        }
        codes.extend(suppressed.iter().map(|s| s.code.to_string()));
        codes.extend(notices.iter().map(|n| n.code.clone()));
        if let Some(p) = profile {
            codes.extend(p.explanation.iter().map(|r| r.code.clone()));
        }
    }
    let locale = ctx.chain.first().cloned().unwrap_or_default();
    let guardian_required = ctx.guardian_required();
    let questionnaire = profile.map(|p| p.questionnaire.clone());
    // The profile moves into the advice: an assessed one is not copied.
    let profile = prepared.map(Cow::into_owned);

    Ok(Advice {
        locale,
        personalised,
        profile_status: status,
        profile,
        guardian_required,
        notices,
        recommendations,
        cross_sell,
        excluded,
        suppressed,
        audit: Audit {
            engine_version: ENGINE_VERSION,
            catalogue_version: doc.catalogue_version.clone(),
            catalogue_sha256: cat.sha256.clone(),
            questionnaire,
            input_sha256: if lean {
                String::new()
            } else {
                input_sha256(input)
            },
            now: input.now,
            reason_codes: crate::util::sorted_unique(codes),
        },
    })
}

/// Dismissed `count` times within `within_days` (the last one on or before now): hidden
/// until `hide_days` after the last dismissal.
fn dismissed_until(
    input: &RecommendInput,
    id: &str,
    pol: &crate::catalogue::doc::DismissPolicy,
) -> Option<Date> {
    if pol.count == 0 {
        return None;
    }
    let days: Vec<Date> = input
        .history
        .iter()
        .filter(|h| h.product_id == id && h.action == Action::Dismissed && h.on <= input.now)
        .map(|h| h.on)
        .collect();
    let last = days.iter().copied().max()?;
    let window = days
        .iter()
        .filter(|d| d.days_until(last) < i64::from(pol.within_days))
        .count();
    let until = last.add_days(i64::from(pol.hide_days));
    (window >= pol.count as usize && input.now < until).then_some(until)
}

/// Why (or why not) one product, for a "why not?" link.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    pub product_id: String,
    /// "recommended", "cross_sell", "suppressed", "excluded" or "listed" (non-personalised).
    pub status: &'static str,
    pub suggestion: Option<Suggestion>,
    pub gates: Vec<GateFailure>,
    pub suppressed: Option<Suppressed>,
}

pub fn explain(
    cat: &Catalogue,
    input: &RecommendInput,
    product_id: &str,
) -> Result<Explanation, Error> {
    if cat.product(product_id).is_none() {
        return Err(Error::new(
            ErrorCode::ProductNotFound,
            "/productId",
            format!("no product '{product_id}' in the catalogue"),
        ));
    }
    let advice = recommend(cat, input)?;
    let find = |list: &[Suggestion]| list.iter().find(|s| s.product_id == product_id).cloned();
    let (status, suggestion) = if let Some(s) = find(&advice.recommendations) {
        (
            if advice.personalised {
                "recommended"
            } else {
                "listed"
            },
            Some(s),
        )
    } else if let Some(s) = find(&advice.cross_sell) {
        ("cross_sell", Some(s))
    } else {
        ("", None)
    };
    let gates = advice
        .excluded
        .iter()
        .find(|e| e.product_id == product_id)
        .map(|e| e.gates.clone())
        .unwrap_or_default();
    let sup = advice
        .suppressed
        .iter()
        .find(|s| s.product_id == product_id)
        .cloned();
    // Not suggested and no gate failed: it was suppressed (owned, dismissed, capped...).
    let status = match (status, gates.is_empty()) {
        ("", false) => "excluded",
        ("", true) => "suppressed",
        (s, _) => s,
    };
    Ok(Explanation {
        product_id: product_id.to_string(),
        status,
        suggestion,
        gates,
        suppressed: sup,
    })
}

/// Runs the catalogue's embedded example tests.
pub fn run_tests(cat: &Catalogue) -> Vec<TestOutcome> {
    cat.doc
        .tests
        .iter()
        .map(|t| {
            let mut failures = Vec::new();
            match crate::json::from_value::<RecommendInput>(
                t.input.clone(),
                ErrorCode::InputInvalid,
            ) {
                Err(e) => failures.push(format!("input{}: {}", e.path, e.message)),
                Ok(input) => match recommend(cat, &input) {
                    Err(e) => failures.push(format!("recommend failed: {e}")),
                    Ok(a) => check_expect(&t.expect, &a, &mut failures),
                },
            }
            TestOutcome {
                name: t.name.clone(),
                passed: failures.is_empty(),
                failures,
            }
        })
        .collect()
}

fn check_expect(x: &crate::catalogue::doc::TestExpect, a: &Advice, failures: &mut Vec<String>) {
    let recs: Vec<&str> = a
        .recommendations
        .iter()
        .map(|s| s.product_id.as_str())
        .collect();
    let xs: Vec<&str> = a.cross_sell.iter().map(|s| s.product_id.as_str()).collect();
    if let Some(c) = x.class {
        let got = a.profile.as_ref().map(|p| p.class);
        if got != Some(c) {
            failures.push(format!(
                "class: expected {}, got {}",
                c.as_str(),
                got.map_or("no profile", |g| g.as_str())
            ));
        }
    }
    if !x.top.is_empty()
        && recs
            .get(..x.top.len())
            .is_none_or(|head| head.iter().zip(&x.top).any(|(a, b)| a != b))
    {
        failures.push(format!(
            "top: expected {}, got {}",
            id_list(x.top.iter().map(String::as_str)),
            id_list(recs.iter().copied())
        ));
    }
    for id in &x.include {
        if !recs.contains(&id.as_str()) {
            failures.push(format!(
                "'{id}' is not recommended (got {})",
                id_list(recs.iter().copied())
            ));
        }
    }
    for id in &x.exclude {
        if recs.contains(&id.as_str()) || xs.contains(&id.as_str()) {
            failures.push(format!("'{id}' is suggested but must not be"));
        }
    }
    for id in &x.cross_sell {
        if !xs.contains(&id.as_str()) {
            failures.push(format!(
                "'{id}' is not cross-sold (got {})",
                id_list(xs.iter().copied())
            ));
        }
    }
}

/// `["a", "b"]`, as `{:?}` prints a list of ids, without Debug's escaping machinery (its
/// Unicode tables are ~10 KB of the wasm).
fn id_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = ids.map(|i| format!("\"{i}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_exactly() {
        assert_eq!(format_money(Money(1250), 2), "12.50");
        assert_eq!(format_money(Money(5), 2), "0.05");
        assert_eq!(format_money(Money(-5), 2), "-0.05");
        assert_eq!(format_money(Money(700), 0), "700");
    }
}
