"""Whole-article checks on the synthetic scraped articles in ``fixtures/text/``.

Each ``*.txt`` file is an invented news story written the way scrapers leave text behind
(repeated titles, bylines, datelines, related links, newsletter boxes, comment forms, footers,
captions, hashtags ...), in several formats: plain text with blank lines, trafilatura-style single
newlines, markdown, CRLF line endings, and one article with no clutter at all.

``fixtures/text/expectations.json`` holds, per file, hand-written expectations:

* ``must_keep``: snippets that must be in the body;
* ``must_drop``: snippets that must not be in the body and must be in some removal's text;
* ``title``, ``subtitle``, ``authors``, ``published``, ``tags``, ``source_url``: metadata that
  must match (only the keys present in the entry are checked; ``subtitle`` is only given where
  the fixture has an unmistakable standfirst, or ``null`` where a line under the title is clutter
  rather than a standfirst);
* ``allowed_removal_categories``: if present, every removal must have one of these categories.

Comparisons collapse runs of whitespace, and accept the text either as written or with markdown
link/emphasis syntax unwrapped (the library may keep or unwrap markdown). ``published`` given as a
date (``YYYY-MM-DD``) is compared with the date part of the result; tags are compared without a
leading ``#``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsclean
from helpers.expectations import contains, published_matches, report

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "text"
EXPECTATIONS: dict[str, dict] = json.loads(
    (FIXTURES / "expectations.json").read_text(encoding="utf-8")
)
FILES = sorted(p.name for p in FIXTURES.glob("*.txt"))

def _read(name: str) -> str:
    # Bytes -> str without newline translation, so the CRLF fixture reaches the library as CRLF.
    return (FIXTURES / name).read_bytes().decode("utf-8")


_cache: dict[str, newsclean.Article] = {}


def _clean(name: str):
    if name not in _cache:
        _cache[name] = newsclean.clean(_read(name))
    return _cache[name]


def test_every_fixture_has_expectations() -> None:
    assert 8 <= len(FILES) <= 10
    assert sorted(EXPECTATIONS) == FILES


def test_crlf_fixture_really_has_crlf() -> None:
    crlf = [name for name in FILES if "\r\n" in _read(name)]
    assert crlf, "no fixture with CRLF line endings"


@pytest.mark.parametrize("name", FILES)
def test_must_keep(name: str) -> None:
    article = _clean(name)
    missing = [s for s in EXPECTATIONS[name]["must_keep"] if not contains(article.body, s)]
    assert not missing, f"{name}: lost from body: {missing}{report(article)}"
    assert "\r" not in article.body, f"{name}: carriage return left in body"


@pytest.mark.parametrize("name", FILES)
def test_must_drop(name: str) -> None:
    article = _clean(name)
    problems = []
    for snippet in EXPECTATIONS[name]["must_drop"]:
        if contains(article.body, snippet):
            problems.append(f"still in body: {snippet!r}")
        elif not any(contains(r.text, snippet) for r in article.removed):
            problems.append(f"gone from body but in no removal: {snippet!r}")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems) + report(article)


@pytest.mark.parametrize("name", FILES)
def test_metadata(name: str) -> None:
    article = _clean(name)
    exp = EXPECTATIONS[name]
    errors = []
    if "title" in exp and article.title != exp["title"]:
        errors.append(f"title {article.title!r} != {exp['title']!r}")
    if "subtitle" in exp and article.subtitle != exp["subtitle"]:
        errors.append(f"subtitle {article.subtitle!r} != {exp['subtitle']!r}")
    if "authors" in exp and list(article.authors) != exp["authors"]:
        errors.append(f"authors {article.authors!r} != {exp['authors']!r}")
    if "published" in exp and not published_matches(article, exp["published"]):
        errors.append(f"published {article.published!r} != {exp['published']!r}")
    if "tags" in exp:
        got = [t.lstrip("#") for t in article.tags]
        if got != exp["tags"]:
            errors.append(f"tags {article.tags!r} != {exp['tags']!r}")
    if "source_url" in exp and article.source_url != exp["source_url"]:
        errors.append(f"source_url {article.source_url!r} != {exp['source_url']!r}")
    assert not errors, f"{name}: " + "; ".join(errors) + report(article)


@pytest.mark.parametrize(
    "name", [n for n in FILES if "allowed_removal_categories" in EXPECTATIONS[n]]
)
def test_only_allowed_removals(name: str) -> None:
    article = _clean(name)
    allowed = set(EXPECTATIONS[name]["allowed_removal_categories"])
    extra = [r for r in article.removed if r.category not in allowed]
    assert not extra, f"{name}: unexpected removals{report(article)}"
