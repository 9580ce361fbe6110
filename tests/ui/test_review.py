"""Reviewing while reading: the preview's star, tags and note, the tags facet, and the marks in
the result list, driven as a user drives them (offscreen)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence

from searchapp.core.errors import IndexDamaged
from searchapp.core.types import Review, SearchQuery
from searchapp.ui.facets import COUNT_ROLE
from searchapp.ui.filter_panel import FilterChips, FilterPanel
from searchapp.ui.preview import PreviewPane
from searchapp.ui.results import HIT_ROLE, ResultsModel, meta_line
from searchapp.ui.workers import TaskRunner


@pytest.fixture
def reading(qtbot, seed_library) -> Callable[[str], PreviewPane]:
    """A shown preview, its review bar writing to the seed library, on the first article
    `query` finds; waits for the tags in use to be read. Its runner goes with it, as the
    window's does."""

    def read(query: str = "Homs") -> PreviewPane:
        pane = PreviewPane()
        qtbot.addWidget(pane)
        pane.resize(700, 500)
        runner = TaskRunner(pane)
        pane.set_library(seed_library, runner)
        hit = seed_library.search(query).hits[0]
        pane.show_document(seed_library.document(hit.id, query), True)
        pane.show()
        qtbot.waitUntil(lambda: not runner.busy(), timeout=5000)
        return pane

    return read


def add_tags(qtbot, pane: PreviewPane, text: str) -> None:
    field = pane.review.tag_field
    field.setFocus()
    qtbot.keyClicks(field, text)
    pane.review.completer.popup().hide()  # Enter adds what was typed, not a completion
    with qtbot.waitSignal(pane.reviewChanged, timeout=2000):
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_star_button_and_the_s_key_star_the_article(qtbot, seed_library, reading):
    pane = reading()
    bar, article = pane.review, pane.view.id
    assert bar.isVisible() and bar.star_button.text() == "☆"
    with qtbot.waitSignal(pane.reviewChanged) as blocker:
        qtbot.mouseClick(bar.star_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [article]
    assert seed_library.review(article).starred
    assert bar.star_button.text() == "★" and pane.view.review.starred
    pane.text.setFocus()
    with qtbot.waitSignal(pane.reviewChanged):
        qtbot.keyClick(pane.text, Qt.Key.Key_S)
    assert not seed_library.review(article).starred and bar.star_button.text() == "☆"


def test_a_tag_typed_in_the_bar_is_a_chip_and_a_query_finds_it(qtbot, seed_library, reading):
    pane = reading()
    article = pane.view.id
    add_tags(qtbot, pane, "to check")
    assert seed_library.review(article).tags == ("to check",)
    assert pane.review.tag_field.text() == ""
    assert [chip.text() for chip in pane.review.chips] == ["to check  ✕"]
    assert [hit.id for hit in seed_library.search('tag:"to check"').hits] == [article]

    add_tags(qtbot, pane, "Syria, Homs offensive")
    assert seed_library.review(article).tags == ("Homs offensive", "Syria", "to check")
    chip = next(c for c in pane.review.chips if c.text().startswith("Syria"))
    with qtbot.waitSignal(pane.reviewChanged):
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert seed_library.review(article).tags == ("Homs offensive", "to check")


def test_a_refused_tag_is_explained_in_one_sentence(qtbot, seed_library, reading):
    pane = reading()
    field = pane.review.tag_field
    field.setFocus()
    qtbot.keyClicks(field, 'say "when"')
    with qtbot.assertNotEmitted(pane.reviewChanged):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    error = pane.review.error
    assert error.isVisible() and error.text().startswith("The tag") and error.text().endswith(".")
    assert field.text() == 'say "when"'  # kept, to be put right
    assert seed_library.review(pane.view.id) == Review()


def test_a_tag_chip_shows_its_name_as_written(qtbot, seed_library, reading):
    pane = reading()
    add_tags(qtbot, pane, "R&D, <b>draft</b>")
    chips = {chip.toolTip(): chip for chip in pane.review.chips}
    ampersand = next(chip for tip, chip in chips.items() if "R&amp;D" in tip)
    # A single "&" would underline the D and make Alt+D a shortcut that removes the tag.
    assert ampersand.text() == "R&&D  ✕" and QKeySequence.mnemonic(ampersand.text()).isEmpty()
    markup = next(chip for tip, chip in chips.items() if "draft" in tip)
    assert "&lt;b&gt;draft&lt;/b&gt;" in markup.toolTip()  # shown as typed, not in bold
    assert markup.text() == "<b>draft</b>  ✕"


def test_an_index_that_cannot_be_read_is_one_sentence_under_the_bar(
    qtbot, seed_library, reading, monkeypatch
):
    pane = reading()

    def damaged(*_args):
        raise IndexDamaged("the index files are damaged; rebuild the index")

    monkeypatch.setattr(seed_library, "star", damaged)
    with qtbot.assertNotEmitted(pane.reviewChanged):
        qtbot.mouseClick(pane.review.star_button, Qt.MouseButton.LeftButton)
    error = pane.review.error
    assert error.isVisible() and error.text() == "The index files are damaged; rebuild the index."
    assert pane.review.star_button.text() == "☆"


def test_the_add_field_completes_from_the_tags_in_use(qtbot, seed_library, reading):
    other = seed_library.search("Homs").hits[1].id
    seed_library.tag(other, "Syria", "to check")
    pane = reading()
    offered = pane.review.completer.model().stringList()
    assert sorted(offered) == ["Syria", "to check"]
    field = pane.review.tag_field
    field.setFocus()
    qtbot.keyClicks(field, "Homs, sy")
    popup = pane.review.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    completions = pane.review.completer.completionModel()
    assert [completions.index(i, 0).data() for i in range(completions.rowCount())] == ["Syria"]
    popup.setCurrentIndex(completions.index(0, 0))
    with qtbot.waitSignal(pane.reviewChanged):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert seed_library.review(pane.view.id).tags == ("Homs", "Syria")
    assert pane.review.completer.model().stringList() == ["to check"]  # not those it has


def test_the_note_saves_when_the_focus_leaves_it(qtbot, seed_library, reading):
    pane = reading()
    bar, article = pane.review, pane.view.id
    bar.note_timer.setInterval(60_000)  # no pause long enough: only leaving the note saves it
    assert not bar.note.isVisible()
    qtbot.mouseClick(bar.note_button, Qt.MouseButton.LeftButton)
    assert bar.note.isVisible() and bar.note.hasFocus()
    qtbot.keyClicks(bar.note, "Ask the desk about the Homs figures")
    assert seed_library.review(article).note == ""  # not before a pause or leaving
    with qtbot.waitSignal(pane.reviewChanged):
        pane.text.setFocus()
    assert seed_library.review(article).note == "Ask the desk about the Homs figures"
    assert bar.note_status.text() == "Saved"


def test_the_note_saves_after_a_pause_and_before_another_article(qtbot, seed_library, reading):
    pane = reading()
    bar, first = pane.review, pane.view.id
    bar.note_timer.setInterval(50)
    bar.open_note()
    qtbot.keyClicks(bar.note, "first")
    qtbot.waitUntil(lambda: seed_library.review(first).note == "first", timeout=2000)
    qtbot.keyClicks(bar.note, " draft")
    second = seed_library.search("Homs").hits[1].id
    pane.show_document(seed_library.document(second, "Homs"), True)
    assert seed_library.review(first).note == "first draft"
    assert bar.note.toPlainText() == "" and bar.note.isVisible()  # opened by the user: stays
    pane.show_document(seed_library.document(first, "Homs"), True)
    assert bar.note.toPlainText() == "first draft"


def test_a_note_opens_by_itself_and_the_same_article_keeps_its_place(qtbot, seed_library, reading):
    article = seed_library.search("Homs").hits[0].id
    seed_library.note(article, "Check the casualty figures")
    pane = reading()
    bar = pane.review
    bar.note_timer.setInterval(50)
    assert bar.note.isVisible() and bar.note.toPlainText() == "Check the casualty figures"
    pane.next_hit()
    current = pane.current
    bar.open_note()
    qtbot.keyClicks(bar.note, " again")
    pane.show_document(seed_library.document(article, "Homs"), True)  # the window refreshed
    assert pane.current == current
    assert bar.note.toPlainText() == "Check the casualty figures again"  # typing not lost


def test_the_bar_stays_hidden_without_an_article_or_a_library(qtbot, seed_library):
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.show()
    hit = seed_library.search("Homs").hits[0]
    pane.show_document(seed_library.document(hit.id), True)
    assert not pane.review.isVisible()  # the window has not handed it the library
    pane.set_library(seed_library, TaskRunner(pane))
    assert pane.review.isVisible()
    pane.show_message("Select a result to read it here.")
    assert not pane.review.isVisible()


def test_the_tags_facet_counts_tags_and_ticking_one_narrows_the_search(qtbot, seed_library):
    hits = seed_library.search("Homs", limit=0).hits
    seed_library.tag(hits[0].id, "to check", "Syria")
    seed_library.tag(hits[1].id, "Syria")
    panel = FilterPanel()
    qtbot.addWidget(panel)
    panel.show()
    query = SearchQuery(text="Homs")
    panel.show_facets(seed_library.search(query).facets, query)
    assert panel.tags_section.isVisible()
    facets = panel.tag_facets
    listed = {facets.item(i).text(): facets.item(i).data(COUNT_ROLE) for i in range(facets.count())}
    assert listed == {"Syria": 2, "to check": 1}

    row = next(i for i in range(facets.count()) if facets.item(i).text() == "to check")
    with qtbot.waitSignal(panel.filtersChanged):
        facets.item(row).setCheckState(Qt.CheckState.Checked)
    assert panel.tags() == ("to check",)
    narrowed = SearchQuery(text="Homs", tags=panel.tags())
    result = seed_library.search(narrowed)
    assert [hit.id for hit in result.hits] == [hits[0].id]
    panel.show_facets(result.facets, narrowed)
    assert panel.tags() == ("to check",) and facets.count() == 2  # the others stay listed

    chips = FilterChips()
    qtbot.addWidget(chips)
    chips.show_filters(narrowed)
    chip = chips.chips.itemAt(0).widget()
    assert chip.text() == "tag: to check  ✕"
    with qtbot.waitSignal(chips.tagRemoved) as blocker:
        chip.click()
    with qtbot.waitSignal(panel.filtersChanged):
        panel.remove_tag(blocker.args[0])
    assert panel.tags() == ()


def test_the_tags_facet_hides_when_no_match_has_a_tag_and_clears(qtbot, seed_library):
    panel = FilterPanel()
    qtbot.addWidget(panel)
    panel.show()
    query = SearchQuery(text="Homs")
    panel.show_facets(seed_library.search(query).facets, query)
    assert not panel.tags_section.isVisible()
    panel.set_filters((), None, None, tags=("to check",))
    assert panel.tags_section.isVisible() and panel.tags() == ("to check",)
    with qtbot.waitSignal(panel.filtersChanged):
        panel.clear()
    assert panel.tags() == ()


def test_a_starred_tagged_hit_shows_its_marks_in_the_list(qtbot, seed_library):
    hit = seed_library.search("Homs").hits[0]
    seed_library.star(hit.id)
    seed_library.tag(hit.id, "to check")
    seed_library.note(hit.id, "ask the desk")
    marked = seed_library.search("Homs").hits[0]
    metrics = QFontMetrics(QFont())
    line = meta_line(marked, metrics, 2000)
    assert line.startswith(f"★ {marked.source} · ") and "#to check" in line
    assert line.endswith(marked.id.rsplit("/", 1)[-1])
    for width in (120, 220, 320):
        narrow = meta_line(marked, metrics, width)
        assert metrics.horizontalAdvance(narrow) <= width + metrics.averageCharWidth()
        assert narrow.startswith("★ ") and marked.date_label in narrow
    model = ResultsModel(lambda offset: None)
    model.reset([marked], 1)
    index = model.index(0)
    assert model.data(index).startswith("★ ")
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "Tags: to check" in tip and "Note: ask the desk" in tip
    assert index.data(HIT_ROLE).review.starred


def test_the_s_key_is_free_where_text_is_typed(qtbot, seed_library, reading):
    pane = reading()
    bar = pane.review
    bar.note_timer.setInterval(10_000)
    for field in (bar.tag_field, bar.note):
        bar.open_note()
        field.setFocus()
        qtbot.keyClicks(field, "s")
    assert bar.tag_field.text() == "s" and bar.note.toPlainText() == "s"
    assert not seed_library.review(pane.view.id).starred and bar.star_button.text() == "☆"
