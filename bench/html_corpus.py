"""Benchmark the HTML path against trafilatura (and readability-lxml when installed).

Reads the development corpus (``../shared/corpus`` next to the repository, or the directory in
``NEWSCLEAN_CORPUS``), runs every system on every page in one process, interleaved page by page so
that all systems see the same machine state, and prints one table:

* body precision / recall / F1: **bag of words** (multiset of lower-cased word 1-grams, CJK
  characters counted one by one), per page, then averaged over pages (macro average), as the
  ScrapingHub article-extraction-benchmark does for its token scores. An empty extraction scores
  0/0/0 on that page.
* title / first author / publication day: exact-match rate against ``meta.json`` (normalised
  case, quotes and whitespace), over the pages whose gold has that field. trafilatura's and
  readability's metadata are computed outside the timed call (their plain ``extract`` does not
  return it).
* pages per second: wall time of the timed call only (newsclean: ``newsclean.clean(html)``, the
  whole pipeline including metadata; trafilatura: ``trafilatura.extract(html, ...)``), with a
  ``gc.collect()`` and trafilatura's memo caches emptied before each call, so that no system pays
  for another's garbage or gets the page's lines memoised by another (newsclean runs trafilatura
  inside).

Usage: ``python bench/html_corpus.py [--limit N] [--dump results.json]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import gzip
import json
import os
import platform
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsclean.train.metrics import prf  # noqa: E402  (the training code's scores: one definition)


def corpus_dir() -> Path:
    env = os.environ.get("NEWSCLEAN_CORPUS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "corpus"


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = text.translate(str.maketrans("‘’“”–—", "''\"\"--"))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def gold_first_author(authors: str | None) -> str | None:
    if not authors:
        return None
    text = re.sub(r"^\s*by\s+", "", authors, flags=re.I)
    first = re.split(r",|;|&|\band\b|\|", text)[0]
    return norm(first) or None


def day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    match = re.match(r"\d{4}-\d{2}-\d{2}", str(value))
    return match.group(0) if match else None


# --- systems: each returns (timed body function, untimed metadata function) -----------------

def sys_newsclean() -> tuple[Callable[[str], Any], Callable[[str, Any], dict]]:
    import newsclean

    def run(html: str) -> Any:
        return newsclean.clean(html)

    def meta(html: str, article: Any) -> dict:
        return {"title": article.title, "author": (article.authors or [None])[0], "date": article.published}

    return run, meta


def sys_trafilatura(**options: Any):
    import trafilatura
    from trafilatura.metadata import extract_metadata

    def run(html: str) -> Any:
        return trafilatura.extract(html, **options) or ""

    def meta(html: str, _out: Any) -> dict:
        doc = extract_metadata(html)
        author = doc.author.split(";")[0] if doc and doc.author else None
        return {"title": doc.title if doc else None, "author": author, "date": doc.date if doc else None}

    return run, meta


def sys_readability():
    from lxml.html import fromstring
    from readability import Document

    def run(html: str) -> Any:
        doc = Document(html)
        summary = doc.summary(html_partial=True)
        return fromstring(summary).text_content() if summary.strip() else "", doc

    def meta(_html: str, out: Any) -> dict:
        return {"title": out[1].short_title(), "author": None, "date": None}

    return run, meta


def body_of(name: str, out: Any) -> str:
    if name == "newsclean":
        return out.body
    if name.startswith("readability"):
        return out[0]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--dump", help="write per-page scores to this JSON file")
    args = ap.parse_args()
    root = corpus_dir()
    if not (root / "manifest.jsonl").exists():
        print(f"corpus not found at {root} (set NEWSCLEAN_CORPUS); nothing to benchmark")
        return 0
    pages = [json.loads(line) for line in (root / "manifest.jsonl").read_text().splitlines() if line.strip()]
    if args.limit:
        pages = pages[: args.limit]

    systems: dict[str, Any] = {
        "newsclean": sys_newsclean(),
        "trafilatura (default)": sys_trafilatura(),
        "trafilatura (favor_precision)": sys_trafilatura(favor_precision=True),
    }
    try:
        systems["readability-lxml"] = sys_readability()
    except ImportError:
        pass

    # Warm-up outside the clock: imports, lazy word lists, dateparser locales.
    warm = gzip.open(root / pages[0]["path"] / "page.html.gz").read().decode("utf-8")
    for run, meta in systems.values():
        meta(warm, run(warm))

    scores: dict[str, list[tuple[float, float, float]]] = {name: [] for name in systems}
    hits: dict[str, Counter[str]] = {name: Counter() for name in systems}
    seconds: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    dump: list[dict[str, Any]] = []
    for page in pages:
        folder = root / page["path"]
        html = gzip.open(folder / "page.html.gz").read().decode("utf-8")
        gold = (folder / "gold.txt").read_text("utf-8")
        gmeta = json.loads((folder / "meta.json").read_text("utf-8"))
        want = {"title": norm(gmeta.get("title")) or None, "author": gold_first_author(gmeta.get("authors")),
                "date": day(gmeta.get("date"))}
        for field, value in want.items():
            totals[field] += value is not None
        row: dict[str, Any] = {"id": page["id"]}
        for name, (run, meta) in systems.items():
            _cold_caches()
            gc.collect()  # as timeit does: nobody pays for the garbage of the system before
            start = time.perf_counter()
            out = run(html)
            seconds[name] += time.perf_counter() - start
            score = prf(body_of(name, out), gold)
            scores[name].append(score)
            got = meta(html, out)
            got = {"title": norm(got["title"]) or None, "author": norm(got["author"]) or None, "date": day(got["date"])}
            for field, value in want.items():
                hits[name][field] += value is not None and got[field] == value
            row[name] = {"p": score[0], "r": score[1], "f": score[2], **got}
        dump.append(row)

    import lxml
    import trafilatura

    n = len(pages)
    print(f"newsclean HTML benchmark, {dt.date.today().isoformat()}: {n} pages of the corpus ({root.name})")
    print(f"Python {platform.python_version()}, trafilatura {trafilatura.__version__}, "
          f"lxml {'.'.join(map(str, lxml.etree.LXML_VERSION))}"
          + (f", readability-lxml {_version('readability-lxml')}" if "readability-lxml" in systems else ""))
    print("body: bag-of-words precision/recall/F1, macro-averaged over pages; "
          "meta: exact match over pages with gold")
    print()
    header = ("system", "precision", "recall", "F1", f"title (n={totals['title']})",
              f"author (n={totals['author']})", f"date (n={totals['date']})", "pages/s")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    for name in systems:
        mean = [sum(s[i] for s in scores[name]) / n for i in range(3)]
        rates = [hits[name][f] / totals[f] if totals[f] else 0.0 for f in ("title", "author", "date")]
        cells = [name] + [f"{v:.4f}" for v in mean] + [f"{v:.3f}" for v in rates] + [f"{n / seconds[name]:.1f}"]
        if name.startswith("readability"):
            cells[5] = cells[6] = "–"
        print("| " + " | ".join(cells) + " |")
    if args.dump:
        Path(args.dump).write_text(json.dumps(dump, indent=1, default=str))
    return 0


def _cold_caches() -> None:
    """Empty trafilatura's (and its helpers') lru caches before each timed call.

    newsclean runs trafilatura inside, and trafilatura memoises per-line work (``trim``,
    ``line_processing``…); without this, whichever system runs second on a page gets that page's
    lines for free.
    """
    for module in list(sys.modules.values()):
        if module is None or not getattr(module, "__name__", "").startswith(_CACHED):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


_CACHED = ("trafilatura", "htmldate", "courlan", "justext")


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
