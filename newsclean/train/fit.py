"""Grouped cross-validation, threshold choice and the final fit of the line scorer."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from newsclean.model.features import FLAGS, NAMES, features
from newsclean.model.scorer import MAX_ROUNDS
from newsclean.model.trees import TreeModel
from newsclean.train.data import Text
from newsclean.train.export import from_lightgbm

__all__ = ["PARAMS", "ROUNDS", "GRID", "assign_folds", "fit", "simulate", "page_rows", "summarise", "Row", "validate"]

SEED = 7
# Depth 6 and 100 trees: the numpy walk of every line through every tree must stay cheap
# (bench/line_model.py); deeper or more trees measured no better on the validation folds.
PARAMS = dict(objective="binary", learning_rate=0.1, num_leaves=31, max_depth=6, min_child_samples=40,
              feature_fraction=0.8, bagging_fraction=0.8, bagging_freq=1, max_bin=63, seed=SEED,
              verbose=-1, num_threads=2, deterministic=True, force_row_wise=True)
ROUNDS = 100
GRID = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def assign_folds(texts: list[Text], k: int, seed: int = 0) -> dict[str, int]:
    """A fold for each site: every page of a site is in one fold only."""
    sites = sorted({t.site for t in texts})
    order = np.random.RandomState(seed).permutation(len(sites))
    return {sites[i]: int(rank % k) for rank, i in enumerate(order)}


def training_rows(texts: list[Text]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the lines the scorer decides on (those the rules left), and their targets:
    1 for boilerplate (not in the gold, or a known boilerplate snippet)."""
    xs, ys = [], []
    for t in texts:
        mine = t.flags <= FLAGS["cut"]
        xs.append(features(t.table, t.flags)[mine])
        ys.append((~t.gold_line | t.snippet)[mine])
    return np.concatenate(xs), np.concatenate(ys).astype(int)


def fit(texts: list[Text], meta: dict) -> TreeModel:
    """A model trained on these texts."""
    import lightgbm

    rows, target = training_rows(texts)
    booster = lightgbm.train(PARAMS, lightgbm.Dataset(rows, target), num_boost_round=ROUNDS)
    return from_lightgbm(booster, NAMES, meta)


def simulate(model: TreeModel, text: Text, threshold: float) -> tuple[np.ndarray, int]:
    """What the scorer removes from one text (as newsclean.model.scorer does), and the rounds."""
    removed = np.zeros(len(text.texts), dtype=bool)
    active = np.arange(len(text.texts))
    flags = text.flags
    rounds = 0
    for rounds in range(1, MAX_ROUNDS + 1):
        scores = model.predict(features(text.table.take(active), flags))
        take = (scores > threshold) & (flags <= FLAGS["cut"])
        if not take.any():
            if not flags.any():
                break
            active = active[flags <= FLAGS["cut"]]
            if not len(active):
                break
            flags = np.zeros(len(active), dtype=np.int8)
            continue
        removed[active[take]] = True
        active = active[(flags <= FLAGS["cut"]) & ~take]
        if not len(active):
            break
        flags = np.zeros(len(active), dtype=np.int8)
    return removed, rounds


_BOW = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+")


def body_prf(body: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall, F1 (as bench/html_corpus.py computes them)."""
    p, g = Counter(_BOW.findall(body.lower())), Counter(_BOW.findall(gold.lower()))
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


@dataclass
class Row:
    """One page and one source at one threshold: line counts and body scores."""

    page: str
    source: str
    fold: int
    page_type: str
    language: str
    rounds: int = 0
    counts: Counter = field(default_factory=Counter)
    body: tuple[float, float, float] = (0.0, 0.0, 0.0)
    rules_body: tuple[float, float, float] = (0.0, 0.0, 0.0)


def page_rows(models: list[TreeModel], texts: list[Text], folds: dict[str, int], threshold: float) -> list[Row]:
    """Each page's result with the model of the fold it was held out of."""
    by_page: dict[tuple[str, str], list[Text]] = defaultdict(list)
    for t in texts:
        by_page[(t.page, t.source)].append(t)
    rows = []
    for (page, source), parts in by_page.items():
        first = parts[0]
        fold = folds[first.site]
        row = Row(page, source, fold, first.page_type, first.language)
        kept: list[str] = []
        rule_kept: list[str] = []
        for t in parts:
            removed, rounds = simulate(models[fold], t, threshold)
            row.rounds = max(row.rounds, rounds)
            gold, other = t.gold_line, ~t.gold_line
            clutter, meta = t.flags == FLAGS["clutter"], t.flags >= FLAGS["title"]
            c = row.counts
            c["gold"] += int(gold.sum())
            c["other"] += int(other.sum())
            c["other_rules"] += int((other & clutter).sum())
            c["other_meta"] += int((other & meta).sum())
            c["other_model"] += int((other & removed).sum())
            c["gold_rules"] += int((gold & clutter).sum())
            c["gold_meta"] += int((gold & meta).sum())
            c["gold_model"] += int((gold & removed).sum())
            left = t.flags <= FLAGS["cut"]
            rule_kept += [s for s, k in zip(t.texts, left) if k]
            kept += [s for s, k in zip(t.texts, left & ~removed) if k]
        row.body = body_prf("\n".join(kept), first.gold)
        row.rules_body = body_prf("\n".join(rule_kept), first.gold)
        rows.append(row)
    return rows


def summarise(rows: list[Row]) -> dict:
    """Totals of some rows: shares of lines removed and lost, mean body scores."""
    if not rows:
        return {}
    c: Counter = Counter()
    for r in rows:
        c.update(r.counts)
    other, gold = max(c["other"], 1), max(c["gold"], 1)
    model_taken = c["other_model"] + c["gold_model"]
    return {
        "pages": len(rows),
        "gold lines": c["gold"],
        "other lines": c["other"],
        "removed, rules": (c["other_rules"] + c["other_meta"]) / other,
        "removed, rules + model": (c["other_rules"] + c["other_meta"] + c["other_model"]) / other,
        "lost, rules": c["gold_rules"] / gold,
        "lost, rules + model": (c["gold_rules"] + c["gold_model"]) / gold,
        "gold to metadata": c["gold_meta"] / gold,
        "model precision": c["other_model"] / model_taken if model_taken else float("nan"),
        "rules precision": (c["other_rules"] / (c["other_rules"] + c["gold_rules"])
                            if c["other_rules"] + c["gold_rules"] else float("nan")),
        "body P, rules": float(np.mean([r.rules_body[0] for r in rows])),
        "body R, rules": float(np.mean([r.rules_body[1] for r in rows])),
        "body F1, rules": float(np.mean([r.rules_body[2] for r in rows])),
        "body P": float(np.mean([r.body[0] for r in rows])),
        "body R": float(np.mean([r.body[1] for r in rows])),
        "body F1": float(np.mean([r.body[2] for r in rows])),
        "rounds": dict(sorted(Counter(r.rounds for r in rows).items())),
    }


def validate(texts: list[Text], k: int, say=lambda message: None,
             grid: tuple[float, ...] = GRID) -> tuple[dict[float, list[Row]], dict[float, dict]]:
    """Grouped k-fold cross-validation by site: each fold's model scores only the pages of the
    sites it was not trained on, at each threshold of ``grid``. Returns the rows of every page
    and the summaries (per source, all pages and articles, and "_pooled" over all)."""
    folds = assign_folds(texts, k)
    models = []
    for f in range(k):
        models.append(fit([t for t in texts if folds[t.site] != f], {}))
        say(f"fold {f} trained")
    rows_at: dict[float, list[Row]] = {}
    results: dict[float, dict] = {}
    for threshold in grid:
        rows = page_rows(models, texts, folds, threshold)
        rows_at[threshold] = rows
        summary: dict = {}
        for source in sorted({r.source for r in rows}):
            mine = [r for r in rows if r.source == source]
            summary[source] = {"all": summarise(mine),
                               "article": summarise([r for r in mine if r.page_type == "article"])}
        summary["_pooled"] = summarise(rows)
        results[threshold] = summary
        say(f"threshold {threshold}: " + "; ".join(
            f"{s}: removed {v['all']['removed, rules + model']:.3f} lost {v['all']['lost, rules + model']:.4f} "
            f"F1 {v['all']['body F1']:.3f}" for s, v in summary.items() if s != "_pooled"))
    return rows_at, results
