"""What a web page declares about its article: publication date, site (source), headline and
address.

A page states these in many ways, none of them everywhere: <meta> tags under dozens of names,
`itemprop` attributes on any element, JSON-LD blocks, the canonical URL, the <title>. The rules
in rules.toml name the tags in order of trust; htmldate weighs the rest of the page for a date,
and trafilatura's readings of the <title> and headings fill the gaps.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from searchapp.core.reading.addresses import web_address
from searchapp.core.reading.dates import in_page_order, parse_date_value
from searchapp.core.reading.page_text import block_text
from searchapp.core.reading.rules import Rules

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# A date in a page's own address: /2019/11/18/, /2019-11-18/, /20191118/.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?([01]\d)[/-]?([0-3]\d)(?:/|[-_]|\.html?|$)")
_UTC_STAMP = re.compile(r"T(\d\d):\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]00:?00)$", re.I)
# A UTC stamp before this hour may fall on the next day in the Americas, where it is evening.
_EARLY_UTC_HOUR = 12
# Unfilled template fields and the like, never a site's name.
_PLACEHOLDER = re.compile(
    r"\{\{|\}\}|\{%|%\}|\$\{|<%|^\[.*\]$|^%\w+%$|^(?:undefined|null|none)$", re.I
)
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+")
_TITLE_SUFFIX_CHARS = 30  # a "| Site" part this short after a headline is the site's name
_JSON_LD_SCRIPT = '//script[contains(@type, "ld+json")]'
# JSON-LD types of an article itself ("NewsArticle", "ReportageNews", "BlogPosting"), whose
# address is the page's; a publisher's, a website's or an image's is not.
_ARTICLE_TYPE = re.compile(r"(?:Article|ReportageNews|BlogPosting|Report)$")
ONE_DAY = dt.timedelta(days=1)


def page_metadata(tree: HtmlElement, rules: Rules, address: str | None = None) -> dict[str, str]:
    """What the page says of its article: the "date" a tag declares (YYYY-MM-DD); without one,
    the "weighed_date" htmldate reads from the markup and the address, which the article's own
    byline and dateline come before; "source", "title" and "language"; and the article's "url".
    `address` is where the file says the page was saved from, where it says so."""
    tags = meta_tags(tree)
    linked = json_ld_fields(tree)
    url = _canonical_url(tree, tags)
    language = _language(tree, tags)
    declared, weighed = _page_date(tree, tags, linked, url, language, rules)
    heading = _article_heading(tree)
    site_in_title = title_site(tree, heading)
    meta = {
        "date": declared,
        "weighed_date": weighed,
        "source": _page_source(tags, linked, site_in_title, url, rules),
        "title": _page_title(tree, tags, linked, heading, site_in_title, rules),
        "language": language,
        "url": _article_address(tree, tags, linked, address),
        "byline": _page_byline(tags, linked),
    }
    return {key: value for key, value in meta.items() if value}


def _author_names(value: object) -> list[str]:
    """People's names from a JSON-LD author: a name, a Person, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and "://" not in name:
            names.append(" ".join(name.split()))
    return names


def _page_byline(tags: dict[str, str], linked: dict[str, str]) -> str | None:
    """Who wrote the article: its JSON-LD author, else the author the page's tags name (an
    address, as article:author often is, names no one)."""
    if linked.get("byline"):
        return linked["byline"]
    for key in ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author"):
        value = " ".join(tags.get(key, "").split())
        if value and "://" not in value and len(value.split()) <= 12:
            return value
    return None


def meta_tags(tree: HtmlElement) -> dict[str, str]:
    """The page's declared values by lower-case name: <meta> names, properties and itemprops,
    and `itemprop` on any element (its content or datetime attribute, or its text); first wins."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        value = (element.get("content") or "").strip()
        if key and value:
            found.setdefault(key.strip().lower(), value)
    for element in tree.xpath("//*[@itemprop]"):
        value = element.get("content") or element.get("datetime") or element.text_content()
        value = " ".join((value or "").split())
        if value and element.tag != "meta":
            found.setdefault(element.get("itemprop").strip().lower(), value)
    return found


def json_ld_fields(tree: HtmlElement) -> dict[str, str]:
    """ "date", "title", "source" and an article's "url" from the page's JSON-LD blocks, the
    first of each."""
    found: dict[str, str] = {}

    def visit(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for key, target in (
                ("datePublished", "date"),
                ("dateCreated", "date"),
                ("headline", "title"),
            ):
                if isinstance(node.get(key), str) and node[key].strip():
                    found.setdefault(target, node[key].strip())
            publisher = node.get("publisher")
            if isinstance(publisher, list) and publisher:
                publisher = publisher[0]
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                found.setdefault("source", publisher["name"].strip())
            if _is_article_node(node):
                names = _author_names(node.get("author"))
                if names:
                    found.setdefault("byline", " and ".join(names))
                for key in ("url", "mainEntityOfPage"):
                    address = _linked_address(node.get(key))
                    if address:
                        found.setdefault("url", address)
            visit(node.get("@graph"))

    for script in tree.xpath(_JSON_LD_SCRIPT):
        try:
            visit(json.loads(script.text_content()))
        except (ValueError, RecursionError):
            continue
    return found


def _is_article_node(node: dict) -> bool:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(kind, str) and _ARTICLE_TYPE.search(kind) for kind in kinds)


def _linked_address(value: object) -> str | None:
    """An address as JSON-LD gives it: a string, or a WebPage node's "@id" or "url"."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _canonical_links(tree: HtmlElement) -> list[str]:
    """The addresses of the page's <link rel="canonical"> elements, in page order."""
    return [
        link.get("href").strip()
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")
    ]


def _canonical_url(tree: HtmlElement, tags: dict[str, str]) -> str | None:
    """The address the page declares for itself, as written (it may be relative)."""
    return next(iter(_canonical_links(tree)), None) or tags.get("og:url")


def _article_address(
    tree: HtmlElement, tags: dict[str, str], linked: dict[str, str], address: str | None
) -> str | None:
    """The article's own absolute address: the canonical link, og:url, the article's JSON-LD
    url, each resolved against `address` when relative (and dropped without one); else
    `address` itself. A page may be saved from a mirror or a tracking link: what it declares
    comes first."""
    declared = [*_canonical_links(tree), tags.get("og:url"), linked.get("url")]
    for candidate in declared:
        found = web_address(candidate, address)
        if found:
            return found
    return web_address(address) or None


def _today() -> str:
    return dt.date.today().isoformat()


def _page_date(
    tree: HtmlElement,
    tags: dict[str, str],
    linked: dict[str, str],
    url: str | None,
    language: str | None,
    rules: Rules,
) -> tuple[str | None, str | None]:
    """The day a tag declares the article was published, as the page shows it locally; and,
    without one, the day htmldate weighs from the page, else the one in its address.

    A declared time stamp in UTC late in the evening, local time, falls on the next day; when
    the page states the day before elsewhere (a local stamp, a plain date, htmldate's reading),
    that is the day its readers saw.
    """
    declared = next((tags[key] for key in rules.html_date if tags.get(key)), None)
    declared = declared or linked.get("date")
    day = parse_date_value(declared) if declared else None
    stamp = _UTC_STAMP.search(declared.strip()) if day is not None else None
    if day is not None and stamp is None:
        return day.isoformat(), None
    weighed = _iso_day(_weighed_date(tree, url))
    if day is None:
        in_address = _url_day(url)
        if weighed is not None and weighed.isoformat() != in_address:
            # htmldate reads 03/04/2021 its own way; the page's language and dates decide.
            weighed = in_page_order(weighed, " ".join(tree.itertext()), language)
        return None, weighed.isoformat() if weighed else in_address
    local = _local_days(tags) | ({weighed} if weighed else set())
    early = int(stamp.group(1)) < _EARLY_UTC_HOUR
    return (day - ONE_DAY if early and day - ONE_DAY in local else day).isoformat(), None


def _language(tree: HtmlElement, tags: dict[str, str]) -> str | None:
    return tree.get("lang") or tags.get("og:locale") or tags.get("content-language")


def _local_days(tags: dict[str, str]) -> set[dt.date]:
    """Days the page's date tags state in local time: dates without a time, and stamps with an
    offset other than UTC. (Not <time> elements: a teaser's or a related story's may be any
    day.)"""
    values = [value for key, value in tags.items() if "date" in key or "time" in key]
    days = set()
    for value in values:
        value = value.strip()
        if value and not _UTC_STAMP.search(value):
            day = parse_date_value(value)
            if day is not None:
                days.add(day)
    return days


def _weighed_date(tree: HtmlElement, url: str | None) -> str | None:
    """htmldate's publication date from the page's markup and address (not its text: a date
    quoted in the story is not the page's)."""
    # Imported here, as trafilatura is below: only reading web pages should pay for it.
    from htmldate import find_date

    try:
        return find_date(
            tree, url=url, original_date=True, extensive_search=False, max_date=_today()
        )
    except Exception:  # htmldate's fault on one odd page must not stop a reindex
        return None


def _iso_day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _url_day(url: str | None) -> str | None:
    match = _URL_DATE.search(_url_part(url, "path") or "") if url else None
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def _page_source(
    tags: dict[str, str],
    linked: dict[str, str],
    site_in_title: str | None,
    url: str | None,
    rules: Rules,
) -> str | None:
    """The site's name: declared, unless it is a section's name or an unfilled placeholder;
    else the publisher in JSON-LD, the site's part of the <title>; else the canonical address's
    host."""
    section = tags.get("article:section", "").casefold()
    candidates = [tags.get(key) for key in rules.html_source]
    candidates += [linked.get("source"), site_in_title]
    for candidate in candidates:
        name = " ".join((candidate or "").split()).lstrip("@")
        if _names_a_site(name, section, rules):
            return name
    host = _url_part(url, "hostname") if url else None
    return host.removeprefix("www.") if host else None


def _url_part(url: str, part: str) -> str | None:
    """One part of an address as a page wrote it; None where it is not an address."""
    try:
        return getattr(urlparse(url), part)
    except ValueError:  # "http://[bad/": a page's own typo
        return None


def _names_a_site(name: str, section: str, rules: Rules) -> bool:
    if len(name) < 2 or _PLACEHOLDER.search(name):
        return False
    folded = name.casefold()
    return folded != section and folded.strip(".") not in rules.section_names


def _page_title(
    tree: HtmlElement,
    tags: dict[str, str],
    linked: dict[str, str],
    heading: str | None,
    site_in_title: str | None,
    rules: Rules,
) -> str | None:
    """The article's headline: the heading the page shows over it, unless that is the site's
    name; else the title declared for sharing or in JSON-LD; else trafilatura's reading of the
    <title>; each without the site's name after it."""
    from trafilatura.metadata import extract_title

    site_name = next((tags[key] for key in rules.html_source if tags.get(key)), None)
    site_name = site_name or linked.get("source") or site_in_title
    if heading and not _same_name(heading, site_name):
        return heading
    declared = next((tags[key] for key in rules.html_title if tags.get(key)), None)
    declared = declared or linked.get("title")
    if declared:
        return strip_site_suffix(" ".join(declared.split()), site_name, short_is_site=False)
    found = extract_title(tree)
    if found:
        return strip_site_suffix(" ".join(found.split()), site_name, short_is_site=True)
    return None


def title_site(tree: HtmlElement, heading: str | None) -> str | None:
    """The site's part of the page's <title> ("Headline | Site", or "Site - Headline"): an end
    part, short and unlike the page's `heading`; None when the <title> has one part."""
    titles = tree.xpath("//head/title")
    parts = _SITE_SUFFIX.split(" ".join(titles[0].text_content().split())) if titles else []
    if len(parts) < 2:
        return None
    folded = (heading or "").casefold()
    for part in (parts[-1], parts[0]):
        if len(part) < _TITLE_SUFFIX_CHARS and part.casefold() not in folded:
            return part
    return None


def _article_heading(tree: HtmlElement) -> str | None:
    """The first <h1> inside the page's <article> or <main>, else the page's only <h1>."""
    inside = tree.xpath("//article//h1|//main//h1")
    headings = inside or tree.xpath("//h1")
    if not headings or (len(headings) > 1 and not inside):
        return None
    return " ".join(block_text(headings[0]).split()) or None


def _same_name(text: str, site_name: str | None) -> bool:
    return bool(site_name) and text.casefold() == " ".join(site_name.split()).casefold()


def strip_site_suffix(title: str, site_name: str | None, *, short_is_site: bool) -> str:
    """ "Headline | Site" as the headline alone, when the last part names the site (or, from a
    page's <title>, is short enough to be a site's name)."""
    parts = _SITE_SUFFIX.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1].casefold()
    site = (site_name or "").casefold()
    names_site = bool(site) and (last == site or last in site or site in last)
    if names_site or (short_is_site and len(last) < _TITLE_SUFFIX_CHARS):
        return " - ".join(parts[:-1])
    return title
