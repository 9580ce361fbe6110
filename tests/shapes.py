"""Files in the shapes news databases export, built for tests (never copied from a sample)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Story:
    title: str
    outlet: str
    date: str  # as the export writes it, e.g. "January 11, 2010 Monday"
    body: str
    byline: str = ""
    section: str = ""
    language: str = "ENGLISH"


def nexis_classic(stories: list[Story], stated: int | None = None) -> str:
    """A Nexis classic text export: a cover page, then "N of M DOCUMENTS" and labelled fields."""
    total = len(stories) if stated is None else stated
    lines = [
        f"Download Request: Selected Items: 1-{total}",
        "Time Of Request: Friday, March 20, 2018  16:51:31",
        "",
        "Terms: (harbour or ferry)",
        "",
        "Source: Selected newspapers",
        "",
        "",
    ]
    for number, story in enumerate(stories, start=1):
        lines += [f"{'':>31}{number} of {total} DOCUMENTS", "", "", ""]
        lines += [f"{'':>30}{story.outlet}", "", f"{'':>28}{story.date}", "", story.title, ""]
        if story.byline:
            lines += [f"BYLINE: {story.byline}", ""]
        if story.section:
            lines += [f"SECTION: {story.section}", ""]
        lines += [f"LENGTH: {len(story.body.split())} words", "", story.body, ""]
        lines += [f"LOAD-DATE: {story.date}", "", f"LANGUAGE: {story.language}", ""]
        lines += ["PUBLICATION-TYPE: Newspaper", "", ""]
        lines += [f"{'':>20}Copyright 2010 {story.outlet}", f"{'':>26}All Rights Reserved", ""]
        lines += ["", ""]
    return "\r\n".join(lines)


HARBOUR_STORIES = [
    Story(
        "Ferry strike ends after night of talks",
        "The Harbour Gazette",
        "January 11, 2010 Monday",
        "Ferry crews returned to work on Monday after unions and the port authority agreed "
        "on new rosters. Passengers queued at the quay from dawn.",
        byline="Jane Okafor",
        section="NEWS; Pg. 4",
    ),
    Story(
        "Quay repairs to close the north berth",
        "Coastal Courier",
        "February 3, 2010 Wednesday",
        "The north berth will close for six weeks while engineers repair the quay wall "
        "that the winter storms undermined.",
        byline="Tom Reyes",
        section="LOCAL",
    ),
    Story(
        "Neuer Fahrplan für die Fähren",
        "Hafenblatt",
        "Mittwoch 31. März 2010",
        "Die Fähren fahren ab April häufiger, teilte die Hafenbehörde am Mittwoch mit.",
        byline="Anna Becker",
        section="Lokales",
        language="GERMAN",
    ),
]
