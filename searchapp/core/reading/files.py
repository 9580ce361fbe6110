"""Bytes from a file, read without changing it, and text from those bytes in any encoding."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from searchapp.core.reading.article import SkipFile

_O_NOATIME = getattr(os, "O_NOATIME", 0)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_CONTROL_TO_SPACE = bytes.maketrans(_CONTROL_BYTES, b" " * len(_CONTROL_BYTES))
# cp1252 leaves five bytes undefined; latin-1 reads those so that no byte is lost.
_CP1252_TRANSLATION = {
    b: ord(ch) for b in range(0x80, 0xA0) if (ch := bytes([b]).decode("cp1252", errors="ignore"))
}
_DECLARED_CHARSET = re.compile(
    rb"""<(?:meta[^>]+charset|\?xml[^>]+encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I
)
MARKUP_NUL_SHARE = 100  # a web page with more than one NUL byte in this many is binary
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class OpenFile:
    """A regular file opened read-only, without updating its access time where allowed."""

    def __init__(self, fd: int, info: os.stat_result) -> None:
        self.fd = fd
        self.info = info

    def read(self, limit: int, start: int | None = None) -> bytes:
        """At most `limit` bytes, from `start` or where the last read ended."""
        chunks = []
        try:
            if start is not None:
                os.lseek(self.fd, start, os.SEEK_SET)
            while limit > 0:
                chunk = os.read(self.fd, min(limit, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                limit -= len(chunk)
        except OSError as exc:
            raise SkipFile(_os_reason(exc)) from exc
        return b"".join(chunks)


@contextlib.contextmanager
def open_read_only(path: Path) -> Iterator[OpenFile]:
    """The file, opened without following it into anything but a regular file; SkipFile says
    why it cannot be."""
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
        try:
            info = os.fstat(fd)
        except OSError as exc:
            raise SkipFile(_os_reason(exc)) from exc
        if not stat.S_ISREG(info.st_mode):
            raise SkipFile("not a regular file")
        yield OpenFile(fd, info)
    finally:
        os.close(fd)


def _open_plain(path: Path, flags: int) -> int:
    try:
        return os.open(path, flags)
    except OSError as exc:
        raise SkipFile(_os_reason(exc)) from exc


def megabytes(size: int) -> str:
    """A size for a reason or a note: "20 MB", "1.5 MB"."""
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 else f"{value:.2g} MB"


def declared_charset(data: bytes) -> str | None:
    """The charset a page's <meta> or an XML declaration names in the first bytes of `data`."""
    match = _DECLARED_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


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


def decode(data: bytes, declared: str | None = None, *, markup: bool = False) -> str:
    """Text from bytes: a BOM, then a declared charset, then UTF-8, then cp1252 losing nothing;
    control characters (but tabs and line ends) become spaces.

    In markup, a few NUL bytes are dropped, as browsers do; in plain text any NUL means binary.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return replace_controls(text)
    if b"\x00" in data:
        # A binary file (an image, a PDF, UTF-16 without its BOM) has NULs everywhere.
        if not markup or data.count(b"\x00") * MARKUP_NUL_SHARE > len(data):
            raise SkipFile("binary file (NUL bytes)")
        data = data.replace(b"\x00", b"")
    codec = _codec(declared)
    if codec is not None and codec.startswith(("iso2022", "utf-16", "utf-32")):
        try:  # a charset whose escapes or units hold control bytes
            return replace_controls(data.decode(codec))
        except UnicodeDecodeError:
            pass
    # In other encodings a control character is one byte of its own: replace them all at once.
    data = data.translate(_CONTROL_TO_SPACE)
    if codec in _WESTERN_SINGLE_BYTE and not data.isascii():
        # Declared Western but valid UTF-8 beyond ASCII: the page was saved, or exported, as
        # UTF-8 under its old declaration (in real Latin text, UTF-8's byte pairs do not occur).
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if codec is not None:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):  # LookupError: a codec of bytes, not text
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1").translate(_CP1252_TRANSLATION)


_WESTERN_SINGLE_BYTE = frozenset({"iso8859-1", "iso8859-15", "cp1252", "ascii"})


def _codec(charset: str | None) -> str | None:
    """The codec a declared charset names; None for a name no codec has (or a garbled one)."""
    if not charset:
        return None
    try:
        return codecs.lookup(charset).name
    except (LookupError, ValueError):
        return None


def replace_controls(text: str) -> str:
    """Control characters (but tabs and line ends) as spaces: what a document's text may hold
    from escapes or glyph codes, and no reader wants."""
    return _CONTROL_CHARS.sub(" ", text)


def normalize_text(text: str) -> str:
    """NFC text with plain line ends and no byte order marks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return text if text.isascii() else unicodedata.normalize("NFC", text)
