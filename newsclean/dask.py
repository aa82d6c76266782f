"""Run newsclean on a Dask cluster (the optional ``dask`` extra: ``pip install 'newsclean[dask]'``).

* :func:`clean_paths` turns files (local paths, or any fsspec URL such as ``s3://bucket/*.warc.gz``)
  into a ``dask.bag`` of dicts, one per document: the same JSON objects as the lines of
  ``newsclean ... --jsonl``; a WARC file gives one per HTML page.
* :func:`clean_bag` does the same for a bag of documents already in memory (text, bytes, or dicts
  with a ``"text"`` key).
* A document that cannot be cleaned is a dict ``{"input": ..., "error": ..., "message": ...}``, and
  a WARC response that is not cleaned is ``{"input": ..., "warc_record_id": ..., "skipped": why}``:
  ``bag.filter(is_article)`` keeps the articles.
* :func:`ordered_map_on_dask` is what ``newsclean ... --scheduler ADDRESS`` (or ``--dask``) uses
  instead of local worker processes: same tasks, same outputs, same summary.

Workers import newsclean (it must be installed on them); each task ships only its input (a path,
a WARC page's bytes, or a document) and the options. See docs/scale.md.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from newsclean.errors import InputError
from newsclean.run.many import _Settings
from newsclean.run.pool import Failure, Outcome, call
from newsclean.pipeline import clean_bytes
from newsclean.run.warc import WarcPage, WarcSkip, clean_page, is_warc_name, page_fields, read_warc

__all__ = ["clean_paths", "clean_bag", "is_article", "ordered_map_on_dask"]

# Documents in flight or waiting to be written, per worker thread. Output is in input order,
# so a slow page holds back the results after it; with 16 (two chunks) per worker the other
# worker ran dry behind it and Dask took 1.3-1.5x local -j2's time at 10,000 documents
# (bench/scale.py). Eight chunks per worker keep it busy; memory stays bounded.
_WINDOW_PER_WORKER = 64
# Documents per Dask task: one task per document cost a third more time than local -j2 here
# (bench/scale.py); chunks of 8 spread Dask's per-task cost.
_CHUNK = 8


def is_article(record: dict[str, Any]) -> bool:
    """True for a cleaned document; False for a failure (``"error"``) or a skipped WARC record."""
    return "error" not in record and "skipped" not in record


def _failure(name: str, exc: Exception) -> dict[str, Any]:
    if isinstance(exc, InputError):
        return {"input": name, "error": "InputError", "message": exc.cause}
    message = " ".join(str(exc).split()) or type(exc).__name__
    return {"input": name, "error": type(exc).__name__, "message": message}


def _settings(kind: str | None, lang: str | None, disable: Iterable[str]) -> _Settings:
    from newsclean.detect.registry import check_names

    disable = tuple(disable)
    check_names(disable)  # a misspelt name is one error now, not one per document
    return _Settings(kind, None, lang, disable)


def _opener(storage_options: dict[str, Any] | None) -> Callable[[str], Any]:
    def open_file(path: str) -> Any:
        import fsspec

        return fsspec.open(path, "rb", **(storage_options or {})).open()

    return open_file


def _clean_path(path: str, s: _Settings, storage_options: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Worker side: the dicts of one file (one per page for a WARC file)."""
    from newsclean import clean_file

    local = "://" not in path
    opener = _opener(storage_options)
    if is_warc_name(path):
        return list(_clean_warc(path, s, None if local else opener))
    try:
        if local:
            article = clean_file(path, kind=s.kind, lang=s.lang, disable=s.disable)
        else:
            with opener(path) as handle:
                data = handle.read()
            article = clean_bytes(data, path, kind=s.kind, lang=s.lang, disable=s.disable)
    except Exception as exc:  # noqa: BLE001 - reported per document
        return [_failure(path, exc)]
    return [{"input": path, **article.to_dict()}]


def _clean_warc(path: str, s: _Settings, opener: Callable[[str], Any] | None) -> Iterator[dict[str, Any]]:
    try:
        for item in read_warc(path) if opener is None else read_warc(path, opener):
            if isinstance(item, WarcSkip):
                yield {"input": path, "warc_record_id": item.record_id, "skipped": item.reason}
            elif isinstance(item, WarcPage):
                try:
                    article = clean_page(item, kind=s.kind, lang=s.lang, disable=s.disable)
                except Exception as exc:  # noqa: BLE001
                    yield {**_failure(path, exc), "warc_record_id": item.record_id}
                    continue
                yield {**page_fields(item), **article.to_dict()}
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
                npartitions: int | None = None, storage_options: dict[str, Any] | None = None) -> Any:
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

    settings = _settings(kind, lang, disable)
    names = _expand(paths, storage_options)
    if not names:
        return db.from_sequence([], npartitions=1)
    npartitions = npartitions or min(len(names), 256)
    bag = db.from_sequence(names, npartitions=npartitions)
    return bag.map(_clean_path, settings, storage_options).flatten()


def _clean_document(document: Any, s: _Settings) -> dict[str, Any]:
    from newsclean import clean

    if isinstance(document, dict):
        fields = {k: v for k, v in document.items() if k != "text"}
        text, url = document.get("text"), document.get("url")
    else:
        fields, text, url = {}, document, None
    name = str(fields.get("input", "<document>"))
    try:
        if isinstance(text, (bytes, bytearray)):
            article = clean_bytes(bytes(text), name, kind=s.kind, url=url, lang=s.lang, disable=s.disable)
        elif isinstance(text, str):
            article = clean(text, kind=s.kind, url=url, lang=s.lang, disable=s.disable)
        else:
            raise TypeError(f"a document is str, bytes, or a dict with a \"text\" key, not {type(text).__name__}")
    except Exception as exc:  # noqa: BLE001 - reported per document
        return {**fields, **_failure(name, exc)}
    return {**fields, **article.to_dict()}


def clean_bag(bag: Any, *, kind: str | None = None, lang: str | None = None,
              disable: Iterable[str] = ()) -> Any:
    """Clean a ``dask.bag`` of documents: each a ``str`` (text, markdown or HTML), ``bytes`` (a
    file's bytes, any encoding), or a dict with ``"text"`` (str or bytes) and optionally
    ``"url"``; a dict's other keys (an id, say) are kept in front of the article's."""
    return bag.map(_clean_document, _settings(kind, lang, disable))


def ordered_map_on_dask(func: Callable[[Any], Any], items: Iterable[Any], *, scheduler: str,
                        jobs: int = 1, warm_up: Callable[[], None] | None = None) -> Iterator[Outcome[Any]]:
    """Like :func:`newsclean.run.pool.ordered_map`, on Dask: ``Outcome`` per item, in input order.

    ``scheduler`` is a scheduler address, or ``"local"`` for a ``LocalCluster`` of ``jobs``
    single-thread worker processes. Each Dask task cleans a chunk of 8 items. At most 64 items
    per worker thread are in flight or waiting, so memory does not grow with the input. A task whose worker dies (Dask retries it
    first) fails with ``WorkerDied``. There is no per-document time limit on Dask.
    """
    source = enumerate(items)
    first = next(source, None)
    if first is None:  # no item, no cluster to start
        return
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ImportError("--dask and --scheduler need Dask: pip install 'newsclean[dask]'") from None

    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
    try:
        client = Client(cluster if cluster is not None else scheduler, timeout=30)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise RuntimeError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        if warm_up is not None:
            client.run(warm_up)
        threads = sum(w["nthreads"] for w in client.scheduler_info()["workers"].values())
        yield from _run(client, func, itertools.chain([first], source),
                        max(threads, 1) * _WINDOW_PER_WORKER, as_completed)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _call_chunk(func: Callable[[Any], Any], items: list[Any]) -> list[tuple[bool, Any]]:
    """Worker side: ``call(func, item)`` for each item of a chunk (errors come back, never raised)."""
    return [call(func, item) for item in items]


def _run(client: Any, func: Callable[[Any], Any], source: Iterator[tuple[int, Any]], window: int,
         as_completed: Any) -> Iterator[Outcome[Any]]:
    pending: dict[Any, list[tuple[int, Any]]] = {}
    done: dict[int, Outcome[Any]] = {}
    queue = as_completed()
    in_flight = next_out = 0
    exhausted = False

    def fill() -> None:
        nonlocal exhausted, in_flight
        while not exhausted and in_flight + len(done) < window:
            chunk = list(itertools.islice(source, _CHUNK))
            exhausted = len(chunk) < _CHUNK
            if not chunk:
                return
            future = client.submit(_call_chunk, func, [item for _, item in chunk], pure=False)
            pending[future] = chunk
            in_flight += len(chunk)
            queue.add(future)

    fill()
    while pending or done:
        while next_out in done:
            yield done.pop(next_out)
            next_out += 1
        fill()
        if not pending:
            continue
        future = next(queue)
        chunk = pending.pop(future)
        in_flight -= len(chunk)
        done.update((outcome.index, outcome) for outcome in _outcomes(chunk, future))
        future.release()


def _outcomes(chunk: list[tuple[int, Any]], future: Any) -> list[Outcome[Any]]:
    if future.status == "finished":
        return [Outcome(index, item, value) if ok else Outcome(index, item, None, value)
                for (index, item), (ok, value) in zip(chunk, future.result())]
    try:
        exc = future.exception()
    except Exception as error:  # noqa: BLE001 - cancelled, or the cluster went away
        exc = error
    if type(exc).__name__ == "KilledWorker":
        failure = Failure("WorkerDied", "the Dask worker died (Dask gave up after its retries)")
    else:
        failure = Failure(type(exc).__name__, " ".join(str(exc).split()) or type(exc).__name__)
    return [Outcome(index, item, None, failure) for index, item in chunk]
