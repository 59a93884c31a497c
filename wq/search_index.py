"""After the build: Material's search index, written as UTF-8 (it is ASCII-escaped: 6 bytes per
Chinese character). The search worker's fix is in wq/bundle.py."""

from __future__ import annotations

import json
import pathlib


def rewrite_search_index(site_dir: pathlib.Path) -> None:
    path = site_dir / "search" / "search_index.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
