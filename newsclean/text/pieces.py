"""Large texts are cleaned in pieces of about :data:`PIECE_CHARS` characters.

Cleaning keeps a few objects per line; for a whole 10 MB text they no longer fit the processor's
caches and cost more per line than for a 1 MB one, and peak memory grows with the line count (a
text of 100,000 one-word lines took ~80 times its size). Cut into pieces cleaned one after the
other, the work per line is the same at any size and peak memory is one piece's objects plus
the output.

A cut is made where no detector looks across it: at a blank line (a "box" of clutter is a
paragraph, which a blank line ends), or, in a long run of lines without a blank one, between
two lines that are neither list items (a list is one paragraph in the body) with at least
:data:`_RUN_SIDE` lines of the run on each side (a box has at most six lines). The top scan
for title and byline runs on the first piece, the bottom scan on the last, which is never
shorter than half a piece. What the cut can change: an appeal or a "Related" list whose lines
straddle it is judged on each side alone, which at worst leaves some clutter in the body;
every line is still accounted for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from newsclean.text.lines import newline_breaks_only

__all__ = ["Piece", "pieces", "PIECE_CHARS"]

PIECE_CHARS = 64 * 1024
_RUN_SIDE = 8  # lines of a run on each side of a cut inside it: more than a box's six
_LIST_ITEM = re.compile(r"(?:[-*+\u2022]|\d{1,3}[.)])\s")  # on a stripped line


class Piece(NamedTuple):
    """A run of whole lines of the input: its text, the number of its first line, and whether
    it is the first or the last piece."""

    text: str
    first_line: int
    first: bool
    last: bool


def pieces(text: str) -> Iterator[Piece]:
    """The text in pieces (a single one when it is short or uses unusual line breaks)."""
    if len(text) <= 2 * PIECE_CHARS:
        yield Piece(text, 1, True, True)
        return
    flat = text.replace("\r\n", "\n") if "\r" in text else text  # the same lines and numbers
    if not newline_breaks_only(flat):
        yield Piece(text, 1, True, True)
        return
    start, line = 0, 1
    while True:
        # The last piece is at least half a piece long, so the bottom scan has lines to read.
        cut = _cut(flat, start + PIECE_CHARS) if len(flat) - start > PIECE_CHARS * 3 // 2 else -1
        if cut < 0:
            yield Piece(flat[start:], line, start == 0, True)
            return
        piece = flat[start:cut]
        yield Piece(piece, line, start == 0, False)
        line += piece.count("\n")
        start = cut


def _cut(text: str, at: int) -> int:
    """A position just after a line break, at or after ``at``, where a cut is safe; -1 if
    there is none within a piece's length."""
    limit = at + PIECE_CHARS
    blank = text.find("\n\n", at, limit)
    if blank >= 0:
        return blank + 1  # the blank line begins the next piece
    end = text.find("\n", at, limit)
    while end >= 0:
        if _inside_long_run(text, end):
            return end + 1
        end = text.find("\n", end + 1, limit)
    return -1


def _inside_long_run(text: str, end: int) -> bool:
    """The line break at ``end`` has :data:`_RUN_SIDE` non-blank lines on each side, and the
    two lines it separates are not list items."""
    before: list[str] = []
    pos = end
    for _ in range(_RUN_SIDE):
        start = text.rfind("\n", 0, pos) + 1
        before.append(text[start:pos])
        if start == 0:
            break
        pos = start - 1
    after: list[str] = []
    pos = end + 1
    for _ in range(_RUN_SIDE):
        stop = text.find("\n", pos)
        after.append(text[pos:stop if stop >= 0 else len(text)])
        if stop < 0:
            break
        pos = stop + 1
    lines = before + after
    if len(before) < _RUN_SIDE or len(after) < _RUN_SIDE or any(not s.strip() for s in lines):
        return False
    return not (_LIST_ITEM.match(before[0].lstrip()) or _LIST_ITEM.match(after[0].lstrip()))
