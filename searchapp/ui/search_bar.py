"""The search bar: the query field, the sort order and the spelling-variants switch.

The keyboard stays in the field while the user reads the results: the arrow and page keys
move through the list from there, and Esc clears the query.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QToolButton, QWidget

from searchapp.core.types import SORTS

SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
STEPS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}


class SearchBar(QWidget):
    """What to search for and in which order; the filters live in the FilterPanel."""

    queryTyped = Signal()  # a keystroke in the field: search once typing pauses
    queryChanged = Signal()  # Esc, another sort or the variants switch: search at once
    queryEntered = Signal()  # Enter in the field: search if need be, then read
    stepRequested = Signal(int)  # rows to move the results' selection by

    def __init__(self, help_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(
            'Search articles — e.g. Homs rebels, "exact phrase", source:Reuters'
        )
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search")
        self.field.setToolTip(
            "Type to search (Ctrl+L). Enter reads the selected hit, Esc clears, F1 explains syntax."
        )
        self.field.textEdited.connect(lambda _text: self.queryTyped.emit())
        self.field.returnPressed.connect(self.queryEntered)
        self.field.installEventFilter(self)

        self.sort_box = QComboBox()
        for value in SORTS:
            self.sort_box.addItem(SORT_LABELS[value], value)
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

    def variants(self) -> bool:
        return self.variants_box.isChecked()

    def focus(self) -> None:
        """Put the cursor in the field with the query selected, so typing replaces it."""
        self.field.setFocus()
        self.field.selectAll()

    def restore(self, settings: QSettings) -> None:
        """Take up the last session's query, sort and variants, without searching."""
        sort = settings.value("search/sort", SORTS[0])
        self.sort_box.blockSignals(True)
        self.sort_box.setCurrentIndex(max(0, self.sort_box.findData(sort)))
        self.sort_box.blockSignals(False)
        self.variants_box.blockSignals(True)
        self.variants_box.setChecked(settings.value("search/variants", "false") in (True, "true"))
        self.variants_box.blockSignals(False)
        self.field.setText(str(settings.value("search/query", "")))

    def save(self, settings: QSettings) -> None:
        settings.setValue("search/sort", self.sort())
        settings.setValue("search/variants", "true" if self.variants() else "false")
        settings.setValue("search/query", self.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.field.clear()
                self.queryChanged.emit()
                return True
            if key in STEPS:
                self.stepRequested.emit(STEPS[key])
                return True
        return super().eventFilter(watched, event)
