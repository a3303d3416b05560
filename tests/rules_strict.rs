//! Strict mode, the banking profile: one test per hazard, each asserting the exact error code
//! and JSON Pointer, or the exact failure explanation.

// Named so that `cargo test ... logic` selects every test here.
mod logic_strict {
    use suitable::json;
    use suitable::json::Value;
    use suitable::logic::{CompileOptions, FailureCode, Limits, Mode, Rule};
    use suitable::{Date, ErrorCode};

    const BASE: &str = "/products/7/eligibility";

    fn opts() -> CompileOptions<'static> {
        CompileOptions::default()
    }

    fn compile(rule: &Value) -> Rule {
        Rule::compile(rule, &opts(), BASE)
            .unwrap_or_else(|e| panic!("{rule} does not compile: {e}"))
    }

    /// The (code, path) of the load error of `rule`.
    fn load_error_with(rule: &Value, opts: &CompileOptions<'_>) -> (ErrorCode, String) {
        match Rule::compile(rule, opts, BASE) {
            Ok(_) => panic!("{rule} compiles in strict mode"),
            Err(e) => {
                assert!(!e.message.is_empty());
                (e.code, e.path)
            }
        }
    }

    fn load_error(rule: &Value) -> (ErrorCode, String) {
        load_error_with(rule, &opts())
    }

    fn at(inner: &str) -> String {
        format!("{BASE}{inner}")
    }

    fn day(s: &str) -> Option<Date> {
        Date::parse(s)
    }

    /// The verdict as JSON (the shape hosts see).
    fn verdict(rule: &Value, data: &Value, today: Option<Date>) -> Value {
        let r = compile(rule);
        let v = r.check(data, today);
        assert_eq!(
            v.passed,
            r.matches(data, today),
            "check and matches disagree on {rule} / {data}"
        );
        suitable::json::to_value(&v).expect("a verdict serialises")
    }

    fn failure(
        inner: &str,
        op: &str,
        code: &str,
        var: Option<&str>,
        actual: Value,
        expected: Value,
    ) -> Value {
        json!({"path": at(inner), "op": op, "code": code, "var": var, "actual": actual, "expected": expected})
    }

    fn failed(failures: Vec<Value>) -> Value {
        json!({"passed": false, "failures": failures})
    }

    fn passed() -> Value {
        json!({"passed": true, "failures": []})
    }

    #[test]
    fn missing_or_null_variable_fails_closed() {
        let rule = json!({"<": [{"var": "x"}, 0.5]});
        let want = failed(vec![failure(
            "",
            "<",
            "MISSING_VARIABLE",
            Some("x"),
            Value::Null,
            json!(0.5),
        )]);
        for data in [json!({}), json!({"x": null}), json!(null)] {
            assert_eq!(verdict(&rule, &data, None), want, "data {data}");
        }
        assert_eq!(verdict(&rule, &json!({"x": 0.25}), None), passed());

        // Compat mode is JavaScript: null < 0.5 is true. This is the hazard strict mode removes.
        let compat = CompileOptions {
            mode: Mode::Compat,
            ..CompileOptions::default()
        };
        let r = Rule::compile(&rule, &compat, BASE).expect("compiles in compat mode");
        assert_eq!(r.apply(&json!({"x": null}), None), json!(true));
        assert!(r.matches(&json!({"x": null}), None));
        assert!(r.check(&json!({"x": null}), None).passed);
        assert_eq!(compile(&rule).apply(&json!({"x": null}), None), Value::Null);
    }

    #[test]
    fn not_of_a_missing_variable_does_not_pass() {
        for (rule, data, want) in [
            (
                json!({"!": {"var": "blocked"}}),
                json!({}),
                failed(vec![failure(
                    "",
                    "!",
                    "MISSING_VARIABLE",
                    Some("blocked"),
                    Value::Null,
                    json!(false),
                )]),
            ),
            (
                json!({"!": {"var": "blocked"}}),
                json!({"blocked": true}),
                failed(vec![failure(
                    "",
                    "!",
                    "CONDITION_FALSE",
                    Some("blocked"),
                    json!(true),
                    json!(false),
                )]),
            ),
            (
                json!({"!": {"var": "blocked"}}),
                json!({"blocked": false}),
                passed(),
            ),
            (
                json!({"!": [{">": [{"var": "debt"}, 0]}]}),
                json!({}),
                failed(vec![failure(
                    "",
                    "!",
                    "MISSING_VARIABLE",
                    Some("debt"),
                    Value::Null,
                    json!(false),
                )]),
            ),
        ] {
            assert_eq!(verdict(&rule, &data, None), want, "{rule} / {data}");
        }
    }

    #[test]
    fn unknown_operator_is_refused_with_its_pointer() {
        for (rule, path) in [
            (
                json!({"and": [{"var": "a"}, true, {"frobnicate": [1]}]}),
                at("/and/2"),
            ),
            (json!({"log": {"var": "a"}}), at("")),
            (
                json!({"or": [{"!": {"method": ["a", "b"]}}]}),
                at("/or/0/!"),
            ),
        ] {
            assert_eq!(
                load_error(&rule),
                (ErrorCode::RuleUnknownOperator, path),
                "{rule}"
            );
        }
    }

    #[test]
    fn loose_equality_is_refused() {
        for (rule, path) in [
            (json!({"==": [{"var": "a"}, 1]}), at("")),
            (
                json!({"and": [true, {"!=": [{"var": "a"}, "1"]}]}),
                at("/and/1"),
            ),
        ] {
            assert_eq!(
                load_error(&rule),
                (ErrorCode::RuleLooseEquality, path),
                "{rule}"
            );
        }
        let e = Rule::compile(&json!({"==": [1, 1]}), &opts(), BASE).expect_err("refused");
        assert!(
            e.message.contains("==="),
            "the message suggests ===: {}",
            e.message
        );
    }

    #[test]
    fn wrong_arity_is_refused() {
        for (rule, path) in [
            (json!({"!": [true, false]}), at("")),
            (json!({"===": [1]}), at("")),
            (json!({"!==": [1, 2, 3]}), at("")),
            (json!({"<": [1]}), at("")),
            (json!({"<=": [1, 2, 3, 4]}), at("")),
            (json!({">": [1, 2, 3]}), at("")),
            (json!({"if": [true, 1]}), at("")),
            (json!({"if": [true, 1, false, 2]}), at("")),
            (json!({"and": []}), at("")),
            (json!({"or": [true, {"-": [1, 2, 3]}]}), at("/or/1")),
            (json!({"var": ["a", 1, 2]}), at("")),
            (json!({"today": [1]}), at("")),
            (json!({"age_at": ["2000-01-01"]}), at("")),
            (json!({"some": [[1]]}), at("")),
        ] {
            assert_eq!(load_error(&rule), (ErrorCode::RuleArity, path), "{rule}");
        }
    }

    #[test]
    fn literal_arguments_of_the_wrong_type_are_refused() {
        for (rule, path) in [
            (json!({"<": ["a", 1]}), at("/</0")),
            (json!({">=": [{"var": "a"}, "18"]}), at("/>=/1")),
            (json!({"+": [1, true]}), at("/+/1")),
            (json!({"in": [1, 5]}), at("/in/1")),
            (json!({"in": [1, "abc"]}), at("/in/0")),
            (json!({"var": true}), at("/var")),
            (json!({"var": [1.5]}), at("/var/0")),
            (json!({"var": [-1]}), at("/var/0")),
            (json!({"cat": ["a", null]}), at("/cat/1")),
            (json!({"substr": ["abc", 0.5]}), at("/substr/1")),
            (json!({"some": [5, true]}), at("/some/0")),
            (json!({"missing_some": [1, "a"]}), at("/missing_some/1")),
            (
                json!({"age_at": ["2008-02-30", {"today": []}]}),
                at("/age_at/0"),
            ),
            (
                json!({"days_between": [{"var": "from"}, 20260101]}),
                at("/days_between/1"),
            ),
        ] {
            assert_eq!(load_error(&rule), (ErrorCode::RuleType, path), "{rule}");
        }
    }

    #[test]
    fn rule_objects_have_exactly_one_key() {
        for (rule, path) in [
            (json!({}), at("")),
            (
                json!({"and": [{"var": "a"}, {"<": [1, 2], ">": [2, 1]}]}),
                at("/and/1"),
            ),
        ] {
            assert_eq!(load_error(&rule), (ErrorCode::RuleParse, path), "{rule}");
        }
    }

    #[test]
    fn unknown_variables_are_refused_via_known_var() {
        let known = |p: &str| matches!(p, "customer.age" | "customer.country" | "holdings");
        let o = CompileOptions {
            known_var: Some(&known),
            ..CompileOptions::default()
        };
        let rule = json!({"and": [
            {">=": [{"var": "customer.age"}, 18]},
            {"===": [{"var": "custmer.country"}, "DE"]}
        ]});
        assert_eq!(
            load_error_with(&rule, &o),
            (ErrorCode::RuleUnknownVariable, at("/and/1/===/0"))
        );
        assert_eq!(
            load_error_with(&json!({"missing": ["customer.age", "customer.nope"]}), &o),
            (ErrorCode::RuleUnknownVariable, at(""))
        );
        // Paths inside a per-element body are relative to the element, not checked.
        let ok = json!({"some": [{"var": "holdings"}, {">": [{"var": "amount"}, 0]}]});
        let r = Rule::compile(&ok, &o, BASE).expect("element paths are not data paths");
        assert_eq!(r.vars(), ["holdings"]);
    }

    /// Takes a deep value apart level by level (dropping it whole would recurse once per level).
    fn dismantle(mut v: Value) {
        loop {
            v = match v {
                Value::Object(m) => match m.into_iter().next() {
                    Some((_, inner)) => inner,
                    None => return,
                },
                Value::Array(mut a) => match a.pop() {
                    Some(inner) => inner,
                    None => return,
                },
                _ => return,
            };
        }
    }

    #[test]
    fn depth_bomb_is_refused_without_stack_overflow() {
        let mut rule = json!({"var": "x"});
        for _ in 0..100_000 {
            let mut m = suitable::json::Map::new();
            m.insert("!".to_string(), rule);
            rule = Value::Object(m);
        }
        let (code, path) = load_error(&rule);
        assert_eq!(code, ErrorCode::RuleTooDeep);
        // Level 1 is the rule itself, so the first refused node is 32 operators down.
        assert_eq!(path, format!("{BASE}{}", "/!".repeat(32)));
        dismantle(rule);

        let mut arrays = json!(1);
        for _ in 0..100_000 {
            arrays = Value::Array(vec![arrays]);
        }
        // (not json!: it would serialise the value recursively)
        let mut m = suitable::json::Map::new();
        m.insert("in".to_string(), Value::Array(vec![json!(1), arrays]));
        let rule = Value::Object(m);
        assert_eq!(load_error(&rule).0, ErrorCode::RuleTooDeep);
        dismantle(rule);

        // Within the limit it compiles and evaluates.
        let mut ok = json!({"var": "x"});
        for _ in 0..30 {
            ok = json!({"!": ok});
        }
        assert!(compile(&ok).matches(&json!({"x": true}), None));
    }

    #[test]
    fn size_bomb_is_refused() {
        let big: Vec<i64> = (0..3000).collect();
        let rule = json!({"in": [{"var": "x"}, big]});
        // Nodes: the `in` object, the var object, its path, the array, then the elements:
        // element 1996 is node 2001.
        assert_eq!(
            load_error(&rule),
            (ErrorCode::RuleTooLarge, at("/in/1/1996"))
        );
        let small = CompileOptions {
            limits: Limits {
                max_depth: 3,
                max_nodes: 10,
            },
            ..CompileOptions::default()
        };
        assert_eq!(
            load_error_with(
                &json!({"and": [true, true, true, true, true, true, true, true, true, true]}),
                &small
            )
            .0,
            ErrorCode::RuleTooLarge
        );
        assert_eq!(
            load_error_with(&json!({"!": {"!": {"!": true}}}), &small),
            (ErrorCode::RuleTooDeep, at("/!/!/!"))
        );
    }

    #[test]
    fn dates_are_explicit_and_exact() {
        let adult = json!({">=": [{"age_at": [{"var": "birthDate"}, {"today": []}]}, 18]});
        let leap = json!({"birthDate": "2008-02-29"});
        // Born on Feb 29: 18 on Mar 1 in a common year, not on Feb 28.
        assert_eq!(
            verdict(&adult, &leap, day("2026-02-28")),
            failed(vec![failure(
                "",
                ">=",
                "CONDITION_FALSE",
                Some("birthDate"),
                json!(17),
                json!(18)
            )])
        );
        assert_eq!(verdict(&adult, &leap, day("2026-03-01")), passed());
        // Around an ordinary birthday.
        let d = json!({"birthDate": "2008-06-15"});
        assert!(!compile(&adult).matches(&d, day("2026-06-14")));
        assert!(compile(&adult).matches(&d, day("2026-06-15")));

        let r = compile(&json!({"age_at": ["2008-02-29", "2028-02-29"]}));
        assert_eq!(r.apply(&Value::Null, None), json!(20));
        let r = compile(&json!({"days_between": [{"var": "opened"}, {"today": []}]}));
        assert_eq!(
            r.apply(&json!({"opened": "2024-02-28"}), day("2024-03-01")),
            json!(2)
        );
        assert_eq!(
            r.apply(&json!({"opened": "2026-12-01"}), day("2026-11-25")),
            json!(-6)
        );

        // `today` is the input date, never the clock.
        let r = compile(&json!({"===": [{"today": []}, "2026-11-25"]}));
        assert!(r.matches(&Value::Null, day("2026-11-25")));
        assert_eq!(
            verdict(
                &json!({"===": [{"today": []}, "2026-11-25"]}),
                &Value::Null,
                None
            ),
            failed(vec![failure(
                "",
                "===",
                "MISSING_VARIABLE",
                None,
                Value::Null,
                json!("2026-11-25")
            )])
        );

        // A bad date in the rule is a load error; in the data it fails with TYPE_MISMATCH.
        assert_eq!(
            load_error(&json!({"age_at": ["29/02/2008", {"today": []}]})),
            (ErrorCode::RuleType, at("/age_at/0"))
        );
        assert_eq!(
            verdict(
                &adult,
                &json!({"birthDate": "29/02/2008"}),
                day("2026-11-25")
            ),
            failed(vec![failure(
                "",
                ">=",
                "TYPE_MISMATCH",
                Some("birthDate"),
                Value::Null,
                json!(18)
            )])
        );
        assert_eq!(
            verdict(&adult, &json!({"birthDate": 20080229}), day("2026-11-25"))["failures"][0]
                ["code"],
            json!("TYPE_MISMATCH")
        );
    }

    #[test]
    fn money_in_minor_units_compares_exactly() {
        let rule = json!({">=": [{"var": "balance"}, 100000]});
        assert_eq!(verdict(&rule, &json!({"balance": 100000}), None), passed());
        assert_eq!(
            verdict(&rule, &json!({"balance": 99999}), None),
            failed(vec![failure(
                "",
                ">=",
                "CONDITION_FALSE",
                Some("balance"),
                json!(99999),
                json!(100000)
            )])
        );
        let sum = json!({"===": [{"+": [{"var": "a"}, {"var": "b"}]}, 30]});
        assert!(compile(&sum).matches(&json!({"a": 10, "b": 20}), None));
        // Division by zero is unknown, not Infinity.
        assert_eq!(
            verdict(
                &json!({">": [{"/": [{"var": "assets"}, {"var": "debt"}]}, 2]}),
                &json!({"assets": 5, "debt": 0}),
                None
            ),
            failed(vec![failure(
                "",
                ">",
                "TYPE_MISMATCH",
                Some("assets"),
                Value::Null,
                json!(2)
            )])
        );
    }

    #[test]
    fn and_lists_every_failing_leaf() {
        let rule = json!({"and": [
            {">=": [{"var": "age"}, 18]},
            {"in": [{"var": "country"}, ["DE", "FR"]]},
            {"===": [{"var": "resident"}, true]},
            {"<=": [18, {"var": "age"}, 65]}
        ]});
        let data = json!({"age": 16, "country": "US", "resident": true});
        assert_eq!(
            verdict(&rule, &data, None),
            failed(vec![
                failure(
                    "/and/0",
                    ">=",
                    "CONDITION_FALSE",
                    Some("age"),
                    json!(16),
                    json!(18)
                ),
                failure(
                    "/and/1",
                    "in",
                    "CONDITION_FALSE",
                    Some("country"),
                    json!("US"),
                    json!(["DE", "FR"])
                ),
                failure(
                    "/and/3",
                    "<=",
                    "CONDITION_FALSE",
                    Some("age"),
                    json!(16),
                    json!([18, 65])
                ),
            ])
        );
        assert_eq!(
            verdict(
                &rule,
                &json!({"age": 30, "country": "FR", "resident": true}),
                None
            ),
            passed()
        );
        // `or` fails with all of its leaves; a missing var among them says so.
        let or = json!({"or": [{"===": [{"var": "segment"}, "private"]}, {">=": [{"var": "assets"}, 500000]}]});
        assert_eq!(
            verdict(&or, &json!({"segment": "retail"}), None),
            failed(vec![
                failure(
                    "/or/0",
                    "===",
                    "CONDITION_FALSE",
                    Some("segment"),
                    json!("retail"),
                    json!("private")
                ),
                failure(
                    "/or/1",
                    ">=",
                    "MISSING_VARIABLE",
                    Some("assets"),
                    Value::Null,
                    json!(500000)
                ),
            ])
        );
    }

    #[test]
    fn var_on_the_right_is_mirrored() {
        for (rule, op, expected) in [
            (json!({"<": [18, {"var": "age"}]}), ">", json!(18)),
            (json!({"<=": [18, {"var": "age"}]}), ">=", json!(18)),
            (json!({">": [15, {"var": "age"}]}), "<", json!(15)),
            (json!({"===": [17, {"var": "age"}]}), "===", json!(17)),
        ] {
            assert_eq!(
                verdict(&rule, &json!({"age": 16}), None),
                failed(vec![failure(
                    "",
                    op,
                    "CONDITION_FALSE",
                    Some("age"),
                    json!(16),
                    expected
                )]),
                "{rule}"
            );
        }
        assert_eq!(
            verdict(&json!({"<": [18, {"var": "age"}]}), &json!({}), None),
            failed(vec![failure(
                "",
                ">",
                "MISSING_VARIABLE",
                Some("age"),
                Value::Null,
                json!(18)
            )])
        );
    }

    #[test]
    fn string_against_number_from_data_is_a_type_mismatch() {
        let rule = json!({">=": [{"var": "income"}, 1000]});
        assert_eq!(
            verdict(&rule, &json!({"income": "5000"}), None),
            failed(vec![failure(
                "",
                ">=",
                "TYPE_MISMATCH",
                Some("income"),
                json!("5000"),
                json!(1000)
            )])
        );
        // `===` between a number and a string is simply false: both are known.
        assert_eq!(
            verdict(
                &json!({"===": [{"var": "code"}, "1"]}),
                &json!({"code": 1}),
                None
            ),
            failed(vec![failure(
                "",
                "===",
                "CONDITION_FALSE",
                Some("code"),
                json!(1),
                json!("1")
            )])
        );
        // A string compared with a string is a type mismatch too (numbers only).
        assert_eq!(
            verdict(
                &json!({"<": [{"var": "a"}, {"var": "b"}]}),
                &json!({"a": "x", "b": "y"}),
                None
            )["failures"][0]["code"],
            json!("TYPE_MISMATCH")
        );
    }

    #[test]
    fn three_valued_logic_never_turns_unknown_into_a_pass() {
        for (rule, data, pass) in [
            (
                json!({"!": {"and": [{"var": "a"}, true]}}),
                json!({}),
                false,
            ),
            (
                json!({"!": {"and": [{"var": "a"}, false]}}),
                json!({}),
                true,
            ),
            (json!({"or": [{"var": "a"}, true]}), json!({}), true),
            (
                json!({"!": {"or": [{"var": "a"}, false]}}),
                json!({}),
                false,
            ),
            (json!({"if": [{"var": "a"}, false, true]}), json!({}), false),
            (
                json!({"!": {"some": [{"var": "list"}, {"var": "bad"}]}}),
                json!({"list": [{}, {"bad": false}]}),
                false,
            ),
            (
                json!({"!": {"in": [{"var": "c"}, ["RU"]]}}),
                json!({"c": null}),
                false,
            ),
            (json!({"!==": [{"var": "c"}, "RU"]}), json!({}), false),
            (
                json!({"===": [{"var": ["c", "none"]}, "none"]}),
                json!({"c": null}),
                true,
            ),
        ] {
            let r = compile(&rule);
            assert_eq!(r.matches(&data, None), pass, "{rule} / {data}");
            assert_eq!(r.check(&data, None).passed, pass, "{rule} / {data}");
        }
        let v =
            compile(&json!({"and": [{"var": "a"}, {"var": "b"}]})).check(&json!({"b": true}), None);
        assert_eq!(v.failures.len(), 1);
        assert_eq!(
            (v.failures[0].code, v.failures[0].op.as_str()),
            (FailureCode::MissingVariable, "var")
        );
    }
}
