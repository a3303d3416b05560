use crate::json;
use crate::json::Value;

use super::*;
use crate::error::ErrorCode;

fn day(s: &str) -> Option<Date> {
    Date::parse(s)
}

fn run(mode: Mode, rule: Value, data: Value) -> Value {
    match evaluate(&rule, &data, mode, day("2026-11-25")) {
        Ok(v) => v,
        Err(e) => panic!("{rule} does not compile: {e}"),
    }
}

fn compat(rule: Value, data: Value) -> Value {
    run(Mode::Compat, rule, data)
}

fn strict(rule: Value, data: Value) -> Value {
    run(Mode::Strict, rule, data)
}

fn rule(mode: Mode, r: Value) -> Rule {
    let opts = CompileOptions {
        mode,
        ..CompileOptions::default()
    };
    match Rule::compile(&r, &opts, "") {
        Ok(r) => r,
        Err(e) => panic!("{r} does not compile: {e}"),
    }
}

fn load_error(mode: Mode, r: Value) -> Error {
    let opts = CompileOptions {
        mode,
        ..CompileOptions::default()
    };
    match Rule::compile(&r, &opts, "/r") {
        Ok(_) => panic!("{r} compiles"),
        Err(e) => e,
    }
}

#[test]
fn compat_numbers_print_like_javascript() {
    assert_eq!(compat(json!({"+": [1, 1]}), json!(null)).to_string(), "2");
    assert_eq!(
        compat(
            json!({"cat": [1, 1.5, "x", null, true, [1, [2, 3]]]}),
            json!(null)
        ),
        json!("11.5xtrue1,2,3")
    );
    assert_eq!(
        compat(json!({"cat": [{"/": [1, 3]}]}), json!(null)),
        json!("0.3333333333333333")
    );
    assert_eq!(compat(json!({"/": [1, 0]}), json!(null)), json!(null));
    assert_eq!(compat(json!({"*": ["2"]}), json!(null)), json!("2"));
    assert_eq!(
        compat(json!({"+": ["3 apples", "1e1"]}), json!(null)),
        json!(13)
    );
    assert_eq!(compat(json!({"-": ["5"]}), json!(null)), json!(-5));
    assert_eq!(compat(json!({"max": []}), json!(null)), json!(null));
    assert_eq!(compat(json!({"%": [-7, 2]}), json!(null)), json!(-1));
}

#[test]
fn compat_coerces_like_javascript() {
    for (r, want) in [
        (json!({"==": [null, 0]}), false),
        (json!({"==": [[], false]}), true),
        (json!({"==": ["", 0]}), true),
        (json!({"<": [null, 0.5]}), true),
        (json!({"<": ["10", "9"]}), true),
        (json!({"<": ["a", 1]}), false),
        (json!({">": [[2], 1]}), true),
        (json!({"in": [1, "a1"]}), true),
        (json!({"in": ["", ""]}), false),
        (json!({"!": []}), true),
        (json!({"!!": ["0"]}), true),
        (json!({"===": [[1], [1]]}), false),
        (json!({"===": [{"var": "a"}, {"var": "a"}]}), true),
    ] {
        assert_eq!(compat(r.clone(), json!({"a": [1]})), json!(want), "{r}");
    }
    assert_eq!(compat(json!({"and": []}), json!(null)), json!(null));
    assert_eq!(
        compat(json!({"a": 1, "b": 2}), json!(null)),
        json!({"a": 1, "b": 2})
    );
    assert_eq!(compat(json!({"log": "x"}), json!(null)), json!("x"));
}

#[test]
fn compat_var_paths() {
    let data = json!({"a": {"b": [10, {"c": "xyz"}]}, "n": null});
    for (path, want) in [
        (json!("a.b.0"), json!(10)),
        (json!("a.b.1.c"), json!("xyz")),
        (json!("a.b.length"), json!(2)),
        (json!("a.b.1.c.1"), json!("y")),
        (json!("a.b.01"), json!(null)),
        (json!(["n", 5]), json!(null)),
        (json!(["n.x", 5]), json!(5)),
        (json!([{"cat": ["a", ".b.0"]}]), json!(10)),
    ] {
        assert_eq!(
            compat(json!({"var": path.clone()}), data.clone()),
            want,
            "{path}"
        );
    }
    assert_eq!(compat(json!({"var": ""}), json!(7)), json!(7));
}

#[test]
fn compat_iteration_over_computed_arrays() {
    let data = json!({"a": [1, 2], "b": [3]});
    assert_eq!(
        compat(
            json!({"map": [{"merge": [{"var": "a"}, {"var": "b"}]}, {"*": [{"var": ""}, 10]}]}),
            data.clone()
        ),
        json!([10, 20, 30])
    );
    assert_eq!(
        compat(
            json!({"reduce": [{"merge": [{"var": "a"}, {"var": "b"}]}, {"cat": [{"var": "accumulator"}, {"var": "current"}]}, ""]}),
            data.clone()
        ),
        json!("123")
    );
    assert_eq!(
        compat(json!({"reduce": [[1], {"var": ""}, 0]}), json!(null)),
        json!({"current": 1, "accumulator": 0})
    );
    assert_eq!(
        compat(
            json!({"filter": [[1, "x", 3], {"===": [{"var": ""}, "x"]}]}),
            json!(null)
        ),
        json!(["x"])
    );
    assert_eq!(
        compat(json!({"substr": ["héllo", 1, 3]}), json!(null)),
        json!("éll")
    );
    assert_eq!(
        compat(json!({"missing_some": [1, "a"]}), json!({"a": 1})),
        json!([])
    );
}

#[test]
fn strict_three_valued_logic() {
    let d = json!({"t": true, "f": false, "n": null, "x": 5,
        "p": [1, {"a": 2, "b": [3]}], "q": [1.0, {"b": [3], "a": 2.0}], "items": [{"a": 1}, {}]});
    for (r, want) in [
        (
            json!({"and": [{"var": "missing"}, {"var": "f"}]}),
            json!(false),
        ),
        (
            json!({"and": [{"var": "missing"}, {"var": "t"}]}),
            json!(null),
        ),
        (
            json!({"or": [{"var": "missing"}, {"var": "t"}]}),
            json!(true),
        ),
        (
            json!({"or": [{"var": "missing"}, {"var": "f"}]}),
            json!(null),
        ),
        (json!({"!": {"var": "n"}}), json!(null)),
        (json!({"!": {"and": [{"var": "n"}, false]}}), json!(true)),
        (json!({"if": [{"var": "n"}, 1, 2]}), json!(null)),
        (json!({"+": [{"var": "x"}, {"var": "n"}]}), json!(null)),
        (json!({"var": ["n", 3]}), json!(3)),
        (json!({"<": [{"var": "n"}, 0.5]}), json!(null)),
        (json!({"/": [{"var": "x"}, 0]}), json!(null)),
        (json!({"===": [{"var": "x"}, "5"]}), json!(false)),
        (json!({"===": [{"var": "p"}, {"var": "q"}]}), json!(true)),
        (json!({"===": [{"var": "p"}, [1, 2]]}), json!(false)),
        (json!({"in": [{"var": "x"}, [4, 5]]}), json!(true)),
        (
            json!({"some": [[1, 2], {">": [{"var": ""}, 1]}]}),
            json!(true),
        ),
        (
            json!({"all": [{"var": "items"}, {">": [{"var": "a"}, 0]}]}),
            json!(null),
        ),
        (
            json!({"none": [{"var": "items"}, {">": [{"var": "a"}, 0]}]}),
            json!(false),
        ),
        (
            json!({"filter": [{"var": "items"}, {">": [{"var": "a"}, 0]}]}),
            json!(null),
        ),
        (
            json!({"reduce": [[1, 2, 3], {"+": [{"var": "accumulator"}, {"var": "current"}]}, 0]}),
            json!(6),
        ),
        (json!({"cat": ["x", {"var": "x"}]}), json!("x5")),
        (json!({"today": []}), json!("2026-11-25")),
        (
            json!({"days_between": ["2026-01-01", {"today": []}]}),
            json!(328),
        ),
    ] {
        assert_eq!(strict(r.clone(), d.clone()), want, "{r}");
    }
}

#[test]
fn strict_matches_and_apply_agree() {
    let r = rule(Mode::Strict, json!({"!": {"var": "a"}}));
    assert!(r.matches(&json!({"a": false}), None));
    assert!(!r.matches(&json!({}), None));
    assert_eq!(r.apply(&json!({}), None), Value::Null);
    assert_eq!(r.mode(), Mode::Strict);
}

#[test]
fn load_errors_by_mode() {
    assert_eq!(
        load_error(Mode::Compat, json!({"nope": []})).code,
        ErrorCode::RuleUnknownOperator
    );
    assert_eq!(
        load_error(Mode::Strict, json!({"log": 1})).code,
        ErrorCode::RuleUnknownOperator
    );
    let e = load_error(Mode::Strict, json!({"!=": [1, 2]}));
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::RuleLooseEquality, "/r")
    );
    assert!(e.message.contains("!=="), "{}", e.message);
    let e = load_error(Mode::Strict, json!({"var": {"cat": ["a"]}}));
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::RuleType, "/r/var"));
    // compat accepts computed paths, loose equality and any arity
    rule(Mode::Compat, json!({"var": {"cat": ["a"]}}));
    rule(Mode::Compat, json!({"==": [1]}));
    // the escaping of pointer tokens
    let e = load_error(Mode::Strict, json!({"and": [{"a/b": 1}]}));
    assert_eq!(e.path, "/r/and/0");
    let e = load_error(Mode::Strict, json!({"/": [1, "2"]}));
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::RuleType, "/r/~1/1"));
}

#[test]
fn vars_are_sorted_distinct_and_skip_element_paths() {
    let r = rule(
        Mode::Strict,
        json!({"and": [
            {">=": [{"var": "b.x"}, 1]},
            {"some": [{"var": "list"}, {"===": [{"var": "kind"}, "a"]}]},
            {"<": [{"var": "a"}, {"var": "b.x"}]},
            {"missing": ["c"]}
        ]}),
    );
    assert_eq!(r.vars(), ["a", "b.x", "c", "list"]);
}

#[test]
fn explanations_serialise_in_camel_case() {
    let r = rule(Mode::Strict, json!({">=": [{"var": "age"}, 18]}));
    let v = crate::json::to_value(&r.check(&json!({}), None)).unwrap_or_default();
    assert_eq!(
        v,
        json!({"passed": false, "failures": [{"path": "", "op": ">=", "code": "MISSING_VARIABLE",
            "var": "age", "actual": null, "expected": 18}]})
    );
    assert_eq!(
        crate::json::to_value(&Mode::Compat).unwrap_or_default(),
        json!("compat")
    );
    let m: Mode = serde_json::from_str("\"strict\"").unwrap_or(Mode::Compat);
    assert_eq!(m, Mode::Strict);
    assert_eq!(Mode::default(), Mode::Strict);
}

#[test]
fn compat_check_reports_false_leaves() {
    let r = rule(
        Mode::Compat,
        json!({"and": [{"==": [{"var": "a"}, 1]}, {"var": "b"}, true]}),
    );
    let v = r.check(&json!({"a": 2}), None);
    assert!(!v.passed);
    let codes: Vec<_> = v
        .failures
        .iter()
        .map(|f| (f.path.as_str(), f.op.as_str(), f.code))
        .collect();
    assert_eq!(
        codes,
        [
            ("/and/0", "==", FailureCode::ConditionFalse),
            ("/and/1", "var", FailureCode::ConditionFalse)
        ]
    );
}

#[test]
fn if_explains_the_chosen_branch() {
    let r = rule(
        Mode::Strict,
        json!({"if": [{"var": "pro"}, {">=": [{"var": "assets"}, 500000]}, {">=": [{"var": "age"}, 18]}]}),
    );
    let v = r.check(&json!({"pro": true, "assets": 1000, "age": 40}), None);
    assert_eq!(v.failures.len(), 1);
    assert_eq!(
        (v.failures[0].path.as_str(), v.failures[0].actual.clone()),
        ("/if/1", json!(1000))
    );
    let v = r.check(&json!({"assets": 1000, "age": 40}), None);
    assert_eq!(v.failures[0].path, "/if/0");
    assert_eq!(v.failures[0].code, FailureCode::MissingVariable);
}

#[test]
fn rule_is_send_and_sync() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<Rule>();
}

#[test]
fn doubling_is_bounded() {
    let body = json!({"merge": [{"var": "accumulator"}, {"var": "accumulator"}]});
    let list: Vec<u32> = (0..64).collect();
    let r = json!({"reduce": [{"var": "l"}, body, [1]]});
    assert_eq!(strict(r.clone(), json!({"l": list})), Value::Null);
    let cat = json!({"reduce": [{"var": "l"}, {"cat": [{"var": "accumulator"}, {"var": "accumulator"}]}, "ab"]});
    // compat: null once too long, then "" + "" from there on
    assert_eq!(compat(cat, json!({"l": list})), json!(""));
}

/// A small deterministic generator of random rules (xorshift).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 1_000_003) as usize
    }

    fn pick(&mut self, xs: &[Value]) -> Value {
        let i = self.next() % xs.len();
        xs.get(i).cloned().unwrap_or(Value::Null)
    }

    fn rule(&mut self, depth: u32) -> Value {
        let leaves = [
            json!({"var": "a"}),
            json!({"var": "b"}),
            json!({"var": "c"}),
            json!({"var": "s"}),
            json!({"var": "n"}),
            json!({"var": "arr"}),
            json!({"var": "obj.x"}),
            json!({"var": "nope"}),
            json!({"var": ""}),
            json!({"var": "arr.1"}),
            json!({"var": ["c", 3]}),
            json!(0),
            json!(1),
            json!(2.5),
            json!(-1),
            json!("a"),
            json!("1"),
            json!(""),
            json!(true),
            json!(false),
            json!(null),
            json!([1, "a"]),
        ];
        if depth == 0 || self.next() % 3 == 0 {
            return self.pick(&leaves);
        }
        let ops = [
            "and", "or", "!", "!!", "if", "<", "<=", ">", ">=", "===", "!==", "==", "!=", "in",
            "+", "-", "*", "/", "%", "max", "min", "cat", "merge", "some", "all", "none", "filter",
            "map", "missing", "substr",
        ];
        let op = ops.get(self.next() % ops.len()).copied().unwrap_or("and");
        let n = match op {
            "!" | "!!" => 1,
            "<" | "<=" => 2 + usize::from(self.next() % 4 == 0),
            "if" => 3,
            _ => 1 + self.next() % 3,
        };
        // comparisons mostly of plain leaves, where the fast paths apply
        let depth = if n == 2 && self.next() % 2 == 0 {
            1
        } else {
            depth
        };
        let args: Vec<Value> = (0..n).map(|_| self.rule(depth - 1)).collect();
        json!({ op: args })
    }
}

impl Gen {
    /// `and`/`or` of comparisons of a `var` with a literal: the shape of [`slots::Flat`].
    fn flat_rule(&mut self, depth: u32) -> Value {
        if depth > 0 && self.next() % 3 > 0 {
            let op = if self.next() % 2 == 0 { "and" } else { "or" };
            let n = 1 + self.next() % 3;
            let args: Vec<Value> = (0..n).map(|_| self.flat_rule(depth - 1)).collect();
            return json!({ op: args });
        }
        let vars = [
            json!({"var": "a"}),
            json!({"var": "b"}),
            json!({"var": "c"}),
            json!({"var": "s"}),
            json!({"var": "n"}),
            json!({"var": "arr.1"}),
            json!({"var": "obj.x"}),
            json!({"var": "nope"}),
            json!({"var": ["c", 3]}),
            json!({"var": ["b", "x"]}),
        ];
        let lits = [
            json!(0),
            json!(1),
            json!(2.5),
            json!(-1),
            json!("a"),
            json!("x"),
            json!("1"),
            json!(""),
            json!(true),
            json!(null),
        ];
        let ops = ["<", "<=", ">", ">=", "===", "!==", "in"];
        let op = ops.get(self.next() % ops.len()).copied().unwrap_or("<");
        let v = self.pick(&vars);
        if op == "in" {
            let hay = [
                json!(["a", "x", 1]),
                json!([]),
                json!(["1", "abc", 2.5]),
                json!("abc"),
            ];
            return json!({ op: [v, self.pick(&hay)] });
        }
        let l = self.pick(&lits);
        if self.next() % 2 == 0 {
            json!({ op: [v, l] })
        } else {
            json!({ op: [l, v] })
        }
    }
}

/// Checks the fast paths against the evaluator on every operator node of `n`.
fn same_answers(ev: &eval::Ev, n: &compile::Node, sc: &eval::Scope<'_>, what: &str) {
    let slow = fast::Tri::of(&ev.eval(n, sc));
    assert_eq!(ev.test(n, sc), slow, "test() differs: {what}");
    match n {
        compile::Node::Op(o) => {
            if let Some(t) = ev.leaf(o, sc) {
                let v = match ev.op(o, sc) {
                    Ok(v) | Err(v) => v,
                };
                assert_eq!(t, fast::Tri::of(&v), "leaf() differs at {:?}: {what}", o.op);
            }
            for a in &o.args {
                same_answers(ev, a, sc, what);
            }
        }
        compile::Node::Arr(items) => items.iter().for_each(|a| same_answers(ev, a, sc, what)),
        _ => {}
    }
}

#[test]
fn fast_paths_agree_with_the_evaluator() {
    let data = [
        json!({"a": 1, "b": "x", "c": null, "s": "abc", "n": 0, "arr": [1, 2, "a"], "obj": {"x": true}}),
        json!({"a": "1", "b": 2, "s": "", "n": 1.5, "arr": [], "obj": {"x": null}}),
        json!({}),
        json!(null),
        json!([1, 2]),
    ];
    let mut g = Gen(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    // Rules bound to shared paths, checked in batches: the slots of a batch's data.
    let mut bound = Vec::new();
    let mut flat = 0;
    let mut paths = Paths::default();
    let mut other_paths = Paths::default();
    let mut other = rule(
        Mode::Strict,
        json!({"and": [{"var": "obj.x"}, {"var": "b"}, {"var": "a"}, {"var": "s"}]}),
    );
    other.bind(&mut other_paths);
    for k in 0..9000 {
        let r = if k < 6000 { g.rule(4) } else { g.flat_rule(3) };
        for mode in [Mode::Strict, Mode::Compat] {
            let opts = CompileOptions {
                mode,
                ..CompileOptions::default()
            };
            let Ok(rule) = Rule::compile(&r, &opts, "") else {
                continue;
            };
            for d in &data {
                let ev = eval::Ev {
                    strict: mode == Mode::Strict,
                    today: None,
                };
                let sc = eval::Scope::Data(value::Val::of(d));
                same_answers(&ev, &rule.root, &sc, &format!("{mode:?} {r} / {d}"));
                assert_eq!(rule.matches(d, None), rule.check(d, None).passed);
                checked += 1;
            }
            let mut b = rule.clone();
            b.bind(&mut paths);
            bound.push((b, rule, format!("{mode:?} {r}")));
        }
        if k % 500 == 499 {
            for d in &data {
                let slots = Slots::new(&paths, d);
                // A rule bound to other paths reads the data itself.
                let other = Slots::new(&other_paths, d);
                for (b, plain, what) in &bound {
                    let ev = eval::Ev {
                        strict: b.mode == Mode::Strict,
                        today: None,
                    };
                    let what = format!("{what} / {d} (slots)");
                    same_answers(&ev, &b.root, &eval::Scope::Root(&slots), &what);
                    let want = plain.matches(d, None);
                    if let Some(got) = b.flat.run(&slots) {
                        assert_eq!(got, want, "flat: {what}");
                        flat += 1;
                    }
                    assert_eq!(b.matches_in(&slots, None), want, "{what}");
                    assert_eq!(b.matches_in(&other, None), want, "{what}");
                    assert_eq!(b.check_in(&slots, None), plain.check(d, None), "{what}");
                }
            }
            bound.clear();
        }
    }
    assert!(checked > 20000, "only {checked} rule/data pairs compiled");
    assert!(paths.len() > 5, "{paths:?}");
    assert!(flat > 500, "only {flat} decided by the flat form");
}

#[test]
fn data_keys_cover_what_a_rule_reads() {
    let keys = |r: Value| rule(Mode::Strict, r).data_keys();
    assert_eq!(
        keys(
            json!({"and": [{"<": [{"var": "b.x"}, 1]}, {"in": [{"var": "a.y"}, ["z"]]}, {"var": "b"}]})
        ),
        Some(vec!["a".to_string(), "b".to_string()])
    );
    assert_eq!(keys(json!({"===": [{"var": ""}, 1]})), None);
    assert_eq!(keys(json!({"missing": ["a"]})), None);
    assert_eq!(
        rule(Mode::Compat, json!({"var": {"cat": ["a", ".b"]}})).data_keys(),
        None
    );
}

/// `eligibility` (bound rules, slots, the data its rules read) against each rule on the whole
/// data, for every persona over a generated catalogue.
#[test]
fn eligibility_agrees_with_each_rule_on_the_whole_data() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test-data");
    let read = |p: &str| std::fs::read_to_string(format!("{dir}/{p}")).unwrap_or_default();
    let Ok(base) = crate::Catalogue::from_json(&read("catalogue.json")) else {
        panic!("the sample catalogue loads");
    };
    let doc = crate::synth::grow_catalogue(&base.doc, 300, 7);
    let text = serde_json::to_string(&doc).unwrap_or_default();
    let Ok(cat) = crate::Catalogue::from_json(&text) else {
        panic!("the generated catalogue loads");
    };
    assert!(cat.compiled.eligibility_keys.is_some());
    let mut seen = 0;
    for i in 1..=10 {
        let Some(name) = std::fs::read_dir(format!("{dir}/personas"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with(&format!("{i:02}-")))
        else {
            continue;
        };
        let input: crate::RecommendInput = match crate::json::parse_json(
            &read(&format!("personas/{name}")),
            ErrorCode::InputInvalid,
        ) {
            Ok(x) => x,
            Err(e) => panic!("{name}: {e}"),
        };
        let (Ok(flags), Ok(prep)) = (
            crate::advice::eligibility(&cat, &input),
            crate::advice::prepare(&cat, &input),
        ) else {
            panic!("{name} is refused");
        };
        let want: Vec<bool> = cat
            .compiled
            .products
            .iter()
            .map(|c| {
                c.eligibility
                    .as_ref()
                    .is_none_or(|r| r.matches(&prep.data, Some(input.now)))
            })
            .collect();
        assert_eq!(flags, want, "{name}");
        seen += 1;
    }
    assert_eq!(seen, 10);
}
