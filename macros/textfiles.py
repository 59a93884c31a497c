"""Files the build reads: each must be a file of the repository, and text files besides data/ must
be UTF-8, or the build stops with one line naming the file (instead of a traceback, a dictionary
silently half-read, or a file of the build machine published through a symbolic link)."""

from __future__ import annotations

import os
import pathlib

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files


def _check_utf8(path: pathlib.Path, shown: str) -> None:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PluginError(
            f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
        ) from None


def check_config_files(config: MkDocsConfig) -> None:
    """Files named in mkdocs.yml that plugins read as text (the jieba dictionaries of search)."""
    root = pathlib.Path(config.config_file_path).resolve().parent
    search = config.plugins.get("material/search") or config.plugins.get("search")
    for key in ("jieba_dict", "jieba_dict_user"):
        name = search.config.get(key) if search else None
        if name and (root / name).is_file():
            _check_utf8(root / name, name)


def check_pages(files: Files) -> None:
    """Every Markdown page in docs/."""
    for file in files.documentation_pages():
        if file.abs_src_path:
            _check_utf8(pathlib.Path(file.abs_src_path), f"docs/{file.src_uri}")


def check_no_links(config: MkDocsConfig, data_dir: pathlib.Path) -> None:
    """No symbolic link in docs/, data/ or overrides/ (MkDocs copies what a link points at into
    site/), and none of them outside the folder of mkdocs.yml."""
    root = pathlib.Path(config.config_file_path).resolve().parent
    folders = [pathlib.Path(config.docs_dir), data_dir]
    custom_dir = config.theme.custom_dir
    folders += [pathlib.Path(custom_dir)] if custom_dir else []
    for folder in folders:
        absolute = pathlib.Path(os.path.abspath(folder))
        shown = _shown(absolute, root)
        if absolute.is_symlink() or not absolute.resolve().is_relative_to(root):
            raise PluginError(
                f"{shown}: is a symbolic link or outside {root}; the build reads only its own files"
            )
        for parent, dirs, files in os.walk(absolute):
            for name in sorted([*dirs, *files]):
                path = pathlib.Path(parent, name)
                if path.is_symlink():
                    raise PluginError(
                        f"{_shown(path, root)}: is a symbolic link (to {os.readlink(path)}); "
                        "the build would publish what it points at: copy the file in instead"
                    )


def _shown(path: pathlib.Path, root: pathlib.Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
