"""Factiva exports in text (an RTF's text or a .txt) split into articles, in either layout:
the article layout (unlabelled fields around the word count) or the indexing layout (code lines
"HD", "WC", "PD" ...). Each article ends with its "Document <AN>" line."""

from __future__ import annotations

import re

from searchapp.core.reading.article import RawArticle, Reading
from searchapp.core.reading.exports.factiva_fields import (
    CODES,
    COPYRIGHT,
    STORY_CODES,
    TRAILER,
    WORD_COUNT,
    after_word_count,
    indexed_article,
    is_accession,
)
from searchapp.core.reading.exports.fields import count_digits, export_fields
from searchapp.core.reading.rules import Rules

_LANGUAGES = frozenset(
    (
        "english englisch anglais inglés ingles engels inglese inglês английский 英文 英語 영어 "
        "german deutsch allemand alemán aleman duits tedesco alemão немецкий 德文 ドイツ語 "
        "french français francais französisch francés frances frans francese francês 法文 "
        "spanish español espanol spanisch espagnol spaans spagnolo espanhol 西班牙文 "
        "dutch nederlands niederländisch néerlandais neerlandés italian italiano italienisch "
        "italien portuguese português portugiesisch portugais russian русский russisch russe "
        "chinese 中文 chinesisch chinois japanese 日本語 日文 japanisch japonais korean 한국어 "
        "svenska dansk norsk polski türkçe arabic العربية"
    ).split()
)
_BYLINE_MARK = re.compile(r"^(?:by|von|par|por|door|di|av|de)\s+\S", re.I)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# A publisher's name printed between the story and its "Document" line.
_PUBLISHER = re.compile(
    r"\b(?:Ltd|Limited|Inc|LLC|L\.L\.C|GmbH|AG|S\.?A|SAS|plc|PLC|Corp|Corporation|Company|"
    r"Group|Co|KG|B\.V|N\.V|S\.p\.A)\.?$"
)
_PREAMBLE_LINES = 25  # the word count stands this close to an article's start
_HEADER_LINES = 10  # and the copyright this close after it
# A code line: the code alone, or before a tab or two spaces; one space only outside the story.
_CODE_LINE = re.compile(
    r"^[ \t]*(" + "|".join(sorted(CODES, key=len, reverse=True)) + r")\b([ \t]*)(.*)$"
)


def from_text(text: str, rules: Rules) -> Reading | None:
    """The articles of a Factiva RTF or text export, in either layout, or None."""
    if TRAILER.search(text) is None:
        return None
    articles: list[RawArticle] = []
    problems: list[str] = []
    start = 0
    for match in TRAILER.finditer(text):
        key = match.group(1)
        if not is_accession(key):
            continue
        lines = text[start : match.start()].split("\n")
        start = match.end()
        raw = _indexed_text(lines, key) if _is_indexed(lines) else _article_text(lines, key)
        if raw is not None:
            articles.append(raw)
        elif any(line.strip() for line in lines):
            articles.append(RawArticle(body="\n".join(lines).strip(), export={"key": key}))
            problems.append(f"Factiva document {key} has no headline and word count: read as text")
    if len(problems) == len(articles):
        return None  # no article has Factiva's fields: a "Document" line alone proves nothing
    return Reading(articles, problems=problems)


def _is_indexed(lines: list[str]) -> bool:
    """Code lines for the headline and more, and no bare word count line (a story's lines
    may open with "HD" or "IN" too)."""
    codes = {match.group(1) for line in lines if (match := _CODE_LINE.match(line))}
    filled = [line for line in lines if line.strip()][:_PREAMBLE_LINES]
    return (
        "HD" in codes
        and bool(codes & {"WC", "PD", "SN", "LP", "TD"})
        and not any(WORD_COUNT.match(line) for line in filled)
    )


def _indexed_text(lines: list[str], key: str) -> RawArticle | None:
    """Code lines ("HD\tHeadline", "LP" then paragraphs): each value runs to the next code."""
    fields: dict[str, list[str]] = {}
    code = None
    for line in lines:
        match = _CODE_LINE.match(line)
        if match and _opens_field(match, code):
            code = match.group(1)
            fields.setdefault(code, []).append(match.group(3).strip())
        elif code is not None and line.strip():
            values = fields[code]
            if code in STORY_CODES or not values[-1]:
                values.append(line.strip())
            else:
                values[-1] += " " + line.strip()
    return indexed_article(fields, key)


def _opens_field(match: re.Match[str], current: str | None) -> bool:
    """Whether a line opening with a code starts a field, not a story's line ("IN the...")."""
    space, value = match.group(2), match.group(3)
    if not value or "\t" in space or len(space) >= 2:
        return True
    return current not in STORY_CODES and space == " "


def _article_text(lines: list[str], key: str) -> RawArticle | None:
    """The article layout as lines: headline (and section, author) above the word count, the
    fields below it down to the copyright, then the story."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    counted = next((at for at in filled[:_PREAMBLE_LINES] if WORD_COUNT.match(lines[at])), None)
    if counted is None:
        return None
    above = [lines[at].strip() for at in filled if at < counted][-3:]
    below = [at for at in filled if at > counted]
    header_end = _header_end(lines, below[:_HEADER_LINES])
    fields = after_word_count([lines[at].strip() for at in below if at < header_end])
    fields.update(_headline_block(above))
    fields["words"] = count_digits(lines[counted])
    fields["key"] = key
    story = [line.strip() for line in lines[header_end:]]
    while story and not story[-1]:
        story.pop()
    if story and _PUBLISHER.search(story[-1]) and len(story[-1].split()) <= 8:
        story.pop()
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(story)).strip()
    return RawArticle(body=body, export=export_fields(fields))


def _header_end(lines: list[str], header: list[int]) -> int:
    """Where the fields below the word count end: after the copyright, else after the
    language, else at the first blank line."""
    for test in (COPYRIGHT.match, lambda line: line.casefold() in _LANGUAGES):
        found = next((at for at in header if test(lines[at].strip())), None)
        if found is not None:
            return found + 1
    if not header:
        return len(lines)
    end = header[0]
    while end < len(lines) and lines[end].strip():
        end += 1
    return end


def _headline_block(above: list[str]) -> dict[str, str]:
    """Section, headline and author from the (up to three) lines above the word count."""
    if not above:
        return {}
    if len(above) == 3:
        return {"section": above[0], "title": above[1], "byline": above[2]}
    if len(above) == 1:
        return {"title": above[0]}
    first, second = above
    if _reads_like_byline(second, first):
        return {"title": first, "byline": second}
    if len(first.split()) <= 3:
        return {"section": first, "title": second}
    return {"title": first, "byline": second}


def _reads_like_byline(line: str, headline: str) -> bool:
    if _BYLINE_MARK.match(line):
        return True
    words = line.replace(",", " ").split()
    names = [word for word in words if word.casefold() not in {"and", "und", "et", "y", "en"}]
    return (
        2 <= len(names) <= 4
        and all(_NAME_WORD.fullmatch(word) and word[0].isupper() for word in names)
        and len(headline.split()) >= 4
    )
