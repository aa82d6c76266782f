"""HTML input: decode, parse, remove clutter containers, extract the main text, collect metadata.

The pipeline calls :func:`looks_like_html`, then :func:`extract_page` (DOM pass + trafilatura +
metadata candidates), runs the shared text detectors on ``page.text``, and finishes with
:func:`apply_page` (DOM removals + metadata choice, structured data first).
"""

from __future__ import annotations

from lxml import etree

from newsclean.html.charset import decode_html
from newsclean.html.sniff import looks_like_html
from newsclean.html.dom import paragraph_words, remove_clutter, visible_text
from newsclean.html.extract import FAST_PATH_CHARS, extract_fast, extract_structured, few_words
from newsclean.html.merge import apply_page
from newsclean.html.structured import author_candidates, date_candidates, page_candidates, page_language
from newsclean.html.page import Candidate, Page
from newsclean.html.parse import parse_html
from newsclean.detect.user_rules import RuleSet, remove_selected

__all__ = ["Candidate", "Page", "apply_page", "decode_html", "extract_page", "looks_like_html"]


def extract_page(html: str, *, url: str | None = None, disable: frozenset[str] = frozenset(),
                 rules: RuleSet | None = None, links: bool = False) -> Page:
    """Parse an HTML page into a :class:`Page`. Never raises on malformed or empty input.

    ``disable`` names detectors to skip (the ``dom-*`` ones act here); ``rules`` are user rules,
    whose selectors act here too (for the page's site); ``links`` keeps links in ``page.markup``.
    """
    parsed = parse_html(html)
    page = Page(warnings=list(parsed.warnings))
    tree = parsed.tree
    del parsed  # the tree must be freeable below: nothing may hold on to it
    if tree is None:
        page.warnings.append("no article text found on the page")
        return page
    fast = len(html) > FAST_PATH_CHARS
    page.language = page_language(tree)
    # Before the scripts go: JSON-LD lives in <script>.
    page.candidates = page_candidates(tree)
    have = {c.field for c in page.candidates if c.source != "html"}
    # htmldate costs a few ms: only when structured data has no date. It prunes a deep copy of
    # the tree it is given; on a huge page that second tree is the peak of memory, so there it
    # runs last, on a tree of its own, once ours is freed.
    want_date = "published" not in have
    if want_date and not fast:
        page.candidates += date_candidates(tree, url)
    etree.strip_elements(tree, "script", "style", "template", with_tail=False)
    words = paragraph_words(tree)
    page.removed = remove_clutter(tree, words, disable)
    if rules is not None and "user-rules" not in disable:
        site = rules.for_url(url or next((c.value for c in page.values("source_url")), None))
        page.removed += remove_selected(site, tree, words[1])
    page.captions = _captions(tree, words[1])
    # After the DOM pass, so that related-story bylines are gone.
    authors = author_candidates(tree) if "authors" not in have else []
    if fast:
        page.text = extract_fast(tree, words[1])
        del tree, words  # freed before htmldate's parse
        if want_date:  # the same tree as ours was before the DOM pass
            own = parse_html(html, disposable=True).tree
            page.candidates += date_candidates(own, url) if own is not None else []
        page.warnings.append(f"page is {len(html) / 1e6:.1f} MB: the main text was taken with the fast "
                             "extractor (text blocks of the article), not trafilatura")
        if few_words(page.text):
            page.text = ""
            page.warnings.append("no article text found on the page")
    else:
        page.text, page.markup, warnings = extract_structured(tree, url=url, links=links)
        page.warnings.extend(warnings)
    page.candidates += authors
    return page


def _captions(tree: etree._Element, main: etree._Element | None) -> list[str]:
    """Figure captions of the article: inside the <article>/<main> that holds the main text
    block (the whole page when there is none), after the DOM pass."""
    scope = tree
    if main is not None:
        scope = next((a for a in main.iterancestors() if a.tag in ("article", "main")), tree)
    seen: list[str] = []
    for el in scope.iter("figcaption"):
        text = visible_text(el)
        if text and text not in seen:
            seen.append(text)
    return seen
