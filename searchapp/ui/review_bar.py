"""The review bar under the preview's header: the star, the tags and the note on the article read.

Each change is written to the library at once (one small SQLite write, a millisecond, so on the
GUI thread) and announced with `reviewChanged`, for the window to search again: the results'
marks and the tag counts follow. The tags in use, which the add field completes from, take a
search, so they are read on the window's TaskRunner.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFont, QTextCursor
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.errors import IndexUnavailable, UserInputError
from searchapp.core.library import Library
from searchapp.core.types import Review
from searchapp.ui.appearance import is_dark
from searchapp.ui.flow_layout import FlowLayout
from searchapp.ui.text import sentence, tooltip
from searchapp.ui.workers import Task, TaskRunner

log = logging.getLogger(__name__)

STARS = {False: "☆", True: "★"}
NOTE_PAUSE_MS = 1_000  # typing in the note paused this long: save it
NOTE_LINES = 3  # the note field's height, in lines of text; longer notes scroll
TAG_FIELD_LETTERS = 14  # the add field's width, in average letters
CHIP_LETTERS = 28  # a longer tag's chip is cut with an ellipsis (its tooltip names it whole)
STAR_SCALE = 1.3  # the star's size against the text's
# (light theme, dark theme): a gold star, and a refusal in red, readable on either background
STAR_COLORS = ("#b07800", "#f2c230")
ERROR_COLORS = ("#b3261e", "#ff8a80")


class TagCompleter(QCompleter):
    """Completes the last of the comma-separated tags being typed, keeping those before it."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index) -> str:
        typed = self.widget().text() if self.widget() is not None else ""
        head = typed.rsplit(",", 1)[0] + ", " if "," in typed else ""
        return head + super().pathFromIndex(index)


class NoteEdit(QPlainTextEdit):
    """The note's text; tells when the keyboard leaves it, the moment to save."""

    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class ReviewBar(QWidget):
    """A star toggle, the tags as chips that remove them, a field that adds tags (Enter; commas
    separate several) and a note that saves itself; hidden while no article is shown."""

    reviewChanged = Signal(str)  # the id of the article whose star, tags or note changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewBar")
        self.library: Library | None = None
        self.runner: TaskRunner | None = None
        self.article: str | None = None
        self.review = Review()
        self.known_tags: list[str] = []  # every tag in use, most used first: the completions
        self.note_open = False  # the user opened the note field: it stays open article to article
        self._note_sent = ""  # the note's text as last read or written

        self.star_button = QToolButton()
        self.star_button.setObjectName("starButton")
        self.star_button.setAutoRaise(True)
        self.star_button.setAccessibleName("Star")
        self.star_button.clicked.connect(self.toggle_star)
        self.chips: list[QToolButton] = []
        self.tag_field = QLineEdit()
        self.tag_field.setPlaceholderText("Add tag…")
        self.tag_field.setAccessibleName("Add tags")
        self.tag_field.setToolTip(
            "Type a tag and press Enter; commas separate several (T from the article)"
        )
        self.tag_field.returnPressed.connect(self._tag_entered)
        self.tag_field.textEdited.connect(lambda _text: self.error.hide())
        self.tag_field.installEventFilter(self)
        self.completer = TagCompleter(QStringListModel(self), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.activated.connect(self._completion_chosen)
        self.tag_field.setCompleter(self.completer)
        self.note_button = QToolButton()
        self.note_button.setText("Note")
        self.note_button.setCheckable(True)
        self.note_button.setAutoRaise(True)
        self.note_button.setToolTip("Show or hide the note on this article")
        self.note_button.setAccessibleName("Note")
        self.note_button.toggled.connect(self._show_note)
        self.note_button.clicked.connect(self._note_clicked)

        self.row = QWidget()
        self.flow = FlowLayout(self.row)
        self.error = QLabel()
        self.error.setObjectName("reviewError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(f"color: {ERROR_COLORS[is_dark(self.palette())]}")
        self.error.hide()

        self.note = NoteEdit()
        self.note.setAccessibleName("Note on this article")
        self.note.setPlaceholderText("A note on this article: saved as you type")
        self.note.setTabChangesFocus(True)
        self.note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.note.textChanged.connect(self._note_edited)
        self.note.left.connect(self.save_note)
        self.note_status = QLabel()
        self.note_status.setAccessibleName("Note saved")
        self.note_status.setEnabled(False)  # drawn muted
        self.note_status.setMinimumWidth(self.note_status.fontMetrics().horizontalAdvance("Saved"))
        self.note_timer = QTimer(self)
        self.note_timer.setSingleShot(True)
        self.note_timer.setInterval(NOTE_PAUSE_MS)
        self.note_timer.timeout.connect(self.save_note)
        self.note_row = QWidget()
        note_layout = QHBoxLayout(self.note_row)
        note_layout.setContentsMargins(0, 0, 0, 0)
        note_layout.addWidget(self.note, 1)
        note_layout.addWidget(self.note_status, 0, Qt.AlignmentFlag.AlignTop)
        self.note_row.hide()
        self._fit_sizes()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(4)
        layout.addWidget(self.row)
        layout.addWidget(self.error)
        layout.addWidget(self.note_row)
        self._show_review()
        self.hide()

    def set_library(self, library: Library, runner: TaskRunner) -> None:
        """Write marks to `library`; read the tags in use on `runner`, off the GUI thread."""
        self.library, self.runner = library, runner
        self.load_tags()
        self.setVisible(self.article is not None)

    def show_article(self, article: str | None, review: Review) -> None:
        """Show the marks of `article` (None: no article, the bar hides). The same article
        again keeps a note being written: its words on screen are newer than `review`'s."""
        same = article == self.article
        if not same:
            self.save_note()  # what was typed belongs to the article shown until now
            self.error.hide()
            self.tag_field.clear()
            self.note_status.clear()
        self.article, self.review = article, review
        typing = same and (self.note.hasFocus() or self.note.toPlainText() != self._note_sent)
        self._show_review(keep_note=typing)
        if not same:
            self.note_button.setChecked(self.note_open or bool(review.note))
        self.setVisible(article is not None and self.library is not None)

    # Changes

    def toggle_star(self) -> None:
        starred = not self.review.starred
        self._apply(lambda library, article: library.star(article, starred))

    def add_tags(self, text: str) -> bool:
        """Tag the article with each comma-separated name in `text`; whether it was."""
        names = [name.strip() for name in text.split(",") if name.strip()]
        if not names:
            return False
        return self._apply(lambda library, article: library.tag(article, *names))

    def remove_tag(self, name: str) -> None:
        from_keyboard = any(chip.hasFocus() for chip in self.chips)
        self._apply(lambda library, article: library.untag(article, name))
        if from_keyboard:  # its chip is gone: the keyboard goes on from the add field
            self.tag_field.setFocus()

    def save_note(self) -> None:
        """Write the note if it changed since it was read or last written."""
        self.note_timer.stop()
        text = self.note.toPlainText()
        if self.article is None or self.library is None or text == self._note_sent:
            return
        if self._apply(lambda library, article: library.note(article, text)):
            self._note_sent = text
            self.note_status.setText("Saved")

    def _apply(self, change) -> bool:
        """Make `change(library, article)`, which returns the new Review; a refusal, or an index
        that cannot be read to find the article, is shown as one sentence under the bar.
        Whether it was made."""
        if self.article is None or self.library is None:
            return False
        article = self.article
        try:
            review = change(self.library, article)
        except (UserInputError, IndexUnavailable) as error:
            self.error.setText(sentence(str(error)))
            self.error.show()
            return False
        self.error.hide()
        self.review = review
        known = {_key(tag) for tag in self.known_tags}
        self.known_tags += [tag for tag in review.tags if _key(tag) not in known]
        self._show_review(keep_note=True)
        self.reviewChanged.emit(article)
        return True

    # Showing

    def _show_review(self, keep_note: bool = False) -> None:
        starred = self.review.starred
        self.star_button.setText(STARS[starred])
        color = STAR_COLORS[is_dark(self.palette())] if starred else ""
        self.star_button.setStyleSheet(f"color: {color}" if color else "")
        tip = "Remove the star (S)" if starred else "Star this article (S)"
        self.star_button.setToolTip(tip)
        self.star_button.setAccessibleDescription("starred" if starred else "not starred")
        while self.flow.count():
            self.flow.takeAt(0)
        for chip in self.chips:
            chip.deleteLater()
        self.chips = [self._chip(tag) for tag in self.review.tags]
        for widget in (self.star_button, *self.chips, self.tag_field, self.note_button):
            self.flow.addWidget(widget)
        self._offer_tags()
        if not keep_note:
            self.note.blockSignals(True)
            self.note.setPlainText(self.review.note)
            self.note.blockSignals(False)
            self._note_sent = self.review.note
        self.row.updateGeometry()

    def _chip(self, tag: str) -> QToolButton:
        chip = QToolButton()
        chip.setObjectName("filterChip")  # drawn as the filter chips are (app.qss)
        room = chip.fontMetrics().averageCharWidth() * CHIP_LETTERS
        label = chip.fontMetrics().elidedText(tag, Qt.TextElideMode.ElideRight, room)
        # "&" doubled: a button reads a single one as a shortcut, which would remove the tag
        chip.setText(f"{label.replace('&', '&&')}  ✕")
        chip.setToolTip(tooltip(f"Remove the tag “{tag}”"))
        chip.setAccessibleName(f"Remove tag {tag}")
        chip.clicked.connect(lambda _checked=False, name=tag: self.remove_tag(name))
        return chip

    def _offer_tags(self) -> None:
        """Complete from the tags in use that the article does not have yet."""
        present = {_key(tag) for tag in self.review.tags}
        offered = [tag for tag in self.known_tags if _key(tag) not in present]
        self.completer.model().setStringList(offered)

    def _fit_sizes(self) -> None:
        """Sizes in the text size in use: the note NOTE_LINES lines high with its frame and
        margins, the add field TAG_FIELD_LETTERS wide, the star larger than the text."""
        margins = 2 * (self.note.frameWidth() + int(self.note.document().documentMargin()))
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * NOTE_LINES + margins)
        self.tag_field.setFixedWidth(self.fontMetrics().averageCharWidth() * TAG_FIELD_LETTERS)
        star = QFont(self.font())
        star.setPointSizeF(self.font().pointSizeF() * STAR_SCALE)
        self.star_button.setFont(star)

    def changeEvent(self, event: QEvent) -> None:
        """A new text size: sizes follow it; a new theme: the star's and the error's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_sizes()
        elif event.type() == QEvent.Type.PaletteChange:
            self._show_review(keep_note=True)
            self.error.setStyleSheet(f"color: {ERROR_COLORS[is_dark(self.palette())]}")

    # The tags in use

    def load_tags(self) -> None:
        """Read the tags in use (a search) off the GUI thread, for the add field's completions."""
        if self.library is None or self.runner is None:
            return
        self.runner.start(
            Task(self.library.tags),
            self._tags_loaded,
            lambda error: log.warning("no tags to complete from: %s", error),
        )

    def _tags_loaded(self, tags: dict[str, int]) -> None:
        self.known_tags = list(tags)
        self._offer_tags()

    # Events

    def _tag_entered(self) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # Enter picks the completion: its `activated` adds it
        if self.add_tags(self.tag_field.text()):
            self.tag_field.clear()

    def _completion_chosen(self, _text: str) -> None:
        # The field holds the completed text by now (QLineEdit took it first): add what it says.
        if self.add_tags(self.tag_field.text()):
            self.tag_field.clear()

    def _show_note(self, shown: bool) -> None:
        if not shown:
            self.save_note()
        self.note_row.setVisible(shown)

    def _note_clicked(self, shown: bool) -> None:
        """The user's choice, unlike a note that opens by itself, holds for the next articles."""
        self.note_open = shown
        if shown:
            self._focus_note()

    def _note_edited(self) -> None:
        self.note_status.clear()
        self.note_timer.start()

    def open_note(self) -> None:
        """Show the note field and put the cursor in it."""
        self.note_open = True
        self.note_button.setChecked(True)
        self._focus_note()

    def _focus_note(self) -> None:
        """The cursor in the note, after its last word: where one goes on writing."""
        self.note.setFocus()
        self.note.moveCursor(QTextCursor.MoveOperation.End)

    def hideEvent(self, event) -> None:
        self.save_note()  # the window closes, or the preview shows no article
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The add field: refresh its completions when the user comes to it; Esc empties it."""
        if watched is self.tag_field:
            if event.type() == QEvent.Type.FocusIn:
                self.load_tags()
            elif event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.tag_field.clear()
                self.error.hide()
                return True
        return super().eventFilter(watched, event)


def _key(tag: str) -> str:
    """A tag's name as the library compares it: "Check" and "check" are one tag."""
    return " ".join(tag.split()).casefold()
