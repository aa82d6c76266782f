"""A trained LightGBM booster as a :class:`newsclean.model.trees.TreeModel`."""

from __future__ import annotations

import numpy as np

from newsclean.model.trees import TreeModel

__all__ = ["from_lightgbm"]


def from_lightgbm(booster, names: tuple[str, ...], meta: dict) -> TreeModel:
    """Complete binary trees of the booster's depth (its trees must have a bounded depth)."""
    dump = booster.dump_model()
    trees = [t["tree_structure"] for t in dump["tree_info"]]
    depth = max(_depth(t) for t in trees)
    internal = 2 ** depth - 1
    feature = np.zeros((len(trees), internal), dtype=np.int16)
    threshold = np.full((len(trees), internal), np.inf)
    value = np.zeros((len(trees), 2 * internal + 1))
    for t, root in enumerate(trees):
        _fill(root, 0, 0, depth, feature[t], threshold[t], value[t])
    meta = dict(meta, names=list(names), depth=depth, trees=len(trees))
    return TreeModel(feature, threshold, value, names, meta)


def _depth(node: dict) -> int:
    if "leaf_value" in node:
        return 0
    return 1 + max(_depth(node["left_child"]), _depth(node["right_child"]))


def _fill(node: dict, pos: int, level: int, depth: int, feature, threshold, value) -> None:
    internal = 2 ** depth - 1
    if "leaf_value" in node:
        leaf = float(node["leaf_value"])
        # Never-true tests down to the full depth: the walk ends at the leftmost descendant.
        while pos < internal:
            value[pos] = leaf
            feature[pos], threshold[pos] = 0, np.inf
            pos = 2 * pos + 1
        value[pos] = leaf
        return
    if node.get("decision_type", "<=") != "<=":
        raise ValueError(f"unsupported split {node.get('decision_type')}")
    feature[pos] = node["split_feature"]
    # LightGBM goes left when value <= threshold; here a test that is true goes right.
    threshold[pos] = float(node["threshold"])
    value[pos] = float(node["internal_value"])
    _fill(node["left_child"], 2 * pos + 1, level + 1, depth, feature, threshold, value)
    _fill(node["right_child"], 2 * pos + 2, level + 1, depth, feature, threshold, value)
