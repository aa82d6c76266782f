"""Where the extracted text came from in the page: the source map of an HTML page.

trafilatura prunes the tree it is given and builds its output from new elements that carry no
source line, so the map is made from our own tree *before* extraction, in one walk of the page
(after the scripts are stripped, before the DOM pass drops its containers, whose text is left
out):

* the **stream**: the page's text in document order with all white space, invisible characters
  (U+200B…) and ``|`` taken out; for each piece of text (an element's text or tail) where it
  starts in the stream, its raw text and the source line where it starts;
* with ``elements=True`` (``extract_page(html, blocks=True)``), the **elements** as well: for
  each, its tag, parent, position among same-tag siblings and the element itself; and for each
  piece, the element it belongs to.

Each line of the extracted text is then *located* (:meth:`SourceMap.locate`): its text,
normalised the same way (and without the ``## ``, ``- ``, ``> `` and `` | `` our rendering adds),
is looked up in the stream: long lines first and in order, the first of them one that is on the
page once; the others between the long ones around them, or, above the first, in the last place
before the line below (so that a headline is found in the ``<h1>``, not in the ``<title>`` or
the breadcrumbs). A line not in the stream whole (the extractor left out a link's hidden text,
a footnote mark) is found by its first characters and marked loose. A line whose text is not in
the page at all (taken from an attribute, or changed) is not located: nothing is numbered by a
guess.

What it gives:

* :meth:`SourceMap.source_line`: the HTML line where a piece of an extracted line starts (what
  ``Removal.line`` reports for HTML input, see :mod:`newsclean.html.merge`);
* with elements, for a learned line scorer to read as features (:class:`BlockInfo`):
  :meth:`SourceMap.line_blocks`, for each extracted line, its source element (source line,
  XPath in the page as parsed, tag, ancestor tags, class/id tokens, depth, link density,
  whether an ``<article>``/``<main>`` holds it); and :meth:`SourceMap.unkept_blocks`, the text
  blocks of the page's main content (the ``<article>``/``<main>`` around the main text block of
  :func:`newsclean.html.dom.paragraph_words`, else that block) that the extraction did not keep
  whole: candidates for such a model to recover.

A "block" is the nearest block-level element (``p``, ``div``, ``li``, ``td``, ``h2``…) around a
piece of text; a block's own text excludes the text of blocks nested in it.

Known limit: libxml2 stops counting lines at 65,535; text past that line has no line number.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Iterable

from lxml import etree
from lxml.html import HtmlElement

from newsclean.html.dom import tokens
from newsclean.html.parse import LINE_CAP

__all__ = ["BLOCK_TAGS", "BlockInfo", "SourceMap", "line_key", "map_page"]

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "html", "legend", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
})
# What our rendering puts before a line's text: "## ", "- ", "  - ", "> ", "> - " …
_PREFIX = re.compile(r"^\s*(?:(?:#{1,6}|[-*+]|>)(?:\s+|$))+")
# Lines this long (without white space) are rarely repeated on a page: they are placed first.
_ANCHOR = 24
# A line that is not in the stream whole is looked for by this many first characters.
_PROBES = (24, 12)
# The first anchor must be on the page once; after this many long lines that are not, any will do.
_UNIQUE_TRIES = 8
# The searches of one page scan at most this many times its text (see SourceMap.locate).
_SCAN_BUDGET = 100


def _squeeze(text: str) -> str:
    """``text`` without white space, invisible characters and ``|`` (which our rendering puts
    between table cells): how the stream holds text."""
    key = "".join(text.split())
    if "|" in key:
        key = key.replace("|", "")
    return key if key.isprintable() else "".join(filter(str.isprintable, key))


def line_key(line: str) -> str:
    """A line of the extracted text as the stream holds it: without our rendering's markers
    (heading hashes, list dash, quote mark, table cell bars) and white space."""
    if line[:1] in "#->*+ ":
        text = _PREFIX.sub("", line, count=1)
        if text:  # a line of markers only (">" in a code sample) is found as it is
            line = text
    return _squeeze(line)


@dataclass(frozen=True)
class BlockInfo:
    """The source element of one line of extracted text (or of a block the extraction left
    out), as features for a line scorer.

    ``line`` is the 1-based line of the extracted text (0 for a block that is not in it);
    ``text`` that line (or the block's own text); ``sourceline`` the HTML line where the text
    starts (``None`` past libxml2's 65,535); ``path`` the element's XPath in the page as parsed;
    ``tag`` and ``ancestors`` (outermost first, from ``html``) its tag names; ``tokens`` the
    lower-cased word tokens of its ``class`` and ``id`` (``relatedPosts`` → ``related``,
    ``posts``), ``ancestor_tokens`` those of its ancestors; ``depth`` its number of ancestors;
    ``link_density`` the share of its own text's characters inside ``<a>``; ``in_article``
    whether an ``<article>`` or ``<main>`` holds it; ``chars`` / ``kept_chars`` the characters
    (without white space) of its own text, and how many of them the extraction kept.
    """

    line: int
    text: str
    sourceline: int | None
    path: str
    tag: str
    ancestors: tuple[str, ...]
    tokens: tuple[str, ...]
    ancestor_tokens: tuple[str, ...]
    depth: int
    link_density: float
    in_article: bool
    chars: int
    kept_chars: int


def _tokens(el: HtmlElement) -> list[str]:
    """The word tokens of an element's class and id, split as the DOM pass splits them."""
    return [t for name in ("class", "id") for t in tokens(el.get(name) or "")]


class SourceMap:
    """The text of a page, indexed by source line (and, when built with ``elements``, by
    element). Built by :func:`map_page`; :meth:`locate` places the lines of the extracted text
    in it. See the module docstring."""

    def __init__(self) -> None:
        # Pieces of text (an element's text or tail with more than white space), in document
        # order. Numbers in arrays: a 20 MB page has hundreds of thousands of pieces and lines.
        self.starts = array("q")  # where each starts in the stream
        self.lines = array("q")  # the source line where it starts (0: not known)
        # Its raw text: kept only when it holds a line break (to count them up to a character),
        # or for all pieces with elements (for the text of unkept blocks).
        self.texts: list[str | None] = []
        self.owners: list[int] = []  # with elements: the element whose text it is (a tail: the parent's)
        self.stream = ""
        # With elements: the page's elements by number in document order (0 is the root).
        self.tags: list[str] = []
        self.parents: list[int] = []
        self.nths: list[int] = []  # 1-based position among the parent's children of that tag
        self.blocks: list[int] = []  # the nearest block element (itself, if it is one)
        self.elements: list[HtmlElement] = []  # for class/id tokens; dropped by forget_tree()
        self.counts: dict[tuple[int, str], int] = {}  # (parent, tag) -> children of that tag
        self.root_path = "/html"
        self.main = -1  # the main text block (dom.paragraph_words), when there is one
        # The extracted text, once located: where its lines start in it, and where each line
        # is in the stream (-1: not found).
        self.text = ""
        self.line_starts = array("q")
        self.span_starts = array("q")
        self.span_ends = array("q")
        self.loose: set[int] = set()  # lines (0-based) found by their first characters only
        self._paths: dict[int, str] = {}
        self._budget = 0

    # --- building -------------------------------------------------------------------------

    def _set_pieces(self, pieces: list[tuple[str, int, int]]) -> None:
        """Pieces (raw text, source line, owner) → the stream and the piece lists."""
        keys = [_squeeze(text) for text, _, _ in pieces]
        if not all(keys):  # a piece of "|" or invisible characters only: nothing to find there
            pieces = [p for p, k in zip(pieces, keys) if k]
            keys = [k for k in keys if k]
        self.starts = array("q", accumulate(map(len, keys), initial=0))
        self.starts.pop()
        self.lines = array("q", (p[1] for p in pieces))
        if self.tags:
            self.owners = [p[2] for p in pieces]
            self.texts = [p[0] for p in pieces]
        else:
            self.texts = [p[0] if "\n" in p[0] else None for p in pieces]
        self.stream = "".join(keys)

    @staticmethod
    def _walk(root: HtmlElement, skip: frozenset[HtmlElement]) -> list[tuple[str, int, int]]:
        """The page's pieces of text in document order: (raw text, line where it starts, 0).

        The line is the element's source line for its text (libxml2 gives the line where the
        start tag ends, which is where its text starts) plus the line breaks before; for a tail,
        the line reached by counting the line breaks of the text since the last element."""
        # The hottest loop of the map (every element of the page): no tuples on the stack, and
        # the skipped container (the DOM pass's are outermost: never nested) in one variable.
        pieces: list[tuple[str, int, int]] = []
        add = pieces.append
        line = root.sourceline or 1
        text = root.text
        if text:
            if not text.isspace():
                add((text, line, 0))
            line += text.count("\n")
        stack = [root]
        push, pop = stack.append, stack.pop
        top = root
        skipped = None  # the DOM-pass container we are in
        for el in root.iterdescendants(etree.Element):
            parent = el.getparent()
            while top is not parent:  # close the elements that end before this one
                tail = top.tail
                if top is skipped:
                    skipped = None
                pop()
                top = stack[-1]
                if tail:  # text of the parent
                    if skipped is None and not tail.isspace():
                        add((tail, line, 0))
                    line += tail.count("\n")
            if skipped is None and el in skip:
                skipped = el
            source = el.sourceline
            if source:
                line = source
            text = el.text
            if text:
                if skipped is None and not text.isspace():
                    add((text, line, 0))
                line += text.count("\n")
            push(el)
            top = el
        while len(stack) > 1:  # the tails still open at the end
            tail = top.tail
            if top is skipped:
                skipped = None
            pop()
            top = stack[-1]
            if tail:
                if skipped is None and not tail.isspace():
                    add((tail, line, 0))
                line += tail.count("\n")
        return pieces

    def _walk_elements(self, root: HtmlElement, skip: frozenset[HtmlElement]) -> list[tuple[str, int, int]]:
        """:meth:`_walk` that also records the elements: the same pieces, each with its owner."""
        tags, parents, nths, blocks, elements = self.tags, self.parents, self.nths, self.blocks, self.elements
        counts = self.counts
        pieces: list[tuple[str, int, int]] = []
        add = pieces.append
        line = 1
        stack: list[tuple[HtmlElement, int, bool]] = []  # open elements, their numbers, skipped
        for el in root.iter(etree.Element):
            parent = el.getparent()
            while stack and stack[-1][0] is not parent:
                tail = stack.pop()[0].tail
                if tail:
                    _, up, skipped = stack[-1]
                    if not skipped and not tail.isspace():
                        add((tail, line, up))
                    line += tail.count("\n")
            number = len(tags)
            tag = el.tag
            if stack:
                _, up, skipped = stack[-1]
                skipped = skipped or el in skip
                nth = counts.get((up, tag), 0) + 1
                counts[(up, tag)] = nth
                blocks.append(number if tag in BLOCK_TAGS else blocks[up])
            else:
                up, skipped, nth = -1, el in skip, 1
                blocks.append(number)
            tags.append(tag)
            parents.append(up)
            nths.append(nth)
            elements.append(el)
            source = el.sourceline
            if source:
                line = source
            text = el.text
            if text:
                if not skipped and not text.isspace():
                    add((text, line, number))
                line += text.count("\n")
            stack.append((el, number, skipped))
        while len(stack) > 1:
            tail = stack.pop()[0].tail
            if tail:
                _, up, skipped = stack[-1]
                if not skipped and not tail.isspace():
                    add((tail, line, up))
                line += tail.count("\n")
        return pieces

    @property
    def has_elements(self) -> bool:
        """Whether the map holds the page's elements (built with ``elements=True``, and not
        forgotten since): what :meth:`line_blocks` and :meth:`unkept_blocks` need."""
        return bool(self.elements)

    def forget_tree(self) -> None:
        """Let go of the page's elements (class/id tokens need them; lines and paths do not),
        so that the tree can be freed."""
        self.elements = []

    def _need_elements(self) -> None:
        if not self.has_elements:
            raise RuntimeError("the source map holds no elements: build it with extract_page(html, blocks=True)")

    # --- locating the extracted text -----------------------------------------------------

    def locate(self, text: str) -> None:
        """Place each line of the extracted ``text`` in the stream (see the module docstring)."""
        stream = self.stream
        self.text = text
        lines = text.split("\n") if text else []
        self.line_starts = array("q", accumulate((len(line) + 1 for line in lines), initial=0))
        keys = [line_key(line) if line else "" for line in lines]
        del lines
        starts = self.span_starts = array("q", [-1]) * len(keys)
        ends = self.span_ends = array("q", [-1]) * len(keys)
        self.loose = set()
        # Characters the searches below may scan: a page whose lines are nowhere in the stream
        # (text taken from attributes) would otherwise cost lines × page.
        self._budget = _SCAN_BUDGET * len(stream) + 4_000_000
        # Long lines first, in order: each from where the one before ended. The first one must
        # be on the page once (a headline is in the <title> and the breadcrumbs too); the
        # lines before it are placed backwards from it, below.
        cursor = 0
        anchors: list[int] = []
        tried = 0
        for i, key in enumerate(keys):
            if len(key) >= _ANCHOR and self._budget > 0:
                at = stream.find(key, cursor)
                self._budget -= (at if at >= 0 else len(stream)) - cursor
                if at >= 0 and not anchors and tried < _UNIQUE_TRIES:  # the first: once on the page
                    tried += 1  # (a page that holds its article twice has no such line)
                    again = stream.find(key, at + 1)
                    self._budget -= (again if again >= 0 else len(stream)) - at
                    if again >= 0:
                        continue
                if at >= 0:
                    cursor = at + len(key)
                    starts[i], ends[i] = at, cursor
                    anchors.append(i)
        # The other lines between the anchors around them. Before the first anchor, from the
        # last line back: each is the last occurrence before the line after it (the headline
        # in the article, not the one in the breadcrumbs above it).
        first, limit = (anchors[0], starts[anchors[0]]) if anchors else (len(keys), len(stream))
        for i in range(first - 1, -1, -1):
            if keys[i] and self._search(i, keys[i], 0, limit, backwards=True):
                limit = starts[i]
        for n, a in enumerate(anchors):
            low = ends[a]
            following, high = (anchors[n + 1], starts[anchors[n + 1]]) if n + 1 < len(anchors) else (len(keys), len(stream))
            for i in range(a + 1, following):
                if keys[i] and self._search(i, keys[i], low, high) and starts[i] >= low:
                    low = ends[i]

    def _search(self, i: int, key: str, low: int, high: int, backwards: bool = False) -> bool:
        """Place line ``i``: in the window [low, high), else after it, else anywhere. A line
        not in the stream whole (the extractor left out a link's text, a footnote mark…) is
        found by its first characters, and marked loose. False if it is nowhere."""
        stream = self.stream
        for lo, hi, find in ((low, high, stream.rfind if backwards else stream.find),
                             (high if backwards else low, len(stream), stream.find), (0, len(stream), stream.find)):
            for probe in (key, *(key[:n] for n in _PROBES if len(key) > n)):
                if self._budget <= 0:
                    return False
                at = find(probe, lo, hi)
                # What the search scanned: up to where it stopped.
                self._budget -= (hi - lo) if at < 0 else (hi - at if find == stream.rfind else at - lo)
                if at >= 0:
                    if probe is not key:
                        self.loose.add(i)
                    self.span_starts[i], self.span_ends[i] = at, at + len(key)
                    return True
        return False

    @property
    def line_count(self) -> int:
        """How many lines the located text has."""
        return len(self.span_starts)

    def text_line(self, line: int) -> str:
        """1-based line ``line`` of the located text."""
        return self.text[self.line_starts[line - 1]:self.line_starts[line] - 1]

    def span(self, line: int) -> tuple[int, int] | None:
        """Where 1-based line ``line`` of the extracted text is in the stream, if found."""
        if 0 < line <= len(self.span_starts) and self.span_starts[line - 1] >= 0:
            return self.span_starts[line - 1], self.span_ends[line - 1]
        return None

    def find_line(self, text: str) -> int | None:
        """The 1-based number of the extracted line whose text is ``text`` (a body paragraph
        after markdown unwrapping), else of the first that holds it; ``None`` if none does."""
        key = line_key(text)
        if not key:
            return None
        # A word of it, to skip at C speed the lines that cannot be it (unwrapping may have
        # changed the word: then every line is tried).
        probe = max(text.split(), key=len)
        for lines in (n for n in range(1, self.line_count + 1) if probe in self.text_line(n)), \
                range(1, self.line_count + 1):
            holding = None
            for n in lines:
                line_key_ = line_key(self.text_line(n))
                if line_key_ == key:
                    return n
                if holding is None and key in line_key_:
                    holding = n
            if holding is not None:
                return holding
        return None

    def position(self, line: int, part: str | None = None, before: str = "") -> int | None:
        """Stream offset where ``part`` of extracted line ``line`` starts, ``before`` being the
        line's text before it (where the line starts when ``part`` is not given, or not found
        in it); ``None`` when the line is not located."""
        span = self.span(line)
        if span is None:
            return None
        key = _squeeze(part) if part else ""
        if key:
            start, end = span
            if line - 1 in self.loose:  # the line may be longer in the stream
                end = start + 2 * (end - start)
            # From about where the text before it ends: the part may be in the line twice.
            at = self.stream.find(key, min(start + len(_squeeze(before)), end), max(end, start + len(key)))
            if at < 0:
                at = self.stream.find(key, start, max(end, start + len(key)))
            if at < 0 and len(key) > _PROBES[-1]:
                at = self.stream.find(key[:_PROBES[-1]], start, end)
            if at >= 0:
                return at
        return span[0]

    # --- what a stream offset is in the page ---------------------------------------------

    def _piece(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def source_line(self, pos: int) -> int | None:
        """The HTML source line of the character at stream offset ``pos``."""
        if not self.starts:
            return None
        i = self._piece(pos)
        line = self.lines[i]
        if not line or line >= LINE_CAP:  # libxml2 counted no further: not known
            return None
        # Count the line breaks in the raw text before that character.
        want = pos - self.starts[i]
        text = self.texts[i]
        if text is None:  # no line break in it
            return line if line < LINE_CAP else None
        seen = 0
        for k, char in enumerate(text):
            if char.isspace() or char == "|" or not char.isprintable():
                continue
            if seen == want:
                text = text[:k]
                break
            seen += 1
        line += text.count("\n")
        return line if line < LINE_CAP else None

    def element_at(self, pos: int) -> int:
        """The number of the block element holding the character at stream offset ``pos``
        (a map built with elements only)."""
        return self.blocks[self.owners[self._piece(pos)]]

    def xpath(self, number: int) -> str:
        """The XPath of element ``number``, as lxml's ``getpath`` writes it for the page as parsed."""
        path = self._paths.get(number)
        if path is None:
            up = self.parents[number]
            if up < 0:
                path = self.root_path
            else:
                tag = self.tags[number]
                step = f"{tag}[{self.nths[number]}]" if self.counts[(up, tag)] > 1 else tag
                path = f"{self.xpath(up)}/{step}"
            self._paths[number] = path
        return path

    def block_path(self, pos: int) -> str:
        """The XPath of the block element holding the character at stream offset ``pos``."""
        return self.xpath(self.element_at(pos))

    # --- features ------------------------------------------------------------------------

    def _chain(self, number: int) -> list[int]:
        chain = []
        while number >= 0:
            chain.append(number)
            number = self.parents[number]
        return chain[::-1]  # outermost first

    def _own_pieces(self) -> dict[int, list[int]]:
        by_block: dict[int, list[int]] = {}
        for i, owner in enumerate(self.owners):
            by_block.setdefault(self.blocks[owner], []).append(i)
        return by_block

    def _kept(self) -> list[tuple[int, int]]:
        """The located spans, sorted and merged."""
        merged: list[tuple[int, int]] = []
        for start, end in sorted((a, b) for a, b in zip(self.span_starts, self.span_ends) if a >= 0):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def _info(self, number: int, line: int, text: str, pieces: list[int], kept: list[tuple[int, int]],
              at: int | None = None) -> BlockInfo:
        chain = self._chain(number)
        above = self.root_path.strip("/").split("/")[:-1]  # above the root: none for <html>
        ancestors = tuple(above + [self.tags[n] for n in chain[:-1]])
        tokens = tuple(_tokens(self.elements[number]))
        ancestor_tokens: list[str] = []
        for n in chain[:-1]:
            ancestor_tokens.extend(_tokens(self.elements[n]))
        chars = linked = covered = 0
        for i in pieces:
            size = self._piece_end(i) - self.starts[i]
            chars += size
            if self._in_link(self.owners[i], number):
                linked += size
            covered += _overlap(self.starts[i], self.starts[i] + size, kept)
        start = at if at is not None else (self.starts[pieces[0]] if pieces else None)
        return BlockInfo(
            line=line, text=text,
            sourceline=self.source_line(start) if start is not None else None,
            path=self.xpath(number), tag=self.tags[number], ancestors=ancestors,
            tokens=tokens, ancestor_tokens=tuple(ancestor_tokens), depth=len(ancestors),
            link_density=linked / chars if chars else 0.0,
            in_article=any(self.tags[n] in ("article", "main") for n in chain),
            chars=chars, kept_chars=covered,
        )

    def _in_link(self, owner: int, block: int) -> bool:
        while owner >= 0 and owner != block:
            if self.tags[owner] == "a":
                return True
            owner = self.parents[owner]
        return False

    def line_blocks(self) -> list[BlockInfo | None]:
        """For each line of the extracted text, its source element (``None`` for a blank line
        or one that was not located)."""
        self._need_elements()
        by_block = self._own_pieces()
        kept = self._kept()
        out: list[BlockInfo | None] = []
        for n in range(1, self.line_count + 1):
            span = self.span(n)
            if span is None:
                out.append(None)
                continue
            text = self.text_line(n)
            number = self.element_at(span[0])
            out.append(self._info(number, n, text, by_block.get(number, []), kept, span[0]))
        return out

    def main_scope(self) -> int:
        """The element that holds the page's main content: the <article>/<main> around the main
        text block, else that block itself (the whole page when there is none)."""
        if self.main < 0:
            return 0
        for n in reversed(self._chain(self.main)):
            if self.tags[n] in ("article", "main"):
                return n
        return self.main

    def _scope_blocks(self) -> tuple[list[tuple[int, list[int]]], list[tuple[int, int]]]:
        """The text blocks of the main content (:meth:`main_scope`) in document order, as
        (element number, its pieces), and the located spans of the extracted text."""
        self._need_elements()
        scope = self.main_scope()
        # Elements are numbered in document order: the scope's descendants are the numbers
        # right after it, up to the first element outside it.
        end, parents = scope + 1, self.parents
        inside = {scope}
        while end < len(parents) and parents[end] in inside:
            inside.add(end)
            end += 1
        blocks = sorted(((number, pieces) for number, pieces in self._own_pieces().items() if scope <= number < end),
                        key=lambda kv: kv[1][0])
        return blocks, self._kept()

    def _text(self, pieces: list[int]) -> str:
        """The text of a block's pieces, single-spaced."""
        return " ".join(" ".join((self.texts[i] or "").split()) for i in pieces)

    def _piece_end(self, i: int) -> int:
        """Where piece ``i`` ends in the stream."""
        return self.starts[i + 1] if i + 1 < len(self.starts) else len(self.stream)

    def unkept_blocks(self) -> list[BlockInfo]:
        """The text blocks of the main content (:meth:`main_scope`) that the extraction did not
        keep whole, in document order; ``kept_chars`` says how much of each it kept."""
        blocks, kept = self._scope_blocks()
        infos = (self._info(number, 0, self._text(pieces), pieces, kept) for number, pieces in blocks)
        return [info for info in infos if info.kept_chars < info.chars]

    def dropped_blocks(self) -> list[tuple[str, int | None, str]]:
        """(text, source line, XPath) of each text block of the main content that the
        extraction kept nothing of, in document order: :meth:`unkept_blocks` without the
        features (class/id tokens, link density), cheap enough for every page."""
        blocks, kept = self._scope_blocks()
        return [(self._text(pieces), self.source_line(self.starts[pieces[0]]), self.xpath(number))
                for number, pieces in blocks
                if not any(_overlap(self.starts[i], self._piece_end(i), kept) for i in pieces)]

def _overlap(start: int, end: int, kept: list[tuple[int, int]]) -> int:
    """Characters of [start, end) inside the sorted, disjoint spans ``kept``."""
    total = 0
    i = max(0, bisect_right(kept, (start, float("inf"))) - 1)
    while i < len(kept) and kept[i][0] < end:
        total += max(0, min(end, kept[i][1]) - max(start, kept[i][0]))
        i += 1
    return total


def map_page(root: HtmlElement, *, skip: Iterable[HtmlElement] = (), main: HtmlElement | None = None,
             elements: bool = False) -> SourceMap:
    """The source map of a parsed page (see the module docstring). ``skip``: containers the DOM
    pass will remove (their text is left out of the stream); ``main``: the main text block;
    ``elements``: record the elements too, for paths and features (about twice the work)."""
    source = SourceMap()
    # The whole page, not only the <body>: trafilatura's fallbacks read a <noscript> in the
    # <head> too (the <title> there is no trouble: a line is found in the last place before
    # the line after it).
    source.root_path = root.getroottree().getpath(root)
    skip = frozenset(skip)
    if elements:
        source._set_pieces(source._walk_elements(root, skip))
        if main is not None:
            source.main = next((n for n, el in enumerate(source.elements) if el is main), -1)
    else:
        source._set_pieces(source._walk(root, skip))
    return source
