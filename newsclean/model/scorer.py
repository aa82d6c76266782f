"""The line scorer: which lines that the word-list rules left are still clutter.

It runs after the rules, on one piece of the text. The lines it sees are the non-blank lines'
display text (what is left of a line that a rule cut at an edge), each with a flag saying what
the rules took (:data:`newsclean.model.features.FLAGS`). It gives every line the rules left a
boilerplate probability and takes those above the threshold.

Cleaning a cleaned body must take nothing more. The body keeps only the lines kept, without
flags; so the scorer runs to a fixpoint: the first round sees every line (what the rules took
stays in as flagged context), each later round only the lines still kept, without flags, and
it stops when a round takes nothing. A second cleaning then sees exactly the last round's
input and takes nothing either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from newsclean.detect.registry import Finding
from newsclean.model.features import FLAGS, features, flag_of, line_table
from newsclean.text.lines import Document

__all__ = ["Model", "line_findings", "sequence", "MAX_ROUNDS", "DETECTOR", "CODE"]

DETECTOR = "line-model"
# A piece of text with more non-blank lines than this is not scored: the corpus's longest page
# has 2,650, and the features' memory grows with the lines (a list of 100,000 words).
MAX_LINES = 4000
CODE = "line-model.line"  # the rule code of every removal (see the registry)
# str.isalnum() of some character: the regex engine's \w is isalnum() or "_" (so a line whose
# first character is isalnum() matches).
_ALNUM = re.compile(r"[^\W_]")
MAX_ROUNDS = 30  # rounds only take lines away; a menu-heavy whole-page text may need 20 (docs/model.md)


class Model(Protocol):
    """What the scorer needs of a model (:class:`newsclean.model.trees.TreeModel`)."""

    def predict(self, rows: np.ndarray) -> np.ndarray: ...

    def threshold(self, favor: str | None) -> float: ...

    def explain(self, rows: np.ndarray) -> list[tuple[str, list[tuple[str, float]]]]: ...


def sequence(doc: Document, findings: Sequence[Finding]) -> tuple[list[int], list[str], np.ndarray, list[tuple[int, int]]]:
    """The scorer's view of a document after the rules: for each non-blank line, its index,
    the text the body would keep of it, its flag, and where that text is in the line."""
    cuts: dict[int, list[Finding]] = {}
    for f in findings:
        cuts.setdefault(f.index, []).append(f)
    indexes: list[int] = []
    texts: list[str] = []
    flags: list[int] = []
    spans: list[tuple[int, int]] = []
    for i, line in enumerate(doc.lines):
        text = line.text
        if not text:
            continue
        mine = cuts.get(i)
        if not mine:
            indexes.append(i)
            texts.append(" ".join(text.split()) if line.code else text)  # code keeps its indentation
            flags.append(0)
            spans.append((0, len(text)))
            continue
        gaps = _uncut(text, mine)
        indexes.append(i)
        if not gaps:
            texts.append(text)
            flags.append(flag_of(mine[0].category))
            spans.append((0, len(text)))
        elif len(gaps) > 1:
            # Cut in the middle (the rules do not do that): read as removed context.
            texts.append(" ".join(text.split()))
            flags.append(FLAGS["clutter"])
            spans.append((0, len(text)))
        else:
            start, end = gaps[0]
            texts.append(" ".join(text[start:end].split()))
            flags.append(FLAGS["cut"])
            spans.append((start, end))
    return indexes, texts, np.array(flags, dtype=np.int8), spans


def _uncut(text: str, cuts: list[Finding]) -> list[tuple[int, int]]:
    """The stretches of ``text`` that no finding covers and that hold more than spaces,
    trimmed of spaces."""
    gaps = []
    at = 0
    for f in sorted(cuts, key=lambda f: f.start):
        if f.start > at:
            gaps.append((at, f.start))
        at = max(at, f.end)
    if at < len(text):
        gaps.append((at, len(text)))
    out = []
    for a, b in gaps:
        piece = text[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((a + lead, a + len(piece.rstrip())))
    return out


def line_findings(doc: Document, findings: Sequence[Finding], model: Model, favor: str | None = None) -> list[Finding]:
    """The scorer's removals in a document that the rules have already cleaned (``findings``)."""
    indexes, texts, flags, spans = sequence(doc, findings)
    if not texts or len(texts) > MAX_LINES:
        return []
    threshold = model.threshold(favor)
    table = line_table(texts)
    # A line without a letter or a digit (a markdown table's rule line, "* * *") is layout,
    # not clutter: the scorer leaves it to the body's markdown; so is a line of a code block.
    # (A line starting with a letter or digit, nearly all of them, needs no search.)
    wordless = np.array([not t[0].isalnum() and _ALNUM.search(t) is None for t in texts], dtype=bool)
    if doc.code:
        wordless |= np.array([i in doc.code for i in indexes], dtype=bool)
    active = np.arange(len(texts))
    round_flags = flags
    out: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        rows = features(table.take(active), round_flags)
        # Only the lines that a round may take are scored: what the rules took and the
        # wordless lines are context (a row's score does not depend on the other rows).
        open_ = (round_flags <= FLAGS["cut"]) & ~wordless[active]
        scored = np.flatnonzero(open_)
        scores = model.predict(rows if len(scored) == len(rows) else rows[scored])
        above = scores > threshold
        if not above.any():
            if not round_flags.any():
                break  # this round saw what the body keeps, as a second cleaning will
            # Rule-removed lines or flags were in view: confirm on the body's lines alone.
            active = active[round_flags <= FLAGS["cut"]]
            if not len(active):
                break
            round_flags = np.zeros(len(active), dtype=np.int8)
            continue
        chosen = scored[above]
        for k, score, (category, strongest) in zip(chosen.tolist(), scores[above].tolist(),
                                                   model.explain(rows[chosen])):
            pos = int(active[k])
            start, end = spans[pos]
            out.append(Finding(indexes[pos], start, end, category, DETECTOR,
                               _reason(score, threshold, strongest), code=CODE, score=score))
        # Later rounds see what the body keeps: the lines still in, without flags.
        take = np.zeros(len(active), dtype=bool)
        take[chosen] = True
        active = active[(round_flags <= FLAGS["cut"]) & ~take]
        if not len(active):
            break
        round_flags = np.zeros(len(active), dtype=np.int8)
    return out


def _reason(score: float, threshold: float, strongest: list[tuple[str, float]]) -> str:
    shown = ", ".join(f"{name}={value:g}" for name, value in strongest)
    return f"line scorer {score:.2f} > {threshold:.2f}" + (f" (strongest: {shown})" if shown else "")
