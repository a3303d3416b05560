// The measurements, shared by Node (bench/bench.mjs) and headless Chromium (the page loads this
// same file), so both run the same code on the same data. No I/O here: the caller passes the
// initialised package module, json-logic-js and the texts.

/** Runs `fn` repeatedly; per-call times in ms. `batch` calls share one timer reading. */
export function measure(fn, { minMs = 400, minSamples = 7, maxSamples = 100000, batch = 0, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  if (!batch) {
    // Enough calls per sample for ~1 ms, so timer resolution (5 µs isolated, 100 µs otherwise) is noise.
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 2 && n < 1e6) {
      fn();
      n++;
    }
    batch = Math.max(1, Math.ceil(n / 2));
  }
  const samples = [];
  const start = performance.now();
  while ((samples.length < minSamples || performance.now() - start < minMs) && samples.length < maxSamples) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    samples.push((performance.now() - t0) / batch);
  }
  return stats(samples, batch);
}

/**
 * Times `start()` to the end of `await start()` one call per sample; `after(result)` (freeing
 * it) runs outside the timer.
 */
export async function measureAsync(start, after, { minMs = 1500, minSamples = 7, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; i++) after(await start());
  const samples = [];
  const begin = performance.now();
  while (samples.length < minSamples || performance.now() - begin < minMs) {
    const t0 = performance.now();
    const result = await start();
    samples.push(performance.now() - t0);
    after(result);
  }
  return stats(samples, 1);
}

export function stats(samples, batch = 1) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return {
    medianMs: q(0.5),
    p99Ms: q(0.99),
    minMs: s[0],
    meanMs: s.reduce((a, b) => a + b, 0) / s.length,
    samples: s.length,
    callsPerSample: batch,
  };
}

/**
 * @param {object} o
 * @param {object} o.mod        the initialised @suitable/advisor module (the widget's build)
 * @param {object} o.tooling    the initialised tooling build (`./tooling`): the same engine plus
 *                              `eligibility`, `eligibilityData`, `ruleData` and `fromObject`
 * @param {object} o.jsonLogic  json-logic-js
 * @param {string} o.bigText    the generated 1,000-product catalogue
 * @param {string} o.sampleText test-data/catalogue.json
 * @param {string} o.personaText the persona used throughout
 * @param {number} [o.recommendCalls] calls timed one by one for median/p99 of `recommend`
 */
export async function runSuite({ mod, tooling, jsonLogic, bigText, sampleText, personaText, recommendCalls = 1000, log = () => {} }) {
  const { Advisor, evaluateRule } = mod;
  const persona = JSON.parse(personaText);
  const out = {};

  // ---- 1. eligibility rules of 1,000 products, one profile --------------------------------
  log("1. eligibility rules");
  const bigObj = JSON.parse(bigText);
  // The eligibility exports are in the tooling build (the same engine code as the widget's).
  const big = new tooling.Advisor(bigText);
  const sample = new tooling.Advisor(sampleText);
  // One profile: assess once (with the big catalogue's questionnaire), then pass the profile, so
  // every side evaluates the rules only.
  const profile = big.assess({ ...persona.assessment, now: persona.now, customer: persona.customer });
  const input = { ...persona, assessment: undefined, profile };
  delete input.assessment;
  const data = big.ruleData(input); // the exact object the engine's rules see
  const rules = bigObj.products.map((p) => p.eligibility ?? null);
  const ruleCount = rules.filter((r) => r !== null).length;
  const withRule = rules.map((r, i) => [r, i]).filter(([r]) => r !== null);

  const jsFlags = () => rules.map((r) => (r === null ? 1 : jsonLogic.truthy(jsonLogic.apply(r, data)) ? 1 : 0));
  const wasmFlags = big.eligibility(input);
  const ref = jsFlags();
  const disagree = [];
  for (let i = 0; i < ref.length; i++) if (ref[i] !== wasmFlags[i]) disagree.push(bigObj.products[i].id);

  const jl = measure(() => jsFlags());
  const elig = measure(() => big.eligibility(input));
  // The same compiled rules against the same data object json-logic-js gets (converted in).
  const eligData = measure(() => big.eligibilityData(data));
  const dataFlags = big.eligibilityData(data);
  for (let i = 0; i < ref.length; i++) if (ref[i] !== dataFlags[i]) disagree.push(`data:${bigObj.products[i].id}`);
  // The fixed part of eligibility(): converting the input into Rust and building the rule data,
  // estimated by the same call on the 33-product sample catalogue (same questionnaire, same data).
  const eligSample = measure(() => sample.eligibility(input));
  const perRule = measure(() => {
    for (const [r] of withRule) evaluateRule(r, data, "compat", persona.now);
  }, { minMs: 600, minSamples: 3, batch: 1 });
  out.eligibility = {
    products: rules.length,
    rules: ruleCount,
    eligible: wasmFlags.reduce((a, b) => a + b, 0),
    disagreementsWithJsonLogicJs: disagree,
    jsonLogicJs: jl,
    wasmEligibility: elig,
    wasmEligibilityData: eligData,
    speedupEligibilityData: jl.medianMs / eligData.medianMs,
    wasmEvaluateRulePerRule: perRule,
    wasmEligibilitySampleCatalogue: eligSample,
    wasmRulesOnlyEstimateMs: Math.max(0, elig.medianMs - eligSample.medianMs),
    speedupEligibility: jl.medianMs / elig.medianMs,
    speedupRulesOnlyEstimate: jl.medianMs / Math.max(1e-6, elig.medianMs - eligSample.medianMs),
    speedupEvaluateRule: jl.medianMs / perRule.medianMs,
    note:
      "wasmEligibilityData = Advisor.eligibilityData(data): the same data object as json-logic-js, " +
      "converted into Rust on every call, then every compiled rule. " +
      "wasmEligibility = Advisor.eligibility(input): the input object is converted into Rust " +
      "and the rule data is built on every call, then every compiled rule (compiled once at load) is evaluated. " +
      "wasmEvaluateRulePerRule = evaluateRule(rule, data, 'compat') per rule: converts rule and data and " +
      "compiles the rule on every call (not the engine's path). jsonLogicJs = jsonLogic.apply per rule on " +
      "the same data object (Advisor.ruleData(input)). wasmRulesOnlyEstimateMs = eligibility on the big " +
      "catalogue minus eligibility on the 33-product sample (the per-call conversion and data building), an estimate.",
  };

  // ---- 2. loading the catalogue --------------------------------------------------------------------
  log("2. catalogue load");
  const parse = measure(() => JSON.parse(bigText), { minMs: 1500, minSamples: 7, batch: 1 });
  const load = measure(() => new Advisor(bigText).free(), { minMs: 1500, minSamples: 7, batch: 1 });
  // As a page loads it: `Advisor.load` (the SHA-256 by crypto.subtle, not the wasm), up to the
  // advisor in hand; freeing it is timed apart, as JSON.parse's result is left to the garbage
  // collector.
  const free = [];
  const freeTimed = (a) => {
    const t0 = performance.now();
    a.free();
    free.push(performance.now() - t0);
  };
  const loadAsync = await measureAsync(() => Advisor.load(bigText), freeTimed);
  // The same from the UTF-8 bytes, as a page has them from fetch's arrayBuffer() (JSON.parse
  // still gets the decoded text, its decoding not timed).
  const bigBytes = new TextEncoder().encode(bigText);
  const loadBytes = await measureAsync(() => Advisor.load(bigBytes), freeTimed);
  const fromObject = measure(() => tooling.Advisor.fromObject(bigObj).free(), { minMs: 1500, minSamples: 7, batch: 1 });
  const loadSample = measure(() => new Advisor(sampleText).free(), { minMs: 400 });
  out.load = {
    textChars: bigText.length,
    jsonParse: parse,
    newAdvisorText: load,
    advisorLoad: loadAsync,
    advisorLoadBytes: loadBytes,
    advisorFree: stats(free),
    fromObject,
    newAdvisorSample: loadSample,
    ratioNewAdvisorToJsonParse: load.medianMs / parse.medianMs,
    ratioAdvisorLoadToJsonParse: loadAsync.medianMs / parse.medianMs,
    ratioAdvisorLoadBytesToJsonParse: loadBytes.medianMs / parse.medianMs,
    ratioFromObjectToNewAdvisor: fromObject.medianMs / load.medianMs,
  };

  // ---- 3. one full recommend, sample catalogue ---------------------------------------------------
  log("3. recommend");
  const widget = new Advisor(sampleText); // the widget's build
  for (let i = 0; i < 50; i++) widget.recommend(persona); // warm-up
  const times = [];
  for (let i = 0; i < recommendCalls; i++) {
    const t0 = performance.now();
    widget.recommend(persona);
    times.push(performance.now() - t0);
  }
  const withProfile = { ...input };
  const times2 = [];
  for (let i = 0; i < recommendCalls; i++) {
    const t0 = performance.now();
    widget.recommend(withProfile);
    times2.push(performance.now() - t0);
  }
  out.recommend = {
    calls: recommendCalls,
    withAnswers: stats(times),
    withProfile: stats(times2),
    note: "withAnswers: the persona as given (the questionnaire is assessed inside the call); withProfile: a precomputed profile.",
  };

  widget.free();
  big.free();
  sample.free();
  return out;
}
