"""Write news-database exports and PDFs for the benchmark, from the archive generator's prose.

    python tests/bench/make_documents.py DIR [--exports N] [--per-export K] [--pdfs N]

DIR/exports holds N Nexis-classic text exports of K articles each; DIR/pdf holds N PDFs of
several pages each, with a text layer in a standard font. Pure standard library and
deterministic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_archive import KNOWN_OUTLETS, Prose, Vocabulary  # noqa: E402

SEED = 20261201
PDF_PAGES = (4, 16)  # fewest and most pages of a generated PDF
PDF_LINES_PER_PAGE = 46
PDF_CHARS_PER_LINE = 88


def nexis_export(prose: Prose, rng: random.Random, count: int) -> str:
    """A Nexis classic export of `count` articles: cover page, "N of M DOCUMENTS", fields."""
    lines = [f"Download Request: Selected Items: 1-{count}", "", "Terms: (port)", ""]
    for number in range(1, count + 1):
        outlet = rng.choice(KNOWN_OUTLETS).name
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2000))
        body = "\n\n".join(prose.paragraphs(prose.length()))
        lines += ["", f"{'':>30}{number} of {count} DOCUMENTS", "", "", f"{'':>30}{outlet}", ""]
        lines += [f"{'':>26}{day:%B} {day.day}, {day.year} {day:%A}", "", prose.headline(), ""]
        lines += [f"BYLINE: {rng.choice(('Ann Lee', 'Omar Said', 'Ines Roth'))}", ""]
        lines += [f"LENGTH: {len(body.split())} words", "", body, ""]
        lines += [f"LOAD-DATE: {day:%B} {day.day}, {day.year}", "", "LANGUAGE: ENGLISH", ""]
        lines += [f"{'':>20}Copyright {day.year} {outlet}", f"{'':>26}All Rights Reserved", ""]
    return "\r\n".join(lines) + "\r\n"


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show `pages`' lines in Helvetica, with a correct cross-reference table."""
    objects: list[bytes] = []
    font = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for index, lines in enumerate(pages):
        shown = "".join(f"({_pdf_string(line)}) '\n" for line in lines)
        stream = zlib.compress(f"BT /F1 10 Tf 14 TL 56 800 Td\n{shown}ET".encode("cp1252"))
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * index} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(
            f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
            + stream
            + b"\nendstream"
        )
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    start = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n".encode()
    )
    return bytes(out)


def _pdf_string(text: str) -> str:
    safe = text.encode("cp1252", "replace").decode("cp1252")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_pages(prose: Prose, rng: random.Random) -> list[list[str]]:
    """A report's pages: a headline, then paragraphs wrapped to the page's width."""
    lines = [prose.headline(), ""]
    for _ in range(rng.randint(*PDF_PAGES) * PDF_LINES_PER_PAGE // 8):
        lines += _wrap(prose.paragraph(70)) + [""]
    return [lines[i : i + PDF_LINES_PER_PAGE] for i in range(0, len(lines), PDF_LINES_PER_PAGE)]


def _wrap(text: str) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > PDF_CHARS_PER_LINE:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def write_documents(root: Path, exports: int, per_export: int, pdfs: int) -> dict[str, int]:
    """Write the files; returns how many articles the exports hold and how many PDF pages."""
    rng = random.Random(SEED)
    prose = Prose(rng, Vocabulary())
    (root / "exports").mkdir(parents=True, exist_ok=True)
    (root / "pdf").mkdir(parents=True, exist_ok=True)
    for number in range(exports):
        text = nexis_export(prose, rng, per_export)
        (root / "exports" / f"download{number:03d}.TXT").write_text(text, encoding="utf-8")
    pages = 0
    for number in range(pdfs):
        document = pdf_pages(prose, rng)
        pages += len(document)
        (root / "pdf" / f"report{number:04d}.pdf").write_bytes(pdf_bytes(document))
    return {"articles": exports * per_export, "pages": pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, metavar="DIR")
    parser.add_argument("--exports", type=int, default=20)
    parser.add_argument("--per-export", type=int, default=500)
    parser.add_argument("--pdfs", type=int, default=200)
    args = parser.parse_args(argv)
    counts = write_documents(args.root, args.exports, args.per_export, args.pdfs)
    print(f"{counts['articles']} export articles, {counts['pages']} PDF pages in {args.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
