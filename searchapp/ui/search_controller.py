"""Searching for the window: one search at a time off the GUI thread, a page of hits at a time.

Typing starts a new search before the last one has answered, so every answer is checked
against the latest request and a stale one is dropped.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from searchapp.core.library import Library
from searchapp.core.types import SearchQuery, SearchResult
from searchapp.ui.workers import Task, TaskRunner

PAGE_SIZE = 50


@dataclass(frozen=True, eq=False)
class SearchRequest:
    """One search the window asked for; only the latest request's answers are shown."""

    query: SearchQuery
    started: float = field(default_factory=time.perf_counter)  # for the time shown with results


class SearchController(QObject):
    """Runs searches on the TaskRunner and reports the answers to the latest one."""

    resultArrived = Signal(object, object)  # the SearchRequest, its first page (SearchResult)
    pageArrived = Signal(object, int)  # a later page's hits (list[Hit]) and where they start
    failed = Signal(object)  # the exception that stopped the latest request

    def __init__(self, library: Library, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.request: SearchRequest | None = None

    def search(self, query: SearchQuery) -> None:
        """Ask for the first page of `query`; answers to earlier requests are dropped from now on.

        Without an index there is nothing to search: the first reindex searches when it ends.
        """
        if not self.library.has_index():
            return
        request = SearchRequest(dataclasses.replace(query, limit=PAGE_SIZE, offset=0))
        self.request = request
        self.runner.start(
            Task(self.library.search, request.query),
            lambda result: self._first_page_arrived(request, result),
            lambda error: self._failed(request, error),
        )

    def fetch_page(self, offset: int) -> None:
        """Ask for the page of the latest request that starts at `offset` (the list scrolled)."""
        request = self.request
        if request is None:
            return
        self.runner.start(
            Task(self.library.search, dataclasses.replace(request.query, offset=offset)),
            lambda result: self._page_arrived(request, result, offset),
            lambda error: self._failed(request, error),
        )

    def _first_page_arrived(self, request: SearchRequest, result: SearchResult) -> None:
        if request is self.request:
            self.resultArrived.emit(request, result)

    def _page_arrived(self, request: SearchRequest, result: SearchResult, offset: int) -> None:
        if request is self.request:
            self.pageArrived.emit(result.hits, offset)

    def _failed(self, request: SearchRequest, error: BaseException) -> None:
        if request is self.request:
            self.failed.emit(error)
