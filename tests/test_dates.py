"""Date normalizer: the table in cases/dates.json, plus the contract's edge rules."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from newsclean.normalize import timezones
from newsclean.normalize.dates import find_date, parse_date, parse_date_rules

CASES = json.loads((Path(__file__).parent / "cases" / "dates.json").read_text(encoding="utf-8"))
VALUED = [c for c in CASES if "value" in c]


def _tz(text: str) -> dt.timezone:
    sign = -1 if text[0] == "-" else 1
    hours, minutes = text[1:].split(":")
    return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))


def _kwargs(case: dict) -> dict:
    kw: dict = {}
    if "lang" in case:
        kw["lang"] = case["lang"]
    if "day_first" in case:
        kw["day_first"] = case["day_first"]
    if "reference" in case:
        kw["reference"] = dt.datetime.fromisoformat(case["reference"])
    if "default_tz" in case:
        kw["default_tz"] = _tz(case["default_tz"])
    return kw


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@pytest.mark.parametrize("case", VALUED, ids=[f"{i}:{c['text'][:40]}" for i, c in enumerate(VALUED)])
def test_parse_date_table(case: dict) -> None:
    found = parse_date(case["text"], **_kwargs(case))
    assert _iso(found.value) == case["value"]
    assert found.raw == case["text"]
    if case["value"] is not None:
        assert found.precision == case["precision"]
        # a date-only string never grows a time; a time never disappears
        assert isinstance(found.value, dt.datetime) == ("T" in case["value"])
    assert found.tz == case.get("tz")
    if "rule" in case:
        assert found.rule == case["rule"]
    assert found.ambiguous == case.get("ambiguous", False)


@pytest.mark.parametrize("case", CASES, ids=[f"{i}:{c['text'][:40]}" for i, c in enumerate(CASES)])
def test_find_date_is_strict(case: dict) -> None:
    found = find_date(case["text"], lang=case.get("lang"))
    assert (found is not None) == case["find"], case["text"]
    if found is not None and "value" in case and not {"reference", "default_tz", "day_first"} & set(case):
        assert _iso(found.value) == case["value"]


def test_naive_time_stays_naive_without_default_tz() -> None:
    value = parse_date("September 30, 2023 at 5:12 p.m.").value
    assert isinstance(value, dt.datetime) and value.tzinfo is None


def test_us_generic_zone_follows_daylight_saving() -> None:
    summer = parse_date("July 4, 2023 10:00 am ET").value
    winter = parse_date("January 4, 2023 10:00 am ET").value
    assert summer.utcoffset() == dt.timedelta(hours=-4)
    assert winter.utcoffset() == dt.timedelta(hours=-5)


def test_time_only_has_no_value_without_reference() -> None:
    found = parse_date("Updated at 1:23 p.m.")
    assert found.value is None and found.precision is None and found.rule == "time-only"


def test_unparseable_text_returns_empty_result() -> None:
    found = parse_date("not a date at all")
    assert found.value is None and found.precision is None


def test_rule_path_does_not_use_general_parser() -> None:
    assert parse_date_rules("the 30th of Sept in the year 2023") is None


def test_zone_table_covers_the_issue_list_and_ambiguities() -> None:
    for abbr in "EDT EST CDT PDT PST ET PT BST GMT UTC CET CEST EET MSK IST JST AEST".split():
        assert timezones.readings(abbr), abbr
    for abbr in ("IST", "CST", "BST"):
        assert len(timezones.readings(abbr)) > 1, abbr
        assert sum(r.is_default for r in timezones.readings(abbr)) == 1, abbr
    assert timezones.resolve("ET") is None  # season unknown: no offset is invented


@pytest.mark.parametrize("text", [
    "1" * 100_000,
    "1:" * 50_000,
    "September " * 10_000,
    ("12/" * 30_000) + "x",
    "-+" * 50_000,
    "a" * 100_000,
    "Updated " * 12_000 + "3 hours",
])
def test_adversarial_input_is_fast(text: str) -> None:
    start = time.perf_counter()
    find_date(text)
    parse_date_rules(text)
    parse_date(text[:2000])  # the lenient path may call dateparser, which is slower
    assert time.perf_counter() - start < 2.0
