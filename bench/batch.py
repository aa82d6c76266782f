"""Batch throughput and memory: newsclean -j1 / -j2 against trafilatura's CLI, on one folder.

Builds an N-document folder (default 10,000) in a temp dir from the development corpus: every
page.html.gz as .html and every trafilatura.txt as .txt, repeated, in folders of 500. Then, in
one run, measures wall time, documents/second and the peak RSS summed over the whole process
tree (parent and workers, sampled every 50 ms) for:

* ``newsclean DIR -o OUT -j1`` and ``-j2`` on the N-document folder;
* ``trafilatura --input-dir DIR --output-dir OUT --parallel 2`` on the same folder;
* ``newsclean -j2`` on an N/10 folder (peak memory must not grow with N);
* both tools on the HTML files only of the N/10 folder (HTML throughput), in ``--rounds``
  interleaved rounds (default 3), reported with the median ratio;
* SIGKILL of a ``-j2`` run on the N/10 folder once half its outputs exist, then a rerun: every
  output must be byte-identical to the uninterrupted run, with no partial file left;
* a small batch (``--small``, 200 HTML pages) with ``-j2`` against ``trafilatura --parallel 2``,
  in interleaved rounds: start-up weighs most there (``--baseline REV`` adds the newsclean of
  that git revision, e.g. the one before the fork server);
* the same HTML pages (``--formats``, 500) as a folder, as one JSON Lines file and as one WARC
  file, each cleaned with ``--jsonl OUT -j2``, in interleaved rounds;
* the review page (``--review``, docs/review.md) of a ``--review-docs`` folder (default 1,000):
  its cost as a share of the cleaning time, measured part by part in this process (cleaning,
  the worker's ``to_dict()`` and pickling, collecting, writing the page) and end to end
  (``-j2`` with and without ``--review``, interleaved rounds), and the page's size at the default
  ``--review-limit`` and with every document shown. ``--review-only`` measures only this.

Prints markdown tables. The machine may be shared: compare the ratios within one run.

    python bench/batch.py [--n 10000] [--rounds 3] [--keep] [--baseline REV]
    python bench/batch.py --quick [--baseline REV]   # only the small batch and the input formats
    python bench/batch.py --big-only [--n 10000]     # only the N-document runs
    python bench/batch.py --review-only [--review-docs 1000]
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import filecmp
import gzip
import os
import pickle
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import require_corpus  # noqa: E402

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]
PAGE = os.sysconf("SC_PAGE_SIZE")
ENV = dict(os.environ)


def build(corpus: Path, root: Path, n: int) -> tuple[int, int]:
    """Write n documents under root (html/ and text/ folders); return (html, text) counts."""
    pages = [(p.parent.parent.name, p.parent.name, gzip.decompress(p.read_bytes()))
             for p in sorted(corpus.glob("*/*/page.html.gz"))]
    texts = [(p.parent.parent.name, p.parent.name, p.read_bytes())
             for p in sorted(corpus.glob("*/*/trafilatura.txt"))]
    mix = [("html", *x) for x in pages] + [("text", *x) for x in texts]
    random.Random(5).shuffle(mix)  # any N gets HTML and text in the corpus's proportions
    counts = {"html": 0, "text": 0}
    for i in range(n):
        kind, source, name, data = mix[i % len(mix)]
        folder = root / kind / f"{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".html" if kind == "html" else ".txt"
        (folder / f"{i:05d}-{source}-{name}{suffix}").write_bytes(data)
        counts[kind] += 1
    return counts["html"], counts["text"]


TICK = os.sysconf("SC_CLK_TCK")


def _tree_rss(pid: int, cpu: dict[int, float] | None = None) -> int:
    """Bytes of RSS of pid and all its descendants (from /proc); with ``cpu``, also the CPU
    seconds each of them has used so far (the largest seen is kept)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * PAGE
            if cpu is not None:
                fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
                cpu[p] = max(cpu.get(p, 0.0), (int(fields[11]) + int(fields[12])) / TICK)
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


def measure(cmd: list[str], docs: int, label: str, kill_when: Path | None = None,
            kill_at: int = 0, env: dict | None = None) -> dict:
    """Run cmd; return seconds, docs/s and peak tree RSS. Optionally SIGKILL it at kill_at outputs."""
    peak = 0
    seen: dict[int, float] = {}  # CPU seconds per process of the tree, sampled
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    env = env or ENV
    # Run from the snapshot's folder: `python -m` puts the working directory first on sys.path,
    # which from the repository would run its live source instead of the snapshot.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            env=env, cwd=env.get("PYTHONPATH") or None)
    stop = threading.Event()
    killed = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid, seen))
            if kill_when is not None and not killed.is_set() and _count(kill_when) >= kill_at:
                os.kill(proc.pid, signal.SIGKILL)  # the parent only, as `kill -9 PID` would
                killed.set()
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.monotonic() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the tree: workers are reaped into it
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    # Workers forked by a fork server are its children, and it is not waited for: their CPU
    # never reaches RUSAGE_CHILDREN. The sampled CPU of every process of the tree does (less
    # the last 50 ms of each), so the larger of the two is the tree's.
    cpu = max(cpu, sum(seen.values()))
    stop.set()
    sampler.join()
    if kill_when is not None:
        time.sleep(1)  # orphaned workers see the closed pipe and exit
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    elif proc.returncode not in (0, 1):
        print(f"{label}: exit status {proc.returncode}: {err.decode(errors='replace')[-500:]}", file=sys.stderr)
    return {"label": label, "docs": docs, "seconds": seconds, "rate": docs / seconds, "peak": peak,
            "cpu": cpu, "status": proc.returncode}


def _count(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".newsclean-partial"))


def same_trees(a: Path, b: Path) -> tuple[bool, str]:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        extra = set(map(str, files_a)) ^ set(map(str, files_b))
        return False, f"file sets differ ({len(extra)} files, e.g. {sorted(extra)[:3]})"
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(f) for f in files_a], shallow=False)
    if mismatch or errors:
        return False, f"{len(mismatch) + len(errors)} files differ, e.g. {(mismatch + errors)[:3]}"
    return True, f"{len(files_a)} outputs identical"


def _html_pages(corpus: Path, n: int) -> list[tuple[str, str, bytes]]:
    """n corpus pages (name, url, HTML bytes) in a fixed shuffled order."""
    import json

    urls = {m["path"]: m.get("url") or "" for m in map(json.loads, (corpus / "manifest.jsonl").read_text(
        encoding="utf-8").splitlines())}
    pages = sorted(corpus.glob("*/*/page.html.gz"))
    random.Random(7).shuffle(pages)
    chosen = [pages[i % len(pages)] for i in range(n)]
    return [(f"{i:05d}-{p.parent.name}", urls.get(f"{p.parent.parent.name}/{p.parent.name}", ""),
             gzip.decompress(p.read_bytes())) for i, p in enumerate(chosen)]


def build_formats(corpus: Path, root: Path, n: int) -> tuple[Path, Path, Path]:
    """The same n HTML pages as a folder, as one JSON Lines file and as one WARC file."""
    import json

    pages = _html_pages(corpus, n)
    folder = root / "pages"
    folder.mkdir(parents=True)
    jsonl, warc = root / "pages.jsonl", root / "pages.warc.gz"
    with open(jsonl, "w", encoding="utf-8") as lines, open(warc, "wb") as archive:
        for i, (name, url, data) in enumerate(pages):
            (folder / f"{name}.html").write_bytes(data)
            html = data.decode("utf-8")
            lines.write(json.dumps({"id": name, "url": url, "html": html}, ensure_ascii=False) + "\n")
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" \
                % len(data) + data
            head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{i:08d}-0000-0000-0000-000000000000>"
                    f"\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {url or 'https://x.example/' + name}\r\n"
                    f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
            archive.write(gzip.compress(head.encode() + http + b"\r\n\r\n", 1))
    return folder, jsonl, warc


def snapshot(work: Path, name: str, rev: str | None) -> dict:
    """An environment that runs a byte-compiled copy of the package (of git ``rev``, or of the
    working tree): a long run must not mix versions if the source is edited meanwhile."""
    target = work / name
    if rev is None:
        shutil.copytree(ROOT / "newsclean", target / "newsclean", ignore=shutil.ignore_patterns("__pycache__"))
    else:
        target.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "newsclean"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    # Byte-compiled, as `pip install` leaves a package (and trafilatura is): with
    # PYTHONDONTWRITEBYTECODE set, each process would otherwise compile every module (~0.1 s).
    compileall.compile_dir(str(target), quiet=1)
    return {**ENV, "PYTHONPATH": str(target)}


def _table(rows: list[dict]) -> None:
    print("| run | docs | seconds | docs/s | CPU s (tree) | docs per CPU s | peak RSS, process tree |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['label']} | {r['docs']} | {r['seconds']:.1f} | {r['rate']:.1f} | {r['cpu']:.1f} | "
              f"{r['docs'] / r['cpu']:.1f} | {r['peak'] / 2**20:.0f} MB |")


def review_cost(folder: Path, work: Path, rounds: int, newsclean: list[str]) -> list[str]:
    """What --review costs on the documents of ``folder``, and how big the page is: table lines."""
    import newsclean as nc
    from newsclean.review import DEFAULT_LIMIT, Review, page_html, read_source

    files = sorted(p for p in folder.rglob("*") if p.is_file())
    clean_s = worker_s = 0.0
    reviews = {DEFAULT_LIMIT: Review(limit=DEFAULT_LIMIT), len(files): Review(limit=len(files))}
    collect_s = dict.fromkeys(reviews, 0.0)
    failed = 0
    for path in files:
        start = time.perf_counter()
        try:
            article = nc.clean_file(path)
        except nc.NewscleanError:
            failed += 1
            continue
        cleaned = time.perf_counter()
        data = article.to_dict()  # what a worker does more with --review: to_dict() and the pipe
        pickle.loads(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        clean_s += cleaned - start
        worker_s += time.perf_counter() - cleaned
        for limit, review in reviews.items():
            start = time.perf_counter()
            review.add(str(path), data)
            collect_s[limit] += time.perf_counter() - start
    written = {}
    for limit, review in reviews.items():
        start = time.perf_counter()
        page = work / f"review-{limit}.html"
        page.write_text(page_html(review, read=read_source), encoding="utf-8")
        written[limit] = (time.perf_counter() - start, page.stat().st_size, len(review.shown()))
    # End to end: the same batch with and without --review, interleaved (shared machine).
    plain, with_review = [], []  # (wall seconds, CPU seconds of the process tree)
    for i in range(rounds):
        for on in ((False, True) if i % 2 == 0 else (True, False)):
            out = work / f"rv-out-{i}-{on}"
            extra = ["--review", str(work / f"rv-{i}.html")] if on else []
            row = measure(newsclean + [str(folder), "-o", str(out), "-j2", *extra], len(files),
                          f"-j2{' --review' if on else ''}")
            (with_review if on else plain).append((row["seconds"], row["cpu"]))
            shutil.rmtree(out, ignore_errors=True)

    html = sum(p.suffix == ".html" for p in files)
    lines = [f"Review page (--review) of {len(files)} documents ({html} HTML, {len(files) - html} text; "
             f"{failed} failed), measured part by part "
             "in one process; share: of the cleaning time of the same documents.", "",
             "| part | seconds | share of cleaning | page size | documents shown |",
             "|---|---:|---:|---:|---:|",
             f"| cleaning (clean_file, every document) | {clean_s:.1f} | 100% | | |",
             f"| worker: to_dict() and the pipe (pickled both ways) | {worker_s:.2f} | "
             f"{100 * worker_s / clean_s:.1f}% | | |"]
    for limit, (render_s, size, shown) in written.items():
        label = "the default" if limit == DEFAULT_LIMIT else "every document"
        total = worker_s + collect_s[limit] + render_s
        lines += [f"| collecting, --review-limit {limit} ({label}) | {collect_s[limit]:.2f} | "
                  f"{100 * collect_s[limit] / clean_s:.1f}% | | |",
                  f"| writing the page, --review-limit {limit} ({label}) | {render_s:.2f} | "
                  f"{100 * render_s / clean_s:.1f}% | {size / 2**20:.1f} MB | {shown} |",
                  f"| **total, --review-limit {limit}** (targets ≤ 10%, ≤ 20 MB) | {total:.2f} | "
                  f"**{100 * total / clean_s:.1f}%** | {size / 2**20:.1f} MB | |"]
    for k, what in ((0, "wall"), (1, "CPU of the process tree")):
        base = statistics.median(x[k] for x in plain)
        more = statistics.median(x[k] for x in with_review)
        pairs = ", ".join(f"{a[k]:.1f}/{b[k]:.1f}" for a, b in zip(plain, with_review))
        lines.append(f"| end to end, -j2 without / with --review, {what} seconds, median of {rounds} "
                     f"interleaved rounds ({pairs}) | {more - base:+.1f} | {100 * (more - base) / base:+.1f}% | | |")
    return lines


def quick(corpus: Path, work: Path, rounds: int, baseline: str | None, small_n: int, formats_n: int) -> None:
    """The small-batch comparison and the input formats (see the module doc)."""
    env = snapshot(work, "src", None)
    base_env = snapshot(work, "base", baseline) if baseline else None
    newsclean = [sys.executable, "-m", "newsclean", "-q"]
    small = work / "small200"
    small.mkdir()
    for name, _url, data in _html_pages(corpus, small_n):
        (small / f"{name}.html").write_bytes(data)
    rows, ratios, base_ratios = [], [], []
    for i in range(rounds):
        tools = ["nc", "tr"] + (["base"] if base_env else [])
        if i % 2:
            tools.reverse()
        pair = {}
        for tool in tools:
            out = work / f"q-{tool}{i}"
            if tool == "tr":
                cmd = [str(BIN / "trafilatura"), "--input-dir", str(small), "--output-dir", str(out), "--parallel", "2"]
                pair[tool] = measure(cmd, small_n, f"trafilatura --parallel 2, {small_n} HTML, round {i + 1}")
            else:
                label = "newsclean -j2" if tool == "nc" else f"newsclean {baseline} -j2"
                pair[tool] = measure(newsclean + [str(small), "-o", str(out), "-j2"], small_n,
                                     f"{label}, {small_n} HTML, round {i + 1}", env=env if tool == "nc" else base_env)
            shutil.rmtree(out, ignore_errors=True)
        rows += [pair[t] for t in ("nc", "base", "tr") if t in pair]
        ratios.append(pair["nc"]["rate"] / pair["tr"]["rate"])
        if base_env:
            base_ratios.append(pair["base"]["rate"] / pair["tr"]["rate"])
    print(f"Small batch: {small_n} HTML pages, -j2 / --parallel 2, {rounds} interleaved rounds.\n")
    _table(rows)
    print(f"\nnewsclean / trafilatura, median of {rounds}: {statistics.median(ratios):.2f}× "
          f"({', '.join(f'{r:.2f}' for r in ratios)})" + (
              f"; newsclean {baseline}: {statistics.median(base_ratios):.2f}× "
              f"({', '.join(f'{r:.2f}' for r in base_ratios)})" if base_ratios else "") + "\n")
    folder, jsonl, warc = build_formats(corpus, work / "formats", formats_n)
    rows, rel = [], {"jsonl": [], "warc": []}
    for i in range(rounds):
        order = ["folder", "jsonl", "warc"]
        if i % 2:
            order.reverse()
        got = {}
        for kind in order:
            source = {"folder": folder, "jsonl": jsonl, "warc": warc}[kind]
            out = work / f"f-{kind}{i}.jsonl"
            got[kind] = measure(newsclean + [str(source), "--jsonl", str(out), "-j2"], formats_n,
                                f"{kind} input, round {i + 1}", env=env)
            out.unlink(missing_ok=True)
        rows += [got[k] for k in ("folder", "jsonl", "warc")]
        for k in ("jsonl", "warc"):
            rel[k].append(got[k]["rate"] / got["folder"]["rate"])
    print(f"Input formats: the same {formats_n} HTML pages as a folder, one JSON Lines file and one WARC file "
          f"(gzip per record), --jsonl OUT -j2, {rounds} interleaved rounds.\n")
    _table(rows)
    for k in ("jsonl", "warc"):
        print(f"\n{k} / folder docs/s, median of {rounds}: {statistics.median(rel[k]):.2f}× "
              f"({', '.join(f'{r:.2f}' for r in rel[k])}) (target ≥ 0.90)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents in the big folder")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the HTML-only comparisons")
    parser.add_argument("--quick", action="store_true", help="only the small batch and the input formats")
    parser.add_argument("--big-only", action="store_true", help="only the N-document runs (not --quick's)")
    parser.add_argument("--baseline", default=None, metavar="REV", help="also run newsclean at this git revision "
                        "in the small-batch rounds")
    parser.add_argument("--small", type=int, default=200, help="pages in the small batch")
    parser.add_argument("--formats", type=int, default=500, help="pages in the input-format comparison")
    parser.add_argument("--review-docs", type=int, default=1000, help="documents for the review page cost")
    parser.add_argument("--review-only", action="store_true", help="measure only the review page cost")
    args = parser.parse_args()
    corpus = require_corpus()
    work = Path(tempfile.mkdtemp(prefix="newsclean-batch-"))
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} "
          "at the start (shared machine: compare ratios, not absolutes).\n")
    if args.review_only:
        try:
            ENV["PYTHONPATH"] = snapshot(work, "src", None)["PYTHONPATH"]
            build(corpus, work / "rv", args.review_docs)
            print("\n".join(review_cost(work / "rv", work, args.rounds, [sys.executable, "-m", "newsclean", "-q"])))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return 0
    try:
        if not args.big_only:
            quick(corpus, work, args.rounds, args.baseline, args.small, args.formats)
    finally:
        if args.quick:
            shutil.rmtree(work, ignore_errors=True)
    if args.quick:
        return 0
    ENV["PYTHONPATH"] = snapshot(work, "src-big", None)["PYTHONPATH"]
    newsclean = [sys.executable, "-m", "newsclean", "-q"]
    review_lines: list[str] = []
    try:
        if not args.big_only:
            build(corpus, work / "rv", args.review_docs)
            review_lines = review_cost(work / "rv", work, args.rounds, newsclean)
        big, small = work / "big", work / "small"
        n_small = max(args.n // 10, 50)
        html_big, text_big = build(corpus, big, args.n)
        html_small, _ = build(corpus, small, n_small)
        rows = [
            measure(newsclean + [str(big), "-o", str(work / "o1"), "-j1"], args.n, "newsclean -j1"),
            measure(newsclean + [str(big), "-o", str(work / "o2"), "-j2"], args.n, "newsclean -j2"),
            measure([str(BIN / "trafilatura"), "--input-dir", str(big), "--output-dir", str(work / "t2"),
                     "--parallel", "2"], args.n, "trafilatura --parallel 2"),
            measure(newsclean + [str(small), "-o", str(work / "s1"), "-j1"], n_small, "newsclean -j1"),
            measure(newsclean + [str(small), "-o", str(work / "s2"), "-j2"], n_small, "newsclean -j2"),
        ]
        # HTML throughput in interleaved rounds (which tool goes first alternates): one pair of
        # runs of ~20 s swings by ±10% on a shared machine; the median ratio is steadier.
        html_rounds = []
        for i in range(args.rounds):
            pair = {}
            for tool in (("nc", "tr") if i % 2 == 0 else ("tr", "nc")):
                out = work / f"{tool}{i}"
                if tool == "nc":
                    pair[tool] = measure(newsclean + [str(small / "html"), "-o", str(out), "-j2"], html_small,
                                         f"newsclean -j2, HTML only, round {i + 1}")
                else:
                    pair[tool] = measure([str(BIN / "trafilatura"), "--input-dir", str(small / "html"),
                                          "--output-dir", str(out), "--parallel", "2"], html_small,
                                         f"trafilatura --parallel 2, HTML only, round {i + 1}")
                shutil.rmtree(out, ignore_errors=True)
            html_rounds.append(pair)
        identical_runs = same_trees(work / "o1", work / "o2")
        measure(newsclean + [str(small), "-o", str(work / "k2"), "-j2"], n_small,
                "killed", kill_when=work / "k2", kill_at=n_small // 2)
        at_kill = _count(work / "k2")
        rerun = measure(newsclean + [str(small), "-o", str(work / "k2"), "-j2"], n_small, "rerun")
        resumed = same_trees(work / "s2", work / "k2")
        partial = [p for p in (work / "k2").rglob("*newsclean-partial")]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}", file=sys.stderr)

    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f} at the end (shared machine: compare ratios, not absolutes). "
          f"Folder: {args.n} documents ({html_big} HTML, {text_big} text); small folder {n_small}.\n")
    print("| run | docs | seconds | docs/s | CPU s (tree) | docs per CPU s | peak RSS, process tree |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    html_rows = [pair[tool] for pair in html_rounds for tool in ("nc", "tr")]
    for r in rows + html_rows:
        print(f"| {r['label']} | {r['docs']} | {r['seconds']:.1f} | {r['rate']:.1f} | {r['cpu']:.1f} | "
              f"{r['docs'] / r['cpu']:.1f} | {r['peak'] / 2**20:.0f} MB |")
    j1, j2, traf, s1, s2 = rows
    ratios = [pair["nc"]["rate"] / pair["tr"]["rate"] for pair in html_rounds]
    def row(label: str, rate: str = "", rss: str = "") -> None:
        print(f"| {label} | | | {rate} | | | {rss} |")

    row(f"-j2 / -j1 speed-up at {args.n} (target ≥ 1.7)", f"{j2['rate'] / j1['rate']:.2f}×")
    row(f"-j2 / -j1 speed-up at {n_small}, run back to back", f"{s2['rate'] / s1['rate']:.2f}×")
    row(f"peak RSS {args.n} / {n_small} docs at -j2 (target ≤ 1.10)", rss=f"{j2['peak'] / s2['peak']:.2f}×")
    row(f"newsclean / trafilatura, HTML only, median of {len(ratios)} rounds (target ≥ 0.8)",
        f"{statistics.median(ratios):.2f}× ({', '.join(f'{r:.2f}' for r in ratios)})")
    row("newsclean / trafilatura, whole folder", f"{j2['rate'] / traf['rate']:.2f}×")
    row("-j1 and -j2 outputs", identical_runs[1] if identical_runs[0] else f"DIFFER: {identical_runs[1]}")
    row(f"SIGKILL at {at_kill}/{n_small} outputs, rerun ({rerun['seconds']:.1f} s)",
        f"{'identical' if resumed[0] and not partial else 'BROKEN'}: {resumed[1]}, {len(partial)} partial files")
    if review_lines:
        print("\n" + "\n".join(review_lines))
    return 0 if resumed[0] and not partial and identical_runs[0] else 1


if __name__ == "__main__":
    sys.exit(main())
