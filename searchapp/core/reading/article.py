"""What reading a file yields: the raw parts a format reader found, and the finished article."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from searchapp.core.types import DateOrigin


@dataclass(frozen=True)
class RawArticle:
    """What a reader took from a file before any metadata rule ran."""

    body: str  # the story: what the rules read
    header: dict[str, str] = field(default_factory=dict)  # "date"/"source"/"title" from the file
    meta: dict[str, str] = field(default_factory=dict)  # the same from HTML metadata
    mtime: float = 0.0
    front: str = ""  # header lines or front matter: searchable, but no part of the shown text


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
