"""Rules every Markdown page follows, checked before its macros run, and the generated
“来源与审核” section appended after them.

* front matter has `title`, `description` and `reviewed` (a date);
* `{{ … }}` in Markdown is only ever a macro call (`{{ law("ecommerce-59") }}`); literal braces in
  prose go inside `{% raw %}…{% endraw %}`. Anything else fails the build with file and line.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from .loader import front_matter_problem
from .models import not_blank, plain_line, shown
from .state import BuildState, page_error

_RAW = re.compile(r"\{%\s*raw\s*%\}.*?\{%\s*endraw\s*%\}", re.S)
_EXPR = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}|\{#", re.S)
_CALL = re.compile(r"^\s*(\w+)\s*\(")


def check_front_matter(page: Page) -> None:
    meta = page.meta
    if not meta:
        _check_front_matter_yaml(page)
    for key in ("title", "description", "reviewed"):
        if not meta.get(key):
            raise page_error(page, f"front matter: '{key}' is missing")
    for key in ("title", "description"):
        problem = _line_problem(meta[key])
        if problem:
            raise page_error(page, f"front matter: '{key}' {problem}")
    reviewed = meta["reviewed"]
    if not isinstance(reviewed, dt.date):
        raise page_error(
            page, f"front matter: 'reviewed' must be a date like 2026-11-27, got {shown(reviewed)}"
        )
    if reviewed > dt.date.today():
        raise page_error(page, f"front matter: 'reviewed' {reviewed} is in the future")
    problem = front_matter_problem(page.file.content_string)  # every key's type; no key twice
    if problem:
        raise page_error(page, problem)


def _line_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return f"must be text, got {shown(value)} (put it in quotes)"
    try:
        plain_line(not_blank(value))
    except ValueError as exc:
        return str(exc)
    return None


def _check_front_matter_yaml(page: Page) -> None:
    """MkDocs drops front matter it cannot parse; say why instead of "'title' is missing"."""
    match = YAML_RE.match(page.file.content_string)
    if not match:
        return
    try:
        data = yaml.safe_load(match.group(1))
    except Exception as exc:  # YAMLError; ValueError from a date like 2026-13-45; RecursionError
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise page_error(
            page, f"front matter is not valid YAML{where}: {getattr(exc, 'problem', None) or shown(str(exc))}"
        ) from None
    if not isinstance(data, dict):
        raise page_error(page, "front matter must be a mapping of `key: value` lines")


def check_braces(page: Page, markdown: str, macro_names: list[str]) -> None:
    text = _RAW.sub(lambda m: "\n" * m.group(0).count("\n"), markdown)
    for match in _EXPR.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        expr = match.group(1)
        call = _CALL.match(expr or "")
        if expr is None or not call or call.group(1) not in macro_names:
            snippet = match.group(0)[:60]
            raise page_error(
                page,
                f"line {line}: '{snippet}' is not a macro call; "
                f"macros are {', '.join(macro_names)}. Put literal braces inside "
                "{% raw %}…{% endraw %}.",
            )


def front_matter_sources(page: Page) -> list[dict]:
    sources = list(page.meta.get("sources") or [])
    for n, s in enumerate(sources):
        if (
            not isinstance(s, dict)
            or not s.get("title")
            or not str(s.get("url", "")).startswith(("http://", "https://"))
        ):
            raise page_error(page, f"front matter: sources[{n}] needs `title` and an http(s) `url`")
    return sources


def sources_section(state: BuildState, page: Page) -> str:
    """Markdown for the page's “来源与审核” section: every law and channel the page cited, its
    front-matter `sources` and those of the entries it shows, and the last-reviewed date."""
    cited = state.page(page)
    extra = front_matter_sources(page)
    extra += [s for s in cited.extra if s not in extra]
    html = state.renderer.view(page.url).sources(cited.laws, cited.channels, extra, page.meta["reviewed"])
    # The sources block carries data-search-exclude (sources.html): lists of URLs would only add
    # noise and bytes to the search index.
    return f"\n\n## 来源与审核 {{ #sources }}\n{state.stash(page, html)}"
