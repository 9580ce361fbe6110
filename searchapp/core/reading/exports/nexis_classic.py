"""LexisNexis classic exports (a .txt, or the text of an .rtf or .doc) split into articles.

Each article opens with a centred line "N of M DOCUMENTS" ("Dokument N von M", "Document N de
M"), then the outlet, the date line and the headline, labelled fields up to "LENGTH:", the story
and trailer fields. A file with no "N of M" line is one article when its layout is unmistakable.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from searchapp.core.reading.article import Reading
from searchapp.core.reading.exports.nexis_document import (
    HEADER_KINDS,
    NOTE_LINE,
    RIGHTS,
    WRAP_WIDTH,
    Document,
    Label,
    blocks,
    is_centred,
    is_date_line,
    joined,
    label,
    raw_articles,
    story,
    trailer_fields,
    trailer_start,
)
from searchapp.core.reading.rules import Rules

_SNIFF_CHARS = 16_384  # a cover page with a long search query still fits
_TOP_MAX_LINES = 8  # a headline's lines: more text above the fields is the story
_LONG_LINE = 100  # text with many longer lines is not hard-wrapped

_OF = r"(?:of|von|de|van)"
# "1 of 10 DOCUMENTS", "FOCUS - 3 of 500 DOCUMENTS", "Dokument 2 von 4", "Document 5 de 9".
DOCS_LINE = re.compile(
    r"^[ \t]*(?:FOCUS\s*-\s*)?(?:(?P<n>\d+)\s+" + _OF + r"\s+(?P<m>\d+)\s+"
    r"(?:documents?|dokumente?n?|documenten|documentos?)"
    r"|(?:dokument|document|documento)\s+(?P<n2>\d+)\s+" + _OF + r"\s+(?P<m2>\d+))[ \t]*$",
    re.I | re.M,
)
_CLASSIC_LENGTH = re.compile(
    r"^(?:LENGTH|LÄNGE|LONGUEUR|LENGTE|LONGITUD):[ \t]*\d[\d,.]*[ \t]+\w+[ \t]*$", re.M
)
_COVER = r"^(?:Download Request|Printopdracht|Ausgabeauftrag)\s*:"
_COVER_START = re.compile(_COVER, re.I)
_COVER_RANGE = re.compile(_COVER + r".*?(\d+)\s*-\s*(\d+)\s*$", re.I | re.M)
_BYLINE_MAX_WORDS = 6
# What a header's field lines may hold: the header's fields, and the web address that some
# documents give among them rather than in the trailer.
_HEADER_FIELD_KINDS = HEADER_KINDS | {"url"}
_NAME_PARTICLES = frozenset("von van der den de du da di la le y and und et en".split())


class Part(NamedTuple):
    """One article's lines, with the N and M of its "N of M DOCUMENTS" line when it has one."""

    number: int | None
    total: int | None
    lines: list[str]


def from_text(text: str, rules: Rules) -> Reading | None:
    """The articles of a Nexis classic export in plain text, or None."""
    head = text[:_SNIFF_CHARS]
    if not (DOCS_LINE.search(head) or _CLASSIC_LENGTH.search(head)):
        return None
    lines = text.split("\n")
    wrapped = sum(len(line) > _LONG_LINE for line in lines) * 50 < len(lines)
    _, parts = split_at_docs_lines(lines)
    if parts:
        return classic_reading(parts, wrapped, stated(parts, text))
    document = _classic_article(lines, wrapped)
    # One article with no "N of M" line: only a layout nothing else has (a date line at the top,
    # LENGTH among the fields, trailer fields after the story) is taken for an export.
    if document is None or not (document.labelled and document.date and "words" in document.fields):
        return None
    if not ({"loaded", "language"} & document.fields.keys()):
        return None
    return Reading(raw_articles([document], [1]), stated=1)


def split_at_docs_lines(lines: list[str]) -> tuple[list[str], list[Part]]:
    """The cover page, and each article's part, split at "N of M DOCUMENTS"; the cover page
    of a further download joined to the file belongs to no part."""
    starts = [i for i, line in enumerate(lines) if DOCS_LINE.match(line)]
    if not starts:
        return lines, []
    parts = [
        Part(*docs_numbers(lines[start]), _before_cover(lines[start + 1 : end]))
        for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)
    ]
    return lines[: starts[0]], parts


def _before_cover(lines: list[str]) -> list[str]:
    return next((lines[:at] for at, line in enumerate(lines) if _COVER_START.match(line)), lines)


def docs_numbers(line: str) -> tuple[int | None, int | None]:
    match = DOCS_LINE.match(line)
    if match is None:
        return None, None
    return int(match["n"] or match["n2"]), int(match["m"] or match["m2"])


def stated(parts: list[Part], text: str) -> int | None:
    """How many articles the file says it holds: its cover pages' ranges ("Selected Items:
    1-10"), else the M of "N of M" when the numbering starts at 1 (a later batch of a larger
    search states no count of its own)."""
    ranges = [int(last) - int(first) + 1 for first, last in _COVER_RANGE.findall(text)]
    if ranges:
        return sum(ranges)
    numbers = [part.number for part in parts if part.number is not None]
    if not numbers or min(numbers) != 1:
        return None
    return Counter(part.total for part in parts if part.total).most_common(1)[0][0]


def classic_reading(parts: list[Part], wrapped: bool, stated: int | None) -> Reading | None:
    """The articles of the parts, or None when no part has the classic layout's header."""
    documents: list[Document] = []
    numbers: list[int] = []
    problems: list[str] = []
    for position, (number, _, lines) in enumerate(parts, start=1):
        document = _classic_article(lines, wrapped)
        if document is None:
            problems.append(f"document {number or position} of the export holds no article")
            continue
        documents.append(document)
        numbers.append(number or position)
    if not any(d.labelled and d.date and "words" in d.fields for d in documents):
        return None
    return Reading(raw_articles(documents, numbers), stated=stated, problems=problems)


def _classic_article(lines: list[str], wrapped: bool) -> Document | None:
    """One article of the classic layout from its lines (after its "N of M" line): the opening
    above its first field, the fields, the story, the trailer; None for a document that holds
    nothing but copyright lines."""
    head = next((i for i, line in enumerate(lines) if _opens_header(line)), None)
    opened = head if head is not None else trailer_start(lines, 0, upper=True)
    opening = _opening(lines[:opened], labelled=head is not None)
    if head is None:
        fields: dict[str, str] = {}
        front: list[str] = []
        start = opened
    else:
        fields, front, start = _classic_header(lines, head, wrapped)
    end = trailer_start(lines, start, upper=True)
    fields = trailer_fields(lines[end:], upper=True) | fields
    if opening.byline:
        fields.setdefault("byline", opening.byline)
    body = story([*opening.story, "", *_without_markers(lines[start:end])], wrapped)
    if not (body or opening.headline or opening.date or fields):
        return None
    labelled = head is not None
    front = opening.front + front
    return Document(opening.outlet, opening.date, opening.headline, fields, body, front, labelled)


def _opens_header(line: str) -> bool:
    found = label(line, upper=True)
    return bool(found and (found.kind in HEADER_KINDS or found.kind == "story"))


def _without_markers(lines: list[str]) -> list[str]:
    """The story's lines without a bare marker that opens the story proper ("ARTICLE:" after
    a "CHAPEAU:" lead)."""
    return [line for line in lines if not _is_marker(label(line, upper=True))]


def _is_marker(found: Label | None) -> bool:
    return bool(found and found.kind == "story" and not found.value.strip())


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
        found = label(line, upper=True)
        if found and found.kind == "story":
            index += 1
            break
        if found and (
            found.kind in _HEADER_FIELD_KINDS or (found.kind is None and not seen_length)
        ):
            kind = found.kind
            if kind and kind not in fields:
                fields[kind] = found.value.strip()
            seen_length = seen_length or kind == "words"
        elif (
            kind
            and kind != "words"
            and not blank
            and (
                is_centred(line)
                or (wrapped and len(lines[index - 1]) >= WRAP_WIDTH)
                or fields[kind].endswith(";")  # a headline's subtitle, a second section
            )
        ):
            fields[kind] = f"{fields[kind]} {line.strip()}".strip()
        else:
            break
        front.append(line.strip())
        blank = False
        index += 1
    return fields, front, index


class _Opening(NamedTuple):
    """What stands above a document's first field."""

    outlet: str
    date: str
    headline: str
    byline: str  # a name on a line of its own between the headline and the fields
    story: list[str]  # the story's lines when the story stands above the fields
    front: list[str]  # the other lines: searched, never shown


def _opening(lines: list[str], labelled: bool) -> _Opening:
    """The outlet, the date line and the headline of a document's opening lines, and the story
    when it stands above the fields.

    In text that keeps the layout, outlet, notices, date, time and editions are centred and the
    headline is not; elsewhere the order tells: the outlet, lines before the date ("Correction
    Appended"), the date and the edition lines with it, then the headline. Wire copy puts the
    headline above the date: what follows the date is then the story, as is more text than a
    headline in a document whose fields come after the story.
    """
    found = [kept for block in blocks(lines) if (kept := [x for x in block if not RIGHTS.match(x)])]
    if any(is_centred(line) for block in found for line in block):
        outlet, date, before, after = _centred_parts(found)
    else:
        outlet, date, before, after = _ordered_parts(found)
    byline = ""
    if labelled and after and (before or len(after) > 1) and _reads_like_byline(after[-1]):
        byline = after.pop()[0]
    headline: list[str] = before
    text: list[list[str]] = after
    if not before and labelled and sum(map(len, after)) <= _TOP_MAX_LINES:
        headline, text = [line for block in after for line in block], []
    story_lines = [line for block in text for line in (*block, "")]
    in_story = set(story_lines)
    front = [line.strip() for line in lines if line.strip() and line.strip() not in in_story]
    return _Opening(outlet, date, joined(headline), byline, story_lines, front)


def _centred_parts(found: list[list[str]]) -> tuple[str, str, list[str], list[list[str]]]:
    """Outlet, date line, the headline lines above the date and the text blocks below it, in
    text whose frame (outlet, notices, date, editions) is centred."""
    frame = [
        (n, line.strip()) for n, block in enumerate(found) if _is_frame(block) for line in block
    ]
    outlet = frame[0][1] if frame and not is_date_line(frame[0][1]) else ""
    dated = next(((n, line) for n, line in frame if is_date_line(line)), (-1, ""))
    texts = [(n, [line.strip() for line in block]) for n, block in enumerate(found)]
    texts = [(n, block) for n, block in texts if not _is_frame(found[n])]
    before = _headline_lines([line for n, block in texts if n < dated[0] for line in block])
    return outlet, dated[1], before, [block for n, block in texts if n > dated[0]]


def _ordered_parts(found: list[list[str]]) -> tuple[str, str, list[str], list[list[str]]]:
    """The same where nothing is centred: the outlet first, the date line next, its edition
    lines with it."""
    flat = [(n, line.strip()) for n, block in enumerate(found) for line in block]
    if not flat:
        return "", "", [], []
    first = 0 if is_date_line(flat[0][1]) else 1
    outlet = flat[0][1] if first else ""
    dated = next((i for i in range(first, len(flat)) if is_date_line(flat[i][1])), None)
    if dated is None:
        rest = _headline_lines([line for _, line in flat[first:]])
        return outlet, "", [], [rest] if rest else []
    date_block = flat[dated][0]
    before = _headline_lines([line for _, line in flat[first:dated]])
    after = [
        [line for n, line in flat if n == number] for number in range(date_block + 1, len(found))
    ]
    if not after:
        tail = _headline_lines([line for _, line in flat[dated + 1 :]])
        after = [tail] if tail else []
    return outlet, flat[dated][1], before, after


def _is_frame(block: list[str]) -> bool:
    """A centred block: a long line of it may fill the width and so start at the margin."""
    return any(map(is_centred, block))


def _reads_like_byline(block: list[str]) -> bool:
    """A name on a line of its own: two to six words, capitalised, no figure, no sentence."""
    if len(block) != 1:
        return False
    words = block[0].split()
    names = [word for word in words if word.casefold() not in _NAME_PARTICLES]
    return (
        2 <= len(names) <= _BYLINE_MAX_WORDS
        and all(word[0].isupper() for word in names)
        and not any(ch.isdigit() for ch in block[0])
        and not block[0].endswith((".", "!", "?", ":", ";", ","))
    )


def _headline_lines(lines: list[str]) -> list[str]:
    """Lines without the editions ("Edition 1;" and the line it runs on to) and notes."""
    kept: list[str] = []
    continues = False
    for line in lines:
        if not continues and not NOTE_LINE.search(line):
            kept.append(line)
        continues = line.endswith(";") and bool(NOTE_LINE.search(line))
    return kept
