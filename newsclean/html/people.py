"""The authors of an HTML page: people over publishers, handles mapped to display names.

Sources, in precedence order: JSON-LD ``author``, the head's author tags, microdata, byline
elements in the page, the text stage's byline. Every name is read by the shared byline parser
(``"a, b & c"``, ``"a und b"``, ``"By Jane Doe, Staff Writer"``) and sorted into

* **organisations**: a JSON-LD author typed Organization, a wire agency (``data/common/agencies.txt``),
  the site itself (its name, publisher, or domain: ``Makronom``, ``mdr.de``, ``STERN.de``,
  ``IT Finanzmagazin /PP``), a name with a publisher or corporate word ("News", "Media", "Team",
  "Inc") or shaped like a domain;
* **handles**: one token such as ``arianschlichenmayer``, ``gabor_munier``, ``christian.stadtfeld``;
* **people**: the rest.

The authors are the people of the first source that names any ("USA TODAY" in structured data and
a reporter in the byline: the reporter); a later, visible source that names the same people and
more gives the full list in page order. Handles become the display name the page shows for them
(a byline, an author link, a JSON-LD name: same letters, or the same words), else title-cased
words when they are words joined by separators (``gabor_munier`` -> "Gabor Munier"), else stay as
written (a forum user name: ``hayley.p``, ``user3080392``). With no person anywhere, the authors are the organisations credited as authors,
as in the text path. Organisations that are not the site go to ``agencies``; the site's
publisher to ``publisher``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from newsclean.html.page import Candidate
from newsclean.normalize.byline import canonical_agency, is_org_word, parse_byline

__all__ = ["AuthorChoice", "choose_authors", "is_handle", "named_people", "wants_links"]

_AUTHOR_ORDER = {"json-ld": 0, "opengraph": 1, "meta": 1, "microdata": 2, "html": 3, "text": 4}
_STRUCTURED = frozenset({"json-ld", "opengraph", "meta", "microdata"})
# In the page: byline elements, then the header zone's byline, then its first profile link.
_HTML_ORDER = {"header byline": 0.5, "header profile link": 0.9}


def _order(cand: Candidate) -> float:
    rank = _AUTHOR_ORDER.get(cand.source, 5)
    return rank + _HTML_ORDER.get(cand.key, 0.0) if cand.source == "html" else rank
_HANDLE = re.compile(r"[^\W_][\w.\-]{1,40}[^\W_]")
_DOMAIN = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.(?:[a-z]{2}|com|org|net|info|biz|io|app|blog|news|media|online|site)$",
                     re.I)
_SEPARATORS = re.compile(r"[._\-]+")


@dataclass
class AuthorChoice:
    """Authors, organisations credited, the publisher, and where they came from."""

    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    publisher: str | None = None
    chosen: Candidate | None = None
    reason: str = ""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _letters(text: str) -> str:
    return "".join(c for c in _fold(text) if c.isalnum())


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", _fold(text))


def _key(text: str) -> str:
    """Words without a leading article: "The Linmouth Courier" and "Linmouth Courier" are one."""
    words = _words(text)
    return " ".join(words[1:] if len(words) > 1 and words[0] in ("the", "der", "die", "das", "le", "la", "el") else words)


def is_handle(name: str) -> bool:
    """A user name or URL slug: one token, lower-case or joined by ``.``/``_``/``-`` or camelCase."""
    if " " in name or not _HANDLE.fullmatch(name) or _DOMAIN.match(name):
        return False
    core = name.replace(".", "").replace("_", "").replace("-", "")
    return (name.islower() or _SEPARATORS.search(name) is not None or any(c.isdigit() for c in name)
            or any(c.isupper() for c in core[1:])) and any(c.isalpha() for c in core)


class _Site:
    """The site's own names, to tell the publisher from a person."""

    def __init__(self, names: list[str], host: str | None) -> None:
        self.keys: set[str] = set()
        for name in names:
            self.keys.add(_key(name))
        if host:
            labels = host.lower().removeprefix("www.").split(".")
            self.keys.add(" ".join(labels))  # "mdr de" is how _key reads "mdr.de"
            # The registered name: "stern" of www.stern.de, "clemson" of news.clemson.edu,
            # "bbc" of bbc.co.uk (a short second-level label is the country's "co", "com"…).
            if len(labels) >= 3 and len(labels[-2]) <= 3:
                self.keys.add(labels[-3])
            elif len(labels) >= 2:
                self.keys.add(labels[-2])
        self.keys.discard("")

    def owns(self, name: str) -> bool:
        """The site's name, a domain, or a name that holds the site's name as its words."""
        key = _key(name)
        if not key:
            return False
        if key in self.keys or key.replace(" ", "") in {k.replace(" ", "") for k in self.keys}:
            return True
        return any(len(k) > 3 and (key.startswith(k + " ") or key.endswith(" " + k)) for k in self.keys)


def _is_org(name: str, site: _Site) -> bool:
    if canonical_agency(name) or site.owns(name) or _DOMAIN.match(name.strip()):
        return True
    return any(is_org_word(w) for w in re.findall(r"[^\W\d_]+", name))


@dataclass
class _Read:
    """One candidate's names, sorted."""

    cand: Candidate
    people: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)  # people and handles, in the source's order


def _read(cand: Candidate, site: _Site, organisations: bool = False) -> _Read:
    read = _Read(cand)
    raw = cand.value if isinstance(cand.value, list) else [cand.value]
    for text in raw:
        text = " ".join(str(text).split())
        if not text:
            continue
        if organisations:
            read.orgs.append(canonical_agency(text) or text)
            continue
        if is_handle(text):
            read.handles.append(text)
            read.persons.append(text)
            continue
        # As written first ("Von Anna Berg und Jonas Weber"), then as a byline: a field that
        # holds authors holds names, one word ("Kev") or several ("Maria & Katerina").
        byline = parse_byline(text)
        if not byline.authors and not byline.agencies:
            byline = parse_byline(f"By {text}")
        people = [n for n in byline.authors if not _is_org(n, site)]
        orgs = [n for n in byline.authors if _is_org(n, site)] + byline.agencies
        if not byline.authors and not byline.agencies:
            (orgs if _is_org(text, site) else people).append(text)
        read.people += people
        read.orgs += orgs
        read.persons += people
    return read


def _display(handle: str, names: list[str]) -> str:
    """The page's display name for a handle, else its words title-cased, else the handle."""
    letters = _letters(handle)
    parts = [p for p in _SEPARATORS.split(_fold(handle)) if p]
    for name in names:
        if " " not in name.strip():
            continue
        if _letters(name) == letters or (len(parts) > 1 and _words(name) == parts):
            return name
    if len(parts) > 1 and all(p.isalpha() and len(p) > 1 for p in parts):  # "hayley.p" is a user name
        return " ".join(p.capitalize() for p in _SEPARATORS.split(handle) if p)
    return handle


def _same(a: str, b: str) -> bool:
    return _words(a) == _words(b) or (_letters(a) == _letters(b) and bool(_letters(a)))


def _plain_person(name: str) -> bool:
    """A name that needs no second look: words, no digits, no organisation word, no domain."""
    name = name.strip()
    return (" " in name and not any(ch.isdigit() for ch in name) and not _DOMAIN.match(name)
            and not any(is_org_word(w) for w in name.split()))


def _names_of(cand: Candidate) -> list[str]:
    return [str(n) for n in (cand.value if isinstance(cand.value, list) else [cand.value])]


def named_people(cands: list[Candidate]) -> bool:
    """Does structured data name its authors as plain people ("Jane Doe", not "Acme News", not
    "jdoe")? Then the page's byline elements have nothing to add and are not looked for."""
    if any(c.field == "author_orgs" for c in cands):
        return False
    first = next((c for c in cands if c.field == "authors" and c.source in _STRUCTURED), None)
    return first is not None and all(_plain_person(n) for n in _names_of(first))


def wants_links(cands: list[Candidate]) -> bool:
    """Are the page's profile links needed: a handle to show as a name, or no plain person?"""
    names = [n for c in cands if c.field == "authors" for n in _names_of(c)]
    return any(is_handle(n.strip()) for n in names) or not any(_plain_person(n) for n in names)


def choose_authors(cands: list[Candidate], *, sites: list[str], host: str | None,
                   publisher: str | None) -> AuthorChoice:
    """Choose the authors from the ``authors`` / ``author_orgs`` / ``agencies`` candidates."""
    site = _Site(sites, host)
    choice = AuthorChoice(publisher=publisher)
    reads = [_read(c, site, organisations=c.field != "authors")
             for c in sorted(cands, key=_order)
             if c.field in ("authors", "author_orgs", "agencies")]
    display = [n for r in reads for n in r.people] + [n for c in cands if c.field == "author_links" for n in c.value]
    with_people = [r for r in reads if r.persons]
    if with_people:
        first = with_people[0]
        names = first.persons
        choice.chosen = first.cand
        choice.reason = f"people named by {first.cand.source} {first.cand.key}"
        skipped = [r for r in reads[: reads.index(first)] if r.orgs]
        if skipped:
            choice.reason += f" (over the organisation in {skipped[0].cand.source} {skipped[0].cand.key})"
        for later in with_people[1:]:
            more = later.persons
            if len(more) > len(names) and all(any(_same(n, m) for m in more) for n in names):
                names, choice.chosen = more, later.cand
                choice.reason += f"; {later.cand.source} {later.cand.key} names them all and more"
                break
        authors = [_display(n, display) if n in first.handles or is_handle(n) else n for n in names]
    else:
        authors = []
        links = [n for c in cands if c.field == "author_links" for n in c.value
                 if " " in n and not _is_org(n, site) and parse_byline(f"By {n}").authors == [n]]
        if links:  # an author's profile link on the page: a person over any organisation
            authors, choice.chosen = links[:1], next(c for c in cands if c.field == "author_links")
            choice.reason = "the first person among the page's author links"
        for read in reads if not authors else []:
            if read.orgs and read.cand.field == "authors":
                authors, choice.chosen = read.orgs, read.cand
                choice.reason = f"no person named: the organisation {read.cand.source} {read.cand.key} credits"
                break
    seen: list[str] = []
    for name in authors:
        if name and not any(_same(name, s) for s in seen):
            seen.append(name)
    choice.authors = seen
    agencies: list[str] = []
    for read in reads:
        for org in read.orgs:
            if site.owns(org) and not canonical_agency(org):
                if choice.publisher is None:
                    choice.publisher = org
                continue
            name = canonical_agency(org) or org
            if not any(_same(name, a) for a in agencies):
                agencies.append(name)
    choice.agencies = agencies
    return choice
