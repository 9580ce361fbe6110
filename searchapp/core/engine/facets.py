"""Facets: the counts beside a result list, one class per kind, each also a filter.

A facet's counts cover the matches that pass every other facet's filter, not its own, so the
source list still shows the other outlets once one is ticked (as datasette's facets do). The date
histogram keeps to that rule but zooms: with a range chosen, its bars span that range (within the
dates the matches hold), so choosing a year shows its months and choosing a month its days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence

from searchapp.core.engine.analysis import fold
from searchapp.core.types import DateBucket, Facets

NO_DAY = 0  # the day column's value for an article without a date


class SourceFacet:
    """Articles by outlet; as a filter, the outlets chosen (case and accents aside)."""

    def __init__(self, names: Sequence[str], folded: Sequence[str], chosen: Sequence[str]) -> None:
        self.names = names  # per document number
        self.folded = folded
        self.chosen = {fold(name) for name in chosen}

    @property
    def active(self) -> bool:
        return bool(self.chosen)

    def keep(self, docs: list[int]) -> list[int]:
        if not self.chosen:
            return docs
        folded, chosen = self.folded, self.chosen
        return [d for d in docs if folded[d] in chosen]

    def counts(self, docs: list[int]) -> dict[str, int]:
        return dict(Counter(map(self.names.__getitem__, docs)).most_common())


class TagFacet:
    """Articles by the user's tags (an article may have several); as a filter, the articles
    with any of the tags chosen (case aside)."""

    def __init__(self, tagged: dict[str, set[int]], chosen: Sequence[str]) -> None:
        self.tagged = tagged  # tag name -> its document numbers
        wanted = {" ".join(name.split()).casefold() for name in chosen}
        self.allowed: set[int] | None = None
        if wanted:
            self.allowed = set()
            for name, docs in tagged.items():
                if name.casefold() in wanted:
                    self.allowed |= docs

    @property
    def active(self) -> bool:
        return self.allowed is not None

    def keep(self, docs: list[int]) -> list[int]:
        if self.allowed is None:
            return docs
        allowed = self.allowed
        return [d for d in docs if d in allowed]

    def counts(self, docs: list[int]) -> dict[str, int]:
        if not self.tagged:
            return {}
        counts = {name: len(tagged.intersection(docs)) for name, tagged in self.tagged.items()}
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
        return {name: count for name, count in ordered if count}


class DateFacet:
    """Articles by day, month or year, and those without a date; as a filter, the days from
    `since` to `until`."""

    def __init__(self, days: Sequence[int], since: dt.date | None, until: dt.date | None) -> None:
        self.days = days  # per document number: the day's ordinal, or NO_DAY
        self.low = since.toordinal() if since else None
        self.high = until.toordinal() if until else None

    @property
    def active(self) -> bool:
        return self.low is not None or self.high is not None

    def keep(self, docs: list[int]) -> list[int]:
        """`docs` within the range; an undated article is within no range."""
        if self.low is None and self.high is None:
            return docs
        days, low, high = self.days, self.low or 1, self.high or 1 << 30
        return [d for d in docs if low <= days[d] <= high]

    def counts(self, docs: list[int]) -> tuple[str, list[DateBucket], int]:
        """The histogram's granularity and buckets over the range (all of `docs`' dates when no
        range is set, else the range within them), and how many of `docs` are undated."""
        dated = [day for day in map(self.days.__getitem__, docs) if day]
        undated = len(docs) - len(dated)
        if not dated:
            return "day", [], undated
        # The range is cut to the dates the matches hold, so an open end stops at the data.
        first = max(self.low or 0, min(dated))
        last = min(self.high or 1 << 30, max(dated))
        if first > last:
            return "day", [], undated
        inside = [day for day in dated if first <= day <= last]
        bounds = dt.date.fromordinal(first), dt.date.fromordinal(last)
        return (*date_histogram(inside, *bounds), undated)


def facet_matches(
    matched: list[int],
    sources: SourceFacet,
    dates: DateFacet,
    collapse: Callable[[list[int]], list[int]] | None = None,
    tags: TagFacet | None = None,
) -> tuple[list[int], Facets, list[int]]:
    """The matches every facet keeps, each facet's counts over what the others keep, and the
    matches all filters keep before `collapse` folds copies into their story's hit.

    Each set is collapsed on its own, so a copy that passes a filter stands for its story
    when the copy that ranks first does not.
    """
    shown = collapse or (lambda docs: docs)
    tags = tags or TagFacet({}, ())
    active = [f for f in (sources, dates, tags) if f.active]
    filtered = matched
    for facet in active:
        filtered = facet.keep(filtered)
    kept = shown(filtered)

    def others(facet) -> list[int]:
        """What the other facets keep, collapsed: the set `facet` counts over."""
        if facet not in active:
            return kept
        docs = matched
        for other in active:
            if other is not facet:
                docs = other.keep(docs)
        return shown(docs)

    granularity, buckets, undated = dates.counts(others(dates))
    facets = Facets(
        sources.counts(others(sources)),
        buckets,
        granularity,
        undated,
        tags=tags.counts(others(tags)),
    )
    return kept, facets, filtered


def date_histogram(
    days: Sequence[int], first: dt.date | None = None, last: dt.date | None = None
) -> tuple[str, list[DateBucket]]:
    """Counts per day, month or year (chosen from the span), with empty buckets in between; the
    span runs from `first` to `last`, by default from the earliest to the latest of `days`."""
    if not days and (first is None or last is None):
        return "day", []
    per_day = Counter(days)  # then grouped by month or year: far fewer days than documents
    first = first or dt.date.fromordinal(min(per_day))
    last = last or dt.date.fromordinal(max(per_day))
    span = (last - first).days
    if span <= 62:
        return "day", _day_buckets(per_day, first, last)
    if span <= 5 * 366:
        return "month", _month_buckets(per_day, first, last)
    return "year", _year_buckets(per_day, first, last)


def _day_buckets(per_day: Counter[int], first: dt.date, last: dt.date) -> list[DateBucket]:
    return [
        DateBucket(dt.date.fromordinal(o), dt.date.fromordinal(o), per_day.get(o, 0))
        for o in range(first.toordinal(), last.toordinal() + 1)
    ]


def _month_buckets(per_day: Counter[int], first: dt.date, last: dt.date) -> list[DateBucket]:
    """Whole calendar months from `first`'s to `last`'s, so a bar always stands for a month."""
    counts: Counter[tuple[int, int]] = Counter()
    for ordinal, count in per_day.items():
        day = dt.date.fromordinal(ordinal)
        counts[day.year, day.month] += count
    buckets = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        start = dt.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        end = dt.date(year, month, 1) - dt.timedelta(days=1)
        buckets.append(DateBucket(start, end, counts.get((start.year, start.month), 0)))
    return buckets


def _year_buckets(per_day: Counter[int], first: dt.date, last: dt.date) -> list[DateBucket]:
    years: Counter[int] = Counter()
    for ordinal, count in per_day.items():
        years[dt.date.fromordinal(ordinal).year] += count
    return [
        DateBucket(dt.date(y, 1, 1), dt.date(y, 12, 31), years.get(y, 0))
        for y in range(first.year, last.year + 1)
    ]
