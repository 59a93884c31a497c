"""Every checklist and letter yields a page, a PDF and a DOCX; the files are opened and read back."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from docx_check import docx_problems
from mkdocs.exceptions import PluginError
from pypdf import PdfReader

from helpers import ROOT, plain_fill, squash
from macros.kinds import DOC_KINDS
from macros.loader import load_catalog

MAX_PDF_BYTES = 300 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def documents(catalog):
    return [("checklist", c) for c in catalog.checklists.values()] + [
        ("letter", t) for t in catalog.letters.values()
    ]


def expected_texts(kind, obj, catalog) -> list[str]:
    texts = [obj.title, obj.purpose]
    if kind == "checklist":
        for section in obj.sections:
            texts.append(section.title)
            texts += [item.text for item in section.items]
            texts += ["为什么：" + item.why for item in section.items if item.why]
        texts += obj.log_columns
    else:
        texts += [f.label for f in obj.fields] + list(obj.how_to_use) + list(obj.send)
        texts += [f.help for f in obj.fields if f.help]
        for block in obj.body:
            texts += [plain_fill(t, obj) for t in block.texts()]
            if block.law:
                texts += catalog.laws[block.law].paragraphs
    return texts


def test_every_document_has_page_pdf_and_docx(site, catalog):
    for kind, obj in documents(catalog):
        folder = "checklists" if kind == "checklist" else "templates"
        assert (site / "toolkit" / folder / obj.id / "index.html").exists()
        for ext in ("pdf", "docx"):
            assert (site / "downloads" / f"{obj.id}.{ext}").stat().st_size > 1000


def pdf_text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


DOC_IDS = [obj.id for _, obj in documents(load_catalog(ROOT / "data"))]


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_pdf_text_and_fonts(site, catalog, doc_id):
    kind, obj = next((k, o) for k, o in documents(catalog) if o.id == doc_id)
    path = site / "downloads" / f"{obj.id}.pdf"
    assert path.stat().st_size < MAX_PDF_BYTES, f"{path.name}: {path.stat().st_size} bytes"
    text = squash(pdf_text(path))
    assert "\ufffd" not in text, "replacement characters: missing glyphs"
    for expected in expected_texts(kind, obj, catalog):
        assert squash(expected) in text, f"{obj.id}.pdf lacks {expected!r}"
    fonts = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                "font not embedded"
            )
    assert any(re.match(r"/[A-Z]{6}\+WenQuanYi", f) for f in fonts), f"no embedded CJK subset: {fonts}"


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_pdf_page_says_where_it_came_from(site, catalog, site_url, doc_id):
    """Running header and footer on every page: title, public address, last-reviewed date."""
    kind, obj = next((k, o) for k, o in documents(catalog) if o.id == doc_id)
    folder = "checklists" if kind == "checklist" else "templates"
    address = f"{site_url}toolkit/{folder}/{obj.id}/"
    pages = PdfReader(site / "downloads" / f"{obj.id}.pdf").pages
    for n, page in enumerate(pages, 1):
        text = squash(page.extract_text())
        assert squash(obj.title) in text, f"{obj.id}.pdf page {n}: no title"
        assert squash(f"最后审核{obj.reviewed}") in text, f"{obj.id}.pdf page {n}: no review date"
        assert address in text, f"{obj.id}.pdf page {n}: no address {address}"
        assert f"{n}/{len(pages)}" in text, f"{obj.id}.pdf page {n}: no page number"


def docx_text(path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    parts += [p.text for p in document.sections[0].footer.paragraphs]
    return "\n".join(parts)


def test_docx_read_back(site, catalog):
    for kind, obj in documents(catalog):
        path = site / "downloads" / f"{obj.id}.docx"
        text = squash(docx_text(path))
        for expected in expected_texts(kind, obj, catalog):
            assert squash(expected) in text, f"{obj.id}.docx lacks {expected!r}"
        document = docx.Document(path)
        fonts = document.styles["Normal"].element.rPr.rFonts
        assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
        if kind == "checklist":
            assert text.count("☐") == len(obj.items)
        else:
            highlighted = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color]
            assert {f"[{f.label}]" for f in obj.fields} <= set(highlighted)


def test_downloads_page_lists_every_file_with_size(pages, catalog):
    html = pages["toolkit/downloads/index.html"]
    for _kind, obj in documents(catalog):
        for ext in ("pdf", "docx"):
            assert f'downloads/{obj.id}.{ext}"' in html
    assert len(re.findall(r"（\d+ KB）", html)) == 2 * len(documents(catalog))


# ------------------------------------------------------------------ DOCX structure (issue 12)
MAX_DOCX_BYTES = 24 * 1024  # python-docx's default template alone made every file ~40 KB


def test_docx_files_are_slim_and_consistent(site, catalog):
    for _kind, obj in documents(catalog):
        path = site / "downloads" / f"{obj.id}.docx"
        assert path.stat().st_size < MAX_DOCX_BYTES, f"{path.name}: {path.stat().st_size} bytes"
        assert docx_problems(path) == [], path.name
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            styles = zf.read("word/styles.xml")
        assert not names & {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/item1.xml"}
        assert b"latentStyles" not in styles


def test_slimming_keeps_every_style_in_use(tmp_path, catalog):
    """Fast (no site build): a letter and a checklist written by docx_writer pass the structure
    checks, and the checks do catch a style that is used but no longer defined."""
    for kind in DOC_KINDS:
        obj = next(iter(catalog.documents(kind.name)))
        path = tmp_path / f"{obj.id}.docx"
        kind.write_docx(obj, catalog, "http://127.0.0.1/", path)
        assert docx_problems(path) == [], path.name
        document = docx.Document(path)
        used = {p.style.style_id for p in document.paragraphs}
        assert used <= {s.style_id for s in document.styles}
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/styles.xml":
                data = data.replace(b'w:styleId="Heading1"', b'w:styleId="Gone"')
            dst.writestr(item, data)
    assert any("undefined style Heading1" in p for p in docx_problems(broken))


def test_browser_docx_template_has_one_prototype_per_kind():
    """Fast: the template macros/docx_template.py ships to the browser (wq-docx.js fills it in)."""
    import json

    from lxml import etree

    from macros import docx_template

    js = docx_template.template_js()
    assert js.count("window.wqDocxTemplate = ") == 1 and "\u2028" not in js
    data = json.loads(js.split("window.wqDocxTemplate = ", 1)[1].rstrip().rstrip(";"))
    assert set(data["paragraphs"]) == set(docx_template.KINDS)
    body = ""
    for kind, xml in data["paragraphs"].items():
        assert xml.count(data["token"]) == 1, kind
        body += xml.replace(data["token"], kind)
    document = etree.fromstring((data["head"] + body + data["tail"]).encode("utf-8"))
    assert [t.text for t in document.iter(W + "t")] == list(data["paragraphs"])
    styles = etree.fromstring(data["files"]["word/styles.xml"].encode("utf-8"))
    normal = next(s for s in styles.iter(W + "style") if s.get(W + "styleId") == "Normal")
    assert normal.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "宋体"
    assert b"@@" not in b"".join(v.encode() for v in data["files"].values())
    with pytest.raises(PluginError, match="prototype"):
        docx_template.split_document(data["head"] + data["tail"])


def test_downloads_carry_no_version_notes_and_letters_no_versions(site, catalog):
    """Inside every PDF and Word file: no research version string or note; a letter's statute
    quotes carry no version at all (a letter reads as a letter); the blank letter marks each
    problem's part 按你的情况选一段."""
    from macros import versioncheck

    versions = versioncheck.raw_versions(catalog)
    sentences = {law.version_text for law in catalog.laws.values()}
    for kind, obj in documents(catalog):
        for ext, read in (("pdf", pdf_text), ("docx", docx_text)):
            text = read(site / "downloads" / f"{obj.id}.{ext}")
            assert versioncheck.note_in(text, versions) is None, (obj.id, ext)
            if kind == "letter":
                flat = re.sub(r"\s+", "", text)
                assert not [v for v in sentences if v in flat], (obj.id, ext)
                if obj.variants:
                    assert flat.count("【按你的情况选一段】") == len(obj.variants), (obj.id, ext)
