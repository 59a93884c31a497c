/* 维权手册 — core of the in-browser behaviour, shared by the other wq-*.js files through one
 * global, window.wq: the DOM helper `el`, storage wrappers that never throw, the in-app browser
 * detector, copy, the "saving failed" status line, print buttons, and binding (boot). Nothing here
 * sends anything anywhere. Classic script, plain ES5: it must run from file:// and in old webviews.
 *
 * Binding: each feature registers `wq.bind(selector, init)`. init runs once per element (the
 * element is marked for that binder first), on every emission of Material's document$ (instant
 * navigation) AND on DOMContentLoaded: from file:// Material's document$ completes without
 * emitting, so the DOMContentLoaded fallback is what binds the offline copy. Doing both is safe. */
(function () {
  "use strict";

  var wq = window.wq = window.wq || {};
  if (wq.bind) return; // loaded twice: keep the first copy and its bindings

  var binders = [], ready = false; // ready: the page has been bound at least once

  /* ------------------------------------------------------------------ DOM */
  wq.el = function (tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text; // reader's text is never parsed as HTML
    return node;
  };

  wq.each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  wq.isPlainObject = function (v) {
    return v !== null && typeof v === "object" && Object.prototype.toString.call(v) === "[object Object]";
  };

  /* ------------------------------------------------------------------ storage
   * Keys are "wq:" + kind + ":" + id (wq:checklist:<id>, wq:template:<id>). wq.store is this
   * browser's localStorage (kept after the tab closes), wq.tabStore its sessionStorage (this tab
   * only, gone when it closes). Every call catches: storage may be disabled (private mode, blocked
   * cookies), full (QuotaExceededError) or hold anything at all under our keys. write and remove
   * return true only if the change was made; read returns the parsed JSON value or null. */
  var PREFIX = "wq:";

  function makeStore(name) {
    function attempt(fn, failed) {
      try { var s = window[name]; return s ? fn(s) : failed; } catch (e) { return failed; } // access can throw
    }
    var store = {
      key: function (kind, id) { return PREFIX + kind + ":" + id; },
      read: function (key) {
        return attempt(function (s) { var raw = s.getItem(key); return raw === null ? null : JSON.parse(raw); }, null);
      },
      /* a fresh plain object holding only the entries for which keep(value) is true;
       * null if nothing is stored or the stored value is not a plain object */
      readObject: function (key, keep) {
        var v = store.read(key), out = {};
        if (!wq.isPlainObject(v)) return null;
        Object.keys(v).forEach(function (k) { if (keep(v[k])) out[k] = v[k]; });
        return out;
      },
      write: function (key, value) {
        return attempt(function (s) { s.setItem(key, JSON.stringify(value)); return true; }, false);
      },
      remove: function (key) { return attempt(function (s) { s.removeItem(key); return true; }, false); },
      /* true if a key starting with one of the prefixes is stored */
      has: function (prefixes) {
        return attempt(function (s) {
          for (var i = 0; i < s.length; i++) {
            var k = s.key(i);
            if (prefixes.some(function (p) { return k.indexOf(p) === 0; })) return true;
          }
          return false;
        }, false);
      }
    };
    return store;
  }
  wq.store = makeStore("localStorage");
  wq.tabStore = makeStore("sessionStorage");

  /* ------------------------------------------------------------------ in-app browsers
   * WeChat, QQ, Alipay, Weibo, DingTalk, any Android WebView ("; wv)") and iOS apps' web views
   * (no "Safari/" in the user agent): print does nothing there and downloads often fail, so each
   * print or download control gets guidance and a copy-text box (wq-inapp.js, loaded only there).
   * Returns the app's name (for the guidance), "" in a normal browser. */
  var APPS = [[/MicroMessenger/i, "微信"], [/(^|[^a-z])QQ\//i, "QQ"], [/AlipayClient/i, "支付宝"],
    [/Weibo/i, "微博"], [/DingTalk/i, "钉钉"]];
  wq.inApp = function (ua) {
    ua = ua === undefined ? String(navigator.userAgent || "") : String(ua);
    for (var i = 0; i < APPS.length; i++) if (APPS[i][0].test(ua)) return APPS[i][1];
    if (/Android/.test(ua) && /; wv\)/.test(ua)) return "应用内浏览器";
    if (/iPhone|iPad|iPod/.test(ua) && !/Safari\//.test(ua)) return "应用内浏览器";
    return "";
  };

  /* ------------------------------------------------------------------ copy
   * wq.copy(text, area, done): the Clipboard API where allowed, else `area` (a textarea or input
   * on the page) is given the text, selected and copied with execCommand; done(ok). */
  wq.copy = function (text, area, done) {
    function fallback() {
      var ok = false;
      area.value = text; area.focus(); area.select();
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else fallback();
  };

  /* ------------------------------------------------------------------ "saved / not saved" line
   * A visible role=status line. say(state, text) changes the text only when the state changes, so
   * a failing save is announced once, not on every keystroke; force(state, text) always does. */
  wq.saveStatus = function (initialState) {
    var line = wq.el("p", { "class": "wq-save-status wq-no-print", "role": "status", "aria-live": "polite" });
    var state = initialState === undefined ? null : initialState;
    return {
      line: line,
      state: function () { return state; },
      say: function (next, text) {
        if (next === state) return;
        state = next;
        line.textContent = text;
      },
      force: function (next, text) {
        state = next;
        line.textContent = text;
      }
    };
  };

  /* ------------------------------------------------------------------ binding */
  /* Each binder marks the elements it has bound (one element may match several binders);
   * data-wq-bound is also set, for styles and tests, once any binder has bound the element. */
  function bindOne(selector, init, n) {
    wq.each(document.querySelectorAll(selector), function (node) {
      var marks = node.wqBinders || (node.wqBinders = {});
      if (marks[n]) return;
      marks[n] = true;
      node.dataset.wqBound = "1";
      try {
        init(node);
      } catch (e) {
        // one broken block must not stop the others binding; still surface the error
        setTimeout(function () { throw e; }, 0);
      }
    });
  }

  function bindAll() {
    ready = true;
    binders.forEach(function (b, n) { bindOne(b.selector, b.init, n); });
  }

  /* init(element) runs once for every element matching selector, now and after each navigation */
  wq.bind = function (selector, init) {
    binders.push({ selector: selector, init: init });
    if (ready) bindOne(selector, init, binders.length - 1); // registered after the first binding (late script)
  };
  wq.bindAll = bindAll;

  /* fn runs once the page has fully loaded (soon, if it already has): after the browser has
   * restored form state on back/forward, which it does after DOMContentLoaded */
  wq.afterLoad = function (fn) {
    function later() { setTimeout(fn, 0); }
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later);
  };

  /* ------------------------------------------------------------------ load on demand
   * wq.load("wq-case", done): adds assets/wq/wq-case.js once, as a classic script (works from
   * file://, no fetch, no modules), and calls done(true) when it has run, done(false) if it failed.
   * Code that only some pages use loads this way, so other pages never download it. */
  var here = document.currentScript && document.currentScript.src;
  var loads = {};
  /* Each script's content hash, written in by the build (macros/versions.py), so that a cached older
   * copy is never run with a newer page. */
  var VERSIONS = "@@WQ_VERSIONS@@";
  wq.load = function (name, done) {
    done = done || function () {};
    var entry = loads[name];
    if (entry && entry.state !== "loading") { setTimeout(function () { done(entry.state === "ok"); }, 0); return; }
    if (entry) { entry.waiting.push(done); return; }
    entry = loads[name] = { state: "loading", waiting: [done] };
    var script = document.createElement("script");
    var version = typeof VERSIONS === "object" && VERSIONS.hasOwnProperty(name) ? "?v=" + VERSIONS[name] : "";
    script.src = (here ? here.replace(/wq-core\.js(\?.*)?$/, name + ".js") : "assets/wq/" + name + ".js") + version;
    function finish(ok) {
      entry.state = ok ? "ok" : "failed";
      entry.waiting.splice(0).forEach(function (cb) { cb(ok); });
    }
    script.onload = function () { finish(true); };
    script.onerror = function () { finish(false); };
    document.head.appendChild(script);
  };
  /* scripts the build joined into the one just run (macros/tidy.py): loaded already, not asked again */
  wq.provide = function (names) { names.forEach(function (n) { loads[n] = loads[n] || { state: "ok", waiting: [] }; }); };

  /* An element that needs page-specific code names it: <div data-wq-needs="wq-letters wq-case">. */
  wq.bind("[data-wq-needs]", function (node) {
    node.getAttribute("data-wq-needs").split(/\s+/).forEach(function (name) {
      if (/^wq-[a-z-]+$/.test(name)) wq.load(name);
    });
  });

  /* <div data-wq-later="wq-case">: code a form needs only once the reader uses it. Loaded when the
   * reader first focuses something inside the element's parent, or at once if this browser already
   * keeps something the code works with (keys in data-wq-later-keys, prefixes of our storage keys). */
  function keeps(prefixes) { return wq.store.has(prefixes) || wq.tabStore.has(prefixes); } // the tab's copy too

  wq.bind("[data-wq-later]", function (node) {
    var names = node.getAttribute("data-wq-later").split(/\s+/).filter(function (n) { return /^wq-[a-z-]+$/.test(n); });
    var scope = node.parentNode;
    var done = false;
    function go() {
      if (done) return;
      done = true;
      document.removeEventListener("focusin", onFocus, true);
      names.forEach(function (name) { wq.load(name); });
    }
    function onFocus(e) { if (scope.contains(e.target)) go(); }
    if (keeps((node.getAttribute("data-wq-later-keys") || "").split(/\s+/).filter(Boolean))) go();
    else document.addEventListener("focusin", onFocus, true);
  });

  /* ------------------------------------------------------------------ print buttons */
  wq.bind("[data-wq-print]", function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  /* in an in-app browser, pages with print or download controls get their guidance */
  wq.bind("[data-wq-inapp], [data-wq-needs]", function () { if (wq.inApp()) wq.load("wq-inapp"); });

  /* Folded statute quotes print in full: open them for printing, close them again after. */
  window.addEventListener("beforeprint", function () {
    wq.each(document.querySelectorAll("details.wq-laws-fold:not([open])"), function (d) {
      d.setAttribute("open", ""); d.setAttribute("data-wq-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    wq.each(document.querySelectorAll("details[data-wq-print-opened]"), function (d) {
      d.removeAttribute("open"); d.removeAttribute("data-wq-print-opened");
    });
  });

  /* ------------------------------------------------------------------ boot */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { bindAll(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bindAll);
  } else {
    setTimeout(bindAll, 0); // already parsed: after the other wq-*.js files have registered
  }
})();
