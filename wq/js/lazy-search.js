/* 维权手册: Material's search, loaded only when the reader moves toward it.
 * Prepended to Material's bundle by wq/bundle.py, which also makes the bundle create its search
 * worker through `__wqSearch.Worker` and fetch the index only after `wq:search-intent`.
 * Until the reader hovers, taps or focuses the search box, presses a search key (/ s f), or
 * arrives with ?q= or ?h=, no index is fetched and no worker starts. Nothing is sent anywhere. */
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

  /* A stand-in for the search Worker that starts the real one on the first sign of intent,
   * replaying the listeners and messages it was given before. */
  function LazyWorker(url) {
    var self = this;
    this.url = url;
    this.worker = null;
    this.queue = [];
    this.listeners = [];
    function boot() {
      if (self.worker) return;
      self.worker = new Worker(self.url);
      self.listeners.forEach(function (l) { self.worker.addEventListener(l[0], l[1], l[2]); });
      self.queue.forEach(function (m) { self.worker.postMessage(m); });
      self.queue = [];
    }
    if (started) boot(); else document.addEventListener(EVENT, boot, { once: true });
  }
  LazyWorker.prototype.addEventListener = function (type, fn, opts) {
    this.listeners.push([type, fn, opts]);
    if (this.worker) this.worker.addEventListener(type, fn, opts);
  };
  LazyWorker.prototype.removeEventListener = function (type, fn, opts) {
    this.listeners = this.listeners.filter(function (l) { return !(l[0] === type && l[1] === fn); });
    if (this.worker) this.worker.removeEventListener(type, fn, opts);
  };
  LazyWorker.prototype.postMessage = function (message) {
    if (this.worker) this.worker.postMessage(message); else this.queue.push(message);
  };
  LazyWorker.prototype.terminate = function () {
    if (this.worker) this.worker.terminate();
  };

  return { EVENT: EVENT, Worker: LazyWorker, start: start, started: function () { return started; } };
})();
