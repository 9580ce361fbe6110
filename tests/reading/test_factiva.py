"""Factiva exports: the article and indexing layouts in HTML and text, and Factiva XML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from searchapp.core.reading import read_articles
from searchapp.core.reading.exports import factiva_page, factiva_text, factiva_xml
from searchapp.core.reading.html import parse_page
from searchapp.core.reading.rules import Rules


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def page(articles: str) -> str:
    """A saved Factiva page: navigation, then the articles inside the page's form."""
    return (
        "<html><head><title>Factiva</title></head><body>"
        "<div id='navcontainer'><h1>Factiva</h1><span>Dow Jones</span></div>"
        "<form name='PageBaseForm' method='post'><div id='contentWrapper'>"
        f"{articles}"
        "</div><div id='pageFooter'><span class='copyright'>© 2018 Factiva, Inc. All rights "
        "reserved.</span></div></form></body></html>"
    )


def article_div(
    an: str | None,
    lang: str,
    divs: list[str],
    paragraphs: list[str],
    trailer: str = "Document",
    section: str | None = None,
    headline: str = "",
    publisher: str = "Harbour Media Limited",
) -> str:
    """One article of the article layout: outer div (with the AN as id in newer exports),
    inner language div, unlabelled field divs, then paragraphs and the Document line."""
    outer = f'<div id="article-{an}" class="article">' if an else '<div class="article">'
    fields = "".join(f"<div>{text}</div>" for text in divs)
    body = "".join(
        f'<p class="articleParagraph {lang}articleParagraph">{text}</p>' for text in paragraphs
    )
    return (
        f'{outer}<div class="article {lang}Article"><p>\n'
        + (f"<div>{section}</div>" if section else "")
        + f'<div id="hd"><span class="{lang}Headline">{headline}</span></div>{fields}</p>'
        f"{body}<p>{publisher}</p><p>{trailer} {an or 'HRBR000020200101eg110000z'}</p></div></div>"
        "<br/><span></span>"
    )


# --- The shared samples -----------------------------------------------------------------------


def test_sample_html_indexing_layout(exports_corpus: Path, rules: Rules) -> None:
    found = read_articles(exports_corpus / "factiva-sample.html", rules)
    assert [a.title for a in found.articles] == ["Test 1", "Test 2"]
    first, second = found.articles
    assert (first.date, first.date_origin) == (dt.date(2011, 12, 29), "export")
    assert second.date == dt.date(2011, 12, 29)
    assert (first.source, second.source) == ("Test newspaper", "Ouest France")
    assert (first.key, second.key) == ("TESTFR0020111229e7ct0001r", "TESTFR0020111229e7ct0015j")
    assert (first.words, second.words) == (295, 65)
    assert first.language == "fr"
    assert (first.section, second.section) == ("", "Infolocale")
    assert first.text == (
        "First head paragraph, with a few non-ASCII characters: à la française.\n\n"
        "Second head paragraph.\n\nThird paragraph.\n\nFourth and last paragraph."
    )
    assert second.text == "First head paragraph.\n\nSecond head paragraph."
    for article in found.articles:
        for leftover in ("Document", "TESTFR", "gcat", "(c) Test", "HD", "Factiva", "PUB"):
            assert leftover not in article.text
    assert found.problems == []


def test_sample_xml(exports_corpus: Path, rules: Rules) -> None:
    reading = factiva_xml.from_xml((exports_corpus / "factiva-sample.xml").read_bytes(), rules)
    assert reading is not None and reading.stated == 3
    exports = [raw.export for raw in reading.articles]
    assert [e["title"] for e in exports] == [
        "TEST - first test article",
        "TEST - second article de test",
        "TEST - third test article",
    ]
    assert [e["date"][:10] for e in exports] == ["2012-01-09", "2012-01-06", "2012-05-06"]
    assert {e["source"] for e in exports} == {"My Newspaper"}
    assert [e["key"] for e in exports] == [
        "TEST0000020120109e51700030",
        "TEST0000020120109e51700031",
        "TEST0000020120109e51700032",
    ]
    assert [e["language"] for e in exports] == ["EN", "FR", "EN"]
    assert [e["words"] for e in exports] == ["942", "780", "531"]
    second = reading.articles[1].body
    assert second == (
        "Voici le chapeau du premier article de test.\n\n"
        "Voici le corps du second article de test. Et un mot accentué."
    )
    assert "NOTE" not in second and "Corporation" not in second and "Grain" not in second


def test_sample_xml_through_the_xml_reader(exports_corpus: Path, rules: Rules) -> None:
    found = read_articles(exports_corpus / "factiva-sample.xml", rules)
    assert [a.date for a in found.articles] == [
        dt.date(2012, 1, 9),
        dt.date(2012, 1, 6),
        dt.date(2012, 5, 6),
    ]
    assert [a.language for a in found.articles] == ["en", "fr", "en"]
    assert {a.source for a in found.articles} == {"My Newspaper"}
    assert found.problems == []


# --- The article layout in HTML ---------------------------------------------------------------


def test_article_layout_with_section_author_edition_and_highlights(
    tmp_path: Path, rules: Rules
) -> None:
    # The first as Factiva writes it: the author's div is marked, edition and page follow.
    articles = (
        '<div id="article-IINM000020171017edah0004y" class="article">'
        '<div class="article enArticle"><p>\n</p><div>News</div>'
        '<div id="hd"><span class="enHeadline">Groups urge <b>Dáil</b> to reverse cuts</span>'
        '</div><div class="author">Charlie Weston </div><div>419 words</div>'
        "<div>17 October 2017</div><div>Irish Independent</div><div>IINM</div>"
        "<div>1; National</div><div>16</div><div>English</div>"
        "<div>(c) 2017 Independent Newspapers Ireland Ltd </div><p></p>"
        '<p class="articleParagraph enarticleParagraph">THREE groups call for the <b>Dáil</b> '
        'to vote, said the <span class="companylink">Irish Congress of Trade Unions</span>.</p>'
        '<p class="articleParagraph enarticleParagraph">The issue is due tomorrow.</p>'
        "<p>Independent Newspapers Ireland Limited</p>"
        "<p>Document IINM000020171017edah0004y</p></div></div><br><span></span>"
        + article_div(
            "IINM000020171016edag0003x",
            "en",
            ["445 words", "16 October 2017", "Irish Independent", "IINM", "English"],
            ["Tory MPs are negotiating.", "The bill is absent."],
            section="News",
            headline="Tory MPs want to block a 'no deal Brexit', says Labour",
        )
    )
    found = read_articles(write(tmp_path, "factiva.html", page(articles)), rules)
    assert len(found.articles) == 2  # the outer and inner article divs make one article
    first, second = found.articles
    assert first.title == "Groups urge Dáil to reverse cuts"
    assert first.byline == "Charlie Weston"
    assert (first.section, first.language, first.words) == ("News", "en", 419)
    assert (first.date, first.date_origin) == (dt.date(2017, 10, 17), "export")
    assert first.source == "Irish Independent"
    assert first.key == "IINM000020171017edah0004y"
    assert first.text == (
        "THREE groups call for the Dáil to vote, said the Irish Congress of Trade Unions."
        "\n\nThe issue is due tomorrow."
    )
    assert second.title == "Tory MPs want to block a 'no deal Brexit', says Labour"
    assert (second.byline, second.date, second.key) == (
        "",
        dt.date(2017, 10, 16),
        "IINM000020171016edag0003x",
    )
    for article in found.articles:
        for leftover in ("Document", "Limited", "(c) 2017", "IINM", "words", "English"):
            assert leftover not in article.text


def test_older_german_export_without_article_ids(rules: Rules) -> None:
    articles = article_div(
        None,
        "de",
        ["2029 Wörter", "9 Mai 1998", "Süddeutsche Zeitung", "SDDZ", "18", "Deutsch"]
        + ["(c) 1998 Süddeutsche Zeitung"],
        ["Große Erwartungen: Warum <b>Israel Kritik</b> ungern hört / Von Amos Oz", "Erstens."],
        trailer="Dokument",
        headline="Fragen an das Land von Dani, Rami und Uzi.",
    )
    reading = factiva_page.from_html(parse_page(page(articles)), rules)
    assert reading is not None and len(reading.articles) == 1
    raw = reading.articles[0]
    assert raw.export == {
        "title": "Fragen an das Land von Dani, Rami und Uzi.",
        "date": "9 Mai 1998",
        "source": "Süddeutsche Zeitung",
        "language": "Deutsch",
        "words": "2029",
        "key": "HRBR000020200101eg110000z",
    }
    assert raw.body.startswith("Große Erwartungen: Warum Israel Kritik ungern hört")
    assert "Dokument" not in raw.body and "Wörter" not in raw.body


def test_chinese_interface_dates_and_trailer(rules: Rules) -> None:
    articles = article_div(
        "DJDN000020180918ee9i00069",
        "en",
        ["411 字", "2018 年 9 月 18 日 02:00", "Dow Jones Institutional News", "DJDN", "英文"]
        + ["Copyright © 2018, Dow Jones &amp; Company, Inc."],
        ["Trump announced new tariffs.", "(END) Dow Jones Newswires"],
        trailer="文件",
        headline="News Highlights: Top Global Markets News of the Day",
        publisher="Dow Jones &amp; Company, Inc.",
    )
    reading = factiva_page.from_html(parse_page(page(articles)), rules)
    assert reading is not None
    export = reading.articles[0].export
    assert (export["date"], export["words"], export["language"]) == ("2018-09-18", "411", "英文")
    assert export["source"] == "Dow Jones Institutional News"
    assert export["key"] == "DJDN000020180918ee9i00069"


def test_missing_date_leaves_the_date_to_the_rules(tmp_path: Path, rules: Rules) -> None:
    articles = article_div(
        "HRBR000020200101eg110000z",
        "en",
        ["120 words", "Harbour Gazette", "HRBGZ", "English", "(c) 2020 Harbour Gazette"],
        ["The harbour board met on Tuesday to discuss dredging."],
        headline="Harbour board meets",
    )
    doc = read_articles(write(tmp_path, "nodate.html", page(articles)), rules).articles[0]
    assert (doc.title, doc.source, doc.words) == ("Harbour board meets", "Harbour Gazette", 120)
    assert doc.date_origin != "export"
    assert doc.text == "The harbour board met on Tuesday to discuss dredging."


# --- Text: RTF and plain-text exports ---------------------------------------------------------


def test_article_layout_text_in_german_with_search_summary(tmp_path: Path, rules: Rules) -> None:
    text = (
        "Meinung\n"
        "MEINUNG ZU 50 JAHRE ISRAEL\n"
        "Hans Müller\n"
        "664 Wörter\n"
        "18 April 1998\n"
        "Passauer Neue Presse\n"
        "PNP\n"
        "Deutsch\n"
        "(c) 1998 Passauer Neue Presse\n"
        "\n"
        "Erster Absatz über Israel.\n"
        "\n"
        "Zweiter Absatz.\n"
        "\n"
        "Neue Presse Verlags-GmbH\n"
        "\n"
        "Dokument pnp0000020010926du4i003v3\n"
        "\n"
        "Fragen an das Land von Dani, Rami und Uzi\n"
        "2029 Wörter\n"
        "9 Januar 1993\n"
        "Süddeutsche Zeitung\n"
        "SDDZ\n"
        "18\n"
        "Deutsch\n"
        "(c) 1993 Süddeutsche Zeitung\n"
        "Große Erwartungen: Warum Israel Kritik ungern hört.\n"
        "Dokument sddz000020010927du5900a1e\n"
        "\n"
        "Search Summary\n"
        "Text\tisrael\n"
        "Date\t01/01/1993 to 12/31/1998\n"
    )
    found = read_articles(write(tmp_path, "factiva.txt", text), rules)
    first, second = found.articles
    assert (first.section, first.title, first.byline) == (
        "Meinung",
        "MEINUNG ZU 50 JAHRE ISRAEL",
        "Hans Müller",
    )
    assert (first.date, first.source, first.words) == (
        dt.date(1998, 4, 18),
        "Passauer Neue Presse",
        664,
    )
    assert first.text == "Erster Absatz über Israel.\n\nZweiter Absatz."
    assert second.title == "Fragen an das Land von Dani, Rami und Uzi"
    assert (second.date, second.key) == (dt.date(1993, 1, 9), "sddz000020010927du5900a1e")
    assert second.text == "Große Erwartungen: Warum Israel Kritik ungern hört."
    assert "Search Summary" not in second.text


def test_article_layout_text_in_french_with_a_line_before_the_date(rules: Rules) -> None:
    text = (
        "Le port relève ses tarifs\n"
        "1.234 mots\n"
        "Rectificatif joint\n"
        "29 décembre 2011\n"
        "15:32\n"
        "Ouest France\n"
        "OUESTF\n"
        "Français\n"
        "\n"
        "Le conseil portuaire a relevé ses tarifs.\n"
        "Document OUESTF0020111229e7ct0001r\n"
    )
    reading = factiva_text.from_text(text, rules)
    assert reading is not None
    assert reading.articles[0].export == {
        "title": "Le port relève ses tarifs",
        "date": "29 décembre 2011",
        "source": "Ouest France",
        "language": "Français",
        "words": "1234",
        "key": "OUESTF0020111229e7ct0001r",
    }
    assert reading.articles[0].body == "Le conseil portuaire a relevé ses tarifs."


def test_indexing_layout_text(rules: Rules) -> None:
    text = (
        "SE\tBusiness\n"
        "HD\tMarkets rally on rate hopes\n"
        "BY\tJane Doe\n"
        "WC\t512 words\n"
        "PD\t3 March 2012\n"
        "ET\t10:15\n"
        "SN\tThe Daily Planet\n"
        "SC\tDLYPLN\n"
        "LA\tEnglish\n"
        "CY\t(c) 2012 Daily Planet\n"
        "LP\t\n"
        "Stocks rose sharply.\n"
        "\n"
        "IN the afternoon, traders cheered.\n"
        "TD\t\n"
        "AN ARMY of analysts agreed.\n"
        "CO\tdlypln : Daily Planet\n"
        "NS\tc1 : Corporate News | ccat : Corporate/Industrial News\n"
        "AN\tDocument DLYPLN0020120303e8330001a\n"
        "\n"
        "HD   Ferry strike ends\n"
        "WC   80 words\n"
        "PD   4 March 2012\n"
        "SN   The Daily Planet\n"
        "TD\n"
        "The ferries run again.\n"
        "AN   Document DLYPLN0020120304e8340002b\n"
    )
    reading = factiva_text.from_text(text, rules)
    assert reading is not None and len(reading.articles) == 2
    first, second = reading.articles
    assert first.export == {
        "title": "Markets rally on rate hopes",
        "byline": "Jane Doe",
        "section": "Business",
        "date": "3 March 2012",
        "source": "The Daily Planet",
        "language": "English",
        "words": "512",
        "key": "DLYPLN0020120303e8330001a",
    }
    # Lines of the story that open with a code's letters stay in the story.
    assert first.body == (
        "Stocks rose sharply.\n\nIN the afternoon, traders cheered.\n\nAN ARMY of analysts agreed."
    )
    assert (second.export["title"], second.body) == ("Ferry strike ends", "The ferries run again.")


def test_indexing_layout_rtf_table(tmp_path: Path, rules: Rules) -> None:
    rows = [
        ("HD", "Markets rally on rate hopes"),
        ("WC", "512 words"),
        ("PD", "3 March 2012"),
        ("SN", "The Daily Planet"),
        ("LP", "Stocks rose sharply.\\par IN the afternoon, traders cheered."),
        ("NS", "c1 : Corporate News"),
        ("AN", "Document DLYPLN0020120303e8330001a"),
    ]
    table = "".join(
        f"\\trowd\\cellx1000\\cellx9000\\intbl\\b {code}\\b0\\cell\\intbl {value}\\cell\\row\n"
        for code, value in rows
    )
    path = write(tmp_path, "factiva.rtf", "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\n" + table + "}")
    doc = read_articles(path, rules).articles[0]
    assert (doc.title, doc.date, doc.source) == (
        "Markets rally on rate hopes",
        dt.date(2012, 3, 3),
        "The Daily Planet",
    )
    assert doc.key == "DLYPLN0020120303e8330001a"
    assert doc.text == "Stocks rose sharply.\n\nIN the afternoon, traders cheered."


def test_a_document_line_without_fields_is_read_as_text(rules: Rules) -> None:
    text = (
        "Harbour fees rise\n120 words\n3 March 2012\nThe Daily Planet\nDLYPLN\nEnglish\n\n"
        "Fees rose.\nDocument DLYPLN0020120303e8330001a\n"
        "A note pasted between the articles.\nDocument DLYPLN0020120304e8340002b\n"
    )
    reading = factiva_text.from_text(text, rules)
    assert reading is not None and len(reading.articles) == 2
    assert reading.articles[1].body == "A note pasted between the articles."
    assert reading.problems == [
        "Factiva document DLYPLN0020120304e8340002b has no headline and word count: read as text"
    ]


# --- What is not a Factiva export -------------------------------------------------------------


def test_news_story_that_mentions_factiva_is_one_article(tmp_path: Path, rules: Rules) -> None:
    text = (
        "Dow Jones sells stake in Factiva\n\n"
        "NEW YORK, March 3 (Reuters) - Dow Jones said on Monday it would buy out Reuters' "
        "half of Factiva, the news database.\n"
        "Document 2006030300012345678ABCDEF\n"
        "Reporting by Jane Doe\n"
    )
    found = read_articles(write(tmp_path, "story.txt", text), rules)
    assert len(found.articles) == 1
    assert found.articles[0].title == "Dow Jones sells stake in Factiva"
    assert factiva_text.from_text(text, rules) is None


def test_web_page_with_an_article_div_is_not_an_export(tmp_path: Path, rules: Rules) -> None:
    html = (
        "<html><head><title>Factiva turns 25 - Harbour Gazette</title></head><body>"
        "<form><div class='article'><h1 class='articleHeadline'>Factiva turns 25</h1>"
        "<div class='byline'>By Jane Doe</div><div class='date'>3 March 2024</div>"
        "<p class='articleParagraph'>The news database Factiva, owned by Dow Jones, "
        "turned 25 this week.</p><p>Document archive</p></div></form></body></html>"
    )
    assert factiva_page.from_html(parse_page(html), rules) is None
    found = read_articles(write(tmp_path, "page.html", html), rules)
    assert len(found.articles) == 1
    assert found.articles[0].date_origin != "export"


def test_xml_of_another_kind_is_not_taken(rules: Rules) -> None:
    data = b'<?xml version="1.0"?><rss><channel><item><title>x</title></item></channel></rss>'
    assert factiva_xml.from_xml(data, rules) is None


def test_xml_with_an_external_entity_is_not_expanded(tmp_path: Path, rules: Rules) -> None:
    secret = write(tmp_path, "secret.txt", "SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<r><article><accessionNo>HRBR000020200101eg110000z</accessionNo>"
        "<headline><paragraph>Harbour &x; fees</paragraph></headline>"
        "<tailParagraphs><paragraph>Fees rose.</paragraph></tailParagraphs></article></r>"
    ).encode()
    reading = factiva_xml.from_xml(data, rules)
    assert reading is not None
    assert "SECRET" not in reading.articles[0].export.get("title", "")
    assert reading.articles[0].body == "Fees rose."
