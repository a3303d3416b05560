//! Synthetic data for benchmarks and impact reports: deterministic for a seed, no randomness
//! source inside (a small SplitMix64 is driven by the seed the caller passes).

use crate::util::KeyMap;

use crate::catalogue::doc::{CatalogueDoc, Item, Select};
use crate::catalogue::Catalogue;
use crate::date::Date;
use crate::input::{Answer, Answers, Context, Customer, Holding, RecommendInput};
use crate::model::{Dimension, Money, RiskLevel};

/// SplitMix64: tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0; 0 gives 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        #[allow(clippy::cast_precision_loss)] // 53 random bits, exactly representable
        let x = (self.next_u64() >> 11) as f64;
        x / (1u64 << 53) as f64
    }
}

/// A stable bucket in `0..buckets` for a seed (experiment assignment); 0 buckets gives 0.
pub fn bucket(seed: u64, buckets: u32) -> u32 {
    u32::try_from(SplitMix64::new(seed).below(u64::from(buckets))).unwrap_or(0)
}

/// A catalogue of `n` products grown from `base`: the base products keep their ids (so the
/// cross-sell rules still resolve), the rest are variants with new ids, shifted risk levels,
/// propensities and the base product's eligibility rule.
pub fn grow_catalogue(base: &CatalogueDoc, n: usize, seed: u64) -> CatalogueDoc {
    let mut doc = base.clone();
    let originals = base.products.clone();
    if originals.is_empty() {
        return doc;
    }
    let mut rng = SplitMix64::new(seed);
    let mut i = 0usize;
    while doc.products.len() < n {
        let Some(src) = originals.get(i % originals.len()) else {
            break;
        };
        let mut p = src.clone();
        p.id = format!("{}-v{}", src.id, i);
        if let Some(l) = p.risk_level {
            let shift = i64::try_from(rng.below(3)).unwrap_or(0) - 1;
            // A principal-guaranteed product stays at or below R2 (the loader refuses more).
            let cap = if p.principal_guaranteed { 2 } else { 5 };
            p.risk_level = Some(RiskLevel::from_rank((i64::from(l.rank()) + shift).min(cap)));
        }
        p.propensity.base = (rng.unit() * 0.2).min(1.0);
        p.business_value = 0.5 + rng.unit() * 2.0;
        doc.products.push(p);
        i += 1;
    }
    doc.tests.clear();
    doc.catalogue_version = format!("{}+synthetic-{n}", base.catalogue_version);
    doc
}

/// The evaluation date of generated personas (the CLI's `--now` replaces it).
pub const PERSONA_NOW: (i32, u8, u8) = (2026, 11, 25);

/// Sample product ids a persona may hold (only those the catalogue has are used).
const SAMPLE_HOLDINGS: [(&str, f64); 9] = [
    ("ca-everyday", 0.80),
    ("sa-flex", 0.40),
    ("td-12m", 0.12),
    ("cc-classic", 0.25),
    ("fund-balanced", 0.08),
    ("fund-bond-euro-gov", 0.06),
    ("pen-secure", 0.12),
    ("mortgage-home", 0.20),
    ("ins-home", 0.15),
];

impl SplitMix64 {
    /// `true` with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// Roughly standard normal (Irwin-Hall of four uniforms, scaled to unit variance).
    fn normalish(&mut self) -> f64 {
        let s = self.unit() + self.unit() + self.unit() + self.unit() - 2.0;
        s * 3f64.sqrt()
    }
    /// Log-normal around `median` with spread `sigma`, in whole currency units (x100 minor).
    fn lognormal_money(&mut self, median: f64, sigma: f64) -> Money {
        let x = median * (sigma * self.normalish()).exp();
        #[allow(clippy::cast_possible_truncation)] // bounded: median * e^(sigma*3.5)
        let whole = (x / 100.0).round().max(0.0) as i64;
        Money(whole * 100)
    }
    /// An index into `weights` drawn by weight (the last one when they do not sum to 1).
    fn pick(&mut self, weights: &[f64]) -> usize {
        let mut u = self.unit();
        for (i, w) in weights.iter().enumerate() {
            if u < *w {
                return i;
            }
            u -= w;
        }
        weights.len().saturating_sub(1)
    }
}

fn pick_str<'a>(rng: &mut SplitMix64, choices: &[(&'a str, f64)]) -> &'a str {
    let weights: Vec<f64> = choices.iter().map(|c| c.1).collect();
    choices.get(rng.pick(&weights)).map_or("", |c| c.0)
}

/// A synthetic customer population for impact reports: `count` recommend inputs, persona `i`
/// drawn from its own stream (seed and index), so the first N of a larger population are the
/// same N personas. Deterministic for a seed; `now` is [`PERSONA_NOW`].
///
/// Distributions (independent unless said):
/// - **age**: 3% minors 14..17; adults in bands 18-29 20%, 30-44 27%, 45-59 25%, 60-74 18%,
///   75-90 7%, uniform inside a band.
/// - **employment** by age: minors students; 18-25 students 45%, employed 45%, unemployed 10%;
///   26-66 employed 72%, self-employed 14%, unemployed 7%, student 2%, retired 5% (over 60 only,
///   else employed); 67+ retired 90%, employed 10%.
/// - **monthly income** (minor units, log-normal, sigma 0.5): median EUR 3,200 employed, 3,800
///   self-employed, 1,800 retired, 600 students, 400 unemployed; minors none.
/// - **liquid assets**: income x months, months log-normal with median 2 + age/10, sigma 0.9;
///   **investable assets** 35% of liquid assets for a third of personas.
/// - **debts**: 45% none; otherwise income x log-normal months (median 8, sigma 1.0), and a
///   mortgage holder owes income x 60 months on top.
/// - **dependants** for ages 28-55: 0 45%, 1 25%, 2 22%, 3 8%; otherwise 0 (10% one over 55).
/// - **segment**: deposit_heavy 30%, balanced 25%, price_centred 15%, active_investor 10%,
///   loan_heavy 10%, fee_heavy 10%. **tier**: ordinary 85%, key 10%, exit 5%.
/// - **life stage**: young under 30, family with dependants, retired from 65 or retired,
///   established otherwise. **Residency**: DE 70%, AT 10%, FR 8%, IT 5%, CH 4%, GB 3%.
/// - **goals**: each of home 20%, retirement 20% (35% over 45), education 10% (40% with
///   dependants), growth 20%. **Payroll** at this bank: 45% of earners.
/// - **holdings**: the sample ids above with the probabilities listed, if in the catalogue;
///   credit products and mortgages only for adults with income.
/// - **context**: intent none 40%, savings 20%, investing 12%, borrowing 10%, retirement 10%,
///   protection 8%; an intended amount for 30% (log-normal, median EUR 5,000); a maturing
///   deposit event (5..60 days) for half of time-deposit holders.
/// - **questionnaire**: 85% of personas answer the first questionnaire of the catalogue (none
///   for the other 15%, who get no profile). Each item is answered from a latent level in
///   [0, 1]: capacity items from income, assets and age, knowledge and experience from a
///   separate "sophistication" draw, willingness and objective items from a risk appetite
///   draw; the option is the one at that level among the options sorted by score, moved one
///   step either way 25% of the time. A multi-select item selects every option up to the level
///   (an option `none` only when it is the only one).
pub fn personas(count: usize, seed: u64, cat: &Catalogue) -> Vec<RecommendInput> {
    let (y, m, d) = PERSONA_NOW;
    let now = Date::new(y, m, d).unwrap_or_default();
    (0..count)
        .map(|i| {
            let stream = seed
                .wrapping_mul(0xD1B5_4A32_D192_ED03)
                .wrapping_add(u64::try_from(i).unwrap_or(u64::MAX));
            persona(i, &mut SplitMix64::new(stream), cat, now)
        })
        .collect()
}

fn persona(i: usize, rng: &mut SplitMix64, cat: &Catalogue, now: Date) -> RecommendInput {
    // Age.
    let age: u32 = if rng.chance(0.03) {
        14 + bounded(rng, 4)
    } else {
        let bands: [(u32, u32, f64); 5] = [
            (18, 29, 0.20),
            (30, 44, 0.27),
            (45, 59, 0.25),
            (60, 74, 0.18),
            (75, 90, 0.10),
        ];
        let weights: Vec<f64> = bands.iter().map(|b| b.2).collect();
        let (lo, hi, _) = bands
            .get(rng.pick(&weights))
            .copied()
            .unwrap_or((30, 44, 1.0));
        lo + bounded(rng, hi - lo + 1)
    };
    let minor = age < 18;
    let employment = if minor {
        "student"
    } else if age <= 25 {
        pick_str(
            rng,
            &[("student", 0.45), ("employed", 0.45), ("unemployed", 0.10)],
        )
    } else if age <= 66 {
        let e = pick_str(
            rng,
            &[
                ("employed", 0.72),
                ("self_employed", 0.14),
                ("unemployed", 0.07),
                ("student", 0.02),
                ("retired", 0.05),
            ],
        );
        if e == "retired" && age <= 60 {
            "employed"
        } else {
            e
        }
    } else {
        pick_str(rng, &[("retired", 0.90), ("employed", 0.10)])
    };
    let median_income = match employment {
        "employed" => 320_000.0,
        "self_employed" => 380_000.0,
        "retired" => 180_000.0,
        "student" => 60_000.0,
        _ => 40_000.0,
    };
    let income = if minor {
        Money(0)
    } else {
        rng.lognormal_money(median_income, 0.5)
    };
    let months = 2.0 + f64::from(age) / 10.0;
    let liquid = if minor {
        rng.lognormal_money(50_000.0, 0.8)
    } else {
        #[allow(clippy::cast_precision_loss)] // money far below 2^52
        let base = income.0.max(40_000) as f64;
        rng.lognormal_money(base * months, 0.9)
    };
    let investable = rng.chance(1.0 / 3.0).then(|| Money(liquid.0 / 100 * 35));
    let dependants: u32 = if (28..=55).contains(&age) {
        [0, 1, 2, 3]
            .get(rng.pick(&[0.45, 0.25, 0.22, 0.08]))
            .copied()
            .unwrap_or(0)
    } else {
        u32::from(age > 55 && rng.chance(0.10))
    };
    let segment = pick_str(
        rng,
        &[
            ("deposit_heavy", 0.30),
            ("balanced", 0.25),
            ("price_centred", 0.15),
            ("active_investor", 0.10),
            ("loan_heavy", 0.10),
            ("fee_heavy", 0.10),
        ],
    );
    let tier = pick_str(rng, &[("ordinary", 0.85), ("key", 0.10), ("exit", 0.05)]);
    let life_stage = if age < 30 {
        "young"
    } else if dependants > 0 {
        "family"
    } else if age >= 65 || employment == "retired" {
        "retired"
    } else {
        "established"
    };
    let residency = pick_str(
        rng,
        &[
            ("DE", 0.70),
            ("AT", 0.10),
            ("FR", 0.08),
            ("IT", 0.05),
            ("CH", 0.04),
            ("GB", 0.03),
        ],
    );
    let mut goals = Vec::new();
    for (g, p) in [
        ("home", 0.20),
        ("retirement", if age > 45 { 0.35 } else { 0.20 }),
        ("education", if dependants > 0 { 0.40 } else { 0.10 }),
        ("growth", 0.20),
    ] {
        if rng.chance(p) {
            goals.push(g.to_string());
        }
    }
    let earner = !minor && matches!(employment, "employed" | "self_employed");
    let payroll = earner && rng.chance(0.45);

    // Holdings.
    let mut holdings = Vec::new();
    let mut mortgage = false;
    for (id, p) in SAMPLE_HOLDINGS {
        let credit = cat
            .product(id)
            .map(|pr| pr.category == crate::model::Category::Credit);
        let Some(credit) = credit else {
            rng.next_u64(); // keep the stream aligned whatever the catalogue holds
            continue;
        };
        let allowed = !credit || (!minor && income.0 >= 120_000);
        if rng.chance(p) && allowed {
            mortgage |= id == "mortgage-home";
            holdings.push(Holding {
                product_id: id.to_string(),
                ..Holding::default()
            });
        }
    }
    let debts = if rng.chance(0.45) && !mortgage {
        Money(0)
    } else {
        #[allow(clippy::cast_precision_loss)]
        let base = income.0.max(40_000) as f64;
        let consumer = rng.lognormal_money(base * 8.0, 1.0);
        Money(consumer.0 + if mortgage { income.0 * 60 } else { 0 })
    };

    // Context.
    let intent = pick_str(
        rng,
        &[
            ("", 0.40),
            ("savings", 0.20),
            ("investing", 0.12),
            ("borrowing", 0.10),
            ("retirement", 0.10),
            ("protection", 0.08),
        ],
    );
    let intended_amount = rng
        .chance(0.30)
        .then(|| rng.lognormal_money(500_000.0, 1.0));
    let mut events = KeyMap::new();
    let holds_deposit = holdings.iter().any(|h| h.product_id.starts_with("td-"));
    if holds_deposit && rng.chance(0.5) {
        events.insert(
            "depositMaturesInDays".to_string(),
            crate::json!(5 + bounded(rng, 56)),
        );
    }

    // Questionnaire answers from latent levels.
    #[allow(clippy::cast_precision_loss)]
    let wealth =
        ((income.0 as f64 / 600_000.0).min(1.0) + (liquid.0 as f64 / 5_000_000.0).min(1.0)) / 2.0;
    let youth = (1.0 - f64::from(age.saturating_sub(25)) / 60.0).clamp(0.0, 1.0);
    let capacity = (0.6 * wealth + 0.4 * youth).clamp(0.0, 1.0);
    let sophistication = rng.unit();
    let appetite = (0.7 * rng.unit() + 0.3 * sophistication).clamp(0.0, 1.0);
    let answers_on = rng.chance(0.85);
    let assessment = cat
        .doc
        .questionnaires
        .first()
        .filter(|_| answers_on)
        .map(|q| Answers {
            questionnaire_id: q.id.clone(),
            answers: q
                .items
                .iter()
                .map(|it| {
                    let level = match it.dimension {
                        Dimension::Capacity => capacity,
                        Dimension::Knowledge | Dimension::Experience => sophistication,
                        Dimension::Willingness | Dimension::Objective => appetite,
                    };
                    let fact = fact_level(&it.id, age, dependants);
                    (
                        it.id.clone(),
                        answer(rng, it, fact.unwrap_or(level), fact.is_none()),
                    )
                })
                .collect(),
            ..Answers::default()
        });

    let label = format!("synthetic-{i}: {age}, {employment}, {life_stage}");
    RecommendInput {
        persona: Some(label),
        now,
        locale: None,
        customer: Customer {
            age: Some(age),
            residency: Some(residency.to_string()),
            segment: Some(segment.to_string()),
            tier: Some(tier.to_string()),
            life_stage: Some(life_stage.to_string()),
            employment: Some(employment.to_string()),
            monthly_income: Some(income),
            liquid_assets: Some(liquid),
            investable_assets: investable,
            debts: Some(debts),
            dependants: Some(dependants),
            goals,
            payroll: Some(payroll),
            ..Customer::default()
        },
        profile: None,
        assessment,
        holdings,
        history: Vec::new(),
        context: Context {
            personalisation: true,
            intent: (!intent.is_empty()).then(|| intent.to_string()),
            intended_amount,
            events,
        },
    }
}

/// Uniform in `0..n` as a u32.
fn bounded(rng: &mut SplitMix64, n: u32) -> u32 {
    u32::try_from(rng.below(u64::from(n))).unwrap_or(0)
}

/// The level of an item that restates a fact (the sample questionnaire's age and dependants
/// questions, options sorted by score), so the answers agree with the customer facts.
fn fact_level(item: &str, age: u32, dependants: u32) -> Option<f64> {
    match item {
        "cap_age" => Some(match age {
            75.. => 0.0,
            65..=74 => 0.25,
            55..=64 => 0.5,
            40..=54 => 0.75,
            _ => 1.0,
        }),
        "cap_dependants" => Some(match dependants {
            0 => 1.0,
            1 | 2 => 0.5,
            _ => 0.0,
        }),
        _ => None,
    }
}

/// An answer at `level` (0..1) among the options sorted by score, one step off 25% of the time
/// when `jitter`.
fn answer(rng: &mut SplitMix64, it: &Item, level: f64, jitter: bool) -> Answer {
    let order = crate::util::sorted_indices(it.options.len(), &|a, b| {
        let sa = it.options.get(a).map_or(0, |o| o.score);
        let sb = it.options.get(b).map_or(0, |o| o.score);
        sa.cmp(&sb)
    });
    let n = order.len();
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let mut k = (level * n.saturating_sub(1) as f64).round().max(0.0) as usize;
    let draw = rng.unit();
    if jitter && draw < 0.125 {
        k = k.saturating_sub(1);
    } else if jitter && draw < 0.25 {
        k = (k + 1).min(n.saturating_sub(1));
    }
    let id = |r: usize| {
        order
            .get(r)
            .and_then(|i| it.options.get(*i))
            .map_or_else(String::new, |o| o.id.clone())
    };
    match it.select {
        Select::Single => Answer::One(id(k)),
        Select::Multi => {
            let mut ids: Vec<String> = (0..=k).map(id).filter(|s| s != "none").collect();
            if ids.is_empty() {
                ids.push(id(0));
            }
            Answer::Many(ids)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_deterministic() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let u = SplitMix64::new(1).unit();
        assert!((0.0..1.0).contains(&u));
    }

    #[test]
    fn personas_are_deterministic_and_valid() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/test-data/catalogue.json"
        ))
        .unwrap();
        let cat = Catalogue::from_json(&text).unwrap();
        let a = personas(300, 7, &cat);
        assert_eq!(a, personas(300, 7, &cat));
        assert_ne!(a, personas(300, 8, &cat));
        // A prefix of a larger population is the same population.
        assert_eq!(a[..10], personas(10, 7, &cat)[..]);
        for p in &a {
            crate::recommend(&cat, p).unwrap();
        }
    }
}
