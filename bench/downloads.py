#!/usr/bin/env python3
"""Download-generation benchmark (prints figures; not a test). Run: ./dev bench

Prints, in one run: generating every PDF and DOCX cold (empty cache) and warm (cache hit), and
the full build with and without downloads. Targets: warm rebuild adds <= 10 % to the build; cold
generation <= 1 s per document on 2 cores.
"""

from __future__ import annotations

import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from common import ROOT, timed_build
from macros.downloads import Downloads
from macros.loader import load_catalog
from macros.render import Renderer


def generate(cache: pathlib.Path) -> tuple[float, dict]:
    cat = load_catalog(ROOT / "data")
    docs = Downloads(cat, Renderer(cat, "http://127.0.0.1:8000/"), ROOT, cache)
    start = time.perf_counter()
    docs.files()
    return time.perf_counter() - start, docs.stats


def main() -> None:
    cat = load_catalog(ROOT / "data")
    n_docs = len(cat.checklists) + len(cat.letters)
    with tempfile.TemporaryDirectory(prefix="wq-bench-cache-") as tmp:
        cold, stats_cold = generate(pathlib.Path(tmp))
        warm, stats_warm = generate(pathlib.Path(tmp))
        sizes = sorted(p.stat().st_size for p in pathlib.Path(tmp).glob("*.pdf"))
        docx_sizes = sorted(p.stat().st_size for p in pathlib.Path(tmp).glob("*.docx"))
    print(
        f"documents: {n_docs} ({len(cat.checklists)} checklists, {len(cat.letters)} templates), 2 files each"
    )
    print(
        f"cold generation (PDF + DOCX)           : {cold:6.2f} s  = {cold / n_docs:5.2f} s per document "
        f"(target <= 1 s)  [{stats_cold['generated']} files generated]"
    )
    print(
        f"warm (cache hit)                       : {warm:6.3f} s  [{stats_warm['cached']} files from cache]"
    )
    print(
        f"PDF sizes                              : {sizes[0] // 1024}–{sizes[-1] // 1024} KB (limit 300 KB)"
    )
    print(
        f"DOCX sizes                             : {docx_sizes[0] // 1024}–{docx_sizes[-1] // 1024} KB, "
        f"mean {sum(docx_sizes) / len(docx_sizes) / 1024:.1f} KB"
    )
    timed_build(ROOT / "mkdocs.yml", repeat=1)  # make sure the real cache is warm
    with_dl, without = float("inf"), float("inf")
    for _ in range(5):  # interleaved, best of 5 each: the machine is shared and noisy
        with_dl = min(with_dl, timed_build(ROOT / "mkdocs.yml", repeat=1))
        without = min(without, timed_build(ROOT / "mkdocs.yml", env={"WQ_DOWNLOADS": "false"}, repeat=1))
    print(f"full build, downloads warm             : {with_dl:6.2f} s")
    print(f"full build, downloads off              : {without:6.2f} s")
    print(f"warm downloads add                     : {with_dl / without - 1:+.0%}  (target <= +10 %)")


if __name__ == "__main__":
    main()
