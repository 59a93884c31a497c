"""mkdocs-macros entry point: registers the macros every page uses.

Data is loaded and validated once, in `define_env` (the macros plugin's `on_config`), before any
page is read; invalid data aborts the build there with one line per problem.

Rules for pages (enforced in `on_pre_page_macros`):
* front matter has `title`, `description` and `reviewed` (a date);
* `{{ … }}` in Markdown is only ever a macro call (`{{ law("ecommerce-59") }}`); literal braces in
  prose go inside `{% raw %}…{% endraw %}`. Anything else fails the build with file and line.
"""
from __future__ import annotations

import datetime as dt
import logging
import pathlib
import re

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from . import downloads as dl
from .loader import DataError, data_dir, load_catalog
from .render import Renderer, Unknown

ROOT = pathlib.Path(__file__).resolve().parent.parent
log = logging.getLogger("mkdocs.plugins.wq")

MACROS = ("law", "channel", "channels_table", "checklist", "template", "scenario", "scenario_list",
          "downloads_table", "laws_index", "channels_index", "toolkit_index")
_RAW = re.compile(r"\{%\s*raw\s*%\}.*?\{%\s*endraw\s*%\}", re.S)
_EXPR = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}|\{#", re.S)
_CALL = re.compile(r"^\s*(\w+)\s*\(")


class PageError(PluginError):
    pass


# Finished HTML from macros is kept out of Python-Markdown: the page gets a comment token and
# hooks.py puts the HTML back after Markdown has run (`restore_html`). Markdown would only re-parse
# it (slowly), and could never improve it.
STASH: dict[str, list[str]] = {}
_TOKEN = "<!--wq-html:{}-->"


def stash(page, html: str) -> str:
    chunks = STASH.setdefault(page.file.src_uri, [])
    chunks.append(html)
    return "\n\n" + _TOKEN.format(len(chunks) - 1) + "\n\n"


def restore_html(page, html: str) -> str:
    for n, chunk in enumerate(STASH.pop(page.file.src_uri, [])):
        token = _TOKEN.format(n)
        if html.count(token) != 1:
            raise _page_problem(page, f"macro output #{n} was lost or duplicated by Markdown "
                                "(call macros on a line of their own)")
        html = html.replace(token, chunk)
    return html


def _page_problem(page, message: str) -> PageError:
    return PageError(f"docs/{page.file.src_uri}: {message}")


def _cited(env) -> dict:
    return env.variables.setdefault("_wq_cited", {"laws": [], "channels": [], "extra": []})


def define_env(env):
    site_url = env.conf.get("site_url") or ""
    try:
        catalog = load_catalog(data_dir())
    except DataError as exc:
        raise PluginError(str(exc)) from None
    renderer = Renderer(catalog, site_url, env.conf.get("use_directory_urls", True))
    docs = dl.Downloads(catalog, renderer, ROOT)
    env.variables["_wq"] = {"catalog": catalog, "renderer": renderer, "downloads": docs}

    def scenarios_in_nav_order() -> list:
        order: list[str] = []

        def walk(items):
            for item in items or []:
                value = next(iter(item.values())) if isinstance(item, dict) else item
                if isinstance(value, list):
                    walk(value)
                else:
                    order.append(value)
        walk(env.conf.get("nav"))
        rank = {page: n for n, page in enumerate(order)}
        return sorted(catalog.scenarios.values(), key=lambda sc: (rank.get(sc.page, len(rank)), sc.id))

    def page_url() -> str:
        return env.page.url

    def cite(kind: str, ids) -> None:
        bucket = _cited(env)[kind]
        for i in ids:
            if i not in bucket:
                bucket.append(i)

    def guarded(fn, html: bool = True):
        def wrapper(*args, **kwargs):
            try:
                out = fn(*args, **kwargs)
                return stash(env.page, out) if html else out
            except Unknown as exc:
                call = f"{fn.__name__}({', '.join(map(repr, args))})"
                problem = _page_problem(env.page, f"{call}: {exc}")
                log.error(str(problem))   # shown even with `mkdocs build -q`
                raise problem from None
        wrapper.__name__ = fn.__name__
        wrapper.__doc__ = fn.__doc__
        return env.macro(wrapper)

    def markdown_macro(fn):
        """For macros that return Markdown (headings for the TOC) around HTML blocks."""
        return guarded(fn, html=False)

    def block(html: str) -> Markup:
        return Markup(stash(env.page, html))

    @guarded
    def law(law_id: str) -> str:
        """Verbatim statute text with citation and source link."""
        html = renderer.law_html(law_id, page_url())
        cite("laws", [law_id])
        return html

    @guarded
    def channel(channel_id: str) -> str:
        """A channel's facts: what it handles, cannot do, needs, process, time limits."""
        html = renderer.channel_html(channel_id, page_url())
        cite("channels", [channel_id])
        return html

    @guarded
    def channels_table(*ids: str) -> str:
        """Comparison table of channels (all verified channels when no id is given)."""
        ids = ids or tuple(catalog.channels)
        html = renderer.channels_table_html(list(ids), page_url())
        cite("channels", ids)
        return html

    @guarded
    def checklist(checklist_id: str) -> str:
        """A printable checklist with labelled checkboxes."""
        c = renderer.checklist(checklist_id)
        html = renderer.checklist_html(checklist_id, page_url(), docs.buttons(checklist_id))
        cite("laws", c.law_ids())
        cite("channels", c.channel_ids())
        cite("extra", [s.model_dump() for s in c.sources])
        return html

    @guarded
    def template(template_id: str) -> str:
        """A document template with fields, letter text and fill-in form data."""
        t = renderer.template(template_id)
        html = renderer.template_html(template_id, page_url(), docs.buttons(template_id))
        cite("laws", t.law_ids())
        cite("channels", t.channels)
        cite("extra", [s.model_dump() for s in t.sources])
        return html

    @markdown_macro
    def scenario(scenario_id: str) -> str:
        """The six blocks of a scenario page, in fixed order."""
        sc = renderer.scenario(scenario_id)
        md = renderer.scenario_md(scenario_id, page_url(), block)
        cite("laws", sc.law_ids())
        cite("channels", sc.channel_ids())
        cite("extra", [s.model_dump() for s in sc.sources])
        return md

    @guarded
    def scenario_list() -> str:
        """Links to every scenario page (the home page picker)."""
        return renderer._render("scenario_list.html", page_url(), scenarios=scenarios_in_nav_order())

    @guarded
    def downloads_table() -> str:
        """Every downloadable file with format and size."""
        return renderer._render("downloads_table.html", page_url(), rows=docs.table(), offline=docs.offline_zip())

    @guarded
    def toolkit_index() -> str:
        """Checklists and templates grouped by scenario."""
        return renderer._render("toolkit_index.html", page_url(), scenarios=scenarios_in_nav_order())

    @markdown_macro
    def laws_index() -> str:
        """Markdown: every statute article in data/, grouped by law, each with its anchor."""
        groups: dict[str, list] = {}
        for item in catalog.laws.values():
            groups.setdefault(item.law, []).append(item)
        cite("laws", list(catalog.laws))
        return renderer._render("laws_index.md.j2", page_url(), groups=groups,
                                law_block=lambda lid: block(renderer.law_html(lid, page_url())))

    @markdown_macro
    def channels_index() -> str:
        """Markdown: every verified channel with its anchor."""
        cite("channels", list(catalog.channels))
        return renderer._render("channels_index.md.j2", page_url(), channels=list(catalog.channels.values()),
                                channel_block=lambda cid: block(renderer.channel_html(cid, page_url())))


def on_pre_page_macros(env):
    page = env.page
    STASH.pop(page.file.src_uri, None)
    env.variables["_wq_cited"] = {"laws": [], "channels": [], "extra": []}
    meta = page.meta
    env.variables["_wq"]["renderer"].index_statutes = bool(meta.get("search_statutes"))
    for key in ("title", "description", "reviewed"):
        if not meta.get(key):
            raise _page_problem(page, f"front matter: '{key}' is missing")
    if not isinstance(meta["reviewed"], dt.date):
        raise _page_problem(page, f"front matter: 'reviewed' must be a date like 2026-11-27, got {meta['reviewed']!r}")
    text = _RAW.sub(lambda m: "\n" * m.group(0).count("\n"), env.markdown)
    for match in _EXPR.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        expr = match.group(1)
        call = _CALL.match(expr or "")
        if expr is None or not call or call.group(1) not in MACROS:
            snippet = match.group(0)[:60]
            raise _page_problem(page, f"line {line}: '{snippet}' is not a macro call; "
                                f"macros are {', '.join(MACROS)}. Put literal braces inside "
                                "{% raw %}…{% endraw %}.")


def on_post_page_macros(env):
    """Append the generated 来源 section: every law and channel the page cited, plus front-matter
    `sources`, and the last-reviewed date."""
    page, wq = env.page, env.variables["_wq"]
    cited = _cited(env)
    extra = list(page.meta.get("sources") or [])
    for n, s in enumerate(extra):
        if not isinstance(s, dict) or not s.get("title") or not str(s.get("url", "")).startswith(("http://", "https://")):
            raise _page_problem(page, f"front matter: sources[{n}] needs `title` and an http(s) `url`")
    extra += [s for s in cited["extra"] if s not in extra]
    html = wq["renderer"].sources_html(cited["laws"], cited["channels"], extra, page.meta["reviewed"], page.url)
    # The sources block carries data-search-exclude (sources.html): lists of URLs would only add
    # noise and bytes to the search index.
    env.markdown += f"\n\n## 来源与审核 {{ #sources }}\n{stash(page, html)}"


def on_post_build(env):
    env.variables["_wq"]["downloads"].publish(pathlib.Path(env.conf["site_dir"]))
