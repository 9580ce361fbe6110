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
import shutil
import struct
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import IDTokenizer
from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.query import DateRange
from whoosh.writing import LockError

from searchapp.core.analysis import FoldFilter, WordTokenizer, fold, words
from searchapp.core.documents import Document, SkipFile, read_document
from searchapp.core.errors import IndexDamaged, IndexLocked, IndexUnavailable, SearchappError
from searchapp.core.folders import FileEntry, Skipped, display_path, scan
from searchapp.core.metadata import GUESSED_ORIGINS, day_range, resolve_year
from searchapp.core.rules import Rules
from searchapp.core.vocabulary import Vocabulary

POINTER = "CURRENT"
LOCK_FILE = "write.lock"
VOCABULARY_FILE = "vocabulary.pickle"
LOCK_TIMEOUT_S = 10.0
WRITER_MEMORY_MB = 256

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


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
        low = _day_start(day_range(start)[0]) if start else None
        high = _day_end(day_range(end)[1]) if end else None
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


def build_schema() -> Schema:
    """The fields every indexed article has."""
    analyzer = WordTokenizer()
    return Schema(
        path=ID(unique=True, stored=True, sortable=True),
        raw_path=STORED,  # the path's bytes, kept only when they are not UTF-8
        title=TEXT(analyzer=analyzer, stored=True, phrase=True, field_boost=2.0),
        content=TEXT(analyzer=analyzer, phrase=True),
        body=STORED,  # the article text, zlib-compressed, for snippets and the preview
        date=DayField(stored=True, sortable=True),
        date_origin=ID(stored=True),
        source=ID(stored=True, sortable=True, analyzer=None),
        source_key=ID(analyzer=IDTokenizer() | FoldFilter()),  # for source: queries
        folder=ID(stored=True),
        size=NUMERIC(bits=64, sortable=True),
        mtime=NUMERIC(bits=64, sortable=True),
    )


def path_key(path: Path) -> str:
    """The text the index knows a file by."""
    return display_path(path)


def compress_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def decompress_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")


@dataclass
class IndexReport:
    """What a reindex did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    elapsed: float = 0.0
    documents: int = 0
    full: bool = False
    cancelled: bool = False

    def to_json(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": [{"path": display_path(s.path), "reason": s.reason} for s in self.skipped],
            "elapsed_s": round(self.elapsed, 3),
            "documents": self.documents,
            "full": self.full,
            "cancelled": self.cancelled,
        }


class IndexStore:
    """The index folder: which generation is live, opening it, and the writers' lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._opened: tuple[str, whoosh_index.Index] | None = None
        self._vocabulary: tuple[int, Vocabulary] | None = None

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

    def open(self) -> whoosh_index.Index:
        """The live index, reopened when a rebuild has swapped it; IndexDamaged if unusable."""
        name = self.current_name()
        if name is None:
            raise IndexDamaged("there is no index yet; run `searchapp reindex` to build it")
        if self._opened and self._opened[0] == name:
            return self._opened[1]
        try:
            ix = whoosh_index.open_dir(str(self.folder / name))
        except Exception as exc:  # Whoosh raises many types for broken files
            raise IndexDamaged(DAMAGED) from exc
        self._opened = (name, ix)
        return ix

    def vocabulary(self, reader) -> Vocabulary:
        """The vocabulary matching `reader`, brought up to date from its lexicon if stale."""
        generation = reader.generation()
        if self._vocabulary and self._vocabulary[0] == generation:
            return self._vocabulary[1]
        directory = self.current_dir()
        vocabulary = Vocabulary.load(directory / VOCABULARY_FILE) if directory else Vocabulary()
        if vocabulary.generation != generation:
            vocabulary.add(word.decode("utf-8") for word in reader.lexicon("content"))
            vocabulary.generation = generation
        self._vocabulary = (generation, vocabulary)
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
                        raise IndexLocked(
                            "the index is being updated by another searchapp process; "
                            "try again when it has finished"
                        ) from None
                    time.sleep(0.1)
            yield
        finally:
            os.close(fd)

    def new_generation(self) -> tuple[str, Path]:
        """A fresh, empty generation folder, not yet live."""
        self.folder.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name[1:]) for p in self.folder.glob("g[0-9]*") if p.name[1:].isdigit()]
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

    def remove_stale_generations(self) -> None:
        """Delete generation folders left by earlier rebuilds or by a crash during one."""
        live = self.current_name()
        for path in self.folder.glob("g[0-9]*"):
            if path.name != live and path.is_dir():
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


def _indexed_state(reader) -> dict[str, tuple[int, int, int]]:
    """path -> (document number, size, mtime) for every live document, read from columns."""
    if reader.doc_count_all() == 0:
        return {}  # an index with no segments has no columns yet
    paths = reader.column_reader("path")
    sizes = reader.column_reader("size")
    mtimes = reader.column_reader("mtime")
    state = {}
    for docnum in reader.all_doc_ids():
        key = paths[docnum]
        state[key.decode("utf-8") if isinstance(key, bytes) else key] = (
            docnum,
            sizes[docnum],
            mtimes[docnum],
        )
    return state


def document_fields(doc: Document, date: dt.date) -> dict:
    """The stored and indexed fields of one article."""
    key = path_key(doc.path)
    return {
        "path": key,
        "raw_path": os.fsencode(doc.path) if key != str(doc.path) else None,
        "title": doc.title,
        "content": f"{doc.title}\n{doc.text}",
        "body": compress_text(doc.text),
        "date": _day_start(date),
        "date_origin": doc.date_origin,
        "source": doc.source,
        "source_key": fold(doc.source),
        "folder": path_key(doc.path.parent),
        "size": doc.size,
        "mtime": doc.mtime_ns,
    }


def _folder_references(searcher, folder: str, replaced: set[str]) -> list[dt.date]:
    """Dates read (not guessed) from the indexed neighbours in one folder that stay indexed."""
    return [
        stored["date"].date()
        for stored in searcher.documents(folder=folder)
        if stored.get("date")
        and stored.get("date_origin") not in GUESSED_ORIGINS
        and stored["path"] not in replaced
    ]


def _resolve_dates(
    docs: list[Document], searcher, replaced: set[str]
) -> list[tuple[Document, dt.date]]:
    """Give year-less datelines the year their folder's neighbours suggest.

    The neighbours are the folder's articles after this update (new ones and those indexed
    before), so an incremental update dates a file as a full rebuild would.
    """
    references: dict[str, list[dt.date]] = defaultdict(list)
    for doc in docs:
        if doc.date is not None and doc.date_origin not in GUESSED_ORIGINS:
            references[path_key(doc.path.parent)].append(doc.date)
    from_index: dict[str, list[dt.date]] = {}
    resolved = []
    for doc in docs:
        date = doc.date
        if date is None:
            folder = path_key(doc.path.parent)
            if searcher is not None and folder not in from_index:
                from_index[folder] = _folder_references(searcher, folder, replaced)
            refs = references[folder] + from_index.get(folder, [])
            fallback = dt.date.fromtimestamp(doc.mtime_ns / 1e9)
            date = resolve_year(doc.month_day or (fallback.month, fallback.day), refs, fallback)
        resolved.append((doc, date))
    return resolved


def sync(
    store: IndexStore,
    folders: list[Path],
    rules: Rules,
    *,
    full: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> IndexReport:
    """Bring the index in line with the folders: only new, changed and deleted files are touched.

    With `full`, a new index is built beside the old one and swapped in when complete.
    """
    try:
        return _sync(store, folders, rules, full=full, progress=progress, cancel=cancel)
    except OSError as exc:
        where = os.fsdecode(store.folder)
        raise IndexUnavailable(
            f"the index in {where} cannot be written ({exc.strerror or exc})"
        ) from exc


def _sync(
    store: IndexStore,
    folders: list[Path],
    rules: Rules,
    *,
    full: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> IndexReport:
    started = time.monotonic()
    report = IndexReport(full=full)
    with store.write_lock():
        store.remove_stale_generations()
        files: dict[str, FileEntry] = {}
        for item in scan(folders, rules.extensions):
            if isinstance(item, Skipped):
                report.skipped.append(item)
            else:
                files.setdefault(path_key(item.path), item)
        fresh = full or not store.exists()
        if fresh:
            name, directory = store.new_generation()
            ix = whoosh_index.create_in(str(directory), build_schema())
            state: dict[str, tuple[int, int, int]] = {}
            vocabulary = Vocabulary()
        else:
            ix = store.open()
            with damage_guard(), ix.reader() as reader:
                state = _indexed_state(reader)
                # A copy: searches in other threads keep reading the one they have.
                vocabulary = store.vocabulary(reader).copy()
        changed = [
            key
            for key, entry in files.items()
            if key not in state or state[key][1:] != (entry.size, entry.mtime_ns)
        ]
        gone = [key for key in state if key not in files]
        report.unchanged = len(files) - len(changed)

        docs: list[Document] = []
        for done, key in enumerate(changed, 1):
            if cancel is not None and cancel():
                report.cancelled = True
                break
            if progress is not None:
                progress(done - 1, len(changed), key)
            try:
                docs.append(read_document(files[key].path, rules))
            except SkipFile as skip:
                report.skipped.append(Skipped(files[key].path, skip.reason))
                if key in state:
                    gone.append(key)
        if report.cancelled:
            if fresh:
                shutil.rmtree(directory, ignore_errors=True)
            report.elapsed = time.monotonic() - started
            return report
        if progress is not None:
            progress(len(changed), len(changed), "")

        try:
            writer = ix.writer(limitmb=WRITER_MEMORY_MB, compound=False)
        except LockError as exc:
            raise IndexLocked(
                "the index is being updated by another searchapp process; "
                "try again when it has finished"
            ) from exc
        try:
            for key in gone:
                writer.delete_by_term("path", key)
            with ix.searcher() as searcher:
                replaced = set(changed) | set(gone)
                resolved = _resolve_dates(docs, None if fresh else searcher, replaced)
            for doc, date in resolved:
                key = path_key(doc.path)
                if key in state:
                    writer.delete_by_term("path", key)
                    report.updated += 1
                else:
                    report.added += 1
                writer.add_document(**document_fields(doc, date))
                vocabulary.add(words(doc.title + "\n" + doc.text))
            report.removed = len([key for key in gone if key in state])
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        vocabulary.generation = ix.latest_generation()
        target = store.folder / name if fresh else store.current_dir()
        vocabulary.save(target / VOCABULARY_FILE)
        if fresh:
            store.activate(name)
            store.remove_stale_generations()
        report.documents = ix.doc_count()
    report.elapsed = time.monotonic() - started
    return report
