"""The search index's finishing step (macros/search_index.py), without a build: the U+200B trim keeps
the words the worker indexes, and data/search_words.yml is checked against the index."""

from __future__ import annotations

import json
import re

import pytest
from mkdocs.exceptions import PluginError

from helpers import ROOT
from macros import search_index

SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"


def words(text: str) -> list[str]:
    return [w for w in re.split(SEPARATOR, re.sub(r"<[^>]+>", " ", text)) if w]


def test_trim_keeps_the_indexed_words_and_drops_redundant_zero_width_spaces():
    z = "\u200b"
    text = f"<p>{z}卡密{z}已{z}被{z}使用{z}，{z}向 {z}12315{z} 投诉{z}。</p><li>{z}退款{z}</li>"
    trimmed = search_index.trim(text, SEPARATOR)
    assert words(trimmed) == words(text)
    assert trimmed.count(z) == 3  # only the ones between two Chinese words stay
    assert trimmed.startswith("<p>卡密")


def index_dir(tmp_path, text: str):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    docs = [{"location": "a/", "title": "卡密\u200b无效", "text": text}]
    (site / "search" / "search_index.json").write_text(
        json.dumps({"config": {"separator": SEPARATOR}, "docs": docs}), encoding="utf-8"
    )
    return site


def test_synonyms_go_into_the_index_config(tmp_path):
    site = index_dir(tmp_path, "已\u200b被\u200b使用")
    data = tmp_path / "data"
    data.mkdir()
    (data / "search_words.yml").write_text(
        "fillers: [怎么, 怎么办]\nquestions: [怎么, 流程]\ndocuments: [起诉状]\n"
        "synonyms:\n  - {words: [被用了], means: [已被使用]}\n",
        encoding="utf-8",
    )
    search_index.rewrite_search_index(site, data)
    config = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["wq_synonyms"] == [[["被用了"], ["已被使用"]]]
    assert config["wq_fillers"] == ["怎么办", "怎么"]  # longest first
    assert config["wq_questions"] == ["怎么", "流程"]
    assert config["wq_documents"] == ["起诉状"]


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        ("synonyms:\n  - {words: [被用了], means: [没有这个词]}\n", "'没有这个词' is on no indexed page"),
        ("synonyms:\n  - {words: [], means: [无效]}\n", "field 'synonyms[0].words'"),
        ("fillers: [怎么]\nfillers: [吗]\n", "appears twice"),
        ("synonyms:\n  - {words: [a b], means: [无效]}\n", "synonyms[0].words[0]"),
    ],
)
def test_bad_search_words_fail_the_build_with_one_line(tmp_path, yaml_text, message):
    site = index_dir(tmp_path, "无效")
    data = tmp_path / "data"
    data.mkdir()
    (data / "search_words.yml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(PluginError, match=re.escape(message)):
        search_index.rewrite_search_index(site, data)


def test_the_project_search_words_are_valid():
    loaded = search_index.load_words(ROOT / "data")
    assert loaded.fillers and loaded.synonyms
