"""LexisNexis exports split into articles: Nexis classic text, Nexis UK pages, Nexis Uni documents.

Nexis classic (a .txt, or the text of an .rtf or .doc) opens each article with a centred line
"N of M DOCUMENTS", then the outlet, the date line and the headline, labelled fields up to
"LENGTH:", the story and trailer fields. Nexis UK saves the same layout as a web page whose CSS
class names mean nothing, so it is read by its text. Nexis Uni (Lexis Advance: a .docx or .rtf,
one paragraph a line) starts with a cover page and ends each article with "End of Document".
Labels come in the interface's language (English, German, French, Dutch, Spanish). A layout is
recognised by several of its signs in the first KB, so an ordinary story or page that has a line
"Byline:" or "1 of 3" is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import chain, islice
from typing import TYPE_CHECKING, NamedTuple

from searchapp.core.reading.article import RawArticle, Reading
from searchapp.core.reading.dates import find_dates
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_SNIFF_CHARS = 16_384  # a cover page with a long search query still fits
_SNIFF_PAGE_LINES = 400  # text lines of a page searched for "N of M DOCUMENTS"
_TOP_MAX_LINES = 8  # outlet, date, editions and headline: more is no article's opening
_HEADER_MAX_LINES = 40  # lines from an article's first field to its "Body" line
_DATE_LINE_CHARS = 90
_DATE_LEAD_CHARS = 25  # room for a weekday before the date ("Mittwoch 31. August 2011")
_WRAP_WIDTH = 60  # a line this long in hard-wrapped text goes on in the next line
_LONG_LINE = 100  # text with many longer lines is not hard-wrapped
_CENTRED_INDENT = 4

_OF = r"(?:of|von|de|van)"
# "1 of 10 DOCUMENTS", "FOCUS - 3 of 500 DOCUMENTS", "Dokument 2 von 4", "Document 5 de 9".
_DOCS_LINE = re.compile(
    r"^[ \t]*(?:FOCUS\s*-\s*)?(?:(?P<n>\d+)\s+" + _OF + r"\s+(?P<m>\d+)\s+"
    r"(?:documents?|dokumente?n?|documenten|documentos?)"
    r"|(?:dokument|document|documento)\s+(?P<n2>\d+)\s+" + _OF + r"\s+(?P<m2>\d+))[ \t]*$",
    re.I | re.M,
)
_CLASSIC_LENGTH = re.compile(
    r"^(?:LENGTH|LÄNGE|LONGUEUR|LENGTE|LONGITUD):[ \t]*\d[\d,.]*[ \t]+\w+[ \t]*$", re.M
)
_COVER_RANGE = re.compile(
    r"^(?:Download Request|Printopdracht|Ausgabeauftrag)\s*:.*?(\d+)\s*-\s*(\d+)\s*$", re.I | re.M
)
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
# Lines that open a part of a Nexis Uni article, on their own: the story, or what follows it.
_STORY_MARKERS = frozenset("body text texte corps tekst cuerpo texto".split())
_UNI_SECTIONS = frozenset(
    "classification klassifikation klassifizierung classificatie clasificación "
    "graphic grafik graphique notes".split()
)

# Each field label in the interface languages, as the classic layout writes it (Nexis Uni writes
# the same words capitalised); "story" labels mark where the story starts.
_LABELS = {
    "byline": "BYLINE AUTOR AUTEUR AUTHOR",
    "section": "SECTION RUBRIK RUBRIQUE SECTIE RUBRIEK SECCIÓN SECCION",
    "words": "LENGTH LÄNGE LONGUEUR LENGTE LONGITUD",
    "title": "HEADLINE KOP TITRE TITEL TITULAR",
    "dateline": "DATELINE",
    "highlight": "HIGHLIGHT",
    "story": "BODY TEXT TEXTE TEKST CUERPO TEXTO",
    "loaded": "LOAD-DATE UPDATE DATE-CHARGEMENT LADEDATUM LAADDATUM FECHA-CARGA",
    "language": "LANGUAGE SPRACHE LANGUE TAAL IDIOMA",
    "trailer": "PUBLICATION-TYPE PUB-TYPE TYPE-PUBLICATION PUBLIKATIONSTYP TIPO-PUBLICACIÓN "
    "JOURNAL-CODE CODE-REVUE GRAPHIC GRAFIK GRAPHIQUE URL NOTES NOTE CORRECTION CORRECTION-DATE "
    "DOCUMENT-TYPE SUBJECT ORGANIZATION PERSON GEOGRAPHIC INDUSTRY TICKER DISTRIBUTION SERIES",
}
_KINDS = {name.casefold(): kind for kind, names in _LABELS.items() for name in names.split()}
_HEADER_KINDS = frozenset(("byline", "section", "words", "title", "dateline", "highlight"))
_LABEL = re.compile(
    r"^[ \t]*(?P<name>[^\W\d_][\w'’-]*(?:[ -][^\W\d_][\w'’-]*){0,2})[ \t\u00a0]*:"
    r"[ \t\u00a0]*(?P<value>.*)$"
)
_RIGHTS = re.compile(
    r"^\s*(?:copyright\s*(?:©|\(c\))?\s*\d{4}\b|(?:©|\(c\))\s*\d{4}\b|all rights reserved"
    r"|alle rechte vorbehalten|tous droits réservés|alle rechten voorbehouden"
    r"|todos los derechos reservados)",
    re.I,
)
_NOT_HEADLINE = re.compile(
    r"\b(?:edition|ausgabe|édition|edición|editie|uitgave)\b|;$|^correction appended$", re.I
)
_NUMBERING = re.compile(r"^(\d{1,5})\.\s+")
_BYLINE_BY = re.compile(r"^(?:by|par|door|por)\s+", re.I)
_VERSION = re.compile(r"[;,]?\s*Version\s*:\s*\d+\s*$", re.I)
_DIGITS = re.compile(r"\d[\d,.\u00a0 ]*")


class _Label(NamedTuple):
    kind: str | None  # what the label holds; None for a label this module does not know
    name: str
    value: str


class _Part(NamedTuple):
    """One article's lines, with the N and M of its "N of M DOCUMENTS" line when it has one."""

    number: int | None
    total: int | None
    lines: list[str]


class _Parsed(NamedTuple):
    """One article as its export lays it out, before its fields become RawArticle.export."""

    outlet: str
    date: str
    headline: str
    fields: dict[str, str]
    body: str
    front: list[str]
    labelled: bool  # it has the layout's labelled header (Nexis Uni: and its "Body" line)


def from_text(text: str, rules: Rules) -> Reading | None:
    """The articles of a Nexis classic or Nexis Uni export in plain text, or None."""
    head = text[:_SNIFF_CHARS]
    if (_UNI_COVER.search(head) or _UNI_LENGTH.search(head)) and _UNI_END.search(text):
        reading = _uni_reading(text.split("\n"), head)
        if reading is not None:
            return reading
    if _DOCS_LINE.search(head) or _CLASSIC_LENGTH.search(head):
        return _classic_text_reading(text)
    return None


def from_html(tree: HtmlElement, rules: Rules) -> Reading | None:
    """The articles of a Nexis UK page: split at its "docN" anchors (else at its "N of M
    DOCUMENTS" lines) and read by text and order, never by class names."""
    anchored = bool(tree.xpath("//a[starts-with(translate(@name, 'DOC', 'doc'), 'doc')]"))
    page = _page_lines(tree)
    head = list(islice(page, _SNIFF_PAGE_LINES))
    if not anchored and not any(line and _DOCS_LINE.match(line) for line in head):
        return None
    lines = list(chain(head, page))
    if anchored:
        parts = _split_at_anchors(lines)
    else:
        _, parts = _split_at_docs_lines([line or "" for line in lines])
    declared = next((m.get("documents") for m in tree.iter("meta") if m.get("documents")), "")
    stated = int(declared) if declared.isdigit() else _stated(parts, "")
    return _classic_reading(parts, wrapped=False, stated=stated)


# --- Nexis classic ---------------------------------------------------------------------------


def _classic_text_reading(text: str) -> Reading | None:
    lines = text.split("\n")
    wrapped = sum(len(line) > _LONG_LINE for line in lines) * 50 < len(lines)
    cover, parts = _split_at_docs_lines(lines)
    if parts:
        return _classic_reading(parts, wrapped, _stated(parts, "\n".join(cover)))
    parsed = _classic_article(lines, wrapped)
    # One article with no "N of M" line: only a layout nothing else has (a date line at the top,
    # LENGTH among the fields, trailer fields after the story) is taken for an export.
    if parsed is None or not (parsed.labelled and parsed.date and "words" in parsed.fields):
        return None
    if not ({"loaded", "language"} & parsed.fields.keys()):
        return None
    return Reading(_raw_articles([parsed], [1]), stated=1)


def _split_at_docs_lines(lines: list[str]) -> tuple[list[str], list[_Part]]:
    """The cover page, and each article's part, split at "N of M DOCUMENTS"."""
    starts = [i for i, line in enumerate(lines) if _DOCS_LINE.match(line)]
    if not starts:
        return lines, []
    parts = [
        _Part(*_docs_numbers(lines[start]), lines[start + 1 : end])
        for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)
    ]
    return lines[: starts[0]], parts


def _split_at_anchors(lines: list[str | None]) -> list[_Part]:
    """Each anchored part of a page, numbered by its "N of M DOCUMENTS" line."""
    parts: list[_Part] = []
    current: list[str] | None = None
    for line in [*lines, None]:
        if line is not None:
            if current is not None:
                current.append(line)
            continue
        if current is not None and any(text.strip() for text in current):
            first = next(i for i, text in enumerate(current) if text.strip())
            number, total = _docs_numbers(current[first])
            rest = current[first + 1 :] if number is not None else current
            parts.append(_Part(number, total, rest))
        current = []
    return parts


def _docs_numbers(line: str) -> tuple[int | None, int | None]:
    match = _DOCS_LINE.match(line)
    if match is None:
        return None, None
    return int(match["n"] or match["n2"]), int(match["m"] or match["m2"])


def _stated(parts: list[_Part], cover: str) -> int | None:
    """How many articles the file says it holds: its cover page's range ("Selected Items:
    1-10"), else the M of "N of M" when the numbering starts at 1 (a later batch of a larger
    search states no count of its own)."""
    match = _COVER_RANGE.search(cover)
    if match:
        return int(match.group(2)) - int(match.group(1)) + 1
    numbers = [part.number for part in parts if part.number is not None]
    if not numbers or min(numbers) != 1:
        return None
    return Counter(part.total for part in parts if part.total).most_common(1)[0][0]


def _classic_reading(parts: list[_Part], wrapped: bool, stated: int | None) -> Reading | None:
    parsed: list[_Parsed] = []
    numbers: list[int] = []
    problems: list[str] = []
    for position, (number, _, lines) in enumerate(parts, start=1):
        article = _classic_article(lines, wrapped)
        if article is None:
            problems.append(f"document {number or position} of the export holds no article")
            continue
        parsed.append(article)
        numbers.append(number or position)
    if not any(a.labelled and a.date and "words" in a.fields for a in parsed):
        return None
    return Reading(_raw_articles(parsed, numbers), stated=stated, problems=problems)


def _classic_article(lines: list[str], wrapped: bool) -> _Parsed | None:
    """One article of the classic layout from its lines (after its "N of M" line)."""
    if not any(line.strip() for line in lines):
        return None
    top_lines = 0
    head = None
    for index, line in enumerate(lines):
        found = _label(line, upper=True)
        if found and (found.kind in _HEADER_KINDS or found.kind == "story"):
            head = index
            break
        top_lines += bool(line.strip())
        if top_lines > _TOP_MAX_LINES:
            break
    if head is None:
        return _unlabelled_article(lines, wrapped)
    outlet, date, headline = _frame(_blocks(lines[:head]))
    fields, front, start = _classic_header(lines, head, wrapped)
    end = _trailer_start(lines, start, upper=True)
    fields.update(_trailer_fields(lines[end:], upper=True))
    front = [line.strip() for line in lines[:head] if line.strip()] + front
    return _Parsed(outlet, date, headline, fields, _story(lines[start:end], wrapped), front, True)


def _classic_header(
    lines: list[str], head: int, wrapped: bool
) -> tuple[dict[str, str], list[str], int]:
    """The labelled fields from `head` on, their lines, and where the story starts: at the
    first line that is neither a field nor a field's wrapped continuation."""
    fields: dict[str, str] = {}
    front: list[str] = []
    kind: str | None = None
    seen_length = blank = False
    index = head
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            blank = True
            index += 1
            continue
        found = _label(line, upper=True)
        if found and found.kind == "story":
            index += 1
            break
        if found and (found.kind in _HEADER_KINDS or (found.kind is None and not seen_length)):
            kind = found.kind
            if kind and kind not in fields:
                fields[kind] = found.value.strip()
            seen_length = seen_length or kind == "words"
        elif (
            kind
            and kind != "words"
            and not blank
            and (_is_centred(line) or (wrapped and len(lines[index - 1]) >= _WRAP_WIDTH))
        ):
            fields[kind] = f"{fields[kind]} {line.strip()}".strip()
        else:
            break
        front.append(line.strip())
        blank = False
        index += 1
    return fields, front, index


def _unlabelled_article(lines: list[str], wrapped: bool) -> _Parsed:
    """An article whose header has no labelled field: outlet and date from its first blocks,
    the rest is the story (its headline among it, for the title rules to find)."""
    blocks = _blocks(lines)
    dated = next((i for i, block in enumerate(blocks[:3]) if any(map(_is_date_line, block))), 0)
    outlet, date, _ = _frame(blocks[: dated + 1])
    rest = [line for block in blocks[dated + 1 :] for line in (*block, "")]
    end = _trailer_start(rest, 0, upper=True)
    fields = _trailer_fields(rest[end:], upper=True)
    front = [line.strip() for block in blocks[: dated + 1] for line in block]
    return _Parsed(outlet, date, "", fields, _story(rest[:end], wrapped), front, False)


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines, as written (the indentation tells centred lines)."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _frame(blocks: list[list[str]]) -> tuple[str, str, str]:
    """The outlet, the date line and the headline of an article's opening blocks.

    In text that keeps the layout, outlet, date and editions are centred and the headline is
    not; elsewhere the order tells: the outlet, lines before the date ("Correction Appended"),
    the date and the edition lines with it, then the headline.
    """
    blocks = [block for block in blocks if not _RIGHTS.match(block[0])]
    lines = [line for block in blocks for line in block]
    if any(map(_is_centred, lines)):
        frame = [line.strip() for line in lines if _is_centred(line)]
        headline = [line.strip() for line in lines if not _is_centred(line)]
        outlet = "" if not frame or _is_date_line(frame[0]) else frame[0]
        date = next((line for line in frame if _is_date_line(line)), "")
        return outlet, date, _joined(headline)
    flat = [(number, line.strip()) for number, block in enumerate(blocks) for line in block]
    if not flat:
        return "", "", ""
    first = 0 if _is_date_line(flat[0][1]) else 1
    outlet = flat[0][1] if first else ""
    dated = next((i for i in range(first, len(flat)) if _is_date_line(flat[i][1])), None)
    if dated is None:
        return outlet, "", _joined(_headline_lines([line for _, line in flat[first:]]))
    date_block = flat[dated][0]
    after = [line for number, line in flat[dated + 1 :] if number != date_block]
    if not after:
        after = _headline_lines([line for _, line in flat[dated + 1 :]])
    if not after:
        after = _headline_lines([line for _, line in flat[first:dated]])
    return outlet, flat[dated][1], _joined(after)


def _headline_lines(lines: list[str]) -> list[str]:
    """Lines without the editions ("Edition 1;" and the line it runs on to) and notes."""
    kept: list[str] = []
    continues = False
    for line in lines:
        if not continues and not _NOT_HEADLINE.search(line):
            kept.append(line)
        continues = line.endswith(";") and bool(_NOT_HEADLINE.search(line))
    return kept


# --- Nexis Uni -------------------------------------------------------------------------------


def _uni_reading(lines: list[str], head: str) -> Reading | None:
    cover = _UNI_COVER.search(head)
    parsed: list[_Parsed] = []
    numbers: list[int] = []
    problems: list[str] = []
    for position, region in enumerate(_uni_regions(lines), start=1):
        article = _uni_article(region)
        if article is not None:
            parsed.append(article)
            numbers.append(len(parsed))
        elif position > 1 and any(line.strip() for line in region):
            problems.append(f"document {position} of the export has no article header")
    if not parsed or not (cover or any(article.labelled for article in parsed)):
        return None
    stated = int(cover.group(1)) if cover else None
    return Reading(_raw_articles(parsed, numbers), stated=stated, problems=problems)


def _uni_regions(lines: list[str]) -> Iterator[list[str]]:
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


def _uni_article(region: list[str]) -> _Parsed | None:
    """One Nexis Uni article: headline, outlet and date line above its first field, the fields
    down to "Body", the story, then classification and load date."""
    head = next((i for i, line in enumerate(region) if _uni_header_line(line)), None)
    if head is None:
        return None
    top = _uni_top(region, head)
    if not top:
        return None
    limit = min(len(region), head + _HEADER_MAX_LINES)
    marker = next(
        (i for i in range(head, limit) if region[i].strip().casefold() in _STORY_MARKERS), None
    )
    fields: dict[str, str] = {}
    front = list(top)
    index = head
    while index < (marker if marker is not None else len(region)):
        line = region[index].strip()
        found = _label(line, upper=False) if line else None
        if marker is None and line and not (_RIGHTS.match(line) or (found and found.kind)):
            break
        if found and found.kind and found.kind not in fields:
            fields[found.kind] = found.value.strip()
        if line:
            front.append(line)
        index += 1
    start = index + 1 if marker is not None else index
    end = _trailer_start(region, start, upper=False)
    fields.update(_trailer_fields(region[end:], upper=False))
    outlet = top[1] if len(top) > 1 and not _is_date_line(top[1]) else ""
    date = next((line for line in top[1:] if _is_date_line(line)), "")
    story = _story(region[start:end], False)
    return _Parsed(outlet, date, top[0], fields, story, front, marker is not None)


def _uni_header_line(line: str) -> bool:
    line = line.strip()
    found = _label(line, upper=False)
    return bool(
        (found and found.kind in _HEADER_KINDS)
        or _RIGHTS.match(line)
        or line.casefold() in _STORY_MARKERS
    )


def _uni_top(region: list[str], head: int) -> list[str]:
    """The paragraphs above an article's first field: its headline, outlet, date line and any
    extra line; read upwards to two empty paragraphs, the cover page or the region's start."""
    top: list[str] = []
    blanks = 0
    for line in reversed(region[:head]):
        line = line.strip()
        if not line:
            blanks += 1
            if top and blanks >= 2:
                break
            continue
        if _UNI_COVER_LINE.match(line) or len(top) == _TOP_MAX_LINES:
            break
        blanks = 0
        if not _RIGHTS.match(line):
            top.append(line)
    return top[::-1]


# --- Shared by both layouts ------------------------------------------------------------------


def _label(line: str, upper: bool) -> _Label | None:
    """A "LABEL: value" line: the classic layout writes labels in capitals, Nexis Uni
    capitalises them."""
    match = _LABEL.match(line)
    if match is None:
        return None
    name = match["name"]
    if not (name.isupper() if upper else name[0].isupper()):
        return None
    return _Label(_KINDS.get(name.casefold().replace(" ", "-")), name, match["value"])


def _trailer_start(lines: list[str], start: int, upper: bool) -> int:
    """Where the trailer begins: the first known field or copyright line from which every line
    is a field, its text, a copyright line or (Nexis Uni) a section heading."""
    index = start
    while index < len(lines):
        line = lines[index].strip()
        found = _label(line, upper) if line else None
        opens = bool(
            (found and found.kind)
            or _RIGHTS.match(line)
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
        found = _label(line, upper)
        if found:
            running, open_text = True, not found.value.strip()
        elif not upper and line.casefold() in _UNI_SECTIONS:
            running, open_text = True, True
        elif _RIGHTS.match(line):
            running = True
        elif not (running or open_text or _is_centred(lines[index])):
            return index
    return None


def _trailer_fields(lines: list[str], upper: bool) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in lines:
        found = _label(line, upper)
        if found and found.kind in ("loaded", "language") and found.kind not in fields:
            fields[found.kind] = found.value.strip()
    return fields


def _story(lines: list[str], wrapped: bool) -> str:
    """The story's paragraphs; hard-wrapped lines joined again."""
    paragraphs = []
    for block in _blocks(lines):
        text = block[0].strip()
        for before, line in zip(block, block[1:], strict=False):
            joint = " " if wrapped and len(before.rstrip()) >= _WRAP_WIDTH else "\n"
            text += joint + line.strip()
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _is_centred(line: str) -> bool:
    return len(line) - len(line.lstrip(" \t")) >= _CENTRED_INDENT and bool(line.strip())


def _is_date_line(line: str) -> bool:
    """A short line that opens with a full date, perhaps after a weekday."""
    line = line.strip()
    if not line or len(line) > _DATE_LINE_CHARS:
        return False
    # A weekday the date patterns do not know may hide the date after it ("Montag 2. März").
    found = find_dates(line) or find_dates(line.partition(" ")[2])
    return bool(found) and found[0].start <= _DATE_LEAD_CHARS


def _joined(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def _raw_articles(parsed: list[_Parsed], numbers: list[int]) -> list[RawArticle]:
    headlines = [" ".join((a.fields.get("title") or a.headline).split()) for a in parsed]
    titles = _unnumbered(headlines, numbers)
    return [_raw_article(article, title) for article, title in zip(parsed, titles, strict=True)]


def _raw_article(article: _Parsed, title: str) -> RawArticle:
    fields = article.fields
    export = {
        "title": _without_outlet(title, article.outlet),
        "date": article.date or fields.get("loaded", ""),
        "source": article.outlet,
        "byline": _BYLINE_BY.sub("", fields.get("byline", "")),
        "section": _VERSION.sub("", fields.get("section", "")),
        "language": fields.get("language", ""),
        "words": _words(fields.get("words", "")),
    }
    export = {key: " ".join(value.split()) for key, value in export.items() if value.strip()}
    front = "\n".join(" ".join(line.split()) for line in article.front)
    return RawArticle(body=article.body, front=front, export=export)


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


def _words(value: str) -> str:
    match = _DIGITS.search(value)
    return re.sub(r"\D", "", match.group(0)) if match else ""


# --- Pages -----------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "p div td th tr table li ul ol dl dd dt h1 h2 h3 h4 h5 h6 blockquote pre center".split()
)
_SKIPPED_TAGS = frozenset(("script", "style", "head", "title", "noscript", "template"))


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
    lines = [" ".join(line.split()) for line in "".join(buffer).split("\n")]
    buffer.clear()
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if lines:
        yield from lines
        yield ""
