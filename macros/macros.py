"""The macros pages call (`{{ law("ecommerce-59") }}` …), registered with mkdocs-macros.

Each macro is one public method of `Macros`; the list of names a page may call is derived from
the class. A macro returns HTML, which is kept away from Python-Markdown (BuildState.stash), or —
marked `@markdown` — Markdown with headings (for the table of contents) around stashed HTML.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs_macros.plugin import MacrosPlugin

from . import page_rules
from .loader import Unknown
from .models import Model, ref_ids
from .render import View, law_groups, law_page, law_title
from .state import BuildState, PageState, page_error

# The rules the case file's deadlines follow (cited on its page, see templates/case.html).
CASE_LAWS = ["complaint-measures-15", "complaint-measures-45", "complaint-measures-23"]
CASE_LAWS += ["civil-code-188", "complaint-measures-16", "civil-code-195"]


class MacroUseError(Exception):
    """A macro called the wrong way (arguments, or on the wrong page)."""


def markdown(method: Callable) -> Callable:
    """Mark a macro whose result is Markdown (not stashed as HTML)."""
    method.returns_markdown = True
    return method


class Macros:
    def __init__(self, state: BuildState, current_page: Callable):
        self.state, self.cat = state, state.catalog
        self._current_page = current_page

    @classmethod
    def names(cls) -> list[str]:
        return sorted(
            n for n, v in vars(cls).items() if callable(v) and not n.startswith("_") and n != "names"
        )

    # ---------------------------------------------------------------- per-page helpers
    @property
    def _page(self):
        return self._current_page()

    @property
    def _view(self) -> View:
        page = self._page
        return self.state.renderer.view(page.url, bool(page.meta.get("search_statutes")))

    @property
    def _cited(self) -> PageState:
        return self.state.page(self._page)

    def _block(self, html: str) -> Markup:
        return self.state.stash(self._page, html)

    def _cite_entry(self, obj: Model) -> None:
        self._cited.cite("law", ref_ids(obj, "law"))
        self._cited.cite("channel", ref_ids(obj, "channel"))
        self._cited.cite_sources(s.model_dump() for s in getattr(obj, "sources", []) if hasattr(s, "url"))

    def _scenarios_in_nav_order(self) -> list:
        rank = {src: n for n, src in enumerate(self.state.nav_order)}
        return sorted(self.cat.scenarios.values(), key=lambda sc: (rank.get(sc.page, len(rank)), sc.id))

    # ---------------------------------------------------------------- the macros
    def law(self, law_id: str) -> str:
        """Verbatim statute text with citation and source link."""
        repealed = self.cat.get("law", law_id).repealed
        if repealed:
            raise Unknown(f"law '{law_id}' was repealed on {repealed}; cite the current rule")
        html = self._view.law(law_id)
        self._cited.cite("law", [law_id])
        return html

    def channel(self, channel_id: str) -> str:
        """A channel's facts: what it handles, cannot do, needs, process, time limits."""
        html = self._view.channel(channel_id)
        self._cited.cite("channel", [channel_id])
        return html

    def channels_table(self, *ids: str) -> str:
        """Comparison table of channels (all verified channels when no id is given)."""
        ids = ids or tuple(self.cat.channels)
        html = self._view.channels_table(list(ids))
        self._cited.cite("channel", ids)
        return html

    def checklist(self, checklist_id: str) -> str:
        """A printable checklist with labelled checkboxes."""
        return self._document("checklist", checklist_id)

    def letter(self, letter_id: str) -> str:
        """A letter (文书) with its fields, text and fill-in form data."""
        return self._document("letter", letter_id)

    def _document(self, kind: str, doc_id: str) -> str:
        html = self._view.document(kind, doc_id, self.state.downloads.buttons(doc_id))
        self._cite_entry(self.cat.get(kind, doc_id))
        return html

    def first_steps(self, scenario_id: str) -> str:
        """先做这三件事: the scenario's three first steps as links (right under the page title)."""
        self._check_scenario_page(scenario_id)
        return self._view.render("first_steps.html", sc=self.cat.get("scenario", scenario_id))

    def _check_scenario_page(self, scenario_id: str) -> None:
        page = self.cat.get("scenario", scenario_id).page
        if page != self._page.file.src_uri:
            raise MacroUseError(f"scenario '{scenario_id}' belongs on docs/{page} (its `page` in data)")

    @markdown
    def scenario(self, scenario_id: str) -> str:
        """The six blocks of a scenario page, in fixed order."""
        self._check_scenario_page(scenario_id)
        md = self._view.scenario_md(scenario_id, self._block)
        self._cite_entry(self.cat.get("scenario", scenario_id))
        return md

    def case_file(self) -> str:
        """我的案件: the case form, deadlines and contact log (filled in the browser by wq-case.js)."""
        self._cited.cite("law", CASE_LAWS)
        cal = self.cat.holidays
        notices = [{"title": y.notice, "url": y.url, "note": y.number} for y in cal.published]
        self._cited.cite_sources([*notices, cal.rule.model_dump()])
        return self._view.render("case.html", case=self.cat.case, holidays=self.cat.holidays)

    def scenario_list(self) -> str:
        """Links to every scenario page (the home page picker)."""
        return self._view.render("scenario_list.html", scenarios=self._scenarios_in_nav_order())

    def downloads_table(self) -> str:
        """Every downloadable file with format and size."""
        return self._view.render(
            "downloads_table.html", rows=self.state.downloads.table(), offline=self.state.offline_download()
        )

    def toolkit_index(self) -> str:
        """Checklists and letters grouped by scenario."""
        return self._view.render("toolkit_index.html", scenarios=self._scenarios_in_nav_order())

    @markdown
    def laws_index(self) -> str:
        """Markdown: every law with a link to its page and every article id as an anchor there
        (links to `reference/laws/#<id>` from before the split still land on the article)."""
        return self._view.render(
            "laws_index.md.j2",
            groups=law_groups(self.cat),
            law_title=law_title,
            law_page=law_page,
            block=lambda html: self._block(str(html)),
        )

    @markdown
    def law_articles(self, slug: str) -> str:
        """Markdown: the articles of one law (a law page), each with its anchor."""
        items = law_groups(self.cat).get(slug)
        if not items:
            raise MacroUseError(f"no current articles have ids starting '{slug}-'")
        self._cited.cite("law", [law.id for law in items])
        view = self._view
        return view.render(
            "law_articles.md.j2", items=items, law_block=lambda lid: self._block(view.law(lid))
        )

    @markdown
    def channels_index(self) -> str:
        """Markdown: every verified channel with its anchor."""
        self._cited.cite("channel", list(self.cat.channels))
        view = self._view
        return view.render(
            "channels_index.md.j2",
            channels=list(self.cat.channels.values()),
            channel_block=lambda cid: self._block(view.channel(cid)),
        )


def register(env: MacrosPlugin, state: BuildState) -> None:
    """Register every macro with mkdocs-macros, wrapped so that a bad id names page, line and call."""
    macros = Macros(state, lambda: env.page)
    for name in Macros.names():
        env.macro(_guarded(env, state, getattr(macros, name)), name)


def _guarded(env: MacrosPlugin, state: BuildState, method: Callable) -> Callable:
    """The macro as Jinja calls it. A refused call is recorded against its line (page_rules listed
    the page's calls in the order Jinja runs them) and raised after rendering by
    on_post_page_macros: raised here, mkdocs-macros would print its own traceback block."""
    stash = not getattr(method, "returns_markdown", False)

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        cited = state.page(env.page)
        line, source = cited.next_call()
        try:
            problem = page_rules.argument_problem(method, list(args), kwargs)
            if problem:
                raise MacroUseError(problem)
            out = method(*args, **kwargs)
        except (Unknown, MacroUseError, PluginError) as exc:
            where = f"line {line}: " if line else ""
            cited.fail(f"{where}{source or method.__name__ + '(…)'}: {exc}")
            return Markup("")
        return state.stash(env.page, out) if stash else out

    return wrapper


# ---------------------------------------------------------------- mkdocs-macros entry points
def define_env(env: MacrosPlugin) -> None:
    """Load and validate data/ (once, before any page is read) and register the macros."""
    register(env, BuildState.of(env.conf))


def _sandbox(env: MacrosPlugin) -> jinja2.Environment:
    """The second wall: pages render in Jinja's immutable sandbox (no attribute starting with `_`,
    no mutating calls). mkdocs-macros 1.5 has no option for it; it builds a plain Environment in
    its on_config (after define_env), keeps it in `_env` and renders every page with
    `self.env.from_string`: the first page swaps in a sandboxed copy with the same settings."""
    current = env.env
    if isinstance(current, ImmutableSandboxedEnvironment):
        return current
    names = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string")
    names += ("comment_start_string", "comment_end_string", "line_statement_prefix")
    names += ("line_comment_prefix", "trim_blocks", "lstrip_blocks", "keep_trailing_newline")
    settings = {n: getattr(current, n) for n in names}
    sandboxed = ImmutableSandboxedEnvironment(loader=current.loader, undefined=current.undefined, **settings)
    sandboxed.globals.update(current.globals)
    sandboxed.filters.update(current.filters)
    sandboxed.tests.update(current.tests)
    env._env = sandboxed
    if env.env is not sandboxed:  # mkdocs-macros no longer keeps its environment in `_env`
        raise PluginError("mkdocs-macros: could not render pages in Jinja's sandbox (see macros/macros.py)")
    return sandboxed


def on_pre_page_macros(env: MacrosPlugin) -> None:
    page = env.page
    state = BuildState.of(env.conf)
    page_state = state.start_page(page)
    page_rules.check_front_matter(page)
    jinja = _sandbox(env)
    macros = Macros(state, lambda: page)
    signatures = {name: getattr(macros, name) for name in Macros.names()}
    page_state.calls = page_rules.check_braces(page, env.markdown, signatures, jinja.lexer)


def on_post_page_macros(env: MacrosPlugin) -> None:
    state = BuildState.of(env.conf)
    error = state.page(env.page).error
    if error:
        raise page_error(env.page, error)
    env.markdown += page_rules.sources_section(state, env.page)
