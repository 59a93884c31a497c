"""After the build: Material's search index and worker, fixed for Chinese."""

from __future__ import annotations

import json
import pathlib

from mkdocs.exceptions import PluginError


def rewrite_search_index(site_dir: pathlib.Path) -> None:
    path = site_dir / "search" / "search_index.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# Material's search worker segments a Chinese query against the index vocabulary, but its loop
# `for (j = i + 1; j < query.length; j++)` never tries a word that ends at the last character, so
# "卡密无效" loses "无效" and "卡号不存在" loses "存在". The fix is the one-character change below;
# the build fails if the worker no longer has this code (then re-check the bug upstream).
SEGMENT_BUG = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
SEGMENT_FIX = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def patch_search_worker(site_dir: pathlib.Path) -> None:
    workers = list((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"expected one Material search worker, found {len(workers)}")
    code = workers[0].read_text(encoding="utf-8")
    if code.count(SEGMENT_BUG) != 1:
        raise PluginError(
            f"{workers[0].name}: the query-segmentation code patched by wq/search_index.py has changed; "
            "check whether Material fixed the last-character bug and update SEGMENT_BUG"
        )
    workers[0].write_text(code.replace(SEGMENT_BUG, SEGMENT_FIX), encoding="utf-8")
