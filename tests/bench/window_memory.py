"""The window's memory once it shows results on an existing library.

    SEARCHAPP_HOME=DIR python tests/bench/window_memory.py [--settle-ms 1000]

Opens the window on the library, waits until the first results are on screen, lets it idle for
a moment, then prints this process's VmRSS and VmHWM lines from /proc/self/status.
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def memory_lines() -> list[str]:
    """The resident-memory lines of /proc/self/status."""
    with open("/proc/self/status", encoding="ascii") as status:
        return [line.strip() for line in status if line.startswith(("VmRSS:", "VmHWM:"))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settle-ms", type=int, default=1000, help="idle time after results")
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from searchapp.core.library import Library
    from searchapp.ui.app import create_window

    app = QApplication(sys.argv[:1])
    library = Library.open()
    if not library.has_index():
        print("no index in SEARCHAPP_HOME; run `searchapp reindex` first", file=sys.stderr)
        return 1
    window = create_window(library)
    window.resultsShown.connect(lambda _result: QTimer.singleShot(args.settle_ms, app.quit))
    window.show()
    QTimer.singleShot(0, window.start)
    app.exec()
    print("\n".join(memory_lines()))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
