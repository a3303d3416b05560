// The catalogue playground (playground.html), for product teams editing the JSON catalogue. It
// runs the tooling build of the engine (pkg/tooling/: the widget's exports plus
// validateCatalogue, explainRule, Advisor.personas and Impact) and the CodeMirror editor bundle
// (/playground/editor.js, built from playground-editor.js by scripts/build-playground.mjs).
// It fetches only same-origin files: the published catalogue, its JSON Schema and the sample
// personas. Nothing typed here leaves the page. Texts from the catalogue and the engine are
// always set as text; the impact report's HTML (the engine's one renderer, escaped) is parsed
// inertly and copied element by element through an allow-list (importReport).
//
// Query parameters (for links and the browser tests): ?persona=FILE.json  ?locale=en|ru|zh
const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const DEBOUNCE_MS = 300;
const LOCALES = ["en", "ru", "zh"];

/** `h("p", { class: "x" }, "text", child)`: an element with attributes and text or node children. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** The CLI's `path: CODE: message` (`CODE: message` without a path). */
const problemText = (p) => (p.path ? `${p.path}: ${p.code}: ${p.message}` : `${p.code}: ${p.message}`);
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
/** A value from the engine (actual / expected), shown as JSON except for plain strings. */
const show = (v) => (typeof v === "string" ? v : JSON.stringify(v));

const state = {
  engine: null, // the tooling module
  editor: null,
  published: "", // /catalogue.json as fetched
  advisor: null, // Advisor of the last editor text that loaded
  loadedText: null, // that text
  stale: false, // the editor text does not load: results are of loadedText
  persona: null, // the persona input (parsed)
  personaError: "",
  lastSummary: "",
  impactRun: null,
};

function setStatus(text) {
  $("status").textContent = text;
}

// ---- start -------------------------------------------------------------------------------------

async function start() {
  let engine, editorModule;
  try {
    [engine, editorModule] = await Promise.all([import("./pkg/tooling/suitable.js"), import("./playground/editor.js")]);
    await engine.default();
  } catch (e) {
    setStatus(`The playground could not start: ${e.message}. Build it with \`make demo\` (pkg/tooling/ and target/playground/).`);
    return;
  }
  state.engine = engine;
  const [published, schema, personas] = await Promise.all([
    fetch("/catalogue.json").then((r) => (r.ok ? r.text() : Promise.reject(new Error(`/catalogue.json: HTTP ${r.status}`)))),
    fetch("/catalogue.schema.json").then((r) => (r.ok ? r.json() : null)).catch(() => null),
    fetch("/playground/personas.json").then((r) => (r.ok ? r.json() : [])).catch(() => []),
  ]).catch((e) => {
    setStatus(`The published catalogue could not be loaded: ${e.message}`);
    return [];
  });
  if (published === undefined) return;
  state.published = published;

  state.editor = editorModule.createEditor({
    parent: $("editor"),
    doc: published,
    schema,
    label: "Catalogue JSON",
    onChange: scheduleValidation,
    onCursor: showCursor,
  });

  const pick = $("persona-pick");
  for (const p of personas) pick.append(h("option", { value: p.file }, `${p.file.replace(/\.json$/, "")}: ${p.persona}`));
  const wanted = params.get("persona");
  if (wanted && personas.some((p) => p.file === wanted)) pick.value = wanted;
  const locale = params.get("locale");
  if (LOCALES.includes(locale)) $("locale").value = locale;

  wireEditorTools();
  wirePersona();
  wireRuleTester();
  wireImpact();

  validateNow();
  if (pick.value) await loadPersona(pick.value);
  runRule();
  document.body.dataset.ready = "true";
}

// ---- validation --------------------------------------------------------------------------------

let validationTimer = 0;
function scheduleValidation() {
  clearTimeout(validationTimer);
  document.body.dataset.validating = "true";
  validationTimer = setTimeout(validateNow, DEBOUNCE_MS);
}

/** Validates the editor text, shows the problems and tests, and reloads the engine when it loads. */
function validateNow() {
  clearTimeout(validationTimer);
  const text = state.editor.text();
  const report = state.engine.validateCatalogue(text);
  renderProblems(report);
  renderTests(report);
  state.editor.setDiagnostics(
    [...report.errors.map((p) => ({ p, severity: "error" })), ...report.warnings.map((p) => ({ p, severity: "warning" }))].map(
      ({ p, severity }) => {
        const { from, to } = range(p);
        return { from, to, severity, message: problemText(p), source: p.code };
      },
    ),
  );
  // Failed example tests are errors of `validate`, but the catalogue still loads: advice runs.
  const loads = !report.errors.some((e) => e.code !== "CATALOGUE_TEST_FAILED");
  let advisor = null;
  if (loads && text !== state.loadedText) {
    try {
      advisor = new state.engine.Advisor(text);
    } catch {
      advisor = null;
    }
  }
  if (advisor) {
    state.advisor?.free();
    state.advisor = advisor;
    state.loadedText = text;
    state.info = advisor.catalogueInfo();
    refreshRuleSources(text);
  }
  if (state.info) {
    const { catalogueVersion, products, sha256 } = state.info;
    $("catalogue-meta").textContent =
      `Version ${catalogueVersion} · ${plural(products, "product", "products")} · sha256 ${sha256.slice(0, 12)}…` +
      (!loads ? " · the editor's text does not load" : text === state.published ? " · as published" : " · edited");
  }
  // The advice is redrawn only when the engine or its staleness changed (not on every pause).
  const redraw = advisor !== null || state.stale !== !loads || !state.ready;
  state.stale = !loads;
  document.body.dataset.validating = "false";
  document.body.dataset.catalogue = loads ? "loads" : "invalid";
  if (redraw) recompute();
  if (!state.ready) {
    state.ready = true;
    setStatus(`Ready: the published catalogue is in the editor.`);
  }
}

/** Where a problem is in the editor text: its offset (syntax errors) or its JSON Pointer's node. */
function range(p) {
  if (typeof p.offset === "number") return { from: p.offset, to: p.offset + 1, at: p.offset, found: true };
  const r = state.editor.locate(p.path);
  // Underline the member from its name, but no more than its first line (a whole product, say).
  const firstLineEnd = state.editor.view.state.doc.lineAt(r.keyFrom).to;
  return { from: r.keyFrom, to: Math.max(r.keyFrom + 1, Math.min(r.to, firstLineEnd)), node: r, at: r.from, found: r.found };
}

/** Moves the cursor to a problem's node: a scalar value is selected, a container's start gets the cursor. */
/** Where the cursor is, as a JSON Pointer (not a live region: it changes on every key). */
let cursorFrame = 0;
function showCursor(c) {
  cancelAnimationFrame(cursorFrame);
  cursorFrame = requestAnimationFrame(() => {
    const el = $("cursor");
    el.textContent = `Cursor: ${c.pointer || "(document)"}, line ${c.line}, column ${c.column}`;
    el.dataset.pointer = c.pointer;
  });
}

function goTo(p) {
  const r = range(p);
  if (r.node?.scalar) state.editor.select(r.node.to, r.node.from);
  else state.editor.select(r.node ? r.node.keyFrom : r.at);
  return r;
}

function renderProblems(report) {
  const list = $("problems");
  const items = [
    ...report.errors.map((p) => ({ p, severity: "error" })),
    ...report.warnings.map((p) => ({ p, severity: "warning" })),
  ];
  list.replaceChildren(
    ...items.map(({ p, severity }) => {
      const { line, column } = state.editor.lineCol(range(p).at);
      return h(
        "li",
        { class: `problem ${severity}` },
        h(
          "button",
          { type: "button", dataset: { path: p.path, code: p.code, severity } },
          h("span", { class: "sev" }, severity === "error" ? "Error" : "Warning"),
          " ",
          h("code", { class: "where" }, problemText(p)),
          " ",
          h("span", { class: "line" }, `(line ${line}, column ${column})`),
        ),
      );
    }),
  );
  list.onclick = (e) => {
    const b = e.target.closest("button[data-code]");
    if (!b) return;
    const i = [...list.querySelectorAll("button[data-code]")].indexOf(b);
    goTo(items[i].p);
  };
  const errors = report.errors.length;
  const warnings = report.warnings.length;
  const summary =
    errors + warnings === 0
      ? "No problems: the catalogue loads and every example test passes."
      : `${plural(errors, "error", "errors")}, ${plural(warnings, "warning", "warnings")}.` +
        (report.errors.some((e) => e.code !== "CATALOGUE_TEST_FAILED") ? " The catalogue does not load." : "");
  // Announced only when it changes (it is a live region and validation runs on every pause).
  if (summary !== state.lastSummary) {
    $("problems-summary").textContent = summary;
    state.lastSummary = summary;
  }
}

function renderTests(report) {
  const tests = report.tests ?? [];
  const failed = tests.filter((t) => !t.passed).length;
  $("tests-summary").textContent = tests.length
    ? `${tests.length - failed} of ${tests.length} passed.`
    : report.errors.length
      ? "The tests run once the catalogue loads."
      : "The catalogue has no example tests.";
  $("tests").replaceChildren(
    ...tests.map((t, i) =>
      h(
        "li",
        { class: t.passed ? "test passed" : "test failed", dataset: { test: String(i), passed: String(t.passed) } },
        h("span", { class: "verdict" }, t.passed ? "✓ Passed" : "✗ Failed"),
        ": ",
        t.name,
        t.failures.length ? h("ul", {}, t.failures.map((f) => h("li", {}, f))) : null,
      ),
    ),
  );
}

// ---- editor tools ------------------------------------------------------------------------------

function wireEditorTools() {
  $("goto-form").addEventListener("submit", (e) => {
    e.preventDefault();
    let pointer = $("goto").value.trim();
    if (pointer && !pointer.startsWith("/")) pointer = `/${pointer}`;
    const r = goTo({ path: pointer });
    setStatus(r.found ? `Moved to ${pointer || "the document"}.` : `${pointer} is not in the catalogue; moved to the nearest node that is.`);
  });
  $("download").addEventListener("click", () => {
    const blob = new Blob([state.editor.text()], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: "catalogue.json", hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus("The catalogue in the editor was downloaded as catalogue.json.");
  });
  $("reset").addEventListener("click", () => {
    state.editor.setText(state.published);
    validateNow();
    setStatus("The editor holds the published catalogue again (Ctrl+Z in the editor undoes this).");
  });
}

// ---- persona -------------------------------------------------------------------------------------

function wirePersona() {
  $("persona-pick").addEventListener("change", () => loadPersona($("persona-pick").value));
  $("locale").addEventListener("change", recompute);
  let timer = 0;
  $("persona-json").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(readPersona, DEBOUNCE_MS);
  });
}

async function loadPersona(file) {
  try {
    const r = await fetch(`/personas/${encodeURIComponent(file)}`);
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    $("persona-json").value = await r.text();
  } catch (e) {
    state.personaError = `The persona ${file} could not be loaded: ${e.message}`;
  }
  readPersona();
}

function readPersona() {
  try {
    state.persona = JSON.parse($("persona-json").value);
    state.personaError = "";
  } catch (e) {
    state.personaError = `The persona input is not JSON: ${e.message}`;
  }
  $("persona-error").textContent = state.personaError;
  recompute();
}

/** Recomputes the persona's advice with the current engine, persona and locale. */
function recompute() {
  const out = $("advice");
  const stateLine = $("advice-state");
  let line;
  if (!state.advisor) {
    line = "The catalogue does not load yet: fix its errors to see advice.";
    out.replaceChildren();
  } else if (state.persona) {
    const input = { ...state.persona, locale: $("locale").value };
    try {
      const advice = state.advisor.recommend(input);
      renderAdvice(out, advice);
      line = state.stale
        ? "The catalogue in the editor has errors: this advice is from its last version that loaded."
        : `Advice for this persona with the catalogue in the editor (${advice.audit.catalogueVersion}, sha256 ${advice.audit.catalogueSha256.slice(0, 12)}…).`;
      out.dataset.sha = advice.audit.catalogueSha256;
    } catch (e) {
      out.replaceChildren(h("p", { class: "error-text" }, `The engine refused the persona: ${problemText(e)}`));
      line = "No advice: the engine refused the persona input.";
    }
  } else {
    line = state.personaError || "Pick a persona.";
  }
  out.dataset.stale = String(state.stale);
  if (stateLine.textContent !== line) stateLine.textContent = line;
}

function scoreCells(s) {
  if (!s.score) return ["—", "—", "—", "—", "—"].map((x) => h("td", { class: "num" }, x));
  const { p, c, v, l, priority } = s.score;
  return [p, c, v, l, priority].map((x) => h("td", { class: "num" }, String(x)));
}

/** A table in a focusable, labelled scroll box (wide tables scroll on their own). */
function table(caption, headers, rows, attrs = {}) {
  return h(
    "div",
    { class: "scroll", role: "region", tabindex: "0", "aria-label": caption, ...attrs },
    h(
      "table",
      {},
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col", class: x.num ? "num" : null }, x.label ?? x)))),
      h("tbody", {}, rows),
    ),
  );
}

function productCell(s) {
  return h("th", { scope: "row", class: "product" }, h("span", { lang: s.lang || null }, s.name), h("br"), h("code", {}, s.productId));
}

function suggestionTable(caption, list, section) {
  const headers = ["Product", "Risk level", { label: "P", num: true }, { label: "C", num: true }, { label: "V", num: true }, { label: "L", num: true }, { label: "Priority", num: true }, "Why"];
  const rows = list.map((s) =>
    h(
      "tr",
      { dataset: { product: s.productId } },
      productCell(s),
      h("td", {}, s.riskLevel, " ", h("span", { lang: s.lang || null }, s.riskLabel)),
      ...scoreCells(s),
      h("td", { class: "why" }, h("ul", { class: "reasons" }, s.why.map((r) => h("li", { lang: r.lang || null }, r.text, " ", h("code", {}, r.code))))),
    ),
  );
  return table(caption, headers, rows, { dataset: { section } });
}

function renderAdvice(out, a) {
  const parts = [];
  parts.push(
    h(
      "p",
      { class: "advice-summary" },
      `Profile ${a.profileStatus}; ${a.personalised ? "personalised" : "not personalised"}; ` +
        `${plural(a.recommendations.length, "suggestion", "suggestions")}, ${a.crossSell.length} cross-sell, ` +
        `${a.excluded.length} excluded, ${a.suppressed.length} suppressed.`,
    ),
  );
  // The risk profile.
  parts.push(h("h3", {}, "Risk profile"));
  const p = a.profile;
  if (p) {
    const dl = h("dl", { class: "profile", dataset: { class: p.class } });
    const row = (k, ...v) => dl.append(h("dt", {}, k), h("dd", {}, ...v));
    row("Class", h("strong", {}, p.class), ` (capacity ${p.capacityClass}, willingness ${p.willingnessClass})`);
    row("Scores", Object.entries(p.scores).map(([k, v]) => `${k} ${v}`).join(", "));
    row("Lowest category", p.lowestCategory ? "yes" : "no");
    if (p.knockOuts.length) row("Knock-outs", p.knockOuts.join(", "));
    if (p.capacityCaps.length) row("Capacity caps", p.capacityCaps.join(", "));
    row("Horizon", p.horizonYears === null ? "not stated" : `${p.horizonYears} years`);
    if (p.acceptedVarieties) row("Accepted varieties", p.acceptedVarieties.join(", "));
    row("Complex products", p.complexProductsAllowed ? "allowed" : "not allowed");
    row("Valid", `${p.completedOn} to ${p.validUntil}`);
    if (p.consistencyPrompts.length) row("Consistency prompts", h("ul", {}, p.consistencyPrompts.map((x) => h("li", { lang: x.lang || null }, x.text))));
    row("Why", h("ul", { class: "reasons" }, p.explanation.map((r) => h("li", { lang: r.lang || null }, r.text))));
    parts.push(dl);
  } else {
    parts.push(h("p", {}, `No profile (${a.profileStatus}).`));
  }
  if (a.notices.length) {
    parts.push(h("h3", {}, "Notices"), h("ul", {}, a.notices.map((n) => h("li", { lang: n.lang || null }, n.text, " ", h("code", {}, n.code)))));
  }
  parts.push(h("h3", {}, `Suggestions (${a.recommendations.length})`));
  parts.push(a.recommendations.length ? suggestionTable("Suggestions, with the score P × C × V × L", a.recommendations, "recommendations") : h("p", {}, "None."));
  parts.push(h("h3", {}, `Cross-sell (${a.crossSell.length})`));
  parts.push(a.crossSell.length ? suggestionTable("Cross-sell, with the score P × C × V × L", a.crossSell, "cross-sell") : h("p", {}, "None."));

  parts.push(h("h3", {}, `Excluded (${a.excluded.length})`));
  if (a.excluded.length) {
    const rows = [];
    for (const x of a.excluded) {
      for (const g of x.gates) {
        rows.push(
          h(
            "tr",
            { dataset: { product: x.productId, gate: g.gate } },
            h("th", { scope: "row", class: "product" }, x.name, h("br"), h("code", {}, x.productId)),
            h("td", {}, g.gate, h("br"), h("code", {}, g.code)),
            h(
              "td",
              { class: "why" },
              h("span", { lang: g.lang || null }, g.text),
              g.conditions?.length
                ? h(
                    "ul",
                    { class: "conditions" },
                    g.conditions.map((c) => h("li", {}, h("code", {}, `${c.path || "/"} ${c.var ?? ""} ${c.op}`.replace(/\s+/g, " ")), `: ${c.code}, actual ${show(c.actual)}, expected ${show(c.expected)}`)),
                  )
                : null,
            ),
            h("td", {}, h("code", {}, show(g.actual))),
            h("td", {}, h("code", {}, show(g.expected))),
          ),
        );
      }
    }
    parts.push(table("Excluded products: the gate that failed, actual and expected values", ["Product", "Gate", "Reason", "Actual", "Expected"], rows, { dataset: { section: "excluded" } }));
  } else {
    parts.push(h("p", {}, "None."));
  }
  if (a.suppressed.length) {
    parts.push(h("h3", {}, `Suppressed (${a.suppressed.length})`));
    parts.push(
      table(
        "Suppressed products",
        ["Product", "Code", "Reason", "Until"],
        a.suppressed.map((s) => h("tr", { dataset: { product: s.productId } }, h("th", { scope: "row" }, h("code", {}, s.productId)), h("td", {}, h("code", {}, s.code)), h("td", {}, s.text), h("td", {}, s.until ?? "—"))),
        { dataset: { section: "suppressed" } },
      ),
    );
  }
  out.lang = a.locale;
  out.replaceChildren(...parts);
}

// ---- rule tester ---------------------------------------------------------------------------------

const RULE_EXAMPLE = {
  rule: { and: [{ ">=": [{ var: "customer.age" }, 18] }, { "<": [{ var: "customer.debts" }, 5000000] }] },
  data: { customer: { age: 24 } },
};

function wireRuleTester() {
  $("rule-json").value = JSON.stringify(RULE_EXAMPLE.rule, null, 2);
  $("rule-data").value = JSON.stringify(RULE_EXAMPLE.data, null, 2);
  $("rule-run").addEventListener("click", runRule);
  for (const r of document.querySelectorAll("input[name=rule-mode]")) r.addEventListener("change", runRule);
  $("rule-pick").addEventListener("change", () => {
    const src = ruleSource($("rule-pick").value);
    if (!src) return;
    $("rule-json").value = JSON.stringify(src.rule, null, 2);
    runRule();
  });
  $("rule-persona-data").addEventListener("click", () => {
    if (!state.advisor || !state.persona) {
      $("rule-out").replaceChildren(h("p", { class: "error-text" }, "No persona data: the catalogue must load and the persona input must be JSON."));
      return;
    }
    try {
      const data = state.advisor.ruleData({ ...state.persona, locale: $("locale").value });
      $("rule-data").value = JSON.stringify(data, null, 2);
      if (typeof data.now === "string") $("rule-now").value = data.now;
      runRule();
    } catch (e) {
      $("rule-out").replaceChildren(h("p", { class: "error-text" }, `The engine refused the persona: ${problemText(e)}`));
    }
  });
}

/** The rule source an option of the rule picker stands for ("" is the user's own rule). */
const ruleSource = (value) => (value === "" ? undefined : state.ruleSources?.[Number(value)]);

/** The rules of the catalogue in the editor that read advice data (not the questionnaires'). */
function refreshRuleSources(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return;
  }
  const sources = [];
  (doc.products ?? []).forEach((p, i) => p.eligibility && sources.push({ label: `${p.id}: eligibility`, path: `/products/${i}/eligibility`, rule: p.eligibility }));
  for (const [key, field] of [["capacityCaps", "when"], ["contextWeights", "when"], ["crossSell", "when"], ["notices", "when"]]) {
    (doc[key] ?? []).forEach((x, i) => x[field] !== undefined && sources.push({ label: `${key} ${x.id}: ${field}`, path: `/${key}/${i}/${field}`, rule: x[field] }));
  }
  const pick = $("rule-pick");
  const current = ruleSource(pick.value)?.path;
  state.ruleSources = sources;
  pick.replaceChildren(h("option", { value: "" }, "(your own rule)"), ...sources.map((s, i) => h("option", { value: String(i) }, `${s.label} (${s.path})`)));
  const again = sources.findIndex((s) => s.path === current);
  pick.value = again >= 0 ? String(again) : "";
}

function runRule() {
  const out = $("rule-out");
  const mode = document.querySelector("input[name=rule-mode]:checked")?.value ?? "strict";
  let rule, data;
  try {
    rule = JSON.parse($("rule-json").value);
  } catch (e) {
    out.replaceChildren(h("p", { class: "error-text" }, `The rule is not JSON: ${e.message}`));
    return;
  }
  try {
    data = $("rule-data").value.trim() ? JSON.parse($("rule-data").value) : null;
  } catch (e) {
    out.replaceChildren(h("p", { class: "error-text" }, `The data is not JSON: ${e.message}`));
    return;
  }
  const now = $("rule-now").value || undefined;
  let trace;
  try {
    trace = state.engine.explainRule(rule, data, mode, now);
  } catch (e) {
    out.replaceChildren(h("p", { class: "error-text", dataset: { code: e.code ?? "" } }, `Refused in ${mode} mode: ${problemText(e)}`));
    out.dataset.mode = mode;
    out.dataset.result = "error";
    return;
  }
  const parts = [
    h("p", { class: "rule-result" }, `Result (${mode}): `, h("code", { class: "value" }, JSON.stringify(trace.result))),
    h("p", { class: trace.passed ? "verdict passed" : "verdict failed" }, trace.passed ? "✓ The condition holds." : "✗ The condition does not hold."),
  ];
  if (trace.failures.length) {
    parts.push(
      table(
        "Conditions responsible",
        ["Path in the rule", "Variable", "Operator", "Code", "Actual", "Expected"],
        trace.failures.map((f) =>
          h("tr", {}, h("th", { scope: "row" }, h("code", {}, f.path || "/")), h("td", {}, h("code", {}, f.var ?? "—")), h("td", {}, h("code", {}, f.op || "—")), h("td", {}, h("code", {}, f.code)), h("td", {}, h("code", {}, show(f.actual))), h("td", {}, h("code", {}, show(f.expected)))),
        ),
      ),
    );
  }
  parts.push(h("p", { class: "vars" }, "Variables read: ", trace.vars.length ? trace.vars.map((v, i) => [i ? ", " : "", h("code", {}, v)]) : "none"));
  out.dataset.mode = mode;
  out.dataset.result = JSON.stringify(trace.result);
  out.dataset.passed = String(trace.passed);
  out.replaceChildren(...parts.flat());
}

// ---- impact --------------------------------------------------------------------------------------

function wireImpact() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(state.engine.impactReportCss());
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  $("impact-run").addEventListener("click", runImpact);
  $("impact-stop").addEventListener("click", () => {
    if (state.impactRun) state.impactRun.stopped = true;
  });
}

const nextTask = () => new Promise((r) => setTimeout(r, 0));

/** Runs the impact report in slices of ~30 ms, yielding to the page between them. */
async function runImpact() {
  if (state.impactRun) return;
  const count = Math.max(10, Math.min(20000, Math.round(Number($("impact-count").value) || 1000)));
  const seed = Math.max(0, Math.round(Number($("impact-seed").value) || 0));
  const status = $("impact-status");
  const progress = $("impact-progress");
  const out = $("impact-report");
  let impact;
  try {
    impact = new state.engine.Impact(state.published, state.editor.text(), count, seed);
  } catch (e) {
    status.textContent = `No report: ${problemText(e)}. Fix the catalogue's errors first.`;
    return;
  }
  const run = { stopped: false };
  state.impactRun = run;
  $("impact-run").disabled = true;
  $("impact-stop").hidden = false;
  out.setAttribute("aria-busy", "true");
  progress.max = impact.total;
  progress.value = 0;
  status.textContent = `Comparing over ${count} personas (seed ${seed})…`;
  const t0 = performance.now();
  let announcedHalf = false;
  try {
    while (impact.done < impact.total && !run.stopped) {
      const until = performance.now() + 30;
      while (impact.done < impact.total && performance.now() < until) impact.step(10);
      progress.value = impact.done;
      if (!announcedHalf && impact.done * 2 >= impact.total && impact.done < impact.total) {
        announcedHalf = true;
        status.textContent = `Half of the ${count} personas compared…`;
      }
      await nextTask();
    }
    out.replaceChildren(importReport(impact.html()));
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    status.textContent = run.stopped
      ? `Stopped after ${impact.done} of ${impact.total} personas; the report covers those.`
      : `Done: ${impact.total} personas compared in ${seconds} s. The report is below.`;
    out.dataset.personas = String(impact.done);
  } finally {
    impact.free();
    state.impactRun = null;
    $("impact-run").disabled = false;
    $("impact-stop").hidden = true;
    out.removeAttribute("aria-busy");
  }
}

// The impact report's HTML comes from the engine's renderer (impact::html_fragment: every
// catalogue and persona string escaped, no script, no style). It is still not trusted as markup:
// DOMParser parses it into an inert document (no script runs, nothing loads) and only these
// elements and attributes are copied into the page. Headings move one level down, under this
// section's h2.
const REPORT_TAGS = new Set(["div", "p", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "code", "h2", "h3", "h4", "h5", "ul", "ol", "li", "span", "strong", "em", "dl", "dt", "dd", "br", "small"]);
const REPORT_ATTRS = new Set(["class", "scope", "colspan", "rowspan", "role", "tabindex", "aria-label", "lang"]);

function importReport(html) {
  const inert = new DOMParser().parseFromString(html, "text/html");
  const copy = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.data);
    if (node.nodeType !== Node.ELEMENT_NODE || !REPORT_TAGS.has(node.localName)) return null;
    const tag = /^h[2-5]$/.test(node.localName) ? `h${Number(node.localName[1]) + 1}` : node.localName;
    const el = document.createElement(tag);
    for (const a of node.attributes) if (REPORT_ATTRS.has(a.name)) el.setAttribute(a.name, a.value);
    for (const c of node.childNodes) {
      const k = copy(c);
      if (k) el.append(k);
    }
    return el;
  };
  const frag = document.createDocumentFragment();
  for (const c of inert.body.childNodes) {
    const k = copy(c);
    if (k) frag.append(k);
  }
  return frag;
}

start().catch((e) => setStatus(`The playground stopped: ${e.message}`));
