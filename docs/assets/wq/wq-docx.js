/* 维权手册 — the filled letter as an editable Word file (.docx), built in this browser.
 * Nothing is sent anywhere: the reader's text goes into the file on this device only.
 *
 *   wq.docx.download(filename, lines, done)   builds the file and saves it (a Blob download)
 *   wq.docx.build(lines, cb)                  cb(Uint8Array | null, message) — the file's bytes
 *   lines: [{kind: "heading" | "paragraph" | "item" | "note", text: "..."}, ...]
 *   done(ok, message): ok is false (message says why) if the file could not be made.
 *
 * Load this file with wq.load("wq-docx", cb). On first use it loads two more classic scripts
 * (no fetch, no modules: they work from file://, the offline zip): the vendored fflate build
 * (assets/vendor/fflate/fflate.js, global `fflate`, zips the parts) and the template generated
 * at build time by macros/docx_template.py (assets/wq/wq-docx-template.js, global
 * `wqDocxTemplate`: the document parts, with one prototype paragraph per line kind, whose
 * styles and East-Asian font are those of the site's other Word files).
 * Plain ES5: it must run in old in-app webviews (WeChat). */
(function () {
  "use strict";

  var wq = window.wq = window.wq || {};
  if (wq.docx) return;

  var MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  var FFLATE = "../vendor/fflate/fflate"; // wq.load names are relative to assets/wq/
  var TEMPLATE = "wq-docx-template";
  var KINDS = { heading: true, paragraph: true, item: true, note: true };
  var RUN_BREAK = { "\n": "<w:br/>", "\t": "<w:tab/>" };

  /* Characters XML 1.0 does not allow (most C0 controls, U+FFFE, U+FFFF, lone surrogates) are
   * dropped; a surrogate pair (an emoji) is kept whole. CR LF and CR become LF. */
  function clean(text) {
    var s = String(text === undefined || text === null ? "" : text).replace(/\r\n?/g, "\n");
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { out += s.charAt(i) + s.charAt(i + 1); i++; }
        continue;
      }
      if (c >= 0xDC00 && c <= 0xDFFF) continue;
      if ((c < 0x20 && c !== 0x9 && c !== 0xA) || c === 0xFFFE || c === 0xFFFF) continue;
      out += s.charAt(i);
    }
    return out;
  }

  function escapeXml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
  }

  /* The text of one run: line breaks and tabs end the <w:t> the prototype opened and start another. */
  function runText(text) {
    return escapeXml(clean(text)).replace(/[\n\t]/g, function (ch) {
      return "</w:t>" + RUN_BREAK[ch] + '<w:t xml:space="preserve">';
    });
  }

  function documentXml(template, lines) {
    var body = [];
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i] || {};
      if (!KINDS.hasOwnProperty(line.kind)) throw new Error("line " + i + ": unknown kind " + line.kind);
      // split/join, not replace(): "$&" and the like in the reader's text must stay literal
      body.push(template.paragraphs[line.kind].split(template.token).join(runText(line.text)));
    }
    return template.head + body.join("") + template.tail;
  }

  function fromBase64(b64) {
    var raw = window.atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function zip(template, lines) {
    var u8 = window.fflate.strToU8;
    var parts = { "[Content_Types].xml": u8(template.files["[Content_Types].xml"]) }; // first, by convention
    Object.keys(template.files).forEach(function (name) { parts[name] = u8(template.files[name]); });
    Object.keys(template.binary || {}).forEach(function (name) { parts[name] = fromBase64(template.binary[name]); });
    parts["word/document.xml"] = u8(documentXml(template, lines));
    return window.fflate.zipSync(parts, { level: 6 });
  }

  /* fflate and the template, each loaded once; cb(true) when both have run */
  function ready(cb) {
    var waiting = 2, ok = true;
    function one(loaded) {
      ok = ok && loaded;
      if (--waiting === 0) cb(ok && !!window.fflate && !!window.wqDocxTemplate);
    }
    wq.load(FFLATE, one);
    wq.load(TEMPLATE, one);
  }

  function build(lines, cb) {
    ready(function (ok) {
      if (!ok) { cb(null, "生成 Word 文件所需的脚本没有加载成功，请刷新页面后再试。"); return; }
      var bytes;
      try {
        if (!lines || typeof lines.length !== "number") throw new Error("lines must be an array");
        bytes = zip(window.wqDocxTemplate, lines);
      } catch (e) {
        cb(null, "生成 Word 文件时出错：" + (e && e.message ? e.message : e));
        return;
      }
      cb(bytes, "");
    });
  }

  function save(filename, bytes) {
    var url = URL.createObjectURL(new Blob([bytes], { type: MIME }));
    var link = document.createElement("a");
    link.href = url;
    link.setAttribute("download", filename);
    link.style.display = "none";
    link.addEventListener("click", function (e) { e.stopPropagation(); }); // not for instant navigation
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(url);
      if (link.parentNode) link.parentNode.removeChild(link);
    }, 60000);
  }

  wq.docx = {
    build: build,

    download: function (filename, lines, done) {
      done = done || function () {};
      build(lines, function (bytes, message) {
        if (!bytes) { done(false, message); return; }
        try {
          save(filename, bytes);
        } catch (e) {
          done(false, "这个浏览器没有保存文件。请在浏览器中打开本页再下载。");
          return;
        }
        done(true, "");
      });
    },

    /* for tests and callers that show a preview: the escaped run text of one line */
    runText: runText
  };
})();
