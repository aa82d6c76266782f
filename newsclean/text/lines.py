"""The input text as numbered lines, with markdown unwrapped and a lowercased copy for matching.

Markdown unwrapping (documented in docs/json.md): ``[text](url)`` and ``![alt](src)`` become
their text, ``<https://…>`` becomes the URL, ``\\$`` and other backslash escapes lose the
backslash, ``**bold**``, ``__bold__``, ``*italic*`` and ``_italic_`` lose the markers, ``# Heading`` loses the hashes,
``> quote`` loses the marker, and ``*``/``+`` bullets become ``-``. Runs of whitespace, including
non-breaking spaces, become one space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add
from typing import AnyStr

__all__ = ["Line", "Document", "split_lines", "sentence_bounds", "newline_breaks_only", "is_list_item",
           "fenced_lines"]

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
# A markup character or any white space but " " and a line break: a line holding one needs
# more than a strip. Listed one by one because split_lines() searches for each in turn; the
# non-ASCII ones only when the text holds them (see _needs_work).
_ASCII_WORK_CHARS = "#>*+_\\[<\t\r\x0b\x0c\x1c\x1d\x1e\x1f"
_WIDE_WORK_CHARS = "\u2022\x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200b)) + \
    "\u2028\u2029\u202f\u205f\u3000"
_WORK_CHARS = _ASCII_WORK_CHARS + _WIDE_WORK_CHARS
# The same as one character class, for texts that must be tested line by line.
_NEEDS_WORK = re.compile("[" + re.escape(_WORK_CHARS) + "]")
_ASCII_BYTES = bytes(range(128))
# What split_lines() searches for: each of those characters, and two spaces in a row.
_ASCII_WORK = [*_ASCII_WORK_CHARS, "  "]
_ASCII_WORK_BYTES = [c.encode() for c in _ASCII_WORK]
_WIDE_WORK_BYTES = {c: c.encode() for c in _WIDE_WORK_CHARS}
# What str.splitlines() breaks on besides \n and \r.
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Characters folded for matching only; each maps to exactly one character so offsets stay valid.
_FOLD = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
_SIGMA = "\u03a3"
# A sentence ends at . ! ? or … (maybe closed by a quote or bracket) followed by a space.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+")
# Buttons and links in a row: "Log in | Register", "App Store • Google Play".
_SEPARATOR = re.compile(r"(?<!\s)\s+[|\u2022\u00b7]\s+")
# Two sentences glued by a scraper ("…logged inPlease refresh…"): lower, Upper, lower.
_GLUE = re.compile(r"(?<=[a-z.!?])(?=[A-Z][a-z])")


class Line:
    """One input line. ``text`` is the display text; ``low`` is its folded, lowercased twin;
    ``words`` counts the words of ``text``; ``links`` are the spans of link texts in it."""

    # A plain slotted class, not a dataclass: one is built per input line, and this
    # constructor is about half the cost of a dataclass's with a __post_init__.
    __slots__ = ("number", "raw", "text", "low", "heading", "list_item", "links", "words", "code")

    def __init__(self, number: int, raw: str, text: str, low: str, heading: bool = False,
                 list_item: bool = False, links: Sequence[tuple[int, int]] = (),
                 words: int = -1, code: bool = False) -> None:
        self.number = number
        self.raw = raw
        self.text = text
        self.low = low
        self.heading = heading
        self.list_item = list_item
        self.code = code  # a line of a fenced code block (its text keeps its indentation)
        self.links = links  # a shared () on most lines: no list to allocate (or to garbage-collect)
        self.words = words if words >= 0 else (text.count(" ") + 1 if text else 0)

    def __repr__(self) -> str:
        return f"Line({self.number}, {self.text!r})"

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class Document:
    """The lines of one input and a map from document offsets (in ``low``) to line indexes."""

    lines: list[Line]
    low: str
    starts: list[int]
    code: frozenset[int] = frozenset()  # indexes of the lines of fenced code blocks


def _unwrap(raw: str) -> tuple[str, bool, bool, list[tuple[int, int]]]:
    """Display text of a raw line with markdown: unwrapped, whitespace collapsed."""
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


def _fold(text: str, wide: frozenset[str] | None = None) -> str:
    """Lowercase with curly quotes and dashes made plain; same length as ``text``.

    ``wide`` is a superset of the non-ASCII characters of ``text`` when the caller has it.
    str.lower() looks every character up in the Unicode tables once a text holds one
    non-ASCII character (~5 ns each); here the ASCII letters are lowercased as bytes and
    each distinct non-ASCII character is replaced once, about twice as fast on news text."""
    if text.isascii():
        return text.lower()
    data = text.encode("utf-8", "surrogatepass")
    if wide is None:
        wide = _non_ascii(data)
    if _SIGMA in wide:
        return _fold_each(text)  # "Σ" lowercases by context (final "ς"): leave it to str.lower
    low = data.lower().decode("utf-8", "surrogatepass")
    for char in wide:
        new = _FOLD.get(char) or char.lower()
        if new != char and len(new) == 1:  # a few lowercase to two ("İ"): kept, offsets stay valid
            low = low.replace(char, new)
    return low


def _fold_each(text: str) -> str:
    """_fold() through str.lower(), with the same result for every character but "Σ"."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for old, new in _FOLD.items():
        if old in low:
            low = low.replace(old, new)
    return low


def newline_breaks_only(text: str) -> bool:
    """True if "\\n" is the only character in ``text`` that str.splitlines() breaks on, so
    that lines can be found and counted by it."""
    return "\r" not in text and not any(map(text.__contains__, _OTHER_BREAKS))


def _non_ascii(data: bytes) -> frozenset[str]:
    """The distinct non-ASCII characters of UTF-8 ``data``: what is left with ASCII deleted."""
    return frozenset(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))


def _lines_holding(data: AnyStr, newline: AnyStr, needles: Iterable[AnyStr]) -> list[int]:
    """Indexes of the lines of ``data`` that hold one of ``needles``."""
    found: set[int] = set()
    for needle in needles:
        at = data.find(needle)
        line = start = 0  # the line of ``start``, where counting newlines goes on
        while at >= 0:
            line += data.count(newline, start, at)
            found.add(line)
            start = data.find(newline, at) + 1  # reported once: go on from the next line
            if not start:
                break
            line += 1
            at = data.find(needle, start)
    return sorted(found)


def _needs_work(text: str, raws: list[str]) -> tuple[list[int], frozenset[str]]:
    """Indexes of the lines that need more than a strip (a markup character, a tab, a run of
    spaces or an unusual space), and the distinct non-ASCII characters of the text.

    A search of the whole text per character finds the lines (a regex per line, or a split
    and join of every line, costs several times more). A text with a non-ASCII character is
    searched in its UTF-8 bytes: a bytes search is a memchr, while str.find for a wide
    character scans for its low byte, which for most spaces is 0x00, the high byte of
    every ASCII character of the text."""
    flat = text.replace("\r\n", "\n") if "\r" in text else text
    if flat.isascii():
        if newline_breaks_only(flat):
            return _lines_holding(flat, "\n", _ASCII_WORK), frozenset()
        wide: frozenset[str] = frozenset()
    else:
        data = flat.encode("utf-8", "surrogatepass")
        wide = _non_ascii(data)
        if newline_breaks_only(flat):
            needles = _ASCII_WORK_BYTES + [_WIDE_WORK_BYTES[c] for c in wide if c in _WIDE_WORK_BYTES]
            return _lines_holding(data, b"\n", needles), wide
    # Line breaks other than \n and \r\n: offsets in ``flat`` do not follow from the lines,
    # so test line by line.
    return [i for i, raw in enumerate(raws) if _NEEDS_WORK.search(raw) or "  " in raw], wide


def is_list_item(text: str) -> bool:
    """True for display text that is a list item ("- x", "1. x", "2) x")."""
    return text[:1] in _LIST_START and _LIST_ITEM.match(text) is not None


def split_lines(text: str, first_number: int = 1, *, markdown: bool = True) -> Document:
    """Split text into :class:`Line` objects and build the matching text. Lines are numbered
    from ``first_number`` (1, unless ``text`` is a piece of a larger input). With
    ``markdown=False`` (plain text) only whitespace is collapsed: nothing is unwrapped."""
    raws = text.splitlines()
    shown = [raw.strip() for raw in raws]
    marked: dict[int, tuple[str, bool, bool, list[tuple[int, int]]]] = {}
    work, wide = _needs_work(text, raws)
    code = fenced_lines(raws) if markdown and ("```" in text or "~~~" in text) else {}
    for i in code:
        shown[i] = code[i]
    for i in work:
        if i in code:
            continue
        if markdown and _MARKUP.search(raws[i]):
            marked[i] = _unwrap(raws[i])
            shown[i] = marked[i][0]
        else:
            shown[i] = " ".join(raws[i].split())
    # Fold the whole document at once, then cut it back into lines.
    low = _fold("\n".join(shown), wide)  # unwrapping and collapsing spaces add no character
    lows = low.split("\n")
    starts = list(accumulate(map(add, map(len, lows), repeat(1)), initial=0))  # C loops: no generator
    del starts[len(raws):]  # no line after the last (and none at all in an empty text)
    # map() calls the constructor from C: cheaper than a comprehension that builds its arguments.
    lines = list(map(Line, range(first_number, first_number + len(raws)), raws, shown, lows))
    start = _LIST_START
    for line in lines:
        if line.text[:1] in start and _LIST_ITEM.match(line.text):
            line.list_item = True
    for i, (_, heading, list_item, links) in marked.items():
        line = lines[i]
        line.heading, line.list_item, line.links = heading, list_item, links
    for i in code:
        line = lines[i]
        line.code, line.list_item, line.words = True, False, len(line.text.split())
    return Document(lines, low, starts, frozenset(code))


# A code fence: three or more backticks or tildes, indented three spaces at most (CommonMark).
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def fenced_lines(raws: Sequence[str]) -> dict[int, str]:
    """The lines of the closed fenced code blocks, fences included, with their text: the line
    as written, but for trailing white space (indentation is code). A fence that is never
    closed opens no block: a stray ``` in scraped text must not shield the rest from cleaning.
    The one reading of fences: the text stage, the block scorer and the markdown use it."""
    out: dict[int, str] = {}
    opened, marker = -1, ""
    for i, raw in enumerate(raws):
        m = _FENCE.match(raw)
        if m is None:
            continue
        run, rest = m.group(1), raw[m.end():]
        if opened < 0:
            if run[0] == "`" and "`" in rest:
                continue  # inline code (```x```), not a fence (CommonMark)
            opened, marker = i, run
        elif run[0] == marker[0] and len(run) >= len(marker) and not rest.strip():
            for j in range(opened, i + 1):
                out[j] = raws[j].rstrip()
            opened = -1
    return out


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
