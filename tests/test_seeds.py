"""The five founding seeds: hand-written expectations, then the reviewed regression output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsclean
from helpers.paths import ROOT, SEEDS

EXPECT = json.loads((ROOT / "fixtures" / "seeds" / "expectations.json").read_text(encoding="utf-8"))


@pytest.fixture(params=SEEDS, ids=[p.stem[:3] for p in SEEDS])
def seed(request: pytest.FixtureRequest) -> tuple[Path, newsclean.Article, dict]:
    path: Path = request.param
    return path, newsclean.clean_file(path), EXPECT[path.name]


def test_every_seed_has_expectations() -> None:
    assert sorted(EXPECT) == [p.name for p in SEEDS]


def test_metadata_fields(seed) -> None:
    _, article, expect = seed
    data = article.to_dict()
    for key in ("title", "subtitle", "authors", "byline", "published", "source_url", "tags", "captions"):
        if key in expect:
            assert data[key] == expect[key], key


def test_must_keep_snippets_stay_in_body(seed) -> None:
    _, article, expect = seed
    for snippet in expect["must_keep"]:
        assert snippet in article.body, snippet


def test_must_drop_snippets_leave_with_their_category(seed) -> None:
    _, article, expect = seed
    for snippet, category in expect["must_drop"].items():
        assert snippet not in article.body, snippet
        assert any(snippet in r.text and r.category == category for r in article.removed), snippet


def test_regression(seed, data_regression) -> None:
    path, article, _ = seed
    data_regression.check(article.to_dict(), fullpath=ROOT / "fixtures" / "seeds" / f"{path.stem}.yml")
