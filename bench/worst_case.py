"""Worst cases (issue 6): for each pathological input, its size, seconds, peak memory, and the
ratio of its time to a normal input of the same size (a news story repeated; for HTML, a page
of ordinary paragraphs).

Each case runs in a fresh process, so that the peak resident memory (ru_maxrss) is its own;
"peak/input" is (peak RSS − RSS after import) / input size. Wall time on a shared machine is
noisy: read the ratios, not the seconds. Then the slowest regex cases (tests/helpers/hostile.py)
at 25, 50 and 100 KB, to show their cost is linear in length.

Run: python bench/worst_case.py            (about 5 minutes; --quick for a tenth of the sizes)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

MB = 1_000_000
# name → (builder expression over helpers.hostile, the normal input of that size, kind)
CASES = [
    ("text 50 MB", "normal_text(50 * MB)", "text"),
    ("single line 1 MB", "single_line(1 * MB)", "text"),
    ("100,000 one-word lines", "word_lines(100_000)", "text"),
    ("100,000 markdown links", "link_lines(100_000)", "text"),
    ("word of 1 MB before an anchor", "'a' * MB + ' relies on readers who pay.'", "text"),
    ("HTML 20 MB", "normal_html(20 * MB)", "html"),
    ("10,000-deep nesting", "deep_html(10_000)", "html"),
    ("100,000 links (HTML)", "links_html(100_000)", "html"),
    ("class name of 1 MB", "huge_class_html(MB)", "html"),
    ("billion laughs", "billion_laughs()", "html"),
]

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {tests!r})
from helpers.hostile import *
MB = 1_000_000
import newsclean
newsclean.clean("warm up", kind="text"); newsclean.clean("<html><body><p>warm up</p></body></html>")
source = {expr}
normal = (normal_text if {kind!r} == "text" else normal_html)(len(source))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
if {measure!r} == "normal":
    source = normal
base = max(base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
start = time.perf_counter()
try:
    article = newsclean.clean(source, kind={kind!r})
    outcome = "ok" + (" (warning: " + article.warnings[0][:40] + ")" if article.warnings else "")
except newsclean.NewscleanError as exc:
    outcome = "error: " + str(exc)[:60]
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
json.dump(dict(size=len(source.encode()), seconds=seconds, peak=max(0, peak - base), outcome=outcome), sys.stdout)
"""


def _measure(expr: str, kind: str, which: str) -> dict:
    script = _CHILD.format(tests=str(ROOT / "tests"), expr=expr, kind=kind, measure=which)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def _regex_table() -> list[str]:
    from helpers.hostile import adversarial, package_patterns

    def seconds(pattern, text: str) -> float:
        subject = text.encode() if isinstance(pattern.pattern, bytes) else text
        start = time.perf_counter()
        for _ in pattern.finditer(subject):
            pass
        return time.perf_counter() - start

    worst = []
    for where, pattern in package_patterns():
        for label, text in adversarial(pattern, 10_000):
            worst.append((seconds(pattern, text), where, label, pattern))
    worst.sort(key=lambda item: item[0], reverse=True)
    rows = ["| regex | input | 25 KB | 50 KB | 100 KB | 100/25 |", "|---|---|---:|---:|---:|---:|"]
    for _, where, label, pattern in worst[:8]:
        times = [seconds(pattern, dict(adversarial(pattern, n))[label]) for n in (25_000, 50_000, 100_000)]
        rows.append(f"| `{where[:70]}` | {label} | {times[0] * 1000:.1f} ms | {times[1] * 1000:.1f} ms "
                    f"| {times[2] * 1000:.1f} ms | {times[2] / max(times[0], 1e-9):.1f} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description="newsclean worst cases")
    parser.add_argument("--quick", action="store_true", help="a tenth of the big sizes")
    args = parser.parse_args()
    print("| input | size | seconds | peak memory | peak/input | normal input, same size | ratio | outcome |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, expr, kind in CASES:
        if args.quick:
            expr = expr.replace("50 * MB", "5 * MB").replace("20 * MB", "2 * MB")
            name = name.replace("50 MB", "5 MB").replace("20 MB", "2 MB")
        hostile = _measure(expr, kind, "hostile")
        normal = _measure(expr, kind, "normal")
        print(f"| {name} | {hostile['size'] / MB:.1f} MB | {hostile['seconds']:.2f} | "
              f"{hostile['peak'] / MB:.0f} MB | {hostile['peak'] / hostile['size']:.1f}x | "
              f"{normal['seconds']:.2f} s | {hostile['seconds'] / max(normal['seconds'], 1e-3):.1f} | "
              f"{hostile['outcome']} |", flush=True)
    print()
    print("\n".join(_regex_table()))


if __name__ == "__main__":
    main()
