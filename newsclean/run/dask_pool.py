"""Run a batch's items on a Dask cluster instead of local worker processes (``--scheduler`` /
``--dask``): :func:`ordered_map_on_dask` is :func:`newsclean.run.pool.ordered_map` on Dask, the
same outcomes in the same order (the optional ``dask`` extra)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any

from newsclean.run.pool import Outcome, call
from newsclean.run.task import Failure

__all__ = ["ordered_map_on_dask"]

# Documents in flight or waiting to be written, per worker thread. Output is in input order,
# so a slow page holds back the results after it; with 16 (two chunks) per worker the other
# worker ran dry behind it and Dask took 1.3-1.5x local -j2's time at 10,000 documents
# (bench/scale.py). Eight chunks per worker keep it busy; memory stays bounded.
_WINDOW_PER_WORKER = 64
# Documents per Dask task: one task per document cost a third more time than local -j2 here
# (bench/scale.py); chunks of 8 spread Dask's per-task cost.
_CHUNK = 8


def ordered_map_on_dask(func: Callable[[Any], Any], items: Iterable[Any], *, scheduler: str,
                        jobs: int = 1, warm_up: Callable[[], None] | None = None) -> Generator[Outcome[Any], None, None]:
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
        failure = Failure.of(exc)
    return [Outcome(index, item, None, failure) for index, item in chunk]
