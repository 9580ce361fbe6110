"""Reading files into new segments, in this process or, for large batches, in worker processes.

Each batch writes its own segments (closed when their postings fill SEGMENT_POSTINGS_MB, so
memory stays bounded) and leaves them out of the index's table of contents: the sync's one
commit adds them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from searchapp.core.engine.analysis import name_key, stem
from searchapp.core.engine.schema import document_fields
from searchapp.core.engine.vocabulary import Vocabulary
from searchapp.core.engine.writing import discard_segments, segment_writer
from searchapp.core.reading import Article, Rules, SkipFile
from searchapp.core.reading.isolation import GuardedReader, follow_parent
from searchapp.core.types import Cancel, Progress, Skipped, display_path

PARALLEL_MIN_FILES = 400  # fewer files are indexed in this process: starting workers costs more
PARALLEL_MIN_BYTES = 5_000_000  # unless they hold this much text: starting workers costs ~1 s
MAX_WORKERS = 4
SEGMENT_POSTINGS_MB = 96  # a worker starts a new segment when one holds this much
POLL_S = 0.1


@dataclass(frozen=True, slots=True)
class Work:
    """A file to index, or one worker's share of a large file's articles: those whose place in
    the file, counted from 0, is `share` modulo `shares`. The path is kept as text (a Path is
    made when the file is read): a million of them go to the workers."""

    path: str
    size: int = 0
    share: int = 0
    shares: int = 1


DEFERRED_PREFIX = "deferred-"  # files of articles whose date waits for the commit


class Deferred:
    """The articles of one batch whose date waits for the commit (year-less datelines, dated
    by their folder's neighbours), kept in a file beside the index's segments, not in memory:
    one archive in twenty is such articles, and they wait, text and all, until every file has
    been read. Picklable to send back from a worker (the file stays where it is)."""

    def __init__(self, index_dir: str) -> None:
        self.path = os.path.join(index_dir, f"{DEFERRED_PREFIX}{os.getpid()}-{id(self)}.pickle")
        self.count = 0
        self._handle = None

    def add(self, article: Article) -> None:
        if self._handle is None:
            self._handle = open(self.path, "wb")  # noqa: SIM115 (closed by close())
        pickle.dump(article, self._handle, pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __iter__(self) -> Iterator[Article]:
        if not self.count:
            return
        with open(self.path, "rb") as handle:
            for _ in range(self.count):
                yield pickle.load(handle)

    def discard(self) -> None:
        self.close()
        with contextlib.suppress(OSError):
            os.remove(self.path)

    def __getstate__(self) -> dict:
        self.close()
        return {"path": self.path, "count": self.count, "_handle": None}


@dataclass
class BatchResult:
    """What indexing one share of the files produced."""

    segments: list = field(default_factory=list)  # Whoosh segments, not yet in the index's TOC
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Skipped] = field(default_factory=list)  # files read only in part, and why
    deferred: Deferred | None = None  # year-less datelines, for the commit
    # The dates read (not guessed) by folder, one date object for each day: a million
    # articles' references were a million (folder, date) pairs in memory and in the pickle.
    references: dict[str, list[dt.date]] = field(default_factory=dict)
    words: dict[str, tuple[str, str]] = field(default_factory=dict)  # new word -> (stem, key)
    cancelled: bool = False


def index_files(
    index_dir: str,
    work: list[Work],
    rules: Rules,
    on_file: Callable[[Path], None],
    stopped: Callable[[], bool],
    known_word: Callable[[str], bool] = lambda word: False,
) -> BatchResult:
    """Read the files of `work` and write their articles into new segments of the index in
    `index_dir`. A file's first share reports its problems, and `on_file` hears of it once.

    A segment is closed when its postings fill SEGMENT_POSTINGS_MB, so memory stays bounded
    however many files there are.
    """
    ix = whoosh_index.open_dir(index_dir)
    writer = segment_writer(ix)
    result = BatchResult(deferred=Deferred(index_dir))
    reader = GuardedReader(rules, stopped)
    days: dict[dt.date, dt.date] = {}
    try:
        for item in work:
            if stopped():
                result.cancelled = True
                break
            path, first = Path(item.path), item.share == 0
            if first:
                on_file(path)
            try:
                found = reader.read(path)
            except SkipFile as skip:  # (every share says so: a time limit may strike one alone)
                result.skipped.append(Skipped(path, skip.reason))
                continue
            except Exception as exc:  # one file that defeats a reader never stops a reindex
                result.skipped.append(Skipped(path, f"cannot be read ({type(exc).__name__})"))
                continue
            if first:
                result.problems.extend(Skipped(path, problem) for problem in found.problems)
            for article in found.articles[item.share :: item.shares]:
                if article.date is None:
                    result.deferred.add(article)
                    continue
                if not article.date_origin.guessed:
                    folder = result.references.setdefault(display_path(article.path.parent), [])
                    folder.append(days.setdefault(article.date, article.date))
                fields = document_fields(article, article.date)
                writer.add_document(**fields)
                for word in fields["content"].positions:
                    if word not in result.words and not known_word(word):
                        result.words[word] = (stem(word), name_key(word))
            if writer.pool.nbytes >= SEGMENT_POSTINGS_MB * 1024 * 1024:
                result.segments.append(writer._finalize_segment())
                writer = segment_writer(ix)
    except BaseException:
        writer.cancel()
        discard_segments(ix, result.segments)
        result.deferred.discard()
        raise
    finally:
        reader.close()
        result.deferred.close()
    if result.cancelled or not writer._added:
        writer.cancel()
    else:
        result.segments.append(writer._finalize_segment())
    return result


# Worker processes

_shared_done = None
_shared_stop = None


def _start_worker(done, stop) -> None:
    """Runs first in each worker process: shared counters, and die with the parent."""
    global _shared_done, _shared_stop
    _shared_done, _shared_stop = done, stop
    follow_parent()


def _count_file(_path: Path) -> None:
    with _shared_done.get_lock():
        _shared_done.value += 1


def _worker_batch(index_dir: str, work: list[Work], rules: Rules) -> BatchResult:
    return index_files(index_dir, work, rules, _count_file, _shared_stop.is_set)


def worker_count(files: int, size: int = 0) -> int:
    """How many processes to index `files` files of `size` bytes in all with."""
    if files < PARALLEL_MIN_FILES and size < PARALLEL_MIN_BYTES:
        return 1
    enough = max(files // (PARALLEL_MIN_FILES // 2), size // (PARALLEL_MIN_BYTES // 2))
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, enough))


def shares(work: list[Work], workers: int) -> list[list[Work]]:
    """`work` in `workers` shares of about equal size, largest files first; a file larger than
    half a fair share is read by every worker, each indexing its own part of its articles."""
    batches: list[list[Work]] = [[] for _ in range(workers)]
    loads = [0.0] * workers
    fair = sum(item.size for item in work) / workers
    for item in sorted(work, key=lambda item: -item.size):
        if workers > 1 and item.size > fair / 2:
            for k in range(workers):
                batches[k].append(dataclasses.replace(item, share=k, shares=workers))
                loads[k] += item.size / workers
        else:
            lightest = loads.index(min(loads))
            batches[lightest].append(item)
            loads[lightest] += item.size
    return batches


def index_in_workers(
    index_dir: str,
    work: list[Work],
    rules: Rules,
    workers: int,
    progress: Progress | None,
    cancel: Cancel | None,
) -> list[BatchResult]:
    """Index `work` in `workers` processes, a share each; progress and cancel are polled here."""
    # Spawned, not forked: the window's threads must not be copied into the workers.
    context = multiprocessing.get_context("spawn")
    done = context.Value("q", 0)
    stop = context.Event()
    files = len(work)
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(done, stop)
    ) as pool:
        futures = [
            pool.submit(_worker_batch, index_dir, share, rules) for share in shares(work, workers)
        ]
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
                    progress(min(done.value, files), files, "")
        except BaseException:
            stop.set()
            raise
        results = []
        for future in futures:
            results.append(future.result())  # re-raises a worker's error here
    return results


def index_here(
    index_dir: str,
    work: list[Work],
    rules: Rules,
    progress: Progress | None,
    cancel: Cancel | None,
    vocabulary: Vocabulary,
) -> list[BatchResult]:
    """Index `work` in this process; words the vocabulary knows are not looked up again."""
    count = iter(range(len(work) + 1))

    def on_file(path: Path) -> None:
        if progress is not None:
            progress(next(count), len(work), display_path(path))

    stopped = (lambda: False) if cancel is None else cancel
    return [index_files(index_dir, work, rules, on_file, stopped, vocabulary.__contains__)]
