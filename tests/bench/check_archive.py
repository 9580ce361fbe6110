"""Index a generated archive and compare what searchapp reads with the archive's manifest.

    python tests/bench/check_archive.py DIR [--grep-words 200] [--seed S] [--examples 20]

DIR is an archive written by make_archive.py. The archive is indexed into a temporary
SEARCHAPP_HOME through the public API; the report gives the index time and size, the date and
source of every document against the manifest (per shape, per field and per encoding, where the
manifest is not null), grep parity for words drawn from the archive's text, and the median time
of a handful of queries. Exit status 0 when everything matched, 1 otherwise.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from searchapp.core.library import Library

TEXT_SUFFIXES = (".txt", ".md", ".html")
FIELDS = ("date", "source")
WORD_SAMPLE_FILES = 400  # files read to draw grep words and query words from
QUERY_RUNS = 5
EXCERPT_CHARS = 140
# Elements whose text is page furniture, not the article: grep sees them, search should not.
_FURNITURE = re.compile(
    r"<(script|style|nav|footer|aside|head|noscript|template|svg|form|button|select|iframe)\b"
    r".*?</\1\s*>",
    re.I | re.S,
)
_TAG = re.compile(r"<[^>]*>")
_PLAIN_WORD = re.compile(r"(?<!\w)[A-Za-z]{2,}(?!\w)")
_HTML_EVIDENCE = re.compile(r"og:site_name|published_time|<time|datePublished|<p>", re.I)
# Lines of a plain text that may hold source evidence: attributions and agency datelines.
_TEXT_EVIDENCE = re.compile(
    r"\b(?:told|according to|seen by|obtained by|reviewed by)\s+(?:the\s+)?[A-Z]"
    r"|could not independently"
    r"|\b(?:an?|the)\s+[A-Z][\w ]{1,30}?\s+(?:correspondent|reporter|photographer)\b"
    r"|\([^()\n]{2,40}\)\s*(?:-{1,2}|–|—)"
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class Tally:
    """Matches and mismatches of one field for one group of files."""

    matched: int = 0
    mismatched: int = 0

    @property
    def total(self) -> int:
        return self.matched + self.mismatched


@dataclass
class Mismatch:
    path: str
    shape: str
    field: str
    expected: str
    got: str
    origin: str


@dataclass
class Comparison:
    """The documents searchapp indexed, held against the manifest."""

    by_shape: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(dict))
    by_family: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(dict))
    by_encoding: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(dict))
    mismatches: list[Mismatch] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    origins: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    null_dates: Counter = field(default_factory=Counter)  # origin given where the truth is null
    null_sources: Counter = field(default_factory=Counter)  # source given where the truth is null

    def count(self, entry: dict, name: str, ok: bool) -> None:
        family = entry["shape"].split("/")[0]
        encoding = entry.get("encoding", "?")
        for table, key in (
            (self.by_shape, entry["shape"]),
            (self.by_family, family),
            (self.by_encoding, encoding),
        ):
            tally = table[key].setdefault(name, Tally())
            if ok:
                tally.matched += 1
            else:
                tally.mismatched += 1


def read_text(path: Path) -> str:
    """A file's text the way a person would read it: BOM, else UTF-8, else cp1252."""
    data = path.read_bytes()
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                          (b"\xfe\xff", "utf-16-be")):  # fmt: skip
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, "replace")
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def visible_text(path: Path) -> str:
    """The article text of a file: for a web page, its text without markup and page furniture."""
    text = read_text(path)
    if path.suffix.lower() != ".html":
        return text
    return html.unescape(_TAG.sub(" ", _FURNITURE.sub(" ", text)))


def is_utf16(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) in _UTF16_BOMS


def index_archive(lib: Library, root: Path) -> tuple[float, object]:
    """Make `root` the library's only folder and index it; the seconds taken and the report."""
    for folder in lib.folders:
        lib.remove_folder(folder)
    lib.add_folder(root)
    started = time.perf_counter()
    report = lib.reindex()
    return time.perf_counter() - started, report


def compare(manifest: dict[str, dict], hits: list, root: Path) -> Comparison:
    """Each indexed document's date and source against the manifest."""
    result = Comparison()
    indexed = {os.path.relpath(hit.path, root).replace(os.sep, "/"): hit for hit in hits}
    result.unexpected = sorted(set(indexed) - set(manifest))
    for relative, entry in sorted(manifest.items()):
        hit = indexed.get(relative)
        if hit is None:
            result.missing.append(relative)
            continue
        got = {"date": hit.date.isoformat() if hit.date else "none", "source": hit.source}
        family = entry["shape"].split("/")[0]
        result.origins[family][hit.date_origin] += 1
        if entry["date"] is None:
            result.null_dates[hit.date_origin] += 1
        if entry["source"] is None:
            result.null_sources[hit.source] += 1
        for name in FIELDS:
            expected = entry[name]
            if expected is None:
                continue
            ok = got[name] == expected
            result.count(entry, name, ok)
            if not ok:
                origin = hit.date_origin if name == "date" else ""
                result.mismatches.append(
                    Mismatch(relative, entry["shape"], name, expected, got[name], origin)
                )
    return result


def _table(title: str, rows: dict[str, dict[str, Tally]]) -> list[str]:
    lines = [title, f"  {'':44} {'date ok/bad':>13} {'source ok/bad':>15}"]
    for key in sorted(rows):
        cells = []
        for name in FIELDS:
            tally = rows[key].get(name)
            cells.append(f"{tally.matched}/{tally.mismatched}" if tally else "-")
        flag = "  <--" if any(t.mismatched for t in rows[key].values()) else ""
        lines.append(f"  {key:44} {cells[0]:>13} {cells[1]:>15}{flag}")
    return lines


def _spread(mismatches: list[Mismatch], limit: int) -> list[Mismatch]:
    """Up to `limit` examples, taken in turn from each (shape, field) group so all show."""
    groups: dict[tuple[str, str], list[Mismatch]] = defaultdict(list)
    for item in mismatches:
        groups[(item.shape, item.field)].append(item)
    chosen: list[Mismatch] = []
    queues = [groups[key] for key in sorted(groups)]
    while len(chosen) < limit and any(queues):
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    return chosen


def _clip(line: str, start: int) -> str:
    """About EXCERPT_CHARS of a line, around `start` when that lies far in."""
    if start < EXCERPT_CHARS // 2:
        return line if len(line) <= EXCERPT_CHARS else line[: EXCERPT_CHARS - 1] + "…"
    begin = start - EXCERPT_CHARS // 3
    return (
        "…"
        + line[begin : begin + EXCERPT_CHARS]
        + ("…" if begin + EXCERPT_CHARS < len(line) else "")
    )


def excerpt(path: Path, mismatch: Mismatch) -> list[str]:
    """The lines of a file that bear on a mismatch: its top and end, and lines with evidence."""
    numbered = [(n, line.strip()) for n, line in enumerate(read_text(path).split("\n"), 1)]
    numbered = [(n, line) for n, line in numbered if line]
    if path.suffix.lower() == ".html":
        evidence = _HTML_EVIDENCE
        always: set[int] = set()
    else:
        if mismatch.field == "date":
            evidence = re.compile(r"\b(?:19|20)\d\d\b|" + _TEXT_EVIDENCE.pattern)
        else:
            names = [rf"\b{re.escape(n)}\b" for n in (mismatch.expected, mismatch.got)]
            evidence = re.compile("|".join([_TEXT_EVIDENCE.pattern, *names]))
        always = {n for n, _ in numbered[:5] + numbered[-2:]}
    shown: list[str] = []
    found = 0
    for number, line in numbered:
        match = evidence.search(line)
        if match and found < 6:
            found += 1
            shown.append(f"      {number:4}| {_clip(line, match.start())}")
        elif number in always:
            shown.append(f"      {number:4}| {_clip(line, 0)}")
    return shown


def metadata_report(result: Comparison, root: Path, examples: int) -> list[str]:
    out = ["", "== Date and source against the manifest (only where the manifest is not null)"]
    totals = {name: Tally() for name in FIELDS}
    for rows in result.by_family.values():
        for name, tally in rows.items():
            totals[name].matched += tally.matched
            totals[name].mismatched += tally.mismatched
    for name in FIELDS:
        tally = totals[name]
        share = 100 * tally.matched / tally.total if tally.total else 100.0
        out.append(f"  {name:7} {tally.matched}/{tally.total} match ({share:.1f}%),"
                   f" {tally.mismatched} mismatches")  # fmt: skip
    out.append(f"  missing from the index: {len(result.missing)}")
    out += [f"    {path}" for path in result.missing[:10]]
    if result.unexpected:
        out.append(f"  indexed but not in the manifest: {len(result.unexpected)}")
    out.append("")
    out += _table("By shape family:", result.by_family)
    out.append("")
    out += _table("By shape:", result.by_shape)
    out.append("")
    out += _table("By encoding:", result.by_encoding)
    out += ["", "Date origins per shape family:"]
    for family in sorted(result.origins):
        counts = ", ".join(f"{k} {v}" for k, v in result.origins[family].most_common())
        out.append(f"  {family:44} {counts}")
    out += ["", "Where the manifest says the file has no evidence (not counted as mismatches):"]
    out.append(
        "  date null   -> origin: "
        + (", ".join(f"{k} {v}" for k, v in result.null_dates.most_common()) or "-")
    )
    out.append(
        "  source null -> source: "
        + (", ".join(f"{k} {v}" for k, v in result.null_sources.most_common(8)) or "-")
    )
    pairs = Counter(
        (m.field, m.expected if m.field == "source" else "", m.got if m.field == "source" else "")
        for m in result.mismatches
    )
    source_pairs = [(k, v) for k, v in pairs.most_common() if k[0] == "source"][:15]
    if source_pairs:
        out += ["", "Source mismatches, expected -> got (most frequent):"]
        out += [f"  {v:5}  {k[1]} -> {k[2]}" for k, v in source_pairs]
    date_origins = Counter(
        (m.shape.split("/")[0], m.origin) for m in result.mismatches if m.field == "date"
    )
    if date_origins:
        out += ["", "Date mismatches by shape family and the origin searchapp gave:"]
        out += [f"  {v:5}  {k[0]} ({k[1]})" for k, v in date_origins.most_common()]
    if result.mismatches:
        out += ["", f"Examples (up to {examples}):"]
        for item in _spread(result.mismatches, examples):
            detail = f" (origin {item.origin})" if item.origin else ""
            out.append(
                f"  {root / item.path}\n    {item.shape}: {item.field} expected {item.expected!r},"
                f" got {item.got!r}{detail}"
            )
            out += excerpt(root / item.path, item)
    return out


@dataclass
class WordSample:
    """Words drawn from the archive's own text, and how often they occur across files."""

    words: list[str]
    document_counts: Counter
    bigrams: Counter
    files: int


def sample_words(root: Path, candidates: list[str], rng: random.Random) -> WordSample:
    chosen = rng.sample(candidates, min(WORD_SAMPLE_FILES, len(candidates)))
    document_counts: Counter = Counter()
    bigrams: Counter = Counter()
    for relative in chosen:
        text = visible_text(root / relative)
        found = _PLAIN_WORD.findall(text)
        document_counts.update({w.lower() for w in found})
        for line in text.split("\n"):
            tokens = re.findall(r"\w+", line)
            bigrams.update(
                {
                    (a.lower(), b.lower())
                    for a, b in zip(tokens, tokens[1:], strict=False)
                    if a.isascii() and b.isascii() and a.isalpha() and b.isalpha()
                    if len(a) > 3 and len(b) > 3
                }
            )
    return WordSample(sorted(document_counts), document_counts, bigrams, len(chosen))


def grep_files(word: str, root: Path) -> set[str]:
    """Files in which `grep -rilw` finds the word (bytes, ASCII case folding)."""
    includes = [f"--include=*{suffix}" for suffix in TEXT_SUFFIXES]
    completed = subprocess.run(
        ["grep", "-rilw", *includes, "--", word, str(root)],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C"},
        check=False,
    )
    if completed.returncode > 1:
        raise RuntimeError(completed.stderr.decode(errors="replace").strip())
    paths = completed.stdout.decode("utf-8", "surrogateescape").splitlines()
    return {os.path.relpath(p, root).replace(os.sep, "/") for p in paths}


def grep_report(
    lib: Library,
    root: Path,
    candidates: set[str],
    sample: WordSample,
    count: int,
    rng: random.Random,
) -> tuple[list[str], int]:
    """grep against search for `count` words; the report and the number of confirmed misses."""
    words = rng.sample(sample.words, min(count, len(sample.words)))
    out = [
        "",
        f"== Grep parity: {len(words)} words drawn from the text of {sample.files} files",
        f"   ({len(candidates)} .txt/.md/.html files compared; UTF-16 files left out)",
    ]
    confirmed: list[tuple[str, str]] = []
    grep_only: Counter = Counter()  # by file suffix
    search_only = 0
    grep_seconds = search_seconds = 0.0
    per_word: Counter = Counter()
    for word in words:
        started = time.perf_counter()
        grepped = grep_files(word, root) & candidates
        grep_seconds += time.perf_counter() - started
        started = time.perf_counter()
        hits = lib.search(word, limit=0, duplicates="show").hits  # every copy, as grep sees it
        search_seconds += time.perf_counter() - started
        found = {os.path.relpath(h.path, root).replace(os.sep, "/") for h in hits} & candidates
        search_only += len(found - grepped)
        whole_word = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.I)
        for relative in sorted(grepped - found):
            if whole_word.search(visible_text(root / relative)):
                confirmed.append((word, relative))
                per_word[word] += 1
            else:
                grep_only[Path(relative).suffix] += 1
    out.append(
        f"  grep {grep_seconds:.1f} s, search {search_seconds:.1f} s in all;"
        f" files grep finds and search misses: {len(confirmed)} (in {len(per_word)} words)"
    )
    in_text = sum(grep_only.values()) - grep_only[".html"]
    out += [
        "  not counted as misses (grep finds the word only where search should not look):",
        f"    {grep_only['.html']} web pages with it only in markup or page furniture",
        f"    {in_text} text files with it only inside a word with non-ASCII letters"
        " (grep -w reads bytes)",
        f"  also not counted: {search_only} files search finds and grep does not (inflections)",
    ]
    if per_word:
        out.append("  missed words: " + ", ".join(f"{w} ({n})" for w, n in per_word.most_common()))
        out.append("  examples (the first line holding the word):")
        first_file = {}
        for word, relative in confirmed:
            first_file.setdefault(word, relative)
        for word, _ in per_word.most_common(12):
            relative = first_file[word]
            whole_word = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.I)
            lines = read_text(root / relative).split("\n")
            where = next(
                ((n, line) for n, line in enumerate(lines, 1) if whole_word.search(line)),
                (0, ""),
            )
            text = where[1].strip()[:EXCERPT_CHARS]
            out.append(f"    {word!r}: {root / relative}\n      {where[0]:4}| {text}")
    return out, len(confirmed)


def _typo(word: str) -> str:
    middle = len(word) // 2
    replacement = "e" if word[middle] != "e" else "a"
    return word[:middle] + replacement + word[middle + 1 :]


def query_report(lib: Library, sample: WordSample, rng: random.Random) -> list[str]:
    """Median times of typical queries, with words of middling frequency from the archive."""
    middling = [
        w
        for w, n in sorted(sample.document_counts.items())
        if 0.02 <= n / sample.files <= 0.2 and len(w) >= 5
    ] or sample.words
    one, two, three = (rng.choice(middling) for _ in range(3))
    common_pairs = sorted(p for p, n in sample.bigrams.items() if n >= 3) or [(one, two)]
    phrase = rng.choice(common_pairs)
    queries = [
        ("everything, newest first", "", {"sort": "newest"}),
        ("single word", one, {}),
        ("two words", f"{one} {two}", {}),
        ("phrase", f'"{phrase[0]} {phrase[1]}"', {}),
        ("OR", f"{one} OR {three}", {}),
        ("NOT", f"{one} NOT {two}", {}),
        ("prefix", f"{one[:3]}*", {}),
        ("fuzzy", f"{_typo(one)}~", {}),
        ("accented name", "Erdogan", {}),
    ]
    out = ["", f"== Query times (limit 20, median of {QUERY_RUNS} runs after one warm-up)"]
    for label, text, options in queries:
        lib.search(text, **options)
        times = []
        for _ in range(QUERY_RUNS):
            started = time.perf_counter()
            result = lib.search(text, **options)
            times.append((time.perf_counter() - started) * 1000)
        out.append(
            f"  {label:26} {text!r:34} {statistics.median(times):8.1f} ms   {result.total} hits"
        )
    return out


def emit(*lines: str) -> None:
    print("\n".join(lines), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, metavar="DIR", help="an archive from make_archive.py")
    parser.add_argument("--grep-words", type=int, default=200, metavar="K",
                        help="words to compare with grep (default 200; 0 skips)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1, help="seed for drawing words (default 1)")
    parser.add_argument("--examples", type=int, default=20, help="mismatches to show (default 20)")
    args = parser.parse_args(argv)
    root = Path(os.path.abspath(args.folder))
    try:
        manifest: dict[str, dict] = json.loads((root / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cannot read {root / 'manifest.json'}: {exc}", file=sys.stderr)
        return 2
    archive_bytes = sum((root / relative).stat().st_size for relative in manifest)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="searchapp-bench-") as home:
        lib = Library.open(home)
        seconds, report = index_archive(lib, root)
        status = lib.status()
        emit(
            f"Archive {root}: {len(manifest)} files, {archive_bytes / 1e6:.1f} MB",
            f"Index time {seconds:.1f} s ({len(manifest) / seconds:.0f} files/s);"
            f" {report.added} added, {len(report.skipped)} skipped",
            f"Index size {status.index_bytes / 1e6:.1f} MB"
            f" ({status.index_bytes / archive_bytes:.2f} x the archive)",
            *(
                f"  skipped: {number} {reason}"
                for reason, number in Counter(s.reason for s in report.skipped).most_common()
            ),
        )
        started = time.perf_counter()
        hits = lib.search("", limit=0, duplicates="show").hits
        emit(f"Listing every document: {time.perf_counter() - started:.1f} s")
        result = compare(manifest, hits, root)
        emit(*metadata_report(result, root, args.examples))
        texts = [
            r for r in sorted(manifest) if r.endswith(TEXT_SUFFIXES) and not is_utf16(root / r)
        ]
        sample = sample_words(root, texts, rng)
        missed = 0
        if args.grep_words > 0:
            lines, missed = grep_report(lib, root, set(texts), sample, args.grep_words, rng)
            emit(*lines)
        emit(*query_report(lib, sample, rng))
    failed = bool(result.mismatches or result.missing or missed)
    emit("", "RESULT: " + ("mismatches found" if failed else "everything matched"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
