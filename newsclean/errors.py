"""Errors newsclean raises: every one is a :class:`NewscleanError` and names its cause."""

from __future__ import annotations

__all__ = ["NewscleanError", "InputError", "MissingInputError", "InputTypeError", "OptionError", "RulesError"]


class NewscleanError(Exception):
    """Base class of newsclean's own errors."""


class OptionError(NewscleanError, ValueError):
    """An option newsclean does not know: an unknown detector name, kind, format or setting."""


class RulesError(OptionError):
    """A user rules file (``--rules``) that cannot be used; the message names the file and line."""


class InputError(NewscleanError, ValueError):
    """An input that cannot be read as text: missing, unreadable, binary, or undecodable."""

    def __init__(self, source: str, cause: str) -> None:
        super().__init__(f"{source}: {cause}")
        self.source = source
        self.cause = cause


class MissingInputError(InputError, FileNotFoundError):
    """A file that does not exist: an :class:`InputError` that is also a ``FileNotFoundError``."""

    def __init__(self, source: str, cause: str = "no such file") -> None:
        InputError.__init__(self, source, cause)
        self.filename = source

    def __str__(self) -> str:
        return f"{self.source}: {self.cause}"


class InputTypeError(InputError, TypeError):
    """A document of a type newsclean does not read (an ``InputError`` and a ``TypeError``)."""
