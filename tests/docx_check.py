"""Structure checks of a .docx (server-written or browser-built), beyond "python-docx opens it":
every part has a content type and every content-type override names a part; every internal
relationship points at a part; every style the document refers to is defined."""

from __future__ import annotations

import posixpath
import zipfile

from lxml import etree

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLE_REFS = ("pStyle", "rStyle", "tblStyle", "basedOn", "next", "link", "numStyleLink", "styleLink")


def _content_type_problems(zf: zipfile.ZipFile, names: set[str]) -> list[str]:
    types = etree.fromstring(zf.read("[Content_Types].xml"))
    defaults = {d.get("Extension").lower() for d in types.iter(CT + "Default")}
    overrides = {o.get("PartName").lstrip("/") for o in types.iter(CT + "Override")}
    problems = [f"override for missing part {name}" for name in sorted(overrides - names)]
    for name in sorted(names - {"[Content_Types].xml"}):
        if name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
            problems.append(f"{name} has no content type")
    return problems


def _relationship_problems(zf: zipfile.ZipFile, names: set[str]) -> list[str]:
    problems = []
    for rels in sorted(n for n in names if n.endswith(".rels")):
        source_dir = posixpath.dirname(posixpath.dirname(rels))  # word/_rels/x.rels -> word
        for rel in etree.fromstring(zf.read(rels)).iter(REL + "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(source_dir, rel.get("Target"))).lstrip("/")
            if target not in names:
                problems.append(f"{rels}: {rel.get('Id')} points at missing {target}")
    return problems


def _style_problems(zf: zipfile.ZipFile, names: set[str]) -> list[str]:
    styles = etree.fromstring(zf.read("word/styles.xml"))
    defined = {s.get(W + "styleId") for s in styles.iter(W + "style")}
    problems = []
    for name in sorted(n for n in names if n.startswith("word/") and n.endswith(".xml")):
        for tag in STYLE_REFS:
            for node in etree.fromstring(zf.read(name)).iter(W + tag):
                if node.get(W + "val") not in defined:
                    problems.append(f"{name}: <w:{tag}> names undefined style {node.get(W + 'val')}")
    return problems


def docx_problems(path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        return (
            _content_type_problems(zf, names) + _relationship_problems(zf, names) + _style_problems(zf, names)
        )
