"""User rules (``--rules FILE``, ``Options(rules=...)``): phrases and DOM selectors a user adds
without editing the package, for everything or for one site.

A rules file is TOML, one ``[[rule]]`` table per rule::

    [[rule]]
    category = "promotion"               # a built-in category or a new one
    phrase = "Buy the harbour calendar"   # a word-list pattern (see newsclean.detect.patterns)
    match = "line"                       # optional: line (default), label or sentence
    domain = "example.com"               # optional: only pages of this site (and its subdomains)
    name = "harbour-calendar"            # optional: the rule's code is user-rules.<name>

    [[rule]]
    category = "related-link"
    selector = "div.more-stories"        # a CSS selector, for the HTML DOM pass

A phrase is matched as the built-in word-list phrases are (case-insensitive, whole words,
``...`` for up to six words, ``*`` for the rest of a sentence, ``a|b``); ``match`` is the
word-list section it would sit in: ``line`` (the whole line is the phrase, punctuation around it
aside), ``label`` (the line starts with it and a headline or link follows) or ``sentence`` (a
sentence of its own, also inside a paragraph). A selector removes the elements it matches before
the main text is extracted, except the one that holds the article's main text block (and its
ancestors). ``domain`` is compared with the host of the document's URL (``url=``, or the page's
``og:url`` / canonical link).

Every removal a rule makes has ``detector`` ``"user-rules"``, ``code`` ``"user-rules.<n>"``
(``n``: the rule's number in the file, from 1) or ``"user-rules.<name>"``, and a ``reason`` that
names the file and line. ``disable=["user-rules"]`` turns them all off. A file that cannot be
used is a :class:`~newsclean.errors.RulesError` naming the file and line.
"""

from __future__ import annotations

import os
import re
from collections import ChainMap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from newsclean.article import Removal
from newsclean.detect.patterns import KINDS, PatternError, Rule, RuleBook, translate_pattern
from newsclean.errors import RulesError

__all__ = ["UserRule", "RuleSet", "load_rules", "DETECTOR", "joined_book", "host_of", "find_selected", "drop_selected"]

DETECTOR = "user-rules"
_KEYS = frozenset({"category", "phrase", "selector", "match", "domain", "name"})
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_CATEGORY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_RULE_TABLE = re.compile(r"^\s*\[\[\s*rule\s*\]\]")


@dataclass(frozen=True)
class UserRule:
    """One rule of a rules file: a ``phrase`` or a ``selector``, filed under ``category``."""

    number: int  # its place in the file, from 1
    line: int  # the line of its [[rule]] header
    source: str  # the rules file, as given
    category: str
    phrase: str | None = None
    match: str = "line"
    selector: str | None = None
    domain: str | None = None
    name: str | None = None

    @property
    def code(self) -> str:
        return f"{DETECTOR}.{self.name or self.number}"

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    @property
    def what(self) -> str:
        return f'phrase "{self.phrase}"' if self.phrase is not None else f'selector "{self.selector}"'

    def applies_to(self, host: str | None) -> bool:
        if self.domain is None:
            return True
        return host is not None and (host == self.domain or host.endswith("." + self.domain))


@dataclass(frozen=True)
class RuleSet:
    """The rules of one file (hashable: it travels in :class:`~newsclean.options.Options`)."""

    source: str
    rules: tuple[UserRule, ...] = ()

    def for_url(self, url: str | None) -> RuleSet:
        """The rules that apply to a document at ``url`` (those without a domain, and those of its site)."""
        return _for_host(self, host_of(url))

    @property
    def phrases(self) -> tuple[UserRule, ...]:
        return tuple(r for r in self.rules if r.phrase is not None)

    @property
    def selectors(self) -> tuple[UserRule, ...]:
        return tuple(r for r in self.rules if r.selector is not None)

    def lines(self) -> list[str]:
        """One line per rule, for ``--list-detectors``."""
        return [f"  {r.code:<28} {r.category:<20} {r.what}" + (f" (only {r.domain})" if r.domain else "")
                + f"  [{r.where}]" for r in self.rules]


def host_of(url: str | None) -> str | None:
    """The lower-cased host of a URL, without ``www.``-like ports; None when there is none."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


@lru_cache(maxsize=1024)
def _for_host(rules: RuleSet, host: str | None) -> RuleSet:
    kept = tuple(r for r in rules.rules if r.applies_to(host))
    return rules if len(kept) == len(rules.rules) else RuleSet(rules.source, kept)


def load_rules(path: str | os.PathLike[str]) -> RuleSet:
    """Read and check a rules file; a :class:`RulesError` names the file and line of a problem."""
    try:
        import tomllib
    except ImportError:  # Python 3.10: the same parser, as a package
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            raise RulesError("reading a rules file needs Python 3.11 or later, or: pip install tomli") from None

    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise RulesError(f"{source}: cannot read the rules file ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8")
        parsed = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise RulesError(f"{source}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "... (at line 3, column 5)": put the line first, as compilers do.
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        where = f"{source}:{found.group(1)}" if found else source
        cause = message[:found.start()].strip() if found else message
        raise RulesError(f"{where}: not valid TOML: {cause}") from None
    unknown = [k for k in parsed if k != "rule"]
    if unknown:
        raise RulesError(f"{source}: unknown table or key {unknown[0]!r} (a rules file holds [[rule]] tables)")
    tables = parsed.get("rule", [])
    if not isinstance(tables, list):
        raise RulesError(f"{source}: 'rule' must be written [[rule]], once per rule")
    lines = [n for n, raw in enumerate(text.splitlines(), start=1) if _RULE_TABLE.match(raw)]
    rules = tuple(_rule(source, n, lines[n - 1] if n <= len(lines) else 0, table)
                  for n, table in enumerate(tables, start=1))
    names = [r.name for r in rules if r.name]
    for rule in rules:
        if rule.name and names.count(rule.name) > 1:
            raise RulesError(f"{rule.where}: the name {rule.name!r} is given to two rules")
    return RuleSet(source, rules)


def _rule(source: str, number: int, line: int, table: Any) -> UserRule:
    where = f"{source}:{line}" if line else source

    def fail(message: str) -> RulesError:
        return RulesError(f"{where}: rule {number}: {message}")

    if not isinstance(table, dict):
        raise fail("not a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    for key, value in table.items():
        if not isinstance(value, str):
            raise fail(f"{key} must be a string, not {type(value).__name__}")
    category = table.get("category", "").strip()
    if not category:
        raise fail("needs a category (a built-in one such as related-link, or a new one)")
    if not _CATEGORY.match(category):
        raise fail(f"category {category!r}: lower-case letters, digits, '-' and '_' only")
    phrase, selector = table.get("phrase"), table.get("selector")
    if (phrase is None) == (selector is None):
        raise fail("needs a phrase or a selector (one of them)")
    match = table.get("match", "line")
    if match not in KINDS:
        raise fail(f"match must be one of {', '.join(KINDS)}, not {match!r}")
    if selector is not None and "match" in table:
        raise fail("match is for a phrase, not a selector")
    name = table.get("name")
    if name is not None and not _NAME.match(name):
        raise fail(f"name {name!r}: lower-case letters, digits, '-' and '_' only")
    domain = table.get("domain")
    if domain is not None:
        domain = host_of(domain.strip())
        if not domain:
            raise fail(f"domain {table['domain']!r} is not a host name")
    rule = UserRule(number, line, source, category, phrase, match, selector, domain, name)
    try:  # refuse a bad pattern or selector now, not on the first page it meets
        if phrase is not None:
            translate_pattern(phrase, match, where)
        else:
            _selector(selector)
    except PatternError as exc:
        raise fail(str(exc).split(": ", 1)[-1]) from None
    except Exception as exc:  # noqa: BLE001 - cssselect's SelectorError and its kin
        if type(exc).__name__ == "ImportError":
            raise
        raise fail(f"selector {selector!r}: {exc}") from None
    return rule


@lru_cache(maxsize=256)
def _selector(selector: str) -> Any:
    try:
        from lxml.cssselect import CSSSelector
    except ImportError:  # lxml.cssselect needs the cssselect package
        raise ImportError("selector rules need the cssselect package: pip install cssselect") from None
    return CSSSelector(selector)


@lru_cache(maxsize=256)
def _rulebook(rules: RuleSet) -> RuleBook:
    made = []
    for r in rules.phrases:
        assert r.phrase is not None
        expression, anchors = translate_pattern(r.phrase, r.match, r.where)
        made.append(Rule(DETECTOR, r.category, r.match, r.phrase, r.where, expression, anchors,
                         code=r.code, cite=r.where))
    return RuleBook(made)


class _Joined:
    """Two rule books looked up as one by the clutter pass (the user's rules first)."""

    def __init__(self, first: RuleBook, second: RuleBook) -> None:
        self.books = (first, second)
        self.exact = ChainMap(first.exact, second.exact)
        self.longest_exact = max(first.longest_exact, second.longest_exact)

    def candidates(self, low: str, starts: list[int]) -> Iterator[tuple[int, Rule]]:
        for book in self.books:
            yield from book.candidates(low, starts)


@lru_cache(maxsize=256)
def joined_book(book: RuleBook, rules: RuleSet | None) -> RuleBook:
    """``book`` with the phrase rules of ``rules`` (already narrowed to the document's site)."""
    if rules is None or not rules.phrases:
        return book
    return _Joined(_rulebook(rules), book)  # type: ignore[return-value]


def find_selected(rules: RuleSet | None, tree: Any, main: Any, skip: Sequence[Any] = ()) -> list[tuple[Any, UserRule]]:
    """The outermost elements the selector rules match, in document order, with their rule:
    never the element that holds the main text block ``main`` or one of its ancestors, nor one
    inside the elements of ``skip`` (the DOM pass removes those already)."""
    if rules is None or not rules.selectors:
        return []
    protected = set(main.iterancestors()) | {main} if main is not None else set()
    matched: dict[Any, UserRule] = {}
    for rule in rules.selectors:
        assert rule.selector is not None
        for el in _selector(rule.selector)(tree):
            if el not in protected and el not in matched:
                matched[el] = rule
    if not matched:
        return []
    gone = set(skip)
    return [(el, matched[el]) for el in tree.iter() if el in matched and el not in gone
            and not any(a in matched or a in gone for a in el.iterancestors())]


def drop_selected(tree: Any, found: list[tuple[Any, UserRule]]) -> list[Removal]:
    """Remove the elements :func:`find_selected` found (in place); one Removal each with text.
    Paths are taken before anything is dropped."""
    from newsclean.html.dom import drop_elements

    def removal(rule: UserRule, text: str, line: int | None, path: str) -> Removal:
        return Removal(rule.category, text, line, DETECTOR, f"{rule.what} ({rule.where})", path=path,
                       code=rule.code, located=line is not None)

    return drop_elements(tree, found, removal)
