"""One LexisNexis document: its labelled fields, its story and its trailer, as every LexisNexis
layout (classic text, Nexis UK pages, Nexis Uni documents) writes them.

Labels come in the interface's language (English, German, French, Dutch, Spanish): the classic
layout writes them in capitals ("BYLINE:"), Nexis Uni capitalises them ("Byline:").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from searchapp.core.reading.article import RawArticle
from searchapp.core.reading.dates import find_dates
from searchapp.core.reading.exports.fields import count_digits, export_fields, one_line

WRAP_WIDTH = 60  # a line this long in hard-wrapped text goes on in the next line
_CENTRED_INDENT = 4
_NOTICE_LINES = 3  # a copyright notice's lines at a document's end
_DATE_LINE_CHARS = 90
_DATE_LEAD_CHARS = 25  # room for a weekday before the date ("Mittwoch 31. August 2011")

# Lines that open a part of a Nexis Uni article, on their own: the story, or what follows it.
STORY_MARKERS = frozenset("body text texte corps tekst cuerpo texto".split())
_UNI_SECTIONS = frozenset(
    "classification klassifikation klassifizierung classificatie clasificación "
    "graphic grafik graphique notes correction korrektur rectificatif correctie corrección".split()
)

# Each field label in the interface languages, as the classic layout writes it (Nexis Uni writes
# the same words capitalised); "story" labels mark where the story starts.
_LABELS = {
    "byline": "BYLINE AUTOR AUTEUR AUTHOR SIGNATURE",
    "section": "SECTION RUBRIK RUBRIQUE SECTIE RUBRIEK SECCIÓN SECCION",
    "words": "LENGTH LÄNGE LONGUEUR LENGTE LONGITUD",
    "title": "HEADLINE KOP TITRE TITEL TITULAR",
    "dateline": "DATELINE ORTSZEILE",
    "highlight": "HIGHLIGHT CHAPEAU",
    "story": "BODY TEXT TEXTE TEKST CUERPO TEXTO ARTICLE",
    "loaded": "LOAD-DATE UPDATE DATE-CHARGEMENT LADEDATUM LAADDATUM FECHA-CARGA",
    "language": "LANGUAGE SPRACHE LANGUE TAAL IDIOMA",
    "url": "URL LINK",
    "trailer": "PUBLICATION-TYPE PUB-TYPE TYPE-PUBLICATION PUBLIKATIONSTYP TIPO-PUBLICACIÓN "
    "JOURNAL-CODE CODE-REVUE ZEITUNGS-CODE GRAPHIC GRAFIK GRAPHIQUE NOTES NOTE CORRECTION "
    "CORRECTION-DATE DOCUMENT-TYPE TRANSCRIPT SUBJECT SUJET PUB-SUBJECT ORGANIZATION COMPANY "
    "SOCIETE SOCIÉTÉ PERSON GEOGRAPHIC GEO-LOCALIZATION LOCALISATION-GEO INDUSTRY "
    "ACTIVITY-SECTOR SECTEUR-ACTIVITE TICKER STOCK-SYMBOL SYMBOLE-BOURSIER DISTRIBUTION SERIES",
}
_KINDS = {name.casefold(): kind for kind, names in _LABELS.items() for name in names.split()}
HEADER_KINDS = frozenset(("byline", "section", "words", "title", "dateline", "highlight"))
_TRAILER_KINDS = frozenset(("loaded", "language", "section", "words", "byline", "url"))
_LABEL = re.compile(
    r"^[ \t]*(?P<name>[^\W\d_][\w'’-]*(?:[ -][^\W\d_][\w'’-]*){0,2})[ \t\u00a0]*:"
    r"[ \t\u00a0]*(?P<value>.*)$"
)
RIGHTS = re.compile(
    r"^\s*(?:copyright\s*(?:©|\(c\))?\s*\d{4}\b|(?:©|\(c\))\s*\d{4}\b|(?:all )?rights reserved"
    r"|alle rechte vorbehalten|tous droits réservés|alle rechten voorbehouden"
    r"|todos los derechos reservados)",
    re.I,
)
# An edition or a note printed around the date line: no headline, no outlet.
NOTE_LINE = re.compile(
    r"\b(?:edition|ausgabe|édition|edición|editie|uitgave)\b|^correction appended$", re.I
)
_NUMBERING = re.compile(r"^(\d{1,5})\.\s+")
_VERSION = re.compile(r"[;,]?\s*Version\s*:\s*\d+\s*$", re.I)


class Label(NamedTuple):
    kind: str | None  # what the label holds; None for a label this module does not know
    name: str
    value: str


class Document(NamedTuple):
    """One document as its export lays it out, before its fields become RawArticle.export."""

    outlet: str
    date: str
    headline: str
    fields: dict[str, str]
    body: str
    front: list[str]
    labelled: bool  # it has the layout's labelled header (Nexis Uni: and its "Body" line)


def label(line: str, upper: bool) -> Label | None:
    """A "LABEL: value" line: the classic layout writes labels in capitals, Nexis Uni
    capitalises them."""
    match = _LABEL.match(line)
    if match is None:
        return None
    name = match["name"]
    if not (name.isupper() if upper else name[0].isupper()):
        return None
    return Label(_KINDS.get(name.casefold().replace(" ", "-")), name, match["value"])


def trailer_start(lines: list[str], start: int, upper: bool) -> int:
    """Where the trailer begins: the first known field or copyright line from which every line
    is a field, its text, a copyright line or (Nexis Uni) a section heading."""
    index = start
    while index < len(lines):
        line = lines[index].strip()
        found = label(line, upper) if line else None
        opens = bool(
            (found and found.kind not in (None, "story"))
            or RIGHTS.match(line)
            or (not upper and line.casefold() in _UNI_SECTIONS)
        )
        if opens:
            story = _story_line_after(lines, index, upper)
            if story is None:
                return index
            index = story
        index += 1
    return len(lines)


def _story_line_after(lines: list[str], start: int, upper: bool) -> int | None:
    """The first line from `start` that no trailer holds, or None."""
    # A line right below a field continues it; text after an empty field ("CORRECTION:") or a
    # section heading ("Graphic") is that field's, down to the next field.
    running = open_text = False
    for index in range(start, len(lines)):
        line = lines[index].strip()
        if not line:
            running = False
            continue
        found = label(line, upper)
        if found:
            running, open_text = True, not found.value.strip()
        elif not upper and line.casefold() in _UNI_SECTIONS:
            running, open_text = True, True
        elif RIGHTS.match(line):
            running = True
        elif not (running or open_text or is_centred(lines[index])):
            return None if _closing_notice(lines, index, upper) else index
    return None


def _closing_notice(lines: list[str], start: int, upper: bool) -> bool:
    """Whether the lines from `start` are the notice that ends a document however it is worded
    ("Copy 2013 The Daily Planet"): one short block, the last, with no field in it."""
    count = 0
    ended = False
    for index in range(start, len(lines)):
        line = lines[index].strip()
        if not line:
            ended = count > 0
        elif ended or count == _NOTICE_LINES or label(line, upper):
            return False
        else:
            count += 1
    return count > 0


def trailer_fields(lines: list[str], upper: bool) -> dict[str, str]:
    """The fields the trailer gives: load date, language and the article's web address, and
    the header's fields that some documents print after the story (section, length, byline);
    the header's own come first."""
    fields: dict[str, str] = {}
    for line in lines:
        found = label(line, upper)
        if found and found.kind in _TRAILER_KINDS and found.kind not in fields:
            fields[found.kind] = found.value.strip()
    return fields


def story(lines: list[str], wrapped: bool) -> str:
    """The story's paragraphs; hard-wrapped lines joined again."""
    paragraphs = []
    for block in blocks(lines):
        text = block[0].strip()
        for before, line in zip(block, block[1:], strict=False):
            joint = " " if wrapped and len(before.rstrip()) >= WRAP_WIDTH else "\n"
            text += joint + line.strip()
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines, as written (the indentation tells centred lines)."""
    found: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            found[-1].append(line.rstrip())
        elif found[-1]:
            found.append([])
    return [block for block in found if block]


def is_centred(line: str) -> bool:
    return len(line) - len(line.lstrip(" \t")) >= _CENTRED_INDENT and bool(line.strip())


def is_date_line(line: str) -> bool:
    """A short line that opens with a full date, perhaps after a weekday."""
    line = line.strip()
    if not line or len(line) > _DATE_LINE_CHARS:
        return False
    # A weekday the date patterns do not know may hide the date after it ("Montag 2. März").
    found = find_dates(line) or find_dates(line.partition(" ")[2])
    return bool(found) and found[0].start <= _DATE_LEAD_CHARS


def joined(lines: list[str]) -> str:
    return one_line(" ".join(lines))


def raw_articles(documents: list[Document], numbers: list[int]) -> list[RawArticle]:
    headlines = [one_line(d.fields.get("title") or d.headline) for d in documents]
    titles = _unnumbered(headlines, numbers)
    return [
        _raw_article(document, title) for document, title in zip(documents, titles, strict=True)
    ]


def _raw_article(document: Document, title: str) -> RawArticle:
    fields = document.fields
    export = {
        "title": _without_outlet(title, document.outlet),
        "date": document.date or fields.get("loaded", ""),
        "source": document.outlet,
        "byline": fields.get("byline", ""),
        "section": _VERSION.sub("", fields.get("section", "")),
        "language": fields.get("language", ""),
        "words": count_digits(fields.get("words", "")),
        "url": fields.get("url", ""),
    }
    front = "\n".join(one_line(line) for line in document.front)
    return RawArticle(body=document.body, front=front, export=export_fields(export))


def _without_outlet(title: str, outlet: str) -> str:
    """The headline without the outlet's name that some exports set before or after it
    ("Daily Mail - Hospital waiting lists grow"); a headline that is only the name is none."""
    if not outlet:
        return title
    if title.casefold() == outlet.casefold():
        return ""
    name = re.escape(outlet)
    title = re.sub(r"^" + name + r"\s*[-–—|:]\s+", "", title, flags=re.I)
    return re.sub(r"\s+[-–—|]\s*" + name + r"$", "", title, flags=re.I)


def _unnumbered(titles: list[str], numbers: list[int]) -> list[str]:
    """Titles without the "12. " an export puts before its 12th document's headline; a number
    that does not follow the documents' order ("1. FC Köln" in the 7th) stays."""
    leads = [_NUMBERING.match(title) for title in titles]
    shifts = Counter(
        int(lead.group(1)) - number for lead, number in zip(leads, numbers, strict=True) if lead
    )
    if not shifts:
        return titles
    shift, count = shifts.most_common(1)[0]
    if count * 2 < len(titles):
        return titles
    return [
        title[lead.end() :] if lead and int(lead.group(1)) - number == shift else title
        for title, lead, number in zip(titles, leads, numbers, strict=True)
    ]
