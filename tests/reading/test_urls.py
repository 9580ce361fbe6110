"""The article's web address: what a saved page declares, where a browser saved it from, an
export's link, a text's header line; only an absolute http(s) address counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchapp.core.reading import Article, Rules, read_articles
from searchapp.core.reading.addresses import web_address
from tests.reading.test_nexis import NBSP, uni_export
from tests.reading.test_pages import page, read_page
from tests.reading.test_proquest import email_article, txt_export
from tests.shapes import HARBOUR_STORIES, nexis_classic, webarchive_bytes

CANONICAL = '<link rel="canonical" href="https://news.example.org/2024/12/06/water-board">'
OG_URL = '<meta property="og:url" content="https://m.news.example.org/water-board?ref=share">'


def json_ld(node: str) -> str:
    return f'<script type="application/ld+json">{node}</script>'


def read_all(folder: Path, rules: Rules, name: str, content: str | bytes) -> list[Article]:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return read_articles(path, rules).articles


# --- The address itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("  https://news.example.org/a \n", None, "https://news.example.org/a"),
        (
            "https://news.example.org/a-very-\n  long-slug",
            None,
            "https://news.example.org/a-very-long-slug",
        ),
        ("<http://news.example.org/a>", None, "http://news.example.org/a"),
        (
            "/2024/12/06/story",
            "https://news.example.org/x/",
            "https://news.example.org/2024/12/06/story",
        ),
        ("//cdn.example.org/story", "https://news.example.org/", "https://cdn.example.org/story"),
        ("/2024/12/06/story", None, ""),
        ("/2024/12/06/story", "about:blank", ""),
        ("story.html", "file:///C:/Users/ana/story.html", ""),
        ("ftp://files.example.org/story.txt", None, ""),
        ("javascript:void(0)", "https://news.example.org/", ""),
        ("Find a copy", None, ""),
        ("https://news.example.org/a story", None, ""),
        ("https://", None, ""),
        ("http://[bad/", None, ""),
        ("", "https://news.example.org/", ""),
    ],
)
def test_only_an_absolute_web_address_counts(text: str, base: str | None, expected: str) -> None:
    assert web_address(text, base) == expected


# --- Saved web pages ----------------------------------------------------------------------------


def test_canonical_link_comes_before_og_url_and_json_ld(tmp_path: Path, rules: Rules) -> None:
    linked = json_ld('{"@type": "NewsArticle", "url": "https://amp.news.example.org/water"}')
    doc = read_page(tmp_path, rules, page(OG_URL + linked + CANONICAL))
    assert doc.url == "https://news.example.org/2024/12/06/water-board"


def test_og_url_without_a_canonical_link(tmp_path: Path, rules: Rules) -> None:
    doc = read_page(tmp_path, rules, page(OG_URL))
    assert doc.url == "https://m.news.example.org/water-board?ref=share"


@pytest.mark.parametrize(
    "node",
    [
        '{"@type": "NewsArticle", "headline": "Water", "url": "https://news.example.org/w"}',
        '{"@type": ["Article", "NewsArticle"], "mainEntityOfPage": '
        '{"@type": "WebPage", "@id": "https://news.example.org/w"}}',
        '{"@graph": [{"@type": "WebSite", "url": "https://news.example.org/"}, '
        '{"@type": "ReportageNews", "mainEntityOfPage": "https://news.example.org/w", '
        '"publisher": {"@type": "Organization", "url": "https://news.example.org/"}}]}',
    ],
)
def test_json_ld_address_of_the_article_itself(tmp_path: Path, rules: Rules, node: str) -> None:
    doc = read_page(tmp_path, rules, page(json_ld(node)))
    assert doc.url == "https://news.example.org/w"


def test_json_ld_address_of_the_site_or_its_publisher_is_not_the_article(
    tmp_path: Path, rules: Rules
) -> None:
    node = (
        '[{"@type": "WebSite", "url": "https://news.example.org/"}, {"@type": "Organization", '
        '"name": "Example News", "url": "https://news.example.org/about"}]'
    )
    assert read_page(tmp_path, rules, page(json_ld(node))).url == ""


def test_relative_canonical_without_the_page_address_is_dropped(
    tmp_path: Path, rules: Rules
) -> None:
    relative = '<link rel="canonical" href="/2024/12/06/water-board">'
    assert read_page(tmp_path, rules, page(relative)).url == ""
    # The next address the page declares stands in for it.
    assert read_page(tmp_path, rules, page(relative + OG_URL)).url == (
        "https://m.news.example.org/water-board?ref=share"
    )


def test_relative_canonical_resolved_against_the_saved_from_comment(
    tmp_path: Path, rules: Rules
) -> None:
    saved = "<!-- saved from url=(0048)https://news.example.org/2024/12/06/print/123 -->\n"
    relative = '<link rel="canonical" href="/2024/12/06/water-board">'
    doc = read_page(tmp_path, rules, page(relative).replace("<html", saved + "<html", 1))
    assert doc.url == "https://news.example.org/2024/12/06/water-board"


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        (
            "<!-- saved from url=(0048)https://news.example.org/2024/12/06/print/123 -->",
            "https://news.example.org/2024/12/06/print/123",
        ),
        ("<!-- saved from url=(0014)about:internet -->", ""),
    ],
)
def test_saved_from_comment_is_the_last_resort(
    tmp_path: Path, rules: Rules, comment: str, expected: str
) -> None:
    html = page().replace("<!DOCTYPE html>", "<!DOCTYPE html>\n" + comment, 1)
    assert read_page(tmp_path, rules, html).url == expected


def test_declared_address_on_several_lines_is_kept_on_one(tmp_path: Path, rules: Rules) -> None:
    wrapped = (
        '<link rel="canonical"\n  href="\n  https://news.example.org/2024/12/06/water-board\n">'
    )
    doc = read_page(tmp_path, rules, page(wrapped))
    assert doc.url == "https://news.example.org/2024/12/06/water-board"


def test_non_web_canonical_is_skipped(tmp_path: Path, rules: Rules) -> None:
    head = '<link rel="canonical" href="javascript:void(0)">' + OG_URL
    assert read_page(tmp_path, rules, page(head)).url == (
        "https://m.news.example.org/water-board?ref=share"
    )


def test_page_that_states_no_address_has_none(tmp_path: Path, rules: Rules) -> None:
    links = '<link rel="stylesheet" href="https://news.example.org/site.css">'
    body = (
        '<article><h1>Water board</h1>{story}<a href="https://news.example.org/x">More</a>'
        "</article>"
    )
    assert read_page(tmp_path, rules, page(links, body)).url == ""


def mhtml(page_html: str, location: str) -> bytes:
    """A page saved by a Chromium browser: the snapshot's location, the page part's own."""
    return (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {location}\r\n"
        "Subject: Water board approves new pumping station\r\n"
        "Date: Mon, 3 Mar 2025 10:00:00 -0000\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----Boundary--x"\r\n'
        "\r\n"
        "------Boundary--x\r\n"
        "Content-Type: text/html\r\n"
        "Content-ID: <frame-1@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        f"Content-Location: {location}\r\n"
        "\r\n"
        f"{page_html}\r\n"
        "------Boundary--x--\r\n"
    ).encode()


@pytest.mark.parametrize("name", ["water.mhtml", "water.mht"])
def test_mhtml_location_when_the_page_declares_nothing(
    tmp_path: Path, rules: Rules, name: str
) -> None:
    data = mhtml(page(), "https://news.example.org/2024/12/06/water-board?utm_source=feed")
    (doc,) = read_all(tmp_path, rules, name, data)
    assert doc.url == "https://news.example.org/2024/12/06/water-board?utm_source=feed"


def test_mhtml_relative_canonical_resolved_against_its_location(
    tmp_path: Path, rules: Rules
) -> None:
    relative = '<link rel="canonical" href="/2024/12/06/water-board">'
    data = mhtml(page(relative), "https://news.example.org/amp/98765")
    (doc,) = read_all(tmp_path, rules, "water.mhtml", data)
    assert doc.url == "https://news.example.org/2024/12/06/water-board"


def test_safari_web_archive_keeps_the_address_it_was_saved_from(
    tmp_path: Path, rules: Rules
) -> None:
    (doc,) = read_all(tmp_path, rules, "water.webarchive", webarchive_bytes(page().encode()))
    assert doc.url == "https://news.example.org/story"


# --- News-database exports --------------------------------------------------------------------


PROQUEST_RECORD = """Harbour fees rise again

Author: Smith, Jane

Full text: The harbour board raised its fees by eight percent.

Publication title: Coastal Times

Publication date: Mar 14, 1988

ProQuest document ID: 123456789

Document URL: https://www.proquest.com/newspapers/harbour-fees/docview/123456789/se-2

Database: ProQuest Newsstream"""

PROQUEST_RECORD_WITHOUT_URL = """Ferry strike ends

Full text: The ferries run again.

Publication title: Coastal Times

Publication date: Mar 15, 1988

ProQuest document ID: 123456790"""


def test_proquest_document_url_is_the_article_link(tmp_path: Path, rules: Rules) -> None:
    text = txt_export(PROQUEST_RECORD, PROQUEST_RECORD_WITHOUT_URL)
    first, second = read_all(tmp_path, rules, "ProQuestDocuments.txt", text)
    assert first.url == "https://www.proquest.com/newspapers/harbour-fees/docview/123456789/se-2"
    assert "proquest.com" not in first.text
    assert second.url == ""


def test_proquest_document_url_in_other_interface_languages(tmp_path: Path, rules: Rules) -> None:
    german = (
        "Fährstreik beendet\n\nVolltext: Der Streik ist vorbei.\n\n"
        "Titel der Publikation: Küstenbote\n\nPublikationsdatum: 15.03.1988\n\n"
        "ProQuest-Dokument-ID: 987654321\n\n"
        "Dokument-URL: https://www.proquest.com/docview/987654321"
    )
    (doc,) = read_all(tmp_path, rules, "ProQuestDocuments.txt", txt_export(german))
    assert doc.url == "https://www.proquest.com/docview/987654321"


def test_proquest_emailed_delivery_links_each_document(tmp_path: Path, rules: Rules) -> None:
    html = (
        "<html><body><p>Email 1 of 2</p>"
        + email_article("251439970", "Harbour fees rise", "Smith, Jane", ["Fees rose."], "")
        + email_article("250133789", "Ferry strike ends", "Anonymous", ["Ferries run."], "")
        + "</body></html>"
    )
    found = read_all(tmp_path, rules, "ProQuest.html", html)
    assert [doc.url for doc in found] == [
        "https://www.proquest.com/docview/251439970",
        "https://www.proquest.com/docview/250133789",
    ]


def test_nexis_classic_url_field_after_the_story(tmp_path: Path, rules: Rules) -> None:
    text = nexis_classic(HARBOUR_STORIES[:2]).replace(
        "LOAD-DATE: January 11, 2010 Monday",
        "URL: http://www.harbourgazette.example/news/ferry-strike-ends\r\n\r\n"
        "LOAD-DATE: January 11, 2010 Monday",
        1,
    )
    first, second = read_all(tmp_path, rules, "nexis.txt", text)
    assert first.url == "http://www.harbourgazette.example/news/ferry-strike-ends"
    assert "harbourgazette.example" not in first.text
    assert second.url == ""


def test_nexis_classic_link_field_among_the_header_fields(tmp_path: Path, rules: Rules) -> None:
    text = nexis_classic(HARBOUR_STORIES[:1]).replace(
        "LENGTH:", "LINK: https://www.harbourgazette.example/ferry\r\n\r\nLENGTH:", 1
    )
    (doc,) = read_all(tmp_path, rules, "nexis.txt", text)
    assert doc.url == "https://www.harbourgazette.example/ferry"
    assert (doc.title, doc.words, doc.byline) == (
        HARBOUR_STORIES[0].title,
        len(HARBOUR_STORIES[0].body.split()),
        "Jane Okafor",
    )
    assert doc.text.startswith("Ferry crews returned to work on Monday")


def test_nexis_uni_url_field_in_the_trailer(tmp_path: Path, rules: Rules) -> None:
    article = [
        "Flood defences to get new funding",
        "The Harbour Gazette",
        "August 2, 2019 Friday",
        "",
        f"Section:{NBSP}NEWS",
        f"Length:{NBSP}12 words",
        "Body",
        "",
        "Ministers pledged money for the towns worst hit by the floods.",
        "",
        "Classification",
        "",
        f"Language:{NBSP}ENGLISH",
        f"URL:{NBSP}https://www.harbourgazette.example/2019/08/02/flood-defences",
        f"Load-Date:{NBSP}August 3, 2019",
    ]
    (doc,) = read_all(tmp_path, rules, "uni.txt", uni_export(article))
    assert doc.url == "https://www.harbourgazette.example/2019/08/02/flood-defences"
    assert doc.text == "Ministers pledged money for the towns worst hit by the floods."


# --- Text files with a header -------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "URL: https://news.example.org/2024/12/06/quay",
        "Source URL:  <https://news.example.org/2024/12/06/quay>",
    ],
)
def test_text_header_line_gives_the_address(tmp_path: Path, rules: Rules, header: str) -> None:
    text = f"Title: Quay reopens\n{header}\nDate: 2024-12-06\n\nThe quay reopened on Friday.\n"
    (doc,) = read_all(tmp_path, rules, "quay.txt", text)
    assert doc.url == "https://news.example.org/2024/12/06/quay"
    assert doc.text == "The quay reopened on Friday."


def test_front_matter_source_that_is_an_address_is_no_outlet(tmp_path: Path, rules: Rules) -> None:
    text = (
        '---\ntitle: "Quay reopens"\nsource: "https://news.example.org/2024/12/06/quay"\n'
        "created: 2024-12-06\n---\n\nThe quay reopened on Friday, the port office said.\n"
    )
    (doc,) = read_all(tmp_path, rules, "quay.md", text)
    assert doc.url == "https://news.example.org/2024/12/06/quay"
    assert "example.org" not in doc.source


def test_header_line_that_is_no_address_gives_none(tmp_path: Path, rules: Rules) -> None:
    text = "Title: Quay reopens\nURL: see the printed edition\n\nThe quay reopened on Friday.\n"
    (doc,) = read_all(tmp_path, rules, "quay.txt", text)
    assert doc.url == ""


def test_plain_text_without_a_header_has_no_address(tmp_path: Path, rules: Rules) -> None:
    text = "Quay reopens\n\nThe quay reopened on Friday. See https://news.example.org/quay.\n"
    (doc,) = read_all(tmp_path, rules, "quay.txt", text)
    assert doc.url == ""
