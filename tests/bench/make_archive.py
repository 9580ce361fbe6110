"""Write a deterministic archive of news-like articles, with a manifest of their true metadata.

    python tests/bench/make_archive.py N DIR [--seed S] [--short]

With --short the articles are short wire stories (about 1 KB: 50 to 400 words, most near 130)
in the plain-text shapes a wire archive has (agency datelines, Reuters-21578 headers with their
"Reuter" trailer, header blocks), each agency story signed off as agencies sign them; without
it, the default, long articles in every shape, byte for byte as before.

DIR/manifest.json maps each article's path (relative to DIR) to {"date": "YYYY-MM-DD" or null,
"source": name or null, "shape": how the file is written, "encoding": how it is stored, "story":
a label the copies of one story share, "variant": "original" or how the file came to be, "near":
the label of the story (or wire template) a near miss only resembles, else null}. A null date or
source means the file deliberately carries no evidence for that field. Every piece of evidence
the manifest claims is written into the file in one of the forms the metadata rules in
shared/DESIGN.md describe; nothing else in the text names an outlet or a full date by accident.

Of the N files, some are copies: about COPY_SHARE of the stories are printed 1 to 3 more times,
each copy in a shape of its own and changed one way of COPY_KINDS (the same text re-wrapped in
another shape, a new headline, the last paragraph trimmed, a few words and a figure edited and a
sentence added, another outlet a day either side). Others are near misses, their own stories:
follow-ups on the same event (its names and words in new sentences), and stories written from
one wire template. Copies and near misses are numbered after the originals, which are the same
files an archive of fewer originals and no copies would hold. Pure standard library; the same N
and seed give the same files, bytes and modification times.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import datetime as dt
import html
import json
import os
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2025, 6, 30)
VOCABULARY_SEED = 20241207  # the vocabulary is the same for every archive; articles follow --seed
PSEUDO_WORDS = 3600
ZIPF_EXPONENT = 1.05

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
             "Nov.", "Dec."]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _word_list(text: str) -> list[str]:
    return text.split()


# The most frequent words of news English, most frequent first: they take the top Zipf ranks.
FUNCTION_WORDS = _word_list("""
the of and to in a that for on said with was is as by at it from he his be have has are an not
were had will they who but this which their been would after more also its over about than two
new first last year one people other into some when out up there could government all only what
no while her she him them before during under against three most can since told we our between
do such because where officials those any many just if then still now so both us did very back
how through week president country state police city
""")

CORE_WORDS = _word_list("""
according added agreement aid airport ambassador analysts announced army
arrested attack authorities bank border budget building business cabinet campaign capital case
ceasefire central chief children citizens civil claims coalition coast committee community
companies company conflict congress control council court crisis crowd damage deal debate
decision defence demand democracy deputy development diplomats director disaster economy
election emergency energy envoy europe evidence exports families farmers fighting finance
flights floods forces foreign former funding future gas growth health hospital housing human
independent industry inflation interest investigation investors judge justice killed leader
leaders legal local majority market markets media meeting migrants military minister ministry
minority money morning national negotiations north oil operation opposition parliament
parties party peace plan police policy political population power prices prime prison
protest protesters province public rates rebels recovery reform refugees region regional
rescue residents response rights river rules safety sanctions school security services
shares social soldiers south spokesman statement strike students summit support talks taxes
television territory threat trade traffic transport treaty troops trust union university
vaccine victims village violence vote voters war water weather women workers world young
across again ahead almost already although around away became become began behind being
believe better big billion called came change city's clear close come continue continued
cost costs day days despite down early east end even every expected far few following found
get given go going good great group half high however important including increase known
large later least left less life like likely long made make making man many months much must
near need never next night number off office often open order own part past percent place
point possible recent record report reported reports result right run saw say says second
see seen set several show side since small something soon still take taken team think though
thousands together top toward town under until use used want way well went west whether
white whose without work working worked years yet""")

NUMBER_WORDS = _word_list("""
four five six seven eight nine ten dozen hundreds 3 5 6 8 9 12 15 17 20 24 30 40 45 50 60 75 80
100 120 250 300 500 1,000 1,200 2,400 4,500 10,000 25,000 3.5 1.2 7.8 0.4 12.5
""")

PLACES = [
    "Zürich",
    "São Paulo",
    "Bogotá",
    "Kraków",
    "Malmö",
    "Reykjavík",
    "Québec",
    "Montréal",
    "Düsseldorf",
    "Curaçao",
    "Gdańsk",
    "Ciudad Juárez",
    "Istanbul",
    "Ankara",
    "Damascus",
    "Aleppo",
    "Beirut",
    "Cairo",
    "Nairobi",
    "Lagos",
    "Jakarta",
    "Manila",
    "Seoul",
    "Tokyo",
    "Beijing",
    "Mumbai",
    "Karachi",
    "Kyiv",
    "Warsaw",
    "Berlin",
    "Madrid",
    "Lisbon",
    "Rome",
    "Vienna",
    "Geneva",
    "Brussels",
    "Oslo",
    "Athens",
    "Tehran",
    "Baghdad",
    "Dubai",
    "Doha",
    "Johannesburg",
    "Accra",
    "Addis Ababa",
    "Lima",
    "Buenos Aires",
    "Mexico City",
    "Ottawa",
    "Chicago",
    "London",
    "Syria",
    "Turkey",
    "Brazil",
    "Colombia",
    "Poland",
    "Kenya",
    "Nigeria",
    "Egypt",
    "Iraq",
    "Japan",
]
PEOPLE = [
    "Recep Tayyip Erdoğan",
    "Erdoğan",
    "Jane Roe",
    "Søren Madsen",
    "François Dubois",
    "José Peña",
    "Zoë Müller",
    "Chloé Martin",
    "Jürgen Weiß",
    "Łukasz Nowak",
    "María González",
    "Björn Lindqvist",
    "Mehmet Yılmaz",
    "Ana Luísa Costa",
    "Kwame Mensah",
    "Li Wei",
    "Priya Natarajan",
    "Olusegun Adeyemi",
    "Ivan Petrov",
    "Yuki Tanaka",
    "Siobhán Kelly",
    "Fatima Zahra",
    "Ahmed al-Sharaa",
    "Omar Haddad",
    "Elena Rossi",
    "Tomás Ibáñez",
]
AUTHORS = [
    "Jane Roe",
    "Marta Ferreira",
    "Tomás Ibáñez",
    "Aisha Bello",
    "Kenji Mori",
    "Oliver Grant",
    "Leïla Haddad",
    "Sven Lindqvist",
    "Nadia Rahman",
    "Chen Jing",
    "Pablo Ruiz",
    "Hannah Okafor",
    "Ravi Menon",
    "Élodie Martin",
    "Mateus Araújo",
    "Grace Kim",
]
DATELINE_CITIES = [
    "LONDON",
    "PARIS",
    "BEIRUT",
    "ISTANBUL",
    "NEW YORK",
    "WASHINGTON",
    "BRUSSELS",
    "TOKYO",
    "SEOUL",
    "BEIJING",
    "NAIROBI",
    "LAGOS",
    "CAIRO",
    "MOSCOW",
    "KYIV",
    "BERLIN",
    "GENEVA",
    "SYDNEY",
    "MUMBAI",
    "JAKARTA",
    "MEXICO CITY",
    "BUENOS AIRES",
    "ST. PETERSBURG",
    "ZÜRICH",
    "SÃO PAULO",
    "BOGOTÁ",
    "KRAKÓW",
    "MONTRÉAL",
]


@dataclass(frozen=True)
class Outlet:
    """A known outlet (rules.toml [[outlet]]) and how text names it in each kind of evidence."""

    name: str
    dateline: str  # inside "(...)" of an agency dateline
    told: tuple[str, ...]  # after "told", "seen by", "according to"
    subject: str  # "... could not independently verify"
    role: str  # "a/an X correspondent"
    header: tuple[str, ...]  # spellings for a Source: header


KNOWN_OUTLETS = [
    Outlet("Reuters", "Reuters", ("Reuters",), "Reuters", "a Reuters",
           ("Reuters", "Thomson Reuters")),
    Outlet("AFP", "AFP", ("AFP", "Agence France-Presse"), "AFP", "an AFP",
           ("AFP", "Agence France-Presse")),
    Outlet("AP", "AP", ("the Associated Press", "The Associated Press"), "The Associated Press",
           "an AP", ("AP", "Associated Press")),
    Outlet("UPI", "UPI", ("UPI",), "UPI", "a UPI", ("UPI", "United Press International")),
    Outlet("CNN", "CNN", ("CNN",), "CNN", "a CNN", ("CNN",)),
    Outlet("BBC", "BBC", ("the BBC",), "The BBC", "a BBC", ("BBC", "BBC News")),
    Outlet("Bloomberg", "Bloomberg", ("Bloomberg News", "Bloomberg"), "Bloomberg News",
           "a Bloomberg", ("Bloomberg", "Bloomberg News")),
    Outlet("Al Jazeera", "Al Jazeera", ("Al Jazeera",), "Al Jazeera", "an Al Jazeera",
           ("Al Jazeera",)),
    Outlet("Xinhua", "Xinhua", ("Xinhua",), "Xinhua", "a Xinhua", ("Xinhua",)),
    Outlet("TASS", "TASS", ("TASS",), "TASS", "a TASS", ("TASS",)),
    Outlet("Anadolu", "Anadolu", ("Anadolu Agency",), "Anadolu Agency", "an Anadolu Agency",
           ("Anadolu Agency",)),
    Outlet("dpa", "dpa", ("dpa",), "dpa", "a dpa", ("dpa", "Deutsche Presse-Agentur")),
    Outlet("ANSA", "ANSA", ("ANSA",), "ANSA", "an ANSA", ("ANSA",)),
    Outlet("EFE", "EFE", ("EFE",), "EFE", "an EFE", ("EFE",)),
    Outlet("Kyodo", "Kyodo", ("Kyodo News",), "Kyodo News", "a Kyodo News", ("Kyodo News",)),
    Outlet("Yonhap", "Yonhap", ("Yonhap",), "Yonhap", "a Yonhap", ("Yonhap",)),
    Outlet("PTI", "PTI", ("PTI", "the Press Trust of India"), "PTI", "a PTI",
           ("PTI", "Press Trust of India")),
    Outlet("IANS", "IANS", ("IANS",), "IANS", "an IANS", ("IANS",)),
    Outlet("Interfax", "Interfax", ("Interfax",), "Interfax", "an Interfax", ("Interfax",)),
    Outlet("The New York Times", "New York Times", ("The New York Times", "the New York Times"),
           "The New York Times", "a New York Times", ("The New York Times", "New York Times")),
    Outlet("The Washington Post", "Washington Post", ("The Washington Post",),
           "The Washington Post", "a Washington Post", ("The Washington Post",)),
    Outlet("The Guardian", "The Guardian", ("the Guardian", "The Guardian"), "The Guardian",
           "a Guardian", ("The Guardian",)),
    Outlet("Financial Times", "Financial Times", ("the Financial Times",), "The Financial Times",
           "a Financial Times", ("Financial Times",)),
    Outlet("The Wall Street Journal", "WSJ", ("The Wall Street Journal",),
           "The Wall Street Journal", "a Wall Street Journal", ("The Wall Street Journal", "WSJ")),
    Outlet("NPR", "NPR", ("NPR",), "NPR", "an NPR", ("NPR",)),
    Outlet("Deutsche Welle", "DW", ("DW", "Deutsche Welle"), "DW", "a DW", ("Deutsche Welle",)),
    Outlet("France 24", "FRANCE 24", ("FRANCE 24", "France 24"), "FRANCE 24", "a France 24",
           ("France 24",)),
]  # fmt: skip
KNOWN_BY_NAME = {o.name: o for o in KNOWN_OUTLETS}
AGENCIES = [KNOWN_BY_NAME[n] for n in ("Reuters", "AFP", "AP", "UPI", "Xinhua", "Anadolu", "dpa",
            "ANSA", "EFE", "Kyodo", "Yonhap", "PTI", "IANS", "Interfax", "TASS", "Bloomberg",
            "CNN")]  # fmt: skip
INVENTED_OUTLETS = [
    "Daily Planet",
    "Harbour Gazette",
    "Valley Courier",
    "Northern Ledger",
    "Riverside Tribune",
    "Coastal Herald",
    "Lakeside Chronicle",
    "Highland Observer",
    "Prairie Sentinel",
    "Capital Dispatch",
    "Eastern Star",
    "Summit Daily",
    "Bayview Echo",
    "Granite Monitor",
    "Southern Clarion",
]

# Words that could complete evidence if the prose used them: the distinctive words of outlet
# spellings, month and weekday abbreviations, desk words of bylines, header keys, boilerplate.
_SHARED_WORDS = {"the", "of", "new", "united", "international", "trust", "wall", "street",
                 "financial", "india", "washington", "al"}  # fmt: skip
FORBIDDEN_WORDS = frozenset(
    w.casefold()
    for w in (
        [a for o in KNOWN_OUTLETS for s in o.told + o.header + (o.dateline,) for a in s.split()]
        + [m[:3] for m in MONTHS]
        + _word_list(
            "sept mon tue tues wed thu thur thurs fri sat sun desk bureau newsroom staff times post"
            " press news date published posted source title headline updated comments comment"
            " advertisement reply dateline created publisher outlet site agency newspaper subject"
            " publication pubdate france guardian copyright"
        )
    )
    if w.casefold() not in _SHARED_WORDS
)

SHAPES: list[tuple[str, float]] = [
    ("a", 16),
    ("b", 10),
    ("c", 18),
    ("d", 6),
    ("e", 10),
    ("f", 16),
    ("g", 8),
    ("h", 6),
    ("i", 10),
]
ENCODINGS: list[tuple[str, float]] = [("utf-8", 70), ("utf-8-bom", 8), ("utf-16", 7),
                                      ("cp1252", 15)]  # fmt: skip
HTML_ENCODINGS: list[tuple[str, float]] = [("utf-8", 70), ("utf-8-bom", 8), ("cp1252", 12),
                                           ("ascii-entities", 10)]  # fmt: skip
# Copies: stories printed more than once, each copy one of COPY_KINDS; and near misses, which
# are not copies: follow-ups on the same event, and groups of stories from one wire template.
COPY_SHARE = 0.08  # of stories: 1 to 3 copies each, of different kinds
COPY_KINDS = ("rewrapped", "retitled", "trimmed", "edited", "other-outlet")
FOLLOW_UP_SHARE = 0.03  # of stories: followed by another article on the same event
TEMPLATE_SHARE = 0.015  # of stories: followed by 2 or 3 stories from one wire template
TRIM_MIN_PARAGRAPHS = 3  # a shorter story loses too much of itself to a trimmed paragraph
EDITED_WORDS = 3  # words an edited copy changes, besides a figure and a sentence
FOLLOW_UP_WORDS = 0.7  # share of a follow-up's words drawn from the story it follows
TEMPLATE_SLOTS = 0.13  # share of a template sentence's words that each story fills in
CRLF_SHARE = 0.15
BY_OUTLET_SHARE = 0.2  # articles filed in a folder per outlet rather than per quarter
PAST_REFERENCE_SHARE = 0.2  # articles that mention an earlier event with its full date
FIGURES = tuple(w for w in NUMBER_WORDS if w[0].isdigit())
MONTH_NAMES = frozenset(m.rstrip(".") for m in MONTHS + MONTHS_AP + [m[:3] for m in MONTHS])
_CP1252_FALLBACK = {"▲": "+", "▼": "-", "ı": "i", "ł": "l", "Ł": "L", "đ": "d"}


def _pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    onsets = _word_list("b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st tr sh ch th"
                        " bl gl kr sk sl sp")  # fmt: skip
    vowels = _word_list("a e i o u a e i o ai ea ou io")
    codas = _word_list("n r s l t m nd st rk ng")
    found: list[str] = []
    while len(found) < count:
        syllables = rng.choice((1, 2, 2, 2, 2, 3, 3))
        word = ""
        for index in range(syllables):
            word += rng.choice(onsets) + rng.choice(vowels)
            if rng.random() < (0.6 if index == syllables - 1 else 0.2):
                word += rng.choice(codas)
        if 3 <= len(word) <= 11 and word not in taken and word not in FORBIDDEN_WORDS:
            taken.add(word)
            found.append(word)
    return found


class Vocabulary:
    """A few thousand words with Zipf-like frequencies: real English on top, invented below."""

    def __init__(self) -> None:
        rng = random.Random(VOCABULARY_SEED)
        words = [w for w in dict.fromkeys(FUNCTION_WORDS) if w.casefold() not in FORBIDDEN_WORDS]
        taken = set(words)
        core = [w for w in dict.fromkeys(CORE_WORDS) if w not in taken and w not in FORBIDDEN_WORDS]
        taken.update(core)
        pseudo = _pseudo_words(rng, PSEUDO_WORDS, taken)
        # Real words mostly rank above invented ones; names and numbers sit in between.
        ranked = (
            [(rng.random() * 0.3, w) for w in core]
            + [(0.05 + rng.random() * 0.6, w) for w in PLACES + PEOPLE + NUMBER_WORDS]
            + [(0.1 + rng.random(), w) for w in pseudo]
        )
        words += [w for _, w in sorted(ranked)]
        self.words = words
        self.names = PLACES + PEOPLE
        total = 0.0
        self.cumulative = []
        for rank in range(len(words)):
            total += 1.0 / (rank + 2) ** ZIPF_EXPONENT
            self.cumulative.append(total)

    def sample(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def one(self, rng: random.Random) -> str:
        index = bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])
        return self.words[min(index, len(self.words) - 1)]


@dataclass
class Article:
    """One generated file before encoding, with the truth the manifest records for it."""

    text: str
    suffix: str
    date: dt.date | None
    source: str | None
    shape: str
    title: str  # only for the file name


@dataclass(frozen=True)
class Story:
    """What the copies of one article share: its headline, its paragraphs before a shape wrapped
    them (no dateline, attribution or advertisement yet) and its day."""

    headline: str
    paragraphs: tuple[str, ...]
    day: dt.date | None


def _capital(word: str) -> str:
    return word[0].upper() + word[1:]


class Prose:
    """Sentences, paragraphs and headlines drawn from the vocabulary."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary, short: bool = False) -> None:
        self.rng = rng
        self.vocabulary = vocabulary
        self.short = short

    def sentence(self, low: int = 6, high: int = 28, end: str = ".") -> str:
        rng = self.rng
        words = self.vocabulary.sample(rng, rng.randint(low, high))
        words[0] = _capital(words[0])
        if len(words) > 8 and rng.random() < 0.4:
            cut = rng.randint(3, len(words) - 3)
            words[cut] += ","
        return " ".join(words) + end

    def clause(self, low: int = 5, high: int = 14) -> str:
        """A sentence without its final stop, to be continued by an attribution."""
        return self.sentence(low, high, end="")

    def quote(self) -> str:
        said = self.rng.choice(("said", "said on Thursday", "added", "told reporters"))
        return f"“{self.clause()},” {self.rng.choice(PEOPLE)} {said}."

    def paragraph(self, words: int) -> str:
        rng = self.rng
        sentences = []
        count = 0
        while count < words:
            if rng.random() < 0.08:
                sentences.append(self.quote())
            else:
                sentences.append(self.sentence())
            count += sentences[-1].count(" ") + 1
        return " ".join(sentences)

    def paragraphs(self, words: int) -> list[str]:
        rng = self.rng
        result = []
        remaining = words
        while remaining > 0:
            size = min(remaining, max(15, int(rng.gauss(70, 35))))
            result.append(self.paragraph(size))
            remaining -= size
        return result

    def headline(self) -> str:
        rng = self.rng
        words: list[str] = []
        while len(words) < 3:
            words = [w for w in self.vocabulary.sample(rng, rng.randint(5, 11)) if w[0].isalpha()]
        if rng.random() < 0.5:
            words.insert(rng.randint(0, len(words)), rng.choice(self.vocabulary.names))
        words[0] = _capital(words[0])
        return " ".join(words)

    def length(self) -> int:
        """Words in an article: 100 to 1,500, most of them 300 to 700; short, 50 to 400, most
        of them 95 to 170."""
        if self.short:
            return max(50, min(400, int(self.rng.lognormvariate(4.85, 0.3))))
        return max(100, min(1500, int(self.rng.lognormvariate(6.15, 0.45))))


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _clock(rng: random.Random) -> tuple[int, int, int]:
    # Daytime hours, so that no time zone reading moves the article to another day.
    return rng.randint(7, 18), rng.randint(0, 59), rng.randint(0, 59)


def format_date(day: dt.date, style: str, rng: random.Random) -> str:
    """`day` written in one of the styles news files use."""
    h, m, s = _clock(rng)
    month, mon = MONTHS[day.month - 1], MONTHS[day.month - 1][:3]
    weekday = WEEKDAYS[day.weekday()]
    styles: dict[str, Callable[[], str]] = {
        "iso": lambda: day.isoformat(),
        "iso-time": lambda: f"{day.isoformat()}T{h:02d}:{m:02d}:{s:02d}Z",
        "iso-offset": lambda: f"{day.isoformat()}T{h:02d}:{m:02d}:00+0{rng.randint(0, 5)}:00",
        "iso-space": lambda: f"{day.isoformat()} {h:02d}:{m:02d}",
        "dmy-long": lambda: f"{day.day} {month} {day.year}",
        "mdy-long": lambda: f"{month} {day.day}, {day.year}",
        "mdy-short": lambda: f"{mon} {day.day}, {day.year}",
        "dmy-short": lambda: f"{day.day:02d} {mon} {day.year}",
        "vms": lambda: (
            f"{day.day:02d}-{mon.upper()}-{day.year} {h:02d}:{m:02d}:{s:02d}."
            f"{rng.randint(0, 99):02d}"
        ),
        "rfc2822": lambda: f"{weekday[:3]}, {day.day:02d} {mon} {day.year}",
        "rfc2822-time": lambda: (
            f"{weekday[:3]}, {day.day:02d} {mon} {day.year} {h:02d}:{m:02d}:{s:02d} +0000"
        ),
        "weekday-long": lambda: f"{weekday}, {month} {day.day}, {day.year}",
        "dotted": lambda: f"{day.day:02d}.{day.month:02d}.{day.year}",
        "slashed-ymd": lambda: f"{day.year}/{day.month:02d}/{day.day:02d}",
        "ordinal": lambda: f"{_ordinal(day.day)} {month} {day.year}",
        "guardian": lambda: f"{weekday[:3]} {day.day} {mon} {day.year} {h:02d}.{m:02d} GMT",
    }
    return styles[style]()


def random_day(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))


def _within_archive(day: dt.date) -> dt.date:
    return min(max(day, FIRST_DAY), LAST_DAY)


def _month_day(day: dt.date, rng: random.Random) -> str:
    """A month and day with no year, as agency datelines write them."""
    style = rng.choice(("full", "abbr", "ap"))
    if style == "full":
        return f"{MONTHS[day.month - 1]} {day.day}"
    if style == "abbr":
        return f"{MONTHS[day.month - 1][:3]} {day.day}"
    return f"{MONTHS_AP[day.month - 1]} {day.day}"


class ArticleMaker:
    """Builds each shape of article; one method per shape letter of the manifest."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary, short: bool = False) -> None:
        self.rng = rng
        self.short = short
        self.prose = Prose(rng, vocabulary, short)
        self.drawn = Story("", (), None)  # the story of the article last made, for its copies

    def day(self) -> dt.date:
        day = random_day(self.rng)
        self.drawn = replace(self.drawn, day=day)
        return day

    def headline(self) -> str:
        """The article's own headline (a page's other headlines come straight from the prose)."""
        headline = self.prose.headline()
        self.drawn = replace(self.drawn, headline=headline)
        return headline

    def body(self, words: int | None = None, past_reference: dt.date | None = None) -> list[str]:
        """Paragraphs of plain prose; with a date, one later paragraph recalls an earlier event.
        The shape may then add its wrapper to them (a dateline, attributions, advertisements)."""
        paragraphs = self.prose.paragraphs(words or self.prose.length())
        if past_reference is not None and len(paragraphs) > 1:
            earlier = past_reference - dt.timedelta(days=self.rng.randint(40, 900))
            written = format_date(earlier, self.rng.choice(("dmy-long", "mdy-long")), self.rng)
            index = self.rng.randint(1, len(paragraphs) - 1)
            rest = self.prose.clause(4, 10)
            noun = self.rng.choice(("accord", "decision", "ruling", "vote"))
            paragraphs[index] += f" The {noun} of {written} {rest[0].lower()}{rest[1:]}."
        self.drawn = replace(self.drawn, paragraphs=tuple(paragraphs))
        return paragraphs

    def past(self, day: dt.date) -> dt.date | None:
        return day if self.rng.random() < PAST_REFERENCE_SHARE else None

    def any_source(self) -> tuple[str, str]:
        """A source as a header declares it: (written, canonical name)."""
        if self.rng.random() < 0.5:
            outlet = self.rng.choice(KNOWN_OUTLETS)
            return self.rng.choice(outlet.header), outlet.name
        name = self.rng.choice(INVENTED_OUTLETS)
        return name, name

    def join(self, blocks: list[str]) -> str:
        separator = "\n\n" if self.rng.random() < 0.8 else "\n"
        return separator.join(blocks) + "\n"

    # (a) a header block of Title:/Date:/Source: lines
    def header_block(self) -> Article:
        rng = self.rng
        day = self.day()
        style = rng.choice(("iso", "dmy-long", "mdy-long", "vms", "rfc2822", "rfc2822-time",
                            "weekday-long", "dotted", "slashed-ymd", "iso-time"))  # fmt: skip
        written, name = self.any_source()
        headline = self.headline()
        lines = [
            f"Title: {headline}",
            f"Date: {format_date(day, style, rng)}",
            f"Source: {written}",
        ]
        rng.shuffle(lines)
        shape = f"a-header/{style}"
        if rng.random() < 0.3:
            lines.insert(rng.randint(1, len(lines)), f"Author: {rng.choice(AUTHORS)}")
        if rng.random() < 0.08:
            slug = "-".join(self.prose.vocabulary.sample(rng, 4)).lower()
            lines.insert(0, f"URL: https://example.org/{day.year}/{slug}")
            shape = "a-header/url-first"
        text = "\n".join(lines) + "\n\n" + self.join(self.body(past_reference=self.past(day)))
        return Article(text, ".txt", day, name, shape, headline)

    # (b) " date 2021-03-04 Headline" and the source only in attributions
    def bare_date(self) -> Article:
        rng = self.rng
        day = self.day()
        outlet = rng.choice(KNOWN_OUTLETS)
        paragraphs = self.body(past_reference=self.past(day))
        told = rng.choice(outlet.told)
        kinds = [
            lambda: f" {self.prose.clause()}, {rng.choice(PEOPLE)} told {told}.",
            lambda: (
                f" {outlet.subject} could not independently verify the"
                f" {rng.choice(('footage', 'claims', 'reports', 'figures'))}."
            ),
            lambda: (
                f" {self.prose.clause()}, {outlet.role}"
                f" {rng.choice(('correspondent', 'reporter', 'photographer'))} in"
                f" {rng.choice(PLACES)} said."
            ),
            lambda: f" {self.prose.clause()}, according to documents seen by {told}.",
        ]
        picks = [kinds[0]] + rng.sample(kinds, rng.randint(1, 3))
        for make in picks:
            paragraphs[rng.randrange(len(paragraphs))] += make()
        shape = "b-bare-date/attributions"
        if rng.random() < 0.3:
            other = rng.choice([o for o in KNOWN_OUTLETS if o is not outlet])
            index = rng.randrange(len(paragraphs))
            paragraphs[index] += f" {self.prose.clause()}, according to {rng.choice(other.told)}."
            shape = "b-bare-date/attributions+other-mention"
        lead = rng.choice((" date ", "date ", " date "))
        stamp = format_date(day, rng.choice(("iso", "iso", "iso-space")), rng)
        headline = self.headline()
        first = f"{lead}{stamp} {headline}"
        return Article(self.join([first, *paragraphs]), ".txt", day, outlet.name, shape, headline)

    # (c) an agency dateline opening the first paragraph
    def agency_dateline(self) -> Article:
        rng = self.rng
        day = self.day()
        if rng.random() < 0.85:
            outlet = rng.choice(AGENCIES)
            agency, name = outlet.dateline, outlet.name
        else:
            agency = name = rng.choice(INVENTED_OUTLETS)
        city = rng.choice(DATELINE_CITIES)
        dash = rng.choice(("-", "-", "--", "–", "—"))
        variant = rng.choices(("noyear", "upi", "dmy", "mdy", "city-only", "orphan"),
                              (36, 10, 14, 12, 14, 14))[0]  # fmt: skip
        closing = None
        past = None
        truth: dt.date | None = day
        if variant == "noyear":
            opening = f"{city}, {_month_day(day, rng)} ({agency}) {dash} "
        elif variant == "upi":
            opening = f"{MONTHS_AP[day.month - 1]} {day.day} ({agency}) -- "
        elif variant == "dmy":
            opening = f"{city}, {day.day} {MONTHS[day.month - 1]} {day.year} ({agency}) {dash} "
        elif variant == "mdy":
            opening = f"{city}, {MONTHS[day.month - 1]} {day.day}, {day.year} ({agency}) {dash} "
        elif variant == "city-only":
            opening = f"{_capital(city.title())} ({agency}) {dash} "
        else:
            opening = f"{city}, {_month_day(day, rng)} ({agency}) {dash} "
            truth = None  # no year anywhere in the file
        if variant in ("noyear", "upi"):
            past = self.past(day)
            if rng.random() < 0.3:
                later = day + dt.timedelta(days=rng.randint(0, 2))
                style = rng.choice(("mdy-long", "dmy-long", "mdy-short"))
                closing = f"Last updated {format_date(later, style, rng)}"
        if variant in ("noyear", "upi", "city-only") and closing is None:
            style = rng.choice(("mdy-long", "dmy-long", "guardian", "iso-space"))
            lead = rng.choice(("Published", "Published:", "First published on", "Posted"))
            closing = f"{lead} {format_date(day, style, rng)}"
        paragraphs = self.body(past_reference=past)
        paragraphs[0] = opening + paragraphs[0]
        if rng.random() < 0.1:
            other = rng.choice([o for o in KNOWN_OUTLETS if o.name != name])
            paragraphs[-1] += f" {self.prose.clause()}, according to {rng.choice(other.told)}."
        if closing:
            paragraphs.append(closing)
        if self.short:
            paragraphs.append(self.sign_off())
        shape = f"c-dateline/{variant}" + ("+past-reference" if past else "")
        headline = self.headline()
        return Article(self.join([headline, *paragraphs]), ".txt", truth, name, shape, headline)

    def sign_off(self) -> str:
        """How a wire story ends: who reported, wrote and edited it."""
        rng = self.rng
        names = [person.split(",")[0] for person in rng.sample(PEOPLE, 3)]
        return rng.choice(
            (
                f"(Reporting by {names[0]}; Editing by {names[1]})",
                f"(Reporting by {names[0]} and {names[1]}; Writing by {names[2]})",
                f"(Additional reporting by {names[0]}; editing by {names[1]})",
                f"-- Reporting by {names[0]}",
            )
        )

    # (d) Reuters-21578: a Date: header, a year-less dateline, a "Reuter" trailer
    def reuters_21578(self) -> Article:
        rng = self.rng
        day = self.day()
        city = rng.choice(DATELINE_CITIES[:23])
        headline = self.headline()
        header = [
            f"Date: {format_date(day, 'vms', rng)}",
            f"Topics: {' '.join(self.prose.vocabulary.sample(rng, rng.randint(0, 2))).lower()}",
            f"Places: {rng.choice(('usa', 'uk', 'japan', 'west-germany', 'brazil', 'france'))}",
            "People:",
            f"Title: {headline.upper()}",
        ]
        words = self.prose.length() if self.short else rng.randint(100, 500)
        paragraphs = self.body(words, past_reference=self.past(day))
        paragraphs[0] = f"{city}, {_month_day(day, rng)} - {paragraphs[0]}"
        text = "\n".join(header) + "\n\n" + "\n".join("    " + p for p in paragraphs)
        return Article(text + "\n Reuter\n", ".txt", day, "Reuters", "d-reuters-21578", headline)

    # (e) a byline "Daily Planet Desk / Jane Roe / 6th December 2024" under the headline
    def byline(self) -> Article:
        rng = self.rng
        day = self.day()
        name = rng.choice(INVENTED_OUTLETS)
        style = rng.choice(("ordinal", "mdy-long", "dmy-short", "iso", "mdy-short"))
        desk = rng.choice(("Desk", "Desk", "News Desk", "Web Desk", "Bureau", "Staff"))
        parts = [f"{name} {desk}", rng.choice(AUTHORS), format_date(day, style, rng)]
        if rng.random() < 0.3:
            del parts[1]
        line = rng.choice((" / ", " | ", " / ")).join(parts)
        headline = self.headline()
        blocks = [headline, line, *self.body(past_reference=self.past(day))]
        return Article(self.join(blocks), ".txt", day, name, f"e-byline/{style}", headline)

    # (f) a saved web page with page furniture
    def web_page(self, encoding: str) -> Article:
        rng = self.rng
        day = self.day()
        variant = rng.choice(("og+published-time", "og+time", "json-ld", "time+dateline"))
        headline = self.headline()
        author = rng.choice(AUTHORS)
        if variant == "time+dateline":
            outlet = rng.choice(AGENCIES)
            site, name = None, outlet.name
        else:
            site, name = self.any_source()
        charset = "windows-1252" if encoding == "cp1252" else "utf-8"
        stamp = format_date(day, rng.choice(("iso-time", "iso-offset", "iso")), rng)
        e = html.escape
        head = [
            f'<meta charset="{charset}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{e(headline)}{' | ' + e(site) if site else ''}</title>",
            "<style>body{font-family:Georgia,serif;margin:0} nav a{color:#333;padding:4px}"
            " .ad{background:#eee}</style>",
            '<script>window.dataLayer=window.dataLayer||[];dataLayer.push({"page":"article",'
            f'"build":"2025-06-30","section":"{self.prose.vocabulary.one(rng)}"}});</script>',
        ]
        if variant in ("og+published-time", "og+time"):
            head.append(f'<meta property="og:site_name" content="{e(site)}">')
            head.append(f'<meta property="og:title" content="{e(headline)}">')
        if variant == "og+published-time":
            head.append(f'<meta property="article:published_time" content="{stamp}">')
        if variant == "json-ld":
            data = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": headline,
                "datePublished": stamp,
                "author": {"@type": "Person", "name": author},
                "publisher": {"@type": "Organization", "name": site},
            }
            head.append(
                '<script type="application/ld+json">'
                + json.dumps(data, ensure_ascii=False)
                + "</script>"
            )
        sections = self.prose.vocabulary.sample(rng, 5)
        nav = " ".join(f'<a href="/{e(s.lower())}">{e(_capital(s))}</a>' for s in sections)
        paragraphs = self.body(past_reference=self.past(day))
        if variant == "time+dateline":
            city = rng.choice(DATELINE_CITIES)
            paragraphs[0] = f"{city}, {_month_day(day, rng)} ({outlet.dateline}) - {paragraphs[0]}"
        article = [f"<h1>{e(headline)}</h1>", f'<p class="byline">By {e(author)}</p>']
        if variant in ("og+time", "time+dateline") or rng.random() < 0.5:
            visible = format_date(day, rng.choice(("mdy-long", "dmy-long")), rng)
            article.append(f'<time datetime="{stamp}">{visible}</time>')
        for index, paragraph in enumerate(paragraphs):
            article.append(f"<p>{e(paragraph)}</p>")
            if index % 4 == 2:
                article.append('<div class="ad">Advertisement</div>')
        older = day - dt.timedelta(days=rng.randint(1, 400))
        related = "".join(
            f'<li><a href="/story/{rng.randint(1000, 99999)}">{e(self.prose.headline())}</a>'
            f" <span>{format_date(older, 'dmy-long', rng)}</span></li>"
            for _ in range(3)
        )
        footer_name = e(site) if site else "All our outlets"
        page = "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="en">',
                "<head>",
                *head,
                "</head>",
                "<body>",
                f'<nav class="top"><a href="/">Home</a> {nav} <a href="/subscribe">Subscribe</a>'
                "</nav>",
                "<main><article>",
                *article,
                "</article></main>",
                f"<aside><h3>Related</h3><ul>{related}</ul></aside>",
                f"<footer><p>© {LAST_DAY.year} {footer_name}. All rights reserved.</p>"
                '<p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a></p></footer>',
                '<script>(function(){var t="2025-06-30T12:00:00Z";})();</script>',
                "</body>",
                "</html>",
            ]
        )
        return Article(page + "\n", ".html", day, name, f"f-html/{variant}", headline)

    # (g) Markdown with YAML front matter
    def front_matter(self) -> Article:
        rng = self.rng
        day = self.day()
        style = rng.choice(("iso", "iso", "iso-offset", "iso-space", "mdy-long"))
        stamp = format_date(day, style, rng)
        if style == "mdy-long":
            stamp = f'"{stamp}"'
        written, name = self.any_source()
        headline = self.headline()
        tags = ", ".join(self.prose.vocabulary.sample(rng, 3)).lower()
        key = rng.choice(("source", "source", "publication"))
        matter = [
            "---",
            f'title: "{headline}"',
            f"date: {stamp}",
            f"{key}: {written}",
            f"author: {rng.choice(AUTHORS)}",
            f"tags: [{tags}]",
            "---",
        ]
        paragraphs = self.body(past_reference=self.past(day))
        words = paragraphs[0].split(" ")
        if len(words) > 6:
            words[3] = f"**{words[3]}**"
            words[5] = f"[{words[5]}](https://example.org/{rng.randint(1, 9999)})"
            paragraphs[0] = " ".join(words)
        text = "\n".join(matter) + "\n\n" + f"# {headline}\n\n" + "\n\n".join(paragraphs) + "\n"
        return Article(text, ".md", day, name, f"g-front-matter/{style}", headline)

    # (h) nothing to go by
    def no_evidence(self) -> Article:
        headline = self.headline()
        return Article(self.join([headline, *self.body()]), ".txt", None, None, "h-no-evidence",
                       headline)  # fmt: skip

    # (i) tickers and "Advertisement" above the story, reader comments below it
    def boilerplate(self) -> Article:
        rng = self.rng
        day = self.day()
        lines = [self._ticker() for _ in range(rng.randint(4, 30))]
        headline = self.headline()
        blocks = ["\n".join(lines), "Advertisement", headline]
        paragraphs = self.body(past_reference=self.past(day))
        city = rng.choice(DATELINE_CITIES)
        if rng.random() < 0.5:
            outlet = rng.choice(AGENCIES)
            name = outlet.name
            written = format_date(day, rng.choice(("dmy-long", "mdy-long")), rng)
            paragraphs[0] = f"{city}, {written} ({outlet.dateline}) - {paragraphs[0]}"
            shape = "i-boilerplate/agency-dateline"
        else:
            name = rng.choice(INVENTED_OUTLETS)
            stamp = format_date(day, rng.choice(("mdy-long", "ordinal", "mdy-short")), rng)
            blocks.append(f"{name} Web Desk | {stamp}")
            paragraphs[0] = f"{city}: {paragraphs[0]}"
            shape = "i-boilerplate/web-desk-byline"
        for index in range(len(paragraphs) - 1, 0, -3):
            paragraphs.insert(index, "Advertisement")
        comments = ["Comments", f"{rng.choice((200, 500, 1000))} characters"]
        for _ in range(rng.randint(1, 5)):
            when = dt.datetime(day.year, day.month, day.day, *_clock(rng)) + dt.timedelta(
                days=rng.randint(1, 5), hours=rng.randint(0, 6)
            )
            stamp = (
                f"{MONTHS[when.month - 1][:3]} {when.day:02d}, {when.year} "
                f"{when.hour % 12 or 12:02d}:{when.minute:02d}{'am' if when.hour < 12 else 'pm'}"
            )
            user = rng.choice(("Az_Iz", "truthseeker77", "M_Khan", "reader_2019", "Kakoola"))
            comments += [
                f"{user} {stamp}",
                self.prose.sentence(4, 20),
                "thumb_up Recommended (0) reply Reply",
            ]
        blocks += [*paragraphs, "\n".join(comments), "Latest Headlines"]
        return Article(self.join(blocks), ".txt", day, name, shape, headline)

    def _ticker(self) -> str:
        rng = self.rng
        symbol = "AFP"
        while symbol.casefold() in FORBIDDEN_WORDS:
            symbol = "".join(rng.choice("ABCDEFGHIKLMOSTUWY") for _ in range(rng.randint(3, 6)))
        price = rng.uniform(1, 250)
        change = price * rng.uniform(0.001, 0.08) * rng.choice((1, -1))
        if change > 0:
            return f"{symbol} {price:.2f} Increased By ▲ {change:.2f} ({change / price:.2%})"
        return f"{symbol} {price:.2f} Decreased By ▼ {change:.2f} ({change / price:.2%})"

    def make(self, letter: str, encoding: str) -> Article:
        self.drawn = Story("", (), None)
        builders = {
            "a": self.header_block,
            "b": self.bare_date,
            "c": self.agency_dateline,
            "d": self.reuters_21578,
            "e": self.byline,
            "g": self.front_matter,
            "h": self.no_evidence,
            "i": self.boilerplate,
        }
        return self.web_page(encoding) if letter == "f" else builders[letter]()


class StoryMaker(ArticleMaker):
    """Writes a given story in any shape: the shape draws its wrapper, outlet and evidence around
    the story's own headline and paragraphs, on the story's day when it has one."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary) -> None:
        super().__init__(rng, vocabulary)
        self.story = Story("", (), None)

    def write(self, story: Story, letter: str, encoding: str) -> Article:
        self.story = story
        return self.make(letter, encoding)

    def day(self) -> dt.date:
        return self.story.day or super().day()

    def headline(self) -> str:
        return self.story.headline

    def body(self, words: int | None = None, past_reference: dt.date | None = None) -> list[str]:
        return list(self.story.paragraphs)


class Retelling:
    """New versions of a story: its copies (one change each), and near misses that share its
    names and words but are other stories: a follow-up, stories from one wire template."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary) -> None:
        self.rng = rng
        self.prose = Prose(rng, vocabulary)
        self.vocabulary = vocabulary
        self.plain = {w for w in vocabulary.words if w == w.lower()}  # no names

    def versions(
        self, plan: list[str], story: Story, letter: str, label: str, number: int
    ) -> Iterator[tuple[Story, str, dict]]:
        """The files `plan` asks for after the article of shape `letter` whose story is `story`,
        labelled `label`: each as (story, shape letters to avoid, truth), numbered from `number`."""
        kinds = [kind for kind in plan if kind in COPY_KINDS]
        if "trimmed" in kinds and len(story.paragraphs) < TRIM_MIN_PARAGRAPHS:
            kinds[kinds.index("trimmed")] = next(
                k for k in COPY_KINDS if k not in kinds and k != "trimmed"
            )
        for kind in kinds:
            avoid = {"rewrapped": letter, "other-outlet": "h"}.get(kind, "")
            yield self.copy(story, kind), avoid, {"story": label, "variant": kind, "near": None}
            number += 1
        if "follow-up" in plan:
            truth = {"story": f"s{number:06d}", "variant": "follow-up", "near": label}
            yield self.follow_up(story), "", truth
            number += 1
        template = f"t{number:06d}"
        for told in self.template_group(plan.count("template")):
            yield told, "", {"story": f"s{number:06d}", "variant": "template", "near": template}
            number += 1

    def copy(self, story: Story, kind: str) -> Story:
        """The story as copy `kind` of COPY_KINDS tells it ("rewrapped" changes only the shape)."""
        if kind == "retitled":
            return replace(story, headline=self.prose.headline())
        if kind == "trimmed":
            return replace(story, paragraphs=story.paragraphs[:-1])
        if kind == "edited":
            return replace(story, paragraphs=self.edited(story.paragraphs))
        if kind == "other-outlet" and story.day is not None:
            shift = dt.timedelta(days=self.rng.choice((-1, 0, 1)))
            return replace(story, day=_within_archive(story.day + shift))
        return story

    def edited(self, paragraphs: tuple[str, ...]) -> tuple[str, ...]:
        """The paragraphs as an editor leaves them: a few words changed, a figure corrected,
        a sentence added (or a correction note below). Words near a date stay as they are."""
        rng = self.rng
        split = [paragraph.split(" ") for paragraph in paragraphs]

        def near_digits(words: list[str], index: int) -> bool:
            return any(any(c.isdigit() for c in w) for w in words[max(0, index - 3) : index + 4])

        words = [
            (i, j)
            for i, line in enumerate(split)
            for j, word in enumerate(line)
            if word in self.plain and word.isalpha() and not near_digits(line, j)
        ]
        for i, j in rng.sample(words, min(EDITED_WORDS, len(words))):
            split[i][j] = self.vocabulary.one(rng)
        figures = [
            (i, j)
            for i, line in enumerate(split)
            for j, word in enumerate(line)
            if word in FIGURES
            and not {w.strip(".,") for w in line[max(0, j - 1) : j + 2]} & MONTH_NAMES
        ]
        if figures:
            i, j = rng.choice(figures)
            split[i][j] = rng.choice([f for f in FIGURES if f != split[i][j]])
        edited = [" ".join(line) for line in split]
        if rng.random() < 0.5:
            edited.append(f"Correction: {self.prose.sentence()}")
        else:
            edited[rng.randrange(len(edited))] += " " + self.prose.sentence()
        return tuple(edited)

    def follow_up(self, story: Story) -> Story:
        """A new article on the same event days later: the story's names and much of its
        vocabulary in new sentences, and (from a long story) one of its paragraphs again as
        background."""
        rng = self.rng
        text = " ".join(story.paragraphs)
        names = [n for n in self.vocabulary.names if n in text] or [rng.choice(PEOPLE)]
        bag = [w for w in (t.strip(".,“”").lower() for t in text.split()) if w in self.plain]
        paragraphs = []
        for _ in range(max(2, len(story.paragraphs) + rng.randint(-1, 1))):
            sentences = []
            for _ in range(rng.randint(2, 5)):
                words = [
                    rng.choice(bag) if rng.random() < FOLLOW_UP_WORDS else self.vocabulary.one(rng)
                    for _ in range(rng.randint(8, 24))
                ]
                if rng.random() < 0.4:
                    words.insert(rng.randint(0, len(words)), rng.choice(names))
                words[0] = _capital(words[0])
                sentences.append(" ".join(words) + ".")
            paragraphs.append(" ".join(sentences))
        if len(story.paragraphs) >= 4:
            paragraphs.insert(rng.randint(1, len(paragraphs)), story.paragraphs[1])
        kept = story.headline.split(" ")
        headline = [w if rng.random() < 0.5 else self.vocabulary.one(rng) for w in kept]
        headline[0] = _capital(headline[0])
        day = story.day and _within_archive(story.day + dt.timedelta(days=rng.randint(1, 5)))
        return Story(" ".join(headline), tuple(paragraphs), day)

    def template_group(self, size: int) -> list[Story]:
        """`size` different stories written from one wire template: the same fixed sentences
        with other names and figures in their slots, each story with paragraphs of its own."""
        if size == 0:
            return []
        rng = self.rng
        sentences = [self.prose.sentence(10, 24).split(" ") for _ in range(rng.randint(5, 9))]
        slots = [
            [j for j in range(1, len(s) - 1) if rng.random() < TEMPLATE_SLOTS] for s in sentences
        ]
        headline = self.prose.headline().split(" ")
        first_day = random_day(rng)
        stories = []
        for _ in range(size):
            filled = []
            for words, holes in zip(sentences, slots, strict=True):
                filled.append(
                    " ".join(self.filler() if j in holes else w for j, w in enumerate(words))
                )
            half = len(filled) // 2
            lead = (" ".join(filled[:half]), " ".join(filled[half:]))
            title = [self.filler() if rng.random() < 0.3 else w for w in headline]
            title[0] = _capital(title[0])
            day = _within_archive(first_day + dt.timedelta(days=rng.randint(0, 30)))
            own = self.prose.paragraphs(rng.randint(150, 400))
            stories.append(Story(" ".join(title), (*lead, *own), day))
        return stories

    def filler(self) -> str:
        """What a template's slot holds in one story: a name, a figure or a word."""
        draw = self.rng.random()
        if draw < 0.4:
            return self.rng.choice(self.vocabulary.names)
        if draw < 0.7:
            return self.rng.choice(FIGURES)
        return self.vocabulary.one(self.rng)


def _cp1252_safe(text: str) -> str:
    """The text with every character cp1252 cannot hold replaced by its nearest plain letter."""
    out = []
    for char in text:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out.append(_CP1252_FALLBACK.get(char) or base or "?")
    return "".join(out)


def encode(text: str, encoding: str, crlf: bool) -> bytes:
    """The bytes of a file written in `encoding`, with CRLF line ends when asked."""
    if crlf:
        text = text.replace("\n", "\r\n")
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if encoding == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "ascii-entities":
        return text.encode("ascii", "xmlcharrefreplace")
    return _cp1252_safe(text).encode("cp1252")


def _slug(text: str, words: int = 6) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())[:words]) or "article"


def folder_for(article: Article, rng: random.Random) -> str:
    """Quarterly folders for most articles, a folder per outlet for some, an inbox for the rest."""
    if article.source and rng.random() < BY_OUTLET_SHARE:
        return f"by-outlet/{_slug(article.source)}"
    day = article.date
    if day is None and article.shape.startswith("c-"):
        return "undated-wires"
    if day is None:
        return f"inbox/batch-{rng.randint(1, 4)}"
    return f"{day.year}/{day.year}-Q{(day.month - 1) // 3 + 1}"


def _saved_time(article: Article, rng: random.Random) -> int:
    """A file time some days after publication, so that it never equals the article's date."""
    day = article.date or FIRST_DAY + dt.timedelta(days=rng.randint(0, 2000))
    saved = dt.datetime(day.year, day.month, day.day, 12) + dt.timedelta(
        days=rng.randint(2, 30), seconds=rng.randint(0, 86399)
    )
    return calendar.timegm(saved.timetuple())


def _pick(rng: random.Random, choices: list[tuple[str, float]]) -> str:
    names, weights = zip(*choices, strict=True)
    return rng.choices(names, weights)[0]


def plan_stories(count: int, rng: random.Random) -> list[list[str]]:
    """For each original article, the other files the archive holds of it or beside it (copy
    kinds, "follow-up", "template"), so that there are `count` files in all."""
    plans: list[list[str]] = []
    files = 0
    while files < count:
        plan: list[str] = []
        if rng.random() < COPY_SHARE:
            plan += rng.sample(COPY_KINDS, rng.randint(1, 3))
        if rng.random() < FOLLOW_UP_SHARE:
            plan.append("follow-up")
        if rng.random() < TEMPLATE_SHARE:
            plan += ["template"] * rng.randint(2, 3)
        plan = plan[: count - files - 1]
        plans.append(plan)
        files += 1 + len(plan)
    return plans


class ArchiveWriter:
    """Writes articles into their folders under one root and keeps the manifest of their truth."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made_dirs: set[str] = set()
        self.manifest: dict[str, dict] = {}

    def add(
        self,
        number: int,
        article: Article,
        encoding: str,
        crlf: bool,
        rng: random.Random,
        truth: dict,
    ) -> None:
        folder = folder_for(article, rng)
        if folder not in self.made_dirs:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self.made_dirs.add(folder)
        relative = f"{folder}/{number:06d}_{_slug(article.title)}{article.suffix}"
        path = self.root / relative
        path.write_bytes(encode(article.text, encoding, crlf))
        stamp = _saved_time(article, rng)
        os.utime(path, (stamp, stamp))
        self.manifest[relative] = {
            "date": article.date.isoformat() if article.date else None,
            "source": article.source,
            "shape": article.shape,
            "encoding": encoding + ("+crlf" if crlf else ""),
            **truth,
        }


# Short wire stories come in the plain-text shapes of a wire archive.
SHORT_SHAPES: list[tuple[str, float]] = [("c", 50), ("d", 30), ("a", 12), ("b", 8)]


def write_archive(count: int, root: Path, seed: int, short: bool = False) -> dict[str, dict]:
    """Write `count` article files under `root` and return the manifest.

    The originals come from `seed` alone, as they did before the archive held copies; copies
    and near misses come from a generator of their own and are numbered after the originals,
    so an archive with copies holds the same first originals as one without.
    """
    rng = random.Random(seed)
    vocabulary = Vocabulary()
    maker = ArticleMaker(rng, vocabulary, short)
    others = random.Random(f"copies/{seed}")
    plans = plan_stories(count, others)
    teller = StoryMaker(others, vocabulary)
    teller.short = teller.prose.short = short
    shapes = SHORT_SHAPES if short else SHAPES
    retelling = Retelling(others, vocabulary)
    archive = ArchiveWriter(root)
    extra = len(plans)
    for number, plan in enumerate(plans):
        letter = _pick(rng, shapes)
        encoding = _pick(rng, HTML_ENCODINGS if letter == "f" else ENCODINGS)
        crlf = rng.random() < CRLF_SHARE
        article = maker.make(letter, encoding)
        label = f"s{number:06d}"
        original = {"story": label, "variant": "original", "near": None}
        archive.add(number, article, encoding, crlf, rng, original)
        for story, avoid, truth in retelling.versions(plan, maker.drawn, letter, label, extra):
            shape = _pick(others, [choice for choice in shapes if choice[0] not in avoid])
            encoding = _pick(others, HTML_ENCODINGS if shape == "f" else ENCODINGS)
            crlf = others.random() < CRLF_SHARE
            archive.add(extra, teller.write(story, shape, encoding), encoding, crlf, others, truth)
            extra += 1
    return archive.manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, metavar="N", help="how many articles to write")
    parser.add_argument("folder", type=Path, metavar="DIR", help="an empty or new folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--short", action="store_true", help="short wire stories of about 1 KB")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    root: Path = args.folder
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        print(f"{root} exists and is not an empty folder", file=sys.stderr)
        return 2
    root.mkdir(parents=True, exist_ok=True)
    manifest = write_archive(args.count, root, args.seed, args.short)
    with (root / "manifest.json").open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
    print(f"wrote {len(manifest)} articles and manifest.json to {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
