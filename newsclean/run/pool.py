"""An ordered, streaming process pool with a per-item time limit.

``ordered_map(func, items, jobs=2, timeout=30)`` runs ``func(item)`` in worker processes and
yields one :class:`Outcome` per item, in input order. It pulls items from the iterator only when a
worker is free and the reorder buffer has room, so memory does not grow with the number of items.
A worker that runs past ``timeout`` on one item is killed and replaced; a worker that dies (a
crash, the OOM killer) costs only the item it was on. Either way the item comes back as a
failure and the rest go on.

Why not ``concurrent.futures``: its pool cannot stop one stuck task (only the whole pool), and
``map`` submits every item up front. Each worker here gets one item at a time over its own pipe,
so the parent always knows which item a worker is on and since when.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sys
import time
from contextlib import suppress
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from multiprocessing.context import ForkServerContext, SpawnContext

from newsclean.run.task import Failure

__all__ = ["Outcome", "Failure", "ordered_map", "default_jobs", "held_signals", "prestart"]

T = TypeVar("T")
R = TypeVar("R")


# Workers never inherit the parent's state (locks held by a thread, open files): on Linux they
# are forked from a fork server, a fresh interpreter started once that has imported newsclean
# and trafilatura and warmed them up (newsclean.run.preload), so a worker starts in milliseconds
# instead of spending ~0.7 s of CPU on imports (which made small batches slower than
# trafilatura's own CLI). Elsewhere they are spawned (a fresh interpreter each, the same on every
# OS). kill -9 of the parent still ends them all: the server exits when the parent's end of its
# "alive" pipe closes (each worker closes the copy multiprocessing gives it, see
# _forget_server_pipe), and a worker dies with the server (parent-death signal, as a spawned
# worker dies with the parent).
_FORK_SERVER = sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods()
_CONTEXT: ForkServerContext | SpawnContext = multiprocessing.get_context(  # type: ignore[assignment]
    "forkserver" if _FORK_SERVER else "spawn")
if _FORK_SERVER:
    _CONTEXT.set_forkserver_preload(["newsclean.run.preload"])
# Results a fast worker may run ahead of a slow one, per job, before dispatch waits.
_WINDOW_PER_JOB = 16
# The signals that stop a batch (Ctrl-C, kill), held while a worker is started and stopped.
_HELD = {signal.SIGINT, signal.SIGTERM}
_CAN_HOLD = hasattr(signal, "pthread_sigmask")  # not on Windows


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """The result of one item: ``value`` when it worked, else ``failure``."""

    index: int
    item: Any
    value: T | None = None
    failure: Failure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def call(func: Callable[[Any], Any], item: Any) -> tuple[bool, Any]:
    """``(True, func(item))``, or ``(False, Failure)`` for any exception; never raises."""
    try:
        return True, func(item)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        return False, Failure.of(exc)


def _die_with_parent(parent: int) -> None:
    """On Linux, ask for SIGKILL when the parent dies: a worker stuck in C code never reads the
    closed pipe, and would otherwise outlive a ``kill -9`` of the parent. (Strictly, when the
    parent's thread that started it ends: a pool lives inside one generator, used by one thread.)
    ``parent`` is the pid the parent gave: ``os.getppid()`` read here would already be the reaper's
    if the parent died while this process was starting."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the closed pipe is all there is
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _forget_server_pipe() -> None:
    """Close this worker's copy of the write end of the fork server's "alive" pipe. The server
    exits when every copy is closed; multiprocessing hands one to each worker (so that a worker
    can start processes of its own), and a worker stuck in C code would then keep the server,
    and so itself, alive after a ``kill -9`` of the parent."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    fd = getattr(server, "_forkserver_alive_fd", None)
    if isinstance(fd, int):
        with suppress(OSError):
            os.close(fd)
        server._forkserver_alive_fd = None  # type: ignore[union-attr]


def _parent_of_worker(parent: int) -> int:
    """The process whose death must end this worker: the fork server (its parent) when it was
    forked from one that preloaded newsclean, else the pool's process."""
    if _FORK_SERVER:
        from newsclean.run import preload

        if preload.SERVER_PID != os.getpid():  # inherited from the server, not imported here
            return preload.SERVER_PID
        return os.getppid()  # a server started without our preload (someone else's)
    return parent


def _worker(conn: Connection, func: Callable[[Any], Any], warm_up: Callable[[], None] | None,
            parent: int, mask: set[signal.Signals] | None) -> None:
    if _FORK_SERVER:
        _forget_server_pipe()
    _die_with_parent(_parent_of_worker(parent))
    # Ctrl-C goes to the whole process group; the parent decides what happens, not each worker.
    # This process was born with SIGINT held (see held_signals): ignoring it drops one that came
    # during start-up, then the parent's own signal mask is put back.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    if warm_up is not None:
        # Lazy imports and word-list compilation happen here, not on the first item's clock.
        call(lambda _: warm_up(), None)
    conn.send("ready")
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):  # the parent is gone (killed, or closed the pipe)
            return
        except Exception as exc:  # noqa: BLE001 - read whole, but not rebuilt: e.g. a class of the script
            conn.send((False, Failure(type(exc).__name__, f"the item could not be passed to a worker ({exc}): "
                                      "give plain values (str, bytes, numbers, lists, dicts) or objects of "
                                      "an importable module")))
            continue
        result = call(func, item)
        try:
            conn.send(result)
        except (BrokenPipeError, EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
            conn.send((False, Failure(type(exc).__name__, f"cannot send the result: {Failure.of(exc).message}")))


@contextmanager
def held_signals() -> Iterator[None]:
    """Hold SIGINT and SIGTERM in this thread for the block; one that came meanwhile is delivered
    (and KeyboardInterrupt raised) at its end.

    Around ``Process.start()`` it does two things. The worker inherits the held mask through fork
    and exec, so a Ctrl-C to the process group during its start-up (a second or more of imports,
    before it can ignore SIGINT) waits instead of killing it with a KeyboardInterrupt traceback on
    the shared stderr. And the parent's own KeyboardInterrupt comes after ``start()`` has
    returned, not half-way through it, leaving a child whose pid it never learnt. (The kernel may
    hand the signal to another thread that does not hold it: threads of ours hold it for life.)
    """
    if not _CAN_HOLD:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _Worker:
    """One process and the parent's end of its pipe; ``busy`` is the index it is on, if any.

    Record the worker (in the pool's list) before ``start()``: an interrupt raised as ``start()``
    returns must still find it there, for ``stop()``.
    """

    def __init__(self, func: Callable[[Any], Any], warm_up: Callable[[], None] | None) -> None:
        self.conn, self._child = _CONTEXT.Pipe()
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, ()) if _CAN_HOLD else None  # the current one
        self.func, self.warm_up = func, warm_up
        self.process = _CONTEXT.Process(target=_worker, daemon=True,
                                        args=(self._child, func, warm_up, os.getpid(), mask))
        self.ready = False
        self.busy: int | None = None
        self.item: Any = None
        self.since = 0.0

    def send(self, index: int, item: Any) -> None:
        self.busy, self.item, self.since = index, item, time.monotonic()
        self.conn.send(item)

    def start(self) -> None:
        if _CAN_HOLD:
            # Each start asks for multiprocessing's resource tracker, and the tracker's own first
            # start ends by unblocking SIGINT and SIGTERM: it would undo the hold, so start it first.
            resource_tracker.ensure_running()
        try:
            with held_signals(), _main_not_rerun(self.func, self.warm_up):
                self.process.start()
        finally:
            self._child.close()  # the worker's end: held here too, a dead worker would give no EOF

    def stop(self) -> None:
        if self.process.pid is not None:  # started
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
        self.conn.close()
        self._child.close()


@contextmanager
def _main_not_rerun(*functions: Callable[..., Any] | None) -> Iterator[None]:
    """Keep multiprocessing from running the main script again in the worker being started.

    It does so (on every platform where workers are not plain forks) so that a function
    defined in the script can be found there. newsclean's workers run newsclean's functions,
    and running the script again does harm: a script without ``if __name__ == "__main__":``
    would start its batch again in every worker (which multiprocessing refuses, so every worker
    dies), and one read from standard input ("<stdin>") cannot be run at all. So while the
    worker starts, the main module shows no file and no module name to multiprocessing, unless
    one of ``functions`` comes from the script itself."""
    main = sys.modules.get("__main__")
    if main is None or any(getattr(f, "__module__", None) == "__main__" for f in functions if f is not None):
        yield
        return
    saved: dict[str, Any] = {name: main.__dict__[name] for name in ("__file__", "__spec__") if name in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def _exit_failure(process: Any) -> Failure:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return Failure("WorkerDied", f"worker process killed by {name}")
    return Failure("WorkerDied", f"worker process exited with status {code}")


def ordered_map(func: Callable[[Any], R], items: Iterable[Any], *, jobs: int = 1,
                timeout: float | None = None, warm_up: Callable[[], None] | None = None
                ) -> Generator[Outcome[R], None, None]:
    """Yield ``Outcome(index, item, func(item))`` for each item, in order, from ``jobs`` processes.

    ``func`` and ``warm_up`` must be importable module-level functions (they are pickled by
    name for the spawned workers), and items and results must be picklable. ``timeout`` is in
    seconds per item (``None``: no limit). Closing the generator stops the workers at once.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    source: Iterator[tuple[int, Any]] = enumerate(items)
    try:  # no item, no workers to start
        first = next(source)
    except StopIteration:
        return
    source = itertools.chain([first], source)
    window = max(jobs * _WINDOW_PER_JOB, 2)
    workers: list[_Worker] = []
    done: dict[int, Outcome[R]] = {}
    next_out = 0
    next_in = 0
    exhausted = False
    try:
        for _ in range(jobs):
            workers.append(_Worker(func, warm_up))
            workers[-1].start()
        while True:
            # Dispatch while a ready worker is idle and the reorder buffer has room.
            for worker in workers:
                if exhausted or next_in - next_out >= window:
                    break
                if worker.ready and worker.busy is None:
                    try:
                        index, item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    next_in = index + 1
                    worker.send(index, item)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_in:
                return
            _collect(workers, done, func, warm_up, timeout)
    finally:
        with held_signals():  # a second Ctrl-C must not leave a worker unstopped
            for worker in workers:
                worker.stop()


def _collect(workers: list[_Worker], done: dict[int, Outcome[Any]], func: Callable[[Any], Any],
             warm_up: Callable[[], None] | None, timeout: float | None) -> None:
    """Wait for a message, a death or a deadline; file the results; replace lost workers."""
    now = time.monotonic()
    wait_for = 1.0
    if timeout is not None:
        deadlines = [w.since + timeout - now for w in workers if w.busy is not None]
        if deadlines:
            wait_for = max(0.0, min(min(deadlines), wait_for))
    watched: list[Any] = [w.conn for w in workers] + [w.process.sentinel for w in workers]
    ready = set(wait(watched, timeout=wait_for))
    now = time.monotonic()
    for slot, worker in enumerate(workers):
        failure: Failure | None = None
        if worker.conn in ready:
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):  # it died; let the sentinel tell how
                message = None
                worker.process.join(1.0)
            if message == "ready":
                worker.ready = True
                continue
            if message is not None and worker.busy is not None:
                ok, value = message
                done[worker.busy] = Outcome(worker.busy, worker.item, value if ok else None,
                                            None if ok else value)
                worker.busy, worker.item = None, None
                continue
        if not worker.process.is_alive():
            failure = _exit_failure(worker.process)
        elif timeout is not None and worker.busy is not None and now - worker.since > timeout:
            failure = Failure("Timeout", f"took longer than {timeout:g} s (worker stopped)")
        else:
            continue
        if worker.busy is not None:
            done[worker.busy] = Outcome(worker.busy, worker.item, None, failure)
        elif not worker.ready:
            # A worker that dies before it is ready would die again: stop rather than spin.
            raise RuntimeError(f"newsclean worker could not start ({failure.message})")
        worker.stop()
        workers[slot] = _Worker(func, warm_up)
        workers[slot].start()


def prestart() -> None:
    """Start the fork server now (it loads newsclean and trafilatura in the background), so that
    the first workers need not wait for it; a no-op where workers are spawned."""
    if not _FORK_SERVER:
        return
    from multiprocessing import forkserver

    if _CAN_HOLD:
        resource_tracker.ensure_running()  # see _Worker.start: before the hold, not inside it
    with held_signals():  # the server, and every worker forked from it, start with them held
        forkserver.ensure_running()


def default_jobs() -> int:
    """The number of CPUs this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
