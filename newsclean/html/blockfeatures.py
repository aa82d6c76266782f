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
from operator import itemgetter

import numpy as np

from newsclean.html.blocks_walk import FLAGS, Segments

__all__ = ["Alignment", "align", "matrix", "feature_names", "line_key", "stopwords"]

# What our rendering of trafilatura's output puts before a line: "## ", "- ", "  - ", "> "…
_PREFIX = re.compile(r"^\s*(?:(?:#{1,6}|[-*+]|>)(?:\s+|$))+")
_SENTENCE_END = frozenset('.!?…"”’\')»:;')
_SEPARATORS = re.compile(r"[|•»·›/]")
_URLISH = re.compile(r"https?://|www\.|@\w|\.com\b")
_DIGIT = re.compile(r"\d")
_WINDOW = 3  # segments on each side for the run features
_first = itemgetter(0)


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
        keys = [line_key(t) for t in segments.texts]
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
_CONTEXT = ("kept", "words", "link_share", "end", "tag", "stops")
# readability's opinion (newsclean.html.second_opinion): its kept share of the segment, over the
# window, of the neighbours; its share of the page; how much of trafilatura's choice it shares.
# All -1 when trafilatura did not run it.
_SECOND = ("rd_kept", "rd_window", "rd_kept@-1", "rd_kept@+1", "rd_page_share", "rd_agree")


def feature_names(vocabulary: tuple[str, ...]) -> list[str]:
    """Column names of :func:`matrix`, in order."""
    names = list(_TEXT_NAMES) + [f"in_{f}" for f in FLAGS]
    names += ["kept", "kept_any", "pos", "pos_chars", "main_distance", "kept_distance", "repeated",
              "run_short", "run_link", "win_kept", "win_words", "page_segments", "page_kept_share",
              "depth_vs_main"]
    for off in (-2, -1, 1, 2):
        names += [f"{name}@{off:+d}" for name in _CONTEXT]
    names += list(_SECOND)
    names += [f"cls_{t}" for t in vocabulary] + [f"up_{t}" for t in vocabulary]
    return names


def _text_row(text: str, stops: frozenset[str]) -> tuple[float, ...]:
    words = text.split()
    n = len(words)
    chars = len(text)
    last = text[-1]
    end = 1.0 if last in ".!?…" else 2.0 if last in _SENTENCE_END else 3.0 if last.isdigit() else 0.0
    caps = sum(map(str.isupper, map(_first, words))) / n
    stop = sum(map(stops.__contains__, text.lower().split())) / n
    return (chars, n, chars / n, end, caps, len(_DIGIT.findall(text)) / chars, stop,
            len(_SEPARATORS.findall(text)), 1.0 if _URLISH.search(text) else 0.0, 1.0 if text[0].isupper() else 0.0)


def _bits(values: list[int], width: int) -> np.ndarray:
    """Python ints (bit masks) → an (n, width) 0/1 float matrix."""
    if width == 0:
        return np.zeros((len(values), 0))
    nbytes = (width + 7) // 8
    raw = b"".join(v.to_bytes(nbytes, "little") for v in values)
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8).reshape(len(values), nbytes), axis=1, bitorder="little")
    return bits[:, :width].astype(np.float64)


def _shift(col: np.ndarray, off: int, fill: float = -1.0) -> np.ndarray:
    out = np.full_like(col, fill)
    if off > 0:
        out[:-off] = col[off:]
    else:
        out[-off:] = col[:off]
    return out


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
    ``second``: readability's kept share of each segment (:func:`align` of its text), if known."""
    n = len(segments)
    stops = stopwords()
    text = np.array([_text_row(t, stops) for t in segments.texts], dtype=np.float64).reshape(n, 10)
    chars = text[:, 0]
    link = np.minimum(np.asarray(segments.link_chars, dtype=np.float64) / np.maximum(chars, 1.0), 1.0)
    base = np.column_stack([
        chars, text[:, 1], link, text[:, 2], text[:, 3], text[:, 4], text[:, 5], text[:, 6], text[:, 7],
        text[:, 8], text[:, 9], np.asarray(segments.breaks, dtype=np.float64),
        np.asarray(segments.parts, dtype=np.float64), np.asarray(segments.tags, dtype=np.float64),
        np.asarray(segments.depth, dtype=np.float64)]) if n else np.zeros((0, len(_TEXT_NAMES)))
    flags = _bits(segments.flags, len(FLAGS))
    kept = alignment.kept
    idx = np.arange(n, dtype=np.float64)
    cum = np.cumsum(chars) - chars
    total = max(float(chars.sum()), 1.0)
    main = flags[:, FLAGS.index("main-block")] > 0
    main_distance = _distance_to(main)
    kept_distance = _distance_to(kept > 0.5)
    seen: dict[str, int] = {}
    for t in segments.texts:
        seen[t] = seen.get(t, 0) + 1
    repeated = np.array([seen[t] for t in segments.texts], dtype=np.float64)
    words = text[:, 1]
    short = words < 8
    run_short = _run_lengths(short)
    win_kept = _window_mean(kept)
    win_words = _window_mean(words)
    run_link = _window_mean(link)
    depth = base[:, 14]
    main_depth = float(np.median(depth[main])) if main.any() else 0.0
    page = np.column_stack([
        kept, (kept > 0).astype(np.float64), idx / max(n, 1), cum / total, main_distance, kept_distance,
        repeated, run_short, run_link, win_kept, win_words, np.full(n, float(n)),
        np.full(n, float((kept * chars).sum() / total)), depth - main_depth])
    context_cols = [kept, words, link, base[:, 4], base[:, 13], base[:, 7]]
    context = [_shift(col, off) for off in (-2, -1, 1, 2) for col in context_cols]
    own = _bits(segments.own, width)
    above = _bits(segments.above, width)
    if not n:
        return np.zeros((0, len(feature_names(("",) * width))))
    return np.column_stack([base, flags, page] + context + [_second(second, kept, chars), own, above])


def _second(rd: np.ndarray | None, kept: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """The _SECOND columns."""
    n = len(kept)
    if rd is None:
        return np.full((n, len(_SECOND)), -1.0)
    share = float((rd * chars).sum() / max(float(chars.sum()), 1.0))
    ours = kept > 0.5
    agree = float((ours & (rd > 0.5)).sum() / max(int(ours.sum()), 1))
    return np.column_stack([rd, _window_mean(rd), _shift(rd, -1), _shift(rd, 1), np.full(n, share), np.full(n, agree)])


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
