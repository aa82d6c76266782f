"""``clean_many()``: clean many documents in worker processes, results in input order.

Each item becomes a :class:`~newsclean.run.task.Task` and is cleaned by
:func:`~newsclean.run.task.clean_input`; the processes are :mod:`newsclean.run.pool`. The
command-line batch (``newsclean DIR -o OUT``) is :mod:`newsclean.run.batch`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import replace
from typing import Any

from newsclean.errors import OptionError
from newsclean.options import Options
from newsclean.run.pool import default_jobs, ordered_map
from newsclean.run.task import Result, Task, clean_input, task_or_failure

__all__ = ["clean_many", "Result", "warm_up"]


def _clean_task(item: tuple[Task, Options]) -> Result:
    task, options = item
    return clean_input(task, options)


_warm = False


def warm_up() -> None:
    """Load the word lists and the HTML stack once per process, before any time limit runs
    (a worker forked from the pool's fork server finds it done)."""
    global _warm
    if _warm:
        return
    from newsclean import clean

    clean("Sign up for our newsletter\n\nThe council met on Monday.", kind="markdown")
    clean("<html><body><p>The council met on Monday to vote on the new budget.</p></body></html>",
          kind="html")
    _warm = True


def clean_many(items: Iterable[Any], *, jobs: int | None = None, timeout: float | None = 30.0,
               kind: str | None = None, url: str | None = None, lang: str | None = None,
               disable: Iterable[str] = (), favor: str | None = None,
               options: Options | None = None) -> Iterator[Result]:
    """Clean many documents in ``jobs`` processes; yield one :class:`Result` each, in input order.

    An item is a ``str`` or ``bytes`` (a document, as for :func:`newsclean.clean`), a
    ``pathlib.Path`` (any ``os.PathLike``: a file to read, as for :func:`newsclean.clean_file`),
    a ``(document, url)`` pair, or a dict with ``"html"`` or ``"text"`` and optionally ``"url"``
    and ``"id"``; each result carries its url and id. ``url=`` is the URL of every document that
    does not give its own. Items are pulled lazily, so a generator of millions is fine. A
    document that fails, or runs past ``timeout`` seconds (``None``: no limit), comes back with
    ``error`` and ``message`` and the rest go on. ``jobs`` defaults to the number of CPUs;
    ``jobs=1, timeout=None`` runs in this process. Options are checked now, at the call.

    >>> [r.article.body for r in clean_many(["Sign up for our newsletter\\n\\nIt rained."], jobs=1, timeout=None)]
    ['It rained.']
    """
    options = Options.of(options, kind=kind, lang=lang, disable=disable, favor=favor)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise OptionError(f"jobs must be at least 1, not {jobs}")
    return _results(items, jobs, timeout, url, options)


def _with_url(task: Task, url: str | None) -> Task:
    return task if url is None or task.url is not None else replace(task, url=url)


def _results(items: Iterable[Any], jobs: int, timeout: float | None, url: str | None,
             options: Options) -> Iterator[Result]:
    tasks = ((_with_url(task_or_failure(item, i), url), options) for i, item in enumerate(items))
    if jobs == 1 and timeout is None:
        for index, (task, opts) in enumerate(tasks):
            yield _indexed(clean_input(task, opts), index)
        return
    outcomes = ordered_map(_clean_task, tasks, jobs=jobs, timeout=timeout,
                                                      warm_up=warm_up)
    with closing(outcomes):
        for outcome in outcomes:
            task = outcome.item[0]
            if outcome.value is not None:
                yield _indexed(outcome.value, outcome.index)
            else:  # the worker died or ran out of time
                failure = outcome.failure
                assert failure is not None
                yield Result(outcome.index, task.name, None, failure.error, failure.message, task.url, task.id,
                             task.fields)


def _indexed(result: Result, index: int) -> Result:
    return result if result.index == index else replace(result, index=index)
