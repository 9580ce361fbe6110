"""The errors searchapp reports to people: one plain sentence each."""

from __future__ import annotations


class SearchappError(Exception):
    """Base of the errors the CLI and the window show as a sentence."""


class UserInputError(SearchappError, ValueError):
    """Something the user typed or chose cannot be used (exit code 1)."""


class QueryError(UserInputError):
    """A query that cannot be parsed."""


class DateError(UserInputError):
    """A date that cannot be read."""


class FolderError(UserInputError):
    """A folder that does not exist, is not a folder, or is not in the library."""


class IndexUnavailable(SearchappError):
    """The index cannot be used right now (exit code 2)."""


class IndexLocked(IndexUnavailable):
    """Another searchapp process is writing the index."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "the index is being updated by another searchapp process; "
            "try again when it has finished"
        )


class IndexDamaged(IndexUnavailable):
    """The index files are missing or broken; a full reindex rebuilds them."""


class IndexOutdated(IndexDamaged):
    """The index was written by another version of searchapp; a plain reindex rebuilds it."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "the index was built by an older version of searchapp; "
            "run `searchapp reindex` to rebuild it"
        )


class AlreadyWatched(SearchappError):
    """Another process watches the library (exit code 1)."""

    def __init__(self, pid: int | None) -> None:
        who = f"process {pid}" if pid else "another process"
        super().__init__(
            f"this library is watched already by {who} (searchapp watch, or the window); "
            "its index stays up to date without a second watcher"
        )
        self.pid = pid
