"""Gathering documents for a review page: totals over all of them, and the few that are shown.

A batch can be millions of documents; the page shows at most ``limit`` of them so that it stays
small. The totals (words kept and removed, removals per category and detector, warnings) count
every document; the documents shown are the ``top`` with the most words removed, the first
``warned`` with warnings, and the rest a uniform random sample (reservoir sampling with a fixed
seed, so the same batch gives the same page). Only the shown documents' data is kept.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsclean.article import METADATA_CATEGORIES

__all__ = ["Review", "Doc", "DEFAULT_LIMIT"]

DEFAULT_LIMIT = 200


def _words(text: Any) -> int:
    return len(str(text or "").split())


@dataclass
class Doc:
    """One document of the batch: its place, name, to_dict() data and (maybe) input text."""

    index: int
    name: str
    data: Mapping[str, Any]
    source: str | None = None
    kept: int = 0  # words in the body
    removed: int = 0  # words removed as clutter
    moved: int = 0  # words moved into metadata fields

    @property
    def share(self) -> float:
        """Share of the document's words removed as clutter."""
        total = self.kept + self.removed + self.moved
        return self.removed / total if total else 0.0

    @property
    def warnings(self) -> list[str]:
        return [str(w) for w in self.data.get("warnings") or []]

    @property
    def is_html(self) -> bool:
        return "metadata_sources" in self.data or any(
            isinstance(r, Mapping) and r.get("path") is not None for r in self.data.get("removed") or [])


@dataclass
class Review:
    """Collects documents (``add``) and failures (``fail``) for one review page.

    >>> review = Review(limit=2)
    >>> review.add("a.txt", {"body": "It rained.", "removed": []})
    >>> review.documents, review.words_kept
    (1, 2)
    """

    limit: int = DEFAULT_LIMIT
    seed: int = 0
    top: int = 10
    warned: int = 10
    documents: int = 0
    words_kept: int = 0
    words_removed: int = 0
    words_moved: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    by_detector: Counter[str] = field(default_factory=Counter)
    with_warnings: int = 0
    warning_names: list[tuple[str, str]] = field(default_factory=list)  # (name, first warning), capped
    failures: list[dict[str, str]] = field(default_factory=list)
    failed: int = 0
    _sample: list[Doc] = field(default_factory=list)
    _top: list[tuple[int, int, Doc]] = field(default_factory=list)  # min-heap of (removed, -index)
    _warned: list[Doc] = field(default_factory=list)
    _rng: random.Random = field(init=False, repr=False)

    MAX_LISTED = 200  # names of warned documents and failures listed on the page

    def __post_init__(self) -> None:
        if self.limit < 0:
            raise ValueError(f"limit must be 0 or more, not {self.limit}")
        self._rng = random.Random(self.seed)

    def add(self, name: str, data: Mapping[str, Any], source: str | None = None) -> None:
        """Count one cleaned document (its ``Article.to_dict()``) and maybe keep it for the page."""
        removed = [r for r in data.get("removed") or [] if isinstance(r, Mapping)]
        doc = Doc(self.documents, str(name), data, source, kept=_words(data.get("body")))
        for r in removed:
            category = str(r.get("category", ""))
            if category in METADATA_CATEGORIES:
                doc.moved += _words(r.get("text"))
            else:
                doc.removed += _words(r.get("text"))
            self.by_category[category] += 1
            self.by_detector[str(r.get("detector", ""))] += 1
        self.documents += 1
        self.words_kept += doc.kept
        self.words_removed += doc.removed
        self.words_moved += doc.moved
        if doc.warnings:
            self.with_warnings += 1
            if len(self.warning_names) < self.MAX_LISTED:
                self.warning_names.append((doc.name, doc.warnings[0]))
            if len(self._warned) < min(self.warned, self.limit):
                self._warned.append(doc)
        if doc.removed and self.top and self.limit:
            item = (doc.removed, -doc.index, doc)
            if len(self._top) < min(self.top, self.limit):
                heapq.heappush(self._top, item)
            elif item[:2] > self._top[0][:2]:
                heapq.heapreplace(self._top, item)
        self._keep(doc)

    def _keep(self, doc: Doc) -> None:
        # Reservoir sampling: after n documents, each is in the sample with probability limit/n.
        if len(self._sample) < self.limit:
            self._sample.append(doc)
            return
        slot = self._rng.randrange(doc.index + 1)
        if slot < self.limit:
            self._sample[slot] = doc

    def fail(self, name: str, error: str, message: str) -> None:
        """Count a document that could not be cleaned."""
        self.failed += 1
        if len(self.failures) < self.MAX_LISTED:
            self.failures.append({"path": str(name), "error": str(error), "message": str(message)})

    @property
    def most_removed(self) -> list[Doc]:
        """The documents with the most words removed as clutter, most first."""
        return [doc for _, _, doc in sorted(self._top, key=lambda item: item[:2], reverse=True)]

    @property
    def sampled(self) -> bool:
        """True when the page cannot show every document."""
        return self.documents > self.limit

    def shown(self) -> list[Doc]:
        """The documents the page shows, in input order: all of them when they fit, else the
        most removed and the first warned ones, and a random sample for the rest."""
        if not self.sampled:
            return sorted(self._sample, key=lambda d: d.index)
        chosen = {d.index: d for d in self.most_removed + self._warned}
        rest = [d for d in self._sample if d.index not in chosen]
        room = max(self.limit - len(chosen), 0)
        for doc in random.Random(self.seed).sample(rest, min(room, len(rest))):
            chosen[doc.index] = doc
        return sorted(chosen.values(), key=lambda d: d.index)

    def fill_sources(self, docs: list[Doc], read: Callable[[str], str | None]) -> None:
        """Read the input text of shown text documents that came without it (HTML has none)."""
        for doc in docs:
            if doc.source is None and not doc.is_html:
                doc.source = read(doc.name)
