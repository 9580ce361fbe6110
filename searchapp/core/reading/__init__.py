"""Reading the archive: a file becomes one or more articles with their date, source and title.

Each format is a module with two functions: `reads(path, rules)`, whether it takes the file, and
`read(data, rules)`, which turns the file's bytes into the raw articles it holds (text and
declared metadata); the metadata rules then give each its title, date and source. A new format
is a new module and its place in FORMATS. Nothing here imports the index: what an article is
does not depend on how it is searched.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from searchapp.core.reading import html, plain
from searchapp.core.reading.article import Article, RawArticle, SkipFile
from searchapp.core.reading.dates import date_among_neighbours, file_date
from searchapp.core.reading.files import read_bytes
from searchapp.core.reading.metadata import extract_metadata
from searchapp.core.reading.rules import USER_RULES_NAME, Rules, RulesError, load_rules

__all__ = [
    "USER_RULES_NAME",
    "Article",
    "Rules",
    "RulesError",
    "SkipFile",
    "date_among_neighbours",
    "file_date",
    "load_rules",
    "read_articles",
]


# Asked in order; the first format that takes a file reads it. Plain text takes any file.
FORMATS = (html, plain)


def read_articles(path: Path, rules: Rules) -> list[Article]:
    """Read and understand one file, never writing to it; raises SkipFile with the reason for a
    file not to index."""
    data, info = read_bytes(path, rules.max_file_bytes)
    reader = next(form for form in FORMATS if form.reads(path, rules))
    found = [raw for raw in reader.read(data, rules) if (raw.front or raw.body).strip()]
    if not found:
        raise SkipFile("empty file" if not data else "no readable text")
    return [
        _article(path, dataclasses.replace(raw, mtime=info.st_mtime), info, rules) for raw in found
    ]


def _article(path: Path, raw: RawArticle, info: os.stat_result, rules: Rules) -> Article:
    meta = extract_metadata(raw, rules)
    return Article(
        path=path,
        text=raw.body,
        title=meta.title,
        date=meta.date,
        date_origin=meta.date_origin,
        source=meta.source,
        size=info.st_size,
        mtime_ns=info.st_mtime_ns,
        month_day=meta.month_day,
        year_hint=meta.year_hint,
        front=raw.front,
    )
