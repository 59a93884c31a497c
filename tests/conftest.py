"""Shared fixtures: the real site is built once per test session, into a temp dir."""
from __future__ import annotations

import functools
import http.server
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.loader import load_catalog  # noqa: E402


def build(site_dir: pathlib.Path, *, config: pathlib.Path | None = None, data_dir: pathlib.Path | None = None,
          env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build` (strict, as configured) and return the finished process."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if data_dir:
        full_env["WQ_DATA_DIR"] = str(data_dir)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site_dir),
           "-f", str(config or ROOT / "mkdocs.yml")]
    return subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout)


def copy_project(dest: pathlib.Path) -> pathlib.Path:
    """Copy docs/, data/ and mkdocs.yml to dest (code is linked, not copied); returns the config.

    Tests vary only content this way; the code under test is the repository's own."""
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "data", dest / "data")
    for code in ("macros", "overrides"):
        (dest / code).symlink_to(ROOT / code)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest / "mkdocs.yml"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(ROOT / "data")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_port) -> pathlib.Path:
    """The real site, built once, for the address the browser tests serve it at."""
    out = tmp_path_factory.mktemp("site")
    proc = build(out, env={"SITE_URL": f"http://127.0.0.1:{site_port}/"})
    assert proc.returncode == 0, f"site build failed:\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture(scope="session")
def server(site, site_port):
    """Serve the built site on 127.0.0.1 (a real HTTP server, as a static host would)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site_port}/"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".json": "application/json",
                      ".js": "text/javascript", ".svg": "image/svg+xml"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def pages(site) -> dict[str, str]:
    """Every built HTML page except Material's 404, keyed by path relative to site/."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html")) if p.name != "404.html" and "assets" not in p.parts}


def text_of(html_fragment) -> str:
    return re.sub(r"\s+", "", html_fragment.text_content())
