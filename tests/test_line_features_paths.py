"""The line scorer's context features have two implementations: line by line in plain Python
for short documents, and numpy over all lines for long ones (newsclean.model.features). The
shipped model was trained on one set of values, so both must give the same doubles, bit for
bit, on any document and any flags: a document one line longer than the switch must not score
differently because it took the other path.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from newsclean.model import features as F

ROOT = Path(__file__).resolve().parents[1]
# Every bundled text: seeds, text fixtures (all languages), the line-model fixtures.
TEXTS = sorted(p for folder in ("seeds", "fixtures/text") for p in (ROOT / folder).rglob("*.txt"))


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _both(texts: list[str], flags: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> tuple[np.ndarray, np.ndarray]:
    table = F.line_table(texts)
    with monkeypatch.context() as m:
        m.setattr(F, "_FEW_LINES", 10**9)  # every document line by line
        few = F.features(table, flags)
    with monkeypatch.context() as m:
        m.setattr(F, "_FEW_LINES", -1)  # every document with numpy
        many = F.features(table, flags)
    return few, many


def _flag_sets(n: int, seed: int) -> list[np.ndarray]:
    """No flags (every later round), random flags of every kind, and every line removed."""
    rng = random.Random(seed)
    kinds = list(F.FLAGS.values())
    return [np.zeros(n, dtype=np.int8),
            np.array([rng.choice(kinds) if rng.random() < 0.4 else 0 for _ in range(n)], dtype=np.int8),
            np.full(n, F.FLAGS["clutter"], dtype=np.int8)]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_both_paths_give_the_same_features_on_bundled_texts(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _lines(path.read_text(encoding="utf-8"))
    for flags in _flag_sets(len(texts), seed=len(texts)):
        few, many = _both(texts, flags, monkeypatch)
        assert few.tobytes() == many.tobytes(), [F.NAMES[c] for c in np.flatnonzero((few != many).any(axis=0))]


@pytest.mark.parametrize("texts", [
    ["One line only."],
    ["Menu", "Home", "News", "Sport"],  # no long line: no main block
    ["A long paragraph of running text that ends as a sentence does, well past eighty characters."] * 5,
    ["Short", "A long paragraph of running text that ends as a sentence does, well past eighty characters.",
     "Short", "Short", "Short"],  # repeats and one run of short lines at each end
], ids=["one-line", "no-long-line", "all-long", "mixed"])
def test_both_paths_agree_at_the_edges(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for flags in _flag_sets(len(texts), seed=7):
        few, many = _both(texts, flags, monkeypatch)
        assert few.tobytes() == many.tobytes()
