//! The official JsonLogic test suite, run in compat mode: every case must pass.
//!
//! The suite is read from `../shared/conformance/jsonlogic-tests.json` (relative to the crate
//! root) or from the path in `SUITABLE_JSONLOGIC_SUITE`. A missing file is a failure, never a
//! silent pass.

use suitable::json::Value;
use suitable::logic::{CompileOptions, Mode, Rule};

const DEFAULT_SUITE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/conformance/jsonlogic-tests.json"
);
const EXPECTED_CASES: usize = 277;

/// JSON equality with numbers compared by value (1 == 1.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| same(p, q)))
        }
        _ => a == b,
    }
}

#[test]
fn jsonlogic_official_suite_passes_in_compat_mode() {
    let path =
        std::env::var("SUITABLE_JSONLOGIC_SUITE").unwrap_or_else(|_| DEFAULT_SUITE.to_string());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => panic!(
            "\n\n*** JsonLogic official suite NOT FOUND at {path}: {e} ***\n\
             Put tests.json from the json-logic repository there (see ../shared/conformance/README.md)\n\
             or set SUITABLE_JSONLOGIC_SUITE to its path. This test never passes without it.\n"
        ),
    };
    let suite: Value = serde_json::from_str(&text).expect("the suite is JSON");
    let entries = suite.as_array().expect("the suite is one JSON array");
    let opts = CompileOptions {
        mode: Mode::Compat,
        ..CompileOptions::default()
    };
    let (mut total, mut passed) = (0, 0);
    let mut section = String::new();
    for entry in entries {
        let case = match entry {
            Value::String(s) => {
                section = s.clone();
                continue;
            }
            Value::Array(c) if c.len() == 3 => c,
            other => panic!("malformed suite entry: {other}"),
        };
        total += 1;
        let (rule, data, expected) = (&case[0], &case[1], &case[2]);
        match Rule::compile(rule, &opts, "") {
            Ok(r) => {
                let got = r.apply(data, None);
                if same(&got, expected) {
                    passed += 1;
                } else {
                    println!(
                        "FAIL [{section}] rule {rule} data {data}: expected {expected}, got {got}"
                    );
                }
            }
            Err(e) => println!("FAIL [{section}] rule {rule} data {data}: does not compile: {e}"),
        }
    }
    println!("JsonLogic official suite: {passed}/{total} passed");
    assert_eq!(
        total, EXPECTED_CASES,
        "the suite at {path} should hold {EXPECTED_CASES} cases"
    );
    assert_eq!(
        passed, total,
        "JsonLogic official suite: {passed}/{total} passed"
    );
}
