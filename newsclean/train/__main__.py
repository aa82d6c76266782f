"""``python -m newsclean.train [CORPUS]``: train the line scorer, validate it by site, write
the model file and its card.

CORPUS is a folder of page folders (see :mod:`newsclean.train.data`; default: the
``NEWSCLEAN_CORPUS`` environment variable). Steps: label every line; split the sites into
``--folds`` groups; for each, train on the others and run the scorer (all its rounds) on the
held-out pages at each threshold of :data:`newsclean.train.fit.GRID`; choose the thresholds
from those held-out results only; train once more on everything; write
``newsclean/data/model/line-model.npz`` and ``docs/model.md``. Fixed seeds: the same corpus
gives the same model. Needs the ``[train]`` extra (LightGBM).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import sys
import time
from pathlib import Path

from newsclean.train.card import write_card
from newsclean.train.data import read_cached
from newsclean.train.fit import fit, validate

REPO = Path(__file__).resolve().parents[2]


def choose_thresholds(results: dict[float, dict]) -> dict[str, float]:
    """Default: the best mean body F1 over the sources whose removals are at least as
    precise (share of removed lines not in the gold) as the rules' own; "precision": the
    lowest threshold above the default whose removals are 95% precise; "recall": the
    best mean body F1 with no condition, never above the default."""
    def f1(t):
        sources = [s for name, s in results[t].items() if name != "_pooled"]
        return sum(s["all"]["body F1"] for s in sources) / len(sources)

    def precise(t, floor):
        return results[t]["_pooled"]["model precision"] >= floor

    rules = next(iter(results.values()))["_pooled"]["rules precision"]
    allowed = [t for t in results if precise(t, rules)] or [max(results)]
    default = max(allowed, key=f1)
    strict = [t for t in sorted(results) if t > default and precise(t, 0.95)]
    recall = max((t for t in results if t <= default), key=f1)
    return {"default": default, "precision": strict[0] if strict else max(results), "recall": recall}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m newsclean.train", description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=os.environ.get("NEWSCLEAN_CORPUS"),
                    help="folder of page folders (default: $NEWSCLEAN_CORPUS)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", default=str(REPO / "newsclean" / "data" / "model" / "line-model.npz"))
    ap.add_argument("--card", default=str(REPO / "docs" / "model.md"))
    ap.add_argument("--cache", help="keep the labelled lines in this file (reused when it exists)")
    ap.add_argument("--results", help="also write the validation results as JSON here")
    args = ap.parse_args(argv)
    if not args.corpus or not Path(args.corpus).is_dir():
        ap.error("give the corpus folder (or set NEWSCLEAN_CORPUS)")
    root = Path(args.corpus)
    start = time.time()

    def say(message: str) -> None:
        print(f"[{time.time() - start:6.0f} s] {message}", file=sys.stderr, flush=True)

    def progress(n: int, total: int) -> None:
        if n % 200 == 0:
            say(f"labelled {n}/{total} pages")

    texts = read_cached(root, args.cache, progress)
    if not texts:
        ap.error(f"no page folder with gold.txt and a text under {root}")
    say(f"{len(texts)} texts, {sum(len(t.texts) for t in texts)} lines")
    rows_at, results = validate(texts, args.folds, say)
    thresholds = choose_thresholds(results)
    say(f"thresholds {thresholds}")
    meta = {"thresholds": thresholds, "trained": dt.date.today().isoformat(),
            "corpus": root.name, "pages": len({t.page for t in texts}), "texts": len(texts),
            "lines": sum(len(t.texts) for t in texts), "folds": args.folds}
    model = fit(texts, meta)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    say(f"model written to {args.out} ({Path(args.out).stat().st_size} bytes)")
    write_card(Path(args.card), model, texts, rows_at, results, thresholds, root)
    say(f"card written to {args.card}")
    if args.results:
        Path(args.results).write_text(json.dumps({str(t): r for t, r in results.items()}, indent=1, default=str))
        Path(args.results).with_suffix(".rows.pkl").write_bytes(pickle.dumps(rows_at))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
