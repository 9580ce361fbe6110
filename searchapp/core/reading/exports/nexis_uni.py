"""Nexis Uni (Lexis Advance) exports split into articles: a .docx or .rtf read one paragraph a
line.

A cover page (date and time, job number, "Documents (N)", the headlines again) comes first; each
article gives its headline, outlet and date line, then fields ("Section:", "Length:",
"Byline:"), a line "Body", the story, sections such as "Classification" or "Graphic", the load
date, and "End of Document". A layout is recognised by several of these signs, so an ordinary
story with a line "Byline:" is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from searchapp.core.reading.article import Reading
from searchapp.core.reading.exports.nexis_document import (
    HEADER_KINDS,
    NOTE_LINE,
    RIGHTS,
    STORY_MARKERS,
    Document,
    is_date_line,
    joined,
    label,
    raw_articles,
    trailer_fields,
    trailer_start,
)
from searchapp.core.reading.rules import Rules

_SNIFF_CHARS = 16_384  # a cover page with a long search query still fits
_TOP_MAX_LINES = 8  # headline, outlet, date and extra lines above the first field
_HEADER_MAX_LINES = 40  # lines from an article's first field to its "Body" line

_UNI_COVER = re.compile(
    r"^[ \t]*(?:Documents|Dokumente|Documenten|Documentos)\s*\((\d+)\)\s*$", re.M
)
_UNI_LENGTH = re.compile(
    r"^[ \t]*(?:Length|Länge|Longueur|Lengte|Longitud)[ \t\u00a0]*:[ \t\u00a0]*\d[\d,.]*\s+\w+",
    re.M,
)
_END_WORDS = (
    r"(?:End of Document|Dokumentende|Ende des Dokuments|Fin du document|Einde document"
    r"|Einde van document|Fin del documento)"
)
_UNI_END = re.compile(_END_WORDS + r"[ \t]*$", re.M)
# The marker stands alone, or ends a line whose space before it was lost with a hyperlink.
_UNI_END_LINE = re.compile(r"^(?:[ \t]*|(?P<rest>.*\S))" + _END_WORDS + r"[ \t]*$")
_UNI_COVER_LINE = re.compile(
    r"^(?:Date and Time|Job Number|Client/Matter|Search Terms|Search Type|Narrowed by|Sources?"
    r"|Quellen|Content Type|Datum und Uhrzeit|Auftragsnummer|Suchbegriffe|Date et heure"
    r"|Termes de recherche|Datum en tijd|Zoektermen|Bronnen|Fecha y hora|Fuentes)\s*:"
    r"|^(?:Documents|Dokumente|Documenten|Documentos)\s*\(\d+\)$",
    re.I,
)


def from_text(text: str, rules: Rules) -> Reading | None:
    """The articles of a Nexis Uni export in plain text (a document's paragraphs), or None."""
    head = text[:_SNIFF_CHARS]
    if not ((_UNI_COVER.search(head) or _UNI_LENGTH.search(head)) and _UNI_END.search(text)):
        return None
    cover = _UNI_COVER.search(head)
    documents: list[Document] = []
    numbers: list[int] = []
    problems: list[str] = []
    for position, region in enumerate(_regions(text.split("\n")), start=1):
        document = _article(region)
        if document is not None:
            documents.append(document)
            numbers.append(len(documents))
        elif position > 1 and any(line.strip() for line in region):
            problems.append(f"document {position} of the export has no article header")
    if not documents or not (cover or any(document.labelled for document in documents)):
        return None
    stated = int(cover.group(1)) if cover else None
    return Reading(raw_articles(documents, numbers), stated=stated, problems=problems)


def _regions(lines: list[str]) -> Iterator[list[str]]:
    """The lines of each article (the first with the cover page before it), split at their
    "End of Document" lines; what follows the last one counts if it holds an article."""
    region: list[str] = []
    for line in lines:
        match = _UNI_END_LINE.match(line)
        if match is None:
            region.append(line)
            continue
        if match["rest"]:
            region.append(match["rest"])
        yield region
        region = []
    if any(line.strip() for line in region):
        yield region


def _article(region: list[str]) -> Document | None:
    """One Nexis Uni article: headline, outlet and date line above its first field, the fields
    down to "Body", the story, then classification and load date."""
    head = next((i for i, line in enumerate(region) if _header_line(line)), None)
    if head is None:
        return None
    top = _top(region, head)
    if not top:
        return None
    limit = min(len(region), head + _HEADER_MAX_LINES)
    marker = next(
        (i for i in range(head, limit) if region[i].strip().casefold() in STORY_MARKERS), None
    )
    fields: dict[str, str] = {}
    front = list(top)
    index = head
    while index < (marker if marker is not None else len(region)):
        line = region[index].strip()
        found = label(line, upper=False) if line else None
        if marker is None and line and not (RIGHTS.match(line) or (found and found.kind)):
            break
        if found and found.kind and found.kind not in fields:
            fields[found.kind] = found.value.strip()
        if line:
            front.append(line)
        index += 1
    start = index + 1 if marker is not None else index
    end = trailer_start(region, start, upper=False)
    fields = trailer_fields(region[end:], upper=False) | fields
    headline, outlet, date = _headline_outlet_date(top)
    # Each line is a paragraph of the document.
    text = "\n\n".join(line.strip() for line in region[start:end] if line.strip())
    return Document(outlet, date, headline, fields, text, front, marker is not None)


def _headline_outlet_date(top: list[str]) -> tuple[str, str, str]:
    """The headline, outlet and date line of an article's top lines: the outlet stands right
    above the date line (or above a note such as "Correction Appended"), the headline above
    the outlet, on one line or more."""
    dated = next((i for i in range(1, len(top)) if is_date_line(top[i])), None)
    if dated is None:
        return top[0], top[1] if len(top) > 1 else "", ""
    above = dated - 1
    while above > 0 and NOTE_LINE.search(top[above]):
        above -= 1
    if above == 0:
        return top[0], "", top[dated]
    return joined(top[:above]), top[above], top[dated]


def _header_line(line: str) -> bool:
    line = line.strip()
    found = label(line, upper=False)
    return bool(
        (found and found.kind in HEADER_KINDS)
        or RIGHTS.match(line)
        or line.casefold() in STORY_MARKERS
    )


def _top(region: list[str], head: int) -> list[str]:
    """The paragraphs above an article's first field: its headline, outlet, date line and any
    extra line; read upwards to two empty paragraphs, the cover page (its lines, its tables'
    rows) or the region's start."""
    top: list[str] = []
    blanks = 0
    for line in reversed(region[:head]):
        if "\t" in line.strip():
            break  # a row of the cover page's tables: no headline, outlet or date holds a tab
        line = line.strip()
        if not line:
            blanks += 1
            if top and blanks >= 2:
                break
            continue
        if _UNI_COVER_LINE.match(line) or len(top) == _TOP_MAX_LINES:
            break
        blanks = 0
        if not RIGHTS.match(line):
            top.append(line)
    return top[::-1]
