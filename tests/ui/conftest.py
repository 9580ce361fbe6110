"""Fixtures for the window's tests: windows that are closed after each test."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from searchapp.core.library import Library  # noqa: E402
from searchapp.ui.app import create_window  # noqa: E402
from searchapp.ui.main_window import MainWindow  # noqa: E402


@pytest.fixture
def open_window(qtbot) -> Callable[[Library], MainWindow]:
    """Open a window on a library and wait for its first results; closed when the test ends."""
    opened: list[MainWindow] = []

    def make(library: Library, wait: bool = True) -> MainWindow:
        window = create_window(library)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        if wait:
            with qtbot.waitSignal(window.resultsShown, timeout=10_000):
                window.start()
            # The window catches up with the folders on start: the tests begin after it.
            qtbot.waitUntil(lambda: window.reindex_task is None, timeout=10_000)
        else:
            window.start()
        return window

    yield make
    for window in opened:
        window.close()


def type_query(qtbot, window: MainWindow, text: str):
    """Type `text` into the search field as a user would and wait for its results."""
    window.search_field.clear()
    with qtbot.waitSignal(window.resultsShown, timeout=10_000) as blocker:
        qtbot.keyClicks(window.search_field, text)
    return blocker.args[0]
