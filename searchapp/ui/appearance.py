"""How the window looks: its text size and its light, dark or system theme, remembered."""

from __future__ import annotations

import math
import re
from enum import StrEnum

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QFont,
    QFontDatabase,
    QFontInfo,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from searchapp.paths import resources_dir
from searchapp.ui.actions import make_action

POINTS_KEY = "appearance/font_points"
THEME_KEY = "appearance/theme"

# The sizes Larger and Smaller step through: 1 pt apart where that is about 10%, then 2 pt.
TEXT_SIZES = (7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 24, 26, 28)

# Qt style sheets take font sizes only in pt or px, so app.qss writes them in em of the text size
# and style_sheet() turns them into points.
_EM_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)em")

# Qt's desktop style, noted before any style sheet hides its name (app.style().name() is empty
# under one), so that "system" can go back to it after a theme needed Fusion.
_DESKTOP_STYLE = "searchappDesktopStyle"


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


THEME_CHOICES = {
    Theme.SYSTEM: ("&System", "Follow the desktop's light or dark setting"),
    Theme.LIGHT: ("&Light", "Dark text on a light background"),
    Theme.DARK: ("&Dark", "Light text on a dark background"),
}

# The palettes for when the desktop cannot switch its own. Text, links, highlighted and
# placeholder text reach 4.5:1 against their backgrounds, disabled text 3:1
# (tests/ui/test_appearance.py checks). Mid outlines the filter chips, so it stands out from
# Window in both. Accent is Qt 6.6's and is skipped where it does not exist.
LIGHT_COLORS = {
    "Window": "#efefef",
    "WindowText": "#1c1c1c",
    "Base": "#ffffff",
    "AlternateBase": "#f3f4f6",
    "Text": "#1c1c1c",
    "Button": "#e6e6e6",
    "ButtonText": "#1c1c1c",
    "BrightText": "#ffffff",
    "Light": "#ffffff",
    "Midlight": "#dcdcdc",
    "Mid": "#b0b0b0",
    "Dark": "#8c8c8c",
    "Shadow": "#5c5c5c",
    "Highlight": "#2a62b8",
    "HighlightedText": "#ffffff",
    "Accent": "#2a62b8",
    "Link": "#1a56a8",
    "LinkVisited": "#6a3d9a",
    "ToolTipBase": "#fffbe0",
    "ToolTipText": "#1c1c1c",
    "PlaceholderText": "#6b6b6b",
}
LIGHT_DISABLED = {
    "WindowText": "#838383",
    "Text": "#838383",
    "ButtonText": "#838383",
    "PlaceholderText": "#838383",
    "Highlight": "#c4c4c4",
    "HighlightedText": "#1c1c1c",
}
DARK_COLORS = {
    "Window": "#2a2b2d",
    "WindowText": "#e6e6e6",
    "Base": "#1d1e20",
    "AlternateBase": "#2c2e31",
    "Text": "#e6e6e6",
    "Button": "#36383b",
    "ButtonText": "#e6e6e6",
    "BrightText": "#ffffff",
    "Light": "#6a6e73",
    "Midlight": "#45484c",
    "Mid": "#5a5d62",
    "Dark": "#18191b",
    "Shadow": "#0d0d0e",
    "Highlight": "#2f63b0",
    "HighlightedText": "#ffffff",
    "Accent": "#2f63b0",
    "Link": "#8ab4f8",
    "LinkVisited": "#c9a0f7",
    "ToolTipBase": "#3b3d41",
    "ToolTipText": "#f0f0f0",
    "PlaceholderText": "#a0a3a8",
}
DARK_DISABLED = {
    "WindowText": "#85888d",
    "Text": "#85888d",
    "ButtonText": "#85888d",
    "PlaceholderText": "#85888d",
    "Highlight": "#45484c",
    "HighlightedText": "#e6e6e6",
}


def style_sheet(points: float) -> str:
    """app.qss for text of `points` points; empty when the file is missing."""
    try:
        sheet = (resources_dir() / "app.qss").read_text(encoding="utf-8")
    except OSError:
        return ""
    return _EM_FONT_SIZE.sub(lambda m: f"font-size: {float(m[1]) * points:.1f}pt", sheet)


def larger_size(points: float) -> float:
    """The next size up from `points`, at most the largest."""
    return next((size for size in TEXT_SIZES if size > points), TEXT_SIZES[-1])


def smaller_size(points: float) -> float:
    """The next size down from `points`, at least the smallest."""
    return next((size for size in reversed(TEXT_SIZES) if size < points), TEXT_SIZES[0])


def theme_palette(theme: Theme) -> QPalette:
    """Our own palette for LIGHT or DARK: every role set, so nothing of the desktop's shows."""
    colors, disabled = (
        (DARK_COLORS, DARK_DISABLED) if theme is Theme.DARK else (LIGHT_COLORS, LIGHT_DISABLED)
    )
    palette = QPalette()
    _set_colors(palette, QPalette.ColorGroup.All, colors)
    _set_colors(palette, QPalette.ColorGroup.Disabled, disabled)
    return palette


def _set_colors(palette: QPalette, group: QPalette.ColorGroup, colors: dict[str, str]) -> None:
    for name, color in colors.items():
        role = getattr(QPalette.ColorRole, name, None)
        if role is not None:
            palette.setColor(group, role, QColor(color))


def is_dark(palette: QPalette) -> bool:
    """Whether `palette` puts text on a dark background (the test the marks' colours use)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def desktop_font() -> QFont:
    """The desktop's own font, whatever the application's is now."""
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)


def desktop_points() -> float:
    """The desktop's own text size: what Normal text size goes back to."""
    font = desktop_font()
    return font.pointSizeF() if font.pointSizeF() > 0 else QFontInfo(font).pointSizeF()


def bounded(points: float) -> float:
    """`points` within the smallest and the largest of TEXT_SIZES."""
    return min(max(points, TEXT_SIZES[0]), TEXT_SIZES[-1])


def _stored_points(value: object) -> float | None:
    """A remembered size as points within the bounds; None when absent or unreadable."""
    try:
        points = float(str(value))
    except ValueError:
        return None
    return bounded(points) if math.isfinite(points) else None


class Appearance(QObject):
    """The text size and theme of the whole application, their actions, and their settings.

    Changing the application's font, palette and style sheet (not one window's) reaches every
    widget, dialogs and menus included. Nothing changes until apply() or an action runs.
    """

    def __init__(self, app: QApplication, settings: QSettings) -> None:
        super().__init__(app)
        self.app = app
        self.settings = settings
        if app.property(_DESKTOP_STYLE) is None:
            app.setProperty(_DESKTOP_STYLE, app.style().name())

        self.larger_action = make_action(
            self, "&Larger text", "Make all text larger", self.larger, "Ctrl++"
        )
        # Ctrl+= too: on many keyboards + needs Shift.
        self.larger_action.setShortcuts([self.larger_action.shortcut(), QKeySequence("Ctrl+=")])
        self.smaller_action = make_action(
            self, "&Smaller text", "Make all text smaller", self.smaller, "Ctrl+-"
        )
        self.normal_size_action = make_action(
            self,
            "&Normal text size",
            "Text at the desktop's own size",
            self.normal_size,
            "Ctrl+0",
        )
        self.theme_group = QActionGroup(self)
        self.theme_group.setExclusive(True)
        self.theme_actions = {theme: self._theme_action(theme) for theme in Theme}
        self.theme_group.triggered.connect(lambda action: self.set_theme(action.data()))

    def _theme_action(self, theme: Theme) -> QAction:
        text, tip = THEME_CHOICES[theme]
        action = QAction(text, self.theme_group)
        action.setCheckable(True)
        action.setData(theme.value)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        return action

    def menu(self, parent: QWidget) -> QMenu:
        """The View menu: the text sizes, then the themes in a submenu."""
        menu = QMenu("&View", parent)
        menu.addActions([self.larger_action, self.smaller_action, self.normal_size_action])
        menu.addSeparator()
        menu.addMenu("&Theme").addActions(self.theme_group.actions())
        return menu

    # What is remembered

    @property
    def points(self) -> float:
        """The chosen text size in points; the desktop's when none is chosen."""
        stored = _stored_points(self.settings.value(POINTS_KEY))
        return desktop_points() if stored is None else stored

    @property
    def theme(self) -> Theme:
        """The chosen theme; SYSTEM when none (or an unknown one) is stored."""
        try:
            return Theme(str(self.settings.value(THEME_KEY, Theme.SYSTEM.value)))
        except ValueError:
            return Theme.SYSTEM

    # Changing

    def apply(self) -> None:
        """Show the remembered size and theme (at startup, before the window shows)."""
        self._apply_font()
        self._apply_theme()
        self._restyle()

    def larger(self) -> None:
        """One step up in TEXT_SIZES."""
        self.set_points(larger_size(self.points))

    def smaller(self) -> None:
        """One step down in TEXT_SIZES."""
        self.set_points(smaller_size(self.points))

    def normal_size(self) -> None:
        """Forget the chosen size, so the text follows the desktop's size again."""
        self.settings.remove(POINTS_KEY)
        self.settings.sync()
        self._apply_font()
        self._restyle()

    def set_points(self, points: float) -> None:
        """Text of `points` points (kept within TEXT_SIZES' bounds) everywhere, remembered."""
        self.settings.setValue(POINTS_KEY, bounded(points))
        self.settings.sync()
        self._apply_font()
        self._restyle()

    def set_theme(self, theme: Theme | str) -> None:
        """Switch to `theme` and remember it."""
        self.settings.setValue(THEME_KEY, Theme(theme).value)
        self.settings.sync()
        self._apply_theme()
        self._restyle()

    # Showing

    def _apply_font(self) -> None:
        points = self.points
        font = desktop_font()
        font.setPointSizeF(points)
        self.app.setFont(font)
        self.larger_action.setEnabled(points < TEXT_SIZES[-1])
        self.smaller_action.setEnabled(points > TEXT_SIZES[0])

    def _restyle(self) -> None:
        """Set the style sheet again: its font sizes follow the text size only through
        style_sheet(), and its palette() colours are read only when a sheet is set."""
        self.app.setStyleSheet(style_sheet(self.points))

    def _apply_theme(self) -> None:
        """Ask the desktop for the theme (Qt 6.8+); where it will not switch, use our palette
        with Fusion, the style that draws with any palette on every platform."""
        theme = self.theme
        self.theme_actions[theme].setChecked(True)
        self._follow_desktop()
        if theme is Theme.SYSTEM:
            return
        hints = self.app.styleHints()
        if hasattr(hints, "setColorScheme"):
            hints.setColorScheme(
                Qt.ColorScheme.Dark if theme is Theme.DARK else Qt.ColorScheme.Light
            )
        if is_dark(self.app.palette()) != (theme is Theme.DARK):
            self.app.setStyle("Fusion")
            self.app.setPalette(theme_palette(theme))

    def _follow_desktop(self) -> None:
        """The desktop's colour scheme, palette and style again."""
        hints = self.app.styleHints()
        if hasattr(hints, "setColorScheme"):
            hints.setColorScheme(Qt.ColorScheme.Unknown)
        # Only our palette is set explicitly (a resolve mask); the desktop's has none.
        if self.app.palette().resolveMask():
            desktop_style = self.app.property(_DESKTOP_STYLE)
            if desktop_style:
                self.app.setStyle(desktop_style)
            self.app.setPalette(QPalette())
