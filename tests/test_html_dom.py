"""The DOM pass: which containers go, which stay, and what each removal records."""

from __future__ import annotations

import lxml.html
import pytest

from newsclean.html.dom import find_clutter, match_element, remove_clutter, tokens

STORY = "".join(f"<p>Paragraph {i} of the story tells what the council decided about the harbour and why.</p>"
                for i in range(6))


def _el(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html)


def test_tokens_split_case_and_separators() -> None:
    assert tokens("relatedPosts__list") == ("related", "posts", "list")
    assert tokens("SOCIAL-share_Bar") == ("social", "share", "bar")


@pytest.mark.parametrize("html, category, reason", [
    ('<div class="newsletter-signup">x</div>', "newsletter-plug", ("class", "newsletter-signup")),
    ('<section data-component="NewsletterPromo">x</section>', "newsletter-plug", ("data-component", "NewsletterPromo")),
    ('<aside id="relatedStories">x</aside>', "related-link", ("id", "relatedStories")),
    ('<nav aria-label="Share this story">x</nav>', "share-prompt", ("aria-label", "Share this story")),
    ('<div class="wrapper ad-slot">x</div>', "advertisement", ("class", "ad-slot")),
    ('<div role="dialog" aria-label="Cookie consent">x</div>', "cookie-notice", ("aria-label", "Cookie consent")),
    ('<div class="author-bio">x</div>', "author-bio", ("class", "author-bio")),
    ('<div id="qc-cmp2-container">x</div>', "cookie-notice", ("id", "qc-cmp2-container")),
    ('<div class="cmpboxBG">x</div>', "cookie-notice", ("class", "cmpboxBG")),
    ('<section id="comments">x</section>', "comment-form", ("id", "comments")),
])
def test_clutter_attributes_are_recognised(html: str, category: str, reason: tuple[str, str]) -> None:
    match = match_element(_el(html))
    assert match is not None
    assert match.rule.category == category
    assert (match.attribute, match.value) == reason


@pytest.mark.parametrize("html", [
    '<div class="shared-content">x</div>',         # "shared" is not "share"
    '<div id="header">x</div>',                    # "header" is not "ad"
    '<button class="add-to-cart">x</button>',      # "add" is not "ad"
    '<article class="post category-comments tag-newsletter">x</article>',  # taxonomy classes
    '<div class="has-related-posts no-ads">x</div>',                      # page flags
    '<h2 id="what-share-of-adults-read-the-news-every-day">x</h2>',         # a heading slug
    '<div class="block-PFk9dDFpTo0qJgx">x</div>',                          # hash-like class name
    '<img data-src="/img/share-icon.png">',                                # a URL, not a name
    # Adobe Experience Manager's component prefix, not a consent platform
    '<div class="cmp-container cmp-container--fixed">x</div>',
    '<div class="cmp-text cmp-richtext--disclaimer">x</div>',
])
def test_false_friends_are_not_clutter(html: str) -> None:
    assert match_element(_el(html)) is None


def test_removal_records_category_path_line_and_attribute() -> None:
    html = (f"<html><body><article>{STORY}\n<div class='newsletter-box'><p>Sign up for the "
            f"briefing.</p></div></article></body></html>")
    tree = lxml.html.document_fromstring(html)
    [removal] = remove_clutter(tree)
    assert removal.category == "newsletter-plug"
    assert removal.detector == "dom-newsletter"
    assert removal.code == "dom-newsletter.class"
    assert removal.reason == 'class="newsletter-box"'
    assert removal.text == "Sign up for the briefing."
    assert removal.path == "/html/body/article/div"
    assert removal.line == 2
    assert "Sign up" not in tree.text_content() and "Paragraph 5" in tree.text_content()


def test_container_holding_the_article_is_never_removed() -> None:
    tree = lxml.html.document_fromstring(f"<html><body><div class='paywall'>{STORY}</div></body></html>")
    assert find_clutter(tree) == []
    # ... even when the marked container is an ancestor of the main text block.
    tree = lxml.html.document_fromstring(
        f"<html><body><div class='share-wrapper'><main><div>{STORY}</div></main></div></body></html>")
    assert find_clutter(tree) == []


def test_outermost_container_wins_and_tail_text_stays() -> None:
    tree = lxml.html.document_fromstring(
        f"<html><body><div>{STORY}<aside class='related'><div class='share'>S</div>R</aside>tail words</div>"
        "</body></html>")
    found = find_clutter(tree)
    assert [m.rule.category for _, m in found] == ["related-link"]
    remove_clutter(tree)
    assert "tail words" in tree.text_content()


def test_a_page_built_of_aem_components_keeps_its_text() -> None:
    # Every container of an Adobe Experience Manager page has a "cmp-" class; the sections of
    # the story are in separate ones, so no single container holds most of the text and the
    # main-text guard alone would not keep them (the corpus had 20 such pages).
    sections = "".join(f"<div class='cmp-container'><div class='cmp-text'><p>Section {i}: what the fund "
                       f"holds, what it costs and how it tracks its index over the years.</p></div></div>"
                       for i in range(4))
    tree = lxml.html.document_fromstring(f"<html><body><main>{sections}</main>"
                                         f"<div id='qc-cmp2-container'>We value your privacy</div></body></html>")
    removed = remove_clutter(tree)
    assert [r.text for r in removed] == ["We value your privacy"]
    assert all(f"Section {i}:" in tree.text_content() for i in range(4))
