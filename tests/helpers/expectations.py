"""Comparing an Article with hand-written fixture expectations (fixtures/*/expectations.json).

Comparisons collapse runs of whitespace, and accept the text either as written or with markdown
link/emphasis syntax unwrapped (the library may keep or unwrap markdown). ``published`` given as a
date (``YYYY-MM-DD``) is compared with the date part of the result.
"""

from __future__ import annotations

import re

__all__ = ["contains", "published_matches", "report"]

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _forms(text: str) -> tuple[str, str]:
    """Whitespace-normalised text, as written and with markdown syntax unwrapped."""
    plain = _MD_EMPH.sub("", _MD_LINK.sub(r"\1", text))
    return _norm(text), _norm(plain)


def contains(haystack: str, needle: str) -> bool:
    """``needle`` is in ``haystack``, whitespace collapsed, markdown kept or unwrapped."""
    needle = _norm(needle)
    return any(needle in form for form in _forms(haystack))


def report(article) -> str:
    """The body and the removals, for an assertion message."""
    removed = "\n".join(
        f"  line {r.line} [{r.category}] {r.detector}: {r.text!r}" for r in article.removed
    )
    return f"\nbody:\n{article.body}\nremoved:\n{removed or '  (none)'}"


def published_matches(article, expected: str | None) -> bool:
    """The article's date as the source gave it (``published_iso``) is ``expected`` (ISO; a bare
    date compares the date part)."""
    iso = article.published_iso
    if expected is None:
        return iso is None
    if iso is None:
        return False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", expected):
        return iso[:10] == expected
    return iso == expected
