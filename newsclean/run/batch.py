"""``run_batch()``: the work of ``newsclean DIR -o OUT`` (and ``--jsonl``).

It sits outside the detectors and uses only the public API (``clean_file``, ``Article.to_dict``,
``cli.render``); the processes are :mod:`newsclean.run.pool`, the input walk :mod:`newsclean.run.walk`,
the totals :mod:`newsclean.run.report`, the Python API :mod:`newsclean.run.many`.
"""

from __future__ import annotations

import glob
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from newsclean.options import Options
from newsclean.output import render
from newsclean.run.many import warm_up
from newsclean.run.pool import held_signals, ordered_map
from newsclean.run.progress import Progress
from newsclean.run.report import Summary
from newsclean.run.task import Failure, Task, clean_input
from newsclean.run.warc import WarcSkip, WarcTruncated, is_warc_name, page_task, read_warc
from newsclean.run.walk import PARTIAL_SUFFIX, Found, file_id, find_inputs, output_stem, split_glob

if TYPE_CHECKING:
    from newsclean.review.collect import Review

__all__ = ["BatchConfig", "BatchError", "OutputConflict", "run_batch", "write_report", "output_path",
           "write_atomic", "FORMAT_SUFFIX"]

FORMAT_SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json"}


class BatchError(Exception):
    """A batch that cannot start (a bad OUT, OUT around an input): one line, exit status 2."""


class OutputConflict(OSError):
    """An output that must not be written: it is an input, it leaves OUT, or another input has it."""


@dataclass(frozen=True)
class BatchConfig:
    """Everything ``newsclean ... -o OUT`` was asked to do.

    Exactly one of ``out`` (a folder: one output file per input) and ``jsonl`` (a file, or ``-``
    for standard output) is set.
    """

    inputs: tuple[str, ...]
    out: str | None = None
    jsonl: str | None = None
    fmt: str = "text"
    jobs: int = 1
    timeout: float | None = 30.0
    force: bool = False
    follow_symlinks: bool = False
    report: str | None = None
    progress: str = "lines"
    options: Options = field(default_factory=Options)
    scheduler: str | None = None  # a Dask scheduler address, or "local": run on Dask (newsclean.dask)
    review: str | None = None  # the review page's path (written by the caller; never an input)


@dataclass(frozen=True)
class _Done:
    """What a worker sends back for one document (small: no Article crosses the pipe)."""

    text: str = ""
    removed: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    warnings: int = 0
    failure: Failure | None = None
    review: dict[str, Any] | None = None  # the article's to_dict(), for the review page


def _clean_to_output(item: tuple[Task, str, Options], review: bool = False) -> _Done:
    """Worker side: clean one input (a file, a WARC page) and render it; a failure comes back
    as a Failure (no Article crosses the pipe)."""
    task, fmt, options = item
    result = clean_input(task, options)
    if result.article is None:
        assert result.error is not None and result.message is not None
        return _Done(failure=Failure(result.error, result.message))
    article = result.article
    if fmt == "jsonl":
        text = json.dumps(result.to_dict(), ensure_ascii=False) + "\n"
    else:
        text = render(article, fmt)
    removed: dict[str, int] = {}
    codes: dict[str, int] = {}
    for r in article.removed:
        removed[r.category] = removed.get(r.category, 0) + 1
        codes[r.code] = codes.get(r.code, 0) + 1
    return _Done(text, removed, codes, len(article.warnings), review=article.to_dict() if review else None)


def output_path(out: str, rel: str, fmt: str) -> str:
    """OUT/rel with ``.gz`` and the input suffix replaced by the format's (``a/b.html.gz`` -> ``a/b.txt``)."""
    parts = rel.replace(os.sep, "/").split("/")
    if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"output path {rel!r} would leave the output folder")
    return os.path.join(out, *parts[:-1], output_stem(parts[-1]) + FORMAT_SUFFIX[fmt])


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _input_root(spec: str) -> str:
    # A glob's files live below its fixed leading folders.
    if not os.path.exists(spec) and glob.has_magic(spec):
        return split_glob(spec)[0]
    return spec


def check_paths(config: BatchConfig) -> None:
    """Refuse, before any work, an OUT that would read or overwrite the inputs."""
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
        path = output_path(self.out, found.rel, self.fmt)
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


def _jobs_from_walk(config: BatchConfig, summary: Summary, tree: _Tree | None,
                    exclude: list[tuple[int, int]]) -> Iterator[tuple[Any, ...]]:
    """The worker tasks, pulled lazily; what the walk skips or cannot read goes in the summary."""
    fmt = "jsonl" if tree is None else config.fmt
    for found in find_inputs(config.inputs, follow_symlinks=config.follow_symlinks, exclude=exclude):
        if found.status == "skipped":
            summary.skipped["symbolic link loop" if found.error == "SymlinkLoop" else "symbolic link"] += 1
            continue
        if found.status == "failed":
            # Through the pool all the same, so that failures are reported in input order.
            yield found, None, None, Failure(found.error, found.message)
            continue
        if is_warc_name(found.path):
            yield from _warc_tasks(found, tree is not None, summary, config.options)
            continue
        target = None
        if tree is not None:
            try:
                target, why = tree.target(found)
            except ValueError as exc:
                yield found, None, None, Failure("ValueError", str(exc))
                continue
            if why:
                summary.skipped[why] += 1
                continue
        yield found, target, (Task.from_path(found.path), fmt, config.options), None


def _warc_tasks(found: Found, to_folder: bool, summary: Summary, options: Options
                ) -> Iterator[tuple[Any, ...]]:
    """One task per HTML page of a WARC file; other responses are counted as skipped."""
    if to_folder:
        yield found, None, None, Failure("InputError", "a WARC file is written with --jsonl FILE "
                                         "(one line per page), not -o OUT")
        return
    try:
        for item in read_warc(found.path):
            if isinstance(item, WarcSkip):
                summary.skipped[item.reason] += 1
            elif isinstance(item, WarcTruncated):
                yield found, None, None, Failure("InputError", item.message)
            else:
                yield Found(item.name, found.rel), None, (page_task(item), "jsonl", options), None
    except ImportError:
        yield found, None, None, Failure("InputError", "reading WARC files needs FastWARC: "
                                         "pip install 'newsclean[warc]'")
    except (OSError, ValueError) as exc:  # unreadable, or not a WARC file at all
        yield found, None, None, Failure("InputError", f"cannot read the WARC file ({exc})")


def _dispatch(item: tuple[Any, ...], review: bool = False) -> _Done:
    """Worker entry: clean the task, or pass on a failure found before it."""
    _found, _target, task, failure = item
    return _Done(failure=failure) if failure is not None else _clean_to_output(task, review)


def _dispatch_for_review(item: tuple[Any, ...]) -> _Done:
    """Worker entry with --review: the result also carries the article's to_dict()."""
    return _dispatch(item, review=True)


def _count_inputs(config: BatchConfig, exclude: list[tuple[int, int]], progress: Progress) -> None:
    # Everything the walk yields ends up counted as done (cleaned, skipped or failed).
    progress.total = sum(1 for _ in find_inputs(config.inputs, follow_symlinks=config.follow_symlinks,
                                                exclude=exclude))


class _Sink:
    """Where results go: files under OUT, or lines of one JSONL file."""

    def __init__(self, config: BatchConfig) -> None:
        self.tree = _Tree(config.out, config.fmt, config.force) if config.out is not None else None
        self.handle: TextIO | None = None
        self.jsonl = config.jsonl
        self.partial: str | None = None
        if config.jsonl == "-":
            self.handle = sys.stdout
        elif config.jsonl is not None:
            folder, name = os.path.split(os.path.abspath(config.jsonl))
            os.makedirs(folder, exist_ok=True)
            self.partial = os.path.join(folder, f".{name}{PARTIAL_SUFFIX}")
            self.handle = open(self.partial, "w", encoding="utf-8", newline="")

    def exclude(self) -> list[tuple[int, int]]:
        ids = [file_id(p) for p in (self.tree and self.tree.out, self.partial) if p]
        return [i for i in ids if i is not None]

    def put(self, found: Found, target: str | None, text: str) -> None:
        if self.tree is not None and target is not None:
            self.tree.write(target, found.path, text)
        elif self.handle is not None:
            self.handle.write(text)

    def close(self, keep: bool) -> None:
        """Finish the JSONL file: renamed into place when ``keep``, else removed."""
        if self.handle is None or self.handle is sys.stdout:
            if self.handle is sys.stdout:
                sys.stdout.flush()
            return
        self.handle.close()
        if keep and self.partial and self.jsonl:
            os.replace(self.partial, self.jsonl)
        elif self.partial:
            with suppress(OSError):
                os.unlink(self.partial)


def run_batch(config: BatchConfig, stderr: TextIO | None = None, review: Review | None = None) -> Summary:
    """Clean every input into OUT (or one JSONL file); return the summary.

    ``review``, when given, gets every document cleaned and every failure (for --review).

    Ctrl-C (or SIGTERM) stops the workers at once and returns the summary of what was done,
    with ``interrupted`` set; every output already written is complete.
    """
    stderr = stderr or sys.stderr
    check_paths(config)
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
    items = _jobs_from_walk(config, summary, sink.tree, exclude)
    work = _dispatch if review is None else _dispatch_for_review
    if config.scheduler is None:
        outcomes = ordered_map(work, items, jobs=config.jobs, timeout=config.timeout, warm_up=warm_up)
    else:
        from newsclean.run.dask_pool import ordered_map_on_dask

        outcomes = ordered_map_on_dask(work, items, scheduler=config.scheduler, jobs=config.jobs,
                                       warm_up=warm_up)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt) if _main_thread() else None
    try:
        with closing(outcomes):
            for outcome in outcomes:
                _record(outcome, sink, summary, progress, review)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        with _ignoring_interrupts():
            summary.stop()
            progress.close()
            sink.close(keep=True)
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    return summary


def _record(outcome: Any, sink: _Sink, summary: Summary, progress: Progress,
            review: Review | None = None) -> None:
    found, target, _, _ = outcome.item
    done: _Done | None = outcome.value
    failure = outcome.failure or (done.failure if done else None)
    if failure is None and done is not None:
        try:
            sink.put(found, target, done.text)
        except OSError as exc:
            failure = Failure(type(exc).__name__, exc.strerror if exc.strerror else str(exc))
    if failure is not None:
        summary.fail(found.path, failure.error, failure.message)
        progress.message(f"newsclean: {found.path}: {failure.message}")
        if review is not None:
            review.fail(found.path, failure.error, failure.message)
    elif done is not None:
        if review is not None and done.review is not None:
            review.add(found.path, done.review)
        if done.removed:
            summary.cleaned += 1
            summary.removed.update(done.removed)
            summary.codes.update(done.codes)
        else:
            summary.unchanged += 1
        summary.warnings += done.warnings
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
             "output": config.out if config.out is not None else config.jsonl,
             "format": "jsonl" if config.jsonl is not None else config.fmt, "jobs": config.jobs}
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    write_atomic(path, summary.to_json(**extra))
