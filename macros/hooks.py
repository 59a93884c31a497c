"""MkDocs hooks (mkdocs.yml `hooks:`): what the macros plugin has no event for.

* on_config  — jieba must be importable (without it Chinese search silently finds nothing); add
               the generated toolkit and reference pages to the nav.
* on_files   — generate one page per checklist and per template from data/, so adding a YAML file
               is enough to add a page.
* on_page_content — put back the HTML the macros kept out of Markdown (macros.stash).
* on_post_build — re-write search_index.json as UTF-8; fix Material's query segmentation; check
               every internal link and anchor in the built HTML (raw-HTML links too, which MkDocs
               does not validate); then, for `mkdocs build`, build the offline variant
               (WQ_OFFLINE=true: Material's offline plugin, .html URLs, the vendored iframe-worker
               shim) and zip it into downloads/. WQ_OFFLINE_ZIP=0 skips the zip.
* on_build_error — empty site/, so a failed build never leaves a half-built site behind.
"""
from __future__ import annotations

import html
import json
import os
import subprocess
import tempfile
import zipfile
import pathlib
import posixpath
import shutil
import sys
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
import yaml  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import clean_directory  # noqa: E402

from macros import downloads as dl  # noqa: E402
from macros import restore_html  # noqa: E402
from macros.loader import DataError, data_dir, load_catalog  # noqa: E402
from macros.render import checklist_path, template_path  # noqa: E402

TOOLKIT_INDEX = "toolkit/index.md"
SHIM = "assets/vendor/iframe-worker/shim.js"
OFFLINE = os.environ.get("WQ_OFFLINE") == "true"
_state = {"command": None}


def _catalog():
    try:
        return load_catalog(data_dir())
    except DataError as exc:
        raise PluginError(str(exc)) from None


def _generated_pages(cat) -> list[tuple[str, str, str]]:
    """(src path, nav title, markdown) for every generated page."""
    pages = []
    for kind, items, path_of in (("checklist", cat.checklists, checklist_path),
                                 ("template", cat.templates, template_path)):
        for obj in items.values():
            meta = {"title": html.escape(obj.title), "description": html.escape(obj.description),
                    "reviewed": obj.reviewed, "generated_from": f"data/{kind}s/{obj.id}.yml"}
            front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
            body = f'<h1>{html.escape(obj.title)}</h1>\n\n{{{{ {kind}("{obj.id}") }}}}\n'
            pages.append((path_of(obj.id), html.escape(obj.title), f"---\n{front}---\n\n{body}"))
    return pages


# Checked when mkdocs.yml is loaded, before any plugin runs (Material's search plugin would
# otherwise crash on `jieba_dict_user`, or with no user dictionary silently index no Chinese words).
try:
    import jieba  # noqa: F401,E402
except ImportError:
    from mkdocs.config.base import ValidationError
    raise ValidationError("jieba is not installed: without it Chinese search finds nothing. "
                          "Install the locked requirements (./dev build sets them up).") from None


def on_config(config):
    if OFFLINE:
        # Material's offline plugin appends the iframe-worker shim from a public CDN: use our copy.
        config.extra["polyfills"] = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p] + [SHIM]
    pages = _generated_pages(_catalog())
    checklists = [{title: src} for src, title, _ in pages if src.startswith("toolkit/checklists/")]
    templates = [{title: src} for src, title, _ in pages if src.startswith("toolkit/templates/")]

    def inject(items) -> bool:
        for n, item in enumerate(items or []):
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if value == TOOLKIT_INDEX:
                items[n + 1:n + 1] = [{"检查清单": checklists}, {"文书模板": templates}]
                return True
            if isinstance(value, list) and inject(value):
                return True
        return False

    if config.nav and not inject(config.nav):
        raise PluginError(f"mkdocs.yml nav: '{TOOLKIT_INDEX}' not found; the generated toolkit pages go after it")
    return config


def on_files(files, config):
    for src, _title, content in _generated_pages(_catalog()):
        if files.get_file_from_path(src):
            raise PluginError(f"docs/{src} exists, but that page is generated from data/: delete the file")
        files.append(File.generated(config, src, content=content))
    return files


def on_page_content(html, page, config, files):
    return restore_html(page, html)


# ---------------------------------------------------------------------- post-build checks
def _parse(path: pathlib.Path):
    """(ids, links) of one built page; lxml, since the stdlib HTMLParser is ~10x slower here."""
    tree = lxml.html.fromstring(path.read_bytes())
    ids = set(tree.xpath("//@id")) | set(tree.xpath("//a/@name"))
    links = [(el.tag, el.get(attr)) for attr in ("href", "src")
             for el in tree.xpath(f"//a[@{attr}] | //link[@{attr}] | //script[@{attr}] | //img[@{attr}]"
                                  f" | //iframe[@{attr}] | //source[@{attr}]")]
    return ids, links


def check_links(site_dir: pathlib.Path, base_path: str = "/") -> list[str]:
    """Every internal href/src in the built HTML must point at a file (and anchor) that exists."""
    parsed: dict[pathlib.Path, tuple] = {}

    def parse(path: pathlib.Path):
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        rel_page = page.relative_to(site_dir).as_posix()
        for tag, link in parse(page)[1]:
            url = urllib.parse.urlsplit(link)
            if url.scheme or url.netloc or link.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            path = urllib.parse.unquote(url.path)
            if path.startswith("/"):
                if not path.startswith(base_path):
                    problems.append(f"{rel_page}: <{tag}> '{link}' is outside the site")
                    continue
                target_rel = path[len(base_path):]
            else:
                target_rel = posixpath.normpath(posixpath.join(posixpath.dirname(rel_page), path)) if path else rel_page
                if target_rel == ".":
                    target_rel = ""
            target = site_dir / target_rel
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{rel_page}: <{tag}> '{link}': no such file {target.relative_to(site_dir).as_posix()}")
                continue
            if url.fragment and target.suffix == ".html":
                frag = urllib.parse.unquote(url.fragment)
                if frag not in parse(target)[0]:
                    problems.append(f"{rel_page}: <{tag}> '{link}': no anchor #{frag} in "
                                    f"{target.relative_to(site_dir).as_posix()}")
    return problems


def rewrite_search_index(site_dir: pathlib.Path) -> None:
    path = site_dir / "search" / "search_index.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# Material's search worker segments a Chinese query against the index vocabulary, but its loop
# `for (j = i + 1; j < query.length; j++)` never tries a word that ends at the last character, so
# "卡密无效" loses "无效" and "卡号不存在" loses "存在". The fix is the one-character change below;
# the build fails if the worker no longer has this code (then re-check the bug upstream).
SEGMENT_BUG = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
SEGMENT_FIX = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def patch_search_worker(site_dir: pathlib.Path) -> None:
    workers = list((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"expected one Material search worker, found {len(workers)}")
    code = workers[0].read_text(encoding="utf-8")
    if code.count(SEGMENT_BUG) != 1:
        raise PluginError(f"{workers[0].name}: the query-segmentation code patched by hooks.py has changed; "
                          "check whether Material fixed the last-character bug and update SEGMENT_BUG")
    workers[0].write_text(code.replace(SEGMENT_BUG, SEGMENT_FIX), encoding="utf-8")


def on_post_build(config):
    site_dir = pathlib.Path(config.site_dir)
    rewrite_search_index(site_dir)
    if os.environ.get("WQ_SEARCH_UNPATCHED") != "1":   # lets one measure recall without the fix
        patch_search_worker(site_dir)
    base = urllib.parse.urlsplit(config.site_url or "/").path or "/"
    base = base if base.endswith("/") else base + "/"
    zip_link = f"downloads/{dl.OFFLINE_ZIP_NAME}"
    problems = [p for p in check_links(site_dir, base)
                if not (dl.OFFLINE_ZIP.get("wanted") and f"no such file {zip_link}" in p)]
    if problems:
        raise PluginError("Broken internal links in the built site:\n  " + "\n  ".join(problems))
    if dl.OFFLINE_ZIP.get("wanted"):
        # only once the site itself is complete and correct: the offline variant has the same content
        zipped = build_offline_zip(config)
        shutil.copyfile(zipped, site_dir / zip_link)
        size = f"{zipped.stat().st_size / 1024 / 1024:.1f} MB"
        for path in (site_dir / "toolkit" / "downloads" / "index.html", site_dir / "search" / "search_index.json"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(dl.OFFLINE_SIZE_MARK, size), encoding="utf-8")


def on_startup(command, dirty):
    _state["command"] = command


def build_offline_zip(config) -> pathlib.Path:
    """Build the offline variant into a temp dir and zip it into .cache/offline/."""
    out = ROOT / ".cache" / "offline"
    out.mkdir(parents=True, exist_ok=True)
    target = out / dl.OFFLINE_ZIP_NAME
    with tempfile.TemporaryDirectory(prefix="wq-offline-") as tmp:
        env = {**os.environ, "WQ_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", config.config_file_path,
                               "-d", tmp], env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise PluginError("The offline build failed:\n" + (proc.stdout + proc.stderr)[-4000:])
        fd, part = tempfile.mkstemp(dir=out, suffix=".zip.part")
        os.close(fd)
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(pathlib.Path(tmp).rglob("*")):
                if path.is_file():
                    zf.write(path, f"weiquan-shouce/{path.relative_to(tmp).as_posix()}")
        os.replace(part, target)
    return target


def offline_zip_wanted() -> bool:
    return _state["command"] == "build" and not OFFLINE and os.environ.get("WQ_OFFLINE_ZIP") != "0"


def on_pre_build(config):
    on_build_error.site_dir = config.site_dir
    dl.OFFLINE_ZIP.clear()
    dl.OFFLINE_ZIP["wanted"] = offline_zip_wanted()


def on_build_error(error):
    site_dir = getattr(on_build_error, "site_dir", None)
    if site_dir and pathlib.Path(site_dir).is_dir():
        clean_directory(site_dir)

