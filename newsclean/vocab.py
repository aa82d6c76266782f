"""Loading of newsclean's sectioned word files (``newsclean/data/**``).

A word file is plain UTF-8: ``#`` starts a comment, ``[name]`` starts a section, and every other
non-blank line belongs to the current section. Callers decide how to split a line.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["read_sections", "read_lines", "LANGS"]

# Languages that ship date and byline vocabularies.
LANGS: tuple[str, ...] = ("en", "de", "fr", "es", "it", "pt", "pl", "nl")


def _text(path: str) -> str | None:
    node = resources.files("newsclean").joinpath("data", *path.split("/"))
    try:
        return node.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def read_lines(path: str) -> list[str]:
    """Non-blank, non-comment lines of ``data/<path>``, stripped ([] if the file is missing)."""
    text = _text(path)
    if text is None:
        return []
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=None)
def read_sections(path: str) -> dict[str, list[str]]:
    """``{section: [line, ...]}`` for ``data/<path>``; lines before any section go under ``""``."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in read_lines(path):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections
