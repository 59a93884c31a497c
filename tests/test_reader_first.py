"""Reader-first scenario pages, on a 390×844 phone in Chromium: the first screen says what to do
and links to a letter or channel step; with folds closed a page is at most six screens; each
statute says what it does for the reader (law_uses), its 白话 (data/laws-plain.yml) and text
folded; the payment-channel route shows its tap path from data. Screenshots of every first
screen go to artifacts/."""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil

import pytest

from helpers import PHONE, ROOT, Watch, open_page
from macros.loader import DataError, load_catalog
from macros.models import ref_ids

MAX_SCREENS = 6
ARTIFACTS = pathlib.Path(os.environ.get("WQ_ARTIFACTS", ROOT / "artifacts"))
GUIDES = {"liyun-kameng": "guides/liyun-kameng/"}  # guide pages readers land on by a platform's name
# a letter, a channel, or a route of the page (the channel with its tap path)
STEP_LINK = re.compile(r"toolkit/templates/|reference/channels|#route-")


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
        # what each article does for this reader first and visible; its 白话 and text folded
        uses = page.locator("ul.wq-plain-laws > li")
        assert uses.count() == len(sc.laws), sc.id
        for n, lid in enumerate(sc.laws):
            assert uses.nth(n).is_visible() and sc.law_uses[lid] in uses.nth(n).inner_text(), (sc.id, lid)
        assert page.locator("details.wq-laws-fold").count() == 1
        folded = page.locator("details.wq-laws-fold p.wq-plain").all_text_contents()
        for lid in ref_ids(sc, "law"):
            assert any(catalog.laws[lid].plain in p for p in folded), f"{sc.id}: no 白话 for {lid}"
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


@pytest.mark.browser
@pytest.mark.build
def test_404_page_opens_the_search_and_leads_on(phone):
    context, watch, base = phone
    page = open_page(context, watch, base + "404.html")
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "404.png"))
    page.locator("article label[for='__search']").click()
    field = page.locator("input.md-search__input")
    field.wait_for(state="visible")
    field.fill("卡密无效")
    field.press("End")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    page.keyboard.press("Escape")
    page.locator("article a", has_text="按问题找").click()
    page.wait_for_url(base + "scenarios/")
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


# ---------------------------------------------------------------- which complaint first (fast)
# The four steps, in order: 1 the seller or platform, 2 the payment channel, 3 a regulator or a
# consumer association (or a public complaint platform), 4 a court. Police and lookups: any time.
STAGE_OF_KIND = {
    "payment": 2,
    "government-complaint": 3,
    "consumer-association": 3,
    "media-complaint-platform": 3,
    "court": 4,
}
# How a page names each step (first match wins).
STEP_WORDS = [("付款渠道", 2), ("支付渠道", 2), ("投诉入口", 1), ("平台内", 1), ("12315", 3), ("监管", 3)]
STEP_WORDS += [("法院", 4), ("诉讼", 4)]
# The one sentence saying when the payment channel comes first (the same on every page that
# lists the four steps).
PAYMENT_FIRST_MARK = "直接从第二步（支付渠道）开始"
# 先做这三件事 steps that are the seller step and the payment-channel step
SELLER_STEPS = ("platform-complaint", "minor-refund", "service-script")
PAYMENT_STEPS = ("wechat-pay-complaint", "payment-complaint")
FOUR_STEP_PAGES = {
    "docs/index.md": r"(?m)^\d\. \*\*(.+?)\*\*",
    "docs/guides/index.md": r"(?m)^\d\. \*\*(.+?)\*\*",
    "docs/guides/liyun-kameng.md": r"(?m)^### 第.步：(.+)$",
}


def _step(label: str) -> int:
    return next(n for word, n in STEP_WORDS if word in label)


def _page_steps(rel: str, pattern: str) -> tuple[list[int], str]:
    text = (ROOT / rel).read_text(encoding="utf-8")
    return [_step(label) for label in re.findall(pattern, text)], text


def _scenario_stages(sc, catalog) -> list[int]:
    """The complaint steps of a scenario's routes in page order; the first route without a channel
    is the seller or platform step (later ones are inquiries, e.g. asking the card issuer)."""
    stages = [] if sc.routes[0].channels else [1]
    for r in sc.routes:
        kind = catalog.channels[r.channels[0]].kind if r.channels else None
        if kind in STAGE_OF_KIND:
            stages.append(STAGE_OF_KIND[kind])
    return stages


def test_home_guides_and_scenarios_agree_on_which_complaint_comes_first(catalog):
    sentences = {}
    for rel, pattern in FOUR_STEP_PAGES.items():
        steps, text = _page_steps(rel, pattern)
        assert steps == [1, 2, 3, 4], f"{rel}: the four steps are in the order {steps}"
        found = [s for s in re.split(r"(?<=。)|\n", text) if PAYMENT_FIRST_MARK in s]
        assert len(found) == 1, f"{rel}: no one sentence saying when the payment channel comes first"
        sentences[rel] = found[0].strip()
    assert len(set(sentences.values())) == 1, f"the pages say it differently: {sentences}"
    for sc in catalog.scenarios.values():
        stages = _scenario_stages(sc, catalog)
        assert stages == sorted(stages), f"{sc.id}: routes in the order {stages} (seller … court)"
        first = [s.letter or s.route for s in sc.first]
        payment = [n for n, k in enumerate(first) if k in PAYMENT_STEPS]
        seller = [n for n, k in enumerate(first) if k in SELLER_STEPS]
        if stages[0] == 1:
            assert seller and payment and seller[0] < payment[0], f"{sc.id}: 先做 puts payment first"
        else:  # payment first: only where the site is gone, as the shared sentence says
            assert "打不开" in sc.title + sc.summary, f"{sc.id}: payment channel first without the site gone"
            assert payment and not seller, sc.id
