"""Text size and theme: they reach widgets already open, stay in bounds, and are remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow

from searchapp.ui.app import window_settings
from searchapp.ui.appearance import (
    POINTS_KEY,
    TEXT_SIZES,
    THEME_KEY,
    Appearance,
    Theme,
    desktop_points,
    is_dark,
    style_sheet,
    theme_palette,
)

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


@pytest.fixture(autouse=True)
def restore_application(qapp: QApplication):
    """Put back the font, palette, style sheet, style and colour scheme the session's shared
    QApplication had, so the window's tests after these see the desktop's look."""
    font, palette, sheet = QFont(qapp.font()), QPalette(qapp.palette()), qapp.styleSheet()
    style = qapp.style().name()
    yield
    hints = qapp.styleHints()
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(Qt.ColorScheme.Unknown)
    if style:
        qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return window_settings(tmp_path)


@pytest.fixture
def appearance(qapp: QApplication, settings: QSettings) -> Appearance:
    return Appearance(qapp, settings)


def styled(qtbot, widget, name: str = ""):
    """`widget`, shown and named for app.qss's rules, closed when the test ends."""
    widget.setObjectName(name)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def contrast(foreground: QColor, background: QColor) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""

    def luminance(color: QColor) -> float:
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (color.redF(), color.greenF(), color.blueF())
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Text size


def test_larger_and_smaller_reach_the_application_and_open_widgets(qtbot, qapp, appearance):
    field, label = styled(qtbot, QLineEdit()), styled(qtbot, QLabel("text"))
    appearance.set_points(10)
    appearance.larger_action.trigger()
    assert qapp.font().pointSizeF() == 11
    assert field.font().pointSizeF() == 11 and label.font().pointSizeF() == 11
    appearance.smaller_action.trigger()
    appearance.smaller_action.trigger()
    assert qapp.font().pointSizeF() == 9 and label.font().pointSizeF() == 9


def test_text_size_stops_at_its_bounds(qapp, appearance):
    appearance.set_points(TEXT_SIZES[-2])
    appearance.larger()
    appearance.larger()
    assert qapp.font().pointSizeF() == TEXT_SIZES[-1]
    assert not appearance.larger_action.isEnabled() and appearance.smaller_action.isEnabled()
    appearance.set_points(TEXT_SIZES[1])
    appearance.smaller()
    appearance.smaller()
    assert qapp.font().pointSizeF() == TEXT_SIZES[0]
    assert not appearance.smaller_action.isEnabled() and appearance.larger_action.isEnabled()


def test_normal_text_size_forgets_the_chosen_size(qapp, appearance, settings):
    appearance.larger()
    appearance.larger()
    appearance.normal_size_action.trigger()
    assert qapp.font().pointSizeF() == desktop_points()
    assert settings.value(POINTS_KEY) is None


def test_style_sheet_sizes_grow_with_the_text(qtbot, appearance):
    title = styled(qtbot, QLabel("Rebels take Homs"), "previewTitle")
    field = styled(qtbot, QLineEdit(), "searchField")

    def assert_scaled(points: float) -> None:  # app.qss: 1.3em and 1.15em, to 0.1 pt
        assert title.font().pointSizeF() == pytest.approx(1.3 * points, abs=0.05)
        assert field.font().pointSizeF() == pytest.approx(1.15 * points, abs=0.05)

    appearance.set_points(10)
    assert_scaled(10)
    appearance.larger()
    assert_scaled(11)


def test_the_style_sheet_keeps_no_fixed_font_size():
    sheet = style_sheet(10)
    assert "font-size: 13.0pt" in sheet
    assert "px" not in "".join(line for line in sheet.splitlines() if "font-size" in line)


def test_keys_change_the_size_in_a_window(qtbot, qapp, appearance):
    window = QMainWindow()
    window.setCentralWidget(QLineEdit())
    window.menuBar().addMenu(appearance.menu(window))
    styled(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    appearance.set_points(10)
    qtbot.keyClick(window.centralWidget(), Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert qapp.font().pointSizeF() == 11
    qtbot.keyClick(window.centralWidget(), Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.centralWidget(), Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert qapp.font().pointSizeF() == 9


def test_every_action_says_what_it_does_and_the_menu_holds_them(qapp, appearance):
    shortcuts = [key.toString() for key in appearance.larger_action.shortcuts()]
    assert shortcuts == ["Ctrl++", "Ctrl+="]
    assert appearance.smaller_action.shortcut() == QKeySequence("Ctrl+-")
    assert appearance.normal_size_action.shortcut() == QKeySequence("Ctrl+0")
    menu = appearance.menu(None)
    themes = menu.actions()[-1].menu()
    assert menu.title() == "&View" and themes.title() == "&Theme"
    assert themes.actions() == list(appearance.theme_actions.values())
    assert appearance.theme_group.isExclusive()
    for action in [*menu.actions()[:3], *themes.actions()]:
        assert action.toolTip() and action.statusTip(), action.text()


# Theme


@pytest.mark.parametrize("theme", [Theme.DARK, Theme.LIGHT])
def test_a_theme_sets_a_palette_of_its_lightness(qtbot, qapp, appearance, theme):
    label = styled(qtbot, QLabel("text"))
    appearance.theme_actions[theme].trigger()
    dark = theme is Theme.DARK
    for palette in (qapp.palette(), label.palette()):
        assert is_dark(palette) == dark
        assert (palette.color(Role.Text).lightness() > 128) == dark
    assert appearance.theme_actions[theme].isChecked()


def test_dark_then_light_then_dark_again(qapp, appearance):
    for theme in (Theme.DARK, Theme.LIGHT, Theme.DARK):
        appearance.set_theme(theme)
        assert is_dark(qapp.palette()) == (theme is Theme.DARK)


def test_system_theme_gives_back_the_desktop_palette(qapp, appearance):
    desktop = QPalette(qapp.palette())
    opposite = Theme.LIGHT if is_dark(desktop) else Theme.DARK
    appearance.set_theme(opposite)
    assert qapp.palette().color(Role.Base) != desktop.color(Role.Base)
    appearance.set_theme(Theme.SYSTEM)
    for role in (Role.Base, Role.Text, Role.Window, Role.Highlight):
        assert qapp.palette().color(role) == desktop.color(role)
    assert not qapp.palette().resolveMask()


def test_palette_colours_in_the_style_sheet_follow_the_theme(qtbot, qapp, appearance):
    details = styled(qtbot, QLabel("CNN · 2024-12-07"), "previewDetails")
    appearance.set_theme(Theme.DARK)
    dark = details.palette().color(Role.WindowText)
    assert dark == theme_palette(Theme.DARK).color(Role.PlaceholderText)
    appearance.set_theme(Theme.LIGHT)
    assert details.palette().color(Role.WindowText) != dark


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK])
def test_our_palettes_read_well(theme):
    palette = theme_palette(theme)
    readable = [
        (Role.Text, Role.Base),
        (Role.WindowText, Role.Window),
        (Role.ButtonText, Role.Button),
        (Role.HighlightedText, Role.Highlight),
        (Role.Link, Role.Base),
        (Role.LinkVisited, Role.Base),
        (Role.PlaceholderText, Role.Base),
        (Role.PlaceholderText, Role.Window),
        (Role.ToolTipText, Role.ToolTipBase),
    ]
    for text, background in readable:
        ratio = contrast(palette.color(text), palette.color(background))
        assert ratio >= 4.5, (text, background, ratio)
    for text, background in [(Role.Text, Role.Base), (Role.WindowText, Role.Window)]:
        ratio = contrast(palette.color(Group.Disabled, text), palette.color(background))
        assert ratio >= 3, ("disabled", text, ratio)


# Remembering


def test_size_and_theme_are_remembered_for_the_next_start(qapp, tmp_path, appearance):
    desktop_font, desktop_palette = QFont(qapp.font()), QPalette(qapp.palette())
    appearance.set_points(12)
    appearance.set_theme(Theme.DARK)
    written = (tmp_path / "window.ini").read_text(encoding="utf-8")
    assert "font_points=12" in written and "theme=dark" in written

    qapp.setFont(desktop_font)
    qapp.setPalette(desktop_palette)
    later = Appearance(qapp, window_settings(tmp_path))
    assert (later.points, later.theme) == (12, Theme.DARK)
    later.apply()
    assert qapp.font().pointSizeF() == 12
    assert is_dark(qapp.palette()) and later.theme_actions[Theme.DARK].isChecked()


@pytest.mark.parametrize(
    ("stored", "points"),
    [("abc", None), ("nan", None), ("", None), ("500", TEXT_SIZES[-1]), ("-3", TEXT_SIZES[0])],
)
def test_a_damaged_size_falls_back_without_error(qapp, settings, stored, points):
    settings.setValue(POINTS_KEY, stored)
    appearance = Appearance(qapp, settings)
    appearance.apply()
    expected = desktop_points() if points is None else points
    assert appearance.points == expected and qapp.font().pointSizeF() == expected


def test_an_unknown_theme_falls_back_to_the_system_one(qapp, settings):
    desktop = QPalette(qapp.palette())
    settings.setValue(THEME_KEY, "purple")
    appearance = Appearance(qapp, settings)
    appearance.apply()
    assert appearance.theme is Theme.SYSTEM
    assert appearance.theme_actions[Theme.SYSTEM].isChecked()
    assert qapp.palette().color(Role.Base) == desktop.color(Role.Base)


def test_the_window_has_the_view_menu_and_its_marks_follow_the_theme(
    qtbot, seed_library, open_window
):
    from .conftest import type_query

    window = open_window(seed_library)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Library", "&View", "&Help"]
    type_query(qtbot, window, "Homs")
    qtbot.waitUntil(lambda: window.preview.view is not None and bool(window.preview.positions))

    def mark_lightness() -> int:
        selection = window.preview.text.extraSelections()[0]
        return QColor(selection.format.background().color()).lightness()

    window.appearance.set_theme(Theme.LIGHT)
    light = mark_lightness()
    window.appearance.set_theme(Theme.DARK)
    qtbot.waitUntil(lambda: mark_lightness() < light)  # a darker mark under light text


def test_the_window_opens_in_the_remembered_text_size(qtbot, qapp, seed_library):
    from searchapp.ui.app import remembered_window

    settings = window_settings(seed_library.home)
    settings.setValue(POINTS_KEY, 15)
    settings.sync()
    window = remembered_window(qapp, seed_library)
    qtbot.addWidget(window)
    # Every part, not only those the style sheet sizes: the list and the article too.
    assert window.results.font().pointSizeF() == 15
    assert window.preview.text.font().pointSizeF() == 15
