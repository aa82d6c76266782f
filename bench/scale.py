"""Documents per second for the same N documents: local -j2, and Dask with 2 single-thread workers.

    python bench/scale.py --n 2000        # needs newsclean[dask,warc]; warcio for the reader row

Builds N documents from the development corpus (every page as .html, every trafilatura.txt as
.txt, shuffled; as bench/batch.py does), then cleans them into one JSONL file three ways:

* ``local -j2``: the batch runner's own worker processes (start-up included);
* ``Dask, running cluster``: ``--scheduler ADDRESS`` of a LocalCluster(n_workers=2,
  threads_per_worker=1, processes=True) started beforehand (what a cluster user sees);
* ``Dask, --dask``: the same with the cluster's start-up included.

The Dask overhead is local docs/s divided by Dask docs/s (1.00: none; target: at most 1.15).
The three JSONL files must be identical. Then it times FastWARC and warcio reading a WARC file of
the corpus pages (one gzip member per record), the choice made in newsclean/warc.py.
The machine is shared: compare the ratios within one run, not absolute numbers across runs.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import require_corpus  # noqa: E402
from batch import build  # noqa: E402

from newsclean.run.batch import BatchConfig, run_batch  # noqa: E402


def clean_folder(folder: Path, out: Path, scheduler: str | None) -> tuple[float, int]:
    config = BatchConfig(inputs=(str(folder),), jsonl=str(out), jobs=2, progress="off",
                         timeout=30.0 if scheduler is None else None, scheduler=scheduler)
    start = time.perf_counter()
    summary = run_batch(config)
    return time.perf_counter() - start, summary.processed


def warc_record(n: int, url: str, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{n:08d}-0000-0000-0000-"
            f"000000000000>\r\nWARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    return gzip.compress(head.encode() + http + b"\r\n\r\n", compresslevel=6)


def time_readers(corpus: Path, path: Path, repeat: int = 3) -> list[tuple[str, int, float, int]]:
    pages = [gzip.decompress(p.read_bytes()) for p in sorted(corpus.glob("*/*/page.html.gz"))]
    with path.open("wb") as handle:
        for i, body in enumerate(pages * repeat):
            handle.write(warc_record(i, f"https://example.com/{i}", body))
    rows = []

    def fastwarc() -> tuple[int, int]:
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        n = size = 0
        with path.open("rb") as f:
            for r in ArchiveIterator(f, record_types=WarcRecordType.response, parse_http=True):
                size += len(r.reader.read())
                n += r.http_headers.status_code == 200
        return n, size

    def warcio() -> tuple[int, int]:
        from warcio.archiveiterator import ArchiveIterator

        n = size = 0
        with path.open("rb") as f:
            for r in ArchiveIterator(f):
                if r.rec_type == "response":
                    size += len(r.content_stream().read())
                    n += r.http_headers.get_statuscode() == "200"
        return n, size

    for name, reader in (("FastWARC", fastwarc), ("warcio", warcio)):
        try:
            best = None
            for _ in range(2):
                start = time.perf_counter()
                n, size = reader()
                seconds = time.perf_counter() - start
                best = seconds if best is None else min(best, seconds)
            rows.append((name, n, best, size))
        except ImportError:
            print(f"{name} is not installed: no row", file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="documents (the issue asks 10,000; "
                        "a busy shared machine may need fewer)")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args()
    corpus = require_corpus()
    from distributed import Client, LocalCluster

    work = Path(tempfile.mkdtemp(prefix="newsclean-scale-"))
    try:
        html, text = build(corpus, work / "in", args.n)
        local_s, done = clean_folder(work / "in", work / "local.jsonl", None)
        start = time.perf_counter()
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                          silence_logs=40) as cluster, Client(cluster):
            started = time.perf_counter() - start
            dask_s, _ = clean_folder(work / "in", work / "dask.jsonl", cluster.scheduler_address)
        cold_s, _ = clean_folder(work / "in", work / "cold.jsonl", "local")
        same = [(work / f"{k}.jsonl").read_bytes() == (work / "local.jsonl").read_bytes()
                for k in ("dask", "cold")]
        readers = time_readers(corpus, work / "corpus.warc.gz")
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f} at the end (shared machine: compare ratios, not absolutes). "
          f"{done} documents ({html} HTML, {text} text), written to one JSONL file.\n")
    print("| run | seconds | docs/s | overhead (local docs/s ÷ this) |")
    print("|---|---:|---:|---:|")
    for label, seconds in (("local -j2 (worker start-up included)", local_s),
                           ("Dask, running LocalCluster, 2 workers × 1 thread", dask_s),
                           ("Dask, --dask (cluster start-up included)", cold_s)):
        print(f"| {label} | {seconds:.1f} | {done / seconds:.1f} | {seconds / local_s:.2f} |")
    print(f"\nCluster start-up: {started:.1f} s. JSONL identical to local -j2: "
          f"running cluster {'yes' if same[0] else 'NO'}, --dask {'yes' if same[1] else 'NO'}.\n")
    print("| WARC reader | responses | seconds | records/s | MB/s of payload |")
    print("|---|---:|---:|---:|---:|")
    for name, n, seconds, size in readers:
        print(f"| {name} | {n} | {seconds:.2f} | {n / seconds:.0f} | {size / seconds / 1e6:.0f} |")
    return 0 if all(same) else 1


if __name__ == "__main__":
    sys.exit(main())
