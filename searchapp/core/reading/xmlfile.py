"""XML files: a news database's XML export, or nothing searchapp can read."""

from __future__ import annotations

from pathlib import Path

from searchapp.core.reading import exports
from searchapp.core.reading.article import Reading, SkipFile
from searchapp.core.reading.rules import Rules


def reads(path: Path, head: bytes, rules: Rules) -> bool:
    """An XML file by its ending (a web page may open with an XML declaration too)."""
    return path.suffix.lower() == ".xml"


def read(data: bytes, rules: Rules) -> Reading:
    """The articles of an export in XML; any other XML is skipped, saying so."""
    reading = exports.from_xml(data, rules)
    if reading is None:
        raise SkipFile("XML in no known news-export layout")
    return reading
