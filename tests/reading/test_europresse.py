"""Europresse exports: the older table layout and the newer <article> layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from searchapp.core.reading import read_articles
from searchapp.core.reading.exports import europresse
from searchapp.core.reading.html import parse_page, read_markup
from searchapp.core.reading.rules import Rules


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def article(
    outlet: str,
    header: str,
    title: str,
    paragraphs: list[str],
    authors: str | None = None,
    number: str = "news·20060314·LM·0q1403_1255263",
) -> str:
    """One document of the newer layout: header, section, aside, footer with the number."""
    author = f'<div class="docAuthors">{authors}</div>' if authors else ""
    text = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        '<article><header><img src="lm_small.gif"/>'
        f'<div><span class="DocPublicationName">{outlet}   </span></div>'
        f'<div><span class="DocHeader">{header}</span></div><div><p>RUBRIQUE</p></div>'
        f'<div class="titreArticle"><p class="sm-margin-bottom">SURTITRE</p>'
        f'<p class="titreArticleVisu">{title}</p></div>{author}</header>'
        f'<section><div class="DocText"><div class="docOcurrContainer">{text}</div></div>'
        "</section><aside><div><b>Note(s) : </b><p>Une note.</p></div></aside>"
        "<footer><small>© 2006 Le Journal. Tous droits réservés.</small>"
        f"<p>Numéro de document : {number}</p>"
        f'<div id="divPubliC"><span id="PubliC_lblNodoc">{number}</span>'
        "<span>Ce certificat est émis à des fins de visualisation personnelle.</span></div>"
        "</footer></article>"
    )


def page(*articles: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title></title></head><body>'
        + "".join(articles)
        + "</body></html>"
    )


def test_sample_older_layout(exports_corpus: Path, rules: Rules) -> None:
    # The sample declares ISO-8859-1 but is written in UTF-8: read its text as written.
    text = (exports_corpus / "europresse-sample.html").read_text("utf-8")
    reading = read_markup(text, rules)
    exports = [raw.export for raw in reading.articles]
    assert [e["title"] for e in exports] == [
        "A heading: some text",
        "Another heading with colored text inside",
        "Heading",
    ]
    assert [e["source"] for e in exports] == ["l'Humanité", "Mag", "Magazine 1"]
    assert [e["date"] for e in exports] == ["5 octobre 2013", "3 octobre 2012", "4 octobre 2012"]
    assert [e.get("section") for e in exports] == ["Politique", None, "Éditorial"]
    assert [e.get("byline") for e in exports] == [None, "Second Author", "Author Name"]
    assert exports[2]["key"] == "news·20111003·MAG·156190"
    bodies = [raw.body for raw in reading.articles]
    assert bodies == [
        "Some text, and a few accentuated characters: éèêù. Continuation. More text, a sentence."
        "\n\nTest.",
        "Contents of the article.\n\n(1) A note.",
        "This is a test: a test",
    ]


def test_newer_layout_through_the_page_reader(tmp_path: Path, rules: Rules) -> None:
    html = page(
        article(
            "Le Journal, no. 19023",
            "Politique, mardi 14 mars 2006, p. 12",
            'Le port relève ses <mark>tarifs</mark> <span style="color:red">portuaires</span>',
            ["Le conseil portuaire a relevé ses tarifs.", "Les armateurs protestent."],
            authors="Marie Dupont",
        ),
        article(
            "Le Journal",
            "Économie, samedi 1er avril 2006, p. MDE6",
            "La grève des ferries prend fin",
            ["Les ferries reprennent leur service."],
            number="news·20060401·LM·0mde1106_1251466",
        ),
    )
    found = read_articles(write(tmp_path, "europresse.html", html), rules)
    assert [a.title for a in found.articles] == [
        "Le port relève ses tarifs portuaires",
        "La grève des ferries prend fin",
    ]
    first, second = found.articles
    assert (first.date, first.date_origin) == (dt.date(2006, 3, 14), "export")
    assert (first.source, first.section, first.byline) == (
        "Le Journal",
        "Politique",
        "Marie Dupont",
    )
    assert first.key == "news·20060314·LM·0q1403_1255263"
    assert first.text == "Le conseil portuaire a relevé ses tarifs.\n\nLes armateurs protestent."
    assert (second.date, second.section, second.byline) == (dt.date(2006, 4, 1), "Économie", "")
    assert second.key == "news·20060401·LM·0mde1106_1251466"
    for doc in found.articles:
        for leftover in (
            "©",
            "Numéro de document",
            "certificat",
            "Note(s)",
            "RUBRIQUE",
            "SURTITRE",
        ):
            assert leftover not in doc.text


def test_english_header_and_author_line_after_the_headline(rules: Rules) -> None:
    html = page(
        "<article><header>"
        '<div><span class="DocPublicationName">The Harbour Gazette</span></div>'
        '<div><span class="DocHeader">Business, Thursday, October 4, 2012, p. 5</span></div>'
        '<div class="titreArticle"><p class="titreArticleVisu">Harbour fees rise</p></div>'
        "<div>Jane Smith</div></header>"
        "<section><p>The harbour board raised its fees.</p></section>"
        "<footer><small>© 2012 The Harbour Gazette. All rights reserved.</small>"
        "<p>Document number: news·20121004·HG·0001</p></footer></article>"
    )
    reading = europresse.from_html(parse_page(html), rules)
    assert reading is not None
    raw = reading.articles[0]
    assert raw.export == {
        "title": "Harbour fees rise",
        "source": "The Harbour Gazette",
        "byline": "Jane Smith",
        "key": "news·20121004·HG·0001",
        "date": "Thursday, October 4, 2012",
        "section": "Business",
    }
    assert raw.body == "The harbour board raised its fees."


def test_missing_date_leaves_the_date_to_the_rules(tmp_path: Path, rules: Rules) -> None:
    html = page(article("Le Journal", "Politique", "Sans date", ["Le conseil s'est réuni mardi."]))
    doc = read_articles(write(tmp_path, "nodate.html", html), rules).articles[0]
    assert (doc.title, doc.source, doc.section) == ("Sans date", "Le Journal", "Politique")
    assert doc.date_origin != "export"


def test_document_without_a_headline(rules: Rules) -> None:
    html = page(
        "<article><header>"
        '<div><span class="DocPublicationName">Le Journal</span></div>'
        '<div><span class="DocHeader">Brèves, lundi 13 mars 2006, p. 32</span></div></header>'
        "<section><p>Le conseil portuaire s'est réuni lundi.</p></section></article>"
    )
    raw = europresse.from_html(parse_page(html), rules).articles[0]
    assert raw.export == {"source": "Le Journal", "date": "13 mars 2006", "section": "Brèves"}
    assert raw.body == "Le conseil portuaire s'est réuni lundi."


def test_web_page_with_a_title_class_is_no_export(tmp_path: Path, rules: Rules) -> None:
    html = (
        "<html><head><title>Europresse - Harbour Gazette</title></head><body><article>"
        '<h1 class="titreArticleVisu">Europresse adds the Harbour Gazette</h1>'
        '<p class="DocHeader">Thursday, October 4, 2012</p>'
        "<p>The press database Europresse now carries the Harbour Gazette.</p>"
        "</article></body></html>"
    )
    assert europresse.from_html(parse_page(html), rules) is None
    assert len(read_articles(write(tmp_path, "page.html", html), rules).articles) == 1
