"""Factiva XML exports split into articles: <article> elements with their accession number,
headline, lead and tail paragraphs and descriptive elements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from searchapp.core.reading.article import RawArticle, Reading
from searchapp.core.reading.exports.fields import count_digits, export_fields, one_line
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.etree import _Element


def from_xml(data: bytes, rules: Rules) -> Reading | None:
    """The articles of a Factiva XML export, or None for any other XML."""
    if b"accessionNo" not in data or b"headline" not in data:
        return None
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return Reading([], problems=[f"the Factiva XML could not be parsed: {exc}"])
    articles = []
    for element in root.iter("{*}article"):
        fields = {etree.QName(child).localname: child for child in element}
        if "accessionNo" in fields:
            raw = _xml_article(fields)
            if raw is not None:
                articles.append(raw)
    if not articles:
        return None
    result_sets = root.xpath("//*[local-name()='ppsarticleResultSet']/@count")
    stated = int(result_sets[0]) if result_sets and result_sets[0].isdigit() else None
    return Reading(articles, stated=stated)


def _xml_article(fields: dict[str, _Element]) -> RawArticle | None:
    """One <article>: headline, lead and tail paragraphs, and its descriptive elements."""

    def text(name: str) -> str:
        element = fields.get(name)
        return one_line("".join(element.itertext())) if element is not None else ""

    def paragraphs(name: str) -> list[str]:
        element = fields.get(name)
        if element is None:
            return []
        found = [one_line("".join(p.itertext())) for p in element.iter("{*}paragraph")]
        return found or [text(name)]

    story = paragraphs("leadParagraph") + paragraphs("tailParagraphs")
    title = text("headline")
    body = "\n\n".join(paragraph for paragraph in story if paragraph)
    if not (title or body):
        return None
    export = {
        "title": title,
        "date": text("publicationDate") or text("publicationDateTime"),
        "source": text("sourceName"),
        "byline": text("byline") or text("author") or text("authorName"),
        "section": text("section") or text("sectionName"),
        "language": text("baseLanguage"),
        "words": count_digits(text("wordCount")),
        "key": text("accessionNo"),
    }
    return RawArticle(body=body, export=export_fields(export))
