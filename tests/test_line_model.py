"""The line scorer (newsclean.model): what it keeps, what it removes, and its promises.

The fixtures in fixtures/text/line-model/ are hand-written stories with short lines that belong
to them (Q&A, dialogue, recipe steps, list items, one-line quotes, live-blog times, results,
signed letters) and clutter that no word list names (teasers of other stories, menu and widget
labels, an embedded post's attribution, photo credits, a comment thread, press-release
boilerplate, a "Tested by … RRP" box, a German rights line). ``must_keep`` lines stay in the
body; ``must_drop`` lines leave it; ``not_yet`` lines are clutter the shipped model still
leaves (strict xfail: a model that catches one makes the test say so).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import newsclean
from helpers.accounting import body_lines, check_accounting, check_order, squash
from newsclean.model.features import NAMES, features, line_table
from newsclean.model.trees import MODEL_FILE, TreeModel, default_model, using

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "text" / "line-model"
EXPECT = json.loads((FIXTURES / "expectations.json").read_text(encoding="utf-8"))
NAMES_ = sorted(EXPECT)


def _clean(name: str, **options) -> newsclean.Article:
    return newsclean.clean((FIXTURES / name).read_text(encoding="utf-8"), kind="text", **options)


def _in_body(article: newsclean.Article, line: str) -> bool:
    return squash(line) in body_lines(article) or squash(line) in squash(article.body)


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.txt")) == NAMES_


@pytest.mark.parametrize("name", NAMES_)
def test_story_lines_stay(name: str) -> None:
    article = _clean(name)
    lost = [line for line in EXPECT[name]["must_keep"] if not _in_body(article, line)]
    assert not lost, f"story lines removed: {lost}"


@pytest.mark.parametrize("name", NAMES_)
def test_clutter_lines_go(name: str) -> None:
    article = _clean(name)
    left = [line for line in EXPECT[name]["must_drop"] if _in_body(article, line)]
    assert not left, f"clutter left in the body: {left}"


NOT_YET = [(name, line) for name in NAMES_ for line in EXPECT[name].get("not_yet", [])]


@pytest.mark.xfail(strict=True, reason="clutter the shipped model still leaves")
@pytest.mark.parametrize("name,line", NOT_YET, ids=[f"{n}:{l[:30]}" for n, l in NOT_YET])
def test_clutter_the_model_misses(name: str, line: str) -> None:
    assert not _in_body(_clean(name), line)


@pytest.mark.parametrize("name", NAMES_)
@pytest.mark.parametrize("favor", [None, "precision", "recall"])
def test_promises_hold_with_the_scorer(name: str, favor: str | None) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    article = newsclean.clean(text, kind="text", favor=favor)
    check_accounting(text, article)
    check_order(text, article)
    again = newsclean.clean(article.body, kind="text", favor=favor)
    assert again.removed == [], [f"{r.detector}: {r.text[:60]}" for r in again.removed]
    assert again.body == article.body


@pytest.mark.parametrize("name", NAMES_)
def test_disabled_scorer_gives_the_rules_alone(name: str) -> None:
    with_model = _clean(name)
    rules = _clean(name, disable=["line-model"])
    assert all(r.detector != "line-model" for r in rules.removed)
    assert [r for r in with_model.removed if r.detector != "line-model"] == rules.removed
    # The scorer only takes lines away.
    assert body_lines(with_model) <= body_lines(rules)


@pytest.mark.parametrize("name", NAMES_)
def test_favor_moves_the_threshold(name: str) -> None:
    taken = {favor: {(r.line, r.text) for r in _clean(name, favor=favor).removed if r.detector == "line-model"}
             for favor in (None, "precision", "recall")}
    assert taken["precision"] <= taken[None] <= taken["recall"]


def test_removals_say_score_and_features() -> None:
    article = _clean("interview_qa.txt")
    scored = [r for r in article.removed if r.detector == "line-model"]
    assert scored
    for r in scored:
        assert r.code == "line-model.line" and 0.0 <= r.score <= 1.0
        assert r.to_dict()["score"] == round(r.score, 4)
        assert r.reason.startswith("line scorer ")
        assert r.category not in newsclean.article.METADATA_CATEGORIES
        assert "strongest:" in r.reason


def test_bad_favor_is_refused() -> None:
    with pytest.raises(ValueError, match="favor"):
        newsclean.clean("Some text.", favor="speed")


def test_model_file_is_small_and_matches_the_features() -> None:
    path = ROOT / "newsclean" / "data" / "model" / MODEL_FILE
    assert path.stat().st_size <= 2 * 1024 * 1024
    model = TreeModel.load(path)
    assert model.names == NAMES
    assert set(model.thresholds) == {"default", "precision", "recall"}
    assert model.threshold("precision") >= model.threshold(None) >= model.threshold("recall")


def test_scores_do_not_depend_on_what_came_before() -> None:
    # The same lines give the same scores in any process state: features are per document.
    texts = ["Share this article", "The council voted on Monday to close the pool, which has lost money for years."]
    rows = features(line_table(texts), np.zeros(2, dtype=np.int8))
    first = default_model().predict(rows)
    features(line_table(["Other text", "More other text here."]), np.zeros(2, dtype=np.int8))
    assert np.array_equal(first, default_model().predict(rows))


def test_another_model_can_stand_in_for_the_shipped_one() -> None:
    # Benchmarks clean with a cross-validation fold's model (bench/html_oof.py): inside using()
    # the scorer reads that model's thresholds, and the shipped one is back afterwards.
    import copy

    shipped = _clean("interview_qa.txt")
    assert any(r.detector == "line-model" for r in shipped.removed)
    timid = copy.copy(default_model())
    timid.thresholds = dict.fromkeys(("default", "precision", "recall"), 1.0)
    with using(timid):
        assert not [r for r in _clean("interview_qa.txt").removed if r.detector == "line-model"]
    assert _clean("interview_qa.txt").removed == shipped.removed


def test_retraining_the_line_model_keeps_the_hand_written_part_of_the_card() -> None:
    # python -m newsclean.train writes docs/model.md from its results; the scorer's speed and
    # the block scorer's part of the card are written by hand and must survive it.
    from newsclean.train.card import HAND_PART, with_hand_part

    card = Path(__file__).resolve().parents[1] / "docs" / "model.md"
    old = card.read_text("utf-8")
    hand = old.split(HAND_PART)[1]
    assert "## Speed of the line scorer" in hand and "## HTML mode: the block scorer" in hand
    new = with_hand_part("# The line scorer\n\nnew tables\n", old)
    assert new.startswith("# The line scorer\n\nnew tables\n\n" + HAND_PART)
    assert new.endswith(old[old.index(HAND_PART):])
    assert with_hand_part("# The line scorer\n", None) == "# The line scorer\n"
