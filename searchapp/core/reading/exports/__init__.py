"""News-database exports: files that hold many articles with their fields, by vendor.

Each layout's module (nexis_uni, nexis_classic, nexis_page; factiva_text, factiva_page,
factiva_xml; proquest; europresse) offers any of three functions, each returning a Reading, or
None when the content is not in its layout:

- `from_text(text, rules)`: the text of a .txt, .rtf or .docx file, paragraphs as lines;
- `from_html(tree, rules)`: a parsed web page (lxml), before any web-page rule runs;
- `from_xml(data, rules)`: the bytes of an XML file.

An export is recognised from its content, never from the file's name: the container readers
(plain, html, documents) ask here first and read the file as one article when no vendor
takes it. What the layouts of one vendor share lives beside them (nexis_document,
factiva_fields), and what every vendor does with its fields in `fields`.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

from searchapp.core.reading.article import Reading
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Asked in order; Nexis Uni before the classic layout, whose signs a Uni export may also show.
# Imported when a file is first read, not by whoever only needs a helper of this package (a
# search needs none of them).
VENDOR_MODULES = (
    "nexis_uni",
    "nexis_classic",
    "nexis_page",
    "factiva_text",
    "factiva_page",
    "factiva_xml",
    "proquest",
    "europresse",
)


@functools.cache
def vendors() -> tuple:
    """The layouts' modules, in the order they are asked."""
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in VENDOR_MODULES)


def from_text(text: str, rules: Rules) -> Reading | None:
    """The articles of an export in plain text (or a document's paragraphs), or None."""
    return _first("from_text", text, rules)


def from_html(tree: HtmlElement, rules: Rules) -> Reading | None:
    """The articles of an export saved as HTML, or None for any other page."""
    return _first("from_html", tree, rules)


def from_xml(data: bytes, rules: Rules) -> Reading | None:
    """The articles of an export in XML, or None."""
    return _first("from_xml", data, rules)


def _first(kind: str, content, rules: Rules) -> Reading | None:
    for vendor in vendors():
        read = getattr(vendor, kind, None)
        if read is not None:
            reading = read(content, rules)
            if reading is not None:
                return reading
    return None
