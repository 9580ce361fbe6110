"""The results: a model of hits that loads pages on demand, with a column each for the table
view, and a delegate that paints a hit with its snippet for the list view."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from searchapp.core.types import DateOrigin, Hit
from searchapp.ui.appearance import is_dark
from searchapp.ui.text import escaped, tooltip

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
ROOT = QModelIndex()  # the invisible root of a list model
ORIGIN_NOTES = {
    DateOrigin.EXPORT: "date from the news database's export",
    DateOrigin.HEADER: "date from the article's header",
    DateOrigin.META: "date from the page's metadata",
    DateOrigin.DATELINE: "date from the dateline or byline",
    DateOrigin.TEXT: "date from a date written in the text",
    DateOrigin.INFERRED: (
        "date guessed: the dateline has no year; the year comes from nearby articles"
    ),
    DateOrigin.FILE: "date guessed from the file's modification time",
}
SNIPPET_LINES = 3
NOTE_CHARS = 200  # of a hit's note, in its tooltip
PADDING = 8


def file_name(path: str) -> str:
    return os.path.basename(path)


class ResultsModel(QAbstractTableModel):
    """The hits of the current search; more pages are fetched as the list or table scrolls.

    The list view shows column 0 (its delegate paints the whole hit); the table shows every
    column, each sorted by the engine through the sort named in COLUMN_SORTS.
    """

    def __init__(self, fetch_page: Callable[[int], None]) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self.total = 0
        self._fetch_page = fetch_page
        self._fetching = False

    def reset(self, hits: list[Hit], total: int) -> None:
        self.beginResetModel()
        self.hits, self.total = list(hits), total
        self._fetching = False
        self.endResetModel()

    def append(self, hits: list[Hit], offset: int) -> None:
        """Add a page that starts at `offset`; a page for an older list is ignored."""
        self._fetching = False
        if offset != len(self.hits) or not hits:
            return
        self.beginInsertRows(ROOT, len(self.hits), len(self.hits) + len(hits) - 1)
        self.hits.extend(hits)
        self.endInsertRows()

    def index(
        self, row: int, column: int = 0, parent: QModelIndex | QPersistentModelIndex = ROOT
    ) -> QModelIndex:
        """A hit's index; its title's (column 0) unless another column is asked for."""
        return super().index(row, column, parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {COLUMNS[section].lower()}"
        return None

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> bool:
        return not parent.isValid() and not self._fetching and len(self.hits) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> None:
        if self.canFetchMore(parent):
            self._fetching = True
            self._fetch_page(len(self.hits))

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(hit, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            note = ORIGIN_NOTES.get(hit.date_origin, "")
            title = hit.title or file_name(hit.path)
            marks = _review_text(hit)
            return tooltip(
                f"{title}\n{hit.source} · {hit.date_label} ({note})\n{hit.id}"
                + (f"\n{marks}" if marks else "")
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            starred = ", starred" if hit.review.starred else ""
            return f"{hit.title}, {hit.source}, {hit.date_label}{starred}"
        return None


def _review_text(hit: Hit) -> str:
    """The user's marks on a hit in words, for its tooltip: star, tags, and the note's start."""
    review = hit.review
    lines = ["★ starred"] if review.starred else []
    if review.tags:
        lines.append("Tags: " + ", ".join(review.tags))
    if review.note:
        note = " ".join(review.note.split())
        lines.append("Note: " + (note if len(note) <= NOTE_CHARS else note[:NOTE_CHARS] + "…"))
    return "\n".join(lines)


COLUMNS = ("Title", "Source", "Date", "File")
# The engine's sort for each column; the date's flips between newest and oldest first.
COLUMN_SORTS = ("title", "source", "newest", "file")


def _cell(hit: Hit, column: int) -> str:
    if column == 1:
        return hit.source
    if column == 2:
        return hit.date_label
    if column == 3:
        return file_name(hit.id)  # "download.TXT#3"
    title = hit.title or file_name(hit.path)
    return f"★ {title}" if hit.review.starred else title


def meta_line(hit: Hit, metrics: QFontMetrics, width: int) -> str:
    """ "★ Reuters  ·  2024-12-07  ·  #to check #Syria  ·  download.TXT#3" in `width`: the star
    and the date stay whole; the file name, then the tags, then the outlet give way (each
    shortened with an ellipsis)."""
    gap = " · "
    date = hit.date_label
    source, name = hit.source, file_name(hit.id)  # "download.TXT#3"
    star = "★ " if hit.review.starred else ""
    tags = " ".join(f"#{tag}" for tag in hit.review.tags)
    if hit.copies:
        count = len(hit.copies)
        date += f"{gap}+{count} {'copy' if count == 1 else 'copies'}"
    room = width - metrics.horizontalAdvance(star + gap + date + gap + (gap if tags else ""))
    # The outlet takes what the tags and the whole file name leave, and two thirds (a half
    # beside tags) when they are long.
    share = room // 2 if tags else room * 2 // 3
    rest = metrics.horizontalAdvance(tags) + metrics.horizontalAdvance(name)
    source = metrics.elidedText(
        source, Qt.TextElideMode.ElideRight, max(0, max(share, room - rest))
    )
    room = max(0, room - metrics.horizontalAdvance(source))
    if tags:
        tags_room = max(room * 2 // 3, room - metrics.horizontalAdvance(name))
        tags = metrics.elidedText(tags, Qt.TextElideMode.ElideRight, tags_room)
        room = max(0, room - metrics.horizontalAdvance(tags))
    name = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, room)
    parts = [star + source, date, tags, name]
    return gap.join(part for part in parts if part)


def _elide(document: QTextDocument, width: int) -> None:
    """Cut a one-line document at `width` and end it with an ellipsis, keeping its marks."""
    ellipsis = QFontMetrics(document.defaultFont()).horizontalAdvance("…")
    layout = document.documentLayout()
    cut = layout.hitTest(QPointF(width - ellipsis, 1), Qt.HitTestAccuracy.FuzzyHit)
    cursor = QTextCursor(document)
    cursor.setPosition(max(0, cut))
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText("…")


def rich_text_html(fragment: str, mark_color: str) -> str:
    """Core HTML with <mark> turned into what Qt's rich text understands."""
    style = f'<span style="background-color:{mark_color}; font-weight:600">'
    return fragment.replace("<mark>", style).replace("</mark>", "</span>")


class ResultDelegate(QStyledItemDelegate):
    """Paints a hit: marked title; source, date and file; and the marked snippet."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._documents: dict[tuple[str, int, str], QTextDocument] = {}

    def _mark_color(self, option: QStyleOptionViewItem) -> str:
        dark = is_dark(option.palette)
        return "#7a5d00" if dark else "#ffe27a"

    def _document(self, html: str, width: int, font: QFont, wrap: bool) -> QTextDocument:
        key = (html, width, font.key(), wrap)
        cached = self._documents.get(key)
        if cached is not None:
            return cached
        if len(self._documents) > 400:
            self._documents.clear()
        document = QTextDocument()
        document.setDefaultFont(font)
        document.setDocumentMargin(0)
        if not wrap:
            option = QTextOption()
            option.setWrapMode(QTextOption.WrapMode.NoWrap)
            document.setDefaultTextOption(option)
        document.setHtml(html)
        document.setTextWidth(width)
        if not wrap and document.idealWidth() > width:
            _elide(document, width)
        self._documents[key] = document
        return document

    def _line_height(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.lineSpacing()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        line = self._line_height(option)
        title = line + 4
        return QSize(option.rect.width(), PADDING * 2 + title + line + 4 + line * SNIPPET_LINES)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        hit: Hit | None = index.data(HIT_ROLE)
        if hit is None:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        active = QPalette.ColorGroup.Active
        if selected:
            # Drawn by hand so that a selection stays readable when the list is not focused.
            background = QColor(palette.color(active, QPalette.ColorRole.Highlight))
            if not option.state & QStyle.StateFlag.State_HasFocus:
                background.setAlpha(200)
            painter.fillRect(option.rect, background)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.AlternateBase))
        text_color = palette.color(
            active, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_color)
        muted.setAlpha(170)
        rect = option.rect.adjusted(PADDING + 2, PADDING, -PADDING, -PADDING)
        line = self._line_height(option)
        mark = self._mark_color(option)
        color_css = text_color.name()

        title_font = QFont(option.font)
        title_font.setPointSizeF(option.font.pointSizeF() * 1.08)
        title_font.setBold(True)
        # title_html is escaped by the core; the file name, used when there is no title, is not.
        title_html = rich_text_html(hit.title_html or escaped(file_name(hit.path)), mark)
        self._draw_html(
            painter,
            f'<div style="color:{color_css}">{title_html}</div>',
            QRect(rect.left(), rect.top(), rect.width(), line + 4),
            title_font,
            wrap=False,
        )
        meta_top = rect.top() + line + 4
        painter.setPen(muted)
        painter.drawText(
            QRect(rect.left(), meta_top, rect.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            meta_line(hit, option.fontMetrics, rect.width()),
        )

        snippet_top = meta_top + line + 4
        snippet_html = rich_text_html(hit.snippet_html, mark)
        self._draw_html(
            painter,
            f'<div style="color:{color_css}">{snippet_html}</div>',
            QRect(rect.left(), snippet_top, rect.width(), line * SNIPPET_LINES),
            option.font,
            wrap=True,
        )
        painter.restore()

    def _draw_html(
        self, painter: QPainter, html: str, rect: QRect, font: QFont, wrap: bool
    ) -> None:
        document = self._document(html, rect.width(), font, wrap)
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRect(0, 0, rect.width(), rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        document.documentLayout().draw(painter, context)
        painter.restore()
