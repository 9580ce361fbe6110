"""Answering a query: parsing, filters, facet counts, sorting, snippets, suggestions, variants."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import heapq
import html
import math
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from whoosh import matching, qparser, query
from whoosh.query.terms import ExpandingTerm, FuzzyTerm
from whoosh.util import make_binary_tree

from searchapp.core.analysis import STOP_WORDS, edit_distance, fold, word_spans
from searchapp.core.errors import DateError, IndexDamaged, QueryError, UserInputError
from searchapp.core.index import OUTDATED, IndexStore, damage_guard, decompress_text, outdated
from searchapp.core.metadata import date_label, day_range
from searchapp.core.scoring import FieldStats, QueryScorer, Unsupported
from searchapp.core.vocabulary import Vocabulary

SORTS = ("relevance", "newest", "oldest")
TEXT_FIELDS = ("content", "title")
SUGGEST_BELOW = 3  # a query with fewer hits than this gets a "did you mean"
SNIPPET_PASSAGES = 3
SNIPPET_WIDTH = 180  # characters in one passage
SNIPPET_SCAN_CHARS = 400_000  # longer texts are scanned for snippets only this far
LEAD_MIN_WORDS = 12  # a snippet without hits starts at the first line this long
VARIANT_BOOST = 0.1  # spelling variants count for much less than the word typed
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


@dataclass(frozen=True)
class Hit:
    path: str
    title: str
    date: dt.date | None
    date_origin: str
    source: str
    score: float
    snippet_html: str
    title_html: str = ""  # the title, escaped, with the query's words marked

    @property
    def date_label(self) -> str:
        return date_label(self.date, self.date_origin)


class DateBucket(NamedTuple):
    """One bar of the date histogram: (start, end, count), as DESIGN.md's facets.dates has it."""

    start: dt.date
    end: dt.date
    count: int


@dataclass(frozen=True)
class Facets:
    sources: dict[str, int] = field(default_factory=dict)
    dates: list[DateBucket] = field(default_factory=list)
    granularity: str = "day"


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: Facets
    suggestion: str | None = None
    variants_used: dict[str, list[str]] = field(default_factory=dict)
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class DocumentView:
    """An article for the preview: its text and where the query's words stand in it."""

    path: str
    title: str
    date: dt.date | None
    date_origin: str
    source: str
    text: str
    hits: list[tuple[int, int]]
    file: Path  # the file on disk (its name may not be UTF-8, unlike `path`)

    @property
    def date_label(self) -> str:
        return date_label(self.date, self.date_origin)

    def html(self) -> str:
        """The whole text, escaped, with each hit marked as <mark id="hit-N">."""
        return mark_text(self.text, self.hits, numbered=True).replace("\n", "<br>\n")


class WordForms(ExpandingTerm):
    """A word matching its inflections in the index and, with `variants`, its other spellings."""

    def __init__(
        self,
        fieldname: str,
        text: str,
        boost: float = 1.0,
        vocabulary: Vocabulary | None = None,
        variants: bool = False,
    ) -> None:
        self.fieldname = fieldname
        self.text = text
        self.boost = boost
        self.vocabulary = vocabulary
        self.variants = variants

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordForms) and (
            self.fieldname,
            self.text,
            self.boost,
            self.variants,
        ) == (other.fieldname, other.text, other.boost, other.variants)

    def __hash__(self) -> int:
        return hash((self.fieldname, self.text, self.boost, self.variants))

    def __repr__(self) -> str:
        return f"WordForms({self.fieldname!r}, {self.text!r}, variants={self.variants})"

    def __str__(self) -> str:
        return f"{self.fieldname}:{self.text}"

    def weighted_words(self, reader) -> list[tuple[str, float]]:
        """The index words this term matches, each with its weight."""
        forms = self.vocabulary.forms(self.text) if self.vocabulary else [self.text]
        weighted = [(w, 1.0) for w in forms]
        if self.variants and self.vocabulary:
            for variant in self.vocabulary.variants(self.text):
                weighted += [(w, VARIANT_BOOST) for w in self.vocabulary.forms(variant)]
        seen: set[str] = set()
        present = []
        for word, weight in weighted:
            if word not in seen and (self.fieldname, word) in reader:
                seen.add(word)
                present.append((word, weight))
        return present

    def _btexts(self, ixreader) -> Iterable[bytes]:
        return [word.encode("utf-8") for word, _ in self.weighted_words(ixreader)]

    def groups(self, reader) -> list[tuple[list[str], float]]:
        """The forms of the word, and of its variants, each with the boost they score with."""
        weighted = self.weighted_words(reader)
        groups = [
            ([word for word, weight in weighted if weight == 1.0], self.boost),
            ([word for word, weight in weighted if weight != 1.0], self.boost * VARIANT_BOOST),
        ]
        return [(words, boost) for words, boost in groups if words]

    def matcher(self, searcher, context=None):
        # The forms come from the whole index (the parent), so every segment scores them alike.
        whole = searcher.get_parent().reader()
        matchers = [
            FormsMatcher(searcher, self.fieldname, words, boost)
            for words, boost in self.groups(whole)
            if any((self.fieldname, word) in searcher.reader() for word in words)
        ]
        if not matchers:
            return matching.NullMatcher()
        return matchers[0] if len(matchers) == 1 else matching.UnionMatcher(*matchers)


class FormsMatcher(matching.WrappingMatcher):
    """The documents holding any of several forms of one word, scored as if they were one word.

    A stemmed index would count "rebel" and "rebels" as one term; so does this (BM25 on the
    summed frequency, with the forms' summed document frequency), where an OR of the forms
    would score each rare form as a rare word of its own.
    """

    K1 = 1.2
    B = 0.75

    def __init__(self, searcher, fieldname: str, words: list[str], boost: float = 1.0) -> None:
        here = searcher.reader()
        postings = [searcher.postings(fieldname, w) for w in words if (fieldname, w) in here]
        child = (
            postings[0] if len(postings) == 1 else make_binary_tree(matching.UnionMatcher, postings)
        )
        super().__init__(child, boost=boost)
        parent = searcher.get_parent()
        total = parent.doc_count_all()
        frequency = min(total, sum(parent.doc_frequency(fieldname, word) for word in words))
        self.idf = math.log(total / (frequency + 1)) + 1
        self.average_length = parent.avg_field_length(fieldname) or 1
        self.searcher = searcher
        self.fieldname = fieldname

    def _replacement(self, newchild):
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.child = newchild
        return clone

    def copy(self):
        return self._replacement(self.child.copy())

    def supports_block_quality(self) -> bool:
        return False

    def score(self) -> float:
        length = self.searcher.doc_field_length(self.child.id(), self.fieldname, 1)
        frequency = self.child.weight()
        normal = (1 - self.B) + self.B * length / self.average_length
        return self.boost * self.idf * frequency * (self.K1 + 1) / (frequency + self.K1 * normal)


class TypoTerm(FuzzyTerm):
    """`word~`: words within a small edit distance, swapped letters included."""

    MAX_DISTANCE = 2

    def __init__(self, *args, vocabulary: Vocabulary | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.vocabulary = vocabulary or Vocabulary()

    def _btexts(self, ixreader) -> list[bytes]:
        maxdist = min(int(self.maxdist), self.MAX_DISTANCE)
        prefix = min(self.prefixlength, len(self.text))
        return [
            word.encode("utf-8")
            for word in self.vocabulary.near(self.text, maxdist, prefix)
            if (self.fieldname, word) in ixreader
        ]


def expand_typos(q: query.Query, reader) -> query.Query:
    """`q` with each word~ replaced by the words it matches, found once for the whole index.

    Left alone, Whoosh would look them up again for every segment and every pass.
    """
    if isinstance(q, TypoTerm):
        words = q._btexts(reader)
        if not words:
            return query.NullQuery
        terms = [query.Term(q.fieldname, w.decode("utf-8"), boost=q.boost) for w in words]
        return terms[0] if len(terms) == 1 else query.Or(terms)
    if isinstance(q, query.CompoundQuery | query.BinaryQuery | query.Not):
        return q.apply(lambda child: expand_typos(child, reader))
    return q


def typo_plugin(vocabulary: Vocabulary) -> qparser.FuzzyTermPlugin:
    """Whoosh's word~ syntax, answered from the index's vocabulary."""

    class TypoNode(qparser.FuzzyTermPlugin.FuzzyTermNode):
        qclass = functools.partial(TypoTerm, vocabulary=vocabulary)

    class TypoPlugin(qparser.FuzzyTermPlugin):
        FuzzyTermNode = TypoNode

    return TypoPlugin()


def _negated_parts(q: query.Query) -> tuple[list[query.Query], list[query.Query]]:
    """A query's positive and negative children."""
    if isinstance(q, query.AndNot):
        return [q.a], [q.b]
    if isinstance(q, query.Not):
        return [], [q.query]
    return list(q.children()), []


@dataclass(frozen=True)
class Targets:
    """What to mark in a text: single words, and exact phrases as word sequences."""

    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def __or__(self, other: Targets) -> Targets:
        return Targets(self.words | other.words, self.phrases + other.phrases)


def query_targets(q: query.Query, reader) -> Targets:
    """The words and phrases that make documents match `q` (not those it excludes)."""
    field_name = q.field() if hasattr(q, "field") else None
    if field_name is not None and field_name not in TEXT_FIELDS:
        return Targets()
    if isinstance(q, WordForms):
        return Targets(frozenset(w for w, _ in q.weighted_words(reader)))
    if isinstance(q, query.Phrase):
        if q.slop > 1 or len(q.words) < 2:
            return Targets(frozenset(q.words))
        return Targets(phrases=(tuple(q.words),))
    if isinstance(q, query.MultiTerm):
        return Targets(frozenset(b.decode("utf-8") for b in q._btexts(reader)))
    if isinstance(q, query.Term):
        return Targets(frozenset([q.text]) if isinstance(q.text, str) else frozenset())
    positive, _ = _negated_parts(q)
    found = Targets()
    for child in positive:
        found |= query_targets(child, reader)
    return found


def _is_stop(q: query.Query) -> bool:
    return isinstance(q, WordForms) and q.text in STOP_WORDS


def drop_stop_words(q: query.Query) -> query.Query:
    """Remove stop words from AND and OR groups that have other words.

    A query of only stop words stays, so that "the" still finds what grep finds.
    """
    if isinstance(q, query.And | query.Or):
        children = [drop_stop_words(c) for c in q.subqueries]
        kept = [c for c in children if not _is_stop(c)]
        if kept and len(kept) < len(children):
            children = kept
        if len(children) == 1:
            return children[0]
        return type(q)(children, boost=q.boost)
    if isinstance(q, query.CompoundQuery | query.BinaryQuery | query.Not):
        return q.apply(drop_stop_words)
    return q


_UNARY = re.compile(r"(?:^|\s)(?:NOT|-)\s*$")
_SIGN = re.compile(r"(?<![^\s(])([+-])(?=[^\s)])")
UNREADABLE = "the query cannot be read; check its quotes, parentheses and operators"
QUERY_FIELDS = frozenset({"content", "title", "source_key", "date"})


def _outside_quotes(text: str, change) -> str:
    """`text` with `change` applied to the parts outside quotation marks."""
    parts = text.split('"')
    return '"'.join(change(part) if i % 2 == 0 else part for i, part in enumerate(parts))


def _without_phrases(text: str) -> str:
    """`text` with each closed "phrase" replaced by a placeholder word."""
    return re.sub(r'"[^"]*"', " x ", text)


def check_syntax(text: str) -> None:
    """Raise QueryError for a quote, bracket or parenthesis left open, or an operator alone."""
    if text.count('"') % 2:
        raise QueryError("a quotation mark in the query is not closed")
    bare = _without_phrases(text)
    depth = 0
    for char in bare:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError("the query closes a parenthesis it never opened")
    if depth:
        raise QueryError("a parenthesis in the query is not closed")
    if bare.count("[") + bare.count("{") != bare.count("]") + bare.count("}"):
        raise QueryError("a date range in the query is missing its [ or ]")
    if re.search(r"\b(?:title|source|date):(?:\s|$)", bare):
        raise QueryError("a field name in the query (such as title:) has nothing after it")
    if (
        _UNARY.search(bare)
        or re.search(r"(?:^|\s)(?:AND|OR)\s*$", bare)
        or re.match(r"^\s*(?:AND|OR)\b", bare)
    ):
        raise QueryError("an operator (AND, OR, NOT or -) in the query has no word beside it")


def _signs_as_words(text: str) -> str:
    """-word as NOT word and +word as word, outside phrases: Whoosh's own +/- syntax drops a
    query made only of exclusions."""
    return _outside_quotes(
        text, lambda part: _SIGN.sub(lambda m: "NOT " if m.group(1) == "-" else "", part)
    )


def parse_user_date(value: str | dt.date | None, *, end: bool) -> dt.date | None:
    """A --since/--until value as a day; a month or year means its first or last day."""
    if value is None or isinstance(value, dt.date):
        return value
    if not value.strip():
        return None
    try:
        first, last = day_range(value)
    except ValueError as exc:
        raise DateError(str(exc)) from None
    return last if end else first


def make_parser(schema, vocabulary: Vocabulary, variants: bool) -> qparser.QueryParser:
    """The query parser: Whoosh's syntax with inflections, fuzzy terms, -word and source:."""
    termclass = functools.partial(WordForms, vocabulary=vocabulary, variants=variants)
    parser = qparser.QueryParser("content", schema, termclass=termclass)
    parser.remove_plugin_class(qparser.SingleQuotePlugin)
    parser.add_plugin(typo_plugin(vocabulary))
    parser.add_plugin(qparser.FieldAliasPlugin({"source_key": ["source"]}))
    return parser


def parse_query(text: str, parser: qparser.QueryParser) -> query.Query:
    """The Whoosh query for a user's text; every document for an empty one."""
    if not text.strip():
        return query.Every()
    check_syntax(text)
    hidden = set(parser.schema.names()) - QUERY_FIELDS
    for name in re.findall(r"(?<!\w)(\w+):", _without_phrases(text)):
        if name in hidden and name != "source":
            raise QueryError(f"there is no field {name}:; use title:, source: or date:")
    try:
        parsed = parser.parse(_signs_as_words(text))
    except UserInputError as exc:  # a field's own sentence, such as a date it cannot read
        raise QueryError(str(exc)) from None
    except Exception:  # Whoosh's parser fails in many ways on odd input
        raise QueryError(UNREADABLE) from None
    for node in _walk(parsed):
        error = getattr(node, "error", None)
        if error is not None:
            raise QueryError(str(error) if isinstance(error, UserInputError) else UNREADABLE)
        field_name = node.field() if hasattr(node, "field") else None
        if field_name is not None and field_name not in QUERY_FIELDS:
            raise QueryError(f"there is no field {field_name}:; use title:, source: or date:")
    return drop_stop_words(parsed)


def mark_text(text: str, spans: Sequence[tuple[int, int]], numbered: bool = False) -> str:
    """`text` HTML-escaped, with each span wrapped in <mark>."""
    out, last = [], 0
    for number, (start, end) in enumerate(spans, 1):
        out.append(html.escape(text[last:start], quote=False))
        opening = f'<mark id="hit-{number}">' if numbered else MARK_OPEN
        out.append(opening + html.escape(text[start:end], quote=False) + MARK_CLOSE)
        last = end
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def _one_line(fragment: str) -> str:
    return " ".join(fragment.split())


@functools.lru_cache(maxsize=64)
def _targets_pattern(targets: Targets) -> re.Pattern[str] | None:
    """One expression finding the targets in folded text, phrases first; None if none."""
    phrases = [r"\W+".join(map(re.escape, phrase)) for phrase in targets.phrases]
    words = sorted(map(re.escape, targets.words), key=len, reverse=True)
    if not phrases and not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases + words) + r")(?!\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _fold_letter(char: str) -> str | None:
    folded = fold(char)
    return folded if len(folded) == 1 else None


def _fold_in_place(text: str) -> str | None:
    """`text` folded letter for letter (same length), or None if some letter folds to more."""
    if text.isascii():
        return text
    table = {}
    for char in set(text):
        if not char.isascii():
            folded = _fold_letter(char)
            if folded is None:
                return None
            table[ord(char)] = folded
    return text.translate(table)


def hit_spans(text: str, targets: Targets, limit: int | None = None) -> list[tuple[int, int]]:
    """Where the target words and phrases stand in `text`, in order, without overlaps."""
    scanned = text if limit is None else text[:limit]
    folded = _fold_in_place(scanned)
    if folded is None:
        return token_spans(scanned, targets)
    # Folded letter for letter, the text keeps its offsets; one expression finds every hit.
    pattern = _targets_pattern(targets)
    return [] if pattern is None else [m.span() for m in pattern.finditer(folded)]


def token_spans(text: str, targets: Targets) -> list[tuple[int, int]]:
    """hit_spans for any text: word by word, folding each."""
    tokens = list(word_spans(text))
    spans = [(start, end) for word, start, end in tokens if word in targets.words]
    for phrase in targets.phrases:
        size = len(phrase)
        for index in range(len(tokens) - size + 1):
            if tokens[index][0] == phrase[0] and all(
                tokens[index + k][0] == phrase[k] for k in range(1, size)
            ):
                spans.append((tokens[index][1], tokens[index + size - 1][2]))
    spans.sort(key=lambda span: (span[0], -span[1]))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end))
    return merged


def make_snippet(text: str, targets: Targets) -> str:
    """The best passages of `text` around the words in `targets`, escaped, with hits marked."""
    spans = hit_spans(text, targets, SNIPPET_SCAN_CHARS) if targets else []
    if not spans:
        start, end = _passage_bounds(text, _lead_start(text), SNIPPET_WIDTH)
        suffix = " …" if end < len(text) else ""
        return _one_line(html.escape(text[start:end], quote=False)) + suffix
    passages: list[tuple[int, int]] = []
    remaining = list(spans)
    while remaining and len(passages) < SNIPPET_PASSAGES:
        start, end = _densest_window(text, remaining)
        lead = max(0, start - (SNIPPET_WIDTH - (end - start)) // 3)
        first, last = _passage_bounds(text, lead, SNIPPET_WIDTH)
        passages.append((first, last))
        remaining = [s for s in remaining if not (first - SNIPPET_WIDTH // 2 <= s[0] < last)]
    merged: list[tuple[int, int]] = []
    for first, last in sorted(passages):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    pieces = []
    for first, last in merged:
        inside = [(s - first, e - first) for s, e in spans if first <= s and e <= last]
        prefix = "… " if first > 0 else ""
        pieces.append(prefix + _one_line(mark_text(text[first:last], inside)))
    suffix = " …" if merged[-1][1] < len(text.rstrip()) else ""
    return " ".join(pieces) + suffix


def _densest_window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The stretch of at most a passage's width with the most different hit words, then hits."""
    words = [text[s:e].casefold() for s, e in spans]
    counts: Counter[str] = Counter()
    best, best_score = spans[0], (-1, -1)
    end = 0
    for index, (start, _) in enumerate(spans):
        while end < len(spans) and spans[end][1] <= start + SNIPPET_WIDTH:
            counts[words[end]] += 1
            end += 1
        score = (len(counts), end - index)
        if score > best_score:
            best, best_score = (start, spans[end - 1][1]), score
        counts[words[index]] -= 1
        if not counts[words[index]]:
            del counts[words[index]]
    return best


def _lead_start(text: str) -> int:
    """Where the story starts: the first line that reads like prose, not a heading or a table."""
    position = 0
    for line in text[:SNIPPET_SCAN_CHARS].split("\n"):
        words = line.split()
        digits = sum(ch.isdigit() for ch in line)
        if len(words) >= LEAD_MIN_WORDS and digits < len(line) / 10:
            return position
        position += len(line) + 1
    return 0


def _passage_bounds(text: str, start: int, width: int) -> tuple[int, int]:
    """About `width` characters of `text` from near `start`, cut at sentence or word boundaries."""
    if start > 0:
        window = max(0, start - 40)
        sentence = text.rfind(". ", window, start)
        line = text.rfind("\n", window, start)
        if sentence >= 0 or line >= 0:
            start = max(sentence + 2 if sentence >= 0 else 0, line + 1 if line >= 0 else 0)
        else:
            space = text.rfind(" ", max(0, start - 20), start)
            start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    while start < end and text[start].isspace():
        start += 1
    return start, end


class Engine:
    """Searches one library's index; safe to use from several threads."""

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._local = threading.local()
        self._lock = threading.Lock()
        self._columns: tuple[tuple[str, int], list[str], list[str], list[int]] | None = None
        self._parsers: dict[tuple[int, bool], qparser.QueryParser] = {}
        self._stats: dict[tuple[tuple[str, int], str], FieldStats] = {}

    def parse(self, text: str, name: str, searcher, variants: bool = False) -> query.Query:
        """Parse `text` against the vocabulary of the searcher's index version."""
        vocabulary = self.store.vocabulary(name, searcher.reader())
        key = (id(vocabulary), variants)
        with self._lock:
            parser = self._parsers.get(key)
            if parser is None:
                if len(self._parsers) > 8:
                    self._parsers.clear()
                parser = self._parsers[key] = make_parser(searcher.schema, vocabulary, variants)
        return parse_query(text, parser)

    def searcher(self) -> tuple[str, object]:
        """This thread's Whoosh searcher and its generation, refreshed when the index changed."""
        name, ix = self.store.open()
        current = getattr(self._local, "searcher", None)
        if current is not None and current[1] is ix:
            searcher = current[2]
            if not searcher.up_to_date():
                searcher = searcher.refresh()
        else:
            if current is not None:
                with contextlib.suppress(Exception):  # its files may be gone already
                    current[2].close()
            if outdated(ix._segments()):
                raise IndexDamaged(OUTDATED)
            searcher = ix.searcher()
        self._local.searcher = (name, ix, searcher)
        return name, searcher

    def columns(self, name: str, searcher) -> tuple[list[str], list[str], list[int]]:
        """Per document number: its source, its source folded, and its day (an ordinal).

        Cached for the index version the searcher reads.
        """
        reader = searcher.reader()
        key = (name, reader.generation())
        with self._lock:
            if self._columns is not None and self._columns[0] == key:
                return self._columns[1:]
        if reader.doc_count_all() == 0:
            # An index with no segments has no columns to read.
            sources, days = [], []
        else:
            sources = [
                v.decode("utf-8") if isinstance(v, bytes) else v
                for v in reader.column_reader("source")
            ]
            days = [v.toordinal() if v else 0 for v in reader.column_reader("date")]
        folded = [fold(s) for s in sources]
        with self._lock:
            self._columns = (key, sources, folded, days)
        return sources, folded, days

    def _fast_scores(self, name: str, reader, q: query.Query) -> dict[int, float] | None:
        """Scores of every matching document through the block-at-a-time path, if it applies."""
        generation = (name, reader.generation())

        def stats_for(fieldname: str) -> FieldStats:
            key = (generation, fieldname)
            with self._lock:
                cached = self._stats.get(key)
            if cached is None:
                cached = FieldStats(reader, fieldname)
                with self._lock:
                    if len(self._stats) > 8:
                        self._stats.clear()
                    self._stats[key] = cached
            return cached

        scorer = QueryScorer(reader, stats_for, lambda node: node.groups(reader), WordForms)
        try:
            return scorer.scores(q)
        except Unsupported:
            return None

    def _retrying(self, work):
        """Run `work`; once more if a rebuild swapped the index under it."""
        name = self.store.current_name()
        try:
            with damage_guard():
                return work()
        except IndexDamaged:
            if self.store.current_name() == name:
                raise
        with damage_guard():
            return work()

    def search(self, text: str, **options) -> SearchResult:
        """Run a query with filters, facets, snippets and, when it finds little, a suggestion.

        Options: sources, since, until, sort, limit, offset, variants (see Library.search).
        """
        return self._retrying(lambda: self._search(text, **options))

    def _search(
        self,
        text: str,
        *,
        sources: Sequence[str] = (),
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        variants: bool = False,
    ) -> SearchResult:
        started = time.perf_counter()
        if sort not in SORTS:
            raise UserInputError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        if limit < 0 or offset < 0:
            raise UserInputError("limit and offset cannot be negative")
        first_day = parse_user_date(since, end=False)
        last_day = parse_user_date(until, end=True)
        name, searcher = self.searcher()
        reader = searcher.reader()
        q = expand_typos(self.parse(text, name, searcher, variants), reader)
        doc_sources, folded_sources, days = self.columns(name, searcher)

        scores = None if isinstance(q, query.Every) else self._fast_scores(name, reader, q)
        if isinstance(q, query.Every):
            matched = list(reader.all_doc_ids())
        elif scores is not None:
            matched = list(scores)
        else:
            matched = list(q.docs(searcher))
        wanted_sources = {fold(s) for s in sources}
        low = first_day.toordinal() if first_day else 0
        high = last_day.toordinal() if last_day else 1 << 30

        def in_dates(d: int) -> bool:
            return low <= days[d] <= high

        def in_sources(d: int) -> bool:
            return not wanted_sources or folded_sources[d] in wanted_sources

        if first_day or last_day or wanted_sources:
            source_counts = Counter(doc_sources[d] for d in matched if in_dates(d))
            dated = [days[d] for d in matched if in_sources(d) and days[d]]
            kept = [d for d in matched if in_dates(d) and in_sources(d)]
        else:  # no filter: the same counts, without a call per document
            source_counts = Counter(map(doc_sources.__getitem__, matched))
            dated = [day for day in map(days.__getitem__, matched) if day]
            kept = matched
        page_end = None if limit == 0 else offset + limit

        if not kept:
            ranked = []
        elif sort == "relevance" and scores is not None:
            best = heapq.nlargest(page_end or len(kept), kept, key=lambda d: (scores[d], -d))
            ranked = [(d, scores[d]) for d in best[offset:]]
        elif sort == "relevance" and not isinstance(q, query.Every):
            # (Whoosh reads an empty filter set as no filter, hence the case above.)
            filtered = None if len(kept) == len(matched) else set(kept)
            results = searcher.search(q, limit=page_end, filter=filtered)
            ranked = [(hit.docnum, hit.score) for hit in results][offset:]
        else:
            newest_first = sort != "oldest"
            ordered = sorted(kept, key=lambda d: (days[d], d), reverse=newest_first)
            ranked = [(d, 0.0) for d in ordered[offset:page_end]]

        targets = query_targets(q, reader)
        hits = [self._hit(searcher, docnum, score, targets) for docnum, score in ranked]
        variants_used = self._variants_used(q, reader) if variants else {}
        suggestion = (
            self._suggest(text, q, name, searcher, len(kept)) if len(kept) < SUGGEST_BELOW else None
        )
        granularity, buckets = date_histogram(dated)
        return SearchResult(
            query=text,
            total=len(kept),
            hits=hits,
            facets=Facets(
                sources=dict(source_counts.most_common()), dates=buckets, granularity=granularity
            ),
            suggestion=suggestion,
            variants_used=variants_used,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    def _hit(self, searcher, docnum: int, score: float, targets: Targets) -> Hit:
        stored = searcher.stored_fields(docnum)
        text = decompress_text(stored["body"])
        date = stored.get("date")
        title = stored.get("title") or ""
        return Hit(
            path=stored["path"],
            title=title,
            date=date.date() if date else None,
            date_origin=stored.get("date_origin", ""),
            source=stored.get("source", ""),
            score=float(score),
            snippet_html=make_snippet(text, targets),
            title_html=mark_text(title, hit_spans(title, targets)),
        )

    @staticmethod
    def _variants_used(q: query.Query, reader) -> dict[str, list[str]]:
        used: dict[str, list[str]] = {}
        pending = [q]
        while pending:
            node = pending.pop()
            if isinstance(node, WordForms) and node.variants:
                others = [w for w, weight in node.weighted_words(reader) if weight < 1.0]
                if others:
                    used[node.text] = others
            pending.extend(node.children())
        return used

    def _suggest(self, text: str, q: query.Query, name: str, searcher, total: int) -> str | None:
        """A corrected query built from the index's own words, if it finds more."""
        reader = searcher.reader()
        corrected = text
        changed = False
        words = {node.text for node in _walk(q) if isinstance(node, WordForms)}
        for word in sorted(words):
            if reader.doc_frequency("content", word) > 0:
                continue
            best = _closest_word(reader, self.store.vocabulary(name, reader), word)
            if best:
                corrected = re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", best, corrected)
                changed = True
        if not changed or fold(corrected) == fold(text):
            return None
        try:
            alternative = self.parse(corrected, name, searcher)
        except QueryError:
            return None
        found = sum(1 for _ in alternative.docs(searcher))
        return corrected if found > total else None

    def document(self, path: str, text: str = "", *, variants: bool = False) -> DocumentView | None:
        """One indexed article with the query's words marked; None if it is not in the index."""
        return self._retrying(lambda: self._document(path, text, variants=variants))

    def _document(self, path: str, text: str, *, variants: bool) -> DocumentView | None:
        name, searcher = self.searcher()
        docnum = searcher.document_number(path=path)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        reader = searcher.reader()
        targets = Targets()
        if text.strip():
            q = self.parse(text, name, searcher, variants)
            targets = query_targets(q, reader)
        body = decompress_text(stored["body"])
        date = stored.get("date")
        return DocumentView(
            path=stored["path"],
            title=stored.get("title") or "",
            date=date.date() if date else None,
            date_origin=stored.get("date_origin", ""),
            source=stored.get("source", ""),
            text=body,
            hits=hit_spans(body, targets) if targets else [],
            file=Path(os.fsdecode(stored["raw_path"]))
            if stored.get("raw_path")
            else Path(stored["path"]),
        )


def _walk(q: query.Query) -> Iterable[query.Query]:
    yield q
    for child in q.children():
        yield from _walk(child)


def _closest_word(reader, vocabulary: Vocabulary, word: str) -> str | None:
    """The most common index word within two edits of `word` that shares its first letter."""
    if len(word) < 3 or not word.isalpha():
        return None
    ranked = [
        (edit_distance(candidate, word, 2), -reader.doc_frequency("content", candidate), candidate)
        for candidate in vocabulary.near(word, 2, prefix=1)
        if candidate.isalpha() and ("content", candidate) in reader
    ]
    return min(ranked)[2] if ranked else None


def date_histogram(days: Sequence[int]) -> tuple[str, list[DateBucket]]:
    """Counts per day, month or year (chosen from the span), with empty buckets in between."""
    if not days:
        return "day", []
    per_day = Counter(days)  # then grouped by month or year: far fewer days than documents
    first, last = dt.date.fromordinal(min(per_day)), dt.date.fromordinal(max(per_day))
    span = (last - first).days
    if span <= 62:
        buckets = [
            DateBucket(dt.date.fromordinal(o), dt.date.fromordinal(o), per_day.get(o, 0))
            for o in range(first.toordinal(), last.toordinal() + 1)
        ]
        return "day", buckets
    if span <= 5 * 366:
        counts: Counter[tuple[int, int]] = Counter()
        for ordinal, count in per_day.items():
            day = dt.date.fromordinal(ordinal)
            counts[day.year, day.month] += count
        buckets = []
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            start = dt.date(year, month, 1)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            end = dt.date(year, month, 1) - dt.timedelta(days=1)
            buckets.append(DateBucket(start, end, counts.get((start.year, start.month), 0)))
        return "month", buckets
    years: Counter[int] = Counter()
    for ordinal, count in per_day.items():
        years[dt.date.fromordinal(ordinal).year] += count
    buckets = [
        DateBucket(dt.date(y, 1, 1), dt.date(y, 12, 31), years.get(y, 0))
        for y in range(first.year, last.year + 1)
    ]
    return "year", buckets
