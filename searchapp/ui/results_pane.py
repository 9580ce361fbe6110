"""Showing a search's answer: the hits as a list with snippets or as a table to scan, or in
their place a message that says why there are none, and above them a notice of what the search
did with the query."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.types import Hit, SearchQuery, SearchResult
from searchapp.ui.results import COLUMN_SORTS, HIT_ROLE, ResultDelegate, ResultsModel

VIEWS = ("list", "table")


class ResultsPane(QWidget):
    """The hits of the latest search, as a list or a table that loads more as it scrolls."""

    hitSelected = Signal(object)  # the Hit that became current
    hitActivated = Signal()  # Enter or a double click on a hit: read it
    linkActivated = Signal(str)  # a link in the message: suggest:WORD, clear:filters, rebuild:index
    menuRequested = Signal(object, QPoint)  # a right click on a hit: the Hit, where (global)
    copyRequested = Signal(object)  # Ctrl+C on the list: the current Hit's citation
    sortRequested = Signal(str)  # a click on a table column: the engine's sort for it
    viewChanged = Signal(str)  # "list" or "table"

    def __init__(self, fetch_page: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ResultsModel(fetch_page)
        self.list = QListView()
        self.list.setObjectName("results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ResultDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName("Results")
        self.table = ResultsTable(self.model)
        self.table.horizontalHeader().sectionClicked.connect(self._column_clicked)
        self.views: dict[str, QAbstractItemView] = {"list": self.list, "table": self.table}
        for view in self.views.values():
            self._connect_view(view)
        self.sort = "relevance"

        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.linkActivated.connect(self.linkActivated)
        self.stack = QStackedWidget()
        for widget in (self.list, self.table, self.empty):
            self.stack.addWidget(widget)

        self.view_buttons = QButtonGroup(self)
        switch = QHBoxLayout()
        switch.setContentsMargins(0, 0, 0, 0)
        switch.setSpacing(0)
        switch.addStretch(1)
        for name, label, tip in (
            ("list", "List", "Show each result with its snippet (Ctrl+1)"),
            ("table", "Table", "Show results as a table to scan and sort by column (Ctrl+2)"),
        ):
            button = QToolButton()
            button.setObjectName("viewButton")
            button.setText(label)
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setAccessibleName(f"{label} view")
            button.clicked.connect(lambda _checked=False, n=name: self.set_view(n))
            self.view_buttons.addButton(button)
            switch.addWidget(button)
            QShortcut(
                QKeySequence(f"Ctrl+{VIEWS.index(name) + 1}"),
                self,
                activated=lambda n=name: self.set_view(n),
            )
        self.view_buttons.buttons()[0].setChecked(True)
        self.view = "list"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(switch)
        layout.addWidget(self.stack, 1)

    def _connect_view(self, view: QAbstractItemView) -> None:
        view.selectionModel().currentChanged.connect(
            lambda current, _previous: self._current_changed(current)
        )
        view.activated.connect(lambda _index: self.hitActivated.emit())
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(
            lambda position, v=view: self._menu_requested(v, position)
        )
        copy = QShortcut(QKeySequence.StandardKey.Copy, view)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self._copy_requested)

    @property
    def current_view(self) -> QAbstractItemView:
        return self.views[self.view]

    def currentWidget(self) -> QWidget:  # noqa: N802 - as QStackedWidget names it
        """What is on show: the list, the table, or the message."""
        return self.stack.currentWidget()

    def set_view(self, name: str) -> None:
        """Show the hits as a "list" or a "table", the same hit current in either."""
        if name not in VIEWS or name == self.view:
            return
        row = self.current_view.currentIndex().row()
        self.view = name
        self.view_buttons.buttons()[VIEWS.index(name)].setChecked(True)
        if self.stack.currentWidget() is not self.empty:
            self.stack.setCurrentWidget(self.current_view)
        if row >= 0:
            self._select(row)
        self.viewChanged.emit(name)

    def show_result(
        self, result: SearchResult, query: SearchQuery, keep: str | None, stay: bool = False
    ) -> None:
        """Show the hits from the top, the article `keep` still selected if it is among them,
        else the first (so the preview follows the results), or with `stay` none (so the
        preview keeps `keep`); with no hits, say so and offer what might help."""
        self.sort = query.sort
        self._show_sort()
        self.model.reset(result.hits, result.total)
        if not result.total:
            self.show_message(_no_results_message(result, query))
            return
        self.stack.setCurrentWidget(self.current_view)
        self.current_view.scrollToTop()
        if keep is not None and self.select_article(keep):
            return
        if stay:
            # The same search again (a mark changed, the index grew) while the article read
            # came from elsewhere (a concordance line): it stays in the preview.
            self.current_view.setCurrentIndex(QModelIndex())
        else:
            self._select(0)

    def select_article(self, article: str) -> bool:
        """Make `article` the current hit if it is on show; whether it is."""
        rows = [row for row, hit in enumerate(self.model.hits) if hit.id == article]
        if rows:
            self._select(rows[0])
        return bool(rows)

    def show_message(self, message: str) -> None:
        """Show `message` (rich text: escape what comes from outside) in place of the hits."""
        self.empty.setText(message)
        self.stack.setCurrentWidget(self.empty)

    def show_failure(self, message: str) -> None:
        """Empty the list and say why the search failed."""
        self.model.reset([], 0)
        self.show_message(message)

    def move_selection(self, step: int) -> bool:
        """Move the current hit by `step` rows, stopping at either end; none current: the
        first. Whether it moved."""
        rows = self.model.rowCount()
        if not rows:
            return False
        current = self.current_view.currentIndex().row()
        row = 0 if current < 0 else min(max(current + step, 0), rows - 1)
        if row == current:
            return False
        self._select(row)
        return True

    def current_hit(self) -> Hit | None:
        index = self.current_view.currentIndex()
        return index.data(HIT_ROLE) if index.isValid() else None

    def focus(self) -> None:
        self.current_view.setFocus()

    def _select(self, row: int) -> None:
        view = self.current_view
        index = self.model.index(row, max(0, view.currentIndex().column()))
        view.setCurrentIndex(index)
        view.scrollTo(index)

    def _show_sort(self) -> None:
        """The table's sort indicator on the column the engine sorted by; none for relevance."""
        header = self.table.horizontalHeader()
        column = {"newest": 2, "oldest": 2, **{s: c for c, s in enumerate(COLUMN_SORTS)}}
        if self.sort in column:
            descending = self.sort == "newest"
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column[self.sort], order)
            header.setSortIndicatorShown(True)
        else:
            header.setSortIndicatorShown(False)

    def _column_clicked(self, column: int) -> None:
        sort = COLUMN_SORTS[column]
        if sort == "newest" and self.sort == "newest":
            sort = "oldest"
        self._show_sort()  # the header moved its indicator itself: the engine's order decides
        if sort != self.sort:
            self.sortRequested.emit(sort)

    def _menu_requested(self, view: QAbstractItemView, position: QPoint) -> None:
        index = view.indexAt(position)
        if index.isValid():
            view.setCurrentIndex(index)  # the menu acts on the hit under the pointer
            self.menuRequested.emit(index.data(HIT_ROLE), view.viewport().mapToGlobal(position))

    def _copy_requested(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.copyRequested.emit(hit)

    def _current_changed(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is not None:
            self.hitSelected.emit(hit)


class ResultsTable(QTableView):
    """A table of the hits, one row each, that always fits its width: the date keeps its
    width, and the title, source and file share the rest (half, a quarter, a quarter), so no
    column runs off the right edge; long texts end in an ellipsis."""

    SHARES = {0: 0.5, 1: 0.25, 3: 0.25}
    NARROW = 48  # letters: a table narrower than this leaves the file column out

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsTable")
        self.setModel(model)
        self.setAccessibleName("Results table")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(20)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        date = metrics.horizontalAdvance("2024-12-07?") + 24  # room for the sort arrow
        header.resizeSection(2, date)
        width = self.viewport().width()
        narrow = width < self.NARROW * metrics.averageCharWidth()
        self.setColumnHidden(3, narrow)  # the file is in the row's tooltip and the preview
        shares = {c: share for c, share in self.SHARES.items() if not (narrow and c == 3)}
        rest = max(0, width - date)
        whole = sum(shares.values())
        widths = {column: int(rest * share / whole) for column, share in shares.items()}
        widths[0] += rest - sum(widths.values())  # what rounding left over
        for column, size in widths.items():
            header.resizeSection(column, size)


def _suggestion_link(suggestion: str) -> str:
    """The "Did you mean …?" line, with the corrected query as a link that runs it."""
    escaped = html.escape(suggestion)
    return f'Did you mean <a href="suggest:{escaped}">{escaped}</a>?'


def _no_results_message(result: SearchResult, query: SearchQuery) -> str:
    text = html.escape(query.text.strip())
    message = f"No results for “{text}”." if text else "No articles match these filters."
    if result.suggestion:
        message += "<br><br>" + _suggestion_link(result.suggestion)
    if query.sources or query.since or query.until:
        message += '<br><br><a href="clear:filters">Clear the filters</a>'
    return message


class ResultNotice(QLabel):
    """What the search did with the query: the spelling variants it also matched, and a
    suggestion for a word it may have misread; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.hide()

    def show_for(self, result: SearchResult) -> None:
        parts = []
        for word, others in result.variants_used.items():
            parts.append(f"{html.escape(word)} also matched: {html.escape(', '.join(others))}")
        if result.suggestion and result.total:
            parts.append(_suggestion_link(result.suggestion))
        self.setText("  ·  ".join(parts))
        self.setVisible(bool(parts))
