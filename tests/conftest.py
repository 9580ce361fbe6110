"""Shared fixtures: a private searchapp home, small archives, and a library on the sample seeds."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from searchapp.core.library import Library
from searchapp.core.reading import Rules, load_rules
from searchapp.paths import seeds_dir


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own SEARCHAPP_HOME, so nothing touches the user's real library."""
    home = tmp_path / "home"
    monkeypatch.setenv("SEARCHAPP_HOME", str(home))
    return home


ArchiveWriter = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def write_archive(tmp_path: Path) -> ArchiveWriter:
    """Write {relative path: text or bytes} into a fresh folder and return the folder."""
    counter = iter(range(1_000_000))

    def write(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / f"archive{next(counter)}"
        root.mkdir()
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write


@pytest.fixture
def library_for(private_home: Path) -> Callable[..., Library]:
    """A library in the private home holding exactly the given folders, indexed."""

    def make(*folders: Path) -> Library:
        library = Library.open(private_home)
        library.set_folders(folders)
        library.reindex()
        return library

    return make


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled sample archive, with the files' times kept."""
    target = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), target)
    return target


@pytest.fixture
def seed_library(library_for: Callable[..., Library], seeds_copy: Path) -> Library:
    return library_for(seeds_copy)


def set_mtime(path: Path, seconds: float) -> None:
    os.utime(path, (seconds, seconds))


@pytest.fixture(scope="module")
def rules() -> Rules:
    """The bundled metadata rules."""
    return load_rules()


@contextlib.contextmanager
def lock_held_elsewhere(lock_file: Path) -> Iterator[None]:
    """Another process holds the writer lock (as a running reindex would) until the block ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, time\n"
            f"fd = os.open({str(lock_file)!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()
