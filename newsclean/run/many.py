"""``clean_many()``: clean many documents in worker processes, results in input order.

It uses only the public API (``clean``, ``clean_file``); the processes are :mod:`newsclean.run.pool`.
The command-line batch (``newsclean DIR -o OUT``) is :mod:`newsclean.run.batch`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from newsclean.article import Article
from newsclean.run.pool import Outcome, call, default_jobs, ordered_map

__all__ = ["clean_many", "Result"]


@dataclass(frozen=True)
class Result:
    """One document of :func:`clean_many`: its ``article``, or the ``error`` class and ``message``."""

    index: int
    source: str
    article: Article | None = None
    error: str | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class _Settings:
    kind: str | None = None
    url: str | None = None
    lang: str | None = None
    disable: tuple[str, ...] = ()


def _clean_item(task: tuple[bool, str, _Settings]) -> Article:
    from newsclean import clean, clean_file

    is_path, value, s = task
    if is_path:
        return clean_file(value, kind=s.kind, url=s.url, lang=s.lang, disable=s.disable)
    return clean(value, kind=s.kind, url=s.url, lang=s.lang, disable=s.disable)


def _warm_up() -> None:
    """Load the word lists and the HTML stack once per worker, before any time limit runs."""
    from newsclean import clean

    clean("Sign up for our newsletter\n\nThe council met on Monday.", kind="text")
    clean("<html><body><p>The council met on Monday to vote on the new budget.</p></body></html>",
          kind="html")


def _task(index: int, item: Any) -> tuple[bool, str]:
    if isinstance(item, os.PathLike):
        return True, os.fspath(item)
    if isinstance(item, str):
        return False, item
    raise TypeError(f"clean_many() item {index} is {type(item).__name__}: pass a str (document "
                    "text) or a pathlib.Path (a file to read)")


def clean_many(items: Iterable[str | os.PathLike[str]], *, jobs: int | None = None,
               timeout: float | None = 30.0, kind: str | None = None, url: str | None = None,
               lang: str | None = None, disable: Iterable[str] = ()) -> Iterator[Result]:
    """Clean many documents in ``jobs`` processes; yield one :class:`Result` each, in input order.

    A ``str`` item is document text (as for :func:`newsclean.clean`); a ``pathlib.Path`` (any
    ``os.PathLike``) is a file to read (as for :func:`newsclean.clean_file`). Items are pulled
    lazily, so a generator of millions is fine. A document that fails, or runs past ``timeout``
    seconds (``None``: no limit), comes back with ``error`` and ``message`` and the rest go on.
    ``jobs`` defaults to the number of CPUs; ``jobs=1, timeout=None`` runs in this process.

    >>> [r.article.body for r in clean_many(["Sign up for our newsletter\\n\\nIt rained."], jobs=1, timeout=None)]
    ['It rained.']
    """
    from newsclean.detect.registry import check_names

    disable = tuple(disable)
    check_names(disable)  # a misspelt name is one error now, not one per document
    settings = _Settings(kind, url, lang, disable)
    jobs = default_jobs() if jobs is None else jobs
    tasks = ((*_task(i, item), settings) for i, item in enumerate(items))
    if jobs == 1 and timeout is None:
        outcomes: Iterator[Any] = _in_process(tasks)
    else:
        outcomes = ordered_map(_clean_item, tasks, jobs=jobs, timeout=timeout, warm_up=_warm_up)
    with closing(outcomes):
        for outcome in outcomes:
            is_path, value, _ = outcome.item
            source = value if is_path else f"<text {outcome.index}>"
            failure = outcome.failure
            yield Result(outcome.index, source, outcome.value,
                         failure.error if failure else None, failure.message if failure else None)


def _in_process(tasks: Iterable[Any]) -> Iterator[Outcome[Article]]:
    for index, task in enumerate(tasks):
        ok, value = call(_clean_item, task)
        yield Outcome(index, task, value if ok else None, None if ok else value)
