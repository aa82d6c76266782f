"""Hostile and broken pages: always a clear result, never a crash, a hang or a network access."""

from __future__ import annotations

import time

from newsclean.html import extract_page
from newsclean.html.parse import parse_html

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


def test_malformed_markup_keeps_the_text() -> None:
    html = "<html><body><div><p>" + PARAS.replace("</p>", "</i></td>") + "</html>"
    assert "Paragraph 7" in extract_page(html).text
