// The form, in two views: create an instance, and resize one. Each builds
// its body (and, for a resize, the current instance, the path and the change
// time) from the fields, checks it with the preflight module on every
// keystroke, and shows what the check says under each field, the defaults,
// the estimate and the body to send.

import { load, problemsAt, defaultFor, PreflightError } from "@iotda-preflight/preflight";

const PORTS = [
  "app_https_port", "app_amqps_port", "app_mqtts_port",
  "device_coap_port", "device_coaps_port", "device_mqtt_port", "device_mqtts_port", "device_https_port",
];

// The offsets from UTC in use, for the date and time fields: RFC 3339 needs
// one, and the day a time falls on (which the fee counts) depends on it.
const OFFSETS = [
  "-12:00", "-11:00", "-10:00", "-09:30", "-09:00", "-08:00", "-07:00", "-06:00", "-05:00", "-04:00", "-03:30", "-03:00",
  "-02:00", "-01:00", "+00:00", "+01:00", "+02:00", "+03:00", "+03:30", "+04:00", "+04:30", "+05:00", "+05:30", "+05:45",
  "+06:00", "+06:30", "+07:00", "+08:00", "+08:45", "+09:00", "+09:30", "+10:00", "+10:30", "+11:00", "+12:00", "+12:45",
  "+13:00", "+14:00",
];

// The platform bills on the UTC+08:00 calendar, and ShowInstance's times are
// usually written there: the expiry's offset until one is chosen.
const BILLING_OFFSET = "+08:00";

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
    views: "Request", view_create: "Create an instance", view_resize: "Resize an instance", title_resize: "Resize an IoTDA instance",
    current_instance: "Current instance",
    current_hint: "As ShowInstance returns it: its flavor, units, charge mode and when its yearly/monthly order ends.",
    expire_time: "Order ends (expire_time)", expire_offset: "Offset from UTC of the order's end", expire_hint: "Needed to price a yearly/monthly resize.",
    request_path: "Request path", path_hint: "Checked once either is given: the request's path needs both.",
    project_id: "Project ID", instance_id: "Instance ID", new_spec: "New spec", delay: "Wait for the change window",
    at: "Change time", at_offset: "Offset from UTC of the change time",
    at_hint: "Default: when the page opened. The fee is prorated by the months left, counted on the UTC+08:00 calendar.",
    prorated: "prorated",
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
    views: "请求", view_create: "创建实例", view_resize: "变更实例规格", title_resize: "变更 IoTDA 实例规格",
    current_instance: "当前实例",
    current_hint: "与 ShowInstance 的返回一致：规格、单元数、计费模式，以及包年/包月订单的到期时间。",
    expire_time: "订单到期时间（expire_time）", expire_offset: "订单到期时间的 UTC 偏移", expire_hint: "计算包年/包月实例的变更费用时需要。",
    request_path: "请求路径", path_hint: "填写任一项后即校验：请求路径需要两者。",
    project_id: "项目 ID", instance_id: "实例 ID", new_spec: "新规格", delay: "等待变更时间窗",
    at: "变更时间", at_offset: "变更时间的 UTC 偏移",
    at_hint: "默认为打开页面的时间。费用按剩余月数折算，按 UTC+08:00 日历计算。",
    prorated: "按剩余月数折算",
  },
};

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

// flavorFor remembers the flavor last chosen for each instance type, so
// switching the type away and back keeps it.
const state = { lang: "en", view: "create", checker: null, flavors: [], flavorFor: {}, result: null, readyMs: 0, lastCheckUs: 0 };

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

// stamp reads a local date and time field and its offset menu as RFC 3339;
// undefined while the date is not complete. A time with no seconds gets
// ":00", which the field leaves out when they are zero.
function stamp(control) {
  const local = control.value;
  if (local === "") {
    return undefined;
  }
  return (local.length === "2006-01-02T15:04".length ? local + ":00" : local) + $(`#${control.dataset.offset}`).value;
}

// collect builds an object from the controls that name a pointer in it
// (their data-<attr>): only what the user gave, so the check shows what the
// platform fills for the rest. A hidden section's fields are not part of
// it (the sections were shown first).
function collect(root, attr) {
  const out = {};
  for (const control of $$(`[data-${attr}]`, root)) {
    if (control.closest("[hidden]") || control.closest("#tags")) {
      continue; // tags are rows of their own (body)
    }
    set(out, control.dataset[attr], control.type === "datetime-local" ? stamp(control) : value(control));
  }
  return out;
}

// body builds the create request's body from its form.
function body() {
  const b = collect($("#form"), "path");
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

// resizeBody builds the resize request's body from the new spec.
function resizeBody() {
  return collect($("#resize-form"), "path");
}

// current is the instance as it is now, in ShowInstance's shape; its
// instance type is its flavor's.
function current() {
  const c = collect($("#resize-form"), "current");
  const flavor = state.flavors.find((f) => f.type === $("#current_flavor").value);
  return flavor ? { instance_type: flavor.instance_type, ...c } : c;
}

// resizeOptions are the check's options for the resize view. The path is
// checked once either of its fields is given: both are then sent, a missing
// one as absent, which the check calls required.
function resizeOptions() {
  const projectId = value($("#project_id"));
  const instanceId = value($("#instance_id"));
  const given = projectId !== undefined || instanceId !== undefined;
  return { lang: state.lang, api: "resize", current: current(), at: stamp($("#at")), params: given ? { projectId, instanceId } : undefined };
}

function update() {
  if (state.checker === null) {
    return;
  }
  if (state.view === "resize") {
    showResizeSections();
    run($("#resize-form"), resizeBody(), resizeOptions());
  } else {
    showSections();
    run($("#form"), body(), { lang: state.lang });
  }
}

// run checks a body and shows the result in its form. An option the module
// refuses can only be the change time (the form writes the rest), so its
// message is shown at that field.
function run(form, b, options) {
  const start = performance.now();
  let result;
  try {
    result = state.checker.check(b, options);
  } catch (err) {
    if (!(err instanceof PreflightError && err.code === "options")) {
      throw err;
    }
    const message = err.message.replace(/^preflight: options: /, "");
    result = { valid: false, errors: [{ path: "at", in: "options", code: "options", message }], warnings: [], defaults: [] };
  }
  state.lastCheckUs = Math.round((performance.now() - start) * 1000);
  state.result = result;
  render(form, result, b);
}

// showWhen shows the sections of root whose data-when is one of conditions.
function showWhen(root, conditions) {
  for (const el of $$("[data-when]", root)) {
    el.hidden = !conditions.includes(el.dataset.when);
  }
}

function showSections() {
  const instanceType = $("#instance_type").value;
  const chargeMode = $("#charge_mode").value;
  showWhen($("#form"), [instanceType, chargeMode]);
  const flavor = $("#flavor");
  const wanted = state.flavors.filter((f) => f.instance_type === instanceType);
  if (flavor.dataset.for !== instanceType) {
    if (flavor.dataset.for) {
      state.flavorFor[flavor.dataset.for] = flavor.value;
    }
    const keep = state.flavorFor[instanceType] ?? flavor.value;
    offerFlavors(flavor, wanted, keep, (wanted.find((f) => f.type === "iotda.standard.s1") ?? wanted[0])?.type);
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

// offerFlavors makes flavors a menu's choices, with keep chosen when it is
// one of them, else fallback.
function offerFlavors(menu, flavors, keep, fallback) {
  menu.replaceChildren(...flavors.map((f) => new Option(f.type, f.type)));
  menu.value = flavors.some((f) => f.type === keep) ? keep : fallback ?? "";
}

// showResizeSections offers the new flavors of the current instance's type
// (a resize keeps it), and shows the units of a standard flavor, and the
// order's end and automatic payment for a yearly/monthly instance only.
function showResizeSections() {
  const now = state.flavors.find((f) => f.type === $("#current_flavor").value);
  const menu = $("#resize_flavor");
  const type = now?.instance_type ?? "standard";
  if (menu.dataset.for !== type) {
    const choices = state.flavors.filter((f) => f.instance_type === type);
    // An enterprise flavor has no units to change: keeping it would be no
    // change at all (an error), so another is offered first.
    const other = type === "enterprise" ? choices.find((f) => f.type !== now?.type) : undefined;
    offerFlavors(menu, choices, menu.value, (other ?? now)?.type);
    menu.dataset.for = type;
  }
  const next = state.flavors.find((f) => f.type === menu.value);
  $("#resize_flavor-note").textContent = next?.note ?? "";
  showWhen($("#resize-form"), [`current-${type}`, `current-${$("#current_charge_mode").value}`, `new-${next?.instance_type}`]);
}

// where names a problem's place: the body's pointer, or its in and path.
const where = (p, path = p.path) => (p.in === undefined ? path : `${p.in} ${path}`);

function render(form, result, sent) {
  const claimed = new Set();
  for (const field of $$(".field[data-paths]", form)) {
    if (field.closest("[hidden]")) {
      continue;
    }
    // The body's fields, or with data-in the current instance's, the path's
    // or the change time's.
    const place = { in: field.dataset.in };
    const paths = field.dataset.paths.split(" ");
    const problems = paths.flatMap((p) => problemsAt(result, p, place));
    paths.forEach((p) => claimed.add(where(place, p)));
    const control = $(":scope > :is(input, select, textarea), :scope > .moment > input", field);
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
    const d = place.in === undefined ? defaultFor(result, paths[0]) : undefined;
    if (control?.tagName === "INPUT") {
      control.placeholder = d === undefined ? control.dataset.placeholder ?? "" : t("defaulted", d);
    } else if (control?.tagName === "SELECT" && control.options[0]?.value === "") {
      control.options[0].textContent = d === undefined ? t("unset") : t("paren", t("defaulted", d));
    }
  }
  const all = [...result.errors.map((p) => ({ ...p, severity: "error" })), ...result.warnings.map((p) => ({ ...p, severity: "warning" }))];
  $("#other-problems").replaceChildren(...all.filter((p) => !claimed.has(where(p))).map((p) => problemItem(p, true)));

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
  // A resize's prorated fee has nothing to compare; a pay-per-use one, priced as an order, has.
  $("#alternatives-section").hidden = form.id === "resize-form" && !result.estimate?.alternatives;
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
      // A resize's fee is prorated by the months left (its basis writes the sum): periods 0.
      l.item, `${l.quantity} ${t("unit")[l.unit]}`, `${l.unit_price} / ${t("per")[l.per]}`, l.periods === 0 ? t("prorated") : String(l.periods), l.amount, l.basis,
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
    item.append(...(p.in === "current" ? [t("current_instance"), " "] : []), code(p.path || "/"), " ");
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
  document.title = `${t($("h1").dataset.text)} · preflight`;
  for (const el of $$("[data-label]")) {
    el.setAttribute("aria-label", t(el.dataset.label));
  }
  for (const el of $$("[data-text]")) {
    el.textContent = t(el.dataset.text);
  }
  $$("#tags .tag").forEach(labelTag);
  for (const b of $$(".lang button")) {
    b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
  }
}

// showView shows one view and checks what it holds.
function showView(view) {
  selectView(view);
  translate();
  update();
}

// selectView shows one view (its tab's panel) and names it in the heading
// and the address (#resize).
function selectView(view) {
  state.view = view;
  for (const tab of $$("[role=tab]")) {
    const on = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1; // one tab stop for the list; arrows move within it
    $(`#${tab.getAttribute("aria-controls")}`).hidden = !on;
  }
  $("h1").dataset.text = view === "resize" ? "title_resize" : "title";
  // An absolute address: a relative one would resolve against the page's <base>.
  const address = new URL(location.href);
  address.hash = view === "resize" ? "resize" : "";
  history.replaceState(null, "", address);
}

// The tabs follow the WAI-ARIA tabs pattern: arrow keys, Home and End move
// to a tab and show its view.
function tabKeys(event) {
  const tabs = $$("[role=tab]");
  const i = tabs.indexOf(document.activeElement);
  const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (i < 0 || to === undefined) {
    return;
  }
  event.preventDefault();
  const tab = tabs[(to + tabs.length) % tabs.length];
  tab.focus();
  showView(tab.dataset.view);
}

// offsets fills an offset menu, with chosen selected (added if it is not
// one of OFFSETS).
function offsets(select, chosen) {
  const all = OFFSETS.includes(chosen) ? OFFSETS : [...OFFSETS, chosen];
  select.replaceChildren(...all.map((o) => new Option(`UTC${o}`, o)));
  select.value = chosen;
}

// now is the browser's date and time to the minute, and its offset.
function now() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  const minutes = -d.getTimezoneOffset();
  const offset = `${minutes < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
  return { local: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`, offset };
}

// startResize fills the resize view's menus: the current instance may be
// of any flavor (s1 until chosen), and the change is now.
function startResize() {
  offerFlavors($("#current_flavor"), state.flavors, "iotda.standard.s1");
  offsets($("#current_expire_offset"), BILLING_OFFSET);
  const { local, offset } = now();
  $("#at").value = local;
  offsets($("#at_offset"), offset);
  $("#resize-form").addEventListener("input", update);
  $("#resize-form").addEventListener("change", update);
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
  startResize();
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
  for (const tab of $$("[role=tab]")) {
    tab.addEventListener("click", () => showView(tab.dataset.view));
  }
  $("[role=tablist]").addEventListener("keydown", tabKeys);
  // The view follows the address too: a link to #resize, or going back.
  window.addEventListener("hashchange", () => showView(location.hash === "#resize" ? "resize" : "create"));
  if (location.hash === "#resize") {
    selectView("resize"); // translated and checked once, below
  }
  translate();
  state.readyMs = performance.now();
  performance.mark("preflight:ready");
  update();
  // For the browser test and the curious: the checker, the body as the form
  // builds it, and when the form was ready and its first check shown.
  window.preflightForm = {
    checker, body, resizeBody, resizeOptions, readyMs: state.readyMs, shownMs: performance.now(), result: () => state.result,
  };
  document.body.dataset.ready = "true";
}

start().catch((err) => {
  document.body.dataset.ready = "failed";
  const verdict = $("#verdict");
  verdict.className = "verdict bad";
  verdict.textContent = `${t("loading_failed")}: ${err.message}`;
  console.error(err);
});
