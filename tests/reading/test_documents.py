"""Document and container formats: PDF, DOCX, ODT, RTF, EPUB, mail (EML, MBOX, MHTML), Safari
web archives and XML, each built here, read through read_articles."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from searchapp.core.reading import Article, SkipFile, exports, formats, read_articles
from searchapp.core.reading.article import RawArticle, Reading
from searchapp.core.reading.metadata import UNKNOWN_SOURCE
from searchapp.core.reading.rules import Rules
from tests.shapes import (
    docx_bytes,
    epub_bytes,
    mail_bytes,
    mbox_bytes,
    odt_bytes,
    pdf_bytes,
    webarchive_bytes,
    word_paragraph,
    xhtml,
)


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def read_one(path: Path, rules: Rules) -> Article:
    found = read_articles(path, rules)
    assert len(found.articles) == 1, [a.title for a in found.articles]
    return found.articles[0]


def no_markup(text: str) -> bool:
    return not any(mark in text for mark in ("<", "/>", "{\\", "\\par", "w:t", "=3D", "=C3"))


STORY = (
    "PORT ELWYN, 6th December 2024 - The harbour board reopened the eastern quay on Friday "
    "after a week of repairs, and fishing boats returned to their berths by the evening."
)


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_text_layer_is_read_as_a_plain_article(tmp_path: Path, rules: Rules) -> None:
    lines = [
        "Harbour reopens after the storm",
        "PORT ELWYN, 6th December 2024 - The harbour board reopened the eastern",
        "quay on Friday, the caf\u00e9 owners on the front said.",
    ]
    doc = read_one(
        write(tmp_path, "harbour.pdf", pdf_bytes([lines, ["Page two holds the end."]])), rules
    )
    assert doc.title == "Harbour reopens after the storm"
    assert (doc.date, doc.date_origin) == (dt.date(2024, 12, 6), "dateline")
    assert doc.text.split("\n") == [*lines, "Page two holds the end."]
    assert "\r" not in doc.text


def test_pdf_title_property_names_the_article_unless_it_is_a_file_name(
    tmp_path: Path, rules: Rules
) -> None:
    page = [["The board met on Friday.", STORY]]
    named = read_one(
        write(tmp_path, "a.pdf", pdf_bytes(page, title="Quay reopens in Port Elwyn")), rules
    )
    assert named.title == "Quay reopens in Port Elwyn"
    for placeholder in ("Microsoft Word - quay.docx", "untitled", "Document1", "quay.pdf"):
        doc = read_one(write(tmp_path, "b.pdf", pdf_bytes(page, title=placeholder)), rules)
        assert doc.title == "The board met on Friday."


def test_pdf_line_end_hyphens_are_joined(tmp_path: Path, rules: Rules) -> None:
    doc = read_one(
        write(tmp_path, "h.pdf", pdf_bytes([["The minis-", "ter spoke on Friday."]])), rules
    )
    assert "minister" in doc.text
    assert "\x02" not in doc.text and "\ufffe" not in doc.text


# --- DOCX and ODT ----------------------------------------------------------------------------


def test_docx_runs_tabs_breaks_and_tables(tmp_path: Path, rules: Rules) -> None:
    body = (
        word_paragraph("Quay ", "reopens", " in Port Elwyn")
        + '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>Byline</w:t></w:r><w:r><w:tab/><w:t>Jane Roe</w:t><w:br/>"
        "<w:t>Staff writer</w:t></w:r></w:p>"
        + word_paragraph(STORY[:60], STORY[60:])
        + '<w:p><w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><w:r><w:t>Read the</w:t></w:r></w:hyperlink>'
        '<w:r><w:t xml:space="preserve"> board\'s notice</w:t></w:r>'
        "<w:del><w:r><w:delText>withdrawn words</w:delText></w:r></w:del>"
        '<w:r><w:instrText> HYPERLINK "https://example.org" </w:instrText></w:r>'
        "<w:r><w:t>.</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc>"
        + word_paragraph("Berths")
        + "</w:tc><w:tc>"
        + word_paragraph("12")
        + word_paragraph("(east)")
        + "</w:tc></w:tr><w:tr><w:tc>"
        + word_paragraph("Fee")
        + "</w:tc><w:tc>"
        + word_paragraph("8 pct")
        + "</w:tc></w:tr></w:tbl>"
        # A text box: Word writes it twice, the second time as a fallback for old readers.
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>Box text</w:t>'
        "</mc:Choice><mc:Fallback><w:t>Box text</w:t></mc:Fallback></mc:AlternateContent>"
        "</w:r></w:p>"
    )
    doc = read_one(write(tmp_path, "quay.docx", docx_bytes(body)), rules)
    assert doc.text.split("\n") == [
        "Quay reopens in Port Elwyn",
        "Byline\tJane Roe",
        "Staff writer",
        STORY,
        "Read the board's notice.",
        "Berths\t12 (east)",
        "Fee\t8 pct",
        "Box text",
    ]
    assert doc.title == "Quay reopens in Port Elwyn"
    assert doc.date == dt.date(2024, 12, 6)


def test_docx_title_property_but_never_its_creation_date(tmp_path: Path, rules: Rules) -> None:
    body = word_paragraph("The board met on Friday and said the quay would reopen.")
    doc = read_one(
        write(tmp_path, "a.docx", docx_bytes(body, title="Port Elwyn quay to reopen")), rules
    )
    assert doc.title == "Port Elwyn quay to reopen"
    assert doc.date != dt.date(2001, 2, 3)
    assert doc.date_origin == "file"
    plain_title = read_one(write(tmp_path, "b.docx", docx_bytes(body, title="Normal.dotm")), rules)
    assert plain_title.title.startswith("The board met on Friday")


def test_docx_paragraphs_reach_the_export_readers_as_lines(
    tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def capture(text: str, rules: Rules) -> Reading | None:
        seen.append(text)
        return None

    monkeypatch.setattr(exports, "from_text", capture)
    body = word_paragraph("Documents (2)") + word_paragraph("Length:\u00a0", "677 words")
    read_articles(write(tmp_path, "export.docx", docx_bytes(body)), rules)
    assert seen == ["Documents (2)\nLength:\u00a0677 words"]


def test_nexis_uni_docx_sample_gives_its_paragraphs_as_lines(
    exports_corpus: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    monkeypatch.setattr(exports, "from_text", lambda text, rules: seen.append(text))
    read_articles(exports_corpus / "nexis-uni-sample.DOCX", rules)
    lines = seen[0].split("\n")
    assert "Documents (10)" in lines
    assert "1. Lorem ipsum dolor sit amet" in lines
    assert "Content Type\tNarrowed by" in lines
    assert lines.count("End of Document") == 10
    assert no_markup(seen[0])


def test_odt_paragraphs_spans_spaces_notes_and_tables(tmp_path: Path, rules: Rules) -> None:
    body = (
        "<text:h>Quay reopens in <text:span>Port Elwyn</text:span></text:h>"
        '<text:p>Column<text:tab/>two<text:s text:c="3"/>spaced<text:line-break/>next</text:p>'
        f"<text:p>{STORY[:60]}<text:span>{STORY[60:]}</text:span>"
        "<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>A note"
        "</text:p></text:note-body></text:note></text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>Berths</text:p>"
        "</table:table-cell><table:table-cell><text:p>12</text:p></table:table-cell>"
        "</table:table-row></table:table>"
    )
    doc = read_one(
        write(tmp_path, "quay.odt", odt_bytes(body, title="Port Elwyn quay reopens")), rules
    )
    assert doc.text.split("\n") == [
        "Quay reopens in Port Elwyn",
        "Column\ttwo   spaced",
        "next",
        STORY,
        "Berths\t12",
    ]
    assert doc.title == "Port Elwyn quay reopens"
    assert doc.date == dt.date(2024, 12, 6)


# --- RTF -------------------------------------------------------------------------------------

RTF_STORY = (
    rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman\fcharset0 Times;}"
    rb"{\f1\fswiss\fcharset204 Arial;}}{\colortbl;\red0\green0\blue0;}"
    rb"{\info{\title Port Elwyn quay reopens}{\author Jane Roe}{\creatim\yr2001\mo2\dy3}}"
    rb"{\*\generator Writer;}\pard\plain\f0 {\b Quay reopens in Port Elwyn}\par "
    rb"PORT ELWYN, 6th December 2024 - The caf\'e9 owners said the board\rquote s "
    rb"\u8220\'93new\u8221\'94 fees start in {\f1 \'cc\'e0\'f0\'f2} March.\par "
    rb"{\field{\*\fldinst HYPERLINK \"https://example.org\"}{\fldrslt Read the notice}}\par "
    rb"{\pict\pngblip 89504e470d0a1a0a}"
    rb"\trowd\cellx2000\cellx4000 Berths\cell 12\cell\row "
    rb"{\footer Page 1}}"
)


def test_rtf_text_with_escapes_fields_and_tables(tmp_path: Path, rules: Rules) -> None:
    doc = read_one(write(tmp_path, "quay.rtf", RTF_STORY), rules)
    assert doc.text.split("\n") == [
        "Quay reopens in Port Elwyn",
        "PORT ELWYN, 6th December 2024 - The caf\u00e9 owners said the board\u2019s "
        "\u201cnew\u201d fees start in \u041c\u0430\u0440\u0442 March.",
        "Read the notice",
        "Berths\t12",
    ]
    assert doc.title == "Port Elwyn quay reopens"
    assert doc.date == dt.date(2024, 12, 6)
    assert no_markup(doc.text)


def test_rtf_is_known_by_its_first_bytes_whatever_its_name(tmp_path: Path, rules: Rules) -> None:
    doc = read_one(write(tmp_path, "quay.txt", RTF_STORY), rules)
    assert doc.text.startswith("Quay reopens in Port Elwyn\n")


def test_rtf_characters_beyond_the_basic_plane(tmp_path: Path, rules: Rules) -> None:
    rtf = rb"{\rtf1\ansi\uc1 Harbour ships \u-10179?\u-8704? wave the flag over the quay.\par}"
    doc = read_one(write(tmp_path, "e.rtf", rtf), rules)
    assert doc.text == "Harbour ships \U0001f600 wave the flag over the quay."


# --- EPUB ------------------------------------------------------------------------------------

CHAPTER_ONE = (
    "<h1>Quay reopens in Port Elwyn</h1><p>The harbour board reopened the eastern quay on Friday "
    "after a week of repairs, and fishing boats returned to their berths by the evening, the "
    "harbour master said in a statement read to the crews on the pier.</p>"
)
CHAPTER_TWO = (
    "<h1>Ferry fares rise in March</h1><p>The ferry company said fares between Port Elwyn and "
    "the islands would rise by eight percent in March, citing fuel costs and the repairs to "
    "its two older boats that were damaged in the autumn storms.</p>"
)


def test_epub_spine_chapters_with_text_are_articles_in_reading_order(
    tmp_path: Path, rules: Rules
) -> None:
    chapters = {
        "nav.xhtml": xhtml("Contents", "<nav><ol><li>Quay</li><li>Ferry</li></ol></nav>"),
        "cover.xhtml": xhtml("Cover", "<p>The Elwyn Gazette</p>"),
        "ferry.xhtml": xhtml("The Elwyn Gazette", CHAPTER_TWO),
        "quay.xhtml": xhtml("The Elwyn Gazette", CHAPTER_ONE),
    }
    metadata = (
        "<dc:title>The Elwyn Gazette [Sat, 07 Dec 2024]</dc:title>"
        "<dc:date>2024-12-07</dc:date><dc:publisher>The Elwyn Gazette</dc:publisher>"
    )
    path = write(
        tmp_path,
        "gazette.epub",
        epub_bytes(chapters, ["cover.xhtml", "nav.xhtml", "quay.xhtml", "ferry.xhtml"], metadata),
    )
    found = read_articles(path, rules)
    assert [a.title for a in found.articles] == [
        "Quay reopens in Port Elwyn",
        "Ferry fares rise in March",
    ]
    for article in found.articles:
        assert (article.date, article.source) == (dt.date(2024, 12, 7), "The Elwyn Gazette")
        assert no_markup(article.text)
    assert found.articles[1].id.endswith("gazette.epub#2")
    assert found.problems == []


def test_epub_chapter_dateline_comes_before_the_book_date(tmp_path: Path, rules: Rules) -> None:
    chapter = f"<h1>Quay reopens</h1><p>{STORY} The crews cheered on the pier.</p>"
    metadata = "<dc:title>Weekly digest</dc:title><dc:date>2024-12-14</dc:date>"
    chapters = {"quay.xhtml": xhtml("Quay", chapter), "more.xhtml": xhtml("More", CHAPTER_TWO)}
    path = write(tmp_path, "d.epub", epub_bytes(chapters, ["quay.xhtml", "more.xhtml"], metadata))
    quay, ferry = read_articles(path, rules).articles
    assert (quay.date, quay.date_origin) == (dt.date(2024, 12, 6), "dateline")
    assert (ferry.date, ferry.date_origin) == (dt.date(2024, 12, 14), "meta")


def test_epub_dates_and_publishers_that_name_the_file_not_the_text(
    tmp_path: Path, rules: Rules
) -> None:
    metadata = (
        "<dc:title>Harbour news</dc:title>"
        '<dc:date opf:event="modification">2031-01-01</dc:date>'
        "<dc:date>0101-01-01T00:00:00+00:00</dc:date>"
        "<dc:publisher>calibre</dc:publisher>"
        '<dc:contributor opf:role="bkp">calibre (7.2.0) [https://calibre-ebook.com]</dc:contributor>'
    )
    chapters = {"quay.xhtml": xhtml("Quay", CHAPTER_ONE)}
    doc = read_one(
        write(tmp_path, "b.epub", epub_bytes(chapters, ["quay.xhtml"], metadata, "")), rules
    )
    assert doc.source == UNKNOWN_SOURCE
    assert doc.date_origin == "file"
    assert doc.title == "Harbour news"  # one article: the book's own title names it


# --- Mail ------------------------------------------------------------------------------------


def test_eml_plain_message_subject_date_and_sender(tmp_path: Path, rules: Rules) -> None:
    data = mail_bytes(
        "Caf\u00e9 owners welcome the reopened quay",
        "The Elwyn Gazette <news@gazette.example.org>",
        "Sat, 07 Dec 2024 23:30:00 -0800",
        plain="The harbour board reopened the eastern quay on Friday, and the caf\u00e9 "
        "owners on the front said trade was back =3D normal.\n",
        attachment="Attached notes that are not the story.",
    )
    doc = read_one(write(tmp_path, "quay.eml", data), rules)
    assert doc.title == "Caf\u00e9 owners welcome the reopened quay"
    assert (doc.date, doc.date_origin) == (dt.date(2024, 12, 7), "header")
    assert doc.source == "The Elwyn Gazette"
    assert doc.text.startswith("The harbour board reopened the eastern quay on Friday")
    assert "caf\u00e9" in doc.text and "=3D normal" in doc.text
    assert "Attached notes" not in doc.text


def test_eml_html_part_is_read_as_a_page(tmp_path: Path, rules: Rules) -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body><h1>Quay reopens</h1>"
        f"<p>{STORY}</p><p>The board said <b>fees</b> would not rise.</p></body></html>"
    )
    data = mail_bytes(
        "Daily briefing: quay reopens",
        '"Harbour Daily" <briefing@example.org>',
        "Fri, 06 Dec 2024 07:00:00 +0000",
        plain="Plain copy of the briefing.",
        html=html,
    )
    doc = read_one(write(tmp_path, "brief.eml", data), rules)
    assert doc.title == "Daily briefing: quay reopens"
    assert doc.source == "Harbour Daily"
    assert "The board said fees would not rise." in doc.text
    assert "Plain copy" not in doc.text
    assert no_markup(doc.text) and "color: red" not in doc.text


def test_mbox_messages_are_articles_in_order(tmp_path: Path, rules: Rules) -> None:
    messages = [
        mail_bytes(
            f"Harbour notice {number}",
            "Port Office <port@example.org>",
            f"Mon, 0{number} Dec 2024 09:00:00 +0000",
            plain=f"Notice {number}: the quay closes at six.\nFrom now on, ships report early.\n",
        )
        for number in (1, 2, 3)
    ]
    path = write(tmp_path, "port.mbox", mbox_bytes(messages))
    found = read_articles(path, rules)
    assert [a.title for a in found.articles] == [f"Harbour notice {n}" for n in (1, 2, 3)]
    assert [a.date for a in found.articles] == [dt.date(2024, 12, n) for n in (1, 2, 3)]
    assert {a.source for a in found.articles} == {"Port Office"}
    # A body line that began "From " was quoted in the mailbox and is restored.
    assert found.articles[0].text.split("\n")[1] == "From now on, ships report early."
    assert found.articles[2].id.endswith("port.mbox#3")


def test_mail_delivery_of_many_articles_keeps_their_own_fields(
    tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    delivered = Reading(
        [
            RawArticle(body=f"Story {n} text.", export={"title": f"Story {n}", "source": "Gazette"})
            for n in (1, 2, 3)
        ],
        stated=3,
    )
    monkeypatch.setattr(exports, "from_html", lambda tree, rules: delivered)
    data = mail_bytes(
        "Your search alert: 3 documents",
        "Database Alerts <alerts@example.org>",
        "Fri, 06 Dec 2024 07:00:00 +0000",
        html="<html><body><p>Three documents</p></body></html>",
    )
    found = read_articles(write(tmp_path, "alert.eml", data), rules)
    assert [a.title for a in found.articles] == ["Story 1", "Story 2", "Story 3"]
    assert {a.source for a in found.articles} == {"Gazette"}
    assert found.problems == []


MHTML = (
    b"From: <Saved by Blink>\r\n"
    b"Snapshot-Content-Location: https://news.example.org/quay\r\n"
    b"Subject: Quay reopens | Elwyn Gazette\r\n"
    b"Date: Mon, 3 Mar 2025 10:00:00 -0000\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/related; type="text/html"; boundary="----MultipartBoundary--x"\r\n'
    b"\r\n"
    b"------MultipartBoundary--x\r\n"
    b"Content-Type: text/html\r\n"
    b"Content-ID: <frame-1@mhtml.blink>\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n"
    b"Content-Location: https://news.example.org/quay\r\n"
    b"\r\n"
    b'<html><head><meta charset=3D"utf-8"><meta property=3D"og:site_name" content=3D"Elwyn Ga=\r\n'
    b'zette"><meta property=3D"article:published_time" content=3D"2024-12-06T08:00:00">'
    b"</head><body><article><h1>Quay reopens</h1>"
    b"<p>The caf=C3=A9 owners said the eastern quay =\r\n"
    b"reopened on Friday after a week of repairs to its stones and its cranes.</p>"
    b"<p>Fishing boats returned to their berths by the evening.</p></article></body></html>\r\n"
    b"------MultipartBoundary--x\r\n"
    b"Content-Type: image/png\r\n"
    b"Content-Transfer-Encoding: base64\r\n"
    b"Content-Location: https://news.example.org/logo.png\r\n"
    b"\r\n"
    b"iVBORw0KGgo=\r\n"
    b"------MultipartBoundary--x--\r\n"
)


@pytest.mark.parametrize("name", ["quay.mhtml", "quay.mht", "quay.html"])
def test_mhtml_page_is_read_by_its_own_metadata(tmp_path: Path, rules: Rules, name: str) -> None:
    doc = read_one(write(tmp_path, name, MHTML), rules)
    assert doc.title == "Quay reopens"
    assert (doc.date, doc.date_origin) == (dt.date(2024, 12, 6), "meta")  # not the day it was saved
    assert doc.source == "Elwyn Gazette"
    assert "caf\u00e9 owners said the eastern quay reopened on Friday" in doc.text
    assert no_markup(doc.text)


def test_text_with_header_lines_is_not_taken_for_mail(tmp_path: Path, rules: Rules) -> None:
    text = b"From: Port Office\nDate: 2024-12-06\nSubject: Quay reopens\n\nThe quay reopened.\n"
    doc = read_one(write(tmp_path, "notice.txt", text), rules)
    assert doc.front.startswith("From: Port Office")
    assert doc.text == "The quay reopened."


# --- Safari web archives and XML -------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["UTF-8", "ISO-8859-1", None])
def test_webarchive_main_resource_is_read_as_a_page(
    tmp_path: Path, rules: Rules, encoding: str | None
) -> None:
    page = (
        "<html><head><title>Quay reopens - Elwyn Gazette</title>"
        '<meta property="og:title" content="Quay reopens after repairs">'
        '<meta charset="iso-8859-1">'
        '<meta property="article:published_time" content="2024-12-06"></head><body>'
        f"<article><h1>Quay reopens after repairs</h1><p>{STORY} The caf\u00e9 reopened too.</p>"
        "</article></body></html>"
    ).encode("latin-1" if encoding != "UTF-8" else "utf-8")
    doc = read_one(write(tmp_path, "quay.webarchive", webarchive_bytes(page, encoding)), rules)
    assert doc.title == "Quay reopens after repairs"
    assert doc.date == dt.date(2024, 12, 6)
    assert "The caf\u00e9 reopened too." in doc.text
    assert no_markup(doc.text)


def test_xml_export_is_read_by_the_export_readers(
    tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = RawArticle(body="Quay text.", export={"title": "Quay reopens", "date": "2024-12-06"})
    monkeypatch.setattr(exports, "from_xml", lambda data, rules: Reading([article], stated=1))
    doc = read_one(write(tmp_path, "export.xml", b"<?xml version='1.0'?><articles/>"), rules)
    assert (doc.title, doc.date) == ("Quay reopens", dt.date(2024, 12, 6))


def test_xml_in_no_export_layout_is_skipped_saying_why(tmp_path: Path, rules: Rules) -> None:
    path = write(tmp_path, "feed.xml", b"<?xml version='1.0'?><rss><channel/></rss>")
    with pytest.raises(SkipFile, match="no known news-export layout"):
        read_articles(path, rules)


# --- Recognition, laziness and leaving files alone -------------------------------------------

SAMPLES = {
    "pdf": lambda: pdf_bytes([[STORY]]),
    "docx": lambda: docx_bytes(word_paragraph(STORY)),
    "odt": lambda: odt_bytes(f"<text:p>{STORY}</text:p>"),
    "rtf": lambda: b"{\\rtf1\\ansi " + STORY.encode() + b"\\par}",
    "epub": lambda: epub_bytes({"a.xhtml": xhtml("Quay", CHAPTER_ONE)}, ["a.xhtml"], ""),
    "eml": lambda: mail_bytes(
        "Quay reopens", "Gazette <g@example.org>", "Fri, 6 Dec 2024 07:00:00 +0000", plain=STORY
    ),
    "mhtml": lambda: MHTML,
    "webarchive": lambda: webarchive_bytes(f"<html><body><p>{STORY}</p></body></html>".encode()),
}
MODULES = {"mhtml": "mail", "eml": "mail", "docx": "office", "odt": "office"}


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_container_is_known_by_its_first_bytes_under_any_name(
    tmp_path: Path, rules: Rules, kind: str
) -> None:
    data = SAMPLES[kind]()
    path = write(tmp_path, "misnamed.txt", data)
    reader = next(form for form in formats() if form.reads(path, data[:8192], rules))
    assert reader.__name__.rsplit(".", 1)[1] == MODULES.get(kind, kind)
    doc = read_one(path, rules)
    assert "eastern quay" in doc.text or "harbour board" in doc.text


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_reading_a_container_never_changes_the_file(
    tmp_path: Path, rules: Rules, kind: str
) -> None:
    data = SAMPLES[kind]()
    path = write(tmp_path, f"story.{kind}", data)
    # An access time before the modification time: a plain read would move it (relatime).
    accessed, modified = 1_000_000_000_000_000_000, 1_100_000_000_000_000_000
    os.utime(path, ns=(accessed, modified))
    read_one(path, rules)
    info = path.stat()
    assert info.st_mtime_ns == modified
    if hasattr(os, "O_NOATIME") and os.geteuid() in (0, info.st_uid):
        assert info.st_atime_ns == accessed
    assert path.read_bytes() == data


def test_plain_reading_loads_no_document_library(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", b"Quay reopens\n\nThe quay reopened on Friday.\n")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from searchapp.core.reading import load_rules, read_articles\n"
        f"read_articles(Path({str(story)!r}), load_rules())\n"
        "heavy = {'pypdfium2', 'lxml', 'zipfile', 'email.parser', 'plistlib'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
