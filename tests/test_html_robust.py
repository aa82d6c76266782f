"""Hostile and broken pages: always a clear result, never a crash, a hang or a network access."""

from __future__ import annotations

import copy
import time
from pathlib import Path

import lxml.html
import pytest

from newsclean.html import decode_html, extract_page
from newsclean.html.structured import date_candidates
from newsclean.html.parse import parse_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"

PARAS = "".join(f"<p>Paragraph {i}: the harbour bridge reopened on Tuesday after two years of repairs.</p>"
                for i in range(8))


def test_deep_nesting_is_cut_with_a_warning() -> None:
    html = "<html><body>" + "<div>" * 10_000 + "<p>deep</p>" + "</div>" * 10_000 + PARAS + "</body></html>"
    start = time.perf_counter()
    page = extract_page(html)
    assert time.perf_counter() - start < 10
    assert any("nested deeper than 255" in w for w in page.warnings)


def test_control_characters_are_replaced() -> None:
    page = extract_page("<html><body>" + PARAS.replace("two years", "two\x1dyears", 1) + "</body></html>")
    assert "\x1d" not in page.text and "two years" in page.text
    assert "replaced 1 control character(s) with spaces" in page.warnings


def test_empty_and_textless_pages_give_a_warning() -> None:
    for html in ("", "   ", "<html></html>", "<html><body><nav><a href='/'>Home</a></nav></body></html>"):
        page = extract_page(html)
        assert page.text == ""
        assert any(w.startswith("no article text found on the page") for w in page.warnings)


def test_external_entities_are_not_expanded(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    html = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            f"<html><body>{PARAS}<p>&xxe;</p></body></html>")
    tree = parse_html(html).tree
    assert "TOPSECRET" not in tree.text_content()
    assert "TOPSECRET" not in extract_page(html).text


def test_huge_page_takes_the_linear_fast_path() -> None:
    # 4.5 MB here to keep the suite fast; docs/html.md records the 20 MB timing.
    html = "<html><body><nav><a>Home</a> <a>Sport</a></nav><article>" + PARAS * 6000 + "</article></body></html>"
    assert len(html) > 4_000_000
    start = time.perf_counter()
    page = extract_page(html)
    assert time.perf_counter() - start < 15
    assert page.text.startswith("Paragraph 0: the harbour bridge reopened")
    assert "Home" not in page.text
    assert any("fast extractor" in w for w in page.warnings)


# Dates htmldate finds in the page's markup or text (no structured data).
DATED = ['<p class="date">March 3, 2021</p>', '<time datetime="2021-03-03T10:00:00">3 March</time>',
         "<span>Published 2019-07-08 09:10:11</span>", '<abbr class="published" title="2018-02-03">Feb 3</abbr>']


@pytest.mark.parametrize("html", [decode_html(p.read_bytes())[0] for p in sorted(FIXTURES.glob("*.html"))]
                         + [f"<html><body>{d}{PARAS}</body></html>" for d in DATED])
def test_htmldate_on_a_disposable_tree_finds_the_same_date(html: str) -> None:
    # The fast path gives htmldate a tree of its own, which it prunes in place (no deep copy).
    disposable = parse_html(html, disposable=True).tree
    assert copy.deepcopy(disposable) is disposable
    assert date_candidates(disposable, None) == date_candidates(parse_html(html).tree, None)


def test_the_fast_path_still_asks_htmldate_for_a_date(monkeypatch) -> None:
    monkeypatch.setattr("newsclean.html.FAST_PATH_CHARS", 100)
    page = extract_page(f"<html><body>{DATED[1]}<p class='byline'>By Ana Lind</p>{PARAS}</body></html>")
    assert any("fast extractor" in w for w in page.warnings)
    assert [(c.field, c.value, c.key) for c in page.candidates if c.field in ("published", "authors")] == [
        ("published", "2021-03-03", "htmldate"), ("authors", ["Ana Lind"], "class=byline")]


def test_malformed_markup_keeps_the_text() -> None:
    html = "<html><body><div><p>" + PARAS.replace("</p>", "</i></td>") + "</html>"
    assert "Paragraph 7" in extract_page(html).text


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.html")), ids=lambda p: p.stem)
def test_trafilatura_extracts_from_our_tree_without_copying_it(path: Path, monkeypatch) -> None:
    # bare_extraction copies the tree it is given; ours is done with, so it gets the tree itself
    # (its own working copies stay real copies) and the text is the same as from a copy.
    import trafilatura.core

    from newsclean.html import parse as parse_module
    from newsclean.html.extract import extract_structured

    html = decode_html(path.read_bytes())[0]
    given: list[object] = []
    sequence = trafilatura.core.trafilatura_sequence
    monkeypatch.setattr(trafilatura.core, "trafilatura_sequence",
                        lambda tree, *args, **kwargs: given.append(tree) or sequence(tree, *args, **kwargs))
    tree = parse_html(html).tree
    handed_over = extract_structured(tree)
    assert given and given[0] is tree
    monkeypatch.setattr(parse_module._HandedOver, "__copy__", lxml.html.HtmlElement.__copy__)
    tree = parse_html(html).tree
    given.clear()
    copied = extract_structured(tree)
    assert given and given[0] is not tree
    assert handed_over == copied
