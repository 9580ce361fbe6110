"""The command line, run through its real console entry point in a subprocess."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import lock_held_elsewhere

SCRIPT = Path(sys.executable).with_name("searchapp")


def run(*args: str, home: Path, check_code: int | None = 0) -> subprocess.CompletedProcess:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "searchapp"]
    env = dict(os.environ, SEARCHAPP_HOME=str(home))
    done = subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    if check_code is not None:
        assert done.returncode == check_code, done.stderr
    assert "Traceback" not in done.stderr
    return done


def search_json(home: Path, *args: str) -> dict:
    return json.loads(run("search", *args, "--json", home=home).stdout)


def test_first_search_builds_the_index_on_the_bundled_seeds(tmp_path):
    done = run("search", "Homs", "--json", home=tmp_path / "fresh")
    assert json.loads(done.stdout)["total"] == 5
    assert "Building the index" in done.stderr
    assert re.search(r"Indexed 5 articles in \d+\.\d s\.", done.stderr)


@pytest.mark.parametrize(
    ("args", "total"),
    [
        (["Homs"], 5),
        (["Jolani"], 2),
        (["Jolani", "--variants"], 5),
        (['"this regime is dead"'], 2),
        (["Homs", "--source", "Reuters"], 1),
        (["Homs", "--since", "2024-12-07"], 2),
        (["Homs", "--until", "2024-12-06"], 3),
        ([""], 5),
    ],
)
def test_search_totals_on_the_seeds(tmp_path, args, total):
    assert search_json(tmp_path / "h", *args)["total"] == total


def test_search_json_shape_and_facets(tmp_path):
    result = search_json(tmp_path / "h", "Homs", "--limit", "2")
    assert set(result) >= {"total", "elapsed_ms", "hits", "facets", "suggestion", "variants_used"}
    assert len(result["hits"]) == 2
    hit = result["hits"][0]
    assert set(hit) == {
        "id",
        "path",
        "part",
        "title",
        "date",
        "date_origin",
        "source",
        "score",
        "snippet",
        "story",
        "copies",
        "starred",
        "tags",
        "note",
    }
    assert (hit["starred"], hit["tags"], hit["note"]) == (False, [], "")  # nothing marked yet
    assert (hit["id"], hit["part"]) == (hit["path"], 1)  # a one-article file
    assert (hit["story"], hit["copies"]) == (hit["id"], [])  # the sample holds no copies
    assert "<mark>Homs</mark>" in hit["snippet"]
    assert sum(result["facets"]["sources"].values()) == result["total"]
    assert sum(b["count"] for b in result["facets"]["dates"]) == result["total"]


def test_variants_and_suggestions_are_reported(tmp_path):
    assert search_json(tmp_path / "h", "Jolani", "--variants")["variants_used"] == {
        "jolani": ["golani", "jawlani"]
    }
    assert search_json(tmp_path / "h", "Homz")["suggestion"] == "homs"


def test_text_output_lists_hits_facets_and_suggestion(tmp_path):
    out = run("search", "Homz", home=tmp_path / "h").stdout
    assert "0 results" in out and "Did you mean: homs" in out
    out = run("search", "Homs", "--limit", "1", home=tmp_path / "h").stdout
    assert out.startswith("5 results") and "**Homs**" in out and "Sources:" in out


def test_limit_zero_and_offset(tmp_path):
    assert len(search_json(tmp_path / "h", "Homs", "--limit", "0")["hits"]) == 5
    assert len(search_json(tmp_path / "h", "Homs", "--offset", "4")["hits"]) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["search", '"unclosed'],
        ["search", "x", "--since", "someday"],
        ["search", "x", "--until", "2024-13-01"],
        ["search", "x", "--limit", "-3"],
        ["search", "date:nonsense"],
        ["add", "/no/such/folder"],
        ["remove", "/never/added"],
        ["frobnicate"],
    ],
)
def test_user_errors_are_one_sentence_and_exit_1(tmp_path, args):
    done = run(*args, home=tmp_path / "h", check_code=1)
    message = [line for line in done.stderr.splitlines() if line.startswith("searchapp:")]
    assert len(message) == 1 and len(message[0]) < 200


def test_add_reindex_status_remove(tmp_path, write_archive):
    home = tmp_path / "h"
    folder = write_archive({"a.txt": "Title: Alpha\nDate: 2020-02-02\nSource: Wire\n\nQuokka."})
    added = run("add", str(folder), "--json", home=home)
    report = json.loads(added.stdout)
    # The bundled sample is the library of a first run; the user's first folder takes its place.
    assert report["added"] == 1 and report["documents"] == 1
    assert "sample archive has left the library" in added.stderr
    status = json.loads(run("status", "--json", home=home).stdout)
    assert status["documents"] == 1 and status["folders"] == [str(folder)]
    assert status["date_range"] == ["2020-02-02", "2020-02-02"]
    summary = run("reindex", home=home).stdout
    assert summary.startswith("0 added, 0 updated, 0 removed, 0 skipped")
    other = write_archive({"b.txt": "Title: Beta\nDate: 2021-03-03\nSource: Wire\n\nWombat."})
    assert json.loads(run("add", str(other), "--json", home=home).stdout)["documents"] == 2
    report = json.loads(run("remove", str(folder), "--json", home=home).stdout)
    assert report["removed"] == 1 and report["documents"] == 1
    assert "Articles:  1" in run("status", home=home).stdout


def test_reindex_full_and_skipped_report(tmp_path, write_archive):
    home = tmp_path / "h"
    folder = write_archive({"good.txt": "Fine words.", "bad.txt": b"\x00\x00binary"})
    run("add", str(folder), home=home)
    report = json.loads(run("reindex", "--full", "--json", home=home).stdout)
    assert report["full"] and report["documents"] == 1
    assert [(Path(s["path"]).name, s["reason"]) for s in report["skipped"]] == [
        ("bad.txt", "binary file (NUL bytes)")
    ]


def test_locked_index_exits_2(tmp_path):
    home = tmp_path / "h"
    run("reindex", home=home)
    with lock_held_elsewhere(home / "index" / "write.lock"):
        done = run("reindex", home=home, check_code=2)
        assert "another searchapp process" in done.stderr
        # Searches go on meanwhile.
        assert json.loads(run("search", "Homs", "--json", home=home).stdout)["total"] == 5


def test_damaged_index_exits_2_and_full_reindex_recovers(tmp_path):
    home = tmp_path / "h"
    run("reindex", home=home)
    live = home / "index" / (home / "index" / "CURRENT").read_text().strip()
    for toc in live.glob("*.toc"):
        toc.unlink()
    done = run("search", "Homs", home=home, check_code=2)
    assert "reindex --full" in done.stderr
    run("reindex", "--full", home=home)
    assert search_json(home, "Homs")["total"] == 5


def test_no_arguments_opens_the_window_on_the_seeds(tmp_path, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("SEARCHAPP_QUIT_WHEN_READY", "1")
    done = run(home=tmp_path / "h", check_code=0)
    assert "ready: 5 results on screen" in done.stderr


def test_help_lists_every_command(tmp_path):
    out = run("--help", home=tmp_path / "h").stdout
    for command in ("add", "remove", "reindex", "search", "status"):
        assert command in out


def test_the_seeds_are_reachable_from_another_folder(tmp_path):
    env = dict(os.environ, SEARCHAPP_HOME=str(tmp_path / "h"))
    code = "from searchapp.paths import seeds_dir; print(len(list(seeds_dir().glob('*.txt'))))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stdout.strip() == "5"


def test_script_exists():
    assert SCRIPT.exists() or shutil.which("searchapp")


@pytest.mark.parametrize(
    "rules",
    [
        "limits = 5",
        "[limits",
        '[[evidence]]\nkind = "x"\nwhere = "top"\nweight = 1\npattern = "(("',
        '[[evidence]]\nkind = "x"\nwhere = "line"\nweight = 1\npattern = "{outlet}"',
        '[limits]\nmax_file_mb = "big"',
    ],
)
def test_a_bad_user_rules_file_is_one_sentence(tmp_path, rules):
    home = tmp_path / "h"
    home.mkdir()
    (home / "rules.toml").write_text(rules, encoding="utf-8")
    done = run("reindex", home=home, check_code=1)
    assert "rules" in done.stderr


def test_a_home_that_is_a_file_is_one_sentence(tmp_path):
    home = tmp_path / "file"
    home.write_text("not a folder", encoding="utf-8")
    for args in (["status"], ["add", str(tmp_path)], ["search", "x"]):
        assert "is a file, not a folder" in run(*args, home=home, check_code=1).stderr


def test_adding_a_folder_inside_a_library_folder_is_one_sentence(tmp_path, write_archive):
    home = tmp_path / "h"
    folder = write_archive({"sub/a.txt": "Title: Alpha\nDate: 2020-02-02\n\nQuokka."})
    run("add", str(folder), home=home)
    refused = run("add", str(folder / "sub"), home=home, check_code=1)
    assert refused.stderr.count("\n") == 1 and "inside" in refused.stderr


def test_a_command_run_alone_parses_and_helps_as_in_the_whole_parser():
    # A run builds only its own command's parser: each must read its arguments and print its
    # help exactly as the parser of every command does.
    from searchapp import cli

    def subparser(parser, name):
        (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        return commands.choices[name]

    whole = cli.build_parser()
    for name in cli.COMMANDS:
        alone = cli.build_parser(only=name)
        assert list(subparser(alone, name)._option_string_actions) == list(
            subparser(whole, name)._option_string_actions
        )
        assert subparser(alone, name).format_help() == subparser(whole, name).format_help()
    args, _ = cli.build_parser(only="search").parse_known_args(["search", "homs", "--limit", "3"])
    assert (args.command, args.query, args.limit) == ("search", "homs", 3)
