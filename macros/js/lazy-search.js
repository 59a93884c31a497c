/* 维权手册: Material's search, loaded only when the reader moves toward it.
 * Prepended to Material's bundle by macros/bundle.py, which also makes the bundle create its search
 * worker through `__wqSearch.Worker` and fetch the index only after `wq:search-intent`.
 * Until the reader hovers, taps or focuses the search box, presses a search key (/ s f), or
 * arrives with ?q= or ?h=, no index is fetched and no worker starts. Nothing is sent anywhere.
 * The reader's query is also tidied on its way to the worker (see `rewrite`). */
var __wqSearch = (function () {
  "use strict";
  var EVENT = "wq:search-intent";
  var started = false;

  function start() {
    if (started) return;
    started = true;
    document.dispatchEvent(new CustomEvent(EVENT));
  }

  function nearSearch(target) {
    return !!(target && target.closest &&
      target.closest(".md-search, label[for='__search'], [data-md-toggle='search']"));
  }

  ["pointerover", "pointerdown", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (e) { if (nearSearch(e.target)) start(); },
      { capture: true, passive: true });
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName || ""));
    if (!typing && /^[/sfSF]$/.test(e.key)) start();
  }, true);
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "__search") start();
  }, true);
  if (/[?&][qh]=/.test(location.search)) start();

  /* The query as the worker should see it. Material's worker segments only runs of Chinese
   * characters, so digits or Latin letters glued to them stay one unknown word ("12315怎么投诉"
   * found nothing from 12315): split them off. Full-width digits and letters become half-width.
   * Words that only make it a question (怎么, 如何…) are left out: Material matches the first ones
   * as prefixes, so "怎么" found every title with "怎么办". Readers' own words gain the words the
   * pages use. Both lists are in data/search_words.yml; the build puts them into the index's
   * config (`wq_fillers`; `wq_synonyms`: [[reader words], [page words]] pairs).
   * A question ("12315怎么投诉", `wq_questions`) wants the guide that explains the steps: in its
   * results the best guide moves ahead of the letters and checklists (the toolkit) ranked above
   * it; not when the reader names a document (`wq_documents`: 起诉状, 模板…). */
  var SETUP = 0, QUERY = 2, RESULT = 3;  /* Material's message types (macros/bundle.py checks them) */
  var synonyms = [], fillers = [], questions = [], documents = [];
  var asked = [];  /* one flag per query posted, in order: the worker answers in order */
  var HAN = "\u3400-\u9fff\uf900-\ufaff";
  var GLUED = new RegExp("([0-9A-Za-z])(?=[" + HAN + "])|([" + HAN + "])(?=[0-9A-Za-z])", "g");

  function contains(text, words) {
    for (var i = 0; i < words.length; i++) if (text.indexOf(words[i]) !== -1) return true;
    return false;
  }

  function rewrite(query) {
    var q = String(query).replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(GLUED, "$1$2 ");
    var kept = q;
    fillers.forEach(function (w) { kept = kept.split(w).join(" "); });
    if (/\S/.test(kept)) q = kept.replace(/\s+/g, " ").replace(/^ | $/g, "");
    var extra = [];
    synonyms.forEach(function (pair) {
      if (!contains(query, pair[0]) && !contains(q, pair[0])) return;
      pair[1].forEach(function (w) { if (q.indexOf(w) === -1 && extra.indexOf(w) === -1) extra.push(w); });
    });
    return extra.length ? q + " " + extra.join(" ") : q;
  }

  function prepare(message) {
    if (!message) return message;
    if (message.type === SETUP && message.data && message.data.config) {
      synonyms = message.data.config.wq_synonyms || [];
      fillers = message.data.config.wq_fillers || [];
      questions = message.data.config.wq_questions || [];
      documents = message.data.config.wq_documents || [];
    } else if (message.type === QUERY && typeof message.data === "string") {
      asked.push(isQuestion(message.data));
      return { type: QUERY, data: rewrite(message.data) };
    }
    return message;
  }

  function isQuestion(query) {
    return contains(query, questions) && !contains(query, documents);
  }

  function section(group) {
    var doc = group && group[0];
    return doc && typeof doc.location === "string" ? doc.location.split("/")[0] : "";
  }

  /* The best guide moves ahead of the first letter or checklist above it; the rest keep their order. */
  function guideFirst(items) {
    var tool = -1, guide = -1;
    for (var n = 0; n < items.length && guide === -1; n++) {
      var kind = section(items[n]);
      if (kind === "toolkit" && tool === -1) tool = n;
      if (kind === "guides") guide = n;
    }
    if (tool === -1 || guide === -1 || guide < tool) return items;
    var out = items.slice();
    out.splice(tool, 0, out.splice(guide, 1)[0]);
    return out;
  }

  function answer(message) {
    if (!message || message.type !== RESULT) return message;
    var question = asked.shift();
    var data = message.data;
    if (!question || !data || !Array.isArray(data.items)) return message;
    var copy = {};
    Object.keys(data).forEach(function (k) { copy[k] = data[k]; });
    copy.items = guideFirst(data.items);
    return { type: RESULT, data: copy };
  }

  /* A stand-in for the search Worker that starts the real one on the first sign of intent,
   * replaying the listeners and messages it was given before. The real worker's messages reach
   * the listeners through one handler, so each result is reordered (`answer`) once; Material
   * reads only their `data`. */
  function LazyWorker(url) {
    var self = this;
    this.url = url;
    this.worker = null;
    this.queue = [];
    this.listeners = [];
    function boot() {
      if (self.worker) return;
      self.worker = new Worker(self.url);
      self.worker.addEventListener("message", function (event) {
        var relayed = { data: answer(event.data) };
        self.listeners.forEach(function (l) { if (l[0] === "message") l[1].call(self, relayed); });
      });
      self.listeners.forEach(function (l) { if (l[0] !== "message") self.worker.addEventListener(l[0], l[1], l[2]); });
      self.queue.forEach(function (m) { self.worker.postMessage(m); });
      self.queue = [];
    }
    if (started) boot(); else document.addEventListener(EVENT, boot, { once: true });
  }
  LazyWorker.prototype.addEventListener = function (type, fn, opts) {
    this.listeners.push([type, fn, opts]);
    if (this.worker && type !== "message") this.worker.addEventListener(type, fn, opts);
  };
  LazyWorker.prototype.removeEventListener = function (type, fn, opts) {
    this.listeners = this.listeners.filter(function (l) { return !(l[0] === type && l[1] === fn); });
    if (this.worker && type !== "message") this.worker.removeEventListener(type, fn, opts);
  };
  LazyWorker.prototype.postMessage = function (message) {
    message = prepare(message);
    if (this.worker) this.worker.postMessage(message); else this.queue.push(message);
  };
  LazyWorker.prototype.terminate = function () {
    if (this.worker) this.worker.terminate();
  };

  return {
    EVENT: EVENT, Worker: LazyWorker, start: start, rewrite: rewrite, answer: answer,
    started: function () { return started; }
  };
})();
