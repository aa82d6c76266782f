"""The public API: one complete __all__, the JSON contract, and the data files compile."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import newsclean
from newsclean.detect.registry import CLUTTER_DETECTORS
from newsclean.detect.patterns import PatternError, compile_pattern
from newsclean.detect.wordlists import languages, load_rules

CONTRACT = {"title", "subtitle", "authors", "byline", "published", "source_url", "tags", "captions",
            "body", "removed"}


def test_all_lists_every_public_name() -> None:
    public = {name for name in dir(newsclean) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(newsclean, name)).__name__ == "module"}
    assert set(newsclean.__all__) == public - modules


def test_to_dict_keeps_the_contract_and_is_json() -> None:
    article = newsclean.clean("Title of it all\nBy Jane Doe\n\nThe vote passed.\n", kind="text")
    data = article.to_dict()
    assert CONTRACT <= data.keys()
    assert json.loads(json.dumps(data)) == data
    assert data["removed"][0] == {"category": "title", "text": "Title of it all", "line": 1,
                                  "detector": "title", "reason": "headline-shaped first line"}


def test_dates_serialise_as_iso_8601() -> None:
    article = newsclean.Article(published=dt.datetime(2023, 9, 28, 16, 37,
                                                      tzinfo=dt.timezone(dt.timedelta(hours=-4))))
    assert article.to_dict()["published"] == "2023-09-28T16:37:00-04:00"
    assert newsclean.Article(published=dt.date(2023, 9, 30)).to_dict()["published"] == "2023-09-30"


def test_partial_removal_has_offsets_into_the_line() -> None:
    line = "He left on Monday. Sign up for our free weekly newsletter."
    article = newsclean.clean(line, kind="text")
    (removal,) = article.removed
    assert line[removal.start:removal.end] == "Sign up for our free weekly newsletter."
    assert article.body == "He left on Monday."


def test_clean_rejects_bytes_with_a_pointer_to_clean_file() -> None:
    with pytest.raises(TypeError, match="clean_file"):
        newsclean.clean(b"bytes")  # type: ignore[arg-type]


def test_unknown_kind_and_detector_are_errors() -> None:
    with pytest.raises(ValueError, match="kind"):
        newsclean.clean("x", kind="pdf")
    with pytest.raises(ValueError, match="no-such"):
        newsclean.clean("x", disable=["no-such"])


@pytest.mark.parametrize("lang", languages())
def test_every_word_list_compiles(lang: str) -> None:
    for info in CLUTTER_DETECTORS:
        for rule in load_rules(lang, info.name):
            assert rule.anchors, rule.source
            # The regex is compiled on first use in a run: compile every one here.
            assert (rule.regex is not None) == (rule.expression is not None), rule.source


@pytest.mark.parametrize("pattern", ["", "...", "* sign up", "a ... b"])
def test_bad_patterns_are_refused_with_their_place(pattern: str) -> None:
    with pytest.raises(PatternError, match="here.txt:3"):
        compile_pattern(pattern, "sentence", "here.txt:3")


def test_detector_catalogue_is_documented(root) -> None:
    doc = (root / "docs" / "detectors.md").read_text(encoding="utf-8")
    for name in newsclean.DETECTORS:
        assert f"`{name}`" in doc, name


@pytest.mark.parametrize("info", CLUTTER_DETECTORS, ids=[d.name for d in CLUTTER_DETECTORS])
def test_catalogue_example_of_what_a_detector_leaves_is_left(info) -> None:
    story = f"The council met on Monday.\n\n{info.leaves}\n\nThe vote passed eight to three.\n"
    assert newsclean.clean(story, kind="text").removed == []
