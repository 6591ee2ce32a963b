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
]);

/** The params' names, and theirs in the options document. */
const PARAM_NAMES = new Map([
  ["projectId", "project_id"],
  ["authToken", "auth_token"],
]);

// The package's name of each document name that differs, for the module's
// messages.
const PACKAGE_NAMES = new Map(
  [...NAMES, ...PARAM_NAMES].filter(([ours, theirs]) => ours !== theirs).map(([ours, theirs]) => [theirs, ours]),
);
const DOCUMENT_NAME = new RegExp(`\\b(${[...PACKAGE_NAMES.keys()].join("|")})\\b`, "g");

// isObject: a plain JSON-style object (not null, not an array).
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

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
  let catalogText = false;
  for (const [name, value] of members(options, NAMES, "option", "")) {
    if (name === "params" && isObject(value)) {
      const params = [...members(value, PARAM_NAMES, "params member", "params.")];
      json.set(name, "{" + params.map(([n, v]) => member(n, valueJSON(v))).join(",") + "}");
    } else if (name === "catalog" && typeof value === "string") {
      json.set(name, value);
      catalogText = true;
    } else {
      json.set(name, valueJSON(value));
    }
  }
  if (!catalogText) {
    return "{" + [...NAMES.values()].filter((n) => json.has(n)).map((n) => member(n, json.get(n))).join(",") + "}";
  }
  // A catalog's text goes in as written, so its figures reach the module
  // exactly. It comes first, followed by every other member (null where
  // absent): text that is more than one value ('{...}, "max_bytes": 5')
  // then either names a member twice, names an unknown one, or leaves
  // bytes after the document, and the module refuses each. Nothing in it
  // can set another option.
  const rest = [...NAMES.values()].filter((n) => n !== "catalog").map((n) => member(n, json.get(n) ?? "null"));
  return "{" + [member("catalog", json.get("catalog")), ...rest].join(",") + "}";
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
// become null (the default), a function nothing at all.
function valueJSON(value) {
  const text = JSON.stringify(value, (_, v) => {
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
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
  return message.replace(DOCUMENT_NAME, (name) => PACKAGE_NAMES.get(name));
}
