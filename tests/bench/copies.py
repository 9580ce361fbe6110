"""Copies in the benchmark (issue 13): how well the index's stories match the archive's truth,
and what fingerprints and collapsing cost.

    python tests/bench/copies.py DIR [--queries-rounds N]

DIR is an archive from make_archive.py, whose manifest gives each article's "story" (copies
share one) and, for a near miss, the story or template it only resembles ("near"). run.py calls
copy_detection on the index it has built; run alone, this indexes DIR into a temporary library.
Precision and recall count pairs of articles, not stories: a story of four files is six pairs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import run  # which imports this module: its names are looked up when called, not at import
from check_archive import visible_text
from make_archive import COPY_KINDS

from searchapp.core.engine.stories import fingerprint
from searchapp.core.library import Library

NEAR_KINDS = ("follow-up", "template")  # the "variant" of make_archive's near misses
RECALL_TARGET = 0.98
FALSE_MERGE_TARGET = 0.01  # of near-miss pairs
FINGERPRINT_TARGET = 0.15  # of the full index time
FINGERPRINT_ROUNDS = 3  # one beyond run.TARGET_SCALE articles, where a pass takes minutes
COLLAPSE_TARGET_MS = 10.0
RELATED_TARGET_MS = 100.0
RELATED_SCALE = 100_000  # the related target is set for this many articles
RELATED_SAMPLE = 50


@dataclass(frozen=True)
class PairScore:
    """Pairs of articles in one story: by the truth, as found, and both; and the near-miss
    pairs (articles that only resemble each other) found in one story."""

    true_pairs: int
    found_pairs: int
    correct_pairs: int
    near_pairs: int
    near_merged: int

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def false_merge_share(self) -> float:
        return self.near_merged / self.near_pairs if self.near_pairs else 0.0


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


def near_miss_pairs(truth: dict[str, dict]) -> set[tuple[str, str]]:
    """Pairs of paths that must stay apart: a near miss with every article of the story it
    resembles, and near misses that resemble the same thing (one wire template)."""
    by_story: dict[str, list[str]] = {}
    by_near: dict[str, list[str]] = {}
    for path, entry in truth.items():
        by_story.setdefault(entry["story"], []).append(path)
        if entry.get("near"):
            by_near.setdefault(entry["near"], []).append(path)
    pairs = set()
    for near, paths in by_near.items():
        for index, path in enumerate(paths):
            for other in by_story.get(near, []) + paths[index + 1 :]:
                pairs.add((min(path, other), max(path, other)))
    return pairs


def score_pairs(truth: dict[str, dict], found: dict[str, str]) -> PairScore:
    """Pair counts over the articles both in the manifest (`truth`, by path) and the index
    (`found`: story id by path)."""
    paths = [path for path in truth if path in found]
    true_sizes = Counter(truth[path]["story"] for path in paths)
    found_sizes = Counter(found[path] for path in paths)
    both_sizes = Counter((truth[path]["story"], found[path]) for path in paths)
    indexed = {path: truth[path] for path in paths}
    near = near_miss_pairs(indexed)
    return PairScore(
        true_pairs=sum(map(_pairs, true_sizes.values())),
        found_pairs=sum(map(_pairs, found_sizes.values())),
        correct_pairs=sum(map(_pairs, both_sizes.values())),
        near_pairs=len(near),
        near_merged=sum(found[a] == found[b] for a, b in near),
    )


def found_stories(lib: Library, archive: Path) -> dict[str, str]:
    """The story id of every indexed article, by its path relative to `archive` (PATH#N for
    the N-th article of a file that holds several)."""
    stories = {}
    for hit in lib.search("", limit=0, duplicates="show").hits:
        relative = os.path.relpath(hit.path, archive).replace(os.sep, "/")
        key = relative if hit.part == 1 else f"{relative}#{hit.part}"
        stories[key] = hit.story or hit.id
    return stories


def by_kind(truth: dict[str, dict], found: dict[str, str]) -> dict[str, tuple[int, int]]:
    """For each kind of copy, (found with their original, in all); for each kind of near
    miss, (merged with something they only resemble, in all). Indexed articles only."""
    indexed = {path: entry for path, entry in truth.items() if path in found}
    originals = {e["story"]: path for path, e in indexed.items() if e.get("variant") == "original"}
    merged = set()
    for first, second in near_miss_pairs(indexed):
        if found[first] == found[second]:
            merged.update((first, second))
    counts: dict[str, tuple[int, int]] = {}
    for path, entry in indexed.items():
        variant = entry.get("variant")
        if variant in COPY_KINDS and entry["story"] in originals:
            hit = found[path] == found[originals[entry["story"]]]
        elif variant in NEAR_KINDS:
            hit = path in merged
        else:
            continue
        hits, total = counts.get(variant, (0, 0))
        counts[variant] = (hits + hit, total + 1)
    return counts


def fingerprint_seconds(archive: Path, paths: list[str], rounds: int) -> float:
    """Seconds `fingerprint` takes over the text of every file (the median of `rounds`
    passes), the texts read beforehand as check_archive.visible_text reads
    them: decoded, and a web page without its markup and page furniture."""
    texts = [visible_text(archive / path) for path in paths]
    passes = []
    for _round in range(rounds):
        started = time.perf_counter()
        for text in texts:
            fingerprint(text)
        passes.append(time.perf_counter() - started)
    return statistics.median(passes)


def collapse_p95(lib: Library, queries: list[run.BenchQuery], rounds: int) -> tuple[float, float]:
    """Query p95 in ms with copies shown and collapsed (limit 20), the two taking turns round
    by round, so that a machine busy for a while slows both alike."""
    times: dict[str, list[float]] = {"show": [], "collapse": []}
    for _round in range(rounds):
        for mode, spent in times.items():
            by_kind = run.time_queries(
                lambda text, m=mode: lib.search(text, duplicates=m), queries, 1
            )
            spent.extend(ms for kind in by_kind.values() for ms in kind)
    return run.percentile(times["show"], 0.95), run.percentile(times["collapse"], 0.95)


def read_manifest(archive: Path) -> dict[str, dict]:
    """The archive's manifest by path relative to `archive`: its own manifest.json, or else
    those of the folders right inside it (an archive generated in parts, one seed each), with
    each part's story labels kept apart by the part's name. Empty if there is none."""
    own = archive / "manifest.json"
    if own.is_file():
        return json.loads(own.read_text("utf-8"))
    merged: dict[str, dict] = {}
    for part in sorted(archive.iterdir()):
        if not (part / "manifest.json").is_file():
            continue
        for path, entry in json.loads((part / "manifest.json").read_text("utf-8")).items():
            labels = {
                key: f"{part.name}/{entry[key]}" for key in ("story", "near") if entry.get(key)
            }
            merged[f"{part.name}/{path}"] = {**entry, **labels}
    return merged


def copy_detection(
    library_home: Path,
    archive: Path,
    index_seconds: float,
    queries: list[run.BenchQuery],
    rounds: int,
) -> list[run.Row]:
    """The copy rows of the table, on the index at `library_home` of the archive `archive`
    (its full index took `index_seconds`), the query set searched `rounds` times per mode."""
    truth = read_manifest(archive)
    if not any("story" in entry for entry in truth.values()):
        run.progress("copies: the manifest has no stories (an archive from before issue 13)")
        return [run.Row("copies: the archive's manifest names no stories", "n/a")]
    lib = Library.open(library_home)
    run.progress("copies: stories of every article against the manifest")
    found = found_stories(lib, archive)
    score = score_pairs(truth, found)
    missing = sum(path not in found for path in truth)
    stories = sum(size > 1 for size in Counter(e["story"] for e in truth.values()).values())
    unindexed = f"; {missing} files not indexed" if missing else ""
    rows = [
        run.Row(
            f"copies: pair recall ({score.true_pairs} true copy pairs in {stories}"
            f" stories{unindexed})",
            f"{score.recall:.3f}",
            target=f"≥ {RECALL_TARGET}",
            passed=score.recall >= RECALL_TARGET,
        ),
        run.Row(
            f"copies: pair precision / false merges of {score.near_pairs} near-miss pairs"
            f" ({score.found_pairs} pairs found)",
            f"{score.precision:.3f} / {score.near_merged} ({score.false_merge_share:.1%})",
            target=f"false merges ≤ {FALSE_MERGE_TARGET:.0%}",
            passed=score.false_merge_share <= FALSE_MERGE_TARGET,
        ),
    ]
    counts = by_kind(truth, found)
    for variant in COPY_KINDS + NEAR_KINDS:
        if variant in counts:
            what = "merged with what they resemble" if variant in NEAR_KINDS else "with original"
            rows.append(run.Row(f"  {variant}: {what}", "{} of {}".format(*counts[variant])))

    run.progress(f"copies: fingerprints of {len(truth)} article texts")
    passes = FINGERPRINT_ROUNDS if len(truth) <= run.TARGET_SCALE else 1
    spent = fingerprint_seconds(archive, sorted(truth), passes)
    share = spent / index_seconds
    rows.append(
        run.Row(
            f"fingerprints: time over all article texts / full index time (median of"
            f" {passes}: {run.seconds(spent)} of {run.seconds(index_seconds)})",
            f"{share:.3f}",
            target=f"≤ {FINGERPRINT_TARGET}",
            passed=share <= FINGERPRINT_TARGET,
        )
    )

    run.progress(f"copies: {len(queries)} queries x {rounds} rounds, copies shown and collapsed")
    shown_p95, collapsed_p95 = collapse_p95(lib, queries, rounds)
    added = collapsed_p95 - shown_p95
    at_target_scale = len(truth) <= run.TARGET_SCALE
    rows.append(
        run.Row(
            f"collapse: query p95 collapsed minus shown ({run.millis(collapsed_p95)} against"
            f" {run.millis(shown_p95)}, {len(queries) * rounds} searches each)",
            f"{added:+.1f} ms",
            target=f"≤ {COLLAPSE_TARGET_MS:.0f} ms" + ("" if at_target_scale else " at 20k"),
            passed=added <= COLLAPSE_TARGET_MS if at_target_scale else None,
        )
    )
    ids = sorted(hit.id for hit in lib.search("", limit=0, duplicates="show").hits)
    rows.append(related_row(lib, ids, len(truth)))
    return rows


def related_row(lib: Library, ids: list[str], articles: int) -> run.Row:
    """The same story elsewhere, timed for RELATED_SAMPLE articles spread over the archive
    (after one untimed call, which reads the index version's caches)."""
    step = max(1, len(ids) // RELATED_SAMPLE)
    sample = ids[::step][:RELATED_SAMPLE]
    run.progress(f"related: the same story elsewhere for {len(sample)} articles")
    lib.related(sample[0])
    times = []
    for article in sample:
        started = time.perf_counter()
        lib.related(article)
        times.append((time.perf_counter() - started) * 1000)
    p95 = run.percentile(times, 0.95)
    judged = articles >= RELATED_SCALE
    return run.Row(
        f"related: same story elsewhere p95 (p50 {run.millis(statistics.median(times))},"
        f" {len(sample)} articles)",
        run.millis(p95),
        target=f"≤ {RELATED_TARGET_MS:.0f} ms at 100k",
        passed=p95 <= RELATED_TARGET_MS if judged else None,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, metavar="DIR", help="an archive of make_archive.py")
    parser.add_argument(
        "--queries-rounds", type=int, default=5, metavar="N", help="passes over the query set"
    )
    args = parser.parse_args()
    archive = args.archive.resolve()
    if not read_manifest(archive):
        parser.error(f"{args.archive} holds no manifest.json, nor do the folders in it")
    with tempfile.TemporaryDirectory(prefix="searchapp-copies-") as home:
        Library.open(home).set_folders([archive])
        run.progress(f"full index of {archive}")
        indexing = run.run_process(
            run.searchapp_command("reindex", "--full", "--json"),
            {**os.environ, "SEARCHAPP_HOME": home},
        )
        run.progress(f"indexed {run.reindex_report(indexing).get('documents', '?')} documents")
        rows = copy_detection(
            Path(home), archive, indexing.seconds, run.build_queries(archive), args.queries_rounds
        )
    print(run.render_text([f"searchapp copies, {archive}"], rows, []), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
