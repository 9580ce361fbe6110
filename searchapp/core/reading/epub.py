"""EPUB books and news digests: each chapter of the spine that holds real text is an article,
read as a web page, in the spine's order; the package's date and publisher fill in what a
chapter does not declare itself."""

from __future__ import annotations

import dataclasses
import posixpath
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from searchapp.core.reading import html
from searchapp.core.reading.article import RawArticle, Reading, SkipFile
from searchapp.core.reading.dates import parse_date_value
from searchapp.core.reading.files import declared_charset, decode, normalize_text
from searchapp.core.reading.rules import Rules
from searchapp.core.reading.zipped import ZIP_MAGIC, open_zip, read_member, xml_member

if TYPE_CHECKING:
    from zipfile import ZipFile

_EPUB_TYPE = b"mimetypeapplication/epub+zip"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_PAGE_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")
# A chapter with fewer words is a cover, a title page or a table of contents, not an article.
MIN_CHAPTER_WORDS = 30
# Dates an OPF may give that say when the file was made, not when its text was published.
_NOT_PUBLICATION = ("creation", "modification", "conversion")


def reads(path: Path, head: bytes, rules: Rules) -> bool:
    """An EPUB by its first zip member (mimetype), else by its ending."""
    return (head.startswith(ZIP_MAGIC) and head[30:].startswith(_EPUB_TYPE)) or (
        path.suffix.lower() == ".epub"
    )


def read(data: bytes, rules: Rules) -> Reading:
    """The chapters with text, in reading order."""
    archive = open_zip(data, rules)
    package_path = _package_path(xml_member(archive, "META-INF/container.xml", rules))
    package = xml_member(archive, package_path, rules) if package_path else None
    if package is None:
        raise SkipFile("an EPUB without a readable package (OPF) file")
    declared = _declared(package)
    chapters = _chapters(package, posixpath.dirname(package_path))
    articles, problems = _read_chapters(archive, chapters, rules)
    articles = [_filled(article, declared) for article in articles]
    if len(articles) == 1 and declared.get("title") and not articles[0].export:
        article = articles[0]
        articles[0] = dataclasses.replace(
            article, meta={**article.meta, "title": declared["title"]}
        )
    return Reading(articles, problems=problems)


def _read_chapters(
    archive: ZipFile, chapters: list[str], rules: Rules
) -> tuple[list[RawArticle], list[str]]:
    """The articles of the chapters with real text (of all with any, when none has enough),
    and what could not be read."""
    found: list[RawArticle] = []
    problems: list[str] = []
    missing = 0
    for chapter in chapters:
        page = read_member(archive, chapter, rules)
        if page is None:
            missing += 1
            continue
        try:
            text = normalize_text(decode(page, declared_charset(page), markup=True))
        except SkipFile as skip:
            problems.append(f"{chapter}: {skip.reason}")
            continue
        reading = html.read_markup(text, rules)
        problems += reading.problems
        found += reading.articles
    if missing:
        problems.append(f"{missing} of the {len(chapters)} chapters the book lists are missing")
    long_enough = [
        article
        for article in found
        if article.export or len(article.body.split()) >= MIN_CHAPTER_WORDS
    ]
    return long_enough or [article for article in found if article.body.strip()], problems


def _filled(article: RawArticle, declared: dict[str, str]) -> RawArticle:
    """The article with the book's publisher where the chapter names none, and the book's
    date where the chapter declares none: as a weighed date, which the chapter's own dateline
    comes before (a digest's date is the day it was made)."""
    meta = dict(article.meta)
    if "source" in declared:
        meta.setdefault("source", declared["source"])
    if "date" in declared and not meta.get("date"):
        meta.setdefault("weighed_date", declared["date"])
    return dataclasses.replace(article, meta=meta)


def _package_path(container) -> str | None:
    """Where META-INF/container.xml says the package (OPF) file is."""
    if container is None:
        return None
    for rootfile in container.iter(f"{_CONTAINER}rootfile"):
        path = rootfile.get("full-path")
        if path and rootfile.get("media-type", "application/oebps-package+xml").endswith("xml"):
            return posixpath.normpath(urllib.parse.unquote(path).lstrip("/"))
    return None


def _chapters(package, base: str) -> list[str]:
    """The zip paths of the spine's pages in reading order, less the navigation document and
    pages outside the main reading order (linear="no")."""
    manifest = {}
    for item in package.iter(f"{_OPF}item"):
        navigation = "nav" in item.get("properties", "").split()
        if item.get("media-type") in _PAGE_TYPES and not navigation:
            href = urllib.parse.unquote(item.get("href", "").split("#")[0])
            if href:
                manifest[item.get("id")] = posixpath.normpath(posixpath.join(base, href))
    paths = []
    for itemref in package.iter(f"{_OPF}itemref"):
        path = manifest.get(itemref.get("idref"))
        if path and itemref.get("linear", "yes") != "no" and path not in paths:
            paths.append(path)
    return paths


def _declared(package) -> dict[str, str]:
    """The book's title, its publication date and its publisher, where it gives them; not a
    publisher that names the program which made the file."""
    declared = {}
    title = package.find(f".//{_DC}title")
    if title is not None and title.text and title.text.strip():
        declared["title"] = " ".join(title.text.split())
    for date in package.iter(f"{_DC}date"):
        event = (date.get(f"{_OPF}event") or date.get("event") or "").lower()
        value = (date.text or "").strip()
        parsed = parse_date_value(value)
        if event not in _NOT_PUBLICATION and parsed is not None and parsed.year >= 1800:
            declared["date"] = parsed.isoformat()
            break
    publisher = package.find(f".//{_DC}publisher")
    makers = " ".join(_makers(package)).casefold()
    if publisher is not None and publisher.text and publisher.text.strip():
        name = " ".join(publisher.text.split())
        if name.casefold() not in makers:
            declared["source"] = name
    return declared


def _makers(package) -> list[str]:
    """What the package names as the program that produced it: a book producer (role "bkp")
    or a generator."""
    found = []
    for element in package.iter(f"{_DC}contributor", f"{_OPF}meta", "meta"):
        role = element.get(f"{_OPF}role") or element.get("role") or ""
        if element.tag.endswith("contributor") and role == "bkp":
            found.append(element.text or "")
        elif element.get("name") == "generator":
            found.append(element.get("content") or "")
    return found
