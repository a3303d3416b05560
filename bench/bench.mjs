#!/usr/bin/env node
// Side-by-side benchmark of the built package (pkg/), in Node and in headless Chromium, on the
// same data in one run (a measurement, not a test; `make bench-js`):
//   1. the eligibility rules of a generated 1,000-product catalogue for one profile: the engine's
//      compiled rules in wasm vs json-logic-js on the same rules and data;
//   2. new Advisor(text) and await Advisor.load(text or its UTF-8 bytes) of that catalogue vs
//      JSON.parse(text); Advisor.fromObject vs new Advisor;
//   3. one full recommend on the sample catalogue: median and p99 over 1,000 calls;
//   4. Chromium only: module import -> first recommendation, CPU throttled 4x (and 1x).
// Prints a table and writes bench/out/results.json.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { runSuite } from "./suite.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
const CLI = process.env.SUITABLE_CLI ?? join(ROOT, "target", "debug", "suitable");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"];
const PERSONA = "test-data/personas/05-aggressive-investor.json";
const STARTUP_RUNS = Number(process.env.STARTUP_RUNS ?? 7);
const require = createRequire(import.meta.url);

function need(path, hint) {
  if (!existsSync(path)) {
    console.error(`bench: ${path} is missing; ${hint}`);
    process.exit(1);
  }
}
need(join(ROOT, "pkg", "suitable.js"), "run `make pkg` (or `make bench-js`)");
need(CLI, "run `cargo build --bin suitable` (or `make bench-js`)");
need(CHROMIUM, "install Debian's chromium (`make browser`)");

// ---- data --------------------------------------------------------------------------------------
mkdirSync(OUT, { recursive: true });
const bigPath = join(OUT, "catalogue-1000.json");
const bigText = execFileSync(CLI, ["synth-catalogue", "--base", "test-data/catalogue.json", "--products", "1000", "--seed", "42"], {
  cwd: ROOT,
  encoding: "utf8",
  maxBuffer: 256 << 20,
});
writeFileSync(bigPath, bigText);
const sampleText = readFileSync(join(ROOT, "test-data", "catalogue.json"), "utf8");
const personaText = readFileSync(join(ROOT, PERSONA), "utf8");

// ---- Node ------------------------------------------------------------------------------------------
console.error(`node ${process.version}: running`);
const mod = await import(pathToFileURL(join(ROOT, "pkg", "suitable.js")).href);
mod.initSync({ module: readFileSync(join(ROOT, "pkg", "suitable_bg.wasm")) });
const tooling = await import(pathToFileURL(join(ROOT, "pkg", "tooling", "suitable.js")).href);
tooling.initSync({ module: readFileSync(join(ROOT, "pkg", "tooling", "suitable_bg.wasm")) });
const jsonLogic = require("json-logic-js");
const node = await runSuite({ mod, tooling, jsonLogic, bigText, sampleText, personaText, log: (m) => console.error(`  node: ${m}`) });

// ---- Chromium -------------------------------------------------------------------------------------
const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".html": "text/html" };
const ROUTES = {
  "/pkg/": join(ROOT, "pkg"),
  "/bench/": join(ROOT, "bench"),
  "/data/": OUT,
  "/test-data/": join(ROOT, "test-data"),
  "/vendor/json-logic-js/": join(ROOT, "node_modules", "json-logic-js"),
};
const PAGE = `<!doctype html><meta charset="utf-8"><title>suitable bench</title><body></body>`;
// The startup page: import -> init (fetch + compile the wasm) -> fetch the catalogue -> load -> recommend.
// It reports through console.log, not a global read by page.evaluate/waitForFunction: those inject
// Playwright's utility script into the page, whose compilation on the throttled main thread landed
// inside the measured window (a one-line module's import measured 117 ms at 4x that way, 56 ms so).
// HINTS adds what pkg-config/README.md advises a page to put in its <head>: preloading the module
// and the wasm, so that both download while the page parses.
const HINTS = `<link rel="modulepreload" href="/pkg/suitable.js"><link rel="preload" href="/pkg/suitable_bg.wasm" as="fetch" type="application/wasm" crossorigin>`;
const startupPage = (head) => `<!doctype html><meta charset="utf-8"><title>startup</title>${head}<script type="module">
const t0 = performance.now();
// A page fetches its catalogue while the module and the wasm load.
// As pkg-config/README.md advises: the catalogue's bytes, not its text, go to Advisor.load.
const data = Promise.all([fetch("/test-data/catalogue.json").then((r) => r.arrayBuffer()), fetch("/${PERSONA}").then((r) => r.json())]);
const mod = await import("/pkg/suitable.js");
const t1 = performance.now();
await mod.default();
const t2 = performance.now();
const [catalogue, persona] = await data;
const t3 = performance.now();
const advisor = await mod.Advisor.load(catalogue);
const t4 = performance.now();
const advice = advisor.recommend(persona);
const t5 = performance.now();
console.log("STARTUP " + JSON.stringify({ totalMs: t5 - t0, importMs: t1 - t0, initMs: t2 - t1, awaitDataMs: t3 - t2, loadMs: t4 - t3,
  recommendMs: t5 - t4, recommendations: advice.recommendations.length }));
</script>`;

// The same page shape importing a one-line module instead: what any module import costs in a
// fresh context (connection, module fetch and parse), to read the package's share against.
const BASELINE = `<!doctype html><meta charset="utf-8"><title>baseline</title><script type="module">
const t0 = performance.now();
const data = fetch("/test-data/catalogue.json").then((r) => r.arrayBuffer());
await import("/bench/empty.mjs");
const t1 = performance.now();
await data;
console.log("STARTUP " + JSON.stringify({ importMs: t1 - t0, totalMs: performance.now() - t0 }));
</script>`;
const PAGES = { "/startup.html": startupPage(""), "/startup-preload.html": startupPage(HINTS), "/baseline.html": BASELINE };

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  const headers = {
    // Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cache-Control": "no-store",
  };
  if (url.pathname === "/favicon.ico") {
    res.writeHead(204, headers);
    return res.end();
  }
  if (url.pathname === "/" || PAGES[url.pathname]) {
    res.writeHead(200, { ...headers, "Content-Type": "text/html" });
    return res.end(PAGES[url.pathname] ?? PAGE);
  }
  if (url.pathname === "/bench/empty.mjs") {
    res.writeHead(200, { ...headers, "Content-Type": "text/javascript" });
    return res.end("export const empty = true;\n");
  }
  const prefix = Object.keys(ROUTES).find((p) => url.pathname.startsWith(p));
  const base = prefix && ROUTES[prefix];
  const file = base && normalize(join(base, decodeURIComponent(url.pathname.slice(prefix.length))));
  if (!file || !(file === base || file.startsWith(base + sep)) || !existsSync(file)) {
    res.writeHead(404, headers);
    return res.end();
  }
  res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
let chrome;
let startup;
try {
  const browserVersion = browser.version();
  console.error(`chromium ${browserVersion}: running`);
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("console", (m) => console.error(`  chromium: ${m.text()}`));
  await page.goto(`${origin}/`);
  await page.addScriptTag({ url: "/vendor/json-logic-js/logic.js" });
  const suite = await page.evaluate(
    async ({ persona }) => {
      const mod = await import("/pkg/suitable.js");
      await mod.default();
      const tooling = await import("/pkg/tooling/suitable.js");
      await tooling.default();
      const { runSuite } = await import("/bench/suite.mjs");
      const get = (u) => fetch(u).then((r) => r.text());
      const [bigText, sampleText, personaText] = await Promise.all([get("/data/catalogue-1000.json"), get("/test-data/catalogue.json"), get(`/${persona}`)]);
      const result = await runSuite({ mod, tooling, jsonLogic: window.jsonLogic, bigText, sampleText, personaText, log: (m) => console.log(m) });
      return { ...result, crossOriginIsolated: self.crossOriginIsolated };
    },
    { persona: PERSONA },
  );
  await context.close();
  chrome = { version: browserVersion, ...suite };

  // ---- 4. import -> first recommendation, fresh context each run, CPU throttled ------------------------
  startup = {};
  for (const [page, key] of [["startup.html", ""], ["startup-preload.html", "preload"], ["baseline.html", "baseline"]]) {
    for (const rate of [4, 1]) {
      const runs = [];
      for (let i = 0; i < STARTUP_RUNS; i++) {
        const ctx = await browser.newContext();
        const p = await ctx.newPage();
        const cdp = await ctx.newCDPSession(p);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate });
        const reported = new Promise((ok, fail) => {
          const timer = setTimeout(() => fail(new Error(`${page}: no STARTUP line within 60 s`)), 60000);
          p.on("console", (m) => {
            if (m.text().startsWith("STARTUP ")) {
              clearTimeout(timer);
              ok(JSON.parse(m.text().slice(8)));
            }
          });
        });
        await p.goto(`${origin}/${page}`, { waitUntil: "commit" });
        runs.push(await reported);
        await ctx.close();
      }
      runs.sort((a, b) => a.totalMs - b.totalMs);
      startup[`${key}cpu${rate}x`] = { runs: runs.length, median: runs[Math.floor(runs.length / 2)], min: runs[0], max: runs[runs.length - 1] };
    }
  }
} finally {
  await browser.close();
  server.close();
}

// ---- report ----------------------------------------------------------------------------------------
const machine = { cpu: os.cpus()[0]?.model ?? "?", cores: os.cpus().length, os: `${os.type()} ${os.release()}`, node: process.version, chromium: chrome.version };
node.load.textBytes = chrome.load.textBytes = Buffer.byteLength(bigText);
const results = { date: new Date().toISOString(), command: "make bench-js", machine, persona: PERSONA, node, chromium: chrome, startup };
writeFileSync(join(OUT, "results.json"), JSON.stringify(results, null, 2) + "\n");

const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const x = (r) => `${r.toFixed(r >= 10 ? 0 : r >= 1 ? 1 : 2)}×`;
const rows = [];
const row = (what, n, c, unit = "ms") => rows.push([what, unit === "ms" ? ms(n) : n, unit === "ms" ? ms(c) : c]);
const e = (s) => s.eligibility;
rows.push([`1. eligibility, ${e(node).products} products (${e(node).rules} rules), one profile`, "node", "chromium"]);
row("   json-logic-js (ms per pass)", e(node).jsonLogicJs.medianMs, e(chrome).jsonLogicJs.medianMs);
row("   wasm Advisor.eligibility (ms per pass)", e(node).wasmEligibility.medianMs, e(chrome).wasmEligibility.medianMs);
row("   wasm evaluateRule per rule, re-compiling (ms per pass)", e(node).wasmEvaluateRulePerRule.medianMs, e(chrome).wasmEvaluateRulePerRule.medianMs);
row("   speed-up eligibility vs json-logic-js", x(e(node).speedupEligibility), x(e(chrome).speedupEligibility), "x");
row("   wasm Advisor.eligibilityData(same data object) (ms per pass)", e(node).wasmEligibilityData.medianMs, e(chrome).wasmEligibilityData.medianMs);
row("   speed-up eligibilityData vs json-logic-js", x(e(node).speedupEligibilityData), x(e(chrome).speedupEligibilityData), "x");
row("   wasm Advisor.eligibility, 33-product sample (fixed cost)", e(node).wasmEligibilitySampleCatalogue.medianMs, e(chrome).wasmEligibilitySampleCatalogue.medianMs);
row("   speed-up rules only (estimate: 1000 minus 33 products)", x(e(node).speedupRulesOnlyEstimate), x(e(chrome).speedupRulesOnlyEstimate), "x");
row("   speed-up evaluateRule vs json-logic-js", x(e(node).speedupEvaluateRule), x(e(chrome).speedupEvaluateRule), "x");
row("   results differing from json-logic-js", e(node).disagreementsWithJsonLogicJs.length, e(chrome).disagreementsWithJsonLogicJs.length, "n");
rows.push([`2. load, ${(node.load.textBytes / 1e6).toFixed(1)} MB catalogue`, "", ""]);
row("   JSON.parse(text)", node.load.jsonParse.medianMs, chrome.load.jsonParse.medianMs);
row("   new Advisor(text), free() included", node.load.newAdvisorText.medianMs, chrome.load.newAdvisorText.medianMs);
row("   await Advisor.load(text) (hash by crypto.subtle)", node.load.advisorLoad.medianMs, chrome.load.advisorLoad.medianMs);
row("   await Advisor.load(UTF-8 bytes)", node.load.advisorLoadBytes.medianMs, chrome.load.advisorLoadBytes.medianMs);
row("   advisor.free() of it", node.load.advisorFree.medianMs, chrome.load.advisorFree.medianMs);
row("   Advisor.fromObject(obj)", node.load.fromObject.medianMs, chrome.load.fromObject.medianMs);
row("   new Advisor / JSON.parse", x(node.load.ratioNewAdvisorToJsonParse), x(chrome.load.ratioNewAdvisorToJsonParse), "x");
row("   Advisor.load(text) / JSON.parse", x(node.load.ratioAdvisorLoadToJsonParse), x(chrome.load.ratioAdvisorLoadToJsonParse), "x");
row("   Advisor.load(bytes) / JSON.parse", x(node.load.ratioAdvisorLoadBytesToJsonParse), x(chrome.load.ratioAdvisorLoadBytesToJsonParse), "x");
row("   fromObject / new Advisor", x(node.load.ratioFromObjectToNewAdvisor), x(chrome.load.ratioFromObjectToNewAdvisor), "x");
row("   new Advisor(sample catalogue)", node.load.newAdvisorSample.medianMs, chrome.load.newAdvisorSample.medianMs);
rows.push([`3. recommend, sample catalogue, ${node.recommend.calls} calls`, "", ""]);
row("   with answers: median", node.recommend.withAnswers.medianMs, chrome.recommend.withAnswers.medianMs);
row("   with answers: p99", node.recommend.withAnswers.p99Ms, chrome.recommend.withAnswers.p99Ms);
row("   with profile: median", node.recommend.withProfile.medianMs, chrome.recommend.withProfile.medianMs);
row("   with profile: p99", node.recommend.withProfile.p99Ms, chrome.recommend.withProfile.p99Ms);
rows.push([`4. import -> first recommendation (chromium, median of ${STARTUP_RUNS})`, "cpu 4x", "cpu 1x"]);
for (const k of ["totalMs", "importMs", "initMs", "awaitDataMs", "loadMs", "recommendMs"]) {
  row(`   ${k.replace("Ms", "")}`, startup.cpu4x.median[k], startup.cpu1x.median[k]);
}
row("   with modulepreload + wasm preload in <head>: total", startup.preloadcpu4x.median.totalMs, startup.preloadcpu1x.median.totalMs);
for (const k of ["importMs", "initMs", "loadMs", "recommendMs"]) {
  row(`     ${k.replace("Ms", "")}`, startup.preloadcpu4x.median[k], startup.preloadcpu1x.median[k]);
}
row("   baseline: import of a one-line module", startup.baselinecpu4x.median.importMs, startup.baselinecpu1x.median.importMs);
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => String(r[i]).length)));
console.log(`\nmachine: ${machine.cpu}, ${machine.cores} cores, ${machine.os}; node ${machine.node}; chromium ${machine.chromium}` +
  `${chrome.crossOriginIsolated ? "" : " (not cross-origin isolated: 100 µs timer)"}`);
console.log("times in ms (median unless stated)\n");
for (const r of rows) console.log(`${String(r[0]).padEnd(w[0])}  ${String(r[1]).padStart(w[1])}  ${String(r[2]).padStart(w[2])}`);
if (e(node).disagreementsWithJsonLogicJs.length) {
  console.log(`\nproducts whose rule result differs from json-logic-js (strict mode fails closed): ${e(node).disagreementsWithJsonLogicJs.join(", ")}`);
}
console.log(`\nwritten: ${join("bench", "out", "results.json")}`);
