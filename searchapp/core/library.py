"""The public API: one library of folders, its index, and searches; the CLI and GUI both use it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from searchapp.core.config import Config, ConfigError
from searchapp.core.errors import FolderError
from searchapp.core.index import IndexStore
from searchapp.core.paths import home_dir
from searchapp.core.rules import USER_RULES_NAME, Rules, load_rules
from searchapp.core.search import DocumentView, Engine, SearchResult
from searchapp.core.sync import Cancel, IndexReport, Progress, sync

INDEX_DIR = "index"


@dataclass(frozen=True)
class LibraryStatus:
    documents: int
    folders: list[Path]
    index_bytes: int
    last_update: dt.datetime | None
    first_date: dt.date | None
    last_date: dt.date | None
    sources: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "documents": self.documents,
            "folders": [os.fsdecode(f) for f in self.folders],
            "index_bytes": self.index_bytes,
            "last_update": self.last_update.isoformat(timespec="seconds")
            if self.last_update
            else None,
            "date_range": [
                self.first_date.isoformat() if self.first_date else None,
                self.last_date.isoformat() if self.last_date else None,
            ],
            "sources": self.sources,
        }


class Library:
    """Folders of articles, their index and the searches on it."""

    def __init__(self, home: Path) -> None:
        if home.exists() and not home.is_dir():
            raise ConfigError(f"searchapp's folder {os.fsdecode(home)} is a file, not a folder")
        self.home = home
        self.config = Config.load(home)
        self.store = IndexStore(home / INDEX_DIR)
        self.engine = Engine(self.store)
        self._rules: Rules | None = None

    @classmethod
    def open(cls, home: str | os.PathLike[str] | None = None) -> Library:
        """The library kept in `home` (default: $SEARCHAPP_HOME, else the user data folder)."""
        return cls(home_dir(home))

    @property
    def rules(self) -> Rules:
        if self._rules is None:
            self._rules = load_rules(self.home / USER_RULES_NAME)
        return self._rules

    @property
    def folders(self) -> list[Path]:
        return list(self.config.folders)

    def has_index(self) -> bool:
        return self.store.exists()

    def add_folder(self, folder: str | os.PathLike[str]) -> Path:
        """Add a folder to the library (index it with reindex); returns its absolute path."""
        path = Path(os.path.abspath(os.path.expanduser(os.fspath(folder))))
        # os.path's tests answer False, not ValueError, for names no file can have.
        if not os.path.exists(path):
            raise FolderError(f"the folder {os.fsdecode(path)!r} does not exist")
        if not os.path.isdir(path):
            raise FolderError(f"{os.fsdecode(path)!r} is not a folder")
        if path not in self.config.folders:
            self.config.folders.append(path)
            self.config.save(self.home)
        return path

    def remove_folder(self, folder: str | os.PathLike[str]) -> Path:
        """Drop a folder from the library; its documents leave the index at the next reindex."""
        path = Path(os.path.abspath(os.path.expanduser(os.fspath(folder))))
        if path not in self.config.folders:
            raise FolderError(f"the folder {os.fsdecode(path)!r} is not in the library")
        self.config.folders.remove(path)
        self.config.save(self.home)
        return path

    def reindex(
        self, full: bool = False, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> IndexReport:
        """Bring the index up to date with the folders (incremental unless `full`)."""
        return sync(
            self.store, self.folders, self.rules, full=full, progress=progress, cancel=cancel
        )

    def search(
        self,
        query: str,
        *,
        sources: Sequence[str] = (),
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        variants: bool = False,
    ) -> SearchResult:
        """Search the index; see searchapp.core.search.Engine.search."""
        return self.engine.search(
            query,
            sources=sources,
            since=since,
            until=until,
            sort=sort,
            limit=limit,
            offset=offset,
            variants=variants,
        )

    def document(
        self, path: str, query: str = "", *, variants: bool = False
    ) -> DocumentView | None:
        """The full text of an indexed article with the query's hits marked, for the preview."""
        return self.engine.document(path, query, variants=variants)

    def status(self) -> LibraryStatus:
        """Document count, folders, index size, last update, date range and sources."""
        if not self.store.exists():
            return LibraryStatus(0, self.folders, 0, None, None, None)
        newest = self.search("", sort="newest", limit=1)
        oldest = self.search("", sort="oldest", limit=1)
        return LibraryStatus(
            documents=newest.total,
            folders=self.folders,
            index_bytes=self.store.size_bytes(),
            last_update=self.store.last_update(),
            first_date=oldest.hits[0].date if oldest.hits else None,
            last_date=newest.hits[0].date if newest.hits else None,
            sources=newest.facets.sources,
        )
