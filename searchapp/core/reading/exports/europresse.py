"""Europresse exports: pages of articles, each naming its outlet in a span "DocPublicationName".

Newer exports put each article in an <article> (header, section, footer); older ones in a
table, the story as loose text and line breaks after the headline. Either way the outlet
stands in "DocPublicationName", section, date and page in "DocHeader" ("Politique, jeudi 5
octobre 2013, p. 12"), the headline in "titreArticleVisu", the authors in "docAuthors" or on
the line after the headline, and the document number ("news·20060315·LM·...") in the footer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from searchapp.core.reading.article import RawArticle, Reading
from searchapp.core.reading.dates import find_dates
from searchapp.core.reading.exports.fields import export_fields, one_line
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_OUTLET = "DocPublicationName"
# Classes, lower-cased (exports write "TitreArticleVisu" and "titreArticleVisu").
_PARTS = frozenset(
    "docpublicationname docheader titrearticlevisu titrearticle docauthors dococurrcontainer "
    "doctext".split()
)
_ISSUE = re.compile(r",\s*(?:no|n°|nº|num[ée]ro|nr|issue)\b.*$", re.I)
_FIRST_OF_MONTH = re.compile(r"\b1(?:er|re)\b")  # "1er mai 2012"
_WEEKDAYS = frozenset(
    (
        "lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday "
        "friday saturday sunday montag dienstag mittwoch donnerstag freitag samstag sonntag "
        "lunes martes miércoles jueves viernes sábado domingo"
    ).split()
)
_PAGE = re.compile(r"p\.\s*\w+$|\d")  # "p. 12", or a number: no section name
_KEY = re.compile(r"\b[a-z]+·\d{8}·[^\s<]+")
# Where the story ends in the older layout: the copyright, the document number, the notes.
_STORY_END = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|num[ée]ro de document|document number|illustration\(s\)|"
    r"note\(s\)|ce certificat)",
    re.I,
)
_BLOCKS = frozenset(
    "p div br tr table li ul ol h1 h2 h3 h4 h5 h6 section article header footer aside".split()
)
_BYLINE_WORDS = 10
_START_MARK = "\ue000"  # where the headline ended, in the flattened text


def from_html(tree: HtmlElement, rules: Rules) -> Reading | None:
    """The articles of a Europresse page, or None for any other page."""
    outlets = [
        value.getparent()
        for value in tree.xpath(f"//@class[contains(., '{_OUTLET}')]")
        if _OUTLET in value.split()
    ]
    if not outlets:
        return None
    articles = []
    for container in _containers(outlets):
        raw = _article(container)
        if raw is not None:
            articles.append(raw)
    return Reading(articles) if articles else None


def _containers(outlets: list[HtmlElement]) -> list[HtmlElement]:
    """Each outlet's article: its highest ancestor that holds no other outlet's name."""
    held: dict[HtmlElement, int] = {}
    for outlet in outlets:
        for ancestor in outlet.iterancestors():
            held[ancestor] = held.get(ancestor, 0) + 1
    containers = []
    for outlet in outlets:
        container = outlet
        for ancestor in outlet.iterancestors():
            if held[ancestor] > 1:
                break
            container = ancestor
        containers.append(container)
    return containers


def _text(element: HtmlElement) -> str:
    return one_line(element.text_content())


def _article(container: HtmlElement) -> RawArticle | None:
    parts: dict[str, list[HtmlElement]] = {}
    for element in container.iter():
        for token in element.get("class", "").lower().split():
            if token in _PARTS:
                parts.setdefault(token, []).append(element)
    headers = "".join(element.text_content() for element in parts.get("docheader", []))
    titles = parts.get("titrearticlevisu") or parts.get("titrearticle") or []
    if not (titles or headers.strip()):
        return None
    title = titles[0] if titles else None
    lines = _lines_after(container, title if title is not None else parts["docheader"][-1])
    authors = [_text(element) for element in parts.get("docauthors", [])]
    if not authors and lines and _reads_like_byline(lines):
        authors = [lines.pop(0)]
    story = (
        parts.get("dococurrcontainer") or parts.get("doctext") or container.findall(".//section")
    )
    paragraphs = [text for element in story for text in _paragraphs(element)]
    if not paragraphs:
        paragraphs = _story_lines(lines)
    export = {
        "title": _text(title) if title is not None else "",
        "source": _outlet(_text(parts["docpublicationname"][0])),
        "byline": "; ".join(author for author in authors if author),
        "key": next((m.group(0) for t in container.itertext() if (m := _KEY.search(t))), ""),
    }
    export.update(_header_fields(headers))
    return RawArticle(body="\n\n".join(paragraphs), export=export_fields(export))


def _outlet(name: str) -> str:
    """The outlet without the issue number some exports add ("Magazine 1, no. 5968")."""
    return _ISSUE.sub("", name).strip() or name


def _header_fields(header: str) -> dict[str, str]:
    """Section and date from "Politique, jeudi 5 octobre 2013, p. 12" (any part may be
    missing; English exports write "Thursday, October 4, 2012")."""
    header = _FIRST_OF_MONTH.sub("1", one_line(header))
    dates = find_dates(header)
    if not dates:
        first = header.split(",")[0].strip()
        return {} if _PAGE.match(first) else {"section": first}
    before = header[: dates[0].start].replace(",", " ").split()
    while before and before[-1].casefold() in _WEEKDAYS:
        before.pop()
    return {"date": header[dates[0].start : dates[0].end], "section": " ".join(before)}


def _paragraphs(element: HtmlElement) -> list[str]:
    found = [text for p in element.iter("p") if (text := _text(p))]
    return found or ([_text(element)] if _text(element) else [])


def _lines_after(container: HtmlElement, start: HtmlElement) -> list[str]:
    """The container's text lines (a line for each block or line break) after `start`, the
    headline (or, without one, the header)."""
    from lxml import etree

    parts: list[str] = []
    for event, element in etree.iterwalk(container, events=("start", "end")):
        block = element.tag in _BLOCKS
        if event == "start":
            parts.append("\n" if block else "")
            parts.append(element.text or "")
        else:
            parts.append("\n" if block else "")
            if element is start:
                parts.append(f"\n{_START_MARK}\n")
            parts.append(element.tail or "")
    text = "".join(parts).partition(_START_MARK)[2]
    return [line for raw in text.split("\n") if (line := one_line(raw))]


def _reads_like_byline(lines: list[str]) -> bool:
    """The line after the headline names the authors when it is short, holds no sentence and
    the story follows it."""
    line = lines[0]
    return (
        len(lines) > 1
        and len(line.split()) <= _BYLINE_WORDS
        and not _STORY_END.match(line)
        and not re.search(r"[.!?:;»\"”]$|\d", line)
    )


def _story_lines(lines: list[str]) -> list[str]:
    story = []
    for line in lines:
        if _STORY_END.match(line):
            break
        story.append(line)
    return story
