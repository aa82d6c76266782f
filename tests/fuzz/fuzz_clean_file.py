"""Fuzz target: bytes as ``clean_file`` reads them (gzip, any encoding, text or HTML).

A run fails on any exception other than :class:`newsclean.InputError`, on output that is not
JSON-ready, or when a text input breaks the accounting promises (tests/helpers/accounting.py).

    python tests/fuzz/fuzz_clean_file.py --iterations 100000          # built-in mutator
    python tests/fuzz/fuzz_clean_file.py --atheris -atheris_runs=1000000  # coverage-guided

The built-in mutator needs nothing installed: it flips, inserts, deletes, splices and
re-encodes the fixtures (seeds/, fixtures/text, fixtures/html) from a fixed seed, so a run is
reproducible. ``--atheris`` uses atheris (``pip install atheris``) when it is installed.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import newsclean  # noqa: E402
from newsclean.text.encoding import gunzip  # noqa: E402
from newsclean.pipeline import decode_file  # noqa: E402

ROOT = HERE.parents[1]
CORPUS = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "fixtures" / "text").glob("*.txt")) \
    + sorted((ROOT / "fixtures" / "html").glob("*.html"))
TOKENS = [b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x1f\x8b", b"\r\n", b"\n\n", b"<", b">",
          b"<!DOCTYPE html>", b"<html>", b"</p>", b"<div>" * 50, b'<meta charset="utf-16">',
          b'<meta charset="shift_jis">', b"<!--", b"<![CDATA[", b"&#0;", b"&#xD800;", b"&lol;",
          b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', b"[", b"](", b"![](x)", b"**", b"__", b"\\", b"#",
          b"By Jane Doe", b"Sign up for our newsletter", b"(Photo: Jane Roe/Reuters)", b"\xed\xa0\x80",
          "\u202e\u05e9\u05dc\u05d5\u05dd \U0001f600 \u6771\u4eac".encode(), b"\xc3", b"\x85", b" " * 300]


def one_input(data: bytes) -> None:
    """Clean one input; raise on anything but a clear InputError."""
    try:
        if data[:2] == b"\x1f\x8b":
            data = gunzip(data, "<fuzz>")
        text, kind, warnings = decode_file(data, "<fuzz>")
    except newsclean.InputError as exc:
        assert exc.cause
        return
    article = newsclean.clean(text, kind=kind)
    json.dumps(article.to_dict())
    if kind == "text":
        from helpers.accounting import check_accounting, check_order

        check_accounting(text, article)
        check_order(text, article)


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(out))
        op = rng.randrange(8)
        if op == 0 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif op == 1:
            out[at:at] = rng.choice(TOKENS)
        elif op == 2:
            del out[at:at + rng.randint(1, 200)]
        elif op == 3:
            other = rng.choice(CORPUS).read_bytes()
            start = rng.randint(0, len(other))
            out[at:at] = other[start:start + rng.randint(1, 400)]
        elif op == 4:
            del out[at:]
        elif op == 5:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 6:
            chunk = out[at:at + rng.randint(1, 100)]
            out[at:at] = chunk * rng.randint(2, 50)
        else:
            encoding = rng.choice(["utf-16-le", "utf-16-be", "utf-16", "cp1252", "latin-1", "shift_jis", "gzip"])
            text = bytes(out).decode("utf-8", "replace")
            if encoding == "gzip":
                packed = gzip.compress(bytes(out))
                out = bytearray(packed[:rng.randint(len(packed) // 2, len(packed))])
            else:
                out = bytearray(codecs.encode(text, encoding, "replace"))
    return bytes(out)


def run(iterations: int, seed: int = 6, verbose: bool = False) -> int:
    """Run the built-in mutator; return the number of inputs cleaned. Raises on a failure,
    after writing the input to tests/fuzz/crash-<seed>-<n>.bin."""
    rng = random.Random(seed)
    corpus = [p.read_bytes() for p in CORPUS]
    start = time.perf_counter()
    for n in range(iterations):
        data = mutate(rng.choice(corpus), rng)
        try:
            one_input(data)
        except Exception:
            crash = HERE / f"crash-{seed}-{n}.bin"
            crash.write_bytes(data)
            print(f"failure on input {n}, saved to {crash}", file=sys.stderr)
            raise
        if verbose and n and n % 1000 == 0:
            print(f"{n} inputs, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return iterations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--atheris", action="store_true", help="coverage-guided, with atheris")
    args, rest = parser.parse_known_args()
    if args.atheris:
        import tempfile

        import atheris

        # New inputs go to a scratch directory (libFuzzer writes to the first one); the
        # fixtures are read as the starting corpus and never written to.
        scratch = tempfile.mkdtemp(prefix="newsclean-fuzz-")
        seeds = [str(ROOT / "seeds"), str(ROOT / "fixtures" / "text"), str(ROOT / "fixtures" / "html")]
        atheris.Setup([sys.argv[0], *rest, scratch, *seeds], one_input)
        atheris.Fuzz()
    else:
        done = run(args.iterations, args.seed, verbose=True)
        print(f"{done} inputs, no failure")


if __name__ == "__main__":
    main()
