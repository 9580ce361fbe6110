"""Showing text from articles and file names in Qt without it ever being read as markup."""

from __future__ import annotations

import html


def tooltip(text: str) -> str:
    """A tooltip that shows `text` as written: Qt would render a tag-like one as rich text."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def escaped(text: str) -> str:
    """`text` for a rich-text label or document."""
    return html.escape(text, quote=False)
