"""Loading the selected article into the preview off the GUI thread.

Moving through the results starts a new load before the last one has answered: each load has
a serial, and an answer for an earlier selection is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from searchapp.core.errors import IndexUnavailable, UserInputError
from searchapp.core.library import Library
from searchapp.core.types import ArticleView, SearchQuery
from searchapp.ui.preview import PreviewPane
from searchapp.ui.text import sentence
from searchapp.ui.workers import Task, TaskRunner


class PreviewController(QObject):
    """Shows the article of the latest selected hit in the preview pane, its hits marked."""

    previewShown = Signal(object)  # the ArticleView now in the preview
    failed = Signal(object)  # an error the preview cannot explain in a sentence

    def __init__(self, library: Library, runner: TaskRunner, pane: PreviewPane) -> None:
        super().__init__(pane)
        self.library = library
        self.runner = runner
        self.pane = pane
        self.serial = 0

    def load(self, article: str, query: SearchQuery | None) -> None:
        """Read article `article` (an id) from the index with the words of `query` marked."""
        self.serial += 1
        serial = self.serial
        task = Task(
            self.library.document,
            article,
            query.text if query else "",
            variants=query.variants if query else False,
        )
        self.runner.start(
            task,
            lambda view: self._arrived(serial, view),
            lambda error: self._failed(serial, error),
        )

    def _arrived(self, serial: int, view: ArticleView | None) -> None:
        if serial != self.serial:
            return
        if view is None:
            self.pane.show_message(
                "This article is no longer in the index. Reindex to bring it up to date."
            )
            return
        self.pane.show_document(view, view.file.exists())
        self.previewShown.emit(view)

    def _failed(self, serial: int, error: BaseException) -> None:
        if serial != self.serial:
            return
        if isinstance(error, UserInputError | IndexUnavailable):
            self.pane.show_message(sentence(str(error)))
        else:
            self.failed.emit(error)
