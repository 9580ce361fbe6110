"""The values that cross layers: what a search asks and answers, what a reindex reports.

The CLI, the window, the tests and outside scripts see the index only through these.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from searchapp.core.errors import UserInputError

SORTS = ("relevance", "newest", "oldest", "title", "source", "file")
DUPLICATES = ("collapse", "show")  # copies of one story: one hit with its copies, or each
EXPORT_FORMATS = (
    "csv",
    "jsonl",
    "ris",
    "text",
)  # a spreadsheet, scripts, reference managers, a list

Progress = Callable[[int, int, str], None]  # (files done, files in all, the file being read)
Cancel = Callable[[], bool]  # asked between files: True stops the reindex


class DateOrigin(enum.StrEnum):
    """Which rule gave an article its date (DESIGN.md, "Metadata rules"), first found wins."""

    EXPORT = "export"
    HEADER = "header"
    META = "meta"
    DATELINE = "dateline"
    TEXT = "text"
    INFERRED = "inferred"  # a year-less dateline, its year taken from the text or the folder
    FILE = "file"  # the file's time: no date in the article

    @property
    def guessed(self) -> bool:
        """Whether the date is a guess: shown with "≈" and never used to date a neighbour."""
        return self in (DateOrigin.INFERRED, DateOrigin.FILE)


def date_label(date: dt.date | None, origin: DateOrigin) -> str:
    """A date as people read it: "≈" marks a guessed one."""
    if date is None:
        return "no date"
    return f"≈ {date.isoformat()}" if origin.guessed else date.isoformat()


def display_path(path: Path | str) -> str:
    """A path as printable text, and the key the index knows a file by: bytes that are not
    UTF-8 show as \\x escapes."""
    if isinstance(path, str) and path.isascii():
        return path  # the common case, as it is: one check instead of an encode and a decode
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def article_id(path: Path | str, part: int, parts: int) -> str:
    """An article's id (DESIGN.md, "Articles and their identity"): the file's path for a
    one-article file, PATH#N for the N-th article (from 1) of a file that holds several."""
    key = display_path(path)
    return key if parts <= 1 else f"{key}#{part}"


@dataclass(frozen=True)
class SearchQuery:
    """One search: the query text, its filters, its order and the page of hits wanted.

    `since` and `until` take a day, or a date as a person types it ("2024-12" is the whole
    month: its first day for `since`, its last for `until`); the engine reads them.
    """

    text: str = ""
    sources: tuple[str, ...] = ()
    since: dt.date | str | None = None
    until: dt.date | str | None = None
    sort: str = SORTS[0]
    limit: int = 20  # 0: every hit
    offset: int = 0
    variants: bool = False
    duplicates: str = DUPLICATES[0]
    tags: tuple[str, ...] = ()  # only articles with one of these tags (none: any article)

    def __post_init__(self) -> None:
        for name in ("sources", "tags"):
            if isinstance(getattr(self, name), str):
                raise TypeError(f"{name} is a sequence of names, not one string")
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.sort not in SORTS:
            raise UserInputError(f"unknown sort {self.sort!r}; use one of {', '.join(SORTS)}")
        if self.limit < 0 or self.offset < 0:
            raise UserInputError("limit and offset cannot be negative")
        if self.duplicates not in DUPLICATES:
            raise UserInputError(
                f"unknown duplicates {self.duplicates!r}; use one of {', '.join(DUPLICATES)}"
            )


@dataclass(frozen=True)
class Hit:
    """One article in a result list."""

    id: str  # DESIGN.md, "Articles and their identity"
    path: str
    part: int  # its place in its file, from 1
    title: str
    date: dt.date | None
    date_origin: DateOrigin
    source: str
    score: float
    snippet_html: str  # passages around the hits, escaped, hits in <mark>
    title_html: str = ""  # the title, escaped, with the query's words marked
    story: str = ""  # the id of the story it tells: its own id, or one its copies share
    copies: tuple[Copy, ...] = ()  # the story's other matching articles, folded into this hit
    review: Review = field(default_factory=lambda: Review())  # the user's star, tags and note

    @property
    def date_label(self) -> str:
        return date_label(self.date, self.date_origin)


@dataclass(frozen=True)
class Review:
    """What the user noted about an article while reviewing: a star, tags and a note."""

    starred: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""

    def __bool__(self) -> bool:
        return self.starred or bool(self.tags) or bool(self.note)


@dataclass(frozen=True)
class Marked:
    """The article ids the user starred, wrote a note on and tagged: what the queries is:starred,
    has:note and tag:NAME find, and the tags facet counts."""

    starred: frozenset[str] = frozenset()
    noted: frozenset[str] = frozenset()
    tags: dict[str, frozenset[str]] = field(default_factory=dict)  # a tag's name -> its articles
    revision: int = 0  # changes whenever any mark does

    @property
    def tagged(self) -> frozenset[str]:
        return frozenset().union(*self.tags.values())


@dataclass(frozen=True)
class Copy:
    """Another article of a hit's story: a copy in another wrapper, outlet or version."""

    id: str
    source: str
    date: dt.date | None


class DateBucket(NamedTuple):
    """One bar of the date histogram: (start, end, count), as DESIGN.md's facets.dates has it."""

    start: dt.date
    end: dt.date
    count: int


@dataclass(frozen=True)
class Facets:
    """Counts of the matching articles by source, and by day, month or year."""

    sources: dict[str, int] = field(default_factory=dict)
    dates: list[DateBucket] = field(default_factory=list)
    granularity: str = "day"  # of the date buckets: "day", "month" or "year"
    undated: int = 0  # matches whose only date is a guess from the file's time, not in `dates`
    tags: dict[str, int] = field(default_factory=dict)  # the user's tags on the matches


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: Facets
    suggestion: str | None = None
    variants_used: dict[str, list[str]] = field(default_factory=dict)
    elapsed_ms: float = 0.0
    articles: int = 0  # every article in the index the search read
    folded: int = 0  # matching articles shown only as copies of a hit's story


@dataclass(frozen=True)
class ArticleView:
    """One article for the preview: its text and where the query's words stand in it."""

    id: str
    path: str
    part: int  # its place in its file, from 1
    parts: int  # how many articles its file holds
    title: str
    date: dt.date | None
    date_origin: DateOrigin
    source: str
    text: str
    hits: list[tuple[int, int]]  # (start, end) in `text`, in order
    file: Path  # the file on disk (its name may not be UTF-8, unlike `path`)
    byline: str = ""
    section: str = ""
    language: str = ""
    key: str = ""  # the vendor's document id, where an export gives one
    words: int | None = None  # the word count its export states
    url: str = ""  # its web address, where the page or export gives one
    review: Review = field(default_factory=lambda: Review())

    @property
    def date_label(self) -> str:
        return date_label(self.date, self.date_origin)


@dataclass(frozen=True)
class ConcordanceLine:
    """One occurrence of a query's word in context: the words before it, it, the words after."""

    id: str  # the article's
    left: str
    match: str
    right: str
    source: str
    date: dt.date | None
    title: str = ""
    hit: int = 0  # which of the article's hits it is, from 0 (the preview's hit to open at)


@dataclass(frozen=True)
class Concordance:
    """Keyword in context for a search: its lines, article by article in the search's order."""

    query: str
    lines: list[ConcordanceLine]
    articles: int  # matching articles (all of them, not only those the lines come from)
    complete: bool  # whether `lines` holds every occurrence in every matching article
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    records: int
    format: str
    path: Path | None  # None: standard output or a stream
    cancelled: bool = False
    elapsed: float = 0.0


@dataclass(frozen=True)
class WordChange:
    """A run of words two versions of an article share, or that only one of them has."""

    kind: str  # "same"; "dropped": only in the first; "added": only in the second
    text: str


@dataclass(frozen=True)
class Comparison:
    """Two articles word by word: what the second keeps, drops and adds of the first."""

    first: ArticleView
    second: ArticleView
    changes: tuple[WordChange, ...]

    @property
    def similarity(self) -> float:
        """The share of the two texts' words they have in common, 0 to 1."""
        same = sum(len(c.text.split()) for c in self.changes if c.kind == "same")
        total = sum(len(c.text.split()) * (2 if c.kind == "same" else 1) for c in self.changes)
        return 2 * same / total if total else 1.0


@dataclass(frozen=True)
class Skipped:
    """A file or folder with the plain reason it is not indexed, or is read only in part."""

    path: Path
    reason: str

    @property
    def shown_path(self) -> str:
        return display_path(self.path)


@dataclass
class IndexReport:
    """What a reindex did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Skipped] = field(default_factory=list)  # files read only in part, and why
    elapsed: float = 0.0
    documents: int = 0
    full: bool = False
    cancelled: bool = False
    workers: int = 1

    def to_json(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": [{"path": s.shown_path, "reason": s.reason} for s in self.skipped],
            "problems": [{"path": s.shown_path, "reason": s.reason} for s in self.problems],
            "elapsed_s": round(self.elapsed, 3),
            "documents": self.documents,
            "full": self.full,
            "cancelled": self.cancelled,
            "workers": self.workers,
        }


@dataclass(frozen=True)
class WatchBatch:
    """What one batch of a watcher did: the changed paths it looked at and the index's report."""

    paths: list[Path]
    report: IndexReport

    @property
    def changed(self) -> bool:
        """Whether the index changed (a file saved again unchanged does not change it)."""
        return bool(self.report.added or self.report.updated or self.report.removed)


@dataclass(frozen=True)
class LibraryStatus:
    """What `searchapp status` shows: the library's size, reach and contents."""

    documents: int
    folders: list[Path]
    index_bytes: int
    last_update: dt.datetime | None
    first_date: dt.date | None
    last_date: dt.date | None
    sources: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "documents": self.documents,
            "folders": [os.fsdecode(f) for f in self.folders],
            "index_bytes": self.index_bytes,
            "last_update": self.last_update.isoformat(timespec="seconds")
            if self.last_update
            else None,
            "date_range": [
                self.first_date.isoformat() if self.first_date else None,
                self.last_date.isoformat() if self.last_date else None,
            ],
            "sources": self.sources,
        }
