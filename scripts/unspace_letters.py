"""Remove the spaces written around `{field}` placeholders in data/letters/*.yml.

A value is inserted exactly where its placeholder stands, so "我于 {order_date} 在" prints as
"我于 2026年11月25日 在": Chinese text takes no spaces around an inserted date, name or amount.
The build refuses such spaces (macros/letter_text.py, `spacing_problems`); this script removes them
from the YAML source, line by line, keeping everything else (comments, quoting, layout) as it was.

Idempotent: run it again after merging letter edits; a second run changes nothing.

    python3 scripts/unspace_letters.py [FILE_OR_FOLDER ...]   (default: data/letters)
"""

from __future__ import annotations

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# a placeholder as macros/models.py reads them in letter text (field names are lower-case slugs)
_FIELD = r"\{[a-z][a-z0-9_]*\}"
# horizontal white space only: a line break belongs to the YAML layout
_SPACE = r"[ \t\u00a0\u3000]+"
# before a placeholder: only after text, never after YAML's own "key: " or "- " (or "|", ">")
_BEFORE = re.compile(rf"(?<=[^\s:\-|>]){_SPACE}(?={_FIELD})")
# after a placeholder: only when text follows on the same line, never before a YAML comment
_AFTER = re.compile(rf"({_FIELD}){_SPACE}(?=[^\s#])")


def unspace(text: str) -> str:
    return "\n".join(_AFTER.sub(r"\1", _BEFORE.sub("", line)) for line in text.split("\n"))


def files(args: list[str]) -> list[pathlib.Path]:
    paths = [pathlib.Path(a) for a in args] or [ROOT / "data" / "letters"]
    out: list[pathlib.Path] = []
    for path in paths:
        out.extend(sorted(path.glob("*.yml")) if path.is_dir() else [path])
    return out


def main(args: list[str]) -> int:
    changed = 0
    for path in files(args):
        text = path.read_text(encoding="utf-8")
        new = unspace(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
            print(f"{path}: spaces around placeholders removed")
    print(f"{changed} file(s) changed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
