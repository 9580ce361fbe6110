"""What every vendor's reader does with the fields it found: values on one line, a byline
without its "By", empty ones left out, a stated count reduced to its digits."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d[\d,.'\u00a0\u202f ]*")
# "By", "Von", "Par", "Por", "Door" before a name: the byline's word, not the name's.
_BY = re.compile(r"^(?:by|von|par|por|door)\s+(?=\S)", re.I)


def one_line(text: str) -> str:
    """The text with its runs of white space (line ends, tabs, no-break spaces) as one space."""
    return " ".join(text.split())


def export_fields(fields: dict[str, str]) -> dict[str, str]:
    """The fields as RawArticle.export holds them: each value on one line, a byline without its
    "By", empty ones left out."""
    cleaned = {name: _names(v) if name == "byline" else one_line(v) for name, v in fields.items()}
    return {name: value for name, value in cleaned.items() if value}


def count_digits(text: str) -> str:
    """The digits of the first number written in `text`: "2,968 words" and "1 234 mots" give
    "2968" and "1234"."""
    match = _NUMBER.search(text)
    return re.sub(r"\D", "", match.group(0)) if match else ""


def _names(text: str) -> str:
    """The names of a byline without the word that introduces them ("By Jane Smith")."""
    return _BY.sub("", one_line(text))
