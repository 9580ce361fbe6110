"""Saved searches: the left panel that lists the searches the user named, to rerun, rename,
delete, export and import them.

Each one is kept in the window's QSettings as one JSON string in the array SAVED_KEY, written
the moment it changes; an entry that cannot be read is skipped, never fatal. The value is
saved_search's SavedSearch; the export file the panel writes and reads is search_files'.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.errors import UserInputError
from searchapp.core.types import SearchQuery
from searchapp.ui.saved_search import SavedSearch, by_name
from searchapp.ui.search_bar import SearchBar
from searchapp.ui.search_files import (
    FILE_FILTER,
    merge_searches,
    read_searches_file,
    write_searches_file,
)
from searchapp.ui.text import sentence, tooltip

log = logging.getLogger(__name__)

SAVED_KEY = "savedSearches"  # a QSettings array; each item holds one JSON object under "search"
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
VISIBLE_ROWS = 6  # the list grows to this many rows, then scrolls
NAME_CHARS = 40  # of the query text, for a name the user is offered
EMPTY_TEXT = "No saved searches yet: search, then Save search."


def load_saved_searches(settings: QSettings) -> list[SavedSearch]:
    """The saved searches in `settings`, by name; damaged entries are logged and skipped."""
    searches: dict[str, SavedSearch] = {}
    for index in range(settings.beginReadArray(SAVED_KEY)):
        settings.setArrayIndex(index)
        stored = settings.value("search")
        try:
            if not isinstance(stored, str):
                raise ValueError("not text")
            search = SavedSearch.from_json(stored)
        except ValueError as error:  # json.JSONDecodeError is one
            log.warning("skipping saved search %d: %s", index + 1, error)
            continue
        searches.setdefault(search.name.casefold(), search)
    settings.endArray()
    return sorted(searches.values(), key=by_name)


def store_saved_searches(settings: QSettings, searches: list[SavedSearch]) -> None:
    """Replace the saved searches in `settings` with `searches`, and write them to disk now."""
    settings.remove(SAVED_KEY)
    settings.beginWriteArray(SAVED_KEY, len(searches))
    for index, search in enumerate(searches):
        settings.setArrayIndex(index)
        settings.setValue("search", search.to_json())
    settings.endArray()
    settings.sync()


def suggested_name(query: SearchQuery) -> str:
    """A name to offer for `query`: its text, shortened; "All articles" for none."""
    text = " ".join(query.text.split())
    if not text:
        return "All articles"
    return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1].rstrip() + "…"


class CompactList(QListWidget):
    """A list as tall as its rows, up to VISIBLE_ROWS, then it scrolls: the panel below it in
    the column gets the rest. Measured when laid out, so a larger text size is followed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # No sideways scrolling in a narrow column: long names are elided instead.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:
        rows = min(self.count(), VISIBLE_ROWS)
        height = rows * self.sizeHintForRow(0) + 2 * self.frameWidth() if rows else 0
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class SavedSearchesPanel(QWidget):
    """The saved searches by name: one click (or Enter) reruns one; F2 renames, Delete deletes.

    Names are unique regardless of case. `add` and `rename` replace a search of the same name;
    the dialogs (`ask_and_save`, Rename…) ask before they do. The ⋯ button (and the list's
    context menu) exports them with the search field's history (`link_history`) to a file, and
    imports such a file.
    """

    searchChosen = Signal(object)  # the SavedSearch to run
    saveRequested = Signal()  # "Save search…": the window answers with ask_and_save(its query)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedSearchesPanel")
        self.settings = settings
        self._searches = load_saved_searches(settings)
        self.menu: QMenu | None = None  # the context menu last shown, kept alive while open
        self.history_bar: SearchBar | None = None  # whose history is exported and imported

        heading = QLabel("Saved searches")
        heading.setObjectName("facetHeading")
        self.save_button = QToolButton()
        self.save_button.setText("Save search…")
        self.save_button.setToolTip("Save the current search and its filters under a name")
        self.save_button.setAccessibleName("Save search")
        self.save_button.clicked.connect(self.saveRequested)
        self.file_button = QToolButton()
        self.file_button.setText("⋯")
        self.file_button.setToolTip("Export or import saved searches and the search history")
        self.file_button.setAccessibleName("Export or import saved searches")
        self.file_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.file_menu = QMenu(self)
        self._add_file_actions(self.file_menu)
        self.file_button.setMenu(self.file_menu)

        self.list = CompactList()
        self.list.setAccessibleName("Saved searches")
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_menu)
        self.list.itemClicked.connect(self._item_chosen)
        self.list.installEventFilter(self)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("savedSearchesEmpty")
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)  # drawn in the palette's muted text colour

        layout = QVBoxLayout(self)  # the default margins, as the FilterPanel below has
        layout.addWidget(heading)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._show_list()

    # The searches

    def searches(self) -> list[SavedSearch]:
        """The saved searches, in the order listed (by name)."""
        return list(self._searches)

    def find(self, name: str) -> SavedSearch | None:
        key = name.strip().casefold()
        return next((s for s in self._searches if s.name.casefold() == key), None)

    def add(self, query: SearchQuery, name: str) -> SavedSearch:
        """Save `query` as `name`, replacing a search of that name; kept on disk at once."""
        search = SavedSearch.from_query(query, name)
        if not search.name:
            raise ValueError("a saved search needs a name")
        self._replace(search)
        return search

    def rename(self, old: str, new: str) -> SavedSearch | None:
        """Call `old` `new` (replacing another search of that name); None if there is no `old`
        or `new` is blank."""
        search = self.find(old)
        if search is None or not new.strip():
            return None
        renamed = dataclasses.replace(search, name=new.strip())
        self._searches.remove(search)
        self._replace(renamed)
        return renamed

    def remove(self, name: str) -> bool:
        """Delete the search called `name`; whether there was one."""
        search = self.find(name)
        if search is not None:
            self._searches.remove(search)
            self._changed(None)
        return search is not None

    def select_matching(self, query: SearchQuery) -> None:
        """Highlight the saved search that `query` reruns, and none when it matches none, so the
        list never suggests a search that is not on screen."""
        row = next((i for i, s in enumerate(self._searches) if s.reruns(query)), -1)
        self.list.setCurrentRow(row)
        if row < 0:
            self.list.clearSelection()

    def link_history(self, bar: SearchBar) -> None:
        """Export `bar`'s query history with the saved searches, and import into it."""
        self.history_bar = bar

    # The export file

    def export_to(self, path: Path) -> None:
        """Write the saved searches and the history to `path`; UserInputError if it cannot."""
        history = self.history_bar.history.entries if self.history_bar is not None else []
        write_searches_file(path, self._searches, history)

    def import_from(self, path: Path) -> tuple[int, int]:
        """Add the saved searches and past queries of `path` that are not here yet; how many
        of each. UserInputError, with nothing changed, when the file is not such a file."""
        imported, history = read_searches_file(path)
        self._searches, added = merge_searches(self._searches, imported)
        if added:
            self._changed(None)
        bar = self.history_bar
        return added, bar.merge_history(history) if bar is not None else 0

    def ask_and_export(self) -> bool:
        """Ask where to write the export file, then write it; whether it was written."""
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export saved searches", str(Path.home() / "searchapp-searches.json"), FILE_FILTER
        )
        if not name:
            return False
        path = Path(name) if Path(name).suffix else Path(name).with_suffix(".json")
        try:
            self.export_to(path)
        except UserInputError as error:
            QMessageBox.warning(self, "Export saved searches", sentence(str(error)))
            return False
        return True

    def ask_and_import(self) -> tuple[int, int] | None:
        """Ask for an export file, then import it and say what it added; None if nothing was
        imported (cancelled, or the file is not one)."""
        name, _filter = QFileDialog.getOpenFileName(
            self, "Import saved searches", str(Path.home()), FILE_FILTER
        )
        if not name:
            return None
        try:
            searches, queries = self.import_from(Path(name))
        except UserInputError as error:
            QMessageBox.warning(self, "Import saved searches", sentence(str(error)))
            return None
        QMessageBox.information(self, "Import saved searches", _imported_text(searches, queries))
        return searches, queries

    def _replace(self, search: SavedSearch) -> None:
        """List `search` in place of any of the same name."""
        previous = self.find(search.name)
        if previous is not None:
            self._searches.remove(previous)
        self._searches.append(search)
        self._searches.sort(key=by_name)
        self._changed(search.name)

    def _changed(self, current: str | None) -> None:
        store_saved_searches(self.settings, self._searches)
        self._show_list(current)

    # The dialogs

    def ask_and_save(self, query: SearchQuery) -> SavedSearch | None:
        """Ask a name for `query`, then save it; None if the user cancels."""
        name = self._ask_name("Save search", "Name of this search:", suggested_name(query))
        if name is None or not self._may_replace(name, None):
            return None
        return self.add(query, name)

    def ask_and_rename(self, name: str) -> SavedSearch | None:
        """Ask a new name for the search called `name`; None if the user cancels."""
        new = self._ask_name("Rename saved search", "New name:", name)
        if new is None or not self._may_replace(new, name):
            return None
        return self.rename(name, new)

    def ask_and_remove(self, name: str) -> bool:
        """Delete the search called `name` once the user agrees."""
        answer = QMessageBox.question(self, "Delete saved search", f"Delete “{name}”?")
        return answer == QMessageBox.StandardButton.Yes and self.remove(name)

    def _ask_name(self, title: str, label: str, suggestion: str) -> str | None:
        name, ok = QInputDialog.getText(self, title, label, text=suggestion)
        return name.strip() if ok and name.strip() else None

    def _may_replace(self, name: str, keeping: str | None) -> bool:
        """Whether saving as `name` may go ahead: it names no other search, or the user agrees
        to replace that one (`keeping` is the search being renamed, which is no conflict)."""
        other = self.find(name)
        if other is None or (keeping is not None and other == self.find(keeping)):
            return True
        answer = QMessageBox.question(
            self, "Replace saved search", f"A saved search “{other.name}” exists. Replace it?"
        )
        return answer == QMessageBox.StandardButton.Yes

    # The list

    def _show_list(self, current: str | None = None) -> None:
        self.list.clear()
        for search in self._searches:
            item = QListWidgetItem(search.name)
            item.setData(NAME_ROLE, search.name)
            item.setToolTip(tooltip(search.describe()))
            self.list.addItem(item)
            if search.name == current:
                self.list.setCurrentItem(item)
        self.list.setVisible(bool(self._searches))
        self.empty.setVisible(not self._searches)
        self.list.updateGeometry()

    def _selected_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(NAME_ROLE) if item is not None else None

    def _item_chosen(self, item: QListWidgetItem) -> None:
        self._run(item.data(NAME_ROLE))

    def _run(self, name: str) -> None:
        search = self.find(name)
        if search is not None:
            self.searchChosen.emit(search)

    def _show_menu(self, where: QPoint) -> None:
        item = self.list.itemAt(where)
        menu = QMenu(self)
        if item is not None:
            name = item.data(NAME_ROLE)
            menu.addAction("Run", lambda: self._run(name))
            # The keys are shown, not bound here: the list's eventFilter handles them.
            menu.addAction("Rename…", QKeySequence("F2"), lambda: self.ask_and_rename(name))
            menu.addAction("Delete", QKeySequence("Del"), lambda: self.ask_and_remove(name))
            menu.addSeparator()
        self._add_file_actions(menu)
        self.menu = menu
        menu.popup(self.list.viewport().mapToGlobal(where))

    def _add_file_actions(self, menu: QMenu) -> None:
        menu.addAction("Export saved searches…", self.ask_and_export)
        menu.addAction("Import saved searches…", self.ask_and_import)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter runs the selected search, F2 renames it, Delete deletes it."""
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            name = self._selected_name()
            handler = {
                Qt.Key.Key_Return: self._run,
                Qt.Key.Key_Enter: self._run,
                Qt.Key.Key_F2: self.ask_and_rename,
                Qt.Key.Key_Delete: self.ask_and_remove,
            }.get(event.key())
            if handler is not None and name is not None:
                handler(name)
                return True
        return super().eventFilter(watched, event)


def _imported_text(searches: int, queries: int) -> str:
    """What an import added, in words."""
    if not searches and not queries:
        return "Nothing new: every saved search and past query in the file is here already."
    parts = []
    if searches:
        parts.append(f"{searches} saved search{'' if searches == 1 else 'es'}")
    if queries:
        parts.append(f"{queries} past quer{'y' if queries == 1 else 'ies'}")
    return "Added " + " and ".join(parts) + "."
