"""Every build is the build a reader gets: strict, never quiet (MkDocs 1.6's -q turns strict off,
upstream mkdocs/mkdocs#4126), and a warning MkDocs logs counts as a failure in the test helper."""

from __future__ import annotations

import pathlib
import re

import pytest

from helpers import ROOT, build
from macros import strict

ORPHAN = (
    "---\ntitle: 孤立的页面\ndescription: 一个没有列入导航的页面。\nreviewed: 2026-12-01\n---\n\n"
    "# 孤立的页面\n\n正文。\n"
)
QUIET = re.compile(r"(?:^|[\s\"'])(?:-q|--quiet)(?:$|[\s\"'])")


def test_first_problem_finds_warnings_and_errors_only():
    log = "INFO    -  Building\nWARNING -  Doc file 'a.md' contains a link\nERROR   -  later\n"
    assert strict.first_problem(log) == "WARNING -  Doc file 'a.md' contains a link"
    assert strict.first_problem("INFO    -  Documentation built in 1.00 seconds\n") == ""


def test_no_build_anywhere_is_quiet():
    """Test helpers, the offline step, bench, CI, deploy and ./dev: no -q/--quiet on a MkDocs build."""
    places = [ROOT / "dev", *(ROOT / ".ci").iterdir(), *(ROOT / ".github").rglob("*.yml")]
    for folder in ("tests", "macros", "bench", "scripts"):
        places += [p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".sh"}]
    found = []
    for path in places:
        if path.resolve() == pathlib.Path(__file__).resolve():
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            # a quiet flag within a few lines of a MkDocs command (other tools' quiet flags are fine)
            near = "\n".join(lines[max(0, n - 6) : n + 1])
            if QUIET.search(line) and "mkdocs" in near and not re.search(r"\b(pip|apt-get|npm|grep)\b", line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "a quiet MkDocs build turns strict mode off:\n" + "\n".join(found)


@pytest.mark.build
def test_a_page_left_out_of_nav_fails_the_build_even_where_mkdocs_exits_0(tmp_path):
    """A warning only MkDocs raises (the project's own checks do not look at nav). In MkDocs 1.6 a
    quiet build exits 0 on it (mkdocs/mkdocs#4126); the helper counts the logged warning itself, so
    the same project built with strict mode off (MkDocs exits 0) still fails here."""
    env = {"WQ_DOWNLOADS": "false"}
    for strict_mode in ("true", "false"):
        config = strict.copy_project(
            tmp_path / f"project-{strict_mode}",
            config_edit=lambda text, mode=strict_mode: text.replace("strict: true", f"strict: {mode}"),
        )
        (config.parent / "docs" / "orphan-page.md").write_text(ORPHAN, encoding="utf-8")
        proc = build(tmp_path / f"site-{strict_mode}", config=config, env=env)
        output = proc.stdout + proc.stderr
        assert proc.returncode != 0, f"strict: {strict_mode}: a page outside nav must fail"
        first = strict.first_problem(output)
        assert first.startswith("WARNING") and 'not included in the "nav"' in first, first
        assert "orphan-page.md" in output
    assert "strict: MkDocs logged a warning, so the build counts as failed" in proc.stderr


def test_links_to_anchors_that_macros_write_are_checked_by_mkdocs_and_pass(site):
    """The real build (the `site` fixture) passes with a hand-written link to an id that only the
    scenario macro writes; MkDocs sees the restored chunks' ids (macros/state.py)."""
    source = (ROOT / "docs" / "guides" / "liyun-kameng.md").read_text(encoding="utf-8")
    assert "../scenarios/not-delivered.md#route-wechat-pay-complaint" in source
    assert "route-wechat-pay-complaint" not in (ROOT / "docs/scenarios/not-delivered.md").read_text(
        encoding="utf-8"
    ), "the anchor must come from a macro for this test to mean anything"
    html = (site / "scenarios" / "not-delivered" / "index.html").read_text(encoding="utf-8")
    assert 'id="route-wechat-pay-complaint"' in html
