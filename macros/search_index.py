"""After the build: Material's search index, finished.

* Written as UTF-8 (Material writes it ASCII-escaped: 6 bytes per Chinese character).
* Trimmed: jieba's segmentation puts U+200B (3 bytes) around every Chinese word; next to a
  character the search already splits on (a space, punctuation in the configured separator, an
  HTML tag) it changes nothing, so it is left out. The words the worker indexes stay the same.
* Readers' words: data/search_words.yml lists words left out of queries (fillers) and pairs the
  words readers type with the words the pages use (synonyms). Validated here (each page word must
  occur in the index, or the pair would do nothing) and shipped in the index's config
  (`wq_fillers`, `wq_synonyms`); macros/js/lazy-search.js applies them to each query.
* Questions: a query with one of `questions` (怎么, 流程…) and none of `documents` (起诉状, 模板…)
  lists the guides ahead of the letters and checklists (`wq_questions`, `wq_documents`; the
  reordering is in lazy-search.js).
The search worker's fix is in macros/bundle.py.
"""

from __future__ import annotations

import json
import pathlib
import re
from typing import Annotated

from mkdocs.exceptions import PluginError
from pydantic import Field, StringConstraints

from .loader import _read_yaml, _validate
from .models import Model

WORDS_FILE = "search_words.yml"
ZWSP = "\u200b"
Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20, pattern=r"^\S+$")]


class Synonym(Model):
    words: list[Word] = Field(min_length=1, max_length=20)  # what readers type
    means: list[Word] = Field(min_length=1, max_length=5)  # the words the pages use


class SearchWords(Model):
    fillers: list[Word] = Field(default=[], max_length=40)  # left out of queries
    questions: list[Word] = Field(default=[], max_length=40)  # a query asking how: guides first
    documents: list[Word] = Field(default=[], max_length=40)  # ...unless it names a document
    synonyms: list[Synonym] = Field(default=[], max_length=200)


def load_words(data_dir: pathlib.Path) -> SearchWords:
    """data/search_words.yml (optional), validated; one line per problem."""
    path = data_dir / WORDS_FILE
    if not path.exists():
        return SearchWords()
    problems: list[str] = []
    raw = _read_yaml(path, f"data/{WORDS_FILE}", problems)
    words = _validate(SearchWords, raw, f"data/{WORDS_FILE}", "file", problems, set()) if raw else None
    if problems or words is None:
        problems = problems or [f"data/{WORDS_FILE}: empty"]
        raise PluginError("Invalid search words:\n  " + "\n  ".join(problems))
    return words


def _check_synonyms(entries: list[Synonym], docs: list[dict]) -> None:
    text = "".join(d.get("title", "") + d.get("text", "") for d in docs).replace(ZWSP, "")
    problems = [
        f"data/{WORDS_FILE}: synonyms[{n}] ({e.words[0]}): field 'means': '{w}' is on no indexed page"
        for n, e in enumerate(entries)
        for w in e.means
        if w not in text
    ]
    if problems:
        raise PluginError("Search synonyms that would find nothing:\n  " + "\n  ".join(problems))


def trim(text: str, separator: str) -> str:
    """Leave out U+200B where a separator, a space or an HTML tag already ends the word."""
    seps = re.compile(separator)
    keep = []
    for n, char in enumerate(text):
        if char == ZWSP:
            before = text[n - 1] if n else ""
            after = text[n + 1] if n + 1 < len(text) else ""
            if not before or not after or before == ">" or after == "<":
                continue
            if (before != ZWSP and seps.fullmatch(before)) or (after != ZWSP and seps.fullmatch(after)):
                continue
            if after == ZWSP:
                continue
        keep.append(char)
    return "".join(keep)


def rewrite_search_index(site_dir: pathlib.Path, data_dir: pathlib.Path | None = None) -> None:
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    separator = data["config"]["separator"]
    for doc in data["docs"]:
        for field in ("title", "text"):
            doc[field] = trim(doc.get(field, ""), separator)
    if data_dir is not None:
        words = load_words(data_dir)
        _check_synonyms(words.synonyms, data["docs"])
        data["config"]["wq_fillers"] = sorted(words.fillers, key=len, reverse=True)
        data["config"]["wq_synonyms"] = [[e.words, e.means] for e in words.synonyms]
        data["config"]["wq_questions"] = words.questions
        data["config"]["wq_documents"] = words.documents
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
