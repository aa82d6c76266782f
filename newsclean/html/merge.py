"""Merge the HTML stage into the text stage's Article: DOM removals, metadata choice, title line.

Precedence for every field is structured data first: JSON-LD, then OpenGraph / meta tags and
microdata, then trafilatura's metadata, then the page's ``<h1>``, then what the text stage read
from the text's own lines, and ``<title>`` last. The ``url=`` argument, when given, wins for
``source_url``. All alternatives are kept in ``article.extra["metadata_sources"]``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsclean.article import Article, Removal
from newsclean.html.page import Candidate, Page

__all__ = ["apply_page", "parse_iso_date", "same_text", "drop_title_line", "drop_captions"]

_SOURCE_ORDER = {"json-ld": 0, "opengraph": 1, "meta": 2, "microdata": 3, "trafilatura": 4, "text": 6}
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?)?\s*$",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = r"\s+[|–—·•:-]\s+|\s*[|»]\s*"
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_MARKDOWN_PREFIX = re.compile(r"^(?:#{1,6}\s+|>\s*)")


def _rank(c: Candidate) -> int:
    if c.source == "html":
        # Byline elements rank with trafilatura, <h1> after it; <title> (often "x | site") last.
        return {"h1": 5, "title": 7}.get(c.key, 4)
    return _SOURCE_ORDER.get(c.source, 8)


def norm(text: str) -> str:
    """Comparison form: NFKC, case-folded, quotes/dashes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(re.sub(r"[^\w\s'\"-]", " ", text).split())


def same_text(a: str, b: str) -> bool:
    """True when two strings are the same once normalised (see :func:`norm`)."""
    return bool(a) and norm(a) == norm(b)


def parse_iso_date(value: str) -> dt.date | dt.datetime | None:
    """ISO 8601 dates as structured data writes them; ``None`` for anything else."""
    match = _ISO.match(value)
    if not match:
        return None
    y, mo, d, h, mi, s, tz = match.groups()
    try:
        if h is None:
            return dt.date(int(y), int(mo), int(d))
        tzinfo = None
        if tz:
            if tz.upper() == "Z":
                tzinfo = dt.timezone.utc
            else:
                sign = -1 if tz[0] == "-" else 1
                digits = tz[1:].replace(":", "")
                tzinfo = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        return dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), tzinfo=tzinfo)
    except ValueError:
        return None


def _parse_date(value: str) -> dt.date | dt.datetime | None:
    parsed = parse_iso_date(value)
    if parsed is not None:
        return parsed
    try:  # the shared normalizer, for "March 5, 2024" and the like
        from newsclean.normalize.dates import parse_date
    except ImportError:
        return None
    try:
        result = parse_date(value)
    except Exception:  # noqa: BLE001 - a bad date string must not lose the article
        return None
    return getattr(result, "value", None)


def _authors(names: list[str]) -> list[str]:
    """Normalise author names through the shared byline parser when it is there."""
    try:
        from newsclean.normalize.byline import parse_byline
    except ImportError:
        parse_byline = None
    out: list[str] = []
    for raw in names:
        found = [raw]
        if parse_byline is not None:
            try:
                byline = parse_byline(raw)
                found = list(getattr(byline, "authors", None) or getattr(byline, "names", None) or [raw])
            except Exception:  # noqa: BLE001
                found = [raw]
        for name in found:
            name = " ".join(str(name).split())
            if name and not any(same_text(name, seen) for seen in out):
                out.append(name)
    return out


def _site_names(page: Page, url: str | None) -> list[str]:
    names = [c.value for c in page.candidates if c.field in ("site_name", "publisher") and isinstance(c.value, str)]
    host = _hostname(url) if url else None
    for c in page.candidates:
        if c.field == "source_url" and not host:
            host = _hostname(c.value)
    if host:
        names.append(host.removeprefix("www."))
    return [n for n in names if n]


def _clean_title(title: str, sites: list[str]) -> str:
    """Drop a trailing (or leading) " | Site name" when the site name is known."""
    parts = re.split(f"({_TITLE_SEPARATORS})", title)
    if len(parts) < 3:
        return title
    site_keys = {norm(s) for s in sites} | {norm(s.split(".")[0]) for s in sites if "." in s}
    if norm(parts[-1]) in site_keys:
        return "".join(parts[:-2]).strip() or title
    if norm(parts[0]) in site_keys:
        return "".join(parts[2:]).strip() or title
    return title


def _title_choice(cands: list[Candidate], sites: list[str]) -> tuple[str | None, Candidate | None]:
    """The title by precedence, with two sanity checks on structured data.

    A candidate that is the page description (a truncated first paragraph put in
    ``headline``) is skipped, and "Headline | Anything" gives way to "Headline" when another
    source has the headline alone.
    """
    descriptions = [norm(c.value) for c in cands if c.field == "description"]
    titles = [c for c in cands if c.field == "title"]
    for cand in sorted(titles, key=_rank):
        value = _clean_title(cand.value, sites)
        key = norm(value)
        if not key or any(d.startswith(key) and len(key) > 60 for d in descriptions):
            continue
        parts = re.split(f"{_TITLE_SEPARATORS}", value)
        if len(parts) > 1:
            for other in titles:
                if other is not cand and norm(other.value) in (norm(parts[0]), norm(" ".join(parts[:-1]))):
                    return other.value, other
        return value, cand
    return None, None


def _absolute(value: str, base: str | None) -> str | None:
    value = value.strip()
    try:  # urllib raises on malformed URLs ("a://[" is an invalid IPv6 host)
        if base and not urlsplit(value).scheme:
            value = urljoin(base, value)
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def _hostname(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _choose(cands: list[Candidate], convert) -> tuple[Any, Candidate | None]:
    for cand in sorted(cands, key=_rank):
        value = convert(cand.value)
        if value:
            return value, cand
    return None, None


def _first_blocks(body: str, n: int = 3) -> list[str]:
    return body.split("\n\n")[:n]


def drop_title_line(article: Article, page: Page, title: str, how: str) -> None:
    """Move the headline repeated at the top of the body out of it (to ``title``)."""
    blocks = article.body.split("\n\n")
    for i, block in enumerate(blocks[:3]):
        if "\n" in block:
            continue
        if same_text(_MARKDOWN_PREFIX.sub("", block), title):
            lines = page.text.split("\n")
            line = next((n for n, text in enumerate(lines, 1) if text == block), 0)
            article.removed.append(Removal(
                category="title", text=block, line=line, detector="html-title-repeat",
                reason=f"repeats the page title ({how})", code="html-title-repeat.title",
            ))
            article.body = "\n\n".join(blocks[:i] + blocks[i + 1:]).strip()
            return


def drop_captions(article: Article, page: Page) -> None:
    """A body paragraph that is exactly a <figcaption> text goes to ``captions``."""
    if not page.captions:
        return
    keys = {norm(c): c for c in page.captions}
    kept: list[str] = []
    lines = page.text.split("\n")
    for block in article.body.split("\n\n"):
        caption = keys.get(norm(block)) if "\n" not in block else None
        if caption and len(block.split()) >= 3:
            line = next((n for n, text in enumerate(lines, 1) if text == block), 0)
            article.removed.append(Removal(
                category="caption", text=block, line=line, detector="html-figcaption",
                reason="the text of a <figcaption>", code="html-figcaption.figcaption",
            ))
            if caption not in article.captions:
                article.captions.append(caption)
        else:
            kept.append(block)
    article.body = "\n\n".join(kept)


def apply_page(article: Article, page: Page, *, url: str | None = None,
               disable: frozenset[str] = frozenset()) -> Article:
    """Finish an HTML article: add the DOM removals and warnings, choose the metadata.

    ``disable`` may name ``html-title-repeat`` and ``html-figcaption``.
    """
    article.removed = list(page.removed) + list(article.removed)
    article.warnings = list(dict.fromkeys(list(page.warnings) + list(article.warnings)))
    article.language = article.language or page.language

    cands = list(page.candidates)
    if article.title:
        cands.append(Candidate("title", article.title, "text", "first line"))
    if article.authors:
        cands.append(Candidate("authors", list(article.authors), "text", "byline"))
    if article.published:
        cands.append(Candidate("published", article.published_iso, "text", "dateline"))
    by_field: dict[str, list[Candidate]] = {}
    for c in cands:
        by_field.setdefault(c.field, []).append(c)
    chosen: dict[str, Candidate | None] = {}
    sites = _site_names(page, url)

    title, chosen["title"] = _title_choice(by_field.get("title", []) + by_field.get("description", []), sites)
    if title:
        article.title = title
        if "html-title-repeat" not in disable:
            drop_title_line(article, page, title, f"{chosen['title'].source} {chosen['title'].key}")

    authors, chosen["authors"] = _choose(by_field.get("authors", []), _authors)
    if authors:
        article.authors = authors

    published, chosen["published"] = _choose(by_field.get("published", []), _parse_date)
    if published:
        article.published = published

    if url and _absolute(url, None):
        article.source_url = url
        chosen["source_url"] = Candidate("source_url", url, "argument", "url")
        cands.append(chosen["source_url"])
    else:
        source_url, chosen["source_url"] = _choose(by_field.get("source_url", []), lambda v: _absolute(v, url))
        article.source_url = source_url or article.source_url

    if not article.tags:
        tags, chosen["tags"] = _choose(by_field.get("tags", []), lambda v: [t for t in v if t][:30])
        article.tags = tags or []

    if "html-figcaption" not in disable:
        drop_captions(article, page)
    for caption in page.captions:
        if caption not in article.captions:
            article.captions.append(caption)

    sources: dict[str, list[dict[str, Any]]] = {}
    for c in sorted(cands, key=lambda c: (c.field, _rank(c))):
        entry = c.to_dict()
        if chosen.get(c.field) is c:
            entry["chosen"] = True
        sources.setdefault(c.field, []).append(entry)
    article.extra["metadata_sources"] = sources
    return article
