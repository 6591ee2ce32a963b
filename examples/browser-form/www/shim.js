// The part of @bjorn3/browser_wasi_shim the js package imports (WASI,
// WASIProcExit, ConsoleStdout), from the two files that define it: the
// shim's own index.js would also load its OPFS and strace modules, two more
// files on the way to a ready form. The shim is pinned at exactly 0.4.2, so
// its file layout is fixed; the browser test catches an upgrade that moves
// them (RATIONALE.md, Browser and Node).
export { default as WASI, WASIProcExit } from "./js/node_modules/@bjorn3/browser_wasi_shim/dist/wasi.js";
export { ConsoleStdout } from "./js/node_modules/@bjorn3/browser_wasi_shim/dist/fs_mem.js";
