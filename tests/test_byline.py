"""Byline normalizer: the table in cases/bylines.json, author bios, agencies, speed on bad input."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from newsclean.normalize.byline import Byline, Role, canonical_agency, find_author_bio, find_byline, parse_byline

DATA = json.loads((Path(__file__).parent / "cases" / "bylines.json").read_text(encoding="utf-8"))
CASES = DATA["bylines"]
POSITIVE = [c for c in CASES if "authors" in c]


def _ids(cases: list[dict]) -> list[str]:
    return [f"{i}:{c['text'][:40]}" for i, c in enumerate(cases)]


def _check(found: Byline, case: dict) -> None:
    assert found.authors == case["authors"]
    assert found.agencies == case["agencies"]
    assert [[r.name, r.role] for r in found.roles] == case["roles"]
    assert found.date_text == case["date_text"]
    if "rule" in case:
        assert found.rule == case["rule"]
    assert found.raw == case["text"]


@pytest.mark.parametrize("case", POSITIVE, ids=_ids(POSITIVE))
def test_parse_byline_table(case: dict) -> None:
    _check(parse_byline(case["text"], lang=case.get("lang")), case)


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_find_byline_is_strict(case: dict) -> None:
    found = find_byline(case["text"], lang=case.get("lang"))
    assert (found is not None) == case["find"], case["text"]
    if found is not None:
        _check(found, case)


@pytest.mark.parametrize("case", DATA["bios"], ids=_ids(DATA["bios"]))
def test_find_author_bio(case: dict) -> None:
    assert find_author_bio(case["text"]) == case["name"]


def test_names_are_people_else_agencies() -> None:
    assert find_byline("By Jane Doe, Reuters").names == ["Jane Doe"]
    assert find_byline("The Associated Press").names == ["The Associated Press"]
    assert parse_byline("").names == []


def test_parse_byline_always_returns() -> None:
    found = parse_byline("Share this article")
    assert found == Byline(raw="Share this article")
    assert found.rule == "none"


def test_roles_are_hashable_values() -> None:
    assert Role("Martin Howell", "editing") == Role("Martin Howell", "editing")


def test_agency_table_has_one_canonical_spelling() -> None:
    assert canonical_agency("AP") == canonical_agency("Associated Press") == "The Associated Press"
    assert canonical_agency("Agence France-Presse") == "AFP"
    assert canonical_agency("Press Association") == "PA Media"
    assert canonical_agency("ap") is None  # short aliases only in capitals
    assert canonical_agency("Pa") is None


@pytest.mark.parametrize("text", [
    "By " + "Jane " * 20_000,
    "By " + "A." * 50_000,
    "Reporting by " + "Jane Doe, " * 10_000,
    "(" * 100_000,
    "By Jane Doe " + "1" * 100_000,
    "Jane Doe is a " + "journalist " * 9_000,
    "By " + "O'" * 50_000,
])
def test_adversarial_input_is_fast(text: str) -> None:
    start = time.perf_counter()
    find_byline(text)
    find_author_bio(text)
    parse_byline(text[:5000])
    assert time.perf_counter() - start < 2.0
