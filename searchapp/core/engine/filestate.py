"""Each indexed file's size and time, saved beside the index they describe.

A reindex compares every file in the folders with what the index holds. Read from the index,
that takes Whoosh and every segment's path, size and time columns; this file holds the same
for one version of the index, so a reindex that finds nothing changed reads it and never opens
the index. It is a cache: missing, unreadable, of another index version or of another layout,
it is not used, and the index is read as before (indexed_state, below).
"""

from __future__ import annotations

import os
import pickle
from array import array
from dataclasses import dataclass
from pathlib import Path

from searchapp.core.engine.store import version_of

FILE_STATE = "files.state"
FORMAT = 1
INDEX_FILE_ENDINGS = (".toc", ".seg", ".trm", ".pst", ".vps", ".col")  # Whoosh's and the codec's
# The index layout this code writes, in short: schema.layout() of its fields and posting
# format (a test holds the two equal). A state saved beside another layout's index is passed
# over, so that the index is found outdated and rebuilt.
LAYOUT = "3bb6d11224aa"


@dataclass
class FileState:
    """path -> (size, mtime_ns) of every file an index holds, and how many articles it holds."""

    documents: int
    files: dict[str, tuple[int, int]]

    def save(self, directory: Path) -> None:
        """Write atomically into the generation folder `directory`, as the state of the index
        there as it is now (just committed)."""
        paths = "\0".join(self.files).encode("utf-8")
        sizes = array("q", [size for size, _mtime in self.files.values()])
        mtimes = array("q", [mtime for _size, mtime in self.files.values()])
        state = (FORMAT, LAYOUT, _identity(directory), self.documents, paths, sizes, mtimes)
        temporary = directory / f"{FILE_STATE}.{os.getpid()}.tmp"
        with temporary.open("wb") as handle:
            pickle.dump(state, handle, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, directory / FILE_STATE)

    @classmethod
    def load(cls, directory: Path) -> FileState | None:
        """The state saved in generation folder `directory`, if it is that of the index there
        as it is now; else None."""
        try:
            with (directory / FILE_STATE).open("rb") as handle:
                saved_format, layout, identity, documents, paths, sizes, mtimes = pickle.load(
                    handle
                )
            if (saved_format, layout, identity) != (FORMAT, LAYOUT, _identity(directory)):
                return None
            keys = paths.decode("utf-8").split("\0") if paths else []
            if not len(keys) == len(sizes) == len(mtimes):
                return None
            return cls(documents, dict(zip(keys, zip(sizes, mtimes, strict=True), strict=True)))
        except Exception:  # a cache: whatever is wrong with it, the index is read instead
            return None


def _identity(directory: Path) -> tuple[str, list[tuple[str, int, int]]]:
    """Which commit the index in `directory` is at, and the name, size and time of each of its
    files: an index file truncated, lost or written again since tells as well (the index is
    then read, and found damaged or outdated as it would be without this file)."""
    files = sorted(
        (entry.name, info.st_size, info.st_mtime_ns)
        for entry in os.scandir(directory)
        if entry.name.endswith(INDEX_FILE_ENDINGS) and (info := entry.stat())
    )
    return version_of(directory), files


def indexed_state(reader) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime) for every live document, read from the index's columns."""
    if reader.doc_count_all() == 0:
        return {}  # an index with no segments has no columns yet
    # Read with Whoosh's column layouts, as the reader was opened with Whoosh.
    from searchapp.core.engine.mapped import byte_values, live_docs, numbers

    # Each column is read whole (a no-op reindex compares every file), not a value at a time.
    schema = reader.schema
    paths = byte_values(reader, "path", schema["path"].column_type)
    sizes = numbers(reader, "size", schema["size"].column_type)
    mtimes = numbers(reader, "mtime", schema["mtime"].column_type)
    live = live_docs(reader)
    return {paths[d].decode("utf-8"): (sizes[d], mtimes[d]) for d in live}


def indexed_state_at(reader, keys: list[str]) -> dict[str, tuple[int, int]]:
    """indexed_state for the files at `keys` and below them only (a watcher's batch), looked
    up in the path field's terms rather than read for the whole index."""
    if reader.doc_count_all() == 0:
        return {}
    sizes = reader.column_reader("size")
    mtimes = reader.column_reader("mtime")
    state = {}
    for key in keys:
        below = reader.expand_prefix("path", key.rstrip(os.sep) + os.sep)
        for path in [key, *below]:
            path = path.decode("utf-8") if isinstance(path, bytes) else path
            if path in state or not reader.doc_frequency("path", path):
                continue
            docnum = next(iter(reader.postings("path", path).all_ids()), None)
            if docnum is not None:
                state[path] = (sizes[docnum], mtimes[docnum])
    return state
