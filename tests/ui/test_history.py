"""The search field's query history and the saved searches of the left panel, driven directly;
their export to one file and import from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from searchapp.core.errors import UserInputError
from searchapp.core.types import SearchQuery
from searchapp.ui.saved_search import SavedSearch
from searchapp.ui.saved_searches import EMPTY_TEXT, VISIBLE_ROWS, SavedSearchesPanel, suggested_name
from searchapp.ui.search_bar import HISTORY_LIMIT, QueryHistory, SearchBar
from searchapp.ui.search_files import read_searches_file

PAUSE_MS = 300

HOMS = SearchQuery(
    text="Homs rebels",
    sources=("Reuters", "AFP"),
    since=dt.date(2024, 12, 6),
    until=dt.date(2024, 12, 7),
    sort="newest",
    variants=True,
)


@pytest.fixture
def settings_at(tmp_path) -> Callable[[str], QSettings]:
    """QSettings on an ini file in tmp_path, as the window keeps them."""
    return lambda name="w.ini": QSettings(str(tmp_path / name), QSettings.Format.IniFormat)


@pytest.fixture
def make_bar(qtbot) -> Callable[..., SearchBar]:
    """A shown SearchBar, its history restored from `settings` when given; closed by qtbot."""

    def make(settings: QSettings | None = None) -> SearchBar:
        bar = SearchBar(QAction("Help"), history_pause_ms=PAUSE_MS)
        qtbot.addWidget(bar)
        if settings is not None:
            bar.restore(settings)
        bar.show()
        return bar

    return make


@pytest.fixture
def make_panel(qtbot) -> Callable[[QSettings], SavedSearchesPanel]:
    def make(settings: QSettings) -> SavedSearchesPanel:
        panel = SavedSearchesPanel(settings)
        qtbot.addWidget(panel)
        panel.resize(230, 300)
        panel.show()
        return panel

    return make


def enter(qtbot, bar: SearchBar, text: str) -> None:
    bar.field.setText(text)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)


# The history of the search field


def test_enter_remembers_the_query_and_still_asks_to_read(qtbot, make_bar):
    bar = make_bar()
    with qtbot.waitSignal(bar.queryEntered):
        enter(qtbot, bar, "  Homs rebels ")
    assert bar.history.entries == ["Homs rebels"]


def test_a_pause_in_typing_remembers_the_query_but_not_its_prefixes(qtbot, make_bar):
    bar = make_bar()
    qtbot.keyClicks(bar.field, "Homs")
    assert bar.history.entries == []  # not before typing pauses
    qtbot.waitUntil(lambda: bar.history.entries == ["Homs"], timeout=3000)
    qtbot.keyClicks(bar.field, " ")
    qtbot.keyClick(bar.field, Qt.Key.Key_Backspace)
    qtbot.wait(PAUSE_MS * 3)
    assert bar.history.entries == ["Homs"]  # blank-padded and blank text are not new queries


def test_a_paused_prefix_gives_way_to_the_query_that_extends_it(qtbot, make_bar, settings_at):
    settings = settings_at()
    settings.setValue("search/history", ["Jolani"])
    bar = make_bar(settings)
    qtbot.keyClicks(bar.field, "Jol")
    qtbot.waitUntil(lambda: bar.history.entries == ["Jol", "Jolani"], timeout=3000)
    qtbot.keyClicks(bar.field, "ani HTS")
    qtbot.waitUntil(lambda: bar.history.entries[0] == "Jolani HTS", timeout=3000)
    assert bar.history.entries == ["Jolani HTS", "Jolani"]


def test_a_paused_query_that_was_already_remembered_is_not_lost(qtbot, make_bar, settings_at):
    settings = settings_at()
    settings.setValue("search/history", ["Aleppo", "Homs"])
    bar = make_bar(settings)
    qtbot.keyClicks(bar.field, "Homs")
    qtbot.waitUntil(lambda: bar.history.entries == ["Homs", "Aleppo"], timeout=3000)
    qtbot.keyClicks(bar.field, " army")
    qtbot.waitUntil(lambda: len(bar.history.entries) == 3, timeout=3000)
    assert bar.history.entries == ["Homs army", "Homs", "Aleppo"]


def test_remember_keeps_the_field_text_when_the_user_moves_on(make_bar):
    bar = make_bar()
    bar.field.setText("Damascus airport")
    bar.remember()
    bar.field.setText("   ")
    bar.remember()
    assert bar.history.entries == ["Damascus airport"]


def test_history_moves_repeats_to_the_top_and_keeps_the_newest():
    history = QueryHistory()
    for text in ["Homs", "Aleppo", " Homs ", "", "Idlib"]:
        history.record(text)
    assert history.entries == ["Idlib", "Homs", "Aleppo"]
    for n in range(HISTORY_LIMIT + 5):
        history.record(f"query {n}")
    assert len(history.entries) == HISTORY_LIMIT
    assert history.entries[0] == f"query {HISTORY_LIMIT + 4}"
    assert "Idlib" not in history.entries


def test_history_is_kept_across_runs(qtbot, make_bar, settings_at):
    bar = make_bar(settings_at())
    enter(qtbot, bar, "Homs")
    enter(qtbot, bar, "Aleppo, Idlib")
    bar.save(settings_at())  # the window's close; the history was written already
    again = make_bar(settings_at())
    assert again.history.entries == ["Aleppo, Idlib", "Homs"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("history=Homs", ["Homs"]),  # IniFormat gives one entry back as a string
        ("history=@Invalid()", []),  # and none as None
        ('history=Homs, "Aleppo, Idlib"', ["Homs", "Aleppo, Idlib"]),
        ("", []),
    ],
)
def test_history_reads_what_an_ini_file_holds(make_bar, settings_at, tmp_path, line, expected):
    (tmp_path / "hand.ini").write_text(f"[search]\n{line}\n", encoding="utf-8")
    bar = make_bar(settings_at("hand.ini"))
    assert bar.history.entries == expected


def test_recall_walks_back_through_the_history_and_returns_to_the_typed_text(qtbot, make_bar):
    bar = make_bar()
    for text in ["Idlib", "Aleppo", "Homs"]:
        enter(qtbot, bar, text)
    bar.field.clear()
    qtbot.keyClicks(bar.field, "Dam")
    assert not bar.browsing_history
    with qtbot.waitSignal(bar.queryChanged):
        assert bar.recall(-1)
    assert bar.text() == "Homs" and bar.browsing_history
    assert bar.recall(-1) and bar.text() == "Aleppo"
    assert bar.recall(-1) and bar.text() == "Idlib"
    with qtbot.assertNotEmitted(bar.queryChanged):
        assert not bar.recall(-1)  # the oldest: nothing further back
    assert bar.text() == "Idlib"
    assert bar.recall(1) and bar.text() == "Aleppo"
    assert bar.recall(1) and bar.text() == "Homs"
    assert bar.recall(1) and bar.text() == "Dam"
    assert not bar.browsing_history
    assert not bar.recall(1)


def test_recall_skips_the_query_already_in_the_field(qtbot, make_bar):
    bar = make_bar()
    for text in ["Aleppo", "Homs"]:
        enter(qtbot, bar, text)
    assert bar.recall(-1) and bar.text() == "Aleppo"


def test_typing_ends_recall(qtbot, make_bar):
    bar = make_bar()
    for text in ["Aleppo", "Homs"]:
        enter(qtbot, bar, text)
    bar.field.clear()
    assert bar.recall(-1) and bar.browsing_history
    qtbot.keyClicks(bar.field, " army")
    assert not bar.browsing_history
    assert bar.recall(-1) and bar.text() == "Homs"  # from the newest again


def test_up_and_down_still_move_through_the_results(qtbot, make_bar):
    bar = make_bar()
    enter(qtbot, bar, "Homs")
    with qtbot.waitSignal(bar.stepRequested) as blocker:
        qtbot.keyClick(bar.field, Qt.Key.Key_Up)
    assert blocker.args == [-1]
    assert bar.text() == "Homs" and not bar.browsing_history


def test_the_completer_offers_the_history(qtbot, make_bar):
    bar = make_bar()
    for text in ["Homs rebels", "Aleppo", "homs army"]:
        enter(qtbot, bar, text)
    model = bar.completer.model()
    assert [model.index(row).data() for row in range(model.rowCount())] == [
        "homs army",
        "Aleppo",
        "Homs rebels",
    ]
    bar.completer.setCompletionPrefix("HOMS")
    assert bar.completer.completionCount() == 2


def test_choosing_a_completion_searches_it_at_once(qtbot, make_bar):
    bar = make_bar()
    for text in ["Homs rebels", "Aleppo"]:
        enter(qtbot, bar, text)
    bar.field.clear()
    with qtbot.waitSignal(bar.queryChanged):
        bar.completer.activated.emit("Homs rebels")
    assert bar.text() == "Homs rebels"
    assert bar.history.entries == ["Homs rebels", "Aleppo"]


def test_enter_on_a_completion_searches_it_without_reading(qtbot, make_bar):
    bar = make_bar()
    for text in ["Homs rebels", "Aleppo"]:
        enter(qtbot, bar, text)
    bar.field.clear()
    with qtbot.waitActive(bar):
        bar.activateWindow()
    bar.field.setFocus()
    qtbot.keyClicks(bar.field, "reb")
    popup = bar.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    changed, entered = [], []
    bar.queryChanged.connect(lambda: changed.append(bar.text()))
    bar.queryEntered.connect(lambda: entered.append(bar.text()))
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert changed == ["Homs rebels"] and entered == []
    assert bar.history.entries == ["Homs rebels", "Aleppo"]


def test_the_drop_down_lists_recent_queries_and_searches_the_chosen_one(qtbot, make_bar):
    bar = make_bar()
    for text in ["Idlib", "R&D budget", "Homs"]:
        enter(qtbot, bar, text)
    bar.field.setFocus()
    qtbot.keyClick(bar.field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    menu = bar.history_menu
    qtbot.waitUntil(menu.isVisible)
    labels = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert labels == ["Homs", "R&&D budget", "Idlib", "Clear history"]
    with qtbot.waitSignal(bar.queryChanged):
        menu.actions()[1].trigger()
    assert bar.text() == "R&D budget"
    assert bar.history.entries == ["R&D budget", "Homs", "Idlib"]


def test_clear_history_empties_the_drop_down_and_the_settings(qtbot, make_bar, settings_at):
    bar = make_bar(settings_at())
    enter(qtbot, bar, "Homs")
    bar.show_history_menu()
    clear = next(a for a in bar.history_menu.actions() if a.text() == "Clear history")
    clear.trigger()
    assert bar.history.entries == [] and bar.completer.model().rowCount() == 0
    assert make_bar(settings_at()).history.entries == []
    bar.show_history_menu()
    entries = [a for a in bar.history_menu.actions() if not a.isSeparator()]
    assert [a.text() for a in entries] == ["No recent searches", "Clear history"]
    assert not any(a.isEnabled() for a in entries)


# Saved searches


def test_a_saved_search_gives_back_its_query():
    search = SavedSearch.from_query(HOMS, " Homs this week ")
    assert search.name == "Homs this week"
    assert search.to_query() == HOMS
    assert SavedSearch.from_json(search.to_json()) == search
    assert search.reruns(HOMS)
    assert not search.reruns(SearchQuery(text="Homs rebels"))


def test_saved_searches_are_kept_across_runs(make_panel, settings_at, tmp_path):
    panel = make_panel(settings_at())
    panel.add(HOMS, "Homs this week")
    panel.add(SearchQuery(text="Aleppo"), "aleppo")
    panel.add(SearchQuery(text="Idlib"), "Idlib")
    assert panel.rename("aleppo", "Aleppo, all dates") is not None
    assert panel.remove("Idlib")
    assert not panel.remove("Idlib")
    on_disk = (tmp_path / "w.ini").read_text(encoding="utf-8")  # written at once
    assert "Aleppo, all dates" in on_disk and "Idlib" not in on_disk

    again = make_panel(settings_at())
    assert [s.name for s in again.searches()] == ["Aleppo, all dates", "Homs this week"]
    assert again.find("homs THIS week").to_query() == HOMS
    assert [again.list.item(i).text() for i in range(again.list.count())] == [
        "Aleppo, all dates",
        "Homs this week",
    ]


def test_saving_under_a_name_in_use_replaces_that_search(make_panel, settings_at):
    panel = make_panel(settings_at())
    panel.add(SearchQuery(text="Homs"), "Homs")
    panel.add(HOMS, "HOMS")
    assert [s.name for s in panel.searches()] == ["HOMS"]
    assert panel.find("homs").text == "Homs rebels"
    panel.add(SearchQuery(text="Aleppo"), "Aleppo")
    panel.rename("Aleppo", "homs")
    assert [(s.name, s.text) for s in panel.searches()] == [("homs", "Aleppo")]


def test_clicking_a_saved_search_runs_it(qtbot, make_panel, settings_at):
    panel = make_panel(settings_at())
    panel.add(SearchQuery(text="Aleppo"), "Aleppo")
    panel.add(HOMS, "Homs this week")
    rect = panel.list.visualItemRect(panel.list.item(1))
    with qtbot.waitSignal(panel.searchChosen) as blocker:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    query = blocker.args[0].to_query()
    assert query.sources == ("Reuters", "AFP") and query.sort == "newest"
    assert (query.since, query.until) == (dt.date(2024, 12, 6), dt.date(2024, 12, 7))
    assert query == HOMS


def test_enter_runs_f2_renames_and_delete_deletes(qtbot, make_panel, settings_at, monkeypatch):
    panel = make_panel(settings_at())
    panel.add(HOMS, "Homs")
    panel.list.setCurrentRow(0)
    panel.list.setFocus()
    with qtbot.waitSignal(panel.searchChosen) as blocker:
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert blocker.args[0].name == "Homs"

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Homs, Dec 6-7", True))
    qtbot.keyClick(panel.list, Qt.Key.Key_F2)
    assert [s.name for s in panel.searches()] == ["Homs, Dec 6-7"]

    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answer)
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert len(panel.searches()) == 1
    answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert panel.searches() == [] and make_panel(settings_at()).searches() == []


def test_ask_and_save_offers_the_query_as_name_and_asks_before_replacing(
    make_panel, settings_at, monkeypatch
):
    panel = make_panel(settings_at())
    offered = []

    def get_text(*args, text="", **kwargs):
        offered.append(text)
        return "Homs", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    assert panel.ask_and_save(SearchQuery(text="Homs")).name == "Homs"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert panel.ask_and_save(HOMS) is None
    assert offered == ["Homs", "Homs rebels"]
    assert panel.find("Homs").text == "Homs"
    assert suggested_name(SearchQuery()) == "All articles"
    assert len(suggested_name(SearchQuery(text="word " * 30))) <= 40


def test_damaged_saved_searches_are_skipped(make_panel, settings_at, tmp_path):
    good = SavedSearch.from_query(HOMS, "Homs").to_json().replace("\\", "\\\\").replace('"', '\\"')
    (tmp_path / "hand.ini").write_text(
        "[savedSearches]\n"
        f'1\\search="{good}"\n'
        '2\\search="{not json"\n'
        '3\\search="{\\"name\\": \\"Bad sort\\", \\"sort\\": \\"sideways\\"}"\n'
        '4\\search="{\\"text\\": \\"no name\\"}"\n'
        '5\\search="{\\"name\\": \\"Bad date\\", \\"since\\": 7}"\n'
        '6\\search="[1, 2]"\n'
        "size=7\n",
        encoding="utf-8",
    )
    panel = make_panel(settings_at("hand.ini"))
    assert [s.name for s in panel.searches()] == ["Homs"]
    assert panel.find("Homs").to_query() == HOMS


def test_the_panel_says_how_to_start_and_stays_compact(qtbot, make_panel, settings_at):
    panel = make_panel(settings_at())
    assert panel.empty.isVisible() and not panel.list.isVisible()
    assert panel.empty.text() == EMPTY_TEXT
    panel.add(HOMS, "Homs")
    assert panel.list.isVisible() and not panel.empty.isVisible()
    row = panel.list.sizeHintForRow(0)
    qtbot.waitUntil(lambda: panel.list.viewport().height() == row)
    for n in range(VISIBLE_ROWS + 4):
        panel.add(SearchQuery(text=f"q{n}"), f"Search {n:02}")
    qtbot.waitUntil(lambda: panel.list.viewport().height() == VISIBLE_ROWS * row)
    assert panel.list.verticalScrollBar().maximum() > 0
    assert "Sources: Reuters, AFP" in panel.list.item(0).toolTip()
    assert "Order: Newest first" in panel.list.item(0).toolTip()


def test_the_saved_search_on_screen_is_highlighted(make_panel, settings_at):
    panel = make_panel(settings_at())
    panel.add(HOMS, "Homs")
    panel.add(SearchQuery(text="Aleppo"), "Aleppo")
    panel.select_matching(HOMS)
    assert [item.text() for item in panel.list.selectedItems()] == ["Homs"]
    panel.select_matching(SearchQuery(text="Homs rebels"))
    assert panel.list.selectedItems() == []


# Exporting and importing saved searches with the history


@pytest.fixture
def linked(make_panel, make_bar, settings_at) -> Callable[[str], SavedSearchesPanel]:
    """A saved searches panel and a search bar on the settings file `name`, linked as the
    window links them."""

    def make(name: str) -> SavedSearchesPanel:
        settings = settings_at(name)
        panel = make_panel(settings)
        panel.link_history(make_bar(settings))
        return panel

    return make


def test_saved_searches_and_history_go_through_one_json_file(qtbot, linked, tmp_path):
    first = linked("first.ini")
    tagged = dataclasses.replace(HOMS, tags=("to check", "Syria"))
    first.add(tagged, "Homs to check")
    first.add(SearchQuery(text="Aleppo"), "Aleppo")
    for query in ("Idlib", "Homs rebels"):
        enter(qtbot, first.history_bar, query)
    path = tmp_path / "searches.json"
    first.export_to(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert {k: document[k] for k in ("app", "kind", "version")} == {
        "app": "searchapp",
        "kind": "saved-searches",
        "version": 1,
    }
    assert document["history"] == ["Homs rebels", "Idlib"]
    assert document["saved"][1]["tags"] == ["to check", "Syria"]

    second = linked("second.ini")
    enter(qtbot, second.history_bar, "Damascus")
    assert second.import_from(path) == (2, 2)
    assert [s.name for s in second.searches()] == ["Aleppo", "Homs to check"]
    assert second.find("Homs to check").to_query() == tagged
    assert "Tags: to check, Syria" in second.find("Homs to check").describe()
    assert second.history_bar.history.entries == ["Damascus", "Homs rebels", "Idlib"]
    assert second.import_from(path) == (0, 0)  # nothing twice
    assert len(second.searches()) == 2


def test_an_import_keeps_both_searches_of_one_name(linked, tmp_path):
    first = linked("first.ini")
    first.add(SearchQuery(text="Homs"), "Syria")
    first.add(SearchQuery(text="Homs", sort="newest"), "Homs newest")
    path = tmp_path / "searches.json"
    first.export_to(path)
    second = linked("second.ini")
    second.add(SearchQuery(text="Damascus"), "syria")
    second.add(SearchQuery(text="Homs", sort="newest"), "Latest on Homs")  # asks the same
    assert second.import_from(path) == (1, 0)
    assert [(s.name, s.text) for s in second.searches()] == [
        ("Latest on Homs", "Homs"),
        ("syria", "Damascus"),
        ("Syria (2)", "Homs"),
    ]


@pytest.mark.parametrize(
    "content",
    [
        "not json at all",
        '["a list"]',
        '{"app": "other", "kind": "saved-searches", "version": 1, "saved": []}',
        '{"app": "searchapp", "kind": "saved-searches", "version": 1, "saved": {}}',
        '{"app": "searchapp", "kind": "saved-searches", "version": 1, "saved": [{"text": "x"}]}',
        '{"app": "searchapp", "kind": "saved-searches", "version": 1, "history": [1]}',
        '{"app": "searchapp", "kind": "saved-searches", "version": 9, "saved": []}',
        b"\xff\xfe not text",
        pytest.param("[" * 100_000, id="nested past what Python's JSON reader follows"),
        pytest.param(
            '{"app": "searchapp", "kind": "saved-searches", "version": ' + "9" * 5000 + "}",
            id="a number too long for Python to read",
        ),
    ],
)
def test_a_file_that_is_no_export_is_refused_and_changes_nothing(
    linked, tmp_path, monkeypatch, content
):
    panel = linked("w.ini")
    panel.add(HOMS, "Homs")
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    assert panel.ask_and_import() is None
    assert len(said) == 1 and said[0].endswith(".") and "\n" not in said[0]
    assert "bad.json" in said[0]
    assert [s.name for s in panel.searches()] == ["Homs"]
    assert panel.history_bar.history.entries == []
    with pytest.raises(UserInputError):
        read_searches_file(path)


def test_export_and_import_are_in_the_panels_menu(linked, tmp_path, monkeypatch):
    panel = linked("w.ini")
    panel.add(HOMS, "Homs")
    labels = [action.text() for action in panel.file_button.menu().actions()]
    assert labels == ["Export saved searches…", "Import saved searches…"]
    path = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert panel.ask_and_export()
    saved, history = read_searches_file(tmp_path / "mine.json")
    assert [s.name for s in saved] == ["Homs"] and history == []
    nowhere = tmp_path / "no such folder" / "mine.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(nowhere), ""))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    assert not panel.ask_and_export()
    assert len(said) == 1 and said[0].startswith("Cannot write")
