"""Where a batch is: a bar on a terminal, a plain line now and then otherwise, or nothing."""

from __future__ import annotations

import time
from typing import TextIO

from newsclean.run.report import Summary

__all__ = ["Progress"]

_BAR_WIDTH = 24


def _eta(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"


class Progress:
    """Shows a :class:`Summary` as it grows.

    ``mode`` is ``"bar"`` (redrawn in place, at most 10 times a second), ``"lines"`` (one plain
    line every ``interval`` seconds, for logs) or ``"off"``. ``total`` is filled in when known
    (a separate count of the inputs); until then the bar shows no percentage or ETA.
    """

    def __init__(self, stream: TextIO, mode: str, interval: float = 10.0) -> None:
        self.stream = stream
        self.mode = mode
        self.interval = interval if mode == "lines" else 0.1
        self.total: int | None = None
        self._last = time.monotonic()
        self._drawn = False

    def update(self, summary: Summary, force: bool = False) -> None:
        if self.mode == "off":
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        if self.mode == "bar":
            self.stream.write("\r\033[K" + self._bar(summary))
            self._drawn = True
        else:
            self.stream.write(f"newsclean: {summary.done} files done ({summary.counts()}), "
                              f"{summary.docs_per_second():.1f} docs/s\n")
        self.stream.flush()

    def _bar(self, summary: Summary) -> str:
        done, rate = summary.done, summary.docs_per_second()
        if not self.total:
            return f"{done} files  {rate:.1f} docs/s  {summary.failed} failed"
        share = min(done / self.total, 1.0)
        filled = int(share * _BAR_WIDTH)
        elapsed = summary.elapsed()
        eta = _eta(elapsed / done * (self.total - done)) if done else "?"
        return (f"[{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {done}/{self.total} files  "
                f"{rate:.1f} docs/s  ETA {eta}  {summary.failed} failed")

    def message(self, line: str) -> None:
        """Print a line (an error) without mixing it into the bar."""
        if self._drawn:
            self.stream.write("\r\033[K")
            self._drawn = False
        self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Take the bar off the screen (the summary follows)."""
        if self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn = False
