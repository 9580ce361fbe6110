"""Plain text and Markdown articles: YAML front matter or header lines, then the story."""

from __future__ import annotations

import re
from pathlib import Path

from searchapp.core.reading import exports
from searchapp.core.reading.addresses import web_address
from searchapp.core.reading.article import RawArticle, Reading
from searchapp.core.reading.dates import find_dates
from searchapp.core.reading.files import decode, normalize_text
from searchapp.core.reading.rules import Rules

_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ._-]{0,30}?)\s*:\s*(.*?)\s*$")
_HEADER_SCAN_LINES = 20
_HEADER_KEY_WORDS = 3
_LEADING_TIME = re.compile(
    r"^[\s,]*(?:T|at\s+)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?",
    re.I,
)


def parse_plain(text: str, rules: Rules) -> RawArticle:
    """A text or Markdown article: YAML front matter or header lines, then the story.

    The header feeds the metadata and stays searchable, but it is not the story: snippets and
    the preview show the story alone.
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
    # Trailing spaces aside (a header reader strips the line it splits), the story ends the text.
    whole = "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))
    body = "\n".join(line.rstrip() for line in story).strip("\n")
    front = whole[: len(whole) - len(body)].strip() if whole.endswith(body) else ""
    return RawArticle(body=body, header=header, front=front)


def _read_header_lines(lines: list[str], rules: Rules, header: dict[str, str]) -> None:
    for line in lines:
        match = _HEADER_LINE.match(line)
        if match:
            value = match.group(2).strip().strip("\"'")
            field = _header_field(match.group(1), value, rules)
            if field and field not in header and value:
                header[field] = value


def _header_field(key: str, value: str, rules: Rules) -> str | None:
    """The field a header line gives, by its key; a "source" that is a web address is the
    article's address, not its outlet (web clippers write "source: https://...")."""
    field = rules.header_keys.get(key.strip().lower())
    return "url" if field == "source" and web_address(value) else field


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
        field = _header_field(match.group(1), match.group(2), rules)
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


def reads(path: Path, head: bytes, rules: Rules) -> bool:
    """Any file the library reads is at least plain text."""
    return True


def read(data: bytes, rules: Rules) -> Reading:
    """The articles in a text or Markdown file's bytes."""
    return read_text(normalize_text(decode(data)), rules)


def read_text(text: str, rules: Rules) -> Reading:
    """An export's articles, or the one article a text is."""
    return exports.from_text(text, rules) or Reading([parse_plain(text, rules)])
