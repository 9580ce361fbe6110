"""Where an article's opening passage starts, and how wide a passage is: what the index stores
for a snippet without hits (schema) and what snippets cut (snippets), in a module light enough
for both."""

from __future__ import annotations

import re

SNIPPET_WIDTH = 180  # characters in one passage
SNIPPET_SCAN_CHARS = 400_000  # longer texts are scanned for snippets only this far
LEAD_MIN_WORDS = 12  # a snippet without hits starts at the first line this long
_DIGIT = re.compile(r"\d")


def lead_start(text: str) -> int:
    """Where the story starts: the first line that reads like prose, not a heading or a table."""
    position = 0
    scanned = min(len(text), SNIPPET_SCAN_CHARS)
    while position < scanned:
        end = text.find("\n", position, scanned)
        end = scanned if end < 0 else end
        line = text[position:end]
        if len(line.split()) >= LEAD_MIN_WORDS and len(_DIGIT.findall(line)) < len(line) / 10:
            return position
        position = end + 1
    return 0
