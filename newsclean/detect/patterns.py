"""Word-list patterns and the one-pass matcher that finds them.

A pattern in a word-list file is a phrase, matched case-insensitively on whole words::

    sign up for ... newsletter      "..." stands for up to six other words (a name)
    read more|continue reading      "a|b" is either word
    support ... : help *            a lone punctuation token sticks to the word before it;
                                    a final "*" is the rest of the sentence
    email ... at <email>            <email>, <handle> (@name), <url> and <num> match those shapes
    ... can be reached at <email>   a leading "..." is up to twelve words before the phrase

Punctuation between words is optional in the text ("this site, you agree" matches
"this site you agree"), so a pattern need not spell it.

Each pattern has an *anchor*, its longest literal word. One Aho-Corasick pass over the
whole lowercased document finds every anchor; only the lines that contain an anchor are
checked against the full pattern. Patterns without a wildcard in the ``[line]`` section
are plain strings looked up in a set. Every compiled regex is linear: wildcards are
bounded and no quantifier is nested inside another unbounded one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Iterator

import ahocorasick_rs

__all__ = ["Rule", "compile_pattern", "translate_pattern", "RuleBook", "line_key", "PatternError"]

KINDS = ("line", "label", "sentence")
_GAP = r"(?:[^\w\s]{0,3}\s+\S+){0,6}?"
# Lazy, so a match ends with its words; the caller extends it to the sentence boundary.
_REST = r"[^.!?\n]{0,600}?[.!?]{0,3}"
_SURROGATE = re.compile("[\ud800-\udfff]")
_PUNCT_ONLY = re.compile(r"^[^\w\s]+$")
_ATTACHED = re.compile(r"^[,.:;?!)]+$")
_SHAPES = {
    "<email>": r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}",
    "<handle>": r"@\w{1,30}",
    "<url>": r"(?:https?://|www\.)\S{1,500}",
    "<num>": r"[(\[]?\d[\d,.]{0,12}[)\]]?",
}
# Between two words: maybe a little punctuation (a comma, a colon, a dash), then space.
_BETWEEN = r"[^\w\s]{0,3}\s+"
# Each lead word starts where a word starts: otherwise every position inside a long word is a
# start whose "\S+" backtracks over the rest of the word, quadratic in the word's length.
_LEAD = r"(?:(?<!\S)\S+\s+){0,12}?"
# What may surround a label on its own line: spaces, bullets, arrows, quotes, brackets,
# a colon or a full stop, emoji. Code characters (= ; { }) are not stripped, so "name = x;"
# is not the label "name".
_EDGE_START = re.compile(r"^[\s\-–—•·*:|»›>#\"'“”‘’(\[\u2190-\u2bff\U0001f000-\U0001faff\ufe0f]+")
_TRAILING = r"[\s\-–—•·*:|»›<\"'“”‘’)\].,!?…\u2190-\u2bff\U0001f000-\U0001faff\ufe0f]"
# Tried only where a run starts: from every position inside a long run of punctuation,
# "+$" would rescan the rest of the run (quadratic).
_EDGE_END = re.compile(rf"(?<!{_TRAILING}){_TRAILING}+$")
# The ASCII characters of those two classes, for str.strip().
_START_ASCII = "".join(c for c in map(chr, range(128)) if _EDGE_START.match(c))
_TRAILING_ASCII = "".join(c for c in map(chr, range(128)) if re.fullmatch(_TRAILING, c))


_COMMON = frozenset("the to for our you your get and a an of in on at it is are this that with".split())


class PatternError(ValueError):
    """A word-list pattern that cannot be compiled (the message names file and line)."""


@dataclass(frozen=True)
class Rule:
    """One pattern of one detector: what it is, where it was written, and how it matches."""

    detector: str
    category: str
    kind: str
    pattern: str
    source: str
    expression: str | None  # the regular expression; None for a plain ``line`` phrase
    anchors: tuple[str, ...]
    code: str = ""  # its removals' code, when not "<detector>.<kind>" (a user rule's own)
    cite: str = ""  # where the reason says it is written, when not its file (a user rule: file and line)

    @cached_property
    def regex(self) -> re.Pattern[str] | None:
        """The compiled expression, compiled on first use: a batch worker or a one-file run
        needs a fraction of the ~600 rules of a language, and compiling all took 0.13 s."""
        return re.compile(self.expression) if self.expression is not None else None

    @property
    def reason(self) -> str:
        # The file without its line number: stable when the word list is edited elsewhere.
        return f'{self.kind} pattern "{self.pattern}" ({self.cite or self.source.rsplit(":", 1)[0]})'


def line_key(low: str) -> str:
    """A lowercased line without surrounding punctuation, for exact whole-line lookups."""
    if low[:1].isalnum() and low[-1:].isalnum():
        return low
    # str.strip() takes the ASCII edges at a tenth of the regexes' cost; they are needed
    # only when a non-ASCII character ("“", "→", an emoji) is left at an edge.
    key = low.lstrip(_START_ASCII).rstrip(_TRAILING_ASCII)
    if key and (key[0] > "\x7f" or key[-1] > "\x7f"):
        return _EDGE_END.sub("", _EDGE_START.sub("", low))
    return key


def _alternatives(token: str) -> list[str]:
    if _PUNCT_ONLY.match(token):
        return [token]  # "|" or "•" between buttons is itself text
    # A comma after a word is optional anyway (see _BETWEEN), so "story|article," is both.
    return [alt.rstrip(",") for alt in token.split("|") if alt.rstrip(",")]


def _is_literal(token: str) -> bool:
    # Punctuation does not anchor a pattern, except a symbol such as "©".
    return token not in ("...", "*") and token not in _SHAPES and (
        not _PUNCT_ONLY.match(token) or not token.isascii())


def _anchors(tokens: list[str]) -> tuple[str, ...]:
    """The longest run of literal words (up to three), with each of its alternatives spelt out.

    A phrase ("more from") is a far rarer hit than its longest word ("more"), and the
    display text has single spaces, so the run can be looked up as it is written.
    """
    runs: list[list[str]] = [[]]
    for tok in tokens:
        if tok in ("...", "*") or tok in _SHAPES:
            runs.append([])
        else:
            runs[-1].append(tok)
            if tok[-1] == "," and not _PUNCT_ONLY.match(tok):
                runs.append([])  # the text may or may not have the comma: no phrase across it
    best: tuple[str, ...] = ()
    for run in runs:
        if not run or not any(_is_literal(t) for t in run):
            continue
        phrases = [""]
        words = 0
        for tok in run:
            words += not _PUNCT_ONLY.match(tok)
            if words > 3:
                break  # a long phrase is more likely to differ in the text (a comma, a dash)
            # ":" or "?" sticks to the word before it; "|", "•" or "©" stands apart.
            glue = "" if _ATTACHED.match(tok) else " "
            phrases = [(p + glue + alt) if p else alt for p in phrases for alt in _alternatives(tok)]
            if len(phrases) > 16:  # too many spellings: keep the run up to here
                break
        candidate = tuple(phrases[:16])
        if not best or min(map(len, candidate)) > min(map(len, best)):
            best = candidate
    return best


def compile_pattern(pattern: str, kind: str, where: str) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """Compile a pattern to (regex, anchors); regex is None for a plain ``line`` phrase."""
    expression, anchors = translate_pattern(pattern, kind, where)
    try:
        return (re.compile(expression) if expression is not None else None), anchors
    except re.error as exc:  # pragma: no cover - escaped tokens always compile
        raise PatternError(f"{where}: {exc}") from exc


def translate_pattern(pattern: str, kind: str, where: str) -> tuple[str | None, tuple[str, ...]]:
    """A pattern as (regular expression, anchors), not compiled; the expression is None for a
    plain ``line`` phrase. Raises PatternError for a pattern that breaks the syntax above."""
    tokens = pattern.lower().translate(str.maketrans("\u2019", "'")).split()
    if not tokens:
        raise PatternError(f"{where}: empty pattern")
    if "*" in tokens[:-1]:
        raise PatternError(f"{where}: '*' may only end a pattern")
    lead = tokens[0] == "..." and len(tokens) > 1
    if lead:
        tokens = tokens[1:]
    literal = [t for t in tokens if _is_literal(t)]
    if not literal:
        raise PatternError(f"{where}: pattern has no word to anchor on")
    if kind == "line" and all(t not in ("...", "*") and t not in _SHAPES and len(_alternatives(t)) == 1
                              for t in tokens):
        return None, (line_key(" ".join(tokens)),)
    anchors = _anchors(tokens)
    if not anchors or min(len(a) if a.isascii() else 2 for a in anchors) < 2:
        raise PatternError(f"{where}: anchor '{anchors[0]}' is too short")
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok == "...":
            out.append(_GAP)
            continue
        if tok == "*":
            out.append(r"(?P<rest>\s*" + _REST + ")")
            continue
        if tok in _SHAPES:
            body = _SHAPES[tok]
        else:
            body = "(?:" + "|".join(re.escape(a) for a in _alternatives(tok)) + ")"
        if i and tokens[i - 1] != "...":
            out.append(r"\s*" if _PUNCT_ONLY.match(tok) else _BETWEEN)
        elif i:
            out.append(r"\s*" if _PUNCT_ONLY.match(tok) else _BETWEEN)
        out.append(body)
    regex = (_LEAD if lead else "") + "".join(out)
    # No look-behind for a word boundary at the start: "line" and "label" rules are anchored
    # at the line start, and "sentence" matches must start on a sentence boundary, which may
    # sit inside a glued word ("…logged inPlease refresh…").
    if tokens[-1] != "*" and re.search(r"\w$", tokens[-1]):
        regex += r"(?!\w)"
    if kind == "line":
        regex = r"^[\W_]*" + regex + r"[\W_]*$"
    elif kind == "label":
        regex = r"^[\W_]*" + regex
    return regex, anchors


class RuleBook:
    """All rules of the enabled detectors, indexed for one pass over a document."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: list[Rule] = list(rules)
        self.exact: dict[str, Rule] = {}
        self.longest_exact = 0
        by_anchor: dict[str, list[int]] = {}
        for index, rule in enumerate(self.rules):
            if rule.expression is None:
                self.exact.setdefault(rule.anchors[0], rule)
                self.longest_exact = max(self.longest_exact, len(rule.anchors[0]))
                continue
            for anchor in rule.anchors:
                by_anchor.setdefault(anchor, []).append(index)
        self._anchors = list(by_anchor)
        self._rules_of = [tuple(indexes) for indexes in by_anchor.values()]
        # A DFA: built once per rule set, then a scan costs about 6 µs per KB of text (four
        # times pyahocorasick's iterator here, which turns every hit into a Python tuple).
        self._automaton = ahocorasick_rs.AhoCorasick(
            self._anchors, implementation=ahocorasick_rs.Implementation.DFA) if by_anchor else None

    def anchor_hits(self, low: str) -> list[tuple[int, int, int]]:
        """(anchor index, start, end) of every anchor occurrence in ``low``, overlaps included."""
        if self._automaton is None:
            return []
        try:
            return self._automaton.find_matches_as_indexes(low, overlapping=True)
        except UnicodeEncodeError:
            # Lone surrogates cannot go to the matcher as UTF-8; one U+FFFD each keeps offsets.
            return self._automaton.find_matches_as_indexes(_SURROGATE.sub("\ufffd", low), overlapping=True)

    def candidates(self, low: str, starts: list[int]) -> Iterator[tuple[int, Rule]]:
        """Yield (line index, rule) once for each rule whose anchor occurs in that line."""
        seen: set[tuple[int, int]] = set()
        # No word-boundary test on hits: a glued sentence ("…logged inPlease…") starts
        # mid-word, and the full pattern and sentence bounds are checked on each hit anyway.
        for anchor, start, _end in self.anchor_hits(low):
            line = bisect.bisect_right(starts, start) - 1
            for index in self._rules_of[anchor]:
                if (line, index) not in seen:
                    seen.add((line, index))
                    yield line, self.rules[index]
