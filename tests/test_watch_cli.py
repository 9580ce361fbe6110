"""`searchapp watch`, run through its real entry point in a subprocess while files change."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from searchapp.core.library import Library

from .test_cli import SCRIPT, run

TIMEOUT_S = 10.0
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "searchapp"]


def article(keyword: str, number: int = 1) -> str:
    """A wire story as a reader saves it, with `keyword` in its text."""
    return (
        f"Title: Harbour board approves {keyword} berth plan ({number})\n"
        f"Date: 2024-03-{number % 28 + 1:02d}\n"
        "Source: Coastal Courier\n\n"
        f"The harbour board on Tuesday approved plan number {number} for the {keyword} berth, "
        "ending a year of talks with the ferry operators and the fishing cooperative. "
        f"Work on the quay wall is due to start in spring, the board's chair said, and the "
        f"{keyword} berth should take its first sailings within {number + 2} months.\n\n"
        "Residents near the north quay asked for the night work to be limited.\n"
    )


def hits(home: Path, query: str) -> int:
    """How many articles the index holds for `query` now, copies counted one by one."""
    return Library.open(home).search(query, limit=0, duplicates="show").total


def wait_until(condition: Callable[[], bool], timeout: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


class Watch:
    """A running `searchapp watch --json`, its output lines read as they come."""

    def __init__(self, home: Path) -> None:
        self.process = subprocess.Popen(
            [*COMMAND, "watch", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, SEARCHAPP_HOME=str(home)),
        )
        self.lines: queue.Queue[dict | None] = queue.Queue()
        self.seen: list[dict] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def next_line(self, wanted: Callable[[dict], bool], timeout: float = TIMEOUT_S) -> dict:
        """The next line that is `wanted`, waiting for it."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no such line from searchapp watch; it printed {self.seen}")
            assert line is not None, f"watch ended early: {self.process.stderr.read()}"
            self.seen.append(line)
            if wanted(line):
                return line

    def started(self) -> dict:
        """Wait until it watches; the catch-up batch that came before."""
        catch_up = self.next_line(lambda line: "batch" in line)
        self.next_line(lambda line: "watching" in line)
        return catch_up["batch"]

    def stop(self, number: int = signal.SIGTERM) -> tuple[int, list[dict]]:
        """Send `number`; the exit code and the lines printed after it."""
        self.process.send_signal(number)
        code = self.process.wait(timeout=TIMEOUT_S)
        rest = []
        while (line := self.lines.get(timeout=TIMEOUT_S)) is not None:
            rest.append(line)
        return code, rest

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.reader.join(TIMEOUT_S)
        for stream in (self.process.stdout, self.process.stderr):
            stream.close()


@pytest.fixture
def start_watch(private_home: Path) -> Iterator[Callable[[], Watch]]:
    """Start `searchapp watch --json` on the private home; killed when the test ends."""
    started: list[Watch] = []

    def start() -> Watch:
        watch = Watch(private_home)
        started.append(watch)
        return watch

    yield start
    for watch in started:
        watch.close()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_file_saved_while_watching_becomes_searchable_and_a_signal_stops_cleanly(
    number, private_home, write_archive, library_for, start_watch
):
    folder = write_archive({"board.txt": article("quayside")})
    library_for(folder)
    watch = start_watch()
    watch.started()
    new = folder / "marina.txt"
    new.write_text(article("marina"), encoding="utf-8")

    wait_until(lambda: hits(private_home, "marina") == 1)
    batch = watch.next_line(lambda line: "batch" in line)["batch"]
    assert batch["paths"] == [str(new)]
    assert (batch["added"], batch["updated"], batch["removed"], batch["documents"]) == (1, 0, 0, 2)
    code, rest = watch.stop(number)
    assert code == 0
    assert rest and rest[-1]["stopped"] is True
    assert "Traceback" not in watch.process.stderr.read()
    assert Library.open(private_home).watcher_process() is None


def test_a_folder_copied_in_while_watching_is_searchable_whole(
    private_home, write_archive, library_for, start_watch
):
    folder = write_archive({"board.txt": article("quayside")})
    library_for(folder)
    staged = write_archive({f"story{n}.txt": article("estuary", n) for n in range(3)})
    watch = start_watch()
    watch.started()
    shutil.copytree(staged, folder / "march")

    wait_until(lambda: hits(private_home, "estuary") == 3)
    assert hits(private_home, "") == 4


def test_a_batch_that_changes_nothing_still_counts_the_articles_in_the_index(
    private_home, write_archive, library_for, start_watch
):
    # A program's scratch file, written and deleted before the watcher looked at it.
    folder = write_archive({"board.txt": article("quayside"), "pier.txt": article("pier")})
    library_for(folder)
    watch = start_watch()
    watch.started()
    scratch = folder / "scratch.txt"
    scratch.write_text(article("draft"), encoding="utf-8")
    scratch.unlink()

    batch = watch.next_line(lambda line: "batch" in line)["batch"]
    assert batch["paths"] == [str(scratch)]
    assert (batch["added"], batch["removed"]) == (0, 0)
    assert batch["documents"] == hits(private_home, "") == 2


def test_a_killed_watcher_frees_the_library_and_the_next_one_catches_up(
    private_home, write_archive, library_for, start_watch
):
    folder = write_archive(
        {
            "kept.txt": article("lighthouse"),
            "edited.txt": article("dredging"),
            "dropped.txt": article("breakwater"),
        }
    )
    library_for(folder)
    first = start_watch()
    first.started()
    first.process.kill()
    first.process.wait()
    assert Library.open(private_home).watcher_process() is None

    (folder / "added.txt").write_text(article("slipway"), encoding="utf-8")
    edited = folder / "edited.txt"
    edited.write_text(article("pontoon", number=7), encoding="utf-8")
    os.utime(edited, (time.time() + 5, time.time() + 5))  # changed, whatever the clock's grain
    (folder / "dropped.txt").unlink()

    second = start_watch()
    catch_up = second.started()
    assert Library.open(private_home).watcher_process() == second.process.pid
    assert (catch_up["added"], catch_up["updated"], catch_up["removed"]) == (1, 1, 1)
    found = {
        word: hits(private_home, word)
        for word in ("lighthouse", "slipway", "pontoon", "dredging", "breakwater")
    }
    assert found == {"lighthouse": 1, "slipway": 1, "pontoon": 1, "dredging": 0, "breakwater": 0}
    assert hits(private_home, "") == 3


def test_a_second_watcher_is_refused_in_one_sentence_naming_the_first(
    private_home, write_archive, library_for, start_watch
):
    library_for(write_archive({"board.txt": article("quayside")}))
    first = start_watch()
    first.started()

    refused = run("watch", "--json", home=private_home, check_code=1)
    assert refused.stdout == ""
    lines = refused.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("searchapp: ") and f"process {first.process.pid}" in lines[0]
    assert first.process.poll() is None
    assert Library.open(private_home).watcher_process() == first.process.pid


def test_a_reindex_beside_a_busy_watcher_waits_its_turn_and_nothing_is_counted_twice(
    private_home, write_archive, library_for, start_watch
):
    folder = write_archive({"board.txt": article("quayside")})
    library_for(folder)
    watch = start_watch()
    watch.started()
    burst = folder / "burst"
    burst.mkdir()

    reindex = subprocess.Popen(
        [*COMMAND, "reindex", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, SEARCHAPP_HOME=str(private_home)),
    )
    for number in range(300):
        (burst / f"story{number:03d}.txt").write_text(article("tender", number), encoding="utf-8")
        time.sleep(0.005)  # a copy from a slow share: the reindex starts in the middle of it
    out, err = reindex.communicate(timeout=60)
    assert reindex.returncode == 0, err
    assert "Traceback" not in err
    assert f"Process {watch.process.pid} watches this library" in err

    by_reindex, by_watcher = json.loads(out)["added"], 0
    while by_reindex + by_watcher < 300:
        line = watch.next_line(lambda line: "batch" in line or "notice" in line)
        assert "notice" not in line, line["notice"]
        by_watcher += line["batch"]["added"]
    assert by_reindex + by_watcher == 300
    assert hits(private_home, "") == len(list(folder.rglob("*.txt"))) == 301
    assert hits(private_home, "tender") == 300
    assert watch.process.poll() is None
