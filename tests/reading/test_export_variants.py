"""News-database exports as they come from the field: each test writes one export in a shape
that public parsers and their issue trackers report (other interface languages, headlines
before the date, fields after the story, documents with no body, Word's own markup, browsers'
saved pages, e-mailed deliveries) and reads it through `read_articles`, as the library does."""

from __future__ import annotations

import datetime as dt
import zipfile
from email.message import EmailMessage
from html import escape
from pathlib import Path

import pytest

from searchapp.core.reading import Article, FileArticles, read_articles
from searchapp.core.reading.rules import Rules

NBSP = "\u00a0"


def centred(line: str) -> str:
    """A line as the classic text layout centres it on 80 columns."""
    return " " * max(4, (80 - len(line)) // 2) + line


def read(tmp_path: Path, name: str, data: str | bytes, rules: Rules) -> FileArticles:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return read_articles(path, rules)


def summary(found: FileArticles) -> list[tuple[str, dt.date | None, str, str]]:
    return [(a.title, a.date, a.source, a.byline) for a in found.articles]


def assert_clean(articles: list[Article], *leftovers: str) -> None:
    """Every article has its own text, without field labels, trailers or cover lines."""
    for article in articles:
        for leftover in leftovers:
            assert leftover not in article.text, (leftover, article.title, article.text[:300])


# --- LexisNexis classic text ------------------------------------------------------------------


def test_classic_dutch_interface_copyright_first_and_a_labelled_headline(
    tmp_path: Path, rules: Rules
) -> None:
    """Dutch cover page, the copyright centred above the outlet, the date twice (as the paper
    and as LexisNexis write it), the headline in KOP and the story after an empty TEKST."""

    def document(number: int, headline: str, author: str, story: list[str]) -> list[str]:
        return [
            centred(f"{number} of 2 DOCUMENTS"),
            "",
            centred("Copyright 2002 De Telegraaf"),
            "",
            centred("De Telegraaf"),
            "",
            centred("24. September 2002"),
            "",
            centred("September 24, 2002"),
            "",
            "LENGTE: 158 words",
            "",
            f"KOP: {headline}",
            "",
            f"AUTEUR: {author}",
            "",
            "TEKST:",
            "",
            "",
            "Van onze Haagse redactie",
            "",
            "",
            *story,
            "",
            "PUB-TYPE: Paper",
            "",
            "TAAL: Dutch / Nederlands",
            "",
            "LOAD-DATE: September 26, 2002",
            "",
            "",
        ]

    text = "\n".join(
        [
            "",
            "Printopdracht: Alle documenten: 1-2",
            "Tijdstip printopdracht: Wed Sep  7 12:33:59  2011",
            "",
            "Zoektermen: Duisenberg",
            "",
            "Bron: De Telegraaf",
            "",
            *document(
                1,
                "Gretta Duisenberg oprichtster van Palestina-groep",
                "PRUIM, FRED",
                [
                    "Gretta Duisenberg is opnieuw in actie gekomen voor het Palestijnse volk.",
                    "",
                    "Ook wil zij dat Nederland een actievere rol speelt in het conflict.",
                ],
            ),
            *document(
                2,
                "Kabinet zet streep onder bezuinigingen",
                "JANSEN, PIET",
                ["Het kabinet heeft dinsdag de laatste bezuinigingen vastgesteld."],
            ),
        ]
    )
    found = read(tmp_path, "telegraaf.TXT", text.replace("\n", "\r\n").encode("cp1252"), rules)
    assert summary(found) == [
        (
            "Gretta Duisenberg oprichtster van Palestina-groep",
            dt.date(2002, 9, 24),
            "De Telegraaf",
            "PRUIM, FRED",
        ),
        (
            "Kabinet zet streep onder bezuinigingen",
            dt.date(2002, 9, 24),
            "De Telegraaf",
            "JANSEN, PIET",
        ),
    ]
    assert found.problems == []
    assert found.articles[0].words == 158
    assert found.articles[1].text == (
        "Van onze Haagse redactie\n\n"
        "Het kabinet heeft dinsdag de laatste bezuinigingen vastgesteld."
    )
    assert_clean(found.articles, "TEKST", "KOP:", "TAAL", "PUB-TYPE", "LOAD-DATE", "Copyright")


def test_classic_headline_above_the_date_and_fields_after_the_story(
    tmp_path: Path, rules: Rules
) -> None:
    """Wire copy and some papers put the headline between the outlet and the date line, a time
    under the date, and SECTION and LENGTH after the story."""
    text = "\n".join(
        [
            centred("1 of 3 DOCUMENTS"),
            "",
            centred("Deutsche Presse-Agentur"),
            "",
            "LEADALL: Two more officials of Iraq's 55 most wanted in coalition hands",
            "",
            centred("April 20, 2003, Sunday"),
            centred("23:22 Central European Time"),
            "",
            "",
            "Saddam Hussein's son-in-law on Sunday surrendered to an opposition group while",
            "the U.S. Central Command said coalition forces captured Iraq's minister of",
            "higher education.",
            "",
            "SECTION: Politics",
            "",
            "LENGTH: 1076 words",
            "",
            "LOAD-DATE: May 8, 2003",
            "",
            "LANGUAGE: ENGLISH",
            "",
            "",
            "",
            centred("2 of 3 DOCUMENTS"),
            "",
            centred("The Business Times Singapore"),
            "",
            "SATIN STEEL;",
            "Determination, commitment, and trust. Three words that sum up the work",
            "philosophy of Lien Siou Sze. KENNETH JAMES reports",
            "",
            centred("April 19, 2003 Saturday"),
            "",
            "",
            "POWER rests easily on the slender shoulders of Lien Siou Sze. As senior",
            "vice-president of Hewlett-Packard Services Asia Pacific.",
            "",
            "SECTION: FOCUS",
            "",
            "LENGTH: 1522 words",
            "",
            "LOAD-DATE: April 18, 2003",
            "",
            "LANGUAGE: ENGLISH",
            "",
            centred("Copyright 2003 Singapore Press Holdings Limited"),
            "",
            "",
            centred("3 of 3 DOCUMENTS"),
            "",
            centred("Wirtschaftsblatt"),
            "",
            "AUFNAHME DER TUERKEI WAERE FUER DIE UNION FINANZIELL VERKRAFTBAR",
            "",
            centred("15. April 2003"),
            "",
            "Sylvia Maier",
            "",
            "ORTSZEILE: Wien",
            "",
            "",
            "Wien. Waere die Tuerkei 2001 der Europaeischen Union beigetreten, waere das Land",
            "der groesste Nettoempfaenger gewesen.",
            "",
            "RUBRIK: WIRTSCHAFT UND POLITIK EUROPA; Pg. 3",
            "",
            "LÄNGE: 382 Woerter",
            "",
            "UPDATE: 14. April 2003",
            "",
            "SPRACHE: German, Deutsch",
            "",
            "HIGHLIGHT:",
            "",
            "",
            "Ein EU-Beitritt vor zwei Jahren haette die Tuerkei zum groessten Nettoempfaenger",
            "gemacht.",
            "",
            "GRAFIK: Die Lira hat seit der Finanzkrise 2000 drastisch an Wert verloren",
            "",
            centred("Copyright 2003 Wirtschaftsblatt Verlag AG"),
            "",
        ]
    )
    found = read(tmp_path, "wire.txt", text, rules)
    assert summary(found) == [
        (
            "LEADALL: Two more officials of Iraq's 55 most wanted in coalition hands",
            dt.date(2003, 4, 20),
            "dpa",
            "",
        ),
        (
            "SATIN STEEL; Determination, commitment, and trust. Three words that sum up the work "
            "philosophy of Lien Siou Sze. KENNETH JAMES reports",  # an export's headline, whole
            dt.date(2003, 4, 19),
            "The Business Times Singapore",
            "",
        ),
        (
            "AUFNAHME DER TUERKEI WAERE FUER DIE UNION FINANZIELL VERKRAFTBAR",
            dt.date(2003, 4, 15),
            "Wirtschaftsblatt",
            "Sylvia Maier",
        ),
    ]
    first, second, third = found.articles
    assert (first.section, first.words) == ("Politics", 1076)
    assert first.text.startswith("Saddam Hussein's son-in-law on Sunday surrendered")
    assert first.text.endswith("higher education.")
    assert second.text.startswith("POWER rests easily")
    assert (third.section, third.words) == ("WIRTSCHAFT UND POLITIK EUROPA; Pg. 3", 382)
    assert third.text.startswith("Wien. Waere die Tuerkei")
    assert third.text.endswith("der groesste Nettoempfaenger gewesen.")
    assert_clean(
        found.articles, "SECTION", "LENGTH", "LOAD-DATE", "RUBRIK", "GRAFIK", "Copyright", "LEADALL"
    )


def test_classic_transcript_with_a_show_line_a_wrapped_byline_and_speaker_lines(
    tmp_path: Path, rules: Rules
) -> None:
    text = "\n".join(
        [
            "\ufeff",
            "Download Request: Selected Items: 1-2",
            "Time Of Request: Monday, January 12, 2009  10:03:11",
            "",
            centred("1 of 2 DOCUMENTS"),
            "",
            centred("CNN"),
            "",
            centred("January 11, 2009 Sunday"),
            "",
            centred("SHOW: LOU DOBBS THIS WEEK 7:00 PM EST"),
            "",
            "California Budget Crisis; Obama Appeals for Stimulus",
            "",
            "BYLINE: Lou Dobbs, Candy Crowley, Ed Henry, Jessica Yellin, Bill Tucker, Casey",
            "Wian, Jacqui Jeras",
            "",
            "GUESTS: Ann Coulter, Hank Sheinkopf, Ed Rollins",
            "",
            "SECTION: NEWS; International",
            "",
            "LENGTH: 12567  words",
            "",
            "",
            "",
            "HIGHLIGHT: California struggles to solve its budget woes. Barack Obama wants",
            "another round of stimulus, but will he get it?",
            "",
            "",
            "LOU DOBBS, HOST: Tonight: President-elect Obama making a direct appeal for",
            "Congress and the public to support a huge economic stimulus package.",
            "",
            "ANNOUNCER: This is LOU DOBBS THIS WEEK: News, debate and opinion.",
            "",
            "DOBBS: Good evening, everybody.",
            "",
            "LOAD-DATE: January 12, 2009",
            "",
            "LANGUAGE: ENGLISH",
            "",
            "TRANSCRIPT: 011101CN.V12",
            "",
            "DOCUMENT-TYPE: Show",
            "",
            "PUBLICATION-TYPE: Transcript",
            "",
            "",
            "",
            centred("2 of 2 DOCUMENTS"),
            "",
            centred("The Pioneer (India)"),
            "",
            centred("December 30, 2008 Tuesday 6:10 PM  EST"),
            "",
            "INDIA NOT FOR SETTING ANY TIMEFRAME, SAYS SHARMA",
            "",
            "BYLINE: Report from The Pioneer brought to you by HT Syndication.",
            "",
            "LENGTH: 409  words",
            "",
            "",
            "Shimla, Dec. 30 -- Union Minister of State for External affairs Anand Sharma on",
            "Monday asked Pakistan to honour the world opinion.",
            "",
            "Published by HT Syndication with permission from The Pioneer.",
            "",
            "LOAD-DATE: December 29, 2008",
            "",
            "LANGUAGE: ENGLISH",
            "",
            "PUBLICATION-TYPE: Newswire",
            "",
            "",
            centred("Copyright 2008 CMYK Printech Ltd."),
            centred("All Rights Reserved"),
            "",
        ]
    )
    found = read(tmp_path, "transcripts.txt", text, rules)
    assert summary(found) == [
        (
            "California Budget Crisis; Obama Appeals for Stimulus",
            dt.date(2009, 1, 11),
            "CNN",
            "Lou Dobbs, Candy Crowley, Ed Henry, Jessica Yellin, Bill Tucker, Casey Wian, "
            "Jacqui Jeras",
        ),
        (
            "INDIA NOT FOR SETTING ANY TIMEFRAME, SAYS SHARMA",
            dt.date(2008, 12, 30),
            "The Pioneer (India)",
            "Report from The Pioneer brought to you by HT Syndication.",
        ),
    ]
    cnn, pioneer = found.articles
    assert (cnn.section, cnn.words) == ("NEWS; International", 12567)
    assert cnn.text.startswith("LOU DOBBS, HOST: Tonight:")
    assert cnn.text.endswith("DOBBS: Good evening, everybody.")
    assert pioneer.words == 409
    assert pioneer.text.endswith("Published by HT Syndication with permission from The Pioneer.")
    assert_clean(found.articles, "GUESTS", "TRANSCRIPT", "SHOW:", "LOAD-DATE", "HIGHLIGHT")


def test_classic_documents_with_no_date_line_no_story_or_nothing_at_all(
    tmp_path: Path, rules: Rules
) -> None:
    """A magazine with no date line (its load date stands in), a photo with a caption and no
    story, a document of nothing but copyright lines, and a wire story with no headline."""
    text = "\n".join(
        [
            centred("6 of 9 DOCUMENTS"),
            "",
            centred("India Today"),
            "",
            "Inside Baghdad: Vision Of Hell",
            "",
            "BYLINE: Craig Nelson (Box by John Brittas)",
            "",
            "SECTION: Cover Story; Pg.22",
            "",
            "LENGTH: 3229 words",
            "",
            "HIGHLIGHT: Amid the shroud of smoke, myths are born, others destroyed.",
            "",
            "As the skies turned yellow and the streets grew slick from rain, a soldier",
            "picked up the hand and paraded it in circles.",
            "",
            "LOAD-DATE: March 31, 2003",
            "",
            "LANGUAGE: ENGLISH",
            "",
            "",
            "",
            centred("7 of 9 DOCUMENTS"),
            "",
            centred("South China Morning Post"),
            "",
            centred("January 10, 2009 Saturday"),
            "",
            "Gaza outcry",
            "",
            "SECTION: NEWS; Pg. 2",
            "",
            "LOAD-DATE: January 12, 2009",
            "",
            "LANGUAGE: ENGLISH",
            "",
            "GRAPHIC: Credit: Sam Tsang; A protester holds a placard outside the Kowloon Mosque",
            "yesterday.",
            "",
            "PUBLICATION-TYPE: Newspaper",
            "",
            "",
            centred("Copyright 2009 South China Morning Post Ltd."),
            centred("All Rights Reserved"),
            "",
            "",
            centred("8 of 9 DOCUMENTS"),
            "",
            "",
            centred("Copyright 2009 Chattanooga Publishing Company"),
            "",
            "",
            centred("9 of 9 DOCUMENTS"),
            "",
            "",
            centred("Xinhua General News Service"),
            "",
            centred("January 16, 2009 Friday 9:25 PM EST"),
            "",
            "SECTION: WORLD NEWS; Political",
            "",
            "LENGTH: 10 words",
            "",
            "",
            "FLASH: UN GENERAL ASSEMBLY ADOPTS RESOLUTION ON GAZA CEASEFIRE",
            "",
            "LOAD-DATE: January 17, 2009",
            "",
            "LANGUAGE: ENGLISH",
            "",
            "PUBLICATION-TYPE: Newswire",
            "",
        ]
    )
    found = read(tmp_path, "mixed.txt", text, rules)
    assert summary(found) == [
        (
            "Inside Baghdad: Vision Of Hell",
            dt.date(2003, 3, 31),
            "India Today",
            "Craig Nelson (Box by John Brittas)",
        ),
        ("Gaza outcry", dt.date(2009, 1, 10), "South China Morning Post", ""),
        (
            "FLASH: UN GENERAL ASSEMBLY ADOPTS RESOLUTION ON GAZA CEASEFIRE",
            dt.date(2009, 1, 16),
            "Xinhua",  # the database's name for a known outlet
            "",
        ),
    ]
    baghdad, gaza, flash = found.articles
    assert baghdad.date_origin == "export"
    assert baghdad.text.startswith("As the skies turned yellow")
    assert gaza.section == "NEWS; Pg. 2"
    assert "Kowloon" not in gaza.text
    assert flash.text == "FLASH: UN GENERAL ASSEMBLY ADOPTS RESOLUTION ON GAZA CEASEFIRE"
    assert [a.part for a in found.articles] == [1, 2, 3]
    assert any("document 8" in problem for problem in found.problems)


def test_classic_notices_between_outlet_and_date_and_a_copyright_above_the_outlet(
    tmp_path: Path, rules: Rules
) -> None:
    text = "\n".join(
        [
            centred("718 of 2087 DOCUMENTS"),
            "",
            "",
            centred("City News Service"),
            "",
            "  No City News Service material may be republished without the express written",
            centred("permission of the City News Service, Inc."),
            "",
            centred("January 14, 2009 Wednesday 6:49 PM PST"),
            "",
            "LENGTH: 3271 words",
            "",
            "DATELINE: LOS ANGELES",
            "",
            "",
            'Actor Ricardo Montalban, best known for his role as Mr. Roarke on "Fantasy',
            'Island", died today at his home in Doheny Estates at age 88.',
            "",
            "LOAD-DATE: January 15, 2009",
            "",
            "LANGUAGE: ENGLISH",
            "",
            centred("Copyright 2009 City News Service, Inc."),
            centred("All Rights Reserved"),
            "",
            "",
            centred("719 of 2087 DOCUMENTS"),
            "",
            "",
            centred("Copyright 2008 PCM Uitgevers B.V."),
            centred("All Rights Reserved"),
            "",
            centred("de Volkskrant"),
            "",
            centred("December 31, 2008"),
            centred("woensdag"),
            "",
            "SECTION: ECONOMIE; Blz. 9",
            "",
            "LENGTH: 353 woorden",
            "",
            "HEADLINE: Technologie en olie geven koersen zetje;",
            "Euronext & Beurzen Europa",
            "",
            "BODY:",
            "",
            "STEMMING De Europese beurzen sloten de laatste volledige handelsdag van het jaar",
            "positief af.",
            "",
            "LANGUAGE: DUTCH; NEDERLANDS",
            "",
            "PUBLICATION-TYPE: Krant",
            "",
            "PUB-SUBJECT: Stock Indexes (96%); Annual Financial Results (84%)",
            "",
            "LOAD-DATE: December 30, 2008",
            "",
            "",
            centred("720 of 2087 DOCUMENTS"),
            "",
            centred("Copyright 2003 Le Monde"),
            centred("Le Monde"),
            "",
            centred("27 mars 2003"),
            "",
            "SECTION: Sports",
            "",
            "LONGUEUR: 876 mots",
            "",
            "TITRE: Pour l'heure, la guerre en Irak affecte peu les compétitions sportives;",
            "Le conflit a entraîné peu d'annulations d'épreuves",
            "",
            "SIGNATURE: Gérard Davet, Fréderic Potet",
            "",
            "CHAPEAU:",
            "",
            "",
            "",
            "Les compétitions sportives sont relativement peu touchées par la guerre.",
            "",
            "ARTICLE:",
            "",
            "",
            "",
            "EN SPORT comme ailleurs, les Américains ne sont guère sujets au doute.",
            "",
            "LANGUE: FRENCH; FRANCAISE",
            "",
        ]
    )
    found = read(tmp_path, "notices.txt", text, rules)
    assert summary(found) == [
        (
            'Actor Ricardo Montalban, best known for his role as Mr. Roarke on "Fantasy Island", '
            "died today at his home…",
            dt.date(2009, 1, 14),
            "City News Service",
            "",
        ),
        (
            "Technologie en olie geven koersen zetje; Euronext & Beurzen Europa",
            dt.date(2008, 12, 31),
            "de Volkskrant",
            "",
        ),
        (
            "Pour l'heure, la guerre en Irak affecte peu les compétitions sportives; Le conflit a "
            "entraîné peu d'annulations d'épreuves",
            dt.date(2003, 3, 27),
            "Le Monde",
            "Gérard Davet, Fréderic Potet",
        ),
    ]
    cns, volkskrant, monde = found.articles
    assert cns.text.startswith("Actor Ricardo Montalban, best known for his role as Mr. Roarke")
    assert (volkskrant.section, volkskrant.words) == ("ECONOMIE; Blz. 9", 353)
    assert volkskrant.text == (
        "STEMMING De Europese beurzen sloten de laatste volledige handelsdag van het jaar "
        "positief af."
    )
    assert monde.text == (
        "Les compétitions sportives sont relativement peu touchées par la guerre.\n\n"
        "EN SPORT comme ailleurs, les Américains ne sont guère sujets au doute."
    )
    assert_clean(
        found.articles, "republished", "BODY:", "ARTICLE:", "CHAPEAU", "SIGNATURE", "PUB-SUBJECT"
    )


def test_classic_wire_layout_as_the_paragraphs_of_an_rtf(tmp_path: Path, rules: Rules) -> None:
    """The same wire layout with its centring lost (the text of an RTF or DOC, a paragraph a
    line): the order alone tells the headline above the date from the story below it."""
    text = "\n".join(
        [
            "1 of 2 DOCUMENTS",
            "",
            "Deutsche Presse-Agentur",
            "",
            "LEADALL: Bush calls on U.N. to lift sanctions",
            "",
            "April 17, 2003, Thursday",
            "",
            "DATELINE: Washington",
            "",
            "U.S. President George W. Bush called Wednesday on the United Nations to lift economic "
            "sanctions imposed on Iraq after its 1990 invasion of Kuwait.",
            "",
            "F-15: A sophisticated air-superiority and ground attack aircraft. COST: 43 million "
            "dollars. LENGTH: 19.43 meters.",
            "",
            "SECTION: Politics",
            "",
            "LENGTH: 1122 words",
            "",
            "LOAD-DATE: April 17, 2003",
            "",
            "LANGUAGE: ENGLISH",
            "",
            "Copyright 2003 Deutsche Presse-Agentur",
            "",
            "2 of 2 DOCUMENTS",
            "",
            "The Guardian (London)",
            "",
            "April 18, 2003 Friday",
            "Final Edition",
            "",
            "Sanctions debate moves to New York",
            "",
            "BYLINE: Julian Borger in Washington",
            "",
            "SECTION: Guardian International Pages; Pg. 14",
            "",
            "LENGTH: 620 words",
            "",
            "The debate over sanctions moved to the Security Council on Thursday.",
            "",
            "LOAD-DATE: April 18, 2003",
            "",
            "LANGUAGE: ENGLISH",
            "",
            "PUBLICATION-TYPE: Newspaper",
        ]
    )
    found = read(tmp_path, "wire.txt", text.replace("\n", "\r\n").encode("utf-8-sig"), rules)
    assert summary(found) == [
        ("LEADALL: Bush calls on U.N. to lift sanctions", dt.date(2003, 4, 17), "dpa", ""),
        (
            "Sanctions debate moves to New York",
            dt.date(2003, 4, 18),
            "The Guardian (London)",
            "Julian Borger in Washington",
        ),
    ]
    dpa, guardian = found.articles
    assert (dpa.section, dpa.words) == ("Politics", 1122)
    assert dpa.text.startswith("U.S. President George W. Bush called Wednesday")
    assert dpa.text.endswith("LENGTH: 19.43 meters.")  # a story's line is no field
    assert guardian.text == "The debate over sanctions moved to the Security Council on Thursday."
    assert_clean(found.articles, "SECTION", "LOAD-DATE", "DATELINE", "Copyright", "Final Edition")


def test_classic_downloads_joined_into_one_file(tmp_path: Path, rules: Rules) -> None:
    """Researchers join their downloads of 500 into one file: every download brings its own
    cover page, which belongs to no article."""

    def download(first: int, headlines: list[str]) -> list[str]:
        last = first + len(headlines) - 1
        lines = [
            "",
            f"Download Request: Selected Items: {first}-{last}",
            "Time Of Request: Friday, March 20, 2018  16:51:31",
            "",
            "Send To:",
            "",
            "UNIVERSITY OF GLASGOW LIBRARY",
            "",
            "Terms: harbour and strike",
            "",
            "Source: The Herald (Glasgow)",
            "Project ID: None",
            "",
        ]
        for number, headline in enumerate(headlines, start=first):
            lines += [
                centred(f"{number} of 1000 DOCUMENTS"),
                "",
                centred("The Herald (Glasgow)"),
                "",
                centred(f"May {number}, 2014 Tuesday"),
                "",
                headline,
                "",
                "LENGTH: 98 words",
                "",
                f"{headline} was the story of the day.",
                "",
                f"LOAD-DATE: May {number}, 2014",
                "",
                "LANGUAGE: ENGLISH",
                "",
                centred("Copyright 2014 Herald & Times Group"),
                centred("All Rights Reserved"),
                "",
            ]
        return lines

    text = "\n".join(
        download(1, ["Dockers vote to strike", "Port owners call for talks"])
        + download(3, ["Talks fail at the port", "Strike begins on Monday"])
    )
    found = read(tmp_path, "herald.txt", text, rules)
    assert [(a.title, a.date) for a in found.articles] == [
        ("Dockers vote to strike", dt.date(2014, 5, 1)),
        ("Port owners call for talks", dt.date(2014, 5, 2)),
        ("Talks fail at the port", dt.date(2014, 5, 3)),
        ("Strike begins on Monday", dt.date(2014, 5, 4)),
    ]
    assert found.problems == []
    assert [a.text for a in found.articles][
        1
    ] == "Port owners call for talks was the story of the day."
    assert_clean(found.articles, "Download Request", "Terms", "GLASGOW", "LOAD-DATE")


def rtf_paragraphs(lines: list[str]) -> str:
    """Lines as the paragraphs of an RTF (centred ones marked \\qc), non-ASCII letters escaped
    as Windows-1252 bytes the way Word writes them."""

    def escaped(text: str) -> str:
        return "".join(ch if ord(ch) < 128 else "\\'" + ch.encode("cp1252").hex() for ch in text)

    body = "".join(
        ("\\pard\\qc " if line.startswith("    ") else "\\pard ")
        + escaped(line.strip())
        + "\\par\n"
        for line in lines
    )
    return "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fmodern Courier New;}}\n" + body + "}"


def test_classic_rtf_download_in_german(tmp_path: Path, rules: Rules) -> None:
    lines = [
        "Ausgabeauftrag: Dokument 1-2",
        "Zeitpunkt des Auftrags: Freitag, 20. März 2018  16:51:31",
        "",
        centred("Dokument 1 von 2"),
        "",
        centred("Frankfurter Rundschau"),
        "",
        centred("Dienstag 30. August 2011"),
        centred("S2 Ausgabe"),
        "",
        "Euro-Schuldenkrise belastet DZ Bank;",
        "Millionen-Wertberichtigung auf Griechenland-Papiere",
        "",
        "AUTOR: Stefan Müller",
        "",
        "RUBRIK: Wirtschaft; S. 5",
        "",
        "LÄNGE: 818 Wörter",
        "",
        "Die Zuspitzung der Euro-Schuldenkrise hat bei der DZ Bank negativ ins Kontor geschlagen.",
        "",
        "UPDATE: 1. September 2011",
        "",
        "SPRACHE: GERMAN; DEUTSCH",
        "",
        centred("Copyright 2011 Druck- und Verlagshaus Frankfurt am Main GmbH"),
        centred("Alle Rechte Vorbehalten"),
        "",
        centred("Dokument 2 von 2"),
        "",
        centred("Börsen-Zeitung"),
        "",
        centred("Mittwoch 31. August 2011"),
        "",
        "Japans Erholung gerät ins Stocken",
        "",
        "LÄNGE: 306 Wörter",
        "",
        "Im Juli ist Japans wirtschaftliche Erholung leicht ins Stocken geraten.",
        "",
        "UPDATE: 2. September 2011",
        "",
        "SPRACHE: GERMAN; DEUTSCH",
    ]
    path = tmp_path / "LexisNexis.rtf"
    path.write_text(rtf_paragraphs(lines), encoding="ascii")
    found = read_articles(path, rules)
    assert summary(found) == [
        (
            "Euro-Schuldenkrise belastet DZ Bank; Millionen-Wertberichtigung auf "
            "Griechenland-Papiere",
            dt.date(2011, 8, 30),
            "Frankfurter Rundschau",
            "Stefan Müller",
        ),
        ("Japans Erholung gerät ins Stocken", dt.date(2011, 8, 31), "Börsen-Zeitung", ""),
    ]
    assert found.problems == []
    assert found.articles[0].text == (
        "Die Zuspitzung der Euro-Schuldenkrise hat bei der DZ Bank negativ ins Kontor geschlagen."
    )
    assert_clean(found.articles, "Ausgabe", "UPDATE", "SPRACHE", "Copyright", "Rechte")


def test_classic_text_centred_with_tabs(tmp_path: Path, rules: Rules) -> None:
    def tabbed(line: str) -> str:
        return "\t" * 5 + line

    text = "\n".join(
        [
            tabbed("1 of 2 DOCUMENTS"),
            "",
            tabbed("Agence France Presse -- English"),
            "",
            "Iraq's minister of higher education captured",
            "",
            tabbed("April 20, 2003 Sunday"),
            tabbed("11:02 AM Eastern Time"),
            "",
            "The son-in-law of Iraq's Saddam Hussein has been apprehended, a news report said.",
            "",
            "SECTION: International News",
            "",
            "LENGTH: 49 words",
            "",
            "LOAD-DATE: April 20, 2003",
            "",
            "LANGUAGE: ENGLISH",
            "",
            tabbed("2 of 2 DOCUMENTS"),
            "",
            tabbed("The Irish Times"),
            "",
            tabbed("April 21, 2003 Monday"),
            "",
            "Ceasefire holds in the south",
            "",
            "BYLINE: Mary Fitzgerald",
            "",
            "LENGTH: 300 words",
            "",
            "The ceasefire held overnight.",
            "",
            "LOAD-DATE: April 21, 2003",
            "",
            "LANGUAGE: ENGLISH",
            "",
            tabbed("Copyright 2003 The Irish Times"),
        ]
    )
    found = read(tmp_path, "tabs.txt", text, rules)
    assert summary(found) == [
        (
            "Iraq's minister of higher education captured",
            dt.date(2003, 4, 20),
            "AFP",  # its English edition, as the database names it
            "",
        ),
        (
            "Ceasefire holds in the south",
            dt.date(2003, 4, 21),
            "The Irish Times",
            "Mary Fitzgerald",
        ),
    ]
    assert found.articles[0].text.startswith("The son-in-law of Iraq's Saddam Hussein")
    assert found.articles[1].text == "The ceasefire held overnight."


# --- Nexis UK pages ---------------------------------------------------------------------------


def uk_div(css: str, inner: str) -> str:
    return f'<BR><DIV CLASS="{css}"><P CLASS="c1">{inner}</P>\n</DIV>\n'


def uk_field(name: str, value: str) -> str:
    return uk_div("c5", f'<SPAN CLASS="c8">{name}: </SPAN><SPAN CLASS="c2">{value}</SPAN>')


def uk_document(number: int, total: int, blocks: list[str]) -> str:
    """One document as Nexis UK saves it: an anchor, a commented-out XML marker, its blocks."""
    return (
        f'<A NAME="DOC_ID_{number}_0"></A><!-- Hide XML section from browser\n'
        "<DOC NUMBER=1>\n<DOCFULL> -->\n"
        + uk_div("c0", f'<SPAN CLASS="c2">{number} of {total} DOCUMENTS</SPAN>')
        + "".join(blocks)
        + "<!-- Hide XML section from browser\n</DOCFULL>\n</DOC> -->\n"
    )


def uk_page(total: int, documents: list[str]) -> str:
    return (
        '<HTML>\n<HEAD>\n<STYLE TYPE="text/css"><!--\n.c0 { text-align: center; }\n--></STYLE>\n'
        f'<TITLE>&nbsp;</TITLE>\n<META TOPIC="null" DOCUMENTS="{total}" '
        'UPDATED="Saturday, October 21, 2017  18:07:13" /></HEAD>\n<BODY>\n'
        '<DIV CLASS="c5"><P CLASS="c6"><IMG SRC="https://www.nexis.com/images/GBNexisLogo.gif">'
        '<BR><BR><SPAN CLASS="c12">Download Request: Selected Items: 1-3<BR>Time Of Request: '
        "Saturday, October 21, 2017 &nbsp;18:07:13<BR><BR>Terms: (Wahlversprechen OR "
        "Versprechen)<BR><BR>Source: Der Spiegel;Spiegel Online<BR></SPAN></P>\n</DIV>\n"
        '<DIV CLASS="c13">&nbsp;</DIV>\n' + "".join(documents) + "</BODY></HTML>\n"
    )


def test_nexis_uk_german_page_with_highlighted_terms_split_dates_and_an_error_document(
    tmp_path: Path, rules: Rules
) -> None:
    logo = '<IMG SRC="https://www.nexis.com/results/docview/attachRetrieve.do?smi=LOGOS"><BR>'
    first = uk_document(
        1,
        3,
        [
            uk_div("c0", f'<BR>{logo}<SPAN CLASS="c2">Spiegel Online</SPAN>'),
            # The search matched the day: it is highlighted apart from the rest of the date.
            uk_div(
                "c3",
                '<SPAN CLASS="c4">27.</SPAN><SPAN CLASS="c2"> Februar 2012 Montag 9:50 PM GMT+1'
                '</SPAN><SPAN CLASS="c2">&nbsp;</SPAN>',
            ),
            uk_div("c5", '<SPAN CLASS="c7">Warnschuss f&uuml;r Merkels Euro-Kurs</SPAN>'),
            uk_field("AUTOR", "Annett Meiritz"),
            uk_field("RUBRIK", "GRIECHENLAND-VOTUM IM BUNDESTAG"),
            uk_field("L&Auml;NGE", "1285 W&ouml;rter"),
            uk_div(
                "c5",
                '<SPAN CLASS="c8">HIGHLIGHT:</SPAN><SPAN CLASS="c2">&nbsp;Der Bundestag hat neue '
                "Milliardenhilfen abgesegnet.; http://www.spiegel.de/politik/0,1518,817937.html"
                "<BR></SPAN>",
            ),
            '<BR><DIV CLASS="c5"><P CLASS="c9"><SPAN CLASS="c2">Berlin - Mehrere Abgeordnete '
            "der Koalition lagen mit Fieber darnieder, flapste Peter Altmaier (</SPAN><SPAN "
            'CLASS="c4">CDU</SPAN><SPAN CLASS="c2">).</SPAN></P>\n<P CLASS="c9"><SPAN '
            'CLASS="c8">Merkel konnte viele Kritiker nicht &uuml;berzeugen</SPAN></P>\n<P '
            'CLASS="c9"><SPAN CLASS="c2">Noch funktioniert der Euro-Kurs der Kanzlerin.</SPAN>'
            '</P>\n<P CLASS="c9"><SPAN CLASS="c10">mit dpa und dapd</SPAN></P>\n</DIV>\n',
            uk_field("UPDATE", "28. Februar 2012"),
            uk_field("SPRACHE", "GERMAN; DEUTSCH"),
            uk_field("PUBLICATION-TYPE", "Web-Publikation"),
            uk_field("ZEITUNGS-CODE", "spox"),
            uk_div(
                "c0",
                '<BR><SPAN CLASS="c2">Copyright 2012 Spiegel Online GmbH<BR>Alle Rechte '
                "vorbehalten</SPAN>",
            ),
        ],
    )
    second = uk_document(
        2,
        3,
        [
            uk_div("c0", f'<BR>{logo}<SPAN CLASS="c2">Der Spiegel</SPAN>'),
            uk_div("c3", '<SPAN CLASS="c4">27.</SPAN><SPAN CLASS="c2"> Februar 2012</SPAN>'),
            uk_div("c5", '<SPAN CLASS="c7">Dschungel der Wunderheiler</SPAN>'),
            uk_field("AUTOR", "Albrecht, Bernhard"),
            uk_div(
                "c5",
                '<SPAN CLASS="c8">RUBRIK: </SPAN><SPAN CLASS="c2">WISSENSCHAFT; KREBS; S. 114'
                '</SPAN><SPAN CLASS="c2">&nbsp;</SPAN><SPAN CLASS="c2">Ausg. 9</SPAN>',
            ),
            uk_field("L&Auml;NGE", "3161 W&ouml;rter"),
            '<BR><DIV CLASS="c5"><P CLASS="c9"><SPAN CLASS="c2">An einem Montag vor dreieinhalb '
            "Jahren kroch Renate Mulofwa das erste Mal zu Kreuze.</SPAN></P>\n</DIV>\n",
            uk_field("UPDATE", "25. Februar 2012"),
            uk_field("SPRACHE", "GERMAN; DEUTSCH"),
            uk_div(
                "c0",
                '<BR><SPAN CLASS="c2">Copyright 2012 Der Spiegel<BR>Alle Rechte vorbehalten</SPAN>',
            ),
        ],
    )
    broken = (
        '<A NAME="DOC_ID_3_0"></A><!-- Hide XML section from browser\n<DOC NUMBER=1>\n'
        '<DOCFULL> -->\n<BR><DIV CLASS="c5"><P CLASS="c6"><SPAN CLASS="c2">We are sorry but '
        "there is an error in this document and it is not possible to display it.</SPAN></P>\n"
        "</DIV>\n<!-- Hide XML section from browser\n</DOCFULL>\n</DOC> -->\n"
    )
    page = uk_page(3, [first, second, broken])
    found = read(tmp_path, "spiegel.html", page.encode("windows-1252"), rules)
    assert summary(found) == [
        (
            "Warnschuss für Merkels Euro-Kurs",
            dt.date(2012, 2, 27),
            "Spiegel Online",
            "Annett Meiritz",
        ),
        ("Dschungel der Wunderheiler", dt.date(2012, 2, 27), "Der Spiegel", "Albrecht, Bernhard"),
    ]
    online, weekly = found.articles
    assert (online.section, online.words, online.language) == (
        "GRIECHENLAND-VOTUM IM BUNDESTAG",
        1285,
        "de",
    )
    assert online.text == (
        "Berlin - Mehrere Abgeordnete der Koalition lagen mit Fieber darnieder, flapste Peter "
        "Altmaier (CDU).\n\nMerkel konnte viele Kritiker nicht überzeugen\n\n"
        "Noch funktioniert der Euro-Kurs der Kanzlerin.\n\nmit dpa und dapd"
    )
    assert weekly.section == "WISSENSCHAFT; KREBS; S. 114 Ausg. 9"
    assert any("document 3" in problem for problem in found.problems)
    assert_clean(found.articles, "ZEITUNGS-CODE", "UPDATE", "Copyright", "DOCUMENTS", "HIGHLIGHT")


def test_nexis_uk_english_page_with_a_table_story_and_a_highlighted_month(
    tmp_path: Path, rules: Rules
) -> None:
    cells = "".join(
        f'<TD CLASS="c14"><P CLASS="c6"><SPAN CLASS="c2">{text}</SPAN></P>\n</TD>'
        for text in ("Rank", "Bank", "Branches")
    )
    rows = "".join(
        "<TR>"
        + "".join(
            f'<TD CLASS="c14"><P CLASS="c6"><SPAN CLASS="c2">{text}</SPAN></P>\n</TD>'
            for text in row
        )
        + "</TR>\n"
        for row in (("1", "Megabank One", "444"), ("2", "Octopus Financial", "333"))
    )
    document = uk_document(
        1,
        1,
        [
            uk_div("c0", '<BR><SPAN CLASS="c2">The Daily Planet</SPAN>'),
            uk_div(
                "c3",
                '<SPAN CLASS="c4">December</SPAN><SPAN CLASS="c2"> 31, 2018 Monday</SPAN>'
                '<SPAN CLASS="c2">&nbsp;</SPAN><SPAN CLASS="c2">&nbsp;<BR>City Final Edition'
                "</SPAN>",
            ),
            uk_div(
                "c5", '<SPAN CLASS="c7">The biggest <SPAN CLASS="c4">banks</SPAN> in town</SPAN>'
            ),
            uk_field("SECTION", "Pg. B22"),
            uk_field("LENGTH", "44 words"),
            '<BR><DIV CLASS="c5"><BR></DIV>\n<TABLE CLASS="c11">\n<TR>'
            + cells
            + "</TR>\n"
            + rows
            + "</TABLE>\n</DIV>\n",
            uk_field("LOAD-DATE", "December 31, 2018"),
            uk_field("LANGUAGE", "ENGLISH"),
            uk_field("DISTRIBUTION", "Every Zone"),
            uk_field("PUBLICATION-TYPE", "Newspaper"),
            uk_div(
                "c0",
                '<BR><SPAN CLASS="c2">Copy 2013 The Daily Planet<BR>All Rights Reserved</SPAN>',
            ),
        ],
    )
    found = read(tmp_path, "planet.HTML", uk_page(1, [document]), rules)
    assert summary(found) == [
        ("The biggest banks in town", dt.date(2018, 12, 31), "The Daily Planet", "")
    ]
    (article,) = found.articles
    assert (article.section, article.words) == ("Pg. B22", 44)
    assert "Megabank One" in article.text and "Octopus Financial" in article.text
    assert_clean(found.articles, "DISTRIBUTION", "Every Zone", "City Final Edition", "Rights")


# --- Nexis Uni and Lexis Advance documents (DOCX) ----------------------------------------------


_WORD_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)
_FONT = '<w:rFonts w:ascii="Arial" w:eastAsia="Arial" w:hAnsi="Arial" w:cs="Arial"/>'


def run(text: str, *, bold: bool = False, size: int = 20, hit: bool = False) -> str:
    """A run as Nexis writes it: its font, colour and size; a search term bold and underlined."""
    marks = "<w:b/>" if bold or hit else ""
    marks += '<w:i/><w:u w:val="single"/>' if hit else ""
    return (
        f'<w:r><w:rPr>{_FONT}{marks}<w:color w:val="000000"/><w:sz w:val="{size}"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r>'
    )


def br() -> str:
    return "<w:r><w:br/></w:r>"


def link(text: str, number: int = 7) -> str:
    return (
        f'<w:hyperlink r:id="rId{number}" w:history="1"><w:r><w:rPr>{_FONT}<w:b/><w:i/>'
        '<w:color w:val="0077CC"/><w:sz w:val="28"/><w:u w:val="single"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r></w:hyperlink>'
    )


def para(*runs: str, centre: bool = False) -> str:
    align = '<w:jc w:val="center"/>' if centre else '<w:jc w:val="both"/>'
    return (
        f'<w:p><w:pPr><w:spacing w:before="120" w:line="260" w:lineRule="atLeast"/>{align}</w:pPr>'
        + "".join(runs)
        + "</w:p>"
    )


def labelled(name: str, value: str, space: str = NBSP) -> str:
    """A field: the label bold, its value in a run of its own after a (no-break) space."""
    return para(run(f"{name}:", bold=True), run(f"{space}{value}"))


def bookmark(number: int, name: str = "") -> str:
    name = name or f"Bookmark_{number}"
    return (
        f'<w:p><w:bookmarkStart w:id="{number}" w:name="{name}"/>'
        f'<w:bookmarkEnd w:id="{number}"/></w:p>'
    )


def heading(text: str, number: int) -> str:
    """A part's heading ("Body", "Graphic", "Classification") and the rule drawn under it."""
    rule = (
        '<w:p><w:pPr><w:spacing w:line="60" w:lineRule="exact"/></w:pPr><w:r><w:pict>'
        f'<v:line id="_x0000_s{1026 + number}" from="0,2pt" to="512pt,2pt" '
        'strokecolor="#009ddb" strokeweight="2pt"><w10:wrap type="topAndBottom"/></v:line>'
        "</w:pict></w:r></w:p>"
    )
    return (
        '<w:p><w:pPr><w:keepNext/><w:spacing w:before="240" w:line="340"/></w:pPr>'
        f'<w:bookmarkStart w:id="{100 + number}" w:name="{text}_{number}"/>'
        f'<w:bookmarkEnd w:id="{100 + number}"/>{br()}{run(text, bold=True, size=28)}</w:p>' + rule
    )


def end_of_document(words: str = "End of Document") -> str:
    return (
        '<w:p><w:pPr><w:ind w:left="200"/><w:sectPr><w:type w:val="continuous"/></w:sectPr>'
        f'</w:pPr>{br()}<w:r><w:pict><v:line id="_x0000_s2000" from="0,10pt" to="512pt,10pt" '
        f'strokeweight="1pt"/></w:pict></w:r><w:r><w:rPr><w:b/><w:color w:val="767676"/>'
        f'<w:sz w:val="16"/></w:rPr><w:t>{words}</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rId36"/>'
        "<w:titlePg/></w:sectPr></w:pPr></w:p>"
    )


def table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{para(run(text))}</w:tc>" for text in row) + "</w:tr>"
        for row in rows
    )
    return f'<w:tbl><w:tblPr><w:tblW w:w="8000" w:type="dxa"/></w:tblPr>{cells}</w:tbl>'


def cover(
    entries: list[str],
    labels: tuple[str, str, str, str] = (
        "Date and Time",
        "Job Number",
        "Documents",
        "Client/Matter",
    ),
) -> str:
    """The cover page: who and when, "Documents (N)", each headline again with the search."""
    when, job, documents, matter = labels
    parts = [
        para(run("User Name: ", bold=True), run("JANE RESEARCHER")),
        para(run(f"{when}: ", bold=True), run("Wednesday, December 19, 2018 7:08:00 PM JST")),
        para(run(f"{job}: ", bold=True), run("79564983")),
        para(run(f"{documents} ({len(entries)})", bold=True)),
    ]
    for number, entry in enumerate(entries, start=1):
        parts += [
            para(run(f"{number}."), link(" ", 10 + 2 * number), link(entry, 11 + 2 * number)),
            para(run(f"{matter}: ", bold=True), run("-None-")),
            para(run("Search Terms: ", bold=True), run("world trade organization litigation")),
            para(run("Search Type: ", bold=True), run("Natural Language ")),
            para(run("Narrowed by: ", bold=True)),
            table(
                [
                    ["Content Type", "Narrowed by"],
                    ["News", "Sources: USA Today; Content Type: News"],
                ]
            ),
            "<w:p/>",
        ]
    return "".join(parts) + "<w:p><w:pPr><w:sectPr><w:titlePg/></w:sectPr></w:pPr></w:p>"


def write_docx(path: Path, body: str) -> Path:
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {_WORD_NAMESPACES}><w:body>{body}"
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr></w:body></w:document>'
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    relations = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", relations)
        archive.writestr("word/document.xml", document)
    return path


def test_lexis_advance_docx_with_linked_headlines_graphics_and_plain_spaces(
    tmp_path: Path, rules: Rules
) -> None:
    """A Lexis Advance download of 2018: the cover page lists each document with its search;
    each article starts at an empty bookmark, its headline split over hyperlinks where the
    search matched; labels end before a plain space in a run of their own; a "Graphic" part
    follows the story."""
    first = [
        bookmark(1),
        para(link("Bush plays free-", 33), link("trade", 34), link(" game", 35), centre=True),
        para(run("USA TODAY"), centre=True),
        para(run("May 2, 2002, Thursday,, FINAL EDITION"), centre=True),
        "<w:p/>",
        para(br(), run("Copyright 2002 Gannett Company, Inc.", size=16)),
        labelled("Section", "MONEY;; COVER STORY", " "),
        labelled("Length", "1823 words", " "),
        labelled("Byline", "George Hager", " "),
        labelled("Dateline", "WASHINGTON", " "),
        heading("Body", 1),
        para(run("WASHINGTON -- When is a catfish not a catfish?")),
        para(
            run("When it comes from the Mekong Delta, say Congress and the Bush "),
            run("trade", hit=True),
            run(" officials."),
        ),
        para(run("Top 10 exports of goods in 2001 (in millions of dollars):")),
        para(run("Semiconductors $ 45.1")),
        para(run("Sources: U.S. Census Bureau, U.S. Department of Commerce")),
        heading("Graphic", 2),
        para(run(" ")),
        para(run("GRAPHIC, Color, Web Bryant, USA TODAY (ILLUSTRATION); PHOTO, B/W, AFP")),
        para(br(), run("Load-Date:", bold=True), run(" May 3, 2002")),
        "<w:p/>",
        end_of_document(),
    ]
    second = [
        bookmark(2),
        para(link("FDIC reports drop-off in banks' profit", 42), centre=True),
        para(run("USA TODAY"), centre=True),
        para(run("November 27, 2013 Wednesday, FINAL EDITION"), centre=True),
        "<w:p/>",
        para(br(), run("Copyright 2013 Gannett Company, Inc."), run(" All Rights Reserved")),
        labelled("Section", "MONEY; Pg. 1B", " "),
        labelled("Length", "234 words", " "),
        heading("Body", 3),
        "<w:p/>",
        para(run("U.S. banks' profits fell in the third quarter, the first decline since 2009.")),
        para(run("CONSUMER CONFIDENC"), run("E")),
        para(run("DROPS TO 7-MONTH LOW")),
        para(run("U.S. consumers' confidence in the economy fell in November.")),
        heading("Graphic", 4),
        para(run("photo Ron Antonelli, Bloomberg News")),
        para(br(), run("Load-Date:", bold=True), run(" November 27, 2013")),
        "<w:p/>",
        end_of_document(),
    ]
    third = [
        bookmark(3),
        para(
            link("U.S. job picture isn't drawn in the Oval Office", 50),
            centre=True,
        ),
        para(run("USA TODAY"), centre=True),
        para(run("Correction Appended"), centre=True),
        para(run("October 5, 2012 Friday, FIRST EDITION"), centre=True),
        "<w:p/>",
        para(br(), run("Copyright 2012 Gannett Company, Inc.")),
        labelled("Section", "NEWS; Pg. 8A", " "),
        labelled("Length", "640 words", " "),
        labelled("Byline", "Paul Davidson", " "),
        heading("Body", 5),
        para(run("The jobs report lands a month before the election.")),
        heading("Correction", 6),
        para(run("An earlier version misstated the unemployment rate.")),
        para(br(), run("Load-Date:", bold=True), run(" October 5, 2012")),
        end_of_document(),
    ]
    titles = [
        "Bush plays free-trade game",
        "FDIC reports drop-off in banks' profit",
        "U.S. job picture isn't drawn in the Oval Office",
    ]
    body = cover(titles) + "".join(first + second + third)
    found = read_articles(write_docx(tmp_path / "Files(3).DOCX", body), rules)
    assert found.problems == []
    assert summary(found) == [
        ("Bush plays free-trade game", dt.date(2002, 5, 2), "USA TODAY", "George Hager"),
        ("FDIC reports drop-off in banks' profit", dt.date(2013, 11, 27), "USA TODAY", ""),
        (
            "U.S. job picture isn't drawn in the Oval Office",
            dt.date(2012, 10, 5),
            "USA TODAY",
            "Paul Davidson",
        ),
    ]
    catfish, banks, jobs = found.articles
    assert (catfish.section, catfish.words) == ("MONEY;; COVER STORY", 1823)
    assert catfish.text == (
        "WASHINGTON -- When is a catfish not a catfish?\n\n"
        "When it comes from the Mekong Delta, say Congress and the Bush trade officials.\n\n"
        "Top 10 exports of goods in 2001 (in millions of dollars):\n\n"
        "Semiconductors $ 45.1\n\n"
        "Sources: U.S. Census Bureau, U.S. Department of Commerce"
    )
    assert banks.text.startswith("U.S. banks' profits fell")
    assert "CONSUMER CONFIDENCE" in banks.text
    assert jobs.text == "The jobs report lands a month before the election."
    assert_clean(
        found.articles,
        "Graphic",
        "GRAPHIC",
        "Bloomberg",
        "Load-Date",
        "End of Document",
        "Copyright",
        "Client/Matter",
        "misstated",
    )


def uni_article(
    number: int,
    headline: list[str],
    outlet: str,
    date: str | None,
    fields: list[tuple[str, str]],
    story: list[str],
    trailer: list[tuple[str, str]],
    words: tuple[str, str, str] = ("Body", "Classification", "End of Document"),
) -> str:
    """A Nexis Uni article of 2019 on: headline, outlet, date line, copyright, fields whose
    labels end in a no-break space, "Body", the story, "Classification" and its fields."""
    body, classification, end = words
    parts = [
        bookmark(number),
        para(*headline, centre=True),
        para(run(outlet), centre=True),
        para(run(date), centre=True) if date else "",
        "<w:p/>",
        para(br(), run(f"Copyright {2019} {outlet} All Rights Reserved", size=16)),
        *(labelled(name, value) for name, value in fields),
        heading(body, 10 * number),
        *(para(run(text)) for text in story),
        heading(classification, 10 * number + 1),
        *(labelled(name, value) for name, value in trailer),
        end_of_document(end),
    ]
    return "".join(parts)


def test_nexis_uni_german_interface_docx(tmp_path: Path, rules: Rules) -> None:
    def article(number: int, headline: str, day: int, author: str | None) -> str:
        fields = [("Rubrik", "Politik; S. 5"), ("Länge", "520 Wörter")]
        if author:
            fields.append(("Autor", author))
        return uni_article(
            number,
            [link(f"{headline}", 40 + number)],
            "Süddeutsche Zeitung",
            f"{day}. Juli 2019 Montag",
            fields,
            [f"München – Der Bundestag hat am {day}. Juli beraten.", "Die Opposition ist dagegen."],
            [
                ("Sprache", "GERMAN; DEUTSCH"),
                ("Publikationstyp", "Zeitung"),
                ("Ladedatum", f"{day}. Juli 2019"),
            ],
            ("Text", "Klassifikation", "Dokumentende"),
        )

    headlines = ["Streit um die Grundrente", "Klimapaket: Koalition einigt sich"]
    body = (
        cover(headlines, ("Datum und Uhrzeit", "Auftragsnummer", "Dokumente", "Mandant/Vorgang"))
        + article(1, headlines[0], 1, "Von Anna Schmidt")
        + article(2, headlines[1], 8, None)
    )
    found = read_articles(write_docx(tmp_path / "Dateien(2).docx", body), rules)
    assert summary(found) == [
        ("Streit um die Grundrente", dt.date(2019, 7, 1), "Süddeutsche Zeitung", "Anna Schmidt"),
        ("Klimapaket: Koalition einigt sich", dt.date(2019, 7, 8), "Süddeutsche Zeitung", ""),
    ]
    assert [(a.section, a.words, a.language) for a in found.articles] == [
        ("Politik; S. 5", 520, "de"),
        ("Politik; S. 5", 520, "de"),
    ]
    assert found.articles[1].text == (
        "München – Der Bundestag hat am 8. Juli beraten.\n\nDie Opposition ist dagegen."
    )
    assert found.problems == []
    assert_clean(found.articles, "Klassifikation", "Sprache", "Dokumentende", "Ladedatum")


def test_nexis_uni_french_interface_docx(tmp_path: Path, rules: Rules) -> None:
    body = cover(
        ["Le port relève ses tarifs"],
        ("Date et heure", "Numéro de la tâche", "Documents", "Client/Dossier"),
    ) + uni_article(
        1,
        [run("Le port relève ses "), run("tarifs", hit=True)],
        "Ouest-France (Rennes)",
        "1 juillet 2019 lundi",
        [("Rubrique", "Économie"), ("Longueur", "1234 mots"), ("Auteur", "Par Marie Dupont")],
        ["Le conseil portuaire a relevé ses tarifs.", "Les armateurs protestent."],
        [("Langue", "FRENCH; FRANÇAIS"), ("Date de chargement", "2 juillet 2019")],
        ("Corps", "Classification", "Fin du document"),
    )
    found = read_articles(write_docx(tmp_path / "Fichiers(1).docx", body), rules)
    assert summary(found) == [
        (
            "Le port relève ses tarifs",
            dt.date(2019, 7, 1),
            "Ouest-France (Rennes)",
            "Marie Dupont",
        )
    ]
    (article,) = found.articles
    assert (article.section, article.words) == ("Économie", 1234)
    assert article.text == "Le conseil portuaire a relevé ses tarifs.\n\nLes armateurs protestent."
    assert_clean(found.articles, "Langue", "Fin du document", "Corps")


def test_nexis_uni_docx_with_highlights_versions_and_a_missing_date(
    tmp_path: Path, rules: Rules
) -> None:
    """Search terms bold inside headlines, an outlet whose space before the city was lost, a
    section with its version, a highlight, a document with no date line and one with no
    byline."""
    guardian = uni_article(
        1,
        [run("Brexit: May faces revolt over "), run("customs", hit=True), run(" union")],
        "The Guardian(London)",
        "July 1, 2019 Monday 10:00 PM GMT",
        [
            ("Section", "POLITICS; Version:28"),
            ("Length", "1,355 words"),
            ("Byline", "Lisa O'Carroll Brexit correspondent"),
            ("Highlight", "Tory MPs threaten to vote against the government"),
        ],
        ["Theresa May faces a revolt over the customs union.", "Ministers met on Monday."],
        [
            ("Language", "ENGLISH"),
            ("Publication-Type", "Web Publication"),
            ("Subject", "BREXIT (92%); CUSTOMS (90%)"),
            ("Load-Date", "July 2, 2019"),
        ],
    )
    letters = uni_article(
        2,
        [run("Letters: the "), run("customs", hit=True), run(" question")],
        "The Times (London)",
        None,
        [("Section", "LETTERS; Pg. 28"), ("Length", "310 words")],
        ["Sir, the customs union is not a union at all."],
        [("Language", "ENGLISH"), ("Load-Date", "July 3, 2019")],
    )
    body = cover(["Brexit: May faces revolt over customs union", "Letters: the customs question"])
    found = read_articles(write_docx(tmp_path / "Files(2).docx", body + guardian + letters), rules)
    assert summary(found) == [
        (
            "Brexit: May faces revolt over customs union",
            dt.date(2019, 7, 1),
            "The Guardian (London)",
            "Lisa O'Carroll Brexit correspondent",
        ),
        ("Letters: the customs question", dt.date(2019, 7, 3), "The Times (London)", ""),
    ]
    first, second = found.articles
    assert (first.section, first.words) == ("POLITICS", 1355)
    assert first.text == (
        "Theresa May faces a revolt over the customs union.\n\nMinisters met on Monday."
    )
    assert "Tory MPs threaten" in first.front
    assert second.date_origin == "export"  # the load date stands in for the missing date line
    assert_clean(found.articles, "Classification", "Subject", "Load-Date", "Highlight")


def test_nexis_uni_docx_whose_first_article_follows_the_cover_at_once(
    tmp_path: Path, rules: Rules
) -> None:
    """No empty paragraph between the cover page's last table row and the first headline
    (the bookmark sits in the headline's paragraph): the cover is still no part of it."""
    headline = '<w:p><w:bookmarkStart w:id="1" w:name="Bookmark_1"/><w:bookmarkEnd w:id="1"/>'
    entries = ["Harbour fees rise again"]
    cover_xml = (
        cover(entries)
        .replace("<w:p/>", "")
        .replace("<w:p><w:pPr><w:sectPr><w:titlePg/></w:sectPr></w:pPr></w:p>", "")
    )
    article = (
        headline
        + link("Harbour fees rise again", 60)
        + "</w:p>"
        + para(run("The Herald (Glasgow)"), centre=True)
        + para(run("May 6, 2014 Tuesday"), centre=True)
        + labelled("Length", "98 words")
        + heading("Body", 1)
        + para(run("The harbour board raised its fees."))
        + labelled("Load-Date", "May 7, 2014")
        + end_of_document()
    )
    found = read_articles(write_docx(tmp_path / "Files(1).docx", cover_xml + article), rules)
    assert summary(found) == [
        ("Harbour fees rise again", dt.date(2014, 5, 6), "The Herald (Glasgow)", "")
    ]
    assert found.articles[0].text == "The harbour board raised its fees."
    assert "Narrowed by" not in found.articles[0].front


def test_nexis_uni_docx_with_a_two_line_headline_and_a_correction_note(
    tmp_path: Path, rules: Rules
) -> None:
    """A headline whose subtitle Word breaks onto a line of its own, and a note between the
    outlet and the date."""
    two_lines = uni_article(
        1,
        [run("Flood defences to get new funding"), br(), run("Towns in the north come first")],
        "The Times (London)",
        "August 2, 2019 Friday",
        [("Section", "NEWS; Pg. 4"), ("Length", "412 words"), ("Byline", "Ben Webster")],
        ["The government will spend more on flood defences, ministers said."],
        [("Language", "ENGLISH"), ("Load-Date", "August 2, 2019")],
    ).replace(
        para(run("August 2, 2019 Friday"), centre=True),
        para(run("Correction Appended"), centre=True)
        + para(run("August 2, 2019 Friday"), centre=True),
    )
    body = cover(["Flood defences to get new funding Towns in the north come first"])
    found = read_articles(write_docx(tmp_path / "Files(1).docx", body + two_lines), rules)
    assert summary(found) == [
        (
            "Flood defences to get new funding Towns in the north come first",
            dt.date(2019, 8, 2),
            "The Times (London)",
            "Ben Webster",
        )
    ]


# --- Factiva pages -----------------------------------------------------------------------------


def factiva_article(
    accession: str,
    lang: str,
    headline: str,
    fields: list[str],
    paragraphs: list[str],
    trailer: str = "Document",
    above: str = "",
    author: str = "",
) -> str:
    """An article as Factiva's display page holds it: an outer div named by the accession
    number, the language's inner div, a <p> holding the field divs (a <p> the HTML parser
    closes at the first div), the paragraphs and the "Document" line."""
    section = f"<div>{above}</div>" if above else ""
    byline = f'<div class="author">{author}</div>' if author else ""
    divs = "".join(f"<div>{text}\n\t\t\t</div>\n" for text in fields)
    story = "".join(
        f'\t\t<p class="articleParagraph {lang}articleParagraph">{text}\n\t\t</p>\n'
        for text in paragraphs
    )
    return (
        f'<div id="article-{accession}" class="article" >\n'
        f'\t<div class="article {lang}Article">\n\t\t<p>\n\t\t\t{section}'
        f"<div id=\"hd\" ><span class='{lang}Headline'>{headline}</span>\n\t\t\t</div>\n"
        f"{byline}{divs}\t\t</p>\n{story}\t\t<p>{trailer} {accession}\n\t\t</p>\n"
        "\t</div>\n</div><br/><span></span>\n"
    )


def factiva_page(articles: str, saved_by_chrome: bool) -> str:
    """The display page: Chrome's "Save page as" keeps the application around the articles
    (scripts, the result list with its own headline links); the print view has none of it."""
    if not saved_by_chrome:
        return f"<html><head><title>Factiva</title></head><body>{articles}</body></html>"
    results = "".join(
        f'<tr><td class="count">{n}.</td><td><a href="javascript:void(0)" class="enHeadline">'
        f"Result {n}</a><div class='leadFields'>Reuters News, 3 January 2012, 412 words</div>"
        "</td></tr>"
        for n in (1, 2, 3)
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Factiva</title>"
        "<script>var djConfig = {};</script><link rel='stylesheet' href='Factiva_files/a.css'>"
        "</head><body><div id='navcontainer'><ul><li>Home</li><li>Search</li></ul></div>"
        "<form name='PageBaseForm' method='post' action='ha000'>"
        f"<div id='headlines'><table class='resultsTable'>{results}</table></div>"
        f"<div id='artHdr1'></div><div id='articleFrame'>{articles}</div>"
        "<div id='pageFooter'><span class='copyright'>© 2012 Factiva, Inc. Alle Rechte "
        "vorbehalten.</span></div></form></body></html>"
    )


def test_factiva_pages_in_four_interface_languages(tmp_path: Path, rules: Rules) -> None:
    articles = (
        factiva_article(
            "pnp0000020010926du4i003v3",
            "de",
            " MEINUNG.ZU 50 JAHRE <b>ISRAEL</b>.",
            ["664 Wörter", "18 April 1998", "Passauer Neue Presse", "PNP", "Deutsch"]
            + ["(c) 1998 Passauer Neue Presse, Neue Presse Verlags-GmbH"],
            ["Erster Absatz über <b>Israel</b>.", "Zweiter Absatz."],
            trailer="Dokument",
        )
        + factiva_article(
            "LEMOND0020111229e7ct0001r",
            "fr",
            "Le port relève ses tarifs",
            ["1\u00a0234 mots", "29 décembre 2011", "15:32", "Le Monde", "LEMOND", "Français"]
            + ["(c) 2011 Le Monde. Tous droits réservés."],
            ["Le conseil portuaire a relevé ses tarifs."],
            above="Économie",
            author="Par Marie Dupont",
        )
        + factiva_article(
            "ELPAIS0020120103e8130000b",
            "es",
            "El Gobierno aprueba los presupuestos",
            ["512 palabras", "3 enero 2012", "El País", "ELPAIS", "Edición Nacional", "18"]
            + ["Español", "© 2012 Ediciones El País, S.L."],
            ["El Consejo de Ministros aprobó ayer los presupuestos."],
            trailer="Documento",
        )
        + factiva_article(
            "LBA0000020120103e8130000c",
            "en",
            'Ports <span class="highlight">strike</span> called off',
            ["412 words", "3 January 2012", "10:32 GMT", "Reuters News", "LBA", "English"]
            + ["(c) 2012 Thomson Reuters Limited"],
            ["LONDON, Jan 3 (Reuters) - Dock workers called off a strike."],
            author="By Jane Smith",
        )
    )
    for chrome in (True, False):
        name = f"Factiva-{'chrome' if chrome else 'print'}.html"
        found = read(tmp_path, name, factiva_page(articles, chrome), rules)
        assert summary(found) == [
            ("MEINUNG.ZU 50 JAHRE ISRAEL.", dt.date(1998, 4, 18), "Passauer Neue Presse", ""),
            ("Le port relève ses tarifs", dt.date(2011, 12, 29), "Le Monde", "Marie Dupont"),
            ("El Gobierno aprueba los presupuestos", dt.date(2012, 1, 3), "El País", ""),
            ("Ports strike called off", dt.date(2012, 1, 3), "Reuters", "Jane Smith"),
        ], name
        german, french, spanish, english = found.articles
        assert [a.words for a in found.articles] == [664, 1234, 512, 412]
        assert [a.language for a in found.articles] == ["de", "fr", "es", "en"]
        assert german.text == "Erster Absatz über Israel.\n\nZweiter Absatz."
        assert german.key == "pnp0000020010926du4i003v3"
        assert french.section == "Économie"
        assert english.text == "LONDON, Jan 3 (Reuters) - Dock workers called off a strike."
        assert_clean(found.articles, "Dokument", "Document", "mots", "(c)", "Result 1")


# --- ProQuest e-mailed deliveries --------------------------------------------------------------


_PQ_STYLE = 'style="margin-bottom:5pt; margin-top:0; margin-right:0; margin-left:0; padding:0;"'


def pq_field(label: str, value: str) -> str:
    return f"<p {_PQ_STYLE}><strong>{label}: </strong>{value}</p>"


def pq_document(
    doc_id: str,
    title: str,
    authors: str,
    outlet: str,
    date: str,
    story: list[str] | None,
    fields: list[tuple[str, str]],
    abstract: str = "None available.",
) -> str:
    """One document of a delivery of 2022 on: anchor, bold title, a citation line naming the
    outlet in <strong>, the author, the link, the abstract, then the full text inside its own
    <Text> element (an HTML document of its own), then the fields."""
    citation = (
        f'<p {_PQ_STYLE}><span class="scholUnivAuthors"><span class="truncatedAuthor">{authors}'
        f'.\u2009\n</span></span><span class="newspaperArticle"><span class=""><strong>'
        f"{outlet.split(';')[0]}</strong><strong>; {outlet.partition(';')[2]}</strong> "
        f"[{outlet.partition(';')[2].strip()}].&nbsp;{date}.\n</span></span>&nbsp;</p>"
    )
    text = ""
    if story is not None:
        paragraphs = "".join(f"<p>{paragraph}</p>\n" for paragraph in story)
        words = sum(len(paragraph.split()) for paragraph in story)
        text = (
            f'<p {_PQ_STYLE}><strong>Full text: </strong><Text WordCount="{words}" '
            'HTMLContent="true"><html><head><meta name="ValidationSchema" content="http://www.'
            'w3.org/2002/08/xhtml/xhtml1-strict.xsd"><title></title><!-- </meta> --></head>'
            '<body><div>\n<a name="1"></a><div class="document_view_image"><img src="https://'
            'media.proquest.com/media/x" alt="View Image - "><a href="https://www.proquest.com/'
            'textgraphic" title="A caption of the photo." class="sr-only sr-only-focusable">'
            'Enlarge this image.</a><div class="small document_view_caption"><p></p></div>'
            f"<!-- </img> --></div>\n</div>\n{paragraphs}</body></html></Text></p>"
        )
    return (
        '<div style="margin-bottom:20pt;padding-bottom:5pt">'
        f'<a name="DocID_MSTAR_{doc_id}"></a><p {_PQ_STYLE}></p>'
        f'<p style="margin-bottom:5pt;font-size:11pt;font-weight:bold;">{title}</p>'
        + citation
        + pq_field("Author", authors.replace("&nbsp;", " "))
        + f'<p {_PQ_STYLE}><a href="https://www.proquest.com/docview/{doc_id}">ProQuest '
        "document link</a></p>"
        + pq_field("Abstract", abstract)
        + '<div style="clear:both"></div><div style="margin:0px 0px 5px 0px; display:inline;'
        'float:left"><strong style="float:left;">Links: </strong><a target="_blank" '
        'href="https://foo.bar.invalid/">Get it at Some University</a></div>'
        '<div style="clear:both"></div>'
        + text
        + "".join(pq_field(label, value) for label, value in fields)
        + '<div style="margin-bottom:15pt;border-bottom:1px solid #ccc;">&nbsp;</div></div>'
    )


def pq_fields(outlet: str, date: str, doc_id: str, section: str = "") -> list[tuple[str, str]]:
    fields = [
        ("Subject", "Census of Population; Minority &amp; ethnic groups"),
        ("Location", "United States--US; New York"),
        ("Company / organization", "Name: Bureau of the Census; NAICS: 926110"),
        ("Identifier / keyword", "Census; Redistricting And Reapportionment"),
        ("Publication title", outlet),
        ("Publication year", date[-4:]),
        ("Publication date", date),
        ("Dateline", "2022-03-10 @ 20:51"),
    ]
    if section:
        fields.append(("Section", section))
    return fields + [
        ("Publisher", "New York Times Company"),
        ("Place of publication", "New York, N.Y."),
        ("Country of publication", "United States,  New York, N.Y."),
        ("Publication subject", "General Interest Periodicals--United States"),
        ("ISSN", "03624331"),
        ("Source type", "Newspaper"),
        ("Language of publication", "English"),
        ("Document type", "News"),
        ("ProQuest document ID", doc_id),
        (
            "Document URL",
            f'<a href="https://www.proquest.com/docview/{doc_id}">https://www.proquest.com/'
            f"newspapers/docview/{doc_id}/se-2?accountid=00000</a>",
        ),
        ("Copyright", f"Copyright New York Times Company {date}"),
        ("Last updated", "2022-06-07"),
        ("Database", "U.S. Major Dailies"),
    ]


def pq_email(path: Path, html: str, charset: str = "utf-8") -> Path:
    """The delivery as ProQuest sends it: a MIME message whose HTML part is quoted-printable."""
    message = EmailMessage()
    message["From"] = "noreply@proquest.com"
    message["To"] = "j.smith@company.example"
    message["Subject"] = "Your ProQuest Research - Census"
    message["Date"] = "Tue, 15 Aug 2023 01:02:03 -0400"
    message["Message-ID"] = "<222222222.22222.2222222222222.JavaMail.root@pq.example>"
    message.set_content(html, subtype="html", charset=charset, cte="quoted-printable")
    message.make_mixed()
    path.write_bytes(bytes(message))
    return path


def pq_page(documents: str, locale: str = "en") -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1'
        f'/DTD/xhtml1-strict.dtd"><html data-locale="{locale}" xmlns="http://www.w3.org/1999/'
        'xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        "<title>Document Email</title><style>.hit {background-color: #D2F4FC;}</style></head>"
        '<body onload="window.saveas();"><table class="body" role="presentation"><tr><td>'
        '&nbsp;</td><td class="container"><div class="content"><table class="main"><tr><td '
        f'class="wrapper"><table role="presentation"><tr><td>{documents}</td></tr></table>'
        "</td></tr></table></div></td></tr></table></body></html>"
    )


def test_proquest_delivery_of_2022_with_citation_lines_and_text_elements(
    tmp_path: Path, rules: Rules
) -> None:
    outlet = "New York Times, Late Edition (East Coast); New York, N.Y."
    census = [
        "WASHINGTON \u2014 Saddled with daunting logistical and political obstacles, the 2020 "
        "census seriously undercounted Hispanic, Black and Native American residents.",
        "At the same time, the census overcounted white and Asian American residents.",
        "<b>Through the Pandemic\u2019s Throes</b>",
        "This article originally appeared in The New York Times.",
    ]
    subway = [
        "NEW YORK \u2014 The sun rises on a weekday in New York City.",
        "Hours later, as darkness falls, another rush hour begins.",
    ]
    documents = (
        pq_document(
            "2637783411",
            "2020 Census Undercounted Hispanic, Black and Native American Residents",
            "Wines, Michael;&nbsp;Cramer, Maria",
            "New York Times; Late Edition (East Coast); New York, N.Y.",
            "10 Mar 2022",
            census,
            pq_fields(outlet, "Mar 10, 2022", "2637783411"),
        )
        + pq_document(
            "2620232883",
            "Here\u2019s Where Subway Riders Have Returned. And Where They Haven\u2019t.",
            "Gold, Michael;&nbsp;Ley, Ana",
            "New York Times; Late Edition (East Coast); New York, N.Y.",
            "18 Jan 2022",
            subway,
            pq_fields(outlet, "Jan 18, 2022", "2620232883", "A; Metropolitan Desk"),
        )
        + pq_document(
            "2599001122",
            "Corrections: January 19, 2022",
            "Anonymous",
            "New York Times; Late Edition (East Coast); New York, N.Y.",
            "19 Jan 2022",
            None,
            pq_fields(outlet, "Jan 19, 2022", "2599001122"),
            abstract="An article on Tuesday misstated the number of subway riders.",
        )
    )
    found = read_articles(pq_email(tmp_path / "ProQuestDocuments.eml", pq_page(documents)), rules)
    assert summary(found) == [
        (
            "2020 Census Undercounted Hispanic, Black and Native American Residents",
            dt.date(2022, 3, 10),
            "The New York Times",
            "Wines, Michael; Cramer, Maria",
        ),
        (
            "Here\u2019s Where Subway Riders Have Returned. And Where They Haven\u2019t.",
            dt.date(2022, 1, 18),
            "The New York Times",
            "Gold, Michael; Ley, Ana",
        ),
        ("Corrections: January 19, 2022", dt.date(2022, 1, 19), "The New York Times", ""),
    ]
    first, second, third = found.articles
    stated_words = sum(len(paragraph.split()) for paragraph in census)
    assert (first.key, first.words, first.language) == ("2637783411", stated_words, "en")
    assert first.text == "\n\n".join(
        [census[0], census[1], "Through the Pandemic\u2019s Throes", census[3]]
    )
    assert second.section == "A; Metropolitan Desk"
    assert second.text == "\n\n".join(subway)
    assert third.text == "An article on Tuesday misstated the number of subway riders."
    assert_clean(
        found.articles,
        "Enlarge",
        "caption",
        "Links",
        "Subject",
        "ProQuest",
        "Database",
        "None available",
        "Late Edition",
    )


def pq_old_document(
    doc_id: str,
    title: str,
    author: str,
    info: str,
    story: list[str],
    fields: list[tuple[str, str]],
    html_start: str = "<html>",
) -> str:
    """A document of a delivery of 2020: "Publication info" instead of a citation line, and an
    abstract whose <body> tags break the paragraph it stands in; some deliveries lose the "<"
    of the <html> tag inside the <Text> element ("html&gt;")."""
    paragraphs = "".join(f"<p>{paragraph}</p>              " for paragraph in story)
    return (
        '<div style="margin-bottom:20px;border-bottom:2px solid #ccc;padding-bottom:5px">'
        f'<a name="DocID_MSTAR_{doc_id}"></a><p {_PQ_STYLE}></p>'
        f'<p style="font-size:11pt;font-weight:bold;">{title}</p>'
        + pq_field("Author", author)
        + pq_field("Publication info", info)
        + f'<p {_PQ_STYLE}><a href="https://search.proquest.com/docview/{doc_id}">ProQuest '
        "document link</a></p>"
        + f"<p {_PQ_STYLE}><strong>Abstract:  </strong><body></p><p {_PQ_STYLE}>"
        f"{story[-1]}</p><p {_PQ_STYLE}></body></p>"
        + '<div style="clear:both"></div><div><strong>Links: </strong><a href="https://ucelinks.'
        'example/sfx_local?genre=article">UC-eLinks</a></div><div style="clear:both"></div>'
        + f'<p {_PQ_STYLE}><strong>Full text: </strong><Text WordCount="239" HTMLContent="true">'
        f'{html_start}<head>         <meta name="ValidationSchema" content="x">     <title></title>'
        f"  </head>            <body>              {paragraphs}</body>          </html></Text>"
        "</p>" + "".join(pq_field(label, value) for label, value in fields) + "</div>"
    )


def latimes_delivery(html_start: str) -> str:
    def fields(date: str, doc_id: str, section: str) -> list[tuple[str, str]]:
        return [
            ("Subject", "Banking industry; Deposit insurance"),
            ("Location", "Los Angeles California"),
            ("Publication title", "Los Angeles Times; Los Angeles, Calif."),
            ("Pages", "AA.2"),
            ("Publication year", date[-4:]),
            ("Publication date", date),
            ("Section", section),
            ("Publisher", "Los Angeles Times Communications LLC"),
            ("Source type", "Newspapers"),
            ("Language of publication", "English"),
            ("Document type", "News"),
            ("ProQuest document ID", doc_id),
            ("Document URL", f"https://search.proquest.com/docview/{doc_id}"),
            ("Copyright", "(Copyright (c) 2010 Los Angeles Times)"),
            ("Last updated", "2017-11-07"),
            ("Database", "U.S. Major Dailies"),
        ]

    documents = pq_old_document(
        "251439970",
        "City National expands again; It acquires 1st Pacific Bank of California.",
        "Olivarez-Giles, Nathan",
        "Los Angeles Times ; Los Angeles, Calif. [Los Angeles, Calif]08 May 2010: AA.2.",
        [
            "Los Angeles-based City National Bank got a little bigger late Friday.",
            "With 3,000 employees, City National has no plans to change 1st Pacific's payroll.",
        ],
        fields("May 8, 2010", "251439970", "LATExtra; Part AA; Business Desk"),
        html_start,
    ) + pq_old_document(
        "422208782",
        "FINANCIAL CRISIS; Downey, PFF seized by regulators",
        "Reckard, E Scott; Hsu, Tiffany",
        "Los Angeles Times ; Los Angeles, Calif. [Los Angeles, Calif]22 Nov 2008: C.1.",
        [
            "Federal regulators seized Downey Savings &amp; Loan and PFF Bank &amp; Trust.",
            "The banks' branches will continue operating as usual.",
        ],
        fields("Nov 22, 2008", "422208782", "Business; Part C; Business Desk"),
    )
    return (
        '<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><meta content="Apache '
        'Tapestry Framework (version 5.3.8)" name="generator"><title>ProQuest Export</title>'
        '</head><body style="font-family:Arial;"><table cellpadding="0" width="100%"><tr '
        'bgcolor="#006194"><td></td><td><div class="headerTextContainer"><span class="headerText">'
        "All documents are reproduced with the permission of the copyright owner. Further "
        "reproduction or distribution is prohibited without permission.<br>\nPlease do not reply"
        ' directly to this email.</span></div></td></tr></table><div class="mainCopyBlock">\n'
        "John Smith sent you the following:\n</div><p>Email 4 of 5</p>"
        + documents
        + '<div class="copyright">Copyright \u00a9 2020 ProQuest LLC. All rights reserved.</div>'
        "</body></html>"
    )


@pytest.mark.parametrize("html_start", ["<html>", "html&gt;"])  # a start tag lost, or not
def test_proquest_delivery_of_2020_with_publication_info_and_broken_tags(
    html_start: str, tmp_path: Path, rules: Rules
) -> None:
    found = read_articles(pq_email(tmp_path / "latimes.eml", latimes_delivery(html_start)), rules)
    assert summary(found) == [
        (
            "City National expands again; It acquires 1st Pacific Bank of California.",
            dt.date(2010, 5, 8),
            "Los Angeles Times",
            "Olivarez-Giles, Nathan",
        ),
        (
            "FINANCIAL CRISIS; Downey, PFF seized by regulators",
            dt.date(2008, 11, 22),
            "Los Angeles Times",
            "Reckard, E Scott; Hsu, Tiffany",
        ),
    ]
    first, second = found.articles
    assert first.text == (
        "Los Angeles-based City National Bank got a little bigger late Friday.\n\n"
        "With 3,000 employees, City National has no plans to change 1st Pacific's payroll."
    )
    assert second.section == "Business; Part C; Business Desk"
    assert second.text.startswith("Federal regulators seized Downey Savings & Loan")
    assert_clean(found.articles, "html>", "reproduced", "Email 4", "sent you", "UC-eLinks")


def test_proquest_delivery_of_many_documents_in_another_charset(
    tmp_path: Path, rules: Rules
) -> None:
    outlet = "Le Monde; Paris"
    documents = "".join(
        pq_document(
            f"18{number:08d}",
            f"Le port rel\u00e8ve ses tarifs, \u00e9pisode {number}",
            "Dupont, Marie",
            "Le Monde; Paris",
            f"{number} mars 2021",
            [f"Le conseil portuaire a relev\u00e9 ses tarifs pour la {number}e fois."],
            pq_fields(outlet, f"Mar {number}, 2021", f"18{number:08d}", "International"),
        )
        for number in range(1, 26)
    )
    page = pq_page(documents.replace("\u2009", " "), "fr")  # no thin space in Latin-1
    path = pq_email(tmp_path / "ProQuest-25.eml", page, "iso-8859-1")
    found = read_articles(path, rules)
    assert len(found.articles) == 25
    assert found.problems == []
    assert [a.date for a in found.articles] == [dt.date(2021, 3, n) for n in range(1, 26)]
    assert {a.source for a in found.articles} == {"Le Monde"}
    assert found.articles[11].title == "Le port rel\u00e8ve ses tarifs, \u00e9pisode 12"
    assert (
        found.articles[24].text == "Le conseil portuaire a relev\u00e9 ses tarifs pour la 25e fois."
    )
    assert [a.part for a in found.articles] == list(range(1, 26))


def test_proquest_text_download_of_historical_fulltext_titles(tmp_path: Path, rules: Rules) -> None:
    """The historical archives name their outlets "Los Angeles Times (pre-1997 Fulltext)"."""
    rule = "_" * 60
    record = (
        "Document 1 of 1\n\nQuake jolts Southland\n\nAuthor: By Jane Smith, Times Staff Writer\n\n"
        "Publication info: Los Angeles Times (pre-1997 Fulltext) [Los Angeles, Calif] 18 Jan 1994:"
        " A1.\n\nFull text: A strong earthquake jolted Southern California before dawn.\n\n"
        "Publication title: Los Angeles Times (pre-1997 Fulltext); Los Angeles, Calif.\n\n"
        "Publication date: Jan 18, 1994\n\nProQuest document ID: 282148843"
    )
    text = f"{rule}\n\nReport Information from ProQuest\n\n{rule}\n\n{record}\n\n{rule}\n"
    found = read(tmp_path, "ProQuestDocuments-1994.txt", text, rules)
    assert summary(found) == [
        (
            "Quake jolts Southland",
            dt.date(1994, 1, 18),
            "Los Angeles Times",
            "Jane Smith, Times Staff Writer",
        )
    ]
    assert found.articles[0].text == "A strong earthquake jolted Southern California before dawn."
