"""Date, source and title rules of searchapp.core.reading, on small invented articles."""

from __future__ import annotations

import datetime as dt

import pytest

from searchapp.core.reading.article import Metadata, RawArticle
from searchapp.core.reading.dates import day_range, find_dates, parse_date_value, resolve_year
from searchapp.core.reading.languages import language_code
from searchapp.core.reading.metadata import UNKNOWN_SOURCE, extract_metadata
from searchapp.core.reading.rules import Rules


def metadata_of(
    rules: Rules,
    body: str,
    *,
    header: dict[str, str] | None = None,
    meta: dict[str, str] | None = None,
    mtime: float = 0.0,
) -> Metadata:
    raw = RawArticle(body=body, header=header or {}, meta=meta or {}, mtime=mtime)
    return extract_metadata(raw, rules)


def timestamp(year: int, month: int, day: int) -> float:
    """Local noon on the day, so that date.fromtimestamp gives the day back in any time zone."""
    return dt.datetime(year, month, day, 12, 0).timestamp()


# --- Date values as headers and meta tags declare them -------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-03-03", dt.date(2021, 3, 3)),
        ("2021-03-03T18:45:00+05:30", dt.date(2021, 3, 3)),
        ("2021-03-03T23:10:05Z", dt.date(2021, 3, 3)),
        ("2021-03-03 07:30", dt.date(2021, 3, 3)),
        ("March 3, 2021", dt.date(2021, 3, 3)),
        ("Mar. 3, 2021", dt.date(2021, 3, 3)),
        ("Sept. 14, 2020", dt.date(2020, 9, 14)),
        ("3 March 2021", dt.date(2021, 3, 3)),
        ("3rd March 2021", dt.date(2021, 3, 3)),
        ("21st of August 2019", dt.date(2019, 8, 21)),
        ("Wednesday, March 3, 2021", dt.date(2021, 3, 3)),
        ("Mon, 01 Mar 2021", dt.date(2021, 3, 1)),
        ("Mon, 01 Mar 2021 09:15:00 +0000", dt.date(2021, 3, 1)),
        ("03/15/2021", dt.date(2021, 3, 15)),
        ("15/03/2021", dt.date(2021, 3, 15)),
        ("15.03.2021", dt.date(2021, 3, 15)),
        ("2021/03/15", dt.date(2021, 3, 15)),
        ("26-FEB-1987 15:01:01.79", dt.date(1987, 2, 26)),
        ("20210303", dt.date(2021, 3, 3)),
    ],
)
def test_parse_date_value_reads_common_shapes(value: str, expected: dt.date) -> None:
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "yesterday", "3 hours ago", "March 3", "Volume 12", "Page 2021", "99/99/2021"],
)
def test_parse_date_value_without_a_full_date_is_none(value: str) -> None:
    assert parse_date_value(value) is None


def test_header_date_has_origin_header(rules: Rules) -> None:
    md = metadata_of(
        rules,
        "Ferry service resumes after storm\n\nBoats left the harbour at dawn.",
        header={"date": "3rd March 2021"},
    )
    assert (md.date, md.date_origin, md.month_day) == (dt.date(2021, 3, 3), "header", None)


def test_meta_date_has_origin_meta(rules: Rules) -> None:
    md = metadata_of(
        rules,
        "Ferry service resumes after storm\n\nBoats left the harbour at dawn.",
        meta={"date": "2022-04-05T10:00:00Z"},
    )
    assert (md.date, md.date_origin) == (dt.date(2022, 4, 5), "meta")


def test_header_date_wins_over_meta_and_dateline(rules: Rules) -> None:
    md = metadata_of(
        rules,
        "OSLO, 9 May 2018 (Reuters) - Fishermen protested new quotas on Wednesday.",
        header={"date": "2018-05-10"},
        meta={"date": "2018-05-11"},
    )
    assert (md.date, md.date_origin) == (dt.date(2018, 5, 10), "header")


def test_unreadable_header_date_falls_back_to_the_dateline(rules: Rules) -> None:
    md = metadata_of(
        rules,
        "OSLO, 9 May 2018 (Reuters) - Fishermen protested new quotas on Wednesday.",
        header={"date": "last week"},
    )
    assert (md.date, md.date_origin) == (dt.date(2018, 5, 9), "dateline")


# --- Datelines and bylines -------------------------------------------------------------------


def test_dateline_with_year_gives_origin_dateline(rules: Rules) -> None:
    body = (
        "LONDON, 3 March 2021 (Reuters) - Britain's rail operators announced a fare freeze "
        "on Wednesday after weeks of talks with unions.\n\n"
        "The freeze runs until the end of the year, officials said."
    )
    md = metadata_of(rules, body)
    assert (md.date, md.date_origin, md.month_day) == (dt.date(2021, 3, 3), "dateline", None)
    assert md.source == "Reuters"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TORONTO, March 3, 2021 (Reuters) - Snow closed schools.", dt.date(2021, 3, 3)),
        ("CAIRO, 15.03.2021 (Reuters) - Wheat prices rose.", dt.date(2021, 3, 15)),
        ("HOUSTON, 03/15/2021 (Reuters) - Refineries restarted.", dt.date(2021, 3, 15)),
        ("LIMA, Mon, 01 Mar 2021 (Reuters) - Miners returned to work.", dt.date(2021, 3, 1)),
        ("2021-03-03T08:00:00+01:00 | Lisbon harbour reopens", dt.date(2021, 3, 3)),
    ],
)
def test_dateline_date_shapes(rules: Rules, line: str, expected: dt.date) -> None:
    md = metadata_of(rules, line + "\n\nMore of the story follows here.")
    assert (md.date, md.date_origin) == (expected, "dateline")


def test_yearless_dateline_takes_a_year_hint_from_a_full_date_in_the_text(rules: Rules) -> None:
    body = (
        "PARIS, March 3 (AFP) - Farmers drove tractors into the capital on Wednesday to "
        "protest fuel taxes.\n\n"
        "Union leaders said the convoy, which set out from the western farm belt on "
        "February 24, 2021, had grown to several hundred vehicles by the time it reached "
        "the ring road around the city.\n\n"
        "The ministry said talks would resume next week."
    )
    md = metadata_of(rules, body)
    # The folder's dated articles decide the year when there are any (tests/engine/test_sync.py).
    assert (md.date, md.date_origin, md.month_day) == (None, "inferred", (3, 3))
    assert md.year_hint == dt.date(2021, 3, 3)
    assert md.source == "AFP"


def test_yearless_dateline_beats_a_short_dated_line_below_it(rules: Rules) -> None:
    body = (
        "PARIS, March 3 (AFP) - Farmers drove tractors into the capital on Wednesday to "
        "protest fuel taxes.\n\n"
        "A first protest, on February 24, 2021, drew fewer than a thousand people.\n\n"
        "The ministry said talks would resume next week."
    )
    md = metadata_of(rules, body)
    assert (md.date, md.date_origin, md.year_hint) == (None, "inferred", dt.date(2021, 3, 3))


def test_yearless_dateline_year_inferred_across_new_year(rules: Rules) -> None:
    body = (
        "Dec. 30 (UPI) -- Ice storms cut power to thousands of homes in the valley on "
        "Monday.\n\n"
        "The utility said crews brought in from three neighbouring states expect to restore "
        "service to every household by Jan. 2, 2025, weather permitting, and asked "
        "residents to stay off icy roads."
    )
    md = metadata_of(rules, body)
    # A deadline in a sentence is no stamp: it only suggests the year, for the folder to weigh.
    assert (md.date, md.date_origin, md.year_hint) == (None, "inferred", dt.date(2024, 12, 30))


def test_yearless_dateline_without_any_year_waits_for_the_folder(rules: Rules) -> None:
    body = (
        "Jan. 9 (UPI) -- A small plane made an emergency landing on a highway outside "
        "Tucson on Thursday, police said.\n\n"
        "Nobody on board was hurt."
    )
    md = metadata_of(rules, body, mtime=timestamp(2023, 6, 1))
    assert md.date is None
    assert md.date_origin == "inferred"
    assert md.month_day == (1, 9)
    assert md.source == "UPI"


def test_day_first_yearless_dateline(rules: Rules) -> None:
    body = "HELSINKI, 14 Nov (Reuters) - The central bank held rates.\n\nAnalysts expected it."
    md = metadata_of(rules, body)
    assert (md.date, md.date_origin, md.month_day) == (None, "inferred", (11, 14))
    assert md.source == "Reuters"


def test_generic_agency_dateline_names_an_unknown_outlet(rules: Rules) -> None:
    body = (
        "KUALA LUMPUR, June 2 (Bernama) -- The state water company will ration supply in "
        "three districts from next week.\n\n"
        "Residents were told to store water."
    )
    md = metadata_of(rules, body)
    assert md.source == "Bernama"
    assert (md.date, md.date_origin, md.month_day) == (None, "inferred", (6, 2))


def test_generic_dateline_with_invented_outlet(rules: Rules) -> None:
    body = (
        "ACCRA, Aug 14 (Gold Coast Wire) - Cocoa farmers began the harvest early this year "
        "after heavy rains.\n\n"
        "Buyers said prices would hold."
    )
    assert metadata_of(rules, body).source == "Gold Coast Wire"


def test_byline_with_ordinal_date(rules: Rules) -> None:
    body = (
        "Harbour cranes fall silent as dock strike spreads\n"
        "Staff Desk / Marta Okonkwo / 5th June 2022\n\n"
        "Dock workers in three ports stopped work on Sunday, demanding higher pay and "
        "shorter shifts after a season of record cargo."
    )
    md = metadata_of(rules, body)
    assert (md.date, md.date_origin) == (dt.date(2022, 6, 5), "dateline")
    assert md.title == "Harbour cranes fall silent as dock strike spreads"
    assert md.source == UNKNOWN_SOURCE


def test_date_from_later_text_has_origin_text(rules: Rules) -> None:
    body = (
        "Library reopens after repairs\n\n"
        "The town library, closed since a burst pipe flooded its basement, opened its doors "
        "again this morning to a queue of readers who had waited for months.\n\n"
        "Staff said the repairs were finished on 12 August 2019 and books were moved back "
        "over the following weeks, with the children's section the last to return to the "
        "shelves because its carpets had to be replaced."
    )
    md = metadata_of(rules, body)
    assert (md.date, md.date_origin) == (dt.date(2019, 8, 12), "text")


def test_no_evidence_at_all_uses_file_time_and_unknown_source(rules: Rules) -> None:
    body = "Community garden wins prize\n\nVolunteers planted tomatoes and beans."
    md = metadata_of(rules, body, mtime=timestamp(2020, 7, 18))
    assert md.date == dt.date(2020, 7, 18)
    assert md.date_origin == "file"
    assert md.month_day is None
    assert md.source == UNKNOWN_SOURCE == "Unknown"


# --- resolve_year ----------------------------------------------------------------------------


def test_resolve_year_near_references() -> None:
    references = [dt.date(2024, 12, 5), dt.date(2024, 12, 7), dt.date(2024, 11, 30)]
    assert resolve_year((12, 6), references, dt.date(2026, 1, 1)) == dt.date(2024, 12, 6)


def test_resolve_year_across_year_boundary_backwards() -> None:
    references = [dt.date(2025, 1, 2), dt.date(2025, 1, 3), dt.date(2025, 1, 4)]
    assert resolve_year((12, 30), references, dt.date(2025, 1, 10)) == dt.date(2024, 12, 30)


def test_resolve_year_across_year_boundary_forwards() -> None:
    references = [dt.date(2024, 12, 28), dt.date(2024, 12, 30)]
    assert resolve_year((1, 2), references, dt.date(2025, 2, 1)) == dt.date(2025, 1, 2)


def test_resolve_year_without_references_uses_fallback_year() -> None:
    assert resolve_year((3, 14), [], dt.date(2023, 8, 10)) == dt.date(2023, 3, 14)


def test_resolve_year_without_references_never_lands_after_fallback() -> None:
    assert resolve_year((11, 20), [], dt.date(2023, 8, 10)) == dt.date(2022, 11, 20)


def test_resolve_year_on_the_fallback_day_itself() -> None:
    assert resolve_year((8, 10), [], dt.date(2023, 8, 10)) == dt.date(2023, 8, 10)


def test_resolve_year_leap_day_picks_a_leap_year() -> None:
    assert resolve_year((2, 29), [dt.date(2024, 3, 2)], dt.date(2024, 3, 5)) == dt.date(2024, 2, 29)


# The byline rule's `\s+` crosses the line end, so a short headline followed by a
# "Web Desk" / "News Desk" / "Staff ..." line is taken for the outlet's name.
# --- Sources ---------------------------------------------------------------------------------


def test_agency_dateline_beats_a_single_attribution(rules: Rules) -> None:
    body = (
        "SANTIAGO, May 4 (Reuters) - Chile's copper output fell in April, the statistics "
        "office said on Tuesday.\n\n"
        '"We expect a recovery in the second half," a mining executive told CNN.\n\n'
        "Prices were steady in London."
    )
    assert metadata_of(rules, body).source == "Reuters"


def test_reuter_trailer_gives_reuters(rules: Rules) -> None:
    body = (
        "NORTHFIELD MILLS REPORTS HIGHER QUARTERLY NET\n\n"
        "Northfield Mills Inc said its net profit for the quarter rose to 4.2 mln dlrs "
        "from 3.1 mln dlrs a year earlier, on sales of 61 mln dlrs.\n"
        "The company said it would raise its dividend.\n"
        " Reuter"
    )
    assert metadata_of(rules, body).source == "Reuters"


@pytest.mark.parametrize("trailer", ["- AFP", "— AFP", "(AFP)", "AFP"])
def test_afp_trailer(rules: Rules, trailer: str) -> None:
    body = (
        "Vineyards count the cost of hailstorm\n\n"
        "Winemakers in the southern valleys said a quarter of this year's grapes were lost "
        "in a hailstorm on Saturday night.\n\n"
        f"{trailer}"
    )
    assert metadata_of(rules, body).source == "AFP"


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor told AFP the bridge would reopen in spring.",
        "Footage of the collapse was verified by AFP on Friday.",
    ],
)
def test_attribution_alone_names_the_source(rules: Rules, sentence: str) -> None:
    body = (
        "Bridge collapse leaves river town cut off\n\n"
        "Residents of the town crossed the river by boat on Friday. "
        f"{sentence} Engineers were inspecting the remaining pillars."
    )
    assert metadata_of(rules, body).source == "AFP"


def test_passing_mention_is_not_enough(rules: Rules) -> None:
    body = (
        "Town council debates parking fees\n\n"
        "Council members argued for two hours, according to Bloomberg, before postponing "
        "the vote."
    )
    assert metadata_of(rules, body).source == UNKNOWN_SOURCE


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Daily Planet Desk", "Daily Planet"),
        ("Lakeside Courier Desk", "Lakeside Courier"),
        ("By Northern Ledger News Desk", "Northern Ledger"),
        ("Valley Chronicle Bureau", "Valley Chronicle"),
    ],
)
def test_desk_byline_names_an_outlet_not_in_the_known_list(
    rules: Rules, byline: str, expected: str
) -> None:
    body = (
        "Night trains return to the northern line\n"
        f"{byline}\n\n"
        "Sleeper services resumed on Sunday after a four-year pause, with every berth sold."
    )
    assert metadata_of(rules, body).source == expected


@pytest.mark.parametrize(
    "byline",
    [
        "Sports Desk",
        "Business Desk",
        "Foreign Desk",
        "Metro Desk",
        "Our Staff",
        "Staff Desk",
        "Web Desk",
        "News Desk",
        "Staff Reporter",
        "By Staff Reporter",
    ],
)
def test_section_desk_is_not_a_source(rules: Rules, byline: str) -> None:
    body = (
        "Underdogs win the regional cup final\n"
        f"{byline}\n\n"
        "The home side scored twice in the last ten minutes to lift the trophy."
    )
    assert metadata_of(rules, body).source == UNKNOWN_SOURCE


def test_declared_source_is_canonicalised(rules: Rules) -> None:
    md = metadata_of(rules, "Some headline here\n\nBody.", header={"source": "thomson reuters"})
    assert md.source == "Reuters"


def test_declared_unknown_source_is_kept(rules: Rules) -> None:
    md = metadata_of(rules, "Some headline here\n\nBody.", meta={"source": "  Island Courier "})
    assert md.source == "Island Courier"


def test_header_source_wins_over_text_evidence(rules: Rules) -> None:
    body = "ROME, May 4 (Reuters) - Trains stopped.\n\nA driver told CNN about it."
    md = metadata_of(rules, body, header={"source": "Tiber Times"})
    assert md.source == "Tiber Times"


def test_copyright_credit_names_the_source(rules: Rules) -> None:
    body = (
        "Chip maker delays new plant\n\n"
        "The company pushed back the opening by a year, citing weak demand.\n\n"
        "© 2023 Bloomberg L.P."
    )
    assert metadata_of(rules, body).source == "Bloomberg"


# --- Titles ----------------------------------------------------------------------------------


def test_title_skips_advertisement_and_ticker_lines(rules: Rules) -> None:
    body = (
        "Advertisement\n"
        "ACME 12.40 Increased By ▲ 0.30 (2.1%)\n"
        "ACME 12.40 Increased By ▲ 0.30 (2.1%)\n"
        "ZENTRA 48.75 Decreased By ▼ -1.20 (-2.4%)\n"
        "KSE100 102,345.67 Increased By 1,204.5 (1.19%)\n"
        "Advertisement\n"
        "Textile exports climb for a third month\n\n"
        "Shipments of yarn and cloth rose in October, the trade ministry said."
    )
    md = metadata_of(rules, body)
    assert md.title == "Textile exports climb for a third month"


def test_ticker_lines_give_no_date(rules: Rules) -> None:
    body = (
        "BR100 11,814 Increased By 90.4 (0.77%)\n"
        "BR30 36,512 Decreased By -112.6 (-0.31%)\n"
        "Textile exports climb for a third month\n\n"
        "Shipments of yarn and cloth rose, the ministry said."
    )
    md = metadata_of(rules, body, mtime=timestamp(2021, 11, 3))
    assert (md.date, md.date_origin) == (dt.date(2021, 11, 3), "file")


def test_long_first_paragraph_gives_its_first_sentence(rules: Rules) -> None:
    body = (
        "The river burst its banks overnight. Water reached the market square by morning, "
        "and shopkeepers carried stock to upper floors while volunteers filled sandbags "
        "along the quay."
    )
    assert metadata_of(rules, body).title == "The river burst its banks overnight."


def test_long_first_sentence_is_shortened_with_ellipsis(rules: Rules) -> None:
    sentence = (
        "Officials in the coastal province confirmed on Thursday that the long-delayed "
        "desalination plant, first promised nearly a decade ago, would finally begin "
        "supplying drinking water to four towns before the summer season"
    )
    body = sentence + ". A second sentence follows here."
    title = metadata_of(rules, body).title
    assert len(title) <= 110
    assert title.endswith("…")
    assert sentence.startswith(title[:-1])
    assert title == (
        "Officials in the coastal province confirmed on Thursday that the long-delayed "
        "desalination plant, first…"
    )


@pytest.mark.parametrize("prefix", ["BEIRUT:", "MOMBASA:", "NEW DELHI -", "ST. JOHN'S —"])
def test_dateline_prefix_is_not_part_of_the_title(rules: Rules, prefix: str) -> None:
    body = (
        f"{prefix} Dock workers walked off the job on Tuesday. The strike halted loading "
        "at the container terminal and left ships waiting offshore for days."
    )
    assert metadata_of(rules, body).title == "Dock workers walked off the job on Tuesday."


def test_dated_agency_dateline_is_not_part_of_the_title(rules: Rules) -> None:
    body = (
        "LONDON, 3 March 2021 (Reuters) - Britain's rail operators announced a fare freeze. "
        "The freeze runs until the end of the year after weeks of talks with the unions."
    )
    assert metadata_of(rules, body).title == "Britain's rail operators announced a fare freeze."


@pytest.mark.parametrize(
    "dateline", ["QUITO, July 8 (Reuters) -", "July 8 (UPI) --", "QUITO, 8 July (Reuters) -"]
)
def test_yearless_agency_dateline_is_not_part_of_the_title(rules: Rules, dateline: str) -> None:
    body = (
        f"{dateline} Ecuador's oil pipeline resumed pumping on Monday. "
        "Repairs took nine days after a landslide broke the line in the Andes."
    )
    assert metadata_of(rules, body).title == "Ecuador's oil pipeline resumed pumping on Monday."


def test_markdown_heading_marks_are_removed(rules: Rules) -> None:
    body = "## **Orchard growers brace for frost**\n\nNight temperatures will drop below zero."
    assert metadata_of(rules, body).title == "Orchard growers brace for frost"


def test_declared_title_wins_and_is_whitespace_normalised(rules: Rules) -> None:
    md = metadata_of(
        rules,
        "Something else first\n\nBody text.",
        header={"title": "  Glacier   retreat\n speeds up "},
    )
    assert md.title == "Glacier retreat speeds up"


def test_empty_body_gives_empty_title_and_unknown_source(rules: Rules) -> None:
    md = metadata_of(rules, "", mtime=timestamp(2019, 1, 5))
    assert (md.title, md.source, md.date, md.date_origin) == (
        "",
        UNKNOWN_SOURCE,
        dt.date(2019, 1, 5),
        "file",
    )


# --- find_dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "BR100 11,814 Increased By 90.4 (0.77%)",
        "KSE-100 98,765.43 +1,234.56 (1.27%)",
        "Inflation 2021 3.5% 2022 8.1% 2023 4.2%",
        "Score 3-1, attendance 12,031, kick-off 19:45",
        "Call 0300-1234567 or 021 3456 7890",
        "Revenue rose 12.5% to 2,024.3 million in Q3",
    ],
)
def test_find_dates_invents_nothing_from_number_heavy_lines(line: str) -> None:
    assert find_dates(line) == []


def test_find_dates_positions_and_values() -> None:
    text = "Filed 2021-03-03, revised on 4 March 2021 and again on Apr. 5, 2021."
    found = find_dates(text)
    assert [f.date for f in found] == [
        dt.date(2021, 3, 3),
        dt.date(2021, 3, 4),
        dt.date(2021, 4, 5),
    ]
    assert [text[f.start : f.end] for f in found] == ["2021-03-03", "4 March 2021", "Apr. 5, 2021"]
    assert [f.month_day for f in found] == [(3, 3), (3, 4), (4, 5)]


def test_find_dates_keeps_the_longest_of_overlapping_finds() -> None:
    text = "Posted Thursday, March 4, 2021 at noon"
    found = find_dates(text)
    assert len(found) == 1
    assert found[0].date == dt.date(2021, 3, 4)
    assert text[found[0].start : found[0].end] == "Thursday, March 4, 2021"


def test_find_dates_ignores_year_less_and_impossible_dates() -> None:
    assert find_dates("Talks resume on March 3 and end on 31.02.2021") == []


# --- day_range -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-12", (dt.date(2024, 12, 1), dt.date(2024, 12, 31))),
        ("2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        ("2023-02", (dt.date(2023, 2, 1), dt.date(2023, 2, 28))),
        ("2024", (dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        ("2024-12-07", (dt.date(2024, 12, 7), dt.date(2024, 12, 7))),
        (" Dec 2024 ", (dt.date(2024, 12, 1), dt.date(2024, 12, 31))),
        ("September 2021", (dt.date(2021, 9, 1), dt.date(2021, 9, 30))),
        ("6 Dec 2024", (dt.date(2024, 12, 6), dt.date(2024, 12, 6))),
    ],
)
def test_day_range(text: str, expected: tuple[dt.date, dt.date]) -> None:
    assert day_range(text) == expected


@pytest.mark.parametrize("text", ["garbage", "", "2024-13", "2024-12-07 to 2024-12-09", "12/"])
def test_day_range_rejects_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError, match="cannot read the date"):
        day_range(text)


# --- Findings of the generated 10,000-article archive ----------------------------------------


@pytest.mark.parametrize(
    ("dateline", "source"),
    [
        ("ZÜRICH, 12 January 2019 (Prairie Sentinel) - ", "Prairie Sentinel"),
        ("SÃO PAULO, 12 January 2019 (Coastal Herald) -- ", "Coastal Herald"),
        ("KRAKÓW, 12 January 2019 (Reuters) - ", "Reuters"),
    ],
)
def test_datelines_of_accented_places(rules: Rules, dateline: str, source: str) -> None:
    md = metadata_of(
        rules, f"Grain prices\n\n{dateline}Wheat rose sharply on Monday in thin trade."
    )
    assert (md.date, md.date_origin, md.source) == (dt.date(2019, 1, 12), "dateline", source)
    assert md.title == "Grain prices"


def test_year_less_accented_dateline_is_not_beaten_by_a_later_stamp(rules: Rules) -> None:
    body = (
        "Bridge reopens\n\nMONTRÉAL, April 9 (UPI) – The bridge reopened to traffic today after "
        "repairs that lasted most of the winter season.\n\nLast updated April 10, 2019"
    )
    md = metadata_of(rules, body)
    assert (md.date, md.date_origin) == (dt.date(2019, 4, 9), "inferred")


def test_year_less_dateline_prefers_a_same_day_stamp_over_past_events(rules: Rules) -> None:
    body = (
        "Court ruling\n\nMEXICO CITY, Jan 28 (TASS) - Judges revisited the ruling of "
        "November 26, 2016 in a long session that ended late in the evening.\n\n"
        "First published on 2019-01-28 10:40"
    )
    assert metadata_of(rules, body).date == dt.date(2019, 1, 28)


def test_year_less_dateline_comes_after_the_events_it_mentions(rules: Rules) -> None:
    body = (
        "Court ruling\n\nMEXICO CITY, Jan 28 (TASS) - Judges revisited the ruling of "
        "November 26, 2016 in a long session that ended late in the evening."
    )
    assert metadata_of(rules, body).year_hint == dt.date(2017, 1, 28)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The mayor told The Associated Press. Papers seen by The Associated Press agree.", "AP"),
        ("The mayor told the Guardian. Papers seen by the Guardian agree.", "The Guardian"),
    ],
)
def test_attributions_with_a_capital_the(rules: Rules, text: str, source: str) -> None:
    assert metadata_of(rules, f"City budget\n\n{text}").source == source


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("Montag 2. März 2009", dt.date(2009, 3, 2)),  # "Montag" is no English "Mon..."
        ("Sonntag, 5. April 2009", dt.date(2009, 4, 5)),
        ("samedi 1er avril 2006", dt.date(2006, 4, 1)),
        ("1º de mayo de 2011", dt.date(2011, 5, 1)),
        ("2018 年 9 月 18 日", dt.date(2018, 9, 18)),
        ("2018년 9월 18일", dt.date(2018, 9, 18)),
        ("Tues. Feb 3, 2009", dt.date(2009, 2, 3)),
        ("Donderdag 3 maart 2011", dt.date(2011, 3, 3)),
        ("January 11, 2010 Monday 10:00 PM GMT", dt.date(2010, 1, 11)),
    ],
)
def test_export_date_lines_in_interface_languages(written, day):
    assert parse_date_value(written, anywhere=True) == day


@pytest.mark.parametrize(
    ("named", "code"),
    [("ENGLISH", "en"), ("Englisch", "en"), ("en-GB", "en"), ("GERMAN; DEUTSCH", "de")]
    + [("Français", "fr"), ("Nederlands", "nl"), ("español", "es"), ("英文", "en"), ("", "")],
)
def test_languages_are_kept_as_codes(named, code):
    assert language_code(named) == code


def test_an_outlet_with_a_lost_space_before_its_city(rules):
    assert rules.outlet_name("The Guardian(London)") == "The Guardian (London)"
    assert rules.outlet_name("F(x) Weekly") == "F(x) Weekly"


def test_a_news_databases_edition_of_a_known_outlet_is_that_outlet(rules):
    assert rules.outlet_name("Agence France Presse -- English") == "AFP"
    assert rules.outlet_name("Xinhua General News Service") == "Xinhua"
    assert rules.outlet_name("Some Gazette -- English") == "Some Gazette -- English"
