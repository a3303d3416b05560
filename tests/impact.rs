//! `suitable personas` and `suitable impact` as a product team uses them: a catalogue change
//! (one product's risk level raised, one eligibility age changed) reported over a synthetic
//! population, compared with the golden report `test-data/impact/expected.json`; `--fail-on`
//! exit codes on each side of a threshold; personas deterministic for a seed.
//!
//! `UPDATE_GOLDEN=1 cargo test --test impact` rewrites the golden report and the personas
//! fixture; otherwise a mismatch writes `expected.json.new` beside it (never committed).

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::{run, stderr, stdout, DIR};

use serde_json::Value;

/// The population of the golden report: `suitable personas --count 200 --seed 7`.
const PERSONAS: &str = "impact/personas-200-seed-7.jsonl";

fn sample() -> String {
    format!("{DIR}/catalogue.json")
}

fn tmp(name: &str) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("impact-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Replaces the first `from` after the product `id`'s declaration, `after` (a key) first.
fn edit_product(text: &str, id: &str, after: &str, from: &str, to: &str) -> String {
    let start = text.find(&format!("\"id\": \"{id}\"")).unwrap();
    let key = start + text[start..].find(after).unwrap();
    let at = key + text[key..].find(from).unwrap();
    format!("{}{to}{}", &text[..at], &text[at + from.len()..])
}

/// The sample catalogue with ONE risk level raised (fund-bond-euro-gov R2 -> R4) and ONE
/// eligibility age changed (ins-home: age >= 18 -> age >= 30). Edited as text, so nothing
/// else in the file changes.
fn head_catalogue() -> PathBuf {
    let text = std::fs::read_to_string(sample()).unwrap();
    let text = edit_product(
        &text,
        "fund-bond-euro-gov",
        "\"riskLevel\"",
        "\"R2\"",
        "\"R4\"",
    );
    let text = edit_product(&text, "ins-home", "\"eligibility\"", "18", "30");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let product = |id: &str| {
        doc["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(product("fund-bond-euro-gov")["riskLevel"], "R4");
    assert_eq!(
        product("ins-home")["eligibility"],
        serde_json::json!({">=": [{"var": "customer.age"}, 30]})
    );
    let path = tmp("head.json");
    std::fs::write(&path, text).unwrap();
    path
}

fn personas_args(count: &str, seed: &str) -> Output {
    let cat = sample();
    run(&[
        "personas",
        "--catalogue",
        &cat,
        "--count",
        count,
        "--seed",
        seed,
    ])
}

/// The personas fixture, checked against a fresh generation (rewritten with UPDATE_GOLDEN).
fn personas_file() -> String {
    let path = format!("{DIR}/{PERSONAS}");
    let fresh = personas_args("200", "7");
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(format!("{DIR}/impact")).unwrap();
        std::fs::write(&path, &fresh.stdout).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == stdout(&fresh),
        "{path} differs from `suitable personas --count 200 --seed 7` (UPDATE_GOLDEN=1 to accept)"
    );
    path
}

fn impact(extra: &[&str]) -> Output {
    let head = head_catalogue();
    let personas = personas_file();
    let base = sample();
    let mut args = vec![
        "impact",
        "--base",
        &base,
        "--head",
        head.to_str().unwrap(),
        "--personas",
        &personas,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// The CLI's report text with the catalogue hashes redacted (they change with any edit of the
/// sample catalogue, texts included).
fn redact(text: &str, report: &Value) -> String {
    let mut out = text.to_string();
    for side in ["base", "head"] {
        let sha = report[side]["catalogueSha256"].as_str().unwrap();
        out = out.replace(sha, "[sha256]");
    }
    out
}

#[test]
fn impact_reports_exactly_the_two_changes() {
    let o = impact(&["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["personas"], 200);
    assert_eq!(report["base"]["errors"], 0);
    assert_eq!(report["head"]["errors"], 0);

    // Eligibility: exactly the two edited products lose it, nobody gains any.
    let products = report["products"].as_object().unwrap();
    let lost: Vec<&str> = products
        .iter()
        .filter(|(_, c)| c["lostEligibility"].as_u64().unwrap() > 0)
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(lost, ["fund-bond-euro-gov", "ins-home"]);
    assert!(products
        .values()
        .all(|c| c["gainedEligibility"].as_u64().unwrap() == 0));
    assert_eq!(report["summary"]["gainedEligibility"]["personas"], 0);

    // Gates: a raised level shows under G1 (and the elderly cap, G6), the age under G7.
    let gates = report["gates"].as_object().unwrap();
    let changed: Vec<&str> = gates
        .iter()
        .filter(|(_, g)| g["before"] != g["after"])
        .map(|(code, _)| code.as_str())
        .collect();
    assert_eq!(changed, ["G1_RISK", "G6_ELDERLY", "G7_ELIGIBILITY"]);
    let rise = |code: &str| {
        gates[code]["after"].as_i64().unwrap() - gates[code]["before"].as_i64().unwrap()
    };
    // Every new G7 exclusion is an ins-home one.
    assert_eq!(
        rise("G7_ELIGIBILITY"),
        products["ins-home"]["lostEligibility"].as_i64().unwrap()
    );

    // The questionnaire did not change, so neither did any risk class.
    assert_eq!(report["summary"]["classChanged"]["personas"], 0);
    for v in report["riskClasses"].as_object().unwrap().values() {
        assert_eq!(v["before"], v["after"]);
    }

    // Examples say why not: ins-home examples are 18..29 and fail G7; the fund fails G1 or G6.
    for set in report["examples"].as_array().unwrap() {
        if set["change"] != "lostEligibility" {
            continue;
        }
        for e in set["personas"].as_array().unwrap() {
            let codes: Vec<&str> = e["whyNot"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["code"].as_str().unwrap())
                .collect();
            match set["product"].as_str().unwrap() {
                "ins-home" => {
                    assert_eq!(codes, ["G7_ELIGIBILITY"]);
                    let label = e["persona"].as_str().unwrap();
                    let age: u32 = label
                        .split([':', ','].as_ref())
                        .nth(1)
                        .unwrap()
                        .trim()
                        .parse()
                        .unwrap();
                    assert!((18..30).contains(&age), "{label}");
                }
                "fund-bond-euro-gov" => assert!(
                    codes.iter().all(|c| ["G1_RISK", "G6_ELDERLY"].contains(c)),
                    "{codes:?}"
                ),
                other => panic!("unexpected lost eligibility: {other}"),
            }
        }
    }

    // The whole report, byte for byte.
    let got = redact(&stdout(&o), &report);
    let golden = PathBuf::from(DIR).join("impact/expected.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&golden).unwrap_or_default();
    if want != got {
        let new = golden.with_extension("json.new");
        std::fs::write(&new, &got).unwrap();
        panic!(
            "{} differs (new output in {}; UPDATE_GOLDEN=1 to accept)",
            golden.display(),
            new.display()
        );
    }
}

#[test]
fn impact_markdown_is_readable() {
    let o = impact(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    for part in [
        "# Impact report",
        "| fund-bond-euro-gov |",
        "| G7 | G7_ELIGIBILITY |",
        "### ins-home: lost eligibility",
        "why not: G1 G1_RISK",
    ] {
        assert!(md.contains(part), "{part} missing in:\n{md}");
    }
}

/// The measured share of personas losing eligibility, in percent, from the json report.
fn measured_lost_eligibility() -> (u64, f64) {
    let o = impact(&["--format", "json"]);
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = r["summary"]["lostEligibility"]["personas"]
        .as_u64()
        .unwrap();
    let total = r["personas"].as_u64().unwrap();
    (n, n as f64 * 100.0 / total as f64)
}

#[test]
fn fail_on_exits_3_exactly_when_a_threshold_is_crossed() {
    let (n, pct) = measured_lost_eligibility();
    assert!(n > 0);
    // Just below the measured share: crossed.
    let below = format!("top3-changed>99%,lost-eligibility>{:.2}%", pct - 0.01);
    let o = impact(&["--format", "json", "--fail-on", &below]);
    assert_eq!(o.status.code(), Some(3), "{below}: {}", stderr(&o));
    assert!(stderr(&o).contains("lost-eligibility"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("top3-changed"), "{}", stderr(&o));
    // Just above it: not crossed.
    let above = format!("top3-changed>99%,lost-eligibility>{:.2}%", pct + 0.01);
    let o = impact(&["--format", "json", "--fail-on", &above]);
    assert_eq!(o.status.code(), Some(0), "{above}: {}", stderr(&o));
    // Counts of personas: one less crosses, the count itself does not (`>`), `>=` does.
    for (spec, code) in [
        (format!("lost-eligibility>{}", n - 1), 3),
        (format!("lost-eligibility>{n}"), 0),
        (format!("lost-eligibility>={n}"), 3),
    ] {
        let o = impact(&["--fail-on", &spec]);
        assert_eq!(o.status.code(), Some(code), "{spec}: {}", stderr(&o));
    }
}

#[test]
fn bad_fail_on_is_a_usage_error() {
    for spec in [
        "top3-changed<20%",
        "nonsense>1%",
        "lost-eligibility>lots",
        "",
    ] {
        let o = impact(&["--fail-on", spec]);
        assert_eq!(o.status.code(), Some(2), "{spec}: {}", stderr(&o));
        assert!(stderr(&o).contains("--fail-on"), "{}", stderr(&o));
    }
}

#[test]
fn same_catalogue_has_no_impact() {
    let personas = personas_file();
    let cat = sample();
    let o = run(&[
        "impact",
        "--base",
        &cat,
        "--head",
        &cat,
        "--personas",
        &personas,
        "--format",
        "json",
        "--fail-on",
        "top3-changed>0,lost-eligibility>0,gained-eligibility>0,class-changed>0,errors>0",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(r["products"].as_object().unwrap().is_empty());
    assert!(r["examples"].as_array().unwrap().is_empty());
}

#[test]
fn personas_are_deterministic_for_a_seed() {
    let a = personas_args("50", "7");
    let b = personas_args("50", "7");
    let c = personas_args("50", "8");
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
    let lines: Vec<&str> = std::str::from_utf8(&a.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 50);
    for l in &lines {
        let v: Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["now"], "2026-11-25");
    }
    // --now moves the evaluation date only.
    let cat = sample();
    let d = run(&[
        "personas",
        "--catalogue",
        &cat,
        "--count",
        "50",
        "--seed",
        "7",
        "--now",
        "2027-01-31",
    ]);
    assert_eq!(
        stdout(&d).replace("\"now\":\"2027-01-31\"", "\"now\":\"2026-11-25\""),
        stdout(&a)
    );
}

#[test]
fn personas_usage_errors() {
    let o = personas_args("many", "7");
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["impact", "--base", &sample()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
