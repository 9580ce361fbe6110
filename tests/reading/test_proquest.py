"""ProQuest exports: the TXT download, saved HTML and e-mailed deliveries."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from pathlib import Path

from searchapp.core.reading import read_articles
from searchapp.core.reading.exports import proquest
from searchapp.core.reading.html import parse_page
from searchapp.core.reading.rules import Rules

RULE = "_" * 60


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def txt_export(*records: str) -> str:
    """A TXT download: the cover and table of contents, the records, the bibliography and the
    contact trailer, each part after a rule of underscores."""
    parts = [
        "Report Information from ProQuest\nMarch 16 2022 09:12",
        "Table of contents\n\n1. Harbour fees rise again\n\n2. Ferry strike ends",
        *records,
        "Bibliography\nCitation style: APA 6th - American Psychological Association, 6th Edition"
        "\n\nHarbour fees rise again. (1988, Mar 14). Coastal Times Retrieved from "
        "https://www.proquest.com/docview/123456789",
        "Contact us at: https://about.proquest.com/go/pqissupportcontact\n"
        "Database copyright © 2022 ProQuest LLC. All rights reserved.",
    ]
    return "".join(f"{RULE}\n\n{part}\n" for part in parts)


ENGLISH = """Document 1 of 2

Harbour fees rise again

Author: Smith, Jane

Publication info: Coastal Times ; Port Elwyn [Port Elwyn]14 Mar 1988: A.3.

ProQuest document link

Abstract: None available.

Links: Find a copy

Full text: PORT ELWYN: The harbour board raised its fees by eight percent.

Ship owners protested on Monday.

Subject: Ports; Fees

Publication title: Coastal Times; Port Elwyn

Publication year: 1988

Publication date: Mar 14, 1988

Section: Business

Publisher: Coastal Media Ltd

Place of publication: Port Elwyn

Source type: Newspaper

Language of publication: English

Document type: News

ProQuest document ID: 123456789

Document URL: https://www.proquest.com/docview/123456789

Copyright: Copyright Coastal Times Mar 14, 1988

Last updated: 2017-11-07

Database: ProQuest Newsstream"""

GERMAN = """Document 2 of 2

Fährstreik beendet

Autor: Müller, Hans

Volltext: Der Streik ist vorbei.

Die Fähren fahren wieder nach Plan.

Titel der Publikation: Küstenbote; Hafenstadt

Publikationsdatum: 15.03.1988

Bereich: Lokales

Publikationssprache: Deutsch

ProQuest-Dokument-ID: 987654321

Dokument-URL: https://www.proquest.com/docview/987654321"""


def test_txt_export_with_cover_contents_and_bibliography(tmp_path: Path, rules: Rules) -> None:
    found = read_articles(
        write(tmp_path, "ProQuestDocuments.txt", txt_export(ENGLISH, GERMAN)), rules
    )
    assert [a.title for a in found.articles] == ["Harbour fees rise again", "Fährstreik beendet"]
    assert found.problems == []  # "Document 2 of 2": the count the file states is met
    first, second = found.articles
    assert (first.date, first.date_origin) == (dt.date(1988, 3, 14), "export")
    assert (first.source, first.byline, first.section) == (
        "Coastal Times",
        "Smith, Jane",
        "Business",
    )
    assert (first.language, first.key) == ("en", "123456789")
    assert first.text == (
        "PORT ELWYN: The harbour board raised its fees by eight percent.\n\n"
        "Ship owners protested on Monday."
    )
    assert (second.date, second.source, second.byline) == (
        dt.date(1988, 3, 15),
        "Küstenbote",
        "Müller, Hans",
    )
    assert (second.section, second.language, second.key) == ("Lokales", "de", "987654321")
    assert second.text == "Der Streik ist vorbei.\n\nDie Fähren fahren wieder nach Plan."
    for article in found.articles:
        for leftover in ("Subject", "ProQuest", "Publication", "Copyright", "Database", "URL"):
            assert leftover not in article.text


def test_story_lines_that_look_like_labels_stay_in_the_story(rules: Rules) -> None:
    record = (
        "Harbour fees rise again\n\n"
        "Author: Smith, Jane\n\n"
        "Full text: The harbour board raised its fees.\n\n"
        "Update: The board later halved the rise.\n\n"
        "Author: Jane Smith covers the port for the Coastal Times.\n\n"
        "Subject: Ports\n\n"
        "Location: Port Elwyn\n\n"
        "Publication title: Coastal Times\n\n"
        "ProQuest document ID: 123456789"
    )
    raw = proquest.from_text(txt_export(record), rules).articles[0]
    assert raw.body == (
        "The harbour board raised its fees.\n\n"
        "Update: The board later halved the rise.\n\n"
        "Author: Jane Smith covers the port for the Coastal Times."
    )
    assert raw.export["byline"] == "Smith, Jane"


def test_stated_count_comes_from_document_n_of_m(rules: Rules) -> None:
    reading = proquest.from_text(txt_export(ENGLISH.replace("1 of 2", "1 of 3"), GERMAN), rules)
    assert reading is not None and reading.stated == 3 and len(reading.articles) == 2


def test_french_labels_abstract_only_and_missing_date(rules: Rules) -> None:
    record = (
        "Le port relève ses tarifs\n\n"
        "Auteur: Dupont, Marie\n\n"
        "Résumé: Le conseil portuaire a relevé ses tarifs de huit pour cent.\n\n"
        "Titre de la publication: Le Courrier du Port; Port-Elwyn\n\n"
        "Langue de publication: Français\n\n"
        "ID du document ProQuest: 555000111"
    )
    reading = proquest.from_text(txt_export(record), rules)
    assert reading is not None and len(reading.articles) == 1
    raw = reading.articles[0]
    assert raw.export == {
        "title": "Le port relève ses tarifs",
        "source": "Le Courrier du Port",
        "byline": "Dupont, Marie",
        "language": "Français",
        "key": "555000111",
    }
    assert raw.body == "Le conseil portuaire a relevé ses tarifs de huit pour cent."


def test_spanish_labels_and_date_from_publication_info(rules: Rules) -> None:
    record = (
        "El puerto sube sus tarifas\n\n"
        "Información de publicación: El Diario del Puerto [Puerto]14 mar 1988: 3.\n\n"
        "Texto completo: La junta del puerto subió sus tarifas.\n\n"
        "Título de publicación: El Diario del Puerto\n\n"
        "Idioma de la publicación: Español\n\n"
        "ID del documento de ProQuest: 777000222"
    )
    raw = proquest.from_text(txt_export(record), rules).articles[0]
    assert raw.export["source"] == "El Diario del Puerto"
    assert raw.export["date"] == "14 mar 1988"
    assert raw.body == "La junta del puerto subió sus tarifas."


def test_citation_without_text_keeps_its_title(rules: Rules) -> None:
    record = (
        "Harbour fees rise again\n\nAbstract: None available.\n\n"
        "Publication title: Coastal Times\n\nProQuest document ID: 123456789"
    )
    raw = proquest.from_text(txt_export(record), rules).articles[0]
    assert (raw.body, raw.front) == ("", "Harbour fees rise again")


def email_article(doc_id: str, title: str, author: str, paragraphs: list[str], date: str) -> str:
    """One document of a ProQuest "Email documents" delivery, as its HTML part shows it."""
    style = 'style="margin-bottom:5pt; margin-top:0; margin-right:0; margin-left:0; padding:0;"'
    text = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        '<div style="margin-bottom:20px;border-bottom:2px solid #ccc;padding-bottom:5px">'
        f'<a name="DocID_MSTAR_{doc_id}"></a><p {style}></p>'
        f'<p style="font-size:11pt;font-weight:bold;">{title}</p>'
        f"<p {style}><strong>Author:  </strong>{author}</p>"
        f"<p {style}><strong>Publication info:  </strong>Coastal Times ; Port Elwyn [Port Elwyn]"
        f"08 May 2010: AA.2.</p>"
        f'<p {style}><a href="https://www.proquest.com/docview/{doc_id}">ProQuest document '
        "link</a></p>"
        f"<p {style}><strong>Abstract:  </strong><body></p><p {style}>A short abstract.</p>"
        f'<p {style}></body></p><div style="clear:both"></div>'
        '<div><strong>Links: </strong><a href="https://example.invalid/">Find a copy</a></div>'
        f'<p {style}><strong>Full text: </strong><Text WordCount="239" HTMLContent="true">'
        '<html><head><meta name="ValidationSchema" content="x"><title></title></head><body>'
        '<div class="document_view_image"><img src="x.jpg"><a class="sr-only">Enlarge this '
        f"image.</a></div>{text}</body></html></Text></p>"
        f"<p {style}><strong>Subject: </strong>Ports; Fees</p>"
        f"<p {style}><strong>Publication title: </strong>Coastal Times; Port Elwyn</p>"
        f"<p {style}><strong>Publication date: </strong>{date}</p>"
        f"<p {style}><strong>Section: </strong>Business</p>"
        f"<p {style}><strong>Language of publication: </strong>English</p>"
        f"<p {style}><strong>ProQuest document ID: </strong>{doc_id}</p>"
        f'<p {style}><strong>Document URL: </strong><a href="u">https://www.proquest.com/'
        f"docview/{doc_id}</a></p>"
        f"<p {style}><strong>Copyright: </strong>Copyright Coastal Times</p>"
        f"<p {style}><strong>Database: </strong>ProQuest Newsstream</p></div>"
    )


def test_emailed_delivery_of_many_documents(tmp_path: Path, rules: Rules) -> None:
    html = (
        "<html><head><title>ProQuest Export</title></head><body>"
        "<table><tr><td>All documents are reproduced with the permission of the copyright "
        "owner. Please do not reply directly to this email.</td></tr></table>"
        '<div class="mainCopyBlock">John Smith sent you the following:</div><p>Email 1 of 2</p>'
        + email_article(
            "251439970",
            'Harbour <span class="hit">fees</span> rise again',
            "Smith, Jane",
            ["PORT ELWYN: The harbour board raised its fees.", "Ship owners protested."],
            "May 8, 2010",
        )
        + email_article("250133789", "Ferry strike ends", "Anonymous", ["The ferries run."], "")
        + '<div class="copyright">Copyright © 2020 ProQuest LLC. All rights reserved.</div>'
        "</body></html>"
    )
    found = read_articles(write(tmp_path, "ProQuest.html", html), rules)
    assert [a.title for a in found.articles] == ["Harbour fees rise again", "Ferry strike ends"]
    first, second = found.articles
    assert (first.date, first.source, first.byline) == (
        dt.date(2010, 5, 8),
        "Coastal Times",
        "Smith, Jane",
    )
    assert (first.key, first.words, first.section, first.language) == (
        "251439970",
        239,
        "Business",
        "en",
    )
    assert first.text == "PORT ELWYN: The harbour board raised its fees.\n\nShip owners protested."
    # No publication date: the date stated in "Publication info"; no byline for "Anonymous".
    assert (second.date, second.byline, second.key) == (dt.date(2010, 5, 8), "", "250133789")
    assert second.text == "The ferries run."
    for article in found.articles:
        for leftover in ("Enlarge", "abstract", "Links", "Subject", "Email", "reproduced"):
            assert leftover not in article.text


def test_emailed_delivery_read_from_the_message(tmp_path: Path, rules: Rules) -> None:
    message = EmailMessage()
    message["From"] = "noreply@proquest.com"
    message["To"] = "j.smith@example.invalid"
    message["Subject"] = "Your ProQuest Research - harbour"
    message["Date"] = "Tue, 15 Aug 2023 01:02:03 -0400"
    html = (
        '<html data-locale="en"><body><table><tr><td>&nbsp;</td></tr></table>'
        + email_article(
            "2637783411",
            "Census undercounted residents",
            "Wines, Michael",
            ["WASHINGTON — The census undercounted residents."],
            "Mar 10, 2022",
        )
        + email_article(
            "2620232883",
            "Subway riders return",
            "Gold, Michael",
            ["NEW YORK — Riders have returned."],
            "Jan 18, 2022",
        )
        + "</body></html>"
    )
    message.set_content(html, subtype="html", cte="quoted-printable")
    message.make_mixed()
    path = tmp_path / "ProQuest.eml"
    path.write_bytes(bytes(message))
    found = read_articles(path, rules)
    assert [a.title for a in found.articles] == [
        "Census undercounted residents",
        "Subway riders return",
    ]
    assert [a.date for a in found.articles] == [dt.date(2022, 3, 10), dt.date(2022, 1, 18)]
    assert found.articles[0].text == "WASHINGTON — The census undercounted residents."
    assert {a.source for a in found.articles} == {"Coastal Times"}


def test_table_cell_labels_separated_by_rules(rules: Rules) -> None:
    def record(title: str, doc_id: str, story: str) -> str:
        rows = [
            ("Publication title:", "Coastal Times"),
            ("Publication date:", "Mar 14, 1988"),
            ("Author:", "Smith, Jane"),
            ("Full text:", story),
            ("Document URL", f"https://www.proquest.com/docview/{doc_id}"),
            ("ProQuest document ID:", doc_id),
        ]
        cells = "".join(
            f"<tr><td><b>{label}</b></td><td>{value}</td></tr>" for label, value in rows
        )
        return f"<h3>{title}</h3><table>{cells}</table>"

    html = (
        "<html><body><p>Saved from ProQuest</p><hr>"
        + record(
            "Harbour <b>fees</b> rise again", "123456789", "<p>Fees rose.</p><p>Owners paid.</p>"
        )
        + "<hr>"
        + record("Ferry strike ends", "987654321", "The ferries run.")
        + "</body></html>"
    )
    reading = proquest.from_html(parse_page(html), rules)
    assert reading is not None
    assert [raw.export["title"] for raw in reading.articles] == [
        "Harbour fees rise again",
        "Ferry strike ends",
    ]
    assert [raw.body for raw in reading.articles] == [
        "Fees rose.\n\nOwners paid.",
        "The ferries run.",
    ]
    assert reading.articles[0].export["date"] == "Mar 14, 1988"


def test_text_with_author_and_full_text_lines_is_no_export(tmp_path: Path, rules: Rules) -> None:
    text = (
        "Harbour fees rise again\n\n"
        "Author: Jane Smith\n\n"
        "Full text: below, as the board published it.\n"
        "______________________________\n"
        "The harbour board raised its fees by eight percent, citing dredging costs.\n"
    )
    assert proquest.from_text(text, rules) is None
    assert len(read_articles(write(tmp_path, "note.txt", text), rules).articles) == 1


def test_web_page_about_proquest_is_no_export(rules: Rules) -> None:
    html = (
        "<html><head><title>Library databases</title></head><body><article>"
        "<h1>ProQuest comes to the library</h1><p>Author: Jane Smith</p>"
        "<p>Every ProQuest document ID leads to the full text.</p><hr>"
        "<p>Full text is available for most newspapers.</p></article></body></html>"
    )
    assert proquest.from_html(parse_page(html), rules) is None
