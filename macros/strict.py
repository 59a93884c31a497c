"""Run `mkdocs build` as the reader's build runs: strict, and never quiet.

In MkDocs 1.6.0-1.6.1 `-q`/`--quiet` stops warnings from being counted, so strict mode never aborts
(upstream mkdocs/mkdocs#4126). Every build this project starts (the offline step, tests, bench) goes
through `build` here: no quiet flag, and a build that logged a line at WARNING or above counts as
failed even if MkDocs itself exited 0.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable

ROOT = pathlib.Path(__file__).resolve().parent.parent
_PROBLEM = re.compile(r"^(?:WARNING|ERROR|CRITICAL)\b.*$", re.M)


def build(
    config: pathlib.Path,
    site_dir: pathlib.Path | str,
    *,
    env: dict | None = None,
    cwd: pathlib.Path | None = None,
    timeout: int | None = None,
    baseline: bool = False,
) -> subprocess.CompletedProcess:
    """The finished `mkdocs build`; returncode 1 when MkDocs logged a warning but exited 0.

    `baseline=True` is for what bench/ compares against and never publishes (plain Material on
    our Markdown, an older checkout): built with `--no-strict`, said out loud, warnings allowed."""
    extra = ["--no-strict"] if baseline else []
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *extra, "-f", str(config), "-d", str(site_dir)],
        cwd=cwd or pathlib.Path(config).resolve().parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    first = first_problem(proc.stdout + "\n" + proc.stderr)
    if proc.returncode == 0 and first and not baseline:
        proc.returncode = 1
        proc.stderr += f"\nstrict: MkDocs logged a warning, so the build counts as failed: {first}\n"
    return proc


def first_problem(output: str) -> str:
    """The first line MkDocs logged at WARNING or above ('' if none)."""
    match = _PROBLEM.search(output)
    return match.group(0).strip() if match else ""


def copy_project(
    dest: pathlib.Path, docs: pathlib.Path | None = None, config_edit: Callable[[str], str] | None = None
) -> pathlib.Path:
    """A project folder for a build of varied content (tests, bench, the fuzzer): docs/ (this
    repository's or `docs`), data/ and overrides/ copied (the build refuses linked ones), the code
    (macros/, hooks.py) linked, mkdocs.yml copied through `config_edit`; returns its mkdocs.yml."""
    shutil.copytree(docs or ROOT / "docs", dest / "docs")
    for folder in ("data", "overrides"):
        shutil.copytree(ROOT / folder, dest / folder)
    for code in ("macros", "hooks.py"):
        (dest / code).symlink_to(ROOT / code)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config_edit(text) if config_edit else text, encoding="utf-8")
    return dest / "mkdocs.yml"
