"""Search understands how readers talk (issue 22): a "how do I" question lists the guide first, a
question naming a document still finds the document, the police question has its own page, and
我的案件 and the toolkit index no longer answer problem queries through their form labels."""

from __future__ import annotations

import urllib.parse

import pytest

from helpers import open_page, search

pytestmark = [pytest.mark.browser, pytest.mark.build]

FIRST = {
    "12315怎么投诉": "guides/12315/",
    "怎么起诉": "guides/evidence-litigation/",
    "12315投诉的步骤": "guides/12315/",
    "起诉状怎么写": "toolkit/templates/civil-complaint/",  # names the document: the letter stays first
    "要不要报警": "guides/police/",
    "报警打110还是96110": "guides/police/",
}
# Problem queries that found 我的案件 or the toolkit index in their top 3 by its form labels and
# by-problem headings before those left the search index.
PROBLEMS = ["卡密无效", "卡盟跑路", "自动续费怎么取消", "代充被追回", "货不对板", "号被找回了", "卡盟不退钱"]
FORMS = {"toolkit/", "toolkit/case/"}


def page_of(href: str, base: str) -> str:
    return urllib.parse.urlsplit(href).path[len(urllib.parse.urlsplit(base).path) :]


def test_questions_list_the_guide_first(ctx):
    context, watch, base = ctx
    page = open_page(context, watch, base)
    firsts = {q: page_of(search(page, q)[0], base) for q in FIRST}
    assert firsts == FIRST


def test_form_labels_do_not_answer_problem_queries(ctx):
    context, watch, base = ctx
    page = open_page(context, watch, base)
    hits = {q: [page_of(h, base) for h in search(page, q)[:3]] for q in PROBLEMS}
    assert not {q: top for q, top in hits.items() if FORMS & set(top)}
