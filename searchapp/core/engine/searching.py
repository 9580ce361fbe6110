"""Answering a search: the matching articles, ranked and paged, with snippets, facets and
suggestions, and one article's full text for the preview."""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import datetime as dt
import functools
import heapq
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from whoosh import qparser, query

from searchapp.core.engine.analysis import edit_distance, fold
from searchapp.core.engine.bm25 import FieldStats
from searchapp.core.engine.facets import NO_DAY, DateFacet, SourceFacet, TagFacet, facet_matches
from searchapp.core.engine.mapped import byte_values, live_docs, numbers
from searchapp.core.engine.marks import MarksPlugin, MarkTerm
from searchapp.core.engine.proximity import ProximityPlugin, check_operators, check_proximity
from searchapp.core.engine.query import (
    WordForms,
    expand_typos,
    make_parser,
    parse_query,
    parse_user_date,
    walk,
)
from searchapp.core.engine.related import distinctive_words, shared_scores
from searchapp.core.engine.schema import (
    StoredFields,
    Texts,
    outdated,
    stored_origin,
    stories_of,
)
from searchapp.core.engine.scoring import QueryScorer, Unsupported, term_docs
from searchapp.core.engine.snippets import (
    Targets,
    article_lines,
    hit_spans,
    make_snippet,
    mark_text,
    plain_snippet,
    query_targets,
)
from searchapp.core.engine.store import DAMAGED, VOCABULARY_FILE, IndexStore, damage_guard
from searchapp.core.engine.stories import EXACT, STORIES_FILE, StoryTable
from searchapp.core.engine.vocabulary import Vocabulary
from searchapp.core.errors import IndexDamaged, IndexOutdated, QueryError
from searchapp.core.types import (
    ArticleView,
    ConcordanceLine,
    Copy,
    DateOrigin,
    Facets,
    Hit,
    Marked,
    SearchQuery,
    SearchResult,
)

SUGGEST_BELOW = 3  # a query with fewer hits than this gets a "did you mean"


class Matches(NamedTuple):
    """What a request matched in one version of the index, before paging."""

    version: IndexVersion
    searcher: object
    reader: object
    q: query.Query
    matched: list[int]  # every document the query matches
    kept: list[int]  # those every filter keeps, copies folded when asked
    filtered: list[int]  # those every filter keeps, copies included
    scores: dict[int, float] | None
    stories: StoryTable
    facets: Facets

    @property
    def folded(self) -> int:
        return len(self.filtered) - len(self.kept)


class EveryMatch(NamedTuple):
    """Every document a request matches, in its order, with what reading them needs."""

    total: int
    ranked: list[tuple[int, float]]
    targets: Targets
    texts: Texts
    stored: StoredFields


class Columns(NamedTuple):
    """Per document number: its source, its source folded, and its day (an ordinal, 0 if none)."""

    sources: list[str]
    folded: list[str]
    days: list[int]


class IndexVersion:
    """What searches reuse while one version of the index is live: its vocabulary, query
    parsers, field statistics and facet columns, each built on first use."""

    def __init__(self, name: str, directory: Path, generation: int) -> None:
        self.key = (name, generation)
        self.directory = directory
        self._lock = threading.Lock()
        self._vocabulary: Vocabulary | None = None
        self._parsers: dict[bool, qparser.QueryParser] = {}
        self._stats: dict[str, FieldStats] = {}
        self._columns: Columns | None = None
        self._sort_columns: dict[str, list[SortText]] = {}
        self._stories: StoryTable | None = None
        self._by_day: list[tuple[int, int]] | None = None  # (day, docnum), dated ones, in order
        self._titles: dict[int, SortText] = {}
        self._docnums: dict[str, int | None] = {}  # article id -> document number, as asked

    def vocabulary(self, reader) -> Vocabulary:
        if self._vocabulary is None:
            vocabulary = Vocabulary.of_index(self.directory / VOCABULARY_FILE, reader)
            with self._lock:
                self._vocabulary = self._vocabulary or vocabulary
        return self._vocabulary

    def parser(self, reader, schema, variants: bool) -> qparser.QueryParser:
        parser = self._parsers.get(variants)
        if parser is None:
            plugins = (ProximityPlugin(), MarksPlugin())
            parser = make_parser(schema, self.vocabulary(reader), variants, plugins)
            with self._lock:
                parser = self._parsers.setdefault(variants, parser)
        return parser

    def stats(self, reader, fieldname: str) -> FieldStats:
        stats = self._stats.get(fieldname)
        if stats is None:
            stats = FieldStats(reader, fieldname)
            with self._lock:
                stats = self._stats.setdefault(fieldname, stats)
        return stats

    def sort_texts(
        self, searcher, sort: str, docs: list[int]
    ) -> list[SortText] | dict[int, SortText]:
        """Per document number, what `sort` ("source", "title" or "file") orders by.

        Sources and paths are columns, made sort texts once per version. Titles are stored
        fields only, so they are read for the documents asked about and kept, which makes
        the next page of the same search cheap.
        """
        if sort == "title":
            titles = self._titles
            for docnum in docs:
                if docnum not in titles:
                    titles[docnum] = sort_text(searcher.stored_fields(docnum).get("title") or "")
            return titles
        texts = self._sort_columns.get(sort)
        if texts is None:
            reader = searcher.reader()
            if sort == "source":
                values = self.columns(reader).sources
            else:
                values = _decoded(byte_values(reader, "path", reader.schema["path"].column_type))
            texts = _per_value(values, sort_text)
            with self._lock:
                texts = self._sort_columns.setdefault(sort, texts)
        return texts

    def stories(self, searcher) -> StoryTable:
        """Which articles are copies of one story: as the last reindex saved it, or found
        again when that file is missing, older than the index (a crash between the two) or
        of an earlier searchapp, and saved for the next process."""
        if self._stories is None:
            reader = searcher.reader()
            path = self.directory / STORIES_FILE
            table = StoryTable.load(path, reader.generation())
            if table is None:
                table = stories_of(reader, StoryTable.verdicts_at(path))
                if StoryTable.saved_generation(path) < reader.generation():  # none newer yet
                    with contextlib.suppress(OSError):  # a cache: a read-only index goes without
                        table.save(path)
            with self._lock:
                self._stories = self._stories or table
        return self._stories

    def docnums(self, searcher, ids) -> set[int]:
        """The document numbers of the articles `ids` names that this version holds."""
        known = self._docnums
        for article in ids:
            if article not in known:
                known[article] = searcher.document_number(id=article)
        return {d for d in map(known.__getitem__, ids) if d is not None}

    def dated_between(self, reader, first: int, last: int) -> set[int]:
        """The documents dated from day `first` to day `last` (ordinals)."""
        if self._by_day is None:
            days = self.columns(reader).days
            by_day = sorted((day, d) for d, day in enumerate(days) if day)
            with self._lock:
                self._by_day = self._by_day or by_day
        start = bisect.bisect_left(self._by_day, (first, -1))
        end = bisect.bisect_right(self._by_day, (last, 1 << 62))
        return {d for _day, d in self._by_day[start:end]}

    def columns(self, reader) -> Columns:
        if self._columns is None:
            if reader.doc_count_all() == 0:
                sources, days = [], []  # an index with no segments has no columns to read
            else:
                schema = reader.schema
                sources = _decoded(byte_values(reader, "source", schema["source"].column_type))
                # A date guessed from the file's time is no date to count, filter or sort by.
                origins = byte_values(reader, "date_origin", schema["date_origin"].column_type)
                dates = schema["date"]
                days = [
                    day if origin in _READ_ORIGINS else NO_DAY
                    for day, origin in zip(
                        _ordinals(dates, numbers(reader, "date", dates.column_type)),
                        _decoded(origins),
                        strict=True,
                    )
                ]
            columns = Columns(sources, _per_value(sources, fold), days)
            with self._lock:
                self._columns = self._columns or columns
        return self._columns


# Stored origins of dates read from the article; any other (the file's time, or a value this
# version does not know) is no date to count, filter or sort by, as stored_origin has it.
_READ_ORIGINS = frozenset(o.value for o in DateOrigin if o != DateOrigin.FILE)


SortText = tuple[bool, tuple[str | int, ...]]
_NUMBERS = re.compile(r"(\d+)")
_LEADING = re.compile(r"^\W+")


def sort_text(text: str) -> SortText:
    """How a title, outlet or path sorts as a reader expects: case, accents and leading
    quotes aside, numbers by value ("file 9" before "file 10"), empty ones last."""
    folded = _LEADING.sub("", fold(text))
    parts = _NUMBERS.split(folded)
    return (not folded, tuple(int(p) if i % 2 else p for i, p in enumerate(parts)))


def _ranking(scores: dict[int, float] | None, days: list[int], place: dict[int, int]):
    """Which copy of a story a result shows: the best scored, then the first published, then
    the first by id (so any rebuild of the index shows the same one)."""
    if scores is None:
        return lambda d: (-(days[d] or 1 << 30), -place.get(d, 0))
    return lambda d: (scores[d], -(days[d] or 1 << 30), -place.get(d, 0))


def _per_value(values, convert) -> list:
    """`convert` of each of `values`, worked out once for each distinct value: a column of
    outlets holds a few hundred values, one of days a few thousand, over any number of
    documents."""
    converted = {value: convert(value) for value in set(values)}
    return [converted[value] for value in values]


def _decoded(values: list[bytes | None]) -> list[str]:
    """Column values as text ("" for none)."""
    return _per_value(values, lambda value: "" if value is None else value.decode("utf-8"))


def _ordinals(field, values) -> list[int]:
    """The day ordinal of each value of a date column, NO_DAY for none."""

    def ordinal(value: int) -> int:
        date = field.from_column_value(value)
        return date.toordinal() if date else NO_DAY

    return _per_value(values, ordinal)


class Engine:
    """Searches one library's index; safe to use from several threads."""

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._local = threading.local()
        self._lock = threading.Lock()
        self._version: IndexVersion | None = None

    def searcher(self) -> tuple[IndexVersion, object]:
        """This thread's Whoosh searcher, refreshed when the index changed, and its version."""
        name, ix = self.store.open()
        current = getattr(self._local, "searcher", None)
        if current is not None and current[0] is ix:
            searcher = current[1]
            if not searcher.up_to_date():
                searcher = searcher.refresh()
        else:
            if current is not None:
                with contextlib.suppress(Exception):  # its files may be gone already
                    current[1].close()
            try:
                stale = outdated(ix)
            except TypeError as exc:  # a garbled table of contents reads as values of odd types
                raise IndexDamaged(DAMAGED) from exc
            if stale:
                raise IndexOutdated()
            searcher = ix.searcher()
        self._local.searcher = (ix, searcher)
        return self._version_of(name, searcher.reader()), searcher

    def _version_of(self, name: str, reader) -> IndexVersion:
        key = (name, reader.generation())
        with self._lock:
            if self._version is None or self._version.key != key:
                self._version = IndexVersion(name, self.store.folder / name, key[1])
            return self._version

    def parse(self, text: str, version: IndexVersion, searcher, variants: bool = False):
        """Parse `text` against the vocabulary of the searcher's index version."""
        parser = version.parser(searcher.reader(), searcher.schema, variants)
        check_operators(text)
        parsed = parse_query(text, parser)
        check_proximity(parsed, walk)
        return parsed

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

    def search(self, request: SearchQuery, marked: Marked | None = None) -> SearchResult:
        """Run a query with filters, facets, snippets and, when it finds little, a suggestion;
        `marked` holds the user's review marks for tag:, is:, has: and the tags facet."""
        return self._retrying(lambda: self._search(request, marked or Marked()))

    def _search(self, request: SearchQuery, marked: Marked) -> SearchResult:
        started = time.perf_counter()
        m = self._matches(request, marked)
        ranked = self._rank(request, m.q, m.searcher, m.matched, m.kept, m.scores, m.version)
        targets = query_targets(m.q, m.reader)
        texts = Texts(m.reader)
        hits = [
            self._hit(m.searcher, docnum, score, targets, m.stories, texts)
            for docnum, score in ranked
        ]
        if request.duplicates == "collapse" and m.folded:
            matching = set(m.filtered)
            hits = [
                self._with_copies(m.searcher, hit, docnum, m.stories, matching)
                for hit, (docnum, _score) in zip(hits, ranked, strict=True)
            ]
        suggestion = None
        if len(m.kept) < SUGGEST_BELOW:
            suggestion = self._suggest(request.text, m.q, m.version, m.searcher, len(m.kept))
        return SearchResult(
            query=request.text,
            total=len(m.kept),
            hits=hits,
            facets=m.facets,
            suggestion=suggestion,
            variants_used=_variants_used(m.q, m.reader) if request.variants else {},
            elapsed_ms=(time.perf_counter() - started) * 1000,
            articles=m.reader.doc_count(),
            folded=m.folded,
        )

    def _matches(self, request: SearchQuery, marked: Marked) -> Matches:
        """The documents a request matches, filtered, faceted and (if asked) collapsed."""
        since = parse_user_date(request.since, end=False)
        until = parse_user_date(request.until, end=True)
        version, searcher = self.searcher()
        reader = searcher.reader()
        q = expand_typos(self.parse(request.text, version, searcher, request.variants), reader)
        self._bind_marks(q, marked, version, searcher)
        columns = version.columns(reader)

        scores = None
        if isinstance(q, query.Every):
            matched = list(live_docs(reader))
        else:
            with contextlib.suppress(Unsupported):
                scores = QueryScorer(reader, lambda name: version.stats(reader, name)).scores(q)
            matched = list(scores) if scores is not None else list(q.docs(searcher))
        stories = version.stories(searcher)
        sources = SourceFacet(columns.sources, columns.folded, request.sources)
        dates = DateFacet(columns.days, since, until)
        collapse = None
        if request.duplicates == "collapse":
            better = _ranking(scores, columns.days, stories.place)
            collapse = functools.partial(stories.collapse, better=better)
        tags = TagFacet(
            {name: version.docnums(searcher, ids) for name, ids in marked.tags.items()},
            request.tags,
        )
        kept, facets, filtered = facet_matches(matched, sources, dates, collapse, tags)
        return Matches(
            version, searcher, reader, q, matched, kept, filtered, scores, stories, facets
        )

    def rows(
        self, request: SearchQuery, marked: Marked | None = None, *, text: bool = False
    ) -> tuple[int, Iterator[dict]]:
        """Every article a request matches (not one page), in its order: how many, and each
        one's fields, with a plain snippet and, with `text`, its whole text. For export."""
        every = self._every_match(request, marked)

        def each() -> Iterator[dict]:
            with damage_guard():
                for docnum, score in every.ranked:
                    stored = every.stored[docnum]
                    yield self._row(stored, docnum, score, every.targets, every.texts, text)

        return every.total, each()

    def _every_match(self, request: SearchQuery, marked: Marked | None) -> EveryMatch:
        m = self._retrying(lambda: self._matches(request, marked or Marked()))
        every = dataclasses.replace(request, limit=0, offset=0)
        ranked = self._rank(every, m.q, m.searcher, m.matched, m.kept, m.scores, m.version)
        targets = query_targets(m.q, m.reader)
        return EveryMatch(len(m.kept), ranked, targets, Texts(m.reader), StoredFields(m.reader))

    @staticmethod
    def _row(
        stored: dict, docnum: int, score: float, targets: Targets, texts: Texts, with_text: bool
    ) -> dict:
        # Without the text or hits to find in it, the snippet needs only the text's opening.
        whole = with_text or bool(targets)
        body = texts[docnum] if whole else texts.lead(docnum, stored["lead"])
        row = {
            "id": stored["id"],
            "path": stored["path"],
            "part": stored["part"],
            "parts": stored["parts"],
            "title": stored.get("title") or "",
            "date": _stored_day(stored),
            "date_origin": stored_origin(stored),
            "source": stored.get("source", ""),
            "byline": stored.get("byline") or "",
            "section": stored.get("section") or "",
            "words": stored.get("words") or stored.get("length"),
            "url": stored.get("url") or "",
            "score": score,
            "snippet": plain_snippet(body, targets, opening=not whole),
        }
        if with_text:
            row["text"] = body
        return row

    def concordance(
        self, request: SearchQuery, marked: Marked | None = None, width: int = 40
    ) -> tuple[int, Iterator[ConcordanceLine]]:
        """Every occurrence of the query's words in the articles it matches, in the search's
        order, `width` letters of context each side: how many articles, and the lines as
        they are read. An article whose text holds none (it matched by its title, its header
        lines or a mark) gives one line from its title, or its opening words."""
        every = self._every_match(request, marked)

        def each() -> Iterator[ConcordanceLine]:
            with damage_guard():
                for docnum, _score in every.ranked:
                    stored, text = every.stored[docnum], every.texts[docnum]
                    yield from article_lines(stored, text, every.targets, width)

        return every.total, each()

    @staticmethod
    def _bind_marks(q: query.Query, marked: Marked, version: IndexVersion, searcher) -> None:
        """Give each tag:, is: and has: node of `q` the documents its mark is on now."""
        for node in walk(q):
            if not isinstance(node, MarkTerm):
                continue
            if node.kind == "tag":
                wanted = " ".join(node.value.split()).casefold()
                names = [name for name in marked.tags if name.casefold() == wanted]
                ids = frozenset().union(*(marked.tags[name] for name in names))
            elif node.kind == "is":
                ids = marked.starred
            else:
                ids = marked.noted if node.value == "note" else marked.tagged
            node.docs = frozenset(version.docnums(searcher, ids))

    @staticmethod
    def _with_copies(searcher, hit: Hit, docnum: int, stories: StoryTable, matching) -> Hit:
        """`hit` with the other matching articles of its story, which the list folds into it."""
        story = stories.story_of.get(docnum)
        if story is None:
            return hit
        others = [d for d in stories.members[story] if d != docnum and d in matching]
        copies = []
        for other in others:
            stored = searcher.stored_fields(other)
            copies.append(Copy(stored["id"], stored.get("source", ""), _stored_day(stored)))
        return dataclasses.replace(hit, copies=tuple(copies))

    @staticmethod
    def _rank(
        request: SearchQuery,
        q: query.Query,
        searcher,
        matched: list[int],
        kept: list[int],
        scores: dict[int, float] | None,
        version: IndexVersion,
    ) -> list[tuple[int, float]]:
        """The page of `kept` documents the request asks for, in its order, with scores."""
        offset = request.offset
        page_end = None if request.limit == 0 else offset + request.limit
        if not kept:
            return []
        if request.sort == "relevance" and scores is not None:
            best = heapq.nlargest(page_end or len(kept), kept, key=lambda d: (scores[d], -d))
            return [(d, scores[d]) for d in best[offset:]]
        if request.sort == "relevance" and not isinstance(q, query.Every):
            # (Whoosh reads an empty filter set as no filter, hence the case above.)
            filtered = None if len(kept) == len(matched) else set(kept)
            results = searcher.search(q, limit=page_end, filter=filtered)
            return [(hit.docnum, hit.score) for hit in results][offset:]
        days = version.columns(searcher.reader()).days
        # Without words to score by (an empty query, or filters alone), relevance lists the
        # newest first, as a reader of news expects. The days are a column read once per
        # index version; a sort text for every path (file order) costs 18 us an article.
        sort = "newest" if request.sort == "relevance" else request.sort
        if sort in ("newest", "oldest"):
            # Undated articles come after the dated ones in either order.
            dated = [d for d in kept if days[d]]
            ordered = sorted(dated, key=lambda d: (days[d], d), reverse=sort != "oldest")
            ordered += sorted(d for d in kept if not days[d])
        else:
            # By a text, A to Z; the same text newest first. Page ends pick the top few.
            text = version.sort_texts(searcher, sort, kept)
            ordered = heapq.nsmallest(
                page_end or len(kept), kept, key=lambda d: (text[d], -days[d], d)
            )
        return [(d, 0.0) for d in ordered[offset:page_end]]

    def _hit(
        self,
        searcher,
        docnum: int,
        score: float,
        targets: Targets,
        stories: StoryTable,
        texts: Texts,
    ) -> Hit:
        stored = searcher.stored_fields(docnum)
        title = stored.get("title") or ""
        return Hit(
            story=stories.story_id(docnum, stored["id"]),
            id=stored["id"],
            path=stored["path"],
            part=stored["part"],
            title=title,
            date=_stored_day(stored),
            date_origin=stored_origin(stored),
            source=stored.get("source", ""),
            score=float(score),
            snippet_html=make_snippet(texts[docnum], targets)
            if targets
            else make_snippet(texts.lead(docnum, stored["lead"]), targets, opening=True),
            title_html=mark_text(title, hit_spans(title, targets)),
        )

    def _suggest(
        self, text: str, q: query.Query, version: IndexVersion, searcher, total: int
    ) -> str | None:
        """A corrected query built from the index's own words, if it finds more."""
        reader = searcher.reader()
        corrected = text
        changed = False
        words = {node.text for node in walk(q) if isinstance(node, WordForms)}
        for word in sorted(words):
            if reader.doc_frequency("content", word) > 0:
                continue
            best = _closest_word(reader, version.vocabulary(reader), word)
            if best:
                corrected = re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", best, corrected)
                changed = True
        if not changed or fold(corrected) == fold(text):
            return None
        try:
            alternative = self.parse(corrected, version, searcher)
        except QueryError:
            return None
        found = sum(1 for _ in alternative.docs(searcher))
        return corrected if found > total else None

    def related(self, id: str, days: int, limit: int) -> SearchResult | None:
        """Other stories on the events article `id` reports, within `days` of its date, best
        first and grouped by outlet; None if the article is not in the index."""
        return self._retrying(lambda: self._related(id, days, limit))

    def _related(self, id: str, days: int, limit: int) -> SearchResult | None:
        started = time.perf_counter()
        version, searcher = self.searcher()
        reader = searcher.reader()
        docnum = searcher.document_number(id=id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        weights = distinctive_words(
            stored.get("title") or "",
            Texts(reader)[docnum],
            lambda word: reader.doc_frequency("content", word),
            reader.doc_count_all(),
        )
        columns, stories = version.columns(reader), version.stories(searcher)
        own, day = stories.story_of.get(docnum, docnum), columns.days[docnum]
        within = version.dated_between(reader, day - days, day + days) if day else None
        scores = shared_scores(weights, lambda word: term_docs(reader, "content", word), within)
        near = [d for d in scores if stories.story_of.get(d, d) != own]
        shown = stories.collapse(near, better=lambda d: (scores[d], -stories.place.get(d, 0)))
        sources = columns.sources
        outlet_best: dict[str, float] = {}
        for d in shown:
            outlet_best[sources[d]] = max(outlet_best.get(sources[d], 0.0), scores[d])
        ordered = sorted(shown, key=lambda d: (-outlet_best[sources[d]], sources[d], -scores[d], d))
        marked = " OR ".join(f'"{word}"' for word in weights)
        targets = (
            query_targets(self.parse(marked, version, searcher), reader) if weights else Targets()
        )
        texts = Texts(reader)
        hits = [self._hit(searcher, d, scores[d], targets, stories, texts) for d in ordered[:limit]]
        return SearchResult(
            query=id,
            total=len(shown),
            hits=hits,
            facets=Facets(dict(Counter(sources[d] for d in shown).most_common())),
            elapsed_ms=(time.perf_counter() - started) * 1000,
            articles=reader.doc_count(),
        )

    def text_key(self, id: str) -> bytes | None:
        """The hash of article `id`'s words (empty for a text too short to have one); None if
        the index does not hold it."""

        def work() -> bytes | None:
            _version, searcher = self.searcher()
            docnum = searcher.document_number(id=id)
            if docnum is None:
                return None
            return bytes(searcher.reader().column_reader("fingerprint")[docnum][:EXACT])

        return self._retrying(work)

    def locate(self, marks: list[tuple[str, bytes]]) -> list[tuple[str | None, bytes]]:
        """Where the index holds each (article id, text hash) now: the article with that text
        (the same id first), else the one with that id, else None; with its text hash now."""
        return self._retrying(lambda: self._locate(marks))

    def _locate(self, marks: list[tuple[str, bytes]]) -> list[tuple[str | None, bytes]]:
        _version, searcher = self.searcher()
        reader = searcher.reader()
        if reader.doc_count_all() == 0:
            return [(None, key) for _article, key in marks]
        column = reader.column_reader("fingerprint")
        by_key: dict[bytes, list[int]] | None = None
        found: list[tuple[str | None, bytes]] = []
        for article, key in marks:
            docnum = searcher.document_number(id=article)
            current = bytes(column[docnum][:EXACT]) if docnum is not None else b""
            if docnum is not None and (not key or current == key):
                found.append((article, current))
                continue
            if key:
                if by_key is None:
                    by_key = {}
                    for d, value in enumerate(column):
                        if value and reader.is_deleted(d) is False:
                            by_key.setdefault(bytes(value[:EXACT]), []).append(d)
                holders = by_key.get(key)
                if holders:
                    found.append((searcher.stored_fields(holders[0])["id"], key))
                    continue
            found.append((article, current) if docnum is not None else (None, key))
        return found

    def document(self, id: str, text: str = "", *, variants: bool = False) -> ArticleView | None:
        """One indexed article with the query's words marked; None if it is not in the index."""
        return self._retrying(lambda: self._document(id, text, variants=variants))

    def _document(self, id: str, text: str, *, variants: bool) -> ArticleView | None:
        version, searcher = self.searcher()
        docnum = searcher.document_number(id=id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        targets = Targets()
        if text.strip():
            targets = query_targets(
                self.parse(text, version, searcher, variants), searcher.reader()
            )
        body = Texts(searcher.reader())[docnum]
        raw_path = stored.get("raw_path")
        return ArticleView(
            id=stored["id"],
            path=stored["path"],
            part=stored["part"],
            parts=stored["parts"],
            title=stored.get("title") or "",
            date=_stored_day(stored),
            date_origin=stored_origin(stored),
            source=stored.get("source", ""),
            text=body,
            hits=hit_spans(body, targets) if targets else [],
            file=Path(os.fsdecode(raw_path)) if raw_path else Path(stored["path"]),
            byline=stored.get("byline") or "",
            section=stored.get("section") or "",
            language=stored.get("lang") or "",
            key=stored.get("key") or "",
            words=stored.get("words"),
            url=stored.get("url") or "",
        )


def _stored_day(stored: dict) -> dt.date | None:
    date = stored.get("date")
    return date.date() if date else None


def _variants_used(q: query.Query, reader) -> dict[str, list[str]]:
    """For each word searched with its variants, the other spellings found in the index."""
    used: dict[str, list[str]] = {}
    for node in walk(q):
        if isinstance(node, WordForms) and node.variants:
            others = [w for w, weight in node.weighted_words(reader) if weight < 1.0]
            if others:
                used[node.text] = others
    return used


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
