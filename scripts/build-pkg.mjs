#!/usr/bin/env node
// Assembles the npm package in pkg/ from the wasm-bindgen output (already through wasm-opt):
// ONE ES module (the `inline_js` snippets inlined into suitable.js) plus ONE .wasm, the
// TypeScript declarations, a package.json generated from pkg-config/package.json (version from
// Cargo.toml) and the npm README. With --tooling-from, the same for the tooling build (the
// crate's `tooling` feature: the catalogue playground's exports) in pkg/tooling/, the
// package's "./tooling" subpath. Fails loudly on anything unexpected instead of shipping it.
//
//   node scripts/build-pkg.mjs --from target/wasm-bindgen [--tooling-from target/wasm-bindgen-tooling] \
//     --config pkg-config --out pkg
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const NAME = "suitable";

const { values: args } = parseArgs({
  options: {
    from: { type: "string", default: "target/wasm-bindgen" },
    "tooling-from": { type: "string" },
    config: { type: "string", default: "pkg-config" },
    out: { type: "string", default: "pkg" },
  },
});
const tooling = args["tooling-from"] && resolve(ROOT, args["tooling-from"]);
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
function inlineSnippets(js, from) {
  const importRe = /^import\s*\{([^}]*)\}\s*from\s*['"](\.\/snippets\/[^'"]+)['"];?[ \t]*$/gm;
  const inlined = new Set();
  const result = js.replace(importRe, (_line, names, spec) => {
    const file = join(from, ...spec.split("/"));
    // A name with a leading underscore is the glue's own helper, not the package's API.
    const code = read(file).replace(/^export\s+((?:class|function|const|let|var)\s+_\w+)/gm, "$1");
    if (/^\s*import\s/m.test(code)) fail(`${spec} imports other modules; inline it by hand`);
    const lines = [];
    if (!inlined.has(spec)) {
      inlined.add(spec);
      lines.push(`// ---- inlined from ${posix.basename(posix.dirname(spec))}/${posix.basename(spec)} ----`, code.trim(), "// ----");
    }
    for (const item of names.split(",").map((s) => s.trim()).filter(Boolean)) {
      const [name, alias] = item.split(/\s+as\s+/).map((s) => s.trim());
      if (!new RegExp(`^(?:export\\s+)?(?:class|function|const|let|var)\\s+${name}\\b`, "m").test(code)) {
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

// The exports every build has, and those only the tooling build has.
const EXPORTS = ["SuitableError", "isSuitableError", "Advisor", "initSync"];
const TOOLING_EXPORTS = ["validateCatalogue", "explainRule", "Impact", "impactReportCss"];

/** One wasm-bindgen output dir -> `{ js, dts, count }`, checked for `names`. */
function assemble(from, names) {
  // ---- the ES module -------------------------------------------------------------------------
  const snippetsDir = join(from, "snippets");
  const snippetFiles = existsSync(snippetsDir)
    ? readdirSync(snippetsDir, { recursive: true }).filter((f) => String(f).endsWith(".js"))
    : [];
  const { js, count } = inlineSnippets(read(join(from, `${NAME}.js`)), from);
  if (count !== snippetFiles.length) fail(`inlined ${count} snippet(s) but snippets/ holds ${snippetFiles.length}`);
  for (const name of names) {
    const exported =
      new RegExp(`^export\\s+(?:class|function)\\s+${name}\\b`, "m").test(js) ||
      new RegExp(`^export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`, "m").test(js);
    if (!exported) fail(`${from}/${NAME}.js does not export ${name}`);
  }
  if (!/^export\s*\{[^}]*\bas default\b/m.test(js)) fail("suitable.js has no default export (init)");

  // ---- the declarations ------------------------------------------------------------------------
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
    if (!dts.includes(decl)) fail(`${from}/suitable.d.ts lacks \`${decl}\``);
  }
  if (/from\s+['"]\.\/snippets\//.test(dts)) fail("suitable.d.ts references snippets/");
  return { js, dts, count };
}

const main = assemble(resolve(ROOT, args.from), EXPORTS);
const tool = tooling && assemble(tooling, [...EXPORTS, ...TOOLING_EXPORTS]);
for (const name of TOOLING_EXPORTS) {
  if (new RegExp(`^export\\s+(?:class|function)\\s+${name}\\b`, "m").test(main.js)) {
    fail(`suitable.js exports ${name}: the widget's build must be made without the tooling feature`);
  }
}

// ---- package.json --------------------------------------------------------------------------------
const manifest = JSON.parse(read(join(config, "package.json")));
manifest.version = cargoVersion();
if (!tool) {
  // Without the tooling build, the package does not name it.
  manifest.files = manifest.files.filter((f) => !f.startsWith("tooling/"));
  for (const k of Object.keys(manifest.exports)) if (k.startsWith("./tooling")) delete manifest.exports[k];
}

// ---- write pkg/ --------------------------------------------------------------------------------
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `${NAME}.js`), main.js);
writeFileSync(join(out, `${NAME}.d.ts`), main.dts);
copyFileSync(join(resolve(ROOT, args.from), `${NAME}_bg.wasm`), join(out, `${NAME}_bg.wasm`));
if (tool) {
  mkdirSync(join(out, "tooling"));
  writeFileSync(join(out, "tooling", `${NAME}.js`), tool.js);
  writeFileSync(join(out, "tooling", `${NAME}.d.ts`), tool.dts);
  copyFileSync(join(tooling, `${NAME}_bg.wasm`), join(out, "tooling", `${NAME}_bg.wasm`));
}
copyFileSync(join(config, "README.md"), join(out, "README.md"));

// Every path package.json names must exist, and nothing else is shipped.
const named = new Set([manifest.types, ...(manifest.files ?? [])]);
const walk = (v) => (typeof v === "string" ? named.add(v) : v && Object.values(v).forEach(walk));
walk(manifest.exports);
named.delete("./package.json"); // written below
for (const p of named) {
  if (!p || !existsSync(join(out, p))) fail(`package.json names ${p}, which pkg/ does not have`);
}
for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const f = posix.join(...relative(out, join(entry.parentPath, entry.name)).split(sep));
  if (f !== "README.md" && !(manifest.files ?? []).includes(f)) fail(`pkg/${f} is not in package.json "files"`);
}
// Written last: the Makefile takes pkg/package.json as the stamp of a complete pkg/.
writeFileSync(join(out, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(
  `pkg/: ${manifest.name}@${manifest.version} (${main.count} snippet(s) inlined into ${NAME}.js)` +
    (tool ? `; pkg/tooling/ (${tool.count} snippet(s) inlined)` : ""),
);
