"""The index folder: which generation is live, opening it, rebuilding beside it, the writers' lock.

Layout under the index folder: CURRENT names the live generation folder (g000001, ...), which
holds the Whoosh files and the vocabulary. A full rebuild writes a new generation folder and
swaps CURRENT only when it is complete, so a crash leaves the previous index in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import pickle
import re
import shutil
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from searchapp.core.errors import IndexDamaged, IndexLocked, IndexOutdated, SearchappError

if TYPE_CHECKING:  # Whoosh loads when an index is opened: `status` and marks do without it
    from whoosh import index as whoosh_index

POINTER = "CURRENT"
GENERATION = re.compile(r"g\d{6}")
LOCK_FILE = "write.lock"
VOCABULARY_FILE = "vocabulary.pickle"
LOCK_TIMEOUT_S = 10.0
DAMAGED = "the index is damaged; run `searchapp reindex --full` to rebuild it"


def index_read_errors() -> tuple[type[BaseException], ...]:
    """What reading broken or truncated index files raises inside Whoosh."""
    from whoosh import index as whoosh_index
    from whoosh.filedb.filetables import FileFormatError

    return (
        OSError,
        EOFError,
        struct.error,
        zlib.error,
        pickle.UnpicklingError,
        IndexError,
        KeyError,
        ValueError,
        whoosh_index.IndexError,  # Whoosh's own, which shadows the builtin in its module
        FileFormatError,
    )


@contextlib.contextmanager
def damage_guard() -> Iterator[None]:
    """Turn errors from reading broken index files into IndexDamaged; ours pass through."""
    try:
        yield
    except SearchappError:
        raise
    except index_read_errors() as exc:
        raise IndexDamaged(DAMAGED) from exc


class IndexStore:
    """The index folder: which generation is live, opening it, and the writers' lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._opened: tuple[str, whoosh_index.Index] | None = None
        self._lock = threading.Lock()

    def current_name(self) -> str | None:
        try:
            name = (self.folder / POINTER).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return name or None

    def exists(self) -> bool:
        return self.current_name() is not None

    def current_dir(self) -> Path | None:
        name = self.current_name()
        return self.folder / name if name else None

    def open(self) -> tuple[str, whoosh_index.Index]:
        """The live generation's name and index, reopened when a rebuild has swapped it.

        Raises IndexDamaged when there is no usable index, IndexOutdated when another version
        of searchapp wrote it.
        """
        for _attempt in range(2):
            name = self.current_name()
            if name is None:
                raise IndexDamaged("there is no index yet; run `searchapp reindex` to build it")
            with self._lock:
                if self._opened and self._opened[0] == name:
                    return self._opened
            from whoosh import index as whoosh_index

            try:
                ix = whoosh_index.open_dir(str(self.folder / name))
            except Exception as exc:  # Whoosh raises many types for broken files
                if self.current_name() != name:
                    continue  # a rebuild swapped the index while we opened it
                if isinstance(exc, ImportError | AttributeError):
                    # The table of contents pickles the schema's and codec's classes: one that
                    # this version moved or renamed cannot be found.
                    raise IndexOutdated() from exc
                raise IndexDamaged(DAMAGED) from exc
            with self._lock:
                self._opened = (name, ix)
            return name, ix
        raise IndexDamaged(DAMAGED)

    def is_current(self) -> bool:
        """Whether the live index has this version's schema and layout (else it is rebuilt)."""
        from searchapp.core.engine.schema import outdated

        with damage_guard():
            try:
                _name, ix = self.open()
            except IndexOutdated:
                return False
            return not outdated(ix)

    @contextlib.contextmanager
    def write_lock(self, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
        """Hold the library's writer lock; the OS frees it if this process dies."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexLocked() from None
                    time.sleep(0.1)
            yield
        finally:
            os.close(fd)

    def new_generation(self) -> tuple[str, Path]:
        """A fresh, empty generation folder, not yet live."""
        self.folder.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name[1:]) for p in self.folder.iterdir() if GENERATION.fullmatch(p.name)]
        name = f"g{max(numbers, default=0) + 1:06d}"
        path = self.folder / name
        path.mkdir()
        return name, path

    def activate(self, name: str) -> None:
        """Make generation `name` the live index in one atomic step."""
        temporary = self.folder / f"{POINTER}.{os.getpid()}.tmp"
        temporary.write_text(name + "\n", encoding="utf-8")
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, self.folder / POINTER)
        self._opened = None

    def remove_stale_generations(self, keep: str | None = None) -> None:
        """Delete generation folders left by earlier rebuilds or by a crash during one.

        `keep` spares the generation just replaced, which searches may still be reading.
        """
        live = self.current_name()
        for path in self.folder.iterdir():
            if GENERATION.fullmatch(path.name) and path.name not in (live, keep) and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)

    def version(self) -> str | None:
        """Which commit of the index a search would read now: it changes with every reindex,
        whoever ran it; None when there is no index. Reads a file and a folder's names only."""
        directory = self.current_dir()
        if directory is None or not directory.is_dir():
            return None
        return version_of(directory)

    def size_bytes(self) -> int:
        directory = self.current_dir()
        if directory is None or not directory.is_dir():
            return 0
        return sum(p.stat().st_size for p in directory.iterdir() if p.is_file())

    def last_update(self) -> dt.datetime | None:
        directory = self.current_dir()
        tocs = list(directory.glob("*.toc")) if directory and directory.is_dir() else []
        if not tocs:
            return None
        return dt.datetime.fromtimestamp(max(p.stat().st_mtime for p in tocs))


def version_of(directory: Path) -> str:
    """The version (IndexStore.version) of the index in generation folder `directory`."""
    generations = [_toc_generation(p.name) for p in directory.glob("*.toc")]
    return f"{directory.name}/{max(generations, default=-1)}"


def _toc_generation(name: str) -> int:
    """The commit number in a Whoosh table of contents' name ("_MAIN_12.toc" is 12)."""
    number = name.rsplit("_", 1)[-1].removesuffix(".toc")
    return int(number) if number.isdigit() else -1
