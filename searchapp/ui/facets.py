"""The facet widgets of the filter panel: sources and tags with counts, a date histogram to click
or drag, and from/to dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from PySide6.QtCore import QDate, QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.types import DateBucket
from searchapp.ui.text import tooltip

SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1  # a facet item's name (a source's or a tag's)
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
COUNT_PADDING = 4
# How a bar's period is named on hover, and under the axis (short forms, preferred one first).
PERIOD_FORMATS = {"day": "{d:%a} {d.day} {d:%b %Y}", "month": "{d:%B %Y}", "year": "{d:%Y}"}
AXIS_FORMATS = {
    "day": ("{d.day} {d:%b}",),
    "month": ("{d:%b %Y}", "{d:%Y-%m}"),
    "year": ("{d:%Y}",),
}
# Bars from one axis label to the next, the round steps of each granularity, fewest labels last.
LABEL_STEPS = {
    "day": (1, 2, 7, 14, 28),
    "month": (1, 2, 3, 4, 6, 12, 24),
    "year": (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
}
LABEL_GAP = 5  # pixels kept clear between two axis labels
TAG_ROWS = 6  # the tags list grows to this many rows, then scrolls


class CountDelegate(QStyledItemDelegate):
    """A facet item as its name, cut with an ellipsis where the column is narrow, and its
    count at the right edge, always whole."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        widget = item.widget
        style = widget.style() if widget else QApplication.style()
        count = f"{index.data(COUNT_ROLE) or 0:,}"
        count_width = item.fontMetrics.horizontalAdvance(count) + 2 * COUNT_PADDING
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        room = max(0, text.width() - count_width)
        item.text = item.fontMetrics.elidedText(item.text, Qt.TextElideMode.ElideRight, room)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        painter.drawText(
            option.rect.adjusted(0, 0, -COUNT_PADDING, 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            count,
        )
        painter.restore()


class CheckableFacets(QListWidget):
    """Names with their counts as checkable items; ticking several ORs them. Each kind of facet
    (sources, tags) is a subclass that names what it lists."""

    selectionChangedByUser = Signal()
    noun = "names"  # what the list holds, for its accessible name and tooltip
    item_tip = "{count} matching articles: {name}"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(CountDelegate(self))
        self.counts: dict[str, int] = {}  # the counts on show
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.noun.capitalize())
        self.setToolTip(f"Tick {self.noun} to show only their articles")
        self._updating = False
        self.itemChanged.connect(self._item_changed)

    def selected(self) -> list[str]:
        return [
            self.item(i).data(SOURCE_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_counts(self, counts: dict[str, int], selected: list[str]) -> None:
        """Show the counts; ticked names stay listed even when the query finds none of theirs."""
        self._updating = True
        self.counts = counts
        self.clear()
        names = list(counts) + [s for s in selected if s not in counts]
        for name in names:
            item = QListWidgetItem(name)
            item.setData(SOURCE_ROLE, name)
            item.setData(COUNT_ROLE, counts.get(name, 0))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if name in selected else Qt.CheckState.Unchecked
            )
            item.setToolTip(tooltip(self.item_tip.format(count=counts.get(name, 0), name=name)))
            self.addItem(item)
        self._updating = False
        self.updateGeometry()

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


class SourceFacets(CheckableFacets):
    """The outlets of the matching articles."""

    noun = "sources"
    item_tip = "{count} matching articles from {name}"


class TagFacets(CheckableFacets):
    """The user's tags on the matching articles; a list as tall as its rows, up to
    TAG_ROWS, then it scrolls, so the sources above keep the room."""

    noun = "tags"
    item_tip = "{count} matching articles tagged {name}"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        rows = min(self.count(), TAG_ROWS)
        height = rows * self.sizeHintForRow(0) + 2 * self.frameWidth() if rows else 0
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class DateHistogram(QWidget):
    """Matching articles per day, month or year as bars; click a bar or drag across bars.

    Hovering a bar shows its period and count; labels under the bars name evenly spaced periods,
    as many as fit side by side.
    """

    rangeSelected = Signal(object, object)  # first and last day of the chosen bars

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buckets: list[DateBucket] = []
        self.granularity = "day"
        self.selection: tuple[dt.date, dt.date] | None = None
        self.hovered: int | None = None
        self._drag_from: int | None = None
        self._drag_to: int | None = None
        self.setMouseTracking(True)
        self.setAccessibleName("Date histogram")
        self.setToolTip("Click a bar to show that period; drag across bars for a range")

    def sizeHint(self) -> QSize:
        return QSize(220, 80 + self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        """Room for bars and, under them, a line of labels at the text size in use."""
        return QSize(120, 60 + self.fontMetrics().height())

    def set_buckets(self, buckets: list[DateBucket], granularity: str) -> None:
        self.buckets, self.granularity = list(buckets), granularity
        self.hovered = None
        self.update()

    def set_selection(self, first: dt.date | None, last: dt.date | None) -> None:
        self.selection = (first or dt.date.min, last or dt.date.max) if (first or last) else None
        self.update()

    def _plot(self) -> QRect:
        """The bars' area: the widget less a margin and a line of axis labels below."""
        return self.rect().adjusted(4, 4, -4, -(self.fontMetrics().height() + 5))

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

    def hover_text(self, index: int) -> str:
        """What the pointer over bar `index` shows: its period and how many articles it holds."""
        bucket = self.buckets[index]
        noun = "article" if bucket.count == 1 else "articles"
        return f"{PERIOD_FORMATS[self.granularity].format(d=bucket.start)}: {bucket.count} {noun}"

    def axis_labels(self) -> list[tuple[QRect, str]]:
        """The labels under the bars and where they go: every step-th bar's period, with the
        smallest step (and for months the longer format) whose labels fit without touching."""
        if not self.buckets:
            return []
        count = len(self.buckets)
        steps = [step for step in LABEL_STEPS[self.granularity] if step < count] + [count]
        layouts = (
            self._labels_every(step, text_format)
            for step in steps
            for text_format in AXIS_FORMATS[self.granularity]
        )
        return next((labels for labels in layouts if labels is not None), [])

    def _labels_every(self, step: int, text_format: str) -> list[tuple[QRect, str]] | None:
        """Labels under bars 0, step, 2 * step, ..., kept inside the widget; None if they touch
        one another or one is wider than the widget. A last label the right edge pushes into
        its neighbour is left out rather than spoiling the step."""
        metrics = self.fontMetrics()
        top = self._plot().bottom() + 3
        labels: list[tuple[QRect, str]] = []
        for index in range(0, len(self.buckets), step):
            text = text_format.format(d=self.buckets[index].start)
            width = metrics.horizontalAdvance(text)
            if width > self.width():
                return None
            slot = self.bar_rect(index)
            # Centred under a bar wide enough, else from the bar's start so the first stays put.
            natural = slot.left() + max(0, (slot.width() - width) // 2)
            rect = QRect(min(natural, self.width() - width), top, width, metrics.height())
            if labels and labels[-1][0].right() + LABEL_GAP >= rect.left():
                if rect.left() < natural:
                    break
                return None
            labels.append((rect, text))
        return labels

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        if not self.buckets:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dates to show")
            return
        self._paint_bars(painter, palette)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        for rect, text in self.axis_labels():
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_bars(self, painter: QPainter, palette: QPalette) -> None:
        """Chosen bars in the highlight colour, the others dimmed; the hovered bar's slot is
        shaded and its bar darker, so even an empty period shows where the pointer is."""
        plot = self._plot()
        highest = max(b.count for b in self.buckets) or 1
        bar_color = palette.color(QPalette.ColorRole.Highlight)
        dim = QColor(bar_color)
        dim.setAlpha(90)
        dragging = None
        if self._drag_from is not None and self._drag_to is not None:
            dragging = sorted((self._drag_from, self._drag_to))
        for index, bucket in enumerate(self.buckets):
            slot = self.bar_rect(index)
            color = bar_color if self._is_selected(index, bucket, dragging) else dim
            if index == self.hovered:
                painter.fillRect(slot, palette.color(QPalette.ColorRole.Midlight))
                color = bar_color.darker(140)
            height = int(plot.height() * bucket.count / highest)
            if bucket.count and height < 2:
                height = 2
            bar = QRect(
                slot.left() + 1, plot.bottom() - height + 1, max(1, slot.width() - 2), height
            )
            painter.fillRect(bar, color)

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
        if index != self.hovered:
            self.hovered = index
            self.update()
        if index is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.hover_text(index), self)

    def leaveEvent(self, event: QEvent) -> None:
        self.hovered = None
        self.update()
        super().leaveEvent(event)

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


_TYPED_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")
DATE_HINT = "Type a year (2024), a month (2024-12) or a day (2024-12-07), or pick one"
_INVALID_STYLE = "QLineEdit { border: 2px solid #b3261e; }"


def typed_date(text: str, last: bool) -> dt.date | None:
    """The day a typed year, month or date stands for: its first day, or with `last` its last;
    None for text that is no date (ValueError) or no text (None)."""
    if not text.strip():
        return None
    match = _TYPED_DATE.match(text)
    if match is None:
        raise ValueError(text)
    year = int(match.group(1))
    if match.group(3):
        return dt.date(year, int(match.group(2)), int(match.group(3)))
    if match.group(2):
        month = int(match.group(2))
        end = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        return dt.date(year, month, end if last else 1)
    return dt.date(year, 12, 31) if last else dt.date(year, 1, 1)


class DateField(QWidget):
    """A date typed as a person writes it (a year, a month or a day) or picked from a calendar
    that opens within the archive's dates; empty means open-ended."""

    edited = Signal()

    def __init__(self, name: str, tip: str, last: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last = last  # a year or month stands for its last day (the "to" end)
        self.bounds: tuple[dt.date, dt.date] | None = None
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("any")
        self.line.setClearButtonEnabled(True)
        self.tip = f"{tip}. {DATE_HINT}."
        self.line.setToolTip(self.tip)
        self.line.setAccessibleName(f"{name} date")
        self.line.editingFinished.connect(self._finished)
        self.line.textChanged.connect(lambda _text: self._mark(valid=True))
        self.pick = QToolButton(self)
        self.pick.setText("▾")
        self.pick.setToolTip(f"Pick the {name.lower()} date from a calendar")
        self.pick.setAccessibleName(f"Pick the {name.lower()} date")
        self.pick.clicked.connect(self._open_calendar)
        self.calendar = QCalendarWidget()
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.clicked.connect(self._picked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.pick)
        self._shown = ""

    def value(self) -> dt.date | None:
        """The day the field stands for; None when empty or when it holds no date."""
        try:
            return typed_date(self.line.text(), self.last)
        except ValueError:
            return None

    def set_value(self, day: dt.date | None) -> None:
        self._shown = day.isoformat() if day else ""
        self.line.setText(self._shown)

    def set_bounds(self, first: dt.date, last: dt.date) -> None:
        """Dates the archive holds, where the calendar opens: widened, never narrowed."""
        if self.bounds is not None:
            first, last = min(first, self.bounds[0]), max(last, self.bounds[1])
        self.bounds = (first, last)

    def _finished(self) -> None:
        text = self.line.text().strip()
        if text == self._shown:
            return
        try:
            typed_date(text, self.last)
        except ValueError:
            self._mark(valid=False)
            return
        self._shown = text
        self.edited.emit()

    def _mark(self, valid: bool) -> None:
        """A red frame, and the tooltip says why, while the text is no date."""
        self.line.setStyleSheet("" if valid else _INVALID_STYLE)
        self.line.setToolTip(self.tip if valid else f"Not a date. {DATE_HINT}.")

    def _open_calendar(self) -> None:
        shown = self.value()
        if self.bounds is not None:
            first, last = self.bounds
            self.calendar.setDateRange(to_qdate(first), to_qdate(last))
            shown = shown or (last if self.last else first)
        if shown is not None:
            self.calendar.setSelectedDate(to_qdate(shown))
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()

    def _picked(self, day: QDate) -> None:
        self.calendar.hide()
        self.set_value(from_qdate(day))
        self.edited.emit()


class DateRangeEdit(QWidget):
    """From and to dates with a clear button; empty means open-ended."""

    rangeEdited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.since = DateField("From", "Show articles on or after this day", last=False)
        self.until = DateField("To", "Show articles on or before this day", last=True)
        for field in (self.since, self.until):
            field.edited.connect(self.rangeEdited)
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

    def _clear_clicked(self) -> None:
        self.set_range(None, None)
        self.rangeEdited.emit()

    def value(self) -> tuple[dt.date | None, dt.date | None]:
        return self.since.value(), self.until.value()

    def set_range(self, first: dt.date | None, last: dt.date | None) -> None:
        self.since.set_value(first)
        self.until.set_value(last)

    def set_bounds(self, first: dt.date, last: dt.date) -> None:
        """The archive's dates, where the calendars open."""
        self.since.set_bounds(first, last)
        self.until.set_bounds(first, last)
