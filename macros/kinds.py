"""What kinds of entries data/ holds, and which of them are documents a reader can download.

Adding a document kind (like checklist or letter) means adding one `DocKind` here, a model in
models.py, a Jinja file in templates/ and a DOCX writer; pages, nav, downloads and the download
table follow from this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import docx_writer
from .models import Case, Channel, Checklist, Holidays, Hosts, Law, Letter, Model, Scenario


@dataclass(frozen=True)
class DataKind:
    name: str  # singular, as used in references and messages: "law"
    model: type[Model]
    source: str  # "laws.yml" (one list) or "checklists/" (one file per entry)
    also: tuple[str, ...] = ()  # further list files merged into the same kind, when present
    single: bool = False  # the file is one mapping (one entry), not a list

    @property
    def one_file(self) -> bool:
        return not self.source.endswith("/")


@dataclass(frozen=True)
class DocKind:
    """A kind of printable document: a page per entry, a PDF and a DOCX."""

    name: str  # "checklist", "letter"
    page_dir: str  # under docs/ (public URLs; kept stable)
    label: str  # shown in the downloads table
    nav_title: str  # the nav section listing these pages
    html: str  # Jinja file (templates/) rendering one entry
    write_docx: Callable

    def page(self, doc_id: str) -> str:
        return f"{self.page_dir}/{doc_id}.md"


DATA_KINDS = (
    # laws.yml is imported from the reference; laws-added.yml holds articles the project verified itself
    DataKind("law", Law, "laws.yml", also=("laws-added.yml",)),
    DataKind("channel", Channel, "channels.yml"),
    DataKind("checklist", Checklist, "checklists/"),
    DataKind("letter", Letter, "letters/"),
    DataKind("scenario", Scenario, "scenarios/"),
    DataKind("hosts", Hosts, "hosts.yml", single=True),
    DataKind("case", Case, "case.yml", single=True),  # the case file's schema (我的案件)
    DataKind("holidays", Holidays, "holidays.yml", single=True),  # for counting working days
)

DOC_KINDS = (
    DocKind(
        "checklist", "toolkit/checklists", "清单", "检查清单", "checklist.html", docx_writer.write_checklist
    ),
    DocKind("letter", "toolkit/templates", "文书模板", "文书模板", "letter.html", docx_writer.write_letter),
)

DOC_KIND = {k.name: k for k in DOC_KINDS}


def download_path(doc_id: str, ext: str) -> str:
    """Checklists and letters share this namespace (their ids must differ; the loader checks)."""
    return f"downloads/{doc_id}.{ext}"
