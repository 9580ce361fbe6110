"""Bringing changes into the index: the files a sync found new or changed are read and indexed
into new segments (indexing.py, on as many processes as pay off), and one commit deletes the
old versions, adds the segments and swaps in the result; then the caches kept beside the index
(vocabulary, stories, file state) follow it.

syncing.py decides what to do without loading Whoosh; this module loads it to do it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index

from searchapp.core.engine.filestate import FileState, indexed_state, indexed_state_at
from searchapp.core.engine.indexing import (
    DEFERRED_PREFIX,
    Work,
    index_here,
    index_in_workers,
    worker_count,
)
from searchapp.core.engine.schema import build_schema, document_fields, stored_origin, stories_of
from searchapp.core.engine.store import VOCABULARY_FILE, IndexStore, damage_guard
from searchapp.core.engine.stories import STORIES_FILE, StoryTable
from searchapp.core.engine.vocabulary import Vocabulary
from searchapp.core.engine.writing import commit_writer, discard_segments
from searchapp.core.types import Cancel, IndexReport, Progress, display_path

if TYPE_CHECKING:
    from searchapp.core.engine.indexing import BatchResult
    from searchapp.core.reading import Article, Rules


@dataclass
class Plan:
    """What a sync found to do."""

    fresh: bool  # a new index, built beside the live one (or the first)
    work: list[Work]  # the files to read
    changed: list[str]  # their keys
    gone: list[str]  # the keys of indexed files no longer there
    compared: dict[str, tuple[int, int]]  # the indexed state the folders were compared with
    # The whole state before this update, for the one saved after it; None to save none (a
    # watcher's batch compared its own paths only, and no state was saved).
    before: dict[str, tuple[int, int]] | None


def update(
    store: IndexStore,
    plan: Plan,
    rules: Rules,
    report: IndexReport,
    progress: Progress | None,
    cancel: Cancel | None,
) -> None:
    """Carry out `plan` in one commit, and fill in `report`."""
    if plan.fresh:
        name, directory = store.new_generation()
        ix = whoosh_index.create_in(str(directory), build_schema())
    else:
        name, ix = store.open()
        directory = store.folder / name
    vocabulary = Vocabulary()
    if not plan.fresh:
        with damage_guard(), ix.reader() as reader:
            vocabulary = Vocabulary.of_index(directory / VOCABULARY_FILE, reader)
    for leftover in directory.glob(f"{DEFERRED_PREFIX}*"):  # of a reindex that crashed
        leftover.unlink(missing_ok=True)
    results = _read_files(directory, plan.work, rules, report, progress, cancel, vocabulary)
    if report.cancelled:
        discard_segments(ix, [segment for r in results for segment in r.segments])
        _discard_deferred(results)
        if plan.fresh:
            shutil.rmtree(directory, ignore_errors=True)
        return

    skipped = {display_path(s.path) for r in results for s in r.skipped}
    state = plan.compared
    replaced = set(plan.changed) | set(plan.gone)
    _commit(ix, results, [key for key in replaced if key in state], plan.fresh, vocabulary)
    report.added = sum(1 for key in plan.changed if key not in state and key not in skipped)
    report.updated = sum(1 for key in plan.changed if key in state and key not in skipped)
    report.removed = sum(1 for key in replaced if key in state) - report.updated
    vocabulary.generation = ix.latest_generation()
    vocabulary.save(directory / VOCABULARY_FILE)
    with damage_guard(), ix.reader() as reader:
        verdicts = StoryTable.verdicts_at(directory / STORIES_FILE)
        stories_of(reader, verdicts).save(directory / STORIES_FILE)
        if plan.before is not None:
            _state_after(reader, plan.before, replaced, plan.changed).save(directory)
    if plan.fresh:
        replaced_generation = store.current_name()
        store.activate(name)
        store.remove_stale_generations(keep=replaced_generation)
    report.documents = ix.doc_count()


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
    deferred: Iterable[Article],
    by_folder: dict[str, list[dt.date]],
    searcher,
    replaced: set[str],
) -> Iterator[tuple[Article, dt.date]]:
    """Give year-less datelines the year their folder's neighbours suggest.

    The neighbours are the folder's articles after this update: the dates read in this one
    (`by_folder`) and those of articles indexed before, so an incremental update dates a file
    as a full rebuild would.
    """
    from searchapp.core.reading.dates import date_among_neighbours, file_date

    from_index: dict[str, list[dt.date]] = {}
    for doc in deferred:
        folder = display_path(doc.path.parent)
        if searcher is not None and folder not in from_index:
            from_index[folder] = _folder_references(searcher, folder, replaced)
        neighbours = by_folder.get(folder, []) + from_index.get(folder, [])
        fallback = file_date(doc.mtime_ns / 1e9)
        month_day = doc.month_day or (fallback.month, fallback.day)
        date = date_among_neighbours(month_day, doc.year_hint, neighbours, fallback)
        yield doc, date


def _state_after(
    reader, before: dict[str, tuple[int, int]], replaced: set[str], changed: list[str]
) -> FileState:
    """The file state of the index `reader` reads, just committed: the state `before` the
    commit without the `replaced` files, and the `changed` ones read back from the index (a
    file that gave no article, or was skipped, is in neither); read whole when many changed."""
    if len(changed) * 4 > len(before):
        files = indexed_state(reader)
    else:
        files = {key: value for key, value in before.items() if key not in replaced}
        files.update(indexed_state_at(reader, changed))
    return FileState(reader.doc_count(), files)


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


def _discard_deferred(results: list[BatchResult]) -> None:
    for result in results:
        if result.deferred is not None:
            result.deferred.discard()


def _commit(
    ix, results: list[BatchResult], deleted: list[str], fresh: bool, vocabulary: Vocabulary
) -> None:
    """One commit: the old versions of `deleted` out, late-dated articles and new segments in."""
    segments = [segment for r in results for segment in r.segments]
    try:
        with commit_writer(ix) as writer:
            for key in deleted:
                writer.delete_by_term("path", key)
            references: dict[str, list[dt.date]] = defaultdict(list)
            for result in results:
                for folder, dates in result.references.items():
                    references[folder] += dates
            deferred = chain.from_iterable(r.deferred for r in results if r.deferred is not None)
            with ix.searcher() as searcher:
                # One article at a time from the files the batches kept them in.
                for article, date in resolve_dates(
                    deferred, references, None if fresh else searcher, set(deleted)
                ):
                    fields = document_fields(article, date)
                    writer.add_document(**fields)
                    vocabulary.add(fields["content"].positions)
            writer.add_segments(segments)
    except BaseException:
        discard_segments(ix, segments)
        raise
    finally:
        _discard_deferred(results)
