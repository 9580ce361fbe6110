"""Files built for tests in the shapes people keep news in: news-database exports and document
formats (never copied from a sample)."""

from __future__ import annotations

import email.message
import email.policy
import io
import plistlib
import zipfile
from dataclasses import dataclass


@dataclass
class Story:
    title: str
    outlet: str
    date: str  # as the export writes it, e.g. "January 11, 2010 Monday"
    body: str
    byline: str = ""
    section: str = ""
    language: str = "ENGLISH"


def nexis_classic(stories: list[Story], stated: int | None = None) -> str:
    """A Nexis classic text export: a cover page, then "N of M DOCUMENTS" and labelled fields."""
    total = len(stories) if stated is None else stated
    lines = [
        f"Download Request: Selected Items: 1-{total}",
        "Time Of Request: Friday, March 20, 2018  16:51:31",
        "",
        "Terms: (harbour or ferry)",
        "",
        "Source: Selected newspapers",
        "",
        "",
    ]
    for number, story in enumerate(stories, start=1):
        lines += [f"{'':>31}{number} of {total} DOCUMENTS", "", "", ""]
        lines += [f"{'':>30}{story.outlet}", "", f"{'':>28}{story.date}", "", story.title, ""]
        if story.byline:
            lines += [f"BYLINE: {story.byline}", ""]
        if story.section:
            lines += [f"SECTION: {story.section}", ""]
        lines += [f"LENGTH: {len(story.body.split())} words", "", story.body, ""]
        lines += [f"LOAD-DATE: {story.date}", "", f"LANGUAGE: {story.language}", ""]
        lines += ["PUBLICATION-TYPE: Newspaper", "", ""]
        lines += [f"{'':>20}Copyright 2010 {story.outlet}", f"{'':>26}All Rights Reserved", ""]
        lines += ["", ""]
    return "\r\n".join(lines)


HARBOUR_STORIES = [
    Story(
        "Ferry strike ends after night of talks",
        "The Harbour Gazette",
        "January 11, 2010 Monday",
        "Ferry crews returned to work on Monday after unions and the port authority agreed "
        "on new rosters. Passengers queued at the quay from dawn.",
        byline="Jane Okafor",
        section="NEWS; Pg. 4",
    ),
    Story(
        "Quay repairs to close the north berth",
        "Coastal Courier",
        "February 3, 2010 Wednesday",
        "The north berth will close for six weeks while engineers repair the quay wall "
        "that the winter storms undermined.",
        byline="Tom Reyes",
        section="LOCAL",
    ),
    Story(
        "Neuer Fahrplan für die Fähren",
        "Hafenblatt",
        "Mittwoch 31. März 2010",
        "Die Fähren fahren ab April häufiger, teilte die Hafenbehörde am Mittwoch mit.",
        byline="Anna Becker",
        section="Lokales",
        language="GERMAN",
    ),
]


# Document formats


def pdf_bytes(
    pages: list[list[str] | None], title: str | None = None, encrypted: bool = False
) -> bytes:
    """A PDF written by hand: each page a list of text lines (Helvetica, cp1252), or None for
    a page that shows only an image, as a scanned page does."""

    def string(text: str) -> bytes:
        escaped = bytearray()
        for byte in text.encode("cp1252"):
            if byte in b"()\\":
                escaped += b"\\" + bytes([byte])
            elif byte < 32 or byte > 126:
                escaped += b"\\%03o" % byte
            else:
                escaped.append(byte)
        return b"(" + bytes(escaped) + b")"

    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        if lines is None:
            stream = b"q 200 0 0 200 100 400 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q"
        else:
            shown = b"".join(string(line) + b" Tj T* " for line in lines)
            stream = b"BT /F1 11 Tf 14 TL 72 760 Td " + shown + b"ET"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    trailer = b""
    if title is not None:
        objects.append(b"<< /Title " + string(title) + b" >>")
        trailer += b" /Info %d 0 R" % len(objects)
    if encrypted:  # a standard security handler whose user password is not empty
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (b"11" * 32, b"22" * 32)
        )
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"ab" * 16, b"ab" * 16)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def zip_bytes(members: dict[str, str | bytes], stored: tuple[str, ...] = ("mimetype",)) -> bytes:
    """A zip of `members` in order, those named in `stored` uncompressed (as ODF and EPUB
    want their mimetype)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=kind)
    return buffer.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(body: str, title: str | None = None) -> bytes:
    """A Word document whose w:body holds `body` (WordprocessingML, prefix w)."""
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + (f"<dc:title>{title}</dc:title>" if title is not None else "")
        + '<dcterms:created xsi:type="dcterms:W3CDTF">2001-02-03T04:05:06Z</dcterms:created>'
        "</cp:coreProperties>"
    )
    return zip_bytes(
        {
            "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"/>',
            "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
            "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document '
            f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
            f'2006"><w:body>{body}</w:body></w:document>',
            "docProps/core.xml": core,
        }
    )


def word_paragraph(*runs: str) -> str:
    """A w:p of runs, each run's text kept with its spaces."""
    return (
        "<w:p>"
        + "".join(f'<w:r><w:t xml:space="preserve">{run}</w:t></w:r>' for run in runs)
        + ("</w:p>")
    )


ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)


def odt_bytes(body: str, title: str | None = None, kind: str = "text") -> bytes:
    """An OpenDocument text whose office:text holds `body` (prefixes text, table)."""
    meta = f"<office:document-meta {ODF}><office:meta>"
    if title is not None:
        meta += f"<dc:title>{title}</dc:title>"
    meta += "<meta:creation-date>2001-02-03T04:05:06</meta:creation-date></office:meta>"
    return zip_bytes(
        {
            "mimetype": f"application/vnd.oasis.opendocument.{kind}",
            "content.xml": f"<office:document-content {ODF}><office:body><office:{kind}>{body}"
            f"</office:{kind}></office:body></office:document-content>",
            "meta.xml": meta + "</office:document-meta>",
        }
    )


def epub_bytes(
    chapters: dict[str, str], spine: list[str], metadata: str, folder: str = "OEBPS"
) -> bytes:
    """An EPUB: `chapters` {file name: XHTML}, read in `spine` order; `metadata` the OPF's
    <metadata> content (prefix dc)."""
    manifest = "".join(
        f'<item id="{name.split(".")[0]}" href="{name}" media-type="application/xhtml+xml"'
        + (' properties="nav"' if name == "nav.xhtml" else "")
        + "/>"
        for name in chapters
    )
    itemrefs = "".join(f'<itemref idref="{name.split(".")[0]}"/>' for name in spine)
    package = (
        '<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" '
        'version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:opf="http://www.idpf.org/2007/opf">{metadata}</metadata>'
        f"<manifest>{manifest}</manifest><spine>{itemrefs}</spine></package>"
    )
    prefix = f"{folder}/" if folder else ""
    container = (
        '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
        f'full-path="{prefix}content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    members: dict[str, str | bytes] = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": container,
        f"{prefix}content.opf": package,
    }
    members.update({prefix + name: page for name, page in chapters.items()})
    return zip_bytes(members)


def xhtml(title: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>{title}</title></head><body>{body}</body></html>"
    )


def mail_bytes(
    subject: str,
    sender: str,
    date: str,
    plain: str | None = None,
    html: str | None = None,
    attachment: str | None = None,
) -> bytes:
    """A message built with the email package: plain text, HTML, or both as alternatives."""
    message = email.message.EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = "reader@example.org"
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = "<1@example.org>"
    if plain is not None:
        message.set_content(plain, cte="quoted-printable")
    if html is not None:
        if plain is None:
            message.set_content(html, subtype="html", cte="quoted-printable")
        else:
            message.add_alternative(html, subtype="html", cte="quoted-printable")
    if attachment is not None:
        message.add_attachment(attachment, filename="notes.txt")
    return message.as_bytes()


def mbox_bytes(messages: list[bytes]) -> bytes:
    """A mailbox (mboxrd): each message after its "From " line, its own "From " lines quoted."""
    out = bytearray()
    for message in messages:
        quoted = b"\n".join(
            b">" + line if line.lstrip(b">").startswith(b"From ") else line
            for line in message.replace(b"\r\n", b"\n").split(b"\n")
        )
        out += b"From news@example.org Sat Dec  7 10:00:00 2024\n" + quoted.rstrip(b"\n")
        out += b"\n\n"
    return bytes(out)


def webarchive_bytes(page: bytes, encoding: str | None = "UTF-8", kind: str = "text/html"):
    main = {
        "WebResourceData": page,
        "WebResourceMIMEType": kind,
        "WebResourceURL": "https://news.example.org/story",
        "WebResourceFrameName": "",
    }
    if encoding is not None:
        main["WebResourceTextEncodingName"] = encoding
    return plistlib.dumps({"WebMainResource": main}, fmt=plistlib.FMT_BINARY)
