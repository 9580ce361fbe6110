"""Posting lists: how a segment gathers them in memory and how they lie on disk.

Whoosh's W3 codec pickles each block of postings as tuples of Python objects (an int per
document, a bytes object per posting's positions) and compresses the pickle: about 16 bytes a
posting on generated news, more than the text itself. Here a block packs its document deltas,
weights, value lengths and values into arrays, one after the other, and compresses the lot:
about 5.4 bytes a posting. The rest of the W3 codec (terms table, per-document files) is
Whoosh's own.

A segment writer sends its postings to a TermPool, which keeps each term's list in arrays in
document order, so writing the segment sorts the terms, not every posting.
"""

from __future__ import annotations

import itertools
import struct
import sys
import zlib
from array import array
from collections.abc import Iterator

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.formats import Positions
from whoosh.util.numeric import byte_to_length, length_to_byte

BLOCK_FORMAT = 3  # of blocks and positions; 1 was Whoosh's pickled blocks
BLOCK_SIZE = 128  # postings a block
COMPRESSION = 6  # zlib level: its default balance of speed and size (Whoosh uses 3)
# Size of the rest of the block (negative for a list's last block), postings, last document,
# highest weight, shortest and longest field length (as Whoosh's length bytes), flags.
BLOCK_HEAD = struct.Struct("<iHIfBBB")
TERM_BYTES = 560  # what a new term costs the pool: its key, list object, arrays, dict slot
POSTING_BYTES = 12  # a document number, a weight and a value length
COMPRESSED = 1
UNIT_WEIGHTS = 2  # every weight is 1: none stored
COUNT_WEIGHTS = 4  # whole numbers below 65,536, 16 bits each; otherwise 32-bit floats
WIDE_LENGTHS = 8  # value lengths take 32 bits; otherwise 16
NO_VALUES = 16  # the field's format keeps no values
ESCAPE = 0xFFFF  # in positions: the next two 16-bit numbers are one large delta
# A position's key is document * KEY_STRIDE + position: a prime above 2**32, so keys spread
# over a set's slots (with 2**32 they would differ only in bits sets do not look at).
KEY_STRIDE = 4_294_967_311
_SWAP = sys.byteorder == "big"  # the files are little-endian on every machine


def _to_bytes(numbers: array) -> bytes:
    if _SWAP:
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers.tobytes()


def _from_bytes(typecode: str, data: bytes) -> array:
    numbers = array(typecode)
    numbers.frombytes(data)
    if _SWAP:
        numbers.byteswap()
    return numbers


class CompactPositions(Positions):
    """Word positions as 16-bit deltas (the first from 0), where Whoosh pickles a list per posting.

    A delta of 65,535 or more is written as ESCAPE and its two 16-bit halves. The deltas of a
    whole block then read as one array, which phrase search turns into numbers in one pass.
    """

    def encode(self, poslist: list[int]) -> bytes:
        deltas = [b - a for a, b in zip([0, *poslist], poslist, strict=False)]
        if max(deltas) >= ESCAPE:
            escaped = []
            for delta in deltas:
                escaped.extend(
                    (ESCAPE, delta >> 16, delta & 0xFFFF) if delta >= ESCAPE else (delta,)
                )
            deltas = escaped
        return _to_bytes(array("H", deltas))

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(_deltas(_from_bytes("H", valuestring)))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(itertools.accumulate(_deltas(_from_bytes("H", valuestring))))

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


def _deltas(stream: array) -> array | list[int]:
    """Position deltas with the escaped large ones put together again."""
    if ESCAPE not in stream:
        return stream
    deltas = []
    items = iter(stream)
    for delta in items:
        deltas.append(next(items) << 16 | next(items) if delta == ESCAPE else delta)
    return deltas


class PostingList:
    """One term's postings in a segment being written, in arrays."""

    __slots__ = ("ids", "weights", "lengths", "values", "ordered")

    def __init__(self) -> None:
        self.ids = array("I")
        self.weights = array("f")
        self.lengths = array("I")  # of each value
        self.values = bytearray()
        self.ordered = True

    def append(self, docnum: int, weight: float, value: bytes) -> None:
        if self.ids and docnum <= self.ids[-1]:
            self.ordered = False
        self.ids.append(docnum)
        self.weights.append(weight)
        self.lengths.append(len(value))
        self.values += value

    def in_order(self) -> PostingList:
        """This list sorted by document (postings arrive in order unless segments merge oddly)."""
        if self.ordered:
            return self
        starts = [0, *itertools.accumulate(self.lengths)]
        ordered = PostingList()
        for i in sorted(range(len(self.ids)), key=self.ids.__getitem__):
            ordered.append(self.ids[i], self.weights[i], self.values[starts[i] : starts[i + 1]])
        return ordered


class TermPool:
    """A segment's postings by field and term, kept in memory; stands in for Whoosh's pool."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, PostingList]] = {}
        self.nbytes = 0

    def terms(self, fieldname: str) -> dict[bytes, PostingList]:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        return terms

    def add(self, item: tuple) -> None:
        """One posting as Whoosh hands them over: (field, term, document, weight, value)."""
        fieldname, tbytes, docnum, weight, value = item
        terms = self.terms(fieldname)
        postings = terms.get(tbytes)
        if postings is None:
            postings = terms[tbytes] = PostingList()
            self.nbytes += TERM_BYTES
        postings.append(docnum, weight, value or b"")
        self.nbytes += POSTING_BYTES + len(value or b"")

    def add_positions(self, fieldname: str, docnum: int, positions: dict, fmt: Positions) -> None:
        """One document's words, each with its positions, encoded by the field's format."""
        terms = self.terms(fieldname)
        boost = fmt.field_boost
        added = 0
        for word, spots in positions.items():
            tbytes = word.encode("utf-8")
            postings = terms.get(tbytes)
            if postings is None:
                postings = terms[tbytes] = PostingList()
                added += TERM_BYTES
            value = fmt.encode(spots)
            postings.append(docnum, len(spots) * boost, value)
            added += POSTING_BYTES + len(value)
        self.nbytes += added

    def iter_postings(self):
        """Every posting in Whoosh's order, for code that wants them one at a time."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for tbytes in sorted(terms):
                postings = terms[tbytes].in_order()
                starts = [0, *itertools.accumulate(postings.lengths)]
                for i, docnum in enumerate(postings.ids):
                    value = bytes(postings.values[starts[i] : starts[i + 1]])
                    yield fieldname, tbytes, docnum, postings.weights[i], value

    def cleanup(self) -> None:
        self.fields.clear()
        self.nbytes = 0


class BlockPostingsWriter(W3PostingsWriter):
    """Writes a term's postings as compact blocks (see the module's docstring)."""

    def __init__(self, postfile, blocklimit: int = BLOCK_SIZE) -> None:
        super().__init__(postfile, blocklimit, compression=COMPRESSION)

    def _new_block(self) -> None:
        self._ids = array("I")
        self._weights = array("f")
        self._lengths = array("I")
        self._values = bytearray()
        self._minlength = None
        self._maxlength = 0
        self._maxweight = 0

    def add_posting(self, id_, weight, vbytes, length=None) -> None:
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        self._maxweight = max(self._maxweight, weight)
        if vbytes:
            self._lengths.append(len(vbytes))
            self._values += vbytes
        else:
            self._lengths.append(0)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            self._maxlength = max(self._maxlength, length)

    def add_list(self, postings: PostingList, doc_length=None) -> None:
        """A whole posting list at once, for a term started with nothing buffered.

        `doc_length(docnum)` gives a document's field length; None for fields without lengths.
        """
        assert not self._ids, "add_list after add_posting in one term"
        postings = postings.in_order()
        offsets = [0, *itertools.accumulate(postings.lengths)]
        total = len(postings.ids)
        size = self._blocklimit
        for first in range(0, total, size):
            last = min(first + size, total)
            self._ids = postings.ids[first:last]
            self._weights = postings.weights[first:last]
            self._lengths = postings.lengths[first:last]
            self._values = postings.values[offsets[first] : offsets[last]]
            self._maxweight = max(self._weights)
            if doc_length is not None:
                lengths = [doc_length(d) for d in self._ids]
                self._minlength = min((n for n in lengths if n), default=None)
                self._maxlength = max(lengths)
            self._write_block(last=last == total)

    def finish_postings(self):
        # Never inlined into the terms table: a one-posting block here is a dozen bytes.
        if self._ids:
            self._write_block(last=True)
        terminfo, self._terminfo = self._terminfo, None
        terminfo.set_extent(self._startoffset, self._postfile.tell() - self._startoffset)
        return terminfo

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        flags = 0
        parts = [_to_bytes(array("I", [b - a for a, b in zip([0, *ids], ids, strict=False)]))]
        weights = self._weights
        if weights.count(1.0) == len(weights):
            flags |= UNIT_WEIGHTS
        else:
            counts = array("H", [int(w) if 0 <= w < 1 << 16 else 0 for w in weights])
            if array("f", counts) == weights:
                flags |= COUNT_WEIGHTS
                parts.append(_to_bytes(counts))
            else:
                parts.append(_to_bytes(weights))
        if self._format.fixed_value_size() == 0:
            flags |= NO_VALUES
        else:
            lengths = self._lengths
            if max(lengths) >= 1 << 16:
                flags |= WIDE_LENGTHS
                parts.append(_to_bytes(lengths))
            else:
                parts.append(_to_bytes(array("H", lengths)))
            parts.append(bytes(self._values))
        data = b"".join(parts)
        if len(data) > 24:
            packed = zlib.compress(data, self._compression)
            if len(packed) < len(data):
                data = packed
                flags |= COMPRESSED
        size = BLOCK_HEAD.size - 4 + len(data)
        self._postfile.write(
            BLOCK_HEAD.pack(
                -size if last else size,
                len(ids),
                ids[-1],
                self._maxweight,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
                flags,
            )
        )
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


class BlockMatcher(W3LeafMatcher):
    """Reads the blocks BlockPostingsWriter writes, behind Whoosh's leaf matcher interface."""

    def _goto(self, position: int) -> None:
        self._data = None
        self._ids = None
        self._weights = None
        self._values = None
        self._i = 0
        head = self._postfile.get(position, BLOCK_HEAD.size)
        size, count, maxid, maxweight, minlength, maxlength, flags = BLOCK_HEAD.unpack(head)
        self._lastblock = size < 0
        self._nextoffset = position + 4 + abs(size)
        self._dataoffset = position + BLOCK_HEAD.size
        self._blocklength = count
        self._maxid = maxid
        self._maxweight = maxweight
        self._flags = flags
        self._minlength = byte_to_length(minlength)
        self._maxlength = byte_to_length(maxlength)

    def _read_data(self) -> None:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._flags & COMPRESSED:
            data = zlib.decompress(data)
        self._data = data

    def _section(self, start: int, typecode: str, width: int) -> tuple[array, int]:
        """`typecode` numbers, one per posting, from `start` in the block's data; and their end."""
        end = start + self._blocklength * width
        return _from_bytes(typecode, self._data[start:end]), end

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        deltas, _end = self._section(0, "I", 4)
        self._ids = list(itertools.accumulate(deltas))

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        flags = self._flags
        if flags & UNIT_WEIGHTS:
            self._weights = array("f", [1.0]) * self._blocklength
        elif flags & COUNT_WEIGHTS:
            self._weights = array("f", self._section(self._blocklength * 4, "H", 2)[0])
        else:
            self._weights = self._section(self._blocklength * 4, "f", 4)[0]

    def _value_lengths(self) -> tuple[array, int]:
        """The byte length of each posting's value, and where the values start in the data."""
        flags = self._flags
        count = self._blocklength
        start = count * 4
        if not flags & UNIT_WEIGHTS:
            start += count * (2 if flags & COUNT_WEIGHTS else 4)
        wide = flags & WIDE_LENGTHS
        return self._section(start, "I" if wide else "H", 4 if wide else 2)

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        if self._flags & NO_VALUES:
            self._values = (None,) * self._blocklength
            return
        lengths, start = self._value_lengths()
        data = self._data
        offsets = list(itertools.accumulate(lengths, initial=start))
        self._values = [data[a:b] for a, b in zip(offsets, offsets[1:], strict=False)]

    def _position_stream(self) -> tuple[array, array]:
        """The byte length of each posting's positions, and all their deltas as one array."""
        assert not self._flags & NO_VALUES, "positions asked of a field without them"
        if self._data is None:
            self._read_data()
        if self._ids is None:
            self._read_ids()
        lengths, values_start = self._value_lengths()
        return lengths, _from_bytes("H", self._data[values_start:])

    def position_keys(self, base: int, shift: int) -> list[int]:
        """Every position in this block as one number: (base + document) * KEY_STRIDE + position.

        Each is less `shift`, so the keys of a phrase's k-th word, shifted by k, meet the first
        word's keys where the phrase stands. The block must hold CompactPositions.
        """
        lengths, stream = self._position_stream()
        if ESCAPE in stream:  # a rare block with a gap of 65,535 words or more
            self._read_values()
            decode = self.format.decode_positions
            return [
                (base + docnum) * KEY_STRIDE + position - shift
                for docnum, value in zip(self._ids, self._values, strict=True)
                for position in decode(value)
            ]
        # Each posting's first delta becomes the step from the previous posting's last key, so
        # one running sum over the block's deltas gives every key; the steps come from running
        # sums too, so Python loops over postings, not positions.
        counts = [length // 2 for length in lengths]
        if 0 in counts:
            raise ValueError("a posting without positions")
        ends = list(itertools.accumulate(counts))
        running = list(itertools.accumulate(stream))
        at_ends = [running[end - 1] for end in ends]
        last_positions = [b - a for a, b in zip([0, *at_ends], at_ends, strict=False)]
        ids = self._ids
        steps = stream.tolist()
        steps[0] += (base + ids[0]) * KEY_STRIDE - shift
        gaps = [b - a for a, b in zip(ids, ids[1:], strict=False)]
        for start, gap, previous_last in zip(ends, gaps, last_positions, strict=False):
            steps[start] += gap * KEY_STRIDE - previous_last
        return list(itertools.accumulate(steps))

    def position_sets(self, base: int, documents) -> Iterator[tuple[int, set[int]]]:
        """(base + document, its positions) for each posting here whose document is wanted."""
        lengths, stream = self._position_stream()
        picked = [j for j, docnum in enumerate(self._ids) if base + docnum in documents]
        if not picked:
            return
        offsets = [0, *itertools.accumulate(length // 2 for length in lengths)]
        escaped = ESCAPE in stream
        for j in picked:
            deltas = stream[offsets[j] : offsets[j + 1]]
            yield (
                base + self._ids[j],
                set(itertools.accumulate(_deltas(deltas) if escaped else deltas)),
            )


class ArticleCodec(W3Codec):
    """Whoosh's W3 codec with compact posting blocks."""

    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_SIZE, compression=COMPRESSION)
        self.block_format = BLOCK_FORMAT  # pickled with each segment

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors, which this schema has none of
            return super().postings_writer(dbfile, byteids=True)
        return BlockPostingsWriter(dbfile, blocklimit=self._blocklimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return BlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
