// Options: the package's names for the members of the module's options
// document (core.ParseOptions), and back. The module is the one reader of
// the values: a value it refuses is its "options" error, in its words, with
// the package's names put back in for the document's. This file only
// translates names and writes the document.

/** The package's option names, and theirs in the module's options document, in the document's order. */
const NAMES = new Map([
  ["strict", "strict"],
  ["maxBytes", "max_bytes"],
  ["maxDepth", "max_depth"],
  ["lang", "lang"],
  ["catalog", "catalog"],
  ["params", "params"],
  ["api", "api"],
  ["current", "current"],
  ["at", "at"],
]);

/** The params' names, and theirs in the options document. */
const PARAM_NAMES = new Map([
  ["projectId", "project_id"],
  ["authToken", "auth_token"],
  ["instanceId", "instance_id"],
]);

// The package's name of each document name that differs, for the module's
// messages.
const PACKAGE_NAMES = new Map(
  [...NAMES, ...PARAM_NAMES].filter(([ours, theirs]) => ours !== theirs).map(([ours, theirs]) => [theirs, ours]),
);
// Where the module's message names an option: first, after "options: " or
// "options: params: " ('max_bytes "-1" must be ...', 'params: instance_id
// must be ...', 'member "max_bytes" appears twice'). Elsewhere the same
// spelling is the caller's own words: a value quoted (at "max_bytes"), or a
// member of the catalog's (unknown member "instance_id").
const DOCUMENT_NAME = new RegExp(`^(options: (?:params: )?(?:member ")?)(${[...PACKAGE_NAMES.keys()].join("|")})(?=[" ]|$)`);

// isObject: a plain JSON-style object (not null, not an array).
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// isDate: a Date of any realm (an iframe's is no instanceof this one's Date).
const isDate = (v) => Object.prototype.toString.call(v) === "[object Date]";

// The members a caller may give as the JSON text of one object, which goes
// into the document as written: a catalog's figures reach the module
// exactly, and a pasted ShowInstance response is read as the body is, so a
// member it holds twice is reported rather than dropped by JSON.parse. In
// the document's order: the catalog, whose reader refuses a member it does
// not know, before the current instance, whose object is open (RULES.md).
const TEXT_MEMBERS = ["catalog", "current"];

/**
 * optionsJSON turns the package's options into the module's options
 * document, members in a fixed order so equal options share a handle. The
 * object's own members are the options (not inherited ones, nor a polluted
 * Object.prototype's); undefined and null are absent. A name the package
 * does not know has no name in the document: that is a TypeError here.
 */
export function optionsJSON(options) {
  if (options === undefined || options === null) {
    return "{}";
  }
  if (!isObject(options)) {
    throw new TypeError("preflight: options must be an object");
  }
  const json = new Map(); // document name -> the value's JSON text
  const texts = new Set(); // the members given as text
  for (const [name, value] of members(options, NAMES, "option", "")) {
    if (name === "params" && isObject(value)) {
      const params = [...members(value, PARAM_NAMES, "params member", "params.")];
      json.set(name, "{" + params.map(([n, v]) => member(n, valueJSON(v))).join(",") + "}");
    } else if (TEXT_MEMBERS.includes(name) && typeof value === "string") {
      json.set(name, value);
      texts.add(name);
    } else {
      json.set(name, valueJSON(value));
    }
  }
  if (texts.size === 0) {
    return "{" + [...NAMES.values()].filter((n) => json.has(n)).map((n) => member(n, json.get(n))).join(",") + "}";
  }
  // Text goes in as written. It comes first, followed by every other member
  // (null where absent): text that is more than one value ('{...},
  // "max_bytes": 5') then either names a member twice, names an unknown
  // one, or leaves bytes after the document, and the module refuses each.
  // Text left open takes the members after it into its own object and
  // leaves the document unclosed, unless a later text closes it: only the
  // current instance's comes after the catalog's, and the catalog's reader
  // refuses the member current it would then hold. Nothing in either text
  // can set another option.
  const first = TEXT_MEMBERS.filter((n) => texts.has(n));
  const rest = [...NAMES.values()].filter((n) => !texts.has(n)).map((n) => member(n, json.get(n) ?? "null"));
  return "{" + [...first.map((n) => member(n, json.get(n))), ...rest].join(",") + "}";
}

// members returns the own members of object that are set (not undefined or
// null), by their document names.
function members(object, names, what, prefix) {
  const out = new Map();
  for (const key of Object.keys(object)) {
    const name = names.get(key);
    if (name === undefined) {
      throw new TypeError(`preflight: unknown ${what} ${JSON.stringify(prefix + key)} (known: ${[...names.keys()].join(", ")})`);
    }
    const value = object[key];
    if (value !== undefined && value !== null) {
      out.set(name, value);
    }
  }
  return out;
}

const member = (name, json) => JSON.stringify(name) + ":" + json;

// valueJSON is a value's JSON text for the module to judge. What JSON has no
// text for is sent as a string the module will refuse with the value in
// its message, rather than as what JSON.stringify makes of it: NaN would
// become null (the default), a function nothing at all, and a Date that
// is no time (new Date("x")) null. A Date that is one is written as
// JSON.stringify writes it, its toISOString (UTC, milliseconds).
function valueJSON(value) {
  const text = JSON.stringify(value, function (key, v) {
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
    if (v === null && isDate(this[key])) return String(this[key]);
    return v;
  });
  return text ?? JSON.stringify(String(value));
}

/**
 * optionsError puts the package's names back into the message of the
 * module's options error ("options: maxBytes ..." for "options: max_bytes
 * ..."), so that it names what the caller wrote.
 */
export function optionsError(message) {
  return message.replace(DOCUMENT_NAME, (_, before, name) => before + PACKAGE_NAMES.get(name));
}
