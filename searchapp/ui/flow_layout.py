"""A layout that sets widgets side by side and wraps them onto another row where the width runs
out, as words wrap in a paragraph: the review bar's star, tag chips and fields."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Widgets side by side, wrapping onto another row where the width runs out; each row's
    widgets centred on its middle line."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()  # laid out again, as Qt's own layouts are on a change

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        self.invalidate()
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """Everything on one row."""
        shown = [item.sizeHint() for item in self._visible()]
        width = sum(size.width() for size in shown) + self.spacing() * max(0, len(shown) - 1)
        return QSize(width, max((size.height() for size in shown), default=0))

    def minimumSize(self) -> QSize:
        """As wide as the widest widget: narrower, each has a row of its own."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, apply: bool) -> int:
        """Lay the widgets out in `rect` (only measure, unless `apply`); the height they take."""
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            width = min(item.sizeHint().width(), rect.width())
            if rows[-1] and used + self.spacing() + width > rect.width():
                rows.append([])
                used = 0
            used += (self.spacing() if rows[-1] else 0) + width
            rows[-1].append(item)
        top = rect.y()
        for row in rows:
            height = max((item.sizeHint().height() for item in row), default=0)
            left = rect.x()
            for item in row:
                hint = item.sizeHint()
                width = min(hint.width(), rect.width())
                if apply:
                    offset = (height - hint.height()) // 2
                    item.setGeometry(QRect(left, top + offset, width, hint.height()))
                left += width + self.spacing()
            top += height + (self.spacing() if row is not rows[-1] else 0)
        return top - rect.y()
