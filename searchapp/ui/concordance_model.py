"""The concordance's lines as a table: one row per place the search's words occur, with the
words around it, in the search's order or sorted by the words next to the match.

Each row carries its sort keys, made on the thread that reads it (concordance_load), so that a
sort in the window only compares strings; lines read later are merged in among the sorted ones.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from searchapp.core.types import ConcordanceLine
from searchapp.ui.text import tooltip

COLUMNS = ("Left context", "Match", "Right context", "Source", "Date")
LEFT, MATCH, RIGHT, SOURCE, DATE = range(len(COLUMNS))
SEARCH_ORDER = -1  # the "column" of the lines' own order: the search's, article by article
WORD = re.compile(r"\w+")


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
