"""The export dialog, driven as a user drives it (offscreen): what it says it will write, the
file it writes, and an export cancelled half way."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from searchapp.core.library import Library
from searchapp.core.types import EXPORT_FORMATS, SearchQuery
from searchapp.ui.export_dialog import FOLDER_KEY, FORMATS, ExportDialog, file_stem
from searchapp.ui.search_controller import PAGE_SIZE

from .conftest import type_query

BRIEFS = 260  # more than a page of results, and past the 250 records the core exports between
# two looks at its cancel flag


def port_briefs(count: int) -> dict[str, str]:
    """A port reporter's daily briefs, one file each, and a column that never says "dockworkers"."""
    briefs = {
        f"briefs/{number:03d}.txt": (
            f"Title: Port brief {number}: night shift at berth {number % 12 + 1}\n"
            f"Date: 2023-{number % 12 + 1:02d}-{number % 28 + 1:02d}\n"
            "Source: Harbour Gazette\n\n"
            f"Dockworkers on the night shift unloaded {number * 7 % 90 + 10} containers at "
            f"berth {number % 12 + 1}. The harbour master reported {number % 5} delays, and "
            "the ferry timetable was unchanged."
        )
        for number in range(count)
    }
    briefs["column/gulls.txt"] = (
        "Title: Why the gulls came back\nDate: 2023-06-01\nSource: Evening Post\n\n"
        "The gulls returned to the quay this spring, and nobody quite knows why."
    )
    return briefs


@pytest.fixture
def port_library(write_archive, library_for) -> Library:
    return library_for(write_archive(port_briefs(BRIEFS)))


def answer_save_dialog(monkeypatch, path: Path) -> list[tuple[str, str]]:
    """Make the save dialog answer `path`; returns the (name, filter) it was opened with."""
    asked: list[tuple[str, str]] = []

    def save_as(parent, title, start, files):
        asked.append((start, files))
        return str(path), files

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    return asked


def open_export(window) -> ExportDialog:
    window.export_action.trigger()
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_dialog_offers_each_format_of_the_core():
    assert [fmt.name for fmt in FORMATS] == list(EXPORT_FORMATS)


def test_export_writes_every_match_to_a_csv(
    qtbot, port_library, open_window, monkeypatch, tmp_path
):
    window = open_window(port_library)
    result = type_query(qtbot, window, "dockworkers night")
    assert result.total == BRIEFS > PAGE_SIZE
    dialog = open_export(window)
    assert dialog.count_label.text().startswith(f"{BRIEFS} articles: every match")
    folder = tmp_path / "exports"
    folder.mkdir()
    asked = answer_save_dialog(monkeypatch, folder / "night-shifts")  # typed without a suffix
    with qtbot.waitSignal(dialog.exported, timeout=5000) as blocker:
        dialog.export_button.click()
    name, files = asked[0]
    assert Path(name).name == "dockworkers-night.csv" and files == "CSV files (*.csv)"
    written = folder / "night-shifts.csv"
    report = blocker.args[0]
    assert report.path == written and report.records == BRIEFS
    with written.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == result.total
    assert len({row["id"] for row in rows}) == len(rows)
    assert {row["query"] for row in rows} == {"dockworkers night"}
    assert dialog.progress.text() == f"{BRIEFS} of {BRIEFS} articles"
    assert dialog.message.text() == f"Exported {BRIEFS} articles to {written}."
    assert dialog.folder_button.isVisible()
    assert str(written) in window.statusBar().currentMessage()
    assert window.settings.value(FOLDER_KEY) == str(folder)
    assert sorted(path.name for path in folder.iterdir()) == ["night-shifts.csv"]


def test_a_cancelled_export_leaves_no_file(qtbot, port_library, open_window, monkeypatch, tmp_path):
    window = open_window(port_library)
    type_query(qtbot, window, "dockworkers")
    dialog = open_export(window)
    dialog.format_buttons.button(1).click()  # JSON Lines
    gate = threading.Event()
    real_export = port_library.export

    def held_export(*args, **kwargs):
        gate.wait(5)  # until the user has pressed Cancel
        return real_export(*args, **kwargs)

    monkeypatch.setattr(port_library, "export", held_export)
    target = tmp_path / "dockworkers.jsonl"
    answer_save_dialog(monkeypatch, target)
    dialog.export_button.click()
    assert dialog.cancel_button.isVisible() and dialog.progress.isVisible()
    assert dialog.progress.text() == f"0 of {BRIEFS} articles"
    assert not dialog.export_button.isEnabled()
    dialog.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=5000)
    assert dialog.message.text() == "The export was cancelled; no file was written."
    assert list(tmp_path.glob("*dockworkers*")) == []  # nor a half-written one beside it
    assert not dialog.cancel_button.isVisible() and dialog.export_button.isEnabled()
    assert window.settings.value("export/format") == "jsonl"


def test_an_unwritable_place_is_one_sentence(
    qtbot, port_library, open_window, monkeypatch, tmp_path
):
    window = open_window(port_library)
    type_query(qtbot, window, "gulls")
    dialog = open_export(window)
    answer_save_dialog(monkeypatch, tmp_path / "no such folder" / "gulls.csv")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=5000)
    message = dialog.message.text()
    assert message.startswith("Cannot write ") and message.endswith("No such file or directory.")
    assert "Traceback" not in message and "\n" not in message


def test_an_unexpected_failure_is_named_not_shown_bare(
    qtbot, port_library, open_window, monkeypatch, tmp_path
):
    window = open_window(port_library)
    type_query(qtbot, window, "gulls")
    dialog = open_export(window)

    def broken_export(*_args, **_kwargs):
        raise KeyError("title")

    monkeypatch.setattr(port_library, "export", broken_export)
    answer_save_dialog(monkeypatch, tmp_path / "gulls.csv")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=5000)
    assert dialog.message.text() == (
        "The export failed on an unexpected error (KeyError: 'title'); no file was written. "
        "The details are in the log."
    )
    assert dialog.export_button.isEnabled() and not dialog.folder_button.isVisible()


def test_nothing_to_export_is_explained(qtbot, port_library, open_window):
    window = open_window(port_library)
    type_query(qtbot, window, "albatross")
    assert not window.export_action.isEnabled()
    window.export_results()  # as if opened another way
    dialog = window.export_dialog
    assert not dialog.export_button.isEnabled()
    assert "matches no articles" in dialog.count_label.text()
    type_query(qtbot, window, "gulls")
    assert window.export_action.isEnabled()


@pytest.mark.parametrize(
    ("text", "stem"),
    [
        ("Homs rebels", "homs-rebels"),
        ('"État" source:AFP', "état-source-afp"),
        ("  ", "every-article"),
    ],
)
def test_a_file_is_named_after_the_query(text, stem):
    assert file_stem(SearchQuery(text)) == stem
