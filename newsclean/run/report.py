"""What a batch run did: counts, removals by category, every failure; as text and as JSON."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Summary", "FAILURE_KEYS"]

FAILURE_KEYS = ("path", "error", "message")


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
    ``symbolic link``, ``symbolic link loop``). ``failed``: could not be cleaned or written; each
    is in ``failures`` with its path, error class and message.
    """

    cleaned: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)  # removals by rule code
    warnings: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    interrupted: bool = False
    started: float = field(default_factory=time.monotonic)
    started_wall: float = field(default_factory=time.time)
    seconds: float | None = None  # set by stop()

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def processed(self) -> int:
        """Documents actually cleaned or attempted (skipped ones cost nothing)."""
        return self.cleaned + self.unchanged + self.failed

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

    def stop(self) -> None:
        self.seconds = time.monotonic() - self.started

    def counts(self) -> str:
        """``9 cleaned, 1 unchanged, 2 skipped, 0 failed``."""
        return (f"{self.cleaned} cleaned, {self.unchanged} unchanged, "
                f"{sum(self.skipped.values())} skipped, {self.failed} failed")

    def lines(self) -> list[str]:
        """The end-of-run summary, a few lines for standard error."""
        head = "interrupted" if self.interrupted else "done"
        out = [f"newsclean: {head}: {self.done} files in {_seconds(self.elapsed())} "
               f"({self.docs_per_second():.1f} docs/s): {self.counts()}"]
        if self.skipped:
            out.append("  skipped: " + ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())))
        if self.removed:
            ranked = sorted(self.removed.items(), key=lambda kv: (-kv[1], kv[0]))
            out.append("  removed: " + ", ".join(f"{cat} {n}" for cat, n in ranked))
        if self.warnings:
            out.append(f"  warnings: {self.warnings} (each output's JSON lists its own)")
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
        }
        data.update(extra)
        return data

    def to_json(self, **extra: Any) -> str:
        return json.dumps(self.to_dict(**extra), ensure_ascii=False, indent=2) + "\n"
