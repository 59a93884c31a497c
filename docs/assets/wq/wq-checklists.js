/* 维权手册 — checklists (.wq-checklist[data-checklist]): ticks persist in this browser's
 * localStorage under wq:checklist:<checklist id> as {itemId: true}, with a done counter, a
 * "全部清除" button (asks first), a note that ticks stay on this device, and a status line that
 * says so plainly when a tick could not be saved. Nothing is sent anywhere. The reasons of the
 * key items (最重要的几项, [data-wq-more]) fold behind a button, so the first screen of a phone
 * shows the items themselves; print shows them (site.css).
 * Needs wq-core.js; loaded where a checklist is shown ([data-wq-needs="wq-checklists"] in checklist.html). */
(function () {
  "use strict";

  var wq = window.wq;
  var NOTE = "勾选记录只保存在这台设备的这个浏览器里，不会发送到任何地方。";
  var CONFIRM = "确定清除这份清单的全部勾选吗？清除后无法恢复。";

  function isTrue(v) { return v === true; }

  /* stored ticks; anything of the wrong shape (123, "abc", true, [], null, {a: 1}) counts as none */
  function readTicks(key) {
    return wq.store.readObject(key, isTrue) || {};
  }

  function foldReasons(root) {
    wq.each(root.querySelectorAll("button.wq-more-toggle[aria-controls]"), function (button) {
      var more = document.getElementById(button.getAttribute("aria-controls"));
      if (!more) return;
      button.addEventListener("click", function () {
        more.hidden = !more.hidden;
        button.setAttribute("aria-expanded", String(!more.hidden));
      });
    });
  }

  /* the checklist as a numbered plain-text list (the copy box of in-app browsers, wq-inapp.js):
   * title, purpose, then each section's heading and its items, ticked ones marked */
  function plainText(root) {
    var h1 = document.querySelector(".md-content__inner h1"), out = [], n = 0;
    if (h1) out.push(Array.prototype.filter.call(h1.childNodes, function (c) { return !c.classList || !c.classList.contains("headerlink"); })
      .map(function (c) { return c.textContent; }).join("").trim());
    var purpose = root.querySelector(".wq-purpose");
    if (purpose) out.push(purpose.textContent.trim());
    wq.each(root.querySelectorAll(".wq-section"), function (section) {
      var items = section.querySelectorAll("li.wq-item");
      if (!items.length) return;
      var title = section.querySelector(".wq-section-title");
      var block = title ? [title.textContent.trim()] : [];
      wq.each(items, function (li) {
        var box = li.querySelector("input.wq-check"), label = li.querySelector("label");
        block.push((n += 1) + ". " + (label ? label.textContent.trim() : "") + (box && box.checked ? "（已完成）" : ""));
      });
      out.push(block.join("\n"));
    });
    return out.join("\n\n") + "\n";
  }

  function initChecklist(root) {
    root.wqText = function () { return plainText(root); };
    foldReasons(root);
    var key = wq.store.key("checklist", root.dataset.checklist);
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input.wq-check"));
    var progress = root.querySelector("[data-wq-progress]");
    var done = root.querySelector("[data-wq-done]");
    var status = wq.saveStatus("saved");

    function update() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      if (done) done.textContent = String(n);
    }

    /* write what the page shows; keep stored ticks of items this page does not have */
    function save() {
      var state = readTicks(key);
      boxes.forEach(function (b) {
        if (b.checked) state[b.dataset.item] = true; else delete state[b.dataset.item];
      });
      var ok = Object.keys(state).length ? wq.store.write(key, state) : wq.store.remove(key);
      if (ok) status.say("saved", status.state() === "failed" ? "勾选记录已保存在本机。" : "");
      else status.say("failed", "没能保存勾选记录（浏览器存储已满或被禁用）；勾选仍在本页，关闭页面后不会保留。");
      return ok;
    }

    function clearAll() {
      var any = boxes.some(function (b) { return b.checked; }) || wq.store.read(key) !== null;
      if (any && !window.confirm(CONFIRM)) return; // declined: nothing changes
      boxes.forEach(function (b) { b.checked = false; });
      if (!wq.store.remove(key)) status.force("failed", "没能删除本机保存的勾选记录（浏览器存储被禁用）。");
      else status.force("saved", "");
      update();
    }

    /* ticks on the page that are not stored: the browser restored them (back/forward restores
     * form state after DOMContentLoaded, without change events). Count them and try to save
     * them, so a failing storage is reported instead of showing ticks with "已完成 0". */
    function syncShown() {
      var saved = readTicks(key);
      if (boxes.some(function (b) { return b.checked && saved[b.dataset.item] !== true; })) save();
      update();
    }

    /* restore: tick what was saved, but never untick what the page already shows */
    var saved = readTicks(key);
    boxes.forEach(function (box) {
      if (saved[box.dataset.item] === true) box.checked = true;
      box.addEventListener("change", function () {
        save();
        update();
      });
    });

    var note = wq.el("p", { "class": "wq-privacy wq-no-print" }, NOTE);
    root.insertBefore(note, progress ? progress.nextSibling : root.firstChild);
    root.insertBefore(status.line, note.nextSibling);

    if (progress) {
      progress.hidden = false;
      var reset = progress.querySelector("[data-wq-reset]");
      if (reset) reset.addEventListener("click", clearAll);
    }
    syncShown();
    wq.afterLoad(syncShown);
  }

  wq.bind(".wq-checklist[data-checklist]", initChecklist);
})();
