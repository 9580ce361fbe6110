"""The search engine: the only package that imports Whoosh (2.7.4, pinned exactly).

Modules, from the bottom up: analysis (words, folding, stems, name keys), vocabulary (the
index's words by stem and name key), postings (the block codec), schema (fields, and an Article
as fields), mapped (column files read through memory maps), store (generations and the writers'
lock), filestate (each indexed file's size and time, saved beside the index), writing (segment
writers), indexing (files into segments, in worker processes), syncing (what changed in the
folders, without Whoosh), updating (the changes into the index in one commit), bm25 (the one
scoring formula), query (the query language), scoring (block-at-a-time scores), passages (where
an opening passage starts), snippets (hits, snippets, marking), facets (counts and filters),
searching (the Engine).

Whoosh is no longer maintained, so its private names used here stay fixed; each use, and why:
- postings: BlockPostingsWriter and BlockMatcher subclass W3PostingsWriter and W3LeafMatcher
  and own their block state (`_ids`, `_weights`, `_values`, `_blocklimit`, `_postfile`,
  `_terminfo`, `_blockcount`, `_data` and the like) to read and write compact blocks.
- scoring: `segment._terms.matcher(...)` and `segment._perdoc.deleted_docs()` give a
  segment's raw leaf matcher, and `matcher._read_ids/_read_weights/_read_values/_next_block`
  with `_ids/_weights/_values` read its postings a whole block at a time, which is what makes
  block scoring and phrase keys fast.
- writing: ArticleWriter overrides SegmentWriter.add_document and `_flush_segment`, calling
  `_check_state`, `_check_fields` and `fieldwriter._postwriter.add_list`, to write each term's
  list whole from the TermPool, and sets `_added` as add_document does. Segment writers are
  made with `_lk=False`: the sync holds the library's own lock, and workers write beside it.
  CommitWriter.add_segments appends to `segments`, the list the commit writes to the TOC.
  SegmentWriter overrides `_finish`, which deletes the index's temporary folder, shared by
  every writer of the index: a worker's writer finishing first took the files of another.
- indexing: `writer._finalize_segment()` closes a segment without committing it (the sync's one
  commit adds it), and `writer._added` tells whether a writer holds any document.
- mapped (for schema's StoredFields and Texts): `leaf._perdoc._get_column_file(name)` opens a
  segment's column file to map it into memory, and mapped reads VarBytesColumn's layout (the
  lengths, and the starts of a large column, at the file's end) to know where each value lies
  in it; a value is then a slice of the map, not a seek and a read, and the stored fields skip
  the reader's check of every field against the schema (together, half of a bulk export's
  time). Whoosh's own reader of that layout adds the starts up in Python, one at a time.
- store, searching: `ix._segments()` lists the live segments, to refuse an index written in an
  older posting format.
- query, snippets: WordForms and TypoTerm implement ExpandingTerm's `_btexts(reader)`, the hook
  that names the index words a term stands for; snippets call it on Whoosh's own prefix and
  wildcard terms to mark the words they matched.
- mapped, bm25: NumericColumn's `_typecode` and `_default` say how wide each value of a numeric
  column is and what a document without one holds, and whoosh3's `_lenfield` names a field's
  column of lengths, so that a search reads a whole column in one piece.

Whoosh's compat module imports urllib.request for one function nothing here calls, and with it
http.client, email and ssl: some 60 ms of every command that searches or indexes. The first
import of Whoosh below lends it a stand-in that imports the real module when called.
"""

import sys
import types


def _import_whoosh_compat() -> None:
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return

    def urlretrieve(*args, **kwargs):
        from urllib.request import urlretrieve as real

        return real(*args, **kwargs)

    stand_in = types.ModuleType("urllib.request")
    stand_in.urlretrieve = urlretrieve
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]
        import urllib

        if getattr(urllib, "request", None) is stand_in:
            del urllib.request


_import_whoosh_compat()

import whoosh  # noqa: E402

ENGINE_VERSION = f"Whoosh {whoosh.versionstring()}"

# The modules are imported by those who need them (library.py: store and syncing always,
# searching on the first search; syncing: updating when something changed), so a reindex
# or a mark loads no query parser, and a reindex that finds nothing changed no index.
