"""Typed models of everything in data/.

Every model forbids unknown fields, so a typo in a key is an error rather than silently ignored.
A field that refers to another entry is typed with a `Ref` alias (`LawRef`, `ChannelRef`, …);
`refs(obj)` finds every such reference with its field path, and the catalog checks, cites and
hashes through it — adding a reference field needs no other change.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Literal, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

# Limits that keep a contributor's mistake (or a hostile file) from producing a 10,000-item PDF.
MAX_TEXT = 2000  # characters in one paragraph, item or step
MAX_LAW_TEXT = 6000  # characters in one statute article
MAX_LINE = 120  # characters in a title, name, label or description line
MAX_ITEMS = 150  # items in one checklist
LONG_CHECKLIST = 20  # more items than this: mark the few that matter most (key: true)
KEY_ITEMS = (3, 6)  # how many items a checklist marks key: true
MAX_LIST = 60  # entries in any other list
MARKUP = set('<>"&')


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty or only white space")
    return value


def plain_line(value: str) -> str:
    """Titles, names and descriptions reach <title>, the nav and <meta> attributes, which the
    theme prints unescaped: markup characters and line breaks are refused here."""
    bad = sorted(MARKUP & set(value))
    if bad or "\n" in value or "\r" in value:
        shown = " ".join(repr(c) for c in bad) + (" a line break" if "\n" in value or "\r" in value else "")
        raise ValueError(
            f"must be one line of plain text without {shown.strip()} (use words or 《》 instead)"
        )
    return value


def not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"{value} is in the future; give the date the text was last checked")
    return value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT), AfterValidator(not_blank)]
LawText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LAW_TEXT), AfterValidator(not_blank)]
Line = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_LINE),
    AfterValidator(not_blank),
    AfterValidator(plain_line),
]
Description = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300),
    AfterValidator(not_blank),
    AfterValidator(plain_line),
]
Reviewed = Annotated[dt.date, AfterValidator(not_future)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
# A source is a URL, or (rarely, as in the reference) a description of a file that has no URL.
Source = Annotated[str, StringConstraints(min_length=8)]
Verified = Literal["two-sources", "one-source"]


@dataclass(frozen=True)
class RefTo:
    """Marks a field as holding the id of an entry of another kind."""

    kind: str


LawRef = Annotated[Slug, RefTo("law")]
ChannelRef = Annotated[Slug, RefTo("channel")]
ChecklistRef = Annotated[Slug, RefTo("checklist")]
LetterRef = Annotated[Slug, RefTo("letter")]
ScenarioRef = Annotated[Slug, RefTo("scenario")]


@dataclass(frozen=True)
class Ref:
    kind: str  # "law", "channel", …
    id: str
    path: str  # field path inside the entry, e.g. "sections[0].items[3].laws[0]"


# `{field_name}` in letter text; any other brace is an error (see Letter.check_placeholders).
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Lookup(Protocol):
    """What writers need of the catalog (loader.Catalog): one entry by kind and id."""

    def get(self, kind: str, key: str) -> Model: ...


class ExtraSource(Model):
    """A source for a fact that is not a statute or a channel (checked with the search tool)."""

    title: Line
    url: Url
    note: str = ""


# ---------------------------------------------------------------- laws (from shared/reference)
class Law(Model):
    id: Slug
    law: Line
    short: Line
    article: Annotated[str, StringConstraints(pattern=r"^第[〇零一二三四五六七八九十百千]+条$")]
    version: Line
    text: LawText
    topic: list[str]
    sources: list[Source] = Field(min_length=1)
    verified: Verified
    note: str = ""
    # A repealed article may stay in data for history; citing it from advice fails the build.
    repealed: dt.date | None = None

    @property
    def citation(self) -> str:
        # Title marks nest as 〈〉 inside 《》: 《…关于适用〈中华人民共和国民事诉讼法〉的解释》
        return f"《{self.law.replace('《', '〈').replace('》', '〉')}》{self.article}"

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.text.splitlines() if line.strip()]


# ---------------------------------------------------------------- channels (verified entries only)
ChannelKind = Literal[
    "government-complaint",
    "consumer-association",
    "media-complaint-platform",
    "telecom",
    "police-report",
    "lookup-tool",
    "payment",
    "court",
    "legal-aid",
]


class Channel(Model):
    id: Slug
    # The site's own words for readers, from the verified facts only (shown on pages):
    summary: Text  # one line: what this channel is
    leverage: Text  # what it can and cannot do for the reader
    how: list[Text] = Field(default=[], max_length=MAX_LIST)  # steps to use it
    bring: list[Text] = Field(default=[], max_length=MAX_LIST)  # what to have ready
    timing: Text | None = None  # deadlines and how long it takes, with the rule's name
    # Research fields copied from ../shared/reference (with hedges): checked, never shown.
    name: Line
    operator: Line
    kind: ChannelKind
    urls: list[Url]
    hotline: str | None
    apps: list[str]
    handles: LawText  # research fields, copied from the reference
    not_for: LawText
    needs: list[str]
    process: list[str]
    time_limits: str | None
    sources: list[Url] = Field(min_length=1)
    verified: Verified
    note: str = ""

    @field_validator("verified", mode="before")
    @classmethod
    def no_unverified(cls, value: object) -> object:
        if value == "unverified":
            raise ValueError("unverified channels must not be published (see channels-README)")
        return value


# ---------------------------------------------------------------- checklists
class Item(Model):
    id: Slug
    text: Text
    why: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = ""
    laws: list[LawRef] = []
    channels: list[ChannelRef] = []
    key: bool = False  # one of the few that matter most: shown first, under "最重要的几项"


class Section(Model):
    title: Line
    intro: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = ""
    scenario: ScenarioRef | None = None  # extra items for one scenario
    items: list[Item] = Field(min_length=1, max_length=MAX_LIST)


class Checklist(Model):
    id: Slug
    title: Line
    description: Description
    purpose: Text
    reviewed: Reviewed
    sections: list[Section] = Field(min_length=1, max_length=MAX_LIST)
    sources: list[ExtraSource] = []
    log_columns: list[Line] = Field(
        default=[], max_length=12
    )  # a dated log table (维权进度记录表) printed after the items
    log_rows: int = Field(default=0, ge=0, le=60)

    @model_validator(mode="after")
    def unique_items(self) -> Model:
        seen: set[str] = set()
        for s, section in enumerate(self.sections):
            for i, item in enumerate(section.items):
                if item.id in seen:
                    raise ValueError(f"sections[{s}].items[{i}].id: duplicate item id '{item.id}'")
                seen.add(item.id)
        if len(seen) > MAX_ITEMS:
            raise ValueError(f"sections: {len(seen)} items in one checklist; at most {MAX_ITEMS} (split it)")
        if bool(self.log_columns) != bool(self.log_rows):
            raise ValueError("log_columns and log_rows: give both or neither")
        self._check_key_items(len(seen))
        return self

    def _check_key_items(self, total: int) -> None:
        keys = self.key_items
        lo, hi = KEY_ITEMS
        if keys and not lo <= len(keys) <= hi:
            raise ValueError(f"sections: {len(keys)} items marked key: true; mark {lo} to {hi}")
        if not keys and total > LONG_CHECKLIST:
            raise ValueError(
                f"sections: {total} items; a checklist this long marks the {lo} to {hi} that matter most "
                "with key: true (shown first)"
            )
        for s, section in enumerate(self.sections):
            for i, item in enumerate(section.items):
                if item.key and section.scenario:
                    raise ValueError(
                        f"sections[{s}].items[{i}].key: key items are for every reader; "
                        f"this section is only for scenario '{section.scenario}'"
                    )

    @property
    def key_items(self) -> list[Item]:
        return [item for item in self.items if item.key]

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]


# ---------------------------------------------------------------- letters (文书)
class LetterField(Model):
    name: FieldName
    label: Line
    example: Text
    required: bool = True
    multiline: bool = False
    help: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = ""


BlockKind = Literal["heading", "paragraph", "list", "law", "note"]


class Block(Model):
    kind: BlockKind
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = ""
    items: list[Text] = Field(default=[], max_length=MAX_LIST)
    law: LawRef | None = None
    optional: bool = False  # "不适用就删掉" — marked as deletable on every output

    @model_validator(mode="after")
    def shape(self) -> Model:
        if self.kind == "law":
            if not self.law or self.text or self.items:
                raise ValueError("a 'law' block takes only `law: <law id>`")
        elif self.kind == "list":
            if not self.items or self.law:
                raise ValueError("a 'list' block needs `items` and no `law`")
        elif not self.text.strip() or self.items or self.law:
            raise ValueError(f"a '{self.kind}' block needs `text` only")
        return self

    def texts(self) -> list[str]:
        return [self.text] if self.text else list(self.items)


class Letter(Model):
    id: Slug
    title: Line
    description: Description
    purpose: Text
    reviewed: Reviewed
    how_to_use: list[Text] = Field(min_length=1, max_length=MAX_LIST)
    send: list[Text] = Field(min_length=1, max_length=MAX_LIST)  # how to send it and keep proof
    fields: list[LetterField] = Field(min_length=1, max_length=MAX_LIST)
    body: list[Block] = Field(min_length=1, max_length=MAX_ITEMS)
    channels: list[ChannelRef] = []
    sources: list[ExtraSource] = []

    @model_validator(mode="after")
    def check_placeholders(self) -> Model:
        names = [f.name for f in self.fields]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"fields: duplicate field name(s) {', '.join(dupes)}")
        declared = set(names)
        used: set[str] = set()
        for b, block in enumerate(self.body):
            for text in block.texts():
                stray = PLACEHOLDER.sub("", text)
                if "{" in stray or "}" in stray:
                    raise ValueError(
                        f"body[{b}]: unbalanced brace in {text!r}; placeholders are written {{field_name}}"
                    )
                for name in PLACEHOLDER.findall(text):
                    if name not in declared:
                        raise ValueError(
                            f"body[{b}]: placeholder {{{name}}} is not a declared field"
                            f" (declared: {', '.join(names)})"
                        )
                    used.add(name)
        unused = [n for n in names if n not in used]
        if unused:
            raise ValueError(f"fields: declared but never used in body: {', '.join(unused)}")
        return self

    def field(self, name: str) -> LetterField:
        return next(f for f in self.fields if f.name == name)


# ---------------------------------------------------------------- scenarios
class Route(Model):
    title: Line
    why: Text
    channel: ChannelRef | None = None


class Deadline(Model):
    text: Text
    laws: list[LawRef] = []
    channels: list[ChannelRef] = []


class FirstStep(Model):
    """One of the three things to do first, shown on the first screen of a scenario page, with
    the one place it leads to: a letter, a checklist, a channel, or a page of the site."""

    text: Text
    letter: LetterRef | None = None
    checklist: ChecklistRef | None = None
    channel: ChannelRef | None = None
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9/_-]+\.md(#[^\s#]+)?$")] | None = None

    @model_validator(mode="after")
    def one_target(self) -> Model:
        targets = [t for t in (self.letter, self.checklist, self.channel, self.page) if t]
        if len(targets) != 1:
            raise ValueError("give exactly one of letter, checklist, channel or page")
        return self


class Scenario(Model):
    id: Slug
    title: Line
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9/_-]+\.md$")]
    summary: Text
    first: list[FirstStep] = Field(min_length=3, max_length=3)  # 先做这三件事 (first screen)
    keywords: list[Line] = Field(default=[], max_length=MAX_LIST)
    today: list[Text] = Field(min_length=1, max_length=MAX_LIST)
    evidence: list[Text] = Field(min_length=1, max_length=MAX_LIST)
    # declared before routes and deadlines: refs() yields in field order, which is citing order
    laws: list[LawRef] = Field(min_length=1)
    routes: list[Route] = Field(min_length=1)
    deadlines: list[Deadline] = Field(min_length=1)
    checklists: list[ChecklistRef] = []
    letters: list[LetterRef] = Field(min_length=1)
    sources: list[ExtraSource] = []
    reviewed: Reviewed


# ---------------------------------------------------------------- where readers may be sent
class OfficialText(Model):
    name: Line
    url: Url


class OfficialTexts(Model):
    default: OfficialText
    by_law: dict[str, OfficialText] = {}


class Hosts(Model):
    """data/hosts.yml: the hosts reader pages may link to, and where official texts live."""

    id: Slug = "hosts"
    official: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")]] = Field(
        min_length=1
    )
    mainstream: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")]] = []
    official_texts: OfficialTexts

    def allows(self, host: str) -> bool:
        host = host.lower().split(":")[0]
        return any(host == h or host.endswith("." + h) for h in [*self.official, *self.mainstream])

    def official_text(self, law_name: str) -> OfficialText:
        return self.official_texts.by_law.get(law_name, self.official_texts.default)


# ---------------------------------------------------------------- references
def refs(obj: BaseModel) -> Iterator[Ref]:
    """Every reference to another entry held by `obj`, in field order, with its field path."""
    yield from _refs_in(obj, type(obj), "")


def ref_ids(obj: BaseModel, kind: str) -> list[str]:
    """The ids of one kind that `obj` refers to, first mention first, each once."""
    return list(dict.fromkeys(r.id for r in refs(obj) if r.kind == kind))


def _refs_in(value, annotation, path: str) -> Iterator[Ref]:
    if isinstance(value, BaseModel):
        hints = _hints(type(value))
        for name in type(value).model_fields:
            yield from _refs_in(getattr(value, name), hints[name], f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        inner = typing.get_args(_strip_optional(annotation))
        for n, item in enumerate(value):
            yield from _refs_in(item, inner[0] if inner else object, f"{path}[{n}]")
    elif isinstance(value, str):
        kind = _ref_kind(_strip_optional(annotation))
        if kind:
            yield Ref(kind, value, path)


_HINTS: dict[type, dict] = {}


def _hints(cls: type) -> dict:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, include_extras=True)
    return _HINTS[cls]


def _strip_optional(annotation):
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        return non_none[0] if len(non_none) == 1 else annotation
    return annotation


def _ref_kind(annotation) -> str | None:
    return next((m.kind for m in getattr(annotation, "__metadata__", ()) if isinstance(m, RefTo)), None)
