"""Keyword in context: each place the words of a search occur in its articles, one line with
the words around it, loaded in the background and sorted by the words next to the match.

One worker reads the lines: the first screen as soon as it has them, the rest in chunks. A new
search, a new width or closing the window stops it, and whatever it still sends is dropped.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.errors import IndexUnavailable, UserInputError
from searchapp.core.library import Library
from searchapp.core.types import ConcordanceLine, SearchQuery
from searchapp.ui.export_dialog import choose_save_path, count_of, file_stem, search_in_words
from searchapp.ui.text import sentence, tooltip
from searchapp.ui.workers import Task, TaskRunner, TaskSignals

log = logging.getLogger(__name__)

FIRST_SCREEN = 300  # lines sent as soon as they are read: the first screen, and some to scroll
CHUNK_LINES = 5_000  # later lines reach the window in chunks of at most this many
CHUNK_SECONDS = 0.25  # or of what was read in this long, whichever comes first
LINE_LIMIT = 100_000  # lines loaded at most: a very common word is narrowed, not read whole
WIDTH_KEY = "concordance/width"
WIDTH_RANGE = (20, 200)  # letters of context each side
DEFAULT_WIDTH = 40
COLUMNS = ("Left context", "Match", "Right context", "Source", "Date")
LEFT, MATCH, RIGHT, SOURCE, DATE = range(len(COLUMNS))
SEARCH_ORDER = -1  # the "column" of the lines' own order: the search's, article by article
SORT_NOTES = {
    LEFT: "Sorted by the words left of the match, the nearest first",
    MATCH: "Sorted by the matched word",
    RIGHT: "Sorted by the words right of the match",
    SOURCE: "Sorted by source",
    DATE: "Sorted by date",
}
WORD = re.compile(r"\w+")
NO_WORDS = (
    "The concordance shows each place where the words of a search occur, with the words "
    "around them. It needs words to look for: type some in the search field."
)


def folded(text: str) -> str:
    """`text` as the sort compares it: without case and accents ("État" sorts as "etat")."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed == text:  # curly quotes and dashes, no accents: the common case
        return text
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True, eq=False)
class ConcordanceRow:
    """A line with its sort key for each column, made by the worker so that a sort in the
    window only compares strings (eq=False: rows are told apart by identity, which list.index
    finds at C speed)."""

    line: ConcordanceLine
    left: str  # the words left of the match, the nearest first
    match: str
    right: str
    source: str
    date: str

    @classmethod
    def of(cls, line: ConcordanceLine) -> ConcordanceRow:
        # Words joined by spaces compare word by word: a space sorts before any letter.
        left = " ".join(reversed(WORD.findall(folded(line.left))))
        right = " ".join(WORD.findall(folded(line.right)))
        date = line.date.isoformat() if line.date else "~"  # undated after every date
        return cls(line, left, folded(line.match), right, folded(line.source), date)


SORT_KEYS = tuple(attrgetter(name) for name in ("left", "match", "right", "source", "date"))


@dataclass(frozen=True)
class LoadEnd:
    """How a load of lines ended."""

    lines: int
    complete: bool  # every line of the search was read
    limited: bool = False  # stopped at LINE_LIMIT


class ConcordanceModel(QAbstractTableModel):
    """The lines loaded so far, in the search's order or sorted by one column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loaded: list[ConcordanceRow] = []  # in the search's order
        self.rows = self.loaded  # in the order shown: the same list until sorted
        self.sort_column = SEARCH_ORDER
        self.descending = False

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:  # noqa: N802
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return "Click to sort by this column; click again to reverse"
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        line = self.rows[index.row()].line
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LEFT:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return line_tooltip(line)
        return None

    def clear(self) -> None:
        self.beginResetModel()
        self.loaded = []
        self.rows = self.loaded
        self.endResetModel()

    def append(self, rows: list[ConcordanceRow]) -> None:
        """Add lines read later; a sorted table sorts them in among the others."""
        if not rows:
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self.loaded.extend(rows)
        if self.rows is not self.loaded:
            self.rows.extend(rows)
        self.endInsertRows()
        if self.sort_column != SEARCH_ORDER:
            # The rows before are in order already and ties keep the search's order (a stable
            # sort, the new rows last), so this is a merge, not a sort from scratch.
            self._arrange(from_search_order=False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the loaded lines by `column` (SEARCH_ORDER: back to the search's order)."""
        self.sort_column = column if 0 <= column < len(COLUMNS) else SEARCH_ORDER
        self.descending = order == Qt.SortOrder.DescendingOrder
        self._arrange(from_search_order=True)

    def _arrange(self, from_search_order: bool) -> None:
        """Put the rows in the current order, the selection following its lines."""
        self.layoutAboutToBeChanged.emit()
        kept = [index for index in self.persistentIndexList() if index.isValid()]
        held = [self.rows[index.row()] for index in kept]
        if self.sort_column == SEARCH_ORDER:
            self.rows = self.loaded
        else:
            if from_search_order or self.rows is self.loaded:
                self.rows = list(self.loaded)  # a stable sort: equal keys in the search's order
            self.rows.sort(key=SORT_KEYS[self.sort_column], reverse=self.descending)
        if kept:
            places = {id(row): self.rows.index(row) for row in held}  # a row or two: selected
            moved = [
                self.index(places[id(row)], i.column()) for row, i in zip(held, kept, strict=True)
            ]
            self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()


def cell_text(line: ConcordanceLine, column: int) -> str:
    if column == LEFT:
        return line.left
    if column == MATCH:
        return line.match
    if column == RIGHT:
        return line.right
    if column == SOURCE:
        return line.source
    return line.date.isoformat() if line.date else "no date"


def line_tooltip(line: ConcordanceLine) -> str:
    date = line.date.isoformat() if line.date else "no date"
    if line.hit < 0:
        where = "It matches by its title or details, not its text; this is its opening."
    else:
        where = f"…{line.left} {line.match} {line.right}…"
    return tooltip(f"{line.title}\n{line.source} · {date}\n\n{where}\n\nDouble-click to read it")


class ContextDelegate(QStyledItemDelegate):
    """Draws a column elided on the side away from the match, the match itself in bold."""

    def __init__(self, elide: Qt.TextElideMode, bold: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.elide, self.bold = elide, bold

    def initStyleOption(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = self.elide
        if self.bold:
            option.font.setBold(True)


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
        self.table = self._make_table()
        self._fit_rows()
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
        self.message.setAccessibleName("Export outcome")
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

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName("Concordance lines")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        elide = Qt.TextElideMode
        table.setItemDelegateForColumn(LEFT, ContextDelegate(elide.ElideLeft, False, table))
        table.setItemDelegateForColumn(MATCH, ContextDelegate(elide.ElideRight, True, table))
        table.setItemDelegateForColumn(RIGHT, ContextDelegate(elide.ElideRight, False, table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(LEFT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RIGHT, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorClearable(True)  # a third click: back to the search's order
        header.setSortIndicator(SEARCH_ORDER, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(lambda _column, _order: self._update_notes())
        table.activated.connect(self._activated)
        return table

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
            self._fit_columns(rows)
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
        self.load, self.end = None, LoadEnd(self.model.rowCount(), False)
        if isinstance(error, UserInputError | IndexUnavailable):
            self._show_empty(sentence(str(error)))
        else:
            self._show_empty("The concordance could not be read.")
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
        self.export_button.setEnabled(bool(self.model.rows))
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
        if self.end.complete:
            return f"{lines} in {count_of(self.articles, 'article')}"
        if self.end.limited:
            return f"The first {lines}, in {matching}: narrow the search to see the rest"
        return f"Stopped after {lines}, in {matching}"

    def _fit_rows(self) -> None:
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)

    def _fit_columns(self, rows: list[ConcordanceRow]) -> None:
        """The match, source and date columns as wide as the first lines need, within reason;
        the contexts share the rest."""
        metrics = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        letter = metrics.averageCharWidth()
        header = self.table.horizontalHeader()

        def fit(column: int, widest: int, most: int) -> None:
            needed = max(widest + 3 * letter, header.sectionSizeHint(column))
            header.resizeSection(column, min(needed, most * letter))

        fit(MATCH, max(QFontMetrics(bold).horizontalAdvance(r.line.match) for r in rows), 18)
        fit(SOURCE, max(metrics.horizontalAdvance(r.line.source) for r in rows), 22)
        fit(DATE, metrics.horizontalAdvance("8888-88-88"), 14)

    def changeEvent(self, event: QEvent) -> None:
        """A new text size (View menu): rows as tall as the text."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()

    # Acting on lines

    def _activated(self, index: QModelIndex) -> None:
        """Enter or a double click: read the line's article at its place."""
        if index.isValid():
            self.lineChosen.emit(self.model.rows[index.row()].line, self.query)

    def export_csv(self) -> None:
        """Write the lines loaded, in the order shown, to a CSV file the user chooses."""
        lines = [row.line for row in self.model.rows]
        if not lines:
            return
        name = f"concordance-{file_stem(self.query)}.csv"
        path = choose_save_path(
            self, self.settings, "Export concordance", name, "CSV files (*.csv)"
        )
        if path is None:
            return
        partial = self.load is not None or (self.end is not None and not self.end.complete)
        self.export_button.setEnabled(False)
        self.message.setText(f"Writing {count_of(len(lines), 'line')}…")
        self.runner.start(
            Task(self.library.export_concordance, lines, path),
            lambda count: self._csv_written(path, count, partial),
            self._csv_failed,
        )

    def _csv_written(self, path: Path, count: int, partial: bool) -> None:
        loaded = " (the lines loaded so far)" if partial else ""
        self.message.setText(f"Wrote {count_of(count, 'line')}{loaded} to {path}.")
        self.export_button.setEnabled(bool(self.model.rows))
        self.csvExported.emit(path, count)

    def _csv_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(bool(self.model.rows))
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
