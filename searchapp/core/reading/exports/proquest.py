"""ProQuest exports: the TXT download, and the HTML of saved pages and e-mailed documents.

Both give each article as its title, then "Label: value" paragraphs in the interface's
language ("Publication title", "Titel der Publikation", "Titre de la publication" ...), the
story being the value of "Full text". The HTML is flattened into the same paragraphs, so one
reader serves both; a rule (a line of underscores, an <hr>, a "DocID" anchor) or a line
"Document N of M" separates articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from searchapp.core.reading.article import RawArticle, Reading
from searchapp.core.reading.dates import find_dates
from searchapp.core.reading.exports.fields import export_fields, one_line
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Labels by the field they give, in the interfaces' languages (compared without spaces or case).
_LABELS = {
    "title": "Title; Titel; Titre; Título; Titolo; Tytuł",
    "source": (
        "Publication title; Titel der Publikation; Publikationstitel; Titre de la publication; "
        "Título de publicación; Título de la publicación; Titolo pubblicazione; "
        "Título da publicação; Titel van publicatie; Naam publicatie"
    ),
    "date": (
        "Publication date; Publikationsdatum; Erscheinungsdatum; Date de publication; "
        "Fecha de publicación; Data di pubblicazione; Data de publicação; Data da publicação; "
        "Publicatiedatum"
    ),
    "byline": "Author; Authors; Autor; Autoren; Auteur; Auteurs; Autore; Autores; Auteur(s)",
    "section": "Section; Bereich; Rubrik; Rubrique; Sección; Sezione; Seção; Secção; Rubriek",
    "language": (
        "Language of publication; Publikationssprache; Sprache der Publikation; "
        "Langue de publication; Idioma de la publicación; Idioma de publicación; "
        "Lingua di pubblicazione; Idioma de publicação; Taal van publicatie"
    ),
    "key": (
        "ProQuest document ID; ProQuest-Dokument-ID; Dokument-ID; ID du document ProQuest; "
        "Identifiant du document ProQuest; ID del documento de ProQuest; "
        "ID del documento ProQuest; ID documento ProQuest; ID do documento ProQuest; "
        "ProQuest-document-ID"
    ),
    "full text": (
        "Full text; Volltext; Texte intégral; Texto completo; Testo completo; Volledige tekst"
    ),
    "abstract": "Abstract; Zusammenfassung; Résumé; Resumen; Riassunto; Resumo; Samenvatting",
    # A link to the ProQuest record, not to the outlet's page: still where a reader opens it.
    "url": "Document URL; Dokument-URL; URL du document; URL del documento; URL documento",
    "publication info": (
        "Publication info; Publikationsinfo; Informations de publication; "
        "Información de publicación; Informazioni sulla pubblicazione"
    ),
    # Labels that give nothing searchapp keeps, but end the value before them. Words that may
    # open a story's paragraph ("Update:", "Caption:", "Location:") are left out: ProQuest
    # prints them after "Subject", which ends the story first.
    "other": (
        "Links; Subject; Schlagwörter; Sujet; Materia; Soggetto; Assunto; "
        "Company / organization; Firma/Organisation; Identifier / keyword; "
        "Identifikator/Schlüsselwort; Identificateur / mot-clé; Identificador / palabra clave; "
        "Publication year; Erscheinungsjahr; Année de publication; Año de publicación; "
        "Publisher; Herausgeber; Éditeur; Place of publication; Verlagsort; Erscheinungsort; "
        "Lieu de publication; Lugar de publicación; Country of publication; Publikationsland; "
        "Pays de publication; País de publicación; Publication subject; ISSN; ISBN; "
        "Source type; Quellentyp; Type de source; Tipo de fuente; Document type; "
        "Dokumententyp; Type de document; Tipo de documento; Copyright; Last updated; "
        "Zuletzt aktualisiert; Dernière mise à jour; Última actualización; Database; Datenbank; "
        "Base de données; Base de datos; Number of pages; Document feature; Accession number; "
        "Product name; Journal subject; Coden"
    ),
}


def _label_key(label: str) -> str:
    """A label as _FIELDS knows it: exports lose spaces ("Fulltext") or add them."""
    return re.sub(r"\s+", "", label).casefold()


_FIELDS = {
    _label_key(label): name for name, labels in _LABELS.items() for label in labels.split("; ")
}
_LABEL_LINE = re.compile(r"^\s*(?P<label>[^\W\d_][^:\n]{0,60}?)\s*:\s*(?P<value>.*)$")
_SEPARATOR = re.compile(r"^[ \t]*(?:_{20,}|-{20,}|={20,})[ \t]*$", re.M)
_COUNTED = re.compile(
    r"^\s*Do[ck]ument[oa]?\s+(\d+)\s+(?:of|von|sur|de|di|van|z)\s+(\d+)\s*$", re.I | re.M
)
# A sure sign of an export: a document ID or a full text, labelled, at a line's start.
_SIGN_LABELS = sorted(
    (label for name in ("key", "full text") for label in _LABELS[name].split("; ")),
    key=len,
    reverse=True,
)
_SIGN = re.compile(r"^\s*(?:" + "|".join(map(re.escape, _SIGN_LABELS)) + r")\s*:", re.M | re.I)
_NO_ABSTRACT = frozenset(
    "noneavailable. nichtverfügbar. nondisponible. nodisponible. nessunodisponibile.".split()
)
_ANONYMOUS = frozenset("anonymous anonym anonyme anónimo anonimo".split())
# "New York Times, Late Edition (East Coast); New York, N.Y." names the outlet first.
# "New York Times, Late Edition (East Coast)", "Los Angeles Times (pre-1997 Fulltext)": the
# edition and the archive's note follow the outlet's name.
_EDITION = re.compile(
    r",[^,]*\b(?:edition|ausgabe|édition|edición)\b.*$|\s*\([^)]*\bfull\s*text\)$", re.I
)
_STORY_FIELDS = ("full text", "abstract")
# Marks in the flattened HTML (private-use characters: no page text holds them).
_SEPARATE = "\ue000"  # an article break
_WORD_COUNT = re.compile("\ue001(\\d*)\ue001")  # a full text's stated word count
# Some deliveries lose the "<" of the <html> tag that opens a full text's own document.
_LOST_HTML_TAG = re.compile(r"^\s*html>")
_BLOCKS = frozenset(
    "p div tr li ul ol table tbody thead dl dt dd h1 h2 h3 h4 h5 h6 section article header "
    "footer blockquote pre text body html center form".split()
)
# The cheap first check: every interface's document ID label but one names ProQuest.
_MENTIONS = ("ProQuest", "Dokument-ID")
_LABEL_TAGS = frozenset("b strong th td dt".split())
_LABEL_CHARS = 48
_SKIPPED = frozenset("script style head title noscript img".split())
_SKIPPED_CLASSES = frozenset("sr-only document_view_image".split())


def from_text(text: str, rules: Rules) -> Reading | None:
    """The articles of a ProQuest TXT export, or None."""
    if _SEPARATOR.search(text) is None or _SIGN.search(text) is None:
        return None
    chunks = [_split_counted(chunk) for chunk in _SEPARATOR.split(text)]
    return _reading([(part, "") for parts in chunks for part in parts])


def from_html(tree: HtmlElement, rules: Rules) -> Reading | None:
    """The articles of a saved ProQuest page or of the HTML of an e-mailed delivery, or None."""
    text = tree.text_content()
    if not any(mention in text for mention in _MENTIONS) or not _SIGN.search(_flat_text(tree)):
        return None
    chunks = []
    for chunk in _flatten(tree).split(_SEPARATE):
        words = _WORD_COUNT.search(chunk)
        chunks.append((_WORD_COUNT.sub("", chunk), words.group(1) if words else ""))
    return _reading(chunks)


def _reading(chunks: list[tuple[str, str]]) -> Reading | None:
    articles = []
    stated = None
    for text, words in chunks:
        record = _Record.read(text.split("\n"))
        if record.stated is not None:
            stated = max(stated or 0, record.stated)
        if record.is_article():
            articles.append(record.article(words))
    return Reading(articles, stated=stated) if articles else None


def _split_counted(text: str) -> list[str]:
    """Parts of a text that each open with a line "Document N of M" (the text itself when it
    has none)."""
    starts = [match.start() for match in _COUNTED.finditer(text)]
    if not starts:
        return [text]
    bounds = [0, *starts, len(text)]
    return [text[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


@dataclass
class _Record:
    """One article's lines read as a title and labelled fields."""

    heading: list[str] = field(default_factory=list)  # unlabelled lines before the first label
    fields: dict[str, list[list[str]]] = field(default_factory=dict)  # name: paragraphs
    stated: int | None = None

    @classmethod
    def read(cls, lines: list[str]) -> _Record:
        record = cls()
        current: list[list[str]] | None = None
        in_story = False
        said: set[str] = set()
        for line in lines:
            text = line.strip()
            counted = _COUNTED.match(text)
            if counted:
                record.stated = int(counted.group(2))
                continue
            match = _LABEL_LINE.match(text)
            label = _label_key(match.group("label")) if match else ""
            name = _FIELDS.get(label)
            # ProQuest says each label once: said again inside a story, it is the story's.
            if name and not (in_story and label in said):
                said.add(label)
                in_story = name in _STORY_FIELDS
                # A field named twice keeps its first value; "other" fields keep none.
                current = [] if name in record.fields else record.fields.setdefault(name, [])
                current.append([match.group("value").strip()])
            elif current is None:
                if text:
                    record.heading.append(text)
            elif not text:
                current.append([])
            else:
                current[-1].append(text)
        return record

    def is_article(self) -> bool:
        """A document ID, or a story and its outlet: a cover, a table of contents or a
        bibliography has neither."""
        return bool(self.value("key") or (self.story() and self.value("source")))

    def value(self, name: str) -> str:
        """A field's first paragraph on one line."""
        for paragraph in self.fields.get(name, []):
            text = one_line(" ".join(paragraph))
            if text:
                return text
        return ""

    def story(self) -> str:
        for name in _STORY_FIELDS:
            paragraphs = ["\n".join(line for line in p if line) for p in self.fields.get(name, [])]
            text = "\n\n".join(p for p in paragraphs if p)
            if text and re.sub(r"\s+", "", text).casefold() not in _NO_ABSTRACT:
                return text
        return ""

    def article(self, words: str) -> RawArticle:
        title = self.value("title") or (self.heading[0] if self.heading else "")
        byline = self.value("byline")
        export = {
            "title": title,
            "source": _outlet(self.value("source")),
            "date": self.value("date") or _date_in(self.value("publication info")),
            "byline": "" if byline.casefold() in _ANONYMOUS else byline,
            "section": self.value("section"),
            "language": self.value("language"),
            "key": self.value("key"),
            "words": words,
            "url": self.value("url"),
        }
        body = self.story()
        # A citation without text still names its article: its title keeps it searchable.
        return RawArticle(body=body, front="" if body else title, export=export_fields(export))


def _outlet(publication: str) -> str:
    """The outlet's name from a publication title that adds the edition, a note and the
    place."""
    name = publication.split(";")[0].strip()
    return _EDITION.sub("", name).strip() or name


def _date_in(info: str) -> str:
    """The date written in a "Publication info" line ("... [Los Angeles, Calif]08 May 2010")."""
    dates = find_dates(info)
    return info[dates[0].start : dates[0].end] if dates else ""


# --- HTML flattened to the text layout --------------------------------------------------------


def _flat_text(tree: HtmlElement) -> str:
    """The page's text with a line break for each block, for the cheap first check."""
    return "\n".join(tree.xpath("//text()", smart_strings=False))


def _flatten(tree: HtmlElement) -> str:
    """The page as text: a paragraph for each block, a row's cells on one line, _SEPARATE for
    each rule or document anchor, and a _WORD_COUNT mark for a full text's stated count."""
    from lxml import etree

    parts: list[str] = []
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED or _SKIPPED_CLASSES & set(element.get("class", "").split()):
                walker.skip_subtree()
                continue
            if tag == "hr" or (tag == "a" and element.get("name", "").startswith("DocID")):
                parts.append(_SEPARATE)
            elif tag == "br":
                parts.append("\n")
            elif tag in ("td", "th"):
                parts.append(" ")
            elif tag in _BLOCKS:
                parts.append("\n\n")
            text = element.text or ""
            if tag == "text" and element.get("wordcount", "").isdigit():
                parts.append(f"\ue001{element.get('wordcount')}\ue001")
                text = _LOST_HTML_TAG.sub("", text)
            parts.append(text)
        else:
            if tag in _LABEL_TAGS and _is_bare_label(element):
                parts.append(":")
            if tag in _BLOCKS:
                parts.append("\n\n")
            parts.append(element.tail or "")
    lines = (one_line(line) for line in "".join(parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _is_bare_label(element: HtmlElement) -> bool:
    """A bold label or a label cell written without its colon ("Document URL")."""
    text = element.text_content().strip()
    return len(text) <= _LABEL_CHARS and not text.endswith(":") and _label_key(text) in _FIELDS
