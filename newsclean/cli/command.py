"""The ``newsclean`` command: clean files (or standard input) and print the result.

With ``-o OUT``, ``--jsonl FILE`` or ``--csv FILE`` it is a batch: every file, folder and glob
given is cleaned into OUT (see docs/batch.md; the work is in :mod:`newsclean.run.batch`).
``-o FILE.txt`` (``.md``, ``.json``) with one input file writes that one file.

Exit status: 0 on success, 1 when an input could not be read or is not a page (or, in a batch,
any file failed), 2 on a usage error, 130 when interrupted (Ctrl-C), 141 when standard output
was closed by its reader (``newsclean *.html | head -1``). Errors and warnings are one line
each on standard error, naming the file.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace
from typing import Sequence, TextIO

from newsclean.article import Article
from newsclean.detect.registry import STAGES, by_stage, markdown
from newsclean.errors import OptionError
from newsclean.options import FAVOR, KINDS, Options
from newsclean.output import FORMATS, render
from newsclean.run.filters import Filters, parse_langs
from newsclean.run.records import RecordKeys, read_records
from newsclean.run.sources import MANY, NOT_FETCHED, Skip, documents, looks_like_url, sniffed
from newsclean.run.task import Failure, Result, Task, clean_input
from newsclean.cli.batch_options import (add_batch_arguments, batch_requested, run_batch_command,
                                         single_output)
from newsclean.cli.review_options import add_review_arguments, finish_review, start_review
from newsclean.review.collect import Review

__all__ = ["main", "build_parser"]

# The exit status of a program whose reader closed the pipe (128 + SIGPIPE), as `cat` has.
CLOSED_PIPE = 141
SEPARATOR = "==> {name} <=="  # before each document when several are printed as text or markdown


def build_parser() -> argparse.ArgumentParser:
    from newsclean import __version__

    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Clean scraped news articles (text, markdown or HTML): strip publisher "
                    "clutter, pull out title, byline and date, and explain every removal.",
    )
    parser.add_argument("inputs", nargs="*", metavar="FILE",
                        help="file to clean (HTML, text, markdown, a WARC or JSON Lines file); - reads "
                             "standard input; with -o/--jsonl/--csv also folders and globs")
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    parser.add_argument("-f", "--format", choices=FORMATS, default=None,
                        help="output: clean body (text, the default), markdown with title, byline and the "
                             "article's structure, or JSON (one line per document when there are several)")
    parser.add_argument("--links", action="store_true",
                        help="markdown output keeps the links ([text](url)); HTML pages are extracted with them")
    parser.add_argument("--explain", action="store_true",
                        help="list each removal on standard error as FILE:LINE: category (rule code): text")
    parser.add_argument("--disable", action="append", default=[], metavar="NAME",
                        help="skip a detector (repeat, or separate names with commas)")
    parser.add_argument("--rules", metavar="FILE", default=None,
                        help="add your own phrase and CSS-selector rules from a TOML file (docs/batch.md)")
    parser.add_argument("--list-detectors", action="store_true",
                        help="list the detectors (and loaded --rules) and exit (with -f markdown: the tables "
                             "of docs/detectors.md)")
    parser.add_argument("--favor", choices=FAVOR, default="balanced",
                        help="the learned scorers' thresholds: fewer removals and, on HTML pages, "
                             "trafilatura's choice of blocks (precision); the validated default "
                             "(balanced); or more removals and more blocks put back (recall)")
    parser.add_argument("--input-format", choices=(*KINDS, "jsonl"), default=None,
                        help="treat the input as this kind instead of detecting it (jsonl: records, one a line)")
    parser.add_argument("--url", default=None, help="the page's URL (fills source_url)")
    filters = parser.add_argument_group("filters (documents left out are counted and listed)")
    filters.add_argument("--lang", default=None, metavar="CODES",
                         help="keep only documents in these languages (e.g. en or en,de); a document whose "
                              "language cannot be told is kept, as that language, when one code is given")
    filters.add_argument("--min-words", type=int, default=None, metavar="N",
                         help="leave out documents whose clean body has fewer than N words")
    records = parser.add_argument_group("JSON Lines input (records with html or text, url and id)")
    for key in ("html", "text", "url", "id"):
        records.add_argument(f"--{key}-key", default=key, metavar="KEY",
                             help=f"the record key that holds the {key.upper() if key in ('html', 'url') else key} "
                                  f"(default {key})")
    add_review_arguments(parser)
    add_batch_arguments(parser)
    return parser


def _list_detectors(fmt: str | None, options: Options) -> str:
    if fmt == "markdown":
        return markdown()
    rows = []
    for stage in STAGES:
        group = by_stage(stage)
        if group:
            rows.append(f"{stage}:")
            rows.extend(f"  {d.name:<22} {d.category:<20} {d.catches}" for d in group)
    if options.rules is not None:
        rows.append(f"user rules loaded from {options.rules.source}:")
        rows.extend(options.rules.lines() or ["  (none)"])
    return "\n".join(rows) + "\n"


def _explain(name: str, article: Article) -> str:
    return "".join(
        f"{name}:{r.line if r.located else '?'}: {r.category} ({r.code or r.detector}): {r.text}\n" for r in article.removed
    )


def _options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Options:
    disable = [n.strip() for item in args.disable for n in item.split(",") if n.strip()]
    kind = None if args.input_format == "jsonl" else args.input_format
    try:
        return Options(kind, None, tuple(disable), args.favor, rules=args.rules, links=args.links)
    except OptionError as exc:
        parser.error(f"{exc} (see --list-detectors)" if "detector" in str(exc) else str(exc))


def _filters(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Filters:
    try:
        langs = parse_langs(args.lang) if args.lang is not None else ()
        return Filters(args.min_words or 0, langs)
    except OptionError as exc:
        parser.error(str(exc))


def _keys(args: argparse.Namespace) -> RecordKeys:
    return RecordKeys(args.html_key, args.text_key, args.url_key, args.id_key)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C outside a batch (a batch prints its summary and returns 130)
        print("newsclean: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _closed_output()


def _closed_output() -> int:
    """Standard output was closed by its reader: stop quietly. Later writes (and Python's own
    flush at exit) go to /dev/null instead of raising again."""
    with suppress(OSError, ValueError):  # standard output may have no file descriptor (a capture)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return CLOSED_PIPE


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    options = _options(parser, args)
    if args.list_detectors:
        sys.stdout.write(_list_detectors(args.format, options))
        return 0
    filters = _filters(parser, args)
    if not args.inputs:
        parser.error("no input: give a FILE, or - for standard input")
    single = single_output(parser, args)
    if single is None and batch_requested(args):
        return run_batch_command(parser, args, options, filters, _keys(args))
    for name in args.inputs:
        if name != "-" and os.path.isdir(name):
            parser.error(f"{name} is a folder: give -o OUT (or --jsonl FILE) to clean a folder")
    if args.input_format == "jsonl" and args.url:
        parser.error("--url is about one document; JSON Lines records carry their own (--url-key)")
    review = start_review(parser, args)
    if single is not None:
        buffer = io.StringIO()
        status = _print_all(args, options, filters, buffer, review, single_file=True)
        if status == 0 or buffer.getvalue():
            from newsclean.run.batch import write_atomic

            try:
                write_atomic(single, buffer.getvalue())
            except OSError as exc:
                print(f"newsclean: {single}: cannot write ({exc.strerror or exc})", file=sys.stderr)
                return 1
    else:
        status = _print_all(args, options, filters, sys.stdout, review)
    if review is not None:
        kind = None if args.input_format == "jsonl" else args.input_format
        status = finish_review(review, args.review, status, kind=kind, inputs=args.inputs)
    return status


def _sources(args: argparse.Namespace) -> Iterator[tuple[str, str | Failure, str]]:
    """(name, kind or failure, reason) of each input: kind ``document``, ``stdin``, ``warc``,
    ``jsonl``, or ``skip`` (not a page, for ``reason``)."""
    for name in args.inputs:
        if name == "-":
            yield name, "jsonl" if args.input_format == "jsonl" else "stdin", ""
        elif looks_like_url(name) and not os.path.exists(name):
            yield name, Failure("InputError", NOT_FETCHED), ""
        elif args.input_format == "jsonl":
            yield name, "jsonl", ""
        else:
            what = sniffed(name, _keys(args))
            yield (name, what, "") if isinstance(what, Failure) else (name, *what)


def _tasks(name: str, kind: str, args: argparse.Namespace) -> Iterator[Task | Skip]:
    if kind == "stdin":
        yield Task("<stdin>", document=sys.stdin.buffer.read(), url=args.url, fields={"input": "<stdin>"})
    elif kind == "jsonl" and name == "-":
        yield from read_records("-", _keys(args))
    elif kind in MANY:
        yield from documents(name, kind, _keys(args))
    else:
        yield Task.from_path(name, url=args.url)


def _print_all(args: argparse.Namespace, options: Options, filters: Filters, out: TextIO,
               review: Review | None = None, single_file: bool = False) -> int:
    """Clean each input in turn and write it to ``out``: one document as before; several as JSON
    Lines (``-f json``) or, in text and markdown, each after a ``==> NAME <==`` line. ``review``
    (``--review``) gets each document and each failure."""
    sources = list(_sources(args))
    several = len(sources) > 1 or any(kind in MANY for _, kind, _ in sources)
    fmt = args.format or ("json" if any(kind in MANY for _, kind, _ in sources) else "text")
    status = 0
    printed = 0
    for name, kind, reason in sources:
        if isinstance(kind, Failure):
            print(f"newsclean: {name}: {kind.message}", file=sys.stderr)
            status = 1
            if review is not None:
                review.fail(name, kind.error, kind.message)
            continue
        if kind == "skip":  # not a page: said, and the exit status is 1, as for a bad input
            print(f"newsclean: {name}: {reason}; skipped", file=sys.stderr)
            status = 1
            if review is not None:
                review.fail(name, "InputError", reason)
            continue
        for task in _tasks(name, kind, args):
            if isinstance(task, Skip):
                print(f"newsclean: {task.name}: skipped: {task.reason}", file=sys.stderr)
                continue
            result = _clean(task, options, filters)
            shown = task.name
            article = result.article
            if article is None:
                print(f"newsclean: {shown}: {result.message}", file=sys.stderr)
                status = 1
                if review is not None:
                    review.fail(shown, result.error or "InputError", result.message or "")
                continue
            verdict = filters.verdict(article)
            if verdict is not None:
                print(f"newsclean: {shown}: dropped: {verdict[0]}", file=sys.stderr)
                continue
            for warning in article.warnings:
                print(f"newsclean: {shown}: warning: {warning}", file=sys.stderr)
            if fmt == "json" and several:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            elif several:
                out.write(("\n" if printed else "") + SEPARATOR.format(name=shown) + "\n"
                          + render(article, fmt, links=options.links))
            else:
                out.write(render(article, fmt, links=options.links))
            printed += 1
            if args.explain:
                sys.stderr.write(_explain(shown, article))
            if review is not None:
                review.add(shown, article.to_dict())
            if not single_file:
                out.flush()  # a reader sees each document as it is done (and a closed pipe at once)
    return status


def _clean(task: Task, options: Options, filters: Filters) -> Result:
    result = clean_input(task, options)
    assumed = filters.assumed_lang
    if assumed and result.article is not None and result.article.language is None:
        result = clean_input(task, replace(options, lang=assumed))
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
