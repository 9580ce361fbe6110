"""Bringing the index in line with the library's folders, on as many processes as pay off.

New and changed files are read and indexed into new segments, by worker processes for large
batches; one commit then deletes the old versions, adds the segments and swaps in the result.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import multiprocessing
import os
import shutil
import signal
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import MERGE_SMALL, LockError

from searchapp.core.analysis import name_key, stem
from searchapp.core.documents import Document, SkipFile, read_document
from searchapp.core.errors import IndexLocked, IndexUnavailable
from searchapp.core.folders import FileEntry, Skipped, display_path, scan
from searchapp.core.index import (
    VOCABULARY_FILE,
    ArticleWriter,
    IndexStore,
    build_schema,
    clamp_64,
    damage_guard,
    document_fields,
    path_key,
)
from searchapp.core.metadata import GUESSED_ORIGINS, file_date, resolve_year
from searchapp.core.rules import Rules
from searchapp.core.vocabulary import Vocabulary

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

PARALLEL_MIN_FILES = 400  # fewer files are indexed in this process: starting workers costs more
MAX_WORKERS = 4
SEGMENT_POSTINGS_MB = 96  # a worker starts a new segment when one holds this much
MERGE_MAX_DOCS = 5_000  # a commit merges only segments with fewer live documents than this
POLL_S = 0.1


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
    workers: int = 1

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
            "workers": self.workers,
        }


@dataclass
class BatchResult:
    """What indexing one share of the files produced."""

    segments: list = field(default_factory=list)  # Whoosh segments, not yet in the index's TOC
    skipped: list[Skipped] = field(default_factory=list)
    deferred: list[Document] = field(default_factory=list)  # year-less datelines, for the commit
    references: list[tuple[str, dt.date]] = field(default_factory=list)  # (folder, date read)
    words: dict[str, tuple[str, str]] = field(default_factory=dict)  # new word -> (stem, key)
    cancelled: bool = False


def index_files(
    index_dir: str,
    paths: list[Path],
    rules: Rules,
    on_file: Callable[[Path], None],
    stopped: Callable[[], bool],
    known_word: Callable[[str], bool] = lambda word: False,
) -> BatchResult:
    """Read `paths` and write them into new segments of the index in `index_dir`.

    A segment is closed when its postings fill SEGMENT_POSTINGS_MB, so memory stays bounded
    however many files there are.
    """
    ix = whoosh_index.open_dir(index_dir)
    writer = _segment_writer(ix)
    result = BatchResult()
    try:
        for path in paths:
            if stopped():
                result.cancelled = True
                break
            on_file(path)
            try:
                doc = read_document(path, rules)
            except SkipFile as skip:
                result.skipped.append(Skipped(path, skip.reason))
                continue
            if doc.date is None:
                result.deferred.append(doc)
                continue
            if doc.date_origin not in GUESSED_ORIGINS:
                result.references.append((path_key(doc.path.parent), doc.date))
            fields = document_fields(doc, doc.date)
            writer.add_document(**fields)
            for word in fields["content"].positions:
                if word not in result.words and not known_word(word):
                    result.words[word] = (stem(word), name_key(word))
            if writer.pool.nbytes >= SEGMENT_POSTINGS_MB * 1024 * 1024:
                result.segments.append(writer._finalize_segment())
                writer = _segment_writer(ix)
    except BaseException:
        writer.cancel()
        _discard_segments(ix, [result])
        raise
    if result.cancelled or not writer._added:
        writer.cancel()
    else:
        result.segments.append(writer._finalize_segment())
    return result


def _segment_writer(ix) -> ArticleWriter:
    # No lock: the process that started the sync holds the library's writer lock.
    return ArticleWriter(ix, _lk=False, compound=False)


# Worker processes


_shared_done = None
_shared_stop = None


def _start_worker(done, stop) -> None:
    """Runs first in each worker process: shared counters, and die with the parent."""
    global _shared_done, _shared_stop
    _shared_done, _shared_stop = done, stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides about Ctrl+C
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _count_file(_path: Path) -> None:
    with _shared_done.get_lock():
        _shared_done.value += 1


def _worker_batch(index_dir: str, paths: list[Path], rules: Rules) -> BatchResult:
    return index_files(index_dir, paths, rules, _count_file, _shared_stop.is_set)


def worker_count(files: int) -> int:
    """How many processes to index `files` files with."""
    if files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, files // (PARALLEL_MIN_FILES // 2)))


def _index_in_workers(
    index_dir: str,
    paths: list[Path],
    rules: Rules,
    workers: int,
    progress: Progress | None,
    cancel: Cancel | None,
) -> list[BatchResult]:
    # Spawned, not forked: the window's threads must not be copied into the workers.
    context = multiprocessing.get_context("spawn")
    done = context.Value("q", 0)
    stop = context.Event()
    shares = [paths[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(done, stop)
    ) as pool:
        futures = [pool.submit(_worker_batch, index_dir, share, rules) for share in shares]
        pending = set(futures)
        try:
            while pending:
                finished, pending = wait(pending, timeout=POLL_S, return_when=FIRST_EXCEPTION)
                if any(f.exception() is not None for f in finished):
                    stop.set()
                    break
                if cancel is not None and cancel():
                    stop.set()
                if progress is not None:
                    progress(min(done.value, len(paths)), len(paths), "")
        except BaseException:
            stop.set()
            raise
        results = []
        for future in futures:
            results.append(future.result())  # re-raises a worker's error here
    return results


def _index_here(
    index_dir: str,
    paths: list[Path],
    rules: Rules,
    progress: Progress | None,
    cancel: Cancel | None,
    vocabulary: Vocabulary,
) -> list[BatchResult]:
    count = iter(range(len(paths) + 1))

    def on_file(path: Path) -> None:
        if progress is not None:
            progress(next(count), len(paths), display_path(path))

    stopped = (lambda: False) if cancel is None else cancel
    return [index_files(index_dir, paths, rules, on_file, stopped, vocabulary.__contains__)]


# The sync


def indexed_state(reader) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime) for every live document, read from the index's columns."""
    if reader.doc_count_all() == 0:
        return {}  # an index with no segments has no columns yet
    paths = reader.column_reader("path")
    sizes = reader.column_reader("size")
    mtimes = reader.column_reader("mtime")
    state = {}
    for docnum in reader.all_doc_ids():
        key = paths[docnum]
        state[key.decode("utf-8") if isinstance(key, bytes) else key] = (
            sizes[docnum],
            mtimes[docnum],
        )
    return state


def _folder_references(searcher, folder: str, replaced: set[str]) -> list[dt.date]:
    """Dates read (not guessed) from the indexed neighbours in one folder that stay indexed."""
    return [
        stored["date"].date()
        for stored in searcher.documents(folder=folder)
        if stored.get("date")
        and stored.get("date_origin") not in GUESSED_ORIGINS
        and stored["path"] not in replaced
    ]


def resolve_dates(
    deferred: list[Document],
    references: list[tuple[str, dt.date]],
    searcher,
    replaced: set[str],
) -> list[tuple[Document, dt.date]]:
    """Give year-less datelines the year their folder's neighbours suggest.

    The neighbours are the folder's articles after this update (new ones and those indexed
    before), so an incremental update dates a file as a full rebuild would.
    """
    by_folder: dict[str, list[dt.date]] = defaultdict(list)
    for folder, date in references:
        by_folder[folder].append(date)
    from_index: dict[str, list[dt.date]] = {}
    resolved = []
    for doc in deferred:
        folder = path_key(doc.path.parent)
        if searcher is not None and folder not in from_index:
            from_index[folder] = _folder_references(searcher, folder, replaced)
        neighbours = by_folder[folder] + from_index.get(folder, [])
        fallback = file_date(doc.mtime_ns / 1e9)
        month_day = doc.month_day or (fallback.month, fallback.day)
        resolved.append((doc, resolve_year(month_day, neighbours, fallback)))
    return resolved


class _CommitWriter(ArticleWriter):
    """The one writer that commits: deletions, late documents, and the workers' segments."""

    def add_segments(self, segments: list) -> None:
        # After the deletions, which address only the segments the index had before.
        self.segments.extend(segments)


def _discard_segments(ix, results: list[BatchResult]) -> None:
    """Delete the files of segments that will never be committed."""
    names = {segment.segment_id() for r in results for segment in r.segments}
    for name in list(ix.storage.list()):
        if any(name.startswith(f"{segment}.") for segment in names):
            with contextlib.suppress(OSError):
                ix.storage.delete_file(name)


@contextlib.contextmanager
def _commit_writer(ix) -> Iterator[_CommitWriter]:
    try:
        writer = _CommitWriter(ix, compound=False)
    except LockError as exc:
        raise IndexLocked() from exc
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=_merge_small)


def _merge_small(writer, segments: list) -> list:
    """Whoosh's MERGE_SMALL over the segments with few live documents only.

    A merge goes through the commit writer's pool, in memory, so the workers' large segments
    stay as they are; one that is mostly deleted counts as small and is rewritten.
    """
    large = [s for s in segments if s.doc_count() >= MERGE_MAX_DOCS]
    small = [s for s in segments if s.doc_count() < MERGE_MAX_DOCS]
    return large + MERGE_SMALL(writer, small)


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


UNREACHABLE = "folder not reachable; its articles stay in the index until it is back or removed"


def _scan(
    folders: list[Path], rules: Rules, report: IndexReport
) -> tuple[dict[str, FileEntry], list[str]]:
    """The files below the library's folders, and the folders that cannot be reached now."""
    files: dict[str, FileEntry] = {}
    unreachable = []
    roots = set(folders)
    for item in scan(folders, rules.extensions):
        if isinstance(item, Skipped):
            if item.path in roots:
                # An unplugged drive or an unmounted share: keep what was indexed from it.
                unreachable.append(path_key(item.path).rstrip(os.sep) + os.sep)
                item = Skipped(item.path, UNREACHABLE)
            report.skipped.append(item)
        else:
            files.setdefault(path_key(item.path), item)
    return files, unreachable


def _sync(
    store: IndexStore,
    folders: list[Path],
    rules: Rules,
    *,
    full: bool,
    progress: Progress | None,
    cancel: Cancel | None,
) -> IndexReport:
    started = time.monotonic()
    report = IndexReport(full=full)
    with store.write_lock():
        store.remove_stale_generations()
        files, unreachable = _scan(folders, rules, report)
        fresh = full or not store.exists() or not store.is_current()
        if fresh:
            name, directory = store.new_generation()
            ix = whoosh_index.create_in(str(directory), build_schema())
            state: dict[str, tuple[int, int]] = {}
            vocabulary = Vocabulary()
        else:
            name, ix = store.open()
            directory = store.folder / name
            with damage_guard(), ix.reader() as reader:
                state = indexed_state(reader)
                # A copy: searches in other threads keep reading the one they have.
                vocabulary = store.vocabulary(name, reader).copy()
        changed = [
            key
            for key, entry in files.items()
            if state.get(key) != (clamp_64(entry.size), clamp_64(entry.mtime_ns))
        ]
        gone = [key for key in state if key not in files and not key.startswith(tuple(unreachable))]
        report.unchanged = len(files) - len(changed)
        if not changed and not gone and not fresh:
            report.documents = len(state)
            report.elapsed = time.monotonic() - started
            return report

        paths = [files[key].path for key in changed]
        report.workers = worker_count(len(paths))
        if report.workers > 1:
            results = _index_in_workers(
                str(directory), paths, rules, report.workers, progress, cancel
            )
        else:
            results = _index_here(str(directory), paths, rules, progress, cancel, vocabulary)
        if any(r.cancelled for r in results):
            report.cancelled = True
            _discard_segments(ix, results)
            if fresh:
                shutil.rmtree(directory, ignore_errors=True)
            report.elapsed = time.monotonic() - started
            return report
        if progress is not None:
            progress(len(paths), len(paths), "")

        skipped = {path_key(s.path) for r in results for s in r.skipped}
        for result in results:
            report.skipped.extend(result.skipped)
            for word, keys in result.words.items():
                vocabulary.entries.setdefault(word, keys)
        replaced = set(changed) | set(gone)
        try:
            with _commit_writer(ix) as writer:
                for key in replaced:
                    if key in state:
                        writer.delete_by_term("path", key)
                with ix.searcher() as searcher:
                    deferred = [doc for r in results for doc in r.deferred]
                    references = [ref for r in results for ref in r.references]
                    resolved = resolve_dates(
                        deferred, references, None if fresh else searcher, replaced
                    )
                for doc, date in resolved:
                    fields = document_fields(doc, date)
                    writer.add_document(**fields)
                    vocabulary.add(fields["content"].positions)
                writer.add_segments([segment for r in results for segment in r.segments])
        except BaseException:
            _discard_segments(ix, results)
            raise
        report.added = sum(1 for key in changed if key not in state and key not in skipped)
        report.updated = sum(1 for key in changed if key in state and key not in skipped)
        report.removed = sum(1 for key in replaced if key in state) - report.updated
        vocabulary.generation = ix.latest_generation()
        vocabulary.save(directory / VOCABULARY_FILE)
        if fresh:
            replaced_generation = store.current_name()
            store.activate(name)
            store.remove_stale_generations(keep=replaced_generation)
        report.documents = ix.doc_count()
    report.elapsed = time.monotonic() - started
    return report
