"""The preview pane: the whole article as plain text with every hit marked, and hit-to-hit steps."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.types import ArticleView
from searchapp.ui.results import ORIGIN_NOTES


class PlainTextBrowser(QTextBrowser):
    """A text view that never loads a resource or follows a link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 - Qt's name
        return None


def utf16_offsets(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Python string offsets as Qt document positions (UTF-16 code units)."""
    if text.isascii() or all(ord(ch) <= 0xFFFF for ch in text):
        return list(spans)
    extra = [0] * (len(text) + 1)
    for index, char in enumerate(text):
        extra[index + 1] = extra[index] + (1 if ord(char) > 0xFFFF else 0)
    return [(start + extra[start], end + extra[end]) for start, end in spans]


class PreviewPane(QWidget):
    """Title, source, date and path on top; the text with hits; previous/next; open buttons."""

    reindexRequested = Signal()
    openFailed = Signal(str)  # a sentence: no program on this desktop opened the file

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: ArticleView | None = None
        self.positions: list[tuple[int, int]] = []
        self.current = -1

        self.title = QLabel()
        self.title.setObjectName("previewTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setObjectName("previewDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.missing = QFrame()
        self.missing.setObjectName("missingBanner")
        banner = QHBoxLayout(self.missing)
        self.missing_label = QLabel("This file was moved or deleted after it was indexed.")
        self.missing_label.setWordWrap(True)
        self.reindex_button = QPushButton("Reindex")
        self.reindex_button.setToolTip("Bring the index up to date with the folders (F5)")
        self.reindex_button.setAccessibleName("Reindex now")
        self.reindex_button.clicked.connect(self.reindexRequested)
        banner.addWidget(self.missing_label, 1)
        banner.addWidget(self.reindex_button)
        self.missing.hide()

        self.text = PlainTextBrowser()
        self.text.setAccessibleName("Article text")

        self.previous_button = self._button(
            "◀ Previous", "Previous hit (Shift+F3)", self.previous_hit
        )
        self.next_button = self._button("Next ▶", "Next hit (F3)", self.next_hit)
        self.hit_label = QLabel("")
        self.hit_label.setAccessibleName("Hit position")
        self.open_button = self._button(
            "Open", "Open the file in its default application (Ctrl+Enter)", self.open_file
        )
        self.folder_button = self._button(
            "Show in folder", "Open the folder that holds the file", self.show_in_folder
        )

        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.hit_label, 1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.folder_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.missing)
        layout.addLayout(bar)
        layout.addWidget(self.text, 1)
        self.show_message("Select a result to read it here.")

    def _button(self, label: str, tip: str, slot) -> QPushButton:
        button = QPushButton(label)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.clicked.connect(slot)
        return button

    def show_message(self, message: str) -> None:
        self.view = None
        self.positions, self.current = [], -1
        self.title.setText("")
        self.details.setText("")
        self.missing.hide()
        self.text.setPlainText(message)
        self._update_controls()

    def show_document(self, view: ArticleView, file_exists: bool) -> None:
        """Show `view`'s text as plain text (markup in it never renders) with its hits marked."""
        self.view = view
        self.title.setText(view.title or os.path.basename(view.path))
        self.details.setText(" · ".join(part for part in _details(view) if part))
        self.details.setToolTip(f"{view.path}\n{ORIGIN_NOTES.get(view.date_origin, '')}".strip())
        self.missing.setVisible(not file_exists)
        self.text.setPlainText(view.text)
        self.positions = utf16_offsets(view.text, view.hits)
        self.current = 0 if self.positions else -1
        self._apply_marks()
        if self.positions:
            self._scroll_to_current()
        else:
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
        self._update_controls()

    def _mark_format(self, current: bool) -> QTextCharFormat:
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        fmt = QTextCharFormat()
        if current:
            fmt.setBackground(QColor("#ff9d3b" if not dark else "#b35c00"))
        else:
            fmt.setBackground(QColor("#ffe27a" if not dark else "#7a5d00"))
        return fmt

    def _apply_marks(self) -> None:
        selections = []
        document = self.text.document()
        for number, (start, end) in enumerate(self.positions):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = self._mark_format(number == self.current)
            selections.append(selection)
        self.text.setExtraSelections(selections)

    def _scroll_to_current(self) -> None:
        start, _ = self.positions[self.current]
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        rect = self.text.cursorRect(cursor)
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self.text.viewport().height() // 3)

    def next_hit(self) -> None:
        self._step(1)

    def previous_hit(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.positions:
            return
        self.current = (self.current + delta) % len(self.positions)
        self._apply_marks()
        self._scroll_to_current()
        self._update_controls()

    def _update_controls(self) -> None:
        count = len(self.positions)
        self.previous_button.setEnabled(count > 1)
        self.next_button.setEnabled(count > 1)
        self.hit_label.setText(f"hit {self.current + 1} of {count}" if count else "")
        has_file = self.view is not None and not self.missing.isVisible()
        self.open_button.setEnabled(has_file)
        self.folder_button.setEnabled(self.view is not None)

    def open_file(self) -> None:
        if self.view is not None:
            self.open_path(self.view.file, "open the file")

    def show_in_folder(self) -> None:
        if self.view is not None:
            self.open_path(self.view.file.parent, "show its folder")

    def open_path(self, path: Path, what: str) -> None:
        """Hand `path` to the desktop's opener; `what` names the act for the sentence if none."""
        # Where the desktop has no opener, Qt only writes to stderr: say so in the window.
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.openFailed.emit(
                f"No program on this desktop could {what}; it is {os.fsdecode(path)}"
            )


def _details(view: ArticleView) -> list[str]:
    """The preview's line under the title: outlet, date, byline, section, and where it is (the
    file's name; its whole path is the line's tooltip)."""
    name = os.path.basename(view.path)
    where = name if view.parts <= 1 else f"article {view.part} of {view.parts} in {name}"
    return [view.source, view.date_label, view.byline, view.section, where]
