"""Scoring whole queries of words at once from raw postings blocks.

Whoosh's matchers walk the matching documents one at a time in Python; for queries made of
words, phrases, OR, AND and NOT (most of what people type), reading each term's postings a
block at a time and scoring with comprehensions is several times faster. Scores are bm25.py's,
as FormsMatcher gives them, so both paths rank alike; prefixes, date ranges and other nodes go
the Whoosh way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

from whoosh import matching, query

from searchapp.core.engine.bm25 import FieldStats
from searchapp.core.engine.postings import KEY_STRIDE
from searchapp.core.engine.query import WordForms

Scores = dict[int, float]


class Unsupported(Exception):
    """The query holds a node this fast path does not score; Whoosh must."""


class Computed(query.Query):
    """A query node whose documents the engine finds itself, not with a Whoosh matcher (words
    near each other, the articles a user tagged). It scores on the fast path; on Whoosh's path
    (a query that also holds a date range or a prefix) its matcher hands out the same scores
    for one segment at a time."""

    boost = 1.0

    def field(self) -> None:
        return None  # its words, if any, are its children's

    def scored(self, scorer: QueryScorer) -> Scores:
        raise NotImplementedError

    def matcher(self, searcher, context=None):
        parent = searcher.get_parent()
        top = parent.reader()
        scores = self.scored(QueryScorer(top, lambda name: FieldStats(top, name)))
        offset, size = 0, top.doc_count_all()
        if searcher is not parent or searcher.is_atomic():
            offset = next(
                (
                    o
                    for s, o in parent.leaf_searchers()
                    if s is searcher or s.reader() is searcher.reader()
                ),
                0,
            )
            size = searcher.reader().doc_count_all()
        ids = sorted(d - offset for d in scores if offset <= d < offset + size)
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(ids, [scores[d + offset] or 1e-9 for d in ids])

    def estimate_size(self, ixreader) -> int:
        return ixreader.doc_count_all()

    def estimate_min_size(self, ixreader) -> int:
        return 0


def _leaf_matchers(reader, fieldname: str, word: str):
    """(raw leaf matcher, document number offset, deleted documents) for each segment with `word`.

    Whoosh wraps leaf matchers to hide deleted documents one posting at a time; the callers
    here drop them a block at a time instead.
    """
    btext = word.encode("utf-8")
    for segment, offset in reader.leaf_readers():
        if (fieldname, btext) not in segment:
            continue
        matcher = segment._terms.matcher(fieldname, btext, segment.schema[fieldname].format)
        # Whoosh hands out an iterator here, not a set.
        yield matcher, offset, frozenset(segment._perdoc.deleted_docs())


def term_postings(
    reader, fieldname: str, word: str, positions: bool = False
) -> tuple[list[int], list]:
    """Document numbers, and term frequencies (or encoded positions), across all segments."""
    ids: list[int] = []
    weights: list = []
    for matcher, offset, deleted in _leaf_matchers(reader, fieldname, word):
        while matcher.is_active():
            # A whole block at a time: these are the leaf matcher's own arrays.
            matcher._read_ids()
            block_ids = list(matcher._ids)
            if positions:
                matcher._read_values()
                block_weights = list(matcher._values)
            else:
                matcher._read_weights()
                block_weights = list(matcher._weights)
            if deleted and not deleted.isdisjoint(block_ids):
                kept = [i for i, d in enumerate(block_ids) if d not in deleted]
                block_ids = [block_ids[i] for i in kept]
                block_weights = [block_weights[i] for i in kept]
            if offset:
                block_ids = [docnum + offset for docnum in block_ids]
            ids.extend(block_ids)
            weights.extend(block_weights)
            matcher._next_block()
    return ids, weights


def term_docs(reader, fieldname: str, word: str) -> list[int]:
    """The live documents that hold `word`, without reading how often (a block at a time)."""
    docs: list[int] = []
    for matcher, offset, deleted in _leaf_matchers(reader, fieldname, word):
        while matcher.is_active():
            matcher._read_ids()
            block = [docnum + offset for docnum in matcher._ids if docnum not in deleted]
            docs.extend(block)
            matcher._next_block()
    return docs


def score_forms(
    reader, stats: FieldStats, fieldname: str, words: list[str], boost: float
) -> Scores:
    """BM25 of several forms of one word counted as one term."""
    frequency_of: dict[int, float] = {}
    document_frequency = 0
    for word in words:
        ids, weights = term_postings(reader, fieldname, word)
        document_frequency += len(ids)
        if not frequency_of:
            frequency_of = dict(zip(ids, weights, strict=True))
            continue
        for docnum, weight in zip(ids, weights, strict=True):
            frequency_of[docnum] = frequency_of.get(docnum, 0.0) + weight
    return stats.scores(frequency_of, boost, document_frequency)


def phrase_frequencies(reader, fieldname: str, words: list[str], slop: int) -> dict[int, int]:
    """How often the words stand in order in each document, each within `slop` of the last."""
    if slop <= 1:
        return _adjacent_frequencies(reader, fieldname, words)
    postings = [term_postings(reader, fieldname, w, positions=True) for w in words]
    by_word = [dict(zip(ids, values, strict=True)) for ids, values in postings]
    candidates = set(min(by_word, key=len))
    for values in by_word:
        candidates.intersection_update(values)
    decode = reader.schema[fieldname].format.decode_positions
    found: dict[int, int] = {}
    for docnum in candidates:
        lists = [decode(values[docnum]) for values in by_word]
        count = sum(1 for p in lists[0] if _follows(p, lists[1:], slop))
        if count:
            found[docnum] = count
    return found


def _adjacent_frequencies(reader, fieldname: str, words: list[str]) -> dict[int, int]:
    # Keys (document * KEY_STRIDE + position) of the rarest word, less its place in the phrase,
    # are the candidate starts. Each other word keeps the starts it follows at its place,
    # checked the cheaper way: all its keys against the starts in one set intersection a
    # block at a time, or, when few documents are left, their positions one by one.
    order = sorted(range(len(words)), key=lambda k: reader.doc_frequency(fieldname, words[k]))
    starts: set[int] = set()
    for keys in position_keys(reader, fieldname, words[order[0]], shift=order[0]):
        starts.update(keys)
    documents = reader.doc_frequency(fieldname, words[order[0]])  # at most, to begin with
    for k in order[1:]:
        word = words[k]
        whole_blocks = 0.1 * reader.frequency(fieldname, word) + 0.3 * reader.doc_frequency(
            fieldname, word
        )
        found: set[int] = set()
        if whole_blocks < 1.5 * documents:
            for keys in position_keys(reader, fieldname, word, shift=k):
                found.update(starts.intersection(keys))
        else:
            by_document: dict[int, list[int]] = defaultdict(list)
            for key in starts:
                by_document[key // KEY_STRIDE].append(key)
            for docnum, positions in position_sets(reader, fieldname, word, by_document):
                base = docnum * KEY_STRIDE - k
                found.update(key for key in by_document[docnum] if key - base in positions)
        starts = found
        if not starts:
            return {}
        documents = len(starts)  # at most
    return dict(Counter(key // KEY_STRIDE for key in starts))


def position_keys(reader, fieldname: str, word: str, shift: int = 0) -> Iterator[list[int]]:
    """Each position of `word` as document * KEY_STRIDE + position - shift, a block at a time."""
    for matcher, offset, deleted in _leaf_matchers(reader, fieldname, word):
        while matcher.is_active():
            keys = matcher.position_keys(offset, shift)
            if deleted and not deleted.isdisjoint(matcher._ids):
                keys = [k for k in keys if (k + shift) // KEY_STRIDE - offset not in deleted]
            yield keys
            matcher._next_block()


def position_sets(reader, fieldname: str, word: str, documents) -> Iterator[tuple[int, set[int]]]:
    """(document, positions of `word` in it) for those of `documents` that have it."""
    for matcher, offset, _deleted in _leaf_matchers(reader, fieldname, word):
        # (No need to drop deleted documents: `documents` come from live postings.)
        while matcher.is_active():
            yield from matcher.position_sets(offset, documents)
            matcher._next_block()


def _follows(start: int, rest: list[list[int]], slop: int) -> bool:
    """Whether each list has a position after the previous word's, at most `slop` further."""
    previous = start
    for positions in rest:
        following = [p for p in positions if previous < p <= previous + slop]
        if not following:
            return False
        previous = following[0]
    return True


def _sum_union(parts: list[Scores]) -> Scores:
    result: Scores = {}
    for part in parts:
        if not result:
            result = dict(part)
            continue
        for docnum, score in part.items():
            result[docnum] = result.get(docnum, 0.0) + score
    return result


def _intersection(parts: list[Scores]) -> Scores:
    parts = sorted(parts, key=len)
    result = dict(parts[0])
    for part in parts[1:]:
        result = {d: s + part[d] for d, s in result.items() if d in part}
    return result


class QueryScorer:
    """Scores a parsed query over one index version, or raises Unsupported."""

    def __init__(self, reader, stats_for: Callable[[str], FieldStats]) -> None:
        self.reader = reader
        self.stats_for = stats_for  # field name -> its statistics in this index version

    def scores(self, q: query.Query) -> Scores:
        if isinstance(q, Computed):
            return q.scored(self)
        if isinstance(q, WordForms):
            stats = self.stats_for(q.fieldname)
            parts = [
                score_forms(self.reader, stats, q.fieldname, words, boost)
                for words, boost in q.groups(self.reader)
                if words
            ]
            return _sum_union(parts)
        if isinstance(q, query.Phrase) and q.words:
            stats = self.stats_for(q.fieldname)
            found = phrase_frequencies(self.reader, q.fieldname, list(q.words), q.slop)
            return stats.scores(found, q.boost, len(found))
        if isinstance(q, query.Term) and isinstance(q.text, str):
            stats = self.stats_for(q.fieldname)
            return score_forms(self.reader, stats, q.fieldname, [q.text], q.boost)
        if isinstance(q, query.AndNot):
            kept = self.scores(q.a)
            removed = self.scores(q.b)
            return {d: s for d, s in kept.items() if d not in removed}
        if isinstance(q, query.And):
            positive = [c for c in q.subqueries if not isinstance(c, query.Not)]
            negative = [c.query for c in q.subqueries if isinstance(c, query.Not)]
            if not positive:
                raise Unsupported("an AND of exclusions only")
            result = _intersection([self.scores(c) for c in positive])
            for child in negative:
                removed = self.scores(child)
                result = {d: s for d, s in result.items() if d not in removed}
            return result
        if isinstance(q, query.Or) and not isinstance(q, query.DisjunctionMax):
            if any(isinstance(c, query.Not) for c in q.subqueries):
                raise Unsupported("an OR with an exclusion")
            return _sum_union([self.scores(c) for c in q.subqueries])
        raise Unsupported(type(q).__name__)
