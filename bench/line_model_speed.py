"""The line scorer's cost per document by stage, and the proof that a faster scorer scores the same.

Speed (default): on the seeds (the size bench/speed.py measures), CPU microseconds per document of
each stage of the scorer (the scorer's view of the lines, the line table, the context features
of the first round and of the round that confirms on the body's lines, the trees, the whole
scorer) for the reference code (bench/line_model_reference.py: the code as the model was
shipped) and for the code in newsclean/model, and clean() with the scorer on and off. Best of
several rounds (the machine is shared: a round can only be slowed down).

``--check``: cleans every text it can find (the seeds, the text and HTML fixtures, and the
corpus's trafilatura.txt and fullpage.txt when the corpus is there) and, for every call of the
scorer, compares the reference and the new code on the same input: the scorer's view, the
features of every line in every round the reference runs, the scores, the removals; then the
whole ``clean(text).to_dict()`` with the reference scorer and with the new one, and the same for
a second cleaning of the body. Exits 1 at the first difference. Features and scores must be
equal bit for bit (the shipped model was trained on the reference's features).
Run: python bench/line_model_speed.py [--check] [--limit N] [--no-corpus]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import line_model_reference as ref  # noqa: E402
from _corpus import ROOT, corpus_dir, pages  # noqa: E402

sys.path.insert(0, str(ROOT))

import newsclean  # noqa: E402
from newsclean.model import features as new_features  # noqa: E402
from newsclean.model import scorer  # noqa: E402
from newsclean.model.trees import default_model  # noqa: E402


def _best_us(work: Callable[[], object], repeat: int, rounds: int = 7) -> float:
    """Fewest CPU microseconds per call of ``work`` over ``rounds`` rounds of ``repeat`` calls."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(repeat):
            work()
        best = min(best, (time.process_time() - start) / repeat)
    return best * 1e6


@contextmanager
def _recording() -> Iterator[list[tuple]]:
    """Every call of the scorer inside the block: (doc, findings, favor, its removals)."""
    calls: list[tuple] = []
    real = scorer.line_findings

    def record(doc, findings, model, favor=None):
        out = real(doc, findings, model, favor)
        calls.append((doc, list(findings), favor, out))
        return out

    scorer.line_findings = record
    try:
        yield calls
    finally:
        scorer.line_findings = real


@contextmanager
def _reference_scorer() -> Iterator[None]:
    """clean() with the reference scorer in place of the new one."""
    real = scorer.line_findings
    model = ref.reference_model()
    scorer.line_findings = lambda doc, findings, _model, favor=None: ref.line_findings(doc, findings, model, favor)
    try:
        yield
    finally:
        scorer.line_findings = real


def _reference_rounds(doc, findings, favor) -> tuple[list, list[tuple[np.ndarray, np.ndarray]]]:
    """The reference scorer's removals and the input of each of its rounds (lines, flags)."""
    rounds: list[tuple[np.ndarray, np.ndarray]] = []
    taken: list[np.ndarray] = []
    # The reference loop calls its own module's features(): that is the name to wrap.
    real_take, real_features = ref.LineTable.take, ref.scorer.features

    def take(self, lines):
        taken.append(np.array(lines))
        return real_take(self, lines)

    def features(table, flags, extra=None):
        rounds.append((taken[-1], np.array(flags)))
        return real_features(table, flags, extra)

    ref.LineTable.take, ref.scorer.features = take, features
    try:
        out = ref.line_findings(doc, findings, ref.reference_model(), favor)
    finally:
        ref.LineTable.take, ref.scorer.features = real_take, real_features
    return out, rounds


class Check:
    """Counts and largest differences of the comparisons made so far."""

    def __init__(self) -> None:
        self.texts = self.calls = self.rounds = self.lines = 0
        self.feature_diff = self.score_diff = 0.0
        self.scorer_removals = 0

    def fail(self, where: str, what: str) -> None:
        print(f"DIFFERENT: {where}: {what}")
        raise SystemExit(1)

    def call(self, where: str, doc, findings, favor, new_out) -> None:
        """Compare the reference and the new scorer on one of its calls."""
        self.calls += 1
        old_view, new_view = ref.sequence(doc, findings), scorer.sequence(doc, findings)
        if old_view[:2] != new_view[:2] or old_view[3] != new_view[3] or not np.array_equal(old_view[2], new_view[2]):
            self.fail(where, "the scorer's view of the lines")
        old_out, rounds = _reference_rounds(doc, findings, favor)
        if old_out != new_out:
            self.fail(where, f"removals: reference {len(old_out)}, new {len(new_out)}")
        self.scorer_removals += len(new_out)
        texts = new_view[1]
        if not rounds:
            return
        old_table, new_table = ref.line_table(texts), new_features.line_table(texts)
        old_model, new_model = ref.reference_model(), default_model()
        for active, flags in rounds:
            old_rows = ref.features(old_table.take(active), flags)
            new_rows = new_features.features(new_table.take(active), flags)
            if old_rows.shape != new_rows.shape:
                self.fail(where, f"feature shape {old_rows.shape} != {new_rows.shape}")
            diff = np.abs(old_rows - new_rows)
            self.feature_diff = max(self.feature_diff, float(np.nanmax(diff, initial=0.0)))
            if not np.array_equal(old_rows, new_rows, equal_nan=True):
                bad = sorted({ref.NAMES[k] for k in np.argwhere(old_rows != new_rows)[:, 1]})
                self.fail(where, f"features differ in {bad}")
            old_scores, new_scores = old_model.predict(old_rows), new_model.predict(new_rows)
            self.score_diff = max(self.score_diff, float(np.abs(old_scores - new_scores).max(initial=0.0)))
            if not np.array_equal(old_scores, new_scores):
                self.fail(where, "scores differ")
            self.rounds += 1
            self.lines += len(active)

    def text(self, where: str, text: str | bytes, kind: str | None, favor: str | None) -> None:
        """Clean ``text`` (and its body again) with the new scorer and with the reference one."""
        self.texts += 1
        with _recording() as calls:
            new = newsclean.clean(text, kind=kind, favor=favor)
            new_again = newsclean.clean(new.body, kind=kind, favor=favor)
        for doc, findings, call_favor, out in calls:
            self.call(where, doc, findings, call_favor, out)
        with _reference_scorer():
            old = newsclean.clean(text, kind=kind, favor=favor)
            old_again = newsclean.clean(old.body, kind=kind, favor=favor)
        if new.to_dict() != old.to_dict():
            self.fail(where, "clean(text).to_dict()")
        if new_again.to_dict() != old_again.to_dict():
            self.fail(where, "clean(body).to_dict(), the second cleaning")


def _inputs(corpus: bool) -> Iterator[tuple[str, str | bytes, str | None, tuple[str | None, ...]]]:
    """(name, text, kind, favors) of every text to compare."""
    every = (None, "precision", "recall")
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"), "text", every
    for path in sorted((ROOT / "fixtures" / "text").rglob("*.txt")):
        for kind in ("text", None):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"), kind, every
    for path in sorted((ROOT / "fixtures" / "html").glob("*.html")):
        yield str(path.relative_to(ROOT)), path.read_bytes(), None, (None,)
    folder = corpus_dir() if corpus else None
    if folder is None:
        print("corpus not found (NEWSCLEAN_CORPUS): compared the seeds and fixtures only", file=sys.stderr)
        return
    for entry in pages(folder):
        for name in ("trafilatura.txt", "fullpage.txt"):
            text = (entry["dir"] / name).read_text(encoding="utf-8")
            if text.strip():
                yield f"{entry['path']}/{name}", text, "text", (None,)


def check(limit: int | None, corpus: bool) -> int:
    result = Check()
    start = time.time()
    for n, (name, text, kind, favors) in enumerate(_inputs(corpus)):
        if limit is not None and n >= limit:
            break
        for favor in favors:
            result.text(f"{name} (kind={kind}, favor={favor})", text, kind, favor)
        if n % 200 == 199:
            print(f"[{time.time() - start:5.0f} s] {n + 1} inputs", file=sys.stderr, flush=True)
    print(f"same output: {result.texts} cleanings (and their second cleanings), {result.calls} scorer calls, "
          f"{result.rounds} rounds, {result.lines} line feature rows, {result.scorer_removals} scorer removals; "
          f"largest difference: features {result.feature_diff:g}, scores {result.score_diff:g}")
    return 0


def speed() -> int:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    with _recording() as calls:
        for text in seeds:
            newsclean.clean(text, kind="text")
    old_model, new_model = ref.reference_model(), default_model()
    stages: dict[str, list[float]] = {}

    def add(stage: str, old: Callable[[], object], new: Callable[[], object], repeat: int = 100) -> None:
        stages.setdefault(stage, [0.0, 0.0])
        stages[stage][0] += _best_us(old, repeat) / len(calls)
        stages[stage][1] += _best_us(new, repeat) / len(calls)

    for doc, findings, favor, _ in calls:
        _, texts, flags, _ = scorer.sequence(doc, findings)
        body = np.flatnonzero(flags <= new_features.FLAGS["cut"])
        zeros = np.zeros(len(body), dtype=np.int8)
        everything = np.arange(len(texts))
        old_table, new_table = ref.line_table(texts), new_features.line_table(texts)
        old_rows = ref.features(old_table.take(everything), flags)
        new_rows = new_features.features(new_table.take(everything), flags)
        add("scorer's view of the lines", lambda: ref.sequence(doc, findings), lambda: scorer.sequence(doc, findings))
        add("line table", lambda: ref.line_table(texts), lambda: new_features.line_table(texts))
        add("features, first round", lambda: ref.features(old_table.take(everything), flags),
            lambda: new_features.features(new_table.take(everything), flags))
        add("features, confirming round", lambda: ref.features(old_table.take(body), zeros),
            lambda: new_features.features(new_table.take(body), zeros))
        add("trees, one round", lambda: old_model.predict(old_rows), lambda: new_model.predict(new_rows))
        add("whole scorer (all rounds)", lambda: ref.line_findings(doc, findings, old_model, favor),
            lambda: scorer.line_findings(doc, findings, new_model, favor), 30)

    def clean_all(disable: tuple[str, ...] = ()) -> None:
        for text in seeds:
            newsclean.clean(text, kind="text", disable=disable)

    off = _best_us(lambda: clean_all(("line-model",)), 20) / len(seeds)
    on_new = _best_us(clean_all, 10) / len(seeds)
    with _reference_scorer():
        on_old = _best_us(clean_all, 10) / len(seeds)
    print(f"CPU µs per seed document ({len(seeds)} seeds, {sum(map(len, seeds)) / len(seeds) / 1024:.1f} KB mean; "
          "best of 7 rounds)\n")
    print("| stage | reference | new | ratio |")
    print("|---|---:|---:|---:|")
    for stage, (old, new) in stages.items():
        print(f"| {stage} | {old:,.0f} | {new:,.0f} | {old / new:.1f}× |")
    print(f"| clean(), scorer on | {on_old:,.0f} | {on_new:,.0f} | {on_old / on_new:.1f}× |")
    print(f"| clean(), scorer off | {off:,.0f} | {off:,.0f} | |")
    print(f"\ndocuments/s: scorer off {1e6 / off:,.0f}; scorer on {1e6 / on_old:,.0f} (reference), "
          f"{1e6 / on_new:,.0f} (new); the scorer's share: {on_old - off:,.0f} µs -> {on_new - off:,.0f} µs")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare the reference and the new scorer's output")
    ap.add_argument("--limit", type=int, help="--check: only the first N inputs")
    ap.add_argument("--no-corpus", action="store_true", help="--check: the seeds and fixtures only")
    args = ap.parse_args()
    return check(args.limit, not args.no_corpus) if args.check else speed()


if __name__ == "__main__":
    raise SystemExit(main())
