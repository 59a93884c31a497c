"""The map a long page opens with, built at build time (no script): right under the title, two or
three lines of what the page answers, an optional 先做这几件事 box, and the list of its sections
(its own h2 headings, those macros wrote included; one without an id gets `wq-part-N`), so a reader
on a phone jumps instead of scrolling (Material hides its table of contents in the drawer there).

* Which pages: every page estimated long (`screens`, with a margin, so that each page over 8
  screens at 390x844 has one: tests/test_page_maps.py measures them all in Chromium) with at least
  `MIN_SECTIONS` sections; never a letter page, which opens with its form (issue 22).
* The lines: the front matter `summary` when the page has one, else its `description`.
* Where: under the title; on a page that opens with key items (a checklist: tick these first) the
  map follows them, without the lines (the checklist says what it is for).
* The box: front matter `first_steps`, a list of `{text: ..., link: ...}`; `link` is a page
  (`../toolkit/case.md`), a page and anchor, or an anchor on this page (`#证据链`). A page may
  carry a box without being long.
The section list carries data-search-exclude: it repeats the headings the index already holds.
"""

from __future__ import annotations

import html
import pathlib
import re

import jinja2
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .front_matter import DESCRIPTION_MAX, Refused
from .front_matter import text as plain_text
from .state import page_error


def _line_problem(value: object) -> str | None:
    """Why a summary or a step is not one line of plain text (None if it is)."""
    try:
        plain_text(value, DESCRIPTION_MAX)
    except Refused as exc:
        return str(exc)
    return None


# A page's length in phone screens (390x844), estimated from its text: characters outside folded
# <details> and blocks (paragraphs, list items, rows...), fitted on the built pages. A page gets a map
# from LONG_SCREENS on: two screens below the 8 the issue names, as the estimate is rough.
LONG_SCREENS = 6.0
PER_CHAR, PER_BLOCK, BASE = 1 / 1000, 1 / 80, 2.6
MIN_SECTIONS = 3
# the same template files as the renderer (macros/templates), so the 先做 box has one markup
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(pathlib.Path(__file__).parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
NO_MAP = ("toolkit/templates/",)  # letter pages open with their form
LEFT_OUT = {"sources"}  # 来源与审核: the page's end, not a section a reader looks for
MAX_STEPS = 5
MANY = 10  # more sections than this: listed inline, wrapping, so the list stays short
_TAG = re.compile(r"<[^>]+>")
_H1_END = re.compile(r"</h1>")
# A checklist opens with its key items (the reader acts first): its map follows them.
_KEY_ITEMS = re.compile(r'<section class="[^"]*\bwq-key-items\b[^"]*">.*?</section>', re.S)


_BLOCK = re.compile(r"<(?:p|li|tr|h[1-6]|blockquote|dt|dd|pre|summary|label|legend|input|textarea|select)\b")
_DETAILS = re.compile(r"<details\b.*?</details>", re.S)
_SUMMARY = re.compile(r"<summary\b.*?</summary>", re.S)
_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.S)


def screens(content: str) -> float:
    """Estimated phone screens of a page's content (folded <details> count by their summary)."""
    shown = _DETAILS.sub(lambda m: "".join(_SUMMARY.findall(m.group(0))), content)
    chars = len(re.sub(r"\s", "", html.unescape(_TAG.sub("", shown))))
    return BASE + chars * PER_CHAR + len(_BLOCK.findall(shown)) * PER_BLOCK


def sections(content: str) -> tuple[str, list[tuple[str, str]]]:
    """The content, each h2 given an id if it had none; (anchor, title) of its h2 headings."""
    found: list[tuple[str, str]] = []

    def one(match: re.Match) -> str:
        attrs, inner = match.groups()
        has = _ID.search(attrs)
        anchor = html.unescape(has.group(1)) if has else f"wq-part-{len(found) + 1}"
        title = " ".join(html.unescape(_TAG.sub("", _PERMALINK.sub("", inner))).split())
        if anchor not in LEFT_OUT and title:
            found.append((anchor, title))
        return match.group(0) if has else f'<h2 id="{anchor}"{attrs}>{inner}</h2>'

    return _H2.sub(one, content), found


def summary(page: Page) -> str:
    text = page.meta.get("summary") or page.meta.get("description") or ""
    problem = _line_problem(text)
    if problem:
        raise page_error(page, f"front matter: 'summary' {problem}")
    return text


def _step_href(page: Page, files: Files, link: object, n: int) -> str:
    if not isinstance(link, str) or not link or any(c in link for c in "<>\"' "):
        raise page_error(page, f"front matter: first_steps[{n}].link must be a page path or #anchor")
    path, _, anchor = link.partition("#")
    if not path:
        return "#" + anchor
    if "://" in path or not path.endswith(".md"):
        raise page_error(page, f"front matter: first_steps[{n}].link '{link}' is not a .md page of this site")
    target = files.get_file_from_path(_join(page.file.src_uri, path))
    if target is None:
        raise page_error(page, f"front matter: first_steps[{n}].link '{link}': no such page")
    return target.url_relative_to(page.file) + (f"#{anchor}" if anchor else "")


def _join(src: str, rel: str) -> str:
    parts = src.split("/")[:-1]
    for piece in rel.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def first_steps(page: Page, files: Files) -> list[tuple[str, str]]:
    steps = page.meta.get("first_steps") or []
    if not isinstance(steps, list) or len(steps) > MAX_STEPS:
        raise page_error(page, f"front matter: first_steps must be a list of at most {MAX_STEPS} steps")
    out = []
    for n, step in enumerate(steps):
        if not isinstance(step, dict) or set(step) != {"text", "link"}:
            raise page_error(page, f"front matter: first_steps[{n}] needs exactly `text` and `link`")
        problem = _line_problem(step["text"])
        if problem:
            raise page_error(page, f"front matter: first_steps[{n}].text {problem}")
        out.append((step["text"], _step_href(page, files, step["link"], n)))
    return out


def render(page: Page, steps: list[tuple[str, str]], parts: list[tuple[str, str]], lines: bool = True) -> str:
    return _TEMPLATES.get_template("page_map.html").render(
        lines=lines,
        summary=summary(page) if lines else "",
        steps=[{"text": t, "href": h} for t, h in steps],
        parts=parts,
        many=len(parts) > MANY,
    )


def add(html_text: str, page: Page, files: Files) -> str:
    """The page's content with its map under the title (unchanged when it needs none)."""
    steps = first_steps(page, files)
    long = not page.file.src_uri.startswith(NO_MAP) and screens(html_text) >= LONG_SCREENS
    parts: list[tuple[str, str]] = []
    if long:
        html_text, parts = sections(html_text)
    if len(parts) < MIN_SECTIONS:
        parts = []
    if not steps and not parts:
        return html_text
    keys = _KEY_ITEMS.search(html_text)
    end = keys or _H1_END.search(html_text)
    at = end.end() if end else 0
    block = render(page, steps, parts, lines=not keys)
    return html_text[:at] + "\n" + block + "\n" + html_text[at:]
