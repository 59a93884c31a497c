"""Pages generated from data/: one per document (checklist, letter), listed in the nav after
the toolkit index. Adding a YAML file to data/checklists/ or data/letters/ is enough to add a page."""

from __future__ import annotations

import html

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .kinds import DOC_KINDS
from .loader import Catalog

TOOLKIT_INDEX = "toolkit/index.md"


def generated_pages(cat: Catalog) -> list[tuple[str, str, str, str]]:
    """(kind, src path, nav title, markdown) for every generated page."""
    pages = []
    for kind in DOC_KINDS:
        for obj in cat.documents(kind.name):
            meta = {
                "title": html.escape(obj.title),
                "description": html.escape(obj.description),
                "reviewed": obj.reviewed,
                "generated_from": f"data/{kind.name}s/{obj.id}.yml",
            }
            front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
            body = f'<h1>{html.escape(obj.title)}</h1>\n\n{{{{ {kind.name}("{obj.id}") }}}}\n'
            pages.append((kind.name, kind.page(obj.id), html.escape(obj.title), f"---\n{front}---\n\n{body}"))
    return pages


def add_to_nav(nav: list | None, cat: Catalog) -> None:
    """Insert one section per document kind right after the toolkit index."""
    if not nav:
        return
    pages = generated_pages(cat)
    sections = [
        {kind.nav_title: [{title: src} for k, src, title, _ in pages if k == kind.name]} for kind in DOC_KINDS
    ]
    if not _insert_after(nav, TOOLKIT_INDEX, sections):
        raise PluginError(
            f"mkdocs.yml nav: '{TOOLKIT_INDEX}' not found; the generated toolkit pages go after it"
        )


def _insert_after(items: list, src: str, new: list) -> bool:
    for n, item in enumerate(items):
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if value == src:
            items[n + 1 : n + 1] = new
            return True
        if isinstance(value, list) and _insert_after(value, src, new):
            return True
    return False


def add_files(files: Files, config: MkDocsConfig, cat: Catalog) -> Files:
    for _kind, src, _title, content in generated_pages(cat):
        if files.get_file_from_path(src):
            raise PluginError(f"docs/{src} exists, but that page is generated from data/: delete the file")
        files.append(File.generated(config, src, content=content))
    return files
