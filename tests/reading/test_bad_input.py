"""Bad input in every container format: each file is skipped with a plain reason or read in
part with the problem said, never a crash, a hang or unbounded memory."""

from __future__ import annotations

import dataclasses
import io
import plistlib
import struct
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchapp.core.reading import SkipFile, exports, read_articles
from searchapp.core.reading.article import Reading
from searchapp.core.reading.pdf import NO_TEXT_LAYER
from searchapp.core.reading.rtf import rtf_text
from searchapp.core.reading.rules import Rules
from searchapp.core.reading.zipped import DAMAGED
from tests.reading.test_documents import CHAPTER_ONE, MHTML, RTF_STORY, STORY, write
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

# --- PDF -------------------------------------------------------------------------------------


def test_encrypted_pdf_is_skipped(tmp_path: Path, rules: Rules) -> None:
    path = write(tmp_path, "locked.pdf", pdf_bytes([[STORY]], encrypted=True))
    with pytest.raises(SkipFile, match="^encrypted PDF$"):
        read_articles(path, rules)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", b"%PDF-", b"not a pdf at all, only words"],
)
def test_corrupt_pdf_is_skipped(tmp_path: Path, rules: Rules, data: bytes) -> None:
    with pytest.raises(SkipFile, match="damaged PDF"):
        read_articles(write(tmp_path, "broken.pdf", data), rules)


def test_truncated_pdf_is_skipped_or_read_in_part(tmp_path: Path, rules: Rules) -> None:
    whole = pdf_bytes([[STORY], ["The second page of the story."]])
    for cut in range(0, len(whole), max(1, len(whole) // 25)):
        path = write(tmp_path, "cut.pdf", whole[:cut])
        try:
            found = read_articles(path, rules)
        except SkipFile as skip:
            assert skip.reason
        else:
            assert found.articles[0].text.strip()


def test_pdf_without_a_text_layer_is_skipped_as_scanned(tmp_path: Path, rules: Rules) -> None:
    path = write(tmp_path, "scan.pdf", pdf_bytes([None, None]))
    with pytest.raises(SkipFile) as caught:
        read_articles(path, rules)
    assert (
        caught.value.reason
        == NO_TEXT_LAYER
        == ("no text layer (scanned pages?); searchapp does no OCR")
    )


def test_pdf_with_some_scanned_pages_is_read_in_part(tmp_path: Path, rules: Rules) -> None:
    first = ["Quay reopens", "PORT ELWYN, 6th December 2024 - The quay reopened."]
    pages = [first, None, ["The board will meet again in March."], None, []]
    found = read_articles(write(tmp_path, "mixed.pdf", pdf_bytes(pages)), rules)
    assert found.articles[0].text.split("\n") == [*first, "The board will meet again in March."]
    # The blank last page shows nothing: only the pages with images lack their text.
    assert found.problems == ["pages 2 and 4 have no text layer (scanned?); searchapp does no OCR"]


# --- Zip containers --------------------------------------------------------------------------

ZIPPED = {
    "docx": lambda: docx_bytes(word_paragraph(STORY) * 40),
    "odt": lambda: odt_bytes(f"<text:p>{STORY}</text:p>" * 40),
    "epub": lambda: epub_bytes({"a.xhtml": xhtml("Quay", CHAPTER_ONE * 10)}, ["a.xhtml"], ""),
}


@pytest.mark.parametrize("kind", sorted(ZIPPED))
def test_truncated_zip_container_is_skipped(tmp_path: Path, rules: Rules, kind: str) -> None:
    whole = ZIPPED[kind]()
    for cut in (len(whole) // 4, len(whole) // 2, len(whole) - 30):
        with pytest.raises(SkipFile, match=DAMAGED):
            read_articles(write(tmp_path, f"cut.{kind}", whole[:cut]), rules)


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    """`data` (a zip) with one more member."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", sorted(ZIPPED))
def test_zip_bomb_member_is_refused_before_unpacking(
    tmp_path: Path, rules: Rules, kind: str
) -> None:
    # 8 MB of zeros packs to a few kilobytes: a ratio no document reaches.
    data = _with_member(ZIPPED[kind](), "word/media/filler.bin", bytes(8 * 1024 * 1024))
    started = time.perf_counter()
    with pytest.raises(SkipFile, match="times its size"):
        read_articles(write(tmp_path, f"bomb.{kind}", data), rules)
    assert time.perf_counter() - started < 5


def test_zip_unpacking_past_the_total_limit_is_refused(tmp_path: Path, rules: Rules) -> None:
    small = dataclasses.replace(rules, max_unzipped_bytes=64 * 1024)
    data = _with_member(ZIPPED["docx"](), "word/media/a.bin", bytes(range(256)) * 400)
    with pytest.raises(SkipFile, match="unpacks to more than"):
        read_articles(write(tmp_path, "big.docx", data), small)


def test_zip_of_too_many_entries_is_refused(tmp_path: Path, rules: Rules) -> None:
    data = ZIPPED["odt"]()
    for number in range(30):
        data = _with_member(data, f"Pictures/{number}.png", b"x")
    with pytest.raises(SkipFile, match="more than 20 entries"):
        read_articles(
            write(tmp_path, "many.odt", data), dataclasses.replace(rules, max_zip_entries=20)
        )


def test_zip_member_larger_than_it_claims_is_not_unpacked_past_its_claim(
    tmp_path: Path, rules: Rules
) -> None:
    data = bytearray(docx_bytes(word_paragraph(STORY) * 200))
    # Shrink word/document.xml's stated size in its local and central headers to 100 bytes.
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while not data[at + (30 if signature == b"PK\x03\x04" else 46) :].startswith(name):
            at = data.find(signature, at + 4)
        struct.pack_into("<I", data, at + size_at, 100)
    with pytest.raises(SkipFile, match=DAMAGED):
        read_articles(write(tmp_path, "liar.docx", bytes(data)), rules)


def test_old_binary_word_file_under_a_docx_name_says_what_it_is(
    tmp_path: Path, rules: Rules
) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    with pytest.raises(SkipFile, match="old binary Word file"):
        read_articles(write(tmp_path, "story.docx", data), rules)


def test_spreadsheet_under_an_odt_name_is_skipped(tmp_path: Path, rules: Rules) -> None:
    data = odt_bytes("<table:table/>", kind="spreadsheet")
    with pytest.raises(SkipFile, match="not a text document"):
        read_articles(write(tmp_path, "sheet.odt", data), rules)


def test_damaged_document_xml_keeps_the_text_before_the_damage(
    tmp_path: Path, rules: Rules
) -> None:
    good = docx_bytes(word_paragraph(STORY) + word_paragraph("Second paragraph."))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "word/document.xml":
                content = content.replace(b'">Second', b'">Second<w:broken')
            target.writestr(entry, content)
    found = read_articles(write(tmp_path, "damaged.docx", buffer.getvalue()), rules)
    assert found.articles[0].text == STORY
    assert found.problems == [
        "the document's XML is damaged; only the text before the damage was read"
    ]


# --- Mail ------------------------------------------------------------------------------------


def _notice(number: int) -> bytes:
    return mail_bytes(
        f"Harbour notice {number}",
        "Port Office <port@example.org>",
        "Mon, 02 Dec 2024 09:00:00 +0000",
        plain=f"Notice {number}: the quay closes at six on Friday, the port office said.\n" * 5,
    )


def test_mailbox_larger_than_the_limit_is_read_in_part(tmp_path: Path, rules: Rules) -> None:
    mailbox = mbox_bytes([_notice(number) for number in range(1, 21)])
    limit = len(mailbox) // 3
    small = dataclasses.replace(rules, max_file_bytes=1024, max_mailbox_bytes=limit)
    found = read_articles(write(tmp_path, "port.mbox", mailbox), small)
    read = len(found.articles)
    assert 3 <= read < 20
    assert [a.title for a in found.articles] == [f"Harbour notice {n}" for n in range(1, read + 1)]
    # Only whole messages: the one the limit cut through is left out.
    assert all(a.text.endswith("the port office said.") for a in found.articles)
    assert len(found.problems) == 1 and found.problems[0].startswith("only the first ")


def test_other_files_larger_than_the_limit_are_skipped(tmp_path: Path, rules: Rules) -> None:
    small = dataclasses.replace(rules, max_file_bytes=1024)
    for name, data in (("big.txt", b"word " * 1000), ("big.pdf", pdf_bytes([[STORY]] * 20))):
        with pytest.raises(SkipFile, match="larger than"):
            read_articles(write(tmp_path, name, data), small)


def _nested(depth: int) -> bytes:
    head = b"From: Port Office <port@example.org>\nSubject: Deep\nMIME-Version: 1.0\n"
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (level, level)
        for level in range(depth)
    )
    closing = b"".join(b"\n--b%d--\n" % level for level in reversed(range(depth)))
    return head + opening + b"Content-Type: text/plain\n\n" + STORY.encode() + closing


def test_mime_parts_nested_past_the_limit_are_not_read(tmp_path: Path, rules: Rules) -> None:
    found = read_articles(write(tmp_path, "ok.eml", _nested(10)), rules)
    assert found.articles[0].text == STORY
    with pytest.raises(SkipFile, match="nested deeper than 50"):
        read_articles(write(tmp_path, "deep.eml", _nested(60)), rules)


def test_mime_nested_past_any_parser_is_skipped_quickly(tmp_path: Path, rules: Rules) -> None:
    started = time.perf_counter()
    with pytest.raises(SkipFile, match="nested"):
        read_articles(write(tmp_path, "deeper.eml", _nested(5000)), rules)
    assert time.perf_counter() - started < 10


def test_message_with_only_an_attachment_is_skipped(tmp_path: Path, rules: Rules) -> None:
    data = mail_bytes(
        "Scan",
        "Port Office <port@example.org>",
        "Mon, 02 Dec 2024 09:00:00 +0000",
        attachment=STORY,
    )
    with pytest.raises(SkipFile, match="no text part"):
        read_articles(write(tmp_path, "scan.eml", data), rules)


def test_mailbox_says_once_which_messages_had_no_text(tmp_path: Path, rules: Rules) -> None:
    scan = mail_bytes(
        "Scan",
        "Port Office <port@example.org>",
        "Mon, 02 Dec 2024 09:00:00 +0000",
        attachment=STORY,
    )
    mailbox = mbox_bytes([_notice(1), scan, scan, _notice(2), scan])
    found = read_articles(write(tmp_path, "port.mbox", mailbox), rules)
    assert [a.title for a in found.articles] == ["Harbour notice 1", "Harbour notice 2"]
    assert found.problems == ["3 messages: no text part (attachments are not read)"]


def test_damaged_mhtml_still_reads_what_it_can(tmp_path: Path, rules: Rules) -> None:
    data = MHTML[: MHTML.index(b"Fishing boats")]
    found = read_articles(write(tmp_path, "cut.mhtml", data), rules)
    assert "eastern quay reopened on Friday" in found.articles[0].text


# --- RTF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, text",
    [
        (rb"{\rtf1\ansi Quay reopens.\par {\b Boats return", "Quay reopens.\nBoats return"),
        (rb"{\rtf1\ansi Quay}}} reopens.\par}}}", "Quay reopens."),
        (rb"{\rtf1\ansi Quay reopens\par \'", "Quay reopens\n'"),
        (rb"{\rtf1\ansi Quay reopens\par \u", "Quay reopens\n"),
        (rb"{\rtf1\ansi Quay reopens\par \'zz boats", "Quay reopens\n'zz boats"),
    ],
)
def test_malformed_rtf_is_read_as_far_as_it_goes(data: bytes, text: str) -> None:
    assert rtf_text(data, 50)[0].strip() == text.strip()


def test_rtf_with_a_huge_bin_skips_it_without_reading_on(tmp_path: Path, rules: Rules) -> None:
    data = rb"{\rtf1\ansi Quay reopens after repairs.\par {\bin999999999999 " + bytes(200) + b"}}"
    started = time.perf_counter()
    found = read_articles(write(tmp_path, "bin.rtf", data), rules)
    assert found.articles[0].text == "Quay reopens after repairs."
    assert time.perf_counter() - started < 5


def test_rtf_nested_past_the_limit_is_read_without_recursion(tmp_path: Path, rules: Rules) -> None:
    data = rb"{\rtf1\ansi Quay reopens.\par " + b"{" * 200_000 + b"deep" + b"}" * 200_000 + b"}"
    started = time.perf_counter()
    found = read_articles(write(tmp_path, "deep.rtf", data), rules)
    assert found.articles[0].text == "Quay reopens."
    assert found.problems == ["RTF groups nested deeper than 50 were not read"]
    assert time.perf_counter() - started < 10


def test_control_characters_in_a_document_become_spaces(tmp_path: Path, rules: Rules) -> None:
    data = rb"{\rtf1\ansi Quay\'07reopens\'00after\'1brepairs.\par}"
    found = read_articles(write(tmp_path, "controls.rtf", data), rules)
    assert found.articles[0].text == "Quay reopens after repairs."


def test_rtf_of_control_words_only_is_skipped(tmp_path: Path, rules: Rules) -> None:
    with pytest.raises(SkipFile, match="no readable text"):
        read_articles(
            write(tmp_path, "empty.rtf", rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}\par}"), rules
        )


# --- Exports, web archives, anything at all --------------------------------------------------


@pytest.mark.parametrize(
    "stated, reason",
    [(5, "says it holds 5 articles, none of them readable"), (0, "holds no articles")],
)
def test_export_with_no_articles_is_skipped_saying_so(
    tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch, stated: int, reason: str
) -> None:
    monkeypatch.setattr(exports, "from_text", lambda text, rules: Reading([], stated=stated))
    with pytest.raises(SkipFile, match=reason):
        read_articles(write(tmp_path, "export.docx", docx_bytes(word_paragraph(STORY))), rules)


@pytest.mark.parametrize(
    "data",
    [
        b"bplist00" + bytes(40),
        b"bplist00garbage",
        webarchive_bytes(f"<p>{STORY}</p>".encode())[:-20],
        plistlib.dumps({"WebSubresources": []}, fmt=plistlib.FMT_BINARY),
        plistlib.dumps([1, 2], fmt=plistlib.FMT_BINARY),
        plistlib.dumps({"WebMainResource": {"WebResourceData": "text"}}),
    ],
)
def test_damaged_or_foreign_web_archive_is_skipped(
    tmp_path: Path, rules: Rules, data: bytes
) -> None:
    with pytest.raises(SkipFile, match="web archive"):
        read_articles(write(tmp_path, "page.webarchive", data), rules)


SAMPLES = {
    "pdf": lambda: pdf_bytes([[STORY], None]),
    "docx": ZIPPED["docx"],
    "odt": ZIPPED["odt"],
    "epub": ZIPPED["epub"],
    "rtf": lambda: RTF_STORY,
    "eml": lambda: _notice(1),
    "mbox": lambda: mbox_bytes([_notice(1), _notice(2)]),
    "mhtml": lambda: MHTML,
    "webarchive": lambda: webarchive_bytes(f"<html><body><p>{STORY}</p></body></html>".encode()),
}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    kind=st.sampled_from(sorted(SAMPLES)),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8),
)
def test_damaged_files_are_read_or_skipped_never_crash(
    tmp_path_factory: pytest.TempPathFactory, rules: Rules, kind: str, cut: float, flips: list
) -> None:
    data = bytearray(SAMPLES[kind]())
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    data = data[: max(1, int(cut * len(data)))]
    path = write(tmp_path_factory.mktemp("damaged"), f"damaged.{kind}", bytes(data))
    try:
        found = read_articles(path, rules)
    except SkipFile as skip:
        assert skip.reason
    else:
        assert all(article.text.strip() or article.front.strip() for article in found.articles)
