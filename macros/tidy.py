"""After the build: leave out of site/ (and so of the offline zip) what readers never need and what
would leak a local address: Material's source maps (they quote its sources, local addresses
included), the lunr language packs of languages the site does not search in (~0.9 MB), and, when
no public address is configured, the sitemap (it would list no valid URL), and the rules of
Material's palette stylesheet for colours the site does not use (~1.4 KB on every first visit). The
site's own scripts and styles are published without comments and indentation (the sources in docs/
keep them)."""

from __future__ import annotations

import json
import pathlib
import re

import rcssmin
import rjsmin
import tinycss2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

_MAP_COMMENT = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


def drop_source_maps(site_dir: pathlib.Path) -> None:
    for path in site_dir.rglob("*.map"):
        path.unlink()
    for path in (site_dir / "assets").rglob("*.js"):
        code = path.read_text(encoding="utf-8")
        stripped = _MAP_COMMENT.sub("\n", code)
        if stripped != code:
            path.write_text(stripped, encoding="utf-8")


def drop_sitemap(site_dir: pathlib.Path) -> None:
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)


def drop_unused_lunr(site_dir: pathlib.Path, langs: list[str]) -> None:
    """Keep what Material's search worker imports for `langs` (its importScripts list): the
    stemmer support, one pack per language other than en, lunr.multi for several languages."""
    folder = site_dir / "assets" / "javascripts" / "lunr"
    keep = {"min/lunr.stemmer.support.min.js", *(f"min/lunr.{lang}.min.js" for lang in langs if lang != "en")}
    if len(langs) > 1:
        keep.add("min/lunr.multi.min.js")
    if {"ja", "jp"} & set(langs):
        keep.add("tinyseg.js")
    if {"hi", "th"} & set(langs):
        keep.add("wordcut.js")
    missing = [k for k in keep if not (folder / k).exists()]
    if missing:
        raise PluginError(f"Material's search no longer ships {missing}; re-check macros/tidy.py")
    for path in folder.rglob("*.js"):
        if path.relative_to(folder).as_posix() not in keep:
            path.unlink()


def search_languages(config: MkDocsConfig) -> list[str]:
    """The languages Material's search plugin is configured for (mkdocs.yml `search: lang:`)."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    lang = search.config.get("lang") if search else None
    return list(lang) if isinstance(lang, list | tuple) else [lang or "en"]


# Scripts whose parts always load together: the build appends the parts to the first one, which
# tells wq.load (wq-core.js, wq.provide) that they have run, so a letter page makes one request
# instead of five (~2.5 KB less on its first visit). The parts stay separate files in docs/ (and
# in site/, for anything that asks for one by name); each must be named in the first's source.
JOINED = {"wq-letters": ("wq-letters-text", "wq-letters-ui", "wq-letters-fields", "wq-letters-phone")}


def minify_own_assets(site_dir: pathlib.Path, docs_dir: pathlib.Path) -> None:
    """The site's hand-written scripts and styles (docs/assets/wq/*.js, *.css), minified in site/:
    what a phone downloads. (WeasyPrint reads the sources in docs/.)"""
    for source in (docs_dir / "assets" / "wq").iterdir():
        minify = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}.get(source.suffix)
        built = site_dir / "assets" / "wq" / source.name
        if minify and built.is_file():
            built.write_text(minify(built.read_text(encoding="utf-8")) + "\n", encoding="utf-8")
    for first, parts in JOINED.items():
        _join(site_dir / "assets" / "wq", docs_dir / "assets" / "wq", first, parts)


def _join(built: pathlib.Path, sources: pathlib.Path, first: str, parts: tuple[str, ...]) -> None:
    source = (sources / f"{first}.js").read_text(encoding="utf-8")
    missing = [p for p in parts if f'"{p}"' not in source or not (built / f"{p}.js").is_file()]
    if missing:
        raise PluginError(
            f"macros/tidy.py JOINED: {first}.js does not load {', '.join(missing)}; update JOINED"
        )
    code = [f"wq.provide({json.dumps(list(parts))});", (built / f"{first}.js").read_text(encoding="utf-8")]
    code += [(built / f"{p}.js").read_text(encoding="utf-8") for p in parts]
    (built / f"{first}.js").write_text("\n".join(c.strip() for c in code) + "\n", encoding="utf-8")


# a palette colour in a selector (`[data-md-color-primary=red]`), and a :not(...) to leave out
_COLOUR = re.compile(r"\[data-md-color-(primary|accent)=[\"']?([\w-]+)[\"']?\]")
_NOT = re.compile(r":not\([^()]*\)")


def palette_colours(config: MkDocsConfig) -> set[tuple[str, str]]:
    """("primary" | "accent", colour) for each colour mkdocs.yml's theme palette can set."""
    palette = config.theme.get("palette") or []
    schemes = [palette] if isinstance(palette, dict) else palette
    return {
        (key, str(scheme[key]).lower().replace(" ", "-"))
        for scheme in schemes
        for key in ("primary", "accent")
        if scheme.get(key)
    }


def drop_unused_palette(site_dir: pathlib.Path, used: set[tuple[str, str]]) -> None:
    """Material's palette stylesheet holds rules for all of its ~20 primary and accent colours; a
    rule whose every selector needs a colour the palette never sets (the page's
    data-md-color-primary/-accent attribute only ever holds the configured ones) cannot apply.
    Everything else (the dark scheme) stays as it is."""
    for path in (site_dir / "assets" / "stylesheets").glob("palette.*.css"):
        rules = tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"))
        path.write_text(tinycss2.serialize(_live_rules(rules, used)), encoding="utf-8")


def _live_rules(rules: list, used: set[tuple[str, str]]) -> list:
    out = []
    for rule in rules:
        if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword == "media":
            inner = _live_rules(tinycss2.parse_blocks_contents(rule.content), used)
            if any(r.type == "qualified-rule" for r in inner):
                rule.content = inner
                out.append(rule)
        elif rule.type != "qualified-rule" or not _dead(tinycss2.serialize(rule.prelude), used):
            out.append(rule)
    return out


def _dead(selectors: str, used: set[tuple[str, str]]) -> bool:
    """Every selector in the list needs an unused colour (outside any :not(), which is left out)."""
    return all(
        any(hit not in used for hit in _COLOUR.findall(_NOT.sub("", part))) for part in selectors.split(",")
    )
