"""LexisNexis exports (searchapp.core.reading.exports.nexis_*): Nexis classic text, Nexis UK
pages and Nexis Uni documents split into articles with their fields."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from searchapp.core.reading import read_articles
from searchapp.core.reading.article import Reading
from searchapp.core.reading.exports import nexis_classic, nexis_page, nexis_uni
from searchapp.core.reading.files import decode, normalize_text
from searchapp.core.reading.html import parse_page
from searchapp.core.reading.rules import Rules

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LABELS_AND_TRAILERS = (
    "BYLINE:",
    "LENGTH:",
    "SECTION:",
    "LOAD-DATE",
    "LANGUAGE:",
    "PUBLICATION-TYPE",
    "JOURNAL-CODE",
    "GRAPHIC:",
    "Copyright",
    "All Rights Reserved",
    "DOCUMENTS",
)


def centred(line: str) -> str:
    """A line as the classic text layout centres it."""
    return " " * max(4, (78 - len(line)) // 2) + line


def docx_paragraphs(path: Path) -> str:
    """A Word file's text as the document reader passes it: one line a paragraph, its runs
    joined, a tab for w:tab and a line end for w:br."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for element in paragraph.iter():
            if element.tag == f"{_W}t":
                parts.append(element.text or "")
            elif element.tag == f"{_W}tab":
                parts.append("\t")
            elif element.tag == f"{_W}br":
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


def nexis_text(text: str, rules: Rules) -> Reading | None:
    """A LexisNexis export in text, in whichever layout it is."""
    return nexis_uni.from_text(text, rules) or nexis_classic.from_text(text, rules)


def fields(reading: Reading, *keys: str) -> list[tuple[str | None, ...]]:
    return [tuple(a.export.get(key) for key in keys) for a in reading.articles]


def assert_clean_bodies(reading: Reading, *extra: str) -> None:
    """No body keeps a header field, a trailer field, a copyright line or the cover page."""
    for article in reading.articles:
        assert article.body.strip()
        for marker in (*_LABELS_AND_TRAILERS, *extra):
            assert marker not in article.body, (marker, article.body[:200])


# --- The shared samples ----------------------------------------------------------------------


def test_classic_sample_every_article(exports_corpus: Path, rules: Rules) -> None:
    text = normalize_text(decode((exports_corpus / "nexis-classic-sample.TXT").read_bytes()))
    reading = nexis_text(text, rules)
    assert reading is not None
    # "Selected Items: 1-10" on the cover page, although one article says "8 of 383".
    assert (reading.stated, len(reading.articles), reading.problems) == (10, 10, [])
    monday = "January 11, 2010 Monday"
    lorem = "Lorem ipsum dolor sit amet"
    assert fields(reading, "title", "date", "source", "byline") == [
        (lorem, monday, "Guardian.com", "Andrew Sparrow"),
        (lorem, monday, "Guardian", "Simon Tisdall"),
        (lorem, monday, "The Sun (England)", "TREVOR Kavanagh"),
        (f"{lorem}, consectetur adipiscing elit", monday, "The Times (London)", "Tom Coghlan"),
        (
            f"{lorem}, consectetur adipiscing elit. Etiam lacinia elementum sapien?; "
            "eget aliquet ex finibus ut.",
            monday,
            "The Times (London)",
            "William Rees-Mogg",
        ),
        (
            f"{lorem}, consectetur adipiscing elit. Etiam lacinia elementum sapien, eget aliquet",
            monday,
            "The Times (London)",
            "Tom Coghlan",
        ),
        ("ranch noble ash voice declaration", "January 8, 2010", "Guardian", "Allegra Stratton"),
        (
            "PRISONER OF HIS OWN CABINET",
            "January 10, 2010 Sunday",
            "MAIL ON SUNDAY (London)",
            "STEPHEN POLLARD",
        ),
        (
            "R (programming language) on Wikipedia",
            "January 10, 2010 Sunday",
            "Sunday Mirror",
            "Ross Ihaka and Robert Gentleman",
        ),
        ("Wikipedia", "January 9, 2010 Saturday", "DAILY MAIL (London)", None),
    ]
    assert fields(reading, "section", "words", "language")[2] == (
        "FEATURES; Pg. 6",
        "677",
        "ENGLISH",
    )
    assert reading.articles[9].export["words"] == "2968"  # "LENGTH: 2,968 words"
    assert_clean_bodies(reading, "Edition 1;", "Download Request")
    first = reading.articles[0].body
    # Hard-wrapped lines are joined again; paragraphs stay apart.
    assert first.startswith(
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia elementum sapien,"
    )
    assert first.endswith("Nulla suscipit metus neque, ut varius.")
    assert first.count("\n\n") == 4
    # A GRAPHIC caption that wraps over three lines is trailer, not story.
    assert "Rupert Hamer" not in reading.articles[3].body
    assert "SUNDAY MIRROR / PA" not in reading.articles[3].body
    assert "Puppet master" not in reading.articles[8].body
    assert reading.articles[8].body.endswith("in a number of formats and in hard copy.")


def test_classic_sample_through_the_reader(exports_corpus: Path, rules: Rules) -> None:
    found = read_articles(exports_corpus / "nexis-classic-sample.TXT", rules)
    assert found.problems == []
    assert [a.part for a in found.articles] == list(range(1, 11))
    tenth = found.articles[9]
    assert (tenth.title, tenth.date, tenth.date_origin) == (
        "Wikipedia",
        dt.date(2010, 1, 9),
        "export",
    )
    assert (tenth.words, tenth.byline) == (2968, "")
    assert found.articles[2].section == "FEATURES; Pg. 6"
    assert found.articles[6].date == dt.date(2010, 1, 8)
    assert found.articles[0].id.endswith("#1")


def test_uni_sample_every_article(exports_corpus: Path, rules: Rules) -> None:
    text = docx_paragraphs(exports_corpus / "nexis-uni-sample.DOCX")
    reading = nexis_text(text, rules)
    assert reading is not None
    assert (reading.stated, len(reading.articles), reading.problems) == (10, 10, [])
    lorem = "Lorem ipsum dolor sit amet"
    assert fields(reading, "title", "date", "byline") == [
        (lorem, "July 1, 2019 Monday 9:20 AM GMT", "Mattha Busby (now), Andrew Sparrow (earlier)"),
        (lorem, "July 2, 2019 Tuesday 9:33 AM GMT", "Andrew Sparrow"),
        (lorem, "July 4, 2019 Thursday 1:04 PM GMT", "Daniel Boffey in Brussels"),
        (
            f"{lorem}, consectetur adipiscing elit",
            "July 3, 2019 Wednesday 7:53 PM GMT",
            "Heather Stewart",
        ),
        (
            f"{lorem}, consectetur adipiscing elit.",
            "July 4, 2019 Thursday 9:10 AM GMT",
            "Andrew Sparrow and Kevin Rawlinson",
        ),
        (
            f"{lorem}, consectetur adipiscing elit. Etiam lacinia elementum sapien, eget aliquet",
            "July 2, 2019 Tuesday 7:00 AM GMT",
            "Lisa O'Carroll Sample File correspondent",
        ),
        ("Sample Headline", "July 3, 2019 Wednesday 6:18 PM GMT", "Letters"),
        (f"{lorem}, nec egestas blandit", "July 3, 2019 Wednesday 12:02 AM GMT", "Greg Wood"),
        (
            "R (programming language) on Wikipedia",
            "July 3, 2019 Wednesday 11:11 AM GMT",
            "Ross Ihaka and Robert Gentleman",
        ),
        ("What is Wikipedia", "July 2, 2019 Tuesday 11:27 AM GMT", "Tom Kibasi"),
    ]
    assert {a.export["source"] for a in reading.articles} == {"The Guardian(London)"}
    # "Section: POLITICS; Version:28": the version is no section.
    assert fields(reading, "section", "words")[0] == ("POLITICS", "355")
    assert fields(reading, "section", "words")[4] == ("POLITICS", "17366")
    assert reading.articles[6].export["language"] == "ENGLISH"
    assert_clean_bodies(
        reading,
        "Section:",
        "Length:",
        "Byline:",
        "Classification",
        "Load-Date",
        "End of Document",
        "Job Number",
        "Search Terms",
    )
    assert reading.articles[0].body.endswith("Nulla suscipit metus neque, ut varius.")
    # The cover page lists the headlines again: they are no part of the first article.
    assert "Client/Matter" not in reading.articles[0].front


def test_nexis_uk_sample(exports_corpus: Path, rules: Rules) -> None:
    data = (exports_corpus / "nexis-uk-sample.html").read_bytes()
    tree = parse_page(normalize_text(decode(data, markup=True)))
    reading = nexis_page.from_html(tree, rules)
    assert reading is not None
    # The page says it holds 146 documents (META DOCUMENTS); the sample keeps two of them.
    assert (reading.stated, len(reading.articles)) == (146, 2)
    first, second = reading.articles
    assert first.export == {
        "title": "Heading One",
        "date": "December 19, 1991, Sunday, An Edition",
        "source": "Some Newspaper",
        "byline": "PAPER AUTHOR",
        "section": "Section 5; Part 2; Page 16; Column 2; National Desk",
        "language": "ENGLISH",
        "words": "584",
    }
    assert first.body == (
        'Some text.\n\nSome more text.\n\n"Quotation" said somebody. More text, a highlight and '
        "end of paper."
    )
    # "Correction Appended" under the date is neither date nor headline.
    assert (second.export["title"], second.export["date"]) == (
        "First part; Second part",
        "January 28, 1993, Tuesday, Late Edition - Final",
    )
    assert "byline" not in second.export
    assert second.body.startswith("A list:\n\nCategory 1\n\nBlah blah.")
    assert second.body.endswith("Category 2\n\nBlah blah.")
    for text in ("Some correction", "Table (source", "CORRECTION", "Copyright", "LENGTH"):
        assert text not in second.body


# --- Classic text in other interface languages -----------------------------------------------


GERMAN_CLASSIC = "\n".join(
    [
        "",
        "Ausgabeauftrag: Dokument 1-2",
        "Zeitpunkt des Auftrags: Freitag, 20. März 2018  16:51:31",
        "",
        "Begriffe: Japan und Konjunktur",
        "",
        "Quelle: German Language News",
        "",
        centred("Dokument 1 von 2"),
        "",
        "",
        centred("Börsen-Zeitung"),
        "",
        centred("Mittwoch 31. August 2011"),
        "",
        "Japans Erholung gerät ins Stocken;",
        "Arbeitslosigkeit steigt überraschend",
        "",
        "AUTOR: MF Tokio",
        "",
        "RUBRIK: S. 7 Ausg. 167",
        "",
        "LÄNGE: 306 Wörter",
        "",
        "Im Juli ist Japans wirtschaftliche Erholung leicht ins Stocken geraten. Die",
        "Arbeitslosenrate stieg überraschend um 0,1 Punkte auf 4,7 Prozent.",
        "",
        "Trotzdem gehen Analysten von einem Aufschwung im weiteren Jahresverlauf aus.",
        "",
        "UPDATE: 2. September 2011",
        "",
        "SPRACHE: GERMAN; DEUTSCH",
        "",
        "PUBLICATION-TYPE: Zeitung",
        "",
        "",
        centred("Copyright 2011 Herausgebergemeinschaft Wertpapier-Mitteilungen"),
        centred("GmbH & Co. KG"),
        centred("Alle Rechte Vorbehalten"),
        "",
        centred("Dokument 2 von 2"),
        "",
        centred("Frankfurter Rundschau"),
        "",
        centred("Dienstag 30. August 2011"),
        centred("S2 Ausgabe"),
        "",
        "Euro-Schuldenkrise belastet DZ Bank",
        "",
        "RUBRIK: Wirtschaft; S. 5",
        "",
        "LÄNGE: 818 Wörter",
        "",
        "Die Zuspitzung der Euro-Schuldenkrise hat bei der DZ Bank negativ ins Kontor",
        "geschlagen.",
        "",
        "UPDATE: 1. September 2011",
        "",
        "SPRACHE: GERMAN; DEUTSCH",
        "",
        centred("Copyright 2011 Druck- und Verlagshaus Frankfurt am Main GmbH"),
        centred("Alle Rechte Vorbehalten"),
        "",
    ]
)


def test_german_classic(rules: Rules) -> None:
    reading = nexis_text(GERMAN_CLASSIC, rules)
    assert reading is not None
    assert (reading.stated, reading.problems) == (2, [])
    assert fields(reading, "title", "date", "source", "byline", "section", "words") == [
        (
            "Japans Erholung gerät ins Stocken; Arbeitslosigkeit steigt überraschend",
            "Mittwoch 31. August 2011",
            "Börsen-Zeitung",
            "MF Tokio",
            "S. 7 Ausg. 167",
            "306",
        ),
        (
            "Euro-Schuldenkrise belastet DZ Bank",
            "Dienstag 30. August 2011",
            "Frankfurter Rundschau",
            None,
            "Wirtschaft; S. 5",
            "818",
        ),
    ]
    assert reading.articles[0].body == (
        "Im Juli ist Japans wirtschaftliche Erholung leicht ins Stocken geraten. Die "
        "Arbeitslosenrate stieg überraschend um 0,1 Punkte auf 4,7 Prozent.\n\n"
        "Trotzdem gehen Analysten von einem Aufschwung im weiteren Jahresverlauf aus."
    )
    assert reading.articles[1].body == (
        "Die Zuspitzung der Euro-Schuldenkrise hat bei der DZ Bank negativ ins Kontor geschlagen."
    )
    assert reading.articles[0].export["language"] == "GERMAN; DEUTSCH"


def test_german_classic_dates_through_the_reader(tmp_path: Path, rules: Rules) -> None:
    path = tmp_path / "japan.TXT"
    path.write_bytes(GERMAN_CLASSIC.replace("\n", "\r\n").encode("cp1252"))
    found = read_articles(path, rules)
    assert [(a.date, a.date_origin, a.words) for a in found.articles] == [
        (dt.date(2011, 8, 31), "export", 306),
        (dt.date(2011, 8, 30), "export", 818),
    ]
    assert found.articles[1].source == "Frankfurter Rundschau"


FRENCH_CLASSIC = "\n".join(
    [
        centred("Document 1 de 2"),
        "",
        centred("Le Figaro"),
        "",
        centred("17 mai 2003"),
        "",
        "A quelques mois de l'élargissement, la rencontre des réalisateurs et",
        "des ministres de la Culture;",
        "Le cinéma européen des Vingt-Cinq",
        "",
        "AUTEUR: Sophie LATIL",
        "",
        "RUBRIQUE: CULTURE",
        "",
        "LONGUEUR: 543 mots",
        "",
        "",
        "Tandis que Matrix Reloaded débarquait sur la Croisette, Gilles Jacob, le président du",
        "Festival, accueillait jeudi la commissaire européenne à la Culture.",
        "",
        "DATE-CHARGEMENT: 04 novembre 2003",
        "",
        "LANGUE: FRENCH; FRANÇAIS",
        "",
        "TYPE-PUBLICATION: Quotidien",
        "",
        "CODE-REVUE: FIGARO",
        "",
        "",
        centred("Copyright 2003 Le Figaro"),
        centred("Tous droits réservés"),
        "",
        "",
        centred("Document 2 de 2"),
        "",
        centred("Le Monde diplomatique"),
        "",
        centred("Printemps 2003"),
        "",
        "Une Mostra voulue et subie par la droite",
        "",
        "AUTEUR: ROUARD DANIELLE",
        "",
        "LONGUEUR: 545 mots",
        "",
        "Le limogeage, fin mars, d'Alberto Barbera avait provoqué une violente polémique.",
        "",
        "DATE-CHARGEMENT: 24 octobre 2003",
        "",
        "LANGUE: FRENCH; FRANÇAIS",
        "",
        centred("Copyright 2003 Le Monde diplomatique"),
        centred("Tous droits réservés"),
    ]
)


def test_french_classic_and_a_load_date_for_no_date(rules: Rules) -> None:
    reading = nexis_text(FRENCH_CLASSIC, rules)
    assert reading is not None
    assert fields(reading, "title", "date", "source", "byline", "section", "words") == [
        (
            "A quelques mois de l'élargissement, la rencontre des réalisateurs et des ministres "
            "de la Culture; Le cinéma européen des Vingt-Cinq",
            "17 mai 2003",
            "Le Figaro",
            "Sophie LATIL",
            "CULTURE",
            "543",
        ),
        # A quarterly's season is no date: the load date stands in for it.
        (
            "Une Mostra voulue et subie par la droite",
            "24 octobre 2003",
            "Le Monde diplomatique",
            "ROUARD DANIELLE",
            None,
            "545",
        ),
    ]
    assert reading.stated == 2
    assert_clean_bodies(reading, "DATE-CHARGEMENT", "LANGUE", "CODE-REVUE", "droits")
    assert reading.articles[0].body == (
        "Tandis que Matrix Reloaded débarquait sur la Croisette, Gilles Jacob, le président du "
        "Festival, accueillait jeudi la commissaire européenne à la Culture."
    )


def test_dutch_classic_with_copyright_first_and_a_headline_field(rules: Rules) -> None:
    text = "\n".join(
        [
            "Printopdracht: Alle documenten: 1-1",
            "Tijdstip printopdracht: Wed Sep  7 12:33:59  2011",
            "",
            centred("Document 1 van 1"),
            "",
            centred("Copyright 2002 De Telegraaf"),
            "",
            centred("De Telegraaf"),
            "",
            centred("24 september 2002"),
            "",
            centred("September 24, 2002"),
            "",
            "LENGTE: 158 woorden",
            "",
            "KOP: Gretta Duisenberg richt Palestina-groep op",
            "",
            "AUTEUR: PRUIM, FRED",
            "",
            "TEKST:",
            "",
            "",
            "Van onze Haagse redactie",
            "",
            "DEN HAAG, dinsdag",
            "",
            "Gretta Duisenberg is opnieuw in actie gekomen voor het Palestijnse volk.",
            "",
            "PUB-TYPE: Paper",
            "",
            "TAAL: Dutch / Nederlands",
            "",
            "LOAD-DATE: September 26, 2002",
        ]
    )
    reading = nexis_text(text, rules)
    assert reading is not None
    (article,) = reading.articles
    assert article.export == {
        "title": "Gretta Duisenberg richt Palestina-groep op",
        "date": "24 september 2002",
        "source": "De Telegraaf",
        "byline": "PRUIM, FRED",
        "language": "Dutch / Nederlands",
        "words": "158",
    }
    assert article.body == (
        "Van onze Haagse redactie\n\nDEN HAAG, dinsdag\n\n"
        "Gretta Duisenberg is opnieuw in actie gekomen voor het Palestijnse volk."
    )
    assert reading.stated == 1


def test_classic_as_paragraph_lines_with_numbered_headlines(rules: Rules) -> None:
    """The text of an RTF export: no centring, a paragraph a line, headlines numbered as the
    documents are, an extra line before the date, and an edition after it."""
    long = "A " + "very " * 40 + "long first paragraph that no export wraps."
    text = "\n".join(
        [
            "FOCUS - 1 of 3 DOCUMENTS",
            "The New York Times",
            "",
            "Correction Appended",
            "",
            "March 3, 2009 Tuesday",
            "Late Edition - Final",
            "",
            "1. Banks Brace for Losses",
            "",
            "BYLINE: By ERIC DASH",
            "",
            "SECTION: Section B; Column 0; Business/Financial Desk; Pg. 1",
            "",
            "LENGTH: 1021 words",
            "",
            "HIGHLIGHT: A short summary of the story that the database gives it, running long"
            " enough to fill a line of its own.",
            "",
            long,
            "Second paragraph.",
            "",
            "URL: http://www.nytimes.com/2009/03/03/business/03bank.html",
            "",
            "LOAD-DATE: March 3, 2009",
            "",
            "LANGUAGE: ENGLISH",
            "",
            "FOCUS - 2 of 3 DOCUMENTS",
            "",
            "Kölner Stadt-Anzeiger",
            "",
            "Montag 2. März 2009",
            "",
            "1. FC Köln gewinnt das Derby",
            "",
            "LENGTH: 300 words",
            "",
            "Der 1. FC Köln hat das Derby gewonnen.",
            "",
            "LANGUAGE: GERMAN",
            "",
            "FOCUS - 3 of 3 DOCUMENTS",
            "",
            "Daily Mail",
            "",
            "March 1, 2009 Sunday",
            "",
            "3. Daily Mail - Hospital waiting lists grow",
            "",
            "LENGTH: 210 words",
            "",
            "Waiting lists grew again.",
            "",
            "LANGUAGE: ENGLISH",
        ]
    )
    reading = nexis_text(text, rules)
    assert reading is not None
    assert fields(reading, "title", "date", "source") == [
        ("Banks Brace for Losses", "March 3, 2009 Tuesday", "The New York Times"),
        ("1. FC Köln gewinnt das Derby", "Montag 2. März 2009", "Kölner Stadt-Anzeiger"),
        ("Hospital waiting lists grow", "March 1, 2009 Sunday", "Daily Mail"),
    ]
    first = reading.articles[0]
    assert first.export["byline"] == "ERIC DASH"
    # Long paragraphs stand on lines of their own: no line is joined to the next.
    assert first.body == f"{long}\nSecond paragraph."
    assert "HIGHLIGHT: A short summary" in first.front
    assert reading.stated == 3


def test_classic_with_no_empty_lines_at_all(rules: Rules) -> None:
    """Some converted exports lose every empty paragraph: the order alone tells the parts."""
    text = "\n".join(
        [
            "1 of 2 DOCUMENTS",
            "The Times (London)",
            "March 3, 2009 Tuesday",
            "Edition 1;",
            "Scotland",
            "Banks brace for losses",
            "BYLINE: Tom Coghlan",
            "LENGTH: 100 words",
            "Banks expect more losses this year.",
            "Shares fell.",
            "LOAD-DATE: March 3, 2009",
            "LANGUAGE: ENGLISH",
            "Copyright 2009 Times Newspapers Limited",
            "2 of 2 DOCUMENTS",
            "The Times (London)",
            "March 4, 2009 Wednesday",
            "Shares recover",
            "LENGTH: 80 words",
            "Shares recovered on Wednesday.",
            "LANGUAGE: ENGLISH",
        ]
    )
    reading = nexis_text(text, rules)
    assert reading is not None
    assert fields(reading, "title", "date", "byline") == [
        ("Banks brace for losses", "March 3, 2009 Tuesday", "Tom Coghlan"),
        ("Shares recover", "March 4, 2009 Wednesday", None),
    ]
    assert [a.body for a in reading.articles] == [
        "Banks expect more losses this year.\nShares fell.",
        "Shares recovered on Wednesday.",
    ]


def test_classic_single_article_without_a_documents_line(rules: Rules) -> None:
    article = [
        centred("The Guardian (London)"),
        "",
        centred("May 4, 2012 Friday"),
        "",
        "Council votes to close libraries",
        "",
        "BYLINE: Jane Doe",
        "",
        "LENGTH: 250 words",
        "",
        "The council voted on Thursday to close four libraries.",
        "",
        "LOAD-DATE: May 4, 2012",
        "",
        "LANGUAGE: ENGLISH",
    ]
    reading = nexis_text("\n".join(article), rules)
    assert reading is not None
    assert fields(reading, "title", "date", "source", "byline") == [
        (
            "Council votes to close libraries",
            "May 4, 2012 Friday",
            "The Guardian (London)",
            "Jane Doe",
        )
    ]
    assert reading.articles[0].body == "The council voted on Thursday to close four libraries."
    # Without the trailer the layout is not unmistakable: the file is one plain article.
    assert nexis_text("\n".join(article[:11]), rules) is None


# --- Nexis Uni in its own shapes -------------------------------------------------------------

NBSP = "\u00a0"


def uni_export(*articles: list[str], cover: bool = True) -> str:
    lines = []
    if cover:
        lines += [
            "",
            "Date and Time: Monday, 5. August 2019 10:12:00 CEST",
            "Job Number: 92834711",
            f"Documents ({len(articles)})",
        ]
        for number, article in enumerate(articles, start=1):
            lines += [
                f"{number}. {article[0]}",
                "Client/Matter: -None-",
                "Search Terms: flood defences",
                "Search Type: Boolean",
                "Narrowed by: ",
                "",
            ]
        lines += ["", ""]
    for article in articles:
        lines += ["", *article, "", "End of Document", "", ""]
    return "\n".join(lines)


def test_uni_extra_line_before_the_date_and_no_date(rules: Rules) -> None:
    corrected = [
        "Flood defences to get new funding",
        "The Times (London)",
        "Correction Appended",
        "August 2, 2019 Friday",
        "Edition 1, National Edition",
        "",
        "Copyright 2019 Times Newspapers Limited All Rights Reserved",
        "",
        f"Section:{NBSP}NEWS; Pg. 4",
        f"Length:{NBSP}412 words",
        f"Byline:{NBSP}Ben Webster",
        f"Highlight:{NBSP}Ministers pledge money for the worst-hit towns",
        "Body",
        "",
        "The government will spend more on flood defences, ministers said.",
        "",
        "Towns in the north will come first.",
        "",
        "Classification",
        "",
        f"Language:{NBSP}ENGLISH",
        "",
        f"Publication-Type:{NBSP}Newspaper",
        "",
        f"Subject:{NBSP}FLOODS (90%); INFRASTRUCTURE (78%)",
        "",
        f"Load-Date:{NBSP}August 2, 2019",
    ]
    undated = [
        "Readers' letters on the floods",
        "The Guardian(London)",
        "",
        f"Length:{NBSP}300 words",
        # Spaces lost around a hyperlink.
        "Byline:Letters",
        "Body",
        "",
        "Sir, the defences failed again.",
        "",
        "Graphic",
        "",
        "Sandbags on the high street.",
        "",
        f"Load-Date:{NBSP}August 4, 2019",
    ]
    reading = nexis_text(uni_export(corrected, undated), rules)
    assert reading is not None
    assert (reading.stated, reading.problems) == (2, [])
    assert fields(reading, "title", "date", "source", "byline", "section", "words") == [
        (
            "Flood defences to get new funding",
            "August 2, 2019 Friday",
            "The Times (London)",
            "Ben Webster",
            "NEWS; Pg. 4",
            "412",
        ),
        (
            "Readers' letters on the floods",
            "August 4, 2019",  # no date line: the load date
            "The Guardian(London)",
            "Letters",
            None,
            "300",
        ),
    ]
    assert reading.articles[0].body == (
        "The government will spend more on flood defences, ministers said.\n\n"
        "Towns in the north will come first."
    )
    assert reading.articles[0].export["language"] == "ENGLISH"
    assert reading.articles[1].body == "Sir, the defences failed again."
    assert "Ministers pledge money" in reading.articles[0].front


def test_uni_german_interface_numbered_headlines_and_a_lost_line_end(rules: Rules) -> None:
    def article(number: int, headline: str, day: int) -> list[str]:
        return [
            f"{number}. {headline}",
            "Süddeutsche Zeitung",
            f"{day}. Juli 2019 Montag",
            "",
            "Copyright 2019 Süddeutsche Zeitung GmbH Alle Rechte vorbehalten",
            "",
            f"Rubrik:{NBSP}Politik; S. 5",
            f"Länge:{NBSP}520 Wörter",
            f"Autor:{NBSP}Von Anna Schmidt",
            "Body",
            "",
            f"Der Bundestag hat am {day}. Juli beraten.",
            "",
            f"Sprache:{NBSP}GERMAN; DEUTSCH",
            "",
            f"Ladedatum:{NBSP}{day}. Juli 2019",
        ]

    first = article(1, "Bundestag berät über Klimapaket", 1)
    second = article(2, "Streit um die Grundrente", 8)
    text = uni_export(first, second).replace("Documents (2)", "Dokumente (2)")
    # The first article's end marker runs on from its last paragraph (a lost line end).
    text = text.replace("1. Juli 2019\n\nEnd of Document", "1. Juli 2019End of Document", 1)
    reading = nexis_text(text, rules)
    assert reading is not None
    assert reading.stated == 2
    assert fields(reading, "title", "date", "section", "words", "language") == [
        (
            "Bundestag berät über Klimapaket",
            "1. Juli 2019 Montag",
            "Politik; S. 5",
            "520",
            "GERMAN; DEUTSCH",
        ),
        (
            "Streit um die Grundrente",
            "8. Juli 2019 Montag",
            "Politik; S. 5",
            "520",
            "GERMAN; DEUTSCH",
        ),
    ]
    assert [a.body for a in reading.articles] == [
        "Der Bundestag hat am 1. Juli beraten.",
        "Der Bundestag hat am 8. Juli beraten.",
    ]


def test_uni_cover_page_close_above_the_first_article_and_an_error_document(
    rules: Rules,
) -> None:
    def article(headline: str) -> list[str]:
        return [
            headline,
            "The Irish Times",
            "June 3, 2020 Wednesday",
            f"Length:{NBSP}90 words",
            "Body",
            f"{headline} was the story of the day.",
        ]

    text = "\n".join(
        [
            "Date and Time: Wednesday, June 3, 2020 9:00:00 AM IST",
            "Job Number: 1234",
            "Documents (3)",
            "1. Dublin votes",
            "2. Cork votes",
            "3. Galway votes",
            "Client/Matter: -None-",
            "Search Terms: votes",
            *article("Dublin votes"),
            "End of Document",
            "We are sorry but there is an error in this document and it is not possible to "
            "display it.",
            "End of Document",
            *article("Galway votes"),
            "End of Document",
        ]
    )
    reading = nexis_text(text, rules)
    assert reading is not None
    assert fields(reading, "title", "source") == [
        ("Dublin votes", "The Irish Times"),
        ("Galway votes", "The Irish Times"),
    ]
    assert reading.articles[0].body == "Dublin votes was the story of the day."
    assert "Search Terms" not in reading.articles[0].front
    assert reading.stated == 3
    assert reading.problems == ["document 2 of the export has no article header"]


def test_uni_without_cover_page(rules: Rules) -> None:
    single = [
        "Rail strike called off",
        "BBC Monitoring",
        "March 9, 2021 Tuesday",
        "",
        f"Length:{NBSP}120 words",
        "Body",
        "",
        "The strike planned for Friday has been called off.",
    ]
    reading = nexis_text(uni_export(single, cover=False), rules)
    assert reading is not None
    assert reading.stated is None
    assert fields(reading, "title", "date", "source") == [
        ("Rail strike called off", "March 9, 2021 Tuesday", "BBC Monitoring")
    ]


# --- Nexis UK pages by structure, not class names --------------------------------------------


def uk_block(cls: str, text: str, label: str = "") -> str:
    """One block of a Nexis UK page: a div holding a paragraph of spans, after a <br>."""
    labelled = f'<span class="k8">{label} </span>' if label else ""
    return (
        f'<br><div class="{cls}"><p class="k4">{labelled}<span class="k9">{text}</span></p></div>'
    )


def uk_page(anchored: bool) -> str:
    def document(number: int, outlet: str, date: str, heading: str, byline: str, text: str):
        return "\n".join(
            [
                f'<a name="doc{number}"></a>' if anchored else "",
                uk_block("zq3", f"{number} of 2 DOCUMENTS"),
                uk_block("zq7", outlet),
                uk_block("zq5", heading),
                uk_block("zq7", date),
                uk_block("zq5", byline, "BYLINE:"),
                uk_block("zq5", "98 words", "LENGTH:"),
                f'<br><div class="zq5"><p class="k6"><span class="k9">{text}</span></p>'
                '<p class="k6"><span class="k9">It ends here.</span></p></div>',
                uk_block("zq5", date, "LOAD-DATE:"),
                uk_block("zq5", "ENGLISH", "LANGUAGE:"),
                uk_block("zq7", f"Copyright 2014 {outlet}"),
                '<div class="zq11"/>',
            ]
        )

    return (
        "<html><head><style>.zq3 { text-align: center; }</style><title>&nbsp;</title></head><body>"
        '<table class="k30"><tr><td>Search terms: port strike</td></tr></table>'
        + document(
            1,
            "The Herald (Glasgow)",
            "May 6, 2014 Tuesday",
            "Dockers vote for <b>strike</b> action",
            "By Ann Other",
            "Dockers at the port voted to strike.",
        )
        + document(
            2,
            "The Scotsman",
            "May 7, 2014 Wednesday",
            "Port owners call for talks",
            "John Roe",
            "The owners asked the union to talk.",
        )
        + "</body></html>"
    )


@pytest.mark.parametrize("anchored", [True, False])
def test_nexis_uk_page_with_other_class_names(anchored: bool, rules: Rules) -> None:
    reading = nexis_page.from_html(parse_page(uk_page(anchored)), rules)
    assert reading is not None
    assert reading.stated == 2
    # The headline may stand before the date line; a search term is bolded inside it.
    assert fields(reading, "title", "date", "source", "byline", "words") == [
        (
            "Dockers vote for strike action",
            "May 6, 2014 Tuesday",
            "The Herald (Glasgow)",
            "Ann Other",
            "98",
        ),
        ("Port owners call for talks", "May 7, 2014 Wednesday", "The Scotsman", "John Roe", "98"),
    ]
    assert reading.articles[0].body == "Dockers at the port voted to strike.\n\nIt ends here."
    assert_clean_bodies(reading, "Search terms")


# --- Not an export ---------------------------------------------------------------------------


def test_a_story_with_a_byline_and_1_of_3_is_no_export(rules: Rules) -> None:
    story = "\n".join(
        [
            "Council approves budget",
            "",
            "Byline: Jane Doe",
            "Length: 350 words",
            "",
            "The council approved the budget on Tuesday, the first of three votes.",
            "1 of 3",
            "",
            "Page 1 of 3 documents the spending plan; the others follow next week.",
            "",
            "BYLINE: copied from the wire",
            "End of Document",
        ]
    )
    assert nexis_text(story, rules) is None
    # A line "1 of 3 DOCUMENTS" alone, with no article layout after it, is no export either.
    assert nexis_text("Attachments\n\n1 of 3 DOCUMENTS\n\nSee the files below.", rules) is None


def test_a_web_page_with_a_byline_and_doc_anchors_is_no_export(rules: Rules) -> None:
    page = (
        "<html><body><a name='docs'></a><h1>Harbour fees rise</h1>"
        "<p>Byline: Jane Doe</p><p>1 of 3</p><p>The harbour board raised its fees.</p>"
        "<p>LENGTH: 40 words</p></body></html>"
    )
    assert nexis_page.from_html(parse_page(page), rules) is None


def test_recognition_looks_at_the_start_only(rules: Rules) -> None:
    text = "An ordinary line of a long report, with nothing of an export in it.\n" * 80_000
    started = time.perf_counter()
    assert nexis_text(text, rules) is None
    assert time.perf_counter() - started < 0.1
