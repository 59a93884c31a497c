"""A statute's version as readers see it: one Chinese sentence, rendered at output time.

`version` in data/laws.yml stays exactly as imported (scripts/import_reference.py --check compares
it with the reference); it is a research string with ISO dates, half-width punctuation and notes:

    国务院令第778号,2024-02-23国务院常务会议通过,2024-03-15公布(gov.cn页面发布日期2024-03-19),2024-07-01施行

`sentence()` turns it into what pages, folds, PDF and DOCX show:

    （2024年3月15日国务院令第778号公布，2024年7月1日起施行）

Rules: notes in half-width brackets are research remarks and are dropped; an adoption by a meeting
(国务院常务会议通过, 审委会通过) is left out; an order or document number goes with the date of
publication (or first, when no date of publication is given); ISO dates become Chinese dates;
"施行" becomes "起施行". A string the rules cannot turn into a clean sentence is refused
(`VersionError`): the Law model raises it as a validation error naming the file and entry.
"""

from __future__ import annotations

import re

_AMENDMENT_NAME = re.compile(r"修正案\(([一二三四五六七八九十]+)\)")  # part of a name, not a note
_NOTE = re.compile(r"\([^()]*\)")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_BARE_YEAR = re.compile(r"^(\d{4})(?=[通修制公施])")
_NUMBER = re.compile(r"(?:国务院令|市场监管总局令|总局令)第\d+号|法释〔\d{4}〕\d+号")
_MEETING = re.compile(r"(?:常务会议|审委会|审判委员会)通过$")
# "现行文本含至刑法修正案（十二）": which amendment is the latest is not for a reader's sentence
# (a later one may exist); the fact that holds is that it has been amended since.
_CURRENT_TEXT = re.compile(r"^现行文本含至.+$")
# What a reader's sentence may hold: digits, CJK, CJK and full-width punctuation.
_CLEAN = re.compile(r"^[0-9\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+$")
_RESEARCH = re.compile(r"页面|核实|未修正|另有|发布日期|现行文本")


class VersionError(ValueError):
    pass


def _chinese_date(match: re.Match) -> str:
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


def _parts(version: str) -> list[str]:
    text = _AMENDMENT_NAME.sub(r"修正案（\1）", version)
    text = _NOTE.sub("", text)
    return [p.strip() for p in re.split(r"[,;，；]", text) if p.strip()]


def sentence_body(version: str) -> str:
    """The sentence without its brackets: 2024年3月15日国务院令第778号公布，2024年7月1日起施行."""
    number, out = None, []
    for part in _parts(version):
        if _NUMBER.fullmatch(part):
            number = part
            continue
        if _MEETING.search(part):
            continue
        part = _CURRENT_TEXT.sub("此后经多次修正", part)
        part = _BARE_YEAR.sub(r"\1年", _ISO_DATE.sub(_chinese_date, part))
        if part.endswith("施行") and not part.endswith("起施行"):
            part = part[: -len("施行")] + "起施行"
        if number and part.endswith("公布"):
            part, number = part[: -len("公布")] + number + "公布", None
        out.append(part)
    if number:
        out.insert(0, number)
    body = "，".join(out)
    if not body or not _CLEAN.match(body) or _RESEARCH.search(body):
        raise VersionError(
            f"version {version!r} does not render as a reader's sentence (got {body!r}); "
            "write it as the other entries are (2020-05-28通过,2021-01-01施行)"
        )
    return body


def sentence(version: str) -> str:
    """（2024年3月15日国务院令第778号公布，2024年7月1日起施行）"""
    return f"（{sentence_body(version)}）"
