// Loading: every kind of source, and a clear error for a module that is
// missing, not WebAssembly, or of another ABI version.

import test from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { load, Checker, PreflightError, ABI_VERSION } from "../index.js";
import { wasmURL, abiModule } from "../fixtures.js";

const isPreflightError = (code, pattern) => (err) => {
  assert.ok(err instanceof PreflightError, `a PreflightError, not ${err}`);
  assert.equal(err.code, code, err.message);
  assert.match(err.message, pattern);
  return true;
};

test("loads from a file URL, a path, the bytes and a compiled module", async () => {
  const bytes = readFileSync(wasmURL);
  const sources = [wasmURL, fileURLToPath(wasmURL), bytes, new Uint8Array(bytes).buffer, await WebAssembly.compile(bytes)];
  for (const wasm of sources) {
    const c = await load({ wasm });
    assert.ok(c instanceof Checker);
    assert.equal(c.check("{}").valid, false);
  }
});

test("loads over HTTP, streaming when the server says application/wasm", async (t) => {
  const bytes = readFileSync(wasmURL);
  const server = createServer((req, res) => {
    if (req.url === "/preflight.wasm" || req.url === "/octet.wasm") {
      res.writeHead(200, { "content-type": req.url === "/octet.wasm" ? "application/octet-stream" : "application/wasm" });
      res.end(bytes);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not here");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${server.address().port}`;
  for (const path of ["/preflight.wasm", "/octet.wasm"]) {
    const c = await load({ wasm: base + path });
    assert.equal(c.check("{}").valid, false, path);
  }
  const c = await load({ wasm: await fetch(base + "/preflight.wasm") });
  assert.equal(c.check("{}").valid, false, "from a Response");
  const early = await load({ wasm: fetch(base + "/preflight.wasm") });
  assert.equal(early.check("{}").valid, false, "from a promise of a Response");
  await assert.rejects(load({ wasm: fetch("http://127.0.0.1:1/x.wasm") }), isPreflightError("missing", /could not be fetched/));
  const compiling = await load({ wasm: WebAssembly.compileStreaming(fetch(base + "/preflight.wasm")) });
  assert.equal(compiling.check("{}").valid, false, "from a compilation started earlier");
  await assert.rejects(load({ wasm: WebAssembly.compile(new Uint8Array([1, 2, 3])) }), isPreflightError("not_wasm", /not a WebAssembly module/));
  await assert.rejects(load({ wasm: base + "/gone.wasm" }), isPreflightError("missing", /gone\.wasm: 404/));
});

test("a missing module is a clear error", async () => {
  await assert.rejects(load({ wasm: new URL("./no-such.wasm", wasmURL) }), isPreflightError("missing", /no module at .*no-such\.wasm.*make wasm/));
  await assert.rejects(load({ wasm: "/nonexistent/preflight.wasm" }), isPreflightError("missing", /ENOENT/));
  await assert.rejects(load({ wasm: "http://127.0.0.1:1/preflight.wasm" }), isPreflightError("missing", /could not be fetched/));
});

test("bytes that are not WebAssembly are a clear error", async () => {
  await assert.rejects(load({ wasm: new TextEncoder().encode("<!doctype html><p>Not found</p>") }), isPreflightError("not_wasm", /not a WebAssembly module/));
  await assert.rejects(load({ wasm: new Uint8Array(0) }), isPreflightError("not_wasm", /not a WebAssembly module/));
});

test("a module of another ABI version is refused, naming both versions", async () => {
  assert.equal(ABI_VERSION, 1);
  // The hand-made module is otherwise well formed: version 1 passes the version check.
  await assert.rejects(load({ wasm: abiModule(1) }), isPreflightError("abi", /lacks the exports input, configure, release, check, output/));
  await assert.rejects(load({ wasm: abiModule(2) }), isPreflightError("abi", /ABI version 2; this package speaks version 1/));
});

test("a WebAssembly module that is not preflight is refused", async () => {
  const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  await assert.rejects(load({ wasm: empty }), isPreflightError("abi", /no abi_version export/));
});

test("in Node.js a Windows path is read from disk, not fetched as a URL of scheme c:", async () => {
  await assert.rejects(load({ wasm: "C:\\nonexistent\\preflight.wasm" }), (err) =>
    err instanceof PreflightError && err.code === "missing" && /no module at C:\\nonexistent/.test(err.message));
});

test("without a wasm, the package's own preflight.wasm is loaded", async () => {
  // npm test (pretest) and npm pack (prepack) copy ../build/preflight.wasm beside index.js.
  const c = await load();
  assert.equal(c.check("{}").valid, false);
});

test("in Node.js a path is read from disk even where a test environment defines a document", async (t) => {
  globalThis.document = { baseURI: "http://localhost:3000/" }; // what jsdom gives
  t.after(() => delete globalThis.document);
  const c = await load({ wasm: fileURLToPath(wasmURL) });
  assert.equal(c.check("{}").valid, false);
});
