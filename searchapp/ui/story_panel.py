"""Under the article: its copies (the same story in other files, outlets or versions) and the
same story elsewhere (other outlets on the same events), each a click from reading."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from searchapp.core.types import Copy, Hit, SearchResult
from searchapp.ui.text import tooltip

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROWS = 5  # rows a list shows before it scrolls


class StoryPanel(QWidget):
    """The article's copies, with Compare, and its coverage by other outlets, grouped by
    outlet; hidden while there is neither."""

    articleChosen = Signal(str)  # the id of an article to read
    compareRequested = Signal(str, str)  # the article read, and a copy to compare it with

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article: str | None = None
        self.copies_heading = _heading()
        self.copies = _compact_list("Copies of this story")
        self.compare_button = QPushButton("Compare…")
        self.compare_button.setToolTip("Show this article and the selected copy side by side")
        self.compare_button.setAccessibleName("Compare with the selected copy")
        self.compare_button.clicked.connect(self._compare)
        self.related_heading = _heading()
        self.related = _compact_list("Same story elsewhere")
        for view in (self.copies, self.related):
            view.itemActivated.connect(self._chosen)
            view.itemClicked.connect(self._chosen)
        copies_row = QHBoxLayout()
        copies_row.setContentsMargins(0, 0, 0, 0)
        copies_row.addWidget(self.copies_heading, 1)
        copies_row.addWidget(self.compare_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(copies_row)
        layout.addWidget(self.copies)
        layout.addWidget(self.related_heading)
        layout.addWidget(self.related)
        self.show_article(None, ())

    def show_article(self, article: str | None, copies: tuple[Copy, ...]) -> None:
        """The article now read and its copies; its coverage elsewhere comes later."""
        self.article = article
        self.copies.clear()
        for copy in copies:
            date = copy.date.isoformat() if copy.date else "no date"
            self._add(self.copies, f"{copy.source} · {date}", copy.id, copy.id)
        noun = "copy" if len(copies) == 1 else "copies"
        self.copies_heading.setText(f"{len(copies)} {noun} of this story")
        for widget in (self.copies_heading, self.copies, self.compare_button):
            widget.setVisible(bool(copies))
        self.show_related(None)

    def show_related(self, result: SearchResult | None) -> None:
        """Other outlets' articles on the same events, as `Library.related` orders them."""
        self.related.clear()
        hits = result.hits if result else []
        outlet = None
        for hit in hits:
            if hit.source != outlet:
                outlet = hit.source
                self._outlet_row(outlet)
            self._add(self.related, _related_label(hit), hit.id, f"{hit.title}\n{hit.id}")
        self.related_heading.setText(f"Same story elsewhere ({result.total})" if result else "")
        for widget in (self.related_heading, self.related):
            widget.setVisible(bool(hits))
        self.setVisible(bool(hits) or self.copies.count() > 0)

    def _add(self, view: QListWidget, label: str, article: str, tip: str) -> None:
        item = QListWidgetItem(label)
        item.setData(ID_ROLE, article)
        item.setToolTip(tooltip(f"{tip}\nClick to read it"))
        view.addItem(item)

    def _outlet_row(self, outlet: str) -> None:
        item = QListWidgetItem(outlet)
        font = QFont(self.related.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: read as text, never chosen
        self.related.addItem(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        article = item.data(ID_ROLE)
        if article:
            self.articleChosen.emit(article)

    def _compare(self) -> None:
        item = self.copies.currentItem() or self.copies.item(0)
        if item is not None and self.article is not None:
            self.compareRequested.emit(self.article, item.data(ID_ROLE))


def _related_label(hit: Hit) -> str:
    date = hit.date.isoformat() if hit.date else "no date"
    return f"  {date} · {hit.title or hit.id}"


def _heading() -> QLabel:
    label = QLabel()
    label.setObjectName("facetHeading")
    return label


def _compact_list(name: str) -> QListWidget:
    view = QListWidget()
    view.setAccessibleName(name)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setMaximumHeight(view.fontMetrics().lineSpacing() * ROWS + 8)
    return view
