//! `suitable personas` and `suitable impact` as a product team uses them: a catalogue change
//! (one product's risk level raised, one eligibility age changed) reported over a synthetic
//! population, compared with the golden report `test-data/impact/expected.json`; `--fail-on`
//! exit codes on each side of a threshold; personas deterministic for a seed.
//!
//! The HTML report is compared with `test-data/impact/expected.html` and checked for escaping.
//!
//! `UPDATE_GOLDEN=1 cargo test --test impact` rewrites the golden reports and the personas
//! fixture; otherwise a mismatch writes `expected.json.new` (`.html.new`) beside it (never
//! committed).

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
    // One file per test thread: tests run in parallel, and a file another thread is
    // rewriting could be read half-written.
    let thread = format!("{:?}", std::thread::current().id());
    let path = tmp(&format!(
        "head-{}.json",
        thread.replace(|c: char| !c.is_ascii_alphanumeric(), "")
    ));
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
    check_golden("expected.json", &redact(&stdout(&o), &report));
}

/// Compares `got` with `test-data/impact/<name>`; UPDATE_GOLDEN=1 rewrites it, otherwise a
/// mismatch writes `<name>.new` beside it (never committed).
fn check_golden(name: &str, got: &str) {
    let golden = PathBuf::from(DIR).join("impact").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&golden).unwrap_or_default();
    if want != got {
        let new = golden.with_file_name(format!("{name}.new"));
        std::fs::write(&new, got).unwrap();
        panic!(
            "{} differs (new output in {}; UPDATE_GOLDEN=1 to accept)",
            golden.display(),
            new.display()
        );
    }
}

/// The attributes and classes a fragment for any page may carry: no id, no inline style or
/// handler, no script, no external resource, every class `impact-`.
fn assert_self_contained(html: &str) {
    for bad in [
        " id=", " style=", "<script", " on", "src=", "href=", "url(", "@import",
    ] {
        assert!(!html.contains(bad), "{bad} in the HTML report");
    }
    for part in html.split(" class=\"").skip(1) {
        let classes = part.split('"').next().unwrap();
        for c in classes.split_whitespace() {
            assert!(
                c.starts_with("impact-"),
                "class {c} without the impact- prefix"
            );
        }
    }
}

#[test]
fn impact_html_is_a_standalone_accessible_page() {
    let json = impact(&["--format", "json"]);
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let o = impact(&["--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{html}"
    );
    for part in [
        "<title>Impact report: 2026.11.1 \u{2192} 2026.11.1, 200 personas</title>",
        "<caption>Personas per product that changed</caption>",
        "<th scope=\"col\" class=\"impact-num\">lost eligibility</th>",
        "<th scope=\"row\"><code>ins-home</code></th>",
        "<span lang=\"en\">Home &amp; Contents Insurance</span>",
        "<h3><code>ins-home</code> (<span lang=\"en\">Home &amp; Contents Insurance</span>): lost eligibility</h3>",
    ] {
        assert!(html.contains(part), "{part} missing in:\n{html}");
    }
    // Every table has a caption, and as many `scope`d headers as header cells.
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<caption>").count()
    );
    assert_eq!(
        html.matches("<th ").count() + html.matches("<th>").count(),
        html.matches("<th scope=").count()
    );
    let body = &html[html.find("<body>").unwrap()..];
    assert_self_contained(body);
    check_golden("expected.html", &redact(&html, &report));
}

/// Catalogue strings reach the HTML escaped: a product name, the catalogue version.
#[test]
fn impact_html_escapes_catalogue_text() {
    let hostile = r#"<script>alert(1)</script>&\"x"#;
    let text = std::fs::read_to_string(sample()).unwrap();
    let text = edit_product(
        &text,
        "fund-bond-euro-gov",
        "\"name\"",
        "Euro Government Bond Fund",
        hostile,
    );
    let version = "\"catalogueVersion\": \"";
    let at = text.find(version).unwrap() + version.len();
    let text = format!("{}{hostile}-{}", &text[..at], &text[at..]);
    let base = tmp("hostile-base.json");
    std::fs::write(&base, &text).unwrap();
    let head = edit_product(
        &text,
        "fund-bond-euro-gov",
        "\"riskLevel\"",
        "\"R2\"",
        "\"R4\"",
    );
    let head_path = tmp("hostile-head.json");
    std::fs::write(&head_path, &head).unwrap();
    let personas = personas_file();
    let o = run(&[
        "impact",
        "--base",
        base.to_str().unwrap(),
        "--head",
        head_path.to_str().unwrap(),
        "--personas",
        &personas,
        "--format",
        "html",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;x";
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("&\"x"), "{html}");
    // In the title, the lead, the catalogue table, the products table and the examples.
    assert!(html.matches(escaped).count() >= 5, "{html}");
    assert!(
        html.contains(&format!("<title>Impact report: {escaped}-")),
        "{html}"
    );
    assert_self_contained(&html[html.find("<body>").unwrap()..]);
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

/// The lean advice the report counts with decides exactly as the full advice: the same
/// profile class and status, exclusions and their gate codes, recommendations and cross-sell
/// (ids, scores, why codes) and suppression codes, for every persona of the fixture, on the
/// sample and on the edited catalogue; and a profile assessed on one catalogue stands for the
/// assessment on the other.
#[test]
fn lean_advice_decides_as_the_full_advice() {
    use suitable::advice::{recommend_lean, recommend_lean_assessed, Advice};

    fn decisions(a: &Advice) -> Value {
        let ids = |list: &[suitable::advice::Suggestion]| -> Vec<Value> {
            list.iter()
                .map(|s| {
                    let why: Vec<&str> = s.why.iter().map(|r| r.code.as_str()).collect();
                    serde_json::json!([s.product_id, s.score, why])
                })
                .collect()
        };
        serde_json::json!({
            "status": a.profile_status,
            "class": a.profile.as_ref().map(|p| p.class),
            "guardian": a.guardian_required,
            "recommendations": ids(&a.recommendations),
            "crossSell": ids(&a.cross_sell),
            "excluded": a.excluded.iter().map(|e| {
                let codes: Vec<&str> = e.gates.iter().map(|g| g.code).collect();
                serde_json::json!([e.product_id, codes])
            }).collect::<Vec<_>>(),
            "suppressed": a.suppressed.iter()
                .map(|s| serde_json::json!([s.product_id, s.code, s.until]))
                .collect::<Vec<_>>(),
        })
    }

    let base = suitable::Catalogue::from_json(&std::fs::read_to_string(sample()).unwrap()).unwrap();
    let head_text = std::fs::read_to_string(head_catalogue()).unwrap();
    let head = suitable::Catalogue::from_json(&head_text).unwrap();
    let text = std::fs::read_to_string(personas_file()).unwrap();
    let mut compared = 0;
    for line in text.lines() {
        let input: suitable::RecommendInput =
            suitable::json::parse_json(line, suitable::ErrorCode::InputInvalid).unwrap();
        for cat in [&base, &head] {
            let full = suitable::recommend(cat, &input).unwrap();
            let lean = recommend_lean(cat, &input).unwrap();
            assert_eq!(decisions(&lean), decisions(&full), "{line}");
            assert!(lean
                .excluded
                .iter()
                .all(|e| e.gates.iter().all(|g| g.text.is_empty())));
            if let Some(p) = &full.profile {
                let reused = recommend_lean_assessed(cat, &input, p).unwrap();
                assert_eq!(decisions(&reused), decisions(&full), "{line}");
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 400);
}

#[test]
fn impact_format_is_checked_and_a_pipe_gets_no_progress() {
    let o = impact(&["--format", "xml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("md, json or html"), "{}", stderr(&o));
    let help = run(&["help"]);
    assert!(stdout(&help).contains("--format md|json|html"));

    // A run long enough for a progress bar, with stderr piped: nothing but the report.
    let p = personas_args("1200", "3");
    assert_eq!(p.status.code(), Some(0), "{}", stderr(&p));
    let path = tmp("personas-1200.jsonl");
    std::fs::write(&path, &p.stdout).unwrap();
    let cat = sample();
    let o = run(&[
        "impact",
        "--base",
        &cat,
        "--head",
        head_catalogue().to_str().unwrap(),
        "--personas",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["personas"], 1200);
}
