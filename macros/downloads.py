"""PDF and DOCX downloads for every document (checklist, letter), cached by content.

Files are generated into the download cache under a content hash (the entry, every law and channel
it refers to, the Jinja files and CSS, the generator code, the site address), so a rebuild
regenerates only what changed. Pages need the file sizes, so generation happens while pages are
rendered; `publish` copies the files into `site/downloads/` after the build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pathlib
import shutil
import tempfile
from collections.abc import Iterator

import lxml.html
from mkdocs.exceptions import PluginError

from . import pdf, versioncheck
from .kinds import DOC_KIND, DOC_KINDS, download_path
from .loader import Catalog
from .models import Model, refs
from .render import Renderer

HERE = pathlib.Path(__file__).resolve().parent
FORMATS = (("pdf", "PDF"), ("docx", "Word（可编辑）"))
CODE = (
    "downloads.py",
    "render.py",
    "letter_text.py",
    "lawversion.py",
    "versioncheck.py",
    "docx_writer.py",
    "docx_slim.py",
    "pdf.py",
    "models.py",
)


def human_size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


class Downloads:
    def __init__(
        self,
        catalog: Catalog,
        renderer: Renderer,
        root: pathlib.Path,
        cache: pathlib.Path,
        enabled: bool = True,
    ):
        self.cat, self.r, self.root = catalog, renderer, root
        self.cache, self.enabled = cache, enabled
        self.stats = {"generated": 0, "cached": 0}
        self._files: dict[str, list[dict]] | None = None
        self._font_checked = False

    def documents(self) -> Iterator[tuple[str, Model]]:
        """(kind, entry) of every downloadable document."""
        for kind in DOC_KINDS:
            for obj in self.cat.documents(kind.name):
                yield kind.name, obj

    def css(self) -> str:
        return (self.root / "docs/assets/wq/site.css").read_text(encoding="utf-8") + (
            HERE / "templates/pdf.css"
        ).read_text(encoding="utf-8")

    def _key(self, obj: Model) -> str:
        digest = hashlib.sha256(obj.model_dump_json().encode())
        for ref in refs(obj):
            if ref.kind in ("law", "channel"):
                digest.update(self.cat.get(ref.kind, ref.id).model_dump_json().encode())
        digest.update(self.css().encode())
        for path in sorted((HERE / "templates").iterdir()):
            digest.update(path.read_bytes())
        for name in CODE:
            digest.update((HERE / name).read_bytes())
        digest.update(self.r.site_url.encode())
        for dist in ("weasyprint", "python-docx"):
            digest.update(importlib.metadata.version(dist).encode())
        return digest.hexdigest()[:20]

    def files(self) -> dict[str, list[dict]]:
        """doc id -> [{path, label, ext, size, bytes, cached}], generating what is missing."""
        if self._files is None:
            self._files = {}
            if self.enabled:
                self.cache.mkdir(parents=True, exist_ok=True)
                for kind, obj in self.documents():
                    self._files[obj.id] = [self._entry(kind, obj, ext, label) for ext, label in FORMATS]
        return self._files

    def _entry(self, kind: str, obj: Model, ext: str, label: str) -> dict:
        cached = self.cache / f"{obj.id}-{self._key(obj)}.{ext}"
        if cached.exists():
            self.stats["cached"] += 1
        else:
            self._generate(kind, obj, ext, cached)
            self.stats["generated"] += 1
        size = cached.stat().st_size
        return {
            "path": download_path(obj.id, ext),
            "label": label,
            "ext": ext,
            "size": human_size(size),
            "bytes": size,
            "cached": cached,
        }

    def buttons(self, doc_id: str) -> list[dict]:
        return self.files().get(doc_id, [])

    def table(self) -> list[dict]:
        return [
            {
                "title": obj.title,
                "kind": DOC_KIND[kind].label,
                "page": DOC_KIND[kind].page(obj.id),
                "files": self.buttons(obj.id),
            }
            for kind, obj in self.documents()
        ]

    def publish(self, site_dir: pathlib.Path) -> None:
        for entries in self.files().values():
            for entry in entries:
                target = site_dir / entry["path"]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry["cached"], target)

    # ---------------------------------------------------------------- generation
    def _generate(self, kind: str, obj: Model, ext: str, target: pathlib.Path) -> None:
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=f".{ext}.part")
        os.close(fd)
        try:
            if ext == "pdf":
                self.write_pdf(kind, obj.id, pathlib.Path(tmp))
            else:
                self.write_docx(kind, obj, pathlib.Path(tmp))
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def write_pdf(self, kind: str, doc_id: str, target: pathlib.Path) -> None:
        if not self._font_checked:
            pdf.find_cjk_font()
            self._font_checked = True
        html = self.r.view(None).print_document(kind, doc_id, self.css())
        text = lxml.html.fromstring(html).text_content()
        found = versioncheck.note_in(text, versioncheck.raw_versions(self.cat))
        if found:
            raise PluginError(f"downloads/{doc_id}.pdf: a statute's version note in the PDF: {found}")
        pdf.write_pdf(html, self.root / "docs", target)

    def write_docx(self, kind: str, obj: Model, target: pathlib.Path) -> None:
        address = self.r.public_url(DOC_KIND[kind].page(obj.id))
        DOC_KIND[kind].write_docx(obj, self.cat, address, target)
