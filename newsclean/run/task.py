"""The unit of work: :func:`clean_input` cleans one :class:`Task` and returns its :class:`Result`.

Every way of running newsclean on more than a string (the command line, ``clean_many``, the
batch runner, WARC pages, Dask) makes Tasks and calls :func:`clean_input`; it is also the one
place where an exception becomes a failure record.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from newsclean.article import Article
from newsclean.errors import InputError, InputTypeError
from newsclean.options import Options

__all__ = ["Task", "Result", "Failure", "clean_input", "task_of", "task_or_failure"]


@dataclass(frozen=True)
class Failure:
    """Why an input has no article: the error's class name and a one-line message."""

    error: str
    message: str

    @classmethod
    def of(cls, exc: BaseException) -> Failure:
        """The failure record of an exception (an :class:`InputError` gives its cause alone:
        the input's name is said next to it already)."""
        if isinstance(exc, InputError):
            return cls("InputError", exc.cause)
        return cls(type(exc).__name__, " ".join(str(exc).split()) or type(exc).__name__)


@dataclass(frozen=True)
class Task:
    """One input: a file to read (``path``) or a document in memory (``document``: text,
    markdown or HTML as ``str``, a file's ``bytes``, a BeautifulSoup object or an lxml tree).

    ``name`` is how results and errors call it (the path, ``<text 3>``, ``<stdin>``, a WARC
    record); ``url`` and ``id`` are carried into the result; ``fields`` are the keys its JSON
    object starts with (the input path, a WARC record's id and date…).
    """

    name: str
    path: str | None = None
    document: Any = None
    kind: str | None = None  # what the input is known to be, when options do not say
    url: str | None = None
    id: str | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)
    problem: Failure | None = None  # known bad before any work (an item of the wrong shape)
    charset: str | None = None  # the HTTP header's, for HTML bytes (a WARC record's)

    @classmethod
    def from_path(cls, path: str | os.PathLike[str], *, url: str | None = None, id: str | None = None,
                  name: str | None = None) -> Task:
        """A file to read (any encoding, gzip allowed)."""
        path = os.fspath(path)
        return cls(name or path, path=path, url=url, id=id, fields={"input": name or path})


@dataclass(frozen=True)
class Result:
    """What became of one input: its ``article``, or the ``error`` class name and ``message``."""

    index: int
    source: str
    article: Article | None = None
    error: str | None = None
    message: str | None = None
    url: str | None = None
    id: str | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of this input (a line of ``--jsonl``): its ``fields``, then the
        article's keys, or ``error`` and ``message``."""
        head = dict(self.fields)
        if self.id is not None:
            head.setdefault("id", self.id)
        if self.article is None:
            head.setdefault("input", self.source)
            return {**head, "error": self.error, "message": self.message}
        return {**head, **self.article.to_dict()}


def task_or_failure(item: Any, index: int = 0) -> Task:
    """:func:`task_of`, or a Task that carries why the item cannot be cleaned (so that a batch
    reports it in its place and goes on)."""
    try:
        return task_of(item, index)
    except InputError as exc:
        return Task(exc.source, problem=Failure.of(exc))


def task_of(item: Any, index: int = 0) -> Task:
    """The Task of one item given to ``clean_many``: a ``pathlib.Path`` (any ``os.PathLike``) is a
    file; a ``str`` or ``bytes`` a document; a pair ``(document, url)``; a dict with ``"html"`` or
    ``"text"`` and optionally ``"url"`` and ``"id"`` (its other keys are kept in front of the
    article's in ``Result.to_dict()``)."""
    if isinstance(item, os.PathLike):
        return Task.from_path(item)
    if isinstance(item, (str, bytes, bytearray)):
        return Task(f"<text {index}>", document=item)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], (str, bytes)):
        url = item[1]
        if url is not None and not isinstance(url, str):
            raise InputTypeError(f"<item {index}>", f"a pair is (document, url), and url is {type(url).__name__}")
        return Task(url or f"<text {index}>", document=item[0], url=url)
    if isinstance(item, Mapping):
        keys = [k for k in ("html", "text") if k in item]
        if len(keys) != 1:
            raise InputError(f"<item {index}>", "a dict needs exactly one of the keys \"html\" and \"text\"")
        url, ident = item.get("url"), item.get("id")
        kept = {k: v for k, v in item.items() if k not in ("html", "text")}
        name = str(ident) if ident is not None else url or f"<text {index}>"
        return Task(name, document=item[keys[0]], kind="html" if keys[0] == "html" else None, url=url,
                    id=None if ident is None else str(ident), fields=kept)
    raise InputTypeError(f"<item {index}>", f"{type(item).__name__} is not a document: pass a str or bytes, a "
                         "pathlib.Path (a file to read), a (document, url) pair, or a dict with \"html\" or \"text\"")


def clean_input(task: Task, options: Options, index: int = 0) -> Result:
    """Clean one input; a failure comes back as a :class:`Result` with ``error`` and
    ``message``, never as an exception (``KeyboardInterrupt`` and other non-``Exception``
    signals still propagate)."""
    from newsclean.pipeline import clean_document, clean_file

    if task.problem is not None:
        return Result(index, task.name, None, task.problem.error, task.problem.message, task.url, task.id, task.fields)
    if task.kind is not None and options.kind is None:
        options = replace(options, kind=task.kind)
    try:
        if task.path is not None:
            article = clean_file(task.path, url=task.url, options=options)
        else:
            article = clean_document(task.document, task.name, url=task.url, options=options, charset=task.charset)
    except Exception as exc:  # noqa: BLE001 - one bad input must not stop the others
        failure = Failure.of(exc)
        return Result(index, task.name, None, failure.error, failure.message, task.url, task.id, task.fields)
    return Result(index, task.name, article, None, None, task.url, task.id, task.fields)
