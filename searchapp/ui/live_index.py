"""The window's live index: the library's folders watched while the window is open, each batch of
changed files indexed in the background, a brief note of it in the status bar.

The watching itself is the library's (searchapp.core.watching); this object starts and stops it
with the window and the library's folders, and brings its reports to the GUI thread. When
another process watches the library already (`searchapp watch`), the window leaves the work to
it: it sees the index change all the same.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from searchapp.core.errors import AlreadyWatched
from searchapp.core.library import Library
from searchapp.core.types import WatchBatch

if TYPE_CHECKING:
    from searchapp.core.library import Watcher

log = logging.getLogger(__name__)


class LiveIndex(QObject):
    """Watches the library's folders while running; `batchDone` and `notice` come on the GUI
    thread."""

    batchDone = Signal(object)  # a WatchBatch that changed the index
    notice = Signal(str)  # something the user should know once: a folder polled, gone, back

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.watcher: Watcher | None = None
        self.marked = contextlib.ExitStack()
        self.elsewhere: int | None = None  # the process that watches instead, if one does
        self.folders: list[Path] = []  # the folders it was last started on

    @property
    def running(self) -> bool:
        return self.watcher is not None

    def start(self) -> None:
        """Watch the library's folders now (again, after they changed); nothing when another
        process watches them."""
        self.stop()
        self.folders = self.library.folders
        if not self.folders:
            return
        try:
            self.marked.enter_context(self.library.watching())
        except AlreadyWatched as exc:
            self.elsewhere = exc.pid
            log.info("not watching: %s", exc)
            return
        except OSError as exc:
            log.warning("cannot watch the library: %s", exc)
            return
        self.elsewhere = None
        watcher = self.library.watcher(self._batch_done, self.notice.emit)
        try:
            watcher.start()
        except OSError as exc:
            self.marked.close()
            self.notice.emit(f"The library's folders cannot be watched ({exc.strerror or exc})")
            return
        self.watcher = watcher

    def stop(self) -> None:
        """Stop watching; a batch being written is finished first."""
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        self.marked.close()

    def _batch_done(self, batch: WatchBatch) -> None:
        # On the watcher's thread: the signal takes it to the GUI thread.
        if batch.changed or batch.report.skipped:
            self.batchDone.emit(batch)


def batch_note(batch: WatchBatch) -> str:
    """A batch as the status bar tells it: "Index updated: 2 new, 1 changed, 1 removed"."""
    report = batch.report
    parts = [
        f"{count} {word}"
        for count, word in (
            (report.added, "new"),
            (report.updated, "changed"),
            (report.removed, "removed"),
            (len(report.skipped), "skipped"),
        )
        if count
    ]
    return "Index updated: " + ", ".join(parts) if parts else "Index up to date"
