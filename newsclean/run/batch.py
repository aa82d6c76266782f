"""``run_batch()``: the work of ``newsclean DIR -o OUT`` (and ``--jsonl``, ``--csv``).

It sits outside the detectors: each input becomes Tasks (:mod:`newsclean.run.sources`: files,
WARC pages, JSON Lines records) cleaned by ``clean_input``; the processes are
:mod:`newsclean.run.pool`, the input walk :mod:`newsclean.run.walk`, resuming an append-only
output :mod:`newsclean.run.resume`, the CSV table :mod:`newsclean.run.table`, the totals
:mod:`newsclean.run.report`, the Python API :mod:`newsclean.run.many`.
"""

from __future__ import annotations

import glob
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import closing, suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TextIO

from newsclean.options import Options
from newsclean.output import render
from newsclean.run.filters import Filters
from newsclean.run.many import warm_up
from newsclean.run.pool import held_signals, ordered_map, prestart
from newsclean.run.progress import Progress
from newsclean.run.records import RecordKeys
from newsclean.run.report import Summary
from newsclean.run.resume import jsonl_keys, key_of
from newsclean.run.sources import MANY, Skip, documents, sniffed
from newsclean.run.table import Table, TableMismatch, article_cells
from newsclean.run.task import Failure, Task, clean_input
from newsclean.run.walk import PARTIAL_SUFFIX, Found, Narrow, file_id, find_inputs, output_stem, split_glob

if TYPE_CHECKING:
    from newsclean.review.collect import Review

__all__ = ["BatchConfig", "BatchError", "OutputConflict", "run_batch", "write_report", "output_path",
           "write_atomic", "FORMAT_SUFFIX"]

FORMAT_SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json"}


class BatchError(Exception):
    """A batch that cannot start (a bad OUT, OUT around an input): one line, exit status 2."""


class OutputConflict(OSError):
    """An output that must not be written: it is an input, it leaves OUT, or another input has it."""


class OutputClosed(Exception):
    """Standard output was closed by its reader (``newsclean ... --jsonl - | head``)."""


@dataclass(frozen=True)
class BatchConfig:
    """Everything ``newsclean ... -o OUT`` was asked to do.

    At most one of ``out`` (a folder: one output file per input) and ``jsonl`` (a file, or ``-``
    for standard output) is set, and ``csv`` (a file: one row per document) may come with
    either or alone. ``narrow`` holds ``--include`` / ``--exclude``, ``keys`` the JSON Lines
    record keys, ``filters`` ``--min-words`` and ``--lang``.
    """

    inputs: tuple[str, ...]
    out: str | None = None
    jsonl: str | None = None
    csv: str | None = None
    fmt: str = "text"
    jobs: int = 1
    timeout: float | None = 30.0
    force: bool = False
    follow_symlinks: bool = False
    report: str | None = None
    progress: str = "lines"
    options: Options = field(default_factory=Options)
    scheduler: str | None = None  # a Dask scheduler address, or "local": run on Dask (newsclean.dask)
    narrow: Narrow = field(default_factory=Narrow)
    keys: RecordKeys = field(default_factory=RecordKeys)
    filters: Filters = field(default_factory=Filters)
    jsonl_input: bool = False  # every input is JSON Lines (--input-format jsonl; "-" is standard input)
    review: str | None = None  # the review page's path (written by the caller; never an input)


@dataclass(frozen=True)
class _Work:
    """What a worker gets for one document: the task, the output format (``"jsonl"`` for a JSON
    line), the options and filters, and whether to fill a CSV row."""

    task: Task
    fmt: str
    options: Options
    filters: Filters = field(default_factory=Filters)
    cells: bool = False
    review: bool = False  # send the article's to_dict() back, for the review page


@dataclass(frozen=True)
class _Done:
    """What a worker sends back for one document (small: no Article crosses the pipe)."""

    text: str = ""
    removed: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    failure: Failure | None = None
    dropped: tuple[str, str] | None = None  # (reason, kind) when a filter left it out
    cells: dict[str, Any] | None = None  # the CSV row's article cells
    review: dict[str, Any] | None = None  # the article's to_dict(), for the review page


def _clean_to_output(work: _Work) -> _Done:
    """Worker side: clean one input (a file, a WARC page, a record), filter it and render it."""
    result = clean_input(work.task, work.options)
    article = result.article
    assumed = work.filters.assumed_lang
    if article is not None and assumed and article.language is None and work.options.lang is None:
        # One --lang code given, and the document's own language cannot be told: take it as that.
        result = clean_input(work.task, replace(work.options, lang=assumed))
        article = result.article
    if article is None:
        assert result.error is not None and result.message is not None
        return _Done(failure=Failure(result.error, result.message))
    cells = article_cells(article) if work.cells else None
    verdict = work.filters.verdict(article)
    if verdict is not None:
        return _Done(dropped=verdict, cells=cells)
    if work.fmt == "jsonl":
        text = json.dumps(result.to_dict(), ensure_ascii=False) + "\n"
    else:
        text = render(article, work.fmt, links=work.options.links)
    removed: dict[str, int] = {}
    codes: dict[str, int] = {}
    for r in article.removed:
        removed[r.category] = removed.get(r.category, 0) + 1
        codes[r.code] = codes.get(r.code, 0) + 1
    return _Done(text, removed, codes, tuple(article.warnings), cells=cells,
                 review=article.to_dict() if work.review else None)


def output_path(out: str, rel: str, fmt: str, full_name: bool = False) -> str:
    """OUT/rel with ``.gz`` and the input suffix replaced by the format's (``a/b.html.gz`` -> ``a/b.txt``);
    with ``full_name`` (a sibling makes the same name) the format's suffix is added to the whole
    name (``a/b.html.gz.txt``)."""
    parts = rel.replace(os.sep, "/").split("/")
    if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"output path {rel!r} would leave the output folder")
    name = parts[-1] if full_name else output_stem(parts[-1])
    return os.path.join(out, *parts[:-1], name + FORMAT_SUFFIX[fmt])


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _input_root(spec: str) -> str:
    # A glob's files live below its fixed leading folders.
    if not os.path.exists(spec) and glob.has_magic(spec):
        return split_glob(spec)[0]
    return spec


def check_paths(config: BatchConfig) -> None:
    """Refuse, before any work, an OUT that would read or overwrite the inputs."""
    if config.csv is not None:
        if os.path.isdir(config.csv):
            raise BatchError(f"{config.csv}: is a folder; --csv takes a file")
        real_csv = os.path.realpath(config.csv)
        for spec in config.inputs:
            if os.path.realpath(spec) == real_csv:
                raise BatchError(f"{spec}: --csv {config.csv} would overwrite this input")
    target = config.out if config.out is not None else config.jsonl
    if target is None or target == "-":
        return
    real_target = os.path.realpath(target)
    if config.out is not None and os.path.exists(target) and not os.path.isdir(target):
        raise BatchError(f"{target}: exists and is not a folder (use --jsonl FILE for one file)")
    if config.jsonl is not None and os.path.isdir(target):
        raise BatchError(f"{target}: is a folder; --jsonl takes a file")
    for spec in config.inputs:
        real = os.path.realpath(_input_root(spec))
        if config.out is not None and _inside(real, real_target):
            raise BatchError(f"{spec}: input is inside the output folder {target}; "
                             "choose an output folder outside the inputs")
        if config.jsonl is not None and real == real_target:
            raise BatchError(f"{spec}: --jsonl {target} would overwrite this input")


def write_atomic(path: str, text: str) -> None:
    """Write via a hidden partial file and a rename, so ``path`` is never half-written."""
    folder, name = os.path.split(path)
    partial = os.path.join(folder, f".{name}{PARTIAL_SUFFIX}")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(partial, path)
    except BaseException:  # also Ctrl-C: leave no partial file behind
        with suppress(OSError):
            os.unlink(partial)
        raise


class _Tree:
    """Output files under OUT: resume checks, containment, collisions, atomic writes."""

    def __init__(self, out: str, fmt: str, force: bool) -> None:
        os.makedirs(out, exist_ok=True)
        self.out = out
        self.real_out = os.path.realpath(out)
        self.fmt = fmt
        self.force = force
        self.run_start_ns = time.time_ns()
        self._checked: set[str] = set()  # folders known to be inside OUT (bounded below)

    def target(self, found: Found) -> tuple[str, str | None]:
        """(output path, None) to clean it, or (path, why) when it is up to date."""
        path = output_path(self.out, found.rel, self.fmt, found.full_name)
        if self.force:
            return path, None
        try:
            out_time = os.stat(path).st_mtime_ns
        except OSError:
            return path, None
        with suppress(OSError):
            if out_time > os.stat(found.path).st_mtime_ns and out_time < self.run_start_ns:
                return path, "up to date"
        return path, None

    def _make_folder(self, folder: str) -> None:
        """Create ``folder`` below OUT one level at a time, checking each level before going in:
        a folder under OUT may be a symbolic link to elsewhere, and nothing is written through it."""
        rel = os.path.relpath(folder, self.out)
        current = self.out
        for part in [] if rel == os.curdir else rel.split(os.sep):
            current = os.path.join(current, part)
            with suppress(FileExistsError):
                os.mkdir(current)
            if not _inside(os.path.realpath(current), self.real_out):
                raise OutputConflict(f"{current} leads outside the output folder (a symbolic link)")

    def write(self, path: str, source: str, text: str) -> None:
        folder = os.path.dirname(path)
        if folder not in self._checked:
            self._make_folder(folder)
            if len(self._checked) > 4096:
                self._checked.clear()
            self._checked.add(folder)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            st = None
        if st is not None:
            if os.path.samefile(path, source):
                raise OutputConflict("refusing to overwrite the input itself")
            if st.st_mtime_ns >= self.run_start_ns:
                # Two arguments with files of the same relative path (the walk catches siblings).
                raise OutputConflict(f"{path} was already written in this run from another input")
        write_atomic(path, text)


# One item of the batch, in input order: what the walk found, its output path (under OUT), the
# work for a worker, and a failure or a skip already known (reported in their place, in order).
_Item = tuple[Found, "str | None", "_Work | None", "Failure | None", "str | None"]


def _items(config: BatchConfig, summary: Summary, sink: _Sink, exclude: list[tuple[int, int]],
           review: bool = False) -> Iterator[_Item]:
    """The batch's items, pulled lazily from the walk; what is skipped goes in the summary."""
    fmt = "jsonl" if sink.tree is None else config.fmt
    cells = sink.table is not None
    for found in _found(config, exclude):
        if found.status == "skipped":
            summary.skip(found.path, _SKIP_REASONS.get(found.error, found.message))
            continue
        if found.status == "failed":
            # Through the pool all the same, so that failures are reported in input order.
            yield found, None, None, Failure(found.error, found.message), None
            continue
        what = ("jsonl", "") if config.jsonl_input else sniffed(found.path, config.keys)
        if isinstance(what, Failure):
            yield found, None, None, what, None
            continue
        kind, reason = what
        if kind == "skip":
            yield found, None, None, None, reason
            continue
        if kind in MANY and sink.tree is not None:
            yield found, None, None, Failure("InputError", _MANY_TO_FOLDER[kind]), None
            continue
        target = None
        if sink.tree is not None:
            try:
                target, why = sink.tree.target(found)
            except ValueError as exc:
                yield found, None, None, Failure("ValueError", str(exc)), None
                continue
            if why:
                summary.skip(found.path, why)
                continue
        for doc in documents(found.path, kind, config.keys):
            if isinstance(doc, Skip):
                summary.skip(doc.name, doc.reason)
                continue
            place = found if kind not in MANY else Found(doc.name, found.rel)
            if doc.problem is not None:
                yield place, None, _Work(doc, fmt, config.options), doc.problem, None
                continue
            if sink.done(doc):
                summary.skip(doc.name, sink.done_reason)
                continue
            yield place, target, _Work(doc, fmt, config.options, config.filters, cells, review), None, None


def _found(config: BatchConfig, exclude: list[tuple[int, int]]) -> Iterator[Found]:
    """The walk of every argument, in order; ``-`` (records on standard input) as itself."""
    for spec in config.inputs:
        if spec == "-" and config.jsonl_input:
            yield Found("-", "-")
        else:
            yield from find_inputs([spec], follow_symlinks=config.follow_symlinks, exclude=exclude,
                                   narrow=config.narrow)


_SKIP_REASONS = {"SymlinkLoop": "symbolic link loop", "Symlink": "symbolic link", "Hidden": "hidden"}
_MANY_TO_FOLDER = {
    "warc": "a WARC file is written with --jsonl FILE (one line per page), not -o OUT",
    "jsonl": "a JSON Lines file is written with --jsonl FILE (one line per record), not -o OUT",
}


def _dispatch(item: _Item) -> _Done | None:
    """Worker entry: clean the work, unless the item was settled before (a failure, a skip)."""
    _found, _target, work, failure, skip = item
    if failure is not None or skip is not None or work is None:
        return None
    return _clean_to_output(work)


def _count_inputs(config: BatchConfig, exclude: list[tuple[int, int]], progress: Progress) -> None:
    # Everything the walk yields ends up counted as done (cleaned, skipped or failed).
    progress.total = sum(1 for _ in find_inputs(config.inputs, follow_symlinks=config.follow_symlinks,
                                                exclude=exclude, narrow=config.narrow))


class _Sink:
    """Where results go: files under OUT, or lines of one JSONL file (appended to, resumable),
    or standard output; and rows of the CSV file."""

    def __init__(self, config: BatchConfig) -> None:
        self.tree = _Tree(config.out, config.fmt, config.force) if config.out is not None else None
        self.stdout = config.jsonl == "-"
        self.fd: int | None = None
        self.jsonl = config.jsonl if config.jsonl not in (None, "-") else None
        self.keys: set[str] = set()
        self.done_reason = "already in the JSONL file"
        self.table: Table | None = None
        if self.jsonl is not None:
            folder = os.path.dirname(os.path.abspath(self.jsonl))
            os.makedirs(folder, exist_ok=True)
            if not config.force:
                self.keys = jsonl_keys(self.jsonl)  # and a line cut by kill -9 is cut off
            self.fd = os.open(self.jsonl, os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if config.force else 0),
                              0o666)
        if config.csv is not None:
            try:
                self.table = Table(config.csv, _categories(config.options), config.force)
            except TableMismatch as exc:
                self.close()
                raise BatchError(str(exc)) from None
            if self.tree is None and self.jsonl is None and not self.stdout:
                self.keys, self.done_reason = self.table.keys, "already in the CSV file"

    def done(self, task: Task) -> bool:
        """Whether an earlier run wrote this document already (resume of --jsonl / --csv)."""
        return bool(self.keys) and key_of(_fields(task)) in self.keys

    def exclude(self) -> list[tuple[int, int]]:
        paths = (self.tree and self.tree.out, self.jsonl, self.table and self.table.path)
        ids = [file_id(p) for p in paths if p]
        return [i for i in ids if i is not None]

    def put(self, found: Found, target: str | None, text: str) -> None:
        if self.tree is not None and target is not None:
            self.tree.write(target, found.path, text)
        elif self.fd is not None:
            data = text.encode("utf-8")
            with held_signals():  # a line is written whole, or (kill -9) cut and repaired on the rerun
                while data:
                    data = data[os.write(self.fd, data):]
        elif self.stdout:
            try:
                sys.stdout.write(text)
            except BrokenPipeError:
                raise OutputClosed from None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.table is not None:
            self.table.close()
            self.table = None
        if self.stdout:
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                raise OutputClosed from None


def _fields(task: Task) -> Mapping[str, Any]:
    if task.id is not None and "id" not in task.fields:
        return {**task.fields, "id": task.id}
    return task.fields


def _categories(options: Options) -> list[str]:
    """The CSV's removal columns: every category of the registry, then those of the user rules."""
    from newsclean.detect.registry import categories

    cats = list(categories())
    if options.rules is not None:
        cats += [r.category for r in options.rules.rules]
    return list(dict.fromkeys(cats))


def run_batch(config: BatchConfig, stderr: TextIO | None = None, review: Review | None = None) -> Summary:
    """Clean every input into OUT (or one JSONL file, or a CSV file); return the summary.

    ``review``, when given, gets every document cleaned and every failure (for --review).

    Ctrl-C (or SIGTERM) stops the workers at once and returns the summary of what was done,
    with ``interrupted`` set; every output already written is complete. Standard output closed
    by its reader stops the run too (``output_closed``).
    """
    stderr = stderr or sys.stderr
    check_paths(config)
    if config.scheduler is None:
        prestart()  # the fork server loads newsclean and trafilatura while the walk starts
    summary = Summary()
    sink = _Sink(config)
    exclude = sink.exclude()
    for written in (config.report, config.review):
        written_id = file_id(written) if written else None
        if written_id is not None:
            exclude.append(written_id)
    progress = Progress(stderr, config.progress)
    if config.progress == "bar":
        # Born holding SIGINT and SIGTERM, and keeping them: the kernel then hands a Ctrl-C to the
        # main thread, and the pool's hold while it starts a worker is not by-passed through here.
        with held_signals():
            threading.Thread(target=_count_inputs, args=(config, exclude, progress), daemon=True).start()
    items = _items(config, summary, sink, exclude, review is not None)
    if config.scheduler is None:
        outcomes = ordered_map(_dispatch, items, jobs=config.jobs, timeout=config.timeout, warm_up=warm_up)
    else:
        from newsclean.run.dask_pool import ordered_map_on_dask

        outcomes = ordered_map_on_dask(_dispatch, items, scheduler=config.scheduler, jobs=config.jobs,
                                       warm_up=warm_up)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt) if _main_thread() else None
    try:
        with closing(outcomes):
            for outcome in outcomes:
                _record(outcome, sink, summary, progress, review)
    except KeyboardInterrupt:
        summary.interrupted = True
    except OutputClosed:
        summary.output_closed = True
    finally:
        with _ignoring_interrupts():
            summary.stop()
            progress.close()
            try:
                sink.close()
            except OutputClosed:
                summary.output_closed = True
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    return summary


def _record(outcome: Any, sink: _Sink, summary: Summary, progress: Progress,
            review: Review | None = None) -> None:
    found, target, work, failure, skip = outcome.item
    if skip is not None:  # a file that is not a page: listed, and the run fails
        summary.skip(found.path, skip)
        progress.message(f"newsclean: {found.path}: {skip}")
        progress.update(summary)
        return
    done: _Done | None = outcome.value
    failure = failure or outcome.failure or (done.failure if done else None)
    fields = _fields(work.task) if work is not None else {"input": found.path}
    url = work.task.url if work is not None else None
    if failure is None and done is not None:
        status = "dropped" if done.dropped else "cleaned" if done.removed else "unchanged"
        try:
            if sink.table is not None:  # the row first: a rerun then cleans again, and adds no row twice
                sink.table.add(fields, url, status, done.cells or {}, done.dropped[0] if done.dropped else "")
            if done.dropped is None:
                sink.put(found, target, done.text)
        except OutputClosed:
            raise
        except OSError as exc:
            failure = Failure(type(exc).__name__, exc.strerror if exc.strerror else str(exc))
    if failure is not None:
        summary.fail(found.path, failure.error, failure.message)
        progress.message(f"newsclean: {found.path}: {failure.message}")
        if review is not None:
            review.fail(found.path, failure.error, failure.message)
        if sink.table is not None:
            with suppress(OSError):
                sink.table.add(fields, url, "failed", {}, f"{failure.error}: {failure.message}")
    elif done is not None:
        if review is not None and done.review is not None and done.dropped is None:
            review.add(found.path, done.review)
        if done.dropped is not None:
            summary.drop(found.path, *done.dropped)
        elif done.removed:
            summary.cleaned += 1
            summary.removed.update(done.removed)
            summary.codes.update(done.codes)
        else:
            summary.unchanged += 1
        if done.warnings and done.dropped is None:
            summary.warn(found.path, list(done.warnings))
    progress.update(summary)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class _ignoring_interrupts:
    """A second Ctrl-C while the summary is written must not leave a traceback instead."""

    def __enter__(self) -> None:
        self.previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if _main_thread() else None

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def write_report(path: str, summary: Summary, config: BatchConfig) -> None:
    """The summary and every failure as JSON (see docs/batch.md)."""
    from newsclean import __version__

    extra = {"newsclean": __version__, "inputs": list(config.inputs),
             "output": config.out if config.out is not None else config.jsonl, "csv": config.csv,
             "format": "jsonl" if config.jsonl is not None else config.fmt, "jobs": config.jobs}
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    write_atomic(path, summary.to_json(**extra))
