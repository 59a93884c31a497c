/* 维权手册 — in-browser behaviour. Nothing here sends anything anywhere: no fetch, no beacon.
 * - checklists: ticks persist in localStorage per checklist id and item id, with progress + reset
 * - templates: a fill-in form built from the template's declared fields, live preview, copy,
 *   print, .txt download; values are stored only after the reader ticks "保存在本机".
 * Text typed by the reader is only ever written with textContent, never as HTML.
 * Works with Material's instant navigation: init runs on every document$ emission and marks
 * what it has bound, so navigating back and forth never binds twice. */
(function () {
  "use strict";

  var STORE_PREFIX = "wq:";

  function storage() {
    try {
      var probe = STORE_PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null; // private mode or blocked: everything still works, nothing is kept
    }
  }

  function readJSON(key) {
    var s = storage();
    if (!s) return null;
    try { return JSON.parse(s.getItem(key) || "null"); } catch (e) { return null; }
  }

  function writeJSON(key, value) {
    var s = storage();
    if (s) s.setItem(key, JSON.stringify(value));
  }

  function removeKey(key) {
    var s = storage();
    if (s) s.removeItem(key);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ------------------------------------------------------------------ checklists */
  function initChecklist(root) {
    if (root.dataset.wqBound) return;
    root.dataset.wqBound = "1";
    var key = STORE_PREFIX + "checklist:" + root.dataset.checklist;
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input.wq-check"));
    var progress = root.querySelector("[data-wq-progress]");
    var done = root.querySelector("[data-wq-done]");
    var saved = readJSON(key) || {};

    function update() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      if (done) done.textContent = String(n);
    }
    boxes.forEach(function (box) {
      box.checked = saved[box.dataset.item] === true;
      box.addEventListener("change", function () {
        var state = readJSON(key) || {};
        if (box.checked) state[box.dataset.item] = true; else delete state[box.dataset.item];
        if (Object.keys(state).length) writeJSON(key, state); else removeKey(key);
        update();
      });
    });
    if (progress) {
      progress.hidden = false;
      var reset = progress.querySelector("[data-wq-reset]");
      reset.addEventListener("click", function () {
        boxes.forEach(function (b) { b.checked = false; });
        removeKey(key);
        update();
      });
    }
    update();
  }

  /* ------------------------------------------------------------------ templates */
  function fillText(text, values, fields) {
    return text.replace(/\{([a-z][a-z0-9_]*)\}/g, function (m, name) {
      var v = values[name];
      if (v) return v;
      var f = fields.filter(function (x) { return x.name === name; })[0];
      return "[" + (f ? f.label : name) + "]";
    });
  }

  function plainLetter(data, values) {
    var out = [];
    data.lines.forEach(function (line) {
      var text = fillText(line.text, values, data.fields);
      if (line.kind === "item") text = "- " + text;
      if (line.optional) text = "（不适用就删掉）" + text;
      out.push(text);
    });
    return out.join("\n\n") + "\n";
  }

  function initTemplate(root) {
    if (root.dataset.wqBound) return;
    var letterBlock = root.querySelector(".wq-letter-block");
    if (!root.dataset.form || !letterBlock) return;
    root.dataset.wqBound = "1";
    var data = JSON.parse(root.dataset.form);
    var key = STORE_PREFIX + "template:" + data.id;
    var saved = readJSON(key);
    var values = {};
    var inputs = {};

    var section = el("section", { "class": "wq-form", "aria-labelledby": "wq-form-title" });
    section.appendChild(el("h2", { "id": "wq-form-title", "class": "wq-section-title" }, "在线填写"));
    section.appendChild(el("p", { "class": "wq-privacy" },
      "你填写的内容只在这台设备的浏览器里处理，不会发送到任何地方。勾选“保存在本机”才会保存，随时可以清除。"));
    var form = el("form", { "novalidate": "", "autocomplete": "off" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    data.fields.forEach(function (f) {
      var id = "wq-field-" + f.name;
      var row = el("div", { "class": "wq-form-row" });
      var label = el("label", { "for": id }, f.label);
      if (f.required) label.appendChild(el("span", { "class": "wq-required" }, "（必填）"));
      row.appendChild(label);
      var input = el(f.multiline ? "textarea" : "input", { "id": id, "name": f.name, "placeholder": "例：" + f.example });
      if (!f.multiline) input.setAttribute("type", "text");
      if (f.multiline) input.setAttribute("rows", "4");
      if (f.required) input.setAttribute("aria-required", "true");
      if (f.help) {
        var help = el("p", { "class": "wq-field-help", "id": id + "-help" }, f.help);
        input.setAttribute("aria-describedby", id + "-help");
        row.appendChild(input);
        row.appendChild(help);
      } else {
        row.appendChild(input);
      }
      inputs[f.name] = input;
      if (saved && typeof saved[f.name] === "string") input.value = saved[f.name];
      form.appendChild(row);
    });

    var saveRow = el("div", { "class": "wq-form-row wq-save-row" });
    var saveBox = el("input", { "type": "checkbox", "id": "wq-save-local" });
    saveBox.checked = !!saved;
    saveRow.appendChild(saveBox);
    saveRow.appendChild(el("label", { "for": "wq-save-local" }, "保存在本机（只存在这台设备的浏览器里）"));
    form.appendChild(saveRow);

    var buttons = el("div", { "class": "wq-form-buttons" });
    function button(text, handler, cls) {
      var b = el("button", { "type": "button", "class": "md-button" + (cls ? " " + cls : "") }, text);
      b.addEventListener("click", handler);
      buttons.appendChild(b);
      return b;
    }
    var status = el("p", { "class": "wq-status", "role": "status", "aria-live": "polite" });

    function collect() {
      Object.keys(inputs).forEach(function (name) { values[name] = inputs[name].value.trim(); });
    }
    function persist() {
      if (saveBox.checked) writeJSON(key, values); else removeKey(key);
    }
    function preview() {
      collect();
      Array.prototype.forEach.call(root.querySelectorAll(".wq-letter .wq-ph"), function (span) {
        var name = span.dataset.field;
        var f = data.fields.filter(function (x) { return x.name === name; })[0];
        if (values[name]) {
          span.textContent = values[name];
          span.setAttribute("data-filled", "");
        } else {
          span.textContent = "[" + (f ? f.label : name) + "]";
          span.removeAttribute("data-filled");
        }
      });
      Array.prototype.forEach.call(root.querySelectorAll(".wq-fields tr[data-field] .wq-handwrite"), function (cell) {
        cell.textContent = values[cell.parentNode.dataset.field] || "";
      });
      persist();
    }

    button("复制全文", function () {
      preview();
      var text = plainLetter(data, values);
      function done(ok) { status.textContent = ok ? "已复制到剪贴板。" : "复制失败：请在下方正文中手动选择复制。"; }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
      } else {
        done(fallbackCopy(text));
      }
    }, "md-button--primary");
    button("打印填好的信", function () {
      preview();
      document.documentElement.classList.add("wq-printing-letter");
      window.print();
      setTimeout(function () { document.documentElement.classList.remove("wq-printing-letter"); }, 500);
    });
    button("下载 .txt", function () {
      preview();
      var blob = new Blob(["\ufeff" + plainLetter(data, values)], { type: "text/plain;charset=utf-8" });
      var a = el("a", { "href": URL.createObjectURL(blob), "download": data.id + ".txt" });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      status.textContent = "已生成 " + data.id + ".txt。";
    });
    button("清除", function () {
      Object.keys(inputs).forEach(function (name) { inputs[name].value = ""; });
      saveBox.checked = false;
      removeKey(key);
      preview();
      status.textContent = "已清除本页填写的内容和本机保存的数据。";
    });
    form.appendChild(buttons);
    form.appendChild(status);
    section.appendChild(form);
    letterBlock.parentNode.insertBefore(section, letterBlock);

    form.addEventListener("input", preview);
    saveBox.addEventListener("change", function () {
      collect();
      persist();
      status.textContent = saveBox.checked ? "已保存在本机；以后修改会自动保存。" : "已不再保存，本机保存的数据已删除。";
    });
    preview();
  }

  function fallbackCopy(text) {
    var area = el("textarea", { "class": "wq-offscreen", "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  /* ------------------------------------------------------------------ print buttons */
  function initPrintButtons(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("[data-wq-print]"), function (b) {
      if (b.dataset.wqBound) return;
      b.dataset.wqBound = "1";
      b.addEventListener("click", function () { window.print(); });
    });
  }

  /* ------------------------------------------------------------------ search UI polish
   * jieba's segmentation puts U+200B between words in the index (search needs it); strip it from
   * what the reader sees in the results. And give Material's search dialog an accessible name. */
  function initSearch() {
    var search = document.querySelector(".md-search");
    if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", "搜索本站");
    var list = document.querySelector(".md-search-result__list");
    if (!list || list.dataset.wqBound) return;
    list.dataset.wqBound = "1";
    function clean(root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      var node;
      while ((node = walker.nextNode())) {
        if (node.nodeValue.indexOf("\u200b") !== -1) node.nodeValue = node.nodeValue.replace(/\u200b/g, "");
      }
    }
    new MutationObserver(function () { clean(list); }).observe(list, { childList: true, subtree: true });
  }

  function init() {
    initSearch();
    Array.prototype.forEach.call(document.querySelectorAll(".wq-checklist[data-checklist]"), initChecklist);
    Array.prototype.forEach.call(document.querySelectorAll(".wq-template[data-template]"), initTemplate);
    initPrintButtons(document);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
