//! Risk profile: questionnaire answers plus facts in, a class C1..C5 out, with the
//! per-dimension scores and the plain reasons behind it.

use crate::json;
use crate::json::{Map, Value};
use serde::Serialize;

use crate::catalogue::doc::object_from_json;
use crate::catalogue::doc::{Bands, Combiner, MultiScore, Select};
use crate::catalogue::Catalogue;
use crate::data;
use crate::date::Date;
use crate::error::{pointer_push, Error, ErrorCode};
use crate::input::{Answer, AssessInput};
use crate::json::{At, Fail, FromJson, Obj};
use crate::model::{Dimension, RiskClass, Variety};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scores {
    pub capacity: i32,
    pub willingness: i32,
    pub knowledge: i32,
    pub experience: i32,
    pub objective: i32,
}

impl Scores {
    pub fn get(&self, d: Dimension) -> i32 {
        match d {
            Dimension::Capacity => self.capacity,
            Dimension::Willingness => self.willingness,
            Dimension::Knowledge => self.knowledge,
            Dimension::Experience => self.experience,
            Dimension::Objective => self.objective,
        }
    }
    fn add(&mut self, d: Dimension, v: i32) {
        let slot = match d {
            Dimension::Capacity => &mut self.capacity,
            Dimension::Willingness => &mut self.willingness,
            Dimension::Knowledge => &mut self.knowledge,
            Dimension::Experience => &mut self.experience,
            Dimension::Objective => &mut self.objective,
        };
        *slot = slot.saturating_add(v);
    }
}

/// A customer-readable reason: a stable code and its text in the resolved locale.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Reason {
    pub code: String,
    pub text: String,
    /// Locale the text is actually in (differs from the requested one after a fallback).
    pub lang: String,
}

/// A *confirm or change* prompt raised by contradictory answers.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Prompt {
    pub id: String,
    pub text: String,
    pub lang: String,
    pub items: Vec<String>,
}

/// The result of `assess`, and the profile `recommend` takes.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RiskProfile {
    pub questionnaire: QuestionnaireRef,
    pub scores: Scores,
    pub capacity_class: RiskClass,
    pub willingness_class: RiskClass,
    /// The overall class: the combiner of the two (min by default), C1 in the lowest category.
    pub class: RiskClass,
    /// A knock-out answer or no full legal capacity: C1 and only the lowest level, no override.
    pub lowest_category: bool,
    pub knock_outs: Vec<String>,
    /// Ids of the capacity caps that applied.
    pub capacity_caps: Vec<String>,
    pub horizon_years: Option<u32>,
    /// None: the questionnaire does not ask, so no variety restriction beyond the class.
    pub accepted_varieties: Option<Vec<Variety>>,
    pub complex_products_allowed: bool,
    pub consistency_prompts: Vec<Prompt>,
    /// The class differs from the last assessment.
    pub class_changed: bool,
    /// The customer must confirm (prompts pending or class changed) before the profile is used.
    pub needs_confirmation: bool,
    /// Plain-language reasons for the class.
    pub explanation: Vec<Reason>,
    pub completed_on: Date,
    pub valid_until: Date,
}

impl RiskProfile {
    pub fn is_valid_on(&self, now: Date) -> bool {
        self.completed_on <= now && now < self.valid_until
    }
}

/// The id a customer confirms in `confirmed` to accept a class that differs from the last one.
pub const CLASS_CHANGE: &str = "class_change";

fn answers_err(path: String, msg: String) -> Error {
    Error::new(ErrorCode::AnswersInvalid, path, msg)
}

fn band_class(bands: &Bands, score: i32) -> RiskClass {
    if let Some(b) = bands
        .bands
        .iter()
        .find(|b| b.min <= score && score <= b.max)
    {
        return b.class;
    }
    // Outside every band (validation warns): the highest band the score reaches, else C1.
    bands
        .bands
        .iter()
        .filter(|b| b.min <= score)
        .map(|b| b.class)
        .max()
        .unwrap_or(RiskClass::C1)
}

/// Scores answers into a risk profile. `locale` picks the language of prompts and reasons.
pub fn assess(
    cat: &Catalogue,
    input: &AssessInput,
    locale: Option<&str>,
) -> Result<RiskProfile, Error> {
    let (qi, q) = cat.questionnaire(&input.questionnaire_id).ok_or_else(|| {
        Error::new(
            ErrorCode::QuestionnaireNotFound,
            "/questionnaireId",
            format!(
                "no questionnaire '{}' in the catalogue",
                input.questionnaire_id
            ),
        )
    })?;
    let policy = &cat.doc.policy;
    input.customer.check(input.now, "/customer")?;
    check_attempts(
        input,
        policy.max_assessments_per_day,
        policy.max_assessments_per_year,
    )?;

    for id in input.answers.keys() {
        if !q.items.iter().any(|i| &i.id == id) {
            return Err(answers_err(
                pointer_push("/answers", id),
                format!("questionnaire '{}' has no item '{id}'", q.id),
            ));
        }
    }
    for c in &input.confirmed {
        if c != CLASS_CHANGE && !q.consistency.iter().any(|k| &k.id == c) {
            return Err(answers_err(
                "/confirmed".into(),
                format!("no consistency check '{c}' to confirm"),
            ));
        }
    }

    let mut scores = Scores::default();
    let mut knock_outs = Vec::new();
    let mut horizon: Option<u32> = None;
    // Accepted varieties, kept in declaration order (a fixed set of nine).
    let mut varieties: Option<[bool; 9]> = None;
    let mut answers_json = Map::new();
    for item in &q.items {
        let path = pointer_push("/answers", &item.id);
        let chosen: Vec<&String> = match input.answers.get(&item.id) {
            None => {
                return Err(answers_err(
                    path,
                    format!("item '{}' is not answered", item.id),
                ))
            }
            Some(Answer::One(s)) => vec![s],
            Some(Answer::Many(v)) => v.iter().collect(),
        };
        if chosen.is_empty() {
            return Err(answers_err(
                path,
                format!("item '{}' needs at least one option", item.id),
            ));
        }
        if item.select == Select::Single && chosen.len() > 1 {
            return Err(answers_err(
                path,
                format!("item '{}' takes one option", item.id),
            ));
        }
        let mut item_score: Option<i32> = None;
        for (k, id) in chosen.iter().enumerate() {
            if chosen.get(..k).is_some_and(|before| before.contains(id)) {
                return Err(answers_err(path, format!("option '{id}' is given twice")));
            }
            let opt = item.options.iter().find(|o| &o.id == *id).ok_or_else(|| {
                answers_err(
                    path.clone(),
                    format!("item '{}' has no option '{id}'", item.id),
                )
            })?;
            item_score = Some(match (item_score, item.multi_score) {
                (None, _) => opt.score,
                (Some(s), MultiScore::Max) => s.max(opt.score),
                (Some(s), MultiScore::Sum) => s.saturating_add(opt.score),
            });
            if opt.knock_out && !knock_outs.contains(&item.id) {
                knock_outs.push(item.id.clone());
            }
            if let Some(h) = opt.horizon_years {
                horizon = Some(horizon.map_or(h, |x| x.min(h)));
            }
            if !opt.varieties.is_empty() {
                let set = varieties.get_or_insert([false; 9]);
                for v in &opt.varieties {
                    if let Some(slot) = set.get_mut(*v as usize) {
                        *slot = true;
                    }
                }
            }
        }
        scores.add(item.dimension, item_score.unwrap_or(0));
        let aj = match item.select {
            Select::Single => json!(chosen.first().map(|s| s.as_str())),
            Select::Multi => json!(chosen),
        };
        answers_json.insert(item.id.clone(), aj);
    }

    let chain = cat.locale_chain(locale);
    let mut explanation = Vec::new();

    let sum = |dims: &[Dimension]| {
        dims.iter()
            .fold(0i32, |a, d| a.saturating_add(scores.get(*d)))
    };
    let mut capacity = q
        .scoring
        .capacity
        .as_ref()
        .map_or(RiskClass::C5, |b| band_class(b, sum(&b.dimensions)));
    let willingness = band_class(
        &q.scoring.willingness,
        sum(&q.scoring.willingness.dimensions),
    );

    let facts = data::facts_data(&input.customer, input.now);
    let mut caps = Vec::new();
    for (cap, rule) in cat.doc.capacity_caps.iter().zip(&cat.compiled.caps) {
        if rule.matches(&facts, Some(input.now)) {
            caps.push(cap.id.clone());
            if cap.max_class < capacity {
                capacity = cap.max_class;
            }
            explanation.push(cat.reason_text(
                &format!("CAP_{}", cap.id),
                &cap.reason,
                &chain,
                "",
                "",
            ));
        }
    }

    let combined = match q.scoring.combiner {
        Combiner::Min => capacity.min(willingness),
        Combiner::MeanFloor => {
            RiskClass::from_rank((i64::from(capacity.rank()) + i64::from(willingness.rank())) / 2)
        }
        Combiner::Capacity => capacity,
        Combiner::Willingness => willingness,
    };
    let no_capacity = input.customer.full_legal_capacity == Some(false);
    let lowest = !knock_outs.is_empty() || no_capacity;
    let class = if lowest { RiskClass::C1 } else { combined };

    let class_label = cat.class_label(class, &chain);
    explanation.insert(
        0,
        cat.engine_text("PROFILE_CLASS", &chain, &class_label, ""),
    );
    explanation.insert(
        1,
        cat.engine_text(
            "PROFILE_CAPACITY",
            &chain,
            &cat.class_label(capacity, &chain),
            "",
        ),
    );
    explanation.insert(
        2,
        cat.engine_text(
            "PROFILE_WILLINGNESS",
            &chain,
            &cat.class_label(willingness, &chain),
            "",
        ),
    );
    if !knock_outs.is_empty() {
        explanation.push(cat.engine_text("PROFILE_KNOCK_OUT", &chain, &knock_outs.join(", "), ""));
    }
    if lowest {
        explanation.push(cat.engine_text("PROFILE_LOWEST_CATEGORY", &chain, &class_label, ""));
    }

    let complex_allowed = !lowest
        && q.scoring.complex_products.as_ref().is_some_and(|t| {
            scores.knowledge >= t.knowledge_min && scores.experience >= t.experience_min
        });

    let answers_data = json!({
        "answers": Value::Object(answers_json),
        "scores": crate::json::to_value(&scores).unwrap_or(Value::Null),
        "customer": data::customer_value(&input.customer, input.now),
        "now": input.now.to_string(),
    });
    let mut prompts = Vec::new();
    for (check, rule) in q.consistency.iter().zip(
        cat.compiled
            .questionnaires
            .get(qi)
            .map_or(&[][..], |c| c.consistency.as_slice()),
    ) {
        if rule.matches(&answers_data, Some(input.now)) && !input.confirmed.contains(&check.id) {
            let (text, lang) = cat.resolve(&check.prompt, &chain);
            prompts.push(Prompt {
                id: check.id.clone(),
                text,
                lang,
                items: check.items.clone(),
            });
        }
    }

    let last = input
        .previous
        .iter()
        .filter(|p| p.on <= input.now)
        .max_by_key(|p| p.on);
    let class_changed = last.is_some_and(|p| p.class != class);
    if let Some(p) = last.filter(|_| class_changed) {
        explanation.push(cat.engine_text(
            "PROFILE_CLASS_CHANGED",
            &chain,
            &class_label,
            &cat.class_label(p.class, &chain),
        ));
    }

    Ok(RiskProfile {
        questionnaire: QuestionnaireRef {
            id: q.id.clone(),
            version: q.version.clone(),
        },
        scores,
        capacity_class: capacity,
        willingness_class: willingness,
        class,
        lowest_category: lowest,
        knock_outs,
        capacity_caps: caps,
        horizon_years: horizon.or(input.customer.horizon_years),
        accepted_varieties: varieties.map(|set| {
            Variety::ALL
                .iter()
                .zip(set)
                .filter_map(|(v, on)| on.then_some(*v))
                .collect()
        }),
        complex_products_allowed: complex_allowed,
        needs_confirmation: (class_changed && !input.confirmed.iter().any(|c| c == CLASS_CHANGE))
            || !prompts.is_empty(),
        consistency_prompts: prompts,
        class_changed,
        explanation,
        completed_on: input.now,
        valid_until: input.now.add_months(policy.profile_validity_months),
    })
}

fn check_attempts(input: &AssessInput, per_day: u32, per_year: u32) -> Result<(), Error> {
    let now = input.now;
    let today = input.previous.iter().filter(|p| p.on == now).count();
    let year = input
        .previous
        .iter()
        .filter(|p| p.on <= now && p.on.days_until(now) < 365)
        .count();
    if today >= per_day as usize {
        return Err(Error::new(
            ErrorCode::AssessmentLimit,
            "/previous",
            format!("at most {per_day} assessments a day; try again tomorrow"),
        ));
    }
    if year >= per_year as usize {
        return Err(Error::new(
            ErrorCode::AssessmentLimit,
            "/previous",
            format!("at most {per_year} assessments in 12 months"),
        ));
    }
    Ok(())
}

object_from_json!(QuestionnaireRef, |o| QuestionnaireRef {
    id: o.req("id"),
    version: o.req("version"),
});
object_from_json!(Scores, |o| Scores {
    capacity: o.req("capacity"),
    willingness: o.req("willingness"),
    knowledge: o.req("knowledge"),
    experience: o.req("experience"),
    objective: o.req("objective"),
});
object_from_json!(Reason, |o| Reason {
    code: o.req("code"),
    text: o.req("text"),
    lang: o.req("lang"),
});
object_from_json!(Prompt, |o| Prompt {
    id: o.req("id"),
    text: o.req("text"),
    lang: o.req("lang"),
    items: o.req("items"),
});
object_from_json!(RiskProfile, |o| RiskProfile {
    questionnaire: o.req("questionnaire"),
    scores: o.req("scores"),
    capacity_class: o.req("capacityClass"),
    willingness_class: o.req("willingnessClass"),
    class: o.req("class"),
    lowest_category: o.req("lowestCategory"),
    knock_outs: o.req("knockOuts"),
    capacity_caps: o.req("capacityCaps"),
    horizon_years: o.req("horizonYears"),
    accepted_varieties: o.req("acceptedVarieties"),
    complex_products_allowed: o.req("complexProductsAllowed"),
    consistency_prompts: o.req("consistencyPrompts"),
    class_changed: o.req("classChanged"),
    needs_confirmation: o.req("needsConfirmation"),
    explanation: o.req("explanation"),
    completed_on: o.req("completedOn"),
    valid_until: o.req("validUntil"),
});
