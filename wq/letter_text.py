"""A letter's text with its `{field}` placeholders: the one place that parses them.

HTML (`render.fill`) and DOCX (`docx_writer`) both walk `runs()`; the browser fills the lines that
`letter_lines()` ships in the page (wq-letters.js), so filling is not written twice in Python.
"""

from __future__ import annotations

from collections.abc import Iterator

from .models import PLACEHOLDER, Letter, Lookup


def runs(text: str, letter: Letter) -> Iterator[tuple[str, str | None]]:
    """(text, None) for literal text and ("[label]", field name) for each placeholder, in order."""
    last = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > last:
            yield text[last : match.start()], None
        yield f"[{letter.field(match.group(1)).label}]", match.group(1)
        last = match.end()
    if last < len(text):
        yield text[last:], None


def letter_lines(letter: Letter, cat: Lookup) -> list[dict]:
    """The letter as a list of {kind, text, optional}; text keeps its {field} placeholders."""
    lines = []
    for block in letter.body:
        if block.kind == "law":
            law = cat.get("law", block.law)
            text = "\n".join(law.paragraphs) + f"\n——{law.citation}"
            lines.append({"kind": "law", "text": text, "optional": block.optional})
        elif block.kind == "list":
            lines.extend({"kind": "item", "text": item, "optional": block.optional} for item in block.items)
        else:
            lines.append({"kind": block.kind, "text": block.text, "optional": block.optional})
    return lines
