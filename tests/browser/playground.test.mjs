// The catalogue playground (www/playground.html) in Debian's Chromium: live validation as the
// editor is typed in, the problem list and its jumps, the persona's advice following the
// catalogue, the rule tester in both modes, the download, the impact report, axe-core (WCAG 2.1
// A/AA), the CSP and the request log. The built tooling package (pkg/tooling/) in Node is the
// oracle for what the page shows.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CATALOGUE_TEXT, PLAYGROUND_FILES, PLAYGROUND_PREFIXES, ROOT, assertNoViolations, axe, focused, loadTooling,
  openPlayground, settled, shot, tabTo, useBrowser,
} from "./helpers.mjs";

const CATALOGUE = JSON.parse(CATALOGUE_TEXT);
const persona = (file) => JSON.parse(readFileSync(join(ROOT, "test-data", "personas", file), "utf8"));
const tooling = await loadTooling();

/** The page's problem list: `{ severity, text, path, code }` per item. */
const problems = (page) =>
  page.$$eval("#problems button", (bs) => bs.map((b) => ({
    severity: b.dataset.severity, path: b.dataset.path, code: b.dataset.code, text: b.querySelector(".where").textContent,
  })));
/** Product ids of one section of the persona's advice, in order. */
const section = (page, name) =>
  page.$$eval(`#advice [data-section="${name}"] tbody tr`, (rows) => [...new Set(rows.map((r) => r.dataset.product))]);
/** Where the editor's cursor is (the page shows it as a JSON Pointer) and whether it has the focus. */
const cursor = async (page) => {
  await page.waitForFunction(() => document.getElementById("cursor").dataset.pointer !== undefined);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => ({
    pointer: document.getElementById("cursor").dataset.pointer,
    focusInEditor: document.getElementById("editor").shadowRoot.activeElement?.classList.contains("cm-content") ?? false,
  }));
};
/** Focuses the editor's text box and moves the cursor to the start of the document. */
async function editorHome(page) {
  await page.locator("#editor .cm-content").click();
  await page.keyboard.press("Control+Home");
}
/** Selects the value at a JSON Pointer through the page's own "Go to JSON Pointer" form. */
async function goTo(page, pointer) {
  await page.fill("#goto", pointer);
  await page.press("#goto", "Enter");
}

const INITIAL_WARNINGS = tooling.validateCatalogue(CATALOGUE_TEXT).warnings.map((w) => `${w.path}: ${w.code}: ${w.message}`);
const TD12 = CATALOGUE.products.findIndex((p) => p.id === "td-12m");

describe("catalogue playground", () => {
  let browser, srv;
  useBrowser((b, s) => {
    browser = b;
    srv = s;
  });

  test("loads the published catalogue: no errors, the tests pass, the persona's advice as the package computes it", async () => {
    const { page, context, log } = await openPlayground(browser, srv);
    try {
      assert.deepEqual((await problems(page)).map((p) => p.text), INITIAL_WARNINGS);
      assert.ok((await problems(page)).every((p) => p.severity === "warning"));
      const tests = await page.$$eval("#tests li.test", (ls) => ls.map((l) => l.dataset.passed));
      assert.deepEqual(tests, CATALOGUE.tests.map(() => "true"));
      assert.match(await page.textContent("#tests-summary"), new RegExp(`^${CATALOGUE.tests.length} of ${CATALOGUE.tests.length} passed`));

      const advisor = new tooling.Advisor(CATALOGUE_TEXT);
      const want = advisor.recommend({ ...persona("01-young-saver.json"), locale: "en" });
      assert.deepEqual(await section(page, "recommendations"), want.recommendations.map((s) => s.productId));
      assert.deepEqual(await section(page, "excluded"), want.excluded.map((x) => x.productId));
      // The score breakdown P, C, V, L and the priority of the first suggestion.
      const first = await page.$$eval('#advice [data-section="recommendations"] tbody tr:first-child td.num', (tds) => tds.map((t) => t.textContent));
      const s = want.recommendations[0].score;
      assert.deepEqual(first, [s.p, s.c, s.v, s.l, s.priority].map(String));
      assert.equal(await page.getAttribute("#advice dl.profile", "data-class"), want.profile.class);
      // Every excluded product with its gate, actual and expected values.
      const g = want.excluded[0].gates[0];
      const row = await page.$eval(`#advice [data-section="excluded"] tr[data-product="${want.excluded[0].productId}"][data-gate="${g.gate}"]`, (r) =>
        [...r.querySelectorAll("td")].map((td) => td.textContent));
      assert.equal(row[0], `${g.gate}${g.code}`);
      assert.equal(row[2], typeof g.actual === "string" ? g.actual : JSON.stringify(g.actual));
      assert.equal(row[3], typeof g.expected === "string" ? g.expected : JSON.stringify(g.expected));

      assertNoViolations(assert, await axe(page), "playground loaded");
      await shot(page, "playground-loaded", false);
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
      assert.deepEqual(log.console, []);
      assert.deepEqual(log.errors, []);
    } finally {
      await context.close();
    }
  });

  test("an error typed in the editor is listed with its path and code, clicking it moves the cursor there, fixing it empties the list and the advice updates", async () => {
    const { page, context, log } = await openPlayground(browser, srv);
    try {
      const sha0 = await page.getAttribute("#advice", "data-sha");
      // A JSON syntax error, typed: line 4 is `"catalogueVersion": "2026.11.1",`.
      await editorHome(page);
      for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
      await page.keyboard.press("End");
      await page.keyboard.type(" oops");
      await settled(page);
      let list = await problems(page);
      const syntax = list.find((p) => p.severity === "error");
      assert.ok(syntax, JSON.stringify(list));
      assert.equal(syntax.code, "CATALOGUE_PARSE");
      assert.match(syntax.text, /^\/catalogueVersion: CATALOGUE_PARSE: /);
      assert.match(await page.textContent("#problems-summary"), /1 error.*does not load/);
      assert.equal(await page.getAttribute("body", "data-catalogue"), "invalid");
      assert.equal(await page.getAttribute("#advice", "data-stale"), "true");
      assert.match(await page.textContent("#advice-state"), /has errors/);
      // CodeMirror's lint diagnostics show it too.
      await page.waitForFunction(() => document.getElementById("editor").shadowRoot.querySelector(".cm-lintRange-error"));
      assertNoViolations(assert, await axe(page), "syntax error listed");
      await shot(page, "playground-syntax-error", false);
      // Undo: the list has only the sample's warnings again.
      await page.keyboard.press("Control+z");
      await settled(page);
      assert.deepEqual((await problems(page)).map((p) => p.text), INITIAL_WARNINGS);

      // A value the engine refuses, through the "Go to JSON Pointer" form: the value is selected.
      await goTo(page, `/products/${TD12}/riskLevel`);
      assert.deepEqual(await cursor(page), { pointer: `/products/${TD12}/riskLevel`, focusInEditor: true });
      await page.keyboard.press("Backspace");
      await page.keyboard.type('"R9"');
      await settled(page);
      list = await problems(page);
      const bad = list.find((p) => p.severity === "error");
      assert.equal(bad?.path, `/products/${TD12}/riskLevel`);
      assert.equal(bad.code, "CATALOGUE_PARSE");
      assert.match(bad.text, new RegExp(`^/products/${TD12}/riskLevel: CATALOGUE_PARSE: unknown variant \`R9\``));

      // Activating the problem (by the keyboard: Tab to it, Enter) moves the cursor to that node.
      await page.keyboard.press("Control+Home"); // the cursor away from it first
      assert.equal((await cursor(page)).pointer, "");
      await page.focus("#goto");
      await tabTo(page, (x) => x.tag === "button" && x.text.includes("CATALOGUE_PARSE"), { what: "the problem" });
      const f = await focused(page);
      assert.ok(f.visibleFocus, `focus ring on the problem: ${JSON.stringify(f)}`);
      await page.keyboard.press("Enter");
      assert.deepEqual(await cursor(page), { pointer: `/products/${TD12}/riskLevel`, focusInEditor: true });

      // Fixed: R3 (above the persona's C2): no error, fresh advice with td-12m excluded by the risk gate.
      await page.keyboard.press("Backspace");
      await page.keyboard.type('"R3"');
      await settled(page);
      assert.deepEqual((await problems(page)).map((p) => p.text), INITIAL_WARNINGS);
      assert.equal(await page.getAttribute("body", "data-catalogue"), "loads");
      assert.equal(await page.getAttribute("#advice", "data-stale"), "false");
      assert.notEqual(await page.getAttribute("#advice", "data-sha"), sha0);
      assertNoViolations(assert, await axe(page), "after the fix");
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.console, []);
    } finally {
      await context.close();
    }
  });

  test("raising a product's risk level changes a persona's suggestions as the engine says; the download holds the edit", async () => {
    const { page, context } = await openPlayground(browser, srv, "?persona=01-young-saver.json");
    try {
      const before = await section(page, "recommendations");
      assert.ok(before.includes("td-12m"), `td-12m is suggested before: ${before}`);
      await goTo(page, `/products/${TD12}/riskLevel`);
      await page.keyboard.press("Backspace");
      await page.keyboard.type('"R3"');
      await settled(page);

      const edited = structuredClone(CATALOGUE);
      edited.products[TD12].riskLevel = "R3";
      const want = new tooling.Advisor(JSON.stringify(edited)).recommend({ ...persona("01-young-saver.json"), locale: "en" });
      const after = await section(page, "recommendations");
      assert.deepEqual(after, want.recommendations.map((s) => s.productId));
      assert.ok(!after.includes("td-12m"), `td-12m is no longer suggested: ${after}`);
      const gate = await page.$eval('#advice [data-section="excluded"] tr[data-product="td-12m"]', (r) => ({
        gate: r.dataset.gate, cells: [...r.querySelectorAll("td")].map((t) => t.textContent),
      }));
      assert.equal(gate.gate, "G1");
      assert.deepEqual(gate.cells.slice(2), ["R3", "C2"]); // actual: the product's level; expected: the class

      // Download: the editor's text, byte for byte (the published text with that one change).
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
      assert.equal(download.suggestedFilename(), "catalogue.json");
      const text = readFileSync(await download.path(), "utf8");
      const lines = CATALOGUE_TEXT.split("\n");
      assert.equal(text.split("\n").filter((l, i) => l !== lines[i]).length, 1);
      assert.deepEqual(JSON.parse(text), edited);
    } finally {
      await context.close();
    }
  });

  test("another persona and the advice language: the same advice as the package, texts marked with their language", async () => {
    const { page, context } = await openPlayground(browser, srv);
    try {
      await page.selectOption("#persona-pick", "04-lowest-category.json");
      await page.selectOption("#locale", "ru");
      await page.waitForFunction(() => document.getElementById("advice").lang === "ru" && document.querySelector("#advice dl.profile"));
      await page.waitForFunction(() => /lowest/i.test(document.getElementById("persona-json").value));
      await page.waitForFunction(() => /Lowest category\s*yes/.test(document.getElementById("advice").textContent));
      const want = new tooling.Advisor(CATALOGUE_TEXT).recommend({ ...persona("04-lowest-category.json"), locale: "ru" });
      assert.deepEqual(await section(page, "excluded"), want.excluded.map((x) => x.productId));
      assert.deepEqual(await section(page, "recommendations"), want.recommendations.map((s) => s.productId));
      const reason = want.excluded[0].gates[0].text;
      assert.ok((await page.textContent('#advice [data-section="excluded"]')).includes(reason));
      assert.equal(await page.$eval('#advice [data-section="excluded"] td span[lang]', (s) => s.lang), "ru");

      // An edited persona: invalid JSON is reported, valid JSON recomputes.
      await page.locator("summary").click();
      await page.fill("#persona-json", "{ not json");
      await page.waitForFunction(() => document.getElementById("persona-error").textContent.includes("not JSON"));
      const p = persona("04-lowest-category.json");
      p.context = { ...(p.context ?? {}), personalisation: false };
      await page.fill("#persona-json", JSON.stringify(p, null, 2));
      await page.waitForFunction(() => document.getElementById("persona-error").textContent === "" && /not personalised/.test(document.getElementById("advice").textContent));
      assertNoViolations(assert, await axe(page), "persona 04 in ru");
      await shot(page, "playground-persona-ru");
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
    } finally {
      await context.close();
    }
  });

  test("the rule tester: result, verdict and failed conditions in strict and compat mode", async () => {
    const { page, context, log } = await openPlayground(browser, srv);
    try {
      const mode = (m) => page.check(`input[name=rule-mode][value=${m}]`);
      await page.fill("#rule-json", '{"<": [{"var": "x"}, 0.5]}');
      await page.fill("#rule-data", '{"x": null}');
      await mode("compat");
      await page.click("#rule-run");
      await page.waitForFunction(() => document.getElementById("rule-out").dataset.mode === "compat");
      assert.equal(await page.getAttribute("#rule-out", "data-result"), "true"); // json-logic-js: null < 0.5
      assert.equal(await page.getAttribute("#rule-out", "data-passed"), "true");

      await mode("strict"); // changing the mode evaluates again
      await page.waitForFunction(() => document.getElementById("rule-out").dataset.mode === "strict");
      assert.equal(await page.getAttribute("#rule-out", "data-result"), "null");
      assert.equal(await page.getAttribute("#rule-out", "data-passed"), "false");
      const failure = await page.$$eval("#rule-out tbody tr", (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
      assert.deepEqual(failure, [["/", "x", "<", "MISSING_VARIABLE", "null", "0.5"]]);
      assert.match(await page.textContent("#rule-out"), /Variables read: x/);

      // Loose equality: refused in strict mode with its code, evaluated in compat mode.
      await page.fill("#rule-json", '{"==": [{"var": "x"}, "1"]}');
      await page.fill("#rule-data", '{"x": 1}');
      await page.click("#rule-run");
      await page.waitForFunction(() => document.getElementById("rule-out").dataset.result === "error");
      assert.match(await page.textContent("#rule-out"), /RULE_LOOSE_EQUALITY/);
      await mode("compat");
      await page.waitForFunction(() => document.getElementById("rule-out").dataset.mode === "compat" && document.getElementById("rule-out").dataset.result === "true");
      const again = tooling.explainRule({ "==": [{ var: "x" }, "1"] }, { x: 1 }, "compat");
      assert.equal(again.result, true);

      // A catalogue rule against the persona's own rule data: the verdict the engine's G7 gate reached.
      await mode("strict");
      const i = await page.$$eval("#rule-pick option", (os) => os.find((o) => o.textContent.startsWith("ca-premium: eligibility"))?.value);
      assert.ok(i, "ca-premium's eligibility rule is offered");
      await page.selectOption("#rule-pick", i);
      await page.click("#rule-persona-data");
      await page.waitForFunction(() => document.getElementById("rule-data").value.includes('"customer"'));
      await page.waitForFunction(() => document.getElementById("rule-out").dataset.mode === "strict" && document.getElementById("rule-out").dataset.passed !== undefined);
      const want = new tooling.Advisor(CATALOGUE_TEXT).recommend({ ...persona("01-young-saver.json"), locale: "en" });
      const g7 = want.excluded.find((x) => x.productId === "ca-premium")?.gates.some((g) => g.gate === "G7") ?? false;
      assert.equal(await page.getAttribute("#rule-out", "data-passed"), String(!g7));
      assert.equal(await page.inputValue("#rule-now"), persona("01-young-saver.json").now);
      assertNoViolations(assert, await axe(page), "rule tester");
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
      assert.deepEqual(log.errors, []);
    } finally {
      await context.close();
    }
  });

  test("compare with the published catalogue: the impact report over a generated population, with progress", async () => {
    const { page, context, log } = await openPlayground(browser, srv);
    try {
      await goTo(page, `/products/${TD12}/riskLevel`);
      await page.keyboard.press("Backspace");
      await page.keyboard.type('"R3"');
      await settled(page);
      await page.fill("#impact-count", "300");
      await page.fill("#impact-seed", "11");
      // It runs in slices, yielding to the page between them: the progress bar is seen moving.
      await page.evaluate(() => {
        window.__progress = [];
        const p = document.getElementById("impact-progress");
        new MutationObserver(() => window.__progress.push(p.value)).observe(p, { attributes: true, attributeFilter: ["value"] });
      });
      await page.click("#impact-run");
      await page.waitForFunction(() => /^Done: 300 personas/.test(document.getElementById("impact-status").textContent), null, { timeout: 60000 });
      assert.equal(await page.$eval("#impact-progress", (p) => [p.value, p.max].join("/")), "300/300");
      const seen = await page.evaluate(() => window.__progress);
      assert.ok(seen.some((v) => v > 0 && v < 300), `intermediate progress: ${seen}`);
      assert.equal(await page.getAttribute("#impact-report", "aria-busy"), null);

      const edited = structuredClone(CATALOGUE);
      edited.products[TD12].riskLevel = "R3";
      const impact = new tooling.Impact(CATALOGUE_TEXT, JSON.stringify(edited), 300, 11);
      while (impact.step(100) < impact.total);
      const report = impact.report();
      assert.ok(report.products["td-12m"].lostEligibility > 0, JSON.stringify(report.products));
      const text = await page.textContent("#impact-report");
      assert.ok(text.includes("td-12m"));
      assert.ok(text.includes(`${report.personas} personas`));
      // The engine's fragment, imported element by element: its tables, headings one level down
      // (under the section's h2), and nothing but allowed markup.
      assert.ok(await page.$("#impact-report .impact-report table caption"));
      assert.equal(await page.$("#impact-report h2"), null);
      assert.ok(await page.$("#impact-report h3"));
      assert.equal(await page.$("#impact-report [style], #impact-report script, #impact-report style"), null);
      assert.equal(await page.$$eval("#impact-report *", (els) => els.length), await page.evaluate((html) => {
        const d = new DOMParser().parseFromString(html, "text/html");
        return d.body.querySelectorAll("*").length;
      }, impact.html()));
      impact.free();
      assertNoViolations(assert, await axe(page), "impact report");
      await shot(page, "playground-impact");

      // Nothing but the page's own files, GET only; no CSP violation, no error.
      const own = new Set(PLAYGROUND_FILES);
      for (const r of log.requests) {
        const u = new URL(r.url);
        if (u.protocol === "blob:" || u.protocol === "data:") continue;
        assert.equal(u.origin, srv.url);
        assert.equal(r.method, "GET");
        assert.ok(own.has(u.pathname) || PLAYGROUND_PREFIXES.some((p) => u.pathname.startsWith(p)), `unexpected request ${u.pathname}`);
      }
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.console, []);
    } finally {
      await context.close();
    }
  });

  test("the JSON Schema drives completion and hover in the editor", async () => {
    const { page, context, log } = await openPlayground(browser, srv);
    try {
      const labels = () => page.$$eval("#editor >> .cm-completionLabel", (ls) => ls.map((l) => l.textContent));
      // A new member at the end of the policy object: the policy keys it does not have yet.
      await editorHome(page);
      await page.keyboard.press("Control+a");
      await page.keyboard.insertText('{\n  "policy": {\n    "adultAge": 18\n  }\n}');
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("End");
      await page.keyboard.type(',\n"');
      await page.keyboard.press("Control+Space");
      await page.waitForFunction(() => document.getElementById("editor").shadowRoot.querySelector(".cm-tooltip-autocomplete"));
      const offered = await labels();
      const policyKeys = Object.keys(CATALOGUE.policy).filter((k) => k !== "adultAge");
      for (const k of policyKeys) assert.ok(offered.includes(k), `${k} offered: ${offered}`);
      assert.ok(!offered.includes("adultAge"), "a key already present is not offered again");
      await page.keyboard.press("Escape");
      assert.equal((await page.textContent("#cursor")).startsWith("Cursor: /policy/"), true);

      // Back to the catalogue, and the description of a key on hover.
      await page.click("#reset");
      await settled(page);
      const line = page.locator("#editor .cm-line", { hasText: '"catalogueVersion"' }).first();
      const box = await line.boundingBox();
      await page.mouse.move(box.x + 40, box.y + box.height / 2);
      await page.waitForFunction(() => document.getElementById("editor").shadowRoot.querySelector(".cm-tooltip-hover"));
      const hover = await page.$eval("#editor >> .cm-tooltip-hover", (t) => t.textContent);
      const description = JSON.parse(readFileSync(join(ROOT, "schema", "catalogue.schema.json"), "utf8")).properties.catalogueVersion.description;
      assert.ok(hover.includes(description), hover);
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
      assert.deepEqual(log.console, []);
      assert.deepEqual(log.errors, []);
    } finally {
      await context.close();
    }
  });

  test("keyboard: the editor is reachable and Tab leaves it; controls have visible focus; reflow at 320 CSS px", async () => {
    const { page, context } = await openPlayground(browser, srv, "", { viewport: { width: 320, height: 740 } });
    try {
      await page.keyboard.press("Tab"); // the skip link
      let f = await focused(page);
      assert.equal(f.tag, "a");
      await page.keyboard.press("Enter");
      await tabTo(page, (x) => x.id === "goto", { what: "the go-to field" });
      f = await tabTo(page, (x) => x.tag === "div" && x.role === "textbox", { what: "the editor" });
      assert.equal(await page.evaluate(() => document.getElementById("editor").shadowRoot.activeElement.getAttribute("aria-label")), "Catalogue JSON");
      await page.waitForFunction(() => document.getElementById("editor").shadowRoot.querySelector(".cm-editor.cm-focused"));
      const ring = await page.evaluate(() => getComputedStyle(document.getElementById("editor").shadowRoot.querySelector(".cm-editor")).outlineStyle);
      assert.equal(ring, "solid");
      await page.keyboard.press("Tab");
      f = await focused(page);
      assert.notEqual(f.role, "textbox", "Tab left the editor");
      assert.ok(f.visibleFocus, JSON.stringify(f));
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
      assertNoViolations(assert, await axe(page), "320 px");
      await shot(page, "playground-320");
    } finally {
      await context.close();
    }
  });
});
