// TypeScript: a consumer file using every exported type (fixtures/consumer.ts) type-checks
// against pkg/suitable.d.ts with `tsc --noEmit` (strict, no skipLibCheck, lib ES2022 + DOM).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./helpers.mjs";

test("tsc --noEmit passes on a consumer of every exported type", () => {
  const tsc = join(ROOT, "node_modules", ".bin", "tsc");
  const r = spawnSync(tsc, ["--noEmit", "-p", join(ROOT, "tests", "js", "fixtures", "tsconfig.json")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});
