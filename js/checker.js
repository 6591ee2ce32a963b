// The checker: one instance of the module at a time, driven through its ABI
// (version 1, documented in wasm/module/doc.go) with @bjorn3/browser_wasi_shim
// as the WASI preview 1 host.

import { WASI, WASIProcExit, ConsoleStdout } from "@bjorn3/browser_wasi_shim";
import { PreflightError } from "./errors.js";
import { optionsJSON, optionsError } from "./options.js";

/** The module ABI version this package speaks. */
export const ABI_VERSION = 1;

/** The exports ABI version 1 guarantees, with their arity. */
const EXPORTS = { abi_version: 0, input: 1, configure: 1, release: 1, check: 2, output: 0 };

/**
 * How many option sets a checker keeps configured in the module at once.
 * The module holds at most 256; a form uses one or two, so a small cache
 * that releases the least recently used is plenty.
 */
const DEFAULT_OPTION_SETS = 16;

/** Strings longer than this are encoded apart, so the guest buffer grows to their size and not 3x. */
const ENCODE_IN_PLACE = 64 << 10;

/**
 * An instance whose memory has grown past this (a body of tens of MB, even
 * one refused as too large, is copied in whole) is discarded after its call:
 * a WebAssembly memory never shrinks, and the next call starts a fresh one
 * of a few MB. A check of the usual body keeps the instance far below it.
 */
const MEMORY_LIMIT = 64 << 20;

/**
 * The most of a body copied into the module (core.MaxBytesLimit + 1): no
 * check reads more, so a longer body is too_large whatever its options,
 * which its first MAX_BODY bytes say in the same words, as package host
 * copies it.
 */
const MAX_BODY = (4 << 20) + 1;

/**
 * The longest options document the module reads (core.MaxOptionsBytes: a
 * catalog of 1 MiB and 64 KiB for the rest); a longer one is refused in
 * the core's words before it is copied, as package host does.
 */
const MAX_OPTIONS = (1 << 20) + (64 << 10);

/** What is kept of what the module said before it failed: lines, and characters a line. */
const SAID_LINES = 3;
const SAID_WIDTH = 200;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// utf8 decodes a document. The module writes valid UTF-8 only (the
// differential test compares the bytes), so no validation is asked for:
// Node's TextDecoder is several times slower with {fatal: true}, and slower
// than Buffer for any text that is not ASCII, such as Chinese messages.
const utf8 =
  typeof Buffer === "function" && typeof Buffer.from === "function"
    ? (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8")
    : (bytes) => decoder.decode(bytes);

/**
 * A loaded module. Calls are synchronous and run one at a time (the module
 * is single-threaded); use one checker per worker to check in parallel.
 */
export class Checker {
  #module;
  #limit;
  #instance = null; // {exports, memory}
  #handles = new Map(); // options JSON -> handle, least recently used first
  #stderr = "";

  constructor(module, optionSets = DEFAULT_OPTION_SETS) {
    if (!(module instanceof WebAssembly.Module)) {
      throw new TypeError("preflight: Checker needs a WebAssembly.Module; use load()");
    }
    this.#module = module;
    this.#limit = Math.max(1, Math.min(255, optionSets | 0));
    const exported = WebAssembly.Module.exports(module);
    const missing = Object.keys(EXPORTS).filter(
      (name) => !exported.some((e) => e.name === name && e.kind === "function"),
    );
    if (missing.includes("abi_version")) {
      throw new PreflightError("abi", "preflight: the module has no abi_version export: it is not build/preflight.wasm");
    }
    this.#start(); // checks the ABI version
    if (missing.length > 0) {
      throw new PreflightError("abi", `preflight: the module lacks the exports ${missing.join(", ")} of ABI version ${ABI_VERSION}`);
    }
  }

  /**
   * Checks a body and returns the result document. body: the JSON text, its
   * UTF-8 bytes, or a value (JSON.stringify'd).
   */
  check(body, options) {
    try {
      return JSON.parse(utf8(this.#check(body, options)));
    } finally {
      this.#settle();
    }
  }

  /**
   * Checks a body and returns the result document's bytes (a copy), exactly
   * as the native core writes them.
   */
  checkBytes(body, options) {
    try {
      return this.#check(body, options).slice();
    } finally {
      this.#settle();
    }
  }

  /** The bytes of memory the module's instance holds now; 0 when there is none (the next call starts one). */
  get memoryBytes() {
    return this.#instance?.memory.buffer.byteLength ?? 0;
  }

  // #settle discards an instance whose memory a large body (or catalog)
  // grew past MEMORY_LIMIT, once its call is over, whether it succeeded.
  #settle() {
    if (this.memoryBytes > MEMORY_LIMIT) {
      this.#discard();
    }
  }

  // #check returns a view of the result document in the module's memory,
  // valid until the next call.
  #check(body, options) {
    // The body's JSON form first, before the module is touched: a body with
    // none is the caller's error and leaves the instance as it is, and a
    // toJSON that checks another body is done before this check begins.
    body = bodyBytesOrText(body);
    if (this.#instance === null) {
      this.#start(); // the last one trapped or exited
    }
    const handle = this.#handle(options);
    const length = this.#write(body);
    const { exports } = this.#instance;
    const n = this.#call(() => exports.check(handle, length));
    return this.#read(n);
  }

  /** Releases every option set configured in the module. */
  releaseAll() {
    if (this.#instance !== null) {
      const { exports } = this.#instance;
      for (const handle of this.#handles.values()) {
        this.#call(() => exports.release(handle));
      }
    }
    this.#handles.clear();
  }

  #start() {
    const wasi = new WASI([], [], [
      new ConsoleStdout(() => {}),
      ConsoleStdout.lineBuffered((line) => this.#log(line)),
      ConsoleStdout.lineBuffered((line) => this.#log(line)),
    ], { debug: false }); // the shim logs every call unless told not to
    let instance;
    try {
      instance = new WebAssembly.Instance(this.#module, { wasi_snapshot_preview1: wasi.wasiImport });
    } catch (err) {
      throw new PreflightError("abi", `preflight: the module cannot be instantiated with WASI preview 1: ${err.message}`, { cause: err });
    }
    const { exports } = instance;
    if (!(exports.memory instanceof WebAssembly.Memory)) {
      throw new PreflightError("abi", "preflight: the module exports no memory: it is not build/preflight.wasm");
    }
    try {
      wasi.initialize(instance);
    } catch (err) {
      throw this.#crash(err, "_initialize");
    }
    const version = exports.abi_version();
    if (version !== ABI_VERSION) {
      throw new PreflightError(
        "abi",
        `preflight: the module speaks ABI version ${version}; this package speaks version ${ABI_VERSION}: use the preflight.wasm built from the same release (make wasm)`,
      );
    }
    this.#instance = { exports, memory: exports.memory };
  }

  // #handle returns the module's handle for options, configuring it once.
  #handle(options) {
    const json = optionsJSON(options);
    if (json === "{}") {
      return 0;
    }
    const handles = this.#handles;
    let handle = handles.get(json);
    if (handle !== undefined) {
      handles.delete(json); // re-insert: most recently used last
      handles.set(json, handle);
      return handle;
    }
    // Refused before a configured set is released to make room for it.
    const bytes = encoder.encode(json);
    if (bytes.length > MAX_OPTIONS) {
      throw new PreflightError("options", `preflight: options: the document is more than ${MAX_OPTIONS} bytes, the most options may be (a catalog of at most ${1 << 20} bytes and 64 KiB for the rest)`);
    }
    if (handles.size >= this.#limit) {
      const [oldest, old] = handles.entries().next().value;
      handles.delete(oldest);
      this.#call(() => this.#instance.exports.release(old)); // as every export: a trap discards the instance
    }
    const length = this.#put(bytes);
    const n = this.#call(() => this.#instance.exports.configure(length));
    if (n < 0) {
      this.#read(n); // throws the module's error
    }
    handles.set(json, n);
    return n;
  }

  // #write puts body (text or bytes) into the module's input buffer and
  // returns its length.
  #write(body) {
    const { exports, memory } = this.#instance;
    if (typeof body === "string") {
      if (body.length > MAX_BODY) {
        // Its first MAX_BODY UTF-16 units are at least MAX_BODY bytes: the
        // check says too_large of them before it reads one.
        body = body.slice(0, MAX_BODY);
      }
      if (body.length > ENCODE_IN_PLACE) {
        body = encoder.encode(body);
      } else {
        // At most 3 bytes per UTF-16 unit: encode straight into the guest.
        const addr = this.#call(() => exports.input(body.length * 3));
        return encoder.encodeInto(body, new Uint8Array(memory.buffer, addr, body.length * 3)).written;
      }
    }
    const bytes = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    return this.#put(bytes.length > MAX_BODY ? bytes.subarray(0, MAX_BODY) : bytes);
  }

  // #put copies bytes into the module's input buffer and returns their length.
  #put(bytes) {
    const { exports, memory } = this.#instance;
    const addr = this.#call(() => exports.input(bytes.length));
    new Uint8Array(memory.buffer).set(bytes, addr);
    return bytes.length;
  }

  // #read returns a view of the document of a call's result n in the
  // module's memory, and throws the module's error document when n < 0.
  #read(n) {
    const { exports, memory } = this.#instance;
    const addr = this.#call(() => exports.output());
    const doc = new Uint8Array(memory.buffer, addr, Math.abs(n));
    if (n >= 0) {
      return doc;
    }
    let error;
    try {
      error = JSON.parse(utf8(doc)).error;
    } catch {
      error = { code: "panic", message: "an unreadable error document" };
    }
    if (error.code === "panic") {
      this.#discard(); // prudent after a bug: start afresh
    }
    // The module's options error names the document's members; the caller
    // wrote the package's names.
    const message = error.code === "options" ? optionsError(error.message) : error.message;
    throw new PreflightError(error.code, `preflight: ${message}`);
  }

  // #call runs an export; a trap or an exit discards the instance.
  #call(fn) {
    try {
      return fn();
    } catch (err) {
      throw this.#crash(err, "a call");
    }
  }

  #crash(err, during) {
    this.#discard();
    const output = said(this.#stderr);
    this.#stderr = "";
    const saidPart = output ? `; it said: ${output}` : "";
    if (err instanceof WASIProcExit) {
      return new PreflightError("exit", `preflight: the module exited with status ${err.code} during ${during}${saidPart}`, { cause: err });
    }
    if (err instanceof WebAssembly.RuntimeError) {
      return new PreflightError("trap", `preflight: the module trapped during ${during}: ${firstLine(err.message)}${saidPart}`, { cause: err });
    }
    if (err instanceof RangeError) {
      // The engine's own stack ran out inside the module (a caller already
      // deep in its own calls): the module stopped midway, like a trap.
      return new PreflightError("trap", `preflight: the module ran out of stack during ${during}: ${firstLine(err.message)}${saidPart}`, { cause: err });
    }
    return err;
  }

  #discard() {
    this.#instance = null;
    this.#handles.clear();
  }

  // #log keeps the first 4 KiB the module writes: its reason comes first.
  #log(line) {
    if (this.#stderr.length < 4096) {
      this.#stderr = (this.#stderr + line + "\n").slice(0, 4096);
    }
  }
}

// said is what the Go runtime wrote before it gave up, as package host
// quotes it: the lines before the first blank one, where its dump of every
// goroutine's stack begins, at most SAID_LINES of at most SAID_WIDTH
// characters.
function said(output) {
  let text = output.trim();
  const blank = text.indexOf("\n\n");
  if (blank >= 0) {
    text = text.slice(0, blank);
  }
  if (text === "") {
    return "";
  }
  let lines = text.split("\n");
  if (lines.length > SAID_LINES) {
    lines = [...lines.slice(0, SAID_LINES), "..."];
  }
  return lines.map(clipLine).join("\n");
}

// firstLine is a message up to its first line break, cut to SAID_WIDTH.
function firstLine(message) {
  return clipLine(String(message).split("\n", 1)[0]);
}

function clipLine(line) {
  return line.length > SAID_WIDTH ? line.slice(0, SAID_WIDTH) + "..." : line;
}

// bodyBytesOrText returns a body as the text or the bytes given, or a value's
// JSON text. What JSON.stringify would turn into something else than the
// caller meant is refused: a promise (a missing await) and a Map or a Set
// become {}, a Blob or a Response too, before their bytes are read.
function bodyBytesOrText(body) {
  if (typeof body === "string" || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return body;
  }
  if (typeof SharedArrayBuffer !== "undefined" && body instanceof SharedArrayBuffer) {
    return new Uint8Array(body);
  }
  const unsent = unsentKind(body);
  if (unsent !== "") {
    throw new PreflightError("body", `preflight: a body that is ${unsent}`);
  }
  let text;
  try {
    text = JSON.stringify(body);
  } catch (err) {
    throw new PreflightError("body", `preflight: the body has no JSON form: ${err.message}`, { cause: err });
  }
  if (text === undefined) {
    throw new PreflightError("body", `preflight: a body of type ${typeof body} has no JSON form`);
  }
  return text;
}

// unsentKind names a body JSON.stringify would send as something else ("" for
// one it sends as it is).
function unsentKind(body) {
  if (body === null || typeof body !== "object") {
    return "";
  }
  if (typeof body.then === "function") {
    return "a promise: await it first";
  }
  if (typeof Blob !== "undefined" && body instanceof Blob) {
    return "a Blob: give its text or bytes (await blob.text())";
  }
  if (typeof Response !== "undefined" && body instanceof Response || typeof Request !== "undefined" && body instanceof Request) {
    return "a Response or a Request: give its text or bytes (await r.text())";
  }
  if (body instanceof Map || body instanceof Set || body instanceof WeakMap || body instanceof WeakSet) {
    return `a ${body.constructor.name}, which JSON.stringify writes as {}`;
  }
  return "";
}
