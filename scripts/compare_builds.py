#!/usr/bin/env python3
"""Compare two built sites as a reader sees them: same files, same page HTML, same search index,
and the same text inside every PDF, DOCX and zip (whose bytes differ by timestamps).

    .venv/bin/python scripts/compare_builds.py SITE_A SITE_B

Prints one line per difference and a summary; exit 1 when they differ. Used to show that a
refactoring changed nothing for readers.
"""

from __future__ import annotations

import io
import pathlib
import sys
import zipfile

import docx
from pypdf import PdfReader


def docx_text(data: bytes) -> str:
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    parts += [p.text for s in doc.sections for p in s.footer.paragraphs]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def zip_listing(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "\n".join(sorted(zf.namelist()))


READERS = {".docx": docx_text, ".pdf": pdf_text, ".zip": zip_listing}


def content(path: pathlib.Path) -> bytes | str:
    reader = READERS.get(path.suffix)
    return reader(path.read_bytes()) if reader else path.read_bytes()


def main(a: pathlib.Path, b: pathlib.Path) -> int:
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    diffs = [f"only in {a}: {f}" for f in sorted(files_a - files_b)]
    diffs += [f"only in {b}: {f}" for f in sorted(files_b - files_a)]
    same = 0
    for rel in sorted(files_a & files_b):
        if content(a / rel) == content(b / rel):
            same += 1
        else:
            diffs.append(f"differs: {rel}")
    print("\n".join(diffs))
    print(f"{same} files the same to a reader, {len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])))
