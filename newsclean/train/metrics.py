"""The body score of bench/html_corpus.py: bag-of-words precision/recall/F1 of one page."""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["words", "prf"]

# Word 1-grams, lower-cased; CJK characters count one by one (the same regex as the benchmark).
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+")


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of ``pred`` against ``gold``; 0/0/0 when nothing overlaps."""
    p, g = words(pred), words(gold)
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)
