"""Saved searches: a query with its filters under a name, listed in the left panel to rerun.

Each one is kept in the window's QSettings as one JSON string in the array SAVED_KEY, written
the moment it changes; an entry that cannot be read is skipped, never fatal. The panel also
exports them, with the search field's history, to one JSON file another searchapp imports
(FILE_KIND): {"app", "kind", "version", "saved": [...], "history": [...]}.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
from collections.abc import Iterable
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
from searchapp.core.types import SORTS, SearchQuery
from searchapp.ui.search_bar import SORT_LABELS, SearchBar
from searchapp.ui.text import sentence, tooltip

log = logging.getLogger(__name__)

SAVED_KEY = "savedSearches"  # a QSettings array; each item holds one JSON object under "search"
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
VISIBLE_ROWS = 6  # the list grows to this many rows, then scrolls
NAME_CHARS = 40  # of the query text, for a name the user is offered
EMPTY_TEXT = "No saved searches yet: search, then Save search."
# What a saved search keeps of a SearchQuery: all but the page of hits (limit, offset).
QUERY_FIELDS = ("text", "sources", "since", "until", "sort", "variants", "tags")
# The export file: what marks it as searchapp's, and the format version this code writes.
FILE_APP, FILE_KIND, FILE_VERSION = "searchapp", "saved-searches", 1
FILE_FILTER = "Saved searches (*.json)"


@dataclasses.dataclass(frozen=True)
class SavedSearch:
    """A search the user named: its text, filters and order, without a page of hits.

    `since` and `until` are as SearchQuery takes them: a day, or a date as typed ("2024-12").
    """

    name: str
    text: str = ""
    sources: tuple[str, ...] = ()
    since: dt.date | str | None = None
    until: dt.date | str | None = None
    sort: str = SORTS[0]
    variants: bool = False
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "tags", tuple(self.tags))

    @classmethod
    def from_query(cls, query: SearchQuery, name: str) -> SavedSearch:
        return cls(name=name.strip(), **{key: getattr(query, key) for key in QUERY_FIELDS})

    def to_query(self) -> SearchQuery:
        return SearchQuery(**{key: getattr(self, key) for key in QUERY_FIELDS})

    def to_dict(self) -> dict:
        """The search as JSON values: the settings' and the export file's form."""
        fields = dataclasses.asdict(self)
        fields["sources"], fields["tags"] = list(self.sources), list(self.tags)
        fields["since"], fields["until"] = _date_text(self.since), _date_text(self.until)
        return fields

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SavedSearch:
        """The saved search `text` holds; ValueError when it is damaged or not one."""
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, fields: object) -> SavedSearch:
        """The saved search of `fields` (as to_dict gives them); ValueError when damaged."""
        if not isinstance(fields, dict):
            raise ValueError("not a JSON object")
        name, query = fields.get("name"), fields.get("text", "")
        sources, sort = fields.get("sources", []), fields.get("sort", SORTS[0])
        tags = fields.get("tags", [])
        if not (isinstance(name, str) and name.strip() and isinstance(query, str)):
            raise ValueError("no name or no query text")
        for names, what in ((sources, "sources"), (tags, "tags")):
            if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
                raise ValueError(f"{what} are not a list of names")
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}")
        return cls(
            name=name.strip(),
            text=query,
            sources=tuple(sources),
            since=_date_value(fields.get("since")),
            until=_date_value(fields.get("until")),
            sort=sort,
            variants=fields.get("variants") is True,
            tags=tuple(tags),
        )

    def reruns(self, query: SearchQuery) -> bool:
        """Whether `query` asks what this search asks (its page aside)."""
        return SavedSearch.from_query(query, self.name) == self

    def describe(self) -> str:
        """The search in words, one line per part, for its tooltip."""
        lines = [f"Query: {self.text}" if self.text.strip() else "Query: every article"]
        if self.sources:
            lines.append("Sources: " + ", ".join(self.sources))
        if self.tags:
            lines.append("Tags: " + ", ".join(self.tags))
        if self.since or self.until:
            first, last = _date_text(self.since) or "…", _date_text(self.until) or "…"
            lines.append(f"Dates: {first} to {last}")
        lines.append("Order: " + SORT_LABELS.get(self.sort, self.sort))
        if self.variants:
            lines.append("Spelling variants: matched")
        return "\n".join(lines)


def _date_text(value: dt.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _date_value(value: object) -> dt.date | str | None:
    """A stored date back as SearchQuery takes it: a day when it is one, else the text as typed."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"a date is not text: {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value or None


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
    return sorted(searches.values(), key=_order)


def store_saved_searches(settings: QSettings, searches: list[SavedSearch]) -> None:
    """Replace the saved searches in `settings` with `searches`, and write them to disk now."""
    settings.remove(SAVED_KEY)
    settings.beginWriteArray(SAVED_KEY, len(searches))
    for index, search in enumerate(searches):
        settings.setArrayIndex(index)
        settings.setValue("search", search.to_json())
    settings.endArray()
    settings.sync()


def _order(search: SavedSearch) -> tuple[str, str]:
    return search.name.casefold(), search.name


def suggested_name(query: SearchQuery) -> str:
    """A name to offer for `query`: its text, shortened; "All articles" for none."""
    text = " ".join(query.text.split())
    if not text:
        return "All articles"
    return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1].rstrip() + "…"


def searches_document(saved: Iterable[SavedSearch], history: Iterable[str]) -> dict:
    """Saved searches and past queries as the export file holds them."""
    return {
        "app": FILE_APP,
        "kind": FILE_KIND,
        "version": FILE_VERSION,
        "saved": [search.to_dict() for search in saved],
        "history": list(history),
    }


def write_searches_file(path: Path, saved: Iterable[SavedSearch], history: Iterable[str]) -> None:
    """Write the export file; UserInputError (one sentence) when it cannot be written."""
    text = json.dumps(searches_document(saved, history), ensure_ascii=False, indent=2)
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise UserInputError(
            f"cannot write {os.fsdecode(path)}: {error.strerror or error}"
        ) from None


def read_searches_file(path: Path) -> tuple[list[SavedSearch], list[str]]:
    """The saved searches and past queries of an export file; UserInputError (one sentence)
    when it cannot be read or is not such a file, so an import changes all or nothing."""
    name = path.name
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserInputError(f"cannot read {name}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        document = None
    not_ours = UserInputError(f"the file {name} is not one of saved searches exported by searchapp")
    if not isinstance(document, dict):
        raise not_ours
    if (document.get("app"), document.get("kind")) != (FILE_APP, FILE_KIND):
        raise not_ours
    version = document.get("version")
    if type(version) is int and version > FILE_VERSION:  # bool is no version
        raise UserInputError(f"the file {name} is from a newer searchapp; update to import it")
    saved, history = document.get("saved", []), document.get("history", [])
    if type(version) is not int or version != FILE_VERSION or not isinstance(saved, list):
        raise not_ours
    if not (isinstance(history, list) and all(isinstance(q, str) for q in history)):
        raise UserInputError(f"the history in {name} is not a list of queries")
    searches = []
    for number, fields in enumerate(saved, 1):
        try:
            searches.append(SavedSearch.from_dict(fields))
        except ValueError as error:
            raise UserInputError(f"saved search {number} in {name} is damaged: {error}") from None
    return searches, history


def merge_searches(
    kept: list[SavedSearch], imported: Iterable[SavedSearch]
) -> tuple[list[SavedSearch], int]:
    """`kept` with the `imported` searches it lacks, by name, and how many were added. One that
    asks what a kept search asks (under any name) is left out; one whose name another search
    has is added as "name (2)", "name (3)", ..."""
    merged = list(kept)
    added = 0
    for search in imported:
        if any(dataclasses.replace(search, name=other.name) == other for other in merged):
            continue
        taken = {other.name.casefold() for other in merged}
        name, number = search.name, 2
        while name.casefold() in taken:
            name, number = f"{search.name} ({number})", number + 1
        merged.append(dataclasses.replace(search, name=name))
        added += 1
    return sorted(merged, key=_order), added


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
        self._searches.sort(key=_order)
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
