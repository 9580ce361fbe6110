"""The file state saved beside the index: what a reindex compares the folders with."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from searchapp.core.engine.filestate import FILE_STATE, LAYOUT, FileState, indexed_state
from searchapp.core.engine.schema import layout
from searchapp.core.library import Library
from tests.conftest import set_mtime
from tests.shapes import Story, nexis_classic


def _note(title: str) -> str:
    return f"Title: {title}\nDate: 2021-06-01\nSource: Wire\n\nPlain words about {title}.\n"


def _export(count: int) -> str:
    return nexis_classic(
        [
            Story(f"Story {n}", "The Guardian", "March 3, 2015 Tuesday", f"Body {n} words.")
            for n in range(count)
        ]
    )


def _saved(library: Library) -> FileState | None:
    return FileState.load(library.store.current_dir())


def _in_index(library: Library) -> tuple[dict[str, tuple[int, int]], int]:
    _name, ix = library.store.open()
    with ix.reader() as reader:
        return indexed_state(reader), reader.doc_count()


def _assert_saved_is_the_index(library: Library) -> None:
    saved = _saved(library)
    assert saved is not None, "no file state for the index as it is"
    assert (saved.files, saved.documents) == _in_index(library)


def test_the_layout_named_without_whoosh_is_this_versions():
    assert layout() == LAYOUT, f"the index layout changed: set filestate.LAYOUT to {layout()!r}"


def test_the_saved_state_follows_every_kind_of_change(write_archive, library_for):
    folder = write_archive(
        {
            **{f"notes/n{i}.txt": _note(f"Note {i}") for i in range(5)},
            "exports/guardian.txt": _export(3),
            "empty.txt": "",
        }
    )
    library = library_for(folder)
    _assert_saved_is_the_index(library)
    assert len(_saved(library).files) <= 7  # one entry per file, not per article

    (folder / "notes" / "n1.txt").write_text(_note("Note 1 again"), encoding="utf-8")
    set_mtime(folder / "notes" / "n1.txt", time.time() + 5)
    (folder / "notes" / "n2.txt").unlink()
    (folder / "notes" / "n7.txt").write_text(_note("Note 7"), encoding="utf-8")
    (folder / "exports" / "more.txt").write_text(_export(2), encoding="utf-8")
    report = library.reindex()
    assert (report.added, report.updated, report.removed) == (2, 1, 1)
    _assert_saved_is_the_index(library)

    # A watcher's batch: the paths it saw change, only they compared.
    (folder / "notes" / "n8.txt").write_text(_note("Note 8"), encoding="utf-8")
    (folder / "exports" / "guardian.txt").unlink()
    report = library.update([folder / "notes" / "n8.txt", folder / "exports" / "guardian.txt"])
    assert (report.added, report.removed) == (1, 1)
    _assert_saved_is_the_index(library)

    library.reindex(full=True)
    _assert_saved_is_the_index(library)


def test_a_reindex_that_finds_nothing_changed_does_not_load_the_index(
    write_archive, library_for, private_home
):
    folder = write_archive({f"n{i}.txt": _note(f"Note {i}") for i in range(4)})
    library_for(folder)
    probe = (
        "import sys; from searchapp.core.library import Library;"
        f"r = Library.open({str(private_home)!r}).reindex();"
        "print(r.unchanged, r.added + r.updated + r.removed, r.documents,"
        " 'whoosh.index' in sys.modules or 'whoosh.fields' in sys.modules)"
    )

    def reindex_elsewhere() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        )
        return done.stdout.split()

    assert reindex_elsewhere() == ["4", "0", "4", "False"]
    set_mtime(folder / "n0.txt", time.time() + 5)
    assert reindex_elsewhere() == ["3", "1", "4", "True"]
    assert reindex_elsewhere() == ["4", "0", "4", "False"]


def test_a_state_saved_for_another_commit_is_passed_over(write_archive, library_for):
    folder = write_archive({f"n{i}.txt": _note(f"Note {i}") for i in range(4)})
    library = library_for(folder)
    state_file = library.store.current_dir() / FILE_STATE
    earlier = state_file.read_bytes()
    set_mtime(folder / "n0.txt", time.time() + 5)
    assert library.reindex().updated == 1

    state_file.write_bytes(earlier)  # it says n0.txt has its old time
    report = library.reindex()
    assert (report.updated, report.unchanged) == (0, 4)
    _assert_saved_is_the_index(library)


def test_a_state_beside_a_rewritten_index_file_is_passed_over(write_archive, library_for):
    folder = write_archive({f"n{i}.txt": _note(f"Note {i}") for i in range(4)})
    library = library_for(folder)
    assert _saved(library) is not None
    column = next(library.store.current_dir().glob("*.col"))
    os.utime(column, ns=(0, 0))  # as if written again: a restore from a backup, say
    assert _saved(library) is None


def test_an_unreadable_state_is_passed_over(write_archive, library_for):
    folder = write_archive({f"n{i}.txt": _note(f"Note {i}") for i in range(3)})
    library = library_for(folder)
    (library.store.current_dir() / FILE_STATE).write_bytes(b"not a state")
    assert _saved(library) is None
    report = library.reindex()
    assert (report.unchanged, report.updated, report.documents) == (3, 0, 3)
    _assert_saved_is_the_index(library)  # written again from the index


def test_files_named_in_other_ways_are_kept_apart(tmp_path: Path, library_for):
    folder = tmp_path / "names"
    folder.mkdir()
    for name in ("plain.txt", "space name.txt", "ünïcode.txt", ".hidden.txt"):
        (folder / name).write_text(_note(name), encoding="utf-8")
    (folder / os.fsdecode(b"latin\xe9.txt")).write_text(_note("latin"), encoding="utf-8")
    library = library_for(folder)
    saved = _saved(library)
    assert saved is not None and len(saved.files) == 5
    assert library.reindex().unchanged == 5
