"""The normalizer's view of the word files: plain lists of lines, parsed by :mod:`newsclean.detect.wordlists`
(``#`` starts a comment, ``[name]`` starts a section). Callers decide how to split a line.
"""

from __future__ import annotations

from functools import lru_cache

from newsclean.detect.wordlists import read_sections as _numbered

__all__ = ["read_sections", "read_lines", "LANGS"]

# Languages that ship date and byline vocabularies.
LANGS: tuple[str, ...] = ("en", "de", "fr", "es", "it", "pt", "pl", "nl")


def read_lines(path: str) -> list[str]:
    """Entries of ``data/<path>`` in file order, without comments or section headers ([] if missing)."""
    return [entry for items in _numbered(path).values() for _, entry in items]


@lru_cache(maxsize=None)
def read_sections(path: str) -> dict[str, list[str]]:
    """``{section: [line, ...]}`` for ``data/<path>``; lines before any section go under ``""``."""
    return {name: [entry for _, entry in items] for name, items in _numbered(path).items()}
