//! What the host gives the engine: customer facts, questionnaire answers, holdings, history,
//! context. Every field has a JSON form with camelCase keys; unknown keys are refused so a typo
//! is an error, not a silently ignored fact.

use crate::util::KeyMap;

use crate::json::Value;
use serde::Serialize;

use crate::catalogue::doc::object_from_json;
use crate::date::Date;
use crate::json::{expected, str_enum_from_json, At, Fail, FromJson, Json, Obj};
use crate::model::{Money, RiskClass};
use crate::profile::RiskProfile;

/// Facts the bank already knows (or the customer states); all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Customer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Date>,
    /// Age in whole years, when no birth date is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// ISO 3166 country of residence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub residency: Option<String>,
    /// Product-preference / buying-habit segment, e.g. "deposit_heavy", "price_centred".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// "key", "ordinary" or "exit".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// e.g. "young", "family", "retired".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub life_stage: Option<String>,
    /// e.g. "employed", "self_employed", "student", "retired", "unemployed".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_income: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquid_assets: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investable_assets: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debts: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dependants: Option<u32>,
    /// false for people under guardianship; absent means full capacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_legal_capacity: Option<bool>,
    /// A guardian acts with the customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guardian: Option<bool>,
    /// Investment horizon stated outside the questionnaire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon_years: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
    /// Salary is paid into an account at this bank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payroll: Option<bool>,
    /// Bank-specific extra facts, readable by rules as `customer.attributes.NAME`.
    #[serde(skip_serializing_if = "KeyMap::is_empty")]
    pub attributes: KeyMap<Value>,
}

impl Customer {
    /// Facts that parse but cannot be true: a birth date after `now`, negative amounts.
    pub fn check(&self, now: Date, base: &str) -> Result<(), crate::Error> {
        let bad = |field: &str, msg: &str| {
            Err(crate::Error::new(
                crate::ErrorCode::ProfileInvalid,
                format!("{base}/{field}"),
                msg.to_string(),
            ))
        };
        if self.birth_date.is_some_and(|b| b > now) {
            return bad("birthDate", "the birth date is after the evaluation date");
        }
        if self.age.is_some_and(|a| a > 150) {
            return bad("age", "age must be 0..150");
        }
        for (field, m) in [
            ("monthlyIncome", self.monthly_income),
            ("liquidAssets", self.liquid_assets),
            ("investableAssets", self.investable_assets),
            ("debts", self.debts),
        ] {
            if m.is_some_and(|m| m.0 < 0) {
                return bad(field, "an amount cannot be negative");
            }
        }
        Ok(())
    }

    /// Age at `now`: from the birth date when given, else the stated age.
    pub fn age_at(&self, now: Date) -> Option<u32> {
        match self.birth_date {
            Some(b) => u32::try_from(b.whole_years_until(now)).ok(),
            None => self.age,
        }
    }
}

/// One answer: an option id, or several for a multi-select item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Answer {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreviousAssessment {
    pub on: Date,
    pub class: RiskClass,
}

/// The questionnaire part of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Answers {
    pub questionnaire_id: String,
    /// Item id -> option id (or ids).
    pub answers: KeyMap<Answer>,
    /// Consistency prompts the customer has seen and confirmed ("my answers are right"), and
    /// `class_change` once the customer accepts a class that differs from the last one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirmed: Vec<String>,
    /// Earlier assessments, for the attempt limits and the class-change confirmation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous: Vec<PreviousAssessment>,
}

/// Input of `assess`: the answers with the date and the facts.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssessInput {
    pub now: Date,
    #[serde(default)]
    pub customer: Customer,
    pub questionnaire_id: String,
    pub answers: KeyMap<Answer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirmed: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous: Vec<PreviousAssessment>,
}

impl AssessInput {
    pub fn new(now: Date, customer: Customer, a: Answers) -> Self {
        AssessInput {
            now,
            customer,
            questionnaire_id: a.questionnaire_id,
            answers: a.answers,
            confirmed: a.confirmed,
            previous: a.previous,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Holding {
    pub product_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matures_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    #[default]
    Shown,
    Selected,
    Dismissed,
}

/// Something the customer did with a suggestion earlier.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Interaction {
    pub product_id: String,
    pub action: Action,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Context {
    /// false: the non-personalised catalogue view (suitability still applies).
    pub personalisation: bool,
    /// What the current page is about, e.g. "savings", "borrowing", "retirement".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    /// The amount the customer means to put in, checked against minimum amounts (G3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intended_amount: Option<Money>,
    /// Host events readable by rules as `events.NAME`, e.g. {"depositMaturesInDays": 20}.
    #[serde(skip_serializing_if = "KeyMap::is_empty")]
    pub events: KeyMap<Value>,
}

impl Default for Context {
    fn default() -> Self {
        Context {
            personalisation: true,
            intent: None,
            intended_amount: None,
            events: KeyMap::new(),
        }
    }
}

/// Input of `recommend`: a risk profile (or the answers to make one), facts, holdings,
/// history, context, the evaluation date and the locale.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecommendInput {
    /// A free label (persona name); not used by the engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persona: Option<String>,
    pub now: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default)]
    pub customer: Customer,
    /// A profile from `assess`. Without one (and without `assessment`), investment products
    /// are excluded with PROFILE_REQUIRED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<RiskProfile>,
    /// Answers to assess first (convenience for personas and tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Answers>,
    #[serde(default)]
    pub holdings: Vec<Holding>,
    #[serde(default)]
    pub history: Vec<Interaction>,
    #[serde(default)]
    pub context: Context,
}

object_from_json!(Customer, |o| Customer {
    birth_date: o.opt("birthDate"),
    age: o.opt("age"),
    residency: o.opt("residency"),
    segment: o.opt("segment"),
    tier: o.opt("tier"),
    life_stage: o.opt("lifeStage"),
    employment: o.opt("employment"),
    monthly_income: o.opt("monthlyIncome"),
    liquid_assets: o.opt("liquidAssets"),
    investable_assets: o.opt("investableAssets"),
    debts: o.opt("debts"),
    dependants: o.opt("dependants"),
    full_legal_capacity: o.opt("fullLegalCapacity"),
    guardian: o.opt("guardian"),
    horizon_years: o.opt("horizonYears"),
    goals: o.or_default("goals"),
    payroll: o.opt("payroll"),
    attributes: o.or_default("attributes"),
});

impl FromJson for Answer {
    fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
        if let Some(s) = v.as_str() {
            return Ok(Answer::One(s.to_string()));
        }
        if v.is_array() {
            return Vec::<String>::from_json(v, at).map(Answer::Many);
        }
        Err(expected(at, v, "an option id or a list of option ids"))
    }
}

object_from_json!(PreviousAssessment, |o| PreviousAssessment {
    on: o.req("on"),
    class: o.req("class"),
});
object_from_json!(Answers, |o| Answers {
    questionnaire_id: o.req("questionnaireId"),
    answers: o.req("answers"),
    confirmed: o.or_default("confirmed"),
    previous: o.or_default("previous"),
});
object_from_json!(AssessInput, |o| AssessInput {
    now: o.req("now"),
    customer: o.or_default("customer"),
    questionnaire_id: o.req("questionnaireId"),
    answers: o.req("answers"),
    confirmed: o.or_default("confirmed"),
    previous: o.or_default("previous"),
});
object_from_json!(Holding, |o| Holding {
    product_id: o.req("productId"),
    opened_on: o.opt("openedOn"),
    matures_on: o.opt("maturesOn"),
    amount: o.opt("amount"),
});
str_enum_from_json!(Action {
    "shown" => Action::Shown,
    "selected" => Action::Selected,
    "dismissed" => Action::Dismissed,
});
object_from_json!(Interaction, |o| Interaction {
    product_id: o.req("productId"),
    action: o.req("action"),
    on: o.req("on"),
});
object_from_json!(Context, |o| Context {
    personalisation: o.or("personalisation", true),
    intent: o.opt("intent"),
    intended_amount: o.opt("intendedAmount"),
    events: o.or_default("events"),
});
object_from_json!(RecommendInput, |o| RecommendInput {
    persona: o.opt("persona"),
    now: o.req("now"),
    locale: o.opt("locale"),
    customer: o.or_default("customer"),
    profile: o.opt("profile"),
    assessment: o.opt("assessment"),
    holdings: o.or_default("holdings"),
    history: o.or_default("history"),
    context: o.or_default("context"),
});
