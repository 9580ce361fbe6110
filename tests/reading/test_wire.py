"""Wire copy as news archives keep it: capital-letter headlines, datelines with regions and
agency tags in any case, sign-offs in capitals, and titles full of initials."""

from __future__ import annotations

import datetime as dt

import pytest

from searchapp.core.reading import Rules
from searchapp.core.reading.article import RawArticle
from searchapp.core.reading.metadata import UNKNOWN_SOURCE, extract_metadata


def story(headline: str, dateline: str, sign_off: str = "") -> RawArticle:
    body = (
        f"{headline}\n\n"
        f"{dateline} The company said first-quarter earnings rose on higher sales of its "
        "industrial products, and that it expects the rest of the year to be as strong.\n\n"
        "It said orders from overseas customers were up by about a fifth on the year, while "
        "orders at home were flat.\n\n"
        f"{sign_off}"
    )
    return RawArticle(body=body.strip(), mtime=dt.datetime(2026, 11, 2).timestamp())


@pytest.mark.parametrize(
    ("dateline", "month_day"),
    [
        ("PORTLAND, Ore., Feb 26 -", (2, 26)),
        ("VANCOUVER, British Columbia, Feb 26 -", (2, 26)),
        ("ALBUQUERQUE, N.M., March 3 -", (3, 3)),
        ("FT. LAUDERDALE, Fla, March 4 -", (3, 4)),
        ("Caracas, feb 26 -", (2, 26)),
        ("ST. JOHN'S, Newfoundland, Oct 19 -", (10, 19)),
        ("NEW YORK, Feb 26 (REUTERS) -", (2, 26)),
        ("WASHINGTON, March 3 (AP) —", (3, 3)),
        ("BERLIN, 9. März (dpa) -", (3, 9)),
    ],
)
def test_a_year_less_dateline_with_regions_and_any_case(rules: Rules, dateline, month_day):
    md = extract_metadata(story("FIRM REPORTS HIGHER PROFIT", dateline), rules)
    assert (md.date, md.date_origin, md.month_day) == (None, "inferred", month_day)


@pytest.mark.parametrize(
    ("dateline", "sign_off", "source"),
    [
        ("NEW YORK, Feb 26 -", "REUTER", "Reuters"),
        ("NEW YORK, Feb 26 -", "Reuter", "Reuters"),
        ("LONDON, March 3 (REUTERS) -", "", "Reuters"),
        ("WASHINGTON, March 3 (AP) —", "", "AP"),
        ("PARIS, March 3 (afp) -", "", "AFP"),
    ],
)
def test_agency_tags_and_sign_offs_in_capitals(rules: Rules, dateline, sign_off, source):
    md = extract_metadata(story("FIRM REPORTS HIGHER PROFIT", dateline, sign_off), rules)
    assert md.source == source


@pytest.mark.parametrize(
    "line",
    [
        "By Services Inc said it and staff",  # a sentence caught by the byline rule
        "NEW YORK, Feb 26 (The Federal) - The agency said",
        "CHICAGO, March 2 (American) - The airline said",
        "DENVER, March 2 (two sources said) - Talks stalled",
    ],
)
def test_fragments_of_sentences_are_not_outlets(rules: Rules, line):
    body = f"TALKS STALL\n\n{line} on Monday that talks were stalled.\n\nNo date was set."
    md = extract_metadata(RawArticle(body=body), rules)
    assert md.source == UNKNOWN_SOURCE


def test_a_known_agency_beats_a_generic_name_of_equal_weight(rules: Rules):
    body = (
        "TALKS STALL\n\nMetro Desk\n\nNEW YORK, Feb 26 - Talks stalled on Monday, the union "
        "said.\n\nNo date was set for a new round.\n\nREUTER"
    )
    assert extract_metadata(RawArticle(body=body), rules).source == "Reuters"


@pytest.mark.parametrize(
    "headline",
    [
        "U.S. TRADE DEFICIT WIDENS IN JANUARY",
        "B.C. FOREST PRODUCTS FIRMS CUT OUTPUT",
        "S. AFRICA GOLD OUTPUT FALLS IN FEBRUARY",
        "Gen. Dynamics Corp. wins U.S. Navy order",
        "AMERICAN EXPRESS <AXP> - FIRST QUARTER NET",
    ],
)
def test_a_headline_is_kept_whole(rules: Rules, headline):
    md = extract_metadata(story(headline, "NEW YORK, Feb 26 -"), rules)
    assert md.title == headline


def test_without_a_headline_the_first_sentence_keeps_its_initials(rules: Rules):
    body = (
        "WASHINGTON, Feb 26 - The U.S. trade deficit widened in January as imports of "
        "cars from Japan and W. Germany rose. Exports fell.\n\nREUTER"
    )
    md = extract_metadata(RawArticle(body=body), rules)
    assert md.title == (
        "The U.S. trade deficit widened in January as imports of cars from Japan and W. "
        "Germany rose."
    )


@pytest.mark.parametrize(
    "written",
    [
        "9. März 2021",  # German
        "9 mars 2021",  # French
        "9 de marzo de 2021",  # Spanish
        "9 marzo 2021",  # Italian
        "9 maart 2021",  # Dutch
        "9 de março de 2021",  # Portuguese
        "March 9, 2021",
        "9 MAR 2021",
    ],
)
def test_a_byline_date_in_the_archives_languages(rules: Rules, written):
    body = f"Water board approves new station\n\nBy Ana Ruiz | {written}\n\nThe board met."
    md = extract_metadata(RawArticle(body=body), rules)
    assert (md.date, md.date_origin) == (dt.date(2021, 3, 9), "dateline")


def test_a_date_named_in_the_story_days_after_a_dateline_does_not_set_its_year(rules: Rules):
    body = (
        "PEARL HARBOR MARKED\n\nWASHINGTON, Dec. 6 (UPI) -- Veterans will mark the anniversary "
        "of the attack of Dec. 7, 1941, at a ceremony on Sunday.\n\nThe navy will attend."
    )
    md = extract_metadata(RawArticle(body=body), rules)
    assert (md.date, md.month_day) == (None, (12, 6))  # the folder decides, not 1941


def test_odd_lines_never_break_the_rules(rules: Rules):
    for body in (". Leading dot\n\nMore text here.", '."\n\nQuoted dot.', "...\n\n."):
        extract_metadata(RawArticle(body=body), rules)  # no exception
