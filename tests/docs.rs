//! The examples of the authoring guide, `docs/catalogue.md`, are real: every ```json block is
//! checked according to the `<!-- check: KIND -->` comment on the line before it.
//!
//! - `product`, `contextWeight`, `crossSell`: read as that type, rules compiled in strict mode
//!   over the advice data, then put into the sample catalogue (replacing the entry with the same
//!   id, else appended), which must load without errors. These accumulate, in the order of the
//!   guide, into the "guide catalogue" that later checks use.
//! - `questionnaire`, `capacityCap`, `notice`: read as that type, rules compiled in strict mode
//!   with their own scope, then put into a copy of the guide catalogue, which must load.
//! - `fragment`: an object of top-level catalogue keys, merged into a copy of the sample (objects
//!   shallowly, anything else replaced), which must load.
//! - `catalogue`: a whole catalogue: `validate` with no error, no warning, every test passing.
//! - `rule`: compiled as an eligibility rule in strict mode.
//! - `invalid CODE`: compiled as an eligibility rule in strict mode; must fail with `CODE`.
//! - `recommendInput`: read as a `RecommendInput` and run through `recommend` on the guide
//!   catalogue.
//! - `test`: an embedded test, added to the guide catalogue; `validate` must pass every test.
//! - `explain ID [field=value]`: the real `explain` output for product `ID`, for the guide's
//!   `recommendInput` (with that customer field set) on the guide catalogue, contains the
//!   example (every key of the example, with an equal value; arrays element by element).
//! - `json`: well-formed JSON only (editor settings).
//! - `none`: not checked.

use suitable::catalogue::doc::{
    CapacityCap, CatalogueTest, ContextWeight, CrossSellRule, Notice, Product, Questionnaire,
};
use suitable::data::{known_var, Scope};
use suitable::input::RecommendInput;
use suitable::json::{parse_json, FromJson};
use suitable::json::{Map, Value};
use suitable::logic::{CompileOptions, Mode, Rule};
use suitable::{Catalogue, Error, ErrorCode};

const GUIDE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/catalogue.md");
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/test-data/catalogue.json");

struct Block {
    /// 1-based line of the opening fence.
    line: usize,
    /// The text of the check comment, e.g. "product" or "invalid RULE_TYPE".
    check: Option<String>,
    text: String,
}

impl Block {
    fn at(&self) -> String {
        format!("docs/catalogue.md:{} ({})", self.line, self.kind())
    }
    fn kind(&self) -> &str {
        self.check.as_deref().unwrap_or("")
    }
    fn value(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}\n{}", self.at(), self.text))
    }
    fn typed<T: FromJson>(&self) -> T {
        parse_json::<T>(&self.text, ErrorCode::CatalogueParse)
            .unwrap_or_else(|e| panic!("{}: {}: {}: {}", self.at(), e.path, e.code, e.message))
    }
}

/// Every ```json block of the guide with the check comment of the line before it.
fn json_blocks(md: &str) -> Vec<Block> {
    let lines: Vec<&str> = md.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if let Some(lang) = line.strip_prefix("```") {
            let start = i;
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && lines[i].trim() != "```" {
                body.push(lines[i]);
                i += 1;
            }
            if lang.trim() == "json" {
                let check = start
                    .checked_sub(1)
                    .map(|p| lines[p].trim())
                    .and_then(|l| l.strip_prefix("<!-- check:"))
                    .and_then(|l| l.strip_suffix("-->"))
                    .map(|l| l.trim().to_string());
                out.push(Block {
                    line: start + 1,
                    check,
                    text: body.join("\n"),
                });
            }
        }
        i += 1;
    }
    out
}

fn strict(rule: &Value, scope: Scope, items: &[String], at: &str) -> Result<Rule, Error> {
    let check = |p: &str| known_var(scope, items, p);
    let opts = CompileOptions {
        mode: Mode::Strict,
        known_var: Some(&check),
        ..CompileOptions::default()
    };
    Rule::compile(rule, &opts, at)
}

fn compiles(rule: &Value, scope: Scope, items: &[String], at: &str) {
    if let Err(e) = strict(rule, scope, items, "") {
        panic!("{at}: {}: {}: {}", e.path, e.code, e.message);
    }
}

fn load(doc: &Value, at: &str) -> Catalogue {
    let text = serde_json::to_string_pretty(doc).unwrap();
    match Catalogue::load(&text) {
        Ok(c) => c,
        Err(errors) => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| format!("  {}: {}: {}", e.path, e.code, e.message))
                .collect();
            panic!(
                "{at}: the catalogue with this example does not load:\n{}",
                lines.join("\n")
            )
        }
    }
}

/// Replaces the entry of `doc[list]` whose `key` equals the block's, else appends it.
fn upsert(doc: &mut Value, list: &str, key: &str, item: Value) {
    let obj = doc.as_object_mut().unwrap();
    if !obj.contains_key(list) {
        obj.insert(list.to_string(), Value::Array(Vec::new()));
    }
    let arr = obj.get_mut(list).unwrap().as_array_mut().unwrap();
    match arr.iter_mut().find(|x| x.get(key) == item.get(key)) {
        Some(slot) => *slot = item,
        None => arr.push(item),
    }
}

/// Whether `actual` has everything `shown` has (objects: the keys shown; arrays: same length).
fn contains(actual: &Value, shown: &Value) -> bool {
    match (actual, shown) {
        (Value::Object(a), Value::Object(s)) => s
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|x| contains(x, v))),
        (Value::Array(a), Value::Array(s)) => {
            a.len() == s.len() && a.iter().zip(s).all(|(x, v)| contains(x, v))
        }
        (Value::Number(a), Value::Number(s)) => a.as_f64() == s.as_f64(),
        (a, s) => a == s,
    }
}

fn merge_fragment(doc: &mut Value, frag: Map) {
    let root = doc.as_object_mut().unwrap();
    for (k, v) in frag {
        match (root.get_mut(&k), v) {
            (Some(Value::Object(old)), Value::Object(new)) => old.extend(new),
            (_, v) => {
                root.insert(k, v);
            }
        }
    }
}

#[test]
fn every_json_example_in_the_guide_is_checked_and_valid() {
    let md = std::fs::read_to_string(GUIDE).unwrap();
    let sample: Value = serde_json::from_str(&std::fs::read_to_string(SAMPLE).unwrap()).unwrap();
    let blocks = json_blocks(&md);

    let unmarked: Vec<usize> = blocks
        .iter()
        .filter(|b| b.check.is_none())
        .map(|b| b.line)
        .collect();
    assert!(
        unmarked.is_empty(),
        "json blocks without a `<!-- check: ... -->` comment on the line before, at lines {unmarked:?}"
    );

    // Pass 1: the guide catalogue, sample + the guide's products, weights and cross-sell rules.
    let mut guide = sample.clone();
    for b in &blocks {
        let at = b.at();
        let (list, v) = match b.kind() {
            "product" => {
                let p: Product = b.typed();
                if let Some(r) = &p.eligibility {
                    compiles(r, Scope::Advice, &[], &at);
                }
                ("products", b.value())
            }
            "contextWeight" => {
                let w: ContextWeight = b.typed();
                compiles(&w.when, Scope::Advice, &[], &at);
                ("contextWeights", b.value())
            }
            "crossSell" => {
                let x: CrossSellRule = b.typed();
                compiles(&x.when, Scope::Advice, &[], &at);
                ("crossSell", b.value())
            }
            _ => continue,
        };
        upsert(&mut guide, list, "id", v);
        load(&guide, &at);
    }
    let guide_cat = load(&guide, "the guide catalogue");
    let persona: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.kind() == "recommendInput")
        .collect();

    // Pass 2: everything else.
    let mut checked = 0;
    for b in &blocks {
        let at = b.at();
        let kind = b.kind();
        let mut words = kind.split_whitespace();
        match (words.next().unwrap_or(""), words.next()) {
            ("product" | "contextWeight" | "crossSell", None) => {} // pass 1
            ("questionnaire", None) => {
                let q: Questionnaire = b.typed();
                let items: Vec<String> = q.items.iter().map(|i| i.id.clone()).collect();
                for c in &q.consistency {
                    compiles(&c.when, Scope::Answers, &items, &at);
                }
                let mut doc = guide.clone();
                upsert(&mut doc, "questionnaires", "id", b.value());
                load(&doc, &at);
            }
            ("capacityCap", None) => {
                let c: CapacityCap = b.typed();
                compiles(&c.when, Scope::Facts, &[], &at);
                let mut doc = guide.clone();
                upsert(&mut doc, "capacityCaps", "id", b.value());
                load(&doc, &at);
            }
            ("notice", None) => {
                let n: Notice = b.typed();
                compiles(&n.when, Scope::Advice, &[], &at);
                let mut doc = guide.clone();
                upsert(&mut doc, "notices", "id", b.value());
                load(&doc, &at);
            }
            ("fragment", None) => {
                let Value::Object(frag) = b.value() else {
                    panic!("{at}: a fragment is an object of top-level keys");
                };
                let mut doc = sample.clone();
                merge_fragment(&mut doc, frag);
                load(&doc, &at);
            }
            ("catalogue", None) => {
                let report = suitable::validate(&b.text);
                assert!(
                    report.ok && report.warnings.is_empty(),
                    "{at}: errors {:?}, warnings {:?}, tests {:?}",
                    report.errors,
                    report.warnings,
                    report.tests
                );
                assert!(report.tests.iter().all(|t| t.passed), "{at}");
            }
            ("rule", None) => compiles(&b.value(), Scope::Advice, &[], &at),
            ("invalid", Some(code)) => match strict(&b.value(), Scope::Advice, &[], "") {
                Ok(_) => panic!("{at}: the rule compiles, but the guide says it is refused"),
                Err(e) => assert_eq!(e.code.as_str(), code, "{at}: {}", e.message),
            },
            ("recommendInput", None) => {
                let input: RecommendInput = b.typed();
                if let Err(e) = suitable::recommend(&guide_cat, &input) {
                    panic!(
                        "{at}: recommend failed: {}: {}: {}",
                        e.path, e.code, e.message
                    );
                }
            }
            ("test", None) => {
                let t: CatalogueTest = b.typed();
                let _: RecommendInput = parse_json(&t.input.to_string(), ErrorCode::InputInvalid)
                    .unwrap_or_else(|e| panic!("{at}: input{}: {}", e.path, e.message));
                let mut doc = guide.clone();
                upsert(&mut doc, "tests", "name", b.value());
                let report = suitable::validate(&serde_json::to_string_pretty(&doc).unwrap());
                assert!(report.ok, "{at}: {:?}", report.errors);
                let outcome = report.tests.iter().find(|o| o.name == t.name);
                assert!(
                    outcome.is_some_and(|o| o.passed),
                    "{at}: the example test did not run or failed: {outcome:?}"
                );
            }
            ("explain", Some(product)) => {
                let [input] = persona.as_slice() else {
                    panic!("{at}: explain examples need exactly one recommendInput example");
                };
                let mut input = input.value();
                for set in words.by_ref() {
                    let (field, value) = set.split_once('=').expect("field=value");
                    input["customer"][field] = Value::String(value.to_string());
                }
                let input: RecommendInput =
                    parse_json(&input.to_string(), ErrorCode::InputInvalid).unwrap();
                let got = suitable::explain(&guide_cat, &input, product)
                    .unwrap_or_else(|e| panic!("{at}: {}: {}", e.code, e.message));
                let got = suitable::json::to_value(&got).unwrap();
                assert!(
                    contains(&got, &b.value()),
                    "{at}: the example is not what explain gives:\n{}",
                    serde_json::to_string_pretty(&got).unwrap()
                );
            }
            ("json", None) => {
                b.value();
            }
            ("none", None) => continue,
            _ => panic!("{at}: unknown check kind '{kind}'"),
        }
        checked += 1;
    }
    assert!(
        checked >= 10,
        "only {checked} json examples of the guide are checked"
    );
    // The kinds the guide promises to show.
    for kind in [
        "catalogue",
        "product",
        "questionnaire",
        "contextWeight",
        "crossSell",
        "rule",
        "recommendInput",
        "test",
        "invalid RULE_LOOSE_EQUALITY",
        "explain td-green-18m",
    ] {
        assert!(
            blocks.iter().any(|b| b.kind() == kind),
            "the guide has no `{kind}` example"
        );
    }
}

#[test]
fn the_checker_reads_fences_and_comments() {
    let md = "text\n<!-- check: rule -->\n```json\n{\"!\": [true]}\n```\n```sh\n{\"a\": 1}\n```\n```json\n[]\n```\n";
    let b = json_blocks(md);
    assert_eq!(b.len(), 2, "the sh block is not a json block");
    assert_eq!(b[0].check.as_deref(), Some("rule"));
    assert_eq!(b[0].line, 3);
    assert_eq!(b[0].text, "{\"!\": [true]}");
    assert_eq!(b[1].check, None);
}

#[test]
fn containment_is_strict_about_values_and_lengths() {
    let got = suitable::json!({"a": 1, "b": [{"c": 2.0, "d": 3}], "e": null});
    assert!(contains(&got, &suitable::json!({"b": [{"c": 2}]})));
    assert!(contains(&got, &suitable::json!({"e": null})));
    assert!(!contains(&got, &suitable::json!({"a": 2})));
    assert!(!contains(&got, &suitable::json!({"b": []})));
    assert!(!contains(&got, &suitable::json!({"f": null})));
}

#[test]
fn a_loose_rule_is_refused_where_the_guide_says() {
    // The guide's invalid examples really are invalid in the engine, not only in this checker.
    let rule: Value = suitable::json!({"==": [{"var": "customer.residency"}, "DE"]});
    let e = strict(&rule, Scope::Advice, &[], "/products/0/eligibility").unwrap_err();
    assert_eq!(e.code, ErrorCode::RuleLooseEquality);
    assert_eq!(e.path, "/products/0/eligibility");
}
