// Helpers over a result document: a field's problems, the default filled
// at a path, and JSON Pointer (RFC 6901) lookup.

/**
 * The problems of one field: the errors and warnings whose path is `path`
 * (a JSON Pointer into the body, "/flavor/size"), errors first, each with
 * its severity. With {within: true}, also those of the members below it.
 * Path and header parameters and the current instance (problems with `in`)
 * are never a body field's: {in: "current"} asks for the current
 * instance's, at a pointer into it ("/expire_time"), and {in: "path"} or
 * {in: "header"} for a parameter's, by its name.
 */
export function problemsAt(result, path, { within = false, in: where } = {}) {
  const matches = (p) => p.in === where && (p.path === path || (within && p.path.startsWith(path + "/")));
  const found = [];
  for (const p of result.errors) if (matches(p)) found.push({ ...p, severity: "error" });
  for (const p of result.warnings) if (matches(p)) found.push({ ...p, severity: "warning" });
  return found;
}

/**
 * The value the platform will give a field the body left out: the value in
 * result.request at `path` when `path` is one of result.defaults, else
 * undefined.
 */
export function defaultFor(result, path) {
  if (!result.defaults.includes(path)) {
    return undefined;
  }
  return valueAt(result.request, path);
}

/**
 * The value at a JSON Pointer (RFC 6901) in a parsed JSON value, or
 * undefined where there is none. "" is the whole value.
 */
export function valueAt(value, pointer) {
  if (pointer === "") {
    return value;
  }
  if (!pointer.startsWith("/")) {
    return undefined;
  }
  for (const token of pointer.slice(1).split("/")) {
    if (value === null || typeof value !== "object") {
      return undefined;
    }
    const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(value) && !/^(0|[1-9][0-9]*)$/.test(key)) {
      return undefined;
    }
    if (!Object.hasOwn(value, key)) {
      return undefined;
    }
    value = value[key];
  }
  return value;
}
