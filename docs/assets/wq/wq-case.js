/* 维权手册 — the case file (我的案件): the facts of the reader's case, typed once, shared by every
 * letter. Loaded only where used ([data-wq-needs="wq-case"]: the case page, letter pages and the
 * checklists listed under `checklists:` in data/case.yml).
 * The case lives in memory (wq.caseFile.data) and, only after the reader ticks "保存在本机", in
 * this browser's localStorage under wq:case. Nothing is sent anywhere; typed text is written to
 * the page only with .value / textContent. Schema (fields, letter mapping, published letters)
 * comes from data/case.yml through the element's data-wq-case attribute.
 * On letter pages (.wq-template with a [data-wq-case] child): fills empty mapped inputs from the
 * case, and copies the reader's edits of mapped inputs back. Private fields never go into a
 * published letter (wq-case-letter.js). The case page's own code is in wq-case-page.js and
 * wq-case-dates.js.
 * Needs wq-core.js. */
(function () {
  "use strict";

  var wq = window.wq;
  if (wq.caseFile) return;
  var KEY = "wq:case";
  var FORMAT = "wq-case";
  var LOG_KEYS = ["date", "channel", "ticket", "reply", "promised", "next"];

  var C = wq.caseFile = { schema: null, data: null, saving: false, listeners: [], KEY: KEY, LOG_KEYS: LOG_KEYS };

  function isString(v) { return typeof v === "string"; }

  function blank() { return { fields: {}, log: [], letters: {} }; }

  function strings(obj, known) {
    var out = {};
    if (!wq.isPlainObject(obj)) return null;
    var ok = Object.keys(obj).every(function (k) { return isString(obj[k]); });
    if (!ok) return null;
    Object.keys(obj).forEach(function (k) { if (!known || known(k)) out[k] = obj[k]; });
    return out;
  }

  /* A case of the right shape (from storage or an imported file), or null. Unknown field names
   * are dropped; anything of the wrong type makes the whole thing invalid. */
  C.clean = function (raw) {
    if (!wq.isPlainObject(raw) || raw.format !== FORMAT) return null;
    var schema = C.schema;
    var fields = strings(raw.fields || {}, function (k) { return !!schema.fields[k]; });
    if (!fields || !Array.isArray(raw.log || [])) return null;
    var log = [];
    for (var i = 0; i < (raw.log || []).length; i++) {
      var row = strings(raw.log[i], function (k) { return LOG_KEYS.indexOf(k) >= 0; });
      if (!row) return null;
      log.push(row);
    }
    var letters = {};
    if (!wq.isPlainObject(raw.letters || {})) return null;
    var ids = Object.keys(raw.letters || {});
    for (var j = 0; j < ids.length; j++) {
      var values = strings(raw.letters[ids[j]]);
      if (!values || !/^[a-z0-9-]+$/.test(ids[j])) return null;
      letters[ids[j]] = values;
    }
    return { fields: fields, log: log, letters: letters };
  };

  C.serialize = function () {
    var d = C.data;
    return { format: FORMAT, version: 1, fields: d.fields, log: d.log, letters: d.letters };
  };

  /* ------------------------------------------------------------------ storage (opt-in) */
  C.save = function () {
    if (!C.saving) return "off";
    return wq.store.write(KEY, C.serialize()) ? "saved" : "failed";
  };

  /* the letters' own saved values (wq:template:<id>) of every mapped letter */
  function letterKeys() {
    return Object.keys(C.schema.letters).map(function (id) { return { id: id, key: wq.store.key("template", id) }; });
  }

  /* start or stop saving; stopping deletes what this browser holds about the case */
  C.optIn = function (on) {
    C.saving = on;
    if (on) return C.save();
    var ok = wq.store.remove(KEY);
    letterKeys().forEach(function (k) { ok = wq.store.remove(k.key) && ok; });
    return ok ? "off" : "failed";
  };

  /* Values a letter holds (its own saved copy, or what is in its form) go into the case: a mapped
   * value the case can read, where the case has none (never over a case value); the rest (fields
   * only that letter has, fields kept out of a published letter, a date without a year) stay with
   * the letter, where it has none. Returns true if any value was given. */
  C.absorb = function (id, values) {
    var map = C.schema.letters[id] || {}, any = false;
    Object.keys(values || {}).forEach(function (name) {
      var value = values[name];
      if (!isString(value) || !value) return;
      any = true;
      var target = map[name], converted = target ? C.fromLetter(target, value) : null;
      if (converted) {
        if (!C.data.fields[target]) C.data.fields[target] = converted;
        return;
      }
      C.data.letters[id] = C.data.letters[id] || {};
      if (!C.data.letters[id][name]) C.data.letters[id][name] = value;
    });
    return any;
  };

  /* Readers who saved letter values before the case file existed: carry them into the case, and
   * keep saving (they opted in). */
  function migrate() {
    var found = false;
    letterKeys().forEach(function (k) {
      if (C.absorb(k.id, wq.store.readObject(k.key, isString))) found = true;
    });
    if (found) { C.saving = true; C.save(); }
  }

  /* A letter page's form saves through the case from now on (wq-case-letter.js): one choice,
   * "保存在本机", for the case and the letter. What the letter kept under its own key (its box was
   * ticked before this code arrived) and what is in its form now are carried into the case; the
   * letter's own key is removed once the case holds them. ticked: the letter's box is ticked. */
  C.adopt = function (id, current, ticked) {
    var key = wq.store.key("template", id);
    if (C.absorb(id, wq.store.readObject(key, isString))) ticked = true;
    C.absorb(id, current);
    if (ticked) C.saving = true;
    var state = C.save();
    if (state !== "failed") wq.store.remove(key);
    return state;
  };

  C.start = function (schema) {
    if (C.schema) return;
    C.schema = schema;
    var stored = C.clean(wq.store.read(KEY));
    if (stored) { C.data = stored; C.saving = true; return; }
    C.data = blank();
    migrate();
  };

  /* replace the whole case (import, delete-all) */
  C.replace = function (data) {
    C.data = data || blank();
    var state = C.save();
    C.notify(null);
    return state;
  };

  C.set = function (name, value, source) {
    if (value) C.data.fields[name] = value; else delete C.data.fields[name];
    var state = C.save();
    C.notify(source);
    return state;
  };

  C.onChange = function (fn) { C.listeners.push(fn); };
  C.notify = function (source) {
    C.listeners.forEach(function (fn) { if (fn !== source) fn(); });
  };

  /* ------------------------------------------------------------------ dates: case ISO <-> letter text */
  C.formatDate = function (iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : iso;
  };

  C.parseDate = function (text) {
    var m = /^\s*(\d{4})\s*[年.\/-]\s*(\d{1,2})\s*[月.\/-]\s*(\d{1,2})\s*日?\s*$/.exec(text || "");
    if (!m) return null;
    var mo = Number(m[2]), d = Number(m[3]);
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
    return m[1] + "-" + (mo < 10 ? "0" : "") + mo + "-" + (d < 10 ? "0" : "") + d;
  };

  C.toLetter = function (field, value) {
    return C.schema.fields[field].kind === "date" ? C.formatDate(value) : value;
  };

  /* the case value for a letter's text, or null when it cannot be read (a date without a year) */
  C.fromLetter = function (field, text) {
    var f = C.schema.fields[field];
    if (!f) return null;
    return f.kind === "date" ? C.parseDate(text) : text.trim();
  };

  function parseSchema(node) {
    try { return JSON.parse(node.getAttribute("data-wq-case")); } catch (e) { return null; }
  }

  /* ------------------------------------------------------------------ case page */
  wq.bind(".wq-case-page[data-wq-case]", function (root) {
    var schema = parseSchema(root);
    if (!schema) return;
    C.start(schema);
    var waiting = 2;
    function ready(ok) {
      if (!ok) return;
      waiting -= 1;
      if (waiting === 0) wq.casePage(root);
    }
    wq.load("wq-case-dates", ready);
    wq.load("wq-case-page", ready);
  });

  /* ------------------------------------------------------------------ checklist pages
   * The case fields a checklist's form asks for (data/case.yml `checklists:`), from the saved case,
   * written with textContent; empty fields are left out. Nothing is shown without a saved case. */
  wq.bind("[data-checklist-case] [data-wq-case]", function (marker) {
    var schema = parseSchema(marker);
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
    empty.firstChild.textContent = "以下内容来自本机保存的";
    empty.lastChild.textContent = "；要修改，请到那一页去改。";
    box.appendChild(empty);
  });

  /* ------------------------------------------------------------------ letter pages */
  wq.bind(".wq-template [data-wq-case]", function (marker) {
    var schema = parseSchema(marker);
    var root = marker.closest ? marker.closest(".wq-template") : null;
    if (!schema || !root) return;
    C.start(schema);
    var tries = 0;
    function wait() { // the letter form is built by wq-letters.js, maybe after this runs
      if (root.querySelector("form [name]")) wq.caseLetter(root, marker);
      else if ((tries += 1) < 50) setTimeout(wait, 100);
    }
    wq.load("wq-case-letter", function (ok) { if (ok) wait(); });
  });
})();
