"""Fixtures: the real site is built once per test session, into a temp dir, and served.

Markers (pyproject.toml): `build` for tests that need a real build, `browser` for Chromium.
The fast subset: pytest -m "not browser and not build".
"""

from __future__ import annotations

import functools
import http.server
import os
import pathlib
import threading

import pytest
from playwright.sync_api import sync_playwright

from helpers import ARGS, CHROMIUM, PHONE, QuietHandler, Watch, build, build_offline_zip, free_port
from helpers import ROOT as ROOT
from macros.loader import load_catalog

SLOW_FIXTURES = {"site", "pages", "server", "site_url"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(ROOT / "data")


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def site_url(site_port) -> str:
    """The public address the test site is built for (where the browser tests serve it)."""
    return f"http://127.0.0.1:{site_port}/"


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_url) -> pathlib.Path:
    """The real site, built as `./dev build` does (offline zip, then the site), once, for the
    address the browser tests serve it at."""
    env = {"SITE_URL": site_url}
    proc = build_offline_zip(env)
    assert proc.returncode == 0, f"offline build failed:\n{proc.stdout}\n{proc.stderr}"
    out = tmp_path_factory.mktemp("site")
    proc = build(out, env=env)
    assert proc.returncode == 0, f"site build failed:\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture(scope="session")
def server(site, site_port):
    """Serve the built site on 127.0.0.1 (a real HTTP server, as a static host would)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site_port}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def pages(site) -> dict[str, str]:
    """Every built HTML page except Material's 404, keyed by path relative to site/."""
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*.html"))
        if p.name != "404.html" and "assets" not in p.parts
    }


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: ./dev test installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def ctx(browser, server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    watch = Watch(context, server)
    yield context, watch, server
    context.close()
    assert watch.dialogs == [], f"a dialog opened: script ran from page content: {watch.dialogs}"
    assert watch.offsite == [], f"off-site requests: {watch.offsite}"


@pytest.fixture()
def phone(browser, server):
    """A phone (390×844, touch) in zh-CN, with the same watch for dialogs and off-site requests."""
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True, accept_downloads=True
    )
    watch = Watch(context, server)
    yield context, watch, server
    context.close()
    assert watch.dialogs == [] and watch.offsite == []
