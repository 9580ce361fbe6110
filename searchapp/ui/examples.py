"""Query examples taken from the user's own archive, for the search field's placeholder and the
syntax help: names its headlines mention, its biggest outlet, its latest month.

Examples written for one archive find nothing in another; these are built from the newest
articles' titles, so each one the help offers finds something where the user searches.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from searchapp.core.types import DateOrigin, SearchResult

EXAMPLE_ARTICLES = 500  # the newest articles whose titles give the names

# Words capitalised in headlines that are not names (in English, French, German, Spanish).
_NOT_NAMES = frozenset(
    """
    a about after against all also an and any are as at be before but by can could did do
    does down during every for from had has have he her his how i if in into is it its just
    may more most must new no not now of off on one only or other our out over says said
    should so some still than that the their them then there these they this those three
    to two under up us was we were what when where which while who why will with would you
    year years day days week first last next report update live video watch photos exclusive
    opinion analysis breaking news today here
    le la les un une des du de et en au aux sur pour par avec dans est sont
    der die das ein eine und mit von zu im am auf für ist sind
    el los las una del con por para que
    """.split()
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Examples:
    """Queries to show: (query, what it finds) rows for the help, and a placeholder line."""

    rows: tuple[tuple[str, str], ...]
    placeholder: str


REVIEW_EXAMPLE = 'tag:"to check"'
REVIEW_MEANING = "articles you tagged so (also: is:starred, has:note, has:tag)"

# For an archive too small to draw names from: these run on the bundled sample.
SAMPLE_EXAMPLES = Examples(
    rows=(
        ("Homs rebels", "articles with both words (and their forms: rebel, rebels)"),
        ("Hama OR Aleppo", "either word"),
        ("Assad -Jolani", "the first word but not the second (also: Assad NOT Jolani)"),
        ('"this regime is dead"', "an exact phrase"),
        ('"regime dead"~3', "words at most three apart"),
        ("rebels w/5 Homs", "the two within five words, in either order (also: NEAR/5)"),
        ("rebels pre/5 Homs", "the first, then the second at most five words on"),
        ("rebels w/s Homs", "both in one sentence (w/p: in one paragraph)"),
        ("reb*", "words that begin with reb"),
        ("Homz~", "words one letter away (~2 for two)"),
        ("title:Homs", "the word in the title"),
        ("source:Reuters", "articles from one source"),
        ("date:2024-12-07", "one day (or a month: date:2024-12)"),
        ("date:[2024-12-01 to 2024-12-06]", "a range of days"),
        ("(Hama OR Aleppo) Homs", "grouping with parentheses"),
        (REVIEW_EXAMPLE, REVIEW_MEANING),
    ),
    placeholder='Search articles — e.g. Homs rebels, "exact phrase", source:Reuters',
)


def headline_names(titles: Sequence[str], count: int = 3) -> list[str]:
    """The names most headlines mention, most frequent first (ties in order of appearance).

    A name is a word headlines write with a capital, inside a title at least once (a first
    word is capitalised anyway) and never in lower case.
    """
    capital: Counter[str] = Counter()
    inside: set[str] = set()
    lower: set[str] = set()
    for title in titles:
        words = _words(title)
        if sum(w.isupper() for w in words) > len(words) / 2:
            continue  # A HEADLINE IN CAPITALS says nothing about which words are names
        for position, word in enumerate(words):
            key = word.casefold()
            if word[0].islower():
                lower.add(key)
            elif key not in _NOT_NAMES and len(_LETTERS.match(word).group()) > 2:
                capital[word] += 1
                if position:
                    inside.add(word)
    names = [
        (name, seen)
        for name, seen in capital.items()
        if seen >= 2 and name in inside and name.casefold() not in lower
    ]
    names.sort(key=lambda pair: -pair[1])  # stable: first seen first among equals
    return [name for name, _ in names[:count]]


def example_queries(result: SearchResult) -> Examples:
    """Examples from `result`, a search for the newest articles: its titles, its outlets and
    its newest date. The sample's examples when the titles name too little."""
    titles = [hit.title for hit in result.hits if hit.title]
    names = headline_names(titles, count=8)
    if len(names) < 2:
        return SAMPLE_EXAMPLES
    first = names[0]
    second = _companion(first, names, titles)
    if second is None:
        return SAMPLE_EXAMPLES
    names = [first, second, *(n for n in names[1:] if n != second)]
    rows = [
        (f"{first} {second}", "articles with both words (and their forms)"),
        (f"{first} OR {second}", "either word"),
        (f"{first} -{second}", f"the first word but not the second (also: {first} NOT {second})"),
    ]
    phrase = _phrase(titles, first)
    if phrase:
        rows.append((f'"{phrase}"', "an exact phrase"))
    rows.append((f'"{first} {second}"~5', "the two words at most five apart"))
    before, after, apart = _in_order(first, second, titles)
    rows.append(
        (
            f"{before} w/{apart} {after}",
            f"the two within {apart} words, either order (NEAR/{apart})",
        )
    )
    rows.append(
        (f"{before} pre/{apart} {after}", f"the first, then the second at most {apart} words on")
    )
    rows.append((f"{before} w/s {after}", "both in one sentence (w/p: in one paragraph)"))
    stem = _LETTERS.match(first).group()
    if len(stem) >= 5:
        rows.append((f"{stem[:4]}*", f"words that begin with {stem[:4]}"))
    if stem == first:
        rows.append((f"{_misspelt(first)}~", "words one letter away (~2 for two)"))
    rows.append((f"title:{first}", "the word in the title"))
    outlet = _outlet(result.facets.sources)
    if outlet:
        rows.append((f"source:{outlet}", "articles from one source"))
    read = [hit.date for hit in result.hits if hit.date and hit.date_origin != DateOrigin.FILE]
    rows.extend(_date_rows(read))
    third = _companion(first, names[2:], titles, fallback=False)
    if third:
        rows.append((f"({first} OR {second}) {third}", "grouping with parentheses"))
    rows.append((REVIEW_EXAMPLE, REVIEW_MEANING))
    placeholder = f"Search articles — e.g. {first} {second}"
    if outlet:
        placeholder += f", source:{outlet}"
    return Examples(tuple(rows), placeholder)


def _companion(
    name: str, names: Sequence[str], titles: Sequence[str], fallback: bool = True
) -> str | None:
    """A word to search beside `name` that finds articles with both: the one of `names` that
    shares most headlines with it, else (with `fallback`) the longest other word of its first
    headline."""
    beside = [_words(title) for title in titles]
    beside = [words for words in beside if name in words]
    shared = Counter(n for words in beside for n in set(words) if n in names and n != name)
    if shared:
        return max(names, key=lambda n: shared[n])  # ties: the more frequent name
    if not fallback:
        return None
    words = [w for w in beside[0] if w != name and w.casefold() not in _NOT_NAMES]
    words = [w for w in words if _LETTERS.fullmatch(w)]
    return max(words, key=len) if words else None


def _in_order(first: str, second: str, titles: Sequence[str]) -> tuple[str, str, int]:
    """The two names as the first headline holding both has them, and how many words apart
    (at least 5, a round distance to read)."""
    for title in titles:
        words = _words(title)
        if first in words and second in words:
            a, b = words.index(first), words.index(second)
            pair = (first, second) if a < b else (second, first)
            return (*pair, max(5, abs(a - b)))
    return first, second, 5


def _words(title: str) -> list[str]:
    """A headline's words, a possessive's ’s dropped ("Korea’s" is Korea)."""
    return [_POSSESSIVE.sub("", word) for word in _WORD.findall(title)]


def _phrase(titles: Sequence[str], name: str) -> str | None:
    """Two words of a headline that begin with `name`, or that end with it."""
    for title in titles:
        words = title.split()
        for index, word in enumerate(words):
            if word.strip(".,:;!?'\"‘’“”") != name:
                continue
            pair = words[index : index + 2] if index + 1 < len(words) else words[index - 1 :]
            text = " ".join(w.strip(".,:;!?'\"‘’“”") for w in pair)
            text = re.sub(r"['’]s$", "", text)  # "Korea’s": the phrase finds it without
            if len(pair) == 2 and '"' not in text:
                return text
    return None


def _misspelt(word: str) -> str:
    """`word` with its last letter changed: a typing mistake the ~ operator forgives."""
    last = "z" if word[-1].lower() != "z" else "s"
    return word[:-1] + last


def _outlet(sources: Mapping[str, int]) -> str | None:
    """The outlet with most articles, quoted when it has spaces; None when there is none."""
    for name in sources:
        if name and '"' not in name:
            return f'"{name}"' if re.search(r"[\s()]", name) else name
    return None


def _date_rows(dates: Sequence[dt.date]) -> list[tuple[str, str]]:
    """A month and a week that hold the newest articles."""
    if not dates:
        return []
    newest = max(dates)
    week = newest - dt.timedelta(days=6)
    return [
        (f"date:{newest:%Y-%m}", f"one month (or a day: date:{newest.isoformat()})"),
        (f"date:[{week.isoformat()} to {newest.isoformat()}]", "a range of days"),
    ]
