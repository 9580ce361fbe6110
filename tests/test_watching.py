"""A live library: folders watched, changed files in the index within seconds, by batches.

These run a real watcher on real folders (inotify here), with its timings as they ship, and wait
for what a user waits for: the article found, or gone.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from searchapp.core.errors import AlreadyWatched
from searchapp.core.library import Library
from searchapp.core.types import IndexReport, WatchBatch
from searchapp.core.watching import WATCHER_FILE, Watcher
from tests.conftest import lock_held_elsewhere

WAIT_S = 10.0


def article(title: str, word: str, place: str = "LISBON") -> str:
    return (
        f"{title}\n\n{place}, March 3 (Reuters) - The harbour board met on Tuesday and spoke of "
        f"the {word} plan, which the council will weigh next month before the summer season.\n"
    )


def found(library: Library, query: str) -> list[str]:
    """The paths of every article `query` finds, copies of one story included (the articles
    written here are alike)."""
    return [hit.path for hit in library.search(query, limit=0, duplicates="show").hits]


def wait_until(
    condition: Callable[[], object], timeout: float = WAIT_S, why: Callable[[], str] = str
) -> float:
    """Seconds until `condition` held; fails the test after `timeout`, saying `why()`."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"not within {timeout:.0f} s {why()}")
        time.sleep(0.05)
    return time.monotonic() - started


class Recorder:
    """What a watcher told: its batches and its notices."""

    def __init__(self) -> None:
        self.batches: list[WatchBatch] = []
        self.notices: list[str] = []

    def paths(self) -> list[Path]:
        return [path for batch in self.batches for path in batch.paths]


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "clippings", tmp_path / "exports"
    first.mkdir()
    second.mkdir()
    (first / "old.txt").write_text(article("Harbour board meets", "dredging"), encoding="utf-8")
    return first, second


@pytest.fixture
def live(library_for, folders) -> Iterator[tuple[Library, Watcher, Recorder]]:
    library = library_for(*folders)
    told = Recorder()
    watcher = library.watcher(told.batches.append, told.notices.append)
    watcher.start()
    yield library, watcher, told
    watcher.stop()


def test_a_new_file_is_searchable_within_seconds(live, folders):
    library, _watcher, told = live
    path = folders[0] / "new.txt"
    path.write_text(article("Ferry timetable", "zeppelin"), encoding="utf-8")
    wait_until(lambda: found(library, "zeppelin") == [str(path)])
    wait_until(lambda: told.batches)  # told just after the commit that made it searchable
    assert told.batches[-1].report.added == 1


def test_a_changed_file_is_read_again_and_its_old_words_leave(live, folders):
    library, _watcher, _told = live
    path = folders[0] / "old.txt"
    path.write_text(article("Harbour board meets", "hovercraft"), encoding="utf-8")
    wait_until(lambda: found(library, "hovercraft") == [str(path)])
    assert found(library, "dredging") == []


def test_a_deleted_file_leaves_the_index(live, folders):
    library, _watcher, _told = live
    (folders[0] / "old.txt").unlink()
    wait_until(lambda: found(library, "dredging") == [])
    assert library.search("", limit=0).total == 0


def test_a_renamed_file_is_found_under_its_new_name_only(live, folders):
    library, _watcher, _told = live
    old, new = folders[0] / "old.txt", folders[0] / "renamed.txt"
    old.rename(new)
    wait_until(lambda: found(library, "dredging") == [str(new)])


def test_a_file_moved_between_folders_keeps_its_tags_and_note(live, folders):
    library, _watcher, _told = live
    old, new = folders[0] / "old.txt", folders[1] / "sub" / "moved.txt"
    library.tag(str(old), "to check")
    library.note(str(old), "ask the harbour board")
    new.parent.mkdir()
    old.rename(new)
    wait_until(lambda: found(library, "dredging") == [str(new)])
    review = library.review(str(new))
    assert review.tags == ("to check",) and review.note == "ask the harbour board"
    assert found(library, 'tag:"to check"') == [str(new)]


def test_a_folder_moved_in_brings_its_files_and_one_moved_out_takes_them(live, folders, tmp_path):
    library, _watcher, _told = live
    outside = tmp_path / "downloads" / "batch"
    outside.mkdir(parents=True)
    for number in range(3):
        (outside / f"{number}.txt").write_text(article(f"Item {number}", "catamaran"), "utf-8")
    moved = folders[1] / "batch"
    outside.rename(moved)
    wait_until(lambda: len(found(library, "catamaran")) == 3)
    moved.rename(tmp_path / "downloads" / "back")
    wait_until(lambda: found(library, "catamaran") == [])


def test_a_burst_of_files_is_indexed_in_a_few_batches(live, folders):
    library, _watcher, told = live
    for number in range(400):
        path = folders[1] / f"wire-{number:03}.txt"
        path.write_text(article(f"Wire item {number}", "gondola"), encoding="utf-8")
    wait_until(
        lambda: len(found(library, "gondola")) == 400,
        timeout=30,
        why=lambda: (
            f"{len(found(library, 'gondola'))} found; {told.notices}; "
            f"{[(len(b.paths), b.report.added, b.report.skipped[:2]) for b in told.batches]}"
        ),
    )
    wait_until(lambda: sum(batch.report.added for batch in told.batches) == 400)
    assert 1 <= len(told.batches) <= 20


def test_a_file_written_slowly_is_read_once_when_complete(live, folders):
    library, _watcher, told = live
    path = folders[0] / "slow.txt"
    text = article("Tug crews vote", "trawler")
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(0, len(text), 40):
            handle.write(text[number : number + 40])
            handle.flush()
            time.sleep(0.25)  # a download arriving: changes a quarter second apart for 3 s
    wait_until(lambda: found(library, "trawler") == [str(path)])
    time.sleep(1.0)  # any later batch for the file would have come by now
    assert told.paths().count(path) == 1
    assert found(library, "summer season") and str(path) in found(library, "summer season")


def test_files_with_other_endings_are_not_batched(live, folders):
    library, _watcher, told = live
    (folders[0] / "draft.part").write_text("half a download", encoding="utf-8")
    (folders[0] / "new.txt").write_text(article("Pilot boat", "schooner"), encoding="utf-8")
    wait_until(lambda: found(library, "schooner"))
    wait_until(lambda: folders[0] / "new.txt" in told.paths())
    assert folders[0] / "draft.part" not in told.paths()


def test_the_watcher_takes_the_endings_the_folder_walk_takes(folders):
    # Names where a path's suffix and the walk's rule (os.path.splitext) disagree: a name of
    # dots and an ending is no article to the walk, so no batch waits for it either.
    from types import SimpleNamespace

    from searchapp.core.reading.folders import wanted

    watcher = Watcher([folders[0]], frozenset({".txt", ".html"}), update=lambda paths: None)
    names = ["notes.TXT", "..txt", ".txt", "page.html.part", "a.b.html", "...html", "README"]
    for name in names:
        event = SimpleNamespace(
            src_path=str(folders[0] / name), is_directory=False, event_type="closed"
        )
        watcher.saw(event)
    waiting = {path.name for path in watcher.pending}
    assert waiting == {name for name in names if wanted(name, watcher.extensions)}
    assert waiting == {"notes.TXT", "a.b.html"}


def test_a_batch_waits_while_another_process_writes_the_index(library_for, folders):
    library = library_for(*folders)
    told = Recorder()
    watcher = library.watcher(told.batches.append, told.notices.append)
    watcher.retry_s = 0.3
    watcher.start()
    try:
        with lock_held_elsewhere(library.store.folder / "write.lock"):
            (folders[0] / "new.txt").write_text(article("Lock", "kayak"), encoding="utf-8")
            time.sleep(1.0)
            assert found(library, "kayak") == []  # the writer elsewhere still holds the lock
        wait_until(lambda: found(library, "kayak"), timeout=20)
    finally:
        watcher.stop()


class LimitedObserver:
    """An observer on a system whose watch limit is reached: every schedule fails as inotify
    does."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def join(self, timeout: float | None = None) -> None: ...

    def schedule(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "inotify watch limit reached")


def test_past_the_watch_limit_folders_are_polled_and_the_user_told_once(library_for, folders):
    library = library_for(*folders)
    told = Recorder()
    watcher = Watcher(
        library.folders,
        library.rules.extensions,
        library.update,
        told.batches.append,
        told.notices.append,
        observer_factory=LimitedObserver,
    )
    watcher.poll_s = 0.5
    watcher.start()
    try:
        (folders[0] / "new.txt").write_text(article("Polled", "lighthouse"), encoding="utf-8")
        wait_until(lambda: found(library, "lighthouse"))
        time.sleep(1.2)  # two more polls
    finally:
        watcher.stop()
    assert watcher.polled == list(folders)
    limits = [text for text in told.notices if "limit" in text]
    assert len(limits) == 2  # once for each folder, not once a poll
    assert all("max_user_watches" in text for text in limits)


def test_a_folder_that_disappears_keeps_its_articles_and_is_watched_when_back(
    library_for, folders, tmp_path
):
    library = library_for(*folders)
    told = Recorder()
    watcher = library.watcher(told.batches.append, told.notices.append)
    watcher.health_s = 0.2
    watcher.start()
    away = tmp_path / "unplugged"
    try:
        folders[0].rename(away)  # the drive is unplugged
        wait_until(lambda: any("not reachable" in text for text in told.notices))
        time.sleep(0.5)
        assert found(library, "dredging") == [str(folders[0] / "old.txt")]
        (away / "written-elsewhere.txt").write_text(article("Away", "pontoon"), "utf-8")
        away.rename(folders[0])  # plugged in again, with a file written on another machine
        wait_until(lambda: found(library, "pontoon"))
        assert any("is back" in text for text in told.notices)
        (folders[0] / "after.txt").write_text(article("After", "marina"), encoding="utf-8")
        wait_until(lambda: found(library, "marina"))  # watched again, not only scanned once
    finally:
        watcher.stop()


def test_a_failing_batch_is_told_and_the_watcher_goes_on(folders):
    calls: list[list[Path]] = []

    def update(paths: list[Path]) -> IndexReport:
        calls.append(paths)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return IndexReport(added=1)

    told = Recorder()
    watcher = Watcher(list(folders), frozenset({".txt"}), update, told.batches.append)
    watcher.on_notice = told.notices.append
    watcher.start()
    try:
        (folders[0] / "first.txt").write_text("one", encoding="utf-8")
        wait_until(lambda: calls)
        (folders[0] / "second.txt").write_text("two", encoding="utf-8")
        wait_until(lambda: told.batches)
    finally:
        watcher.stop()
    assert any("disk full" in text for text in told.notices)
    assert told.batches[0].paths == [folders[0] / "second.txt"]


def test_one_watcher_a_library(library_for, folders):
    library = library_for(*folders)
    assert library.watcher_process() is None
    with library.watching():
        assert library.watcher_process() == os.getpid()
        assert (library.home / WATCHER_FILE).read_text().strip() == str(os.getpid())
        other = Library.open(library.home)
        with pytest.raises(AlreadyWatched) as refused, other.watching():
            pass
        assert str(os.getpid()) in str(refused.value)
    assert library.watcher_process() is None


def test_stopping_waits_for_the_batch_being_written(folders):
    entered, release = threading.Event(), threading.Event()
    done: list[bool] = []

    def update(paths: list[Path]) -> IndexReport:
        entered.set()
        release.wait(5)
        done.append(True)
        return IndexReport()

    watcher = Watcher(list(folders), frozenset({".txt"}), update)
    watcher.start()
    (folders[0] / "new.txt").write_text("text", encoding="utf-8")
    assert entered.wait(WAIT_S)
    threading.Timer(0.3, release.set).start()
    watcher.stop()
    assert done == [True]


# Library.update: the targeted reindex a watcher's batch runs


def test_update_looks_only_at_the_paths_given(library_for, folders):
    library = library_for(*folders)
    untouched = folders[1] / "not-yet.txt"
    untouched.write_text(article("Unseen", "sextant"), encoding="utf-8")
    (folders[0] / "seen.txt").write_text(article("Seen", "astrolabe"), encoding="utf-8")
    report = library.update([folders[0] / "seen.txt"])
    assert (report.added, report.updated, report.removed) == (1, 0, 0)
    assert found(library, "astrolabe") and not found(library, "sextant")
    assert library.reindex().added == 1  # the full look finds what update was not told of


def test_update_of_a_gone_folder_removes_its_articles_but_an_unreachable_root_keeps_them(
    library_for, folders, tmp_path
):
    sub = folders[1] / "2024" / "march"
    sub.mkdir(parents=True)
    (sub / "a.txt").write_text(article("A", "binnacle"), encoding="utf-8")
    library = library_for(*folders)
    (sub / "a.txt").unlink()
    sub.rmdir()
    assert library.update([sub]).removed == 1
    folders[0].rename(tmp_path / "unplugged")
    assert library.update([folders[0], folders[0] / "old.txt"]).removed == 0
    assert found(library, "dredging")


def test_update_passes_over_paths_outside_the_library(library_for, folders, tmp_path):
    library = library_for(*folders)
    stray = tmp_path / "elsewhere.txt"
    stray.write_text(article("Stray", "capstan"), encoding="utf-8")
    assert library.update([stray]).added == 0
    assert not found(library, "capstan")
