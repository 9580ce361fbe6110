"""The fields every Factiva layout shares: the accession number, the unlabelled fields after
the word count, and the two-letter codes of the indexing layout.

Every Factiva article ends with its accession number (AN): a line "Document <AN>" in the
interface's language, or the AN field of the indexing layout. The article layout prints its
fields unlabelled in a fixed order (headline, author, word count, date, time, outlet, outlet
code, edition, page, language, copyright); the indexing layout labels each with a two-letter
code (HD headline, BY byline, WC word count, PD date, SN outlet, LP lead, TD text, AN ...).
"""

from __future__ import annotations

import re

from searchapp.core.reading.article import RawArticle
from searchapp.core.reading.dates import parse_date_value
from searchapp.core.reading.exports.fields import count_digits, export_fields

# "Document <AN>" ("Dokument", "文件" ...), or the indexing layout's "AN  Document <AN>".
TRAILER = re.compile(r"^[ \t]*(?:AN[ \t]+)?\w{1,12}[ \t]+([A-Za-z0-9]{20,30})[ \t]*$", re.M)
_AN_DAY = re.compile(r"(?:19|20)\d{6}")
_WORD_UNITS = (
    "words word wörter wort mots mot palabras parole woorden ord palavras слов слова "
    "字 語 단어 sanaa kelime słów slov"
).split()
WORD_COUNT = re.compile(
    r"^\s*(\d[\d.,'\u00a0\u202f ]*?)\s*(?:" + "|".join(_WORD_UNITS) + r")\s*$", re.I
)
# Chinese, Japanese and Korean interfaces write "2018 年 9 月 18 日", which the rules do not read.
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_TIME = re.compile(r"^\d{1,2}[:.h]\d{2}\b")
_SOURCE_CODE = re.compile(r"[A-Za-z0-9]{2,12}")
COPYRIGHT = re.compile(r"^(?:\(c\)|©|copyright\b|copr\.)", re.I)
_DATE_AFTER = 3  # the date is among the first lines after the word count
CODES = (
    "HD BY CR WC PD ET SN SC ED PG VOL LA CY LP TD CT RF CO IN NS RE IPC IPD PUB AN SE ART CLM CX "
    "DLN RST NGC GC"
).split()
STORY_CODES = frozenset({"LP", "TD"})


def is_accession(token: str) -> bool:
    """An accession number holds its day ("IINM000020171017edah0004z") and letters."""
    return _AN_DAY.search(token) is not None and any(ch.isalpha() for ch in token)


def date_text(value: str) -> str | None:
    """The date as the rules can read it, or None when `value` is no date."""
    cjk = _CJK_DATE.search(value)
    if cjk:
        year, month, day = (int(part) for part in cjk.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return value if parse_date_value(value, anywhere=True) is not None else None


def after_word_count(values: list[str]) -> dict[str, str]:
    """The unlabelled fields after the word count: date, time, outlet, outlet code, then
    edition and page, language, copyright (optional ones may be missing)."""
    rest = list(values)
    fields = {}
    # A line such as "Correction appended" may stand before the date.
    found = ((at, date_text(text)) for at, text in enumerate(rest[:_DATE_AFTER]))
    dated = next(((at, date) for at, date in found if date is not None), None)
    if dated is not None:
        fields["date"] = dated[1]
        del rest[: dated[0] + 1]
    if rest and _TIME.match(rest[0]):
        rest.pop(0)
    if rest:
        fields["source"] = rest.pop(0)
    if rest and _SOURCE_CODE.fullmatch(rest[0]):
        rest.pop(0)
    if rest and COPYRIGHT.match(rest[-1]):
        rest.pop()
    if rest:
        fields["language"] = rest[-1]
    return fields


def indexed_article(fields: dict[str, list[str]], key: str = "") -> RawArticle | None:
    """An article of the indexing layout from its code fields (code: paragraphs)."""

    def first(code: str) -> str:
        return next((value for value in fields.get(code, []) if value.strip()), "")

    title = first("HD")
    if not title:
        return None
    accession = [token for token in first("AN").split() if is_accession(token)]
    export = {
        "title": title,
        "byline": first("BY"),
        "section": first("SE"),
        "date": date_text(first("PD")) or "",
        "source": first("SN"),
        "language": first("LA"),
        "words": count_digits(first("WC")),
        "key": accession[-1] if accession else key,
    }
    story = [paragraph for code in ("LP", "TD") for paragraph in fields.get(code, [])]
    body = "\n\n".join(paragraph.strip() for paragraph in story if paragraph.strip())
    return RawArticle(body=body, export=export_fields(export))
