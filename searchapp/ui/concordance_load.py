"""Reading a search's concordance lines on a pool thread: the first screen as soon as it is read,
the rest in chunks, stopping between two lines when asked. It never touches a widget: the lines
reach the window through its signals, tagged with the load that read them, so the window can
drop what a load it has given up on still sends.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import Signal

from searchapp.core.library import Library
from searchapp.core.types import SearchQuery
from searchapp.ui.concordance_model import ConcordanceRow
from searchapp.ui.workers import Task, TaskSignals

FIRST_SCREEN = 300  # lines sent as soon as they are read: the first screen, and some to scroll
CHUNK_LINES = 5_000  # later lines reach the window in chunks of at most this many
CHUNK_SECONDS = 0.25  # or of what was read in this long, whichever comes first
LINE_LIMIT = 100_000  # lines loaded at most: a very common word is narrowed, not read whole


@dataclass(frozen=True)
class LoadEnd:
    """How a load of lines ended."""

    lines: int
    complete: bool  # every line of the search was read
    limited: bool = False  # stopped at LINE_LIMIT
    failed: bool = False  # stopped by an error


class ConcordanceSignals(TaskSignals):
    """A load's signals: a Task's, and the lines it has read."""

    rowsRead = Signal(object, int, object)  # the load, articles matching, list[ConcordanceRow]


class ConcordanceLoad(Task):
    """Reads a search's concordance lines on a pool thread and sends them in chunks, the first
    screen at once; stops when asked, between two lines. Returns its LoadEnd."""

    def __init__(self, library: Library, query: SearchQuery, width: int) -> None:
        self.stop_event = threading.Event()
        super().__init__(self._read, library, query, width)
        self.signals = ConcordanceSignals()  # made here, on the GUI thread: delivered there

    def stop(self) -> None:
        self.stop_event.set()

    def _read(self, library: Library, query: SearchQuery, width: int) -> LoadEnd:
        articles, lines = library.concordance_lines(query, width=width)
        batch: list[ConcordanceRow] = []
        count, wanted, sent_at = 0, FIRST_SCREEN, time.monotonic()
        try:
            for line in lines:
                if self.stop_event.is_set():
                    end = LoadEnd(count, False)
                    break
                batch.append(ConcordanceRow.of(line))
                count += 1
                if count >= LINE_LIMIT:
                    end = LoadEnd(count, next(lines, None) is None, limited=True)
                    break
                if len(batch) >= wanted or time.monotonic() - sent_at >= CHUNK_SECONDS:
                    self.signals.rowsRead.emit(self, articles, batch)
                    batch, wanted, sent_at = [], CHUNK_LINES, time.monotonic()
            else:
                end = LoadEnd(count, True)
        finally:
            close = getattr(lines, "close", None)
            if close is not None:
                close()  # the engine's reader of a load stopped early
        self.signals.rowsRead.emit(self, articles, batch)  # even none: the count of articles
        return end
