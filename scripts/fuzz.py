"""Fuzz data/ and the pages' front matter: random mutations of copies, loaded or built for real.

    .venv/bin/python scripts/fuzz.py --seed 1 --count 2000 --builds 30

Each mutation changes one file of a copy of the project: a value of the wrong type, a missing or
extra key, an empty or huge value, a duplicate, unicode oddities (U+2028, zero-width, RTL marks),
markup, YAML anchors, aliases and tags (an alias bomb among them), or the raw bytes (BOM, CRLF,
truncation, bad UTF-8). Data mutations go through the loader (`macros.loader.load_catalog`, in a
worker process with a time limit); `--builds` of them, and mutations of page front matter, go
through the real strict build (`macros.strict.build`). Every outcome must be one of:

* a clean load or build that kept the mutated entry (and, when a text field was changed, the
  changed text: in the loaded entry, and somewhere in site/ when the field is shown), whose pages
  are inert: no event handler, javascript: URL, frame or script that the unmutated build lacks;
* a refusal whose every problem is ONE line starting with the file it names (`data/…: ` or
  `docs/…: `), the mutated file among them;

never a Python traceback, a hang (time limit), or a crash. Exit status 1 if any outcome failed;
the summary groups the refusals' messages and the failures.
"""

from __future__ import annotations

import argparse
import collections
import copy
import dataclasses
import datetime as dt
import multiprocessing
import pathlib
import random
import re
import sys
import tempfile
import time
import traceback

import lxml.html
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import strict  # noqa: E402
from macros.kinds import DATA_KINDS  # noqa: E402
from macros.loader import DataError, load_catalog  # noqa: E402

FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LOAD_TIMEOUT = 20  # seconds for one load (a normal load takes ~0.1 s)
BUILD_TIMEOUT = 300
MEMORY_LIMIT = 2 << 30  # bytes of address space for the loader's worker: a memory bomb fails fast
LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")

ODDITIES = [
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # BOM / zero-width no-break space
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u2066",  # left-to-right isolate
    "\u0085",  # next line
    "\u00a0",  # no-break space
    "\u3000",  # ideographic space
    "e\u0301\u0301\u0301",  # stacked combining marks
    "\U0001f4a9",  # astral-plane emoji
    "\uff1c\uff1e",  # fullwidth < >
    "\t",
    " ",
    "\x07",  # bell: a control character YAML keeps when written as an escape
    "\x1b[31m",  # a terminal colour escape
    "\x00",
]
MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "[x](javascript:alert(4))",
    "{ onfocus=alert(5) autofocus }",
    "{{ law('consumer-44') }}",
    "{% raw %}",
    "{# comment",
    "<!--wq-html:0-->",
    "</textarea><b>",
    "&lt;script&gt;",
    "javascript:alert(6)",
    "{field}",
    "}{",
    "| a | b |\n|---|---|",
    "# heading",
    "*[HTML]: abbreviation",
    "<!-- comment",
    "${alert(7)}",
    "\\u003cscript\\u003e",
]
# Raw YAML put in place of a value (flow style, so it fits wherever a value goes).
BOMB = (
    "{a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol], "
    + ", ".join(f"{k}: &{k} [{', '.join(['*' + p] * 9)}]" for p, k in zip("abcdefgh", "bcdefghi"))
    + "}"
)
RAW_VALUES = [
    BOMB,
    "{<<: {title: merged}, extra: 1}",
    "!!python/object/apply:os.system [echo pwned]",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [{a: 1}, {b: 2}]",
    "!custom value",
    "!!str",
    "!!int x",
    "!!timestamp 2026-13-45",
    ".nan",
    "-.inf",
    "0o17",
    "0x1F",
    "1_000",
    "9" * 400,
    "1e999",
    "~",
    "2026-02-30",
    "2999-01-01",
    "1900-01-01",
    "12:30:00",
    "{[a, b]: c}",
    "{? {a: 1} : 2}",
    "[" * 3000 + "]" * 3000,
    "{" * 400 + "}" * 400,
    "&anchor value",
    "*undefined_alias",
    "'unterminated",
    '"bad \\escape \\x"',
    "yes",
    '"\\0 nul"',
    '"\\e[31m ansi"',
    '"\\a bell"',
    '"a\\nb"',
    '"\\u202eevil"',
    '"x\\u2028y"',
    "off",
    "null",
    "|\n  block\n  text",
]


# The fields (by kind) whose text readers see: a clean build must show what a mutation put there.
# Other fields are checked but never shown (research fields, ids, topics, holiday names).
SHOWN = {
    "law": {"text", "plain"},
    "plain": None,  # data/laws-plain.yml: every value
    "channel": {"summary", "leverage", "how", "bring", "timing"},
    "checklist": {"title", "description", "purpose", "intro", "text", "why"},
    "letter": {"title", "description", "purpose", "how_to_use", "send", "label", "example", "help", "text"},
    "scenario": {"title", "summary", "today", "evidence", "why", "text"},
    "case": {"label", "help", "example"},
}


@dataclasses.dataclass
class Mutation:
    n: int
    file: str  # relative to the project: data/… or docs/…
    content: bytes
    op: str  # what was done, for the report
    keep: tuple[str, str] | None = None  # (kind, id) that a clean load must still hold
    value: str | None = None  # text put into a field: a clean load must hold it verbatim
    delta: int = 0  # entries of `keep`'s kind removed (-1) on purpose
    shown: bool = False  # `value` went into a field readers see (SHOWN)


@dataclasses.dataclass
class Outcome:
    mutation: Mutation
    status: str  # "clean", "refused" or "failed"
    lines: list[str]  # the refusal's problems, or what failed


# ---------------------------------------------------------------- where mutations go
@dataclasses.dataclass
class Source:
    file: str  # data/laws.yml
    kind: str  # law, or "plain" for data/laws-plain.yml
    shape: str  # "list", "entry" (one entry per file) or "single"
    text: str
    doc: object


def data_sources(project: pathlib.Path) -> list[Source]:
    sources = []
    for kind in DATA_KINDS:
        if kind.one_file:
            shape = "single" if kind.single else "list"
            paths = [project / "data" / kind.source, *(project / "data" / a for a in kind.also)]
        else:
            shape, paths = "entry", sorted((project / "data" / kind.source).glob("*.yml"))
        sources.extend(_source(project, p, kind.name, shape) for p in paths if p.exists())
    plain = project / "data" / "laws-plain.yml"
    if plain.exists():
        sources.append(_source(project, plain, "plain", "single"))
    return sources


def page_sources(project: pathlib.Path) -> list[Source]:
    """Markdown pages with front matter; `doc` is the front matter, `text` the whole page."""
    sources = []
    for path in sorted((project / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
        if match:
            rel = path.relative_to(project).as_posix()
            sources.append(Source(rel, "page", "page", text, yaml.safe_load(match.group(1))))
    return sources


def _source(project: pathlib.Path, path: pathlib.Path, kind: str, shape: str) -> Source:
    text = path.read_text(encoding="utf-8")
    return Source(path.relative_to(project).as_posix(), kind, shape, text, yaml.safe_load(text))


# ---------------------------------------------------------------- mutations of the parsed tree
def _paths(node, path=()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            out.extend(_paths(value, (*path, n)))
    return out


def _get(node, path: tuple):
    for part in path:
        node = node[part]
    return node


def _other_type(rng: random.Random, value) -> object:
    choices = [42, -1, 3.5, True, False, None, "text", dt.date(2020, 1, 1), [], {}, ["a", "b"], {"k": "v"}]
    return rng.choice([c for c in choices if type(c) is not type(value)])


def _text(rng: random.Random, old: object, n: int) -> str:
    """A new text for a field: the old text (when it was text) with an oddity or markup and a marker."""
    base = old if isinstance(old, str) else ""
    cut = rng.randint(0, len(base))
    junk = rng.choice(ODDITIES) if rng.random() < 0.5 else rng.choice(MARKUP)
    return base[:cut] + junk + f"FZ{n:05d}" + base[cut:]


@dataclasses.dataclass
class Change:
    op: str
    value: object = None  # the new value (None: the key is deleted)
    raw: str | None = None  # raw YAML put in place of the value
    text: str | None = None  # the text put in (checked after a clean load)
    alias_of: tuple | None = None
    delete: bool = False
    extra_key: object = None


def _change(rng: random.Random, doc, path: tuple, n: int) -> Change:
    old = _get(doc, path) if path else doc
    roll = rng.random()
    if roll < 0.22:
        text = _text(rng, old, n)
        return Change("text: " + _describe(text), value=text, text=text)
    if roll < 0.32:
        return Change(f"wrong type ({type(old).__name__} -> ?)", value=_other_type(rng, old))
    if roll < 0.42 and path:
        return Change("missing key/item", delete=True)
    if roll < 0.50 and isinstance(old, dict):
        key = rng.choice(["fuzz_extra", "Title", "id ", "", 1, "title\u200b", "<<", "__proto__"])
        return Change(f"extra key {key!r}", extra_key=key, value=rng.choice(["x", 1, None, [1]]))
    if roll < 0.58:
        return Change("empty", value=rng.choice(["", " ", [], {}, None, "\u200b"]))
    if roll < 0.66:
        return _huge(rng, old)
    if roll < 0.74 and isinstance(old, list) and old:
        return Change("duplicate item", value=[*old, copy.deepcopy(rng.choice(old))])
    if roll < 0.82 and path:
        return Change("alias of another node", alias_of=rng.choice(_paths(doc)[1:] or [path]))
    raw = rng.choice(RAW_VALUES)
    return Change("raw YAML: " + _describe(raw), raw=raw)


def _huge(rng: random.Random, old) -> Change:
    roll = rng.random()
    if roll < 0.4:
        return Change("huge text", value="长" * rng.choice([121, 301, 2001, 6001, 100_000]))
    if roll < 0.7:
        item = rng.choice(old) if isinstance(old, list) and old else "x"
        return Change("huge list", value=[copy.deepcopy(item) for _ in range(rng.choice([61, 151, 5000]))])
    return Change("huge number", value=rng.choice([10**100, -(10**30), 2**63, 1e308]))


def _describe(text: str) -> str:
    return repr(text if len(text) < 40 else text[:37] + "…")


def _apply(doc, path: tuple, change: Change):
    """The mutated copy of doc; raw YAML is left as a placeholder string for `_dump`."""
    doc = copy.deepcopy(doc)
    if not path:
        return change.value if change.raw is None else "__FZRAW__"
    parent, key = _get(doc, path[:-1]), path[-1]
    if change.delete:
        del parent[key]
    elif change.extra_key is not None:
        _get(doc, path)[change.extra_key] = change.value
    elif change.alias_of is not None:
        try:
            parent[key] = _get(doc, change.alias_of)  # the same object: the dump writes &id/*id
        except (KeyError, IndexError, TypeError):
            parent[key] = None
    else:
        parent[key] = "__FZRAW__" if change.raw is not None else change.value
    return doc


def _dump(doc, raw: str | None) -> str:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
    if raw is not None:
        text = text.replace("__FZRAW__", raw.replace("\n", "\n    "), 1)
    return text


def tree_mutation(rng: random.Random, src: Source, n: int) -> Mutation:
    path = rng.choice(_paths(src.doc))
    return _tree_mutation(src, path, _change(rng, src.doc, path, n), n)


def _tree_mutation(src: Source, path: tuple, change: Change, n: int) -> Mutation:
    text = _dump(_apply(src.doc, path, change), change.raw)
    keep, delta = _kept(src, path, change)
    where = ".".join(map(str, path)) or "(file)"
    value = change.text if change.text is not None and path else None
    if value is not None and not _holds(yaml.load(text, Loader=FAST), value):
        value = None  # YAML itself folds it (a raw U+0085 is a line break to YAML 1.1)
    m = Mutation(n, src.file, text.encode("utf-8"), f"{where}: {change.op}", keep, value, delta)
    keys = [p for p in path if isinstance(p, str)]
    fields = SHOWN.get(src.kind, set())
    m.shown = value is not None and (fields is None or bool(keys and keys[-1] in fields))
    return m


def _kept(src: Source, path: tuple, change: Change) -> tuple[tuple[str, str] | None, int]:
    """The entry a clean load must still hold, and how many entries the change removes on purpose."""
    if src.shape == "list":
        if not path or not isinstance(src.doc[path[0]], dict):
            return None, 0
        entry = src.doc[path[0]].get("id")
        if len(path) == 1 and change.delete:
            return (src.kind, entry), -1
        if len(path) == 2 and path[1] == "id":
            return None, 0  # the id itself changed
        return (src.kind, entry), 0
    if src.shape == "entry":
        return (src.kind, pathlib.PurePath(src.file).stem), 0
    if src.kind == "plain":
        return (("law", path[0]), 0) if path and isinstance(path[0], str) else (None, 0)
    return (src.kind, src.kind), 0


# ---------------------------------------------------------------- mutations of the raw bytes
def _duplicate_line(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True)
    keyed = [n for n, line in enumerate(lines) if re.match(r"^\s*[a-z_]+: \S", line)]
    if not keyed:
        return text + text
    n = rng.choice(keyed)
    return "".join(lines[: n + 1] + [lines[n]] + lines[n + 1 :])


RAW_OPS = {
    "BOM": lambda rng, t: ("\ufeff" + t).encode(),
    "CRLF": lambda rng, t: t.replace("\n", "\r\n").encode(),
    "CR only": lambda rng, t: t.replace("\n", "\r").encode(),
    "truncated": lambda rng, t: t.encode()[: rng.randint(0, len(t.encode()))],
    "bad UTF-8": lambda rng, t: t.encode()[:100] + b"\xff\xfe\xc3" + t.encode()[100:],
    "GBK bytes": lambda rng, t: t.encode("gb18030"),
    "NUL byte": lambda rng, t: (t[:50] + "\x00" + t[50:]).encode(),
    "control char": lambda rng, t: (t[:50] + "\x07" + t[50:]).encode(),
    "tab indent": lambda rng, t: t.replace("\n  ", "\n\t", 3).encode(),
    "duplicate key": lambda rng, t: _duplicate_line(rng, t).encode(),
    "empty file": lambda rng, t: b"",
    "comment only": lambda rng, t: b"# nothing here\n",
    "two documents": lambda rng, t: (t + "\n---\n" + t).encode(),
    "document end": lambda rng, t: ("...\n" + t).encode(),
    "line removed": lambda rng, t: _drop_line(rng, t).encode(),
    "U+2028 raw": lambda rng, t: t.replace(": ", ": \u2028", 1).encode(),
    "directive": lambda rng, t: ("%YAML 9.9\n---\n" + t).encode(),
}


def _drop_line(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True)
    if lines:
        del lines[rng.randrange(len(lines))]
    return "".join(lines)


def raw_mutation(rng: random.Random, src: Source, n: int) -> Mutation:
    op = rng.choice(sorted(RAW_OPS))
    return Mutation(n, src.file, RAW_OPS[op](rng, src.text), f"raw: {op}")


# Fields every fixed mutation goes into: text shown on a page, in each shape of file.
FIXED_TARGETS = [
    ("data/letters/platform-complaint.yml", ("how_to_use", 0)),
    ("data/checklists/evidence.yml", ("sections", 0, "items", 0, "text")),
    ("data/channels.yml", (0, "summary")),
    ("data/laws-plain.yml", None),  # the first key's text
]


def fixed_mutations(project: pathlib.Path, start: int = 50000) -> list[Mutation]:
    """Every raw value, oddity, piece of markup and raw-bytes change, once each, into one of
    FIXED_TARGETS in turn: what a random run of any size is sure to have tried."""
    sources = {s.file: s for s in data_sources(project)}
    rng = random.Random(0)
    changes = [Change("raw YAML: " + _describe(r), raw=r) for r in RAW_VALUES]
    for junk in ODDITIES + MARKUP:
        changes.append(Change("text: " + _describe(junk), text=junk))
    out = []
    for n, change in enumerate(changes):
        file, path = FIXED_TARGETS[n % len(FIXED_TARGETS)]
        src = sources[file]
        path = path or (next(iter(src.doc)),)
        if change.text is not None:
            old = _get(src.doc, path)
            change.text = change.value = old[:2] + change.text + f"FZ{start + n:05d}" + old[2:]
        out.append(_tree_mutation(src, path, change, start + n))
    for n, op in enumerate(sorted(RAW_OPS), start=start + len(changes)):
        src = sources[FIXED_TARGETS[n % len(FIXED_TARGETS)][0]]
        out.append(Mutation(n, src.file, RAW_OPS[op](rng, src.text), f"raw: {op}"))
    return out


def data_mutations(seed: int, count: int, project: pathlib.Path) -> list[Mutation]:
    rng = random.Random(seed)
    sources = data_sources(project)
    out = []
    for n in range(count):
        src = rng.choice(sources)
        make = raw_mutation if rng.random() < 0.15 else tree_mutation
        out.append(make(rng, src, n))
    return out


def page_mutations(seed: int, count: int, project: pathlib.Path) -> list[Mutation]:
    """Mutations of front matter (the rest of each page is left as it is)."""
    rng = random.Random(seed + 1)
    sources = page_sources(project)
    out = []
    for n in range(count):
        src = rng.choice(sources)
        body = src.text.split("\n---\n", 1)[1]
        if n % 2:  # every other one puts text into the title or description (shown on the page)
            path = (rng.choice(["title", "description"]),)
            junk = _text(rng, src.doc.get(path[0]), 90000 + n)
            change = Change("text: " + _describe(junk), value=junk, text=junk)
        else:
            path = rng.choice(_paths(src.doc))
            change = _change(rng, src.doc, path, 90000 + n)
        front = _dump(_apply(src.doc, path, change), change.raw)
        text = f"---\n{front}---\n{body}"
        where = ".".join(map(str, path)) or "(front matter)"
        value = change.text if path and path[0] in ("title", "description") else None
        out.append(
            Mutation(90000 + n, src.file, text.encode(), f"front matter {where}: {change.op}", None, value)
        )
        out[-1].shown = value is not None
    return out


# ---------------------------------------------------------------- the loader, in a worker process
def _counts(cat) -> dict[str, int]:
    return {kind: len(entries) for kind, entries in cat.entries.items()}


def _holds(value, text: str) -> bool:
    if isinstance(value, str):
        return value == text
    if isinstance(value, dict):
        return any(_holds(v, text) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds(v, text) for v in value)
    return False


def silent_changes(cat, base: dict[str, int], m: Mutation) -> list[str]:
    """What a clean load lost: an entry, or the text the mutation put in."""
    problems = []
    counts = _counts(cat)
    for kind, count in base.items():
        expected = count + (m.delta if m.keep and m.keep[0] == kind else 0)
        if counts[kind] != expected:
            problems.append(f"clean load holds {counts[kind]} {kind} entries, expected {expected}")
    if m.keep and m.keep[1] not in cat.entries[m.keep[0]] and m.delta == 0:
        problems.append(f"clean load dropped {m.keep[0]} '{m.keep[1]}'")
    elif (
        m.keep
        and m.value is not None
        and m.delta == 0
        and not _holds(cat.entries[m.keep[0]][m.keep[1]].model_dump(), m.value)
    ):
        problems.append(f"clean load changed the text put in: {m.value!r:.80}")
    return problems


def load_outcome(project: pathlib.Path, base: dict[str, int], m: Mutation) -> tuple[str, list[str]]:
    path = project / m.file
    old = path.read_bytes()
    path.write_bytes(m.content)
    try:
        cat = load_catalog(project / "data")
    except DataError as exc:
        return "refused", list(exc.problems)
    except BaseException as exc:  # a crash is what the fuzzer looks for
        tb = traceback.format_exc()
        return "failed", [f"crash: {type(exc).__name__}: {str(exc)[:200]}", tb[-1500:]]
    finally:
        path.write_bytes(old)
    silent = silent_changes(cat, base, m)
    return ("failed" if silent else "clean"), silent


def _worker(conn, project: str) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    sys.setrecursionlimit(3000)
    root = pathlib.Path(project)
    base = _counts(load_catalog(root / "data"))
    while (m := conn.recv()) is not None:
        conn.send(load_outcome(root, base, m))


class Loader:
    """load_catalog in a child process, so that a hang or a memory bomb is caught and survived."""

    def __init__(self, project: pathlib.Path):
        self.project = project
        self.proc = None

    def _start(self) -> None:
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, str(self.project)), daemon=True)
        self.proc.start()

    def run(self, m: Mutation) -> Outcome:
        if self.proc is None or not self.proc.is_alive():
            self._start()
        self.conn.send(m)
        if self.conn.poll(LOAD_TIMEOUT):
            try:
                status, lines = self.conn.recv()
                return Outcome(m, status, lines)
            except EOFError:
                pass
        self.proc.kill()
        self.proc.join()
        self.proc = None
        (self.project / m.file).write_bytes((ROOT / m.file).read_bytes())
        return Outcome(m, "failed", [f"hang or crash: no answer within {LOAD_TIMEOUT} s"])

    def close(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            self.conn.send(None)
            self.proc.join(10)


# ---------------------------------------------------------------- checks of a refusal
def refusal_problems(m: Mutation, lines: list[str], build: bool = False) -> list[str]:
    """A refusal is one line per problem, each starting with the file it names, the mutated one
    among them."""
    out = []
    if not lines:
        return ["refused without a message"]
    for line in lines:
        if any(b in line for b in LINE_BREAKS):
            out.append(f"a problem spans lines: {line[:160]!r}")
        elif not build and not re.match(r"^(data|docs)/[^:\s]*: ", line):
            out.append(f"a problem does not start with its file: {line[:160]!r}")
        elif len(line) > 600:
            out.append(f"a problem line of {len(line)} characters: {line[:100]!r}")
    named = any(line.startswith(m.file + ":") or f" {m.file}:" in line for line in lines)
    if not named and m.delta == 0:  # an entry deleted on purpose is missed where it is cited
        out.append(f"no problem names the mutated file {m.file}: {lines[0][:160]!r}")
    if len(lines) > 100:
        out.append(f"{len(lines)} problems reported for one mutation")
    return out


def judge_load(outcome: Outcome) -> Outcome:
    if outcome.status == "refused":
        problems = refusal_problems(outcome.mutation, outcome.lines)
        if problems:
            return Outcome(outcome.mutation, "failed", problems)
    return outcome


# ---------------------------------------------------------------- full builds
def _active(site: pathlib.Path) -> dict[str, set]:
    """Per page: everything that can run (scripts, handlers, script URLs, frames)."""
    found: dict[str, set] = {}
    for page in site.rglob("*.html"):
        items = found.setdefault(page.relative_to(site).as_posix(), set())
        for el in lxml.html.fromstring(page.read_bytes()).iter():
            if not isinstance(el.tag, str):
                continue
            if el.tag in ("script", "iframe", "object", "embed", "base", "frame"):
                items.add((el.tag, el.get("src") or "", (el.text or "")[:2000]))
            if el.tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
                items.add(("meta refresh", el.get("content")))
            for name, value in el.attrib.items():
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower().split(":", 1)[0]
                if name.lower().startswith("on"):
                    items.add((f"{el.tag}@{name}", value))
                elif scheme in ("javascript", "vbscript") or (scheme == "data" and el.tag != "img"):
                    items.add((f"{el.tag}@{name}", value[:80]))
    return found


def _shown(site: pathlib.Path, marker: str) -> bool:
    needle = marker.encode()
    return any(needle in p.read_bytes() for p in site.rglob("*") if p.is_file() and p.suffix != ".zip")


class Builder:
    """One copy of the project, built for real after each mutation."""

    def __init__(self, project: pathlib.Path, site: pathlib.Path):
        self.project, self.site = project, site
        proc = self._build()
        if proc.returncode != 0:
            raise SystemExit(f"the unmutated copy does not build:\n{proc.stderr[-2000:]}")
        self.baseline = _active(site)

    def _build(self):
        env = {"WQ_DOWNLOADS": "false", "SITE_URL": "", "WQ_DATA_DIR": str(self.project / "data")}
        return strict.build(self.project / "mkdocs.yml", self.site, env=env, timeout=BUILD_TIMEOUT)

    def run(self, m: Mutation) -> Outcome:
        path = self.project / m.file
        old = path.read_bytes()
        path.write_bytes(m.content)
        try:
            proc = self._build()
        except Exception as exc:  # subprocess.TimeoutExpired above all
            return Outcome(m, "failed", [f"build did not finish: {type(exc).__name__}"])
        finally:
            path.write_bytes(old)
        output = proc.stdout + "\n" + proc.stderr
        if "Traceback" in output:
            tail = [line for line in output.splitlines() if line.strip()][-3:]
            return Outcome(m, "failed", ["build printed a Python traceback", *tail])
        if proc.returncode != 0:
            lines = [line for line in output.splitlines() if m.file in line] or [strict.first_problem(output)]
            problems = refusal_problems(m, [line.split(" -  ", 1)[-1].strip() for line in lines], build=True)
            return Outcome(m, "failed", problems) if problems else Outcome(m, "refused", lines)
        return self._judge_clean(m)

    def _judge_clean(self, m: Mutation) -> Outcome:
        problems = []
        for page, items in _active(self.site).items():
            extra = items - self.baseline.get(page, set())
            problems.extend(f"{page}: runs {item!r:.160}" for item in sorted(extra, key=repr))
        marker = re.search(r"FZ\d{5}", m.value or "") if m.shown else None
        if marker and not _shown(self.site, marker.group(0)):
            problems.append(f"built without the text put in ({marker.group(0)})")
        return Outcome(m, "failed" if problems else "clean", problems)


# ---------------------------------------------------------------- the run and its report
def copy_project(dest: pathlib.Path) -> pathlib.Path:
    """docs/, data/, overrides/ and mkdocs.yml copied, code linked (macros/strict.py)."""
    strict.copy_project(dest)
    return dest


def fuzz_loader(seed: int, count: int, tmp: pathlib.Path) -> list[Outcome]:
    """The fixed mutations, then `count` random ones, through the loader."""
    project = copy_project(tmp / "loader")
    loader = Loader(project)
    try:
        mutations = fixed_mutations(project) + data_mutations(seed, count, project)
        return [judge_load(loader.run(m)) for m in mutations]
    finally:
        loader.close()


def build_mutations(seed: int, count: int, project: pathlib.Path) -> list[Mutation]:
    """Half front matter, half data (text put into fields, which must show or be refused)."""
    pages = page_mutations(seed, count - count // 2, project)
    rng, sources, data = random.Random(seed + 7), data_sources(project), []
    for n in range(70000, 80000):
        if len(data) >= count // 2:
            break
        m = tree_mutation(rng, rng.choice(sources), n)
        data += [m] if m.shown else []
    return pages + data


def fuzz_builds(seed: int, count: int, tmp: pathlib.Path) -> list[Outcome]:
    if count <= 0:
        return []
    project = copy_project(tmp / "build")
    builder = Builder(project, tmp / "site")
    return [builder.run(m) for m in build_mutations(seed, count, project)]


def pattern(line: str) -> str:
    """A refusal's message with its particulars replaced, to group like messages."""
    line = re.sub(r"^\s*(?:(?:ERROR|WARNING)\s+-\s+)?(data|docs)/\S*?: ", "FILE: ", line)
    line = re.sub(r"entry '[^']*'( \(#\d+\))?|entry #\d+", "ENTRY", line)
    line = re.sub(r"field '[^']*'", "field F", line)
    line = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", line)
    return re.sub(r"\d+", "N", line)[:150]


def report(outcomes: list[Outcome], label: str) -> list[str]:
    statuses = collections.Counter(o.status for o in outcomes)
    out = [
        f"{label}: {len(outcomes)} mutations: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    ]
    groups = collections.Counter(pattern(line) for o in outcomes if o.status == "refused" for line in o.lines)
    out.append(f"  distinct refusal messages ({len(groups)}):")
    out.extend(f"  {n:5d}  {p}" for p, n in groups.most_common())
    for o in outcomes:
        if o.status == "failed":
            m = o.mutation
            out.append(f"  FAILED #{m.n} {m.file} {m.op}")
            out.extend(f"      {line[:300]!r}" for line in o.lines[:4])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=500, help="mutations through the loader")
    parser.add_argument("--builds", type=int, default=0, help="mutations through a full build")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="wq-fuzz-") as tmp:
        loads = fuzz_loader(args.seed, args.count, pathlib.Path(tmp))
        print("\n".join(report(loads, "loader")), flush=True)
        builds = fuzz_builds(args.seed, args.builds, pathlib.Path(tmp))
        if builds:
            print("\n".join(report(builds, "builds")))
    print(f"seed {args.seed}: {time.monotonic() - started:.0f} s")
    return 1 if any(o.status == "failed" for o in [*loads, *builds]) else 0


if __name__ == "__main__":
    sys.exit(main())
