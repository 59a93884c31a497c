"""Real headless Chromium against the built site: what the wq-*.js scripts keep in localStorage, and
how they behave when that storage holds junk, is full, or the page is opened from the offline copy
(file://). Dialogs are handled explicitly here: only the "clear" buttons may ask (window.confirm)."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from helpers import build, letter_data

pytestmark = [pytest.mark.browser, pytest.mark.build]

CHECKLIST = "toolkit/checklists/evidence/"
LETTER = "toolkit/templates/platform-complaint/"
CHECKLIST_KEY = "wq:checklist:evidence"
LETTER_KEY = "wq:template:platform-complaint"
CASE_KEY = "wq:case"  # a letter's values are kept in the case file once its code has arrived
BAD_SHAPES = ["123", '"abc"', "true", "[1, 2]", '["a"]', "null", "{not json", '{"x": 1, "y": "yes"}']

# Storage that is full for our keys (as on a phone whose browser storage is used up).
QUOTA_FULL = """
(function () {
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (String(key).indexOf("wq:") === 0) {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    }
    return setItem.apply(this, arguments);
  };
})();
"""


class Session:
    """One browser context: aborts off-site requests, records page errors and dialogs.

    A dialog is answered with `answer` ("accept" / "dismiss"); with answer None it is unexpected."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.errors: list[str] = []
        self.offsite: list[str] = []
        self.dialogs: list[tuple[str, str]] = []
        self.answer: str | None = None
        self.context.route("**/*", self._route)

    def _route(self, route):
        parsed = urllib.parse.urlsplit(route.request.url)
        if parsed.scheme in ("data", "blob", "file") or parsed.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append((dialog.type, dialog.message))
        dialog.accept() if self.answer == "accept" else dialog.dismiss()

    def open(self, url):
        page = self.context.new_page()
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.goto(url, wait_until="networkidle" if url.startswith("http") else "load")
        return page


@pytest.fixture()
def session(browser):
    s = Session(browser)
    yield s
    s.context.close()
    assert s.errors == [], f"page errors: {s.errors}"
    assert s.offsite == [], f"off-site requests: {s.offsite}"
    if s.answer is None:
        assert s.dialogs == [], f"unexpected dialog: {s.dialogs}"


def stored(page, key):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{key}'))")


def done(page):
    return page.locator("[data-wq-done]").inner_text()


def letter_fields(page):
    return letter_data(page)["fields"]


# ------------------------------------------------------------------ (1) junk in storage
def test_bad_shaped_stored_values_are_ignored(session, server):
    page = session.open(server + CHECKLIST)
    boxes = page.locator("input.wq-check")
    first = boxes.nth(0).get_attribute("data-item")
    for raw in BAD_SHAPES:
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [CHECKLIST_KEY, raw])
        page.goto(server + CHECKLIST, wait_until="networkidle")  # a new load: no restored form state
        assert page.locator(".wq-checklist[data-wq-bound]").count() == 1, raw
        assert done(page) == "0" and not boxes.nth(0).is_checked(), raw
        boxes.nth(0).check()
        assert done(page) == "1", raw
        assert stored(page, CHECKLIST_KEY) == {first: True}, raw
    page = session.open(server + LETTER)
    fields = letter_fields(page)
    name = fields[0]["name"]
    for raw in BAD_SHAPES[:-1]:
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [LETTER_KEY, raw])
        page.evaluate("sessionStorage.clear()")  # what the last round typed stays for this tab
        page.reload(wait_until="networkidle")
        assert page.locator(".wq-form").count() == 1, raw
        assert not page.locator("#wq-save-local").is_checked(), raw
        assert page.locator(f"#wq-field-{name}").input_value() == "", raw
        page.locator(f"#wq-field-{name}").fill("张三")
        assert "张三" in page.locator(".wq-letter").inner_text(), raw
    # a plain object: strings are used, anything else is dropped
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, v)",
        [LETTER_KEY, json.dumps({name: "李四", fields[1]["name"]: 5})],
    )
    page.evaluate("sessionStorage.clear()")
    page.reload(wait_until="networkidle")
    assert page.locator(f"#wq-field-{name}").input_value() == "李四"
    assert page.locator(f"#wq-field-{fields[1]['name']}").input_value() == ""
    assert page.locator("#wq-save-local").is_checked()


# ------------------------------------------------------------------ (2) storage full
def watch_status(page, selector):
    """Count how often the status line's text changes from now on."""
    page.evaluate(
        """sel => { window.__wqChanges = 0;
        new MutationObserver(() => window.__wqChanges++).observe(document.querySelector(sel),
            {childList: true, characterData: true, subtree: true}); }""",
        selector,
    )


def test_storage_full_is_reported_not_claimed_saved(session, server):
    session.context.add_init_script(QUOTA_FULL)
    page = session.open(server + CHECKLIST)
    status = page.locator(".wq-checklist .wq-save-status[role=status]")
    watch_status(page, ".wq-checklist .wq-save-status")
    boxes = page.locator("input.wq-check")
    for i in (0, 2, 3):
        boxes.nth(i).check()
    assert done(page) == "3"
    assert status.is_visible() and "没能保存" in status.inner_text()
    assert page.evaluate("window.__wqChanges") == 1, "the failure was announced more than once"
    assert "已保存" not in page.locator("body").inner_text()
    assert page.evaluate(f"localStorage.getItem('{CHECKLIST_KEY}')") is None
    # back to the page: the browser restores the ticks it still has; they stay shown and counted
    page.goto(server + "about/", wait_until="networkidle")
    page.go_back(wait_until="load")
    page.wait_for_function("document.querySelector('[data-wq-done]').textContent === '3'", timeout=5000)
    assert [boxes.nth(i).is_checked() for i in range(4)] == [True, False, True, True]
    assert "没能保存" in status.inner_text()

    page = session.open(server + LETTER)
    status = page.locator(".wq-form .wq-save-status[role=status]")
    name = letter_fields(page)[0]["name"]
    page.locator(f"#wq-field-{name}").fill("王五")
    page.locator("#wq-save-local").check()
    assert status.is_visible() and "没能保存在本机" in status.inner_text()
    watch_status(page, ".wq-form .wq-save-status")
    field = page.locator(f"#wq-field-{name}")
    field.press("End")
    page.keyboard.type("一二三")  # one failing write per keystroke
    assert "王五一二三" in page.locator(".wq-letter").inner_text()
    assert page.evaluate("window.__wqChanges") == 0, "the failure was announced again on typing"
    assert "已保存" not in page.locator("body").inner_text()
    assert page.evaluate(f"localStorage.getItem('{LETTER_KEY}')") is None


# ------------------------------------------------------------------ (3) clearing asks first
def test_clear_asks_for_confirmation(session, server):
    page = session.open(server + CHECKLIST)
    boxes = page.locator("input.wq-check")
    boxes.nth(0).check()
    boxes.nth(1).check()
    before = stored(page, CHECKLIST_KEY)
    session.answer = "dismiss"
    page.locator("[data-wq-reset]").click()
    assert [t for t, _ in session.dialogs] == ["confirm"]
    assert done(page) == "2" and boxes.nth(0).is_checked() and boxes.nth(1).is_checked()
    assert stored(page, CHECKLIST_KEY) == before
    session.answer = "accept"
    page.locator("[data-wq-reset]").click()
    assert len(session.dialogs) == 2
    assert done(page) == "0" and not boxes.nth(0).is_checked()
    assert page.evaluate(f"localStorage.getItem('{CHECKLIST_KEY}')") is None

    page = session.open(server + LETTER)
    name = letter_fields(page)[0]["name"]
    page.locator(f"#wq-field-{name}").fill("赵六")
    page.wait_for_selector(".wq-case-note")  # the case code arrived when typing began
    page.locator("#wq-save-local").check()
    session.answer = "dismiss"
    page.get_by_role("button", name="清除").click()
    assert len(session.dialogs) == 3 and session.dialogs[-1][0] == "confirm"
    assert page.locator(f"#wq-field-{name}").input_value() == "赵六"
    assert page.locator("#wq-save-local").is_checked()
    assert "赵六" in json.dumps(stored(page, CASE_KEY), ensure_ascii=False)
    session.answer = "accept"
    page.get_by_role("button", name="清除").click()
    assert len(session.dialogs) == 4
    assert page.locator(f"#wq-field-{name}").input_value() == ""
    assert page.evaluate(f"localStorage.getItem('{LETTER_KEY}')") is None


# ------------------------------------------------------------------ (4) privacy notes
def test_privacy_notes_are_visible(session, server):
    page = session.open(server + CHECKLIST)
    note = page.locator(".wq-checklist .wq-privacy")
    assert note.count() == 1 and note.is_visible()
    assert (
        "勾选记录只保存在这台设备的这个浏览器里" in note.inner_text()
        and "不会发送到任何地方" in note.inner_text()
    )
    page = session.open(server + LETTER)
    note = page.locator(".wq-form .wq-privacy")
    assert note.count() == 1 and note.is_visible()
    assert "只保存在这台设备的这个浏览器里" in note.inner_text() and "不会发送到任何地方" in note.inner_text()


# ------------------------------------------------------------------ (5) offline copy, file://
@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("offline")
    proc = build(out, env={"WQ_OFFLINE": "true"})
    assert proc.returncode == 0, f"offline build failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def test_offline_copy_binds_from_file_url(session, offline_site):
    page = session.open((offline_site / "toolkit" / "checklists" / "evidence.html").as_uri())
    page.wait_for_selector(".wq-checklist[data-wq-bound]", timeout=5000)
    assert page.locator("[data-wq-progress]").is_visible()
    boxes = page.locator("input.wq-check")
    boxes.nth(1).check()
    assert done(page) == "1"
    page.reload(wait_until="load")
    page.wait_for_selector(".wq-checklist[data-wq-bound]", timeout=5000)
    assert boxes.nth(1).is_checked() and done(page) == "1"

    page = session.open((offline_site / "toolkit" / "templates" / "platform-complaint.html").as_uri())
    page.wait_for_selector(".wq-form", timeout=5000)
    name = letter_fields(page)[0]["name"]
    page.locator(f"#wq-field-{name}").fill("离线填写")
    assert "离线填写" in page.locator(".wq-letter").inner_text()
