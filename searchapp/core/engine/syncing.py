"""Bringing the index in line with the library's folders, on as many processes as pay off.

New and changed files are read and indexed into new segments (indexing.py); one commit then
deletes the old versions, adds the segments and swaps in the result.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections import defaultdict
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index

from searchapp.core.engine.mapped import byte_values, numbers
from searchapp.core.engine.schema import (
    build_schema,
    clamp_64,
    document_fields,
    stored_origin,
    stories_of,
)
from searchapp.core.engine.store import (
    LOCK_TIMEOUT_S,
    VOCABULARY_FILE,
    IndexStore,
    damage_guard,
)
from searchapp.core.engine.stories import STORIES_FILE, StoryTable
from searchapp.core.engine.vocabulary import Vocabulary
from searchapp.core.errors import IndexUnavailable
from searchapp.core.reading import Article, Rules
from searchapp.core.reading.folders import FileEntry, scan, scan_paths
from searchapp.core.types import (
    Cancel,
    IndexReport,
    Progress,
    Skipped,
    display_path,
)

if TYPE_CHECKING:  # indexing and writing load when there is something to index
    from searchapp.core.engine.indexing import BatchResult, Work


def indexed_state(reader) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime) for every live document, read from the index's columns."""
    if reader.doc_count_all() == 0:
        return {}  # an index with no segments has no columns yet
    # Each column is read whole (a no-op reindex compares every file), not a value at a time.
    schema = reader.schema
    paths = byte_values(reader, "path", schema["path"].column_type)
    sizes = numbers(reader, "size", schema["size"].column_type)
    mtimes = numbers(reader, "mtime", schema["mtime"].column_type)
    live = reader.all_doc_ids() if reader.has_deletions() else range(len(paths))
    return {paths[d].decode("utf-8"): (sizes[d], mtimes[d]) for d in live}


def indexed_state_at(reader, keys: list[str]) -> dict[str, tuple[int, int]]:
    """indexed_state for the files at `keys` and below them only (a watcher's batch), looked
    up in the path field's terms rather than read for the whole index."""
    if reader.doc_count_all() == 0:
        return {}
    sizes = reader.column_reader("size")
    mtimes = reader.column_reader("mtime")
    state = {}
    for key in keys:
        below = reader.expand_prefix("path", key.rstrip(os.sep) + os.sep)
        for path in [key, *below]:
            path = path.decode("utf-8") if isinstance(path, bytes) else path
            if path in state or not reader.doc_frequency("path", path):
                continue
            docnum = next(iter(reader.postings("path", path).all_ids()), None)
            if docnum is not None:
                state[path] = (sizes[docnum], mtimes[docnum])
    return state


def _folder_references(searcher, folder: str, replaced: set[str]) -> list[dt.date]:
    """Dates read (not guessed) from the indexed neighbours in one folder that stay indexed."""
    return [
        stored["date"].date()
        for stored in searcher.documents(folder=folder)
        if stored.get("date")
        and not stored_origin(stored).guessed
        and stored["path"] not in replaced
    ]


def resolve_dates(
    deferred: list[Article],
    references: list[tuple[str, dt.date]],
    searcher,
    replaced: set[str],
) -> list[tuple[Article, dt.date]]:
    """Give year-less datelines the year their folder's neighbours suggest.

    The neighbours are the folder's articles after this update (new ones and those indexed
    before), so an incremental update dates a file as a full rebuild would.
    """
    from searchapp.core.reading.dates import date_among_neighbours, file_date

    by_folder: dict[str, list[dt.date]] = defaultdict(list)
    for folder, date in references:
        by_folder[folder].append(date)
    from_index: dict[str, list[dt.date]] = {}
    resolved = []
    for doc in deferred:
        folder = display_path(doc.path.parent)
        if searcher is not None and folder not in from_index:
            from_index[folder] = _folder_references(searcher, folder, replaced)
        neighbours = by_folder[folder] + from_index.get(folder, [])
        fallback = file_date(doc.mtime_ns / 1e9)
        month_day = doc.month_day or (fallback.month, fallback.day)
        date = date_among_neighbours(month_day, doc.year_hint, neighbours, fallback)
        resolved.append((doc, date))
    return resolved


def sync(
    store: IndexStore,
    folders: list[Path],
    rules: Rules,
    *,
    full: bool = False,
    paths: Collection[Path] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    lock_wait: float = LOCK_TIMEOUT_S,
) -> IndexReport:
    """Bring the index in line with the folders: only new, changed and deleted files are touched.

    With `full`, a new index is built beside the old one and swapped in when complete. With
    `paths` (files and folders inside the library's folders), only those and what is below them
    are looked at, as a watcher does with the paths it saw change; an index that has to be
    built from scratch is built whole all the same. Another writer holding the lock is waited
    for `lock_wait` seconds, then IndexLocked.
    """
    started = time.monotonic()
    report = IndexReport(full=full)
    try:
        with store.write_lock(lock_wait):
            _sync(store, folders, rules, report, paths, progress, cancel)
    except OSError as exc:
        where = os.fsdecode(store.folder)
        raise IndexUnavailable(
            f"the index in {where} cannot be written ({exc.strerror or exc})"
        ) from exc
    report.elapsed = time.monotonic() - started
    return report


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
                unreachable.append(display_path(item.path).rstrip(os.sep) + os.sep)
                item = Skipped(item.path, UNREACHABLE)
            report.skipped.append(item)
        else:
            files.setdefault(display_path(item.where), item)
    return files, unreachable


def _scan_paths(
    paths: Collection[Path], folders: list[Path], rules: Rules, report: IndexReport
) -> tuple[dict[str, FileEntry], list[str], list[str]]:
    """_scan for `paths` only, those inside the library's folders: the files at and below them,
    the folders that cannot be reached now, and the keys whose indexed files are compared.

    A path below a folder that cannot be reached (a drive unplugged) keeps its articles: the
    folder is unreachable, not emptied."""
    roots = {}
    for path in paths:
        root = next((f for f in folders if f == path or f in path.parents), None)
        if root is not None:
            roots[path] = root
    reachable = {root: os.path.isdir(root) for root in set(roots.values())}
    unreachable = [
        display_path(root).rstrip(os.sep) + os.sep for root, ok in reachable.items() if not ok
    ]
    wanted = [path for path, root in roots.items() if reachable[root]]
    files: dict[str, FileEntry] = {}
    for item in scan_paths(wanted, rules.extensions):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            files.setdefault(display_path(item.where), item)
    return files, unreachable, [display_path(path) for path in wanted]


def _sync(
    store: IndexStore,
    folders: list[Path],
    rules: Rules,
    report: IndexReport,
    paths: Collection[Path] | None,
    progress: Progress | None,
    cancel: Cancel | None,
) -> None:
    store.remove_stale_generations()
    fresh = report.full or not store.exists() or not store.is_current()
    if paths is None or fresh:
        files, unreachable = _scan(folders, rules, report)
        keys = None
    else:
        files, unreachable, keys = _scan_paths(paths, folders, rules, report)
    if fresh:
        name, directory = store.new_generation()
        ix = whoosh_index.create_in(str(directory), build_schema())
        state: dict[str, tuple[int, int]] = {}
    else:
        name, ix = store.open()
        directory = store.folder / name
        with damage_guard(), ix.reader() as reader:
            state = indexed_state(reader) if keys is None else indexed_state_at(reader, keys)
    changed = [
        key
        for key, entry in files.items()
        if state.get(key) != (clamp_64(entry.size), clamp_64(entry.mtime_ns))
    ]
    gone = [key for key in state if key not in files and not key.startswith(tuple(unreachable))]
    report.unchanged = len(files) - len(changed)
    if not changed and not gone and not fresh:
        report.documents = ix.doc_count()
        return

    vocabulary = Vocabulary()
    if not fresh:
        with damage_guard(), ix.reader() as reader:
            vocabulary = Vocabulary.of_index(directory / VOCABULARY_FILE, reader)
    from searchapp.core.engine.indexing import Work
    from searchapp.core.engine.writing import discard_segments

    work = [Work(files[key].where, files[key].size) for key in changed]
    del files  # a million entries; the work list holds what reading needs
    results = _read_files(directory, work, rules, report, progress, cancel, vocabulary)
    if report.cancelled:
        discard_segments(ix, [segment for r in results for segment in r.segments])
        if fresh:
            shutil.rmtree(directory, ignore_errors=True)
        return

    skipped = {display_path(s.path) for r in results for s in r.skipped}
    replaced = set(changed) | set(gone)
    _commit(ix, results, [key for key in replaced if key in state], fresh, vocabulary)
    report.added = sum(1 for key in changed if key not in state and key not in skipped)
    report.updated = sum(1 for key in changed if key in state and key not in skipped)
    report.removed = sum(1 for key in replaced if key in state) - report.updated
    vocabulary.generation = ix.latest_generation()
    vocabulary.save(directory / VOCABULARY_FILE)
    with damage_guard(), ix.reader() as reader:
        verdicts = StoryTable.verdicts_at(directory / STORIES_FILE)
        stories_of(reader, verdicts).save(directory / STORIES_FILE)
    if fresh:
        replaced_generation = store.current_name()
        store.activate(name)
        store.remove_stale_generations(keep=replaced_generation)
    report.documents = ix.doc_count()


def _read_files(
    directory: Path,
    work: list[Work],
    rules: Rules,
    report: IndexReport,
    progress: Progress | None,
    cancel: Cancel | None,
    vocabulary: Vocabulary,
) -> list[BatchResult]:
    """Index `work` into new segments, here or in workers; their skips and new words go to
    `report` and `vocabulary`, unless the run was cancelled."""
    from searchapp.core.engine.indexing import index_here, index_in_workers, worker_count

    report.workers = worker_count(len(work), sum(item.size for item in work))
    if report.workers > 1:
        results = index_in_workers(str(directory), work, rules, report.workers, progress, cancel)
    else:
        results = index_here(str(directory), work, rules, progress, cancel, vocabulary)
    report.cancelled = any(r.cancelled for r in results)
    if report.cancelled:
        return results
    if progress is not None:
        progress(len(work), len(work), "")
    # The shares of one large file each say why it was skipped: once is enough.
    report.skipped.extend(dict.fromkeys(s for r in results for s in r.skipped))
    for result in results:
        report.problems.extend(result.problems)
        for word, keys in result.words.items():
            vocabulary.entries.setdefault(word, keys)
    return results


def _commit(
    ix, results: list[BatchResult], deleted: list[str], fresh: bool, vocabulary: Vocabulary
) -> None:
    """One commit: the old versions of `deleted` out, late-dated articles and new segments in."""
    from searchapp.core.engine.writing import commit_writer, discard_segments

    segments = [segment for r in results for segment in r.segments]
    try:
        with commit_writer(ix) as writer:
            for key in deleted:
                writer.delete_by_term("path", key)
            with ix.searcher() as searcher:
                deferred = [article for r in results for article in r.deferred]
                references = [ref for r in results for ref in r.references]
                resolved = resolve_dates(
                    deferred, references, None if fresh else searcher, set(deleted)
                )
            for article, date in resolved:
                fields = document_fields(article, date)
                writer.add_document(**fields)
                vocabulary.add(fields["content"].positions)
            writer.add_segments(segments)
    except BaseException:
        discard_segments(ix, segments)
        raise
