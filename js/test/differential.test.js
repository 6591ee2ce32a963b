// The module through this package against the native core: for every body
// of the corpus (internal/corpus: the core's test data and fuzz corpus, the
// API page's examples, awkward bodies, resize and change-charge-mode bodies)
// under every option set (create's, and resize's and change-charge-mode's
// with their current instances and change times), the document must be the
// core's, byte for byte. `make js-test` writes the core's documents first
// (go run ./js/expectations).

import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { checker, expectationsURL } from "../fixtures.js";

function expectations() {
  try {
    return JSON.parse(readFileSync(expectationsURL, "utf8"));
  } catch (err) {
    throw new Error(`${expectationsURL.pathname} is missing or unreadable (${err.code ?? err.message}): run make js-test, or go run ./js/expectations from the repository's top folder`);
  }
}

// jsOptions turns a module options document into this package's options:
// the document's names for the package's, and the current instance as its
// text (set.current), which keeps a member written twice as the core reads it.
function jsOptions(set) {
  const o = JSON.parse(set.json);
  const names = { max_bytes: "maxBytes", max_depth: "maxDepth" };
  const paramNames = { project_id: "projectId", auth_token: "authToken", instance_id: "instanceId" };
  const out = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === "params") {
      out.params = Object.fromEntries(Object.entries(v).map(([n, p]) => [paramNames[n], p]));
    } else if (k === "current") {
      out.current = set.current;
    } else {
      out[names[k] ?? k] = v;
    }
  }
  return out;
}

test("every corpus body, every option set: the core's bytes", async (t) => {
  const c = await checker();
  const e = expectations();
  const bodies = e.bodies.map((b) => ({ name: b.name, body: Buffer.from(b.body, "base64") }));
  assert.ok(bodies.length >= 40, `the corpus has ${bodies.length} bodies`);
  assert.ok(bodies.some((b) => b.name.startsWith("examples/requests/")));
  assert.ok(e.options.some((set) => set.current !== undefined), "the resize and change-charge-mode sets are there");
  let compared = 0;
  let priced = 0;
  for (const [i, set] of e.options.entries()) {
    const options = jsOptions(set);
    for (const [j, { name, body }] of bodies.entries()) {
      const want = Buffer.from(e.documents[i][j], "base64");
      const got = Buffer.from(c.checkBytes(body, options));
      if (!got.equals(want)) {
        assert.fail(`${name} with ${set.name}:\n got ${got.toString("utf8", 0, 400)}\nwant ${want.toString("utf8", 0, 400)}`);
      }
      compared++;
      if (options.api !== undefined && got.includes('"estimate":{"priced":true')) {
        priced++;
      }
    }
  }
  assert.ok(priced > 0, "some of the resizes and changes of charge mode are priced");
  t.diagnostic(`${bodies.length} bodies x ${e.options.length} option sets = ${compared} documents identical (${priced} resizes and changes priced)`);
});

test("a body given as text gives the same bytes as its UTF-8", async () => {
  const c = await checker();
  const e = expectations();
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }); // keep a byte order mark
  let n = 0;
  for (const [j, b] of e.bodies.entries()) {
    const bytes = Buffer.from(b.body, "base64");
    let text;
    try {
      text = decoder.decode(bytes);
    } catch {
      continue; // not UTF-8: text cannot carry it
    }
    assert.deepEqual(Buffer.from(c.checkBytes(text)), Buffer.from(e.documents[e.options.findIndex((o) => o.name === "default")][j], "base64"), b.name);
    n++;
  }
  assert.ok(n > 30);
});
