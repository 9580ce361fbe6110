"""Stories: copies of one article, in any wrapper and after small edits, share a story and show
once; articles that only share a topic do not."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from searchapp.core.engine.analysis import words
from searchapp.core.engine.stories import are_copies, fingerprint, shingles
from searchapp.core.errors import UserInputError
from tests.shapes import Story, nexis_classic

PARAGRAPHS = [
    "Rebel fighters entered the outskirts of Homs on Thursday after a week-long advance down "
    "the main highway from Hama, residents and a war monitor said, as thousands of families "
    "fled west towards the coast in cars, trucks and on foot.",
    "The Syrian Observatory for Human Rights said government troops had withdrawn from two "
    "villages north of the city overnight, leaving checkpoints empty and armoured vehicles "
    "abandoned along the road.",
    "A spokesman for the rebel command told reporters the fighters would not harm civilians "
    "and urged soldiers to lay down their arms, promising safe passage to those who did.",
    "Prices of bread and fuel doubled in the city within two days, a shopkeeper said by "
    "telephone, and queues formed outside the few bakeries still open after dark.",
    "The United Nations said it was alarmed by reports of civilian casualties and called on "
    "all sides to protect hospitals, schools and the roads used by people trying to leave.",
]
WIRE = "\n\n".join(PARAGRAPHS)
TRIMMED = "\n\n".join(PARAGRAPHS[:-1])  # the last paragraph cut, as papers do for space

# Same event, same names, another text: a follow-up the next day.
FOLLOW_UP = "\n\n".join(
    [
        "Government forces shelled rebel positions near Homs on Friday, a day after the "
        "fighters reached the city's outskirts, the war monitor said.",
        "The Syrian Observatory for Human Rights counted at least twelve dead in the "
        "shelling, among them four children, and said the highway to Damascus was cut.",
        "Rebel commanders said they had taken the military academy on the northern edge of "
        "Homs and would press on towards the city centre before the weekend.",
        "Aid groups said they had run out of tents for families sleeping in olive groves "
        "west of the city, and appealed for blankets and medicine.",
    ]
)


# Other texts on Homs: a month later (other events), and the flight on the same days.
MONTH_LATER = "\n\n".join(
    [
        "A month after rebel fighters advanced from Hama and entered Homs, shops in the old "
        "city have reopened, and United Nations human rights monitors found no shelling.",
        "Families who fled west towards the coast are returning to the villages north of the "
        "city, where rebel commanders have set up councils to run bakeries and clinics.",
    ]
)
FLIGHT = "\n\n".join(
    [
        "Thousands of families fled Homs on Thursday as rebel fighters advanced from Hama, "
        "packing cars and trucks on the highway west towards the coast, witnesses said.",
        "The Syrian Observatory for Human Rights said government troops had left villages north "
        "of the city, and a rebel spokesman promised safe passage to soldiers who gave up.",
    ]
)


def clipping(title: str, date: str, source: str, body: str) -> str:
    return f"Title: {title}\nDate: {date}\nSource: {source}\n\n{body}\n"


def saved_page(title: str, body: str) -> str:
    sections = "world sport culture".split()
    menu = "".join(f"<li><a href='/{w}'>{w.title()}</a></li>" for w in sections)
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        "<html><head><title>{t} | Daily Ledger</title>"
        '<meta property="og:site_name" content="Daily Ledger">'
        '<meta property="article:published_time" content="2024-12-05T09:00:00Z"></head>'
        f"<body><nav><ul>{menu}</ul></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<aside><h2>Most read</h2><p>Ten recipes for winter soups you can freeze.</p></aside>"
        "<footer>© Daily Ledger. All rights reserved.</footer></body></html>"
    ).replace("{t}", title)


def _stories(library) -> dict[str, str]:
    """Each article's file name (with #N for an export's articles) and its story's id."""
    hits = library.search("", limit=0, duplicates="show").hits
    return {hit.id.rsplit("/", 1)[-1]: hit.story for hit in hits}


def test_copies_in_different_wrappers_share_a_story(write_archive, library_for):
    folder = write_archive(
        {
            "clip.txt": clipping("Rebels reach Homs", "2024-12-05", "Reuters", WIRE),
            "page.html": saved_page("Rebels reach outskirts of Homs", WIRE),
            "export.TXT": nexis_classic(
                [
                    Story("Homs braces as rebels arrive", "The Courier", "December 5, 2024", WIRE),
                    Story("Fighting near Homs", "The Courier", "December 6, 2024", FOLLOW_UP),
                ]
            ),
        }
    )
    library = library_for(folder)
    stories = _stories(library)
    assert stories["clip.txt"] == stories["page.html"] == stories["export.TXT#1"]
    assert stories["export.TXT#2"] != stories["clip.txt"]
    # The story's id is its smallest article id, whichever copy was read first.
    shown = library.search("", limit=0, duplicates="show").hits
    assert stories["clip.txt"] == min(h.id for h in shown if h.story == stories["clip.txt"])


def test_a_search_shows_each_story_once_with_its_copies(write_archive, library_for):
    folder = write_archive(
        {
            "a.txt": clipping("Rebels reach Homs", "2024-12-05", "Reuters", WIRE),
            "b.txt": clipping("Rebels at the gates of Homs", "2024-12-05", "AFP", WIRE),
            "c.txt": clipping("Shelling near Homs", "2024-12-06", "Reuters", FOLLOW_UP),
        }
    )
    library = library_for(folder)
    collapsed = library.search("Homs", limit=0)
    shown = library.search("Homs", limit=0, duplicates="show")
    assert (shown.total, collapsed.total, collapsed.folded) == (3, 2, 1)
    story = next(h for h in collapsed.hits if h.copies)
    assert [(c.source, c.date.isoformat()) for c in story.copies] in (
        [("AFP", "2024-12-05")],
        [("Reuters", "2024-12-05")],
    )
    # Counts follow what is shown: one story per source here.
    assert sum(collapsed.facets.sources.values()) == 2
    assert sum(b.count for b in collapsed.facets.dates) == 2
    # A filter that drops the copy shown first lets the other copy stand for the story.
    afp = library.search("Homs", sources=["AFP"], limit=0)
    assert [(h.source, h.copies) for h in afp.hits] == [("AFP", ())]
    assert afp.total == 1


def test_edits_that_keep_a_story_and_texts_that_only_share_its_topic():
    original = set(shingles(words(WIRE)))

    def same(text: str) -> bool:
        return are_copies(original, shingles(words(text)))

    trimmed = "\n\n".join(PARAGRAPHS[:-1])
    corrected = WIRE.replace("two villages", "three villages").replace("doubled", "tripled")
    corrected += "\n\nCorrection: an earlier version misspelt the name of the war monitor."
    reworded = WIRE.replace("told reporters", "said").replace("residents and", "people and")
    grown = f"{WIRE}\n\n{FOLLOW_UP}\n\n{FLIGHT}"  # an update that more than doubled
    assert same(trimmed) and same(corrected) and same(reworded) and same(grown)
    assert not same(FOLLOW_UP)
    # Another story that ends with the same stock paragraph: a different story.
    other_city = "\n\n".join(
        [
            "Rebel fighters took the southern city of Daraa on Sunday after local armed groups "
            "rose up against the army, residents said, and crowds tore down a statue.",
            "Soldiers at the border crossing with Jordan left their posts overnight and "
            "hundreds of families waited to cross south, a customs officer said.",
            PARAGRAPHS[-1],
        ]
    )
    assert not same(other_city)
    # Band keys: copies share some, unrelated texts none.
    bands = lambda text: {fingerprint(text)[i : i + 4] for i in range(8, 136, 4)}  # noqa: E731
    assert bands(WIRE) & bands(trimmed)
    assert not bands(WIRE) & bands(FOLLOW_UP)


def test_short_texts_are_nobodys_copy(write_archive, library_for):
    stub = "Subscribe to read the full story."
    folder = write_archive(
        {f"{n}.txt": clipping(f"Story {n}", "2024-12-05", "Ledger", stub) for n in range(3)}
    )
    library = library_for(folder)
    assert library.search("").total == 3
    assert fingerprint(stub) == b""


def test_stories_follow_copies_arriving_and_leaving(write_archive, library_for):
    folder = write_archive(
        {
            "b.txt": clipping("Rebels reach Homs", "2024-12-05", "Reuters", WIRE),
            "c.txt": clipping("Shelling near Homs", "2024-12-06", "Reuters", FOLLOW_UP),
        }
    )
    library = library_for(folder)
    assert library.search("").total == 2
    copy = folder / "a.txt"
    copy.write_text(clipping("Homs: rebels arrive", "2024-12-05", "AFP", WIRE), encoding="utf-8")
    library.reindex()
    stories = _stories(library)
    assert stories["a.txt"] == stories["b.txt"] and stories["a.txt"].endswith("a.txt")
    assert library.search("").total == 2 and library.search("").folded == 1
    rebuilt = _stories_after_rebuild(library)
    assert rebuilt == stories  # a full rebuild gives the same stories
    copy.unlink()
    library.reindex()
    stories = _stories(library)
    assert stories["b.txt"].endswith("b.txt")  # alone again: its own story
    assert library.search("").folded == 0


def _stories_after_rebuild(library) -> dict[str, str]:
    library.reindex(full=True)
    return _stories(library)


def test_a_lost_story_table_is_found_again(write_archive, library_for):
    folder = write_archive(
        {
            "a.txt": clipping("Rebels reach Homs", "2024-12-05", "Reuters", WIRE),
            "b.txt": clipping("Rebels near Homs", "2024-12-05", "AFP", WIRE),
        }
    )
    library = library_for(folder)
    for table in library.home.rglob("stories.pickle"):
        table.write_bytes(b"damaged")
    fresh = type(library).open(library.home)  # a new process's view of the index
    assert fresh.search("").total == 1 and fresh.search("").folded == 1
    # Found again once, and saved: the next process reads it instead of comparing texts.
    from searchapp.core.engine.stories import StoryTable

    (table,) = library.home.rglob("stories.pickle")
    _name, ix = fresh.store.open()
    assert StoryTable.load(table, ix.latest_generation()) is not None


def test_the_command_line_collapses_or_shows_copies(write_archive, library_for, private_home):
    folder = write_archive(
        {
            "a.txt": clipping("Rebels reach Homs", "2024-12-05", "Reuters", WIRE),
            "b.txt": clipping("Rebels near Homs", "2024-12-05", "AFP", WIRE),
        }
    )
    library_for(folder)
    env = {"SEARCHAPP_HOME": str(private_home)}

    def run(*args: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "searchapp", "search", "Homs", "--json", *args],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    collapsed = run()
    assert collapsed["total"] == 1 and collapsed["folded"] == 1
    (hit,) = collapsed["hits"]
    assert len(hit["copies"]) == 1 and hit["story"] in {hit["id"], hit["copies"][0]}
    shown = run("--duplicates", "show")
    assert shown["total"] == 2 and {h["story"] for h in shown["hits"]} == {hit["story"]}
    assert all(h["copies"] == [] for h in shown["hits"])


def test_the_samples_outlets_are_each_others_coverage(seed_library):
    homs = seed_library.search("Homs", limit=0).hits
    assert len({hit.source for hit in homs}) == 5
    for hit in homs:
        related = seed_library.related(hit.id)
        others = {h.source for h in related.hits}
        assert hit.source not in others and len(others & {h.source for h in homs}) >= 3
        assert all(abs((h.date - hit.date).days) <= 3 for h in related.hits)


def test_related_keeps_to_its_days_leaves_out_its_copies_and_groups_by_outlet(
    write_archive, library_for
):
    folder = write_archive(
        {
            "a.txt": clipping("Rebels reach Homs", "2024-12-05", "Reuters", WIRE),
            "b.txt": clipping("Rebels near Homs", "2024-12-05", "AFP", WIRE),  # a copy
            "c.txt": clipping("Shelling near Homs", "2024-12-06", "Ledger", FOLLOW_UP),
            "d.txt": clipping("Homs, a month on", "2025-01-10", "Ledger", MONTH_LATER),
            "e.txt": clipping("Families flee Homs", "2024-12-06", "Courier", FLIGHT),
        }
    )
    library = library_for(folder)
    article = next(
        h for h in library.search("", limit=0, duplicates="show").hits if h.id.endswith("a.txt")
    )
    related = library.related(article.id)
    names = [h.id.rsplit("/", 1)[-1] for h in related.hits]
    assert "c.txt" in names  # the follow-up, the next day
    assert "b.txt" not in names and "a.txt" not in names  # its own story
    assert "d.txt" not in names  # a month later: other events
    wider = library.related(article.id, days=60)
    assert "d.txt" in [h.id.rsplit("/", 1)[-1] for h in wider.hits]
    sources = [h.source for h in wider.hits]
    assert sources == sorted(sources, key=sources.index)  # each outlet's articles together
    with pytest.raises(UserInputError):
        library.related("/nowhere/none.txt")


def test_the_command_line_diffs_two_copies_and_lists_related(write_archive, library_for):
    trimmed = "\n\n".join(PARAGRAPHS[:-1]).replace("two villages", "three villages")
    folder = write_archive(
        {
            "a.txt": clipping("Rebels reach Homs", "2024-12-05", "Reuters", WIRE),
            "b.txt": clipping("Rebels near Homs", "2024-12-05", "AFP", trimmed),
            "c.txt": clipping("Families flee Homs", "2024-12-06", "Courier", FLIGHT),
        }
    )
    library = library_for(folder)
    first, second = (str(folder / name) for name in ("a.txt", "b.txt"))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "searchapp", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "SEARCHAPP_HOME": str(library.home)},
            timeout=60,
        )

    diff = run("diff", first, second)
    assert diff.returncode == 0, diff.stderr
    assert "[-two-]{+three+} villages" in diff.stdout
    assert "[-The United Nations" in diff.stdout and "{+" in diff.stdout
    related = run("related", first, "--json")
    assert related.returncode == 0, related.stderr
    hits = json.loads(related.stdout)["hits"]
    assert [h["source"] for h in hits] == ["Courier"] and hits[0]["story"] == hits[0]["id"]
    missing = run("diff", first, str(folder / "none.txt"))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1


def test_the_copy_shown_is_the_same_in_any_rebuild(write_archive, library_for):
    folder = write_archive({"b.txt": clipping("Rebels reach Homs", "2024-12-05", "AFP", WIRE)})
    library = library_for(folder)
    (folder / "a.txt").write_text(
        clipping("Rebels near Homs", "2024-12-05", "Reuters", WIRE), encoding="utf-8"
    )
    library.reindex()  # the copy with the smaller id arrives second
    for query in ("", "Homs"):
        (shown,) = library.search(query).hits
        assert shown.id.endswith("a.txt"), query
    library.reindex(full=True)
    assert [h.id[-5:] for h in library.search("Homs").hits] == ["a.txt"]


def test_a_commit_compares_only_the_texts_it_has_not_compared_before(
    write_archive, library_for, monkeypatch
):
    # Two copies (one trimmed) and a near miss: after the first commit every pair sharing a band
    # key has its verdict, and later commits compare only the pairs a new text makes.
    import searchapp.core.engine.stories as stories

    folder = write_archive(
        {
            "a.txt": clipping("Rebels reach Homs", "2024-12-05", "Reuters", WIRE),
            "b.txt": clipping("Rebels near Homs", "2024-12-05", "AFP", TRIMMED),
            "c.txt": clipping("Homs families flee", "2024-12-05", "AP", FLIGHT),
        }
    )
    library = library_for(folder)
    assert _stories(library)["a.txt"] == _stories(library)["b.txt"]
    compared: list[int] = []
    real = stories.are_copies
    monkeypatch.setattr(stories, "are_copies", lambda a, b: compared.append(1) or real(a, b))
    (folder / "d.txt").write_text(clipping("Untouched note", "2024-12-07", "UPI", FOLLOW_UP))
    library.reindex()  # a text with nothing in common with the others: no comparison at all
    assert compared == []
    (folder / "e.txt").write_text(clipping("Homs: rebels arrive", "2024-12-05", "DPA", WIRE))
    library.reindex()
    # e.txt is a.txt's text: linked to it by its exact hash, compared with the trimmed copy
    # and the near miss at most, never a pair compared at the first commit again.
    assert len(compared) <= 2
    stories_now = _stories(library)
    assert stories_now["e.txt"] == stories_now["a.txt"] == stories_now["b.txt"]
    assert stories_now["c.txt"] != stories_now["a.txt"]


def test_candidate_pairs_are_every_pair_sharing_a_band_key_once():
    # Random fingerprints with planted sharing: copies that share some bands, a text found
    # three times (same exact hash), and a band key on more articles than BUCKET_LIMIT
    # (boilerplate, no pairs). The pairs must be those a plain grouping of each band finds,
    # each once, the article with the smaller exact hash first (the verdicts' key order).
    import random

    from searchapp.core.engine import stories

    rng = random.Random(7)
    count = 400
    exact = [rng.getrandbits(64).to_bytes(8, "big") for _ in range(count)]
    keys = [[rng.getrandbits(32) for _ in range(stories.BANDS)] for _ in range(count)]
    for _ in range(60):  # copies: a second article takes some of a first one's band keys
        one, other = rng.sample(range(count), 2)
        for band in rng.sample(range(stories.BANDS), rng.randint(1, stories.BANDS)):
            keys[other][band] = keys[one][band]
    for place in (10, 20, 30):
        exact[place] = exact[5]
    crowd = rng.sample(range(count), stories.BUCKET_LIMIT + 1)
    for place in crowd:
        keys[place][3] = 12345
    full = rng.sample(range(count), stories.BUCKET_LIMIT)  # as many as a bucket holds
    for place in full:
        keys[place][4] = 67890
    records = b"".join(
        exact[p] + b"".join(k.to_bytes(stories.KEY, "little") for k in keys[p])
        for p in range(count)
    )

    same_text, pairs = stories._candidates(records)
    pairs = list(pairs)

    expected = set()
    for band in range(stories.BANDS):
        places: dict[int, list[int]] = {}
        for place in range(count):
            places.setdefault(keys[place][band], []).append(place)
        for group in places.values():
            if 2 <= len(group) <= stories.BUCKET_LIMIT:
                expected |= {(a, b) for a in group for b in group if a < b}
    assert len(pairs) == len(set(pairs))
    assert {tuple(sorted(pair)) for pair in pairs} == expected
    assert all(exact[one] <= exact[other] for one, other in pairs)
    found = {tuple(sorted(pair)) for pair in pairs}
    assert tuple(sorted(crowd[:2])) not in found  # they share only the crowded key
    assert {(a, b) for a in full for b in full if a < b} <= found
    assert [sorted(group) for group in same_text] == [[5, 10, 20, 30]]

    for few in (0, 1):
        alone, none = stories._candidates(records[: few * stories.RECORD])
        assert (alone, list(none)) == ([], [])


def test_a_search_that_reads_the_saved_stories_does_without_numpy(
    write_archive, library_for, private_home
):
    folder = write_archive(
        {
            "a.txt": clipping("Rebels reach Homs", "2024-12-05", "Reuters", WIRE),
            "b.txt": clipping("Rebels near Homs", "2024-12-05", "AFP", TRIMMED),
        }
    )
    library = library_for(folder)
    probe = (
        "import sys; from searchapp.core.library import Library;"
        f"r = Library.open({str(private_home)!r}).search('Homs');"
        "print(r.total, r.folded, 'numpy' in sys.modules)"
    )

    def search_elsewhere() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        )
        return done.stdout.split()

    assert search_elsewhere() == ["1", "1", "False"]
    for table in library.home.rglob("stories.pickle"):
        table.unlink()  # lost: the next search groups the stories again, with numpy
    assert search_elsewhere() == ["1", "1", "True"]
    assert search_elsewhere() == ["1", "1", "False"]
