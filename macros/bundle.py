"""After the build: guarded patches of Material's JavaScript (bundle and search worker).

Each patch replaces one exact piece of minified code; when Material's code no longer has it, the
build fails and says which patch to re-check (never a silent no-op). A patched file gets a new
content-hashed name (macros/versions.py points every page at it), so no cache can serve a stale copy.

* Lazy search (bundle): Material fetches the search index and starts its worker on every page
  load. macros/js/lazy-search.js is prepended; the bundle creates the worker through it and fetches
  the index only after the reader moves toward search (as Material already does from file://).
* Query rewrite (bundle): lazy-search.js tidies each query on its way to the worker (digits glued
  to Chinese split off, readers' words expanded with data/search_synonyms.yml). It relies on
  Material's message types (0 = set up the index, 2 = query, 3 = results, reordered for questions):
  the guards below fail the build if the code that posts them changes.
* ResizeObserver polyfill (bundle): on browsers without ResizeObserver, Material loads a polyfill
  from a public CDN (unpkg.com); it loads our vendored copy (npm resize-observer-polyfill 1.5.1,
  MIT) instead, relative to the site root (also from file://).
* Query segmentation (worker): Material segments a Chinese query against the index vocabulary,
  but its loop `for (j = i + 1; j < query.length; j++)` never tries a word that ends at the last
  character, so "卡密无效" loses "无效". The fix is one character.
* Exact words (worker): the words it finds in a Chinese query were then searched as word
  beginnings (all but the last), so "买的卡密用不了" matched every title starting with 买 or 的
  ("买卡前要注意什么" first). They are searched as whole words (recall measured on
  tests/search_queries.yml: no query lost, more found first).
"""

from __future__ import annotations

import hashlib
import pathlib

from mkdocs.exceptions import PluginError

HERE = pathlib.Path(__file__).resolve().parent
BUNDLE_PATCHES = {
    "lazy search": (
        'function Ei(e,t){let r=Mn(e);return L($(location.protocol!=="file:"),Je("search"))',
        "function Ei(e,t){let r=Mn(e,new __wqSearch.Worker(e));"
        'return L(h(document,__wqSearch.EVENT).pipe(m(()=>!0)),$(__wqSearch.started()),Je("search"))',
    ),
    # search.highlight combined the index with the location at start-up (fetching the index on
    # every page): it now asks for the index only when the address carries ?h=.
    "lazy highlight": (
        'function Ai(e,{index$:t,location$:r}){return z([t,r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")))])',
        'function Ai(e,{index$:t,location$:r}){return r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")),'
        "b(o=>t.pipe(m(i=>[i,o]))))",
    ),
    # guards (unchanged code): the message types lazy-search.js reads
    "setup message type": ("r.next({type:0,data:{config:o,docs:n,",) * 2,
    "query message type": ("t.next({type:2,data:i})",) * 2,
    "ResizeObserver polyfill": (
        '_t("https://unpkg.com/resize-observer-polyfill")',
        '_t(new URL("assets/vendor/resize-observer-polyfill/ResizeObserver.global.js",__md_scope).href)',
    ),
}
WORKER_PATCHES = {
    "query segmentation": (
        "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e",
        "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e",
    ),
    # guard (unchanged code): the results message lazy-search.js reorders for questions
    "result message type": ("return{type:3,data:de.search(e)}",) * 2,
    "exact words": (
        '[...fe(s,this.index.invertedIndex)].join("* ")',
        '[...fe(s,this.index.invertedIndex)].join(" ")',
    ),
}


def _one(folder: pathlib.Path, pattern: str) -> pathlib.Path:
    found = list(folder.glob(pattern))
    if len(found) != 1:
        raise PluginError(f"expected one Material file {folder.name}/{pattern}, found {len(found)}")
    return found[0]


def _patch(path: pathlib.Path, patches: dict, prelude: str = "") -> tuple[str, str]:
    """Apply the patches; write the result under a content-hashed name; (old name, new name)."""
    code = path.read_text(encoding="utf-8")
    for name, (old, new) in patches.items():
        if code.count(old) != 1:
            raise PluginError(
                f"{path.name}: the code of the '{name}' patch in macros/bundle.py has changed in Material; "
                "check what it does now and update the patch"
            )
        code = code.replace(old, new)
    code = prelude + code
    stem = path.name.split(".")[0]
    new_name = f"{stem}.{hashlib.sha256(code.encode()).hexdigest()[:8]}.min.js"
    path.unlink()
    (path.parent / new_name).write_text(code, encoding="utf-8")
    return path.name, new_name


def patch(site_dir: pathlib.Path, segment_fix: bool = True) -> list[tuple[str, str]]:
    """Patch Material's files; (old name, new name) of each, for the pages (macros/versions.py)."""
    scripts = site_dir / "assets" / "javascripts"
    prelude = (HERE / "js" / "lazy-search.js").read_text(encoding="utf-8") + "\n"
    renames = [_patch(_one(scripts, "bundle.*.min.js"), BUNDLE_PATCHES, prelude)]
    if segment_fix:
        renames.append(_patch(_one(scripts / "workers", "search.*.min.js"), WORKER_PATCHES))
    return renames
