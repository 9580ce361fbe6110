"""The window's live library: files saved or deleted in its folders show in the results by
themselves, with one watcher a library (offscreen)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.shapes import HARBOUR_STORIES, Story
from tests.test_watch_cli import Watch

from .conftest import type_query

TIMEOUT_MS = 10_000
MARINA = Story(
    "Marina berths sold out for the summer",
    "The Harbour Gazette",
    "March 2, 2010 Tuesday",
    "Every berth at the new marina beside the ferry quay is let for the summer, its "
    "manager said, and a waiting list of forty yachts has opened.",
)


def saved(story: Story) -> str:
    """A story as a reader saves it from a web page: a few labelled lines, then the text."""
    return f"Title: {story.title}\nDate: {story.date}\nSource: {story.outlet}\n\n{story.body}\n"


@pytest.fixture
def harbour(write_archive, library_for):
    """A library of two stories on the harbour, indexed, and its folder."""
    strike, repairs = HARBOUR_STORIES[:2]
    folder = write_archive({"strike.txt": saved(strike), "repairs.txt": saved(repairs)})
    return library_for(folder), folder


def result_paths(window) -> set[str]:
    return {Path(hit.path).name for hit in window.result.hits}


def test_an_article_saved_into_the_folder_shows_without_a_key_press(qtbot, harbour, open_window):
    library, folder = harbour
    window = open_window(library)
    assert type_query(qtbot, window, "quay").total == 2

    with qtbot.waitSignal(
        window.resultsShown, timeout=TIMEOUT_MS, check_params_cb=lambda r: r.total == 3
    ):
        (folder / "marina.txt").write_text(saved(MARINA), encoding="utf-8")
    assert result_paths(window) == {"strike.txt", "repairs.txt", "marina.txt"}
    assert window.search_field.text() == "quay"
    assert window.statusBar().currentMessage() == "Index updated: 1 new"
    # The last update's report at the right says the same, not the catch-up's "0 added".
    assert window.reindexer.report_label.text().startswith("Index updated: 1 new at ")


def test_an_article_deleted_from_the_folder_leaves_the_results_by_itself(
    qtbot, harbour, open_window
):
    library, folder = harbour
    window = open_window(library)
    assert type_query(qtbot, window, "quay").total == 2

    with qtbot.waitSignal(
        window.resultsShown, timeout=TIMEOUT_MS, check_params_cb=lambda r: r.total == 1
    ):
        (folder / "repairs.txt").unlink()
    assert result_paths(window) == {"strike.txt"}
    assert window.statusBar().currentMessage() == "Index updated: 1 removed"


def test_closing_the_window_stops_its_watcher(qtbot, harbour, open_window):
    library, _folder = harbour
    window = open_window(library)
    assert library.watcher_process() == os.getpid()
    thread = window.live.watcher.thread

    window.close()
    assert library.watcher_process() is None
    assert not window.live.running and not thread.is_alive()


@pytest.fixture
def watched_elsewhere(harbour):
    """`searchapp watch` runs on the harbour library, watching it."""
    library, folder = harbour
    watch = Watch(library.home)
    try:
        watch.started()
        yield library, folder, watch
    finally:
        watch.close()


def test_a_window_leaves_the_watching_to_a_running_searchapp_watch(
    qtbot, watched_elsewhere, open_window
):
    library, _folder, watch = watched_elsewhere
    window = open_window(library)
    assert not window.live.running
    assert window.live.elsewhere == watch.process.pid
    assert library.watcher_process() == watch.process.pid


def test_a_window_shows_what_another_watcher_indexed(qtbot, watched_elsewhere, open_window):
    library, folder, watch = watched_elsewhere
    window = open_window(library)
    assert type_query(qtbot, window, "quay").total == 2

    # The window hears of it by looking at the index's version every few seconds.
    with qtbot.waitSignal(
        window.resultsShown, timeout=TIMEOUT_MS, check_params_cb=lambda r: r.total == 3
    ):
        (folder / "marina.txt").write_text(saved(MARINA), encoding="utf-8")
    assert result_paths(window) == {"strike.txt", "repairs.txt", "marina.txt"}
    assert watch.next_line(lambda line: "batch" in line)["batch"]["added"] == 1


def test_the_catch_up_on_start_waits_for_the_first_results(qtbot, harbour, open_window):
    library, folder = harbour
    (folder / "marina.txt").write_text(saved(MARINA), encoding="utf-8")  # while it was closed
    started = []
    window = open_window(library, wait=False)
    window.reindexer.runningChanged.connect(lambda on: on and started.append(window.result))
    with qtbot.waitSignal(window.reindexFinished, timeout=TIMEOUT_MS):
        pass
    # The first results (the two stories indexed before) were on screen when it began.
    assert started and started[0] is not None and started[0].total == 2
    qtbot.waitUntil(lambda: window.result.total == 3, timeout=TIMEOUT_MS)


def test_a_closed_runner_starts_no_task_and_delivers_no_result(qtbot):
    from searchapp.ui.workers import Task, TaskRunner

    runner = TaskRunner()
    delivered = []
    runner.start(Task(lambda: 1), delivered.append, delivered.append)
    assert runner.close(5_000)
    runner.start(Task(lambda: 2), delivered.append, delivered.append)
    assert runner.wait(5_000)
    qtbot.wait(50)  # a result queued for the event loop would arrive now
    assert delivered == [] and not runner.busy()
