"""The input text as numbered lines, with markdown unwrapped and a lowercased copy for matching.

Markdown unwrapping (documented in docs/json.md): ``[text](url)`` and ``![alt](src)`` become
their text, ``<https://…>`` becomes the URL, ``\\$`` and other backslash escapes lose the
backslash, ``**bold**``, ``__bold__``, ``*italic*`` and ``_italic_`` lose the markers, ``# Heading`` loses the hashes,
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
# *italic* and _italic_: no space inside the markers and none of them glued to a word,
# so "5 * 3 * 2" and snake_case names stay as they are.
_ITALIC = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])([^*_\n]{0,2000}?[^\s*_])\1(?![\w*])")
_HEADING = re.compile(r"#{1,6}\s+")
_BULLET = re.compile(r"[*+\u2022]\s+(?=\S)")
_LIST_START = frozenset("-0123456789")
_LIST_ITEM = re.compile(r"(?:-|\d{1,3}[.)])\s+\S")
_SPACES = re.compile(r"\s+")
# Any character that may start markdown syntax; lines without one take the fast path.
_MARKUP = re.compile(r"[#>*+_\\\[<\u2022]")
# Characters folded for matching only; each maps to exactly one character so offsets stay valid.
_FOLD = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"),
         ("\u2014", "-"))
# A sentence ends at . ! ? or … (maybe closed by a quote or bracket) followed by a space.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+")
# Buttons and links in a row: "Log in | Register", "App Store • Google Play".
_SEPARATOR = re.compile(r"(?<!\s)\s+[|\u2022\u00b7]\s+")
# Two sentences glued by a scraper ("…logged inPlease refresh…"): lower, Upper, lower.
_GLUE = re.compile(r"(?<=[a-z.!?])(?=[A-Z][a-z])")


@dataclass(eq=False, slots=True)
class Line:
    """One input line. ``text`` is the display text; ``low`` is its folded, lowercased twin."""

    number: int
    raw: str
    text: str
    low: str
    heading: bool = False
    list_item: bool = False
    links: list[tuple[int, int]] = field(default_factory=list)
    words: int = -1

    def __post_init__(self) -> None:
        if self.words < 0:
            self.words = self.text.count(" ") + 1 if self.text else 0

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class Document:
    """The lines of one input and a map from document offsets (in ``low``) to line indexes."""

    lines: list[Line]
    low: str
    starts: list[int]


def _plain(raw: str) -> tuple[str, bool, bool, list[tuple[int, int]]]:
    """Display text of a line without markdown: whitespace collapsed."""
    # Collapse only when needed: an ASCII line with no double space or tab is already clean.
    clean = raw.isascii() and "  " not in raw and "\t" not in raw and "\x0b" not in raw and "\x0c" not in raw
    s = raw.strip() if clean else " ".join(raw.split())
    return s, False, s[:1] in _LIST_START and bool(_LIST_ITEM.match(s)), []


def _unwrap(raw: str) -> tuple[str, bool, bool, list[tuple[int, int]]]:
    """Display text of a raw line: markdown unwrapped, whitespace collapsed."""
    if not _MARKUP.search(raw):
        return _plain(raw)
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
    if "*" in s or "_" in s:
        s = _ITALIC.sub(r"\2", s)
    links: list[tuple[int, int]] = []
    for _ in range(4):  # nested links ("[[a](x)](y)") unwrap from the inside out
        if "](" not in s:
            break
        s, count = _LINK.subn(lambda m: m.group(1), s)
        if not count:
            break
    if "<" in s:
        s = _AUTOLINK.sub(r"\1", s)
    s = " ".join(s.split())
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
    """Lowercase with curly quotes and dashes made plain; same length as ``text``."""
    low = text.lower()
    if len(low) != len(text):
        # A few characters lowercase to two (e.g. "İ"); keep offsets aligned by folding per char.
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for old, new in _FOLD:
        if old in low:
            low = low.replace(old, new)
    return low


def split_lines(text: str) -> Document:
    """Split text into :class:`Line` objects (1-based numbers) and build the matching text."""
    raws = text.splitlines()
    # One search of the whole text: plain text (most scraper output) skips markdown line by line.
    line_text = _unwrap if _MARKUP.search(text) else _plain
    unwrapped = [line_text(raw) if raw and not raw.isspace() else ("", False, False, []) for raw in raws]
    # Fold the whole document at once (one lower() call), then cut it back into lines.
    joined = "\n".join(u[0] for u in unwrapped)
    low = _fold(joined)
    lows = low.split("\n")
    lines: list[Line] = []
    starts: list[int] = []
    offset = 0
    for number, (raw, (shown, heading, list_item, links), line_low) in enumerate(
            zip(raws, unwrapped, lows), start=1):
        words = shown.count(" ") + 1 if shown else 0
        lines.append(Line(number, raw, shown, line_low, heading, list_item, links, words))
        starts.append(offset)
        offset += len(line_low) + 1
    return Document(lines, low, starts)


def sentence_bounds(text: str) -> set[int]:
    """Offsets in ``text`` where a sentence may start or end (ends are before the space)."""
    bounds = {0, len(text)}
    for m in _SENTENCE_END.finditer(text):
        bounds.add(m.end())
        bounds.add(m.end() - len(m.group()) + len(m.group().rstrip()))
    for m in _GLUE.finditer(text):
        bounds.add(m.start())
    if "|" in text or "\u2022" in text or "\u00b7" in text:
        for m in _SEPARATOR.finditer(text):
            bounds.update((m.start(), m.end()))
    return bounds
