"""The preview pane: the whole article as plain text with every hit marked, hit-to-hit steps,
and under its header the user's star, tags and note on it (review_bar.py)."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.library import Library
from searchapp.core.types import ArticleView, Review
from searchapp.ui.appearance import is_dark
from searchapp.ui.results import ORIGIN_NOTES
from searchapp.ui.review_bar import ReviewBar
from searchapp.ui.story_panel import StoryPanel
from searchapp.ui.workers import TaskRunner


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
    """Title, source, date and path on top, the review bar under them; the text with hits;
    previous/next; open buttons."""

    reindexRequested = Signal()
    openFailed = Signal(str)  # a sentence: no program on this desktop opened the file
    reviewChanged = Signal(str)  # the id of the article whose star, tags or note the user changed

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

        self.review = ReviewBar()
        self.review.reviewChanged.connect(self._review_changed)

        self.text = PlainTextBrowser()
        self.text.setAccessibleName("Article text")
        self.text.setTabChangesFocus(True)  # Tab leaves the text, as in the rest of the window
        # Keys for reviewing while reading: plain letters, so only while the text has the focus.
        for keys, slot in (("S", self.review.toggle_star), ("T", self.review.tag_field.setFocus)):
            shortcut = QShortcut(QKeySequence(keys), self.text, activated=slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        # Arrows around "hit 2 of 9": the row fits a narrow pane with its words whole.
        self.previous_button = self._button("◀", "Previous hit (Shift+F3)", self.previous_hit)
        self.next_button = self._button("▶", "Next hit (F3)", self.next_hit)
        self.hit_label = QLabel("")
        self.hit_label.setAccessibleName("Hit position")
        self.hit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hit_label.setMinimumWidth(
            self.hit_label.fontMetrics().horizontalAdvance("hit 88 of 888") + 8
        )
        self.open_button = self._button(
            "Open", "Open the file in its default application (Ctrl+Enter)", self.open_file
        )
        self.folder_button = self._button(
            "Show in folder", "Open the folder that holds the file", self.show_in_folder
        )

        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.hit_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.folder_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.review)
        layout.addWidget(self.missing)
        layout.addLayout(bar)
        layout.addWidget(self.text, 1)
        self.story = StoryPanel()
        layout.addWidget(self.story)
        self.find_bar = FindBar()
        self.find_bar.changed.connect(self._find_changed)
        self.find_bar.closed.connect(self._find_closed)
        layout.addWidget(self.find_bar)
        self.found: list[tuple[int, int]] = []  # the find bar's matches, as Qt positions
        self.show_message("Select a result to read it here.")

    def _button(self, label: str, tip: str, slot) -> QToolButton:
        """A button as wide as its words: the row fits a narrow preview."""
        button = QToolButton()
        button.setText(label)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.clicked.connect(slot)
        return button

    def set_library(self, library: Library, runner: TaskRunner) -> None:
        """Let the review bar write the user's marks to `library` (it shows once it can)."""
        self.review.set_library(library, runner)

    def show_message(self, message: str) -> None:
        self.view = None
        self.review.show_article(None, Review())
        self.story.show_article(None, ())
        self.positions, self.current = [], -1
        self.title.setText("")
        self.details.setText("")
        self.missing.hide()
        self.text.setPlainText(message)
        self.found = []
        self.text.setExtraSelections([])
        self._update_controls()

    def show_document(self, view: ArticleView, file_exists: bool) -> None:
        """Show `view`'s text as plain text (markup in it never renders) with its hits marked.

        The article on show again with the same hits (its marks changed, a filter narrowed the
        list) stays where the reader is in it."""
        again = self.view is not None and _same_reading(self.view, view)
        self.view = view
        self.title.setText(view.title or os.path.basename(view.path))
        self.details.setText(" · ".join(part for part in _details(view) if part))
        self.details.setToolTip(f"{view.path}\n{ORIGIN_NOTES.get(view.date_origin, '')}".strip())
        self.missing.setVisible(not file_exists)
        self.review.show_article(view.id, view.review)
        if again:
            self._update_controls()
            return
        self.text.setPlainText(view.text)
        self.positions = utf16_offsets(view.text, view.hits)
        self.current = 0 if self.positions else -1
        self.found = self._find(self.find_bar.text()) if self.find_bar.isVisible() else []
        self.find_bar.show_count(0 if self.found else -1, len(self.found))
        self._apply_marks()
        if self.positions:
            self._scroll_to_current()
        else:
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
        self._update_controls()

    def _review_changed(self, article: str) -> None:
        if self.view is not None and self.view.id == article:
            self.view = dataclasses.replace(self.view, review=self.review.review)
        self.reviewChanged.emit(article)

    def changeEvent(self, event: QEvent) -> None:
        """A new theme: the marks take its colours (they are set per article, not painted)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.view is not None:
            self._apply_marks()

    def _mark_format(self, current: bool) -> QTextCharFormat:
        dark = is_dark(self.palette())
        fmt = QTextCharFormat()
        if current:
            fmt.setBackground(QColor("#ff9d3b" if not dark else "#b35c00"))
        else:
            fmt.setBackground(QColor("#ffe27a" if not dark else "#7a5d00"))
        return fmt

    def _apply_marks(self) -> None:
        """The query's hits in yellow (the current one orange), the find bar's in green."""
        document = self.text.document()
        selections = [
            marked_span(document, span, self._mark_format(number == self.current))
            for number, span in enumerate(self.positions)
        ] + [
            marked_span(document, span, _found_format(number == self.find_bar.current))
            for number, span in enumerate(self.found)
        ]
        self.text.setExtraSelections(selections)

    def _scroll_to_current(self) -> None:
        self._scroll_to(self.positions[self.current][0])

    def _scroll_to(self, start: int) -> None:
        """Show position `start` a third of the way down the text."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        rect = self.text.cursorRect(cursor)
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self.text.viewport().height() // 3)

    # Find in the article

    def start_find(self) -> None:
        """Show the find bar with its text selected, to look for words the query did not."""
        self.find_bar.open()
        if self.find_bar.text():
            self._find_changed(self.find_bar.text(), 0)

    def _find(self, wanted: str) -> list[tuple[int, int]]:
        if self.view is None or not wanted.strip():
            return []
        pattern = re.compile(re.escape(wanted), re.IGNORECASE)
        spans = [match.span() for match in pattern.finditer(self.view.text)]
        return utf16_offsets(self.view.text, spans)

    def _find_changed(self, wanted: str, step: int) -> None:
        """New text finds from the top; Enter and Shift+Enter (`step`) go to the next or last."""
        if step == 0:
            self.found = self._find(wanted)
            current = 0 if self.found else -1
        elif self.found:
            current = (self.find_bar.current + step) % len(self.found)
        else:
            return
        self.find_bar.show_count(current, len(self.found))
        self._apply_marks()
        if self.found:
            self._scroll_to(self.found[current][0])

    def _find_closed(self) -> None:
        self.found = []
        self._apply_marks()
        self.text.setFocus()

    def next_hit(self) -> None:
        self._step(1)

    def previous_hit(self) -> None:
        self._step(-1)

    def show_hit(self, number: int) -> None:
        """Make hit `number` (from 0) the current one, marked and scrolled to; out of range,
        nothing changes."""
        if 0 <= number < len(self.positions):
            self._step(number - self.current)

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


class FindBar(QWidget):
    """Find in the article shown: a field, "2 of 5", previous and next, and close (Esc)."""

    changed = Signal(str, int)  # the text, and 0 (it changed), 1 (next) or -1 (previous)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = -1
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in this article")
        self.field.setAccessibleName("Find in this article")
        self.field.setToolTip("Enter: next match, Shift+Enter: previous, Esc: close")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(lambda text: self.changed.emit(text, 0))
        self.field.installEventFilter(self)
        self.count = QLabel()
        self.count.setAccessibleName("Matches found")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.count)
        for label, tip, step in (
            ("▲", "Previous match (Shift+Enter)", -1),
            ("▼", "Next match (Enter)", 1),
        ):
            button = QToolButton()
            button.setText(label)
            button.setToolTip(tip)
            button.setAccessibleName(tip.split(" (")[0])
            button.clicked.connect(lambda _checked=False, s=step: self.changed.emit(self.text(), s))
            row.addWidget(button)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close the find bar (Esc)")
        close.setAccessibleName("Close find")
        close.clicked.connect(self.close_bar)
        row.addWidget(close)
        self.hide()

    def text(self) -> str:
        return self.field.text()

    def open(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def show_count(self, current: int, total: int) -> None:
        self.current = current
        if not self.text().strip():
            self.count.setText("")
        else:
            self.count.setText(f"{current + 1} of {total}" if total else "not found")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                back = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.changed.emit(self.text(), -1 if back else 1)
                return True
        return super().eventFilter(watched, event)


def marked_span(
    document: QTextDocument, span: tuple[int, int], fmt: QTextCharFormat
) -> QTextEdit.ExtraSelection:
    """The characters of `span` (Qt positions) in `document`, to be drawn in `fmt`."""
    selection = QTextEdit.ExtraSelection()
    cursor = QTextCursor(document)
    cursor.setPosition(span[0])
    cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
    selection.cursor = cursor
    selection.format = fmt
    return selection


def _found_format(current: bool) -> QTextCharFormat:
    """Matches of the find bar: green, apart from the query's yellow and orange hits."""
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#1e7b3c" if current else "#a8e6b8"))
    fmt.setForeground(QColor("#ffffff" if current else "#000000"))  # readable in either theme
    return fmt


def _same_reading(shown: ArticleView, view: ArticleView) -> bool:
    """Whether `view` is the article on show with the same text and the same hits marked."""
    return (shown.id, shown.text, shown.hits) == (view.id, view.text, view.hits)


def _details(view: ArticleView) -> list[str]:
    """The preview's line under the title: outlet, date, byline, section, and where it is (the
    file's name; its whole path is the line's tooltip)."""
    name = os.path.basename(view.path)
    where = name if view.parts <= 1 else f"article {view.part} of {view.parts} in {name}"
    return [view.source, view.date_label, view.byline, view.section, where]
