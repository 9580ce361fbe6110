"""Saved web pages: decoded and parsed tolerantly, then their metadata and their article's text.

lxml parses what browsers show (stray script end tags, conditional comments, a body inside a
form), so a readable page is never skipped; page_meta.py reads the page's date, source, title
and address and page_text.py its main text, each from the same tree.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from searchapp.core.reading import exports
from searchapp.core.reading.addresses import web_address
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
# The comment browsers write at the top of a page they save: "<!-- saved from
# url=(0041)https://news.example.org/2024/12/06/story -->", the number being the address's length.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\s*\d+\s*\)\s*(\S+?)\s*-->", re.I)
_SAVED_FROM_CHARS = 8192  # the comment stands before the page's <head>


def reads(path: Path, head: bytes, rules: Rules) -> bool:
    """Whether `path` is a saved web page, by its ending."""
    return path.suffix.lower() in rules.html_extensions


def read(data: bytes, rules: Rules) -> Reading:
    """The article in a saved web page's bytes, decoded by the charset the page declares."""
    declared = declared_charset(data)
    return read_markup(normalize_text(decode(data, declared, markup=True)), rules)


def read_markup(text: str, rules: Rules, address: str | None = None) -> Reading:
    """An export's articles, or the one article a web page holds, from the page's text.
    `address` is the page's own, where its container names it (an MHTML part's location, a
    Safari archive's URL)."""
    tree = parse_page(text)
    if tree is not None:
        reading = exports.from_html(tree, rules)
        if reading is not None:
            return reading
    return Reading([parse_html(text, rules, tree, address)])


def parse_html(
    text: str, rules: Rules, tree: HtmlElement | None = None, address: str | None = None
) -> RawArticle:
    """A web page's main text and the metadata it declares about its article. The page's own
    address, to resolve a relative canonical link against, is `address` (where its container
    names it), else the one in the browser's "saved from" comment."""
    tree = parse_page(text) if tree is None else tree
    if tree is None:
        return RawArticle(body=" ".join(text.split()) if "<" not in text else "")
    own = web_address(address) or web_address(saved_from(text))
    meta = page_metadata(tree, rules, own or None)
    body = main_text(tree, rules) or visible_text(tree, rules)
    return RawArticle(body=body, meta=meta)


def saved_from(text: str) -> str | None:
    """The address in the "saved from url=" comment a browser wrote into the page it saved
    (the parser drops comments, so it is read from the text)."""
    match = _SAVED_FROM.search(text, 0, _SAVED_FROM_CHARS)
    return match.group(1) if match else None


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
