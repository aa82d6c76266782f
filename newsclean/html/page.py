"""What the HTML stage hands to the text stage: :class:`Page` and its metadata candidates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsclean.article import Removal
from newsclean.html.blocks import SourceMap

__all__ = ["Candidate", "Page"]


@dataclass(frozen=True)
class Candidate:
    """One metadata value offered by one source of the page.

    ``field`` is the Article field it could fill (``title``, ``authors``, ``published``,
    ``modified``, ``source_url``, ``publisher``, ``site_name``, ``tags``, ``description``);
    ``source`` names where it came from (``json-ld``, ``opengraph``, ``meta``, ``html``,
    ``trafilatura``, ``text``) and ``key`` the exact property (``headline``, ``og:title``…).
    ``value`` is the raw string (a list of strings for ``authors`` and ``tags``).
    """

    field: str
    value: Any
    source: str
    key: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for ``metadata_sources``."""
        return {"source": self.source, "key": self.key, "value": self.value}


@dataclass
class Page:
    """A parsed HTML page: structured main text, DOM removals and metadata candidates.

    ``text`` is markdown-ish: paragraphs separated by a blank line, headings as
    ``## Heading``, list items as ``- item``, quotes as ``> quote``, table rows as
    ``cell | cell``. ``removed`` holds the DOM-stage removals (``line`` is the element's
    HTML source line, ``path`` its XPath). ``captions`` are the page's figure captions.
    ``recovered`` are the blocks the block scorer put back into ``text`` (trafilatura had left
    them out); ``left_out`` the text blocks of the main content that the extraction dropped
    whole, as (text, source line, XPath) (:meth:`~newsclean.html.blocks.SourceMap.dropped_blocks`).
    ``source`` maps the lines of ``text`` back to the page's HTML (see
    :mod:`newsclean.html.blocks`); without it (a Page made by hand), line numbers are those
    of ``text``.
    """

    text: str = ""
    removed: list[Removal] = field(default_factory=list)
    language: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    left_out: list[tuple[str, int | None, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    source: SourceMap | None = None
    # The markdown of each line of ``text`` (tables as | a | b |, links, numbered lists), for
    # ``to_markdown()``; None when ``text`` is its own markdown (the fast path).
    markup: list[str] | None = None

    def values(self, name: str) -> list[Candidate]:
        """The candidates for one Article field, in precedence order."""
        return [c for c in self.candidates if c.field == name]
