"""Showing a search's answer: the list of hits, or in its place a message that says why there
are none, and above them a notice of what the search did with the query."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListView, QStackedWidget, QWidget

from searchapp.core.types import Hit, SearchQuery, SearchResult
from searchapp.ui.results import HIT_ROLE, ResultDelegate, ResultsModel


class ResultsPane(QStackedWidget):
    """The hits of the latest search as a list that loads more pages as it scrolls."""

    hitSelected = Signal(object)  # the Hit that became current
    hitActivated = Signal()  # Enter or a double click on a hit: read it
    linkActivated = Signal(str)  # a link in the message: suggest:WORD, clear:filters, rebuild:index
    menuRequested = Signal(object, QPoint)  # a right click on a hit: the Hit, where (global)
    copyRequested = Signal(object)  # Ctrl+C on the list: the current Hit's citation

    def __init__(self, fetch_page: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ResultsModel(fetch_page)
        self.list = QListView()
        self.list.setObjectName("results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ResultDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setAccessibleName("Results")
        self.list.selectionModel().currentChanged.connect(
            lambda current, _previous: self._current_changed(current)
        )
        self.list.activated.connect(lambda _index: self.hitActivated.emit())
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu_requested)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.list)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self._copy_requested)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.linkActivated.connect(self.linkActivated)
        self.addWidget(self.list)
        self.addWidget(self.empty)

    def show_result(self, result: SearchResult, query: SearchQuery, keep: str | None) -> None:
        """Show the hits from the top, the article `keep` still selected if it is among them,
        else the first (so the preview follows the results); with none, say so and offer what
        might help."""
        self.model.reset(result.hits, result.total)
        if not result.total:
            self.show_message(_no_results_message(result, query))
            return
        self.setCurrentWidget(self.list)
        self.list.scrollToTop()
        rows = [row for row, hit in enumerate(result.hits) if hit.id == keep]
        self.list.setCurrentIndex(self.model.index(rows[0] if rows else 0))

    def show_message(self, message: str) -> None:
        """Show `message` (rich text: escape what comes from outside) in place of the list."""
        self.empty.setText(message)
        self.setCurrentWidget(self.empty)

    def show_failure(self, message: str) -> None:
        """Empty the list and say why the search failed."""
        self.model.reset([], 0)
        self.show_message(message)

    def move_selection(self, step: int) -> None:
        """Move the current hit by `step` rows, stopping at either end; none current: the first."""
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.list.currentIndex().row()
        row = 0 if current < 0 else min(max(current + step, 0), rows - 1)
        self.list.setCurrentIndex(self.model.index(row))
        self.list.scrollTo(self.model.index(row))

    def current_hit(self) -> Hit | None:
        index = self.list.currentIndex()
        return index.data(HIT_ROLE) if index.isValid() else None

    def _menu_requested(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        if index.isValid():
            self.list.setCurrentIndex(index)  # the menu acts on the hit under the pointer
            self.menuRequested.emit(
                index.data(HIT_ROLE), self.list.viewport().mapToGlobal(position)
            )

    def _copy_requested(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.copyRequested.emit(hit)

    def _current_changed(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is not None:
            self.hitSelected.emit(hit)


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
