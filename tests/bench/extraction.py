"""Main text of web pages on the Article Extraction Benchmark: F1, precision and recall.

    python tests/bench/extraction.py [--corpus DIR] [--show N]

Reads each of the benchmark's real news pages with searchapp's reader (the text it indexes and
shows) and, when it is installed, with trafilatura's default extraction, and scores both by the
benchmark's own measure (its README): 4-token shingles of the extracted text against the true
article body, counts scaled to 1 per page, precision and recall averaged over pages, F1 from the
two means. Also prints the time per page of each.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import shared

from searchapp.core.reading import SkipFile, load_rules, read_articles

_TOKEN = re.compile(r"\w+")


def find_corpus() -> Path | None:
    """$SEARCHAPP_AEB, else shared/corpora/article-extraction beside a parent folder."""
    return shared.find_corpus("article-extraction", "SEARCHAPP_AEB")


def load_pages(corpus: Path) -> dict[str, tuple[bytes, str]]:
    """Each page's key: its HTML bytes and its true article text."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    return {
        key: (_page_bytes(corpus, key), item["articleBody"]) for key, item in sorted(truth.items())
    }


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower())
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(0, len(tokens) - 3)))


def page_scores(extracted: str, truth: str) -> tuple[float | None, float | None]:
    """Precision and recall of one page (None where undefined), as the benchmark counts them."""
    found, expected = shingles(extracted), shingles(truth)
    true_positive = sum((found & expected).values())
    false_positive = sum((found - expected).values())
    false_negative = sum((expected - found).values())
    total = true_positive + false_positive + false_negative
    if not total:
        return None, None
    tp, fp, fn = true_positive / total, false_positive / total, false_negative / total
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def searchapp_reader(folder: Path) -> Callable[[str, bytes], str]:
    rules = load_rules()

    def extract(key: str, data: bytes) -> str:
        path = folder / f"{key}.html"
        path.write_bytes(data)
        try:
            return "\n".join(article.text for article in read_articles(path, rules).articles)
        except SkipFile:
            return ""

    return extract


def trafilatura_reader() -> Callable[[str, bytes], str] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def extract(_key: str, data: bytes) -> str:
        return trafilatura.extract(data) or ""

    return extract


def measure(extract, pages: dict[str, tuple[bytes, str]]) -> tuple[float, float, float, list]:
    """F1, precision and recall of `extract` over `pages`, and per page (low, p, r, key)."""
    precisions, recalls, seconds = [], [], []
    worst = []
    for key, (data, truth) in pages.items():
        started = time.perf_counter()
        text = extract(key, data)
        seconds.append(time.perf_counter() - started)
        precision, recall = page_scores(text, truth)
        if precision is not None:
            precisions.append(precision)
        if recall is not None:
            recalls.append(recall)
        worst.append((min(precision or 0.0, recall or 0.0), precision, recall, key))
    precision, recall = statistics.mean(precisions), statistics.mean(recalls)
    f1 = 2 * precision * recall / (precision + recall)
    return f1, precision, recall, 1000 * statistics.mean(seconds), worst


def score(name: str, extract, pages: dict[str, tuple[bytes, str]], show: int) -> list[str]:
    f1, precision, recall, ms, worst = measure(extract, pages)
    lines = [
        f"{name:<12} F1 {f1:.3f}  precision {precision:.3f}  recall {recall:.3f}  {ms:6.1f} ms"
    ]
    for _low, p, r, key in sorted(worst)[:show]:
        lines.append(f"    {key[:16]}  precision {p or 0:.2f}  recall {r or 0:.2f}")
    return lines


def _page_bytes(corpus: Path, key: str) -> bytes:
    return gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--show", type=int, default=0, help="list the N worst pages of each")
    args = parser.parse_args()
    corpus = args.corpus or find_corpus()
    if corpus is None:
        raise SystemExit("the Article Extraction Benchmark is not here; pass --corpus DIR")
    pages = load_pages(corpus)
    print(f"Article Extraction Benchmark: {len(pages)} pages from {corpus}")
    with tempfile.TemporaryDirectory(prefix="searchapp-aeb-") as folder:
        readers = [
            ("searchapp", searchapp_reader(Path(folder))),
            ("trafilatura", trafilatura_reader()),
        ]
        for name, extract in readers:
            if extract is None:
                print(f"{name:<12} not installed")
                continue
            print("\n".join(score(name, extract, pages, args.show)))


if __name__ == "__main__":
    main()
