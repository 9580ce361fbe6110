"""The main window: search as you type, results, filters, preview and the library's upkeep."""

from __future__ import annotations

import datetime as dt
import html
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.errors import IndexUnavailable, UserInputError
from searchapp.core.library import Library
from searchapp.core.types import SORTS, ArticleView, IndexReport, SearchResult
from searchapp.ui.dialogs import (
    LibraryDialog,
    ReportDialog,
    SyntaxHelpDialog,
    about_text,
    report_summary,
)
from searchapp.ui.facets import DateHistogram, DateRangeEdit, SourceFacets
from searchapp.ui.preview import PreviewPane
from searchapp.ui.results import HIT_ROLE, ResultDelegate, ResultsModel
from searchapp.ui.text import tooltip
from searchapp.ui.workers import ReindexTask, Task, TaskRunner

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
PAGE_SIZE = 50
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


@dataclass(frozen=True)
class SearchRequest:
    """Everything one search asks the core for."""

    serial: int
    query: str
    sources: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    sort: str = "relevance"
    variants: bool = False
    started: float = field(default_factory=time.perf_counter)


class MainWindow(QMainWindow):
    """searchapp's window on one Library."""

    resultsShown = Signal(object)  # the SearchResult now on screen
    previewShown = Signal(object)  # the ArticleView now in the preview
    reindexFinished = Signal(object)  # the IndexReport, or the error that stopped the reindex

    def __init__(self, library: Library, settings: QSettings, icon: QIcon | None = None) -> None:
        super().__init__()
        self.library = library
        self.settings = settings
        self.runner = TaskRunner(self)
        self.serial = 0
        self.request: SearchRequest | None = None
        self.result: SearchResult | None = None
        self.reindex_task: ReindexTask | None = None
        self.last_report: IndexReport | None = None
        self.preview_serial = 0
        self.shown_errors: set[str] = set()
        self.setWindowTitle("searchapp")
        if icon is not None:
            self.setWindowIcon(icon)
        self.setAcceptDrops(True)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.run_search)

        self._build_actions()
        self._build_widgets()
        self._build_shortcuts()
        self._restore_settings()

    # Building

    def _action(
        self, text: str, tip: str, slot, shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(
                f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        return action

    def _build_actions(self) -> None:
        self.reindex_action = self._action(
            "Reindex", "Bring the index up to date with the folders", self.reindex, "F5"
        )
        self.rebuild_action = self._action(
            "Rebuild index", "Build the whole index again from the files", self.rebuild
        )
        self.folders_action = self._action(
            "Library folders…", "Add or remove folders of articles", self.edit_folders
        )
        self.report_action = self._action(
            "Last index report…",
            "Show what the last reindex did and what it skipped",
            self.show_report,
        )
        self.report_action.setEnabled(False)
        self.help_action = self._action(
            "Search syntax", "How to write queries, with examples", self.show_syntax_help, "F1"
        )
        self.about_action = self._action("About searchapp", "Versions and licence", self.show_about)
        self.quit_action = self._action(
            "Quit", "Close searchapp", self.close, QKeySequence.StandardKey.Quit
        )

        menu = self.menuBar().addMenu("&Library")
        for action in (
            self.folders_action,
            self.reindex_action,
            self.rebuild_action,
            self.report_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.about_action)

        toolbar = self.addToolBar("Library")
        toolbar.setObjectName("libraryToolbar")
        toolbar.setMovable(False)
        for action in (
            self.folders_action,
            self.reindex_action,
            self.rebuild_action,
            self.help_action,
        ):
            toolbar.addAction(action)

    def _build_widgets(self) -> None:
        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText(
            'Search articles — e.g. Homs rebels, "exact phrase", source:Reuters'
        )
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName("Search")
        self.search_field.setToolTip(
            "Type to search (Ctrl+L). Enter searches at once, Esc clears, F1 explains the syntax."
        )
        self.search_field.textEdited.connect(lambda _text: self.debounce.start())
        self.search_field.returnPressed.connect(self.search_now)
        self.search_field.installEventFilter(self)

        self.sort_box = QComboBox()
        for value in SORTS:
            self.sort_box.addItem(SORT_LABELS[value], value)
        self.sort_box.setToolTip("Order of the results")
        self.sort_box.setAccessibleName("Sort order")
        self.sort_box.currentIndexChanged.connect(lambda _i: self.search_now())

        self.variants_box = QCheckBox("Match spelling variants")
        self.variants_box.setToolTip("Also find other spellings of names (Jolani, Jawlani, Golani)")
        self.variants_box.setAccessibleName("Match spelling variants")
        self.variants_box.toggled.connect(lambda _on: self.search_now())

        help_button = QToolButton()
        help_button.setDefaultAction(self.help_action)
        help_button.setText("?")

        top = QHBoxLayout()
        top.addWidget(self.search_field, 1)
        top.addWidget(self.sort_box)
        top.addWidget(self.variants_box)
        top.addWidget(help_button)

        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        self.chips_row = QWidget()
        chips_layout = QHBoxLayout(self.chips_row)
        chips_layout.setContentsMargins(0, 0, 0, 0)
        chips_layout.addWidget(QLabel("Filters:"))
        chips_layout.addLayout(self.chips)
        chips_layout.addStretch(1)
        self.chips_row.hide()

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.linkActivated.connect(self._link_activated)
        self.notice.hide()

        # Filters
        self.source_facets = SourceFacets()
        self.source_facets.selectionChangedByUser.connect(self.search_now)
        self.histogram = DateHistogram()
        self.histogram.rangeSelected.connect(self._histogram_range)
        self.date_range = DateRangeEdit()
        self.date_range.rangeEdited.connect(self._dates_edited)
        filters = QWidget()
        filters.setObjectName("filterPanel")
        filters_layout = QVBoxLayout(filters)
        filters_layout.addWidget(self._heading("Sources"))
        filters_layout.addWidget(self.source_facets, 1)
        filters_layout.addWidget(self._heading("Dates"))
        filters_layout.addWidget(self.histogram)
        filters_layout.addWidget(self.date_range)

        # Results
        self.model = ResultsModel(self.fetch_page)
        self.results = QListView()
        self.results.setObjectName("results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setAccessibleName("Results")
        self.results.selectionModel().currentChanged.connect(
            lambda current, _previous: self._current_changed(current)
        )
        self.results.activated.connect(lambda _index: self.focus_preview())
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.linkActivated.connect(self._link_activated)
        self.results_stack = QStackedWidget()
        self.results_stack.addWidget(self.results)
        self.results_stack.addWidget(self.empty)

        self.preview = PreviewPane()
        self.preview.reindexRequested.connect(self.reindex)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(filters)
        self.splitter.addWidget(self.results_stack)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([230, 520, 520])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.chips_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel()
        self.status_label.setAccessibleName("Status")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.setAccessibleName("Indexing progress")
        self.progress.setFormat("%v / %m files")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop indexing; the index stays as it was")
        self.cancel_button.setAccessibleName("Cancel indexing")
        self.cancel_button.clicked.connect(self.cancel_reindex)
        self.details_button = QPushButton("Details…")
        self.details_button.setToolTip("Show the files that were skipped and why")
        self.details_button.clicked.connect(self.show_report)
        self.report_label = QLabel()
        self.report_label.setAccessibleName("Last index update")
        status = self.statusBar()
        status.addWidget(self.status_label, 1)
        status.addPermanentWidget(self.report_label)
        status.addPermanentWidget(self.details_button)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        for widget in (self.progress, self.cancel_button, self.details_button):
            widget.hide()
        self.resize(1280, 800)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("facetHeading")
        return label

    def _build_shortcuts(self) -> None:
        for keys in ("Ctrl+L", "Ctrl+F"):
            QShortcut(QKeySequence(keys), self, activated=self.focus_search)
        QShortcut(QKeySequence("F3"), self, activated=self.preview.next_hit)
        QShortcut(QKeySequence("Shift+F3"), self, activated=self.preview.previous_hit)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.preview.open_file)

    # Settings

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        sort = self.settings.value("search/sort", "relevance")
        index = max(0, self.sort_box.findData(sort))
        self.sort_box.blockSignals(True)
        self.sort_box.setCurrentIndex(index)
        self.sort_box.blockSignals(False)
        self.variants_box.blockSignals(True)
        self.variants_box.setChecked(
            self.settings.value("search/variants", "false") in (True, "true")
        )
        self.variants_box.blockSignals(False)
        self.search_field.setText(str(self.settings.value("search/query", "")))

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("search/sort", self.sort_box.currentData())
        self.settings.setValue(
            "search/variants", "true" if self.variants_box.isChecked() else "false"
        )
        self.settings.setValue("search/query", self.search_field.text())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        if self.reindex_task is not None:
            self.reindex_task.cancel()
        self.runner.wait(10_000)
        super().closeEvent(event)

    # Starting

    def start(self) -> None:
        """First search, or a first index of the library with visible progress."""
        self.focus_search()
        if not self.library.has_index():
            self.show_empty("Indexing your library for the first time…")
            self.reindex()
        else:
            self.search_now()

    # Searching

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def search_now(self) -> None:
        self.debounce.stop()
        self.run_search()

    def current_request(self) -> SearchRequest:
        since, until = self.date_range.value()
        self.serial += 1
        return SearchRequest(
            serial=self.serial,
            query=self.search_field.text(),
            sources=tuple(self.source_facets.selected()),
            since=since,
            until=until,
            sort=self.sort_box.currentData(),
            variants=self.variants_box.isChecked(),
        )

    def _search_call(self, request: SearchRequest, offset: int) -> SearchResult:
        return self.library.search(
            request.query,
            sources=request.sources,
            since=request.since,
            until=request.until,
            sort=request.sort,
            limit=PAGE_SIZE,
            offset=offset,
            variants=request.variants,
        )

    def run_search(self) -> None:
        if not self.library.has_index():
            return
        request = self.current_request()
        self.request = request
        task = Task(self._search_call, request, 0)
        self.runner.start(
            task,
            lambda result, r=request: self.show_results(r, result),
            lambda error, r=request: self.search_failed(r, error),
        )

    def fetch_page(self, offset: int) -> None:
        request = self.request
        if request is None:
            return
        task = Task(self._search_call, request, offset)
        self.runner.start(
            task,
            lambda result, r=request, o=offset: self._page_arrived(r, result, o),
            lambda error, r=request: self.search_failed(r, error),
        )

    def _page_arrived(self, request: SearchRequest, result: SearchResult, offset: int) -> None:
        if self.request is request:
            self.model.append(result.hits, offset)

    def show_results(self, request: SearchRequest, result: SearchResult) -> None:
        """Show a result, unless a newer search has started since it was asked for."""
        if self.request is not request:
            return
        self.result = result
        previous = self.preview.view.path if self.preview.view else None
        self.model.reset(result.hits, result.total)
        self.source_facets.set_counts(result.facets.sources, list(request.sources))
        self.histogram.set_buckets(result.facets.dates, result.facets.granularity)
        self.histogram.set_selection(request.since, request.until)
        self._show_chips(request)
        self._show_notice(result)
        elapsed = (time.perf_counter() - request.started) * 1000
        noun = "result" if result.total == 1 else "results"
        self.status_label.setText(f"{result.total:,} {noun} in {elapsed:.0f} ms")
        if result.total:
            self.results_stack.setCurrentWidget(self.results)
            rows = [i for i, hit in enumerate(result.hits) if hit.path == previous]
            if rows:
                self.results.setCurrentIndex(self.model.index(rows[0]))
        else:
            self.show_empty(self._empty_message(request, result))
            self.preview.show_message("Select a result to read it here.")
        self.resultsShown.emit(result)

    def _empty_message(self, request: SearchRequest, result: SearchResult) -> str:
        query = html.escape(request.query.strip())
        message = f"No results for “{query}”." if query else "No articles match these filters."
        if result.suggestion:
            suggestion = html.escape(result.suggestion)
            message += f'<br><br>Did you mean <a href="suggest:{suggestion}">{suggestion}</a>?'
        if request.sources or request.since or request.until:
            message += '<br><br><a href="clear:filters">Clear the filters</a>'
        return message

    def show_empty(self, message: str) -> None:
        self.empty.setText(message)
        self.results_stack.setCurrentWidget(self.empty)

    def _show_notice(self, result: SearchResult) -> None:
        parts = []
        for word, others in result.variants_used.items():
            parts.append(f"{html.escape(word)} also matched: {html.escape(', '.join(others))}")
        if result.suggestion and result.total:
            suggestion = html.escape(result.suggestion)
            parts.append(f'Did you mean <a href="suggest:{suggestion}">{suggestion}</a>?')
        self.notice.setText("  ·  ".join(parts))
        self.notice.setVisible(bool(parts))

    def search_failed(self, request: SearchRequest, error: BaseException) -> None:
        if self.request is not request:
            return
        if isinstance(error, UserInputError):
            self.model.reset([], 0)
            self.show_empty(html.escape(_sentence(str(error))))
            self.status_label.setText("The query cannot be read")
        elif isinstance(error, IndexUnavailable):
            self.model.reset([], 0)
            self.show_empty(
                html.escape(_sentence(str(error)))
                + '<br><br><a href="rebuild:index">Rebuild the index</a>'
            )
            self.status_label.setText("The index cannot be used")
        else:
            self.unexpected(error)

    def _link_activated(self, link: str) -> None:
        kind, _, value = link.partition(":")
        if kind == "suggest":
            self.search_field.setText(value)
            self.search_now()
        elif kind == "clear":
            self.clear_filters()
        elif kind == "rebuild":
            self.rebuild()

    # Filters

    def _histogram_range(self, first: dt.date, last: dt.date) -> None:
        self.date_range.set_range(first, last)
        self.search_now()

    def _dates_edited(self) -> None:
        self.search_now()

    def clear_filters(self) -> None:
        self.source_facets.clear_selection()
        self.date_range.set_range(None, None)
        self.search_now()

    def _show_chips(self, request: SearchRequest) -> None:
        while self.chips.count():
            widget = self.chips.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        chips: list[tuple[str, object]] = [
            (f"{s}  ✕", lambda _checked=False, s=s: self._remove_source(s)) for s in request.sources
        ]
        if request.since or request.until:
            first = request.since.isoformat() if request.since else "…"
            last = request.until.isoformat() if request.until else "…"
            chips.append((f"{first} to {last}  ✕", self._remove_dates))
        for label, slot in chips:
            button = QToolButton()
            button.setObjectName("filterChip")
            button.setText(label)
            button.setToolTip("Remove this filter")
            button.setAccessibleName(f"Remove filter {label.rstrip(' ✕')}")
            button.clicked.connect(slot)
            self.chips.addWidget(button)
        self.chips_row.setVisible(bool(chips))

    def _remove_source(self, name: str) -> None:
        self.source_facets.uncheck(name)

    def _remove_dates(self) -> None:
        self.date_range.set_range(None, None)
        self.search_now()

    # Preview

    def _current_changed(self, index) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is None:
            return
        self.preview_serial += 1
        serial = self.preview_serial
        request = self.request
        task = Task(
            self.library.document,
            hit.path,
            request.query if request else "",
            variants=request.variants if request else False,
        )
        self.runner.start(
            task,
            lambda view, s=serial: self._document_arrived(s, view),
            lambda error, s=serial: self._document_failed(s, error),
        )

    def _document_arrived(self, serial: int, view: ArticleView | None) -> None:
        if serial != self.preview_serial:
            return
        if view is None:
            self.preview.show_message(
                "This article is no longer in the index. Reindex to bring it up to date."
            )
            return
        self.preview.show_document(view, view.file.exists())
        self.previewShown.emit(view)

    def _document_failed(self, serial: int, error: BaseException) -> None:
        if serial != self.preview_serial:
            return
        if isinstance(error, UserInputError | IndexUnavailable):
            self.preview.show_message(_sentence(str(error)))
        else:
            self.unexpected(error)

    def focus_preview(self) -> None:
        self.preview.text.setFocus()

    # Keyboard from the search field

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.search_field.clear()
                self.search_now()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move_selection(key)
                return True
        return super().eventFilter(watched, event)

    def _move_selection(self, key: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        step = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 5,
            Qt.Key.Key_PageUp: -5,
        }[key]
        current = self.results.currentIndex().row()
        row = 0 if current < 0 else min(max(current + step, 0), rows - 1)
        self.results.setCurrentIndex(self.model.index(row))
        self.results.scrollTo(self.model.index(row))

    # Library upkeep

    def reindex(self) -> None:
        self._start_reindex(full=False)

    def rebuild(self) -> None:
        self._start_reindex(full=True)

    def _start_reindex(self, full: bool) -> None:
        if self.reindex_task is not None:
            return
        task = ReindexTask(self.library.reindex, full)
        task.signals.progress.connect(self._reindex_progress)
        self.reindex_task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.details_button.hide()
        for action in (self.reindex_action, self.rebuild_action, self.folders_action):
            action.setEnabled(False)
        self.report_label.setText("Rebuilding the index…" if full else "Updating the index…")
        self.runner.start(task, self._reindex_done, self._reindex_failed)

    def _reindex_progress(self, done: int, total: int, current: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if current:
            self.progress.setToolTip(tooltip(current))

    def cancel_reindex(self) -> None:
        if self.reindex_task is not None:
            self.reindex_task.cancel()
            self.cancel_button.setEnabled(False)
            self.report_label.setText("Cancelling…")

    def _reindex_finished(self) -> None:
        self.reindex_task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_button.setEnabled(True)
        for action in (self.reindex_action, self.rebuild_action, self.folders_action):
            action.setEnabled(True)

    def _reindex_done(self, report: IndexReport) -> None:
        self._reindex_finished()
        self.last_report = report
        self.report_action.setEnabled(True)
        self.details_button.setVisible(bool(report.skipped))
        self.report_label.setText(report_summary(report))
        self.search_now()
        self.reindexFinished.emit(report)

    def _reindex_failed(self, error: BaseException) -> None:
        self._reindex_finished()
        self.reindexFinished.emit(error)
        if isinstance(error, IndexUnavailable | UserInputError):
            message = _sentence(str(error))
            self.report_label.setText(message)
            if not self.library.has_index():
                self.show_empty(html.escape(message))
        else:
            self.unexpected(error)

    def show_report(self) -> None:
        if self.last_report is not None:
            ReportDialog(self.last_report, self).exec()

    def edit_folders(self) -> None:
        dialog = LibraryDialog(self.library.folders, self)
        if dialog.exec():
            self.apply_folders(dialog.folders)

    def apply_folders(self, folders: list[Path]) -> None:
        """Make the library hold exactly `folders`, then bring the index up to date."""
        try:
            for folder in self.library.folders:
                if folder not in folders:
                    self.library.remove_folder(folder)
            for folder in folders:
                if folder not in self.library.folders:
                    self.library.add_folder(folder)
        except UserInputError as error:
            QMessageBox.warning(self, "Library folders", _sentence(str(error)))
        self.reindex()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(
            Path(url.toLocalFile()).is_dir() for url in event.mimeData().urls() if url.isLocalFile()
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        folders = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        folders = [f for f in folders if f.is_dir()]
        if folders and self.reindex_task is None:
            self.apply_folders(
                self.library.folders + [f for f in folders if f not in self.library.folders]
            )
            event.acceptProposedAction()

    # Help

    def show_syntax_help(self) -> None:
        dialog = SyntaxHelpDialog(self)
        dialog.exampleChosen.connect(self._use_example)
        dialog.exec()

    def _use_example(self, example: str) -> None:
        self.search_field.setText(example)
        self.search_now()

    def show_about(self) -> None:
        QMessageBox.about(self, "About searchapp", about_text())

    # Errors nobody planned for

    def unexpected(self, error: BaseException) -> None:
        """Log an unexpected error and show it once; the window keeps running."""
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
        key = f"{type(error).__name__}: {error}"
        if key in self.shown_errors:
            return
        self.shown_errors.add(key)
        QMessageBox.critical(
            self,
            "searchapp",
            f"Something went wrong: {error}\n\n"
            "The details are in the log; searchapp keeps running.",
        )


def _sentence(message: str) -> str:
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."
