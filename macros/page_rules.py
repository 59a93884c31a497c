"""Rules every Markdown page follows, checked before its macros run, and the generated
“来源与审核” section appended after them.

* front matter by allow-list (macros/front_matter.py): only known keys, each with a type and rule;
* `{{ … }}` in Markdown is only ever a call of a known macro whose arguments are literals
  (`{{ law("ecommerce-59") }}`): Jinja's own lexer finds the expressions (so raw blocks and
  whitespace control are read exactly as Jinja reads them), Python's `ast` parses each one, and the
  arguments are bound to the macro's signature. `{% … %}` other than raw/endraw and `{# #}` are
  refused; literal braces in prose go inside `{% raw %}…{% endraw %}`. Anything else fails the build
  with file, line and the expression, before Jinja runs anything.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable

import jinja2
from mkdocs.structure.pages import Page

from .front_matter import check_front_matter, source_offset
from .models import shown
from .state import BuildState, page_error

__all__ = ["check_braces", "check_front_matter", "front_matter_sources", "sources_section"]

_LITERAL_TYPES = (str, int, float)
_ALLOWED_TOKENS = {"data", "raw_begin", "raw_end"}


def check_braces(page: Page, markdown: str, macros: dict[str, Callable], lexer: jinja2.lexer.Lexer) -> list:
    """Every Jinja construct in the page, as Jinja's lexer sees it, must be a literal macro call.
    Returns [(line in the source file, expression)] of the calls, in the order Jinja runs them."""
    offset = source_offset(page, markdown)
    calls, expr, start = [], None, 0
    try:
        for line, kind, value in lexer.tokeniter(markdown, None):
            if kind == "variable_begin":
                expr, start = [], line
            elif kind == "variable_end":
                source = "".join(expr).strip()
                _check_call(page, start + offset, source, macros)
                calls.append((start + offset, source))
                expr = None
            elif expr is not None:
                expr.append(value)
            elif kind not in _ALLOWED_TOKENS:
                _refuse(page, line + offset, _snippet(markdown, line), "is not a macro call", macros)
    except jinja2.TemplateSyntaxError as exc:
        _refuse(page, (exc.lineno or 1) + offset, _snippet(markdown, exc.lineno or 1), exc.message, macros)
    return calls


def _snippet(markdown: str, line: int) -> str:
    lines = markdown.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _refuse(page: Page, line: int, source: str, why: str, macros: dict) -> None:
    raise page_error(
        page,
        f"line {line}: '{source[:80]}' {why}; pages may only call a macro with literal arguments "
        f"({', '.join(sorted(macros))}). Put literal braces inside {{% raw %}}…{{% endraw %}}.",
    )


def _check_call(page: Page, line: int, source: str, macros: dict[str, Callable]) -> None:
    shown = "{{ " + source + " }}"
    try:
        node = ast.parse(source, mode="eval").body
    except SyntaxError:
        _refuse(page, line, shown, "is not a macro call", macros)
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in macros):
        _refuse(page, line, shown, "is not a macro call", macros)
    values = [*node.args, *(k.value for k in node.keywords)]
    if any(k.arg is None for k in node.keywords) or not all(map(_is_literal, values)):
        _refuse(page, line, shown, "has an argument that is not a literal", macros)
    args = [ast.literal_eval(a) for a in node.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
    problem = argument_problem(macros[node.func.id], args, kwargs)
    if problem:
        raise page_error(page, f"line {line}: {source}: {problem}")


def _is_literal(node: ast.expr) -> bool:
    """A string or number, or a list/tuple of them (no names, calls, operators or f-strings)."""
    if isinstance(node, ast.Constant):
        return type(node.value) in _LITERAL_TYPES
    if isinstance(node, ast.List | ast.Tuple):
        return all(isinstance(e, ast.Constant) and type(e.value) in _LITERAL_TYPES for e in node.elts)
    return False


def argument_problem(method: Callable, args: list, kwargs: dict) -> str | None:
    signature = inspect.signature(method)
    params = ", ".join(
        ("*" if p.kind is p.VAR_POSITIONAL else "") + p.name for p in signature.parameters.values()
    )
    usage = f'use {method.__name__}({params}) with each id in quotes, e.g. law("ecommerce-59")'
    try:
        signature.bind(*args, **kwargs)
    except TypeError:
        return f"wrong arguments; {usage}"
    for value in [*args, *kwargs.values()]:
        if not isinstance(value, str):
            return f"ids are text in quotes, got {shown(value)}; {usage}"
    return None


def front_matter_sources(page: Page) -> list[dict]:
    return list(page.meta.get("sources") or [])


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
