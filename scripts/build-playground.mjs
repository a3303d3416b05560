#!/usr/bin/env node
// Builds what the catalogue playground (www/playground.html) needs besides www/ and pkg/, into
// target/playground/ (served at /playground/ by www/server.mjs):
// - editor.js: www/playground-editor.js bundled with CodeMirror 6 and codemirror-json-schema
//   (esbuild, one ES module, minified). codemirror-json-schema renders schema descriptions as
//   Markdown with markdown-it and shiki; shiki starts an oniguruma wasm highlighter at import
//   and colours code with style attributes, which the page's CSP refuses. Its Markdown module is
//   replaced here by one that shows the description as escaped plain text.
// - personas.json: the sample personas of test-data/personas/ (file name and description), the
//   list the persona picker offers; the files themselves are served at /personas/.
//
//   node scripts/build-playground.mjs [--out target/playground]
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({ options: { out: { type: "string", default: "target/playground" } } });
const out = resolve(ROOT, args.out);
mkdirSync(out, { recursive: true });

/** codemirror-json-schema's utils/markdown.js -> escaped plain text (no shiki, no markdown-it). */
const plainMarkdown = {
  name: "plain-markdown",
  setup(b) {
    b.onResolve({ filter: /\/utils\/markdown(\.js)?$/ }, (a) =>
      a.importer.includes(`${"node_modules"}/codemirror-json-schema/`) ? { path: "markdown", namespace: "plain-markdown" } : undefined);
    b.onLoad({ filter: /.*/, namespace: "plain-markdown" }, () => ({
      loader: "js",
      contents: `
const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function renderMarkdown(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ESC[c]).replace(/\`([^\`]+)\`/g, "<code>$1</code>");
}`,
    }));
  },
};

const result = await build({
  entryPoints: [join(ROOT, "www", "playground-editor.js")],
  outfile: join(out, "editor.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["chrome111", "firefox111", "safari16.4"],
  minify: true,
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
  plugins: [plainMarkdown],
});
const bundled = Object.keys(result.metafile.inputs);
for (const banned of ["node_modules/shiki/", "node_modules/markdown-it/", "node_modules/@shikijs/"]) {
  if (bundled.some((p) => p.includes(banned))) {
    console.error(`build-playground: ${banned} is in the bundle; the markdown replacement did not apply`);
    process.exit(1);
  }
}

const personasDir = join(ROOT, "test-data", "personas");
const personas = readdirSync(personasDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({ file, persona: JSON.parse(readFileSync(join(personasDir, file), "utf8")).persona ?? file }));
writeFileSync(join(out, "personas.json"), JSON.stringify(personas, null, 2) + "\n");

const size = result.metafile.outputs[Object.keys(result.metafile.outputs).find((k) => k.endsWith("editor.js"))].bytes;
console.log(`target/playground/: editor.js ${(size / 1024).toFixed(1)} KB (${bundled.length} modules), personas.json (${personas.length})`);
