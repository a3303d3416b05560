// The package from a bundler: a tiny Vite app (tests/js/fixtures/vite-app) importing
// `@suitable/advisor` by name, built with Vite's JS API. The package is "installed" by copying
// what package.json `files` ships into the app's node_modules, so the exports map and the files
// whitelist are what gets tested. The build must emit the .wasm as an asset; the bundle is then
// run in Node with a fetch that serves dist/ and a stub document (no browser).
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "vite";
import { CATALOGUE_PATH, PKG, ROOT } from "./helpers.mjs";

const FIXTURE = join(ROOT, "tests", "js", "fixtures", "vite-app");

test("a Vite build bundles the package and emits the .wasm asset", async (t) => {
  const app = mkdtempSync(join(tmpdir(), "suitable-vite-"));
  t.after(() => rmSync(app, { recursive: true, force: true }));
  cpSync(FIXTURE, app, { recursive: true });
  cpSync(CATALOGUE_PATH, join(app, "catalogue.json"));
  const installed = join(app, "node_modules", "@suitable", "advisor");
  mkdirSync(installed, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  for (const f of [...manifest.files, "package.json", "README.md"]) cpSync(join(PKG, f), join(installed, f));

  const outDir = join(app, "dist");
  await build({
    root: app,
    configFile: false,
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });

  const assets = readdirSync(join(outDir, "assets"));
  const wasm = assets.filter((f) => /^suitable_bg-.*\.wasm$/.test(f));
  assert.equal(wasm.length, 1, `one wasm asset expected, got: ${assets.join(", ")}`);
  assert.deepEqual(readFileSync(join(outDir, "assets", wasm[0])), readFileSync(join(PKG, "suitable_bg.wasm")));
  const js = assets.filter((f) => f.endsWith(".js"));
  assert.equal(js.length, 1, `one JS chunk expected, got: ${assets.join(", ")}`);
  const code = readFileSync(join(outDir, "assets", js[0]), "utf8");
  assert.ok(code.includes(wasm[0]), "the bundle does not reference the wasm asset");
  assert.ok(!code.includes("snippets/"), "the bundle still references a wasm-bindgen snippet");
  assert.ok(readFileSync(join(outDir, "index.html"), "utf8").includes(js[0]));

  // Run the bundle as a page would, in Node: fetch() of file: URLs and a stub document.
  const out = { textContent: "" };
  const saved = { fetch: globalThis.fetch, document: globalThis.document };
  globalThis.document = {
    getElementById: () => out,
    // Vite's modulepreload polyfill asks whether the browser supports modulepreload: it does.
    createElement: () => ({ relList: { supports: () => true } }),
  };
  // The bundle asks for `/assets/<hash>.wasm` (base "/"): serve it from dist/ as a server would.
  globalThis.fetch = async (url) =>
    new Response(readFileSync(join(outDir, new URL(url).pathname)), { headers: { "content-type": "application/wasm" } });
  try {
    await import(pathToFileURL(join(outDir, "assets", js[0])).href);
    for (let i = 0; i < 200 && !out.textContent; i++) await new Promise((r) => setTimeout(r, 10));
  } finally {
    Object.assign(globalThis, saved);
  }
  assert.match(out.textContent, /^\d+\.\d+\.\d+: [a-z0-9-]+(, [a-z0-9-]+)*$/, out.textContent);
});
