"""Typed models of everything in data/.

Every model forbids unknown fields, so a typo in a key is an error rather than silently ignored.
A field that refers to another entry is typed with a `Ref` alias (`LawRef`, `ChannelRef`, …);
`refs(obj)` finds every such reference with its field path, and the catalog checks, cites and
hashes through it — adding a reference field needs no other change.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import reprlib
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

from .lawversion import sentence as version_sentence

# Limits that keep a contributor's mistake (or a hostile file) from producing a 10,000-item PDF.
MAX_TEXT = 2000  # characters in one paragraph, item or step
MAX_LAW_TEXT = 6000  # characters in one statute article
MAX_LINE = 120  # characters in a title, name, label or description line
MAX_ITEMS = 150  # items in one checklist
LONG_CHECKLIST = 20  # more items than this: mark the few that matter most (key: true)
KEY_ITEMS = (3, 6)  # how many items a checklist marks key: true
MAX_LIST = 60  # entries in any other list
MARKUP = set('<>"&')


# Characters that would break a one-line message or hide what a value says: line and paragraph
# separators, control characters, zero-width and direction marks.
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]")
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 2, 60, 60


def shown(value: object, limit: int = 60) -> str:
    """A value from data fit for a one-line message: hidden characters written as escapes
    (\\n, \\u2028), anything but text abridged (an alias bomb stays small), long text cut."""
    text = value if isinstance(value, str) else _REPR.repr(value)
    text = _HIDDEN.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
# Names JavaScript gives meaning to: a field named `constructor` would read Object.prototype's in the
# browser (`{}["constructor"]` is a function). Field names become keys of the browser's objects.
_JS_NAMES = """
constructor prototype __proto__ tostring valueof hasownproperty isprototypeof propertyisenumerable
tolocalestring __definegetter__ __definesetter__ __lookupgetter__ __lookupsetter__
arguments await break case catch class const continue debugger default delete do else enum
eval export extends false finally for function if implements import in instanceof interface let
new null package private protected public return static super switch this throw true try
typeof undefined var void while with yield
"""
JS_NAMES = frozenset(_JS_NAMES.split())


def not_js_name(value: str) -> str:
    if value.lower() in JS_NAMES:
        raise ValueError(
            f"{value!r} is a name JavaScript reserves (or one of Object.prototype's); choose another"
        )
    return value


FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$"), AfterValidator(not_js_name)]
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


# Characters no text here needs, refused in every field: control characters (python-docx cannot
# write them: the DOCX step crashed), lone surrogates and non-characters (not encodable as UTF-8 /
# XML), direction overrides (they can make shown text read differently from its source), and the
# Unicode line separators (a line break in some outputs and not others; a syntax error inside a
# script string in browsers before Chrome 66, which old WeChat WebViews still are).
_BAD_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def _bad_char(value: object) -> str | None:
    if isinstance(value, str):
        match = _BAD_CHAR.search(value)
        return match.group(0) if match else None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple)):
        return next((c for c in map(_bad_char, value) if c), None)
    return None


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def no_hidden_characters(cls, value: object) -> object:
        char = _bad_char(value)
        if char:
            raise ValueError(
                f"contains the character U+{ord(char):04X} ({shown(char)}), which no text here needs; "
                "delete it (retype the text around it if it is invisible)"
            )
        return value


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
    # 白话: what the article means for a reader (data/laws-plain.yml, attached by the loader)
    plain: Text | None = None

    @field_validator("version")
    @classmethod
    def version_renders(cls, value: str) -> str:
        version_sentence(value)  # readers see it as a sentence (macros/lawversion.py)
        return value

    @property
    def version_text(self) -> str:
        """The version as readers see it: （2020年5月28日通过，2021年1月1日起施行）."""
        return version_sentence(self.version)

    @property
    def citation(self) -> str:
        # Title marks nest as 〈〉 inside 《》: 《…关于适用〈中华人民共和国民事诉讼法〉的解释》
        return f"《{self.law.replace('《', '〈').replace('》', '〉')}》{self.article}"

    @property
    def label(self) -> str:
        """Short name for lists: 电子商务法第二十条."""
        return f"{self.short_name}{self.article}"

    @property
    def short_name(self) -> str:
        """The short name as readers see it: the imported 网络消费纠纷规定(一) with full-width brackets."""
        return self.short.replace("(", "（").replace(")", "）")

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
    # a long form is filled in steps a phone can manage: the step this field belongs to (its title)
    step: Line | None = None
    # how the browser asks for it: a date picker (the letter reads "2026年9月28日"), or one of a
    # few fixed answers (性别: 男/女); the blank template keeps the example column either way
    date: bool = False
    choices: list[Line] = Field(default=[], max_length=12)

    @model_validator(mode="after")
    def one_input(self) -> Model:
        if sum([self.multiline, self.date, bool(self.choices)]) > 1:
            raise ValueError("give only one of `multiline`, `date`, `choices`")
        if len(set(self.choices)) != len(self.choices):
            raise ValueError("`choices` lists an answer twice")
        return self


# `variant` marks where the chosen problem's own blocks (facts, legal basis) go in the common body.
BlockKind = Literal["heading", "paragraph", "list", "law", "note", "variant"]


class Block(Model):
    kind: BlockKind
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = ""
    items: list[Text] = Field(default=[], max_length=MAX_LIST)
    law: LawRef | None = None
    # An optional block gets a checkbox "包括这一段" in the browser; unticked, it is left out of the
    # filled letter. `checked: false` starts it unticked; optional blocks with the same `group`
    # share one checkbox (a paragraph and the statute it introduces).
    optional: bool = False
    checked: bool = True
    group: Slug | None = None
    # guidance for the reader (notes always are): shown on the page and in the blank template,
    # never part of the filled letter (.txt, print, .docx)
    guide: bool = False

    @model_validator(mode="after")
    def shape(self) -> Model:
        if self.kind == "law":
            if not self.law or self.text or self.items:
                raise ValueError("a 'law' block takes only `law: <law id>`")
        elif self.kind == "list":
            if not self.items or self.law:
                raise ValueError("a 'list' block needs `items` and no `law`")
        elif self.kind == "variant":
            if self.text or self.items or self.law or self.optional or self.guide:
                raise ValueError("a 'variant' block is only a marker: `kind: variant` and nothing else")
        elif not self.text.strip() or self.items or self.law:
            raise ValueError(f"a '{self.kind}' block needs `text` only")
        if (not self.checked or self.group) and not self.optional:
            raise ValueError("`checked` and `group` apply to optional blocks only (add `optional: true`)")
        return self

    @property
    def is_guide(self) -> bool:
        return self.guide or self.kind == "note"

    def texts(self) -> list[str]:
        return [self.text] if self.text else list(self.items)


class Variant(Model):
    """The blocks of a letter that depend on the reader's problem (one of the scenarios)."""

    problem: ScenarioRef
    label: Line | None = None  # shown in the problem picker; default: the scenario's title
    body: list[Block] = Field(min_length=1, max_length=MAX_LIST)

    @field_validator("body")
    @classmethod
    def no_marker(cls, body: list[Block]) -> list[Block]:
        if any(b.kind == "variant" for b in body):
            raise ValueError("a variant's body cannot hold another `kind: variant` marker")
        return body


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
    variants: list[Variant] = Field(default=[], max_length=MAX_LIST)  # one per problem (scenario id)
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
        for where, block in self.all_blocks():
            for text in block.texts():
                used.update(_placeholders(text, where, names, declared))
        unused = [n for n in names if n not in used]
        if unused:
            raise ValueError(f"fields: declared but never used in body: {', '.join(unused)}")
        return self

    @model_validator(mode="after")
    def check_variants(self) -> Model:
        markers = [b for b, block in enumerate(self.body) if block.kind == "variant"]
        if self.variants and len(markers) != 1:
            raise ValueError("body: a letter with variants needs exactly one `kind: variant` marker")
        if markers and not self.variants:
            raise ValueError(f"body[{markers[0]}]: a `kind: variant` marker needs `variants`")
        return self

    @model_validator(mode="after")
    def check_steps(self) -> Model:
        stepped = [f.name for f in self.fields if f.step]
        if stepped and len(stepped) != len(self.fields):
            missing = ", ".join(f.name for f in self.fields if not f.step)
            raise ValueError(f"fields: give every field a `step` or none (no step: {missing})")
        return self

    def all_blocks(self) -> Iterator[tuple[str, Block]]:
        """Every block with its field path: the common body, then each variant's body."""
        for b, block in enumerate(self.body):
            yield f"body[{b}]", block
        for v, variant in enumerate(self.variants):
            for b, block in enumerate(variant.body):
                yield f"variants[{v}].body[{b}]", block

    @property
    def steps(self) -> list[str]:
        return list(dict.fromkeys(f.step for f in self.fields if f.step))

    def field(self, name: str) -> LetterField:
        return next(f for f in self.fields if f.name == name)


def _placeholders(text: str, where: str, names: list[str], declared: set[str]) -> list[str]:
    stray = PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)
    at = next((n for n, c in enumerate(stray) if c in "{}"), None)
    if at is not None:
        near = shown(text[max(0, at - 20) : at + 20])  # the text around it, not all 2000 characters
        raise ValueError(
            f"{where}: unbalanced brace at character {at + 1} (near '{near}'); "
            "placeholders are written {field_name}"
        )
    found = PLACEHOLDER.findall(text)
    for name in found:
        if name not in declared:
            raise ValueError(
                f"{where}: placeholder {{{shown(name)}}} is not a declared field "
                f"(declared: {', '.join(names)})"
            )
    return found


# ---------------------------------------------------------------- scenarios
class Route(Model):
    title: Line
    why: Text
    # the channels this route uses (e.g. WeChat Pay and Alipay, one route for either way of paying)
    channels: list[ChannelRef] = Field(default=[], max_length=3)
    # show each channel's `how` steps (its tap path) inline, under the route
    tap: bool = False

    @model_validator(mode="after")
    def tap_needs_channels(self) -> Model:
        if self.tap and not self.channels:
            raise ValueError("tap: shows the channels' steps; give `channels` too")
        return self


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
    # the route of this page that starts with this channel (shown there with its tap path)
    route: ChannelRef | None = None
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9/_-]+\.md(#[^\s#]+)?$")] | None = None

    @model_validator(mode="after")
    def one_target(self) -> Model:
        targets = [t for t in (self.letter, self.checklist, self.channel, self.route, self.page) if t]
        if len(targets) != 1:
            raise ValueError("give exactly one of letter, checklist, channel, route or page")
        return self

    @property
    def kind(self) -> str:
        """What the step leads to; a route is a channel step on the same page."""
        return next(k for k in ("letter", "checklist", "channel", "route", "page") if getattr(self, k))


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
    # 相关法律: what each of `laws` does for this page's reader, one line each (its 白话 says what
    # the article says; this says why it is on this page)
    law_uses: dict[Slug, Line] = Field(min_length=1)
    routes: list[Route] = Field(min_length=1)
    deadlines: list[Deadline] = Field(min_length=1)
    checklists: list[ChecklistRef] = []
    letters: list[LetterRef] = Field(min_length=1)
    sources: list[ExtraSource] = []
    reviewed: Reviewed

    @model_validator(mode="after")
    def a_use_for_each_law(self) -> Model:
        missing = [lid for lid in self.laws if lid not in self.law_uses]
        extra = [lid for lid in self.law_uses if lid not in self.laws]
        if missing or extra:
            raise ValueError(
                f"law_uses: one line for each id in laws; missing: {', '.join(missing) or 'none'};"
                f" not in laws: {', '.join(extra) or 'none'}"
            )
        return self

    @model_validator(mode="after")
    def first_routes_exist(self) -> Model:
        starts = [r.channels[0] for r in self.routes if r.channels]
        for n, step in enumerate(self.first):
            if step.route and step.route not in starts:
                raise ValueError(
                    f"first[{n}].route: no route starts with channel '{step.route}'"
                    f" (routes start with: {', '.join(starts) or 'none'})"
                )
        return self


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


# ---------------------------------------------------------------- page front matter
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


# ---------------------------------------------------------------- the case file (我的案件)
CaseFieldKind = Literal["text", "multiline", "date"]


class CaseField(Model):
    """One fact of the reader's case, with one meaning (the amount paid is not the amount demanded)."""

    name: FieldName
    label: Line
    example: Annotated[str, StringConstraints(max_length=MAX_LINE)] = ""
    kind: CaseFieldKind = "text"
    private: bool = False  # the reader's own identity; never prefilled into a published letter
    # false: never part of a published letter (order and transaction numbers: impostor "客服" pick
    # their targets from public complaints); private fields are never public either
    public: bool = True

    @property
    def publishable(self) -> bool:
        return self.public and not self.private

    help: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = ""


class CaseGroup(Model):
    title: Line
    fields: list[CaseField] = Field(min_length=1, max_length=MAX_LIST)


class Case(Model):
    """data/case.yml: the case schema and how each letter's fields map onto it (checked against the
    letters in loader._check_case)."""

    id: Slug = "case"
    groups: list[CaseGroup] = Field(min_length=1, max_length=MAX_LIST)
    public_letters: list[LetterRef] = []  # published letters (黑猫投诉): no private field prefills
    # letter id -> {letter field name: case field name}
    letters: dict[Slug, dict[FieldName, FieldName]] = {}
    # checklist id -> the case fields its page lists (e.g. what the 12315 form asks for)
    checklists: dict[Slug, list[FieldName]] = {}

    @model_validator(mode="after")
    def unique_fields(self) -> Model:
        names = [f.name for g in self.groups for f in g.fields]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"groups: duplicate case field name(s) {', '.join(dupes)}")
        return self

    @property
    def fields(self) -> dict[str, CaseField]:
        return {f.name: f for g in self.groups for f in g.fields}

    def browser_json(self) -> str:
        """What wq-case.js needs (JSON text; placed in an attribute, escaped by the template)."""
        fields = self.fields
        return json.dumps(
            {
                "fields": {
                    # "private" here means what the browser needs: never filled into a published letter
                    n: {"label": f.label, "kind": f.kind, "private": not f.publishable}
                    for n, f in fields.items()
                },
                "letters": self.letters,
                "public": self.public_letters,
                "checklists": self.checklists,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )


# ---------------------------------------------------------------- holidays (working-day counting)
class HolidayBlock(Model):
    name: Line
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def ordered(self) -> Model:
        if self.end < self.start:
            raise ValueError(f"end: {self.end} is before start {self.start}")
        return self

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]


class PublishedYear(Model):
    """One year's schedule as the State Council General Office published it (放假 and 调休上班)."""

    year: int = Field(ge=2000, le=2100)
    notice: Line  # title of the notice
    number: Line  # 国办发明电〔…〕…号
    published: dt.date
    url: Url
    rest: list[HolidayBlock] = Field(min_length=1, max_length=20)
    work: list[dt.date] = Field(default=[], max_length=20)  # weekend days that are working days

    @model_validator(mode="after")
    def consistent(self) -> Model:
        for n, block in enumerate(self.rest):
            for day in (block.start, block.end):
                if day.year != self.year:
                    raise ValueError(f"rest[{n}]: {day} is not in {self.year}")
        for n, day in enumerate(self.work):
            if day.weekday() < 5:
                raise ValueError(f"work[{n}]: {day} is a weekday; list only weekend days worked (调休上班)")
            if any(block.start <= day <= block.end for block in self.rest):
                raise ValueError(f"work[{n}]: {day} is also inside a holiday")
        return self


class StatutoryYear(Model):
    """A year whose schedule is not published yet: the statutory holiday dates only (《全国年节及
    纪念日放假办法》, 13 days), lunar festivals converted to Gregorian dates."""

    year: int = Field(ge=2000, le=2100)
    rest: list[HolidayBlock] = Field(min_length=7, max_length=7)

    @model_validator(mode="after")
    def thirteen_days(self) -> Model:
        days = [d for block in self.rest for d in block.days()]
        if len(days) != 13:  # 中秋 may fall on 国庆 (2028-10-03): counted in both blocks
            raise ValueError(f"rest: {len(days)} days; the statutory holidays are 13 days a year")
        if any(d.year != self.year for d in days):
            raise ValueError(f"rest: a date outside {self.year}")
        return self


class Holidays(Model):
    """data/holidays.yml: published schedules, statutory dates for later years, and the rule."""

    id: Slug = "holidays"
    rule: ExtraSource  # 《全国年节及纪念日放假办法》 (current version)
    published: list[PublishedYear] = Field(min_length=1)
    statutory: list[StatutoryYear] = []

    @model_validator(mode="after")
    def years(self) -> Model:
        years = [y.year for y in self.published] + [y.year for y in self.statutory]
        if years != sorted(set(years)) or years != list(range(years[0], years[0] + len(years))):
            raise ValueError(
                f"published, statutory: years {years} must follow each other without gap or repeat"
            )
        return self

    def browser_json(self) -> str:
        def iso(days):
            return [d.isoformat() for d in days]

        return json.dumps(
            {
                "published": {
                    str(y.year): {"rest": iso(d for b in y.rest for d in b.days()), "work": iso(y.work)}
                    for y in self.published
                },
                "statutory": {str(y.year): iso(d for b in y.rest for d in b.days()) for y in self.statutory},
            },
            separators=(",", ":"),
        )
