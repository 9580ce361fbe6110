"""The public API: one library of folders, its index, and searches; the CLI and GUI both use it."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from searchapp import __version__
from searchapp.core.config import Config, ConfigError
from searchapp.core.engine.store import IndexStore
from searchapp.core.errors import FolderError, UserInputError
from searchapp.core.exporting import (
    open_output,
    provenance,
    record,
    write_concordance,
    write_records,
)
from searchapp.core.review import ReviewError, ReviewStore
from searchapp.core.types import (
    EXPORT_FORMATS,
    ArticleView,
    Cancel,
    Comparison,
    Concordance,
    ConcordanceLine,
    DateOrigin,
    ExportReport,
    IndexReport,
    LibraryStatus,
    Marked,
    Progress,
    Review,
    SearchQuery,
    SearchResult,
    WatchBatch,
)
from searchapp.paths import home_dir

if TYPE_CHECKING:  # imported where used: a command loads only what it needs
    from searchapp.core.engine.searching import Engine
    from searchapp.core.reading import Rules
    from searchapp.core.watching import Watcher

INDEX_DIR = "index"
STATUS_FILE = "status.json"  # in the index folder: what status counted, and for which version
RELATED_DAYS = 3  # the same events are reported within this many days either side


def engine_version() -> str:
    """The search engine under the library, with its version (for the About box)."""
    from searchapp.core.engine import ENGINE_VERSION

    return ENGINE_VERSION


class Library:
    """Folders of articles, their index and the searches on it."""

    def __init__(self, home: Path) -> None:
        if home.exists() and not home.is_dir():
            raise ConfigError(f"searchapp's folder {os.fsdecode(home)} is a file, not a folder")
        self.home = home
        self.config = Config.load(home)
        self.store = IndexStore(home / INDEX_DIR)
        self._engine: Engine | None = None
        self.reviews = ReviewStore(home)
        self._rules: Rules | None = None

    @property
    def engine(self) -> Engine:
        """The searching side of the index, imported when first used: a reindex, a watcher
        or a mark does without it."""
        if self._engine is None:
            from searchapp.core.engine.searching import Engine

            self._engine = Engine(self.store)
        return self._engine

    @classmethod
    def open(cls, home: str | os.PathLike[str] | None = None) -> Library:
        """The library kept in `home` (default: $SEARCHAPP_HOME, else the user data folder)."""
        return cls(home_dir(home))

    @property
    def rules(self) -> Rules:
        if self._rules is None:
            from searchapp.core.reading import USER_RULES_NAME, load_rules

            self._rules = load_rules(self.home / USER_RULES_NAME)
        return self._rules

    @property
    def folders(self) -> list[Path]:
        return list(self.config.folders)

    def has_index(self) -> bool:
        return self.store.exists()

    def set_folders(self, folders: Iterable[str | os.PathLike[str]]) -> list[Path]:
        """Make the library hold exactly `folders` (index them with reindex).

        Every folder is checked before anything is saved: one that does not exist or is not a
        folder raises FolderError and leaves the library as it was. A folder inside another of
        the list is part of it already and is left out. Returns the absolute paths.
        """
        wanted: list[Path] = []
        for folder in folders:
            path = _absolute(folder)
            if path in wanted:
                continue
            # Folders the library holds may be unreachable now (an unplugged drive): they stay.
            if path not in self.config.folders:
                _check_folder(path)
            wanted.append(path)
        wanted = [path for path in wanted if not _inside_any(path, wanted)]
        if wanted != self.config.folders or self.config.sample:
            self.config.folders = wanted
            self.config.sample = False
            self.config.save(self.home)
        return list(wanted)

    def add_folders(self, folders: Iterable[str | os.PathLike[str]]) -> list[Path]:
        """Add folders to the library, all or none (index them with reindex); returns their
        absolute paths. A folder inside one the library holds is refused; a folder that holds
        some of the library's folders takes their place. The bundled sample, the library of a
        first run, leaves when the user adds a folder of their own."""
        added = [_absolute(folder) for folder in folders]
        held = [] if self.config.sample else self.config.folders
        for path in added:
            holder = next((f for f in held if f in path.parents), None)
            if holder is not None:
                raise FolderError(
                    f"the folder {os.fsdecode(path)!r} is inside {os.fsdecode(holder)!r}, which "
                    "the library holds already; nothing was added"
                )
        self.set_folders([*held, *added])
        return added

    def remove_folders(self, folders: Iterable[str | os.PathLike[str]]) -> list[Path]:
        """Drop folders from the library, all or none; their articles leave the index at the
        next reindex."""
        removed = [_absolute(folder) for folder in folders]
        for path in removed:
            if path not in self.config.folders:
                raise FolderError(
                    f"the folder {os.fsdecode(path)!r} is not in the library; nothing was removed"
                )
        self.set_folders([f for f in self.config.folders if f not in removed])
        return removed

    def add_folder(self, folder: str | os.PathLike[str]) -> Path:
        """Add one folder to the library; returns its absolute path."""
        return self.add_folders([folder])[0]

    def remove_folder(self, folder: str | os.PathLike[str]) -> Path:
        """Drop one folder from the library; returns its absolute path."""
        return self.remove_folders([folder])[0]

    def reindex(
        self,
        full: bool = False,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        lock_wait: float | None = None,
    ) -> IndexReport:
        """Bring the index up to date with the folders (incremental unless `full`). Another
        process writing the index is waited for `lock_wait` seconds (default: a few), then
        IndexLocked."""
        from searchapp.core.engine.syncing import sync

        return sync(
            self.store,
            self.folders,
            self.rules,
            full=full,
            progress=progress,
            cancel=cancel,
            **({} if lock_wait is None else {"lock_wait": lock_wait}),
        )

    def update(self, paths: Iterable[str | os.PathLike[str]]) -> IndexReport:
        """Bring the index up to date for some files and folders only, those seen to change
        (a watcher's batch): new, changed and gone files at and below them. Paths outside the
        library's folders are passed over."""
        wanted = [_absolute(path) for path in paths]
        from searchapp.core.engine.syncing import sync

        return sync(self.store, self.folders, self.rules, paths=wanted)

    def watcher(
        self,
        on_batch: Callable[[WatchBatch], None] = lambda batch: None,
        on_notice: Callable[[str], None] = lambda text: None,
    ) -> Watcher:
        """A watcher of the library's folders (not yet started): each batch of changed files
        goes into the index, then to `on_batch`; what the user should know goes to
        `on_notice`. Both are called from the watcher's thread. Hold `watching()` around it."""
        from searchapp.core.watching import Watcher

        return Watcher(self.folders, self.rules.extensions, self.update, on_batch, on_notice)

    def watching(self) -> contextlib.AbstractContextManager[None]:
        """Mark this library as watched by this process while the block runs; AlreadyWatched
        when another process watches it."""
        from searchapp.core.watching import watcher_mark

        return watcher_mark(self.home)

    def watcher_process(self) -> int | None:
        """The process that watches this library now (searchapp watch or a window), or None."""
        from searchapp.core.watching import watcher_process

        return watcher_process(self.home)

    def search(
        self,
        query: str | SearchQuery,
        *,
        sources: Sequence[str] = SearchQuery.sources,
        since: str | dt.date | None = SearchQuery.since,
        until: str | dt.date | None = SearchQuery.until,
        sort: str = SearchQuery.sort,
        limit: int = SearchQuery.limit,
        offset: int = SearchQuery.offset,
        variants: bool = SearchQuery.variants,
        duplicates: str = SearchQuery.duplicates,
        tags: Sequence[str] = SearchQuery.tags,
    ) -> SearchResult:
        """Search the index: one SearchQuery, or its text with the other fields as keywords."""
        request = _request(
            query,
            sources=sources,
            since=since,
            until=until,
            sort=sort,
            limit=limit,
            offset=offset,
            variants=variants,
            duplicates=duplicates,
            tags=tags,
        )
        marked, reviews = self._marks()
        result = self.engine.search(request, marked)
        if not reviews:
            return result
        hits = [_reviewed(hit, reviews) for hit in result.hits]
        return dataclasses.replace(result, hits=hits)

    def export(
        self,
        query: str | SearchQuery,
        fmt: str = "csv",
        output: str | os.PathLike[str] | TextIO | None = None,
        *,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ExportReport:
        """Write every match of a search (not one page) to `output` (a file name, or a text
        stream; None: standard output) as csv, jsonl (with each article's text), ris or text.

        A file is written beside its name and moved into place when whole, so a cancelled or
        failed export leaves no half file and an old file of that name as it was. `progress`
        gets (records written, records in all, ""); `cancel` is asked as it goes.
        """
        if fmt not in EXPORT_FORMATS:
            raise UserInputError(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        request = _request(query)
        started = time.perf_counter()
        marked, reviews = self._marks()
        total, rows = self.engine.rows(request, marked, text=fmt == "jsonl")
        about = provenance(request, __version__)
        records = (record(row, reviews.get(row["id"], Review()), about) for row in rows)
        if output is None or hasattr(output, "write"):
            stream = output or sys.stdout
            written, cancelled = _write(fmt, stream, about, records, total, progress, cancel)
            return ExportReport(written, fmt, None, cancelled, time.perf_counter() - started)
        path = Path(output)
        partial = path.with_name(f".{path.name}.part")
        try:
            with open_output(partial) as stream:
                written, cancelled = _write(fmt, stream, about, records, total, progress, cancel)
            if cancelled:
                partial.unlink()
            else:
                os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise UserInputError(
                f"cannot write {os.fsdecode(path)}: {exc.strerror or exc}"
            ) from None
        return ExportReport(written, fmt, path, cancelled, time.perf_counter() - started)

    def concordance(
        self, query: str | SearchQuery, *, width: int = 40, limit: int = 0
    ) -> Concordance:
        """Keyword in context: each occurrence of the query's words in the matching articles,
        in the search's order, `width` letters each side; at most `limit` lines (0: all)."""
        started = time.perf_counter()
        articles, lines = self.concordance_lines(query, width=width)
        kept = list(itertools.islice(lines, limit)) if limit else list(lines)
        complete = not limit or next(lines, None) is None
        elapsed = (time.perf_counter() - started) * 1000
        text = query.text if isinstance(query, SearchQuery) else query
        return Concordance(text, kept, articles, complete, elapsed)

    def concordance_lines(
        self, query: str | SearchQuery, *, width: int = 40
    ) -> tuple[int, Iterator[ConcordanceLine]]:
        """How many articles a search matches, and its concordance lines as they are read."""
        if not 5 <= width <= 500:
            raise UserInputError("the context width must be from 5 to 500 letters")
        return self.engine.concordance(_request(query), self._marks()[0], width)

    @staticmethod
    def export_concordance(
        lines: Iterable[ConcordanceLine], output: str | os.PathLike[str] | TextIO
    ) -> int:
        """Write concordance lines as CSV; returns how many."""
        if hasattr(output, "write"):
            return write_concordance(lines, output)
        try:
            with open_output(output) as stream:
                return write_concordance(lines, stream)
        except OSError as exc:
            raise UserInputError(
                f"cannot write {os.fsdecode(output)}: {exc.strerror or exc}"
            ) from None

    def document(self, id: str, query: str = "", *, variants: bool = False) -> ArticleView | None:
        """The full text of an indexed article with the query's hits marked, for the preview."""
        view = self.engine.document(id, query, variants=variants)
        if view is None:
            return None
        return _reviewed(view, self._marks()[1])

    # Review: stars, tags and notes (core/review.py keeps them apart from the index)

    def review(self, id: str) -> Review:
        """The star, tags and note on article `id`."""
        return self._marks()[1].get(id, Review())

    def star(self, id: str, on: bool = True) -> Review:
        return self.reviews.star(id, self._text_key(id), on)

    def tag(self, id: str, *tags: str) -> Review:
        if not tags:
            raise UserInputError("name at least one tag")
        return self.reviews.tag(id, self._text_key(id), tags)

    def untag(self, id: str, *tags: str) -> Review:
        if not tags:
            raise UserInputError("name at least one tag")
        return self.reviews.untag(id, self._text_key(id), tags)

    def note(self, id: str, text: str) -> Review:
        """Write the note on article `id` (an empty text removes it)."""
        return self.reviews.note(id, self._text_key(id), text)

    def tags(self) -> dict[str, int]:
        """Every tag in use, with how many articles of the index have it, most used first."""
        if not self._marks()[0].tags:
            return {}
        return self.search("", limit=1, duplicates="show").facets.tags

    def _text_key(self, id: str) -> bytes:
        key = self.engine.text_key(id) if self.store.exists() else None
        if key is None:
            raise UserInputError(f"no article {id!r} in the index; search for it to find its id")
        return key

    def _marks(self) -> tuple[Marked, dict[str, Review]]:
        """The review marks, first matched again to the index when it changed since: a mark
        follows its article's text to a new id after a rename or a move."""
        version = self.store.version() if self.store.exists() else None
        try:
            stale = version is not None and self.reviews.synced_with() != version
            if stale and self.reviews.rows():
                self._rematch(version)
            return self.reviews.snapshot()
        except ReviewError:
            # A damaged or busy review file keeps the marks out of a search, not the search
            # out of reach; marking an article says what is wrong.
            return Marked(), {}

    def _rematch(self, version: str) -> None:
        rows = self.reviews.rows()
        places = self.engine.locate([(row.article, row.text_key) for row in rows])
        moves = {
            row.mark: (article, key)
            for row, (article, key) in zip(rows, places, strict=True)
            if article is not None and (article, key) != (row.article, row.text_key)
        }
        self.reviews.rematch(moves, version)

    def related(self, id: str, *, days: int = RELATED_DAYS, limit: int = 20) -> SearchResult:
        """The same story elsewhere: other outlets' articles on the events article `id`
        reports, within `days` of its date, best first and grouped by outlet."""
        if days < 0 or limit < 0:
            raise UserInputError("days and limit cannot be negative")
        result = self.engine.related(id, days, limit)
        if result is None:
            raise UserInputError(f"no article {id!r} in the index; search for it to find its id")
        return result

    def compare(self, first: str, second: str) -> Comparison:
        """Two articles word by word: what the second keeps, drops and adds of the first."""
        views = [self.document(id) for id in (first, second)]
        for id, view in zip((first, second), views, strict=True):
            if view is None:
                raise UserInputError(
                    f"no article {id!r} in the index; search for it to find its id"
                )
        from searchapp.core.engine.versions import compare_words

        return Comparison(views[0], views[1], compare_words(views[0].text, views[1].text))

    def index_version(self) -> str | None:
        """A token that changes whenever the index does, by this process or another (a
        `searchapp reindex` beside the window); None before there is an index."""
        return self.store.version()

    def status(self) -> LibraryStatus:
        """Article count, folders, index size, last update, date range and sources."""
        if not self.store.exists():
            return LibraryStatus(0, self.folders, 0, None, None, None)
        version = self.store.version()
        counts = self._read_counts(version)
        if counts is None:
            newest = self.search("", sort="newest", limit=1)
            oldest = self.search("", sort="oldest", limit=1)
            counts = {
                "documents": newest.total,
                "first_date": _dated(oldest),
                "last_date": _dated(newest),
                "sources": newest.facets.sources,
            }
            self._write_counts(version, counts)
        return LibraryStatus(
            folders=self.folders,
            index_bytes=self.store.size_bytes(),
            last_update=self.store.last_update(),
            **counts,
        )

    # What status counts, kept for the index version it counted (the next status of the same
    # version reads it instead of searching: a command that starts without the search engine).

    def _read_counts(self, version: str | None) -> dict | None:
        try:
            saved = json.loads((self.store.folder / STATUS_FILE).read_text(encoding="utf-8"))
            if saved["version"] != version:
                return None
            days = [dt.date.fromisoformat(day) if day else None for day in saved["dates"]]
            return {
                "documents": int(saved["documents"]),
                "first_date": days[0],
                "last_date": days[1],
                "sources": {str(k): int(v) for k, v in saved["sources"].items()},
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None  # none yet, another version's, or unreadable: counted again

    def _write_counts(self, version: str | None, counts: dict) -> None:
        days = [
            day.isoformat() if day else None for day in (counts["first_date"], counts["last_date"])
        ]
        saved = {
            "version": version,
            "documents": counts["documents"],
            "dates": days,
            "sources": counts["sources"],
        }
        temporary = self.store.folder / f"{STATUS_FILE}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            temporary.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.store.folder / STATUS_FILE)
        except OSError:
            temporary.unlink(missing_ok=True)  # a read-only home: counted again next time


def _request(query: str | SearchQuery, **options) -> SearchQuery:
    """One SearchQuery from a request, or from a query's text and the other fields."""
    if isinstance(query, SearchQuery):
        if any(value != getattr(SearchQuery, name) for name, value in options.items()):
            raise TypeError("give a SearchQuery or keywords, not both")
        return query
    return SearchQuery(text=query, **options)


def _write(fmt, stream, about, records, total, progress, cancel) -> tuple[int, bool]:
    """Write records, reporting progress every few hundred; (how many, whether cancelled)."""
    written = 0
    if cancel is not None and cancel():
        return written, True
    for written in write_records(fmt, stream, about, records):
        if written % 250 == 0:
            if cancel is not None and cancel():
                return written, True
            if progress is not None:
                progress(written, total, "")
    if progress is not None:
        progress(written, total, "")
    return written, False


def _reviewed(item, reviews: dict[str, Review]):
    """A hit or an article view with the user's review marks on it."""
    review = reviews.get(item.id)
    return dataclasses.replace(item, review=review) if review else item


def _dated(result: SearchResult) -> dt.date | None:
    """The first hit's date, unless it has none but its file's time (those sort last)."""
    hits = result.hits
    return hits[0].date if hits and hits[0].date_origin != DateOrigin.FILE else None


def _absolute(folder: str | os.PathLike[str]) -> Path:
    if not os.fspath(folder).strip():
        raise FolderError("a folder name is empty; the library was not changed")
    return Path(os.path.abspath(os.path.expanduser(os.fspath(folder))))


def _inside_any(path: Path, folders: list[Path]) -> bool:
    return any(folder in path.parents for folder in folders)


def _check_folder(path: Path) -> None:
    # os.path's tests answer False, not ValueError, for names no file can have.
    if not os.path.exists(path):
        raise FolderError(
            f"the folder {os.fsdecode(path)!r} does not exist; the library was not changed"
        )
    if not os.path.isdir(path):
        raise FolderError(f"{os.fsdecode(path)!r} is not a folder; the library was not changed")


def words_changed(comparison: Comparison) -> str:
    """A comparison as wdiff prints it: [-dropped-] and {+added+} words, the rest as is."""
    from searchapp.core.engine.versions import render_plain

    return render_plain(comparison.changes)
