"""Proximity as news databases write it: w/N, pre/N, NEAR/N from positions, w/s and w/p from
the stored text, and one sentence for each malformed one."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchapp.core.engine.proximity import (
    PARAGRAPH,
    SENTENCE,
    near_spans,
    shares_unit,
    unit_starts,
)
from searchapp.core.engine.snippets import Targets, hit_spans
from searchapp.core.errors import QueryError

FILLER = "Officials gave no further details on the matter at the weekly briefing on Tuesday."


def story(title: str, *paragraphs: str, day: int = 3) -> str:
    return f"{title}\n\nLONDON, March {day} (Reuters) - " + "\n\n".join(paragraphs) + "\n"


ARTICLES = {
    # "central bank" two words before "cut"; "rates" right after.
    "adjacent.txt": story(
        "Bank moves",
        "The central bank cut interest rates on Thursday for the first time in a year.",
        FILLER,
    ),
    # "cut" eleven words after "bank": within w/11 but not w/10.
    "far.txt": story(
        "Budget talks",
        "The bank said that after long talks with the treasury it would cut spending.",
        FILLER,
    ),
    # "cut" before "bank": w/5 in either order, never bank pre/5 cut.
    "reversed.txt": story(
        "Spending plans",
        "Ministers want a cut at the bank before the summer recess ends.",
        FILLER,
    ),
    # Both words, in different paragraphs: AND, not w/p.
    "apart.txt": story(
        "Two matters",
        "The bank opened a new branch in the north of the country.",
        "Separately, the council voted to cut the budget for parks.",
    ),
    # One paragraph, two sentences: w/p, not w/s (and "Mr." ends no sentence).
    "sentences.txt": story(
        "Council news",
        "Mr. Hale met the bank in May. The council then agreed to cut fees for residents.",
    ),
}


@pytest.fixture
def library(write_archive, library_for):
    return library_for(write_archive(ARTICLES))


def found(library, text: str) -> set[str]:
    return {hit.path.rsplit("/", 1)[-1] for hit in library.search(text, limit=0).hits}


def test_within_words_either_order(library):
    assert found(library, "bank w/5 cut") == {"adjacent.txt", "reversed.txt"}
    assert found(library, "bank NEAR/5 cut") == found(library, "bank w/5 cut")
    assert "far.txt" not in found(library, "bank w/10 cut")
    assert "far.txt" in found(library, "bank w/11 cut")
    # "bank in May. The council then agreed to cut": eight words apart, across a sentence.
    assert "sentences.txt" in found(library, "bank w/8 cut")
    assert "sentences.txt" not in found(library, "bank w/7 cut")


def test_pre_keeps_the_order(library):
    assert found(library, "bank pre/5 cut") == {"adjacent.txt"}
    assert found(library, "cut pre/5 bank") == {"reversed.txt"}


def test_proximity_never_finds_more_than_the_plain_and(library):
    every_and = found(library, "bank AND cut")
    for distance in (1, 2, 5, 10, 50):
        within = found(library, f"bank w/{distance} cut")
        assert within <= every_and
        assert found(library, f"bank pre/{distance} cut") <= within


def test_sides_can_be_phrases_or_groups_and_keep_word_forms(library):
    assert found(library, '"central bank" w/3 cut') == {"adjacent.txt"}
    assert found(library, "(bank OR treasury) w/3 cut") == {
        "adjacent.txt",
        "far.txt",
        "reversed.txt",
    }
    assert found(library, "banks w/3 cut") == {"adjacent.txt", "reversed.txt"}  # forms of bank
    assert found(library, "(bank w/3 cut) w/2 rates") == {"adjacent.txt"}


def test_sentence_and_paragraph(library):
    assert found(library, "bank w/s cut") == {"adjacent.txt", "far.txt", "reversed.txt"}
    assert found(library, "bank w/p cut") == {
        "adjacent.txt",
        "far.txt",
        "reversed.txt",
        "sentences.txt",
    }
    assert "apart.txt" in found(library, "bank AND cut")


def test_proximity_combines_with_other_words_and_filters(library):
    assert found(library, "bank w/5 cut AND interest") == {"adjacent.txt"}
    assert found(library, "bank w/5 cut -interest") == {"reversed.txt"}
    assert found(library, "bank w/5 cut date:2020") == set()  # a date range: Whoosh's path


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("bank w/ cut", "no proximity operator"),
        ("bank w/x cut", "no proximity operator"),
        ("bank w/5", "something on each side"),
        ("w/5 cut", "something on each side"),
        ("bank w/0 cut", "from 1 to"),
        ("bank w/5 date:2020", "not date:"),
        ("(bank AND cut) w/5 rates", "put an AND or a NOT outside it"),
        ("(bank w/2 cut) w/s rates", "not another proximity"),
    ],
)
def test_a_malformed_proximity_gets_one_sentence(library, text, says):
    with pytest.raises(QueryError, match=says):
        library.search(text)


def test_near_spans_measure_gaps_between_the_sides():
    # a at 10; b at 13 is 3 words after, at 6 is 4 words before.
    assert near_spans([(10, 10)], [(13, 13)], 3, ordered=False) == [(10, 13)]
    assert near_spans([(10, 10)], [(13, 13)], 2, ordered=False) == []
    assert near_spans([(10, 10)], [(6, 6)], 4, ordered=False) == [(6, 10)]
    assert near_spans([(10, 10)], [(6, 6)], 4, ordered=True) == []
    # A two-word phrase ending at 11: b at 14 is 3 after its end.
    assert near_spans([(10, 11)], [(14, 14)], 3, ordered=True) == [(10, 14)]
    assert near_spans([(10, 10)], [(10, 10)], 5, ordered=False) == []  # the same word


def test_units_split_at_blank_lines_or_lines_and_sentence_ends():
    text = "First para. Dr. Who spoke. U.S. officials agreed.\n\nSecond para here."
    paragraphs = unit_starts(text, PARAGRAPH)
    assert [text[s : s + 6] for s in paragraphs] == ["First ", "Second"]
    sentences = unit_starts(text, SENTENCE)
    assert [text[s : s + 5] for s in sentences] == ["First", "Dr. W", "U.S. ", "Secon"]
    # No blank lines: each line is a paragraph.
    assert len(unit_starts("one line\nanother line\nthird", PARAGRAPH)) == 3


# Words and the marks between them where sentences and paragraphs end, or seem to and do not.
WORDS = st.sampled_from(
    ["bank", "Bank", "cut", "Cut", "rates", "the", "The", "Mr.", "U.S.", "J.", "No.", "9.",
     "“Cut", "(Bank", "said.", "cut!", "rates?”", "said.”", "'"]
)  # fmt: skip
BETWEEN = st.sampled_from([" ", " ", " ", ". ", "! ", "? ", "\n", "\n\n", "\n \n", "\t", ""])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(WORDS, BETWEEN), max_size=30), st.sampled_from([SENTENCE, PARAGRAPH]))
def test_a_shared_unit_is_found_between_neighbouring_hits_as_in_the_whole_text(pieces, unit):
    text = "".join(word + between for word, between in pieces)
    first = hit_spans(text, Targets(frozenset(["bank"])))
    second = hit_spans(text, Targets(frozenset(["cut", "rates"])))
    starts = unit_starts(text, unit)

    def units(spans):
        return {bisect.bisect_right(starts, start) for start, _end in spans}

    assert shares_unit(text, first, second, unit) == bool(units(first) & units(second))


def test_a_shared_unit_needs_no_break_between_the_two():
    text = "The bank met. Mr. Smith said rates would be cut.\n\nThe bank waited."
    bank = hit_spans(text, Targets(frozenset(["bank"])))
    cut = hit_spans(text, Targets(frozenset(["cut"])))
    rates = hit_spans(text, Targets(frozenset(["rates"])))
    said = hit_spans(text, Targets(frozenset(["said"])))
    assert not shares_unit(text, bank, cut, SENTENCE)  # a sentence apart
    assert shares_unit(text, bank, cut, PARAGRAPH)
    assert shares_unit(text, said, cut, SENTENCE)  # "Mr." ends no sentence
    assert shares_unit(text, cut, rates, SENTENCE)  # in either order
    assert not shares_unit(text, bank[1:], cut, PARAGRAPH)
    text = "The bank met. Cut rates followed, said J. Bank."
    cut = hit_spans(text, Targets(frozenset(["cut"])))
    bank = hit_spans(text, Targets(frozenset(["bank"])))
    assert shares_unit(text, bank[1:], cut, SENTENCE)  # an initial ends no sentence
    assert not shares_unit(text, bank[:1], cut, SENTENCE)  # the next one starts at "Cut"
