// Shared by the browser tests (node:test + playwright-core driving Debian's /usr/bin/chromium;
// never a downloaded browser). Not a test file itself.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { startServer } from "../../www/server.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const ARTIFACTS = join(ROOT, "tests", "artifacts", "browser");
export const CATALOGUE_TEXT = readFileSync(join(ROOT, "test-data", "catalogue.json"), "utf8");
export const PERSONA = JSON.parse(readFileSync(join(ROOT, "test-data", "personas", "01-young-saver.json"), "utf8"));
/** The date of every persona; pages get it as `?now=` so the advice is reproducible. */
export const NOW = PERSONA.now;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Requests a page of the demo may make: its own files, the engine and the catalogue. */
export const PAGE_FILES = {
  "index.html": ["/", "/index.html", "/demo.css", "/demo.js"],
  "mobile.html": ["/mobile.html", "/demo.css", "/demo.js"],
};
export const WIDGET_FILES = [
  "/suitable-advisor.js", "/suitable-advisor-styles.js", "/suitable-advisor-i18n.js",
  "/pkg/suitable.js", "/pkg/suitable_bg.wasm",
];

/// One browser and one server for the tests of the current `describe`, handed to `set` before
/// they run and closed after.
export function useBrowser(set) {
  let browser, srv;
  before(async () => {
    [browser, srv] = await Promise.all([launch(), server()]);
    set(browser, srv);
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
  });
}

export async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`make browser\``);
  if (!existsSync(join(ROOT, "pkg", "suitable_bg.wasm"))) throw new Error("pkg/ is missing: run `make pkg`");
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
  });
}

/**
 * The demo server on an ephemeral port, plus test-only routes: a catalogue that never answers
 * (timeout), a malformed one, one with HTML and script in its texts, one that fails only the
 * first time (retry).
 */
export async function server() {
  const xss = JSON.parse(CATALOGUE_TEXT);
  const attack = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  xss.questionnaires[0].items[0].text.en = `How stable is your income? ${attack}`;
  xss.questionnaires[0].items[0].options[2].text.en = `Stable ${attack}`;
  xss.questionnaires[0].title.en = `Questionnaire ${attack}`;
  for (const p of xss.products) {
    p.texts.name.en = `${p.texts.name.en} ${attack}`;
    p.texts.summary.en = `<b>bold?</b> ${attack}`;
  }
  xss.texts.WHY_RISK_FITS.en = `Fits ${attack}`;
  xss.riskScale.classes.forEach((c) => (c.label.en = `${c.label.en} <i onmouseover=alert(1)>x</i>`));

  const bad = JSON.parse(CATALOGUE_TEXT);
  bad.products[3].riskLevel = "R9"; // not a level: the engine names /products/3/riskLevel

  const noTd12 = JSON.parse(CATALOGUE_TEXT);
  noTd12.catalogueVersion = "2026.11.2";
  noTd12.products.find((p) => p.id === "td-12m").validTo = "2026-11-01";

  const hanging = new Set();
  let flaky = 0;
  const srv = await startServer({
    port: 0,
    routes: {
      "/fixtures/blank.html": () => ({
        type: "text/html; charset=utf-8",
        body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank host</title>' +
          '<script type="module" src="/suitable-advisor.js"></script></head><body><main><h1>Host</h1></main></body></html>',
      }),
      "/fixtures/xss-catalogue.json": () => ({ body: JSON.stringify(xss) }),
      "/fixtures/bad-catalogue.json": () => ({ body: JSON.stringify(bad) }),
      "/fixtures/no-td-12m-catalogue.json": () => ({ body: JSON.stringify(noTd12) }),
      "/fixtures/truncated-catalogue.json": () => ({ body: CATALOGUE_TEXT.slice(0, 5000) }),
      "/fixtures/hanging-catalogue.json": (req, res) => {
        hanging.add(res); // answered never: the widget's timeout fires
        res.on("close", () => hanging.delete(res));
      },
      "/fixtures/flaky-catalogue.json": () => (++flaky === 1 ? { status: 503, type: "text/plain", body: "busy\n" } : { body: CATALOGUE_TEXT }),
    },
  });
  return {
    ...srv,
    close: async () => {
      for (const res of hanging) res.destroy();
      await srv.close();
    },
  };
}

/**
 * A fresh context and page with the checks every test wants: CSP violations (the DOM event),
 * console errors, page errors, the request log and the widget's events.
 */
export async function openPage(browser, url, { viewport = { width: 1280, height: 800 }, colorScheme = "light", init } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion: "reduce" });
  const page = await context.newPage();
  const log = { console: [], errors: [], requests: [] };
  page.on("console", (m) => m.type() === "error" && log.console.push(m.text()));
  page.on("pageerror", (e) => log.errors.push(e.message));
  page.on("request", (r) => log.requests.push({ method: r.method(), url: r.url() }));
  await page.addInitScript(() => {
    window.__csp = [];
    window.__events = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }));
    for (const type of ["suitable-ready", "suitable-profile", "suitable-advice", "suitable-select", "suitable-dismiss", "suitable-error"]) {
      document.addEventListener(type, (e) => window.__events.push({ type, detail: JSON.parse(JSON.stringify(e.detail ?? null)) }));
    }
  });
  if (init) await page.addInitScript(init);
  await page.goto(url);
  return { context, page, log };
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) over the page, shadow roots included. */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(" >>> ")}: ${n.failureSummary}`) }));
  }, WCAG_TAGS);
  return result;
}

/** The widget's phase (data-phase of its root). */
export function phase(page) {
  return page.evaluate(() => document.querySelector("suitable-advisor")?.shadowRoot.querySelector(".root")?.dataset.phase);
}

export async function waitPhase(page, want, timeout = 15000) {
  await page.waitForFunction(
    (w) => document.querySelector("suitable-advisor")?.shadowRoot.querySelector(".root")?.dataset.phase === w,
    want,
    { timeout },
  );
}

/** What has the focus, through shadow roots: tag, action, option, text, visible focus style. */
export function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a || a === document.body) return { tag: "body" };
    const cs = getComputedStyle(a);
    return {
      tag: a.localName,
      id: a.id,
      type: a.getAttribute("type"),
      role: a.getAttribute("role"),
      action: a.dataset?.action ?? null,
      option: a.dataset?.option ?? null,
      product: a.closest?.("[data-product]")?.dataset.product ?? null,
      focus: a.dataset?.focus ?? null,
      checked: a.checked ?? null,
      text: (a.textContent ?? "").trim().slice(0, 80),
      outline: `${cs.outlineStyle} ${cs.outlineWidth}`,
      visibleFocus: a.matches(":focus-visible") && cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `pred(focused)` holds; fails after `max` presses. */
export async function tabTo(page, pred, { max = 60, shift = false, what = "target" } = {}) {
  for (let i = 0; i < max; i++) {
    const f = await focused(page);
    if (pred(f)) return f;
    await page.keyboard.press(shift ? "Shift+Tab" : "Tab");
  }
  throw new Error(`Tab never reached ${what}; focus is on ${JSON.stringify(await focused(page))}`);
}

/** The shadow root's text, for assertions. */
export function widgetText(page, selector = ".root") {
  return page.evaluate((s) => document.querySelector("suitable-advisor").shadowRoot.querySelector(s)?.textContent ?? "", selector);
}

/** No horizontal scrolling of the page (reflow). */
export function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export function shot(page, name, fullPage = true) {
  return page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

/** Fails with the list when axe found anything. */
export function assertNoViolations(assert, violations, where) {
  assert.deepEqual(violations, [], `axe at ${where}:\n${JSON.stringify(violations, null, 2)}`);
}

/** Clicks a widget control (for tests that are not about the keyboard). */
export function clickIn(page, selector) {
  return page.evaluate((s) => {
    const el = document.querySelector("suitable-advisor").shadowRoot.querySelector(s);
    if (!el) throw new Error(`no ${s} in the widget`);
    el.click();
  }, selector);
}

/** Start -> answers -> prompts confirmed -> profile confirmed -> advice, by clicks. */
export async function completeFlow(page, answers = PERSONA.assessment.answers) {
  await waitPhase(page, "intro");
  await clickIn(page, "[data-action=start]");
  for (let i = 0; i < 40; i++) {
    const item = await page.evaluate(() => document.querySelector("suitable-advisor").shadowRoot.querySelector("form[data-item]")?.dataset.item);
    if (!item) break;
    for (const id of [].concat(answers[item])) await clickIn(page, `input[value="${id}"]`);
    await clickIn(page, "[data-action=next]");
  }
  for (let i = 0; i < 5 && (await phase(page)) === "prompts"; i++) await clickIn(page, "[data-action=confirm-prompt]");
  await waitPhase(page, "profile");
  await clickIn(page, "[data-action=confirm-profile]");
  await waitPhase(page, "advice");
}

// ---- The catalogue playground (playground.test.mjs) ------------------------------------------

/** Requests the playground may make: its own files, the tooling engine, the editor bundle, the
 * published catalogue, its schema and the sample personas; nothing else, and nothing but GET. */
export const PLAYGROUND_FILES = [
  "/playground.html", "/playground.css", "/playground.js", "/playground/editor.js", "/playground/personas.json",
  "/pkg/tooling/suitable.js", "/pkg/tooling/suitable_bg.wasm", "/catalogue.json", "/catalogue.schema.json",
];
export const PLAYGROUND_PREFIXES = ["/personas/"];

/** The tooling build of the package in Node (pkg/tooling/, initialised from its bytes). */
export async function loadTooling() {
  const dir = join(ROOT, "pkg", "tooling");
  if (!existsSync(join(dir, "suitable_bg.wasm"))) throw new Error("pkg/tooling/ is missing: run `make pkg`");
  const mod = await import(new URL(`file://${join(dir, "suitable.js")}`).href);
  mod.initSync({ module: readFileSync(join(dir, "suitable_bg.wasm")) });
  return mod;
}

/** Opens playground.html (with `query`) and waits until it has validated and shown advice. */
export async function openPlayground(browser, srv, query = "", options = {}) {
  const opened = await openPage(browser, `${srv.url}/playground.html${query}`, options);
  await opened.page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30000 });
  return opened;
}

/** Waits for the debounced validation after an edit to have run. */
export async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.validating === "false", null, { timeout: 10000 });
}
