//! The boundary: the only module that knows about JavaScript. Input is converted once on entry
//! (`serde_wasm_bindgen`, with the JSON path of any bad field), output once on exit
//! (`Serializer::json_compatible()`: plain objects, `null` not `undefined`). Errors are thrown
//! as `SuitableError` (a real `Error` subclass with `name`, `code`, `path`, `details`).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::logic::{self, Mode};
use crate::{AssessInput, Catalogue, Error, ErrorCode, RecommendInput};

/// The wasm heap: talc, a maintained allocator made for wasm, instead of the default dlmalloc:
/// 6.9 KB smaller and the same load time (BENCHMARKS.md).
#[global_allocator]
static HEAP: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(inline_js = "
export class SuitableError extends Error {
  constructor(message, code, path, details) {
    super(message);
    this.name = 'SuitableError';
    this.code = code;
    this.path = path;
    if (details !== undefined && details !== null) this.details = details;
  }
}
export function isSuitableError(e) {
  return e instanceof SuitableError || (e instanceof Error && e.name === 'SuitableError' && typeof e.code === 'string');
}
// Internal (a leading underscore: scripts/build-pkg.mjs keeps these out of the package's exports).
let jsonText = '';
const utf8 = new TextEncoder();
export function _stringifyLength(v) {
  try {
    const s = JSON.stringify(v);
    if (typeof s !== 'string') return undefined;
    jsonText = s;
    return s.length;
  } catch {
    return undefined;
  }
}
export function _takeUtf8(buf) {
  const { written } = utf8.encodeInto(jsonText, buf);
  jsonText = '';
  return written;
}
// Advisor.load: the platform's native SHA-256 (in Node on its thread pool, alongside the parse;
// in Chromium 156 on the main thread, 3.6 ms for 3 MB against ~8 ms in the wasm).
// digest() copies the bytes before it returns (WebCrypto), so a view into wasm memory is safe.
// No crypto.subtle (an insecure context): undefined, and the wasm hashes.
export function _digest(bytes) {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) return undefined;
  try {
    return subtle.digest('SHA-256', bytes);
  } catch {
    return undefined;
  }
}
export function _whenHashed(digest, advisor) {
  return digest.then(
    (d) => {
      advisor._seal(new Uint8Array(d));
      return advisor;
    },
    (e) => {
      advisor.free();
      throw new SuitableError('the platform could not hash the catalogue: ' + e, 'INTERNAL', '', null);
    },
  );
}
")]
extern "C" {
    #[wasm_bindgen(js_name = SuitableError)]
    type JsSuitableError;
    #[wasm_bindgen(constructor, js_class = "SuitableError")]
    fn new(message: &str, code: &str, path: &str, details: JsValue) -> JsSuitableError;
    /// `JSON.stringify(v)`, kept for [`take_utf8`]: its length in UTF-16 units, if any.
    /// (An `Option` return also keeps this import behind wasm-bindgen's own shim module,
    /// so the glue's import object names no snippet.)
    #[wasm_bindgen(js_name = _stringifyLength)]
    fn stringify_length(v: &JsValue) -> Option<u32>;
    /// Writes the kept text as UTF-8 into `buf` (3 bytes per unit suffice): bytes written.
    #[wasm_bindgen(js_name = _takeUtf8)]
    fn take_utf8(buf: &mut [u8]) -> usize;
    /// `crypto.subtle.digest("SHA-256", bytes)`, if the platform has it.
    #[wasm_bindgen(js_name = _digest)]
    fn start_digest(bytes: &[u8]) -> Option<js_sys::Promise>;
    /// The advisor, once `digest` resolves and its hash is set.
    #[wasm_bindgen(js_name = _whenHashed)]
    fn when_hashed(digest: &js_sys::Promise, advisor: Advisor) -> js_sys::Promise;
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export type ErrorCode =
  | "CATALOGUE_PARSE" | "CATALOGUE_SCHEMA_VERSION" | "CATALOGUE_DUPLICATE_ID" | "CATALOGUE_UNKNOWN_REFERENCE"
  | "CATALOGUE_INVALID" | "CATALOGUE_MISSING_TRANSLATION" | "CATALOGUE_TEST_FAILED"
  | "RULE_PARSE" | "RULE_UNKNOWN_OPERATOR" | "RULE_ARITY" | "RULE_TYPE" | "RULE_LOOSE_EQUALITY"
  | "RULE_UNKNOWN_VARIABLE" | "RULE_TOO_DEEP" | "RULE_TOO_LARGE" | "RULE_EVAL"
  | "ANSWERS_INVALID" | "PROFILE_INVALID" | "INPUT_INVALID" | "DATE_INVALID" | "ASSESSMENT_LIMIT"
  | "QUESTIONNAIRE_NOT_FOUND" | "PRODUCT_NOT_FOUND" | "INTERNAL";

/** Thrown by every export on bad input: `code` is stable, `path` is a JSON Pointer. */
export class SuitableError extends Error {
  readonly name: "SuitableError";
  readonly code: ErrorCode;
  readonly path: string;
  readonly details?: ProblemDetail[];
}
export function isSuitableError(e: unknown): e is SuitableError;

export interface ProblemDetail { code: ErrorCode; message: string; path: string }

/** ISO calendar date, YYYY-MM-DD. */
export type IsoDate = string;
/** Integer minor units of the catalogue currency (cents). */
export type Money = number;
export type RiskClass = "C1" | "C2" | "C3" | "C4" | "C5";
export type RiskLevel = "R1" | "R2" | "R3" | "R4" | "R5";
export type Category = "account" | "deposit" | "investment" | "insurance" | "pension" | "credit";
export type Variety = "cash" | "money_market" | "fixed_income" | "mixed" | "equity" | "structured" | "leveraged" | "protection" | "credit";
export type RuleMode = "strict" | "compat";

export interface Customer {
  birthDate?: IsoDate; age?: number; residency?: string; segment?: string; tier?: string;
  lifeStage?: string; employment?: string; monthlyIncome?: Money; liquidAssets?: Money;
  investableAssets?: Money; debts?: Money; dependants?: number; fullLegalCapacity?: boolean;
  guardian?: boolean; horizonYears?: number; goals?: string[]; payroll?: boolean;
  attributes?: Record<string, unknown>;
}
export type Answer = string | string[];
export interface PreviousAssessment { on: IsoDate; class: RiskClass }
export interface Answers {
  questionnaireId: string; answers: Record<string, Answer>;
  confirmed?: string[]; previous?: PreviousAssessment[];
}
export interface AssessInput extends Answers { now: IsoDate; customer?: Customer }
export interface Holding { productId: string; openedOn?: IsoDate; maturesOn?: IsoDate; amount?: Money }
export interface Interaction { productId: string; action: "shown" | "selected" | "dismissed"; on: IsoDate }
export interface Context {
  personalisation?: boolean; intent?: string; intendedAmount?: Money; events?: Record<string, unknown>;
}
export interface RecommendInput {
  persona?: string; now: IsoDate; locale?: string; customer?: Customer;
  profile?: RiskProfile; assessment?: Answers; holdings?: Holding[]; history?: Interaction[];
  context?: Context;
}

export interface Reason { code: string; text: string; lang: string }
export interface Prompt { id: string; text: string; lang: string; items: string[] }
export interface Scores { capacity: number; willingness: number; knowledge: number; experience: number; objective: number }
export interface RiskProfile {
  questionnaire: { id: string; version: string }; scores: Scores;
  capacityClass: RiskClass; willingnessClass: RiskClass; class: RiskClass;
  lowestCategory: boolean; knockOuts: string[]; capacityCaps: string[];
  horizonYears: number | null; acceptedVarieties: Variety[] | null; complexProductsAllowed: boolean;
  consistencyPrompts: Prompt[]; classChanged: boolean; needsConfirmation: boolean;
  explanation: Reason[]; completedOn: IsoDate; validUntil: IsoDate;
}
export interface Fees { entryPct: number; ongoingPct: number; exitPct: number; annualFee: Money }
export interface Score { p: number; c: number; v: number; l: number; priority: number }
export interface Suggestion {
  productId: string; type: string; category: Category; typeLabel: string; categoryLabel: string;
  name: string; summary: string; benefits: string; risks: string; disclosure: string; lang: string;
  riskLevel: RiskLevel; riskLabel: string; complex: boolean; depositInsured: boolean;
  principalGuaranteed: boolean; termMonths: number | null; lockUpMonths: number | null;
  minAmount: Money | null; ratePct: number | null; fees: Fees; score: Score | null;
  why: Reason[]; watch: Reason[];
}
export interface ConditionFailure {
  path: string; op: string; code: "CONDITION_FALSE" | "MISSING_VARIABLE" | "TYPE_MISMATCH";
  var: string | null; actual: unknown; expected: unknown;
}
export interface GateFailure {
  gate: "G1" | "G2" | "G3" | "G4" | "G5" | "G6" | "G7"; code: string; actual: unknown; expected: unknown;
  text: string; lang: string; conditions?: ConditionFailure[];
}
export interface Exclusion { productId: string; name: string; gates: GateFailure[] }
export interface Suppressed { productId: string; code: string; text: string; until: IsoDate | null }
export interface Audit {
  engineVersion: string; catalogueVersion: string; catalogueSha256: string;
  questionnaire: { id: string; version: string } | null; inputSha256: string; now: IsoDate;
  reasonCodes: string[];
}
export interface Advice {
  locale: string; personalised: boolean;
  profileStatus: "valid" | "missing" | "expired" | "unconfirmed"; profile: RiskProfile | null;
  guardianRequired: boolean; notices: Reason[]; recommendations: Suggestion[];
  crossSell: Suggestion[]; excluded: Exclusion[]; suppressed: Suppressed[]; audit: Audit;
}
export interface Explanation {
  productId: string; status: "recommended" | "cross_sell" | "suppressed" | "excluded" | "listed";
  suggestion: Suggestion | null; gates: GateFailure[]; suppressed: Suppressed | null;
}
export interface Verdict { passed: boolean; failures: ConditionFailure[] }
export interface CatalogueInfo {
  schemaVersion: number; catalogueVersion: string; sha256: string; engineVersion: string;
  currency: { code: string; minorUnit: number };
  locales: { offered: string[]; default: string; fallback: string[] };
  questionnaires: { id: string; version: string; items: number }[];
  products: number; warnings: ProblemDetail[];
}
"#;

fn throw(e: &Error, details: Option<&[Error]>) -> JsValue {
    let details = details
        .and_then(|d| to_js(&d).ok())
        .unwrap_or(JsValue::NULL);
    JsSuitableError::new(&e.message, e.code.as_str(), &e.path, details).into()
}

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(not_serialised)
}

/// Kept out of the generic `to_js` so there is one copy of it in the wasm.
fn not_serialised(e: serde_wasm_bindgen::Error) -> JsValue {
    throw(&Error::new(ErrorCode::Internal, "", e.to_string()), None)
}

/// JS value -> Rust, once: `JSON.stringify` in the engine's own JSON parser. One parser for
/// text and objects keeps the wasm small (one deserializer per type) and gives the same errors,
/// with the same JSON paths, as the CLI.
fn from_js<T: crate::json::FromJson>(v: &JsValue, code: ErrorCode) -> Result<T, JsValue> {
    let text = js_text(v, code)?;
    crate::json::parse_json(&text, code).map_err(|e| throw(&e, None))
}

/// The non-generic half of [`from_js`]: the JS value as JSON text.
fn js_text(v: &JsValue, code: ErrorCode) -> Result<String, JsValue> {
    // The text goes straight into wasm memory through `TextEncoder.encodeInto`, rather than
    // `as_string()`'s per-character copy loop (~9 % of taking a 1.4 KB input in, profiled).
    let Some(units) = stringify_length(v) else {
        return Err(throw(
            &Error::new(code, "", "expected a JSON value (an object)"),
            None,
        ));
    };
    let mut buf = vec![0; (units as usize).saturating_mul(3)];
    let written = take_utf8(&mut buf);
    buf.truncate(written);
    // Always valid UTF-8 (the encoder's output): taken over without a copy.
    Ok(String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// The text after a leading byte-order mark, which `Response.text()` drops and bytes keep.
fn without_bom(text: &str) -> &str {
    match text.as_bytes() {
        [0xef, 0xbb, 0xbf, ..] => text.get(3..).unwrap_or(text),
        _ => text,
    }
}

/// The catalogue text `Advisor.load` was given: a string, or UTF-8 bytes.
fn catalogue_text(v: &JsValue) -> Result<String, JsValue> {
    use wasm_bindgen::JsCast;
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    let refuse = |message: String| throw(&Error::new(ErrorCode::CatalogueParse, "", message), None);
    let bytes = if let Some(b) = v.dyn_ref::<js_sys::Uint8Array>() {
        b.to_vec()
    } else if let Some(b) = v.dyn_ref::<js_sys::ArrayBuffer>() {
        js_sys::Uint8Array::new(b).to_vec()
    } else {
        return Err(refuse(
            "expected the catalogue as a string or as UTF-8 bytes (Uint8Array, ArrayBuffer)".into(),
        ));
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        refuse(format!("not UTF-8 text: invalid bytes at offset {at}"))
    })
}

/// A loaded catalogue, ready to assess and recommend many times.
#[wasm_bindgen]
pub struct Advisor {
    cat: Catalogue,
}

fn load(result: Result<Catalogue, Vec<Error>>) -> Result<Advisor, JsValue> {
    result.map(|cat| Advisor { cat }).map_err(|errors| {
        let first = errors
            .first()
            .cloned()
            .unwrap_or_else(|| Error::new(ErrorCode::Internal, "", "catalogue refused"));
        throw(&first, Some(&errors))
    })
}

#[wasm_bindgen]
impl Advisor {
    /// Parses, checks and compiles the catalogue text once (a leading byte-order mark
    /// dropped). Throws `SuitableError` with every problem in `details`.
    #[wasm_bindgen(constructor)]
    pub fn new(catalogue: &str) -> Result<Advisor, JsValue> {
        load(Catalogue::load(without_bom(catalogue)))
    }

    /// The constructor's work, resolving to the advisor, with the SHA-256 of the text computed
    /// by the platform (`crypto.subtle`: native) instead of the wasm (16-19 ms of a 3.1 MB
    /// catalogue's load in Node, ~8 ms in Chromium; BENCHMARKS.md). Takes the text, or its
    /// UTF-8 bytes as `fetch`'s `arrayBuffer()` gives them: no decoding to a JS string and
    /// encoding back (in Chromium ~9 ms each way for 3 MB). A leading byte-order mark is
    /// dropped, as `Response.text()` drops it. Where there is no `crypto.subtle` (an insecure
    /// context) the wasm hashes. Rejects with `SuitableError` where the constructor throws it.
    #[wasm_bindgen(js_name = load, unchecked_return_type = "Promise<Advisor>")]
    pub fn load_async(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")]
        catalogue: JsValue,
    ) -> js_sys::Promise {
        let text = match catalogue_text(&catalogue) {
            Ok(t) => t,
            Err(e) => return js_sys::Promise::reject(&e),
        };
        let text = without_bom(&text);
        let digest = start_digest(text.as_bytes());
        let loaded = match digest {
            Some(_) => Catalogue::load_unhashed(text),
            None => Catalogue::load(text),
        };
        match (load(loaded), digest) {
            (Err(e), _) => js_sys::Promise::reject(&e),
            (Ok(advisor), Some(digest)) => when_hashed(&digest, advisor),
            (Ok(advisor), None) => js_sys::Promise::resolve(&JsValue::from(advisor)),
        }
    }

    /// Sets the hash `load` had the platform compute; no effect on an advisor that has one.
    #[wasm_bindgen(js_name = _seal, skip_typescript)]
    pub fn seal(&mut self, digest: &[u8]) {
        if let Ok(d) = <&[u8; 32]>::try_from(digest) {
            self.cat.set_sha256(d);
        }
    }

    /// Same as the constructor, from an already parsed object: it is stringified and parsed
    /// again, so `catalogueSha256` is the hash of that compact text, not of the file.
    /// Measured no faster than passing the text (BENCHMARKS.md), so only the tooling build
    /// has it (with `eligibility`, `eligibilityData` and `ruleData`: for the playground and
    /// the benchmark, 1.6 KB gzip the widget does not carry).
    #[cfg(feature = "tooling")]
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "object")] catalogue: &JsValue,
    ) -> Result<Advisor, JsValue> {
        let text = js_sys::JSON::stringify(catalogue)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| {
                throw(
                    &Error::new(ErrorCode::CatalogueParse, "", "expected a catalogue object"),
                    None,
                )
            })?;
        load(Catalogue::load(&text))
    }

    #[wasm_bindgen(unchecked_return_type = "RiskProfile")]
    pub fn assess(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AssessInput")] input: JsValue,
        locale: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let input: AssessInput = from_js(&input, ErrorCode::AnswersInvalid)?;
        let p = crate::assess(&self.cat, &input, locale.as_deref()).map_err(|e| throw(&e, None))?;
        to_js(&p)
    }

    #[wasm_bindgen(unchecked_return_type = "Advice")]
    pub fn recommend(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RecommendInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let input: RecommendInput = from_js(&input, ErrorCode::InputInvalid)?;
        let a = crate::recommend(&self.cat, &input).map_err(|e| throw(&e, None))?;
        to_js(&a)
    }

    /// Why (or why not) one product.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RecommendInput")] input: JsValue,
        #[wasm_bindgen(js_name = productId)] product_id: &str,
    ) -> Result<JsValue, JsValue> {
        let input: RecommendInput = from_js(&input, ErrorCode::InputInvalid)?;
        let x = crate::explain(&self.cat, &input, product_id).map_err(|e| throw(&e, None))?;
        to_js(&x)
    }

    /// The eligibility rule of every product (compiled at load) for one input: 1 eligible,
    /// 0 not, in catalogue order. For playgrounds and benchmarks; `recommend` applies all gates.
    #[cfg(feature = "tooling")]
    pub fn eligibility(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RecommendInput")] input: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let input: RecommendInput = from_js(&input, ErrorCode::InputInvalid)?;
        let flags = crate::advice::eligibility(&self.cat, &input).map_err(|e| throw(&e, None))?;
        Ok(flags.into_iter().map(u8::from).collect())
    }

    /// The eligibility rules against rule data as `ruleData` returns it (the date is its `now`):
    /// what a playground or a benchmark evaluates against the same data object as another
    /// JsonLogic engine.
    #[cfg(feature = "tooling")]
    #[wasm_bindgen(js_name = eligibilityData)]
    pub fn eligibility_data(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] data: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let data: crate::json::Value = from_js(&data, ErrorCode::InputInvalid)?;
        let now = data
            .get("now")
            .and_then(|v| v.as_str())
            .and_then(crate::Date::parse);
        let flags = crate::advice::eligibility_of_data(&self.cat, &data, now);
        Ok(flags.into_iter().map(u8::from).collect())
    }

    /// The data the catalogue's rules read for one input (`customer`, `profile`, `holdings`...).
    #[cfg(feature = "tooling")]
    #[wasm_bindgen(js_name = ruleData, unchecked_return_type = "Record<string, unknown>")]
    pub fn rule_data(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RecommendInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let input: RecommendInput = from_js(&input, ErrorCode::InputInvalid)?;
        let prep = crate::advice::prepare(&self.cat, &input).map_err(|e| throw(&e, None))?;
        to_js(&prep.data)
    }

    #[wasm_bindgen(js_name = catalogueInfo, unchecked_return_type = "CatalogueInfo")]
    pub fn catalogue_info(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::catalogue::info(&self.cat))
    }
}

/// Evaluates one JsonLogic rule (playgrounds, tests). Strict mode returns a `Verdict` with the
/// explanation; compat mode returns the plain JsonLogic value.
#[wasm_bindgen(js_name = evaluateRule)]
pub fn evaluate_rule(
    rule: JsValue,
    data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RuleMode")] mode: Option<String>,
    #[wasm_bindgen(unchecked_optional_param_type = "IsoDate")] now: Option<String>,
) -> Result<JsValue, JsValue> {
    let (compiled, data, now) = compile_rule(&rule, &data, mode.as_deref(), now)?;
    match compiled.mode() {
        Mode::Compat => to_js(&compiled.apply(&data, now)),
        _ => to_js(&compiled.check(&data, now)),
    }
}

/// The inputs of `evaluateRule`, read: the compiled rule, its data and its date.
fn compile_rule(
    rule: &JsValue,
    data: &JsValue,
    mode: Option<&str>,
    now: Option<String>,
) -> Result<(logic::Rule, crate::json::Value, Option<crate::Date>), JsValue> {
    let rule: crate::json::Value = from_js(rule, ErrorCode::RuleParse)?;
    let data: crate::json::Value = if data.is_undefined() {
        crate::json::Value::Null
    } else {
        from_js(data, ErrorCode::InputInvalid)?
    };
    let mode = match mode {
        None | Some("strict") => Mode::Strict,
        Some("compat") => Mode::Compat,
        Some(other) => {
            return Err(throw(
                &Error::new(
                    ErrorCode::InputInvalid,
                    "/mode",
                    format!("mode '{other}' is not strict or compat"),
                ),
                None,
            ))
        }
    };
    let now = now
        .map(|d| crate::Date::parse_at(&d, "/now"))
        .transpose()
        .map_err(|e| throw(&e, None))?;
    let opts = logic::CompileOptions {
        mode,
        ..logic::CompileOptions::default()
    };
    let compiled = logic::Rule::compile(&rule, &opts, "").map_err(|e| throw(&e, None))?;
    Ok((compiled, data, now))
}

/// The engine version (Cargo package version).
#[wasm_bindgen]
pub fn version() -> String {
    crate::ENGINE_VERSION.to_string()
}

/// An experiment bucket in `0..buckets` for an anonymous visitor. The seed comes from the
/// platform's randomness unless one is passed (for reproducible tests).
#[wasm_bindgen(js_name = experimentBucket)]
pub fn experiment_bucket(buckets: u32, seed: Option<f64>) -> Result<u32, JsValue> {
    let seed = match seed {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        // a seed is any 53-bit integer
        Some(s) => s as u64,
        None => {
            let mut b = [0u8; 8];
            // A fixed message: getrandom's own error texts would add their table to the wasm.
            getrandom::fill(&mut b).map_err(|_| {
                throw(
                    &Error::new(
                        ErrorCode::Internal,
                        "",
                        "no randomness from the platform (crypto.getRandomValues)",
                    ),
                    None,
                )
            })?;
            u64::from_le_bytes(b)
        }
    };
    Ok(crate::synth::bucket(seed, buckets))
}

// ---------------------------------------------------------------------------------------------
// Product-team tooling (the catalogue playground): only in the second build, `pkg/tooling/`
// (`--features tooling`), so the customer-facing widget's wasm does not carry the validator
// report, the persona generator or the impact report.

#[cfg(feature = "tooling")]
#[wasm_bindgen(typescript_custom_section)]
const TOOLING_TYPES: &'static str = r#"
/** A problem of `validateCatalogue`. `offset` (UTF-16, for a JS string) is given for JSON
 * syntax errors; for the others, find the node from `path`. */
export interface Problem extends ProblemDetail { offset?: number }
export interface TestOutcome { name: string; passed: boolean; failures: string[] }
export interface ValidationReport { ok: boolean; errors: Problem[]; warnings: Problem[]; tests: TestOutcome[] }
/** `explainRule`: the JsonLogic value and the verdict with the failed leaf conditions. */
export interface RuleTrace { result: unknown; passed: boolean; failures: ConditionFailure[]; vars: string[] }
export interface Measure { personas: number; pct: number }
export interface ImpactSide { catalogueVersion: string; catalogueSha256: string; errors: number }
export interface ProductChange {
  eligibleBefore: number; eligibleAfter: number; gainedEligibility: number; lostEligibility: number;
  top3Before: number; top3After: number; gainedTop3: number; lostTop3: number;
}
export interface ImpactExample {
  index: number; persona?: string; top3Before: string[]; top3After: string[]; why?: string[];
  whyNot?: { gate: string; code: string; text: string }[];
}
export interface ImpactReport {
  personas: number; base: ImpactSide; head: ImpactSide;
  summary: { top3Changed: Measure; lostEligibility: Measure; gainedEligibility: Measure; lostTop3: Measure; gainedTop3: Measure; classChanged: Measure };
  products: Record<string, ProductChange>;
  gates: Record<string, { gate: string; before: number; after: number }>;
  riskClasses: Record<string, { before: number; after: number }>;
  examples: { product: string; change: "lostEligibility" | "gainedEligibility" | "lostTop3" | "gainedTop3"; personas: ImpactExample[] }[];
}
"#;

/// One problem of [`validate_catalogue`]: the engine's error plus, for a JSON syntax error,
/// where it is in the text.
#[cfg(feature = "tooling")]
#[derive(Serialize)]
struct Problem<'a> {
    code: ErrorCode,
    message: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<usize>,
}

#[cfg(feature = "tooling")]
fn problem(e: &Error, offset: Option<usize>) -> Problem<'_> {
    Problem {
        code: e.code,
        message: &e.message,
        path: &e.path,
        offset,
    }
}

#[cfg(feature = "tooling")]
#[derive(Serialize)]
struct ValidationReport<'a> {
    ok: bool,
    errors: Vec<Problem<'a>>,
    warnings: Vec<Problem<'a>>,
    tests: &'a [crate::catalogue::TestOutcome],
}

/// The UTF-16 index (a JS string index) of byte `offset` of `text`, at a character boundary.
#[cfg(feature = "tooling")]
fn utf16_offset(text: &str, offset: usize) -> usize {
    let mut b = offset.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text.get(..b).map_or(0, |s| s.encode_utf16().count())
}

/// `suitable validate` for the playground: every error and warning (JSON Pointer paths) and
/// the outcome of each embedded example test. Never throws on a bad catalogue: the problems
/// are the result.
#[cfg(feature = "tooling")]
#[wasm_bindgen(js_name = validateCatalogue, unchecked_return_type = "ValidationReport")]
pub fn validate_catalogue(text: &str) -> Result<JsValue, JsValue> {
    let report = crate::catalogue::validate(text);
    // A syntax error's byte offset, from the parser run once more (only then).
    let syntax = match report.errors.first() {
        Some(e) if e.code == ErrorCode::CatalogueParse => crate::json::parse(text)
            .err()
            .map(|s| utf16_offset(text, s.offset)),
        _ => None,
    };
    let out = ValidationReport {
        ok: report.ok,
        errors: report
            .errors
            .iter()
            .enumerate()
            .map(|(i, e)| problem(e, if i == 0 { syntax } else { None }))
            .collect(),
        warnings: report.warnings.iter().map(|e| problem(e, None)).collect(),
        tests: &report.tests,
    };
    to_js(&out)
}

#[cfg(feature = "tooling")]
#[derive(Serialize)]
struct RuleTrace {
    result: crate::json::Value,
    passed: bool,
    failures: Vec<logic::Failure>,
    vars: Vec<String>,
}

/// The rule tester: compiles `rule` in `mode` (default strict) and returns both the JsonLogic
/// value and the verdict with the failed leaf conditions (`suitable rule` and `--explain`).
#[cfg(feature = "tooling")]
#[wasm_bindgen(js_name = explainRule, unchecked_return_type = "RuleTrace")]
pub fn explain_rule(
    rule: JsValue,
    data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RuleMode")] mode: Option<String>,
    #[wasm_bindgen(unchecked_optional_param_type = "IsoDate")] now: Option<String>,
) -> Result<JsValue, JsValue> {
    let (compiled, data, now) = compile_rule(&rule, &data, mode.as_deref(), now)?;
    let verdict = compiled.check(&data, now);
    to_js(&RuleTrace {
        result: compiled.apply(&data, now),
        passed: verdict.passed,
        failures: verdict.failures,
        vars: compiled.vars(),
    })
}

#[cfg(feature = "tooling")]
#[wasm_bindgen]
impl Advisor {
    /// A synthetic population for this catalogue (`suitable personas`): `count` inputs,
    /// deterministic for `seed` (any integer up to 2^53).
    #[wasm_bindgen(unchecked_return_type = "RecommendInput[]")]
    pub fn personas(&self, count: u32, seed: f64) -> Result<JsValue, JsValue> {
        to_js(&crate::synth::personas(
            count as usize,
            seed_of(seed),
            &self.cat,
        ))
    }
}

#[cfg(feature = "tooling")]
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a seed is any 53-bit integer
fn seed_of(seed: f64) -> u64 {
    seed as u64
}

/// The impact report (`suitable impact`) of `head` against `base` over a synthetic population
/// of `base`, run a chunk at a time (`step`) so a page can show progress and stay responsive.
#[cfg(feature = "tooling")]
#[wasm_bindgen]
pub struct Impact {
    base: Catalogue,
    head: Catalogue,
    personas: Vec<RecommendInput>,
    tally: crate::impact::Tally,
    done: usize,
}

#[cfg(feature = "tooling")]
#[wasm_bindgen]
impl Impact {
    /// Loads both catalogues and generates `count` personas from `base` with `seed`. Throws
    /// `SuitableError` (every problem in `details`) when either catalogue does not load; the
    /// path of a head problem is prefixed with `/head`, of a base problem with `/base`.
    #[wasm_bindgen(constructor)]
    pub fn new(base: &str, head: &str, count: u32, seed: f64) -> Result<Impact, JsValue> {
        let load_side = |text: &str, side: &str| {
            Catalogue::load(text).map_err(|errors| {
                let errors: Vec<Error> = errors
                    .into_iter()
                    .map(|e| Error {
                        path: format!("/{side}{}", e.path),
                        ..e
                    })
                    .collect();
                let first = errors
                    .first()
                    .cloned()
                    .unwrap_or_else(|| Error::new(ErrorCode::Internal, "", "catalogue refused"));
                throw(&first, Some(&errors))
            })
        };
        let base = load_side(base, "base")?;
        let head = load_side(head, "head")?;
        let personas = crate::synth::personas(count as usize, seed_of(seed), &base);
        Ok(Impact {
            base,
            head,
            personas,
            tally: crate::impact::Tally::new(),
            done: 0,
        })
    }

    /// Runs the next `n` personas (fewer at the end); returns how many are done in all.
    pub fn step(&mut self, n: u32) -> u32 {
        let end = self
            .done
            .saturating_add(n as usize)
            .min(self.personas.len());
        for (i, p) in self.personas.iter().enumerate().take(end).skip(self.done) {
            self.tally.add(i, p, &self.base, &self.head);
        }
        self.done = end;
        u32::try_from(end).unwrap_or(u32::MAX)
    }

    #[wasm_bindgen(getter)]
    pub fn done(&self) -> u32 {
        u32::try_from(self.done).unwrap_or(u32::MAX)
    }

    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        u32::try_from(self.personas.len()).unwrap_or(u32::MAX)
    }

    /// The report over the personas run so far (`suitable impact --format json`).
    #[wasm_bindgen(unchecked_return_type = "ImpactReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.tally.clone().report(&self.base, &self.head))
    }

    /// The same report as an HTML fragment (`suitable impact --format html` without the page
    /// around it): every text escaped, no script, no style attribute; style it with
    /// `impactReportCss()`.
    pub fn html(&self) -> String {
        crate::impact::html_fragment(&self.tally.clone().report(&self.base, &self.head))
    }
}

/// The stylesheet of `Impact.html()` (every selector under `.impact-report`), for a
/// constructable stylesheet or the page's own CSS.
#[cfg(feature = "tooling")]
#[wasm_bindgen(js_name = impactReportCss)]
pub fn impact_report_css() -> String {
    crate::impact::HTML_CSS.to_string()
}
