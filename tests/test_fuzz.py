"""The fuzzer (scripts/fuzz.py) with a fixed seed: every fixed mutation (each raw YAML value, alias
bomb included, each unicode oddity, each piece of markup, each raw-bytes change) and random ones go
through the loader; a few through the real build (marked `build`). Also: the fuzzer's own judges,
and regressions of the bugs it found."""

from __future__ import annotations

import collections
import datetime as dt
import types

import pytest
import yaml

from macros.front_matter import check_front_matter
from macros.loader import DataError, load_catalog
from macros.models import shown
from macros.state import PageError
from scripts import fuzz

SEED = 18
RANDOM = 80  # random loader mutations after the fixed ones (~0.08 s each on an idle machine)
BUILDS = 4


def test_data_mutations_load_clean_or_are_refused_in_one_line(tmp_path):
    outcomes = fuzz.fuzz_loader(SEED, RANDOM, tmp_path)
    statuses = collections.Counter(o.status for o in outcomes)
    assert statuses["failed"] == 0, "\n".join(fuzz.report(outcomes, "loader"))
    assert len(outcomes) >= 170
    assert statuses["clean"] >= 30 and statuses["refused"] >= 100, statuses  # both paths were taken
    ops = " ".join(o.mutation.op for o in outcomes)
    for needle in ("&a [lol", "\\u2028", "\\u200b", "\\u202e", "<script>", "raw: BOM", "alias", "huge"):
        assert needle in ops, f"no mutation tried {needle}"


def _mutation(**kw) -> fuzz.Mutation:
    return fuzz.Mutation(n=1, file="data/channels.yml", content=b"", op="test", **kw)


def test_the_judge_of_refusals():
    m = _mutation()
    assert fuzz.refusal_problems(m, ["data/channels.yml: entry 'a': field 'b': wrong"]) == []
    assert "spans lines" in fuzz.refusal_problems(m, ["data/channels.yml: entry 'a\nb': wrong"])[0]
    assert "spans lines" in fuzz.refusal_problems(m, ["data/channels.yml: entry 'a\u2028b': x"])[0]
    assert (
        "does not start with its file" in fuzz.refusal_problems(m, ["Traceback (most recent call last)"])[0]
    )
    assert "names the mutated file" in fuzz.refusal_problems(m, ["data/laws.yml: entry 'x': wrong"])[0]
    assert "problems reported" in fuzz.refusal_problems(m, ["data/channels.yml: x"] * 101)[-1]


def test_the_judge_of_clean_loads():
    cat = load_catalog(fuzz.ROOT / "data")
    base = fuzz._counts(cat)
    channel = next(iter(cat.channels))
    summary = cat.channels[channel].summary
    assert fuzz.silent_changes(cat, base, _mutation(keep=("channel", channel), value=summary)) == []
    dropped = fuzz.silent_changes(cat, base, _mutation(keep=("channel", "no-such-channel")))
    assert "dropped channel 'no-such-channel'" in dropped[0]
    changed = fuzz.silent_changes(cat, base, _mutation(keep=("channel", channel), value="FZ00001"))
    assert "changed the text put in" in changed[0]
    fewer = fuzz.silent_changes(cat, {**base, "law": base["law"] + 1}, _mutation())
    assert "law entries" in fewer[0]


@pytest.mark.build
def test_mutations_build_clean_and_inert_or_fail_in_one_line(tmp_path):
    outcomes = fuzz.fuzz_builds(SEED, BUILDS, tmp_path)
    assert len(outcomes) == BUILDS
    assert not [o for o in outcomes if o.status == "failed"], "\n".join(fuzz.report(outcomes, "builds"))


def test_the_judge_of_builds_sees_script_from_data(tmp_path):
    page = tmp_path / "site" / "p" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html><body><script src='/a.js'></script><p>FZ00001</p></body></html>")
    before = fuzz._active(tmp_path / "site")
    page.write_text(
        "<html><body><script src='/a.js'></script><a href=' javascript:x'>FZ00001</a></body></html>"
    )
    after = fuzz._active(tmp_path / "site")
    assert after["p/index.html"] - before["p/index.html"] == {("a@href", " javascript:x")}
    assert fuzz._shown(tmp_path / "site", "FZ00001") and not fuzz._shown(tmp_path / "site", "FZ00002")


# ---------------------------------------------------------------- bugs the fuzzer found
BOMB_TITLE = "---\ntitle: " + fuzz.BOMB + "\ndescription: d\nreviewed: 2026-01-01\n---\n"


def _page(source: str):
    """A page as MkDocs gives it to the checks: front matter read by MkDocs' YAML into meta."""
    front = source.split("---\n")[1] if source.startswith("---\n") else ""
    try:
        meta = yaml.safe_load(front) or {}
    except (yaml.YAMLError, ValueError):
        meta = {}  # MkDocs drops front matter it cannot read
    file = types.SimpleNamespace(content_string=source, src_uri="a.md", generated_by=None)
    return types.SimpleNamespace(meta=meta if isinstance(meta, dict) else {}, file=file)


def _refusal(source: str) -> str:
    with pytest.raises(PageError) as caught:
        check_front_matter(_page(source))
    return str(caught.value)


def test_front_matter_is_checked_as_data_is():
    ok = "---\ntitle: 标题\ndescription: 说明\nreviewed: 2026-01-01\n"
    check_front_matter(_page(ok + "---\n正文"))
    assert "line 5: front matter: 'search' must be" in _refusal(ok + "search: 1\n---\n")
    assert "unknown key 'hide'" in _refusal(ok + "hide: [toc]\n---\n")
    twice = _refusal(ok + "title: 又一个\n---\n")
    assert "line 5" in twice and "key 'title' appears twice" in twice


def test_a_page_title_that_is_an_alias_bomb_is_named_not_expanded():
    started = dt.datetime.now()
    assert "'title' must be text, got {'a': ['lol'" in _refusal(BOMB_TITLE)  # repr() hung here
    assert (dt.datetime.now() - started).total_seconds() < 2


def test_front_matter_yaml_that_python_cannot_build_is_one_line():
    message = _refusal("---\n!!timestamp 2026-13-45\n---\n正文")  # ValueError from datetime
    assert message.startswith("docs/a.md: front matter: line 2") and "month must be in 1..12" in message
    assert "\n" not in message


def test_values_in_messages_are_one_line_and_short():
    assert shown("a\nb\u2028c\u202ed\x1b") == "a\\nb\\u2028c\\u202ed\\x1b"
    assert len(shown("长" * 1000)) == 60
    bomb = yaml.safe_load("x: " + fuzz.BOMB)["x"]
    assert len(shown(bomb)) <= 60  # repr() of it would build 9**9 items


@pytest.mark.parametrize(
    "text",
    ["{[a, b]: c}", "{? {a: 1} : 2}", "2026-02-30", "!!int x", "!!timestamp x", "[" * 3000 + "]" * 3000],
)
def test_yaml_values_that_crashed_the_loader(tmp_path, text):
    data = fuzz.copy_project(tmp_path / "p") / "data"
    path = data / "letters" / "platform-complaint.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\nhow_to_use:", f"\nxx: {text}\nhow_to_use:", 1)
    )
    with pytest.raises(DataError) as caught:
        load_catalog(data)
    assert all(p.startswith("data/letters/platform-complaint.yml: ") for p in caught.value.problems)
    assert all("\n" not in p for p in caught.value.problems)
