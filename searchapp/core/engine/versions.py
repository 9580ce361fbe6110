"""Two versions of an article word by word: the runs they share, and what each has alone.

Copies of a wire story differ by a headline, a trimmed paragraph, a corrected figure, and by
how their lines are wrapped. Words are compared exactly; the whitespace between them is not
compared, so a re-wrapped paragraph shares all its words. Every character of both texts stays
in the changes, whitespace included, so each text can be rebuilt from them: where two shared
words stand apart differently, that layout is a "dropped" and an "added" change of whitespace
alone, which readers (render_plain, the compare window) show as no change at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher

from searchapp.core.types import WordChange

# Splitting on words, kept by the group, leaves the whitespace between them at the even places:
# gap, word, gap, ..., word, gap. Gap k stands before word k; the last gap ends the text.
_WORDS = re.compile(r"(\S+)")

_MARKS = {"dropped": ("[-", "-]"), "added": ("{+", "+}")}  # wdiff's


def compare_words(first: str, second: str) -> tuple[WordChange, ...]:
    """What `second` keeps ("same"), drops ("dropped") and adds ("added") of `first`, in text
    order; the same and dropped texts joined give `first`, the same and added ones `second`."""
    first_parts, second_parts = _WORDS.split(first), _WORDS.split(second)
    matcher = SequenceMatcher(None, first_parts[1::2], second_parts[1::2], autojunk=False)
    opcodes = matcher.get_opcodes()
    if not opcodes:  # neither text has a word
        return _merged(_region(first, second))
    return _merged(
        piece for opcode in opcodes for piece in _opcode_pieces(first_parts, second_parts, opcode)
    )


def render_plain(changes: Iterable[WordChange]) -> str:
    """The changes as wdiff writes them, for a terminal: [-dropped-] and {+added+} words,
    whitespace outside the marks, and the second text's layout where only layout differs."""
    return "".join(_plain(change) for change in changes)


def _opcode_pieces(
    first_parts: list[str], second_parts: list[str], opcode: tuple[str, int, int, int, int]
) -> Iterator[tuple[str, str]]:
    """(kind, text) pieces of one SequenceMatcher opcode over the words.

    A changed run takes the whitespace on both its sides, so that a layout change next to it
    is part of it; a run of shared words gives the whitespace between them, and at either end
    of the texts the whitespace there, since no changed run takes it.
    """
    tag, i1, i2, j1, j2 = opcode
    if tag != "equal":
        yield from _region(
            "".join(first_parts[2 * i1 : 2 * i2 + 1]), "".join(second_parts[2 * j1 : 2 * j2 + 1])
        )
        return
    for offset in range(i2 - i1):
        if offset or i1 == j1 == 0:
            yield from _region(first_parts[2 * (i1 + offset)], second_parts[2 * (j1 + offset)])
        yield "same", first_parts[2 * (i1 + offset) + 1]
    if 2 * i2 + 1 == len(first_parts) and 2 * j2 + 1 == len(second_parts):
        yield from _region(first_parts[2 * i2], second_parts[2 * j2])


def _region(first: str, second: str) -> Iterator[tuple[str, str]]:
    """A run that differs: the whitespace both start and end with is shared, the rest of
    `first` dropped and the rest of `second` added."""
    head = _shared_space(first, second)
    first_rest, second_rest = first[head:], second[head:]
    tail = _shared_space(first_rest[::-1], second_rest[::-1])
    yield "same", first[:head]
    yield "dropped", first_rest[: len(first_rest) - tail]
    yield "added", second_rest[: len(second_rest) - tail]
    yield "same", first_rest[len(first_rest) - tail :]


def _shared_space(first: str, second: str) -> int:
    """How many whitespace characters `first` and `second` start with alike."""
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b or not a.isspace():
            break
        count += 1
    return count


def _merged(pieces: Iterable[tuple[str, str]]) -> tuple[WordChange, ...]:
    """The pieces as changes: empty ones left out, neighbours of one kind joined."""
    kinds: list[str] = []
    texts: list[list[str]] = []
    for kind, text in pieces:
        if not text:
            continue
        if kinds and kinds[-1] == kind:
            texts[-1].append(text)
        else:
            kinds.append(kind)
            texts.append([text])
    return tuple(WordChange(kind, "".join(run)) for kind, run in zip(kinds, texts, strict=True))


def _plain(change: WordChange) -> str:
    if change.kind == "same":
        return change.text
    words = change.text.strip()
    if not words:  # layout only: the second text's
        return change.text if change.kind == "added" else ""
    opening, closing = _MARKS[change.kind]
    before = change.text[: len(change.text) - len(change.text.lstrip())]
    after = change.text[len(change.text.rstrip()) :]
    return f"{before}{opening}{words}{closing}{after}"
