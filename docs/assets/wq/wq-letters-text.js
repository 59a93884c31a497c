/* 维权手册 — letters: the letter's text for the chosen problem, optional paragraphs and typed
 * values. Loaded on letter pages only (wq-letters.js asks for it with wq.load).
 * data.lines: the common body, where a line of kind "variant" marks the place of the chosen
 * problem's lines (data.variants[n].lines). Each line: {kind, text, opt, on, guide, cite}.
 * opt names the checkbox of an optional line ("包括这一段"); guide lines are advice for the
 * reader, shown on the page and never part of the filled letter.
 * Reader text is only ever written with textContent. */
(function () {
  "use strict";

  var wq = window.wq;
  var el = wq.el;

  function variantOf(data, problem) {
    var list = data.variants || [];
    return list.filter(function (v) { return v.problem === problem; })[0] || list[0] || null;
  }

  /* the lines in reading order for a problem, each marked with the problem it belongs to */
  function sequence(data, problem) {
    var out = [];
    var variant = variantOf(data, problem);
    data.lines.forEach(function (line) {
      if (line.kind !== "variant") { out.push(line); return; }
      if (variant) variant.lines.forEach(function (v) { out.push(v); });
    });
    return out;
  }

  function included(line, opts) {
    if (!line.opt) return true;
    return Object.prototype.hasOwnProperty.call(opts, line.opt) ? !!opts[line.opt] : !!line.on;
  }

  function label(data, name) {
    var f = data.fields.filter(function (x) { return x.name === name; })[0];
    return "[" + (f ? f.label : name) + "]";
  }

  function fill(text, values, data) {
    return text.replace(/\{([a-z][a-z0-9_]*)\}/g, function (m, name) {
      return values[name] || label(data, name);
    });
  }

  function lawText(line) {
    return line.cite + "：“" + line.text.split("\n").join("") + "”";
  }

  /* the filled letter: [{kind: "heading"|"paragraph"|"item", text}], only what goes out */
  function compose(data, problem, opts, values) {
    var out = [];
    sequence(data, problem).forEach(function (line) {
      if (line.guide || !included(line, opts)) return;
      if (line.kind === "law") out.push({ kind: "paragraph", text: fill(lawText(line), values, data) });
      else out.push({ kind: line.kind === "note" ? "note" : line.kind, text: fill(line.text, values, data) });
    });
    return out;
  }

  function plain(lines) {
    return lines.map(function (l) { return l.kind === "item" ? "- " + l.text : l.text; }).join("\n\n") + "\n";
  }

  /* field names the letter uses for this problem (fields of other problems are hidden); with
   * opts, only those of the lines that go out (optional parts ticked, no advice) */
  function usedFields(data, problem, opts) {
    var used = {};
    sequence(data, problem).forEach(function (line) {
      if (opts && (line.guide || !included(line, opts))) return;
      (line.text || "").replace(/\{([a-z][a-z0-9_]*)\}/g, function (m, name) { used[name] = true; return m; });
    });
    return used;
  }

  /* ------------------------------------------------------------------ preview */
  function appendText(node, text, values, data) {
    var re = /\{([a-z][a-z0-9_]*)\}/g, last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) node.appendChild(document.createTextNode(text.slice(last, m.index)));
      var span = el("span", { "class": "wq-ph", "data-field": m[1] }, values[m[1]] || label(data, m[1]));
      if (values[m[1]]) span.setAttribute("data-filled", "");
      node.appendChild(span);
      last = re.lastIndex;
    }
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
    return node;
  }

  function lineNode(line, values, data) {
    if (line.kind === "law") {
      var quote = el("blockquote", { "class": "wq-law-quote" });
      line.text.split("\n").forEach(function (p) { quote.appendChild(el("p", {}, p)); });
      quote.appendChild(el("p", { "class": "wq-law-quote-cite" }, "——" + line.cite));
      return quote;
    }
    var cls = { heading: "wq-letter-heading", note: "wq-letter-note" }[line.kind];
    return appendText(el("p", cls ? { "class": cls } : {}), line.text, values, data);
  }

  function optionBox(key, on) {
    var id = "wq-opt-" + key;
    var row = el("p", { "class": "wq-opt-toggle" });
    var box = el("input", { "type": "checkbox", "id": id, "data-opt": key });
    box.checked = on;
    row.appendChild(box);
    row.appendChild(el("label", { "for": id }, "包括这一段"));
    return row;
  }

  /* rebuild the preview in `box`: the chosen problem's letter, optional parts with checkboxes */
  function render(box, data, problem, opts, values) {
    while (box.firstChild) box.removeChild(box.firstChild);
    var group = null, list = null, parent = box;
    sequence(data, problem).forEach(function (line) {
      if (line.opt !== (group && group.key)) {
        group = null;
        parent = box;
        list = null;
        if (line.opt) {
          var on = included(line, opts);
          group = { key: line.opt, node: el("div", { "class": "wq-opt", "data-opt": line.opt }) };
          if (!on) group.node.setAttribute("data-off", "");
          group.node.appendChild(optionBox(line.opt, on));
          box.appendChild(group.node);
          parent = group.node;
        }
      }
      var node;
      if (line.kind === "item") {
        if (!list) { list = el("ul"); parent.appendChild(list); }
        node = appendText(el("li"), line.text, values, data);
        list.appendChild(node);
      } else {
        list = null;
        node = lineNode(line, values, data);
        parent.appendChild(node);
      }
      if (line.guide) node.classList.add("wq-guide");
    });
  }

  wq.lettersText = {
    variantOf: variantOf,
    compose: compose,
    plain: plain,
    usedFields: usedFields,
    render: render
  };
})();
