"""The compact posting blocks: what is written reads back exactly, through Whoosh's interfaces."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Existence

from searchapp.core.engine.postings import (
    BLOCK_SIZE,
    KEY_STRIDE,
    BlockMatcher,
    BlockPostingsWriter,
    CompactPositions,
    PostingList,
    TermPool,
)
from searchapp.core.errors import IndexDamaged, IndexOutdated
from searchapp.core.library import Library
from tests.conftest import set_mtime


def write_and_read(format_, postings: list[tuple[int, float, bytes]], whole: bool):
    """Write one posting list (one at a time, or whole) and read it back through a matcher."""
    postfile = StructFile(io.BytesIO())
    postfile.write(b"pad!")  # a list need not start at offset 0
    writer = BlockPostingsWriter(postfile)
    writer.start_postings(format_, W3TermInfo())
    if whole:
        plist = PostingList()
        for docnum, weight, value in postings:
            plist.append(docnum, weight, value)
        writer.add_list(plist, lambda docnum: docnum % 50 + 1)
    else:
        for docnum, weight, value in postings:
            writer.add_posting(docnum, weight, value, docnum % 50 + 1)
    terminfo = writer.finish_postings()
    offset, length = terminfo.extent()
    matcher = BlockMatcher(postfile, offset, length, format_)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return terminfo, found


posting_lists = st.lists(
    st.tuples(
        st.integers(0, 2_000_000),
        st.one_of(st.integers(1, 70_000).map(float), st.just(1.0), st.just(0.5)),
        st.binary(max_size=40),
    ),
    min_size=1,
    max_size=3 * BLOCK_SIZE + 7,
    unique_by=lambda posting: posting[0],
).map(sorted)


@settings(max_examples=60, deadline=None)
@given(postings=posting_lists, whole=st.booleans())
def test_blocks_give_back_ids_weights_and_values(postings, whole):
    terminfo, found = write_and_read(CompactPositions(), postings, whole)
    assert found == postings
    assert terminfo.doc_frequency() == len(postings)
    assert terminfo.max_weight() == max(weight for _d, weight, _v in postings)
    assert (terminfo.min_id(), terminfo.max_id()) == (postings[0][0], postings[-1][0])


def test_values_longer_than_16_bits_and_formats_without_values():
    long_value = bytes(range(256)) * 300  # 76,800 bytes
    _info, found = write_and_read(CompactPositions(), [(3, 2.0, long_value), (9, 1.0, b"x")], True)
    assert found == [(3, 2.0, long_value), (9, 1.0, b"x")]
    _info, found = write_and_read(Existence(), [(d, 1.0, b"") for d in range(300)], True)
    assert found == [(d, 1.0, None) for d in range(300)]


def test_matcher_skips_to_ids_across_blocks():
    postings = [(d * 3, 1.0, b"") for d in range(1000)]
    postfile = StructFile(io.BytesIO())
    writer = BlockPostingsWriter(postfile)
    writer.start_postings(Existence(), W3TermInfo())
    for posting in postings:
        writer.add_posting(*posting)
    offset, length = writer.finish_postings().extent()
    matcher = BlockMatcher(postfile, offset, length, Existence())
    matcher.skip_to(1501)
    assert matcher.id() == 1503
    matcher.skip_to(2997)
    assert matcher.id() == 2997
    matcher.next()
    assert not matcher.is_active()


def test_pool_sorts_a_list_whose_documents_came_out_of_order():
    pool = TermPool()
    rng = random.Random(5)
    docnums = rng.sample(range(10_000), 500)
    for docnum in docnums:
        pool.add(("content", b"word", docnum, float(docnum % 7 + 1), docnum.to_bytes(3, "big")))
    got = list(pool.iter_postings())
    assert [posting[2] for posting in got] == sorted(docnums)
    assert all(value == docnum.to_bytes(3, "big") for _f, _t, docnum, _w, value in got)
    assert all(weight == docnum % 7 + 1 for _f, _t, docnum, weight, _v in got)


def test_index_with_segments_of_another_block_format_is_not_current(write_archive, library_for):
    library = library_for(write_archive({"a.txt": "Homs fell on Saturday.\n"}))
    store = library.store
    assert store.is_current()
    _name, ix = store.open()
    with ix.writer(codec=W3Codec()) as writer:  # Whoosh's own blocks, as older versions wrote
        writer.add_document(path="/elsewhere/b.txt", title="Aleppo")
        writer.merge = False
    assert not store.is_current()
    with pytest.raises(IndexDamaged, match="older version"):
        library.search("homs")
    library.reindex()  # rebuilds it whole
    assert store.is_current()
    assert [hit.title for hit in library.search("homs").hits] == ["Homs fell on Saturday."]


def test_an_index_whose_pickled_classes_moved_is_rebuilt_by_a_plain_reindex(
    write_archive, library_for
):
    # Whoosh pickles the schema's field and codec classes into the table of contents; an index
    # written before a class moved names a module this version does not have.
    library = library_for(write_archive({"a.txt": "Homs fell on Saturday.\n"}))
    directory = library.store.current_dir()
    for toc in directory.glob("*.toc"):
        data = toc.read_bytes()
        assert b"searchapp.core.engine." in data
        toc.write_bytes(data.replace(b"searchapp.core.engine.", b"searchapp.core.former."))
    library = Library.open(library.home)  # a new process: nothing opened yet
    assert not library.store.is_current()
    with pytest.raises(IndexOutdated, match="older version"):
        library.search("homs")
    report = library.reindex()
    assert report.added == 1 and library.store.is_current()
    assert [hit.title for hit in library.search("homs").hits] == ["Homs fell on Saturday."]


@pytest.mark.parametrize("batches", [2, 5])
def test_segments_merged_by_later_commits_read_back_like_one_build(
    write_archive, library_for, batches, tmp_path
):
    # Each batch is its own commit; Whoosh merges the small segments through the pool. (Scores
    # may differ in the last digits: a merge totals the lengths Whoosh rounded to a byte.)
    rng = random.Random(batches)
    words = ["homs", "aleppo", "rebels", "said", "army", "city", "today", "talks"]
    files = {
        f"f{n:03}.txt": " ".join(rng.choice(words) for _ in range(rng.randint(5, 60))) + "\n"
        for n in range(40)
    }
    folder = write_archive({})
    library = library_for(folder)
    names = sorted(files)
    for batch in range(batches):
        for name in names[batch::batches]:
            (folder / name).write_text(files[name], encoding="utf-8")
            set_mtime(folder / name, 1_700_000_000)
        library.reindex()
    fresh = Library.open(tmp_path / "fresh home")
    for sample in fresh.folders:
        fresh.remove_folder(sample)
    copy = write_archive(files)
    fresh.add_folder(copy)
    fresh.reindex()
    for word in words:
        assert positions_by_file(library, word) == positions_by_file(fresh, word)
        assert {hit.path for hit in library.search(word, limit=100).hits} == {
            hit.path.replace(str(copy), str(folder)) for hit in fresh.search(word, limit=100).hits
        }


def positions_by_file(library: Library, word: str) -> dict[str, list[int]]:
    _name, ix = library.store.open()
    with ix.reader() as reader:
        matcher = reader.postings("content", word)
        return {
            Path(reader.stored_fields(docnum)["path"]).name: positions
            for docnum, positions in matcher.items_as("positions")
        }


@settings(max_examples=80, deadline=None)
@given(
    positions=st.lists(
        st.one_of(st.integers(0, 70), st.integers(65_530, 65_540), st.integers(0, 3_000_000)),
        min_size=1,
        max_size=40,
        unique=True,
    ).map(sorted)
)
def test_positions_with_gaps_of_any_size_read_back(positions):
    fmt = CompactPositions()
    value = fmt.encode(positions)
    assert fmt.decode_positions(value) == positions
    assert fmt.decode_frequency(value) == len(positions)


@settings(max_examples=40, deadline=None)
@given(
    docs=st.lists(
        st.lists(st.integers(0, 70_000), min_size=1, max_size=30, unique=True).map(sorted),
        min_size=1,
        max_size=2 * BLOCK_SIZE + 3,
    ),
    base=st.integers(0, 10_000),
    shift=st.integers(0, 3),
)
def test_position_keys_number_every_position_of_every_document(docs, base, shift):
    fmt = CompactPositions()
    postings = [(docnum * 2, float(len(p)), fmt.encode(p)) for docnum, p in enumerate(docs)]
    postfile = StructFile(io.BytesIO())
    writer = BlockPostingsWriter(postfile)
    writer.start_postings(fmt, W3TermInfo())
    for posting in postings:
        writer.add_posting(*posting)
    offset, length = writer.finish_postings().extent()
    matcher = BlockMatcher(postfile, offset, length, fmt)
    keys = []
    while matcher.is_active():
        keys.extend(matcher.position_keys(base, shift))
        matcher._next_block()
    expected = [
        (base + docnum * 2) * KEY_STRIDE + position - shift
        for docnum, positions in enumerate(docs)
        for position in positions
    ]
    assert keys == expected
