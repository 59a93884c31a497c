"""One build's shared state, kept in the MkDocs config (key `wq_state`).

The macros plugin (macros.macros) and the hooks (hooks.py) reach it through `BuildState.of(config)`,
so nothing is shared through module globals; `mkdocs serve` loads a fresh config for every
rebuild, and with it fresh state.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from . import offline
from .downloads import Downloads
from .loader import Catalog, DataError, load_catalog
from .render import Renderer
from .settings import Settings

KEY = "wq_state"


class PageError(PluginError):
    """A problem in one page; the message starts with the page's source path."""


def page_error(page: Page, message: str) -> PageError:
    origin = page.meta.get("generated_from") if page.meta else None
    return PageError(f"{origin or 'docs/' + page.file.src_uri}: {message}")


@dataclass
class PageState:
    """What macros collect while one page renders."""

    chunks: list[str] = field(default_factory=list)  # HTML kept away from Python-Markdown
    laws: list[str] = field(default_factory=list)  # cited, for the 来源 section
    channels: list[str] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)
    calls: list[tuple[int, str]] = field(default_factory=list)  # (source line, call), page order
    called: int = 0  # macro calls Jinja has made so far
    error: str | None = None  # the first refused call, raised after rendering

    def next_call(self) -> tuple[int, str]:
        """(line, source) of the call Jinja is making now ((0, "") if it cannot be known)."""
        n, self.called = self.called, self.called + 1
        return self.calls[n] if n < len(self.calls) else (0, "")

    def fail(self, message: str) -> None:
        self.error = self.error or message

    def cite(self, kind: str, ids) -> None:
        bucket = {"law": self.laws, "channel": self.channels}[kind]
        bucket.extend(i for i in ids if i not in bucket)

    def cite_sources(self, sources) -> None:
        self.extra.extend(s for s in sources if s not in self.extra)


# Finished HTML from macros is kept out of Python-Markdown: the page gets a comment token, and
# `restore` puts the HTML back after Markdown has run. Markdown would only re-parse it (slowly),
# and could never improve it.
_TOKEN = "<!--wq-html:{}-->"


class BuildState:
    def __init__(self, settings: Settings, directory_urls: bool, nav: list | None = None):
        self.settings = settings
        try:
            self.catalog: Catalog = load_catalog(settings.data_dir)
        except DataError as exc:
            raise PluginError(str(exc)) from None
        self.renderer = Renderer(self.catalog, settings.site_url, directory_urls, settings.feedback_url)
        self.downloads = Downloads(
            self.catalog, self.renderer, settings.root, settings.download_cache, settings.downloads
        )
        self.offline_zip = None if settings.offline else offline.current_zip(settings.root)
        self.pages: dict[str, PageState] = {}
        self.sources = SourceMap()
        self.nav_order = _nav_sources(nav)

    @classmethod
    def of(cls, config: MkDocsConfig) -> BuildState:
        if KEY not in config:
            config[KEY] = cls(Settings.from_config(config), config.use_directory_urls, config.nav)
        return config[KEY]

    def offline_download(self) -> dict | None:
        """The offline zip's row on the downloads page, when a current zip exists."""
        if self.offline_zip is None:
            return None
        return {
            "path": offline.PUBLIC_PATH,
            "size": f"{self.offline_zip.stat().st_size / 1024 / 1024:.1f} MB",
        }

    # ---------------------------------------------------------------- per page
    def start_page(self, page: Page) -> PageState:
        self.pages[page.file.src_uri] = PageState()
        return self.pages[page.file.src_uri]

    def page(self, page: Page) -> PageState:
        return self.pages.setdefault(page.file.src_uri, PageState())

    def stash(self, page: Page, html: str) -> Markup:
        chunks = self.page(page).chunks
        chunks.append(html)
        return Markup("\n\n" + _TOKEN.format(len(chunks) - 1) + "\n\n")

    def restore(self, page: Page, html: str) -> str:
        state = self.pages.pop(page.file.src_uri, PageState())
        for n, chunk in enumerate(state.chunks):
            token = _TOKEN.format(n)
            if html.count(token) != 1:
                raise page_error(
                    page,
                    f"macro output #{n} was lost or duplicated by Markdown "
                    "(call macros on a line of their own)",
                )
            html = html.replace(token, chunk)
        if state.chunks and page.present_anchor_ids is not None:
            # MkDocs collected the page's anchors before the chunks came back; it validates links
            # to anchors against that set, so the ids the macros wrote must join it.
            page.present_anchor_ids |= _ids("".join(state.chunks))
        return html


class SourceMap:
    """Built page -> the file it came from, recorded as each page is built, so that the checks
    after the build name `docs/about.md: line 50` rather than `about/index.html`."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, str]] = {}  # dest path -> (source label, source text)

    def record(self, page: Page) -> None:
        origin = page.meta.get("generated_from") if page.meta else None
        text = "" if origin or page.file.generated_by else page.file.content_string
        self.pages[page.file.dest_uri] = (origin or f"docs/{page.file.src_uri}", text)

    def __call__(self, dest: str, *needles: str) -> str:
        """'docs/about.md: line 50' for the first needle found in the page's source, else the
        source file alone (or the built path, for pages no source file made: Material's 404)."""
        label, text = self.pages.get(dest, (f"site/{dest}", ""))
        for needle in needles:
            for form in dict.fromkeys([needle, html.unescape(needle), html.escape(needle, quote=False)]):
                at = text.find(form) if form and text else -1
                if at >= 0:
                    return f"{label}: line {text.count(chr(10), 0, at) + 1}"
        return label


def built_path(dest: str, *needles: str) -> str:
    """The stand-in for SourceMap when only site/ is at hand (a check run on a built folder)."""
    return dest


class _IdParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


def _ids(html: str) -> set[str]:
    parser = _IdParser()
    parser.feed(html)
    parser.close()
    return parser.ids


def _nav_sources(items) -> list[str]:
    """Source paths in the order mkdocs.yml's nav lists them."""
    order: list[str] = []
    for item in items or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        order.extend(_nav_sources(value) if isinstance(value, list) else [value])
    return order
