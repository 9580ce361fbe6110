"""Nexis UK pages: the classic layout saved as a web page, split into articles.

The page's CSS class names ("c0" ... "c20") change from export to export and mean nothing, so it
is read by its text and order: split at its "docN" anchors (else at its "N of M DOCUMENTS"
lines), each part read as the classic layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, islice
from typing import TYPE_CHECKING

from searchapp.core.reading.article import Reading
from searchapp.core.reading.exports.fields import one_line
from searchapp.core.reading.exports.nexis_classic import (
    DOCS_LINE,
    Part,
    classic_reading,
    docs_numbers,
    split_at_docs_lines,
    stated,
)
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_SNIFF_PAGE_LINES = 400  # text lines of a page searched for "N of M DOCUMENTS"
_BLOCK_TAGS = frozenset(
    "p div td th tr table li ul ol dl dd dt h1 h2 h3 h4 h5 h6 blockquote pre center".split()
)
_SKIPPED_TAGS = frozenset(("script", "style", "head", "title", "noscript", "template"))


def from_html(tree: HtmlElement, rules: Rules) -> Reading | None:
    """The articles of a Nexis UK page, or None for any other page."""
    anchored = bool(tree.xpath("//a[starts-with(translate(@name, 'DOC', 'doc'), 'doc')]"))
    page = _page_lines(tree)
    head = list(islice(page, _SNIFF_PAGE_LINES))
    if not anchored and not any(line and DOCS_LINE.match(line) for line in head):
        return None
    lines = list(chain(head, page))
    if anchored:
        parts = _split_at_anchors(lines)
    else:
        _, parts = split_at_docs_lines([line or "" for line in lines])
    declared = next((m.get("documents") for m in tree.iter("meta") if m.get("documents")), "")
    count = int(declared) if declared.isdigit() else stated(parts, "")
    return classic_reading(parts, wrapped=False, stated=count)


def _split_at_anchors(lines: list[str | None]) -> list[Part]:
    """Each anchored part of a page, numbered by its "N of M DOCUMENTS" line."""
    parts: list[Part] = []
    current: list[str] | None = None
    for line in [*lines, None]:
        if line is not None:
            if current is not None:
                current.append(line)
            continue
        if current is not None and any(text.strip() for text in current):
            first = next(i for i, text in enumerate(current) if text.strip())
            number, total = docs_numbers(current[first])
            rest = current[first + 1 :] if number is not None else current
            parts.append(Part(number, total, rest))
        current = []
    return parts


def _page_lines(tree: HtmlElement) -> Iterator[str | None]:
    """A page's text as lines, a blank line after each block (paragraph, cell), <br> a line
    end, and None where a "docN" anchor stands."""
    from lxml import etree

    buffer: list[str] = []
    skipped = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED_TAGS:
                skipped += 1
            if skipped:
                continue
            anchor = tag == "a" and (element.get("name") or "").lower().startswith("doc")
            if tag in _BLOCK_TAGS or anchor:
                yield from _flushed(buffer)
            if anchor:
                yield None
            if tag == "br":
                buffer.append("\n")
            if tag and element.text:
                buffer.append(_spaced(element.text))
            continue
        if tag in _SKIPPED_TAGS:
            skipped -= 1
        if skipped:
            continue
        if tag in _BLOCK_TAGS:
            yield from _flushed(buffer)
        if element.tail:
            buffer.append(_spaced(element.tail))
    yield from _flushed(buffer)


def _spaced(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def _flushed(buffer: list[str]) -> Iterator[str]:
    lines = [one_line(line) for line in "".join(buffer).split("\n")]
    buffer.clear()
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if lines:
        yield from lines
        yield ""
