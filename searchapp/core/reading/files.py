"""Bytes from a file, read without changing it, and text from those bytes in any encoding."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
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
MARKUP_NUL_SHARE = 100  # a web page with more than one NUL byte in this many is binary
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


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


def decode(data: bytes, declared: str | None = None, *, markup: bool = False) -> str:
    """Text from bytes: a BOM, then a declared charset, then UTF-8, then cp1252 losing nothing;
    control characters (but tabs and line ends) become spaces.

    In markup, a few NUL bytes are dropped, as browsers do; in plain text any NUL means binary.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return _CONTROL_CHARS.sub(" ", text)
    if b"\x00" in data:
        # A binary file (an image, a PDF, UTF-16 without its BOM) has NULs everywhere.
        if not markup or data.count(b"\x00") * MARKUP_NUL_SHARE > len(data):
            raise SkipFile("binary file (NUL bytes)")
        data = data.replace(b"\x00", b"")
    if declared and not _controls_are_bytes(declared):
        try:  # a charset whose escapes or units hold control bytes (ISO-2022-JP, UTF-16)
            return _CONTROL_CHARS.sub(" ", data.decode(declared))
        except UnicodeDecodeError:
            pass
    # In these encodings a control character is one byte of its own: replace them all at once.
    data = data.translate(_CONTROL_TO_SPACE)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1").translate(_CP1252_TRANSLATION)


def _controls_are_bytes(charset: str) -> bool:
    """Whether, in `charset`, a control character is always one byte of its own."""
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return True  # unknown: it will not be used
    return not name.startswith(("iso2022", "utf-16", "utf-32"))


def normalize_text(text: str) -> str:
    """NFC text with plain line ends and no byte order marks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return text if text.isascii() else unicodedata.normalize("NFC", text)
