"""Text files the build reads besides data/: each must be UTF-8, or the build stops with one line
naming the file (instead of a traceback, or a dictionary silently half-read)."""

from __future__ import annotations

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
