"""Window timings on an existing library: launch to first results, and keystroke to painted results.

    SEARCHAPP_HOME=DIR python tests/bench/gui_latency.py [--queries 'Homs' 'rebel forces' ...]

Keystroke latency is measured from the moment the debounce timer fires (the search starts) to
the moment the new results have been painted, so the 150 ms debounce itself is not counted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEFAULT_QUERIES = [
    "said",
    "rebel forces",
    '"prime minister"',
    "bank OR market",
    "elect*",
    "Erdogan",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", nargs="*", default=DEFAULT_QUERIES)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from searchapp.core.library import Library
    from searchapp.ui.app import create_window

    app = QApplication(sys.argv[:1])
    library = Library.open()
    if not library.has_index():
        print("no index in SEARCHAPP_HOME; run `searchapp reindex` first", file=sys.stderr)
        return 1
    window = create_window(library)
    shown: list[float] = []
    window.resultsShown.connect(lambda _result: shown.append(time.perf_counter()))
    window.show()
    window.start()
    while not shown:
        app.processEvents()
    window.results.viewport().repaint()
    launch_ms = (time.perf_counter() - started) * 1000

    latencies = []
    for _round in range(args.rounds):
        for query in args.queries:
            window.search_field.clear()
            shown.clear()
            QTest.keyClicks(window.search_field, query)
            while not shown:
                app.processEvents()
            window.results.viewport().repaint()
            painted = time.perf_counter()
            latencies.append((painted - window.request.started) * 1000)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(f"documents: {library.search('', limit=1).total}")
    print(f"launch to first results painted: {launch_ms:.0f} ms")
    print(
        f"keystroke to painted results (after the debounce), {len(latencies)} searches: "
        f"p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms"
    )
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
