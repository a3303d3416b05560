//! Table-driven engine tests over the shared test-data: catalogue problems reported with code
//! and JSON path, answers and inputs refused with their path, and the behaviour each persona is
//! there to show (the goldens hold the full output; these name the point of each).

use suitable::input::{AssessInput, RecommendInput};
use suitable::json;
use suitable::json::Value;
use suitable::{Advice, Catalogue, ErrorCode};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/test-data");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).unwrap()
}

fn typed<T: suitable::json::FromJson>(v: Value) -> T {
    suitable::json::from_value(v, ErrorCode::InputInvalid).unwrap()
}

fn parse<T: suitable::json::FromJson>(text: &str) -> T {
    suitable::json::parse_json(text, ErrorCode::InputInvalid).unwrap()
}

fn sample() -> Value {
    serde_json::from_str(&read("catalogue.json")).unwrap()
}

fn catalogue() -> Catalogue {
    Catalogue::from_json(&read("catalogue.json")).unwrap()
}

/// Replaces (or with `Value::Null` as marker `"__delete__"`, removes) the node at `pointer`.
fn patched(pointer: &str, v: Value) -> String {
    let mut doc = sample();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match (target, v) {
        (Value::Object(m), Value::String(s)) if s == "__delete__" => {
            m.remove(key);
        }
        (Value::Object(m), v) => {
            m.insert(key.to_string(), v);
        }
        (Value::Array(a), v) => {
            a[key.parse::<usize>().unwrap()] = v;
        }
        _ => panic!("cannot patch {pointer}"),
    }
    serde_json::to_string(&doc).unwrap()
}

fn deep_not(depth: usize) -> Value {
    let mut v = json!({"var": "customer.age"});
    for _ in 0..depth {
        v = json!({ "!": v });
    }
    v
}

#[test]
fn catalogue_problems_have_code_and_path() {
    let id0 = sample()["products"][0]["id"].clone();
    let cases: Vec<(&str, Value, ErrorCode, &str)> = vec![
        (
            "/schemaVersion",
            json!(2),
            ErrorCode::CatalogueSchemaVersion,
            "/schemaVersion",
        ),
        (
            "/catalogueVersion",
            json!(5),
            ErrorCode::CatalogueParse,
            "/catalogueVersion",
        ),
        (
            "/products/0/riskLevel",
            json!("R9"),
            ErrorCode::CatalogueParse,
            "/products/0/riskLevel",
        ),
        (
            "/products/0/minAmount",
            json!(10.5),
            ErrorCode::CatalogueParse,
            "/products/0/minAmount",
        ),
        (
            "/products/0/colour",
            json!("red"),
            ErrorCode::CatalogueParse,
            "/products/0/colour",
        ),
        (
            "/products/1/id",
            id0,
            ErrorCode::CatalogueDuplicateId,
            "/products/1/id",
        ),
        (
            "/products/2/sri",
            json!(9),
            ErrorCode::CatalogueInvalid,
            "/products/2/sri",
        ),
        (
            "/products/2/businessValue",
            json!(0),
            ErrorCode::CatalogueInvalid,
            "/products/2/businessValue",
        ),
        (
            "/products/2/validTo",
            json!("2026-02-30"),
            ErrorCode::CatalogueParse,
            "/products/2/validTo",
        ),
        (
            "/products/3/eligibility",
            json!({"==": [{"var": "customer.age"}, 18]}),
            ErrorCode::RuleLooseEquality,
            "/products/3/eligibility",
        ),
        (
            "/products/3/eligibility",
            json!({"and": [true, true, {"foo": [1]}]}),
            ErrorCode::RuleUnknownOperator,
            "/products/3/eligibility/and/2",
        ),
        (
            "/products/3/eligibility",
            json!({">=": [{"var": "customer.agee"}, 18]}),
            ErrorCode::RuleUnknownVariable,
            "/products/3/eligibility/>=/0",
        ),
        (
            "/products/3/eligibility",
            json!({"!": [true, false]}),
            ErrorCode::RuleArity,
            "/products/3/eligibility",
        ),
        (
            "/products/3/eligibility",
            json!({"<": ["a", 1]}),
            ErrorCode::RuleType,
            "/products/3/eligibility/</0",
        ),
        (
            "/products/3/eligibility",
            deep_not(40),
            ErrorCode::RuleTooDeep,
            "",
        ),
        (
            "/crossSell/0/suggest/0",
            json!("no-such-product"),
            ErrorCode::CatalogueUnknownReference,
            "/crossSell/0/suggest/0",
        ),
        (
            "/crossSell/0/lift",
            json!(0),
            ErrorCode::CatalogueInvalid,
            "/crossSell/0/lift",
        ),
        (
            "/locales/default",
            json!("fr"),
            ErrorCode::CatalogueUnknownReference,
            "/locales/default",
        ),
        (
            "/riskScale/sriToLevel",
            json!(["R1", "R2"]),
            ErrorCode::CatalogueInvalid,
            "/riskScale/sriToLevel",
        ),
        (
            "/questionnaires/0/consistency/0/when",
            json!({"===": [{"var": "answers.nope"}, "x"]}),
            ErrorCode::RuleUnknownVariable,
            "/questionnaires/0/consistency/0/when/===/0",
        ),
        (
            "/capacityCaps/0/when",
            json!({"===": [{"var": "profile.class"}, 1]}),
            ErrorCode::RuleUnknownVariable,
            "/capacityCaps/0/when/===/0",
        ),
    ];
    let mut failures = Vec::new();
    for (pointer, value, code, path) in cases {
        match Catalogue::load(&patched(pointer, value)) {
            Ok(_) => failures.push(format!("{pointer}: loaded, expected {code}")),
            Err(errors) => {
                let hit = errors
                    .iter()
                    .any(|e| e.code == code && (path.is_empty() || e.path == path));
                if !hit {
                    failures.push(format!(
                        "{pointer}: expected {code} at {path}, got {errors:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hostile_nesting_is_an_error_not_a_crash() {
    // Deeper than serde_json's own limit: a parse error, no stack overflow.
    let mut rule = String::new();
    for _ in 0..100_000 {
        rule.push_str("{\"!\":");
    }
    rule.push_str("true");
    for _ in 0..100_000 {
        rule.push('}');
    }
    let text =
        patched("/products/3/eligibility", json!("PLACEHOLDER")).replace("\"PLACEHOLDER\"", &rule);
    let errors = Catalogue::load(&text).err().unwrap();
    assert_eq!(errors[0].code, ErrorCode::CatalogueParse);
}

#[test]
fn missing_translation_is_a_warning_and_falls_back() {
    let text = patched("/products/0/texts/name/zh", json!("__delete__"));
    let cat = Catalogue::from_json(&text).unwrap();
    assert!(cat
        .warnings
        .iter()
        .any(|w| w.code == ErrorCode::CatalogueMissingTranslation
            && w.path == "/products/0/texts/name"));
    let chain = cat.locale_chain(Some("zh"));
    let (name, lang) = cat.resolve(&cat.doc.products[0].texts.name, &chain);
    assert_eq!(lang, "en");
    assert!(!name.is_empty());
}

#[test]
fn sample_catalogue_validates_with_its_embedded_tests() {
    let report = suitable::validate(&read("catalogue.json"));
    assert!(report.ok, "{:?}", report.errors);
    assert!(report.tests.len() >= 3 && report.tests.iter().all(|t| t.passed));
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(sample()["products"].as_array().unwrap().len() >= 30);
}

#[test]
fn failing_embedded_test_is_reported() {
    let mut doc = sample();
    doc["tests"][0]["expect"] = json!({"include": ["no-such-product"]});
    let report = suitable::validate(&serde_json::to_string(&doc).unwrap());
    assert!(!report.ok);
    assert_eq!(report.errors[0].code, ErrorCode::CatalogueTestFailed);
    assert_eq!(report.errors[0].path, "/tests/0");
}

fn assess_input() -> Value {
    serde_json::from_str(&read("answers/reg-20-balanced.json")).unwrap()
}

#[test]
fn bad_answers_have_code_and_path() {
    let cat = catalogue();
    let base = assess_input();
    let first_item = cat.doc.questionnaires[0].items[0].id.clone();
    let mut missing = base.clone();
    missing["answers"]
        .as_object_mut()
        .unwrap()
        .remove(&first_item);
    let mut unknown_option = base.clone();
    unknown_option["answers"][&first_item] = json!("no-such-option");
    let mut unknown_item = base.clone();
    unknown_item["answers"]["zz"] = json!("a");
    let mut no_q = base.clone();
    no_q["questionnaireId"] = json!("nope");
    let mut limit = base.clone();
    limit["previous"] =
        json!([{"on": base["now"], "class": "C2"}, {"on": base["now"], "class": "C3"}]);
    let item_path = format!("/answers/{first_item}");
    let cases = [
        (missing, ErrorCode::AnswersInvalid, item_path.as_str()),
        (
            unknown_option,
            ErrorCode::AnswersInvalid,
            item_path.as_str(),
        ),
        (unknown_item, ErrorCode::AnswersInvalid, "/answers/zz"),
        (no_q, ErrorCode::QuestionnaireNotFound, "/questionnaireId"),
        (limit, ErrorCode::AssessmentLimit, "/previous"),
    ];
    for (input, code, path) in cases {
        let input: AssessInput = typed(input);
        let e = suitable::assess(&cat, &input, None).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (code, path), "{e}");
    }
}

#[test]
fn bad_recommend_input_has_path() {
    let cases = [
        (r#"{"now": "2026-13-01"}"#, "/now"),
        (
            r#"{"now": "2026-11-25", "customer": {"liquidAssets": 10.5}}"#,
            "/customer/liquidAssets",
        ),
        (
            r#"{"now": "2026-11-25", "holdings": [{"productId": 5}]}"#,
            "/holdings/0/productId",
        ),
        (
            r#"{"now": "2026-11-25", "customer": {"agee": 5}}"#,
            "/customer/agee",
        ),
    ];
    for (text, path) in cases {
        let e = suitable::json::parse_json::<RecommendInput>(text, ErrorCode::InputInvalid)
            .unwrap_err();
        assert_eq!(e.path, path, "{text}: {e}");
    }
}

fn advice(persona: &str) -> Advice {
    let input: RecommendInput = parse(&read(&format!("personas/{persona}.json")));
    suitable::recommend(&catalogue(), &input).unwrap()
}

fn ids(list: &[suitable::advice::Suggestion]) -> Vec<&str> {
    list.iter().map(|s| s.product_id.as_str()).collect()
}

fn gate_codes<'a>(a: &'a Advice, product: &str) -> Vec<&'a str> {
    a.excluded
        .iter()
        .filter(|e| e.product_id == product)
        .flat_map(|e| e.gates.iter().map(|g| g.code))
        .collect()
}

#[test]
fn personas_show_what_they_are_for() {
    let a = advice("04-lowest-category");
    let p = a.profile.as_ref().unwrap();
    assert!(p.lowest_category && p.class == suitable::model::RiskClass::C1);
    assert!(a
        .recommendations
        .iter()
        .all(|s| s.risk_level == suitable::model::RiskLevel::R1));
    assert!(gate_codes(&a, "fund-equity-global").contains(&"G5_LOWEST_CATEGORY"));

    let a = advice("05-aggressive-investor");
    assert_eq!(
        a.profile.as_ref().unwrap().class,
        suitable::model::RiskClass::C5
    );
    assert!(ids(&a.recommendations).contains(&"fund-equity-global"));

    let a = advice("06-investor-no-complex-knowledge");
    assert_eq!(gate_codes(&a, "sn-autocall-2029"), vec!["G4_KNOWLEDGE"]);
    assert_eq!(a.locale, "zh");

    let a = advice("07-minor");
    assert!(a.guardian_required);
    assert!(a
        .excluded
        .iter()
        .any(|e| e.gates.iter().any(|g| g.code == "G6_MINOR")));
    assert!(a
        .recommendations
        .iter()
        .all(|s| s.risk_level == suitable::model::RiskLevel::R1));

    let a = advice("03-retiree");
    assert!(gate_codes(&a, "fund-equity-global").contains(&"G6_ELDERLY"));
    assert!(!a.notices.is_empty());
    assert!(a
        .recommendations
        .iter()
        .chain(&a.cross_sell)
        .filter(|s| s.category.is_investment())
        .all(|s| s.watch.iter().any(|w| w.code == "WATCH_EXTRA_CARE")));

    let a = advice("02-family-mortgage");
    assert!(ids(&a.cross_sell).contains(&"ins-home"));
    assert!(a
        .recommendations
        .iter()
        .all(|s| !a.cross_sell.iter().any(|x| x.product_id == s.product_id)));

    let a = advice("08-exit-tier");
    assert!(a.cross_sell.is_empty());
    assert!(a
        .suppressed
        .iter()
        .any(|s| s.code == "SUPPRESSED_EXIT_TIER"));
    let exit: Vec<&str> = a
        .suppressed
        .iter()
        .filter(|s| s.code == "SUPPRESSED_EXIT_TIER")
        .map(|s| s.product_id.as_str())
        .collect();
    assert!(exit.iter().all(|id| !ids(&a.recommendations).contains(id)));

    let a = advice("09-dismissed-3-times");
    let d = a
        .suppressed
        .iter()
        .find(|s| s.code == "SUPPRESSED_DISMISSED")
        .unwrap();
    assert_eq!(d.product_id, "td-12m");
    assert!(!ids(&a.recommendations).contains(&"td-12m"));

    let a = advice("10-personalisation-off");
    assert!(!a.personalised && a.cross_sell.is_empty());
    assert!(a.recommendations.iter().all(|s| s.score.is_none()));
    let cat = catalogue();
    let order: Vec<usize> = a
        .recommendations
        .iter()
        .map(|s| cat.product_index(&s.product_id).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "catalogue order");
}

#[test]
fn ranking_is_priority_then_cost_then_risk_then_id() {
    let a = advice("01-young-saver");
    let scores: Vec<f64> = a
        .recommendations
        .iter()
        .map(|s| s.score.unwrap().priority)
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for s in &a.recommendations {
        let sc = s.score.unwrap();
        let product = sc.p * sc.c * sc.v * sc.l;
        assert!(
            (product - sc.priority).abs() < 1e-5,
            "{}: {sc:?}",
            s.product_id
        );
    }
}

#[test]
fn without_profile_no_investment_and_a_reason() {
    let input: RecommendInput = typed(json!({"now": "2026-11-25", "customer": {"age": 40}}));
    let a = suitable::recommend(&catalogue(), &input).unwrap();
    assert!(a
        .recommendations
        .iter()
        .all(|s| !s.category.is_investment()));
    assert!(gate_codes(&a, "fund-equity-global").contains(&"PROFILE_REQUIRED"));
}

#[test]
fn impossible_facts_are_refused_with_path() {
    let cat = catalogue();
    let cases = [
        (
            json!({"now": "2026-11-25", "customer": {"birthDate": "2030-01-01"}}),
            "/customer/birthDate",
        ),
        (
            json!({"now": "2026-11-25", "customer": {"liquidAssets": -5}}),
            "/customer/liquidAssets",
        ),
        (
            json!({"now": "2026-11-25", "customer": {"age": 200}}),
            "/customer/age",
        ),
        (
            json!({"now": "2026-11-25", "context": {"intendedAmount": -1}}),
            "/context/intendedAmount",
        ),
    ];
    for (input, path) in cases {
        let input: RecommendInput = typed(input);
        let e = suitable::recommend(&cat, &input).unwrap_err();
        assert_eq!(e.path, path, "{e}");
    }
}

#[test]
fn expired_profile_is_not_used() {
    let mut input: RecommendInput = parse(&read("personas/05-aggressive-investor.json"));
    let cat = catalogue();
    let a = suitable::recommend(&cat, &input).unwrap();
    input.profile = a.profile;
    input.assessment = None;
    input.now = suitable::Date::parse("2028-01-01").unwrap();
    let later = suitable::recommend(&cat, &input).unwrap();
    assert_eq!(
        later.profile_status,
        suitable::advice::ProfileStatus::Expired
    );
    assert!(later
        .recommendations
        .iter()
        .all(|s| !s.category.is_investment()));
}

#[test]
fn audit_hashes_input_and_catalogue() {
    let a = advice("01-young-saver");
    let b = advice("02-family-mortgage");
    assert_eq!(a.audit.catalogue_sha256, b.audit.catalogue_sha256);
    assert_ne!(a.audit.input_sha256, b.audit.input_sha256);
    assert_eq!(a.audit.input_sha256.len(), 64);
    let mut codes = a.audit.reason_codes.clone();
    codes.sort();
    codes.dedup();
    assert_eq!(codes, a.audit.reason_codes);
    assert!(a.audit.reason_codes.iter().any(|c| c == "G1_RISK"));
}

#[test]
fn schema_file_is_in_sync_with_the_types() {
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schema/catalogue.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        committed,
        suitable::catalogue::schema(),
        "schema/catalogue.schema.json is stale: run `cargo run -- schema > schema/catalogue.schema.json`"
    );
    assert_eq!(
        committed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn generated_thousand_product_catalogue_loads_and_recommends() {
    let big = suitable::synth::grow_catalogue(&catalogue().doc, 1000, 42);
    assert_eq!(big.products.len(), 1000);
    let cat = Catalogue::from_json(&serde_json::to_string(&big).unwrap()).unwrap();
    let input: RecommendInput = parse(&read("personas/05-aggressive-investor.json"));
    let a = suitable::recommend(&cat, &input).unwrap();
    assert!(!a.recommendations.is_empty());
    assert_eq!(
        a.recommendations.len() + a.cross_sell.len() + a.excluded.len() + a.suppressed.len(),
        1000
    );
}

#[test]
fn class_change_needs_confirmation_until_confirmed() {
    let cat = catalogue();
    let mut input = assess_input();
    let first: AssessInput = typed(input.clone());
    let class = suitable::assess(&cat, &first, None).unwrap().class;
    let other = if class == suitable::model::RiskClass::C5 {
        "C1"
    } else {
        "C5"
    };
    input["previous"] = json!([{"on": "2026-01-10", "class": other}]);
    let changed: AssessInput = typed(input.clone());
    let p = suitable::assess(&cat, &changed, None).unwrap();
    assert!(p.class_changed && p.needs_confirmation);
    assert!(p
        .explanation
        .iter()
        .any(|r| r.code == "PROFILE_CLASS_CHANGED"));
    input["confirmed"] = json!(["class_change"]);
    let confirmed: AssessInput = typed(input);
    let p = suitable::assess(&cat, &confirmed, None).unwrap();
    assert!(p.class_changed && !p.needs_confirmation);
}

#[test]
fn contradictions_prompt_until_confirmed_and_block_investment_advice() {
    let cat = catalogue();
    let mut input = assess_input();
    input["customer"]["employment"] = json!("student");
    input["customer"]["liquidAssets"] = json!(20_000_000);
    let a: AssessInput = typed(input.clone());
    let p = suitable::assess(&cat, &a, Some("ru")).unwrap();
    let ids: Vec<&str> = p
        .consistency_prompts
        .iter()
        .map(|x| x.id.as_str())
        .collect();
    assert_eq!(ids, vec!["student-large-assets"]);
    assert_eq!(p.consistency_prompts[0].lang, "ru");
    assert!(p.needs_confirmation);
    // An unconfirmed profile is not used for investment advice.
    let rec: RecommendInput =
        typed(json!({"now": "2026-11-25", "customer": input["customer"], "profile": p}));
    let advice = suitable::recommend(&cat, &rec).unwrap();
    assert_eq!(
        advice.profile_status,
        suitable::advice::ProfileStatus::Unconfirmed
    );
    assert!(advice
        .recommendations
        .iter()
        .all(|s| !s.category.is_investment()));
    input["confirmed"] = json!(["student-large-assets"]);
    let a: AssessInput = typed(input);
    let p = suitable::assess(&cat, &a, None).unwrap();
    assert!(p.consistency_prompts.is_empty() && !p.needs_confirmation);
}

#[test]
fn published_schema_agrees_with_the_engine() {
    let schema = suitable::catalogue::schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema itself is valid");
    let doc: serde_json::Value = serde_json::from_str(&sample().to_string()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "sample catalogue fails its own schema: {errors:?}"
    );
    // Shape mistakes the engine refuses are refused by the schema too (what an editor shows).
    for (pointer, value) in [
        ("/products/0/colour", json!("red")),
        ("/products/0/riskLevel", json!("R9")),
        ("/products/0/minAmount", json!(10.5)),
        ("/currency/minorUnit", json!("2")),
        ("/suppression/maxTotal", json!(-1)),
    ] {
        let text = patched(pointer, value);
        let bad: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(!validator.is_valid(&bad), "schema accepts {pointer}");
        assert!(Catalogue::load(&text).is_err(), "engine accepts {pointer}");
    }
}

#[test]
fn why_not_names_each_failed_condition_in_the_customers_words() {
    let a = advice("07-minor");
    let g = a
        .excluded
        .iter()
        .find(|e| e.product_id == "ca-student")
        .and_then(|e| e.gates.iter().find(|g| g.code == "G7_ELIGIBILITY"))
        .unwrap();
    assert!(
        g.text
            .contains("Required: your age of at least 18 (yours: 16)."),
        "{}",
        g.text
    );
    // Money facts are formatted from minor units.
    let g = a
        .excluded
        .iter()
        .find(|e| e.product_id == "ld-premium")
        .and_then(|e| e.gates.iter().find(|g| g.code == "G7_ELIGIBILITY"))
        .unwrap();
    assert!(g.text.contains("100000.00 EUR"), "{}", g.text);
}
