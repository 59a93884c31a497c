"""Readers see a statute's version as a Chinese sentence, never our research string.

`version` in data/laws.yml stays as imported ("2018-08-31通过,2019-01-01施行(未修正)"); every output
renders it through macros/lawversion.py. This check refuses what would show the research string or its
notes anyway — a template printing `law.version`, a note copied into prose: the raw version strings,
ISO dates with 通过/施行/公布, "(未修正)", "页面发布日期" and the like. It reads every built page, every
Word file under downloads/ (postbuild), and the HTML each PDF is made from (macros/downloads.py).
On pages it also refuses half-width , ; ( ) between Chinese characters outside statute quotes
(which stay exactly as published, half-width brackets and all).
"""

from __future__ import annotations

import pathlib
import re
import zipfile

import lxml.html

from .loader import Catalog

NOTES = re.compile(
    r"页面发布日期|未修正|另有页面称|现行文本含至|审委会通过|常务会议通过|"
    r"\d{4}-\d{1,2}-\d{1,2}\s*(?:通过|施行|公布|修正|修订)|"
    r"(?:通过|公布|修正|修订)\s*,\s*\d{4}"
)
CJK = "\u4e00-\u9fff"
HALF_WIDTH = re.compile(rf"[{CJK}][,;(]|[)][{CJK}]|[{CJK}][)]|[(][{CJK}]")
# text of a page that is prose for readers: not statute quotes, code, scripts or styles
PROSE = (
    ".//text()[not(ancestor::blockquote[contains(concat(' ', @class, ' '), ' wq-law ')])"
    " and not(ancestor::code) and not(ancestor::pre) and not(ancestor::script) and not(ancestor::style)]"
)


def raw_versions(cat: Catalog) -> set[str]:
    return {law.version for law in cat.laws.values()}


def note_in(text: str, versions: set[str]) -> str | None:
    """The first version note in `text`, with a little context, or None."""
    for version in versions:
        at = text.find(version)
        if at >= 0:
            return f"…{text[max(at - 10, 0) : at + len(version) + 2]}…"
    match = NOTES.search(text)
    if match:
        return f"…{text[max(match.start() - 20, 0) : match.end() + 20]}…"
    return None


def page_problems(tree: lxml.html.HtmlElement, rel: str, versions: set[str]) -> list[str]:
    for node in tree.xpath("//article") or [tree]:
        found = note_in(node.text_content(), versions)
        if found:
            return [f"{rel}: a statute's version note shown to readers (render law.version_text): {found}"]
        for text in node.xpath(PROSE):
            match = HALF_WIDTH.search(text)
            if match:
                shown = text[max(match.start() - 15, 0) : match.end() + 15]
                return [f"{rel}: half-width punctuation in Chinese text: …{shown}…"]
    return []


def docx_text(path: pathlib.Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)


def check_site(trees: dict[str, lxml.html.HtmlElement], cat: Catalog, site_dir: pathlib.Path) -> list[str]:
    """Problems on the built pages (Material's assets skipped) and in the Word downloads."""
    versions = raw_versions(cat)
    problems = [
        problem
        for rel, tree in trees.items()
        if not rel.startswith("assets/")
        for problem in page_problems(tree, rel, versions)
    ]
    for path in sorted(site_dir.glob("downloads/*.docx")):
        found = note_in(docx_text(path), versions)
        if found:
            rel = path.relative_to(site_dir)
            problems.append(f"{rel}: a statute's version note in the Word file: {found}")
    return problems
