"""The search bar: the query field with its history, the sort order and the variants switch.

The keyboard stays in the field while the user reads the results: the arrow and page keys
move through the list from there, and Esc clears the query. The field remembers the queries the
user settled on (Enter, a pause in typing, moving on to the results) and offers them back as
completions, in a drop-down (Alt+Down) and through `recall` (the window's Up key).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QSettings, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QStyle,
    QToolButton,
    QWidget,
)

from searchapp.core.types import SORTS

SORT_LABELS = {
    "relevance": "Relevance",
    "newest": "Newest first",
    "oldest": "Oldest first",
    "title": "Title A–Z",
    "source": "Source A–Z",
    "file": "File name",
}
STEPS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}
HISTORY_KEY = "search/history"
HISTORY_LIMIT = 100
HISTORY_PAUSE_MS = 2_000  # typing paused this long: the user is reading these results
MENU_ENTRIES = 20  # the drop-down's share of the history; completion reaches the rest
MENU_TEXT_PX = 420  # longer queries are elided in the drop-down


class QueryHistory:
    """The queries a user settled on, newest first: stripped, never blank, never twice, at most
    HISTORY_LIMIT.

    A query kept only because typing paused is provisional: the next query that extends or
    shortens it takes its place, so a pause on "Hom" leaves no trace once "Homs" follows.
    """

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self.entries: list[str] = []
        self._provisional: str | None = None
        for entry in reversed(list(entries)):
            self.record(entry)

    def record(self, text: str, *, provisional: bool = False) -> bool:
        """Put `text` first; whether the entries changed."""
        text = text.strip()
        if not text:
            return False
        before = list(self.entries)
        replaced = self._provisional
        if replaced and replaced != text and _one_extends_other(replaced, text):
            self.entries.remove(replaced)
        new = text not in self.entries
        if not new:
            self.entries.remove(text)
        self.entries.insert(0, text)
        del self.entries[HISTORY_LIMIT:]
        # Only a query new to the history is provisional: replacing it must not lose an old one.
        self._provisional = text if provisional and new else None
        return self.entries != before

    def clear(self) -> None:
        self.entries.clear()
        self._provisional = None

    def merge(self, entries: Iterable[str]) -> int:
        """Add `entries` (another history, newest first) after the queries kept here, as older
        ones; returns how many were new. Within HISTORY_LIMIT, the newest kept."""
        before = len(self.entries)
        for entry in entries:
            text = entry.strip() if isinstance(entry, str) else ""
            if text and text not in self.entries:
                self.entries.append(text)
        del self.entries[HISTORY_LIMIT:]
        return len(self.entries) - before


def _one_extends_other(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a.startswith(b) or b.startswith(a)


def stored_history(value: object) -> list[str]:
    """The history as QSettings gives it back: IniFormat reads one entry as a plain string and
    none as None; anything that is not text is dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [entry for entry in value if isinstance(entry, str)]
    return []


class SearchBar(QWidget):
    """What to search for and in which order; the filters live in the FilterPanel."""

    queryTyped = Signal()  # a keystroke in the field: search once typing pauses
    queryChanged = Signal()  # Esc, sort, variants, a query from the history: search at once
    queryEntered = Signal()  # Enter in the field: search if need be, then read
    stepRequested = Signal(int)  # rows to move the results' selection by

    def __init__(
        self,
        help_action: QAction,
        parent: QWidget | None = None,
        *,
        history_pause_ms: int = HISTORY_PAUSE_MS,
    ) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(
            'Search articles — e.g. Homs rebels, "exact phrase", source:Reuters'
        )
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search")
        self.field.setToolTip(
            "Type to search (Ctrl+L). Enter reads the selected hit, Esc clears, Alt+Down lists "
            "recent searches, F1 explains syntax."
        )
        self.field.textEdited.connect(self._edited)
        self.field.returnPressed.connect(self._entered)
        self.field.installEventFilter(self)
        self._build_history(history_pause_ms)

        self.sort_box = QComboBox()
        for value, label in SORT_LABELS.items():
            self.sort_box.addItem(label, value)
        self.sort_box.setToolTip("Order of the results")
        self.sort_box.setAccessibleName("Sort order")
        self.sort_box.currentIndexChanged.connect(lambda _i: self.queryChanged.emit())

        self.variants_box = QCheckBox("Match spelling variants")
        self.variants_box.setToolTip("Also find other spellings of names (Jolani, Jawlani, Golani)")
        self.variants_box.setAccessibleName("Match spelling variants")
        self.variants_box.toggled.connect(lambda _on: self.queryChanged.emit())

        help_button = QToolButton()
        help_button.setDefaultAction(help_action)
        help_button.setText("?")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.sort_box)
        layout.addWidget(self.variants_box)
        layout.addWidget(help_button)

    def text(self) -> str:
        return self.field.text()

    def sort(self) -> str:
        return self.sort_box.currentData()

    def show_query(self, text: str, sort: str, variants: bool) -> None:
        """Put a query, its order and its variants switch on show, without searching."""
        for box in (self.sort_box, self.variants_box):
            box.blockSignals(True)
        self.sort_box.setCurrentIndex(max(0, self.sort_box.findData(sort)))
        self.variants_box.setChecked(variants)
        for box in (self.sort_box, self.variants_box):
            box.blockSignals(False)
        self.field.setText(text)

    def set_sort(self, sort: str) -> None:
        """Order the results by `sort` (one of SORT_LABELS), searching again if it changed."""
        index = self.sort_box.findData(sort)
        if index >= 0:
            self.sort_box.setCurrentIndex(index)

    def variants(self) -> bool:
        return self.variants_box.isChecked()

    def focus(self) -> None:
        """Put the cursor in the field with the query selected, so typing replaces it."""
        self.field.setFocus()
        self.field.selectAll()

    def restore(self, settings: QSettings) -> None:
        """Take up the last session's query, sort, variants and history, without searching;
        from now on each change to the history is written to `settings` at once."""
        self.history = QueryHistory(stored_history(settings.value(HISTORY_KEY)))
        self._history_settings = settings
        self._history_changed()
        self.show_query(
            str(settings.value("search/query", "")),
            str(settings.value("search/sort", SORTS[0])),
            settings.value("search/variants", "false") in (True, "true"),
        )

    def save(self, settings: QSettings) -> None:
        settings.setValue("search/sort", self.sort())
        settings.setValue("search/variants", "true" if self.variants() else "false")
        settings.setValue("search/query", self.text())
        self._store_history(settings)

    # History

    def _build_history(self, pause_ms: int) -> None:
        self.history = QueryHistory()
        self._history_settings: QSettings | None = None
        self._recalled: int | None = None  # the entry recall() shows; None: the user's text
        self._typed = ""  # the user's text before recall() began

        self.pause_timer = QTimer(self)
        self.pause_timer.setSingleShot(True)
        self.pause_timer.setInterval(pause_ms)
        self.pause_timer.timeout.connect(self._paused)

        self.completer = QCompleter(QStringListModel(self), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self._search_from_history)
        self.field.setCompleter(self.completer)

        self.history_menu = QMenu(self)
        self.history_menu.setAccessibleName("Recent searches")
        self.history_action = self.field.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        self.history_action.setText("Recent searches")
        self.history_action.setToolTip("Recent searches (Alt+Down)")
        self.history_action.triggered.connect(self.show_history_menu)

    @property
    def browsing_history(self) -> bool:
        """Whether the field shows a query put there by recall(), not yet edited."""
        return self._recalled is not None

    def remember(self) -> None:
        """Keep the query in the field: the user has moved on to read its results."""
        self._record(self.field.text())

    def recall(self, step: int) -> bool:
        """Put the next older (step -1) or newer (+1) remembered query in the field; past the
        newest, the text typed before recalling. Whether the text changed (then queryChanged)."""
        entries, current = self.history.entries, self.field.text()
        position = (-1 if self._recalled is None else self._recalled) - step
        while 0 <= position < len(entries) and entries[position] == current.strip():
            position -= step
        if position >= len(entries) or (position < 0 and self._recalled is None):
            return False
        if self._recalled is None:
            self._typed = current
        text = entries[position] if position >= 0 else self._typed
        self._recalled = position if position >= 0 else None
        if text == current:
            return False
        self._show_query(text)
        return True

    def show_history_menu(self) -> None:
        """Drop down the recent queries below the field; choosing one searches it."""
        menu = self.history_menu
        menu.clear()
        metrics = menu.fontMetrics()
        for entry in self.history.entries[:MENU_ENTRIES]:
            label = metrics.elidedText(entry, Qt.TextElideMode.ElideRight, MENU_TEXT_PX)
            action = menu.addAction(label.replace("&", "&&"))
            action.triggered.connect(
                lambda _checked=False, text=entry: self._search_from_history(text)
            )
        if not self.history.entries:
            menu.addAction("No recent searches").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("Clear history", self.clear_history)
        clear.setEnabled(bool(self.history.entries))
        menu.setMinimumWidth(min(self.field.width(), MENU_TEXT_PX + 60))
        menu.popup(self.field.mapToGlobal(self.field.rect().bottomLeft()))

    def clear_history(self) -> None:
        """Forget every remembered query, here and in the settings."""
        self.history.clear()
        self._history_changed()

    def merge_history(self, entries: Iterable[str]) -> int:
        """Remember `entries` (imported, newest first) after this history; how many were new."""
        added = self.history.merge(entries)
        if added:
            self._history_changed()
        return added

    def _edited(self, _text: str) -> None:
        self._recalled = None
        self.pause_timer.start()
        self.queryTyped.emit()

    def _entered(self) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # Enter picks the completion: its `activated` searches it
        self.remember()
        self.queryEntered.emit()

    def _paused(self) -> None:
        self._record(self.field.text(), provisional=True)

    def _search_from_history(self, text: str) -> None:
        """A completion or drop-down entry chosen: search it at once."""
        self._show_query(text)
        self.remember()
        self.field.setFocus()

    def _show_query(self, text: str) -> None:
        self.pause_timer.stop()
        self.field.setText(text)
        self.queryChanged.emit()

    def _record(self, text: str, *, provisional: bool = False) -> None:
        self.pause_timer.stop()
        if self.history.record(text, provisional=provisional):
            self._recalled = None
            self._history_changed()

    def _history_changed(self) -> None:
        """Offer the new history as completions, and hand it to the settings at once (QSettings
        writes them out from the event loop), so a crash loses next to none."""
        self.completer.model().setStringList(self.history.entries)
        if self._history_settings is not None:
            self._store_history(self._history_settings)

    def _store_history(self, settings: QSettings) -> None:
        settings.setValue(HISTORY_KEY, list(self.history.entries))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self._recalled = None
                self._show_query("")
                return True
            if key == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self.show_history_menu()
                return True
            if key in STEPS:
                self.stepRequested.emit(STEPS[key])
                return True
        return super().eventFilter(watched, event)
