"""Files read in a guarded child process: a hang, a crash or a memory hog costs one file."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from searchapp.core.reading import FileArticles, Rules, SkipFile, read_articles
from searchapp.core.reading.isolation import GuardedReader

# Readers for the child process: module level, so the spawned child can import them by name.


def hang_on_stuck(path: Path, rules: Rules) -> FileArticles:
    if "stuck" in path.name:
        time.sleep(600)
    return read_articles(path, rules)


def crash_on_bad(path: Path, rules: Rules) -> FileArticles:
    if "bad" in path.name:
        os.kill(os.getpid(), signal.SIGSEGV)
    return read_articles(path, rules)


def hog_on_big(path: Path, rules: Rules) -> FileArticles:
    if "big" in path.name:
        hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB, past any cap here
        return FileArticles([], [str(len(hoard))])
    return read_articles(path, rules)


def child_pid(path: Path, rules: Rules) -> FileArticles:
    return FileArticles([], [str(os.getpid())])


PAGE = "<html><head><title>Harbour reopens</title></head><body><p>{}</p></body></html>"


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, Path]:
    names = ("first.html", "stuck.html", "bad.html", "big.html", "after.html")
    paths = {}
    for name in names:
        paths[name] = tmp_path / name
        paths[name].write_text(PAGE.format("The harbour reopened after the storm. " * 20))
    return paths


def _titles(found: FileArticles) -> list[str]:
    return [article.title for article in found.articles]


def test_a_file_that_hangs_its_reader_is_skipped_and_the_next_one_read(pages, rules):
    with GuardedReader(rules, seconds=1.5, read_file=hang_on_stuck) as reader:
        assert _titles(reader.read(pages["first.html"])) == ["Harbour reopens"]
        started = time.monotonic()
        with pytest.raises(SkipFile, match="took longer than 1.5 s"):
            reader.read(pages["stuck.html"])
        assert time.monotonic() - started < 10
        assert _titles(reader.read(pages["after.html"])) == ["Harbour reopens"]


def test_a_reader_that_crashes_costs_only_its_file(pages, rules):
    with GuardedReader(rules, read_file=crash_on_bad) as reader:
        with pytest.raises(SkipFile, match="reader stopped"):
            reader.read(pages["bad.html"])
        assert _titles(reader.read(pages["after.html"])) == ["Harbour reopens"]


def test_a_reader_past_the_memory_cap_is_skipped(pages, rules):
    with GuardedReader(rules, memory_mb=768, read_file=hog_on_big) as reader:
        with pytest.raises(SkipFile, match="768 MB"):
            reader.read(pages["big.html"])
        assert _titles(reader.read(pages["after.html"])) == ["Harbour reopens"]


def test_web_pages_are_read_in_a_child_and_plain_text_here(tmp_path, rules):
    text = tmp_path / "note.txt"
    text.write_text("Harbour reopens\n\nThe harbour reopened after the storm.\n")
    with GuardedReader(rules, read_file=child_pid) as reader:
        page_reader = int(reader.read(tmp_path / "page.html").problems[0])
        assert page_reader != os.getpid()
        assert _titles(reader.read(text)) == ["Harbour reopens"]


def test_a_pdf_named_txt_is_not_read_in_this_process(tmp_path, rules):
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    with GuardedReader(rules, read_file=child_pid) as reader:
        assert int(reader.read(disguised).problems[0]) != os.getpid()


def test_cancel_stops_a_long_read(pages, rules):
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    with GuardedReader(rules, stopped=stop.is_set, read_file=hang_on_stuck) as reader:
        started = time.monotonic()
        with pytest.raises(SkipFile, match="cancelled"):
            reader.read(pages["stuck.html"])
        assert time.monotonic() - started < 5


def test_where_no_child_can_be_handed_pipes_pages_are_read_here(tmp_path, rules, monkeypatch):
    import searchapp.core.reading.isolation as isolation

    monkeypatch.setattr(isolation, "ISOLATED", False)
    with GuardedReader(rules, read_file=child_pid) as reader:
        assert int(reader.read(tmp_path / "page.html").problems[0]) == os.getpid()
