"""After the build: leave out of site/ what readers never need and what would leak a local
address: Material's source maps (they quote its sources, local addresses included) and, when no
public address is configured, the sitemap (it would list no valid URL)."""

from __future__ import annotations

import pathlib
import re

_MAP_COMMENT = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


def drop_source_maps(site_dir: pathlib.Path) -> None:
    for path in site_dir.rglob("*.map"):
        path.unlink()
    for path in (site_dir / "assets").rglob("*.js"):
        code = path.read_text(encoding="utf-8")
        stripped = _MAP_COMMENT.sub("\n", code)
        if stripped != code:
            path.write_text(stripped, encoding="utf-8")


def drop_sitemap(site_dir: pathlib.Path) -> None:
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)
