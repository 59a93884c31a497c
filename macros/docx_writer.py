"""Editable Word files with python-docx: headings, paragraphs, tables, ☐ boxes, highlighted fields.

`style.font.name` sets only the Latin font; East-Asian text needs `w:eastAsia` on every style we
use, set to a font Word and WPS users have (宋体).
"""

from __future__ import annotations

import pathlib

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .docx_slim import slim
from .letter_text import blank_blocks, field_notes, runs
from .models import Checklist, Letter, Lookup

BOX = "☐"
DOCX_EAST_ASIAN_FONT = "宋体"
DOCX_LATIN_FONT = "Times New Roman"


def _fonts(style) -> None:
    style.font.name = DOCX_LATIN_FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), DOCX_LATIN_FONT)
    fonts.set(qn("w:eastAsia"), DOCX_EAST_ASIAN_FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def styled_document() -> Document:
    """An empty document whose styles carry our fonts (also the browser letter's template)."""
    doc = Document()
    for name in (
        "Normal",
        "Title",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "List Bullet",
        "List Number",
        "Quote",
        "Table Grid",
    ):
        _fonts(doc.styles[name])
    doc.styles["Normal"].font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = RGBColor(0, 0, 0)
    doc.core_properties.language = "zh-CN"
    doc.sections[0].page_width, doc.sections[0].page_height = Mm(210), Mm(297)  # A4, not Letter
    return doc


def _document(title: str, purpose: str, address: str | None, reviewed) -> Document:
    doc = styled_document()
    doc.core_properties.title = title
    doc.add_heading(title, level=0)
    doc.add_paragraph(purpose)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = " · ".join(x for x in (title, address, f"最后审核 {reviewed}") if x)
    return doc


def save(doc: Document, target) -> None:
    """Save without the default template's unused styles and parts (macros/docx_slim.py)."""
    slim(doc)
    doc.save(target)


def _citations(law_ids, channel_ids, cat) -> str:
    parts = []
    if law_ids:
        parts.append("依据：" + "、".join(cat.get("law", i).citation for i in law_ids))
    if channel_ids:
        parts.append("渠道：" + "、".join(cat.get("channel", i).name for i in channel_ids))
    return "；".join(parts)


def _small(paragraph, text: str, italic: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    run.italic = italic


def write_checklist(c: Checklist, cat: Lookup, address: str | None, target: pathlib.Path) -> None:
    doc = _document(c.title, c.purpose, address, c.reviewed)
    for section in c.sections:
        doc.add_heading(section.title, level=1)
        if section.intro:
            doc.add_paragraph(section.intro)
        for item in section.items:
            p = doc.add_paragraph()
            p.add_run(f"{BOX} ").font.size = Pt(13)
            p.add_run(item.text)
            extra = [f"为什么：{item.why}"] if item.why else []
            cites = _citations(item.laws, item.channels, cat)
            if cites:
                extra.append(cites)
            if extra:
                note = doc.add_paragraph()
                note.paragraph_format.left_indent = Pt(18)
                _small(note, "\n".join(extra), italic=True)
    if c.log_columns:
        doc.add_heading("记录表", level=1)
        table = doc.add_table(rows=1 + c.log_rows, cols=len(c.log_columns))
        table.style = doc.styles["Table Grid"]
        for cell, col in zip(table.rows[0].cells, c.log_columns):
            cell.text = col
    save(doc, target)


def _letter_text(paragraph, text: str, letter) -> None:
    for chunk, field in runs(text, letter):
        run = paragraph.add_run(chunk)
        if field:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def write_letter(t: Letter, cat: Lookup, address: str | None, target: pathlib.Path) -> None:
    doc = _document(t.title, t.purpose, address, t.reviewed)
    doc.add_heading("怎么用", level=1)
    for line in t.how_to_use:
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("要填写的内容", level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("项目", "示例", "必填", "填写")):
        cell.text = text
    scope = field_notes(t, cat)
    for f in t.fields:
        row = table.add_row().cells
        example = f"{f.example}\n{f.help}" if f.help else f.example  # help: same as on the web page
        label = f"{f.label}\n（{scope[f.name]}）" if f.name in scope else f.label
        row[0].text, row[1].text, row[2].text = label, example, "是" if f.required else "否"
    doc.add_heading("正文", level=1)
    for block in blank_blocks(t, cat):
        if block.optional:
            _small(doc.add_paragraph(), "（可选段落：按你的情况决定要不要）", italic=True)
        if block.kind == "heading":
            p = doc.add_paragraph()
            p.alignment = 1
            _letter_text(p, block.text, t)
            for run in p.runs:
                run.bold = True
        elif block.kind in ("paragraph", "note"):
            _letter_text(doc.add_paragraph(), block.text, t)
        elif block.kind == "list":
            for item in block.items:
                _letter_text(doc.add_paragraph(style="List Bullet"), item, t)
        elif block.kind == "law":
            law = cat.get("law", block.law)
            for para in law.paragraphs:
                q = doc.add_paragraph(para, style="Quote")
                q.paragraph_format.left_indent = Pt(18)
            cite = doc.add_paragraph(f"——{law.citation}")  # a letter carries no statute metadata
            cite.paragraph_format.left_indent = Pt(18)
    doc.add_heading("怎么发送、怎么留证", level=1)
    for line in t.send:
        doc.add_paragraph(line, style="List Number")
    save(doc, target)
