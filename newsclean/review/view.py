"""What a review page shows of one document: its lines, each cut into kept text and removals.

Built from ``Article.to_dict()`` data only (no second cleaning pass), plus, when the caller has
it, the input text the document was cleaned from:

* **From the input text** (exact): the text is split into lines as the cleaner split it, every
  removal lands on its ``line`` (and ``start``/``end`` for a part of a line). A line shows as the
  user gave it; a line cut in part shows its text after markdown unwrapping, since the offsets
  index that text. If a removal does not fit the text (another file, or an edited one), the
  view falls back to the reconstruction below and says so.
* **Reconstructed** (HTML input, standard input, or a dict without its text): the body's lines
  and the removals are merged in input order. Removals carry their line numbers and body lines
  do not, so each body line is placed by estimate (one line after the previous line of its
  paragraph, two after a paragraph break), corrected at every removal and at every line that
  was cut in part (its rest is the next body line). For HTML these are the lines of the text
  extracted from the page; removals made on the page's DOM (they carry an element ``path``)
  are listed apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Segment", "Row", "DocView", "build_view", "from_source", "reconstruct"]

Removal = Mapping[str, Any]  # one entry of ``to_dict()["removed"]``


@dataclass(frozen=True)
class Segment:
    """A run of a line: kept text (``removal`` is None) or one removal's text."""

    text: str
    removal: int | None = None  # index into the document's ``removed`` list


@dataclass
class Row:
    """One line of the view. ``line`` is the input line number, None when estimated.
    ``unwrapped``: shown after markdown unwrapping (its removal offsets index that text)."""

    segments: list[Segment]
    line: int | None = None
    unwrapped: bool = False
    gap: bool = False  # a blank line (or a paragraph break) comes before it


@dataclass
class DocView:
    """The rows of a document, its DOM removals and how the view was made."""

    rows: list[Row] = field(default_factory=list)
    dom: list[int] = field(default_factory=list)  # indexes of removals made on the page's DOM
    exact: bool = False  # built from the input text
    note: str = ""  # why the view was reconstructed, when it could not be built from the input


def _offsets(r: Removal) -> tuple[int, int] | None:
    """``(start, end)`` of a removal of part of a line; None for a whole line (or offsets
    that are not numbers: the JSON may come from anywhere)."""
    start, end = r.get("start"), r.get("end")
    if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool):
        return start, end
    return None


def _whole(r: Removal) -> bool:
    return _offsets(r) is None


def _segments(text: str, cuts: Sequence[tuple[int, Removal]]) -> list[Segment]:
    """Cut ``text`` at the removals' offsets; a removal without offsets is the whole line.
    A removal that overlaps the one before keeps its own text, shown where it starts."""
    out: list[Segment] = []
    at = 0
    for index, r in sorted(cuts, key=lambda c: ((_offsets(c[1]) or (0, 0))[0], c[0])):
        start, end = _offsets(r) or (0, len(text))
        if start < at or end > len(text) or start > end:  # overlaps, or does not fit
            out.append(Segment(str(r.get("text", "")), index))
            continue
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], index))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


def _fits(r: Removal, raw: str, text: str) -> bool:
    """True when the removal's text is what the cleaner saw on that line."""
    want = str(r.get("text", ""))
    offsets = _offsets(r)
    if offsets is None:
        return want in (text, raw.strip())
    start, end = offsets
    return 0 <= start <= end <= len(text) and text[start:end].strip() == want


def from_source(source: str, removed: Sequence[Removal]) -> DocView | None:
    """The exact view from the input text; None when a removal does not fit it."""
    from newsclean.text.lines import split_lines

    lines = split_lines(source).lines
    by_line: dict[int, list[tuple[int, Removal]]] = {}
    for i, r in enumerate(removed):
        if r.get("path") is not None:
            return None  # a DOM removal: this was an HTML page, not this text
        n = r.get("line")
        if not isinstance(n, int) or not 1 <= n <= len(lines):
            return None
        line = lines[n - 1]
        if not _fits(r, line.raw, line.text):
            return None
        by_line.setdefault(n, []).append((i, r))
    view = DocView(exact=True)
    blank = False
    for line in lines:
        cuts = by_line.get(line.number)
        if not cuts and not line.raw.strip():
            blank = True
            continue
        raw = line.raw.rstrip()
        if not cuts:
            row = Row([Segment(raw)], line.number)
        elif len(cuts) == 1 and _whole(cuts[0][1]):
            row = Row([Segment(raw, cuts[0][0])], line.number)
        else:
            shown = line.text if line.text else raw
            row = Row(_segments(shown, cuts), line.number, unwrapped=shown != raw.strip())
        row.gap = blank and bool(view.rows)
        blank = False
        view.rows.append(row)
    return view


def _body_lines(body: str) -> list[tuple[str, bool]]:
    """(line, joined to the line before in the same paragraph) for every body line."""
    out: list[tuple[str, bool]] = []
    for paragraph in body.split("\n\n"):
        for k, line in enumerate(l for l in paragraph.split("\n") if l.strip()):
            out.append((line, k > 0))
    return out


def _partial_row(rest: str, cuts: list[tuple[int, Removal]], line: int) -> Row:
    """A line cut in part, rebuilt from its rest (in the body) and its removals: each removal
    goes back where it was, its offset less the text removed before it."""
    segments: list[Segment] = []
    at = 0
    removed_before = 0
    for index, r in sorted(cuts, key=lambda c: ((_offsets(c[1]) or (0, 0))[0], c[0])):
        start, end = _offsets(r) or (0, 0)
        where = min(max(start - removed_before, at), len(rest))
        if where > at:
            segments.append(Segment(rest[at:where].rstrip() + " "))  # the body lost the space
        segments.append(Segment(str(r.get("text", "")), index))
        at = where
        removed_before += max(end - start, 0)
    if at < len(rest):
        segments.append(Segment(" " + rest[at:].lstrip()))
    return Row(segments, line)


def _place(body: list[tuple[str, bool]], groups: list[tuple[int, list[tuple[int, Removal]]]],
           step: int) -> tuple[list[Row], int]:
    """Merge body lines and removal lines in input order (see the module docstring); ``step``
    is the estimated distance between paragraphs. Returns the rows and how many removal lines
    the estimate had to be corrected at (lower: the estimate fits the document better)."""
    rows: list[Row] = []
    misses = 0
    pos = 1 - step  # the first body line is estimated at line 1
    g = 0
    for text, joined in body:
        gap = not joined
        while True:
            cand = pos + (1 if joined else step)
            if g < len(groups) and groups[g][0] <= cand:
                number, cuts = groups[g]
                if any(_whole(r) for _, r in cuts):
                    misses += number < pos + 1 or (number == cand and joined)
                    rows.append(Row([Segment(str(r.get("text", "")), i) for i, r in cuts], number, gap=True))
                    pos, joined, g = number, False, g + 1
                    continue
                # A line cut in part: its rest is this body line.
                misses += number != cand
                row = _partial_row(text, cuts, number)
                pos, g = number, g + 1
                break
            row = Row([Segment(text)], None)
            pos = cand
            break
        row.gap = gap and bool(rows)
        rows.append(row)
    for number, cuts in groups[g:]:
        rows.append(Row([Segment(str(r.get("text", "")), i) for i, r in cuts], number, gap=True))
    return rows, misses


def reconstruct(body: str, removed: Sequence[Removal], note: str = "") -> DocView:
    """The view from the body and the removals alone (see the module docstring)."""
    view = DocView(note=note)
    by_line: dict[int, list[tuple[int, Removal]]] = {}
    unplaced: list[tuple[int, Removal]] = []
    for i, r in enumerate(removed):
        if r.get("path") is not None:
            view.dom.append(i)
            continue
        # An HTML page's text-stage removal is placed by its line in the extracted text (its
        # ``line`` is the page's source line, which the body's lines do not have).
        n = r.get("extracted_line", r.get("line"))
        if isinstance(n, int) and n >= 1:
            by_line.setdefault(n, []).append((i, r))
        else:
            unplaced.append((i, r))  # e.g. a repeated headline whose line was not found
    groups = sorted(by_line.items())
    lines = _body_lines(body)
    # Blank-line-separated paragraphs (HTML text, most articles) or one paragraph a line.
    best = min((_place(lines, groups, step) for step in (2, 1)), key=lambda placed: placed[1])
    view.rows = best[0]
    for row in view.rows:  # the number shown is the input's line: the page's, for HTML
        first = next((removed[s.removal] for s in row.segments if s.removal is not None), None)
        if first is not None and "extracted_line" in first:
            line = first.get("line")
            row.line = line if isinstance(line, int) else None
    if unplaced:
        view.rows.insert(0, Row([Segment(str(r.get("text", "")), i) for i, r in unplaced], None))
    return view


def build_view(data: Mapping[str, Any], source: str | None = None) -> DocView:
    """The view of one document: exact from ``source`` when it fits, else reconstructed."""
    removed = [r if isinstance(r, Mapping) else {} for r in data.get("removed") or []]
    body = str(data.get("body") or "")
    if source is not None:
        view = from_source(source, removed)
        if view is not None:
            return view
        return reconstruct(body, removed, note="the input text given does not match the JSON's "
                                               "removals; reconstructed from the body and the removals")
    return reconstruct(body, removed)
