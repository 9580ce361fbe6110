"""Facets: source and date counts over what the other facet keeps; the dates zoom to their range."""

from __future__ import annotations

import datetime as dt

from searchapp.core.engine.analysis import fold
from searchapp.core.engine.facets import DateFacet, SourceFacet, date_histogram, facet_matches


def test_date_histogram_granularity():
    days = [dt.date(2024, 1, d).toordinal() for d in (1, 1, 5)]
    granularity, buckets = date_histogram(days)
    assert granularity == "day" and len(buckets) == 5 and buckets[0].count == 2
    months = [dt.date(2024, m, 1).toordinal() for m in (1, 6, 6)]
    granularity, buckets = date_histogram(months)
    assert granularity == "month" and len(buckets) == 6 and buckets[-1].count == 2
    years = [dt.date(y, 1, 1).toordinal() for y in (2001, 2010)]
    granularity, buckets = date_histogram(years)
    assert granularity == "year" and len(buckets) == 10 and sum(b.count for b in buckets) == 2


def _day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def test_source_facet_keeps_the_chosen_outlets_whatever_their_case():
    names = ["Reuters", "AFP", "Le Monde", "Reuters"]
    facet = SourceFacet(names, [fold(n) for n in names], ["REUTERS", "le monde"])
    assert facet.keep([0, 1, 2, 3]) == [0, 2, 3]
    assert facet.counts([0, 1, 3]) == {"Reuters": 2, "AFP": 1}
    assert SourceFacet(names, [fold(n) for n in names], []).keep([3, 1]) == [3, 1]


def test_date_facet_keeps_a_range_and_never_an_undated_article():
    days = [_day("2024-12-01"), 0, _day("2024-12-06"), _day("2025-01-02")]
    until = DateFacet(days, None, dt.date(2024, 12, 31))
    assert until.keep([0, 1, 2, 3]) == [0, 2]
    since = DateFacet(days, dt.date(2024, 12, 2), None)
    assert since.keep([0, 1, 2, 3]) == [2, 3]
    assert DateFacet(days, None, None).keep([0, 1, 2, 3]) == [0, 1, 2, 3]
    granularity, buckets, undated = since.counts([0, 1, 2])
    # The bars run from the 2nd to the last match; the undated count does not depend on them.
    assert granularity == "day" and [b.count for b in buckets] == [0, 0, 0, 0, 1]
    assert buckets[0].start == dt.date(2024, 12, 2) and undated == 1


def test_each_facet_counts_what_the_other_facet_keeps():
    names = ["UPI", "AFP", "UPI", "AFP"]
    days = [_day("2024-12-06"), _day("2024-12-06"), _day("2024-12-07"), _day("2024-12-07")]
    sources = SourceFacet(names, [fold(n) for n in names], ["upi"])
    dates = DateFacet(days, dt.date(2024, 12, 7), dt.date(2024, 12, 7))
    kept, facets, _filtered = facet_matches([0, 1, 2, 3], sources, dates)
    assert kept == [2]
    # Sources are counted over the 7th (the date filter); dates over UPI (the source filter),
    # zoomed to the chosen day.
    assert facets.sources == {"UPI": 1, "AFP": 1}
    assert [(b.start.day, b.count) for b in facets.dates] == [(7, 1)]


def _spread_over_years() -> list[int]:
    """Days from 2015 to 2023, with 2019 holding articles in March and October only."""
    dates = ["2015-02-01", "2019-03-05", "2019-03-20", "2019-10-09", "2023-11-30"]
    return [_day(d) for d in dates]


def test_a_chosen_year_shows_all_its_months_even_empty_ones():
    days = _spread_over_years()
    facet = DateFacet(days, dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    granularity, buckets, undated = facet.counts(list(range(len(days))))
    assert granularity == "month" and len(buckets) == 12 and undated == 0
    assert (buckets[0].start, buckets[-1].end) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert [b.count for b in buckets] == [0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0]


def test_a_chosen_month_shows_its_days():
    days = _spread_over_years()
    facet = DateFacet(days, dt.date(2019, 3, 1), dt.date(2019, 3, 31))
    granularity, buckets, _undated = facet.counts(list(range(len(days))))
    assert granularity == "day" and len(buckets) == 31
    assert {b.start.day: b.count for b in buckets if b.count} == {5: 1, 20: 1}


def test_an_open_ended_range_stops_at_the_dates_the_matches_hold():
    days = _spread_over_years()
    since = DateFacet(days, dt.date(2023, 1, 1), None)
    granularity, buckets, _undated = since.counts(list(range(len(days))))
    assert granularity == "month" and len(buckets) == 11  # January to November 2023
    assert buckets[-1].count == 1
    until = DateFacet(days, None, dt.date(2015, 2, 20))
    granularity, buckets, _undated = until.counts(list(range(len(days))))
    assert granularity == "day" and len(buckets) == 20 and buckets[0].count == 1


def test_a_range_outside_the_matches_dates_has_no_bars():
    days = _spread_over_years() + [0]
    facet = DateFacet(days, dt.date(2030, 1, 1), dt.date(2030, 12, 31))
    assert facet.counts(list(range(len(days)))) == ("day", [], 1)


def test_date_histogram_spans_explicit_bounds():
    days = [_day("2024-05-10")]
    granularity, buckets = date_histogram(days, dt.date(2024, 5, 1), dt.date(2024, 5, 31))
    assert granularity == "day" and len(buckets) == 31 and buckets[9].count == 1
    granularity, buckets = date_histogram([], dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert granularity == "month" and [b.count for b in buckets] == [0] * 12
