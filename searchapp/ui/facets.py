"""The facet widgets of the filter panel: sources with counts, a date histogram to click or drag,
and from/to dates."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.types import DateBucket
from searchapp.ui.text import tooltip

SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1
LABEL_FORMATS = {"day": "%Y-%m-%d", "month": "%b %Y", "year": "%Y"}


class SourceFacets(QListWidget):
    """Sources with their counts as checkable items; ticking several ORs them."""

    selectionChangedByUser = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sources")
        self.setToolTip("Tick sources to show only their articles")
        self._updating = False
        self.itemChanged.connect(self._item_changed)

    def selected(self) -> list[str]:
        return [
            self.item(i).data(SOURCE_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_counts(self, counts: dict[str, int], selected: list[str]) -> None:
        """Show the counts; ticked sources stay listed even when the query finds none of theirs."""
        self._updating = True
        self.clear()
        names = list(counts) + [s for s in selected if s not in counts]
        for name in names:
            item = QListWidgetItem(f"{name}  ({counts.get(name, 0)})")
            item.setData(SOURCE_ROLE, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if name in selected else Qt.CheckState.Unchecked
            )
            item.setToolTip(tooltip(f"{counts.get(name, 0)} matching articles from {name}"))
            self.addItem(item)
        self._updating = False

    def clear_selection(self) -> None:
        self._updating = True
        for i in range(self.count()):
            self.item(i).setCheckState(Qt.CheckState.Unchecked)
        self._updating = False

    def uncheck(self, name: str) -> None:
        for i in range(self.count()):
            if self.item(i).data(SOURCE_ROLE) == name:
                self.item(i).setCheckState(Qt.CheckState.Unchecked)

    def _item_changed(self, _item: QListWidgetItem) -> None:
        if not self._updating:
            self.selectionChangedByUser.emit()


class DateHistogram(QWidget):
    """Matching articles per day, month or year as bars; click a bar or drag across bars."""

    rangeSelected = Signal(object, object)  # first and last day of the chosen bars

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buckets: list[DateBucket] = []
        self.granularity = "day"
        self.selection: tuple[dt.date, dt.date] | None = None
        self._drag_from: int | None = None
        self._drag_to: int | None = None
        self.setMouseTracking(True)
        self.setMinimumHeight(90)
        self.setAccessibleName("Date histogram")
        self.setToolTip("Click a bar to show that period; drag across bars for a range")

    def sizeHint(self) -> QSize:
        return QSize(220, 110)

    def set_buckets(self, buckets: list[DateBucket], granularity: str) -> None:
        self.buckets, self.granularity = list(buckets), granularity
        self.update()

    def set_selection(self, first: dt.date | None, last: dt.date | None) -> None:
        self.selection = (first or dt.date.min, last or dt.date.max) if (first or last) else None
        self.update()

    def _plot(self) -> QRect:
        return self.rect().adjusted(4, 4, -4, -18)

    def bar_at(self, point: QPoint) -> int | None:
        plot = self._plot()
        if not self.buckets or not plot.contains(QPoint(point.x(), plot.center().y())):
            return None
        index = int((point.x() - plot.left()) * len(self.buckets) / max(1, plot.width()))
        return min(max(index, 0), len(self.buckets) - 1)

    def bar_rect(self, index: int) -> QRect:
        """Where bar `index` is drawn (its full height slot)."""
        plot = self._plot()
        width = plot.width() / len(self.buckets)
        left = plot.left() + int(index * width)
        return QRect(
            left, plot.top(), max(1, int((index + 1) * width) - int(index * width)), plot.height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        plot = self._plot()
        if not self.buckets:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dates to show")
            return
        highest = max(b.count for b in self.buckets) or 1
        bar_color = palette.color(QPalette.ColorRole.Highlight)
        dim = QColor(bar_color)
        dim.setAlpha(90)
        dragging = None
        if self._drag_from is not None and self._drag_to is not None:
            dragging = sorted((self._drag_from, self._drag_to))
        for index, bucket in enumerate(self.buckets):
            slot = self.bar_rect(index)
            chosen = self._is_selected(index, bucket, dragging)
            height = int(plot.height() * bucket.count / highest)
            if bucket.count and height < 2:
                height = 2
            bar = QRect(
                slot.left() + 1, plot.bottom() - height + 1, max(1, slot.width() - 2), height
            )
            painter.fillRect(bar, bar_color if chosen else dim)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        label_format = LABEL_FORMATS[self.granularity]
        first, last = self.buckets[0].start, self.buckets[-1].start
        painter.drawText(
            QRect(plot.left(), plot.bottom() + 2, plot.width(), 16),
            Qt.AlignmentFlag.AlignLeft,
            first.strftime(label_format),
        )
        if len(self.buckets) > 1:
            painter.drawText(
                QRect(plot.left(), plot.bottom() + 2, plot.width(), 16),
                Qt.AlignmentFlag.AlignRight,
                last.strftime(label_format),
            )

    def _is_selected(self, index: int, bucket: DateBucket, dragging: list[int] | None) -> bool:
        if dragging is not None:
            return dragging[0] <= index <= dragging[1]
        if self.selection is None:
            return True
        return bucket.end >= self.selection[0] and bucket.start <= self.selection[1]

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = self._drag_to = self.bar_at(event.position().toPoint())
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position().toPoint())
        if self._drag_from is not None and index is not None:
            self._drag_to = index
            self.update()
        if index is not None:
            bucket = self.buckets[index]
            label = bucket.start.strftime(LABEL_FORMATS[self.granularity])
            noun = "article" if bucket.count == 1 else "articles"
            QToolTip.showText(
                event.globalPosition().toPoint(), f"{label}: {bucket.count} {noun}", self
            )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            return
        end = self.bar_at(event.position().toPoint())
        low, high = sorted((self._drag_from, self._drag_to if end is None else end))
        self._drag_from = self._drag_to = None
        self.update()
        if high < len(self.buckets):  # new results may have replaced the bars mid-drag
            self.rangeSelected.emit(self.buckets[low].start, self.buckets[high].end)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DateRangeEdit(QWidget):
    """From and to dates with a clear button; empty means open-ended."""

    rangeEdited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.since = self._date_edit("From", "Show articles on or after this day")
        self.until = self._date_edit("To", "Show articles on or before this day")
        row.addWidget(QLabel("From"))
        row.addWidget(self.since, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel("To"))
        row.addWidget(self.until, 1)
        layout.addLayout(row)
        self.clear_button = QPushButton("Clear dates")
        self.clear_button.setToolTip("Show articles of every date")
        self.clear_button.setAccessibleName("Clear date filter")
        self.clear_button.clicked.connect(self._clear_clicked)
        layout.addWidget(self.clear_button)

    def _date_edit(self, name: str, tip: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(QDate(1800, 1, 1))
        edit.setSpecialValueText("any")
        edit.setDate(edit.minimumDate())
        edit.setToolTip(tip)
        edit.setAccessibleName(f"{name} date")
        edit.dateChanged.connect(lambda _d: self._edited())
        self._quiet = False
        return edit

    def _edited(self) -> None:
        if not self._quiet:
            self.rangeEdited.emit()

    def _clear_clicked(self) -> None:
        self.set_range(None, None)
        self.rangeEdited.emit()

    def value(self) -> tuple[dt.date | None, dt.date | None]:
        def read(edit: QDateEdit) -> dt.date | None:
            return None if edit.date() == edit.minimumDate() else from_qdate(edit.date())

        return read(self.since), read(self.until)

    def set_range(self, first: dt.date | None, last: dt.date | None) -> None:
        self._quiet = True
        self.since.setDate(to_qdate(first) if first else self.since.minimumDate())
        self.until.setDate(to_qdate(last) if last else self.until.minimumDate())
        self._quiet = False
