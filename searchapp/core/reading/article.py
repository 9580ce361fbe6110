"""What reading a file yields: the raw parts a format reader found, and the finished article."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from searchapp.core.types import DateOrigin, article_id

# The fields an export states for each of its articles (RawArticle.export), all as text:
# title, date (as the export writes it), source (the outlet), byline, section, language, key
# (the vendor's document id: Factiva's accession number, the ProQuest id), words (the stated
# word count), url (the article's link: ProQuest's document URL, a Nexis URL field).
EXPORT_FIELDS = ("title", "date", "source", "byline", "section", "language", "key", "words", "url")


@dataclass(frozen=True)
class RawArticle:
    """What a reader took from a file before any metadata rule ran."""

    body: str  # the story: what the rules read
    header: dict[str, str] = field(default_factory=dict)  # "date"/"source"/"title"/"url" lines
    meta: dict[str, str] = field(default_factory=dict)  # the same from HTML or document metadata
    mtime: float = 0.0
    front: str = ""  # header lines or front matter: searchable, but no part of the shown text
    export: dict[str, str] = field(default_factory=dict)  # a news-database export's fields


@dataclass
class Reading:
    """Everything a format reader found in one file."""

    articles: list[RawArticle]
    stated: int | None = None  # how many articles the file says it holds ("Documents (100)")
    problems: list[str] = field(default_factory=list)  # why parts of the file were not read


@dataclass(frozen=True)
class Metadata:
    title: str
    date: dt.date | None  # None while a year-less dateline waits for its folder's dates
    date_origin: DateOrigin
    source: str
    month_day: tuple[int, int] | None = None  # the dateline's month and day when it had no year
    year_hint: dt.date | None = None  # that dateline's date as the story's own dates suggest


class SkipFile(Exception):
    """A file that is not indexed, with the plain reason why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Article:
    """One article as the index holds it."""

    path: Path
    text: str
    title: str
    date: dt.date | None
    date_origin: DateOrigin
    source: str
    size: int
    mtime_ns: int
    month_day: tuple[int, int] | None = None  # a year-less dateline's month and day
    year_hint: dt.date | None = None  # its date as the story's own dates suggest
    front: str = ""  # header lines or front matter: searched, never shown or quoted
    part: int = 1  # its place in the file, from 1
    parts: int = 1  # how many articles the file holds
    byline: str = ""
    section: str = ""
    language: str = ""
    key: str = ""  # the vendor's document id, where an export gives one
    words: int | None = None  # the word count the export states
    url: str = ""  # the article's web address: a page's canonical URL, an export's link

    @property
    def id(self) -> str:
        """The file's path for a one-article file, PATH#N for the N-th article of many."""
        return article_id(self.path, self.part, self.parts)


@dataclass
class FileArticles:
    """One file's articles, and what kept parts of it from being read."""

    articles: list[Article]
    problems: list[str] = field(default_factory=list)
