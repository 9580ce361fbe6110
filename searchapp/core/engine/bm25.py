"""BM25, the one formula that scores words and phrases, on both search paths.

The block-at-a-time scorer (scoring.py) and Whoosh's matchers (FormsMatcher in query.py) both
score with these functions, so a query ranks alike whichever path answers it.
"""

from __future__ import annotations

import math

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from searchapp.core.engine.mapped import numbers

K1 = 1.2
B = 0.75


def idf(total: int, frequency: int) -> float:
    """How rare a term is among `total` documents, `frequency` of which hold it."""
    if not total:
        return 0.0
    return math.log(total / (min(total, frequency) + 1)) + 1


def length_norm(length: float, average: float) -> float:
    """The part of BM25's denominator that a document's length sets."""
    return K1 * ((1 - B) + B * length / average)


def score(weight: float, frequency: float, norm: float) -> float:
    """BM25 of a term held `frequency` times, where `weight` is its boost times its idf."""
    return weight * frequency * (K1 + 1) / (frequency + norm)


class FieldStats:
    """Document count and each document's length norm in one field, for one index version."""

    def __init__(self, reader, fieldname: str) -> None:
        self.total = reader.doc_count_all()
        # As Whoosh's searcher has it: total length over all documents, deleted ones included.
        self.average = (reader.field_length(fieldname) / (self.total or 1)) or 1
        # Each document's length as the byte Whoosh stores, read as one column, and each
        # byte's norm worked out once. A document without the field (an article with no
        # byline) has byte 0; its norm is never used, as no term of the field matches it.
        lengths = numbers(reader, _lenfield(fieldname), LENGTHS_COLUMN)
        by_byte = [length_norm(byte_to_length(b) if b else 0, self.average) for b in range(256)]
        self.norms = [by_byte[b] for b in lengths]

    def idf(self, frequency: int) -> float:
        return idf(self.total, frequency)

    def scores(self, frequency_of: dict[int, float], boost: float, frequency: int) -> dict:
        """BM25 of each document given how often it holds the term; `frequency` documents do."""
        factor = boost * self.idf(frequency) * (K1 + 1)
        norms = self.norms
        return {d: factor * tf / (tf + norms[d]) for d, tf in frequency_of.items()}
