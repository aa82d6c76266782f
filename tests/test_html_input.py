"""HTML input detection and decoding: what kind of input a string is, and its encoding."""

from __future__ import annotations

import codecs

import pytest

import newsclean
from newsclean.html import decode_html, looks_like_html

PAGE = "<!DOCTYPE html><html><head><title>T</title></head><body><p>Text.</p></body></html>"


@pytest.mark.parametrize("text", [
    PAGE,
    "\ufeff  " + PAGE,
    "<!-- saved by a crawler -->\n<html><body><p>x</p></body></html>",
    "<meta charset='utf-8'><div><p>Fragment of a page.</p></div>",
    "Saved page\n" + "<div class='x'><p>One.</p><p>Two.</p></div>" * 5,
])
def test_html_is_detected(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize("text", [
    "The council voted 5 < 7 on Monday.\n\nCosts rose <10% this year, officials said.",
    "<3 this recipe. Mix the flour and the butter.",
    "# Headline\n\nA markdown article with an odd <br> tag and a <sup>1</sup> note.\n\nMore text.",
    "Use the <p> tag for paragraphs, the tutorial says, and </p> to close them.",
    "",
])
def test_text_with_angle_brackets_stays_text(text: str) -> None:
    assert not looks_like_html(text)


def test_decode_prefers_bom() -> None:
    data = codecs.BOM_UTF8 + '<meta charset="iso-8859-1"><p>Zürich</p>'.encode()
    assert decode_html(data) == ('<meta charset="iso-8859-1"><p>Zürich</p>', "utf-8")
    text, encoding = decode_html(codecs.BOM_UTF16_LE + "<p>Zürich</p>".encode("utf-16-le"))
    assert (text, encoding) == ("<p>Zürich</p>", "utf-16")


def test_decode_honours_meta_charset_and_http_equiv() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>Café – déjà vu</p></body></html>'
    assert decode_html(html.encode("cp1252")) == (html, "cp1252")
    equiv = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>Café</p>'
    # Browsers read iso-8859-1 as windows-1252; so do we.
    assert decode_html(equiv.encode("latin-1"))[1] == "cp1252"


def test_decode_ignores_a_charset_that_does_not_fit() -> None:
    html = '<meta charset="ascii"><p>Zürich “quoted”</p>'
    # cp1252 cannot decode the UTF-8 bytes of “ (0x9d is undefined), so UTF-8 wins.
    assert decode_html(html.encode("utf-8")) == (html, "utf-8")


def test_decode_detects_undeclared_encoding() -> None:
    html = "<html><body><p>" + "Привет, как дела? Это статья о погоде в Москве. " * 20 + "</p></body></html>"
    text, encoding = decode_html(html.encode("cp1251"))
    assert text == html and encoding == "cp1251"


@pytest.mark.parametrize(("lang", "body", "codec"), [
    ("fr", "Déjà à Noël, les fêtes de fin d’année ont commencé à Paris. Où aller ?", "cp1252"),
    ("pt-BR", "O governo anunciou na quinta-feira que as estradas continuarão abertas. Não há informação.",
     "cp1252"),
    ("pl", "Rząd ogłosił w czwartek, że drogi pozostaną otwarte. Święta Bożego Narodzenia zbliżają się.",
     "iso8859_2"),
    ("ru", "Правительство объявило в четверг, что дороги останутся открытыми.", "koi8_r"),
    ("el", "Η κυβέρνηση ανακοίνωσε την Πέμπτη ότι οι δρόμοι θα παραμείνουν ανοιχτοί.", "iso8859_7"),
    ("ja", "政府は木曜日、道路は開いたままになると発表した。", "shift_jis"),
])
def test_a_short_undeclared_page_is_decoded_in_a_code_page_of_its_language(lang: str, body: str, codec: str) -> None:
    # Too short for an open guess (French windows-1252 came out as cp1257, "Déją ą Noėl"):
    # the page's <html lang> narrows the guess to its language's legacy code pages.
    html = f'<html lang="{lang}"><head><title>x</title></head><body><p>{body}</p></body></html>'
    text, _encoding = decode_html(html.encode(codec))
    assert text == html


def test_html_detectors_are_in_the_catalogue_and_can_be_disabled() -> None:
    from newsclean.detect.registry import DETECTORS
    from newsclean.html.dom import load_tokens

    for rule in load_tokens().values():
        # The data file names each section's detector and category: the registry's.
        assert DETECTORS[rule.detector].category == rule.category, rule.detector
    page = ('<html><body><article><h1>Council backs plan</h1>'
            + "<p>The council approved the housing plan on Monday after a long debate about roads.</p>" * 6
            + '</article><div class="share-bar"><a>Share this story on Facebook</a></div></body></html>')
    kept = newsclean.clean(page, kind="html", disable=["dom-share"])
    dropped = newsclean.clean(page, kind="html")
    assert any(r.detector == "dom-share" for r in dropped.removed)
    assert not any(r.detector == "dom-share" for r in kept.removed)


def test_invisible_word_break_marks_leave_the_words_whole() -> None:
    # German sites write "Bundes&shy;regierung": with the soft hyphen kept, search and
    # tokenizers see two words (trafilatura's own text output drops it too). Zero-width joiners
    # and non-joiners stay: emoji and scripts such as Persian need them.
    page = ("<html><head><title>Haushalt</title></head><body><article>"
            "<h1>Bundes&shy;regierung beschließt Haushalt</h1>"
            "<p>Die Bundes&shy;regierung hat am Montag den Haushalt für das kommende Jahr beschlossen, "
            "wie ein Sprecher in Berlin mitteilte.</p>"
            "<p>Der Zero&#8203;width-Fall und der Word&#8288;joiner-Fall stehen in diesem langen Satz, "
            "neben dem Wort \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 und \U0001f469\u200d\U0001f4bb.</p>"
            "</article></body></html>")
    article = newsclean.clean(page)
    assert article.title == "Bundesregierung beschließt Haushalt"
    assert "Die Bundesregierung hat am Montag" in article.body
    assert "Zerowidth-Fall" in article.body and "Wordjoiner-Fall" in article.body
    assert "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645" in article.body
    assert "\U0001f469\u200d\U0001f4bb" in article.body


def _forum_thread(linked_data: str) -> str:
    posts = "".join(
        f'<div class="comment" id="comment-{i}"><div class="comment-body"><p>Post {i}: I have camped in '
        f"the Cairngorms every February for {i + 5} years, and a four-season dome with a snow skirt has "
        f"never let me down, even in strong wind.</p></div></div>" for i in range(5))
    return (f'<html><head><title>Best tent for winter camping?</title><script type="application/ld+json">'
            f'{linked_data}</script></head><body><h1>Best tent for winter camping?</h1>'
            f'<div id="comments" class="comments">{posts}</div></body></html>')


def test_a_forum_thread_keeps_its_posts() -> None:
    # trafilatura keeps the posts of a page that calls itself a DiscussionForumPosting in its
    # JSON-LD, although they sit in comment containers: our tree must still show it that script
    # (all the others are stripped first). Its text is in no segment, line or removal.
    ld = ('{"@context": "https://schema.org", "@type": "DiscussionForumPosting", '
          '"headline": "Best tent for winter camping?", "author": {"@type": "Person", "name": "hillwalker"}}')
    for favor in (None, "recall"):
        article = newsclean.clean(_forum_thread(ld), favor=favor)
        assert all(f"Post {i}: I have camped" in article.body for i in range(5))
        assert "@type" not in article.body and not any("@type" in r.text for r in article.removed)
        assert newsclean.clean(article.body, favor=favor).removed == []
    # A thread whose page says nothing of the kind is read as an article with comments (off).
    assert "Post 0" not in newsclean.clean(_forum_thread("{}")).body
