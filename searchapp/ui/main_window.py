"""The main window: lays out the search bar, filters, results and preview, and connects them.

Each area is its own class (SearchBar, FilterPanel, ResultsPane, PreviewPane) and the long work
runs in controllers (SearchController, PreviewController, ReindexController); the window holds
the menus, the library's folders and the errors nobody planned for.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import logging
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.errors import IndexUnavailable, UserInputError
from searchapp.core.library import Library
from searchapp.core.types import (
    ArticleView,
    ConcordanceLine,
    Copy,
    ExportReport,
    Hit,
    IndexReport,
    SearchQuery,
    SearchResult,
    WatchBatch,
)
from searchapp.ui.actions import make_action
from searchapp.ui.appearance import Appearance
from searchapp.ui.columns import Columns
from searchapp.ui.compare import CompareDialog
from searchapp.ui.concordance import ConcordanceWindow
from searchapp.ui.dialogs import LibraryDialog, SyntaxHelpDialog, about_text
from searchapp.ui.examples import EXAMPLE_ARTICLES, SAMPLE_EXAMPLES, example_queries
from searchapp.ui.export_dialog import ExportDialog, count_of
from searchapp.ui.filter_panel import FilterChips, FilterPanel
from searchapp.ui.live_index import LiveIndex, batch_note
from searchapp.ui.preview import PreviewPane
from searchapp.ui.preview_controller import PreviewController
from searchapp.ui.reindex_controller import REBUILD_OFFER, ReindexController
from searchapp.ui.results_pane import ResultNotice, ResultsPane
from searchapp.ui.saved_search import SavedSearch
from searchapp.ui.saved_searches import SavedSearchesPanel
from searchapp.ui.search_bar import SearchBar
from searchapp.ui.search_controller import SearchController, SearchRequest
from searchapp.ui.text import sentence
from searchapp.ui.workers import ReindexTask, Task, TaskRunner

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
INDEX_CHECK_MS = 3_000  # how often the window looks for a reindex run elsewhere
LIVE_NOTE_MS = 5_000  # how long the status bar tells of a batch of changed files


class MainWindow(QMainWindow):
    """searchapp's window on one Library."""

    resultsShown = Signal(object)  # the SearchResult now on screen
    previewShown = Signal(object)  # the ArticleView now in the preview
    reindexFinished = Signal(object)  # the IndexReport, or the error that stopped the reindex

    def __init__(
        self,
        library: Library,
        settings: QSettings,
        appearance: Appearance,
        icon: QIcon | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings
        self.runner = TaskRunner(self)
        self.searches = SearchController(library, self.runner, self)
        self.reindexer = ReindexController(library, self.runner, self)
        self.live = LiveIndex(library, self)  # the folders watched while the window is open
        self.appearance = appearance  # text size and theme, from the View menu
        self.result: SearchResult | None = None
        self.catching_up = False  # the catch-up reindex waits for the first results
        self.shown_query: SearchQuery | None = None  # the query of the results on screen
        self.read_on_arrival = False  # Enter was pressed before its results came
        self.hit_menu: QMenu | None = None
        self.shown_copies: tuple[str, tuple[Copy, ...]] = ("", ())  # the hit read, its copies
        self.examples = SAMPLE_EXAMPLES  # until the library's own are read
        self.shown_errors: set[str] = set()
        self.export_dialog: ExportDialog | None = None
        self.concordance: ConcordanceWindow | None = None  # made when first opened
        self.wanted_hit = ("", -1)  # an article asked for at one of its hits, and which
        self.setWindowTitle("searchapp")
        if icon is not None:
            self.setWindowIcon(icon)
        self.setAcceptDrops(True)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        # A reindex run beside the window (`searchapp reindex`) shows without a keystroke.
        self.index_check = QTimer(self)
        self.index_check.setInterval(INDEX_CHECK_MS)
        self.index_check.timeout.connect(self._check_index)
        self.shown_version: str | None = None  # the index commit the results on screen read

        self._build_actions()
        self._build_widgets()
        self._build_status_bar()
        self._build_shortcuts()
        self._connect()
        self._set_tab_order()
        self._restore_settings()

    # Building

    def _build_actions(self) -> None:
        self.folders_action = make_action(
            self, "Library folders…", "Add or remove folders of articles", self.edit_folders
        )
        self.help_action = make_action(
            self,
            "Search syntax",
            "How to write queries, with examples",
            self.show_syntax_help,
            "F1",
        )
        self.about_action = make_action(
            self, "About searchapp", "Versions and licence", self.show_about
        )
        self.save_search_action = make_action(
            self,
            "Save search…",
            "Keep this query with its filters and order in Saved searches",
            self.save_search,
            QKeySequence.StandardKey.Save,
        )
        self.quit_action = make_action(
            self, "Quit", "Close searchapp", self.close, QKeySequence.StandardKey.Quit
        )
        self.export_action = make_action(
            self,
            "Export results…",
            "Write every match of this search to a file: CSV, JSON Lines, RIS or citations",
            self.export_results,
            "Ctrl+E",
        )
        self.concordance_action = make_action(
            self,
            "Concordance…",
            "Each place the search's words occur, in context, to sort and compare",
            self.open_concordance,
            "Ctrl+Shift+K",
        )

        reindexer = self.reindexer
        upkeep = [self.folders_action, reindexer.reindex_action, reindexer.rebuild_action]
        menu = self.menuBar().addMenu("&Library")
        menu.addActions([*upkeep, reindexer.report_action])
        menu.addSeparator()
        menu.addActions([self.save_search_action, self.export_action])
        menu.addSeparator()
        menu.addAction(self.quit_action)
        view = self.appearance.menu(self)
        view.addSeparator()
        view.addAction(self.concordance_action)
        self.menuBar().addMenu(view)
        self.menuBar().addMenu("&Help").addActions([self.help_action, self.about_action])
        toolbar = self.addToolBar("Library")
        toolbar.setObjectName("libraryToolbar")
        toolbar.setMovable(False)
        toolbar.addActions(upkeep)
        toolbar.addSeparator()
        toolbar.addActions([self.export_action, self.concordance_action, self.help_action])

    def _build_widgets(self) -> None:
        self.search_bar = SearchBar(self.help_action)
        self.chips_row = FilterChips()
        self.notice = ResultNotice()
        self.filters = FilterPanel()
        self.results_pane = ResultsPane(self.searches.fetch_page)
        self.preview = PreviewPane()
        self.previewer = PreviewController(self.library, self.runner, self.preview)
        self.preview.set_library(self.library, self.runner)

        self.splitter = Columns()
        self.saved = SavedSearchesPanel(self.settings)
        self.saved.link_history(self.search_bar)
        self.left = _scrolling_column(self.saved, self.filters)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.results_pane)
        self.splitter.addWidget(self.preview)
        self._set_minimum_widths()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.chips_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.resize(1280, 800)

        # The parts that tests and benchmark scripts drive by name.
        self.search_field = self.search_bar.field
        self.sort_box = self.search_bar.sort_box
        self.variants_box = self.search_bar.variants_box
        self.chips = self.chips_row.chips
        self.source_facets = self.filters.source_facets
        self.histogram = self.filters.histogram
        self.date_range = self.filters.date_range
        self.model = self.results_pane.model
        self.results = self.results_pane.list
        self.results_table = self.results_pane.table
        self.empty = self.results_pane.empty

    def _set_minimum_widths(self) -> None:
        """Each column keeps room for its words at any window size: the filters their names
        and dates, the results a title and a snippet line, the preview its buttons."""
        letter = self.fontMetrics().averageCharWidth()
        self.left.setMinimumWidth(22 * letter)
        self.results_pane.setMinimumWidth(34 * letter)
        self.preview.setMinimumWidth(max(36 * letter, self.preview.minimumSizeHint().width()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.splitter.filters_width is None and not self.splitter.restored:
            self.splitter.first_widths()

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Status")
        self.statusBar().addWidget(self.status_label, 1)
        self.reindexer.add_to(self.statusBar())
        self.progress = self.reindexer.progress
        self.cancel_button = self.reindexer.cancel_button

    def _build_shortcuts(self) -> None:
        for keys in ("Ctrl+L", "Ctrl+K"):
            QShortcut(QKeySequence(keys), self, activated=self.focus_search)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.find_in_article)
        back = QShortcut(QKeySequence("Esc"), self.preview.text, activated=self.focus_search)
        back.setContext(Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("F3"), self, activated=self.preview.next_hit)
        QShortcut(QKeySequence("Shift+F3"), self, activated=self.preview.previous_hit)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.preview.open_file)

    def _connect(self) -> None:
        self.debounce.timeout.connect(self.search_now)
        self.search_bar.queryTyped.connect(self.debounce.start)
        self.search_bar.queryChanged.connect(self.search_now)
        self.search_bar.queryEntered.connect(self.enter_pressed)
        self.search_bar.stepRequested.connect(self._step)
        self.filters.filtersChanged.connect(self.search_now)
        self.saved.saveRequested.connect(self.save_search)
        self.saved.searchChosen.connect(self.run_saved)
        self.chips_row.sourceRemoved.connect(self.filters.remove_source)
        self.chips_row.datesRemoved.connect(self.filters.clear_dates)
        self.chips_row.tagRemoved.connect(self.filters.remove_tag)
        self.preview.reviewChanged.connect(self._review_changed)
        self.notice.linkActivated.connect(self._link_activated)
        self.searches.resultArrived.connect(self.show_results)
        self.searches.pageArrived.connect(self.model.append)
        self.searches.failed.connect(self.search_failed)
        self.results_pane.hitSelected.connect(self._preview_hit)
        self.results_pane.hitActivated.connect(self.focus_preview)
        self.results_pane.linkActivated.connect(self._link_activated)
        self.results_pane.menuRequested.connect(self._hit_menu)
        self.results_pane.copyRequested.connect(lambda hit: _to_clipboard(citation(hit)))
        self.results_pane.sortRequested.connect(self.search_bar.set_sort)
        self.previewer.previewShown.connect(self._go_to_wanted_hit)
        self.previewer.previewShown.connect(self.previewShown)
        self.previewer.previewShown.connect(self._article_shown)
        self.preview.story.articleChosen.connect(self.read_article)
        self.preview.story.compareRequested.connect(self.compare)
        self.previewer.failed.connect(self.unexpected)
        self.preview.reindexRequested.connect(self.reindex)
        self.preview.openFailed.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.live.batchDone.connect(self._live_batch)
        self.live.notice.connect(lambda text: self.statusBar().showMessage(sentence(text), 15_000))
        self.reindexer.runningChanged.connect(lambda on: self.folders_action.setEnabled(not on))
        self.reindexer.finished.connect(self._reindex_finished)

    # Settings

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self.search_bar.restore(self.settings)
        self.results_pane.set_view(str(self.settings.value("window/results_view", "list")))

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.search_bar.save(self.settings)
        self.settings.setValue("window/results_view", self.results_pane.view)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.reindexer.cancel()
        self.live.stop()
        if self.export_dialog is not None:
            self.export_dialog.cancel()
        if self.concordance is not None:
            self.concordance.close()
        self.runner.close(10_000)
        super().closeEvent(event)

    # Starting

    def start(self) -> None:
        """First search, or a first index of the library with visible progress."""
        self.focus_search()
        # The index the first results read: a change after it (a watcher's batch) shows.
        self.shown_version = self.library.index_version()
        self.index_check.start()
        if not self.library.has_index():
            self.results_pane.show_message("Indexing your library for the first time…")
            self.reindex()
            return
        # Read the examples, catch up with what changed while the window was closed and then
        # watch the folders: once the first results are on screen, so that neither the
        # examples' search nor the catch-up's walk of the folders holds them back.
        self.catching_up = True
        self.search_now()

    def _catch_up(self) -> None:
        if self.catching_up:
            self.catching_up = False
            self._read_examples()
            self.reindex()

    def _read_examples(self) -> None:
        """Take the placeholder's and the help's examples from the library's newest articles."""
        newest = SearchQuery(sort="newest", limit=EXAMPLE_ARTICLES)
        self.runner.start(
            Task(self.library.search, newest),
            self._examples_read,
            lambda error: log.warning("no examples from the library: %s", error),
        )

    def _examples_read(self, result: SearchResult) -> None:
        self.examples = example_queries(result)
        self.search_field.setPlaceholderText(self.examples.placeholder)

    # Searching

    @property
    def request(self) -> SearchRequest | None:
        """The latest search asked for; benchmarks time the window from its `started`."""
        return self.searches.request

    def focus_search(self) -> None:
        self.search_bar.focus()

    def enter_pressed(self) -> None:
        """Enter in the search field: to the preview of the selected hit, searching first when
        the results on screen are not those of the field's text."""
        shown, wanted = self.shown_query, self.current_query()
        current = shown is not None and _page_free(shown) == _page_free(wanted)
        if current and not self.debounce.isActive() and self.result and self.result.total:
            self.focus_preview()
        else:
            self.read_on_arrival = True
            self.search_now()

    def _step(self, step: int) -> None:
        """Up and Down in the search field: through the results, and from the first result
        (or none) up into the queries searched before, as a shell's history does."""
        if step > 0 and self.search_bar.browsing_history:
            self.search_bar.recall(1)
        elif not self.results_pane.move_selection(step) and step == -1:
            self.search_bar.recall(-1)

    def _check_index(self) -> None:
        """Search again when the index changed since the results on screen were found."""
        if self.live.elsewhere is not None and self.library.watcher_process() is None:
            self.live.start()  # the process that watched the folders has stopped: take over
        if self.reindexer.task is not None or self.searches.request is None:
            return
        version = self.library.index_version()
        if self.shown_version is None:
            self.shown_version = version
        elif version != self.shown_version:
            self.shown_version = version
            self.searches.search(self.searches.request.query)

    def search_now(self) -> None:
        """Search for what the bar and the filters ask, without waiting for typing to pause."""
        self.debounce.stop()
        self.searches.search(self.current_query())

    def current_query(self) -> SearchQuery:
        since, until = self.filters.dates()
        return SearchQuery(
            text=self.search_bar.text(),
            sources=self.filters.sources(),
            since=since,
            until=until,
            sort=self.search_bar.sort(),
            variants=self.search_bar.variants(),
            tags=self.filters.tags(),
        )

    def _review_changed(self, _article: str) -> None:
        """A star, tag or note changed in the preview: the results' marks and counts follow."""
        if self.searches.request is not None:
            self.searches.search(self.searches.request.query)

    def show_results(self, request: SearchRequest, result: SearchResult) -> None:
        """Put the answer to the latest search on screen, with its counts and its time."""
        self.result = result
        self.filters.show_facets(result.facets, request.query)
        self.chips_row.show_filters(request.query)
        self.notice.show_for(result)
        elapsed = (time.perf_counter() - request.started) * 1000
        noun = "result" if result.total == 1 else "results"
        articles = "article" if result.articles == 1 else "articles"
        folded = f" · {result.folded:,} copies folded" if result.folded else ""
        self.status_label.setText(
            f"{result.total:,} {noun} in {elapsed:.0f} ms{folded} · {result.articles:,} "
            f"{articles} in the library"
        )
        # The same search refined (a filter, a refresh) keeps the article read; a new query or
        # order starts again from its first hit.
        same = self.shown_query is not None and _same_search(self.shown_query, request.query)
        shown = self.preview.view.id if self.preview.view and same else None
        again = shown is not None and self.shown_query == request.query
        self.shown_query = request.query
        self.saved.select_matching(request.query)
        self.export_action.setEnabled(result.total > 0)
        if self.concordance is not None and self.concordance.isVisible():
            self.concordance.show_query(request.query)
        self.results_pane.show_result(result, request.query, keep=shown, stay=again)
        if self.read_on_arrival and result.total:
            self.focus_preview()
        self.read_on_arrival = False
        if not result.total:
            self.preview.show_message("Select a result to read it here.")
            self.search_bar.pause_timer.stop()  # a pause on a query that finds nothing: not kept
        self._catch_up()
        self.resultsShown.emit(result)

    def search_failed(self, error: BaseException) -> None:
        self._catch_up()
        if isinstance(error, UserInputError):
            self.results_pane.show_failure(html.escape(sentence(str(error))))
            self.status_label.setText("The query cannot be read")
        elif isinstance(error, IndexUnavailable):
            self.results_pane.show_failure(
                html.escape(sentence(str(error))) + "<br><br>" + REBUILD_OFFER
            )
            self.status_label.setText("The index cannot be used")
        else:
            self.unexpected(error)

    def _link_activated(self, link: str) -> None:
        kind, _, value = link.partition(":")
        if kind == "suggest":
            self._search_for(value)
        elif kind == "clear":
            self.filters.clear()
        elif kind == "rebuild":
            self.rebuild()

    def save_search(self) -> None:
        """Keep the query, its filters and its order under a name, in the left panel."""
        self.saved.ask_and_save(self.current_query())

    def run_saved(self, saved: SavedSearch) -> None:
        """Put a saved search's query, order and filters back, then search once."""
        query = saved.to_query()
        self.search_bar.show_query(query.text, query.sort, query.variants)
        self.filters.set_filters(query.sources, query.since, query.until, query.tags)
        self.search_now()

    def _search_for(self, text: str) -> None:
        self.search_field.setText(text)
        self.search_now()

    # Preview

    def _preview_hit(self, hit: Hit) -> None:
        request = self.searches.request
        self.shown_copies = (hit.id, hit.copies)
        self.previewer.load(hit.id, request.query if request else None)

    def read_article(self, article: str) -> None:
        """Read another article (a copy, the same story elsewhere) with the query marked."""
        request = self.searches.request
        self.previewer.load(article, request.query if request else None)

    def _article_shown(self, view: ArticleView) -> None:
        """Under the article: its copies now, its coverage elsewhere once it is found."""
        listed, copies = self.shown_copies
        self.preview.story.show_article(view.id, copies if listed == view.id else ())
        self.runner.start(
            Task(self.library.related, view.id),
            lambda result: self._related_found(view.id, result),
            lambda error: log.warning("no related articles for %s: %s", view.id, error),
        )

    def _related_found(self, article: str, result: SearchResult) -> None:
        if self.preview.view is not None and self.preview.view.id == article:
            self.preview.story.show_related(result)

    def compare(self, first: str, second: str) -> None:
        """Show two copies side by side, what one drops and the other adds marked."""
        self.runner.start(
            Task(self.library.compare, first, second),
            lambda comparison: CompareDialog(comparison, self).open(),
            self.unexpected,
        )

    # Export and concordance

    def export_results(self) -> None:
        """Export every match of the search on screen, in a dialog that shows its progress."""
        query = self.shown_query or self.current_query()
        total = self.result.total if self.result is not None else 0
        if self.export_dialog is not None and self.export_dialog.task is None:
            self.export_dialog.deleteLater()
        dialog = ExportDialog(self.library, self.runner, query, total, self.settings, self)
        dialog.exported.connect(self._exported)
        dialog.showFolderRequested.connect(
            lambda path: self.preview.open_path(path.parent, "show its folder")
        )
        self.export_dialog = dialog
        dialog.open()

    def _exported(self, report: ExportReport) -> None:
        self.statusBar().showMessage(
            f"Exported {count_of(report.records, 'article')} to {report.path}", 15_000
        )

    def open_concordance(self) -> None:
        """Show the concordance of the search: each occurrence of its words in context."""
        if self.concordance is None:
            self.concordance = ConcordanceWindow(self.library, self.runner, self.settings, self)
            self.concordance.lineChosen.connect(self.read_at_hit)
            self.concordance.failed.connect(self.unexpected)
        self.concordance.show_query(self.current_query())
        self.concordance.show()
        self.concordance.raise_()
        self.concordance.activateWindow()

    def read_at_hit(self, line: ConcordanceLine, query: SearchQuery) -> None:
        """Read a concordance line's article in the preview, at that line's hit."""
        self.wanted_hit = (line.id, line.hit)
        if not self.results_pane.select_article(line.id):  # the list follows where it can
            self.results_pane.current_view.setCurrentIndex(QModelIndex())
        self.previewer.load(line.id, query)
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def _go_to_wanted_hit(self, view: ArticleView) -> None:
        article, hit = self.wanted_hit
        self.wanted_hit = ("", -1)
        if view.id == article:
            self.preview.show_hit(hit)

    def _hit_menu(self, hit: Hit, where: QPoint) -> None:
        """Right click on a hit: open it, show its folder, or copy its path, citation or text."""
        menu = QMenu(self)
        file = Path(hit.path)  # the hit's own, not the preview's: that may still be loading
        menu.addAction("Open", lambda: self.preview.open_path(file, "open the file"))
        menu.addAction(
            "Show in folder", lambda: self.preview.open_path(file.parent, "show its folder")
        )
        menu.addSeparator()
        menu.addAction("Copy path", lambda: _to_clipboard(hit.id))
        menu.addAction("Copy citation", lambda: _to_clipboard(citation(hit)))
        menu.addAction("Copy text", lambda: self._copy_text(hit))
        self.hit_menu = menu  # the last one shown, kept alive while it is open
        menu.popup(where)

    def _copy_text(self, hit: Hit) -> None:
        view = self.preview.view
        if view is None or view.id != hit.id:
            view = self.library.document(hit.id)  # one article: milliseconds
        if view is not None:
            _to_clipboard(view.text)

    def focus_preview(self) -> None:
        self.search_bar.remember()  # the user moved on to read: the query is one to keep
        self.preview.text.setFocus()

    def find_in_article(self) -> None:
        """Ctrl+F: find in the article shown; with none shown, to the search field."""
        if self.preview.view is None:
            self.focus_search()
        else:
            self.preview.start_find()

    def _set_tab_order(self) -> None:
        """Tab goes where a reader goes next: query, results, article, its find bar and
        buttons, its star, tags and note; then the sort and switches, and the filters."""
        preview = self.preview
        chain = [
            self.search_field,
            self.results,
            self.results_table,
            preview.text,
            preview.find_bar.field,
            preview.previous_button,
            preview.next_button,
            preview.open_button,
            preview.folder_button,
            preview.review.star_button,
            preview.review.tag_field,
            preview.review.note_button,
            preview.review.note,
            self.sort_box,
            self.variants_box,
            self.saved.list,
            self.saved.save_button,
            self.source_facets,
            self.date_range.since.line,
            self.date_range.until.line,
            self.date_range.clear_button,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    # Library upkeep

    @property
    def reindex_task(self) -> ReindexTask | None:
        return self.reindexer.task

    def reindex(self) -> None:
        self.reindexer.reindex()

    def rebuild(self) -> None:
        self.reindexer.rebuild()

    def _reindex_finished(self, outcome: IndexReport | BaseException) -> None:
        """Search the updated index; after a failure, say why where the results would be."""
        if isinstance(outcome, IndexReport):
            if self.live.folders != self.library.folders:
                self.live.start()
            if _changed(outcome) or self.result is None:
                self.search_now()
                self._read_examples()
            self.reindexFinished.emit(outcome)
            return
        self.reindexFinished.emit(outcome)
        if not isinstance(outcome, IndexUnavailable | UserInputError):
            self.unexpected(outcome)
        elif not self.library.has_index():
            self.results_pane.show_message(html.escape(sentence(str(outcome))))

    def _live_batch(self, batch: WatchBatch) -> None:
        """A batch of changed files is in the index: say so briefly, show the new results; the
        last update's place at the right of the status bar tells of it from now on."""
        note = batch_note(batch)
        self.statusBar().showMessage(note, LIVE_NOTE_MS)
        self.reindexer.report_label.setText(f"{note} at {time.strftime('%H:%M:%S')}")
        self._check_index()

    def edit_folders(self) -> None:
        dialog = LibraryDialog(self.library.folders, self)
        if dialog.exec():
            self.apply_folders(dialog.folders)

    def apply_folders(self, folders: list[Path]) -> None:
        """Make the library hold exactly `folders`, then bring the index up to date."""
        try:
            self.library.set_folders(folders)
        except UserInputError as error:
            # set_folders changed nothing, so there is nothing to index.
            QMessageBox.warning(self, "Library folders", sentence(str(error)))
            return
        self.reindex()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(
            Path(url.toLocalFile()).is_dir() for url in event.mimeData().urls() if url.isLocalFile()
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        folders = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        folders = [f for f in folders if f.is_dir()]
        if folders and self.reindexer.task is None:
            self.apply_folders([*self.library.folders, *folders])
            event.acceptProposedAction()

    # Help

    def show_syntax_help(self) -> None:
        dialog = SyntaxHelpDialog(self.examples, self)
        dialog.exampleChosen.connect(self._search_for)
        dialog.exec()

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


class _ShrinkingLayout(QVBoxLayout):
    """A column whose wrapped labels do not make it ask for its preferred height: a scroll
    area gives such a layout that height, so it would scroll where its parts could shrink."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False


def _scrolling_column(*widgets: QWidget) -> QScrollArea:
    """`widgets` one above the other, scrolling up and down when the window is too short for
    them (large text, a small screen) instead of squeezing them over each other."""
    column = QWidget()
    layout = _ShrinkingLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is widgets[-1] else 0)
    area = QScrollArea()
    area.setObjectName("leftColumn")
    area.setWidget(column)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def _same_search(before: SearchQuery, now: SearchQuery) -> bool:
    return (before.text, before.sort, before.variants) == (now.text, now.sort, now.variants)


def _page_free(query: SearchQuery) -> SearchQuery:
    """The query without its page: what decides which results there are."""
    return dataclasses.replace(query, limit=0, offset=0)


def citation(hit: Hit) -> str:
    """A hit as a reader cites it: title, outlet, date, and where the article is."""
    date = hit.date.isoformat() if hit.date else "no date"
    return f"{hit.title or '(untitled)'}. {hit.source}, {date}. {hit.id}"


def _to_clipboard(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


def _changed(report: IndexReport) -> bool:
    return bool(report.full or report.added or report.updated or report.removed)
