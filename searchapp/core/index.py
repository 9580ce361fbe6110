"""The Whoosh index of a library: its schema, incremental sync of folders, and atomic rebuilds.

Layout under the index folder: CURRENT names the live generation folder (g000001, ...), which
holds the Whoosh files and the vocabulary. A full rebuild writes a new generation folder and
swaps CURRENT only when it is complete, so a crash leaves the previous index in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import pickle
import re
import shutil
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import IDTokenizer
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, DATETIME, ID, STORED, TEXT, Schema
from whoosh.filedb.filetables import FileFormatError
from whoosh.query import DateRange
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from searchapp.core.analysis import AnalyzedText, FoldFilter, WordTokenizer, fold
from searchapp.core.documents import Document
from searchapp.core.errors import IndexDamaged, IndexLocked, SearchappError
from searchapp.core.folders import display_path
from searchapp.core.metadata import day_range
from searchapp.core.postings import (
    BLOCK_FORMAT,
    ArticleCodec,
    CompactPositions,
    TermPool,
)
from searchapp.core.vocabulary import Vocabulary

POINTER = "CURRENT"
GENERATION = re.compile(r"g\d{6}")
LOCK_FILE = "write.lock"
VOCABULARY_FILE = "vocabulary.pickle"
LOCK_TIMEOUT_S = 10.0


class DayField(DATETIME):
    """A date field whose queries take a day, a month or a year, alone or as a range."""

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> DateRange:
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


DAMAGED = "the index is damaged; run `searchapp reindex --full` to rebuild it"
# What reading broken or truncated index files raises inside Whoosh.
INDEX_READ_ERRORS = (
    OSError,
    EOFError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    IndexError,
    KeyError,
    ValueError,
    whoosh_index.IndexError,  # Whoosh's own, which shadows the builtin in its module
    FileFormatError,
)


@contextlib.contextmanager
def damage_guard() -> Iterator[None]:
    """Turn errors from reading broken index files into IndexDamaged; ours pass through."""
    try:
        yield
    except SearchappError:
        raise
    except INDEX_READ_ERRORS as exc:
        raise IndexDamaged(DAMAGED) from exc


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


OUTDATED = (
    "the index was built by an older version of searchapp; run `searchapp reindex` to rebuild it"
)


def outdated(segments) -> bool:
    """Whether any of these segments has postings in another layout than this version's."""
    return any(getattr(s.codec(), "block_format", 1) != BLOCK_FORMAT for s in segments)


def schema_signature(schema: Schema) -> list[tuple[str, str, str]]:
    """What an index's fields are, by name, kind and posting format."""
    return [
        (name, type(field).__name__, type(field.format).__name__ if field.format else "")
        for name, field in schema.items()
    ]


def build_schema() -> Schema:
    """The fields every indexed article has."""
    return Schema(
        path=ID(unique=True, stored=True, sortable=True),
        raw_path=STORED,  # the path's bytes, kept only when they are not UTF-8
        title=ArticleText(stored=True, field_boost=2.0),
        content=ArticleText(),
        body=STORED,  # the article text, zlib-compressed, for snippets and the preview
        date=DayField(stored=True, sortable=True),
        date_origin=ID(stored=True),
        source=ID(stored=True, sortable=True, analyzer=None),
        source_key=ID(analyzer=IDTokenizer() | FoldFilter()),  # for source: queries
        folder=ID(stored=True),
        # Columns only: the sync compares them, nothing searches them.
        size=COLUMN(NumericColumn("q")),
        mtime=COLUMN(NumericColumn("q")),
    )


def path_key(path: Path) -> str:
    """The text the index knows a file by."""
    return display_path(path)


def compress_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def decompress_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")


class IndexStore:
    """The index folder: which generation is live, opening it, and the writers' lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._opened: tuple[str, whoosh_index.Index] | None = None
        self._vocabulary: tuple[tuple[str, int], Vocabulary] | None = None
        self._lock = threading.Lock()

    def current_name(self) -> str | None:
        try:
            name = (self.folder / POINTER).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return name or None

    def exists(self) -> bool:
        return self.current_name() is not None

    def current_dir(self) -> Path | None:
        name = self.current_name()
        return self.folder / name if name else None

    def open(self) -> tuple[str, whoosh_index.Index]:
        """The live generation's name and index, reopened when a rebuild has swapped it.

        Raises IndexDamaged when there is no usable index.
        """
        for _attempt in range(2):
            name = self.current_name()
            if name is None:
                raise IndexDamaged("there is no index yet; run `searchapp reindex` to build it")
            with self._lock:
                if self._opened and self._opened[0] == name:
                    return self._opened
            try:
                ix = whoosh_index.open_dir(str(self.folder / name))
            except Exception as exc:  # Whoosh raises many types for broken files
                if self.current_name() != name:
                    continue  # a rebuild swapped the index while we opened it
                raise IndexDamaged(DAMAGED) from exc
            with self._lock:
                self._opened = (name, ix)
            return name, ix
        raise IndexDamaged(DAMAGED)

    def is_current(self) -> bool:
        """Whether the live index has this version's schema (an older one is rebuilt)."""
        with damage_guard():
            _name, ix = self.open()
            return schema_signature(build_schema()) == schema_signature(ix.schema) and not (
                outdated(ix._segments())
            )

    def vocabulary(self, name: str, reader) -> Vocabulary:
        """Generation `name`'s vocabulary as `reader` sees it, updated from its lexicon if stale."""
        key = (name, reader.generation())
        with self._lock:
            if self._vocabulary and self._vocabulary[0] == key:
                return self._vocabulary[1]
        vocabulary = Vocabulary.load(self.folder / name / VOCABULARY_FILE)
        if vocabulary.generation != key[1]:
            vocabulary.add(word.decode("utf-8") for word in reader.lexicon("content"))
            vocabulary.generation = key[1]
        with self._lock:
            self._vocabulary = (key, vocabulary)
        return vocabulary

    @contextlib.contextmanager
    def write_lock(self, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
        """Hold the library's writer lock; the OS frees it if this process dies."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexLocked() from None
                    time.sleep(0.1)
            yield
        finally:
            os.close(fd)

    def new_generation(self) -> tuple[str, Path]:
        """A fresh, empty generation folder, not yet live."""
        self.folder.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name[1:]) for p in self.folder.iterdir() if GENERATION.fullmatch(p.name)]
        name = f"g{max(numbers, default=0) + 1:06d}"
        path = self.folder / name
        path.mkdir()
        return name, path

    def activate(self, name: str) -> None:
        """Make generation `name` the live index in one atomic step."""
        temporary = self.folder / f"{POINTER}.{os.getpid()}.tmp"
        temporary.write_text(name + "\n", encoding="utf-8")
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, self.folder / POINTER)
        self._opened = None

    def remove_stale_generations(self, keep: str | None = None) -> None:
        """Delete generation folders left by earlier rebuilds or by a crash during one.

        `keep` spares the generation just replaced, which searches may still be reading.
        """
        live = self.current_name()
        for path in self.folder.iterdir():
            if GENERATION.fullmatch(path.name) and path.name not in (live, keep) and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)

    def size_bytes(self) -> int:
        directory = self.current_dir()
        if directory is None or not directory.is_dir():
            return 0
        return sum(p.stat().st_size for p in directory.iterdir() if p.is_file())

    def last_update(self) -> dt.datetime | None:
        directory = self.current_dir()
        tocs = list(directory.glob("*.toc")) if directory and directory.is_dir() else []
        if not tocs:
            return None
        return dt.datetime.fromtimestamp(max(p.stat().st_mtime for p in tocs))


def clamp_64(value: int) -> int:
    """`value` within the signed 64 bits a numeric column holds (file times past 2262 are not)."""
    return max(-(1 << 63), min(value, (1 << 63) - 1))


class ArticleWriter(SegmentWriter):
    """A segment writer that gathers postings in a TermPool and writes whole lists at once.

    Whoosh's writer sends every posting through a tuple, a sort and its codec one at a time;
    here an AnalyzedText goes to its term lists directly, and each list is written by blocks.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("codec", ArticleCodec())
        super().__init__(*args, **kwargs)
        self.pool = TermPool()
        self._lengths: dict[str, dict[int, int]] = {}  # field -> document -> length, as stored

    def add_document(self, **fields) -> None:
        self._check_state()
        names = sorted(fields)
        self._check_fields(self.schema, names)
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            length = 0
            if isinstance(field, ArticleText):
                analyzed = value if isinstance(value, AnalyzedText) else AnalyzedText.of(value)
                length = self._add_words(name, field, docnum, analyzed)
            elif field.indexed:
                for tbytes, freq, weight, vbytes in field.index(value):
                    length += freq if field.scorable else 0
                    self.pool.add((name, tbytes, docnum, weight, vbytes))
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_words(self, name: str, field, docnum: int, value: AnalyzedText) -> int:
        self.pool.add_positions(name, docnum, value.positions, field.format)
        # As the per-document file will give it back: rounded to Whoosh's length byte.
        self._lengths.setdefault(name, {})[docnum] = byte_to_length(length_to_byte(value.length))
        return value.length

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        stored = self.per_document_reader()
        try:
            writer = self.fieldwriter
            for name in sorted(self.pool.fields):
                field = self.schema[name]
                doc_length = None
                if field.scorable:
                    known = self._lengths.get(name, {})

                    def doc_length(docnum: int, known=known, name=name) -> int:
                        length = known.get(docnum)
                        return stored.doc_field_length(docnum, name) if length is None else length

                terms = self.pool.fields[name]
                writer.start_field(name, field)
                for tbytes in sorted(terms):
                    writer.start_term(tbytes)
                    writer._postwriter.add_list(terms[tbytes], doc_length)
                    writer.finish_term()
                writer.finish_field()
            writer.close()
        finally:
            stored.close()


def document_fields(doc: Document, date: dt.date) -> dict:
    """The stored and indexed fields of one article."""
    key = path_key(doc.path)
    return {
        "path": key,
        "raw_path": os.fsencode(doc.path) if key != str(doc.path) else None,
        "title": doc.title,
        # The title is searchable with the text; counted twice only when the text lacks it.
        "content": AnalyzedText.of(
            doc.text if doc.title in doc.text else f"{doc.title}\n{doc.text}"
        ),
        "body": compress_text(doc.text),
        "date": _day_start(date),
        "date_origin": doc.date_origin,
        "source": doc.source,
        "source_key": fold(doc.source),
        "folder": path_key(doc.path.parent),
        "size": clamp_64(doc.size),
        "mtime": clamp_64(doc.mtime_ns),
    }
