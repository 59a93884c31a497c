/* 维权手册 — the case page (我的案件): the form of case facts, the contact log (add, edit,
 * delete rows), the deadlines (wq-case-dates.js), "保存在本机" (opt-in; until then the case is kept
 * for this tab only, and a line says so), export and import as a file or as copied text
 * (wq-case-share.js), delete-all (asks first; clears this browser and this tab), the case as
 * plain text (wqText, for the copy box of in-app browsers), and a print view with the case facts
 * and the log only. Reader text is written only as .value/textContent.
 * Needs wq-core.js, wq-case.js, wq-case-dates.js and wq-case-share.js. */
(function () {
  "use strict";

  var wq = window.wq;
  var C = wq.caseFile;
  var el = wq.el;
  var CONFIRM_DELETE = "确定删除我的案件的全部内容吗？包括案件信息、联系记录，以及各文书页填写的内容（本机保存的和这个标签页里的）。删除后无法恢复。";
  var COLUMNS = [
    { key: "date", label: "日期", type: "date" },
    { key: "channel", label: "渠道", hint: "例：在线客服、工单、12315、支付宝" },
    { key: "ticket", label: "工单号或投诉编号" },
    { key: "reply", label: "对方的答复", multiline: true },
    { key: "promised", label: "答应处理的日期", type: "date" },
    { key: "next", label: "下一步" }
  ];

  function report(P, state, explicit) { C.report(P.save, state, explicit); }

  /* ------------------------------------------------------------------ tools */
  function button(P, text, handler, cls) {
    var b = el("button", { "type": "button", "class": "md-button" + (cls ? " " + cls : "") }, text);
    b.addEventListener("click", function () { handler(P); });
    P.buttons.appendChild(b);
    return b;
  }

  function buildTools(P) {
    var tools = P.tools = P.root.querySelector("[data-case-tools]");
    var row = el("div", { "class": "wq-form-row wq-save-row wq-keep" });
    P.box = el("input", { "type": "checkbox", "id": "wq-case-save" });
    P.box.checked = C.saving;
    row.appendChild(P.box);
    row.appendChild(el("label", { "for": "wq-case-save" }, "保存在本机：关闭页面后还能看到（只存在这台设备的这个浏览器里，随时可以删除）"));
    tools.appendChild(row);
    P.save = wq.saveStatus(C.saving ? "saved" : "empty");
    tools.appendChild(P.save.line);
    P.buttons = el("div", { "class": "wq-form-buttons", "data-wq-inapp": "print made" }); // in-app guidance: wq-inapp.js
    tools.appendChild(P.buttons);
    P.status = el("p", { "class": "wq-status", "role": "status", "aria-live": "polite" });
    tools.appendChild(P.status);
    button(P, "打印案件信息和记录", function () { window.print(); }, "md-button--primary");
    wq.caseShare.build(P, button);
    button(P, "删除全部", deleteAll);
    P.box.addEventListener("change", function () { report(P, C.optIn(P.box.checked), true); });
  }

  function deleteAll(P) {
    if ((C.hasContent() || C.saving) && !window.confirm(CONFIRM_DELETE)) return;
    C.replace(null);
    var state = C.optIn(false, true);
    P.box.checked = false;
    P.save.force("empty", "");
    P.status.textContent = state === "failed" ? "已删除本页的内容；但没能删除本机保存的数据（浏览器存储被禁用）。"
      : "已删除我的案件的全部内容（本机保存的和这个标签页里的）。";
  }

  /* the case as plain text: the facts, then the log (the copy box of in-app browsers, wq-inapp.js) */
  function plainText() {
    var out = ["我的案件"];
    Object.keys(C.schema.fields).forEach(function (name) {
      if (C.data.fields[name]) out.push(C.schema.fields[name].label + "：" + C.toLetter(name, C.data.fields[name]));
    });
    if (C.data.log.length) out.push("", "联系记录");
    C.data.log.forEach(function (entry, n) {
      out.push((n + 1) + ". " + COLUMNS.filter(function (col) { return entry[col.key]; }).map(function (col) {
        return col.label + "：" + (col.type === "date" ? C.formatDate(entry[col.key]) : entry[col.key]);
      }).join("；"));
    });
    if (out.length === 1) out.push("（还没有填写内容）");
    return out.join("\n") + "\n";
  }

  /* ------------------------------------------------------------------ case facts */
  function fillForm(P) {
    wq.each(P.form.querySelectorAll("[name]"), function (input) { input.value = C.data.fields[input.name] || ""; });
  }

  function printFacts(P) {
    var dl = P.root.querySelector("[data-case-print]");
    dl.textContent = "";
    Object.keys(C.schema.fields).forEach(function (name) {
      var value = C.data.fields[name];
      if (!value) return;
      dl.appendChild(el("dt", {}, C.schema.fields[name].label));
      dl.appendChild(el("dd", {}, C.toLetter(name, value)));
    });
  }

  /* ------------------------------------------------------------------ contact log */
  function logField(P, entry, n, col) {
    var id = "wq-log-" + n + "-" + col.key;
    var wrap = el("div", { "class": "wq-form-row" });
    wrap.appendChild(el("label", { "for": id }, col.label));
    var input = el(col.multiline ? "textarea" : "input", { "id": id, "data-log-key": col.key });
    if (col.multiline) input.setAttribute("rows", "3"); else input.setAttribute("type", col.type || "text");
    if (col.hint) input.setAttribute("placeholder", col.hint);
    input.value = entry[col.key] || "";
    input.addEventListener("input", function () {
      if (input.value) entry[col.key] = input.value; else delete entry[col.key];
      report(P, C.save(), false);
      printLog(P);
    });
    wrap.appendChild(input);
    return wrap;
  }

  function renderLog(P) {
    P.log.textContent = "";
    C.data.log.forEach(function (entry, n) {
      var box = el("fieldset", { "class": "wq-log-entry", "data-log-row": String(n) });
      box.appendChild(el("legend", {}, "第 " + (n + 1) + " 条"));
      COLUMNS.forEach(function (col) { box.appendChild(logField(P, entry, n, col)); });
      var del = el("button", { "type": "button", "class": "md-button wq-log-delete" }, "删除这一条");
      del.addEventListener("click", function () {
        C.data.log.splice(n, 1);
        report(P, C.save(), false);
        renderLog(P);
      });
      box.appendChild(del);
      P.log.appendChild(box);
    });
    var add = el("button", { "type": "button", "class": "md-button", "data-log-add": "" }, "添加一条记录");
    add.addEventListener("click", function () {
      C.data.log.push({ date: new Date().toISOString().slice(0, 10) });
      report(P, C.save(), false);
      renderLog(P);
      var rows = P.log.querySelectorAll("[data-log-row]");
      var first = rows[rows.length - 1].querySelector("input");
      if (first) first.focus();
    });
    P.log.appendChild(add);
    printLog(P);
  }

  function printLog(P) {
    var old = P.root.querySelector(".wq-log-print");
    if (old) old.parentNode.removeChild(old);
    if (!C.data.log.length) return;
    var table = el("table", { "class": "wq-log-print" });
    var head = el("tr");
    COLUMNS.forEach(function (col) { head.appendChild(el("th", { "scope": "col" }, col.label)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    C.data.log.forEach(function (entry) {
      var tr = body.appendChild(el("tr"));
      COLUMNS.forEach(function (col) {
        var v = entry[col.key] || "";
        tr.appendChild(el("td", {}, col.type === "date" ? C.formatDate(v) : v));
      });
    });
    P.log.parentNode.appendChild(table);
  }

  /* ------------------------------------------------------------------ bind */
  wq.casePage = function (root) {
    var P = { root: root, form: root.querySelector(".wq-case-form"), log: root.querySelector("[data-case-log]") };
    root.wqText = plainText;
    var holidays = {};
    try { holidays = JSON.parse(root.getAttribute("data-holidays")); } catch (e) { holidays = {}; }
    P.day = wq.caseDates.calendar(holidays);
    buildTools(P);
    function refresh() {
      if (!document.documentElement.contains(root)) return;
      wq.caseDates.render(root, C.data.fields, P.day);
      printFacts(P);
    }
    function reload() {
      if (!document.documentElement.contains(root)) return;
      fillForm(P);
      renderLog(P);
      refresh();
    }
    P.form.addEventListener("input", function (e) {
      var input = e.target;
      if (input && input.name) report(P, C.set(input.name, input.value.trim(), reload), false);
      refresh();
    });
    C.onChange(reload);
    reload();
    report(P, C.save(), false); // a stored case that can no longer be written says so now
  };

  /* print: the case facts and the log only */
  window.addEventListener("beforeprint", function () {
    if (document.querySelector(".wq-case-page")) document.documentElement.classList.add("wq-printing-case");
  });
  window.addEventListener("afterprint", function () { document.documentElement.classList.remove("wq-printing-case"); });
})();
