// iotda-preflight for browsers and Node.js: the module built from
// wasm/module (build/preflight.wasm), driven through its ABI with
// @bjorn3/browser_wasi_shim as the WASI preview 1 host. Load once (async),
// then check synchronously.
//
//	load.js     finding, fetching and compiling the module: load()
//	checker.js  the instance and its ABI: Checker, ABI_VERSION
//	options.js  the package's options as the module's options document
//	pointer.js  problemsAt, defaultFor and valueAt over a result
//	errors.js   PreflightError

export { load } from "./load.js";
export { Checker, ABI_VERSION } from "./checker.js";
export { PreflightError } from "./errors.js";
export { problemsAt, defaultFor, valueAt } from "./pointer.js";
