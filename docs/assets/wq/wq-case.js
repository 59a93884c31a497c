/* 维权手册 — the case file (我的案件): the facts of the reader's case, typed once, shared by every
 * letter. Loaded only where used ([data-wq-needs="wq-case"]: the case page, letter pages and the
 * checklists listed under `checklists:` in data/case.yml).
 * The case lives in memory (wq.caseFile.data), always in this tab's sessionStorage under wq:case
 * (so the facts reach the other letters during the visit; gone when the tab closes) and, only
 * after the reader ticks "保存在本机", in this browser's localStorage under wq:case. Nothing is sent
 * anywhere; typed text is written only with .value / textContent. Schema from data/case.yml (the
 * element's data-wq-case attribute). Letter pages: wq-case-letter.js; the case page:
 * wq-case-page.js, wq-case-dates.js. Needs wq-core.js. */
(function () {
  "use strict";

  var wq = window.wq;
  if (wq.caseFile) return;
  var KEY = "wq:case";
  var FORMAT = "wq-case";
  var LOG_KEYS = ["date", "channel", "ticket", "reply", "promised", "next"];

  var C = wq.caseFile = { schema: null, data: null, saving: false, listeners: [], KEY: KEY, LOG_KEYS: LOG_KEYS };

  function isString(v) { return typeof v === "string"; }

  /* Every map of names (schema, fields, letters) has no prototype, so no name (constructor,
   * __proto__, toString…) reads or writes Object.prototype; a case holding such a name is refused. */
  var JS_NAME = /^(__proto__|constructor|prototype|tostring|valueof|hasownproperty|isprototypeof|propertyisenumerable|tolocalestring|__(define|lookup)[gs]etter__)$/i;
  C.dict = function (obj, each, known) {
    var out = Object.create(null);
    Object.keys(obj || {}).forEach(function (k) { if (!known || known(k)) out[k] = each ? each(obj[k]) : obj[k]; });
    return out;
  };
  C.jsName = function (k) { return JS_NAME.test(k); };

  function blank() { return { fields: C.dict(), log: [], letters: C.dict() }; }

  function strings(obj, known) {
    if (!wq.isPlainObject(obj)) return null;
    var ok = Object.keys(obj).every(function (k) { return isString(obj[k]) && !JS_NAME.test(k); });
    return ok ? C.dict(obj, null, known) : null;
  }

  /* A case of the right shape (from storage or an imported file), or null. Unknown field names
   * are dropped; anything of the wrong type makes the whole thing invalid. */
  C.clean = function (raw) {
    if (!wq.isPlainObject(raw) || raw.format !== FORMAT) return null;
    var schema = C.schema;
    var fields = strings(raw.fields || {}, function (k) { return k in schema.fields; });
    if (!fields || !Array.isArray(raw.log || [])) return null;
    var log = [];
    for (var i = 0; i < (raw.log || []).length; i++) {
      var row = strings(raw.log[i], function (k) { return LOG_KEYS.indexOf(k) >= 0; });
      if (!row) return null;
      log.push(row);
    }
    var letters = C.dict();
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

  /* ------------------------------------------------------------------ storage
   * "saved" (kept in this browser), "failed" (could not be), "tab" (kept for this tab only),
   * "page" (not even that: storage disabled) */
  C.save = function () {
    var data = C.serialize(), tab = C.hasContent() ? wq.tabStore.write(KEY, data) : wq.tabStore.remove(KEY) || true;
    if (C.saving) return wq.store.write(KEY, data) ? "saved" : "failed";
    return tab ? "tab" : "page";
  };

  /* the letters' own saved values (wq:template:<id>) of every mapped letter */
  function letterKeys() {
    return Object.keys(C.schema.letters).map(function (id) { return { id: id, key: wq.store.key("template", id) }; });
  }

  /* start or stop saving; stopping deletes what this browser holds about the case and keeps the
   * tab's copy. all: delete the tab's copy too (删除全部) */
  C.optIn = function (on, all) {
    C.saving = on;
    if (on) return C.save();
    var ok = wq.store.remove(KEY);
    letterKeys().forEach(function (k) { ok = wq.store.remove(k.key) && ok; });
    if (all) wq.tabStore.remove(KEY);
    var state = all ? "tab" : C.save();
    return ok ? state : "failed";
  };

  C.hasContent = function () {
    var d = C.data;
    return Object.keys(d.fields).length > 0 || d.log.length > 0 || Object.keys(d.letters).length > 0;
  };

  /* what the status line under "保存在本机" says; a case kept for this tab only is said to be so as
   * long as it is (a line that stays, not a dialog when leaving). explicit: the box just changed */
  var SAVE_FAILED = "没能保存在本机（浏览器存储已满或被禁用）；填写的内容仍在本页，关闭页面后不会保留。";
  var TAB_ONLY = "还没有保存在本机：填写的内容只保留到关闭这个标签页，在这个标签页里打开的其他文书会自动填入。" +
    "要关闭后还能看到，请勾选“保存在本机”。";
  var PAGE_ONLY = "没能暂存（浏览器存储被禁用）：离开或刷新本页后，填写的内容就没有了。";
  C.report = function (line, state, explicit) {
    var say = explicit ? line.force : line.say;
    if (state === "failed") say("failed", SAVE_FAILED);
    else if (state === "saved") say("saved", explicit ? "已保存在本机；以后修改会自动保存。" : (line.state() === "failed" ? "已保存在本机。" : ""));
    else if (!C.hasContent()) say("empty", explicit ? "已不再保存，本机保存的案件和文书填写内容已删除。" : "");
    else say(state, (explicit ? "已从本机删除。" : "") + (state === "tab" ? TAB_ONLY : PAGE_ONLY));
  };

  /* Values a letter holds (its own saved copy, or what is in its form) go into the case: a mapped
   * value the case can read, where the case has none (never over a case value); the rest (fields
   * only that letter has, fields kept out of a published letter, a date without a year) stay with
   * the letter, where it has none. Returns true if any value was given. */
  C.absorb = function (id, values) {
    var map = C.schema.letters[id] || C.dict(), any = false;
    Object.keys(values || {}).forEach(function (name) {
      var value = values[name];
      if (!isString(value) || !value) return;
      any = true;
      var target = map[name], converted = target ? C.fromLetter(target, value) : null;
      if (converted) {
        if (!C.data.fields[target]) C.data.fields[target] = converted;
        return;
      }
      C.data.letters[id] = C.data.letters[id] || C.dict();
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
    var stored = C.clean(wq.store.read(KEY)), tab = C.clean(wq.tabStore.read(KEY));
    if (stored) { C.data = stored; C.saving = true; return; }
    C.data = tab || blank();
    if (!tab) migrate();
  };

  /* replace the whole case (import, delete-all); the case's new contents are saved where it is */
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
    var s = null;
    try { s = JSON.parse(node.getAttribute("data-wq-case")); } catch (e) { return null; }
    if (!wq.isPlainObject(s)) return null;
    return { fields: C.dict(s.fields), letters: C.dict(s.letters, function (m) { return C.dict(m); }),
      checklists: C.dict(s.checklists), "public": Array.isArray(s["public"]) ? s["public"] : [] };
  }
  C.parseSchema = parseSchema;

  /* ------------------------------------------------------------------ case page */
  wq.bind(".wq-case-page[data-wq-case]", function (root) {
    var schema = parseSchema(root);
    if (!schema) return;
    C.start(schema);
    var names = ["wq-case-dates", "wq-case-ics", "wq-case-share", "wq-case-page"], waiting = names.length;
    names.forEach(function (n) { wq.load(n, function (ok) { if (ok && (waiting -= 1) === 0) wq.casePage(root); }); });
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
