"""Train the HTML block scorer and validate it by site: ``python -m newsclean.train.html``.

One command, fixed seeds::

    python -m newsclean.train.html [--corpus DIR] [--cache FILE] [--out newsclean/data/model/blocks.npz]

1. Every labelled page of ``--corpus`` (default: the development corpus beside the repository,
   or ``NEWSCLEAN_CORPUS``) goes through newsclean's HTML path with a scorer that only records:
   its segments, trafilatura's text and the feature matrix are what the shipped scorer sees.
   Segments are labelled against ``gold.txt`` (:func:`newsclean.train.collect.label`).
2. Grouped 5-fold cross-validation by site: a LightGBM model per fold, trained on the other
   folds' sites; the keep/recover thresholds of a fold are chosen on the other folds'
   out-of-fold predictions; every reported number is on pages the model did not train on.
3. The shipped model is trained on every page; its thresholds are the ones chosen on all
   out-of-fold predictions. It is written as flat arrays (``.npz``, no pickle).

Needs the ``[train]`` extra (LightGBM, scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from newsclean.html.blockfeatures import Alignment, feature_names
from newsclean.html.blocks_walk import Segments
from newsclean.html.blockscore import LINK_SHARE, MAX_RECOVER_LINK_SHARE, BlockScorer, Rescored, TreeModel, overpruned
from newsclean.train.collect import Page, label, page_folders, read_page, site_of, token_sites

SEED = 20260601
FOLDS = 5
VOCABULARY_SIZE = 96
MIN_SITES = 8
FAVORS = ("precision", "balanced", "recall")
PARAMS: dict[str, Any] = {
    "objective": "binary", "learning_rate": 0.08, "num_leaves": 24, "max_depth": 6,
    # No row or feature sampling: with it, the seed alone decided whether the default's
    # thresholds act (docs/model.md, "Thresholds and --favor").
    "min_child_samples": 40, "feature_fraction": 1.0, "bagging_fraction": 1.0, "bagging_freq": 0,
    "lambda_l2": 1.0, "n_estimators": 160, "seed": SEED, "deterministic": True,
    "force_row_wise": True, "num_threads": 1, "verbose": -1,
}
KEEP_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
RECOVER_GRID = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01)  # 1.01: never recover
# How much lower a page type's mean F1 may be than with the scorer off and still count as "not
# worse": a tenth of a point, below the third decimal the tables report. With no slack, a loss of
# 0.0001 on the ~70 listing pages of four folds decided whether a fold's scorer ran at all.
TYPE_SLACK = 0.001


class _Recorder(BlockScorer):
    """A scorer that changes nothing and keeps what the real one would see."""

    def __init__(self, vocabulary: tuple[str, ...]) -> None:
        self.vocabulary = vocabulary
        self.bits = {tok: i for i, tok in enumerate(vocabulary)}
        self.seen: tuple[Segments, str, Alignment, np.ndarray] | None = None

    def rescore(self, segments: Segments, text: str, favor: str = "balanced", second: str | None = None) -> Rescored:
        alignment, X = self.features(segments, text, second)
        self.seen = (segments, text, alignment, X)
        return Rescored(text)


def default_corpus() -> Path:
    env = os.environ.get("NEWSCLEAN_CORPUS")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "shared" / "corpus"


def choose_vocabulary(folders: list[Path]) -> tuple[str, ...]:
    pairs = []
    for folder in folders:
        html, _gold, meta = read_page(folder)
        pairs.append((site_of(meta, folder), html))
    counts = token_sites(pairs)
    chosen = [tok for tok, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= MIN_SITES]
    return tuple(chosen[:VOCABULARY_SIZE])


def collect(root: Path, vocabulary: tuple[str, ...], compare: bool = False, log=print) -> list[Page]:
    """Rows of every page under ``root`` (and, with ``compare``, the comparison systems' bodies)."""
    from newsclean.html import extract_page

    pages: list[Page] = []
    folders = page_folders(root)
    start = time.perf_counter()
    for n, folder in enumerate(folders, 1):
        html, gold, meta = read_page(folder)
        recorder = _Recorder(vocabulary)
        page = extract_page(html, url=meta.get("url"), scorer=recorder)
        if recorder.seen is None:
            segments, text, alignment, X = Segments(), page.text, Alignment(np.zeros(0), []), \
                np.zeros((0, len(feature_names(vocabulary))))
        else:
            segments, text, alignment, X = recorder.seen
        extra: dict[str, str] = {}
        if compare:
            extra = _comparisons(html, meta.get("url"))
        rel = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.name
        pages.append(Page(rel, site_of(meta, folder), meta.get("page_type", "article"), meta.get("language", ""),
                          X.astype(np.float32), label(segments.texts, gold), alignment.kept.astype(np.float32),
                          segments.texts, list(segments.tags), text, alignment.line_segments, gold, extra))
        if n % 100 == 0:
            log(f"  {n}/{len(folders)} pages, {time.perf_counter() - start:.0f} s")
    return pages


def _comparisons(html: str, url: str | None) -> dict[str, str]:
    import trafilatura

    import newsclean

    out = {"trafilatura": trafilatura.extract(html, url=url) or "",
           "trafilatura_precision": trafilatura.extract(html, url=url, favor_precision=True) or ""}
    out["newsclean"] = newsclean.clean(html, kind="html", url=url, disable=["line-model"]).body
    return out


def folds_of(pages: list[Page], k: int = FOLDS) -> np.ndarray:
    """Fold number of each page: grouped by site (scikit-learn's GroupKFold: deterministic)."""
    from sklearn.model_selection import GroupKFold

    groups = [p.site for p in pages]
    fold = np.zeros(len(pages), dtype=np.int64)
    for f, (_train, test) in enumerate(GroupKFold(n_splits=k).split(np.zeros(len(pages)), groups=groups)):
        fold[test] = f
    return fold


def _weights(page: Page) -> np.ndarray:
    """Row weights: a segment counts by its words, and each page as much as any other (the
    metric is a macro average over pages)."""
    words = np.maximum(page.X[:, 1].astype(np.float64), 1.0) if len(page.X) else np.zeros(0)
    return words / max(words.sum(), 1.0) * 100.0


def train_model(pages: list[Page]):
    import lightgbm as lgb

    X = np.concatenate([p.X for p in pages if len(p.X)])
    y = np.concatenate([p.y for p in pages if len(p.X)])
    w = np.concatenate([_weights(p) for p in pages if len(p.X)])
    model = lgb.LGBMClassifier(**PARAMS)
    model.fit(X, y, sample_weight=w)
    return model.booster_


def export(booster, depth: int) -> TreeModel:
    """A LightGBM booster as a :class:`TreeModel` (complete trees of ``depth`` levels)."""
    dump = booster.dump_model()
    trees = dump["tree_info"]
    inner = 2 ** depth - 1
    feature = np.zeros((len(trees), inner), dtype=np.int16)
    threshold = np.full((len(trees), inner), np.inf)
    value = np.zeros((len(trees), inner))
    leaf = np.zeros((len(trees), inner + 1))

    def fill(t: int, node: dict, k: int, level: int) -> None:
        if "split_index" in node:
            if level >= depth:
                raise ValueError(f"tree {t} is deeper than {depth}")
            if node.get("decision_type", "<=") != "<=":
                raise ValueError("only numeric <= splits can be exported")
            feature[t, k] = node["split_feature"]
            threshold[t, k] = node["threshold"]
            value[t, k] = node.get("internal_value", 0.0)
            fill(t, node["left_child"], 2 * k + 1, level + 1)
            fill(t, node["right_child"], 2 * k + 2, level + 1)
        elif level == depth:
            leaf[t, k - inner] = node["leaf_value"]
        else:  # a leaf above the last level: always left, to two copies of itself
            value[t, k] = node["leaf_value"]
            fill(t, node, 2 * k + 1, level + 1)
            fill(t, node, 2 * k + 2, level + 1)

    for t, tree in enumerate(trees):
        fill(t, tree["tree_structure"], 0, 0)
    return TreeModel(feature, threshold, value, leaf, depth)


def save(path: Path, model: TreeModel, vocabulary: tuple[str, ...], keep: dict[str, float],
         recover: dict[str, float], info: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path, feature=model.feature.reshape(model.trees, model.inner).astype(np.int16),
        threshold=model.threshold.reshape(model.trees, model.inner), value=model.value.astype(np.float32),
        leaf=model.leaf.reshape(model.trees, model.inner + 1), depth=np.array(model.depth),
        vocabulary=np.array(vocabulary), names=np.array(feature_names(vocabulary)),
        favors=np.array(FAVORS), keep=np.array([keep[f] for f in FAVORS]),
        recover=np.array([recover[f] for f in FAVORS]), info=np.array(json.dumps(info, sort_keys=True)))


# --- evaluation -----------------------------------------------------------------------------

def _segments_of(page: Page) -> Segments:
    s = Segments()
    s.texts = page.texts
    s.tags = page.tags
    n = len(page.texts)
    s.lines = [0] * n
    s.own = [0] * n
    s.above = [0] * n
    return s


def filtered_text(page: Page, prob: np.ndarray, keep_at: float, recover_at: float) -> str:
    """Approach (a): trafilatura's text, filtered, plus recovered blocks (the runtime's output)."""
    if not page.texts or not page.text:
        return page.text
    scorer = _EvalScorer()
    result = scorer._apply(_segments_of(page), page.text, Alignment(page.kept.astype(np.float64), page.line_segments),
                           page.X, prob, keep_at, recover_at)
    return page.text if _few(result.text) else result.text


def extracted_text(page: Page, prob: np.ndarray, at: float) -> str:
    """Approach (b): the segments above the threshold, in page order (trafilatura's choice as a feature)."""
    return "\n\n".join(t for t, p in zip(page.texts, prob) if p >= at)


def _few(text: str) -> bool:
    from newsclean.html.extract import few_words

    return few_words(text)


class _EvalScorer(BlockScorer):
    def __init__(self) -> None:
        self._category_bits = []

    def _reasons(self, X, removed) -> list[str]:  # not needed to score the text
        return [""] * len(removed)


def grid(pages: list[Page], probs: list[np.ndarray]) -> dict[tuple[float, float], np.ndarray]:
    """Per-page (P, R, F1) of approach (a) for every (keep, recover) pair of the grid.

    Fast form of :func:`filtered_text` + :func:`prf`: per page, the word counts of each line and
    of each recoverable segment go into one matrix, and each threshold pair is a 0/1 choice of
    its rows. The over-pruning guard (:func:`~newsclean.html.blockscore.overpruned`) applies,
    on the metric's word counts. (Three details of the runtime are left out: a recovered text is
    not recovered twice, the headings that open the text are never removed, and a page the
    scorer would leave with fewer than 8 words keeps trafilatura's text. The benchmark runs the
    real thing.)"""
    from newsclean.train.metrics import words

    pairs = [(k, r) for k in KEEP_GRID for r in RECOVER_GRID]
    out = {pair: np.zeros((len(pages), 3)) for pair in pairs}
    for n, (page, prob) in enumerate(zip(pages, probs)):
        gold = words(page.gold)
        lines = page.text.split("\n") if page.text else []
        scores: list[float] = []
        counters = []
        last_at = -1
        eligible: list[int] = []
        kept_texts = {t for t, k in zip(page.texts, page.kept) if k > 0}
        cands = [int(i) for i in np.flatnonzero(page.kept == 0)] if len(page.texts) else []
        c = 0

        def take_until(limit: int) -> None:
            nonlocal c
            while c < len(cands) and cands[c] < limit:
                i = cands[c]
                c += 1
                if last_at < i and last_at >= 0 and page.texts[i] not in kept_texts \
                        and page.X[i, LINK_SHARE] < MAX_RECOVER_LINK_SHARE:
                    eligible.append(i)
                    kept_texts.add(page.texts[i])

        located = page.line_segments if len(page.line_segments) == len(lines) else [[] for _ in lines]
        for line, pieces in zip(lines, located):
            if not line.strip():
                continue
            if pieces:
                take_until(min(i for i, _ in pieces))
                weight = sum(w for _, w in pieces)
                scores.append(sum(prob[i] * w for i, w in pieces) / weight)
                last_at = max(last_at, max(i for i, _ in pieces))
            else:
                scores.append(2.0)  # not located: always kept
            counters.append(words(line))
        take_until(len(page.texts))
        counters += [words(page.texts[i]) for i in eligible]
        vocab = {w: j for j, w in enumerate(set(gold).union(*counters))}
        M = np.zeros((len(counters), len(vocab)))
        for row, counter in enumerate(counters):
            for w, k in counter.items():
                M[row, vocab[w]] = k
        g = np.zeros(len(vocab))
        for w, k in gold.items():
            g[vocab[w]] = k
        line_scores = np.array(scores)
        rec_scores = prob[eligible] if eligible else np.zeros(0)
        total_gold = g.sum()
        original = np.concatenate([np.ones(len(line_scores)), np.zeros(len(rec_scores))])
        row_words = M.sum(axis=1)
        line_words, rec_words = row_words[:len(line_scores)], row_words[len(line_scores):]
        for keep_at, recover_at in pairs:
            kept, back = line_scores >= keep_at, rec_scores >= recover_at
            if overpruned(line_words[~kept].sum(), line_words.sum(), rec_words[back].sum()):
                kept = np.ones(len(line_scores), dtype=bool)  # the runtime keeps every line then
            mask = np.concatenate([kept, back])
            pred = mask @ M if len(mask) else np.zeros(len(vocab))
            if pred.sum() < 8:  # the runtime keeps trafilatura's text then
                pred = original @ M if len(mask) else pred
            overlap = np.minimum(pred, g).sum()
            if overlap <= 0 or total_gold <= 0:
                continue
            precision, recall = overlap / pred.sum(), overlap / total_gold
            out[(keep_at, recover_at)][n] = (precision, recall, 2 * precision * recall / (precision + recall))
    return out


def pick(scores: dict[tuple[float, float], np.ndarray], mask: np.ndarray,
         types: list[str] | None = None, among: np.ndarray | None = None) -> dict[str, tuple[float, float]]:
    """Thresholds by favor, chosen on the article pages in ``mask``.

    Candidates are the pairs that leave no page type (of the pages in ``among``, default all)
    worse on average than the scorer switched off (keep 0, never recover), by more than
    :data:`TYPE_SLACK`. ``balanced`` (the
    default; issue 15's rule): the best macro F1 on the articles among the pairs that keep their
    precision at least that of the scorer switched off. ``precision``: the same with keep no
    higher and recover no lower than ``balanced`` (the runtime's ``favor="precision"`` runs no
    block scorer). ``recall`` (more blocks put back): the best F1 with keep no lower and recover
    no higher than ``balanced``, whatever the precision."""
    off = (KEEP_GRID[0], RECOVER_GRID[-1])
    allowed = list(scores)
    if types is not None:
        among = np.ones(len(types), dtype=bool) if among is None else among
        groups = [np.array([t == kind for t in types]) & among for kind in sorted(set(types))]
        allowed = [k for k in allowed
                   if all(scores[k][g, 2].mean() >= scores[off][g, 2].mean() - TYPE_SLACK for g in groups if g.any())]

    def best(keys) -> tuple[float, float]:
        return max(keys, key=lambda k: (round(float(scores[k][mask, 2].mean()), 12), -k[0], k[1]))

    floor = scores[off][mask, 0].mean() - 1e-9
    safe = [k for k in allowed if scores[k][mask, 0].mean() >= floor]
    balanced = best(safe) if safe else off
    keep, recover = balanced
    safer = [k for k in safe if k[0] <= keep and k[1] >= recover]
    more = [k for k in allowed if k[0] >= keep and k[1] <= recover]
    return {"precision": best(safer) if safer else off, "balanced": balanced,
            "recall": best(more) if more else balanced}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m newsclean.train.html", description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=None, help="folder of labelled pages (default: the dev corpus)")
    ap.add_argument("--cache", type=Path, default=None, help="keep the collected rows in this file (pickle)")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "model" / "blocks.npz")
    ap.add_argument("--report", type=Path, default=None, help="write the validation results as JSON here")
    ap.add_argument("--compare", action="store_true", help="also run trafilatura and today's newsclean on each page")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    root = args.corpus or default_corpus()
    if not root.is_dir():
        print(f"corpus not found at {root}: give --corpus or set NEWSCLEAN_CORPUS")
        return 1
    if args.cache and args.cache.is_file():
        with args.cache.open("rb") as handle:
            vocabulary, pages = pickle.load(handle)
        print(f"{len(pages)} pages from {args.cache}")
    else:
        folders = page_folders(root)
        if args.limit:
            folders = folders[:args.limit]
        vocabulary = choose_vocabulary(folders)
        print(f"vocabulary: {len(vocabulary)} class/id tokens on >= {MIN_SITES} sites")
        pages = collect(root if not args.limit else root, vocabulary, compare=args.compare)
        if args.limit:
            pages = pages[:args.limit]
        if args.cache:
            with args.cache.open("wb") as handle:
                pickle.dump((vocabulary, pages), handle, protocol=pickle.HIGHEST_PROTOCOL)
    report = validate(pages, vocabulary)
    if args.report:
        args.report.write_text(json.dumps(report, indent=1))
    booster = train_model(pages)
    model = export(booster, PARAMS["max_depth"])
    chosen = report["thresholds_all"]
    info = {"pages": len(pages), "sites": len({p.site for p in pages}), "seed": SEED, "params": PARAMS,
            "corpus": root.name}
    save(args.out, model, vocabulary, {f: chosen[f][0] for f in FAVORS}, {f: chosen[f][1] for f in FAVORS}, info)
    print(f"model written to {args.out} ({args.out.stat().st_size / 1024:.0f} KB)")
    return 0


def validate(pages: list[Page], vocabulary: tuple[str, ...]) -> dict:
    """Grouped cross-validation: out-of-fold probabilities, thresholds, per-fold and overall scores."""
    fold = folds_of(pages)
    probs: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for f in range(FOLDS):
        train = [p for p, k in zip(pages, fold) if k != f]
        booster = train_model(train)
        model = export(booster, PARAMS["max_depth"])
        for i in np.flatnonzero(fold == f):
            X = pages[i].X.astype(np.float64)
            probs[i] = model.predict(X) if len(X) else np.zeros(0)
        print(f"fold {f}: trained on {len(train)} pages", file=sys.stderr)
    scores = grid(pages, probs)
    articles = np.array([p.page_type == "article" for p in pages])
    types = [p.page_type for p in pages]
    chosen_all = pick(scores, articles, types)
    per_fold_thresholds = {f: pick(scores, articles & (fold != f), types, fold != f) for f in range(FOLDS)}
    off = scores[(KEEP_GRID[0], RECOVER_GRID[-1])]
    per_page: dict[str, np.ndarray] = {}
    print("grouped CV by site, out of fold (page text before the text stage; bag-of-words P/R/F1, macro)")
    for favor in ("balanced", "recall"):
        per_page[favor] = np.zeros((len(pages), 3))
        for f in range(FOLDS):
            mine = fold == f
            per_page[favor][mine] = scores[per_fold_thresholds[f][favor]][mine]
        print(f"\nthresholds for favor={favor}, chosen per fold on the other folds")
        print("| fold | article pages | thresholds (keep, recover) | without scorer P/R/F1 | with scorer P/R/F1 |")
        print("|---:|---:|---|---|---|")
        for f in range(FOLDS):
            m = articles & (fold == f)
            print(f"| {f} | {m.sum()} | {per_fold_thresholds[f][favor]} | {_prf3(off[m])} | {_prf3(per_page[favor][m])} |")
        print(f"| all | {articles.sum()} | | {_prf3(off[articles])} | {_prf3(per_page[favor][articles])} |")
        print("| page type | pages | without scorer P/R/F1 | with scorer P/R/F1 |")
        print("|---|---:|---|---|")
        for kind in sorted(set(types)):
            m = np.array([t == kind for t in types])
            print(f"| {kind} | {m.sum()} | {_prf3(off[m])} | {_prf3(per_page[favor][m])} |")
        print(f"| all | {len(pages)} | {_prf3(off)} | {_prf3(per_page[favor])} |")
    print(f"shipped thresholds (all out-of-fold predictions): {chosen_all}")
    return {"fold": fold.tolist(), "per_page": per_page["balanced"].tolist(),
            "per_page_recall": per_page["recall"].tolist(), "thresholds_all": chosen_all,
            "thresholds_by_fold": per_fold_thresholds, "probs": [p.tolist() for p in probs],
            "ids": [p.id for p in pages]}


def _prf3(rows: np.ndarray) -> str:
    return " / ".join(f"{v:.4f}" for v in rows.mean(axis=0)) if len(rows) else "–"


if __name__ == "__main__":
    raise SystemExit(main())
