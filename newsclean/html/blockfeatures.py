"""Features of the page's text segments for the HTML block scorer, as one numpy matrix.

Inputs: the segments of :func:`newsclean.html.blocks_walk.walk` and the text trafilatura
extracted from the same tree. :func:`align` finds each line of that text among the segments
(which segments trafilatura kept, and which segment each line came from); :func:`matrix` turns
segments, alignment and page into one row of numbers per segment.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import numpy as np

from newsclean.html.blocks_walk import FLAGS, Segments
from newsclean.model.features import code_point_classes, code_point_table

__all__ = ["Alignment", "align", "matrix", "feature_names", "line_key", "stopwords"]

# What our rendering of trafilatura's output puts before a line: "## ", "- ", "  - ", "> "…
_PREFIX = re.compile(r"^\s*(?:(?:#{1,6}|[-*+]|>)(?:\s+|$))+")
_PREFIX_START = frozenset("#-*+>")
# A segment's last character: 1 a full stop, 2 another sentence end, 3 a digit (_text_columns)
_END = {c: 1.0 if c in ".!?…" else 2.0 for c in '.!?…"”’\')»:;'}
_WINDOW = 3  # segments on each side for the run features


def line_key(text: str) -> str:
    """A line or segment as the alignment compares it: no markdown prefix, no white space, no
    table-cell bars (trafilatura joins cells with " | ")."""
    return "".join(_PREFIX.sub("", text, count=1).split()).replace("|", "")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function words of every language newsclean has word lists for (the page's language is
    often unknown or wrong; the lists barely overlap with content words of the others)."""
    from newsclean.text.language import _index

    return frozenset(_index())


@dataclass
class Alignment:
    """Where trafilatura's lines are among the segments.

    ``kept[i]``: share of segment i's characters found in trafilatura's text. ``line_segments``:
    for each line of the text (``text.split("\\n")``), the (segment, characters) it covers,
    empty for blank lines and for lines not found on the page."""

    kept: np.ndarray
    line_segments: list[list[tuple[int, int]]]


def align(segments: Segments, text: str) -> Alignment:
    """Locate each line of ``text`` in the page's segment stream, in order (a line is looked for
    after the previous one first, then from the start: a short line repeated in a menu is not
    taken for the one in the story; and of two copies before the next line, the later)."""
    if segments.stream is None or len(segments.stream[0]) != len(segments):
        # Computed once per page: trafilatura's text and readability's are both aligned.
        # A segment is single-spaced and starts with no space: its key is its text without
        # spaces and bars, but for a markdown-like prefix ("- ", "> ", "## ").
        keys = "\n".join(segments.texts).replace(" ", "").replace("|", "").split("\n")
        for i, t in enumerate(segments.texts):
            if t[0] in _PREFIX_START:
                keys[i] = line_key(t)
        starts = [0] * len(keys)
        pos = 0
        for i, k in enumerate(keys):
            starts[i] = pos
            pos += len(k)
        segments.stream = (keys, starts, "".join(keys))
    keys, starts, stream = segments.stream
    lines = text.split("\n")
    found: list[tuple[int, str] | None] = []  # per line: where its key starts in the stream, the key
    cursor = 0
    for line in lines:
        key = "".join(line.split()).replace("|", "")
        if key and key[0] in _PREFIX_START:  # a markdown prefix, maybe
            key = line_key(line)
        at = stream.find(key, cursor) if key else -1
        if at < 0 and len(key) >= 12:
            at = stream.find(key)
        if at < 0:
            found.append(None)
            continue
        found.append((at, key))
        cursor = at + len(key)
    # A line may occur again between where it was found and the next line (a headline that the
    # menu or the breadcrumb above it repeats): the copy nearest the next line is the one in
    # the text's flow. Last line first, so that each sees where the next one ends up. The
    # stretches searched do not overlap: linear in the page.
    following = -1
    for n in range(len(found) - 1, -1, -1):
        spot = found[n]
        if spot is None:
            continue
        at, key = spot
        if following > at:
            later = stream.rfind(key, at + 1, following)
            if later > at:
                found[n] = (later, key)
                at = later
        following = at
    covered = np.zeros(len(keys), dtype=np.int64)
    out: list[list[tuple[int, int]]] = []
    for spot in found:
        if spot is None:
            out.append([])
            continue
        at, key = spot
        end = at + len(key)
        pieces: list[tuple[int, int]] = []
        i = bisect_right(starts, at) - 1
        while i < len(keys) and starts[i] < end:
            lo, hi = max(at, starts[i]), min(end, starts[i] + len(keys[i]))
            if hi > lo:
                covered[i] += hi - lo
                pieces.append((i, hi - lo))
            i += 1
        out.append(pieces)
    sizes = np.fromiter((len(k) for k in keys), dtype=np.float64, count=len(keys))
    kept = np.minimum(covered / np.maximum(sizes, 1.0), 1.0)
    return Alignment(kept, out)


_TEXT_NAMES = ("chars", "words", "link_share", "word_len", "end", "caps", "digits", "stops", "seps",
               "urlish", "first_upper", "breaks", "parts", "tag", "depth")
_PAGE = ("kept", "kept_any", "pos", "pos_chars", "main_distance", "kept_distance", "repeated", "run_short",
         "run_link", "win_kept", "win_words", "page_segments", "page_kept_share", "depth_vs_main")
_TEXT_COLUMN = {name: i for i, name in enumerate(_TEXT_NAMES)}
_CONTEXT = ("kept", "words", "link_share", "end", "tag", "stops")
# readability's opinion (newsclean.html.second_opinion): its kept share of the segment, over the
# window, of the neighbours; its share of the page; how much of trafilatura's choice it shares.
# All -1 when trafilatura did not run it.
_SECOND = ("rd_kept", "rd_window", "rd_kept@-1", "rd_kept@+1", "rd_page_share", "rd_agree")


def feature_names(vocabulary: tuple[str, ...]) -> list[str]:
    """Column names of :func:`matrix`, in order."""
    names = list(_TEXT_NAMES) + [f"in_{f}" for f in FLAGS]
    names += list(_PAGE)
    for off in (-2, -1, 1, 2):
        names += [f"{name}@{off:+d}" for name in _CONTEXT]
    names += list(_SECOND)
    names += [f"cls_{t}" for t in vocabulary] + [f"up_{t}" for t in vocabulary]
    return names


# Per-character classes for _text_columns: an upper-case letter (a capitalised word starts with
# one), a decimal digit (str.isdecimal: what the regex \d matches), a separator.
_CAP, _DECIMAL, _SEP = 1, 2, 4
_SEPARATOR_CHARS = "|•»·›/"
# A segment looks like a URL or a handle where one of these matches: four patterns that start
# with a literal (each a fast search; their alternation was tried at every position of the page)
_URL_PARTS = tuple(re.compile(p) for p in (r"https?://", r"www\.", r"@\w", r"\.com\b"))


def _char_class(c: str) -> int:
    return (_CAP if c.isupper() else 0) | (_DECIMAL if c.isdecimal() else 0) | (_SEP if c in _SEPARATOR_CHARS else 0)


@lru_cache(maxsize=1)
def _class_table() -> np.ndarray:
    return code_point_table(_char_class, np.uint8)


def _text_columns(texts: list[str], stops: frozenset[str], out: np.ndarray) -> None:
    """Fill the columns of ``out`` that come from the segment's text alone (chars, words,
    word_len, end, caps, digits, stops, seps, urlish, first_upper; see _TEXT_NAMES), one row
    per segment. ``texts`` are not empty and single-spaced (as
    :func:`newsclean.html.blocks_walk.walk` makes them): a word starts at a text's start and
    after each space. The whole page at once, over its code points (a loop over segments and
    words cost twice as much)."""
    n = len(texts)
    if not n:
        return
    joined = "\n".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    (classes,) = code_point_classes(codes, int(codes.max()), (_class_table(), _char_class))
    chars = np.fromiter(map(len, texts), dtype=np.intp, count=n)
    segment = np.repeat(np.arange(n), chars + 1)[:len(codes)]  # a line break goes with the text before
    breaks = np.flatnonzero((codes == 32) | (codes == 10))
    starts = np.concatenate(([0], breaks + 1))  # of words
    words = np.bincount(segment[starts], minlength=n).astype(np.float64)
    caps = np.bincount(segment[starts[(classes[starts] & _CAP) > 0]], minlength=n)
    digits = np.bincount(segment[(classes & _DECIMAL) > 0], minlength=n)
    seps = np.bincount(segment[(classes & _SEP) > 0], minlength=n)
    urlish = np.zeros(n, dtype=bool)
    for regex in _URL_PARTS:
        found = [m.start() for m in regex.finditer(joined)]
        if found:
            urlish[segment[found]] = True
    # Function words: one lower-cased split (lower-casing makes no spaces), summed per segment.
    first_word = np.zeros(n, dtype=np.intp)
    np.cumsum(words[:-1].astype(np.intp), out=first_word[1:])
    lowered = joined.lower().split()
    stop = np.fromiter(map(stops.__contains__, lowered), dtype=np.intp, count=len(lowered))
    length = chars.astype(np.float64)
    col = _TEXT_COLUMN
    out[:, col["chars"]] = length
    out[:, col["words"]] = words
    out[:, col["word_len"]] = length / words
    out[:, col["end"]] = [_END.get(t[-1]) or (3.0 if t[-1].isdigit() else 0.0) for t in texts]
    out[:, col["caps"]] = caps / words
    out[:, col["digits"]] = digits / length
    out[:, col["stops"]] = np.add.reduceat(stop, first_word) / words
    out[:, col["seps"]] = seps
    out[:, col["urlish"]] = urlish
    out[:, col["first_upper"]] = (classes[chars.cumsum() - chars + np.arange(n)] & _CAP) > 0


def _bits(values: list[int], width: int) -> np.ndarray:
    """Python ints (bit masks, below 2**width) → an (n, width) 0/1 matrix, 64 bits at a time."""
    n = len(values)
    chunks = []
    for _ in range((width + 63) // 64):
        chunks.append(np.fromiter(map(_LOW_64.__and__, values), dtype="<u8", count=n))
        values = list(map((64).__rrshift__, values)) if len(chunks) * 64 < width else []
    if not chunks or not n:
        return np.zeros((n, width), dtype=np.uint8)
    raw = np.stack(chunks, axis=1).view(np.uint8).reshape(n, -1)
    return np.unpackbits(raw, axis=1, bitorder="little")[:, :width]


_LOW_64 = (1 << 64) - 1


def _distance_to(mask: np.ndarray) -> np.ndarray:
    """For each index, signed distance (in segments) to the nearest index where ``mask`` holds;
    a large number when it holds nowhere."""
    n = len(mask)
    where = np.flatnonzero(mask)
    if not len(where):
        return np.full(n, 1000.0)
    idx = np.arange(n)
    right = np.searchsorted(where, idx)
    after = where[np.minimum(right, len(where) - 1)]
    before = where[np.maximum(right - 1, 0)]
    d_after = after - idx
    d_before = before - idx
    use_after = np.abs(d_after) < np.abs(d_before)
    return np.where(use_after, d_after, d_before).astype(np.float64)


def matrix(segments: Segments, alignment: Alignment, width: int, second: np.ndarray | None = None) -> np.ndarray:
    """One row per segment: the columns of :func:`feature_names` (``width`` = vocabulary size).
    ``second``: readability's kept share of each segment (:func:`align` of its text), if known.
    Filled in place, part by part, in the order of :func:`feature_names`."""
    n = len(segments)
    flags_at = len(_TEXT_NAMES)
    page_at = flags_at + len(FLAGS)
    context_at = page_at + len(_PAGE)
    second_at = context_at + 4 * len(_CONTEXT)
    own_at = second_at + len(_SECOND)
    X = np.empty((n, own_at + 2 * width))
    if not n:
        return X
    col = _TEXT_COLUMN
    _text_columns(segments.texts, stopwords(), X)
    chars, words = X[:, col["chars"]], X[:, col["words"]]
    link = X[:, col["link_share"]]
    link[:] = np.minimum(np.asarray(segments.link_chars, dtype=np.float64) / np.maximum(chars, 1.0), 1.0)
    X[:, col["breaks"]] = segments.breaks
    X[:, col["parts"]] = segments.parts
    X[:, col["tag"]] = segments.tags
    X[:, col["depth"]] = segments.depth
    X[:, flags_at:page_at] = _bits(segments.flags, len(FLAGS))
    kept = alignment.kept
    total = max(float(chars.sum()), 1.0)
    main = X[:, flags_at + FLAGS.index("main-block")] > 0
    seen: dict[str, int] = {}
    for t in segments.texts:
        seen[t] = seen.get(t, 0) + 1
    depth = X[:, col["depth"]]
    main_depth = float(np.median(depth[main])) if main.any() else 0.0
    page = X[:, page_at:context_at]
    page[:, 0] = kept
    page[:, 1] = kept > 0
    page[:, 2] = np.arange(n, dtype=np.float64) / max(n, 1)
    page[:, 3] = (np.cumsum(chars) - chars) / total
    page[:, 4] = _distance_to(main)
    page[:, 5] = _distance_to(kept > 0.5)
    page[:, 6] = [seen[t] for t in segments.texts]
    page[:, 7] = _run_lengths(words < 8)
    page[:, 8] = _window_mean(link)
    page[:, 9] = _window_mean(kept)
    page[:, 10] = _window_mean(words)
    page[:, 11] = float(n)
    page[:, 12] = float((kept * chars).sum() / total)
    page[:, 13] = depth - main_depth
    context_cols = [kept, words, link, X[:, col["end"]], X[:, col["tag"]], X[:, col["stops"]]]
    at = context_at
    for off in (-2, -1, 1, 2):
        for column in context_cols:
            _shift_into(X[:, at], column, off)
            at += 1
    _second_into(X[:, second_at:own_at], second, kept, chars)
    X[:, own_at:own_at + width] = _bits(segments.own, width)
    X[:, own_at + width:] = _bits(segments.above, width)
    return X


def _shift_into(out: np.ndarray, col: np.ndarray, off: int) -> None:
    """``out[i] = col[i + off]``, -1 past the ends."""
    out[:] = -1.0
    if off > 0:
        out[:-off] = col[off:]
    else:
        out[-off:] = col[:off]


def _second_into(out: np.ndarray, rd: np.ndarray | None, kept: np.ndarray, chars: np.ndarray) -> None:
    """The _SECOND columns."""
    if rd is None:
        out[:] = -1.0
        return
    ours = kept > 0.5
    out[:, 0] = rd
    out[:, 1] = _window_mean(rd)
    _shift_into(out[:, 2], rd, -1)
    _shift_into(out[:, 3], rd, 1)
    out[:, 4] = float((rd * chars).sum() / max(float(chars.sum()), 1.0))
    out[:, 5] = float((ours & (rd > 0.5)).sum() / max(int(ours.sum()), 1))


def _window_mean(col: np.ndarray) -> np.ndarray:
    """Mean of ``col`` over the segments within _WINDOW on each side (fewer at the edges)."""
    n = len(col)
    cum = np.concatenate([[0.0], np.cumsum(col)])
    idx = np.arange(n)
    lo = np.maximum(idx - _WINDOW, 0)
    hi = np.minimum(idx + _WINDOW + 1, n)
    return (cum[hi] - cum[lo]) / np.maximum(hi - lo, 1)


def _run_lengths(mask: np.ndarray) -> np.ndarray:
    """For each index, the length of the run of True values it is in (0 when False)."""
    n = len(mask)
    out = np.zeros(n)
    i = 0
    m = mask.tolist()
    while i < n:
        if m[i]:
            j = i
            while j < n and m[j]:
                j += 1
            out[i:j] = j - i
            i = j
        else:
            i += 1
    return out
