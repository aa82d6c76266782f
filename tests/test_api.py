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
    article = newsclean.clean("Title of it all\nBy Jane Doe\n\nThe vote passed.\n", kind="markdown")
    data = article.to_dict()
    assert CONTRACT <= data.keys()
    assert json.loads(json.dumps(data)) == data
    assert data["removed"][0] == {"category": "title", "text": "Title of it all", "line": 1,
                                  "detector": "title", "code": "title.headline-shaped",
                                  "reason": "headline-shaped first line"}


def test_dates_serialise_as_iso_8601() -> None:
    article = newsclean.Article(published=dt.datetime(2023, 9, 28, 16, 37,
                                                      tzinfo=dt.timezone(dt.timedelta(hours=-4))))
    assert article.to_dict()["published"] == "2023-09-28T16:37:00-04:00"
    assert newsclean.Article(published=dt.date(2023, 9, 30)).to_dict()["published"] == "2023-09-30"


def test_partial_removal_has_offsets_into_the_line() -> None:
    line = "He left on Monday. Sign up for our free weekly newsletter."
    article = newsclean.clean(line, kind="markdown")
    (removal,) = article.removed
    assert line[removal.start:removal.end] == "Sign up for our free weekly newsletter."
    assert article.body == "He left on Monday."


def test_published_is_aware_and_sorts_whatever_the_source_gave() -> None:
    day = newsclean.Article(published=dt.date(2023, 9, 30))
    naive = newsclean.Article(published=dt.datetime(2023, 9, 29, 23, 46, 11))
    zoned = newsclean.Article(published=dt.datetime(2023, 9, 28, 16, 37, tzinfo=dt.timezone(dt.timedelta(hours=-4))))
    ordered = sorted([day, naive, zoned], key=lambda a: a.published)
    assert ordered == [zoned, naive, day]
    assert [a.published_precision for a in (day, naive, zoned)] == ["day", "second", "minute"]
    # The JSON keeps the form the source gave: a day, a time without a zone, a time with one.
    assert [a.to_dict()["published"] for a in (day, naive, zoned)] == [
        "2023-09-30", "2023-09-29T23:46:11", "2023-09-28T16:37:00-04:00"]


def test_extra_cannot_overwrite_a_contract_key() -> None:
    article = newsclean.clean("The council met on Monday.")
    with pytest.raises(KeyError, match="body"):
        article.extra["body"] = "something else"
    article.extra["crawl_id"] = 7
    assert article.to_dict()["crawl_id"] == 7 and article.to_dict()["body"] == "The council met on Monday."


HTML = ("<html><head><title>Bridge to close</title></head><body><article><h1>Bridge to close</h1>"
        "<p>The old bridge over the river will close for repairs on Monday, the council said.</p>"
        "<div class='newsletter-signup'>Sign up for our newsletter</div>"
        "<p>Traffic will be diverted through the town centre until the work is done in May.</p>"
        "</article></body></html>")


def test_bytes_are_decoded_as_a_file_is() -> None:
    latin = "Sign up for our newsletter\n\nLa réunion a eu lieu à Genève lundi.".encode("latin-1")
    article = newsclean.clean(latin)
    assert article.body == "La réunion a eu lieu à Genève lundi."
    assert newsclean.clean(HTML.encode("utf-8")).to_dict() == newsclean.clean(HTML).to_dict()


def test_a_text_s_byte_order_mark_soft_hyphens_and_control_characters_do_not_reach_the_body() -> None:
    # A str read with "utf-8" rather than "utf-8-sig" starts with U+FEFF; a NUL from a bad
    # export or a terminal's escape sequence is junk no reader sees. As the HTML parser does,
    # they become spaces, and a warning says how many.
    article = newsclean.clean("\ufeffIt rained\x00 all day.\x1b\n\nThe ri\u00adver rose.", kind="text")
    # A soft hyphen ("ri&shy;ver") is taken out without a word: the word is whole again.
    assert article.body == "It rained all day.\n\nThe river rose."
    assert article.warnings == ["replaced 2 control character(s) with spaces"]
    # A text without them is left as it was, without a warning (tab, CR and LF are text).
    article = newsclean.clean("It rained\tall day.\r\n\r\nThe river rose.", kind="text")
    assert article.warnings == [] and article.body == "It rained all day.\n\nThe river rose."


def test_beautifulsoup_and_lxml_objects_give_the_html_string_s_result() -> None:
    from bs4 import BeautifulSoup
    import lxml.html

    expected = newsclean.clean(HTML).to_dict()
    soup = BeautifulSoup(HTML, "lxml")
    assert newsclean.clean(soup).to_dict() == newsclean.clean(str(soup)).to_dict()
    assert newsclean.clean(soup).body == expected["body"]
    tree = lxml.html.fromstring(HTML)
    assert newsclean.clean(tree).body == expected["body"]
    assert newsclean.clean(tree.getroottree()).body == expected["body"]
    assert newsclean.clean(soup).removed[0].category == "newsletter-plug"


def test_a_document_of_another_type_is_a_newsclean_type_error() -> None:
    with pytest.raises(newsclean.InputTypeError, match="clean_file") as caught:
        newsclean.clean(123)  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, newsclean.NewscleanError)


def test_a_missing_file_is_an_input_error_and_a_file_not_found_error(tmp_path) -> None:
    with pytest.raises(newsclean.InputError, match="no such file") as caught:
        newsclean.clean_file(tmp_path / "gone.txt")
    assert isinstance(caught.value, FileNotFoundError)


def test_text_is_plain_and_markdown_is_unwrapped() -> None:
    source = "The [council](https://example.com) met on **Monday**.\n\n5 * 3 * 2 = 30, said the clerk."
    assert newsclean.clean(source, kind="markdown").body == (
        "The council met on Monday.\n\n5 * 3 * 2 = 30, said the clerk.")
    # Plain text keeps what looks like markdown: nothing is taken out, so nothing goes unrecorded.
    plain = newsclean.clean(source, kind="text")
    assert plain.body == source and plain.removed == []


def test_options_object_and_keywords_are_one_way() -> None:
    options = newsclean.Options(kind="markdown", disable=("newsletter-plug",))
    story = "Sign up for our newsletter\n\nThe council met on Monday."
    assert newsclean.clean(story, options=options).removed == []
    with pytest.raises(newsclean.OptionError):
        newsclean.clean(story, options=options, kind="text")
    with pytest.raises(newsclean.OptionError, match="favor"):
        newsclean.Options(favor="speed")


def test_unknown_kind_and_detector_are_option_errors() -> None:
    with pytest.raises(newsclean.OptionError, match="kind"):
        newsclean.clean("x", kind="pdf")
    with pytest.raises(newsclean.OptionError, match="no-such") as caught:
        newsclean.clean("x", disable=["no-such"])
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, newsclean.NewscleanError)


def test_former_detector_names_are_still_accepted() -> None:
    story = ("The council met on Monday to vote on the budget for the schools and the roads.\n\n"
             "The vote passed eight to three after a long debate.\n\nSept. 30, 2023")
    assert [r.detector for r in newsclean.clean(story).removed] == ["date"]
    for name in ("date", "dateline"):
        assert newsclean.clean(story, disable=[name]).removed == []


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


def test_detector_catalogue_is_documented_from_the_registry(root) -> None:
    from newsclean.detect.registry import markdown

    doc = (root / "docs" / "detectors.md").read_text(encoding="utf-8")
    # docs/detectors.md holds the registry's own tables (newsclean --list-detectors -f markdown).
    assert markdown() in doc


def test_every_removal_carries_a_code_its_detector_registers(root) -> None:
    inputs = sorted((root / "seeds").glob("*.txt")) + sorted((root / "fixtures" / "html").glob("*.html"))
    seen = set()
    for path in inputs:
        for removal in newsclean.clean_file(path).removed:
            detector = newsclean.DETECTORS[removal.detector]
            assert removal.code in detector.codes, (path.name, removal)
            assert removal.category == detector.category, (path.name, removal)
            seen.add(detector.stage)
    assert seen >= {"clutter", "metadata", "html"}


def test_disable_takes_every_registered_detector_and_nothing_else() -> None:
    story = "Sign up for our newsletter\n\nThe council met on Monday."
    for name, detector in newsclean.DETECTORS.items():
        newsclean.clean(story, disable=[name])  # no error
        assert detector.run is not None and detector.codes
    assert newsclean.clean(story, disable=["newsletter-plug"]).removed == []


@pytest.mark.parametrize("info", CLUTTER_DETECTORS, ids=[d.name for d in CLUTTER_DETECTORS])
def test_catalogue_example_of_what_a_detector_leaves_is_left(info) -> None:
    story = f"The council met on Monday.\n\n{info.leaves}\n\nThe vote passed eight to three.\n"
    assert newsclean.clean(story, kind="markdown").removed == []


def test_a_lone_quote_marker_is_a_blank_line_not_an_image() -> None:
    story = "> The council met on Monday.\n>\n> The vote passed.\n\n![](photo.jpg)\n\nIt rained."
    article = newsclean.clean(story, kind="markdown")
    assert [(r.line, r.code) for r in article.removed] == [(5, "image.no-alt")]
    assert article.body == "The council met on Monday.\n\nThe vote passed.\n\nIt rained."
