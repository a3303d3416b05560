// Every persona of test-data/: the wasm package's `recommend`, pretty-printed by JSON.stringify,
// is byte-identical to the native CLI's output and to the golden file (engine version redacted).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { CATALOGUE_PATH, TEST_DATA, cli, firstDifference, loadPkg, personas, readText } from "./helpers.mjs";

const { Advisor, version } = await loadPkg();
const advisor = new Advisor(readText(CATALOGUE_PATH));

for (const { name, path } of personas()) {
  test(`recommend ${name}: wasm == native CLI == golden`, () => {
    const got = JSON.stringify(advisor.recommend(JSON.parse(readText(path))), null, 2) + "\n";
    const native = cli("recommend", "--catalogue", CATALOGUE_PATH, "--profile", path);
    assert.ok(got === native, `wasm output differs from the native CLI, first at ${firstDifference(got, native)}`);
    const golden = readText(join(TEST_DATA, "golden", name));
    const redacted = got.replace(`"engineVersion": "${version()}"`, '"engineVersion": "[engine]"');
    assert.ok(redacted === golden, `wasm output differs from golden/${name}, first at ${firstDifference(redacted, golden)}`);
  });
}
