"""Reader-first scenario pages, on a 390×844 phone in Chromium: the first screen says what to do
and links to a letter or channel step; with folds closed a page is at most six screens; statute
quotes are folded behind their plain explanation (白话, data/laws-plain.yml); the payment-channel
route shows its tap path from data. Screenshots of every first screen go to artifacts/."""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil

import pytest

from helpers import ROOT, Watch, open_page
from macros.loader import DataError, load_catalog
from macros.models import ref_ids

PHONE = {"width": 390, "height": 844}
MAX_SCREENS = 6
ARTIFACTS = pathlib.Path(os.environ.get("WQ_ARTIFACTS", ROOT / "artifacts"))
GUIDES = {"liyun-kameng": "guides/liyun-kameng/"}  # guide pages readers land on by a platform's name
# a letter, a channel, or a route of the page (the channel with its tap path)
STEP_LINK = re.compile(r"toolkit/templates/|reference/channels|#route-")


@pytest.fixture()
def phone(browser, server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    watch = Watch(context, server)
    yield context, watch, server
    context.close()
    assert watch.dialogs == [] and watch.offsite == []


def _measure(page) -> tuple[float, float | None]:
    """(page height in phone screens with every <details> closed, bottom of the first link to a
    letter or channel step)."""
    page.evaluate("document.querySelectorAll('details').forEach(function (d) { d.open = false; })")
    height = page.evaluate("document.documentElement.scrollHeight")
    first = None
    for link in page.locator("article a.wq-first-link").all():
        if STEP_LINK.search(link.get_attribute("href") or ""):
            box = link.bounding_box()
            first = box["y"] + box["height"] if box else None
            break
    return round(height / PHONE["height"], 2), first


@pytest.mark.browser
@pytest.mark.build
def test_first_screen_acts_and_pages_are_short(phone, catalog):
    context, watch, base = phone
    shots = ARTIFACTS / "screenshots" / "first-screen"
    shots.mkdir(parents=True, exist_ok=True)
    pages = {sc.id: sc.page[:-3] + "/" for sc in catalog.scenarios.values()} | GUIDES
    screens, problems = {}, []
    for name, path in pages.items():
        page = open_page(context, watch, base + path)
        page.screenshot(path=str(shots / f"{name}.png"))
        height, first = _measure(page)
        screens[name] = {"screens": height, "first_step_link_bottom": first}
        if first is None or first > PHONE["height"]:
            problems.append(f"{name}: no link to a letter or channel step on the first screen ({first})")
        if height > MAX_SCREENS:
            problems.append(f"{name}: {height} phone screens with folds closed (at most {MAX_SCREENS})")
        page.close()
    (ARTIFACTS / "scenario-screens.json").write_text(json.dumps(screens, indent=1))
    print("phone screens, folds closed:", {k: v["screens"] for k, v in screens.items()})
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.build
def test_first_screen_acts_at_desktop_width(browser, server, catalog):
    desktop = {"width": 1280, "height": 900}
    context = browser.new_context(viewport=desktop, locale="zh-CN")
    watch = Watch(context, server)
    pages = {sc.id: sc.page[:-3] + "/" for sc in catalog.scenarios.values()} | GUIDES
    problems = []
    for name, path in pages.items():
        page = open_page(context, watch, server + path)
        _, first = _measure(page)
        if first is None or first > desktop["height"]:
            problems.append(f"{name}: no link to a letter or channel step on the first screen ({first})")
        page.close()
    context.close()
    assert not problems and watch.offsite == [], "\n".join(problems)


@pytest.mark.browser
@pytest.mark.build
def test_scenario_page_folds_statutes_behind_plain_text_and_shows_tap_paths(phone, catalog):
    context, watch, base = phone
    for sc in catalog.scenarios.values():
        page = open_page(context, watch, base + sc.page[:-3] + "/")
        assert page.locator(".wq-first a.wq-first-link").count() == 3, f"{sc.id}: no 先做这三件事 block"
        # 白话 first and visible, statute text folded
        plain = page.locator("ul.wq-plain-laws > li")
        assert plain.count() == len(sc.laws), sc.id
        for n, lid in enumerate(sc.laws):
            assert plain.nth(n).is_visible() and catalog.laws[lid].plain in plain.nth(n).inner_text()
        assert page.locator("details.wq-laws-fold").count() == 1
        quotes = page.locator("details.wq-laws-fold blockquote.wq-law")
        assert quotes.count() == len(ref_ids(sc, "law")) and not quotes.first.is_visible(), (
            f"{sc.id}: statutes are not folded"
        )
        # the payment channel's tap path, from channels.yml, inside its route
        for r in [r for r in sc.routes if r.tap]:
            tap = page.locator(f"#route-{r.channels[0]} .wq-tap")
            assert tap.count() == len(r.channels) and tap.first.is_visible(), sc.id
            for n, cid in enumerate(r.channels):
                steps = tap.nth(n).locator("ol > li").all_inner_texts()
                assert steps == catalog.channels[cid].how, f"{sc.id}: tap path of {cid}"
        # letter links carry the problem, so the letter page can preselect its variant
        for href in page.locator("article a[href*='toolkit/templates/']").evaluate_all(
            "els => els.map(function (a) { return a.getAttribute('href'); })"
        ):
            assert href.endswith(f"?problem={sc.id}"), f"{sc.id}: letter link {href} without problem"
        page.close()


# ---------------------------------------------------------------- data (fast)
def test_every_law_a_scenario_cites_has_a_plain_explanation(catalog):
    missing = {
        lid: sc.id
        for sc in catalog.scenarios.values()
        for lid in ref_ids(sc, "law")
        if not catalog.laws[lid].plain
    }
    assert not missing, f"data/laws-plain.yml: no 白话 for {missing}"


def test_plain_text_for_an_unknown_law_fails_the_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    plain = data / "laws-plain.yml"
    text = re.sub(r"(?m)^consumer-25: .*$", "consumer-25: ''", plain.read_text(encoding="utf-8"))
    plain.write_text(text + "no-such-law: 这一条不存在。\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_catalog(data)
    assert "data/laws-plain.yml: entry 'no-such-law': unknown law id 'no-such-law'" in err.value.problems
    empty = "data/laws-plain.yml: entry 'consumer-25': field 'plain'"
    assert any(p.startswith(empty) for p in err.value.problems), err.value.problems


def test_payment_channel_steps_where_the_page_calls_them_fastest(catalog):
    """Each scenario has a payment-channel route with its tap path; the first steps lead to it
    (or, on the vanished-platform page, to the payment complaint letter); minor-recharge too."""
    for sc in catalog.scenarios.values():
        tapped = [r for r in sc.routes if r.tap and "wechat-pay-complaint" in r.channels]
        assert tapped, f"{sc.id}: no payment-channel route with its tap path"
        kinds = [s.route or s.letter for s in sc.first]
        assert "wechat-pay-complaint" in kinds or "payment-complaint" in kinds, sc.id
        if "最快" in tapped[0].title:
            assert sc.routes[0] is tapped[0], f"{sc.id}: the fastest route is not first"
    assert catalog.scenarios["auto-renewal"].first[0].text.startswith("先在付款用的支付软件里关闭")
