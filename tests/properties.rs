//! Properties over random customers and the sample catalogue: whatever the profile, facts,
//! holdings and history, no suggestion is ever above the customer's class, the lowest category
//! gets only the lowest level, and nothing already owned is suggested.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use suitable::input::{Context, Customer, Holding};
use suitable::model::{RiskClass, RiskLevel, Variety};
use suitable::profile::{QuestionnaireRef, RiskProfile, Scores};
use suitable::{Catalogue, Date, RecommendInput};

fn catalogue() -> &'static Catalogue {
    static CAT: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CAT.get_or_init(|| {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/test-data/catalogue.json"
        ))
        .unwrap();
        Catalogue::from_json(&text).unwrap()
    })
}

fn profile(
    class: u8,
    lowest: bool,
    complex: bool,
    horizon: Option<u32>,
    varieties: Option<Vec<Variety>>,
) -> RiskProfile {
    let now = Date::parse("2026-11-25").unwrap();
    let c = RiskClass::from_rank(i64::from(class));
    RiskProfile {
        questionnaire: QuestionnaireRef {
            id: "reg-20".into(),
            version: "1.0".into(),
        },
        scores: Scores::default(),
        capacity_class: c,
        willingness_class: c,
        class: if lowest { RiskClass::C1 } else { c },
        lowest_category: lowest,
        knock_outs: vec![],
        capacity_caps: vec![],
        horizon_years: horizon,
        accepted_varieties: varieties,
        complex_products_allowed: complex,
        consistency_prompts: vec![],
        class_changed: false,
        needs_confirmation: false,
        explanation: vec![],
        completed_on: now,
        valid_until: now.add_months(12),
    }
}

const SEGMENTS: &[&str] = &[
    "deposit_heavy",
    "loan_heavy",
    "fee_heavy",
    "balanced",
    "price_centred",
];
const TIERS: &[&str] = &["key", "ordinary", "exit"];
const STAGES: &[&str] = &["young", "family", "retired"];

prop_compose! {
    fn arb_input(n_products: usize)(
        class in 1u8..=5,
        lowest in proptest::bool::weighted(0.2),
        complex in any::<bool>(),
        horizon in proptest::option::of(0u32..30),
        varieties in proptest::option::of(proptest::sample::subsequence(Variety::ALL.to_vec(), 0..=Variety::ALL.len())),
        age in 0u32..100,
        liquid in proptest::option::of(0i64..50_000_000),
        income in proptest::option::of(0i64..2_000_000),
        dependants in proptest::option::of(0u32..5),
        segment in proptest::sample::select(SEGMENTS),
        tier in proptest::sample::select(TIERS),
        stage in proptest::sample::select(STAGES),
        payroll in any::<bool>(),
        held in proptest::collection::vec(0..n_products, 0..6),
        personalisation in proptest::bool::weighted(0.8),
        with_profile in proptest::bool::weighted(0.9),
    ) -> (RecommendInput, Vec<usize>) {
        let input = RecommendInput {
            persona: None,
            now: Date::parse("2026-11-25").unwrap(),
            locale: Some("en".into()),
            customer: Customer {
                age: Some(age),
                liquid_assets: liquid.map(suitable::model::Money),
                monthly_income: income.map(suitable::model::Money),
                dependants,
                segment: Some(segment.to_string()),
                tier: Some(tier.to_string()),
                life_stage: Some(stage.to_string()),
                payroll: Some(payroll),
                residency: Some("DE".into()),
                ..Customer::default()
            },
            profile: with_profile.then(|| profile(class, lowest, complex, horizon, varieties)),
            assessment: None,
            holdings: vec![],
            history: vec![],
            context: Context { personalisation, ..Context::default() },
        };
        (input, held)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn suggestions_respect_class_lowest_category_and_holdings((mut input, held) in arb_input(32)) {
        let cat = catalogue();
        let ids: Vec<String> = cat.doc.products.iter().map(|p| p.id.clone()).collect();
        input.holdings = held
            .iter()
            .filter_map(|i| ids.get(*i))
            .map(|id| Holding { product_id: id.clone(), opened_on: None, matures_on: None, amount: None })
            .collect();
        let advice = suitable::recommend(cat, &input).unwrap();
        let profile = input.profile.as_ref();
        for s in advice.recommendations.iter().chain(&advice.cross_sell) {
            let level = cat.compiled.products[cat.product_index(&s.product_id).unwrap()].level;
            prop_assert_eq!(level, s.risk_level);
            match profile {
                Some(p) => {
                    prop_assert!(level <= p.class.max_level(), "{} {:?} above {:?}", s.product_id, level, p.class);
                    if p.lowest_category {
                        prop_assert_eq!(level, RiskLevel::R1, "{} for lowest category", &s.product_id);
                    }
                }
                None => {
                    prop_assert!(!s.category.is_investment(), "{} without a profile", &s.product_id);
                }
            }
            prop_assert!(
                !input.holdings.iter().any(|h| h.product_id == s.product_id),
                "owned product {} suggested", &s.product_id
            );
        }
        // Nothing lost: every product is in exactly one of the four lists.
        let mut seen: Vec<&str> = advice.recommendations.iter().chain(&advice.cross_sell).map(|s| s.product_id.as_str())
            .chain(advice.excluded.iter().map(|e| e.product_id.as_str()))
            .chain(advice.suppressed.iter().map(|s| s.product_id.as_str()))
            .collect();
        seen.sort_unstable();
        let mut all: Vec<&str> = ids.iter().map(String::as_str).collect();
        all.sort_unstable();
        prop_assert_eq!(seen, all);
        // Same input, same output.
        prop_assert_eq!(&advice, &suitable::recommend(cat, &input).unwrap());
    }
}

fn arb_json() -> impl Strategy<Value = suitable::json::Value> {
    use suitable::json;
    use suitable::json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1000i64..1000).prop_map(|n| json!(n)),
        (-10.0f64..10.0).prop_map(|f| json!(f)),
        proptest::sample::select(vec![
            "",
            "a",
            "x",
            "customer.age",
            "2026-11-25",
            "1",
            "var",
            "=="
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        let ops = vec![
            "var",
            "==",
            "===",
            "!=",
            "!==",
            "!",
            "!!",
            "and",
            "or",
            "if",
            "<",
            "<=",
            ">",
            ">=",
            "+",
            "-",
            "*",
            "/",
            "%",
            "min",
            "max",
            "in",
            "cat",
            "substr",
            "merge",
            "map",
            "filter",
            "reduce",
            "all",
            "some",
            "none",
            "missing",
            "missing_some",
            "age_at",
            "days_between",
            "today",
            "log",
            "nope",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(suitable::json::Value::Array),
            (proptest::sample::select(ops), inner.clone()).prop_map(|(op, arg)| json!({ op: arg })),
            (proptest::sample::select(vec!["x", "a", "customer"]), inner)
                .prop_map(|(k, v)| json!({ k: v })),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Any rule and any data: an error or a result, never a panic, in both modes.
    #[test]
    fn random_rules_never_panic(rule in arb_json(), data in arb_json()) {
        use suitable::logic::{CompileOptions, Mode, Rule};
        let today = Date::parse("2026-11-25");
        for mode in [Mode::Strict, Mode::Compat] {
            let opts = CompileOptions { mode, ..CompileOptions::default() };
            if let Ok(r) = Rule::compile(&rule, &opts, "/r") {
                let _ = r.apply(&data, today);
                let m = r.matches(&data, today);
                prop_assert_eq!(m, r.check(&data, today).passed);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A damaged catalogue (bytes cut, swapped or replaced) loads or is refused, never panics.
    #[test]
    fn damaged_catalogues_never_panic(at in 0usize..200_000, len in 0usize..64, byte in any::<u8>()) {
        let text = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/test-data/catalogue.json")).unwrap();
        let at = at % text.len();
        let mut bad = text.clone();
        let end = (at + len).min(bad.len());
        bad.splice(at..end, std::iter::once(byte));
        if let Ok(s) = String::from_utf8(bad) {
            match Catalogue::load(&s) {
                Ok(_) => {}
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}
