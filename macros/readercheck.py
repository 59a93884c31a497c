"""After the build: readers see advice and official citations, never our research trail.

Fails the build when a page's visible text has research vocabulary (来源1, 仅一个来源, 尚待进一步
核对, 未核实, 据现有资料, internal file or field names …) or when a page links to a host that is not
on the allow-list in data/hosts.yml (nor an official address of a channel in channels.yml).
The one page that describes our method (front matter `describes_method: true`) may use the words;
the host rule applies there too.
"""

from __future__ import annotations

import re
import urllib.parse

import lxml.html

from .loader import Catalog

RESEARCH_WORDS = re.compile(
    r"来源\s*\d|一个来源|独立来源|尚待进一步核对|尚待核实|未核实|未能核实|据现有资料|"
    r"核实程度|（\d{4}年报道）|\(\d{4}年报道\)|"
    r"laws(-added)?\.yml|channels\.yml|hosts\.yml|time_limits|not_for|find_string|read_file|verified:|"
    r"two-sources|one-source"
)
METHOD_MARK = "data-wq-method"  # on pages whose front matter says describes_method: true


def allowed_hosts(cat: Catalog) -> set[str]:
    """Hosts of the channels' official addresses (the allow-list covers the rest)."""
    return {urllib.parse.urlsplit(u).netloc.lower() for ch in cat.channels.values() for u in ch.urls}


def page_problems(
    tree: lxml.html.HtmlElement, rel: str, cat: Catalog, channel_hosts: set[str], feedback_url: str = ""
) -> list[str]:
    problems = []
    content = tree.xpath("//article") or [tree]
    method_page = bool(tree.xpath(f"//*[@{METHOD_MARK}]"))
    for node in content:
        text = node.text_content()
        for match in RESEARCH_WORDS.finditer(text):
            if not method_page:
                start = max(match.start() - 20, 0)
                problems.append(
                    f"{rel}: research vocabulary shown to readers: …{text[start : match.end() + 20]}…"
                )
                break
    for href in tree.xpath("//a/@href"):
        host = urllib.parse.urlsplit(href).netloc.lower()
        if feedback_url and href == feedback_url:  # mkdocs.yml extra.wq.feedback_url: that address only
            continue
        if host and not cat.hosts.allows(host) and host not in channel_hosts:
            problems.append(
                f"{rel}: link to {host}, which is not an official or mainstream host (data/hosts.yml)"
            )
    return problems


def check_site(
    trees: dict[str, lxml.html.HtmlElement], cat: Catalog, site_host: str, feedback_url: str = ""
) -> list[str]:
    """Problems of every parsed reader page (macros.postbuild.parse_pages; Material's assets skipped)."""
    channel_hosts = allowed_hosts(cat) | ({site_host} if site_host else set())
    return [
        problem
        for rel, tree in trees.items()
        if not rel.startswith("assets/")
        for problem in page_problems(tree, rel, cat, channel_hosts, feedback_url)
    ]
