"""The date histogram: zooming in by clicking bars and out with a button, hover, axis labels."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from PySide6.QtCore import Qt

from searchapp.core.types import DateBucket
from searchapp.ui.facets import DateHistogram
from searchapp.ui.filter_panel import wider_range

from .conftest import type_query

# (day, headline, first paragraph): a harbour town's news over seven years, busiest in 2019.
HARBOUR_YEARS = [
    ("2015-06-01", "Harbour board approves new ferry terminal", "The board voted six to one."),
    ("2017-03-02", "Harbour dredging begins", "Dredgers arrived from Rotterdam on Thursday."),
    ("2019-03-05", "Storm closes the harbour", "Gales of force ten kept every boat in port."),
    ("2019-03-20", "Harbour wall repaired", "Masons worked through the weekend on the breach."),
    ("2019-07-14", "Tall ships fill the harbour", "Forty sailing ships moored for the festival."),
    ("2021-09-09", "Harbour master retires", "She served the port for thirty-one years."),
    ("2022-11-30", "Harbour fees to rise", "Mooring will cost a tenth more from January."),
]


def dated_article(day: str, title: str, lead: str) -> str:
    """A saved article as plain text, with the header lines the reader takes its date from."""
    header = f"Title: {title}\nDate: {day}\nSource: Harbour Echo"
    return f"{header}\n\n{lead}\n\nReported by our harbour desk.\n"


@pytest.fixture
def harbour_window(qtbot, write_archive, library_for, open_window):
    folder = write_archive(
        {f"{day}.txt": dated_article(day, title, lead) for day, title, lead in HARBOUR_YEARS}
    )
    window = open_window(library_for(folder))
    type_query(qtbot, window, "harbour")
    return window


def click_bar(qtbot, window, index: int):
    """Click bar `index` of the window's histogram and return the result it brings."""
    histogram = window.histogram
    histogram.resize(360, 110)
    with qtbot.waitSignal(window.resultsShown, timeout=10_000) as blocker:
        qtbot.mouseClick(
            histogram, Qt.MouseButton.LeftButton, pos=histogram.bar_rect(index).center()
        )
    return blocker.args[0]


def zoom_out(qtbot, window):
    with qtbot.waitSignal(window.resultsShown, timeout=10_000) as blocker:
        qtbot.mouseClick(window.filters.zoom_out, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def starts(window) -> list[str]:
    return [bucket.start.isoformat() for bucket in window.histogram.buckets]


def test_clicking_a_year_shows_its_months_and_a_month_its_days(qtbot, harbour_window):
    window = harbour_window
    assert window.histogram.granularity == "year"
    assert [b.start.year for b in window.histogram.buckets] == list(range(2015, 2023))
    assert not window.filters.zoom_out.isEnabled()
    result = click_bar(qtbot, window, 2019 - 2015)
    assert result.total == 3 and {hit.date.year for hit in result.hits} == {2019}
    assert window.histogram.granularity == "month"
    assert starts(window) == [f"2019-{month:02}-01" for month in range(1, 13)]
    assert [b.count for b in window.histogram.buckets] == [0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert window.filters.zoom_out.isEnabled()
    result = click_bar(qtbot, window, 2)  # March
    assert result.total == 2 and window.histogram.granularity == "day"
    assert starts(window)[0] == "2019-03-01" and len(starts(window)) == 31
    assert {b.start.day for b in window.histogram.buckets if b.count} == {5, 20}


def test_zoom_out_steps_from_a_day_to_its_month_its_year_and_all_dates(qtbot, harbour_window):
    window = harbour_window
    click_bar(qtbot, window, 2019 - 2015)
    click_bar(qtbot, window, 2)  # March 2019
    result = click_bar(qtbot, window, 4)  # the 5th
    assert result.total == 1 and starts(window) == ["2019-03-05"]
    result = zoom_out(qtbot, window)
    assert window.date_range.value() == (dt.date(2019, 3, 1), dt.date(2019, 3, 31))
    assert result.total == 2 and window.histogram.granularity == "day"
    result = zoom_out(qtbot, window)
    assert window.date_range.value() == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert result.total == 3 and window.histogram.granularity == "month"
    result = zoom_out(qtbot, window)
    assert window.date_range.value() == (None, None)
    assert result.total == len(HARBOUR_YEARS) and window.histogram.granularity == "year"
    assert not window.filters.zoom_out.isEnabled()


def test_the_zoom_out_button_says_what_it_does(harbour_window):
    button = harbour_window.filters.zoom_out
    assert button.toolTip() and button.accessibleName() == "Zoom out of the dates"


@pytest.mark.parametrize(
    ("first", "last", "wider"),
    [
        ("2019-03-05", "2019-03-05", ("2019-03-01", "2019-03-31")),  # a day: its month
        ("2019-03-05", "2019-03-20", ("2019-03-01", "2019-03-31")),  # days in one month
        ("2019-03-01", "2019-03-31", ("2019-01-01", "2019-12-31")),  # a whole month: its year
        ("2019-02-20", "2019-07-14", ("2019-01-01", "2019-12-31")),  # months in one year
        ("2019-01-01", "2019-12-31", (None, None)),  # a whole year: all dates
        ("2018-12-30", "2019-01-02", (None, None)),  # across years
        ("2019-03-05", None, (None, None)),  # open-ended
        (None, "2019-03-05", (None, None)),
    ],
)
def test_wider_range_steps_out_to_the_month_the_year_then_all(first, last, wider):
    def day(text):
        return dt.date.fromisoformat(text) if text else None

    assert wider_range(day(first), day(last)) == (day(wider[0]), day(wider[1]))


def year_buckets(first: int, last: int) -> list[DateBucket]:
    return [DateBucket(dt.date(y, 1, 1), dt.date(y, 12, 31), y % 7) for y in range(first, last + 1)]


def month_buckets(year: int) -> list[DateBucket]:
    return [DateBucket(dt.date(year, m, 1), dt.date(year, m, 28), m % 4) for m in range(1, 13)]


def day_buckets(first: dt.date, count: int) -> list[DateBucket]:
    days = [first + dt.timedelta(days=n) for n in range(count)]
    return [DateBucket(day, day, day.day % 3) for day in days]


@pytest.fixture
def histogram(qtbot) -> DateHistogram:
    widget = DateHistogram()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_hover_names_the_period_and_count_and_marks_the_bar(qtbot, histogram):
    histogram.resize(300, 110)
    histogram.set_buckets(month_buckets(2019), "month")
    assert histogram.hover_text(2) == "March 2019: 3 articles"
    assert histogram.hover_text(3) == "April 2019: 0 articles"
    histogram.set_buckets(day_buckets(dt.date(2024, 12, 6), 2), "day")
    assert histogram.hover_text(1) == "Sat 7 Dec 2024: 1 article"
    histogram.set_buckets(year_buckets(2015, 2022), "year")
    assert histogram.hover_text(4) == "2019: 3 articles"
    qtbot.mouseMove(histogram, pos=histogram.bar_rect(4).center())
    qtbot.waitUntil(lambda: histogram.hovered == 4, timeout=2000)


@pytest.mark.parametrize("width", [120, 220, 360, 700])
@pytest.mark.parametrize(
    ("buckets", "granularity"),
    [
        (year_buckets(2015, 2022), "year"),
        (year_buckets(1901, 2024), "year"),
        (month_buckets(2019), "month"),
        (day_buckets(dt.date(2024, 11, 20), 31), "day"),
        (day_buckets(dt.date(2024, 12, 7), 1), "day"),
    ],
)
def test_axis_labels_fit_inside_without_overlapping(histogram, buckets, granularity, width):
    histogram.resize(width, 110)
    histogram.set_buckets(buckets, granularity)
    labels = histogram.axis_labels()
    assert labels, "at least the first period is named"
    rects = [rect for rect, _text in labels]
    assert all(histogram.rect().contains(rect) for rect in rects)
    assert not any(a.intersects(b) for a, b in itertools.combinations(rects, 2))
    if width >= 220 and len(buckets) > 2:
        assert len(labels) >= 3, "periods between the ends are named too"


def test_axis_labels_are_short_and_evenly_spaced(histogram):
    histogram.resize(1000, 110)
    histogram.set_buckets(month_buckets(2019), "month")
    texts = [text for _rect, text in histogram.axis_labels()]
    assert texts[:2] == ["Jan 2019", "Feb 2019"] and len(texts) == 12  # room for the long form
    histogram.resize(200, 110)
    texts = [text for _rect, text in histogram.axis_labels()]
    assert texts[0] in ("Jan 2019", "2019-01") and len(texts) >= 2
    histogram.set_buckets(day_buckets(dt.date(2024, 12, 1), 31), "day")
    histogram.resize(400, 110)
    days = [int(text.split()[0]) for _rect, text in histogram.axis_labels()]
    assert days[0] == 1 and len(days) >= 3
    assert len({b - a for a, b in itertools.pairwise(days)}) == 1
