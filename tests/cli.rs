//! The `suitable` command line as product teams use it: exit codes, `path: CODE: message`
//! lines, and JSON on stdout.

mod common;

use common::{run, stdout, DIR};

#[test]
fn validate_sample_passes_with_its_tests() {
    let o = run(&["validate", &format!("{DIR}/catalogue.json")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("CATALOGUE_MISSING_TRANSLATION"), "{out}");
    assert!(out.contains("embedded tests 4/4 passed"), "{out}");
}

#[test]
fn validate_broken_catalogue_prints_path_code_message_and_exits_1() {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/catalogue.json")).unwrap())
            .unwrap();
    doc["products"][7]["eligibility"] = serde_json::json!({"and": [true, {"==": [1, 1]}]});
    doc["crossSell"][0]["suggest"][0] = serde_json::json!("ghost");
    let path = std::env::temp_dir().join(format!("suitable-broken-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    let o = run(&["validate", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.starts_with("/products/7/eligibility/and/1: RULE_LOOSE_EQUALITY: ")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("/crossSell/0/suggest/0: CATALOGUE_UNKNOWN_REFERENCE: ")),
        "{out}"
    );
}

#[test]
fn recommend_prints_the_golden_advice() {
    let o = run(&[
        "recommend",
        "--catalogue",
        &format!("{DIR}/catalogue.json"),
        "--profile",
        &format!("{DIR}/personas/01-young-saver.json"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let got = common::redact_engine(&stdout(&o));
    let want = std::fs::read_to_string(format!("{DIR}/golden/01-young-saver.json")).unwrap();
    assert_eq!(got, want);
}

#[test]
fn recommend_locale_and_now_flags() {
    let o = run(&[
        "recommend",
        "--catalogue",
        &format!("{DIR}/catalogue.json"),
        "--profile",
        &format!("{DIR}/personas/01-young-saver.json"),
        "--locale",
        "ru",
        "--now",
        "2026-12-01",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["locale"], "ru");
    assert_eq!(v["audit"]["now"], "2026-12-01");
    let bad = run(&[
        "recommend",
        "--catalogue",
        &format!("{DIR}/catalogue.json"),
        "--profile",
        &format!("{DIR}/personas/01-young-saver.json"),
        "--now",
        "2026-02-30",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("DATE_INVALID"));
}

#[test]
fn assess_prints_a_profile() {
    let o = run(&[
        "assess",
        "--catalogue",
        &format!("{DIR}/catalogue.json"),
        "--answers",
        &format!("{DIR}/answers/gl-13-cautious.json"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["questionnaire"]["id"], "gl-13");
    assert!(v["class"].as_str().unwrap().starts_with('C'));
}

#[test]
fn rule_in_compat_and_strict_modes() {
    let o = run(&[
        "rule",
        "--rule",
        r#"{"<":[{"var":"x"},0.5]}"#,
        "--data",
        r#"{"x":null}"#,
        "--mode",
        "compat",
    ]);
    assert_eq!(stdout(&o).trim(), "true");
    let o = run(&[
        "rule",
        "--rule",
        r#"{"<":[{"var":"x"},0.5]}"#,
        "--data",
        r#"{"x":null}"#,
    ]);
    assert_eq!(stdout(&o).trim(), "null");
    let o = run(&["rule", "--rule", r#"{"==":[1,1]}"#]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("RULE_LOOSE_EQUALITY"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["recommend", "--catalogue"]).status.code(), Some(2));
    assert_eq!(
        run(&["validate", "x.json", "--bogus", "1"]).status.code(),
        Some(2)
    );
}
