"""Speed of ``clean()`` on text: seed-sized documents, and 1 MB / 10 MB inputs.

Each rate is the best of several rounds of CPU time (time.process_time): on a shared machine a
round can only be slowed down by other work, never sped up, so the fastest round is the
measurement (the practice of ``timeit``). The yardstick, a pyahocorasick pass over the same
seeds, is timed the same way in the same run; the project guide measured it at ~11,000
documents/s, so "scaled to the guide's machine" multiplies by 11,000 / yardstick. Targets
(issue 2): ≥ 2,000 seed-sized documents per second on one core, and a 10 MB input taking no
more than ~10× a 1 MB one. Also: the same seeds with the line scorer off, its cost per document, and the time to load
its model. Needs only the bundled seeds. Run: python bench/speed.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import newsclean

ROOT = Path(__file__).resolve().parents[1]
GUIDE_YARDSTICK = 11_000  # documents/s the project guide measured for the yardstick


def _best_rate(work: Callable[[], None], count: int, rounds: int = 15, seconds: float = 0.2) -> float:
    """Best units per CPU second over ``rounds`` rounds; ``work`` does ``count`` units."""
    best = 0.0
    for _ in range(rounds):
        done = 0
        start = time.process_time()
        while time.process_time() - start < seconds:
            work()
            done += count
        best = max(best, done / (time.process_time() - start))
    return best


def _rate(texts: list[str], disable: tuple[str, ...] = ()) -> tuple[float, float]:
    """(documents per CPU second, MB per CPU second), best round."""
    size = sum(len(t.encode()) for t in texts) / len(texts)

    def work() -> None:
        for text in texts:
            newsclean.clean(text, kind="text", disable=disable)

    docs = _best_rate(work, len(texts))
    return docs, docs * size / 1e6


def _once(text: str, rounds: int) -> float:
    """Fewest CPU seconds of ``rounds`` calls."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        newsclean.clean(text, kind="text")
        best = min(best, time.process_time() - start)
    return best


def _anchor_scan_rate(texts: list[str], seconds: float = 2.0) -> float | None:
    """Documents per CPU second (best round) of lowercasing plus one pyahocorasick pass over
    the English anchors: a yardstick for how fast this machine is right now (the project guide
    measured ~11,000/s for a 200-phrase pyahocorasick automaton on seed-sized texts). None
    when pyahocorasick (the ``bench`` extra) is not installed."""
    try:
        import ahocorasick
    except ImportError:
        return None
    from newsclean.detect.clutter import rulebook

    automaton = ahocorasick.Automaton()
    for anchor in rulebook(("en",), frozenset())._anchors:
        automaton.add_word(anchor, anchor)
    automaton.make_automaton()

    def work() -> None:
        for text in texts:
            for _ in automaton.iter(text.lower()):
                pass

    return _best_rate(work, len(texts))


def _model_load_ms() -> tuple[float, float, float]:
    """Milliseconds, in a fresh process that has imported newsclean: to import numpy and the
    scorer's modules, to load the model file, and for the first scoring's one-time tables
    (word lists, character classes); best of 5."""
    import subprocess
    import sys

    code = ("import time, newsclean; t0 = time.perf_counter(); import numpy; "
            "from newsclean.model.trees import default_model; t1 = time.perf_counter(); default_model(); "
            "t2 = time.perf_counter(); newsclean.clean('A line.\\nAnother line of text here.', kind='text'); "
            "t3 = time.perf_counter(); print(t1 - t0, t2 - t1, t3 - t2)")
    runs = [tuple(map(float, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                             check=True).stdout.split())) for _ in range(5)]
    return tuple(1000 * min(r[i] for r in runs) for i in range(3))


def main() -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    mean_kb = sum(len(s.encode()) for s in seeds) / len(seeds) / 1024
    for text in seeds:
        newsclean.clean(text, kind="text")  # word lists loaded
    docs, mbs = _rate(seeds)
    rules_docs, rules_mbs = _rate(seeds, ("line-model",))
    scan = _anchor_scan_rate(seeds)
    print("| input | size | documents/s | MB/s | seconds |")
    print("|---|---:|---:|---:|---:|")
    print(f"| seeds (5, cycled) | {mean_kb:.1f} KB mean | {docs:,.0f} | {mbs:.2f} | |")
    print(f"| seeds, line scorer off (--disable line-model) | {mean_kb:.1f} KB mean | {rules_docs:,.0f} | "
          f"{rules_mbs:.2f} | |")
    if scan is None:
        print("| yardstick: skipped (pip install '.[bench]' for pyahocorasick) | | | | |")
    else:
        print(f"| yardstick: lowercase + pyahocorasick scan, same seeds | {mean_kb:.1f} KB mean | {scan:,.0f} | | |")
        print(f"| seeds, scaled to the guide's machine (yardstick {GUIDE_YARDSTICK:,}) | | "
              f"{docs * GUIDE_YARDSTICK / scan:,.0f} | | |")
    joined = "\n\n".join(seeds)
    one = (joined * (1_000_000 // len(joined.encode()) + 1))[:1_000_000]
    ten = one * 10
    t1, t10 = _once(one, 5), _once(ten, 2)
    print(f"| seeds repeated | 1 MB | | {1 / t1:.2f} | {t1:.2f} |")
    print(f"| seeds repeated | 10 MB | | {10 / t10:.2f} | {t10:.2f} |")
    print(f"\n10 MB / 1 MB time ratio: {t10 / t1:.1f} (linear is 10)")
    print(f"line scorer: {1e6 / docs - 1e6 / rules_docs:.0f} µs per seed document "
          f"({1e6 / docs:.0f} µs with it, {1e6 / rules_docs:.0f} µs without); "
          "; in a fresh process: import numpy and the scorer {:.0f} ms, load the model file {:.0f} ms, "
          "first scoring's tables {:.0f} ms".format(*_model_load_ms()))


if __name__ == "__main__":
    main()
