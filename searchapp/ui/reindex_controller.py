"""Reindexing for the window: its commands, one reindex at a time off the GUI thread, its
progress and its report in the status bar.

The index stays searchable while it is updated (readers see the last commit), so the window
only locks the actions that would start a second reindex.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from searchapp.core.errors import IndexUnavailable, UserInputError
from searchapp.core.library import Library
from searchapp.core.types import IndexReport
from searchapp.ui.actions import make_action
from searchapp.ui.dialogs import ReportDialog, report_summary
from searchapp.ui.text import sentence, tooltip
from searchapp.ui.workers import ReindexTask, TaskRunner

# Follows the message of a damaged or outdated index; the window runs `rebuild` on the link.
REBUILD_OFFER = '<a href="rebuild:index">Rebuild the index</a>'


class ReindexController(QObject):
    """Starts, shows and cancels reindexes, and keeps the report of the last one."""

    runningChanged = Signal(bool)  # other commands that change the library wait for a reindex
    finished = Signal(object)  # the IndexReport, or the error that stopped the reindex

    def __init__(self, library: Library, runner: TaskRunner, window: QWidget) -> None:
        super().__init__(window)
        self.library = library
        self.runner = runner
        self.window = window  # the parent of the report dialog
        self.task: ReindexTask | None = None
        self.last_report: IndexReport | None = None

        self.reindex_action = make_action(
            window, "Reindex", "Bring the index up to date with the folders", self.reindex, "F5"
        )
        self.rebuild_action = make_action(
            window, "Rebuild index", "Build the whole index again from the files", self.rebuild
        )
        self.report_action = make_action(
            window,
            "Last index report…",
            "Show what the last reindex did and what it skipped",
            self.show_report,
        )
        self.report_action.setEnabled(False)
        self.progress = QProgressBar()
        # Wide enough for "18550 / 18550 files" on one line at any text size.
        self.progress.setMinimumWidth(
            self.progress.fontMetrics().horizontalAdvance("188888 / 188888 files") + 24
        )
        self.progress.setMaximumWidth(max(240, self.progress.minimumWidth()))
        self.progress.setAccessibleName("Indexing progress")
        self.progress.setFormat("%v / %m files")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop indexing; the index stays as it was")
        self.cancel_button.setAccessibleName("Cancel indexing")
        self.cancel_button.clicked.connect(self.cancel)
        self.details_button = QPushButton("Details…")
        self.details_button.setToolTip("Show the files that were skipped or read in part, and why")
        self.details_button.clicked.connect(self.show_report)
        self.report_label = QLabel()
        self.report_label.setAccessibleName("Last index update")

    def add_to(self, status: QStatusBar) -> None:
        """Put the report and the progress at the right of the status bar, hidden until used."""
        status.addPermanentWidget(self.report_label)
        status.addPermanentWidget(self.details_button)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        for widget in (self.progress, self.cancel_button, self.details_button):
            widget.hide()

    def reindex(self) -> None:
        """Bring the index up to date with the folders, unless a reindex is running already."""
        self._start(full=False)

    def rebuild(self) -> None:
        """Build the whole index again from the files, unless a reindex is running already."""
        self._start(full=True)

    def _start(self, full: bool) -> None:
        if self.task is not None:
            return
        task = ReindexTask(self.library.reindex, full)
        task.signals.progress.connect(self._progress)
        self.task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.details_button.hide()
        self._lock(True)
        self.report_label.setText("Rebuilding the index…" if full else "Updating the index…")
        self.runner.start(task, self._done, self._failed)

    def cancel(self) -> None:
        """Stop the running reindex between two files; the index keeps its last commit."""
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.report_label.setText("Cancelling…")

    def show_report(self) -> None:
        if self.last_report is not None:
            ReportDialog(self.last_report, self.window).exec()

    def _progress(self, done: int, total: int, current: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if current:
            self.progress.setToolTip(tooltip(current))

    def _stopped(self) -> None:
        self.task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_button.setEnabled(True)
        self._lock(False)

    def _lock(self, running: bool) -> None:
        self.reindex_action.setEnabled(not running)
        self.rebuild_action.setEnabled(not running)
        self.runningChanged.emit(running)

    def _done(self, report: IndexReport) -> None:
        self._stopped()
        self.last_report = report
        self.report_action.setEnabled(True)
        self.details_button.setVisible(bool(report.skipped or report.problems))
        self.report_label.setText(report_summary(report))
        self.finished.emit(report)

    def _failed(self, error: BaseException) -> None:
        self._stopped()
        if isinstance(error, IndexUnavailable | UserInputError):
            self.report_label.setText(sentence(str(error)))
        self.finished.emit(error)
