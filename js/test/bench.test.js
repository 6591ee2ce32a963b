// The figure published in the README: the time of one check through this
// package, the API page's enterprise example: loops of 1,000 calls after a
// warm-up, the median of 7 loops (the machine is shared: one loop can land
// on a busy moment). Written to build/js-bench.json.

import test from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { checker, example } from "../fixtures.js";

const CALLS = 1000;
const LOOPS = 7;

// perCall returns the microseconds per call of one loop of CALLS calls.
function perCall(fn) {
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) fn();
  return ((performance.now() - start) * 1000) / CALLS;
}

function median(fn) {
  const loops = Array.from({ length: LOOPS }, () => perCall(fn)).sort((a, b) => a - b);
  return loops[LOOPS >> 1];
}

test("1,000 checks", async (t) => {
  const c = await checker();
  const body = example("enterprise-yearly");
  const cold = perCall(() => c.check(body));
  for (let i = 0; i < 5 * CALLS; i++) c.check(body); // let the engine tier up
  const figures = {
    node: process.version,
    calls: CALLS,
    loops: LOOPS,
    body: "examples/requests/enterprise-yearly.json",
    first_1000_us_per_call: round(cold),
    check_us_per_call: round(median(() => c.check(body))),
    check_bytes_us_per_call: round(median(() => c.checkBytes(body))),
    check_zh_us_per_call: round(median(() => c.check(body, { lang: "zh" }))),
  };
  writeFileSync(new URL("../../build/js-bench.json", import.meta.url), JSON.stringify(figures, null, 2) + "\n");
  t.diagnostic(JSON.stringify(figures));
  assert.ok(figures.check_us_per_call < 5000, "a check takes milliseconds: something is wrong");
});

function round(x) {
  return Math.round(x * 10) / 10;
}
