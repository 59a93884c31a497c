"""Hardening that needs a real build or browser: the Content-Security-Policy as shipped, no local
address in a default build (inside PDF, DOCX and zip files too), no third-party polyfill."""

from __future__ import annotations

import io
import pathlib
import re
import zipfile

import docx
import jinja2
import lxml.html
import material
import pytest
from mkdocs.config import load_config
from pypdf import PdfReader

from helpers import PAGE_TYPES, ROOT, Watch, build, build_offline_zip, open_page, search
from macros import csp

LOCAL = re.compile(rb"127\.0\.0\.1|localhost")


# ------------------------------------------------------------------ CSP
def csp_of(html: str) -> str:
    metas = lxml.html.fromstring(html).xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert len(metas) == 1
    return metas[0]


@pytest.mark.build
def test_csp_is_the_same_strict_policy_on_every_page_before_any_script(pages):
    policies = {rel: csp_of(html) for rel, html in pages.items()}
    assert len(set(policies.values())) == 1, "every page must carry the union of hashes"
    policy = next(iter(policies.values()))
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    assert script_src[0] == "'self'" and all(s.startswith("'sha256-") for s in script_src[1:])
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in policy
    assert "img-src 'self' data:" in policy and "http" not in policy
    for rel, html in pages.items():
        head = html[: html.index("</head>")]
        assert head.index("Content-Security-Policy") < head.index("<script"), f"{rel}: CSP after a script"


@pytest.mark.browser
def test_every_page_type_runs_under_the_csp_with_instant_navigation(ctx):
    context, watch, base = ctx
    page = watch.page(context)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: violations.append(f"page error: {e}"))
    page.goto(base, wait_until="networkidle")
    page.evaluate("window.__wq_marker = 1")  # survives instant navigation only
    for name, path in PAGE_TYPES.items():
        nav = "nav.md-nav--primary"  # the nav's links are absolute after the first instant navigation
        link = page.locator(
            f"{nav} a[href$='/{path}'], {nav} a[href='{path}']" if path else "a.md-logo"
        ).first
        assert link.count(), f"no link to {name} on {page.url}"
        page.wait_for_timeout(500)  # let Material finish swapping in the previous page
        link.evaluate("a => a.click()")
        page.wait_for_url(f"{base}{path}", timeout=10_000)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__wq_marker") == 1, f"{name}: not reached by instant navigation"
    page.goto(base + PAGE_TYPES["template"], wait_until="networkidle")
    assert page.locator(".wq-form").count() == 1, "letter form did not appear under the CSP"
    page.goto(base + PAGE_TYPES["checklist"], wait_until="networkidle")
    assert page.locator("[data-wq-progress]").is_visible(), "checklist script did not run under the CSP"
    hrefs = search(page, "卡密无效")  # the search worker runs under the policy too
    assert hrefs and "scenarios/invalid-code/" in hrefs[0], hrefs
    assert violations == [], f"CSP violations or errors on real pages: {violations}"
    injected = page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__wq_inj = 1';"
        " document.body.appendChild(s); return window.__wq_inj }"
    )
    assert injected is None, "an injected inline script ran: the CSP is not in force"


@pytest.mark.browser
def test_resize_observer_polyfill_is_our_own_copy(browser, server):
    context = browser.new_context()
    context.add_init_script("delete window.ResizeObserver")
    watch = Watch(context, server)
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    page = open_page(context, watch, server + PAGE_TYPES["scenario"])
    assert watch.offsite == [], watch.offsite
    assert any("assets/vendor/resize-observer-polyfill/" in url for url in requested), requested
    assert page.evaluate("typeof ResizeObserver") == "function"
    context.close()


# ------------------------------------------------------------------ public address
def texts_in(name: str, data: bytes):
    """(name, bytes) of a file and of everything inside it a plain grep cannot see."""
    yield name, data
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for member in zf.namelist():
                yield from texts_in(f"{name}!{member}", zf.read(member))
    elif name.endswith(".docx"):
        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs] + [
            p.text for s in document.sections for p in s.footer.paragraphs
        ]
        yield f"{name} (text)", "\n".join(parts).encode()
    elif name.endswith(".pdf"):
        yield (
            f"{name} (text)",
            "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).encode(),
        )


@pytest.mark.build
def test_default_build_publishes_no_local_address(tmp_path):
    env = {"SITE_URL": ""}  # as on a machine where nobody set a public address
    proc = build_offline_zip(env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = build(tmp_path / "site", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = tmp_path / "site"
    assert (site / "downloads" / "weiquan-shouce-offline.zip").exists()
    assert not (site / "sitemap.xml").exists(), "no public address: no sitemap"
    found, checked = [], 0
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        for name, data in texts_in(path.relative_to(site).as_posix(), path.read_bytes()):
            checked += 1
            if LOCAL.search(data):
                found.append(name)
            if name.endswith((".html", "(text)")) and re.search(rb"\bNone\b|canonical", data):
                found.append(f"{name}: None or canonical")
    assert checked > 150
    assert not found, f"local address or 'None' in: {found[:10]}"


def test_deploy_workflow_requires_a_public_address():
    workflow = (pathlib.Path(__file__).parent.parent / ".github/workflows/deploy.yml").read_text(
        encoding="utf-8"
    )
    assert "SITE_URL" in workflow and 'test -n "$SITE_URL"' in workflow


# ------------------------------------------------------------------ CSP derived from the theme's sources
MATERIAL = pathlib.Path(material.__file__).parent / "templates"
# The partials of Material's templates that hold inline scripts, and whether base.html/header.html
# include them with this site's configuration (checked below against mkdocs.yml).
PARTIALS = {
    "partials/javascripts/base.html": True,
    "partials/javascripts/palette.html": True,  # theme.palette is set
    "partials/javascripts/content.html": True,  # its tabs script only with content.tabs.link
    "partials/javascripts/announce.html": False,  # announce.dismiss not enabled
    "partials/javascripts/outdated.html": False,  # no extra.version
    "partials/javascripts/consent.html": False,  # no extra.consent
}


def _base_url(rel: str) -> str:
    """MkDocs' base_url of a built page: the site root relative to the page (404: absolute)."""
    if rel == "404.html":
        return "/"
    return "/".join([".."] * rel.count("/")) or "."


def derived_scripts(rels, directory_urls: bool = True) -> set[str]:
    """The inline scripts Material's templates write for these pages, rendered from their source."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    features = config.theme["features"]
    assert config.theme["palette"] and not config.extra.get("version") and not config.extra.get("consent")
    assert "announce.dismiss" not in features
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(MATERIAL)))
    scripts = set()
    for rel in rels:
        for partial, included in PARTIALS.items():
            if included:
                html = env.get_template(partial).render(
                    config=config, features=features, base_url=_base_url(rel)
                )
                scripts |= set(re.findall(r"<script>(.*?)</script>", html, re.S))
    return scripts


def _policy_hashes(html: str) -> set[str]:
    return set(re.search(r"script-src ([^;]+)", csp_of(html)).group(1).split()[1:])


@pytest.mark.build
def test_csp_hashes_equal_those_derived_from_the_theme_templates(site):
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    derived = derived_scripts(pages)
    assert len(derived) >= 4, derived
    expected = {csp.digest(s) for s in derived}
    for rel, html in pages.items():
        assert _policy_hashes(html) == expected, rel
        for script in lxml.html.fromstring(html).iter("script"):
            if csp.is_code(script):
                assert script.text in derived, f"{rel}: inline script not from the theme: {script.text[:60]}"


@pytest.mark.build
def test_offline_zip_has_the_same_derived_policy_plus_the_patched_shim(site, tmp_path):
    with zipfile.ZipFile(site / "downloads" / "weiquan-shouce-offline.zip") as zf:
        zf.extractall(tmp_path)
    root = tmp_path / "weiquan-shouce"
    pages = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.html")}
    shim = (root / csp.SHIM).read_text(encoding="utf-8")
    assert 'filename:"${e}"' not in shim and "frameElement.dataset.url" in shim
    expected = {csp.digest(s) for s in derived_scripts(pages)} | {csp.digest(csp.shim_script(shim))}
    for rel, html in pages.items():
        policy = csp_of(html)
        assert "unsafe-inline" not in re.search(r"script-src ([^;]+)", policy).group(1), rel
        assert _policy_hashes(html) == expected, rel
