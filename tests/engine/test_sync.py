"""Index: incremental sync, atomic full rebuilds, cancel, progress, locking, year inference."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from searchapp.core.engine.indexing import DEFERRED_PREFIX, Work, shares
from searchapp.core.engine.store import IndexStore
from searchapp.core.errors import IndexLocked
from searchapp.core.library import Library
from tests.conftest import lock_held_elsewhere, set_mtime
from tests.shapes import Story, nexis_classic


def _note(title: str, body: str = "Plain words for searching.") -> str:
    return f"Title: {title}\nDate: 2021-06-01\nSource: Wire\n\n{body}\n"


def test_incremental_reindex_touches_only_what_changed(write_archive, library_for, monkeypatch):
    folder = write_archive({f"n{i}.txt": _note(f"Note {i}") for i in range(6)})
    library = library_for(folder)
    assert library.search("").total == 6

    import searchapp.core.reading.isolation as isolation  # plain text is read in this process

    read = []
    real_read = isolation.read_articles
    monkeypatch.setattr(
        isolation, "read_articles", lambda p, r: read.append(p.name) or real_read(p, r)
    )

    (folder / "n1.txt").write_text(_note("Note 1 revised", "Fresh zebra words."), encoding="utf-8")
    set_mtime(folder / "n1.txt", time.time() + 5)
    (folder / "n2.txt").unlink()
    (folder / "n9.txt").write_text(_note("Note 9"), encoding="utf-8")
    report = library.reindex()

    assert sorted(read) == ["n1.txt", "n9.txt"]
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 4)
    assert library.search("zebra").total == 1
    assert library.search("").total == 6

    read.clear()
    report = library.reindex()
    assert read == [] and (report.added, report.updated, report.removed) == (0, 0, 0)


def test_progress_reports_every_file(write_archive, library_for, private_home):
    folder = write_archive({f"n{i}.txt": _note(f"Note {i}") for i in range(4)})
    library = Library.open(private_home)
    for default in library.folders:
        library.remove_folder(default)
    library.add_folder(folder)
    seen = []
    library.reindex(progress=lambda done, total, current: seen.append((done, total)))
    assert seen[-1] == (4, 4)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_leaves_the_index_as_it_was(write_archive, library_for):
    folder = write_archive({f"n{i}.txt": _note(f"Note {i}") for i in range(3)})
    library = library_for(folder)
    for i in range(3, 8):
        (folder / f"n{i}.txt").write_text(_note(f"Note {i}"), encoding="utf-8")
    report = library.reindex(cancel=lambda: True)
    assert report.cancelled
    assert library.search("").total == 3
    report = library.reindex(full=True, cancel=lambda: True)
    assert report.cancelled and library.search("").total == 3


def test_full_rebuild_that_fails_keeps_the_previous_index(write_archive, library_for):
    folder = write_archive({f"n{i}.txt": _note(f"Note {i}") for i in range(5)})
    library = library_for(folder)
    before = library.store.current_name()

    def explode(done, total, current):
        if done == 3:
            raise RuntimeError("simulated crash")

    with pytest.raises(RuntimeError):
        library.reindex(full=True, progress=explode)
    assert library.store.current_name() == before
    assert library.search("").total == 5
    report = library.reindex(full=True)
    assert report.documents == 5 and library.store.current_name() != before
    # The generation replaced stays for searches still reading it, until the next update.
    generations = {p.name for p in library.store.folder.iterdir() if p.name.startswith("g")}
    assert generations == {before, library.store.current_name()}
    library.reindex()
    generations = {p.name for p in library.store.folder.iterdir() if p.name.startswith("g")}
    assert generations == {library.store.current_name()}


def test_removed_folder_leaves_the_index(write_archive, library_for):
    first = write_archive({"a.txt": _note("Alpha")})
    second = write_archive({"b.txt": _note("Beta")})
    library = library_for(first, second)
    assert library.search("").total == 2
    library.remove_folder(second)
    library.reindex()
    assert {h.title for h in library.search("").hits} == {"Alpha"}


def test_unreadable_files_are_reported_not_fatal(write_archive, library_for):
    folder = write_archive({"good.txt": _note("Good"), "bad.txt": b"\x00\x01binary\x00"})
    library = library_for(folder)
    report = library.reindex(full=True)
    assert report.documents == 1
    assert [(p.path.name, "binary" in p.reason) for p in report.skipped] == [("bad.txt", True)]


def test_year_less_datelines_take_the_year_of_their_neighbours(write_archive, library_for):
    folder = write_archive(
        {
            "dated1.txt": _note("Dated one").replace("2021-06-01", "2019-12-30"),
            "dated2.txt": _note("Dated two").replace("2021-06-01", "2020-01-02"),
            "undated.txt": "Storm hits coast\n\nDec. 31 (UPI) -- A storm hit overnight.\n",
        }
    )
    set_mtime(folder / "undated.txt", dt.datetime(2023, 5, 1).timestamp())
    library = library_for(folder)
    hit = library.search("storm").hits[0]
    assert hit.date == dt.date(2019, 12, 31)
    assert hit.date_origin == "inferred"
    # It waited for the commit in a file beside the index, gone with the commit.
    assert not list(library.store.current_dir().glob(f"{DEFERRED_PREFIX}*"))


def test_articles_waiting_for_their_date_wait_on_disk_in_workers_too(
    write_archive, library_for, monkeypatch
):
    import searchapp.core.engine.indexing as indexing

    monkeypatch.setattr(indexing, "PARALLEL_MIN_FILES", 4)  # two workers for a few files
    notes = {
        f"dated{n}.txt": _note(f"Dated {n}").replace("2021-06-01", f"2019-12-2{n}")
        for n in range(6)
    }
    undated = {
        f"undated{n}.txt": f"Storm {n} hits coast\n\nDec. 3{n % 2} (UPI) -- Storm {n} hit.\n"
        for n in range(6)
    }
    folder = write_archive({**notes, **undated})
    library = library_for(folder)
    hits = library.search("storm", limit=20).hits
    assert len(hits) == 6 and {hit.date.year for hit in hits} == {2019}
    assert not list(library.store.current_dir().glob(f"{DEFERRED_PREFIX}*"))


def test_dated_neighbours_outweigh_an_old_year_named_in_the_story(write_archive, library_for):
    clippings = {
        f"dated{n}.txt": _note(f"Dated {n}").replace("2021-06-01", f"1987-03-0{n}")
        for n in range(1, 4)
    }
    clippings["yearless.txt"] = (
        "Refinery expands\n\nHOUSTON, Texas, March 4 - The refinery said it would add a "
        "unit by the June 30, 1989 deadline, after a fire in May 1985 closed the old one.\n"
    )
    folder = write_archive(clippings)
    set_mtime(folder / "yearless.txt", dt.datetime(2026, 11, 1).timestamp())
    hit = library_for(folder).search("refinery").hits[0]
    assert (hit.date, hit.date_origin) == (dt.date(1987, 3, 4), "inferred")


def test_between_years_the_neighbours_both_know_the_story_decides(write_archive, library_for):
    # One outlet's folder over two years: the story's own dates pick which.
    days = ["1986-02-27", "1986-03-01", "1987-03-01", "1987-03-02", "1987-03-03"]
    clippings = {
        f"dated{n}.txt": _note(f"Dated {n}").replace("2021-06-01", day)
        for n, day in enumerate(days)
    }
    clippings["yearless.txt"] = (
        "Refinery expands\n\nHOUSTON, March 4 - The refinery, hit by a fire on Nov. 2, "
        "1985, said output rose.\n"
    )
    folder = write_archive(clippings)
    set_mtime(folder / "yearless.txt", dt.datetime(2026, 11, 1).timestamp())
    hit = library_for(folder).search("refinery").hits[0]
    assert (hit.date, hit.date_origin) == (dt.date(1986, 3, 4), "inferred")


def test_without_dated_neighbours_the_storys_own_dates_give_the_year(write_archive, library_for):
    folder = write_archive(
        {
            "yearless.txt": "Refinery expands\n\nHOUSTON, March 4 - The refinery, which "
            "opened on Nov. 2, 1986, said output rose.\n"
        }
    )
    set_mtime(folder / "yearless.txt", dt.datetime(2026, 11, 1).timestamp())
    hit = library_for(folder).search("refinery").hits[0]
    assert (hit.date, hit.date_origin) == (dt.date(1987, 3, 4), "inferred")


def test_year_less_dateline_alone_takes_the_file_year(write_archive, library_for):
    folder = write_archive({"undated.txt": "Storm hits\n\nMarch 3 (AFP) - A storm hit.\n"})
    set_mtime(folder / "undated.txt", dt.datetime(2022, 2, 1).timestamp())
    hit = library_for(folder).search("storm").hits[0]
    # Not after the file was saved: March 2021, not March 2022.
    assert hit.date == dt.date(2021, 3, 3)


def test_articles_dated_only_by_their_file_are_undated(write_archive, library_for):
    folder = write_archive(
        {
            "a.txt": _note("Quay works one").replace("2021-06-01", "1987-03-02"),
            "b.txt": _note("Quay works two").replace("2021-06-01", "1987-03-05"),
            "c.txt": "Quay works three\n\nThe quay works go on, the harbour master said.\n",
        }
    )
    set_mtime(folder / "c.txt", dt.datetime(2026, 11, 20).timestamp())
    library = library_for(folder)
    everything = library.search("quay", sort="newest", limit=0)
    # The histogram spans the real dates only; the guess is counted beside it.
    assert (everything.facets.undated, sum(b.count for b in everything.facets.dates)) == (1, 2)
    assert everything.facets.dates[-1].end == dt.date(1987, 3, 5)
    titles = [hit.title for hit in everything.hits]
    assert titles == ["Quay works two", "Quay works one", "Quay works three"]
    oldest = library.search("quay", sort="oldest", limit=0)
    assert [hit.title for hit in oldest.hits][-1] == "Quay works three"
    assert library.search("quay", until="2030").total == 2  # a date filter leaves it out
    status = library.status()
    assert (status.first_date, status.last_date) == (dt.date(1987, 3, 2), dt.date(1987, 3, 5))
    hit = library.search("title:three").hits[0]
    assert hit.date_label == "≈ 2026-11-20"  # still shown, as a guess


def test_a_second_writer_waits_then_gets_a_plain_error(write_archive, library_for):
    folder = write_archive({"a.txt": _note("Alpha")})
    library = library_for(folder)
    with lock_held_elsewhere(library.store.folder / "write.lock"):
        started = time.monotonic()
        with pytest.raises(IndexLocked) as info, library.store.write_lock(timeout=0.5):
            pass
        assert time.monotonic() - started < 5
        assert "another searchapp process" in str(info.value)
        # Searching still works while another process writes.
        assert library.search("alpha").total == 1
    # The OS frees the lock of a dead process: the next writer goes ahead.
    assert library.reindex().documents == 1


def test_store_reports_size_and_update_time(write_archive, library_for):
    library = library_for(write_archive({"a.txt": _note("Alpha")}))
    store = IndexStore(library.store.folder)
    assert store.size_bytes() > 0
    assert abs((store.last_update() - dt.datetime.now()).total_seconds()) < 120


def test_undecodable_file_names_are_indexed_and_printable(tmp_path, library_for):
    folder = tmp_path / "odd"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9 report.txt"
    with open(raw, "wb") as handle:
        handle.write(_note("Odd name", "Quokka sighting.").encode())
    library = library_for(folder)
    hit = library.search("quokka").hits[0]
    assert "\\xe9" in hit.path
    hit.path.encode("utf-8")  # printable as UTF-8
    view = library.document(hit.path)
    assert view.text.endswith("Quokka sighting.")
    assert os.fsencode(view.file) == raw


def test_an_empty_index_takes_its_first_folder_incrementally(write_archive, library_for):
    library = library_for()
    assert library.search("").total == 0
    library.add_folder(write_archive({"a.txt": _note("Alpha")}))
    report = library.reindex()
    assert (report.added, report.documents) == (1, 1)


def test_a_batch_closes_a_segment_when_its_postings_fill_the_budget(
    write_archive, library_for, monkeypatch
):
    import searchapp.core.engine.indexing as indexing
    from searchapp.core.engine.writing import ArticleWriter

    made = []
    real_finalize = ArticleWriter._finalize_segment
    monkeypatch.setattr(
        ArticleWriter,
        "_finalize_segment",
        lambda writer: made.append(writer.pool.nbytes) or real_finalize(writer),
    )
    monkeypatch.setattr(indexing, "SEGMENT_POSTINGS_MB", 2_000 / (1024 * 1024))
    notes = {f"n{i}.txt": _note(f"Note {i}", f"Words {i} " + "filler text " * 40) for i in range(9)}
    library = library_for(write_archive(notes))

    assert len(made) > 1  # several segments from one batch of nine files
    assert all(size >= 2_000 for size in made[:-1])
    assert library.search("").total == 9
    assert library.search("filler").total == 9
    assert library.search("words 7").total == 1


def test_words_and_phrases_of_a_replaced_version_are_gone(write_archive, library_for):
    notes = {f"n{i}.txt": _note(f"Note {i}", f"Plain words {i} for searching.") for i in range(12)}
    notes["old.txt"] = _note("Old", "Plain words: the walrus council met in Oslo.")
    folder = write_archive(notes)
    library = library_for(folder)
    assert library.search('"walrus council"').total == 1

    (folder / "old.txt").write_text(_note("New", "The heron board met in Bergen."), "utf-8")
    set_mtime(folder / "old.txt", time.time() + 5)
    library.reindex()
    # The first segment keeps the old version, marked deleted; no query may find it.
    _name, ix = library.store.open()
    assert any(segment.deleted_count() for segment in ix._segments())
    for text in ["walrus", '"walrus council"', "walrus OR heron", "oslo -bergen", "walr*"]:
        assert [hit.title for hit in library.search(text).hits] in ([], ["New"]), text
    assert library.search('"heron board"').total == 1
    assert library.search("").total == 13
    assert library.search("plain").total == library.search('"plain words"').total == 12


def test_a_large_export_is_shared_among_workers_and_indexed_whole(
    write_archive, library_for, monkeypatch
):
    import searchapp.core.engine.indexing as indexing

    stories = [
        Story(
            f"Ferry timetable change {n}",
            "Coastal Courier",
            f"May {n % 28 + 1}, 2011",
            f"Ferry {n}.",
        )
        for n in range(60)
    ]
    folder = write_archive({"big.TXT": nexis_classic(stories), "note.txt": _note("Tide tables")})
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 2_000)  # so this small export counts
    library = library_for(folder)
    report = library.reindex(full=True)
    assert report.workers == 2 and report.skipped == [] and report.problems == []
    hits = library.search("", limit=0).hits
    parts = sorted(hit.part for hit in hits if hit.path.endswith("big.TXT"))
    assert parts == list(range(1, 61))
    assert {hit.title for hit in hits} >= {"Ferry timetable change 0", "Ferry timetable change 59"}


def test_shares_balance_files_and_split_only_the_large_ones():
    work = [Work(Path("big"), 1_000), *(Work(Path(f"n{i}"), 10) for i in range(20))]
    first, second = shares(work, 2)
    assert Work(Path("big"), 1_000, 0, 2) in first and Work(Path("big"), 1_000, 1, 2) in second
    small = [item for batch in (first, second) for item in batch if item.shares == 1]
    assert sorted(item.path.name for item in small) == sorted(f"n{i}" for i in range(20))
    assert abs(len(first) - len(second)) <= 1


def test_a_worker_that_writes_nothing_leaves_the_others_files_alone(write_archive, library_for):
    # A sync's workers write segments side by side in one index folder. One with nothing to
    # add (its files all skipped) used to delete the temporary folder all of them keep their
    # columns in, and the next worker to close failed with "No such file or directory".
    from whoosh import index as whoosh_index

    from searchapp.core.engine.schema import document_fields
    from searchapp.core.engine.writing import discard_segments, segment_writer
    from searchapp.core.reading import read_articles

    folder = write_archive({"n1.txt": _note("Note 1")})
    library = library_for(folder)
    ix = whoosh_index.open_dir(str(library.store.current_dir()))
    busy, idle = segment_writer(ix), segment_writer(ix)
    for article in read_articles(folder / "n1.txt", library.rules).articles:
        busy.add_document(**document_fields(article, article.date))
    idle.cancel()  # nothing to add
    segment = busy._finalize_segment()
    assert segment.doc_count() == 1
    discard_segments(ix, [segment])
