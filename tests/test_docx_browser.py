"""The letter .docx built in the browser (docs/assets/wq/wq-docx.js + the template that
macros/docx_template.py writes at build time): real Chromium on the built site and on the offline
copy; the downloaded file is opened with python-docx and checked part by part."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from docx_check import docx_problems

from helpers import PAGE_TYPES, open_page
from macros import offline
from macros.docx_writer import DOCX_EAST_ASIAN_FONT

pytestmark = [pytest.mark.browser, pytest.mark.build]

LETTER = PAGE_TYPES["template"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_FILES = re.compile(r"assets/vendor/fflate/|wq-docx")
HOSTILE = "<w:p>&\"'</script> $& $1 😀 ]]> <!-- 订单号 A-001"
LINES = [
    {"kind": "heading", "text": "投诉函"},
    {"kind": "paragraph", "text": "平台：" + HOSTILE},
    {"kind": "paragraph", "text": "铃\u0007声\ufffe与{LONE}孤代理\u000b项"},  # illegal in XML 1.0
    {"kind": "item", "text": "退还货款 100 元"},
    {"kind": "note", "text": "第一行\r\n第二行\t制表"},
    {"kind": "paragraph", "text": "  前后空格  "},
]
EXPECTED = [
    "投诉函",
    "平台：" + HOSTILE,
    "铃声与孤代理项",
    "退还货款 100 元",
    "第一行\n第二行\t制表",
    "  前后空格  ",
]

LOAD = "() => new Promise(done => wq.load('wq-docx', done))"
# a lone surrogate cannot cross from Python to the page as text: the page makes it
LONE = "l => l.map(x => ({kind: x.kind, text: x.text.split('{LONE}').join(String.fromCharCode(0xD800))}))"
DOWNLOAD = f"([f, l]) => new Promise(done => wq.docx.download(f, ({LONE})(l), (ok, m) => done([ok, m])))"
BUILD = f"l => new Promise(done => wq.docx.build(({LONE})(l), (b, m) => done(b ? Array.from(b) : m)))"


def letter_page(context, watch, base):
    page = open_page(context, watch, base + LETTER)
    page.wait_for_load_state("load")  # networkidle can come while the parser still waits on a script
    return page


def download(page, tmp_path, lines=LINES, name="投诉函.docx"):
    assert page.evaluate(LOAD) is True
    with page.expect_download() as info:
        assert page.evaluate(DOWNLOAD, [name, lines]) == [True, ""]
    assert info.value.suggested_filename == name
    path = tmp_path / name
    info.value.save_as(path)
    return path


def check_letter(path):
    """What the reader typed is there verbatim, in order, in the template's styles and fonts."""
    assert docx_problems(path) == []
    document = docx.Document(path)
    assert [p.text for p in document.paragraphs] == EXPECTED
    heading, _, _, item, note, _ = document.paragraphs
    assert heading.runs[0].bold and heading.alignment == 1
    assert item.style.name == "List Bullet"
    assert note.runs[0].italic
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(W + "eastAsia") == DOCX_EAST_ASIAN_FONT
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
        assert zf.namelist()[0] == "[Content_Types].xml"
    assert "&lt;w:p&gt;&amp;&quot;&apos;&lt;/script&gt;" in xml  # escaped, not markup
    assert "@@WQ" not in xml
    assert "PAGE" in document.sections[0].footer._element.xml  # page numbers


def test_browser_docx_holds_hostile_text_verbatim(ctx, tmp_path):
    context, watch, base = ctx
    page = letter_page(context, watch, base)
    check_letter(download(page, tmp_path))


def test_build_returns_the_bytes_and_reports_bad_input(ctx, tmp_path):
    context, watch, base = ctx
    page = letter_page(context, watch, base)
    page.evaluate(LOAD)
    data = page.evaluate(BUILD, LINES)
    path = tmp_path / "built.docx"
    path.write_bytes(bytes(data))
    check_letter(path)
    message = page.evaluate(BUILD, [{"kind": "table", "text": "x"}])
    assert isinstance(message, str) and "unknown kind" in message
    empty = tmp_path / "empty.docx"
    empty.write_bytes(bytes(page.evaluate(BUILD, [])))
    assert docx.Document(empty).paragraphs == []


def test_first_visit_loads_no_docx_code(ctx):
    """fflate and the template load only when a .docx is asked for, on letter pages too."""
    context, watch, base = ctx
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    for name, path in PAGE_TYPES.items():
        page = open_page(context, watch, base + path)
        page.wait_for_timeout(200)
        assert [u for u in requests if DOCX_FILES.search(u)] == [], name
        page.close()
    page = letter_page(context, watch, base)
    page.evaluate(LOAD)
    page.evaluate(BUILD, LINES)
    loaded = {u.split("?")[0].rsplit("/", 1)[-1] for u in requests if DOCX_FILES.search(u)}
    assert loaded == {"wq-docx.js", "fflate.js", "wq-docx-template.js"}


def test_offline_copy_builds_the_docx_from_file_url(browser, site, tmp_path):
    with zipfile.ZipFile(site / offline.PUBLIC_PATH) as zf:
        zf.extractall(tmp_path / "zip")
    letter = tmp_path / "zip" / offline.FOLDER_IN_ZIP / LETTER.rstrip("/")
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(letter.with_suffix(".html").as_uri(), wait_until="load")
    path = download(page, tmp_path)
    context.close()
    check_letter(path)
    assert [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))] == []
    assert errors == []
