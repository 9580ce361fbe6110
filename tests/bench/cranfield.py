"""Ranking quality on the Cranfield collection: binary nDCG@10, each query's words ORed.

    python tests/bench/cranfield.py [--corpus DIR]

Two setups on the same documents and queries: the straightforward Whoosh index of reference.py
(StemmingAnalyzer, BM25F defaults; the corpus README gives 0.367 for it), and searchapp's own
engine, which reads each document as a small text file `Title: ...` through the public API.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from reference import make_parser, reference_schema
from shared import find_corpus
from whoosh import index

from searchapp.core.library import Library

CORPUS_DIR = find_corpus("cranfield", "SEARCHAPP_CRANFIELD") or (
    Path(__file__).resolve().parents[3] / "shared" / "corpora" / "cranfield"
)
DEPTH = 10
# Characters that are query syntax for searchapp (and Whoosh): they are not part of any word.
QUERY_SYNTAX = str.maketrans({char: " " for char in "\"'()[]{}:*~-+?^"})
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Collection:
    """Documents (id -> (title, text)), queries (qid -> text) and relevant ids per query."""

    documents: dict[str, tuple[str, str]]
    queries: dict[str, str]
    relevant: dict[str, set[str]]


@dataclass(frozen=True)
class Score:
    ndcg: float
    queries: int
    seconds: float


def load_collection(corpus: Path = CORPUS_DIR) -> Collection:
    """The collection's three files; grades 1-4 count as relevant, -1 does not."""
    documents = {}
    with open(corpus / "docs.jsonl", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            documents[doc["id"]] = (doc["title"], doc["text"])
    queries = {}
    with open(corpus / "queries.tsv", encoding="utf-8") as lines:
        for line in lines:
            qid, _original, text = line.rstrip("\n").split("\t", 2)
            queries[qid] = text
    relevant: dict[str, set[str]] = defaultdict(set)
    with open(corpus / "qrels.trec", encoding="utf-8") as lines:
        for line in lines:
            qid, _iteration, docid, grade = line.split()
            if 1 <= int(grade) <= 4:
                relevant[qid].add(docid)
    return Collection(documents, queries, dict(relevant))


def query_words(text: str) -> list[str]:
    """The words of a query, lower case, with query-syntax characters taken out."""
    words = text.lower().translate(QUERY_SYNTAX).split()
    return [word for word in words if _WORD.search(word)]


def ndcg_at_10(ranked: list[str], relevant: set[str]) -> float:
    """Binary nDCG at depth 10."""
    gain = sum(1 / math.log2(rank + 2) for rank, d in enumerate(ranked[:DEPTH]) if d in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(DEPTH, len(relevant))))
    return gain / ideal if ideal else 0.0


def mean_ndcg(collection: Collection, rankings: dict[str, list[str]]) -> float:
    """The mean over every query that has relevant documents."""
    judged = [qid for qid in collection.queries if collection.relevant.get(qid)]
    return sum(ndcg_at_10(rankings[q], collection.relevant[q]) for q in judged) / len(judged)


def reference_rankings(collection: Collection, work: Path) -> dict[str, list[str]]:
    """Top 10 per query from a plain Whoosh index of the documents (`text` holds the title)."""
    ix = index.create_in(str(work), reference_schema())
    writer = ix.writer()
    for docid, (_title, text) in collection.documents.items():
        writer.add_document(path=docid, content=text)
    writer.commit()
    parser = make_parser(ix.schema)
    rankings = {}
    with ix.searcher() as searcher:
        for qid, text in collection.queries.items():
            parsed = parser.parse(" OR ".join(query_words(text)))
            rankings[qid] = [hit["path"] for hit in searcher.search(parsed, limit=DEPTH)]
    return rankings


def searchapp_rankings(collection: Collection, work: Path) -> dict[str, list[str]]:
    """Top 10 per query from searchapp's engine, the documents written as small text files."""
    articles = work / "articles"
    articles.mkdir()
    for docid, (title, text) in collection.documents.items():
        (articles / f"{docid}.txt").write_text(f"Title: {title}\n\n{text}\n", encoding="utf-8")
    lib = Library.open(work / "home")
    for folder in lib.folders:
        lib.remove_folder(folder)
    lib.add_folder(articles)
    lib.reindex()
    rankings = {}
    for qid, text in collection.queries.items():
        result = lib.search(" OR ".join(query_words(text)), limit=DEPTH)
        rankings[qid] = [Path(hit.path).stem for hit in result.hits]
    return rankings


def score_reference(collection: Collection) -> Score:
    """nDCG@10 of the straightforward Whoosh setup."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cranfield-reference-") as work:
        rankings = reference_rankings(collection, Path(work))
    return Score(mean_ndcg(collection, rankings), len(rankings), time.perf_counter() - started)


def score_searchapp(collection: Collection) -> Score:
    """nDCG@10 of searchapp's engine."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cranfield-searchapp-") as work:
        rankings = searchapp_rankings(collection, Path(work))
    return Score(mean_ndcg(collection, rankings), len(rankings), time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="the Cranfield folder")
    args = parser.parse_args()
    collection = load_collection(args.corpus)
    for name, score in (
        ("reference (Whoosh StemmingAnalyzer, BM25F)", score_reference(collection)),
        ("searchapp", score_searchapp(collection)),
    ):
        print(
            f"{name:44} nDCG@10 {score.ndcg:.3f} over {score.queries} queries"
            f" ({score.seconds:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
