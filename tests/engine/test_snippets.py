"""Snippets and hit marking: passages around the hits, phrases as one span."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from searchapp.core.engine.snippets import FoldedText, Targets, hit_spans, make_snippet


def test_make_snippet_picks_passages_around_hits():
    text = ("filler words here. " * 40) + "The rare needle appears. " + ("more filler. " * 40)
    snippet = make_snippet(text, Targets(frozenset({"needle"})))
    assert "<mark>needle</mark>" in snippet
    assert snippet.startswith("… ")
    assert len(snippet) < 400


def test_phrases_are_marked_as_one_span():
    text = "It is said the regime is dead. The regime, it is said, is dead."
    spans = hit_spans(text, Targets(phrases=(("regime", "is", "dead"),)))
    assert [text[s:e] for s, e in spans] == ["regime is dead"]
    both = hit_spans(text, Targets(frozenset({"said"}), (("regime", "is", "dead"),)))
    assert [text[s:e] for s, e in both] == ["said", "regime is dead", "said"]


def test_a_snippet_starts_at_the_beginning_of_a_word():
    # No sentence end or line break near the hit: the passage must still not open mid-word.
    filler = " ".join(f"word{n}" for n in range(60))
    token = "https://example.org/a-very-long-address-with-many-parts/in-it/and-more/"
    text = f"{filler} {token} and then the harbour flooded. {filler}"
    snippet = make_snippet(text, Targets(frozenset({"harbour"})))
    first = snippet.removeprefix("… ").split()[0]
    assert first in text.split(), first


# Characters around which word searches and the expression could disagree: case, accents,
# letters that fold to several or that match an ASCII letter regardless of case ("ſ", "K",
# "ı", "İ"), digits, the underscore and other scripts' letters.
TEXT_CHARS = st.sampled_from(list("ab sSkKiI_9.-’ßéÉſKıİЖж\n") + ["bank", "Bank", "BANKS", "s_k"])


@settings(max_examples=500, deadline=None)
@given(
    st.lists(TEXT_CHARS, max_size=40),
    st.sets(st.sampled_from(["bank", "banks", "s", "k", "i", "ss", "e", "9", "s_k"]), max_size=9),
)
def test_plain_words_are_found_where_the_expression_finds_them(pieces, words):
    text = "".join(pieces)
    targets = Targets(frozenset(words))
    by_expression = FoldedText(text)
    by_expression.lowered = None  # what the expression alone finds
    assert FoldedText(text).spans(targets) == by_expression.spans(targets)
