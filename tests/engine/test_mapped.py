"""Column files read through memory maps."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.columns import VarBytesColumn
from whoosh.filedb.structfile import StructFile

from searchapp.core.engine.mapped import MappedFile, _var_bytes_layout


def _written(tmp_path: Path, values: list[bytes], cutoff: int, lead: bytes) -> bytes:
    """A file holding `lead`, then a VarBytesColumn of `values` as Whoosh writes it."""
    path = tmp_path / "column"
    with open(path, "wb") as handle:
        handle.write(lead)
        dbfile = StructFile(handle)
        writer = VarBytesColumn(write_offsets_cutoff=cutoff).writer(dbfile)
        for docnum, value in enumerate(values):
            if value:  # an empty value is a document the writer fills in
                writer.add(docnum, value)
        writer.finish(len(values))
        handle.flush()
    return path.read_bytes()


@pytest.mark.parametrize("cutoff", [2**15, 3], ids=["starts added up", "starts stored"])
def test_the_layout_read_from_the_map_is_whooshs(tmp_path, cutoff):
    values = [f"value {n} ".encode() * (n % 7) for n in range(50)]
    lead = b"other columns before this one"
    data = _written(tmp_path, values, cutoff, lead)
    length = len(data) - len(lead)
    whoosh_reader = VarBytesColumn.Reader(MappedFile(data), len(lead), length, len(values))
    assert whoosh_reader.had_stored_offsets == (cutoff < len(values))

    starts, lengths = _var_bytes_layout(MappedFile(data), len(lead), length, len(values))
    assert list(lengths) == list(whoosh_reader._lengths)
    assert list(starts)[: len(values)] == list(whoosh_reader._offsets)
    assert [
        data[len(lead) + start : len(lead) + start + size]
        for start, size in zip(starts, lengths, strict=False)
    ] == values


def test_live_documents_are_whooshs_over_segments_with_deletions(write_archive, library_for):
    from searchapp.core.engine.mapped import live_docs

    folder = write_archive({f"n{i}.txt": f"Title: Note {i}\n\nWords {i}.\n" for i in range(6)})
    library = library_for(folder)
    (folder / "n6.txt").write_text("Title: Note 6\n\nWords.\n", encoding="utf-8")
    library.reindex()  # a second segment
    (folder / "n1.txt").unlink()
    (folder / "n6.txt").unlink()
    library.reindex()  # a deletion in each
    _name, ix = library.store.open()
    with ix.reader() as reader:
        assert not reader.is_atomic() and reader.has_deletions()
        assert list(live_docs(reader)) == list(reader.all_doc_ids())
        assert len(live_docs(reader)) == 5
