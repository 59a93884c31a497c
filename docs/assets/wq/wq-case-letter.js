/* 维权手册 — the case file on a letter page: fills the letter's empty inputs from 我的案件 (each
 * letter field mapped onto a case field in data/case.yml), and copies what the reader types into a
 * mapped input back into the case, so the order number typed once shows in every letter.
 * Private case fields (name, phone, ID number, address) never go into a published letter.
 * Values are set with .value and announced with a bubbling `input` event, so the letter's own
 * preview (wq-letters.js) updates. The letter's own "保存在本机" becomes the one choice to save:
 * ticked, the case (with this letter's other values under letters[<id>]) is kept in this browser;
 * unticked, what the browser holds about the case is deleted and the tab's copy stays (a line
 * says the case is kept for this tab only). Needs wq-core.js and wq-case.js. */
(function () {
  "use strict";

  var wq = window.wq;
  var C = wq.caseFile;
  var el = wq.el;

  function inputEvent() {
    var e;
    try {
      e = new Event("input", { bubbles: true });
    } catch (err) { // old webviews
      e = document.createEvent("Event");
      e.initEvent("input", true, false);
    }
    return e;
  }

  function letterInputs(root) {
    return Array.prototype.filter.call(root.querySelectorAll("form input[name], form textarea[name]"), function (i) {
      return i.type !== "checkbox";
    });
  }

  function buildNote(L, caseUrl) {
    var note = el("div", { "class": "wq-case-note" });
    var text = el("p", {}, "");
    text.appendChild(document.createTextNode("订单号、金额等在“"));
    var link = el("a", { "href": caseUrl || "#" }, "我的案件");
    text.appendChild(link);
    text.appendChild(document.createTextNode("”里填一次，各份文书都会自动填入；在这里修改，我的案件也会更新。" +
      "不勾选“保存在本机”，这些内容只在这个标签页里带到其他文书，关闭标签页后即消失；" +
      "勾选后，我的案件连同这封信填写的内容一起保存在本机。"));
    note.appendChild(text);
    return note;
  }

  function report(L, state, explicit) { C.report(L.status, state, explicit); }

  wq.caseLetter = function (root, marker) {
    var id = root.getAttribute("data-template");
    var map = C.schema.letters[id] || C.dict();
    var published = C.schema["public"].indexOf(id) >= 0;
    var own = root.wqLetter; // the letter's own state (wq-letters.js)
    var L = { busy: false };
    if (!own) return;

    function target(name) {
      var t = map[name], f = t && C.schema.fields[t];
      return f && !(published && f["private"]) ? t : null;
    }

    function kept() { return C.data.letters[id] || C.dict(); }

    function fill() {
      if (!document.documentElement.contains(root)) return; // a page left by instant navigation
      var n = 0;
      letterInputs(root).forEach(function (input) {
        if (input.value) return;
        var t = target(input.name);
        var value = t && C.data.fields[t] ? C.toLetter(t, C.data.fields[t]) : kept()[input.name];
        if (!value) return;
        L.busy = true;
        input.value = value;
        input.dispatchEvent(inputEvent());
        L.busy = false;
        n += 1;
      });
      return n;
    }

    function current() {
      var values = {};
      letterInputs(root).forEach(function (input) { values[input.name] = input.value; });
      return values;
    }

    // one choice to save: the letter's own "保存在本机" now keeps the case, this letter's values with it
    own.caseSaves = true;
    L.box = own.saveBox;
    L.status = own.saveStatus;
    var label = root.querySelector("label[for='" + L.box.id + "']");
    if (label) label.textContent = "保存在本机：关闭页面后还能看到（连同我的案件；只存在这台设备的这个浏览器里）";
    if (L.box.parentNode) L.box.parentNode.className += " wq-keep";
    var adopted = C.adopt(id, current(), L.box.checked);
    L.box.checked = C.saving;
    report(L, adopted, false);

    var form = root.querySelector("form"), block = form.parentNode; // the letter's own form section
    block.parentNode.insertBefore(buildNote(L, marker.getAttribute("data-wq-case-url")), block.nextSibling);
    fill(); // the count of filled fields is shown on the form's fold (wq-letters-phone.js)
    C.onChange(fill);

    root.addEventListener("input", function (e) {
      var input = e.target;
      if (L.busy || !input || !input.name || input.type === "checkbox") return;
      var t = target(input.name);
      var value = t ? (input.value.trim() ? C.fromLetter(t, input.value) : "") : null;
      if (value !== null) { // the case holds it (emptied here: emptied in the case)
        if (kept()[input.name] !== undefined) delete C.data.letters[id][input.name];
        report(L, C.set(t, value, fill), false);
      } else { // a field only this letter has, one kept out of a published letter, or a date the case cannot read
        C.data.letters[id] = kept();
        C.data.letters[id][input.name] = input.value;
        report(L, C.save(), false);
      }
    });
    L.box.addEventListener("change", function () { report(L, C.optIn(L.box.checked), true); });
  };
})();
