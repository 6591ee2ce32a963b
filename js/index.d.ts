// Type declarations of @iotda-preflight/preflight (index.js and the modules it re-exports). The shapes
// are DESIGN.md's result document and core/estimate.go's estimate.

/** The module ABI version this package speaks (wasm/module/doc.go). */
export declare const ABI_VERSION: 1;

/** Error codes: stable; their meaning never changes. */
export type ErrorCode =
  | "syntax" | "encoding" | "too_large" | "too_deep" | "duplicate_key"
  | "type" | "required" | "enum" | "length" | "pattern" | "range"
  | "unknown_flavor" | "flavor_mismatch" | "charge_mode" | "duplicate_tag" | "no_change";

/** Warning codes (unknown_field and coerced are errors in strict mode). */
export type WarningCode = "unknown_field" | "not_applicable" | "coerced" | "port_conflict";

/**
 * Closes a list of errors, or of warnings, cut at its first 1,000 (in
 * document order); its message says how many more there were.
 */
export type CutCode = "too_many_problems";

export type Code = ErrorCode | WarningCode | CutCode;

/** One finding. */
export interface Problem {
  /** A JSON Pointer into the body ("" is the whole body) or, with `in` "current", into the current instance; a parameter's name with `in` "path" or "header". */
  path: string;
  /** "path" or "header" for a request parameter, "current" for the current instance (resize, change-charge-mode); absent for the body. */
  in?: "path" | "header" | "current";
  code: Code;
  /** A sentence for people, in the language asked for. */
  message: string;
}

/** A problem as problemsAt returns it. */
export interface FieldProblem extends Problem {
  severity: "error" | "warning";
}

/** A JSON value. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [member: string]: JSONValue };

/** The result document, identical from every engine. */
export interface Result {
  /** True exactly when errors is empty. */
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
  /**
   * The body normalized to its JSON types with the defaults filled; absent
   * when the body could not be read or holds a member twice. Integers past
   * 2^53 lose precision here:
   * use checkBytes for the exact text.
   */
  request?: { [member: string]: JSONValue } | JSONValue;
  /** JSON Pointers of the members that were filled. */
  defaults: string[];
  /** What the order costs; absent when the request is invalid. */
  estimate?: Estimate;
}

/** Money: decimal digits, exactly 2 decimals ("3960.00"); hourly has 4. */
export type Money = string;

export type ChargeMode = "prePaid" | "postPaid";

export interface Estimate {
  priced: boolean;
  /** Why there is no price (priced false only). */
  reason?: string;
  /** ISO 4217 code, "USD". */
  currency: string;
  /**
   * The order's charge mode; "" for a resize whose current instance is not
   * known or does not say its charge mode (unpriced: the instance's own
   * mode decides how a resize is billed).
   */
  charge_mode: ChargeMode | "";
  /** prePaid only. */
  period?: { type: "month" | "year"; num: number };
  /** The sum of the lines' amounts; priced only. */
  total?: Money;
  /** The whole instance per hour, 4 decimals, for display; postPaid and priced only. */
  hourly?: Money;
  lines?: Line[];
  alternatives?: Alternatives;
  catalog: { name?: string; effective?: string; source?: string };
}

/**
 * One row of the estimate's table: amount = quantity x unit_price x
 * periods, except a yearly/monthly resize's one line, prorated by the
 * months remaining: periods 0, and the basis writes the whole sum.
 */
export interface Line {
  /** The flavor code. */
  item: string;
  quantity: number;
  unit: "unit" | "instance";
  unit_price: Money;
  per: "month" | "year" | "hour";
  periods: number;
  amount: Money;
  /**
   * How unit_price was found ("12 x monthly list price 165.00"); for a
   * prorated resize, the fee and the remaining months ("(10 x 350.00 - 5 x
   * 50.00) x 2.9355 months remaining = 9540.38; remaining months: 11/31 + 2
   * + 18/31 from 2023-05-20 to 2023-08-18 (UTC+08:00)").
   */
  basis: string;
}

/** The same capacity priced under each charge option the flavor offers. */
export interface Alternatives {
  span_months: number;
  /** Always in the order monthly, yearly, pay-per-use. */
  options: ChargeOption[];
  /** The fewest months (1-12) that cost more paid monthly than one year. */
  yearly_beats_monthly_at?: number;
}

export interface ChargeOption {
  charge_mode: ChargeMode;
  per: "month" | "year" | "hour";
  periods: number;
  total: Money;
  cheapest: boolean;
  selected: boolean;
}

/** A price catalog (DESIGN.md, "The price catalog"). */
export interface Catalog {
  name?: string;
  effective?: string;
  currency: string;
  source?: string;
  months_per_year?: string;
  hours_per_month?: string;
  flavors: Array<{
    type: string;
    instance_type: "standard" | "enterprise";
    charge_modes: ChargeMode[];
    max_units?: number;
    price?: { month?: string; year?: string; hour?: string };
    note?: string;
  }>;
}

/** The requests a check covers (DESIGN.md, "Resize and change of charge mode"). */
export type API = "create" | "resize" | "change-charge-mode";

/**
 * The instance as it is now, in the shape of a ShowInstance response: the
 * response may be given whole, and the members the check does not read are
 * let be. A Date is written as its toISOString.
 */
export interface CurrentInstance {
  instance_type?: "standard" | "enterprise";
  flavor?: { type?: string; size?: number; [member: string]: unknown };
  charge_mode?: ChargeMode;
  /** When the yearly/monthly order ends, RFC 3339 with an offset: needed to price a yearly/monthly resize. */
  expire_time?: string | Date;
  [member: string]: unknown;
}

/** Options of a check; every member optional. */
export interface Options {
  /** Unknown members and coerced strings become errors. */
  strict?: boolean;
  /** The largest body read, in bytes (default 1 MiB, at most 4 MiB: more is an "options" error). */
  maxBytes?: number;
  /** The deepest nesting read (default 32, at most 1000: more is an "options" error). */
  maxDepth?: number;
  /** The language of messages (default "en"); codes never change with it. */
  lang?: "en" | "zh";
  /** A price catalog, as an object or the JSON text of one object (the module refuses other text: PreflightError "options"); default: the embedded one. */
  catalog?: Catalog | string;
  /** The path and header parameters, when the caller has them; instanceId is the path's instance_id of resize and change-charge-mode (create ignores it). */
  params?: { projectId?: string; authToken?: string; instanceId?: string };
  /** The request the body is for (default "create"); another name is a PreflightError "options". */
  api?: API;
  /**
   * The current instance, for resize and change-charge-mode (create ignores
   * it): an object, or the JSON text of one object, read as written (a
   * pasted ShowInstance response: a member it holds twice is reported,
   * which JSON.parse would drop). Its problems carry `in: "current"`.
   */
  current?: CurrentInstance | string;
  /**
   * When the change is made: RFC 3339 with an offset ("2023-05-20T09:00:00+08:00"),
   * or a Date, sent as its toISOString. Other text, a number, or a Date that
   * is no time is a PreflightError "options". Without it a yearly/monthly
   * resize is not priced.
   */
  at?: string | Date;
}

/**
 * A body: the JSON text, its UTF-8 bytes, or a value to JSON.stringify. A
 * promise, a Blob, a Response or Request, a Map or a Set is refused
 * (PreflightError "body"): JSON.stringify would send {} for it. A body of
 * any size is answered: at most its first 4 MiB + 1 bytes are copied into
 * the module, as package host copies them, and a longer one is too_large.
 */
export type Body = string | ArrayBuffer | ArrayBufferView | JSONValue | object;

export type PreflightErrorCode =
  | "missing" | "not_wasm" | "abi" | "options" | "handles" | "handle"
  | "length" | "panic" | "trap" | "exit" | "body";

export declare class PreflightError extends Error {
  readonly name: "PreflightError";
  readonly code: PreflightErrorCode;
  constructor(code: PreflightErrorCode, message: string, options?: { cause?: unknown });
}

/**
 * A compiled WebAssembly.Module. Declared from the global WebAssembly when
 * the project's libraries have it (DOM, or a runtime's types), so these
 * types need no DOM library: without one it is any object.
 */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: any) => infer M } } ? M : object;

/** Where the module is. */
export type WasmSource = URL | string | Response | ArrayBuffer | ArrayBufferView | WasmModule | PromiseLike<Response | WasmModule>;

export interface LoadOptions {
  /** A URL (fetched; file: URLs and paths are read from disk in Node.js), a Response, the bytes, a compiled module, or a promise of a Response or a module. Default: the package's own preflight.wasm, beside load.js. */
  wasm?: WasmSource;
  /** Option sets kept configured at once (default 16, at most 255); the least recently used is released. */
  optionSets?: number;
}

/** A loaded module. Calls are synchronous, one at a time. */
export declare class Checker {
  constructor(module: WasmModule, optionSets?: number);
  /** Checks a body; the result document, parsed. */
  check(body: Body, options?: Options): Result;
  /** Checks a body; the result document's bytes, exactly as the native core writes them. */
  checkBytes(body: Body, options?: Options): Uint8Array;
  /** Releases every option set configured in the module. */
  releaseAll(): void;
  /** The bytes of memory the module's instance holds; 0 when there is none. An instance grown past 64 MiB by a large body is discarded after its call. */
  readonly memoryBytes: number;
}

/**
 * Loads build/preflight.wasm and returns a checker. Rejects with a
 * PreflightError: "missing", "not_wasm" or "abi"; "trap" or "exit" when the
 * module fails in its _initialize; a TypeError for a wasm of another kind.
 */
export declare function load(options?: LoadOptions): Promise<Checker>;

/**
 * The problems of one field (a JSON Pointer such as "/flavor/size"), errors
 * first; with {within: true} also those of the members below it. They are
 * the body's, or with {in: "current"} the current instance's (a pointer
 * into it), or with {in: "path"} or {in: "header"} a parameter's (its name).
 */
export declare function problemsAt(result: Result, path: string, options?: { within?: boolean; in?: "path" | "header" | "current" }): FieldProblem[];

/** The value the platform will fill at path, when path is one of result.defaults; else undefined. */
export declare function defaultFor(result: Result, path: string): JSONValue | undefined;

/** The value at a JSON Pointer (RFC 6901) in a parsed value, or undefined. */
export declare function valueAt(value: unknown, pointer: string): JSONValue | undefined;
