"""我的案件 (the case file): schema checks through the loader, the holiday calendar against PyPI
chinese-calendar, and the case page and letter prefill in real Chromium on a 390×844 phone."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import re

import chinese_calendar
import pytest
from playwright.sync_api import expect

from helpers import ROOT, refused_edit

CASE_PAGE = "toolkit/case/"
LETTER = "toolkit/templates/{}/"
DAY = dt.timedelta(days=1)
ARTIFACTS = pathlib.Path(os.environ.get("WQ_ARTIFACTS", ROOT / "artifacts"))


def days(start: dt.date, end: dt.date):
    while start <= end:
        yield start
        start += DAY


# ------------------------------------------------------------------ holiday calendar (fast)
def is_workday(cal, day: dt.date) -> bool:
    """The site's rule, from data/holidays.yml, as wq-case-dates.js applies it."""
    year = next(y for y in cal.published if y.year == day.year)
    if day in year.work:
        return True
    return day.weekday() < 5 and not any(b.start <= day <= b.end for b in year.rest)


def test_published_schedules_match_chinese_calendar(catalog):
    cal = catalog.holidays
    assert [y.year for y in cal.published] == [2025, 2026]
    wrong = [
        d
        for d in days(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
        if is_workday(cal, d) != chinese_calendar.is_workday(d)
    ]
    assert wrong == []


def test_statutory_years_hold_the_thirteen_statutory_days(catalog):
    for year in catalog.holidays.statutory:
        rest = {b.name: b.days() for b in year.rest}
        y = year.year
        assert rest["元旦"] == [dt.date(y, 1, 1)]
        assert rest["劳动节"] == [dt.date(y, 5, 1), dt.date(y, 5, 2)]
        assert rest["国庆节"] == [dt.date(y, 10, 1), dt.date(y, 10, 2), dt.date(y, 10, 3)]
        assert len(rest["春节"]) == 4
        # 清明 is a solar term: chinese-calendar computes those beyond its holiday years
        terms = dict((v, k) for k, v in chinese_calendar.get_solar_terms(dt.date(y, 4, 1), dt.date(y, 4, 10)))
        assert rest["清明节"] == [terms["清明"]]


def reference_deadline(received: dt.date, n: int = 7) -> dt.date:
    day = received
    while n:
        day += DAY
        n -= chinese_calendar.is_workday(day)
    return day


def reference_mediation_end(accepted: dt.date) -> dt.date:
    day = accepted + 60 * DAY
    while chinese_calendar.get_holiday_detail(day)[1] is not None and chinese_calendar.is_holiday(day):
        day += DAY
    return day


# ------------------------------------------------------------------ schema checks (fast, loader only)
AT = "data/case.yml: entry 'case': field 'letters."
CL = "data/case.yml: entry 'case': field 'checklists."
BAD_MAPPINGS = [
    (
        "    company: operator_name",
        "    company: my_name",
        AT + "heimao-complaint.company': case field 'my_name' is private",
    ),
    (
        "  evidence-list:",
        "  no-such-letter: {order_no: order_no}\n  evidence-list:",
        AT + "no-such-letter': unknown letter id 'no-such-letter'",
    ),
    (
        "    trade_no: order_no",
        "    trade_number: order_no",
        AT + "payment-complaint.trade_number': letter 'payment-complaint' has no field",
    ),
    (
        "    pay_channel: payment_method",
        "    pay_channel: pay_method",
        AT + "evidence-list.pay_channel': unknown case field 'pay_method'",
    ),
    (
        "  complaint-12315-materials: [my_name,",
        "  complaint-12315-materials: [my_nam,",
        CL + "complaint-12315-materials': unknown case field 'my_nam'",
    ),
    (
        "  complaint-12315-materials: [",
        "  no-such-checklist: [order_no]\n  complaint-12315-materials: [",
        CL + "no-such-checklist': unknown checklist id",
    ),
]


@pytest.mark.parametrize(
    "old,new,expect",
    BAD_MAPPINGS,
    ids=["private-in-public", "letter", "field", "case-field", "checklist-field", "checklist"],
)
def test_bad_case_mapping_fails_with_one_line(tmp_path, old, new, expect):
    err, _, _ = refused_edit(tmp_path, "case.yml", old, new)
    assert len(err.problems) == 1 and err.problems[0].startswith(expect)


def test_public_letters_receive_no_private_field(catalog):
    case = catalog.case
    assert "heimao-complaint" in case.public_letters
    for lid in case.public_letters:
        assert not [f for f in case.letters.get(lid, {}).values() if case.fields[f].private]
    assert {f for f in case.fields.values() if f.private} >= {
        case.fields["my_id_no"],
        case.fields["my_phone"],
    }


# ------------------------------------------------------------------ browser (390×844)


def open_case(context, watch, server):
    page = watch.page(context)
    page.goto(server + CASE_PAGE, wait_until="networkidle")
    page.wait_for_selector("[data-case-tools] input#wq-case-save")
    return page


def open_letter(context, watch, server, letter_id):
    page = watch.page(context)
    page.goto(server + LETTER.format(letter_id), wait_until="networkidle")
    # the case code comes at once when a case is kept here, else when the reader starts typing
    page.locator(".wq-template form input[name]").first.focus()
    page.wait_for_selector(".wq-case-note")
    return page


def wq_keys(page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter(k => k.indexOf('wq:') === 0)")


@pytest.mark.browser
def test_order_number_typed_once_shows_in_every_letter(phone):
    context, watch, server = phone
    page = open_case(context, watch, server)
    page.locator("#wq-case-save").check()
    page.locator("#wq-case-order_no").fill("A2026112701")
    page.locator("#wq-case-amount_paid").fill("95")
    page.locator("#wq-case-my_name").fill("张小明")
    page.locator("#wq-case-order_date").fill("2026-11-20")
    for lid in ("final-demand", "platform-complaint"):
        letter = open_letter(context, watch, server, lid)
        assert letter.locator("#wq-field-order_no").input_value() == "A2026112701"
        assert letter.locator("#wq-field-amount").input_value() == "95"
        assert letter.locator("#wq-field-order_date").input_value() == "2026年11月20日"
        assert "A2026112701" in letter.locator(".wq-letter").inner_text()  # the preview updated
    # the private name goes into a letter that is not published …
    assert (
        open_letter(context, watch, server, "final-demand").locator("#wq-field-sender").input_value()
        == "张小明"
    )
    # … and editing a mapped input in a letter updates the case
    # the published 黑猫 letter gets neither the name nor the order number (it has no such field)
    letter = open_letter(context, watch, server, "heimao-complaint")
    text = letter.locator(".wq-template").inner_text()
    assert "张小明" not in text and "A2026112701" not in text
    assert letter.locator("#wq-field-order_no").count() == 0
    assert letter.locator("#wq-field-amount").input_value() == "95"
    letter.locator(".wq-case-fold > summary").click()  # fields the case filled in are folded
    letter.locator("#wq-field-product").fill("B999点卡")
    page = open_case(context, watch, server)
    assert page.locator("#wq-case-product").input_value() == "B999点卡"


@pytest.mark.browser
def test_clearing_a_letter_says_the_saved_case_stays(phone):
    """Clearing one letter empties its form; while 我的案件 is kept here, the case is not deleted,
    and the confirmation and the status line say so (they used to claim the saved data was gone)."""
    context, watch, server = phone
    page = open_case(context, watch, server)
    page.locator("#wq-case-save").check()
    page.locator("#wq-case-order_no").fill("C2026112801")
    letter = open_letter(context, watch, server, "platform-complaint")
    assert letter.locator("#wq-field-order_no").input_value() == "C2026112801"
    watch.expect_confirm = True
    letter.get_by_role("button", name="清除").click()
    assert watch.confirms[-1] == "确定清除本页填写的内容吗？“我的案件”里保存在本机的内容不会删除。"
    assert letter.locator("#wq-field-order_no").input_value() == ""
    status = letter.locator(".wq-form .wq-status").inner_text()
    assert "没有删除" in status and "本机保存的数据。" not in status
    assert "wq:case" in wq_keys(letter)  # true to what it said: the case is still here
    assert open_case(context, watch, server).locator("#wq-case-order_no").input_value() == "C2026112801"


@pytest.mark.browser
def test_one_choice_saves_the_letter_and_the_case(phone):
    """On a letter page the letter's own 保存在本机 is the only save choice: ticked, the case keeps
    the mapped values and this letter's other values (a date the case cannot read included);
    a reload brings them back; nothing is left under the letter's own key."""
    context, watch, server = phone
    page = open_letter(context, watch, server, "final-demand")
    assert page.locator("input[type=checkbox][id*=save]").count() == 1
    page.locator("#wq-field-order_no").fill("D2026112801")
    page.locator("#wq-field-order_date").fill("11月20日")  # no year: the case cannot read it
    page.locator("#wq-save-local").check()
    assert wq_keys(page) == ["wq:case"]
    page.reload(wait_until="networkidle")
    page.wait_for_selector(".wq-case-note")
    assert page.locator("#wq-save-local").is_checked()
    assert page.locator("#wq-field-order_no").input_value() == "D2026112801"
    assert page.locator("#wq-field-order_date").input_value() == "11月20日"
    assert open_case(context, watch, server).locator("#wq-case-order_no").input_value() == "D2026112801"


@pytest.mark.browser
def test_the_12315_checklist_lists_the_saved_case(phone):
    context, watch, server = phone
    checklist = server + "toolkit/checklists/complaint-12315-materials/"
    page = watch.page(context)
    page.goto(checklist, wait_until="networkidle")
    box = page.locator(".wq-case-facts")
    expect(box).to_contain_text("在我的案件里填好一次")  # nothing saved: only the pointer
    assert box.locator("dl").count() == 0
    page = open_case(context, watch, server)
    page.locator("#wq-case-save").check()
    page.locator("#wq-case-order_no").fill("<b>A2026112701</b>")
    page.locator("#wq-case-operator_name").fill("XX网络科技有限公司")
    page.locator("#wq-case-order_date").fill("2026-11-20")
    page = watch.page(context)
    page.goto(checklist, wait_until="networkidle")
    box = page.locator(".wq-case-facts dl.wq-case-list")
    expect(box).to_contain_text("<b>A2026112701</b>")  # typed text shown as text, never as HTML
    expect(box).to_contain_text("XX网络科技有限公司")
    expect(box).to_contain_text("2026年11月20日")
    assert box.locator("b").count() == 0


@pytest.mark.browser
def test_facts_flow_in_this_tab_without_opt_in(phone):
    """Typed on 我的案件 without ticking anything: the letters opened in the same tab get it, a line
    on the page says it is kept for this tab only; another tab sees nothing and this browser keeps
    no wq: key; once "保存在本机" is ticked, another tab sees it."""
    context, watch, server = phone
    page = open_case(context, watch, server)
    page.locator("#wq-case-order_no").fill("T2026120601")
    page.get_by_role("button", name="添加一条记录").click()
    page.locator("[data-log-row='0'] [data-log-key='channel']").fill("在线客服")
    status = page.locator("[data-case-tools] .wq-save-status")
    assert status.is_visible() and "只保留到关闭这个标签页" in status.inner_text()
    for lid in ("final-demand", "platform-complaint"):  # the same tab
        page.goto(server + LETTER.format(lid), wait_until="networkidle")
        page.wait_for_selector(".wq-case-note")  # the tab's copy loads the case code at once
        assert page.locator("#wq-field-order_no").input_value() == "T2026120601", lid
        assert "T2026120601" in page.locator(".wq-letter").inner_text()
        assert "只保留到关闭这个标签页" in page.locator(".wq-form .wq-save-status").inner_text()
    page.locator(".wq-case-fold > summary").click()  # fields the case filled in are folded
    page.locator("#wq-field-order_no").fill("T2026120602")  # typed in a letter: back in the case
    page.goto(server + CASE_PAGE, wait_until="networkidle")
    page.wait_for_selector("[data-case-tools] input#wq-case-save")
    assert page.locator("#wq-case-order_no").input_value() == "T2026120602"
    assert page.locator("[data-log-row='0'] [data-log-key='channel']").input_value() == "在线客服"
    assert wq_keys(page) == []
    other = open_case(context, watch, server)  # another tab
    assert other.locator("#wq-case-order_no").input_value() == ""
    other.goto(server + LETTER.format("final-demand"), wait_until="networkidle")
    other.wait_for_timeout(300)
    other.locator("#wq-field-order_no").focus()
    other.wait_for_selector(".wq-case-note")
    assert other.locator("#wq-field-order_no").input_value() == "" and wq_keys(other) == []
    page.locator("#wq-case-save").check()
    assert wq_keys(page) == ["wq:case"]
    third = open_case(context, watch, server)
    assert third.locator("#wq-case-order_no").input_value() == "T2026120602"
    # unticking deletes the device copy and keeps the tab's
    page.locator("#wq-case-save").uncheck()
    assert wq_keys(page) == [] and "已从本机删除" in status.inner_text()
    page.reload(wait_until="networkidle")
    page.wait_for_selector("[data-case-tools] input#wq-case-save")
    assert page.locator("#wq-case-order_no").input_value() == "T2026120602"
    assert not page.locator("#wq-case-save").is_checked()
    # 删除全部 clears both
    watch.expect_confirm = True
    page.get_by_role("button", name="删除全部").click()
    page.reload(wait_until="networkidle")
    page.wait_for_selector("[data-case-tools] input#wq-case-save")
    assert page.locator("#wq-case-order_no").input_value() == "" and wq_keys(page) == []
    assert page.evaluate("sessionStorage.getItem('wq:case')") is None


def paste(page, text):
    page.get_by_role("button", name="粘贴导入").click()
    page.locator("#wq-case-paste-text").fill(text)
    page.get_by_role("button", name="导入粘贴的内容").click()
    return page.locator(".wq-case-tools > .wq-status").inner_text()


@pytest.mark.browser
def test_copy_delete_paste_brings_everything_back(phone):
    context, watch, server = phone
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = open_case(context, watch, server)
    page.locator("#wq-case-platform_name").fill("某某卡盟 <img src=x>")
    page.locator("#wq-case-problem").fill("付款后未发货\n第二行")
    page.locator("#wq-case-accepted_date").fill("2026-10-13")
    page.get_by_role("button", name="添加一条记录").click()
    page.locator("[data-log-row='0'] [data-log-key='reply']").fill("正在处理")
    page.get_by_role("button", name="复制案件内容").click()
    expect(page.locator(".wq-case-tools > .wq-status")).to_contain_text("和自己的聊天")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("维权手册·我的案件 第1版")
    assert copied == page.locator("#wq-case-copy-text").input_value()
    watch.expect_confirm = True
    page.get_by_role("button", name="删除全部").click()
    assert page.locator("#wq-case-platform_name").input_value() == ""
    assert page.locator("[data-log-row]").count() == 0
    said = paste(page, copied)
    assert "已导入" in said and "保存在本机" in said
    assert page.locator("#wq-case-save").is_checked() and wq_keys(page) == ["wq:case"]  # importing keeps it
    assert page.locator("#wq-case-platform_name").input_value() == "某某卡盟 <img src=x>"
    assert page.locator("#wq-case-problem").input_value() == "付款后未发货\n第二行"
    assert page.locator("[data-log-row='0'] [data-log-key='reply']").input_value() == "正在处理"
    assert page.locator("[data-deadline='mediation']").get_attribute("data-date") == "2026-12-12"
    assert page.locator("img[src=x]").count() == 0
    page.reload(wait_until="networkidle")  # import -> reload -> still there
    page.wait_for_selector("[data-log-row='0']")
    assert page.locator("#wq-case-platform_name").input_value() == "某某卡盟 <img src=x>"
    other = open_case(context, watch, server)  # kept in this browser: another tab has it
    assert other.locator("#wq-case-platform_name").input_value() == "某某卡盟 <img src=x>"


HOSTILE_PASTES = {
    "not json": ("我的订单号是 123", "不是本站复制的案件内容"),
    "truncated": ('维权手册·我的案件 第1版\n{"format":"wq-case","fields":{"order_no":"A1"', "不完整"),
    "proto": ('{"format":"wq-case","fields":{"order_no":"A1"},"__proto__":{"saving":true}}', "__proto__"),
    "proto deep": ('{"format":"wq-case","log":[{"__proto__":{"x":"1"}}]}', "__proto__"),
    "constructor": ('{"format":"wq-case","fields":{"constructor":"A1"}}', "不允许的名称"),
    "5 MB": ('{"format":"wq-case","fields":{"order_no":"' + "A" * 5_000_000 + '"}}', "太长"),
    "wrong shape": ('{"format":"wq-case","fields":{"order_no":5}}', "格式不对"),
    "empty": ("   ", "框里没有内容"),
}


@pytest.mark.browser
def test_hostile_pastes_change_nothing(phone):
    context, watch, server = phone
    page = open_case(context, watch, server)
    page.locator("#wq-case-order_no").fill("KEEP-1")
    before = page.evaluate("sessionStorage.getItem('wq:case')")
    for name, (text, reason) in HOSTILE_PASTES.items():
        said = paste(page, text)
        assert reason in said and said.endswith("没有做任何改动。") and "\n" not in said, name
        assert page.locator("#wq-case-order_no").input_value() == "KEEP-1", name
        assert page.evaluate("sessionStorage.getItem('wq:case')") == before and wq_keys(page) == [], name
        assert not page.locator("#wq-case-save").is_checked(), name
    assert page.evaluate("({}).saving === undefined && Object.prototype.constructor === Object")
    # HTML in values is text, as typed
    watch.expect_confirm = True  # the pasted case replaces KEEP-1: asked first
    html = '{"format":"wq-case","fields":{"order_no":"<script>alert(1)</script>"},'
    html += '"log":[{"reply":"<b>x</b>"}]}'
    said = paste(page, html)
    assert "已导入" in said
    assert page.locator("#wq-case-order_no").input_value() == "<script>alert(1)</script>"
    assert page.locator("[data-log-row='0'] [data-log-key='reply']").input_value() == "<b>x</b>"


def test_a_case_field_named_like_javascript_fails_with_one_line(tmp_path):
    err, _, _ = refused_edit(tmp_path, "case.yml", "{name: product,", "{name: constructor,")
    assert err.problems == [
        "data/case.yml: file: field 'groups[1].fields[1].name': 'constructor' is a name JavaScript reserves "
        "(or one of Object.prototype's); choose another"
    ]


@pytest.mark.browser
def test_case_log_survives_reload(phone):
    context, watch, server = phone
    page = open_case(context, watch, server)
    page.locator("#wq-case-save").check()
    for n, (channel, ticket) in enumerate([("在线客服", "T-1"), ("12315", "1234567890")]):
        page.get_by_role("button", name="添加一条记录").click()
        page.locator(f"[data-log-row='{n}'] [data-log-key='channel']").fill(channel)
        page.locator(f"[data-log-row='{n}'] [data-log-key='ticket']").fill(ticket)
    page.locator("[data-log-row='1'] [data-log-key='promised']").fill("2026-12-04")
    page.reload(wait_until="networkidle")
    page.wait_for_selector("[data-log-row='1']")
    assert page.locator("#wq-case-save").is_checked()
    assert page.locator("[data-log-row='0'] [data-log-key='ticket']").input_value() == "T-1"
    assert page.locator("[data-log-row='1'] [data-log-key='channel']").input_value() == "12315"
    assert page.locator("[data-log-row='1'] [data-log-key='promised']").input_value() == "2026-12-04"
    # delete a row; print shows the facts and the log only
    page.locator("[data-log-row='0'] .wq-log-delete").click()
    assert page.locator("[data-log-row]").count() == 1
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert page.locator("table.wq-log-print").is_visible()
    assert "1234567890" in page.locator("table.wq-log-print").inner_text()
    assert (
        not page.locator(".wq-case-form").is_visible() and not page.locator(".wq-case-deadlines").is_visible()
    )


@pytest.mark.browser
def test_export_clear_import_restores_everything(phone, tmp_path):
    context, watch, server = phone
    page = open_case(context, watch, server)
    page.locator("#wq-case-save").check()
    page.locator("#wq-case-platform_name").fill("某某卡盟")
    page.locator("#wq-case-problem").fill("付款后未发货\n第二行 <b>不是标记</b>")
    page.locator("#wq-case-complaint_date").fill("2026-09-28")
    page.get_by_role("button", name="添加一条记录").click()
    page.locator("[data-log-row='0'] [data-log-key='reply']").fill("正在处理")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出为文件").click()
    exported = tmp_path / "case.json"
    info.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "wq-case"
    assert data["fields"]["platform_name"] == "某某卡盟" and data["log"][0]["reply"] == "正在处理"
    before = page.evaluate("localStorage.getItem('wq:case')")

    watch.expect_confirm = True
    page.get_by_role("button", name="删除全部").click()
    assert watch.confirms and page.locator("#wq-case-platform_name").input_value() == ""
    assert wq_keys(page) == [] and page.locator("[data-log-row]").count() == 0

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "wq-case", "fields": {"order_no": 5}}), encoding="utf-8")
    page.locator("[data-case-tools] input[type=file]").set_input_files(str(bad))
    expect(page.locator(".wq-case-tools .wq-status")).to_contain_text("没有做任何改动")
    assert page.locator("#wq-case-order_no").input_value() == "" and wq_keys(page) == []

    page.locator("#wq-case-save").check()
    page.locator("[data-case-tools] input[type=file]").set_input_files(str(exported))
    expect(page.locator("#wq-case-platform_name")).to_have_value("某某卡盟")
    assert page.locator("#wq-case-problem").input_value() == "付款后未发货\n第二行 <b>不是标记</b>"
    assert page.locator("[data-log-row='0'] [data-log-key='reply']").input_value() == "正在处理"
    assert page.locator("[data-deadline='accept']").get_attribute("data-date") == "2026-10-13"
    assert json.loads(page.evaluate("localStorage.getItem('wq:case')")) == json.loads(before)


@pytest.mark.browser
def test_deadlines_match_chinese_calendar(phone):
    context, watch, server = phone
    page = open_case(context, watch, server)
    received = [
        dt.date(2026, 9, 28),
        dt.date(2026, 2, 13),
        dt.date(2026, 4, 30),
        dt.date(2026, 9, 18),
        dt.date(2026, 12, 18),
        dt.date(2025, 12, 31),
        dt.date(2026, 6, 18),
        dt.date(2026, 5, 8),
    ]
    accept = page.locator("[data-deadline='accept']")
    for day in received:
        page.locator("#wq-case-complaint_date").fill(day.isoformat())
        assert accept.get_attribute("data-date") == reference_deadline(day).isoformat(), day
        assert "仅供参考" not in accept.inner_text()
    assert reference_deadline(dt.date(2026, 9, 28)) == dt.date(2026, 10, 13)
    mediation = page.locator("[data-deadline='mediation']")
    for day in [
        dt.date(2026, 8, 2),
        dt.date(2026, 7, 27),
        dt.date(2026, 3, 5),
        dt.date(2026, 12, 31) - 61 * DAY,
    ]:
        page.locator("#wq-case-accepted_date").fill(day.isoformat())
        assert mediation.get_attribute("data-date") == reference_mediation_end(day).isoformat(), day
    # windows that run into 2027 (schedule not published) are marked
    page.locator("#wq-case-complaint_date").fill("2026-12-28")
    assert accept.get_attribute("data-date") == "2027-01-07"  # 1月1日 is a statutory holiday
    assert "当年调休安排尚未公布，仅供参考" in accept.inner_text()
    page.locator("#wq-case-known_date").fill("2026-11-20")
    assert page.locator("[data-deadline='limitation']").get_attribute("data-date") == "2029-11-20"


@pytest.mark.browser
def test_saved_letter_values_are_carried_into_the_case(phone):
    context, watch, server = phone
    page = watch.page(context)
    page.goto(server + "about/", wait_until="networkidle")
    old = {"order_no": "OLD-1", "sender": "李四", "breach": "未交付卡密", "order_date": "2026年11月2日"}
    page.evaluate("v => localStorage.setItem('wq:template:final-demand', JSON.stringify(v))", old)
    page.evaluate("localStorage.setItem('wq:case', 'not json')")  # junk: ignored
    page = open_case(context, watch, server)
    assert page.locator("#wq-case-order_no").input_value() == "OLD-1"
    assert page.locator("#wq-case-my_name").input_value() == "李四"
    assert page.locator("#wq-case-order_date").input_value() == "2026-11-02"
    assert page.locator("#wq-case-save").is_checked()
    stored = json.loads(page.evaluate("localStorage.getItem('wq:case')"))
    assert stored["letters"] == {"final-demand": {"breach": "未交付卡密"}}


@pytest.mark.browser
def test_case_code_loads_only_where_used(phone):
    context, watch, server = phone
    page = watch.page(context)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    for path in ("", "scenarios/not-delivered/", "toolkit/checklists/evidence/"):
        page.goto(server + path, wait_until="networkidle")
    assert not [u for u in requested if "wq-case" in u]
    # a letter page with nothing kept here: only once the reader starts typing
    page.goto(server + LETTER.format("final-demand"), wait_until="networkidle")
    assert not [u for u in requested if "wq-case" in u]
    page.locator(".wq-template form input[name]").first.focus()
    page.wait_for_selector(".wq-case-note")
    page.goto(server + CASE_PAGE, wait_until="networkidle")
    page.wait_for_selector("[data-case-tools] input#wq-case-save")
    assert [u for u in requested if re.search(r"/wq-case\.js\?v=[0-9a-f]{10}$", u)]
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "wq-case" not in mkdocs.split("extra_javascript:")[1].split("extra:")[0]


def test_case_page_is_in_the_toolkit_nav():
    text = pathlib.Path(ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      - toolkit/case.md" in text


@pytest.mark.browser
def test_case_page_has_no_serious_accessibility_problems(phone):
    context, watch, server = phone
    page = open_case(context, watch, server)
    page.locator("#wq-case-complaint_date").fill("2026-12-28")  # shows the 仅供参考 mark
    page.get_by_role("button", name="添加一条记录").click()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "case-page-390x844.png"))
    page.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']}: {len(v['nodes'])}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
    letter = open_letter(context, watch, server, "final-demand")
    letter.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    result = letter.evaluate(
        "axe.run(document.querySelector('.wq-case-note'), {resultTypes: ['violations']})"
    )
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []
