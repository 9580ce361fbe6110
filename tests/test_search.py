"""Search: query language, filters, facets, sorting, paging, snippets, suggestions, variants."""

from __future__ import annotations

import datetime as dt
import random
import re
import subprocess
from pathlib import Path

import pytest

from searchapp.core.engine.searching import sort_text
from searchapp.core.engine.snippets import mark_text
from searchapp.core.errors import QueryError, UserInputError


def _article(title: str, date: str, source: str, body: str) -> str:
    return f"Title: {title}\nDate: {date}\nSource: {source}\n\n{body}\n"


@pytest.fixture
def news(write_archive, library_for):
    """A small archive with known words, dates and sources."""
    folder = write_archive(
        {
            "a.txt": _article(
                "Harbour strike spreads",
                "2023-03-01",
                "Gazette",
                "Dockers at the harbour walked out. The strike spreads to rail workers.",
            ),
            "b.txt": _article(
                "Rail talks collapse",
                "2023-03-02",
                "Courier",
                "Union leaders said talks with the rail operator collapsed on Tuesday.",
            ),
            "c.txt": _article(
                "Ferry fares rise",
                "2023-04-10",
                "Gazette",
                "Ferry operators raised fares; harbour officials blamed fuel costs.",
            ),
            "d.txt": _article(
                "Café owners protest in Zürich",
                "2023-04-11",
                "Herald",
                "Owners of the café chain protested new rules. Striking staff joined them.",
            ),
            "e.txt": _article(
                "Election night",
                "2022-11-08",
                "Courier",
                "Polls closed at eight. <script>alert(1)</script> and <img src=x> appear as text.",
            ),
        }
    )
    return library_for(folder)


def _titles(result) -> set[str]:
    return {hit.title for hit in result.hits}


def test_words_are_anded_by_default(news):
    assert _titles(news.search("harbour strike")) == {"Harbour strike spreads"}


def test_or_not_minus_and_parentheses(news):
    assert news.search("ferry OR election").total == 2
    assert news.search("harbour NOT ferry").total == 1
    assert news.search("harbour -ferry").total == 1
    assert news.search("(ferry OR rail) harbour").total == 2


def test_stemming_matches_inflections(news):
    # "strike" finds "striking" and "strike"; "protest" finds "protested".
    assert news.search("strike").total == 2
    assert news.search("protest").total == 1


def test_phrases_are_exact_and_take_slop(news):
    assert news.search('"rail operator"').total == 1
    assert news.search('"operator rail"').total == 0
    # "talks with the rail operator collapsed": five words apart.
    assert news.search('"talks collapsed"').total == 0
    assert news.search('"talks collapsed"~5').total == 1


def test_prefix_and_fuzzy(news):
    assert news.search("harb*").total == 2
    assert news.search("harbuor~").total == 2


def test_accents_fold_both_ways(news):
    assert news.search("cafe").total == 1
    assert news.search("zurich").total == 1
    assert news.search("Café").total == 1


def test_fields_title_source_date(news):
    assert news.search("title:rail").total == 1
    assert news.search("source:gazette").total == 2
    assert news.search("date:2023-03").total == 2
    assert news.search("date:2023-04-11").total == 1
    assert news.search("date:[2023-03-02 to 2023-04-10]").total == 2
    assert news.search("date:2022").total == 1
    # A quoted value belongs to its field, whatever is in it.
    assert news.search('title:"rail talks"').total == 1
    assert news.search('source:"Gazette" harbour').total == 2


def test_empty_query_lists_everything(news):
    assert news.search("").total == 5
    assert news.search("   ").total == 5


def test_stop_words_are_dropped_beside_other_words_but_searchable_alone(news):
    assert news.search("the harbour").total == news.search("harbour").total
    assert news.search("at").total >= 1


@pytest.mark.parametrize(
    "bad",
    [
        '"open phrase',
        "(unclosed",
        "closed)",
        "date:[2023 to",
        "date:soon",
        "title:",
        'title: "rail"',
        "rail AND",
    ],
)
def test_malformed_queries_raise_a_plain_value_error(news, bad):
    with pytest.raises(QueryError) as info:
        news.search(bad)
    assert isinstance(info.value, ValueError)
    assert "Traceback" not in str(info.value) and len(str(info.value)) > 10


def test_bad_filters_raise_user_errors(news):
    with pytest.raises(UserInputError):
        news.search("rail", since="the other day")
    with pytest.raises(UserInputError):
        news.search("rail", sort="random")


def test_source_and_date_filters(news):
    assert news.search("", sources=["Gazette"]).total == 2
    assert news.search("", sources=["Gazette", "Herald"]).total == 3
    assert news.search("", since="2023-04-01").total == 2
    assert news.search("", until="2023-03").total == 3
    assert news.search("", since="2023-03-02", until="2023-04-10").total == 2


def test_source_counts_ignore_the_source_filter_and_date_counts_the_date_filter(news):
    result = news.search("", sources=["Gazette"], since="2023-03-01")
    assert result.total == 2
    # Sources: every source within the date filter, so a second one can be ticked.
    assert result.facets.sources == {"Gazette": 2, "Courier": 1, "Herald": 1}
    # Dates: only the ticked source, zoomed to the dates chosen.
    assert sum(b.count for b in result.facets.dates) == 2
    assert result.facets.dates[0].start >= dt.date(2023, 3, 1)


def test_facet_counts_add_up_to_the_total_without_filters(news):
    for text in ("", "harbour", "rail OR ferry"):
        result = news.search(text)
        assert sum(result.facets.sources.values()) == result.total
        assert sum(b.count for b in result.facets.dates) == result.total


def test_sorting_by_date(news):
    newest = [h.date for h in news.search("", sort="newest", limit=0).hits]
    oldest = [h.date for h in news.search("", sort="oldest", limit=0).hits]
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)
    assert newest[0] == dt.date(2023, 4, 11)


def test_without_words_relevance_lists_the_newest_first(news, write_archive, library_for):
    # Paths run a to e; the dates do not follow them.
    titles = [h.title for h in news.search("", limit=0).hits]
    assert titles == [
        "Café owners protest in Zürich",
        "Ferry fares rise",
        "Rail talks collapse",
        "Harbour strike spreads",
        "Election night",
    ]
    # Filters alone have no words to score by either.
    gazette = [h.title for h in news.search("", sources=["Gazette"], limit=0).hits]
    assert gazette == ["Ferry fares rise", "Harbour strike spreads"]
    assert [h.title for h in news.search("", limit=2, offset=1).hits] == titles[1:3]
    # An article dated only by its file's time comes after every dated one.
    folder = write_archive(
        {
            "a-undated.txt": "Title: Undated note\n\nA note without a date of its own.\n",
            "b-old.txt": _article("Old report", "2001-05-04", "Courier", "An old report."),
        }
    )
    library = library_for(folder)
    assert [h.title for h in library.search("", limit=0).hits] == ["Old report", "Undated note"]


def test_sorting_by_title_source_and_file(news, write_archive, library_for):
    titles = [h.title for h in news.search("", sort="title", limit=0).hits]
    # Case and accents aside: "Café" sorts among the c's.
    assert titles == [
        "Café owners protest in Zürich",
        "Election night",
        "Ferry fares rise",
        "Harbour strike spreads",
        "Rail talks collapse",
    ]
    sources = [(h.source, h.date) for h in news.search("", sort="source", limit=0).hits]
    # A to Z, and one outlet's articles newest first.
    assert sources == sorted(sources, key=lambda s: (s[0], -s[1].toordinal()))
    files = [Path(h.path).name for h in news.search("", sort="file", limit=0).hits]
    assert files == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    paged = [
        h.title for o in (0, 2, 4) for h in news.search("", sort="title", limit=2, offset=o).hits
    ]
    assert paged == titles


def test_titles_and_files_sort_as_people_read_them(write_archive, library_for):
    folder = write_archive(
        {
            f"clip {n}.txt": _article(title, "2023-03-01", "Gazette", f"Port news of berth {n}.")
            for n, title in ((10, "“Quoted” first"), (9, "port 10 reopens"), (2, "Port 9 shuts"))
        }
    )
    library = library_for(folder)
    hits = library.search("", sort="title", limit=0).hits
    # Quotes aside, and numbers by value.
    assert [h.title for h in hits] == ["Port 9 shuts", "port 10 reopens", "“Quoted” first"]
    files = [Path(h.path).name for h in library.search("", sort="file", limit=0).hits]
    assert files == ["clip 2.txt", "clip 9.txt", "clip 10.txt"]
    assert sort_text("") > sort_text("Zürich") > sort_text("zebra")  # no title: last


def test_paging(news):
    everything = [h.path for h in news.search("", sort="oldest", limit=0).hits]
    assert len(everything) == 5
    pages = [
        h.path for o in (0, 2, 4) for h in news.search("", sort="oldest", limit=2, offset=o).hits
    ]
    assert pages == everything
    assert news.search("", limit=2).total == 5


def test_relevance_puts_the_better_match_first(news):
    hits = news.search("harbour strike OR rail").hits
    assert hits[0].title == "Harbour strike spreads"
    assert hits[0].score >= hits[-1].score


def test_snippets_mark_words_and_their_inflections(news):
    hit = news.search("strike").hits[0]
    assert re.search(r"<mark>(strike|Striking)</mark>", hit.snippet_html)


def test_titles_are_marked_too(news):
    hit = news.search("ferry").hits[0]
    assert hit.title_html == "<mark>Ferry</mark> fares rise"


def test_snippets_escape_markup_from_documents(news):
    hit = news.search("polls").hits[0]
    assert "<script>" not in hit.snippet_html and "<img" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html and "&lt;img src=x&gt;" in hit.snippet_html


def test_excluded_words_are_not_marked(news):
    hit = news.search("harbour -ferry").hits[0]
    assert "<mark>harbour</mark>" in hit.snippet_html
    assert "<mark>ferry" not in hit.snippet_html.lower()


def test_suggestion_for_a_misspelling(news):
    result = news.search("harbuor")
    assert result.total == 0
    assert result.suggestion == "harbour"
    assert news.search("harbour").suggestion is None


def test_document_view_marks_every_hit(news):
    path = news.search("harbour strike").hits[0].path
    view = news.document(path, "harbour OR strike")
    # The story, without its header lines: every occurrence is marked.
    assert not view.text.startswith(("Title:", "Date:"))
    assert [view.text[s:e].lower() for s, e in view.hits] == ["harbour", "strike"]
    assert mark_text(view.text, view.hits).count("<mark>") == 2


def test_name_variants(write_archive, library_for):
    folder = write_archive(
        {
            "1.txt": "Title: One\nSource: A\nDate: 2020-01-01\n\nMuammar Gaddafi spoke.",
            "2.txt": "Title: Two\nSource: B\nDate: 2020-01-02\n\nMoammar Qaddafi spoke again.",
            "3.txt": "Title: Three\nSource: C\nDate: 2020-01-03\n\nThe Gaddafi family left.",
            "4.txt": "Title: Four\nSource: D\nDate: 2020-01-04\n\nA garden party in the city.",
        }
    )
    library = library_for(folder)
    assert library.search("Gaddafi").total == 2
    result = library.search("Gaddafi", variants=True)
    assert result.total == 3
    assert result.variants_used == {"gaddafi": ["qaddafi"]}
    # The spelling typed ranks before its variants.
    assert result.hits[-1].title == "Two"


# The sample archive: the figures the product promises (see the "Done when").


def test_seed_metadata(seed_library):
    hits = {Path(h.path).name[:3]: h for h in seed_library.search("", limit=0).hits}
    found = {k: (h.date.isoformat(), h.source) for k, h in hits.items()}
    assert found == {
        "000": ("2024-12-07", "CNN"),
        "001": ("2024-12-06", "UPI"),
        "002": ("2024-12-07", "Reuters"),
        "003": ("2024-12-06", "AFP"),
        "004": ("2024-12-06", "News Mania"),
    }
    for hit in hits.values():
        assert hit.title and "Advertisement" not in hit.title
        assert not re.search(r"\d+\.\d+ (In|De)creased", hit.title)


@pytest.mark.parametrize(
    ("query", "options", "total"),
    [
        ("Homs", {}, 5),
        ("Jolani", {}, 2),
        ("Jolani", {"variants": True}, 5),
        ('"this regime is dead"', {}, 2),
        ("Homs", {"sources": ["Reuters"]}, 1),
        ("Homs", {"since": "2024-12-07"}, 2),
        ("Homs", {"until": "2024-12-06"}, 3),
        ("Erdogan", {}, 3),
    ],
)
def test_seed_queries(seed_library, query, options, total):
    assert seed_library.search(query, **options).total == total


def test_seed_suggestion(seed_library):
    assert seed_library.search("Homz").suggestion == "homs"


def _generated_archive(root: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    vocabulary = [
        "".join(
            rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4))
        )
        for _ in range(400)
    ]
    for number in range(count):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(20, 120))]
        text = " ".join(w.capitalize() if rng.random() < 0.1 else w for w in words)
        (root / f"doc{number:04d}.txt").write_text(
            f"Headline {number}\n\n{text}.\n", encoding="utf-8"
        )


def test_every_word_grep_finds_is_found(tmp_path, library_for):
    archive = tmp_path / "generated"
    archive.mkdir()
    _generated_archive(archive, 150, seed=7)
    library = library_for(archive)
    rng = random.Random(3)
    all_words = sorted(set(re.findall(r"\w+", " ".join(p.read_text() for p in archive.iterdir()))))
    for word in rng.sample(all_words, 25):
        grep = subprocess.run(
            ["grep", "-rilw", word, str(archive)], capture_output=True, text=True, check=False
        )
        expected = {Path(line).name for line in grep.stdout.split()}
        found = {Path(h.path).name for h in library.search(word, limit=0).hits}
        assert expected <= found, word


def test_an_empty_library_answers_with_nothing(library_for):
    library = library_for()
    for text in ("", "anything", '"a phrase"', "date:2020"):
        result = library.search(text)
        assert (result.total, result.hits, result.facets.sources) == (0, [], {})
    assert library.status().documents == 0


def test_folding_keeps_words_whole(write_archive, library_for):
    folder = write_archive({"t.txt": "Title: Trip\n\nFrom İstanbul to Zürich via Straße and Ærø."})
    library = library_for(folder)
    for word in ("istanbul", "Istanbul", "zurich", "strasse", "aero"):
        assert library.search(word).total == 1, word


def test_filters_that_exclude_everything_leave_no_hits(news):
    for sort in ("relevance", "newest"):
        result = news.search("harbour", until="2020-01-01", sort=sort)
        assert (result.total, result.hits) == (0, [])
        assert news.search("harbour", sources=["Nobody"], sort=sort).hits == []


def test_forms_of_a_word_score_as_one_word(write_archive, library_for):
    # "rebelled" is rare and "rebel" common; as forms of one word they weigh the same.
    files = {f"common{i}.txt": "Title: x\n\nThe rebel spoke at noon today." for i in range(8)}
    files["rare.txt"] = "Title: x\n\nThe rebelled spoke at noon today."
    library = library_for(write_archive(files))
    hits = library.search("rebel", limit=0).hits
    scores = {round(hit.score, 6) for hit in hits}
    assert len(hits) == 9 and len(scores) == 1


def test_header_lines_are_searched_but_never_quoted(write_archive, library_for):
    folder = write_archive(
        {
            "a.txt": "Title: Quarry blast\nAuthor: Mirela Vukovic\nSource: Valley Post\n\n"
            "A blast at the quarry rattled windows in the village on Friday morning.\n"
        }
    )
    library = library_for(folder)
    hit = library.search("Vukovic").hits[0]  # a word only the header holds
    assert hit.title == "Quarry blast"
    assert "Vukovic" not in hit.snippet_html and "Author" not in hit.snippet_html
    assert hit.snippet_html.startswith("A blast at the quarry")
    assert library.search('"quarry blast"').total == 1  # the title, once, still searchable
