"""Letters that argue the right point: one variant per problem, each citing the laws chosen for
that problem; optional paragraphs left out when unticked; filled outputs (.txt, print) carry the
letter only — no "不适用就删掉", no statute metadata. Data checks are fast; the browser checks run
in real Chromium at phone (390x844) and desktop width against the built site."""

from __future__ import annotations

import io
import json
import pathlib
import re

import docx
import pypdf
import pytest

from helpers import Watch, letter_data, refused_edit, squash
from macros.letter_text import letter_lines, variant_lines
from macros.models import Letter
from macros.render import form_data

PROBLEMS = [
    "not-delivered",
    "invalid-code",
    "topup-not-credited",
    "not-as-described",
    "refund-refused",
    "auto-renewal",
    "minor-recharge",
    "account-reclaimed",
    "platform-vanished",
    "topup-clawback",
]
TERMINATE = {"civil-code-563", "civil-code-566"}
UNDER_8 = {"civil-code-20", "civil-code-144", "civil-code-157"}  # 不满八周岁: void, what was paid goes back
# Every law each variant may cite (optional ones included). Changing a letter's argument means
# changing this table on purpose.
EXPECTED = {
    "platform-complaint": {
        "not-delivered": {"ecommerce-20", "civil-code-577"},
        "invalid-code": {"consumer-24", "civil-code-577", "consumer-reg-12"},
        "topup-not-credited": {"ecommerce-20", "ecommerce-62", "civil-code-577"},
        "not-as-described": {"ecommerce-17", "civil-code-577", "consumer-reg-12"},
        "refund-refused": {"consumer-26", "civil-code-577", "civil-code-497"},
        "auto-renewal": {"consumer-reg-10", "civil-code-496"},
        "minor-recharge": {"civil-code-19", "civil-code-145", *UNDER_8},
        "account-reclaimed": {"civil-code-577", "civil-code-563", "consumer-reg-12"},
        "platform-vanished": {"ecommerce-20", "consumer-53", "civil-code-577", "ecommerce-16"},
        "topup-clawback": {"civil-code-509", "civil-code-577"},
    },
    "final-demand": {
        "not-delivered": {"ecommerce-20", "civil-code-577", *TERMINATE},
        "invalid-code": {"consumer-24", "civil-code-577", *TERMINATE, "consumer-55"},
        "topup-not-credited": {"ecommerce-20", "ecommerce-62", "civil-code-577", *TERMINATE},
        "not-as-described": {"ecommerce-17", "civil-code-577", *TERMINATE, "consumer-55"},
        "refund-refused": {"consumer-26", "civil-code-577", "civil-code-497"},
        "auto-renewal": {"consumer-reg-10", "civil-code-496"},
        "minor-recharge": {"civil-code-19", "civil-code-145", *UNDER_8},
        "account-reclaimed": {"civil-code-577", *TERMINATE},
        "platform-vanished": {"ecommerce-20", "consumer-53", "civil-code-577", "ecommerce-16"},
        "topup-clawback": {"civil-code-509", "civil-code-577", "civil-code-584", *TERMINATE},
    },
    "complaint-12315": {
        "not-delivered": {"ecommerce-20", "civil-code-577"},
        "invalid-code": {"consumer-24", "civil-code-577", "consumer-reg-12"},
        "topup-not-credited": {"ecommerce-20", "ecommerce-62"},
        "not-as-described": {"consumer-20", "consumer-reg-12"},
        "refund-refused": {"consumer-26", "civil-code-577"},
        "auto-renewal": {"consumer-reg-10", "consumer-26"},
        "minor-recharge": {"civil-code-19", "civil-code-145", *UNDER_8, "consumer-reg-16"},
        "account-reclaimed": {"civil-code-577", "consumer-reg-12"},
        "platform-vanished": {"ecommerce-20", "consumer-53", "ecommerce-16"},
        "topup-clawback": {"civil-code-509", "civil-code-577"},
    },
    "civil-complaint": {
        "not-delivered": {"ecommerce-20", "civil-code-577", *TERMINATE},
        "invalid-code": {"consumer-24", "civil-code-577", *TERMINATE, "consumer-55"},
        "topup-not-credited": {"ecommerce-20", "ecommerce-62", "civil-code-577", *TERMINATE},
        "not-as-described": {"ecommerce-17", "civil-code-577", *TERMINATE, "consumer-55"},
        "refund-refused": {"civil-code-577", "civil-code-497", "consumer-26"},
        "auto-renewal": {"consumer-reg-10", "civil-code-496"},
        "minor-recharge": {"civil-code-19", "civil-code-145", *UNDER_8},
        "account-reclaimed": {"civil-code-577", *TERMINATE},
        "platform-vanished": {"ecommerce-20", "consumer-53", "civil-code-577", "ecommerce-16"},
        "topup-clawback": {"civil-code-509", "civil-code-577", "civil-code-584", *TERMINATE},
    },
    "payment-complaint": {
        "not-delivered": {"ecommerce-20", "civil-code-577"},
        "invalid-code": {"consumer-24", "civil-code-577"},
        "topup-not-credited": {"ecommerce-20", "ecommerce-62"},
        "not-as-described": {"consumer-20", "civil-code-577"},
        "refund-refused": {"consumer-26"},
        "auto-renewal": {"consumer-reg-10"},
        "minor-recharge": {"civil-code-19", "civil-code-145", *UNDER_8},
        "account-reclaimed": {"civil-code-577"},
        "platform-vanished": {"ecommerce-20", "consumer-53"},
        "topup-clawback": {"civil-code-509", "civil-code-577"},
    },
    "heimao-complaint": {
        "not-delivered": {"ecommerce-20"},
        "invalid-code": {"consumer-24"},
        "topup-not-credited": {"ecommerce-20", "ecommerce-62"},
        "not-as-described": {"consumer-20"},
        "refund-refused": {"consumer-26"},
        "auto-renewal": {"consumer-reg-10"},
        "minor-recharge": {"civil-code-19", "civil-code-145", "civil-code-144", "civil-code-157"},
        "account-reclaimed": {"civil-code-577"},
        "platform-vanished": {"ecommerce-20", "consumer-53"},
        "topup-clawback": {"civil-code-509", "civil-code-577"},
    },
}
# laws that argue a problem other than the reader's: never in these problems' letters
NEVER = {
    "invalid-code": {"ecommerce-20"},  # delivery deadlines: the code was delivered, it does not work
    "minor-recharge": {"ecommerce-20", "civil-code-577", "consumer-55"},  # no valid contract to breach
    "auto-renewal": {"ecommerce-20"},
    "account-reclaimed": {"ecommerce-20"},
}


def cited(lines: list[dict], include_unticked: bool = True) -> set[str]:
    """Citations of the filled letter (guides left out), as '《…》第N条' strings."""
    return {
        line["cite"]
        for line in lines
        if line["kind"] == "law" and not line["guide"] and (include_unticked or not line["opt"] or line["on"])
    }


def filled_lines(letter, cat, problem: str) -> list[dict]:
    variant = next(v for v in variant_lines(letter, cat) if v["problem"] == problem)
    out = []
    for line in letter_lines(letter, cat):
        out.extend(variant["lines"] if line["kind"] == "variant" else [line])
    return out


# ------------------------------------------------------------------ data (fast)
def test_every_problem_letter_has_a_variant_per_scenario(catalog):
    assert sorted(PROBLEMS) == sorted(catalog.scenarios)
    for letter_id in EXPECTED:
        letter = catalog.letters[letter_id]
        assert [v.problem for v in letter.variants] == PROBLEMS, letter_id


@pytest.mark.parametrize("letter_id", sorted(EXPECTED))
def test_variant_citations_match_the_table(catalog, letter_id):
    letter = catalog.letters[letter_id]
    for variant in letter.variants:
        laws = {b.law for b in variant.body if b.kind == "law"}
        assert laws == EXPECTED[letter_id][variant.problem], (letter_id, variant.problem)


@pytest.mark.parametrize("letter_id", sorted(EXPECTED))
def test_filled_letter_never_argues_another_problem(catalog, letter_id):
    """The whole letter a reader gets for a problem (common text + its variant, every optional
    part ticked) cites none of the laws that argue another problem."""
    letter = catalog.letters[letter_id]
    for problem, banned in NEVER.items():
        cites = cited(filled_lines(letter, catalog, problem))
        for law_id in banned:
            assert catalog.laws[law_id].citation not in cites, (letter_id, problem, law_id)
    assert catalog.laws["ecommerce-20"].citation in cited(filled_lines(letter, catalog, "not-delivered"))


# What each problem's facts and argument say (the theory a variant argues), as words only that
# problem's text uses. A variant's own paragraphs (guides left out) never carry another problem's
# words: a mis-described item may work, so "无法正常使用" (the invalid-code theory) has no place in
# the not-as-described variant; its fraud is a false statement or concealment.
THEORY = {
    "invalid-code": r"无法正常(兑换|使用)|卡密已被?使用",
    "not-as-described": r"说明不一致|不符合其商品说明|虚假说明|隐瞒",
    "minor-recharge": r"未成年|追认|周岁|监护",
    "auto-renewal": r"自动续费",
    "account-reclaimed": r"找回|冻结",
    "platform-vanished": r"关站|预存|预收款|预付款|停止服务",
    "topup-clawback": r"扣回",
    "topup-not-credited": r"充值凭证|没有到账|未到账|充值没有",
    "refund-refused": r"不退不换|无理由退货",
}


def variant_prose(variant) -> str:
    return "".join(t for b in variant.body if not b.is_guide and b.kind != "law" for t in b.texts())


@pytest.mark.parametrize("letter_id", sorted(EXPECTED))
def test_no_variant_argues_another_problems_theory(catalog, letter_id):
    for variant in catalog.letters[letter_id].variants:
        text = variant_prose(variant)
        own = THEORY.get(variant.problem)
        assert text and (own is None or re.search(own, text)), (letter_id, variant.problem)
        for problem, words in THEORY.items():
            found = re.search(words, text) if problem != variant.problem else None
            assert not found, (letter_id, variant.problem, f"argues {problem}: {found and found.group(0)}")


def minors_parts(catalog) -> dict[str, list]:
    """Every minors' text: each letter's minor-recharge variant, and the minor-refund letter."""
    parts = {
        letter.id: list(v.body)
        for letter in catalog.letters.values()
        for v in letter.variants
        if v.problem == "minor-recharge"
    }
    parts["minor-refund"] = list(catalog.letters["minor-refund"].body)
    return parts


def test_every_minors_text_has_the_under_8_rule_and_promises_no_full_refund(catalog):
    """Under 8: the child's own purchase is void (民法典第一百四十四条) and what was paid goes back
    (第一百五十七条); "与年龄、智力相适应" is for 8 and over only; a court may weigh the parents' own
    fault, so no letter promises a full refund, and a guide says so."""
    parts = minors_parts(catalog)
    assert len(parts) >= 7
    for letter_id, blocks in parts.items():
        under_8 = [b for b in blocks if b.group == "under-8"]
        assert {b.law for b in under_8 if b.kind == "law"} >= {"civil-code-144", "civil-code-157"}, letter_id
        assert all(b.optional and not b.checked for b in under_8), letter_id
        prose = [t for b in under_8 if b.kind == "paragraph" for t in b.texts()]
        assert prose and all("不满八周岁" in t and "无效" in t and "返还" in t for t in prose), letter_id
        for b in blocks:
            for t in b.texts():
                if "相适应" in t and not b.is_guide:
                    assert "已满八周岁" in t or "八周岁以上" in t, (letter_id, t)
                if not b.is_guide:
                    assert not re.search(r"全额|全部退", t), (letter_id, t)
        guides = "".join(t for b in blocks if b.is_guide for t in b.texts())
        guides += "".join(catalog.letters[letter_id].how_to_use)
        assert "不满八周岁" in guides and "不一定能全额退回" in guides, letter_id


def test_game_service_paragraph_is_off_by_default_and_labelled(catalog):
    for letter_id, blocks in minors_parts(catalog).items():
        game = [b for b in blocks if b.group == "game"]
        assert all(not b.checked for b in game), letter_id
    body = catalog.letters["minor-refund"].body
    at = next(n for n, b in enumerate(body) if b.group == "game")
    assert body[at - 1].is_guide and "运营这款游戏" in body[at - 1].text


def test_published_letters_receive_no_order_or_private_fields(catalog):
    """黑猫投诉 is public: its letter asks for no order or transaction number, the case file maps no
    private or unpublishable field into it, and the browser is told so (private in its JSON)."""
    case = catalog.case
    fields = case.fields
    assert case.public_letters == ["heimao-complaint"]
    assert not fields["order_no"].public
    for letter_id in case.public_letters:
        letter = catalog.letters[letter_id]
        names = {f.name for f in letter.fields}
        assert not names & {"order_no", "trade_no", "account_id", "payments"}, names
        assert not [n for n in names if n in fields and not fields[n].publishable]
        for name, target in case.letters.get(letter_id, {}).items():
            assert fields[target].publishable, (letter_id, name, target)
        text = json.dumps(letter.model_dump(mode="json"), ensure_ascii=False)
        assert "订单号 {" not in text and "{order_no}" not in text
        assert "屏幕共享" in " ".join(letter.how_to_use)
    browser = json.loads(case.browser_json())["fields"]
    assert browser["order_no"]["private"] and browser["my_name"]["private"]
    assert not browser["amount_paid"]["private"]


def test_minor_refund_letter(catalog):
    letter = catalog.letters["minor-refund"]
    laws = {b.law for b in letter.body if b.kind == "law"}
    assert {"civil-code-19", "civil-code-145", *UNDER_8} <= laws
    assert "ecommerce-20" not in laws and not letter.variants
    under_8 = [b for b in letter.body if b.group == "under-8"]
    assert under_8 and all(b.optional and not b.checked for b in under_8)


def test_no_delete_if_not_applicable_in_letter_data(catalog):
    for letter in catalog.letters.values():
        text = json.dumps(letter.model_dump(mode="json"), ensure_ascii=False)
        assert "不适用就删掉" not in text, letter.id


def test_civil_complaint_is_filled_in_steps(catalog):
    letter = catalog.letters["civil-complaint"]
    assert letter.steps == ["原告", "被告", "诉讼请求", "事实与理由", "证据和落款"]
    assert all(f.step for f in letter.fields)


def _letter(**changes) -> dict:
    raw = {
        "id": "x",
        "title": "标题",
        "description": "说明",
        "purpose": "目的",
        "reviewed": "2026-11-27",
        "how_to_use": ["用法"],
        "send": ["发送"],
        "fields": [{"name": "a", "label": "甲", "example": "例"}],
        "body": [{"kind": "paragraph", "text": "{a}"}, {"kind": "variant"}],
        "variants": [{"problem": "not-delivered", "body": [{"kind": "paragraph", "text": "事实"}]}],
    }
    raw.update(changes)
    return raw


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"variants": []}, "marker needs `variants`"),
        ({"body": [{"kind": "paragraph", "text": "{a}"}]}, "exactly one `kind: variant` marker"),
        ({"body": [{"kind": "paragraph", "text": "{a}", "checked": False}]}, "optional blocks only"),
        (
            {
                "fields": [
                    {"name": "a", "label": "甲", "example": "例", "step": "一"},
                    {"name": "b", "label": "乙", "example": "例"},
                ],
                "body": [{"kind": "paragraph", "text": "{a}{b}"}, {"kind": "variant"}],
            },
            "every field a `step` or none",
        ),
        (
            {"variants": [{"problem": "not-delivered", "body": [{"kind": "paragraph", "text": "{zz}"}]}]},
            "variants[0].body[0]: placeholder {zz}",
        ),
    ],
)
def test_letter_model_refuses_bad_variants(changes, message):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as err:
        Letter.model_validate(_letter(**changes))
    assert message in str(err.value)


@pytest.mark.parametrize(
    "old, new, expect",
    [
        (
            "  - problem: auto-renewal\n",
            "  - problem: no-such-problem\n",
            "field 'variants[5].problem': unknown scenario id 'no-such-problem'",
        ),
        (
            "        law: consumer-reg-10\n",
            "        law: no-such-law\n",
            "field 'variants[5].body[1].law': unknown law id 'no-such-law'",
        ),
    ],
)
def test_loader_names_a_variant_with_an_unknown_scenario_or_law(tmp_path, old, new, expect):
    err, _, _ = refused_edit(tmp_path, "letters/platform-complaint.yml", old, new)
    lines = [p for p in str(err).splitlines() if expect in p]
    assert lines and "data/letters/platform-complaint.yml: entry 'platform-complaint'" in lines[0], str(err)


# ------------------------------------------------------------------ browser
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
# In-app browsers (WeChat…): tests/test_inapp.py


@pytest.fixture(params=list(VIEWPORTS))
def letter_ctx(request, browser, server):
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="zh-CN",
        accept_downloads=True,
        is_mobile=width < 500,
    )
    watch = Watch(context, server)
    yield context, watch, server
    context.close()
    assert watch.dialogs == [] and watch.offsite == []


def open_letter(context, watch, base, letter_id, problem=None):
    page = watch.page(context)
    page.goto(
        base + f"toolkit/templates/{letter_id}/" + (f"?problem={problem}" if problem else ""),
        wait_until="networkidle",
    )
    page.wait_for_selector(".wq-template .wq-form")
    return page


def fill_visible(page, data) -> dict:
    typed = {}
    for n, f in enumerate(data["fields"]):
        box = page.locator(f"#wq-field-{f['name']}")
        if box.is_visible():
            typed[f["name"]] = f"填{n}号{f['name']}"
            box.fill(typed[f["name"]])
    return typed


def metadata(catalog) -> list[str]:
    """Statute metadata that must not reach a filled letter: versions and official-text sources."""
    out = {law.version for law in catalog.laws.values()}
    out |= {"来源", "最后审核", "http://", "https://", "国家法律法规数据库", "不适用"}
    return sorted(out)


@pytest.mark.browser
def test_problem_in_the_url_is_preselected(letter_ctx):
    context, watch, base = letter_ctx
    page = open_letter(context, watch, base, "final-demand", "invalid-code")
    assert page.locator("#wq-problem").input_value() == "invalid-code"
    assert page.get_by_label("你遇到的问题").is_visible()
    text = page.locator(".wq-letter").inner_text()
    assert "第二十四条" in text and "《中华人民共和国电子商务法》第二十条" not in text
    page.select_option("#wq-problem", "not-delivered")
    assert "《中华人民共和国电子商务法》第二十条" in page.locator(".wq-letter").inner_text()
    # a problem of another page or none at all: the first problem
    page = open_letter(context, watch, base, "final-demand", "no-such-problem")
    assert page.locator("#wq-problem").input_value() == PROBLEMS[0]


def test_scenario_first_step_links_carry_the_problem(pages):
    html = pages["scenarios/invalid-code/index.html"]
    assert "templates/platform-complaint/?problem=invalid-code" in html


@pytest.mark.browser
def test_the_script_reads_every_letters_whole_form_data(letter_ctx, catalog):
    """The page ships the form data without its default keys (render.form_data, slim); what the
    script works with is the whole of it, for every letter (wq-letters.js puts the defaults back)."""
    context, watch, base = letter_ctx
    for letter in catalog.letters.values():
        page = open_letter(context, watch, base, letter.id)
        assert letter_data(page) == form_data(letter, catalog), letter.id
        page.close()


@pytest.mark.browser
def test_filled_txt_has_the_letter_only(letter_ctx, catalog):
    context, watch, base = letter_ctx
    page = open_letter(context, watch, base, "platform-complaint", "invalid-code")
    data = letter_data(page)
    typed = fill_visible(page, data)
    assert "child_age" not in typed  # a field of another problem is hidden
    page.locator("input[data-opt='promise']").uncheck()  # leave out an optional part
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 .txt").click()
    text = pathlib.Path(info.value.path()).read_text(encoding="utf-8-sig")
    for value in typed.values():
        assert value in text
    for bad in metadata(catalog):
        assert bad not in text, bad
    assert "《中华人民共和国消费者权益保护法》第二十四条：“" in text
    assert catalog.laws["consumer-reg-12"].citation not in text  # unticked
    assert catalog.laws["ecommerce-20"].citation not in text
    assert "包括这一段" not in text and "[" not in text


@pytest.mark.browser
def test_print_of_the_filled_letter(letter_ctx, catalog):
    context, watch, base = letter_ctx
    page = open_letter(context, watch, base, "complaint-12315", "invalid-code")
    data = letter_data(page)
    typed = fill_visible(page, data)
    page.evaluate("window.print = function () {}")
    page.get_by_role("button", name="打印填好的信").click()
    # print() is stubbed, so no afterprint: the letter-only print view stays on for page.pdf()
    assert page.evaluate("document.documentElement.classList.contains('wq-printing-letter')")
    page.emulate_media(media="print")
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    texts = [squash(p.extract_text()) for p in reader.pages]
    whole = "".join(texts)
    for value in typed.values():
        assert squash(value) in whole
    for bad in metadata(catalog):
        assert squash(bad) not in whole, bad
    assert "第十条" not in whole  # advice for the reader (a guide block) is not printed
    for n, text in enumerate(texts, 1):
        assert f"第{n}页，共{len(texts)}页" in text
        assert re.search(r"打印日期\d{4}年\d{1,2}月\d{1,2}日", text)


@pytest.mark.browser
def test_long_form_in_steps_and_blank_template_below(letter_ctx):
    context, watch, base = letter_ctx
    page = open_letter(context, watch, base, "civil-complaint", "not-delivered")
    assert page.locator(".wq-step-title").inner_text() == "第 1 步，共 5 步：原告"
    assert page.locator("#wq-field-plaintiff_name").is_visible()
    assert not page.locator("#wq-field-amount").is_visible()
    page.get_by_role("button", name="下一步").click()
    assert page.locator("#wq-field-defendant_name").is_visible()
    page.get_by_role("button", name="下一步").click()
    assert (
        page.locator("#wq-field-amount").is_visible()
        and not page.locator("#wq-field-plaintiff_name").is_visible()
    )
    page.locator("#wq-field-amount").fill("88")
    page.locator(".wq-preview-fold > summary").click()  # a long form's letter is folded below it
    assert "88" in page.locator(".wq-letter").inner_text()
    # order on the page: form, then the letter, then the blank template's downloads
    order = page.evaluate(
        """() => ['.wq-form', '.wq-letter-block', '.wq-downloads'].map(
            s => document.querySelector(s).getBoundingClientRect().top + window.scrollY)"""
    )
    assert order == sorted(order), order
    buttons = page.locator(".wq-downloads a")
    assert buttons.count() >= 1 and all("空白模板" in t for t in buttons.all_inner_texts())


@pytest.mark.browser
def test_docx_button_and_current(letter_ctx, catalog):
    context, watch, base = letter_ctx
    page = open_letter(context, watch, base, "final-demand", "invalid-code")
    page.locator("#wq-field-order_no").fill("NO-123")
    current = page.evaluate("wq.letters.current(document.querySelector('.wq-template'))")
    assert current["id"] == "final-demand" and current["problem"] == "invalid-code"
    assert current["values"]["order_no"] == "NO-123"
    kinds = {line["kind"] for line in current["lines"]}
    assert kinds <= {"heading", "paragraph", "item", "note"}
    assert any("NO-123" in line["text"] for line in current["lines"])
    page.get_by_role("button", name="下载 Word (.docx)").click()
    with page.expect_download() as info:  # the fields still empty were named first
        page.get_by_role("button", name="仍然下载").click()
    assert info.value.suggested_filename == "final-demand.docx"
    document = docx.Document(info.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "NO-123" in text and catalog.laws["consumer-24"].citation in text
    for bad in metadata(catalog):
        assert bad not in text, bad
    assert catalog.laws["ecommerce-20"].citation not in text


@pytest.mark.browser
def test_without_scripts_the_first_problem_and_the_way_to_the_others(browser, server, catalog):
    """Readers without scripts see the first problem's part and are told where every other
    problem's part is (the blank PDF/Word below, each marked 按你的情况选一段); the page does not
    carry every problem's part twice (the letter script has them all in its data). With scripts on,
    the letter shows only the reader's problem."""
    letter = catalog.letters["platform-complaint"]
    assert len(letter.variants) >= 2
    url = server + "toolkit/templates/platform-complaint/"
    notes = "如果你的问题是"
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(url)
    text = page.locator(".wq-letter").inner_text()
    assert text.count(notes) == 1, text.count(notes)
    assert "其他问题的写法" in text and "空白模板" in text
    blank = page.locator(".wq-template a[href$='.pdf'], .wq-template a[href$='.docx']")
    assert blank.count() >= 2, "the blank PDF and Word files the note points to"
    context.close()
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(url + "?problem=invalid-code", wait_until="networkidle")
    page.wait_for_selector(".wq-template .wq-form")
    text = page.locator(".wq-letter").inner_text()
    context.close()
    assert notes not in text and "第二十四条" in text


def test_wording_the_review_corrected(catalog):
    """Suing defeats a 12315 complaint (办法第十六条第（二）项): letters say 起诉 或者 投诉, never both at
    once; 12315's seven working days run from receipt by the office with authority (第十五条);
    民法典第一百九十五条 restarts the period from the interruption or the end of the proceedings."""
    for letter in catalog.letters.values():
        text = json.dumps(letter.model_dump(mode="json"), ensure_ascii=False)
        assert not re.search(r"起诉[^。；]{0,12}同时[^。；]{0,12}投诉", text), letter.id
    fields = catalog.case.fields
    assert "有处理权限" in fields["complaint_date"].help and "第十五条" in fields["complaint_date"].help
    assert "普通周末不顺延" in fields["accepted_date"].help
    plain = catalog.laws["civil-code-195"].plain
    assert "中断" in plain and "有关程序终结" in plain
    heading = [b.text for b in catalog.letters["civil-complaint"].body if b.kind == "heading"]
    assert "民事起诉状" in heading and not [h for h in heading if "买卖合同" in h]
