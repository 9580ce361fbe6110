"""Saved web pages: decoded and parsed tolerantly, then their metadata and their article's text.

lxml parses what browsers show (stray script end tags, conditional comments, a body inside a
form), so a readable page is never skipped; page_meta.py reads the page's date, source and title
and page_text.py its main text, each from the same tree.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from searchapp.core.reading import exports
from searchapp.core.reading.article import RawArticle, Reading
from searchapp.core.reading.files import declared_charset, decode, normalize_text
from searchapp.core.reading.page_meta import page_metadata
from searchapp.core.reading.page_text import main_text, visible_text
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# lxml refuses text that still declares an encoding: the text is decoded already.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.I)


def reads(path: Path, head: bytes, rules: Rules) -> bool:
    """Whether `path` is a saved web page, by its ending."""
    return path.suffix.lower() in rules.html_extensions


def read(data: bytes, rules: Rules) -> Reading:
    """The article in a saved web page's bytes, decoded by the charset the page declares."""
    declared = declared_charset(data)
    return read_markup(normalize_text(decode(data, declared, markup=True)), rules)


def read_markup(text: str, rules: Rules) -> Reading:
    """An export's articles, or the one article a web page holds, from the page's text."""
    tree = parse_page(text)
    if tree is not None:
        reading = exports.from_html(tree, rules)
        if reading is not None:
            return reading
    return Reading([parse_html(text, rules, tree)])


def parse_html(text: str, rules: Rules, tree: HtmlElement | None = None) -> RawArticle:
    """A web page's main text and the metadata it declares about its article."""
    tree = parse_page(text) if tree is None else tree
    if tree is None:
        return RawArticle(body=" ".join(text.split()) if "<" not in text else "")
    meta = page_metadata(tree, rules)
    body = main_text(tree, rules) or visible_text(tree, rules)
    return RawArticle(body=body, meta=meta)


def parse_page(text: str) -> HtmlElement | None:
    """The page's element tree; None for text with no markup lxml can read."""
    import lxml.html
    from lxml.etree import ParserError

    markup = _XML_DECLARATION.sub("", text, count=1)
    # An end of body or html in mid-page (an e-mail delivery quoting a page in a page) makes
    # libxml2 stop reading there; the parser closes both at the end by itself.
    markup = _DOCUMENT_END.sub("", markup)
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup, parser=_parser())
    except (ParserError, ValueError):
        return None


@functools.cache
def _parser():
    # Made on first use, like the import above: commands that read no page never load lxml.
    import lxml.html

    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
