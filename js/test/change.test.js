// Resize and change of charge mode through the package: the options api,
// current, at and params.instanceId as the module reads them, Huawei's worked
// example priced, the current instance's problems (in "current"), and the
// module's options errors in the package's names.

import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { checker, example, isOptionsError } from "../fixtures.js";
import { problemsAt } from "../index.js";
import { optionsJSON } from "../options.js";

// The catalog of Huawei's billing example (2025-04-22): SU1 = iotda.standard.st
// at USD 50, SU2 = iotda.standard.s1 at USD 350 per unit per month.
const worked = {
  name: "worked", currency: "USD",
  flavors: [
    { type: "iotda.standard.st", instance_type: "standard", charge_modes: ["prePaid", "postPaid"], price: { month: "50" } },
    { type: "iotda.standard.s1", instance_type: "standard", charge_modes: ["prePaid", "postPaid"], price: { month: "350" } },
  ],
};

// The monthly order of the example: 5 x st bought 2023-03-18 15:30 for 5
// months, as ShowInstance returns it (members the check does not read
// included: they are let be).
const monthly = {
  instance_id: "7e3a9b2c-4f1d-4a8e-9c6b-2d5f8e1a0b3c", name: "iotda-prod-01", status: "RUNNING",
  instance_type: "standard", flavor: { type: "iotda.standard.st", size: 5, unit: "SU" },
  charge_mode: "prePaid", expire_time: "2023-08-18T15:30:00+08:00",
};
const payPerUse = { ...monthly, charge_mode: "postPaid" };
delete payPerUse.expire_time;

const params = { projectId: "0123456789abcdef0123456789abcdef", instanceId: monthly.instance_id };
const resize = { api: "resize", current: monthly, at: "2023-05-20T09:00:00+08:00", params };
const tenS1 = { flavor: { type: "iotda.standard.s1", size: 10 } };

test("each option's name and value in the options document", () => {
  const rest = '"strict":null,"max_bytes":null,"max_depth":null,"lang":null';
  const rows = [
    [{ api: "resize" }, '{"api":"resize"}', "api has the document's name"],
    [{ params: { instanceId: "abc" } }, '{"params":{"instance_id":"abc"}}', "instanceId is the path's instance_id"],
    [{ params: { instanceId: "i", projectId: "p" } }, '{"params":{"instance_id":"i","project_id":"p"}}', "params keep the caller's order: the module reads the names"],
    [{ at: "2023-05-20T09:00:00+08:00" }, '{"at":"2023-05-20T09:00:00+08:00"}', "a time as written, its offset kept"],
    [{ at: new Date("2023-05-20T01:00:00Z") }, '{"at":"2023-05-20T01:00:00.000Z"}', "a Date is its toISOString, as JSON.stringify writes it"],
    [{ at: new Date("not a time") }, '{"at":"Invalid Date"}', "a Date that is no time is text the module refuses, not null (no change time)"],
    [{ at: runInNewContext('new Date("not a time")') }, '{"at":"Invalid Date"}', "so is one made in another realm (an iframe's), which is no instanceof this realm's Date"],
    [{ at: Date.UTC(2023, 4, 20) }, '{"at":1684540800000}', "a number is not turned into a time: the module refuses it"],
    [{ current: { flavor: { type: "iotda.standard.st", size: 5 } } }, '{"current":{"flavor":{"type":"iotda.standard.st","size":5}}}', "an object is JSON.stringify'd"],
    [{ current: { expire_time: new Date(Date.UTC(2023, 7, 18, 7, 30)) } }, '{"current":{"expire_time":"2023-08-18T07:30:00.000Z"}}', "a Date in it too"],
    [{ current: '{"size":5,"size":6}' }, `{"current":{"size":5,"size":6},${rest},"catalog":null,"params":null,"api":null,"at":null}`,
      "text goes in as written, then every other member: what it carries beyond one object is a duplicate"],
    [{ at: "x", current: "{}", catalog: "{}", lang: "zh" }, `{"catalog":{},"current":{},${rest.replace('"lang":null', '"lang":"zh"')},"params":null,"api":null,"at":"x"}`,
      "two texts: the catalog's first, then the current instance's"],
    [{ at: "t", api: "resize", lang: "en" }, '{"lang":"en","api":"resize","at":"t"}', "the document's order, whatever the caller's, so equal options share a handle"],
    [{ api: undefined, current: null, at: null, params: { instanceId: undefined } }, '{"params":{}}', "undefined and null are absent"],
  ];
  for (const [options, want, why] of rows) {
    assert.equal(optionsJSON(options), want, why);
  }
  assert.throws(() => optionsJSON({ params: { instance_id: "x" } }), /unknown params member "params.instance_id" \(known: projectId, authToken, instanceId\)/,
    "the document's name is not the package's");
  assert.throws(() => optionsJSON({ expireTime: "x" }), TypeError, "an unknown option");
});

test("Huawei's worked example: a monthly 5 x st resized to 10 x s1 costs USD 9,540.38", async () => {
  const c = await checker();
  const r = c.check(tenS1, { ...resize, catalog: worked });
  assert.equal(r.valid, true, JSON.stringify(r.errors));
  assert.deepEqual(r.request, { flavor: { type: "iotda.standard.s1", size: 10 }, is_auto_pay: false, delay: false });
  const e = r.estimate;
  assert.deepEqual([e.priced, e.currency, e.charge_mode, e.total], [true, "USD", "prePaid", "9540.38"]);
  // R = 11/31 + 2 + 18/31 = 2.9355 (4 decimals); (10 x 350 - 5 x 50) x 2.9355 = 9540.375, rounded once.
  assert.equal(e.lines.length, 1);
  const [line] = e.lines;
  assert.deepEqual([line.item, line.quantity, line.unit_price, line.per, line.periods, line.amount],
    ["iotda.standard.s1", 10, "350.00", "month", 0, "9540.38"], "prorated: periods 0, the amount is the fee");
  assert.equal(line.basis, "(10 x 350.00 - 5 x 50.00) x 2.9355 months remaining = 9540.38; remaining months: 11/31 + 2 + 18/31 from 2023-05-20 to 2023-08-18 (UTC+08:00)");

  const rows = [
    [{ at: new Date("2023-05-20T01:00:00Z") }, "the change time as a Date: the same instant"],
    [{ at: "2023-05-20T01:00:00Z" }, "written in UTC: read on the UTC+08:00 calendar all the same"],
    [{ current: JSON.stringify(monthly, null, 2) }, "the current instance as text, as pasted"],
    [{ current: { ...monthly, expire_time: "2023-08-18T07:30:00Z" } }, "its expiry in UTC"],
  ];
  for (const [change, why] of rows) {
    assert.equal(c.check(tenS1, { ...resize, catalog: worked, ...change }).estimate.total, "9540.38", why);
  }
  const zh = c.check(tenS1, { ...resize, catalog: worked, lang: "zh" });
  assert.equal(zh.estimate.lines[0].basis, "(10 x 350.00 - 5 x 50.00) x 剩余 2.9355 个月 = 9540.38；剩余月数：11/31 + 2 + 18/31，2023-05-20 至 2023-08-18（UTC+08:00）");
});

test("a resize the estimate cannot price says why, and shows no figure", async () => {
  const c = await checker();
  const rows = [
    [{ flavor: { type: "iotda.standard.st", size: 4 } }, resize, /not above the current one/, "prePaid", "a downgrade: the refund rules are not published"],
    [tenS1, { ...resize, at: undefined }, /change time is not known \(the option at/, "prePaid", "no change time"],
    [tenS1, { ...resize, current: undefined }, /current instance is not known \(the option current\)/, "", "no current instance: no charge mode to say"],
    [tenS1, { ...resize, current: { ...monthly, charge_mode: undefined } }, /does not say its charge_mode/, "", "a current instance without its charge mode"],
    [tenS1, { ...resize, current: { ...monthly, expire_time: undefined } }, /does not say its expire_time/, "prePaid", "no expiry"],
  ];
  const declared = chargeModesDeclared();
  for (const [body, options, reason, mode, why] of rows) {
    const r = c.check(body, options);
    assert.equal(r.valid, true, `${why}: ${JSON.stringify(r.errors)}`);
    assert.equal(r.estimate.priced, false, why);
    assert.match(r.estimate.reason, reason, why);
    assert.equal(r.estimate.total, undefined, why);
    assert.equal(r.estimate.charge_mode, mode, why);
    assert.ok(declared.includes(mode), `${why}: index.d.ts declares Estimate.charge_mode ${declared.join(" | ")}, not ${JSON.stringify(mode)}`);
  }
});

// chargeModesDeclared are the values index.d.ts declares for an estimate's
// charge_mode.
function chargeModesDeclared() {
  const types = readFileSync(new URL("../index.d.ts", import.meta.url), "utf8");
  const modes = types.match(/export type ChargeMode = ([^;]*);/)[1];
  const estimate = types.match(/export interface Estimate \{[^}]*?\n  charge_mode: ([^;]*);/)[1];
  return estimate.split("|").flatMap((t) => (t.trim() === "ChargeMode" ? modes.split("|") : [t])).map((t) => JSON.parse(t.trim()));
}

test("a change of charge mode is priced as the yearly/monthly order it becomes", async () => {
  const c = await checker();
  const change = { api: "change-charge-mode", current: payPerUse, params };
  const r = c.check({ period_type: "month", period_num: 3 }, change);
  assert.equal(r.valid, true, JSON.stringify(r.errors));
  assert.deepEqual(r.request, { period_type: "month", period_num: 3, is_auto_renew: false, is_auto_pay: false });
  assert.deepEqual([r.estimate.charge_mode, r.estimate.total], ["prePaid", "375.00"], "5 x 25 (the embedded catalog's st) x 3 months");
  assert.equal(c.check({ period_type: "year", period_num: 1 }, { ...change, catalog: worked }).estimate.total, "3000.00", "5 x 50 x 12");

  const monthlyAlready = c.check({ period_type: "month", period_num: 3 }, { ...change, current: monthly });
  assert.equal(monthlyAlready.valid, false);
  assert.deepEqual(problemsAt(monthlyAlready, "/charge_mode", { in: "current" }).map((p) => [p.code, p.in]), [["charge_mode", "current"]],
    "only a pay-per-use instance changes to yearly/monthly: the current instance's charge_mode is wrong");
});

test("the current instance's problems carry in current and a pointer into it", async () => {
  const c = await checker();
  const rows = [
    [{ ...monthly, expire_time: "2023-05-01T00:00:00+08:00" }, "/expire_time", "range", /not after the change time/, "the order has ended by the change"],
    [{ ...monthly, flavor: { type: "iotda.standard.st", size: 0 } }, "/flavor/size", "range", /1 to 200, not 0/, "no units"],
    [{ ...monthly, charge_mode: "monthly" }, "/charge_mode", "enum", /monthly/, "not a charge mode"],
    [{ ...monthly, expire_time: "2023-08-18 15:30" }, "/expire_time", "pattern", /RFC 3339/, "a time with no offset"],
    ['{"flavor":{"type":"iotda.standard.st","size":5,"size":6}}', "/flavor/size", "duplicate_key", /more than once/, "text keeps a member written twice"],
  ];
  for (const [current, path, code, message, why] of rows) {
    const r = c.check(tenS1, { ...resize, current });
    assert.equal(r.valid, false, why);
    const found = problemsAt(r, path, { in: "current" });
    assert.deepEqual(found.map((p) => [p.in, p.path, p.code === code]), [["current", path, true]], `${why}: ${JSON.stringify(r.errors)}`);
    assert.match(found[0].message, message, why);
    assert.deepEqual(problemsAt(r, path), [], `${why}: not a problem of the body's ${path}`);
    assert.equal(r.estimate, undefined, why);
  }
  const zh = c.check(tenS1, { ...resize, lang: "zh", current: { ...monthly, flavor: { type: "iotda.standard.st", size: 0 } } });
  assert.match(problemsAt(zh, "/flavor/size", { in: "current" })[0].message, /[\u4e00-\u9fff]/, "in the language asked for");
  const path = c.check(tenS1, { ...resize, params: { ...params, instanceId: "NOT-HEX" } });
  assert.deepEqual(problemsAt(path, "instance_id", { in: "path" }).map((p) => p.code), ["pattern"], "the path's instance_id, by its name");
});

test("index.d.ts takes a ShowInstance response whole as current, its flavor's other members included", () => {
  const types = readFileSync(new URL("../index.d.ts", import.meta.url), "utf8");
  const declared = types.match(/export interface CurrentInstance \{([\s\S]*?)\n\}/)[1];
  const flavor = declared.match(/\n  flavor\?: \{([^}]*)\};/)[1];
  const open = (members) => /\[member: string\]: unknown/.test(members);
  assert.ok(open(declared), "the response's other members (instance_id, name, status) are let be");
  for (const name of Object.keys(monthly.flavor)) {
    assert.ok(open(flavor) || new RegExp(`\\b${name}\\?:`).test(flavor), `flavor.${name}, which ShowInstance returns, is declared: ${flavor}`);
  }
});

test("the current instance as an object or as its text gives the same document", async () => {
  const c = await checker();
  for (const current of [monthly, payPerUse, { flavor: { size: "5" } }]) {
    const options = { ...resize, current };
    assert.deepEqual(c.checkBytes(tenS1, { ...options, current: JSON.stringify(current) }), c.checkBytes(tenS1, options), JSON.stringify(current));
  }
});

test("options the module refuses, in the package's names; the checker stays usable", async () => {
  const c = await checker();
  const text = JSON.stringify(monthly);
  const rows = [
    [{ api: "update" }, /^preflight: options: api "update" must be "create", "resize" or "change-charge-mode"$/, "an unknown request"],
    [{ api: "Resize" }, /api "Resize"/, "names match exactly"],
    [{ params: { instanceId: 5 } }, /^preflight: options: params: instanceId must be a string$/, "the package's name, not instance_id"],
    [{ at: "max_bytes" }, /^preflight: options: at "max_bytes" must be/, "a value is quoted as written, even one spelled as an option's document name"],
    [{ api: "instance_id" }, /^preflight: options: api "instance_id" must be/, "likewise the api's value"],
    [{ catalog: { ...worked, flavors: [{ ...worked.flavors[0], instance_id: "x" }] } }, /catalog: flavors\[0\]: unknown member "instance_id"/,
      "a catalog's member is named as the catalog writes it: it is no option"],
    [{ catalog: { ...worked, project_id: "p" } }, /catalog: unknown member "project_id"/, "likewise at the catalog's top"],
    [{ at: "2023-05-20 09:00" }, /at "2023-05-20 09:00" must be a date and time in RFC 3339 with an offset/, "no T, no offset"],
    [{ at: "2023-05-20T09:00:00" }, /at .* with an offset/, "no offset: which day it is depends on it"],
    [{ at: new Date("not a time") }, /at "Invalid Date"/, "a Date that is no time"],
    [{ at: 1684540800000 }, /at "1684540800000"/, "a number"],
    [{ current: "[1]" }, /current "an array" must be an object/, "an array is no instance"],
    [{ current: 5 }, /current "5" must be an object/, "nor a number"],
    [{ current: text + ', "api": "create"' }, /twice/, "text carrying a member after the object"],
    [{ current: text.slice(0, -1) }, /options/, "text cut short takes the members after it and leaves the document open"],
    [{ current: text.slice(0, -1), catalog: JSON.stringify(worked).slice(0, -1) + "," }, /options/, "nor can one text close another"],
  ];
  for (const [options, message, why] of rows) {
    assert.throws(() => c.check(tenS1, { ...resize, ...options }), isOptionsError(message), why);
  }
  assert.equal(c.check(tenS1, { ...resize, catalog: worked }).estimate.total, "9540.38");
});

test("create ignores current, at and instanceId", async () => {
  const c = await checker();
  const body = example("standard-yearly");
  const projectOnly = { params: { projectId: params.projectId } };
  assert.deepEqual(c.checkBytes(body, { ...projectOnly, current: monthly, at: resize.at, params }), c.checkBytes(body, projectOnly));
  assert.deepEqual(c.checkBytes(body, { api: "create", current: "{}" }), c.checkBytes(body));
});
