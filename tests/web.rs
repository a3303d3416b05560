//! The JS boundary, run as wasm in Node and in headless Chromium (wasm-bindgen-test): JSON in,
//! the export called, the result converted back and compared with the native engine; thrown
//! errors are real `Error`s with `name`, `code` and `path`.
#![cfg(target_arch = "wasm32")]

use serde::Serialize;
use serde_json::{json, Value};
use suitable::wasm::{evaluate_rule, experiment_bucket, version, Advisor};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const CATALOGUE: &str = include_str!("../test-data/catalogue.json");
const PERSONA: &str = include_str!("../test-data/personas/02-family-mortgage.json");

fn js(v: &Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

fn rust(v: JsValue) -> Value {
    serde_wasm_bindgen::from_value(v).unwrap()
}

fn prop(e: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(e, &JsValue::from_str(name)).unwrap()
}

fn assert_suitable_error(e: &JsValue, code: &str, path: &str) {
    assert!(
        e.dyn_ref::<js_sys::Error>().is_some(),
        "thrown value is not an Error: {e:?}"
    );
    assert_eq!(
        prop(e, "name").as_string().as_deref(),
        Some("SuitableError")
    );
    assert_eq!(prop(e, "code").as_string().as_deref(), Some(code));
    assert_eq!(prop(e, "path").as_string().as_deref(), Some(path));
    assert!(prop(e, "message")
        .as_string()
        .is_some_and(|m| !m.is_empty()));
}

#[wasm_bindgen_test]
fn recommend_round_trip_matches_native() {
    let advisor = Advisor::new(CATALOGUE).unwrap();
    let input: Value = serde_json::from_str(PERSONA).unwrap();
    let got = rust(advisor.recommend(js(&input)).unwrap());
    let cat = suitable::Catalogue::from_json(CATALOGUE).unwrap();
    let native = suitable::recommend(
        &cat,
        &suitable::json::parse_json(PERSONA, suitable::ErrorCode::InputInvalid).unwrap(),
    )
    .unwrap();
    assert_eq!(got, serde_json::to_value(native).unwrap());
    assert!(got["recommendations"]
        .as_array()
        .is_some_and(|r| !r.is_empty()));
}

#[wasm_bindgen_test]
fn assess_and_info_round_trip() {
    let advisor = Advisor::new(CATALOGUE).unwrap();
    let answers: Value =
        serde_json::from_str(include_str!("../test-data/answers/reg-20-balanced.json")).unwrap();
    let profile = rust(advisor.assess(js(&answers), Some("ru".into())).unwrap());
    assert!(profile["class"]
        .as_str()
        .is_some_and(|c| c.starts_with('C')));
    let info = rust(advisor.catalogue_info().unwrap());
    assert_eq!(info["schemaVersion"], json!(1));
    assert_eq!(info["sha256"].as_str().map(str::len), Some(64));
}

#[wasm_bindgen_test]
fn bad_catalogue_throws_suitable_error_with_path() {
    let e = Advisor::new("{\"schemaVersion\": 1, \"catalogueVersion\": 5}")
        .err()
        .unwrap();
    assert_suitable_error(&e, "CATALOGUE_PARSE", "/catalogueVersion");
    let e = Advisor::new("not json").err().unwrap();
    assert_suitable_error(&e, "CATALOGUE_PARSE", "");
}

/// Calls a method of a JS object (an `Advisor` a promise resolved to).
fn call(obj: &JsValue, method: &str) -> JsValue {
    prop(obj, method)
        .unchecked_into::<js_sys::Function>()
        .call0(obj)
        .unwrap()
}

#[wasm_bindgen_test]
async fn load_resolves_with_the_platform_hash() {
    let constructed = rust(Advisor::new(CATALOGUE).unwrap().catalogue_info().unwrap());
    // crypto.subtle in both runners: this compares its SHA-256 with the wasm's own.
    assert!(js_sys::Reflect::has(&js_sys::global(), &"crypto".into()).unwrap());
    // The text, and its UTF-8 bytes as fetch's arrayBuffer() gives them (with a BOM, dropped).
    let bom_and_bytes = [&[0xef, 0xbb, 0xbf], CATALOGUE.as_bytes()].concat();
    let bytes = js_sys::Uint8Array::from(&bom_and_bytes[..]);
    for catalogue in [
        JsValue::from_str(CATALOGUE),
        bytes.buffer().into(),
        bytes.into(),
    ] {
        let loaded = wasm_bindgen_futures::JsFuture::from(Advisor::load_async(catalogue))
            .await
            .unwrap();
        let info = rust(call(&loaded, "catalogueInfo"));
        assert_eq!(info["sha256"].as_str().map(str::len), Some(64));
        assert_eq!(info, constructed);
        call(&loaded, "free");
    }
}

#[wasm_bindgen_test]
async fn load_rejects_with_suitable_error() {
    for bad in [
        JsValue::from_str("not json"),
        js_sys::Uint8Array::from(&b"{\"a\": \"\xff\"}"[..]).into(),
        JsValue::from_f64(1.0),
    ] {
        let e = wasm_bindgen_futures::JsFuture::from(Advisor::load_async(bad))
            .await
            .err()
            .unwrap();
        assert_suitable_error(&e, "CATALOGUE_PARSE", "");
    }
}

#[wasm_bindgen_test]
fn bad_input_throws_with_json_path() {
    let advisor = Advisor::new(CATALOGUE).unwrap();
    let e = advisor
        .recommend(js(
            &json!({"now": "2026-11-25", "customer": {"liquidAssets": 10.5}}),
        ))
        .err()
        .unwrap();
    assert_suitable_error(&e, "INPUT_INVALID", "/customer/liquidAssets");
    let e = advisor
        .explain(js(&json!({"now": "2026-11-25"})), "no-such-product")
        .err()
        .unwrap();
    assert_suitable_error(&e, "PRODUCT_NOT_FOUND", "/productId");
}

#[wasm_bindgen_test]
fn rules_in_both_modes() {
    let rule = json!({"<": [{"var": "x"}, 0.5]});
    let data = json!({"x": null});
    assert_eq!(
        rust(evaluate_rule(js(&rule), js(&data), Some("compat".into()), None).unwrap()),
        json!(true)
    );
    let verdict = rust(evaluate_rule(js(&rule), js(&data), Some("strict".into()), None).unwrap());
    assert_eq!(verdict["passed"], json!(false));
    assert_eq!(verdict["failures"][0]["code"], json!("MISSING_VARIABLE"));
    let e = evaluate_rule(js(&json!({"==": [1, 1]})), JsValue::NULL, None, None)
        .err()
        .unwrap();
    assert_suitable_error(&e, "RULE_LOOSE_EQUALITY", "");
}

#[cfg(feature = "tooling")]
#[wasm_bindgen_test]
fn from_object_matches_text() {
    let doc: Value = serde_json::from_str(CATALOGUE).unwrap();
    let from_object = Advisor::from_object(&js(&doc)).unwrap();
    let from_text = Advisor::new(CATALOGUE).unwrap();
    let input = js(&serde_json::from_str::<Value>(PERSONA).unwrap());
    let mut a = rust(from_object.recommend(input.clone()).unwrap());
    let mut b = rust(from_text.recommend(input).unwrap());
    // The audit hashes the text loaded: for an object, its JSON.stringify, not the file's bytes.
    assert_eq!(
        a["audit"]["catalogueSha256"],
        rust(from_object.catalogue_info().unwrap())["sha256"]
    );
    a["audit"]["catalogueSha256"] = json!("[sha]");
    b["audit"]["catalogueSha256"] = json!("[sha]");
    assert_eq!(a, b);
    let e = Advisor::from_object(&js(&json!({"schemaVersion": 1, "catalogueVersion": 5})))
        .err()
        .unwrap();
    assert_suitable_error(&e, "CATALOGUE_PARSE", "/catalogueVersion");
}

#[wasm_bindgen_test]
fn explain_excluded_product_lists_gates() {
    let advisor = Advisor::new(CATALOGUE).unwrap();
    let input: Value = serde_json::from_str(include_str!(
        "../test-data/personas/04-lowest-category.json"
    ))
    .unwrap();
    let x = rust(advisor.explain(js(&input), "fund-equity-global").unwrap());
    assert_eq!(x["status"], json!("excluded"));
    assert!(x["gates"].as_array().is_some_and(|g| !g.is_empty()), "{x}");
    assert_eq!(x["suggestion"], Value::Null);
}

#[wasm_bindgen_test]
fn version_and_seeded_bucket() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
    let a = experiment_bucket(10, Some(42.0)).unwrap();
    assert_eq!(a, experiment_bucket(10, Some(42.0)).unwrap());
    assert!(experiment_bucket(10, None).unwrap() < 10);
}

// ---- The tooling build (`--features tooling`: pkg/tooling/, the catalogue playground) ----------

#[cfg(feature = "tooling")]
mod tooling {
    use super::*;
    use suitable::wasm::{explain_rule, validate_catalogue, Impact};

    #[wasm_bindgen_test]
    fn validate_reports_problems_with_paths_offsets_and_tests() {
        let ok = rust(validate_catalogue(CATALOGUE).unwrap());
        let native = suitable::validate(CATALOGUE);
        assert_eq!(ok["ok"], json!(true));
        assert_eq!(ok["errors"], json!([]));
        assert_eq!(
            ok["warnings"],
            serde_json::to_value(&native.warnings).unwrap()
        );
        assert_eq!(ok["tests"], serde_json::to_value(&native.tests).unwrap());

        // A value the engine refuses: its JSON Pointer, no offset (the page finds the node).
        let bad = CATALOGUE.replacen("\"riskLevel\": \"R1\"", "\"riskLevel\": \"R9\"", 1);
        let r = rust(validate_catalogue(&bad).unwrap());
        assert_eq!(r["ok"], json!(false));
        assert_eq!(r["errors"][0]["code"], json!("CATALOGUE_PARSE"));
        assert!(r["errors"][0]["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("/products/") && p.ends_with("/riskLevel")));
        assert_eq!(r["errors"][0].get("offset"), None);

        // A syntax error: its offset in UTF-16 code units (a JS string index), after non-ASCII.
        let text = "{\"a\": \"Ж中\", x";
        let r = rust(validate_catalogue(text).unwrap());
        assert_eq!(r["errors"][0]["code"], json!("CATALOGUE_PARSE"));
        assert_eq!(r["errors"][0]["path"], json!("/a"));
        let x = text.find('x').unwrap();
        assert_eq!(
            r["errors"][0]["offset"],
            json!(text[..x].encode_utf16().count())
        );
        assert_eq!(r["tests"], json!([]));
    }

    #[wasm_bindgen_test]
    fn explain_rule_gives_value_and_verdict_in_both_modes() {
        let rule = js(&json!({"<": [{"var": "x"}, 0.5]}));
        let data = js(&json!({"x": null}));
        let compat =
            rust(explain_rule(rule.clone(), data.clone(), Some("compat".into()), None).unwrap());
        assert_eq!(compat["result"], json!(true));
        assert_eq!(compat["passed"], json!(true));
        let strict = rust(explain_rule(rule, data, None, None).unwrap());
        assert_eq!(strict["result"], Value::Null);
        assert_eq!(strict["passed"], json!(false));
        assert_eq!(strict["failures"][0]["code"], json!("MISSING_VARIABLE"));
        assert_eq!(strict["vars"], json!(["x"]));
        let e = explain_rule(js(&json!({"==": [1, 1]})), JsValue::NULL, None, None)
            .err()
            .unwrap();
        assert_suitable_error(&e, "RULE_LOOSE_EQUALITY", "");
    }

    #[wasm_bindgen_test]
    fn personas_match_the_native_generator() {
        let advisor = Advisor::new(CATALOGUE).unwrap();
        let got = rust(advisor.personas(25, 7.0).unwrap());
        let cat = suitable::Catalogue::from_json(CATALOGUE).unwrap();
        let native = suitable::synth::personas(25, 7, &cat);
        assert_eq!(got, serde_json::to_value(native).unwrap());
    }

    #[wasm_bindgen_test]
    fn impact_in_steps_matches_the_native_report() {
        let mut head: Value = serde_json::from_str(CATALOGUE).unwrap();
        let td = head["products"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|p| p["id"] == "td-12m")
            .unwrap();
        td["riskLevel"] = json!("R3");
        let head = head.to_string();
        let mut impact = Impact::new(CATALOGUE, &head, 120, 3.0).unwrap();
        assert_eq!((impact.done(), impact.total()), (0, 120));
        assert_eq!(impact.step(50), 50);
        assert_eq!(impact.step(50), 100);
        assert_eq!(impact.step(50), 120);
        assert_eq!(impact.step(50), 120);
        let got = rust(impact.report().unwrap());

        let base = suitable::Catalogue::from_json(CATALOGUE).unwrap();
        let head = suitable::Catalogue::from_json(&head).unwrap();
        let people = suitable::synth::personas(120, 3, &base);
        let native = suitable::impact::impact(&base, &head, &people);
        assert_eq!(got, serde_json::to_value(&native).unwrap());
        assert!(got["products"]["td-12m"]["lostEligibility"]
            .as_u64()
            .is_some_and(|n| n > 0));
        assert_eq!(impact.html(), suitable::impact::html_fragment(&native));

        let e = Impact::new(CATALOGUE, "{", 10, 1.0).err().unwrap();
        assert_suitable_error(&e, "CATALOGUE_PARSE", "/head");
    }
}
