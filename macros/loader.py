"""Read and validate every file in data/ once, before any page is rendered.

`load_catalog(data_dir)` returns a `Catalog` of typed objects or raises `DataError`, whose message
has one line per problem: file, entry (id or index), field and reason. All problems found in one
run are reported together, so a contributor fixes them in one pass.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .kinds import DATA_KINDS, DOC_KINDS, DataKind
from .letter_text import spacing_problems
from .models import Model, Ref, refs, shown

M = TypeVar("M", bound=BaseModel)


class DataError(Exception):
    """Invalid data. `problems` holds one readable line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Invalid data in data/ (nothing was built):\n  " + "\n  ".join(problems))


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml's, when available: ~10x faster) that rejects a key given twice in
    one mapping (PyYAML keeps the last silently), a key that is not a plain value, and merge keys;
    a value YAML cannot build (2026-02-30, `!!int x`) is reported at its line like any YAML error."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except RecursionError:
            raise _error(node, "nested too deeply") from None
        except Exception as exc:  # the constructors' own ValueError, AttributeError, …
            raise _error(
                node, f"cannot read '{shown(node.value)}' as {node.tag.rsplit(':', 1)[-1]} ({exc})"
            ) from None

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _error(key_node, "merge keys (<<) are not used in data/; write the fields out")
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float, bool, dt.date)) and key is not None:
                raise _error(key_node, f"a key must be a name, not a {type(key).__name__}")
            if key in seen:
                raise _error(key_node, f"key '{shown(key)}' appears twice in one mapping")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _error(node, problem: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


class Unknown(LookupError):
    """An id that is not in data/ (a macro call or a reference)."""


@dataclass
class Catalog:
    """Every entry of data/, by kind and id."""

    entries: dict[str, dict[str, Model]] = field(default_factory=lambda: {k.name: {} for k in DATA_KINDS})
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> data file
    invalid: set = field(default_factory=set)  # ids of entries that failed validation
    unreadable: set = field(default_factory=set)  # kinds with a list file that could not be read

    def get(self, kind: str, key: str) -> Model:
        try:
            return self.entries[kind][key]
        except KeyError:
            raise Unknown(f"unknown {kind} id '{key}'") from None

    def where(self, kind: str, key: str) -> str:
        return self.files.get((kind, key), "data/")

    laws = property(lambda self: self.entries["law"])
    channels = property(lambda self: self.entries["channel"])
    checklists = property(lambda self: self.entries["checklist"])
    letters = property(lambda self: self.entries["letter"])
    scenarios = property(lambda self: self.entries["scenario"])
    hosts = property(lambda self: self.entries["hosts"]["hosts"])
    case = property(lambda self: self.entries["case"]["case"])
    holidays = property(lambda self: self.entries["holidays"]["holidays"])

    def documents(self, kind: str) -> list[Model]:
        return list(self.entries[kind].values())


def _rel(path: pathlib.Path, root: pathlib.Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


def _loc(loc: Iterable) -> str:
    out = ""
    for part in loc:
        part = part if isinstance(part, int) else shown(part)  # a key from data: one line
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(entry)"


def _read_yaml(path: pathlib.Path, name: str, problems: list[str]):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    return _read_yaml_text(text, name, problems)


def _read_yaml_text(text: str, name: str, problems: list[str], first_line: int = 1):
    """The data in text, or None with the reason added to problems; lines count from first_line."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.reader.ReaderError as exc:  # a character YAML refuses; it has no mark, only a position
        line = text.count("\n", 0, exc.position) + first_line if isinstance(exc.position, int) else None
        at = f"line {line}: " if line else ""
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        problems.append(f"{name}: {at}not valid YAML: character U+{code:04X} is not allowed")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + first_line}, column {mark.column + 1}: " if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        problems.append(f"{name}: {where}not valid YAML: {reason}" + (f" ({context})" if context else ""))
    except RecursionError:
        problems.append(f"{name}: not valid YAML: nested too deeply")
    return None


MAX_PROBLEMS = 20  # reported per entry (a hostile file may hold thousands)
_FIELD_PREFIX = re.compile(r"^([A-Za-z_][\w\[\]\.]*): (.*)$", re.S)


def _validate(model: type[M], raw, name: str, label: str, problems: list[str], invalid: set) -> M | None:
    if not isinstance(raw, dict):
        problems.append(f"{name}: {label}: expected a mapping of fields, got {type(raw).__name__}")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        for err in errors[:MAX_PROBLEMS]:
            where, reason = _explain(err)
            problems.append(f"{name}: {label}: field '{where}': {reason}")
        if len(errors) > MAX_PROBLEMS:
            problems.append(f"{name}: {label}: {len(errors) - MAX_PROBLEMS} more problems in this entry")
        if isinstance(raw.get("id"), str):
            invalid.add(raw["id"])
        return None


def _explain(err: dict) -> tuple[str, str]:
    """(field path, reason) of one pydantic error, in a contributor's words."""
    reason = err["msg"].removeprefix("Value error, ")
    where = _loc(err["loc"])
    if err["type"] == "extra_forbidden":
        reason = "unknown field (typo? see the model in macros/models.py)"
    elif err["type"] == "missing":
        reason = "required field is missing"
    elif err["type"] == "string_type" and isinstance(err.get("input"), (int, float, dt.date, dt.datetime)):
        kind = "a date" if isinstance(err["input"], dt.date) else "a number"
        reason = f"YAML read {str(err['input'])!r} as {kind}; put it in quotes to keep it as text"
    elif not err["loc"]:
        # whole-entry checks (models.py) start their message with the field they concern
        match = _FIELD_PREFIX.match(reason)
        if match:
            where, reason = match.group(1), match.group(2)
    return where, reason


def _label(raw, index: int | None) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    ident = shown(ident) if ident else None
    if index is None:
        return f"entry '{ident}'" if ident else "entry"
    return f"entry '{ident}' (#{index})" if ident else f"entry #{index}"


def _add(cat: Catalog, kind: str, obj, name: str, label: str, problems: list[str]) -> None:
    target = cat.entries[kind]
    if obj.id in target:
        problems.append(
            f"{name}: {label}: field 'id': duplicate id '{obj.id}'"
            + ("" if cat.where(kind, obj.id) == name else f" (also in {cat.where(kind, obj.id)})")
        )
        return
    target[obj.id] = obj
    cat.files[(kind, obj.id)] = name


def _load_list(
    path: pathlib.Path, root: pathlib.Path, kind: DataKind, cat: Catalog, problems: list[str]
) -> None:
    name = _rel(path, root)
    if not path.exists():
        problems.append(f"{name}: file is missing")
        return
    raw = _read_yaml(path, name, problems)
    if not isinstance(raw, list):
        cat.unreadable.add(kind.name)  # references to its entries are not reported one by one
    if raw is None:
        if not any(p.startswith(name) for p in problems):
            problems.append(f"{name}: file is empty")
        return
    if not isinstance(raw, list):
        problems.append(f"{name}: expected a list of entries, got {type(raw).__name__}")
        return
    for index, item in enumerate(raw):
        label = _label(item, index)
        obj = _validate(kind.model, item, name, label, problems, cat.invalid)
        if obj is not None:
            _add(cat, kind.name, obj, name, label, problems)


def _load_single(
    path: pathlib.Path, root: pathlib.Path, kind: DataKind, cat: Catalog, problems: list[str]
) -> None:
    name = _rel(path, root)
    raw = _read_yaml(path, name, problems) if path.exists() else None
    if raw is None:
        if not any(p.startswith(name) for p in problems):
            problems.append(f"{name}: file is missing or empty")
        return
    obj = _validate(kind.model, raw, name, "file", problems, cat.invalid)
    if obj is not None:
        _add(cat, kind.name, obj, name, "file", problems)


def _load_folder(
    folder: pathlib.Path, root: pathlib.Path, kind: DataKind, cat: Catalog, problems: list[str]
) -> None:
    if not folder.is_dir():
        problems.append(f"{_rel(folder, root)}/: folder is missing")
        return
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        name = _rel(path, root)
        raw = _read_yaml(path, name, problems)
        if raw is None:
            cat.invalid.add(path.stem)  # reported here; references to it are not reported again
            if not any(p.startswith(name) for p in problems):
                problems.append(f"{name}: file is empty")
            continue
        label = _label(raw, None)
        obj = _validate(kind.model, raw, name, label, problems, cat.invalid)
        if obj is None:
            cat.invalid.add(path.stem)  # references to it are not reported again
            continue
        if obj.id != path.stem:
            problems.append(f"{name}: {label}: field 'id': must equal the file name '{path.stem}'")
            continue
        _add(cat, kind.name, obj, name, label, problems)


PLAIN_FILE = "laws-plain.yml"


def _attach_plain(data_dir: pathlib.Path, cat: Catalog, problems: list[str]) -> None:
    """data/laws-plain.yml maps a law id to its 白话 (kept apart from laws.yml, which the import
    script rewrites); each text is validated as Law.plain and attached to its law."""
    path = data_dir / PLAIN_FILE
    name = _rel(path, data_dir)
    raw = _read_yaml(path, name, problems) if path.exists() else {}
    if raw is None:
        return
    if not isinstance(raw, dict):
        problems.append(f"{name}: expected a mapping of law id to text, got {type(raw).__name__}")
        return
    for law_id, text in raw.items():
        law = cat.laws.get(law_id)
        if law is None:
            if law_id not in cat.invalid and "law" not in cat.unreadable:
                problems.append(f"{name}: entry '{shown(law_id)}': unknown law id '{shown(law_id)}'")
            continue
        try:
            cat.laws[law_id] = law.model_validate({**law.model_dump(), "plain": text})
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(f"{name}: entry '{law_id}': field '{_loc(err['loc'])}': {_explain(err)[1]}")


def _check_refs(cat: Catalog, problems: list[str]) -> None:
    """Every reference (models.refs) must name an existing entry, once per list, and never a
    repealed law; an entry that exists but failed validation is reported once, at its own file."""
    for kind, entries in cat.entries.items():
        for obj in entries.values():
            seen: dict[tuple[str, str], str] = {}
            found = [(ref, p) for ref in refs(obj) if (p := _ref_problem(cat, ref, seen))]
            at = f"{cat.where(kind, obj.id)}: entry '{obj.id}'"
            problems.extend(f"{at}: field '{ref.path}': {problem}" for ref, problem in found[:MAX_PROBLEMS])
            if len(found) > MAX_PROBLEMS:
                problems.append(f"{at}: {len(found) - MAX_PROBLEMS} more problems with references")
    _check_shared_ids(cat, problems)
    _check_scenario_pages(cat, problems)
    _check_case(cat, problems)
    for letter in cat.letters.values():
        for path, reason in spacing_problems(letter):
            problems.append(
                f"{cat.where('letter', letter.id)}: entry '{letter.id}': field '{path}': {reason}"
            )


def _ref_problem(cat: Catalog, ref: Ref, seen: dict) -> str | None:
    parent = ref.path.rsplit("[", 1)[0]
    if (parent, ref.id) in seen:
        return f"'{ref.id}' is listed twice (also at {seen[(parent, ref.id)]})"
    seen[(parent, ref.id)] = ref.path
    target = cat.entries[ref.kind].get(ref.id)
    if target is None:
        unchecked = ref.id in cat.invalid or ref.kind in cat.unreadable
        return None if unchecked else f"unknown {ref.kind} id '{ref.id}'"
    repealed = getattr(target, "repealed", None)
    if repealed:
        return f"{ref.kind} '{ref.id}' was repealed on {repealed}; cite the current rule"
    return None


def _check_scenario_pages(cat: Catalog, problems: list[str]) -> None:
    owner: dict[str, str] = {}
    for sc in cat.scenarios.values():
        if sc.page in owner:
            problems.append(
                f"{cat.where('scenario', sc.id)}: entry '{sc.id}': field 'page': "
                f"{sc.page} is already the page of scenario '{owner[sc.page]}'"
            )
        owner.setdefault(sc.page, sc.id)


def _check_case(cat: Catalog, problems: list[str]) -> None:
    """data/case.yml `letters:` maps existing letters' fields onto existing case fields, and never
    a private case field into a published letter."""
    case = cat.entries["case"].get("case")
    if case is None:
        return
    where, fields = f"{cat.where('case', 'case')}: entry 'case'", case.fields
    for letter_id, mapping in case.letters.items():
        letter = cat.letters.get(letter_id)
        if letter is None:
            if letter_id not in cat.invalid:
                problems.append(f"{where}: field 'letters.{letter_id}': unknown letter id '{letter_id}'")
            continue
        names = {f.name for f in letter.fields}
        for name, target in mapping.items():
            at = f"{where}: field 'letters.{letter_id}.{name}'"
            if name not in names:
                problems.append(f"{at}: letter '{letter_id}' has no field '{name}'")
            elif target not in fields:
                problems.append(f"{at}: unknown case field '{target}'")
            elif not fields[target].publishable and letter_id in case.public_letters:
                kind = "private" if fields[target].private else "not for publication (public: false)"
                problems.append(
                    f"{at}: case field '{target}' is {kind} and '{letter_id}' is published "
                    "(public_letters); a published letter never receives private or unpublishable fields"
                )
    for letter_id in case.public_letters:
        if letter_id in cat.letters:
            _check_public_letter(cat.letters[letter_id], fields, where, problems)
    for checklist_id, names in case.checklists.items():
        at = f"{where}: field 'checklists.{checklist_id}'"
        if checklist_id not in cat.checklists and checklist_id not in cat.invalid:
            problems.append(f"{at}: unknown checklist id '{checklist_id}'")
        problems.extend(f"{at}: unknown case field '{n}'" for n in names if n not in fields)


def _check_public_letter(letter, fields: dict, where: str, problems: list[str]) -> None:
    """A published letter does not even ask for what the case file keeps out of publication."""
    for f in letter.fields:
        case_field = fields.get(f.name)
        if case_field is not None and not case_field.publishable:
            problems.append(
                f"{where}: field 'public_letters': letter '{letter.id}' is published and declares field "
                f"'{f.name}', which the case file keeps out of published letters; remove it from the letter"
            )


def _check_shared_ids(cat: Catalog, problems: list[str]) -> None:
    names = [k.name for k in DOC_KINDS]
    for n, kind in enumerate(names):
        for other in names[n + 1 :]:
            for key in cat.entries[kind].keys() & cat.entries[other].keys():
                problems.append(
                    f"{cat.where(other, key)}: entry '{key}': field 'id': the id is also used by "
                    f"{kind} {cat.where(kind, key)}; {kind}s and {other}s share one download "
                    "namespace (downloads/<id>.pdf), so ids must differ"
                )


def load_catalog(data_dir: str | pathlib.Path) -> Catalog:
    """Load and validate everything in data_dir; raise DataError listing every problem."""
    data_dir = pathlib.Path(data_dir).resolve()
    problems: list[str] = []
    cat = Catalog()
    for kind in DATA_KINDS:
        if kind.single:
            _load_single(data_dir / kind.source, data_dir, kind, cat, problems)
        elif kind.one_file:
            _load_list(data_dir / kind.source, data_dir, kind, cat, problems)
            for extra in kind.also:
                if (data_dir / extra).exists():
                    _load_list(data_dir / extra, data_dir, kind, cat, problems)
        else:
            _load_folder(data_dir / kind.source.rstrip("/"), data_dir, kind, cat, problems)
    _attach_plain(data_dir, cat, problems)
    _check_refs(cat, problems)
    if problems:
        raise DataError(problems)
    return cat


_FRONT = re.compile(r"^---[ \t]*\n(.*?\n?)(?:---|\.\.\.)[ \t]*(?:\n|$)", re.S)


def front_matter_problem(source: str) -> str | None:
    """The first problem in reading a Markdown page's front matter as data/ is read (a key given
    twice is an error, MkDocs keeps the last silently; a value YAML cannot build is named at its
    line); None if fine. Which keys a page may have, and their rules: macros/front_matter.py."""
    match = _FRONT.match(source)
    if not match:
        return None
    problems: list[str] = []
    raw = _read_yaml_text(match.group(1), "front matter", problems, first_line=2)
    if problems:
        return problems[0]
    if not isinstance(raw, dict):
        return "front matter must be a mapping of `key: value` lines"
    return None
