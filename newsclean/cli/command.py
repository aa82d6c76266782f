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
from newsclean.detect.registry import CLUTTER_DETECTORS, DETECTORS, HTML_DETECTORS, METADATA_DETECTORS
from newsclean.errors import InputError
from newsclean.output import FORMATS, render
from newsclean.pipeline import KINDS, clean, clean_file, decode_file
from newsclean.cli.batch_options import add_batch_arguments, batch_requested, run_batch_command

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
                        help="list each removal on standard error as FILE:LINE: category (detector): text")
    parser.add_argument("--disable", action="append", default=[], metavar="NAME",
                        help="skip a detector (repeat, or separate names with commas)")
    parser.add_argument("--list-detectors", action="store_true", help="list the detectors and exit")
    parser.add_argument("--input-format", choices=KINDS, default=None,
                        help="treat the input as this kind instead of detecting it")
    parser.add_argument("--url", default=None, help="the page's URL (fills source_url)")
    parser.add_argument("--lang", default=None, help="the document's language (e.g. en, de)")
    add_batch_arguments(parser)
    return parser


def _list_detectors() -> str:
    rows = []
    for title, group in (("clutter", CLUTTER_DETECTORS), ("metadata", METADATA_DETECTORS),
                         ("html", HTML_DETECTORS)):
        rows.append(f"{title}:")
        rows.extend(f"  {d.name:<22} {d.category:<20} {d.catches}" for d in group)
    return "\n".join(rows) + "\n"


def _explain(name: str, article: Article) -> str:
    return "".join(
        f"{name}:{r.line if r.located else '?'}: {r.category} ({r.detector}): {r.text}\n" for r in article.removed
    )


def _clean_one(name: str, args: argparse.Namespace, disable: list[str]) -> Article:
    if name == "-":
        data = sys.stdin.buffer.read()
        text, kind, warnings = decode_file(data, "<stdin>", args.input_format)
        article = clean(text, kind=kind, url=args.url, lang=args.lang, disable=disable)
        article.warnings[:0] = warnings
        return article
    return clean_file(name, kind=args.input_format, url=args.url, lang=args.lang, disable=disable)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_detectors:
        sys.stdout.write(_list_detectors())
        return 0
    disable = [n.strip() for item in args.disable for n in item.split(",") if n.strip()]
    unknown = sorted(set(disable) - DETECTORS.keys())
    if unknown:
        parser.error(f"unknown detector(s): {', '.join(unknown)} (see --list-detectors)")
    if not args.inputs:
        parser.error("no input: give a FILE, or - for standard input")
    if batch_requested(args):
        return run_batch_command(parser, args, disable)
    for name in args.inputs:
        if name != "-" and os.path.isdir(name):
            parser.error(f"{name} is a folder: give -o OUT (or --jsonl FILE) to clean a folder")
    if args.format is None:
        args.format = "text"
    status = 0
    for name in args.inputs:
        shown = "<stdin>" if name == "-" else name
        try:
            article = _clean_one(name, args, disable)
        except InputError as exc:
            print(f"newsclean: {exc}", file=sys.stderr)
            status = 1
            continue
        for warning in article.warnings:
            print(f"newsclean: {shown}: warning: {warning}", file=sys.stderr)
        sys.stdout.write(render(article, args.format))
        if args.explain:
            sys.stderr.write(_explain(shown, article))
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
