"""Pages generated from data/: one per document (checklist, letter), listed in the nav after
the toolkit index. Adding a YAML file to data/checklists/ or data/letters/ is enough to add a page.

Statutes: one reference page per law (macros.render.law_page), listed in the nav under the index page
docs/reference/laws.md, whose `reviewed` date they share. Short pages keep phones fast: one page of
every article was a DOM of thousands of nodes with a heading for each."""

from __future__ import annotations

import html

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data

from .kinds import DOC_KINDS
from .loader import Catalog
from .render import LAWS_PAGE, law_groups, law_page, law_title

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


def law_pages(cat: Catalog, reviewed: object = None) -> list[tuple[str, str, str]]:
    """(src path, nav title, markdown) of each law's reference page."""
    pages = []
    for slug, items in _checked_law_groups(cat).items():
        name = law_title(items[0])
        meta = {
            "title": html.escape(f"{name}条文"),
            "description": html.escape(f"本站引用的{name}条文原文，附版本。"),
            "reviewed": reviewed,
            "search": {"exclude": True},  # quoted again on the pages that use them
            "generated_from": cat.where("law", items[0].id),
        }
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        body = f'<h1>{html.escape(name)}</h1>\n\n{{{{ law_articles("{slug}") }}}}\n'
        pages.append((law_page(items[0]), html.escape(items[0].short_name), f"---\n{front}---\n\n{body}"))
    return pages


def _checked_law_groups(cat: Catalog) -> dict[str, list]:
    """law_groups, refusing data where a page would mix two laws or split one."""
    seen: dict[str, str] = {}
    groups = law_groups(cat)
    for slug, items in groups.items():
        names = sorted({law.law for law in items})
        if len(names) > 1:
            raise PluginError(
                f"{cat.where('law', items[0].id)}: articles of different laws share the id prefix "
                f"'{slug}-' ({'; '.join(names)}); each law needs its own prefix (it names the law's page)"
            )
        if names[0] in seen:
            raise PluginError(
                f"{cat.where('law', items[0].id)}: articles of {names[0]} have two id prefixes, "
                f"'{seen[names[0]]}-' and '{slug}-'; use one (it names the law's page)"
            )
        seen[names[0]] = slug
    return groups


def add_to_nav(nav: list | None, cat: Catalog) -> None:
    """Insert one section per document kind right after the toolkit index, and the law pages
    under the laws index."""
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
    laws = [{"全部条文目录": LAWS_PAGE}, *({title: src} for src, title, _ in law_pages(cat))]
    if not _replace(nav, LAWS_PAGE, {"法条原文": laws}):
        raise PluginError(f"mkdocs.yml nav: '{LAWS_PAGE}' not found; the law pages are listed under it")


def _replace(items: list, src: str, new: dict) -> bool:
    for n, item in enumerate(items):
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if value == src:
            items[n] = new
            return True
        if isinstance(value, list) and _replace(value, src, new):
            return True
    return False


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
    index = files.get_file_from_path(LAWS_PAGE)
    if index is None:
        raise PluginError(f"docs/{LAWS_PAGE} is missing: it lists the law pages generated from data/")
    reviewed = get_data(index.content_string)[1].get("reviewed")
    for src, _title, content in law_pages(cat, reviewed):
        if files.get_file_from_path(src):
            raise PluginError(f"docs/{src} exists, but that page is generated from data/: delete the file")
        files.append(File.generated(config, src, content=content))
    return files
