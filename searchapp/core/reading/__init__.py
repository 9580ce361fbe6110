"""Reading the archive: a file becomes one or more articles with their date, source and title.

Each format is a module with two functions: `reads(path, head, rules)`, whether it takes the
file, by its first bytes (`head`: a magic number such as %PDF- or a zip's first member, so that
a misnamed file is still read right) or else its ending; and `read(data, rules)`, which turns the
file's bytes into the raw articles it holds (text and declared metadata). A format whose first
part stands alone (a mailbox) also has `read_start(data, rules)`, for the first bytes of a file
too large to read whole. The metadata rules then give each article its title, date and source.
A new format is a new module and its place in FORMAT_MODULES. Nothing here imports the index:
what an article is does not depend on how it is searched.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from searchapp.core.reading.languages import language_code

if TYPE_CHECKING:
    from searchapp.core.reading.article import Article, FileArticles, RawArticle, Reading
    from searchapp.core.reading.rules import Rules

# Reading a file brings the articles' types, the date rules (dateutil), the metadata rules
# (TOML) and the formats: they are imported by the functions that read, or on first use of
# their names here, so that whoever only walks folders or searches (a reindex with nothing to
# read, the index's schema, a query) does without them.
_LAZY = {
    "Article": "article",
    "FileArticles": "article",
    "SkipFile": "article",
    "USER_RULES_NAME": "rules",
    "Rules": "rules",
    "RulesError": "rules",
    "load_rules": "rules",
    "date_among_neighbours": "dates",
    "file_date": "dates",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "USER_RULES_NAME",
    "Article",
    "FileArticles",
    "Rules",
    "RulesError",
    "SkipFile",
    "date_among_neighbours",
    "file_date",
    "format_of",
    "formats",
    "language_code",
    "load_rules",
    "read_articles",
]


# Asked in order; the first format that takes a file reads it. Formats known by their first
# bytes come first; plain text takes any file. Imported when the first file is read: a search
# needs none of them (nor lxml, PDFium or the e-mail parser they bring).
FORMAT_MODULES = ("pdf", "rtf", "epub", "office", "webarchive", "mail", "xmlfile", "html", "plain")


@functools.cache
def formats() -> tuple:
    """The format modules, in the order they are asked."""
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in FORMAT_MODULES)


HEAD_BYTES = 8192  # what `reads` sees of a file: enough for a message's header block


def format_of(path: Path, head: bytes, rules: Rules):
    """The format module that reads the file whose first bytes are `head`."""
    return next(form for form in formats() if form.reads(path, head, rules))


def read_articles(path: Path, rules: Rules) -> FileArticles:
    """Read and understand one file, never writing to it; raises SkipFile with the reason for a
    file not to index."""
    from searchapp.core.reading.article import FileArticles, SkipFile
    from searchapp.core.reading.files import megabytes, open_read_only

    with open_read_only(path) as source:
        info = source.info
        head = source.read(HEAD_BYTES)
        reader = format_of(path, head, rules)
        read_start = getattr(reader, "read_start", None)
        limit = rules.max_file_bytes
        if read_start is not None:
            limit = max(limit, rules.max_mailbox_bytes)
        if info.st_size > limit and read_start is None:
            raise SkipFile(f"larger than {megabytes(limit)}")
        if len(head) < HEAD_BYTES and len(head) <= limit:
            data, cut = head, False
        else:
            data = source.read(limit, start=0)
            cut = bool(source.read(1))
    problems = []
    if not cut:
        reading: Reading = reader.read(data, rules)
    elif read_start is not None:
        reading = read_start(data, rules)
        problems.append(
            f"only the first {megabytes(limit)} of {megabytes(max(info.st_size, limit + 1))} "
            "were read"
        )
    else:
        raise SkipFile(f"larger than {megabytes(limit)}")
    found = [raw for raw in reading.articles if (raw.front or raw.body).strip()]
    if not found:
        raise SkipFile(_nothing_read(reading, data))
    problems[:0] = reading.problems
    if reading.stated is not None and reading.stated != len(found):
        problems.append(f"the file says it holds {reading.stated} articles; {len(found)} were read")
    articles = [
        _article(path, dataclasses.replace(raw, mtime=info.st_mtime), info, rules, part, len(found))
        for part, raw in enumerate(found, start=1)
    ]
    return FileArticles(articles, problems)


def _nothing_read(reading: Reading, data: bytes) -> str:
    """Why a file gave no article."""
    if reading.problems:
        return reading.problems[0]
    if reading.stated:
        return f"an export that says it holds {reading.stated} articles, none of them readable"
    if reading.stated == 0:
        return "an export that holds no articles"
    return "empty file" if not data else "no readable text"


def _article(
    path: Path, raw: RawArticle, info: os.stat_result, rules: Rules, part: int, parts: int
) -> Article:
    from searchapp.core.reading.article import Article
    from searchapp.core.reading.exports.fields import count_digits, one_line
    from searchapp.core.reading.metadata import extract_metadata

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
        byline=one_line(
            fields.get("byline") or raw.header.get("byline") or raw.meta.get("byline") or ""
        ),
        section=one_line(fields.get("section") or raw.header.get("section") or ""),
        language=language_code(fields.get("language") or raw.meta.get("language") or ""),
        key=one_line(fields.get("key", "")),
        words=int(words) if (words := count_digits(fields.get("words", ""))) else None,
        url=_address(raw),
    )


def _address(raw: RawArticle) -> str:
    """The article's web address: the export's link, else a header line's, else the one the
    page declares; the first that is an absolute http(s) address."""
    from searchapp.core.reading.addresses import web_address

    stated = (raw.export.get("url"), raw.header.get("url"), raw.meta.get("url"))
    return next((address for text in stated if (address := web_address(text))), "")
