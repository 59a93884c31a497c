"""After the build: readers see advice and official citations, never our research trail.

Fails the build when a page's visible text has research vocabulary (来源1, 仅一个来源, 尚待进一步
核对, 未核实, 据现有资料, internal file or field names …). The one page that describes our method
(front matter `describes_method: true`) may use the words. Which hosts a page may link to
(data/hosts.yml, a channel's official address) is checked with every other URL in
macros/htmlcheck.py; `allows_host` here is that rule.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable

import lxml.html

from .loader import Catalog
from .state import built_path

RESEARCH_WORDS = re.compile(
    r"来源\s*\d|一个来源|独立来源|尚待进一步核对|尚待核实|未核实|未能核实|据现有资料|"
    r"核实程度|（\d{4}年报道）|\(\d{4}年报道\)|"
    r"laws(-added)?\.yml|channels\.yml|hosts\.yml|time_limits|not_for|find_string|read_file|verified:|"
    r"two-sources|one-source"
)
METHOD_MARK = "data-wq-method"  # on pages whose front matter says describes_method: true


def allows_host(cat: Catalog, site_url: str) -> Callable[[str], bool]:
    """Hosts readers may be sent to: data/hosts.yml, the channels' official addresses, the site."""
    own = {urllib.parse.urlsplit(u).netloc.lower() for ch in cat.channels.values() for u in ch.urls}
    own |= {urllib.parse.urlsplit(site_url).netloc.lower()} - {""}
    return lambda host: cat.hosts.allows(host) or host.lower() in own


def page_problems(tree: lxml.html.HtmlElement, rel: str, where: Callable = built_path) -> list[str]:
    problems = []
    content = tree.xpath("//article") or [tree]
    method_page = bool(tree.xpath(f"//*[@{METHOD_MARK}]"))
    for node in content:
        text = node.text_content()
        for match in RESEARCH_WORDS.finditer(text):
            if not method_page:
                start = max(match.start() - 20, 0)
                problems.append(
                    f"{where(rel, match.group(0))}: research vocabulary shown to readers: "
                    f"…{text[start : match.end() + 20]}…"
                )
                break
    return problems


def check_site(trees: dict[str, lxml.html.HtmlElement], where: Callable = built_path) -> list[str]:
    """Problems of every parsed reader page (macros.postbuild.parse_pages; Material's assets skipped)."""
    return [
        problem
        for rel, tree in trees.items()
        if not rel.startswith("assets/")
        for problem in page_problems(tree, rel, where)
    ]
