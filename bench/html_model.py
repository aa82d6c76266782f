"""Benchmark the HTML block scorer out of fold: newsclean with it, without it (today), trafilatura.

Every number is on pages the model did not train on: the corpus is split into 5 folds by site
(``python -m newsclean.train.html``'s split), a model is trained on 4 folds, its thresholds are
chosen on those folds' out-of-fold predictions, and it cleans the pages of the fifth. Each page
then runs through the whole pipeline (``newsclean.clean``) with that fold's model, without the
scorer (``disable=["line-model"]``: today's newsclean), and through trafilatura (default and
``favor_precision``), interleaved page by page, with the caches emptied before each timed call
(as bench/html_corpus.py does). Body scores are bench/html_corpus.py's bag-of-words P/R/F1,
macro-averaged over pages.

Also: the shipped model's load time (in a fresh process) and the peak memory (max RSS) of a
process cleaning the same pages with and without the scorer.

Needs the corpus and the ``[train]`` extra (LightGBM, scikit-learn): without either it says so
and measures nothing.

Usage: ``python bench/html_model.py [--cache rows.pkl] [--limit N] [--memory-pages 200]``
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import platform
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _corpus import require_corpus  # noqa: E402
from html_corpus import _cold_caches  # noqa: E402

SYSTEMS = ("newsclean + block model", "newsclean today", "trafilatura (default)", "trafilatura (favor_precision)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, help="collected training rows (pickle; made if missing)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (smoke test)")
    ap.add_argument("--every", type=int, default=1,
                    help="run the pipeline on every K-th page only (the fold models still learn from all)")
    ap.add_argument("--memory-pages", type=int, default=150, help="pages for the peak-memory runs (0: skip)")
    ap.add_argument("--dump", type=Path, help="per-page scores as JSON")
    args = ap.parse_args()
    root = require_corpus()
    try:
        import lightgbm  # noqa: F401
    except ImportError:
        print("LightGBM is not installed (pip install -e '.[train]'): the fold models cannot be trained; "
              "nothing measured.")
        return 0
    import trafilatura

    import newsclean
    from newsclean.html.blockscore import BlockScorer
    from newsclean.train import html as train
    from newsclean.train.collect import page_folders, read_page
    from newsclean.train.metrics import prf

    if args.cache and args.cache.is_file():
        vocabulary, pages = pickle.loads(args.cache.read_bytes())
    else:
        folders = page_folders(root)[: args.limit or None]
        vocabulary = train.choose_vocabulary(folders)
        pages = train.collect(root, vocabulary, log=lambda *a: print(*a, file=sys.stderr)) if not args.limit \
            else _collect_some(train, folders, vocabulary)
        if args.cache:
            args.cache.write_bytes(pickle.dumps((vocabulary, pages), protocol=pickle.HIGHEST_PROTOCOL))
    fold = train.folds_of(pages)
    scorers: list[BlockScorer] = []
    print(f"training {train.FOLDS} fold models…", file=sys.stderr)
    probs: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for f in range(train.FOLDS):
        model = train.export(train.train_model([p for p, k in zip(pages, fold) if k != f]), train.PARAMS["max_depth"])
        scorers.append(BlockScorer(model, vocabulary, {}, {}))
        for i in np.flatnonzero(fold == f):
            probs[i] = model.predict(pages[i].X.astype(np.float64)) if len(pages[i].X) else np.zeros(0)
    print("choosing thresholds on the other folds…", file=sys.stderr)
    scores = train.grid(pages, probs)
    articles = np.array([p.page_type == "article" for p in pages])
    for f, scorer in enumerate(scorers):
        chosen = train.pick(scores, articles & (fold != f), [p.page_type for p in pages], fold != f)
        scorer.keep = {k: v[0] for k, v in chosen.items()}
        scorer.recover = {k: v[1] for k, v in chosen.items()}

    by_id = {p.id: i for i, p in enumerate(pages)}
    runs = {
        SYSTEMS[0]: lambda html, url, i: _with_scorer(scorers[fold[i]], html, url),
        SYSTEMS[1]: lambda html, url, i: newsclean.clean(html, kind="html", url=url, disable=["line-model"]).body,
        SYSTEMS[2]: lambda html, url, i: trafilatura.extract(html, url=url) or "",
        SYSTEMS[3]: lambda html, url, i: trafilatura.extract(html, url=url, favor_precision=True) or "",
    }
    seconds: dict[str, float] = defaultdict(float)
    result: dict[str, np.ndarray] = {name: np.zeros((len(pages), 3)) for name in runs}
    recovered = removed = 0
    start = time.perf_counter()
    chosen_pages = np.zeros(len(pages), dtype=bool)
    for n, folder in enumerate(page_folders(root)[: len(pages)], 1):
        rel = folder.relative_to(root).as_posix()
        if rel not in by_id or (n - 1) % args.every:
            continue
        chosen_pages[by_id[rel]] = True
        i = by_id[rel]
        html, gold, meta = read_page(folder)
        for name, run in runs.items():
            _cold_caches()
            gc.collect()
            t0 = time.perf_counter()
            out = run(html, meta.get("url"), i)
            seconds[name] += time.perf_counter() - t0
            if name == SYSTEMS[0]:
                out, n_removed, n_recovered = out
                removed += n_removed
                recovered += n_recovered
            result[name][i] = prf(out, gold)
        if n % 200 == 0:
            print(f"  {n}/{len(pages)} pages, {time.perf_counter() - start:.0f} s", file=sys.stderr)

    if args.every > 1:
        keep = np.flatnonzero(chosen_pages)
        pages = [pages[i] for i in keep]
        fold, articles = fold[keep], articles[keep]
        result = {name: r[keep] for name, r in result.items()}
    print(f"newsclean HTML block scorer, out of fold: {len(pages)} pages of {root.name} "
          f"({len({p.site for p in pages})} sites, {train.FOLDS} folds grouped by site"
          + (f"; every {args.every}th page of the manifest" if args.every > 1 else "") + ")")
    print(f"Python {platform.python_version()}, trafilatura {trafilatura.__version__}; body: bag-of-words "
          "P/R/F1, macro over pages; thresholds of each fold chosen on the other folds")
    print()
    _per_fold(pages, fold, result, articles)
    _per_type(pages, result)
    n = len(pages)
    print("| system | pages/s |")
    print("|---|---:|")
    for name in runs:
        print(f"| {name} | {n / seconds[name]:.1f} |")
    print(f"\nblock model: {removed} lines removed from trafilatura's text, {recovered} blocks recovered "
          f"({removed / n:.2f} and {recovered / n:.2f} per page)")
    print(f"speed ratio with / without the scorer: {seconds[SYSTEMS[1]] / seconds[SYSTEMS[0]]:.3f}")
    _load_time()
    if args.memory_pages:
        _memory(root, args.memory_pages)
    if args.dump:
        args.dump.write_text(json.dumps({name: {p.id: list(r[i]) for i, p in enumerate(pages)}
                                         for name, r in result.items()}))
    return 0


def _with_scorer(scorer, html: str, url: str | None):
    """``newsclean.clean`` with one fold's model in place of the shipped one."""
    import newsclean
    from newsclean.html.blockscore import using

    with using(scorer):
        article = newsclean.clean(html, kind="html", url=url)
    recovered = len(article.extra.get("recovered", ()))
    return article.body, sum(r.detector == "line-model" for r in article.removed), recovered


def _collect_some(train, folders, vocabulary):
    saved = train.page_folders
    train.page_folders = lambda _root: folders
    try:
        return train.collect(folders[0].parent.parent, vocabulary, log=lambda *a: None)
    finally:
        train.page_folders = saved


def _row(name: str, r: np.ndarray) -> str:
    return f"| {name} | {r[:, 0].mean():.4f} | {r[:, 1].mean():.4f} | {r[:, 2].mean():.4f} |"


def _per_fold(pages, fold, result, articles) -> None:
    print("### Article pages, per fold (out of fold)\n")
    print("| fold | pages | " + " | ".join(f"{s} F1" for s in SYSTEMS) + " |")
    print("|---:|---:|" + "---:|" * len(SYSTEMS))
    for f in range(int(fold.max()) + 1):
        mask = articles & (fold == f)
        cells = [f"{result[s][mask, 2].mean():.4f}" for s in SYSTEMS]
        print(f"| {f} | {mask.sum()} | " + " | ".join(cells) + " |")
    print()
    print("| articles, all folds | precision | recall | F1 |")
    print("|---|---:|---:|---:|")
    for s in SYSTEMS:
        print(_row(s, result[s][articles]))
    print()


def _per_type(pages, result) -> None:
    types = sorted({p.page_type for p in pages}, key=lambda t: (t != "article", t))
    print("### Every page type (out of fold): P / R / F1\n")
    print("| page type | pages | " + " | ".join(SYSTEMS) + " |")
    print("|---|---:|" + "---|" * len(SYSTEMS))
    for t in types + ["all"]:
        mask = np.array([t == "all" or p.page_type == t for p in pages])
        cells = [f"{result[s][mask, 0].mean():.3f} / {result[s][mask, 1].mean():.3f} / {result[s][mask, 2].mean():.3f}"
                 for s in SYSTEMS]
        print(f"| {t} | {mask.sum()} | " + " | ".join(cells) + " |")
    print()


_LOAD = """
import time, sys
t0 = time.perf_counter()
import numpy
t1 = time.perf_counter()
from newsclean.html.blockscore import BlockScorer
t2 = time.perf_counter()
BlockScorer.load()
t3 = time.perf_counter()
print(f"{(t1 - t0) * 1000:.1f} {(t3 - t2) * 1000:.1f}")
"""

_MEMORY = """
import gzip, json, resource, sys
sys.path.insert(0, {repo!r})
import newsclean
root, n, off = {root!r}, {n}, {off}
paths = [json.loads(l)["path"] for l in open(root + "/manifest.jsonl")][:n]
for p in paths:
    html = gzip.open(root + "/" + p + "/page.html.gz").read().decode("utf-8")
    newsclean.clean(html, kind="html", disable=["line-model"] if off else [])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _load_time() -> None:
    out = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, cwd=REPO)
    if out.returncode:
        print(f"model load: failed ({out.stderr.strip().splitlines()[-1] if out.stderr else '?'})")
        return
    numpy_ms, load_ms = out.stdout.split()
    print(f"shipped model load (fresh process): {load_ms} ms (+ numpy import {numpy_ms} ms)")


def _memory(root: Path, n: int) -> None:
    peaks = {}
    for off in (True, False):
        code = _MEMORY.format(repo=str(REPO), root=str(root), n=n, off=off)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
        peaks[off] = int(out.stdout.split()[-1]) / 1024 if out.returncode == 0 else float("nan")
    print(f"peak memory (max RSS) cleaning the first {n} pages: {peaks[True]:.0f} MB today, "
          f"{peaks[False]:.0f} MB with the scorer ({peaks[False] / peaks[True] - 1:+.1%})")


if __name__ == "__main__":
    raise SystemExit(main())
