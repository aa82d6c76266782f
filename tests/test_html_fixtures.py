"""The hand-made HTML fixtures: hand-written must-keep / must-drop snippets and metadata
(fixtures/html/expectations.json), plus a reviewed regression output beside each page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsclean
from newsclean.html import decode_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
EXPECT = json.loads((FIXTURES / "expectations.json").read_text("utf-8"))
PAGES = sorted(FIXTURES.glob("*.html"))


def _clean(path: Path) -> tuple[newsclean.Article, str]:
    text, encoding = decode_html(path.read_bytes())
    return newsclean.clean(text), encoding


def test_every_page_has_hand_written_expectations() -> None:
    assert len(PAGES) >= 20
    assert {p.stem for p in PAGES} == set(EXPECT) - {"_about"}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_expectations(path: Path) -> None:
    want = EXPECT[path.stem]
    article, encoding = _clean(path)
    for snippet in want["must_keep"]:
        assert snippet in article.body, f"lost: {snippet!r}"
    for snippet in want["must_drop"]:
        assert snippet not in article.body, f"kept: {snippet!r}"
    categories = {r.category for r in article.removed}
    for category in want.get("removed", []):
        assert category in categories
        assert any(r.path and r.detector.startswith("dom-") for r in article.removed if r.category == category)
    if want.get("removed_none_from_dom"):
        assert not [r for r in article.removed if r.detector.startswith("dom-")]
    for field in ("title", "authors", "agencies", "publisher", "source_url", "tags", "captions", "body"):
        if field in want:
            assert getattr(article, field) == want[field], field
    for field in ("published", "updated"):
        if field in want:
            assert getattr(article, f"{field}_iso") == want[field], field
    if "encoding" in want:
        assert encoding == want["encoding"]
    if "warning" in want:
        assert any(w.startswith(want["warning"]) for w in article.warnings)


KNOWN_LOSSES = [(page, snippet, why) for page, want in EXPECT.items() if page != "_about"
                for snippet, why in want.get("known_losses", {}).items()]


@pytest.mark.parametrize("page, snippet, why", KNOWN_LOSSES, ids=[k[0] for k in KNOWN_LOSSES])
def test_known_losses(page: str, snippet: str, why: str) -> None:
    article, _ = _clean(FIXTURES / f"{page}.html")
    if snippet not in article.body:
        pytest.xfail(why)
    pytest.fail(f"fixed: {snippet!r} is kept now; move it to must_keep")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_regression(path: Path, data_regression) -> None:
    article, _ = _clean(path)
    data_regression.check(article.to_dict(), fullpath=path.with_suffix(".expected.yml"))
