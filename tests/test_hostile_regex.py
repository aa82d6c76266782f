"""Every regular expression in newsclean is linear on adversarial input (issue 6).

The patterns are collected by walking the package (tests/helpers/hostile.py): module-level
patterns, those compiled by cached builders, every word-list rule of every language, and regex
literals inside functions, so a new regex is covered without touching this test. Each is run
over strings built from its own vocabulary (repeated prefixes, long runs of spaces and
punctuation, unclosed markdown links…).

Two forms of the same check:

* the fast one (every run): each pattern's costliest string at 2 KB, timed again at 4 KB and
  at 32 KB, in CPU time of this thread (another process on the machine does not add to it).
  Eight times the length must cost at most 30× (linear is 8×, quadratic 64×); for a pattern
  over 16×, the next two costliest strings are measured too. Word-list rules only ever
  see a line with its whitespace collapsed (text/lines.py ``Line.low``), so they are given their
  strings that way;
* the exhaustive one (``python -m pytest -m slow``, about 40 s): all strings at 10 KB, then the
  slowest at 100 KB, which must cost at most 30× the 10 KB run (linear is 10×, quadratic 100×),
  in wall time. bench/worst_case.py prints the slowest cases as a table.

Known: the "[line]" rules with two "..." gaps and a final "*" spend about 2 s on a line whose
words are separated by runs of 200 spaces, whatever its length (the gaps, the rest of the
sentence and the trailing "[\\W_]*$" all take spaces). clean() never shows them such a line
(whitespace is collapsed first); the exhaustive form and bench/worst_case.py list them.
"""

from __future__ import annotations

import re
import time
from re import Pattern

import pytest

from helpers.hostile import adversarial, package_patterns

SMALL, LARGE = 10_000, 100_000
RATIO = 30

FAST_SCREEN, FAST_SMALL, FAST_LARGE = 2_000, 4_000, 32_000
FAST_RATIO = 30  # 8x the length: linear costs 8x, quadratic 64x
FAST_SUSPECT = 16  # twice linear: worth a closer look
# A quadratic scan of 2 KB costs milliseconds (``[^x]*x`` on 2,000 letters: about 3 ms); a
# pattern under this at 2 KB is not worth the larger runs.
FAST_FLOOR = 0.000_25
FAST_SLACK = 0.01  # seconds: timer and cache noise on a run of a few milliseconds


def _seconds(pattern: Pattern, text: str) -> float:
    subject = text.encode() if isinstance(pattern.pattern, bytes) else text
    start = time.perf_counter()
    for _ in pattern.finditer(subject):
        pass
    return time.perf_counter() - start


def _cpu_seconds(pattern: Pattern, text: str) -> float:
    subject = text.encode() if isinstance(pattern.pattern, bytes) else text
    start = time.thread_time()
    for _ in pattern.finditer(subject):
        pass
    return time.thread_time() - start


def _as_a_line(text: str) -> str:
    """What a word-list rule can be shown: one line, runs of whitespace as one space."""
    return " ".join(text.split())


def _cases(where: str, pattern: Pattern, size: int) -> dict[str, str]:
    cases = dict(adversarial(pattern, size))
    if where.startswith("rule "):
        cases = {label: _as_a_line(text) for label, text in cases.items()}
    return cases


def superlinear(where: str, pattern: Pattern) -> str | None:
    """The fast check for one pattern: None, or why it is not linear."""
    screen = _cases(where, pattern, FAST_SCREEN)
    ranked = sorted(((_cpu_seconds(pattern, text), label) for label, text in screen.items()), reverse=True)
    if ranked[0][0] < FAST_FLOOR:
        return None
    small, large = _cases(where, pattern, FAST_SMALL), _cases(where, pattern, FAST_LARGE)

    def ratio(label: str) -> tuple[float, float, float]:
        # The costliest of some fifty screen runs is the one a hiccup slowed most: the small
        # run is timed afresh (the fastest of three), so that the ratio is not biased low.
        t_small = min(_cpu_seconds(pattern, small[label]) for _ in range(3))
        t_large = _cpu_seconds(pattern, large[label])
        if t_large - FAST_SLACK > FAST_RATIO * t_small:
            t_large = min(t_large, _cpu_seconds(pattern, large[label]))  # a busy cache slows one run
        return (t_large - FAST_SLACK) / t_small, t_small, t_large

    first = ranked[0][1]
    r, t_small, t_large = ratio(first)
    if r <= FAST_SUSPECT:
        return None
    # Over twice linear: one string can sit in a cheaper regime at these sizes, so the next two
    # costliest strings of the screen are measured too.
    for label in [first] + [label for _, label in ranked[1:3]]:
        if label != first:
            r, t_small, t_large = ratio(label)
        if r > FAST_RATIO:
            return (f"{where}: {label!r} {t_small * 1000:.1f} ms at {FAST_SMALL // 1000} KB, "
                    f"{t_large * 1000:.0f} ms at {FAST_LARGE // 1000} KB")
    return None


def test_patterns_are_collected() -> None:
    names = [where for where, _ in package_patterns()]
    assert any(n.startswith("rule en/clutter/") for n in names)
    assert any(n.startswith("newsclean.text.lines._LINK") for n in names)
    assert any("_vocab()" in n for n in names)  # byline and date vocabularies
    assert any(n.endswith("(inline)") for n in names)


def test_the_fast_check_catches_a_quadratic_regex() -> None:
    # Backtracks from every start position over the rest of any string of its own vocabulary
    # without an "x": the cheapest kind of quadratic regex (a scan of one character class), and
    # as a word-list rule, whose strings lose their runs of whitespace. Added to the package, it
    # must fail the test below.
    assert superlinear("rule planted", re.compile(r"[^x]*x"))


def test_every_regex_is_linear_on_its_own_vocabulary_fast() -> None:
    slow = [why for where, pattern in package_patterns() if (why := superlinear(where, pattern))]
    assert not slow, "superlinear:\n" + "\n".join(slow)


@pytest.mark.slow
def test_every_regex_is_linear_on_its_own_vocabulary() -> None:
    slow = []
    for where, pattern in package_patterns():
        small = {label: text for label, text in adversarial(pattern, SMALL)}
        timed = sorted(((_seconds(pattern, text), label) for label, text in small.items()), reverse=True)
        t_small, label = timed[0]
        if t_small > 5:  # no need to wait for the 100 KB run: 10 KB must not take this long
            slow.append(f"{where}: {label!r} {t_small:.1f} s at 10 KB")
            continue
        if t_small < 0.002:
            continue  # a linear pattern spends well under 0.2 s on 100 KB; skip the big run
        large = dict(adversarial(pattern, LARGE))[label]
        t_large = _seconds(pattern, large)
        if t_large > RATIO * t_small + 0.05:
            # A busy machine can slow one run: the fastest of three decides.
            t_small = min([t_small] + [_seconds(pattern, small[label]) for _ in range(2)])
            t_large = min([t_large] + [_seconds(pattern, large) for _ in range(2)])
        if t_large > RATIO * t_small + 0.05:
            slow.append(f"{where}: {label!r} {t_small * 1000:.1f} ms at 10 KB, {t_large * 1000:.0f} ms at 100 KB")
    assert not slow, "superlinear:\n" + "\n".join(slow)
