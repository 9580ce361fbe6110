"""Segment writers: postings gathered in a TermPool and written whole, and the committing writer.

A sync writes new segments in several writers at once (indexing.py) and commits them all
through one CommitWriter, which also deletes the replaced articles and merges small segments.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import MERGE_SMALL, LockError
from whoosh.writing import SegmentWriter as WhooshSegmentWriter

from searchapp.core.engine.analysis import AnalyzedText
from searchapp.core.engine.postings import ArticleCodec, TermPool
from searchapp.core.engine.schema import ArticleText
from searchapp.core.errors import IndexLocked

MERGE_MAX_DOCS = 5_000  # a commit merges only segments with fewer live documents than this


class ArticleWriter(WhooshSegmentWriter):
    """A segment writer that gathers postings in a TermPool and writes whole lists at once.

    Whoosh's writer sends every posting through a tuple, a sort and its codec one at a time;
    here an AnalyzedText goes to its term lists directly, and each list is written by blocks.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("codec", ArticleCodec())
        super().__init__(*args, **kwargs)
        self.pool = TermPool()
        self._lengths: dict[str, dict[int, int]] = {}  # field -> document -> length, as stored

    def add_document(self, **fields) -> None:
        self._check_state()
        names = sorted(fields)
        self._check_fields(self.schema, names)
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            length = 0
            if isinstance(field, ArticleText):
                analyzed = value if isinstance(value, AnalyzedText) else AnalyzedText.of(value)
                length = self._add_words(name, field, docnum, analyzed)
            elif field.indexed:
                for tbytes, freq, weight, vbytes in field.index(value):
                    length += freq if field.scorable else 0
                    self.pool.add((name, tbytes, docnum, weight, vbytes))
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_words(self, name: str, field, docnum: int, value: AnalyzedText) -> int:
        self.pool.add_positions(name, docnum, value.positions, field.format)
        # As the per-document file will give it back: rounded to Whoosh's length byte.
        self._lengths.setdefault(name, {})[docnum] = byte_to_length(length_to_byte(value.length))
        return value.length

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        stored = self.per_document_reader()
        try:
            writer = self.fieldwriter
            for name in sorted(self.pool.fields):
                field = self.schema[name]
                doc_length = None
                if field.scorable:
                    known = self._lengths.get(name, {})

                    def doc_length(docnum: int, known=known, name=name) -> int:
                        length = known.get(docnum)
                        return stored.doc_field_length(docnum, name) if length is None else length

                terms = self.pool.fields[name]
                writer.start_field(name, field)
                for tbytes in sorted(terms):
                    writer.start_term(tbytes)
                    writer._postwriter.add_list(terms[tbytes], doc_length)
                    writer.finish_term()
                writer.finish_field()
            writer.close()
        finally:
            stored.close()


class SegmentWriter(ArticleWriter):
    """A writer of segments beside others (a sync's workers), which the commit adds."""

    def _finish(self) -> None:
        # The writers of one index share its temporary folder (MAIN.tmp), where each keeps
        # its columns until it closes; Whoosh's _finish deletes the folder, which would take
        # the files of a writer still at work. The commit writer's finish deletes it.
        self.is_closed = True


def segment_writer(ix) -> SegmentWriter:
    # No lock: the process that started the sync holds the library's writer lock.
    return SegmentWriter(ix, _lk=False, compound=False)


class CommitWriter(ArticleWriter):
    """The one writer that commits: deletions, late documents, and the workers' segments."""

    def add_segments(self, segments: list) -> None:
        # After the deletions, which address only the segments the index had before.
        self.segments.extend(segments)


def discard_segments(ix, segments: list) -> None:
    """Delete the files of segments that will never be committed."""
    names = {segment.segment_id() for segment in segments}
    for name in list(ix.storage.list()):
        if any(name.startswith(f"{segment}.") for segment in names):
            with contextlib.suppress(OSError):
                ix.storage.delete_file(name)


@contextlib.contextmanager
def commit_writer(ix) -> Iterator[CommitWriter]:
    try:
        writer = CommitWriter(ix, compound=False)
    except LockError as exc:
        raise IndexLocked() from exc
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=_merge_small)


def _merge_small(writer, segments: list) -> list:
    """Whoosh's MERGE_SMALL over the segments with few live documents only.

    A merge goes through the commit writer's pool, in memory, so the workers' large segments
    stay as they are; one that is mostly deleted counts as small and is rewritten.
    """
    large = [s for s in segments if s.doc_count() >= MERGE_MAX_DOCS]
    small = [s for s in segments if s.doc_count() < MERGE_MAX_DOCS]
    return large + MERGE_SMALL(writer, small)
