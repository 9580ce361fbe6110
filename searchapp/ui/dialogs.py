"""The window's dialogs: library folders, the reindex report, query syntax help and About."""

from __future__ import annotations

import os
import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Signal, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from searchapp import __version__
from searchapp.core.library import engine_version
from searchapp.core.types import IndexReport
from searchapp.ui.examples import Examples


class LibraryDialog(QDialog):
    """Add and remove the folders the library indexes."""

    def __init__(self, folders: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Library folders")
        self.folders = list(folders)
        self.list = QListWidget()
        self.list.setAccessibleName("Library folders")
        add = QPushButton("Add folder…")
        add.setToolTip("Choose a folder of articles to index")
        add.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip(
            "Stop indexing the selected folder (its files are not touched)"
        )
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("searchapp indexes the articles in these folders and their subfolders:")
        )
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(560, 320)
        self._refresh()

    def _refresh(self) -> None:
        self.list.clear()
        for folder in self.folders:
            self.list.addItem(os.fsdecode(folder))
        self.remove_button.setEnabled(bool(self.folders))

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Add a folder of articles")
        if chosen:
            self.add_folder(Path(chosen))

    def add_folder(self, folder: Path) -> None:
        if folder not in self.folders:
            self.folders.append(folder)
            self._refresh()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.folders):
            del self.folders[row]
            self._refresh()


class ReportDialog(QDialog):
    """What the last reindex did, with every file skipped or read in part, and the reason."""

    def __init__(self, report: IndexReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Index report")
        summary = QLabel(report_summary(report))
        summary.setWordWrap(True)
        rows = [("skipped", s) for s in report.skipped] + [
            ("read in part", s) for s in report.problems
        ]
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["File", "", "Reason"])
        table.setAccessibleName("Files skipped or read in part")
        for row, (what, skipped) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(skipped.shown_path))
            table.setItem(row, 1, QTableWidgetItem(what))
            table.setItem(row, 2, QTableWidgetItem(skipped.reason))
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnToContents(0)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(720, 360)


def report_summary(report: IndexReport) -> str:
    """What the last reindex did; the article count is the status bar's own, kept live."""
    if report.cancelled:
        return "Indexing was cancelled; the index is as it was before."
    skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
    partly = f", {len(report.problems)} read in part" if report.problems else ""
    return (
        f"Index updated in {report.elapsed:.1f} s: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed{skipped}{partly}."
    )


class SyntaxHelpDialog(QDialog):
    """The query language by example; clicking an example searches it."""

    exampleChosen = Signal(str)

    def __init__(self, examples: Examples, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search syntax")
        rows = examples.rows
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels(["Type", "to find"])
        table.setAccessibleName("Query examples")
        for row, (example, meaning) in enumerate(rows):
            item = QTableWidgetItem(example)
            item.setToolTip("Click to search this")
            table.setItem(row, 0, item)
            table.setItem(row, 1, QTableWidgetItem(meaning))
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.cellClicked.connect(lambda row, _col: self._choose(rows[row][0]))
        self.table = table
        note = QLabel(
            "Words are combined with AND. Case and accents do not matter. "
            "Tick “Match spelling variants” to find other spellings of names."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(620, 460)

    def _choose(self, example: str) -> None:
        self.exampleChosen.emit(example)
        self.accept()


def about_text() -> str:
    return (
        f"<h3>searchapp {__version__}</h3>"
        "<p>Offline search for folders of saved news articles. Nothing leaves this computer, "
        "and your files are only read.</p>"
        f"<p>Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version} · "
        f"{engine_version()}</p>"
    )
