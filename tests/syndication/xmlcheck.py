"""Validation helpers: the sitemaps.org schemas and the Atom RELAX NG schema.

The sitemap schemas validate extension elements (``image:``, ``news:``) strictly, so
a file that uses them is checked twice: a copy without extension elements against
the schema, and the extension elements on their own for the right namespace and shape.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
NS = {"s": SITEMAP_NS, "image": IMAGE_NS, "news": NEWS_NS, "atom": ATOM_NS}


@cache
def _xml_schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


@cache
def _atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


def parse(content: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(content, parser)


def without_extensions(root: etree._Element) -> etree._Element:
    """A copy keeping only sitemaps.org elements."""
    copy = etree.fromstring(etree.tostring(root))
    for element in list(copy.iter()):
        if isinstance(element.tag, str) and etree.QName(element).namespace != SITEMAP_NS:
            element.getparent().remove(element)
    return copy


def assert_valid_sitemap(root: etree._Element, schema: str = "sitemap.xsd") -> None:
    checked = _xml_schema(schema)
    stripped = without_extensions(root)
    assert checked.validate(stripped), checked.error_log.filter_from_errors()


def assert_valid_atom(root: etree._Element) -> None:
    checked = _atom_schema()
    assert checked.validate(root), checked.error_log.filter_from_errors()


def assert_image_entries_well_formed(root: etree._Element) -> None:
    """Every image element is image:image in the image namespace, directly under a
    <url>, holding exactly one image:loc with an absolute address."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        if qname.namespace == SITEMAP_NS:
            continue
        assert qname.namespace == IMAGE_NS, f"unexpected extension {qname}"
        if qname.localname == "image":
            assert etree.QName(element.getparent()) == etree.QName(SITEMAP_NS, "url")
            locs = element.findall("image:loc", NS)
            assert len(locs) == 1 and len(element) == 1
            assert locs[0].text.startswith(("http://", "https://"))
        else:
            assert qname.localname == "loc"
            assert etree.QName(element.getparent()) == etree.QName(IMAGE_NS, "image")
