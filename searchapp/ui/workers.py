"""Background work on QThreadPool: each task reports through signals and never touches widgets."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

PROGRESS_INTERVAL_S = 0.05  # at most twenty progress updates a second reach the window


class TaskSignals(QObject):
    """The signals of one task; created on the GUI thread so that they are delivered there."""

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class Task(QRunnable):
    """Runs `work(*args, **kwargs)` on a pool thread and emits its result or its exception."""

    def __init__(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.work, self.args, self.kwargs = work, args, kwargs
        self.signals = TaskSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work(*self.args, **self.kwargs)
        except Exception as exc:  # reported to the window, which decides how to show it
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class ReindexTask(Task):
    """A reindex with throttled progress reports and a cancel flag."""

    def __init__(self, reindex: Callable[..., Any], full: bool) -> None:
        self.cancel_event = threading.Event()
        self._last_report = 0.0
        super().__init__(
            reindex, full=full, progress=self._progress, cancel=self.cancel_event.is_set
        )

    def _progress(self, done: int, total: int, current: str) -> None:
        now = time.monotonic()
        if done in (0, total) or now - self._last_report >= PROGRESS_INTERVAL_S:
            self._last_report = now
            self.signals.progress.emit(done, total, current)

    def cancel(self) -> None:
        self.cancel_event.set()


class TaskRunner(QObject):
    """Starts tasks on a thread pool and keeps each alive until its result has been delivered.

    Results reach their callbacks through the runner's own slots, so a task that ends after
    the window has gone (closed in the middle of a search) calls nothing on it.
    """

    def __init__(self, parent: QObject | None = None, threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._running: dict[TaskSignals, tuple[Task, Callable, Callable]] = {}
        self._closed = False

    def start(
        self,
        task: Task,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> Task:
        if self._closed:
            return task  # the window is closing: a result would reach nothing
        self._running[task.signals] = (task, on_done, on_error)
        task.signals.finished.connect(self._finished)
        task.signals.failed.connect(self._failed)
        self.pool.start(task)
        return task

    def _finished(self, result: Any) -> None:
        entry = self._running.pop(self.sender(), None)
        if entry is not None:
            entry[1](result)

    def _failed(self, error: BaseException) -> None:
        entry = self._running.pop(self.sender(), None)
        if entry is not None:
            entry[2](error)

    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)

    def close(self, msecs: int = 30_000) -> bool:
        """Start no more tasks and deliver no more results (the window is closing), and wait
        up to `msecs` for the running tasks to end."""
        self._closed = True
        done = self.wait(msecs)
        self._running.clear()
        return done
