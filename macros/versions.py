"""After the build: every page addresses scripts and styles by their content, so a browser or CDN
cache never pairs a new page with an old copy of them. Material's files carry the hash in their
name; the ones macros/bundle.py patched got new names, which pages are pointed at here. The site's own
files (assets/wq/, assets/vendor/) are addressed with their hash (`wq-core.js?v=1a2b3c4d5e`): pages'
<script src> and <link href> here, scripts loaded on demand (wq.load in wq-core.js) from the map
this step writes into wq-core.js, whose own hash is taken afterwards."""

from __future__ import annotations

import hashlib
import json
import pathlib
import posixpath
import re

from mkdocs.exceptions import PluginError

FOLDERS = ("assets/wq", "assets/vendor")
CORE = "assets/wq/wq-core.js"
PLACEHOLDER = '"@@WQ_VERSIONS@@"'  # a string literal, so the unbuilt source still runs
_ASSET_REF = re.compile(r'((?:src|href)="[^"?#]*?(assets/(?:wq|vendor)/[^"?#]+\.(?:js|css)))"')


def _digest(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def _own_files(site_dir: pathlib.Path) -> list[pathlib.Path]:
    found = (path for folder in FOLDERS for path in (site_dir / folder).rglob("*"))
    return sorted(path for path in found if path.suffix in (".js", ".css"))


def _write_load_map(site_dir: pathlib.Path, hashes: dict[str, str]) -> None:
    """wq.load names are relative to assets/wq/ and carry no .js: "wq-case", "../vendor/fflate/fflate"."""
    core = site_dir / CORE
    code = core.read_text(encoding="utf-8")
    if code.count(PLACEHOLDER) != 1:
        raise PluginError(f"{CORE} must hold {PLACEHOLDER} exactly once (the script versions go there)")
    names = {posixpath.relpath(rel, "assets/wq")[:-3]: v for rel, v in hashes.items() if rel.endswith(".js")}
    versions = json.dumps(names, sort_keys=True, separators=(",", ":"))
    core.write_text(code.replace(PLACEHOLDER, versions), encoding="utf-8")


def stamp(site_dir: pathlib.Path, renames: list[tuple[str, str]]) -> None:
    """Point every page at the renamed files and add our files' hashes to their addresses."""
    hashes = {
        path.relative_to(site_dir).as_posix(): _digest(path)
        for path in _own_files(site_dir)
        if path.relative_to(site_dir).as_posix() != CORE
    }
    _write_load_map(site_dir, hashes)
    hashes[CORE] = _digest(site_dir / CORE)

    def versioned(match: re.Match) -> str:
        digest = hashes.get(match.group(2))
        return f'{match.group(1)}?v={digest}"' if digest else match.group(0)

    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        stamped = html
        for old, new in renames:
            stamped = stamped.replace(old, new)
        stamped = _ASSET_REF.sub(versioned, stamped)
        if stamped != html:
            page.write_text(stamped, encoding="utf-8")
