"""The straightforward Whoosh setup searchapp is measured against (issue 5).

    python tests/bench/reference.py index ARCHIVE INDEX_DIR
    python tests/bench/reference.py search INDEX_DIR QUERY [--limit N]

What anyone would write from the Whoosh docs: StemmingAnalyzer on the text, one process,
`add_document` per file, one `commit()`, and searches with `groupedby` facets on source and date
and `hit.highlights("content")` for the first page. None of searchapp's metadata rules: a file's
text is read plainly (UTF-8, else latin-1), its source and date come from a `Source:`/`Date:`
header line when there is one, else "Unknown" and the file's modification time.

The content is stored in the index, so that highlights need no second read of the file; that
makes this index bigger than one without stored text, and its size is reported as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from whoosh import index, qparser, sorting
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, TEXT, Schema

# The file endings searchapp reads by default (searchapp/core/rules.toml), so both index the same.
SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
HEADER_LINES = 20  # a header line is looked for among this many lines at the top
_HEADER = re.compile(r"^\s*(source|date)\s*:\s*(.+?)\s*$", re.I | re.M)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def reference_schema() -> Schema:
    """path, content (stemmed, stored for highlights), source and date."""
    return Schema(
        path=ID(stored=True, unique=True),
        content=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        source=ID(stored=True),
        date=DATETIME(stored=True),
    )


def make_parser(schema: Schema) -> qparser.QueryParser:
    """Whoosh's default query syntax on content, with `word~` for fuzzy terms."""
    parser = qparser.QueryParser("content", schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser


def archive_files(archive_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """Every file below `archive_dir` with a supported ending, in a stable order."""
    for folder, subfolders, names in os.walk(archive_dir):
        subfolders.sort()
        for name in sorted(names):
            if os.path.splitext(name)[1].lower() in SUFFIXES:
                yield Path(folder, name)


def read_plain(path: Path) -> str:
    """The file's text as UTF-8, or as latin-1 when it is not valid UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def document_fields(path: Path) -> dict:
    """The reference's fields for one file: header lines if present, else Unknown and mtime."""
    text = read_plain(path)
    top = "\n".join(text.split("\n", HEADER_LINES)[:HEADER_LINES])
    header = {key.lower(): value for key, value in _HEADER.findall(top)}
    source = header.get("source") or "Unknown"
    day = _ISO_DAY.match(header.get("date", ""))
    try:
        date = dt.datetime(*map(int, day.groups())) if day else None
    except ValueError:
        date = None
    if date is None:
        modified = dt.date.fromtimestamp(path.stat().st_mtime)
        date = dt.datetime(modified.year, modified.month, modified.day)
    return {"path": str(path), "content": text, "source": source, "date": date}


def build_reference_index(archive_dir: str | os.PathLike[str], index_dir: str) -> float:
    """Index every article under `archive_dir` into `index_dir`; the seconds it took."""
    started = time.perf_counter()
    os.makedirs(index_dir, exist_ok=True)
    ix = index.create_in(index_dir, reference_schema())
    writer = ix.writer()
    for path in archive_files(archive_dir):
        writer.add_document(**document_fields(path))
    writer.commit()
    return time.perf_counter() - started


@functools.lru_cache(maxsize=4)
def _open(index_dir: str) -> tuple[qparser.QueryParser, object]:
    # One parser and one searcher per index, kept for later searches, as an application would;
    # the searcher also keeps Whoosh's facet caches.
    ix = index.open_dir(index_dir)
    return make_parser(ix.schema), ix.searcher()


def reference_search(index_dir: str, query: str, limit: int = 20) -> tuple[int, float]:
    """Search with facet counts on source and date and highlights for the first page.

    Returns the number of matches and the milliseconds taken.
    """
    parser, searcher = _open(os.fspath(index_dir))
    started = time.perf_counter()
    parsed = parser.parse(query)
    facets = {"source": sorting.FieldFacet("source"), "date": sorting.FieldFacet("date")}
    results = searcher.search(parsed, limit=limit, groupedby=facets, maptype=sorting.Count)
    results.groups("source")
    results.groups("date")
    # With groupedby, Whoosh scores and keeps every match, not only `limit`: highlight one page.
    for hit in results[:limit]:
        hit.fields()
        hit.highlights("content")
    total = len(results)
    return total, (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("index", help="index an archive")
    build.add_argument("archive")
    build.add_argument("index_dir")
    search = commands.add_parser("search", help="search an index built by `index`")
    search.add_argument("index_dir")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    args = parser.parse_args()
    if args.command == "index":
        seconds = build_reference_index(args.archive, args.index_dir)
        print(f"indexed in {seconds:.2f} s")
    else:
        total, elapsed_ms = reference_search(args.index_dir, args.query, args.limit)
        print(f"{total} results in {elapsed_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
