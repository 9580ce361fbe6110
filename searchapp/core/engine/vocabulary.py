"""The index's own words, grouped by stem and by name key: a cache kept beside the index."""

from __future__ import annotations

import bisect
import os
import pickle
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from searchapp.core.engine.analysis import edit_distance, name_key, stem

FORMAT = 1


class Vocabulary:
    """Every word the index has held, with its stem and name key.

    Words of deleted documents may linger; callers check a word against the index before use.
    """

    def __init__(self, entries: dict[str, tuple[str, str]] | None = None, generation: int = -1):
        self.entries: dict[str, tuple[str, str]] = entries or {}
        self.generation = generation
        self._by_stem: dict[str, list[str]] | None = None
        self._by_key: dict[str, list[str]] | None = None
        self._sorted: tuple[list[str], list[str]] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, word: str) -> bool:
        return word in self.entries

    def copy(self) -> Vocabulary:
        return Vocabulary(dict(self.entries), self.generation)

    def add(self, words: Iterable[str]) -> int:
        """Learn new words; returns how many were new."""
        added = 0
        for word in words:
            if word not in self.entries:
                self.entries[word] = (stem(word), name_key(word))
                added += 1
                if self._by_stem is not None:
                    self._by_stem[self.entries[word][0]].append(word)
                if self._by_key is not None:
                    self._by_key[self.entries[word][1]].append(word)
        return added

    def _groups(self, slot: int) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for word, keys in self.entries.items():
            groups[keys[slot]].append(word)
        return groups

    def forms(self, word: str) -> list[str]:
        """The known words with the same stem as `word` (its inflections), `word` first."""
        if self._by_stem is None:
            self._by_stem = self._groups(0)
        group = self._by_stem.get(stem(word), [])
        return [word] + [w for w in group if w != word]

    def variants(self, word: str) -> list[str]:
        """Known words that are plausibly other spellings of the name `word`.

        They share its consonant skeleton and lie within a small edit distance; inflections of
        `word` itself are not variants.
        """
        if len(word) < 4 or not word.isalpha():
            return []
        if self._by_key is None:
            self._by_key = self._groups(1)
        own_stem = stem(word)
        limit = 2 if len(word) <= 7 else 3
        return sorted(
            other
            for other in self._by_key.get(name_key(word), [])
            if other != word
            and self.entries[other][0] != own_stem
            and edit_distance(word, other, limit) <= limit
        )

    def near(self, word: str, maxdist: int, prefix: int = 0) -> list[str]:
        """Known words within `maxdist` edits of `word` (a swap of two letters is one edit).

        By pigeonhole, a word one edit away keeps `word`'s first half or its second half
        intact, so only words sharing that beginning or that ending are compared; two edits
        away, the first or last third (rare misses when both edits fall elsewhere).
        """
        if not word:
            return []
        if self._sorted is None:
            forward = sorted(self.entries)
            self._sorted = (forward, sorted(w[::-1] for w in forward))
        forward, backward = self._sorted
        part = max(1, prefix, len(word) // (maxdist + 1))
        candidates = set(_starting_with(forward, word[:part]))
        if prefix < len(word):
            candidates.update(w[::-1] for w in _starting_with(backward, word[::-1][:part]))
        return sorted(
            c
            for c in candidates
            if c.startswith(word[:prefix])
            and abs(len(c) - len(word)) <= maxdist
            and edit_distance(c, word, maxdist) <= maxdist
        )

    def save(self, path: Path) -> None:
        """Write atomically, so that a reader never sees half a file."""
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump((FORMAT, self.generation, self.entries), handle, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    @classmethod
    def of_index(cls, path: Path, reader) -> Vocabulary:
        """The vocabulary saved at `path`, brought up to the version `reader` reads."""
        vocabulary = cls.load(path)
        if vocabulary.generation != reader.generation():
            vocabulary.add(word.decode("utf-8") for word in reader.lexicon("content"))
            vocabulary.generation = reader.generation()
        return vocabulary

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        """The saved vocabulary, or an empty one when missing, unreadable or of another format."""
        try:
            with path.open("rb") as handle:
                version, generation, entries = pickle.load(handle)
        except Exception:  # a cache: whatever is wrong with it, it is rebuilt from the index
            return cls()
        if version != FORMAT or not isinstance(entries, dict):
            return cls()
        return cls(entries, generation)


def _starting_with(words: list[str], prefix: str) -> list[str]:
    """The words of a sorted list that start with `prefix`."""
    start = bisect.bisect_left(words, prefix)
    end = bisect.bisect_left(words, prefix + "\U0010ffff")
    return words[start:end]
