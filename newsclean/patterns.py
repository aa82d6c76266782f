"""Word-list patterns and the one-pass matcher that finds them.

A pattern in a word-list file is a phrase, matched case-insensitively on whole words::

    sign up for ... newsletter      "..." stands for up to six other words (a name)
    read more|continue reading      "a|b" is either word
    support ... : help *            a lone punctuation token sticks to the word before it;
                                    a final "*" is the rest of the sentence
    email ... at <email>            <email>, <handle> (@name) and <url> match those shapes

Each pattern has an *anchor*, its longest literal word. One Aho-Corasick pass over the
whole lowercased document finds every anchor; only the lines that contain an anchor are
checked against the full pattern. Patterns without a wildcard in the ``[line]`` section
are plain strings looked up in a set. Every compiled regex is linear: wildcards are
bounded and no quantifier is nested inside another unbounded one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

import ahocorasick

__all__ = ["Rule", "compile_pattern", "RuleBook", "line_key", "PatternError"]

KINDS = ("line", "label", "sentence")
_GAP = r"(?:\s+\S+){0,6}?"
# Lazy, so a match ends with its words; the caller extends it to the sentence boundary.
_REST = r"[^.!?\n]{0,600}?[.!?]{0,3}"
_PUNCT_ONLY = re.compile(r"^[^\w\s]+$")
_SHAPES = {
    "<email>": r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}",
    "<handle>": r"@\w{1,30}",
    "<url>": r"(?:https?://|www\.)\S{1,500}",
}
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


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
    regex: re.Pattern[str] | None
    anchors: tuple[str, ...]

    @property
    def reason(self) -> str:
        return f'{self.kind} pattern "{self.pattern}" ({self.source})'


def line_key(low: str) -> str:
    """A lowercased line without surrounding punctuation, for exact whole-line lookups."""
    return _EDGE.sub("", low)


def _alternatives(token: str) -> list[str]:
    return [alt for alt in token.split("|") if alt]


def compile_pattern(pattern: str, kind: str, where: str) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """Compile a pattern to (regex, anchors); regex is None for a plain ``line`` phrase."""
    tokens = pattern.lower().translate(str.maketrans({"\u2019": "'"})).split()
    if not tokens:
        raise PatternError(f"{where}: empty pattern")
    if "*" in tokens[:-1]:
        raise PatternError(f"{where}: '*' may only end a pattern")
    literal = [t for t in tokens if t not in ("...", "*") and t not in _SHAPES and not _PUNCT_ONLY.match(t)]
    if not literal:
        raise PatternError(f"{where}: pattern has no word to anchor on")
    if kind == "line" and all(t not in ("...", "*") and t not in _SHAPES and "|" not in t for t in tokens):
        return None, (line_key(" ".join(tokens)),)
    anchor_token = max(literal, key=lambda t: min(len(a) for a in _alternatives(t)))
    anchors = tuple(_alternatives(anchor_token))
    if min(len(a) for a in anchors) < 2:
        raise PatternError(f"{where}: anchor '{anchor_token}' is too short")
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
        if i and tokens[i - 1] != "*":
            out.append(r"\s*" if _PUNCT_ONLY.match(tok) else r"\s+")
        out.append(body)
    regex = "".join(out)
    # No look-behind for a word boundary at the start: "line" and "label" rules are anchored
    # at the line start, and "sentence" matches must start on a sentence boundary, which may
    # sit inside a glued word ("…logged inPlease refresh…").
    if tokens[-1] != "*" and re.search(r"\w$", tokens[-1]):
        regex += r"(?!\w)"
    if kind == "line":
        regex = r"^[\W_]*" + regex + r"[\W_]*$"
    elif kind == "label":
        regex = r"^[\W_]*" + regex
    try:
        return re.compile(regex), anchors
    except re.error as exc:  # pragma: no cover - escaped tokens always compile
        raise PatternError(f"{where}: {exc}") from exc


class RuleBook:
    """All rules of the enabled detectors, indexed for one pass over a document."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: list[Rule] = list(rules)
        self.exact: dict[str, Rule] = {}
        self._automaton = ahocorasick.Automaton()
        by_anchor: dict[str, list[int]] = {}
        for index, rule in enumerate(self.rules):
            if rule.regex is None:
                self.exact.setdefault(rule.anchors[0], rule)
                continue
            for anchor in rule.anchors:
                by_anchor.setdefault(anchor, []).append(index)
        for anchor, indexes in by_anchor.items():
            self._automaton.add_word(anchor, tuple(indexes))
        self._empty = not by_anchor
        if not self._empty:
            self._automaton.make_automaton()

    def candidates(self, low: str, starts: list[int]) -> Iterator[tuple[int, Rule]]:
        """Yield (line index, rule) once for each rule whose anchor occurs in that line."""
        if self._empty:
            return
        seen: set[tuple[int, int]] = set()
        line = 0
        last = len(starts) - 1
        for end, indexes in self._automaton.iter(low):
            # Hits come in order of their end offset, so the line pointer only moves forward.
            while line < last and starts[line + 1] <= end:
                line += 1
            for index in indexes:
                if (line, index) not in seen:
                    seen.add((line, index))
                    yield line, self.rules[index]
