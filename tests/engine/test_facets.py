"""Facets: source and date counts, each over what the other facet's filter keeps."""

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
    assert granularity == "day" and sum(b.count for b in buckets) == 2 and undated == 1


def test_each_facet_counts_what_the_other_facet_keeps():
    names = ["UPI", "AFP", "UPI", "AFP"]
    days = [_day("2024-12-06"), _day("2024-12-06"), _day("2024-12-07"), _day("2024-12-07")]
    sources = SourceFacet(names, [fold(n) for n in names], ["upi"])
    dates = DateFacet(days, dt.date(2024, 12, 7), dt.date(2024, 12, 7))
    kept, facets = facet_matches([0, 1, 2, 3], sources, dates)
    assert kept == [2]
    # Sources are counted over the 7th (the date filter), dates over UPI (the source filter).
    assert facets.sources == {"UPI": 1, "AFP": 1}
    assert [(b.start.day, b.count) for b in facets.dates] == [(6, 1), (7, 1)]
