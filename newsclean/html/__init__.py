"""HTML input: decode, parse, remove clutter containers, extract the main text, collect metadata.

The pipeline calls :func:`looks_like_html`, then :func:`extract_page` (DOM pass + trafilatura +
metadata candidates), runs the shared text detectors on ``page.text``, and finishes with
:func:`apply_page` (DOM removals + metadata choice, structured data first).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

from lxml import etree

from newsclean.html.charset import decode_html
from newsclean.html.sniff import looks_like_html
from newsclean.html.blocks import map_page
from newsclean.html.dom import drop_clutter, find_clutter, paragraph_words, visible_text
from newsclean.html.extract import FAST_PATH_CHARS, extract_fast, extract_structured, few_words, take_linked_data
from newsclean.html.merge import apply_page
from newsclean.html.people import named_people, wants_links
from newsclean.html.structured import date_candidates, page_candidates, page_language
from newsclean.html.visible import author_candidates, header_candidates, link_candidates, scan_header
from newsclean.html.page import Candidate, Page
from newsclean.html.parse import parse_html
from newsclean.html.second_opinion import readability_seen
from newsclean.detect.user_rules import RuleSet, UserRule, drop_selected, find_selected

if TYPE_CHECKING:  # the block scorer brings numpy: imported on first use
    from newsclean.html.blockscore import BlockScorer
    from newsclean.html.blocks_walk import Segments

_SCORER = "line-model"  # the detector name of the block scorer (and of the text line scorer)

__all__ = ["Candidate", "Page", "apply_page", "decode_html", "extract_page", "looks_like_html"]


def extract_page(html: str, *, url: str | None = None, disable: frozenset[str] = frozenset(),
                 favor: str = "balanced", scorer: BlockScorer | None = None, blocks: bool = False,
                 rules: RuleSet | None = None, links: bool = False) -> Page:
    """Parse an HTML page into a :class:`Page`. Never raises on malformed or empty input.

    ``disable`` names detectors to skip (the ``dom-*`` ones and ``line-model`` act here);
    ``favor`` chooses the block scorer's thresholds (``"precision"``, or thresholds that change
    nothing: the scorer does not run); ``scorer``
    runs a given block model with ``favor``'s thresholds (the training script and the benchmark
    pass their own). ``blocks``: keep the page's elements in ``page.source`` for
    :meth:`~newsclean.html.blocks.SourceMap.line_blocks` and
    :meth:`~newsclean.html.blocks.SourceMap.unkept_blocks` (the tree then lives as long as
    the page). ``rules`` are user rules, whose selectors act here too (for the page's site);
    ``links`` keeps links in ``page.markup``.
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
    # What the reader sees under the headline: dates (evidence for the choice), a byline.
    page.candidates += header_candidates(scan_header(tree, page.language))
    have = {c.field for c in page.candidates if c.source != "html" or c.key.startswith("visible")}
    # htmldate costs a few ms: only when neither structured data nor the header zone has a
    # publication date. It reads the scripts too (a framework's JSON), so it runs before they go.
    # It prunes a deep copy of the tree it is given; on a huge page that second tree is the
    # peak of memory, so there it runs last, on a tree of its own, once ours is freed.
    want_date = "published" not in have
    if want_date and not fast:
        page.candidates += date_candidates(tree, url)
    linked_data = [] if fast else take_linked_data(tree)  # for trafilatura alone (see there)
    etree.strip_elements(tree, "script", "style", "template", with_tail=False)
    words = paragraph_words(tree)
    found = find_clutter(tree, words, disable)
    containers = [el for el, _ in found]
    selected: list[tuple[etree._Element, UserRule]] = []
    if rules is not None and "user-rules" not in disable:
        site = rules.for_url(url or next((c.value for c in page.values("source_url")), None))
        selected = find_selected(site, tree, words[1], skip=containers)
    # Before anything is dropped: trafilatura prunes the tree and builds its output anew,
    # without source lines (see newsclean.html.blocks).
    # With the elements (not on a huge page: a proxy for each would cost more than the page):
    # the main content's blocks that the extraction leaves out are listed (page.left_out).
    source = map_page(tree, skip=containers + [el for el, _ in selected], main=words[1],
                      elements=blocks or not fast)
    page.removed = drop_clutter(tree, found) + drop_selected(tree, selected)
    page.captions = _captions(tree, words[1])
    # After the DOM pass, so that related-story bylines are gone. Unless structured data names
    # plain people: a visible byline's person beats a publisher there, and the page's author
    # links name the people behind handles.
    authors = [] if named_people(page.candidates) else author_candidates(tree)
    if wants_links(page.candidates + authors):
        authors += link_candidates(tree)
    if fast:
        page.text = extract_fast(tree, words[1])
        del tree, words, found, selected, containers, linked_data  # freed before htmldate's parse
        if want_date:  # the same tree as ours was before the DOM pass
            own = parse_html(html, disposable=True).tree
            page.candidates += date_candidates(own, url) if own is not None else []
        page.warnings.append(f"page is {len(html) / 1e6:.1f} MB: the main text was taken with the fast "
                             "extractor (text blocks of the article), not trafilatura")
        if few_words(page.text):
            page.text = ""
            page.warnings.append("no article text found on the page")
    else:
        if scorer is None and _SCORER not in disable and favor != "precision":
            # The block scorer puts back blocks trafilatura left out and takes out clutter it
            # kept. Its thresholds for each favor come with the model, chosen out of fold: the
            # default's by issue 15's rule (best F1 with precision not below the scorer off;
            # docs/model.md). A model whose thresholds change nothing is not run at all.
            from newsclean.html.blockscore import default_scorer

            scorer = default_scorer()
            if scorer is not None and not scorer.acts(favor):
                scorer = None
        segments = None
        if scorer is not None and _SCORER not in disable:
            body = tree.find("body")
            # Before trafilatura, which prunes this very tree (see newsclean.html.parse).
            segments = scorer.segments(body, words[1]) if body is not None else None
        del words
        # readability's text is kept only for the block scorer (its lines cost a join a page)
        capture: AbstractContextManager[list[str]] = readability_seen() if segments is not None else nullcontext([])
        with capture as second:
            page.text, page.markup, warnings = extract_structured(tree, url=url, links=links, linked_data=linked_data)
        page.warnings.extend(warnings)
        if scorer is not None and segments is not None and page.text:
            _rescore(page, scorer, segments, favor, second[0] if second else None)
    # After the block scorer, which may change the text: its lines are what the map locates.
    source.locate(page.text)
    page.source = source
    if source.has_elements and page.text:
        # Nothing lost silently: the main content's text blocks the extractor dropped whole.
        page.left_out = source.dropped_blocks()
    if not blocks:
        source.forget_tree()  # the elements were only for that list: the tree may go now
    page.candidates += authors
    return page


def _rescore(page: Page, scorer: BlockScorer, segments: Segments, favor: str, second: str | None) -> None:
    """The block scorer's verdict on trafilatura's text: lines out, left-out blocks back
    (``second``: readability's text of the page, when trafilatura ran it)."""
    result = scorer.rescore(segments, page.text, favor, second)
    if few_words(result.text):
        return  # a page the model would empty: trafilatura's choice stands
    if page.markup is not None:  # each kept line keeps its markdown; a recovered one is its text
        marks = dict(zip(page.text.split("\n"), page.markup))
        page.markup = [marks.get(line, line) for line in result.text.split("\n")]
    page.text = result.text
    page.removed += result.removed
    page.recovered = result.recovered


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
