"""A segment's column files read through memory maps, for reads of many documents in any order.

Whoosh reads a column value with a seek and a read on a buffered file, two system calls that a
bulk export or a concordance pays for every article (a third of an export's time). Mapped, a
value is a slice of memory the system pages in and keeps cached. Where a file cannot be mapped
(an empty column, an index held in memory, a system out of address space) the column is read
the usual way.
"""

from __future__ import annotations

import bisect
import mmap
import struct
from array import array
from collections.abc import Callable
from itertools import accumulate
from pickle import loads
from sys import byteorder
from zlib import decompress

from whoosh.codec.whoosh3 import STORED_COLUMN
from whoosh.filedb.structfile import StructFile

_SWAP = byteorder == "little"  # Whoosh writes its arrays big-endian


class MappedFile(StructFile):
    """The part of StructFile a column reader uses (get, get_array and the get_* built on
    them), answered from a memory map without copying the file."""

    def __init__(self, source: mmap.mmap, name: str = "") -> None:
        self._buf = source
        self._name = name
        self.file = None
        self.onclose = None
        self.is_real = False
        self.is_closed = False

    def get(self, position: int, length: int) -> bytes:
        return self._buf[position : position + length]

    def get_array(self, position: int, typecode: str, length: int) -> array:
        values = array(typecode)
        values.frombytes(self.get(position, length * values.itemsize))
        if _SWAP:
            values.byteswap()
        return values

    def close(self) -> None:
        self.is_closed = True  # the map closes when its last reader is gone


def column_values(leaf, name: str, column) -> Callable[[int], object] | None:
    """The values of column `name` of one segment (`leaf`) by document number, read from a
    memory map of its file: the bytes Whoosh's VarBytesColumn wrote, or for "_stored" the
    stored-fields dictionary they hold. None when the segment has no such column."""
    found = _mapped_column(leaf, name, column)
    if found is None or callable(found):
        return found
    source, offset, starts, lengths = found

    def value(docnum: int) -> bytes:
        start = offset + starts[docnum]
        return source[start : start + lengths[docnum]]

    def fields(docnum: int) -> dict | None:
        size = lengths[docnum]
        if not size:
            return None
        start = offset + starts[docnum]
        return loads(decompress(source[start : start + size]))

    return fields if name == "_stored" else value


def _mapped_column(leaf, name: str, column):
    """A segment's column `name` as (map, offset, starts, lengths) of its VarBytesColumn
    layout; Whoosh's reader (as a function of the document number) where the file cannot be
    mapped; None when the segment has no such column."""
    perdoc = leaf._perdoc
    if not perdoc.has_column(name):
        return None
    colfile, offset, length = perdoc._get_column_file(name)
    doccount = leaf.doc_count_all()
    try:
        source = mmap.mmap(colfile.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, AttributeError):
        return column.reader(colfile, offset, length, doccount).__getitem__
    colfile.close()
    # The stored fields' column is pickles compressed over VarBytesColumn's layout.
    starts, lengths = _var_bytes_layout(MappedFile(source, name), offset, length, doccount)
    return source, offset, starts, lengths


def _var_bytes_layout(
    mapped: MappedFile, offset: int, length: int, doccount: int
) -> tuple[array, array]:
    """Where each value of a VarBytesColumn starts (from `offset`) and how long it is. The
    lengths lie at the column's end, before a typecode byte; a column of more than 32,768
    values also stores the starts ("X" last), which a smaller one leaves to the reader to add
    up (Whoosh's reader adds them one at a time in Python; here they are added in C)."""
    last = offset + length - 1
    code = chr(mapped.get_byte(last))
    starts = None
    if code == "X":
        code, starts_code = chr(mapped.get_byte(last - 2)), chr(mapped.get_byte(last - 1))
        last -= 2 + doccount * struct.calcsize(starts_code)
        starts = mapped.get_array(last, starts_code, doccount)
    lengths = mapped.get_array(last - doccount * struct.calcsize(code), code, doccount)
    if starts is None:
        starts = array("q", accumulate(lengths, initial=0))
    return starts, lengths


def _leaves(reader) -> list[tuple[object, int]]:
    """The segments' readers of `reader`, each with the document number it starts at."""
    return [(reader, 0)] if reader.is_atomic() else reader.leaf_readers()


def live_docs(reader) -> range | list[int]:
    """The document numbers of `reader` not deleted, in order, from each segment's own list of
    its deleted documents: Whoosh's all_doc_ids asks of every document of a multi-segment
    index in turn, a second and a half at a million articles."""
    count = reader.doc_count_all()
    deleted: set[int] = set()
    for leaf, start in _leaves(reader):
        perdoc = getattr(leaf, "_perdoc", None)
        if perdoc is None:  # not a segment on disk: ask it
            deleted.update(start + d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d))
        elif perdoc.has_deletions():
            deleted.update(start + d for d in perdoc.deleted_docs())
    return [d for d in range(count) if d not in deleted] if deleted else range(count)


def numbers(reader, name: str, column) -> array:
    """Every value of the fixed-width numeric column `name` (a NumericColumn) over all
    segments, in document order, read in one piece per segment: a search that scores or
    filters every document reads its lengths or days without a call per document. A document
    past the values written, or in a segment without the column, has the column's default."""
    typecode, default = column._typecode, column._default
    width = struct.calcsize(typecode)
    values = array(typecode)
    for leaf, _start in _leaves(reader):
        doccount = leaf.doc_count_all()
        perdoc = getattr(leaf, "_perdoc", None)
        if perdoc is None or not perdoc.has_column(name):
            values.extend([default] * doccount)
            continue
        colfile, offset, length = perdoc._get_column_file(name)
        try:
            count = min(length // width, doccount)
            part = array(typecode)
            part.frombytes(colfile.get(offset, count * width))
        finally:
            colfile.close()
        if _SWAP and width > 1:
            part.byteswap()
        values.extend(part)
        values.extend([default] * (doccount - count))
    return values


def byte_values(reader, name: str, column) -> list[bytes | None]:
    """Every value of the VarBytesColumn `name` over all segments, in document order; None
    for each document of a segment without the column."""
    values: list[bytes | None] = []
    for leaf, _start in _leaves(reader):
        doccount = leaf.doc_count_all()
        found = _mapped_column(leaf, name, column) if hasattr(leaf, "_perdoc") else None
        if found is None:
            values.extend([None] * doccount)
        elif callable(found):
            values.extend(map(found, range(doccount)))
        else:  # sliced in one comprehension, not a call per value
            source, offset, starts, lengths = found
            values.extend(
                [
                    source[offset + start : offset + start + size]
                    for start, size in zip(starts, lengths, strict=False)  # one start more
                ]
            )
    return values


class SegmentColumns:
    """One column of every segment of an index version, by document number; each segment's file
    is mapped when first read. `name` "_stored" reads the stored fields."""

    def __init__(self, reader, name: str, column=STORED_COLUMN) -> None:
        leaves = _leaves(reader)
        self.offsets = [offset for _leaf, offset in leaves]
        self.leaves = [leaf for leaf, _offset in leaves]
        self.name, self.column = name, column
        self.readers: list[Callable[[int], object] | None] = [None] * len(leaves)

    def __getitem__(self, docnum: int):
        i = bisect.bisect_right(self.offsets, docnum) - 1
        read = self.readers[i]
        if read is None:
            read = column_values(self.leaves[i], self.name, self.column)
            if read is None:
                raise KeyError(f"no column {self.name!r} in segment {i}")
            self.readers[i] = read
        return read(docnum - self.offsets[i])
