// The package as npm publishes it: `npm pack` makes the tarball, a fresh
// project installs it (its dependency from npm's cache when it has it), and
// a program there loads the package's own module by its name and checks a
// body. What the tarball holds is what the package.json's "files" and its
// prepack script make it: a file left out of either fails here, not for a
// user.

import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { example } from "../fixtures.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const quiet = ["--no-audit", "--no-fund", "--loglevel=error"];

test("an npm pack tarball installs into a fresh project and checks a body there", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "preflight-pack-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const [packed] = JSON.parse(execFileSync(npm, ["pack", "--json", "--pack-destination", dir, ...quiet], { cwd: packageDir, encoding: "utf8" }));
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    "LICENSE", "README.md", "checker.js", "errors.js", "index.d.ts", "index.js",
    "load.js", "options.js", "package.json", "pointer.js", "preflight.wasm",
  ], "the modules, the types, the module and the license; no tests, fixtures or expectations");
  assert.match(readFileSync(join(packageDir, "LICENSE"), "utf8"), /Apache License\s+Version 2\.0/);

  const project = join(dir, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "fresh", private: true, type: "module" }));
  execFileSync(npm, ["install", "--prefer-offline", ...quiet, join(dir, packed.filename)], { cwd: project });
  writeFileSync(join(project, "body.json"), example("standard-yearly"));
  writeFileSync(join(project, "main.js"), `
import { readFileSync } from "node:fs";
import { load, problemsAt } from "@iotda-preflight/preflight";
const checker = await load(); // the package's own preflight.wasm
const ok = checker.check(readFileSync("body.json", "utf8"), { lang: "zh" });
const bad = checker.check("{}");
console.log(JSON.stringify({ valid: ok.valid, total: ok.estimate.total, nameProblems: problemsAt(bad, "/name").map((p) => p.code) }));
`);
  const out = JSON.parse(execFileSync(process.execPath, ["main.js"], { cwd: project, encoding: "utf8" }));
  assert.equal(out.valid, true, "the example is valid");
  assert.match(out.total, /^[0-9]+\.[0-9]{2}$/, "and priced");
  assert.deepEqual(out.nameProblems, ["required"], "the helpers work from the installed package");
});
