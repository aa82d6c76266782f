"""The article's structure in markdown: headings at their level, nested lists, quotes, tables
and links, kept beside the plain body (docs/json.md: ``body`` stays plain paragraphs).

The text detectors read each line unwrapped (``## Heading`` → ``Heading``); every line kept in
the body also keeps its markdown (:func:`markdown_line`): the input line itself for markdown
input, the extraction's markdown for an HTML page (``| a | b |`` rows, ``[text](url)`` links,
numbered lists), escaped plain text for plain-text input. :func:`body_markdown` renders the
body from them: ``Article.to_markdown()``.
"""

from __future__ import annotations

import re
from newsclean.text.lines import Line, fenced_lines

__all__ = ["BodyMarkup", "markdown_line", "body_markdown", "strip_links", "escape_start"]

# What markdown would read as the start of a heading, quote, list item, rule or table row.
_BLOCK_START = re.compile(r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|={3,}|-{3,}|\|)")
_HEADING = re.compile(r"^\s*(#{1,6})\s")
_QUOTE = re.compile(r"^\s*((?:>\s?)+)")
_INDENT = re.compile(r"^[ \t]*")
# A link or image not escaped: [text](url "title") / ![alt](src).
_LINK = re.compile(r"(?<!\\)!?\[((?:[^\[\]\n\\]|\\.){0,500})\]\(([^()\s]{0,2000})(?:\s+\"[^\"\n]{0,200}\")?\)")
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")
_CELL_BAR = re.compile(r"(?<!\\)\|")


def escape_start(text: str) -> str:
    """``text`` with a backslash before a start that markdown would read as structure."""
    return "\\" + text if _BLOCK_START.match(text) else text


def markdown_line(line: Line, text: str, markup: list[str] | None, markdown: bool) -> str:
    """The markdown of one kept line: ``text`` is what of it the body keeps; ``markup`` the
    markdown of each input line when the input is not its own (an HTML page); ``markdown``
    whether the input is markdown (else plain text)."""
    if line.code:
        return text  # as written (a code line is never cut)
    whole = text == line.text
    if markup is not None and 0 < line.number <= len(markup):
        if whole:
            return markup[line.number - 1]
    elif not markdown:
        return escape_start(text)
    elif whole:
        raw = line.raw.rstrip()
        stripped = raw.lstrip()
        if stripped.startswith("\u2022"):
            stripped = "-" + stripped[1:]
        # A list item keeps its indentation (nesting); any other line loses it (4 spaces: code).
        return raw[:len(raw) - len(raw.lstrip())] + stripped if line.list_item else stripped
    # Part of the line was taken: its block marker, then what is kept.
    heading = _HEADING.match(line.raw)
    if heading and line.heading:
        return f"{heading.group(1)} {text}"
    quote = _QUOTE.match(line.raw)
    if quote:
        return quote.group(1).rstrip() + " " + text
    if line.list_item:
        return _INDENT.match(line.raw).group(0) + text  # type: ignore[union-attr]
    return escape_start(text)


def strip_links(md: str) -> str:
    """Links and images as their text (markdown output without ``--links``)."""
    return _LINK.sub(lambda m: m.group(1), md) if "](" in md else md


def _cells(row: str) -> int:
    return max(1, len(_CELL_BAR.findall(row)) - 1)


class BodyMarkup:
    """The markdown of a body's lines where it is more than their text: ``lines`` is how many
    lines the body had when it was made, ``marked`` holds ``(index, text, markdown)`` for the
    others (most lines of a story are plain text: nothing is kept for them)."""

    __slots__ = ("lines", "marked")

    def __init__(self) -> None:
        self.lines = 0
        self.marked: list[tuple[int, str, str]] = []

    def add(self, text: str, md: str) -> None:
        if md != text:
            self.marked.append((self.lines, text, md))
        self.lines += 1

    def __getstate__(self) -> tuple[int, list[tuple[int, str, str]]]:
        return self.lines, self.marked

    def __setstate__(self, state: tuple[int, list[tuple[int, str, str]]]) -> None:
        self.lines, self.marked = state


def body_markdown(body: str, markup: BodyMarkup | None, links: bool = False) -> str:
    """The body in markdown. A marked line is found where it was, less the lines later stages
    took out before it (the repeated title, a caption: a few single lines), by its text; a line
    not found, and every other line, is written as it is (plain text escaped where markdown
    would read it as structure). Table rows come together as one table with its rule line."""
    if not body:
        return ""
    paragraphs = [paragraph.split("\n") for paragraph in body.split("\n\n")]
    flat = [text for paragraph in paragraphs for text in paragraph]
    md_at: dict[int, str] = {}
    if markup is not None:
        gone = max(0, markup.lines - len(flat))
        for index, text, md in markup.marked:
            for j in range(min(index, len(flat) - 1), max(-1, index - gone - 1), -1):
                if flat[j] == text:
                    md_at[j] = md
                    break
    fenced = fenced_lines(flat) if "```" in body or "~~~" in body else {}
    blocks: list[tuple[list[str], bool]] = []  # paragraphs (a table's rows together), and whether code
    at = 0
    for paragraph in paragraphs:
        block = []
        code = at in fenced  # a code block (its paragraphs), as written
        for text in paragraph:
            md = md_at.get(at, text)
            at += 1
            block.append(md if links or code else strip_links(md))
        if blocks and not code and not blocks[-1][1] and _TABLE_ROW.match(block[0]) \
                and _TABLE_ROW.match(blocks[-1][0][-1]):
            blocks[-1][0].extend(block)  # rows of one table: no blank line between them
        else:
            blocks.append((block, code))
    out = []
    for block, code in blocks:
        if code:
            out.append("\n".join(block))
            continue
        rows = []
        for i, md in enumerate(block):
            rows.append(md)
            first_row = _TABLE_ROW.match(md) and (i == 0 or not _TABLE_ROW.match(block[i - 1]))
            if first_row and not (i + 1 < len(block) and _TABLE_RULE.match(block[i + 1])) \
                    and not _TABLE_RULE.match(md):
                rows.append("|" + " --- |" * _cells(md))
        out.append("\n".join(rows))
    return "\n\n".join(out)
