"""macros/htmlcheck.py on small documents (fast): the whole page is checked, URLs are read as a
browser reads them (WHATWG, ada-url), and only the theme's own inline scripts pass."""

from __future__ import annotations

import pathlib

import lxml.html
import material
import pytest

from helpers import ROOT
from macros import csp, htmlcheck

THEME = (str(ROOT / "overrides"), str(pathlib.Path(material.__file__).parent / "templates"))
RULES = htmlcheck.Rules(
    allows_host=lambda host: host.split(":")[0].endswith("gov.cn"), site_url="", theme_dirs=THEME
)
MD_SCOPE = (
    '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}'
    "catch(e){}}"
)


def problems(body: str, head: str = "") -> list[str]:
    html = f"<html><head>{head}</head><body><nav></nav>{body}<footer></footer></body></html>"
    return htmlcheck.page_problems(lxml.html.fromstring(html), "about/index.html", RULES)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<a href="http:\\\\127.0.0.1:8799\\.gov.cn/x">x</a>', "link to 127.0.0.1:8799"),
        ('<a href="https://evil.example\\@www.gov.cn/">x</a>', "link to evil.example"),
        ('<svg><a xlink:href="https://evil.example/x"><text>x</text></a></svg>', "link to evil.example"),
        ('<map name="m"><area href="https://evil.example/y"></map>', "<area href='https://evil.example/y'>"),
        ('<a href=" jAvA&#9;script:alert(1)">x</a>', "javascript: URLs are not allowed"),
        (
            '<svg><a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
            "<set> changing",
        ),
        (
            '<svg><animate attributeName="xlink:href" values="javascript:alert(1)"/></svg>',
            "<animate> changing",
        ),
        ('<img src="x.png" srcset="a.png 1x, https://evil.example/b.png 2x">', "loads from evil.example"),
        ('<a href="../" ping="https://evil.example/p">x</a>', "loads from evil.example"),
        ('<form action="https://www.gov.cn/f"></form>', "loads from www.gov.cn, outside the site"),
        ('<button formaction="javascript:alert(1)">x</button>', "javascript: URLs are not allowed"),
        ('<video poster="https://evil.example/p.png"></video>', "loads from evil.example"),
        ('<blockquote cite="https://evil.example/c">x</blockquote>', "link to evil.example"),
        ('<table background="https://evil.example/t.png"></table>', "loads from evil.example"),
        ('<div style="background:url(https://evil.example/i.png)">x</div>', "loads from evil.example"),
        ('<div style="background:u\\72l(//evil.example/i.png)">x</div>', "CSS escapes are not allowed"),
        ('<img src="data:text/html;base64,PHNjcmlwdD4=">', "data: URLs are not allowed"),
        ('<a href="data:image/png;base64,AA==">x</a>', "data: URLs are not allowed"),
        ('<iframe src="../x/"></iframe>', "<iframe> is not allowed"),
        ("<script>alert(1)</script>", "<script> that is not one of the theme's inline scripts"),
        ('<script type="text/ecmascript">alert(1)</script>', "not one of the theme's inline scripts"),
        ('<p onclick="x()">x</p>', "event-handler attribute onclick="),
    ],
)
def test_refused_in_the_content(body, expected):
    found = problems(body)
    assert any(expected in p for p in found), found
    assert all(p.startswith("about/index.html: ") for p in found)


@pytest.mark.parametrize(
    "head",
    [
        "<script>alert(1)</script>",
        '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
        '<base href="https://evil.example/">',
        '<script src="https://evil.example/x.js"></script>',
        '<link rel="stylesheet" href="https://www.gov.cn/x.css">',
    ],
)
def test_refused_in_the_head(head):
    assert problems("", head=head), head


def test_refused_in_nav_and_footer():
    html = "<html><body><nav><script>alert(1)</script></nav>"
    html += "<footer><script>alert(2)</script></footer></body></html>"
    found = htmlcheck.page_problems(lxml.html.fromstring(html), "about/index.html", RULES)
    assert len(found) == 2, found


@pytest.mark.parametrize(
    "body",
    [
        '<a href="https://www.gov.cn/zhengce/">x</a>',
        '<a href="../guides/laws/#x">x</a>',
        '<a href="mailto:a@example.invalid">x</a> <a href="tel:12315">x</a>',
        '<img src="data:image/svg+xml;base64,PHN2Zy8+" alt="">',
        '<img src="../assets/x.png" srcset="../assets/x.png 1x, ../assets/y.png 2x" alt="">',
        '<script id="__config" type="application/json">{"base": ".."}</script>',
        "<script>" + MD_SCOPE.replace("{base}", "../..") + "</script>",
        '<script src="../assets/wq/wq-core.js?v=1"></script>',
    ],
)
def test_allowed(body):
    assert problems(body) == []


def test_a_theme_script_slot_takes_a_path_only():
    """The one value Material writes into its inline scripts (base_url) cannot leave its string."""
    assert csp.is_theme_script(MD_SCOPE.replace("{base}", "../.."), THEME)
    assert not csp.is_theme_script(MD_SCOPE.replace("{base}", '",alert(1),"'), THEME)
    assert not csp.is_theme_script(MD_SCOPE.replace("{base}", "javascript:alert(1)"), THEME)
