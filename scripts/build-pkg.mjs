#!/usr/bin/env node
// Assembles the npm package in pkg/ from the wasm-bindgen output (already through wasm-opt):
// ONE ES module (the `inline_js` snippets inlined into suitable.js) plus ONE .wasm, the
// TypeScript declarations, a package.json generated from pkg-config/package.json (version from
// Cargo.toml) and the npm README. Fails loudly on anything unexpected instead of shipping it.
//
//   node scripts/build-pkg.mjs --from target/wasm-bindgen --config pkg-config --out pkg
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const NAME = "suitable";

const { values: args } = parseArgs({
  options: {
    from: { type: "string", default: "target/wasm-bindgen" },
    config: { type: "string", default: "pkg-config" },
    out: { type: "string", default: "pkg" },
  },
});
const from = resolve(ROOT, args.from);
const config = resolve(ROOT, args.config);
const out = resolve(ROOT, args.out);

function fail(message) {
  console.error(`build-pkg: ${message}`);
  process.exit(1);
}

function read(path) {
  if (!existsSync(path)) fail(`missing ${path}`);
  return readFileSync(path, "utf8");
}

/** `import { a, b as c } from './snippets/...';` -> the snippet's code (exports kept). */
function inlineSnippets(js) {
  const importRe = /^import\s*\{([^}]*)\}\s*from\s*['"](\.\/snippets\/[^'"]+)['"];?[ \t]*$/gm;
  const inlined = new Set();
  const result = js.replace(importRe, (_line, names, spec) => {
    const file = join(from, ...spec.split("/"));
    const code = read(file);
    if (/^\s*import\s/m.test(code)) fail(`${spec} imports other modules; inline it by hand`);
    const lines = [];
    if (!inlined.has(spec)) {
      inlined.add(spec);
      lines.push(`// ---- inlined from ${posix.basename(posix.dirname(spec))}/${posix.basename(spec)} ----`, code.trim(), "// ----");
    }
    for (const item of names.split(",").map((s) => s.trim()).filter(Boolean)) {
      const [name, alias] = item.split(/\s+as\s+/).map((s) => s.trim());
      if (!new RegExp(`^export\\s+(?:class|function|const|let|var)\\s+${name}\\b`, "m").test(code)) {
        fail(`${spec} does not export ${name}`);
      }
      if (alias && alias !== name) lines.push(`const ${alias} = ${name};`);
    }
    return lines.join("\n");
  });
  if (/snippets\//.test(result.replace(/^\/\/ ---- inlined from .*$/gm, ""))) {
    fail("suitable.js still references snippets/ after inlining (a local_js module or a dynamic import?)");
  }
  return { js: result, count: inlined.size };
}

function cargoVersion() {
  const toml = read(join(ROOT, "Cargo.toml"));
  const pkg = toml.split(/^\[/m).find((s) => s.startsWith("package]"));
  const m = pkg && pkg.match(/^version\s*=\s*"([^"]+)"/m);
  if (!m) fail("no [package] version in Cargo.toml");
  return m[1];
}

// ---- the ES module ---------------------------------------------------------------------------
const snippetsDir = join(from, "snippets");
const snippetFiles = existsSync(snippetsDir)
  ? readdirSync(snippetsDir, { recursive: true }).filter((f) => String(f).endsWith(".js"))
  : [];
const { js, count } = inlineSnippets(read(join(from, `${NAME}.js`)));
if (count !== snippetFiles.length) fail(`inlined ${count} snippet(s) but snippets/ holds ${snippetFiles.length}`);
for (const name of ["SuitableError", "isSuitableError", "Advisor", "initSync"]) {
  const exported =
    new RegExp(`^export\\s+(?:class|function)\\s+${name}\\b`, "m").test(js) ||
    new RegExp(`^export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`, "m").test(js);
  if (!exported) fail(`suitable.js does not export ${name}`);
}
if (!/^export\s*\{[^}]*\bas default\b/m.test(js)) fail("suitable.js has no default export (init)");

// ---- the declarations --------------------------------------------------------------------------
let dts = read(join(from, `${NAME}.d.ts`));
// wasm-bindgen declares `[Symbol.dispose]()` on classes (for `using`), which only type-checks
// with the esnext.disposable lib (TypeScript >= 5.2). Reference it from the file itself so that a
// consumer on lib ES2022 without skipLibCheck still compiles.
if (dts.includes("[Symbol.dispose]") && !dts.includes('reference lib="esnext.disposable"')) {
  const [first, ...rest] = dts.split("\n");
  dts = first.startsWith("/* tslint:disable */") || first.startsWith("/* eslint-disable */")
    ? [first, '/// <reference lib="esnext.disposable" />', ...rest].join("\n")
    : ['/// <reference lib="esnext.disposable" />', first, ...rest].join("\n");
}
for (const decl of ["export class SuitableError", "export function isSuitableError", "export class Advisor", "export function initSync", "export default function"]) {
  if (!dts.includes(decl)) fail(`suitable.d.ts lacks \`${decl}\``);
}
if (/from\s+['"]\.\/snippets\//.test(dts)) fail("suitable.d.ts references snippets/");

// ---- package.json --------------------------------------------------------------------------------
const manifest = JSON.parse(read(join(config, "package.json")));
manifest.version = cargoVersion();

// ---- write pkg/ --------------------------------------------------------------------------------
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `${NAME}.js`), js);
writeFileSync(join(out, `${NAME}.d.ts`), dts);
copyFileSync(join(from, `${NAME}_bg.wasm`), join(out, `${NAME}_bg.wasm`));
copyFileSync(join(config, "README.md"), join(out, "README.md"));

// Every path package.json names must exist, and nothing else is shipped.
const named = new Set([manifest.types, ...(manifest.files ?? [])]);
const walk = (v) => (typeof v === "string" ? named.add(v) : v && Object.values(v).forEach(walk));
walk(manifest.exports);
named.delete("./package.json"); // written below
for (const p of named) {
  if (!p || !existsSync(join(out, p))) fail(`package.json names ${p}, which pkg/ does not have`);
}
for (const f of readdirSync(out)) {
  if (f !== "README.md" && !(manifest.files ?? []).includes(f)) fail(`pkg/${f} is not in package.json "files"`);
}
// Written last: the Makefile takes pkg/package.json as the stamp of a complete pkg/.
writeFileSync(join(out, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`pkg/: ${manifest.name}@${manifest.version} (${count} snippet(s) inlined into ${NAME}.js)`);
