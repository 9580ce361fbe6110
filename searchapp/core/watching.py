"""A live library: its folders watched for changes, the changed paths gathered into batches, each
batch brought into the index by an update of those paths alone.

watchdog reports changes as the system sees them (inotify on Linux, FSEvents on macOS,
ReadDirectoryChangesW on Windows). A batch waits until changes pause (QUIET_S) or its first
change is MAX_WAIT_S old, so 5,000 files copied in make a few batches, not 5,000 commits. A file
still being written is left for a later batch: it is taken once it was closed after writing, or
once its size and time have held for SETTLE_S.

Limits a desktop meets: where the system's watch limit is reached (inotify's max_user_watches)
the folder is scanned every POLL_S instead, and the user is told once; a folder that disappears
(a drive unplugged, a share unmounted) keeps its articles and is watched again when it returns;
another process writing the index makes a batch wait and try again. Idle, the watcher's thread
sleeps between checks of its folders (HEALTH_S); nothing is read until something changes.

One watcher a library: a process that watches holds WATCHER_FILE in the library's home, so a
second watcher, or a reindex run beside it, can name the process that keeps the index live.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from searchapp.core.errors import AlreadyWatched, IndexLocked
from searchapp.core.reading.folders import wanted
from searchapp.core.types import IndexReport, WatchBatch

log = logging.getLogger(__name__)

QUIET_S = 0.3  # a batch starts when no change came for this long...
MAX_WAIT_S = 1.5  # ...or when its first change is this old (a long copy is indexed as it goes)
SETTLE_S = 1.0  # a file changed but not closed is read when its size and time held this long
HEALTH_S = 5.0  # how often the folders are checked for being there
POLL_S = 60.0  # how often a folder past the system's watch limit is scanned
RETRY_S = 2.0  # how long a batch waits when another process is writing the index
FAILED_RETRY_S = 30.0  # how long a batch that failed (a full disk) waits to be tried again
MAX_BATCH = 1_000  # paths a batch takes at most: a long copy holds the writer lock by turns
TURN_S = 0.25  # the pause between two batches of a long copy, a reindex elsewhere's turn
WATCHER_FILE = "watcher.lock"
WATCH_LIMIT_ERRORS = (errno.ENOSPC, errno.EMFILE)  # inotify's watch and instance limits
COMPLETE = ("closed", "moved")  # the events after which a file is whole (watchdog's names)


@contextlib.contextmanager
def watcher_mark(home: Path) -> Iterator[None]:
    """Mark the library as watched by this process while the block runs (the system frees the
    mark if the process dies); AlreadyWatched if another process holds it."""
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / WATCHER_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyWatched(_read_pid(fd)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def watcher_process(home: Path) -> int | None:
    """The process that watches the library in `home`, or None when none does."""
    try:
        fd = os.open(home / WATCHER_FILE, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_pid(fd) or -1
    finally:
        os.close(fd)
    return None


def _read_pid(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


@dataclass
class Pending:
    """A path seen to change, not yet indexed."""

    first: float  # when its first change since the last batch came
    last: float  # when its latest change came
    folder: bool = False
    closed: bool = False  # closed after its latest write: complete
    seen: tuple[int, int] | None = None  # (size, mtime) at the last look
    seen_at: float = 0.0
    not_before: float = 0.0  # a batch that failed is tried again after this


@dataclass
class FolderState:
    """How one library folder is watched: by the system, polled, or not at all (unreachable)."""

    watch: object | None = None  # watchdog's ObservedWatch
    polled: bool = False
    next_poll: float = 0.0
    reachable: bool = True
    notices: set[str] = field(default_factory=set)


class _Handler:
    """What watchdog's observer hands each event to (its dispatch), for the watcher."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def dispatch(self, event) -> None:
        self.watcher.saw(event)


def _events() -> list[type]:
    """The watchdog events a watcher asks for (imported here: only a watcher needs watchdog)."""
    from watchdog import events

    return [
        events.FileCreatedEvent,
        events.FileModifiedEvent,
        events.FileClosedEvent,
        events.FileDeletedEvent,
        events.FileMovedEvent,
        events.DirCreatedEvent,
        events.DirDeletedEvent,
        events.DirMovedEvent,
    ]


def _system_observer():
    from watchdog.observers import Observer

    return Observer()


class Watcher:
    """Watches folders and brings each batch of changed paths into the index with `update`.

    `on_batch` hears of every batch that changed the index (from the watcher's thread),
    `on_notice` of what the user should know once (a folder polled, gone, back; an error).
    """

    def __init__(
        self,
        folders: Collection[Path],
        extensions: frozenset[str],
        update: Callable[[list[Path]], IndexReport],
        on_batch: Callable[[WatchBatch], None] = lambda batch: None,
        on_notice: Callable[[str], None] = lambda text: None,
        *,
        observer_factory: Callable[[], object] = _system_observer,
    ) -> None:
        self.extensions = extensions
        self.update = update
        self.on_batch, self.on_notice = on_batch, on_notice
        self.observer_factory = observer_factory
        self.folders = {Path(folder): FolderState() for folder in folders}
        self.pending: dict[Path, Pending] = {}
        self.changed = threading.Condition()
        self.stopping = False
        self.thread: threading.Thread | None = None
        self.observer = None
        self.handler = _Handler(self)
        self.quiet_s, self.max_wait_s, self.settle_s = QUIET_S, MAX_WAIT_S, SETTLE_S
        self.health_s, self.poll_s, self.retry_s = HEALTH_S, POLL_S, RETRY_S
        self.max_batch = MAX_BATCH
        self.failed_retry_s = FAILED_RETRY_S
        self.told: set[str] = set()  # the failures told already

    # Starting and stopping

    def start(self) -> None:
        """Watch every folder and start the thread that indexes the batches."""
        self.observer = self.observer_factory()
        self.observer.start()
        now = time.monotonic()
        for folder, state in self.folders.items():
            state.reachable = os.path.isdir(folder)
            if state.reachable:
                self._watch(folder, state, now)
            else:
                self._tell_once(state, "gone", _gone_notice(folder))
        self.thread = threading.Thread(target=self._run, name="searchapp-watcher", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop watching; a batch being written is finished first."""
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
        if self.observer is not None:
            with contextlib.suppress(Exception):
                self.observer.stop()
                self.observer.join(timeout)
        if self.thread is not None:
            self.thread.join(timeout)

    @property
    def polled(self) -> list[Path]:
        """The folders scanned every POLL_S because the system's watch limit is reached."""
        return [folder for folder, state in self.folders.items() if state.polled]

    def _watch(self, folder: Path, state: FolderState, now: float) -> None:
        try:
            state.watch = self.observer.schedule(
                self.handler, os.fspath(folder), recursive=True, event_filter=_events()
            )
            state.polled = False
        except OSError as exc:
            if exc.errno not in WATCH_LIMIT_ERRORS:
                raise
            state.watch, state.polled, state.next_poll = None, True, now + self.poll_s
            self._tell_once(state, "limit", _limit_notice(folder, self.poll_s))

    def _unwatch(self, state: FolderState) -> None:
        if state.watch is not None:
            with contextlib.suppress(Exception):
                self.observer.unschedule(state.watch)
            state.watch = None

    def _tell_once(self, state: FolderState, kind: str, text: str) -> None:
        if kind not in state.notices:
            state.notices.add(kind)
            self._notice(text)

    def _notice(self, text: str) -> None:
        try:
            self.on_notice(text)
        except Exception:
            log.exception("a watcher notice could not be shown")

    # Events, from watchdog's thread

    def saw(self, event) -> None:
        """Note a change: its paths wait for the next batch."""
        now = time.monotonic()
        folder = event.is_directory
        paths = [event.src_path, getattr(event, "dest_path", "")]
        with self.changed:
            for raw in paths:
                if not raw:
                    continue
                path = Path(os.fsdecode(raw))
                if not folder and not wanted(path.name, self.extensions):
                    continue
                item = self.pending.get(path)
                if item is None:
                    item = self.pending[path] = Pending(first=now, last=now, folder=folder)
                item.last = now
                item.closed = event.event_type in COMPLETE
            self.changed.notify_all()

    # The batching thread

    def _run(self) -> None:
        next_health = time.monotonic() + self.health_s
        while True:
            with self.changed:
                if self.stopping:
                    return
                now = time.monotonic()
                ready, wake = self._ready(now)
                if not ready:
                    wake = min(wake, next_health, self._next_poll())
                    self.changed.wait(max(0.0, wake - now))
                    ready = []
            now = time.monotonic()
            if now >= next_health:
                next_health = now + self.health_s
                ready += self._check_folders(now)
            ready += self._due_polls(now)
            if ready:
                self._index(ready)
            if len(ready) >= self.max_batch:
                with self.changed:  # another writer's turn (a reindex) between two batches
                    self.changed.wait_for(lambda: self.stopping, TURN_S)

    def _ready(self, now: float) -> tuple[list[Path], float]:
        """The pending paths a batch takes now, and when to look again. Called holding the
        lock."""
        due = {path: item for path, item in self.pending.items() if item.not_before <= now}
        later = min((item.not_before for item in self.pending.values()), default=float("inf"))
        later = later if later > now else float("inf")
        if not due:
            return [], later
        latest = max(item.last for item in due.values())
        oldest = min(item.first for item in due.values())
        if now - latest < self.quiet_s and now - oldest < self.max_wait_s:
            return [], min(latest + self.quiet_s, oldest + self.max_wait_s, later)
        ready, wake = [], later
        for path, item in due.items():
            if len(ready) == self.max_batch:
                return ready, now  # the rest after this batch, and a pause for other writers
            if _complete(path, item, now, self.settle_s):
                ready.append(path)
                del self.pending[path]
            else:
                wake = min(wake, max(item.last, item.seen_at) + self.settle_s)
        return ready, wake

    def _next_poll(self) -> float:
        polls = [state.next_poll for state in self.folders.values() if state.polled]
        return min(polls, default=float("inf"))

    def _due_polls(self, now: float) -> list[Path]:
        due = []
        for folder, state in self.folders.items():
            if state.polled and state.reachable and now >= state.next_poll:
                state.next_poll = now + self.poll_s
                due.append(folder)
        return due

    def _check_folders(self, now: float) -> list[Path]:
        """Folders that went away stop being watched (their articles stay); those that came
        back are watched again and looked at whole, for what changed while they were away."""
        back = []
        for folder, state in self.folders.items():
            reachable = os.path.isdir(folder)
            if reachable == state.reachable:
                continue
            state.reachable = reachable
            if not reachable:
                self._unwatch(state)
                state.notices.discard("back")
                self._tell_once(state, "gone", _gone_notice(folder))
            else:
                try:
                    self._watch(folder, state, now)
                except OSError as exc:
                    self._notice(f"{os.fsdecode(folder)} cannot be watched: {exc.strerror or exc}")
                    state.polled, state.next_poll = True, now + self.poll_s
                state.notices.discard("gone")
                self._tell_once(state, "back", f"{os.fsdecode(folder)} is back; watching it again")
                back.append(folder)
        return back

    def _index(self, paths: list[Path]) -> None:
        try:
            report = self.update(paths)
        except IndexLocked:
            # Another process writes the index (a reindex from the command line): its turn.
            self._later(paths, self.retry_s)
            return
        except Exception as exc:  # one bad batch never stops the watching
            log.warning("a watcher batch failed", exc_info=True)
            text = f"The index could not be updated: {exc}; trying again shortly"
            if text not in self.told:
                self.told.add(text)
                self._notice(text)
            self._later(paths, self.failed_retry_s)
            return
        try:
            self.on_batch(WatchBatch(paths, report))
        except Exception:
            log.exception("a watcher batch could not be reported")

    def _later(self, paths: list[Path], delay: float) -> None:
        """Put a batch's paths back, to be taken again after `delay` at the earliest."""
        now = time.monotonic()
        with self.changed:
            for path in paths:
                item = self.pending.setdefault(path, Pending(first=now, last=now))
                item.not_before = now + delay
                item.folder = item.folder or path.is_dir()
                item.closed = True


def _complete(path: Path, item: Pending, now: float, settle_s: float) -> bool:
    """Whether a changed path can be read: a folder, a file gone or closed after writing, or
    one whose size and time held for `settle_s` since its last change."""
    if item.folder or item.closed:
        return True
    try:
        info = os.stat(path)
    except OSError:
        return True  # gone: its articles leave the index
    seen = (info.st_size, info.st_mtime_ns)
    if seen != item.seen:
        first_look = item.seen is None
        item.seen, item.seen_at = seen, now
        if not first_look:
            return False  # grew since the last look, without a word from the system
    return now - item.last >= settle_s


def _limit_notice(folder: Path, every: float) -> str:
    return (
        f"The system's limit on watched folders is reached (on Linux, "
        f"fs.inotify.max_user_watches): {os.fsdecode(folder)} is checked for changes every "
        f"{every:.0f} s instead of at once. Raising the limit lets it be watched."
    )


def _gone_notice(folder: Path) -> str:
    return (
        f"{os.fsdecode(folder)} is not reachable; its articles stay searchable, and it is "
        "watched again when it is back"
    )
