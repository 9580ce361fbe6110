"""Reading saved articles from disk with searchapp.core.reading: headers, HTML, encodings."""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest

from searchapp.core.reading import Article, SkipFile, read_articles
from searchapp.core.reading.files import decode
from searchapp.core.reading.html import parse_html
from searchapp.core.reading.metadata import UNKNOWN_SOURCE
from searchapp.core.reading.plain import parse_plain
from searchapp.core.reading.rules import Rules


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def read_one(path: Path, rules: Rules) -> Article:
    """The one article a single-article file holds."""
    articles = read_articles(path, rules).articles
    assert len(articles) == 1
    return articles[0]


def set_mtime(path: Path, year: int, month: int, day: int) -> None:
    """Local noon on the day, so the file's date is that day in any time zone."""
    seconds = dt.datetime(year, month, day, 12, 0).timestamp()
    os.utime(path, (seconds, seconds))


# --- Plain text and Markdown headers ---------------------------------------------------------


def test_header_block_with_vms_style_date(tmp_path: Path, rules: Rules) -> None:
    text = (
        "Date: 14-MAR-1988 09:22:40.11\n"
        "Title: HARBOUR BOARD RAISES PORT FEES\n"
        "\n"
        "The Harbour Board of Port Elwyn said it would raise berthing fees by eight pct "
        "from April 1, citing dredging costs.\n"
    )
    doc = read_one(write(tmp_path, "fees.txt", text), rules)
    assert (doc.date, doc.date_origin) == (dt.date(1988, 3, 14), "header")
    assert doc.title == "HARBOUR BOARD RAISES PORT FEES"
    # The header is searchable but not the story: the text shown and quoted starts after it.
    assert doc.front == "Date: 14-MAR-1988 09:22:40.11\nTitle: HARBOUR BOARD RAISES PORT FEES"
    assert doc.text == text.split("\n\n", 1)[1].strip("\n")
    assert parse_plain(text, rules).body.startswith("The Harbour Board of Port Elwyn")


def test_bare_date_line_then_headline(tmp_path: Path, rules: Rules) -> None:
    text = (
        " date 2023-10-18 Floodwaters recede from river towns in the north\n"
        "\n"
        "Residents returned to their homes on Wednesday as the river fell below its banks.\n"
    )
    doc = read_one(write(tmp_path, "flood.txt", text), rules)
    assert (doc.date, doc.date_origin) == (dt.date(2023, 10, 18), "header")
    assert doc.title == "Floodwaters recede from river towns in the north"
    assert doc.front == "date 2023-10-18"
    assert doc.text == text.strip("\n").removeprefix(" date 2023-10-18 ")
    story = parse_plain(text, rules).body
    assert story.startswith("Floodwaters recede from river towns in the north\n")
    assert "2023-10-18" not in story


def test_bare_date_line_with_time(rules: Rules) -> None:
    raw = parse_plain("date 2022-01-31 08:15 Snow closes mountain passes\n\nBody here.", rules)
    assert raw.header["date"].startswith("2022-01-31")
    assert raw.body.splitlines()[0] == "Snow closes mountain passes"


def test_yaml_front_matter_in_markdown(tmp_path: Path, rules: Rules) -> None:
    text = (
        "---\n"
        'title: "Graz tram extension opens to riders"\n'
        "date: 2023-05-04\n"
        "source: Styrian Ledger\n"
        "tags: [transport, city]\n"
        "---\n"
        "\n"
        "# Tram line extension opens in Graz\n"
        "\n"
        "The new line links the university with the main station.\n"
    )
    doc = read_one(write(tmp_path, "tram.md", text), rules)
    assert doc.title == "Graz tram extension opens to riders"
    assert (doc.date, doc.date_origin) == (dt.date(2023, 5, 4), "header")
    assert doc.source == "Styrian Ledger"
    assert "tags: [transport, city]" in doc.front  # searchable, not shown
    assert "tags:" not in doc.text
    story = parse_plain(text, rules).body
    assert "---" not in story and "tags:" not in story
    assert story.startswith("# Tram line extension opens in Graz")


def test_source_header_gives_the_source(tmp_path: Path, rules: Rules) -> None:
    text = (
        "Source: Island Courier\n"
        "Published: 2 November 2019\n"
        "Headline: Ferry service resumes after storm\n"
        "\n"
        "The morning ferry left on time for the first time in a week. "
        "A deckhand told Reuters the crossing was calm.\n"
    )
    doc = read_one(write(tmp_path, "ferry.txt", text), rules)
    assert doc.source == "Island Courier"
    assert (doc.date, doc.date_origin) == (dt.date(2019, 11, 2), "header")
    assert doc.title == "Ferry service resumes after storm"


def test_header_lines_stay_searchable(rules: Rules) -> None:
    raw = parse_plain(
        "Date: 2020-02-02\nAuthor: Tomas Lindqvist\nSource: Baltic Wire\n\nBody text.", rules
    )
    assert raw.header == {"date": "2020-02-02", "source": "Baltic Wire"}
    assert "Author: Tomas Lindqvist" in raw.front
    assert raw.body == "Body text."


def test_unknown_keys_before_known_ones_still_make_a_header(rules: Rules) -> None:
    raw = parse_plain(
        "Tags: ports, fees\nSource: Al Jazeera\nDate: February 4, 2019\n\nStory.", rules
    )
    assert raw.header == {"source": "Al Jazeera", "date": "February 4, 2019"}
    assert raw.body == "Story."


def test_place_name_colon_is_not_a_header(rules: Rules) -> None:
    text = "WARSAW: Officials said the bridge would close for repairs.\n\nMore text."
    raw = parse_plain(text, rules)
    assert raw.header == {}
    assert raw.body == text


def test_plain_text_without_header_keeps_every_line(rules: Rules) -> None:
    text = "Orchard growers brace for frost\n\nNight temperatures will drop below zero."
    raw = parse_plain(text, rules)
    assert raw.header == {}
    assert raw.body == text


# --- Document fields and read-only access ---------------------------------------------------


def test_document_fields_come_from_the_file(tmp_path: Path, rules: Rules) -> None:
    path = write(
        tmp_path,
        "plain.txt",
        "Community garden wins prize\n\nVolunteers planted tomatoes and beans.\n",
    )
    set_mtime(path, 2020, 7, 18)
    doc = read_one(path, rules)
    info = path.stat()
    assert isinstance(doc, Article)
    assert doc.path == path
    assert doc.size == info.st_size == len(path.read_bytes())
    assert doc.mtime_ns == info.st_mtime_ns
    assert (doc.date, doc.date_origin) == (dt.date(2020, 7, 18), "file")
    assert doc.source == UNKNOWN_SOURCE
    assert doc.title == "Community garden wins prize"
    assert doc.month_day is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.title = "changed"  # type: ignore[misc]


def test_yearless_dateline_document_keeps_month_day(tmp_path: Path, rules: Rules) -> None:
    path = write(
        tmp_path,
        "plane.txt",
        "Jan. 9 (UPI) -- A small plane landed on a highway outside Tucson on Thursday.\n\n"
        "Nobody on board was hurt, police said.\n",
    )
    doc = read_one(path, rules)
    assert (doc.date, doc.date_origin, doc.month_day) == (None, "inferred", (1, 9))
    assert doc.source == "UPI"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("story.txt", "Harbour reopens\r\n\r\nShips returned on Monday.\r\n"),
        ("page.html", "<html><body><h1>Harbour reopens</h1><p>Ships returned.</p></body></html>"),
    ],
)
def test_reading_never_changes_the_file(
    tmp_path: Path, rules: Rules, name: str, content: str
) -> None:
    path = write(tmp_path, name, content)
    set_mtime(path, 2021, 5, 6)
    before_bytes = path.read_bytes()
    before_mtime = path.stat().st_mtime_ns
    read_one(path, rules)
    assert path.read_bytes() == before_bytes
    assert path.stat().st_mtime_ns == before_mtime


# --- Skipped files ---------------------------------------------------------------------------


def test_nul_bytes_are_skipped_as_binary(tmp_path: Path, rules: Rules) -> None:
    path = write(tmp_path, "image.txt", b"GIF89a\x01\x00\x01\x00\x00\xff\xff\xff")
    with pytest.raises(SkipFile) as info:
        read_one(path, rules)
    assert "binary" in info.value.reason


def test_file_over_the_size_cap_is_skipped(tmp_path: Path, rules: Rules) -> None:
    small = dataclasses.replace(rules, max_file_bytes=1000)
    path = write(tmp_path, "long.txt", "word " * 201)
    with pytest.raises(SkipFile) as info:
        read_one(path, small)
    assert "larger than" in info.value.reason
    assert "MB" in info.value.reason


def test_size_cap_reason_names_the_limit(tmp_path: Path, rules: Rules) -> None:
    capped = dataclasses.replace(rules, max_file_bytes=1024 * 1024)
    path = write(tmp_path, "huge.txt", b"a" * (1024 * 1024 + 1))
    with pytest.raises(SkipFile) as info:
        read_one(path, capped)
    assert info.value.reason == "larger than 1 MB"


def test_file_exactly_at_the_size_cap_is_read(tmp_path: Path, rules: Rules) -> None:
    small = dataclasses.replace(rules, max_file_bytes=1000)
    content = "Quarry blast rattles windows\n\n" + "x" * (1000 - 30)
    path = write(tmp_path, "edge.txt", content)
    assert path.stat().st_size == 1000
    assert read_one(path, small).title == "Quarry blast rattles windows"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifo_is_skipped_without_blocking(tmp_path: Path, rules: Rules) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    outcome: dict[str, object] = {}

    def attempt() -> None:
        try:
            read_one(path, rules)
            outcome["result"] = "read"
        except SkipFile as exc:
            outcome["result"] = exc.reason

    started = time.monotonic()
    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=5)
    if worker.is_alive():
        # Unblock the reader so the thread can end, then fail.
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading blocked on a FIFO")
    assert time.monotonic() - started < 2
    assert outcome["result"] == "not a regular file"


def test_folder_is_skipped(tmp_path: Path, rules: Rules) -> None:
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    with pytest.raises(SkipFile) as info:
        read_one(folder, rules)
    assert info.value.reason in ("not a regular file", "is a folder")


def test_broken_link_and_missing_file_are_skipped(tmp_path: Path, rules: Rules) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    for path in (link, tmp_path / "never.txt"):
        with pytest.raises(SkipFile) as info:
            read_one(path, rules)
        assert info.value.reason == "file vanished or is a broken link"


# --- Encodings and line ends ----------------------------------------------------------------

ACCENTED = "Café owners in Zürich — “prices up” by 5 €"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1252", b""),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1252"],
)
def test_encodings_are_decoded(tmp_path: Path, rules: Rules, encoding: str, bom: bytes) -> None:
    text = ACCENTED + "\n\nThe rest of the story.\n"
    doc = read_one(write(tmp_path, "cafe.txt", bom + text.encode(encoding)), rules)
    assert doc.title == ACCENTED
    assert doc.text == ACCENTED + "\n\nThe rest of the story."
    assert "\ufeff" not in doc.text


def test_cp1252_curly_quotes_and_accents(tmp_path: Path, rules: Rules) -> None:
    data = b"\x93Caf\xe9 society\x94 returns to Lyon \x96 at last\n\nDiners queued \x85 happily.\n"
    doc = read_one(write(tmp_path, "lyon.txt", data), rules)
    assert doc.title == "“Café society” returns to Lyon – at last"
    assert "Diners queued … happily." in doc.text
    assert "\ufffd" not in doc.text


def test_latin1_text(tmp_path: Path, rules: Rules) -> None:
    data = "São Paulo: Señora Müller’s bakery".replace("’", "'").encode("latin-1")
    doc = read_one(write(tmp_path, "sp.txt", data + b"\n\nBread prices rose.\n"), rules)
    assert doc.text.startswith("São Paulo: Señora Müller's bakery")


def test_decode_keeps_every_byte() -> None:
    # 0x81 is undefined in cp1252; it must not vanish or raise.
    assert decode(b"caf\xe9 \x81 ok") == "café \x81 ok"
    assert decode(b"caf\xe9", declared="no-such-charset") == "café"
    with pytest.raises(SkipFile):
        decode(b"abc\x00def")


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_become_newlines(tmp_path: Path, rules: Rules, newline: str) -> None:
    lines = ["Wind farm approved off the coast", "", "Turbines will rise by 2027.", "Done."]
    path = write(tmp_path, "wind.txt", newline.join(lines) + newline)
    doc = read_one(path, rules)
    assert "\r" not in doc.text
    assert doc.text == "\n".join(lines)
    assert doc.title == "Wind farm approved off the coast"


def test_html_line_ends_become_newlines(tmp_path: Path, rules: Rules) -> None:
    page = "<html>\r<body>\r\n<h1>Dam\rinspection</h1>\r\n<p>Line one\r\nline two</p></body></html>"
    doc = read_one(write(tmp_path, "dam.html", page), rules)
    assert "\r" not in doc.text
    assert doc.title == "Dam inspection"


# --- HTML pages ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Glacier retreat speeds up in the Alps | Alpine Observer</title>
<meta property="og:site_name" content="Alpine Observer">
<meta property="og:title" content="Glacier retreat speeds up (og)">
<meta property="article:published_time" content="2022-04-05T10:00:00Z">
<style>.headline { color: red; } STYLE_MARKER</style>
<script>var tracker = "SCRIPT_MARKER";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">NAV_MARKER</a></nav>
<article>
<h1>Glacier retreat speeds &amp; thins in the Alps</h1>
<p>GENEVA, April 4 (Reuters) - Swiss glaciers lost 6% of their volume last summer, \
scientists said, the fastest loss since records began.</p>
<p>&ldquo;It&rsquo;s dramatic,&rdquo; said Dr.&nbsp;Ana&iuml;s Favre of the caf&eacute; \
&#8212; meeting &#x27;room&#x27; &lt;3&gt;.</p>
<aside>ASIDE_MARKER related stories</aside>
<form><button>BUTTON_MARKER</button></form>
</article>
<footer>FOOTER_MARKER &copy; 2022</footer>
<script type="application/ld+json">{"datePublished": "2001-01-01", "headline": "JSONLD"}</script>
</body>
</html>
"""


def test_html_visible_text_only(tmp_path: Path, rules: Rules) -> None:
    doc = read_one(write(tmp_path, "glacier.html", PAGE), rules)
    for hidden in (
        "STYLE_MARKER",
        "SCRIPT_MARKER",
        "NAV_MARKER",
        "FOOTER_MARKER",
        "ASIDE_MARKER",
        "BUTTON_MARKER",
        "Home",
        "datePublished",
        "| Alpine Observer",
        "<p>",
    ):
        assert hidden not in doc.text, hidden
    assert doc.text == (
        "Glacier retreat speeds & thins in the Alps\n\n"
        "GENEVA, April 4 (Reuters) - Swiss glaciers lost 6% of their volume last summer, "
        "scientists said, the fastest loss since records began.\n\n"
        "“It’s dramatic,” said Dr. Anaïs Favre of the café — meeting 'room' <3>."
    )


def test_html_metadata_from_meta_tags(tmp_path: Path, rules: Rules) -> None:
    doc = read_one(write(tmp_path, "glacier.html", PAGE), rules)
    assert doc.source == "Alpine Observer"
    assert (doc.date, doc.date_origin) == (dt.date(2022, 4, 5), "meta")
    assert doc.title == "Glacier retreat speeds & thins in the Alps"


def test_html_entities_are_decoded(tmp_path: Path, rules: Rules) -> None:
    doc = read_one(write(tmp_path, "glacier.html", PAGE), rules)
    assert "“It’s dramatic,” said Dr. Anaïs Favre of the café — meeting 'room' <3>." in doc.text
    assert "&" not in doc.text.replace("speeds & thins", "")


def body_page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


STORY = "<p>Local fishermen reported record catches of herring off the northern coast.</p>"


def test_html_source_line_breaks_inside_a_paragraph_are_spaces(
    tmp_path: Path, rules: Rules
) -> None:
    page = (
        "<html><body><article>\n"
        "<p>The city council voted on Tuesday to close the old\n"
        "tram depot and turn it into housing. Work is due to start in the spring\n"
        "of next year, officials said.</p>\n"
        "</article></body></html>"
    )
    doc = read_one(write(tmp_path, "depot.html", page), rules)
    assert doc.text == (
        "The city council voted on Tuesday to close the old tram depot and turn it into "
        "housing. Work is due to start in the spring of next year, officials said."
    )
    assert doc.title == (
        "The city council voted on Tuesday to close the old tram depot and turn it into housing."
    )


def test_html_time_element_gives_the_date(tmp_path: Path, rules: Rules) -> None:
    page = body_page(
        "<title>Herring season opens | Coast Weekly</title>",
        '<time datetime="2020-09-14T06:30:00+02:00">Monday morning</time>' + STORY,
    )
    doc = read_one(write(tmp_path, "herring.html", page), rules)
    assert (doc.date, doc.date_origin) == (dt.date(2020, 9, 14), "meta")
    assert doc.title == "Herring season opens"
    assert doc.text.startswith("Monday morning")


def test_html_meta_date_wins_over_time_element(tmp_path: Path, rules: Rules) -> None:
    page = body_page(
        '<meta name="pubdate" content="2020-09-13">',
        '<time datetime="2020-09-20">later</time>' + STORY,
    )
    doc = read_one(write(tmp_path, "herring.html", page), rules)
    assert doc.date == dt.date(2020, 9, 13)


def test_html_json_ld_date_title_and_publisher(tmp_path: Path, rules: Rules) -> None:
    ld = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", '
        '"headline": "Wolves return to the valley", "datePublished": "2019-02-11T08:00:00Z", '
        '"publisher": {"@type": "Organization", "name": "Highland Tribune"}}]}'
    )
    page = body_page(f'<script type="application/ld+json">{ld}</script>', STORY)
    doc = read_one(write(tmp_path, "wolves.html", page), rules)
    assert (doc.date, doc.date_origin) == (dt.date(2019, 2, 11), "meta")
    assert doc.source == "Highland Tribune"
    assert doc.title == "Wolves return to the valley"
    assert "@context" not in doc.text


def test_html_broken_json_ld_is_ignored(tmp_path: Path, rules: Rules) -> None:
    page = body_page('<script type="application/ld+json">{"datePublished": </script>', STORY)
    path = write(tmp_path, "broken.html", page)
    set_mtime(path, 2018, 3, 3)
    doc = read_one(path, rules)
    assert (doc.date, doc.date_origin) == (dt.date(2018, 3, 3), "file")


def test_html_og_title_when_no_h1(rules: Rules) -> None:
    page = body_page(
        '<meta property="og:title" content="Night market opens in Tainan">'
        "<title>Night market | Formosa Daily</title>",
        STORY,
    )
    assert parse_html(page, rules).meta["title"] == "Night market opens in Tainan"


@pytest.mark.parametrize(
    ("title", "site_meta", "expected"),
    [
        ("Night market opens in Tainan | Formosa Daily", "", "Night market opens in Tainan"),
        ("Night market opens in Tainan - Formosa Daily", "", "Night market opens in Tainan"),
        (
            "Night market opens in Tainan | Formosa Daily",
            '<meta property="og:site_name" content="Formosa Daily">',
            "Night market opens in Tainan",
        ),
        ("Night market opens in Tainan", "", "Night market opens in Tainan"),
    ],
)
def test_html_title_element_without_site_suffix(
    tmp_path: Path, rules: Rules, title: str, site_meta: str, expected: str
) -> None:
    page = body_page(f"<title>{title}</title>{site_meta}", STORY)
    doc = read_one(write(tmp_path, "market.html", page), rules)
    assert doc.title == expected


def test_html_without_metadata_uses_text_evidence(tmp_path: Path, rules: Rules) -> None:
    page = body_page(
        "",
        "<p>ANKARA, 2 June 2021 (Reuters) - Turkey's lira steadied.</p>"
        "<p>Traders were cautious ahead of the bank's decision.</p>",
    )
    doc = read_one(write(tmp_path, "lira.html", page), rules)
    assert doc.source == "Reuters"
    assert (doc.date, doc.date_origin) == (dt.date(2021, 6, 2), "dateline")


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "<html><body><p>Unclosed <b>bold <div><p>Storm warning for the coast &amp; islands",
            "Unclosed bold Storm warning for the coast & islands",
        ),
        (
            "<html><body><h1>Storm warning<p>for the coast</h2></div></span></body>",
            "Storm warning\n\nfor the coast",
        ),
        # An unclosed <script> hides the rest of the page, as it does in a browser.
        ("<html><body><script>if (a < b) { x = '</p>'; }<p>Storm warning</p>", ""),
        (
            "<html><body><![CDATA[ odd ]]><p>Storm warning &#xZZ; &bogus;</p>",
            "Storm warning &#xZZ; &bogus;",
        ),
        ("<p>Storm warning</p><div <p>", "Storm warning"),
        ("<!-- unclosed comment <p>Storm warning</p>", ""),
    ],
)
def test_malformed_html_does_not_raise(
    tmp_path: Path, rules: Rules, page: str, expected: str
) -> None:
    path = write(tmp_path, "bad.html", page)
    if not expected:
        with pytest.raises(SkipFile, match="no readable text"):
            read_one(path, rules)
        return
    assert read_one(path, rules).text == expected


def test_html_line_break_in_heading_separates_words(tmp_path: Path, rules: Rules) -> None:
    page = "<html><body><h1>Storm warning<br>for the coast</h1><p>Ferries stay in port.</p>"
    doc = read_one(write(tmp_path, "storm.html", page), rules)
    assert doc.title == "Storm warning for the coast"


def test_html_declared_windows_1252(tmp_path: Path, rules: Rules) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>x</title></head><body>'
        "<h1>\u201cCaf\u00e9 culture\u201d returns to Li\u00e8ge</h1>"
        "<p>Owners say \u2018business is back\u2019 \u2013 finally.</p></body></html>"
    )
    doc = read_one(write(tmp_path, "liege.html", page.encode("cp1252")), rules)
    assert doc.title == "“Café culture” returns to Liège"
    assert "Owners say ‘business is back’ – finally." in doc.text


def test_utf8_under_a_western_declaration_is_read_as_utf8(tmp_path: Path, rules: Rules) -> None:
    # Exports and re-saved pages keep a latin-1 or cp1252 declaration over UTF-8 bytes; in real
    # Western text UTF-8's byte pairs ("Ã©") do not occur, so valid UTF-8 wins there.
    for declared in ("ISO-8859-1", "windows-1252"):
        page = (
            f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}">'
            "</head><body><h1>L'Humanité fête Liège</h1></body></html>"
        )
        doc = read_one(write(tmp_path, f"{declared}.html", page.encode("utf-8")), rules)
        assert doc.title == "L'Humanité fête Liège"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \r\n\n\t ", "no readable text"),
        ("furniture.html", b"<html><script>x()</script><nav>Home</nav></html>", "no readable text"),
    ],
)
def test_files_without_text_are_skipped(
    tmp_path: Path, rules: Rules, name, content, reason
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SkipFile) as info:
        read_one(path, rules)
    assert info.value.reason == reason


def test_a_charset_whose_escapes_are_control_bytes(tmp_path: Path, rules: Rules) -> None:
    text = "東京の株価が上昇した。市場は活発だった。"
    page = (
        '<html><head><meta charset="iso-2022-jp"></head><body><p>' + text + "</p></body></html>"
    ).encode("iso-2022-jp")
    assert text in read_one(write(tmp_path, "tokyo.html", page), rules).text


def test_a_bare_date_line_with_trailing_spaces_stays_searchable(rules: Rules) -> None:
    raw = parse_plain("date 2024-12-07 Big headline  \n\nThe story.", rules)
    assert raw.front == "date 2024-12-07" and raw.body.startswith("Big headline")
