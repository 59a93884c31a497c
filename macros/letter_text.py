"""A letter's text with its `{field}` placeholders: the one place that parses them.

HTML (`render.fill`) and DOCX (`docx_writer`) both walk `runs()`; the browser fills the lines that
`letter_lines()` ships in the page (wq-letters.js), so filling is not written twice in Python.

A letter may hold `variants` (one per problem, i.e. scenario id) spliced in at its `kind: variant`
marker. The browser gets the common lines and each variant's lines and splices them itself; the
blank template (page without script, PDF, DOCX) shows every variant under its own label
(`blank_blocks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .models import PLACEHOLDER, Block, Letter, Lookup


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


# white space touching a placeholder: the value is inserted where the placeholder stands, so
# "我于 {order_date} 在" would print "我于 2026年11月25日 在"
_SPACED = re.compile(r"(\s)(\{[^{}]*\})|(\{[^{}]*\})(\s)")


def spacing_problems(letter: Letter) -> list[tuple[str, str]]:
    """(field path, reason) for each letter text with white space before or after a placeholder."""
    out = []
    for where, block in letter.all_blocks():
        for n, text in enumerate(block.texts()):
            match = _SPACED.search(text)
            if match:
                path = f"{where}.items[{n}]" if block.kind == "list" else f"{where}.text"
                side = "before" if match.group(2) else "after"
                name = match.group(2) or match.group(3)
                out.append(
                    (
                        path,
                        f"white space {side} placeholder {name}: the value is inserted as typed, "
                        "so write no space around it (python3 scripts/unspace_letters.py removes them)",
                    )
                )
    return out


def variant_label(letter: Letter, problem: str, cat: Lookup) -> str:
    variant = next(v for v in letter.variants if v.problem == problem)
    return variant.label or cat.get("scenario", problem).title


# a line's keys as _lines() writes them for fixed text; the page leaves them out (render.form_data)
LINE_DEFAULTS = {"opt": None, "on": True, "guide": False}


def _lines(blocks: list[Block], cat: Lookup, prefix: str) -> list[dict]:
    """Blocks as browser lines: {kind, text, opt, on, guide} (+ cite for a statute). `opt` names the
    checkbox of an optional block (its group, or one of its own), None for fixed text."""
    lines = []
    for b, block in enumerate(blocks):
        common = {
            "opt": (block.group or f"{prefix}{b}") if block.optional else None,
            "on": block.checked,
            "guide": block.is_guide,
        }
        if block.kind == "law":
            law = cat.get("law", block.law)
            lines.append({"kind": "law", "text": "\n".join(law.paragraphs), "cite": law.citation, **common})
        elif block.kind == "list":
            lines.extend({"kind": "item", "text": item, **common} for item in block.items)
        else:
            lines.append({"kind": block.kind, "text": block.text, **common})
    return lines


def letter_lines(letter: Letter, cat: Lookup) -> list[dict]:
    """The common body as lines; text keeps its {field} placeholders; the variant marker stays a
    line of kind "variant"."""
    return _lines(letter.body, cat, "b")


def variant_lines(letter: Letter, cat: Lookup) -> list[dict]:
    """Each variant in data order: {problem, label, lines}."""
    return [
        {
            "problem": v.problem,
            "label": variant_label(letter, v.problem, cat),
            "lines": _lines(v.body, cat, f"v{n}-"),
        }
        for n, v in enumerate(letter.variants)
    ]


_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’"})


def quoted(text: str) -> str:
    """“text”, with quotes inside it as ‘…’ (客服说“虚拟商品不退不换” in a note's quotes)."""
    return f"“{text.translate(_INNER_QUOTES)}”"


def blank_blocks(letter: Letter, cat: Lookup) -> list[Block]:
    """The body of the blank template: every variant, in data order, under a note naming its
    problem, in place of the marker."""
    out: list[Block] = []
    for block in letter.body:
        if block.kind != "variant":
            out.append(block)
            continue
        for v in letter.variants:
            label = variant_label(letter, v.problem, cat).replace("{", "｛").replace("}", "｝")
            text = f"【按你的情况选一段】如果你的问题是{quoted(label)}，用下面这部分："
            out.append(Block(kind="note", text=text))
            out.extend(v.body)
        out.append(Block(kind="note", text="（以上按问题分开的部分只保留与你的问题相符的一种。）"))
    return out


def _used(blocks: list[Block]) -> set[str]:
    return {name for block in blocks for text in block.texts() for name in PLACEHOLDER.findall(text)}


def field_notes(letter: Letter, cat: Lookup) -> dict[str, str]:
    """Fields that only some problems' parts use, with a note naming those problems (the blank
    template's field table says so: 孩子当时的年龄 is only for a child's top-up)."""
    common = _used(letter.body)
    notes = {}
    for f in letter.fields:
        problems = [v.problem for v in letter.variants if f.name in _used(v.body)]
        if f.name in common or not problems or len(problems) == len(letter.variants):
            continue
        labels = "、".join(quoted(variant_label(letter, p, cat)) for p in problems)
        notes[f.name] = f"只在问题是{labels}时填写"
    return notes


def later_variants(letter: Letter) -> tuple[int, int] | None:
    """In `blank_blocks`, the range [start, end) holding every variant after the first and the
    closing note. The web page leaves it out (one <noscript> note points to the blank PDF/Word that
    hold them all; the letter script has every part in its data); the print view keeps it."""
    if len(letter.variants) < 2:
        return None
    at = 0
    for block in letter.body:
        if block.kind != "variant":
            at += 1
            continue
        start = at + 1 + len(letter.variants[0].body)
        end = at + sum(1 + len(v.body) for v in letter.variants) + 1
        return start, end
    return None
