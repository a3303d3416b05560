//! The catalogue document, format v1, exactly as product teams write it. The JSON Schema in
//! `schema/catalogue.schema.json` is generated from these types (`suitable schema`).

use crate::util::KeyMap;

use crate::json::Value;
use serde::Serialize;

use crate::date::Date;
use crate::json::{str_enum_from_json, At, Fail, FromJson, Obj};
use crate::model::{Category, Dimension, Money, ProductType, RiskClass, RiskLevel, Text, Variety};

/// One catalogue: products, questionnaires and every rule and weight of the advice.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogueDoc {
    /// Editors use it to find the schema; the engine ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version; this engine reads 1.
    pub schema_version: u32,
    /// The bank's own version of this catalogue, echoed in every audit record.
    pub catalogue_version: String,
    pub currency: Currency,
    pub locales: Locales,
    pub risk_scale: RiskScale,
    #[serde(default)]
    pub policy: Policy,
    pub questionnaires: Vec<Questionnaire>,
    /// Facts that cap the capacity class whatever the answers (no emergency fund, high debt...).
    #[serde(default)]
    pub capacity_caps: Vec<CapacityCap>,
    pub products: Vec<Product>,
    /// Life-stage, segment, goal and intent weights (the C of the ranking).
    #[serde(default)]
    pub context_weights: Vec<ContextWeight>,
    #[serde(default)]
    pub cross_sell: Vec<CrossSellRule>,
    #[serde(default)]
    pub suppression: Suppression,
    /// Compliance messages: bypass ranking, never duplicated.
    #[serde(default)]
    pub notices: Vec<Notice>,
    /// Engine texts by key: reason codes (`G1_RISK`...), watch items (`WATCH_NOT_A_DEPOSIT`...),
    /// labels (`category.deposit`, `type.time_deposit`). `{actual}` and `{expected}` are filled in.
    #[serde(default)]
    pub texts: KeyMap<Text>,
    /// Example personas with their expected advice; `suitable validate` runs them.
    #[serde(default)]
    pub tests: Vec<CatalogueTest>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Currency {
    /// ISO 4217 code, e.g. "EUR".
    pub code: String,
    /// Digits after the decimal point: every amount in the catalogue and the input is an
    /// integer count of these minor units (2 for EUR: 150000 = 1500.00).
    pub minor_unit: u8,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Locales {
    /// Locales every customer-facing text should have, e.g. ["en", "ru", "zh"].
    pub offered: Vec<String>,
    /// Used when the request names no locale or one not offered.
    pub default: String,
    /// Tried in order after the requested locale when a text lacks it.
    #[serde(default)]
    pub fallback: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RiskScale {
    /// Exactly C1..C5 in order.
    pub classes: Vec<ClassEntry>,
    /// Exactly R1..R5 in order.
    pub levels: Vec<LevelEntry>,
    /// The bank level for EU SRI 1..7: seven entries, the first for SRI 1.
    pub sri_to_level: Vec<RiskLevel>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClassEntry {
    pub id: RiskClass,
    pub label: Text,
    #[serde(default)]
    pub description: Text,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LevelEntry {
    pub id: RiskLevel,
    pub label: Text,
    /// What a loss could look like, shown under "what to watch".
    #[serde(default)]
    pub description: Text,
}

/// Thresholds of the gates; the numbers differ between banks, so they live here.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Policy {
    /// G6: below this age the customer is a minor.
    pub adult_age: u32,
    /// G6: minors and customers without full legal capacity get at most this level.
    pub minor_max_level: RiskLevel,
    /// G6: from this age no proactive suggestion above `elderlyMaxProactiveLevel`.
    pub elderly_age: u32,
    pub elderly_max_proactive_level: RiskLevel,
    /// G3: a product's minimum amount may be at most this percentage of liquid assets.
    pub capacity_share_pct: u32,
    /// A risk profile expires this many months after completion.
    pub profile_validity_months: u32,
    pub max_assessments_per_day: u32,
    pub max_assessments_per_year: u32,
    /// Days of cooling-off quoted in the extra-care text for elderly customers.
    pub cooling_off_days: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            adult_age: 18,
            minor_max_level: RiskLevel::R1,
            elderly_age: 65,
            elderly_max_proactive_level: RiskLevel::R3,
            capacity_share_pct: 50,
            profile_validity_months: 12,
            max_assessments_per_day: 2,
            max_assessments_per_year: 8,
            cooling_off_days: 14,
        }
    }
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub title: Text,
    #[serde(default)]
    pub description: Text,
    pub items: Vec<Item>,
    pub scoring: Scoring,
    /// Contradictions that produce a *confirm or change* prompt (never a silent fix).
    #[serde(default)]
    pub consistency: Vec<ConsistencyCheck>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Select {
    #[default]
    Single,
    Multi,
}

/// How a multi-select item scores: the maximum selected option (default) or their sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MultiScore {
    #[default]
    Max,
    Sum,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub dimension: Dimension,
    pub text: Text,
    #[serde(default)]
    pub help: Text,
    #[serde(default)]
    pub select: Select,
    #[serde(default)]
    pub multi_score: MultiScore,
    pub options: Vec<AnswerOption>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerOption {
    pub id: String,
    pub text: Text,
    pub score: i32,
    /// Puts the customer in the lowest category (C1, no override), e.g. "I accept no loss".
    #[serde(default)]
    pub knock_out: bool,
    /// Sets the investment horizon (G2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_years: Option<u32>,
    /// Varieties this answer accepts (G2); the union over the selected options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub varieties: Vec<Variety>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scoring {
    /// Capacity bands over the sum of the named dimensions; absent = capacity comes from
    /// `capacityCaps` alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Bands>,
    pub willingness: Bands,
    #[serde(default)]
    pub combiner: Combiner,
    /// G4: the knowledge and experience scores that show familiarity with complex products;
    /// absent = this questionnaire never allows complex products.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complex_products: Option<ComplexThreshold>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bands {
    /// Dimensions whose item scores are summed.
    pub dimensions: Vec<Dimension>,
    /// Inclusive score ranges, one per class, covering every reachable total.
    pub bands: Vec<Band>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Band {
    pub class: RiskClass,
    pub min: i32,
    pub max: i32,
}

/// How capacity and willingness make the overall class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Combiner {
    /// The lower of the two (the conservative default).
    #[default]
    Min,
    /// The mean, rounded down.
    MeanFloor,
    Capacity,
    Willingness,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ComplexThreshold {
    pub knowledge_min: i32,
    pub experience_min: i32,
}

/// A JsonLogic condition over `answers` (item id -> option id, or a list for multi-select),
/// `scores` (per dimension) and `customer`; true means the answers contradict each other.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsistencyCheck {
    pub id: String,
    pub when: Value,
    pub prompt: Text,
    /// Items the customer is invited to revisit.
    #[serde(default)]
    pub items: Vec<String>,
}

/// A JsonLogic condition over the customer facts that caps the capacity class.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CapacityCap {
    pub id: String,
    pub when: Value,
    pub max_class: RiskClass,
    pub reason: Text,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Product {
    pub id: String,
    #[serde(rename = "type")]
    pub product_type: ProductType,
    pub category: Category,
    /// The bank's level; with `sri` and `issuerRiskLevel`, the highest applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_level: Option<RiskLevel>,
    /// EU summary risk indicator 1..7, mapped through `riskScale.sriToLevel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sri: Option<u8>,
    /// The manufacturer's rating when it differs from the distributor's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_risk_level: Option<RiskLevel>,
    pub variety: Variety,
    /// Complex products (structured, leveraged, some wrappers) need knowledge (G4).
    #[serde(default)]
    pub complex: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_up_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<Money>,
    #[serde(default)]
    pub fees: Fees,
    /// Headline interest or coupon rate in percent, for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_pct: Option<f64>,
    #[serde(default)]
    pub principal_guaranteed: bool,
    #[serde(default)]
    pub deposit_insured: bool,
    /// JsonLogic (strict) over the evaluation data: age, residency, segment, holdings...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Value>,
    pub propensity: Propensity,
    /// V: value of the product to the bank (a positive factor, 1 = neutral).
    #[serde(default = "one")]
    pub business_value: f64,
    /// L: campaign weight in percent, applied as 1 + w/100.
    #[serde(default)]
    pub lever_pct: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Date>,
    /// false: shown in the catalogue view and on request, never suggested proactively.
    #[serde(default = "yes")]
    pub proactive: bool,
    pub texts: ProductTexts,
}

#[cfg_attr(not(feature = "schema"), allow(dead_code))] // only schemars reads serde defaults
fn one() -> f64 {
    1.0
}
#[cfg_attr(not(feature = "schema"), allow(dead_code))]
fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Fees {
    #[serde(serialize_with = "crate::model::js_f64")]
    pub entry_pct: f64,
    /// Ongoing charges per year.
    #[serde(serialize_with = "crate::model::js_f64")]
    pub ongoing_pct: f64,
    #[serde(serialize_with = "crate::model::js_f64")]
    pub exit_pct: f64,
    /// A flat yearly fee in minor units (cards, accounts).
    pub annual_fee: Money,
}

/// P of the ranking: `P = E0/(E0+E+1)·P0 + E/(E0+E+1)·P_obs` when observations are given.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Propensity {
    /// P0 for segments not listed, 0..1.
    pub base: f64,
    #[serde(default)]
    pub by_segment: KeyMap<f64>,
    /// E0: how many observations the prior is worth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Observed>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Observed {
    /// E: exposures observed.
    pub exposures: u64,
    /// P_obs: observed take-up rate, 0..1.
    pub rate: f64,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductTexts {
    pub name: Text,
    pub summary: Text,
    #[serde(default)]
    pub benefits: Text,
    #[serde(default)]
    pub risks: Text,
    #[serde(default)]
    pub disclosure: Text,
}

/// What a context weight is about (shown in explanations and the playground).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContextKind {
    #[default]
    LifeStage,
    Segment,
    Goal,
    Intent,
    Event,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContextWeight {
    pub id: String,
    pub kind: ContextKind,
    /// JsonLogic (strict) over the evaluation data.
    pub when: Value,
    pub weights: Vec<Weight>,
    /// Why, in the customer's words, when this weight raised a suggestion.
    pub reason: Text,
}

/// A percentage applied as `1 + pct/100` to the products matching exactly one target field.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Weight {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub product_type: Option<ProductType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variety: Option<Variety>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    pub pct: f64,
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CrossSellRule {
    pub id: String,
    /// JsonLogic (strict) over profile, holdings and events.
    pub when: Value,
    /// Product ids to suggest.
    pub suggest: Vec<String>,
    /// Association lift P(B|A)/P(B), multiplied into the score.
    pub lift: f64,
    pub reason: Text,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Suppression {
    pub exclude_owned: bool,
    pub dismissals: DismissPolicy,
    /// K: at most this many suggestions per category.
    pub max_per_category: u32,
    /// M: at most this many recommendations in total.
    pub max_total: u32,
    /// At most this many cross-sell suggestions.
    pub max_cross_sell: u32,
    /// Tiers that get no cross-sell ("exit").
    pub no_cross_sell_tiers: Vec<String>,
}

impl Default for Suppression {
    fn default() -> Self {
        Suppression {
            exclude_owned: true,
            dismissals: DismissPolicy::default(),
            max_per_category: 2,
            max_total: 5,
            max_cross_sell: 3,
            no_cross_sell_tiers: vec!["exit".to_string()],
        }
    }
}

/// Dismissed `count` times within `withinDays` days: hidden for `hideDays` days after the last.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DismissPolicy {
    pub count: u32,
    pub within_days: u32,
    pub hide_days: u32,
}

impl Default for DismissPolicy {
    fn default() -> Self {
        DismissPolicy {
            count: 3,
            within_days: 7,
            hide_days: 10,
        }
    }
}

#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Notice {
    pub id: String,
    /// JsonLogic (strict) over the evaluation data.
    pub when: Value,
    pub text: Text,
}

/// An embedded example: a persona in, the advice it must (and must not) get out.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogueTest {
    pub name: String,
    /// A recommendation input, as `suitable recommend` takes it.
    pub input: Value,
    pub expect: TestExpect,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct TestExpect {
    /// The overall risk class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<RiskClass>,
    /// The recommendations start with exactly these ids, in this order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub top: Vec<String>,
    /// These are among the recommendations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// These are never recommended nor cross-sold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// These are among the cross-sell suggestions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cross_sell: Vec<String>,
}

str_enum_from_json!(Select { "single" => Select::Single, "multi" => Select::Multi });
str_enum_from_json!(MultiScore { "max" => MultiScore::Max, "sum" => MultiScore::Sum });
str_enum_from_json!(Combiner {
    "min" => Combiner::Min,
    "mean_floor" => Combiner::MeanFloor,
    "capacity" => Combiner::Capacity,
    "willingness" => Combiner::Willingness,
});
str_enum_from_json!(ContextKind {
    "life_stage" => ContextKind::LifeStage,
    "segment" => ContextKind::Segment,
    "goal" => ContextKind::Goal,
    "intent" => ContextKind::Intent,
    "event" => ContextKind::Event,
});

/// `impl FromJson` for a struct: `|o| Struct { field: o.req("key")?, ... }`, then unknown keys
/// are refused.
macro_rules! object_from_json {
    ($t:ty, |$o:ident| $body:expr) => {
        impl FromJson for $t {
            fn from_json(v: crate::json::Json<'_>, at: At<'_>) -> Result<Self, Fail> {
                let mut $o = Obj::new(v, at)?;
                let out = $body;
                $o.end()?;
                Ok(out)
            }
        }
    };
}
pub(crate) use object_from_json;

object_from_json!(CatalogueDoc, |o| CatalogueDoc {
    schema: o.opt("$schema"),
    schema_version: o.req("schemaVersion"),
    catalogue_version: o.req("catalogueVersion"),
    currency: o.req("currency"),
    locales: o.req("locales"),
    risk_scale: o.req("riskScale"),
    policy: o.or_default("policy"),
    questionnaires: o.req("questionnaires"),
    capacity_caps: o.or_default("capacityCaps"),
    products: o.req("products"),
    context_weights: o.or_default("contextWeights"),
    cross_sell: o.or_default("crossSell"),
    suppression: o.or_default("suppression"),
    notices: o.or_default("notices"),
    texts: o.or_default("texts"),
    tests: o.or_default("tests"),
});
object_from_json!(Currency, |o| Currency {
    code: o.req("code"),
    minor_unit: o.req("minorUnit"),
});
object_from_json!(Locales, |o| Locales {
    offered: o.req("offered"),
    default: o.req("default"),
    fallback: o.or_default("fallback"),
});
object_from_json!(RiskScale, |o| RiskScale {
    classes: o.req("classes"),
    levels: o.req("levels"),
    sri_to_level: o.req("sriToLevel"),
});
object_from_json!(ClassEntry, |o| ClassEntry {
    id: o.req("id"),
    label: o.req("label"),
    description: o.or_default("description"),
});
object_from_json!(LevelEntry, |o| LevelEntry {
    id: o.req("id"),
    label: o.req("label"),
    description: o.or_default("description"),
});
object_from_json!(Policy, |o| {
    let d = Policy::default();
    Policy {
        adult_age: o.or("adultAge", d.adult_age),
        minor_max_level: o.or("minorMaxLevel", d.minor_max_level),
        elderly_age: o.or("elderlyAge", d.elderly_age),
        elderly_max_proactive_level: o
            .or("elderlyMaxProactiveLevel", d.elderly_max_proactive_level),
        capacity_share_pct: o.or("capacitySharePct", d.capacity_share_pct),
        profile_validity_months: o.or("profileValidityMonths", d.profile_validity_months),
        max_assessments_per_day: o.or("maxAssessmentsPerDay", d.max_assessments_per_day),
        max_assessments_per_year: o.or("maxAssessmentsPerYear", d.max_assessments_per_year),
        cooling_off_days: o.or("coolingOffDays", d.cooling_off_days),
    }
});
object_from_json!(Questionnaire, |o| Questionnaire {
    id: o.req("id"),
    version: o.req("version"),
    title: o.req("title"),
    description: o.or_default("description"),
    items: o.req("items"),
    scoring: o.req("scoring"),
    consistency: o.or_default("consistency"),
});
object_from_json!(Item, |o| Item {
    id: o.req("id"),
    dimension: o.req("dimension"),
    text: o.req("text"),
    help: o.or_default("help"),
    select: o.or_default("select"),
    multi_score: o.or_default("multiScore"),
    options: o.req("options"),
});
object_from_json!(AnswerOption, |o| AnswerOption {
    id: o.req("id"),
    text: o.req("text"),
    score: o.req("score"),
    knock_out: o.or_default("knockOut"),
    horizon_years: o.opt("horizonYears"),
    varieties: o.or_default("varieties"),
});
object_from_json!(Scoring, |o| Scoring {
    capacity: o.opt("capacity"),
    willingness: o.req("willingness"),
    combiner: o.or_default("combiner"),
    complex_products: o.opt("complexProducts"),
});
object_from_json!(Bands, |o| Bands {
    dimensions: o.req("dimensions"),
    bands: o.req("bands"),
});
object_from_json!(Band, |o| Band {
    class: o.req("class"),
    min: o.req("min"),
    max: o.req("max"),
});
object_from_json!(ComplexThreshold, |o| ComplexThreshold {
    knowledge_min: o.req("knowledgeMin"),
    experience_min: o.req("experienceMin"),
});
object_from_json!(ConsistencyCheck, |o| ConsistencyCheck {
    id: o.req("id"),
    when: o.req("when"),
    prompt: o.req("prompt"),
    items: o.or_default("items"),
});
object_from_json!(CapacityCap, |o| CapacityCap {
    id: o.req("id"),
    when: o.req("when"),
    max_class: o.req("maxClass"),
    reason: o.req("reason"),
});
object_from_json!(Product, |o| Product {
    id: o.req("id"),
    product_type: o.req("type"),
    category: o.req("category"),
    risk_level: o.opt("riskLevel"),
    sri: o.opt("sri"),
    issuer_risk_level: o.opt("issuerRiskLevel"),
    variety: o.req("variety"),
    complex: o.or_default("complex"),
    term_months: o.opt("termMonths"),
    lock_up_months: o.opt("lockUpMonths"),
    min_amount: o.opt("minAmount"),
    fees: o.or_default("fees"),
    rate_pct: o.opt("ratePct"),
    principal_guaranteed: o.or_default("principalGuaranteed"),
    deposit_insured: o.or_default("depositInsured"),
    eligibility: o.opt("eligibility"),
    propensity: o.req("propensity"),
    business_value: o.or("businessValue", 1.0),
    lever_pct: o.or_default("leverPct"),
    valid_from: o.opt("validFrom"),
    valid_to: o.opt("validTo"),
    proactive: o.or("proactive", true),
    texts: o.req("texts"),
});
object_from_json!(Fees, |o| Fees {
    entry_pct: o.or_default("entryPct"),
    ongoing_pct: o.or_default("ongoingPct"),
    exit_pct: o.or_default("exitPct"),
    annual_fee: o.or_default("annualFee"),
});
object_from_json!(Propensity, |o| Propensity {
    base: o.req("base"),
    by_segment: o.or_default("bySegment"),
    prior_weight: o.opt("priorWeight"),
    observed: o.opt("observed"),
});
object_from_json!(Observed, |o| Observed {
    exposures: o.req("exposures"),
    rate: o.req("rate"),
});
object_from_json!(ProductTexts, |o| ProductTexts {
    name: o.req("name"),
    summary: o.req("summary"),
    benefits: o.or_default("benefits"),
    risks: o.or_default("risks"),
    disclosure: o.or_default("disclosure"),
});
object_from_json!(ContextWeight, |o| ContextWeight {
    id: o.req("id"),
    kind: o.req("kind"),
    when: o.req("when"),
    weights: o.req("weights"),
    reason: o.req("reason"),
});
object_from_json!(Weight, |o| Weight {
    product_type: o.opt("type"),
    category: o.opt("category"),
    variety: o.opt("variety"),
    product: o.opt("product"),
    pct: o.req("pct"),
});
object_from_json!(CrossSellRule, |o| CrossSellRule {
    id: o.req("id"),
    when: o.req("when"),
    suggest: o.req("suggest"),
    lift: o.req("lift"),
    reason: o.req("reason"),
});
object_from_json!(Suppression, |o| {
    let d = Suppression::default();
    Suppression {
        exclude_owned: o.or("excludeOwned", d.exclude_owned),
        dismissals: o.or("dismissals", d.dismissals),
        max_per_category: o.or("maxPerCategory", d.max_per_category),
        max_total: o.or("maxTotal", d.max_total),
        max_cross_sell: o.or("maxCrossSell", d.max_cross_sell),
        no_cross_sell_tiers: o.or("noCrossSellTiers", d.no_cross_sell_tiers),
    }
});
object_from_json!(DismissPolicy, |o| DismissPolicy {
    count: o.req("count"),
    within_days: o.req("withinDays"),
    hide_days: o.req("hideDays"),
});
object_from_json!(Notice, |o| Notice {
    id: o.req("id"),
    when: o.req("when"),
    text: o.req("text"),
});
object_from_json!(CatalogueTest, |o| CatalogueTest {
    name: o.req("name"),
    input: o.req("input"),
    expect: o.req("expect"),
});
object_from_json!(TestExpect, |o| TestExpect {
    class: o.opt("class"),
    top: o.or_default("top"),
    include: o.or_default("include"),
    exclude: o.or_default("exclude"),
    cross_sell: o.or_default("crossSell"),
});
