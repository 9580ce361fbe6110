"""Many articles in one file: ids, parts, re-reading and removal, fields, the stated count."""

from __future__ import annotations

import datetime as dt
import time

from searchapp.core.types import DateOrigin
from tests.conftest import set_mtime
from tests.shapes import HARBOUR_STORIES, Story, nexis_classic


def _export_library(write_archive, library_for, stories=HARBOUR_STORIES, stated=None):
    folder = write_archive(
        {
            "downloads/harbour.TXT": nexis_classic(stories, stated),
            "note.txt": "Title: Tide tables\nDate: 2010-01-05\nSource: Wire\n\nHigh tide at six.\n",
        }
    )
    return folder, library_for(folder)


def test_each_article_of_an_export_is_its_own_hit(write_archive, library_for):
    folder, library = _export_library(write_archive, library_for)
    export = str(folder / "downloads" / "harbour.TXT")
    hits = {hit.id: hit for hit in library.search("", limit=0).hits}
    assert set(hits) == {f"{export}#1", f"{export}#2", f"{export}#3", str(folder / "note.txt")}
    first, second, third = (hits[f"{export}#{n}"] for n in (1, 2, 3))
    assert (first.part, second.part, third.part) == (1, 2, 3)
    assert {first.path, second.path, third.path} == {export}
    assert (first.title, first.source, first.date) == (
        "Ferry strike ends after night of talks",
        "The Harbour Gazette",
        dt.date(2010, 1, 11),
    )
    assert first.date_origin == DateOrigin.EXPORT
    assert (third.title, third.source, third.date) == (
        "Neuer Fahrplan für die Fähren",
        "Hafenblatt",
        dt.date(2010, 3, 31),
    )
    assert hits[str(folder / "note.txt")].part == 1


def test_a_search_finds_the_article_not_the_whole_file(write_archive, library_for):
    _, library = _export_library(write_archive, library_for)
    result = library.search("berth")
    assert [hit.title for hit in result.hits] == ["Quay repairs to close the north berth"]
    assert result.facets.sources == {"Coastal Courier": 1}


def test_the_preview_shows_one_article_of_its_file(write_archive, library_for):
    folder, library = _export_library(write_archive, library_for)
    view = library.document(f"{folder / 'downloads' / 'harbour.TXT'}#2", "berth")
    assert (view.part, view.parts) == (2, 3)
    assert view.text.startswith("The north berth will close")
    assert "Ferry crews" not in view.text
    # The export's labels and trailer are not the article's text.
    for label in ("BYLINE:", "LENGTH:", "LOAD-DATE:", "Copyright", "DOCUMENTS"):
        assert label not in view.text
    assert (view.byline, view.section, view.language) == ("Tom Reyes", "LOCAL", "en")
    assert view.file == folder / "downloads" / "harbour.TXT"
    assert view.text[slice(*view.hits[0])] == "berth"


def test_byline_section_and_language_are_fields(write_archive, library_for):
    _, library = _export_library(write_archive, library_for)
    assert [h.title for h in library.search("byline:okafor").hits] == [
        "Ferry strike ends after night of talks"
    ]
    assert [h.source for h in library.search("section:lokales").hits] == ["Hafenblatt"]
    assert [h.source for h in library.search("lang:german").hits] == ["Hafenblatt"]
    assert [h.source for h in library.search("lang:de").hits] == ["Hafenblatt"]
    assert library.search("lang:en").total == 2
    assert library.search("okafor").total == 1  # a byline is searched with the text


def test_a_changed_export_is_read_again_whole(write_archive, library_for):
    folder, library = _export_library(write_archive, library_for)
    export = folder / "downloads" / "harbour.TXT"
    export.write_text(nexis_classic(HARBOUR_STORIES[:2]), encoding="utf-8")
    set_mtime(export, time.time() + 5)
    report = library.reindex()
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    ids = {hit.id for hit in library.search("", limit=0).hits}
    assert f"{export}#3" not in ids and f"{export}#2" in ids
    assert library.search("Fähren").total == 0
    export.unlink()
    library.reindex()
    assert {hit.id for hit in library.search("", limit=0).hits} == {str(folder / "note.txt")}


def test_an_export_that_holds_fewer_articles_than_it_says_is_reported(write_archive, library_for):
    _, library = _export_library(write_archive, library_for, stated=5)
    report = library.reindex(full=True)
    assert [(p.path.name, p.reason) for p in report.problems] == [
        ("harbour.TXT", "the file says it holds 5 articles; 3 were read")
    ]
    assert library.search("", limit=0).total == 4


def test_a_one_article_export_keeps_the_path_as_its_id(write_archive, library_for):
    folder = write_archive({"one.txt": nexis_classic([HARBOUR_STORIES[1]])})
    library = library_for(folder)
    (hit,) = library.search("").hits
    assert (hit.id, hit.part) == (str(folder / "one.txt"), 1)
    assert library.document(hit.id).parts == 1


def test_a_hash_in_a_file_name_is_no_part(write_archive, library_for):
    story = Story("Tides rise", "Wire", "May 2, 2011 Monday", "The tide rose early.")
    folder = write_archive({"issue#2.txt": nexis_classic([story, story])})
    library = library_for(folder)
    ids = sorted(hit.id for hit in library.search("", limit=0).hits)
    assert ids == [f"{folder / 'issue#2.txt'}#1", f"{folder / 'issue#2.txt'}#2"]
    assert library.document(str(folder / "issue#2.txt")) is None


def test_an_exports_long_headline_is_kept_whole(write_archive, library_for):
    headline = (
        "Harbour board votes to reopen the eastern quay after a week of repairs, while ferry "
        "crews and the port authority agree new winter rosters for the island routes"
    )
    story = Story(headline, "Coastal Courier", "May 2, 2011 Monday", "The quay reopened.")
    library = library_for(write_archive({"long.TXT": nexis_classic([story, story])}))
    assert len(headline) > 110
    assert {hit.title for hit in library.search("").hits} == {headline}
