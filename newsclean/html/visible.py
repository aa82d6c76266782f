"""What the reader sees around the headline: the header zone's dates and byline, byline elements,
author links.

Two scans:

* :func:`scan_header`, before the scripts go: the *header zone* is the text after the first
  ``<h1>``, up to the start of the story (the first text of 200 characters or more) and at most
  60 elements. Its dates are read by the strict date parser, each with its role ("Published",
  "Updated") from its own label, a label standing just before it, or its element's class; its
  first byline ("By Jane Doe", or "By" followed by the name in a link) and its first profile
  link (a forum post's author) are kept. Walking 60 elements from the ``<h1>`` costs a fraction
  of a millisecond.
* :func:`scan_bylines`, after the DOM pass (so that related-story bylines are gone), one walk of
  the body: byline elements, most specific kind first (``rel=author``, ``class="author-name"``,
  ``class="byline"``), and the texts of author links (``<a href=".../author/...">``), which are
  how the page displays a person whose handle or slug ("christian.stadtfeld") structured data
  gives.

They become :class:`Candidate` values (source ``html``); the choice is made in
:mod:`newsclean.html.merge`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newsclean.html.page import Candidate
from newsclean.html.people import is_handle
from newsclean.normalize.byline import find_byline, parse_byline
from newsclean.normalize.dates import PublishedDate, find_date, normalize

__all__ = ["Header", "author_candidates", "header_candidates", "link_candidates", "scan_bylines", "scan_header"]

# Elements that name the author in the page itself, most specific kind first:
#   "rel=author":        rel, itemprop, class or id is exactly "author" (any element);
#   "class=author-name": a class holding one of _NAME_CLASSES;
#   "class=byline":      an a/div/p/span/address whose class holds "byline", "Byline" or
#                        "author", or whose id holds "author".
_AUTHOR_KINDS = ("rel=author", "class=author-name", "class=byline")
_NAME_CLASSES = ("author-name", "authorName", "AuthorName", "author__name", "byline__name", "author_name")
_BYLINE_TAGS = frozenset({"a", "div", "p", "span", "address"})
_BY = re.compile(r"^\s*(?:by|written by|posted by|von|par|por)\s*[:\-]?\s+", re.I)
# Profile links: the text of such a link is how the page shows a person's name.
_PROFILE = re.compile(r"/(?:authors?|users?|u|members?|profiles?|people|staff|writers?|autor(?:en)?|auteurs?)/"
                      r"|viewprofile|action=profile|profile\.php", re.I)
# Not a person's page: sign-in and account links, and profiles on social networks (a site's own
# account there, or the author's, whose link text is a network's name).
_NOT_PROFILE = re.compile(r"log-?in|log-?out|sign-?in|sign-?up|regist|account|password|subscribe|"
                          r"//(?:[\w-]+\.)*(?:twitter|x|facebook|linkedin|instagram|bsky|github|youtube|threads|"
                          r"tiktok|pinterest|medium|mastodon)\.", re.I)
_SKIP = frozenset({"script", "style", "template", "noscript"})

_ZONE_ELEMENTS = 60  # the header zone ends this many elements after the <h1> ...
_STORY_CHARS = 200  # ... or at the first text this long (the story has started)
_MAX_DATES = 4
# "(?<!\s)": a run of spaces is tried once, from its start (linear on long runs).
_DATE_PARTS = re.compile(r"(?<!\s)\s*[|•·⋅]\s*|(?<!\s)\s+(?:by|von|par|por)\s+|(?<!\s)\s+[-–—]\s+", re.I)
_UPDATE_HINTS = ("updat", "modif")
_PUBLISH_HINTS = ("publish", "posted", "created", "pubdate", "date-pub")
_WS = re.compile(r"\s+")


@dataclass
class Header:
    """What :func:`scan_header` found in the header zone, in page order."""

    dates: list[tuple[PublishedDate, str | None, str]] = field(default_factory=list)  # (date, role, how)
    byline: list[str] = field(default_factory=list)  # the names of its first byline
    link: str | None = None  # its first profile link (a forum post's author)


def _text(el: HtmlElement) -> str:
    if el.tag == "meta":
        return _WS.sub(" ", el.get("content") or "").strip()
    # Text of child elements joined by spaces: "Matt Check" + "Head Winemaker" are two words.
    return _WS.sub(" ", " ".join(el.itertext())).strip()


def _profile_link(el: HtmlElement) -> bool:
    href = el.get("href") or ""
    if el.get("rel") != "author" and _PROFILE.search(href) is None:
        return False  # most links: one search
    return _NOT_PROFILE.search(href) is None


def _following(el: HtmlElement) -> Iterator[HtmlElement]:
    """The elements after ``el`` in document order (its own descendants excluded), lazily."""
    node: HtmlElement | None = el
    while node is not None:
        for sibling in node.itersiblings():
            yield sibling
            yield from sibling.iterdescendants()
        node = node.getparent()


def scan_header(tree: HtmlElement, lang: str | None = None) -> Header:
    """The header zone's dates, byline and first profile link (see the module docstring)."""
    header = Header()
    body = tree.find("body")
    headline = next(body.iter("h1"), None) if body is not None else None
    if headline is None:
        return header
    texts: list[tuple[str, HtmlElement, str]] = []  # (text, element, "text" | "tail" | "datetime")
    if headline.tail and not headline.tail.isspace():
        texts.append((normalize(headline.tail), headline, "tail"))
    for count, el in enumerate(_following(headline)):
        if count >= _ZONE_ELEMENTS:
            break
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            if el.tail and not el.tail.isspace():
                texts.append((normalize(el.tail), el, "tail"))
            continue
        if el.tag == "time" and el.get("datetime"):
            texts.append((el.get("datetime"), el, "datetime"))
        story = False
        for kind, text in (("text", el.text), ("tail", el.tail)):
            if not text or text.isspace():
                continue
            if len(text) >= _STORY_CHARS:
                story = True
                break
            texts.append((normalize(text), el, kind))
        if story:
            break
    _read_zone(texts, header, lang)
    return header


def _read_zone(texts: list[tuple[str, HtmlElement, str]], header: Header, lang: str | None) -> None:
    """Dates, a byline and the first profile link among the header zone's texts, in order."""
    label: str | None = None  # a label standing alone just before a date ("Updated", "Published on")
    prefix = False  # a "By" standing alone: the next text is the name
    for text, el, kind in texts:
        if kind == "text" and header.link is None and el.tag == "a" and _profile_link(el):
            header.link = text
        if not header.byline and len(text) <= 120:
            if prefix and not any(c.isdigit() for c in text):
                header.byline = parse_byline(f"By {text}", lang=lang).names
            elif len(text.split()) <= 3 and _BY.sub("", text + " x") == "x":
                prefix = True  # "By", "Written by:" alone
                continue
            elif text != text.lower():
                byline = find_byline(text, lang=lang)
                if byline is not None:
                    header.byline = byline.names
        prefix = False
        if kind == "datetime":
            date = find_date(text, lang=lang)
            if date is not None and date.value is not None and len(header.dates) < _MAX_DATES:
                header.dates.append((date, _role(el, date, label), "time[datetime]"))
                label = None
            continue
        label = _zone_date(text, el, label, header, lang)


def _zone_date(text: str, el: HtmlElement, label: str | None, header: Header, lang: str | None) -> str | None:
    """Read one short text of the header zone; returns the label that stands before the next one."""
    if len(header.dates) >= _MAX_DATES:
        return None
    if not any(c.isdigit() for c in text):
        # A label alone ("Updated", "Published on") gives its role to the date that follows:
        # the date parser reads it as the label of a date put after it.
        probe = find_date(f"{text} 1 January 2000", lang=lang) if len(text) < 30 else None
        return (probe.role or label) if probe is not None else label
    if len(text) > 90:
        return None
    for part in _DATE_PARTS.split(text):
        if len(part) < 6 or not any(c.isdigit() for c in part):
            continue
        date = find_date(part, lang=lang)
        if date is not None and date.value is not None:
            if not any(d.value == date.value for d, _, _ in header.dates):
                header.dates.append((date, _role(el, date, label), "header text"))
            label = None
    return label


def _role(el: HtmlElement, date: PublishedDate, label: str | None) -> str | None:
    """"published", "updated" or None: the date's own label, the label before it, its class."""
    if date.role:
        return date.role
    if label:
        return label
    for node in (el, el.getparent()):
        if node is None:
            continue
        hints = " ".join(filter(None, (node.get("class"), node.get("itemprop"), node.get("id")))).lower()
        if any(h in hints for h in _UPDATE_HINTS):
            return "updated"
        if any(h in hints for h in _PUBLISH_HINTS):
            return "published"
    return None


def header_candidates(header: Header) -> list[Candidate]:
    """The header zone's dates (``published`` for a publication or an unlabelled date,
    ``modified`` for an update), its byline and its first profile link."""
    out: list[Candidate] = []
    for date, role, how in header.dates:
        value = date.value.isoformat()  # type: ignore[union-attr]
        how = f"{how}, day/month order unsure" if date.ambiguous else how
        if role == "updated":
            out.append(Candidate("modified", value, "html", f"visible update ({how})"))
        else:
            key = "visible date" if role is None else "visible publication"
            out.append(Candidate("published", value, "html", f"{key} ({how})"))
        if date.updated is not None:
            out.append(Candidate("modified", date.updated.isoformat(), "html", f"visible update ({how})"))
    if header.byline:
        out.append(Candidate("authors", header.byline, "html", "header byline"))
    if header.link:
        out.append(Candidate("authors", [header.link], "html", "header profile link"))
    return out


def scan_bylines(tree: HtmlElement) -> tuple[list[HtmlElement], list[HtmlElement], list[HtmlElement]]:
    """One walk of the body: the byline elements of each of _AUTHOR_KINDS, in page order."""
    exact: list[HtmlElement] = []
    named: list[HtmlElement] = []
    bylines: list[HtmlElement] = []
    body = tree.find("body")
    if body is None:
        return exact, named, bylines
    for el in body.iterdescendants():
        attrib = el.attrib
        if not attrib:
            continue
        cls = attrib.get("class") or ""
        ident = attrib.get("id") or ""
        if attrib.get("rel") == "author" or attrib.get("itemprop") == "author" or cls == "author" or ident == "author":
            exact.append(el)
        if "uthor" in cls or "yline" in cls:  # cheap test first: most classes hold neither
            if any(name in cls for name in _NAME_CLASSES):
                named.append(el)
            if el.tag in _BYLINE_TAGS and ("byline" in cls or "Byline" in cls or "author" in cls):
                bylines.append(el)
        elif "author" in ident and el.tag in _BYLINE_TAGS:
            bylines.append(el)
    return exact, named, bylines


def link_candidates(tree: HtmlElement) -> list[Candidate]:
    """The texts of the page's profile links (``<a href=".../author/...">``, ``rel=author``):
    how the page shows the people behind handles, and a person when the bylines name none."""
    body = tree.find("body")
    links: list[str] = []
    for el in body.iter("a") if body is not None else ():
        if _profile_link(el):
            text = _text(el)
            if 0 < len(text) <= 60 and text not in links:
                links.append(text)
                if len(links) == 20:
                    break
    return [Candidate("author_links", links, "html", "a[href*=author]")] if links else []


def author_candidates(tree: HtmlElement) -> list[Candidate]:
    """Author names from byline elements in the page (``rel=author``, ``class="byline"``…).

    Short texts only; each is read by the shared byline parser, which rejects what is not a
    name ("Last updated January 7", "Share"). The first kind with a name gives the candidate.
    """
    kinds = scan_bylines(tree)
    out: list[Candidate] = []
    for key, elements in zip(_AUTHOR_KINDS, kinds):
        for el in elements[:20]:
            # A schema.org Person in microdata names itself: <meta itemprop="name" content="…">.
            name = el.find('.//*[@itemprop="name"]') if el.get("itemscope") is not None else None
            text = _text(name if name is not None else el)
            if not text or len(text) > 120:
                continue
            byline = parse_byline(_BY.sub("By ", text) if not _BY.match(text) else "By " + _BY.sub("", text))
            if byline.names:
                out.append(Candidate("authors", byline.names, "html", key))
                if byline.agencies and byline.authors:
                    out.append(Candidate("agencies", byline.agencies, "html", key))
                break
            if key == "rel=author" and is_handle(text):  # a user name: "jldugger", "hayley.p"
                out.append(Candidate("authors", [text], "html", key))
                break
        if out:
            break
    return out
