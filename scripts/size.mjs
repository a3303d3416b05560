#!/usr/bin/env node
// Size of the built package, measured on pkg/ (after wasm-opt), never on target/: raw bytes and
// gzip -9 (zlib level 9) of suitable_bg.wasm and suitable.js, and of the tooling build in
// pkg/tooling/ (the playground's engine: reported, not budgeted), with what the tooling exports
// add. Prints a table and writes pkg/size.json. With --check, compares with
// pkg-config/budget.json and exits 1 when over.
//
//   node scripts/size.mjs [--check] [--pkg DIR] [--budget FILE]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { gzipSync, constants } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    check: { type: "boolean", default: false },
    pkg: { type: "string", default: "pkg" },
    budget: { type: "string", default: "pkg-config/budget.json" },
  },
});
const pkg = resolve(ROOT, args.pkg);
const FILES = ["suitable_bg.wasm", "suitable.js"];
const TOOLING = existsSync(join(pkg, "tooling")) ? FILES.map((f) => `tooling/${f}`) : [];

const sizes = {};
for (const f of [...FILES, ...TOOLING]) {
  const path = join(pkg, f);
  if (!existsSync(path)) {
    console.error(`size: ${path} is missing; run \`make pkg\``);
    process.exit(1);
  }
  const bytes = readFileSync(path);
  sizes[f] = { raw: bytes.length, gzip: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length };
}
writeFileSync(join(pkg, "size.json"), JSON.stringify(sizes, null, 2) + "\n");

const budget = JSON.parse(readFileSync(resolve(ROOT, args.budget), "utf8"));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let over = 0;
console.log("size of pkg/ (gzip -9)");
for (const f of [...FILES, ...TOOLING]) {
  const { raw, gzip } = sizes[f];
  const max = budget[f]?.gzip;
  let verdict = "";
  if (max !== undefined) {
    const ok = gzip <= max;
    if (!ok) over++;
    verdict = `budget ${max} (${kb(max)}): ${ok ? "ok" : `OVER by ${gzip - max} bytes`}`;
  }
  if (!max && f.startsWith("tooling/")) {
    const base = sizes[f.slice("tooling/".length)];
    verdict = `no budget (the playground's); +${raw - base.raw} raw, +${gzip - base.gzip} gzip over ${f.slice(8)}`;
  }
  console.log(`  ${f.padEnd(25)} raw ${String(raw).padStart(8)} (${kb(raw).padStart(9)})  gzip ${String(gzip).padStart(7)} (${kb(gzip).padStart(8)})  ${verdict}`);
}
if (args.check) {
  if (over) {
    console.error(`size-check: ${over} file(s) over the budget in ${args.budget}`);
    process.exit(1);
  }
  console.log("size-check: within budget");
} else if (over) {
  console.log(`  (over budget; not enforced here: \`make size-check\` fails on it)`);
}
