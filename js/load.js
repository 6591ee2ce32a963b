// Loading: finding the module, fetching or reading it, and compiling it
// (streaming where the server allows), with a PreflightError naming what
// went wrong.

import { Checker } from "./checker.js";
import { PreflightError } from "./errors.js";

// inNode: Node.js, whatever globals a test environment (jsdom) adds.
const inNode = typeof globalThis.process?.versions?.node === "string";

/**
 * Loads the module and returns a checker. `wasm` is where the module is: a
 * URL or a string (fetched; a file: URL or a path is read from disk in
 * Node.js), a Response, the bytes (ArrayBuffer or a view), a compiled
 * WebAssembly.Module, or a promise of a Response or a Module (a fetch or a
 * WebAssembly.compileStreaming started early). Without it, the package's
 * own preflight.wasm, beside this file (bundlers that follow
 * `new URL(..., import.meta.url)` copy it into the build).
 */
export async function load({ wasm, optionSets } = {}) {
  const module = await compile(wasm ?? new URL("./preflight.wasm", import.meta.url));
  return new Checker(module, optionSets);
}

async function compile(source) {
  if (typeof source?.then === "function") {
    try {
      source = await source; // a fetch or a compilation started earlier
    } catch (err) {
      if (err instanceof WebAssembly.CompileError) {
        throw notWasm("the module given", err);
      }
      throw new PreflightError("missing", `preflight: the module could not be fetched: ${err.message}`, { cause: err });
    }
  }
  if (source instanceof WebAssembly.Module) {
    return source;
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return compileBytes(source, "the bytes given");
  }
  if (typeof Response !== "undefined" && source instanceof Response) {
    return compileResponse(source, source.url || "the response given");
  }
  if (typeof source === "string" || source instanceof URL) {
    const url = toURL(source);
    if (url === null || url.protocol === "file:") {
      return compileBytes(await readFile(url ?? source), String(source));
    }
    let response;
    try {
      response = await fetch(url);
    } catch (err) {
      throw new PreflightError("missing", `preflight: the module at ${url} could not be fetched: ${err.message}`, { cause: err });
    }
    return compileResponse(response, String(url));
  }
  throw new TypeError("preflight: wasm must be a URL, a path, a Response, bytes or a WebAssembly.Module");
}

// toURL reads source as an absolute URL, relative to the page in a browser;
// null for a file path in Node.js.
function toURL(source) {
  if (source instanceof URL) {
    return source;
  }
  try {
    const url = new URL(source);
    // "C:\\build\\preflight.wasm" parses as a URL of scheme "c:": in Node.js
    // a Windows path, not a URL.
    if (!(inNode && /^[a-z]:$/i.test(url.protocol))) {
      return url;
    }
  } catch {
    // Not absolute: relative to the document in a browser, a path in Node.js.
  }
  if (inNode) {
    return null; // even where a test environment (jsdom) has a document
  }
  if (typeof document !== "undefined" && document.baseURI) {
    return new URL(source, document.baseURI);
  }
  if (typeof location !== "undefined" && location.href) {
    return new URL(source, location.href);
  }
  return null;
}

async function readFile(path) {
  let fs;
  try {
    // Ignored by bundlers: a browser build has no use for it (and webpack 5
    // fails on the node: scheme).
    fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ "node:fs/promises");
  } catch (err) {
    throw new PreflightError("missing", `preflight: cannot read ${path} here: give a URL or the bytes`, { cause: err });
  }
  try {
    return await fs.readFile(path);
  } catch (err) {
    throw new PreflightError("missing", `preflight: no module at ${path} (${err.code ?? err.message}): build it with make wasm`, { cause: err });
  }
}

async function compileResponse(response, where) {
  if (!response.ok) {
    throw new PreflightError("missing", `preflight: no module at ${where}: ${response.status} ${response.statusText}`.trimEnd());
  }
  // Streaming compilation starts while the bytes arrive; browsers allow it
  // only for application/wasm.
  const type = response.headers.get("content-type") ?? "";
  if (typeof WebAssembly.compileStreaming === "function" && type.split(";")[0].trim() === "application/wasm") {
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (err) {
      throw notWasm(where, err);
    }
  }
  return compileBytes(await response.arrayBuffer(), where);
}

async function compileBytes(bytes, where) {
  try {
    return await WebAssembly.compile(bytes);
  } catch (err) {
    throw notWasm(where, err);
  }
}

function notWasm(where, err) {
  return new PreflightError("not_wasm", `preflight: ${where} is not a WebAssembly module: ${err.message}`, { cause: err });
}
