"""Proximity as news databases write it: `a w/5 b`, `a pre/5 b`, `a NEAR/5 b`, `a w/s b`, `a w/p b`.

- `w/N` and `NEAR/N`: the two sides within N words of each other, in either order (N = 1 is
  next to each other);
- `pre/N`: the left side before the right one, within N words;
- `w/s`, `w/p`: in one sentence, in one paragraph.

A side is a word (with its forms, as everywhere), a "phrase", a word* or word~, an OR group in
parentheses, or another proximity: `(tax OR levy) w/5 (rise OR increase)`,
`"interest rates" pre/3 cut`, `(court w/3 ruling) w/p appeal`.

Word distances come from the positions the index holds. The index knows no sentences or
paragraphs, so w/s and w/p read the article's stored text: the documents that hold both sides
are found in the index first, then each one's text is searched for the sides' hits, and the
text between neighbouring hits of the two sides for a break (paragraphs end at blank lines, or
at line breaks in a text without them; sentences at ., ! and ? before a capital, abbreviations
and initials aside).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable

from whoosh import query
from whoosh.qparser import syntax
from whoosh.qparser.plugins import Plugin, RegexTagger

from searchapp.core.engine.query import TEXT_FIELDS, WordForms
from searchapp.core.engine.schema import Texts
from searchapp.core.engine.scoring import (
    Computed,
    QueryScorer,
    Scores,
    Unsupported,
    score_forms,
    term_docs,
    term_postings,
)
from searchapp.core.engine.snippets import hit_spans, hit_spans_each, query_targets
from searchapp.core.errors import QueryError

SENTENCE, PARAGRAPH = "sentence", "paragraph"
MAX_DISTANCE = 1000
Span = tuple[int, int]  # first and last position of a side's match in a document
OPERAND_HELP = "words, phrases, OR groups in parentheses or another proximity"


class Near(Computed):
    """Documents where `a` and `b` stand within `distance` words (or in one `unit`: sentence or
    paragraph), `a` first when `ordered`; scored as `a AND b` is."""

    def __init__(
        self,
        subqueries: list[query.Query],
        distance: int = 0,
        ordered: bool = False,
        unit: str = "",
        name: str = "",
        boost: float = 1.0,
    ) -> None:
        self.subqueries = list(subqueries)
        self.distance = distance
        self.ordered = ordered
        self.unit = unit
        self.name = name or (f"w/{unit[0]}" if unit else f"w/{distance}")
        self.boost = boost
        self._found: tuple[object, dict[int, list[Span]]] | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Near) and (
            self.subqueries,
            self.distance,
            self.ordered,
            self.unit,
        ) == (other.subqueries, other.distance, other.ordered, other.unit)

    def __hash__(self) -> int:
        return hash((tuple(self.subqueries), self.distance, self.ordered, self.unit))

    def __repr__(self) -> str:
        return f"Near({self.subqueries!r}, {self.name})"

    def __str__(self) -> str:
        return f" {self.name} ".join(str(q) for q in self.subqueries)

    def children(self):
        return iter(self.subqueries)

    def is_leaf(self) -> bool:
        return False

    def normalize(self) -> Near:
        return self.apply(lambda q: q.normalize())

    def apply(self, fn):
        return Near(
            [fn(q) for q in self.subqueries],
            self.distance,
            self.ordered,
            self.unit,
            self.name,
            self.boost,
        )

    def scored(self, scorer: QueryScorer) -> Scores:
        found = self.spans(scorer.reader)
        parts = [_side_scores(scorer, side) for side in self.subqueries]
        return {d: sum(part.get(d, 0.0) for part in parts) * self.boost for d in found if found[d]}

    def spans(self, reader) -> dict[int, list[Span]]:
        """Per matching document, where each match stands (from the first side's first
        position to the other side's last); kept for the reader it was found in."""
        if self._found is not None and self._found[0] is reader:
            return self._found[1]
        left, right = self.subqueries
        fieldname = _field(left) or _field(right) or "content"
        both = side_docs(left, reader) & side_docs(right, reader)
        if self.unit:
            found = _same_unit(reader, left, right, both, self.unit)
        else:
            a = side_spans(left, reader, fieldname, both)
            b = side_spans(right, reader, fieldname, both)
            found = {}
            for docnum in both:
                matched = near_spans(
                    a.get(docnum, []), b.get(docnum, []), self.distance, self.ordered
                )
                if matched:
                    found[docnum] = matched
        self._found = (reader, found)
        return found


def _side_scores(scorer: QueryScorer, side: query.Query) -> Scores:
    """A side's scores; for word* and its kin, which the fast path leaves to Whoosh, as one
    word with all the forms they match."""
    try:
        return scorer.scores(side)
    except Unsupported:
        if isinstance(side, query.MultiTerm):
            fieldname = _field(side) or "content"
            stats = scorer.stats_for(fieldname)
            return score_forms(scorer.reader, stats, fieldname, _words(side, scorer.reader), 1.0)
        parts = [_side_scores(scorer, child) for child in side.children()]
        merged: Scores = {}
        for part in parts:
            for docnum, score in part.items():
                merged[docnum] = merged.get(docnum, 0.0) + score
        return merged


def near_spans(a: list[Span], b: list[Span], distance: int, ordered: bool) -> list[Span]:
    """For each span of `a` with a span of `b` at most `distance` words after it (or, unless
    `ordered`, before it), the span covering both, with the closest such `b`."""
    if not a or not b:
        return []
    b = sorted(b)
    starts = [start for start, _ in b]
    longest = max(end - start for start, end in b)
    found = []
    for start, end in a:
        best: Span | None = None
        # After: a `b` starting 1 to `distance` words past the end of `a`.
        i = bisect.bisect_right(starts, end)
        if i < len(b) and b[i][0] - end <= distance:
            best = (start, b[i][1])
        if not ordered:
            # Before: a `b` ending 1 to `distance` words before `a` starts.
            low = bisect.bisect_left(starts, start - distance - longest)
            high = bisect.bisect_left(starts, start)
            for b_start, b_end in b[low:high]:
                if b_end < start and start - b_end <= distance:
                    gap = start - b_end
                    if best is None or gap < best[0] - end:
                        best = (b_start, end)
        if best is not None:
            found.append(best)
    return found


def _field(q: query.Query) -> str | None:
    fieldname = q.field() if hasattr(q, "field") else None
    if fieldname is not None:
        return fieldname
    for child in q.children():
        found = _field(child)
        if found is not None:
            return found
    return None


def _words(q: query.Query, reader) -> list[str]:
    if isinstance(q, WordForms):
        return [word for word, _ in q.weighted_words(reader)]
    if isinstance(q, query.MultiTerm):
        return [b.decode("utf-8") for b in q._btexts(reader)]
    return [q.text]


def _is_words(q: query.Query) -> bool:
    return isinstance(q, WordForms | query.MultiTerm) or (
        isinstance(q, query.Term) and isinstance(q.text, str)
    )


def check_side(q: query.Query, name: str) -> None:
    """Raise QueryError unless `q` is something a proximity can join."""
    fieldname = q.field() if hasattr(q, "field") else None
    if fieldname is not None and fieldname not in TEXT_FIELDS:
        raise QueryError(f"{name} joins words of the text or the title, not {fieldname}:")
    if _is_words(q) or isinstance(q, query.Phrase):
        return
    if isinstance(q, Near) and not q.unit:
        return
    if isinstance(q, query.Or) and not isinstance(q, query.DisjunctionMax):
        for child in q.subqueries:
            check_side(child, name)
        return
    raise QueryError(f"{name} joins {OPERAND_HELP}; put an AND or a NOT outside it")


def side_docs(q: query.Query, reader) -> set[int]:
    """The documents that may hold a side: each of its words is in them."""
    fieldname = _field(q) or "content"
    if _is_words(q):
        docs: set[int] = set()
        for word in _words(q, reader):
            docs.update(term_docs(reader, fieldname, word))
        return docs
    if isinstance(q, query.Phrase):
        sets = [set(term_docs(reader, fieldname, word)) for word in q.words]
        return set.intersection(*sets) if sets else set()
    if isinstance(q, Near):
        return set(q.spans(reader))
    return set().union(*(side_docs(child, reader) for child in q.children()))


def side_spans(q: query.Query, reader, fieldname: str, docs: set[int]) -> dict[int, list[Span]]:
    """Per document of `docs`, where a side stands in field `fieldname`."""
    decode = reader.schema[fieldname].format.decode_positions
    if _is_words(q):
        found: dict[int, list[Span]] = {}
        for word in _words(q, reader):
            for docnum, value in _postings(reader, fieldname, word, docs):
                found.setdefault(docnum, []).extend((p, p) for p in decode(value))
        return found
    if isinstance(q, query.Phrase):
        return _phrase_spans(reader, fieldname, list(q.words), max(q.slop, 1), docs, decode)
    if isinstance(q, Near):
        return {d: spans for d, spans in q.spans(reader).items() if d in docs}
    merged: dict[int, list[Span]] = {}
    for child in q.children():
        for docnum, spans in side_spans(child, reader, fieldname, docs).items():
            merged.setdefault(docnum, []).extend(spans)
    return merged


def _postings(reader, fieldname: str, word: str, docs: set[int]):
    ids, values = term_postings(reader, fieldname, word, positions=True)
    return ((d, v) for d, v in zip(ids, values, strict=True) if d in docs)


def _phrase_spans(reader, fieldname, words, slop, docs, decode) -> dict[int, list[Span]]:
    by_word = [dict(_postings(reader, fieldname, word, docs)) for word in words]
    found: dict[int, list[Span]] = {}
    for docnum in set.intersection(*(set(p) for p in by_word)):
        lists = [sorted(decode(p[docnum])) for p in by_word]
        spans = []
        for start in lists[0]:
            previous = start
            for positions in lists[1:]:
                i = bisect.bisect_right(positions, previous)
                if i == len(positions) or positions[i] - previous > slop:
                    break
                previous = positions[i]
            else:
                spans.append((start, previous))
        if spans:
            found[docnum] = spans
    return found


# Sentences and paragraphs, for w/s and w/p

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE_BREAK = re.compile(r"\n")
_SENTENCE_END = re.compile(r"""[.!?]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9À-Þ])""")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt st jr sr inc ltd co corp no vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept univ fig".split()
)


def unit_starts(text: str, unit: str) -> list[int]:
    """Where each paragraph (or sentence) of `text` starts, as offsets, in order: the division
    of a whole text that shares_unit keeps to. Searches call shares_unit, which reads only the
    text between hits; this one states the rules whole, for the tests to hold it to."""
    starts = _paragraph_starts(text)
    if unit == PARAGRAPH:
        return starts
    sentences = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        sentences.append(start)
        sentences.extend(
            m.end()
            for m in _SENTENCE_END.finditer(text, start, end)
            if _ends_sentence(text, m, start)
        )
    return sentences


def _paragraph_starts(text: str) -> list[int]:
    breaks = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_BREAK
    return [0] + [m.end() for m in breaks.finditer(text)]


def _ends_sentence(text: str, end: re.Match[str], paragraph: int) -> bool:
    """Whether the sentence end `end` found in the paragraph starting at `paragraph` is one: not
    after an initial ("J. Smith", "U.S. officials") nor an abbreviation such as "Mr."."""
    word = text[max(text.rfind(" ", paragraph, end.start()), paragraph - 1) + 1 : end.start()]
    last = word.rsplit(".", 1)[-1].strip("\"'“‘(")
    return len(last) != 1 and last.lower() not in ABBREVIATIONS


def shares_unit(text: str, first: list[Span], second: list[Span], unit: str) -> bool:
    """Whether a hit of `first` and one of `second` (character spans in `text`) stand in one
    paragraph (or sentence) as unit_starts divides the text.

    Only the text between neighbouring hits of the two sides is read for a sentence end: a
    hit starts at a word character, which no break contains, so a search from there finds the
    breaks that a search of the whole paragraph finds."""
    paragraphs = _paragraph_starts(text)
    hits = sorted([(start, 0) for start, _end in first] + [(start, 1) for start, _end in second])
    for (start, side), (other, other_side) in itertools.pairwise(hits):
        if side == other_side:
            continue
        paragraph = bisect.bisect_right(paragraphs, start)
        if paragraph != bisect.bisect_right(paragraphs, other):
            continue
        if unit == PARAGRAPH or not any(
            m.end() <= other and _ends_sentence(text, m, paragraphs[paragraph - 1])
            for m in _SENTENCE_END.finditer(text, start, other + 1)
        ):
            return True
    return False


def _same_unit(reader, left, right, docs: set[int], unit: str) -> dict[int, list[Span]]:
    """The documents of `docs` whose stored text (or title) has both sides in one sentence or
    paragraph; each with the span (0, 0) of a match in the text, or (-1, -1) in the title."""
    targets = [query_targets(side, reader) for side in (left, right)]
    texts = Texts(reader)
    found: dict[int, list[Span]] = {}
    for docnum in sorted(docs):
        text = texts[docnum]
        first, second = hit_spans_each(text, targets)
        if first and second and shares_unit(text, first, second, unit):
            found[docnum] = [(0, 0)]
            continue
        title = reader.stored_fields(docnum).get("title") or ""
        if title and all(hit_spans(title, t) for t in targets):
            found[docnum] = [(-1, -1)]  # the title is a unit of its own
    return found


# The syntax

_OPERATOR = re.compile(
    r"(?:(?<=[\s)\"])|^)(?:(?P<kind>w|pre|near)/(?P<distance>\d+)|w/(?P<unit>[sp]))(?=[\s(\"]|$)",
    re.IGNORECASE,
)


class ProximityGroup(syntax.GroupNode):
    merging = False
    qclass = Near

    def apply(self, fn):
        return ProximityGroup([fn(node) for node in self.nodes], boost=self.boost, **self.kwargs)


class ProximityOperator(syntax.InfixOperator):
    """`w/5` and its kin between two nodes: the two become one ProximityGroup."""

    def __init__(self, text: str, distance: int, ordered: bool, unit: str) -> None:
        super().__init__(text, ProximityGroup, leftassoc=True)
        self.distance, self.ordered, self.unit = distance, ordered, unit

    def replace_self(self, parser, group, position):
        name = self.text.strip()
        if not 0 < position < len(group) - 1:
            raise QueryError(f"{name} in the query needs something on each side ({OPERAND_HELP})")
        node = ProximityGroup(
            [group[position - 1], group[position + 1]],
            distance=self.distance,
            ordered=self.ordered,
            unit=self.unit,
            name=name,
        )
        group[position - 1 : position + 2] = [node]
        return position


class ProximityTagger(RegexTagger):
    def __init__(self) -> None:
        super().__init__(_OPERATOR)

    def create(self, parser, match):
        if match.group("unit"):
            unit = SENTENCE if match.group("unit").lower() == "s" else PARAGRAPH
            return ProximityOperator(match.group(0), 0, False, unit)
        distance = int(match.group("distance"))
        return ProximityOperator(match.group(0), distance, match.group("kind").lower() == "pre", "")


class ProximityPlugin(Plugin):
    """Adds the proximity operators to Whoosh's parser; they join the nodes beside them before
    AND and OR do."""

    def taggers(self, parser):
        return [(ProximityTagger(), -5)]

    def filters(self, parser):
        return [(self.do_proximity, 590)]  # before the AND/OR operators (600)

    def do_proximity(self, parser, group):
        i = 0
        while i < len(group):
            node = group[i]
            if isinstance(node, ProximityOperator):
                i = node.replace_self(parser, group, i)
            else:
                if isinstance(node, syntax.GroupNode):
                    group[i] = self.do_proximity(parser, node)
                i += 1
        return group


_LOOKS_LIKE_OPERATOR = re.compile(r"(?<![^\s(])(?:w|pre|near)/(?:\S*)", re.IGNORECASE)


def check_operators(text: str) -> None:
    """Raise QueryError for a word shaped like a proximity operator that is none (w/, w/x)."""
    for part in text.split('"')[::2]:  # outside phrases
        for match in _LOOKS_LIKE_OPERATOR.finditer(part):
            if not _OPERATOR.fullmatch(match.group(0).rstrip(")")):
                raise QueryError(
                    f"{match.group(0)} is no proximity operator; write w/5, pre/5, NEAR/5 (a "
                    "number of words), w/s (one sentence) or w/p (one paragraph)"
                )


def check_proximity(q: query.Query, walk: Callable) -> None:
    """Raise QueryError for a proximity whose distance or sides it cannot answer."""
    for node in walk(q):
        if not isinstance(node, Near):
            continue
        if not node.unit and not 1 <= node.distance <= MAX_DISTANCE:
            raise QueryError(f"{node.name} needs a distance from 1 to {MAX_DISTANCE} words")
        if len(node.subqueries) != 2:
            raise QueryError(f"{node.name} in the query needs something on each side")
        for side in node.subqueries:
            check_side(side, node.name)
            if node.unit and isinstance(side, Near):
                raise QueryError(
                    f"{node.name} joins words, phrases and OR groups, not another proximity"
                )
        fields = {_field(side) or "content" for side in node.subqueries}
        if len(fields) > 1:
            raise QueryError(f"{node.name} joins words of one field, not title: and the text")
