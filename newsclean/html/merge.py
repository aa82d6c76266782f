"""Merge the HTML stage into the text stage's Article: DOM removals, metadata choice, title line.

Title, source URL and tags: structured data first (JSON-LD, then OpenGraph / meta tags and
microdata, then the page's ``<h1>``, then the text's own lines, ``<title>`` last); the ``url=``
argument, when given, wins for ``source_url``. Dates are chosen by agreement between sources
(:mod:`newsclean.html.pubdate`), authors by person over publisher (:mod:`newsclean.html.people`).
All alternatives are kept in ``article.extra["metadata_sources"]``, the chosen one with the reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections import Counter
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsclean.article import Article, Removal
from newsclean.detect.scan import scan_metadata
from newsclean.html.blocks import SourceMap
from newsclean.html.page import Candidate, Page
from newsclean.html.people import choose_authors
from newsclean.html.pubdate import choose_dates, parse_iso_date, url_date
from newsclean.normalize.dates import parse_date_rules
from newsclean.text.lines import split_lines

__all__ = ["apply_page", "parse_iso_date", "same_text", "drop_title_line", "drop_captions"]

_SOURCE_ORDER = {"json-ld": 0, "opengraph": 1, "meta": 2, "microdata": 3, "trafilatura": 4, "text": 6, "url": 9}
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


def _page_host(page: Page, url: str | None) -> str | None:
    """The page's host: from ``url=``, else from its canonical / og:url."""
    host = _hostname(url) if url else None
    for c in page.candidates:
        if c.field == "source_url" and not host:
            host = _hostname(c.value)
    return host


def _site_names(page: Page, url: str | None) -> list[str]:
    names = [c.value for c in page.candidates if c.field in ("site_name", "publisher") and isinstance(c.value, str)]
    host = _page_host(page, url)
    if host:
        names.append(host.removeprefix("www."))
    return [n for n in names if n]


def _page_url(page: Page, url: str | None) -> str | None:
    if url:
        return url
    return next((c.value for c in page.candidates if c.field == "source_url" and isinstance(c.value, str)), None)


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


_STRUCTURED = frozenset({"json-ld", "opengraph", "meta", "microdata"})


def _visible(c: Candidate) -> bool:
    """A title the reader sees above the story: the page's ``<h1>`` or the text's first line."""
    return c.source == "text" or (c.source == "html" and c.key == "h1")


def _names_the_site(h1: str, sites: list[str], page_title: str | None) -> bool:
    """True when an ``<h1>`` is the site's name (a blog's or a forum's header) rather than the
    headline: it is a known site name or the host, or it is what ``<title>`` adds to a longer
    headline ("Headline | <h1>")."""
    key = norm(h1)
    names = {norm(s) for s in sites} | {norm(s.split(".")[0]) for s in sites if "." in s}
    if key in names or key.replace(" ", "") in {n.replace(" ", "") for n in names}:
        return True
    # A site name is shorter than the headline it follows: in "Site | Headline" the <h1> that
    # repeats the headline is not the site.
    parts = [norm(p) for p in re.split(_TITLE_SEPARATORS, page_title or "")]
    return len(parts) > 1 and key in parts[1:] and len(key.split()) < len(parts[0].split())


def _title_choice(cands: list[Candidate], sites: list[str]) -> tuple[str | None, Candidate | None]:
    """The title by precedence, with sanity checks (see docs/html.md "Title, source URL, tags").

    * An ``<h1>`` that names the site is not a title candidate; its text joins the site names
      (so that "Headline | <h1>" loses the suffix).
    * Among structured values, one that the page shows (equal to the ``<h1>`` or the text's
      first line) comes before the others: two independent sources agree.
    * A candidate that is the page description (a truncated first paragraph put in
      ``headline``) is skipped, unless the page shows it.
    * "Headline | Anything" gives way to "Headline" when another source has the headline alone.
    """
    descriptions = [norm(c.value) for c in cands if c.field == "description"]
    titles = [c for c in cands if c.field == "title"]
    page_title = next((c.value for c in titles if c.source == "html" and c.key == "title"), None)
    h1 = next((c for c in titles if c.source == "html" and c.key == "h1"), None)
    if h1 is not None and _names_the_site(h1.value, sites, page_title):
        titles.remove(h1)
        sites = [*sites, h1.value]
    shown = {norm(_clean_title(c.value, sites)) for c in titles if _visible(c)}

    def order(c: Candidate) -> tuple[bool, bool, int]:
        structured = c.source in _STRUCTURED
        return not structured, structured and norm(_clean_title(c.value, sites)) not in shown, _rank(c)

    for cand in sorted(titles, key=order):
        value = _clean_title(cand.value, sites)
        key = norm(value)
        if not key or (key not in shown and any(d.startswith(key) and len(key) > 60 for d in descriptions)):
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


def _text_line(page: Page, block: str) -> int | None:
    """The 1-based line of ``page.text`` that a body paragraph came from."""
    if page.source is not None:
        return page.source.find_line(block)
    lines = page.text.split("\n")
    return next((n for n, text in enumerate(lines, 1) if text == block or _MARKDOWN_PREFIX.sub("", text) == block), None)


def drop_title_line(article: Article, page: Page, title: str, how: str) -> bool:
    """Move the headline repeated at the top of the body out of it (to ``title``); the page's
    own ``<title>`` text ("Headline | Site") repeated there goes too, so that a second cleaning,
    which would take it for the headline, finds nothing left to take. True when a line went."""
    blocks = article.body.split("\n\n")
    titles = [(title, how)] + [(c.value, f"{c.source} {c.key}") for c in page.values("title")
                                if c.source == "html" and c.key == "title" and isinstance(c.value, str)]
    gone: list[int] = []
    for i, block in enumerate(blocks[:3]):
        if "\n" in block:
            continue
        text = _MARKDOWN_PREFIX.sub("", block)
        match = next((h for t, h in titles if same_text(text, t)), None)
        if match is None:
            continue
        line = _text_line(page, block)
        article.removed.append(Removal(
            category="title", text=block, line=line, detector="html-title-repeat",
            reason=f"repeats the page title ({match})", code="html-title-repeat.title",
            located=line is not None,
        ))
        gone.append(i)
        if match == how:
            break  # the headline itself: what is below it is the story
    if gone:
        article.body = "\n\n".join(b for i, b in enumerate(blocks) if i not in gone).strip()
    return bool(gone)


_SETTLE_BLOCKS = 40  # paragraphs of the body that settle_top reads


def settle_top(article: Article, page: Page, disable: frozenset[str]) -> None:
    """Once the headline has left the top of the body, take what a second cleaning as text
    would take there: the text stage's top scan, run again on the body as it is now.

    The text stage takes at once what a later cleaning would find at the top (a second
    headline line becomes the standfirst); but it ran before the headline line left, so the
    line below it ("Source code: Lib/json/__init__.py", a promo's "Request our free ebook")
    is now first, and a second cleaning would take it for the headline. Only whole paragraphs
    of one line are taken; the fields the page already filled keep their values."""
    blocks = article.body.split("\n\n")
    # The top scan reads a few lines: the body's first paragraphs are enough, whatever its size.
    head = blocks[:_SETTLE_BLOCKS]
    doc = split_lines("\n\n".join(head))
    kept = [i for i, line in enumerate(doc.lines) if line.text and i not in doc.code]
    _, top = scan_metadata(doc, kept, article.language or "en", disable, bottom=False)
    if not top.findings:
        return
    left = Counter(doc.lines[f.index].text for f in top.findings)
    if any(f.start != 0 or f.end != len(doc.lines[f.index].text) for f in top.findings) \
            or not left.keys() <= {b for b in head if "\n" not in b}:
        return  # a cut line or a line of a longer paragraph: left as it is
    for f in top.findings:
        text = doc.lines[f.index].text
        line = _text_line(page, text)
        article.removed.append(Removal(
            category=f.category, text=text, line=line, detector=f.detector,
            reason=f"{f.reason}, once the headline line had left the body", code=f.code, located=line is not None))
    kept_head = []
    for block in head:  # the taken lines' paragraphs: the first copies, those at the top
        if left[block] > 0:
            left[block] -= 1
        else:
            kept_head.append(block)
    article.body = "\n\n".join(kept_head + blocks[_SETTLE_BLOCKS:])
    # A second headline line is the standfirst; bylines and dates are the page's to choose
    # (below, from all its sources), and the lines taken are in the removals either way.
    article.subtitle = article.subtitle or top.subtitle or (top.title if top.title != article.title else None)


def drop_captions(article: Article, page: Page) -> None:
    """A body paragraph that is exactly a <figcaption> text goes to ``captions``."""
    if not page.captions:
        return
    keys = {norm(c): c for c in page.captions}
    kept: list[str] = []
    for block in article.body.split("\n\n"):
        caption = keys.get(norm(block)) if "\n" not in block else None
        if caption and len(block.split()) >= 3:
            line = _text_line(page, block)
            article.removed.append(Removal(
                category="caption", text=block, line=line, detector="html-figcaption",
                reason="the text of a <figcaption>", code="html-figcaption.figcaption",
                located=line is not None,
            ))
            if caption not in article.captions:
                article.captions.append(caption)
        else:
            kept.append(block)
    article.body = "\n\n".join(kept)


# Sort key of a removal whose line libxml2 did not count (past 65,535): after all others.
_FAR = (1 << 31, -1)


def _place(removal: Removal, source: SourceMap) -> tuple[Removal, int | None]:
    """A text-stage removal, numbered by a line of the extracted text, given the HTML source
    line where its text starts instead; and its offset in the source map's stream."""
    line = removal.line or 0
    partial = removal.start is not None
    extracted = None
    if partial and 0 < line <= source.line_count:
        extracted = split_lines(source.text_line(line)).lines[0].text
    pos = source.position(line, removal.text if partial else None,
                          extracted[:removal.start] if extracted and removal.start else "")
    # Its line in the extracted text stays known too (where a review places it among the body).
    text_line = removal.line or None
    if pos is None:
        return dataclasses.replace(removal, line=None, located=False, extracted=extracted,
                                   extracted_line=text_line), None
    at = source.source_line(pos)
    return dataclasses.replace(removal, line=at, located=at is not None, extracted=extracted,
                               extracted_line=text_line), pos


def _in_input_order(dom: list[Removal], text: list[Removal], source: SourceMap | None) -> list[Removal]:
    """DOM removals and text-stage removals in the order of the page's source.

    A removal that could not be located keeps its place after the one before it in the
    extracted text. Without a source map (a Page made by hand), DOM removals come first,
    then the text stage's, numbered by the lines of ``page.text``."""
    if source is None:
        return dom + text
    # In the order of the extracted text (the headline and captions were added last).
    text = sorted(text, key=lambda r: r.line if r.line is not None else _FAR[0])
    keyed: list[tuple[tuple[int, int], int, Removal]] = []
    for r in dom:
        keyed.append(((r.line, -1) if r.line else _FAR, len(keyed), r))
    last = (0, -1)
    for r in text:
        placed, pos = _place(r, source)
        if placed.line is not None and pos is not None:
            last = (placed.line, pos)
        keyed.append((last, len(keyed), placed))
    keyed.sort(key=lambda k: k[:2])
    return [r for _, _, r in keyed]


def _left_out(page: Page, article: Article) -> list[dict[str, Any]]:
    """The main content's blocks the extractor dropped whole, as JSON (text, source line,
    XPath); not those that are in a field already: the headline, a caption, the byline (a
    short block naming every author), a date line (a short block of the published or updated day)."""
    # Each field and each block normalised once: a page may have hundreds of dropped blocks.
    fields = {norm(t) for t in [article.title, *article.captions] if t}
    names = [norm(a) for a in article.authors]
    # Aware datetimes (Article.__setattr__): the days of the date lines.
    days = {d.date() if isinstance(d, dt.datetime) else d for d in (article.published, article.updated) if d}

    def in_a_field(text: str) -> bool:
        folded = norm(text)
        if folded in fields:
            return True
        if len(text.split()) > 12:
            return False
        if names and all(name in folded for name in names):
            return True
        if days:
            found = parse_date_rules(text, lang=article.language)
            value: dt.date | None = found.value if found is not None else None
            if isinstance(value, dt.datetime):
                value = value.date()
            return value in days
        return False

    return [{"text": text, "line": line, "path": path} for text, line, path in page.left_out if not in_a_field(text)]


def apply_page(article: Article, page: Page, *, url: str | None = None,
               disable: frozenset[str] = frozenset()) -> Article:
    """Finish an HTML article: add the DOM removals and warnings, choose the metadata.

    ``disable`` may name ``html-title-repeat`` and ``html-figcaption``.
    """
    # The text stage's removals, numbered by lines of page.text; the DOM pass's (and the block
    # scorer's) join them in the page's source order at the end.
    if page.recovered:  # blocks the block scorer put back (trafilatura had left them out)
        article.extra["recovered"] = list(page.recovered)
    article.warnings = list(dict.fromkeys(list(page.warnings) + list(article.warnings)))
    article.language = article.language or page.language

    cands = list(page.candidates)
    if article.title:
        cands.append(Candidate("title", article.title, "text", "first line"))
    if article.authors:
        cands.append(Candidate("authors", list(article.authors), "text", "byline"))
    if article.agencies:
        cands.append(Candidate("agencies", list(article.agencies), "text", "byline"))
    only_update = article.updated is not None and article.published == article.updated
    if article.published and not only_update:
        cands.append(Candidate("published", article.published_iso, "text", "dateline"))
    if article.updated:
        cands.append(Candidate("modified", article.updated_iso, "text", "update line"))
    day = url_date(_page_url(page, url))
    if day:
        cands.append(Candidate("published", day, "url", "url path"))
    by_field: dict[str, list[Candidate]] = {}
    for c in cands:
        by_field.setdefault(c.field, []).append(c)
    chosen: dict[str, Candidate | None] = {}
    reasons: dict[str, str] = {}
    sites = _site_names(page, url)
    host = _page_host(page, url)

    title, chosen["title"] = _title_choice(by_field.get("title", []) + by_field.get("description", []), sites)
    how = chosen["title"]
    if title and how is not None:
        article.title = title
        if "html-title-repeat" not in disable and drop_title_line(article, page, title, f"{how.source} {how.key}"):
            settle_top(article, page, disable)

    publisher = next((c.value for c in sorted(by_field.get("publisher", []) + by_field.get("site_name", []), key=_rank)
                      if isinstance(c.value, str) and c.value), None)
    people = choose_authors(cands, sites=sites, host=host, publisher=publisher)
    article.authors, article.agencies, article.publisher = people.authors, people.agencies, people.publisher
    chosen["authors"], reasons["authors"] = people.chosen, people.reason

    dates = choose_dates(by_field.get("published", []), by_field.get("modified", []), host=host,
                         lang=article.language)
    article.published, article.updated = dates.published, dates.updated
    chosen["published"], chosen["modified"] = dates.chosen, dates.chosen_update
    reasons["published"] = dates.reason

    if url and _absolute(url, None):
        article.source_url = url
        given = Candidate("source_url", url, "argument", "url")
        chosen["source_url"] = given
        cands.append(given)
    else:
        source_url, chosen["source_url"] = _choose(by_field.get("source_url", []), lambda v: _absolute(v, url))
        article.source_url = source_url or article.source_url

    if not article.tags:
        tags, chosen["tags"] = _choose(by_field.get("tags", []), lambda v: [t for t in v if t][:30])
        article.tags = tags or []

    if "html-figcaption" not in disable:
        drop_captions(article, page)
    article.removed = _in_input_order(list(page.removed), list(article.removed), page.source)
    for caption in page.captions:
        if caption not in article.captions:
            article.captions.append(caption)
    left_out = _left_out(page, article)
    if left_out:
        article.extra["left_out"] = left_out

    sources: dict[str, list[dict[str, Any]]] = {}
    for c in sorted(cands, key=lambda c: (c.field, _rank(c))):
        entry = c.to_dict()
        marks = [name for name, pick in chosen.items() if pick is c]
        if marks:
            entry["chosen"] = True
            why = next((reasons[name] for name in marks if reasons.get(name)), None)
            if why:
                entry["reason"] = why
        if id(c) in dates.rejected:
            entry["rejected"] = dates.rejected[id(c)]
        sources.setdefault(c.field, []).append(entry)
    article.extra["metadata_sources"] = sources
    return article
