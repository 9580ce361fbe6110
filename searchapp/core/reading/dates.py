"""Dates written in news text: full dates, datelines, and the day ranges people type.

An article's date is the first found of: a declared date (header or meta tag), a dateline or
byline near the top, a full date elsewhere in the text, a year-less dateline given its year,
and the file's time, in that order (DESIGN.md, "Metadata rules").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from dateutil import parser as dateparser

from searchapp.core.errors import DateError
from searchapp.core.reading.article import RawArticle
from searchapp.core.reading.rules import Rules, alternation
from searchapp.core.types import DateOrigin

# Month names in the archive's languages, by language; English also in its short forms.
_MONTH_NAMES = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
}
_ENGLISH_MONTHS = _MONTH_NAMES["en"].split()
MONTHS: dict[str, int] = {"sept": 9, "jänner": 1, "setiembre": 9}
for _names in _MONTH_NAMES.values():
    MONTHS.update({name.casefold(): number for number, name in enumerate(_names.split(), 1)})
MONTHS.update({name[:3].casefold(): number for number, name in enumerate(_ENGLISH_MONTHS, 1)})
# Any case: wire copy writes "FEB", "Feb" and, now and then, "feb".
_MONTH = r"\b(?i:" + alternation(MONTHS) + r")\b\.?"
# English weekdays, whole or cut short: "Montag" or "Sonntag" is no "Mon" or "Sun" to skip.
_WEEKDAY = (
    r"(?:\b(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?"
    r"|Sat(?:urday)?|Sun(?:day)?)\b\.?,?\s+)?"
)
# "6th", "6." as German writes it, "1er" as French does and "1º" as Spanish does.
_DAY = r"(?:[012]?\d|3[01])(?:st|nd|rd|th|er|º|°|\.)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YEAR_AT = re.compile(_YEAR)
_SHAPES_WITHOUT_FULL_YEAR = frozenset({3})  # "26-FEB-87"
_WINDOWED_FROM_CHARS = 400  # shorter texts are searched whole
_BEFORE_YEAR = 60  # room for "Wednesday, 26th of February, " before a year
_AFTER_YEAR = 40  # room for "-02-26T14:05:09.123+01:00" after one
# Each pattern finds one written shape of a full date; dateutil parses what it finds.
_FULL_DATE_PATTERNS = (
    re.compile(
        r"(?<![\d-])" + _YEAR + r"-[01]\d-[0-3]\d"
        r"(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
        r"(?:\s?(?:Z|[+-][0-2]\d:?[0-5]\d))?)?(?![\d-])"
    ),
    re.compile(r"(?<![\d/])" + _YEAR + r"/[01]?\d/[0-3]?\d(?![\d/])"),
    # (A full stop after the year may end the sentence.)
    re.compile(r"(?<![\d/.])[0-3]?\d[/.][0-3]?\d[/.]" + _YEAR + r"(?![\d/]|\.\d)"),
    re.compile(r"(?<!\d)[0-3]?\d-(?i:[a-z]{3})-(?:" + _YEAR + r"|\d\d)(?![\d])"),
    re.compile(_WEEKDAY + _MONTH + r"\s*" + _DAY + r",?\s+" + _YEAR + r"(?!\d)"),
    # Chinese and Japanese "2018年9月18日", Korean "2018년 9월 18일".
    re.compile(r"(?<!\d)" + _YEAR + r"\s*[年년]\s*[01]?\d\s*[月월]\s*[0-3]?\d\s*[日일]"),
    re.compile(
        r"(?<!\d)"
        + _WEEKDAY
        + _DAY
        + r"\s+(?:of\s+|de\s+)?"
        + _MONTH
        + r",?\s+(?:de\s+)?"
        + _YEAR
        + r"(?!\d)"
    ),
)
# A month and day with no year, written as a dateline opens: "Dec. 6 (UPI) --", "PARIS, 6 Dec -".
# A letter in any alphabet ("ZÜRICH", "SÃO PAULO"), and what else a place name holds.
_LETTER = r"[^\W\d_]"
_PLACE_CHARS = r"(?:[^\W\d_]|[ .'’-])"
# A place, with up to two regions after it: "PORTLAND, Ore.,", "VANCOUVER, British Columbia,".
_PLACE = _LETTER + _PLACE_CHARS + r"{1,40}?(?:,\s*" + _LETTER + _PLACE_CHARS + r"{0,30}?){0,2}"
_DATELINE_DAY = re.compile(
    r"^(?:"
    + _PLACE
    + r",?\s+)?(?P<day>"
    + _MONTH
    + r"\s*"
    + _DAY
    + r"|"
    + _DAY
    + r"\s+(?:de\s+)?"
    + _MONTH
    + r")\s*(?:\([^)\n]{1,40}\)\s*)?(?:-{1,2}|–|—|:)"
)
# A place name opening the first paragraph: "BEIRUT:", "LONDON, Dec 6 (Reuters) -".
_DATELINE_PREFIX = re.compile(
    r"^(?P<place>" + _LETTER + _PLACE_CHARS + r"{1,40})(?:,[^\n:–—]{0,40}?)?\s*"
    r"(?:\([^)\n]{1,40}\)\s*)?(?::|-{1,2}|–|—)\s+"
)
# What may stand before a dateline's date: a place ("LONDON, ", "São Paulo, ").
_PLACE_BEFORE_DATE = re.compile(
    r"(?P<place>" + _LETTER + _PLACE_CHARS + r"{1,40}?)(?P<comma>,?)\s+"
)
_MONTH_YEAR = re.compile(r"(?P<month>" + _MONTH + r")\s*,?\s*(?P<year>" + _YEAR + r")")
BYLINE_MAX_WORDS = 20
NEIGHBOUR_DAYS = 183  # a dated neighbour this close to a candidate date supports it
STAMP_DAYS = 7  # a date this soon after a year-less dateline is the story's own stamp


@dataclass(frozen=True)
class FoundDate:
    """A date written in a text, with where it stands and whether it carried its year."""

    start: int
    end: int
    date: dt.date | None
    month_day: tuple[int, int]


@functools.lru_cache(maxsize=4096)  # an export's articles repeat their dates many times over
def parse_written(span: str, dayfirst: bool = False) -> dt.date | None:
    """A date as written ("Feb 26, 1987", "9. März 2021", "9 de marzo de 2021"); None if none."""
    span = _MONTH_WORD.sub(_english_month, span)
    try:
        parsed = dateparser.parse(span, default=dt.datetime(2000, 1, 1), dayfirst=dayfirst)
    except (ValueError, OverflowError):
        return None
    if not 1800 <= parsed.year <= 2100:
        return None
    return parsed.date()


_MONTH_WORD = re.compile(r"[^\W\d_]+")
# Words inside a written date that dateutil must not see: "de" (9 de marzo), ordinal endings
# (1er, 1º), the year, month and day signs of Chinese, Japanese and Korean dates, weekdays.
_NO_WORDS = {
    "de": "",
    "er": "",
    "º": "",
    "年": "-",
    "월": "-",
    "月": "-",
    "년": "-",
    "日": "",
    "일": "",
}
# English weekdays, whole and shortened, which dateutil reads only in some spellings.
_NO_WORDS |= dict.fromkeys(
    "mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday "
    "sun sunday".split(),
    "",
)


def _english_month(match: re.Match[str]) -> str:
    """A month's name in English, "de" left out; any other word as it is."""
    word = match.group().casefold()
    if word in _NO_WORDS:
        return _NO_WORDS[word]
    number = MONTHS.get(word)
    return _ENGLISH_MONTHS[number - 1] if number else match.group()


def _parse_numeric(span: str, dayfirst: bool | None = None) -> dt.date | None:
    """03/04/2021 and the like: day first when the first number cannot be a month, month first
    when the second cannot; else as `dayfirst` says (the page's language), else day first in
    the dotted European style and month first otherwise."""
    first, second = _leading_numbers(span)
    if first > 12 or second > 12:
        return parse_written(span, dayfirst=first > 12)
    if dayfirst is None:
        dayfirst = "." in span
    return parse_written(span, dayfirst=dayfirst)


def _leading_numbers(span: str) -> tuple[int, int]:
    """The first two numbers of a numeric date ("03/04/2021": 3 and 4)."""
    first, second = re.split(r"[/.]", span)[:2]
    return int(first), int(second)


def numeric_order(language: str | None, text: str) -> bool | None:
    """Whether numeric dates in an article put the day first: a numeric date in it that reads
    one way only decides; else its language ("en-US" and "en" alone month first, other
    languages day first); None when nothing tells."""
    for match in _FULL_DATE_PATTERNS[2].finditer(text):
        first, second = _leading_numbers(match.group())
        if first > 12 or second > 12:
            return first > 12
    if language:
        code = language.strip().casefold().replace("_", "-")
        return not (code == "en" or code.startswith("en-us"))
    return None


def in_page_order(day: dt.date, text: str, language: str | None) -> dt.date:
    """`day` as the text writes it, when it is written there as a numeric date that reads
    either way ("03/04/2021"): in the order the language and the text's other dates give."""
    if day.day > 12 or day.day == day.month:
        return day
    dayfirst = numeric_order(language, text)
    if dayfirst is None:
        return day
    swapped = dt.date(day.year, day.day, day.month)
    for match in _FULL_DATE_PATTERNS[2].finditer(text):
        read = _parse_numeric(match.group(), dayfirst)
        if read in (day, swapped):
            return read
    return day


def _matches(
    pattern: re.Pattern[str], text: str, index: int, windows: list[tuple[int, int]] | None
) -> Iterator[re.Match[str]]:
    """`pattern`'s matches in `text`. Most shapes hold a four-digit year: in a long text they are
    sought only around the years in it, which is far quicker than trying each shape's optional
    weekday and month words at every position."""
    if index in _SHAPES_WITHOUT_FULL_YEAR or windows is None:
        yield from pattern.finditer(text)
        return
    seen: set[tuple[int, int]] = set()
    for start, end in windows:
        for match in pattern.finditer(text, start, end):
            # A match that runs to a window's edge might run on: the whole text decides.
            if match.end() == end < len(text):
                match = pattern.match(text, match.start())
                if match is None:
                    continue
            if match.span() not in seen:
                seen.add(match.span())
                yield match


def _year_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of `text` around each four-digit year in it, merged where they overlap."""
    windows: list[tuple[int, int]] = []
    for year in _YEAR_AT.finditer(text):
        start, end = max(0, year.start() - _BEFORE_YEAR), min(len(text), year.end() + _AFTER_YEAR)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def find_dates(text: str, dayfirst: bool | None = None) -> list[FoundDate]:
    """Every full date written in `text`, in order; of overlapping finds the longest stays.

    `dayfirst` settles numeric dates that read either way (numeric_order gives it).
    """
    found: list[tuple[int, int, dt.date]] = []
    windows = _year_windows(text) if len(text) >= _WINDOWED_FROM_CHARS else None
    for index, pattern in enumerate(_FULL_DATE_PATTERNS):
        for match in _matches(pattern, text, index, windows):
            span = match.group(0)
            date = _parse_numeric(span, dayfirst) if index == 2 else parse_written(span)
            if date is not None:
                found.append((match.start(), match.end(), date))
    found.sort(key=lambda f: (f[0], -f[1]))
    result: list[FoundDate] = []
    for start, end, date in found:
        if result and start < result[-1].end:
            continue
        result.append(FoundDate(start, end, date, (date.month, date.day)))
    return result


def parse_date_value(value: str, anywhere: bool = False) -> dt.date | None:
    """A date declared in a header or meta tag; a value that holds no full date gives None.

    With `anywhere`, the date may follow other words, as an export's date line has it
    ("Mittwoch 31. August 2011", "Updated: 17 mai 2003").
    """
    value = value.strip()
    dates = find_dates(value)
    if dates and (anywhere or dates[0].start == 0):
        return dates[0].date
    # Compact forms such as 20241207 or RFC 2822 stamps that the shapes above do not cover.
    if re.fullmatch(r"\d{8}(?:T?\d{4,6})?Z?", value) or re.match(r"[A-Z][a-z]{2}, \d", value):
        return parse_written(value)
    return None


def resolve_year(
    month_day: tuple[int, int], references: Sequence[dt.date], fallback: dt.date
) -> dt.date:
    """The month and day in the year that puts them nearest the reference dates.

    With no references the fallback (usually the file's time) stands in, and the date may not
    lie after it: an article is written before it is saved.
    """
    month, day = month_day
    # Eight years either way hold a 29 February for any anchor.
    if references:
        anchor = sorted(references)[len(references) // 2]
        candidates = [_safe_date(anchor.year + k, month, day) for k in range(-4, 5)]
        return min((c for c in candidates if c), key=lambda c: abs((c - anchor).days))
    for year in range(fallback.year, fallback.year - 9, -1):
        candidate = _safe_date(year, month, day)
        if candidate and candidate <= fallback:
            return candidate
    return fallback


def file_date(mtime: float) -> dt.date:
    """The local day of a file time; times beyond what dates can hold are clamped."""
    try:
        return dt.date.fromtimestamp(mtime)
    except (OverflowError, OSError, ValueError):
        return dt.date.max if mtime > 0 else dt.date.min


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _is_byline(line: str) -> bool:
    return len(line.split()) <= BYLINE_MAX_WORDS


def is_dated_byline(line: str, dates: Sequence[FoundDate]) -> bool:
    """A line that carries the article's date rather than its headline."""
    if not dates or not _is_byline(line):
        return False
    dated_chars = sum(d.end - d.start for d in dates)
    undated = "".join(line[a.end : b.start] for a, b in zip([_START, *dates], dates, strict=False))
    undated += line[dates[-1].end :]
    return (
        line.startswith(("By ", "by "))
        or any(mark in undated for mark in ("/", "|", "·", "•"))  # not the date's own slashes
        or re.match(r"(?i)(published|updated|posted|last updated)\b", line) is not None
        or dated_chars >= 0.4 * len(line)
    )


_START = FoundDate(0, 0, None, (0, 0))  # where a line begins, for walking between its dates


class DateReading(NamedTuple):
    """What the rules read of an article's date."""

    date: dt.date | None  # None for a year-less dateline: its folder decides (neighbours)
    origin: DateOrigin
    month_day: tuple[int, int] | None = None  # a year-less dateline's month and day
    year_hint: dt.date | None = None  # that dateline's date as the story's own dates suggest


def extract_date(raw: RawArticle, lines: Sequence[str], rules: Rules) -> DateReading:
    """The article's date and where it came from; for a year-less dateline, its month and day
    and the story's suggestion, for the folder to decide."""
    declarations = (
        (DateOrigin.EXPORT, raw.export.get("date")),
        (DateOrigin.HEADER, raw.header.get("date")),
        (DateOrigin.META, raw.meta.get("date")),
    )
    for origin, declared in declarations:
        if declared:
            date = parse_date_value(declared, anywhere=origin is DateOrigin.EXPORT)
            if date is not None:
                return DateReading(date, origin)
    # Only slashed numbers read either way (dotted ones are day first everywhere).
    dayfirst = numeric_order(raw.meta.get("language"), raw.body) if "/" in raw.body else None
    month_day = None
    for line in lines[: rules.top_lines]:
        match = _DATELINE_DAY.match(line)
        if match:
            # The story starts here: dates further down are not the article's own.
            month_day = _month_day(match.group("day"))
            break
        dates = find_dates(line, dayfirst)
        # A dated byline or a dateline, not a sentence near the top that names an older date.
        if dates and (is_dated_byline(line, dates) or _is_place(line[: dates[0].start])):
            return DateReading(dates[0].date, DateOrigin.DATELINE)
    weighed = parse_date_value(raw.meta.get("weighed_date") or "")
    if weighed is not None and month_day is None:
        return DateReading(weighed, DateOrigin.META)
    text_dates = [found.date for found in find_dates(raw.body, dayfirst)]
    if weighed is not None:
        text_dates.insert(0, weighed)  # a stamp that may settle a year-less dateline
    if month_day is not None:
        stamps = [weighed] if weighed is not None else []
        # Every line: a stamp line counts as boilerplate for the title, not here.
        stamps += [d.date for line in raw.body.split("\n") if (d := _stamp_on(line, dayfirst))]
        stamped = _own_stamp(month_day, stamps)
        if stamped is not None:
            return DateReading(stamped, DateOrigin.INFERRED)
        hint = _year_from_text(month_day, text_dates) if text_dates else None
        return DateReading(None, DateOrigin.INFERRED, month_day, hint)
    if text_dates:
        return DateReading(text_dates[0], DateOrigin.TEXT)
    return DateReading(file_date(raw.mtime), DateOrigin.FILE)


def _stamp_on(line: str, dayfirst: bool | None) -> FoundDate | None:
    """The date of a stamp line ("Last updated April 29, 2022", "By A. Ruiz | 03/04/2021"); None
    for other lines, such as a sentence that names a date."""
    if not _YEAR_AT.search(line):
        return None
    dates = find_dates(line, dayfirst)
    return dates[0] if dates and is_dated_byline(line, dates) else None


def _own_stamp(month_day: tuple[int, int], dates: Sequence[dt.date]) -> dt.date | None:
    """The dateline's date when the story carries its own stamp ("published ...", "last
    updated ...") on that day or within STAMP_DAYS after it; None otherwise."""
    month, day = month_day
    for stamp in dates:
        for year in (stamp.year, stamp.year - 1):
            candidate = _safe_date(year, month, day)
            if candidate is not None and 0 <= (stamp - candidate).days <= STAMP_DAYS:
                return candidate
    return None


def date_among_neighbours(
    month_day: tuple[int, int],
    year_hint: dt.date | None,
    neighbours: Sequence[dt.date],
    fallback: dt.date,
) -> dt.date:
    """A year-less dateline's date, in the year that puts it among its folder's dated articles.

    The story's own dates (`year_hint`) decide between years the neighbours both support (a
    folder of one outlet over many years); a year the neighbours hardly know (an old event, a
    deadline named in the story) loses to theirs. Without neighbours the story's dates decide,
    and without those the file's time (`fallback`), which the date may not follow.
    """
    if not neighbours:
        return year_hint or resolve_year(month_day, [], fallback)
    by_neighbours = resolve_year(month_day, neighbours, fallback)
    if year_hint is None or year_hint == by_neighbours:
        return by_neighbours

    def support(day: dt.date) -> int:
        return sum(1 for n in neighbours if abs((n - day).days) <= NEIGHBOUR_DAYS)

    return year_hint if 2 * support(year_hint) >= support(by_neighbours) else by_neighbours


def _year_from_text(month_day: tuple[int, int], dates: Sequence[dt.date]) -> dt.date:
    """A year-less dateline's date from the full dates in the story: the story's latest date
    gives the year, since an article is written after the events it mentions."""
    latest = max(dates)
    return resolve_year(month_day, [latest], latest)


def _is_place(prefix: str) -> bool:
    """Whether the text before a date is nothing or a dateline's place: capitals, or Title Case
    words followed by a comma."""
    if len(prefix.strip()) == 0:
        return len(prefix) <= 3
    match = _PLACE_BEFORE_DATE.fullmatch(prefix)
    if match is None:
        return False
    place = match.group("place").strip()
    words = place.split()
    return place.isupper() or (
        bool(match.group("comma")) and len(words) <= 3 and all(w[0].isupper() for w in words)
    )


def _month_day(span: str) -> tuple[int, int] | None:
    date = parse_written(span)
    return (date.month, date.day) if date else None


def without_dateline(line: str) -> str:
    """The line without a dateline at its start ("BEIRUT:", "QUITO, July 8 (Reuters) -").

    A line in capitals throughout is a wire headline, whose " - " joins two parts of it
    ("AMERICAN EXPRESS - FIRST QUARTER NET"), not a place and its story.
    """
    dateline = _DATELINE_DAY.match(line)
    if dateline:
        return line[dateline.end() :].lstrip()
    prefix = _DATELINE_PREFIX.match(line)
    if prefix and prefix.group("place").isupper() and not line.isupper():
        return line[prefix.end() :]
    return line


def day_range(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date typed by a user covers: a year, a month or a day.

    Accepts 2024, 2024-12, 2024-12-07 and written forms such as "Dec 2024" or "6 Dec 2024";
    raises ValueError with a plain sentence for anything else.
    """
    value = text.strip()
    if re.fullmatch(_YEAR, value):
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month_match = re.fullmatch(r"(?P<year>" + _YEAR + r")[-/.](?P<month>[01]?\d)", value)
    written = _MONTH_YEAR.fullmatch(value)
    if month_match or written:
        year = int((month_match or written).group("year"))
        month = (
            int(month_match.group("month"))
            if month_match
            else parse_written(written.group("month")).month
        )
        if 1 <= month <= 12:
            first = dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
    dates = find_dates(value)
    if len(dates) == 1 and dates[0].start == 0 and dates[0].end == len(value):
        return dates[0].date, dates[0].date
    raise DateError(
        f"cannot read the date {text.strip()!r}; write it like 2024-12-07, 2024-12 or 2024"
    )
