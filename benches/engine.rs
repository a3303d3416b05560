//! Criterion benchmarks (measurements, not assertions): compiling the sample catalogue, and
//! one `recommend` call against the sample catalogue and a generated 1,000-product catalogue.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use suitable::{Catalogue, RecommendInput};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/test-data");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).unwrap()
}

fn benches(c: &mut Criterion) {
    let text = read("catalogue.json");
    let persona: RecommendInput = suitable::json::parse_json(
        &read("personas/05-aggressive-investor.json"),
        suitable::ErrorCode::InputInvalid,
    )
    .unwrap();
    let sample = Catalogue::from_json(&text).unwrap();
    let big_doc = suitable::synth::grow_catalogue(&sample.doc, 1000, 42);
    let big_text = serde_json::to_string(&big_doc).unwrap();
    let big = Catalogue::from_json(&big_text).unwrap();
    // Assess once so both runs measure `recommend` alone.
    let mut input = persona.clone();
    if let Some(a) = input.assessment.take() {
        let ai = suitable::AssessInput::new(input.now, input.customer.clone(), a);
        input.profile = Some(suitable::assess(&sample, &ai, None).unwrap());
    }

    // What loading starts with: the token tape the typed readers walk; the engine's own value
    // tree (tape, then tree) against serde_json's, same text.
    c.bench_function("tokenise 1000-product catalogue to a tape only", |b| {
        b.iter(|| suitable::json::Tape::parse(black_box(&big_text)).is_ok())
    });
    c.bench_function("parse 1000-product catalogue to a Value only", |b| {
        b.iter(|| suitable::json::parse(black_box(&big_text)).unwrap())
    });
    c.bench_function(
        "parse 1000-product catalogue to a serde_json Value only",
        |b| b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&big_text)).unwrap()),
    );
    c.bench_function("compile sample catalogue", |b| {
        b.iter(|| Catalogue::from_json(black_box(&text)).unwrap())
    });
    c.bench_function("compile 1000-product catalogue", |b| {
        b.iter(|| Catalogue::from_json(black_box(&big_text)).unwrap())
    });
    c.bench_function("recommend, sample catalogue", |b| {
        b.iter(|| suitable::recommend(&sample, black_box(&input)).unwrap())
    });
    c.bench_function("recommend, 1000-product catalogue", |b| {
        b.iter(|| suitable::recommend(&big, black_box(&input)).unwrap())
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
