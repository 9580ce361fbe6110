"""Review state: the stars, tags and notes a user puts on articles, kept apart from the index.

They live in `review.sqlite` in the library's home (the standard library's sqlite3), never in
the index, so a rebuild cannot lose them. A mark is keyed by the article's id and by a hash of
its words: after a reindex (a rename, a move, a file read again), each mark follows its text to
wherever the index holds it now, then its id; a mark that finds neither waits, kept, in case
the file comes back. An article too short to fingerprint (stories.MIN_WORDS) is known by its
id alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from searchapp.core.errors import UserInputError
from searchapp.core.types import Marked, Review

REVIEW_FILE = "review.sqlite"
MAX_TAG = 60  # letters in a tag name
MAX_NOTE = 20_000  # letters in a note
_SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (
    mark INTEGER PRIMARY KEY,
    article TEXT NOT NULL UNIQUE,  -- the article's id where the index last held its text
    text_key BLOB,                 -- the hash of its words (none for a very short text)
    starred INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    changed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tags (
    mark INTEGER NOT NULL REFERENCES marks(mark) ON DELETE CASCADE,
    tag_key TEXT NOT NULL,  -- the name folded: "Check" and "check" are one tag
    tag TEXT NOT NULL,      -- the name as first written
    PRIMARY KEY (mark, tag_key)
);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_REVISION = "revision"  # counts changes, so a reader knows when its snapshot is stale
_SYNCED = "synced_with"  # the index version the marks were last matched to


class ReviewError(UserInputError):
    """The review file cannot be read or written."""


def tag_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def clean_tag(name: str) -> str:
    """A tag as kept: spaces collapsed; refused when empty, too long or holding a comma."""
    tag = " ".join(str(name).split())
    if not tag:
        raise UserInputError("a tag cannot be empty")
    if len(tag) > MAX_TAG:
        raise UserInputError(f"a tag can be at most {MAX_TAG} letters long")
    if "," in tag or '"' in tag:
        raise UserInputError(f"the tag {tag!r} holds a comma or a quotation mark; leave them out")
    return tag


@dataclass(frozen=True)
class MarkRow:
    """One mark as stored: which article it was last matched to and its text's hash."""

    mark: int
    article: str
    text_key: bytes


class ReviewStore:
    """The review file of one library; safe to use from several threads and processes."""

    def __init__(self, home: Path) -> None:
        self.path = home / REVIEW_FILE
        self._lock = threading.Lock()
        self._snapshot: tuple[int, Marked, dict[str, Review]] | None = None

    @contextlib.contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection | None]:
        """A connection in one transaction, committed on success; None to read a file not made
        yet (the first write makes it). SQLite's own locks keep two processes' writes apart."""
        if not write and not self.path.exists():
            yield None
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(os.fspath(self.path), timeout=10)
        except (OSError, sqlite3.Error) as exc:
            raise ReviewError(f"the review file {self.path} cannot be opened ({exc})") from None
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            with connection:
                if write:
                    connection.executescript(_SCHEMA)
                yield connection
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise ReviewError(
                    "the review file is busy in another searchapp; try again in a moment"
                ) from None
            raise ReviewError(f"the review file {self.path} cannot be used ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise ReviewError(
                f"the review file {self.path} is damaged ({exc}); move it away to start afresh"
            ) from None
        finally:
            connection.close()

    # Reading

    def revision(self) -> int:
        with self._connect() as db:
            if not _has_tables(db):
                return 0
            row = db.execute("SELECT value FROM state WHERE name = ?", (_REVISION,)).fetchone()
            return int(row[0]) if row else 0

    def snapshot(self) -> tuple[Marked, dict[str, Review]]:
        """Every mark, as the sets queries read and per article id, read again only after a
        change (by this process or another)."""
        revision = self.revision()
        with self._lock:
            if self._snapshot is not None and self._snapshot[0] == revision:
                return self._snapshot[1], self._snapshot[2]
        reviews: dict[str, Review] = {}
        with self._connect() as db:
            if _has_tables(db):
                tags: dict[int, list[str]] = {}
                for mark, tag in db.execute("SELECT mark, tag FROM tags ORDER BY tag_key"):
                    tags.setdefault(mark, []).append(tag)
                for mark, article, starred, note in db.execute(
                    "SELECT mark, article, starred, note FROM marks"
                ):
                    reviews[article] = Review(bool(starred), tuple(tags.get(mark, ())), note)
        marked = marked_sets(reviews, revision)
        with self._lock:
            self._snapshot = (revision, marked, reviews)
        return marked, reviews

    def review(self, article: str) -> Review:
        return self.snapshot()[1].get(article, Review())

    def rows(self) -> list[MarkRow]:
        with self._connect() as db:
            if not _has_tables(db):
                return []
            return [
                MarkRow(mark, article, key or b"")
                for mark, article, key in db.execute("SELECT mark, article, text_key FROM marks")
            ]

    def synced_with(self) -> str | None:
        with self._connect() as db:
            if not _has_tables(db):
                return None
            row = db.execute("SELECT value FROM state WHERE name = ?", (_SYNCED,)).fetchone()
            return row[0] if row else None

    # Writing

    def star(self, article: str, text_key: bytes, on: bool = True) -> Review:
        def change(db: sqlite3.Connection, mark: int) -> None:
            db.execute("UPDATE marks SET starred = ? WHERE mark = ?", (int(on), mark))

        return self._change(article, text_key, change)

    def note(self, article: str, text_key: bytes, text: str) -> Review:
        note = str(text).strip()
        if len(note) > MAX_NOTE:
            raise UserInputError(f"a note can be at most {MAX_NOTE:,} letters long")

        def change(db: sqlite3.Connection, mark: int) -> None:
            db.execute("UPDATE marks SET note = ? WHERE mark = ?", (note, mark))

        return self._change(article, text_key, change)

    def tag(self, article: str, text_key: bytes, names: Iterable[str]) -> Review:
        tags = [clean_tag(name) for name in names]

        def change(db: sqlite3.Connection, mark: int) -> None:
            db.executemany(
                "INSERT OR IGNORE INTO tags (mark, tag_key, tag) VALUES (?, ?, ?)",
                [(mark, tag_key(tag), tag) for tag in tags],
            )

        return self._change(article, text_key, change)

    def untag(self, article: str, text_key: bytes, names: Iterable[str]) -> Review:
        keys = [tag_key(name) for name in names]

        def change(db: sqlite3.Connection, mark: int) -> None:
            db.executemany(
                "DELETE FROM tags WHERE mark = ? AND tag_key = ?", [(mark, k) for k in keys]
            )

        return self._change(article, text_key, change)

    def _change(
        self, article: str, text_key: bytes, change: Callable[[sqlite3.Connection, int], None]
    ) -> Review:
        """Apply `change` to the article's mark (made if missing), drop the mark if nothing is
        left on it, and count the change."""
        with self._connect(write=True) as db:
            now = dt.datetime.now().isoformat(timespec="seconds")
            db.execute(
                "INSERT INTO marks (article, text_key, changed) VALUES (?, ?, ?) "
                "ON CONFLICT(article) DO UPDATE SET text_key = excluded.text_key, "
                "changed = excluded.changed",
                (article, text_key or None, now),
            )
            (mark,) = db.execute("SELECT mark FROM marks WHERE article = ?", (article,)).fetchone()
            change(db, mark)
            _drop_empty(db, [mark])
            _bump(db)
        return self.review(article)

    def rematch(self, moves: dict[int, tuple[str, bytes]], synced_with: str | None) -> None:
        """Point marks at where the index holds their articles now ({mark: (article id, text
        hash)}) and record the index version they match. Two marks meeting on one article are
        merged: their tags together, starred if either was, both notes."""
        with self._connect(write=True) as db:
            for mark, (article, key) in moves.items():
                other = db.execute(
                    "SELECT mark, starred, note FROM marks WHERE article = ? AND mark != ?",
                    (article, mark),
                ).fetchone()
                if other is not None:
                    _merge_into(db, mark, other)
                db.execute(
                    "UPDATE marks SET article = ?, text_key = ? WHERE mark = ?",
                    (article, key or None, mark),
                )
            db.execute(
                "INSERT OR REPLACE INTO state (name, value) VALUES (?, ?)",
                (_SYNCED, synced_with or ""),
            )
            if moves:
                _bump(db)


def _merge_into(db: sqlite3.Connection, mark: int, other: tuple[int, int, str]) -> None:
    """Fold mark `other` (the one already on the article) into `mark`, then delete it."""
    other_mark, starred, note = other
    db.execute(
        "INSERT OR IGNORE INTO tags (mark, tag_key, tag) "
        "SELECT ?, tag_key, tag FROM tags WHERE mark = ?",
        (mark, other_mark),
    )
    (own_note,) = db.execute("SELECT note FROM marks WHERE mark = ?", (mark,)).fetchone()
    notes = [n for n in (own_note, note) if n]
    db.execute(
        "UPDATE marks SET starred = MAX(starred, ?), note = ? WHERE mark = ?",
        (starred, "\n\n".join(dict.fromkeys(notes)), mark),
    )
    db.execute("DELETE FROM marks WHERE mark = ?", (other_mark,))


def _drop_empty(db: sqlite3.Connection, marks: list[int]) -> None:
    db.executemany(
        "DELETE FROM marks WHERE mark = ? AND starred = 0 AND note = '' "
        "AND NOT EXISTS (SELECT 1 FROM tags WHERE tags.mark = marks.mark)",
        [(m,) for m in marks],
    )


def _bump(db: sqlite3.Connection) -> None:
    db.execute(
        "INSERT INTO state (name, value) VALUES (?, '1') ON CONFLICT(name) "
        "DO UPDATE SET value = CAST(value AS INTEGER) + 1",
        (_REVISION,),
    )


def _has_tables(db: sqlite3.Connection | None) -> bool:
    return db is not None and (
        db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'marks'").fetchone()
        is not None
    )


def marked_sets(reviews: dict[str, Review], revision: int = 0) -> Marked:
    """The article ids each of tag:, is:starred and has:note finds."""
    tags: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for article, review in reviews.items():
        for tag in review.tags:
            key = tag_key(tag)
            names.setdefault(key, tag)
            tags.setdefault(key, set()).add(article)
    return Marked(
        starred=frozenset(a for a, r in reviews.items() if r.starred),
        noted=frozenset(a for a, r in reviews.items() if r.note),
        tags={names[key]: frozenset(ids) for key, ids in sorted(tags.items())},
        revision=revision,
    )
