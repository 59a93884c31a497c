"""Helpers the tests share: run the real build, copy the project, serve a folder, read text."""

from __future__ import annotations

import http.server
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import urllib.parse

import pytest
from playwright.sync_api import expect

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import strict  # noqa: E402
from macros.loader import DataError, load_catalog  # noqa: E402
from macros.models import PLACEHOLDER  # noqa: E402

PHONE = {"width": 390, "height": 844}  # the reader's phone screen


def build(
    site_dir: pathlib.Path,
    *,
    config: pathlib.Path | None = None,
    data_dir: pathlib.Path | None = None,
    env: dict | None = None,
    timeout: int = 600,
) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build` (strict, never quiet); a logged warning counts as a failure."""
    full_env = dict(env or {})
    if data_dir:
        full_env["WQ_DATA_DIR"] = str(data_dir)
    return strict.build(config or ROOT / "mkdocs.yml", site_dir, env=full_env, cwd=ROOT, timeout=timeout)


def build_offline_zip(env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m macros offline` (the separate build step of the offline zip)."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "macros", "offline"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def copy_project(dest: pathlib.Path) -> pathlib.Path:
    """Copy docs/, data/, overrides/ and mkdocs.yml to dest (code is linked); returns the config.

    Tests vary only content this way; the code under test is the repository's own."""
    return strict.copy_project(dest)


def refused_edit(tmp_path: pathlib.Path, rel: str, old: str, new: str) -> tuple[DataError, pathlib.Path, str]:
    """Copy data/ into tmp_path, replace the first `old` (which must be there) in data/`rel` with
    `new`, and load it: (the DataError the loader raises, the edited file, its text before)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"data/{rel} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_catalog(data)
    return err.value, path, text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".json": "application/json",
        ".js": "text/javascript",
        ".svg": "image/svg+xml",
    }

    def log_message(self, *args):
        pass


def text_of(html_fragment) -> str:
    return re.sub(r"\s+", "", html_fragment.text_content())


def squash(text: str) -> str:
    """Compare text without whitespace (PDF extraction breaks lines anywhere)."""
    return re.sub(r"\s+", "", text)


def plain_fill(text: str, letter, values: dict | None = None) -> str:
    """What a reader expects to read for letter text: {field} -> value, or [label] when empty."""
    return PLACEHOLDER.sub(
        lambda m: (values or {}).get(m.group(1)) or f"[{letter.field(m.group(1)).label}]", text
    )


# ------------------------------------------------------------------ browser (Chromium via Playwright)
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# One page of every type (relative to the site root).
PAGE_TYPES = {
    "home": "",
    "scenario": "scenarios/not-delivered/",
    "guide": "guides/complaint-entrance/",
    "law": "reference/laws/",  # the index of the law pages
    "law page": "reference/laws/ecommerce/",
    "channel": "reference/channels/",
    "checklist": "toolkit/checklists/evidence/",
    "template": "toolkit/templates/platform-complaint/",
    "downloads": "toolkit/downloads/",
}


class Watch:
    """Records every request that is not to this site's own 127.0.0.1 server, and aborts it."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.offsite: list[str] = []
        self.dialogs: list[str] = []
        self.expect_confirm = False  # a test sets this just before clicking a button that asks
        self.confirms: list[str] = []  # the confirm() messages that were expected (and accepted)
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme in ("data", "blob") or (parsed.hostname == "127.0.0.1"):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def page(self, context):
        page = context.new_page()
        page.on("dialog", self._dialog)
        return page

    def _dialog(self, dialog):
        if self.expect_confirm and dialog.type == "confirm":
            self.expect_confirm = False
            self.confirms.append(dialog.message)
            dialog.accept()
        else:
            self.dialogs.append(dialog.message)
            dialog.dismiss()


def letter_data(page) -> dict:
    """A letter page's form data as wq-letters.js holds it: the page's JSON block with the keys it
    leaves out at their defaults put back (fields, lines, variants)."""
    page.wait_for_function("() => (document.querySelector('.wq-template') || {}).wqLetter")
    return page.evaluate("document.querySelector('.wq-template').wqLetter.data")


def open_page(context, watch, url):
    page = watch.page(context)
    page.goto(url, wait_until="networkidle")
    page.wait_for_load_state("load")  # networkidle can come while a blocking script is still pending
    return page


def search(page, query: str) -> list[str]:
    """Type a query into Material's search box; return the result links once they are rendered."""
    meta = ".md-search-result__meta"
    if not page.locator("input.md-search__input").is_visible():
        page.locator("label.md-search__icon").first.click()
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    # locator assertions run in Playwright's own world: the site's CSP (no eval) stays in force
    expect(page.locator(meta)).to_have_text(re.compile("键入以开始搜索"), timeout=15000)
    box.fill(query)
    box.press("End")  # fill() with CJK fires no keyup, which Material's search listens to
    expect(page.locator(meta)).not_to_have_text(re.compile("键入以开始搜索|初始化"), timeout=15000)
    # one result item per page (its first link is the page; further links are its sections)
    return page.eval_on_selector_all(
        ".md-search-result__item", "els => els.map(e => e.querySelector('a.md-search-result__link').href)"
    )
