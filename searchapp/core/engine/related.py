"""The same story elsewhere: other outlets' articles on the events one article reports.

An article's distinctive words are those it uses often and the archive rarely (names above
all, which headlines and datelines repeat); another article that shares several of them within
a few days of it reports the same events, in its own words. Copies of the article itself are
its story, not its coverage elsewhere, so they are left out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

from searchapp.core.engine.analysis import STOP_WORDS, fold

DISTINCTIVE = 16  # words an article is looked for by
LOOKED_UP = 40  # of its most used words, whose rarity in the archive is read
COMMON_SHARE = 0.05  # a word in more of the archive's articles than this share, and
COMMON_FLOOR = 50  # than this many, is no clue to one story's events
SHARED = 3  # of which another article must have at least this many
NAME_WEIGHT = 1.5  # a name counts more than a common noun
# Words every news story uses, which say nothing of its events (beside the index's stop words).
GENERIC = frozenset(
    """
    about after again against ago all also among another any around away back because been
    before being between both came can come could day days did does down during each early
    either even ever every few first four further get got had her here hers him his how
    however just last later least less like made make many may more most much must near
    new next now off once one only other our out over own per said say says second several
    she should since some still such than that their them then there these they third this
    those though three through time told too took two under until upon very was week weeks
    were what when where whether which while who whom whose why will with within without
    would year years yesterday today tomorrow monday tuesday wednesday thursday friday
    saturday sunday january february march april june july august september october
    november december
    """.split()
)
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$")


def distinctive_words(
    title: str, text: str, document_frequency: Callable[[str], int], documents: int
) -> dict[str, float]:
    """The article's DISTINCTIVE words that other articles also have, each with its weight:
    how often the article uses it (damped) times how rare it is in the archive, more for
    names (written with a capital inside a sentence)."""
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for sentence_start, token in _tokens(f"{title}.\n{text}"):
        word = fold(token)
        if len(word) < 3 or word in STOP_WORDS or word in GENERIC:
            continue
        counts[word] += 1
        if token[0].isupper() and not sentence_start:
            names.add(word)
    # Only the words it uses most (names first) are looked up in the index: an article's
    # events are in those, and each lookup costs a read.
    bonus = {word: NAME_WEIGHT if word in names else 1.0 for word in counts}
    looked_up = sorted(counts, key=lambda w: (-counts[w] * bonus[w], w))[:LOOKED_UP]
    weights: dict[str, float] = {}
    for word in looked_up:
        count = counts[word]
        found = document_frequency(word)
        if found < 2 or found > max(COMMON_FLOOR, documents * COMMON_SHARE):
            continue  # only this article has it; or so many have it that it tells nothing
        # Smoothed: a word every article has still counts a little, so that in a small
        # archive on one topic the topic's own words (used again and again) find its coverage.
        weight = (1 + math.log(count)) * (1 + math.log((documents + 1) / (found + 1)))
        weights[word] = weight * bonus[word]
    best = sorted(weights, key=lambda w: (-weights[w], w))[:DISTINCTIVE]
    return {word: weights[word] for word in best}


def _tokens(text: str):
    """Each word of `text`, and whether it begins a sentence (so its capital says nothing)."""
    previous_end = 0
    for match in _TOKEN.finditer(text):
        between = text[previous_end : match.start()]
        starts = previous_end == 0 or bool(_SENTENCE_END.search(between)) or "\n" in between
        yield starts, match.group()
        previous_end = match.end()


def shared_scores(
    weights: dict[str, float],
    postings: Callable[[str], Sequence[int]],
    within: set[int] | None = None,
) -> dict[int, float]:
    """Documents (of `within`, when given) that have at least SHARED of the weighted words,
    scored by the weights of those they have."""
    scores: Counter[int] = Counter()
    shared: Counter[int] = Counter()
    for word, weight in weights.items():
        docs = postings(word)
        if within is not None:
            docs = within.intersection(docs)
        for doc in docs:
            scores[doc] += weight
            shared[doc] += 1
    return {doc: score for doc, score in scores.items() if shared[doc] >= SHARED}
