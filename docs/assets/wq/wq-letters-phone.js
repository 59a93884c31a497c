/* 维权手册 — letters on a phone, loaded on letter pages by wq-letters.js: the form comes first
 * (how-to and the example table fold below it; a long form's letter preview folds too); fields
 * 我的案件 filled in fold into one line ("已从我的案件填入 8 项 · 查看或修改") above the empty
 * ones, so the first field in sight is one to fill; required fields still empty are named before printing or downloading
 * ("还差：订单号、写信日期"), each a button that goes to the field, with a way to go on anyway.
 * A fill from 我的案件 is told apart by its event: wq-case-letter.js sets a value and dispatches an
 * input event (not trusted, and not one of wq-letters-fields.js's own, marked L.syncing).
 * L is the letter's state object built by wq-letters.js. Reader text: textContent only. */
(function () {
  "use strict";

  var wq = window.wq;
  var el = wq.el;

  /* ------------------------------------------------------------------ folds */
  function fold(section, open) {
    if (!section) return null;
    var title = section.querySelector(".wq-section-title");
    var details = el("details", { "class": "wq-fold wq-letter-fold" });
    if (open) details.open = true;
    var summary = el("summary", {});
    summary.appendChild(title || document.createTextNode("展开"));
    details.appendChild(summary);
    section.parentNode.insertBefore(details, section);
    details.appendChild(section);
    return details;
  }

  /* the form first: how-to and the example table (kept for readers without scripts and for the
   * blank template, where it is the table to write on) fold below it; so does a long letter */
  function layout(L) {
    fold(L.root.querySelector(".wq-howto"));
    fold(L.root.querySelector(".wq-fields-block"));
    var block = L.root.querySelector(".wq-letter-block");
    if (L.data.steps && L.data.steps.length && block) {
      var details = el("details", { "class": "wq-fold wq-preview-fold" });
      var summary = el("summary", {});
      summary.appendChild(block.querySelector(".wq-section-title"));
      summary.appendChild(el("span", { "class": "wq-fold-note" }, "（随填写更新，点开查看）"));
      details.appendChild(summary);
      details.appendChild(L.letter);
      block.insertBefore(details, block.firstChild);
      L.previewFold = details;
    }
  }

  /* ------------------------------------------------------------------ filled from 我的案件 */
  function homeEnd(L, home) {
    return home === L.form ? L.saveBox.parentNode : null; // the form's rows end at 保存在本机
  }

  /* one line before the home's rows (after the problem picker, or the step's title) */
  function caseFold(L, home) {
    if (home.wqCaseFold) return home.wqCaseFold;
    var details = el("details", { "class": "wq-case-fold" });
    var summary = el("summary", {});
    details.wqCount = el("span", {}, "");
    summary.appendChild(details.wqCount);
    summary.appendChild(document.createTextNode(" · "));
    summary.appendChild(el("span", { "class": "wq-case-fold-more" }, "查看或修改"));
    details.appendChild(summary);
    var first = L.data.fields.map(function (f) { return L.rows[f.name]; })
      .filter(function (row) { return row.parentNode === home; })[0];
    home.insertBefore(details, first || homeEnd(L, home));
    home.wqCaseFold = details;
    return details;
  }

  /* every row in field order: one line with the rows 我的案件 filled in, then the empty ones
   * (and the one the reader is in) */
  function regroup(L) {
    L.regroupSoon = null;
    L.data.fields.forEach(function (f) {
      var row = L.rows[f.name], home = row.wqHome;
      if (!home) return;
      var fromCase = row.hasAttribute("data-from-case") && !row.contains(document.activeElement);
      var fold = caseFold(L, home);
      if (fromCase) fold.appendChild(row); else home.insertBefore(row, homeEnd(L, home));
    });
    count(L);
  }

  /* "已从我的案件填入 N 项", counting the rows this problem's letter uses */
  function count(L) {
    L.homes.forEach(function (home) {
      var fold = home.wqCaseFold;
      if (!fold) return;
      var n = fold.querySelectorAll(".wq-form-row:not([hidden])").length;
      fold.hidden = n === 0;
      fold.wqCount.textContent = "已从我的案件填入 " + n + " 项";
    });
  }

  function watchCase(L) {
    L.homes = [];
    L.data.fields.forEach(function (f) {
      var home = L.rows[f.name].parentNode;
      L.rows[f.name].wqHome = home;
      if (L.homes.indexOf(home) < 0) L.homes.push(home);
    });
    L.form.addEventListener("input", function (e) {
      var input = e.target;
      // a browser without isTrusted: taken as the reader's own typing, nothing folds under them
      if (e.isTrusted !== false || L.syncing || !input.name || !input.value || !L.rows[input.name]) return;
      L.rows[input.name].setAttribute("data-from-case", "");
      if (!L.regroupSoon) L.regroupSoon = setTimeout(function () { regroup(L); }, 0);
    });
  }

  /* clearing the letter: nothing is filled in any more, every row back in its place */
  function unfold(L) {
    L.data.fields.forEach(function (f) { L.rows[f.name].removeAttribute("data-from-case"); });
    regroup(L);
  }

  /* ------------------------------------------------------------------ go to a field */
  function showField(L, name) {
    var row = L.rows[name];
    if (L.stepsOf && L.stepsOf.showRow) L.stepsOf.showRow(row);
    for (var node = row.parentNode; node && node !== L.form; node = node.parentNode) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    var control = L.controls[name];
    if (control.focus) control.focus();
    if (row.scrollIntoView) row.scrollIntoView({ block: "center" });
  }

  /* ------------------------------------------------------------------ still missing */
  function missing(L) {
    var used = wq.lettersText.usedFields(L.data, L.problem, L.opts);
    return L.data.fields.filter(function (f) {
      return f.required && used[f.name] && !(L.values[f.name] || "").trim();
    });
  }

  /* run go() now, or first name what is missing, with a button to go on anyway */
  function guard(L, verb, go) {
    var box = L.missingBox;
    box.hidden = true;
    while (box.firstChild) box.removeChild(box.firstChild);
    var lack = missing(L);
    if (!lack.length) { go(); return; }
    var line = el("p", { "class": "wq-missing-names" }, "还差：");
    lack.forEach(function (f, n) {
      if (n) line.appendChild(document.createTextNode("、"));
      var b = el("button", { "type": "button", "class": "wq-link-button" }, f.label);
      b.addEventListener("click", function () { showField(L, f.name); });
      line.appendChild(b);
    });
    box.appendChild(line);
    box.appendChild(el("p", {}, "空着的地方在信里是“[" + lack[0].label + "]”这样的方括号：点上面的名称去补上，" +
      "或者先" + verb + "，之后手写补上。"));
    var anyway = el("button", { "type": "button", "class": "md-button" }, "仍然" + verb);
    anyway.addEventListener("click", function () {
      box.hidden = true;
      go();
    });
    box.appendChild(anyway);
    box.hidden = false;
    line.firstChild.nextSibling.focus();
  }

  /* before print: a folded letter opens, or nothing would be printed */
  function openPreview(L) {
    if (L.previewFold) L.previewFold.open = true;
  }

  function start(L) {
    layout(L);
    watchCase(L);
    L.missingBox = el("div", { "class": "wq-missing", "role": "alert", "hidden": "" });
    L.buttons.parentNode.insertBefore(L.missingBox, L.buttons.nextSibling);
  }

  wq.lettersPhone = {
    start: start,
    count: count,
    unfold: unfold,
    guard: guard,
    missing: missing,
    openPreview: openPreview,
    showField: showField
  };
})();
