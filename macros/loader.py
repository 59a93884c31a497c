"""Read and validate every file in data/ once, before any page is rendered.

`load_catalog(data_dir)` returns a `Catalog` of typed objects or raises `DataError`, whose message
has one line per problem: file, entry (id or index), field and reason. All problems found in one
run are reported together, so a contributor fixes them in one pass.
"""
from __future__ import annotations

import hashlib
import os
import re
import pathlib
from dataclasses import dataclass, field
from typing import Iterable, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .models import Channel, Checklist, Law, Scenario, Template

M = TypeVar("M", bound=BaseModel)


class DataError(Exception):
    """Invalid data. `problems` holds one readable line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Invalid data in data/ (nothing was built):\n  " + "\n  ".join(problems))


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml's, when available: ~10x faster) that rejects a key given twice in
    one mapping (PyYAML keeps the last silently)."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                mark = key_node.start_mark
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' appears twice in one mapping (line {mark.line + 1})",
                    mark)
            seen[key] = True
        return super().construct_mapping(node, deep=deep)


@dataclass
class Catalog:
    laws: dict[str, Law] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    templates: dict[str, Template] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)   # "kind:id" -> data file (for messages)
    fingerprint: str = ""
    invalid: set = field(default_factory=set)   # ids of entries that failed validation

    def where(self, kind: str, key: str) -> str:
        return self.files.get(f"{kind}:{key}", "data/")


def _rel(path: pathlib.Path, root: pathlib.Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


def _loc(loc: Iterable) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(entry)"


def _read_yaml(path: pathlib.Path, name: str, problems: list[str]):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        problems.append(f"{name}: {where}not valid YAML: {reason}" + (f" ({context})" if context else ""))
        return None


_FIELD_PREFIX = re.compile(r"^([A-Za-z_][\w\[\]\.]*): (.*)$", re.S)


def _validate(model: type[M], raw, name: str, label: str, problems: list[str], invalid: set) -> M | None:
    if not isinstance(raw, dict):
        problems.append(f"{name}: {label}: expected a mapping of fields, got {type(raw).__name__}")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            reason = err["msg"].removeprefix("Value error, ")
            where = _loc(err["loc"])
            if err["type"] == "extra_forbidden":
                reason = "unknown field (typo? see the model in macros/models.py)"
            elif err["type"] == "missing":
                reason = "required field is missing"
            elif not err["loc"]:
                # whole-entry checks (models.py) start their message with the field they concern
                match = _FIELD_PREFIX.match(reason)
                if match:
                    where, reason = match.group(1), match.group(2)
            problems.append(f"{name}: {label}: field '{where}': {reason}")
        if isinstance(raw.get("id"), str):
            invalid.add(raw["id"])
        return None


def _label(raw, index: int | None) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    if index is None:
        return f"entry '{ident}'" if ident else "entry"
    return f"entry '{ident}' (#{index})" if ident else f"entry #{index}"


def _load_list(path: pathlib.Path, root, model, kind, catalog, target, problems):
    name = _rel(path, root)
    if not path.exists():
        problems.append(f"{name}: file is missing")
        return
    raw = _read_yaml(path, name, problems)
    if raw is None:
        if not any(p.startswith(name) for p in problems):
            problems.append(f"{name}: file is empty")
        return
    if not isinstance(raw, list):
        problems.append(f"{name}: expected a list of entries, got {type(raw).__name__}")
        return
    for index, item in enumerate(raw):
        label = _label(item, index)
        obj = _validate(model, item, name, label, problems, catalog.invalid)
        if obj is None:
            continue
        if obj.id in target:
            problems.append(f"{name}: {label}: field 'id': duplicate id '{obj.id}'")
            continue
        target[obj.id] = obj
        catalog.files[f"{kind}:{obj.id}"] = name


def _load_folder(folder: pathlib.Path, root, model, kind, catalog, target, problems):
    if not folder.is_dir():
        problems.append(f"{_rel(folder, root)}/: folder is missing")
        return
    paths = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))
    for path in paths:
        name = _rel(path, root)
        raw = _read_yaml(path, name, problems)
        if raw is None:
            if not any(p.startswith(name) for p in problems):
                problems.append(f"{name}: file is empty")
            continue
        label = _label(raw, None)
        obj = _validate(model, raw, name, label, problems, catalog.invalid)
        if obj is None:
            continue
        if obj.id != path.stem:
            problems.append(f"{name}: {label}: field 'id': must equal the file name '{path.stem}'")
            continue
        if obj.id in target:
            problems.append(f"{name}: {label}: field 'id': duplicate id '{obj.id}'"
                            f" (also in {catalog.where(kind, obj.id)})")
            continue
        target[obj.id] = obj
        catalog.files[f"{kind}:{obj.id}"] = name


def _check_refs(cat: Catalog, problems: list[str]) -> None:
    kinds = {"law": cat.laws, "channel": cat.channels, "checklist": cat.checklists,
             "template": cat.templates, "scenario": cat.scenarios}

    def need(kind, ref, owner_kind, owner, field_path):
        # an entry that exists but failed validation is reported once, at its own file
        if ref is not None and ref not in kinds[kind] and ref not in cat.invalid:
            problems.append(f"{cat.where(owner_kind, owner.id)}: entry '{owner.id}': field "
                            f"'{field_path}': unknown {kind} id '{ref}'")

    for t in cat.templates.values():
        if t.id in cat.checklists:   # both publish downloads/<id>.pdf and .docx
            problems.append(f"{cat.where('template', t.id)}: entry '{t.id}': field 'id': the id is also used by "
                            f"checklist {cat.where('checklist', t.id)}; checklists and templates share one "
                            "download namespace, so ids must differ")
    for c in cat.checklists.values():
        for s, section in enumerate(c.sections):
            need("scenario", section.scenario, "checklist", c, f"sections[{s}].scenario")
            for i, item in enumerate(section.items):
                for n, law in enumerate(item.laws):
                    need("law", law, "checklist", c, f"sections[{s}].items[{i}].laws[{n}]")
                for n, ch in enumerate(item.channels):
                    need("channel", ch, "checklist", c, f"sections[{s}].items[{i}].channels[{n}]")
    for t in cat.templates.values():
        for b, block in enumerate(t.body):
            need("law", block.law, "template", t, f"body[{b}].law")
        for n, ch in enumerate(t.channels):
            need("channel", ch, "template", t, f"channels[{n}]")
    for sc in cat.scenarios.values():
        for n, law in enumerate(sc.laws):
            need("law", law, "scenario", sc, f"laws[{n}]")
        for r, route in enumerate(sc.routes):
            need("channel", route.channel, "scenario", sc, f"routes[{r}].channel")
        for d, deadline in enumerate(sc.deadlines):
            for n, law in enumerate(deadline.laws):
                need("law", law, "scenario", sc, f"deadlines[{d}].laws[{n}]")
            for n, ch in enumerate(deadline.channels):
                need("channel", ch, "scenario", sc, f"deadlines[{d}].channels[{n}]")
        for n, ref in enumerate(sc.checklists):
            need("checklist", ref, "scenario", sc, f"checklists[{n}]")
        for n, ref in enumerate(sc.templates):
            need("template", ref, "scenario", sc, f"templates[{n}]")


def fingerprint(data_dir: pathlib.Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(data_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def data_dir() -> pathlib.Path:
    """data/ beside mkdocs.yml, or $WQ_DATA_DIR (tests build fixture data sets this way)."""
    return pathlib.Path(os.environ.get("WQ_DATA_DIR") or pathlib.Path(__file__).resolve().parent.parent / "data")


_CACHE: dict[tuple[str, str], Catalog] = {}


def load_catalog(data_dir: str | pathlib.Path) -> Catalog:
    """Load and validate all data; cached per data_dir content, so once per build."""
    data_dir = pathlib.Path(data_dir).resolve()
    key = (str(data_dir), fingerprint(data_dir))
    if key in _CACHE:
        return _CACHE[key]
    problems: list[str] = []
    cat = Catalog(fingerprint=key[1])
    _load_list(data_dir / "laws.yml", data_dir, Law, "law", cat, cat.laws, problems)
    _load_list(data_dir / "channels.yml", data_dir, Channel, "channel", cat, cat.channels, problems)
    _load_folder(data_dir / "checklists", data_dir, Checklist, "checklist", cat, cat.checklists, problems)
    _load_folder(data_dir / "templates", data_dir, Template, "template", cat, cat.templates, problems)
    _load_folder(data_dir / "scenarios", data_dir, Scenario, "scenario", cat, cat.scenarios, problems)
    _check_refs(cat, problems)
    if problems:
        raise DataError(problems)
    _CACHE.clear()
    _CACHE[key] = cat
    return cat
