"""Read one saved article (text, Markdown or a web page) into a Document, never writing to it."""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import errno
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from searchapp.core.metadata import RawArticle, extract_metadata, find_dates
from searchapp.core.rules import Rules

_O_NOATIME = getattr(os, "O_NOATIME", 0)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_RUN = re.compile(r"\s+")
_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ._-]{0,30}?)\s*:\s*(.*?)\s*$")
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_SCAN_LINES = 20
_HEADER_KEY_WORDS = 3
_LEADING_TIME = re.compile(
    r"^[\s,]*(?:T|at\s+)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?",
    re.I,
)
# cp1252 leaves five bytes undefined; latin-1 reads those so that no byte is lost.
_CP1252_TRANSLATION = {
    b: ord(ch) for b in range(0x80, 0xA0) if (ch := bytes([b]).decode("cp1252", errors="ignore"))
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "blockquote",
        "pre",
        "header",
        "table",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "figcaption",
        "figure",
        "hr",
        "main",
        "address",
        "caption",
    ]
)
_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


class SkipFile(Exception):
    """A file that is not indexed, with the plain reason why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """One article as the index holds it."""

    path: Path
    text: str
    title: str
    date: dt.date | None
    date_origin: str
    source: str
    size: int
    mtime_ns: int
    month_day: tuple[int, int] | None = None


def read_bytes(path: Path, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The file's bytes, opened read-only without following it into anything but a regular file."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | _O_NOATIME)
    except PermissionError:
        fd = _open_plain(path, flags)
    except OSError as exc:
        if exc.errno == errno.EPERM:
            fd = _open_plain(path, flags)
        else:
            raise SkipFile(_os_reason(exc)) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SkipFile("not a regular file")
        if info.st_size > max_bytes:
            raise SkipFile(f"larger than {_megabytes(max_bytes)}")
        chunks = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:
            raise SkipFile(f"larger than {_megabytes(max_bytes)}")
        return data, info
    except OSError as exc:
        raise SkipFile(_os_reason(exc)) from exc
    finally:
        os.close(fd)


def _open_plain(path: Path, flags: int) -> int:
    try:
        return os.open(path, flags)
    except OSError as exc:
        raise SkipFile(_os_reason(exc)) from exc


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: "file vanished or is a broken link",
        errno.ELOOP: "symbolic link loop",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EISDIR: "is a folder",
        errno.ENXIO: "not a regular file",
    }
    return reasons.get(exc.errno, f"cannot read ({exc.strerror or exc})")


def decode(data: bytes, declared: str | None = None) -> str:
    """Text from bytes: a BOM, then a declared charset, then UTF-8, then cp1252 losing nothing."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in data:
        raise SkipFile("binary file (NUL bytes)")
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1").translate(_CP1252_TRANSLATION)


def normalize_text(text: str) -> str:
    """NFC text with plain line ends and no stray control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _CONTROL_CHARS.sub(" ", text)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def parse_plain(text: str, rules: Rules) -> RawArticle:
    """A text or Markdown article: YAML front matter or header lines, then the story.

    The whole text stays searchable; the header only feeds the metadata.
    """
    lines = text.split("\n")
    header: dict[str, str] = {}
    story = lines
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:60], start=1):
            if line.strip() in ("---", "..."):
                _read_header_lines(lines[1:index], rules, header)
                story = lines[index + 1 :]
                break
    if not header:
        story = _read_header_block(lines, rules, header)
    return RawArticle(body="\n".join(story).strip("\n"), header=header, full_text=text.strip("\n"))


def _read_header_lines(lines: list[str], rules: Rules, header: dict[str, str]) -> None:
    for line in lines:
        match = _HEADER_LINE.match(line)
        if match:
            field = rules.header_keys.get(match.group(1).strip().lower())
            if field and field not in header and match.group(2).strip():
                header[field] = match.group(2).strip().strip("\"'")


def _read_header_block(lines: list[str], rules: Rules, header: dict[str, str]) -> list[str]:
    """Read the leading block of "Key: value" lines, or a bare "date 2024-12-07 ..." first line.

    Returns the story's lines: all of them when the block names no key searchapp knows.
    """
    first = None
    for index, line in enumerate(lines[:_HEADER_SCAN_LINES]):
        stripped = line.strip()
        if not stripped:
            if first is None:
                continue
            break
        if first is None:
            first = index
            bare = _bare_date_line(stripped, rules)
            if bare is not None:
                header["date"], rest = bare
                return [rest, *lines[index + 1 :]]
        match = _HEADER_LINE.match(stripped)
        if match is None or len(match.group(1).split()) > _HEADER_KEY_WORDS:
            break
        field = rules.header_keys.get(match.group(1).strip().lower())
        if field and match.group(2):
            header.setdefault(field, match.group(2))
        end = index + 1
    if not header:
        return lines
    return lines[end:]


def _bare_date_line(line: str, rules: Rules) -> tuple[str, str] | None:
    """A line such as "date 2024-12-07 Headline": a date key, a date, then the rest of the line."""
    key, _, value = line.partition(" ")
    if rules.header_keys.get(key.lower()) != "date":
        return None  # "Date: ..." is an ordinary header line
    value = value.lstrip()
    dates = find_dates(value)
    if not dates or dates[0].start != 0:
        return None
    rest = _LEADING_TIME.sub("", value[dates[0].end :], count=1)
    return value[: dates[0].end], rest.strip()


class _PageParser(HTMLParser):
    """Collects a page's visible text by blocks, its metadata tags and its first heading."""

    def __init__(self, skip: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = skip
        self.skip_depth = 0
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.heading: list[str] = []
        self.json_ld: list[str] = []
        self.pre_depth = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (
                values.get("property") or values.get("name") or values.get("itemprop") or ""
            ).lower()
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"].strip()
            return
        if tag == "time" and values.get("datetime") and "time" not in self.meta:
            self.meta["time"] = values["datetime"]
        if tag == "title" or (tag == "script" and values.get("type") == "application/ld+json"):
            self._in = tag
        elif tag == "h1" and not self.heading and not self.skip_depth:
            self._in = "h1"
        if tag in self.skip and tag not in _VOID_TAGS:
            self.skip_depth += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if self._in == "h1":
                self.heading.append(" ")
        if tag == "pre":
            self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skip and tag not in _VOID_TAGS and self.skip_depth:
            self.skip_depth -= 1
        if tag == self._in or (self._in == "h1" and tag in _BLOCK_TAGS):
            self._in = None
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.pre_depth:
            # Outside <pre>, line breaks in the page source are only spaces.
            data = _SPACE_RUN.sub(" ", data)
        if self._in == "title":
            self.title.append(data)
            return  # the title is metadata, not page text
        if self._in == "script":
            self.json_ld.append(data)
        if self.skip_depth:
            return
        if self._in == "h1":
            self.heading.append(data)
        self.parts.append(data)


def _drop_unclosed_comment(markup: str) -> str:
    """The markup up to a comment that never closes: browsers show nothing after it."""
    position = 0
    while (start := markup.find("<!--", position)) >= 0:
        end = markup.find("-->", start + 4)
        if end < 0:
            return markup[:start]
        position = end + 3
    return markup


def _json_ld_fields(blobs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}

    def visit(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for key, target in (("datePublished", "date"), ("headline", "title")):
                if isinstance(node.get(key), str):
                    found.setdefault(target, node[key])
            publisher = node.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                found.setdefault("source", publisher["name"])
            visit(node.get("@graph"))

    for blob in blobs:
        try:
            visit(json.loads(blob))
        except (ValueError, RecursionError):
            continue
    return found


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def parse_html(text: str, rules: Rules) -> RawArticle:
    """A saved web page: its visible text without page furniture, and its metadata tags."""
    page = _PageParser(rules.html_skip)
    try:
        page.feed(_drop_unclosed_comment(text))
        page.close()
    except (AssertionError, ValueError):
        pass  # malformed markup: keep what was read up to the fault
    body = "\n".join(" ".join(line.split()) for line in "".join(page.parts).split("\n"))
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    linked = _json_ld_fields(page.json_ld)
    meta: dict[str, str] = {}
    date = _first(page.meta, rules.html_date) or linked.get("date") or page.meta.get("time")
    source = _first(page.meta, rules.html_source) or linked.get("source")
    heading = " ".join("".join(page.heading).split())
    title = heading or _first(page.meta, rules.html_title) or linked.get("title")
    if not title and page.title:
        title = _strip_site_suffix(" ".join("".join(page.title).split()), source)
    for key, value in (("date", date), ("source", source), ("title", title)):
        if value:
            meta[key] = value
    return RawArticle(body=body, meta=meta)


def _strip_site_suffix(title: str, site: str | None) -> str:
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and (
        site is None or parts[-1].casefold() == site.casefold() or len(parts[-1]) < 30
    ):
        return " - ".join(parts[:-1])
    return title


def read_document(path: Path, rules: Rules) -> Document:
    """Read and understand one file; raises SkipFile with a reason for files not to index."""
    data, info = read_bytes(path, rules.max_file_bytes)
    is_html = path.suffix.lower() in rules.html_extensions
    declared = None
    if is_html:
        match = _DECLARED_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii", "replace") if match else None
    text = normalize_text(decode(data, declared))
    raw = parse_html(text, rules) if is_html else parse_plain(text, rules)
    if not (raw.full_text or raw.body).strip():
        raise SkipFile("empty file" if not data else "no readable text")
    raw = dataclasses.replace(raw, mtime=info.st_mtime)
    meta = extract_metadata(raw, rules)
    return Document(
        path=path,
        text=raw.full_text if raw.full_text is not None else raw.body,
        title=meta.title,
        date=meta.date,
        date_origin=meta.date_origin,
        source=meta.source,
        size=info.st_size,
        mtime_ns=info.st_mtime_ns,
        month_day=meta.month_day,
    )
