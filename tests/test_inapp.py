"""In-app browsers (WeChat, QQ, Alipay…), in real Chromium with their user agents at 390×844, where
window.print() does nothing and blob: downloads are refused (both stubbed here): every print or
download control has guidance before it, with the full text to copy and the page's address; a
normal browser sees none of it. Also: the deadlines' .ics files (parsed with icalendar), weekend
ends, and where 我的案件 is linked from."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
import zoneinfo

import icalendar
import pytest
from playwright.sync_api import expect

from helpers import PHONE, ROOT, Watch

pytestmark = [pytest.mark.browser, pytest.mark.build]

ARTIFACTS = pathlib.Path(os.environ.get("WQ_ARTIFACTS", ROOT / "artifacts"))
LETTER = "toolkit/templates/platform-complaint/"
CHECKLIST = "toolkit/checklists/evidence/"
CASE = "toolkit/case/"
DOWNLOADS = "toolkit/downloads/"

UA = {
    "wechat-android": (
        "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 "
        "MMWEBSDK/20231202 MMWEBID/2247 "
        "MicroMessenger/8.0.47.2560(0x28002F36) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"
    ),
    "wechat-ios": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Mobile/15E148 MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI Language/zh_CN"
    ),
    "qq": (
        "Mozilla/5.0 (Linux; Android 12; V2055A Build/SP1A.210812.003; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/89.0.4389.72 MQQBrowser/6.2 TBS/046237 Mobile Safari/537.36 "
        "V1_AND_SQ_8.9.28_3700_YYB_D QQ/8.9.28.10155 NetType/WIFI WebP/0.3.0 AppId/537155547"
    ),
    "alipay": (
        "Mozilla/5.0 (Linux; U; Android 12; zh-CN; V2055A Build/SP1A.210812.003) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.22.2.43 Mobile Safari/537.36 "
        "UCBS/3.22.2.43_220223200704 ChannelId(1) NebulaSDK/1.8.100112 Nebula "
        "AlipayDefined(nt:WIFI,ws:360|0|3.0) "
        "AliApp(AP/10.2.90.8000) AlipayClient/10.2.90.8000 Language/zh-Hans useStatusBar/true"
    ),
}
MORE_IN_APP = {
    "weibo": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Mobile/15E148 Weibo (iPhone14,5__weibo__13.1.0__iphone__os16.0)"
    ),
    "dingtalk": (
        "Mozilla/5.0 (Linux; U; Android 11; zh-CN; M2012K11AC Build/RKQ1.200826.002) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.22.1.161 Mobile Safari/537.36 "
        "AliApp(DingTalk/6.5.20) com.alibaba.android.rimet/24186291 Channel/227200 language/zh-CN"
    ),
    "android-webview": (
        "Mozilla/5.0 (Linux; Android 13; SM-S901B; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
        "Chrome/120.0.6099.230 Mobile Safari/537.36"
    ),
    "ios-app": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148"
    ),
}
BROWSERS = {
    "chrome-android": (
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
    "safari-ios": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.1 Mobile/15E148 Safari/604.1"
    ),
    "chrome-ios": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1"
    ),
    "chrome-desktop": (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36"
    ),
}

# What those webviews do: print() is a no-op, a blob: URL cannot be made or opened.
STUBS = """
window.__wqPrinted = 0;
window.print = function () { window.__wqPrinted += 1; };
URL.createObjectURL = function () { throw new Error("blob: refused in this webview"); };
"""
# the first print or download control of a page, in document order
FIRST_CONTROL = """() => {
  var all = document.querySelectorAll("a[download], [data-wq-print], button");
  for (var i = 0; i < all.length; i++) {
    if (/打印|下载|导出/.test(all[i].textContent) && !all[i].closest("[data-wq-inapp-guide]")) return all[i];
  }
  return null;
}"""


def phone_context(browser, server, ua):
    context = browser.new_context(
        viewport=PHONE, user_agent=ua, is_mobile=True, has_touch=True, locale="zh-CN", accept_downloads=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    context.add_init_script(STUBS)
    return context


def open_guarded(context, watch, url):
    page = watch.page(context)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("[data-wq-inapp-guide]", timeout=10000)
    page.wait_for_timeout(400)  # a text source that arrives with a later script rebuilds the box
    page.wq_errors = errors
    return page


def guide_precedes_first_control(page):
    control = page.evaluate_handle(FIRST_CONTROL).as_element()
    assert control is not None, "no print or download control found"
    guide = page.locator("[data-wq-inapp-guide]").first
    assert guide.is_visible()
    before = page.evaluate(
        "([g, c]) => !!(g.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING)",
        [guide.element_handle(), control],
    )
    assert before, "the guidance comes after the first print/download control"
    assert guide.bounding_box()["y"] + guide.bounding_box()["height"] <= control.bounding_box()["y"]
    assert "在浏览器中打开" in guide.inner_text()
    return guide, control


def clipboard_after_copy(page):
    page.evaluate("navigator.clipboard.writeText('')")
    page.locator("[data-wq-copy-all]").first.click()
    expect(page.locator("[data-wq-inapp-guide] .wq-status").first).to_contain_text("已复制")
    return page.evaluate("navigator.clipboard.readText()")


# ------------------------------------------------------------------ the detector
def test_detector_names_each_in_app_browser(browser, server):
    context = browser.new_context()
    watch = Watch(context, server)
    page = watch.page(context)
    page.goto(server, wait_until="networkidle")
    agents = {**UA, **MORE_IN_APP, **BROWSERS}
    found = {name: page.evaluate("ua => wq.inApp(ua)", ua) for name, ua in agents.items()}
    assert found == {
        "wechat-android": "微信",
        "wechat-ios": "微信",
        "qq": "QQ",
        "alipay": "支付宝",
        "weibo": "微博",
        "dingtalk": "钉钉",
        "android-webview": "应用内浏览器",
        "ios-app": "应用内浏览器",
        "chrome-android": "",
        "safari-ios": "",
        "chrome-ios": "",
        "chrome-desktop": "",
    }
    context.close()


def letter_guidance(page) -> None:
    """A letter: the guidance comes before the form's buttons; 复制全文 copies the filled letter."""
    page.locator("#wq-field-order_no").fill("A<b>2026</b>")
    page.wait_for_timeout(100)
    guide_precedes_first_control(page)
    assert page.locator(".wq-inapp-banner").is_visible()
    text = clipboard_after_copy(page)
    assert "A<b>2026</b>" in text and "[订单号]" not in text
    assert text.startswith(page.locator(".wq-letter p").first.inner_text())
    # print does nothing here: the tap is explained, and the page says so before it
    page.get_by_role("button", name="打印填好的信").click()
    page.get_by_role("button", name="仍然打印").click()  # the fields still empty are named first
    assert page.evaluate("window.__wqPrinted") == 1
    assert "如果没有反应" in page.locator("[data-wq-inapp-guide] .wq-status").first.inner_text()
    assert page.wq_errors == []


# ------------------------------------------------------------------ guidance per in-app browser
@pytest.mark.parametrize("app", list(UA))
def test_guidance_before_every_print_and_download(browser, server, app):
    context = phone_context(browser, server, UA[app])
    watch = Watch(context, server)

    letter_guidance(open_guarded(context, watch, server + LETTER))

    # a checklist: a numbered plain-text list of every item, in order
    page = open_guarded(context, watch, server + CHECKLIST)
    guide_precedes_first_control(page)
    page.locator("input.wq-check").first.check()
    text = clipboard_after_copy(page)
    labels = page.locator("li.wq-item > label").all_inner_texts()
    numbered = re.findall(r"(?m)^(\d+)\. (.*)$", text)
    assert [int(n) for n, _ in numbered] == list(range(1, len(labels) + 1))
    assert [t.removesuffix("（已完成）") for _, t in numbered] == [x.strip() for x in labels]
    assert numbered[0][1].endswith("（已完成）")

    # 我的案件: the case facts and the log
    page = open_guarded(context, watch, server + CASE)
    page.locator("#wq-case-order_no").fill("C-777")
    page.get_by_role("button", name="添加一条记录").click()
    page.locator("[data-log-row='0'] [data-log-key='channel']").fill("在线客服")
    guide_precedes_first_control(page)
    text = clipboard_after_copy(page)
    assert "订单号：C-777" in text and "联系记录\n1. " in text and "渠道：在线客服" in text
    # the deadlines offer text to copy, not an .ics download that fails here
    page.locator("#wq-case-complaint_date").fill("2026-09-28")
    assert page.locator("[data-ics]").count() == 0
    assert "2026年10月13日" in page.locator("[data-deadline='accept'] [data-ics-text]").input_value()

    # all downloads: static links, the guidance and the address (no text to copy)
    page = open_guarded(context, watch, server + DOWNLOADS)
    guide, _ = guide_precedes_first_control(page)
    assert server + DOWNLOADS in guide.locator("input").input_value()
    assert page.locator("[data-wq-copy-all]").count() == 0
    context.close()
    assert watch.dialogs == [] and watch.offsite == []


def test_screenshots_of_the_first_screen_in_wechat(browser, server):
    context = phone_context(browser, server, UA["wechat-android"])
    watch = Watch(context, server)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("letter", LETTER), ("checklist", CHECKLIST)):
        page = open_guarded(context, watch, server + path)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ARTIFACTS / f"wechat-{name}-390x844.png"))
        banner = page.locator(".wq-inapp-banner")
        assert banner.is_visible() and banner.bounding_box()["y"] < PHONE["height"]
    context.close()


# ------------------------------------------------------------------ a normal browser: nothing changes
def test_normal_browser_sees_no_guidance(browser, server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, user_agent=BROWSERS["chrome-android"])
    watch = Watch(context, server)
    requested: list[str] = []
    for path in (LETTER, CHECKLIST, CASE, DOWNLOADS):
        page = watch.page(context)
        page.on("request", lambda r: requested.append(r.url))
        page.goto(server + path, wait_until="networkidle")
        if path == LETTER:
            page.locator("#wq-field-order_no").fill("X1")
        page.wait_for_timeout(300)
        assert page.locator("[data-wq-inapp-guide], .wq-inapp-banner").count() == 0, path
        assert page.locator("[data-wq-inapp]").count() >= 1, path
    assert not [u for u in requested if "wq-inapp" in u]
    context.close()


# ------------------------------------------------------------------ deadlines: .ics and weekends
HOSTILE = "X卡盟;DESCRIPTION:x,y\\z END:VEVENT BEGIN:VEVENT <b>"


def test_each_deadline_is_a_calendar_event(browser, server, tmp_path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, accept_downloads=True, locale="zh-CN")
    watch = Watch(context, server)
    page = watch.page(context)
    page.goto(server + CASE, wait_until="networkidle")
    page.wait_for_selector("[data-case-tools] input#wq-case-save")
    page.locator("#wq-case-platform_name").fill(HOSTILE)
    page.locator("#wq-case-complaint_date").fill("2026-09-28")
    page.locator("#wq-case-accepted_date").fill("2026-10-13")
    page.locator("#wq-case-known_date").fill("2026-11-20")
    page.locator("#wq-case-demand_deadline").fill("2026-12-20")
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    for name in ("accept", "mediation", "limitation", "demand"):
        li = page.locator(f"[data-deadline='{name}']")
        with page.expect_download() as info:
            li.locator("[data-ics]").click()
        path = tmp_path / f"{name}.ics"
        info.value.save_as(path)
        raw = path.read_bytes()
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), name
        unfolded = raw.decode("utf-8").replace("\r\n ", "")
        assert "\nSUMMARY:X卡盟\\;DESCRIPTION:x\\,y\\\\z END:VEVENT BEGIN:VEVENT <b>：" in unfolded, name
        cal = icalendar.Calendar.from_ical(raw)
        events = list(cal.walk("VEVENT"))
        assert len(events) == 1, name  # the hostile name started no second event
        event = events[0]
        start = event.decoded("DTSTART")
        assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert start.utcoffset() == dt.timedelta(hours=8)
        day = dt.date.fromisoformat(li.get_attribute("data-date"))
        assert start == dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=shanghai)
        assert str(event["SUMMARY"]) == HOSTILE + "：" + li.locator("strong").inner_text().rstrip("：")
        description = str(event["DESCRIPTION"])
        assert "\n" in description  # line breaks survive as line breaks
        assert li.get_attribute("data-date")[:4] + "年" in description
        if name in ("accept", "mediation", "limitation"):
            assert "依据" in description, name
        assert [c.name for c in cal.walk("VTIMEZONE")] == ["VTIMEZONE"]
    context.close()
    assert watch.dialogs == [] and watch.offsite == []


def test_weekend_ends(browser, server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
    watch = Watch(context, server)
    page = watch.page(context)
    page.goto(server + CASE, wait_until="networkidle")
    page.wait_for_selector("[data-case-tools] input#wq-case-save")
    # the office's own period: the date the rule gives, with a caveat when it is a weekend
    mediation = page.locator("[data-deadline='mediation']")
    page.locator("#wq-case-accepted_date").fill("2026-10-13")
    assert mediation.get_attribute("data-date") == "2026-12-12"  # a Saturday
    assert "周末是否顺延没有写明" in mediation.locator(".wq-caveat").inner_text()
    page.locator("#wq-case-accepted_date").fill("2026-10-14")  # 2026-12-13, a Sunday
    assert mediation.get_attribute("data-date") == "2026-12-13"
    assert mediation.locator(".wq-caveat").count() == 1
    page.locator("#wq-case-accepted_date").fill("2026-10-16")  # 2026-12-15, a Tuesday
    assert mediation.locator(".wq-caveat").count() == 0
    # the reader's own deadline: the earlier date
    limitation = page.locator("[data-deadline='limitation']")
    page.locator("#wq-case-known_date").fill("2026-11-17")  # three years: Saturday 2029-11-17
    assert limitation.get_attribute("data-date") == "2029-11-16"
    assert "2029年11月17日（星期六）" in limitation.inner_text()
    page.locator("#wq-case-known_date").fill("2026-11-20")
    assert limitation.get_attribute("data-date") == "2029-11-20"
    assert limitation.locator(".wq-caveat").count() == 0
    context.close()


# ------------------------------------------------------------------ 我的案件 can be found
def test_case_page_is_linked_where_readers_start(pages, catalog):
    def links_case(html, marker):
        part = html.split(marker, 1)[1] if marker in html else ""
        return re.search(r'href="[^"]*toolkit/case/"', part.split("</section>", 1)[0]) is not None

    assert re.search(r'<article[^>]*>.*href="toolkit/case/".*</article>', pages["index.html"], re.S)
    assert 'href="case/"' in pages["toolkit/index.html"].split("<article", 1)[1]
    for sc in catalog.scenarios.values():
        html = pages[sc.page[:-3] + "/index.html"]
        assert links_case(html, 'class="wq-first"'), sc.id
