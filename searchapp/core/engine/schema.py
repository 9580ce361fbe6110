"""The fields every indexed article has, and how an Article becomes them."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import zlib
from typing import TYPE_CHECKING

from whoosh.analysis import IDTokenizer
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, STORED, TEXT, Schema
from whoosh.query import DateRange, Term

from searchapp.core.engine.analysis import AnalyzedText, FoldFilter, WordTokenizer, fold
from searchapp.core.engine.mapped import SegmentColumns
from searchapp.core.engine.passages import SNIPPET_WIDTH, lead_start
from searchapp.core.engine.postings import BLOCK_FORMAT, ArticleCodec, CompactPositions
from searchapp.core.engine.stories import StoryTable, find_stories, fingerprint
from searchapp.core.reading.languages import language_code
from searchapp.core.types import DateOrigin, display_path

if TYPE_CHECKING:
    from searchapp.core.reading import Article

BODY_COLUMN = VarBytesColumn()  # an article's text, compressed (compress_text)


class DayField(DATETIME):
    """A date field whose queries take a day, a month or a year, alone or as a range."""

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> DateRange:
        from searchapp.core.reading.dates import day_range  # a query's dates: not for indexing

        first, last = day_range(qstring)
        return DateRange(fieldname, _day_start(first), _day_end(last), boost=boost)

    def parse_range(
        self,
        fieldname: str,
        start: str | None,
        end: str | None,
        startexcl: bool,
        endexcl: bool,
        boost: float = 1.0,
    ) -> DateRange:
        from searchapp.core.reading.dates import day_range

        # {a to b} leaves out the whole of the days a and b, not just their first moment.
        low = high = None
        if start:
            first, last = day_range(start)
            low = _day_end(last) if startexcl else _day_start(first)
        if end:
            first, last = day_range(end)
            high = _day_start(first) if endexcl else _day_end(last)
        return DateRange(fieldname, low, high, startexcl, endexcl, boost=boost)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def _day_end(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 23, 59, 59, 999999)


class LanguageField(ID):
    """Languages by their ISO 639-1 code; a query may name one ("lang:german", "lang:de")."""

    def __init__(self) -> None:
        super().__init__(stored=True)

    def self_parsing(self) -> bool:
        return True  # the parser hands the word to parse_query, not to a term class

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> Term:
        return Term(fieldname, language_code(qstring), boost=boost)


class ArticleText(TEXT):
    """A text field that takes its words from an AnalyzedText: one pass over the text."""

    def __init__(self, field_boost: float = 1.0, stored: bool = False) -> None:
        super().__init__(
            analyzer=WordTokenizer(), phrase=True, stored=stored, field_boost=field_boost
        )
        self.format = CompactPositions(field_boost=field_boost)

    def index(self, value, **kwargs):
        analyzed = value if isinstance(value, AnalyzedText) else AnalyzedText.of(value)
        boost = self.format.field_boost
        encode = self.format.encode
        return [
            (word.encode("utf-8"), len(spots), len(spots) * boost, encode(spots))
            for word, spots in analyzed.positions.items()
        ]


def outdated(ix) -> bool:
    """Whether index `ix` was written by another version: other fields or columns, or postings
    in another layout than this version's."""
    segments = ix._segments()
    return schema_signature(ix.schema) != schema_signature(build_schema()) or any(
        getattr(s.codec(), "block_format", 1) != BLOCK_FORMAT for s in segments
    )


def layout() -> str:
    """The index layout this version writes, in short: its fields, every class the index's
    table of contents names (pickled there, so a class that moves makes an older index
    unreadable) and its postings' format. filestate.LAYOUT holds the same without Whoosh."""
    classes = sorted(_class_names(build_schema(), set()) | {_class_name(ArticleCodec)})
    written = repr((schema_signature(build_schema()), classes, BLOCK_FORMAT)).encode("utf-8")
    return hashlib.sha1(written, usedforsecurity=False).hexdigest()[:12]


def _class_names(value: object, seen: set[int]) -> set[str]:
    """The classes of `value` and of everything it holds, as module.name."""
    if id(value) in seen or isinstance(value, str | bytes | int | float | bool | type(None)):
        return set()
    if isinstance(value, type):
        return {_class_name(value)}  # a class held, pickled by its name
    seen.add(id(value))
    names = {_class_name(type(value))}
    if isinstance(value, dict):
        held = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple | set | frozenset):
        held = list(value)
    else:
        held = list(getattr(value, "__dict__", {}).values())
    for item in held:
        names |= _class_names(item, seen)
    return names


def _class_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def schema_signature(schema: Schema) -> list[tuple[str, str, str, str]]:
    """What an index's fields are, by name, kind, posting format and column."""
    return [
        (
            name,
            type(field).__name__,
            type(field.format).__name__ if field.format else "",
            type(field.column_type).__name__ if field.column_type else "",
        )
        for name, field in schema.items()
    ]


def build_schema() -> Schema:
    """The fields every indexed article has."""
    return Schema(
        id=ID(unique=True, stored=True),  # the path, or PATH#N for one of a file's articles
        path=ID(stored=True, sortable=True),  # the file's: every article of a file has it
        part=STORED,
        parts=STORED,
        raw_path=STORED,  # the path's bytes, kept only when they are not UTF-8
        title=ArticleText(stored=True, field_boost=2.0),
        content=ArticleText(),
        byline=ArticleText(stored=True),
        section=ArticleText(stored=True),
        lang=LanguageField(),
        key=ID(stored=True),  # the vendor's document id
        words=STORED,  # the word count an export states
        url=STORED,  # the article's web address, where its page or export gives one
        # The article's text, zlib-compressed, for snippets and the preview: a column of its
        # own, so that reading an article's other fields does not read (and decompress) it.
        body=COLUMN(BODY_COLUMN),
        length=STORED,  # the words of the text
        lead=STORED,  # where its opening passage starts, in bytes (a snippet without hits)
        date=DayField(stored=True, sortable=True),
        date_origin=ID(stored=True, sortable=True),  # a column: file-time guesses are undated
        source=ID(stored=True, sortable=True, analyzer=None),
        source_key=ID(analyzer=IDTokenizer() | FoldFilter()),  # for source: queries
        folder=ID(stored=True),
        # Columns only: the sync compares them, nothing searches them.
        size=COLUMN(NumericColumn("q")),
        mtime=COLUMN(NumericColumn("q")),
        fingerprint=COLUMN(VarBytesColumn()),  # finds copies of a story (stories.py)
    )


def compress_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def decompress_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")


LEAD_BYTES = 4 * SNIPPET_WIDTH + 64  # of a text from its opening passage: a snippet at most


def decompress_lead(blob: bytes, start: int) -> str:
    """The text from byte `start` (its opening passage) for about a snippet's length: only
    that much is decompressed."""
    lead = zlib.decompressobj().decompress(blob, start + LEAD_BYTES)
    return lead[start:].decode("utf-8", "ignore")


class StoredFields:
    """The stored fields of one index version by document number, read straight from each
    segment's mapped column (Whoosh's own reader also checks every field against the schema,
    which costs a bulk export a third of its time, and reads with a seek and a read)."""

    def __init__(self, reader) -> None:
        self.columns = SegmentColumns(reader, "_stored")

    def __getitem__(self, docnum: int) -> dict:
        return self.columns[docnum] or {}


class Texts:
    """The article texts of one index version, by document number."""

    def __init__(self, reader) -> None:
        self.column = SegmentColumns(reader, "body", BODY_COLUMN)

    def __getitem__(self, docnum: int) -> str:
        return decompress_text(self.column[docnum])

    def lead(self, docnum: int, start: int) -> str:
        """The text's opening passage: from byte `start` (its stored "lead") on."""
        return decompress_lead(self.column[docnum], start)


def clamp_64(value: int) -> int:
    """`value` within the signed 64 bits a numeric column holds (file times past 2262 are not)."""
    return max(-(1 << 63), min(value, (1 << 63) - 1))


def searchable_text(doc: Article) -> str:
    """What a search reads of an article: its title and byline (unless the text has them
    already), its header lines and its text."""
    shown = (doc.front, doc.text)
    extra = [value for value in (doc.title, doc.byline) if value and not _within(value, shown)]
    return "\n".join(part for part in (*extra, *shown) if part)


def _within(value: str, texts: tuple[str, ...]) -> bool:
    return any(value in text for text in texts)


def document_fields(doc: Article, date: dt.date) -> dict:
    """The stored and indexed fields of one article."""
    key = display_path(doc.path)
    return {
        "id": doc.id,
        "path": key,
        "part": doc.part,
        "parts": doc.parts,
        "raw_path": os.fsencode(doc.path) if key != str(doc.path) else None,
        "title": doc.title,
        "content": AnalyzedText.of(searchable_text(doc)),
        "byline": doc.byline or None,
        "section": doc.section or None,
        "lang": doc.language or None,
        "key": doc.key or None,
        "words": doc.words,
        "url": doc.url or None,
        "body": compress_text(doc.text),
        "length": len(doc.text.split()),
        "lead": len(doc.text[: lead_start(doc.text)].encode("utf-8", "surrogatepass")),
        "date": _day_start(date),
        "date_origin": doc.date_origin.value,  # a plain string: the index outlives the enum
        "source": doc.source,
        "source_key": fold(doc.source),
        "folder": display_path(doc.path.parent),
        "size": clamp_64(doc.size),
        "mtime": clamp_64(doc.mtime_ns),
        "fingerprint": fingerprint(doc.text),
    }


def stored_origin(stored: dict) -> DateOrigin:
    """An article's date origin as the index stored it; a value this version does not know
    counts as a guess from the file's time."""
    try:
        return DateOrigin(stored.get("date_origin"))
    except ValueError:
        return DateOrigin.FILE


def stories_of(reader, verdicts: dict[bytes, bool] | None = None) -> StoryTable:
    """The stories of the index version `reader` reads, from its fingerprints and, for the
    articles that may be copies and were not compared before (`verdicts`), their stored
    texts."""
    stored = StoredFields(reader)
    return find_stories(
        reader,
        body_text=Texts(reader).__getitem__,
        article_id=lambda docnum: stored[docnum]["id"],
        verdicts=verdicts,
    )
