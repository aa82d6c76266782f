"""Speed of ``clean()`` on text: seed-sized documents, and 1 MB / 10 MB inputs.

Measures CPU time of this process (time.process_time), which a busy shared machine disturbs
less than wall time; compare ratios within one run. Targets (issue 2): ≥ 2,000 seed-sized
documents per second on one core, and a 10 MB input taking no more than ~10× a 1 MB one.
Needs only the bundled seeds. Run: python bench/speed.py
"""

from __future__ import annotations

import time
from pathlib import Path

import newsclean

ROOT = Path(__file__).resolve().parents[1]


def _rate(texts: list[str], seconds: float = 3.0) -> tuple[float, float]:
    """(documents per CPU second, MB per CPU second) over repeated passes."""
    done = size = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for text in texts:
            newsclean.clean(text, kind="text")
            size += len(text.encode())
        done += len(texts)
    spent = time.process_time() - start
    return done / spent, size / spent / 1e6


def _once(text: str) -> float:
    start = time.process_time()
    newsclean.clean(text, kind="text")
    return time.process_time() - start


def _anchor_scan_rate(texts: list[str], seconds: float = 2.0) -> float | None:
    """Documents per CPU second of lowercasing plus one pyahocorasick pass over the English
    anchors: a yardstick for how fast this machine is right now (the project guide measured
    ~11,000/s for a 200-phrase pyahocorasick automaton on seed-sized texts, on an idle
    machine). None when pyahocorasick (the ``bench`` extra) is not installed."""
    try:
        import ahocorasick
    except ImportError:
        return None
    from newsclean.clutter import rulebook

    automaton = ahocorasick.Automaton()
    for anchor in rulebook(("en",), frozenset())._anchors:
        automaton.add_word(anchor, anchor)
    automaton.make_automaton()
    done = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for text in texts:
            for _ in automaton.iter(text.lower()):
                pass
        done += len(texts)
    return done / (time.process_time() - start)


def main() -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    mean_kb = sum(len(s.encode()) for s in seeds) / len(seeds) / 1024
    docs, mbs = _rate(seeds)
    scan = _anchor_scan_rate(seeds)
    print("| input | size | documents/s | MB/s | seconds |")
    print("|---|---:|---:|---:|---:|")
    print(f"| seeds (5, cycled) | {mean_kb:.1f} KB mean | {docs:,.0f} | {mbs:.2f} | |")
    if scan is None:
        print("| yardstick: skipped (pip install '.[bench]' for pyahocorasick) | | | | |")
    else:
        print(f"| yardstick: lowercase + pyahocorasick scan, same seeds | {mean_kb:.1f} KB mean | {scan:,.0f} | | |")
    joined = "\n\n".join(seeds)
    one = (joined * (1_000_000 // len(joined.encode()) + 1))[:1_000_000]
    ten = one * 10
    t1, t10 = _once(one), _once(ten)
    print(f"| seeds repeated | 1 MB | | {1 / t1:.2f} | {t1:.2f} |")
    print(f"| seeds repeated | 10 MB | | {10 / t10:.2f} | {t10:.2f} |")
    print(f"\n10 MB / 1 MB time ratio: {t10 / t1:.1f} (linear is 10)")


if __name__ == "__main__":
    main()
