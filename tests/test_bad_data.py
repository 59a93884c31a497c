"""The bad-data corpus: each case breaks a copy of the real content, runs the real build, and
checks that the build fails with a message naming the file, entry, field and reason."""
from __future__ import annotations

import pathlib

import pytest
import yaml

from conftest import build, copy_project

CASES = sorted((pathlib.Path(__file__).parent / "fixtures" / "bad-data").glob("*.yml"))


def apply(case: dict, project: pathlib.Path) -> None:
    for rel, content in (case.get("write") or {}).items():
        (project / rel).write_text(content, encoding="utf-8")
    for rel, content in (case.get("append") or {}).items():
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8") + content, encoding="utf-8")
    for op in case.get("replace") or []:
        path = project / op["file"]
        text = path.read_text(encoding="utf-8")
        assert op["old"] in text, f"fixture is stale: {op['old']!r} not in {op['file']}"
        path.write_text(text.replace(op["old"], op["new"], op.get("count", -1)), encoding="utf-8")


def test_corpus_is_large_enough():
    assert len(CASES) >= 12


@pytest.mark.parametrize("case_path", CASES, ids=[c.stem for c in CASES])
def test_bad_input_fails_with_clear_message(case_path, tmp_path):
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    config = copy_project(tmp_path / "project")
    apply(case, tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.txt").write_text("from an earlier build")
    proc = build(site, config=config, data_dir=tmp_path / "project" / "data")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"{case_path.name}: build succeeded but should fail\n{output[-2000:]}"
    for needle in case["expect"]:
        assert needle in output, f"{case_path.name}: {needle!r} not in build output:\n{output[-3000:]}"
    assert "Traceback" not in output or "PageError" in output, f"unexpected crash:\n{output[-3000:]}"
    built = [p for p in site.rglob("*") if p.is_file() and p.name != "stale.txt"]
    assert not built, f"{case_path.name}: half-built site left behind: {built[:5]}"
    if case.get("empty_site"):
        assert not any(site.iterdir()), "a failed build after writing must empty site/"
