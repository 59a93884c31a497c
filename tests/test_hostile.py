"""Hostile data, built for real and opened in Chromium: payloads that would run if any reached the
page as HTML, Markdown or an attribute (svg onload, img onload with a data: image, javascript:
links, attribute lists) in a checklist, a letter, a scenario, a channel name and a statute name.
The build must pass (everything shown as text), and no dialog may open on any page."""

from __future__ import annotations

import functools
import http.server
import pathlib
import threading

import lxml.html
import pytest
import yaml

from helpers import QuietHandler, build, copy_project, free_port

pytestmark = [pytest.mark.build]
PAGES = (
    "toolkit/checklists/hostile/",
    "reference/channels/",
    "reference/laws/",
    "reference/laws/ecommerce/",
    "scenarios/not-delivered/",
    "toolkit/templates/platform-complaint/",
    "",
)
FIXTURES = pathlib.Path(__file__).parent / "fixtures"
LINK = "[点我](javascript:alert({n}))"
ATTRS = "{{ onfocus=alert({n}) autofocus tabindex=0 }}"
SVG = "<svg onload=alert({n})>"


def _edit_yaml(path: pathlib.Path, edit) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_hostile(project: pathlib.Path) -> None:
    data = project / "data"
    (data / "checklists" / "hostile.yml").write_text(
        (FIXTURES / "hostile-checklist.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )

    def channels(entries):
        entries[0]["name"] = "12315" + LINK.format(n=201) + ATTRS.format(n=202)
        entries[0]["summary"] = SVG.format(n=203) + "\n\n" + LINK.format(n=204)

    def laws(entries):
        # the whole law is renamed: its articles share one page (macros.pages refuses a split law)
        for entry in entries:
            if entry["law"] == "中华人民共和国电子商务法":
                entry["law"] += LINK.format(n=301) + ATTRS.format(n=302)

    def scenario(sc):
        sc["today"][0] = LINK.format(n=401) + "\n\n" + ATTRS.format(n=402) + "\n\n" + SVG.format(n=403)
        sc["summary"] = "<img src=data:image/gif;base64,R0lGODlhAQABAAAAACw= onload=alert(404)>"
        sc["routes"][0]["title"] = "路线" + LINK.format(n=405)

    def letter(t):
        t["fields"][0]["help"] = SVG.format(n=501)
        t["fields"][0]["example"] = LINK.format(n=502)
        t["how_to_use"][0] = ATTRS.format(n=503)

    _edit_yaml(data / "channels.yml", channels)
    _edit_yaml(data / "laws.yml", laws)
    _edit_yaml(data / "scenarios" / "not-delivered.yml", scenario)
    _edit_yaml(data / "letters" / "platform-complaint.yml", letter)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> pathlib.Path:
    tmp = tmp_path_factory.mktemp("hostile")
    config = copy_project(tmp / "project")
    make_hostile(tmp / "project")
    proc = build(
        tmp / "site",
        config=config,
        data_dir=tmp / "project" / "data",
        env={"WQ_DOWNLOADS": "false", "SITE_URL": ""},
    )
    assert proc.returncode == 0, f"hostile data must build (shown as text):\n{proc.stdout}\n{proc.stderr}"
    return tmp / "site"


def test_hostile_data_is_text_in_the_html(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    for page in pages:
        tree = lxml.html.fromstring(page.read_bytes())
        assert not tree.xpath("//@*[starts-with(name(), 'on')]"), page
        assert not [
            h for h in tree.xpath("//@href | //@src") if h.strip().lower().startswith("javascript:")
        ], page
        for script in tree.xpath("//article//script"):
            pytest.fail(f"{page}: script in content: {lxml.html.tostring(script)[:80]}")
    checklist = (hostile_site / "toolkit/checklists/hostile/index.html").read_text(encoding="utf-8")
    text = lxml.html.fromstring(checklist).xpath("//article")[0].text_content()
    assert "<script>alert(104)</script>" in text and "javascript:alert(111)" in text
    channels = lxml.html.fromstring((hostile_site / "reference/channels/index.html").read_bytes())
    heading = channels.xpath("//h2[@id='cn-12315']")[0]
    assert (
        "javascript:alert(201)" in heading.text_content() and "onfocus=alert(202)" in heading.text_content()
    )
    assert not heading.xpath(".//a[contains(@href, 'javascript')]")
    for rel, xpath in (("reference/laws/ecommerce/", "//article//h1"), ("reference/laws/", "//article//h2")):
        law = lxml.html.fromstring((hostile_site / rel / "index.html").read_bytes()).xpath(xpath)[0]
        assert "javascript:alert(301)" in law.text_content() and "onfocus=alert(302)" in law.text_content()
        assert not law.xpath(".//a[starts-with(@href, 'javascript')]")


def test_no_script_runs_from_hostile_data_in_a_browser(hostile_site, browser):
    port = free_port()
    handler = functools.partial(QuietHandler, directory=str(hostile_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    dialogs: list[str] = []
    context = browser.new_context(bypass_csp=True)  # escaping alone; CSP is tested in test_hardening
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for rel in PAGES:
            page.goto(f"http://127.0.0.1:{port}/{rel}", wait_until="networkidle")
            for link in page.locator("a").all()[:400]:
                link.focus()
            page.keyboard.press("Tab")
            # a javascript: link would run if clicked: click every link that names one
            for link in page.locator("a[href^='javascript']").all():
                link.click()
    finally:
        context.close()
        httpd.shutdown()
    assert dialogs == [], f"script from data ran: {dialogs}"
