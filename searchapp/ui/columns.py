"""The window's three columns (filters, results, preview) and how they share its width."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

FILTERS_SHARE = 5  # the filters take a fifth of the width at first,
FILTERS_MAX = 280  # and no more than this many pixels,
FILTERS_NARROW = 4  # and give way to the others on a narrow window, down to a quarter
RESULTS_RATIO = 0.45  # of what the filters leave, the results' share at first


class Columns(QSplitter):
    """Filters, results and preview side by side. As the window resizes the filters keep
    their width (as far as a quarter of the window allows) and the results and the preview
    keep their ratio, so neither is squeezed to nothing; dragging a handle sets both anew."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("mainSplitter")
        self.setChildrenCollapsible(False)
        self.filters_width: int | None = None  # what the user (or the first layout) chose
        self.ratio = RESULTS_RATIO
        self.restored = False  # saved widths wait for the window's size
        self.splitterMoved.connect(lambda _pos, _index: self._remember())

    def first_widths(self) -> None:
        """The widths of a first start: a fifth for the filters, the rest by RESULTS_RATIO."""
        self.filters_width = min(self.width() // FILTERS_SHARE, FILTERS_MAX)
        self.ratio = RESULTS_RATIO
        self.spread()

    def restoreState(self, state: QByteArray | bytes) -> bool:  # noqa: N802 - Qt's name
        """Take up saved widths; they are read back once the window has its size."""
        self.restored = super().restoreState(state)
        return self.restored

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.restored:
            self.restored = False
            self._remember()  # Qt has laid out the saved widths: keep them as chosen
        elif self.filters_width is not None:
            self.spread()

    def spread(self) -> None:
        """Give each column its width for the splitter's width now."""
        total = sum(self.sizes()) or self.width()
        filters, results = self.widget(0), self.widget(1)
        left = min(self.filters_width, max(filters.minimumWidth(), total // FILTERS_NARROW))
        left = max(left, filters.minimumWidth())
        rest = total - left
        middle = max(int(rest * self.ratio), results.minimumWidth())
        self.setSizes([left, middle, rest - middle])

    def _remember(self) -> None:
        left, middle, right = self.sizes()
        if middle + right:
            self.filters_width, self.ratio = left, middle / (middle + right)
