// The one error type of the package, with a stable code.

/**
 * An Error with a stable code: "missing" (no module where it was looked
 * for), "not_wasm" (not a WebAssembly module), "abi" (not a preflight
 * module, or another ABI version), "options" (the module rejected the
 * options), "handles", "handle", "length", "panic" (the module's own error
 * document), "trap" and "exit" (the module trapped or exited; the instance
 * was discarded and the next call gets a fresh one), "body" (a body this
 * package cannot send).
 */
export class PreflightError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = "PreflightError";
    this.code = code;
  }
}
