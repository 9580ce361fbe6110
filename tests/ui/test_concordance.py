"""The concordance window, driven as a user drives it (offscreen): the lines of a search in
context, loaded in the background, sorted by the words next to the match, read in the preview."""

from __future__ import annotations

import csv
import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from searchapp.core.errors import IndexDamaged
from searchapp.core.library import Library
from searchapp.ui import concordance, concordance_load
from searchapp.ui.concordance import ConcordanceWindow
from searchapp.ui.concordance_model import LEFT, MATCH, RIGHT, SEARCH_ORDER, WORD, folded

from .conftest import type_query

# Four reports of a ferry strike, in the header form saved clippings often have, and one piece
# that matches only by its title: its text never says the word.
STRIKE_ARTICLES = {
    "gazette/2023-03-02-ferry-strike.txt": (
        "Title: Ferry strike halts crossings to the islands\nDate: 2023-03-02\n"
        "Source: Harbour Gazette\n\n"
        "Crews on the island ferries walked out at dawn, and the strike stopped every crossing "
        "from the mainland terminal. Union officials said the strike would last until the "
        "operator reopened talks on night-shift pay. Islanders queued for the last water taxi; "
        "a second strike was called for the freight boats."
    ),
    "coastal/2023-03-03-dockworkers.txt": (
        "Title: Dockworkers join walkout at the container port\nDate: 2023-03-03\n"
        "Source: Coastal Times\n\n"
        "Dockworkers voted to join the strike on Thursday. Cranes stood idle at the container "
        "port, and shippers warned that a long strike could empty supermarket shelves within a "
        "week. The port authority called the strike unlawful."
    ),
    "wire/2023-03-04-court.txt": (
        "Title: Operator asks court to end ferry stoppage\nDate: 2023-03-04\nSource: Reuters\n\n"
        "The ferry operator asked the high court on Saturday for an order ending the strike, "
        "saying crews had not given the notice the law requires. Zebra crossings outside the "
        "terminal were closed to traffic as pickets gathered."
    ),
    "post/2023-03-06-talks.txt": (
        "Title: Talks resume as walkout enters fifth day\nDate: 2023-03-06\n"
        "Source: Evening Post\n\n"
        "Negotiators met again on Monday. Both sides said an agreement to end the strike was "
        "close, though the union warned that members would vote on any offer."
    ),
    "gazette/2023-03-07-letters.txt": (
        "Title: Letters: the strike and the islands\nDate: 2023-03-07\n"
        "Source: Harbour Gazette\n\n"
        "Readers write about the week the boats stopped, the queues at the quay and the "
        "kindness of neighbours who shared their cars."
    ),
    "post/2023-03-08-weather.txt": (
        "Title: Gales expected along the coast\nDate: 2023-03-08\nSource: Evening Post\n\n"
        "Forecasters expect gales on Wednesday; ferries may be delayed."
    ),
}


@pytest.fixture
def strike_library(write_archive, library_for) -> Library:
    return library_for(write_archive(STRIKE_ARTICLES))


def open_concordance(qtbot, window) -> ConcordanceWindow:
    """Open the concordance of the window's search and wait for all its lines."""
    window.concordance_action.trigger()
    with qtbot.waitSignal(window.concordance.loaded, timeout=5000):
        pass  # the lines arrive through the event loop, which runs only from here
    return window.concordance


def shown_lines(view: ConcordanceWindow):
    return [row.line for row in view.model.rows]


def words(text: str) -> list[str]:
    return WORD.findall(folded(text))


def answer_save_dialog(monkeypatch, path, before=lambda: None) -> list[str]:
    """Make the save dialog answer `path`, running `before` while it is open (the user taking
    their time); returns the names it was opened with."""
    offered = []

    def save_as(parent, title, start, files):
        offered.append(start)
        before()
        return str(path), files

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    return offered


def held_after(library: Library, count: int, gate: threading.Event, error=None):
    """`library.concordance_lines` that stops after `count` lines until `gate` is set, then
    raises `error` if given, else goes on."""
    real_lines = library.concordance_lines

    def concordance_lines(query, *, width):
        articles, lines = real_lines(query, width=width)

        def held():
            for number, line in enumerate(lines):
                if number == count:
                    gate.wait(5)
                    if error is not None:
                        raise error
                yield line

        return articles, held()

    return concordance_lines


def click_header(qtbot, view: ConcordanceWindow, column: int) -> None:
    header = view.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_every_matching_article_has_a_line(qtbot, strike_library, open_window):
    window = open_window(strike_library)
    result = type_query(qtbot, window, "strike")
    view = open_concordance(qtbot, window)
    lines = shown_lines(view)
    matching = {hit.id for hit in strike_library.search("strike", limit=0).hits}
    assert len(matching) == result.total == 5
    assert {line.id for line in lines} == matching
    assert sum(line.hit >= 0 for line in lines) == len(lines) - 1
    assert [line.match.lower() for line in lines if line.hit >= 0] == ["strike"] * (len(lines) - 1)
    # The letters page says "strike" only in its title: one line, from its opening.
    letters = [line for line in lines if line.hit < 0]
    assert [line.id.rsplit("/", 1)[-1] for line in letters] == ["2023-03-07-letters.txt"]
    assert view.summary.text() == f"{len(lines)} lines in 5 articles"
    assert view.windowTitle() == "Concordance: strike" and view.isVisible()
    assert not view.stop_button.isVisible() and view.export_button.isEnabled()


def test_sorting_by_the_words_beside_the_match(qtbot, strike_library, open_window):
    window = open_window(strike_library)
    type_query(qtbot, window, "strike")
    view = open_concordance(qtbot, window)
    in_search_order = shown_lines(view)

    click_header(qtbot, view, RIGHT)
    right_words = [words(line.right) for line in shown_lines(view)]
    assert [w[:1] for w in right_words] == sorted(w[:1] for w in right_words)
    assert [w[0] for w in right_words][:4] == ["and", "could", "on", "saying"]
    assert [w[:2] for w in right_words if w[0] == "was"] == [["was", "called"], ["was", "close"]]
    assert "right of the match" in view.sort_note.text()

    click_header(qtbot, view, RIGHT)  # again: Z to A
    assert [words(line.right)[0] for line in shown_lines(view)][:2] == ["would", "was"]

    click_header(qtbot, view, LEFT)
    nearest_first = [words(line.left)[::-1] for line in shown_lines(view)]
    assert [w[0] for w in nearest_first] == ["long", "second"] + ["the"] * 7
    assert [w[1] for w in nearest_first[2:]] == [
        "and",
        "called",
        "end",
        "ending",
        "join",
        "letters",
        "said",
    ]

    click_header(qtbot, view, MATCH)
    click_header(qtbot, view, MATCH)
    click_header(qtbot, view, MATCH)  # a third click: the search's order again
    assert view.model.sort_column == SEARCH_ORDER
    assert shown_lines(view) == in_search_order


def test_double_clicking_a_line_reads_its_article_at_that_hit(qtbot, strike_library, open_window):
    window = open_window(strike_library)
    type_query(qtbot, window, "strike")
    view = open_concordance(qtbot, window)
    click_header(qtbot, view, RIGHT)  # the row's place on screen is not its place in the search
    row = next(n for n, line in enumerate(shown_lines(view)) if line.hit == 2)
    line = shown_lines(view)[row]
    index = view.model.index(row, RIGHT)
    view.table.scrollTo(index)
    where = view.table.visualRect(index).center()
    with qtbot.waitSignal(window.previewShown, timeout=5000) as blocker:
        # A double click as a mouse makes it: a press and release, then the second press.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    preview = window.preview
    assert blocker.args[0].id == line.id == preview.view.id
    assert preview.current == line.hit == 2
    assert preview.hit_label.text() == f"hit 3 of {len(preview.view.hits)}"
    start, end = preview.view.hits[preview.current]
    assert preview.view.text[start:end].lower() == line.match.lower()
    assert line.right.strip()[:20] in preview.view.text[end : end + 60]
    cursor = preview.text.textCursor().position()
    assert cursor == preview.positions[preview.current][0]

    # Enter on another line of the same article moves the preview to that line's hit.
    row = next(
        n for n, other in enumerate(shown_lines(view)) if other.id == line.id and other.hit == 1
    )
    view.table.setCurrentIndex(view.model.index(row, MATCH))
    with qtbot.waitSignal(window.previewShown, timeout=5000):
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert preview.view.id == line.id and preview.current == 1


def test_the_list_follows_a_line_read_and_a_tag_keeps_its_article_in_the_preview(
    qtbot, strike_library, open_window
):
    window = open_window(strike_library)
    type_query(qtbot, window, "strike")
    first = window.results_pane.current_hit().id
    view = open_concordance(qtbot, window)
    line = next(line for line in shown_lines(view) if line.id != first)
    with qtbot.waitSignal(window.previewShown, timeout=5000):
        view.lineChosen.emit(line, view.query)
    qtbot.waitUntil(lambda: window.preview.view.id == line.id and window.preview.current >= 0)
    assert window.results_pane.current_hit().id == line.id
    with qtbot.waitSignal(window.resultsShown, timeout=5000):
        assert window.preview.review.add_tags("ferry dispute")
    qtbot.wait(200)  # a preview of another article would be on its way by now
    assert window.preview.view.id == line.id
    assert window.library.review(line.id).tags == ("ferry dispute",)


def test_export_csv_writes_the_lines_in_the_order_shown(
    qtbot, strike_library, open_window, monkeypatch, tmp_path
):
    window = open_window(strike_library)
    type_query(qtbot, window, "strike")
    view = open_concordance(qtbot, window)
    click_header(qtbot, view, RIGHT)
    target = tmp_path / "lines.csv"
    offered = answer_save_dialog(monkeypatch, target)
    with qtbot.waitSignal(view.csvExported, timeout=5000) as blocker:
        view.export_button.click()
    assert offered[0].endswith("concordance-strike.csv")
    assert blocker.args == [target, view.model.rowCount()]
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(row["left"], row["match"], row["right"]) for row in rows] == [
        (line.left, line.match, line.right) for line in shown_lines(view)
    ]
    assert view.message.text() == f"Wrote {len(rows)} lines to {target}."


def test_a_query_without_words_is_explained(qtbot, strike_library, open_window):
    window = open_window(strike_library)
    type_query(qtbot, window, "strike")
    window.search_field.clear()
    with qtbot.waitSignal(window.resultsShown):
        window.search_now()
    window.concordance_action.trigger()
    view = window.concordance
    assert view.load is None and view.model.rowCount() == 0
    assert view.stack.currentWidget() is view.empty
    assert "needs words to look for" in view.empty.text()
    assert not view.export_button.isEnabled()


def test_the_first_screen_comes_first_and_stop_keeps_it(
    qtbot, strike_library, open_window, monkeypatch
):
    monkeypatch.setattr(concordance_load, "FIRST_SCREEN", 3)
    window = open_window(strike_library)
    type_query(qtbot, window, "strike")
    gate = threading.Event()
    monkeypatch.setattr(strike_library, "concordance_lines", held_after(strike_library, 3, gate))
    window.concordance_action.trigger()
    view = window.concordance
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    assert view.summary.text() == "Loading… 3 lines so far, in 5 matching articles"
    assert view.stop_button.isVisible() and view.export_button.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=5000) as blocker:
        view.stop_button.click()
        gate.set()
    assert not blocker.args[0].complete
    assert view.model.rowCount() == 3
    assert view.summary.text() == "Stopped after 3 lines, in 5 matching articles"
    assert not view.stop_button.isVisible()


def test_a_new_search_or_width_drops_the_load_under_way(
    qtbot, strike_library, open_window, monkeypatch
):
    window = open_window(strike_library)
    type_query(qtbot, window, "strike")
    gate = threading.Event()
    real_lines = strike_library.concordance_lines

    def held_for_strike(query, *, width):
        articles, lines = real_lines(query, width=width)

        def held():
            for line in lines:
                if query.text == "strike":
                    gate.wait(5)
                yield line

        return articles, held()

    monkeypatch.setattr(strike_library, "concordance_lines", held_for_strike)
    window.concordance_action.trigger()
    view = window.concordance
    assert view.load is not None
    with qtbot.waitSignal(view.loaded, timeout=5000):
        type_query(qtbot, window, "ferry")  # the concordance follows the window's search
        gate.set()
    assert view.windowTitle() == "Concordance: ferry"
    found = {folded(line.match) for line in shown_lines(view) if line.hit >= 0}
    assert found == {"ferry", "ferries"}
    narrow = sum(len(line.left) + len(line.right) for line in shown_lines(view))
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.width_box.setValue(80)
    assert sum(len(line.left) + len(line.right) for line in shown_lines(view)) > narrow
    assert window.settings.value(concordance.WIDTH_KEY) in (80, "80")


def test_an_export_chosen_while_lines_load_writes_those_loaded_by_then(
    qtbot, strike_library, open_window, monkeypatch, tmp_path
):
    monkeypatch.setattr(concordance_load, "FIRST_SCREEN", 3)
    window = open_window(strike_library)
    type_query(qtbot, window, "strike")
    gate = threading.Event()
    monkeypatch.setattr(strike_library, "concordance_lines", held_after(strike_library, 3, gate))
    window.concordance_action.trigger()
    view = window.concordance
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)

    def rest_arrives_meanwhile():
        with qtbot.waitSignal(view.loaded, timeout=5000):
            gate.set()

    target = tmp_path / "lines.csv"
    answer_save_dialog(monkeypatch, target, rest_arrives_meanwhile)
    with qtbot.waitSignal(view.csvExported, timeout=5000) as blocker:
        view.export_button.click()
    assert view.model.rowCount() > 3
    assert blocker.args == [target, view.model.rowCount()]
    with target.open(encoding="utf-8-sig", newline="") as stream:
        assert len(list(csv.DictReader(stream))) == view.model.rowCount()
    assert view.message.text() == f"Wrote {view.model.rowCount()} lines to {target}."


def test_export_stays_off_while_its_file_is_written(
    qtbot, strike_library, open_window, monkeypatch, tmp_path
):
    window = open_window(strike_library)
    type_query(qtbot, window, "strike")
    view = open_concordance(qtbot, window)
    gate = threading.Event()
    real_export = strike_library.export_concordance

    def held_export(lines, path):
        gate.wait(5)
        return real_export(lines, path)

    monkeypatch.setattr(strike_library, "export_concordance", held_export)
    offered = answer_save_dialog(monkeypatch, tmp_path / "lines.csv")
    view.export_button.click()
    assert not view.export_button.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.width_box.setValue(60)  # lines load again while the file is still being written
    assert view.model.rowCount() and not view.export_button.isEnabled()
    view.export_csv()
    assert len(offered) == 1  # no second file dialog, no second write
    with qtbot.waitSignal(view.csvExported, timeout=5000):
        gate.set()
    assert view.export_button.isEnabled()


@pytest.mark.parametrize("read_first", [0, 3])
def test_a_load_that_fails_says_so_and_keeps_what_it_read(
    qtbot, strike_library, open_window, monkeypatch, read_first
):
    monkeypatch.setattr(concordance_load, "FIRST_SCREEN", 3)
    window = open_window(strike_library)
    type_query(qtbot, window, "strike")
    gate = threading.Event()
    gate.set()
    damaged = IndexDamaged("the index files are damaged; rebuild the index")
    monkeypatch.setattr(
        strike_library,
        "concordance_lines",
        held_after(strike_library, read_first, gate, damaged),
    )
    window.concordance_action.trigger()
    view = window.concordance
    with qtbot.assertNotEmitted(view.failed), qtbot.waitSignal(view.loaded, timeout=5000) as end:
        pass
    assert end.args[0].failed and not end.args[0].complete
    assert view.model.rowCount() == read_first
    reason = "The index files are damaged; rebuild the index."
    if read_first:
        assert view.stack.currentWidget() is view.table and view.message.text() == reason
        assert view.summary.text() == "Stopped by an error after 3 lines, in 5 matching articles"
        assert view.export_button.isEnabled()
    else:
        assert view.stack.currentWidget() is view.empty and view.empty.text() == reason
        assert view.summary.text() == "The lines could not be read"
