"""The ``newsclean`` command: clean a file (or standard input) and print the result.

With ``-o OUT`` or ``--jsonl FILE`` it is a batch: every file, folder and glob given is cleaned
into OUT (see docs/batch.md; the work is in :mod:`newsclean.run.batch`).

Exit status: 0 on success, 1 when an input could not be read (or, in a batch, any file failed),
2 on a usage error, 130 when a batch was interrupted. Errors and warnings are one line each on
standard error, naming the file.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from newsclean.article import Article
from newsclean.detect.registry import STAGES, by_stage, markdown
from newsclean.errors import OptionError
from newsclean.options import FAVOR, KINDS, Options
from newsclean.output import FORMATS, render
from newsclean.run.task import Task, clean_input
from newsclean.cli.batch_options import add_batch_arguments, batch_requested, run_batch_command
from newsclean.cli.review_options import add_review_arguments, finish_review, start_review

__all__ = ["main", "build_parser"]

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Clean scraped news articles (text, markdown or HTML): strip publisher "
                    "clutter, pull out title, byline and date, and explain every removal.",
    )
    parser.add_argument("inputs", nargs="*", metavar="FILE",
                        help="file to clean; - reads standard input; with -o also folders and globs")
    parser.add_argument("-f", "--format", choices=FORMATS, default=None,
                        help="output: clean body (text, the default), markdown with title and byline, or JSON")
    parser.add_argument("--explain", action="store_true",
                        help="list each removal on standard error as FILE:LINE: category (rule code): text")
    parser.add_argument("--disable", action="append", default=[], metavar="NAME",
                        help="skip a detector (repeat, or separate names with commas)")
    parser.add_argument("--list-detectors", action="store_true",
                        help="list the detectors and exit (with -f markdown: the tables of docs/detectors.md)")
    parser.add_argument("--favor", choices=FAVOR, default="balanced",
                        help="the learned line scorer's threshold: fewer removals (precision), the "
                             "validated default (balanced), or more (recall)")
    parser.add_argument("--input-format", choices=KINDS, default=None,
                        help="treat the input as this kind instead of detecting it")
    parser.add_argument("--url", default=None, help="the page's URL (fills source_url)")
    parser.add_argument("--lang", default=None, help="the document's language (e.g. en, de)")
    add_batch_arguments(parser)
    add_review_arguments(parser)
    return parser


def _list_detectors(fmt: str | None) -> str:
    if fmt == "markdown":
        return markdown()
    rows = []
    for stage in STAGES:
        group = by_stage(stage)
        if group:
            rows.append(f"{stage}:")
            rows.extend(f"  {d.name:<22} {d.category:<20} {d.catches}" for d in group)
    return "\n".join(rows) + "\n"


def _explain(name: str, article: Article) -> str:
    return "".join(
        f"{name}:{r.line if r.located else '?'}: {r.category} ({r.code or r.detector}): {r.text}\n" for r in article.removed
    )


def _task(name: str, args: argparse.Namespace) -> Task:
    if name == "-":
        return Task("<stdin>", document=sys.stdin.buffer.read(), url=args.url, fields={"input": "<stdin>"})
    return Task.from_path(name, url=args.url)


def _options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Options:
    disable = [n.strip() for item in args.disable for n in item.split(",") if n.strip()]
    try:
        return Options(args.input_format, args.lang, tuple(disable), args.favor)
    except OptionError as exc:
        parser.error(f"{exc} (see --list-detectors)" if "detector" in str(exc) else str(exc))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_detectors:
        sys.stdout.write(_list_detectors(args.format))
        return 0
    options = _options(parser, args)
    if not args.inputs:
        parser.error("no input: give a FILE, or - for standard input")
    if batch_requested(args):
        return run_batch_command(parser, args, options)
    for name in args.inputs:
        if name != "-" and os.path.isdir(name):
            parser.error(f"{name} is a folder: give -o OUT (or --jsonl FILE) to clean a folder")
    if args.format is None:
        args.format = "text"
    review = start_review(parser, args)
    status = 0
    for name in args.inputs:
        shown = "<stdin>" if name == "-" else name
        result = clean_input(_task(name, args), options)
        article = result.article
        if article is None:
            print(f"newsclean: {shown}: {result.message}", file=sys.stderr)
            status = 1
            if review is not None:
                review.fail(shown, result.error or "InputError", result.message or "")
            continue
        for warning in article.warnings:
            print(f"newsclean: {shown}: warning: {warning}", file=sys.stderr)
        sys.stdout.write(render(article, args.format))
        if args.explain:
            sys.stderr.write(_explain(shown, article))
        if review is not None:
            review.add(shown, article.to_dict())
    if review is not None:
        status = finish_review(review, args.review, status, kind=args.input_format, inputs=args.inputs)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
