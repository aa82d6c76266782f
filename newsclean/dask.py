"""Run newsclean on a Dask cluster (the optional ``dask`` extra: ``pip install 'newsclean[dask]'``).

* :func:`clean_paths` turns files (local paths, or any fsspec URL such as ``s3://bucket/*.warc.gz``)
  into a ``dask.bag`` of dicts, one per document: the same JSON objects as the lines of
  ``newsclean ... --jsonl``; a WARC file gives one per HTML page.
* :func:`clean_bag` does the same for a bag of documents already in memory (text, bytes, or dicts
  with a ``"text"`` or ``"html"`` key).
* A document that cannot be cleaned is a dict ``{"input": ..., "error": ..., "message": ...}``, and
  a WARC response that is not cleaned is ``{"input": ..., "warc_record_id": ..., "skipped": why}``:
  ``bag.filter(is_article)`` keeps the articles.
* ``newsclean ... --scheduler ADDRESS`` (or ``--dask``) runs a batch's items on Dask instead of local
  worker processes (:func:`newsclean.run.dask_pool.ordered_map_on_dask`): same outputs, same summary.

Workers import newsclean (it must be installed on them); each task ships only its input (a path,
a WARC page's bytes, or a document) and the options. See docs/scale.md.
"""

from __future__ import annotations

import os
from dataclasses import replace
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from newsclean.options import Options
from newsclean.run.task import Failure, Task, clean_input, task_or_failure
from newsclean.run.warc import WarcPage, WarcSkip, is_warc_name, page_task, read_warc

__all__ = ["clean_paths", "clean_bag", "is_article"]


def is_article(record: dict[str, Any]) -> bool:
    """True for a cleaned document; False for a failure (``"error"``) or a skipped WARC record."""
    return "error" not in record and "skipped" not in record


def _opener(storage_options: dict[str, Any] | None) -> Callable[[str], Any]:
    def open_file(path: str) -> Any:
        import fsspec

        return fsspec.open(path, "rb", **(storage_options or {})).open()

    return open_file


def _clean_path(path: str, options: Options, storage_options: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Worker side: the dicts of one file (one per page for a WARC file)."""
    local = "://" not in path
    opener = _opener(storage_options)
    if is_warc_name(path):
        return list(_clean_warc(path, options, None if local else opener))
    if local:
        task = Task.from_path(path)
    else:
        try:
            with opener(path) as handle:
                data = handle.read()
        except Exception as exc:  # noqa: BLE001 - an unreadable remote file is a failure record
            failure = Failure.of(exc)
            return [{"input": path, "error": failure.error, "message": failure.message}]
        task = Task(path, document=data, fields={"input": path})
    return [clean_input(task, options).to_dict()]


def _clean_warc(path: str, options: Options, opener: Callable[[str], Any] | None) -> Iterator[dict[str, Any]]:
    try:
        for item in read_warc(path) if opener is None else read_warc(path, opener):
            if isinstance(item, WarcSkip):
                yield {"input": path, "warc_record_id": item.record_id, "skipped": item.reason}
            elif isinstance(item, WarcPage):
                result = clean_input(page_task(item), options)
                if result.ok:
                    yield result.to_dict()
                else:
                    yield {"input": path, "error": result.error, "message": result.message,
                           "warc_record_id": item.record_id}
            else:
                yield {"input": path, "error": "InputError", "message": item.message}
    except (OSError, ValueError) as exc:
        yield {"input": path, "error": "InputError", "message": f"cannot read the WARC file ({exc})"}


def _expand(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
            storage_options: dict[str, Any] | None) -> list[str]:
    """A list of paths as given; a single string with ``*`` is a glob, expanded by fsspec."""
    if isinstance(paths, (str, os.PathLike)):
        name = os.fspath(paths)
        if not any(c in name for c in "*?["):
            return [name]
        import fsspec

        files = fsspec.open_files(name, "rb", **(storage_options or {}))
        return sorted(f.path if "://" not in name else f.fs.unstrip_protocol(f.path) for f in files)
    return [os.fspath(p) for p in paths]


def clean_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
                kind: str | None = None, lang: str | None = None, disable: Iterable[str] = (),
                npartitions: int | None = None, storage_options: dict[str, Any] | None = None,
                options: Options | None = None) -> Any:
    """A ``dask.bag.Bag`` of one dict per document of ``paths`` (see the module doc).

    ``paths`` is a list of paths or fsspec URLs, or one string (a glob such as
    ``"s3://bucket/crawl/*.warc.gz"`` is expanded). Each dict is the JSON object that
    ``newsclean ... --jsonl`` writes for that document, key for key.

    >>> import dask
    >>> bag = clean_paths(["seeds/000_42bce7fad13fe5d3.txt"])
    >>> [d["title"] for d in bag.compute(scheduler="sync")]
    ['Armenian exodus from Karabakh begins']
    """
    import dask.bag as db

    options = Options.of(options, kind=kind, lang=lang, disable=disable)
    names = _expand(paths, storage_options)
    if not names:
        return db.from_sequence([], npartitions=1)
    npartitions = npartitions or min(len(names), 256)
    bag = db.from_sequence(names, npartitions=npartitions)
    return bag.map(_clean_path, options, storage_options).flatten()


def _clean_document(document: Any, options: Options) -> dict[str, Any]:
    task = task_or_failure(document)
    if task.name.startswith(("<text", "<item")):
        task = replace(task, name="<document>")
    return clean_input(task, options).to_dict()


def clean_bag(bag: Any, *, kind: str | None = None, lang: str | None = None,
              disable: Iterable[str] = (), options: Options | None = None) -> Any:
    """Clean a ``dask.bag`` of documents: each a ``str`` (text, markdown or HTML), ``bytes`` (a
    file's bytes, any encoding), or a dict with ``"text"`` or ``"html"`` (str or bytes) and
    optionally ``"url"`` and ``"id"``; a dict's other keys are kept in front of the article's."""
    return bag.map(_clean_document, Options.of(options, kind=kind, lang=lang, disable=disable))
