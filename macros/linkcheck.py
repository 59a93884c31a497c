"""After the build: every internal href/src in site/ (raw-HTML links too, which MkDocs does not
validate) must point at a file, and at an anchor that exists in it."""

from __future__ import annotations

import pathlib
import posixpath
import urllib.parse
from collections.abc import Callable

import lxml.html

from .state import built_path


def _last(path: str) -> str:
    """The last segment of a link's path (a built link `../x/` came from `x.md`)."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name if len(name) > 3 else ""


def _parse(path: pathlib.Path):
    """(ids, links) of one built page; lxml, since the stdlib HTMLParser is ~10x slower here."""
    tree = lxml.html.fromstring(path.read_bytes())
    ids = set(tree.xpath("//@id")) | set(tree.xpath("//a/@name"))
    links = [
        (el.tag, el.get(attr))
        for attr in ("href", "src")
        for el in tree.xpath(
            f"//a[@{attr}] | //link[@{attr}] | //script[@{attr}] | //img[@{attr}]"
            f" | //iframe[@{attr}] | //source[@{attr}]"
        )
    ]
    return ids, links


def check_links(site_dir: pathlib.Path, base_path: str = "/", where: Callable = built_path) -> list[str]:
    """Every internal href/src in the built HTML must point at a file (and anchor) that exists.
    `where(page, *needles)` names a page's source (and line) in the messages."""
    parsed: dict[pathlib.Path, tuple] = {}

    def parse(path: pathlib.Path):
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        rel_page = page.relative_to(site_dir).as_posix()
        for tag, link in parse(page)[1]:
            url = urllib.parse.urlsplit(link)
            if url.scheme or url.netloc or link.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            path = urllib.parse.unquote(url.path)
            if path.startswith("/"):
                if not path.startswith(base_path):
                    problems.append(f"{where(rel_page, link)}: <{tag}> '{link}' is outside the site")
                    continue
                target_rel = path[len(base_path) :]
            else:
                target_rel = (
                    posixpath.normpath(posixpath.join(posixpath.dirname(rel_page), path))
                    if path
                    else rel_page
                )
                if target_rel == ".":
                    target_rel = ""
            target = site_dir / target_rel
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(
                    f"{where(rel_page, link, _last(url.path))}: <{tag}> '{link}': no such file "
                    f"{target.relative_to(site_dir).as_posix()} (in {rel_page})"
                )
                continue
            if url.fragment and target.suffix == ".html":
                frag = urllib.parse.unquote(url.fragment)
                if frag not in parse(target)[0]:
                    problems.append(
                        f"{where(rel_page, link, '#' + url.fragment)}: <{tag}> '{link}': no anchor "
                        f"#{frag} in {target.relative_to(site_dir).as_posix()}"
                    )
    return problems
