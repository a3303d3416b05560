// The tooling build of the package (pkg/tooling/, the "./tooling" subpath: the catalogue
// playground's engine) against the native CLI: the same validation report, the same synthetic
// personas and the same impact report; and the widget's build does not carry these exports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CATALOGUE_PATH, PKG, cli, loadPkg, persona, readText, suitableErrorAssertion } from "./helpers.mjs";

const TOOLING_EXPORTS = ["validateCatalogue", "explainRule", "Impact", "impactReportCss"];

const tooling = await loadPkg("tooling");
const throwsSuitable = suitableErrorAssertion(tooling);
const CATALOGUE = readText(CATALOGUE_PATH);
const tmp = mkdtempSync(join(tmpdir(), "suitable-tooling-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** The CLI's stdout even when it exits non-zero (validate exits 1 on errors). */
function cliAny(...args) {
  try {
    return cli(...args);
  } catch (e) {
    if (typeof e.stdout === "string" && e.status !== null) return e.stdout;
    throw e;
  }
}

test('the exports map has "./tooling", and only the tooling build has its exports', async () => {
  const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  assert.deepEqual(manifest.exports["./tooling"], { types: "./tooling/suitable.d.ts", default: "./tooling/suitable.js" });
  for (const f of ["tooling/suitable.js", "tooling/suitable.d.ts", "tooling/suitable_bg.wasm"]) {
    assert.ok(manifest.files.includes(f), f);
    assert.ok(existsSync(join(PKG, f)), f);
  }
  const main = await loadPkg();
  for (const name of TOOLING_EXPORTS) {
    assert.equal(typeof tooling[name], "function", `tooling exports ${name}`);
    assert.equal(main[name], undefined, `the widget's build does not export ${name}`);
  }
  assert.equal(typeof main.Advisor.prototype.personas, "undefined");
  // The playground's and the benchmark's Advisor extras are in the tooling build only.
  for (const m of ["eligibility", "eligibilityData", "ruleData"]) {
    assert.equal(typeof main.Advisor.prototype[m], "undefined", m);
    assert.equal(typeof tooling.Advisor.prototype[m], "function", m);
  }
  assert.equal(main.Advisor.fromObject, undefined);
  assert.equal(typeof tooling.Advisor.prototype.personas, "function");
  // The tooling build is the widget's plus the tooling exports: the same engine.
  assert.equal(tooling.version(), main.version());
  const dts = readFileSync(join(PKG, "tooling", "suitable.d.ts"), "utf8");
  for (const decl of ["export function validateCatalogue(text: string): ValidationReport", "export interface ImpactReport", "export class Impact"]) {
    assert.ok(dts.includes(decl), decl);
  }
});

test("validateCatalogue gives the report of `suitable validate --json`, plus offsets of syntax errors", () => {
  const cases = {
    sample: CATALOGUE,
    badLevel: CATALOGUE.replace('"riskLevel": "R1"', '"riskLevel": "R9"'),
    badRule: CATALOGUE.replace('"===": [', '"==": ['),
    failedTest: (() => {
      const doc = JSON.parse(CATALOGUE);
      doc.tests[1].expect.class = "C4"; // an embedded test that now fails (CATALOGUE_TEST_FAILED)
      return JSON.stringify(doc, null, 2);
    })(),
    syntax: CATALOGUE.slice(0, 2000),
  };
  for (const [name, text] of Object.entries(cases)) {
    const file = join(tmp, `${name}.json`);
    writeFileSync(file, text);
    const native = JSON.parse(cliAny("validate", file, "--json"));
    const got = tooling.validateCatalogue(text);
    const strip = (list) => list.map(({ offset, ...p }) => p);
    assert.deepEqual({ ...got, errors: strip(got.errors), warnings: strip(got.warnings) }, native, name);
    if (name !== "sample") assert.equal(got.ok, false, name);
  }
  assert.ok(tooling.validateCatalogue(cases.failedTest).errors.some((e) => e.code === "CATALOGUE_TEST_FAILED"));
  assert.ok(tooling.validateCatalogue(cases.failedTest).tests.some((t) => !t.passed));
  const syntax = tooling.validateCatalogue(cases.syntax);
  assert.equal(typeof syntax.errors[0].offset, "number");
  assert.ok(syntax.errors[0].offset <= cases.syntax.length);
});

test("Advisor.personas gives the lines of `suitable personas` (the same seed, the same people)", () => {
  const native = cli("personas", "--catalogue", CATALOGUE_PATH, "--count", "40", "--seed", "9").trim().split("\n");
  const advisor = new tooling.Advisor(CATALOGUE);
  assert.deepEqual(advisor.personas(40, 9).map((p) => JSON.stringify(p)), native);
  advisor.free();
});

test("Impact, run in steps, gives the report of `suitable impact --format json`", () => {
  const head = JSON.parse(CATALOGUE);
  head.products.find((p) => p.id === "td-12m").riskLevel = "R3";
  const headText = JSON.stringify(head, null, 2);
  const headFile = join(tmp, "head.json");
  writeFileSync(headFile, headText);
  const personasFile = join(tmp, "personas.jsonl");
  writeFileSync(personasFile, cli("personas", "--catalogue", CATALOGUE_PATH, "--count", "250", "--seed", "5"));
  const native = JSON.parse(cli("impact", "--base", CATALOGUE_PATH, "--head", headFile, "--personas", personasFile, "--format", "json"));

  const impact = new tooling.Impact(CATALOGUE, headText, 250, 5);
  const seen = [];
  while (impact.done < impact.total) seen.push(impact.step(64));
  assert.deepEqual(seen, [64, 128, 192, 250]);
  const report = impact.report();
  // The CLI hashes the files it read; the page hashes the same texts.
  assert.deepEqual(report, native);
  assert.ok(report.products["td-12m"].lostEligibility > 0);
  const html = impact.html();
  assert.match(html, /^<div class="impact-report">/);
  assert.doesNotMatch(html, /<script|<style|\sstyle=|\son[a-z]+=/i);
  assert.match(tooling.impactReportCss(), /\.impact-report/);
  impact.free();

  throwsSuitable(() => new tooling.Impact(CATALOGUE, "{", 10, 1), "CATALOGUE_PARSE", "/head");
});

test("explainRule: the value and the verdict, strict and compat", () => {
  const rule = { and: [{ ">=": [{ var: "age" }, 18] }, { "<": [{ var: "debts" }, 100] }] };
  const strict = tooling.explainRule(rule, { age: 30 }, "strict");
  assert.equal(strict.passed, false);
  assert.deepEqual(strict.failures.map((f) => [f.path, f.code, f.var]), [["/and/1", "MISSING_VARIABLE", "debts"]]);
  assert.deepEqual(strict.vars, ["age", "debts"]);
  const compat = tooling.explainRule(rule, { age: 30 }, "compat");
  assert.equal(compat.result, true); // json-logic-js: null < 100
  assert.equal(compat.passed, true);
  assert.deepEqual(tooling.explainRule(rule, { age: 30, debts: 5 }).result, true);
});

test("Advisor.fromObject gives the same advice as new Advisor(text), but hashes other text", () => {
  const fromObject = tooling.Advisor.fromObject(JSON.parse(CATALOGUE));
  const advisor = new tooling.Advisor(CATALOGUE);
  const input = persona("02-family-mortgage.json");
  const a = fromObject.recommend(input);
  const b = advisor.recommend(input);
  // The audit hash is the sha256 of the text loaded: for fromObject that is JSON.stringify's
  // compact text, not the file's bytes. Everything else is equal.
  assert.equal(a.audit.catalogueSha256, fromObject.catalogueInfo().sha256);
  assert.equal(b.audit.catalogueSha256, advisor.catalogueInfo().sha256);
  a.audit.catalogueSha256 = b.audit.catalogueSha256 = "[sha]";
  assert.deepEqual(a, b);
  fromObject.free();
  advisor.free();
  throwsSuitable(() => tooling.Advisor.fromObject({ schemaVersion: 1, catalogueVersion: 5 }), "CATALOGUE_PARSE", "/catalogueVersion");
});

test("eligibility() gives one 0/1 flag per product; ruleData() the data rules read", () => {
  const advisor = new tooling.Advisor(CATALOGUE);
  const input = persona("07-minor.json");
  const flags = advisor.eligibility(input);
  assert.ok(flags instanceof Uint8Array);
  assert.equal(flags.length, advisor.catalogueInfo().products);
  assert.ok(flags.every((f) => f === 0 || f === 1));
  assert.ok(flags.includes(0) && flags.includes(1), "a minor is eligible for some products, not all");
  const data = advisor.ruleData(input);
  assert.equal(typeof data.customer, "object");
  assert.equal(data.customer.age, 16);
  // The same rules over the same data object give the same flags.
  assert.deepEqual([...advisor.eligibilityData(data)], [...flags]);
  advisor.free();
});
