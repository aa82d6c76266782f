"""The clutter pass: word-list rules over every line, then appeal blocks between them."""

from __future__ import annotations

import re
from functools import lru_cache

from .detectors import CLUTTER_DETECTORS, Finding
from .patterns import Rule, RuleBook, line_key
from .text import Document, Line, sentence_bounds
from .wordlists import cues, load_rules, read_list

__all__ = ["rulebook", "find_clutter"]

# A label ("Related:", "See also") must be followed by one of these, a link, or a headline
# that starts with a capital, digit or quote; "See also the report by…" is prose.
_SEPARATOR = re.compile(r"\s*(?:[:|»›>\-–—•/]|$)")
_HEADLINE_START = re.compile(r"\s+[\"'“‘A-Z0-9\u00C0-\u024F]")
_MAX_LABEL_WORDS = 40
_WORD = re.compile(r"\w")
# Categories whose appeals run over several paragraphs (seed 002's "Your support helps us…").
BLOCK_CATEGORIES = frozenset({"donation-appeal", "paywall-notice", "newsletter-plug", "cookie-notice"})
_MAX_BLOCK_LINES = 6
_MAX_BLOCK_WORDS = 150


@lru_cache(maxsize=64)
def rulebook(langs: tuple[str, ...], disabled: frozenset[str]) -> RuleBook:
    """The rules of the enabled clutter detectors in these languages, indexed once per set."""
    rules: list[Rule] = []
    for info in CLUTTER_DETECTORS:
        if info.name in disabled:
            continue
        for lang in langs:
            rules.extend(load_rules(lang, info.name))
    return RuleBook(rules)


def _label_ok(line: Line, end: int) -> bool:
    if line.words > _MAX_LABEL_WORDS:
        return False
    rest = line.text[end:]
    if _SEPARATOR.match(rest) or _HEADLINE_START.match(rest):
        return True
    skip = len(rest) - len(rest.lstrip())
    return any(start == end + skip for start, _ in line.links)


def _sentence_spans(line: Line, rule: Rule, bounds: set[int]) -> list[tuple[int, int]]:
    spans = []
    assert rule.regex is not None
    rest = "rest" in rule.regex.groupindex
    for m in rule.regex.finditer(line.low):
        start, end = m.start(), m.end()
        if rest:
            # "*" is the rest of *this* sentence: stop at the first boundary after the words.
            fixed = m.start("rest")
            end = min((b for b in bounds if b >= fixed), default=end)
        # Trailing spaces are not part of a sentence.
        while end > start and line.low[end - 1] == " ":
            end -= 1
        if start in bounds and end in bounds and end > start:
            spans.append((start, end))
    return spans


def _whole(index: int, line: Line, rule: Rule) -> Finding:
    return Finding(index, 0, len(line.text), rule.category, rule.detector, rule.reason)


def _resolve(index: int, line: Line, hits: list[tuple[int, int, Rule]]) -> list[Finding]:
    """Turn sentence hits on one line into whole-line or edge removals; drop middle cuts."""
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen: list[tuple[int, int, Rule]] = []
    for start, end, rule in hits:
        if chosen and start < chosen[-1][1]:
            continue  # overlaps a longer or earlier hit
        chosen.append((start, end, rule))
    text = line.text
    # Stretch each hit over the punctuation and spaces around it, so nothing is left behind.
    stretched: list[list] = []
    cursor = 0
    for start, end, rule in chosen:
        if not _WORD.search(text[cursor:start]):
            start = cursor
        stretched.append([start, end, rule])
        cursor = end
    if stretched and not _WORD.search(text[stretched[-1][1]:]):
        stretched[-1][1] = len(text)
    for left, right in zip(stretched, stretched[1:]):
        if not _WORD.search(text[left[1]:right[0]]):
            left[1] = right[0]
    covered = [(s, e) for s, e, _ in stretched]
    if covered and covered[0][0] == 0 and covered[-1][1] == len(text) and all(
        a[1] == b[0] for a, b in zip(covered, covered[1:])
    ):
        return [Finding(index, s, e, r.category, r.detector, r.reason) for s, e, r in stretched]
    # Only a clutter sentence at the start or the end of a line may be cut from it.
    edge = [h for h in stretched if h[0] == 0 or h[1] == len(text)]
    return [Finding(index, s, e, r.category, r.detector, r.reason) for s, e, r in edge
            if _WORD.search(text[:s] + text[e:])]


def find_clutter(doc: Document, book: RuleBook, langs: tuple[str, ...]) -> dict[int, list[Finding]]:
    """All clutter findings of a document, by line index."""
    found: dict[int, list[Finding]] = {}
    for index, line in enumerate(doc.lines):
        if line.text:
            rule = book.exact.get(line_key(line.low))
            if rule is not None:
                found[index] = [_whole(index, line, rule)]
    sentence_hits: dict[int, list[tuple[int, int, Rule]]] = {}
    bounds_cache: dict[int, set[int]] = {}
    for index, rule in book.candidates(doc.low, doc.starts):
        if index in found and found[index][0].end - found[index][0].start == len(doc.lines[index].text):
            continue
        line = doc.lines[index]
        assert rule.regex is not None
        if rule.kind == "line":
            if rule.regex.match(line.low):
                found[index] = [_whole(index, line, rule)]
        elif rule.kind == "label":
            m = rule.regex.match(line.low)
            if m and _label_ok(line, m.end()):
                found[index] = [_whole(index, line, rule)]
        else:
            if index not in bounds_cache:
                bounds_cache[index] = sentence_bounds(line.text)
            for start, end in _sentence_spans(line, rule, bounds_cache[index]):
                sentence_hits.setdefault(index, []).append((start, end, rule))
    for index, hits in sentence_hits.items():
        if index in found:
            continue
        resolved = _resolve(index, doc.lines[index], hits)
        if resolved:
            found[index] = resolved
    _add_blocks(doc, found, langs)
    return found


def _fully_removed(doc: Document, found: dict[int, list[Finding]], index: int) -> str | None:
    """The category of a line that clutter removed whole (one category only), else None."""
    findings = found.get(index)
    if not findings or findings[0].start != 0 or findings[-1].end != len(doc.lines[index].text):
        return None
    categories = {f.category for f in findings}
    return categories.pop() if len(categories) == 1 else None


def _add_blocks(doc: Document, found: dict[int, list[Finding]], langs: tuple[str, ...]) -> None:
    """Take out the paragraphs between two lines of one appeal when they speak to the reader."""
    voice = frozenset(w for lang in langs for w in read_list(f"{lang}/voice.txt"))
    anchors = sorted((i, c) for i in found if (c := _fully_removed(doc, found, i)) in BLOCK_CATEGORIES)
    for (first, category), (last, other) in zip(anchors, anchors[1:]):
        if category != other:
            continue
        interior = [i for i in range(first + 1, last) if doc.lines[i].text and i not in found]
        if not interior or len(interior) > _MAX_BLOCK_LINES:
            continue
        words_of = {i: set(re.findall(r"[\w']+", doc.lines[i].low)) for i in interior}
        cue_words = frozenset(w for lang in langs for w in cues(lang, category))
        if any(
            not (words_of[i] & voice) or '"' in doc.lines[i].low or doc.lines[i].words > _MAX_BLOCK_WORDS
            for i in interior
        ) or not any(words_of[i] & cue_words for i in interior):
            continue
        reason = (f"paragraph inside a {category} block, between lines "
                  f"{doc.lines[first].number} and {doc.lines[last].number}")
        for i in interior:
            found[i] = [Finding(i, 0, len(doc.lines[i].text), category, category, reason)]
