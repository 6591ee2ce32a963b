// Shared by the tests in test/: where the module and the corpus are, and
// one checker loaded once per test file. Not part of the package.

import { readFileSync } from "node:fs";
import { load, PreflightError } from "./index.js";

/** The module `make wasm` builds from wasm/module. */
export const wasmURL = new URL("../build/preflight.wasm", import.meta.url);

/** What the native core says about the corpus (go run ./js/expectations). */
export const expectationsURL = new URL("../build/js-expectations.json", import.meta.url);

let loaded;

/** The checker of the real module, loaded once. */
export function checker() {
  loaded ??= load({ wasm: wasmURL });
  return loaded;
}

/** An assert.throws check: the module's options error, its message matching pattern. */
export const isOptionsError = (pattern) => (err) => err instanceof PreflightError && err.code === "options" && pattern.test(err.message);

/** The API page's example request, as text: "standard-yearly", "standard-postpaid", "enterprise-yearly". */
export function example(name) {
  return readFileSync(new URL(`../examples/requests/${name}.json`, import.meta.url), "utf8");
}

/**
 * A minimal WebAssembly module, written out by hand, that exports a memory
 * and abi_version returning version:
 *
 *	(module
 *	  (memory (export "memory") 1)
 *	  (func (export "abi_version") (result i32) i32.const <version>))
 */
export function abiModule(version) {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
    0x03, 0x02, 0x01, 0x00, // function 0 has type 0
    0x05, 0x03, 0x01, 0x00, 0x01, // memory: min 1 page
    0x07, 0x18, 0x02, // export, 24 bytes, 2 entries
    0x06, ...ascii("memory"), 0x02, 0x00,
    0x0b, ...ascii("abi_version"), 0x00, 0x00,
    0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, version & 0x3f, 0x0b, // code: i32.const version; end
  ]);
}

function ascii(s) {
  return [...s].map((c) => c.charCodeAt(0));
}
