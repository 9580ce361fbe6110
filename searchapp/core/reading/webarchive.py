"""Safari web archives (.webarchive): the saved page inside, read as a web page."""

from __future__ import annotations

from pathlib import Path

from searchapp.core.reading import html, plain
from searchapp.core.reading.article import Reading, SkipFile
from searchapp.core.reading.files import declared_charset, decode, normalize_text
from searchapp.core.reading.rules import Rules

MAGIC = b"bplist00"
DAMAGED = "damaged Safari web archive"


def reads(path: Path, head: bytes, rules: Rules) -> bool:
    """A web archive by its binary property list header, else by its ending."""
    return head.startswith(MAGIC) or path.suffix.lower() == ".webarchive"


def read(data: bytes, rules: Rules) -> Reading:
    """The archive's main resource: its bytes decoded by the encoding the archive names."""
    import plistlib
    import xml.parsers.expat

    try:
        archive = plistlib.loads(data)
    except (
        plistlib.InvalidFileException,
        xml.parsers.expat.ExpatError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        OverflowError,
        RecursionError,
    ) as exc:
        raise SkipFile(DAMAGED) from exc
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    page = main.get("WebResourceData") if isinstance(main, dict) else None
    if not isinstance(page, bytes):
        raise SkipFile("a property list that is no Safari web archive")
    encoding = main.get("WebResourceTextEncodingName")
    mime_type = main.get("WebResourceMIMEType")
    if not isinstance(encoding, str):
        encoding = declared_charset(page)
    if isinstance(mime_type, str) and mime_type.startswith("text/plain"):
        return plain.read_text(normalize_text(decode(page, encoding)), rules)
    address = main.get("WebResourceURL")
    text = normalize_text(decode(page, encoding, markup=True))
    return html.read_markup(text, rules, address if isinstance(address, str) else None)
