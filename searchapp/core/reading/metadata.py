"""Title and source of an article, read from its own text by the rules in rules.toml."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from searchapp.core.reading.article import Metadata, RawArticle
from searchapp.core.reading.dates import (
    extract_date,
    find_dates,
    is_dated_byline,
    parse_date_value,
    parse_written,
    without_dateline,
)
from searchapp.core.reading.rules import Rules

UNKNOWN_SOURCE = "Unknown"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")
# Words that end in a full stop without ending a sentence: initials ("U.S.", "B.C.", "S."),
# and the usual abbreviations of titles, companies, months and places.
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+$")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen lt col capt sgt st ste mt ft jr sr co corp inc ltd bros "
    "no nos vs jan feb mar apr jun jul aug sep sept oct nov dec ave blvd dept est approx".split()
)
_WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NUMBERISH = re.compile(r"^[+\-–▲▼(]*[\d.,:%]+[)%]*$")
OUTLET_MAX_WORDS = 5
_NAME_JOINERS = frozenset(["of", "and", "&", "for", "de", "del", "la", "le", "der", "die", "am"])
HEADLINE_MAX_WORDS = 20
HEADLINE_MAX_CHARS = 160
TITLE_MAX_CHARS = 110
EXPORT_TITLE_MAX_CHARS = 400


def is_numeric_row(line: str, rules: Rules) -> bool:
    """A ticker or table row: a short line made mostly of numbers."""
    words = line.split()
    if not words or len(words) > 15:
        return False
    numbers = sum(1 for w in words if _NUMBERISH.match(w))
    return numbers >= 2 and numbers / len(words) >= rules.numeric_line_ratio


def content_lines(body: str, rules: Rules) -> list[str]:
    """The body's non-empty lines that are neither boilerplate nor rows of numbers."""
    lines = []
    for raw in body.split("\n"):
        line = raw.strip()
        if not line or rules.boilerplate.fullmatch(line) or is_numeric_row(line, rules):
            continue
        lines.append(line)
    return lines


@dataclass
class SourceEvidence:
    """Weighed evidence for one outlet: total weight, where first seen, and which kinds."""

    score: int = 0
    first: int = 1 << 30
    kinds: list[str] = field(default_factory=list)


def weigh_sources(lines: Sequence[str], body: str, rules: Rules) -> dict[str, SourceEvidence]:
    """Evidence for each outlet the text names, by the evidence rules."""
    regions = {
        "top": "\n".join(lines[: rules.top_lines]),
        "bottom": "\n".join(lines[-rules.bottom_lines :]) if lines else "",
        "text": body,
    }
    offsets = {"top": 0, "bottom": len(body), "text": 0}
    evidence: dict[str, SourceEvidence] = {}
    for rule in rules.evidence:
        for match in rule.regex.finditer(regions[rule.where]):
            name = rules.outlet_name(match.group("name"))
            if not rule.names_known_outlet and not _plausible_outlet(name, rules):
                continue
            entry = evidence.setdefault(name, SourceEvidence())
            entry.score += rule.weight
            entry.first = min(entry.first, offsets[rule.where] + match.start())
            entry.kinds.append(rule.kind)
    return evidence


def _plausible_outlet(name: str, rules: Rules) -> bool:
    """Whether a name a generic rule caught reads as an outlet's, not a fragment of a sentence:
    capitalised words (or an acronym), at most a few, no verbs or desk words, not a date."""
    words = name.split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    if not words or len(words) > OUTLET_MAX_WORDS or any(ch.isdigit() for ch in name):
        return False
    if all(w.casefold() in rules.not_outlets for w in words):
        return False
    lowercase = [w for w in words if not w[0].isupper() and w not in _NAME_JOINERS]
    if lowercase or words[-1] in _NAME_JOINERS:
        return False
    # One word alone must look like a name of its own: an acronym, or a word the rules say
    # is not a common adjective ("American", "Federal" name no outlet by themselves).
    if len(words) == 1 and not (words[0].isupper() and len(words[0]) <= 6):
        return words[0].casefold() not in rules.not_outlets and _looks_like_name(words[0])
    return parse_written(name) is None


def _looks_like_name(word: str) -> bool:
    """A single capitalised word that is not an adjective of origin (-an, -ian, -ese, -ish, -al)."""
    return not re.search(r"(?:an|ian|ese|ish|al|ic)$", word.casefold())


def extract_source(raw: RawArticle, lines: Sequence[str], rules: Rules) -> str:
    """The outlet: declared in a header or meta tag, else the best-weighed evidence in the text."""
    for declared in (raw.export.get("source"), raw.header.get("source"), raw.meta.get("source")):
        if declared and declared.strip():
            return rules.outlet_name(declared)
    evidence = weigh_sources(lines, raw.body, rules)
    if not evidence:
        return UNKNOWN_SOURCE
    # At equal weight a known outlet beats a name only a generic rule caught.
    known = set(rules.aliases.values())
    name, best = max(
        evidence.items(), key=lambda item: (item[1].score, item[0] in known, -item[1].first)
    )
    return name if best.score >= rules.min_source_score else UNKNOWN_SOURCE


def _clean_heading(line: str) -> str:
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"^[*_]{1,3}(.+?)[*_]{1,3}$", r"\1", line)
    return " ".join(line.split())


def shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return cut + "…"


def reads_like_headline(line: str) -> bool:
    """Short, one sentence, and with words in it."""
    words = line.split()
    if not 2 <= len(words) <= HEADLINE_MAX_WORDS or len(line) > HEADLINE_MAX_CHARS:
        return False
    return first_sentence(line) == line and sum(1 for _ in _WORD.finditer(line)) >= 2


def first_sentence(line: str) -> str:
    """The line up to the end of its first sentence; a full stop after initials ("U.S.") or an
    abbreviation ("Corp.") ends none."""
    for end in _SENTENCE_END.finditer(line):
        before = line[: end.start()].rstrip("\"”’'")
        words = before[:-1].split()
        if before.endswith(".") and words and _is_abbreviation(words[-1] + "."):
            continue
        return line[: end.start()]
    return line


def _is_abbreviation(word: str) -> bool:
    return bool(_INITIALS.search(word)) or word[:-1].casefold() in _ABBREVIATIONS


def extract_title(raw: RawArticle, lines: Sequence[str]) -> str:
    """A headline declared or found near the top; else the first sentence, shortened. An
    export's headline is the publication's own: kept whole, up to EXPORT_TITLE_MAX_CHARS."""
    headline = raw.export.get("title")
    if headline and headline.strip():
        return shorten(" ".join(headline.split()), EXPORT_TITLE_MAX_CHARS)
    for declared in (raw.header.get("title"), raw.meta.get("title")):
        if declared and declared.strip():
            return shorten(" ".join(declared.split()))
    for line in lines:
        line = _clean_heading(line)
        line = without_dateline(line)
        if not _WORD.search(line) or is_dated_byline(line, find_dates(line)):
            continue
        if reads_like_headline(line):
            return line
        return shorten(first_sentence(line))
    return ""


def extract_metadata(raw: RawArticle, rules: Rules) -> Metadata:
    """Title, date (with its origin) and source of one article."""
    export = raw.export
    if export.get("title") and export.get("source") and _export_date(export):
        lines: list[str] = []  # an export states all three: the text's lines decide nothing
    else:
        lines = content_lines(raw.body, rules)
    reading = extract_date(raw, lines, rules)
    return Metadata(
        title=_one_line(extract_title(raw, lines)),
        date=reading.date,
        date_origin=reading.origin,
        source=_one_line(extract_source(raw, lines, rules)),
        month_day=reading.month_day,
        year_hint=reading.year_hint,
    )


def _export_date(export: dict[str, str]) -> bool:
    return parse_date_value(export.get("date", ""), anywhere=True) is not None


def _one_line(value: str) -> str:
    """A metadata value without control characters (a page's JSON-LD can hold any)."""
    return " ".join(_CONTROL.sub(" ", value).split())
