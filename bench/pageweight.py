#!/usr/bin/env python3
"""Page-weight and Lighthouse benchmark (prints figures; not a test). Run: ./dev bench

Builds, in one run, the real site and a plain-Material build of the same Markdown (macros and
hooks off), serves both gzip-compressed as any host or CDN does, and prints per page type:
for the heaviest page of each type (every page of the type is visited; the one whose first visit
transfers the most is reported): the bytes a first visit transfers with nothing clicked, the
ratio to plain Material, whether the search index or worker was requested (with
BEFORE=path/to/an/older/checkout, the same page of that checkout's own build, for before -> after
figures in one run), and — when Lighthouse is installed (npm `lighthouse@12.2.3`; set
LIGHTHOUSE=path/to/cli/index.js) — the mobile Lighthouse scores, median of 3 (LH_BEFORE=1: also
for the older checkout). ONLY_SEARCH=1 prints only the search latency; ONLY_PAGES=letter,guide
only those page types.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from build import without_macros
from playwright.sync_api import sync_playwright

from common import ROOT, project
from macros import strict

# Page types by address; the bench measures every page of a type and reports the heaviest.
TYPES = {
    "home": r"",
    "scenario": r"scenarios/[^/]+/",
    "letter": r"toolkit/templates/[^/]+/",
    "checklist": r"toolkit/checklists/[^/]+/",
    "guide": r"guides/[^/]+/",
    "reference": r"reference/(?:[^/]+/)+",
    "case file": r"toolkit/case/",
}
LIMIT_KB = 100
SCENARIO = "scenarios/not-delivered/"  # where the search latency is measured
TEXT = re.compile(r"\.(html|css|js|json|svg|xml|txt)$")
SEARCH = re.compile(r"search/search_index\.json|workers/search\.")
CHROMIUM = "/usr/bin/chromium"
LH_KEYS = ("performance", "accessibility", "best-practices", "seo")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed when the client accepts it, as a static host or CDN does."""

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not TEXT.search(path)
            or not os.path.isfile(path)
        ):
            return super().send_head()
        body = gzip.compress(pathlib.Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


def serve(site: pathlib.Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def build(config: pathlib.Path, out: pathlib.Path, env: dict, baseline: bool = False) -> None:
    proc = strict.build(config, out, env=env, baseline=baseline)
    if proc.returncode != 0:
        sys.exit(f"build failed ({config}):\n{proc.stdout}\n{proc.stderr}")


def first_visit(browser, url: str) -> tuple[int, bool]:
    """Bytes transferred (compressed) by a first visit with an empty cache; search files loaded?"""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(1000)
    context.close()
    return sum(sizes.values()), any(SEARCH.search(urls.get(i, "")) for i in sizes)


# Marks, in the page, the moments the search latency is measured between: the reader's touch on the
# search button (the event's own timestamp), the search worker's setup message and its "ready"
# answer, and the first result on screen (two animation frames after it is inserted).
SEARCH_MARKS = """
(() => { const W = window.Worker; const t = window.__wqBench = {};
  const mark = (k, v) => { if (!(k in t)) t[k] = v === undefined ? performance.now() : v; };
  document.addEventListener("touchstart", e => mark("touch", e.timeStamp), true);
  if (W) {
    window.Worker = function (url, options) {
      const w = new W(url, options), post = w.postMessage.bind(w);
      w.postMessage = m => { if (m && m.type === 0) mark("setup"); return post(m); };
      w.addEventListener("message", e => { if (e.data && e.data.type === 1) mark("ready"); });
      return w;
    };
    window.Worker.prototype = W.prototype;
  }
  document.addEventListener("DOMContentLoaded", () => new MutationObserver(() => {
    if (!t.seen && document.querySelector(".md-search-result__item")) {
      t.seen = true;
      requestAnimationFrame(() => requestAnimationFrame(() => mark("result")));
    }
  }).observe(document.body, { subtree: true, childList: true }));
})();
"""


def search_latency(browser, url: str, query: str = "卡密无效", cpu: int = 4) -> dict:
    """Opens the search on a freshly loaded page (a tap, the query typed at once), with the page's
    CPU slowed down `cpu` times (a cheap phone). Returns seconds:
    - "page": from the reader's touch to the first result painted, measured in the page;
    - "harness": the same as seen by the test driver (adds Playwright's own waits and polling);
    - "build": the search worker's index build (setup message -> ready). Chromium's CPU throttling
      slows the page, not workers, so this is full speed on this machine: on a phone N times
      slower, expect about N times as long."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.add_init_script(SEARCH_MARKS)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    page.goto(url, wait_until="networkidle")
    start = time.perf_counter()
    page.locator(".md-header label[for='__search']").first.tap()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # fill() with CJK fires no keyup, which Material's search listens to
    page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    harness = time.perf_counter() - start
    page.wait_for_function("window.__wqBench && window.__wqBench.result !== undefined")
    marks = page.evaluate("window.__wqBench")
    context.close()
    build = (marks["ready"] - marks["setup"]) / 1000 if "ready" in marks and "setup" in marks else None
    return {"page": (marks["result"] - marks["touch"]) / 1000, "harness": harness, "build": build}


def print_search(browser, targets: list[tuple[str, str]], runs: int = 7) -> None:
    """Median search figures per (label, url); runs alternate between the targets, so a busy
    moment of this shared machine falls on all of them alike."""
    slow = {label: [] for label, _ in targets}
    fast = {label: [] for label, _ in targets}
    for _ in range(runs):
        for label, url in targets:
            slow[label].append(search_latency(browser, url))
            fast[label].append(search_latency(browser, url, cpu=1))

    def med(rows, key):
        values = [r[key] for r in rows if r[key] is not None]
        return f"{statistics.median(values):.2f}" if values else "—"

    for label, _ in targets:
        listed = ", ".join(f"{r['page']:.2f}" for r in slow[label])
        print(
            f"search ({label}), median of {runs}: touch -> first result painted, in the page, at 4x CPU "
            f"slowdown {med(slow[label], 'page')} s (runs {listed}; target <= 1.5 s); as the test driver "
            f"sees it {med(slow[label], 'harness')} s; worker index build at full speed "
            f"{med(fast[label], 'build')} s (Chromium does not slow workers down)"
        )


def lighthouse(url: str) -> dict | None:
    cli = os.environ.get("LIGHTHOUSE")
    if not cli:
        return None
    runs = []
    for _ in range(3):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(
                [
                    "node",
                    cli,
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={out.name}",
                    "--form-factor=mobile",
                    "--throttling-method=simulate",
                    "--chrome-flags=--headless --no-sandbox --disable-gpu",
                ],
                env={**os.environ, "CHROME_PATH": CHROMIUM},
                capture_output=True,
                timeout=300,
            )
            report = json.loads(pathlib.Path(out.name).read_text() or "{}")
        runs.append(
            {
                k: round(v["score"] * 100)
                for k, v in report.get("categories", {}).items()
                if v.get("score") is not None
            }
        )
    return {k: statistics.median(r[k] for r in runs if k in r) for k in runs[0]} if runs and runs[0] else None


def pages_of(site: pathlib.Path) -> dict[str, list[str]]:
    """Every page's address (relative, with a trailing slash), by type."""
    found: dict[str, list[str]] = {name: [] for name in TYPES}
    for index in sorted(site.rglob("index.html")):
        path = index.parent.relative_to(site).as_posix()
        path = "" if path == "." else path + "/"
        for name, pattern in TYPES.items():
            if re.fullmatch(pattern, path):
                found[name].append(path)
                break
    return found


def heaviest(browser, url: str, paths: list[str]) -> tuple[str, int, bool]:
    """(path, bytes, search loaded) of the page of a type whose first visit transfers the most."""
    visits = [(path, *first_visit(browser, url + path)) for path in paths]
    return max(visits, key=lambda v: v[1])


def scores(url: str | None) -> str:
    lh = lighthouse(url) if url else None
    return "/".join(str(lh.get(k, "-")) for k in LH_KEYS) if lh else "not run"


def report_type(browser, name: str, path: str, ours: tuple[int, bool], urls: dict, dirs: dict) -> None:
    """One row: this build, the older checkout (BEFORE) and plain Material, same page, same run."""
    size, searched = ours
    old = first_visit(browser, urls["before"] + path)[0] if _has(dirs, "before", path) else 0
    plain = first_visit(browser, urls["plain"] + path)[0] if _has(dirs, "plain", path) else 0
    old_lh = scores(urls["before"] + path) if old and os.environ.get("LH_BEFORE") else "not run"
    print(
        f"{name:10} {path:38} {_kb(old):>9} → {size / 1024:6.1f} {_kb(plain):>9} "
        f"{f'{size / plain:5.2f}' if plain else '    —'}  {'yes' if searched else 'no ':3}  "
        f"{'ok' if size <= LIMIT_KB * 1024 else 'OVER':4}  {old_lh} → {scores(urls['real'] + path)}"
    )


def _has(dirs: dict, key: str, path: str) -> bool:
    return dirs.get(key) is not None and (dirs[key] / path / "index.html").exists()


def _kb(size: int) -> str:
    return f"{size / 1024:.1f}" if size else "—"


def build_all(tmp: pathlib.Path) -> dict[str, pathlib.Path | None]:
    """This build, plain Material on the same Markdown, and (BEFORE=checkout) the older build."""
    env = {"SITE_URL": "http://127.0.0.1/"}
    dirs: dict[str, pathlib.Path | None] = {"real": tmp / "real", "plain": tmp / "plain", "before": None}
    build(ROOT / "mkdocs.yml", dirs["real"], env)
    # Baselines are not published: plain Material cannot resolve links to the pages our macros
    # generate, and an older checkout may carry the warnings this one fixed.
    build(project(tmp / "plain-project", config_edit=without_macros), dirs["plain"], env, baseline=True)
    if os.environ.get("BEFORE"):
        dirs["before"] = tmp / "before"
        build(pathlib.Path(os.environ["BEFORE"]).resolve() / "mkdocs.yml", dirs["before"], env, baseline=True)
    return dirs


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="wq-bench-weight-") as tmp:
        dirs = build_all(pathlib.Path(tmp))
        servers = {key: serve(d) for key, d in dirs.items() if d is not None}
        urls = {"before": ""} | {key: url for key, (_, url) in servers.items()}
        only = [n for n in os.environ.get("ONLY_PAGES", "").split(",") if n]
        print(
            f"first visit, gzip-served, KB (limit {LIMIT_KB}); the heaviest page of each type; "
            "Lighthouse mobile perf/a11y/bp/seo, median of 3\n"
            f"{'type':10} {'page':38} {'before KB':>9} → {'after':>6} {'plain KB':>9} ratio  "
            "search  limit  lighthouse before → after"
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            for name, paths in ({} if os.environ.get("ONLY_SEARCH") else pages_of(dirs["real"])).items():
                if paths and (not only or name in only):
                    path, size, searched = heaviest(browser, urls["real"], paths)
                    report_type(browser, name, path, (size, searched), urls, dirs)
            targets = [("this build", urls["real"] + SCENARIO)]
            if dirs["before"]:
                targets.append(("before", urls["before"] + SCENARIO))
            print_search(browser, targets)
            browser.close()
        for httpd, _ in servers.values():
            httpd.shutdown()


if __name__ == "__main__":
    main()
