"""PDF files: the text layer of each page, read by PDFium (searchapp does no OCR)."""

from __future__ import annotations

import threading
from pathlib import Path

from searchapp.core.reading.article import Reading, SkipFile
from searchapp.core.reading.documents import read_document
from searchapp.core.reading.rules import Rules

MAGIC = b"%PDF-"
NO_TEXT_LAYER = "no text layer (scanned pages?); searchapp does no OCR"
# PDFium is not safe to call from two threads at once (a preview beside a reindex).
_PDFIUM = threading.Lock()
# PDFium joins a word hyphenated at a line's end and marks the join with one of these.
_ARTEFACTS = str.maketrans({"\x02": "", "\ufffe": ""})


def reads(path: Path, head: bytes, rules: Rules) -> bool:
    """A PDF by its header, else by its ending."""
    return head.startswith(MAGIC) or path.suffix.lower() == ".pdf"


def read(data: bytes, rules: Rules) -> Reading:
    """The text of every page, read as plain text (so that an export in a PDF is split)."""
    pages, scanned, title = _text_layer(data)
    pages = [page for page in pages if page.strip()]
    if not pages:
        raise SkipFile(NO_TEXT_LAYER)
    reading = read_document("\n".join(pages), title, rules)
    if scanned:
        reading.problems.append(
            f"{_pages(scanned)} no text layer (scanned?); searchapp does no OCR"
        )
    return reading


def _text_layer(data: bytes) -> tuple[list[str], list[int], str]:
    """Each page's text, the numbers of pages that show images but hold no text, and the
    document's title property."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
                raise SkipFile("encrypted PDF") from exc
            raise SkipFile("damaged PDF (PDFium cannot open it)") from exc
        try:
            pages, scanned = [], []
            for number in range(1, len(document) + 1):
                page = document[number - 1]
                try:
                    text = _page_text(page)
                    if not text.strip() and _shows_images(page, pdfium_c.FPDF_PAGEOBJ_IMAGE):
                        scanned.append(number)
                finally:
                    page.close()
                pages.append(text)
            title = document.get_metadata_value("Title")
        except pypdfium2.PdfiumError as exc:
            raise SkipFile("damaged PDF (PDFium cannot read its pages)") from exc
        finally:
            document.close()
    return pages, scanned, title


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_bounded().translate(_ARTEFACTS)
    finally:
        textpage.close()


def _shows_images(page, image_type: int) -> bool:
    return next(iter(page.get_objects(filter=(image_type,), max_depth=2)), None) is not None


def _pages(numbers: list[int]) -> str:
    """Pages named for a note: "page 3 has", "pages 2, 5 and 9 have", "12 pages have"."""
    if len(numbers) == 1:
        return f"page {numbers[0]} has"
    if len(numbers) > 10:
        return f"{len(numbers)} pages have"
    return f"pages {', '.join(map(str, numbers[:-1]))} and {numbers[-1]} have"
