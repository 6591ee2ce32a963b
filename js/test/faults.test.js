// A module that fails: the fault-injection build of wasm/module (build tag
// preflight_faults; make js-test builds it), whose check panics on a body
// that starts with "\0fault:panic". The panic is the module's error
// document, the instance is replaced, and the checker goes on.

import test from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { load, PreflightError } from "../index.js";
import { example } from "../fixtures.js";

const faultsURL = new URL("../../build/preflight-faults.wasm", import.meta.url);

test("a panic in the module is an error for that call, and the next call works", async () => {
  assert.ok(existsSync(faultsURL), `${faultsURL.pathname} is missing: run make js-test`);
  const c = await load({ wasm: faultsURL });
  const body = example("standard-yearly");
  const want = c.checkBytes(body, { lang: "zh" });
  assert.throws(
    () => c.check("\0fault:panic", { lang: "zh" }),
    (err) => err instanceof PreflightError && err.code === "panic" && /fault injected/.test(err.message),
  );
  // A fresh instance: the zh options are configured again on demand.
  assert.deepEqual(c.checkBytes(body, { lang: "zh" }), want);
  assert.equal(c.check(body).valid, true);
});

test("a call that runs out of the engine's stack is a trap for that call, and the next call works", async () => {
  const c = await load({ wasm: faultsURL });
  const body = example("standard-yearly");
  const want = c.checkBytes(body);
  assert.throws(
    () => c.check("\0fault:deep"),
    (err) => err instanceof PreflightError && err.code === "trap" && /stack/.test(err.message),
  );
  assert.deepEqual(c.checkBytes(body), want);
});
