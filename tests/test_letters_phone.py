"""Letters on a phone and on paper (issue 22): no spaces around inserted values (refused at build,
removed by scripts/unspace_letters.py); in real Chromium at 390x844 against the built site: the
form first, fields already in 我的案件 folded into one line, missing required fields named before
printing or downloading, the 起诉状 in steps within eight screens, and a printed letter without
colour or spaces around the reader's values."""

from __future__ import annotations

import importlib.util
import io
import pathlib

import docx
import pypdf
import pytest
from playwright.sync_api import expect

from helpers import PHONE, ROOT, refused_edit
from macros.loader import load_catalog
from macros.models import LetterField

_spec = importlib.util.spec_from_file_location("unspace_letters", ROOT / "scripts" / "unspace_letters.py")
unspace_letters = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(unspace_letters)


# ------------------------------------------------------------------ spaces around placeholders (fast)
@pytest.mark.parametrize(
    "old, new, expect",
    [
        (
            "我于{order_date}在贵平台购买",
            "我于 {order_date}在贵平台购买",
            "field 'body[2].text': white space before placeholder {order_date}",
        ),
        (
            "已付款{amount}元。",
            "已付款{amount} 元。",
            "field 'body[2].text': white space after placeholder {amount}",
        ),
    ],
)
def test_a_space_around_a_placeholder_fails_the_load_with_one_line(tmp_path, old, new, expect):
    err, path, text = refused_edit(tmp_path, "letters/platform-complaint.yml", old, new)
    assert text.count(old) == 1
    lines = [p.strip() for p in str(err).splitlines() if expect in p]
    assert len(lines) == 1, str(err.value)
    assert lines[0].startswith("data/letters/platform-complaint.yml: entry 'platform-complaint'")
    assert "scripts/unspace_letters.py" in lines[0]
    # the script removes it again, and the data loads
    assert unspace_letters.main([str(path)]) == 0
    assert path.read_text(encoding="utf-8") == text
    load_catalog(tmp_path / "data")


@pytest.mark.parametrize(
    "line, want",
    [
        (
            "    text: 我于 {order_date} 在 {product}，付款 {amount} 元",
            "    text: 我于{order_date}在{product}，付款{amount}元",
        ),
        ("    text: {order_no} 的投诉", "    text: {order_no}的投诉"),  # YAML's "key: " stays
        ("      - {item} 甲", "      - {item}甲"),  # and the list marker's space
        ("  - {name: a, label: 甲}", "  - {name: a, label: 甲}"),  # a YAML flow mapping is not a placeholder
        ("    text: 金额 {amount}\u3000元", "    text: 金额{amount}元"),
    ],
)
def test_unspace_script_keeps_yaml_and_is_idempotent(line, want):
    assert unspace_letters.unspace(line) == want
    assert unspace_letters.unspace(want) == want


def test_letter_data_has_no_space_left_to_remove():
    for path in sorted((ROOT / "data" / "letters").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert unspace_letters.unspace(text) == text, path.name


def test_no_site_script_over_250_lines():
    long = {
        p.name: n
        for p in (ROOT / "docs" / "assets" / "wq").glob("*.js")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 250
    }
    assert not long, long


@pytest.mark.parametrize(
    "field, message",
    [
        ({"date": True, "multiline": True}, "only one of `multiline`, `date`, `choices`"),
        ({"choices": ["男", "女"], "date": True}, "only one of `multiline`, `date`, `choices`"),
        ({"choices": ["男", "男"]}, "`choices` lists an answer twice"),
    ],
)
def test_a_field_is_asked_one_way(field, message):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as err:
        LetterField.model_validate({"name": "a", "label": "甲", "example": "例", **field})
    assert message in str(err.value)


def test_civil_complaint_asks_gender_as_a_choice_and_dates_with_a_picker(catalog):
    fields = {f.name: f for f in catalog.letters["civil-complaint"].fields}
    assert fields["plaintiff_gender"].choices == ["男", "女"]
    assert fields["plaintiff_birth"].date and fields["date"].date


# ------------------------------------------------------------------ browser, 390x844
LETTER = "toolkit/templates/{}/"
CASE_PAGE = "toolkit/case/"
# the first field a reader types into: the form's rows after the problem picker, in sight
FIRST_FIELD = """() => {
  const rows = [...document.querySelectorAll('.wq-form .wq-form-row[data-field]')];
  const row = rows.find(r => r.checkVisibility());
  const control = row && row.querySelector('input:not([type=hidden]), textarea, select');
  if (!control) return null;
  const box = control.getBoundingClientRect();
  return {name: row.dataset.field, bottom: box.bottom + scrollY, value: control.value};
}"""


def open_letter(context, watch, server, letter_id, problem=None):
    page = watch.page(context)
    query = f"?problem={problem}" if problem else ""
    page.goto(server + LETTER.format(letter_id) + query, wait_until="networkidle")
    page.wait_for_selector(".wq-template .wq-form .wq-form-buttons button")
    return page


def close_folds(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = false; })")


def screens(page) -> float:
    return page.evaluate("document.documentElement.scrollHeight") / PHONE["height"]


def save_case(context, watch, server, values: dict):
    """A case kept in this browser, typed on the 我的案件 page as a reader does."""
    page = watch.page(context)
    page.goto(server + CASE_PAGE, wait_until="networkidle")
    page.wait_for_selector("[data-case-tools] input#wq-case-save")
    page.locator("#wq-case-save").check()
    for name, value in values.items():
        page.locator(f"#wq-case-{name}").fill(value)
    page.close()


@pytest.mark.browser
def test_form_first_on_every_letter_page(phone, catalog):
    """Title, what the letter is for, the problem picker, then the form: its first field is on the
    first screen; how-to and the example table fold below the form."""
    context, watch, server = phone
    problems = []
    for lid in catalog.letters:
        page = open_letter(context, watch, server, lid)
        first = page.evaluate(FIRST_FIELD)
        if not first or first["bottom"] > PHONE["height"]:
            problems.append(f"{lid}: first field {first} not on the first screen")
        tops = page.evaluate(
            """() => ['.wq-purpose', '.wq-form', '.wq-howto', '.wq-fields-block', '.wq-letter-block'].map(
                s => document.querySelector(s).closest('details, section, p').getBoundingClientRect().top)"""
        )
        if tops != sorted(tops):
            problems.append(f"{lid}: order purpose, form, how-to, table, letter broken: {tops}")
        if page.locator(".wq-fields").is_visible() or page.locator(".wq-howto li").first.is_visible():
            problems.append(f"{lid}: how-to or example table not folded")
        page.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_without_scripts_the_table_stays_to_write_on(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(server + LETTER.format("platform-complaint"))
    assert (
        page.locator(".wq-fields").is_visible()
        and page.locator(".wq-fields th", has_text="订单号").is_visible()
    )
    context.close()


CASE = {"order_no": "A2026112701", "platform_name": "某某卡盟", "amount_paid": "95"}


@pytest.mark.browser
@pytest.mark.parametrize("lid", ["platform-complaint", "final-demand", "complaint-12315"])
def test_fields_from_the_case_fold_into_one_line(phone, catalog, lid):
    context, watch, server = phone
    save_case(context, watch, server, CASE)
    mapping = catalog.case.letters[lid]
    held = [name for name, target in mapping.items() if target in CASE]
    assert len(held) == 3
    page = open_letter(context, watch, server, lid)
    fold = page.locator(".wq-form .wq-case-fold > summary")
    expect(fold).to_have_text("已从我的案件填入 3 项 · 查看或修改")
    for name in held:
        assert not page.locator(f"#wq-field-{name}").is_visible(), name
    first = page.evaluate(FIRST_FIELD)
    assert first["value"] == "" and first["name"] not in held and first["bottom"] <= PHONE["height"]
    fold.click()
    assert page.locator(f"#wq-field-{held[0]}").is_visible()
    assert CASE["order_no"] in [page.locator(f"#wq-field-{n}").input_value() for n in held]


@pytest.mark.browser
def test_civil_complaint_on_a_phone(phone):
    """Steps one at a time with a progress line, 性别 as a choice, dates as date pickers written
    "2026年9月28日" in the letter, case fields folded, at most eight screens with folds closed."""
    context, watch, server = phone
    save_case(context, watch, server, {"my_name": "张小明", "my_phone": "13800000000"})
    page = open_letter(context, watch, server, "civil-complaint", "not-delivered")
    expect(page.locator(".wq-step:not([hidden]) .wq-case-fold > summary")).to_have_text(
        "已从我的案件填入 2 项 · 查看或修改"
    )
    assert not page.locator("#wq-field-plaintiff_name").is_visible()
    assert page.evaluate(FIRST_FIELD)["name"] == "plaintiff_gender"
    assert page.locator("#wq-field-plaintiff_gender").evaluate("e => e.tagName") == "SELECT"
    page.locator("#wq-field-plaintiff_gender").select_option("女")
    assert page.locator("#wq-field-plaintiff_birth").get_attribute("type") == "date"
    page.locator("#wq-field-plaintiff_birth").fill("1995-05-01")
    heights = []
    for n in range(1, 6):
        assert page.locator(".wq-step-title").inner_text().startswith(f"第 {n} 步，共 5 步")
        close_folds(page)
        heights.append(screens(page))
        if n < 5:
            page.get_by_role("button", name="下一步").click()
    assert max(heights) <= 8, heights
    page.locator("#wq-field-date").fill("2026-09-28")
    text = "".join(
        line["text"]
        for line in page.evaluate("wq.letters.current(document.querySelector('.wq-template'))")["lines"]
    )
    assert "性别：女" in text and "出生日期：1995年5月1日" in text and "2026年9月28日" in text
    assert "张小明" in text
    # the folded letter opens to be printed
    stub_print(page)
    page.get_by_role("button", name="打印填好的信").click()
    page.get_by_role("button", name="仍然打印").click()
    page.emulate_media(media="print")
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    printed = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    assert "性别：女" in printed and "2026年9月28日" in printed and "（随填写更新" not in printed


def stub_print(page):
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")


@pytest.mark.browser
def test_missing_required_fields_are_named_before_print_and_download(phone, catalog):
    context, watch, server = phone
    page = open_letter(context, watch, server, "platform-complaint", "not-delivered")
    stub_print(page)
    page.locator("#wq-field-product").fill("王者荣耀点券卡")
    page.get_by_role("button", name="打印填好的信").click()
    box = page.locator(".wq-missing")
    expect(box).to_be_visible()
    names = box.locator(".wq-missing-names").inner_text()
    assert (
        names.startswith("还差：") and "订单号" in names and "写信日期" in names and "商品名称" not in names
    )
    assert page.evaluate("window.printed") == 0
    box.get_by_role("button", name="订单号").click()
    assert page.evaluate("document.activeElement.id") == "wq-field-order_no"
    page.get_by_role("button", name="仍然打印").click()
    assert page.evaluate("window.printed") == 1
    # downloads ask too; with every required field filled, nothing is asked
    page.evaluate("document.documentElement.classList.remove('wq-printing-letter')")
    page.get_by_role("button", name="下载 .txt").click()
    expect(box).to_be_visible()
    letter = catalog.letters["platform-complaint"]
    for f in letter.fields:
        control = page.locator(f"#wq-field-{f.name}")
        if f.required and control.is_visible() and not control.input_value():
            control.fill("填了")
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 .txt").click()
    assert info.value.suggested_filename == "platform-complaint.txt"
    assert not box.is_visible()


@pytest.mark.browser
def test_printed_letter_is_plain_black_without_spaces_around_values(phone):
    context, watch, server = phone
    page = open_letter(context, watch, server, "platform-complaint", "not-delivered")
    values = {
        "order_date": "2026年11月25日",
        "product": "王者荣耀点券卡",
        "order_no": "NO123",
        "amount": "95",
    }
    for name, value in values.items():
        page.locator(f"#wq-field-{name}").fill(value)
    stub_print(page)
    page.get_by_role("button", name="打印填好的信").click()
    page.get_by_role("button", name="仍然打印").click()
    page.emulate_media(media="print")
    styles = page.evaluate(
        """() => [...document.querySelectorAll('.wq-letter .wq-ph[data-filled]')].map(s => {
            const c = getComputedStyle(s), p = getComputedStyle(s.parentNode);
            return [c.color === p.color, c.backgroundColor, c.paddingLeft, c.paddingRight,
                    c.borderBottomStyle];
        })"""
    )
    assert styles and all(s == [True, "rgba(0, 0, 0, 0)", "0px", "0px", "none"] for s in styles), styles
    assert page.evaluate("getComputedStyle(document.querySelector('.wq-letter p')).color") == "rgb(0, 0, 0)"
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    sentence = "我于2026年11月25日在贵平台购买王者荣耀点券卡，订单号NO123，已付款95元。"
    assert sentence in text, text[:400]
    # the same sentence in the .txt and the .docx
    page.emulate_media(media="screen")
    for button, read in (
        ("下载 .txt", lambda path: pathlib.Path(path).read_text(encoding="utf-8-sig")),
        ("下载 Word (.docx)", lambda path: "\n".join(p.text for p in docx.Document(path).paragraphs)),
    ):
        page.get_by_role("button", name=button).click()
        with page.expect_download() as info:
            page.get_by_role("button", name="仍然下载").click()
        assert sentence in read(info.value.path()), button
