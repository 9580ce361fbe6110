"""Text documents (PDF, Word, OpenDocument, RTF): their text read as plain text, so that an
export inside one is split by the export readers, and a title property kept where it names the
article."""

from __future__ import annotations

import dataclasses
import re

from searchapp.core.reading import plain
from searchapp.core.reading.article import Reading
from searchapp.core.reading.files import normalize_text, replace_controls
from searchapp.core.reading.rules import Rules

_FILE_NAME = re.compile(r"\.[A-Za-z0-9]{2,5}$|[\\/]")
# Titles that programs and templates fill in: "Microsoft Word - story.doc", "Document1",
# "Untitled", "Press release template".
_PLACEHOLDER = re.compile(
    r"^(?:microsoft\b|document\s*\d|doc\d)|\b(?:template|vorlage|modèle|plantilla|sjabloon|"
    r"untitled|unbenannt|sans titre|sin título|naamloos|kein titel)\b",
    re.IGNORECASE,
)


def read_document(text: str, title: str, rules: Rules) -> Reading:
    """An export's articles, or the one article a document is, with its title property when
    that names it (creation dates say when the file was made, not the story: never read)."""
    reading = plain.read_text(normalize_text(replace_controls(text)), rules)
    title = " ".join(title.split())
    if len(reading.articles) == 1 and not reading.articles[0].export and names_article(title):
        article = reading.articles[0]
        reading.articles[0] = dataclasses.replace(article, meta={**article.meta, "title": title})
    return reading


def names_article(title: str) -> bool:
    """Whether a title property can be the article's: words, not a file, program or template
    name."""
    return (
        len(title.split()) >= 2 and not _FILE_NAME.search(title) and not _PLACEHOLDER.search(title)
    )
