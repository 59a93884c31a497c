"""The build's switches, read once from `mkdocs.yml` (`extra: wq:`), where each has an `!ENV`
default. Nothing else in the project reads environment variables or `extra` directly."""

from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
# Where readers report a mistake: a web address (an issue tracker) or a mail address.
_FEEDBACK = re.compile(r"^(https://[^\s\"'<>]+|mailto:[^\s\"'<>@]+@[^\s\"'<>@]+)$")


def _flag(raw: dict, key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise PluginError(f"mkdocs.yml extra.wq.{key}: expected true or false, got {value!r}")


def _feedback(raw: dict) -> str:
    value = str(raw.get("feedback_url") or "").strip()
    if value and not _FEEDBACK.match(value):
        raise PluginError(f"mkdocs.yml extra.wq.feedback_url: expected https://… or mailto:…, got {value!r}")
    return value


@dataclass(frozen=True)
class Settings:
    root: pathlib.Path  # the folder of mkdocs.yml
    data_dir: pathlib.Path  # data/ (tests point it at fixture data)
    offline: bool  # building the offline variant (file:// URLs, inlined index)
    downloads: bool  # generate PDF and DOCX files
    download_cache: pathlib.Path  # where generated downloads are kept between builds
    search_patch: bool  # fix Material's query segmentation (off only to measure it)
    site_url: str  # public address, "" when none is configured
    feedback_url: str  # where readers report mistakes ("" → pages point to the about page)

    @classmethod
    def from_config(cls, config: MkDocsConfig) -> Settings:
        root = pathlib.Path(config.config_file_path).resolve().parent
        raw = dict(config.extra.get("wq") or {})

        def path(key: str, default: str) -> pathlib.Path:
            return (root / str(raw.get(key) or default)).resolve()

        return cls(
            root=root,
            data_dir=path("data_dir", "data"),
            offline=_flag(raw, "offline", False),
            downloads=_flag(raw, "downloads", True),
            download_cache=path("download_cache", ".cache/downloads"),
            search_patch=_flag(raw, "search_patch", True),
            site_url=config.site_url or "",
            feedback_url=_feedback(raw),
        )
