"""After the build: nothing in the built pages can run as code unless it is the site's own.

Parses every page (attributes, not a regex over the text) and reports, per page:
* any `on*` event-handler attribute;
* any javascript:, vbscript: or data: URL in a link or embedding attribute (images may use data:,
  as Material's icons do);
* any <script> inside the page content, and any script loaded from outside the site;
* any <iframe>, <object>, <embed>, <base> or refresh <meta> inside the page content.
Material's own inline scripts sit outside the content; macros/csp.py allows exactly those by hash.
"""

from __future__ import annotations

import urllib.parse

import lxml.html

URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background")
BAD_SCHEMES = ("javascript", "vbscript", "data")
CONTENT = "//div[contains(concat(' ', normalize-space(@class), ' '), ' md-content ')]"
FORBIDDEN_IN_CONTENT = ("script", "iframe", "object", "embed", "base", "frame", "frameset")


def _scheme(value: str) -> str:
    cleaned = "".join(ch for ch in value if ch > " ").lower()  # browsers ignore control chars and spaces
    return urllib.parse.urlsplit(cleaned).scheme


def _bad_url(tag: str, attr: str, value: str) -> bool:
    scheme = _scheme(value)
    return scheme in BAD_SCHEMES and not (tag == "img" and attr == "src" and scheme == "data")


def page_problems(tree: lxml.html.HtmlElement, rel: str) -> list[str]:
    problems = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            lname = name.lower()
            if lname.startswith("on"):
                problems.append(f"{rel}: <{el.tag}> has an event-handler attribute {name}=")
            elif lname in URL_ATTRS and _bad_url(el.tag, lname, value):
                problems.append(
                    f"{rel}: <{el.tag} {name}='{value[:40]}'>: {_scheme(value)}: URLs are not allowed"
                )
        if el.tag == "script" and el.get("src") and urllib.parse.urlsplit(el.get("src")).netloc:
            problems.append(f"{rel}: <script src='{el.get('src')}'> loads code from outside the site")
        if el.tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            problems.append(f"{rel}: <meta http-equiv=refresh> is not allowed")
    for content in tree.xpath(CONTENT):
        for tag in FORBIDDEN_IN_CONTENT:
            for _el in content.iter(tag):
                problems.append(f"{rel}: <{tag}> inside the page content")
    return problems


def check_site(trees: dict[str, lxml.html.HtmlElement]) -> list[str]:
    """Problems of every parsed page (macros.postbuild.parse_pages), by page."""
    return [problem for rel, tree in trees.items() for problem in page_problems(tree, rel)]
