"""Imported once by the pool's fork server (:mod:`newsclean.run.pool`) before it forks any worker:
newsclean, the HTML stack (trafilatura) and the word lists are loaded and warmed up there, so
that each worker, a fork of the server, starts with them in milliseconds instead of importing
them itself (~0.7 s of CPU a worker)."""

from __future__ import annotations

import gc
import os

# The fork server's pid: a worker forked from it checks that its parent is still this process.
SERVER_PID = os.getpid()

try:
    from newsclean.run.many import warm_up

    warm_up()
except Exception:  # noqa: BLE001 - a worker then warms up on its own, as a spawned one does
    pass

# What is loaded now lives as long as the workers: move it out of the cyclic collector's sight,
# so that a worker's collections neither walk it nor write to its pages (which would copy them
# from the server's, page by page), as the gc module's documentation advises for a pre-fork server.
gc.collect()
gc.freeze()
