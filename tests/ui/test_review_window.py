from PySide6.QtCore import Qt

from searchapp.ui.results import HIT_ROLE

from .conftest import type_query


def test_review_in_the_window(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    with qtbot.waitSignal(window.previewShown, timeout=5000):
        window.results_pane.move_selection(1)
    pane = window.preview
    article = pane.view.id
    assert pane.review.isVisible()
    pane.next_hit()
    current = pane.current
    with qtbot.waitSignal(window.resultsShown, timeout=5000):
        qtbot.mouseClick(pane.review.star_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.hits and any(h.review.starred for h in window.model.hits))
    qtbot.wait(200)
    assert pane.view.id == article and pane.current == current
    pane.review.tag_field.setFocus()
    qtbot.keyClicks(pane.review.tag_field, "to check")
    pane.review.completer.popup().hide()
    with qtbot.waitSignal(window.resultsShown, timeout=5000) as blocker:
        qtbot.keyClick(pane.review.tag_field, Qt.Key.Key_Return)
    assert blocker.args[0].facets.tags == {"to check": 1}
    assert window.filters.tags_section.isVisible()
    facets = window.filters.tag_facets
    with qtbot.waitSignal(window.resultsShown, timeout=5000) as blocker:
        facets.item(0).setCheckState(Qt.CheckState.Checked)
    assert blocker.args[0].total == 1
    assert window.model.index(0).data(HIT_ROLE).id == article
    chip = window.chips.itemAt(0).widget()
    assert chip.text().startswith("tag: to check")
    with qtbot.waitSignal(window.resultsShown, timeout=5000) as blocker:
        chip.click()
    assert blocker.args[0].total == 5
    window.resize(800, 500)
    qtbot.wait(100)
    window.grab().save("/tmp/window_800.png")
    window.resize(1600, 1000)
    pane.review.open_note()
    qtbot.keyClicks(pane.review.note, "Ask the desk about the figures")
    window.search_field.setFocus()
    qtbot.wait(300)
    assert seed_library.review(article).note == "Ask the desk about the figures"
    window.grab().save("/tmp/window_1600.png")
