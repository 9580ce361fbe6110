"""Property-based tests: any query, any text, any bytes, any filter keeps the promises."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from searchapp.core.errors import UserInputError
from searchapp.core.library import Library
from searchapp.core.reading import Article, Rules, SkipFile, load_rules, read_articles
from searchapp.core.reading.article import RawArticle
from searchapp.core.reading.dates import find_dates, resolve_year
from searchapp.core.reading.files import decode
from searchapp.core.reading.metadata import extract_metadata
from searchapp.paths import seeds_dir

RULES = load_rules()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

QUERY_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyz HOMSRJ0123456789\"'()[]{}*?~^:+-!&|\\/.,;<>=@#$%\t\n")
    + [
        "AND",
        "OR",
        "NOT",
        "TO",
        "to",
        "title:",
        "source:",
        "date:",
        "Homs",
        "Jolani",
        "é",
        "ğ",
        "\x00",
    ]
)


def read_one(path: Path, rules: Rules) -> Article:
    """The one article a single-article file holds."""
    articles = read_articles(path, rules).articles
    assert len(articles) == 1
    return articles[0]


@pytest.fixture(scope="module")
def seeds_library() -> Library:
    home = Path(tempfile.mkdtemp(prefix="searchapp-props-"))
    archive = home / "seeds"
    shutil.copytree(seeds_dir(), archive)
    library = Library.open(home)
    for folder in library.folders:
        library.remove_folder(folder)
    library.add_folder(archive)
    library.reindex()
    yield library
    shutil.rmtree(home, ignore_errors=True)


@SETTINGS
@given(st.lists(QUERY_ALPHABET, max_size=25).map("".join), st.booleans())
def test_any_query_gives_a_result_or_a_plain_value_error(seeds_library, text, variants):
    try:
        result = seeds_library.search(text, variants=variants, limit=3)
    except UserInputError as exc:
        assert isinstance(exc, ValueError) and str(exc)
        return
    assert 0 <= len(result.hits) <= min(3, result.total) <= 5
    assert sum(result.facets.sources.values()) == result.total


@SETTINGS
@given(st.text(max_size=30), st.text(max_size=30))
def test_any_since_until_text_is_read_or_refused_plainly(seeds_library, since, until):
    try:
        result = seeds_library.search("Homs", since=since, until=until)
    except UserInputError as exc:
        assert str(exc)
        return
    assert result.total <= 5


@SETTINGS
@given(
    st.lists(st.sampled_from(["CNN", "UPI", "Reuters", "AFP", "News Mania", "Nobody"]), max_size=3),
    st.one_of(st.none(), st.dates(dt.date(2024, 12, 1), dt.date(2024, 12, 10))),
    st.one_of(st.none(), st.dates(dt.date(2024, 12, 1), dt.date(2024, 12, 10))),
    st.sampled_from(["", "Homs", "Jolani", "rebel OR regime", "Assad -Hama"]),
)
def test_facets_add_up_and_filters_never_add_hits(seeds_library, sources, since, until, text):
    unfiltered = seeds_library.search(text, limit=0)
    filtered = seeds_library.search(text, sources=sources, since=since, until=until, limit=0)
    assert filtered.total <= unfiltered.total
    assert {h.path for h in filtered.hits} <= {h.path for h in unfiltered.hits}
    assert len(filtered.hits) == filtered.total
    # Source counts ignore the source filter; the date bars zoom to the date filter, if any.
    dates_only = seeds_library.search(text, since=since, until=until, limit=0)
    assert sum(filtered.facets.sources.values()) == dates_only.total
    sources_only = seeds_library.search(text, sources=sources, limit=0)
    in_dates = filtered.total if since or until else sources_only.total
    assert sum(b.count for b in filtered.facets.dates) == in_dates
    for hit in filtered.hits:
        assert not sources or hit.source in sources
        assert since is None or hit.date >= since
        assert until is None or hit.date <= until


@SETTINGS
@given(st.text(max_size=600), st.floats(0, 2e9))
def test_metadata_of_any_text(text, mtime):
    meta = extract_metadata(RawArticle(body=text, mtime=mtime), RULES)
    assert meta.date is not None or meta.month_day is not None
    assert meta.date_origin in ("header", "meta", "dateline", "text", "inferred", "file")
    assert len(meta.title) <= 160 and "\n" not in meta.title
    assert meta.source


DATE_FORMATS = ["%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d-%b-%Y", "%A, %B %d, %Y"]


@SETTINGS
@given(
    st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
    st.sampled_from(DATE_FORMATS),
    st.text(max_size=40),
)
def test_written_dates_are_found_again(date, form, noise):
    assume(not any(ch.isdigit() for ch in noise))
    written = date.strftime(form)
    found = find_dates(f"{noise} {written} {noise}")
    assert date in [f.date for f in found]


@SETTINGS
@given(
    st.tuples(st.integers(1, 12), st.integers(1, 28)),
    st.lists(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), max_size=5),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
)
def test_resolve_year_keeps_the_month_and_day(month_day, references, fallback):
    date = resolve_year(month_day, references, fallback)
    assert (date.month, date.day) == month_day
    if not references:
        assert date <= fallback or date.year == fallback.year - 1


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_skip(data):
    try:
        text = decode(data)
    except SkipFile as skip:
        assert "binary" in skip.reason
        return
    assert isinstance(text, str)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".html", ".md"]))
def test_any_file_reads_or_skips_with_a_reason(data, suffix):
    folder = Path(tempfile.mkdtemp(prefix="searchapp-bytes-"))
    try:
        path = folder / f"random{suffix}"
        path.write_bytes(data)
        before = os.stat(path).st_mtime_ns
        try:
            doc = read_one(path, RULES)
        except SkipFile as skip:
            assert skip.reason
        else:
            assert doc.text.strip() and "\r" not in doc.text
            assert doc.date is not None or doc.month_day is not None
        assert os.stat(path).st_mtime_ns == before
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [
                "harbour",
                "Strike",
                "rail",
                "a",
                "U.S.",
                "rail-way",
                "x",
                "\n",
                "Straße",
                "Œuvre",
                "café",
                "Gdańsk",
                "ﬁnal",
            ]
        ),
        max_size=40,
    ),
    st.sets(
        st.sampled_from(
            [
                "harbour",
                "strike",
                "rail",
                "a",
                "u",
                "s",
                "way",
                "strasse",
                "oeuvre",
                "cafe",
                "gdansk",
                "final",
            ]
        ),
        max_size=3,
    ),
    st.lists(
        st.tuples(st.sampled_from(["harbour", "rail"]), st.sampled_from(["strike", "way"])),
        max_size=2,
    ),
)
def test_fast_hit_spans_agree_with_word_by_word(words, targets, phrases):
    # Letters that fold to several ("ß" to "ss", "Œ" to "oe", "ﬁ" to "fi") lengthen the folded
    # text; the hits' offsets must still be the text's own.
    from searchapp.core.engine.snippets import Targets, hit_spans, token_spans

    text = " ".join(words)
    wanted = Targets(frozenset(targets), tuple(phrases))
    assert hit_spans(text, wanted) == token_spans(text, wanted)
