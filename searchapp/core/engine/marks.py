"""The user's review marks in queries: `tag:NAME`, `is:starred`, `has:note`, `has:tag`.

The marks live outside the index (core/review.py); a search hands the engine the article ids
each one holds (types.Marked), and these nodes match the documents those ids have now.
"""

from __future__ import annotations

import re

from whoosh.qparser import syntax
from whoosh.qparser.plugins import Plugin, RegexTagger

from searchapp.core.engine.scoring import Computed, QueryScorer, Scores
from searchapp.core.errors import QueryError

KINDS = {"is": ("starred",), "has": ("note", "notes", "tag", "tags")}
_SINGULAR = {"notes": "note", "tags": "tag"}
MARK_SYNTAX = "tag:NAME, is:starred, has:note or has:tag"
_MARK = re.compile(r'(?<![\w:])(?P<kind>tag|is|has):(?:"(?P<quoted>[^"]*)"|(?P<word>[^\s()"]+))?')


class MarkTerm(Computed):
    """The documents holding one kind of mark: ("tag", name), ("is", "starred"), ("has", "note")
    or ("has", "tag"). Their documents are bound by the engine before the query runs; a match
    adds nothing to a document's score."""

    def __init__(self, kind: str, value: str, boost: float = 1.0) -> None:
        self.kind = kind
        self.value = value
        self.boost = boost
        self.docs: frozenset[int] = frozenset()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MarkTerm) and (self.kind, self.value) == (other.kind, other.value)

    def __hash__(self) -> int:
        return hash((self.kind, self.value))

    def __repr__(self) -> str:
        return f"MarkTerm({self.kind!r}, {self.value!r})"

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"

    def scored(self, scorer: QueryScorer) -> Scores:
        return dict.fromkeys(self.docs, 0.0)


class MarkNode(syntax.SyntaxNode):
    def __init__(self, kind: str, value: str) -> None:
        self.kind, self.value = kind, value

    def r(self) -> str:
        return f"MARK {self.kind}:{self.value}"

    def query(self, parser):
        return syntax.attach(MarkTerm(self.kind, self.value), self)


class MarkTagger(RegexTagger):
    def __init__(self) -> None:
        super().__init__(_MARK)

    def create(self, parser, match):
        kind = match.group("kind").lower()
        value = match.group("quoted") if match.group("quoted") is not None else match.group("word")
        value = " ".join((value or "").split())
        if not value:
            raise QueryError(f"{kind}: in the query has nothing after it")
        if kind != "tag" and value.lower() not in KINDS[kind]:
            raise QueryError(f"{kind}:{value} is not something to search for; use {MARK_SYNTAX}")
        return MarkNode(
            kind, value if kind == "tag" else _SINGULAR.get(value.lower(), value.lower())
        )


class MarksPlugin(Plugin):
    """Adds tag:, is: and has: to Whoosh's parser, ahead of its own field syntax."""

    def taggers(self, parser):
        return [(MarkTagger(), -10)]
