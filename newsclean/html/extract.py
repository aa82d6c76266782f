"""The main-text extraction: trafilatura on the cleaned tree, rendered as markdown-ish text."""

from __future__ import annotations

import logging
import re
from itertools import islice
from typing import Any

from lxml.etree import _Element
from lxml.html import HtmlElement

__all__ = ["extract_fast", "extract_main", "few_words", "render_body", "FAST_PATH_CHARS", "TRAFILATURA_OPTIONS"]

# Measured on the development corpus (docs/html.md): comments off is the biggest precision
# gain; favor_precision loses recall for no precision on news pages, so it stays off.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "favor_precision": False,
    "with_metadata": False,
}


# Fewer words than this is a navigation page, an error page or an empty shell, not an article.
_MIN_WORDS = 8
_WORD = re.compile(r"\S+")  # a word of str.split(): \s is str.isspace() for str patterns


def few_words(text: str) -> bool:
    """Whether ``text`` has fewer than :data:`_MIN_WORDS` words. Stops at that many: a list of
    every word of a 20 MB page's text was ten times its size."""
    return sum(1 for _ in islice(_WORD.finditer(text), _MIN_WORDS)) < _MIN_WORDS


def extract_main(tree: HtmlElement, *, url: str | None = None) -> tuple[str, list[str]]:
    """Run trafilatura on ``tree``; return the structured text and warnings."""
    from trafilatura import bare_extraction

    # trafilatura logs "empty HTML tree" and the like at ERROR level; we report it ourselves.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        doc = bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS)
    except (RecursionError, ValueError, TypeError) as err:
        return "", [f"main-text extraction failed: {type(err).__name__}: {err}"]
    if doc is None or getattr(doc, "body", None) is None:
        return "", ["no article text found on the page"]
    text = render_body(doc.body)
    if few_words(text):
        # trafilatura's last-resort fallback returns whatever text there is ("Home"): on a
        # page without an article we say so, and show what was left out.
        shown = f" (only {text!r})" if text else ""
        return "", [f"no article text found on the page{shown}"]
    return text, []


# trafilatura's extraction grows faster than linearly with page size (a 7 MB page takes ~20 s,
# a 20 MB one minutes); above this many characters of HTML the fast path below is used.
FAST_PATH_CHARS = 4_000_000
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_OUTSIDE = frozenset({"nav", "header", "footer", "aside", "form", "menu"})


def extract_fast(tree: HtmlElement, main: HtmlElement | None) -> str:
    """A linear-time extraction for huge pages: the text blocks of the <article>/<main> that
    holds the main text block (the whole body when there is none), outside nav/header/footer."""
    scope = tree.find("body")
    if main is not None:
        scope = next((a for a in main.iterancestors() if a.tag in ("article", "main")), scope)
    if scope is None:
        return ""
    blocks: list[str] = []
    for el in scope.iter(*_BLOCKS):
        if any(a.tag in _OUTSIDE for a in el.iterancestors()) or next(el.iterdescendants(*_BLOCKS), None) is not None:
            continue
        text = " ".join(el.text_content().split())
        if text:
            tag = el.tag
            if tag[0] == "h" and tag[1:].isdigit():
                text = "#" * int(tag[1]) + " " + text
            elif tag == "li":
                text = "- " + text
            elif tag == "blockquote":
                text = "> " + text
            blocks.append(text)
    return "\n\n".join(blocks)


# trafilatura's block elements. Inside an inline run their text is set apart by spaces (its own
# text output does the same), and a <list> inside a paragraph is rendered as list items.
_BLOCKY = frozenset({"p", "head", "quote", "list", "item", "table", "row", "cell"})


def _inline(el: _Element, lists: bool = True) -> str:
    """Text of an inline run; <lb/> becomes a line break; the text of block elements inside
    it is set apart by spaces. Nested lists are left out when ``lists`` is False (the caller
    renders them), else kept as text."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag == "lb":
            parts.append("\n")
        elif tag in _BLOCKY:
            if tag != "list" or lists:
                parts.append(" ")
                parts.append(_inline(child, lists))
                parts.append(" ")
        else:
            parts.append(_inline(child, lists))
        parts.append(child.tail or "")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _sublists(item: _Element) -> list[_Element]:
    """The lists inside a list item that are not inside another list of it, in order."""
    return [sub for sub in item.iterdescendants("list")
            if next(sub.iterancestors("list", "item")) is item]


def _list(el: _Element, depth: int, out: list[str]) -> None:
    for item in el:
        if item.tag != "item":
            continue
        text = _inline(item, lists=False).replace("\n", " ")
        if text:
            out.append("  " * depth + "- " + text)
        for sub in _sublists(item):
            _list(sub, depth + 1, out)


def _paragraph(el: _Element, blocks: list[str]) -> None:
    """A paragraph; a list inside it (trafilatura keeps a <ul> that sits in a <p>) becomes its
    list items, between the text before it and the text after it."""
    if next(el.iterdescendants("list"), None) is None:
        text = _inline(el)
        if text:
            blocks.append(text)
        return
    runs: list[str | _Element | None] = []
    _split_lists(el, runs)
    runs.append(None)  # the end
    pending: list[str] = []
    for run in runs:
        if isinstance(run, str):
            pending.append(run)
            continue
        lines = (" ".join(line.split()) for line in "".join(pending).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            blocks.append(text)
        pending = []
        if run is not None:
            items: list[str] = []
            _list(run, 0, items)
            if items:
                blocks.append("\n".join(items))


def _split_lists(el: _Element, runs: list[str | _Element | None]) -> None:
    """The content of ``el`` as runs of text (inline markup flattened) and the lists in it."""
    runs.append(el.text or "")
    for child in el:
        tag = child.tag
        if tag == "list":
            runs.append(child)
        elif tag == "lb":
            runs.append("\n")
        elif next(child.iterdescendants("list"), None) is not None:
            runs.append(" " if tag in _BLOCKY else "")
            _split_lists(child, runs)
            runs.append(" " if tag in _BLOCKY else "")
        else:
            runs.append(f" {_inline(child)} " if tag in _BLOCKY else _inline(child))
        runs.append(child.tail or "")


def _block(el: _Element, blocks: list[str]) -> None:
    tag = el.tag
    if tag == "head":
        text = _inline(el).replace("\n", " ")
        if text:
            rend = el.get("rend") or "h2"
            level = int(rend[1]) if rend[1:2].isdigit() else 2
            blocks.append("#" * max(1, min(level, 6)) + " " + text)
    elif tag == "list":
        lines: list[str] = []
        _list(el, 0, lines)
        if lines:
            blocks.append("\n".join(lines))
    elif tag == "quote":
        inner: list[str] = []
        if len(el) and any(child.tag in ("p", "list", "head", "quote") for child in el):
            if el.text and el.text.strip():
                inner.append(" ".join(el.text.split()))
            for child in el:
                _block(child, inner)
                if child.tail and child.tail.strip():
                    inner.append(" ".join(child.tail.split()))
        else:
            _paragraph(el, inner)
        # Paragraphs of a quote apart by a blank line: a bare ">" line between them would be
        # taken by the text stage for a line of its own (a removal of text the page has not).
        for block in inner:
            if block:
                blocks.append("\n".join("> " + line for line in block.split("\n")))
    elif tag == "table":
        rows = []
        for row in el.iter("row"):
            cells = [_inline(cell).replace("\n", " ") for cell in row if cell.tag == "cell"]
            if any(cells):
                rows.append(" | ".join(cells))
        if rows:
            blocks.append("\n".join(rows))
    elif tag in ("graphic", "lb"):
        return
    else:  # p, code, and anything unexpected: its text as a paragraph
        _paragraph(el, blocks)


def render_body(body: _Element) -> str:
    """trafilatura's body tree → paragraphs separated by blank lines, ``## `` headings,
    ``- `` list items, ``> `` quotes, ``a | b`` table rows."""
    blocks: list[str] = []
    if body.text and body.text.strip():
        blocks.append(" ".join(body.text.split()))
    for child in body:
        _block(child, blocks)
        if child.tail and child.tail.strip():
            blocks.append(" ".join(child.tail.split()))
    return "\n\n".join(blocks)
