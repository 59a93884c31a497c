"""The real data/ loads, matches the checked reference, and covers what the site promises."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from helpers import ROOT

SHARED = ROOT.parent / "shared"


def test_real_data_loads(catalog):
    assert catalog.laws and catalog.channels
    assert len(catalog.scenarios) >= 8
    assert len(catalog.checklists) >= 6
    assert len(catalog.letters) >= 6


def test_every_law_quote_is_verbatim_from_the_reference():
    if not (SHARED / "tools" / "check-laws.py").exists():
        pytest.skip("../shared/ is not beside this checkout (CI and dev machines have it)")
    proc = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "check-laws.py"), str(ROOT / "data")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ", differing 0, not in reference 0" in proc.stdout


def test_laws_and_channels_match_the_reference_field_by_field():
    if not (SHARED / "reference" / "laws.yml").exists():
        pytest.skip("../shared/ is not beside this checkout")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_reference.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_only_verified_channels_are_published(catalog):
    ref = (
        {c["id"]: c for c in yaml.safe_load((SHARED / "reference" / "channels.yml").read_text())}
        if (SHARED / "reference" / "channels.yml").exists()
        else {}
    )
    for ch in catalog.channels.values():
        assert ch.verified in ("two-sources", "one-source")
        if ref:
            assert ref[ch.id]["verified"] == ch.verified


def test_repealed_rules_are_kept_marked(catalog):
    """The old 12315 rules stay in data for history, marked repealed (citing one fails: bad-data)."""
    old = [law for law in catalog.laws.values() if "暂行办法" in law.law]
    assert old and all(law.repealed for law in old)


def test_every_scenario_has_its_page(catalog):
    for sc in catalog.scenarios.values():
        page = ROOT / "docs" / sc.page
        assert page.exists(), f"data/scenarios/{sc.id}.yml: page docs/{sc.page} is missing"
        assert f'scenario("{sc.id}")' in page.read_text(encoding="utf-8"), (
            f"docs/{sc.page} must call scenario('{sc.id}')"
        )


def test_every_scenario_page_is_in_the_nav(catalog):
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for sc in catalog.scenarios.values():
        assert sc.page in nav, f"{sc.page} is not in mkdocs.yml nav"


def test_jieba_user_dictionary_is_well_formed():
    for n, line in enumerate(
        (ROOT / "data" / "jieba_user_dict.txt").read_text(encoding="utf-8").splitlines(), 1
    ):
        parts = line.split()
        assert len(parts) in (1, 2, 3) and (len(parts) < 2 or parts[1].isdigit()), f"line {n}: {line!r}"


def test_articles_the_project_adds_have_two_independent_copies():
    """data/laws-added.yml: articles not in the reference, each with two copies on different hosts."""
    import urllib.parse

    added = yaml.safe_load((ROOT / "data" / "laws-added.yml").read_text(encoding="utf-8"))
    assert added
    for entry in added:
        hosts = {urllib.parse.urlsplit(s).netloc for s in entry["sources"] if s.startswith("http")}
        repos = {
            "/".join(urllib.parse.urlsplit(s).path.split("/")[1:3])
            for s in entry["sources"]
            if "github.com" in s
        }
        assert len(hosts) + max(len(repos) - 1, 0) >= 2, f"{entry['id']}: fewer than two independent copies"
