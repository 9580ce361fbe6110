"""Mail files: EML messages, MBOX mailboxes and MHTML saved pages.

Each message is read for the articles its text holds: an HTML part as a web page (a news
database's e-mailed delivery holds many articles), else its plain text, with the Subject as the
title, the Date as the date and the sender's name as the source; attachments are not read. A
saved page (MHTML) is the page it holds, dated and titled by the page itself. A mailbox is split
at its "From " lines here, never through the `mailbox` module, which can open files for writing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING

from searchapp.core.reading import html, plain
from searchapp.core.reading.addresses import web_address
from searchapp.core.reading.article import RawArticle, Reading, SkipFile
from searchapp.core.reading.files import declared_charset, decode, normalize_text
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from email.message import Message

_SUFFIXES = (".eml", ".mbox", ".mht", ".mhtml")
# A mailbox's separator: "From " a sender and a time, then a header line.
_MBOX_LINE = re.compile(rb"From [^\r\n]*?\d\d?:\d\d[^\r\n]*\r?\n[\x21-\x39\x3b-\x7e]+:")
_HEADER_NAME = re.compile(rb"[\x21-\x39\x3b-\x7e]+")
# Headers that only mail has; a text with "Date:" and "Subject:" lines is not mail by itself.
_MAIL_HEADERS = frozenset(
    b"received message-id return-path delivered-to x-mailer in-reply-to references".split()
)
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def reads(path: Path, head: bytes, rules: Rules) -> bool:
    """Mail by its ending, or by a header block that only mail has."""
    return path.suffix.lower() in _SUFFIXES or is_mail(head)


def is_mail(head: bytes) -> bool:
    """Whether `head` opens a mailbox or a message: a "From " line, or header lines naming
    MIME or a mail route."""
    if head.startswith(b"From "):
        return _MBOX_LINE.match(head) is not None
    if not head[:1].isalpha() or b":" not in head[: head.find(b"\n")]:
        return False
    block, blank, _ = head.replace(b"\r\n", b"\n").partition(b"\n\n")
    lines = block.split(b"\n")
    if not blank:
        lines = lines[:-1]  # the head may end inside a line
    names = set()
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            continue
        name, colon, _ = line.partition(b":")
        if not colon or not _HEADER_NAME.fullmatch(name):
            return False
        names.add(name.lower())
    return b"mime-version" in names or (b"from" in names and len(names & _MAIL_HEADERS) >= 2)


def read(data: bytes, rules: Rules) -> Reading:
    """The articles of every message in the file."""
    return _read(data, rules, cut=False)


def read_start(data: bytes, rules: Rules) -> Reading:
    """The articles of the messages that the first part of a large mailbox holds whole."""
    return _read(data, rules, cut=True)


def _read(data: bytes, rules: Rules, cut: bool) -> Reading:
    mailbox = _MBOX_LINE.match(data) is not None
    spans = _messages(data) if mailbox else [(0, len(data))]
    if cut and len(spans) > 1:
        spans = spans[:-1]  # the last one is cut short
    articles: list[RawArticle] = []
    problems: dict[str, list[int]] = {}  # each problem, and the messages that had it
    counts: list[tuple[int | None, int]] = []  # what each message states, what it holds
    for number, (start, end) in enumerate(spans, start=1):
        raw = data[start:end]
        reading = _read_message(_unquoted(raw) if mailbox else raw, rules)
        for problem in reading.problems:
            problems.setdefault(problem, []).append(number)
        articles += reading.articles
        held = sum(1 for article in reading.articles if (article.front or article.body).strip())
        counts.append((reading.stated, held))
    stated = None
    if any(said is not None for said, _ in counts):
        stated = sum(held if said is None else said for said, held in counts)
    return Reading(articles, stated=stated, problems=_said(problems, mailbox))


def _said(problems: dict[str, list[int]], mailbox: bool) -> list[str]:
    """Each problem once, with the messages of a mailbox that had it."""
    if not mailbox:
        return list(problems)
    return [
        f"message {numbers[0]}: {problem}"
        if len(numbers) == 1
        else f"{len(numbers)} messages: {problem}"
        for problem, numbers in problems.items()
    ]


def _messages(mailbox: bytes) -> list[tuple[int, int]]:
    """Where each message of a mailbox starts (after its "From " line) and ends."""
    starts = [0]
    position = 0
    while (found := mailbox.find(b"\nFrom ", position)) != -1:
        position = found + 1
        if _MBOX_LINE.match(mailbox, position):
            starts.append(position)
    ends = [*starts[1:], len(mailbox)]
    return [(mailbox.index(b"\n", start) + 1, end) for start, end in zip(starts, ends, strict=True)]


def _unquoted(message: bytes) -> bytes:
    """A mailbox message's text with its ">From " lines as they were written."""
    return _QUOTED_FROM.sub(rb"\1", message) if b"\n>" in message else message


def _read_message(raw: bytes, rules: Rules) -> Reading:
    import email

    try:
        message = email.message_from_bytes(raw)
    except RecursionError:
        return Reading([], problems=["MIME parts nested too deeply to read"])
    part, too_deep = _text_part(message, rules.max_nesting)
    problems = []
    if too_deep:
        problems.append(f"MIME parts nested deeper than {rules.max_nesting} were not read")
    if part is None:
        return Reading([], problems=[*problems, "no text part (attachments are not read)"])
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return Reading([], problems=problems)
    charset = part.get_content_charset()
    saved_page = _is_saved_page(message)
    try:
        if part.get_content_type() == "text/html":
            text = decode(payload, charset or declared_charset(payload), markup=True)
            address = _saved_location(message, part) if saved_page else None
            reading = html.read_markup(normalize_text(text), rules, address)
        else:
            reading = plain.read_text(normalize_text(decode(payload, charset)), rules)
    except SkipFile as skip:
        return Reading([], problems=[*problems, skip.reason])
    reading.problems[:0] = problems
    if not saved_page and len(reading.articles) == 1:
        article = reading.articles[0]
        if not article.export:
            header = {**_message_fields(message), **article.header}
            reading.articles[0] = dataclasses.replace(article, header=header)
    return reading


def _text_part(message: Message, max_depth: int) -> tuple[Message | None, bool]:
    """The message's HTML part, else its plain-text part, not counting attachments; and
    whether parts nested past `max_depth` were left unread."""
    first_html = first_plain = None
    too_deep = False
    stack = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        if part.get_content_disposition() == "attachment":
            continue
        if part.is_multipart():
            children = part.get_payload()
            if depth >= max_depth:
                too_deep = True
            elif isinstance(children, list):
                stack += [(child, depth + 1) for child in reversed(children)]
            continue
        kind = part.get_content_type()
        if kind == "text/html" and first_html is None:
            first_html = part
        elif kind == "text/plain" and first_plain is None:
            first_plain = part
    return first_html or first_plain, too_deep


def _is_saved_page(message: Message) -> bool:
    """A web page saved by a browser as MHTML: its Date is when it was saved, its From the
    browser."""
    sender = _header_text(message.get("From"))
    return (
        message.get("Snapshot-Content-Location") is not None
        or "saved by" in sender.casefold()
        or (not sender and message.get_content_type() == "multipart/related")
    )


def _saved_location(message: Message, part: Message) -> str | None:
    """Where a saved page (MHTML) was saved from: its page part's Content-Location, else the
    Snapshot-Content-Location or Content-Location the whole file names; the first that is a web
    address (a part may be located at "cid:..." or a file)."""
    for header in (
        part.get("Content-Location"),
        message.get("Snapshot-Content-Location"),
        message.get("Content-Location"),
    ):
        location = web_address(_header_text(header))
        if location:
            return location
    return None


def _message_fields(message: Message) -> dict[str, str]:
    """Title, date and source from the message's header: Subject, Date, the sender's name."""
    import email.utils

    fields = {}
    subject = " ".join(_header_text(message.get("Subject")).split())
    if subject:
        fields["title"] = subject
    stamp = _header_text(message.get("Date"))
    if stamp:
        try:
            # The sender's own day, in the zone the stamp is written in.
            fields["date"] = email.utils.parsedate_to_datetime(stamp).date().isoformat()
        except (TypeError, ValueError, IndexError, OverflowError):
            fields["date"] = stamp
    name, _ = email.utils.parseaddr(_header_text(message.get("From")))
    name = " ".join(name.split()).strip("\"' ")
    if name and "@" not in name:
        fields["source"] = name
    return fields


def _header_text(value: object) -> str:
    """A header's value with its encoded words (=?utf-8?q?...?=) decoded."""
    import email.errors
    import email.header

    if value is None:
        return ""
    text = str(value)
    if "=?" in text:
        errors = (email.errors.HeaderParseError, LookupError, UnicodeError, ValueError)
        with contextlib.suppress(*errors):
            text = str(email.header.make_header(email.header.decode_header(text)))
    # Raw 8-bit bytes in a header arrive as escaped surrogates: most senders meant UTF-8.
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
