//! The evaluation data rules read, and the variable paths each kind of rule may use (checked
//! when the catalogue loads, so a typo in a path is a load error, not a rule that never fires).

use crate::json;
use crate::json::{Map, Value};

use crate::date::Date;
use crate::input::{Customer, Holding, RecommendInput};
use crate::model::Category;
use crate::profile::RiskProfile;

/// Which data a rule sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Eligibility, context weights, cross-sell, notices: customer, profile, holdings, events,
    /// context, now.
    Advice,
    /// Capacity caps: customer, now.
    Facts,
    /// Consistency checks: answers, scores, customer, now.
    Answers,
}

const CUSTOMER_FIELDS: &[&str] = &[
    "age",
    "birthDate",
    "residency",
    "segment",
    "tier",
    "lifeStage",
    "employment",
    "monthlyIncome",
    "liquidAssets",
    "investableAssets",
    "debts",
    "dependants",
    "fullLegalCapacity",
    "guardian",
    "horizonYears",
    "goals",
    "payroll",
];

/// Fields that hold money (integer minor units), shown formatted in customer texts.
const MONEY_FIELDS: &[&str] = &[
    "customer.monthlyIncome",
    "customer.liquidAssets",
    "customer.investableAssets",
    "customer.debts",
    "context.intendedAmount",
];

pub fn is_money(path: &str) -> bool {
    MONEY_FIELDS.contains(&path)
}

const PROFILE_FIELDS: &[&str] = &[
    "class",
    "capacityClass",
    "willingnessClass",
    "lowestCategory",
    "knowledge",
    "experience",
    "horizonYears",
    "complexProductsAllowed",
];

const HOLDINGS_FIELDS: &[&str] = &["products", "types", "categories", "count"];
const CONTEXT_FIELDS: &[&str] = &["intent", "intendedAmount"];
const SCORE_FIELDS: &[&str] = &[
    "capacity",
    "willingness",
    "knowledge",
    "experience",
    "objective",
];

/// Whether `path` (dotted) is a field the data of `scope` can have. `items` are the item ids
/// of the questionnaire for the `Answers` scope.
pub fn known_var(scope: Scope, items: &[String], path: &str) -> bool {
    let mut parts = path.split('.');
    let head = parts.next().unwrap_or("");
    let second = parts.next();
    let rest_ok = |fields: &[&str]| match second {
        None => true,
        Some(f) => fields.contains(&f),
    };
    match (scope, head) {
        (_, "now") => second.is_none(),
        (_, "customer") => match second {
            Some("attributes") => true,
            Some(f) => CUSTOMER_FIELDS.contains(&f) && (parts.next().is_none() || f == "goals"),
            None => true,
        },
        (Scope::Advice, "profile") => rest_ok(PROFILE_FIELDS),
        (Scope::Advice, "holdings") => rest_ok(HOLDINGS_FIELDS),
        (Scope::Advice, "context") => rest_ok(CONTEXT_FIELDS),
        (Scope::Advice, "events") => true,
        (Scope::Answers, "answers") => match second {
            None => true,
            Some(id) => items.iter().any(|i| i == id),
        },
        (Scope::Answers, "scores") => rest_ok(SCORE_FIELDS),
        _ => false,
    }
}

/// The customer facts as rules see them: money as integer minor units, `age` derived from
/// the birth date at `now` when one is given.
pub fn customer_value(c: &Customer, now: Date) -> Value {
    let mut v = crate::json::to_value(c).unwrap_or(Value::Null);
    if let (Value::Object(m), Some(age)) = (&mut v, c.age_at(now)) {
        m.insert("age".into(), json!(age));
    }
    v
}

pub fn facts_data(c: &Customer, now: Date) -> Value {
    json!({ "customer": customer_value(c, now), "now": now.to_string() })
}

/// The data of the `Advice` scope with only the top-level `keys` (all when `None`): the parts
/// a set of rules can read (see [`crate::logic::Rule::data_keys`]).
pub fn advice_data_of(
    input: &RecommendInput,
    profile: Option<&RiskProfile>,
    holdings: &[(&Holding, Option<(&str, Category)>)],
    keys: Option<&[String]>,
) -> Value {
    let want = |k: &str| keys.is_none_or(|ks| ks.iter().any(|x| x == k));
    let mut m = Map::new();
    if want("customer") {
        m.insert(
            "customer".into(),
            customer_value(&input.customer, input.now),
        );
    }
    if want("now") {
        m.insert("now".into(), json!(input.now.to_string()));
    }
    if let Some(p) = profile.filter(|_| want("profile")) {
        m.insert(
            "profile".into(),
            json!({
                "class": p.class.rank(),
                "capacityClass": p.capacity_class.rank(),
                "willingnessClass": p.willingness_class.rank(),
                "lowestCategory": p.lowest_category,
                "knowledge": p.scores.knowledge,
                "experience": p.scores.experience,
                "horizonYears": p.horizon_years,
                "complexProductsAllowed": p.complex_products_allowed,
            }),
        );
    }
    if want("holdings") {
        let set = |it: &mut dyn Iterator<Item = &str>| -> Vec<String> {
            crate::util::sorted_unique(it.map(str::to_string).collect())
        };
        let products = set(&mut holdings.iter().map(|(h, _)| h.product_id.as_str()));
        let types = set(&mut holdings.iter().filter_map(|(_, k)| k.map(|k| k.0)));
        let cats = set(&mut holdings.iter().filter_map(|(_, k)| k.map(|k| k.1.as_str())));
        m.insert(
            "holdings".into(),
            json!({ "products": products, "types": types, "categories": cats, "count": holdings.len() }),
        );
    }
    if want("context") {
        let mut ctx = Map::new();
        if let Some(i) = &input.context.intent {
            ctx.insert("intent".into(), json!(i));
        }
        if let Some(a) = input.context.intended_amount {
            ctx.insert("intendedAmount".into(), json!(a.0));
        }
        m.insert("context".into(), Value::Object(ctx));
    }
    if want("events") {
        m.insert(
            "events".into(),
            Value::Object(input.context.events.clone().into_iter().collect()),
        );
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_paths_per_scope() {
        let items = vec!["q1".to_string()];
        assert!(known_var(Scope::Advice, &items, "customer.age"));
        assert!(known_var(Scope::Advice, &items, "customer.attributes.vip"));
        assert!(known_var(Scope::Advice, &items, "holdings.products"));
        assert!(known_var(
            Scope::Advice,
            &items,
            "events.depositMaturesInDays"
        ));
        assert!(!known_var(Scope::Advice, &items, "customer.agee"));
        assert!(!known_var(Scope::Advice, &items, "answers.q1"));
        assert!(known_var(Scope::Answers, &items, "answers.q1"));
        assert!(!known_var(Scope::Answers, &items, "answers.q2"));
        assert!(!known_var(Scope::Facts, &items, "profile.class"));
        assert!(known_var(Scope::Facts, &items, "now"));
    }
}
