// The create-instance form: builds the body from the fields, checks it with
// the preflight module on every keystroke, and shows what the check says
// under each field, the defaults, the estimate and the body to send.

import { load, problemsAt, defaultFor } from "@iotda-preflight/preflight";

const PORTS = [
  "app_https_port", "app_amqps_port", "app_mqtts_port",
  "device_coap_port", "device_coaps_port", "device_mqtt_port", "device_mqtts_port", "device_https_port",
];

// The page's own words; the problems come from the module in the language asked for.
const TEXT = {
  en: {
    title: "Create an IoTDA instance",
    intro: "Checked, completed and priced as you type, in your browser, by the same WebAssembly module the gateways run. Nothing is sent anywhere.",
    instance: "Instance", instance_type: "Instance type", standard: "Standard", enterprise: "Enterprise",
    flavor: "Flavor", size: "Units", name: "Name", description: "Description", enterprise_project_id: "Enterprise project ID",
    charging: "Charging", charge_mode: "Charge mode", prePaid: "Yearly/monthly (prePaid)", postPaid: "Pay-per-use (postPaid)",
    period_type: "Period", month: "Month", year: "Year", period_num: "Number of periods",
    is_auto_renew: "Renew automatically", is_auto_pay: "Pay automatically", unset: "(not set)", yes: "Yes", no: "No",
    tags: "Tags", add_tag: "Add a tag", tag_key: "Key", tag_value: "Value", remove: "Remove",
    tag_key_n: (n) => `Tag ${n} key`, tag_value_n: (n) => `Tag ${n} value`, remove_n: (n) => `Remove tag ${n}`,
    language: "Language", colon: ": ", paren: (s) => `(${s})`, sep: ", ", defaulted: (d) => `default: ${d}`,
    network: "Enterprise network", vpc_id: "VPC ID", subnet_id: "Subnet ID", security_group_id: "Security group ID",
    smn_topic_urn: "SMN topic URN", ciphering_algorithm: "Ciphering algorithm",
    estimate: "Estimate", alternatives: "The same capacity, paid otherwise", defaults: "Filled in by the platform", body: "Body to send",
    valid: "Valid", invalid: (n) => `${n} ${n === 1 ? "error" : "errors"}`, warnings: (n) => `${n} ${n === 1 ? "warning" : "warnings"}`,
    no_defaults: "Nothing: every field is given.", no_estimate: "Fix the errors to see the price.", no_alternatives: "Nothing to compare: the catalog has no price for this flavor.",
    unpriced: "No price", item: "Item", quantity: "Quantity", unit_price: "Unit price", periods: "Periods", amount: "Amount", basis: "Basis",
    total: "Total", hourly: "Per hour", per: { month: "month", year: "year", hour: "hour" },
    unit: { unit: "units", instance: "instance" }, mode: { prePaid: "yearly/monthly", postPaid: "pay-per-use" },
    option: "Option", cheapest: "cheapest", selected: "this order", covers: "Covers", notes: "Notes",
    months: (m) => `${m} ${m === 1 ? "month" : "months"}`,
    span: (m) => `Priced over ${m} ${m === 1 ? "month" : "months"}.`,
    beats: (m) => `A year costs less than ${m} months paid monthly.`,
    catalog: (c) => `Prices: ${c.name ?? "catalog"}, ${c.effective ?? ""}.`,
    timing: (ready, us) => `Ready in ${ready} ms; last check ${us} µs.`,
    loading_failed: "The checker could not start",
  },
  zh: {
    title: "创建 IoTDA 实例",
    intro: "在浏览器中边输入边校验、补全并估价，使用与网关相同的 WebAssembly 模块。不会发送任何数据。",
    instance: "实例", instance_type: "实例类型", standard: "标准版", enterprise: "企业版",
    flavor: "规格", size: "单元数", name: "名称", description: "描述", enterprise_project_id: "企业项目 ID",
    charging: "计费", charge_mode: "计费模式", prePaid: "包年/包月（prePaid）", postPaid: "按需计费（postPaid）",
    period_type: "周期类型", month: "月", year: "年", period_num: "周期数",
    is_auto_renew: "自动续费", is_auto_pay: "自动支付", unset: "（未设置）", yes: "是", no: "否",
    tags: "标签", add_tag: "添加标签", tag_key: "键", tag_value: "值", remove: "删除",
    tag_key_n: (n) => `标签 ${n} 的键`, tag_value_n: (n) => `标签 ${n} 的值`, remove_n: (n) => `删除标签 ${n}`,
    language: "语言", colon: "：", paren: (s) => `（${s}）`, sep: "，", defaulted: (d) => `默认：${d}`,
    network: "企业版网络", vpc_id: "VPC ID", subnet_id: "子网 ID", security_group_id: "安全组 ID",
    smn_topic_urn: "SMN 主题 URN", ciphering_algorithm: "加密算法",
    estimate: "费用估算", alternatives: "同等容量的其他付费方式", defaults: "平台将填充的默认值", body: "要发送的请求体",
    valid: "有效", invalid: (n) => `${n} 个错误`, warnings: (n) => `${n} 个警告`,
    no_defaults: "无：所有字段均已填写。", no_estimate: "修正错误后显示价格。", no_alternatives: "无可比较：价格表中没有此规格的价格。",
    unpriced: "无价格", item: "项目", quantity: "数量", unit_price: "单价", periods: "周期数", amount: "金额", basis: "依据",
    total: "合计", hourly: "每小时", per: { month: "月", year: "年", hour: "小时" },
    unit: { unit: "单元", instance: "实例" }, mode: { prePaid: "包年/包月", postPaid: "按需" },
    option: "方式", cheapest: "最便宜", selected: "本订单", covers: "覆盖", notes: "说明",
    months: (m) => `${m} 个月`,
    span: (m) => `按 ${m} 个月计算。`,
    beats: (m) => `包年比按月支付 ${m} 个月更便宜。`,
    catalog: (c) => `价格来源：${c.name ?? "价格表"}，${c.effective ?? ""}。`,
    timing: (ready, us) => `${ready} 毫秒就绪；上次校验 ${us} 微秒。`,
    loading_failed: "校验器无法启动",
  },
};

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

// flavorFor remembers the flavor last chosen for each instance type, so
// switching the type away and back keeps it.
const state = { lang: "en", checker: null, flavors: [], flavorFor: {}, result: null, readyMs: 0, lastCheckUs: 0 };

function t(key, ...args) {
  const v = TEXT[state.lang][key];
  return typeof v === "function" ? v(...args) : v;
}

// value reads a control as the body will carry it: undefined when empty, a
// boolean for a yes/no menu, and the text as typed otherwise, white space
// included (so "   " as a tag key is reported for its white space, not as
// missing). A numeric field is read as a number when its text is one that
// survives the trip (full-width digits, which an IME gives, are digits;
// white space around it is not part of it), so "2.5" is reported as a
// number that is not whole, not as text.
function value(control) {
  let text = control.value;
  if (control.inputMode === "numeric") {
    text = text.normalize("NFKC").trim();
  }
  if (text === "") {
    return undefined;
  }
  if (control.dataset.kind === "boolean") {
    return text === "true";
  }
  // Only a number that JSON writes back as typed: "2.0", "1e2", or digits
  // past what a JavaScript number holds, would reach the check as another
  // number (2, 100, a rounded one), so they stay text.
  if (control.inputMode === "numeric" && String(Number(text)) === text) {
    return Number(text);
  }
  return text;
}

// set puts v at the JSON Pointer path of obj, making objects on the way.
function set(obj, path, v) {
  if (v === undefined) {
    return;
  }
  const keys = path.slice(1).split("/");
  const last = keys.pop();
  for (const k of keys) {
    obj = obj[k] ??= {};
  }
  obj[last] = v;
}

// body builds the request body from the form: only what the user gave, so
// the check shows what the platform fills for the rest.
function body() {
  const b = {};
  for (const control of $$("[data-path]")) {
    if (control.closest("[hidden]")) {
      continue; // a hidden section's fields are not part of the request (showSections ran first)
    }
    if (control.closest("#tags")) {
      continue;
    }
    set(b, control.dataset.path, value(control));
  }
  const tags = $$("#tags .tag").map((row) => {
    const tag = {};
    set(tag, "/key", value($(".tag-key", row)) ?? "");
    set(tag, "/value", value($(".tag-value", row)));
    return tag;
  });
  if (tags.length > 0) {
    b.tags = tags;
  }
  if ($("#instance_type").value === "enterprise") {
    b.additional_params ??= {};
    b.additional_params.port_info ??= {};
  }
  return b;
}

function update() {
  if (state.checker === null) {
    return;
  }
  showSections();
  const b = body();
  const start = performance.now();
  const result = state.checker.check(b, { lang: state.lang });
  state.lastCheckUs = Math.round((performance.now() - start) * 1000);
  state.result = result;
  render(result, b);
}

function showSections() {
  const instanceType = $("#instance_type").value;
  const chargeMode = $("#charge_mode").value;
  for (const el of $$("[data-when]")) {
    el.hidden = el.dataset.when !== instanceType && el.dataset.when !== chargeMode;
  }
  const flavor = $("#flavor");
  const wanted = state.flavors.filter((f) => f.instance_type === instanceType);
  if (flavor.dataset.for !== instanceType) {
    if (flavor.dataset.for) {
      state.flavorFor[flavor.dataset.for] = flavor.value;
    }
    const keep = state.flavorFor[instanceType] ?? flavor.value;
    flavor.replaceChildren(...wanted.map((f) => new Option(f.type, f.type)));
    flavor.value = wanted.some((f) => f.type === keep) ? keep : (wanted.find((f) => f.type === "iotda.standard.s1") ?? wanted[0])?.type ?? "";
    flavor.dataset.for = instanceType;
  }
  const chosen = state.flavors.find((f) => f.type === flavor.value);
  $("#flavor-note").textContent = chosen?.note ?? "";
  // Only the charge modes the flavor is sold in are offered (enterprise
  // flavors are yearly/monthly only); one already chosen stays, and the
  // check says why it is wrong.
  for (const option of $("#charge_mode").options) {
    option.disabled = chosen !== undefined && !chosen.charge_modes.includes(option.value);
  }
}

function render(result, sent) {
  const claimed = new Set();
  for (const field of $$(".field[data-paths]")) {
    if (field.closest("[hidden]")) {
      continue;
    }
    const paths = field.dataset.paths.split(" ");
    const problems = paths.flatMap((p) => problemsAt(result, p));
    paths.forEach((p) => claimed.add(p));
    const control = $(":scope > [data-path]", field);
    let list = $(":scope > ul.problems", field);
    if (list === null) {
      list = document.createElement("ul");
      list.className = "problems";
      field.append(list);
    }
    // A field's problems describe its control, for a screen reader.
    const id = `${control?.id ?? field.id}-problems`;
    if (list.id !== id) {
      list.id = id;
      const note = $(":scope > .hint", field);
      control?.setAttribute("aria-describedby", note ? `${id} ${note.id}` : id);
    }
    list.replaceChildren(...problems.map(problemItem));
    const invalid = problems.some((p) => p.severity === "error");
    field.classList.toggle("invalid", invalid);
    control?.setAttribute("aria-invalid", String(invalid));
    const d = defaultFor(result, paths[0]);
    if (control?.tagName === "INPUT") {
      control.placeholder = d === undefined ? control.dataset.placeholder ?? "" : t("defaulted", d);
    } else if (control?.tagName === "SELECT" && control.options[0]?.value === "") {
      control.options[0].textContent = d === undefined ? t("unset") : t("paren", t("defaulted", d));
    }
  }
  const all = [...result.errors.map((p) => ({ ...p, severity: "error" })), ...result.warnings.map((p) => ({ ...p, severity: "warning" }))];
  $("#other-problems").replaceChildren(...all.filter((p) => p.in !== undefined || !claimed.has(p.path)).map((p) => problemItem(p, true)));

  const verdict = $("#verdict");
  verdict.className = "verdict " + (result.valid ? "ok" : "bad");
  verdict.textContent = (result.valid ? t("valid") : t("invalid", result.errors.length)) + (result.warnings.length ? ` · ${t("warnings", result.warnings.length)}` : "");

  $("#defaults").replaceChildren(
    ...(result.defaults.length === 0 ? [li(t("no_defaults"))] : result.defaults.map((p) => {
      const item = li();
      item.append(code(p), " = ", code(JSON.stringify(defaultFor(result, p))));
      return item;
    })),
  );
  renderEstimate(result.estimate);
  $("#body-json").textContent = JSON.stringify(result.request ?? sent, null, 2);
  $("#timing").textContent = t("timing", Math.round(state.readyMs), state.lastCheckUs);
}

function renderEstimate(e) {
  const box = $("#estimate");
  const alt = $("#alternatives");
  if (e === undefined) {
    box.replaceChildren(para(t("no_estimate"), "muted"));
    alt.replaceChildren(para(t("no_estimate"), "muted"));
    return;
  }
  if (!e.priced) {
    box.replaceChildren(para(`${t("unpriced")}${t("colon")}${e.reason}`, "unpriced"), para(t("catalog", e.catalog), "muted"));
  } else {
    const rows = e.lines.map((l) => tr([
      l.item, `${l.quantity} ${t("unit")[l.unit]}`, `${l.unit_price} / ${t("per")[l.per]}`, String(l.periods), l.amount, l.basis,
    ], ["", "num", "num", "num", "num amount", "basis"]));
    const total = tr([t("total"), "", "", "", `${e.total} ${e.currency}`, ""], ["", "", "", "", "num total", ""]);
    total.id = "total";
    const table = tableOf([t("item"), t("quantity"), t("unit_price"), t("periods"), t("amount"), t("basis")], [...rows, total]);
    table.id = "estimate-table";
    const parts = [table];
    if (e.hourly) {
      parts.push(para(`${t("hourly")}${t("colon")}${e.hourly} ${e.currency}`, "hourly"));
    }
    parts.push(para(t("catalog", e.catalog), "muted"));
    box.replaceChildren(...parts);
  }
  const a = e.alternatives;
  if (!a) {
    alt.replaceChildren(para(t("no_alternatives"), "muted"));
    return;
  }
  const rows = a.options.map((o) => {
    const row = tr([
      `${t("mode")[o.charge_mode]}${t("sep")}${t("per")[o.per]}`, String(o.periods), t("months", covered(o, a.span_months)), `${o.total} ${e.currency}`,
      [o.cheapest ? t("cheapest") : "", o.selected ? t("selected") : ""].filter(Boolean).join(t("sep")),
    ], ["", "num", "num", "num", "marks"]);
    row.classList.toggle("selected", o.selected);
    row.classList.toggle("cheapest", o.cheapest);
    return row;
  });
  const parts = [tableOf([t("option"), t("periods"), t("covers"), t("total"), t("notes")], rows), para(t("span", a.span_months), "muted")];
  if (a.yearly_beats_monthly_at) {
    parts.push(para(t("beats", a.yearly_beats_monthly_at), "muted"));
  }
  alt.replaceChildren(...parts);
}

// covered is the months a charge option pays for: its months, its whole
// years' (more than the span when the span is not whole years), or the
// span for hours.
function covered(o, span) {
  return o.per === "month" ? o.periods : o.per === "year" ? 12 * o.periods : span;
}

function problemItem(p, withPath = false) {
  const item = li();
  item.className = p.severity;
  item.dataset.code = p.code;
  if (withPath) {
    item.append(code(p.path || "/"), " ");
  }
  item.append(p.message);
  return item;
}

function li(text) {
  const el = document.createElement("li");
  if (text !== undefined) el.textContent = text;
  return el;
}

function code(text) {
  const el = document.createElement("code");
  el.textContent = text;
  return el;
}

function para(text, className) {
  const el = document.createElement("p");
  el.className = className;
  el.textContent = text;
  return el;
}

function tr(cells, classes = []) {
  const row = document.createElement("tr");
  cells.forEach((text, i) => {
    const td = document.createElement("td");
    td.textContent = text;
    if (classes[i]) td.className = classes[i];
    row.append(td);
  });
  return row;
}

function tableOf(head, rows) {
  const table = document.createElement("table");
  const thead = table.createTHead().insertRow();
  for (const h of head) {
    const th = document.createElement("th");
    th.textContent = h;
    thead.append(th);
  }
  table.createTBody().append(...rows);
  return table;
}

// addTag adds a tag row; its fields' paths follow its position.
function addTag(key = "", val = "") {
  const row = document.createElement("div");
  row.className = "tag";
  row.innerHTML = `
    <div class="field tag-field"><input class="tag-key" type="text"><ul class="problems"></ul></div>
    <div class="field tag-field"><input class="tag-value" type="text"><ul class="problems"></ul></div>
    <button type="button" class="remove"></button>`;
  $(".tag-key", row).value = key;
  $(".tag-value", row).value = val;
  $(".remove", row).addEventListener("click", () => {
    // Focus goes where the row was: the next row's key, else the one
    // before, else the button that adds one (not back to the page's top).
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    numberTags();
    update();
    (next ? $(".tag-key", next) : $("#add-tag")).focus();
  });
  $("#tags").append(row);
  numberTags();
}

function numberTags() {
  $$("#tags .tag").forEach((row, i) => {
    const [keyField, valueField] = $$(".tag-field", row);
    keyField.dataset.paths = `/tags/${i}/key /tags/${i}`;
    valueField.dataset.paths = `/tags/${i}/value`;
    $(".tag-key", row).dataset.path = `/tags/${i}/key`;
    $(".tag-value", row).dataset.path = `/tags/${i}/value`;
    $(".tag-key", row).id = `tag-${i}-key`;
    $(".tag-value", row).id = `tag-${i}-value`;
    row.dataset.n = String(i + 1);
    labelTag(row);
  });
}

function addPorts() {
  $("#ports").replaceChildren(...PORTS.map((name) => {
    const field = document.createElement("div");
    field.className = "field port";
    field.dataset.paths = `/additional_params/port_info/${name}`;
    const label = document.createElement("label");
    label.htmlFor = name;
    label.textContent = name;
    const input = document.createElement("input");
    input.id = name;
    input.type = "text";
    input.inputMode = "numeric";
    input.dataset.path = `/additional_params/port_info/${name}`;
    field.append(label, input);
    return field;
  }));
}

// labelTag sets a tag row's words in the current language.
function labelTag(row) {
  const n = Number(row.dataset.n);
  $(".tag-key", row).setAttribute("aria-label", t("tag_key_n", n));
  $(".tag-key", row).dataset.placeholder = t("tag_key");
  $(".tag-value", row).setAttribute("aria-label", t("tag_value_n", n));
  $(".tag-value", row).dataset.placeholder = t("tag_value");
  $(".remove", row).textContent = t("remove");
  $(".remove", row).setAttribute("aria-label", t("remove_n", n));
}

// translate sets the page's own words in the current language.
function translate() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = `${t("title")} · preflight`;
  $(".lang").setAttribute("aria-label", t("language"));
  for (const el of $$("[data-text]")) {
    el.textContent = t(el.dataset.text);
  }
  $$("#tags .tag").forEach(labelTag);
  for (const b of $$(".lang button")) {
    b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
  }
}

async function start() {
  const [checker, catalog] = await Promise.all([
    load({ wasm: window.preflightWasm ?? "preflight.wasm" }).then((c) => (performance.mark("preflight:loaded"), c)),
    (window.preflightCatalog ?? fetch("catalog.json")).then((r) => {
      if (!r.ok) {
        throw new Error(`catalog.json: HTTP ${r.status}`);
      }
      return r.json();
    }),
  ]);
  state.checker = checker;
  state.flavors = catalog.flavors;
  addPorts();
  addTag("environment", "production");
  $("#form").addEventListener("input", update);
  $("#form").addEventListener("change", update);
  $("#add-tag").addEventListener("click", () => {
    addTag();
    update();
    $("#tags .tag:last-child .tag-key").focus();
  });
  for (const b of $$(".lang button")) {
    b.addEventListener("click", () => {
      state.lang = b.dataset.lang;
      translate();
      update();
    });
  }
  translate();
  state.readyMs = performance.now();
  performance.mark("preflight:ready");
  update();
  // For the browser test and the curious: the checker, the body as the form
  // builds it, and when the form was ready and its first check shown.
  window.preflightForm = { checker, body, readyMs: state.readyMs, shownMs: performance.now(), result: () => state.result };
  document.body.dataset.ready = "true";
}

start().catch((err) => {
  document.body.dataset.ready = "failed";
  const verdict = $("#verdict");
  verdict.className = "verdict bad";
  verdict.textContent = `${t("loading_failed")}: ${err.message}`;
  console.error(err);
});
