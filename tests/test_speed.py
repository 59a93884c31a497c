"""Speed that a test can guard (figures are in bench/): the search index and worker load only when
the reader moves toward search, and every path that needs them still gets them."""

from __future__ import annotations

import re

import pytest

from helpers import PAGE_TYPES, open_page, search

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
