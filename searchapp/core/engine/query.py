"""The query language: Whoosh's syntax with word forms, spelling variants, typos, -word and
source:, checked first so that a mistake gets one plain sentence."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from collections.abc import Iterable

from whoosh import matching, qparser, query
from whoosh.query.terms import ExpandingTerm, FuzzyTerm
from whoosh.util import make_binary_tree

from searchapp.core.engine import bm25
from searchapp.core.engine.analysis import STOP_WORDS
from searchapp.core.engine.vocabulary import Vocabulary
from searchapp.core.errors import DateError, QueryError, UserInputError

TEXT_FIELDS = ("content", "title")
VARIANT_BOOST = 0.1  # spelling variants count for much less than the word typed


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

    def __deepcopy__(self, memo: dict) -> WordForms:
        # Whoosh copies query nodes deeply (to change a boost, as `a AND b` does); the index's
        # vocabulary is shared, never copied.
        return WordForms(self.fieldname, self.text, self.boost, self.vocabulary, self.variants)

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

    def __init__(self, searcher, fieldname: str, words: list[str], boost: float = 1.0) -> None:
        here = searcher.reader()
        postings = [searcher.postings(fieldname, w) for w in words if (fieldname, w) in here]
        child = (
            postings[0] if len(postings) == 1 else make_binary_tree(matching.UnionMatcher, postings)
        )
        super().__init__(child, boost=boost)
        parent = searcher.get_parent()
        frequency = sum(parent.doc_frequency(fieldname, word) for word in words)
        self.term_weight = boost * bm25.idf(parent.doc_count_all(), frequency)
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
        norm = bm25.length_norm(length, self.average_length)
        return bm25.score(self.term_weight, self.child.weight(), norm)


class TypoTerm(FuzzyTerm):
    """`word~`: words within a small edit distance, swapped letters included."""

    MAX_DISTANCE = 2

    def __init__(self, *args, vocabulary: Vocabulary | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.vocabulary = vocabulary if vocabulary is not None else Vocabulary()

    def __deepcopy__(self, memo: dict) -> TypoTerm:
        return copy.copy(self)  # the vocabulary shared, as WordForms does

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


def negated_parts(q: query.Query) -> tuple[list[query.Query], list[query.Query]]:
    """A query's positive and negative children."""
    if isinstance(q, query.AndNot):
        return [q.a], [q.b]
    if isinstance(q, query.Not):
        return [], [q.query]
    return list(q.children()), []


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
QUERY_FIELDS = frozenset({"content", "title", "source_key", "date", "byline", "section", "lang"})
FIELD_NAMES = "title:, source:, date:, byline:, section: or lang:"


def _outside_quotes(text: str, change) -> str:
    """`text` with `change` applied to the parts outside quotation marks."""
    parts = text.split('"')
    return '"'.join(change(part) if i % 2 == 0 else part for i, part in enumerate(parts))


def _without_phrases(text: str) -> str:
    """`text` with each closed "phrase" replaced by a placeholder word, which stays joined to
    a field name before it (source:"News Mania" is source:x)."""
    return re.sub(r'"[^"]*"', "x ", text)


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
    from searchapp.core.reading.dates import day_range  # dateutil: for dates given only

    try:
        first, last = day_range(value)
    except ValueError as exc:
        raise DateError(str(exc)) from None
    return last if end else first


def make_parser(
    schema, vocabulary: Vocabulary, variants: bool, plugins: Iterable[qparser.Plugin] = ()
) -> qparser.QueryParser:
    """The query parser: Whoosh's syntax with inflections, fuzzy terms, -word, fields and
    `plugins` (the syntax that other modules of the engine answer)."""
    termclass = functools.partial(WordForms, vocabulary=vocabulary, variants=variants)
    parser = qparser.QueryParser("content", schema, termclass=termclass)
    parser.remove_plugin_class(qparser.SingleQuotePlugin)
    parser.add_plugin(typo_plugin(vocabulary))
    parser.add_plugin(qparser.FieldAliasPlugin({"source_key": ["source"]}))
    for plugin in plugins:
        parser.add_plugin(plugin)
    return parser


def parse_query(text: str, parser: qparser.QueryParser) -> query.Query:
    """The Whoosh query for a user's text; every document for an empty one."""
    if not text.strip():
        return query.Every()
    check_syntax(text)
    hidden = set(parser.schema.names()) - QUERY_FIELDS
    for name in re.findall(r"(?<!\w)(\w+):", _without_phrases(text)):
        if name in hidden and name != "source":
            raise QueryError(f"there is no field {name}:; use {FIELD_NAMES}")
    try:
        parsed = parser.parse(_signs_as_words(text))
    except UserInputError as exc:  # a field's own sentence, such as a date it cannot read
        raise QueryError(str(exc)) from None
    except Exception:  # Whoosh's parser fails in many ways on odd input
        raise QueryError(UNREADABLE) from None
    for node in walk(parsed):
        error = getattr(node, "error", None)
        if error is not None:
            raise QueryError(str(error) if isinstance(error, UserInputError) else UNREADABLE)
        field_name = node.field() if hasattr(node, "field") else None
        if field_name is not None and field_name not in QUERY_FIELDS:
            raise QueryError(f"there is no field {field_name}:; use {FIELD_NAMES}")
    return drop_stop_words(parsed)


def walk(q: query.Query) -> Iterable[query.Query]:
    yield q
    for child in q.children():
        yield from walk(child)
