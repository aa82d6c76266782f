"""The clutter pass: word-list rules over every line, then appeal blocks between them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from newsclean.detect.registry import BLOCK_CATEGORIES, Finding, by_stage
from newsclean.detect.patterns import Rule, RuleBook, line_key
from newsclean.text.lines import Document, Line, sentence_bounds
from newsclean.detect.wordlists import cues, read_list

__all__ = ["rulebook", "find_clutter"]

# A label ("Related:", "See also") must be followed by one of these, a link, or a headline
# that starts with a capital, digit or quote; "See also the report by…" is prose.
# "(?<!\s)": a run of spaces is tried once, from its start (linear on long runs).
_SEPARATOR = re.compile(r"(?<!\s)\s*(?:[:|»›>\-–—•/]|$)")
_HEADLINE_START = re.compile(r"(?<!\s)\s+[\"'“‘A-Z0-9\u00C0-\u024F]")
_MAX_LABEL_WORDS = 40
_REST_REACH = 700  # how far past a match a retry may read: a "*" takes at most 600 characters
_WORD = re.compile(r"\w")
_WORDS = re.compile(r"[\w']+")
_MAX_BLOCK_LINES = 6
_MAX_BLOCK_WORDS = 150
_BOX_MAX_LINES = 6
_BOX_SHORT_WORDS = 12
_MAX_LIST_ITEMS = 10


@lru_cache(maxsize=64)
def rulebook(langs: tuple[str, ...], disabled: frozenset[str]) -> RuleBook:
    """The rules of the enabled clutter detectors in these languages, indexed once per set."""
    rules: list[Rule] = []
    for detector in by_stage("clutter"):
        if detector.name in disabled:
            continue
        for lang in langs:
            rules.extend(detector.run(lang))
    return RuleBook(rules)


@lru_cache(maxsize=64)
def _voice(langs: tuple[str, ...]) -> frozenset[str]:
    """Words that address the reader ("you", "your", "our"), in these languages."""
    return frozenset(w for lang in langs for w in read_list(f"{lang}/voice.txt"))


@lru_cache(maxsize=256)
def _cue_words(langs: tuple[str, ...], category: str) -> frozenset[str]:
    return frozenset(w for lang in langs for w in cues(lang, category))


def _label_ok(line: Line, end: int) -> bool:
    if line.words > _MAX_LABEL_WORDS:
        return False
    rest = line.text[end:]
    if _SEPARATOR.match(rest) or _HEADLINE_START.match(rest):
        return True
    skip = len(rest) - len(rest.lstrip())
    return any(start == end + skip for start, _ in line.links)


def _sentence_spans(line: Line, rule: Rule, bounds: set[int], ordered: list[int]) -> list[tuple[int, int]]:
    spans = []
    assert rule.regex is not None
    rest = "rest" in rule.regex.groupindex
    for found in rule.regex.finditer(line.low):
        if found.start() in bounds:
            spans.extend(_span(found, 0, line, rest, bounds, ordered))
            continue
        # The match began before a sentence start (a leading "..." reaches back up to twelve
        # words): try again from each sentence start inside it, on a slice that starts there,
        # so that a glued start ("…120,000.Jane Doe can be reached…") counts as a word start.
        first = bisect.bisect_right(ordered, found.start())
        last = bisect.bisect_left(ordered, found.end())
        for b in ordered[first:last]:
            m = rule.regex.match(line.low[b:found.end() + _REST_REACH])
            if m:
                spans.extend(_span(m, b, line, rest, bounds, ordered))
    return spans


def _span(m: re.Match[str], offset: int, line: Line, rest: bool, bounds: set[int],
          ordered: list[int]) -> list[tuple[int, int]]:
    """The sentence a match covers (``offset`` added to its positions), if it starts and ends
    on sentence bounds."""
    start, end = offset + m.start(), offset + m.end()
    if rest:
        # "*" is the rest of *this* sentence: stop at the first boundary after the words.
        # ``ordered`` is ``bounds`` sorted: a scan of the set per match was quadratic on a long line.
        at = bisect.bisect_left(ordered, offset + m.start("rest"))
        end = ordered[at] if at < len(ordered) else end
    # Trailing spaces are not part of a sentence.
    while end > start and line.low[end - 1] == " ":
        end -= 1
    return [(start, end)] if start in bounds and end in bounds and end > start else []


def _whole(index: int, line: Line, rule: Rule) -> Finding:
    return Finding(index, 0, len(line.text), rule.category, rule.detector, rule.reason, rule.kind,
                   rule.code or f"{rule.detector}.{rule.kind}")


def _resolve(index: int, line: Line, hits: list[tuple[int, int, Rule]]) -> list[Finding]:
    """Turn sentence hits on one line into whole-line or edge removals; drop middle cuts."""
    # Earliest first, then longest, then the most specific pattern (more written words).
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0]), -len(h[2].pattern)))
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
        return [Finding(index, s, e, r.category, r.detector, r.reason, r.kind, r.code or f"{r.detector}.{r.kind}")
                for s, e, r in stretched]
    # Only clutter sentences at the start or the end of a line may be cut from it: the one at
    # the edge and those glued to it ("…120,000.Follow us on X.Get our app."), so that a
    # second cleaning finds nothing left at the edge.
    edge: list[list] = []
    for hit in stretched:
        if hit[0] != (edge[-1][1] if edge else 0):
            break
        edge.append(hit)
    tail: list[list] = []
    for hit in reversed(stretched[len(edge):]):
        if hit[1] != (tail[-1][0] if tail else len(text)):
            break
        tail.append(hit)
    edge += reversed(tail)
    return [Finding(index, s, e, r.category, r.detector, r.reason, r.kind, r.code or f"{r.detector}.{r.kind}")
            for s, e, r in edge if _WORD.search(text[:s] + text[e:])]


def find_clutter(doc: Document, book: RuleBook, langs: tuple[str, ...]) -> dict[int, list[Finding]]:
    """All clutter findings of a document, by line index."""
    found: dict[int, list[Finding]] = {}
    longest = book.longest_exact + 8
    for index, line in enumerate(doc.lines):
        if line.text and len(line.low) <= longest:
            rule = book.exact.get(line_key(line.low))
            if rule is not None:
                found[index] = [_whole(index, line, rule)]
    sentence_hits: dict[int, list[tuple[int, int, Rule]]] = {}
    bounds_cache: dict[int, tuple[set[int], list[int]]] = {}
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
            if not rule.regex.search(line.low):
                continue  # most anchor hits: the word without the rest of the pattern
            if index not in bounds_cache:
                bounds = sentence_bounds(line.text)
                bounds_cache[index] = (bounds, sorted(bounds))
            for start, end in _sentence_spans(line, rule, *bounds_cache[index]):
                sentence_hits.setdefault(index, []).append((start, end, rule))
    for index, hits in sentence_hits.items():
        if index in found:
            continue
        resolved = _resolve(index, doc.lines[index], hits)
        if resolved:
            found[index] = resolved
    if found:  # the rules below only extend what the word lists found
        _add_blocks(doc, found, langs)
        _add_boxes(doc, found, langs)
        _add_link_lists(doc, found)
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
    voice = _voice(langs)
    anchors = sorted((i, c) for i in found if (c := _fully_removed(doc, found, i)) in BLOCK_CATEGORIES)
    for (first, category), (last, other) in zip(anchors, anchors[1:]):
        if category != other:
            continue
        interior = [i for i in range(first + 1, last) if doc.lines[i].text and i not in found]
        if not interior or len(interior) > _MAX_BLOCK_LINES:
            continue
        if any('"' in doc.lines[i].low or doc.lines[i].words > _MAX_BLOCK_WORDS for i in interior):
            continue  # a quote or a long paragraph: the story (tested before the word sets)
        words_of = {i: set(_WORDS.findall(doc.lines[i].low)) for i in interior}
        cue_words = _cue_words(langs, category)
        if any(not (words_of[i] & voice) for i in interior) or not any(words_of[i] & cue_words for i in interior):
            continue
        reason = (f"paragraph inside a {category} block, between lines "
                  f"{doc.lines[first].number} and {doc.lines[last].number}")
        for i in interior:
            found[i] = [Finding(i, 0, len(doc.lines[i].text), category, category, reason, code=f"{category}.block")]


def _blocks_holding(doc: Document, indexes: Iterable[int]) -> list[list[int]]:
    """The runs of non-blank lines (the paragraphs of a text with blank lines between them)
    that hold one of ``indexes``, in order."""
    lines = doc.lines
    runs: list[list[int]] = []
    end = -1
    for i in sorted(indexes):
        if i <= end or not lines[i].text:
            continue  # in the run before, or blank
        start = i
        while start > 0 and lines[start - 1].text:
            start -= 1
        end = i
        while end + 1 < len(lines) and lines[end + 1].text:
            end += 1
        runs.append(list(range(start, end + 1)))
    return runs


def _headline_like(line: Line) -> bool:
    return line.words <= _BOX_SHORT_WORDS and line.text[-1] not in ".!?"


def _add_boxes(doc: Document, found: dict[int, list[Finding]], langs: tuple[str, ...]) -> None:
    """A small box of lines that is mostly clutter goes whole ("Get the Morning Memo" /
    "…in your inbox" / "Enter your email address" / "Sign up"), under its main category.

    The other lines of the box must be short labels without a full stop, or use the
    category's own vocabulary; a sentence of the story in the same box stays.
    """
    # Only a run holding a line of clutter can be a box (and runs elsewhere are not walked).
    for block in _blocks_holding(doc, found):
        if len(block) < 2 or len(block) > _BOX_MAX_LINES:
            continue
        cats = [_fully_removed(doc, found, i) for i in block]
        hits = [c for c in cats if c]
        if not hits or len(hits) * 2 < len(block):
            continue
        # The commonest category; a tie goes to the one that comes first (not to set order).
        main = max(dict.fromkeys(hits), key=hits.count)
        cue_words = _cue_words(langs, main)
        rest = [i for i, c in zip(block, cats) if not c and i not in found]
        if any(not (_headline_like(doc.lines[i])
                    or set(_WORDS.findall(doc.lines[i].low)) & cue_words) for i in rest):
            continue
        first, last = doc.lines[block[0]].number, doc.lines[block[-1]].number
        reason = f"line of a {main} box (lines {first}-{last}), most of which is {main}"
        for i in rest:
            found[i] = [Finding(i, 0, len(doc.lines[i].text), main, main, reason, code=f"{main}.box")]
        if len(block) >= 3:
            for i, c in zip(block, cats):
                if c and c != main and len(found[i]) == 1 and doc.lines[i].words <= 3:
                    # A one-word button ("Email", "Subscribe now") takes the box's category.
                    f = found[i][0]
                    found[i] = [Finding(i, f.start, f.end, main, main, reason, code=f"{main}.box")]


def _add_link_lists(doc: Document, found: dict[int, list[Finding]]) -> None:
    """Headlines listed under a "Related stories" / "You may also like" heading line, in its
    own paragraph or in the next one: list items or links, or short headlines when heading
    and headlines make a paragraph of their own."""
    lines = doc.lines
    for i, heading in list(found.items()):
        if heading[0].category != "related-link" or heading[0].kind != "line" or lines[i].words > 8:
            continue
        j = i + 1
        if j < len(lines) and not lines[j].text:
            j += 1  # one blank line between the heading and its list
        items: list[int] = []
        while j < len(lines) and lines[j].text and j not in found and len(items) < _MAX_LIST_ITEMS:
            items.append(j)
            j += 1
        boxed = items and items[0] == i + 1 and (j >= len(lines) or not lines[j].text)
        taken = []
        for k in items:
            line = lines[k]
            linked = bool(line.links) and sum(e - s for s, e in line.links) >= len(line.text.lstrip("- ")) - 2
            if not (linked or (line.list_item or boxed) and _headline_like(line)):
                break
            taken.append(k)
        for k in taken:
            found[k] = [Finding(k, 0, len(lines[k].text), "related-link", "related-link",
                                f"headline listed under the related-link heading on line {lines[i].number}",
                                code="related-link.list")]
