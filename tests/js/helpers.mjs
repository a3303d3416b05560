// Shared by the node:test files: the repository paths, the built package (pkg/, initialised
// synchronously from the wasm bytes) and the native CLI. Not a test file itself.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import assert from "node:assert/strict";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PKG = join(ROOT, "pkg");
export const TEST_DATA = join(ROOT, "test-data");
export const CATALOGUE_PATH = join(TEST_DATA, "catalogue.json");
export const CLI = process.env.SUITABLE_CLI ?? join(ROOT, "target", "debug", "suitable");

/**
 * The package as a consumer gets it: `import` of pkg/suitable.js, `initSync` from the bytes.
 * `build` "tooling" loads pkg/tooling/ (the playground's build) instead.
 */
export async function loadPkg(build = "") {
  const dir = join(PKG, build);
  const js = join(dir, "suitable.js");
  if (!existsSync(js)) throw new Error(`${js} is missing: run \`make pkg\` (or \`make test-js\`)`);
  const mod = await import(pathToFileURL(js).href);
  mod.initSync({ module: readFileSync(join(dir, "suitable_bg.wasm")) });
  return mod;
}

export function readText(path) {
  return readFileSync(path, "utf8");
}

/** One persona of test-data/personas/, parsed. */
export function persona(name) {
  return JSON.parse(readText(join(TEST_DATA, "personas", name)));
}

/**
 * An assertion for `pkg`'s errors: calls `fn`, expects it to throw a SuitableError with `code`
 * and `path` (a real Error subclass, never a string); returns the error.
 */
export function suitableErrorAssertion(pkg) {
  return (fn, code, path) => {
    let thrown;
    try {
      fn();
    } catch (e) {
      thrown = e;
    }
    return assertSuitableError(pkg, thrown, code, path);
  };
}

/** The same for a promise: it must reject (not throw synchronously) with such an error. */
export function suitableRejectionAssertion(pkg) {
  return async (fn, code, path) => {
    const promise = fn();
    assert.ok(promise instanceof Promise, "not a promise (a synchronous throw?)");
    let thrown;
    await promise.then(
      () => {},
      (e) => {
        thrown = e;
      },
    );
    return assertSuitableError(pkg, thrown, code, path);
  };
}

function assertSuitableError({ SuitableError, isSuitableError }, thrown, code, path) {
  assert.notEqual(thrown, undefined, "nothing was thrown");
  assert.notEqual(typeof thrown, "string", `a string was thrown: ${thrown}`);
  assert.ok(thrown instanceof Error, "not an Error");
  assert.ok(thrown instanceof SuitableError, "not a SuitableError");
  assert.ok(isSuitableError(thrown), "isSuitableError is false");
  assert.equal(thrown.name, "SuitableError");
  assert.equal(thrown.code, code, thrown.message);
  assert.equal(thrown.path, path, thrown.message);
  assert.equal(typeof thrown.message, "string");
  assert.ok(thrown.message.length > 0);
  assert.match(String(thrown.stack), /SuitableError/);
  return thrown;
}

export function personas() {
  return readdirSync(join(TEST_DATA, "personas"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f, path: join(TEST_DATA, "personas", f) }));
}

/** Runs the native CLI; its stdout. */
export function cli(...args) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`cargo build --bin suitable\` (make test-js does)`);
  return execFileSync(CLI, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
}

/** Where two texts first differ, for a readable failure: line number and both lines. */
export function firstDifference(got, want) {
  const a = got.split("\n");
  const b = want.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  wasm:   ${JSON.stringify(a[i])}\n  native: ${JSON.stringify(b[i])}`;
  }
  return "identical";
}
