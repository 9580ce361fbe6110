"""Starting the window: the application object, style, icon, logging and error reporting."""

from __future__ import annotations

import logging
import os
import sys
import time
from ctypes.util import find_library
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from searchapp.core.errors import SearchappError
from searchapp.core.library import Library
from searchapp.paths import resources_dir
from searchapp.ui.appearance import Appearance
from searchapp.ui.main_window import MainWindow

SETTINGS_NAME = "window.ini"
# For benchmarks and smoke tests: quit as soon as the first results are on screen.
QUIT_WHEN_READY_ENV = "SEARCHAPP_QUIT_WHEN_READY"
LOG_NAME = "searchapp.log"
log = logging.getLogger("searchapp")


def window_settings(home: Path) -> QSettings:
    """The window's remembered state, kept in the library's home (so tests stay private)."""
    return QSettings(str(home / SETTINGS_NAME), QSettings.Format.IniFormat)


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "searchapp.svg"))


def create_window(library: Library, appearance: Appearance | None = None) -> MainWindow:
    """A configured main window on `library` (the QApplication must exist), with the text
    size and theme of `appearance` (applied already) or its own."""
    settings = window_settings(library.home)
    appearance = appearance or Appearance(QApplication.instance(), settings)
    return MainWindow(library, settings, appearance, app_icon())


def remembered_window(app: QApplication, library: Library) -> MainWindow:
    """The window on `library` in the text size and theme the user chose last.

    They are applied before any widget is made: a widget made before the application's font
    changes keeps the old one.
    """
    appearance = Appearance(app, window_settings(library.home))
    appearance.apply()
    return create_window(library, appearance)


def _log_to_file(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(home / LOG_NAME, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)


def _ready(window: MainWindow, started: float, result) -> None:
    print(
        f"ready: {result.total} results on screen {(time.perf_counter() - started) * 1000:.0f} ms "
        "after start",
        file=sys.stderr,
    )
    window.close()  # as a user closes it: the catch-up reindex is cancelled and waited for


# The libraries Qt's X11 plugin loads beyond Qt itself, with the Debian packages that hold them.
X11_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def display_problem() -> str | None:
    """Why the window cannot open on this display, in one sentence; None when it can.

    Qt ends the process with its own message when its platform plugin cannot load, so this is
    asked first, on Linux, where the X11 plugin needs system libraries pip does not install.
    """
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform not in ("", "xcb"):
        return None
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return "there is no display to open the window on (DISPLAY is not set)"
    missing = [package for name, package in X11_LIBRARIES.items() if not find_library(name)]
    if missing:
        return (
            "the window needs Qt's X11 libraries, which this system lacks; install them "
            f"(Debian, Ubuntu: apt-get install {' '.join(missing)})"
        )
    return None


def run(argv: list[str] | None = None) -> int:
    """Open the window on the configured library; returns the exit code."""
    started = time.perf_counter()
    problem = None if QApplication.instance() else display_problem()
    if problem is not None:
        print(f"searchapp: {problem}; the commands in --help still work", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("searchapp")
    app.setApplicationDisplayName("searchapp")
    app.setWindowIcon(app_icon())
    try:
        library = Library.open()
        _log_to_file(library.home)
    except (SearchappError, OSError) as exc:
        QMessageBox.critical(None, "searchapp", f"searchapp cannot start: {exc}")
        return 1
    window = remembered_window(app, library)
    shown: set[str] = set()

    def report(kind, error, trace) -> None:
        log.error("unexpected error", exc_info=(kind, error, trace))
        key = f"{kind.__name__}: {error}"
        if key not in shown:
            shown.add(key)
            QMessageBox.critical(
                window, "searchapp", f"Something went wrong: {error}\n\nsearchapp keeps running."
            )

    sys.excepthook = report
    if os.environ.get(QUIT_WHEN_READY_ENV):
        window.resultsShown.connect(lambda result: _ready(window, started, result))
    window.show()
    QTimer.singleShot(0, window.start)
    log.info("window shown %.0f ms after start", (time.perf_counter() - started) * 1000)
    return app.exec()
