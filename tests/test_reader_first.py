"""Reader-first scenario pages, on a 390×844 phone in Chromium: the first screen says what to do
and links to it; statute quotes are folded. Screenshots of every first screen go to artifacts/."""

from __future__ import annotations

import json
import os
import pathlib

import pytest

from helpers import ROOT, Watch, open_page

pytestmark = [pytest.mark.browser, pytest.mark.build]
PHONE = {"width": 390, "height": 844}
ARTIFACTS = pathlib.Path(os.environ.get("WQ_ARTIFACTS", ROOT / "artifacts"))


@pytest.fixture()
def phone(browser, server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    watch = Watch(context, server)
    yield context, watch, server
    context.close()
    assert watch.dialogs == [] and watch.offsite == []


def test_first_screen_of_every_scenario_page_links_to_what_to_do(phone, catalog):
    context, watch, base = phone
    shots = ARTIFACTS / "screenshots" / "first-screen"
    shots.mkdir(parents=True, exist_ok=True)
    screens = {}
    for sc in catalog.scenarios.values():
        page = open_page(context, watch, base + sc.page[:-3] + "/")
        links = page.locator(".wq-first a.wq-first-link")
        assert links.count() == 3, f"{sc.id}: no 先做这三件事 block"
        box = links.first.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"], (
            f"{sc.id}: first step below the first screen"
        )
        assert page.locator("details.wq-laws-fold").count() == 1
        assert not page.locator("details.wq-laws-fold blockquote").first.is_visible(), (
            "statutes are not folded"
        )
        page.screenshot(path=str(shots / f"{sc.id}.png"))
        screens[sc.id] = round(page.evaluate("document.documentElement.scrollHeight") / PHONE["height"], 1)
        page.close()
    (ARTIFACTS / "scenario-screens.json").write_text(json.dumps(screens, indent=1))
    print("phone screens per scenario page, folds closed:", screens)
