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
from collections.abc import Sequence

from newsclean.text.lines import Line

__all__ = ["markdown_line", "body_markdown", "strip_links", "escape_start"]

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
# How far past the last matched line a body line is looked for: later stages take out a block
# or two (the repeated title, a caption), never many lines.
_REACH = 64


def escape_start(text: str) -> str:
    """``text`` with a backslash before a start that markdown would read as structure."""
    return "\\" + text if _BLOCK_START.match(text) else text


def markdown_line(line: Line, text: str, markup: list[str] | None, markdown: bool) -> str:
    """The markdown of one kept line: ``text`` is what of it the body keeps; ``markup`` the
    markdown of each input line when the input is not its own (an HTML page); ``markdown``
    whether the input is markdown (else plain text)."""
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


def body_markdown(body: str, lines: Sequence[tuple[str, str]], links: bool = False) -> str:
    """The body in markdown: each body line is matched, in order, with the kept line it came
    from (``lines``: text and markdown), so that what later stages took out (the repeated title,
    a caption) is left out here too; a line not found is written as it is. Table rows come
    together as one table with its rule line."""
    if not body:
        return ""
    blocks: list[list[str]] = []
    at = 0
    for paragraph in body.split("\n\n"):
        block = []
        for text in paragraph.split("\n"):
            md = text
            for k in range(at, min(at + _REACH, len(lines))):
                if lines[k][0] == text:
                    md, at = lines[k][1], k + 1
                    break
            block.append(md if links else strip_links(md))
        if blocks and _TABLE_ROW.match(block[0]) and _TABLE_ROW.match(blocks[-1][-1]):
            blocks[-1] += block  # rows of one table: no blank line between them
        else:
            blocks.append(block)
    out = []
    for block in blocks:
        rows = []
        for i, md in enumerate(block):
            rows.append(md)
            first_row = _TABLE_ROW.match(md) and (i == 0 or not _TABLE_ROW.match(block[i - 1]))
            if first_row and not (i + 1 < len(block) and _TABLE_RULE.match(block[i + 1])) \
                    and not _TABLE_RULE.match(md):
                rows.append("|" + " --- |" * _cells(md))
        out.append("\n".join(rows))
    return "\n\n".join(out)
