"""Speed that a test can guard (figures are in bench/): the search index and worker load only when
the reader moves toward search, and every path that needs them still gets them; what every first
visit downloads is trimmed (minified own files, Material's palette without unused colours)."""

from __future__ import annotations

import re

import pytest
import tinycss2

from helpers import PAGE_TYPES, ROOT, open_page, search
from macros import tidy

pytestmark = [pytest.mark.browser, pytest.mark.build]
SEARCH_FILES = re.compile(r"search/search_index\.json|workers/search\.[0-9a-f]+\.min\.js")


def _search_requests(requests: list[str]) -> list[str]:
    return [u for u in requests if SEARCH_FILES.search(u)]


def test_first_visit_loads_no_index_or_worker_until_search_is_approached(ctx):
    context, watch, base = ctx
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    for name, path in PAGE_TYPES.items():
        page = open_page(context, watch, base + path)
        page.wait_for_timeout(300)
        assert _search_requests(requests) == [], f"{name}: search files loaded before any intent"
        page.close()
    page = open_page(context, watch, base)
    page.locator("input.md-search__input").hover()  # the first sign of intent
    for _ in range(50):  # the worker's script request may come a little after the index
        if len(_search_requests(requests)) == 2:
            break
        page.wait_for_timeout(100)
    assert len(_search_requests(requests)) == 2, "hovering the search box should start loading"
    hrefs = search(page, "卡密无效")
    assert hrefs and "scenarios/invalid-code/" in hrefs[0]


def test_search_key_and_query_links_still_work(ctx):
    context, watch, base = ctx
    page = open_page(context, watch, base + PAGE_TYPES["guide"])
    page.keyboard.press("/")  # Material's shortcut; also the intent
    page.keyboard.type("12315")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page = open_page(context, watch, base + "?q=" + "卡密")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page = open_page(context, watch, base + "scenarios/invalid-code/?h=无效")
    page.locator("article mark").first.wait_for(timeout=15_000)  # search.highlight


# ------------------------------------------------------------------ what every first visit downloads
@pytest.mark.parametrize("name", ["site.css", "wq-core.js"])
def test_own_styles_and_scripts_are_published_minified(site, name):
    source = (ROOT / "docs" / "assets" / "wq" / name).read_text(encoding="utf-8")
    built = (site / "assets" / "wq" / name).read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in built, f"{name}: comments reach the reader"
    assert len(built) < 0.8 * len(source)


def test_palette_keeps_only_the_colours_the_site_sets(site):
    """Material's palette stylesheet loses its rules for the ~20 colours mkdocs.yml never sets;
    the dark scheme's stay (test_dark_scheme_still_darkens_the_page)."""
    (palette,) = (site / "assets" / "stylesheets").glob("palette.*.css")
    text = palette.read_text(encoding="utf-8")
    assert "data-md-color-scheme=slate" in text
    assert not re.search(r"data-md-color-(primary|accent)=", text)
    assert len(text.encode()) < 4000


def test_palette_rules_dropped_only_when_they_cannot_apply():
    css = (
        "[data-md-color-primary=red]{--a:1}"
        "[data-md-color-primary=custom]{--b:2}"
        "[data-md-color-primary=red],[data-md-color-scheme=slate]{--c:3}"
        ":not([data-md-color-primary=red]) a{--d:4}"
        "[data-md-color-accent=teal]:not([data-md-color-scheme=slate]){--e:5}"
        "@media screen{[data-md-color-primary=red] .x{--f:6}[data-md-color-scheme=slate]{--g:7}}"
        "@media print{[data-md-color-accent=red] .y{--h:8}}"
    )
    kept = tinycss2.serialize(tidy._live_rules(tinycss2.parse_stylesheet(css), {("primary", "custom")}))
    for gone in ("--a", "--e", "--f", "--h", "@media print"):
        assert gone not in kept
    for stays in ("--b", "--c", "--d", "--g"):
        assert stays in kept


def test_dark_scheme_still_darkens_the_page(browser, server):
    """A reader whose phone is in dark mode gets Material's dark scheme (palette stylesheet)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    page.goto(server + PAGE_TYPES["template"], wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert sum(map(int, re.findall(r"\d+", rgb)[:3])) < 150, f"dark mode background is {rgb}"
    context.close()
