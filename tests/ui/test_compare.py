"""The compare window: two copies side by side, edits marked, stepped through, scrolled as one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from searchapp.core.types import ArticleView, Comparison, DateOrigin, WordChange
from searchapp.ui.appearance import Theme, theme_palette
from searchapp.ui.compare import CompareDialog, VersionPane

# A wire story and a copy of it: a figure corrected, a word changed, the page re-wrapped
# between "fled" and "the", the last paragraph trimmed, a correction line added.
CHANGES = (
    WordChange("same", "About "),
    WordChange("dropped", "120,000"),
    WordChange("added", "150,000"),
    WordChange("same", " people fled"),
    WordChange("dropped", " "),
    WordChange("added", "\n"),
    WordChange("same", "the city, the "),
    WordChange("dropped", "army"),
    WordChange("added", "military"),
    WordChange("same", " said.\n\n"),
    WordChange("dropped", "The rebels' advance is the fastest in years."),
    WordChange("added", "(Corrects number of people)"),
)
FIRST = (
    "About 120,000 people fled the city, the army said.\n\n"
    "The rebels' advance is the fastest in years."
)
SECOND = "About 150,000 people fled\nthe city, the military said.\n\n(Corrects number of people)"


def article(id: str, text: str, title: str = "Thousands flee Homs", source: str = "UPI"):
    return ArticleView(
        id=id,
        path=id,
        part=1,
        parts=1,
        title=title,
        date=dt.date(2024, 12, 6),
        date_origin=DateOrigin.DATELINE,
        source=source,
        text=text,
        hits=[],
        file=Path("/nonexistent"),
    )


def comparison(changes: tuple[WordChange, ...] = CHANGES, **second) -> Comparison:
    first_text = "".join(c.text for c in changes if c.kind != "added")
    second_text = "".join(c.text for c in changes if c.kind != "dropped")
    return Comparison(
        article("/archive/upi.txt", first_text),
        article("/archive/recorder.txt", second_text, **second),
        changes,
    )


@pytest.fixture
def open_compare(qtbot) -> Callable[[Comparison], CompareDialog]:
    """Show a compare dialog; closed when the test ends."""
    opened: list[CompareDialog] = []

    def make(value: Comparison) -> CompareDialog:
        dialog = CompareDialog(value)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        opened.append(dialog)
        return dialog

    yield make
    for dialog in opened:
        dialog.close()


def marks(pane: VersionPane) -> list[str]:
    return [selection.cursor.selectedText() for selection in pane.text.extraSelections()]


def first_mark_color(pane: VersionPane) -> QColor:
    selections = pane.text.extraSelections()  # kept: a format outlives only its selection
    return selections[0].format.background().color()


def cursor_word(pane: VersionPane) -> str:
    """The word the pane's cursor stands at the start of."""
    text = pane.text.toPlainText()
    position = pane.text.textCursor().position()
    return text[position:].split()[0] if text[position:].split() else ""


def test_each_pane_shows_its_copy_with_its_own_edits_marked(open_compare):
    dialog = open_compare(comparison())
    assert dialog.first_pane.text.toPlainText() == FIRST
    assert dialog.second_pane.text.toPlainText() == SECOND
    assert marks(dialog.first_pane) == [
        "120,000",
        "army",
        "The rebels' advance is the fastest in years.",
    ]
    assert marks(dialog.second_pane) == ["150,000", "military", "(Corrects number of people)"]


def test_dropped_words_are_struck_out_and_added_ones_are_not(open_compare):
    dialog = open_compare(comparison())
    dropped = dialog.first_pane.text.extraSelections()
    added = dialog.second_pane.text.extraSelections()
    assert all(selection.format.fontStrikeOut() for selection in dropped)
    assert not any(selection.format.fontStrikeOut() for selection in added)
    red, green = dropped[0].format.background().color(), added[0].format.background().color()
    assert red.red() > red.green() and green.green() > green.red()


def test_the_summary_counts_words_in_common_dropped_and_added(open_compare):
    dialog = open_compare(comparison())
    # 7 words in both; 10 dropped (120,000, army, the last paragraph's 8); 6 added: 14 / 30.
    assert dialog.summary.text() == "47% of words in common · 10 words dropped · 6 added"
    assert dialog.position.text() == "3 changes"


def test_a_change_of_layout_only_is_no_change(open_compare):
    rewrapped = (
        WordChange("same", "About 120,000 people fled"),
        WordChange("dropped", " "),
        WordChange("added", "\n"),
        WordChange("same", "the city."),
    )
    dialog = open_compare(comparison(rewrapped))
    assert marks(dialog.first_pane) == marks(dialog.second_pane) == []
    assert dialog.summary.text() == "100% of words in common · 0 words dropped · 0 added"
    assert dialog.position.text() == "no changes"
    assert not dialog.next_button.isEnabled()


def test_next_and_previous_change_move_both_cursors(open_compare):
    dialog = open_compare(comparison())
    dialog.next_change()
    assert (cursor_word(dialog.first_pane), cursor_word(dialog.second_pane)) == (
        "120,000",
        "150,000",
    )
    assert dialog.position.text() == "change 1 of 3"
    dialog.next_change()
    assert (cursor_word(dialog.first_pane), cursor_word(dialog.second_pane)) == (
        "army",
        "military",
    )
    dialog.previous_change()
    dialog.previous_change()  # round the start, to the last
    assert (cursor_word(dialog.first_pane), cursor_word(dialog.second_pane)) == (
        "The",
        "(Corrects",
    )
    assert dialog.position.text() == "change 3 of 3"


def test_the_first_step_back_goes_to_the_last_change(open_compare):
    dialog = open_compare(comparison())
    dialog.previous_change()
    assert dialog.position.text() == "change 3 of 3"
    dialog.next_change()
    assert dialog.position.text() == "change 1 of 3"


def test_the_current_change_is_marked_stronger(open_compare):
    dialog = open_compare(comparison())
    dialog.next_change()
    dialog.next_change()
    colors = [s.format.background().color() for s in dialog.first_pane.text.extraSelections()]
    assert colors[0] == colors[2] != colors[1]


@pytest.mark.parametrize(
    ("forward", "back"),
    [(Qt.Key.Key_F3, Qt.Key.Key_F3), (Qt.Key.Key_N, Qt.Key.Key_P)],
    ids=["F3", "n and p"],
)
def test_keys_step_through_the_changes(qtbot, open_compare, forward, back):
    dialog = open_compare(comparison())
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    back_modifier = (
        Qt.KeyboardModifier.ShiftModifier
        if back == Qt.Key.Key_F3
        else Qt.KeyboardModifier.NoModifier
    )
    qtbot.keyClick(dialog.first_pane.text, forward)
    qtbot.keyClick(dialog.first_pane.text, forward)
    assert cursor_word(dialog.second_pane) == "military"
    qtbot.keyClick(dialog.first_pane.text, back, back_modifier)
    assert cursor_word(dialog.second_pane) == "150,000"


def test_an_addition_places_the_first_cursor_where_it_would_stand(open_compare):
    added_line = (
        WordChange("same", "The army said."),
        WordChange("added", "\n\n(Corrects number of people)"),
    )
    dialog = open_compare(comparison(added_line))
    assert marks(dialog.first_pane) == []
    dialog.next_change()
    assert dialog.first_pane.text.textCursor().position() == len("The army said.")
    assert cursor_word(dialog.second_pane) == "(Corrects"


def test_markup_in_texts_and_titles_shows_as_written(open_compare):
    tagged = (
        WordChange("same", "A <b>bold</b> claim &amp; "),
        WordChange("added", "<i>more</i>"),
    )
    dialog = open_compare(comparison(tagged, title="<b>x</b> story"))
    assert dialog.second_pane.text.toPlainText() == "A <b>bold</b> claim &amp; <i>more</i>"
    assert marks(dialog.second_pane) == ["<i>more</i>"]
    titles = [label.text() for label in dialog.second_pane.findChildren(QLabel)]
    assert "<b>x</b> story" in titles
    assert all(
        label.textFormat() == Qt.TextFormat.PlainText
        for label in dialog.findChildren(QLabel)
        if "<" in label.text()
    )


def test_marks_stand_on_their_words_after_characters_outside_the_bmp(open_compare):
    emoji = (
        WordChange("same", "Crowds 🎉🎉 cheered "),
        WordChange("dropped", "loudly"),
        WordChange("added", "wildly"),
        WordChange("same", " in 𝐇𝐨𝐦𝐬."),
    )
    dialog = open_compare(comparison(emoji))
    assert marks(dialog.first_pane) == ["loudly"]
    assert marks(dialog.second_pane) == ["wildly"]


def test_scrolling_one_pane_scrolls_the_other_to_the_same_share(open_compare):
    paragraph = "Rebels reached the outskirts of Homs on Friday, the army said. " * 4
    long = (
        WordChange("same", "\n\n".join([paragraph] * 40)),
        WordChange("added", "\n\n" + "\n\n".join([paragraph] * 40)),
    )
    dialog = open_compare(comparison(long))
    first_bar = dialog.first_pane.text.verticalScrollBar()
    second_bar = dialog.second_pane.text.verticalScrollBar()
    assert first_bar.maximum() > 0 and second_bar.maximum() > first_bar.maximum()
    first_bar.setValue(first_bar.maximum() // 2)
    assert second_bar.value() == pytest.approx(second_bar.maximum() / 2, abs=2)
    second_bar.setValue(second_bar.maximum())
    assert first_bar.value() == first_bar.maximum()


def test_the_marks_follow_a_change_of_theme(qtbot, qapp: QApplication, open_compare):
    palette = QPalette(qapp.palette())
    try:
        qapp.setPalette(theme_palette(Theme.LIGHT))
        dialog = open_compare(comparison())
        assert first_mark_color(dialog.first_pane).lightness() > 128
        qapp.setPalette(theme_palette(Theme.DARK))
        qtbot.waitUntil(lambda: first_mark_color(dialog.first_pane).lightness() < 128)
    finally:
        qapp.setPalette(palette)


def test_controls_have_tooltips_and_accessible_names(open_compare):
    dialog = open_compare(comparison())
    for button in (dialog.previous_button, dialog.next_button):
        assert button.accessibleName()
        assert "F3" in button.toolTip()
    assert dialog.first_pane.text.accessibleName() == "First copy: text"
    assert dialog.second_pane.text.accessibleName() == "Second copy: text"
