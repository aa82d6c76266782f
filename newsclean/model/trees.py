"""A gradient-boosted tree ensemble evaluated with numpy, from a small shipped file.

The trees are trained offline (``python -m newsclean.train``, LightGBM) and exported as
complete binary trees of one depth: tree ``t``'s internal node ``k`` tests
``row[feature[t, k]] > threshold[t, k]`` and goes to node ``2k + 1`` (no) or ``2k + 2`` (yes);
a leaf that LightGBM left above the full depth is padded with never-true tests down to its
leftmost descendant. So every row walks every tree in the same number of steps, and one step
for all rows and trees together is a handful of numpy operations over a (rows × trees) array.

The file (``newsclean/data/model/line-model.npz``) is loaded once per process, on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources

import numpy as np

from newsclean.model.features import NAMES, VOCABULARY

__all__ = ["TreeModel", "default_model", "current_model", "using", "MODEL_FILE"]

MODEL_FILE = "line-model.npz"
_BLOCK = 512  # rows walked through the trees at once


def _category_of(group: str) -> str:
    """The category that names a vocabulary group's removals: its first (the commonest)."""
    return VOCABULARY[group][0]


class TreeModel:
    """A binary classifier: the probability that a line is boilerplate."""

    def __init__(self, feature: np.ndarray, threshold: np.ndarray, value: np.ndarray,
                 names: tuple[str, ...], meta: dict) -> None:
        trees, internal = feature.shape
        self.depth = int(np.log2(internal + 1))
        if 2 ** self.depth - 1 != internal or value.shape != (trees, 2 * internal + 1):
            raise ValueError("line model: trees are not complete binary trees of one depth")
        self.names = names
        self.meta = meta
        self.trees = trees
        self.internal = internal
        self.feature = feature.astype(np.intp).ravel()
        self.split = threshold.astype(np.float64).ravel()
        # value[t, k]: the tree's output at node k (internal nodes: the mean of their leaves,
        # used to say which features moved a score; nodes >= internal are the leaves).
        self.value = value.astype(np.float64)
        self.leaf = np.ascontiguousarray(self.value[:, internal:]).ravel()
        self.tree_base = np.arange(trees, dtype=np.intp) * internal
        self.leaf_base = np.arange(trees, dtype=np.intp) * (internal + 1)
        # The walk numbers the nodes of all trees together: internal node k of tree t is
        # t * internal + k, leaf j of tree t is trees * internal + t * (internal + 1) + j. The
        # child that a failed test leads to (the other is the next number), for every internal node.
        local = np.arange(internal, dtype=np.intp)
        child = 2 * local + 1
        self.no_child = np.where(child < internal, self.tree_base[:, None] + child,
                                 trees * internal + self.leaf_base[:, None] + child - internal).ravel()
        # The first step of the walk, from every tree's root (node 0), for all trees at once.
        self.root_feature = self.feature[self.tree_base]
        self.root_split = self.split[self.tree_base]
        self.root_no_child = self.no_child[self.tree_base]
        # The leaves' values at the walk's numbers (zeros in front, where the internal nodes
        # are): the walk's result indexes it as it is.
        self.leaf_at = np.concatenate((np.zeros(trees * internal), self.leaf))
        self._start_cache: dict[tuple[int, int], np.ndarray] = {}
        self.thresholds = {key: float(v) for key, v in meta.get("thresholds", {}).items()}

    @classmethod
    def load(cls, path) -> "TreeModel":
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            model = cls(data["feature"], data["threshold"], data["value"], tuple(meta["names"]), meta)
        if model.names != NAMES:
            raise ValueError("line model: its features are not this version's (retrain: python -m newsclean.train)")
        return model

    def save(self, path) -> None:
        value = self.value
        np.savez_compressed(path, feature=self.feature.reshape(self.trees, self.internal).astype(np.int16),
                            threshold=self.split.reshape(self.trees, self.internal),
                            value=value.astype(np.float32), meta=np.array(json.dumps(self.meta)))

    def _walk(self, rows: np.ndarray) -> np.ndarray:
        """The leaf that each row reaches in each tree, as an index of :attr:`leaf_at`:
        (rows × trees), flattened row by row.

        Every row starts at every tree's root: that first step is one gather of the roots'
        columns. Each further step for all rows and trees is four gathers (``np.take``,
        cheaper than fancy indexing on these small arrays) and two additions."""
        n, width = rows.shape
        flat = rows.ravel()
        start = self._starts(n, width)
        node = (self.root_no_child + (rows[:, self.root_feature] > self.root_split)).ravel()
        for _ in range(self.depth - 1):
            node = np.take(self.no_child, node) + (
                np.take(flat, np.take(self.feature, node) + start) > np.take(self.split, node))
        return node

    def _starts(self, n: int, width: int) -> np.ndarray:
        """Where each row's values start in the flattened rows, repeated for every tree (the
        same few shapes recur: kept for the last few)."""
        key = (n, width)
        start = self._start_cache.get(key)
        if start is None:
            if len(self._start_cache) >= 64:
                self._start_cache.clear()
            start = self._start_cache[key] = np.repeat(np.arange(n, dtype=np.intp) * width, self.trees)
        return start

    def margin(self, rows: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds) of ``rows``, in blocks: the (rows × trees) arrays of one
        block stay small for a text of very many lines. Each row's leaves are summed as one
        row of a (rows × trees) array, as the model was validated (numpy's pairwise sum)."""
        out = np.empty(len(rows))
        for at in range(0, len(rows), _BLOCK):
            block = rows[at:at + _BLOCK]
            out[at:at + _BLOCK] = np.take(self.leaf_at, self._walk(block)).reshape(len(block), self.trees).sum(axis=1)
        return out

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Boilerplate probabilities of ``rows`` (one per row)."""
        return 1.0 / (1.0 + np.exp(-self.margin(rows)))

    def threshold(self, favor: str | None) -> float:
        return self.thresholds["precision" if favor == "precision" else "recall" if favor == "recall" else "default"]

    def contributions(self, rows: np.ndarray) -> np.ndarray:
        """How much each feature moved each row's log-odds (the change of node value at each
        split on the row's path, credited to the split's feature): (rows, features)."""
        n, width = rows.shape
        out = np.zeros((n, width))
        flat = rows.ravel()
        start = (np.arange(n, dtype=np.intp) * width)[:, None]
        node = np.zeros((n, self.trees), dtype=np.intp)
        tree = np.arange(self.trees)
        line = np.repeat(np.arange(n), self.trees)
        for _ in range(self.depth):
            at = node + self.tree_base
            feature = self.feature[at]
            child = 2 * node + 1 + (flat[start + feature] > self.split[at])
            delta = self.value[tree, child] - self.value[tree, node]
            np.add.at(out, (line, feature.ravel()), delta.ravel())
            node = child
        return out

    def explain(self, rows: np.ndarray) -> list[tuple[str, list[tuple[str, float]]]]:
        """For each row: the category it looks like and its three strongest features
        (name, value), strongest first."""
        contrib = self.contributions(rows)
        out = []
        for row, c in zip(rows, contrib):
            top = [int(k) for k in np.argsort(-c)[:3] if c[k] > 0]
            out.append((self._category(row, top), [(self.names[k], float(row[k])) for k in top]))
        return out

    def _category(self, row: np.ndarray, top: list[int]) -> str:
        """A clutter category when one of the three strongest features is the share of the
        line's words from that category's word lists (or a © for copyright-footer); else
        "boilerplate"."""
        for k in top:
            name = self.names[k]
            if name in VOCABULARY and row[k] > 0:
                return _category_of(name)
            if name == "copyright" and row[k] > 0:
                return "copyright-footer"
        return "boilerplate"


def _model_path():
    return resources.files("newsclean") / "data" / "model" / MODEL_FILE


@lru_cache(maxsize=1)
def default_model() -> TreeModel:
    """The shipped model, loaded on first use."""
    with resources.as_file(_model_path()) as path:
        return TreeModel.load(path)


_OVERRIDE: list[TreeModel] = []


@contextmanager
def using(model: TreeModel) -> Iterator[None]:
    """Score with ``model`` instead of the shipped one inside the ``with`` block (benchmarks
    and experiments, e.g. a cross-validation fold's model; not thread-safe)."""
    _OVERRIDE.append(model)
    try:
        yield
    finally:
        _OVERRIDE.pop()


def current_model() -> TreeModel:
    """The model the scorer uses now: the innermost :func:`using` one, else the shipped one."""
    return _OVERRIDE[-1] if _OVERRIDE else default_model()
