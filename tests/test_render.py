"""Renderer units: statute quotes, checklists, letters — and hostile text stays text."""

from __future__ import annotations

import datetime as dt
import json
import re

import lxml.html
import pytest

from helpers import plain_fill
from macros.loader import Catalog, Unknown
from macros.models import Checklist, Letter
from macros.render import Renderer, article_number, law_groups

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", '" onmouseover="x']
# titles, names and labels may not contain <>"& (validation); what they may contain still stays text
PLAIN_HOSTILE = "标题[x](javascript:alert(1)){ onfocus=alert(2) }"


@pytest.fixture()
def renderer(catalog):
    return Renderer(catalog, "https://example.test/")


def test_law_quote_is_verbatim_with_citation_and_source(renderer, catalog):
    view = renderer.view("scenarios/x/")
    for law in list(catalog.laws.values())[:40]:
        tree = lxml.html.fromstring(view.law(law.id))
        paras = [p.text_content() for p in tree.findall("p")]
        assert paras == law.paragraphs
        cite = tree.find(".//cite")
        assert cite.text_content() == law.citation
        # one page per law, named after the ids' common part: civil-code-20 -> reference/laws/civil-code/
        assert cite.find("a").get("href") == f"../../reference/laws/{law.id.rsplit('-', 1)[0]}/#{law.id}"
        # readers get the citation and the version as a sentence; the research copies stay in data/
        assert law.version_text in tree.text_content() and law.version not in tree.text_content()
        assert not [a for a in tree.iter("a") if "github" in (a.get("href") or "")]


def test_article_numbers_read_as_numbers():
    cases = {"第二条": 2, "第十条": 10, "第十九条": 19, "第二十条": 20, "第一百零八条": 108}
    cases |= {"第一百四十五条": 145, "第五百一十二条": 512, "第一千二百六十条": 1260}
    assert {a: article_number(a) for a in cases} == cases


def test_law_pages_hold_every_current_article_once_in_order(catalog):
    groups = law_groups(catalog)
    shown = [law.id for laws in groups.values() for law in laws]
    assert sorted(shown) == sorted(law.id for law in catalog.laws.values() if not law.repealed)
    for laws in groups.values():
        assert len({law.law for law in laws}) == 1
        numbers = [article_number(law.article) for law in laws]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    civil = [law.article for law in groups["civil-code"]]
    assert civil.index("第十九条") < civil.index("第一百四十五条") < civil.index("第五百一十二条")


def test_unknown_ids_raise(renderer):
    view = renderer.view("")
    for fn in (
        view.law,
        view.channel,
        lambda i: view.document("checklist", i),
        lambda i: view.document("letter", i),
    ):
        with pytest.raises(Unknown):
            fn("no-such-id")


def test_links_are_relative_to_the_page(renderer):
    assert renderer.link("reference/laws.md#a", "") == "reference/laws/#a"
    assert renderer.link("reference/laws.md#a", "guides/x/") == "../../reference/laws/#a"
    assert renderer.link("toolkit/index.md", "toolkit/checklists/e/") == "../../"
    assert renderer.link("index.md", "guides/x/") == "../../"
    assert renderer.link("downloads/e.pdf", "toolkit/checklists/e/") == "../../../downloads/e.pdf"
    assert renderer.link("toolkit/index.md", None) == "https://example.test/toolkit/"


def test_links_in_the_offline_build_point_at_html_files(catalog):
    r = Renderer(catalog, "", directory_urls=False)
    assert r.link("reference/laws.md#a", "guides/x.html") == "../reference/laws.html#a"
    assert r.link("toolkit/index.md", "toolkit/checklists/e.html") == "../index.html"
    assert r.link("index.md", "index.html") == "index.html"


def hostile_catalog(catalog) -> Catalog:
    checklist = Checklist.model_validate(
        {
            "id": "hostile",
            "title": PLAIN_HOSTILE,
            "description": PLAIN_HOSTILE,
            "purpose": HOSTILE[1],
            "reviewed": dt.date(2026, 11, 27),
            "sections": [
                {
                    "title": PLAIN_HOSTILE,
                    "items": [{"id": f"i{n}", "text": text, "why": text} for n, text in enumerate(HOSTILE)],
                }
            ],
        }
    )
    letter = Letter.model_validate(
        {
            "id": "hostile-t",
            "title": PLAIN_HOSTILE,
            "description": "d",
            "purpose": HOSTILE[1],
            "reviewed": dt.date(2026, 11, 27),
            "how_to_use": [HOSTILE[0]],
            "send": [HOSTILE[1]],
            "fields": [{"name": "x", "label": PLAIN_HOSTILE, "example": HOSTILE[0], "help": HOSTILE[1]}],
            "body": [
                {"kind": "paragraph", "text": HOSTILE[0] + "{x}" + HOSTILE[3]},
                {"kind": "list", "items": [HOSTILE[1]]},
            ],
        }
    )
    return Catalog(
        entries={
            "law": catalog.laws,
            "channel": catalog.channels,
            "checklist": {"hostile": checklist},
            "letter": {"hostile-t": letter},
            "scenario": {},
        }
    )


def test_hostile_text_is_rendered_as_text(catalog):
    view = Renderer(hostile_catalog(catalog)).view("")
    for html in (view.document("checklist", "hostile"), view.document("letter", "hostile-t")):
        tree = lxml.html.fromstring(f"<div>{html}</div>")
        assert not tree.xpath("//script")
        assert not tree.xpath("//img") and not tree.xpath("//*[@onerror or @onmouseover]")
        text = tree.text_content()
        assert HOSTILE[0] in text and HOSTILE[1] in text
    assert "{{7*7}}" in lxml.html.fromstring(view.document("checklist", "hostile")).text_content()
    # the fill-in form's JSON sits in an attribute and survives hostile text intact
    html = view.document("letter", "hostile-t")
    (block,) = lxml.html.fromstring(f"<div>{html}</div>").xpath("//*[@class='wq-form-data']")
    data = json.loads(block.get("data-form"))
    assert data["fields"][0]["example"] == HOSTILE[0] and data["fields"][0]["help"] == HOSTILE[1]
    assert HOSTILE[0] in data["lines"][0]["text"] and HOSTILE[3] in data["lines"][0]["text"]


def test_checklist_has_a_labelled_checkbox_per_item(renderer, catalog):
    for c in catalog.checklists.values():
        tree = lxml.html.fromstring(renderer.view("").document("checklist", c.id))
        boxes = tree.xpath("//input[@type='checkbox']")
        assert len(boxes) == len(c.items)
        for box in boxes:
            labels = tree.xpath(f"//label[@for='{box.get('id')}']")
            assert len(labels) == 1 and labels[0].text_content().strip()


def test_letter_placeholders(renderer, catalog):
    """The print view (what the blank PDF/Word are made from) holds every block and placeholder;
    the page holds the first problem's part only (test_letters checks its note to the others)."""
    for t in catalog.letters.values():
        html = renderer.view(None).document("letter", t.id)
        tree = lxml.html.fromstring(html)
        used = {span.get("data-field") for span in tree.xpath("//span[@class='wq-ph']")}
        assert used == {f.name for f in t.fields}
        for span in tree.xpath("//span[@class='wq-ph']"):
            assert span.text_content() == f"[{t.field(span.get('data-field')).label}]"
        letter_text = tree.xpath("//div[@data-wq-letter]")[0].text_content()
        for block in t.body:
            for text in block.texts():
                assert plain_fill(text, t) in letter_text


@pytest.mark.parametrize("title", ["证据清单<svg onload=alert(1)>", '引号"', "和&", "两行\n标题", "   "])
def test_titles_with_markup_or_line_breaks_are_refused(title):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Checklist.model_validate(
            {
                "id": "x",
                "title": title,
                "description": "d",
                "purpose": "p",
                "reviewed": dt.date(2026, 11, 27),
                "sections": [{"title": "s", "items": [{"id": "a", "text": "t"}]}],
            }
        )


# ------------------------------------------------------------------ statute versions for readers
def test_every_version_reads_as_a_chinese_sentence(catalog):
    """`version` stays as imported; readers get a sentence: full-width brackets and commas, Chinese
    dates, no research notes (gov.cn页面发布日期, 未修正, 未核实 …)."""
    for law in catalog.laws.values():
        text = law.version_text
        assert text.startswith("（") and text.endswith("）"), text
        assert not re.search(r"[^0-9\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text), text
        assert not re.search(r"页面|核实|未修正|发布日期|\d{4}-\d", text), text
        assert re.search(r"\d{4}年", text), text
    reg = next(law for law in catalog.laws.values() if law.short == "消保法实施条例")
    assert reg.version_text == "（2024年3月15日国务院令第778号公布，2024年7月1日起施行）"
    ecommerce = catalog.laws["ecommerce-20"]
    assert ecommerce.version_text == "（2018年8月31日通过，2019年1月1日起施行）"


def test_a_version_that_cannot_be_rendered_is_refused(catalog):
    from pydantic import ValidationError

    from macros.models import Law

    raw = catalog.laws["civil-code-19"].model_dump(exclude={"plain"})
    for bad in ("2020-05-28通过 see notes", "2020-05-28通过,2021-01-01施行;see gov.cn", "nothing"):
        with pytest.raises(ValidationError, match="does not render as a reader's sentence"):
            Law.model_validate({**raw, "version": bad})


def test_letters_quote_statutes_without_version(renderer, catalog):
    """A letter reads as a letter: its statute quotes carry the citation only (pages and PDF)."""
    for url in ("toolkit/templates/final-demand/", None):
        html = renderer.view(url).document("letter", "final-demand")
        letter = lxml.html.fromstring(html).xpath("//*[@data-wq-letter]")[0]
        assert letter.xpath(".//blockquote[contains(@class,'wq-law')]")
        assert not letter.xpath(".//*[contains(@class,'wq-law-version')]")
        assert "施行）" not in letter.text_content()


def test_blank_letter_marks_alternatives_and_one_problem_fields(renderer, catalog):
    letter = catalog.letters["civil-complaint"]
    tree = lxml.html.fromstring(renderer.view(None).document("letter", letter.id))
    text = tree.text_content()
    assert text.count("【按你的情况选一段】") == len(letter.variants)
    assert "如果你的问题是“客服说‘虚拟商品不退不换’”" in text  # no quotes straight inside quotes
    assert not re.search(r"“[^”]*“", text)
    row = tree.xpath("//tr[@data-field='child_age']/th")[0].text_content()
    assert "只在问题是“未成年人充值、买点卡”时填写" in row, row
    assert "只在" not in tree.xpath("//tr[@data-field='plaintiff_name']/th")[0].text_content()


def test_version_check_refuses_notes_and_half_width_prose(catalog):
    from macros import versioncheck

    versions = versioncheck.raw_versions(catalog)
    law = catalog.laws["ecommerce-20"]

    def problems(body: str) -> list[str]:
        tree = lxml.html.fromstring(f"<html><body><article>{body}</article></body></html>")
        return versioncheck.page_problems(tree, "p.html", versions)

    assert problems(f"<p>电子商务法{law.version_text}</p>") == []
    for bad in (law.version, "（gov.cn页面发布日期2024-03-19）", "施行(未修正)", "2019-01-01施行"):
        assert problems(f"<p>说明{bad}</p>"), bad
    assert problems("<p>网络消费纠纷规定(一)第二条</p>")
    # statute quotes stay as published (some copies use half-width brackets)
    assert problems('<blockquote class="wq-law"><p>本条第(二)项</p></blockquote>') == []
