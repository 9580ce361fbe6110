"""A saved search: a query with its filters and order under a name, without a page of hits;
its JSON form is the one the settings keep and the export file (search_files) holds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from searchapp.core.types import SORTS, SearchQuery
from searchapp.ui.search_bar import SORT_LABELS

# What a saved search keeps of a SearchQuery: all but the page of hits (limit, offset).
QUERY_FIELDS = ("text", "sources", "since", "until", "sort", "variants", "tags")


@dataclasses.dataclass(frozen=True)
class SavedSearch:
    """A search the user named: its text, filters and order, without a page of hits.

    `since` and `until` are as SearchQuery takes them: a day, or a date as typed ("2024-12").
    """

    name: str
    text: str = ""
    sources: tuple[str, ...] = ()
    since: dt.date | str | None = None
    until: dt.date | str | None = None
    sort: str = SORTS[0]
    variants: bool = False
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "tags", tuple(self.tags))

    @classmethod
    def from_query(cls, query: SearchQuery, name: str) -> SavedSearch:
        return cls(name=name.strip(), **{key: getattr(query, key) for key in QUERY_FIELDS})

    def to_query(self) -> SearchQuery:
        return SearchQuery(**{key: getattr(self, key) for key in QUERY_FIELDS})

    def to_dict(self) -> dict:
        """The search as JSON values: the settings' and the export file's form."""
        fields = dataclasses.asdict(self)
        fields["sources"], fields["tags"] = list(self.sources), list(self.tags)
        fields["since"], fields["until"] = _date_text(self.since), _date_text(self.until)
        return fields

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SavedSearch:
        """The saved search `text` holds; ValueError when it is damaged or not one."""
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, fields: object) -> SavedSearch:
        """The saved search of `fields` (as to_dict gives them); ValueError when damaged."""
        if not isinstance(fields, dict):
            raise ValueError("not a JSON object")
        name, query = fields.get("name"), fields.get("text", "")
        sources, sort = fields.get("sources", []), fields.get("sort", SORTS[0])
        tags = fields.get("tags", [])
        if not (isinstance(name, str) and name.strip() and isinstance(query, str)):
            raise ValueError("no name or no query text")
        for names, what in ((sources, "sources"), (tags, "tags")):
            if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
                raise ValueError(f"{what} are not a list of names")
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}")
        return cls(
            name=name.strip(),
            text=query,
            sources=tuple(sources),
            since=_date_value(fields.get("since")),
            until=_date_value(fields.get("until")),
            sort=sort,
            variants=fields.get("variants") is True,
            tags=tuple(tags),
        )

    def reruns(self, query: SearchQuery) -> bool:
        """Whether `query` asks what this search asks (its page aside)."""
        return SavedSearch.from_query(query, self.name) == self

    def describe(self) -> str:
        """The search in words, one line per part, for its tooltip."""
        lines = [f"Query: {self.text}" if self.text.strip() else "Query: every article"]
        if self.sources:
            lines.append("Sources: " + ", ".join(self.sources))
        if self.tags:
            lines.append("Tags: " + ", ".join(self.tags))
        if self.since or self.until:
            first, last = _date_text(self.since) or "…", _date_text(self.until) or "…"
            lines.append(f"Dates: {first} to {last}")
        lines.append("Order: " + SORT_LABELS.get(self.sort, self.sort))
        if self.variants:
            lines.append("Spelling variants: matched")
        return "\n".join(lines)


def _date_text(value: dt.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _date_value(value: object) -> dt.date | str | None:
    """A stored date back as SearchQuery takes it: a day when it is one, else the text as typed."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"a date is not text: {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value or None


def by_name(search: SavedSearch) -> tuple[str, str]:
    """The order searches are listed in: by name regardless of case, then as written."""
    return search.name.casefold(), search.name
