"""The searchapp command line: turns arguments into calls on a Library and prints the answers."""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from searchapp import __version__

if TYPE_CHECKING:
    from searchapp.core.library import Library
    from searchapp.core.types import Hit, IndexReport, SearchResult

EXIT_OK, EXIT_USER, EXIT_INDEX, EXIT_INTERRUPTED = 0, 1, 2, 130
WATCHER_TURN_S = 600.0  # a reindex beside a watcher waits this long for a batch to end
_MARK = re.compile(r"<mark[^>]*>(.*?)</mark>", re.S)
# Control characters in file names would break the terminal's lines; show them escaped.
_CONTROL = {code: f"\\x{code:02x}" for code in [*range(32), 127]}


def printable(text: str) -> str:
    """A path or name for the terminal: control characters as \\x escapes."""
    return text.translate(_CONTROL)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are user errors: one line, exit code 1."""

    def error(self, message: str) -> NoReturn:
        unknown = re.match(r"argument COMMAND: invalid choice: ('.*?') \(", message)
        if unknown:
            message = f"there is no command {unknown.group(1)}; `searchapp --help` lists them"
        self.print_usage(sys.stderr)
        self.exit(EXIT_USER, f"searchapp: {message}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. With `only`, a command's name, the parser has that command
    alone: a run of one command does without building the others' options (3-7 ms)."""
    parser = _Parser(
        prog="searchapp",
        description="Offline search for folders of saved news articles. "
        "With no command, opens the window.",
        epilog="SEARCHAPP_HOME=DIR keeps the configuration and the index under DIR.",
    )
    parser.add_argument("--version", action="version", version=f"searchapp {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for name, (handler, arguments) in COMMANDS.items():
        if only in (None, name):
            # A handler's docstring is its command's help.
            summary = handler.__doc__.strip().rstrip(".")
            arguments(
                commands.add_parser(
                    name, help=summary[0].lower() + summary[1:], description=handler.__doc__
                )
            )
    return parser


# Each command's own arguments (COMMANDS, at the end, pairs them with the commands).


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def _folder_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folders", nargs="+", metavar="FOLDER")
    parser.add_argument("--json", action="store_true", help="print the index report as JSON")


def _reindex_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--full", action="store_true", help="rebuild the index from scratch")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def _watch_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object a line")


def _search_arguments(parser: argparse.ArgumentParser) -> None:
    from searchapp.core.types import SORTS

    _query_arguments(parser)
    parser.add_argument("--sort", choices=SORTS, default=SORTS[0])
    parser.add_argument(
        "--limit", type=_count, default=20, metavar="N", help="hits to show (0 = all)"
    )
    parser.add_argument("--offset", type=_count, default=0, metavar="N", help="hits to skip")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    from searchapp.core.types import EXPORT_FORMATS, SORTS

    _query_arguments(parser)
    parser.add_argument("--sort", choices=SORTS, default=SORTS[0])
    parser.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="csv",
        help="csv (a spreadsheet), jsonl (scripts; with each article's text), ris (Zotero, "
        "EndNote), text (a list of citations); default csv",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )


def _kwic_arguments(parser: argparse.ArgumentParser) -> None:
    from searchapp.core.types import SORTS

    _query_arguments(parser)
    parser.add_argument("--sort", choices=SORTS, default=SORTS[0], help="the articles' order")
    parser.add_argument(
        "--width", type=_count, default=40, metavar="N", help="letters of context each side"
    )
    parser.add_argument(
        "--limit", type=_count, default=0, metavar="N", help="lines to show (0 = all)"
    )
    parser.add_argument("--json", action="store_true", help='print {"lines": [...]} as JSON')


def _id_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="an article's id, as search prints it")


def _tags_to_mark(parser: argparse.ArgumentParser) -> None:
    _id_argument(parser)
    parser.add_argument("tags", nargs="+", metavar="TAG")


def _star_arguments(parser: argparse.ArgumentParser) -> None:
    _id_argument(parser)
    parser.add_argument("--remove", action="store_true", help="take the star away")


def _note_arguments(parser: argparse.ArgumentParser) -> None:
    _id_argument(parser)
    parser.add_argument(
        "text", metavar="TEXT", help='the note (it replaces the last; "" removes it)'
    )


def _tags_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print {tag: articles} as JSON")


def _related_arguments(parser: argparse.ArgumentParser) -> None:
    _id_argument(parser)
    parser.add_argument(
        "--days", type=_count, default=3, metavar="N", help="within N days of it (default 3)"
    )
    parser.add_argument("--limit", type=_count, default=20, metavar="N", help="hits to show")
    parser.add_argument("--json", action="store_true", help='print {"hits": [...]} as JSON')


def _diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("first", metavar="ID", help="an article's id, as search prints it")
    parser.add_argument("second", metavar="ID", help="the article to compare it with")


def _status_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the status as JSON")


QUERY_HELP = (
    'words, "phrases", OR, NOT/-, word*, word~, title:, source:, date:; proximity: a w/5 b, '
    "a pre/5 b (a first), a NEAR/5 b, a w/s b (one sentence), a w/p b (one paragraph), "
    "(a OR b) w/3 c; review: tag:NAME, is:starred, has:note, has:tag; empty lists every article"
)


def _query_arguments(parser: argparse.ArgumentParser) -> None:
    """The query and its filters, alike for search, export and kwic."""
    from searchapp.core.types import DUPLICATES

    parser.add_argument("query", nargs="?", default="", metavar="QUERY", help=QUERY_HELP)
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME",
        help="only this source (repeat for several)",
    )
    parser.add_argument(
        "--since", metavar="DATE", help="on or after DATE (2024-12-07, 2024-12, 2024)"
    )
    parser.add_argument("--until", metavar="DATE", help="on or before DATE")
    parser.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="only articles with this tag"
    )
    parser.add_argument(
        "--variants",
        action="store_true",
        help="also match other spellings of names (Jolani, Jawlani, Golani)",
    )
    parser.add_argument(
        "--duplicates",
        choices=DUPLICATES,
        default=DUPLICATES[0],
        help="collapse: each story once, with its copies (default); show: every copy",
    )


def _request(args: argparse.Namespace):
    from searchapp.core.types import SearchQuery

    return SearchQuery(
        text=args.query,
        sources=tuple(args.source),
        since=args.since,
        until=args.until,
        sort=args.sort,
        limit=getattr(args, "limit", 20),
        offset=getattr(args, "offset", 0),
        variants=args.variants,
        duplicates=args.duplicates,
        tags=tuple(args.tag),
    )


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `searchapp` command."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only=arguments[0] if arguments and arguments[0] in COMMANDS else None)
    args, extra = parser.parse_known_args(arguments)
    if extra:
        if args.command not in ("search", "export", "kwic"):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        # "searchapp search -Hama": a query may start with a minus sign.
        args.query = " ".join(part for part in (args.query, *extra) if part)
    command = args.command or "gui"
    if command == "gui":
        return _open_window()

    from searchapp.core.errors import IndexUnavailable, SearchappError
    from searchapp.core.library import Library

    try:
        library = Library.open()
        handler = COMMANDS[command][0]
        return handler(library, args)
    except IndexUnavailable as exc:
        return _fail(str(exc), EXIT_INDEX)
    except SearchappError as exc:
        return _fail(str(exc), EXIT_USER)
    except KeyboardInterrupt:
        return _fail("interrupted; the index is as it was before this command", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader of our output went away (as `| head` does): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _fail(message: str, code: int) -> int:
    print(f"searchapp: {message}", file=sys.stderr)
    return code


def _open_window() -> int:
    """Open the window (what searchapp does with no command)."""
    try:
        from searchapp.ui.app import run
    except ImportError as exc:
        return _fail(
            f"the window cannot start ({exc}); the commands in --help still work", EXIT_USER
        )
    return run([sys.argv[0]])


class _ProgressBar:
    """A one-line progress bar on a terminal's stderr; silent anywhere else."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int, current: str) -> None:
        if not self.enabled or total == 0:
            return
        width = shutil.get_terminal_size((80, 20)).columns
        bar_width = 24
        filled = bar_width * done // total
        label = f"[{'#' * filled}{'-' * (bar_width - filled)}] {done}/{total} "
        room = max(0, width - len(label) - 1)
        name = current if len(current) <= room else "…" + current[-room + 1 :] if room > 1 else ""
        sys.stderr.write("\r" + (label + name).ljust(width - 1))
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * (shutil.get_terminal_size((80, 20)).columns - 1) + "\r")
            sys.stderr.flush()


def _run_reindex(library: Library, full: bool, lock_wait: float | None = None) -> IndexReport:
    bar = _ProgressBar()
    try:
        return library.reindex(full=full, progress=bar, lock_wait=lock_wait)
    finally:
        bar.finish()


def _print_report(report: IndexReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    print(
        f"{report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{len(report.skipped)} skipped in {report.elapsed:.2f} s; "
        f"{report.documents} articles in the index"
    )
    for skipped in report.skipped:
        print(f"  skipped {printable(skipped.shown_path)}: {skipped.reason}")
    for problem in report.problems:
        print(f"  read in part {printable(problem.shown_path)}: {problem.reason}")


def _add(library: Library, args: argparse.Namespace) -> int:
    """Add folders to the library, then index them."""
    from searchapp.paths import seeds_dir

    before = library.folders
    library.add_folders(args.folders)
    left = [folder for folder in before if folder not in library.folders]
    if seeds_dir() in left:
        print(
            "The bundled sample archive has left the library; "
            f"`searchapp add {printable(os.fsdecode(seeds_dir()))}` brings it back.",
            file=sys.stderr,
        )
    _print_report(_run_reindex(library, full=False), args.json)
    return EXIT_OK


def _remove(library: Library, args: argparse.Namespace) -> int:
    """Drop folders from the library and their documents from the index."""
    library.remove_folders(args.folders)
    _print_report(_run_reindex(library, full=False), args.json)
    return EXIT_OK


def _reindex(library: Library, args: argparse.Namespace) -> int:
    """Bring the index up to date with the library's folders."""
    watcher = library.watcher_process()
    if watcher is not None:
        print(
            f"Process {watcher} watches this library and keeps its index up to date; "
            "this reindex waits for its turn.",
            file=sys.stderr,
        )
    wait = WATCHER_TURN_S if watcher is not None else None
    _print_report(_run_reindex(library, full=args.full, lock_wait=wait), args.json)
    return EXIT_OK


def _watch(library: Library, args: argparse.Namespace) -> int:
    """Keep the index up to date while the library's folders change, until Ctrl+C."""
    import datetime as dt
    import signal
    import threading

    from searchapp.core.types import WatchBatch

    def say(text: str, **fields) -> None:
        now = dt.datetime.now().astimezone()
        if args.json:
            print(json.dumps({"time": now.isoformat(timespec="seconds"), **fields}), flush=True)
        else:
            print(f"{now:%Y-%m-%d %H:%M:%S}  {printable(text)}", flush=True)

    def batch_done(batch) -> None:
        report = batch.report
        say(
            f"{len(batch.paths)} changed path{'s' if len(batch.paths) != 1 else ''}: "
            f"{report.added} added, {report.updated} updated, {report.removed} removed, "
            f"{len(report.skipped)} skipped in {report.elapsed:.2f} s; "
            f"{report.documents:,} articles",
            batch={"paths": [os.fsdecode(p) for p in batch.paths], **report.to_json()},
        )

    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    with library.watching():
        watcher = library.watcher(batch_done, lambda text: say(text, notice=text))
        watcher.start()
        try:
            folders = len(library.folders)
            say(f"catching up with what changed in {folders} folder{'s' * (folders != 1)}")
            report = library.reindex()
            batch_done(WatchBatch(library.folders, report))
            say("watching; Ctrl+C stops", watching=[os.fsdecode(f) for f in library.folders])
            while not stop.wait(3600):
                pass
        finally:
            watcher.stop()
    say("stopped", stopped=True)
    return EXIT_OK


def _ensure_index(library: Library) -> None:
    if not library.has_index():
        print("Building the index for the first time…", file=sys.stderr)
        built = _run_reindex(library, full=False)
        print(f"Indexed {built.documents:,} articles in {built.elapsed:.1f} s.", file=sys.stderr)


def _search(library: Library, args: argparse.Namespace) -> int:
    """Search the library and print the hits, facets and suggestions."""
    _ensure_index(library)
    result = library.search(_request(args))
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    else:
        _print_result(result, args.offset, sys.stdout.isatty())
    return EXIT_OK


def hit_json(hit: Hit) -> dict:
    """One hit as --json prints it, in a search's or a related list's "hits"."""
    return {
        "id": hit.id,
        "path": hit.path,
        "part": hit.part,
        "title": hit.title,
        "date": hit.date.isoformat() if hit.date else None,
        "date_origin": hit.date_origin,
        "source": hit.source,
        "score": round(hit.score, 4),
        "snippet": hit.snippet_html,
        "story": hit.story,
        "copies": [copy.id for copy in hit.copies],
        "starred": hit.review.starred,
        "tags": list(hit.review.tags),
        "note": hit.review.note,
    }


def _export(library: Library, args: argparse.Namespace) -> int:
    """Write every match of a search to a file: CSV, JSON Lines, RIS or a citation list."""
    _ensure_index(library)
    bar = _ProgressBar() if args.output else None
    try:
        report = library.export(_request(args), args.format, args.output, progress=bar)
    finally:
        if bar is not None:
            bar.finish()
    if args.output:
        noun = "record" if report.records == 1 else "records"
        print(
            f"{report.records:,} {noun} written to {printable(os.fsdecode(args.output))} "
            f"in {report.elapsed:.1f} s",
            file=sys.stderr,
        )
    return EXIT_OK


def _kwic(library: Library, args: argparse.Namespace) -> int:
    """Every use of the query's words in the matching articles, in context (a concordance)."""
    _ensure_index(library)
    found = library.concordance(_request(args), width=args.width, limit=args.limit)
    if args.json:
        lines = [
            {
                "id": line.id,
                "left": line.left,
                "match": line.match,
                "right": line.right,
                "source": line.source,
                "date": line.date.isoformat() if line.date else None,
            }
            for line in found.lines
        ]
        print(json.dumps({"lines": lines}, ensure_ascii=False, indent=2))
        return EXIT_OK
    noun = "article" if found.articles == 1 else "articles"
    shown = "" if found.complete else f" (the first {len(found.lines):,} lines)"
    print(f"{len(found.lines):,} lines in {found.articles:,} matching {noun}{shown}")
    width = args.width
    for line in found.lines:
        date = line.date.isoformat() if line.date else "no date"
        print(
            f"{printable(line.left)[-width:]:>{width}}  {printable(line.match)}  "
            f"{printable(line.right)[:width]:<{width}}  {printable(line.source)} · {date}"
        )
    return EXIT_OK


def _print_review(id: str, review) -> None:
    marks = [
        "starred" if review.starred else "not starred",
        "tags: " + (", ".join(review.tags) if review.tags else "none"),
    ]
    if review.note:
        marks.append(f"note: {review.note}")
    print(f"{printable(id)}: " + "; ".join(marks))


def _tag(library: Library, args: argparse.Namespace) -> int:
    """Put tags on an article (tag:NAME finds it)."""
    _print_review(args.id, library.tag(args.id, *args.tags))
    return EXIT_OK


def _untag(library: Library, args: argparse.Namespace) -> int:
    """Take tags off an article."""
    _print_review(args.id, library.untag(args.id, *args.tags))
    return EXIT_OK


def _star(library: Library, args: argparse.Namespace) -> int:
    """Star an article (is:starred finds it), or take its star away with --remove."""
    _print_review(args.id, library.star(args.id, not args.remove))
    return EXIT_OK


def _note(library: Library, args: argparse.Namespace) -> int:
    """Write a note on an article (has:note finds it)."""
    _print_review(args.id, library.note(args.id, args.text))
    return EXIT_OK


def _tags(library: Library, args: argparse.Namespace) -> int:
    """List the tags in use, with how many articles have each."""
    tags = library.tags()
    if args.json:
        print(json.dumps(tags, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not tags:
        print("No tags yet; add one with `searchapp tag ID TAG`")
    for name, count in tags.items():
        print(f"{count:>6}  {printable(name)}")
    return EXIT_OK


def _related(library: Library, args: argparse.Namespace) -> int:
    """Other outlets' articles on the events one article reports (the same story elsewhere)."""
    result = library.related(args.id, days=args.days, limit=args.limit)
    if args.json:
        print(
            json.dumps({"hits": [hit_json(h) for h in result.hits]}, ensure_ascii=False, indent=2)
        )
        return EXIT_OK
    noun = "article" if result.total == 1 else "articles"
    print(f"{result.total} {noun} on the same events within {args.days} days of {args.id}")
    for number, hit in enumerate(result.hits, 1):
        _print_hit(number, hit, sys.stdout.isatty())
    return EXIT_OK


def _diff(library: Library, args: argparse.Namespace) -> int:
    """Compare two articles word by word: [-dropped-] and {+added+} in the second."""
    comparison = library.compare(args.first, args.second)
    share = f"{comparison.similarity:.0%}"
    print(f"--- {printable(comparison.first.id)}\n+++ {printable(comparison.second.id)}")
    print(f"{share} of their words in common\n")
    from searchapp.core.library import words_changed

    print(printable(words_changed(comparison)))
    return EXIT_OK


def result_json(result: SearchResult) -> dict:
    """The --json form of a search result (the shape fixed in DESIGN.md)."""
    return {
        "query": result.query,
        "total": result.total,
        "folded": result.folded,
        "elapsed_ms": round(result.elapsed_ms, 2),
        "hits": [hit_json(hit) for hit in result.hits],
        "facets": {
            "sources": result.facets.sources,
            "dates": [
                {"start": b.start.isoformat(), "end": b.end.isoformat(), "count": b.count}
                for b in result.facets.dates
            ],
            "granularity": result.facets.granularity,
            "undated": result.facets.undated,
            "tags": result.facets.tags,
        },
        "suggestion": result.suggestion,
        "variants_used": result.variants_used,
    }


def _print_hit(number: int, hit: Hit, color: bool) -> None:
    print(f"\n{number:>3}. {printable(hit.title) or '(untitled)'}")
    print(f"     {printable(hit.source)} · {hit.date_label} · {printable(hit.id)}")
    print(f"     {snippet_text(hit.snippet_html, color)}")
    if hit.review:
        marks = (["★ starred"] if hit.review.starred else []) + [f"#{t}" for t in hit.review.tags]
        marks += [f"note: {hit.review.note}"] if hit.review.note else []
        print(f"     {printable(' · '.join(marks))}")
    if hit.copies:
        noun = "copy" if len(hit.copies) == 1 else "copies"
        listed = "; ".join(
            f"{printable(c.source)} {c.date.isoformat() if c.date else 'no date'} {printable(c.id)}"
            for c in hit.copies
        )
        print(f"     +{len(hit.copies)} {noun}: {listed}")


def snippet_text(snippet_html: str, color: bool) -> str:
    """A snippet for the terminal: hits in bold yellow on a terminal, else between ** marks."""
    opening, closing = ("\x1b[1;33m", "\x1b[0m") if color else ("**", "**")
    marked = _MARK.sub(lambda m: f"\x00{m.group(1)}\x01", snippet_html)
    return html.unescape(marked).replace("\x00", opening).replace("\x01", closing)


def _print_result(result: SearchResult, offset: int, color: bool) -> None:
    described = f"for “{result.query}”" if result.query.strip() else "in the library"
    noun = "result" if result.total == 1 else "results"
    folded = f"; {result.folded} more are copies of these" if result.folded else ""
    print(f"{result.total} {noun} {described} ({result.elapsed_ms:.0f} ms{folded})")
    for number, hit in enumerate(result.hits, offset + 1):
        _print_hit(number, hit, color)
    if result.facets.sources:
        print("\nSources: " + ", ".join(f"{k} {v}" for k, v in result.facets.sources.items()))
    nonzero = [b for b in result.facets.dates if b.count]
    if nonzero:
        label = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[result.facets.granularity]
        print("Dates:   " + ", ".join(f"{b.start.strftime(label)} {b.count}" for b in nonzero))
    if result.facets.undated:
        print(f"Undated: {result.facets.undated} (only the file's time is known)")
    if result.facets.tags:
        print("Tags:    " + ", ".join(f"{k} {v}" for k, v in result.facets.tags.items()))
    for word, others in result.variants_used.items():
        print(f"Also matched for {word}: {', '.join(others)}")
    if result.suggestion:
        print(f"Did you mean: {result.suggestion}")


def _status(library: Library, args: argparse.Namespace) -> int:
    """Show the library's folders, article count, index size, dates and sources."""
    status = library.status()
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Articles:  {status.documents}")
    for number, folder in enumerate(status.folders):
        print(f"{'Folders:' if number == 0 else '':<11}{printable(os.fsdecode(folder))}")
    if not status.folders:
        print("Folders:   none; add one with `searchapp add FOLDER`")
    if status.last_update is None:
        print("Index:     not built yet; run `searchapp reindex`")
    else:
        print(
            f"Index:     {status.index_bytes / 1024:.0f} KB, "
            f"updated {status.last_update:%Y-%m-%d %H:%M}"
        )
    if status.first_date:
        print(f"Dates:     {status.first_date} to {status.last_date}")
    if status.sources:
        print("Sources:   " + ", ".join(f"{k} {v}" for k, v in status.sources.items()))
    return EXIT_OK


# The commands in the order `searchapp --help` lists them: each one's handler (whose docstring
# is its help) and the function that adds its arguments.
COMMANDS: dict[str, tuple[Callable, Callable[[argparse.ArgumentParser], None]]] = {
    "gui": (_open_window, _no_arguments),
    "add": (_add, _folder_arguments),
    "remove": (_remove, _folder_arguments),
    "reindex": (_reindex, _reindex_arguments),
    "watch": (_watch, _watch_arguments),
    "search": (_search, _search_arguments),
    "export": (_export, _export_arguments),
    "kwic": (_kwic, _kwic_arguments),
    "tag": (_tag, _tags_to_mark),
    "untag": (_untag, _tags_to_mark),
    "star": (_star, _star_arguments),
    "note": (_note, _note_arguments),
    "tags": (_tags, _tags_arguments),
    "related": (_related, _related_arguments),
    "diff": (_diff, _diff_arguments),
    "status": (_status, _status_arguments),
}
