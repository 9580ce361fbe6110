"""Bringing the index in line with the library's folders: what changed, and whether to do anything.

Every file in the folders is compared by size and time with what the index holds: the file
state saved beside the index (filestate.py) or, without one, the index's own columns. Only when
something changed does updating.py load the indexing machinery and Whoosh to bring it in.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from searchapp.core.engine.filestate import FileState, indexed_state, indexed_state_at
from searchapp.core.engine.store import LOCK_TIMEOUT_S, IndexStore, damage_guard
from searchapp.core.errors import IndexUnavailable
from searchapp.core.reading.folders import FileEntry, scan, scan_paths
from searchapp.core.types import Cancel, IndexReport, Progress, Skipped, display_path

if TYPE_CHECKING:
    from searchapp.core.reading import Rules


def sync(
    store: IndexStore,
    folders: list[Path],
    rules: Rules,
    *,
    full: bool = False,
    paths: Collection[Path] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    lock_wait: float = LOCK_TIMEOUT_S,
) -> IndexReport:
    """Bring the index in line with the folders: only new, changed and deleted files are touched.

    With `full`, a new index is built beside the old one and swapped in when complete. With
    `paths` (files and folders inside the library's folders), only those and what is below them
    are looked at, as a watcher does with the paths it saw change; an index that has to be
    built from scratch is built whole all the same. Another writer holding the lock is waited
    for `lock_wait` seconds, then IndexLocked.
    """
    started = time.monotonic()
    report = IndexReport(full=full)
    try:
        with store.write_lock(lock_wait):
            _sync(store, folders, rules, report, paths, progress, cancel)
    except OSError as exc:
        where = os.fsdecode(store.folder)
        raise IndexUnavailable(
            f"the index in {where} cannot be written ({exc.strerror or exc})"
        ) from exc
    report.elapsed = time.monotonic() - started
    return report


UNREACHABLE = "folder not reachable; its articles stay in the index until it is back or removed"


def _scan(
    folders: list[Path], rules: Rules, report: IndexReport
) -> tuple[dict[str, FileEntry], list[str]]:
    """The files below the library's folders, and the folders that cannot be reached now."""
    files: dict[str, FileEntry] = {}
    unreachable = []
    roots = set(folders)
    for item in scan(folders, rules.extensions):
        if isinstance(item, Skipped):
            if item.path in roots:
                # An unplugged drive or an unmounted share: keep what was indexed from it.
                unreachable.append(display_path(item.path).rstrip(os.sep) + os.sep)
                item = Skipped(item.path, UNREACHABLE)
            report.skipped.append(item)
        else:
            files.setdefault(display_path(item.where), item)
    return files, unreachable


def _scan_paths(
    paths: Collection[Path], folders: list[Path], rules: Rules, report: IndexReport
) -> tuple[dict[str, FileEntry], list[str], list[str]]:
    """_scan for `paths` only, those inside the library's folders: the files at and below them,
    the folders that cannot be reached now, and the keys whose indexed files are compared.

    A path below a folder that cannot be reached (a drive unplugged) keeps its articles: the
    folder is unreachable, not emptied."""
    roots = {}
    for path in paths:
        root = next((f for f in folders if f == path or f in path.parents), None)
        if root is not None:
            roots[path] = root
    reachable = {root: os.path.isdir(root) for root in set(roots.values())}
    unreachable = [
        display_path(root).rstrip(os.sep) + os.sep for root, ok in reachable.items() if not ok
    ]
    wanted = [path for path, root in roots.items() if reachable[root]]
    files: dict[str, FileEntry] = {}
    for item in scan_paths(wanted, rules.extensions):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            files.setdefault(display_path(item.where), item)
    return files, unreachable, [display_path(path) for path in wanted]


def _sync(
    store: IndexStore,
    folders: list[Path],
    rules: Rules,
    report: IndexReport,
    paths: Collection[Path] | None,
    progress: Progress | None,
    cancel: Cancel | None,
) -> None:
    store.remove_stale_generations()
    # A watcher's batch compares its own paths in the index; the whole saved state (a million
    # entries in a large library) is read for it only once something changed.
    saved = None if report.full or paths is not None else _saved_state(store)
    # A state is saved only beside an index of this version's layout (filestate.LAYOUT).
    fresh = report.full or (saved is None and (not store.exists() or not store.is_current()))
    if paths is None or fresh:
        files, unreachable = _scan(folders, rules, report)
        keys = None
    else:
        files, unreachable, keys = _scan_paths(paths, folders, rules, report)
    ix = None
    state: dict[str, tuple[int, int]] = {}
    if saved is not None and keys is None:
        state = saved.files  # the index is opened only if something changed
    elif not fresh:
        name, ix = store.open()
        with damage_guard(), ix.reader() as reader:
            state = indexed_state(reader) if keys is None else indexed_state_at(reader, keys)
    changed = [key for key, entry in files.items() if _changed(state.get(key), entry)]
    gone = [key for key in state if key not in files and not key.startswith(tuple(unreachable))]
    report.unchanged = len(files) - len(changed)
    if not changed and not gone and not fresh:
        if saved is None and keys is None:  # the next reindex reads this instead of the index
            saved = FileState(ix.doc_count(), state)
            saved.save(store.folder / name)
        report.documents = saved.documents if saved is not None else ix.doc_count()
        return

    from searchapp.core.engine.updating import Plan, Work, update

    work = [Work(files[key].where, files[key].size) for key in changed]
    del files  # a million entries; the work list holds what reading needs
    if keys is not None:
        saved = _saved_state(store)  # the index as it is, under the writer's lock
    before = saved.files if saved is not None else state if keys is None else None
    update(store, Plan(fresh, work, changed, gone, state, before), rules, report, progress, cancel)


def _saved_state(store: IndexStore) -> FileState | None:
    """The live index's saved file state, if it describes the index as it is now."""
    directory = store.current_dir()
    return None if directory is None else FileState.load(directory)


def _changed(indexed: tuple[int, int] | None, entry: FileEntry) -> bool:
    """Whether a file's size or time differs from what the index holds (None: not indexed)."""
    if indexed is None:
        return True
    size, mtime_ns = indexed
    if size == entry.size and mtime_ns == entry.mtime_ns:
        return False  # nearly every file of a reindex: no clamping to compare
    from searchapp.core.engine.schema import clamp_64  # a changed file loads Whoosh anyway

    return indexed != (clamp_64(entry.size), clamp_64(entry.mtime_ns))
