"""After the build: nothing in a built page can run as code, or send the reader or the browser to
a host, unless it is the site's own. The whole document is checked (head, header, nav, content,
footer), parsed (attributes, not a regex over the text):

* any `on*` event-handler attribute;
* any inline <script> that is not a script of the theme's templates (macros/csp.py), any script
  loaded from outside the site, any <iframe>, <frame>, <object>, <embed>, <base>, refresh <meta>,
  and <animate>/<set> that would change an `href`;
* every URL-bearing attribute (href, xlink:href, src, srcset, action, formaction, poster, data,
  ping, cite, background, manifest, and CSS url()/@import in style) parsed with a WHATWG URL parser
  (ada-url, as browsers parse: `http:\\\\host\\x` is http://host/x): only http(s), mailto: and tel:
  (data: for images), and a host off the site only on a link, and only a host in data/hosts.yml or
  a channel's official address. Requests the browser makes itself (src, ping, …) stay on the site.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import ada_url
import lxml.html

from . import csp
from .state import built_path

SITE = "https://site.invalid/"  # stands in for the site's address when none is configured
URL_ATTRS = {"href", "xlink:href", "cite", "src", "srcset", "action", "formaction", "poster", "data"}
URL_ATTRS |= {"ping", "background", "manifest", "imagesrcset"}
LINK_TAGS = {"a", "area"}  # a tap navigates; on <link>, <use>, <image> … an href is fetched
SCHEMES = {"http:", "https:", "mailto:", "tel:"}
FORBIDDEN = ("iframe", "frame", "frameset", "object", "embed", "base", "applet", "portal")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)|@import\s+(['\"])(.*?)\3", re.I | re.S)


@dataclass
class Rules:
    allows_host: Callable[[str], bool]  # a host readers may be sent to
    site_url: str  # the public address ("" when none is configured)
    theme_dirs: tuple[str, ...]  # where the theme's templates are (inline scripts allowed)
    where: Callable = built_path  # names a page's source file and line
    feedback_url: str = ""  # mkdocs.yml extra.wq.feedback_url: that one address is allowed, not its host

    def base(self, rel: str) -> str:
        return (self.site_url or SITE).rstrip("/") + "/" + rel

    def own_host(self) -> str:
        return ada_url.URL(self.site_url or SITE).host


def url_problem(tag: str, attr: str, value: str, rel: str, rules: Rules) -> str | None:
    """Why one URL in a page is refused (None if it is fine)."""
    try:
        url = ada_url.URL(value, rules.base(rel))
    except ValueError:
        return "is not a valid URL"
    if url.protocol == "data:":
        ok = tag in ("img", "source") and attr in ("src", "srcset") or attr == "css"
        return None if ok and url.pathname.lower().startswith("image/") else "data: URLs are not allowed"
    if url.protocol not in SCHEMES:
        return f"{url.protocol} URLs are not allowed"
    link = attr == "cite" or (tag in LINK_TAGS and attr.endswith("href"))
    if url.protocol in ("mailto:", "tel:"):
        return None if link else f"{url.protocol} URLs are not allowed here"
    if url.host == rules.own_host():
        return None
    if not link:
        return f"loads from {url.host}, outside the site"
    if link and rules.feedback_url and value.strip() == rules.feedback_url:
        return None
    if not rules.allows_host(url.host):
        return f"link to {url.host}, which is not an official or mainstream host (data/hosts.yml)"
    return None


def _urls(attr: str, value: str) -> list[str]:
    if attr in ("srcset", "imagesrcset"):
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    if attr == "ping":
        return value.split()
    return [value.strip()]


def _css_problems(css: str) -> list[tuple[str, str | None]]:
    """(url, problem) for each url()/@import in CSS; escapes could hide a URL, so none allowed."""
    if "\\" in css:
        return [(css[:40], "CSS escapes are not allowed in styles")]
    return [(m.group(2) or m.group(4) or "", None) for m in _CSS_URL.finditer(css)]


def element_problems(el: lxml.html.HtmlElement, rel: str, rules: Rules) -> list[tuple[str, str]]:
    """(needle, problem) for one element."""
    tag, found = el.tag.lower(), []
    for name, value in el.attrib.items():
        attr = name.lower()
        if attr.startswith("on"):
            found.append((name, f"<{tag}> has an event-handler attribute {name}="))
        elif attr in URL_ATTRS or attr.endswith(":href"):
            for url in _urls(attr, value):
                problem = url_problem(tag, attr, url, rel, rules)
                if problem:
                    found.append((url, f"<{tag} {name}='{url[:60]}'>: {problem}"))
        elif attr == "style":
            found += _style_problems(tag, value, rel, rules)
    if tag == "style":
        found += _style_problems(tag, el.text or "", rel, rules)
    if tag in FORBIDDEN:
        found.append((f"<{tag}", f"<{tag}> is not allowed in a page"))
    if tag == "meta" and (el.get("http-equiv") or "").strip().lower() == "refresh":
        found.append(("refresh", "<meta http-equiv=refresh> is not allowed"))
    animated = (el.get("attributename") or "").strip().lower()
    if tag in ("animate", "set", "animatemotion", "animatetransform") and animated.endswith("href"):
        found.append((f"<{tag}", f"<{tag}> changing an href is not allowed"))
    if tag == "script" and csp.is_code(el) and not csp.is_theme_script(el.text or "", rules.theme_dirs):
        found.append(((el.text or "").strip()[:30], "<script> that is not one of the theme's inline scripts"))
    return found


def _style_problems(tag: str, css: str, rel: str, rules: Rules) -> list[tuple[str, str]]:
    found = []
    for url, problem in _css_problems(css):
        problem = problem or url_problem(tag, "css", url, rel, rules)
        if problem:
            found.append((url, f"<{tag}> style url('{url[:60]}'): {problem}"))
    return found


def page_problems(tree: lxml.html.HtmlElement, rel: str, rules: Rules) -> list[str]:
    return [
        f"{rules.where(rel, needle)}: {problem}"
        for el in tree.iter()
        if isinstance(el.tag, str)
        for needle, problem in element_problems(el, rel, rules)
    ]


def check_site(trees: dict[str, lxml.html.HtmlElement], rules: Rules) -> list[str]:
    """Problems of every parsed page (macros.postbuild.parse_pages), by page."""
    return [problem for rel, tree in trees.items() for problem in page_problems(tree, rel, rules)]
