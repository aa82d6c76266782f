"""The result of cleaning: an :class:`Article` and the :class:`Removal` records that explain it."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

__all__ = ["Article", "Removal", "METADATA_CATEGORIES", "CONTRACT_KEYS"]

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
    or is past line 65,535), ``located`` is False and ``line`` is ``None``. ``start``/``end``
    are set when only part of a line was taken: character offsets in the line's text after
    markdown unwrapping (for HTML input, in the line of extracted text given as ``extracted``);
    both are ``None`` when the whole line went. For HTML input, a removal of the text stage
    also gives ``extracted_line``: its line in the extracted text (where a review places it
    among the body's lines). ``code`` is the stable machine code of the rule
    that fired (``"newsletter-plug.sentence"``: detector, then rule), for counting and
    filtering; ``reason`` is the same in prose. ``score`` is the line model's probability when
    the model decided.
    """

    category: str
    text: str
    line: int | None
    detector: str
    reason: str
    start: int | None = None
    end: int | None = None
    path: str | None = None
    code: str = ""
    score: float | None = None
    located: bool = True
    extracted: str | None = None
    extracted_line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; optional keys are left out when unset."""
        data: dict[str, Any] = {
            "category": self.category,
            "text": self.text,
            "line": self.line,
            "detector": self.detector,
            "code": self.code,
            "reason": self.reason,
        }
        if self.start is not None:
            data["start"], data["end"] = self.start, self.end
        if self.extracted is not None:
            data["extracted"] = self.extracted
        if self.extracted_line is not None:
            data["extracted_line"] = self.extracted_line
        if self.path is not None:
            data["path"] = self.path
        if self.score is not None:
            data["score"] = round(self.score, 4)
        if not self.located:
            data["located"] = False
        return data

    @property
    def is_metadata(self) -> bool:
        """True when the text went into a metadata field rather than away."""
        return self.category in METADATA_CATEGORIES


PRECISIONS = ("day", "minute", "second")


def _published(value: _dt.date | _dt.datetime | None) -> tuple[_dt.datetime | None, str | None, bool]:
    """(aware datetime, precision, whether the source gave the zone) for any date value.

    A date without a time is midnight UTC at day precision; a datetime without a zone is read
    as UTC, and remembered as zoneless so that its ISO form stays as the source wrote it."""
    if value is None:
        return None, None, False
    if not isinstance(value, _dt.datetime):
        return _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.timezone.utc), "day", False
    precision = "second" if value.second or value.microsecond else "minute"
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=_dt.timezone.utc), precision, False
    return value, precision, True


# The keys of Article.to_dict() that are the JSON contract (docs/json.md): ``extra`` may not hold them.
CONTRACT_KEYS = frozenset({"title", "subtitle", "authors", "agencies", "publisher", "byline", "published",
                           "published_precision", "updated", "source_url", "tags", "captions", "body", "removed",
                           "language", "warnings"})


class _Extra(dict):
    """Article.extra: a dict that refuses the contract's keys (a later stage may not overwrite them)."""

    def __setitem__(self, key: str, value: Any) -> None:
        if key in CONTRACT_KEYS:
            raise KeyError(f"{key!r} is a contract key of Article.to_dict(); set the Article field instead")
        super().__setitem__(key, value)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]


@dataclass
class Article:
    """A cleaned article: body, metadata fields and the audit trail of removals.

    ``published`` is always a timezone-aware ``datetime`` (so articles sort by it), or None.
    ``published_precision`` says what the source gave: ``"day"`` (a date: the value is midnight
    UTC), ``"minute"`` or ``"second"``; ``published_has_zone`` whether it gave the zone (when it
    did not, the value is read as UTC). Assigning a ``date`` or a naive ``datetime`` to
    ``published`` is normalised the same way. ``to_dict()`` writes it as the source did.
    ``updated`` (the last update) is the same kind of value.
    """

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
    extra: dict[str, Any] = field(default_factory=_Extra)
    # Wire services and organisations credited besides (or, with no person, as) the authors;
    # the site's publisher; the last update, when the input tells it apart from ``published``.
    agencies: list[str] = field(default_factory=list)
    publisher: str | None = None
    updated: _dt.date | _dt.datetime | None = None
    # The markdown of the body lines that have more than their text (heading level, list nesting,
    # quote, table row, link): ``to_markdown()`` renders the body with it (newsclean.text.markup).
    markup: Any = field(default=None, repr=False, compare=False)
    # Set with ``published`` / ``updated`` (see __setattr__), not fields of their own: they describe it.
    published_precision: ClassVar[str | None] = None
    published_has_zone: ClassVar[bool] = False
    updated_precision: ClassVar[str | None] = None
    updated_has_zone: ClassVar[bool] = False

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("published", "updated"):
            value, precision, zone = _published(value)
            object.__setattr__(self, f"{name}_precision", precision)
            object.__setattr__(self, f"{name}_has_zone", zone)
        elif name == "extra" and not isinstance(value, _Extra):
            value = _Extra(value)
        object.__setattr__(self, name, value)

    def _iso(self, name: str) -> str | None:
        value = getattr(self, name)
        if value is None:
            return None
        if getattr(self, f"{name}_precision") == "day":
            return value.date().isoformat()
        return value.isoformat() if getattr(self, f"{name}_has_zone") else value.replace(tzinfo=None).isoformat()

    @property
    def published_iso(self) -> str | None:
        """``published`` in ISO 8601 as the source gave it: ``2023-09-30`` for a day,
        ``2023-09-24T23:46:11`` without a zone, ``2023-09-28T16:37:00-04:00`` with one."""
        return self._iso("published")

    @property
    def updated_iso(self) -> str | None:
        """``updated`` in ISO 8601 as the source gave it (as :attr:`published_iso`)."""
        return self._iso("updated")

    def to_dict(self) -> dict[str, Any]:
        """The public JSON contract (see docs/json.md). Dates are ISO 8601 strings."""
        data: dict[str, Any] = {
            "title": self.title,
            "subtitle": self.subtitle,
            "authors": list(self.authors),
            "agencies": list(self.agencies),
            "publisher": self.publisher,
            "byline": self.byline,
            "published": self.published_iso,
            "published_precision": self.published_precision,
            "updated": self.updated_iso,
            "source_url": self.source_url,
            "tags": list(self.tags),
            "captions": list(self.captions),
            "body": self.body,
            "removed": [r.to_dict() for r in self.removed],
            "language": self.language,
            "warnings": list(self.warnings),
        }
        data.update((k, v) for k, v in self.extra.items() if k not in CONTRACT_KEYS)
        return data

    def to_markdown(self, links: bool = False) -> str:
        """The article as markdown: title heading, subtitle, byline and date, then the body with
        its structure (headings, nested lists, quotes, tables; links with ``links=True``)."""
        parts: list[str] = []
        if self.title:
            parts.append(f"# {self.title}")
        if self.subtitle:
            parts.append(f"*{self.subtitle}*")
        credit = ", ".join(self.authors)
        when = self.published_iso
        meta = " · ".join(p for p in (f"By {credit}" if credit else "", when or "") if p)
        if meta:
            parts.append(meta)
        if self.body:
            from newsclean.text.markup import body_markdown

            parts.append(body_markdown(self.body, self.markup, links))
        if self.source_url:
            parts.append(f"Source: <{self.source_url}>")
        return "\n\n".join(parts) + "\n" if parts else ""
