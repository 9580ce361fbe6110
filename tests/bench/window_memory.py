"""The window's memory once it shows results on an existing library.

    SEARCHAPP_HOME=DIR python tests/bench/window_memory.py

Starts the window through its real entry point with SEARCHAPP_QUIT_WHEN_READY, so it quits as
soon as the first results are on screen; just before it closes (the window still open, its
results shown), prints this process's VmRSS and VmHWM lines from /proc/self/status.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def memory_lines() -> list[str]:
    """The resident-memory lines of /proc/self/status."""
    with open("/proc/self/status", encoding="ascii") as status:
        return [line.strip() for line in status if line.startswith(("VmRSS:", "VmHWM:"))]


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from searchapp.ui.app import QUIT_WHEN_READY_ENV, run

    os.environ[QUIT_WHEN_READY_ENV] = "1"
    # run() uses an application that already exists, so its quit can be watched from here.
    app = QApplication(sys.argv[:1])
    readings: list[list[str]] = []
    app.aboutToQuit.connect(lambda: readings.append(memory_lines()))
    code = run(sys.argv[:1])
    if code != 0 or not readings:
        print("the window did not show results", file=sys.stderr)
        return code or 1
    print("\n".join(readings[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
