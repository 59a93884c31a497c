"""Helpers for the benchmark scripts: run the real `mkdocs build` and time it (best of N)."""

from __future__ import annotations

import pathlib
import shutil
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import strict  # noqa: E402


def timed_build(
    config: pathlib.Path, env: dict | None = None, repeat: int = 3, baseline: bool = False
) -> float:
    """Best of `repeat` builds, in seconds; `baseline`: a comparison build (macros/strict.py)."""
    best = float("inf")
    for _ in range(repeat):
        out = tempfile.mkdtemp(prefix="wq-bench-site-")
        start = time.perf_counter()
        proc = strict.build(config, out, env=env, cwd=ROOT, baseline=baseline)
        elapsed = time.perf_counter() - start
        shutil.rmtree(out, ignore_errors=True)
        if proc.returncode != 0:
            sys.exit(f"build failed ({config}):\n{proc.stdout}\n{proc.stderr}")
        best = min(best, elapsed)
    return best


def project(dest: pathlib.Path, docs: pathlib.Path | None = None, config_edit=None) -> pathlib.Path:
    """A project folder using the repository's code, with its own docs/ and mkdocs.yml."""
    return strict.copy_project(dest, docs, config_edit)
