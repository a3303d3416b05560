//! The impact report: what a catalogue change (`base` → `head`) does to a population of
//! customers. Pure: the caller brings the catalogues and the personas; the CLI runs the
//! per-persona work in parallel with [`Tally::add`] and [`Tally::merge`], the sequential
//! [`impact`] gives the same report.
//!
//! Per persona both catalogues' advice is compared: the top-3 recommendation ids, each
//! product's eligibility (passes every gate, i.e. not in `excluded`), the gate codes of every
//! exclusion and the risk class of the profile. The counting runs on the text-free
//! [`recommend_lean`] (the questionnaire assessed once when both catalogues assess alike); the
//! full [`recommend`] only for the personas kept as examples. [`markdown`], [`html`] and
//! [`html_fragment`] render a report.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::advice::{recommend, recommend_lean, recommend_lean_assessed, Advice, GateFailure};
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
    /// Locale of `text` (for the HTML report's `lang`); not in the JSON report.
    #[serde(skip)]
    pub lang: String,
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
    /// Name and its locale of every product in `products` and `examples` (the head
    /// catalogue's, else the base's, in its default locale), for the HTML report; not in the
    /// JSON report, which stays keyed by id.
    #[serde(skip)]
    pub names: BTreeMap<String, (String, String)>,
}

/// What the report keeps of one advice (moved out of it, nothing copied), by the catalogue's
/// product positions.
struct Outcome {
    top: Vec<String>,
    /// Catalogue positions of `top`.
    top_at: Vec<usize>,
    /// Why codes of each top suggestion, in the order of `top`.
    why: Vec<Vec<String>>,
    /// Per catalogue product (by position): its failed gates, none when eligible (texts only
    /// in the full advice, for examples).
    gates: Vec<Vec<GateFailure>>,
    class: &'static str,
}

impl Outcome {
    fn of(a: Advice, cat: &Catalogue) -> Outcome {
        let class = match &a.profile {
            Some(p) if a.profile_status == crate::advice::ProfileStatus::Valid => p.class.as_str(),
            _ => "none",
        };
        let (mut top, mut why) = (Vec::with_capacity(TOP), Vec::with_capacity(TOP));
        for s in a.recommendations.into_iter().take(TOP) {
            top.push(s.product_id);
            why.push(s.why.into_iter().map(|r| r.code).collect());
        }
        let top_at = top.iter().filter_map(|id| cat.product_index(id)).collect();
        let products = &cat.doc.products;
        let mut gates: Vec<Vec<GateFailure>> = Vec::new();
        gates.resize_with(products.len(), Vec::new);
        // Exclusions come in catalogue order: one forward walk finds them all.
        let mut next = 0;
        for e in a.excluded {
            let at = products
                .get(next..)
                .and_then(|rest| rest.iter().position(|p| p.id == e.product_id))
                .map(|k| next + k)
                .or_else(|| cat.product_index(&e.product_id));
            let Some(slot) = at.and_then(|i| {
                next = i + 1;
                gates.get_mut(i)
            }) else {
                continue;
            };
            if slot.is_empty() {
                *slot = e.gates;
            }
        }
        Outcome {
            top,
            top_at,
            why,
            gates,
            class,
        }
    }
    fn eligible(&self, at: Option<usize>) -> bool {
        at.and_then(|i| self.gates.get(i))
            .is_some_and(Vec::is_empty)
    }
    fn in_top(&self, at: Option<usize>) -> bool {
        at.is_some_and(|i| self.top_at.contains(&i))
    }
    /// The failed gates of the product at `at` as the report shows them (none when eligible).
    fn why_not(&self, at: Option<usize>) -> Vec<GateText> {
        at.and_then(|i| self.gates.get(i))
            .map_or_else(Vec::new, |gates| {
                gates
                    .iter()
                    .map(|g| GateText {
                        gate: g.gate.to_string(),
                        code: g.code.to_string(),
                        text: g.text.clone(),
                        lang: g.lang.clone(),
                    })
                    .collect()
            })
    }
    fn why_of(&self, id: &str) -> Vec<String> {
        self.top
            .iter()
            .zip(&self.why)
            .find(|(p, _)| *p == id)
            .map(|(_, w)| w.clone())
            .unwrap_or_default()
    }
}

/// `f` on the value of `key`, inserted as the default first when absent (the key is copied
/// only then).
fn update<V: Default>(map: &mut BTreeMap<String, V>, key: &str, f: impl FnOnce(&mut V)) {
    if let Some(v) = map.get_mut(key) {
        f(v);
    } else {
        let mut v = V::default();
        f(&mut v);
        map.insert(key.to_string(), v);
    }
}

/// `more` added to `list`, keeping the [`EXAMPLES`] lowest persona indexes.
fn merge_examples(list: &mut Vec<Example>, more: Vec<Example>) {
    list.extend(more);
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

/// What a tally needs of its two catalogues, found once: whether they assess alike, and every
/// product id of either (the base's in order, then those only in the head) with its position
/// in each.
#[derive(Debug, PartialEq)]
struct Pair {
    same_assessment: bool,
    products: Vec<(String, Option<usize>, Option<usize>)>,
}

impl Pair {
    fn of(base: &Catalogue, head: &Catalogue) -> Pair {
        let mut products = Vec::new();
        for (side, cat) in [(0, base), (1, head)] {
            for (i, p) in cat.doc.products.iter().enumerate() {
                // The first declaration of an id only; a head id once, with the base's.
                if cat.product_index(&p.id) != Some(i)
                    || (side == 1 && base.product_index(&p.id).is_some())
                {
                    continue;
                }
                products.push((
                    p.id.clone(),
                    base.product_index(&p.id),
                    head.product_index(&p.id),
                ));
            }
        }
        Pair {
            same_assessment: same_assessment(base, head),
            products,
        }
    }
}

/// Whether `a` and `b` turn every answer into the same risk profile: the same questionnaires,
/// policy, capacity caps, risk scale, locales and texts, all that `profile::assess` reads.
fn same_assessment(a: &Catalogue, b: &Catalogue) -> bool {
    use crate::json::to_value;
    let part = |d: &crate::catalogue::doc::CatalogueDoc| {
        [
            to_value(&d.questionnaires).ok(),
            to_value(&d.policy).ok(),
            to_value(&d.capacity_caps).ok(),
            to_value(&d.risk_scale).ok(),
            to_value(&d.locales).ok(),
            to_value(&d.texts).ok(),
        ]
    };
    let (pa, pb) = (part(&a.doc), part(&b.doc));
    pa.iter().all(Option::is_some) && pa == pb
}

/// A mergeable accumulator: add personas in any order and split, merge the parts; the report
/// is the same (counts add up, examples keep the lowest persona indexes). A tally is for one
/// pair of catalogues, found on its first `add` (or given to [`Tally::for_pair`]).
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
    pair: Option<Arc<Pair>>,
    /// Per product of `pair` (by position) while counting.
    counts: Vec<ProductChange>,
    /// Examples by (position in `pair`, change) while counting.
    found: BTreeMap<(usize, Change), Vec<Example>>,
    /// Counts and examples by product id ([`Tally::flush`]ed from the two above).
    products: BTreeMap<String, ProductChange>,
    examples: BTreeMap<(String, Change), Vec<Example>>,
    gates: BTreeMap<String, GateChange>,
    classes: BTreeMap<String, BeforeAfter>,
}

impl Tally {
    pub fn new() -> Tally {
        Tally::default()
    }

    /// An empty tally for `base` → `head` that has already compared them (a `new` one does
    /// on its first `add`): clone it for each part of a parallel run.
    pub fn for_pair(base: &Catalogue, head: &Catalogue) -> Tally {
        let pair = Pair::of(base, head);
        Tally {
            counts: vec![ProductChange::default(); pair.products.len()],
            pair: Some(Arc::new(pair)),
            ..Tally::default()
        }
    }

    /// Runs the advice for persona `index` on both catalogues and counts the differences.
    /// The counting uses [`recommend_lean`] (the same decisions, no texts); the full
    /// [`recommend`] runs only for a persona that becomes an example, for its why-not texts.
    pub fn add(
        &mut self,
        index: usize,
        input: &RecommendInput,
        base: &Catalogue,
        head: &Catalogue,
    ) {
        let pair = Arc::clone(
            self.pair
                .get_or_insert_with(|| Arc::new(Pair::of(base, head))),
        );
        if self.counts.len() != pair.products.len() {
            self.counts
                .resize(pair.products.len(), ProductChange::default());
        }
        self.personas += 1;
        let b = recommend_lean(base, input);
        // The base's assessment stands for the head's when both assess alike.
        let h = match &b {
            Ok(Advice {
                profile: Some(p), ..
            }) if pair.same_assessment && input.profile.is_none() => {
                recommend_lean_assessed(head, input, p)
            }
            _ => recommend_lean(head, input),
        };
        match (b, h) {
            (Ok(b), Ok(h)) => {
                let (b, h) = (Outcome::of(b, base), Outcome::of(h, head));
                self.compare(&pair, index, input, base, head, &b, &h);
            }
            (b, h) => {
                self.errors_base += u64::from(b.is_err());
                self.errors_head += u64::from(h.is_err());
            }
        }
    }

    #[allow(clippy::too_many_arguments)] // one persona's two outcomes and their context
    fn compare(
        &mut self,
        pair: &Pair,
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
        update(&mut self.classes, b.class, |c| c.before += 1);
        update(&mut self.classes, h.class, |c| c.after += 1);
        for (side, o) in [(0, b), (1, h)] {
            for g in o.gates.iter().flatten() {
                update(&mut self.gates, g.code, |e| {
                    if e.gate.is_empty() {
                        e.gate = g.gate.to_string();
                    }
                    if side == 0 {
                        e.before += 1;
                    } else {
                        e.after += 1;
                    }
                });
            }
        }
        // The full advice of both sides, for the why-not texts of an example (made once).
        let mut full: Option<(Outcome, Outcome)> = None;
        let (mut lost_e, mut gained_e, mut lost_t, mut gained_t) = (false, false, false, false);
        for (k, ((id, bi, hi), count)) in pair.products.iter().zip(&mut self.counts).enumerate() {
            let (eb, eh) = (b.eligible(*bi), h.eligible(*hi));
            let (tb, th) = (b.in_top(*bi), h.in_top(*hi));
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
            count.merge(&c);
            for ch in changes {
                let list = self.found.entry((k, ch)).or_default();
                if list.len() >= EXAMPLES {
                    continue;
                }
                if full.is_none() {
                    full = match (recommend(base, input), recommend(head, input)) {
                        (Ok(fb), Ok(fh)) => Some((Outcome::of(fb, base), Outcome::of(fh, head))),
                        _ => None,
                    };
                }
                // The lean and the full advice decide alike; only the texts come from the full.
                let (fb, fh) = full.as_ref().map_or((b, h), |(fb, fh)| (fb, fh));
                let (why, why_not) = match ch {
                    Change::LostEligibility => (Vec::new(), fh.why_not(*hi)),
                    Change::GainedEligibility => (Vec::new(), fb.why_not(*bi)),
                    Change::LostTop3 => (b.why_of(id), fh.why_not(*hi)),
                    Change::GainedTop3 => (h.why_of(id), fb.why_not(*bi)),
                };
                list.push(Example {
                    index,
                    persona: input.persona.clone(),
                    top3_before: b.top.clone(),
                    top3_after: h.top.clone(),
                    why,
                    why_not,
                });
            }
        }
        self.lost_eligibility += u64::from(lost_e);
        self.gained_eligibility += u64::from(gained_e);
        self.lost_top3 += u64::from(lost_t);
        self.gained_top3 += u64::from(gained_t);
    }

    /// Moves the per-position counts and examples into the maps by product id.
    fn flush(&mut self) {
        let Some(pair) = &self.pair else {
            return;
        };
        for ((id, _, _), c) in pair.products.iter().zip(&mut self.counts) {
            if *c != ProductChange::default() {
                update(&mut self.products, id, |p| p.merge(c));
                *c = ProductChange::default();
            }
        }
        for ((k, ch), list) in std::mem::take(&mut self.found) {
            if let Some((id, _, _)) = pair.products.get(k) {
                merge_examples(self.examples.entry((id.clone(), ch)).or_default(), list);
            }
        }
    }

    /// Adds another part's counts and examples.
    pub fn merge(mut self, mut o: Tally) -> Tally {
        let same = match (&self.pair, &o.pair) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
            _ => false,
        };
        if same {
            for (c, d) in self.counts.iter_mut().zip(&o.counts) {
                c.merge(d);
            }
            for (k, v) in std::mem::take(&mut o.found) {
                merge_examples(self.found.entry(k).or_default(), v);
            }
        } else {
            self.flush();
            o.flush();
            if self.pair.is_none() {
                self.pair = o.pair.take();
                self.counts = std::mem::take(&mut o.counts);
            }
        }
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
            merge_examples(self.examples.entry(k).or_default(), v);
        }
        self
    }

    pub fn report(mut self, base: &Catalogue, head: &Catalogue) -> Report {
        self.flush();
        let mut r = self.counts(base, head);
        let name = |cat: &Catalogue, id: &str| {
            let p = cat.product(id)?;
            Some(cat.resolve(&p.texts.name, &cat.locale_chain(None)))
        };
        let ids: BTreeSet<&String> = r
            .products
            .keys()
            .chain(r.examples.iter().map(|e| &e.product))
            .collect();
        r.names = ids
            .into_iter()
            .filter_map(|id| Some((id.clone(), name(head, id).or_else(|| name(base, id))?)))
            .collect();
        r
    }

    fn counts(self, base: &Catalogue, head: &Catalogue) -> Report {
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
            names: BTreeMap::new(),
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

// ---------------------------------------------------------------------------------------------
// HTML

/// The stylesheet of [`html`], every selector under `.impact-report`. [`html_fragment`] carries
/// no style of its own (a page under `style-src 'self'` cannot use inline styles): a host page
/// adds these rules to its own stylesheet. Colours are inherited, so the page's palette (light
/// or dark) applies and contrast stays the page's.
pub const HTML_CSS: &str = "\
.impact-report{line-height:1.5;max-width:72rem}
.impact-report h2{font-size:1.25em;margin:1.5em 0 .5em}
.impact-report h3{font-size:1.05em;margin:1.25em 0 .25em}
.impact-report .impact-scroll{overflow-x:auto;margin:0 0 1em}
.impact-report .impact-scroll:focus-visible{outline:2px solid;outline-offset:2px}
.impact-report table{border-collapse:collapse}
.impact-report caption{text-align:left;font-weight:600;padding:0 0 .25em}
.impact-report th,.impact-report td{border:1px solid;padding:.25em .5em;text-align:left;vertical-align:top}
.impact-report thead th{font-weight:600}
.impact-report tbody th{font-weight:normal}
.impact-report .impact-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.impact-report code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.95em;overflow-wrap:anywhere}
.impact-report .impact-examples{padding-left:1.25em}
.impact-report .impact-examples li{margin:.25em 0}
";

/// `s` with `& < > " '` escaped, for text and attribute values alike.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// One table: a caption, column headers (`scope="col"`; `true` for a number column) and rows
/// whose first cell is the row header (`scope="row"`). Cells are HTML already escaped. The
/// table sits in a focusable, labelled scroll box, so a wide table scrolls on its own at 320
/// CSS px and a keyboard user can scroll it.
fn html_table(o: &mut String, caption: &str, cols: &[(&str, bool)], rows: &[Vec<String>]) {
    o.push_str(&format!(
        "<div class=\"impact-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
        esc(caption)
    ));
    o.push_str("<table class=\"impact-table\">\n");
    o.push_str(&format!("<caption>{}</caption>\n<thead><tr>", esc(caption)));
    for (name, num) in cols {
        let class = if *num { " class=\"impact-num\"" } else { "" };
        o.push_str(&format!("<th scope=\"col\"{class}>{}</th>", esc(name)));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        o.push_str("<tr>");
        for (i, (cell, (_, num))) in row.iter().zip(cols).enumerate() {
            let class = if *num { " class=\"impact-num\"" } else { "" };
            if i == 0 {
                o.push_str(&format!("<th scope=\"row\"{class}>{cell}</th>"));
            } else {
                o.push_str(&format!("<td{class}>{cell}</td>"));
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n</div>\n");
}

fn code(s: &str) -> String {
    format!("<code>{}</code>", esc(s))
}

fn signed(before: u64, after: u64) -> String {
    let d = i128::from(after) - i128::from(before);
    if d == 0 {
        "0".to_string()
    } else {
        format!("{d:+}")
    }
}

/// A product's name from the report, in its `lang`, or an empty string.
fn name_html(r: &Report, id: &str) -> String {
    r.names.get(id).map_or_else(String::new, |(name, lang)| {
        if lang.is_empty() {
            esc(name)
        } else {
            format!("<span lang=\"{}\">{}</span>", esc(lang), esc(name))
        }
    })
}

fn ids(list: &[String]) -> String {
    if list.is_empty() {
        "none".to_string()
    } else {
        list.iter().map(|s| code(s)).collect::<Vec<_>>().join(", ")
    }
}

/// The report as an HTML fragment: the same sections as [`markdown`] (`<h2>` each, examples
/// under `<h3>`), tables with captions and `scope`d headers, every catalogue and persona string
/// escaped. No `id`, no inline style, no script, no external resource; every class starts with
/// `impact-` (the root is `<div class="impact-report">`), so it can sit in any page; style it
/// with [`HTML_CSS`].
pub fn html_fragment(r: &Report) -> String {
    let mut o = String::new();
    o.push_str("<div class=\"impact-report\">\n");
    o.push_str(&format!(
        "<p>{} personas; base {} ({} refused), head {} ({} refused).</p>\n",
        r.personas,
        code(&r.base.catalogue_version),
        r.base.errors,
        code(&r.head.catalogue_version),
        r.head.errors
    ));
    let side = |name: &str, s: &Side| {
        vec![
            esc(name),
            code(&s.catalogue_version),
            code(&s.catalogue_sha256),
            s.errors.to_string(),
        ]
    };
    html_table(
        &mut o,
        "Catalogues compared",
        &[
            ("side", false),
            ("version", false),
            ("sha256", false),
            ("personas refused", true),
        ],
        &[side("base", &r.base), side("head", &r.head)],
    );

    o.push_str("<h2>Summary</h2>\n");
    let s = &r.summary;
    let rows: Vec<Vec<String>> = [
        ("top-3 suggestions changed", s.top3_changed),
        ("lost eligibility for a product", s.lost_eligibility),
        ("gained eligibility for a product", s.gained_eligibility),
        ("a product left the top 3", s.lost_top3),
        ("a product entered the top 3", s.gained_top3),
        ("risk class changed", s.class_changed),
    ]
    .iter()
    .map(|(name, m)| vec![esc(name), m.personas.to_string(), format!("{}%", m.pct)])
    .collect();
    html_table(
        &mut o,
        &format!("Personas per kind of change, of {}", r.personas),
        &[("change", false), ("personas", true), ("share", true)],
        &rows,
    );

    o.push_str("<h2>Products</h2>\n");
    if r.products.is_empty() {
        o.push_str("<p>No product changed for any persona.</p>\n");
    } else {
        let rows: Vec<Vec<String>> = r
            .products
            .iter()
            .map(|(id, c)| {
                vec![
                    code(id),
                    name_html(r, id),
                    c.eligible_before.to_string(),
                    c.eligible_after.to_string(),
                    c.lost_eligibility.to_string(),
                    c.gained_eligibility.to_string(),
                    c.top3_before.to_string(),
                    c.top3_after.to_string(),
                    c.lost_top3.to_string(),
                    c.gained_top3.to_string(),
                ]
            })
            .collect();
        html_table(
            &mut o,
            "Personas per product that changed",
            &[
                ("product", false),
                ("name", false),
                ("eligible before", true),
                ("eligible after", true),
                ("lost eligibility", true),
                ("gained eligibility", true),
                ("top 3 before", true),
                ("top 3 after", true),
                ("left top 3", true),
                ("entered top 3", true),
            ],
            &rows,
        );
    }

    o.push_str("<h2>Exclusions per gate</h2>\n");
    if r.gates.is_empty() {
        o.push_str("<p>No product was excluded on either side.</p>\n");
    } else {
        let rows: Vec<Vec<String>> = r
            .gates
            .iter()
            .map(|(c, g)| {
                vec![
                    code(c),
                    esc(&g.gate),
                    g.before.to_string(),
                    g.after.to_string(),
                    signed(g.before, g.after),
                ]
            })
            .collect();
        html_table(
            &mut o,
            "Exclusions (persona and product) per gate code",
            &[
                ("code", false),
                ("gate", false),
                ("before", true),
                ("after", true),
                ("change", true),
            ],
            &rows,
        );
    }

    o.push_str("<h2>Risk classes</h2>\n");
    let rows: Vec<Vec<String>> = r
        .risk_classes
        .iter()
        .map(|(c, v)| {
            vec![
                esc(c),
                v.before.to_string(),
                v.after.to_string(),
                signed(v.before, v.after),
            ]
        })
        .collect();
    html_table(
        &mut o,
        "Personas per risk class (none: no usable profile)",
        &[
            ("class", false),
            ("before", true),
            ("after", true),
            ("change", true),
        ],
        &rows,
    );

    o.push_str("<h2>Examples</h2>\n");
    if r.examples.is_empty() {
        o.push_str("<p>None: nothing changed.</p>\n");
    }
    for set in &r.examples {
        let name = name_html(r, &set.product);
        let name = if name.is_empty() {
            name
        } else {
            format!(" ({name})")
        };
        o.push_str(&format!(
            "<h3>{}{name}: {}</h3>\n<ul class=\"impact-examples\">\n",
            code(&set.product),
            esc(set.change.as_str())
        ));
        for e in &set.personas {
            let label = e
                .persona
                .as_deref()
                .map_or_else(String::new, |p| format!(" ({})", esc(p)));
            o.push_str(&format!(
                "<li>persona #{}{label}: top 3 before: {}; after: {}",
                e.index,
                ids(&e.top3_before),
                ids(&e.top3_after)
            ));
            if !e.why.is_empty() || !e.why_not.is_empty() {
                o.push_str("\n<ul>\n");
                if !e.why.is_empty() {
                    o.push_str(&format!("<li>why: {}</li>\n", ids(&e.why)));
                }
                for g in &e.why_not {
                    let lang = if g.lang.is_empty() {
                        String::new()
                    } else {
                        format!(" lang=\"{}\"", esc(&g.lang))
                    };
                    o.push_str(&format!(
                        "<li>why not: {} {}: <span{lang}>{}</span></li>\n",
                        esc(&g.gate),
                        code(&g.code),
                        esc(&g.text)
                    ));
                }
                o.push_str("</ul>\n");
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</div>\n");
    o
}

/// The report as a standalone HTML document: `lang`, a title naming both catalogue versions,
/// the inline [`HTML_CSS`] and [`html_fragment`]; no script and no external resource, so it
/// can be attached to a CI run or mailed and opened anywhere.
pub fn html(r: &Report) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Impact report: {} \u{2192} {}, {} personas</title>\n\
<style>\n:root{{color-scheme:light dark}}\nbody{{font-family:system-ui,sans-serif;margin:1rem}}\n{HTML_CSS}</style>\n\
</head>\n<body>\n<main>\n<h1>Impact report</h1>\n{}</main>\n</body>\n</html>\n",
        esc(&r.base.catalogue_version),
        esc(&r.head.catalogue_version),
        r.personas,
        html_fragment(r)
    )
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

    #[test]
    fn html_escapes_every_string_from_the_inputs() {
        let bad = "<script>&\"'";
        let mut r = Report {
            personas: 1,
            ..Report::default()
        };
        r.base.catalogue_version = bad.to_string();
        r.products.insert(bad.to_string(), ProductChange::default());
        r.names
            .insert(bad.to_string(), (bad.to_string(), "\"><b".to_string()));
        r.gates.insert(
            bad.to_string(),
            GateChange {
                gate: bad.to_string(),
                before: 1,
                after: 0,
            },
        );
        r.risk_classes
            .insert(bad.to_string(), BeforeAfter::default());
        r.examples.push(ExampleSet {
            product: bad.to_string(),
            change: Change::LostEligibility,
            personas: vec![Example {
                index: 0,
                persona: Some(bad.to_string()),
                top3_before: vec![bad.to_string()],
                top3_after: Vec::new(),
                why: vec![bad.to_string()],
                why_not: vec![GateText {
                    gate: bad.to_string(),
                    code: bad.to_string(),
                    text: bad.to_string(),
                    lang: bad.to_string(),
                }],
            }],
        });
        let f = html_fragment(&r);
        assert!(!f.contains("<script") && !f.contains("<b"), "{f}");
        assert!(f.contains("&lt;script&gt;&amp;&quot;&#39;"), "{f}");
        assert!(f.starts_with("<div class=\"impact-report\">") && !f.contains(" id="));
        let doc = html(&r);
        assert!(doc.contains("<title>Impact report: &lt;script&gt;&amp;&quot;&#39; "));
        assert!(doc.contains(&f));
    }
}
