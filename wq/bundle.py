"""After the build: guarded patches of Material's JavaScript bundle.

Each patch replaces one exact piece of minified code; when Material's code no longer has it, the
build fails and says which patch to re-check (never a silent no-op).

* ResizeObserver polyfill: on browsers without ResizeObserver, Material loads a polyfill from a
  public CDN (unpkg.com), which breaks the no-third-party promise. It loads our vendored copy
  (npm resize-observer-polyfill 1.5.1, MIT) instead, relative to the site root (also from file://).
"""

from __future__ import annotations

import pathlib

from mkdocs.exceptions import PluginError

POLYFILL_CDN = '_t("https://unpkg.com/resize-observer-polyfill")'
POLYFILL_OWN = (
    '_t(new URL("assets/vendor/resize-observer-polyfill/ResizeObserver.global.js",__md_scope).href)'
)


def bundle_path(site_dir: pathlib.Path) -> pathlib.Path:
    bundles = list((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(f"expected one Material bundle, found {len(bundles)}")
    return bundles[0]


def patch(site_dir: pathlib.Path) -> None:
    path = bundle_path(site_dir)
    code = path.read_text(encoding="utf-8")
    if code.count(POLYFILL_CDN) != 1:
        raise PluginError(
            f"{path.name}: the ResizeObserver polyfill code patched by wq/bundle.py has changed; "
            "check where Material loads it from now and update POLYFILL_CDN"
        )
    path.write_text(code.replace(POLYFILL_CDN, POLYFILL_OWN), encoding="utf-8")
