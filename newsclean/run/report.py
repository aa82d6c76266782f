"""What a batch run did: counts, removals by category, every failure; as text and as JSON."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Summary", "FAILURE_KEYS"]

FAILURE_KEYS = ("path", "error", "message")
# How many warned, dropped or not-a-page files the summary names before "… and N more".
SHOWN = 10


def _seconds(value: float) -> str:
    if value < 60:
        return f"{value:.1f} s"
    minutes, seconds = divmod(int(value + 0.5), 60)
    return f"{minutes // 60}h{minutes % 60:02d}m{seconds:02d}s" if minutes >= 60 else f"{minutes}m{seconds:02d}s"


@dataclass
class Summary:
    """Running totals of a batch.

    ``cleaned``: written, with at least one removal. ``unchanged``: written, nothing removed
    (``article.removed`` is empty). ``skipped``: not cleaned on purpose, by reason (``up to date``,
    ``symbolic link``, ``hidden``, ``not a page: PDF document``…); the files that are not pages
    are also listed in ``not_pages`` (they make the exit status 1). ``failed``: could not be
    cleaned or written; each is in ``failures`` with its path, error class and message.
    ``dropped``: cleaned, and left out by a filter (``--min-words``, ``--lang``), by reason, each
    listed in ``dropped_files``. ``warned``: the documents with warnings, and the warnings.
    """

    cleaned: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)  # removals by rule code
    warnings: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    not_pages: list[dict[str, str]] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    dropped_files: list[dict[str, str]] = field(default_factory=list)
    warned: list[dict[str, Any]] = field(default_factory=list)
    interrupted: bool = False
    output_closed: bool = False  # standard output was closed by its reader (``| head``)
    started: float = field(default_factory=time.monotonic)
    started_wall: float = field(default_factory=time.time)
    seconds: float | None = None  # set by stop()

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def processed(self) -> int:
        """Documents actually cleaned or attempted (skipped ones cost nothing)."""
        return self.cleaned + self.unchanged + self.failed + sum(self.dropped.values())

    @property
    def done(self) -> int:
        return self.processed + sum(self.skipped.values())

    def elapsed(self) -> float:
        return self.seconds if self.seconds is not None else time.monotonic() - self.started

    def docs_per_second(self) -> float:
        elapsed = self.elapsed()
        return self.processed / elapsed if elapsed > 0 else 0.0

    def fail(self, path: str, error: str, message: str) -> None:
        self.failures.append({"path": path, "error": error, "message": message})

    def skip(self, path: str, reason: str) -> None:
        """A file passed over; one that is not a page is also listed (and fails the run)."""
        self.skipped[reason] += 1
        if reason.startswith("not a page"):
            self.not_pages.append({"path": path, "reason": reason})

    def drop(self, path: str, reason: str, kind: str) -> None:
        """A document a filter left out: ``kind`` is what the summary counts it under."""
        self.dropped[kind] += 1
        self.dropped_files.append({"path": path, "reason": reason})

    def warn(self, path: str, warnings: list[str]) -> None:
        self.warnings += len(warnings)
        self.warned.append({"path": path, "warnings": list(warnings)})

    @property
    def bad(self) -> bool:
        """Whether the run fails (exit status 1): a document failed, or a file was not a page."""
        return bool(self.failures or self.not_pages)

    def stop(self) -> None:
        self.seconds = time.monotonic() - self.started

    def counts(self) -> str:
        """``9 cleaned, 1 unchanged, 2 skipped, 0 failed``."""
        dropped = sum(self.dropped.values())
        return (f"{self.cleaned} cleaned, {self.unchanged} unchanged, "
                f"{sum(self.skipped.values())} skipped, {self.failed} failed"
                + (f", {dropped} dropped" if dropped else ""))

    def lines(self) -> list[str]:
        """The end-of-run summary, a few lines for standard error."""
        head = "interrupted" if self.interrupted else "done"
        out = [f"newsclean: {head}: {self.done} file{'' if self.done == 1 else 's'} in {_seconds(self.elapsed())} "
               f"({self.docs_per_second():.1f} docs/s): {self.counts()}"]
        if self.skipped:
            out.append("  skipped: " + ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())))
        out += _listed("not pages", [f"{f['path']} ({f['reason'].split(': ', 1)[-1]})" for f in self.not_pages])
        if self.dropped:
            out.append("  dropped: " + ", ".join(f"{n} {why}" for why, n in sorted(self.dropped.items())))
        if self.removed:
            ranked = sorted(self.removed.items(), key=lambda kv: (-kv[1], kv[0]))
            out.append("  removed: " + ", ".join(f"{cat} {n}" for cat, n in ranked))
        out += _listed(f"warned ({self.warnings} warnings)",
                       [f"{w['path']}: {'; '.join(w['warnings'])}" for w in self.warned])
        return out

    def to_dict(self, **extra: Any) -> dict[str, Any]:
        """The report: the same numbers as :meth:`lines`, and every failure."""
        data: dict[str, Any] = {
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(self.started_wall)),
            "seconds": round(self.elapsed(), 3),
            "interrupted": self.interrupted,
            "files": self.done,
            "cleaned": self.cleaned,
            "unchanged": self.unchanged,
            "skipped": sum(self.skipped.values()),
            "skipped_by_reason": dict(sorted(self.skipped.items())),
            "failed": self.failed,
            "docs_per_second": round(self.docs_per_second(), 2),
            "removed_by_category": dict(sorted(self.removed.items())),
            "removed_by_code": dict(sorted(self.codes.items())),
            "warnings": self.warnings,
            "failures": self.failures,
            "not_pages": self.not_pages,
            "dropped": sum(self.dropped.values()),
            "dropped_by_reason": dict(sorted(self.dropped.items())),
            "dropped_files": self.dropped_files,
            "warned": self.warned,
        }
        data.update(extra)
        return data

    def to_json(self, **extra: Any) -> str:
        return json.dumps(self.to_dict(**extra), ensure_ascii=False, indent=2) + "\n"


def _listed(title: str, items: list[str]) -> list[str]:
    """``  title: N`` and the first :data:`SHOWN` items, one a line (the report has them all)."""
    if not items:
        return []
    more = len(items) - SHOWN
    return ([f"  {title}: {len(items)}"] + [f"    {item}" for item in items[:SHOWN]]
            + ([f"    … and {more} more (--report FILE lists them all)"] if more > 0 else []))
