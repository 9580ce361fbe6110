"""Word (DOCX) and OpenDocument (ODT) text documents, read from their XML: a paragraph is one
line, a table row one line with its cells apart by tabs.

The XML is read as a stream and let go paragraph by paragraph, so a long document never sits
in memory as a whole tree; headers, footers, comments, footnotes and deleted text are not the
story and are left out.
"""

from __future__ import annotations

import io
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from searchapp.core.reading.article import Reading, SkipFile
from searchapp.core.reading.documents import read_document
from searchapp.core.reading.rules import Rules
from searchapp.core.reading.zipped import ZIP_MAGIC, open_zip, read_member, xml_member

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_TEXT_TYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"
_SUFFIXES = (".docx", ".odt")
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODF_SPACES = re.compile(r"[ \t\r\n]+")
_MAX_SPACES = 100  # a text:s may ask for any number of spaces; a line needs no more
DAMAGED_XML = "the document's XML is damaged; only the text before the damage was read"


def reads(path: Path, head: bytes, rules: Rules) -> bool:
    """A Word or OpenDocument text file by its zip members, else by its ending."""
    if head.startswith(ZIP_MAGIC) and (
        b"[Content_Types].xml" in head or b"word/" in head or head[30:].startswith(_ODF_TEXT_TYPE)
    ):
        return True
    return path.suffix.lower() in _SUFFIXES


def read(data: bytes, rules: Rules) -> Reading:
    """The document's text, read as plain text (so that an export in a DOCX is split)."""
    if data.startswith(_OLE_MAGIC):
        raise SkipFile(
            "a password-protected document or an old binary Word file; searchapp reads DOCX and ODT"
        )
    archive = open_zip(data, rules)
    document = read_member(archive, _main_part(xml_member(archive, "_rels/.rels", rules)), rules)
    if document is not None:
        lines, problems = _lines(_word_paragraphs, document)
        title = _title(xml_member(archive, "docProps/core.xml", rules))
    else:
        content = read_member(archive, "content.xml", rules)
        if content is None:
            raise SkipFile("a zip file with no Word or OpenDocument text in it")
        lines, problems = _lines(_odf_paragraphs, content)
        title = _title(xml_member(archive, "meta.xml", rules))
    reading = read_document("\n".join(lines), title, rules)
    reading.problems.extend(problems)
    return reading


def _main_part(relations) -> str:
    """The Word document's main part, as the package's relations name it."""
    for relation in relations.iter() if relations is not None else ():
        if str(relation.get("Type", "")).endswith("/officeDocument") and relation.get("Target"):
            return posixpath.normpath(relation.get("Target").lstrip("/"))
    return "word/document.xml"


class _Lines:
    """Paragraphs as lines; a table row as one line, its cells' paragraphs joined by spaces
    and the cells by tabs (a table inside a cell becomes that cell's text)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._rows: list[list[str]] = []
        self._cells: list[list[str]] = []

    def paragraph(self, text: str) -> None:
        (self._cells[-1] if self._cells else self.lines).append(text)

    def row_start(self) -> None:
        self._rows.append([])

    def cell_start(self) -> None:
        self._cells.append([])

    def cell_end(self) -> None:
        if self._cells:
            text = " ".join(part for part in self._cells.pop() if part.strip())
            (self._rows[-1] if self._rows else self.lines).append(text)

    def row_end(self) -> None:
        if self._rows:
            self.paragraph("\t".join(self._rows.pop()).rstrip("\t"))


def _lines(paragraphs, xml: bytes) -> tuple[list[str], list[str]]:
    """The lines `paragraphs` finds in the XML, and a note when the XML breaks off."""
    from lxml import etree

    lines = _Lines()
    events = etree.iterparse(
        io.BytesIO(xml),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        paragraphs(events, lines)
    except etree.XMLSyntaxError as exc:
        if not any(line.strip() for line in lines.lines):
            raise SkipFile("damaged document (its XML cannot be read)") from exc
        return lines.lines, [DAMAGED_XML]
    return lines.lines, []


def _word_paragraphs(events: Iterator, lines: _Lines) -> None:
    """Word's paragraphs: runs' text joined as written (a run keeps its own spaces), w:tab a
    tab, w:br a line break; the fallback copy of a drawing and moved or deleted text skipped."""
    w = None
    skipped: tuple[str, ...] = ()
    skipping = 0
    buffers: list[list[str]] = []
    for event, element in events:
        tag = element.tag
        if w is None:  # the root names the namespace: transitional or strict Office XML
            if not tag.endswith("}document"):
                raise SkipFile("an Office file that is no Word document (a spreadsheet?)")
            w = tag[: tag.index("}") + 1]
            skipped = (f"{_MC}Fallback", f"{w}moveFrom", f"{w}del")
        if tag in skipped:
            skipping += 1 if event == "start" else -1
            continue
        if skipping:
            continue
        if event == "start":
            if tag == f"{w}p":
                buffers.append([])
            elif tag == f"{w}tr":
                lines.row_start()
            elif tag == f"{w}tc":
                lines.cell_start()
            continue
        if tag == f"{w}t":
            if buffers:
                buffers[-1].append(element.text or "")
        elif tag in (f"{w}tab", f"{w}ptab"):
            if buffers and element.getparent().tag == f"{w}r":  # not a tab stop's definition
                buffers[-1].append("\t")
        elif tag in (f"{w}br", f"{w}cr"):
            if buffers:
                buffers[-1].append("\n")
        elif tag == f"{w}noBreakHyphen":
            if buffers:
                buffers[-1].append("-")
        elif tag == f"{w}p":
            if buffers:
                lines.paragraph("".join(buffers.pop()))
        elif tag == f"{w}tc":
            lines.cell_end()
        elif tag == f"{w}tr":
            lines.row_end()
        _let_go(element, f"{w}body")


def _odf_paragraphs(events: Iterator, lines: _Lines) -> None:
    """OpenDocument's paragraphs and headings in the text body; notes, annotations and
    tracked deletions skipped."""
    skipped = (f"{_TEXT}note", f"{_OFFICE}annotation", f"{_TEXT}tracked-changes")
    paragraph_tags = (f"{_TEXT}p", f"{_TEXT}h")
    skipping = 0
    depth = 0  # paragraphs open: a frame's paragraphs sit inside another one
    text_body = False
    for event, element in events:
        tag = element.tag
        if tag in skipped:
            skipping += 1 if event == "start" else -1
            continue
        if skipping:
            continue
        if event == "start":
            text_body = text_body or tag == f"{_OFFICE}text"
            if tag in paragraph_tags:
                depth += 1
            elif tag == f"{_TABLE}table-row":
                lines.row_start()
            elif tag == f"{_TABLE}table-cell":
                lines.cell_start()
            continue
        if tag in paragraph_tags:
            depth -= 1
            lines.paragraph("".join(_odf_inline(element, skipped + paragraph_tags)).strip(" "))
            # The tail belongs to the enclosing paragraph, which reads it later.
            element.clear(keep_tail=True)
        elif tag == f"{_TABLE}table-cell":
            lines.cell_end()
        elif tag == f"{_TABLE}table-row":
            lines.row_end()
        if depth == 0:
            _let_go(element, f"{_OFFICE}text")
    if not text_body:
        raise SkipFile("an OpenDocument file that is not a text document")


def _odf_inline(element, skipped: tuple[str, ...]) -> Iterator[str]:
    """The text of one paragraph, its spans and links in order; nested paragraphs (a frame's)
    were read on their own."""
    if element.text:
        yield _ODF_SPACES.sub(" ", element.text)
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}s":
            yield " " * _count(child.get(f"{_TEXT}c"))
        elif tag == f"{_TEXT}tab":
            yield "\t"
        elif tag == f"{_TEXT}line-break":
            yield "\n"
        elif isinstance(tag, str) and tag not in skipped:
            yield from _odf_inline(child, skipped)
        if child.tail:
            yield _ODF_SPACES.sub(" ", child.tail)


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), _MAX_SPACES))
    except ValueError:
        return 1


def _let_go(element, body: str) -> None:
    """Free a finished top-level element of the body, and the ones before it."""
    parent = element.getparent()
    if parent is not None and parent.tag == body:
        element.clear(keep_tail=True)
        while element.getprevious() is not None:
            del parent[0]


def _title(properties) -> str:
    """The title property (Dublin Core) in docProps/core.xml or meta.xml, or ""."""
    found = properties.find(f".//{_DC_TITLE}") if properties is not None else None
    return (found.text or "") if found is not None else ""
