"""The HTML block scorer: a learned second opinion on trafilatura's choice of text blocks.

Every text segment of the page (:mod:`newsclean.html.blocks_walk`) gets a probability of being
article text from a small gradient-boosted tree ensemble, computed from its DOM features and
from whether trafilatura kept it (:mod:`newsclean.html.blockfeatures`). Then, on trafilatura's
text:

* a line whose segments score below the *keep* threshold is taken out, and recorded as a
  :class:`~newsclean.article.Removal` by detector ``line-model`` (code ``line-model.block``);
* a segment trafilatura left out that scores above the *recover* threshold, and is not mostly
  link text, is put back, as a paragraph of its own, where it stands in the page
  (``Page.recovered`` lists them).

Lines of trafilatura's text that cannot be found on the page are left alone. The model is the
file ``newsclean/data/model/blocks.npz``, read once per process on first use; ``--disable
line-model`` skips all of this. Training: ``python -m newsclean.train.html`` (docs/model.md).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from newsclean.article import Removal
from newsclean.html.blockfeatures import Alignment, align, feature_names, matrix
from newsclean.html.blocks_walk import TAGS, Segments, walk
from newsclean.html.parse import LINE_CAP
from newsclean.text.lines import fenced_lines

__all__ = ["TreeModel", "BlockScorer", "Rescored", "default_scorer", "using", "overpruned", "DETECTOR", "CODE",
           "MODEL_FILE"]

DETECTOR = "line-model"
CODE = "line-model.block"
MODEL_FILE = "data/model/blocks.npz"
_TAG_NAMES = {v: k for k, v in TAGS.items()}
LINK_SHARE = feature_names(()).index("link_share")  # its column in the feature matrix
MAX_RECOVER_LINK_SHARE = 0.5
# A page whose text the scorer would cut by more than this share of its words, putting back
# less than it takes, keeps all of it: out of fold, such pruning lost F1 on 25 of 31 corpus
# pages (product grids, listings, threads whose short blocks read as teasers). One that puts
# back more than it takes has found another main text (docs/model.md, "Over-pruning guard").
MAX_PRUNED_SHARE = 0.3
_HEADINGS = {TAGS[f"h{i}"]: i for i in range(1, 7)}


class TreeModel:
    """A binary gradient-boosted tree ensemble as flat arrays, evaluated level by level.

    Every tree is padded to a complete binary tree of ``depth`` levels (a leaf above the last
    level becomes a node that always goes left, to two copies of itself), so that all trees of
    all rows advance one level per numpy step. ``feature``/``threshold``/``value`` are
    (trees × internal nodes), ``leaf`` (trees × leaves); a row goes right when its feature is
    greater than the threshold (LightGBM's ``<=`` goes left)."""

    def __init__(self, feature: np.ndarray, threshold: np.ndarray, value: np.ndarray, leaf: np.ndarray,
                 depth: int) -> None:
        self.depth = int(depth)
        self.trees = feature.shape[0]
        self.inner = feature.shape[1]
        self.feature = feature.astype(np.intp).ravel()
        self.threshold = threshold.astype(np.float64).ravel()
        self.value = value.astype(np.float64)
        self.leaf = leaf.astype(np.float64).ravel()
        self._base = (np.arange(self.trees) * self.inner)[None, :]
        self._leaf_base = (np.arange(self.trees) * (self.inner + 1))[None, :]

    def raw(self, X: np.ndarray) -> np.ndarray:
        """The ensemble's raw score (log-odds) for each row of ``X``."""
        n = X.shape[0]
        if n == 0:
            return np.zeros(0)
        node = np.zeros((n, self.trees), dtype=np.intp)
        rows = np.arange(n)[:, None] * X.shape[1]
        flat = X.ravel()
        for _ in range(self.depth):
            at = self._base + node
            go = flat[rows + self.feature[at]] > self.threshold[at]
            node = 2 * node + 1 + go
        return self.leaf[self._leaf_base + node - self.inner].sum(axis=1)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Probability of the positive class (article text) for each row."""
        return 1.0 / (1.0 + np.exp(-self.raw(X)))

    def contributions_of(self, X: np.ndarray) -> np.ndarray:
        """Per-feature contributions to each row's raw score (each split's change in the node's
        expected value, summed over trees; the bias is left out), all rows at once."""
        m = X.shape[0]
        out = np.zeros(X.shape)
        feature = self.feature.reshape(self.trees, self.inner)
        threshold = self.threshold.reshape(self.trees, self.inner)
        leaf = self.leaf.reshape(self.trees, self.inner + 1)
        t = np.arange(self.trees)[None, :]
        row = np.repeat(np.arange(m)[:, None], self.trees, axis=1)
        node = np.zeros((m, self.trees), dtype=np.intp)
        for level in range(self.depth):
            f = feature[t, node]
            child = 2 * node + 1 + (X[row, f] > threshold[t, node])
            if level + 1 < self.depth:
                after = self.value[t, child]
            else:
                after = leaf[t, child - self.inner]
            # row by row, tree by tree: each row's sums in the order of one row alone
            np.add.at(out, (row, f), after - self.value[t, node])
            node = child
        return out


@dataclass
class Rescored:
    """The text after the block scorer, what it took out and what it put back."""

    text: str
    removed: list[Removal] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)


# Class/id tokens that name a known clutter category (the rest is "boilerplate").
_CATEGORY_TOKENS = (
    ("related", "related-link"), ("recommended", "related-link"), ("popular", "related-link"),
    ("trending", "related-link"), ("teaser", "related-link"), ("more", "related-link"),
    ("comment", "comment-form"), ("comments", "comment-form"), ("reply", "comment-form"),
    ("share", "share-prompt"), ("social", "share-prompt"), ("newsletter", "newsletter-plug"),
    ("subscribe", "newsletter-plug"), ("signup", "newsletter-plug"), ("ad", "advertisement"),
    ("ads", "advertisement"), ("advert", "advertisement"), ("sponsored", "advertisement"),
    ("cookie", "cookie-notice"), ("consent", "cookie-notice"), ("copyright", "copyright-footer"),
    ("paywall", "paywall-notice"), ("donate", "donation-appeal"),
)


class BlockScorer:
    """A trained block model with its vocabulary and thresholds, applied to one page at a time."""

    def __init__(self, model: TreeModel, vocabulary: tuple[str, ...], keep: dict[str, float],
                 recover: dict[str, float], names: tuple[str, ...] | None = None) -> None:
        self.model = model
        self.vocabulary = vocabulary
        self.bits = {tok: i for i, tok in enumerate(vocabulary)}
        self.keep = keep
        self.recover = recover
        self.names = tuple(names) if names is not None else tuple(feature_names(vocabulary))
        self._category_bits = [(self.bits[tok], cat) for tok, cat in _CATEGORY_TOKENS if tok in self.bits]

    @classmethod
    def load(cls, path=None) -> BlockScorer:
        """Read a model file (``.npz`` written by the training script; no pickles)."""
        source = path if path is not None else resources.files("newsclean").joinpath(MODEL_FILE)
        with (open(path, "rb") if path is not None else source.open("rb")) as handle:
            data = np.load(handle, allow_pickle=False)
            arrays = {k: data[k] for k in data.files}
        model = TreeModel(arrays["feature"], arrays["threshold"], arrays["value"], arrays["leaf"],
                          int(arrays["depth"]))
        favors = [str(f) for f in arrays["favors"]]
        keep = dict(zip(favors, map(float, arrays["keep"])))
        recover = dict(zip(favors, map(float, arrays["recover"])))
        vocabulary = tuple(str(t) for t in arrays["vocabulary"])
        names = tuple(str(n) for n in arrays["names"])
        if names != tuple(feature_names(vocabulary)):
            # A file trained on other features would score the wrong columns, silently.
            raise ValueError(f"block model {path or MODEL_FILE} was trained on other features than this "
                             "version of newsclean computes: retrain it (python -m newsclean.train.html)")
        return cls(model, vocabulary, keep, recover, names)

    def acts(self, favor: str) -> bool:
        """Whether ``favor``'s thresholds can change a page: keep 0 removes no line and a recover
        threshold above 1 puts back no block (the training's "scorer off")."""
        keep = self.keep.get(favor, self.keep["balanced"])
        return keep > 0.0 or self.recover.get(favor, self.recover["balanced"]) <= 1.0

    def segments(self, body, main) -> Segments:
        """The page's segments (call before trafilatura prunes the tree)."""
        # Class/id values' bits, kept across pages (made on first use: subclasses that score
        # with their own vocabulary need not know of it)
        masks: dict[str, int] = self.__dict__.setdefault("_masks", {})
        return walk(body, self.bits, main, masks)

    def features(self, segments: Segments, text: str, second: str | None = None) -> tuple[Alignment, np.ndarray]:
        """Where ``text``'s lines are among the segments, and the feature matrix. ``second``:
        readability's text of the page (:mod:`newsclean.html.second_opinion`), if known."""
        alignment = align(segments, text)
        opinion = align(segments, second).kept if second is not None else None
        return alignment, matrix(segments, alignment, len(self.vocabulary), opinion)

    def rescore(self, segments: Segments, text: str, favor: str = "balanced", second: str | None = None) -> Rescored:
        """Apply the scorer to trafilatura's ``text`` of the page whose ``segments`` these are
        (``second``: readability's text of it, if known)."""
        if not len(segments) or not text:
            return Rescored(text)
        alignment, X = self.features(segments, text, second)
        # Only the segments the scorer can act on are scored: trafilatura's (a line may go) and
        # those it left out that may come back. A left-out segment of link text never does
        # (_apply); menus and teaser rails are most of a page's segments.
        # Nor those above the first line of trafilatura's text, the page's head (_apply).
        start = next((min(i for i, _ in pieces) for pieces in alignment.line_segments if pieces), len(X))
        below = np.arange(len(X)) >= start
        acts_on = (alignment.kept > 0) | ((X[:, LINK_SHARE] < MAX_RECOVER_LINK_SHARE) & below)
        prob = np.full(len(X), np.nan)
        prob[acts_on] = self.model.predict(X[acts_on])
        keep_at = self.keep.get(favor, self.keep["balanced"])
        recover_at = self.recover.get(favor, self.recover["balanced"])
        return self._apply(segments, text, alignment, X, prob, keep_at, recover_at)

    def _apply(self, segments: Segments, text: str, alignment: Alignment, X: np.ndarray, prob: np.ndarray,
               keep_at: float, recover_at: float) -> Rescored:
        lines = text.split("\n")
        out = Rescored("")
        kept_lines: list[str] = []
        removed: list[tuple[str, int, float]] = []  # (line, its main segment, clutter probability)
        # Recovery candidates: segments trafilatura kept nothing of, in page order.
        # Link text is what teaser lists and recirculation rails are made of: never put back.
        candidates = [int(i) for i in np.flatnonzero((alignment.kept == 0) & (prob >= recover_at)
                                                     & (X[:, LINK_SHARE] < MAX_RECOVER_LINK_SHARE))]
        kept_texts = {t for t, k in zip(segments.texts, alignment.kept) if k > 0}
        next_candidate = 0
        last_at = -1  # the last segment placed so far (recovered blocks go after it)

        def recover_until(limit: int) -> None:
            nonlocal next_candidate
            while next_candidate < len(candidates) and candidates[next_candidate] < limit:
                i = candidates[next_candidate]
                next_candidate += 1
                # Only between and after lines of trafilatura's text: above its first line is the
                # page's head (menus, kickers, a headline that the text stage would take for the
                # title on a second cleaning).
                if i <= last_at or last_at < 0 or segments.texts[i] in kept_texts:
                    continue
                block = _render(segments, i)
                if kept_lines and kept_lines[-1] != "":
                    kept_lines.append("")
                kept_lines.append(block)
                kept_lines.append("")
                out.recovered.append(block)
                kept_texts.add(segments.texts[i])

        head = True  # before the first kept line of the text that is not a heading
        # A code block (a <pre>) stays whole, as the text stage keeps it.
        code = fenced_lines(lines) if "```" in text or "~~~" in text else {}
        for number, line in enumerate(lines, 1):
            pieces = alignment.line_segments[number - 1]
            in_code = number - 1 in code
            heading = line.lstrip().startswith("#") and not in_code
            if not pieces:
                kept_lines.append(line)
                head = head and (heading or not line.strip())
                continue
            first = min(i for i, _ in pieces)
            recover_until(first)
            weight = sum(c for _, c in pieces)
            score = sum(prob[i] * c for i, c in pieces) / weight
            last_at = max(last_at, max(i for i, _ in pieces))
            # The headings that open the text are the headline and standfirst: the text stage
            # takes them into the title and subtitle fields (or keeps them), with those names.
            # A crumb or kicker line taken out above the headline leaves it opening the text.
            if score >= keep_at or (head and heading) or in_code:
                kept_lines.append(line)
                head = head and heading
                continue
            removed.append((line.strip(), max(pieces, key=lambda p: p[1])[0], 1.0 - score))
        recover_until(len(segments))
        if removed and overpruned(sum(len(line.split()) for line, _, _ in removed), len(text.split()),
                                  sum(len(block.split()) for block in out.recovered)):
            return self._apply(segments, text, alignment, X, prob, 0.0, recover_at)  # no line goes
        out.text = _tidy(kept_lines)
        reasons = self._reasons(X, [(main, score, segments.tags[main]) for _, main, score in removed])
        for (text, main, score), reason in zip(removed, reasons):
            source_line = segments.lines[main]
            known = 0 < source_line < LINE_CAP  # libxml2 counts to 65,535 only; 0: not known
            out.removed.append(Removal(
                category=self._category(segments, main), text=text, line=source_line if known else None,
                located=known, detector=DETECTOR, reason=reason, code=CODE, score=round(float(score), 4)))
        return out

    def _category(self, segments: Segments, i: int) -> str:
        own, above = segments.own[i], segments.above[i]
        for mask in (own, above):
            for bit, category in self._category_bits:
                if mask >> bit & 1:
                    return category
        return "boilerplate"

    def _reasons(self, X: np.ndarray, removed: list[tuple[int, float, int]]) -> list[str]:
        """The reason of each removal (its segment, clutter probability and tag): the score and
        the strongest features toward clutter, from one pass of the trees for all of them."""
        if not removed:
            return []
        contributions = self.model.contributions_of(X[[i for i, _, _ in removed]])
        return [self._reason(X[i], contrib, score, tag) for (i, score, tag), contrib in zip(removed, contributions)]

    def _reason(self, x: np.ndarray, contrib: np.ndarray, score: float, tag: int) -> str:
        order = np.argsort(contrib)[:3]  # most negative: toward clutter
        parts = [f"{self.names[k]}={_fmt(x[k])}" for k in order if contrib[k] < 0]
        return (f"block model: clutter probability {score:.2f} (<{_TAG_NAMES.get(tag, 'div')}>"
                + (f"; {', '.join(parts)}" if parts else "") + ")")


def overpruned(removed: float, total: float, recovered: float) -> bool:
    """Whether the scorer's removals (``removed`` words of the text's ``total``) are too many
    to trust: over :data:`MAX_PRUNED_SHARE` of the text, with fewer words put back."""
    return removed > MAX_PRUNED_SHARE * total and recovered < removed


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.2f}"


def _render(segments: Segments, i: int) -> str:
    """A recovered segment as a paragraph in the markdown-ish form of the page text."""
    text = segments.texts[i]
    tag = segments.tags[i]
    if tag in _HEADINGS:
        return "#" * _HEADINGS[tag] + " " + text
    if tag == TAGS["li"]:
        return "- " + text
    if tag == TAGS["blockquote"]:
        return "> " + text
    return text


def _tidy(lines: list[str]) -> str:
    """Join lines, with at most one blank line between paragraphs and none at the ends."""
    out: list[str] = []
    for line in lines:
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
        else:
            out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


_LOCK = threading.Lock()
_DEFAULT: list[BlockScorer | None] = []
_OVERRIDE: list[BlockScorer] = []


@contextmanager
def using(scorer: BlockScorer) -> Iterator[None]:
    """Use ``scorer`` instead of the shipped model inside the ``with`` block (benchmarks and
    experiments; not thread-safe)."""
    _OVERRIDE.append(scorer)
    try:
        yield
    finally:
        _OVERRIDE.pop()


def default_scorer() -> BlockScorer | None:
    """The shipped model, read on first use (``None`` when the file is missing)."""
    if _OVERRIDE:
        return _OVERRIDE[-1]
    if not _DEFAULT:
        with _LOCK:
            if not _DEFAULT:
                try:
                    _DEFAULT.append(BlockScorer.load())
                except FileNotFoundError:
                    _DEFAULT.append(None)
    return _DEFAULT[0]
