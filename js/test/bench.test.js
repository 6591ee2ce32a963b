// The figure published in the README: the time of one check through this
// package, the API page's enterprise example, 1,000 calls after a warm-up.
// Written to build/js-bench.json.

import test from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { checker, example } from "../fixtures.js";

const CALLS = 1000;

function perCall(fn) {
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) fn();
  return ((performance.now() - start) * 1000) / CALLS; // microseconds
}

test("1,000 checks", async (t) => {
  const c = await checker();
  const body = example("enterprise-yearly");
  const cold = perCall(() => c.check(body));
  for (let i = 0; i < 5 * CALLS; i++) c.check(body); // let the engine tier up
  const figures = {
    node: process.version,
    calls: CALLS,
    body: "examples/requests/enterprise-yearly.json",
    first_1000_us_per_call: round(cold),
    check_us_per_call: round(perCall(() => c.check(body))),
    check_bytes_us_per_call: round(perCall(() => c.checkBytes(body))),
    check_zh_us_per_call: round(perCall(() => c.check(body, { lang: "zh" }))),
  };
  writeFileSync(new URL("../../build/js-bench.json", import.meta.url), JSON.stringify(figures, null, 2) + "\n");
  t.diagnostic(JSON.stringify(figures));
  assert.ok(figures.check_us_per_call < 5000, "a check takes milliseconds: something is wrong");
});

function round(x) {
  return Math.round(x * 10) / 10;
}
