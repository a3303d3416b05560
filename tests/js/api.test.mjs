// The package's JS API over the built pkg/: thrown errors, rules in both modes, catalogue info,
// explanations, experiment buckets and the module's export surface.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { CATALOGUE_PATH, PKG, ROOT, TEST_DATA, cli, firstDifference, loadPkg, persona, readText, suitableErrorAssertion, suitableRejectionAssertion } from "./helpers.mjs";

const pkg = await loadPkg();
const { Advisor, SuitableError, isSuitableError, evaluateRule, experimentBucket, version } = pkg;
const catalogueText = readText(CATALOGUE_PATH);
const advisor = new Advisor(catalogueText);
const throwsSuitable = suitableErrorAssertion(pkg);
const rejectsSuitable = suitableRejectionAssertion(pkg);

test("the module exports one ES module's API, SuitableError and isSuitableError included", () => {
  for (const name of ["default", "initSync", "Advisor", "SuitableError", "isSuitableError", "evaluateRule", "experimentBucket", "version"]) {
    assert.equal(typeof pkg[name], "function", name);
  }
  assert.ok(!readText(join(PKG, "suitable.js")).includes("snippets/"), "suitable.js still imports a snippet");
});

test("version() is the Cargo.toml version and the package.json version", () => {
  const cargo = readText(join(ROOT, "Cargo.toml")).match(/^version\s*=\s*"([^"]+)"/m)[1];
  assert.equal(version(), cargo);
  assert.equal(JSON.parse(readText(join(PKG, "package.json"))).version, cargo);
});

test("a bad catalogue throws SuitableError CATALOGUE_PARSE with the JSON pointer", () => {
  const e = throwsSuitable(() => new Advisor('{"schemaVersion":1,"catalogueVersion":5}'), "CATALOGUE_PARSE", "/catalogueVersion");
  assert.ok(Array.isArray(e.details) && e.details.length >= 1, "details lists the problems");
  assert.deepEqual(Object.keys(e.details[0]).sort(), ["code", "message", "path"]);
  throwsSuitable(() => new Advisor("not json"), "CATALOGUE_PARSE", "");
});

test("Advisor.load resolves to the constructor's advisor, hashed by the platform", async () => {
  const loaded = await Advisor.load(catalogueText);
  assert.ok(loaded instanceof Advisor);
  // The sample has Cyrillic and Chinese texts: the platform hashes the same UTF-8 bytes.
  const sha256 = createHash("sha256").update(catalogueText, "utf8").digest("hex");
  assert.equal(loaded.catalogueInfo().sha256, sha256);
  assert.deepEqual(loaded.catalogueInfo(), advisor.catalogueInfo());
  const input = persona("02-family-mortgage.json");
  assert.deepEqual(loaded.recommend(input), advisor.recommend(input));
  // The hash is set once: a second seal changes nothing.
  loaded._seal(new Uint8Array(32));
  assert.equal(loaded.catalogueInfo().sha256, sha256);
  loaded.free();
});

test("Advisor.load of a 3 MB catalogue: the digest holds while the parse grows wasm memory", async () => {
  // The digest is handed a view of wasm memory; the parse then grows the memory (detaching the
  // old buffer), so this passes only because digest() copied the bytes when it was called.
  const big = cli("synth-catalogue", "--base", "test-data/catalogue.json", "--products", "1000", "--seed", "42");
  const bytes = new TextEncoder().encode(big);
  assert.ok(bytes.length > 2_000_000);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  for (const catalogue of [big, bytes]) {
    const loaded = await Advisor.load(catalogue);
    assert.equal(loaded.catalogueInfo().sha256, sha256);
    assert.equal(loaded.catalogueInfo().products, 1000);
    loaded.free();
  }
});

test("Advisor.load without crypto.subtle (an insecure context) hashes in the wasm", async () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, "crypto");
  Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true, writable: true });
  try {
    const loaded = await Advisor.load(catalogueText);
    assert.equal(loaded.catalogueInfo().sha256, advisor.catalogueInfo().sha256);
    loaded.free();
  } finally {
    Object.defineProperty(globalThis, "crypto", saved);
  }
  assert.ok(globalThis.crypto.subtle, "crypto restored");
});

test("Advisor.load takes the UTF-8 bytes too (Uint8Array, ArrayBuffer); a leading BOM is dropped", async () => {
  const bytes = new TextEncoder().encode(catalogueText);
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
  for (const catalogue of [bytes, bytes.buffer, withBom, Buffer.from(catalogueText), "\ufeff" + catalogueText]) {
    const loaded = await Advisor.load(catalogue);
    assert.deepEqual(loaded.catalogueInfo(), advisor.catalogueInfo());
    loaded.free();
  }
  const constructed = new Advisor("\ufeff" + catalogueText);
  assert.deepEqual(constructed.catalogueInfo(), advisor.catalogueInfo());
  constructed.free();
});

test("Advisor.load rejects (never throws) with the constructor's SuitableError", async () => {
  const e = await rejectsSuitable(() => Advisor.load('{"schemaVersion":1,"catalogueVersion":5}'), "CATALOGUE_PARSE", "/catalogueVersion");
  assert.ok(Array.isArray(e.details) && e.details.length >= 1, "details lists the problems");
  await rejectsSuitable(() => Advisor.load("not json"), "CATALOGUE_PARSE", "");
  const notUtf8 = await rejectsSuitable(() => Advisor.load(new Uint8Array([0x7b, 0x22, 0xff])), "CATALOGUE_PARSE", "");
  assert.match(notUtf8.message, /UTF-8.*offset 2/);
  for (const wrong of [undefined, null, 42, {}]) {
    await rejectsSuitable(() => Advisor.load(wrong), "CATALOGUE_PARSE", "");
  }
});

test("bad input to recommend throws INPUT_INVALID at /customer/liquidAssets", () => {
  throwsSuitable(
    () => advisor.recommend({ now: "2026-11-25", customer: { liquidAssets: 10.5 } }),
    "INPUT_INVALID",
    "/customer/liquidAssets",
  );
  throwsSuitable(() => advisor.explain({ now: "2026-11-25" }, "no-such-product"), "PRODUCT_NOT_FOUND", "/productId");
});

test("isSuitableError is a type guard, false for anything else", () => {
  for (const v of [new Error("x"), new TypeError("x"), "SuitableError", null, undefined, { name: "SuitableError", code: "X" }]) {
    assert.equal(isSuitableError(v), false, String(v));
  }
  // Across realms `instanceof` fails; name + string code still identify it.
  const foreign = Object.assign(new Error("m"), { name: "SuitableError", code: "INPUT_INVALID", path: "" });
  assert.equal(isSuitableError(foreign), true);
});

test("evaluateRule: strict fails closed on a missing variable, compat follows json-logic-js", () => {
  const rule = { "<": [{ var: "x" }, 0.5] };
  assert.equal(evaluateRule(rule, { x: null }, "compat"), true);
  const verdict = evaluateRule(rule, { x: null }, "strict");
  assert.equal(verdict.passed, false);
  assert.equal(verdict.failures[0].code, "MISSING_VARIABLE");
  assert.equal(verdict.failures[0].var, "x");
  assert.deepEqual(evaluateRule(rule, { x: null }), verdict, "strict is the default");
  assert.deepEqual(evaluateRule(rule, { x: 0.1 }, "strict"), { passed: true, failures: [] });
  for (const [m, flag] of [["strict", "--explain"], ["compat", null]]) {
    const args = ["rule", "--rule", JSON.stringify(rule), "--data", '{"x":null}', "--mode", m, ...(flag ? [flag] : [])];
    assert.equal(JSON.stringify(evaluateRule(rule, { x: null }, m), null, 2) + "\n", cli(...args), `${m} differs from the CLI`);
  }
  throwsSuitable(() => evaluateRule({ "==": [1, 1] }, null), "RULE_LOOSE_EQUALITY", "");
  throwsSuitable(() => evaluateRule({ "<": [1, 2] }, {}, "loose"), "INPUT_INVALID", "/mode");
});

test("catalogueInfo() has the declared shape", () => {
  const info = advisor.catalogueInfo();
  assert.deepEqual(Object.keys(info).sort(), [
    "catalogueVersion", "currency", "engineVersion", "locales", "products", "questionnaires", "schemaVersion", "sha256", "warnings",
  ]);
  assert.equal(info.schemaVersion, 1);
  assert.equal(info.catalogueVersion, "2026.11.1");
  assert.match(info.sha256, /^[0-9a-f]{64}$/);
  assert.equal(info.engineVersion, version());
  assert.equal(typeof info.currency.code, "string");
  assert.equal(typeof info.currency.minorUnit, "number");
  assert.ok(info.locales.offered.includes(info.locales.default));
  assert.ok(Array.isArray(info.locales.fallback));
  assert.deepEqual(info.questionnaires.map((q) => q.id).sort(), ["gl-13", "reg-20"]);
  for (const q of info.questionnaires) assert.ok(typeof q.version === "string" && q.items > 0);
  assert.equal(info.products, 33);
  assert.deepEqual(
    info.warnings.map((w) => [w.code, w.path]),
    [["CATALOGUE_MISSING_TRANSLATION", "/products/31/texts/benefits"]],
  );
});

test("explain lists the failed gates of an excluded product, as the CLI does", () => {
  const path = join(TEST_DATA, "personas", "04-lowest-category.json");
  const x = advisor.explain(persona("04-lowest-category.json"), "fund-equity-global");
  assert.equal(x.status, "excluded");
  assert.equal(x.suggestion, null);
  assert.deepEqual(x.gates.map((g) => g.code), ["G1_RISK", "G2_VARIETY", "G5_LOWEST_CATEGORY"]);
  for (const g of x.gates) assert.ok(g.text.length > 0 && g.lang === "en");
  const got = JSON.stringify(x, null, 2) + "\n";
  const native = cli("explain", "--catalogue", CATALOGUE_PATH, "--profile", path, "--product", "fund-equity-global");
  assert.ok(got === native, `differs from the CLI at ${firstDifference(got, native)}`);
});

test("assess matches the CLI byte for byte", () => {
  const path = join(TEST_DATA, "answers", "reg-20-balanced.json");
  const got = JSON.stringify(advisor.assess(JSON.parse(readText(path))), null, 2) + "\n";
  const native = cli("assess", "--catalogue", CATALOGUE_PATH, "--answers", path);
  assert.ok(got === native, `differs from the CLI at ${firstDifference(got, native)}`);
  assert.equal(JSON.parse(got).class, "C3");
});

test("experimentBucket(10, 42) is deterministic; unseeded stays in range", () => {
  const a = experimentBucket(10, 42);
  assert.ok(Number.isInteger(a) && a >= 0 && a < 10);
  for (let i = 0; i < 5; i++) assert.equal(experimentBucket(10, 42), a);
  for (let i = 0; i < 20; i++) {
    const b = experimentBucket(10);
    assert.ok(Number.isInteger(b) && b >= 0 && b < 10);
  }
});

