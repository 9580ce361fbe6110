"""The public API's own rules: one typed search request, and folder lists checked whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from searchapp.core.errors import FolderError, UserInputError
from searchapp.core.library import Library
from searchapp.core.types import DateOrigin, SearchQuery
from searchapp.paths import seeds_dir


@pytest.mark.parametrize(
    "options",
    [{"sort": "alphabetical"}, {"limit": -1}, {"offset": -5}],
)
def test_a_search_query_refuses_what_no_search_can_do(options):
    with pytest.raises(UserInputError):
        SearchQuery("Homs", **options)


def test_a_search_query_takes_sources_as_a_sequence_not_a_string():
    assert SearchQuery("x", sources=["UPI", "AFP"]).sources == ("UPI", "AFP")
    with pytest.raises(TypeError):
        SearchQuery("x", sources="UPI")


def test_search_takes_a_query_object_or_the_same_keywords(seed_library):
    request = SearchQuery("Homs", sources=("Reuters", "UPI"), since="2024-12", sort="oldest")
    by_object = seed_library.search(request)
    by_keywords = seed_library.search(
        "Homs", sources=["Reuters", "UPI"], since="2024-12", sort="oldest"
    )
    assert by_object.total == by_keywords.total == 2
    assert [h.path for h in by_object.hits] == [h.path for h in by_keywords.hits]


def test_date_origins_are_an_enum_that_reads_as_its_name(seed_library):
    origins = {hit.date_origin for hit in seed_library.search("", limit=0).hits}
    assert origins and all(isinstance(o, DateOrigin) for o in origins)
    assert json.loads(json.dumps([DateOrigin.INFERRED])) == ["inferred"]
    assert DateOrigin.FILE.guessed and not DateOrigin.HEADER.guessed


def _settings(library: Library) -> str:
    return (library.home / "config.json").read_text(encoding="utf-8")


def test_a_folder_list_with_one_bad_folder_changes_nothing(tmp_path: Path, library_for):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    library = library_for(first)
    before = _settings(library)
    (tmp_path / "a-file.txt").write_text("not a folder", encoding="utf-8")
    for bad in (tmp_path / "missing", tmp_path / "a-file.txt", ""):
        with pytest.raises(FolderError):
            library.set_folders([first, second, bad])
        with pytest.raises(FolderError):
            library.add_folders([second, bad])
        assert library.folders == [first] and _settings(library) == before


def test_set_folders_saves_exactly_the_list_once_each(tmp_path: Path, library_for):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    library = library_for(first)
    assert library.set_folders([second, first, second]) == [second, first]
    assert Library.open(library.home).folders == [second, first]


def test_a_held_folder_that_is_unreachable_now_stays(tmp_path: Path, library_for):
    # An unplugged drive must not make every later change of the folder list fail.
    gone, other = tmp_path / "drive", tmp_path / "other"
    gone.mkdir()
    other.mkdir()
    library = library_for(gone)
    gone.rmdir()
    assert library.set_folders([gone, other]) == [gone, other]


def test_removing_folders_is_all_or_none(tmp_path: Path, library_for):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    library = library_for(first)
    library.add_folder(second)
    with pytest.raises(FolderError, match="not in the library"):
        library.remove_folders([second, tmp_path / "never-added"])
    assert library.folders == [first, second]
    assert library.remove_folders([second]) == [second]
    assert library.folders == [first]


def test_search_refuses_a_query_object_with_keywords_or_one_string_of_sources(seed_library):
    with pytest.raises(TypeError):
        seed_library.search(SearchQuery("Homs"), limit=5)
    with pytest.raises(TypeError):
        seed_library.search("Homs", sources="UPI")  # would filter by the letters U, P and I


def test_a_folder_inside_a_library_folder_is_refused(tmp_path: Path):
    archive = tmp_path / "archive"
    (archive / "sub").mkdir(parents=True)
    library = Library.open(tmp_path / "home")
    library.add_folder(archive)
    with pytest.raises(FolderError, match="inside .*archive.* nothing was added"):
        library.add_folder(archive / "sub")
    assert Library.open(tmp_path / "home").folders == [archive]


def test_a_parent_folder_takes_the_place_of_the_folders_inside_it(tmp_path: Path):
    parent = tmp_path / "news"
    for name in ("2023", "2024", "sibling"):
        (parent / name).mkdir(parents=True)
    other = tmp_path / "other"
    other.mkdir()
    library = Library.open(tmp_path / "home")
    library.set_folders([parent / "2023", other, parent / "2024"])
    library.add_folder(parent)
    assert Library.open(tmp_path / "home").folders == [other, parent]
    # A list that names a folder and one inside it keeps the outer one.
    assert library.set_folders([parent / "sibling", parent]) == [parent]


def test_the_bundled_sample_leaves_when_the_user_adds_a_folder(tmp_path: Path):
    mine, more = tmp_path / "mine", tmp_path / "more"
    mine.mkdir()
    more.mkdir()
    library = Library.open(tmp_path / "home")
    assert library.folders == [seeds_dir()]  # a first run searches the sample
    library.add_folder(mine)
    assert Library.open(tmp_path / "home").folders == [mine]
    # Kept on purpose (the folder list set whole), the sample stays like any folder.
    library.set_folders([seeds_dir(), mine])
    library.add_folder(more)
    assert Library.open(tmp_path / "home").folders == [seeds_dir(), mine, more]


def test_a_settings_file_from_before_the_sample_flag_still_knows_the_sample(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.json").write_text(json.dumps({"format": 1, "folders": [str(seeds_dir())]}))
    mine = tmp_path / "mine"
    mine.mkdir()
    library = Library.open(home)
    library.add_folder(mine)
    assert library.folders == [mine]


def test_status_counts_once_per_index_version(write_archive, library_for, monkeypatch):
    folder = write_archive(
        {
            "a.txt": "Title: Port reopens\nDate: 2021-06-01\nSource: Wire\n\nThe port reopened.\n",
            "b.txt": "Title: Ferry late\nDate: 2021-06-03\nSource: Courier\n\nIt ran late.\n",
        }
    )
    library = library_for(folder)
    first = library.status()
    assert (first.documents, first.first_date, first.last_date) == (
        2,
        dt.date(2021, 6, 1),
        dt.date(2021, 6, 3),
    )
    assert first.sources == {"Wire": 1, "Courier": 1}

    def no_search(*args, **kwargs):
        raise AssertionError("status searched the index again")

    fresh = type(library).open(library.home)  # another process: `searchapp status` again
    monkeypatch.setattr(fresh, "search", no_search)
    assert fresh.status() == dataclasses.replace(first, last_update=fresh.status().last_update)

    (folder / "c.txt").write_text(
        "Title: Quay shut\nDate: 2021-07-09\nSource: Wire\n\nThe quay shut.\n", encoding="utf-8"
    )
    library.reindex()
    later = type(library).open(library.home).status()  # a new index version: counted again
    assert (later.documents, later.last_date, later.sources["Wire"]) == (
        3,
        dt.date(2021, 7, 9),
        2,
    )
