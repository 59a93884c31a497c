"""MkDocs hooks (mkdocs.yml `hooks:`): event functions only; the jobs live in macros/.

Ordering: MkDocs runs `hooks` after every plugin in `plugins`, for each event, unless a
function says otherwise with `event_priority`. on_config here runs first (priority 100), only to
check the text files other plugins read (Material's search loads the jieba dictionary in its own
on_config); data/ is loaded by the macros plugin's on_config (macros.macros.define_env), which runs
after the offline plugin has set the URL style. on_page_content runs after Material's and the
macros plugin's page events. The macros (macros.macros) and these hooks reach one shared build state
through the config (macros.state.BuildState.of), whichever asks first creating it.
"""

from __future__ import annotations

import pathlib

from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from macros import docx_template, page_maps, pages, postbuild, textfiles
from macros.settings import Settings
from macros.state import BuildState

SHIM = "assets/vendor/iframe-worker/shim.js"

# Checked when mkdocs.yml is loaded, before any plugin runs (Material's search plugin would
# otherwise crash on `jieba_dict_user`, or with no user dictionary silently index no Chinese words).
try:
    import jieba  # noqa: F401
except ImportError:
    raise ValidationError(
        "jieba is not installed: without it Chinese search finds nothing. "
        "Install the locked requirements (./dev build sets them up)."
    ) from None


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Before any plugin: no symbolic link among the files the build reads; the text files other
    plugins read must be UTF-8."""
    textfiles.check_no_links(config, Settings.from_config(config).data_dir)
    textfiles.check_config_files(config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Generated pages and their nav entries (MkDocs builds the nav from config.nav after this)."""
    state = BuildState.of(config)
    if state.settings.offline:
        # Material's offline plugin appends the iframe-worker shim from a public CDN: use our copy.
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
        config.extra["polyfills"] = [*polyfills, SHIM]
    textfiles.check_pages(files)
    pages.add_to_nav(config.nav, state.catalog)
    docx_template.add_file(files, config)  # assets/wq/wq-docx-template.js, for wq-docx.js
    return pages.add_files(files, config, state.catalog)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Macro output back into the page; a long page's map under its title (macros/page_maps.py)."""
    state = BuildState.of(config)
    state.sources.record(page)  # so that the checks after the build can name the source file
    return page_maps.add(state.restore(page, html), page, files)


def on_post_build(config: MkDocsConfig) -> None:
    """Finish and check site/ (macros/postbuild.py); a failure empties site/, so a broken build never
    leaves a half-built site behind."""
    site_dir = pathlib.Path(config.site_dir)
    try:
        postbuild.finish(site_dir, config, BuildState.of(config))
    except Exception:
        clean_directory(str(site_dir))
        raise
