"""Export of every match (CSV, JSON Lines, RIS, citations) and the concordance."""

from __future__ import annotations

import csv
import io
import json

import pytest

from searchapp.core.exporting import authors
from searchapp.core.types import SearchQuery

from .test_cli import run, search_json

PAGE = """<html><head><title>Ports | The Harbour Times</title>
<link rel="canonical" href="https://harbourtimes.example/2024/05/ports">
<meta property="og:site_name" content="The Harbour Times">
<meta name="author" content="By Zofia Nowak and Piotr Wiśniewski">
<meta property="article:published_time" content="2024-05-06T08:00:00Z"></head>
<body><article><h1>Crane operators in Gdańsk vote on a strike</h1>
<p>Crane operators at the port of Gdańsk voted on Monday on a strike over pay, the union said,
in a ballot that could halt the loading of ships for the first time in a decade.</p>
<p>The port authority said talks would go on and that the terminals stay open.</p>
</article></body></html>"""


def wire(n: int) -> str:
    return (
        f"Port report {n}\n\nHAMBURG, May {n} (Reuters) - Container traffic at the port rose "
        f"{n} percent in April, the port authority said, as shipping lines added calls and "
        f"rail links to the hinterland carried {n * 1000} more boxes than a year earlier.\n"
    )


@pytest.fixture
def library(write_archive, library_for):
    files = {f"wire/{n:02d}.txt": wire(n) for n in range(1, 13)}
    files["saved/gdansk.html"] = PAGE
    return library_for(write_archive(files))


def test_csv_has_every_match_accents_and_provenance(library):
    out = io.StringIO()
    report = library.export(SearchQuery("port", sources=("Reuters",)), "csv", out)
    text = out.getvalue()
    assert text.startswith("\ufeff")  # Excel shows accents only after this mark
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert report.records == len(rows) == library.search("port", sources=["Reuters"]).total == 12
    assert rows[0]["query"] == "port" and "source: Reuters" in rows[0]["filters"]
    assert rows[0]["exported"] and rows[0]["snippet"]
    out = io.StringIO()
    library.export("gdańsk", "csv", out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()[1:]))
    assert row["title"] == "Crane operators in Gdańsk vote on a strike"
    assert row["url"] == "https://harbourtimes.example/2024/05/ports"
    assert row["date"] == "2024-05-06" and row["source"] == "The Harbour Times"


def test_jsonl_holds_each_article_text_and_marks(library):
    gdansk = library.search("gdańsk").hits[0].id
    library.tag(gdansk, "labour", "Poland")
    library.note(gdansk, "call the union")
    out = io.StringIO()
    library.export("", "jsonl", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == library.search("", limit=0).total == 13
    (marked,) = [r for r in records if r["id"] == gdansk]
    assert marked["tags"] == ["labour", "Poland"] and marked["note"] == "call the union"
    assert "loading of ships" in marked["text"]


def test_ris_is_one_news_reference_per_match(library):
    gdansk = library.search("gdańsk").hits[0].id
    library.tag(gdansk, "labour")
    out = io.StringIO()
    library.export("strike OR container", "ris", out)
    text = out.getvalue()
    references = text.split("ER  - ")[:-1]
    assert len(references) == library.search("strike OR container", limit=0).total
    gdansk_ref = next(r for r in references if "Gdańsk" in r)
    lines = [line for line in gdansk_ref.strip().splitlines()]
    assert lines[0] == "TY  - NEWS"
    assert "AU  - Zofia Nowak" in lines and "AU  - Piotr Wiśniewski" in lines
    assert "DA  - 2024/05/06" in lines and "KW  - labour" in lines
    assert "UR  - https://harbourtimes.example/2024/05/ports" in lines
    assert all(len(line) > 6 and line[2:6] == "  - " for line in lines)


def test_citations_list(library):
    out = io.StringIO()
    library.export("gdańsk", "text", out)
    text = out.getvalue()
    assert "Query: gdańsk" in text
    assert (
        "1. Zofia Nowak and Piotr Wiśniewski. “Crane operators in Gdańsk vote on a strike.” "
        "The Harbour Times, 6 May 2024. https://harbourtimes.example/2024/05/ports"
    ) in text


def test_a_cancelled_export_leaves_no_file_and_an_old_one_as_it_was(library, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("earlier export", encoding="utf-8")
    report = library.export("", "csv", target, cancel=lambda: True)
    assert report.cancelled
    assert target.read_text(encoding="utf-8") == "earlier export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    done = library.export("", "csv", target)
    assert not done.cancelled and done.records == 13 and done.path == target


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Roe and John Doe in Beirut", ["Jane Roe", "John Doe"]),
        ("BY JANE ROE", ["JANE ROE"]),
        ("Jane Roe, Reuters", ["Jane Roe"]),
        ("", []),
    ],
)
def test_authors_from_bylines(byline, names):
    assert authors(byline) == names


def test_concordance_lines_in_context(library):
    found = library.concordance("rail", width=30)
    assert found.articles == 12 and found.complete
    line = found.lines[0]
    assert line.match.lower() == "rail"
    assert line.left.endswith("added calls and")
    assert line.right.startswith("links to the")
    view = library.document(line.id, "rail")
    start, end = view.hits[line.hit]
    assert view.text[start:end] == line.match


def test_concordance_has_a_line_for_every_matching_article(library):
    gdansk = library.search("gdańsk").hits[0].id
    library.star(gdansk)
    for text in ("port", "is:starred", "title:crane", "strike w/20 union"):
        found = library.concordance(text)
        assert {line.id for line in found.lines} == {
            h.id for h in library.search(text, limit=0).hits
        }


def test_concordance_limit_says_it_is_incomplete(library):
    found = library.concordance("port", limit=5)
    assert len(found.lines) == 5 and not found.complete


def records_in(fmt: str, text: str) -> int:
    if fmt == "csv":
        return len(list(csv.DictReader(io.StringIO(text))))
    if fmt == "jsonl":
        return len([json.loads(line) for line in text.splitlines()])
    return text.count("TY  - NEWS")


def test_cli_export_writes_as_many_records_as_search_reports(tmp_path):
    home = tmp_path / "home"
    total = search_json(home, "rebels OR Homs", "--limit", "0")["total"]
    for fmt in ("csv", "jsonl", "ris"):
        target = tmp_path / f"out.{fmt}"
        run("export", "rebels OR Homs", "--format", fmt, "-o", str(target), home=home)
        text = target.read_text(encoding="utf-8-sig")
        assert records_in(fmt, text) == total > 0
    assert run("export", "Homs", "--format", "text", home=home).stdout.count("\n1. ") == 1


def test_cli_kwic_json_and_review_commands(tmp_path):
    home = tmp_path / "home"
    hits = search_json(home, "Homs", "--limit", "0")["hits"]
    lines = json.loads(run("kwic", "Homs", "--json", home=home).stdout)["lines"]
    assert {line["id"] for line in lines} == {hit["id"] for hit in hits}
    assert set(lines[0]) == {"id", "left", "match", "right", "source", "date"}
    first = hits[0]["id"]
    run("tag", first, "to check", "syria", home=home)
    run("star", first, home=home)
    run("note", first, "compare with AFP", home=home)
    (hit,) = search_json(home, 'tag:"to check"')["hits"]
    assert hit["id"] == first and hit["starred"] and hit["note"] == "compare with AFP"
    assert json.loads(run("tags", "--json", home=home).stdout) == {"syria": 1, "to check": 1}
    run("untag", first, "syria", home=home)
    run("star", first, "--remove", home=home)
    assert search_json(home, "is:starred")["total"] == 0
    bad = run("tag", "no-such-id", "x", home=home, check_code=1)
    assert bad.stderr.startswith("searchapp: no article")
    bad = run("search", "Homs w/ rebels", home=home, check_code=1)
    assert "proximity operator" in bad.stderr
