"""The file saved searches travel in: one JSON file, written by one searchapp and imported by
another, that holds the saved searches with the search field's history:
{"app", "kind", "version", "saved": [...], "history": [...]}.

Reading checks the whole file before it returns, so an import changes all or nothing; what
cannot be read is a UserInputError of one sentence, never a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable
from pathlib import Path

from searchapp.core.errors import UserInputError
from searchapp.ui.saved_search import SavedSearch, by_name

# The export file: what marks it as searchapp's, and the format version this code writes.
FILE_APP, FILE_KIND, FILE_VERSION = "searchapp", "saved-searches", 1
FILE_FILTER = "Saved searches (*.json)"


def searches_document(saved: Iterable[SavedSearch], history: Iterable[str]) -> dict:
    """Saved searches and past queries as the export file holds them."""
    return {
        "app": FILE_APP,
        "kind": FILE_KIND,
        "version": FILE_VERSION,
        "saved": [search.to_dict() for search in saved],
        "history": list(history),
    }


def write_searches_file(path: Path, saved: Iterable[SavedSearch], history: Iterable[str]) -> None:
    """Write the export file; UserInputError (one sentence) when it cannot be written."""
    text = json.dumps(searches_document(saved, history), ensure_ascii=False, indent=2)
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise UserInputError(
            f"cannot write {os.fsdecode(path)}: {error.strerror or error}"
        ) from None


def read_searches_file(path: Path) -> tuple[list[SavedSearch], list[str]]:
    """The saved searches and past queries of an export file; UserInputError (one sentence)
    when it cannot be read or is not such a file, so an import changes all or nothing."""
    name = path.name
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserInputError(f"cannot read {name}: {error.strerror or error}") from None
    except (ValueError, RecursionError):
        # Not UTF-8, not JSON, or JSON no export holds: nested too deep, a number too long.
        document = None
    not_ours = UserInputError(f"the file {name} is not one of saved searches exported by searchapp")
    if not isinstance(document, dict):
        raise not_ours
    if (document.get("app"), document.get("kind")) != (FILE_APP, FILE_KIND):
        raise not_ours
    version = document.get("version")
    if type(version) is int and version > FILE_VERSION:  # bool is no version
        raise UserInputError(f"the file {name} is from a newer searchapp; update to import it")
    saved, history = document.get("saved", []), document.get("history", [])
    if type(version) is not int or version != FILE_VERSION or not isinstance(saved, list):
        raise not_ours
    if not (isinstance(history, list) and all(isinstance(q, str) for q in history)):
        raise UserInputError(f"the history in {name} is not a list of queries")
    searches = []
    for number, fields in enumerate(saved, 1):
        try:
            searches.append(SavedSearch.from_dict(fields))
        except ValueError as error:
            raise UserInputError(f"saved search {number} in {name} is damaged: {error}") from None
    return searches, history


def merge_searches(
    kept: list[SavedSearch], imported: Iterable[SavedSearch]
) -> tuple[list[SavedSearch], int]:
    """`kept` with the `imported` searches it lacks, by name, and how many were added. One that
    asks what a kept search asks (under any name) is left out; one whose name another search
    has is added as "name (2)", "name (3)", ..."""
    merged = list(kept)
    added = 0
    for search in imported:
        if any(dataclasses.replace(search, name=other.name) == other for other in merged):
            continue
        taken = {other.name.casefold() for other in merged}
        name, number = search.name, 2
        while name.casefold() in taken:
            name, number = f"{search.name} ({number})", number + 1
        merged.append(dataclasses.replace(search, name=name))
        added += 1
    return sorted(merged, key=by_name), added
