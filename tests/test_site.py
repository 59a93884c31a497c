"""Inspect the real built site: pages, search index, statute quotes, links, sources, no off-site assets."""

from __future__ import annotations

import json
import posixpath
import re

import jinja2
import lxml.html
import pytest

from helpers import ROOT, build, squash
from macros import readercheck
from macros.linkcheck import check_links
from macros.models import ref_ids

SCENARIO_BLOCKS = ["现在就做", "要保存的证据", "升级路径", "期限", "相关法律", "可用模板"]


def tree(html: str):
    return lxml.html.fromstring(html)


def test_every_page_has_description_and_sources_section(pages):
    assert len(pages) >= 20
    for rel, html in pages.items():
        t = tree(html)
        desc = t.xpath("//meta[@name='description']/@content")
        assert desc and desc[0].strip(), f"{rel}: no description"
        assert t.xpath("//h2[@id='sources']"), f"{rel}: no 来源与审核 section"
        reviewed = t.xpath("//p[@class='wq-reviewed']/time/@datetime")
        assert reviewed and re.fullmatch(r"\d{4}-\d{2}-\d{2}", reviewed[0]), rel
        assert "STUB" not in html and "TODO" not in html and "lorem" not in html.lower(), rel


def test_markdown_pages_have_front_matter_and_parse_as_jinja():
    env = jinja2.Environment()
    for md in sorted((ROOT / "docs").rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        assert text.startswith("---\n"), f"{md}: no front matter"
        front = text.split("---\n", 2)[1]
        for key in ("title:", "description:", "reviewed:"):
            assert key in front, f"{md}: front matter lacks {key}"
        env.parse(text)  # raises TemplateSyntaxError with the line number


def test_search_index_is_segmented_and_utf8(site):
    raw = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "\u200b" in raw, "jieba segmentation missing: Chinese search would find nothing"
    assert not re.search(r"\\u[4-9][0-9a-f]{3}", raw), "search index is ASCII-escaped"
    assert "卡密" in raw
    data = json.loads(raw)
    assert data["config"]["lang"] == ["zh"]
    assert "\\u200b" in data["config"]["separator"]  # the regex escape, as Material's zh separator has it
    assert any("12315" in d["text"] for d in data["docs"])


def test_letter_bodies_stay_out_of_the_search_index(site):
    """A letter page is found by its title and how-to; the letter text itself (ten problem variants
    per letter, a fifth of the index) only slowed the search worker's index build down."""
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    letters = [d for d in data["docs"] if d["location"].startswith("toolkit/templates/") and d["text"]]
    assert letters
    text = " ".join(d["text"] for d in letters).replace("\u200b", "")
    assert "怎么用" in text or "先选" in text  # the how-to is still there
    for phrase in ("贵平台", "此致", "如果你的问题是"):  # only in the letter bodies
        assert phrase not in text, phrase


def test_unicode_heading_anchors(pages):
    html = pages["scenarios/not-delivered/index.html"]
    for block in SCENARIO_BLOCKS:
        assert f'id="{block}"' in html


def test_every_scenario_page_has_all_six_blocks_in_order(pages, catalog):
    for sc in catalog.scenarios.values():
        html = pages[sc.page[:-3] + "/index.html"]
        ids = tree(html).xpath("//article//h2/@id")
        found = [i for i in ids if i in SCENARIO_BLOCKS]
        assert found == SCENARIO_BLOCKS, f"{sc.page}: blocks {found}"


def test_every_law_quote_equals_its_data_text(pages, catalog):
    count = 0
    for rel, html in pages.items():
        for quote in tree(html).xpath("//blockquote[contains(@class,'wq-law')]"):
            law = catalog.laws[quote.get("data-law")]
            paras = [p.text_content() for p in quote.findall("p")]
            assert "\n".join(paras) == "\n".join(law.paragraphs), f"{rel}: {law.id} differs"
            count += 1
    assert count >= len([law for law in catalog.laws.values() if not law.repealed])


def test_each_law_has_a_short_page_and_every_article_an_anchor_on_the_index(pages, catalog):
    """reference/laws/<slug>/ quotes one law's articles under headings with their ids; the index
    reference/laws/ links each article id onward (old addresses keep working), and lists the law
    pages in the nav. Short pages keep phones fast (one page of every article had ~3,200 nodes)."""
    index = tree(pages["reference/laws/index.html"])
    nav = index.xpath("//nav[contains(@class,'md-nav--primary')]//a/@href")
    current = [law for law in catalog.laws.values() if not law.repealed]
    for law in current:
        slug = law.id.rsplit("-", 1)[0]
        page = tree(pages[f"reference/laws/{slug}/index.html"])
        assert page.xpath(f"//h2[@id='{law.id}']/following-sibling::blockquote[1]/@data-law") == [law.id]
        assert index.xpath(f"//li[@id='{law.id}']/a/@href") == [f"{slug}/#{law.id}"]
        assert f"{slug}/" in nav, f"{slug}: law page not in the nav"
    for rel, html in pages.items():
        if rel.startswith("reference/laws/") and rel != "reference/laws/index.html":
            t = tree(html)
            quoted = t.xpath("//blockquote[contains(@class,'wq-law')]/@data-law")
            assert quoted and len({catalog.laws[i].law for i in quoted}) == 1, rel
            assert len(t.xpath("//*")) < 1500, f"{rel}: {len(t.xpath('//*'))} elements"
    assert len(index.xpath("//*")) < 1500


def test_every_scenario_page_quotes_its_laws(pages, catalog):
    """Each statute a scenario relies on is quoted on its page (not only linked)."""
    for sc in catalog.scenarios.values():
        quoted = tree(pages[sc.page[:-3] + "/index.html"]).xpath(
            "//blockquote[contains(@class,'wq-law')]/@data-law"
        )
        missing = [law for law in ref_ids(sc, "law") if law not in quoted]
        assert not missing, f"{sc.page}: statutes not quoted: {missing}"


def test_checklist_pages_show_every_item_and_why(pages, catalog):
    for c in catalog.checklists.values():
        article = tree(pages[f"toolkit/checklists/{c.id}/index.html"]).xpath("//article")[0]
        text = squash(article.text_content())
        for item in c.items:
            assert squash(item.text) in text, f"{c.id}: item {item.id} missing"
            if item.why:
                assert squash("为什么：" + item.why) in text, f"{c.id}: why of {item.id} missing"


def test_statute_text_is_never_typed_into_markdown(catalog):
    """A page cites law only through law(): no article text of 12+ characters appears in docs/."""
    docs = {md: md.read_text(encoding="utf-8") for md in (ROOT / "docs").rglob("*.md")}
    for law in catalog.laws.values():
        for para in law.paragraphs:
            for clause in re.split(r"[。；]", para):
                if len(clause) >= 24:
                    for md, text in docs.items():
                        assert clause not in text, f"{md}: statute text of {law.id} typed into Markdown"


def test_sources_section_lists_every_cited_law_and_channel(pages, catalog):
    for rel, html in pages.items():
        t = tree(html)
        cited = set(t.xpath("//blockquote[contains(@class,'wq-law')]/@data-law"))
        sources = t.xpath("//div[@class='wq-sources']")[0].text_content()
        for law_id in cited:
            assert catalog.laws[law_id].citation in sources, f"{rel}: {law_id} not in 来源"
        for cid in set(t.xpath("//div[@class='wq-channel']/@data-channel")):
            assert catalog.channels[cid].name in sources, f"{rel}: {cid} not in 来源"


def test_all_internal_links_and_anchors_resolve(site):
    assert check_links(site) == []


def test_link_checker_catches_breakage(site, tmp_path):
    """The checker itself can fail: break one link in a copy of a page."""
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "about" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("</article>", '<a href="../nowhere/#x">x</a></article>', 1),
        encoding="utf-8",
    )
    problems = check_links(copy)
    assert len(problems) == 1 and "nowhere" in problems[0]


OFFSITE = [
    re.compile(r"""\bsrc\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(
        r"""<link\b[^>]*\brel=["']?(?:stylesheet|preload|modulepreload|icon|manifest)[^>]*\bhref=["']?\s*(?:https?:)?//""",
        re.I,
    ),
    re.compile(
        r"""<link\b[^>]*\bhref=["']?\s*(?:https?:)?//[^>]*\brel=["']?(?:stylesheet|preload|modulepreload|icon|manifest)""",
        re.I,
    ),
    re.compile(r"""@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
]


def test_no_off_site_assets(site):
    checked = 0
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in OFFSITE:
            match = pattern.search(text)
            assert not match, (
                f"{path.relative_to(site)}: off-site asset: {text[match.start() : match.start() + 120]!r}"
            )
        checked += 1
    assert checked > 20
    assert "fonts.googleapis" not in (site / "index.html").read_text(encoding="utf-8")


def test_build_fails_without_jieba(tmp_path):
    """Without jieba, Material's search silently finds nothing in Chinese: the build must refuse."""
    from helpers import build

    fake = tmp_path / "shadow" / "jieba"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('jieba is absent in this test environment')\n")
    proc = build(tmp_path / "site", env={"PYTHONPATH": str(tmp_path / "shadow")})
    assert proc.returncode != 0
    assert "jieba is not installed" in proc.stdout + proc.stderr


def test_missing_cjk_font_names_the_package(monkeypatch):
    from mkdocs.exceptions import PluginError

    import macros.pdf as dl

    assert dl.find_cjk_font().endswith((".ttc", ".ttf", ".otf"))
    monkeypatch.setattr(dl, "CJK_FONT", "No Such Font 无此字体")
    with pytest.raises(PluginError, match="fonts-wqy-microhei"):
        dl.find_cjk_font()


def test_sources_blocks_show_official_citations_only(pages, catalog):
    """来源与审核: instrument, article, version and where the official text is; no research trail."""
    for rel, html in pages.items():
        block = tree(html).xpath("//div[@class='wq-sources']")[0]
        text = block.text_content()
        assert not re.search(r"来源\d|一个来源|核对|github", text), f"{rel}: {text[:200]}"
        for a in block.xpath(".//a/@href"):
            if not re.match(r"https?://", a):  # the site's own pages (the about page's how-to)
                continue
            host = re.sub(r"^https?://([^/]+).*", r"\1", a)
            assert catalog.hosts.allows(host) or any(
                host in u for ch in catalog.channels.values() for u in ch.urls
            ), f"{rel}: source link to {host}"
        if block.xpath("//blockquote[contains(@class,'wq-law')]"):
            # a link to where the official text is published (a law page may quote only SAMR rules)
            hrefs = " ".join(block.xpath(".//a/@href"))
            assert "flk.npc.gov.cn" in hrefs or "samr.gov.cn" in hrefs, rel


def test_own_scripts_and_styles_are_addressed_by_their_content_hash(site, pages):
    """A browser or CDN cache never runs an old copy of our code with a new page: every page's
    <script src>/<link href> of assets/wq|vendor carries ?v=<the file's hash>, and wq-core.js
    carries the same for the scripts it loads on demand (wq.load)."""
    import hashlib
    import posixpath

    def digest(rel):
        return hashlib.sha256((site / rel).read_bytes()).hexdigest()[:10]

    seen = set()
    for rel, html in pages.items():
        t = tree(html)
        for ref in t.xpath("//script/@src | //link/@href"):
            path, _, version = ref.partition("?v=")
            if ("assets/wq/" in ref or "assets/vendor/" in ref) and path.endswith((".js", ".css")):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
                assert version == digest(target), f"{rel}: {ref}"
                seen.add(target)
    assert {"assets/wq/wq-core.js", "assets/wq/site.css"} <= seen
    core = (site / "assets/wq/wq-core.js").read_text(encoding="utf-8")
    assert "@@WQ_VERSIONS@@" not in core
    loadable = json.loads(re.search(r"VERSIONS=(\{[^}]*\})", core).group(1))
    for name in ("wq-case", "wq-letters", "wq-docx", "wq-docx-template", "../vendor/fflate/fflate"):
        assert loadable[name] == digest(posixpath.normpath(f"assets/wq/{name}.js")), name


def test_versions_fail_the_build_when_the_core_script_lost_its_placeholder(tmp_path):
    from mkdocs.exceptions import PluginError

    from macros import versions

    (tmp_path / "assets" / "wq").mkdir(parents=True)
    (tmp_path / "assets" / "wq" / "wq-core.js").write_text("var VERSIONS = {};\n", encoding="utf-8")
    with pytest.raises(PluginError, match="wq-core.js must hold"):
        versions.stamp(tmp_path, [])


# ---------------------------------------------------------------- 404, feedback link, minors page
def test_404_page_is_chinese_with_search_and_the_ways_on(site):
    """Material's 404 says "404 - Not found": ours says it in Chinese, opens the search and links
    to the problem list and home with absolute paths (an error page is served at any depth)."""
    t = tree((site / "404.html").read_text(encoding="utf-8"))
    article = t.xpath("//article")[0]
    assert article.xpath("string(.//h1)") == "找不到这个页面"
    assert "Not found" not in article.text_content()
    assert article.xpath(".//label[@for='__search']"), "no way to open the search"
    assert t.xpath("//input[@id='__search']"), "Material's search toggle is missing"
    hrefs = article.xpath(".//a/@href")
    assert hrefs == ["/scenarios/", "/"], hrefs
    for href in hrefs:
        assert (site / href.lstrip("/") / "index.html").is_file(), href


def test_every_page_says_where_to_report_a_mistake(pages):
    """No feedback address configured: "发现错误请告诉我们" links to the about page's how-to."""
    for rel, html in pages.items():
        links = tree(html).xpath("//p[@class='wq-reviewed']/a[@class='wq-feedback']/@href")
        assert len(links) == 1 and links[0].endswith("#发现错误"), f"{rel}: {links}"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), links[0].split("#")[0]))
        assert target == "about", f"{rel}: {links[0]} is not the about page"
    about = tree(pages["about/index.html"])
    assert about.xpath("//h2[@id='发现错误']"), "the about page lost its how-to section"


def test_a_configured_feedback_address_is_linked_and_only_it_is_allowed(tmp_path):
    url = "https://github.com/example/weiquan/issues/new"
    proc = build(tmp_path / "site", env={"WQ_FEEDBACK_URL": url, "WQ_DOWNLOADS": "false"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = tree((tmp_path / "site" / "scenarios" / "not-delivered" / "index.html").read_text("utf-8"))
    assert page.xpath("//p[@class='wq-reviewed']/a[@class='wq-feedback']/@href") == [url]


def test_reader_check_exempts_the_feedback_address_not_its_host(catalog):
    from macros import htmlcheck

    url = "https://github.com/example/weiquan/issues/new"
    html = f'<article><a href="{url}">纠错</a><a href="https://github.com/other/repo">x</a></article>'

    def problems(feedback: str) -> list[str]:
        rules = htmlcheck.Rules(readercheck.allows_host(catalog, ""), "", (), feedback_url=feedback)
        return htmlcheck.page_problems(tree(html), "x.html", rules)

    assert len(problems(url)) == 1 and "github.com" in problems(url)[0], problems(url)
    assert len(problems("")) == 2


@pytest.mark.parametrize("value", ["javascript:alert(1)", "http://example.com/issues", "mailto:", "x y"])
def test_a_bad_feedback_address_fails_in_one_line(value):
    from mkdocs.exceptions import PluginError

    from macros.settings import _feedback

    with pytest.raises(PluginError, match=r"^mkdocs.yml extra.wq.feedback_url: expected"):
        _feedback({"feedback_url": value})
    assert _feedback({"feedback_url": "mailto:fix@example.org"}) == "mailto:fix@example.org"


def test_minors_page_states_the_under_eight_rule(pages):
    text = squash(tree(pages["scenarios/minor-recharge/index.html"]).xpath("//article")[0].text_content())
    rule = ("不满八周岁", "第一百四十四条", "第一百五十七条", "不等于一定全额退回", "证明钱确实是孩子付的")
    for words in rule:
        assert words in text, words
