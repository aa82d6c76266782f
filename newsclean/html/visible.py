"""What the reader sees around the headline: byline elements, author links and the date lines.

One walk of the body (after the DOM pass, so that related-story bylines are gone) finds:

* byline elements, most specific kind first (``rel=author``, ``class="author-name"``,
  ``class="byline"``), read by the shared byline parser;
* author links (``<a href=".../author/...">``, ``rel=author``): the names as the page displays
  them, used to map a handle or slug ("christian.stadtfeld") to a display name;
* visible dates in the *header zone*: the text between the first ``<h1>`` and the start of the
  story (the first long paragraph, or 60 elements), each read by the strict date parser, with its
  role ("Published", "Updated") from its own label, a label just before it, or its class.

These become :class:`Candidate` values (source ``html``); the choice is made in
:mod:`newsclean.html.merge`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newsclean.html.page import Candidate
from newsclean.html.people import is_handle
from newsclean.normalize.byline import find_byline, parse_byline
from newsclean.normalize.dates import PublishedDate, find_date, normalize

__all__ = ["Visible", "author_candidates", "scan_visible", "visible_date_candidates"]

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

_ZONE_ELEMENTS = 60  # the header zone ends this many elements after the <h1> ...
_STORY_CHARS = 200  # ... or at the first text this long (the story has started)
_MAX_DATES = 4
_DATE_PARTS = re.compile(r"\s*[|•·⋅]\s*|\s+(?:by|von|par|por)\s+|\s+[-–—]\s+", re.I)
_UPDATE_HINTS = ("updat", "modif")
_PUBLISH_HINTS = ("publish", "posted", "created", "pubdate", "date-pub")
_WS = re.compile(r"\s+")


@dataclass
class Visible:
    """What :func:`scan_visible` found, in page order."""

    bylines: tuple[list[HtmlElement], list[HtmlElement], list[HtmlElement]] = ([], [], [])
    author_links: list[str] = field(default_factory=list)
    dates: list[tuple[PublishedDate, str | None, str]] = field(default_factory=list)  # (date, role, how)
    header_byline: list[str] = field(default_factory=list)  # the names of a byline in the header zone
    header_link: str | None = None  # the first profile link of the header zone (a forum's poster)


def _text(el: HtmlElement) -> str:
    if el.tag == "meta":
        return _WS.sub(" ", el.get("content") or "").strip()
    # Text of child elements joined by spaces: "Matt Check" + "Head Winemaker" are two words.
    return _WS.sub(" ", " ".join(el.itertext())).strip()


def _profile_link(el: HtmlElement) -> bool:
    href = el.get("href") or ""
    return el.get("rel") == "author" or ("/" in href or "?" in href) and _PROFILE.search(href) is not None


def scan_visible(tree: HtmlElement, lang: str | None = None) -> Visible:
    """One walk of the body: byline elements, author links, the header zone's texts."""
    exact: list[HtmlElement] = []
    named: list[HtmlElement] = []
    bylines: list[HtmlElement] = []
    found = Visible(bylines=(exact, named, bylines))
    body = tree.find("body")
    if body is None:
        return found
    zone = -1  # elements left in the header zone; -1 before the <h1>, 0 after it
    headline: HtmlElement | None = None
    texts: list[tuple[str, HtmlElement, bool]] = []  # the header zone: (text, element, is its own text)
    for el in body.iterdescendants():
        attrib = el.attrib
        if attrib:
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
            if el.tag == "a" and len(found.author_links) < 20 and _profile_link(el):
                text = _text(el)
                if 0 < len(text) <= 60:
                    found.author_links.append(text)
        if zone < 0:
            if el.tag == "h1" and headline is None:
                headline, zone = el, _ZONE_ELEMENTS
            continue
        if zone == 0:
            continue
        zone -= 1
        if headline in el.iterancestors():
            continue  # the headline's own words
        if el.tag == "time" and attrib.get("datetime"):
            texts.append((attrib["datetime"], el, False))
        for own, text in ((True, el.text), (False, el.tail)):
            if not text or text.isspace():
                continue
            if len(text) > _STORY_CHARS:
                zone = 0
                break
            texts.append((normalize(text), el, own))
    _read_zone(texts, found, lang)
    return found


def _read_zone(texts: list[tuple[str, HtmlElement, bool]], found: Visible, lang: str | None) -> None:
    """Dates, a byline and the first profile link among the header zone's texts, in order."""
    label: str | None = None  # a label standing alone just before a date ("Updated", "Published on")
    prefix = False  # a "By" standing alone: the next text is the name
    for i, (text, el, own) in enumerate(texts):
        if own and found.header_link is None and el.tag == "a" and _profile_link(el):
            found.header_link = text
        if not found.header_byline and len(text) <= 120:
            if prefix and not any(c.isdigit() for c in text):
                names = parse_byline(f"By {text}", lang=lang).names
                found.header_byline = names
            elif _BY.match(text + " x") and len(text.split()) <= 3 and _BY.sub("", text + " x") == "x":
                prefix = True
                continue
            elif any(c.isupper() for c in text):
                byline = find_byline(text, lang=lang)
                if byline is not None and byline.names:
                    found.header_byline = byline.names
        prefix = False
        if el.tag == "time" and not own and text is el.get("datetime"):
            date = find_date(text, lang=lang)
            if date is not None and date.value is not None and len(found.dates) < _MAX_DATES:
                found.dates.append((date, _role(el, date, label), "time[datetime]"))
                label = None
            continue
        label = _zone_date(text, el, label, found, lang)


def _zone_date(text: str, el: HtmlElement, label: str | None, found: Visible, lang: str | None) -> str | None:
    """Read one short text of the header zone; returns the label that stands before the next one."""
    if len(found.dates) >= _MAX_DATES:
        return None
    if not any(c.isdigit() for c in text):
        low = text.lower().rstrip(":").strip()
        # A label alone ("Updated", "Published on") gives its role to the date that follows.
        probe = find_date(f"{text} 1 January 2000", lang=lang) if len(low) < 30 else None
        return (probe.role or label) if probe is not None else label
    if len(text) > 90:
        return None
    for part in _DATE_PARTS.split(text):
        if len(part) < 6 or not any(c.isdigit() for c in part):
            continue
        date = find_date(part, lang=lang)
        if date is not None and date.value is not None:
            if not any(d.value == date.value for d, _, _ in found.dates):
                found.dates.append((date, _role(el, date, label), "header text"))
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


def author_candidates(tree: HtmlElement, visible: Visible | None = None) -> list[Candidate]:
    """Author names from byline elements in the page (``rel=author``, ``class="byline"``…).

    Short texts only; each is read by the shared byline parser, which rejects what is not a
    name ("Last updated January 7", "Share"). The first kind with a name gives the candidate;
    the author links' texts follow as ``author links`` (display names for handles).
    """
    visible = visible if visible is not None else scan_visible(tree)
    out: list[Candidate] = []
    for key, elements in zip(_AUTHOR_KINDS, visible.bylines):
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
    if visible.header_byline:
        out.append(Candidate("authors", visible.header_byline, "html", "header byline"))
    if visible.header_link:
        out.append(Candidate("authors", [visible.header_link], "html", "header profile link"))
    links = list(dict.fromkeys(visible.author_links))
    if links:
        out.append(Candidate("author_links", links, "html", "a[href*=author]"))
    return out


def visible_date_candidates(visible: Visible) -> list[Candidate]:
    """The header zone's dates: ``published`` (publication or unlabelled) and ``modified`` (updates)."""
    out: list[Candidate] = []
    for date, role, how in visible.dates:
        value = date.value.isoformat()  # type: ignore[union-attr]
        if role == "updated":
            out.append(Candidate("modified", value, "html", f"visible update ({how})"))
        else:
            key = "visible date" if role is None else "visible publication"
            out.append(Candidate("published", value, "html", f"{key} ({how})"))
        if date.updated is not None:
            out.append(Candidate("modified", date.updated.isoformat(), "html", f"visible update ({how})"))
    return out
