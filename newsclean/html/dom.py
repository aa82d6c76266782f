"""The DOM pass: find clutter containers (newsletter boxes, share bars, related links…) by their
class, id, role, aria-label or data-* values, and remove them before extraction.

The tokens live in ``newsclean/data/common/dom-clutter.txt``. A container is never removed when
it holds the article's main text block or more than half of the page's paragraph text: on a
doubtful page we would rather leave clutter than lose the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypeVar

from lxml import etree
from lxml.html import HtmlElement

from newsclean.article import Removal
from newsclean.html.parse import LINE_CAP

__all__ = ["paragraph_words", "ClutterMatch", "Rule", "find_clutter", "remove_clutter", "visible_text", "load_tokens",
           "phrases_of", "drop_clutter", "drop_elements"]

# Never candidates: the document itself, and elements that are content by definition.
_NEVER = frozenset({"html", "head", "body", "main", "h1", "title", "meta", "link", "script", "style"})
# Class values starting with these tokens name a state or a taxonomy term, not a container:
# WordPress puts "category-comments" or "tag-newsletter" on the article itself, and
# "has-related-posts" / "no-ads" are page flags.
_IGNORED_FIRST = frozenset({"category", "tag", "tags", "topic", "has", "no", "with", "without", "is",
                            "enable", "enabled", "disable", "disabled", "show", "hide", "allow"})
_MAX_TOKENS = 6
# Tried only where a run of letters and digits starts: from inside a run, the look-aheads
# would rescan the rest of it at every position (quadratic in a 100 KB class name).
_HASHLIKE = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{10,}")
_DATA_VALUE = re.compile(r"^[A-Za-z][\w\- ]{0,59}$")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_TOKEN = re.compile(r"[a-z0-9]+")
_BLOCK = frozenset({"p", "div", "li", "ul", "ol", "section", "article", "aside", "header", "footer",
                    "nav", "form", "figure", "figcaption", "blockquote", "h1", "h2", "h3", "h4", "h5",
                    "h6", "table", "tr", "td", "th", "br", "dd", "dt", "dl", "pre", "button"})
# Guards (see module docstring).
_MAX_PARAGRAPH_SHARE = 0.5
_MIN_PARAGRAPH_WORDS = 30


@dataclass(frozen=True)
class Rule:
    """A clutter kind: the detector name recorded with each removal, and its category."""

    detector: str
    category: str


@dataclass(frozen=True)
class ClutterMatch:
    """Why an element looks like clutter: the rule and the attribute that said so."""

    rule: Rule
    attribute: str
    value: str


@lru_cache(maxsize=1)
def load_tokens() -> dict[tuple[str, ...], Rule]:
    """Phrase (token tuple) → rule, from ``data/common/dom-clutter.txt``."""
    text = resources.files("newsclean").joinpath("data/common/dom-clutter.txt").read_text("utf-8")
    phrases: dict[tuple[str, ...], Rule] = {}
    rule = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            detector, _, category = line[1:-1].partition(":")
            rule = Rule(detector.strip(), category.strip() or detector.strip())
        elif rule:
            phrases[tuple(line.lower().split("-"))] = rule
    return phrases


def phrases_of(detector: str) -> tuple[tuple[str, ...], ...]:
    """The token phrases of one ``dom-*`` detector: the ``run`` of its registry entry."""
    return tuple(phrase for phrase, rule in load_tokens().items() if rule.detector == detector)


def tokens(value: str) -> tuple[str, ...]:
    """``"relatedPosts__list"`` → ``("related", "posts", "list")``."""
    low = value.lower()
    if low != value:  # only then can there be a camelCase boundary to split at
        low = _CAMEL.sub(r"\1 \2", value).lower()
    return tuple(_TOKEN.findall(low))


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every token of every phrase: a value with none of them cannot match."""
    return frozenset(t for phrase in load_tokens() for t in phrase)


@lru_cache(maxsize=20000)
def _rule(value: str) -> Rule | None:
    """The rule a class part or attribute value names (cached: pages repeat the same values)."""
    toks = tokens(value)
    # Most values hold no clutter word at all: one set test rejects them.
    if not toks or _vocabulary().isdisjoint(toks):
        return None
    # Long values are slugs of text ("id=what-share-of-adolescents-…" on a heading), and
    # hash-like segments ("x-PFk9dDFpTo0q") split into random tokens such as "dfp".
    if toks[0] in _IGNORED_FIRST or len(toks) > _MAX_TOKENS or _HASHLIKE.search(value):
        return None
    phrases = load_tokens()
    for i in range(len(toks)):
        for j in range(min(len(toks), i + 4), i, -1):  # longest phrase first
            rule = phrases.get(toks[i:j])
            if rule:
                return rule
    return None


def _attribute_match(name: str, value: str) -> ClutterMatch | None:
    """The match for one attribute other than class (whose parts match one by one).

    Not cached as a whole: on a batch of pages from many sites whole values rarely repeat (the
    cache only churned); the values and class parts that do are cached in _rule."""
    if name in ("id", "role", "aria-label"):
        rule = _rule(value) if len(value) <= 120 else None
    elif name.startswith("data-") and _DATA_VALUE.match(value):
        rule = _rule(value)
    else:
        return None
    return ClutterMatch(rule, name, value) if rule else None


_ORDER = {"class": 0, "id": 1, "role": 2, "aria-label": 3}


def match_element(el: HtmlElement) -> ClutterMatch | None:
    """The clutter category an element's attributes give away, or ``None``.

    Attributes are read in a fixed order (class, id, role, aria-label, then data-*), so the
    recorded reason does not depend on attribute order in the source.
    """
    found = None
    for name, value in el.items():
        if name == "class":
            for part in value.split():
                rule = _rule(part)
                if rule:  # class comes first in the order: nothing else can take its place
                    return ClutterMatch(rule, "class", part)
        # Only these attributes can match: skip href, src, style… before the cache look-up,
        # which would hash their (often long) values on every element.
        elif name in _ORDER or name.startswith("data-"):
            m = _attribute_match(name, value)
            if m and (found is None or _ORDER.get(m.attribute, 4) < _ORDER.get(found.attribute, 4)):
                found = m
    return found


def visible_text(el: HtmlElement) -> str:
    """The element's text with block boundaries kept as spaces, whitespace collapsed."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if not isinstance(node.tag, str):
            continue
        block = node.tag in _BLOCK
        if event == "start":
            if block:
                parts.append(" ")
            if node.text and node.tag not in ("script", "style"):
                parts.append(node.text)
        else:
            if block:
                parts.append(" ")
            if node is not el and node.tail:
                parts.append(node.tail)
    return " ".join("".join(parts).split())


def _words(el: HtmlElement) -> int:
    # Joined with spaces, the pieces split into the same words as one by one, in one call.
    return len(" ".join(el.itertext()).split())


def paragraph_words(root: HtmlElement) -> tuple[dict[HtmlElement, int], HtmlElement | None]:
    """Words of each <p>, and the element whose direct <p> children hold the most words
    (the article's main text block)."""
    per_p: dict[HtmlElement, int] = {}
    per_parent: dict[HtmlElement, int] = {}
    for p in root.iter("p"):
        n = _words(p)
        per_p[p] = n
        parent = p.getparent()
        if parent is not None:
            per_parent[parent] = per_parent.get(parent, 0) + n
    main = max(per_parent, key=per_parent.__getitem__) if per_parent else None
    return per_p, main


def find_clutter(root: HtmlElement, words: tuple[dict[HtmlElement, int], HtmlElement | None] | None = None,
                 disabled: frozenset[str] = frozenset()) -> list[tuple[HtmlElement, ClutterMatch]]:
    """Outermost clutter containers of the page that pass the main-text guards, in document order.

    ``words`` is :func:`paragraph_words` of the page when the caller has it already;
    ``disabled`` names ``dom-*`` detectors to skip.
    """
    body = root.find("body")
    if body is None:
        body = root
    per_p, main = words or paragraph_words(body)
    total_p = sum(per_p.values())
    protected = set(main.iterancestors()) | {main} if main is not None else set()
    chosen: list[tuple[HtmlElement, ClutterMatch]] = []
    chosen_set: set[HtmlElement] = set()
    for el in body.iter(etree.Element):
        if el.tag in _NEVER or el in protected:
            continue
        match = match_element(el)
        if match is None or match.rule.detector in disabled:
            continue
        if any(a in chosen_set for a in el.iterancestors()):
            continue  # inside a container already removed
        if total_p >= _MIN_PARAGRAPH_WORDS:
            inside = sum(per_p.get(p, 0) for p in el.iter("p"))
            if inside > _MAX_PARAGRAPH_SHARE * total_p:
                continue
        chosen.append((el, match))
        chosen_set.add(el)
    return chosen


def remove_clutter(root: HtmlElement, words: tuple[dict[HtmlElement, int], HtmlElement | None] | None = None,
                   disabled: frozenset[str] = frozenset()) -> list[Removal]:
    """Remove the clutter containers from the tree (in place); one Removal per container with text."""
    return drop_clutter(root, find_clutter(root, words, disabled))


def drop_clutter(root: HtmlElement, found: list[tuple[HtmlElement, ClutterMatch]]) -> list[Removal]:
    """Remove the containers :func:`find_clutter` found (in place); one Removal per container
    with text. Paths are taken before anything is dropped: those of the page as parsed."""
    def removal(match: ClutterMatch, text: str, line: int | None, path: str) -> Removal:
        attribute = "data" if match.attribute.startswith("data-") else match.attribute
        return Removal(category=match.rule.category, text=text, line=line, detector=match.rule.detector,
                       reason=f'{match.attribute}="{match.value}"', path=path, located=line is not None,
                       code=f"{match.rule.detector}.{attribute}")

    return drop_elements(root, found, removal)


T = TypeVar("T")


def drop_elements(root: HtmlElement, found: list[tuple[HtmlElement, T]],
                  removal: Callable[[T, str, int | None, str], Removal]) -> list[Removal]:
    """Remove ``found`` elements from the tree (in place), each with what found it; for each
    one with visible text, ``removal(what, text, source line or None, XPath)``. Paths are
    taken before anything is dropped; a line past libxml2's count is None."""
    getpath = root.getroottree().getpath
    paths = [getpath(el) for el, _ in found]
    removed: list[Removal] = []
    for (el, what), path in zip(found, paths):
        text = visible_text(el)
        line = el.sourceline
        if text:
            removed.append(removal(what, text, line if line and line < LINE_CAP else None, path))
        el.drop_tree()  # keeps the element's tail text, which belongs to the parent
    return removed
