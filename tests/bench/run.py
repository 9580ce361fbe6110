"""The benchmark: searchapp beside its references on one archive, in one table.

    python tests/bench/run.py DIR [--skip-gui] [--no-references] [--queries-rounds N]
                                  [--markdown OUT.md]

DIR is an archive (make_archive.py writes one); it is copied to a temporary folder first and
never written to. In one run, on the same files: a full `searchapp reindex --full` against the
straightforward Whoosh indexer of reference.py (wall time and peak memory of each process), index
size, no-op and 10-file reindex times, query latency of a fixed mixed query set against the
reference's searches and against `grep -rilw` for single words, the window's launch time,
keystroke latency and idle memory, saved web pages (index speed and main-text F1 on the Article
Extraction Benchmark), news-database exports and PDFs (articles and pages per second against the
same text as plain files, and one 500-article export alone), and Cranfield nDCG@10. Every
number is measured in this run; targets are the issues' (stated for 2 cores), each at the
archive size it is set for (SCALES): 20,000 articles, 100,000 or a million. --no-references
leaves out the reference indexer, Recoll and grep, which take hours at a million articles.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import copies
import cranfield
import extraction
import make_documents
import whoosh
import workbench
from reference import archive_files, read_plain, reference_search
from whoosh.analysis import STOP_WORDS

import searchapp
from searchapp.core.library import Library
from searchapp.core.reading import load_rules, read_articles

BENCH_DIR = Path(__file__).resolve().parent
MB = 1_000_000
WORD_SAMPLE_FILES = 400  # files read to pick the query words from
REINDEX_ROUNDS = 3
LAUNCH_ROUNDS = 3
TOUCHED_FILES = 10
TARGET_SCALE = 20_000  # articles most targets are set for
ADDED_FILES = 1_000  # new files brought in by one reindex
MEMORY_SAMPLE_S = 0.1
SUBPROCESS_TIMEOUT_S = 3600
# Document shares of the single words queried, most common first; None is the rarest word found.
WORD_SHARES = (0.6, 0.3, 0.1, 0.03, 0.01, None)
LONG_WORD = 7  # letters of the words that prefix and fuzzy queries start from
_TOKEN = re.compile(r"\w+")
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.I | re.S)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


# --- what the table holds -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table; `passed` is None where there is no target."""

    measure: str
    ours: str
    reference: str = ""
    ratio: str = ""
    target: str = ""
    passed: bool | None = None

    def cells(self) -> list[str]:
        verdict = "" if self.passed is None else "pass" if self.passed else "FAIL"
        return [self.measure, self.ours, self.reference, self.ratio, self.target, verdict]


HEADER = ["measure", "ours", "reference", "ratio", "target", "result"]


@dataclass(frozen=True)
class Targets:
    """The issues' absolute targets at one archive size; None where none is set at that size."""

    label: str
    full_index_s: float | None = None
    peak_mb: float | None = None
    noop_s: float | None = None
    touched_s: float | None = None
    added_s: float | None = None
    query_p95_ms: float | None = None
    process_ms: float | None = None  # `searchapp search` and `searchapp status`, whole process
    launch_s: float | None = None
    keystroke_ms: float | None = None
    window_mb: float | None = None


# Articles up to which each set of targets holds; an archive is held to the first that fits it.
SCALES = (
    (
        TARGET_SCALE,
        Targets(
            "20k",
            peak_mb=500,
            noop_s=0.5,
            touched_s=2,
            query_p95_ms=50,
            process_ms=100,
            launch_s=1.5,
            keystroke_ms=100,
            window_mb=300,
        ),
    ),
    (100_000, Targets("100k", query_p95_ms=150)),
    (
        math.inf,
        Targets(
            "1M",
            full_index_s=1800,
            peak_mb=1000,
            noop_s=3,
            added_s=10,
            query_p95_ms=200,
            keystroke_ms=150,
            window_mb=500,
        ),
    ),
)


def scale_targets(articles: int) -> Targets:
    return next(targets for limit, targets in SCALES if articles <= limit)


def judge(targets: Targets, name: str, value: float, show: Callable[[float], str]) -> tuple:
    """(target cell, verdict) for `value` against this scale's limit `name`; where this scale
    sets none, the first scale that does is named in the cell and there is no verdict."""
    limit = getattr(targets, name)
    if limit is not None:
        return f"≤ {show(limit)}", value <= limit
    for _articles, other in SCALES:
        if getattr(other, name) is not None:
            return f"≤ {show(getattr(other, name))} at {other.label}", None
    return "", None


def render_text(title: list[str], rows: list[Row], notes: list[str]) -> str:
    table = [HEADER, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * width for width in widths)
    body = [line(HEADER), rule, *(line(cells) for cells in table[1:])]
    return "\n".join([*title, "", *body, "", *notes]) + "\n"


def render_markdown(title: list[str], rows: list[Row], notes: list[str]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    body = [line(HEADER), "| --- | ---: | ---: | ---: | ---: | --- |"]
    body += [line(row.cells()) for row in rows]
    return "\n\n".join(["  \n".join(title), "\n".join(body), *notes]) + "\n"


# --- the machine ----------------------------------------------------------------------------


def machine_description() -> str:
    """CPU model, cores, RAM, OS, and the versions of Python, Whoosh and PySide6."""
    model = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    ram = 0
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    usable = len(os.sched_getaffinity(0))
    try:
        import PySide6

        qt = f", PySide6 {PySide6.__version__}"
    except ImportError:
        qt = ""
    return (
        f"{model}, {os.cpu_count()} cores ({usable} usable), {ram / 2**30:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, "
        f"Whoosh {whoosh.versionstring()}{qt}"
    )


# --- processes, their time and their memory -------------------------------------------------


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    peak_bytes: int  # the largest of the kernel's max RSS and the sampled PSS of the process tree
    stdout: str
    stderr: str


def _process_tree(pid: int) -> list[int]:
    pids, pending = [], [pid]
    while pending:
        current = pending.pop()
        pids.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue  # the process has ended
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    pending += [int(child) for child in children.read().split()]
            except OSError:
                continue  # the thread has ended
    return pids


def _proportional_bytes(pid: int) -> int:
    """The process's share of resident memory (PSS): shared pages counted once in a tree."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeMemory:
    """Samples the summed PSS of a process and its descendants until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(MEMORY_SAMPLE_S):
            total = sum(_proportional_bytes(pid) for pid in _process_tree(self.pid))
            self.peak = max(self.peak, total)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_process(command: list[str], env: dict[str, str]) -> ProcessRun:
    """Run a command to its end: wall time from start to exit, and its peak memory.

    The kernel's ru_maxrss of this one child (os.wait4) catches the peak of a single process
    exactly; the sampled tree PSS covers work spread over worker processes.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        sampler = TreeMemory(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        sampled = sampler.stop()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited with {process.returncode}:\n{stderr.strip()}"
        )
    return ProcessRun(seconds, max(usage.ru_maxrss * 1024, sampled), stdout, stderr)


def searchapp_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "searchapp", *args]


def reindex_report(run: ProcessRun) -> dict:
    """The JSON report `searchapp reindex --json` printed."""
    return json.loads(run.stdout)


# --- the archive and the query set ----------------------------------------------------------


def tree_bytes(folder: Path) -> int:
    return sum(
        os.path.getsize(os.path.join(parent, name))
        for parent, _dirs, names in os.walk(folder)
        for name in names
    )


def visible_lines(path: Path) -> list[list[str]]:
    """The words of each line of a file's text, markup removed; none for a UTF-16 file."""
    with path.open("rb") as handle:
        if handle.read(2) in _UTF16_BOMS:
            return []
    text = read_plain(path)
    if path.suffix.lower() in (".html", ".htm"):
        text = _MARKUP.sub(" ", text)
    return [_TOKEN.findall(line) for line in text.split("\n")]


def is_query_word(token: str) -> bool:
    """An ASCII word of four letters or more, not a stop word or an all-capitals code (ticker)."""
    return (
        len(token) >= 4
        and token.isascii()
        and token.isalpha()
        and not token.isupper()
        and token.lower() not in STOP_WORDS
    )


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str


def _closest(
    shares: dict[str, float], target: float | None, taken: set[str], min_length: int = 4
) -> str:
    """The word whose document share is nearest `target` (None: the rarest); ties are broken
    by a checksum, so that words of equal share do not all come from the start of the alphabet."""
    candidates = [word for word in shares if word not in taken and len(word) >= min_length]
    if target is None:
        return min(candidates, key=lambda word: (shares[word], zlib.crc32(word.encode()), word))
    return min(
        candidates,
        key=lambda word: (abs(shares[word] - target), zlib.crc32(word.encode()), word),
    )


def build_queries(root: Path) -> list[BenchQuery]:
    """A fixed mixed query set drawn from the archive's text: the same archive, the same set."""
    files = list(archive_files(root))
    step = max(1, len(files) // WORD_SAMPLE_FILES)
    document_counts: Counter = Counter()
    bigrams: Counter = Counter()
    sampled = 0
    for path in files[::step]:
        lines = visible_lines(path)
        words = {token.lower() for tokens in lines for token in tokens if is_query_word(token)}
        if not words:
            continue
        sampled += 1
        document_counts.update(words)
        bigrams.update(
            {
                (a.lower(), b.lower())
                for tokens in lines
                for a, b in zip(tokens, tokens[1:], strict=False)
                if is_query_word(a) and is_query_word(b)
            }
        )
    shares = {word: count / sampled for word, count in document_counts.items()}
    taken: set[str] = set()
    picked = []
    for target in WORD_SHARES:
        word = _closest(shares, target, taken)
        taken.add(word)
        picked.append(word)
    w60, w30, w10, w3, w1, rare = picked
    # Longer words for prefixes and typos, so that neither expands to half the lexicon.
    long10 = _closest(shares, 0.1, taken, LONG_WORD)
    long3 = _closest(shares, 0.03, taken | {long10}, LONG_WORD)
    common_pairs = [pair for pair, _ in sorted(bigrams.items(), key=lambda kv: (-kv[1], kv[0]))]
    phrases = [common_pairs[0], common_pairs[1], common_pairs[min(20, len(common_pairs) - 1)]]
    return [
        *(BenchQuery("word", word) for word in picked),
        BenchQuery("AND", f"{w30} {w10}"),
        BenchQuery("AND", f"{w10} {w3}"),
        *(BenchQuery("phrase", f'"{a} {b}"') for a, b in phrases),
        BenchQuery("OR", f"{w10} OR {w3}"),
        BenchQuery("OR", f"{w1} OR {rare}"),
        BenchQuery("NOT", f"{w30} NOT {w10}"),
        BenchQuery("NOT", f"{w10} NOT {w60}"),
        BenchQuery("prefix", f"{long10[:5]}*"),
        BenchQuery("prefix", f"{long3[:4]}*"),
        # One letter left out: one edit, which `word~` finds in both engines.
        BenchQuery("fuzzy", f"{long10[:3]}{long10[4:]}~"),
        BenchQuery("fuzzy", f"{long3[:4]}{long3[5:]}~"),
    ]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def time_queries(
    search: Callable[[str], object], queries: list[BenchQuery], rounds: int
) -> dict[str, list[float]]:
    """Milliseconds per query kind over `rounds` passes, after one warm-up pass."""
    for query in queries:
        search(query.text)
    times: dict[str, list[float]] = {}
    for _round in range(rounds):
        for query in queries:
            started = time.perf_counter()
            search(query.text)
            times.setdefault(query.kind, []).append((time.perf_counter() - started) * 1000)
    return times


def time_grep(words: list[str], root: Path, rounds: int) -> list[float]:
    """Milliseconds of `grep -rilw WORD DIR` per word and round, in the byte locale (LC_ALL=C)."""
    env = {**os.environ, "LC_ALL": "C"}
    times = []
    for _round in range(rounds):
        for word in words:
            started = time.perf_counter()
            done = subprocess.run(
                ["grep", "-rilw", word, str(root)], capture_output=True, env=env, check=False
            )
            times.append((time.perf_counter() - started) * 1000)
            if done.returncode > 1:
                raise RuntimeError(done.stderr.decode(errors="replace").strip())
    return times


def mirror(archive: Path, copy: Path) -> None:
    """Make COPY hold the archive's files as hard links where the file system allows (seconds,
    not the minutes 4 GB of copying takes), else as copies; rows that edit a file unshare it
    first, so the archive itself is never changed."""

    def link(source: str, target: str) -> None:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    shutil.copytree(archive, copy, symlinks=True, copy_function=link)


def unshare(path: Path) -> None:
    """Give PATH a file of its own if it is a hard link into the archive."""
    if path.stat().st_nlink > 1:
        private = path.with_name(path.name + ".unshared")
        shutil.copy2(path, private)
        os.replace(private, path)


def touch_files(root: Path, round_number: int, rounds: int) -> list[Path]:
    """Append a line to TOUCHED_FILES plain UTF-8 articles (different ones each round)."""
    candidates = []
    for path in archive_files(root):
        if path.suffix.lower() in (".txt", ".md"):
            try:
                path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                continue
            candidates.append(path)
    step = max(1, len(candidates) // (TOUCHED_FILES * rounds))
    chosen = candidates[round_number::step][:TOUCHED_FILES]
    for path in chosen:
        unshare(path)
        with path.open("ab") as handle:
            handle.write(f"\nEdited for the benchmark, round {round_number + 1}.\n".encode())
        os.utime(path)
    return chosen


# --- the window -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Launch:
    ready_s: float  # command start to the "ready" line on stderr
    reported_ms: float  # what the window itself reports, from its start() call
    exit_s: float  # command start to exit


def launch_window(env: dict[str, str]) -> Launch:
    """Start `searchapp` with SEARCHAPP_QUIT_WHEN_READY and time it to results and to exit."""
    started = time.perf_counter()
    process = subprocess.Popen(
        searchapp_command(),
        env={**env, "SEARCHAPP_QUIT_WHEN_READY": "1", "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready_s, reported, lines = None, None, []
    for line in process.stderr:
        lines.append(line)
        found = re.search(r"ready: \d+ results on screen (\d+) ms after start", line)
        if found and ready_s is None:
            ready_s = time.perf_counter() - started
            reported = float(found.group(1))
    returncode = process.wait(SUBPROCESS_TIMEOUT_S)
    exit_s = time.perf_counter() - started
    if returncode != 0 or ready_s is None:
        raise RuntimeError(f"the window did not report results:\n{''.join(lines).strip()}")
    return Launch(ready_s, reported, exit_s)


def keystroke_latency(env: dict[str, str], queries: list[BenchQuery], rounds: int) -> tuple:
    """p50 and p95 ms from gui_latency.py (search start to painted results, debounce excluded)."""
    command = [sys.executable, str(BENCH_DIR / "gui_latency.py"), "--rounds", str(rounds)]
    command += ["--queries", *(query.text for query in queries)]
    run = run_process(command, {**env, "QT_QPA_PLATFORM": "offscreen"})
    found = re.search(r"p50 (\d+) ms, p95 (\d+) ms", run.stdout)
    if not found:
        raise RuntimeError(f"gui_latency.py printed no latencies:\n{run.stdout}{run.stderr}")
    return float(found.group(1)), float(found.group(2))


def window_memory(env: dict[str, str]) -> int:
    """VmRSS in bytes of the window with its first results on screen (window_memory.py)."""
    run = run_process([sys.executable, str(BENCH_DIR / "window_memory.py")], env)
    found = re.search(r"VmRSS:\s+(\d+) kB", run.stdout)
    if not found:
        raise RuntimeError(f"window_memory.py printed no VmRSS:\n{run.stdout}{run.stderr}")
    return int(found.group(1)) * 1024


# --- the run --------------------------------------------------------------------------------


class Table(list[Row]):
    """The rows measured so far, each echoed to stderr as it comes: an hours-long run that is cut
    short still shows what it measured."""

    def append(self, row: Row) -> None:
        super().append(row)
        progress("  " + " | ".join(cell for cell in row.cells() if cell))

    def extend(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.append(row)


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def minutes(value: float) -> str:
    return f"{value / 60:.0f} min"


def whole_ms(value: float) -> str:
    return f"{value:.0f} ms"


def millis(value: float) -> str:
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def megabytes(value: float) -> str:
    return f"{value / MB:.0f} MB"


def ratio(ours: float, reference: float) -> str:
    return f"{ours / reference:.2f}" if reference else ""


def benchmark(archive: Path, work: Path, args: argparse.Namespace) -> tuple[list[str], list[Row]]:
    rows = Table()
    rounds = args.queries_rounds
    copy = work / "archive"
    progress(f"mirroring {archive} in {copy}")
    mirror(archive, copy)
    files = list(archive_files(copy))
    archive_size = sum(path.stat().st_size for path in files)
    queries = build_queries(copy)
    targets = scale_targets(len(files))
    env = {**os.environ, "SEARCHAPP_HOME": str(work / "home")}
    lib = Library.open(work / "home")
    for folder in lib.folders:
        lib.remove_folder(folder)
    lib.add_folder(copy)

    reference_index = work / "reference-index"
    reference_run = None
    if not args.no_references:
        progress("full index: the reference indexer")
        reference_run = run_process(
            [
                sys.executable,
                str(BENCH_DIR / "reference.py"),
                "index",
                str(copy),
                str(reference_index),
            ],
            dict(os.environ),
        )
    progress("full index: searchapp reindex --full")
    ours_run = run_process(searchapp_command("reindex", "--full", "--json"), env)
    indexed = reindex_report(ours_run).get("documents", "?")
    if reference_run:
        rows.append(
            Row(
                "full index, wall time (process start to exit)",
                seconds(ours_run.seconds),
                seconds(reference_run.seconds),
                ratio(ours_run.seconds, reference_run.seconds),
                "≤ 0.35",
                ours_run.seconds <= 0.35 * reference_run.seconds,
            )
        )
    if targets.full_index_s:
        rows.append(
            Row(
                "full index, wall time",
                seconds(ours_run.seconds),
                *("", "", *judge(targets, "full_index_s", ours_run.seconds, minutes)),
            )
        )
    peak = ours_run.peak_bytes / MB
    rows.append(
        Row(
            "peak memory while indexing",
            megabytes(ours_run.peak_bytes),
            megabytes(reference_run.peak_bytes) if reference_run else "",
            ratio(ours_run.peak_bytes, reference_run.peak_bytes) if reference_run else "",
            *judge(targets, "peak_mb", peak, lambda value: f"{value:.0f} MB"),
        )
    )
    ours_size = tree_bytes(work / "home" / "index")
    reference_size = tree_bytes(reference_index) if reference_run else 0
    rows.append(
        Row(
            "index size / archive bytes"
            + (" (reference stores the text)" if reference_run else ", stored text included"),
            f"{ours_size / archive_size:.2f} ({megabytes(ours_size)})",
            f"{reference_size / archive_size:.2f} ({megabytes(reference_size)})"
            if reference_run
            else "",
            ratio(ours_size, reference_size) if reference_run else "",
            "≤ 1.50",
            ours_size <= 1.5 * archive_size,
        )
    )

    progress(f"no-op reindex, {REINDEX_ROUNDS} times")
    noop = [run_process(searchapp_command("reindex", "--json"), env) for _ in range(REINDEX_ROUNDS)]
    noop_s = statistics.median(run.seconds for run in noop)
    idle = all(
        sum(reindex_report(run)[key] for key in ("added", "updated", "removed")) == 0
        for run in noop
    )
    noop_target, noop_passed = judge(targets, "noop_s", noop_s, seconds)
    rows.append(
        Row(
            f"no-op reindex, start to exit (median of {REINDEX_ROUNDS})"
            + ("" if idle else "; it changed the index!"),
            seconds(noop_s),
            target=noop_target,
            passed=None if noop_passed is None else noop_passed and idle,
        )
    )
    progress(f"reindex after touching {TOUCHED_FILES} files, {REINDEX_ROUNDS} times")
    touched_runs = []
    for number in range(REINDEX_ROUNDS):
        touch_files(copy, number, REINDEX_ROUNDS)
        touched_runs.append(run_process(searchapp_command("reindex", "--json"), env))
    touched_s = statistics.median(run.seconds for run in touched_runs)
    updated = [reindex_report(run)["updated"] for run in touched_runs]
    touched_target, touched_passed = judge(targets, "touched_s", touched_s, seconds)
    rows.append(
        Row(
            f"reindex after {TOUCHED_FILES} changed files (median of {REINDEX_ROUNDS})"
            + ("" if set(updated) == {TOUCHED_FILES} else f"; updated {updated}!"),
            seconds(touched_s),
            target=touched_target,
            passed=None
            if touched_passed is None
            else touched_passed and set(updated) == {TOUCHED_FILES},
        )
    )
    rows.append(add_files(copy, work, env, targets))

    lib = Library.open(work / "home")
    progress(f"a watcher's batch: one changed file brought in, {REINDEX_ROUNDS} times")
    batches = []
    for number in range(REINDEX_ROUNDS):
        changed = touch_files(copy, number + REINDEX_ROUNDS, 2 * REINDEX_ROUNDS)[:1]
        started = time.perf_counter()
        report = lib.update(changed)
        batches.append((time.perf_counter() - started, report.updated))
    batch_s = statistics.median(elapsed for elapsed, _updated in batches)
    rows.append(
        Row(
            f"a watcher's batch: one changed file in the index, in process (median of "
            f"{REINDEX_ROUNDS}; the live target is searchable within 3 s)",
            seconds(batch_s),
            target="≤ 2 s",
            passed=batch_s <= 2.0 and all(updated == 1 for _s, updated in batches),
        )
    )

    progress(f"queries: {len(queries)} queries x {rounds} rounds, searchapp and reference")
    ours_ms = time_queries(lambda text: lib.search(text, limit=20), queries, rounds)
    reference_ms = (
        time_queries(
            lambda text: reference_search(str(reference_index), text, limit=20), queries, rounds
        )
        if reference_run
        else {}
    )
    all_ours = [ms for times in ours_ms.values() for ms in times]
    all_reference = [ms for times in reference_ms.values() for ms in times]
    for share in (0.5, 0.95):
        ours_value = percentile(all_ours, share)
        reference_value = percentile(all_reference, share) if all_reference else 0.0
        rows.append(
            Row(
                f"query p{share * 100:.0f}, first page + facets + snippets"
                f" ({len(all_ours)} searches)",
                millis(ours_value),
                millis(reference_value) if reference_value else "",
                ratio(ours_value, reference_value),
                *(judge(targets, "query_p95_ms", ours_value, whole_ms) if share > 0.5 else ()),
            )
        )
    for kind, times in ours_ms.items():
        ours_value = percentile(times, 0.95)
        reference_value = percentile(reference_ms[kind], 0.95) if all_reference else 0.0
        rows.append(
            Row(
                f"  p95 of {kind} queries ({len(times) // rounds})",
                millis(ours_value),
                millis(reference_value) if reference_value else "",
                ratio(ours_value, reference_value),
            )
        )
    rows.extend(sorted_queries(work / "home", queries, rounds, percentile(all_ours, 0.95)))
    words = [query.text for query in queries if query.kind == "word"]
    if not args.no_references:
        progress(f"grep -rilw for {len(words)} words x {rounds} rounds")
        grep_ms = time_grep(words, copy, rounds)
        ours_words = statistics.median(ours_ms["word"])
        grep_median = statistics.median(grep_ms)
        rows.append(
            Row(
                "single-word query p50; reference: grep -rilw",
                millis(ours_words),
                millis(grep_median),
                ratio(ours_words, grep_median),
            )
        )
    recoll = None if args.no_references else recoll_index(copy, work, ours_run.seconds, rows)
    rows.extend(whole_processes(env, words[0] if words else "", recoll, targets))
    rows.extend(workbench.workbench_rows(work / "home", work, queries, rounds))
    if not args.skip_gui:
        rows.extend(window_rows(env, queries, rounds, targets))
    # Last of the archive's rows: at a million articles its fingerprint pass takes many minutes.
    rows.extend(copies.copy_detection(work / "home", copy, ours_run.seconds, queries, rounds))

    rows.extend(web_pages(work))
    rows.extend(exports_and_pdfs(work))

    progress("Cranfield nDCG@10, reference and searchapp")
    collection = cranfield.load_collection()
    reference_score = cranfield.score_reference(collection)
    ours_score = cranfield.score_searchapp(collection)
    rows.append(
        Row(
            f"Cranfield nDCG@10, binary, words ORed ({ours_score.queries} queries)",
            f"{ours_score.ndcg:.3f}",
            f"{reference_score.ndcg:.3f}",
            ratio(ours_score.ndcg, reference_score.ndcg),
            "≥ reference",
            ours_score.ndcg >= reference_score.ndcg,
        )
    )

    notes = [
        f"Archive: {archive} ({len(files):,} article files, {megabytes(archive_size)};"
        f" searchapp indexed {indexed} documents). "
        + (
            "References left out (--no-references)."
            if args.no_references
            else "References: the straightforward Whoosh setup of tests/bench/reference.py,"
            " and grep -rilw (LC_ALL=C) where named."
        ),
        "Queries: " + "; ".join(f"{query.kind} {query.text}" for query in queries),
        f"Targets are for 2 cores; this archive is held to those set at {targets.label} articles"
        " (SCALES in run.py), and a target named with another size has no verdict here.",
    ]
    return notes, rows


def window_rows(
    env: dict[str, str], queries: list[BenchQuery], rounds: int, targets: Targets
) -> list[Row]:
    """The window's rows: launch to first results, keystroke to painted results, memory."""
    rows = []
    progress(f"window launch, {LAUNCH_ROUNDS} times")
    launches = [launch_window(env) for _ in range(LAUNCH_ROUNDS)]
    ready_s = statistics.median(launch.ready_s for launch in launches)
    reported_ms = statistics.median(launch.reported_ms for launch in launches)
    rows.append(
        Row(
            f"window: command start to first results (median of {LAUNCH_ROUNDS};"
            f" its own clock {reported_ms:.0f} ms)",
            seconds(ready_s),
            *("", "", *judge(targets, "launch_s", ready_s, seconds)),
        )
    )
    rows.append(
        Row(
            "window: command start to exit, quitting when ready",
            seconds(statistics.median(launch.exit_s for launch in launches)),
        )
    )
    progress(f"keystroke latency: {len(queries)} queries x {rounds} rounds in the window")
    p50, p95 = keystroke_latency(env, queries, rounds)
    rows.append(
        Row(
            f"window: keystroke to painted results beyond the debounce, p95 (p50 {p50:.0f} ms)",
            millis(p95),
            *("", "", *judge(targets, "keystroke_ms", p95, whole_ms)),
        )
    )
    progress("window memory")
    rss = window_memory(env)
    rows.append(
        Row(
            "window: resident memory with the first results shown",
            megabytes(rss),
            *("", "", *judge(targets, "window_mb", rss / MB, lambda v: f"{v:.0f} MB")),
        )
    )
    return rows


WEB_COPIES = 3  # copies of the benchmark's pages: enough files for the worker processes


def add_files(archive: Path, work: Path, env: dict[str, str], targets: Targets) -> Row:
    """A reindex that brings in ADDED_FILES new articles, written beside the archive's own as a
    user would save a new batch (another seed of the generator, its manifest left out)."""
    progress(f"reindex after {ADDED_FILES:,} new files")
    batch = work / "new-batch"
    subprocess.run(
        [sys.executable, str(BENCH_DIR / "make_archive.py"), str(ADDED_FILES), str(batch)]
        + ["--seed", "9001"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (batch / "manifest.json").unlink()
    shutil.move(batch, archive / "new-batch")
    run = run_process(searchapp_command("reindex", "--json"), env)
    added = reindex_report(run).get("added")
    target, passed = judge(targets, "added_s", run.seconds, seconds)
    return Row(
        f"reindex after {ADDED_FILES:,} new files, start to exit"
        + ("" if added == ADDED_FILES else f"; added {added}!"),
        seconds(run.seconds),
        target=target,
        passed=None if passed is None else passed and added == ADDED_FILES,
    )


def recoll_index(archive: Path, work: Path, ours_index_s: float, rows: list[Row]) -> Path | None:
    """Recoll, the desktop search a user would pick instead, where it is installed: its full
    index of the same files beside ours, in `rows`; its configuration folder, or None."""
    if not (shutil.which("recollindex") and shutil.which("recollq")):
        rows.append(Row("Recoll: not installed (Debian package recoll), rows left out", ""))
        return None
    config = work / "recoll"
    config.mkdir(exist_ok=True)
    (config / "recoll.conf").write_text(f"topdirs = {archive}\nnoaspell = 1\n", encoding="utf-8")
    progress("full index: recollindex")
    recoll_run = run_process(["recollindex", "-c", str(config)], dict(os.environ))
    rows.append(
        Row(
            "full index beside Recoll; reference: recollindex",
            seconds(ours_index_s),
            seconds(recoll_run.seconds),
            ratio(ours_index_s, recoll_run.seconds),
            "< 1.00",
            ours_index_s < recoll_run.seconds,
        )
    )
    return config


def whole_processes(
    env: dict[str, str], word: str, recoll: Path | None, targets: Targets
) -> list[Row]:
    """`searchapp search WORD` and `searchapp status` as a user runs them, start to exit; the
    search beside `recollq` where Recoll indexed the archive."""
    rounds = REINDEX_ROUNDS + 2
    progress(f"search and status as whole processes, {rounds} times each")
    rows = []
    if word:
        ours = [
            run_process(searchapp_command("search", word, "--limit", "20"), env).seconds * 1000
            for _ in range(rounds)
        ]
        theirs = (
            [
                run_process(["recollq", "-c", str(recoll), word], dict(os.environ)).seconds * 1000
                for _ in range(rounds)
            ]
            if recoll
            else []
        )
        ours_ms = statistics.median(ours)
        theirs_ms = statistics.median(theirs) if theirs else 0.0
        rows.append(
            Row(
                f"searchapp search {word!r}, whole process (median of {rounds})"
                + ("; reference: recollq" if theirs else ""),
                millis(ours_ms),
                millis(theirs_ms) if theirs else "",
                ratio(ours_ms, theirs_ms),
                *judge(targets, "process_ms", ours_ms, whole_ms),
            )
        )
    status_ms = statistics.median(
        run_process(searchapp_command("status"), env).seconds * 1000 for _ in range(rounds)
    )
    rows.append(
        Row(
            f"searchapp status, whole process (median of {rounds})",
            millis(status_ms),
            *("", "", *judge(targets, "process_ms", status_ms, whole_ms)),
        )
    )
    return rows


def sorted_queries(
    home: Path, queries: list[BenchQuery], rounds: int, relevance_p95: float
) -> list[Row]:
    """The orders of the table's columns against relevance, on the same queries; and the
    first sort by title, which reads every title of the index once."""
    progress("sorting: the first sort by title of the whole index, in a new library")
    cold = Library.open(home)
    started = time.perf_counter()
    cold.search("", sort="title", limit=20)
    first_ms = (time.perf_counter() - started) * 1000
    rows = [Row("first sort by title (reads every title once)", millis(first_ms))]
    progress(f"sorting: {len(queries)} queries x {rounds} rounds in each order")
    for sort in ("newest", "title", "source", "file"):
        times = time_queries(
            lambda text, s=sort: cold.search(text, sort=s, limit=20), queries, rounds
        )
        p95 = percentile([ms for kind in times.values() for ms in kind], 0.95)
        rows.append(
            Row(
                f"  query p95 sorted by {sort}; reference: by relevance",
                millis(p95),
                millis(relevance_p95),
                ratio(p95, relevance_p95),
            )
        )
    return rows


def web_pages(work: Path) -> list[Row]:
    """Saved web pages: full-index speed against the reference, and main-text F1, on the
    Article Extraction Benchmark's real pages (rows left out when its folder is absent)."""
    corpus = extraction.find_corpus()
    if corpus is None:
        progress("web pages: the Article Extraction Benchmark is not here; rows left out")
        return []
    pages = extraction.load_pages(corpus)
    folder = work / "web"
    for copy_number in range(WEB_COPIES):
        (folder / f"copy{copy_number}").mkdir(parents=True)
        for key, (data, _truth) in pages.items():
            (folder / f"copy{copy_number}" / f"{key}.html").write_bytes(data)
    count = WEB_COPIES * len(pages)
    home = work / "web-home"
    lib = Library.open(home)
    lib.set_folders([folder])
    progress(f"web pages: full index of {count} pages, reference and searchapp")
    reference_run = run_process(
        [sys.executable, str(BENCH_DIR / "reference.py"), "index", str(folder), str(work / "wr")],
        dict(os.environ),
    )
    ours_run = run_process(
        searchapp_command("reindex", "--full", "--json"),
        {**os.environ, "SEARCHAPP_HOME": str(home)},
    )
    progress("web pages: main text on the Article Extraction Benchmark")
    (work / "aeb").mkdir()
    reader = extraction.searchapp_reader(work / "aeb")
    f1, precision, recall, _ms, _worst = extraction.measure(reader, pages)
    return [
        Row(
            f"web pages: full index, pages per second ({count} real pages)",
            f"{count / ours_run.seconds:.0f}",
            f"{count / reference_run.seconds:.0f}",
            ratio(reference_run.seconds, ours_run.seconds),
        ),
        Row(
            "web pages: main text F1 (precision, recall), Article Extraction Benchmark",
            f"{f1:.3f} ({precision:.2f}, {recall:.2f})",
            target="≥ 0.96, recall ≥ 0.97",
            passed=f1 >= 0.96 and recall >= 0.97,
        ),
    ]


EXPORTS = 20  # Nexis classic exports of EXPORT_ARTICLES articles each
EXPORT_ARTICLES = 500
PDFS = 200


def exports_and_pdfs(work: Path) -> list[Row]:
    """News-database exports and PDFs: articles and pages per second, each against the same
    text as one plain file per article (or per PDF), and one 500-article export on its own."""
    progress(f"exports and PDFs: {EXPORTS} exports of {EXPORT_ARTICLES} articles, {PDFS} PDFs")
    root = work / "documents"
    counts = make_documents.write_documents(root, EXPORTS, EXPORT_ARTICLES, PDFS)
    single = work / "one-export"
    single.mkdir()
    shutil.copy(next((root / "exports").iterdir()), single)
    plain = {"exports": work / "exports-as-text", "pdf": work / "pdf-as-text"}
    for kind, folder in plain.items():
        folder.mkdir()
        for number, text in enumerate(_plain_copies(root / kind)):
            (folder / f"{number:06d}.txt").write_text(text, encoding="utf-8")

    def index(folder: Path) -> dict:
        home = work / f"home-{folder.name}"
        Library.open(home).set_folders([folder])
        env = {**os.environ, "SEARCHAPP_HOME": str(home)}
        run = run_process(searchapp_command("reindex", "--full", "--json"), env)
        return {"seconds": run.seconds, **reindex_report(run)}

    ours = {kind: index(root / kind) for kind in plain}
    reference = {kind: index(folder) for kind, folder in plain.items()}
    one = statistics.median(index(single)["seconds"] for _ in range(REINDEX_ROUNDS))
    articles, pages = counts["articles"], counts["pages"]
    read = ours["exports"]["documents"]
    return [
        Row(
            f"exports: articles per second ({EXPORTS} Nexis exports, {articles} articles; "
            "reference: one .txt per article)",
            f"{articles / ours['exports']['seconds']:.0f}",
            f"{articles / reference['exports']['seconds']:.0f}",
            ratio(reference["exports"]["seconds"], ours["exports"]["seconds"]),
        ),
        Row(
            "exports: articles split out of them",
            f"{read} of {articles}",
            target="all",
            passed=read == articles,
        ),
        Row(
            f"exports: one export of {EXPORT_ARTICLES} articles, full index (whole process, "
            f"median of {REINDEX_ROUNDS})",
            seconds(one),
            target="< 2 s",
            passed=one < 2.0,
        ),
        Row(
            f"PDF: pages per second ({PDFS} PDFs, {pages} pages; reference: their text as .txt)",
            f"{pages / ours['pdf']['seconds']:.0f}",
            f"{pages / reference['pdf']['seconds']:.0f}",
            ratio(reference["pdf"]["seconds"], ours["pdf"]["seconds"]),
        ),
    ]


def _plain_copies(folder: Path) -> Iterator[str]:
    """The articles of the exports, or the text of the PDFs, in `folder`, one text each."""
    rules = load_rules()
    for path in sorted(folder.iterdir()):
        articles = read_articles(path, rules).articles
        if path.suffix.lower() == ".pdf":
            yield "\n\n".join(article.text for article in articles)
        else:
            yield from (f"{a.title}\n\n{a.text}" for a in articles)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, metavar="DIR", help="an archive of articles")
    parser.add_argument("--skip-gui", action="store_true", help="leave out the window rows")
    parser.add_argument(
        "--no-references",
        action="store_true",
        help="leave out the reference indexer, Recoll and grep (hours at a million articles)",
    )
    parser.add_argument(
        "--queries-rounds", type=int, default=5, metavar="N", help="passes over the query set"
    )
    parser.add_argument("--markdown", type=Path, metavar="OUT.md", help="also write the table")
    args = parser.parse_args()
    if not args.archive.is_dir():
        parser.error(f"{args.archive} is not a folder")
    if args.queries_rounds < 1:
        parser.error("--queries-rounds must be at least 1")
    archive = args.archive.resolve()
    # An installed package is byte-compiled; a checkout whose user sets PYTHONDONTWRITEBYTECODE
    # is not, and every command the table times would compile searchapp again.
    compileall.compile_dir(Path(searchapp.__file__).parent, quiet=1)
    started = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory(prefix="searchapp-bench-") as work:
        notes, rows = benchmark(archive, Path(work), args)
    title = [
        f"searchapp benchmark, {started:%Y-%m-%d %H:%M} UTC",
        f"Machine: {machine_description()}",
    ]
    print(render_text(title, rows, notes), end="")
    if args.markdown:
        args.markdown.write_text(render_markdown(title, rows, notes), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
