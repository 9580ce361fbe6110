"""Two copies of a story side by side: what the second drops of the first and what it adds."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollBar,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.types import ArticleView, Comparison, WordChange
from searchapp.ui.actions import make_action
from searchapp.ui.appearance import is_dark
from searchapp.ui.preview import PlainTextBrowser, marked_span, utf16_offsets
from searchapp.ui.text import tooltip

# Backgrounds of the marks by theme (dark or not): (a change, the current change). Pale in the
# light theme and deep in the dark one, so the palette's own text colour reads on all four.
DROPPED_COLORS = {False: ("#ffd6d3", "#ff9f98"), True: ("#5c2623", "#96372f")}
ADDED_COLORS = {False: ("#cdf3d5", "#86dc99"), True: ("#1f4d2a", "#2f7f44")}


@dataclass(frozen=True)
class Edit:
    """One place where the copies differ: the span of its words in each text; an empty span
    at the place they would stand where that text has none."""

    first: tuple[int, int]
    second: tuple[int, int]


def version_texts(changes: tuple[WordChange, ...]) -> tuple[str, str]:
    """The first and the second text, rebuilt from the changes so that the marks match what
    was compared."""
    first = "".join(change.text for change in changes if change.kind != "added")
    second = "".join(change.text for change in changes if change.kind != "dropped")
    return first, second


def version_edits(changes: tuple[WordChange, ...]) -> list[Edit]:
    """The edits in text order, as offsets in version_texts(): a run of changes between shared
    words is one edit, and a run that only re-spaces words is none."""
    placed = []  # (change, where it starts in the first text, where in the second)
    first_at = second_at = 0
    for change in changes:
        placed.append((change, first_at, second_at))
        first_at += len(change.text) if change.kind != "added" else 0
        second_at += len(change.text) if change.kind != "dropped" else 0
    edits = []
    for same, run in groupby(placed, key=lambda place: place[0].kind == "same"):
        if same:
            continue
        changed = list(run)
        first = _words_span(
            [(c.text, at) for c, at, _ in changed if c.kind == "dropped"], changed[0][1]
        )
        second = _words_span(
            [(c.text, at) for c, _, at in changed if c.kind == "added"], changed[0][2]
        )
        if first[0] < first[1] or second[0] < second[1]:
            edits.append(Edit(first, second))
    return edits


def _words_span(pieces: list[tuple[str, int]], empty_at: int) -> tuple[int, int]:
    """From the first word to the last of `pieces` (text, where it starts), whitespace around
    them left out; (empty_at, empty_at) when they hold no word."""
    spans = [
        (start + len(text) - len(text.lstrip()), start + len(text.rstrip()))
        for text, start in pieces
        if text.strip()
    ]
    return (spans[0][0], spans[-1][1]) if spans else (empty_at, empty_at)


def comparison_summary(comparison: Comparison) -> str:
    """The line over the panes: "93% of words in common · 12 words dropped · 30 added"."""
    dropped = _word_count(comparison.changes, "dropped")
    added = _word_count(comparison.changes, "added")
    words = "word" if dropped == 1 else "words"
    return (
        f"{comparison.similarity:.0%} of words in common · {dropped} {words} dropped · "
        f"{added} added"
    )


def _word_count(changes: tuple[WordChange, ...], kind: str) -> int:
    return sum(len(change.text.split()) for change in changes if change.kind == kind)


class VersionPane(QWidget):
    """One copy: its title, then its source, date and id, over its text with its edits marked."""

    def __init__(self, view: ArticleView, text: str, name: str) -> None:
        super().__init__()
        title = QLabel(view.title or os.path.basename(view.path))
        title.setObjectName("previewTitle")  # app.qss: as the preview shows a title
        details = QLabel(
            " · ".join(part for part in (view.source, view.date_label, view.id) if part)
        )
        details.setObjectName("previewDetails")
        details.setToolTip(tooltip(view.path))
        for label in (title, details):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title.setAccessibleName(f"{name}: title")
        details.setAccessibleName(f"{name}: source, date and id")
        self.text = PlainTextBrowser()
        self.text.setAccessibleName(f"{name}: text")
        self.text.setTabChangesFocus(True)
        self.text.setPlainText(text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(details)
        layout.addWidget(self.text, 1)

    def mark(self, spans: list[tuple[int, int]], formats: tuple[QTextCharFormat, ...]) -> None:
        """Mark each non-empty span (Qt positions) in the format of the same place."""
        document = self.text.document()
        self.text.setExtraSelections(
            [
                marked_span(document, span, fmt)
                for span, fmt in zip(spans, formats, strict=True)
                if span[0] < span[1]
            ]
        )

    def show_position(self, position: int) -> None:
        """Put the cursor at `position` and show it a third of the way down."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(position)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        bar = self.text.verticalScrollBar()
        rect = self.text.cursorRect(cursor)
        bar.setValue(bar.value() + rect.top() - self.text.viewport().height() // 3)


class CompareDialog(QDialog):
    """Two copies of a story side by side, the first's dropped words struck out in red, the
    second's added words in green; they scroll together and step from change to change."""

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare copies")
        self.comparison = comparison
        first_text, second_text = version_texts(comparison.changes)
        edits = version_edits(comparison.changes)
        self.first_spans = utf16_offsets(first_text, [edit.first for edit in edits])
        self.second_spans = utf16_offsets(second_text, [edit.second for edit in edits])
        self.current = -1  # the edit stepped to; none until the first step
        self._following = False  # a scroll bar is being moved to follow the other

        self.summary = QLabel(comparison_summary(comparison))
        self.summary.setAccessibleName("Words in common, dropped and added")
        self.first_pane = VersionPane(comparison.first, first_text, "First copy")
        self.second_pane = VersionPane(comparison.second, second_text, "Second copy")
        self.first_pane.text.setAccessibleDescription("Words the second copy drops are struck out")
        self.second_pane.text.setAccessibleDescription("Words this copy adds are marked")
        panes = QSplitter(Qt.Orientation.Horizontal)
        panes.setChildrenCollapsible(False)
        panes.addWidget(self.first_pane)
        panes.addWidget(self.second_pane)

        self.previous_button = self._step_button(
            "Previous change",
            "Go to the previous change (Shift+F3 or P)",
            self.previous_change,
            ("Shift+F3", "P"),
        )
        self.next_button = self._step_button(
            "Next change", "Go to the next change (F3 or N)", self.next_change, ("F3", "N")
        )
        self.position = QLabel()
        self.position.setAccessibleName("Change shown")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setToolTip("Close the comparison (Esc)")
        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.position)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(panes, 1)
        layout.addLayout(bar)
        self._follow_scrolling(self.first_pane.text.verticalScrollBar(), self.second_pane)
        self._follow_scrolling(self.second_pane.text.verticalScrollBar(), self.first_pane)
        self._apply_marks()
        self._update_controls()
        self.resize(1100, 700)

    def _step_button(
        self, text: str, tip: str, slot: Callable[[], None], keys: tuple[str, ...]
    ) -> QToolButton:
        """A button for a step, its keys working anywhere in the dialog."""
        action = make_action(self, text, tip, slot)
        action.setShortcuts([QKeySequence(key) for key in keys])
        self.addAction(action)
        button = QToolButton()
        button.setDefaultAction(action)
        button.setAccessibleName(text)
        return button

    def next_change(self) -> None:
        self._step(1)

    def previous_change(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        """Go `step` edits on, round the end: from none, forward is the first, back the last."""
        count = len(self.first_spans)
        if not count:
            return
        if self.current < 0:
            self.current = 0 if step > 0 else count - 1
        else:
            self.current = (self.current + step) % count
        self._apply_marks()
        self._following = True  # each pane goes to its own place of the edit, not the other's
        try:
            self.first_pane.show_position(self.first_spans[self.current][0])
            self.second_pane.show_position(self.second_spans[self.current][0])
        finally:
            self._following = False
        self._update_controls()

    def _follow_scrolling(self, bar: QScrollBar, follower: VersionPane) -> None:
        """Scrolling `bar` scrolls `follower` to the same share of its length."""
        target = follower.text.verticalScrollBar()

        def follow(value: int) -> None:
            if self._following:
                return
            self._following = True
            try:
                share = value / bar.maximum() if bar.maximum() else 0.0
                target.setValue(round(share * target.maximum()))
            finally:
                self._following = False

        bar.valueChanged.connect(follow)

    def changeEvent(self, event: QEvent) -> None:
        """A new theme: the marks take its colours (they are set, not painted)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_marks()

    def _apply_marks(self) -> None:
        dark = is_dark(self.palette())
        places = range(len(self.first_spans))
        dropped = tuple(_mark_format(DROPPED_COLORS[dark], n == self.current, True) for n in places)
        added = tuple(_mark_format(ADDED_COLORS[dark], n == self.current, False) for n in places)
        self.first_pane.mark(self.first_spans, dropped)
        self.second_pane.mark(self.second_spans, added)

    def _update_controls(self) -> None:
        count = len(self.first_spans)
        self.previous_button.setEnabled(count > 0)
        self.next_button.setEnabled(count > 0)
        if not count:
            self.position.setText("no changes")
        elif self.current < 0:
            self.position.setText(f"{count} change{'s' if count > 1 else ''}")
        else:
            self.position.setText(f"change {self.current + 1} of {count}")


def _mark_format(colors: tuple[str, str], current: bool, struck: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(colors[current]))
    fmt.setFontStrikeOut(struck)
    return fmt
