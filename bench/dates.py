"""Speed and coverage of date parsers on tests/cases/dates.json: newsclean's rule path,
newsclean.parse_date (rules + optional dateparser), python-dateutil and dateparser.

Run: python bench/dates.py   (prints a markdown table; no corpus needed)

Coverage counts the table rows that have an expected value and need no ``reference`` (a
relative or time-only string has no value without one): "exact" is the same value, type and
offset; "date ok" the same calendar day; "wrong" a different day; "none" no value.
The rule path gets no ``default_tz`` / ``day_first`` hints (parse_date_rules has none), which is
where its few misses come from. The table was written with the rules, so read newsclean's
coverage as "the contract holds", and the others' as how far they are from it.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsclean.normalize.dates import find_date, parse_date, parse_date_rules  # noqa: E402

Parser = Callable[[dict], "dt.date | dt.datetime | None"]


def _tz(text: str) -> dt.timezone:
    sign = -1 if text[0] == "-" else 1
    hours, minutes = text[1:].split(":")
    return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))


def _rules(case: dict):
    found = parse_date_rules(case["text"], lang=case.get("lang"))
    return found.value if found else None


def _newsclean(case: dict):
    tz = _tz(case["default_tz"]) if "default_tz" in case else None
    return parse_date(case["text"], lang=case.get("lang"), day_first=case.get("day_first"), default_tz=tz).value


def _dateutil(case: dict):
    from dateutil import parser

    try:
        return parser.parse(case["text"], fuzzy=True, dayfirst=bool(case.get("day_first")))
    except (ValueError, OverflowError):
        return None


def _dateparser(case: dict):
    import dateparser

    lang = case.get("lang")
    settings = {"PREFER_DATES_FROM": "past"}
    if case.get("day_first"):
        settings["DATE_ORDER"] = "DMY"
    return dateparser.parse(case["text"], languages=[lang.split("-")[0]] if lang else None, settings=settings)


def _grade(expected: str | None, got) -> str:
    if got is None:
        return "none" if expected else "exact"
    if expected is None:
        return "wrong"
    want = dt.datetime.fromisoformat(expected) if "T" in expected else dt.date.fromisoformat(expected)
    if isinstance(want, dt.datetime) == isinstance(got, dt.datetime) and got == want:
        if not isinstance(want, dt.datetime) or (want.utcoffset() == got.utcoffset()):
            return "exact"
    got_day = got.date() if isinstance(got, dt.datetime) else got
    want_day = want.date() if isinstance(want, dt.datetime) else want
    return "date ok" if got_day == want_day else "wrong"


def _speed(fn: Parser, cases: list[dict], budget: float = 1.0) -> float:
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < budget:
        for case in cases:
            fn(case)
        n += len(cases)
    return n / (time.perf_counter() - start)


def main() -> None:
    warnings.simplefilter("ignore")  # dateutil warns on every zone abbreviation it cannot read
    cases = json.loads((ROOT / "tests" / "cases" / "dates.json").read_text(encoding="utf-8"))
    graded = [c for c in cases if "value" in c and "reference" not in c]
    negatives = [c for c in cases if not c["find"] and "value" not in c]
    parsers: dict[str, Parser] = {
        "newsclean rule path": _rules,
        "newsclean parse_date": _newsclean,
        "python-dateutil (fuzzy)": _dateutil,
        "dateparser": _dateparser,
    }
    for fn in parsers.values():  # warm imports and caches
        fn(graded[0])
    print(f"Table: {len(graded)} strings with an expected value, {len(negatives)} prose/near-miss lines\n")
    print("| parser | exact | date ok | wrong | none | value on prose lines | strings/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, fn in parsers.items():
        counts = {"exact": 0, "date ok": 0, "wrong": 0, "none": 0}
        for case in graded:
            counts[_grade(case["value"], fn(case))] += 1
        false_hits = sum(1 for case in negatives if fn(case) is not None)
        speed = _speed(fn, graded, 1.0 if "newsclean" in name else 2.0)
        print(f"| {name} | {counts['exact']} | {counts['date ok']} | {counts['wrong']} | {counts['none']} "
              f"| {false_hits}/{len(negatives)} | {speed:,.0f} |")
    strict = _speed(lambda c: find_date(c["text"]), cases)
    print(f"\nfind_date (strict, all {len(cases)} rows incl. negatives): {strict:,.0f} lines/s on one core")


if __name__ == "__main__":
    main()
