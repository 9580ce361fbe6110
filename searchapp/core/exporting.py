"""Writing a search's matches out: CSV for a spreadsheet, JSON Lines for scripts, RIS for Zotero
and EndNote, and a plain list of citations.

Every record says where it came from (the query, its filters, when, which searchapp), so rows of
several exports pasted together stay apart; the files hold records only, so a reader counts
exactly the matches the search reported. CSV is UTF-8 with a byte order mark, which Excel needs
to show accents, and LibreOffice reads as well.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from searchapp.core.types import ConcordanceLine, Review, SearchQuery

CSV_COLUMNS = (
    "id",
    "path",
    "part",
    "title",
    "date",
    "date_origin",
    "source",
    "byline",
    "section",
    "words",
    "url",
    "starred",
    "tags",
    "note",
    "snippet",
    "query",
    "filters",
    "exported",
)
CONCORDANCE_COLUMNS = ("left", "match", "right", "source", "date", "title", "id")
TAG_SEPARATOR = "; "


def provenance(request: SearchQuery, version: str, when: dt.datetime | None = None) -> dict:
    """Where an export's records came from."""
    when = when or dt.datetime.now().astimezone()
    return {
        "query": request.text,
        "filters": filters_text(request),
        "exported": when.isoformat(timespec="seconds"),
        "app": f"searchapp {version}",
    }


def filters_text(request: SearchQuery) -> str:
    """A search's filters as a person reads them: "source: Reuters, AFP; since: 2019-01"."""
    parts = []
    if request.sources:
        parts.append("source: " + ", ".join(request.sources))
    if request.tags:
        parts.append("tag: " + ", ".join(request.tags))
    if request.since:
        parts.append(f"since: {_day_text(request.since)}")
    if request.until:
        parts.append(f"until: {_day_text(request.until)}")
    parts.append(f"copies: {'collapsed' if request.duplicates == 'collapse' else 'shown'}")
    if request.variants:
        parts.append("spelling variants: yes")
    return "; ".join(parts)


def _day_text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def record(row: dict, review: Review, about: dict) -> dict:
    """One exported record: an article's fields, the user's marks on it, the export's origin."""
    date = row["date"]
    rec = {
        "id": row["id"],
        "path": row["path"],
        "part": row["part"],
        "title": row["title"],
        "date": date.isoformat() if date else None,
        "date_origin": str(row["date_origin"]),
        "source": row["source"],
        "byline": row["byline"],
        "section": row["section"],
        "words": row["words"],
        "url": row["url"],
        "starred": review.starred,
        "tags": list(review.tags),
        "note": review.note,
        "snippet": row["snippet"],
    }
    if "text" in row:
        rec["text"] = row["text"]
    rec.update(about)
    return rec


class Writer:
    """Writes records of one format to a text stream."""

    def __init__(self, stream: TextIO, about: dict) -> None:
        self.stream = stream
        self.about = about

    def start(self) -> None:
        """Before the first record."""

    def write(self, rec: dict) -> None:
        raise NotImplementedError


class CsvWriter(Writer):
    def start(self) -> None:
        self.stream.write("\ufeff")  # Excel reads UTF-8 only after this mark
        self.csv = csv.writer(self.stream)
        self.csv.writerow(CSV_COLUMNS)
        self.origin = [self.about["query"], self.about["filters"], self.about["exported"]]

    def write(self, rec: dict) -> None:
        self.csv.writerow(
            [
                rec["id"],
                rec["path"],
                rec["part"],
                rec["title"],
                rec["date"] or "",
                rec["date_origin"],
                rec["source"],
                rec["byline"],
                rec["section"],
                rec["words"] or "",
                rec["url"],
                "yes" if rec["starred"] else "",
                TAG_SEPARATOR.join(rec["tags"]),
                rec["note"],
                rec["snippet"],
                *self.origin,
            ]
        )


class JsonLinesWriter(Writer):
    def write(self, rec: dict) -> None:
        self.stream.write(json.dumps(rec, ensure_ascii=False))
        self.stream.write("\n")


class RisWriter(Writer):
    """RIS: one NEWS reference per article (tags as keywords, the note as a note, the file as a
    linked attachment), its origin in the database field, which Zotero shows as the catalog."""

    def write(self, rec: dict) -> None:
        lines = [("TY", "NEWS"), ("TI", rec["title"]), ("T2", rec["source"])]
        lines += [("AU", author) for author in authors(rec["byline"])]
        if rec["date"]:
            year, month, day = rec["date"].split("-")
            lines += [("PY", year), ("DA", f"{year}/{month}/{day}")]
        lines += [("SE", rec["section"]), ("UR", rec["url"]), ("L1", file_uri(rec["path"]))]
        lines += [("KW", tag) for tag in rec["tags"]]
        lines += [("N1", rec["note"]), ("AB", rec["snippet"]), ("ID", rec["id"])]
        lines.append(("DB", f"{self.about['app']}: {rec['query'] or 'every article'}"))
        for key, value in lines:
            value = " ".join(str(value).split())
            if value:
                self.stream.write(f"{key}  - {value}\n")
        self.stream.write("ER  - \n\n")


class CitationWriter(Writer):
    """A numbered list of citations, news style: Author. "Title." Outlet, 6 December 2024. URL."""

    def start(self) -> None:
        about = self.about
        self.stream.write(f"Articles found by {about['app']} on {about['exported']}\n")
        self.stream.write(f"Query: {about['query'] or '(every article)'}\n")
        self.stream.write(f"Filters: {about['filters']}\n\n")
        self.number = 0

    def write(self, rec: dict) -> None:
        self.number += 1
        self.stream.write(f"{self.number}. {citation(rec)}\n")


WRITERS = {"csv": CsvWriter, "jsonl": JsonLinesWriter, "ris": RisWriter, "text": CitationWriter}


def citation(rec: dict) -> str:
    parts = []
    names = authors(rec["byline"])
    if names:
        parts.append(_sentence(" and ".join(names)))
    if rec["title"]:
        parts.append(f"“{_sentence(rec['title'])}”")
    outlet = rec["source"] or "Unknown source"
    if rec["date"]:
        day = dt.date.fromisoformat(rec["date"])
        outlet += f", {day.day} {day.strftime('%B')} {day.year}"
    parts.append(outlet + ".")
    parts.append(rec["url"] or rec["path"])
    return " ".join(parts)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def authors(byline: str) -> list[str]:
    """The people a byline names: "By Jane Roe and John Doe in Beirut" -> both names."""
    text = " ".join(byline.split())
    if not text:
        return []
    lowered = text.lower()
    if lowered.startswith("by "):
        text = text[3:]
    for cut in (" in ", " | ", " - ", ", "):
        head, _, tail = text.partition(cut)
        # "Jane Roe, Reuters" ends with an outlet; "Roe, Jane" is one name.
        if cut != ", " or len(head.split()) > 1:
            text = head
    names = [n.strip() for n in text.replace(" & ", " and ").split(" and ")]
    return [n for n in names if n and len(n.split()) <= 5]


def file_uri(path: str) -> str:
    return "file://" + quote(Path(path).as_posix()) if path else ""


def write_records(fmt: str, stream: TextIO, about: dict, records: Iterable[dict]) -> Iterator[int]:
    """Write `records` in format `fmt`, yielding the count after each (for progress)."""
    writer = WRITERS[fmt](stream, about)
    writer.start()
    for count, rec in enumerate(records, 1):
        writer.write(rec)
        yield count


def write_concordance(lines: Iterable[ConcordanceLine], stream: TextIO) -> int:
    """Concordance lines as CSV (left, match, right, source, date, title, id)."""
    stream.write("\ufeff")
    out = csv.writer(stream)
    out.writerow(CONCORDANCE_COLUMNS)
    count = 0
    for line in lines:
        date = line.date.isoformat() if line.date else ""
        out.writerow([line.left, line.match, line.right, line.source, date, line.title, line.id])
        count += 1
    return count


def open_output(path: str | os.PathLike[str]) -> TextIO:
    """A new file to write an export to: UTF-8, newlines as written (csv writes its own)."""
    return open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (the caller closes it)
