"""Long pages open with their map (macros/page_maps.py): what the page answers, its sections, and on
the guides a reader acts on a 先做这几件事 box. Unit tests of the map, a bad front matter build, and
every built page measured in Chromium at 390x844."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import types

import pytest
import yaml

from helpers import ARGS, CHROMIUM, PHONE, ROOT, build, copy_project  # noqa: F401
from macros import page_maps
from macros.state import PageError

SCREENS = 8
ACTED_ON = ["guides/12315/", "guides/evidence-litigation/", "guides/costs-enforcement/"]
# Letter pages open with their form (issue 22 item 1): they never get a map, and are measured by
# the letter tests instead.
LETTERS = "toolkit/templates/"


class FakeFile:
    def __init__(self, src_uri: str):
        self.src_uri = src_uri

    def url_relative_to(self, other) -> str:
        return "../" + self.src_uri.removesuffix(".md") + "/"


class FakeFiles:
    def __init__(self, *paths: str):
        self.paths = set(paths)

    def get_file_from_path(self, path: str):
        return FakeFile(path) if path in self.paths else None


def fake_page(src: str, **meta) -> types.SimpleNamespace:
    base = {"title": "标题", "description": "这一页回答什么问题。", "reviewed": dt.date(2026, 11, 27)}
    return types.SimpleNamespace(file=FakeFile(src), meta={**base, **meta})


def long_html(sections: int = 5) -> str:
    link = '<a class="headerlink" href="#s{n}">¶</a>'
    text = "字" * 1200
    body = "".join(f'<h2 id="s{n}">第{n}节{link.format(n=n)}</h2><p>{text}</p>' for n in range(sections))
    return f'<h1 id="t">标题</h1>\n<p>开头。</p>{body}<h2 id="sources">来源与审核</h2>'


def test_a_long_page_gets_its_sections_under_the_title():
    out = page_maps.add(long_html(), fake_page("guides/x.md"), FakeFiles())
    head, _, rest = out.partition("</h1>")
    assert rest.lstrip().startswith('<div class="wq-map-top">')
    nav = re.search(r"<nav[^>]*>.*?</nav>", rest, re.S).group(0)
    assert "data-search-exclude" in nav
    assert re.findall(r'href="#([^"]+)"', nav) == [f"s{n}" for n in range(5)]  # not 来源与审核
    assert ">第0节</a>" in nav and "¶" not in nav
    assert '<p class="wq-summary">这一页回答什么问题。</p>' in rest


def test_a_checklist_keeps_its_key_items_first():
    keys = '<section class="wq-section wq-key-items"><h2 id="k">最重要的几项</h2><p>勾</p></section>'
    html = long_html().replace("<p>开头。</p>", keys)
    out = page_maps.add(html, fake_page("toolkit/checklists/x.md"), FakeFiles())
    assert out.index("</section>") < out.index('<div class="wq-map-top">') < out.index('<h2 id="s0">')
    assert "wq-summary" not in out


def test_short_pages_and_letter_pages_get_no_map():
    short = '<h1 id="t">标题</h1><h2 id="a">一</h2><p>短。</p><h2 id="b">二</h2><h2 id="c">三</h2>'
    assert page_maps.add(short, fake_page("guides/x.md"), FakeFiles()) == short
    html = long_html()
    assert page_maps.add(html, fake_page("toolkit/templates/x.md"), FakeFiles()) == html


def test_headings_without_an_id_get_one_and_titles_stay_escaped():
    html = long_html().replace('<h2 id="s1">第1节', "<h2>A &amp; &lt;b&gt;")
    out = page_maps.add(html, fake_page("guides/x.md"), FakeFiles())
    assert '<h2 id="wq-part-2">' in out
    assert '<a href="#wq-part-2">A &amp; &lt;b&gt;</a>' in out


def test_a_summary_with_markup_fails_in_one_line():
    message = "docs/guides/x.md: front matter: 'summary' must be one line"
    with pytest.raises(PageError, match=re.escape(message)):
        page_maps.add(long_html(), fake_page("guides/x.md", summary="A <b>"), FakeFiles())


def test_first_steps_link_to_pages_and_anchors():
    page = fake_page(
        "guides/x.md",
        first_steps=[{"text": "查清经营者", "link": "find-operator.md"}, {"text": "留证据", "link": "#证据"}],
    )
    out = page_maps.add('<h1 id="t">标题</h1><p>短。</p>', page, FakeFiles("guides/find-operator.md"))
    box = re.search(r'<section class="wq-first[^"]*".*?</section>', out, re.S).group(0)
    assert ">先做这几件事</h2>" in box
    assert re.findall(r'href="([^"]+)"', box) == ["../guides/find-operator/", "#证据"]
    assert "wq-map" not in out.replace("wq-map-top", "")  # a short page: the box, no section list


@pytest.mark.parametrize(
    "steps, message",
    [
        ([{"text": "去看看", "link": "nowhere.md"}], "first_steps[0].link 'nowhere.md': no such page"),
        ([{"text": "去看看", "link": "https://example.com/"}], "is not a .md page of this site"),
        ([{"text": "去看看", "link": "javascript:alert(1)"}], "is not a .md page of this site"),
        ([{"text": "去看看"}], "first_steps[0] needs exactly `text` and `link`"),
        ([{"text": "a\nb", "link": "#x"}], "first_steps[0].text"),
        ("查清经营者", "first_steps must be a list"),
    ],
)
def test_bad_first_steps_name_the_page(steps, message):
    with pytest.raises(PageError, match=re.escape(message)) as err:
        page_maps.add("<h1>t</h1>", fake_page("guides/x.md", first_steps=steps), FakeFiles())
    assert str(err.value).startswith("docs/guides/x.md: ")


def test_the_three_guides_declare_their_first_steps():
    for path in ACTED_ON:
        text = (ROOT / "docs" / (path.rstrip("/") + ".md")).read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---")[1])
        assert 2 <= len(meta["first_steps"]) <= page_maps.MAX_STEPS, path


@pytest.mark.build
def test_a_broken_first_step_fails_the_build_in_one_line(tmp_path):
    config = copy_project(tmp_path / "project")
    guide = tmp_path / "project" / "docs" / "guides" / "12315.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("link: find-operator.md", "link: find-operater.md", 1), encoding="utf-8")
    proc = build(tmp_path / "site", config=config, env={"WQ_DOWNLOADS": "false"})
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "docs/guides/12315.md: front matter: first_steps[0].link 'find-operater.md': no such page" in out
    assert "Traceback" not in out


# ------------------------------------------------------------------ every page, in Chromium
def all_pages(site: pathlib.Path) -> list[str]:
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "assets" not in p.parts
    )


MEASURE = """() => {
  const h1 = document.querySelector('.md-content h1');
  const keys = document.querySelector('.md-content .wq-key-items');  // a checklist: its key items first
  const next = (keys || h1) && (keys || h1).nextElementSibling;
  const top = next && next.classList.contains('wq-map-top') ? next : null;
  const map = top && top.querySelector('nav.wq-map');
  const box = top && top.querySelector('.wq-first-guide');
  const ids = map ? [...map.querySelectorAll('a')].map(a => decodeURIComponent(a.hash.slice(1))) : [];
  return {
    height: document.documentElement.scrollHeight,
    map: !!map,
    missing: ids.filter(id => !document.getElementById(id)),
    sections: ids.length,
    box: box ? box.getBoundingClientRect().top : null,
    boxSteps: box ? box.querySelectorAll('li a').length : 0,
  };
}"""


@pytest.mark.browser
def test_every_long_page_starts_with_its_section_list(browser, server, site):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    long_pages, report = [], {}
    for path in all_pages(site):
        page.goto(server + path, wait_until="load")
        got = page.evaluate(MEASURE)
        report[path] = got
        if got["height"] > SCREENS * PHONE["height"] and not path.startswith(LETTERS):
            long_pages.append(path)
    context.close()
    assert {"guides/laws/", "reference/channels/", "guides/12315/", "guides/evidence-litigation/"} <= set(
        long_pages
    )
    least = page_maps.MIN_SECTIONS
    without = [p for p in long_pages if not report[p]["map"] or report[p]["sections"] < least]
    assert not without, f"over {SCREENS} screens without a section list right under the title: {without}"
    broken = {p: r["missing"] for p, r in report.items() if r["missing"]}
    assert not broken, f"section links to no element: {broken}"
    for path in ACTED_ON:
        r = report[path]
        assert r["boxSteps"] >= 2 and r["box"] is not None and r["box"] < PHONE["height"], (path, r)
