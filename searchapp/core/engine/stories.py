"""Stories: which articles are copies of one another.

The same story reaches an archive many times: one wire story printed by several papers, one
article in two downloads, a page saved twice, a story corrected and updated. Each article gets
a fingerprint at index time from its own words (never its wrapper: the readers have already
taken the clipping's header, the page or the export's fields away):

- an exact hash of its folded words, for copies that differ only in case, punctuation and
  spacing;
- MinHash band keys over word shingles (one-permutation MinHash with densification, cut into
  LSH bands), which two articles share when most of their four-word runs are the same, so a
  new headline, a trimmed last paragraph or a corrected figure still matches.

After each commit, the articles sharing a band key are compared on their stored texts (the
share of shingles in common) and linked when they are copies; a story is a group of linked
articles. Its id is the smallest article id in it, so a rebuild gives the same stories and an
incremental reindex (which builds the table again from the fingerprints) keeps them right as
copies arrive and leave. Each comparison's verdict is kept with the table under the two texts'
exact hashes, so the next commit compares only the pairs it has not seen: a watcher's commit of
one file reads one or two texts, not every text that shares a band key.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from searchapp.core.engine.analysis import words
from searchapp.core.engine.mapped import byte_values, live_docs

SHINGLE = 4  # words in a shingle: long enough that unrelated texts share few
MIN_WORDS = 25  # a shorter text is no one's copy: a brief, a caption, a paywall's stub
BINS = 64  # MinHash values in a signature
ROWS = 2  # values in a band: two articles that share a band are compared
BANDS = BINS // ROWS
EXACT = 8  # bytes of the exact hash at the start of a fingerprint
KEY = 4  # bytes of each band key after it
RECORD = EXACT + BANDS * KEY  # bytes of a fingerprint
BUCKET_LIMIT = 64  # a band key shared by more articles is boilerplate, not a story
SHINGLED_KEPT = 1024  # articles' shingles kept while grouping (up to 50 KB each), then dropped
SAME_STORY = 0.5  # the share of shingles two copies have in common, at least
CONTAINED = 0.8  # or: the shorter's shingles found in the longer one (a trimmed copy, an
SIZES = 0.25  # update that grew, one a reader kept page furniture around), when it is at
# least a quarter as long
BANDS_AT_ONCE = 8  # bands whose pairs are gathered before repeats are dropped: bounds memory
PAIRS_AT_ONCE = 65536  # candidate pairs turned into Python numbers at a time
STORIES_FILE = "stories.pickle"
FORMAT = 3
_MASK = (1 << 64) - 1
_BIN_BITS = 6  # BINS = 2 ** _BIN_BITS
_EMPTY = _MASK  # larger than any value a bin can hold
# Odd 64-bit multipliers that make a shingle's hash depend on the order of its words.
_ORDER = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)


def fingerprint(text: str) -> bytes:
    """An article's exact hash and band keys, from its words alone; none for a text too short
    to tell a copy from a stub many articles share ("Subscribe to read the full story")."""
    folded = words(text)
    if len(folded) < MIN_WORDS:
        return b""
    exact = hashlib.blake2b(" ".join(folded).encode("utf-8"), digest_size=EXACT).digest()
    signature = minhash(shingles(folded))
    keys = (
        zlib.crc32(b"".join(v.to_bytes(8, "little") for v in signature[b * ROWS : b * ROWS + ROWS]))
        for b in range(BANDS)
    )
    return exact + b"".join(key.to_bytes(KEY, "little") for key in keys)


def shingles(folded: list[str]) -> set[int]:
    """The 64-bit hashes of a text's runs of SHINGLE words."""
    hashes = [zlib.crc32(word.encode("utf-8")) for word in folded]
    a, b, c = _ORDER
    return {
        (w * a + x * b + y * c + z) & _MASK
        for w, x, y, z in zip(hashes, hashes[1:], hashes[2:], hashes[3:], strict=False)
    }


def minhash(values: set[int]) -> list[int] | None:
    """One-permutation MinHash: the smallest value in each of BINS bins of the hash space;
    an empty bin borrows from the next full one (densification), so that short texts have
    as many values as long ones. None for no values."""
    if not values:
        return None
    bins = [_EMPTY] * BINS
    for value in values:
        slot = value & (BINS - 1)
        rest = value >> _BIN_BITS
        if rest < bins[slot]:
            bins[slot] = rest
    for slot in range(BINS):
        if bins[slot] == _EMPTY:
            step = 1
            while bins[(slot + step) % BINS] == _EMPTY:
                step += 1
            bins[slot] = (bins[(slot + step) % BINS] + step * 0x9E3779B97F4A7C15) & _MASK
    return bins


def are_copies(first: set[int], second: set[int]) -> bool:
    """Whether two articles' shingles make them one story: most of them shared, or nearly
    all of the shorter's found in the longer."""
    if not first or not second:
        return False
    common = len(first & second)
    small, large = sorted((len(first), len(second)))
    if common >= SAME_STORY * (small + large - common):
        return True
    return small >= SIZES * large and common >= CONTAINED * small


@dataclass
class StoryTable:
    """The stories of one index version: for each article in a story of several, the
    document number that stands for its story, and each story's id."""

    generation: int = -1
    story_of: dict[int, int] = field(default_factory=dict)  # docnum -> its story's docnum
    ids: dict[int, str] = field(default_factory=dict)  # a story's docnum -> the story's id
    members: dict[int, list[int]] = field(default_factory=dict)  # story docnum -> docnums
    place: dict[int, int] = field(default_factory=dict)  # docnum -> its rank by id in its story
    # Two texts' exact hashes, the smaller first -> whether they are copies (compared once).
    verdicts: dict[bytes, bool] = field(default_factory=dict)

    def story_id(self, docnum: int, article_id: str) -> str:
        """The id of the story of document `docnum`, whose article id is `article_id`."""
        story = self.story_of.get(docnum)
        return article_id if story is None else self.ids[story]

    def collapse(self, docs: list[int], better: Callable[[int], tuple]) -> list[int]:
        """`docs` with each story once: its member that `better` ranks highest."""
        if not self.story_of:
            return docs
        story_of = self.story_of
        shown: dict[int, int] = {}
        kept = []
        for doc in docs:
            story = story_of.get(doc)
            if story is None:
                kept.append(doc)
            elif story not in shown or better(doc) > better(shown[story]):
                shown[story] = doc
        kept.extend(shown.values())
        return kept

    def save(self, path: Path) -> None:
        # A search may save the table too (found again): each writer its own temporary file.
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with temporary.open("wb") as handle:
            state = (
                FORMAT,
                self.generation,
                self.story_of,
                self.ids,
                self.members,
                self.place,
                self.verdicts,
            )
            pickle.dump(state, handle, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path, generation: int) -> StoryTable | None:
        """The table saved for `generation`, or None when missing, stale or unreadable."""
        table = cls._read(path)
        return table if table is not None and table.generation == generation else None

    @classmethod
    def saved_generation(cls, path: Path) -> int:
        """The generation of the table saved at `path`; -1 when none can be read."""
        table = cls._read(path)
        return table.generation if table is not None else -1

    @classmethod
    def verdicts_at(cls, path: Path) -> dict[bytes, bool]:
        """The comparisons' verdicts saved at `path`, of whatever generation (empty if none)."""
        table = cls._read(path)
        return table.verdicts if table is not None else {}

    @classmethod
    def _read(cls, path: Path) -> StoryTable | None:
        try:
            with path.open("rb") as handle:
                version, *state = pickle.load(handle)
        except Exception:  # a cache: whatever is wrong with it, it is built again
            return None
        return cls(*state) if version == FORMAT else None


def find_stories(
    reader,
    body_text: Callable[[int], str],
    article_id: Callable[[int], str],
    verdicts: dict[bytes, bool] | None = None,
) -> StoryTable:
    """Group the live articles of `reader` into stories, from their fingerprints. `body_text`
    gives a document's text, read only for articles that share a band key and were not
    compared before (`verdicts`, an earlier table's); `article_id` its id, read only for
    articles in a story of several.

    The fingerprints lie end to end in one buffer, read as arrays: sorting each band's keys
    finds the few that two articles or more share, and the pairs of articles behind them,
    each pair once however many bands it shares, are all that Python looks at. Memory stays
    near the fingerprints' own size, 136 bytes an article."""
    table = StoryTable(reader.generation())
    if reader.doc_count_all() == 0:
        return table
    known = verdicts or {}
    docs, records = _fingerprints(reader)
    same_text, pairs = _candidates(records)

    def exact_of(position: int) -> bytes:
        return records[position * RECORD : position * RECORD + EXACT]

    parent: dict[int, int] = {}

    def find(doc: int) -> int:
        if doc not in parent:
            return doc  # most articles: in no story
        root = doc
        while parent.get(root, root) != root:
            root = parent[root]
        while doc != root:
            parent[doc], doc = root, parent[doc]
        return root

    def union(first: int, second: int) -> None:
        a, b = find(first), find(second)
        if a != b:
            parent.setdefault(a, a)
            parent.setdefault(b, b)
            parent[max(a, b)] = min(a, b)

    for group in same_text:
        for position in group[1:]:
            union(docs[group[0]], docs[position])
    texts: dict[int, set[int]] = {}

    def shingled(doc: int) -> set[int]:
        if doc not in texts:
            if len(texts) >= SHINGLED_KEPT:
                texts.clear()
            texts[doc] = shingles(words(body_text(doc)))
        return texts[doc]

    def copies(one: int, other: int) -> bool:
        key = exact_of(one) + exact_of(other)  # the smaller hash first: see _candidates
        same = table.verdicts.get(key)
        if same is None:
            same = known.get(key)
            if same is None:
                same = are_copies(shingled(docs[one]), shingled(docs[other]))
            table.verdicts[key] = same
        return same

    for one, other in pairs:
        first, second = docs[one], docs[other]
        if find(first) != find(second) and copies(one, other):
            union(first, second)

    groups: dict[int, list[int]] = {}
    for doc in parent:
        groups.setdefault(find(doc), []).append(doc)
    for root, members in groups.items():
        if len(members) < 2:
            continue
        ids = {doc: article_id(doc) for doc in members}
        members.sort(key=ids.__getitem__)  # by id: the same order in any rebuild
        table.members[root] = members
        table.ids[root] = ids[members[0]]
        for place, doc in enumerate(members):
            table.story_of[doc] = root
            table.place[doc] = place
    return table


def _fingerprints(reader) -> tuple[array, bytes]:
    """The live documents that have a fingerprint, in order, and their fingerprints end to
    end, RECORD bytes each."""
    values = byte_values(reader, "fingerprint", reader.schema["fingerprint"].column_type)
    docs = array("i")
    kept = []
    for docnum in live_docs(reader):
        value = values[docnum]
        if value and len(value) == RECORD:
            docs.append(docnum)
            kept.append(value)
    return docs, b"".join(kept)


def _candidates(records: bytes) -> tuple[list[list[int]], Iterator[tuple[int, int]]]:
    """From fingerprints end to end: the groups of places whose texts are the same (by exact
    hash), and the pairs of places that share a band key found at 2 to BUCKET_LIMIT places,
    each pair once, the place of the smaller exact hash first."""
    import numpy as np  # here: a search that reads a saved table never needs it

    count = len(records) // RECORD
    if count < 2:
        return [], iter(())
    keys = np.frombuffer(records, dtype=np.uint32).reshape(count, RECORD // 4)
    exact = np.frombuffer(records, dtype=">u8").reshape(count, RECORD // 8)[:, 0]
    order, starts, lengths = _runs(exact, count)
    same_text = [
        order[s : s + n].tolist() for s, n in zip(starts.tolist(), lengths.tolist(), strict=True)
    ]
    found = np.empty(0, np.uint64)
    for first in range(0, BANDS, BANDS_AT_ONCE):
        bands = range(EXACT // 4 + first, EXACT // 4 + min(first + BANDS_AT_ONCE, BANDS))
        pairs = [_pairs_in_runs(*_runs(keys[:, band], BUCKET_LIMIT), count) for band in bands]
        found = _distinct(np.concatenate([found, *pairs]))
    smaller, larger = np.divmod(found, np.uint64(count))
    swap = exact[smaller] > exact[larger]  # the verdicts' key order: the smaller hash first
    one, other = np.where(swap, larger, smaller), np.where(swap, smaller, larger)

    def pairs() -> Iterator[tuple[int, int]]:  # as Python ints a slice at a time
        for start in range(0, len(one), PAIRS_AT_ONCE):
            end = start + PAIRS_AT_ONCE
            yield from zip(one[start:end].tolist(), other[start:end].tolist(), strict=True)

    return same_text, pairs()


def _runs(column, limit: int):
    """The places of `column` in the order of their values, and the start and length in that
    order of each run of equal values found at 2 to `limit` places."""
    import numpy as np

    order = np.argsort(column)
    ordered = column[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    lengths = np.diff(np.append(starts, len(column)))
    shared = (lengths > 1) & (lengths <= limit)
    return order, starts[shared], lengths[shared]


def _pairs_in_runs(order, starts, lengths, count: int):
    """Every pair of places within each run, as smaller * count + larger."""
    import numpy as np

    if not len(starts):
        return np.empty(0, np.uint64)
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    index = np.repeat(starts, lengths) + offsets  # each member's place in `order`
    after = np.repeat(lengths, lengths) - offsets - 1  # members after it in its run
    pairs = []
    step = 1
    while len(index):
        keep = after >= step
        index, after = index[keep], after[keep]
        one, other = order[index].astype(np.uint64), order[index + step].astype(np.uint64)
        pairs.append(np.minimum(one, other) * np.uint64(count) + np.maximum(one, other))
        step += 1
    return np.concatenate(pairs)


def _distinct(values):
    """`values` sorted, each once."""
    import numpy as np

    values.sort()
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values
