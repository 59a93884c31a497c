"""The offline variant: the whole site for file:// (Material's offline plugin, .html URLs, an
inlined search index), zipped for readers to download.

It is a build step of its own, run before the site build (`./dev build`, tests):

    python -m macros offline [-f mkdocs.yml]

It builds only when its inputs changed (a content hash of docs/, data/, the code and the config),
and keeps the zip in .cache/offline/. The site build then publishes that zip in downloads/ and
lists it with its real size; without a current zip the site simply has no offline download.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pathlib
import sys
import tempfile
import zipfile

from . import strict

ZIP_NAME = "weiquan-shouce-offline.zip"
PUBLIC_PATH = f"downloads/{ZIP_NAME}"
FOLDER_IN_ZIP = "weiquan-shouce"
INPUTS = ("docs", "data", "overrides", "macros", "hooks.py", "mkdocs.yml", "requirements.lock")
SKIP_DIRS = {"__pycache__"}
# From file:// Material searches through search/search_index.js (the offline plugin writes it last);
# the JSON copy of the same index would only add weight to the zip.
LEFT_OUT = {"search/search_index.json"}
KEEP = 3  # zips kept in the cache (a few public addresses: none, the tests', the real one)


def inputs_digest(root: pathlib.Path) -> str:
    """Hash of everything the offline variant is built from (and the public address)."""
    digest = hashlib.sha256(os.environ.get("SITE_URL", "").encode())
    for name in INPUTS:
        base = root / name
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in paths:
            if SKIP_DIRS.isdisjoint(path.relative_to(root).parts):
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir(root: pathlib.Path) -> pathlib.Path:
    return root / ".cache" / "offline"


def current_zip(root: pathlib.Path) -> pathlib.Path | None:
    """The zip built from the current inputs, if `python -m macros offline` has made it."""
    path = cache_dir(root) / f"{inputs_digest(root)}.zip"
    return path if path.exists() else None


def build(config_file: pathlib.Path) -> tuple[pathlib.Path, bool]:
    """(zip path, whether it was built now) — the cached zip when nothing changed."""
    root = config_file.resolve().parent
    target = cache_dir(root) / f"{inputs_digest(root)}.zip"
    if target.exists():
        return target, False
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wq-offline-") as tmp:
        proc = strict.build(config_file, tmp, env={"WQ_OFFLINE": "true"})
        if proc.returncode != 0:
            first = strict.first_problem(proc.stderr + proc.stdout)
            sys.exit("The offline build failed: " + (first or (proc.stdout + proc.stderr)[-4000:]))
        part = target.with_suffix(".zip.part")
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(pathlib.Path(tmp).rglob("*")):
                rel = path.relative_to(tmp).as_posix()
                if path.is_file() and rel not in LEFT_OUT:
                    zf.write(path, f"{FOLDER_IN_ZIP}/{rel}")
    os.replace(part, target)
    for stale in sorted(target.parent.glob("*.zip"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        stale.unlink()
    return target, True


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m macros offline", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=pathlib.Path)
    args = parser.parse_args(argv)
    path, built = build(args.config_file)
    size = path.stat().st_size / 1024 / 1024
    print(f"offline zip {'built' if built else 'unchanged'}: {path} ({size:.1f} MB)")
