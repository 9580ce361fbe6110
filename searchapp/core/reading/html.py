"""Saved web pages: their visible text without page furniture, and their metadata tags."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from searchapp.core.reading.article import RawArticle
from searchapp.core.reading.files import decode, normalize_text
from searchapp.core.reading.rules import Rules

_SPACE_RUN = re.compile(r"\s+")
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "blockquote",
        "pre",
        "header",
        "table",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "figcaption",
        "figure",
        "hr",
        "main",
        "address",
        "caption",
    ]
)
_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


class _PageParser(HTMLParser):
    """Collects a page's visible text by blocks, its metadata tags and its first heading."""

    def __init__(self, skip: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = skip
        self.skip_depth = 0
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.heading: list[str] = []
        self.json_ld: list[str] = []
        self.pre_depth = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (
                values.get("property") or values.get("name") or values.get("itemprop") or ""
            ).lower()
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"].strip()
            return
        if tag == "time" and values.get("datetime") and "time" not in self.meta:
            self.meta["time"] = values["datetime"]
        if tag == "title" or (tag == "script" and values.get("type") == "application/ld+json"):
            self._in = tag
        elif tag == "h1" and not self.heading and not self.skip_depth:
            self._in = "h1"
        if tag in self.skip and tag not in _VOID_TAGS:
            self.skip_depth += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if self._in == "h1":
                self.heading.append(" ")
        if tag == "pre":
            self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skip and tag not in _VOID_TAGS and self.skip_depth:
            self.skip_depth -= 1
        if tag == self._in or (self._in == "h1" and tag in _BLOCK_TAGS):
            self._in = None
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.pre_depth:
            # Outside <pre>, line breaks in the page source are only spaces.
            data = _SPACE_RUN.sub(" ", data)
        if self._in == "title":
            self.title.append(data)
            return  # the title is metadata, not page text
        if self._in == "script":
            self.json_ld.append(data)
        if self.skip_depth:
            return
        if self._in == "h1":
            self.heading.append(data)
        self.parts.append(data)


def _drop_unclosed_comment(markup: str) -> str:
    """The markup up to a comment that never closes: browsers show nothing after it."""
    position = 0
    while (start := markup.find("<!--", position)) >= 0:
        end = markup.find("-->", start + 4)
        if end < 0:
            return markup[:start]
        position = end + 3
    return markup


def _json_ld_fields(blobs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}

    def visit(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for key, target in (("datePublished", "date"), ("headline", "title")):
                if isinstance(node.get(key), str):
                    found.setdefault(target, node[key])
            publisher = node.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                found.setdefault("source", publisher["name"])
            visit(node.get("@graph"))

    for blob in blobs:
        try:
            visit(json.loads(blob))
        except (ValueError, RecursionError):
            continue
    return found


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def parse_html(text: str, rules: Rules) -> RawArticle:
    """A saved web page: its visible text without page furniture, and its metadata tags."""
    page = _PageParser(rules.html_skip)
    try:
        page.feed(_drop_unclosed_comment(text))
        page.close()
    except (AssertionError, ValueError):
        pass  # malformed markup: keep what was read up to the fault
    body = "\n".join(" ".join(line.split()) for line in "".join(page.parts).split("\n"))
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    linked = _json_ld_fields(page.json_ld)
    meta: dict[str, str] = {}
    date = _first(page.meta, rules.html_date) or linked.get("date") or page.meta.get("time")
    source = _first(page.meta, rules.html_source) or linked.get("source")
    heading = " ".join("".join(page.heading).split())
    title = heading or _first(page.meta, rules.html_title) or linked.get("title")
    if not title and page.title:
        title = _strip_site_suffix(" ".join("".join(page.title).split()), source)
    for key, value in (("date", date), ("source", source), ("title", title)):
        if value:
            meta[key] = value
    return RawArticle(body=body, meta=meta)


def _strip_site_suffix(title: str, site: str | None) -> str:
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and (
        site is None or parts[-1].casefold() == site.casefold() or len(parts[-1]) < 30
    ):
        return " - ".join(parts[:-1])
    return title


def reads(path: Path, rules: Rules) -> bool:
    """Whether `path` is a saved web page, by its ending."""
    return path.suffix.lower() in rules.html_extensions


def read(data: bytes, rules: Rules) -> list[RawArticle]:
    """The article in a saved web page's bytes, decoded by the charset the page declares."""
    match = _DECLARED_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace") if match else None
    return [parse_html(normalize_text(decode(data, declared)), rules)]
