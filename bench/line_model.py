"""The line scorer on the corpus, by grouped cross-validation (out-of-fold results only).

Every page of a site is in one fold; each fold's model (trained as ``python -m newsclean.train``
trains, on the other folds) scores the held-out pages, running all its rounds as ``clean()``
does. Prints, for trafilatura.txt (light clutter) and fullpage.txt (heavy clutter): the text
as is, the rules alone, and rules + scorer at the shipped model's thresholds (default,
precision, recall) and at every threshold of the grid; per fold, articles and all pages, page
types and languages at the default threshold. No number here comes from a page the model that
scored it was trained on. Needs the ``[train]`` extra (LightGBM) and the corpus.
With ``--idempotence``: cleans every trafilatura.txt and fullpage.txt of the corpus with the
shipped model, cleans each body again, and counts the bodies from which the second cleaning
removes anything (by detector), and the rounds the scorer ran.
Run: python bench/line_model.py [--folds 5] [--cache FILE] [--idempotence]   (~20-30 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from _corpus import ROOT, require_corpus

sys.path.insert(0, str(ROOT))

from newsclean.model.trees import default_model  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cache", help="keep the labelled lines in this file (reused when it exists)")
    ap.add_argument("--idempotence", action="store_true", help="only the second-cleaning check")
    args = ap.parse_args()
    corpus = require_corpus()
    if args.idempotence:
        return idempotence(corpus)
    try:
        import lightgbm  # noqa: F401
    except ImportError:
        print("LightGBM is not installed (pip install -e '.[train]'); nothing measured.")
        return 0
    from newsclean.train.card import _tables
    from newsclean.train.data import read_cached
    from newsclean.train.fit import GRID, validate

    start = time.time()

    def say(message: str) -> None:
        print(f"[{time.time() - start:6.0f} s] {message}", file=sys.stderr, flush=True)

    texts = read_cached(corpus, args.cache)
    shipped = default_model().thresholds
    grid = tuple(sorted(set(GRID) | set(shipped.values())))
    rows_at, results = validate(texts, args.folds, say, grid)
    print(f"line scorer, grouped {args.folds}-fold cross-validation by site on {corpus}; "
          f"shipped thresholds {shipped}\n")
    print(_tables(rows_at[shipped["default"]], texts, results, shipped["default"]))
    return 0


def idempotence(corpus: Path) -> int:
    """Clean each corpus text, then its body again; count what the second cleaning removes."""
    from collections import Counter

    import newsclean
    from _corpus import pages

    texts = bodies = 0
    again: Counter[str] = Counter()
    changed = []
    for entry in pages(corpus):
        for name in ("trafilatura.txt", "fullpage.txt"):
            text = (entry["dir"] / name).read_text(encoding="utf-8")
            if not text.strip():
                continue
            texts += 1
            body = newsclean.clean(text, kind="text").body
            second = newsclean.clean(body, kind="text")
            if second.removed:
                bodies += 1
                again.update(r.detector for r in second.removed)
                changed.append((entry["id"], name, second.removed[0]))
    print(f"second cleaning of {texts} cleaned corpus texts: {bodies} bodies lost something "
          f"({', '.join(f'{d} {n}' for d, n in again.most_common()) or 'nothing'})")
    for page, name, r in changed[:30]:
        print(f"  {page}/{name}: {r.detector}: {r.text[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
