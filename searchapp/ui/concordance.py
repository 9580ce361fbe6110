"""Keyword in context: the window that shows each place the words of a search occur in its
articles, one line with the words around it, sortable by the words next to the match.

The lines come from one load at a time (concordance_load): the first screen as soon as it is
read, the rest in chunks. A new search, a new width or closing the window stops it, and whatever
it still sends is dropped. The lines and their sort keys are in concordance_model, the
table that draws them in concordance_table.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.errors import IndexUnavailable, UserInputError
from searchapp.core.library import Library
from searchapp.core.types import SearchQuery
from searchapp.ui.concordance_load import ConcordanceLoad, LoadEnd
from searchapp.ui.concordance_model import (
    DATE,
    LEFT,
    MATCH,
    RIGHT,
    SEARCH_ORDER,
    SOURCE,
    ConcordanceModel,
)
from searchapp.ui.concordance_table import ConcordanceTable
from searchapp.ui.export_dialog import choose_save_path, count_of, file_stem, search_in_words
from searchapp.ui.text import sentence
from searchapp.ui.workers import Task, TaskRunner

WIDTH_KEY = "concordance/width"
WIDTH_RANGE = (20, 200)  # letters of context each side
DEFAULT_WIDTH = 40
SORT_NOTES = {
    LEFT: "Sorted by the words left of the match, the nearest first",
    MATCH: "Sorted by the matched word",
    RIGHT: "Sorted by the words right of the match",
    SOURCE: "Sorted by source",
    DATE: "Sorted by date",
}
NO_WORDS = (
    "The concordance shows each place where the words of a search occur, with the words "
    "around them. It needs words to look for: type some in the search field."
)


class ConcordanceWindow(QWidget):
    """The concordance of the window's search: a sortable table of lines in context, with its
    counts, a Stop while it loads, the context width, and CSV export."""

    lineChosen = Signal(object, object)  # a ConcordanceLine to read, the SearchQuery it is of
    loaded = Signal(object)  # the LoadEnd of the latest load
    csvExported = Signal(object, int)  # the Path written and how many lines
    failed = Signal(object)  # an error the window cannot explain in a sentence

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Concordance")
        self.library = library
        self.runner = runner
        self.settings = settings
        self.query = SearchQuery()
        self.load: ConcordanceLoad | None = None
        self.writing: Task | None = None  # the CSV export under way
        self.end: LoadEnd | None = None  # how the last load ended; None while one runs
        self.articles = 0
        self.stale = True  # nothing loaded for the query: show_query loads it

        self.summary = QLabel()
        self.summary.setObjectName("facetHeading")  # app.qss: a heading's weight
        self.summary.setAccessibleName("Lines and articles")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop loading; the lines loaded so far stay")
        self.stop_button.setAccessibleName("Stop loading lines")
        self.stop_button.clicked.connect(self.stop)
        self.words = QLabel()
        self.words.setObjectName("previewDetails")  # app.qss: dimmed, as under a title
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setWordWrap(True)
        self.words.setAccessibleName("The search")

        self.model = ConcordanceModel(self)
        self.table = ConcordanceTable(self.model)
        self.table.horizontalHeader().sortIndicatorChanged.connect(
            lambda _column, _order: self._update_notes()
        )
        self.table.activated.connect(self._activated)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")  # app.qss: as the results' empty state
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.sort_note = QLabel()
        self.sort_note.setObjectName("previewDetails")
        self.sort_note.setWordWrap(True)
        self.sort_note.setAccessibleName("Order of the lines")
        self.width_box = QSpinBox()
        self.width_box.setRange(*WIDTH_RANGE)
        self.width_box.setSingleStep(10)
        self.width_box.setSuffix(" letters each side")
        self.width_box.setKeyboardTracking(False)  # typing "120" loads once, not at "1", "12"
        self.width_box.setValue(_stored_width(settings.value(WIDTH_KEY)))
        self.width_box.setToolTip("How much text to show on each side of the match")
        self.width_box.setAccessibleName("Context width")
        self.width_box.valueChanged.connect(self._width_changed)
        context = QLabel("&Context:")
        context.setBuddy(self.width_box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Outcome of the export or the load")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Write the lines loaded, in the order shown, to a CSV file")
        self.export_button.clicked.connect(self.export_csv)
        close = QPushButton("Close")
        close.setToolTip("Close the concordance (Esc)")
        close.clicked.connect(self.close)
        QShortcut(QKeySequence("Esc"), self, activated=self.close)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.stop_button)
        bottom = QHBoxLayout()
        bottom.addWidget(context)
        bottom.addWidget(self.width_box)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.words)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.sort_note)
        layout.addLayout(bottom)
        self.resize(1000, 620)
        self._update_controls()

    # Loading

    def show_query(self, query: SearchQuery) -> None:
        """Show the concordance of `query` (its page aside), loading it if it is new."""
        query = dataclasses.replace(query, limit=0, offset=0)
        if query != self.query or self.stale:
            self.query = query
            self.reload()

    def reload(self) -> None:
        """Load the lines of the query again from the first, dropping a load under way."""
        self._drop_load()
        self.model.clear()
        self.stale, self.end, self.articles = False, None, 0
        self.message.clear()
        self.words.setText(
            " · ".join(f"{what}: {value}" for what, value in search_in_words(self.query))
        )
        text = self.query.text.strip()
        self.setWindowTitle(f"Concordance: {text}" if text else "Concordance")
        if not text:
            self._show_empty(NO_WORDS)
            self.summary.setText("No words to look for")
            self._update_controls()
            return
        load = ConcordanceLoad(self.library, self.query, self.width_box.value())
        load.signals.rowsRead.connect(self._rows_read)
        self.load = load
        self.stack.setCurrentWidget(self.table)
        self.runner.start(
            load,
            lambda end: self._load_ended(load, end),
            lambda error: self._load_failed(load, error),
        )
        self._update_controls()

    def stop(self) -> None:
        """Stop loading; the lines loaded so far stay, to read, sort and export."""
        if self.load is not None:
            self.load.stop()
            self.stop_button.setEnabled(False)

    def _drop_load(self) -> None:
        """Stop the load under way and ignore what it still sends."""
        if self.load is not None:
            self.load.stop()
            self.load = None

    def _rows_read(self, load: ConcordanceLoad, articles: int, rows: list) -> None:
        if load is not self.load:
            return
        first = not self.model.rows
        self.articles = articles
        self.model.append(rows)
        if first and rows:
            self.table.fit_columns(rows)
        self._update_controls()

    def _load_ended(self, load: ConcordanceLoad, end: LoadEnd) -> None:
        if load is not self.load:
            return
        self.load, self.end = None, end
        if not self.model.rows:
            self._show_empty("No articles match this search.")
        self._update_controls()
        self.loaded.emit(end)

    def _load_failed(self, load: ConcordanceLoad, error: BaseException) -> None:
        if load is not self.load:
            return
        self.load, self.end = None, LoadEnd(self.model.rowCount(), False, failed=True)
        expected = isinstance(error, UserInputError | IndexUnavailable)
        reason = sentence(str(error)) if expected else "The concordance could not be read."
        if self.model.rows:  # the lines read before the error stay, to read and export
            self.message.setText(reason)
        else:
            self._show_empty(reason)
        if not expected:
            self.failed.emit(error)
        self._update_controls()
        self.loaded.emit(self.end)

    def _width_changed(self, width: int) -> None:
        self.settings.setValue(WIDTH_KEY, width)
        if self.isVisible():
            self.reload()

    # Showing

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)

    def _update_controls(self) -> None:
        self.stop_button.setVisible(self.load is not None)
        self.stop_button.setEnabled(self.load is not None and not self.load.stop_event.is_set())
        self.export_button.setEnabled(self.writing is None and bool(self.model.rows))
        self._update_notes()

    def _update_notes(self) -> None:
        self.summary.setText(self._summary_text())
        column = self.model.sort_column
        if not self.model.rows:
            self.sort_note.clear()
        elif column == SEARCH_ORDER:
            self.sort_note.setText(
                "Lines in the search's order. Click a column's title to sort by it; "
                "double-click a line to read it at that place."
            )
        elif self.load is not None:
            self.sort_note.setText(
                f"{SORT_NOTES[column]}: the lines loaded so far, and the rest as they arrive."
            )
        elif self.end is not None and not self.end.complete:
            lines = count_of(self.model.rowCount(), "line")
            self.sort_note.setText(f"{SORT_NOTES[column]}: only the {lines} loaded.")
        else:
            self.sort_note.setText(f"{SORT_NOTES[column]}.")

    def _summary_text(self) -> str:
        lines = count_of(self.model.rowCount(), "line")
        matching = count_of(self.articles, "matching article")
        if not self.query.text.strip():
            return "No words to look for"
        if self.load is not None:
            return f"Loading… {lines} so far, in {matching}" if self.model.rows else "Loading…"
        if self.end is None:
            return ""
        if self.end.failed:
            if not self.model.rows:
                return "The lines could not be read"
            return f"Stopped by an error after {lines}, in {matching}"
        if self.end.complete:
            return f"{lines} in {count_of(self.articles, 'article')}"
        if self.end.limited:
            return f"The first {lines}, in {matching}: narrow the search to see the rest"
        return f"Stopped after {lines}, in {matching}"

    # Acting on lines

    def _activated(self, index: QModelIndex) -> None:
        """Enter or a double click: read the line's article at its place."""
        if index.isValid():
            self.lineChosen.emit(self.model.rows[index.row()].line, self.query)

    def export_csv(self) -> None:
        """Write the lines loaded, in the order shown, to a CSV file the user chooses."""
        if not self.model.rows or self.writing is not None:
            return
        name = f"concordance-{file_stem(self.query)}.csv"
        path = choose_save_path(
            self, self.settings, "Export concordance", name, "CSV files (*.csv)"
        )
        # Lines go on arriving while the file dialog is open: the file holds those loaded by
        # now, in the order shown now, so that it and the message agree.
        lines = [row.line for row in self.model.rows]
        if path is None or not lines:
            return
        partial = self.load is not None or (self.end is not None and not self.end.complete)
        self.writing = Task(self.library.export_concordance, lines, path)
        self.message.setText(f"Writing {count_of(len(lines), 'line')}…")
        self._update_controls()
        self.runner.start(
            self.writing,
            lambda count: self._csv_written(path, count, partial),
            self._csv_failed,
        )

    def _csv_written(self, path: Path, count: int, partial: bool) -> None:
        self.writing = None
        loaded = " (the lines loaded so far)" if partial else ""
        self.message.setText(f"Wrote {count_of(count, 'line')}{loaded} to {path}.")
        self._update_controls()
        self.csvExported.emit(path, count)

    def _csv_failed(self, error: BaseException) -> None:
        self.writing = None
        self._update_controls()
        if isinstance(error, UserInputError):
            self.message.setText(sentence(str(error)))
        else:
            self.message.setText("The lines could not be written.")
            self.failed.emit(error)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing stops the load and lets the lines go; opening again loads afresh."""
        self._drop_load()
        self.model.clear()
        self.stale, self.end = True, None
        self._update_controls()
        super().closeEvent(event)


def _stored_width(value: object) -> int:
    """The remembered context width, within WIDTH_RANGE; the default if none or unreadable."""
    try:
        width = int(str(value))
    except ValueError:
        return DEFAULT_WIDTH
    return min(max(width, WIDTH_RANGE[0]), WIDTH_RANGE[1])
