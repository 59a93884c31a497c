/* 维权手册 — letters: one row of the fill-in form per declared field, loaded on letter pages by
 * wq-letters.js. A text field is a text input or textarea named after the field. A date field
 * (`date: true`) is a date picker, a field with `choices` a list to pick from; for both the value
 * the letter uses ("2026年9月28日", "男") sits in a hidden input named after the field, so saving,
 * 我的案件 and clearing see the same named inputs for every field. A kept value the picker cannot
 * show (a date without a year) is shown as text, never dropped. Reader text: .value and
 * textContent only. */
(function () {
  "use strict";

  var wq = window.wq;
  var el = wq.el;

  /* "2026-09-28" <-> "2026年9月28日" */
  function toLetter(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : "";
  }

  function toPicker(text) {
    var m = /^\s*(\d{4})\s*[年\-\/.]\s*(\d{1,2})\s*[月\-\/.]\s*(\d{1,2})\s*日?\s*$/.exec(text || "");
    if (!m) return null;
    var iso = m[1] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[3]).slice(-2);
    var d = new Date(iso + "T00:00:00");
    return isNaN(d.getTime()) || d.getDate() !== Number(m[3]) ? null : iso;
  }

  /* a bubbling input event, so the letter and 我的案件 (wq-case-letter.js) see the new value */
  function announce(L, input) {
    var e;
    try { e = new Event("input", { bubbles: true }); } catch (err) {
      e = document.createEvent("Event");
      e.initEvent("input", true, false);
    }
    L.syncing = true; // the reader's own change, not a fill from 我的案件 (wq-letters-phone.js)
    try { input.dispatchEvent(e); } finally { L.syncing = false; }
  }

  /* ------------------------------------------------------------------ date picker */
  function dateControl(L, id, value) {
    var control = el("input", { "id": id, "type": "date" });
    function take() {
      var text = control.type === "date" ? toLetter(control.value) : control.value;
      if (value.value === text) return;
      value.value = text;
      announce(L, value);
    }
    control.addEventListener("input", take);
    control.addEventListener("change", take);
    control.wqShow = function () {
      var iso = toPicker(value.value);
      if (!value.value || iso) {
        if (control.type !== "date") control.type = "date";
        if (control.value !== (iso || "")) control.value = iso || "";
      } else if (control.type !== "text" || control.value !== value.value) {
        control.type = "text"; // a kept date the picker cannot show: keep it as text
        control.value = value.value;
      }
    };
    return control;
  }

  /* ------------------------------------------------------------------ fixed answers */
  function choiceControl(L, id, value, f) {
    var control = el("select", { "id": id });
    control.appendChild(el("option", { "value": "" }, "请选择"));
    f.choices.forEach(function (c) { control.appendChild(el("option", { "value": c }, c)); });
    // on "input" too: it comes first, and the form's own listener (wq-letters.js) follows it
    function take() {
      if (value.value === control.value) return;
      value.value = control.value;
      announce(L, value);
    }
    control.addEventListener("input", take);
    control.addEventListener("change", take);
    control.wqShow = function () {
      var known = Array.prototype.some.call(control.options, function (o) { return o.value === value.value; });
      if (!known) control.appendChild(el("option", { "value": value.value }, value.value)); // kept as it was
      if (control.value !== value.value) control.value = value.value;
    };
    return control;
  }

  /* {row, input (named, holds the letter's value), control (what the reader uses)} */
  function row(L, f, saved) {
    var id = "wq-field-" + f.name;
    var line = el("div", { "class": "wq-form-row", "data-field": f.name });
    var label = el("label", { "for": id }, f.label);
    if (f.required) label.appendChild(el("span", { "class": "wq-required" }, "（必填）"));
    line.appendChild(label);
    var input, control;
    if (f.date || (f.choices && f.choices.length)) {
      input = el("input", { "type": "hidden", "name": f.name });
      control = f.date ? dateControl(L, id, input) : choiceControl(L, id, input, f);
    } else {
      input = control = el(f.multiline ? "textarea" : "input", { "id": id, "name": f.name, "placeholder": "例：" + f.example });
      if (f.multiline) input.setAttribute("rows", "4"); else input.setAttribute("type", "text");
    }
    if (f.required) control.setAttribute("aria-required", "true");
    if (saved && typeof saved[f.name] === "string") input.value = saved[f.name];
    line.appendChild(control);
    if (input !== control) line.appendChild(input);
    if (f.help) {
      control.setAttribute("aria-describedby", id + "-help");
      line.appendChild(el("p", { "class": "wq-field-help", "id": id + "-help" }, f.help));
    }
    return { row: line, input: input, control: control };
  }

  /* show each picker's value after its named input changed (a fill, a reload, clearing) */
  function show(L) {
    Object.keys(L.controls).forEach(function (name) {
      if (L.controls[name].wqShow) L.controls[name].wqShow();
    });
  }

  wq.lettersFields = { row: row, show: show, toLetter: toLetter, toPicker: toPicker };
})();
