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


def _inline(el: _Element) -> str:
    """Text of an inline run; <lb/> becomes a line break, nested lists are skipped."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag != "list":
            parts.append(_inline(child))
        parts.append(child.tail or "")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _list(el: _Element, depth: int, out: list[str]) -> None:
    for item in el:
        if item.tag != "item":
            continue
        text = _inline(item).replace("\n", " ")
        if text:
            out.append("  " * depth + "- " + text)
        for sub in item.iter("list"):
            if sub is not item and sub.getparent() is item:
                _list(sub, depth + 1, out)


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
        else:
            inner.append(_inline(el))
        text = "\n>\n".join(b for b in inner if b)
        if text:
            blocks.append("\n".join("> " + line if line != ">" else ">" for line in text.split("\n")))
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
        text = _inline(el)
        if text:
            blocks.append(text)


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
