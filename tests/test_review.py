"""The review page without a browser: what each document's view holds, sampling of a batch,
escaping, and the --review options (the browser checks are in test_review_browser.py)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

import newsclean
from helpers.paths import HTML_FIXTURES, SEEDS
from newsclean.cli import main
from newsclean.review import Review, review_html
from newsclean.review.view import build_view, from_source, reconstruct

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)>'


def _removal_indexes(view) -> list[int]:
    found = [seg.removal for row in view.rows for seg in row.segments if seg.removal is not None]
    return sorted(found + view.dom)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_exact_view_shows_every_input_line_once_and_every_removal_on_its_line(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    data = newsclean.clean(text).to_dict()
    view = from_source(text, data["removed"])
    assert view is not None and view.exact
    assert _removal_indexes(view) == list(range(len(data["removed"])))
    lines = text.splitlines()
    assert [row.line for row in view.rows] == [n for n, line in enumerate(lines, 1) if line.strip()]
    for row in view.rows:
        shown = "".join(seg.text for seg in row.segments)
        if not row.unwrapped:
            assert shown == lines[row.line - 1].rstrip()  # the line as the user gave it
        for seg in row.segments:
            if seg.removal is not None:
                r = data["removed"][seg.removal]
                assert r["line"] == row.line
                if r.get("start") is None:  # the whole line went: it shows whole, as given
                    assert row.segments == [seg]
                else:
                    assert seg.text.strip() == r["text"]


def test_a_line_cut_in_part_shows_the_kept_and_removed_parts_in_place() -> None:
    text = "Tens of thousands flee the region. Download our app for the latest news.\n\nThe story goes on."
    data = newsclean.clean(text).to_dict()
    cut = [r for r in data["removed"] if r.get("start") is not None]
    assert cut, "the example must cut a line in part"
    row = next(r for r in from_source(text, data["removed"]).rows if r.line == cut[0]["line"])
    assert [seg.removal is not None for seg in row.segments] == [False, True]
    assert "".join(seg.text for seg in row.segments).startswith("Tens of thousands flee the region.")


def test_a_source_that_does_not_fit_the_json_falls_back_to_the_rebuilt_view() -> None:
    text = "Sign up for our newsletter\n\nThe council met on Monday."
    data = newsclean.clean(text).to_dict()
    view = build_view(data, "Something else entirely\n\nThe council met on Monday.")
    assert not view.exact and "does not match" in view.note
    assert _removal_indexes(view) == [0]


@pytest.mark.parametrize("page", HTML_FIXTURES[:12], ids=lambda p: p.stem)
def test_the_rebuilt_view_of_html_shows_every_removal_once_and_every_body_line(page: Path) -> None:
    data = newsclean.clean_file(page).to_dict()
    view = build_view(data)
    assert _removal_indexes(view) == list(range(len(data["removed"])))
    assert [i for i, r in enumerate(data["removed"]) if r.get("path")] == view.dom
    kept = [" ".join(seg.text for seg in row.segments if seg.removal is None).split() for row in view.rows]
    body_lines = [line.split() for line in data["body"].split("\n") if line.strip()]
    assert [words for words in kept if words] == body_lines


def test_the_rebuilt_view_puts_removals_between_the_right_paragraphs() -> None:
    text = ("Sign up for our newsletter\n\nFirst paragraph of the story.\n\nSecond paragraph.\n\n"
            "Related: Another story\n\nThird paragraph.\n\nCopyright 2024 The Courier. All rights reserved.")
    data = newsclean.clean(text).to_dict()
    exact = from_source(text, data["removed"])
    rebuilt = reconstruct(data["body"], data["removed"])

    def order(view) -> list[str]:
        return ["R" if any(s.removal is not None for s in row.segments) else "B" for row in view.rows]

    assert order(exact) == ["R", "B", "B", "R", "B", "R"]
    assert order(rebuilt) == order(exact)


def test_review_html_counts_each_removal_once_and_shows_the_fields_and_their_sources() -> None:
    seed = SEEDS[2]
    text = seed.read_text(encoding="utf-8")
    article = newsclean.clean(text)
    page = review_html([article], sources=[text], names=[str(seed)])
    assert page.count('class="rm ') == len(article.removed)
    # Self-contained: nothing to load, and every link is to a place on the page.
    assert page.startswith("<!doctype html>") and not re.search(r"<(?:link|img|iframe|object|embed)\b|\ssrc=", page)
    assert set(re.findall(r'href="(.)', page)) == {"#"}
    categories = re.findall(r'class="rm [^"]*"[^>]*data-category="([^"]*)"', page)
    assert categories == [r.category for r in article.removed]
    # The published date shows with the line it came from.
    assert "2023-09-28T16:37:00-04:00" in page and re.search(r'href="#d1-r\d+">line 8 \(date\)', page)


def test_code_and_score_show_when_the_json_has_them() -> None:
    data = newsclean.clean("Sign up for our newsletter\n\nThe council met on Monday.").to_dict()
    data["removed"][0] |= {"code": "newsletter-plug.line", "score": 0.9271, "detector": "line-model"}
    page = review_html([data])
    assert 'data-code="newsletter-plug.line"' in page and "rule <code>newsletter-plug.line</code>" in page
    assert "score 0.927" in page and 'data-detector="line-model"' in page


def test_hostile_text_is_escaped_everywhere() -> None:
    text = f"{HOSTILE}\n\nSign up for our newsletter {HOSTILE}\n\nThe council met on Monday. {HOSTILE}"
    data = newsclean.clean(text).to_dict()
    data["removed"].append({"category": HOSTILE, "text": HOSTILE, "line": 9, "detector": HOSTILE,
                            "reason": HOSTILE, "code": HOSTILE, "path": HOSTILE})
    data["metadata_sources"] = {HOSTILE: [{"source": HOSTILE, "key": HOSTILE, "value": HOSTILE, "chosen": True}]}
    data["warnings"] = [HOSTILE]
    page = review_html([data], names=[HOSTILE], title=HOSTILE)
    assert "<script>alert" not in page and "<img" not in page and "onerror=alert" in unescape(page)
    assert page.count("<script>") == 1  # the page's own


def test_json_from_elsewhere_with_odd_values_still_makes_a_page() -> None:
    odd = {"body": "Kept line.", "removed": [
        {"category": "advertisement", "text": "Ad", "line": 2, "start": "x", "end": None, "detector": "d"},
        {"category": "advertisement", "text": "Ad", "line": "three"}, "not a removal"],
        "warnings": ["odd"], "metadata_sources": {"title": "not a list"}}
    page = review_html([odd, {}])
    assert page.count('class="rm ') == 3 and page.count('<article class="doc"') == 2


def test_every_document_of_a_small_batch_is_shown() -> None:
    review = Review(limit=10)
    for i in range(4):
        review.add(f"doc{i}", {"body": "kept words here", "removed": []})
    assert [d.name for d in review.shown()] == ["doc0", "doc1", "doc2", "doc3"] and not review.sampled


def test_a_large_batch_is_sampled_with_the_most_removed_and_warned_kept() -> None:
    def build() -> Review:
        review = Review(limit=20)
        for i in range(500):
            removed = [{"category": "advertisement", "text": "word " * (i % 7), "line": 1, "detector": "advertisement",
                        "reason": "x"}]
            if i == 321:
                removed[0]["text"] = "word " * 90  # the most removed
            review.add(f"doc{i}", {"body": "kept words", "removed": removed,
                                   "warnings": ["empty input"] if i == 400 else []})
        return review

    review = build()
    shown = review.shown()
    names = [d.name for d in shown]
    assert len(shown) == 20 and review.sampled and review.documents == 500
    assert "doc321" in names and "doc400" in names
    assert names == [d.name for d in build().shown()]  # the same batch gives the same page
    assert [d.index for d in shown] == sorted(d.index for d in shown)
    assert len({d.index // 100 for d in shown}) >= 3  # drawn from the whole batch, not its start
    page = review_html([{"body": "a", "removed": []}] * 30, limit=5)
    assert "This page shows 5 of the 30 documents" in page and page.count('<article class="doc"') == 5


def test_review_option_for_files_writes_the_page_and_lists_failures(tmp_path: Path, capsys) -> None:
    page = tmp_path / "sub" / "review.html"
    code = main([str(SEEDS[0]), str(tmp_path / "missing.txt"), "--review", str(page)])
    out, err = capsys.readouterr()
    assert code == 1 and "missing.txt: no such file" in err
    html = page.read_text(encoding="utf-8")
    assert "Failures (1)" in html and "missing.txt" in html and "Input text" in html
    assert html.count('class="rm ') == len(newsclean.clean_file(SEEDS[0]).removed)


def test_review_option_for_a_batch_writes_one_page(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in SEEDS[:3] + HTML_FIXTURES[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.html.gz").write_bytes(b"\x1f\x8b not gzip")
    page, jsonl = tmp_path / "review.html", tmp_path / "all.jsonl"
    code = main([str(folder), "--jsonl", str(jsonl), "-j1", "-q", "--review", str(page), "--review-limit", "3"])
    assert code == 1  # the broken file
    html = page.read_text(encoding="utf-8")
    assert "This page shows 3 of the 5 documents" in html and "Failures (1)" in html
    assert html.count('<article class="doc"') == 3
    # The lines of a --jsonl file make the same page in Python (all five: the default limit is 200).
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    again = review_html(rows)
    assert again.count('<article class="doc"') == 5 and str(folder / SEEDS[0].name) in again
    assert again.count('class="rm ') == sum(len(r["removed"]) for r in rows)
    with pytest.raises(TypeError, match="Article objects or their to_dict"):
        review_html(["just a string"])
    # A second run over a folder holding the page does not read the page back as an input.
    assert main([str(tmp_path), "-o", str(tmp_path / "out"), "-j1", "-q", "--review", str(page)]) == 1
    assert "review.html" not in page.read_text(encoding="utf-8").split("Documents on this page")[1]


@pytest.mark.parametrize("args, message", [
    (["--review-limit", "5"], "--review-limit: only with --review PAGE"),
    (["--review", "-"], "--review takes a file name"),
    (["--review", "page.html", "--review-limit", "-1"], "--review-limit must be 0 or more"),
])
def test_review_usage_errors(args: list[str], message: str, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main([str(SEEDS[0]), *args])
    assert exc.value.code == 2 and message in capsys.readouterr().err


def test_the_review_page_never_overwrites_an_input(tmp_path: Path, capsys) -> None:
    victim = tmp_path / "story.txt"
    victim.write_text("The council met on Monday.", encoding="utf-8")
    with pytest.raises(SystemExit):
        main([str(victim), "--review", str(victim)])
    assert victim.read_text(encoding="utf-8") == "The council met on Monday."
    assert "would overwrite this input" in capsys.readouterr().err


def test_the_rebuilt_view_of_an_html_page_places_text_removals_among_its_lines() -> None:
    # HTML removals are numbered by the page's source lines, which the body's lines do not have:
    # the view places them by their line in the extracted text, and shows the page's line.
    page = next(p for p in HTML_FIXTURES if p.name == "source-lines.html")
    data = newsclean.clean_file(page).to_dict()
    view = build_view(data)
    rows = [(row.line, [(seg.text, seg.removal) for seg in row.segments]) for row in view.rows]
    texts = [data["removed"][i]["text"] for i in range(len(data["removed"]))]
    title = texts.index("Harbour Bridge Reopens After Repairs")
    plug = next(i for i, t in enumerate(texts) if t.startswith("Sign up for our daily newsletter"))
    assert rows[0] == (data["removed"][title]["line"], [("Harbour Bridge Reopens After Repairs", title)])
    # The plug was cut from the end of a story line: it shares that line's row.
    row = next(r for r in rows if any(i == plug for _, i in r[1]))
    assert row[1][0][0].startswith("Cyclists will have a separate lane") and row[0] == data["removed"][plug]["line"]
    assert rows[-1][1] == [("Share this article", texts.index("Share this article"))]


def test_an_html_page_lists_what_the_block_scorer_put_back() -> None:
    page = next(p for p in HTML_FIXTURES if p.name == "false-friends.html")
    data = newsclean.clean_file(page).to_dict()
    assert data["recovered"], "the block scorer puts the fixture's shared-content paragraph back"
    html = review_html([data])
    assert "Put back by the block scorer (1)" in html and "Shared pedestrian and cycle lanes" in html
    assert "Left out by the extractor" not in html
    assert html.count('class="rm ') == len(data["removed"])  # additions are not removals
    hostile = dict(data, recovered=['<script>alert(1)</script>'])
    assert "<script>alert(1)" not in review_html([hostile])


def test_an_html_page_lists_what_the_extractor_left_out_apart_from_the_removals() -> None:
    page = next(p for p in HTML_FIXTURES if p.name == "false-friends.html")
    # favor="precision": no block scorer, which would put the paragraph back (see test_html_source_lines)
    data = newsclean.clean_file(page, favor="precision").to_dict()
    assert data["left_out"], "the fixture's shared-content paragraph is dropped by trafilatura"
    html = review_html([data])
    assert "Left out by the extractor (1)" in html and "Shared pedestrian and cycle lanes" in html
    # Listed, not counted: the highlighted removals are still exactly the JSON's removals.
    assert html.count('class="rm ') == len(data["removed"])
    hostile = dict(data, left_out=[{"text": '<script>alert(1)</script>', "line": 3, "path": "/html/body/p"}])
    assert "<script>alert(1)" not in review_html([hostile])
