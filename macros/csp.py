"""The Content-Security-Policy every page carries (a <meta http-equiv> that overrides/main.html
places before Material's first inline script).

Scripts run only from the site itself, plus inline scripts that are the theme's own: each inline
script in a built page must be one written in a template we ship (Material's templates, overrides/),
its `{{ … }}` slots filled with a relative path (base_url: letters, digits, `./%_-` only, so a
slot can never leave its string). Any other inline script anywhere in a page fails the build
(macros/htmlcheck.py): the policy is not built from what the pages happen to contain.
With instant navigation the first page's policy governs every page loaded after it, so every
page carries the hashes of the theme scripts used on any page.

The offline variant, opened from file://, gets the same policy with `file:` for 'self' (Chromium
gives file pages an opaque origin) plus one hash: the iframe-worker shim's inline script, made
independent of the reader's disk path by `patch_shim`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import pathlib
import re

import lxml.html
from mkdocs.exceptions import PluginError

PLACEHOLDER = "@@WQ_CSP@@"
DATA_TYPES = {"application/json", "application/ld+json"}  # inline data a browser never runs
_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S | re.I)
_SLOT = re.compile(r"\{\{.*?\}\}", re.S)
SLOT_VALUE = r"[A-Za-z0-9_./%-]*"


def is_code(script: lxml.html.HtmlElement) -> bool:
    """An inline <script> a browser would run (any type but a data block)."""
    kind = (script.get("type") or "").strip().lower().split(";")[0]
    return script.get("src") is None and kind not in DATA_TYPES


@functools.cache
def theme_scripts(dirs: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """One pattern per inline script written in the theme's templates (first directory wins for
    a template name, as in Jinja's loader)."""
    seen: dict[str, pathlib.Path] = {}
    for folder in dirs:
        for path in sorted(pathlib.Path(folder).rglob("*.html")):
            seen.setdefault(path.relative_to(folder).as_posix(), path)
    patterns = []
    for path in seen.values():
        for attrs, body in _SCRIPT.findall(path.read_text(encoding="utf-8")):
            if "src=" in attrs or "{%" in body or re.search(r"type=\"?application/(ld\+)?json", attrs):
                continue
            parts = _SLOT.split(body.strip())
            patterns.append(re.compile(SLOT_VALUE.join(map(re.escape, parts))))
    return tuple(patterns)


def is_theme_script(text: str, dirs: tuple[str, ...]) -> bool:
    return any(p.fullmatch(text) for p in theme_scripts(dirs))


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_script_hashes(trees: dict[str, lxml.html.HtmlElement], dirs: tuple[str, ...]) -> list[str]:
    """Hashes of the theme's inline scripts as the built pages use them (htmlcheck has already
    refused any inline script that is not the theme's)."""
    found = {s.text or "" for tree in trees.values() for s in tree.iter("script") if is_code(s)}
    return sorted(digest(text) for text in found if is_theme_script(text, dirs))


def policy(hashes: list[str], offline: bool = False) -> str:
    own = "file:" if offline else "'self'"
    return "; ".join(
        [
            f"default-src {own}",
            f"script-src {own} {' '.join(hashes)}".rstrip(),
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


# ---------------------------------------------------------------- the offline variant's search shim
SHIM = "assets/vendor/iframe-worker/shim.js"
_SHIM_URL_IN_SCRIPT = 'filename:"${e}"'
_SHIM_IFRAME = "r.hidden=!0,"


def patch_shim(site_dir: pathlib.Path) -> str:
    """Make the inline script the shim writes into its iframe the same on every disk (the worker's
    path rides in the iframe's data-url instead) and return that script's hash."""
    path = site_dir / SHIM
    text = path.read_text(encoding="utf-8")
    if text.count(_SHIM_URL_IN_SCRIPT) != 1 or text.count(_SHIM_IFRAME) != 1:
        raise PluginError(f"docs/{SHIM}: not the shim macros/csp.py knows how to patch (updated?)")
    text = text.replace(_SHIM_URL_IN_SCRIPT, "filename:frameElement.dataset.url")
    text = text.replace(_SHIM_IFRAME, _SHIM_IFRAME + "r.dataset.url=e,")
    path.write_text(text, encoding="utf-8")
    return digest(shim_script(text))


def shim_script(text: str) -> str:
    """The inline script the (patched) shim writes: its template with the functions c and d."""
    template = re.search(r"<html><body><script>(.*?)<\\/script>", text).group(1)
    return template.replace("${c}", _function(text, "c")).replace("${d}", _function(text, "d"))


def _function(text: str, name: str) -> str:
    """The source of `function name(…){…}` (what Function.prototype.toString gives)."""
    start = text.index(f"function {name}(")
    depth = 0
    for at in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[at], 0)
        if depth == 0:
            return text[start : at + 1]
    raise PluginError(f"docs/{SHIM}: function {name} not found")


def apply(site_dir: pathlib.Path, hashes: list[str], offline: bool = False) -> str:
    """Write the policy into every page; returns it."""
    text = policy(hashes, offline)
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if html.count(PLACEHOLDER) != 1:
            raise PluginError(
                f"{page.relative_to(site_dir)}: the CSP placeholder of overrides/main.html is missing"
            )
        page.write_text(html.replace(PLACEHOLDER, text), encoding="utf-8")
    return text
