/* 维权手册 — deadlines of the case file, computed in the browser from the reader's dates and the
 * holiday calendar in data/holidays.yml (the page's data-holidays attribute):
 *   published years: the State Council schedule (放假 days and 调休 make-up working days);
 *   statutory years (schedule not yet published): weekends plus the statutory holidays only,
 *     and every result that relies on them is marked "当年调休安排尚未公布，仅供参考";
 *   later years: not computed.
 * Counting rule (市场监督管理投诉举报处理办法第四十五条): the first day is not counted; a period
 * whose last day is a statutory holiday ends on the first day after it.
 * Dates are handled as UTC calendar days, so the reader's time zone never shifts them.
 * Needs wq-core.js. */
(function () {
  "use strict";

  var wq = window.wq;
  var DAY = 86400000;
  var WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];
  var ESTIMATE = "当年调休安排尚未公布，仅供参考";

  function parse(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return null;
    var t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return new Date(t).toISOString().slice(0, 10) === iso ? t : null; // rejects 2026-02-30
  }

  function iso(t) { return new Date(t).toISOString().slice(0, 10); }

  function show(t) {
    var d = new Date(t);
    return d.getUTCFullYear() + "年" + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日（星期" + WEEKDAYS[d.getUTCDay()] + "）";
  }

  /* a calendar from the page's data: day(t) -> {work: bool, holiday: bool, estimate: bool} or null */
  function calendar(data) {
    var sets = {};
    function set(list) { var s = {}; (list || []).forEach(function (d) { s[d] = true; }); return s; }
    Object.keys(data.published || {}).forEach(function (y) {
      sets[y] = { rest: set(data.published[y].rest), work: set(data.published[y].work), estimate: false };
    });
    Object.keys(data.statutory || {}).forEach(function (y) {
      sets[y] = { rest: set(data.statutory[y]), work: {}, estimate: true };
    });
    return function (t) {
      var key = iso(t), year = sets[key.slice(0, 4)];
      if (!year) return null;
      var weekend = new Date(t).getUTCDay() % 6 === 0;
      var holiday = !!year.rest[key];
      return { work: !!year.work[key] || (!weekend && !holiday), holiday: holiday, estimate: year.estimate };
    };
  }

  /* the n-th working day after `start` (the start day itself is not counted) */
  function addWorkingDays(day, start, n) {
    var t = start, estimate = false;
    while (n > 0) {
      t += DAY;
      var info = day(t);
      if (!info) return null;
      estimate = estimate || info.estimate;
      if (info.work) n -= 1;
    }
    return { t: t, estimate: estimate };
  }

  /* `n` days after `start`; a last day that is a statutory holiday moves to the day after it */
  function addDays(day, start, n) {
    var t = start + n * DAY, info = day(t), moved = false;
    if (!info) return null;
    var estimate = info.estimate;
    while (info.holiday) {
      t += DAY;
      info = day(t);
      if (!info) return null;
      moved = true;
      estimate = estimate || info.estimate;
    }
    return { t: t, estimate: estimate, moved: moved };
  }

  function addYears(start, years) {
    var d = new Date(start), y = d.getUTCFullYear() + years, m = d.getUTCMonth(), dd = d.getUTCDate();
    var last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate(); // 2月29日 -> 2月28日
    return Date.UTC(y, m, Math.min(dd, last));
  }

  function today() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }

  /* write one result: the date (data-date holds it as YYYY-MM-DD for tests and print), a note,
   * a caveat line, and the way to put it in the phone's calendar (wq-case-ics.js) */
  function put(li, result, text, note, caveat) {
    var out = li.querySelector("[data-out]");
    if (!out.hasAttribute("data-empty")) out.setAttribute("data-empty", out.textContent);
    out.textContent = "";
    if (result === undefined) {
      li.removeAttribute("data-date");
      out.textContent = out.getAttribute("data-empty");
      return;
    }
    if (result === null) {
      li.removeAttribute("data-date");
      out.textContent = "日期超出本站日历的范围（只到已公布或已整理的年份），无法计算。";
      return;
    }
    li.setAttribute("data-date", iso(result.t));
    out.appendChild(wq.el("span", { "class": "wq-deadline-date" }, text + show(result.t)));
    if (note) out.appendChild(document.createTextNode(note));
    if (result.estimate) out.appendChild(wq.el("span", { "class": "wq-estimate" }, ESTIMATE));
    if (caveat) out.appendChild(wq.el("span", { "class": "wq-caveat" }, caveat));
    if (wq.caseIcs) wq.caseIcs.offer(li, out, result.t, text + show(result.t) + (note || "") + (caveat ? " " + caveat : ""));
  }

  function weekend(t) { return new Date(t).getUTCDay() % 6 === 0; }

  /* the reader's own deadline should not rely on being moved past a rest day: the last working
   * day on or before t (weekends, and the holidays the calendar knows) */
  function workingOnOrBefore(day, t) {
    for (var n = 0; n < 30; n++, t -= DAY) {
      var info = day(t);
      if (info ? info.work : !weekend(t)) return t;
    }
    return t;
  }

  function render(root, fields, day) {
    function item(name) { return root.querySelector('[data-deadline="' + name + '"]'); }
    var received = parse(fields.complaint_date), accepted = parse(fields.accepted_date);
    var known = parse(fields.known_date), demand = parse(fields.demand_deadline);
    put(item("accept"), received === null ? undefined : addWorkingDays(day, received, 7), "最晚 ", "");
    var med = accepted === null ? undefined : addDays(day, accepted, 60);
    put(item("mediation"), med, "到 ", med && med.moved ? "（第六十日是节假日，顺延到节假日后的第一日）" : "",
      med && weekend(med.t) ? "这一天是星期" + WEEKDAYS[new Date(med.t).getUTCDay()] + "：第四十五条只写了法定节假日顺延，周末是否顺延没有写明，以 12315 的通知为准。" : "");
    if (known === null) put(item("limitation"), undefined);
    else {
      var end = addYears(known, 3), safe = workingOnOrBefore(day, end);
      put(item("limitation"), { t: safe, estimate: false }, safe === end ? "到 " : "最晚 ", safe === end ? " 满三年。" : " 起诉。",
        safe === end ? "" : "满三年的那天（" + show(end) + "）是休息日；不要指望顺延到休息日之后。");
    }
    if (demand === null) { put(item("demand"), undefined); return; }
    var left = Math.round((demand - today()) / DAY);
    put(item("demand"), { t: demand, estimate: false }, "",
      left > 0 ? "，还有 " + left + " 天。" : left === 0 ? "，就是今天。" : "，已经过了 " + (-left) + " 天。");
  }

  wq.caseDates = { calendar: calendar, render: render, addWorkingDays: addWorkingDays, addDays: addDays, parse: parse };
})();
