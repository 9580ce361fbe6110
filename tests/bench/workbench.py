"""The researcher's workbench in the benchmark: export, concordance, proximity and review marks.

    python tests/bench/workbench.py DIR [--home HOME] [--queries-rounds N]

Rows (run.py adds them to its table; alone, this indexes DIR in a temporary home, or reuses
HOME's index of it):
- export of every article to CSV, JSON Lines (with texts) and RIS, in records per second
  (target: CSV at least 20,000 rows/s), and of a word query's matches with their snippets;
- the concordance's first screen (FIRST_SCREEN lines, as the window shows them first) for each
  word and phrase query of the query set: p95 (target at most 300 ms, set for 100,000 articles);
- `a w/5 b` and `a pre/5 b` for the set's AND pairs, against `a AND b`;
- search with review marks on MARKED articles (tags, stars, notes) against the same searches
  with none, and `tag:NAME` alone.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

import run

from searchapp.core.library import Library
from searchapp.core.types import SearchQuery

FIRST_SCREEN = 300  # concordance lines the window shows first
EXPORT_TARGET = 20_000  # CSV rows per second, at least
CONCORDANCE_TARGET_MS = 300.0
MARKED = 1_000  # articles given tags in the review-marks rows
TAGS = ("to check", "quote", "background", "follow up", "legal")


def export_rows(lib: Library, work: Path) -> list[run.Row]:
    """Every article exported in each format, and one word query's matches with snippets."""
    rows = []
    every = lib.search("", limit=1).total
    for fmt in ("csv", "jsonl", "ris"):
        run.progress(f"export: {every:,} articles as {fmt}")
        report = lib.export(SearchQuery(sort="newest"), fmt, work / f"export.{fmt}")
        rate = report.records / report.elapsed
        rows.append(
            run.Row(
                f"export of every article to {fmt}{' (with texts)' if fmt == 'jsonl' else ''}"
                f" ({report.records:,} records, {run.seconds(report.elapsed)})",
                f"{rate:,.0f}/s",
                target=f"≥ {EXPORT_TARGET:,}/s" if fmt == "csv" else "",
                passed=rate >= EXPORT_TARGET if fmt == "csv" else None,
            )
        )
        (work / f"export.{fmt}").unlink()
    return rows


def snippet_export_row(lib: Library, work: Path, word: str) -> run.Row:
    report = lib.export(word, "csv", work / "word.csv")
    (work / "word.csv").unlink()
    return run.Row(
        f"  export of a common word's matches to csv, snippets around its hits"
        f" ({report.records:,} records)",
        f"{report.records / report.elapsed:,.0f}/s",
    )


def concordance_row(lib: Library, queries: list[run.BenchQuery], rounds: int) -> run.Row:
    texts = [q.text for q in queries if q.kind in ("word", "phrase", "AND")]
    lines_seen: list[int] = []

    def first_screen(text: str) -> None:
        _articles, lines = lib.concordance_lines(text)
        lines_seen.append(len(list(itertools.islice(lines, FIRST_SCREEN))))

    times = [
        ms
        for kind in run.time_queries(first_screen, _as_queries(texts), rounds).values()
        for ms in kind
    ]
    p95 = run.percentile(times, 0.95)
    return run.Row(
        f"concordance: first {FIRST_SCREEN} lines p95 ({len(texts)} word, phrase and AND queries,"
        f" {min(lines_seen)}-{max(lines_seen)} lines)",
        run.millis(p95),
        target=f"≤ {CONCORDANCE_TARGET_MS:.0f} ms at 100k",
        passed=p95 <= CONCORDANCE_TARGET_MS,
    )


def proximity_rows(lib: Library, queries: list[run.BenchQuery], rounds: int) -> list[run.Row]:
    pairs = [q.text.split() for q in queries if q.kind == "AND"]
    reference = run.time_queries(
        lambda text: lib.search(text, limit=20),
        _as_queries(f"{a} AND {b}" for a, b in pairs),
        rounds,
    )
    reference_p95 = run.percentile([ms for kind in reference.values() for ms in kind], 0.95)
    rows = []
    for operator in ("w/5", "pre/5", "w/s"):
        texts = [f"{a} {operator} {b}" for a, b in pairs]
        times = run.time_queries(
            lambda text: lib.search(text, limit=20), _as_queries(texts), rounds
        )
        p95 = run.percentile([ms for kind in times.values() for ms in kind], 0.95)
        found = sum(lib.search(text, limit=1).total for text in texts)
        plain = sum(lib.search(f"{a} AND {b}", limit=1).total for a, b in pairs)
        rows.append(
            run.Row(
                f"proximity a {operator} b p95; reference: a AND b"
                f" ({found:,} of {plain:,} matches)",
                run.millis(p95),
                run.millis(reference_p95),
                run.ratio(p95, reference_p95),
            )
        )
    return rows


def review_rows(lib: Library, queries: list[run.BenchQuery], rounds: int) -> list[run.Row]:
    """Search with no marks, then with MARKED articles tagged (a fifth starred, a tenth noted)."""
    plain = run.time_queries(lambda text: lib.search(text, limit=20), queries, rounds)
    plain_p95 = run.percentile([ms for kind in plain.values() for ms in kind], 0.95)
    hits = lib.search("", limit=MARKED, sort="newest").hits
    run.progress(f"review marks: tagging {len(hits)} articles")
    started = time.perf_counter()
    for number, hit in enumerate(hits):
        lib.tag(hit.id, TAGS[number % len(TAGS)])
        if number % 5 == 0:
            lib.star(hit.id)
        if number % 10 == 0:
            lib.note(hit.id, f"note {number}")
    per_mark = (time.perf_counter() - started) * 1000 / (len(hits) * 1.3)
    marked = run.time_queries(lambda text: lib.search(text, limit=20), queries, rounds)
    marked_p95 = run.percentile([ms for kind in marked.values() for ms in kind], 0.95)
    tag_times = run.time_queries(
        lambda text: lib.search(text, limit=20), _as_queries(f'tag:"{t}"' for t in TAGS), rounds
    )
    tag_p95 = run.percentile([ms for kind in tag_times.values() for ms in kind], 0.95)
    return [
        run.Row(
            f"review: one mark written (tag, star or note; {len(hits):,} articles)",
            run.millis(per_mark),
        ),
        run.Row(
            f"review: query p95 with {len(hits):,} articles marked; reference: none marked",
            run.millis(marked_p95),
            run.millis(plain_p95),
            run.ratio(marked_p95, plain_p95),
        ),
        run.Row("  tag:NAME query p95", run.millis(tag_p95)),
    ]


def workbench_rows(
    home: Path, work: Path, queries: list[run.BenchQuery], rounds: int
) -> list[run.Row]:
    lib = Library.open(home)
    rows = export_rows(lib, work)
    words = [q.text for q in queries if q.kind == "word"]
    rows.append(snippet_export_row(lib, work, words[1]))
    run.progress("concordance: first screens")
    rows.append(concordance_row(lib, queries, rounds))
    run.progress("proximity queries")
    rows.extend(proximity_rows(lib, queries, rounds))
    rows.extend(review_rows(lib, queries, rounds))
    return rows


def _as_queries(texts) -> list[run.BenchQuery]:
    return [run.BenchQuery("q", text) for text in texts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, metavar="DIR", help="an archive of articles")
    parser.add_argument("--home", type=Path, help="a searchapp home that has DIR indexed")
    parser.add_argument("--queries-rounds", type=int, default=3, metavar="N")
    args = parser.parse_args()
    archive = args.archive.resolve()
    with tempfile.TemporaryDirectory(prefix="searchapp-workbench-") as work:
        home = args.home or Path(work) / "home"
        if args.home is None:
            Library.open(home).set_folders([archive])
            run.progress(f"full index of {archive}")
            run.run_process(
                run.searchapp_command("reindex", "--full", "--json"),
                {**os.environ, "SEARCHAPP_HOME": str(home)},
            )
        rows = workbench_rows(home, Path(work), run.build_queries(archive), args.queries_rounds)
    articles = Library.open(home).status().documents if args.home else "?"
    print(
        run.render_text([f"searchapp workbench, {archive} ({articles} articles)"], rows, []), end=""
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
