"""Leave out of a python-docx document what it never uses, before it is saved.

python-docx starts every file from its default template, which carries ~27 KB (zipped) that no
letter or checklist needs: 164 style definitions and 137 latent-style entries (Word's built-in
style list, which Word and WPS know anyway), a Word 2010 copy of all styles (stylesWithEffects,
ignored by Word 2013+ and by WPS), a thumbnail and a customXml bibliography stub. `slim` drops
them and keeps every style the document refers to (from its body, headers, footers and numbering)
together with the styles those are based on, link to or are followed by, and the default styles.
Parts are dropped by their relationship: python-docx saves only the parts it can reach, and
writes [Content_Types].xml from those.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
DROPPED_DOCUMENT_RELS = (STYLES_WITH_EFFECTS, RT.CUSTOM_XML)
DROPPED_PACKAGE_RELS = (RT.THUMBNAIL,)
STYLE_REF_TAGS = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink")
STYLE_CHAIN_TAGS = ("w:basedOn", "w:next", "w:link")


def _drop_rels(rels, reltypes) -> None:
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in reltypes]:
        rels.pop(r_id)


def _style_refs(element) -> set[str]:
    refs = set()
    for tag in STYLE_REF_TAGS:
        refs.update(node.get(qn("w:val")) for node in element.iter(qn(tag)))
    return refs


def _xml_parts(doc: Document):
    """The document part's XML and that of every header, footer and numbering part it uses."""
    yield doc.element
    for rel in doc.part.rels.values():
        if not rel.is_external and hasattr(rel.target_part, "element"):
            yield rel.target_part.element


def used_styles(doc: Document) -> set[str]:
    """Style ids the document refers to, their chains (basedOn, next, link), and the defaults."""
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
    todo = set().union(*(_style_refs(part) for part in _xml_parts(doc) if part is not styles))
    todo |= {sid for sid, s in by_id.items() if s.get(qn("w:default")) in ("1", "true", "on")}
    seen: set[str] = set()
    while todo:
        sid = todo.pop()
        if sid in seen or sid not in by_id:
            continue
        seen.add(sid)
        for tag in STYLE_CHAIN_TAGS:
            todo.update(node.get(qn("w:val")) for node in by_id[sid].iter(qn(tag)))
    return seen


def slim(doc: Document) -> None:
    """Drop the unused styles, the latent-style list and the parts no reader needs."""
    _drop_rels(doc.part.rels, DROPPED_DOCUMENT_RELS)
    _drop_rels(doc.part.package.rels, DROPPED_PACKAGE_RELS)
    keep = used_styles(doc)
    styles = doc.styles.element
    for style in list(styles.iter(qn("w:style"))):
        if style.get(qn("w:styleId")) not in keep:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
