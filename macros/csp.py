"""The Content-Security-Policy every page carries (a <meta http-equiv> that overrides/main.html
places before Material's first inline script).

Scripts run only from the site itself, plus Material's inline scripts, allowed by their hashes.
With instant navigation the first page's policy governs every page loaded after it, so every page
carries the hashes of the inline scripts of all pages, computed after the build.
"""

from __future__ import annotations

import base64
import hashlib
import pathlib

import lxml.html
from mkdocs.exceptions import PluginError

PLACEHOLDER = "@@WQ_CSP@@"
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def inline_script_hashes(trees: dict[str, lxml.html.HtmlElement]) -> list[str]:
    hashes: set[str] = set()
    for tree in trees.values():
        for script in tree.iter("script"):
            if script.get("src") is None and (script.get("type") or "").lower() in JS_TYPES:
                digest = hashlib.sha256((script.text or "").encode("utf-8")).digest()
                hashes.add("'sha256-" + base64.b64encode(digest).decode() + "'")
    return sorted(hashes)


def policy(hashes: list[str], offline: bool = False) -> str:
    # The offline variant, opened from file://, needs its own policy: Chromium gives file pages an
    # opaque origin ('self' matches nothing there, so it names the file: scheme), and its search
    # runs through the iframe-worker shim, which writes an inline script holding the absolute path
    # of the worker on the reader's disk: no hash can be known in advance, so inline scripts are
    # allowed there (a browser ignores 'unsafe-inline' when hashes are listed, so none are).
    own = "file:" if offline else "'self'"
    scripts = f"{own} 'unsafe-inline'" if offline else f"{own} {' '.join(hashes)}".rstrip()
    return "; ".join(
        [
            f"default-src {own}",
            f"script-src {scripts}",
            f"style-src {own} 'unsafe-inline'",
            f"img-src {own} data:",
            f"font-src {own} data:",
            f"connect-src {own}",
            f"worker-src {own} blob:",
            f"frame-src {own}",
            "object-src 'none'",
            f"base-uri {own}",
            f"form-action {own}",
        ]
    )


def apply(site_dir: pathlib.Path, trees: dict[str, lxml.html.HtmlElement], offline: bool = False) -> str:
    """Write the policy, built from the parsed pages' inline scripts, into every page; returns it."""
    text = policy(inline_script_hashes(trees), offline)
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if html.count(PLACEHOLDER) != 1:
            raise PluginError(
                f"{page.relative_to(site_dir)}: the CSP placeholder of overrides/main.html is missing"
            )
        page.write_text(html.replace(PLACEHOLDER, text), encoding="utf-8")
    return text
