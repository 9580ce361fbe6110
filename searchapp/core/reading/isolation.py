"""Reading files whose parsers are not ours in a child process, under a time limit and a
memory cap, so that one hostile PDF, mailbox or page cannot stop or hang a reindex.

Plain text is read in the indexing process: its readers are this project's own code, and a
round trip to a child for each of thousands of small files would cost more than the reading.
Every other file goes to a reading process that each indexing process starts on first need and
keeps for the next files. A file that takes longer than the limit, or makes the child die (a
crash in a C parser, an allocation past the cap), is skipped with the reason; the child is
started again for the next file.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from searchapp.core.reading import (
    HEAD_BYTES,
    FileArticles,
    Rules,
    SkipFile,
    format_of,
    plain,
    read_articles,
)
from searchapp.core.reading.files import open_read_only

READ_SECONDS = 30.0  # a file that takes longer is skipped
READ_MEMORY_MB = 1536  # the reading process's address space; a file that needs more is skipped
POLL_S = 0.1
# The child is handed two pipe descriptors, which only POSIX systems pass to a new process;
# elsewhere (Windows) every file is read in the indexing process itself.
ISOLATED = os.name == "posix"
# Only files these endings name may be plain text, read in this process, and then only when
# the formats' own tests of their first bytes find no other format (a PDF saved as .txt).
_PLAIN_ENDINGS = frozenset({".txt", ".text", ".md"})


class GuardedReader:
    """Reads files into articles, the parsers that are not ours in a guarded child process."""

    def __init__(
        self,
        rules: Rules,
        stopped: Callable[[], bool] = lambda: False,
        seconds: float = READ_SECONDS,
        memory_mb: int = READ_MEMORY_MB,
        read_file: Callable[[Path, Rules], FileArticles] = read_articles,  # module level
    ) -> None:
        self.rules = rules
        self.read_file = read_file
        self.stopped = stopped
        self.seconds = seconds
        self.memory_mb = memory_mb
        self._process = None
        self._connection = None

    def __enter__(self) -> GuardedReader:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def read(self, path: Path) -> FileArticles:
        """The file's articles; raises SkipFile with the reason for a file not to index."""
        if _is_plain(path, self.rules):
            return read_articles(path, self.rules)
        if not ISOLATED:
            return self.read_file(path, self.rules)
        connection = self._start()
        connection.send(path)
        deadline = time.monotonic() + self.seconds
        while not connection.poll(POLL_S):
            if self.stopped():
                self._stop()
                raise SkipFile("not read: the reindex was cancelled")
            if time.monotonic() > deadline or not self._alive():
                alive = self._alive()
                self._stop()
                if alive:
                    raise SkipFile(f"took longer than {self.seconds:g} s to read; skipped")
                raise SkipFile(self._death_reason())
        try:
            kind, value = connection.recv()
        except (EOFError, OSError):
            self._stop()
            raise SkipFile(self._death_reason()) from None
        if kind == "skip":
            raise SkipFile(value)
        return value

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.send(None)
        self._stop(wait=True)

    def _death_reason(self) -> str:
        return (
            f"its reader stopped (it may need more than {self.memory_mb} MB of memory, "
            "or the file is damaged); skipped"
        )

    def _start(self) -> Connection:
        if self._process is not None and self._process.poll() is None:
            return self._connection
        self._stop()
        # A fresh interpreter, not a fork (the window's threads must not be copied) and not
        # multiprocessing's spawn (which runs the caller's main script again in the child).
        child_in, here_out = os.pipe()
        here_in, child_out = os.pipe()
        reader = f"{self.read_file.__module__}:{self.read_file.__qualname__}"
        command = [sys.executable, "-m", __name__, str(child_in), str(child_out), reader]
        try:
            self._process = subprocess.Popen(
                command, pass_fds=(child_in, child_out), stdin=subprocess.DEVNULL
            )
        finally:
            os.close(child_in)
            os.close(child_out)
        self._connection = _Pipe(here_in, here_out)
        self._connection.send((self.rules, self.memory_mb))
        return self._connection

    def _alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _stop(self, wait: bool = False) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is not None:
            if wait:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=2)
            if process.poll() is None:
                process.kill()
            process.wait()
        if connection is not None:
            connection.close()


class _Pipe:
    """One end of the two pipes between the indexing process and its reading process."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.incoming = Connection(read_fd, writable=False)
        self.outgoing = Connection(write_fd, readable=False)

    def send(self, value) -> None:
        self.outgoing.send(value)

    def poll(self, timeout: float) -> bool:
        return self.incoming.poll(timeout)

    def recv(self):
        return self.incoming.recv()

    def close(self) -> None:
        self.incoming.close()
        self.outgoing.close()


def _is_plain(path: Path, rules: Rules) -> bool:
    if path.suffix.lower() not in _PLAIN_ENDINGS:
        return False
    try:
        with open_read_only(path) as handle:
            head = handle.read(HEAD_BYTES)
    except SkipFile:
        return True  # read_articles says why it cannot be read
    return format_of(path, head, rules) is plain


def _serve(connection: _Pipe, read_file: Callable[[Path, Rules], FileArticles]) -> None:
    """The reading process: paths in, articles (or the reason to skip) out, until told to stop."""
    follow_parent()
    rules, memory_mb = connection.recv()
    _cap_memory(memory_mb)
    while True:
        try:
            path = connection.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            answer = ("done", read_file(path, rules))
        except SkipFile as skip:
            answer = ("skip", skip.reason)
        except MemoryError:
            answer = ("skip", f"needs more than {memory_mb} MB of memory to read; skipped")
        except RecursionError:
            answer = ("skip", "nested too deeply to read; skipped")
        except Exception as exc:  # one file that defeats a parser never stops a reindex
            answer = ("skip", f"cannot be read ({type(exc).__name__})")
        connection.send(answer)


def follow_parent() -> None:
    """In a child process: leave Ctrl+C to the parent, and die when the parent dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _cap_memory(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no address-space limit; the time limit still holds
        return
    limit = memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _main(argv: list[str]) -> None:
    read_fd, write_fd, reader = argv
    module, _, name = reader.partition(":")
    read_file = getattr(importlib.import_module(module), name)
    _serve(_Pipe(int(read_fd), int(write_fd)), read_file)


if __name__ == "__main__":
    _main(sys.argv[1:])
