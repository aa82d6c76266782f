"""Metadata from HTML: candidates from every source, the documented precedence, the alternatives."""

from __future__ import annotations

import datetime as dt

import newsclean

import lxml.html

from newsclean.article import Article
from newsclean.html import Page, apply_page
from newsclean.html.merge import parse_iso_date
from newsclean.html.structured import page_candidates, page_language
from newsclean.html.page import Candidate


def _cands(head: str, body: str = "<p>x</p>") -> list[Candidate]:
    return page_candidates(lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>"))


def test_jsonld_graph_resolves_author_references_and_prefers_articles() -> None:
    cands = _cands('<script type="application/ld+json">{"@graph": ['
                   '{"@type": "WebPage", "name": "Site - page", "datePublished": "2020-01-01"},'
                   '{"@type": "NewsArticle", "headline": "Real &amp; headline", "author": {"@id": "#p1"},'
                   ' "datePublished": "2021-02-03T04:05:06Z"},'
                   '{"@type": "Person", "@id": "#p1", "name": "Ana Lind"}]}</script>')
    first = {c.field: c for c in reversed(cands)}
    assert first["title"].value == "Real & headline" and first["title"].key == "NewsArticle.headline"
    assert first["authors"].value == ["Ana Lind"]
    assert [c.value for c in cands if c.field == "published"] == ["2021-02-03T04:05:06Z", "2020-01-01"]


def test_broken_jsonld_is_skipped_not_fatal() -> None:
    cands = _cands('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A",}</script>'
                   '<script type="application/ld+json">{not json</script>')
    assert [c.value for c in cands if c.field == "title"] == ["A"]


def test_meta_tags_skip_profile_urls_as_authors() -> None:
    cands = _cands('<meta property="article:author" content="https://facebook.com/someone">'
                   '<meta name="author" content="Jo Park"><link rel="canonical" href="https://ex.example/a">')
    assert [c.value for c in cands if c.field == "authors"] == [["Jo Park"]]
    assert [c.value for c in cands if c.field == "source_url"] == ["https://ex.example/a"]


def test_language_from_html_lang() -> None:
    assert page_language(lxml.html.document_fromstring('<html lang="en-GB"><body><p>x</p></body></html>')) == "en"
    assert page_language(lxml.html.document_fromstring('<html lang="x"><body><p>x</p></body></html>')) is None


def test_iso_dates_keep_their_zone() -> None:
    assert parse_iso_date("2024-06-01") == dt.date(2024, 6, 1)
    assert parse_iso_date("2024-06-01T09:30:00+01:00") == dt.datetime(
        2024, 6, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert parse_iso_date("2024-06-01T09:30:00.000Z").tzinfo == dt.timezone.utc
    assert parse_iso_date("June 1, 2024") is None
    assert parse_iso_date("2024-13-45") is None


def test_structured_data_wins_and_alternatives_are_kept() -> None:
    page = Page(text="Body text.", candidates=[
        Candidate("title", "Site headline | Courier", "opengraph", "og:title"),
        Candidate("title", "The headline", "json-ld", "NewsArticle.headline"),
        Candidate("published", "2024-10-13", "opengraph", "article:published_time"),
        Candidate("published", "2024-10-12", "json-ld", "NewsArticle.datePublished"),
    ])
    article = apply_page(Article(body="Body text.", title="Text title"), page)
    assert article.title == "The headline"
    assert article.published_iso == "2024-10-12" and article.published_precision == "day"
    sources = article.extra["metadata_sources"]
    assert [(s["source"], s.get("chosen", False)) for s in sources["title"]] == [
        ("json-ld", True), ("opengraph", False), ("text", False)]
    assert [s["value"] for s in sources["published"]] == ["2024-10-12", "2024-10-13"]


def test_site_suffix_is_dropped_from_the_title() -> None:
    page = Page(candidates=[Candidate("title", "Tram opens | The Courier", "opengraph", "og:title"),
                            Candidate("site_name", "The Courier", "opengraph", "og:site_name")])
    assert apply_page(Article(), page).title == "Tram opens"
    page = Page(candidates=[Candidate("title", "Tram opens - Courier Online", "opengraph", "og:title"),
                            Candidate("title", "Tram opens", "html", "h1")])
    assert apply_page(Article(), page).title == "Tram opens"


def test_description_in_headline_is_not_taken_for_the_title() -> None:
    desc = "The meeting brought together experts from twelve countries to discuss the future of the harbour"
    page = Page(candidates=[Candidate("title", desc[:80], "json-ld", "Article.headline"),
                            Candidate("title", "Harbour summit", "opengraph", "og:title"),
                            Candidate("description", desc, "meta", "description")])
    assert apply_page(Article(), page).title == "Harbour summit"


def test_repeated_headline_moves_from_body_to_title() -> None:
    text = "# Tram Line Opens\n\nThe first passengers boarded on Saturday."
    page = Page(text=text, candidates=[Candidate("title", "Tram line opens", "json-ld", "NewsArticle.headline")])
    article = apply_page(Article(body=text), page)
    assert article.body == "The first passengers boarded on Saturday."
    [removal] = article.removed
    assert (removal.category, removal.text, removal.line) == ("title", "# Tram Line Opens", 1)


def test_the_line_under_a_dropped_headline_is_settled_as_a_second_cleaning_would() -> None:
    # The site name above the <h1> repeats the page's headline (JSON-LD) and leaves the body
    # after the text stage has run; the <h1> text is then the body's first line, which a second
    # cleaning would take for a headline. It goes now, to the subtitle, and is recorded.
    story = "".join(f"<p>Since 1743 the brewery in Kobe has made sake from local rice and the soft water "
                    f"of Mount Rokko, paragraph {i}, and ships it to forty countries.</p>" for i in range(5))
    html = ("<html><head><title>Hakutsuru</title><script type=\"application/ld+json\">"
            '{"@context": "https://schema.org", "@type": "WebPage", "headline": "Hakutsuru"}</script>'
            f"</head><body><main><p>Hakutsuru</p><h1>Japan's Top-Selling Sake Brand</h1>{story}</main></body></html>")
    article = newsclean.clean(html)
    assert article.title == "Hakutsuru" and article.subtitle == "Japan's Top-Selling Sake Brand"
    assert article.body.startswith("Since 1743")
    assert [r.text for r in article.removed] == ["Hakutsuru", "Japan's Top-Selling Sake Brand"]
    assert newsclean.clean(article.body).removed == []


def test_figcaption_paragraph_moves_to_captions() -> None:
    text = "First paragraph of the story.\n\nThe tram leaves the station\n\nLast paragraph."
    page = Page(text=text, captions=["The tram leaves the station"])
    article = apply_page(Article(body=text), page)
    assert article.body == "First paragraph of the story.\n\nLast paragraph."
    assert article.captions == ["The tram leaves the station"]
    assert article.removed[0].category == "caption"


def test_url_argument_fills_source_url_and_dom_removals_come_first() -> None:
    from newsclean.article import Removal

    dom = Removal("share-prompt", "Share", 3, "dom-share", 'class="share"', path="/html/body/div")
    text = Removal("byline", "By Jo", 1, "byline", "byline line")
    page = Page(candidates=[Candidate("source_url", "/relative", "html", "link[rel=canonical]")], removed=[dom])
    article = apply_page(Article(removed=[text]), page, url="https://ex.example/story?id=1")
    assert article.source_url == "https://ex.example/story?id=1"
    assert article.removed == [dom, text]


def _authors(body: str) -> list[tuple[object, str]]:
    from newsclean.html.visible import author_candidates

    tree = lxml.html.document_fromstring(f"<html><head></head><body>{body}</body></html>")
    return [(c.value, c.key) for c in author_candidates(tree) if c.field == "authors"]


def test_byline_elements_most_specific_kind_first() -> None:
    # rel=author wins over a byline class that comes earlier in the page.
    assert _authors('<p class="byline">By Jo Park</p><a rel="author">Ana Lind</a>') == [(["Ana Lind"], "rel=author")]
    # A camelCase author-name class beats a plain byline class.
    assert _authors('<div class="post-byline">By Jo Park</div><span class="authorName">Ana Lind</span>'
                    ) == [(["Ana Lind"], "class=author-name")]
    assert _authors('<div id="story-author">By Jo Park</div>') == [(["Jo Park"], "class=byline")]


def test_byline_elements_near_misses() -> None:
    # An "author" id only counts on a/div/p/span/address, and a text that is not a name is passed over.
    assert _authors('<li id="author-list">Jo Park</li>') == []
    assert _authors('<span class="byline">Share</span><p class="Byline">By Ana Lind</p>') == [(["Ana Lind"], "class=byline")]
    assert _authors('<p>Written by a reader of ours, the author of two books.</p>') == []


def test_the_text_s_own_date_is_offered_as_the_text_gave_it() -> None:
    page = ("<html><body><article><h1>Bridge to close</h1><p>March 5, 2024</p>"
            + "<p>The old bridge over the river will close for repairs on Monday, the council said.</p>" * 4
            + "</article></body></html>")
    article = newsclean.clean(page, kind="html")
    offered = [s for s in article.extra["metadata_sources"]["published"] if s["source"] == "text"]
    assert [s["value"] for s in offered] == ["2024-03-05"]
    assert article.to_dict()["published"] == "2024-03-05"


def test_h1_linking_to_the_home_page_is_not_a_title_candidate() -> None:
    """A site logo in an <h1> (linking to "/") is skipped: the next <h1> is the headline."""
    cands = _cands("", '<header><h1><a href="/">Harbour Notes</a></h1></header>'
                       '<article><h1>Night ferry returns</h1><p>x</p></article>')
    assert [c.value for c in cands if c.key == "h1"] == ["Night ferry returns"]
    cands = _cands("", '<h1><a href="https://harbour.example/">Harbour Notes</a></h1>')
    assert [c.value for c in cands if c.key == "h1"] == []
    # A headline linking to its own article stays.
    cands = _cands("", '<h1><a href="/2024/06/night-ferry">Night ferry returns</a></h1>')
    assert [c.value for c in cands if c.key == "h1"] == ["Night ferry returns"]


def test_h1_that_names_the_site_gives_way_and_is_stripped_from_title() -> None:
    """A blog or forum whose <h1> is its own name: the <title> minus that name is the title."""
    page = Page(candidates=[Candidate("title", "Harbour Notes", "html", "h1"),
                            Candidate("title", "Why the night ferry stopped - Harbour Notes", "html", "title")])
    assert apply_page(Article(), page).title == "Why the night ferry stopped"
    # Named by og:site_name.
    page = Page(candidates=[Candidate("site_name", "Harbour Notes", "opengraph", "og:site_name"),
                            Candidate("title", "Why the night ferry stopped", "opengraph", "og:title"),
                            Candidate("title", "Harbour Notes", "html", "h1")])
    assert apply_page(Article(), page).title == "Why the night ferry stopped"


def test_structured_title_the_page_shows_beats_one_it_does_not() -> None:
    """JSON-LD, og:title and twitter:title disagree: the one equal to the <h1> wins."""
    page = Page(candidates=[Candidate("title", "Ferry review with photos", "json-ld", "NewsArticle.headline"),
                            Candidate("title", "I rode the night ferry for a week", "opengraph", "og:title"),
                            Candidate("title", "I rode the night ferry for a week", "html", "h1")])
    article = apply_page(Article(), page)
    assert article.title == "I rode the night ferry for a week"
    assert article.extra["metadata_sources"]["title"][1] == {
        "source": "opengraph", "key": "og:title", "value": "I rode the night ferry for a week", "chosen": True}
    # With no visible confirmation, precedence holds (JSON-LD first).
    page = Page(candidates=[Candidate("title", "Ferry review with photos", "json-ld", "NewsArticle.headline"),
                            Candidate("title", "I rode the night ferry for a week", "opengraph", "og:title")])
    assert apply_page(Article(), page).title == "Ferry review with photos"


def test_headline_that_starts_the_description_is_kept_when_the_page_shows_it() -> None:
    headline = "Regional council approves the new harbour ferry timetable for the winter season"
    desc = headline + " after a long consultation with residents and operators."
    page = Page(candidates=[Candidate("title", headline, "json-ld", "NewsArticle.headline"),
                            Candidate("description", desc, "opengraph", "og:description"),
                            Candidate("title", headline, "html", "h1")])
    assert apply_page(Article(), page).title == headline
