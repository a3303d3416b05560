//! Checks a catalogue beyond its shape: ids, references, ranges, band coverage, translations;
//! and runs its embedded example tests.

use serde::Serialize;

use super::doc::{Bands, CatalogueDoc, Select};
use super::{Catalogue, SCHEMA_VERSION};
use crate::error::{pointer_push, Error, ErrorCode};
use crate::model::{RiskClass, RiskLevel, Text};
use crate::util::sorted_indices;

fn err(out: &mut Vec<Error>, code: ErrorCode, path: String, msg: String) {
    out.push(Error::new(code, path, msg));
}

fn unique<'a>(ids: impl Iterator<Item = &'a str>, base: &str, what: &str, out: &mut Vec<Error>) {
    let ids: Vec<&str> = ids.collect();
    // Sorted stably by id, a repeat comes right after its first use.
    let order = sorted_indices(ids.len(), &|a, b| ids.get(a).cmp(&ids.get(b)));
    let mut repeated = vec![false; ids.len()];
    for w in order.windows(2) {
        if let [a, b] = w {
            if ids.get(*a) == ids.get(*b) {
                if let Some(r) = repeated.get_mut(*b) {
                    *r = true;
                }
            }
        }
    }
    for (i, (id, again)) in ids.iter().zip(repeated).enumerate() {
        if id.is_empty() {
            err(
                out,
                ErrorCode::CatalogueInvalid,
                format!("{base}/{i}/id"),
                format!("{what} id is empty"),
            );
        } else if again {
            err(
                out,
                ErrorCode::CatalogueDuplicateId,
                format!("{base}/{i}/id"),
                format!("{what} id '{id}' is used twice"),
            );
        }
    }
}

pub(crate) fn check_doc(doc: &CatalogueDoc, errors: &mut Vec<Error>, warnings: &mut Vec<Error>) {
    if doc.schema_version != SCHEMA_VERSION {
        err(
            errors,
            ErrorCode::CatalogueSchemaVersion,
            "/schemaVersion".into(),
            format!(
                "schemaVersion {} is not supported; this engine reads {SCHEMA_VERSION}",
                doc.schema_version
            ),
        );
    }
    if doc.currency.minor_unit > 4 {
        err(
            errors,
            ErrorCode::CatalogueInvalid,
            "/currency/minorUnit".into(),
            "minorUnit must be 0..4".into(),
        );
    }
    let offered = &doc.locales.offered;
    if offered.is_empty() {
        err(
            errors,
            ErrorCode::CatalogueInvalid,
            "/locales/offered".into(),
            "at least one locale".into(),
        );
    }
    if !offered.contains(&doc.locales.default) {
        err(
            errors,
            ErrorCode::CatalogueUnknownReference,
            "/locales/default".into(),
            format!("default locale '{}' is not offered", doc.locales.default),
        );
    }
    for (i, f) in doc.locales.fallback.iter().enumerate() {
        if !offered.contains(f) {
            err(
                errors,
                ErrorCode::CatalogueUnknownReference,
                format!("/locales/fallback/{i}"),
                format!("fallback locale '{f}' is not offered"),
            );
        }
    }

    let rs = &doc.risk_scale;
    if rs.classes.iter().map(|c| c.id).collect::<Vec<_>>() != RiskClass::ALL {
        err(
            errors,
            ErrorCode::CatalogueInvalid,
            "/riskScale/classes".into(),
            "classes must be C1..C5 in order".into(),
        );
    }
    if rs.levels.iter().map(|c| c.id).collect::<Vec<_>>() != RiskLevel::ALL {
        err(
            errors,
            ErrorCode::CatalogueInvalid,
            "/riskScale/levels".into(),
            "levels must be R1..R5 in order".into(),
        );
    }
    if rs.sri_to_level.len() != 7 {
        err(
            errors,
            ErrorCode::CatalogueInvalid,
            "/riskScale/sriToLevel".into(),
            "seven levels, one for each SRI 1..7".into(),
        );
    } else if rs
        .sri_to_level
        .windows(2)
        .any(|w| matches!(w, [a, b] if a > b))
    {
        err(
            errors,
            ErrorCode::CatalogueInvalid,
            "/riskScale/sriToLevel".into(),
            "levels must not decrease as the SRI rises".into(),
        );
    }

    check_questionnaires(doc, errors, warnings);
    check_products(doc, errors);
    check_rules_lists(doc, errors);

    // Translations: every customer-facing text should have every offered locale.
    each_text(doc, &mut |path: &dyn Fn() -> String, t: &Text| {
        for l in offered {
            if !t.0.contains_key(l) {
                warnings.push(Error::new(
                    ErrorCode::CatalogueMissingTranslation,
                    path(),
                    format!("no '{l}' text; the fallback locale is shown"),
                ));
            }
        }
    });
}

fn check_questionnaires(doc: &CatalogueDoc, errors: &mut Vec<Error>, warnings: &mut Vec<Error>) {
    if doc.questionnaires.is_empty() {
        err(
            errors,
            ErrorCode::CatalogueInvalid,
            "/questionnaires".into(),
            "at least one questionnaire".into(),
        );
    }
    unique(
        doc.questionnaires.iter().map(|q| q.id.as_str()),
        "/questionnaires",
        "questionnaire",
        errors,
    );
    for (qi, q) in doc.questionnaires.iter().enumerate() {
        let base = format!("/questionnaires/{qi}");
        if q.items.is_empty() {
            err(
                errors,
                ErrorCode::CatalogueInvalid,
                format!("{base}/items"),
                "no items".into(),
            );
        }
        unique(
            q.items.iter().map(|i| i.id.as_str()),
            &format!("{base}/items"),
            "item",
            errors,
        );
        // Reachable totals per dimension, to check the bands cover them.
        // Lowest and highest reachable score per dimension (indexed by declaration order).
        let mut lo = [0i64; 5];
        let mut hi = [0i64; 5];
        for (ii, item) in q.items.iter().enumerate() {
            let ibase = format!("{base}/items/{ii}");
            if item.options.is_empty() {
                err(
                    errors,
                    ErrorCode::CatalogueInvalid,
                    format!("{ibase}/options"),
                    "no options".into(),
                );
                continue;
            }
            unique(
                item.options.iter().map(|o| o.id.as_str()),
                &format!("{ibase}/options"),
                "option",
                errors,
            );
            let scores: Vec<i64> = item.options.iter().map(|o| i64::from(o.score)).collect();
            let min = scores.iter().copied().min().unwrap_or(0);
            let max = match (item.select, item.multi_score) {
                (Select::Multi, super::doc::MultiScore::Sum) => {
                    scores.iter().filter(|s| **s > 0).sum()
                }
                _ => scores.iter().copied().max().unwrap_or(0),
            };
            if let (Some(l), Some(h)) = (
                lo.get_mut(item.dimension as usize),
                hi.get_mut(item.dimension as usize),
            ) {
                *l += min;
                *h += max;
            }
        }
        let mut check_bands = |b: &Bands, path: String| {
            let lo_t: i64 = b
                .dimensions
                .iter()
                .map(|d| lo.get(*d as usize).copied().unwrap_or(0))
                .sum();
            let hi_t: i64 = b
                .dimensions
                .iter()
                .map(|d| hi.get(*d as usize).copied().unwrap_or(0))
                .sum();
            let by_min = sorted_indices(b.bands.len(), &|x, y| {
                b.bands
                    .get(x)
                    .map(|v| v.min)
                    .cmp(&b.bands.get(y).map(|v| v.min))
            });
            let sorted: Vec<(usize, &super::doc::Band)> = by_min
                .into_iter()
                .filter_map(|i| b.bands.get(i).map(|x| (i, x)))
                .collect();
            for (i, band) in &b.bands.iter().enumerate().collect::<Vec<_>>() {
                if band.min > band.max {
                    err(
                        errors,
                        ErrorCode::CatalogueInvalid,
                        format!("{path}/bands/{i}"),
                        "min is above max".into(),
                    );
                }
            }
            let mut next = lo_t;
            for (i, band) in &sorted {
                if i64::from(band.min) > next {
                    warnings.push(Error::new(
                        ErrorCode::CatalogueInvalid,
                        format!("{path}/bands/{i}"),
                        format!("scores {next}..{} fall in no band", band.min - 1),
                    ));
                } else if i64::from(band.min) < next && next > lo_t {
                    err(
                        errors,
                        ErrorCode::CatalogueInvalid,
                        format!("{path}/bands/{i}"),
                        "bands overlap".into(),
                    );
                }
                next = next.max(i64::from(band.max) + 1);
            }
            if next <= hi_t {
                warnings.push(Error::new(
                    ErrorCode::CatalogueInvalid,
                    format!("{path}/bands"),
                    format!("scores {next}..{hi_t} fall in no band"),
                ));
            }
        };
        if let Some(c) = &q.scoring.capacity {
            check_bands(c, format!("{base}/scoring/capacity"));
        }
        check_bands(
            &q.scoring.willingness,
            format!("{base}/scoring/willingness"),
        );
        unique(
            q.consistency.iter().map(|c| c.id.as_str()),
            &format!("{base}/consistency"),
            "consistency check",
            errors,
        );
        for (ci, c) in q.consistency.iter().enumerate() {
            for (k, it) in c.items.iter().enumerate() {
                if !q.items.iter().any(|i| &i.id == it) {
                    err(
                        errors,
                        ErrorCode::CatalogueUnknownReference,
                        format!("{base}/consistency/{ci}/items/{k}"),
                        format!("no item '{it}'"),
                    );
                }
            }
        }
    }
}

fn check_products(doc: &CatalogueDoc, errors: &mut Vec<Error>) {
    unique(
        doc.products.iter().map(|p| p.id.as_str()),
        "/products",
        "product",
        errors,
    );
    for (i, p) in doc.products.iter().enumerate() {
        let base = format!("/products/{i}");
        let mut bad = |field: &str, msg: &str| {
            err(
                errors,
                ErrorCode::CatalogueInvalid,
                format!("{base}/{field}"),
                msg.to_string(),
            );
        };
        if p.risk_level.is_none() && p.sri.is_none() {
            bad("riskLevel", "a product needs riskLevel or sri");
        }
        if p.sri.is_some_and(|s| !(1..=7).contains(&s)) {
            bad("sri", "sri is 1..7");
        }
        if !(0.0..=1.0).contains(&p.propensity.base) {
            bad("propensity/base", "a propensity is 0..1");
        }
        if p.propensity
            .by_segment
            .values()
            .any(|v| !(0.0..=1.0).contains(v))
        {
            bad("propensity/bySegment", "a propensity is 0..1");
        }
        if p.propensity
            .observed
            .as_ref()
            .is_some_and(|o| !(0.0..=1.0).contains(&o.rate))
        {
            bad("propensity/observed/rate", "a rate is 0..1");
        }
        if p.propensity
            .prior_weight
            .is_some_and(|w| !(w >= 0.0 && w.is_finite()))
        {
            bad("propensity/priorWeight", "a weight is 0 or more");
        }
        if !(p.business_value > 0.0 && p.business_value.is_finite()) {
            bad("businessValue", "businessValue must be above 0");
        }
        if !(p.lever_pct > -100.0 && p.lever_pct.is_finite()) {
            bad("leverPct", "leverPct must be above -100");
        }
        let f = &p.fees;
        if [f.entry_pct, f.ongoing_pct, f.exit_pct]
            .iter()
            .any(|x| !(*x >= 0.0 && x.is_finite()))
            || f.annual_fee.0 < 0
        {
            bad("fees", "fees cannot be negative");
        }
        if p.min_amount.is_some_and(|m| m.0 < 0) {
            bad("minAmount", "minAmount cannot be negative");
        }
        if let (Some(a), Some(b)) = (p.valid_from, p.valid_to) {
            if a > b {
                bad("validTo", "validTo is before validFrom");
            }
        }
        if p.principal_guaranteed
            && p.category.is_investment()
            && p.risk_level.is_some_and(|l| l > RiskLevel::R2)
        {
            bad(
                "principalGuaranteed",
                "a principal-guaranteed product above R2 is contradictory",
            );
        }
    }
}

fn check_rules_lists(doc: &CatalogueDoc, errors: &mut Vec<Error>) {
    let has = |id: &str| doc.products.iter().any(|p| p.id == id);
    unique(
        doc.capacity_caps.iter().map(|c| c.id.as_str()),
        "/capacityCaps",
        "capacity cap",
        errors,
    );
    unique(
        doc.context_weights.iter().map(|c| c.id.as_str()),
        "/contextWeights",
        "context weight",
        errors,
    );
    unique(
        doc.cross_sell.iter().map(|c| c.id.as_str()),
        "/crossSell",
        "cross-sell rule",
        errors,
    );
    unique(
        doc.notices.iter().map(|c| c.id.as_str()),
        "/notices",
        "notice",
        errors,
    );
    for (i, cw) in doc.context_weights.iter().enumerate() {
        for (k, w) in cw.weights.iter().enumerate() {
            let path = format!("/contextWeights/{i}/weights/{k}");
            let targets = usize::from(w.product_type.is_some())
                + usize::from(w.category.is_some())
                + usize::from(w.variety.is_some())
                + usize::from(w.product.is_some());
            if targets != 1 {
                err(
                    errors,
                    ErrorCode::CatalogueInvalid,
                    path.clone(),
                    "exactly one of type, category, variety, product".into(),
                );
            }
            if let Some(p) = &w.product {
                if !has(p) {
                    err(
                        errors,
                        ErrorCode::CatalogueUnknownReference,
                        format!("{path}/product"),
                        format!("no product '{p}'"),
                    );
                }
            }
            if !(w.pct > -100.0 && w.pct.is_finite()) {
                err(
                    errors,
                    ErrorCode::CatalogueInvalid,
                    format!("{path}/pct"),
                    "pct must be above -100".into(),
                );
            }
        }
    }
    for (i, r) in doc.cross_sell.iter().enumerate() {
        if r.suggest.is_empty() {
            err(
                errors,
                ErrorCode::CatalogueInvalid,
                format!("/crossSell/{i}/suggest"),
                "suggest at least one product".into(),
            );
        }
        for (k, p) in r.suggest.iter().enumerate() {
            if !has(p) {
                err(
                    errors,
                    ErrorCode::CatalogueUnknownReference,
                    format!("/crossSell/{i}/suggest/{k}"),
                    format!("no product '{p}'"),
                );
            }
        }
        if !(r.lift > 0.0 && r.lift.is_finite()) {
            err(
                errors,
                ErrorCode::CatalogueInvalid,
                format!("/crossSell/{i}/lift"),
                "lift must be above 0".into(),
            );
        }
    }
}

/// Calls `f` with the JSON Pointer and value of every customer-facing text of the catalogue.
/// Optional texts left empty (no locale at all) are not reported.
fn each_text(doc: &CatalogueDoc, f: &mut dyn FnMut(&dyn Fn() -> String, &Text)) {
    // The path is built only when a check needs it (thousands of texts, few warnings).
    let mut t = |path: &dyn Fn() -> String, text: &Text| {
        if !text.0.is_empty() {
            f(path, text);
        }
    };
    for (i, c) in doc.risk_scale.classes.iter().enumerate() {
        t(&|| format!("/riskScale/classes/{i}/label"), &c.label);
        t(
            &|| format!("/riskScale/classes/{i}/description"),
            &c.description,
        );
    }
    for (i, c) in doc.risk_scale.levels.iter().enumerate() {
        t(&|| format!("/riskScale/levels/{i}/label"), &c.label);
        t(
            &|| format!("/riskScale/levels/{i}/description"),
            &c.description,
        );
    }
    for (qi, q) in doc.questionnaires.iter().enumerate() {
        let base = format!("/questionnaires/{qi}");
        t(&|| format!("{base}/title"), &q.title);
        t(&|| format!("{base}/description"), &q.description);
        for (ii, item) in q.items.iter().enumerate() {
            t(&|| format!("{base}/items/{ii}/text"), &item.text);
            t(&|| format!("{base}/items/{ii}/help"), &item.help);
            for (oi, o) in item.options.iter().enumerate() {
                t(&|| format!("{base}/items/{ii}/options/{oi}/text"), &o.text);
            }
        }
        for (ci, c) in q.consistency.iter().enumerate() {
            t(&|| format!("{base}/consistency/{ci}/prompt"), &c.prompt);
        }
    }
    for (i, c) in doc.capacity_caps.iter().enumerate() {
        t(&|| format!("/capacityCaps/{i}/reason"), &c.reason);
    }
    for (i, p) in doc.products.iter().enumerate() {
        let x = &p.texts;
        for (name, text) in [
            ("name", &x.name),
            ("summary", &x.summary),
            ("benefits", &x.benefits),
            ("risks", &x.risks),
            ("disclosure", &x.disclosure),
        ] {
            t(&|| format!("/products/{i}/texts/{name}"), text);
        }
    }
    for (i, c) in doc.context_weights.iter().enumerate() {
        t(&|| format!("/contextWeights/{i}/reason"), &c.reason);
    }
    for (i, c) in doc.cross_sell.iter().enumerate() {
        t(&|| format!("/crossSell/{i}/reason"), &c.reason);
    }
    for (i, n) in doc.notices.iter().enumerate() {
        t(&|| format!("/notices/{i}/text"), &n.text);
    }
    for (k, text) in &doc.texts {
        t(&|| pointer_push("/texts", k), text);
    }
}

/// One embedded example test's outcome.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestOutcome {
    pub name: String,
    pub passed: bool,
    pub failures: Vec<String>,
}

/// Everything `suitable validate` reports.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub ok: bool,
    pub errors: Vec<Error>,
    pub warnings: Vec<Error>,
    pub tests: Vec<TestOutcome>,
}

/// Parses, checks, compiles and runs the embedded tests; failed tests count as errors.
pub fn validate(text: &str) -> Report {
    match Catalogue::load(text) {
        Err(errors) => Report {
            ok: false,
            errors,
            warnings: Vec::new(),
            tests: Vec::new(),
        },
        Ok(cat) => {
            let tests = crate::advice::run_tests(&cat);
            let mut errors = Vec::new();
            for (i, t) in tests.iter().enumerate() {
                for f in &t.failures {
                    errors.push(Error::new(
                        ErrorCode::CatalogueTestFailed,
                        format!("/tests/{i}"),
                        format!("{}: {f}", t.name),
                    ));
                }
            }
            Report {
                ok: errors.is_empty(),
                errors,
                warnings: cat.warnings.clone(),
                tests,
            }
        }
    }
}
