"""Fold models of both learned scorers for out-of-fold benchmarks of the whole pipeline.

One split of the corpus into 5 folds by site serves both scorers: ``python -m newsclean.train.html``'s
(scikit-learn ``GroupKFold`` over ``meta.json`` ``domain``, else the URL's host), so that a page is
cleaned by a text line model *and* a block model that never saw its site. For each fold:

* the **text line scorer** is trained with ``newsclean.train.fit.fit`` on the labelled lines of the
  other folds' pages (trafilatura.txt and fullpage.txt, as ``python -m newsclean.train``); its
  thresholds (default / precision / recall) are chosen by ``newsclean.train``'s rule
  (``choose_thresholds``) on the other folds' out-of-fold results only;
* the **block scorer** is trained with ``newsclean.train.html.train_model`` on the other folds'
  segments; its keep/recover thresholds are chosen by ``newsclean.train.html.pick`` on the other
  folds' out-of-fold predictions (as ``bench/html_model.py``).

The expensive steps are cached in a work folder outside the repository: the labelled rows of
both scorers, the fold models (``.npz``, the shipped formats) and their thresholds.
Needs the ``[train]`` extra (LightGBM, scikit-learn).
"""

from __future__ import annotations

import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

FOLDS = 5


class Say:
    """Progress lines on stderr, with the seconds since the start."""

    def __init__(self) -> None:
        self.start = time.time()

    def __call__(self, message: str) -> None:
        print(f"[{time.time() - self.start:6.0f} s] {message}", file=sys.stderr, flush=True)


def block_rows(root: Path, work: Path, say: Say):
    """(vocabulary, pages) of the block scorer, every corpus page (cached)."""
    from newsclean.train import html as train

    path = work / "block-rows.pkl"
    if path.is_file():
        return pickle.loads(path.read_bytes())
    from newsclean.train.collect import page_folders

    say("block rows: choosing the class/id vocabulary and walking every page…")
    vocabulary = train.choose_vocabulary(page_folders(root))
    pages = train.collect(root, vocabulary, log=say)
    path.write_bytes(pickle.dumps((vocabulary, pages), protocol=pickle.HIGHEST_PROTOCOL))
    return vocabulary, pages


def text_rows(root: Path, work: Path, say: Say):
    """The text scorer's labelled texts (``newsclean.train.data.read_folder``; cached without
    their line tables, which are remade on loading, as ``python -m newsclean.train --cache``)."""
    from newsclean.model.features import line_table
    from newsclean.train.data import read_folder

    path = work / "text-rows.pkl"
    if path.is_file():
        texts = pickle.loads(path.read_bytes())
        for t in texts:
            t.table = line_table(t.texts)
        return texts
    say("text rows: cleaning every trafilatura.txt and fullpage.txt with the rules…")
    texts = read_folder(root, lambda n, total: n % 200 == 0 and say(f"  labelled {n}/{total} pages"))
    tables = [t.table for t in texts]
    for t in texts:
        t.table = None
    path.write_bytes(pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL))
    for t, table in zip(texts, tables):
        t.table = table
    return texts


def page_folds(pages) -> dict[str, int]:
    """The fold of each page id: the block trainer's split (GroupKFold by site)."""
    from newsclean.train import html as train

    fold = train.folds_of(pages, FOLDS)
    return {p.id: int(f) for p, f in zip(pages, fold)}


class FoldModels:
    """The text models and block scorers of the folds (index = the fold they were held out of)."""

    def __init__(self, text: list, blocks: list, folds: dict[str, int]) -> None:
        self.text, self.blocks, self.folds = text, blocks, folds


def fold_models(root: Path, work: Path, say: Say) -> FoldModels:
    """Train (or read back) both scorers' fold models."""
    from newsclean.html.blockscore import BlockScorer
    from newsclean.model.trees import TreeModel

    folds_file = work / "folds.json"
    text_files = [work / f"text-fold{f}.npz" for f in range(FOLDS)]
    block_files = [work / f"blocks-fold{f}.npz" for f in range(FOLDS)]
    if folds_file.is_file() and all(p.is_file() for p in text_files + block_files):
        folds = json.loads(folds_file.read_text())
        return FoldModels([TreeModel.load(p) for p in text_files], [BlockScorer.load(p) for p in block_files], folds)
    vocabulary, pages = block_rows(root, work, say)
    folds = page_folds(pages)
    folds_file.write_text(json.dumps(folds, indent=0, sort_keys=True))
    if not all(p.is_file() for p in block_files):
        _block_models(vocabulary, pages, folds, block_files, say)
    del pages
    if not all(p.is_file() for p in text_files):
        _text_models(text_rows(root, work, say), folds, text_files, work, say)
    return fold_models(root, work, say)


def _block_models(vocabulary, pages, folds: dict[str, int], files: list[Path], say: Say) -> None:
    from newsclean.train import html as train

    fold = np.array([folds[p.id] for p in pages])
    models = []
    probs: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for f in range(FOLDS):
        model = train.export(train.train_model([p for p, k in zip(pages, fold) if k != f]), train.PARAMS["max_depth"])
        models.append(model)
        for i in np.flatnonzero(fold == f):
            probs[i] = model.predict(pages[i].X.astype(np.float64)) if len(pages[i].X) else np.zeros(0)
        say(f"block model of fold {f} trained")
    scores = train.grid(pages, probs)
    articles = np.array([p.page_type == "article" for p in pages])
    types = [p.page_type for p in pages]
    for f, model in enumerate(models):
        chosen = train.pick(scores, articles & (fold != f), types, fold != f)
        info = {"fold": f, "held_out_sites": sorted({p.site for p, k in zip(pages, fold) if k == f})[:3],
                "pages": int((fold != f).sum()), "seed": train.SEED}
        train.save(files[f], model, vocabulary, {k: v[0] for k, v in chosen.items()},
                   {k: v[1] for k, v in chosen.items()}, info)
        say(f"block thresholds of fold {f} (keep, recover): {chosen}")


def _text_models(texts, folds: dict[str, int], files: list[Path], work: Path, say: Say) -> None:
    from newsclean.train.__main__ import choose_thresholds
    from newsclean.train.fit import GRID, fit, page_rows, summarise

    by_site: dict[str, int] = {}
    for t in texts:
        f = folds[t.page]
        if by_site.setdefault(t.site, f) != f:
            raise ValueError(f"site {t.site} is in two folds")
    models = []
    for f in range(FOLDS):
        models.append(fit([t for t in texts if by_site[t.site] != f], {}))
        say(f"text model of fold {f} trained")
    rows_file = work / "text-oof-rows.pkl"
    if rows_file.is_file():
        rows_at = pickle.loads(rows_file.read_bytes())
    else:
        rows_at = {}
        for threshold in GRID:
            rows_at[threshold] = page_rows(models, texts, by_site, threshold)
            say(f"text scorer out of fold at {threshold}")
        rows_file.write_bytes(pickle.dumps(rows_at))
    for f, model in enumerate(models):
        results = {}
        for threshold, rows in rows_at.items():
            others = [r for r in rows if r.fold != f]
            summary = {source: {"all": summarise([r for r in others if r.source == source]),
                                "article": summarise([r for r in others if r.source == source
                                                      and r.page_type == "article"])}
                       for source in sorted({r.source for r in others})}
            summary["_pooled"] = summarise(others)
            results[threshold] = summary
        model.meta = dict(model.meta, thresholds=choose_thresholds(results), fold=f)
        model.thresholds = dict(model.meta["thresholds"])
        model.save(files[f])
        say(f"text thresholds of fold {f}: {model.thresholds}")
