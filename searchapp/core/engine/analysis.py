"""How text becomes index words: splitting, case and accent folding, stems and name keys.

The index keeps every word as written (folded, stop words included) so that any word `grep -w`
finds is found, and phrases match exactly; stemming and stop words apply at query time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem

WORD = re.compile(r"\w+")
# Letters that do not decompose into a base letter and a mark.
_EXTRA_FOLDS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "ð": "d",
        "’": "'",
    }
)
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "s",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)


def fold(text: str) -> str:
    """Lower case without accents: "Erdoğan" and "ERDOGAN" both give "erdogan"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    if text.isascii():
        return WORD.findall(text.lower())
    # Split before lowering ("İ" lowers to two characters), and fold only non-ASCII words.
    return [w.lower() if w.isascii() else fold(w) for w in WORD.findall(text)]


def word_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """Each word of `text` folded, with its start and end in `text` (for highlighting)."""
    for match in WORD.finditer(text):
        yield fold(match.group()), match.start(), match.end()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Porter stem of a folded word; words with digits are their own stem."""
    if len(word) < 3 or not word.isalpha():
        return word
    return porter_stem(word)


_KEY_MAP = str.maketrans(
    {"g": "k", "j": "k", "q": "k", "c": "k", "z": "s", "v": "f", "p": "b", "t": "d"}
)
_KEY_DROP = re.compile(r"[aeiouwyh]")


def name_key(word: str) -> str:
    """A consonant skeleton that spellings of one transliterated name share.

    j/g/k/q/c, s/z, f/v, b/p and d/t count alike (Arabic qaf and jim are written with all of
    those); vowels, w, y and h are dropped and doubled letters merged, so "jolani", "jawlani"
    and "golani" all give "kln", and "gaddafi", "qaddafi" and "kadhafi" give "kdf".
    """
    if not word.isalpha():
        return word
    head, tail = word[0].translate(_KEY_MAP), word[1:].translate(_KEY_MAP)
    skeleton = (
        head + _KEY_DROP.sub("", tail) if head not in "aeiouwyh" else "a" + _KEY_DROP.sub("", tail)
    )
    return re.sub(r"(.)\1+", r"\1", skeleton)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits from a to b, a swap of neighbouring letters counting as one; limit + 1 beyond limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


@dataclass(frozen=True)
class AnalyzedText:
    """A text split once: each folded word with its positions, and the number of words."""

    positions: dict[str, list[int]]
    length: int

    @classmethod
    def of(cls, text: str) -> AnalyzedText:
        positions: dict[str, list[int]] = {}
        found = words(text)
        for index, word in enumerate(found):
            spot = positions.get(word)
            if spot is None:
                positions[word] = [index]
            else:
                spot.append(index)
        return cls(positions, len(found))


class WordTokenizer(Tokenizer):
    """Whoosh tokenizer for the archive: folded words with positions, nothing dropped."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = fold(value)
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        if chars:
            for position, (word, start, end) in enumerate(word_spans(value), start_pos):
                token.text, token.boost, token.stopped = word, 1.0, False
                token.pos = position
                token.startchar, token.endchar = start_char + start, start_char + end
                yield token
            return
        for position, word in enumerate(words(value), start_pos):
            token.text, token.boost, token.stopped = word, 1.0, False
            if positions:
                token.pos = position
            yield token


class FoldFilter(Filter):
    """Folds each token's text the way document words are folded."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            yield token
