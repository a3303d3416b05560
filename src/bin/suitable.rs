//! `suitable`: the command line for product teams. Every result is JSON on stdout (stable key
//! order, two-space indent) so it can be diffed; problems go to stderr as `path: CODE: message`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use serde::Serialize;
use suitable::impact::{self, Tally};
use suitable::json::parse_json;
use suitable::logic::{self, Mode};
use suitable::{AssessInput, Catalogue, Date, Error, ErrorCode, RecommendInput};

const USAGE: &str = "\
suitable: suitability-checked product advice, for product teams

USAGE:
  suitable validate CATALOGUE.json [--json]
  suitable assess --catalogue C.json --answers A.json [--locale L]
  suitable recommend --catalogue C.json --profile P.json [--now YYYY-MM-DD] [--locale L]
  suitable explain --catalogue C.json --profile P.json --product ID [--now YYYY-MM-DD] [--locale L]
  suitable rule --rule '<json>' --data '<json>' [--mode strict|compat] [--now YYYY-MM-DD] [--explain]
  suitable schema
  suitable synth-catalogue --base C.json --products N [--seed S]
  suitable personas --catalogue C.json --count N [--seed S] [--now YYYY-MM-DD] > personas.jsonl
  suitable impact --base OLD.json --head NEW.json --personas P.jsonl [--format md|json|html]
                  [--fail-on 'top3-changed>20%,lost-eligibility>5%']

impact --format: md (default, readable), json (stable keys, for tools and diffs), html (one
standalone accessible page, no external resources). A progress bar shows on stderr when it
is a terminal, never when it is piped or redirected.

--fail-on metrics: top3-changed, lost-eligibility, gained-eligibility, lost-top3, gained-top3,
class-changed (personas, as METRIC>N% of the population or METRIC>N personas; >= too), errors.

Exit codes: 0 ok, 1 invalid input or failed validation, 2 usage error,
3 an impact --fail-on threshold was crossed.";

struct Args {
    positional: Vec<String>,
    flags: Vec<(String, Option<String>)>,
}

impl Args {
    fn parse(raw: Vec<String>) -> Result<Args, String> {
        let mut positional = Vec::new();
        let mut flags = Vec::new();
        let mut it = raw.into_iter().peekable();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                let value = match name {
                    "json" | "explain" | "help" => None,
                    _ => Some(it.next().ok_or_else(|| format!("--{name} needs a value"))?),
                };
                flags.push((name.to_string(), value));
            } else {
                positional.push(a);
            }
        }
        Ok(Args { positional, flags })
    }
    fn get(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }
    fn need(&self, name: &str) -> Result<&str, Failure> {
        self.get(name)
            .ok_or_else(|| Failure::Usage(format!("--{name} is required")))
    }
    fn check_known(&self, known: &[&str]) -> Result<(), Failure> {
        match self
            .flags
            .iter()
            .find(|(n, _)| !known.contains(&n.as_str()))
        {
            Some((n, _)) => Err(Failure::Usage(format!("unknown option --{n}"))),
            None => Ok(()),
        }
    }
}

enum Failure {
    Usage(String),
    Engine(Vec<Error>),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Engine(vec![e])
    }
}

fn read(path: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| {
        Failure::Engine(vec![Error::new(
            ErrorCode::InputInvalid,
            "",
            format!("cannot read {path}: {e}"),
        )])
    })
}

fn print_json<T: Serialize>(v: &T) -> Result<(), Failure> {
    let s = serde_json::to_string_pretty(v)
        .map_err(|e| Error::new(ErrorCode::Internal, "", e.to_string()))?;
    println!("{s}");
    Ok(())
}

fn load_catalogue(path: &str) -> Result<Catalogue, Failure> {
    Catalogue::load(&read(path)?).map_err(Failure::Engine)
}

fn load_input(args: &Args) -> Result<RecommendInput, Failure> {
    let mut input: RecommendInput =
        parse_json(&read(args.need("profile")?)?, ErrorCode::InputInvalid)?;
    if let Some(now) = args.get("now") {
        input.now = Date::parse_at(now, "--now")?;
    }
    if let Some(l) = args.get("locale") {
        input.locale = Some(l.to_string());
    }
    Ok(input)
}

fn seed(args: &Args) -> Result<u64, Failure> {
    args.get("seed")
        .unwrap_or("1")
        .parse()
        .map_err(|_| Failure::Usage("--seed takes a whole number".into()))
}

fn io_failure(e: std::io::Error) -> Failure {
    Failure::Engine(vec![Error::new(ErrorCode::Internal, "", e.to_string())])
}

/// One recommend input per line (blank lines skipped); an error names the line.
fn read_personas(path: &str) -> Result<Vec<RecommendInput>, Failure> {
    let text = read(path)?;
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    lines
        .par_iter()
        .map(|(n, l)| {
            parse_json::<RecommendInput>(l, ErrorCode::InputInvalid).map_err(|mut e| {
                e.message = format!("{path} line {}: {}", n + 1, e.message);
                e
            })
        })
        .collect::<Result<Vec<_>, Error>>()
        .map_err(Failure::from)
}

/// A progress bar on stderr for a long run on a terminal; none when stderr is piped or
/// redirected, or for a short run.
fn progress_bar(len: usize, what: &str) -> Option<ProgressBar> {
    if len < 1000 || !std::io::stderr().is_terminal() {
        return None;
    }
    let style = ProgressStyle::with_template(&format!(
        "{what} {{wide_bar}} {{human_pos}}/{{human_len}} personas, {{eta}} left"
    ))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = ProgressBar::with_draw_target(
        Some(u64::try_from(len).unwrap_or(u64::MAX)),
        ProgressDrawTarget::stderr(),
    );
    bar.set_style(style);
    Some(bar)
}

/// The impact report on every core: one tally per rayon part, merged (the order of the parts
/// does not change the report).
fn run_impact(base: &Catalogue, head: &Catalogue, people: &[RecommendInput]) -> impact::Report {
    let bar = progress_bar(people.len(), "impact");
    let pair = Tally::for_pair(base, head);
    let total = people
        .par_iter()
        .enumerate()
        .with_min_len(256)
        .fold(
            || pair.clone(),
            |mut t, (i, p)| {
                t.add(i, p, base, head);
                if let Some(b) = &bar {
                    b.inc(1);
                }
                t
            },
        )
        .reduce(|| pair.clone(), Tally::merge);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    total.report(base, head)
}

fn run(args: &Args) -> Result<ExitCode, Failure> {
    let cmd = args.positional.first().map(String::as_str);
    match cmd {
        Some("validate") => {
            args.check_known(&["json"])?;
            let path = args
                .positional
                .get(1)
                .ok_or_else(|| Failure::Usage("validate needs a catalogue file".into()))?;
            let report = suitable::validate(&read(path)?);
            if args.has("json") {
                print_json(&report)?;
            } else {
                for e in &report.errors {
                    println!("{}: {}: {}", e.path, e.code, e.message);
                }
                for w in &report.warnings {
                    println!("{}: {}: {} (warning)", w.path, w.code, w.message);
                }
                let passed = report.tests.iter().filter(|t| t.passed).count();
                println!(
                    "{}: {} errors, {} warnings, embedded tests {passed}/{} passed",
                    if report.ok { "ok" } else { "invalid" },
                    report.errors.len(),
                    report.warnings.len(),
                    report.tests.len()
                );
            }
            Ok(if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Some("assess") => {
            args.check_known(&["catalogue", "answers", "locale"])?;
            let cat = load_catalogue(args.need("catalogue")?)?;
            let input: AssessInput =
                parse_json(&read(args.need("answers")?)?, ErrorCode::AnswersInvalid)?;
            print_json(&suitable::assess(&cat, &input, args.get("locale"))?)?;
            Ok(ExitCode::SUCCESS)
        }
        Some("recommend") => {
            args.check_known(&["catalogue", "profile", "now", "locale"])?;
            let cat = load_catalogue(args.need("catalogue")?)?;
            let input = load_input(args)?;
            print_json(&suitable::recommend(&cat, &input)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Some("explain") => {
            args.check_known(&["catalogue", "profile", "product", "now", "locale"])?;
            let cat = load_catalogue(args.need("catalogue")?)?;
            let input = load_input(args)?;
            print_json(&suitable::explain(&cat, &input, args.need("product")?)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Some("rule") => {
            args.check_known(&["rule", "data", "mode", "now", "explain"])?;
            let rule: suitable::json::Value = parse_json(args.need("rule")?, ErrorCode::RuleParse)?;
            let data: suitable::json::Value = match args.get("data") {
                Some(d) => parse_json(d, ErrorCode::InputInvalid)?,
                None => suitable::json::Value::Null,
            };
            let mode = match args.get("mode").unwrap_or("strict") {
                "strict" => Mode::Strict,
                "compat" => Mode::Compat,
                other => return Err(Failure::Usage(format!("unknown mode '{other}'"))),
            };
            let now = args
                .get("now")
                .map(|d| Date::parse_at(d, "--now"))
                .transpose()?;
            let opts = logic::CompileOptions {
                mode,
                ..logic::CompileOptions::default()
            };
            let compiled = logic::Rule::compile(&rule, &opts, "")?;
            if args.has("explain") {
                print_json(&compiled.check(&data, now))?;
            } else {
                print_json(&compiled.apply(&data, now))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some("schema") => {
            args.check_known(&[])?;
            print_json(&suitable::catalogue::schema())?;
            Ok(ExitCode::SUCCESS)
        }
        Some("synth-catalogue") => {
            args.check_known(&["base", "products", "seed"])?;
            let base = suitable::catalogue::parse_doc(&read(args.need("base")?)?)?;
            let n: usize = args
                .need("products")?
                .parse()
                .map_err(|_| Failure::Usage("--products takes a whole number".into()))?;
            let seed = seed(args)?;
            print_json(&suitable::synth::grow_catalogue(&base, n, seed))?;
            Ok(ExitCode::SUCCESS)
        }
        Some("personas") => {
            args.check_known(&["catalogue", "count", "seed", "now"])?;
            let cat = load_catalogue(args.need("catalogue")?)?;
            let count: usize = args
                .need("count")?
                .parse()
                .map_err(|_| Failure::Usage("--count takes a whole number".into()))?;
            let seed = seed(args)?;
            let now = args
                .get("now")
                .map(|d| Date::parse_at(d, "--now"))
                .transpose()?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for mut p in suitable::synth::personas(count, seed, &cat) {
                if let Some(now) = now {
                    p.now = now;
                }
                let line = serde_json::to_string(&p)
                    .map_err(|e| Error::new(ErrorCode::Internal, "", e.to_string()))?;
                writeln!(out, "{line}").map_err(io_failure)?;
            }
            out.flush().map_err(io_failure)?;
            Ok(ExitCode::SUCCESS)
        }
        Some("impact") => {
            args.check_known(&["base", "head", "personas", "format", "fail-on"])?;
            let format = args.get("format").unwrap_or("md");
            if !["md", "json", "html"].contains(&format) {
                return Err(Failure::Usage(format!(
                    "unknown format '{format}' (md, json or html)"
                )));
            }
            let thresholds = args
                .get("fail-on")
                .map(impact::parse_fail_on)
                .transpose()
                .map_err(|m| Failure::Usage(format!("--fail-on: {m}")))?
                .unwrap_or_default();
            let base = load_catalogue(args.need("base")?)?;
            let head = load_catalogue(args.need("head")?)?;
            let people = read_personas(args.need("personas")?)?;
            let report = run_impact(&base, &head, &people);
            // Freed on every core rather than one after the other.
            people.into_par_iter().for_each(drop);
            match format {
                "md" => print!("{}", impact::markdown(&report)),
                "html" => print!("{}", impact::html(&report)),
                _ => print_json(&report)?,
            }
            let crossed: Vec<String> = thresholds
                .iter()
                .filter_map(|t| t.crossed(&report))
                .collect();
            for m in &crossed {
                eprintln!("fail-on: {m}");
            }
            Ok(if crossed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            })
        }
        Some("help") | None => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(Failure::Usage(format!("unknown command '{other}'"))),
    }
}

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1).collect()) {
        Ok(a) => a,
        Err(m) => {
            eprintln!("error: {m}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.has("help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match run(&args) {
        Ok(code) => code,
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Engine(errors)) => {
            for e in errors {
                eprintln!("{}: {}: {}", e.path, e.code, e.message);
            }
            ExitCode::from(1)
        }
    }
}
