//! The impact report: what a catalogue change (`base` → `head`) does to a population of
//! customers. Pure: the caller brings the catalogues and the personas; the CLI runs the
//! per-persona work in parallel with [`Tally::add`] and [`Tally::merge`], the sequential
//! [`impact`] gives the same report.
//!
//! Per persona both catalogues' advice is compared: the top-3 recommendation ids, each
//! product's eligibility (passes every gate, i.e. not in `excluded`), the gate codes of every
//! exclusion and the risk class of the profile.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::advice::{recommend, Advice};
use crate::catalogue::Catalogue;
use crate::input::RecommendInput;
use crate::model::js_f64;

/// How many top recommendations count as "the top suggestions".
pub const TOP: usize = 3;
/// Example personas kept per notable change.
pub const EXAMPLES: usize = 5;

/// A count of personas and its share of the population in percent (2 decimals).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Measure {
    pub personas: u64,
    #[serde(serialize_with = "js_f64")]
    pub pct: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Personas whose top-3 recommendation ids (in order) differ.
    pub top3_changed: Measure,
    /// Personas losing eligibility for at least one product.
    pub lost_eligibility: Measure,
    pub gained_eligibility: Measure,
    /// Personas where at least one product left (entered) the top 3.
    pub lost_top3: Measure,
    pub gained_top3: Measure,
    /// Personas whose risk class (or having one at all) changed.
    pub class_changed: Measure,
}

/// One catalogue side of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Side {
    pub catalogue_version: String,
    pub catalogue_sha256: String,
    /// Personas the engine refused with this catalogue (left out of every comparison).
    pub errors: u64,
}

/// Per product: personas for whom it is eligible / in the top 3, and the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ProductChange {
    pub eligible_before: u64,
    pub eligible_after: u64,
    pub gained_eligibility: u64,
    pub lost_eligibility: u64,
    pub top3_before: u64,
    pub top3_after: u64,
    pub gained_top3: u64,
    pub lost_top3: u64,
}

impl ProductChange {
    fn changed(&self) -> bool {
        self.gained_eligibility + self.lost_eligibility + self.gained_top3 + self.lost_top3 > 0
    }
    fn merge(&mut self, o: &ProductChange) {
        self.eligible_before += o.eligible_before;
        self.eligible_after += o.eligible_after;
        self.gained_eligibility += o.gained_eligibility;
        self.lost_eligibility += o.lost_eligibility;
        self.top3_before += o.top3_before;
        self.top3_after += o.top3_after;
        self.gained_top3 += o.gained_top3;
        self.lost_top3 += o.lost_top3;
    }
}

/// Exclusions (persona × product) carrying a gate code, before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct GateChange {
    pub gate: String,
    pub before: u64,
    pub after: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct BeforeAfter {
    pub before: u64,
    pub after: u64,
}

/// A failed gate as the customer reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GateText {
    pub gate: String,
    pub code: String,
    pub text: String,
}

/// One example persona for a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    /// Line number in the personas file, from 0.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persona: Option<String>,
    pub top3_before: Vec<String>,
    pub top3_after: Vec<String>,
    /// Why the product is recommended, on the side where it is in the top 3 (reason codes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub why: Vec<String>,
    /// Why not: the gates the product fails, on the side where it is excluded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub why_not: Vec<GateText>,
}

/// The kinds of change that get examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    LostEligibility,
    GainedEligibility,
    LostTop3,
    GainedTop3,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::LostEligibility => "lost eligibility",
            Change::GainedEligibility => "gained eligibility",
            Change::LostTop3 => "lost a top-3 place",
            Change::GainedTop3 => "gained a top-3 place",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExampleSet {
    pub product: String,
    pub change: Change,
    pub personas: Vec<Example>,
}

/// The report, in a stable key order (struct fields, sorted maps), for diffing.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub personas: u64,
    pub base: Side,
    pub head: Side,
    pub summary: Summary,
    /// Only products with a change.
    pub products: BTreeMap<String, ProductChange>,
    /// Every gate code seen on either side.
    pub gates: BTreeMap<String, GateChange>,
    /// Personas per risk class; "none" without a usable profile.
    pub risk_classes: BTreeMap<String, BeforeAfter>,
    pub examples: Vec<ExampleSet>,
}

/// What the report keeps of one advice.
struct Outcome {
    top: Vec<String>,
    /// (product id, its failed gates)
    excluded: Vec<(String, Vec<GateText>)>,
    /// Why codes of the top suggestions, by product.
    why: Vec<(String, Vec<String>)>,
    class: String,
}

impl Outcome {
    fn of(a: &Advice) -> Outcome {
        let top: Vec<&crate::advice::Suggestion> = a.recommendations.iter().take(TOP).collect();
        Outcome {
            top: top.iter().map(|s| s.product_id.clone()).collect(),
            why: top
                .iter()
                .map(|s| {
                    (
                        s.product_id.clone(),
                        s.why.iter().map(|r| r.code.clone()).collect(),
                    )
                })
                .collect(),
            excluded: a
                .excluded
                .iter()
                .map(|e| {
                    let gates = e
                        .gates
                        .iter()
                        .map(|g| GateText {
                            gate: g.gate.to_string(),
                            code: g.code.to_string(),
                            text: g.text.clone(),
                        })
                        .collect();
                    (e.product_id.clone(), gates)
                })
                .collect(),
            class: a
                .profile
                .as_ref()
                .filter(|_| a.profile_status == crate::advice::ProfileStatus::Valid)
                .map_or_else(|| "none".to_string(), |p| p.class.as_str().to_string()),
        }
    }
    fn gates_of(&self, id: &str) -> Option<&Vec<GateText>> {
        self.excluded.iter().find(|(p, _)| p == id).map(|(_, g)| g)
    }
    fn why_of(&self, id: &str) -> Vec<String> {
        self.why
            .iter()
            .find(|(p, _)| p == id)
            .map(|(_, w)| w.clone())
            .unwrap_or_default()
    }
}

/// A mergeable accumulator: add personas in any order and split, merge the parts; the report
/// is the same (counts add up, examples keep the lowest persona indexes).
#[derive(Debug, Clone, Default)]
pub struct Tally {
    personas: u64,
    errors_base: u64,
    errors_head: u64,
    top3_changed: u64,
    lost_eligibility: u64,
    gained_eligibility: u64,
    lost_top3: u64,
    gained_top3: u64,
    class_changed: u64,
    products: BTreeMap<String, ProductChange>,
    gates: BTreeMap<String, GateChange>,
    classes: BTreeMap<String, BeforeAfter>,
    examples: BTreeMap<(String, Change), Vec<Example>>,
}

impl Tally {
    pub fn new() -> Tally {
        Tally::default()
    }

    /// Runs `recommend` for persona `index` on both catalogues and counts the differences.
    pub fn add(
        &mut self,
        index: usize,
        input: &RecommendInput,
        base: &Catalogue,
        head: &Catalogue,
    ) {
        self.personas += 1;
        let b = recommend(base, input).map(|a| Outcome::of(&a));
        let h = recommend(head, input).map(|a| Outcome::of(&a));
        let (b, h) = match (b, h) {
            (Ok(b), Ok(h)) => (b, h),
            (b, h) => {
                self.errors_base += u64::from(b.is_err());
                self.errors_head += u64::from(h.is_err());
                return;
            }
        };
        self.compare(index, input, base, head, &b, &h);
    }

    fn compare(
        &mut self,
        index: usize,
        input: &RecommendInput,
        base: &Catalogue,
        head: &Catalogue,
        b: &Outcome,
        h: &Outcome,
    ) {
        if b.top != h.top {
            self.top3_changed += 1;
        }
        if b.class != h.class {
            self.class_changed += 1;
        }
        self.classes.entry(b.class.clone()).or_default().before += 1;
        self.classes.entry(h.class.clone()).or_default().after += 1;
        for (side, o) in [(0, b), (1, h)] {
            for (_, gates) in &o.excluded {
                for g in gates {
                    let e = self
                        .gates
                        .entry(g.code.clone())
                        .or_insert_with(|| GateChange {
                            gate: g.gate.clone(),
                            before: 0,
                            after: 0,
                        });
                    if side == 0 {
                        e.before += 1;
                    } else {
                        e.after += 1;
                    }
                }
            }
        }
        let ids: BTreeSet<&str> = base
            .doc
            .products
            .iter()
            .chain(&head.doc.products)
            .map(|p| p.id.as_str())
            .collect();
        let (mut lost_e, mut gained_e, mut lost_t, mut gained_t) = (false, false, false, false);
        for id in ids {
            let eb = base.product(id).is_some() && b.gates_of(id).is_none();
            let eh = head.product(id).is_some() && h.gates_of(id).is_none();
            let tb = b.top.iter().any(|t| t == id);
            let th = h.top.iter().any(|t| t == id);
            let mut c = ProductChange {
                eligible_before: u64::from(eb),
                eligible_after: u64::from(eh),
                top3_before: u64::from(tb),
                top3_after: u64::from(th),
                ..ProductChange::default()
            };
            let mut changes = Vec::new();
            if eb && !eh {
                c.lost_eligibility = 1;
                lost_e = true;
                changes.push(Change::LostEligibility);
            }
            if !eb && eh {
                c.gained_eligibility = 1;
                gained_e = true;
                changes.push(Change::GainedEligibility);
            }
            if tb && !th {
                c.lost_top3 = 1;
                lost_t = true;
                changes.push(Change::LostTop3);
            }
            if !tb && th {
                c.gained_top3 = 1;
                gained_t = true;
                changes.push(Change::GainedTop3);
            }
            self.products.entry(id.to_string()).or_default().merge(&c);
            for ch in changes {
                let list = self.examples.entry((id.to_string(), ch)).or_default();
                if list.len() >= EXAMPLES {
                    continue;
                }
                let (why, why_not) = match ch {
                    Change::LostEligibility => (Vec::new(), h.gates_of(id)),
                    Change::GainedEligibility => (Vec::new(), b.gates_of(id)),
                    Change::LostTop3 => (b.why_of(id), h.gates_of(id)),
                    Change::GainedTop3 => (h.why_of(id), b.gates_of(id)),
                };
                list.push(Example {
                    index,
                    persona: input.persona.clone(),
                    top3_before: b.top.clone(),
                    top3_after: h.top.clone(),
                    why,
                    why_not: why_not.cloned().unwrap_or_default(),
                });
            }
        }
        self.lost_eligibility += u64::from(lost_e);
        self.gained_eligibility += u64::from(gained_e);
        self.lost_top3 += u64::from(lost_t);
        self.gained_top3 += u64::from(gained_t);
    }

    /// Adds another part's counts and examples.
    pub fn merge(mut self, o: Tally) -> Tally {
        self.personas += o.personas;
        self.errors_base += o.errors_base;
        self.errors_head += o.errors_head;
        self.top3_changed += o.top3_changed;
        self.lost_eligibility += o.lost_eligibility;
        self.gained_eligibility += o.gained_eligibility;
        self.lost_top3 += o.lost_top3;
        self.gained_top3 += o.gained_top3;
        self.class_changed += o.class_changed;
        for (k, v) in o.products {
            self.products.entry(k).or_default().merge(&v);
        }
        for (k, v) in o.gates {
            let e = self.gates.entry(k).or_insert_with(|| GateChange {
                gate: v.gate.clone(),
                before: 0,
                after: 0,
            });
            e.before += v.before;
            e.after += v.after;
        }
        for (k, v) in o.classes {
            let e = self.classes.entry(k).or_default();
            e.before += v.before;
            e.after += v.after;
        }
        for (k, v) in o.examples {
            let list = self.examples.entry(k).or_default();
            list.extend(v);
            let order = crate::util::sorted_indices(list.len(), &|a, b| {
                let ia = list.get(a).map_or(0, |e| e.index);
                let ib = list.get(b).map_or(0, |e| e.index);
                ia.cmp(&ib)
            });
            let kept: Vec<Example> = order
                .iter()
                .take(EXAMPLES)
                .filter_map(|i| list.get(*i).cloned())
                .collect();
            *list = kept;
        }
        self
    }

    pub fn report(self, base: &Catalogue, head: &Catalogue) -> Report {
        let n = self.personas;
        let m = |count: u64| Measure {
            personas: count,
            pct: pct(count, n),
        };
        Report {
            personas: n,
            base: Side {
                catalogue_version: base.doc.catalogue_version.clone(),
                catalogue_sha256: base.sha256.clone(),
                errors: self.errors_base,
            },
            head: Side {
                catalogue_version: head.doc.catalogue_version.clone(),
                catalogue_sha256: head.sha256.clone(),
                errors: self.errors_head,
            },
            summary: Summary {
                top3_changed: m(self.top3_changed),
                lost_eligibility: m(self.lost_eligibility),
                gained_eligibility: m(self.gained_eligibility),
                lost_top3: m(self.lost_top3),
                gained_top3: m(self.gained_top3),
                class_changed: m(self.class_changed),
            },
            products: self
                .products
                .into_iter()
                .filter(|(_, c)| c.changed())
                .collect(),
            gates: self.gates,
            risk_classes: self.classes,
            examples: self
                .examples
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|((product, change), personas)| ExampleSet {
                    product,
                    change,
                    personas,
                })
                .collect(),
        }
    }
}

/// `count` of `total` in percent, rounded to 2 decimals (0 of 0 is 0).
fn pct(count: u64, total: u64) -> f64 {
    if total == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    let x = count as f64 * 100.0 / total as f64;
    (x * 100.0).round() / 100.0
}

/// The report over `personas`, sequentially (the CLI does the same work in parallel).
pub fn impact(base: &Catalogue, head: &Catalogue, personas: &[RecommendInput]) -> Report {
    let mut t = Tally::new();
    for (i, p) in personas.iter().enumerate() {
        t.add(i, p, base, head);
    }
    t.report(base, head)
}

// ---------------------------------------------------------------------------------------------
// --fail-on thresholds

/// What a threshold measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Top3Changed,
    LostEligibility,
    GainedEligibility,
    LostTop3,
    GainedTop3,
    ClassChanged,
    Errors,
}

impl Metric {
    pub const NAMES: [(&'static str, Metric); 7] = [
        ("top3-changed", Metric::Top3Changed),
        ("lost-eligibility", Metric::LostEligibility),
        ("gained-eligibility", Metric::GainedEligibility),
        ("lost-top3", Metric::LostTop3),
        ("gained-top3", Metric::GainedTop3),
        ("class-changed", Metric::ClassChanged),
        ("errors", Metric::Errors),
    ];
    pub fn name(self) -> &'static str {
        Metric::NAMES
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("", |(n, _)| n)
    }
    /// The number of personas this metric counts in a report.
    pub fn count(self, r: &Report) -> u64 {
        let s = &r.summary;
        match self {
            Metric::Top3Changed => s.top3_changed.personas,
            Metric::LostEligibility => s.lost_eligibility.personas,
            Metric::GainedEligibility => s.gained_eligibility.personas,
            Metric::LostTop3 => s.lost_top3.personas,
            Metric::GainedTop3 => s.gained_top3.personas,
            Metric::ClassChanged => s.class_changed.personas,
            Metric::Errors => r.head.errors,
        }
    }
}

/// `metric>value` or `metric>=value`, the value a percentage of the personas (`20%`) or a
/// number of personas (`20`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    pub metric: Metric,
    pub inclusive: bool,
    pub value: f64,
    pub percent: bool,
}

impl Threshold {
    fn shown(&self) -> String {
        format!(
            "{}{}{}{}",
            self.metric.name(),
            if self.inclusive { ">=" } else { ">" },
            self.value,
            if self.percent { "%" } else { "" }
        )
    }

    /// The message when `r` crosses this threshold.
    pub fn crossed(&self, r: &Report) -> Option<String> {
        let count = self.metric.count(r);
        #[allow(clippy::cast_precision_loss)] // counts far below 2^52
        let measured = if self.percent {
            if r.personas == 0 {
                0.0
            } else {
                count as f64 * 100.0 / r.personas as f64
            }
        } else {
            count as f64
        };
        let over = if self.inclusive {
            measured >= self.value
        } else {
            measured > self.value
        };
        over.then(|| {
            format!(
                "{}: {} of {} personas ({}%) crosses {}",
                self.metric.name(),
                count,
                r.personas,
                pct(count, r.personas),
                self.shown()
            )
        })
    }
}

/// Parses `top3-changed>20%,lost-eligibility>5%`; the message names the bad part.
pub fn parse_fail_on(spec: &str) -> Result<Vec<Threshold>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, rest, inclusive) = if let Some((n, r)) = part.split_once(">=") {
            (n, r, true)
        } else if let Some((n, r)) = part.split_once('>') {
            (n, r, false)
        } else {
            return Err(format!("'{part}': expected METRIC>VALUE[%]"));
        };
        let name = name.trim();
        let metric = Metric::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| *m)
            .ok_or_else(|| {
                let known: Vec<&str> = Metric::NAMES.iter().map(|(n, _)| *n).collect();
                format!(
                    "'{part}': unknown metric '{name}' (one of {})",
                    known.join(", ")
                )
            })?;
        let rest = rest.trim();
        let (num, percent) = match rest.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (rest, false),
        };
        let value: f64 = num
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| format!("'{part}': '{rest}' is not a number or percentage"))?;
        out.push(Threshold {
            metric,
            inclusive,
            value,
            percent,
        });
    }
    if out.is_empty() {
        return Err("--fail-on needs at least one threshold".to_string());
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Markdown

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A readable report: summary, products, gates, risk classes, examples.
pub fn markdown(r: &Report) -> String {
    let mut o = String::new();
    let mut line = |s: &str| {
        o.push_str(s);
        o.push('\n');
    };
    line("# Impact report");
    line("");
    line(&format!(
        "{} personas; base `{}` ({} refused), head `{}` ({} refused).",
        r.personas,
        cell(&r.base.catalogue_version),
        r.base.errors,
        cell(&r.head.catalogue_version),
        r.head.errors
    ));
    line("");
    line("## Summary");
    line("");
    line("| change | personas | share |");
    line("|---|---:|---:|");
    let s = &r.summary;
    for (name, m) in [
        ("top-3 suggestions changed", s.top3_changed),
        ("lost eligibility for a product", s.lost_eligibility),
        ("gained eligibility for a product", s.gained_eligibility),
        ("a product left the top 3", s.lost_top3),
        ("a product entered the top 3", s.gained_top3),
        ("risk class changed", s.class_changed),
    ] {
        line(&format!("| {name} | {} | {}% |", m.personas, m.pct));
    }
    line("");
    line("## Products");
    line("");
    if r.products.is_empty() {
        line("No product changed for any persona.");
    } else {
        line("| product | eligible before → after | lost | gained | top 3 before → after | left top 3 | entered top 3 |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        for (id, c) in &r.products {
            line(&format!(
                "| {} | {} → {} | {} | {} | {} → {} | {} | {} |",
                cell(id),
                c.eligible_before,
                c.eligible_after,
                c.lost_eligibility,
                c.gained_eligibility,
                c.top3_before,
                c.top3_after,
                c.lost_top3,
                c.gained_top3
            ));
        }
    }
    line("");
    line("## Exclusions per gate");
    line("");
    line("| gate | code | before | after | change |");
    line("|---|---|---:|---:|---:|");
    for (code, g) in &r.gates {
        let d = i128::from(g.after) - i128::from(g.before);
        let change = if d == 0 {
            "0".to_string()
        } else {
            format!("{d:+}")
        };
        line(&format!(
            "| {} | {} | {} | {} | {change} |",
            cell(&g.gate),
            cell(code),
            g.before,
            g.after
        ));
    }
    line("");
    line("## Risk classes");
    line("");
    line("| class | before | after |");
    line("|---|---:|---:|");
    for (c, v) in &r.risk_classes {
        line(&format!("| {} | {} | {} |", cell(c), v.before, v.after));
    }
    line("");
    line("## Examples");
    if r.examples.is_empty() {
        line("");
        line("None: nothing changed.");
    }
    for set in &r.examples {
        line("");
        line(&format!(
            "### {}: {}",
            cell(&set.product),
            set.change.as_str()
        ));
        line("");
        for e in &set.personas {
            let label = e
                .persona
                .as_deref()
                .map_or_else(String::new, |p| format!(" ({})", cell(p)));
            line(&format!(
                "- persona #{}{label}: top 3 [{}] → [{}]",
                e.index,
                e.top3_before.join(", "),
                e.top3_after.join(", ")
            ));
            if !e.why.is_empty() {
                line(&format!("  - why: {}", e.why.join(", ")));
            }
            for g in &e.why_not {
                line(&format!(
                    "  - why not: {} {}: {}",
                    cell(&g.gate),
                    cell(&g.code),
                    cell(&g.text)
                ));
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_parses_and_refuses() {
        let t = parse_fail_on("top3-changed>20%, lost-eligibility>=5").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].metric, Metric::Top3Changed);
        assert!(t[0].percent && !t[0].inclusive);
        assert!(t[1].inclusive && !t[1].percent);
        assert!(parse_fail_on("nope>1%").is_err());
        assert!(parse_fail_on("top3-changed<1%").is_err());
        assert!(parse_fail_on("top3-changed>x%").is_err());
        assert!(parse_fail_on("").is_err());
    }

    #[test]
    fn same_catalogue_changes_nothing() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/test-data/catalogue.json"
        ))
        .unwrap();
        let cat = Catalogue::from_json(&text).unwrap();
        let people = crate::synth::personas(50, 3, &cat);
        let r = impact(&cat, &cat, &people);
        assert_eq!(r.personas, 50);
        assert!(r.products.is_empty() && r.examples.is_empty());
        assert_eq!(r.summary.top3_changed.personas, 0);
        assert!(r.gates.values().all(|g| g.before == g.after));
        // Split and merged gives the same report.
        let mut a = Tally::new();
        let mut b = Tally::new();
        for (i, p) in people.iter().enumerate() {
            if i % 2 == 0 { &mut a } else { &mut b }.add(i, p, &cat, &cat);
        }
        assert_eq!(b.merge(a).report(&cat, &cat), r);
        assert!(markdown(&r).contains("No product changed"));
    }
}
