"""Factiva pages saved from a browser, split into articles, in either layout: the article
layout (a div of class "article" holding the headline span, unlabelled field divs and paragraphs
of class "articleParagraph") or the indexing layout (a table of two-letter codes)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from searchapp.core.reading.article import RawArticle, Reading
from searchapp.core.reading.exports.factiva_fields import (
    CODES,
    STORY_CODES,
    TRAILER,
    WORD_COUNT,
    after_word_count,
    date_text,
    indexed_article,
    is_accession,
)
from searchapp.core.reading.exports.fields import count_digits, export_fields, one_line
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.html import HtmlElement


def from_html(tree: HtmlElement, rules: Rules) -> Reading | None:
    """The articles of a Factiva page saved as HTML (either layout), or None."""
    articles = []
    seen: set[HtmlElement] = set()
    # Searching the class attributes, not the elements, halves the cost on a page of any other kind.
    for value in tree.xpath("//@class[contains(., 'Headline')]"):
        if not any(token.endswith("Headline") for token in value.split()):
            continue
        headline = value.getparent()
        container = _article_element(headline)
        if container is None or container in seen:
            continue
        seen.add(container)
        rows = _index_rows(container)
        raw = _indexed_html(rows) if rows else _article_html(container)
        if raw is not None:
            articles.append(raw)
    return Reading(articles) if articles else None


def _article_element(headline: HtmlElement) -> HtmlElement | None:
    """The innermost div of class "article" (or "enArticle", ...) that holds the headline."""
    for ancestor in headline.iterancestors("div"):
        tokens = ancestor.get("class", "").split()
        if "article" in tokens or any(token.endswith("Article") for token in tokens):
            return ancestor
    return None


def _text(element: HtmlElement) -> str:
    return one_line(element.text_content())


def _index_rows(container: HtmlElement) -> dict[str, HtmlElement]:
    """The indexing layout's table: code cell -> value cell."""
    rows: dict[str, HtmlElement] = {}
    for row in container.iter("tr"):
        cells = row.findall("td")
        if len(cells) >= 2:
            code = re.sub(r"[^A-Z]", "", _text(cells[0]))
            if code in CODES:
                rows.setdefault(code, cells[1])
    return rows if "HD" in rows else {}


def _indexed_html(rows: dict[str, HtmlElement]) -> RawArticle | None:
    fields = {}
    for code, cell in rows.items():
        paragraphs = [_text(p) for p in cell.iter("p")] if code in STORY_CODES else []
        fields[code] = paragraphs or [_text(cell)]
    return indexed_article(fields)


def _article_html(container: HtmlElement) -> RawArticle | None:
    """The article layout: unlabelled divs around the headline, paragraphs of class
    "articleParagraph", and the "Document <AN>" line."""
    headline = next(
        element
        for element in container.iter()
        if any(token.endswith("Headline") for token in element.get("class", "").split())
    )
    around = set(headline.iterancestors())
    above: list[str] = []
    below: list[tuple[str, bool]] = []  # (text, whether the div is marked "author")
    passed = False
    for element in container.iter():
        if element is headline:
            passed = True
        elif element.tag == "div" and element not in around and element.find(".//div") is None:
            text = _text(element)
            if text and passed:
                below.append((text, "author" in element.get("class", "").split()))
            elif text:
                above.append(text)
    values = [text for text, _ in below]
    counted = next((at for at, text in enumerate(values) if WORD_COUNT.match(text)), None)
    if counted is not None:
        starts, words = counted + 1, count_digits(values[counted])
    else:  # no word count: the fields start at the date
        starts = next((at for at, text in enumerate(values) if date_text(text)), None)
        words = ""
    paragraphs = container.xpath(
        ".//p[contains(concat(' ', normalize-space(@class), ' '), ' articleParagraph ')]"
    )
    key = _html_key(container)
    # Proof of Factiva's layout: a word count and the story's paragraphs, or the accession number.
    if starts is None or not (key or (counted is not None and paragraphs)):
        return None
    authors = values[: starts - 1 if counted is not None else starts]
    marked = [text for text, author in below[: len(authors)] if author]
    fields = {"language": _language_class(container)}
    fields.update(after_word_count(values[starts:]))
    fields.update(
        title=_text(headline),
        section=above[-1] if above else "",
        byline="; ".join(marked or authors),
        words=words,
        key=key,
    )
    body = "\n\n".join(text for p in paragraphs if (text := _text(p)))
    return RawArticle(body=body, export=export_fields(fields))


def _language_class(container: HtmlElement) -> str:
    """ "en" from the class "enArticle"."""
    for token in container.get("class", "").split():
        if len(token) == len("enArticle") and token.endswith("Article"):
            return token[:2]
    return ""


def _html_key(container: HtmlElement) -> str:
    for p in container.iter("p"):
        match = TRAILER.fullmatch(_text(p))
        if match and is_accession(match.group(1)):
            return match.group(1)
    for element in (container, *container.iterancestors("div")):
        identifier = element.get("id", "")
        if identifier.startswith("article-") and is_accession(identifier[len("article-") :]):
            return identifier[len("article-") :]
    return ""
