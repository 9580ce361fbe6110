"""Factiva exports: the article and the indexing layouts, as HTML or as text, and Factiva XML.

Every Factiva article ends with its accession number (AN): a line "Document <AN>" in the
interface's language, or the AN field of the indexing layout. The article layout prints its
fields unlabelled in a fixed order (headline, author, word count, date, time, outlet, outlet
code, edition, page, language, copyright); the indexing layout labels each with a two-letter
code (HD headline, BY byline, WC word count, PD date, SN outlet, LP lead, TD text, AN ...).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from searchapp.core.reading.article import RawArticle, Reading
from searchapp.core.reading.dates import parse_date_value
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.etree import _Element
    from lxml.html import HtmlElement

# "Document <AN>" ("Dokument", "文件" ...), or the indexing layout's "AN  Document <AN>".
_TRAILER = re.compile(r"^[ \t]*(?:AN[ \t]+)?\w{1,12}[ \t]+([A-Za-z0-9]{20,30})[ \t]*$", re.M)
_AN_DAY = re.compile(r"(?:19|20)\d{6}")
_WORD_UNITS = (
    "words word wörter wort mots mot palabras parole woorden ord palavras слов слова "
    "字 語 단어 sanaa kelime słów slov"
).split()
_WORD_COUNT = re.compile(
    r"^\s*(\d[\d.,'\u00a0\u202f ]*?)\s*(?:" + "|".join(_WORD_UNITS) + r")\s*$", re.I
)
# Chinese, Japanese and Korean interfaces write "2018 年 9 月 18 日", which the rules do not read.
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_TIME = re.compile(r"^\d{1,2}[:.h]\d{2}\b")
_SOURCE_CODE = re.compile(r"[A-Za-z0-9]{2,12}")
_COPYRIGHT = re.compile(r"^(?:\(c\)|©|copyright\b|copr\.)", re.I)
_LANGUAGES = frozenset(
    (
        "english englisch anglais inglés ingles engels inglese inglês английский 英文 英語 영어 "
        "german deutsch allemand alemán aleman duits tedesco alemão немецкий 德文 ドイツ語 "
        "french français francais französisch francés frances frans francese francês 法文 "
        "spanish español espanol spanisch espagnol spaans spagnolo espanhol 西班牙文 "
        "dutch nederlands niederländisch néerlandais neerlandés italian italiano italienisch "
        "italien portuguese português portugiesisch portugais russian русский russisch russe "
        "chinese 中文 chinesisch chinois japanese 日本語 日文 japanisch japonais korean 한국어 "
        "svenska dansk norsk polski türkçe arabic العربية"
    ).split()
)
_BYLINE_MARK = re.compile(r"^(?:by|von|par|por|door|di|av|de)\s+\S", re.I)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# A publisher's name printed between the story and its "Document" line.
_PUBLISHER = re.compile(
    r"\b(?:Ltd|Limited|Inc|LLC|L\.L\.C|GmbH|AG|S\.?A|SAS|plc|PLC|Corp|Corporation|Company|"
    r"Group|Co|KG|B\.V|N\.V|S\.p\.A)\.?$"
)
_PREAMBLE_LINES = 25  # the word count stands this close to an article's start
_HEADER_LINES = 10  # and the copyright this close after it
_DATE_AFTER = 3  # the date is among the first lines after the word count
_CODES = (
    "HD BY CR WC PD ET SN SC ED PG VOL LA CY LP TD CT RF CO IN NS RE IPC IPD PUB AN SE ART CLM CX "
    "DLN RST NGC GC"
).split()
# A code line: the code alone, or before a tab or two spaces; one space only outside the story.
_CODE_LINE = re.compile(
    r"^[ \t]*(" + "|".join(sorted(_CODES, key=len, reverse=True)) + r")\b([ \t]*)(.*)$"
)
_STORY_CODES = frozenset({"LP", "TD"})


def from_text(text: str, rules: Rules) -> Reading | None:
    """The articles of a Factiva RTF or text export, in either layout, or None."""
    if _TRAILER.search(text) is None:
        return None
    articles: list[RawArticle] = []
    problems: list[str] = []
    start = 0
    for match in _TRAILER.finditer(text):
        key = match.group(1)
        if not _is_accession(key):
            continue
        lines = text[start : match.start()].split("\n")
        start = match.end()
        raw = _indexed_text(lines, key) if _is_indexed(lines) else _article_text(lines, key)
        if raw is not None:
            articles.append(raw)
        elif any(line.strip() for line in lines):
            articles.append(RawArticle(body="\n".join(lines).strip(), export={"key": key}))
            problems.append(f"Factiva document {key} has no headline and word count: read as text")
    if len(problems) == len(articles):
        return None  # no article has Factiva's fields: a "Document" line alone proves nothing
    return Reading(articles, problems=problems)


def from_html(tree: HtmlElement, rules: Rules) -> Reading | None:
    """The articles of a Factiva page saved as HTML (either layout), or None."""
    articles = []
    seen: set[HtmlElement] = set()
    # Searching the class attributes, not the elements, halves the cost on a page of any other kind.
    for value in tree.xpath("//@class[contains(., 'Headline')]"):
        if not any(token.endswith("Headline") for token in value.split()):
            continue
        headline = value.getparent()
        container = _article_element(headline)
        if container is None or container in seen:
            continue
        seen.add(container)
        rows = _index_rows(container)
        raw = _indexed_html(rows) if rows else _article_html(container)
        if raw is not None:
            articles.append(raw)
    return Reading(articles) if articles else None


def from_xml(data: bytes, rules: Rules) -> Reading | None:
    """The articles of a Factiva XML export, or None for any other XML."""
    if b"accessionNo" not in data or b"headline" not in data:
        return None
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return Reading([], problems=[f"the Factiva XML could not be parsed: {exc}"])
    articles = []
    for element in root.iter("{*}article"):
        fields = {etree.QName(child).localname: child for child in element}
        if "accessionNo" in fields:
            raw = _xml_article(fields)
            if raw is not None:
                articles.append(raw)
    if not articles:
        return None
    result_sets = root.xpath("//*[local-name()='ppsarticleResultSet']/@count")
    stated = int(result_sets[0]) if result_sets and result_sets[0].isdigit() else None
    return Reading(articles, stated=stated)


# --- Shared: the fields of either layout ------------------------------------------------------


def _is_accession(token: str) -> bool:
    """An accession number holds its day ("IINM000020171017edah0004z") and letters."""
    return _AN_DAY.search(token) is not None and any(ch.isalpha() for ch in token)


def _date_text(value: str) -> str | None:
    """The date as the rules can read it, or None when `value` is no date."""
    cjk = _CJK_DATE.search(value)
    if cjk:
        year, month, day = (int(part) for part in cjk.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return value if parse_date_value(value, anywhere=True) is not None else None


def _words(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _after_word_count(values: list[str]) -> dict[str, str]:
    """The unlabelled fields after the word count: date, time, outlet, outlet code, then
    edition and page, language, copyright (optional ones may be missing)."""
    rest = list(values)
    fields = {}
    # A line such as "Correction appended" may stand before the date.
    found = ((at, _date_text(text)) for at, text in enumerate(rest[:_DATE_AFTER]))
    dated = next(((at, date) for at, date in found if date is not None), None)
    if dated is not None:
        fields["date"] = dated[1]
        del rest[: dated[0] + 1]
    if rest and _TIME.match(rest[0]):
        rest.pop(0)
    if rest:
        fields["source"] = rest.pop(0)
    if rest and _SOURCE_CODE.fullmatch(rest[0]):
        rest.pop(0)
    if rest and _COPYRIGHT.match(rest[-1]):
        rest.pop()
    if rest:
        fields["language"] = rest[-1]
    return fields


def _export(fields: dict[str, str]) -> dict[str, str]:
    return {name: " ".join(value.split()) for name, value in fields.items() if value.strip()}


def _indexed_article(fields: dict[str, list[str]], key: str = "") -> RawArticle | None:
    """An article of the indexing layout from its code fields (code: paragraphs)."""

    def first(code: str) -> str:
        return next((value for value in fields.get(code, []) if value.strip()), "")

    title = first("HD")
    if not title:
        return None
    accession = [token for token in first("AN").split() if _is_accession(token)]
    export = {
        "title": title,
        "byline": first("BY"),
        "section": first("SE"),
        "date": _date_text(first("PD")) or "",
        "source": first("SN"),
        "language": first("LA"),
        "words": _words(first("WC")),
        "key": accession[-1] if accession else key,
    }
    story = [paragraph for code in ("LP", "TD") for paragraph in fields.get(code, [])]
    body = "\n\n".join(paragraph.strip() for paragraph in story if paragraph.strip())
    return RawArticle(body=body, export=_export(export))


# --- Text: RTF and plain-text exports ---------------------------------------------------------


def _is_indexed(lines: list[str]) -> bool:
    """Code lines for the headline and more, and no bare word count line (a story's lines
    may open with "HD" or "IN" too)."""
    codes = {match.group(1) for line in lines if (match := _CODE_LINE.match(line))}
    filled = [line for line in lines if line.strip()][:_PREAMBLE_LINES]
    return (
        "HD" in codes
        and bool(codes & {"WC", "PD", "SN", "LP", "TD"})
        and not any(_WORD_COUNT.match(line) for line in filled)
    )


def _indexed_text(lines: list[str], key: str) -> RawArticle | None:
    """Code lines ("HD\tHeadline", "LP" then paragraphs): each value runs to the next code."""
    fields: dict[str, list[str]] = {}
    code = None
    for line in lines:
        match = _CODE_LINE.match(line)
        if match and _opens_field(match, code):
            code = match.group(1)
            fields.setdefault(code, []).append(match.group(3).strip())
        elif code is not None and line.strip():
            values = fields[code]
            if code in _STORY_CODES or not values[-1]:
                values.append(line.strip())
            else:
                values[-1] += " " + line.strip()
    return _indexed_article(fields, key)


def _opens_field(match: re.Match[str], current: str | None) -> bool:
    """Whether a line opening with a code starts a field, not a story's line ("IN the...")."""
    space, value = match.group(2), match.group(3)
    if not value or "\t" in space or len(space) >= 2:
        return True
    return current not in _STORY_CODES and space == " "


def _article_text(lines: list[str], key: str) -> RawArticle | None:
    """The article layout as lines: headline (and section, author) above the word count, the
    fields below it down to the copyright, then the story."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    counted = next((at for at in filled[:_PREAMBLE_LINES] if _WORD_COUNT.match(lines[at])), None)
    if counted is None:
        return None
    above = [lines[at].strip() for at in filled if at < counted][-3:]
    below = [at for at in filled if at > counted]
    header_end = _header_end(lines, below[:_HEADER_LINES])
    fields = _after_word_count([lines[at].strip() for at in below if at < header_end])
    fields.update(_headline_block(above))
    fields["words"] = _words(lines[counted])
    fields["key"] = key
    story = [line.strip() for line in lines[header_end:]]
    while story and not story[-1]:
        story.pop()
    if story and _PUBLISHER.search(story[-1]) and len(story[-1].split()) <= 8:
        story.pop()
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(story)).strip()
    return RawArticle(body=body, export=_export(fields))


def _header_end(lines: list[str], header: list[int]) -> int:
    """Where the fields below the word count end: after the copyright, else after the
    language, else at the first blank line."""
    for test in (_COPYRIGHT.match, lambda line: line.casefold() in _LANGUAGES):
        found = next((at for at in header if test(lines[at].strip())), None)
        if found is not None:
            return found + 1
    if not header:
        return len(lines)
    end = header[0]
    while end < len(lines) and lines[end].strip():
        end += 1
    return end


def _headline_block(above: list[str]) -> dict[str, str]:
    """Section, headline and author from the (up to three) lines above the word count."""
    if not above:
        return {}
    if len(above) == 3:
        return {"section": above[0], "title": above[1], "byline": above[2]}
    if len(above) == 1:
        return {"title": above[0]}
    first, second = above
    if _reads_like_byline(second, first):
        return {"title": first, "byline": second}
    if len(first.split()) <= 3:
        return {"section": first, "title": second}
    return {"title": first, "byline": second}


def _reads_like_byline(line: str, headline: str) -> bool:
    if _BYLINE_MARK.match(line):
        return True
    words = line.replace(",", " ").split()
    names = [word for word in words if word.casefold() not in {"and", "und", "et", "y", "en"}]
    return (
        2 <= len(names) <= 4
        and all(_NAME_WORD.fullmatch(word) and word[0].isupper() for word in names)
        and len(headline.split()) >= 4
    )


# --- HTML: saved pages ------------------------------------------------------------------------


def _article_element(headline: HtmlElement) -> HtmlElement | None:
    """The innermost div of class "article" (or "enArticle", ...) that holds the headline."""
    for ancestor in headline.iterancestors("div"):
        tokens = ancestor.get("class", "").split()
        if "article" in tokens or any(token.endswith("Article") for token in tokens):
            return ancestor
    return None


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _index_rows(container: HtmlElement) -> dict[str, HtmlElement]:
    """The indexing layout's table: code cell -> value cell."""
    rows: dict[str, HtmlElement] = {}
    for row in container.iter("tr"):
        cells = row.findall("td")
        if len(cells) >= 2:
            code = re.sub(r"[^A-Z]", "", _text(cells[0]))
            if code in _CODES:
                rows.setdefault(code, cells[1])
    return rows if "HD" in rows else {}


def _indexed_html(rows: dict[str, HtmlElement]) -> RawArticle | None:
    fields = {}
    for code, cell in rows.items():
        paragraphs = [_text(p) for p in cell.iter("p")] if code in _STORY_CODES else []
        fields[code] = paragraphs or [_text(cell)]
    return _indexed_article(fields)


def _article_html(container: HtmlElement) -> RawArticle | None:
    """The article layout: unlabelled divs around the headline, paragraphs of class
    "articleParagraph", and the "Document <AN>" line."""
    headline = next(
        element
        for element in container.iter()
        if any(token.endswith("Headline") for token in element.get("class", "").split())
    )
    around = set(headline.iterancestors())
    above: list[str] = []
    below: list[tuple[str, bool]] = []  # (text, whether the div is marked "author")
    passed = False
    for element in container.iter():
        if element is headline:
            passed = True
        elif element.tag == "div" and element not in around and element.find(".//div") is None:
            text = _text(element)
            if text and passed:
                below.append((text, "author" in element.get("class", "").split()))
            elif text:
                above.append(text)
    values = [text for text, _ in below]
    counted = next((at for at, text in enumerate(values) if _WORD_COUNT.match(text)), None)
    if counted is not None:
        starts, words = counted + 1, _words(values[counted])
    else:  # no word count: the fields start at the date
        starts = next((at for at, text in enumerate(values) if _date_text(text)), None)
        words = ""
    paragraphs = container.xpath(
        ".//p[contains(concat(' ', normalize-space(@class), ' '), ' articleParagraph ')]"
    )
    key = _html_key(container)
    # Proof of Factiva's layout: a word count and the story's paragraphs, or the accession number.
    if starts is None or not (key or (counted is not None and paragraphs)):
        return None
    authors = values[: starts - 1 if counted is not None else starts]
    marked = [text for text, author in below[: len(authors)] if author]
    fields = {"language": _language_class(container)}
    fields.update(_after_word_count(values[starts:]))
    fields.update(
        title=_text(headline),
        section=above[-1] if above else "",
        byline="; ".join(marked or authors),
        words=words,
        key=key,
    )
    body = "\n\n".join(text for p in paragraphs if (text := _text(p)))
    return RawArticle(body=body, export=_export(fields))


def _language_class(container: HtmlElement) -> str:
    """ "en" from the class "enArticle"."""
    for token in container.get("class", "").split():
        if len(token) == len("enArticle") and token.endswith("Article"):
            return token[:2]
    return ""


def _html_key(container: HtmlElement) -> str:
    for p in container.iter("p"):
        match = _TRAILER.fullmatch(_text(p))
        if match and _is_accession(match.group(1)):
            return match.group(1)
    for element in (container, *container.iterancestors("div")):
        identifier = element.get("id", "")
        if identifier.startswith("article-") and _is_accession(identifier[len("article-") :]):
            return identifier[len("article-") :]
    return ""


# --- XML --------------------------------------------------------------------------------------


def _xml_article(fields: dict[str, _Element]) -> RawArticle | None:
    """One <article>: headline, lead and tail paragraphs, and its descriptive elements."""

    def text(name: str) -> str:
        element = fields.get(name)
        return " ".join("".join(element.itertext()).split()) if element is not None else ""

    def paragraphs(name: str) -> list[str]:
        element = fields.get(name)
        if element is None:
            return []
        found = [" ".join("".join(p.itertext()).split()) for p in element.iter("{*}paragraph")]
        return found or [text(name)]

    story = paragraphs("leadParagraph") + paragraphs("tailParagraphs")
    title = text("headline")
    body = "\n\n".join(paragraph for paragraph in story if paragraph)
    if not (title or body):
        return None
    export = {
        "title": title,
        "date": text("publicationDate") or text("publicationDateTime"),
        "source": text("sourceName"),
        "byline": text("byline") or text("author") or text("authorName"),
        "section": text("section") or text("sectionName"),
        "language": text("baseLanguage"),
        "words": _words(text("wordCount")),
        "key": text("accessionNo"),
    }
    return RawArticle(body=body, export=_export(export))
