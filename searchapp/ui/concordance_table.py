"""The concordance's table on screen: the contexts elided on the side away from the match, the
match in bold, rows as tall as the text, and the narrow columns as wide as the first lines need.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from searchapp.ui.concordance_model import (
    DATE,
    LEFT,
    MATCH,
    RIGHT,
    SEARCH_ORDER,
    SOURCE,
    ConcordanceModel,
    ConcordanceRow,
)


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


class ConcordanceTable(QTableView):
    """The lines of a ConcordanceModel, one row each, one selected at a time; a click on a
    column's title sorts by it, again reverses, a third time goes back to the search's order."""

    def __init__(self, model: ConcordanceModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName("Concordance lines")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        elide = Qt.TextElideMode
        self.setItemDelegateForColumn(LEFT, ContextDelegate(elide.ElideLeft, False, self))
        self.setItemDelegateForColumn(MATCH, ContextDelegate(elide.ElideRight, True, self))
        self.setItemDelegateForColumn(RIGHT, ContextDelegate(elide.ElideRight, False, self))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(LEFT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RIGHT, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorClearable(True)  # a third click: back to the search's order
        header.setSortIndicator(SEARCH_ORDER, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.fit_rows()

    def fit_rows(self) -> None:
        """Rows as tall as the text in use."""
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

    def fit_columns(self, rows: list[ConcordanceRow]) -> None:
        """The match, source and date columns as wide as `rows` need, within reason; the
        contexts share the rest."""
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        letter = metrics.averageCharWidth()
        header = self.horizontalHeader()

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
            self.fit_rows()
