"""Front matter by allow-list: a page may carry only the keys below, each with a type and a rule.

Material prints several front-matter values into the page unescaped (`title` in <title>, the nav,
header and footer; `description` in a <meta> attribute; `subtitle`, `status` and others in the
nav), and reads some as template or file names (`template`, `icon`). So nothing is passed through
because the theme knows it: a key not listed here fails the build with file, line and key.

Why each key is allowed:
  title            the page's name (<title>, nav, header, print footer): one line of plain text
  description      <meta name=description>, search results, link previews: one line of plain text
  reviewed         the last-reviewed date shown in 来源与审核 and the print footer
  sources          extra references the page's 来源与审核 lists (title, http(s) url, note)
  search           Material's search plugin per page: `boost` (a number) or `exclude` (true)
  search_statutes  ours: statute blocks on this page go into the search index (guides/laws.md)
  describes_method ours: the one page that may describe how sources are checked (readercheck)
  icon             Material's nav icon, only one of ICONS (a name is a path into the theme)
  template         Material's page template, only one of TEMPLATES (a name is a file to render)
  generated_from   set by macros/pages.py on pages generated from data/ (their errors name the
                   data file); refused on a hand-written page
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata

from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from .loader import front_matter_problem
from .models import MAX_LINE, shown
from .state import page_error

MARKUP = set('<>"&`')  # printed unescaped by the theme
# mkdocs-macros renders a title holding a Jinja delimiter as a template (outside the page check)
JINJA = ("{{", "{%", "{#")
INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}  # control, format (bidi, zero-width), line/paragraph separators
ICONS = {"material/scale-balance", "material/gavel", "material/file-document-outline"}
TEMPLATES = {"main.html"}
_HTTP = re.compile(r"https?://[^\s<>\"'`{}\\]+")
# the limits of data/ (macros/models.py), which generated pages carry into their front matter
TITLE_MAX, DESCRIPTION_MAX, SOURCE_TITLE_MAX, NOTE_MAX, URL_MAX = MAX_LINE, 300, MAX_LINE, 300, 500


class Refused(ValueError):
    pass


def text(value: object, limit: int) -> str:
    """One line of plain text: no markup, control, bidi or separator characters; at most `limit`."""
    if not isinstance(value, str):
        raise Refused(f"must be text, got {shown(value)} (put it in quotes)")
    if not value.strip():
        raise Refused("is empty or only white space")
    bad = sorted({c for c in value if c in MARKUP or unicodedata.category(c) in INVISIBLE})
    if bad:
        chars = " ".join(repr(c) if c in MARKUP else f"U+{ord(c):04X}" for c in bad)
        raise Refused(f"must be one line of plain text without {chars} (use words or 《》 instead)")
    delimiters = [d for d in JINJA if d in value]
    if delimiters:
        raise Refused(f"must not contain {' '.join(delimiters)} (a template delimiter)")
    if len(value) > limit:
        raise Refused(f"is {len(value)} characters long; at most {limit}")
    return value


def _flag(value: object) -> None:
    if not isinstance(value, bool):
        raise Refused(f"must be true or false, got {shown(value)}")


def _date(value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise Refused(f"must be a date like 2026-11-27, got {shown(value)}")
    if value > dt.date.today():
        raise Refused(f"{value} is in the future")


def _one_of(allowed: set[str]):
    def check(value: object) -> None:
        if value not in allowed:
            raise Refused(f"{shown(value)!r} is not one of {', '.join(sorted(allowed))}")

    return check


def _search(value: object) -> None:
    if not isinstance(value, dict) or not value or set(value) - {"boost", "exclude"}:
        raise Refused(f"must be `boost: <number>` or `exclude: true`, got {shown(value)}")
    boost = value.get("boost", 1)
    if isinstance(boost, bool) or not isinstance(boost, int | float) or not 0 < boost <= 10:
        raise Refused(f"boost must be a number above 0 and at most 10, got {shown(boost)}")
    if "exclude" in value:
        _flag(value["exclude"])


def _sources(value: object) -> None:
    if not isinstance(value, list):
        raise Refused(f"must be a list of `- title: … url: …` entries, got {shown(value)}")
    for n, entry in enumerate(value):
        if not isinstance(entry, dict) or set(entry) - {"title", "url", "note"}:
            raise Refused(f"[{n}] must have only title, url and note, got {shown(entry)}")
        for key, limit in (("title", SOURCE_TITLE_MAX), ("note", NOTE_MAX)):
            if key in entry or key == "title":
                try:
                    text(entry.get(key), limit)
                except Refused as exc:
                    raise Refused(f"[{n}].{key} {exc}") from None
        url = entry.get("url")
        if not isinstance(url, str) or not _HTTP.fullmatch(url) or len(url) > URL_MAX:
            raise Refused(f"[{n}].url must be an http(s) address, got {shown(url)}")


def _steps(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(step, dict) for step in value):
        raise Refused("must be a list of {text: …, link: …}")


RULES = {
    "title": lambda v: text(v, TITLE_MAX),
    "description": lambda v: text(v, DESCRIPTION_MAX),
    "reviewed": _date,
    "sources": _sources,
    "search": _search,
    "search_statutes": _flag,
    "describes_method": _flag,
    "icon": _one_of(ICONS),
    "template": _one_of(TEMPLATES),
    "generated_from": lambda v: text(v, 200),
    "summary": lambda v: text(v, DESCRIPTION_MAX),  # a long page's map: its lines (macros/page_maps.py)
    "first_steps": _steps,  # a guide's 先做这几件事 box; each step checked by macros/page_maps.py
}
REQUIRED = ("title", "description", "reviewed")


def check_front_matter(page: Page) -> None:
    meta = page.meta
    problem = front_matter_problem(page.file.content_string)  # read as data/ is: no key twice
    if problem:
        raise page_error(page, problem)
    generated = page.file.generated_by is not None
    for key in REQUIRED:
        if key not in meta or meta[key] in (None, ""):
            raise page_error(page, f"front matter: '{key}' is missing")
    for key in [*REQUIRED, *(k for k in meta if k not in REQUIRED)]:
        where = _key_line(page, key)
        if key not in RULES or (key == "generated_from" and not generated):
            raise page_error(
                page,
                f"{where}front matter: unknown key '{key}'; allowed: {', '.join(k for k in RULES)} "
                "(see macros/front_matter.py)",
            )
        value = meta[key]
        if generated and isinstance(value, str):
            value = html.unescape(value)  # macros/pages.py escaped data text on purpose
        try:
            RULES[key](value)
        except Refused as exc:
            raise page_error(page, f"{where}front matter: '{key}' {exc}") from None


def _front_matter_text(page: Page) -> str:
    match = YAML_RE.match(page.file.content_string)
    return match.group(1) if match else ""


def _key_line(page: Page, key: str) -> str:
    """'line N: ' of a top-level key in the page's source (front matter starts on line 2)."""
    if page.file.generated_by is not None:
        return ""
    for n, line in enumerate(_front_matter_text(page).splitlines()):
        if re.match(rf"{re.escape(str(key))}\s*:", line):
            return f"line {n + 2}: "
    return ""


def source_offset(page: Page, markdown: str) -> int:
    """Lines in the source file before the Markdown that Jinja sees (the front matter)."""
    source = page.file.content_string
    if page.file.generated_by is not None or not source.endswith(markdown):
        return 0
    return source[: len(source) - len(markdown)].count("\n")
