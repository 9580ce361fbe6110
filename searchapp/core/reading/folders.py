"""Walk the library's folders safely: the article files in them and the entries passed over."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from searchapp.core.types import Skipped


@dataclass(slots=True)  # not frozen: a frozen one takes six times as long to make
class FileEntry:
    """A candidate article: its path and the size and time that tell whether it changed. Made
    once per file on every reindex (a million at a time), and read, never changed, after."""

    where: str  # the path as the system listed it (a Path is made only when one is needed)
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.where)


def scan(folders: Iterable[Path], extensions: frozenset[str]) -> Iterator[FileEntry | Skipped]:
    """Every file with a supported ending below `folders`, and every entry that cannot be read.

    Symbolic links are followed to files and folders, but each real folder is entered once, so
    link loops end; FIFOs, sockets and devices are reported and never opened.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for folder in folders:
        try:
            info = os.stat(folder)
        except OSError as exc:
            yield Skipped(folder, _reason(exc, "folder"))
            continue
        if not stat.S_ISDIR(info.st_mode):
            yield Skipped(folder, "not a folder")
            continue
        yield from _walk(folder, info, extensions, seen_dirs, None)


def scan_paths(paths: Iterable[Path], extensions: frozenset[str]) -> Iterator[FileEntry | Skipped]:
    """scan for some files and folders inside the library's folders (those a watcher saw
    change): a folder is walked as scan walks it, a file is taken if scan would take it, and a
    path that no longer exists gives nothing."""
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[str] = set()
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            yield Skipped(path, _reason(exc, "file"))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, info, extensions, seen_dirs, seen_files)
        elif not wanted(path.name, extensions) or str(path) in seen_files:
            continue
        elif not stat.S_ISREG(info.st_mode):
            yield Skipped(path, f"not a regular file ({_kind(info.st_mode)})")
        else:
            seen_files.add(str(path))
            yield FileEntry(str(path), info.st_size, info.st_mtime_ns)


def _walk(
    root: Path,
    root_info: os.stat_result,
    extensions: frozenset[str],
    seen_dirs: set[tuple[int, int]],
    seen_files: set[str] | None,
) -> Iterator[FileEntry | Skipped]:
    """The files below `root`, each real folder entered once. `seen_files` (None when no file
    was taken on its own beforehand, as for scan) keeps a file named twice from coming twice.

    Every file of the library passes through the inner loop on every reindex: it makes no
    call it can leave out (a no-op reindex of a million files is mostly this loop)."""
    pending = [(root, root_info)]
    while pending:
        folder, info = pending.pop()
        identity = (info.st_dev, info.st_ino)
        if identity in seen_dirs:
            continue
        seen_dirs.add(identity)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield Skipped(folder, _reason(exc, "folder"))
            continue
        subfolders = []
        for entry in entries:
            path = entry.path
            article = wanted(entry.name, extensions)
            try:
                is_link = entry.is_symlink()
                entry_info = entry.stat(follow_symlinks=True)
            except OSError as exc:
                if article or is_link:
                    yield Skipped(Path(path), _reason(exc, "link" if is_link else "file"))
                continue
            mode = entry_info.st_mode
            if stat.S_ISDIR(mode):
                if (entry_info.st_dev, entry_info.st_ino) in seen_dirs:
                    if is_link:
                        yield Skipped(Path(path), "symbolic link loop (folder already indexed)")
                    continue
                subfolders.append((Path(path), entry_info))
            elif not article:
                continue
            elif not stat.S_ISREG(mode):
                yield Skipped(Path(path), f"not a regular file ({_kind(mode)})")
            elif seen_files is None:
                yield FileEntry(path, entry_info.st_size, entry_info.st_mtime_ns)
            elif path not in seen_files:
                seen_files.add(path)
                yield FileEntry(path, entry_info.st_size, entry_info.st_mtime_ns)
        pending.extend(reversed(subfolders))


def wanted(name: str, extensions: frozenset[str]) -> bool:
    """Whether a file called `name` has one of `extensions` (as os.path.splitext splits it)."""
    dot = name.rfind(".")
    return (
        dot > 0
        and name[dot:].lower() in extensions
        and (name[0] != "." or name[:dot].strip(".") != "")  # "..txt" has no ending
    )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _reason(exc: OSError, what: str) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link" if what == "link" else f"{what} not found"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOTDIR:
        return "not a folder"
    return f"cannot read the {what} ({exc.strerror or exc})"
