"""Exporting every match of a search to a file: the dialog that says what will be written and
in which format, asks where, and shows the export running with a way to stop it.

The core writes beside the chosen name and moves the file into place when whole, so a cancelled
or failed export leaves no file; the dialog only starts, follows and stops it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.errors import IndexUnavailable, UserInputError
from searchapp.core.library import Library
from searchapp.core.types import ExportReport, SearchQuery
from searchapp.ui.search_bar import SORT_LABELS
from searchapp.ui.text import sentence
from searchapp.ui.workers import Task, TaskRunner

log = logging.getLogger(__name__)

FOLDER_KEY = "export/folder"  # the folder the last export went to, offered for the next
FORMAT_KEY = "export/format"
STEM_LETTERS = 60  # a file name from a long query is cut here


@dataclass(frozen=True)
class ExportFormat:
    """One of the core's export formats as the dialog offers it."""

    name: str  # the core's name for it (types.EXPORT_FORMATS)
    label: str
    explanation: str
    suffix: str
    files: str  # the file dialog's filter


FORMATS = (
    ExportFormat(
        "csv",
        "CSV for spreadsheets",
        "One row per article (title, outlet, date, file, snippet) for Excel or LibreOffice.",
        "csv",
        "CSV files (*.csv)",
    ),
    ExportFormat(
        "jsonl",
        "JSON Lines with full text",
        "One record per line with each article's whole text, for scripts and text analysis.",
        "jsonl",
        "JSON Lines files (*.jsonl)",
    ),
    ExportFormat(
        "ris",
        "RIS for Zotero or EndNote",
        "One reference per article, to import into a reference manager.",
        "ris",
        "RIS files (*.ris)",
    ),
    ExportFormat(
        "text",
        "Plain citation list",
        "A numbered list of citations (author, title, outlet, date) to paste into a document.",
        "txt",
        "Text files (*.txt)",
    ),
)


def search_in_words(query: SearchQuery) -> list[tuple[str, str]]:
    """A search as a person reads it, one (what, value) row each: its words, its filters and
    its order."""
    filters = []
    if query.sources:
        filters.append("sources " + ", ".join(query.sources))
    if query.tags:
        filters.append("tags " + ", ".join(query.tags))
    since, until = _day(query.since), _day(query.until)
    if since and until:
        filters.append(f"dates {since} to {until}")
    elif since:
        filters.append(f"dates from {since}")
    elif until:
        filters.append(f"dates up to {until}")
    if query.variants:
        filters.append("spelling variants matched")
    return [
        ("Query", query.text.strip() or "(every article)"),
        ("Filters", "; ".join(filters) or "none"),
        ("Order", SORT_LABELS.get(query.sort, query.sort)),
    ]


def _day(value: dt.date | str | None) -> str:
    return value.isoformat() if isinstance(value, dt.date) else (value or "")


def file_stem(query: SearchQuery) -> str:
    """A file name from a search's words ("homs-rebels"); "every-article" without words."""
    words = re.findall(r"\w+", query.text.casefold())
    return "-".join(words)[:STEM_LETTERS].strip("-_") or "every-article"


def choose_save_path(
    parent: QWidget, settings: QSettings, title: str, name: str, files: str
) -> Path | None:
    """Ask where to save a file, starting in the folder used last; None if the user cancels.

    A name typed without a suffix gets the one of `name`; the folder is remembered.
    """
    folder = str(settings.value(FOLDER_KEY, "") or "") or _documents_folder()
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, os.path.join(folder, name), files)
    if not chosen:
        return None
    path = Path(chosen)
    if not path.suffix:
        path = path.with_name(path.name + Path(name).suffix)
    settings.setValue(FOLDER_KEY, os.fspath(path.parent))
    return path


def _documents_folder() -> str:
    location = QStandardPaths.StandardLocation.DocumentsLocation
    return QStandardPaths.writableLocation(location) or os.path.expanduser("~")


def count_of(number: int, noun: str) -> str:
    """A count with its noun: 1 article, 12,000 articles."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class ExportTask(Task):
    """Library.export on a pool thread: progress through its signals, and a flag the core asks
    as it writes."""

    def __init__(self, library: Library, query: SearchQuery, fmt: str, path: Path) -> None:
        self.cancel_event = threading.Event()
        super().__init__(
            library.export,
            query,
            fmt,
            path,
            progress=self._progress,
            cancel=self.cancel_event.is_set,
        )

    def _progress(self, done: int, total: int, current: str) -> None:
        # The core reports every few hundred records: few enough to pass on each one.
        self.signals.progress.emit(done, total, current)

    def cancel(self) -> None:
        self.cancel_event.set()


class ExportDialog(QDialog):
    """What an export will write (the search, its filters, how many articles), a format, then
    the file and the export's progress, with Cancel."""

    exported = Signal(object)  # the ExportReport of an export that wrote its file
    showFolderRequested = Signal(object)  # the Path of the file written

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        query: SearchQuery,
        total: int,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export search results")
        self.library = library
        self.runner = runner
        self.query = query
        self.total = total
        self.settings = settings
        self.task: ExportTask | None = None
        self.written: Path | None = None  # the file of the last export that finished

        layout = QVBoxLayout(self)
        layout.addWidget(self._what_box())
        layout.addWidget(self._format_box())
        layout.addLayout(self._progress_row())
        self.message = QLabel()
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Export outcome")
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(self._buttons_row())
        self._show_idle()
        width = max(560, self.sizeHint().width())
        # As tall as the wrapped explanations need at that width, not at the narrow hint's.
        self.resize(width, max(self.heightForWidth(width), self.minimumSizeHint().height()))

    # Building

    def _what_box(self) -> QGroupBox:
        box = QGroupBox("What will be exported")
        form = QFormLayout(box)
        for what, value in search_in_words(self.query):
            form.addRow(f"{what}:", _plain_label(value))
        if self.total:
            count = f"{count_of(self.total, 'article')}: every match, not only the page on screen"
        else:
            count = "none: this search matches no articles, so there is nothing to export"
        self.count_label = _plain_label(count)
        self.count_label.setAccessibleName("Articles to export")
        form.addRow("Articles:", self.count_label)
        return box

    def _format_box(self) -> QGroupBox:
        box = QGroupBox("Format")
        column = QVBoxLayout(box)
        self.format_buttons = QButtonGroup(self)
        remembered = str(self.settings.value(FORMAT_KEY, FORMATS[0].name))
        for number, fmt in enumerate(FORMATS):
            button = QRadioButton(fmt.label)
            button.setChecked(fmt.name == remembered)
            explanation = QLabel(fmt.explanation)
            explanation.setObjectName("previewDetails")  # app.qss: dimmed, as under a title
            explanation.setWordWrap(True)
            explanation.setIndent(button.sizeHint().height())  # under the label, not the dot
            explanation.setBuddy(button)
            button.setAccessibleDescription(fmt.explanation)
            self.format_buttons.addButton(button, number)
            column.addWidget(button)
            column.addWidget(explanation)
        if self.format_buttons.checkedButton() is None:
            self.format_buttons.button(0).setChecked(True)
        return box

    def _progress_row(self) -> QHBoxLayout:
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the export; no file is written")
        self.cancel_button.setAccessibleName("Cancel the export")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        return row

    def _buttons_row(self) -> QHBoxLayout:
        self.folder_button = QPushButton("Show in folder")
        self.folder_button.setToolTip("Open the folder that holds the exported file")
        self.folder_button.clicked.connect(self._show_folder)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Choose a file and write every match to it")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.choose_file_and_export)
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close this dialog (Esc); a running export is cancelled")
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.folder_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(self.close_button)
        return row

    # Exporting

    @property
    def format(self) -> ExportFormat:
        return FORMATS[max(self.format_buttons.checkedId(), 0)]

    def choose_file_and_export(self) -> None:
        """Ask for the file, with a name from the query and the format's suffix, then export."""
        fmt = self.format
        name = f"{file_stem(self.query)}.{fmt.suffix}"
        path = choose_save_path(self, self.settings, "Export search results", name, fmt.files)
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write every match to `path` in the chosen format, off the GUI thread."""
        if self.task is not None or not self.total:
            return
        fmt = self.format
        self.settings.setValue(FORMAT_KEY, fmt.name)
        task = ExportTask(self.library, self.query, fmt.name, path)
        task.signals.progress.connect(self._progress)
        self.task = task
        self.written = None
        self._show_progress(0, self.total)
        self.message.setText(f"Exporting to {os.fsdecode(path)}…")
        self._set_running(True)
        self.runner.start(
            task,
            lambda report: self._finished(task, report),
            lambda error: self._failed(task, error),
        )

    def cancel(self) -> None:
        """Stop the running export; the core leaves no file behind."""
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("Cancelling…")

    def reject(self) -> None:
        """Esc or Close: a running export stops with the dialog."""
        self.cancel()
        super().reject()

    def _progress(self, done: int, total: int, _current: str) -> None:
        if self.task is not None and self.cancel_button.isEnabled():
            self._show_progress(done, total)

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.progress.setFormat(f"{done:,} of {count_of(total, 'article')}")

    def _finished(self, task: ExportTask, report: ExportReport) -> None:
        if task is not self.task:
            return
        self.written = None if report.cancelled else report.path
        self._set_running(False)
        if report.cancelled:
            self.message.setText("The export was cancelled; no file was written.")
            return
        self._show_progress(report.records, report.records)
        where = os.fsdecode(report.path) if report.path else "the output"
        self.message.setText(f"Exported {count_of(report.records, 'article')} to {where}.")
        self.folder_button.setVisible(report.path is not None)
        self.exported.emit(report)

    def _failed(self, task: ExportTask, error: BaseException) -> None:
        if task is not self.task:
            return
        self._set_running(False)
        if isinstance(error, UserInputError | IndexUnavailable):
            self.message.setText(sentence(str(error) or type(error).__name__))
            return
        # A bare message ("'title'.") would mean nothing to the user: say what it is and where
        # to look; the core leaves no file behind a failed export.
        log.error("export failed", exc_info=(type(error), error, error.__traceback__))
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        self.message.setText(
            f"The export failed on an unexpected error ({detail}); no file was written. "
            "The details are in the log."
        )

    def _set_running(self, running: bool) -> None:
        if not running:
            self.task = None
        self.progress.setVisible(running or self.written is not None)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(not running and self.total > 0)
        for button in self.format_buttons.buttons():
            button.setEnabled(not running)
        if running:
            self.folder_button.hide()

    def _show_idle(self) -> None:
        self._set_running(False)
        self.folder_button.hide()
        if not self.total:
            self.export_button.setToolTip("Nothing to export: the search matches no articles")
            self.message.setText("Change the query or clear the filters to find articles first.")

    def _show_folder(self) -> None:
        if self.written is not None:
            self.showFolderRequested.emit(self.written)


def _plain_label(text: str) -> QLabel:
    """A label that shows `text` as written (a query may hold '<'), wrapped and selectable."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
