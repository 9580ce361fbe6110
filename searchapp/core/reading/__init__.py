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
from searchapp.core.reading.article import Article, FileArticles, RawArticle, Reading, SkipFile
from searchapp.core.reading.dates import date_among_neighbours, file_date
from searchapp.core.reading.files import read_bytes
from searchapp.core.reading.metadata import extract_metadata
from searchapp.core.reading.rules import USER_RULES_NAME, Rules, RulesError, load_rules

__all__ = [
    "USER_RULES_NAME",
    "Article",
    "FileArticles",
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


def read_articles(path: Path, rules: Rules) -> FileArticles:
    """Read and understand one file, never writing to it; raises SkipFile with the reason for a
    file not to index."""
    data, info = read_bytes(path, rules.max_file_bytes)
    reader = next(form for form in FORMATS if form.reads(path, rules))
    reading: Reading = reader.read(data, rules)
    found = [raw for raw in reading.articles if (raw.front or raw.body).strip()]
    if not found:
        if reading.problems:
            raise SkipFile(reading.problems[0])
        raise SkipFile("empty file" if not data else "no readable text")
    problems = list(reading.problems)
    if reading.stated is not None and reading.stated != len(found):
        problems.append(f"the file says it holds {reading.stated} articles; {len(found)} were read")
    articles = [
        _article(path, dataclasses.replace(raw, mtime=info.st_mtime), info, rules, part, len(found))
        for part, raw in enumerate(found, start=1)
    ]
    return FileArticles(articles, problems)


def _article(
    path: Path, raw: RawArticle, info: os.stat_result, rules: Rules, part: int, parts: int
) -> Article:
    meta = extract_metadata(raw, rules)
    fields = raw.export
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
        part=part,
        parts=parts,
        byline=_one_line(fields.get("byline") or raw.header.get("byline") or ""),
        section=_one_line(fields.get("section") or raw.header.get("section") or ""),
        language=_one_line(fields.get("language") or raw.meta.get("language") or ""),
        key=_one_line(fields.get("key", "")),
        words=_count(fields.get("words", "")),
    )


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _count(value: str) -> int | None:
    digits = "".join(ch for ch in value if ch.isdigit())
    return int(digits) if digits else None
