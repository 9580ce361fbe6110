"""What a query marks in a text: its hits, the snippets around them, the marked-up HTML."""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from whoosh import query

from searchapp.core.engine.analysis import fold, word_spans
from searchapp.core.engine.passages import SNIPPET_SCAN_CHARS, SNIPPET_WIDTH, lead_start
from searchapp.core.engine.query import TEXT_FIELDS, WordForms, negated_parts
from searchapp.core.types import ConcordanceLine

SNIPPET_PASSAGES = 3
WORD_SEARCH_CHARS = 40  # how far a snippet's start looks for the beginning of its word
_LAST_SPACE = re.compile(r"\s(?=\S*$)")
_SPACE = re.compile(r"\s+")
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


@dataclass(frozen=True)
class Targets:
    """What to mark in a text: single words, and exact phrases as word sequences."""

    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def __or__(self, other: Targets) -> Targets:
        return Targets(self.words | other.words, self.phrases + other.phrases)


def query_targets(q: query.Query, reader) -> Targets:
    """The words and phrases that make documents match `q` (not those it excludes)."""
    field_name = q.field() if hasattr(q, "field") else None
    if field_name is not None and field_name not in TEXT_FIELDS:
        return Targets()
    if isinstance(q, WordForms):
        return Targets(frozenset(w for w, _ in q.weighted_words(reader)))
    if isinstance(q, query.Phrase):
        if q.slop > 1 or len(q.words) < 2:
            return Targets(frozenset(q.words))
        return Targets(phrases=(tuple(q.words),))
    if isinstance(q, query.MultiTerm):
        return Targets(frozenset(b.decode("utf-8") for b in q._btexts(reader)))
    if isinstance(q, query.Term):
        return Targets(frozenset([q.text]) if isinstance(q.text, str) else frozenset())
    positive, _ = negated_parts(q)
    found = Targets()
    for child in positive:
        found |= query_targets(child, reader)
    return found


def mark_text(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` HTML-escaped, with each span wrapped in <mark>."""
    out, last = [], 0
    for start, end in spans:
        out.append(html.escape(text[last:start], quote=False))
        out.append(MARK_OPEN + html.escape(text[start:end], quote=False) + MARK_CLOSE)
        last = end
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def _one_line(fragment: str) -> str:
    return " ".join(fragment.split())


@functools.lru_cache(maxsize=64)
def _targets_pattern(targets: Targets) -> re.Pattern[str] | None:
    """One expression finding the targets in folded text, phrases first; None if none."""
    phrases = [r"\W+".join(map(re.escape, phrase)) for phrase in targets.phrases]
    words = sorted(map(re.escape, targets.words), key=len, reverse=True)
    if not phrases and not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases + words) + r")(?!\w)", re.IGNORECASE)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@functools.lru_cache(maxsize=4096)
def _fold_letter(char: str) -> str:
    return fold(char)


@functools.lru_cache(maxsize=4096)
def _fold_run(run: str) -> str:
    """A run of letters outside ASCII, each folded on its own."""
    return "".join(map(_fold_letter, run))


class FoldedText:
    """A text folded for matching, with the way back from its offsets to the text's own: a
    letter that folds to several ("ß" to "ss") makes the folded text longer from there on."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] | None = None  # folded offsets where a piece begins
        if text.isascii():
            self.text = text
            return
        # Only the runs of other letters are folded: a news text's few quotes and accents.
        # (str.translate would look up every letter of it, which cost three times more.)
        runs: list[str] = []

        def folded_run(match: re.Match[str]) -> str:
            runs.append(match.group())
            return _fold_run(runs[-1])

        self.text = _NON_ASCII.sub(folded_run, text)
        longer = [char for char in set("".join(runs)) if len(_fold_letter(char)) != 1]
        if not longer:
            return
        # Pieces: runs of letters that fold one to one, and each letter that does not.
        self.starts, self.originals, self.widths = [], [], []
        folded_at = 0
        for match in re.finditer(
            "[" + re.escape("".join(longer)) + "]|[^" + re.escape("".join(longer)) + "]+", text
        ):
            piece = match.group()
            width = len(_fold_letter(piece)) if piece in longer else 0
            self.starts.append(folded_at)
            self.originals.append(match.start())
            self.widths.append(width)
            folded_at += width or len(piece)

    def original(self, offset: int) -> int:
        """The text's offset for an offset of the folded text."""
        if self.starts is None:
            return offset
        i = bisect.bisect_right(self.starts, offset) - 1
        if self.widths[i]:  # within a letter that folded to several: before it or after it
            return self.originals[i] + (1 if offset > self.starts[i] else 0)
        return self.originals[i] + offset - self.starts[i]

    def spans(self, targets: Targets) -> list[tuple[int, int]]:
        """Where `targets` stand in the text, in the text's own offsets."""
        words = _plain_words(targets)
        if words is not None and self.lowered is not None:
            found = _word_spans(self.text, self.lowered, words)
        else:  # one expression finds them all
            pattern = _targets_pattern(targets)
            found = [] if pattern is None else [m.span() for m in pattern.finditer(self.text)]
        if self.starts is None:
            return found
        return [(self.original(start), self.original(end)) for start, end in found]

    @functools.cached_property
    def lowered(self) -> str | None:
        """The folded text in lower case, when that keeps every offset (it does once the
        letters outside ASCII are folded; the check costs nothing)."""
        lower = self.text.lower()
        return lower if len(lower) == len(self.text) else None


PLAIN_WORDS_MAX = 8  # more words than this are quicker found by one expression
_PLAIN_WORD = re.compile(r"[a-z0-9_]+")


@functools.lru_cache(maxsize=64)
def _plain_words(targets: Targets) -> tuple[str, ...] | None:
    """The targets' words when they are a few plain ones (lower-case ASCII letters and digits)
    and there are no phrases: then a search for each in the lower-cased text finds what the
    expression finds, several times faster. None otherwise."""
    if targets.phrases or not targets.words or len(targets.words) > PLAIN_WORDS_MAX:
        return None
    if not all(_PLAIN_WORD.fullmatch(word) for word in targets.words):
        return None
    return tuple(targets.words)


def _word_spans(text: str, lower: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each of `words` stands in `text` (`lower` in lower case) as a word of its own, in
    order. Two such words never overlap: each starts and ends beside a character that is not a
    word's."""
    found = []
    for word in words:
        at = lower.find(word)
        while at != -1:
            end = at + len(word)
            if not (at and _is_word(text[at - 1])) and not (
                end < len(text) and _is_word(text[end])
            ):
                found.append((at, end))
            at = lower.find(word, at + 1)
    found.sort()
    return found


def _is_word(char: str) -> bool:
    """Whether `char` is a word character as \\w has it."""
    return char.isalnum() or char == "_"


def hit_spans(text: str, targets: Targets, limit: int | None = None) -> list[tuple[int, int]]:
    """Where the target words and phrases stand in `text`, in order, without overlaps."""
    scanned = text if limit is None else text[:limit]
    return FoldedText(scanned).spans(targets)


def hit_spans_each(text: str, each: Sequence[Targets]) -> list[list[tuple[int, int]]]:
    """hit_spans for several sets of targets in one text, folding it once."""
    folded = FoldedText(text)
    return [folded.spans(targets) for targets in each]


def token_spans(text: str, targets: Targets) -> list[tuple[int, int]]:
    """hit_spans for any text: word by word, folding each."""
    tokens = list(word_spans(text))
    spans = [(start, end) for word, start, end in tokens if word in targets.words]
    for phrase in targets.phrases:
        size = len(phrase)
        for index in range(len(tokens) - size + 1):
            if tokens[index][0] == phrase[0] and all(
                tokens[index + k][0] == phrase[k] for k in range(1, size)
            ):
                spans.append((tokens[index][1], tokens[index + size - 1][2]))
    spans.sort(key=lambda span: (span[0], -span[1]))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end))
    return merged


def make_snippet(text: str, targets: Targets, *, opening: bool = False) -> str:
    """The best passages of `text` around the words in `targets`, escaped, with hits marked;
    without hits, its opening passage (where `text` starts, if it is `opening` already)."""
    spans = hit_spans(text, targets, SNIPPET_SCAN_CHARS) if targets else []
    if not spans:
        start = 0 if opening else lead_start(text)
        start, end = _passage_bounds(text, start, SNIPPET_WIDTH)
        suffix = " …" if end < len(text) else ""
        return _one_line(html.escape(text[start:end], quote=False)) + suffix
    passages: list[tuple[int, int]] = []
    remaining = list(spans)
    while remaining and len(passages) < SNIPPET_PASSAGES:
        start, end = _densest_window(text, remaining)
        lead = max(0, start - (SNIPPET_WIDTH - (end - start)) // 3)
        first, last = _passage_bounds(text, lead, SNIPPET_WIDTH)
        passages.append((first, last))
        remaining = [s for s in remaining if not (first - SNIPPET_WIDTH // 2 <= s[0] < last)]
    merged: list[tuple[int, int]] = []
    for first, last in sorted(passages):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    pieces = []
    for first, last in merged:
        inside = [(s - first, e - first) for s, e in spans if first <= s and e <= last]
        prefix = "… " if first > 0 else ""
        pieces.append(prefix + _one_line(mark_text(text[first:last], inside)))
    suffix = " …" if merged[-1][1] < len(text.rstrip()) else ""
    return " ".join(pieces) + suffix


def _densest_window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The stretch of at most a passage's width with the most different hit words, then hits."""
    words = [text[s:e].casefold() for s, e in spans]
    counts: Counter[str] = Counter()
    best, best_score = spans[0], (-1, -1)
    end = 0
    for index, (start, _) in enumerate(spans):
        while end < len(spans) and spans[end][1] <= start + SNIPPET_WIDTH:
            counts[words[end]] += 1
            end += 1
        score = (len(counts), end - index)
        if score > best_score:
            best, best_score = (start, spans[end - 1][1]), score
        counts[words[index]] -= 1
        if not counts[words[index]]:
            del counts[words[index]]
    return best


def _word_start(text: str, position: int) -> int:
    """The start of the word `position` falls in: back to the whitespace before it, or, in a
    run with none near (a long address), on to the whitespace after it."""
    before = _LAST_SPACE.search(text, max(0, position - WORD_SEARCH_CHARS), position)
    if before is not None:
        return before.end()
    after = _SPACE.search(text, position, position + WORD_SEARCH_CHARS)
    return after.end() if after is not None else position


def _passage_bounds(text: str, start: int, width: int) -> tuple[int, int]:
    """About `width` characters of `text` from near `start`, cut at sentence or word boundaries."""
    if start > 0:
        window = max(0, start - 40)
        sentence = text.rfind(". ", window, start)
        line = text.rfind("\n", window, start)
        if sentence >= 0 or line >= 0:
            start = max(sentence + 2 if sentence >= 0 else 0, line + 1 if line >= 0 else 0)
        else:
            start = _word_start(text, start)
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    while start < end and text[start].isspace():
        start += 1
    return start, end


_MARKS = re.compile(f"{MARK_OPEN}|{MARK_CLOSE}")


def plain_snippet(text: str, targets: Targets, *, opening: bool = False) -> str:
    """make_snippet as plain text, for a spreadsheet or a reference manager."""
    return html.unescape(_MARKS.sub("", make_snippet(text, targets, opening=opening)))


def article_lines(
    stored: dict, text: str, targets: Targets, width: int
) -> Iterator[ConcordanceLine]:
    """Each hit of `targets` in an article's text in context (see Engine.concordance); a text
    without one gives one line, from the title's hit or the text's opening words."""
    common = {
        "id": stored["id"],
        "source": stored.get("source", ""),
        "date": stored["date"].date() if stored.get("date") else None,
        "title": stored.get("title") or "",
    }
    spans = hit_spans(text, targets) if targets else []
    for number, (start, end) in enumerate(spans):
        yield ConcordanceLine(
            left=_context_before(text, start, width),
            match=_one_line(text[start:end]),
            right=_context_after(text, end, width),
            hit=number,
            **common,
        )
    if spans:
        return
    title = common["title"]
    in_title = hit_spans(title, targets) if targets and title else []
    if in_title:
        start, end = in_title[0]
        yield ConcordanceLine(
            left=_one_line(title[:start]),
            match=_one_line(title[start:end]),
            right=_one_line(title[end:]),
            hit=-1,
            **common,
        )
        return
    opening = lead_start(text)
    yield ConcordanceLine(
        left="", match="", right=_context_after(text, opening, width * 2), hit=-1, **common
    )


def _context_before(text: str, start: int, width: int) -> str:
    """About `width` letters before `start`, on one line, from the start of a word."""
    first = max(0, start - width)
    if first > 0:
        space = _SPACE.search(text, first, start)
        first = space.end() if space is not None else first
    return _one_line(text[first:start])


def _context_after(text: str, end: int, width: int) -> str:
    """About `width` letters after `end`, on one line, up to the end of a word."""
    last = min(len(text), end + width)
    if last < len(text):
        space = text.rfind(" ", end + 1, last)
        last = space if space > end else last
    return _one_line(text[end:last])
