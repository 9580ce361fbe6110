"""Showing text in Qt as written: article text and file names never read as markup, errors as
sentences."""

from __future__ import annotations

import html


def tooltip(text: str) -> str:
    """A tooltip that shows `text` as written: Qt would render a tag-like one as rich text."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def escaped(text: str) -> str:
    """`text` for a rich-text label or document."""
    return html.escape(text, quote=False)


def sentence(message: str) -> str:
    """An error's message as the window shows it: capitalised, with a full stop."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."
