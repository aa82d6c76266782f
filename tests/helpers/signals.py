"""Starting a command that a test sends Ctrl-C (SIGINT) to."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["ctrl_c_reaches_children"]


@contextmanager
def ctrl_c_reaches_children() -> Iterator[None]:
    """Start commands in the block with SIGINT as a terminal leaves it. Tests run in the
    background (`pytest &` in a script) inherit SIGINT ignored and pass that on through exec: a
    command started so ignores Ctrl-C, as it should, and a test that sends one waits in vain."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a handler: exec resets it to default
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
