"""The metadata rules as data: outlets, evidence patterns, boilerplate and limits."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from searchapp.core.errors import UserInputError

DEFAULT_RULES = Path(__file__).with_name("rules.toml")
USER_RULES_NAME = "rules.toml"


class RulesError(UserInputError):
    """A rules file that cannot be read or has a bad pattern."""


@dataclass(frozen=True)
class EvidenceRule:
    kind: str
    where: str
    weight: int
    regex: re.Pattern[str]
    # For {outlet} patterns: which outlet each alternative names; empty for (?P<name>) patterns.
    names_known_outlet: bool


@dataclass(frozen=True)
class Rules:
    max_file_bytes: int
    max_mailbox_bytes: int
    max_zip_entries: int
    max_unzipped_bytes: int
    max_zip_ratio: float
    max_nesting: int
    extensions: frozenset[str]
    top_lines: int
    bottom_lines: int
    min_source_score: int
    header_keys: dict[str, str]
    html_date: tuple[str, ...]
    html_source: tuple[str, ...]
    html_title: tuple[str, ...]
    section_names: frozenset[str]
    html_skip: frozenset[str]
    html_extensions: frozenset[str]
    aliases: dict[str, str]
    evidence: tuple[EvidenceRule, ...]
    not_outlets: frozenset[str]
    boilerplate: re.Pattern[str]
    numeric_line_ratio: float

    def outlet_name(self, text: str) -> str:
        """The canonical name for an outlet as written, or the text itself when unknown."""
        cleaned = " ".join(text.split()).strip(" .,:;-–—|/")
        cleaned = _LOST_SPACE.sub(" (", cleaned)  # "The Guardian(London)": a space lost
        known = self.aliases.get(cleaned.casefold())
        if known is None:  # a news database's edition: "Agence France Presse -- English"
            known = self.aliases.get(_EDITION.sub("", cleaned).casefold())
        return known or cleaned


_EDITION = re.compile(r"\s*(?:--?|–|\()\s*(?:English|German|French|Spanish|Deutsch)\)?$", re.I)
_LOST_SPACE = re.compile(r"(?<=[^\W\d_]{2})\((?=[^\W\d_]{2})")


def alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of `words`, longest first, written as a trie: one
    branch a letter, so the matcher tries a handful of letters at each position, not every
    word (a plain "a|b|c" of a hundred names slows every search of a long text)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [
            re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def _merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + value
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"cannot read the rules file {path}: {exc}") from exc


def _compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise RulesError(f"bad pattern {pattern!r} in the rules: {exc}") from exc


REGIONS = ("top", "bottom", "text")


def build_rules(data: dict, origin: str = "the rules") -> Rules:
    """Compile rules from their TOML data; RulesError names what is wrong and where."""
    try:
        return _build_rules(data)
    except RulesError as exc:
        raise RulesError(f"{origin}: {exc}") from exc
    except KeyError as exc:
        raise RulesError(f"{origin} lack the setting {exc.args[0]!r}") from exc
    except (TypeError, ValueError, AttributeError, IndexError) as exc:
        raise RulesError(f"{origin} have a setting of the wrong kind ({exc})") from exc


def _build_rules(data: dict) -> Rules:
    limits, header, html = data["limits"], data["header"], data["html"]
    aliases: dict[str, str] = {}
    spellings: list[str] = []
    for outlet in data.get("outlet", []):
        aliases[outlet["name"].casefold()] = outlet["name"]
        for alias in [*outlet.get("aliases", []), outlet["name"]]:
            aliases[alias.casefold()] = outlet["name"]
            # Wire copy signs off in capitals ("REUTER", "(REUTERS)") as often as not.
            spellings += [alias, alias.upper()]
    outlets = alternation(set(spellings))
    evidence = []
    for rule in data.get("evidence", []):
        pattern = rule["pattern"]
        known = "{outlet}" in pattern
        if known:
            pattern = pattern.replace("{outlet}", f"(?P<name>{outlets})")
        if rule["where"] not in REGIONS:
            raise RulesError(f"evidence rule {rule['kind']!r}: where must be one of {REGIONS}")
        if "(?P<name>" not in pattern:
            raise RulesError(
                f"evidence rule {pattern!r} names no outlet: use {{outlet}} or (?P<name>...)"
            )
        evidence.append(
            EvidenceRule(
                kind=rule["kind"],
                where=rule["where"],
                weight=int(rule["weight"]),
                regex=_compile(pattern, re.MULTILINE),
                names_known_outlet=known,
            )
        )
    header_keys = {
        key: field for field in ("date", "source", "title", "url") for key in header[field]
    }
    boiler = data["boilerplate"]
    return Rules(
        max_file_bytes=_megabytes(limits["max_file_mb"]),
        max_mailbox_bytes=_megabytes(limits["max_mailbox_mb"]),
        max_zip_entries=int(limits["max_zip_entries"]),
        max_unzipped_bytes=_megabytes(limits["max_unzipped_mb"]),
        max_zip_ratio=float(limits["max_zip_ratio"]),
        max_nesting=int(limits["max_nesting"]),
        extensions=frozenset(e.lower() for e in limits["extensions"]),
        top_lines=int(limits["top_lines"]),
        bottom_lines=int(limits["bottom_lines"]),
        min_source_score=int(limits["min_source_score"]),
        header_keys=header_keys,
        html_date=tuple(html["date"]),
        html_source=tuple(html["source"]),
        html_title=tuple(html["title"]),
        section_names=frozenset(n.casefold().strip(".") for n in html["section_names"]),
        html_skip=frozenset(html["skip_elements"]),
        html_extensions=frozenset(e.lower() for e in html["extensions"]),
        aliases=aliases,
        evidence=tuple(evidence),
        not_outlets=frozenset(n.casefold() for n in data["names"]["not_outlets"]),
        boilerplate=_compile("|".join(f"(?:{p})" for p in boiler["lines"]), re.IGNORECASE),
        numeric_line_ratio=float(boiler["numeric_line_ratio"]),
    )


def _megabytes(value: float) -> int:
    return int(float(value) * 1024 * 1024)


def load_rules(user_file: Path | None = None) -> Rules:
    """The bundled rules, extended by a user's rules file when it exists."""
    data = _read_toml(DEFAULT_RULES)
    if user_file is not None and user_file.is_file():
        data = _merge(data, _read_toml(user_file))
        return build_rules(data, f"the rules in {user_file}")
    return build_rules(data)
