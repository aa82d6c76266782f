"""The batch half of the command line: its options, their checks, the run and its summary.

Batch mode starts when ``-o OUT``, ``--jsonl FILE`` or ``--csv FILE`` is given (``-o x.jsonl``
means ``--jsonl x.jsonl``), except that ``-o FILE.txt`` (``.md``, ``.json``) with one input file
writes that one file. Without them the command prints each FILE as before, and a folder is a
usage error that points to ``-o``.
"""

from __future__ import annotations

import argparse
import sys

import os

from newsclean.options import Options
from newsclean.run.batch import BatchConfig, BatchError, run_batch, write_report
from newsclean.run.filters import Filters
from newsclean.run.pool import default_jobs
from newsclean.run.records import RecordKeys
from newsclean.run.report import Summary
from newsclean.run.walk import Narrow
from newsclean.review.collect import Review
from newsclean.cli.review_options import finish_review, review_run, start_review

__all__ = ["add_batch_arguments", "batch_requested", "run_batch_command", "single_output"]

# Options that mean nothing without -o/--jsonl (their argparse dest, and how they are written).
_BATCH_ONLY = {"jobs": "-j/--jobs", "timeout": "--timeout", "force": "--force",
               "follow_symlinks": "--follow-symlinks", "report": "--report", "quiet": "--quiet",
               "scheduler": "--scheduler", "dask": "--dask", "include": "--include", "exclude": "--exclude"}
# `-o NAME` with one of these suffixes and one input file is that one output file, in that format.
_SINGLE_SUFFIX = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".json": "json"}


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("batch (cleans folders, globs and many files; see docs/batch.md)")
    group.add_argument("-o", "--output", metavar="OUT", default=None,
                       help="write one output per input under this folder, same relative paths "
                            "(a name ending in .jsonl means --jsonl; one input file and a name ending in "
                            ".txt, .md or .json: that one file)")
    group.add_argument("--jsonl", metavar="FILE", default=None,
                       help="write one JSON object per line (with its \"input\" path) to FILE; - for stdout. "
                            "A rerun appends only the documents not in FILE yet")
    group.add_argument("--csv", metavar="FILE", default=None,
                       help="write one row per document (input, id, title, authors, published, language, "
                            "words, removals per category, warnings) to FILE")
    group.add_argument("--include", action="append", default=None, metavar="GLOB",
                       help="read only the files of folders and globs that match (a name, or a path with /)")
    group.add_argument("--exclude", action="append", default=None, metavar="GLOB",
                       help="pass over the files and folders that match (a name, or a path with /)")
    group.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help=f"worker processes (default: the number of CPUs, here {default_jobs()})")
    group.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                       help="give up on a document after this long (default 30; 0: no limit)")
    group.add_argument("--force", action="store_true", default=None,
                       help="clean again inputs whose output is already there and newer")
    group.add_argument("--follow-symlinks", action="store_true", default=None,
                       help="follow symbolic links inside folders (loops are detected and skipped)")
    group.add_argument("--report", metavar="FILE", default=None,
                       help="write the summary and every failure as JSON to FILE")
    group.add_argument("--scheduler", metavar="ADDRESS", default=None,
                       help="run on the Dask cluster at this scheduler address (needs newsclean[dask]; "
                            "see docs/scale.md)")
    group.add_argument("--dask", action="store_true", default=None,
                       help="run on a local Dask cluster of -j workers (needs newsclean[dask])")
    group.add_argument("-q", "--quiet", action="store_true", default=None,
                       help="no progress and no summary (failures are still printed)")


def batch_requested(args: argparse.Namespace) -> bool:
    """True when -o, --jsonl or --csv is given; batch-only options without them are a usage error."""
    if args.output is not None or args.jsonl is not None or args.csv is not None:
        return True
    given = [flag for dest, flag in _BATCH_ONLY.items() if getattr(args, dest) is not None]
    if given:
        raise SystemExit(_usage(f"{', '.join(given)}: only with -o OUT, --jsonl FILE or --csv FILE"))
    return False


def single_output(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The output file of ``-o NAME.txt`` (``.md``, ``.json``) given one input file (or ``-``):
    that file is written, in the format its suffix says unless ``-f`` says otherwise. None when
    ``-o`` is a batch's folder (or absent)."""
    out = args.output
    if out is None or len(args.inputs) != 1 or args.jsonl is not None:
        return None
    suffix = os.path.splitext(out)[1].lower()
    source = args.inputs[0]
    if suffix not in _SINGLE_SUFFIX or os.path.isdir(out) or not (source == "-" or os.path.isfile(source)):
        return None
    given = [flag for dest, flag in {**_BATCH_ONLY, "csv": "--csv"}.items() if getattr(args, dest) is not None]
    if given:
        parser.error(f"{', '.join(given)}: only in a batch; -o {out} with one input writes that one file")
    if args.format is None:
        args.format = _SINGLE_SUFFIX[suffix]
    if os.path.realpath(out) == os.path.realpath(source):
        parser.error(f"-o {out} would overwrite the input")
    return out


def _usage(message: str) -> int:
    print(f"newsclean: error: {message}", file=sys.stderr)
    return 2


def _config(parser: argparse.ArgumentParser, args: argparse.Namespace, options: Options, filters: Filters,
            keys: RecordKeys) -> BatchConfig:
    out, jsonl = args.output, args.jsonl
    if out is not None and jsonl is not None:
        parser.error("give -o OUT or --jsonl FILE, not both")
    if out is not None and out.lower().endswith(".jsonl"):
        out, jsonl = None, out
    if out == "-":
        parser.error("-o takes a folder; use --jsonl - to write to standard output")
    stdin_records = args.input_format == "jsonl"
    for flag, bad in (("--explain", args.explain), ("--url", args.url is not None),
                      ("- (standard input, except with --input-format jsonl)", "-" in args.inputs and not stdin_records)):
        if bad:
            parser.error(f"{flag} cannot be used with -o/--jsonl (it is about one document)")
    if jsonl is not None and args.format is not None:
        parser.error("--format applies to -o OUT; --jsonl always writes JSON")
    if out is None and jsonl is None and args.format is not None:
        parser.error("--format applies to -o OUT; --csv writes a table")
    jobs = default_jobs() if args.jobs is None else args.jobs
    if jobs < 1:
        parser.error(f"-j/--jobs must be at least 1, not {jobs}")
    timeout = 30.0 if args.timeout is None else args.timeout
    if timeout < 0:
        parser.error(f"--timeout must be 0 (no limit) or more, not {timeout:g}")
    if args.scheduler is not None and args.dask:
        parser.error("give --scheduler ADDRESS or --dask, not both")
    if (args.scheduler is not None or args.dask) and args.timeout is not None:
        parser.error("--timeout is not applied on Dask (the cluster's own limits apply)")
    if args.quiet:
        progress = "off"
    else:
        progress = "bar" if sys.stderr.isatty() else "lines"
    return BatchConfig(
        inputs=tuple(args.inputs), out=out, jsonl=jsonl, csv=args.csv, fmt=args.format or "text", jobs=jobs,
        timeout=timeout or None, force=bool(args.force), follow_symlinks=bool(args.follow_symlinks),
        report=args.report, progress=progress, options=options,
        scheduler="local" if args.dask else args.scheduler,
        narrow=Narrow(tuple(args.include or ()), tuple(args.exclude or ())), keys=keys, filters=filters,
        jsonl_input=stdin_records, review=args.review)


def run_batch_command(parser: argparse.ArgumentParser, args: argparse.Namespace, options: Options,
                      filters: Filters, keys: RecordKeys) -> int:
    """Run the batch the arguments describe; return the exit status (0, 1, 2, 130 or 141)."""
    config = _config(parser, args, options, filters, keys)
    review = start_review(parser, args)
    try:
        summary = run_batch(config, review=review)
    except BatchError as exc:
        return _usage(str(exc))
    except OSError as exc:  # OUT cannot be created, the JSONL file cannot be opened
        print(f"newsclean: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except ImportError as exc:  # --dask or --scheduler without the dask extra
        print(f"newsclean: {exc}", file=sys.stderr)
        return 1
    except RuntimeError as exc:  # a worker process could not start at all
        print(f"newsclean: {exc}", file=sys.stderr)
        return 1
    if summary.output_closed:  # `--jsonl - | head`: the reader has what it wanted
        return 141
    status = 130 if summary.interrupted else (1 if summary.bad else 0)
    try:
        status = _finish(config, summary, args.quiet, status, review)
    except KeyboardInterrupt:  # a second Ctrl-C while the summary is printed
        return 130
    return status


def _finish(config: BatchConfig, summary: Summary, quiet: bool | None, status: int,
            review: Review | None = None) -> int:
    """Write the report (and review page) and print the summary; return the exit status."""
    if config.report:
        try:
            write_report(config.report, summary, config)
        except OSError as exc:
            print(f"newsclean: {config.report}: cannot write the report: {exc.strerror or exc}",
                  file=sys.stderr)
            status = status or 1
    if review is not None and config.review:
        status = finish_review(review, config.review, status, kind=config.options.kind, run=review_run(summary),
                               inputs=config.inputs)
    if not quiet:
        for line in summary.lines():
            print(line, file=sys.stderr)
    passed_over = sum(n for why, n in summary.skipped.items() if why in ("hidden", "symbolic link", "symbolic link loop"))
    if summary.done == passed_over and not summary.interrupted:
        # Most likely a wrong folder or pattern: say so rather than succeed at nothing.
        print("newsclean: warning: no input found", file=sys.stderr)
    return status
