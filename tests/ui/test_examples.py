"""Query examples drawn from the user's own archive: names, an outlet and a month of theirs."""

from __future__ import annotations

import datetime as dt

from searchapp.core.types import DateOrigin, Facets, Hit, SearchResult
from searchapp.ui.dialogs import SyntaxHelpDialog
from searchapp.ui.examples import SAMPLE_EXAMPLES, example_queries, headline_names


def test_names_are_words_a_headline_capitalises_and_never_writes_small():
    titles = [
        "Floods in Kherson leave thousands without water",
        "Kherson dam: what Zelensky said",
        "Zelensky visits Kherson as floods recede",
        "Water levels fall",
        "Officials Say Floods Will Return",  # title case: "Say" and "Will" are capitalised here
        "Aid reaches the flooded city, officials say",
        "WATER CRISIS DEEPENS IN KHERSON",  # capitals throughout: no clue to names
    ]
    names = headline_names(titles)
    assert names[:2] == ["Kherson", "Zelensky"]
    # "Floods" and "Water" also appear in lower case; "Say" and "Will" are not names.
    assert not {"Floods", "Water", "Say", "Will", "WATER"} & set(names)


def _hit(n: int, title: str, date: dt.date, source: str = "Kyiv Independent") -> Hit:
    return Hit(
        id=f"/a/{n}.txt",
        path=f"/a/{n}.txt",
        part=1,
        title=title,
        date=date,
        date_origin=DateOrigin.HEADER,
        source=source,
        score=0.0,
        snippet_html="",
    )


def _newest(titles: list[str], sources: dict[str, int]) -> SearchResult:
    day = dt.date(2023, 6, 9)
    hits = [_hit(n, t, day - dt.timedelta(days=n)) for n, t in enumerate(titles)]
    return SearchResult("", len(hits), hits, Facets(sources, [], "day", 0))


def test_examples_use_the_archives_names_outlet_and_latest_month():
    result = _newest(
        [
            "Floods in Kherson leave thousands without water",
            "Zelensky visits Kherson",
            "Kherson dam: what Zelensky said about Odesa",
            "Evacuations from Odesa and Kherson",
            "Zelensky thanks Odesa volunteers",
        ],
        {"The Kyiv Independent": 4, "Reuters": 1},
    )
    examples = example_queries(result)
    queries = [query for query, _ in examples.rows]
    assert queries[:3] == ["Kherson Zelensky", "Kherson OR Zelensky", "Kherson -Zelensky"]
    assert '"Kherson leave"' in queries
    assert "Kher*" in queries and "Khersoz~" in queries
    assert 'source:"The Kyiv Independent"' in queries
    assert "date:2023-06" in queries and "date:[2023-06-03 to 2023-06-09]" in queries
    assert "(Kherson OR Zelensky) Odesa" in queries
    assert "Kherson Zelensky" in examples.placeholder
    assert "Homs" not in " ".join(queries) + examples.placeholder


def test_an_archive_without_names_keeps_the_samples_examples():
    result = _newest(["weather report", "more weather"], {"Gazette": 2})
    assert example_queries(result) == SAMPLE_EXAMPLES


def test_every_example_in_the_help_finds_articles_of_the_users_own(
    qtbot, write_archive, library_for, open_window
):
    stories = {
        f"{n:02}.txt": f"{title}\n\nGazette\n\n{day}\n\n{body}\n"
        for n, (title, day, body) in enumerate(
            [
                ("Harbour strike in Marseille", "3 March 2023", "Dockers in Marseille stopped."),
                ("Marseille dockers meet Borne", "4 March 2023", "Borne met Marseille unions."),
                ("Borne defends pension reform", "5 March 2023", "Borne spoke in Paris."),
                ("Paris and Marseille protests grow", "6 March 2023", "Crowds in Paris."),
                ("Borne visits Paris unions", "7 March 2023", "Talks in Paris with Borne."),
            ]
        )
    }
    library = library_for(write_archive(stories))
    window = open_window(library)
    qtbot.waitUntil(lambda: window.examples is not SAMPLE_EXAMPLES, timeout=10_000)
    assert "Marseille" in window.search_field.placeholderText()
    dialog = SyntaxHelpDialog(window.examples, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(window.examples.rows) >= 10
    for row in range(dialog.table.rowCount()):
        query = dialog.table.item(row, 0).text()
        if query.split()[0].endswith("-Borne") or " -" in query:
            continue  # "A -B" finds what B is missing from: maybe nothing
        if query.startswith(("tag:", "is:", "has:")):
            continue  # the user's own marks: none yet
        assert library.search(query).total > 0, query
