"""Turn typed data into HTML (and Markdown with HTML blocks) through the Jinja files in templates/.

Autoescaping is on for every template: text from data/ is always rendered as text. Template
placeholders `{field}` become `<span class="wq-ph" data-field="field">[标签]</span>` via the
`fill` filter, which escapes the text around them.
"""
from __future__ import annotations

import json
import pathlib
import posixpath

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .loader import Catalog
from .models import PLACEHOLDER, Template

TEMPLATES = pathlib.Path(__file__).parent / "templates"

VERIFIED_LABEL = {"two-sources": "已用两个独立来源核对", "one-source": "仅一个来源，尚待进一步核对"}

# Where each kind of entry lives, as source paths under docs/ (turned into URLs by `link`, so both
# directory URLs and the offline build's .html URLs work).
LAWS_PAGE = "reference/laws.md"
CHANNELS_PAGE = "reference/channels.md"


def checklist_path(cid: str) -> str:
    return f"toolkit/checklists/{cid}.md"


def template_path(tid: str) -> str:
    return f"toolkit/templates/{tid}.md"


def download_path(doc_id: str, ext: str) -> str:
    return f"downloads/{doc_id}.{ext}"


class Unknown(LookupError):
    """A macro was called with an id that is not in data/."""


def _collapse(html: str) -> str:
    """Drop blank lines, so Markdown keeps an HTML block in one piece."""
    return "\n".join(line for line in html.splitlines() if line.strip())


class Renderer:
    def __init__(self, catalog: Catalog, site_url: str = "", directory_urls: bool = True):
        self.cat = catalog
        self.directory_urls = directory_urls
        # Statute quotes repeat across many pages; they are search-indexed only on pages whose
        # front matter says `search_statutes: true` (the legal-basis guide), set per page.
        self.index_statutes = False
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            auto_reload=False,   # one build = one set of templates; skips a stat() per render
        )
        self.env.filters["fill"] = self.fill
        self.env.globals.update(verified_label=VERIFIED_LABEL, cat=catalog)

    # ------------------------------------------------------------------ helpers
    def fill(self, text: str, template: Template, values: dict | None = None) -> Markup:
        """Escape text; turn {field} into a highlighted [label] (or the given value)."""
        out, last = [], 0
        for match in PLACEHOLDER.finditer(text):
            out.append(escape(text[last:match.start()]))
            name = match.group(1)
            if values is not None and values.get(name):
                out.append(escape(values[name]))
            else:
                label = template.field(name).label
                out.append(Markup('<span class="wq-ph" data-field="{}">[{}]</span>').format(name, label))
            last = match.end()
        out.append(escape(text[last:]))
        return Markup("").join(out)

    def url_of(self, path: str) -> str:
        """Site-root-relative URL of a docs/ source path (other paths are returned as they are)."""
        if not path.endswith(".md"):
            return path
        stem = path[:-3]
        if stem == "index" or stem.endswith("/index"):
            folder = stem[:-len("index")]
            return folder if self.directory_urls else folder + "index.html"
        return stem + "/" if self.directory_urls else stem + ".html"

    def link(self, target: str, page_url: str | None) -> str:
        """URL of `target` (a docs/ source path or a site file, optional #anchor) as seen from the
        page at page_url; absolute when page_url is None (PDF, DOCX)."""
        path, _, anchor = target.partition("#")
        path = self.url_of(path)
        suffix = f"#{anchor}" if anchor else ""
        if page_url is None:
            return (self.site_url or "/") + path + suffix
        here = posixpath.dirname(page_url) if not page_url.endswith("/") else page_url.rstrip("/")
        rel = posixpath.relpath(path or ".", here or ".")
        if (path.endswith("/") or not path) and not rel.endswith("/"):
            rel += "/"
        return rel + suffix

    def law(self, law_id: str):
        try:
            return self.cat.laws[law_id]
        except KeyError:
            raise Unknown(f"unknown law id '{law_id}'") from None

    def channel(self, channel_id: str):
        try:
            return self.cat.channels[channel_id]
        except KeyError:
            raise Unknown(f"unknown channel id '{channel_id}'") from None

    def checklist(self, cid: str):
        try:
            return self.cat.checklists[cid]
        except KeyError:
            raise Unknown(f"unknown checklist id '{cid}'") from None

    def template(self, tid: str):
        try:
            return self.cat.templates[tid]
        except KeyError:
            raise Unknown(f"unknown template id '{tid}'") from None

    def scenario(self, sid: str):
        try:
            return self.cat.scenarios[sid]
        except KeyError:
            raise Unknown(f"unknown scenario id '{sid}'") from None

    def _render(self, name: str, page_url: str | None, **context) -> str:
        url = lambda target: self.link(target, page_url)  # noqa: E731
        html = self.env.get_template(name).render(
            url=url, law_url=lambda lid: url(f"{LAWS_PAGE}#{lid}"),
            channel_url=lambda cid: url(f"{CHANNELS_PAGE}#{cid}"),
            checklist_url=lambda cid: url(checklist_path(cid)),
            template_url=lambda tid: url(template_path(tid)),
            printing=page_url is None, index_statutes=self.index_statutes, **context)
        return _collapse(html)

    # ------------------------------------------------------------------ outputs
    def law_html(self, law_id: str, page_url: str | None) -> str:
        return self._render("law.html", page_url, law=self.law(law_id))

    def channel_html(self, channel_id: str, page_url: str | None) -> str:
        return self._render("channel.html", page_url, ch=self.channel(channel_id))

    def channels_table_html(self, ids: list[str], page_url: str | None) -> str:
        return self._render("channels_table.html", page_url, channels=[self.channel(i) for i in ids])

    def checklist_html(self, cid: str, page_url: str | None, downloads: dict | None = None) -> str:
        return self._render("checklist.html", page_url, c=self.checklist(cid), downloads=downloads)

    def template_html(self, tid: str, page_url: str | None, downloads: dict | None = None,
                      values: dict | None = None) -> str:
        t = self.template(tid)
        return self._render("template.html", page_url, t=t, downloads=downloads, values=values,
                            form_json=json.dumps(self.form_data(t), ensure_ascii=False))

    def scenario_md(self, sid: str, page_url: str | None, block=Markup) -> str:
        """Markdown (the six headings) around HTML blocks; `block` wraps each HTML block (the
        macros pass one that keeps the HTML away from Python-Markdown)."""
        sc = self.scenario(sid)
        return self._render("scenario.md.j2", page_url, sc=sc,
                            laws=[self.law(i) for i in sc.law_ids()],
                            law_block=lambda lid: block(self.law_html(lid, page_url)))

    def sources_html(self, law_ids, channel_ids, extra, reviewed, page_url) -> str:
        return self._render("sources.html", page_url, laws=[self.law(i) for i in law_ids],
                            channels=[self.channel(i) for i in channel_ids], extra=extra,
                            reviewed=reviewed)

    def print_document(self, kind: str, doc_id: str, css: str, downloads=None) -> str:
        """Stand-alone HTML of a checklist or template for WeasyPrint (absolute links)."""
        if kind == "checklist":
            obj, body = self.checklist(doc_id), self.checklist_html(doc_id, None)
            page = checklist_path(doc_id)
        else:
            obj, body = self.template(doc_id), self.template_html(doc_id, None)
            page = template_path(doc_id)
        return self._render("print_document.html", None, obj=obj, body=Markup(body), css=Markup(css),
                            page_address=self.link(page, None))

    # ------------------------------------------------------------------ data for the browser form
    def form_data(self, t: Template) -> dict:
        """What the fill-in form needs: fields, and the letter as plain-text lines."""
        return {
            "id": t.id,
            "title": t.title,
            "fields": [f.model_dump() for f in t.fields],
            "lines": self.letter_lines(t),
        }

    def letter_lines(self, t: Template) -> list[dict]:
        """The letter as a list of {kind, text, optional}; text keeps {field} placeholders."""
        lines = []
        for block in t.body:
            if block.kind == "law":
                law = self.law(block.law)
                text = "\n".join(law.paragraphs) + f"\n——{law.citation}"
                lines.append({"kind": "law", "text": text, "optional": block.optional})
            elif block.kind == "list":
                for item in block.items:
                    lines.append({"kind": "item", "text": item, "optional": block.optional})
            else:
                lines.append({"kind": block.kind, "text": block.text, "optional": block.optional})
        return lines


def plain_fill(text: str, template: Template, values: dict | None = None) -> str:
    """Plain-text version of `fill` (DOCX, .txt): {field} -> value or [label]."""
    return PLACEHOLDER.sub(
        lambda m: (values or {}).get(m.group(1)) or f"[{template.field(m.group(1)).label}]", text)


def split_placeholders(text: str, template: Template):
    """Yield (text, field_name_or_None) runs, for outputs that style placeholders (DOCX)."""
    last = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > last:
            yield text[last:match.start()], None
        yield f"[{template.field(match.group(1)).label}]", match.group(1)
        last = match.end()
    if last < len(text):
        yield text[last:], None

