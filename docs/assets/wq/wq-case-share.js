/* 维权手册 — 我的案件 carried to another phone or kept somewhere safe, with or without files:
 *   导出为文件 / 从文件导入     a .json file (where downloads and file pickers work);
 *   复制案件内容 / 粘贴导入     the same case as text: a short header line, then the JSON, put on
 *                                the clipboard and shown in a box; pasted back into a text box.
 * A wrong, truncated or hostile file or paste (not ours, cut short, names such as __proto__,
 * over a million characters) changes nothing, and one line says why. Importing is the wish to
 * keep the case: it turns "保存在本机" on and says so. Text goes in only as .value/textContent.
 * Loaded on the case page by wq-case.js; wq-case-page.js builds the buttons with wq.caseShare.
 * Needs wq-core.js and wq-case.js. */
(function () {
  "use strict";

  var wq = window.wq;
  var C = wq.caseFile;
  var el = wq.el;
  var HEADER = "维权手册·我的案件 第1版（整段复制保存；在“我的案件”页点“粘贴导入”可以恢复）";
  var MAX = 1000000; // characters; a real case is a few thousand
  var CONFIRM_IMPORT = "导入会替换本页现有的案件内容，确定吗？";
  var KEEP = "请把它发到和自己的聊天里，或存进手机备忘录；换手机、清理了缓存后，在本页点“粘贴导入”贴回来。";
  var NOTHING = "；没有做任何改动。";

  function text() { return HEADER + "\n" + JSON.stringify(C.serialize()) + "\n"; }

  /* true if any key, at any depth, is a name JavaScript gives meaning to (__proto__, constructor…) */
  function jsNames(v, depth) {
    if (depth > 5 || v === null || typeof v !== "object") return false;
    return Object.keys(v).some(function (k) { return C.jsName(k) || jsNames(v[k], depth + 1); });
  }

  /* {data} or {error: one line saying why nothing changed} */
  function parse(raw) {
    raw = String(raw === undefined || raw === null ? "" : raw);
    if (!raw.trim()) return { error: "框里没有内容：请先粘贴复制的案件内容" + NOTHING };
    if (raw.length > MAX) return { error: "内容太长（超过一百万字），不是本站复制的案件内容" + NOTHING };
    var start = raw.indexOf("{"), head = start < 0 ? raw : raw.slice(0, start), value;
    if (start < 0 || (head.trim() && head.indexOf("我的案件") < 0)) return { error: "这不是本站复制的案件内容" + NOTHING };
    try { value = JSON.parse(raw.slice(start)); } catch (e) {
      return { error: "内容不完整或被改动过（可能只复制了一部分），请整段复制后再试" + NOTHING };
    }
    if (jsNames(value, 0)) return { error: "内容里有不允许的名称（例如 __proto__），不是本站导出的案件内容" + NOTHING };
    var data = C.clean(value);
    return data ? { data: data } : { error: "这不是本站导出的案件内容，或者格式不对" + NOTHING };
  }

  /* replace the case with an imported one and keep it (importing is the wish to keep it) */
  function apply(P, data, what) {
    if (C.hasContent() && !window.confirm(CONFIRM_IMPORT)) return;
    C.saving = true;
    var state = C.replace(data);
    P.box.checked = C.saving;
    C.report(P.save, state, false);
    P.status.textContent = state === "saved"
      ? "已导入" + what + "，并保存在本机（“保存在本机”已勾选；不想保存，取消勾选即可）。"
      : "已导入" + what + "；但没能保存在本机（浏览器存储已满或被禁用），关闭页面后不会保留。";
  }

  function exportFile(P) {
    var name = "wo-de-anjian-" + new Date().toISOString().slice(0, 10) + ".json";
    var blob = new Blob([JSON.stringify(C.serialize(), null, 2)], { type: "application/json" });
    var a = el("a", { "href": URL.createObjectURL(blob), "download": name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 1000);
    P.status.textContent = "已生成 " + name + "。请把文件存到安全的地方；换手机时在新手机上打开本页，选“从文件导入”。";
  }

  function importFile(P) {
    var file = P.file.files && P.file.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      P.file.value = "";
      var got = parse(String(reader.result));
      if (got.error) P.status.textContent = "文件：" + got.error;
      else apply(P, got.data, "案件文件");
    };
    reader.onerror = function () { P.file.value = ""; P.status.textContent = "没能读取这个文件" + NOTHING; };
    reader.readAsText(file);
  }

  /* a panel under the buttons: shown by its button, hidden by the other's */
  function panel(P, name) {
    var box = el("div", { "class": "wq-case-share", "data-case-share": name, "hidden": "" });
    P.tools.insertBefore(box, P.status);
    return box;
  }

  function show(P, box) {
    wq.each(P.tools.querySelectorAll("[data-case-share]"), function (b) { b.hidden = b !== box; });
  }

  function copyPanel(P) {
    var box = panel(P, "copy");
    box.appendChild(el("label", { "for": "wq-case-copy-text" }, "案件内容（可以长按选择、复制）："));
    var area = el("textarea", { "id": "wq-case-copy-text", "readonly": "", "rows": "6" });
    box.appendChild(area);
    return function () {
      show(P, box);
      area.value = text();
      wq.copy(area.value, area, function (ok) {
        P.status.textContent = (ok ? "已复制案件内容。" : "没能自动复制：请长按框里的文字，全选后复制。") + KEEP;
      });
    };
  }

  function pastePanel(P) {
    var box = panel(P, "paste");
    box.appendChild(el("label", { "for": "wq-case-paste-text" }, "把复制保存的案件内容整段粘贴到这里："));
    var area = el("textarea", { "id": "wq-case-paste-text", "rows": "6" });
    box.appendChild(area);
    var go = el("button", { "type": "button", "class": "md-button md-button--primary" }, "导入粘贴的内容");
    box.appendChild(go);
    go.addEventListener("click", function () {
      var got = parse(area.value);
      if (got.error) { P.status.textContent = "粘贴的内容：" + got.error; return; }
      apply(P, got.data, "粘贴的案件内容");
      area.value = "";
    });
    return function () { show(P, box); area.focus(); };
  }

  wq.caseShare = {
    text: text,
    parse: parse,
    /* the buttons, added to P.buttons by button(P, text, handler) of wq-case-page.js */
    build: function (P, button) {
      button(P, "复制案件内容", copyPanel(P));
      button(P, "粘贴导入", pastePanel(P));
      button(P, "导出为文件", exportFile);
      P.file = el("input", { "type": "file", "accept": ".json,application/json,text/plain", "class": "wq-offscreen",
        "tabindex": "-1", "aria-label": "选择要导入的案件文件" });
      P.tools.appendChild(P.file);
      button(P, "从文件导入", function () { P.file.click(); });
      P.file.addEventListener("change", function () { importFile(P); });
    }
  };
})();
