"""The line scorer as it was at c49b6ed (the merge that shipped the model), frozen: the
reference that the fast code in ``newsclean/model`` must match, feature for feature and score
for score (bench/line_model_speed.py checks it). Do not optimise this file; when the features
change on purpose (a retrained model), replace it with a copy of the new code.

Copied from newsclean/model/features.py (line_table, features), trees.py (TreeModel, as
ReferenceModel) and scorer.py (sequence, line_findings); only the module docstring and the imports differ,
and line_findings has main's later ``wordless`` mask (a rule of the loop, not a feature).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import repeat

import numpy as np

from newsclean.detect.registry import CLUTTER_DETECTORS, Finding
from newsclean.detect.wordlists import languages, read_list, read_sections
from newsclean.model.scorer import CODE, DETECTOR, MAX_LINES, MAX_ROUNDS, Model
from newsclean.model.trees import MODEL_FILE
from newsclean.text.lines import Document

# What the rules did to a line: the scorer scores lines with flag 0 or 1 and reads the others
# as context. Metadata lines are told apart because a title or byline above a line is a hint
# that the story starts there; clutter lines because clutter comes in runs.
FLAGS = {"kept": 0, "cut": 1, "clutter": 2, "title": 3, "byline": 4, "other-metadata": 5}
_FLAG_OF_CATEGORY = {"title": 3, "subtitle": 3, "byline": 4, "date": 4, "author-bio": 4,
                     "caption": 5, "tags": 5, "source-url": 5, "image": 5}


def flag_of(category: str) -> int:
    """The flag of a line that a rule of this category removed whole."""
    return _FLAG_OF_CATEGORY.get(category, FLAGS["clutter"])


_MAX_LINE = 2000  # characters of a line read for its shares and shapes (see line_table)
_LONG_CHARS = 80  # a line of running text: at least this long and ending like a sentence
_SHORT_CHARS = 60  # a line of a "run of short lines" (menus, teasers, widget labels)
_WINDOW = 3  # lines on each side for local densities

# Per-character classes, one bit each, looked up in a table for ASCII and computed once per
# distinct character otherwise.
_UPPER, _LOWER, _DIGIT, _PUNCT, _SPACE, _CJK, _STOP_END, _CODE = 1, 2, 4, 8, 16, 32, 64, 128
_SEP, _QUOTE, _CURRENCY, _CLOSER, _COPY, _COLON, _HASH = 256, 512, 1024, 2048, 4096, 8192, 16384
# Characters whose neighbours decide a shape (a clock time, a hashtag, a sentence break, a
# separator between spaces): found once, then looked at one by one in small arrays.
_SHAPE = _STOP_END | _SEP | _COLON | _HASH
_COUNTED = np.array([_UPPER, _LOWER, _DIGIT, _PUNCT, _CJK, _CODE, _QUOTE, _CURRENCY, _COPY], dtype=np.uint16)


def _char_bits(c: str) -> int:
    bits = 0
    if c.isupper():
        bits |= _UPPER
    elif c.islower():
        bits |= _LOWER
    elif c.isdigit():
        bits |= _DIGIT
    elif c.isspace():
        bits |= _SPACE
    elif c.isalpha():
        # Letters without case: CJK, kana, hangul, Thai… (counted as text, not punctuation)
        bits |= _CJK
    else:
        bits |= _PUNCT
    if c in ".!?\u2026\u3002\uff01\uff1f":
        bits |= _STOP_END
    if c in "{}[]()<>=;$\\`_":
        bits |= _CODE
    if c in "|\u00bb\u203a\u2022\u00b7/>":
        bits |= _SEP
    if c in "\"\u201c\u201d\u00ab\u00bb\u201e":
        bits |= _QUOTE
    if c in "$\u00a3\u20ac\u00a5":
        bits |= _CURRENCY
    if c in "\"')]\u201d\u2019\u00bb":
        bits |= _CLOSER
    if c in "\u00a9\u2117":
        bits |= _COPY
    if c == ":":
        bits |= _COLON
    if c == "#":
        bits |= _HASH
    return bits


_TABLE_SIZE = 0x3000  # Latin, Greek, Cyrillic, Arabic, Indic… and the punctuation blocks


@lru_cache(maxsize=1)
def _bits_table() -> np.ndarray:
    """The classes of every character below :data:`_TABLE_SIZE` (~10 ms, once)."""
    return np.array([_char_bits(chr(i)) for i in range(_TABLE_SIZE)], dtype=np.uint16)


def _classes(codes: np.ndarray) -> np.ndarray:
    """The class bits of each code point."""
    table = _bits_table()
    if not len(codes) or codes.max() < _TABLE_SIZE:
        return table[codes]
    bits = np.empty(len(codes), dtype=np.uint16)
    low = codes < _TABLE_SIZE
    bits[low] = table[codes[low]]
    wide = codes[~low]
    distinct = np.unique(wide)
    bits[~low] = np.array([_char_bits(chr(c)) for c in distinct.tolist()], dtype=np.uint16)[np.searchsorted(distinct, wide)]
    return bits

# Regular expressions that start with a literal, which the regex engine finds with a fast
# search; a pattern that starts with a character class is tried at every position (~30 times
# slower). The other shapes are counted over the array of code points.
_REGEXES = (("scheme", re.compile(r"://")), ("www", re.compile(r"www\.")),
            ("domain", re.compile(r"\.(?:com|org|net|co|io|gov|edu)\b")))
_AT = re.compile(r"@")
_YEAR_19 = re.compile(r"19\d\d\b")  # two literal-led patterns: each is a fast search
_YEAR_20 = re.compile(r"20\d\d\b")
_EMPTY_HASH = hash("")
_LIST_ITEM = re.compile(r"(?:-|\d{1,3}[.)])\s+\S")
# Deleted from words before they are looked up: ASCII punctuation (from the UTF-8 bytes, where
# an ASCII byte is always a whole character) and the common typographic marks.
_ASCII_PUNCT = bytes(c for c in range(33, 127) if not chr(c).isalnum() and chr(c) not in "'-")
_WIDE_PUNCT = "\u2018\u2019\u201c\u201d\u00ab\u00bb\u201e\u2026\u2013\u2014"

# The word lists' vocabulary, in groups of categories: a word of a clutter phrase in a line
# that no phrase matched whole ("Sign up for our briefing", "3 comments") is a hint.
VOCABULARY = {
    "vocab_subscribe": ("newsletter-plug", "paywall-notice", "login-notice", "notification-prompt",
                        "donation-appeal", "app-promo"),
    "vocab_related": ("related-link",),
    "vocab_social": ("share-prompt", "comment-form"),
    "vocab_commerce": ("advertisement", "affiliate-disclosure"),
    "vocab_legal": ("copyright-footer", "cookie-notice", "reporter-contact"),
}
_WORD_TOKEN = re.compile(r"^[^\W\d_][\w'-]*$")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, int]:
    """A map from a lower-cased word to bits: 1 for a function word and 2 for a word that
    addresses the reader, of every language with word lists; then one bit per group of
    :data:`VOCABULARY` for the words of the clutter phrases.

    All languages together: a share of them marks running text (or clutter) in any of these
    languages, and the union does not depend on which language the document was detected as
    (a cleaned body may be detected differently from the page it came from)."""
    bits: dict[str, int] = {}
    for lang in languages():
        for line in read_list(f"{lang}/stopwords.txt") + read_list(f"{lang}/function-words.txt"):
            for w in line.lower().split():
                bits[w] = bits.get(w, 0) | 1
        for w in read_list(f"{lang}/voice.txt"):
            bits[w.lower()] = bits.get(w.lower(), 0) | 2
    group_of = {c: g for g, (_, cats) in enumerate(VOCABULARY.items()) for c in cats}
    for lang in languages():
        for info in CLUTTER_DETECTORS:
            for items in read_sections(f"{lang}/clutter/{info.name}.txt").values():
                for _, pattern in items:
                    for token in pattern.lower().replace("\u2019", "'").split():
                        for word in token.split("|"):
                            if len(word) > 2 and _WORD_TOKEN.match(word) and not bits.get(word, 0) & 1:
                                bits[word] = bits.get(word, 0) | (4 << group_of[info.name])
    return bits


# Columns of the line table: what a line's own text says.
TABLE = ("words", "chars", "word_length", "end_stop", "end_colon", "end_comma", "end_question",
         "end_alnum", "start_upper", "start_lower", "start_digit", "start_other", "list_item",
         "cap_share", "upper_share", "digit_share", "punct_share", "code_share", "cjk_share",
         "stop_share", "voice_share", *VOCABULARY, "url", "handle", "hashtag", "separators", "quotes",
         "copyright", "year", "clock", "price", "sentences", "repeats")
_T = {name: i for i, name in enumerate(TABLE)}
# Line-table columns that are also given for the neighbours at -2, -1, +1, +2 (with the flag
# and "long").
_NEIGHBOUR = ("words", "end_stop", "cap_share", "stop_share", "list_item")
_CONTEXT = ("flag", "long", "lines", "position", "from_start", "from_end", "chars_before", "long_share",
            "in_main", "before_main", "after_main", "long_before", "long_after", "density",
            "run_length", "run_index", "run_words", "removed_near", "clutter_before", "clutter_after",
            "same_shape", "shared_words")
NAMES: tuple[str, ...] = (TABLE + _CONTEXT
                          + tuple(f"{name}@{d:+d}" for d in (-2, -1, 1, 2)
                                  for name in (*_NEIGHBOUR, "flag", "long")))


def _per_line(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over each line's characters (lines start at ``starts``)."""
    return np.add.reduceat(values, starts)


def _matches(regex: re.Pattern[str], text: str, starts: np.ndarray) -> np.ndarray:
    """How many times ``regex`` matches in each line of ``text``."""
    at = [m.start() for m in regex.finditer(text)]
    if not at:
        return np.zeros(len(starts))
    line = np.searchsorted(starts, np.array(at), side="right") - 1
    return np.bincount(line, minlength=len(starts)).astype(np.float64)


def _handles(text: str, starts: np.ndarray) -> np.ndarray:
    """@handles in each line (an "@" after a space or a line start, before a word character;
    not the "@" of an e-mail address)."""
    at = [m.start() for m in _AT.finditer(text)
          if (m.start() == 0 or text[m.start() - 1] in " \n(") and text[m.start() + 1:m.start() + 2].isalnum()]
    if not at:
        return np.zeros(len(starts))
    return np.bincount(np.searchsorted(starts, np.array(at), side="right") - 1,
                       minlength=len(starts)).astype(np.float64)


def _next(values: np.ndarray, d: int, fill: int = 0) -> np.ndarray:
    """``values`` shifted so that position i holds position i + d (``fill`` past the ends)."""
    out = np.full_like(values, fill)
    if d > 0:
        out[:-d] = values[d:]
    else:
        out[-d:] = values[:d]
    return out


class LineTable:
    """What each line's own text says (``rows``, columns :data:`TABLE`), and its content
    words (words of four letters or more that are not function words) as hashes, with the
    line each one is in, for the features that compare a line with the others."""

    __slots__ = ("rows", "word_line", "word_id", "first_in_line", "vocabulary", "line_id")

    def __init__(self, rows: np.ndarray, word_line: np.ndarray, word_id: np.ndarray,
                 first_in_line: np.ndarray, vocabulary: int, line_id: np.ndarray) -> None:
        self.rows, self.word_line, self.word_id = rows, word_line, word_id
        self.first_in_line, self.vocabulary = first_in_line, vocabulary
        self.line_id = line_id  # the same number for lines with the same (lower-cased) text

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, lines: np.ndarray) -> "LineTable":
        """The table of these lines only (indexes in increasing order), renumbered."""
        keep = np.zeros(len(self.rows), dtype=bool)
        keep[lines] = True
        number = np.cumsum(keep) - 1
        mine = keep[self.word_line]
        return LineTable(self.rows[lines], number[self.word_line[mine]], self.word_id[mine],
                         self.first_in_line[mine], self.vocabulary, self.line_id[lines])


def _count(at: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """How many of the character positions ``at`` fall in each line."""
    if not len(at):
        return np.zeros(len(starts))
    return np.bincount(np.searchsorted(starts, at, side="right") - 1, minlength=len(starts)).astype(np.float64)


def line_table(texts: list[str]) -> LineTable:
    """What each line's own text says. ``texts`` are the display texts of the non-blank lines
    in order (single-spaced, stripped, not empty)."""
    n = len(texts)
    full_chars = np.fromiter(map(len, texts), dtype=np.float64, count=n)
    full_words = np.fromiter(map(str.count, texts, repeat(" ")), dtype=np.float64, count=n) + 1
    if full_chars.max() > _MAX_LINE:
        # Shares and shapes of a very long line come from its start and its last two
        # characters: the work and memory per line stay bounded (one 5 MB line).
        texts = [t if len(t) <= _MAX_LINE else t[:_MAX_LINE - 2].rstrip() + t[-2:] for t in texts]
    text = "\n".join(texts)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bits = _classes(codes)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    ends = starts + lengths - 1
    chars = lengths.astype(np.float64)
    # Every class counted per line at once: one row per class, summed over each line.
    (upper_n, lower_n, digit_n, punct_n, cjk_n, code_n, quotes_n, price_n, copyright_n) = np.add.reduceat(
        (_COUNTED[:, None] & bits[None, :]) > 0, starts, axis=1, dtype=np.int64).astype(np.float64)
    words = np.fromiter(map(str.count, texts, repeat(" ")), dtype=np.float64, count=n) + 1
    # Word starts: line starts and the characters after a space.
    spaces = np.flatnonzero(codes == 32)
    word_starts = np.concatenate((starts, spaces + 1))
    caps_n = _count(word_starts[(bits[word_starts] & _UPPER) > 0], starts)
    # Shapes, from the few characters that may start one.
    padded = np.concatenate((bits, np.zeros(4, dtype=np.uint16)))
    padded_codes = np.concatenate((codes, np.zeros(4, dtype=np.uint32)))
    at = np.flatnonzero(bits & _SHAPE)
    kind = bits[at]
    before = np.where(at > 0, padded_codes[at - 1], 10)
    after = padded_codes[at + 1]
    space_before = (before == 32) | (before == 10)
    sentence = at[((kind & _STOP_END) > 0) & (after == 32) & ((padded[at + 2] & _UPPER) > 0)]
    separator = at[((kind & _SEP) > 0) & space_before & ((after == 32) | (after == 10) | (after == 0))]
    hashtag = at[((kind & _HASH) > 0) & space_before & ((padded[at + 1] & (_UPPER | _LOWER)) > 0)]
    clock = at[((kind & _COLON) > 0) & ((padded[at - 1] & _DIGIT) > 0) & ((padded[at + 1] & _DIGIT) > 0)
               & ((padded[at + 2] & _DIGIT) > 0) & ((padded[at + 3] & _DIGIT) == 0)]
    year_n = _matches(_YEAR_19, text, starts) + _matches(_YEAR_20, text, starts)

    last_bits = bits[ends]
    last = codes[ends]
    # A sentence may end inside closing quotes or brackets: look one character further back.
    closer = (last_bits & _CLOSER) > 0
    inner_at = np.maximum(ends - 1, starts)
    inner = codes[inner_at]
    end_stop = ((last_bits & _STOP_END) > 0) | (closer & ((bits[inner_at] & _STOP_END) > 0))
    first_bits = bits[starts]
    list_item = np.fromiter((t[0] in "-0123456789" and _LIST_ITEM.match(t) is not None for t in texts),
                            dtype=bool, count=n)

    # Word lists: one split of the whole document; line i has words[i] of the words.
    lexicon = _lexicon()
    low = text.lower()
    lows = low.split("\n")
    low = low.replace("\n", " ")
    for mark in _WIDE_PUNCT:
        if mark in low:
            low = low.replace(mark, "")
    tokens = low.encode("utf-8", "surrogatepass").translate(None, _ASCII_PUNCT).decode("utf-8", "surrogatepass").split(" ")
    first_token = np.zeros(n, dtype=np.int64)
    np.cumsum(words[:-1].astype(np.int64), out=first_token[1:])
    hits = np.fromiter(map(lexicon.get, tokens, repeat(0)), dtype=np.int64, count=len(tokens))
    per_word = np.unpackbits(hits.astype(np.uint8)[:, None], axis=1, bitorder="little")[:, :2 + len(VOCABULARY)]
    per_line = np.add.reduceat(per_word, first_token, axis=0, dtype=np.int64).astype(np.float64)
    # Content words (not function words, not empty) as hashes, for comparing lines.
    hashes = np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens))
    content = ((hits & 1) == 0) & (hashes != _EMPTY_HASH)
    word_line = np.repeat(np.arange(n), words.astype(np.int64))[content]

    out = np.empty((n, len(TABLE)))
    out[:, _T["words"]] = full_words
    out[:, _T["chars"]] = full_chars
    out[:, _T["word_length"]] = full_chars / full_words
    out[:, _T["end_stop"]] = end_stop
    out[:, _T["end_colon"]] = last == 58
    out[:, _T["end_comma"]] = (last == 44) | (last == 59)
    out[:, _T["end_question"]] = (last == 63) | (closer & (inner == 63))
    out[:, _T["end_alnum"]] = (last_bits & (_UPPER | _LOWER | _DIGIT | _CJK)) > 0
    out[:, _T["start_upper"]] = (first_bits & _UPPER) > 0
    out[:, _T["start_lower"]] = (first_bits & _LOWER) > 0
    out[:, _T["start_digit"]] = (first_bits & _DIGIT) > 0
    out[:, _T["start_other"]] = (first_bits & _PUNCT) > 0
    out[:, _T["list_item"]] = list_item
    out[:, _T["cap_share"]] = caps_n / words
    out[:, _T["upper_share"]] = upper_n / np.maximum(upper_n + lower_n, 1)
    out[:, _T["digit_share"]] = digit_n / chars
    out[:, _T["punct_share"]] = punct_n / chars
    out[:, _T["code_share"]] = code_n / chars
    out[:, _T["cjk_share"]] = cjk_n / chars
    first_word = _T["stop_share"]
    out[:, first_word:first_word + per_line.shape[1]] = per_line / words[:, None]
    out[:, _T["url"]] = sum(_matches(regex, text, starts) for _, regex in _REGEXES)
    out[:, _T["handle"]] = _handles(text, starts) if "@" in text else 0.0
    out[:, _T["hashtag"]] = _count(hashtag, starts)
    out[:, _T["separators"]] = _count(separator, starts)
    out[:, _T["quotes"]] = quotes_n
    out[:, _T["copyright"]] = copyright_n
    out[:, _T["year"]] = year_n
    out[:, _T["clock"]] = _count(clock, starts)
    out[:, _T["price"]] = price_n
    out[:, _T["sentences"]] = _count(sentence, starts)
    ids: dict[str, int] = {}
    line_id = np.fromiter((ids.setdefault(low, len(ids)) for low in lows), dtype=np.int64, count=n)
    out[:, _T["repeats"]] = 0.0  # filled by features(): it counts the lines present
    # Each content word as a number, and whether it is the first of its kind in its line.
    vocabulary, word_id = np.unique(hashes[content], return_inverse=True)
    first = np.zeros(len(word_id), dtype=bool)
    if len(word_id):
        _, at = np.unique(word_line * len(vocabulary) + word_id, return_index=True)
        first[at] = True
    return LineTable(out, word_line, word_id.ravel(), first, len(vocabulary), line_id)


def _shift(values: np.ndarray, d: int, fill: float = -1.0) -> np.ndarray:
    """``values`` of the line ``d`` lines away (``fill`` past either end)."""
    out = np.full_like(values, fill)
    if d > 0:
        out[:-d] = values[d:]
    else:
        out[-d:] = values[:d]
    return out


def _lines_to(masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each column of ``masks`` (lines × k): lines from each line to the nearest marked
    line before it and after it, itself excluded; the number of lines + 1 when there is none."""
    n = len(masks)
    idx = np.arange(n, dtype=np.float64)[:, None]
    big = float(n + 1)
    last = np.full(masks.shape, -big)
    last[1:] = np.where(masks[:-1], idx[:-1], -big)
    before = np.minimum(idx - np.maximum.accumulate(last, axis=0), big)
    nxt = np.full(masks.shape, 3 * big)
    nxt[:-1] = np.where(masks[1:], idx[1:], 3 * big)
    after = np.minimum(np.minimum.accumulate(nxt[::-1], axis=0)[::-1] - idx, big)
    return before, after


def _window_sums(values: np.ndarray) -> np.ndarray:
    """Sums of each column of ``values`` (lines × k) over each line and the :data:`_WINDOW`
    lines on each side."""
    n = len(values)
    total = np.zeros((n + 1, values.shape[1]))
    np.cumsum(values, axis=0, out=total[1:])
    at = np.arange(n)
    return total[np.minimum(at + _WINDOW + 1, n)] - total[np.maximum(at - _WINDOW, 0)]


def _main_block(long: np.ndarray, chars: np.ndarray) -> tuple[int, int]:
    """The run of lines richest in running text: the maximum-sum stretch where a long line
    counts its characters and any other line costs a short line's worth."""
    score = np.where(long, chars, -float(_SHORT_CHARS))
    total = np.concatenate(([0.0], np.cumsum(score)))
    gain = total[1:] - np.minimum.accumulate(total[:-1])
    end = int(np.argmax(gain))
    start = int(np.argmin(total[:end + 1]))
    return start, end  # lines start..end inclusive


def _shared_words(table: LineTable, n: int) -> np.ndarray:
    """For each line, the share of its content words that other lines use too (-1 for a line
    without content words): a teaser of another story shares few words with the article."""
    if not len(table.word_id):
        return np.full(n, -1.0)
    lines_with = np.bincount(table.word_id, weights=table.first_in_line, minlength=table.vocabulary)
    elsewhere = lines_with[table.word_id] > 1
    total = np.bincount(table.word_line, minlength=n)
    shared = np.bincount(table.word_line, weights=elsewhere, minlength=n)
    return np.where(total > 0, shared / np.maximum(total, 1), -1.0)


def features(lines: LineTable, flags: np.ndarray, extra: np.ndarray | None = None) -> np.ndarray:
    """One row per line, columns :data:`NAMES` (then ``extra``'s): the :func:`line_table`
    of the lines in order, and their :data:`FLAGS` codes."""
    table = lines.rows
    n = len(table)
    words, chars = table[:, _T["words"]], table[:, _T["chars"]]
    end_stop = table[:, _T["end_stop"]] > 0
    flag = flags.astype(np.float64)
    removed = flags >= FLAGS["clutter"]
    long = end_stop & (chars >= _LONG_CHARS) & ~removed
    idx = np.arange(n, dtype=np.float64)
    first_main, last_main = _main_block(long, chars) if long.any() else (n, -1)
    short = chars < _SHORT_CHARS
    # Runs of consecutive short lines: each line gets its run's length and its place in it.
    change = np.empty(n, dtype=bool)
    change[0] = True
    change[1:] = short[1:] != short[:-1]
    run_id = np.cumsum(change) - 1
    run_len = np.bincount(run_id)[run_id].astype(np.float64)
    run_start = np.flatnonzero(change)[run_id]
    run_words = np.bincount(run_id, weights=words)[run_id] / run_len
    clutter = flags == FLAGS["clutter"]
    shape = np.log1p(words)
    longf = long.astype(np.float64)
    out = np.empty((n, len(NAMES) + (0 if extra is None else extra.shape[1])))
    k = len(TABLE)
    out[:, :k] = table
    # How often the same text occurs among the lines present (a context feature, recounted
    # each round: a menu repeated in a removed footer is not a repeat in the body).
    out[:, _T["repeats"]] = np.bincount(lines.line_id)[lines.line_id] - 1 if n else 0.0
    before, after = _lines_to(np.column_stack((long, clutter)))
    sums = _window_sums(np.column_stack((longf, np.ones(n), removed)))
    next_shape = np.full((n, 2), 99.0)
    next_shape[1:, 0] = shape[:-1]
    next_shape[:-1, 1] = shape[1:]
    context = (
        flag, longf, np.full(n, float(n)), idx / max(n - 1, 1), idx, n - 1 - idx,
        (np.cumsum(chars) - chars) / chars.sum(), np.full(n, longf.mean()),
        (idx >= first_main) & (idx <= last_main),
        np.maximum(first_main - idx, 0),
        np.maximum(idx - last_main, 0) if last_main >= 0 else np.full(n, n + 1.0),
        before[:, 0], after[:, 0],
        sums[:, 0] / sums[:, 1],
        np.where(short, run_len, 0), np.where(short, idx - run_start, -1), np.where(short, run_words, -1),
        sums[:, 2] - removed,
        before[:, 1], after[:, 1],
        (np.abs(shape[:, None] - next_shape) < 0.3).sum(axis=1),
        _shared_words(lines, n),
    )
    for column in context:
        out[:, k] = column
        k += 1
    near = np.column_stack([table[:, _T[name]] for name in _NEIGHBOUR] + [flag, longf])
    for d in (-2, -1, 1, 2):
        out[:, k:k + near.shape[1]] = _shift(near, d)
        k += near.shape[1]
    if extra is not None:
        out[:, k:] = extra
    return out


# --- from newsclean/model/trees.py (TreeModel, renamed ReferenceModel) ---

_BLOCK = 512  # rows walked through the trees at once


def _category_of(group: str) -> str:
    """The category that names a vocabulary group's removals: its first (the commonest)."""
    return VOCABULARY[group][0]


class ReferenceModel:
    """A binary classifier: the probability that a line is boilerplate."""

    def __init__(self, feature: np.ndarray, threshold: np.ndarray, value: np.ndarray,
                 names: tuple[str, ...], meta: dict) -> None:
        trees, internal = feature.shape
        self.depth = int(np.log2(internal + 1))
        if 2 ** self.depth - 1 != internal or value.shape != (trees, 2 * internal + 1):
            raise ValueError("line model: trees are not complete binary trees of one depth")
        self.names = names
        self.meta = meta
        self.trees = trees
        self.internal = internal
        self.feature = feature.astype(np.intp).ravel()
        self.split = threshold.astype(np.float64).ravel()
        # value[t, k]: the tree's output at node k (internal nodes: the mean of their leaves,
        # used to say which features moved a score; nodes >= internal are the leaves).
        self.value = value.astype(np.float64)
        self.leaf = np.ascontiguousarray(self.value[:, internal:]).ravel()
        self.tree_base = np.arange(trees, dtype=np.intp) * internal
        self.leaf_base = np.arange(trees, dtype=np.intp) * (internal + 1)
        self.thresholds = {key: float(v) for key, v in meta.get("thresholds", {}).items()}

    @classmethod
    def load(cls, path) -> "ReferenceModel":
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            model = cls(data["feature"], data["threshold"], data["value"], tuple(meta["names"]), meta)
        if model.names != NAMES:
            raise ValueError("line model: its features are not this version's (retrain: python -m newsclean.train)")
        return model

    def save(self, path) -> None:
        value = self.value
        np.savez_compressed(path, feature=self.feature.reshape(self.trees, self.internal).astype(np.int16),
                            threshold=self.split.reshape(self.trees, self.internal),
                            value=value.astype(np.float32), meta=np.array(json.dumps(self.meta)))

    def _walk(self, rows: np.ndarray) -> np.ndarray:
        """The node (heap index) that each row reaches in each tree: (rows, trees)."""
        n, width = rows.shape
        flat = rows.ravel()
        start = (np.arange(n, dtype=np.intp) * width)[:, None]
        node = np.zeros((n, self.trees), dtype=np.intp)
        for _ in range(self.depth):
            at = node + self.tree_base
            node = 2 * node + 1 + (flat[start + self.feature[at]] > self.split[at])
        return node

    def margin(self, rows: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds) of ``rows``, in blocks: the (rows × trees) arrays of one
        block stay small for a text of very many lines."""
        out = np.empty(len(rows))
        for at in range(0, len(rows), _BLOCK):
            node = self._walk(rows[at:at + _BLOCK])
            out[at:at + _BLOCK] = self.leaf[node - self.internal + self.leaf_base].sum(axis=1)
        return out

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Boilerplate probabilities of ``rows`` (one per row)."""
        return 1.0 / (1.0 + np.exp(-self.margin(rows)))

    def threshold(self, favor: str | None) -> float:
        return self.thresholds["precision" if favor == "precision" else "recall" if favor == "recall" else "default"]

    def contributions(self, rows: np.ndarray) -> np.ndarray:
        """How much each feature moved each row's log-odds (the change of node value at each
        split on the row's path, credited to the split's feature): (rows, features)."""
        n, width = rows.shape
        out = np.zeros((n, width))
        flat = rows.ravel()
        start = (np.arange(n, dtype=np.intp) * width)[:, None]
        node = np.zeros((n, self.trees), dtype=np.intp)
        tree = np.arange(self.trees)
        line = np.repeat(np.arange(n), self.trees)
        for _ in range(self.depth):
            at = node + self.tree_base
            feature = self.feature[at]
            child = 2 * node + 1 + (flat[start + feature] > self.split[at])
            delta = self.value[tree, child] - self.value[tree, node]
            np.add.at(out, (line, feature.ravel()), delta.ravel())
            node = child
        return out

    def explain(self, rows: np.ndarray) -> list[tuple[str, list[tuple[str, float]]]]:
        """For each row: the category it looks like and its three strongest features
        (name, value), strongest first."""
        contrib = self.contributions(rows)
        out = []
        for row, c in zip(rows, contrib):
            top = [int(k) for k in np.argsort(-c)[:3] if c[k] > 0]
            out.append((self._category(row, top), [(self.names[k], float(row[k])) for k in top]))
        return out

    def _category(self, row: np.ndarray, top: list[int]) -> str:
        """A clutter category when one of the three strongest features is the share of the
        line's words from that category's word lists (or a © for copyright-footer); else
        "boilerplate"."""
        for k in top:
            name = self.names[k]
            if name in VOCABULARY and row[k] > 0:
                return _category_of(name)
            if name == "copyright" and row[k] > 0:
                return "copyright-footer"
        return "boilerplate"


def reference_model() -> ReferenceModel:
    """The shipped model file, read by the reference code."""
    with resources.as_file(resources.files("newsclean") / "data" / "model" / MODEL_FILE) as path:
        return ReferenceModel.load(path)


# --- from newsclean/model/scorer.py (sequence, line_findings) ---

def sequence(doc: Document, findings: Sequence[Finding]) -> tuple[list[int], list[str], np.ndarray, list[tuple[int, int]]]:
    """The scorer's view of a document after the rules: for each non-blank line, its index,
    the text the body would keep of it, its flag, and where that text is in the line."""
    cuts: dict[int, list[Finding]] = {}
    for f in findings:
        cuts.setdefault(f.index, []).append(f)
    indexes: list[int] = []
    texts: list[str] = []
    flags: list[int] = []
    spans: list[tuple[int, int]] = []
    for i, line in enumerate(doc.lines):
        text = line.text
        if not text:
            continue
        mine = cuts.get(i)
        if not mine:
            indexes.append(i)
            texts.append(text)
            flags.append(0)
            spans.append((0, len(text)))
            continue
        gaps = _uncut(text, mine)
        indexes.append(i)
        if not gaps:
            texts.append(text)
            flags.append(flag_of(mine[0].category))
            spans.append((0, len(text)))
        elif len(gaps) > 1:
            # Cut in the middle (the rules do not do that): read as removed context.
            texts.append(" ".join(text.split()))
            flags.append(FLAGS["clutter"])
            spans.append((0, len(text)))
        else:
            start, end = gaps[0]
            texts.append(" ".join(text[start:end].split()))
            flags.append(FLAGS["cut"])
            spans.append((start, end))
    return indexes, texts, np.array(flags, dtype=np.int8), spans


def _uncut(text: str, cuts: list[Finding]) -> list[tuple[int, int]]:
    """The stretches of ``text`` that no finding covers and that hold more than spaces,
    trimmed of spaces."""
    gaps = []
    at = 0
    for f in sorted(cuts, key=lambda f: f.start):
        if f.start > at:
            gaps.append((at, f.start))
        at = max(at, f.end)
    if at < len(text):
        gaps.append((at, len(text)))
    out = []
    for a, b in gaps:
        piece = text[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((a + lead, a + len(piece.rstrip())))
    return out


def line_findings(doc: Document, findings: Sequence[Finding], model: Model, favor: str | None = None) -> list[Finding]:
    """The scorer's removals in a document that the rules have already cleaned (``findings``)."""
    indexes, texts, flags, spans = sequence(doc, findings)
    if not texts or len(texts) > MAX_LINES:
        return []
    threshold = model.threshold(favor)
    table = line_table(texts)
    # A line without a letter or a digit (a markdown table's rule line, "* * *") is layout,
    # not clutter: the scorer leaves it to the body's markdown.
    wordless = np.fromiter((not any(c.isalnum() for c in t) for t in texts), dtype=bool, count=len(texts))
    active = np.arange(len(texts))
    round_flags = flags
    out: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        rows = features(table.take(active), round_flags)
        scores = model.predict(rows)
        take = (scores > threshold) & (round_flags <= FLAGS["cut"]) & ~wordless[active]
        if not take.any():
            if not round_flags.any():
                break  # this round saw what the body keeps, as a second cleaning will
            # Rule-removed lines or flags were in view: confirm on the body's lines alone.
            active = active[round_flags <= FLAGS["cut"]]
            if not len(active):
                break
            round_flags = np.zeros(len(active), dtype=np.int8)
            continue
        chosen = np.flatnonzero(take)
        for k, (category, strongest) in zip(chosen, model.explain(rows[chosen])):
            pos = int(active[k])
            start, end = spans[pos]
            out.append(Finding(indexes[pos], start, end, category, DETECTOR,
                               _reason(float(scores[k]), threshold, strongest), code=CODE, score=float(scores[k])))
        # Later rounds see what the body keeps: the lines still in, without flags.
        active = active[(round_flags <= FLAGS["cut"]) & ~take]
        if not len(active):
            break
        round_flags = np.zeros(len(active), dtype=np.int8)
    return out


def _reason(score: float, threshold: float, strongest: list[tuple[str, float]]) -> str:
    shown = ", ".join(f"{name}={value:g}" for name, value in strongest)
    return f"line scorer {score:.2f} > {threshold:.2f}" + (f" (strongest: {shown})" if shown else "")
