"""The input text as numbered lines, with markdown unwrapped and a lowercased copy for matching.

Markdown unwrapping (documented in docs/json.md): ``[text](url)`` and ``![alt](src)`` become
their text, ``<https://…>`` becomes the URL, ``\\$`` and other backslash escapes lose the
backslash, ``**bold**`` and ``__bold__`` lose the markers, ``# Heading`` loses the hashes,
``> quote`` loses the marker, and ``*``/``+`` bullets become ``-``. Runs of whitespace, including
non-breaking spaces, become one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Line", "Document", "split_lines", "sentence_bounds"]

_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\(([^()\s]{0,2000})(?:\s+\"[^\"\n]{0,200}\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]{1,2000})>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|~<>])")
_BOLD = re.compile(r"(\*\*|__)(?=\S)([^\n]{1,2000}?\S)\1")
_HEADING = re.compile(r"#{1,6}\s+")
_BULLET = re.compile(r"[*+\u2022]\s+(?=\S)")
_LIST_ITEM = re.compile(r"(?:-|\d{1,3}[.)])\s+\S")
_SPACES = re.compile(r"\s+")
# Characters folded for matching only; each maps to exactly one character so offsets stay valid.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-", "\u00a0": " "})
# A sentence ends at . ! ? or … (maybe closed by a quote or bracket) followed by a space.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+")
# Two sentences glued by a scraper ("…logged inPlease refresh…"): lower, Upper, lower.
_GLUE = re.compile(r"(?<=[a-z.!?])(?=[A-Z][a-z])")


@dataclass
class Line:
    """One input line. ``text`` is the display text; ``low`` is its folded, lowercased twin."""

    number: int
    raw: str
    text: str
    low: str
    heading: bool = False
    list_item: bool = False
    links: list[tuple[int, int]] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Document:
    """The lines of one input and a map from document offsets (in ``low``) to line indexes."""

    lines: list[Line]
    low: str
    starts: list[int]


def _unwrap(raw: str) -> tuple[str, bool, bool, list[tuple[int, int]]]:
    """Display text of a raw line: markdown unwrapped, whitespace collapsed."""
    s = raw.strip()
    heading = False
    if s.startswith("#"):
        m = _HEADING.match(s)
        if m:
            s, heading = s[m.end():], True
    elif s.startswith(">"):
        s = s.lstrip("> ")
    m = _BULLET.match(s)
    if m:
        s = "- " + s[m.end():]
    if "\\" in s:
        s = _ESCAPE.sub(r"\1", s)
    if "**" in s or "__" in s:
        s = _BOLD.sub(r"\2", s)
    links: list[tuple[int, int]] = []
    if "](" in s:
        s = _LINK.sub(lambda m: m.group(1), s)
    if "<" in s:
        s = _AUTOLINK.sub(r"\1", s)
    s = _SPACES.sub(" ", s).strip()
    if "](" in raw:
        # Record where link texts landed, for detectors that treat "Label: [headline](url)" specially.
        pos = 0
        for m in _LINK.finditer(_SPACES.sub(" ", raw)):
            text = _SPACES.sub(" ", m.group(1)).strip()
            if not text:
                continue
            at = s.find(text, pos)
            if at >= 0:
                links.append((at, at + len(text)))
                pos = at + len(text)
    return s, heading, bool(_LIST_ITEM.match(s)), links


def _fold(text: str) -> str:
    low = text.translate(_FOLD).lower()
    if len(low) != len(text):
        # A few characters lowercase to two (e.g. "İ"); keep offsets aligned by folding per char.
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_FOLD))
    return low


def split_lines(text: str) -> Document:
    """Split text into :class:`Line` objects (1-based numbers) and build the matching text."""
    lines: list[Line] = []
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        shown, heading, list_item, links = _unwrap(raw) if raw.strip() else ("", False, False, [])
        low = _fold(shown)
        lines.append(Line(number, raw, shown, low, heading, list_item, links))
        starts.append(offset)
        parts.append(low)
        offset += len(low) + 1
    return Document(lines, "\n".join(parts), starts)


def sentence_bounds(text: str) -> set[int]:
    """Offsets in ``text`` where a sentence may start or end (ends are before the space)."""
    bounds = {0, len(text)}
    for m in _SENTENCE_END.finditer(text):
        bounds.add(m.end())
        bounds.add(m.end() - len(m.group()) + len(m.group().rstrip()))
    for m in _GLUE.finditer(text):
        bounds.add(m.start())
    return bounds
