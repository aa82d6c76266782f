"""How the block scorer's training chooses its thresholds (newsclean.train.html.pick)."""

from __future__ import annotations

import numpy as np

from newsclean.train.html import KEEP_GRID, RECOVER_GRID, TYPE_SLACK, pick

OFF = (KEEP_GRID[0], RECOVER_GRID[-1])
TYPES = ["article"] * 4 + ["listing"] * 2


def _scores(article_f1: float, listing_f1: float) -> np.ndarray:
    """Per-page (P, R, F1): precision 0.95 everywhere, so the precision floor never decides."""
    f1 = [article_f1] * 4 + [listing_f1] * 2
    return np.array([[0.95, 0.9, f] for f in f1])


def test_a_page_type_a_hair_worse_does_not_veto_a_better_pair() -> None:
    # A loss far below the third decimal is noise: the better pair is chosen. A real loss on
    # one page type vetoes a pair whatever it gives the articles.
    scores = {
        OFF: _scores(0.90, 0.70),
        (0.4, 0.9): _scores(0.92, 0.70 - TYPE_SLACK / 2),
        (0.6, 0.6): _scores(0.95, 0.70 - 10 * TYPE_SLACK),
    }
    articles = np.array([t == "article" for t in TYPES])
    chosen = pick(scores, articles, TYPES)
    assert chosen["balanced"] == (0.4, 0.9)
    assert chosen["recall"] == (0.4, 0.9)  # (0.6, 0.6) is not allowed for any favor


def test_no_pair_within_the_rule_means_the_scorer_stays_off() -> None:
    scores = {OFF: _scores(0.90, 0.70), (0.4, 0.9): _scores(0.95, 0.70 - 2 * TYPE_SLACK)}
    articles = np.array([t == "article" for t in TYPES])
    assert pick(scores, articles, TYPES)["balanced"] == OFF
