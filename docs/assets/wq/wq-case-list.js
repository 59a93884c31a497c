/* 维权手册 — the case file on a checklist page (the checklists listed under `checklists:` in
 * data/case.yml, [data-wq-needs="wq-case-list"] in checklist.html): the case fields its form asks
 * for, from the case kept in this browser or in this tab. Needs wq-core.js; loads wq-case.js. */
(function () {
  "use strict";

  var wq = window.wq;
  if (wq.caseList) return;
  wq.caseList = true;

  wq.load("wq-case", function (ok) {
    if (!ok) return;
    var C = wq.caseFile;

    /* ---------------------------------------------------------------- checklist pages
     * The case fields a checklist's form asks for (data/case.yml `checklists:`), from the case kept
     * here or in this tab, written with textContent; empty fields are left out. */
    wq.bind("[data-checklist-case] [data-wq-case]", function (marker) {
      var schema = C.parseSchema(marker);
      var box = marker.parentNode;
      if (!schema) return;
      C.start(schema);
      var names = (schema.checklists || {})[box.getAttribute("data-checklist-case")] || [];
      var list = wq.el("dl", { "class": "wq-case-list" });
      names.forEach(function (name) {
        var value = C.data.fields[name];
        if (!value || !schema.fields[name]) return;
        list.appendChild(wq.el("dt", {}, schema.fields[name].label));
        list.appendChild(wq.el("dd", {}, C.toLetter(name, value)));
      });
      if (!list.firstChild) return;
      var empty = box.querySelector("[data-case-empty]");
      box.insertBefore(list, empty);
      empty.firstChild.textContent = C.saving ? "以下内容来自本机保存的" : "以下内容来自这个标签页里填写的";
      empty.lastChild.textContent = "；要修改，请到那一页去改。";
      box.appendChild(empty);
    });
  });
})();
