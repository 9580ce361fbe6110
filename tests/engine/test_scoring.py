"""Block-at-a-time scoring against Whoosh's own matchers: same documents, same order."""

from __future__ import annotations

import pytest

from searchapp.core.engine.query import expand_typos
from searchapp.core.engine.scoring import QueryScorer


@pytest.mark.parametrize(
    ("text", "variants"),
    [
        ("Homs", False),
        ("rebels Homs", False),
        ("Hama OR Aleppo", False),
        ("Assad -Jolani", False),
        ("(regime OR rebels) Syria NOT Erdogan", False),
        ("Jolani", True),
        ("title:Homs", False),
        ("Homz~", False),
    ],
)
def test_block_scoring_agrees_with_whoosh(seed_library, text, variants):

    engine = seed_library.engine
    version, searcher = engine.searcher()
    reader = searcher.reader()
    q = expand_typos(engine.parse(text, version, searcher, variants), reader)
    fast = QueryScorer(reader, lambda field: version.stats(reader, field)).scores(q)
    slow = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
    assert fast is not None and fast.keys() == slow.keys() and slow
    # Whoosh adds a constant 1 for each NOT it evaluates; the order is what matters.
    offsets = {round(slow[d] - fast[d], 9) for d in slow}
    assert len(offsets) == 1


@pytest.mark.parametrize(
    "text",
    [
        '"this regime is dead"',
        '"rebel forces"',
        '"regime dead"~3',
        '"Homs rebels"~4',
        '"dead regime"',
    ],
)
def test_block_phrases_find_what_whoosh_finds(seed_library, text):
    engine = seed_library.engine
    version, searcher = engine.searcher()
    reader = searcher.reader()
    q = engine.parse(text, version, searcher)
    fast = QueryScorer(reader, lambda field: version.stats(reader, field)).scores(q)
    slow = {hit.docnum for hit in searcher.search(q, limit=None)}
    assert fast is not None and set(fast) == slow


def test_copying_a_query_shares_the_index_vocabulary():
    """Whoosh copies query nodes deeply to change a boost (`a AND b` does); the vocabulary of
    the whole index must come along by reference, not be copied each time."""
    import copy

    from whoosh import query

    from searchapp.core.engine.query import TypoTerm, WordForms
    from searchapp.core.engine.vocabulary import Vocabulary

    vocabulary = Vocabulary()
    words = WordForms("content", "port", vocabulary=vocabulary)
    typo = TypoTerm("content", "prot", vocabulary=vocabulary)
    both = query.And([words, typo]).with_boost(2.0)
    for node in (copy.deepcopy(words), copy.deepcopy(typo), *both.children()):
        assert node.vocabulary is vocabulary
    assert copy.deepcopy(words) == words
