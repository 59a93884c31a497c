"""The bad-data corpus: each case breaks a copy of the real content and checks that it is refused
with a message naming the file, entry, field and reason.

Data-only cases go through the loader directly (fast). Cases that touch pages, and those marked
`build: true`, run the real `mkdocs build` and also check the exit code and that nothing
half-built is left behind.
"""

from __future__ import annotations

import pathlib
import shutil

import pytest
import yaml

from helpers import build, copy_project
from macros.loader import DataError, load_catalog

CASES = sorted((pathlib.Path(__file__).parent / "fixtures" / "bad-data").glob("*.yml"))


def load(path: pathlib.Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def touches_pages(case: dict) -> bool:
    files = [*(case.get("write") or {}), *(case.get("write_bytes") or {}), *(case.get("append") or {})]
    files += [op["file"] for op in case.get("replace") or []]
    return any(not f.startswith("data/") for f in files)


def needs_build(case: dict) -> bool:
    return bool(case.get("build")) or touches_pages(case) or bool(case.get("empty_site"))


DATA_CASES = [c for c in CASES if not needs_build(load(c))]
BUILD_CASES = [c for c in CASES if needs_build(load(c))]


def apply(case: dict, project: pathlib.Path) -> None:
    for rel, content in (case.get("write") or {}).items():
        (project / rel).write_text(content, encoding="utf-8")
    for rel, content in (case.get("write_bytes") or {}).items():
        (project / rel).write_bytes(bytes.fromhex(content))
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
    assert len(BUILD_CASES) >= 6, "keep full builds for page cases and a few data cases"


@pytest.mark.parametrize("case_path", DATA_CASES, ids=[c.stem for c in DATA_CASES])
def test_bad_data_is_refused_by_the_loader(case_path, tmp_path):
    case = load(case_path)
    shutil.copytree(pathlib.Path(__file__).parent.parent / "data", tmp_path / "data")
    apply(case, tmp_path)
    with pytest.raises(DataError) as caught:
        load_catalog(tmp_path / "data")
    message = str(caught.value)
    for problem in caught.value.problems:  # one line each, starting with the file it names
        assert problem.startswith("data/"), f"{case_path.name}: {problem!r}"
        assert not set(problem) & set("\n\r\u2028\u2029\x85"), f"{case_path.name}: {problem!r} spans lines"
    for needle in case["expect"]:
        assert needle in message, f"{case_path.name}: {needle!r} not in:\n{message}"
    for needle in case.get("not_expect", []):
        assert needle not in message, f"{case_path.name}: follow-on error {needle!r} reported:\n{message}"


@pytest.mark.build
@pytest.mark.parametrize("case_path", BUILD_CASES, ids=[c.stem for c in BUILD_CASES])
def test_bad_input_fails_the_build_with_clear_message(case_path, tmp_path):
    case = load(case_path)
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
