"""Errors newsclean raises for bad input: each names the file and the cause."""

from __future__ import annotations

__all__ = ["NewscleanError", "InputError"]


class NewscleanError(Exception):
    """Base class of newsclean's own errors."""


class InputError(NewscleanError, ValueError):
    """An input that cannot be read as text: missing, unreadable, binary, or undecodable."""

    def __init__(self, source: str, cause: str) -> None:
        super().__init__(f"{source}: {cause}")
        self.source = source
        self.cause = cause
