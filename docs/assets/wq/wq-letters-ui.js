/* 维权手册 — letters: the parts of the fill-in form that only letter pages need, loaded there by
 * wq-letters.js: the problem picker (preselected from ?problem=<scenario id>), steps for long
 * forms, copy, print, .txt and the .docx button (wq-docx.js, loaded on click). In-app browsers
 * (WeChat…) get their copy-text fallback from wq-inapp.js.
 * L is the letter's state object built by wq-letters.js. Reader text: textContent only. */
(function () {
  "use strict";

  var wq = window.wq;
  var el = wq.el;

  /* ------------------------------------------------------------------ problem picker */
  function problemFromUrl() {
    var m = /[?&]problem=([a-z0-9-]+)/.exec(window.location.search || "");
    return m ? m[1] : "";
  }

  function picker(L) {
    var variants = L.data.variants || [];
    if (!variants.length) return null;
    var row = el("div", { "class": "wq-form-row wq-problem-row" });
    row.appendChild(el("label", { "for": "wq-problem" }, "你遇到的问题"));
    var select = el("select", { "id": "wq-problem", "aria-describedby": "wq-problem-help" });
    variants.forEach(function (v) { select.appendChild(el("option", { "value": v.problem }, v.label)); });
    var wanted = problemFromUrl();
    if (variants.some(function (v) { return v.problem === wanted; })) select.value = wanted;
    row.appendChild(select);
    row.appendChild(el("p", { "class": "wq-field-help", "id": "wq-problem-help" },
      "信里说明问题性质和法律依据的段落随你选的问题改变。"));
    L.problemSelect = select;
    return row;
  }

  /* ------------------------------------------------------------------ steps (long forms) */
  function steps(L, rows) {
    var names = L.data.steps || [];
    if (!names.length) return null;
    var S = { at: 0, panels: [] };
    var box = el("div", { "class": "wq-steps" });
    S.title = el("p", { "class": "wq-step-title", "aria-live": "polite" });
    box.appendChild(S.title);
    names.forEach(function (name) {
      var panel = el("fieldset", { "class": "wq-step" });
      panel.appendChild(el("legend", {}, name));
      L.data.fields.forEach(function (f) { if (f.step === name) panel.appendChild(rows[f.name]); });
      S.panels.push(panel);
      box.appendChild(panel);
    });
    var nav = el("div", { "class": "wq-step-nav" });
    S.prev = el("button", { "type": "button", "class": "md-button" }, "上一步");
    S.next = el("button", { "type": "button", "class": "md-button md-button--primary" }, "下一步");
    nav.appendChild(S.prev);
    nav.appendChild(S.next);
    box.appendChild(nav);
    function show(n) {
      S.at = Math.max(0, Math.min(n, S.panels.length - 1));
      S.panels.forEach(function (p, i) { p.hidden = i !== S.at; });
      S.title.textContent = "第 " + (S.at + 1) + " 步，共 " + S.panels.length + " 步：" + names[S.at];
      S.prev.disabled = S.at === 0;
      S.next.disabled = S.at === S.panels.length - 1;
    }
    S.prev.addEventListener("click", function () { show(S.at - 1); });
    S.next.addEventListener("click", function () {
      show(S.at + 1);
      // the step's first field in sight (not one folded away as filled from 我的案件), else its title
      var first = Array.prototype.filter.call(S.panels[S.at].querySelectorAll("input, textarea, select"), function (c) {
        // inside a closed <details> (a fold) a control may keep its boxes: checkVisibility knows
        return c.type !== "hidden" && (c.checkVisibility ? c.checkVisibility() : c.getClientRects().length > 0);
      })[0];
      if (first) first.focus();
      S.title.scrollIntoView({ block: "start" });
    });
    S.showRow = function (row) {
      S.panels.forEach(function (p, i) { if (p.contains(row)) show(i); });
    };
    L.stepsOf = S;
    show(0);
    return box;
  }

  /* ------------------------------------------------------------------ .docx (built by wq-docx.js) */
  function downloadDocx(L, say) {
    var lines = L.current().lines;
    var name = L.data.id + ".docx";
    wq.load("wq-docx", function (ok) {
      if (!ok || !wq.docx || typeof wq.docx.download !== "function") {
        say("暂时不能生成 Word 文件：请用“复制全文”或“下载 .txt”。");
        return;
      }
      wq.docx.download(name, lines, function (done, message) {
        say(done ? "已生成 " + name + "。" : (message || "没能生成 Word 文件：请用“复制全文”或“下载 .txt”。"));
      });
    });
  }

  /* ------------------------------------------------------------------ copy and print helpers */
  function fallbackCopy(text) {
    var area = el("textarea", { "class": "wq-offscreen", "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.parentNode.removeChild(area);
    return ok;
  }

  /* ------------------------------------------------------------------ copy, print, .txt
   * L.update() brings the letter up to date with the form; L.plain() is its text */
  function copy(L) {
    L.update();
    var text = L.plain();
    function done(ok) { L.status.textContent = ok ? "已复制到剪贴板。" : "复制失败：请在下方正文中手动选择复制。"; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }

  function print(L) {
    L.update();
    wq.lettersPhone.openPreview(L);
    wq.lettersUI.printDate();
    document.documentElement.classList.add("wq-printing-letter");
    // afterprint (when the print dialog closes) ends the letter-only print view
    window.addEventListener("afterprint", function end() {
      window.removeEventListener("afterprint", end);
      document.documentElement.classList.remove("wq-printing-letter");
    });
    window.print();
  }

  function downloadText(L) {
    L.update();
    var blob = new Blob(["\ufeff" + L.plain()], { type: "text/plain;charset=utf-8" });
    var a = el("a", { "href": URL.createObjectURL(blob), "download": L.data.id + ".txt" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 1000);
    L.status.textContent = "已生成 " + L.data.id + ".txt。";
  }

  /* the printed letter's date, shown in the page margin (site.css, @page wq-letter) */
  function printDate() {
    var d = new Date();
    var text = "打印日期 " + d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
    document.documentElement.style.setProperty("--wq-print-date", JSON.stringify(text));
  }

  wq.lettersUI = {
    copy: copy,
    print: print,
    downloadText: downloadText,
    fallbackCopy: fallbackCopy,
    printDate: printDate,
    picker: picker,
    steps: steps,
    downloadDocx: downloadDocx
  };
})();
