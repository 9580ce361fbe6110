"""Faults on purpose: bad files, kills mid-reindex, concurrent writers, damaged index files."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from searchapp.core.errors import IndexDamaged, IndexLocked
from searchapp.core.library import Library
from searchapp.core.types import display_path
from tests.shapes import Story, nexis_classic

SOAK_KILLS = int(os.environ.get("SEARCHAPP_SOAK_KILLS", "25"))


def article(word: str) -> str:
    return f"Title: Note about {word}\nDate: 2022-03-01\nSource: Wire\n\nThe {word} story.\n"


def cli(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, SEARCHAPP_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "searchapp", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def library_on(home: Path, *folders: Path) -> Library:
    library = Library.open(home)
    for folder in library.folders:
        library.remove_folder(folder)
    for folder in folders:
        library.add_folder(folder)
    return library


def index_contents(library: Library) -> dict[str, tuple]:
    """Every indexed article with the metadata a user sees."""
    return {
        hit.id: (hit.title, hit.date, hit.date_origin, hit.source)
        for hit in library.search("", limit=0, duplicates="show").hits
    }


# Bad files


def build_bad_archive(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """An archive of good articles mixed with every kind of bad entry.

    Returns {good file name: a word only it holds} and {bad entry name: a word its reason has}.
    """
    root.mkdir()
    good: dict[str, str] = {}

    def put(name: str | bytes, data: bytes, word: str | None = None) -> None:
        path = os.path.join(os.fsencode(root), os.fsencode(name))
        with open(path, "wb") as handle:
            handle.write(data)
        if word:
            good[os.fsdecode(name)] = word

    for number in range(8):
        put(f"good{number}.txt", article(f"quokka{number}").encode(), f"quokka{number}")
    put("utf16.txt", "\ufeffTitle: Wide\n\nThe wombat sleeps.".encode("utf-16-le"), "wombat")
    put(
        "latin1.txt",
        "Title: Caf\xe9\n\nThe numbat naps in the caf\xe9.".encode("latin-1"),
        "numbat",
    )
    put("crlf.txt", b"Title: Windows\r\n\r\nThe bilby digs.\r\n", "bilby")
    put(
        "broken.html",
        b"<html><head><title>Half</title><body><p>The dingo <b>runs<div><p>far",
        "dingo",
    )
    put("with space.txt", article("echidna").encode(), "echidna")
    put(b"caf\xe9 bytes.txt", article("platypus").encode(), "platypus")
    put("line\nbreak.txt", article("wallaby").encode(), "wallaby")
    deep = root
    for level in range(40):
        deep = deep / f"level{level}"
    deep.mkdir(parents=True)
    (deep / "bottom.txt").write_text(article("possum"), encoding="utf-8")
    good["bottom.txt"] = "possum"

    bad: dict[str, str] = {}
    put("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    bad["photo.txt"] = "binary"
    with open(root / "huge.txt", "wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    bad["huge.txt"] = "larger than"
    put("empty.txt", b"")
    bad["empty.txt"] = "empty"
    os.mkfifo(root / "pipe.txt")
    bad["pipe.txt"] = "not a regular file"
    os.symlink(root / "nowhere.txt", root / "dangling.txt")
    bad["dangling.txt"] = "broken"
    os.symlink(root / "loop2.txt", root / "loop1.txt")
    os.symlink(root / "loop1.txt", root / "loop2.txt")
    bad["loop1.txt"] = "loop"
    bad["loop2.txt"] = "loop"
    os.symlink(root, root / "level0" / "back")
    bad["back"] = "loop"
    return good, bad


def test_bad_files_are_reported_and_good_ones_found(tmp_path):
    good, bad = build_bad_archive(tmp_path / "archive")
    library = library_on(tmp_path / "home", tmp_path / "archive")
    started = time.monotonic()
    report = library.reindex()
    assert time.monotonic() - started < 60
    for name, word in good.items():
        hits = library.search(word).hits
        assert [Path(hit.path).name for hit in hits] == [display_path(name)], word
    reasons = {Path(skip.path).name: skip.reason for skip in report.skipped}
    for name, word in bad.items():
        assert word in reasons.get(name, ""), (name, reasons)
    assert report.documents == len(good)
    # Printing every path is safe: the report is plain UTF-8 text.
    for item in report.to_json()["skipped"]:
        item["path"].encode("utf-8")
    done = cli(tmp_path / "home", "reindex", "--full")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "line\\x0abreak" in cli(tmp_path / "home", "search", "wallaby").stdout


# The user's files are never changed


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    state = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            if (
                os.path.isfile(path)
                and not os.path.islink(path)
                and os.path.getsize(path) < 1 << 20
            ):
                with open(path, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
                state[path] = (digest, os.stat(path).st_mtime_ns)
    return state


def test_nothing_in_the_users_folders_changes(tmp_path):
    good, _ = build_bad_archive(tmp_path / "archive")
    before = snapshot(tmp_path / "archive")
    library = library_on(tmp_path / "home", tmp_path / "archive")
    library.reindex()
    library.reindex(full=True)
    for word in good.values():
        for hit in library.search(word).hits:
            assert library.document(hit.path, word) is not None
    cli(tmp_path / "home", "search", "quokka1")
    cli(tmp_path / "home", "reindex")
    assert snapshot(tmp_path / "archive") == before


# Crashes


def make_notes(folder: Path, count: int, seed: int, exports: int = 0) -> None:
    """`count` one-article notes, and `exports` news-database exports of many articles each."""
    rng = random.Random(seed)
    folder.mkdir(exist_ok=True)
    for number in range(count):
        words = " ".join(
            rng.choice(["harbour", "rail", "ferry", "strike", "fare", "tide"]) for _ in range(60)
        )
        source = rng.choice(["Wire", "Gazette", "Courier"])
        text = (
            f"Title: Note {number}\nDate: 2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
        )
        text += f"Source: {source}\n\nItem{number} {words}.\n"
        (folder / f"note{number:04d}.txt").write_text(text, encoding="utf-8")
    for number in range(exports):
        # In a folder of their own, so that change_notes passes them by.
        (folder / "exports").mkdir(exist_ok=True)
        stories = [
            Story(f"Export {number} story {part}", source, f"March {part + 1}, 2011", f"{words}.")
            for part in range(rng.randint(2, 12))
        ]
        text = nexis_classic(stories)
        (folder / "exports" / f"export{seed}-{number}.TXT").write_text(text, encoding="utf-8")


def change_notes(folder: Path, seed: int) -> None:
    rng = random.Random(seed)
    notes = sorted(folder.rglob("*.txt"))
    for path in rng.sample(notes, 20):
        path.unlink()
    for path in rng.sample(sorted(folder.rglob("*.txt")), 20):
        path.write_text(path.read_text(encoding="utf-8") + f"\nRevised {seed}.\n", encoding="utf-8")
        os.utime(path, (time.time() + 10, time.time() + 10))
    make_notes(folder / f"batch{seed}", 40, seed, exports=1)


def reference_contents(tmp_path: Path, folder: Path) -> dict[str, tuple]:
    reference = library_on(tmp_path / f"reference-{time.monotonic_ns()}", folder)
    reference.reindex(full=True)
    return index_contents(reference)


def kill_during_reindex(home: Path, args: list[str], delay: float) -> bool:
    """Start a reindex and SIGKILL it after `delay` seconds; whether it was still running."""
    env = dict(os.environ, SEARCHAPP_HOME=str(home))
    process = subprocess.Popen(
        [sys.executable, "-m", "searchapp", "reindex", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    return process.wait() == -signal.SIGKILL


def check_kills(tmp_path: Path, rounds: int, seed: int) -> None:
    rng = random.Random(seed)
    folder = tmp_path / "notes"
    make_notes(folder, 250, seed, exports=10)
    home = tmp_path / "home"
    library_on(home, folder).reindex()
    # How long whole runs take, Python's start included: the kills fall within them.
    durations = {}
    for args in ([], ["--full"]):
        change_notes(folder, seed * 1000 - len(args))
        started = time.monotonic()
        assert cli(home, "reindex", *args).returncode == 0
        durations[bool(args)] = time.monotonic() - started
    interrupted = 0
    for round_number in range(rounds):
        change_notes(folder, seed * 1000 + round_number)
        args = ["--full"] if rng.random() < 0.4 else []
        delay = rng.uniform(0.0, durations[bool(args)])
        interrupted += kill_during_reindex(home, args, delay)
        survivor = Library.open(home)
        result = survivor.search("harbour")  # the index opens and answers after the kill
        assert result.total >= 0
        report = survivor.reindex()
        assert not report.cancelled
        assert index_contents(Library.open(home)) == reference_contents(tmp_path, folder)
    print(f"{rounds} kills, {interrupted} while the reindex ran")
    # Most kills must land while the reindex runs, or the test proves little.
    assert interrupted >= rounds // 2


def test_kill_at_random_moments_loses_nothing(tmp_path):
    check_kills(tmp_path, rounds=4, seed=11)


@pytest.mark.slow
def test_kill_soak(tmp_path):
    check_kills(tmp_path, rounds=SOAK_KILLS, seed=29)


def test_a_killed_writers_lock_files_do_not_block(tmp_path):
    folder = tmp_path / "notes"
    make_notes(folder, 30, 3)
    home = tmp_path / "home"
    library_on(home, folder).reindex()
    # Whoosh's lock file and ours stay on disk after a kill; the OS freed their locks.
    live = home / "index" / (home / "index" / "CURRENT").read_text().strip()
    (live / "MAIN_WRITELOCK").touch()
    (home / "index" / "write.lock").touch()
    started = time.monotonic()
    assert Library.open(home).reindex(full=True).documents == 30
    assert time.monotonic() - started < 10


# Concurrency


def test_two_reindexes_at_once_end_right(tmp_path):
    folder = tmp_path / "notes"
    make_notes(folder, 200, 5)
    home = tmp_path / "home"
    library_on(home, folder).reindex()
    change_notes(folder, 77)
    env = dict(os.environ, SEARCHAPP_HOME=str(home))
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "searchapp", "reindex", *extra],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for extra in ([], ["--full"])
    ]
    outcomes = [(run.wait(120), run.stderr.read()) for run in runs]
    assert all(code in (0, 2) for code, _ in outcomes) and any(code == 0 for code, _ in outcomes)
    for code, stderr in outcomes:
        assert "Traceback" not in stderr
        if code == 2:
            assert "another searchapp process" in stderr
    assert index_contents(Library.open(home)) == reference_contents(tmp_path, folder)


def test_searches_during_a_reindex_succeed(tmp_path):
    folder = tmp_path / "notes"
    make_notes(folder, 150, 8)
    home = tmp_path / "home"
    library = library_on(home, folder)
    library.reindex()
    before = library.search("").total
    make_notes(folder / "more", 150, 9)
    errors: list[BaseException] = []

    def rebuild() -> None:
        try:
            Library.open(home).reindex(full=True)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    writer = threading.Thread(target=rebuild)
    writer.start()
    totals = []
    while writer.is_alive():
        totals.append(library.search("").total)
        assert library.search("harbour").total >= 0
    writer.join()
    assert errors == []
    totals.append(library.search("").total)
    assert set(totals) <= {before, before + 150} and totals[-1] == before + 150


def test_a_second_writer_in_process_waits_for_the_first(tmp_path):
    folder = tmp_path / "notes"
    make_notes(folder, 10, 1)
    library = library_on(tmp_path / "home", folder)
    library.reindex()
    with (
        library.store.write_lock(),
        pytest.raises(IndexLocked),
        library.store.write_lock(timeout=0.3),
    ):
        pass


# Damaged index


def damage(home: Path, how: str) -> None:
    live = home / "index" / (home / "index" / "CURRENT").read_text().strip()
    target = max(
        (p for p in live.iterdir() if p.suffix in (".pst", ".trm")), key=lambda p: p.stat().st_size
    )
    if how == "truncate":
        with open(target, "r+b") as handle:
            handle.truncate(target.stat().st_size // 3)
    elif how == "delete":
        target.unlink()
    else:
        for toc in live.glob("*.toc"):
            toc.write_bytes(b"garbage")


@pytest.mark.parametrize("how", ["truncate", "delete", "toc"])
def test_a_damaged_index_is_reported_and_a_full_reindex_recovers(tmp_path, how):
    folder = tmp_path / "notes"
    make_notes(folder, 60, 4)
    home = tmp_path / "home"
    library = library_on(home, folder)
    library.reindex()
    expected = index_contents(library)
    damage(home, how)
    broken = Library.open(home)
    with pytest.raises(IndexDamaged):
        for word in ("harbour", "rail", "tide", "item7", ""):
            broken.search(word, limit=0)
    for args in (["search", "harbour"], ["reindex"], ["status"]):
        done = cli(home, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert "reindex --full" in done.stderr and "Traceback" not in done.stderr
    assert cli(home, "reindex", "--full").returncode == 0
    assert index_contents(Library.open(home)) == expected


@pytest.mark.parametrize(
    "folder",
    ["", "/dev/null", "/etc/hostname", "/no/such/place", "x" * 5000, "~nobody-here/x", "\t"],
)
def test_any_folder_argument_gets_a_sentence(tmp_path, folder):
    done = cli(tmp_path / "home", "add", folder)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("searchapp: ") and done.stderr.count("\n") == 1


def test_vocabulary_follows_full_rebuilds_in_one_process(tmp_path):
    folder = tmp_path / "notes"
    make_notes(folder, 20, 2)
    library = library_on(tmp_path / "home", folder)
    library.reindex(full=True)
    assert library.search("harbour").total > 0
    (folder / "z.txt").write_text(
        "Title: Z\nDate: 2021-01-01\nSource: W\n\nZebras.", encoding="utf-8"
    )
    library.reindex(full=True)
    assert library.search("zebra").total == 1  # through the stem, so through the vocabulary
    (folder / "y.txt").write_text(
        "Title: Y\nDate: 2021-01-01\nSource: W\n\nYaks.", encoding="utf-8"
    )
    library.reindex()
    fresh = Library.open(tmp_path / "home")
    assert fresh.search("zebra").total == 1 and fresh.search("yak").total == 1


def test_one_library_searched_by_threads_while_it_rebuilds(tmp_path):
    folder = tmp_path / "notes"
    make_notes(folder, 120, 6)
    library = library_on(tmp_path / "home", folder)
    library.reindex()
    errors: list[BaseException] = []
    stop = threading.Event()

    def search_loop() -> None:
        while not stop.is_set():
            try:
                result = library.search("harbour OR tide", since="2021-03-01", limit=5)
                assert result.total >= 0
                if result.hits:
                    library.document(result.hits[0].path, "harbour")
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
                return

    threads = [threading.Thread(target=search_loop) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for round_number in range(6):
            change_notes(folder, 500 + round_number)
            library.reindex(full=round_number % 2 == 0)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == []


def test_a_folder_named_in_bytes_stays_in_the_library(tmp_path):
    odd = os.path.join(os.fsencode(tmp_path), b"caf\xff folder")
    os.mkdir(odd)
    with open(os.path.join(odd, b"a.txt"), "wb") as handle:
        handle.write(article("okapi").encode())
    home = tmp_path / "home"
    library_on(home, Path(os.fsdecode(odd))).reindex()
    again = Library.open(home)
    assert [os.fsencode(f) for f in again.folders] == [odd]
    assert again.reindex().removed == 0 and again.search("okapi").total == 1


def test_a_broken_settings_file_is_a_plain_error(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.json").write_text("{not json", encoding="utf-8")
    done = cli(home, "status")
    assert done.returncode == 1 and "settings" in done.stderr and "Traceback" not in done.stderr


def test_leap_day_datelines_and_far_future_file_times(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "leap.txt").write_text(
        "Leap story\n\nWASHINGTON, Feb. 29 (UPI) -- Officials met on March 3, 2026 to talk.\n",
        encoding="utf-8",
    )
    (folder / "neighbour.txt").write_text(article("gazelle"), encoding="utf-8")
    (folder / "future.txt").write_text(article("ibex"), encoding="utf-8")
    far = dt.datetime(2300, 1, 1).timestamp()
    os.utime(folder / "future.txt", (far, far))
    library = library_on(tmp_path / "home", folder)
    report = library.reindex()
    assert report.added == 3
    leap = library.search("officials").hits[0]
    assert (leap.date.month, leap.date.day) == (2, 29)
    assert library.search("ibex").total == 1
    assert library.reindex().added == 0  # the clamped time still compares equal


def test_an_unreachable_folder_keeps_its_articles(tmp_path):
    drive = tmp_path / "usb"
    make_notes(drive, 12, 3)
    other = tmp_path / "local"
    make_notes(other, 5, 4)
    library = library_on(tmp_path / "home", drive, other)
    library.reindex()
    drive.rename(tmp_path / "usb-unplugged")
    report = library.reindex()
    assert report.removed == 0 and library.search("").total == 17
    assert [s.reason for s in report.skipped] == [
        "folder not reachable; its articles stay in the index until it is back or removed"
    ]
    library.remove_folder(drive)
    assert library.reindex().removed == 12


def test_snippet_passages_never_repeat_text():
    from searchapp.core.engine.snippets import Targets, make_snippet

    rng = random.Random(5)
    vocabulary = "alpha beta gamma delta epsilon zeta eta theta iota kappa".split()
    for _ in range(400):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(5, 400)))
        snippet = make_snippet(text, Targets(frozenset(rng.sample(vocabulary, 2))))
        plain = snippet.replace("<mark>", "").replace("</mark>", "")
        pieces = [p.strip(" …") for p in plain.split(" … ")]
        assert sum(len(p) for p in pieces) <= len(text)
        for earlier, later in zip(pieces, pieces[1:], strict=False):
            assert len(earlier) < 40 or earlier[-40:] not in later
