"""The desktop window, driven the way a user drives it (offscreen)."""

from __future__ import annotations

import threading
import time
import traceback

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QImage

from searchapp.core.library import Library
from searchapp.core.types import SearchResult
from searchapp.ui.app import create_window
from searchapp.ui.preview import PlainTextBrowser
from searchapp.ui.results import HIT_ROLE
from tests.shapes import HARBOUR_STORIES, nexis_classic

from .conftest import type_query


def test_typing_a_query_shows_marked_results(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    result = type_query(qtbot, window, "Homs")
    assert result.total == 5
    assert window.model.rowCount() == 5
    hits = [window.model.index(row).data(HIT_ROLE) for row in range(5)]
    assert all("<mark>Homs</mark>" in hit.snippet_html for hit in hits)
    assert window.status_label.text().startswith("5 results in")


def test_a_bad_query_is_explained_inline(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    window.search_field.setText('"unclosed')
    window.search_now()
    qtbot.waitUntil(lambda: window.results_pane.currentWidget() is window.empty, timeout=5000)
    assert "quotation mark" in window.empty.text()


def test_no_results_offers_the_suggestion_as_a_link(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    result = type_query(qtbot, window, "Homz")
    assert result.total == 0
    assert 'href="suggest:homs"' in window.empty.text()
    with qtbot.waitSignal(window.resultsShown) as blocker:
        window.empty.linkActivated.emit("suggest:homs")
    assert blocker.args[0].total == 5 and window.search_field.text() == "homs"


def test_ticking_a_source_filters_results_and_keeps_counts(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    facets = window.source_facets
    row = next(i for i in range(facets.count()) if facets.item(i).text().startswith("Reuters"))
    with qtbot.waitSignal(window.resultsShown) as blocker:
        facets.item(row).setCheckState(Qt.CheckState.Checked)
    result: SearchResult = blocker.args[0]
    assert result.total == 1 and window.model.rowCount() == 1
    assert facets.count() == 5  # the other sources stay listed with their counts
    assert window.chips_row.isVisibleTo(window)
    with qtbot.waitSignal(window.resultsShown) as blocker:
        window.chips.itemAt(0).widget().click()
    assert blocker.args[0].total == 5 and facets.selected() == []


def test_clicking_a_histogram_bar_filters_by_that_day(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    histogram = window.histogram
    histogram.resize(240, 110)
    assert [b.count for b in histogram.buckets] == [3, 2]
    centre = histogram.bar_rect(1).center()
    with qtbot.waitSignal(window.resultsShown) as blocker:
        qtbot.mouseClick(histogram, Qt.MouseButton.LeftButton, pos=centre)
    result = blocker.args[0]
    assert result.total == 2
    assert {hit.date.isoformat() for hit in result.hits} == {"2024-12-07"}
    assert window.date_range.value()[0].isoformat() == "2024-12-07"


def test_dragging_across_bars_selects_a_range(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    histogram = window.histogram
    histogram.resize(240, 110)
    start, end = histogram.bar_rect(0).center(), histogram.bar_rect(1).center()
    qtbot.mousePress(histogram, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(histogram, pos=end)
    with qtbot.waitSignal(window.resultsShown) as blocker:
        qtbot.mouseRelease(histogram, Qt.MouseButton.LeftButton, pos=end)
    assert blocker.args[0].total == 5
    assert [d.isoformat() for d in window.date_range.value()] == ["2024-12-06", "2024-12-07"]


def test_sorting_newest_and_oldest(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    with qtbot.waitSignal(window.resultsShown) as blocker:
        window.sort_box.setCurrentIndex(window.sort_box.findData("oldest"))
    dates = [hit.date for hit in blocker.args[0].hits]
    assert dates == sorted(dates)
    with qtbot.waitSignal(window.resultsShown) as blocker:
        window.sort_box.setCurrentIndex(window.sort_box.findData("newest"))
    dates = [hit.date for hit in blocker.args[0].hits]
    assert dates == sorted(dates, reverse=True)


def test_variants_toggle_on_a_transliterated_name(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    assert type_query(qtbot, window, "Jolani").total == 2
    with qtbot.waitSignal(window.resultsShown) as blocker:
        window.variants_box.setChecked(True)
    assert blocker.args[0].total == 5
    assert "also matched: golani, jawlani" in window.notice.text()


def test_preview_steps_from_hit_to_hit(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    with qtbot.waitSignal(window.previewShown) as blocker:
        window.results.setCurrentIndex(window.model.index(0))
    view = blocker.args[0]
    preview = window.preview
    count = len(view.hits)
    assert count > 2 and preview.hit_label.text() == f"hit 1 of {count}"
    first = preview.text.textCursor().position()
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert preview.hit_label.text() == f"hit 2 of {count}"
    assert preview.text.textCursor().position() > first
    preview.previous_button.click()
    preview.previous_button.click()
    assert preview.hit_label.text() == f"hit {count} of {count}"
    marked = preview.text.extraSelections()
    assert len(marked) == count
    assert all(s.cursor.selectedText().lower() == "homs" for s in marked)


def test_markup_in_an_article_is_shown_as_text(
    qtbot, write_archive, library_for, open_window, monkeypatch
):
    folder = write_archive(
        {
            "trap.txt": "Title: Trap\nDate: 2020-01-01\nSource: Test\n\n"
            'Before <img src="http://example.invalid/pixel.png"> and '
            '<a href="http://example.invalid/">a link</a> and <script>alert(1)</script> after.',
        }
    )
    loaded = []
    monkeypatch.setattr(
        PlainTextBrowser, "loadResource", lambda self, kind, name: loaded.append(name)
    )
    window = open_window(library_for(folder))
    type_query(qtbot, window, "before")
    with qtbot.waitSignal(window.previewShown):
        window.results.setCurrentIndex(window.model.index(0))
    shown = window.preview.text.toPlainText()
    assert '<img src="http://example.invalid/pixel.png">' in shown
    assert '<a href="http://example.invalid/">a link</a>' in shown
    assert "<img" not in window.preview.text.document().toHtml().replace("&lt;img", "")
    assert loaded == []
    snippet = window.model.index(0).data(HIT_ROLE).snippet_html
    assert "&lt;img" in snippet and "<img" not in snippet


def test_a_vanished_file_offers_a_reindex(qtbot, write_archive, library_for, open_window):
    folder = write_archive(
        {"gone.txt": "Title: Gone\nDate: 2020-01-01\nSource: X\n\nWombat facts."}
    )
    window = open_window(library_for(folder))
    type_query(qtbot, window, "wombat")
    (folder / "gone.txt").unlink()
    with qtbot.waitSignal(window.previewShown):
        window.results.setCurrentIndex(window.model.index(0))
    assert window.preview.missing.isVisibleTo(window)
    assert not window.preview.open_button.isEnabled()
    with qtbot.waitSignal(window.reindexFinished, timeout=10_000) as blocker:
        window.preview.reindex_button.click()
    assert blocker.args[0].removed == 1


def test_keyboard_moves_through_results_and_clears(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus() or window.search_field.selectedText() == "Homs"
    assert window.results.currentIndex().row() == 0  # the first hit is selected and shown
    with qtbot.waitSignal(window.previewShown):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    assert window.results.currentIndex().row() == 1
    with qtbot.waitSignal(window.previewShown):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    assert window.results.currentIndex().row() == 2
    with qtbot.waitSignal(window.resultsShown) as blocker:
        qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    assert window.search_field.text() == "" and blocker.args[0].total == 5


def test_every_action_has_a_tooltip_and_a_name(seed_library, open_window):
    window = open_window(seed_library)
    for action in window.findChildren(QAction):
        if action.text() and not action.isSeparator() and action.parent() is window:
            assert action.toolTip(), action.text()
    for widget in (
        window.search_field,
        window.sort_box,
        window.variants_box,
        window.results,
        window.source_facets,
        window.histogram,
        window.cancel_button,
    ):
        assert widget.accessibleName(), widget


def test_reindex_shows_progress_can_be_cancelled_and_search_goes_on(
    qtbot, tmp_path, library_for, open_window, monkeypatch
):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(200):
        (folder / f"n{number:03d}.txt").write_text(
            f"Title: Note {number}\nDate: 2021-01-01\nSource: Wire\n\nKangaroo {number}.",
            encoding="utf-8",
        )
    library = library_for()
    window = open_window(library)
    library.add_folder(folder)

    import searchapp.core.engine.indexing as indexing
    import searchapp.core.reading.isolation as isolation

    assert indexing.PARALLEL_MIN_FILES > 200  # so read in this process, where the patch applies
    real_read = isolation.read_articles
    gate = threading.Event()

    def slow_read(path, rules):
        gate.wait(5)
        time.sleep(0.005)
        return real_read(path, rules)

    monkeypatch.setattr(isolation, "read_articles", slow_read)
    progress = []
    window.reindex()
    assert window.progress.isVisibleTo(window) and window.cancel_button.isVisibleTo(window)
    window.reindex_task.signals.progress.connect(
        lambda done, total, name: progress.append((done, total))
    )
    # A search while the index is being updated still answers from the previous index.
    result = type_query(qtbot, window, "Homs")
    assert result.total == 0
    gate.set()
    qtbot.waitUntil(lambda: len(progress) >= 2, timeout=5000)
    with qtbot.waitSignal(window.reindexFinished, timeout=10_000) as blocker:
        window.cancel_button.click()
    report = blocker.args[0]
    assert report.cancelled and progress[-1][1] == 200
    assert not window.progress.isVisibleTo(window)
    assert library.search("kangaroo").total == 0
    # Without cancelling, the reindex completes and the current query runs again.
    window.search_field.setText("kangaroo")
    with qtbot.waitSignal(window.reindexFinished, timeout=20_000) as blocker:
        window.reindex()
    assert blocker.args[0].added == 200
    qtbot.waitUntil(lambda: window.result is not None and window.result.total == 200, timeout=5000)


def test_settings_are_restored_in_a_new_window(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    window.sort_box.setCurrentIndex(window.sort_box.findData("oldest"))
    window.variants_box.setChecked(True)
    window.resize(780, 560)  # inside the offscreen screen, which restoreGeometry clamps to
    window.splitter.setSizes([170, 300, 290])
    sizes = window.splitter.sizes()
    window.close()
    again = create_window(seed_library)
    qtbot.addWidget(again)
    assert again.search_field.text() == "Homs"
    assert again.sort_box.currentData() == "oldest"
    assert again.variants_box.isChecked()
    assert (again.width(), again.height()) == (780, 560)
    again.show()
    assert again.splitter.sizes() == sizes
    again.close()


def test_a_slow_search_does_not_block_the_window(qtbot, seed_library, open_window, monkeypatch):
    window = open_window(seed_library)
    real_search = seed_library.search
    release = threading.Event()

    def slow_search(query, **options):
        if query.text == "slow":  # the window asks with one SearchQuery
            release.wait(10)
        return real_search(query, **options)

    monkeypatch.setattr(seed_library, "search", slow_search)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    window.search_field.setText("slow")
    window.search_now()
    qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=5000)  # the event loop keeps turning
    # A newer query answers first, and the slow answer, arriving later, is dropped.
    result = type_query(qtbot, window, "Homs")
    assert result.total == 5
    release.set()
    qtbot.wait(300)
    assert window.result.query == "Homs" and window.model.rowCount() == 5
    timer.stop()


def test_screenshot_of_the_window_with_results(qtbot, seed_library, open_window, tmp_path):
    window = open_window(seed_library)
    window.resize(1280, 800)
    type_query(qtbot, window, "Homs rebels")
    with qtbot.waitSignal(window.previewShown):
        window.results.setCurrentIndex(window.model.index(0))
    path = tmp_path / "window.png"
    assert window.grab().save(str(path))
    image = QImage(str(path))
    assert image.width() >= 1000
    colours = {
        image.pixel(QPoint(x, y))
        for x in range(0, image.width(), 37)
        for y in range(0, image.height(), 41)
    }
    assert len(colours) > 10  # not a blank image


def test_first_run_indexes_with_visible_progress(qtbot, private_home, open_window):
    from searchapp.core.library import Library

    library = Library.open(private_home)
    assert not library.has_index()
    window = open_window(library, wait=False)
    assert "Indexing" in window.empty.text()
    with qtbot.waitSignal(window.resultsShown, timeout=20_000) as blocker:
        pass
    assert blocker.args[0].total == 5


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch):
    """An unexpected error would open a modal dialog; in tests it fails the test instead."""
    from searchapp.ui import main_window

    def fail(self, error):
        detail = "".join(traceback.format_exception(error))
        raise AssertionError(f"unexpected error in the window: {error!r}\n{detail}")

    monkeypatch.setattr(main_window.MainWindow, "unexpected", fail)


def test_the_window_sees_an_index_updated_by_the_command_line(
    qtbot, write_archive, library_for, open_window
):
    import os
    import subprocess
    import sys

    folder = write_archive({"a.txt": "Title: A\nDate: 2020-01-01\nSource: X\n\nKoala one."})
    library = library_for(folder)
    window = open_window(library)
    assert type_query(qtbot, window, "koala").total == 1
    (folder / "b.txt").write_text(
        "Title: B\nDate: 2020-01-02\nSource: X\n\nKoala two.", encoding="utf-8"
    )
    env = dict(os.environ, SEARCHAPP_HOME=str(library.home))
    subprocess.run(
        [sys.executable, "-m", "searchapp", "reindex"], env=env, check=True, capture_output=True
    )
    with qtbot.waitSignal(window.resultsShown) as blocker:
        window.search_now()
    assert blocker.args[0].total == 2


def test_a_damaged_index_offers_a_rebuild(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    live = seed_library.store.current_dir()
    for toc in live.glob("*.toc"):
        toc.write_bytes(b"garbage")
    window.search_field.setText("Homs")
    window.search_now()
    qtbot.waitUntil(lambda: "rebuild:index" in window.empty.text(), timeout=5000)
    assert "damaged" in window.empty.text()
    with qtbot.waitSignal(window.reindexFinished, timeout=20_000) as blocker:
        window.empty.linkActivated.emit("rebuild:index")
    assert blocker.args[0].documents == 5
    qtbot.waitUntil(lambda: window.result is not None and window.result.total == 5, timeout=5000)


def test_an_index_from_an_older_version_offers_a_rebuild(qtbot, seed_library, open_window):
    from whoosh.codec.whoosh3 import W3Codec

    _name, ix = seed_library.store.open()
    with ix.writer(codec=W3Codec()) as writer:  # Whoosh's own posting blocks, as before
        writer.add_document(path="/elsewhere/old.txt", title="Homs")
        writer.merge = False
    window = open_window(seed_library, wait=False)  # its first search fails
    qtbot.waitUntil(lambda: "rebuild:index" in window.empty.text(), timeout=5000)
    assert "older version" in window.empty.text()
    with qtbot.waitSignal(window.reindexFinished, timeout=20_000):
        window.empty.linkActivated.emit("rebuild:index")
    qtbot.waitUntil(lambda: window.result is not None and window.result.total == 5, timeout=5000)


def test_names_that_look_like_markup_stay_text(qtbot, write_archive, library_for, open_window):
    from searchapp.ui.results import HIT_ROLE as ROLE

    name = "<font color=red size=7>EVIL<i>.txt"
    folder = write_archive(
        {name: "<b>Not a title</b>\n\nSource: <i>Evil</i> Times\n\nMarmot news."}
    )
    window = open_window(library_for(folder))
    type_query(qtbot, window, "marmot")
    index = window.model.index(0)
    tip = window.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "&lt;font color=red" in tip and "<font" not in tip
    facet_tips = [
        window.source_facets.item(i).toolTip() for i in range(window.source_facets.count())
    ]
    assert all("<i>" not in t for t in facet_tips)
    assert "<b>" not in index.data(ROLE).title_html


def test_articles_without_a_date_are_counted_beside_the_histogram(
    qtbot, write_archive, library_for, open_window
):
    folder = write_archive(
        {
            "dated.txt": "Title: Quay works\nDate: 1987-03-02\n\nThe quay works began.\n",
            "undated.txt": "Quay works go on\n\nThe quay works go on, the harbour master said.\n",
        }
    )
    window = open_window(library_for(folder))
    result = type_query(qtbot, window, "quay")
    assert (result.total, result.facets.undated) == (2, 1)
    assert window.filters.undated.isVisible()
    assert window.filters.undated.text() == "1 article without a date"
    assert [b.start.year for b in window.histogram.buckets] == [1987]
    type_query(qtbot, window, "began")
    assert not window.filters.undated.isVisible()


def test_an_export_shows_each_article_with_its_outlet_and_place(
    qtbot, write_archive, library_for, open_window
):
    folder = write_archive({"download.TXT": nexis_classic(HARBOUR_STORIES)})
    window = open_window(library_for(folder))
    result = type_query(qtbot, window, "berth")
    assert [hit.source for hit in result.hits] == ["Coastal Courier"]
    with qtbot.waitSignal(window.previewShown):
        window.results.setCurrentIndex(window.model.index(0))
    details = window.preview.details.text()
    assert "Coastal Courier" in details and "Tom Reyes" in details
    assert "article 2 of 3 in download.TXT" in details
    assert str(folder / "download.TXT") in window.preview.details.toolTip()
    assert window.preview.text.toPlainText().startswith("The north berth will close")


def test_the_preview_follows_a_new_query(qtbot, seed_library, open_window):
    window = open_window(seed_library)

    def shows_first_hit_marked(word: str) -> bool:
        view = window.preview.view
        if view is None or not window.model.hits or view.id != window.model.hits[0].id:
            return False
        return bool(view.hits) and {view.text[a:b].lower() for a, b in view.hits} == {word}

    type_query(qtbot, window, "Homs")
    qtbot.waitUntil(lambda: shows_first_hit_marked("homs"), timeout=10_000)
    assert window.preview.hit_label.text().startswith("hit 1 of")
    type_query(qtbot, window, "Jolani")
    # The new query's first hit, with the new query's words marked (not "homs" any more).
    qtbot.waitUntil(lambda: shows_first_hit_marked("jolani"), timeout=10_000)


def test_a_new_order_shows_the_top_of_the_list(qtbot, write_archive, library_for, open_window):
    notes = {
        f"n{i:02d}.txt": f"Title: Harbour note {i}\nDate: 2021-01-{i + 1:02d}\n\nHarbour news."
        for i in range(28)
    }
    window = open_window(library_for(write_archive(notes)))
    window.resize(900, 500)
    type_query(qtbot, window, "harbour")
    window.results.scrollToBottom()
    assert window.results.verticalScrollBar().value() > 0
    with qtbot.waitSignal(window.resultsShown) as blocker:
        window.sort_box.setCurrentIndex(window.sort_box.findData("oldest"))
    assert window.results.verticalScrollBar().value() == 0
    assert window.results.currentIndex().row() == 0
    assert blocker.args[0].hits[0].title == "Harbour note 0"


def test_open_says_so_where_the_desktop_has_no_opener(
    qtbot, seed_library, open_window, monkeypatch
):
    from PySide6.QtGui import QDesktopServices

    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    qtbot.waitUntil(lambda: window.preview.view is not None, timeout=10_000)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    window.preview.open_button.click()
    message = window.statusBar().currentMessage()
    assert message.startswith("No program on this desktop could open the file")
    assert str(window.preview.view.file) in message
    window.preview.folder_button.click()
    assert "could show its folder" in window.statusBar().currentMessage()


@pytest.mark.parametrize(
    ("since", "until", "dates"),
    [
        ("2024-12-07", "", {"2024-12-07"}),  # a day
        ("", "2024-12-06", {"2024-12-06"}),
        ("2024-12", "2024-12", {"2024-12-06", "2024-12-07"}),  # a month: its first to last day
        ("2024", "", {"2024-12-06", "2024-12-07"}),  # a year
    ],
)
def test_dates_are_typed_as_people_write_them(
    qtbot, seed_library, open_window, since, until, dates
):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    for field, text in ((window.date_range.since, since), (window.date_range.until, until)):
        if text:
            field.line.setFocus()
            qtbot.keyClicks(field.line, text)
            with qtbot.waitSignal(window.resultsShown) as blocker:
                qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert {hit.date.isoformat() for hit in blocker.args[0].hits} == dates


def test_text_that_is_no_date_is_marked_and_searches_nothing(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    field = window.date_range.since
    qtbot.keyClicks(field.line, "any19870302")
    with qtbot.assertNotEmitted(window.resultsShown, wait=400):
        qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert "Not a date" in field.line.toolTip()
    assert window.date_range.value() == (None, None)


def test_the_calendar_opens_inside_the_archives_dates(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    until = window.date_range.until
    until.pick.click()
    assert until.calendar.isVisible()
    assert until.calendar.selectedDate() == QDate(2024, 12, 7)
    assert until.calendar.minimumDate() == QDate(2024, 12, 6)
    with qtbot.waitSignal(window.resultsShown) as blocker:
        until.calendar.clicked.emit(QDate(2024, 12, 6))
    assert {hit.date.isoformat() for hit in blocker.args[0].hits} == {"2024-12-06"}
    assert until.line.text() == "2024-12-06" and not until.calendar.isVisible()


def test_a_keyboard_only_path_through_search_results_and_preview(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "Homs")
    # Enter before the pause: it searches at once, then goes to the first hit's preview.
    with qtbot.waitSignal(window.resultsShown):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.preview.view is not None and bool(window.preview.view.hits))
    assert window.preview.text.hasFocus()
    assert window.preview.view.id == window.model.hits[0].id
    qtbot.keyClick(window.preview.text, Qt.Key.Key_F3)
    assert window.preview.hit_label.text().startswith("hit 2 of")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    with qtbot.waitSignal(window.previewShown):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    assert window.results.currentIndex().row() == 1
    # Enter on results already shown goes straight to the preview of the selected hit.
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.preview.text.hasFocus()


def test_the_right_click_menu_opens_and_copies(qtbot, seed_library, open_window, monkeypatch):
    from PySide6.QtGui import QDesktopServices, QGuiApplication

    opened = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True)
    )
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    row = window.results.visualRect(window.model.index(1)).center()
    with qtbot.waitSignal(window.previewShown):
        window.results.customContextMenuRequested.emit(row)
    hit = window.model.hits[1]
    assert window.results.currentIndex().row() == 1
    actions = {a.text(): a for a in window.hit_menu.actions() if a.text()}
    assert list(actions) == ["Open", "Show in folder", "Copy path", "Copy citation", "Copy text"]
    clipboard = QGuiApplication.clipboard()
    actions["Copy path"].trigger()
    assert clipboard.text() == hit.id
    actions["Copy citation"].trigger()
    assert clipboard.text() == f"{hit.title}. {hit.source}, {hit.date.isoformat()}. {hit.id}"
    actions["Copy text"].trigger()
    assert clipboard.text() == seed_library.document(hit.id).text
    actions["Open"].trigger()
    assert opened[-1].toLocalFile() == hit.path
    window.hit_menu.close()
    clipboard.clear()
    window.results.setFocus()
    qtbot.keyClick(window.results, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text().startswith(f"{hit.title}. {hit.source}")


def test_a_reindex_run_beside_the_window_shows_by_itself(
    qtbot, write_archive, library_for, open_window
):
    folder = write_archive({"a.txt": "Title: Alpha\nDate: 2020-02-02\n\nHarbour news."})
    library = library_for(folder)
    window = open_window(library)
    window.index_check.setInterval(100)
    assert "1 article in the library" in window.status_label.text()
    qtbot.waitUntil(lambda: window.shown_version is not None, timeout=5000)
    (folder / "b.txt").write_text("Title: Beta\nDate: 2021-03-03\n\nHarbour news.", "utf-8")
    Library.open(library.home).reindex()  # as `searchapp reindex` in another process would
    with qtbot.waitSignal(window.resultsShown, timeout=5000) as blocker:
        pass
    assert blocker.args[0].total == 2
    assert "2 articles in the library" in window.status_label.text()


def test_the_table_view_scans_results_and_sorts_by_column(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    pane = window.results_pane
    pane.set_view("table")
    table = window.results_table
    assert pane.currentWidget() is table and table.currentIndex().row() == 0
    header = table.horizontalHeader()
    assert [window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Title",
        "Source",
        "Date",
        "File",
    ]
    # The columns fill the table's width and no more: nothing runs off the right edge.
    table.resize(420, 300)
    widths = sum(header.sectionSize(c) for c in range(4))
    assert widths <= table.viewport().width() and widths >= table.viewport().width() - 4
    with qtbot.waitSignal(window.resultsShown) as blocker:
        header.sectionClicked.emit(1)
    sources = [hit.source.casefold() for hit in blocker.args[0].hits]
    assert sources == sorted(sources) and window.sort_box.currentData() == "source"
    assert header.isSortIndicatorShown() and header.sortIndicatorSection() == 1
    with qtbot.waitSignal(window.resultsShown) as blocker:
        header.sectionClicked.emit(2)
    newest = [hit.date for hit in blocker.args[0].hits]
    assert newest == sorted(newest, reverse=True)
    with qtbot.waitSignal(window.resultsShown) as blocker:
        header.sectionClicked.emit(2)  # the date again: oldest first
    assert [hit.date for hit in blocker.args[0].hits] == sorted(newest)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    # A row chosen in the table is the one read, and stays chosen back in the list.
    with qtbot.waitSignal(window.previewShown) as blocker:
        table.setCurrentIndex(window.model.index(2, 3))
    assert blocker.args[0].id == window.model.hits[2].id
    pane.set_view("list")
    assert window.results.currentIndex().row() == 2
    pane.set_view("table")
    window.save_settings()
    again = open_window(seed_library)  # the view chosen last comes back
    assert again.results_pane.view == "table"
    assert again.results_pane.currentWidget() is again.results_table


def test_tab_goes_from_the_query_to_the_results_and_the_article(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    qtbot.waitUntil(lambda: window.preview.view is not None)
    window.search_field.setFocus()
    for widget in (window.results, window.preview.text):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        assert window.focusWidget() is widget
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)  # then the article's enabled buttons
    preview = window.preview
    buttons = [preview.previous_button, preview.next_button, preview.open_button]
    assert window.focusWidget() is next(b for b in buttons if b.isEnabled())
    # Esc in the article goes back to the query.
    window.preview.text.setFocus()
    qtbot.keyClick(window.preview.text, Qt.Key.Key_Escape)
    assert window.search_field.hasFocus()


def test_find_in_the_article_marks_and_steps_through_matches(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    qtbot.waitUntil(lambda: window.preview.view is not None)
    preview = window.preview
    qtbot.keyClick(window.preview.text, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert preview.find_bar.isVisible() and preview.find_bar.field.hasFocus()
    text = preview.view.text
    wanted = "the"
    count = text.lower().count(wanted)
    assert count > 2
    qtbot.keyClicks(preview.find_bar.field, wanted.upper())  # case aside
    assert preview.find_bar.count.text() == f"1 of {count}"
    marks = preview.text.extraSelections()
    assert len(marks) == len(preview.positions) + count
    qtbot.keyClick(preview.find_bar.field, Qt.Key.Key_Return)
    assert preview.find_bar.count.text() == f"2 of {count}"
    found = preview.found[1]
    assert preview.text.textCursor().position() == found[0]
    qtbot.keyClick(preview.find_bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert preview.find_bar.count.text() == f"1 of {count}"
    qtbot.keyClicks(preview.find_bar.field, "zzqx")
    assert preview.find_bar.count.text() == "not found"
    qtbot.keyClick(preview.find_bar.field, Qt.Key.Key_Escape)
    assert not preview.find_bar.isVisible() and preview.text.hasFocus()
    assert len(preview.text.extraSelections()) == len(preview.positions)


def test_a_saved_search_reruns_its_query_filters_and_order(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    facets = window.source_facets
    row = next(i for i in range(facets.count()) if facets.item(i).text() == "Reuters")
    with qtbot.waitSignal(window.resultsShown):
        facets.item(row).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(window.resultsShown):
        window.sort_box.setCurrentIndex(window.sort_box.findData("oldest"))
    saved = window.saved.add(window.current_query(), "Homs at Reuters")
    # Elsewhere, then back with one click on the saved search.
    with qtbot.waitSignal(window.resultsShown):
        window.filters.clear()
    type_query(qtbot, window, "Jolani")
    item = window.saved.list.item(0)
    with qtbot.waitSignal(window.resultsShown) as blocker:
        window.saved.list.itemClicked.emit(item)
    result = blocker.args[0]
    assert window.search_field.text() == "Homs" and window.sort_box.currentData() == "oldest"
    assert window.filters.sources() == ("Reuters",) and result.total == 1
    assert window.current_query() == saved.to_query()
    # Remembered by the next window.
    again = open_window(seed_library)
    assert [s.name for s in again.saved.searches()] == ["Homs at Reuters"]


def test_up_from_the_first_result_recalls_the_query_before(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)  # kept in the history
    type_query(qtbot, window, "Jolani")
    window.search_field.setFocus()
    with qtbot.waitSignal(window.previewShown):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    assert window.results.currentIndex().row() == 1
    qtbot.keyClick(window.search_field, Qt.Key.Key_Up)  # to the first result
    assert window.results.currentIndex().row() == 0 and window.search_field.text() == "Jolani"
    with qtbot.waitSignal(window.resultsShown) as blocker:
        qtbot.keyClick(window.search_field, Qt.Key.Key_Up)  # above it: the query before
    assert window.search_field.text() == "Homs" and blocker.args[0].total == 5
    with qtbot.waitSignal(window.resultsShown):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Down)  # back to what was typed
    assert window.search_field.text() == "Jolani"


@pytest.mark.parametrize("width", [800, 1280])
def test_columns_share_the_width_and_keep_their_words(qtbot, seed_library, open_window, width):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    window.resize(1280, 760)
    window.resize(width, 560)  # narrower after a wide start, as a user drags it
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] > 0)
    left, results, preview = window.splitter.sizes()
    # The results keep their share beside the preview: neither is squeezed to its minimum.
    assert 0.35 < results / (results + preview) < 0.55
    assert left <= max(window.left.minimumWidth(), width // 4)
    # No part of the preview's buttons, nor the list's text, runs past its column.
    bar = window.preview.folder_button
    assert bar.geometry().right() <= window.preview.width()
    assert window.results.horizontalScrollBar().maximum() == 0
    # Dragging a handle is kept when the window is resized again.
    window.splitter.moveSplitter(left - 20, 1)
    chosen = window.splitter.sizes()[0]
    assert chosen == left - 20
    window.resize(width + 100, 560)
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] == chosen)


def test_a_narrow_table_leaves_the_file_column_out(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    window.results_pane.set_view("table")
    table = window.results_table
    table.resize(600, 300)
    assert not table.isColumnHidden(3)
    table.resize(200, 300)
    assert table.isColumnHidden(3)
    header = table.horizontalHeader()
    widths = sum(header.sectionSize(c) for c in range(3))
    assert widths <= table.viewport().width()


def test_copies_fold_into_one_hit_and_the_same_story_elsewhere_is_a_click_away(
    qtbot, write_archive, library_for, open_window, monkeypatch
):
    from searchapp.ui.compare import CompareDialog
    from tests.test_stories import FOLLOW_UP, WIRE, clipping

    folder = write_archive(
        {
            "a.txt": clipping("Rebels reach Homs", "2024-12-05", "Reuters", WIRE),
            "b.txt": clipping("Rebels near Homs", "2024-12-05", "AFP", WIRE + "\n\nMore soon."),
            "c.txt": clipping("Shelling near Homs", "2024-12-06", "Ledger", FOLLOW_UP),
        }
    )
    window = open_window(library_for(folder))
    result = type_query(qtbot, window, "Homs")
    assert result.total == 2 and result.folded == 1
    assert "1 copies folded" in window.status_label.text()
    row = next(r for r, hit in enumerate(window.model.hits) if hit.copies)
    story = window.preview.story
    with qtbot.waitSignal(window.previewShown):
        window.results.setCurrentIndex(window.model.index(row))
    qtbot.waitUntil(lambda: story.related.count() > 0, timeout=5000)
    assert story.copies.count() == 1 and story.copies_heading.text() == "1 copy of this story"
    # The same story elsewhere: the Ledger's follow-up, under its outlet's name.
    labels = [story.related.item(i).text() for i in range(story.related.count())]
    assert labels[0] == "Ledger" and "Shelling near Homs" in labels[1]
    with qtbot.waitSignal(window.previewShown) as blocker:
        story.related.itemClicked.emit(story.related.item(1))
    assert blocker.args[0].title == "Shelling near Homs"
    # Back to the story, then its two versions side by side.
    with qtbot.waitSignal(window.previewShown):
        window.results.setCurrentIndex(window.model.index(1 - row))
        window.results.setCurrentIndex(window.model.index(row))
    opened = []
    monkeypatch.setattr(CompareDialog, "open", lambda dialog: opened.append(dialog))
    story.compare_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    changes = opened[0].comparison.changes
    assert {c.kind for c in changes} >= {"same"} and any("More soon" in c.text for c in changes)
