"""Typed data to HTML (and Markdown around HTML blocks) through the Jinja files in templates/.

Autoescaping is on for every Jinja file: text from data/ is always rendered as text. Letter
placeholders `{field}` become `<span class="wq-ph" data-field="field">[标签]</span>` through the
`fill` filter, which escapes the text around them.

`Renderer` holds what a whole build shares (catalog, Jinja environment, site address); `View` is a
renderer bound to one place of output — a page URL, or None for print (PDF, absolute links).
"""

from __future__ import annotations

import json
import pathlib
import posixpath
import re
import urllib.parse
from collections.abc import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .kinds import DOC_KIND
from .letter_text import (
    LINE_DEFAULTS,
    blank_blocks,
    field_notes,
    later_variants,
    letter_lines,
    runs,
    variant_lines,
)
from .loader import Catalog
from .models import Law, Letter, ref_ids

TEMPLATES = pathlib.Path(__file__).parent / "templates"

# Where each kind of entry is shown, as source paths under docs/ (turned into URLs by `link`, so
# both directory URLs and the offline build's .html URLs work). Statutes: one generated page per
# law (`law_page`), listed on the index LAWS_PAGE, which also keeps every article id as an anchor.
LAWS_PAGE = "reference/laws.md"
LAWS_DIR = "reference/laws/"
CHANNELS_PAGE = "reference/channels.md"

_ID_NUMBER = re.compile(r"-\d+$")
_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def law_slug(law: Law) -> str:
    """The law an article belongs to, as its id without the article number (`civil-code-20` ->
    `civil-code`); it names the law's reference page. macros.pages checks that each law has one."""
    return _ID_NUMBER.sub("", law.id)


def law_page(law: Law) -> str:
    """The docs/ source path of the page that quotes `law` (anchor: the law's id)."""
    return f"{LAWS_DIR}{law_slug(law)}.md"


def law_title(law: Law) -> str:
    """The law's name in title marks, as in its citations: 《…》."""
    return law.citation[: -len(law.article)]


def article_number(article: str) -> int:
    """第一百零八条 -> 108 (the article numbers the Law model accepts)."""
    total = digit = 0
    for char in article[1:-1]:
        if char in _UNITS:
            total, digit = total + (digit or 1) * _UNITS[char], 0
        else:
            digit = _DIGITS[char]
    return total + digit


def law_groups(cat: Catalog) -> dict[str, list[Law]]:
    """Current (not repealed) articles by law slug, in data order of the laws, each law's
    articles by number."""
    groups: dict[str, list[Law]] = {}
    for law in cat.laws.values():
        if not law.repealed:
            groups.setdefault(law_slug(law), []).append(law)
    return {slug: sorted(laws, key=lambda law: article_number(law.article)) for slug, laws in groups.items()}


def _collapse(html: str) -> str:
    """Drop blank lines, so Markdown keeps an HTML block in one piece."""
    return "\n".join(line for line in html.splitlines() if line.strip())


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md_text(value: str) -> Markup:
    """Data text placed into generated Markdown (a heading): Markdown syntax escaped with
    backslashes, then HTML escaped, so a name can never become a link, an attribute list or markup."""
    return escape(_MD_SPECIAL.sub(r"\\\1", str(value)))


def fill(text: str, letter: Letter, values: dict | None = None) -> Markup:
    """Escape text; turn {field} into a highlighted [label] (or the given value)."""
    out = []
    for chunk, name in runs(text, letter):
        if name and values and values.get(name):
            out.append(escape(values[name]))
        elif name:
            out.append(Markup('<span class="wq-ph" data-field="{}">{}</span>').format(name, chunk))
        else:
            out.append(escape(chunk))
    return Markup("").join(out)


class Renderer:
    def __init__(
        self, catalog: Catalog, site_url: str = "", directory_urls: bool = True, feedback_url: str = ""
    ):
        self.cat = catalog
        self.feedback_url = feedback_url  # mkdocs.yml extra.wq.feedback_url (sources.html)
        self.directory_urls = directory_urls
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            auto_reload=False,  # one build = one set of templates; skips a stat() per render
        )
        self.env.filters["fill"] = fill
        self.env.filters["md"] = md_text
        self.env.globals.update(cat=catalog)

    def view(self, page_url: str | None, index_statutes: bool = False) -> View:
        return View(self, page_url, index_statutes)

    def url_of(self, path: str, directory_urls: bool | None = None) -> str:
        """Site-root-relative URL of a docs/ source path (other paths are returned as they are)."""
        directory_urls = self.directory_urls if directory_urls is None else directory_urls
        if not path.endswith(".md"):
            return path
        stem = path[:-3]
        if stem == "index" or stem.endswith("/index"):
            folder = stem[: -len("index")]
            return folder if directory_urls else folder + "index.html"
        return stem + "/" if directory_urls else stem + ".html"

    def public_url(self, target: str) -> str | None:
        """The absolute address of `target` on the public site (directory URLs, as mkdocs.yml
        publishes it, also when the offline variant renders); None when no address is configured:
        a default build then prints no address rather than a local one."""
        if not self.site_url:
            return None
        path, _, anchor = target.partition("#")
        return self.site_url + self.url_of(path, directory_urls=True) + (f"#{anchor}" if anchor else "")

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


class View:
    """Renders for one place: relative links from `page_url`, or absolute ones for print."""

    def __init__(self, renderer: Renderer, page_url: str | None, index_statutes: bool = False):
        self.r, self.cat, self.page_url = renderer, renderer.cat, page_url
        # Statute quotes repeat across many pages; they are search-indexed only on pages whose
        # front matter says `search_statutes: true` (the legal-basis guide).
        self.index_statutes = index_statutes

    def url(self, target: str) -> str:
        return self.r.link(target, self.page_url)

    def render(self, name: str, **context) -> str:
        url = self.url
        html = self.r.env.get_template(name).render(
            url=url,
            law_url=lambda lid: url(f"{law_page(self.cat.get('law', lid))}#{lid}"),
            channel_url=lambda cid: url(f"{CHANNELS_PAGE}#{cid}"),
            checklist_url=lambda cid: url(DOC_KIND["checklist"].page(cid)),
            # problem: the scenario id the reader comes from; the letter page preselects its variant
            letter_url=lambda lid, problem=None: (
                url(DOC_KIND["letter"].page(lid)) + (f"?problem={problem}" if problem else "")
            ),
            printing=self.page_url is None,
            index_statutes=self.index_statutes,
            **context,
        )
        return _collapse(html)

    # ------------------------------------------------------------------ one entry each
    def law(self, law_id: str) -> str:
        return self.render("law.html", law=self.cat.get("law", law_id))

    def channel(self, channel_id: str) -> str:
        return self.render("channel.html", ch=self.cat.get("channel", channel_id))

    def channels_table(self, ids: list[str]) -> str:
        return self.render("channels_table.html", channels=[self.cat.get("channel", i) for i in ids])

    def document(self, kind: str, doc_id: str, downloads: list | None = None) -> str:
        """A checklist or a letter, as on its page (or for print when page_url is None)."""
        obj = self.cat.get(kind, doc_id)
        extra = {}
        if kind == "letter":
            extra["form_json"] = json.dumps(
                form_data(obj, self.cat, slim=True), ensure_ascii=False, separators=(",", ":")
            )
            extra["blocks"] = blank_blocks(obj, self.cat)
            extra["noscript"] = later_variants(obj)
            extra["field_notes"] = field_notes(obj, self.cat)
        return self.render(DOC_KIND[kind].html, doc=obj, downloads=downloads, **extra)

    def scenario_md(self, sid: str, block: Callable[[str], str] = Markup) -> str:
        """Markdown (the six headings) around HTML blocks; `block` wraps each HTML block (the
        macros pass one that keeps the HTML away from Python-Markdown)."""
        sc = self.cat.get("scenario", sid)
        return self.render(
            "scenario.md.j2",
            block=lambda html: block(_collapse(str(html))),
            sc=sc,
            laws=[self.cat.get("law", i) for i in ref_ids(sc, "law")],
            law_html=lambda lid: Markup(self.law(lid)),
        )

    def sources(self, law_ids: list[str], channel_ids: list[str], extra: list[dict], reviewed: object) -> str:
        """The page's 来源与审核 block: only what readers should see (see sources.html)."""
        laws = [self.cat.get("law", i) for i in law_ids]
        hosts = self.cat.hosts
        texts = list(
            {hosts.official_text(law.law).url: hosts.official_text(law.law) for law in laws}.values()
        )
        shown = [s for s in extra if hosts.allows(urllib.parse.urlsplit(s["url"]).netloc)]
        return self.render(
            "sources.html",
            laws=laws,
            official_texts=texts,
            channels=[self.cat.get("channel", i) for i in channel_ids],
            extra=shown,
            reviewed=reviewed,
            feedback_url=self.r.feedback_url,
        )

    def print_document(self, kind: str, doc_id: str, css: str) -> str:
        """Stand-alone HTML of a checklist or letter for WeasyPrint (absolute links)."""
        body = self.document(kind, doc_id)
        return self.render(
            "print_document.html",
            obj=self.cat.get(kind, doc_id),
            body=Markup(body),
            css=Markup(css),
            page_address=self.r.public_url(DOC_KIND[kind].page(doc_id)),
        )


def form_data(letter: Letter, cat: Catalog, slim: bool = False) -> dict:
    """What the browser's fill-in form needs: fields (with their steps), the common lines of the
    letter (a line of kind "variant" marks where the chosen problem's lines go) and the variants.
    `slim`: what the page carries, without the keys that hold their default (LetterField's
    defaults; a line's LINE_DEFAULTS); wq-letters.js puts the same defaults back."""
    lines, variants = letter_lines(letter, cat), variant_lines(letter, cat)
    if slim:
        lines = [_slim_line(line) for line in lines]
        variants = [{**v, "lines": [_slim_line(line) for line in v["lines"]]} for v in variants]
    return {
        "id": letter.id,
        "title": letter.title,
        "fields": [f.model_dump(exclude_defaults=slim) for f in letter.fields],
        "steps": letter.steps,
        "lines": lines,
        "variants": variants,
    }


def _slim_line(line: dict) -> dict:
    return {k: v for k, v in line.items() if k not in LINE_DEFAULTS or v != LINE_DEFAULTS[k]}
