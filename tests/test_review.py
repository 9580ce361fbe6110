"""Review marks: stars, tags and notes kept apart from the index, following their articles."""

from __future__ import annotations

import sqlite3

import pytest

from searchapp.core.errors import UserInputError
from searchapp.core.review import REVIEW_FILE


def article(title: str, *sentences: str) -> str:
    return f"{title}\n\nROTTERDAM, May 4 (Reuters) - " + " ".join(sentences) + "\n"


FEES = (
    "The port authority said on Monday that berth fees will rise in June for the first time "
    "since the pandemic, after two years of record container traffic.",
    "Shipping lines called the increase steep and said they would pass it on to importers of "
    "fruit and electronics, who already pay more for trucks from the main gate.",
)
STRIKE = (
    "Dock workers ended a nine-day strike on Sunday after the union accepted a pay offer that "
    "adds four percent this year and three percent next year.",
    "Cranes were moving again by the evening shift and the backlog of ships at anchor off the "
    "coast should clear within a week, a spokeswoman for the terminal operator said.",
)


@pytest.fixture
def archive(write_archive):
    return write_archive(
        {
            "ports/fees.txt": article("Port fees rise", *FEES),
            "ports/strike.txt": article("Dock strike ends", *STRIKE),
            "ports/brief.txt": "Port brief\n\nShort item on dredging.\n",  # too short to hash
        }
    )


@pytest.fixture
def library(archive, library_for):
    return library_for(archive)


def id_of(library, title: str) -> str:
    (hit,) = [h for h in library.search("", limit=0).hits if h.title == title]
    return hit.id


def test_marks_show_on_hits_and_views_and_answer_queries(library):
    fees = id_of(library, "Port fees rise")
    library.tag(fees, "to check", "Shipping")
    library.star(fees)
    library.note(fees, "ask the authority for the June figures")
    strike = id_of(library, "Dock strike ends")
    library.tag(strike, "shipping")  # the same tag, another case

    assert library.review(fees).starred and library.review(fees).tags == ("Shipping", "to check")
    assert library.document(fees).review.note.startswith("ask the authority")
    (hit,) = library.search('tag:"to check"').hits
    assert hit.id == fees and hit.review.starred
    assert library.search("tag:SHIPPING").total == 2
    assert library.search("is:starred").total == 1
    assert library.search("has:note").total == 1
    assert library.search("has:tag").total == 2
    assert library.search("-tag:shipping").total == 1  # the brief
    assert library.search("dock AND tag:shipping").total == 1
    assert library.tags() == {"Shipping": 2, "to check": 1}


def test_tags_facet_counts_the_matches_and_filters_by_any_tag(library):
    fees, strike = id_of(library, "Port fees rise"), id_of(library, "Dock strike ends")
    library.tag(fees, "fees")
    library.tag(strike, "labour")
    result = library.search("dock")
    assert result.facets.tags == {"labour": 1}
    chosen = library.search("", tags=["labour", "FEES"], limit=0)
    assert {h.id for h in chosen.hits} == {fees, strike}
    assert chosen.facets.tags == {"fees": 1, "labour": 1}  # the facet ignores its own filter


def test_empty_marks_leave_and_bad_tags_are_refused(library):
    fees = id_of(library, "Port fees rise")
    library.tag(fees, "x")
    library.untag(fees, "X")
    assert not library.review(fees)
    assert library.search("has:tag").total == 0
    with pytest.raises(UserInputError, match="comma"):
        library.tag(fees, "a, b")
    with pytest.raises(UserInputError, match="no article"):
        library.star("/no/such/file.txt")


def test_marks_survive_a_full_rebuild(library):
    fees = id_of(library, "Port fees rise")
    library.tag(fees, "keep")
    library.reindex(full=True)
    assert [h.id for h in library.search("tag:keep").hits] == [fees]


def test_marks_follow_the_text_when_a_file_is_renamed_or_moved(library, archive):
    fees = id_of(library, "Port fees rise")
    library.tag(fees, "keep")
    library.note(fees, "moved later")
    moved = archive / "sorted" / "2024-fees.txt"
    moved.parent.mkdir()
    (archive / "ports" / "fees.txt").rename(moved)
    library.reindex()
    (hit,) = library.search("tag:keep").hits
    assert hit.path == str(moved)
    assert hit.review.note == "moved later"


def test_a_short_text_is_known_by_its_path_and_an_edited_file_keeps_its_marks(library, archive):
    brief = id_of(library, "Port brief")
    library.star(brief)
    fees = id_of(library, "Port fees rise")
    library.tag(fees, "keep")
    (archive / "ports" / "fees.txt").write_text(
        article("Port fees rise", *FEES, "The rise was later put off to July."), encoding="utf-8"
    )
    library.reindex()
    assert library.search("is:starred").hits[0].id == brief
    assert [h.id for h in library.search("tag:keep").hits] == [fees]


def test_a_mark_whose_file_is_gone_waits_for_it(library, archive):
    strike = id_of(library, "Dock strike ends")
    library.tag(strike, "keep")
    saved = (archive / "ports" / "strike.txt").read_bytes()
    (archive / "ports" / "strike.txt").unlink()
    library.reindex()
    assert library.search("tag:keep").total == 0
    (archive / "ports" / "strike-again.txt").write_bytes(saved)
    library.reindex()
    assert library.search("tag:keep").total == 1


def test_two_marks_meeting_on_one_article_merge(library, archive):
    fees = id_of(library, "Port fees rise")
    library.tag(fees, "a")
    library.note(fees, "first")
    copy = archive / "ports" / "fees-copy.txt"
    copy.write_bytes((archive / "ports" / "fees.txt").read_bytes())
    library.reindex()
    library.tag(str(copy), "b")
    library.note(str(copy), "second")
    (archive / "ports" / "fees.txt").unlink()
    library.reindex()
    review = library.review(str(copy))
    assert review.tags == ("a", "b") and "first" in review.note and "second" in review.note


def test_a_damaged_review_file_gets_one_sentence(library, private_home):
    fees = id_of(library, "Port fees rise")
    (private_home / REVIEW_FILE).write_bytes(b"not a database" * 100)
    with pytest.raises(UserInputError, match="damaged"):
        library.tag(fees, "x")
    assert library.search("").total == 3  # searches go on, without the marks


def test_the_review_file_is_plain_sqlite(library, private_home):
    fees = id_of(library, "Port fees rise")
    library.tag(fees, "keep")
    with sqlite3.connect(private_home / REVIEW_FILE) as db:
        assert db.execute("SELECT tag FROM tags").fetchall() == [("keep",)]
