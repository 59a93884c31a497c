/* 维权手册 — in-app browsers (WeChat, QQ, Alipay, Weibo, DingTalk, Android WebView, iOS apps' web
 * views: wq.inApp in wq-core.js, which loads this file only there). In those browsers window.print()
 * does nothing (Android WebView never implemented it), files built in the page (blob: URLs) are
 * refused and most downloads are blocked or hidden. So before every group of print or download
 * controls (an element marked data-wq-inapp="print made file": print buttons, files built in the
 * page, static files) this inserts, BEFORE the reader taps:
 *   what will and will not work there;
 *   the full text in a selectable box with one "复制全文" button, when the page gives one (the
 *     nearest ancestor with a wqText() function: the letter, the checklist, the case summary);
 *   how to open the page in a real browser, with the page's address to copy.
 * A short line under the page title says the same on the first screen. Groups added later by
 * other scripts (a letter's buttons) are found by a MutationObserver.
 * In a normal browser this file is never loaded and nothing changes. Text: textContent/.value only. */
(function () {
  "use strict";

  var wq = window.wq;
  if (wq.inappGuard) return;
  var el = wq.el;
  var app = wq.inApp() || "应用内浏览器";
  var WHAT = {
    print: "“打印”按钮在这里多半没有反应。",
    made: "在页面里生成的文件（.txt、Word、案件文件）在这里多半下载不了。",
    file: "PDF、Word、压缩包的下载链接有时能打开，但常常无法保存。"
  };
  var OPEN = "要打印或下载：点右上角的菜单（“…”），选择在浏览器中打开；没有这一项时，复制下面的网址，粘贴到手机浏览器的地址栏里打开。";
  var serial = 0;

  /* the nearest ancestor that can give the full text (wqText set by the page's own script) */
  function source(node) {
    for (var n = node; n && n !== document; n = n.parentNode) {
      if (typeof n.wqText === "function") return n;
    }
    return null;
  }

  function textOf(src) {
    try { return String(src.wqText() || ""); } catch (e) { return ""; }
  }

  function copy(text, area, say) {
    wq.copy(text, area, function (ok) {
      say(ok ? "已复制。可以粘贴到聊天（例如发给自己）、备忘录或邮件里。" : "没能自动复制：请长按上面框里的文字，全选后复制。");
    });
  }

  function copyRow(box, label, value, buttonText, rows) {
    var id = "wq-inapp-" + (serial += 1);
    box.appendChild(el("label", { "for": id, "class": "wq-inapp-label" }, label));
    var area = el(rows ? "textarea" : "input", { "id": id, "readonly": "", "class": "wq-inapp-text" });
    if (rows) area.setAttribute("rows", rows); else area.setAttribute("type", "text");
    area.value = value;
    box.appendChild(area);
    var button = el("button", { "type": "button", "class": "md-button" + (rows ? " md-button--primary" : "") }, buttonText);
    box.appendChild(button);
    return { area: area, button: button };
  }

  /* the guidance for one group of controls, inserted before it. state: "full" (the first group of
   * a text source: the box with the full text), "none" (no text: the guidance and the address
   * only), "ref:<id>" (a later group of the same source: a link to that first box) */
  function guard(group, src, state) {
    var kinds = (group.getAttribute("data-wq-inapp") || "print made file").split(/\s+/);
    var box = group.wqBox = el("div", { "class": "wq-wechat wq-inapp wq-no-print", "role": "note", "data-wq-inapp-guide": "",
      "id": "wq-inapp-guide-" + (serial += 1) });
    box.appendChild(el("p", { "class": "wq-wechat-note" }, "你正在" + app + "里打开本页：" +
      kinds.map(function (k) { return WHAT[k] || ""; }).join("")));
    var status = el("p", { "class": "wq-status", "role": "status", "aria-live": "polite" });
    group.wqSay = function (text) { status.textContent = text; };
    if (state.indexOf("ref:") === 0) { // said once above: point there
      box.appendChild(el("p", {}, "能用的办法：见")).appendChild(el("a", { "href": "#" + state.slice(4) }, "上面的说明"));
    } else {
      if (state === "full") {
        box.appendChild(el("p", {}, "能用的办法：点“复制全文”，把全文粘贴到聊天（例如发给自己）、备忘录或邮件里；也可以长按框里的文字自己选择。"));
        var full = copyRow(box, "全文（可以长按选择）：", textOf(src), "复制全文", "8");
        full.button.setAttribute("data-wq-copy-all", "");
        full.button.addEventListener("click", function () { copy(textOf(src), full.area, group.wqSay); });
        src.wqRefresh = function () { full.area.value = textOf(src); };
      }
      box.appendChild(el("p", {}, OPEN));
      var address = copyRow(box, "本页网址：", window.location.href, "复制网址", 0);
      address.button.addEventListener("click", function () {
        copy(window.location.href, address.area, function (said) {
          group.wqSay(/^已复制/.test(said) ? "已复制网址。打开手机浏览器，粘贴到地址栏。" : "没能自动复制：请长按网址，全选后复制。");
        });
      });
    }
    box.appendChild(status);
    group.parentNode.insertBefore(box, group);
    if (group.wqClicks) return;
    group.wqClicks = true; // a tap that does nothing here is explained where the reader looks next
    group.addEventListener("click", function (e) {
      var t = e.target && e.target.closest ? e.target.closest("button, a") : null;
      if (t && !/复制|清除/.test(t.textContent)) {
        group.wqSay("如果没有反应：" + (source(group) ? "用上面的“复制全文”，或" : "") + "在浏览器中打开本页（见上面的说明）。");
      }
    });
  }

  /* one line under the page title, so the first screen says it too */
  function banner() {
    var first = document.querySelector("[data-wq-inapp-guide]"), h1 = document.querySelector(".md-content__inner h1");
    var line = document.querySelector(".md-content__inner .wq-inapp-banner");
    if (!first || !h1) return;
    if (!line) {
      line = el("p", { "class": "wq-inapp-banner wq-no-print", "role": "note" }, "在" + app + "里打印、下载多半不能用：");
      line.appendChild(el("a", {}, "复制全文或在浏览器中打开的办法"));
      line.appendChild(document.createTextNode("在各个打印、下载按钮前。"));
      h1.parentNode.insertBefore(line, h1.nextSibling);
    }
    line.querySelector("a").setAttribute("href", "#" + first.id);
  }

  var pending = false, tries = 0;
  /* every group in document order: the first of each text source holds the full text; a group
   * whose state changed (its source's script arrived, an earlier group appeared) is rebuilt */
  function scan() {
    pending = false;
    var owners = [], firsts = [];
    wq.each(document.querySelectorAll("[data-wq-inapp]"), function (group) {
      var src = source(group), key = src || document, at = owners.indexOf(key);
      var state = at >= 0 ? "ref:" + firsts[at].wqBox.id : src ? "full" : "none";
      if (group.wqState !== state) {
        if (group.wqBox && group.wqBox.parentNode) group.wqBox.parentNode.removeChild(group.wqBox);
        group.wqState = state;
        guard(group, src, state);
      }
      if (at < 0) { owners.push(key); firsts.push(group); }
    });
    banner();
  }
  function later() {
    if (pending) return;
    pending = true;
    setTimeout(scan, 50);
  }
  function refresh() {
    wq.each(document.querySelectorAll("[data-wq-inapp]"), function (group) {
      var src = source(group);
      if (src && src.wqRefresh) src.wqRefresh();
    });
  }

  wq.inappGuard = { scan: scan, refresh: refresh };
  scan();
  if (window.MutationObserver) new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  (function poll() { if ((tries += 1) < 40) { later(); setTimeout(poll, 250); } })(); // scripts still arriving
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function () { setTimeout(refresh, 0); }, true);
  });
})();
