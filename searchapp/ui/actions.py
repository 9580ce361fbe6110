"""The window's commands as QActions, each with a tooltip that names its shortcut."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


def make_action(
    parent: QObject,
    text: str,
    tip: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
) -> QAction:
    """An action for menus and toolbars; its tip shows in tooltips and in the status bar."""
    action = QAction(text, parent)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(slot)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(
            f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        )
    return action
