"""The result of cleaning: an :class:`Article` and the :class:`Removal` records that explain it."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Article", "Removal", "METADATA_CATEGORIES"]

# Categories whose removals moved text into a metadata field rather than throwing it away.
METADATA_CATEGORIES = frozenset(
    {"title", "subtitle", "byline", "date", "tags", "source-url", "caption", "author-bio"}
)


@dataclass(frozen=True)
class Removal:
    """One piece of the input that is not in the body, and why.

    ``line`` is 1-based in the input. For HTML input it is the HTML source line where the
    removed text starts (for a container the DOM pass removed: the line of its start tag, and
    ``path`` is its XPath); when that line is not known (the text is not in the page's markup,
    or is past line 65,535), ``located`` is False and ``line`` is ``None``. ``start``/``end`` are set when only
    part of a line was taken: character offsets in the line's text after markdown unwrapping
    (for HTML input, in the line of extracted text given as ``extracted``); both are ``None``
    when the whole line went.
    """

    category: str
    text: str
    line: int | None
    detector: str
    reason: str
    start: int | None = None
    end: int | None = None
    path: str | None = None
    located: bool = True
    extracted: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; optional keys are left out when unset."""
        data: dict[str, Any] = {
            "category": self.category,
            "text": self.text,
            "line": self.line,
            "detector": self.detector,
            "reason": self.reason,
        }
        if self.start is not None:
            data["start"], data["end"] = self.start, self.end
        if self.extracted is not None:
            data["extracted"] = self.extracted
        if self.path is not None:
            data["path"] = self.path
        if not self.located:
            data["located"] = False
        return data

    @property
    def is_metadata(self) -> bool:
        """True when the text went into a metadata field rather than away."""
        return self.category in METADATA_CATEGORIES


def _iso(value: _dt.date | _dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass
class Article:
    """A cleaned article: body, metadata fields and the audit trail of removals."""

    body: str = ""
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    byline: str | None = None
    published: _dt.date | _dt.datetime | None = None
    source_url: str | None = None
    tags: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    language: str | None = None
    warnings: list[str] = field(default_factory=list)
    # Extra metadata that later stages attach (e.g. ``metadata_sources`` for HTML input).
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON contract (see docs/json.md). Dates are ISO 8601 strings."""
        data: dict[str, Any] = {
            "title": self.title,
            "subtitle": self.subtitle,
            "authors": list(self.authors),
            "byline": self.byline,
            "published": _iso(self.published),
            "source_url": self.source_url,
            "tags": list(self.tags),
            "captions": list(self.captions),
            "body": self.body,
            "removed": [r.to_dict() for r in self.removed],
            "language": self.language,
            "warnings": list(self.warnings),
        }
        data.update(self.extra)
        return data

    def to_markdown(self) -> str:
        """The article as markdown: title heading, subtitle, byline and date, then the body."""
        parts: list[str] = []
        if self.title:
            parts.append(f"# {self.title}")
        if self.subtitle:
            parts.append(f"*{self.subtitle}*")
        credit = ", ".join(self.authors)
        when = _iso(self.published)
        meta = " · ".join(p for p in (f"By {credit}" if credit else "", when or "") if p)
        if meta:
            parts.append(meta)
        if self.body:
            parts.append(self.body)
        if self.source_url:
            parts.append(f"Source: <{self.source_url}>")
        return "\n\n".join(parts) + "\n" if parts else ""
