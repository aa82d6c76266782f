"""The main-text extraction: trafilatura on the cleaned tree, rendered as markdown-ish text."""

from __future__ import annotations

import logging
import re
from itertools import islice
from typing import Any

from lxml.etree import _Element
from lxml.html import HtmlElement

from newsclean.text.encoding import without_invisible
from newsclean.text.markup import escape_start

__all__ = ["extract_fast", "extract_structured", "few_words", "render_body", "render_lines", "take_linked_data",
           "FAST_PATH_CHARS", "TRAFILATURA_OPTIONS"]

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


def take_linked_data(tree: HtmlElement) -> list[HtmlElement]:
    """The page's JSON-LD ``<script>`` elements, taken out of ``tree`` (their tail text stays),
    for :func:`extract_structured` to give back to trafilatura.

    trafilatura reads them: a page that calls itself a ``DiscussionForumPosting`` is a forum
    thread, whose posts it keeps although they sit in comment containers; and its last-resort
    fallback takes an ``articleBody``. With every script stripped before extraction, as the
    rest of the HTML stage wants them (no script text in segments, maps or removals), a forum
    thread lost its posts: 31 corpus pages, F1 0.95 -> 0.09 on one."""
    found = [el for el in tree.iter("script") if (el.get("type") or "").strip().lower() == "application/ld+json"]
    for el in found:
        el.drop_tree()  # the tail goes to the element before, as strip_elements(with_tail=False) leaves it
        el.tail = None
    return found


def extract_structured(tree: HtmlElement, *, url: str | None = None, links: bool = False,
                       linked_data: list[HtmlElement] | None = None) -> tuple[str, list[str], list[str]]:
    """Run trafilatura on ``tree``; return the structured text, the markdown of each of its
    lines (:func:`render_lines`) and warnings. ``links`` keeps the links (trafilatura's
    ``include_links``), for the markdown only: the text is the links' text. ``linked_data``
    (:func:`take_linked_data`) goes back into the tree's ``<head>`` first: trafilatura reads it."""
    from trafilatura import bare_extraction

    if linked_data:
        head = tree.find("head")
        (head if head is not None else tree).extend(linked_data)

    # trafilatura logs "empty HTML tree" and the like at ERROR level; we report it ourselves.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    options = TRAFILATURA_OPTIONS if not links else {**TRAFILATURA_OPTIONS, "include_links": True}
    try:
        doc = bare_extraction(tree, url=url, **options)
    except (RecursionError, ValueError, TypeError) as err:
        return "", [], [f"main-text extraction failed: {type(err).__name__}: {err}"]
    body = getattr(doc, "body", None)
    if body is None:
        return "", [], ["no article text found on the page"]
    if links:
        _join_link_paragraphs(body)
    _drop_invisible(body)
    lines = render_lines(body)
    text = "\n".join(t for t, _ in lines)
    if few_words(text):
        # trafilatura's last-resort fallback returns whatever text there is ("Home"): on a
        # page without an article we say so, and show what was left out.
        shown = f" (only {text!r})" if text else ""
        return "", [], [f"no article text found on the page{shown}"]
    return text, [m for _, m in lines], []


def _drop_invisible(body: _Element) -> None:
    """Soft hyphens and other invisible word-break marks out of the text (as trafilatura's own
    text output has them out): "Bundes&shy;regierung" is one word for the reader."""
    for node in body.iter():
        if node.text:
            node.text = without_invisible(node.text)
        if node.tail:
            node.tail = without_invisible(node.tail)


def _join_link_paragraphs(body: _Element) -> None:
    """With links kept, trafilatura leaves the source's line breaks in the text around a link;
    without them, an element whose only children were links is plain text, which it trims to
    one line. Take those line breaks for spaces, as it does, so that the text is cut into the
    same lines either way (an element with other children keeps them either way)."""
    done: set[Any] = set()
    for ref in body.iter("ref"):
        parent = ref.getparent()
        if parent is None or parent in done:
            continue
        done.add(parent)
        if any(child.tag != "ref" for child in parent):
            continue
        if parent.text and "\n" in parent.text:
            parent.text = parent.text.replace("\n", " ")
        for node in parent.iterdescendants():
            if node.text and "\n" in node.text:
                node.text = node.text.replace("\n", " ")
            if node.tail and "\n" in node.tail:
                node.tail = node.tail.replace("\n", " ")


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


_Pair = tuple[str, str]  # a line of the text the detectors see, and the same line in markdown


# trafilatura's block elements. Inside an inline run their text is set apart by spaces (its own
# text output does the same), and a <list> inside a paragraph is rendered as list items.
_BLOCKY = frozenset({"p", "head", "quote", "list", "item", "table", "row", "cell"})


def _child_pair(child: _Element, lists: bool) -> _Pair:
    """The (text, markdown) of an inline run's child, line breaks kept: a ``ref`` with a
    ``target`` (``include_links``) is ``[text](target)`` in markdown; a block element's text is
    set apart by spaces."""
    inner = _inline_pairs(child, lists)
    text = "\n".join(t for t, _ in inner)
    mark = "\n".join(m for _, m in inner)
    target = child.get("target") if child.tag == "ref" else None
    if target and text.strip() and "\n" not in text:
        lead = text[:len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        mark = f"{lead}[{mark.strip()}]({target.replace(' ', '%20').replace(')', '%29')}){trail}"
    if child.tag in _BLOCKY:
        return f" {text} ", f" {mark} "
    return text, mark


def _pairs_of(texts: list[str], marks: list[str]) -> list[_Pair]:
    """Joined runs split into lines, white space collapsed, empty lines dropped."""
    pairs = []
    for t, m in zip("".join(texts).split("\n"), "".join(marks).split("\n")):
        t = " ".join(t.split())
        if t:
            pairs.append((t, " ".join(m.split())))
    return pairs


def _inline_pairs(el: _Element, lists: bool = True) -> list[_Pair]:
    """Lines of an inline run as (text, markdown): <lb/> breaks a line; nested lists are left
    out when ``lists`` is False (the caller renders them), else kept as text."""
    texts: list[str] = [el.text or ""]
    marks: list[str] = [_md_text(el.text)]
    for child in el:
        if child.tag == "lb":
            texts.append("\n")
            marks.append("\n")
        elif child.tag != "list" or lists:
            text, mark = _child_pair(child, lists)
            texts.append(text)
            marks.append(mark)
        texts.append(child.tail or "")
        marks.append(_md_text(child.tail))
    return _pairs_of(texts, marks)


def _md_text(text: str | None) -> str:
    """Text as it reads in markdown: brackets, stars and underscores escaped."""
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\g<0>", text)


_MD_SPECIAL = re.compile(r"[\\`*_\[\]<]")


def _inline(el: _Element) -> str:
    """Text of an inline run; <lb/> becomes a line break."""
    return "\n".join(t for t, _ in _inline_pairs(el))


def _one_line(pairs: list[_Pair]) -> _Pair:
    return " ".join(t for t, _ in pairs), " ".join(m for _, m in pairs)


def _sublists(item: _Element) -> list[_Element]:
    """The lists inside a list item that are not inside another list of it, in order."""
    return [sub for sub in item.iterdescendants("list")
            if next(sub.iterancestors("list", "item")) is item]


def _list(el: _Element, indent: str, marker_indent: str, out: list[_Pair]) -> None:
    ordered = (el.get("rend") or "").lower() == "ol"
    number = 0
    for item in el:
        if item.tag != "item":
            continue
        number += 1
        text, mark = _one_line(_inline_pairs(item, lists=False))
        marker = f"{number}. " if ordered else "- "
        if text:
            out.append((indent + "- " + text, marker_indent + marker + mark))
        for sub in _sublists(item):
            _list(sub, indent + "  ", marker_indent + " " * len(marker), out)


def _paragraph(el: _Element, blocks: list[list[_Pair]]) -> None:
    """A paragraph; a list inside it (trafilatura keeps a <ul> that sits in a <p>) becomes its
    list items, between the text before it and the text after it."""
    if next(el.iterdescendants("list"), None) is None:
        pairs = _inline_pairs(el)
        if pairs:
            blocks.append([(t, escape_start(m)) for t, m in pairs])
        return
    runs: list[_Pair | _Element | None] = []
    _split_lists(el, runs)
    runs.append(None)  # the end
    texts: list[str] = []
    marks: list[str] = []
    for run in runs:
        if isinstance(run, tuple):
            texts.append(run[0])
            marks.append(run[1])
            continue
        pairs = _pairs_of(texts, marks)
        if pairs:
            blocks.append([(t, escape_start(m)) for t, m in pairs])
        texts, marks = [], []
        if run is not None:
            items: list[_Pair] = []
            _list(run, "", "", items)
            if items:
                blocks.append(items)


def _split_lists(el: _Element, runs: list[_Pair | _Element | None]) -> None:
    """The content of ``el`` as runs of (text, markdown) (inline markup flattened) and the
    lists in it."""
    runs.append((el.text or "", _md_text(el.text)))
    for child in el:
        tag = child.tag
        if tag == "list":
            runs.append(child)
        elif tag == "lb":
            runs.append(("\n", "\n"))
        elif next(child.iterdescendants("list"), None) is not None:
            space = " " if tag in _BLOCKY else ""
            runs.append((space, space))
            _split_lists(child, runs)
            runs.append((space, space))
        else:
            runs.append(_child_pair(child, True))
        runs.append((child.tail or "", _md_text(child.tail)))


def _block(el: _Element, blocks: list[list[_Pair]]) -> None:
    tag = el.tag
    if tag == "head":
        text, mark = _one_line(_inline_pairs(el))
        if text:
            rend = el.get("rend") or "h2"
            level = int(rend[1]) if rend[1:2].isdigit() else 2
            hashes = "#" * max(1, min(level, 6))
            blocks.append([(f"{hashes} {text}", f"{hashes} {mark}")])
    elif tag == "list":
        lines: list[_Pair] = []
        _list(el, "", "", lines)
        if lines:
            blocks.append(lines)
    elif tag == "quote":
        inner: list[list[_Pair]] = []
        if len(el) and any(child.tag in ("p", "list", "head", "quote") for child in el):
            if el.text and el.text.strip():
                inner.append([(" ".join(el.text.split()), " ".join(_md_text(el.text).split()))])
            for child in el:
                _block(child, inner)
                if child.tail and child.tail.strip():
                    inner.append([(" ".join(child.tail.split()), " ".join(_md_text(child.tail).split()))])
        else:
            _paragraph(el, inner)
        # Paragraphs of a quote apart by a blank line: a bare ">" line between them would be
        # taken by the text stage for a line of its own (a removal of text the page has not).
        for block in (b for b in inner if b):
            blocks.append([("> " + t, "> " + m) for t, m in block])
    elif tag == "table":
        rows: list[_Pair] = []
        for row in el.iter("row"):
            # A list in a cell stays in the cell, as its text.
            cells = [_one_line(_inline_pairs(cell)) for cell in row if cell.tag == "cell"]
            if any(t for t, _ in cells):
                rows.append((" | ".join(t for t, _ in cells),
                             "| " + " | ".join(m.replace("|", "\\|") for _, m in cells) + " |"))
        if rows:
            blocks.append(rows)
    elif tag in ("graphic", "lb"):
        return
    elif tag == "code":
        # A <pre> block: a fenced code block, its lines as written (the text stage keeps them).
        code = [line.rstrip() for line in "".join(el.itertext()).strip("\n").split("\n")]
        if any(code):
            blocks.append([("```", "```"), *((line, line) for line in code), ("```", "```")])
    else:  # p and anything unexpected: its text as a paragraph
        _paragraph(el, blocks)


def render_lines(body: _Element) -> list[_Pair]:
    """trafilatura's body tree as lines of (text, markdown). The text is what the detectors
    read: paragraphs separated by blank lines, ``## `` headings, ``- `` list items (nested ones
    indented), ``> `` quotes, ``a | b`` table rows, ```` ``` ```` fences around a code block's
    lines as written. The markdown keeps more: numbered lists,
    ``| a | b |`` table rows, links (``[text](url)``, when trafilatura kept them) and escapes."""
    blocks: list[list[_Pair]] = []
    if body.text and body.text.strip():
        blocks.append([(" ".join(body.text.split()), escape_start(" ".join(_md_text(body.text).split())))])
    for child in body:
        _block(child, blocks)
        if child.tail and child.tail.strip():
            blocks.append([(" ".join(child.tail.split()), escape_start(" ".join(_md_text(child.tail).split())))])
    out: list[_Pair] = []
    for block in blocks:
        if out:
            out.append(("", ""))
        out += block
    return out


def render_body(body: _Element) -> str:
    """trafilatura's body tree → the text of :func:`render_lines`."""
    return "\n".join(t for t, _ in render_lines(body))
