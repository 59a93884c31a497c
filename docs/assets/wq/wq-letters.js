/* 维权手册 — letters (文书): on a page with .wq-template[data-template], builds a fill-in
 * form from the letter's declared fields (JSON in its .wq-form-data[data-form]), keeps the letter text
 * below in sync (live preview, for the problem the reader picks), and offers copy, print, .txt
 * and .docx download and clear (asks first). The letter's text (wq-letters-text.js), the problem
 * picker, steps, copy and print (wq-letters-ui.js), the form's rows (wq-letters-fields.js)
 * and the phone layout with its check for missing fields (wq-letters-phone.js) load on letter pages.
 * What the reader types is stored only after they tick "保存在本机", in this browser's
 * localStorage: in the case file (wq:case, through wq-case-letter.js, which takes the box over
 * once the case code has arrived), else under wq:template:<letter id>, which the case file then
 * takes in; if saving fails, a status line says so.
 * Nothing is sent anywhere. Typed text is only ever written with textContent, never as HTML.
 * Needs wq-core.js; loaded on letter pages only ([data-wq-needs="wq-letters"] in letter.html). */
(function () {
  "use strict";

  var wq = window.wq;
  var el = wq.el;
  var PRIVACY = "你填写的内容只在这台设备的这个浏览器里处理，不会发送到任何地方。" +
    "不勾选“保存在本机”，填写的内容只在这个标签页里保留（订单号等会带到本站其他文书），关闭标签页后即消失；" +
    "勾选后只保存在这台设备的这个浏览器里，随时可以清除。";
  var CONFIRM = "确定清除本页填写的内容和本机保存的数据吗？清除后无法恢复。";
  /* while 我的案件 is kept in this browser, the case stays: clearing a letter must not claim otherwise */
  var CONFIRM_CASE = "确定清除本页填写的内容吗？“我的案件”里保存在本机的内容不会删除。";
  var CLEARED_CASE_KEPT = "已清除本页填写的内容。“我的案件”里保存在本机的内容没有删除：要删除，" +
    "请取消勾选“保存在本机”，或在“我的案件”页点“删除全部”。";
  var SAVE_FAILED = "没能保存在本机（浏览器存储已满或被禁用）；你填写的内容仍在本页，关闭页面后不会保留。";

  /* ------------------------------------------------------------------ letter text */
  /* the filled letter as the reader chose it: problem, optional paragraphs, typed values */
  function letterLines(L) {
    return wq.lettersText.compose(L.data, L.problem, L.opts, L.values);
  }

  function plainLetter(L) {
    return wq.lettersText.plain(letterLines(L));
  }

  function isString(v) { return typeof v === "string"; }

  /* ------------------------------------------------------------------ build the form */
  /* the form and its parts; L is the letter's state, shared by the functions below */
  function buildForm(L, saved) {
    L.section = el("section", { "class": "wq-form", "aria-labelledby": "wq-form-title" });
    L.section.appendChild(el("h2", { "id": "wq-form-title", "class": "wq-section-title" }, "在线填写"));
    L.form = el("form", { "novalidate": "", "autocomplete": "off" });
    L.form.addEventListener("submit", function (e) { e.preventDefault(); });
    var picker = wq.lettersUI.picker(L);
    if (picker) L.form.appendChild(picker);
    L.problem = L.problemSelect ? L.problemSelect.value : "";
    L.data.fields.forEach(function (f) {
      var field = wq.lettersFields.row(L, f, saved);
      L.inputs[f.name] = field.input;
      L.controls[f.name] = field.control;
      L.rows[f.name] = field.row;
      L.form.appendChild(field.row);
    });
    var steps = wq.lettersUI.steps(L, L.rows); // moves the rows into one panel per step
    if (steps) L.form.appendChild(steps);

    var saveRow = el("div", { "class": "wq-form-row wq-save-row" });
    L.saveBox = el("input", { "type": "checkbox", "id": "wq-save-local" });
    L.saveBox.checked = !!saved;
    saveRow.appendChild(L.saveBox);
    saveRow.appendChild(el("label", { "for": "wq-save-local" }, "保存在本机（只存在这台设备的这个浏览器里）"));
    L.form.appendChild(saveRow);
    L.saveStatus = wq.saveStatus(saved ? "saved" : "off");
    L.form.appendChild(L.saveStatus.line);
    L.form.appendChild(el("p", { "class": "wq-privacy" }, PRIVACY));

    L.buttons = el("div", { "class": "wq-form-buttons", "data-wq-inapp": "print made" }); // in-app guidance: wq-inapp.js
    L.form.appendChild(L.buttons);
    L.status = el("p", { "class": "wq-status", "role": "status", "aria-live": "polite" });
    L.form.appendChild(L.status);
    L.section.appendChild(L.form);
  }

  /* ------------------------------------------------------------------ preview */
  function collect(L) {
    Object.keys(L.inputs).forEach(function (name) { L.values[name] = L.inputs[name].value.trim(); });
  }

  function preview(L) {
    collect(L);
    if (L.problemSelect) L.problem = L.problemSelect.value;
    if (L.rendered !== L.problem) {
      // another problem: its own paragraphs, and only the fields they use
      var used = wq.lettersText.usedFields(L.data, L.problem);
      Object.keys(L.rows).forEach(function (name) { L.rows[name].hidden = !used[name]; });
      wq.each(L.root.querySelectorAll(".wq-fields tr[data-field]"), function (tr) { tr.hidden = !used[tr.dataset.field]; });
      L.rendered = L.problem;
      wq.lettersPhone.count(L);
    }
    wq.lettersFields.show(L);
    wq.lettersText.render(L.letter, L.data, L.problem, L.opts, L.values);
    wq.each(L.root.querySelectorAll(".wq-fields tr[data-field] .wq-handwrite"), function (cell) {
      cell.textContent = L.values[cell.parentNode.dataset.field] || "";
    });
  }

  /* "包括这一段": tick or untick an optional part without rebuilding the preview (keeps focus) */
  function toggleOption(L, box) {
    L.opts[box.getAttribute("data-opt")] = box.checked;
    var group = box.parentNode.parentNode;
    if (box.checked) group.removeAttribute("data-off"); else group.setAttribute("data-off", "");
  }

  /* ------------------------------------------------------------------ persistence
   * Saved only while "保存在本机" is ticked. A failed write is reported once per change of state,
   * never as "已保存". explicit: the reader just changed the checkbox, so always say what happened. */
  function persist(L, explicit) {
    if (L.caseSaves) return; // 我的案件 keeps this letter's values now (wq-case-letter.js)
    var say = explicit ? L.saveStatus.force : L.saveStatus.say;
    if (L.saveBox.checked) {
      if (wq.store.write(L.key, L.values)) say("saved", "已保存在本机；以后修改会自动保存。");
      else say("failed", SAVE_FAILED);
    } else if (wq.store.remove(L.key)) {
      say("off", explicit ? "已不再保存，本机保存的数据已删除。" : "");
    } else {
      say("off", explicit ? "已不再保存；但没能删除本机保存的数据（浏览器存储被禁用）。" : "");
    }
  }

  function update(L) {
    preview(L);
    persist(L, false);
  }

  /* ------------------------------------------------------------------ buttons */
  function clearLetter(L) {
    var typed = Object.keys(L.inputs).some(function (name) { return L.inputs[name].value !== ""; });
    var caseKept = !!(wq.caseFile && wq.caseFile.saving);
    if ((typed || caseKept || wq.store.read(L.key) !== null) && !window.confirm(caseKept ? CONFIRM_CASE : CONFIRM)) return; // declined
    Object.keys(L.inputs).forEach(function (name) { L.inputs[name].value = ""; });
    var removed = wq.store.remove(L.key);
    preview(L);
    wq.lettersPhone.unfold(L);
    if (!L.caseSaves) { // with the case, the box is the case's: clearing one letter leaves it
      L.saveBox.checked = false;
      L.saveStatus.force("off", "");
    }
    L.status.textContent = !removed ? "已清除本页填写的内容；但没能删除本机保存的数据（浏览器存储被禁用）。"
      : caseKept ? CLEARED_CASE_KEPT : "已清除本页填写的内容和本机保存的数据。";
  }

  function addButtons(L) {
    function button(text, handler, cls) {
      var b = el("button", { "type": "button", "class": "md-button" + (cls ? " " + cls : "") }, text);
      b.addEventListener("click", function () { handler(L); });
      L.buttons.appendChild(b);
    }
    /* required fields still empty are named first (wq-letters-phone.js) */
    function checked(verb, handler) {
      return function () {
        update(L);
        wq.lettersPhone.guard(L, verb, function () { handler(L); });
      };
    }
    button("复制全文", wq.lettersUI.copy, "md-button--primary");
    button("打印填好的信", checked("打印", wq.lettersUI.print));
    button("下载 .txt", checked("下载", wq.lettersUI.downloadText));
    button("下载 Word (.docx)", checked("下载", function () {
      wq.lettersUI.downloadDocx(L, function (text) { L.status.textContent = text; });
    }));
    button("清除", clearLetter);
  }

  /* ------------------------------------------------------------------ bind */
  /* the page leaves out keys that hold their default (macros/render.py form_data): put them back */
  var FIELD = { required: true, multiline: false, help: "", step: null, date: false, choices: [] };
  var LINE = { opt: null, on: true, guide: false };
  function defaults(list, given) {
    (list || []).forEach(function (o) {
      Object.keys(given).forEach(function (k) { if (!(k in o)) o[k] = given[k] instanceof Array ? [] : given[k]; });
    });
  }
  function parseForm(root) {
    var block = root.querySelector(".wq-form-data[data-form]"), data;
    try { data = JSON.parse(block.getAttribute("data-form")); } catch (e) { return null; }
    defaults(data.fields, FIELD);
    defaults(data.lines, LINE);
    (data.variants || []).forEach(function (v) { defaults(v.lines, LINE); });
    return data;
  }

  function initLetter(root) {
    var letterBlock = root.querySelector(".wq-letter-block");
    var data = parseForm(root);
    if (!letterBlock || !data) return;
    var L = {
      root: root, data: data, key: wq.store.key("template", data.id), inputs: {}, controls: {}, rows: {}, values: {},
      opts: {}, problem: "", letter: letterBlock.querySelector(".wq-letter")
    };
    L.current = function () {
      collect(L);
      return { id: data.id, problem: L.problem, values: L.values, lines: letterLines(L) };
    };
    L.update = function () { update(L); };
    L.plain = function () { return plainLetter(L); };
    root.wqLetter = L;
    root.wqText = function () { collect(L); return plainLetter(L); }; // the full text (wq-inapp.js)
    buildForm(L, wq.store.readObject(L.key, isString)); // wrong shape or non-strings: ignored
    addButtons(L);
    // the form first: after the title and the line on what the letter is for
    var purpose = root.querySelector(".wq-purpose");
    if (purpose) purpose.parentNode.insertBefore(L.section, purpose.nextSibling);
    else letterBlock.parentNode.insertBefore(L.section, letterBlock);
    wq.lettersPhone.start(L);
    L.form.addEventListener("input", function () { update(L); });
    L.letter.addEventListener("change", function (e) {
      if (e.target.hasAttribute("data-opt")) toggleOption(L, e.target);
    });
    L.saveBox.addEventListener("change", function () {
      collect(L);
      persist(L, true);
    });
    update(L);
  }

  /* the letter code proper loads on letter pages only, its parts side by side */
  function loadAll(names, done) {
    var left = names.length, failed = false;
    names.forEach(function (name) {
      wq.load(name, function (ok) {
        failed = failed || !ok;
        left -= 1;
        if (!left) done(!failed);
      });
    });
  }

  function bindLetter(root) {
    loadAll(["wq-letters-text", "wq-letters-ui", "wq-letters-fields", "wq-letters-phone"], function (ok) {
      if (ok) initLetter(root);
    });
  }

  /* {id, problem, values, lines} of the letter in root (.wq-template), for other scripts */
  wq.letters = {
    current: function (root) { return root && root.wqLetter ? root.wqLetter.current() : null; }
  };

  wq.bind(".wq-template[data-template]", bindLetter);
})();
