"""Zip containers (DOCX, ODT, EPUB), opened so that a damaged file or a zip bomb is refused
before anything is unpacked, and members read no further than they claim to go."""

from __future__ import annotations

import io
import zlib
from typing import TYPE_CHECKING

from searchapp.core.reading.article import SkipFile
from searchapp.core.reading.files import megabytes
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from zipfile import ZipFile

ZIP_MAGIC = b"PK\x03\x04"
# Below this size a member cannot be a bomb, however tightly packed (a page of spaces packs
# a thousandfold).
_RATIO_FLOOR = 1024 * 1024
DAMAGED = "damaged or truncated zip container"


def open_zip(data: bytes, rules: Rules) -> ZipFile:
    """The zip container in `data`, its directory checked against the rules' limits."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise SkipFile(DAMAGED) from exc
    entries = archive.infolist()
    if len(entries) > rules.max_zip_entries:
        raise SkipFile(f"zip container of more than {rules.max_zip_entries} entries")
    if sum(entry.file_size for entry in entries) > rules.max_unzipped_bytes:
        raise SkipFile(f"unpacks to more than {megabytes(rules.max_unzipped_bytes)} (a zip bomb?)")
    for entry in entries:
        packed = max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FLOOR and entry.file_size > rules.max_zip_ratio * packed:
            raise SkipFile(
                f"{entry.filename} unpacks to {entry.file_size // packed} times its size "
                "(a zip bomb?)"
            )
    return archive


def read_member(archive: ZipFile, name: str, rules: Rules) -> bytes | None:
    """A member's bytes, or None when there is no such member; SkipFile when it is damaged."""
    import zipfile

    try:
        entry = archive.getinfo(name)
    except KeyError:
        return None
    if entry.flag_bits & 0x1:
        raise SkipFile("encrypted zip container")
    limit = min(entry.file_size, rules.max_unzipped_bytes)
    try:
        with archive.open(entry) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise SkipFile(DAMAGED) from exc
    except (OSError, RuntimeError) as exc:  # an unsupported or encrypted member
        raise SkipFile(f"cannot unpack {name} ({exc})") from exc
    if len(data) > limit:
        raise SkipFile(DAMAGED)
    return data


def xml_member(archive: ZipFile, name: str, rules: Rules):
    """A small XML member's root element (a package's manifest or properties), or None when
    the member is missing or unreadable."""
    data = read_member(archive, name, rules)
    if not data:
        return None
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
