"""RTF documents: the text of the body, read by a small tokenizer that survives malformed files
(unbalanced braces, a \\bin longer than the file, groups nested past any sense)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from searchapp.core.reading.article import Reading
from searchapp.core.reading.documents import read_document
from searchapp.core.reading.rules import Rules

MAGIC = b"{\\rtf"
_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # a control word and its number
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in hex
    rb"|\\([^a-zA-Z'])"  # a control symbol
    rb"|([{}])"
    rb"|[\r\n]+"  # line ends in the file are not text
    rb"|([^\\{}\r\n]+)"
    rb"|\\",  # a backslash at the very end
    re.DOTALL,
)
# Groups that hold no story: tables of fonts and styles, pictures, fields' codes, page
# furniture, notes, the document's properties (but its title), and anything marked \* (a
# destination a reader may ignore).
_SKIPPED = frozenset(
    word.encode("ascii")
    for word in (
        "fonttbl colortbl stylesheet listtable listoverridetable revtbl rsidtbl generator info "
        "pict object objdata shp shpinst shppict nonshppict fldinst datafield themedata "
        "colorschememapping latentstyles datastore xmlnstbl mmathPr header headerl headerr "
        "headerf footer footerl footerr footerf footnote annotation atnid atnauthor "
        "pgdsctbl filetbl userprops docvar private bkmkstart bkmkend xe tc txe"
    ).split()
)
_SPECIAL = {
    b"par": "\n",
    b"line": "\n",
    b"sect": "\n",
    b"page": "\n",
    b"row": "\n",
    b"tab": "\t",
    b"cell": "\t",
    b"nestcell": "\t",
    b"emdash": "\u2014",
    b"endash": "\u2013",
    b"emspace": "\u2003",
    b"enspace": "\u2002",
    b"bullet": "\u2022",
    b"lquote": "\u2018",
    b"rquote": "\u2019",
    b"ldblquote": "\u201c",
    b"rdblquote": "\u201d",
}
_SYMBOLS = {b"~": "\u00a0", b"_": "\u2011", b"-": "", b"\n": "\n", b"\r": "\n", b"\t": "\t"}
# \fcharset numbers and the code pages they stand for.
_CHARSETS = {
    77: "mac_roman",
    128: "cp932",
    129: "cp949",
    134: "gbk",
    136: "big5",
    161: "cp1253",
    162: "cp1254",
    163: "cp1258",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
}


@dataclass(frozen=True)
class _Group:
    """What a group inherits and may change: where its text goes and how its bytes decode."""

    sink: _Text | None  # None: a group whose text is not read
    codepage: str = "cp1252"
    skip_after_unicode: int = 1  # \ucN: fallback characters written after each \uN


def reads(path: Path, head: bytes, rules: Rules) -> bool:
    """An RTF file by its first bytes, else by its ending."""
    return head.startswith(MAGIC) or path.suffix.lower() == ".rtf"


def read(data: bytes, rules: Rules) -> Reading:
    """The document's text, read as plain text (so that an export in RTF is split)."""
    text, title, too_deep = rtf_text(data, rules.max_nesting)
    reading = read_document(text, title, rules)
    if too_deep:
        reading.problems.append(f"RTF groups nested deeper than {rules.max_nesting} were not read")
    return reading


def rtf_text(data: bytes, max_depth: int) -> tuple[str, str, bool]:
    """The body's text, the \\title, and whether groups nested too deep were left out."""
    body, title = _Text(), _Text()
    group = _Group(body)
    stack: list[_Group] = []
    fonts: dict[int, str] = {}  # font number: its code page, from the font table
    font = None
    overflow = 0  # groups open past max_depth, whose text is not read
    too_deep = starts_group = False
    pending_skip = 0  # fallback characters still to drop after a \uN
    position, end = 0, len(data)
    while position < end:
        match = _TOKEN.match(data, position)
        position = match.end()
        word, number, hex_byte, symbol, brace, run = match.groups()
        first, starts_group = starts_group, False
        if brace is not None:
            pending_skip = 0
            if brace == b"{":
                if overflow or len(stack) >= max_depth:
                    overflow += 1
                    too_deep = True
                else:
                    stack.append(group)
                    starts_group = True
            elif overflow:
                overflow -= 1
            elif stack:  # a closing brace too many is ignored
                group = stack.pop()
            continue
        if overflow:
            continue
        sink = group.sink
        if word is not None:
            value = int(number) if number is not None else None
            if word == b"bin":
                position = min(end, position + max(value or 0, 0))
            elif word == b"u" and value is not None:
                if sink is not None:
                    sink.add(chr(value % 0x10000))  # a signed 16-bit number
                pending_skip = group.skip_after_unicode
            elif pending_skip:
                pending_skip -= 1
            elif first and word in _SKIPPED:
                group = replace(group, sink=None)
            elif first and word == b"title":
                group = replace(group, sink=title)
            elif word == b"uc" and value is not None:
                group = replace(group, skip_after_unicode=max(0, min(value, 10)))
            elif word == b"ansicpg" and value is not None:
                group = replace(group, codepage=f"cp{value}")
            elif word == b"f" and value is not None:
                font = value
                if value in fonts and sink is not None:
                    group = replace(group, codepage=fonts[value])
            elif word == b"fcharset" and value in _CHARSETS and font is not None:
                fonts[font] = _CHARSETS[value]
            elif sink is not None and word in _SPECIAL:
                sink.add(_SPECIAL[word])
        elif symbol is not None:
            if first and symbol == b"*":
                group = replace(group, sink=None)
            elif pending_skip:
                pending_skip -= 1
            elif sink is not None and symbol in _SYMBOLS:
                sink.add(_SYMBOLS[symbol])
            elif sink is not None and symbol in b"\\{}":
                sink.add_bytes(symbol, group.codepage)
        elif hex_byte is not None:
            if pending_skip:
                pending_skip -= 1
            elif sink is not None:
                sink.add_bytes(bytes.fromhex(hex_byte.decode("ascii")), group.codepage)
        elif run is not None:
            if pending_skip:
                dropped = min(pending_skip, len(run))
                run, pending_skip = run[dropped:], pending_skip - dropped
            if sink is not None and run:
                sink.add_bytes(run, group.codepage)
    return body.text(), title.text(), too_deep


class _Text:
    """Text as it is written out: bytes kept until their code page is known to be done with,
    so that a two-byte character written as two hex escapes decodes whole."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._bytes = bytearray()
        self._codepage = "cp1252"

    def add_bytes(self, data: bytes, codepage: str) -> None:
        if codepage != self._codepage:
            self._flush()
            self._codepage = codepage
        self._bytes += data

    def add(self, text: str) -> None:
        self._flush()
        self._parts.append(text)

    def _flush(self) -> None:
        if self._bytes:
            try:
                self._parts.append(self._bytes.decode(self._codepage, errors="replace"))
            except LookupError:
                self._parts.append(self._bytes.decode("cp1252", errors="replace"))
            self._bytes.clear()

    def text(self) -> str:
        self._flush()
        text = "".join(self._parts)
        # Characters past U+FFFF arrive as two \uN halves of a UTF-16 pair.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return re.sub(r"\t+\n", "\n", text)
