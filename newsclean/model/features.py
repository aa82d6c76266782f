"""Features of the lines of one document, for the line scorer.

Everything here is a function of the ordered non-blank lines' display text (what the body
keeps: no link markup, no blank-line structure, no line numbers, no title), of one flag per
line saying what the word-list rules already took, and of nothing else: cleaning a cleaned
body then sees the same features for the same lines (see :mod:`newsclean.model.scorer`).

Two steps, so that the scorer's later rounds (on fewer lines) redo only the second:
:func:`line_table` reads each line's own text (a few passes over the whole document: one
array of code points, a handful of regular expressions, one split into words); then
:func:`features` adds the context (position, the densest run of long paragraphs, runs of short
lines, the neighbours at ±1 and ±2, the rules' flags around) with numpy over the lines.

Columns are named (:data:`NAMES`); :func:`features` takes ``extra`` columns (per line) for
callers that know more about a line than its text (the HTML path's block features).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate, count, repeat

import numpy as np

from newsclean.detect.registry import CLUTTER_DETECTORS
from newsclean.detect.wordlists import languages, read_list, read_sections
from newsclean.text.lines import is_list_item

__all__ = ["FLAGS", "NAMES", "TABLE", "LineTable", "features", "line_table", "flag_of", "VOCABULARY"]

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

# Per-character classes, looked up in a table for the code points below _TABLE_SIZE and
# computed once per distinct character above. Exactly one of the six "kinds" is set (its
# number is also stored from bit _KIND_SHIFT on, so that counting the kinds of every line is
# one bincount); the other bits mark characters that count or that may start a shape.
_UPPER, _LOWER, _DIGIT, _PUNCT, _SPACE, _CJK = 1, 2, 4, 8, 16, 32
_KINDS = (_UPPER, _LOWER, _DIGIT, _PUNCT, _SPACE, _CJK)
_STOP_END, _CODE, _SEP, _QUOTE, _CURRENCY, _CLOSER = 64, 128, 256, 512, 1024, 2048
_COPY, _COLON, _HASH = 4096, 8192, 16384
_DROP = 1 << 15  # deleted from words before they are looked up (see _DROPPED)
_SPECIAL_LOWER = 1 << 16  # str.lower() gives it more than one character, or looks at its neighbours
_KIND_SHIFT = 17
# Characters whose neighbours decide a shape (a clock time, a hashtag, a sentence break, a
# separator between spaces), and the rare ones counted per line (code, quotes, currency,
# copyright): found once, then looked at in small arrays.
_SHAPE = _STOP_END | _SEP | _COLON | _HASH
_RARE = _CODE | _QUOTE | _CURRENCY | _COPY
_MARKED = _SHAPE | _RARE | _SPECIAL_LOWER
# Deleted from words before they are looked up: ASCII punctuation but ' and -, and the common
# typographic marks. No other character lower-cases to one of them, and they lower-case to
# themselves (tests/test_line_model.py checks it), so they can be deleted before or after
# lower-casing.
_DROPPED = frozenset(chr(c) for c in range(33, 127) if not chr(c).isalnum() and chr(c) not in "'-") | frozenset(
    "\u2018\u2019\u201c\u201d\u00ab\u00bb\u201e\u2026\u2013\u2014")


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
    if c in _DROPPED:
        bits |= _DROP
    if len(c.lower()) != 1 or c == "\u03a3":  # "İ" becomes two characters; "Σ" is "ς" at a word's end
        bits |= _SPECIAL_LOWER
    return bits | _KINDS.index(bits & 63) << _KIND_SHIFT


def _lower_code(c: str) -> int:
    """The code point of ``c.lower()`` (``c`` itself when that is not one character)."""
    low = c.lower()
    return ord(low) if len(low) == 1 else ord(c)


_TABLE_SIZE = 0x3000  # Latin, Greek, Cyrillic, Arabic, Indic… and the punctuation blocks


def code_point_table(classify: Callable[[str], int], dtype: type = np.uint32) -> np.ndarray:
    """``classify`` of every character below :data:`_TABLE_SIZE`, as an array to index by code
    point (for :func:`code_point_classes`)."""
    return np.array([classify(chr(i)) for i in range(_TABLE_SIZE)], dtype=dtype)


def code_point_classes(codes: np.ndarray, widest: int,
                       *tables: tuple[np.ndarray, Callable[[str], int]]) -> list[np.ndarray]:
    """For each (table, classify) pair, its value for each of ``codes`` (``widest``: the largest
    code point): looked up in the table below :data:`_TABLE_SIZE`, computed once per distinct
    character above (the HTML block features use it too)."""
    if widest < _TABLE_SIZE:
        return [table[codes] for table, _ in tables]
    low = codes < _TABLE_SIZE
    distinct, at = np.unique(codes[~low], return_inverse=True)
    chars = [chr(c) for c in distinct.tolist()]
    out = []
    for table, classify in tables:
        values = np.empty(len(codes), dtype=table.dtype)
        values[low] = table[codes[low]]
        values[~low] = np.array([classify(c) for c in chars], dtype=table.dtype)[at]
        out.append(values)
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """The classes and the lower-case code point of every character below :data:`_TABLE_SIZE`
    (~15 ms, once)."""
    return code_point_table(_char_bits), code_point_table(_lower_code)


def _classes(codes: np.ndarray, widest: int) -> tuple[np.ndarray, np.ndarray]:
    """The class bits and the lower-case code point of each code point (``widest``: the
    largest)."""
    bits_table, lower_table = _tables()
    bits, lowered = code_point_classes(codes, widest, (bits_table, _char_bits), (lower_table, _lower_code))
    return bits, lowered


def _decode(codes: np.ndarray, widest: int) -> str:
    """The text of an array of code points (``widest``: an upper bound of the largest)."""
    if widest < 0xD800:  # no surrogates: two bytes a character
        return codes.astype(np.uint16).tobytes().decode("utf-16-le")
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


# Regular expressions that start with a literal, which the regex engine finds with a fast
# search; a pattern that starts with a character class is tried at every position (~30 times
# slower). The other shapes are counted over the array of code points.
_REGEXES = (("scheme", re.compile(r"://")), ("www", re.compile(r"www\.")),
            ("domain", re.compile(r"\.(?:com|org|net|co|io|gov|edu)\b")))
_AT = re.compile(r"@")
_YEAR_19 = re.compile(r"19\d\d\b")  # two literal-led patterns: each is a fast search
_YEAR_20 = re.compile(r"20\d\d\b")
# The same deletion on UTF-8 bytes (an ASCII byte is always a whole character), for texts that
# str.lower() must lower-case (see _SPECIAL_LOWER).
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


def _positions(regex: re.Pattern[str], text: str) -> list[int]:
    """Where ``regex`` matches in ``text``."""
    return [m.start() for m in regex.finditer(text)]


def _handles(text: str) -> list[int]:
    """Where @handles start (an "@" after a space or a line start, before a word character;
    not the "@" of an e-mail address)."""
    return [m.start() for m in _AT.finditer(text)
            if (m.start() == 0 or text[m.start() - 1] in " \n(") and text[m.start() + 1:m.start() + 2].isalnum()]


class LineTable:
    """What each line's own text says (``rows``, columns :data:`TABLE`); which lines have the
    same (lower-cased) text (``line_id``); and, for the features that compare a line's words
    with the other lines', its content words (words of four letters or more that are not
    function words): each distinct (line, word) pair once, with how often the word is in the
    line.

    Also, per line, what every round of :func:`features` reads and that does not depend on the
    other lines: words, characters, whether the text is long running text, whether it is
    short, log(1 + words), and the columns given for the neighbours (``near``)."""

    __slots__ = ("rows", "line_id", "pair_line", "pair_word", "pair_count", "vocabulary",
                 "words", "chars", "long_text", "short", "shape", "near")

    def __init__(self, rows: np.ndarray, line_id: np.ndarray, pair_line: np.ndarray, pair_word: np.ndarray,
                 pair_count: np.ndarray, vocabulary: int) -> None:
        self.rows, self.line_id = rows, line_id
        self.pair_line, self.pair_word, self.pair_count = pair_line, pair_word, pair_count
        self.vocabulary = vocabulary  # word numbers are below this
        self.words = rows[:, _T["words"]].copy()
        self.chars = rows[:, _T["chars"]].copy()
        self.long_text = (rows[:, _T["end_stop"]] > 0) & (self.chars >= _LONG_CHARS)
        self.short = self.chars < _SHORT_CHARS
        self.shape = np.log1p(self.words)
        self.near = rows[:, _NEAR]

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, lines: np.ndarray) -> "LineTable":
        """The table of these lines only (indexes in increasing order), renumbered."""
        if len(lines) == len(self.rows):
            return self  # all of them
        keep = np.zeros(len(self.rows), dtype=bool)
        keep[lines] = True
        number = np.cumsum(keep) - 1
        mine = keep[self.pair_line]
        out = LineTable.__new__(LineTable)
        out.rows, out.line_id = self.rows[lines], self.line_id[lines]
        out.pair_line, out.pair_word, out.pair_count = number[self.pair_line[mine]], self.pair_word[mine], self.pair_count[mine]
        out.vocabulary = self.vocabulary
        out.words, out.chars, out.shape = self.words[lines], self.chars[lines], self.shape[lines]
        out.long_text, out.short, out.near = self.long_text[lines], self.short[lines], self.near[lines]
        return out


# Events counted per line with one bincount, in the order of the line table's columns from
# "url" to "sentences", then two that feed shares.
_EVENTS = ("url", "handle", "hashtag", "separators", "quotes", "copyright", "year", "clock", "price",
           "sentences", "code", "caps")


def _words(text: str, lowered: np.ndarray, bits: np.ndarray, widest: int, special: bool) -> tuple[list[str], list[str]]:
    """The lower-cased lines, and the words of the text: split at spaces and line breaks,
    lower-cased, without the characters of :data:`_DROPPED`. From the code points when
    lower-casing is one character to one; else with str.lower() (Greek capital sigma)."""
    if not special:
        lows = _decode(lowered, widest).split("\n")
        kept = lowered[(bits & _DROP) == 0]
        kept[kept == 10] = 32
        return lows, _decode(kept, widest).split(" ")
    low = text.lower()
    lows = low.split("\n")
    low = low.replace("\n", " ")
    for mark in _WIDE_PUNCT:
        if mark in low:
            low = low.replace(mark, "")
    data = low.encode("utf-8", "surrogatepass").translate(None, _ASCII_PUNCT)
    return lows, data.decode("utf-8", "surrogatepass").split(" ")


_NO_EVENTS = np.empty(0, dtype=np.intp)


def line_table(texts: list[str]) -> LineTable:
    """What each line's own text says. ``texts`` are the display texts of the non-blank lines
    in order (single-spaced, stripped, not empty)."""
    n = len(texts)
    full_chars = np.fromiter(map(len, texts), dtype=np.intp, count=n)
    full_words = np.fromiter(map(str.count, texts, repeat(" ")), dtype=np.intp, count=n) + 1
    chars, words = full_chars, full_words
    if full_chars.max() > _MAX_LINE:
        # Shares and shapes of a very long line come from its start and its last two
        # characters: the work and memory per line stay bounded (one 5 MB line).
        texts = [t if len(t) <= _MAX_LINE else t[:_MAX_LINE - 2].rstrip() + t[-2:] for t in texts]
        chars = np.fromiter(map(len, texts), dtype=np.intp, count=n)
        words = np.fromiter(map(str.count, texts, repeat(" ")), dtype=np.intp, count=n) + 1
    text = "\n".join(texts)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    widest = int(codes.max())
    bits, lowered = _classes(codes, widest)
    starts = np.zeros(n, dtype=np.intp)
    np.cumsum(chars[:-1] + 1, out=starts[1:])
    ends = starts + chars - 1
    line_of = np.repeat(np.arange(n), chars + 1)[:len(codes)]  # a line break goes with the line before
    # The six kinds of character, counted for every line at once.
    kinds = np.bincount(line_of * 6 + (bits >> _KIND_SHIFT), minlength=6 * n).reshape(n, 6)
    upper_n, lower_n, digit_n, punct_n, cjk_n = (kinds[:, _KINDS.index(k)] for k in (_UPPER, _LOWER, _DIGIT, _PUNCT, _CJK))

    # Shapes and rare characters, from the few characters that may start one.
    padded = np.concatenate((bits, np.zeros(4, dtype=np.uint32)))
    padded_codes = np.concatenate((codes, np.zeros(4, dtype=np.uint32)))
    at = np.flatnonzero(bits & _MARKED)
    kind = bits[at]
    after = padded_codes[at + 1]
    # The classes present at all: an event whose characters are absent (most texts have no
    # "#", "©" or currency sign) costs no array operations.
    present = int(np.bitwise_or.reduce(kind, initial=0))
    if present & (_HASH | _SEP):
        before = np.where(at > 0, padded_codes[at - 1], 10)
        space_before = (before == 32) | (before == 10)
    # Word starts: line starts and the characters after a space; a capitalised word starts
    # with an upper-case letter.
    word_starts = np.concatenate((starts, np.flatnonzero(codes == 32) + 1))
    none = _NO_EVENTS
    events = (
        np.array(_positions(_REGEXES[0][1], text) + _positions(_REGEXES[1][1], text)
                 + _positions(_REGEXES[2][1], text), dtype=np.intp),
        np.array(_handles(text) if "@" in text else [], dtype=np.intp),
        at[((kind & _HASH) > 0) & space_before & ((padded[at + 1] & (_UPPER | _LOWER)) > 0)]
        if present & _HASH else none,
        at[((kind & _SEP) > 0) & space_before & ((after == 32) | (after == 10) | (after == 0))]
        if present & _SEP else none,
        at[(kind & _QUOTE) > 0] if present & _QUOTE else none,
        at[(kind & _COPY) > 0] if present & _COPY else none,
        np.array(_positions(_YEAR_19, text) + _positions(_YEAR_20, text), dtype=np.intp),
        at[((kind & _COLON) > 0) & ((padded[at - 1] & _DIGIT) > 0) & ((padded[at + 1] & _DIGIT) > 0)
           & ((padded[at + 2] & _DIGIT) > 0) & ((padded[at + 3] & _DIGIT) == 0)]
        if present & _COLON else none,
        at[(kind & _CURRENCY) > 0] if present & _CURRENCY else none,
        at[((kind & _STOP_END) > 0) & (after == 32) & ((padded[at + 2] & _UPPER) > 0)]
        if present & _STOP_END else none,
        at[(kind & _CODE) > 0] if present & _CODE else none,
        word_starts[(bits[word_starts] & _UPPER) > 0],
    )
    event_line = line_of[np.concatenate(events)]
    event_kind = np.repeat(np.arange(len(_EVENTS)), [len(e) for e in events])
    counted = np.bincount(event_line * len(_EVENTS) + event_kind, minlength=len(_EVENTS) * n).reshape(n, len(_EVENTS))

    last_bits = bits[ends]
    last = codes[ends]
    # A sentence may end inside closing quotes or brackets: look one character further back.
    closer = (last_bits & _CLOSER) > 0
    inner_at = np.maximum(ends - 1, starts)
    inner = codes[inner_at]
    end_stop = ((last_bits & _STOP_END) > 0) | (closer & ((bits[inner_at] & _STOP_END) > 0))
    list_item = [float(is_list_item(t)) for t in texts]

    # Words: one split of the whole text (line i has words[i] of them).
    lows, tokens = _words(text, lowered, bits, widest, bool(present & _SPECIAL_LOWER))
    # Each word looked up in the lexicon; then only the content words (not function words,
    # not empty) are numbered (each distinct one by its first place among them), for the
    # (line, word) pairs: numbering every word cost more than looking them all up.
    count_ = len(tokens)
    hits = np.fromiter(map(_lexicon().get, tokens, repeat(0)), dtype=np.uint8, count=count_)
    first_token = np.zeros(n, dtype=np.intp)
    np.cumsum(words[:-1], out=first_token[1:])
    per_word = np.unpackbits(hits[:, None], axis=1, bitorder="little")[:, :2 + len(VOCABULARY)]
    per_line = np.add.reduceat(per_word, first_token, axis=0, dtype=np.intp)
    # Content words: each (line, word) pair once, with its count.
    content_at = np.flatnonzero((hits & 1) == 0)
    content_words = list(map(tokens.__getitem__, content_at.tolist()))
    numbers: dict[str, int] = {}
    word = np.fromiter(map(numbers.setdefault, content_words, count()), dtype=np.intp, count=len(content_words))
    token_line = np.repeat(np.arange(n), words)[content_at]
    if "" in numbers:
        real = word != numbers[""]
        word, token_line = word[real], token_line[real]
    key = token_line * count_ + word
    key.sort()
    new = np.empty(len(key), dtype=bool)
    new[:1] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    pair_at = np.flatnonzero(new)
    pair_line, pair_word = np.divmod(key[pair_at], count_)
    pair_count = np.empty(len(pair_at), dtype=np.intp)
    np.subtract(pair_at[1:], pair_at[:-1], out=pair_count[:-1])
    pair_count[-1:] = len(key) - pair_at[-1:]

    out = np.empty((n, len(TABLE)))
    out[:, _T["words"]] = full_words
    out[:, _T["chars"]] = full_chars
    out[:, _T["word_length"]] = full_chars / full_words
    out[:, _T["end_stop"]] = end_stop
    out[:, _T["end_colon"]] = last == 58
    out[:, _T["end_comma"]] = (last == 44) | (last == 59)
    out[:, _T["end_question"]] = (last == 63) | (closer & (inner == 63))
    out[:, _T["end_alnum"]] = (last_bits & (_UPPER | _LOWER | _DIGIT | _CJK)) > 0
    out[:, _T["start_upper"]:_T["start_other"] + 1] = (bits[starts][:, None] & _START_KINDS) > 0
    out[:, _T["list_item"]] = list_item
    out[:, _T["cap_share"]] = counted[:, -1] / words
    out[:, _T["upper_share"]] = upper_n / np.maximum(upper_n + lower_n, 1)
    out[:, _T["digit_share"]] = digit_n / chars
    out[:, _T["punct_share"]] = punct_n / chars
    out[:, _T["code_share"]] = counted[:, -2] / chars
    out[:, _T["cjk_share"]] = cjk_n / chars
    first_word = _T["stop_share"]
    out[:, first_word:first_word + per_line.shape[1]] = per_line / words[:, None]
    out[:, _T["url"]:_T["sentences"] + 1] = counted[:, :-2]
    out[:, _T["repeats"]] = 0.0  # filled by features(): it counts the lines present
    numbers = {}
    line_id = np.fromiter(map(numbers.setdefault, lows, count()), dtype=np.intp, count=n)
    return LineTable(out, line_id, pair_line, pair_word, pair_count, count_)


_START_KINDS = np.array([_UPPER, _LOWER, _DIGIT, _PUNCT], dtype=np.uint32)


def _lines_to(masks: np.ndarray, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each column of ``masks`` (lines × k): lines from each line to the nearest marked
    line before it and after it, itself excluded; the number of lines + 1 when there is none.
    ``idx``: the line numbers as a column of floats."""
    n = len(masks)
    big = float(n + 1)
    last = np.empty(masks.shape)
    last[0] = -big
    np.copyto(last[1:], idx[:-1], where=masks[:-1])
    np.copyto(last[1:], -big, where=~masks[:-1])
    before = np.minimum(idx - np.maximum.accumulate(last, axis=0), big)
    nxt = np.empty(masks.shape)
    nxt[-1] = 3 * big
    np.copyto(nxt[:-1], idx[1:], where=masks[1:])
    np.copyto(nxt[:-1], 3 * big, where=~masks[1:])
    after = np.minimum(np.minimum.accumulate(nxt[::-1], axis=0)[::-1] - idx, big)
    return before, after


@lru_cache(maxsize=64)
def _window(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of ``n`` lines, where the :data:`_WINDOW` lines on each side start and end
    (and how many lines that is)."""
    at = np.arange(n)
    low, high = np.maximum(at - _WINDOW, 0), np.minimum(at + _WINDOW + 1, n)
    return low, high, high - low


_INDEX = np.arange(4096, dtype=np.float64)  # line numbers as floats (a view of it for most texts)


def _main_block(long: np.ndarray, chars: np.ndarray) -> tuple[int, int]:
    """The run of lines richest in running text: the maximum-sum stretch where a long line
    counts its characters and any other line costs a short line's worth."""
    total = np.zeros(len(long) + 1)
    np.cumsum(np.where(long, chars, -float(_SHORT_CHARS)), out=total[1:])
    gain = total[1:] - np.minimum.accumulate(total[:-1])
    end = int(np.argmax(gain))
    start = int(np.argmin(total[:end + 1]))
    return start, end  # lines start..end inclusive


def _shared_words(table: LineTable, n: int) -> np.ndarray:
    """For each line, the share of its content words that other lines use too (-1 for a line
    without content words): a teaser of another story shares few words with the article."""
    if not len(table.pair_word):
        return np.full(n, -1.0)
    lines_with = np.bincount(table.pair_word, minlength=table.vocabulary)
    elsewhere = lines_with[table.pair_word] > 1
    total = np.bincount(table.pair_line, weights=table.pair_count, minlength=n)
    shared = np.bincount(table.pair_line, weights=table.pair_count * elsewhere, minlength=n)
    out = shared / np.maximum(total, 1)
    out[total == 0] = -1.0
    return out


# Where the context columns and the neighbours' columns are in a row of features.
_C = {name: len(TABLE) + i for i, name in enumerate(_CONTEXT)}
_AROUND_AT = len(TABLE) + len(_CONTEXT)
_NEAR = np.array([_T[name] for name in _NEIGHBOUR])
_NEAR_WIDTH = len(_NEIGHBOUR) + 2  # with the flag and "long"


# Up to this many lines, the context columns are computed line by line in plain Python: on a
# page of 40 lines numpy's per-call overhead (1-10 µs a call, ~60 calls) costs more than the
# arithmetic; above it, with numpy over all lines at once (:func:`_context_numpy`).
_FEW_LINES = 160
# The context columns that the few-lines path writes as one block.
_BLOCK = (_C["chars_before"], _C["same_shape"] + 1)


@lru_cache(maxsize=64)
def _places(n: int) -> np.ndarray:
    """The columns "position", "from_start" and "from_end" of ``n`` lines (they depend on
    ``n`` only, and a document's rounds see the same few ``n``)."""
    idx = np.arange(n, dtype=np.float64)
    return np.column_stack((idx / max(n - 1, 1), idx, (n - 1) - idx))


def features(lines: LineTable, flags: np.ndarray, extra: np.ndarray | None = None) -> np.ndarray:
    """One row per line, columns :data:`NAMES` (then ``extra``'s): the :func:`line_table`
    of the lines in order, and their :data:`FLAGS` codes.

    The shipped model was trained on these values bit for bit: both ways of computing the
    context (:func:`_context_few`, :func:`_context_numpy`) compute exactly what the plain
    formula in their comments would (integer-valued sums, one division each). A round
    without flags (what the body keeps: every round but the first) skips what flags alone
    decide."""
    n = len(lines)
    out = np.empty((n, len(NAMES) + (0 if extra is None else extra.shape[1])))
    out[:, :len(TABLE)] = lines.rows
    # How often the same text occurs among the lines present (a context feature, recounted
    # each round: a menu repeated in a removed footer is not a repeat in the body).
    out[:, _T["repeats"]] = np.bincount(lines.line_id)[lines.line_id] - 1
    c = _C
    out[:, c["flag"]] = flags
    long: list[bool] | np.ndarray
    if n <= _FEW_LINES:
        long = _context_few(lines, flags, out)
    else:
        long = _context_numpy(lines, flags, out)
    out[:, c["lines"]] = n
    out[:, c["position"]:c["from_end"] + 1] = _places(n)
    out[:, c["shared_words"]] = _shared_words(lines, n)
    # The neighbours' columns: rows of a copy padded with two rows of -1 each side.
    near = np.empty((n + 4, _NEAR_WIDTH))
    near[:2] = -1.0
    near[-2:] = -1.0
    near[2:-2, :-2] = lines.near
    near[2:-2, -2] = flags
    near[2:-2, -1] = long
    at = _AROUND_AT
    for d in (0, 1, 3, 4):  # the lines at -2, -1, +1, +2
        out[:, at:at + _NEAR_WIDTH] = near[d:d + n]
        at += _NEAR_WIDTH
    if extra is not None:
        out[:, at:] = extra
    return out


def _context_few(lines: LineTable, flags: np.ndarray, out: np.ndarray) -> list[bool]:
    """The context columns "long" and :data:`_BLOCK` of a few lines, line by line; returns
    the "long" column. Integer arithmetic on Python numbers, then one division where the
    formula has one: the same doubles as numpy's."""
    n = len(lines)
    chars: list[float] = lines.chars.tolist()
    words: list[float] = lines.words.tolist()
    big = n + 1.0  # "no such line" in the distances
    flagged = bool(flags.any())
    if flagged:
        codes: list[int] = flags.tolist()
        removed = [f >= FLAGS["clutter"] for f in codes]
        long = [t and not r for t, r in zip(lines.long_text.tolist(), removed)]
    else:
        long = lines.long_text.tolist()
    # chars_before = (cumsum(chars) - chars) / chars.sum()
    total = 0.0
    before_chars = []
    for ch in chars:
        before_chars.append(total)
        total += ch
    chars_before = [b / total for b in before_chars]
    long_lines = long.count(True)
    long_share = [long_lines / n] * n
    # The main block: the maximum-sum stretch (_main_block), first maximum and first minimum.
    if long_lines:
        running = lowest = 0.0
        prefix = [0.0]
        best, last = -math.inf, 0
        for i in range(n):
            running += chars[i] if long[i] else -float(_SHORT_CHARS)
            if running - lowest > best:
                best, last = running - lowest, i
            if running < lowest:
                lowest = running
            prefix.append(running)
        head = prefix[:last + 1]
        first = head.index(min(head))
        in_main = [0.0] * first + [1.0] * (last + 1 - first) + [0.0] * (n - 1 - last)
        before_main = [float(first - i) for i in range(first)] + [0.0] * (n - first)
        after_main = [0.0] * (last + 1) + [float(i - last) for i in range(last + 1, n)]
    else:
        in_main = [0.0] * n
        before_main = [float(n - i) for i in range(n)]
        after_main = [n + 1.0] * n
    # density: long lines among the _WINDOW lines on each side (and the line), by running counts.
    seen = [0, *accumulate(long)]
    window = _window_list(n)
    density = [(seen[high] - seen[low]) / size for low, high, size in window]
    long_before, long_after = _distances(long, big)
    if flagged:
        clutter_before, clutter_after = _distances([f == FLAGS["clutter"] for f in codes], big)
        gone = [0, *accumulate(removed)]
        removed_near = [float(gone[high] - gone[low] - r) for (low, high, _), r in zip(window, removed)]
    else:
        clutter_before = clutter_after = [big] * n
        removed_near = [0.0] * n
    # Runs of consecutive short lines: length, place in the run, mean words (0, -1, -1 for a
    # line that is not short).
    short: list[bool] = lines.short.tolist()
    run_length, run_index, run_words = [0.0] * n, [-1.0] * n, [-1.0] * n
    start = 0
    while start < n:
        end = start + 1
        while end < n and short[end] == short[start]:
            end += 1
        if short[start]:
            size = end - start
            summed = 0.0
            for i in range(start, end):
                summed += words[i]
            mean = summed / size
            for i in range(start, end):
                run_length[i], run_index[i], run_words[i] = size, i - start, mean
        start = end
    # same_shape: neighbours at ±1 whose log(1 + words) is within 0.3.
    shape: list[float] = lines.shape.tolist()
    similar = [abs(b - a) < 0.3 for a, b in zip(shape, shape[1:])]
    same_shape = [a + b for a, b in zip([False, *similar], [*similar, False])]
    out[:, _C["long"]] = long
    columns = (chars_before, long_share, in_main, before_main, after_main, long_before, long_after,
               density, run_length, run_index, run_words, removed_near, clutter_before, clutter_after,
               same_shape)
    out[:, _BLOCK[0]:_BLOCK[1]].T[...] = columns
    return long


def _distances(marked: list[bool], big: float) -> tuple[list[float], list[float]]:
    """Lines from each line to the nearest marked line before it and after it (itself
    excluded); ``big`` when there is none (as :func:`_lines_to`). Built a stretch between
    two marked lines at a time (1, 2, 3… after one; …3, 2, 1 before the next)."""
    n = len(marked)
    at = [i for i, m in enumerate(marked) if m]
    if not at:
        return [big] * n, [big] * n
    up = _COUNTING[:n + 1] if n < len(_COUNTING) else [float(i) for i in range(n + 1)]
    before = [big] * (at[0] + 1)  # nothing marked before the first marked line
    for a, b in zip(at, [*at[1:], n]):
        before.extend(up[1:b - a + 1] if b < n else up[1:n - a])
    after = up[at[0]:0:-1]
    for a, b in zip(at, at[1:]):
        after.extend(up[b - a:0:-1])
    after.extend([big] * (n - at[-1]))  # nothing marked after the last one
    return before, after


_COUNTING = [float(i) for i in range(4097)]  # 0.0, 1.0, 2.0…: slices of it are the distances


@lru_cache(maxsize=256)
def _window_list(n: int) -> list[tuple[int, int, int]]:
    """:func:`_window` as a list of (low, high, size) for the line-by-line path."""
    return list(zip(*(a.tolist() for a in _window(n))))


def _context_numpy(lines: LineTable, flags: np.ndarray, out: np.ndarray) -> np.ndarray:
    """The context columns "long" and :data:`_BLOCK` of many lines, with numpy over all
    lines at once; returns the "long" column."""
    n = len(lines)
    words, chars = lines.words, lines.chars
    flagged = bool(flags.any())
    if flagged:
        removed = flags >= FLAGS["clutter"]
        long = lines.long_text & ~removed
    else:
        long = lines.long_text
    idx = _INDEX[:n] if n <= len(_INDEX) else np.arange(n, dtype=np.float64)
    c = _C
    out[:, c["long"]] = long
    total_chars = np.cumsum(chars)
    out[:, c["chars_before"]] = (total_chars - chars) / total_chars[-1]
    long_lines = int(np.count_nonzero(long))
    out[:, c["long_share"]] = long_lines / n  # long.mean()
    if long_lines:
        first, last = _main_block(long, chars)
        # in_main = first <= idx <= last, before_main = max(first - idx, 0),
        # after_main = max(idx - last, 0)
        out[:, c["in_main"]] = 0.0
        out[first:last + 1, c["in_main"]] = 1.0
        out[:first, c["before_main"]] = first - idx[:first]
        out[first:, c["before_main"]] = 0.0
        out[:last + 1, c["after_main"]] = 0.0
        out[last + 1:, c["after_main"]] = idx[last + 1:] - last
    else:
        out[:, c["in_main"]] = 0.0
        out[:, c["before_main"]] = n - idx
        out[:, c["after_main"]] = n + 1.0
    low, high, size = _window(n)
    # Sums over each line and the _WINDOW lines on each side, from running totals.
    long_total = np.zeros(n + 1)
    np.cumsum(long, out=long_total[1:])
    out[:, c["density"]] = (long_total[high] - long_total[low]) / size
    if flagged:
        clutter = flags == FLAGS["clutter"]
        masks = np.empty((n, 2), dtype=bool)
        masks[:, 0], masks[:, 1] = long, clutter
        before, after = _lines_to(masks, idx[:, None])
        out[:, c["long_before"]], out[:, c["long_after"]] = before[:, 0], after[:, 0]
        out[:, c["clutter_before"]], out[:, c["clutter_after"]] = before[:, 1], after[:, 1]
        removed_total = np.zeros(n + 1)
        np.cumsum(removed, out=removed_total[1:])
        out[:, c["removed_near"]] = removed_total[high] - removed_total[low] - removed
    else:
        before, after = _lines_to(long[:, None], idx[:, None])
        out[:, c["long_before"]], out[:, c["long_after"]] = before[:, 0], after[:, 0]
        out[:, c["clutter_before"]:c["clutter_after"] + 1] = n + 1.0  # no clutter line: n + 1
        out[:, c["removed_near"]] = 0.0
    # Runs of consecutive short lines: each line gets its run's length, its place in it and
    # the run's mean words (run_length 0, run_index and run_words -1 for a line not short).
    short = lines.short
    change = np.empty(n, dtype=bool)
    change[0] = True
    np.not_equal(short[1:], short[:-1], out=change[1:])
    run_start = np.flatnonzero(change)
    run_len = np.empty(len(run_start), dtype=np.intp)
    np.subtract(run_start[1:], run_start[:-1], out=run_len[:-1])
    run_len[-1] = n - run_start[-1]
    runs = out[:, c["run_length"]:c["run_words"] + 1]
    runs[:, 0] = np.repeat(run_len, run_len)
    runs[:, 1] = idx - np.repeat(run_start, run_len)
    runs[:, 2] = np.repeat(np.add.reduceat(words, run_start) / run_len, run_len)
    runs[~short] = (0.0, -1.0, -1.0)
    # Lines at ±1 of about the same number of words (log scale).
    similar = np.abs(np.diff(lines.shape)) < 0.3
    same = out[:, c["same_shape"]]
    same[:] = 0.0
    same[1:] += similar
    same[:-1] += similar
    return long
