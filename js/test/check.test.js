// The package against the real module: the API page's examples, the field
// helpers, messages in Chinese, options and bodies of every accepted kind.

import test from "node:test";
import assert from "node:assert/strict";
import { checker, example, isOptionsError, wasmURL } from "../fixtures.js";
import { load, problemsAt, defaultFor, valueAt, PreflightError } from "../index.js";

test("the API page's yearly standard example is valid and costs 2 x 165 x 12", async () => {
  const c = await checker();
  const r = c.check(example("standard-yearly"));
  assert.equal(r.valid, true);
  assert.deepEqual(r.errors, []);
  // "is_auto_renew": "true" is a string the API accepts: read as a boolean, with a warning.
  assert.deepEqual(r.warnings.map((w) => [w.path, w.code]), [
    ["/charge_info/is_auto_renew", "coerced"],
    ["/charge_info/is_auto_pay", "coerced"],
  ]);
  assert.equal(r.request.charge_info.is_auto_renew, true);
  assert.equal(r.estimate.priced, true);
  assert.equal(r.estimate.currency, "USD");
  assert.equal(r.estimate.total, "3960.00");
  assert.deepEqual(r.estimate.period, { type: "year", num: 1 });
  const [line] = r.estimate.lines;
  assert.deepEqual([line.item, line.quantity, line.unit_price, line.per, line.amount], ["iotda.standard.s1", 2, "1980.00", "year", "3960.00"]);
  assert.ok(r.estimate.alternatives.options.some((o) => o.selected));
});

test("the API page's pay-per-use example costs one month of 730 hours", async () => {
  const c = await checker();
  const r = c.check(example("standard-postpaid"));
  assert.equal(r.valid, true);
  assert.equal(r.estimate.charge_mode, "postPaid");
  assert.equal(r.estimate.total, "2100.00"); // 2 units x 1050 a month
  assert.equal(r.estimate.hourly, "2.8767");
  assert.equal(r.estimate.period, undefined);
});

test("the API page's enterprise example is valid, with defaults and no invented price", async () => {
  const c = await checker();
  const r = c.check(example("enterprise-yearly"));
  assert.equal(r.valid, true);
  assert.equal(r.estimate.priced, false);
  assert.ok(r.estimate.reason.length > 0);
  assert.equal(r.estimate.total, undefined);
  assert.equal(r.estimate.lines, undefined);
});

test("a body as text, bytes, an ArrayBuffer or a value gives the same document", async () => {
  const c = await checker();
  const text = example("standard-yearly");
  const want = c.checkBytes(text);
  const bytes = new TextEncoder().encode(text);
  assert.deepEqual(c.checkBytes(bytes), want);
  assert.deepEqual(c.checkBytes(bytes.buffer), want);
  const padded = new Uint8Array(bytes.length + 8);
  padded.set(bytes, 4);
  assert.deepEqual(c.checkBytes(padded.subarray(4, 4 + bytes.length)), want, "a view into a larger buffer");
  const value = JSON.parse(text);
  assert.deepEqual(c.check(value), c.check(JSON.stringify(value)));
  assert.throws(() => c.check(undefined), (err) => err instanceof PreflightError && err.code === "body");
});

test("a long string body (encoded apart) is checked whole", async () => {
  const c = await checker();
  const body = JSON.stringify({ name: "实".repeat(70_000) });
  const r = c.check(body);
  assert.deepEqual(problemsAt(r, "/name").map((p) => p.code), ["length"]);
  assert.equal(r.request.name.length, 70_000);
});

test("problemsAt finds one field's errors and warnings, errors first", async () => {
  const c = await checker();
  const r = c.check({
    instance_type: "standard",
    flavor: { type: "iotda.standard.s1", size: 300 },
    name: "ok_name",
    charge_info: { charge_mode: "prePaid", period_type: "month", period_num: 3, is_auto_pay: "true" },
    colour: "blue",
  });
  assert.equal(r.valid, false);
  assert.deepEqual(problemsAt(r, "/flavor/size").map((p) => [p.code, p.severity]), [["range", "error"]]);
  assert.match(problemsAt(r, "/flavor/size")[0].message, /300/);
  assert.deepEqual(problemsAt(r, "/charge_info/is_auto_pay").map((p) => [p.code, p.severity]), [["coerced", "warning"]]);
  assert.deepEqual(problemsAt(r, "/colour").map((p) => p.code), ["unknown_field"]);
  assert.deepEqual(problemsAt(r, "/name"), []);
  assert.deepEqual(problemsAt(r, "/flavor"), [], "a parent alone has no problem of its own");
  assert.deepEqual(problemsAt(r, "/flavor", { within: true }).map((p) => p.path), ["/flavor/size"]);
  assert.equal(r.estimate, undefined, "no estimate for an invalid request");
});

test("problemsAt leaves out path and header parameters", async () => {
  const c = await checker();
  const r = c.check(example("standard-yearly"), { params: { projectId: "../x" } });
  const params = r.errors.filter((p) => p.in !== undefined);
  assert.ok(params.length > 0, JSON.stringify(r.errors));
  for (const p of params) {
    assert.deepEqual(problemsAt(r, p.path), []);
  }
});

test("defaultFor reads the value the platform will fill, and only that", async () => {
  const c = await checker();
  const r = c.check({
    instance_type: "standard",
    flavor: { type: "iotda.standard.s1", size: 1 },
    name: "iotda_instance",
    charge_info: { charge_mode: "prePaid", period_type: "month", period_num: 1 },
  });
  assert.equal(r.valid, true);
  assert.ok(r.defaults.includes("/enterprise_project_id"), r.defaults.join(" "));
  assert.equal(defaultFor(r, "/enterprise_project_id"), "0");
  assert.equal(defaultFor(r, "/charge_info/is_auto_pay"), false);
  assert.equal(defaultFor(r, "/name"), undefined, "given, not defaulted");
  assert.equal(defaultFor(r, "/nothing"), undefined);
});

test("an enterprise instance gets its ports and cipher filled", async () => {
  const c = await checker();
  const body = JSON.parse(example("enterprise-yearly"));
  body.additional_params.port_info = { device_mqtts_port: 8883 };
  delete body.additional_params.ciphering_algorithm;
  const r = c.check(body);
  assert.equal(r.valid, true, JSON.stringify(r.errors));
  const filled = r.defaults.filter((p) => p.startsWith("/additional_params/"));
  assert.ok(filled.length >= 2, filled.join(" "));
  for (const p of filled) {
    assert.notEqual(defaultFor(r, p), undefined, p);
  }
});

test("valueAt follows RFC 6901", () => {
  const doc = { "a/b": { "m~n": [10, 20] }, "": 1 };
  assert.equal(valueAt(doc, "/a~1b/m~0n/1"), 20);
  assert.equal(valueAt(doc, "/"), 1);
  assert.equal(valueAt(doc, ""), doc);
  assert.equal(valueAt(doc, "/a~1b/m~0n/01"), undefined);
  assert.equal(valueAt(doc, "/a~1b/m~0n/2"), undefined);
  assert.equal(valueAt(doc, "/x/y"), undefined);
  assert.equal(valueAt(doc, "a"), undefined);
});

test("messages in Chinese with lang zh; the codes stay the same", async () => {
  const c = await checker();
  const body = { instance_type: "standard", flavor: { type: "iotda.standard.s1", size: 0 }, name: "a b" };
  const en = c.check(body);
  const zh = c.check(body, { lang: "zh" });
  assert.deepEqual(zh.errors.map((p) => [p.path, p.code]), en.errors.map((p) => [p.path, p.code]));
  assert.ok(zh.errors.length >= 2);
  for (const [i, p] of zh.errors.entries()) {
    assert.match(p.message, /[\u4e00-\u9fff]/, `a Chinese message: ${p.message}`);
    assert.notEqual(p.message, en.errors[i].message);
  }
  assert.match(problemsAt(en, "/flavor/size")[0].message, /^[\x20-\x7e]+$/);
});

test("strict mode makes unknown members errors", async () => {
  const c = await checker();
  const body = { ...JSON.parse(example("standard-yearly")), colour: "blue" };
  assert.equal(c.check(body).valid, true);
  const strict = c.check(body, { strict: true });
  assert.equal(strict.valid, false);
  assert.ok(problemsAt(strict, "/colour").some((p) => p.severity === "error"));
});

test("limits: maxBytes and maxDepth", async () => {
  const c = await checker();
  const r = c.check(example("standard-yearly"), { maxBytes: 64 });
  assert.deepEqual(r.errors.map((p) => p.code), ["too_large"]);
  assert.equal(r.request, undefined);
  const deep = c.check('{"a":{"b":{"c":{}}}}', { maxDepth: 2 });
  assert.deepEqual(deep.errors.map((p) => p.code), ["too_deep"]);
});

test("a catalog given as an object or as text prices with it", async () => {
  const c = await checker();
  const catalog = {
    name: "test", currency: "EUR",
    flavors: [{ type: "iotda.standard.s1", instance_type: "standard", charge_modes: ["prePaid"], price: { month: "10" } }],
  };
  for (const given of [catalog, JSON.stringify(catalog)]) {
    const r = c.check(example("standard-yearly"), { catalog: given });
    assert.equal(r.valid, true, JSON.stringify(r.errors));
    assert.equal(r.estimate.currency, "EUR");
    assert.equal(r.estimate.total, "240.00"); // 2 x 10 x 12
  }
  const postpaid = c.check(example("standard-postpaid"), { catalog });
  assert.equal(postpaid.valid, false, "s2 is not in this catalog");
});

test("a catalog's text must be one JSON object: it cannot carry other options", async () => {
  const c = await checker();
  const text = JSON.stringify({
    name: "test", currency: "EUR",
    flavors: [{ type: "iotda.standard.s1", instance_type: "standard", charge_modes: ["prePaid"], price: { month: "10" } }],
  });
  const cases = [
    [text + ', "max_bytes": 5', "a member after the object would set max_bytes"],
    [text + ', "lang": "zh"', "or the language"],
    [text.slice(0, -1), "cut short: not JSON"],
    ["[" + text + "]", "an array is not a catalog"],
    ['"' + "x".repeat(3) + '"', "nor a string"],
  ];
  for (const [given, why] of cases) {
    assert.throws(() => c.check(example("standard-yearly"), { catalog: given }), isOptionsError(/./), why);
  }
  assert.equal(c.check(example("standard-yearly"), { catalog: "null" }).estimate.currency, "USD",
    "the text null is null, which in an options document is the same as absent: the embedded catalog");
  const r = c.check(example("standard-yearly"), { catalog: " " + text + "\n" });
  assert.equal(r.estimate.total, "240.00", "the text as given, white space and all, still prices");
  assert.equal(c.check(example("standard-yearly")).valid, true, "the checker stays usable");
});

test("options the module rejects throw a PreflightError; the checker stays usable", async () => {
  const c = await checker();
  assert.throws(() => c.check("{}", { lang: "fr" }), (err) => err instanceof PreflightError && err.code === "options" && /fr/.test(err.message));
  assert.throws(() => c.check("{}", { catalog: { flavors: 1 } }), (err) => err.code === "options");
  assert.throws(() => c.check("{}", { maxBytes: -1 }), (err) => err.code === "options");
  assert.throws(() => c.check("{}", { max_bytes: 10 }), (err) => err instanceof TypeError && /max_bytes/.test(err.message));
  assert.throws(() => c.check("{}", { params: { project_id: "p" } }), TypeError);
  assert.equal(c.check(example("standard-yearly")).valid, true);
});

test("more distinct options than the cache holds: old handles are released and reconfigured", async () => {
  const c = await checker();
  const body = example("standard-yearly");
  for (let round = 0; round < 2; round++) {
    for (let i = 1; i <= 300; i++) {
      const r = c.check(body, { maxBytes: 100_000 + i, lang: i % 2 ? "zh" : "en" });
      assert.equal(r.valid, true);
    }
  }
  c.releaseAll();
  assert.equal(c.check(body, { lang: "zh" }).valid, true);
});

test("nothing from one check shows in the next", async () => {
  const c = await checker();
  const small = "{}";
  const want = c.checkBytes(small);
  c.check(JSON.stringify({ name: "x".repeat(200_000), description: "y" }));
  assert.deepEqual(c.checkBytes(small), want);
});

test("maxDepth goes up to 1000, and a body that deep is read whole", async () => {
  const c = await checker();
  const deepest = '{"tags":' + "[".repeat(999) + "]".repeat(999) + "}";
  const r = c.check(deepest, { maxDepth: 1000 });
  assert.deepEqual(r.errors.map((p) => p.code), ["type", "required", "required", "required", "required"], "a tag that is an array, and the required members; nothing too_deep");
  assert.deepEqual(c.check("[".repeat(1001) + "]".repeat(1001), { maxDepth: 1000 }).errors.map((p) => p.code), ["too_deep"]);
  assert.throws(() => c.check("{}", { maxDepth: 5000 }), (err) => err instanceof PreflightError && err.code === "options" && /at most 1000/.test(err.message));
});

test("options are the object's own members, of their own types", async () => {
  const c = await checker();
  const body = example("standard-yearly");
  // Inherited members are not options: not from a prototype the caller made,
  // not from a polluted Object.prototype.
  assert.equal(c.check(body, Object.create({ maxBytes: 5 })).valid, true, "an inherited maxBytes is not an option");
  Object.prototype.catalog = { name: "x", currency: "EUR", flavors: [] };
  try {
    assert.equal(c.check(body, { lang: "en" }).estimate.currency, "USD", "a polluted Object.prototype sets no catalog");
  } finally {
    delete Object.prototype.catalog;
  }
  // A value of the wrong type is the module's options error, in its words
  // with the package's names: it is the one reader of options.
  const wrong = [
    [{ strict: "false" }, /strict "false" must be true or false/, "a string that would read as true"],
    [{ maxBytes: NaN }, /maxBytes "NaN" must be a whole number/, "NaN would be the default"],
    [{ maxBytes: Infinity }, /maxBytes "Infinity"/, "JSON would write null, the default"],
    [{ maxDepth: 2.5 }, /maxDepth "2\.5" must be a whole number/, "not whole"],
    [{ maxBytes: "1000" }, /maxBytes "1000" must be a whole number/, "a string"],
    [{ lang: 5 }, /lang "5" must be "en" or "zh"/, "not a string"],
    [{ strict: () => true }, /strict .* must be true or false/, "a function, which JSON would leave out"],
    [{ params: 5 }, /params must be an object/, "params is an object"],
    [{ params: { projectId: 5 } }, /params: projectId must be a string/, "a project ID is a string"],
    [{ catalog: [1] }, /catalog/, "an array is not a catalog"],
  ];
  for (const [options, message, why] of wrong) {
    assert.throws(() => c.check(body, options), isOptionsError(message), why);
  }
  assert.throws(() => c.check(body, []), TypeError, "options are an object");
  assert.equal(c.check(body, { strict: null, maxBytes: null, lang: null, params: null }).valid, true, "null is absent");
});

test("a body with no JSON form is the caller's error: the instance and its option sets stay", async () => {
  const c = await checker();
  const body = example("standard-yearly");
  c.check(body, { lang: "zh" });
  const Instance = WebAssembly.Instance;
  let made = 0;
  WebAssembly.Instance = new Proxy(Instance, { construct: (target, args) => (made++, new target(...args)) });
  try {
    for (const bad of [undefined, () => {}, 10n]) {
      assert.throws(() => c.check(bad, { lang: "zh" }), (err) => err instanceof PreflightError || err instanceof TypeError);
    }
    assert.equal(c.check(body, { lang: "zh" }).valid, true);
  } finally {
    WebAssembly.Instance = Instance;
  }
  assert.equal(made, 0, "no instance was made again");
});

test("a body whose toJSON checks another body does not change this check's options", async () => {
  const c = await load({ wasm: wasmURL, optionSets: 1 });
  const sneaky = {
    toJSON() {
      c.check("{}", { lang: "zh" }); // takes the one option set there is room for
      return { name: "x", extra: 1 };
    },
  };
  const r = c.check(sneaky, { strict: true });
  assert.ok(r.errors.some((p) => p.code === "unknown_field" && p.path === "/extra"), "strict: the unknown member is an error");
  assert.ok(/^[\x20-\x7e]+$/.test(r.errors[0].message), "in English");
});

test("a body JSON.stringify would send as something else is refused, not checked as {}", async () => {
  const c = await checker();
  const circular = {};
  circular.self = circular;
  for (const [body, why] of [
    [Promise.resolve({}), /promise: await it/],
    [new Blob(['{"instance_type":"standard"}']), /Blob/],
    [new Response("{}"), /Response/],
    [new Map([["name", "x"]]), /Map/],
    [new Set(), /Set/],
    [{ size: 1n }, /no JSON form/],
    [circular, /no JSON form/],
  ]) {
    assert.throws(() => c.check(body), (err) => err instanceof PreflightError && err.code === "body" && why.test(err.message), String(body));
  }
  const sab = new SharedArrayBuffer(2);
  new Uint8Array(sab).set([0x7b, 0x7d]); // {}
  assert.deepEqual(c.check(sab), c.check("{}"), "a SharedArrayBuffer's bytes are the body");
});

test("an instance grown past 64 MiB by a large body is discarded after its call", async () => {
  const c = await load({ wasm: wasmURL });
  c.check("{}");
  const small = c.memoryBytes;
  assert.ok(small > 0 && small < 64 << 20, `a usual instance: ${small} bytes`);
  // The densest body the options allow: one-digit elements, 4 MiB of them,
  // which the module reads into tens of bytes of memory per byte of body.
  const dense = "[" + "0,".repeat((4 << 20) / 2 - 2) + "0]";
  assert.equal(c.check(dense, { maxBytes: 4 << 20 }).errors[0].code, "type", "read whole: an array is not the body's object");
  assert.equal(c.memoryBytes, 0, "discarded once the result was read");
  assert.equal(c.check("{}").valid, false);
  assert.ok(c.memoryBytes < 64 << 20, `a fresh instance: ${c.memoryBytes} bytes`);
  // Options that long are refused before they are copied (test/limits.test.js): the memory does not grow.
  const before = c.memoryBytes;
  const catalog = `{"name": "${"x".repeat(80 << 20)}"}`;
  assert.throws(() => c.check("{}", { catalog }), (err) => err instanceof PreflightError && err.code === "options");
  assert.equal(c.memoryBytes, before, "not copied, nothing to give back");
});
