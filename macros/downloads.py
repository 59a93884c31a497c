"""PDF (WeasyPrint) and DOCX (python-docx) downloads for every checklist and template.

Files are generated into `.cache/downloads/` under a content hash (the entry, the laws and channels
it cites, the templates and CSS, the generator code), so a rebuild regenerates only what changed.
Pages need the file sizes, so generation happens when the build starts; the files are copied into
`site/downloads/` in `on_post_build` (mkdocs wipes site/ after on_config).
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pathlib
import shutil
import subprocess
import tempfile

from mkdocs.exceptions import PluginError

from .render import Renderer, checklist_path, download_path, template_path

HERE = pathlib.Path(__file__).resolve().parent
CJK_FONT = "WenQuanYi Micro Hei"
CJK_FONT_PACKAGE = "fonts-wqy-microhei"
DOCX_EAST_ASIAN_FONT = "宋体"
DOCX_LATIN_FONT = "Times New Roman"
FORMATS = (("pdf", "PDF"), ("docx", "Word（可编辑）"))
OFFLINE_ZIP_NAME = "weiquan-shouce-offline.zip"
OFFLINE_ZIP: dict = {}   # {"wanted": bool}: hooks.py builds the offline zip after this build
OFFLINE_SIZE_MARK = "@@WQ_OFFLINE_SIZE@@"   # replaced with the zip's size once it exists


def human_size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def find_cjk_font() -> str:
    """Path of the CJK font file, or a build error that names the Debian package to install."""
    try:
        out = subprocess.run(["fc-list", f":family={CJK_FONT}", "file"], capture_output=True,
                             text=True, check=False).stdout
    except FileNotFoundError:
        out = ""
    files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
    if not files:
        raise PluginError(f"PDF downloads need the CJK font '{CJK_FONT}', which is not installed. "
                          f"Install the Debian package {CJK_FONT_PACKAGE} "
                          f"(`apt-get install {CJK_FONT_PACKAGE}`; `make setup` does it for you).")
    return files[0]


class Downloads:
    def __init__(self, catalog, renderer: Renderer, root: pathlib.Path):
        self.cat, self.r, self.root = catalog, renderer, root
        self.cache = pathlib.Path(os.environ.get("WQ_DOWNLOAD_CACHE", root / ".cache" / "downloads"))
        self.enabled = os.environ.get("WQ_NO_DOWNLOADS") != "1"
        self.stats = {"generated": 0, "cached": 0}
        self._files: dict[str, list[dict]] | None = None
        self._font = None

    # ---------------------------------------------------------------- what exists
    def documents(self):
        for c in self.cat.checklists.values():
            yield "checklist", c, checklist_path(c.id)
        for t in self.cat.templates.values():
            yield "template", t, template_path(t.id)

    def css(self) -> str:
        return ((self.root / "docs/assets/wq/site.css").read_text(encoding="utf-8")
                + (HERE / "templates/pdf.css").read_text(encoding="utf-8"))

    def _key(self, kind: str, obj) -> str:
        digest = hashlib.sha256()
        digest.update(obj.model_dump_json().encode())
        law_ids = obj.law_ids()
        channel_ids = obj.channel_ids() if kind == "checklist" else obj.channels
        for lid in law_ids:
            digest.update(self.cat.laws[lid].model_dump_json().encode())
        for cid in channel_ids:
            digest.update(self.cat.channels[cid].model_dump_json().encode())
        digest.update(self.css().encode())
        for path in sorted((HERE / "templates").iterdir()):
            digest.update(path.read_bytes())
        for name in ("downloads.py", "render.py", "docx_writer.py"):
            digest.update((HERE / name).read_bytes())
        digest.update(self.r.site_url.encode())
        for dist in ("weasyprint", "python-docx"):
            digest.update(importlib.metadata.version(dist).encode())
        return digest.hexdigest()[:20]

    def files(self) -> dict[str, list[dict]]:
        if self._files is None:
            self._files = {}
            if self.enabled:
                self.cache.mkdir(parents=True, exist_ok=True)
                for kind, obj, _page in self.documents():
                    key = self._key(kind, obj)
                    entries = []
                    for ext, label in FORMATS:
                        cached = self.cache / f"{obj.id}-{key}.{ext}"
                        if cached.exists():
                            self.stats["cached"] += 1
                        else:
                            self._generate(kind, obj, ext, cached)
                            self.stats["generated"] += 1
                        entries.append({"path": download_path(obj.id, ext), "label": label,
                                        "ext": ext, "size": human_size(cached.stat().st_size),
                                        "bytes": cached.stat().st_size, "cached": cached})
                    self._files[obj.id] = entries
        return self._files

    def buttons(self, doc_id: str) -> list[dict]:
        return self.files().get(doc_id, [])

    def offline_zip(self) -> dict | None:
        if not OFFLINE_ZIP.get("wanted"):
            return None
        return {"path": f"downloads/{OFFLINE_ZIP_NAME}", "size": OFFLINE_SIZE_MARK}

    def table(self) -> list[dict]:
        rows = []
        for kind, obj, page in self.documents():
            rows.append({"title": obj.title, "kind": "清单" if kind == "checklist" else "文书模板",
                         "page": page, "files": self.buttons(obj.id)})
        return rows

    def publish(self, site_dir: pathlib.Path) -> None:
        for entries in self.files().values():
            for entry in entries:
                target = site_dir / entry["path"]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry["cached"], target)

    # ---------------------------------------------------------------- generation
    def _generate(self, kind: str, obj, ext: str, target: pathlib.Path) -> None:
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
        if self._font is None:
            self._font = find_cjk_font()
        from weasyprint import HTML  # imported lazily: slow to import

        html = self.r.print_document(kind, doc_id, self.css())
        HTML(string=html, base_url=str(self.root / "docs")).write_pdf(target)

    def write_docx(self, kind: str, obj, target: pathlib.Path) -> None:
        from .docx_writer import write_checklist, write_template

        page = checklist_path(obj.id) if kind == "checklist" else template_path(obj.id)
        address = self.r.link(page, None)
        if kind == "checklist":
            write_checklist(obj, self.cat, address, target)
        else:
            write_template(obj, self.cat, address, target)
