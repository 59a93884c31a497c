"""After the build: finish site/ and check it, in this order.

1. publish the downloads and the current offline zip;
2. leave out what readers never need, patch Material's JavaScript, write the index as UTF-8;
   point pages at scripts and styles by their content hash (patched Material files, our own);
3. check links, then parse every page once for the script/URL and reader checks;
4. write the Content-Security-Policy into every page.
Any problem fails the build with one line per problem, naming the page's source file (and line
where it can be found: BuildState.sources); hooks.py then empties site/.
"""

from __future__ import annotations

import pathlib
import shutil
import urllib.parse

import lxml.html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from . import bundle, csp, htmlcheck, linkcheck, offline, readercheck, search_index, tidy, versions
from .state import BuildState
from .versioncheck import check_site as version_notes


def parse_pages(site_dir: pathlib.Path) -> dict[str, lxml.html.HtmlElement]:
    """Every built page, parsed once, by its path relative to site/."""
    return {
        page.relative_to(site_dir).as_posix(): lxml.html.fromstring(page.read_bytes())
        for page in sorted(site_dir.rglob("*.html"))
    }


def _fail_on(title: str, problems: list[str]) -> None:
    if problems:
        raise PluginError(f"{title}:\n  " + "\n  ".join(problems))


def finish(site_dir: pathlib.Path, config: MkDocsConfig, state: BuildState) -> None:
    state.downloads.publish(site_dir)
    if state.offline_zip:  # downloads/ does not exist when PDF and DOCX files are switched off
        (site_dir / offline.PUBLIC_PATH).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(state.offline_zip, site_dir / offline.PUBLIC_PATH)
    tidy.drop_source_maps(site_dir)
    tidy.minify_own_assets(site_dir, pathlib.Path(config.docs_dir))
    tidy.drop_unused_lunr(site_dir, tidy.search_languages(config))
    tidy.drop_unused_palette(site_dir, tidy.palette_colours(config))
    renamed = bundle.patch(site_dir, segment_fix=state.settings.search_patch)
    shim_hash = csp.patch_shim(site_dir) if state.settings.offline else None
    if not config.site_url:
        tidy.drop_sitemap(site_dir)
    search_index.rewrite_search_index(site_dir, state.settings.data_dir)
    versions.stamp(site_dir, renamed)
    _check(site_dir, config, state, shim_hash)


def _check(site_dir: pathlib.Path, config: MkDocsConfig, state: BuildState, shim_hash: str | None) -> None:
    where = state.sources
    base = urllib.parse.urlsplit(config.site_url or "/").path or "/"
    _fail_on(
        "Broken internal links in the built site",
        linkcheck.check_links(site_dir, base if base.endswith("/") else base + "/", where),
    )
    trees = parse_pages(site_dir)
    theme_dirs = tuple(config.theme.dirs)
    rules = htmlcheck.Rules(
        readercheck.allows_host(state.catalog, config.site_url or ""),
        config.site_url or "",
        theme_dirs,
        where,
        state.settings.feedback_url,
    )
    _fail_on(
        "Code or addresses that are not the site's own in the built pages", htmlcheck.check_site(trees, rules)
    )
    _fail_on("Research trail on reader pages", readercheck.check_site(trees, where))
    _fail_on("Statute version notes shown to readers", version_notes(trees, state.catalog, site_dir))
    hashes = csp.inline_script_hashes(trees, theme_dirs) + ([shim_hash] if shim_hash else [])
    csp.apply(site_dir, sorted(hashes), offline=state.settings.offline)
