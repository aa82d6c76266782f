"""The page's text blocks and their DOM features, in one walk of the tree (HTML block scorer).

A **segment** is a maximal run of text inside one block-level element (``p``, ``div``, ``li``,
``td``, ``h2``…) that is not interrupted by a nested block: a ``<div>`` with text, then a
``<p>``, then more text gives three segments. Segments are what the block scorer
(:mod:`newsclean.html.blockscore`) scores and what it can recover.

The walk runs on our own tree after the DOM clutter pass and *before* trafilatura, which prunes
the tree it is given in place (see :mod:`newsclean.html.parse`): each segment keeps its text,
its source line and a few integers (tag, depth, container flags, class/id token bits, link
characters), never the element itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml.html import HtmlElement

__all__ = ["Segments", "walk", "TAGS", "FLAGS", "BLOCK_TAGS", "class_tokens"]

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "legend", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    "option", "select", "button", "label", "textarea",
})
# Subtrees whose text no reader sees as page text.
_SKIP = frozenset({"noscript", "svg", "math", "iframe", "object", "canvas", "video", "audio", "map",
                   "head", "template", "script", "style", "input", "img"})
# The segment's own tag, as a small integer (0: any other block tag).
TAGS: dict[str, int] = {t: i for i, t in enumerate(
    ("other", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "pre",
     "figcaption", "dd", "dt", "section", "article", "span", "a", "button", "label", "option", "caption",
     "header", "footer", "aside", "nav", "form", "summary", "body"))}
# Containers a segment can be inside: one bit each (the segment's own element counts).
FLAGS: tuple[str, ...] = ("article", "main", "nav", "aside", "footer", "header", "form", "figure",
                          "li", "table", "blockquote", "h", "a", "button", "hidden", "main-block",
                          "main-scope", "strong", "em", "time", "address", "select", "pre", "dl")
_FLAG = {name: 1 << i for i, name in enumerate(FLAGS)}
_TAG_FLAG = {"article": _FLAG["article"], "main": _FLAG["main"], "nav": _FLAG["nav"], "menu": _FLAG["nav"],
             "aside": _FLAG["aside"], "footer": _FLAG["footer"], "header": _FLAG["header"],
             "form": _FLAG["form"], "figure": _FLAG["figure"], "figcaption": _FLAG["figure"],
             "li": _FLAG["li"], "table": _FLAG["table"], "blockquote": _FLAG["blockquote"],
             "h1": _FLAG["h"], "h2": _FLAG["h"], "h3": _FLAG["h"], "h4": _FLAG["h"], "h5": _FLAG["h"],
             "h6": _FLAG["h"], "a": _FLAG["a"], "button": _FLAG["button"], "label": _FLAG["button"],
             "strong": _FLAG["strong"], "b": _FLAG["strong"], "em": _FLAG["em"], "i": _FLAG["em"],
             "time": _FLAG["time"], "address": _FLAG["address"], "select": _FLAG["select"],
             "option": _FLAG["select"], "pre": _FLAG["pre"], "code": _FLAG["pre"], "dl": _FLAG["dl"]}
_ROLE_FLAG = {"navigation": _FLAG["nav"], "complementary": _FLAG["aside"], "contentinfo": _FLAG["footer"],
              "banner": _FLAG["header"], "main": _FLAG["main"], "article": _FLAG["article"],
              "button": _FLAG["button"], "menu": _FLAG["nav"], "menubar": _FLAG["nav"]}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")  # where "relatedPosts" becomes "related Posts"
_TOKEN = re.compile(r"[a-z]{2,}")
_MASKS = 50_000  # class/id values whose bits walk() keeps across pages, at most


def _class_words(value: str) -> list[str]:
    """The tokens of a class/id value, repeats kept (see :func:`class_tokens`)."""
    low = value.lower()
    if low != value:
        low = _CAMEL.sub(" ", value).lower()
    return _TOKEN.findall(low)


@lru_cache(maxsize=20000)
def class_tokens(value: str) -> tuple[str, ...]:
    """``"relatedPosts__list c-4"`` → ``("related", "posts", "list")`` (letters only, 2+)."""
    return tuple(dict.fromkeys(_class_words(value)))


@dataclass
class Segments:
    """The page's text segments in page order, column by column."""

    texts: list[str] = field(default_factory=list)  # whitespace collapsed
    lines: list[int] = field(default_factory=list)  # HTML source line of the element
    tags: list[int] = field(default_factory=list)  # TAGS id of the element
    depth: list[int] = field(default_factory=list)
    flags: list[int] = field(default_factory=list)  # FLAGS bits of the element and its ancestors
    own: list[int] = field(default_factory=list)  # class/id token bits of the element itself
    above: list[int] = field(default_factory=list)  # class/id token bits of its ancestors
    link_chars: list[int] = field(default_factory=list)  # characters of text inside <a>
    parts: list[int] = field(default_factory=list)  # how many segments its element has before it
    breaks: list[int] = field(default_factory=list)  # <br> inside the segment
    elements: int = 0  # elements walked (page size)
    # the alignment's keys, start offsets and joined stream (newsclean.html.blockfeatures.align)
    stream: tuple[list[str], list[int], str] | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.texts)


class _Open:
    """A block element being walked: its features and the text of its current segment."""

    __slots__ = ("tag", "line", "depth", "flags", "own", "above", "text", "link", "parts", "breaks")

    def __init__(self, tag: int, line: int, depth: int, flags: int, own: int, above: int) -> None:
        self.tag, self.line, self.depth, self.flags, self.own, self.above = tag, line, depth, flags, own, above
        self.text: list[str] = []
        self.link = 0
        self.parts = 0
        self.breaks = 0


def walk(body: HtmlElement, vocabulary: dict[str, int], main: HtmlElement | None = None,
         masks: dict[str, int] | None = None) -> Segments:
    """The text segments under ``body``. ``vocabulary`` maps class/id tokens to bit numbers;
    ``main`` is the page's main text block (:func:`newsclean.html.dom.paragraph_words`): its
    segments get the ``main-block`` flag, those of the <article>/<main> around it (else its
    parent) ``main-scope``. ``masks``: a cache of class/id values' bits for this vocabulary,
    kept across pages (a site's pages share their class names)."""
    out = Segments()
    scope = None
    if main is not None:
        scope = next((a for a in main.iterancestors() if a.tag in ("article", "main")), main.getparent())
    if masks is None:
        masks = {}
    elif len(masks) > _MASKS:
        masks.clear()  # bounded over a long batch of many sites
    texts, lines, tags, depths, flagss, owns, aboves, links, partss = (
        out.texts, out.lines, out.tags, out.depth, out.flags, out.own, out.above, out.link_chars, out.parts)
    breaks = out.breaks
    hidden_flag, main_flag, scope_flag, link_flag = _FLAG["hidden"], _FLAG["main-block"], _FLAG["main-scope"], _FLAG["a"]
    tag_flag, role_flag, tag_ids, block_tags, skip = _TAG_FLAG, _ROLE_FLAG, TAGS, BLOCK_TAGS, _SKIP
    count = [0]

    def mask_of(value: str) -> int:
        m = 0
        for tok in _class_words(value):  # a repeated token sets its bit again
            bit = vocabulary.get(tok)
            if bit is not None:
                m |= 1 << bit
        masks[value] = m
        return m

    def flush(block: _Open) -> None:
        pieces = block.text
        raw = pieces[0] if len(pieces) == 1 else "".join(pieces)
        block.text = []
        if not raw.isspace():
            text = " ".join(raw.split())
            texts.append(text)
            lines.append(block.line)
            tags.append(block.tag)
            depths.append(block.depth)
            flagss.append(block.flags)
            owns.append(block.own)
            aboves.append(block.above)
            links.append(block.link)
            partss.append(block.parts)
            breaks.append(block.breaks)
            block.parts += 1
        block.link = 0
        block.breaks = 0

    def visit_block(child: HtmlElement, tag: str, block: _Open, flags: int, inside_link: int) -> None:
        cflags = flags | tag_flag.get(tag, 0)
        own = 0
        for name, value in child.items():  # one call; most block elements have a class at most
            if name == "class" or name == "id":
                if value:
                    mask = masks.get(value)
                    own |= mask_of(value) if mask is None else mask
            elif name == "role":
                cflags |= role_flag.get(value, 0)
            elif name == "hidden" or name == "aria-hidden" and value == "true":
                cflags |= hidden_flag
            elif name == "style" and _HIDDEN_STYLE.search(value):
                cflags |= hidden_flag
        if child is main:
            cflags |= main_flag
        if child is scope:
            cflags |= scope_flag
        if block.text:
            flush(block)
        inner = _Open(tag_ids.get(tag, 0), child.sourceline or 0, block.depth + 1, cflags, own,
                      block.above | block.own)
        text = child.text
        if text and not text.isspace():  # leading white space makes no text (see flush)
            inner.text.append(text)
            if inside_link:
                inner.link += len(text.strip())
        if len(child):
            visit(child, inner, cflags)
        if inner.text:
            flush(inner)

    def visit(el: HtmlElement, block: _Open, flags: int) -> None:
        inside_link = flags & link_flag
        for child in el:
            tag = child.tag
            if tag.__class__ is not str:
                continue
            count[0] += 1
            if tag in skip:
                pass
            elif tag in block_tags:
                if not len(child) and (child.text is None or child.text.isspace()):
                    # An empty block (a spacer, an icon's <span>-less <div>): it only ends the
                    # segment before it.
                    if block.text:
                        flush(block)
                else:
                    visit_block(child, tag, block, flags, inside_link)
            else:
                if tag == "br":
                    block.text.append(" ")
                    block.breaks += 1
                text = child.text
                cflags = flags | tag_flag.get(tag, 0)
                if text and (block.text or not text.isspace()):
                    block.text.append(text)
                    if cflags & link_flag:
                        block.link += len(text.strip())
                if len(child):
                    visit(child, block, cflags)
            tail = child.tail
            if tail and (block.text or not tail.isspace()):
                block.text.append(tail)
                if inside_link:
                    block.link += len(tail.strip())

    root = _Open(TAGS["body"], body.sourceline or 0, 0, 0, 0, 0)
    if body.text:
        root.text.append(body.text)
    visit(body, root, 0)
    if root.text:
        flush(root)
    out.elements = count[0]
    return out
