"""The filters of a search as widgets: the panel that sets them and the chips that show them.

The panel holds the sources, tags and dates a search is narrowed to; the chips above the results
repeat the active ones, each with a button to remove it. Choosing a bar of the date histogram
zooms into it (a year shows its months); Zoom out steps back to the month, the year, all dates.
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from searchapp.core.types import Facets, SearchQuery
from searchapp.ui.facets import DateHistogram, DateRangeEdit, SourceFacets, TagFacets


class FilterPanel(QWidget):
    """Sources and tags with counts, the date histogram and From/To dates: one set of filters.

    The tags show only while some matching article has one (or one is ticked): a library
    nobody has tagged has no Tags heading.
    """

    filtersChanged = Signal()  # the user changed a filter: search again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPanel")
        self.source_facets = SourceFacets()
        self.source_facets.selectionChangedByUser.connect(self.filtersChanged)
        self.tag_facets = TagFacets()
        self.tag_facets.selectionChangedByUser.connect(self.filtersChanged)
        self.tags_section = QWidget()
        tags_layout = QVBoxLayout(self.tags_section)
        tags_layout.setContentsMargins(0, 0, 0, 0)
        tags_layout.addWidget(_heading("Tags"))
        tags_layout.addWidget(self.tag_facets)
        self.tags_section.hide()
        self.histogram = DateHistogram()
        self.histogram.rangeSelected.connect(self._histogram_range)
        self.date_range = DateRangeEdit()
        self.date_range.rangeEdited.connect(self.filtersChanged)
        self.undated = QLabel()
        self.undated.setObjectName("undatedCount")
        self.undated.setToolTip("Articles whose only date is their file's time: not in the bars")
        self.undated.hide()
        self.zoom_out = QToolButton()
        self.zoom_out.setText("Zoom out")
        self.zoom_out.setToolTip("Widen the dates to the whole month, then the year, then all")
        self.zoom_out.setAccessibleName("Zoom out of the dates")
        self.zoom_out.setEnabled(False)
        self.zoom_out.clicked.connect(self._zoom_out_clicked)
        dates_heading = QHBoxLayout()
        dates_heading.addWidget(_heading("Dates"))
        dates_heading.addStretch(1)
        dates_heading.addWidget(self.zoom_out)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Sources"))
        layout.addWidget(self.source_facets, 1)
        layout.addWidget(self.tags_section)
        layout.addLayout(dates_heading)
        layout.addWidget(self.histogram)
        layout.addWidget(self.undated)
        layout.addWidget(self.date_range)

    def sources(self) -> tuple[str, ...]:
        return tuple(self.source_facets.selected())

    def tags(self) -> tuple[str, ...]:
        """The ticked tags: the search keeps articles with any of them."""
        return tuple(self.tag_facets.selected())

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day wanted; None leaves that end open."""
        return self.date_range.value()

    def show_facets(self, facets: Facets, query: SearchQuery) -> None:
        """Show the counts of a result, with the filters of the query that found it."""
        self.source_facets.set_counts(facets.sources, list(query.sources))
        self._show_tags(facets.tags, query.tags)
        self.histogram.set_buckets(facets.dates, facets.granularity)
        if facets.dates and not (query.since or query.until):
            self.date_range.set_bounds(facets.dates[0].start, facets.dates[-1].end)
        self.histogram.set_selection(query.since, query.until)
        self.zoom_out.setEnabled(bool(query.since or query.until))
        noun = "article" if facets.undated == 1 else "articles"
        self.undated.setText(f"{facets.undated} {noun} without a date")
        self.undated.setVisible(facets.undated > 0)

    def set_filters(
        self,
        sources: tuple[str, ...],
        since: dt.date | None,
        until: dt.date | None,
        tags: tuple[str, ...] = (),
    ) -> None:
        """Tick `sources` and `tags` and show the dates (a saved search's), without searching."""
        self.source_facets.set_counts(self.source_facets.counts, list(sources))
        self._show_tags(self.tag_facets.counts, tags)
        self.date_range.set_range(since, until)

    def _show_tags(self, counts: dict[str, int], ticked: tuple[str, ...]) -> None:
        self.tag_facets.set_counts(counts, list(ticked))
        self.tags_section.setVisible(bool(counts or ticked))

    def remove_source(self, name: str) -> None:
        self.source_facets.uncheck(name)

    def remove_tag(self, name: str) -> None:
        self.tag_facets.uncheck(name)

    def clear_dates(self) -> None:
        self.date_range.set_range(None, None)
        self.filtersChanged.emit()

    def clear(self) -> None:
        """Drop every filter, then search once."""
        self.source_facets.clear_selection()
        self.tag_facets.clear_selection()
        self.date_range.set_range(None, None)
        self.filtersChanged.emit()

    def _histogram_range(self, first: dt.date, last: dt.date) -> None:
        self.date_range.set_range(first, last)
        self.filtersChanged.emit()

    def _zoom_out_clicked(self) -> None:
        self.date_range.set_range(*wider_range(*self.dates()))
        self.filtersChanged.emit()


def wider_range(
    first: dt.date | None, last: dt.date | None
) -> tuple[dt.date | None, dt.date | None]:
    """One step out from the days `first` to `last`: to the month that holds them, else the year,
    else every date; a range that already is the whole month or year widens past it."""
    if first is None or last is None:
        return None, None
    month_days = calendar.monthrange(first.year, first.month)[1]
    month = first.replace(day=1), first.replace(day=month_days)
    year = dt.date(first.year, 1, 1), dt.date(first.year, 12, 31)
    for start, end in (month, year):
        if last <= end and (start, end) != (first, last):
            return start, end
    return None, None


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("facetHeading")
    return label


class FilterChips(QWidget):
    """A row of the active filters, each a chip that removes it; hidden when there are none."""

    sourceRemoved = Signal(str)
    tagRemoved = Signal(str)
    datesRemoved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Filters:"))
        layout.addLayout(self.chips)
        layout.addStretch(1)
        self.hide()

    def show_filters(self, query: SearchQuery) -> None:
        """One chip per source and per tag of `query`, and one for its dates if it has any."""
        while self.chips.count():
            widget = self.chips.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for source in query.sources:
            self._add_chip(source, lambda _checked=False, s=source: self.sourceRemoved.emit(s))
        for tag in query.tags:
            self._add_chip(f"tag: {tag}", lambda _checked=False, t=tag: self.tagRemoved.emit(t))
        if query.since or query.until:
            first = query.since.isoformat() if query.since else "…"
            last = query.until.isoformat() if query.until else "…"
            self._add_chip(f"{first} to {last}", self.datesRemoved)
        self.setVisible(bool(self.chips.count()))

    def _add_chip(self, label: str, remove) -> None:
        button = QToolButton()
        button.setObjectName("filterChip")
        button.setText(f"{label}  ✕")
        button.setToolTip("Remove this filter")
        button.setAccessibleName(f"Remove filter {label}")
        button.clicked.connect(remove)
        self.chips.addWidget(button)
