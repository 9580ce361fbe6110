"""A web page's main text: the article's headline-less body, without the page around it.

trafilatura finds the article's paragraphs and leaves out navigation, related links, footers,
comments, share bars, cookie notices and newsletter boxes (on the Article Extraction Benchmark,
F1 0.962 in its fast mode without comments, against 0.777 for the visible text of the page;
`python tests/bench/extraction.py`). A page it finds no article in keeps its visible text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_BLANK_LINES = re.compile(r"\n{3,}")


def main_text(tree: HtmlElement, rules: Rules) -> str:
    """The article's own text, paragraph by paragraph; "" when the page holds no article.

    The tree is changed: read the page's metadata first.
    """
    # Imported here: it takes a fifth of a second, which only reading web pages should pay.
    import trafilatura

    try:
        text = trafilatura.extract(
            tree,
            fast=True,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
            prune_xpath="|".join(f"//{tag}" for tag in sorted(rules.html_skip)),
        )
    except Exception:  # trafilatura's fault on one odd page must not stop a reindex
        return ""
    # One paragraph a line there; a blank line between them reads better in the preview.
    lines = (" ".join(line.split()) for line in (text or "").split("\n"))
    return "\n\n".join(line for line in lines if line)


def visible_text(tree: HtmlElement, rules: Rules) -> str:
    """All the text a browser shows, by blocks, less what the rules name as page furniture."""
    for element in list(tree.iter(*rules.html_skip)):
        element.drop_tree()
    lines = (" ".join(line.split()) for line in block_text(tree).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


_BLOCKS = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li tr td th section article blockquote pre header table ul ol "
    "dl dd dt figcaption figure hr main address caption".split()
)


def block_text(tree: HtmlElement) -> str:
    """The element's text with a line break around every block element in it."""
    parts: list[str] = []
    for event, element in _walk(tree):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS:
                parts.append("\n")
            if element.text:
                parts.append(element.text)
        else:
            if tag in _BLOCKS:
                parts.append("\n")
            if element.tail:
                parts.append(element.tail)
    return "".join(parts)


def _walk(root: HtmlElement):
    """("start", element) and ("end", element) for every element below `root`, in order."""
    stack = [(root, iter(root))]
    yield "start", root
    while stack:
        element, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:  # the root's own tail is outside the page
                yield "end", element
            continue
        yield "start", child
        stack.append((child, iter(child)))
