"""Versions compared word by word: what a copy of a story keeps, drops and adds."""

from __future__ import annotations

import random
import time

from hypothesis import given
from hypothesis import strategies as st

from searchapp.core.engine.versions import compare_words, render_plain
from searchapp.core.types import WordChange

STORY = (
    "DAMASCUS, Dec 6 (Reuters) - Syrian rebels reached the outskirts of Homs on Friday,\n"
    "the army said, after taking Hama a day earlier.\n"
    "\n"
    "About 120,000 people had fled the city by evening, a monitor said.\n"
    "\n"
    "The rebels' advance is the fastest in years of war."
)


def edits(changes: tuple[WordChange, ...]) -> list[tuple[str, str]]:
    """The changes that alter words, as (kind, text): layout-only ones left out."""
    return [(c.kind, c.text.strip()) for c in changes if c.kind != "same" and c.text.strip()]


def rebuilt(changes: tuple[WordChange, ...], kind: str) -> str:
    return "".join(c.text for c in changes if c.kind in ("same", kind))


def test_identical_texts_are_one_same_run():
    assert compare_words(STORY, STORY) == (WordChange("same", STORY),)


def test_a_rewrapped_paragraph_changes_no_word():
    rewrapped = STORY.replace(",\nthe army", ", the\narmy").replace(
        "by evening, a", "by\n  evening,  a"
    )
    changes = compare_words(STORY, rewrapped)
    assert edits(changes) == []
    assert render_plain(changes) == rewrapped


def test_a_trimmed_last_paragraph_is_one_drop_at_the_end():
    trimmed = STORY.rsplit("\n\n", 1)[0] + "\n"
    changes = compare_words(STORY, trimmed)
    assert [c.kind for c in changes] == ["same", "dropped"]
    assert changes[-1].text.strip() == "The rebels' advance is the fastest in years of war."


def test_a_corrected_figure_is_just_that_word():
    corrected = STORY.replace("120,000", "150,000")
    changes = compare_words(STORY, corrected)
    assert edits(changes) == [("dropped", "120,000"), ("added", "150,000")]
    assert [c.kind for c in changes] == ["same", "dropped", "added", "same"]


def test_a_new_headline_replaces_the_first_line():
    first = "Rebels near Homs\n\n" + STORY
    second = "Syrian rebels reach outskirts of Homs\n\n" + STORY
    changes = compare_words(first, second)
    assert edits(changes) == [
        ("dropped", "Rebels near"),
        ("added", "Syrian rebels reach outskirts of"),
    ]
    assert changes[-1] == WordChange("same", " Homs\n\n" + STORY)


def test_an_added_correction_line_is_one_addition():
    corrected = STORY + "\n\n(Corrects number of people in paragraph 2)"
    changes = compare_words(STORY, corrected)
    assert edits(changes) == [("added", "(Corrects number of people in paragraph 2)")]


def test_words_compare_exactly():
    assert edits(compare_words("the Army said", "the army said")) == [
        ("dropped", "Army"),
        ("added", "army"),
    ]


def test_a_common_word_between_two_edits_stays_shared():
    # difflib's autojunk would stop matching "of" in a long text, where it is over 1% of words.
    article = " ".join(f"point{n} of order" for n in range(100))
    changes = compare_words(article + " head of state", article + " chief of staff")
    assert edits(changes) == [
        ("dropped", "head"),
        ("added", "chief"),
        ("dropped", "state"),
        ("added", "staff"),
    ]


def test_render_plain_marks_words_as_wdiff_does():
    changes = compare_words("about 120 people fled the city", "about 150 people fled")
    assert render_plain(changes) == "about [-120-]{+150+} people fled [-the city-]"


def test_texts_without_words():
    assert compare_words("", "") == ()
    assert edits(compare_words(" \n", "\t")) == []
    assert compare_words("", "word") == (WordChange("added", "word"),)


# A small vocabulary makes shared words, moved words and repeats likely; the spacing draws
# from the whitespace copies differ by, Unicode's included.
_words = st.lists(st.sampled_from(["a", "b", "c", "Homs", "120", "<b>x</b>", "é"]), max_size=30)
_spaces = st.text(alphabet=" \t\n\u00a0\u2003", min_size=1, max_size=3)


@st.composite
def texts(draw) -> str:
    words = draw(_words)
    gaps = [draw(st.one_of(st.just(""), _spaces))] + [draw(_spaces) for _ in words[1:]]
    end = draw(st.one_of(st.just(""), _spaces)) if words else ""
    return "".join(gap + word for gap, word in zip(gaps, words, strict=False)) + end


@given(texts(), texts())
def test_the_changes_rebuild_both_texts(first: str, second: str):
    changes = compare_words(first, second)
    assert rebuilt(changes, "dropped") == first
    assert rebuilt(changes, "added") == second
    assert all(c.text for c in changes)
    assert all(a.kind != b.kind for a, b in zip(changes, changes[1:], strict=False))


@given(texts(), texts())
def test_changes_keep_words_whole(first: str, second: str):
    changes = compare_words(first, second)
    kept = [w for c in changes if c.kind in ("same", "dropped") for w in c.text.split()]
    assert kept == first.split()
    if first.split() == second.split():
        assert edits(changes) == []


def test_two_long_copies_compare_quickly():
    # Words drawn as prose uses them (Zipf's law: the commonest is one word in eight), so the
    # matcher meets repeats as often as in a real article.
    draw = random.Random(13)
    vocabulary = [f"word{n}" for n in range(2000)]
    words = draw.choices(vocabulary, weights=[1 / (n + 1) for n in range(2000)], k=5200)
    first = "\n\n".join(" ".join(words[n : n + 50]) for n in range(0, 5200, 50))
    copy = words[:4900]  # the last six paragraphs trimmed, two words corrected, re-wrapped
    copy[1000], copy[3000] = "corrected", "changed"
    second = "\n".join(" ".join(copy[n : n + 13]) for n in range(0, 4900, 13))
    start = time.perf_counter()
    changes = compare_words(first, second)
    elapsed = time.perf_counter() - start
    assert [kind for kind, _ in edits(changes)] == ["dropped", "added"] * 2 + ["dropped"]
    assert elapsed < 1.0, elapsed
