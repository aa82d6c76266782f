"""Metadata candidates from the page: JSON-LD, OpenGraph / meta tags, microdata, <title>, <h1>.

Every value found becomes a :class:`Candidate`; the choice between them is made later
(:mod:`newsclean.html.merge`), so that the alternatives can be shown to the user.
"""

from __future__ import annotations

import html as _html
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newsclean.text.encoding import without_invisible
from newsclean.html.page import Candidate

__all__ = ["date_candidates", "page_candidates", "page_language"]

# JSON-LD types that describe the article itself, best first. WebPage comes last: it often
# carries the site's name or the SEO title rather than the headline.
_ARTICLE_TYPES = (
    ("NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
     "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting"),
    ("Article", "BlogPosting", "Report", "TechArticle", "ScholarlyArticle", "SocialMediaPosting",
     "MedicalWebPage", "DiscussionForumPosting"),
    ("WebPage", "ItemPage"),
)
_TYPE_RANK = {name: rank for rank, names in enumerate(_ARTICLE_TYPES) for name in names}

# <meta> name/property → (field, source). Order inside a field is the precedence among meta tags.
_META_KEYS: dict[str, tuple[str, str]] = {
    "og:title": ("title", "opengraph"),
    "twitter:title": ("title", "meta"),
    "dc.title": ("title", "meta"),
    "parsely-title": ("title", "meta"),
    "og:url": ("source_url", "opengraph"),
    "article:published_time": ("published", "opengraph"),
    "og:article:published_time": ("published", "opengraph"),
    "article:published": ("published", "opengraph"),
    "og:published_time": ("published", "opengraph"),
    "parsely-pub-date": ("published", "meta"),
    "sailthru.date": ("published", "meta"),
    "pubdate": ("published", "meta"),
    "publishdate": ("published", "meta"),
    "publish-date": ("published", "meta"),
    "publish_date": ("published", "meta"),
    "date": ("published", "meta"),
    "dc.date": ("published", "meta"),
    "dc.date.issued": ("published", "meta"),
    "dcterms.created": ("published", "meta"),
    "dcterms.date": ("published", "meta"),
    "citation_publication_date": ("published", "meta"),
    "citation_date": ("published", "meta"),
    "article:modified_time": ("modified", "opengraph"),
    "og:updated_time": ("modified", "opengraph"),
    "dcterms.modified": ("modified", "meta"),
    "author": ("authors", "meta"),
    "article:author": ("authors", "opengraph"),
    "og:article:author": ("authors", "opengraph"),
    "parsely-author": ("authors", "meta"),
    "sailthru.author": ("authors", "meta"),
    "dc.creator": ("authors", "meta"),
    "citation_author": ("authors", "meta"),
    "byl": ("authors", "meta"),
    "og:site_name": ("site_name", "opengraph"),
    "application-name": ("site_name", "meta"),
    "article:tag": ("tags", "opengraph"),
    "news_keywords": ("tags", "meta"),
    "keywords": ("tags", "meta"),
    "parsely-tags": ("tags", "meta"),
    "og:description": ("description", "opengraph"),
    "description": ("description", "meta"),
    "og:locale": ("language", "opengraph"),
    "content-language": ("language", "meta"),
    "dc.language": ("language", "meta"),
}
_SOURCE_RANK = {"opengraph": 0, "meta": 1}
_MICRODATA = {
    "headline": "title",
    "datepublished": "published",
    "datemodified": "modified",
    "author": "authors",
}
_WS = re.compile(r"\s+")
_URLISH = re.compile(r"^(?:https?:)?//|^www\.", re.I)
_JSON_JUNK = re.compile(r"^\s*(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)|(?:-->|/\*\s*\]\]>\s*\*/|\]\]>)\s*$")


def _clean(value: Any) -> str:
    """Whitespace-collapsed, entity-decoded text (JSON-LD often holds ``&amp;`` or ``&#8217;``)."""
    if not isinstance(value, str):
        return ""
    value = _html.unescape(value)
    if "&" in value:  # double-escaped JSON-LD ("&amp;#8230;") is common
        value = _html.unescape(value)
    return _WS.sub(" ", without_invisible(value)).strip()


def _split_list(value: str) -> list[str]:
    return [v for v in (_clean(p) for p in re.split(r"[,;|]", value)) if v]


# --- JSON-LD -------------------------------------------------------------------------------

def _load_json(text: str) -> Any:
    text = _JSON_JUNK.sub("", text.strip())
    try:
        return json.loads(text, strict=False)
    except ValueError:
        # Trailing commas are the most common breakage in hand-written JSON-LD.
        try:
            return json.loads(re.sub(r",\s*([}\]])", r"\1", text), strict=False)
        except ValueError:
            return None


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD document (through lists and ``@graph``), bounded depth."""
    if depth > 12:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                yield from _walk(node[key], depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)]


# schema.org types of an author that is not a person.
_ORG_TYPES = frozenset({"Organization", "NewsMediaOrganization", "Corporation", "EducationalOrganization",
                        "GovernmentOrganization", "NGO", "LocalBusiness", "OnlineBusiness", "Brand",
                        "WebSite", "MedicalOrganization", "Project", "ResearchOrganization"})


def _names(value: Any, index: dict[str, dict[str, Any]]) -> list[str]:
    """Person/organisation names from a JSON-LD ``author`` or ``publisher`` value."""
    people, orgs = _typed_names(value, index)
    return people + orgs


def _typed_names(value: Any, index: dict[str, dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(persons and untyped names, organisations) from a JSON-LD ``author`` value, in order."""
    items = value if isinstance(value, list) else [value]
    people: list[str] = []
    orgs: list[str] = []
    for item in items[:20]:
        if isinstance(item, str):
            text = _clean(item)
            if text and not _URLISH.match(text):
                people.append(text)
        elif isinstance(item, dict):
            if "name" not in item and isinstance(item.get("@id"), str):
                item = index.get(item["@id"], item)
            name = item.get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            text = _clean(name)
            if text:
                kinds = _types(item)
                is_org = any(k in _ORG_TYPES for k in kinds) and "Person" not in kinds
                (orgs if is_org else people).append(text)
    return people, orgs


def _jsonld_candidates(tree: HtmlElement) -> list[Candidate]:
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        objects.extend(_walk(_load_json(script.text)))
    index = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    # The question of a Q&A page is its article (the questions of an FAQ are not).
    questions = {id(o["mainEntity"]) for o in objects if "QAPage" in _types(o) and isinstance(o.get("mainEntity"), dict)}
    ranked = []
    for obj in objects:
        ranks = [_TYPE_RANK[t] for t in _types(obj) if t in _TYPE_RANK]
        if id(obj) in questions:
            ranks.append(_TYPE_RANK["Article"])
        if ranks:
            ranked.append((min(ranks), obj))
    ranked.sort(key=lambda pair: pair[0])  # stable: document order within a rank
    out: list[Candidate] = []
    for _, obj in ranked:
        kind = _types(obj)[0]

        def add(field: str, key: str, value: Any) -> None:
            if value:
                out.append(Candidate(field, value, "json-ld", f"{kind}.{key}"))

        add("title", "headline", _clean(obj.get("headline")))
        if kind not in _ARTICLE_TYPES[2]:  # a WebPage "name" is usually the SEO title
            add("title", "name", _clean(obj.get("name")))
        people, orgs = _typed_names(obj.get("author"), index)
        add("authors", "author", people)
        add("author_orgs", "author", orgs)
        add("published", "datePublished", _clean(obj.get("datePublished")))
        if not obj.get("datePublished"):  # a forum post or a question: its creation is its publication
            add("published", "dateCreated", _clean(obj.get("dateCreated")))
        add("modified", "dateModified", _clean(obj.get("dateModified")))
        add("publisher", "publisher", ", ".join(_names(obj.get("publisher"), index)))
        url = obj.get("url") or obj.get("mainEntityOfPage")
        if isinstance(url, dict):
            url = url.get("@id") or url.get("url")
        add("source_url", "url", _clean(url) if _URLISH.match(_clean(url)) else "")
        keywords = obj.get("keywords")
        if isinstance(keywords, list):
            add("tags", "keywords", [k for k in map(_clean, keywords) if k])
        elif isinstance(keywords, str):
            add("tags", "keywords", _split_list(keywords))
        lang = obj.get("inLanguage")
        add("language", "inLanguage", _clean(lang) if isinstance(lang, str) else "")
    return out


# --- meta tags, microdata, <title>, <h1> ---------------------------------------------------

def _meta_candidates(tree: HtmlElement) -> list[Candidate]:
    found: list[tuple[int, int, Candidate]] = []
    order = {key: i for i, key in enumerate(_META_KEYS)}
    props: set[str] = set()
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("http-equiv") or "").strip().lower()
        content = _clean(meta.get("content"))
        if not content:
            continue
        if key in _META_KEYS:
            field, source = _META_KEYS[key]
            if field == "authors":
                if _URLISH.match(content) or content.startswith("@"):
                    continue  # a profile URL or a Twitter handle, not a name
                value: Any = [content]
            elif field == "tags":
                value = _split_list(content)
            else:
                value = content
            found.append((_SOURCE_RANK[source], order[key], Candidate(field, value, source, key)))
        prop = (meta.get("itemprop") or "").lower()
        if prop in _MICRODATA and prop not in props:  # the first: later ones are related-story cards
            props.add(prop)
            field = _MICRODATA[prop]
            value = [content] if field == "authors" else content
            found.append((2, 0, Candidate(field, value, "microdata", f"itemprop={prop}")))
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            found.append((0, -1, Candidate("source_url", _clean(link.get("href")), "html", "link[rel=canonical]")))
    found.sort(key=lambda item: (item[0], item[1]))
    # One <meta property="article:tag"> per tag: gather them into one candidate per key.
    merged: list[Candidate] = []
    for _, _, cand in found:
        same = next((m for m in merged if m.field == "tags" == cand.field and m.key == cand.key), None)
        if same is None:
            merged.append(cand)
        else:
            merged[merged.index(same)] = Candidate("tags", same.value + cand.value, same.source, same.key)
    return merged


_HOME_PATHS = frozenset({"", "/", "./", "/index.html", "/index.php"})


def _home_link(h1: HtmlElement) -> bool:
    """True for an ``<h1>`` that links to the site's home page: the site's logo or name in the
    page header, not the headline (a headline links to its own article, if anywhere)."""
    parent = h1.getparent()
    links = list(h1.iter("a")) + ([parent] if parent is not None and parent.tag == "a" else [])
    for link in links:
        href = (link.get("href") or "").strip()
        try:
            parts = urlsplit(href)
        except ValueError:
            continue
        if parts.path in _HOME_PATHS and not parts.query and not parts.fragment and (href or parts.netloc):
            return True
    return False


def _html_candidates(tree: HtmlElement) -> list[Candidate]:
    out: list[Candidate] = []
    for el in tree.iter("time"):
        if (el.get("itemprop") or "").lower() == "datepublished" and el.get("datetime"):
            out.append(Candidate("published", _clean(el.get("datetime")), "microdata", "time[itemprop=datePublished]"))
            break
    for el in tree.iter("h1"):
        text = _clean(el.text_content())
        if text and not _home_link(el):
            out.append(Candidate("title", text, "html", "h1"))
            break
    title = tree.find(".//title")
    if title is not None:
        text = _clean(title.text_content())
        if text:
            out.append(Candidate("title", text, "html", "title"))
    return out


def page_language(tree: HtmlElement) -> str | None:
    """The primary language subtag from ``<html lang>`` (``en-GB`` → ``en``)."""
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    lang = lang.strip().replace("_", "-").split("-")[0].lower()
    return lang if re.fullmatch(r"[a-z]{2,3}", lang) else None


def page_candidates(tree: HtmlElement) -> list[Candidate]:
    """All metadata candidates of the page, structured data first (JSON-LD, then meta tags)."""
    return _jsonld_candidates(tree) + _meta_candidates(tree) + _html_candidates(tree)


def date_candidates(tree: HtmlElement, url: str | None) -> list[Candidate]:
    """The publication date htmldate (trafilatura's date finder) reads from the page."""
    from htmldate import find_date

    try:
        found = find_date(tree, url=url, extensive_search=False, original_date=True)
    except Exception:  # noqa: BLE001 - a date failure must not lose the article
        return []
    return [Candidate("published", found, "trafilatura", "htmldate")] if found else []
