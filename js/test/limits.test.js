// The size limits at their boundaries, as Node meets them: the same answers
// and the same refusals, in the same words, as the native core and package
// host give (core/limits_test.go, host/limits_test.go). The documents are
// written as internal/bigjson writes them.

import test from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { checker, example } from "../fixtures.js";
import { load, PreflightError } from "../index.js";

const MAX_BYTES_LIMIT = 4 << 20; // core.MaxBytesLimit
const DEFAULT_MAX_BYTES = 1 << 20; // core.DefaultMaxBytes
const MAX_CATALOG_BYTES = 1 << 20; // core.MaxCatalogBytes
const MAX_CATALOG_FLAVORS = 1000; // core.MaxCatalogFlavors
const MAX_BODY = MAX_BYTES_LIMIT + 1; // the most of a body package host and this package copy

// body is bigjson.Body: {"x":[0,0,...,0]} padded with spaces to n bytes.
function body(n) {
  const pairs = Math.floor((n - 9) / 2);
  const text = '{"x":[0' + ",0".repeat(pairs) + "]}";
  return text + " ".repeat(n - text.length);
}

// catalog is bigjson.Catalog: flavors flavors, padded before the closing brace to n bytes (0: unpadded).
function catalog(flavors, n = 0) {
  const items = [];
  for (let i = 0; i < flavors; i++) {
    items.push(`{"type":"iotda.standard.x${i}","instance_type":"standard","charge_modes":["prePaid","postPaid"],"price":{"month":"25"}}`);
  }
  const text = '{"name":"big","currency":"USD","flavors":[' + items.join(",") + "]";
  return (n > 0 ? text + " ".repeat(n - 1 - text.length) : text) + "}";
}

const isOptionsError = (words) => (err) => err instanceof PreflightError && err.code === "options" && err.message === `preflight: ${words}`;

test("bodies at each limit are checked, one byte more is too_large", async () => {
  const c = await checker();
  const cases = [
    { size: DEFAULT_MAX_BYTES, options: undefined, tooLarge: false, why: "the default limit" },
    { size: DEFAULT_MAX_BYTES + 1, options: undefined, tooLarge: true, why: "one byte over the default" },
    { size: MAX_BYTES_LIMIT, options: { maxBytes: MAX_BYTES_LIMIT }, tooLarge: false, why: "the largest limit: the module holds it" },
    { size: MAX_BYTES_LIMIT + 1, options: { maxBytes: MAX_BYTES_LIMIT }, tooLarge: true, why: "one byte over the largest" },
  ];
  for (const { size, options, tooLarge, why } of cases) {
    const text = body(size);
    assert.equal(Buffer.byteLength(text), size);
    const r = c.check(text, options);
    const codes = r.errors.map((e) => e.code);
    assert.deepEqual(codes, tooLarge ? ["too_large"] : codes.map(() => "required"), why);
    assert.ok(c.memoryBytes <= 64 << 20, "an instance grown past 64 MiB is discarded after its call");
  }
});

test("options past a limit are refused in the core's words", async () => {
  const c = await checker();
  const doc = example("standard-yearly");
  assert.equal(c.check(doc, { maxBytes: MAX_BYTES_LIMIT }).valid, true);
  assert.throws(() => c.check(doc, { maxBytes: MAX_BYTES_LIMIT + 1 }), isOptionsError('options: maxBytes "4194305" must be at most 4194304 (4 MiB)'));
  assert.equal(c.check(doc, { catalog: catalog(1, MAX_CATALOG_BYTES) }).valid, false, "read: the example's flavor is not in it");
  assert.throws(
    () => c.check(doc, { catalog: catalog(1, MAX_CATALOG_BYTES + 1) }),
    isOptionsError("options: catalog: the catalog is more than 1048576 bytes (1 MiB), the most a catalog may be"),
  );
  assert.equal(c.check(doc, { catalog: catalog(MAX_CATALOG_FLAVORS) }).valid, false, "read");
  // Longer than any options document: refused before it is copied, in the core's words.
  const before = c.memoryBytes;
  assert.throws(
    () => c.check(doc, { catalog: catalog(1, 32 << 20) }),
    isOptionsError("options: the document is more than 1114112 bytes, the most options may be (a catalog of at most 1048576 bytes and 64 KiB for the rest)"),
  );
  assert.equal(c.memoryBytes, before, "32 MiB of options were not copied into the module");
  assert.throws(
    () => c.check(doc, { catalog: catalog(MAX_CATALOG_FLAVORS + 1) }),
    isOptionsError("options: catalog: flavors: 1001 flavors, more than the 1000 a catalog may list"),
  );
});

test("a body of any size is answered: too_large in the core's words, past every limit", async () => {
  const c = await checker();
  const cases = [
    { body: new Uint8Array(64 << 20), options: undefined, why: "64 MiB of bytes, the default limit" },
    { body: new Uint8Array(64 << 20), options: { maxBytes: MAX_BYTES_LIMIT }, why: "the same, the largest limit" },
    { body: " ".repeat(16 << 20), options: undefined, why: "16 Mi characters of text" },
  ];
  for (const { body, options, why } of cases) {
    const r = c.check(body, options);
    const limit = options?.maxBytes ?? DEFAULT_MAX_BYTES;
    assert.deepEqual(r.errors, [{ path: "", code: "too_large", message: `the body is more than the limit of ${limit} bytes` }], why);
    assert.ok(c.memoryBytes <= 64 << 20, `${why}: only the first ${MAX_BODY} bytes were copied`);
  }
  assert.equal(c.check(example("standard-yearly")).valid, true, "the checker goes on");
});

test("a module that fails is quoted in a few lines, not its goroutine dump", async () => {
  const faultsURL = new URL("../../build/preflight-faults.wasm", import.meta.url);
  assert.ok(existsSync(faultsURL), `${faultsURL.pathname} is missing: run make js-test`);
  const c = await load({ wasm: faultsURL });
  assert.throws(
    () => c.check("\0fault:crash"), // a panic no export recovers: the runtime's reason, then a goroutine's stack
    (err) => {
      assert.ok(err instanceof PreflightError && ["trap", "exit"].includes(err.code), String(err));
      assert.match(err.message, /it said: panic: fault injected in a goroutine$/);
      assert.ok(!err.message.includes("goroutine "), err.message);
      return true;
    },
  );
  assert.equal(c.check(example("standard-yearly")).valid, true, "the checker goes on");
});
