/* 维权手册 — each computed deadline of 我的案件 into the phone's calendar: an .ics file (RFC 5545)
 * built in this browser, one event at 09:00 Asia/Shanghai on the deadline's day with a reminder
 * the day before, its basis (the page's own text under the deadline) in the description. In an
 * in-app browser, where such a download fails, the same words are shown as text to copy instead.
 * Reader text (the platform's name) is escaped as iCalendar TEXT (\\ ; , and line breaks) and
 * stripped of control characters, so it can never end a field or start a component.
 * Loaded on the case page by wq-case.js; wq-case-dates.js calls offer(). Needs wq-core.js, wq-case.js. */
(function () {
  "use strict";

  var wq = window.wq;
  var C = wq.caseFile;
  var el = wq.el;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function ymd(t) {
    var d = new Date(t);
    return d.getUTCFullYear() + pad(d.getUTCMonth() + 1) + pad(d.getUTCDate());
  }

  function utcStamp(d) {
    return ymd(d.getTime()) + "T" + pad(d.getUTCHours()) + pad(d.getUTCMinutes()) + pad(d.getUTCSeconds()) + "Z";
  }

  /* iCalendar TEXT: backslash, semicolon, comma escaped; line breaks as \n; no control characters */
  function escapeText(s) {
    return String(s || "").replace(/\r\n?/g, "\n").replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "")
      .replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
  }

  /* lines of at most 75 octets (UTF-8), continued with a leading space; a character is never split */
  function fold(line) {
    var out = "", octets = 0;
    for (var i = 0; i < line.length; i++) {
      var c = line.charCodeAt(i), ch = line.charAt(i), size = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < line.length) { ch += line.charAt(i + 1); i++; size = 4; }
      if (octets + size > 75) { out += "\r\n "; octets = 1; }
      out += ch;
      octets += size;
    }
    return out;
  }

  function textOf(node) { return node ? node.textContent.replace(/\s+/g, " ").trim() : ""; }

  /* {title, summary, description} of a deadline's <li> and the line shown for it */
  function words(li, line) {
    var title = textOf(li.querySelector("strong")).replace(/[：:]$/, "");
    var platform = C.data.fields.platform_name;
    var basis = textOf(li.querySelector(".wq-case-fine"));
    return {
      title: title,
      summary: (platform ? platform + "：" : "") + title,
      description: line + (basis ? "\n" + basis : "") + "\n（来自维权手册“我的案件”，在你的设备上生成。）"
    };
  }

  function ics(name, t, w) {
    var day = ymd(t);
    return [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//weiquan-shouce//case//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
      "BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0800",
      "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE",
      "BEGIN:VEVENT", "UID:wq-" + name + "-" + day + "@weiquan-shouce", "DTSTAMP:" + utcStamp(new Date()),
      "DTSTART;TZID=Asia/Shanghai:" + day + "T090000", "DTEND;TZID=Asia/Shanghai:" + day + "T093000",
      "SUMMARY:" + escapeText(w.summary), "DESCRIPTION:" + escapeText(w.description),
      "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + escapeText(w.summary), "TRIGGER:-P1D", "END:VALARM",
      "END:VEVENT", "END:VCALENDAR"
    ].map(fold).join("\r\n") + "\r\n";
  }

  function download(name, text) {
    var a = el("a", { "href": URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" })), "download": name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 1000);
  }

  /* the calendar control after a deadline's result (out): a button, or in-app the text to copy */
  function offer(li, out, t, line) {
    var name = li.getAttribute("data-deadline"), w = words(li, line);
    var row = el("span", { "class": "wq-ics wq-no-print" });
    var status = el("span", { "class": "wq-status", "role": "status", "aria-live": "polite" });
    if (wq.inApp()) {
      var id = "wq-ics-" + name;
      row.appendChild(el("label", { "for": id }, "记到日历或备忘录（可以长按选择、复制）："));
      var area = el("textarea", { "id": id, "readonly": "", "rows": "3", "data-ics-text": "" });
      area.value = w.title + "：" + line;
      row.appendChild(area);
      var copy = el("button", { "type": "button", "class": "md-button" }, "复制这个日期");
      copy.addEventListener("click", function () {
        wq.copy(area.value, area, function (ok) { status.textContent = ok ? "已复制。" : "没能自动复制：请长按框里的文字复制。"; });
      });
      row.appendChild(copy);
    } else {
      var button = el("button", { "type": "button", "class": "md-button", "data-ics": name }, "加入手机日历（.ics）");
      button.addEventListener("click", function () {
        download("qixian-" + name + "-" + ymd(t) + ".ics", ics(name, t, words(li, line)));
        status.textContent = "已生成日历文件：打开这个文件，按提示添加到日历（前一天提醒）。";
      });
      row.appendChild(button);
    }
    row.appendChild(status);
    out.appendChild(row);
  }

  wq.caseIcs = { offer: offer, ics: ics, escapeText: escapeText, fold: fold };
})();
