"""``--review PAGE`` and ``--review-limit N``: write a review page of what was removed (docs/review.md).

For one or more files the command adds each cleaned document (with its input text); for a
batch, ``run_batch`` adds each document as its result comes back (see
:func:`newsclean.run.batch.run_batch`). The page is written once, at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from newsclean.review import DEFAULT_LIMIT, Review, read_source, write_page
from newsclean.run.report import Summary

__all__ = ["add_review_arguments", "start_review", "finish_review", "review_run"]


def add_review_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("review page (see docs/review.md)")
    group.add_argument("--review", metavar="PAGE", default=None,
                       help="write one self-contained HTML page showing every removal of every "
                            "document (a sample of a large batch) to PAGE")
    group.add_argument("--review-limit", type=int, default=None, metavar="N",
                       help=f"documents shown on the review page at most (default {DEFAULT_LIMIT}); "
                            "a larger batch is sampled, and the page says so")


def start_review(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Review | None:
    """The review to fill, or None without --review; a bad combination is a usage error."""
    if args.review is None:
        if args.review_limit is not None:
            parser.error("--review-limit: only with --review PAGE")
        return None
    limit = DEFAULT_LIMIT if args.review_limit is None else args.review_limit
    if limit < 0:
        parser.error(f"--review-limit must be 0 or more, not {limit}")
    if args.review == "-":
        parser.error("--review takes a file name (the page is HTML, not for standard output)")
    for name in args.inputs:
        if name != "-" and os.path.isfile(name) and os.path.exists(args.review) \
                and os.path.samefile(name, args.review):
            parser.error(f"--review {args.review} would overwrite this input")
    return Review(limit=limit)


def review_run(summary: Summary) -> dict[str, Any]:
    """What the page says about the batch run besides its documents."""
    skipped = sum(summary.skipped.values())
    return {"skipped": f"{skipped:,}" + (" (" + ", ".join(f"{n} {why}" for why, n in sorted(summary.skipped.items()))
                                          + ")" if skipped else ""),
            "seconds": f"{summary.elapsed():.1f}", "interrupted": summary.interrupted}


def finish_review(review: Review, path: str, status: int, run: dict[str, Any] | None = None,
                  kind: str | None = None, inputs: Sequence[str] = ()) -> int:
    """Write the page; a page that cannot be written is one line on standard error and status 1.
    The input text of each text document shown is read again from its file (standard input
    cannot be: that document is rebuilt from its JSON)."""
    try:
        title = "newsclean review: " + " ".join(inputs) if inputs else "newsclean review"
        if len(title) > 120:
            title = title[:119] + "…"
        write_page(path, review, run=run, read=lambda name: read_source(name, kind), title=title)
    except OSError as exc:
        print(f"newsclean: {path}: cannot write the review page: {exc.strerror or exc}", file=sys.stderr)
        return status or 1
    return status
