//! Loading a catalogue: parse (with the JSON path of any shape error), check every cross
//! reference and range, compile every rule once, and collect warnings such as missing
//! translations. A loaded [`Catalogue`] is immutable and evaluated many times.

pub mod doc;
mod validate;

use crate::util::KeyMap;

use sha2::{Digest, Sha256};

use crate::data::{known_var, Scope};
use crate::error::{Error, ErrorCode};
use crate::logic::{CompileOptions, Mode, Paths, Rule};
use crate::model::{RiskClass, RiskLevel, Text};
use crate::profile::Reason;
use doc::{CatalogueDoc, Product, Questionnaire};

pub use validate::{validate, Report, TestOutcome};

/// The format version this engine reads.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone)]
pub struct CompiledProduct {
    /// The effective level: the highest of `riskLevel`, mapped `sri` and `issuerRiskLevel`.
    pub level: RiskLevel,
    pub eligibility: Option<Rule>,
}

#[derive(Debug, Clone, Default)]
pub struct CompiledQuestionnaire {
    pub consistency: Vec<Rule>,
}

/// Every rule of the catalogue, compiled, index-aligned with the document's lists.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    pub products: Vec<CompiledProduct>,
    pub questionnaires: Vec<CompiledQuestionnaire>,
    pub caps: Vec<Rule>,
    pub context_weights: Vec<Rule>,
    pub cross_sell: Vec<Rule>,
    pub notices: Vec<Rule>,
    pub product_index: KeyMap<usize>,
    /// The data paths of the rules over the advice data (eligibility, context weights,
    /// cross-sell, notices), bound to them: evaluate these with [`crate::logic::Slots`].
    pub advice_paths: Paths,
    /// The top-level data keys the eligibility rules can read (`None`: any).
    pub eligibility_keys: Option<Vec<String>>,
}

/// A loaded, checked and compiled catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub doc: CatalogueDoc,
    pub compiled: Compiled,
    /// sha256 of the catalogue text exactly as given, lowercase hex.
    pub sha256: String,
    /// Problems that do not stop the catalogue from working (missing translations...).
    pub warnings: Vec<Error>,
}

/// Parses the text into the document type; shape errors carry the JSON Pointer of the field.
pub fn parse_doc(text: &str) -> Result<CatalogueDoc, Error> {
    crate::json::parse_json(text, ErrorCode::CatalogueParse)
}

fn compile_rule(
    v: &crate::json::Value,
    scope: Scope,
    items: &[String],
    path: &str,
    errors: &mut Vec<Error>,
) -> Option<Rule> {
    let check = |p: &str| known_var(scope, items, p);
    let opts = CompileOptions {
        mode: Mode::Strict,
        known_var: Some(&check),
        ..CompileOptions::default()
    };
    match Rule::compile(v, &opts, path) {
        Ok(r) => Some(r),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

impl Catalogue {
    /// Loads or fails with the first error (for hosts that only need yes or no).
    pub fn from_json(text: &str) -> Result<Catalogue, Error> {
        Catalogue::load(text).map_err(|mut v| {
            if v.is_empty() {
                Error::new(
                    ErrorCode::Internal,
                    "",
                    "catalogue refused without a reason",
                )
            } else {
                v.swap_remove(0)
            }
        })
    }

    /// Loads, reporting every error found (not only the first).
    pub fn load(text: &str) -> Result<Catalogue, Vec<Error>> {
        let mut cat = Catalogue::load_unhashed(text)?;
        cat.sha256 = sha256_hex(text);
        Ok(cat)
    }

    /// Loads without hashing the text: `sha256` stays empty until [`Catalogue::set_sha256`].
    /// For a host that has the hash computed natively (the wasm package's `Advisor.load`
    /// hands the text to `crypto.subtle.digest`, several times faster than SHA-256 in wasm).
    pub fn load_unhashed(text: &str) -> Result<Catalogue, Vec<Error>> {
        let doc = parse_doc(text).map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        validate::check_doc(&doc, &mut errors, &mut warnings);
        let compiled = Catalogue::compile(&doc, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Catalogue {
            doc,
            compiled,
            sha256: String::new(),
            warnings,
        })
    }

    /// Sets the SHA-256 of the text of a catalogue loaded by [`Catalogue::load_unhashed`];
    /// false (and no change) if it already has one.
    pub fn set_sha256(&mut self, digest: &[u8; 32]) -> bool {
        if !self.sha256.is_empty() {
            return false;
        }
        self.sha256 = hex(digest);
        true
    }

    fn compile(doc: &CatalogueDoc, errors: &mut Vec<Error>) -> Compiled {
        let mut c = Compiled::default();
        let none: &[String] = &[];
        for (i, p) in doc.products.iter().enumerate() {
            let eligibility = p.eligibility.as_ref().and_then(|r| {
                compile_rule(
                    r,
                    Scope::Advice,
                    none,
                    &format!("/products/{i}/eligibility"),
                    errors,
                )
            });
            c.products.push(CompiledProduct {
                level: effective_level(p, &doc.risk_scale.sri_to_level),
                eligibility,
            });
            // The first of a repeated id wins (the repeat is reported by validation).
            if !c.product_index.contains_key(&p.id) {
                c.product_index.insert(p.id.clone(), i);
            }
        }
        for (qi, q) in doc.questionnaires.iter().enumerate() {
            let items: Vec<String> = q.items.iter().map(|i| i.id.clone()).collect();
            let consistency = q
                .consistency
                .iter()
                .enumerate()
                .filter_map(|(k, chk)| {
                    let path = format!("/questionnaires/{qi}/consistency/{k}/when");
                    compile_rule(&chk.when, Scope::Answers, &items, &path, errors)
                })
                .collect();
            c.questionnaires.push(CompiledQuestionnaire { consistency });
        }
        let mut list = |rules: Vec<(&crate::json::Value, String)>, scope: Scope| -> Vec<Rule> {
            rules
                .into_iter()
                .filter_map(|(v, path)| compile_rule(v, scope, none, &path, errors))
                .collect()
        };
        c.caps = list(
            doc.capacity_caps
                .iter()
                .enumerate()
                .map(|(i, x)| (&x.when, format!("/capacityCaps/{i}/when")))
                .collect(),
            Scope::Facts,
        );
        c.context_weights = list(
            doc.context_weights
                .iter()
                .enumerate()
                .map(|(i, x)| (&x.when, format!("/contextWeights/{i}/when")))
                .collect(),
            Scope::Advice,
        );
        c.cross_sell = list(
            doc.cross_sell
                .iter()
                .enumerate()
                .map(|(i, x)| (&x.when, format!("/crossSell/{i}/when")))
                .collect(),
            Scope::Advice,
        );
        c.notices = list(
            doc.notices
                .iter()
                .enumerate()
                .map(|(i, x)| (&x.when, format!("/notices/{i}/when")))
                .collect(),
            Scope::Advice,
        );
        let mut keys = Some(Vec::new());
        for r in c.products.iter().filter_map(|p| p.eligibility.as_ref()) {
            keys = keys.zip(r.data_keys()).map(|(mut all, k)| {
                all.extend(k);
                all
            });
        }
        c.eligibility_keys = keys.map(crate::util::sorted_unique);
        let paths = &mut c.advice_paths;
        let eligibility = c.products.iter_mut().filter_map(|p| p.eligibility.as_mut());
        eligibility
            .chain(&mut c.context_weights)
            .chain(&mut c.cross_sell)
            .chain(&mut c.notices)
            .for_each(|r| r.bind(paths));
        c
    }

    pub fn questionnaire(&self, id: &str) -> Option<(usize, &Questionnaire)> {
        self.doc
            .questionnaires
            .iter()
            .enumerate()
            .find(|(_, q)| q.id == id)
    }

    pub fn product_index(&self, id: &str) -> Option<usize> {
        self.compiled.product_index.get(id).copied()
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.product_index(id)
            .and_then(|i| self.doc.products.get(i))
    }

    /// The locale itself when offered, then the fallback chain, then the default.
    pub fn locale_chain(&self, requested: Option<&str>) -> Vec<String> {
        let l = &self.doc.locales;
        let mut chain: Vec<String> = Vec::with_capacity(l.fallback.len() + 2);
        if let Some(r) = requested {
            // "ru-RU" asks for "ru" when only "ru" is offered.
            let base = r.split(['-', '_']).next().unwrap_or(r);
            for cand in [r, base] {
                if l.offered.iter().any(|o| o == cand) && !chain.iter().any(|c| c == cand) {
                    chain.push(cand.to_string());
                }
            }
        }
        for f in l.fallback.iter().chain(std::iter::once(&l.default)) {
            if !chain.contains(f) {
                chain.push(f.clone());
            }
        }
        chain
    }

    /// The text in the best locale of `chain`; any locale at all rather than nothing.
    pub fn resolve(&self, t: &Text, chain: &[String]) -> (String, String) {
        match t
            .resolve(chain)
            .or_else(|| t.0.iter().next().map(|(k, v)| (v.as_str(), k.as_str())))
        {
            Some((text, lang)) => (text.to_string(), lang.to_string()),
            None => (String::new(), chain.first().cloned().unwrap_or_default()),
        }
    }

    /// A reason with `text`'s placeholders `{actual}` and `{expected}` filled in.
    pub fn reason_text(
        &self,
        code: &str,
        text: &Text,
        chain: &[String],
        actual: &str,
        expected: &str,
    ) -> Reason {
        let (t, lang) = self.resolve(text, chain);
        Reason {
            code: code.to_string(),
            text: crate::util::replace_str(
                &crate::util::replace_str(&t, "{actual}", actual),
                "{expected}",
                expected,
            ),
            lang,
        }
    }

    /// A reason whose text is the catalogue's `texts[code]`; the code itself when absent.
    pub fn engine_text(
        &self,
        code: &str,
        chain: &[String],
        actual: &str,
        expected: &str,
    ) -> Reason {
        match self.doc.texts.get(code) {
            Some(t) => self.reason_text(code, t, chain, actual, expected),
            None => Reason {
                code: code.to_string(),
                text: code.to_string(),
                lang: chain.first().cloned().unwrap_or_default(),
            },
        }
    }

    /// A label text by key (`category.deposit`), or the key when the catalogue has none.
    pub fn label(&self, key: &str, chain: &[String]) -> String {
        self.doc
            .texts
            .get(key)
            .map_or_else(|| key.to_string(), |t| self.resolve(t, chain).0)
    }

    /// A label text by key, or `fallback` when the catalogue has none.
    pub fn label_or(&self, key: &str, fallback: &str, chain: &[String]) -> String {
        self.doc
            .texts
            .get(key)
            .map_or_else(|| fallback.to_string(), |t| self.resolve(t, chain).0)
    }

    /// "C3 balanced" style label of a class.
    pub fn class_label(&self, c: RiskClass, chain: &[String]) -> String {
        match self.doc.risk_scale.classes.iter().find(|e| e.id == c) {
            Some(e) => format!("{} {}", c.as_str(), self.resolve(&e.label, chain).0),
            None => c.as_str().to_string(),
        }
    }

    pub fn level_label(&self, l: RiskLevel, chain: &[String]) -> String {
        match self.doc.risk_scale.levels.iter().find(|e| e.id == l) {
            Some(e) => format!("{} {}", l.as_str(), self.resolve(&e.label, chain).0),
            None => l.as_str().to_string(),
        }
    }
}

/// The highest of the bank's level, the mapped SRI and the issuer's level ("higher risk applies").
pub fn effective_level(p: &Product, sri_map: &[RiskLevel]) -> RiskLevel {
    let sri = p
        .sri
        .and_then(|s| sri_map.get(usize::from(s).wrapping_sub(1)).copied());
    [p.risk_level, sri, p.issuer_risk_level]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(RiskLevel::R5)
}

/// SHA-256 of the text, lowercase hex. Fed 1 KB at a time rather than in one call: in a
/// browser the first load runs in V8's baseline code, and only a function called again picks up
/// its optimised version (no on-stack replacement in wasm). 110 -> 75-80 ms at 4x CPU
/// (BENCHMARKS.md).
fn sha256_hex(text: &str) -> String {
    let mut h = Sha256::new();
    for chunk in text.as_bytes().chunks(1024) {
        h.update(chunk);
    }
    hex(&h.finalize())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 15] {
            s.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0, 255, 16]), "00ff10");
    }

    #[test]
    fn a_hash_passed_in_is_set_once() {
        let text = include_str!("../../test-data/catalogue.json");
        let hashed = Catalogue::load(text).unwrap();
        let mut cat = Catalogue::load_unhashed(text).unwrap();
        assert_eq!(cat.sha256, "");
        let digest: [u8; 32] = Sha256::digest(text.as_bytes()).into();
        assert!(cat.set_sha256(&digest));
        assert_eq!(cat.sha256, hashed.sha256);
        assert!(!cat.set_sha256(&[0; 32]));
        assert_eq!(cat.sha256, hashed.sha256);
    }
}

/// The JSON Schema (draft 2020-12) of the catalogue document, generated from the types.
#[cfg(feature = "schema")]
pub fn schema() -> serde_json::Value {
    let mut s = schemars::schema_for!(CatalogueDoc);
    s.insert(
        "$id".into(),
        "https://suitable.example/schema/catalogue.schema.json".into(),
    );
    s.insert("title".into(), "Suitable catalogue, format v1".into());
    s.to_value()
}

/// What a host needs to know about a loaded catalogue.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueInfo<'a> {
    pub schema_version: u32,
    pub catalogue_version: &'a str,
    pub sha256: &'a str,
    pub engine_version: &'static str,
    pub currency: &'a doc::Currency,
    pub locales: &'a doc::Locales,
    pub questionnaires: Vec<QuestionnaireInfo<'a>>,
    pub products: usize,
    pub warnings: &'a [Error],
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireInfo<'a> {
    pub id: &'a str,
    pub version: &'a str,
    pub items: usize,
}

pub fn info(cat: &Catalogue) -> CatalogueInfo<'_> {
    CatalogueInfo {
        schema_version: cat.doc.schema_version,
        catalogue_version: &cat.doc.catalogue_version,
        sha256: &cat.sha256,
        engine_version: crate::advice::ENGINE_VERSION,
        currency: &cat.doc.currency,
        locales: &cat.doc.locales,
        questionnaires: cat
            .doc
            .questionnaires
            .iter()
            .map(|q| QuestionnaireInfo {
                id: &q.id,
                version: &q.version,
                items: q.items.len(),
            })
            .collect(),
        products: cat.doc.products.len(),
        warnings: &cat.warnings,
    }
}
